/* database.c - the database service type: instances of an engine and
 * instance class, their storage and backup (docs/spec.md "database"). */
#include <math.h>
#include <stdio.h>

#include "cnum.h"
#include "service_type.h"

/* In the order they are validated. */
enum { ENGINE, INSTANCE_TYPE, NEEDS, COUNT, STORAGE_GB, STORAGE_TYPE, BACKUP_GB, MULTI_AZ, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[ENGINE] = {"engine", SVC_STR, SVC_REQ},
	[INSTANCE_TYPE] = {"instance_type", SVC_STR, SVC_REQ_UNLESS_NEEDS | SVC_NAMES_PRICE},
	[NEEDS] = {"needs", SVC_NEEDS, 0},
	[COUNT] = {"count", SVC_NUM, SVC_INT, 1, 0, 1e6},
	[STORAGE_GB] = {"storage_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[STORAGE_TYPE] = {"storage_type", SVC_STR, 0, .dflt_str = "gp3"},
	[BACKUP_GB] = {"backup_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[MULTI_AZ] = {"multi_az", SVC_BOOL, 0},
};

static const struct svc_catalog rds = {"rds", "cloudsql", "postgresql"};

static const char *az_of(const struct svc_env *e)
{
	return e->v[MULTI_AZ].num ? "multi_az" : "single_az";
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	const char *engine = se->v[ENGINE].str, *az = az_of(se);
	double count = se->v[COUNT].num;
	char sku[256], ssku[256], family[128];
	int rc;

	infracost__snprintf(sku, sizeof(sku), "%s:%s:%s", engine, infracost__pricer_itype(p), az);
	infracost__snprintf(ssku, sizeof(ssku), "%s:storage:%s:%s", engine, se->v[STORAGE_TYPE].str,
			    az);
	/* (which key chose each look-up: infracost__pricer_named_by) */
	infracost__snprintf(family, sizeof(family), "%s:", engine);
	infracost__pricer_named_by(p, NULL, "engine", family);
	if ((rc = infracost__pricer_instances(p, "instance", &rds, sku, count)))
		return rc;
	infracost__pricer_named_by(p, "storage_type", "engine", family);
	if ((rc = infracost__pricer_line(p, "storage", &rds, ssku, "on_demand", "gb_month",
					 infracost__qty_constant(count * se->v[STORAGE_GB].num),
					 0)))
		return rc;
	infracost__pricer_named_by(p, "backup_gb", NULL, NULL);
	if ((rc = infracost__pricer_line(p, "backup", &rds, "backup", "on_demand", "gb_month",
					 infracost__qty_constant(se->v[BACKUP_GB].num), 0)))
		return rc;
	return 0;
}

/* Right-sizing searches ENGINE:TYPE:AZ skus. */
static void type_pattern(const struct svc_env *e, char *prefix, size_t plen, char *suffix,
			 size_t slen)
{
	infracost__snprintf(prefix, plen, "%s:", e->v[ENGINE].str);
	infracost__snprintf(suffix, slen, ":%s", az_of(e));
}

static double units(const struct svc_env *e)
{
	return e->v[COUNT].num;
}

static void one_unit(struct svc_env *e)
{
	e->v[COUNT].num = 1;
	e->v[STORAGE_GB].num = 0;
	e->v[BACKUP_GB].num = 0;
}

const struct svc_type infracost__svc_database = {
	.name = "database",
	.keys = keys,
	.nkeys = NKEYS,
	.caps = SVC_CAP_RESERVED | SVC_CAP_NEEDS,
	.price = price,
	.type_key = INSTANCE_TYPE,
	.type_catalog = &rds,
	.type_pattern = type_pattern,
	.units = units,
	.one_unit = one_unit,
};
