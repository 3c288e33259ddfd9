/* database.c - the database service type: instances of an engine and
 * instance class, their storage, provisioned IOPS, Aurora I/O and the
 * backup beyond the free allowance (docs/spec.md "database"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnum.h"
#include "service_type.h"

/* In the order they are validated. */
enum {
	ENGINE,
	ENGINE_VERSION,
	INSTANCE_TYPE,
	NEEDS,
	COUNT,
	STORAGE_GB,
	STORAGE_TYPE,
	IOPS,
	IO_REQUESTS,
	BACKUP_GB,
	MULTI_AZ,
	NKEYS
};

static const char *const engines[] = {"postgresql",        "mysql",        "mariadb",
				      "aurora-postgresql", "aurora-mysql", NULL};
static const char *const storage_types[] = {"gp3", "gp2", "io1", "io2", NULL};

static const struct svc_key keys[NKEYS] = {
	[ENGINE] = {"engine", SVC_STR, SVC_REQ},
	[ENGINE_VERSION] = {"engine_version", SVC_STR, 0},
	[INSTANCE_TYPE] = {"instance_type", SVC_STR, SVC_REQ_UNLESS_NEEDS | SVC_NAMES_PRICE},
	[NEEDS] = {"needs", SVC_NEEDS, 0},
	[COUNT] = {"count", SVC_NUM, SVC_INT, 1, 0, 1e6},
	[STORAGE_GB] = {"storage_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[STORAGE_TYPE] = {"storage_type", SVC_CHOICE, 0, .choices = storage_types},
	[IOPS] = {"iops", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[IO_REQUESTS] = {"io_requests", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[BACKUP_GB] = {"backup_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[MULTI_AZ] = {"multi_az", SVC_BOOL, 0},
};

static const struct svc_catalog rds = {"rds", "cloudsql", "postgresql"};

static int is_aurora(const struct svc_env *e)
{
	return strncmp(e->v[ENGINE].str, "aurora-", 7) == 0;
}

static const char *az_of(const struct svc_env *e)
{
	return e->v[MULTI_AZ].num ? "multi_az" : "single_az";
}

/* The engine is a string key (not a choice) so that its error names the
 * engines and a missing price can point at it; checked here. */
static int load(struct svc_reader *r, struct svc_env *e)
{
	size_t i;
	for (i = 0; engines[i]; i++)
		if (strcmp(engines[i], e->v[ENGINE].str) == 0)
			break;
	if (!engines[i])
		return infracost__svc_invalid(r, "engine",
					      "unknown engine '%s': expected postgresql, mysql, "
					      "mariadb, aurora-postgresql or aurora-mysql",
					      e->v[ENGINE].str);
	if (is_aurora(e)) {
		if (e->v[IOPS].num > 0)
			return infracost__svc_invalid(r, "iops",
						      "Aurora storage has no provisioned IOPS; its "
						      "I/O is billed by 'io_requests'");
		if (infracost__svc_has(r, "storage_type"))
			return infracost__svc_invalid(r, "storage_type",
						      "Aurora has no storage type: its storage is "
						      "the cluster volume");
		if (e->v[MULTI_AZ].num)
			return infracost__svc_invalid(r, "multi_az",
						      "Aurora has no Multi-AZ option: count the "
						      "instances (a writer and its replicas) in "
						      "'count'");
	} else if (e->v[IOPS].num > 0 && strcmp(e->v[STORAGE_TYPE].str, "gp2") == 0) {
		return infracost__svc_invalid(
			r, "iops",
			"gp2 storage has no provisioned IOPS (gp3, io1 and io2 "
			"do)");
	} else if (e->v[IO_REQUESTS].num > 0) {
		return infracost__svc_invalid(r, "io_requests",
					      "only Aurora bills I/O requests (engine "
					      "aurora-postgresql or aurora-mysql), not %s",
					      e->v[ENGINE].str);
	}
	return 0;
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	const char *engine = se->v[ENGINE].str, *az = az_of(se), *stype = se->v[STORAGE_TYPE].str,
		   *version = se->v[ENGINE_VERSION].str, *component = "instance";
	/* The provisioned storage: storage_gb per instance, but one cluster
	 * volume that Aurora's instances share. Backup up to it is free. */
	double count = se->v[COUNT].num,
	       storage = (is_aurora(se) ? 1 : count) * se->v[STORAGE_GB].num,
	       backup = se->v[BACKUP_GB].num - storage;
	char sku[256], ssku[256], isku[256], family[128];
	int rc;

	/* engine_version is shown, not priced: in the instance line's name. */
	if (version &&
	    !(component = infracost__pricer_name(p, "instance (%s %s)", engine, version)))
		return INFRACOST_ENOMEM;
	infracost__snprintf(sku, sizeof(sku), "%s:%s:%s", engine, infracost__pricer_itype(p), az);
	/* (which key chose each look-up: infracost__pricer_named_by; an engine
	 * without any ENGINE: sku in the region is reported at "engine") */
	infracost__snprintf(family, sizeof(family), "%s:", engine);
	infracost__pricer_named_by(p, NULL, "engine", family);
	if ((rc = infracost__pricer_instances(p, component, &rds, sku, count)))
		return rc;
	if (is_aurora(se)) {
		/* The cluster volume and its I/O: chosen by the engine. */
		infracost__snprintf(ssku, sizeof(ssku), "%s:storage:aurora:single_az", engine);
		infracost__snprintf(isku, sizeof(isku), "%s:io", engine);
		infracost__pricer_named_by(p, "engine", NULL, NULL);
		if ((rc = infracost__pricer_line(p, "storage", &rds, ssku, "on_demand", "gb_month",
						 infracost__qty_constant(storage), 0)) ||
		    (rc = infracost__pricer_line(p, "io", &rds, isku, "on_demand", "request",
						 infracost__qty_constant(se->v[IO_REQUESTS].num),
						 0)))
			return rc;
	} else {
		infracost__snprintf(ssku, sizeof(ssku), "%s:storage:%s:%s", engine, stype, az);
		infracost__snprintf(isku, sizeof(isku), "%s:iops:%s:%s", engine, stype, az);
		infracost__pricer_named_by(p, "storage_type", "engine", family);
		if ((rc = infracost__pricer_line(p, "storage", &rds, ssku, "on_demand", "gb_month",
						 infracost__qty_constant(storage), 0)) ||
		    (rc = infracost__pricer_line(p, "iops", &rds, isku, "on_demand", "iops_month",
						 infracost__qty_constant(count * se->v[IOPS].num),
						 0)))
			return rc;
	}
	/* (changed in v2) Backup storage up to the provisioned storage is free. */
	infracost__pricer_named_by(p, "backup_gb", NULL, NULL);
	return infracost__pricer_line(p, "backup", &rds, "backup", "on_demand", "gb_month",
				      infracost__qty_constant(backup > 0 ? backup : 0), 0);
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
	e->v[IOPS].num = 0;
	e->v[IO_REQUESTS].num = 0;
	e->v[BACKUP_GB].num = 0;
}

const struct svc_type infracost__svc_database = {
	.name = "database",
	.keys = keys,
	.nkeys = NKEYS,
	.caps = SVC_CAP_RESERVED | SVC_CAP_NEEDS,
	.load = load,
	.price = price,
	.type_key = INSTANCE_TYPE,
	.type_catalog = &rds,
	.type_pattern = type_pattern,
	.units = units,
	.one_unit = one_unit,
};
