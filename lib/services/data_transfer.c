/* data_transfer.c - the data_transfer service type: GB out to the
 * internet (docs/spec.md "data_transfer"). */
#include <math.h>

#include "service_type.h"

enum { OUT_GB, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[OUT_GB] = {"out_gb", SVC_NUM, SVC_REQ, 0, 0, HUGE_VAL},
};

static const struct svc_catalog transfer = {"transfer", "transfer", "transfer"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	infracost__pricer_named_by(p, "out_gb", NULL,
				   NULL); /* (where a missing price is reported) */
	return infracost__pricer_line(p, "out", &transfer, "out", "on_demand", "gb",
				      infracost__qty_constant(se->v[OUT_GB].num), 1);
}

const struct svc_type infracost__svc_data_transfer = {
	.name = "data_transfer",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
