/* options.h - versioned options structs (docs/api.md, "Options versions").
 *
 * A caller built against an older header passes an older, smaller struct:
 * only the fields its `version` has may be read. Each function that takes
 * options lists, per version, where that version's struct ends. */
#ifndef INFRACOST_OPTIONS_H
#define INFRACOST_OPTIONS_H

#include <stddef.h>

/* Where a version of an options struct ends: just past its last field. */
#define INFRACOST__OPTIONS_END(type, last_field)                                                   \
	(offsetof(type, last_field) + sizeof(((type *)0)->last_field))

/* Copy the caller's options `src` into `dst`, which holds the current
 * defaults: its `version` (the struct's first field, an unsigned int)
 * first, then the first ends[version] bytes; fields added after that
 * version keep their defaults. NULL `src` keeps every default. Version 0,
 * or one above `current` (ends has current + 1 entries, ends[0] unused),
 * is INFRACOST_EINVALID naming `fn` and the `init` macro. */
int infracost__options_copy(void *dst, const void *src, const size_t *ends, unsigned current,
			    const char *fn, const char *init);

#endif
