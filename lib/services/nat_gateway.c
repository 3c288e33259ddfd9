/* nat_gateway.c - the nat_gateway service type: gateway hours and the data
 * processed (docs/spec.md "nat_gateway"). */
#include <math.h>

#include "service_type.h"

enum { COUNT, DATA_GB, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[COUNT] = {"count", SVC_NUM, SVC_INT, 1, 0, 1e6},
	[DATA_GB] = {"data_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
};

static const struct svc_catalog nat = {"nat", "nat", "nat"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double H = infracost__pricer_hours(p);
	int rc;

	if ((rc = infracost__pricer_line(p, "hours", &nat, "gateway", "on_demand", "hour",
					 infracost__qty_constant(se->v[COUNT].num * H), 1)))
		return rc;
	infracost__pricer_named_by(p, "data_gb", NULL,
				   NULL); /* (where a missing price is reported) */
	return infracost__pricer_line(p, "data", &nat, "data", "on_demand", "gb",
				      infracost__qty_constant(se->v[DATA_GB].num), 0);
}

const struct svc_type infracost__svc_nat_gateway = {
	.name = "nat_gateway",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
