/* vm.c - the vm service type: instances (replicas) of an instance type,
 * with an optional disk each, its IOPS and throughput billed as an EBS
 * volume's (docs/spec.md "vm"; ebs.h). */
#include <math.h>
#include <string.h>

#include "ebs.h"
#include "service_type.h"

enum { INSTANCE_TYPE, NEEDS, REPLICAS, OS, DISK_GB, DISK_TYPE, DISK_IOPS, DISK_THROUGHPUT, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[INSTANCE_TYPE] = {"instance_type", SVC_STR, SVC_REQ_UNLESS_NEEDS | SVC_NAMES_PRICE},
	[NEEDS] = {"needs", SVC_NEEDS, 0},
	[REPLICAS] = {"replicas", SVC_REPLICAS, 0},
	[OS] = {"os", SVC_STR, 0, .dflt_str = "linux"},
	[DISK_GB] = {"disk_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[DISK_TYPE] = {"disk_type", SVC_CHOICE, 0, .choices = infracost__ebs_volume_types},
	[DISK_IOPS] = {"disk_iops", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[DISK_THROUGHPUT] = {"disk_throughput_mbps", SVC_NUM, 0, 0, 0, HUGE_VAL},
};

static const struct svc_catalog compute = {"ec2", "compute", "vm"};
static const struct svc_catalog disk = {"ebs", "disk", "disk"};

static int load(struct svc_reader *r, struct svc_env *e)
{
	if (strcmp(e->v[OS].str, "linux") != 0 && infracost__svc_has(r, "os"))
		return infracost__svc_invalid(r, "os", "only linux is priced in v1, got '%s'",
					      e->v[OS].str);
	if (e->v[DISK_IOPS].num > 0 && !infracost__ebs_takes_iops(e->v[DISK_TYPE].str))
		return infracost__svc_invalid(
			r, "disk_iops",
			"a %s disk takes no provisioned IOPS (gp3, io1 and io2 "
			"do)",
			e->v[DISK_TYPE].str);
	if (e->v[DISK_THROUGHPUT].num > 0 && !infracost__ebs_takes_throughput(e->v[DISK_TYPE].str))
		return infracost__svc_invalid(
			r, "disk_throughput_mbps",
			"a %s disk takes no provisioned throughput (gp3 does)",
			e->v[DISK_TYPE].str);
	return 0;
}

/* The disk's lines: GB, billable IOPS and MB/s of each replica's volume,
 * a missing price reported at disk_type. */
static int disk_lines(struct svc_pricer *p, const struct svc_env *se, struct svc_qty avg)
{
	const char *vol = se->v[DISK_TYPE].str;
	double gb = se->v[DISK_GB].num,
	       iops = infracost__ebs_billable_iops(vol, se->v[DISK_IOPS].num),
	       mbps = infracost__ebs_billable_throughput(vol, se->v[DISK_THROUGHPUT].num);
	int rc = 0;

	infracost__pricer_named_by(p, "disk_type", NULL, NULL);
	if ((gb > 0 && (rc = infracost__pricer_line(p, "disk", &disk, vol, "on_demand", "gb_month",
						    infracost__qty_scale(avg, gb), 1))) ||
	    (iops > 0 && (rc = infracost__pricer_line(
				  p, "disk_iops", &disk, infracost__ebs_iops_sku(vol), "on_demand",
				  "iops_month", infracost__qty_scale(avg, iops), 1))) ||
	    (mbps > 0 && (rc = infracost__pricer_line(
				  p, "disk_throughput", &disk, INFRACOST_EBS_THROUGHPUT_SKU,
				  "on_demand", "mbps_month", infracost__qty_scale(avg, mbps), 1))))
		return rc;
	infracost__pricer_spot_advice(p, &compute, infracost__pricer_itype(p));
	if ((gb > 0 &&
	     (rc = infracost__pricer_sim_extra(p, &disk, vol, "on_demand", "gb_month", gb))) ||
	    (iops > 0 && (rc = infracost__pricer_sim_extra(p, &disk, infracost__ebs_iops_sku(vol),
							   "on_demand", "iops_month", iops))) ||
	    (mbps > 0 && (rc = infracost__pricer_sim_extra(p, &disk, INFRACOST_EBS_THROUGHPUT_SKU,
							   "on_demand", "mbps_month", mbps))))
		return rc;
	infracost__pricer_named_by(p, NULL, NULL, NULL);
	return 0;
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	const char *itype = infracost__pricer_itype(p);
	double H = infracost__pricer_hours(p);
	const infracost_price *od;
	size_t n;
	struct svc_replicas r;
	int rc;

	if ((rc = infracost__pricer_replicas(p, &r)) ||
	    (rc = infracost__pricer_reserved(p, "compute", &compute, itype)) ||
	    (rc = infracost__pricer_spot_split(p, "compute", &compute, itype, "hour",
					       infracost__qty_scale(r.uncovered, H), 1)))
		return rc;
	if ((rc = disk_lines(p, se, r.avg)))
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
	e->v[DISK_IOPS].num = 0;
	e->v[DISK_THROUGHPUT].num = 0;
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
