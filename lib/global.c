/* global.c - process-wide set-up (reference counted) and the version. */
#include <stdatomic.h>

#include "infracost/common.h"
#include "infracost/version.h"

static atomic_int init_count;

int infracost_global_init(void)
{
	/* Nothing process-wide is needed by the estimate path. The network and
	 * numerics modules hook their one-time set-up (curl_global_init,
	 * gsl_set_error_handler_off) here. */
	atomic_fetch_add(&init_count, 1);
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
