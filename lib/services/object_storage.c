/* object_storage.c - the object_storage service type: GB-months of a
 * storage class (docs/spec.md "object_storage"). */
#include <math.h>

#include "service_type.h"

enum { CLASS, STORAGE_GB, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[CLASS] = {"class", SVC_STR, SVC_NAMES_PRICE, .dflt_str = "standard"},
	[STORAGE_GB] = {"storage_gb", SVC_NUM, SVC_REQ, 0, 0, HUGE_VAL},
};

static const struct svc_catalog s3 = {"s3", "gcs", "blob"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	return infracost__pricer_line(p, "storage", &s3, se->v[CLASS].str, "on_demand", "gb_month",
				      infracost__qty_constant(se->v[STORAGE_GB].num), 1);
}

const struct svc_type infracost__svc_object_storage = {
	.name = "object_storage",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
