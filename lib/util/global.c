/* global.c - process-wide set-up (reference counted) and the version. */
#include <gsl/gsl_errno.h>
#include <stdatomic.h>

#include "infracost/common.h"
#include "infracost/version.h"

static atomic_int init_count;

/* The first init sets up what is process-wide (GSL's error handler);
 * libcurl is loaded and set up by the first request (http.c). Callers are
 * expected to pair init and cleanup. */
int infracost_global_init(void)
{
	/* GSL's default handler aborts the process: the library reports
	 * numeric failures as INFRACOST_ENUMERIC instead. */
	if (atomic_fetch_add(&init_count, 1) == 0)
		gsl_set_error_handler_off();
	return 0;
}

void infracost_global_cleanup(void)
{
	int n = atomic_load(&init_count);
	while (n > 0 && !atomic_compare_exchange_weak(&init_count, &n, n - 1))
		;
}

const char *infracost_version(void)
{
	return INFRACOST_VERSION;
}

int infracost_version_num(void)
{
	return INFRACOST_VERSION_NUM;
}
