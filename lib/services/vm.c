/* vm.c - the vm service type: instances (replicas) of an instance type,
 * with an optional disk each (docs/spec.md "vm"). */
#include <math.h>
#include <string.h>

#include "service_type.h"

enum { INSTANCE_TYPE, NEEDS, REPLICAS, OS, DISK_GB, DISK_TYPE, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[INSTANCE_TYPE] = {"instance_type", SVC_STR, SVC_REQ_UNLESS_NEEDS | SVC_NAMES_PRICE},
	[NEEDS] = {"needs", SVC_NEEDS, 0},
	[REPLICAS] = {"replicas", SVC_REPLICAS, 0},
	[OS] = {"os", SVC_STR, 0, .dflt_str = "linux"},
	[DISK_GB] = {"disk_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[DISK_TYPE] = {"disk_type", SVC_STR, 0, .dflt_str = "gp3"},
};

static const struct svc_catalog compute = {"ec2", "compute", "vm"};
static const struct svc_catalog disk = {"ebs", "disk", "disk"};

static int load(struct svc_reader *r, struct svc_env *e)
{
	if (strcmp(e->v[OS].str, "linux") != 0 && infracost__svc_has(r, "os"))
		return infracost__svc_invalid(r, "os", "only linux is priced in v1, got '%s'",
					      e->v[OS].str);
	return 0;
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	const char *itype = infracost__pricer_itype(p);
	double H = infracost__pricer_hours(p), gb = se->v[DISK_GB].num;
	const infracost_price *od;
	size_t n;
	struct svc_replicas r;
	int rc;

	if ((rc = infracost__pricer_replicas(p, &r)) ||
	    (rc = infracost__pricer_reserved(p, "compute", &compute, itype)) ||
	    (rc = infracost__pricer_spot_split(p, "compute", &compute, itype, "hour",
					       infracost__qty_scale(r.uncovered, H), 1)))
		return rc;
	infracost__pricer_named_by(p, "disk_type", NULL, NULL); /* (the disk's look-ups) */
	if (gb > 0 &&
	    (rc = infracost__pricer_line(p, "disk", &disk, se->v[DISK_TYPE].str, "on_demand",
					 "gb_month", infracost__qty_scale(r.avg, gb), 1)))
		return rc;
	infracost__pricer_spot_advice(p, &compute, itype);
	if (gb > 0 && (rc = infracost__pricer_sim_extra(p, &disk, se->v[DISK_TYPE].str, "on_demand",
							"gb_month", gb)))
		return rc;
	infracost__pricer_named_by(p, NULL, NULL, NULL);
	infracost__pricer_set_replicas(p, r.avg);
	/* Size of one instance, from the catalog's on-demand row. */
	if (infracost__pricer_lookup(p, &compute, itype, "on_demand", "hour", &od, &n) == 0 &&
	    od[0].vcpu >= 0 && od[0].memory_gb >= 0) {
		infracost__pricer_capacity(p, od[0].vcpu, od[0].memory_gb, r.avg);
		return 0;
	}
	return infracost__pricer_warn(p,
				      "capacity unknown: the catalog gives no vcpu/memory_gb for "
				      "instance type '%s'; it is left out of the capacity figures",
				      itype);
}

static void one_unit(struct svc_env *e)
{
	e->v[DISK_GB].num = 0;
}

const struct svc_type infracost__svc_vm = {
	.name = "vm",
	.keys = keys,
	.nkeys = NKEYS,
	.caps = SVC_CAP_REPLICAS | SVC_CAP_RESERVED | SVC_CAP_SPOT | SVC_CAP_NEEDS |
		SVC_CAP_SIMULATE,
	.load = load,
	.price = price,
	.type_key = INSTANCE_TYPE,
	.type_catalog = &compute,
	.one_unit = one_unit,
};
