/* data_transfer.c - the data_transfer service type: GB out to the
 * internet, to other regions and across availability zones (docs/spec.md
 * "data_transfer"; formats.md section 5). */
#include <math.h>

#include "service_type.h"

enum { OUT_GB, INTER_REGION_GB, INTER_AZ_GB, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[OUT_GB] = {"out_gb", SVC_NUM, SVC_REQ, 0, 0, HUGE_VAL},
	[INTER_REGION_GB] = {"inter_region_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[INTER_AZ_GB] = {"inter_az_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
};

static const struct svc_catalog transfer = {"transfer", "transfer", "transfer"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	int rc;
	infracost__pricer_named_by(p, "out_gb", NULL,
				   NULL); /* (where a missing price is reported) */
	if ((rc = infracost__pricer_line(p, "out", &transfer, "out", "on_demand", "gb",
					 infracost__qty_constant(se->v[OUT_GB].num), 1)))
		return rc;
	infracost__pricer_named_by(p, "inter_region_gb", NULL, NULL);
	if ((rc = infracost__pricer_line(p, "inter_region", &transfer, "inter_region", "on_demand",
					 "gb", infracost__qty_constant(se->v[INTER_REGION_GB].num),
					 0)))
		return rc;
	infracost__pricer_named_by(p, "inter_az_gb", NULL, NULL);
	return infracost__pricer_line(p, "inter_az", &transfer, "inter_az", "on_demand", "gb",
				      infracost__qty_constant(se->v[INTER_AZ_GB].num), 0);
}

const struct svc_type infracost__svc_data_transfer = {
	.name = "data_transfer",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
