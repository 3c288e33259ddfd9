/* options.c - versioned options structs (options.h). */
#include "options.h"

#include <string.h>

#include "error.h"

int infracost__options_copy(void *dst, const void *src, const size_t *ends, unsigned current,
			    const char *fn, const char *init)
{
	unsigned version;
	if (!src)
		return 0;
	memcpy(&version, src, sizeof(version));
	if (version == 0)
		return infracost__error(INFRACOST_EINVALID,
					"%s: options version 0: start the options from %s "
					"(this library reads versions 1 to %u)",
					fn, init, current);
	if (version > current)
		return infracost__error(INFRACOST_EINVALID,
					"%s: options version %u is newer than this library "
					"reads (1 to %u): the caller was built against a newer "
					"infracost",
					fn, version, current);
	memcpy(dst, src, ends[version]);
	return 0;
}
