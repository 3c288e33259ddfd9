/* global.c - process-wide set-up (reference counted) and the version. */
#include <gsl/gsl_errno.h>
#include <stdatomic.h>

#include "infracost/common.h"
#include "infracost/version.h"
#include "http.h"

static atomic_int init_count;

/* The first init sets up what is process-wide (libcurl); the last cleanup
 * tears it down. Callers are expected to pair them, as with curl's own. */
int infracost_global_init(void)
{
	if (atomic_fetch_add(&init_count, 1) == 0) {
		int rc;
		/* GSL's default handler aborts the process: the library reports
		 * numeric failures as INFRACOST_ENUMERIC instead. */
		gsl_set_error_handler_off();
		rc = infracost__http_global_init();
		if (rc) {
			atomic_fetch_sub(&init_count, 1);
			return rc;
		}
	}
	return 0;
}

void infracost_global_cleanup(void)
{
	int n = atomic_load(&init_count);
	while (n > 0 && !atomic_compare_exchange_weak(&init_count, &n, n - 1))
		;
	if (n == 1)
		infracost__http_global_cleanup();
}

const char *infracost_version(void)
{
	return INFRACOST_VERSION;
}

int infracost_version_num(void)
{
	return INFRACOST_VERSION_NUM;
}
