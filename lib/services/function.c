/* function.c - the function service type: requests and GB-seconds of
 * compute (docs/spec.md "function"). */
#include <math.h>
#include <stdio.h>

#include "cnum.h"
#include "service_type.h"

enum { REQUESTS, DURATION_MS, MEMORY_MB, ARCH, NKEYS };

static const char *const archs[] = {"x86_64", "arm64", NULL};

static const struct svc_key keys[NKEYS] = {
	[REQUESTS] = {"requests", SVC_NUM, SVC_REQ, 0, 0, HUGE_VAL},
	[DURATION_MS] = {"duration_ms", SVC_NUM, SVC_REQ, 0, 0, HUGE_VAL},
	[MEMORY_MB] = {"memory_mb", SVC_NUM, SVC_REQ | SVC_LO_OPEN, 0, 0, 1e7},
	[ARCH] = {"arch", SVC_CHOICE, 0, .choices = archs},
};

static const struct svc_catalog lambda = {"lambda", "functions", "functions"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double requests = se->v[REQUESTS].num;
	char sku[256];
	int rc;

	infracost__pricer_named_by(p, "arch", NULL, NULL); /* (where a missing price is reported) */
	infracost__snprintf(sku, sizeof(sku), "requests:%s", se->v[ARCH].str);
	if ((rc = infracost__pricer_line(p, "requests", &lambda, sku, "on_demand", "request",
					 infracost__qty_constant(requests), 1)))
		return rc;
	infracost__snprintf(sku, sizeof(sku), "duration:%s", se->v[ARCH].str);
	return infracost__pricer_line(p, "compute", &lambda, sku, "on_demand", "gb_second",
				      infracost__qty_constant(requests * se->v[DURATION_MS].num /
							      1000.0 * se->v[MEMORY_MB].num /
							      1024.0),
				      1);
}

const struct svc_type infracost__svc_function = {
	.name = "function",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
