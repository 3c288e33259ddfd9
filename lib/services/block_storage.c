/* block_storage.c - the block_storage service type: EBS volumes not attached
 * to a vm of the spec, with their provisioned IOPS and throughput, and
 * snapshots (docs/spec.md "block_storage"; formats.md section 5). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnum.h"
#include "service_type.h"

enum { VOLUME_TYPE, SIZE_GB, COUNT, IOPS, THROUGHPUT_MBPS, SNAPSHOT_GB, NKEYS };

static const char *const volume_types[] = {"gp3", "gp2", "io1",      "io2",
					   "st1", "sc1", "standard", NULL};

static const struct svc_key keys[NKEYS] = {
	[VOLUME_TYPE] = {"volume_type", SVC_CHOICE, SVC_NAMES_PRICE, .choices = volume_types},
	[SIZE_GB] = {"size_gb", SVC_NUM, SVC_REQ | SVC_LO_OPEN, 0, 0, HUGE_VAL},
	[COUNT] = {"count", SVC_NUM, SVC_INT, 1, 0, 1e6},
	[IOPS] = {"iops", SVC_NUM, SVC_INT, 0, 0, HUGE_VAL},
	[THROUGHPUT_MBPS] = {"throughput_mbps", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[SNAPSHOT_GB] = {"snapshot_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
};

/* aws: EBS; gcp and azure: no sourced prices for these volume types. */
static const struct svc_catalog ebs = {"ebs", NULL, NULL};

/* IOPS and throughput included with a gp3 volume (not billed). */
#define GP3_FREE_IOPS 3000.0
#define GP3_FREE_MBPS 125.0

static int is(const struct svc_env *e, const char *type)
{
	return strcmp(e->v[VOLUME_TYPE].str, type) == 0;
}

/* Provisioned IOPS: gp3, io1 and io2; provisioned throughput: gp3. */
static int load(struct svc_reader *r, struct svc_env *e)
{
	const char *vt = e->v[VOLUME_TYPE].str;
	if (e->v[IOPS].num > 0 && !is(e, "gp3") && !is(e, "io1") && !is(e, "io2"))
		return infracost__svc_invalid(r, "iops",
					      "only gp3, io1 and io2 volumes have provisioned "
					      "IOPS, volume_type is '%s'",
					      vt);
	if (e->v[THROUGHPUT_MBPS].num > 0 && !is(e, "gp3"))
		return infracost__svc_invalid(r, "throughput_mbps",
					      "only gp3 volumes have provisioned throughput, "
					      "volume_type is '%s'",
					      vt);
	return 0;
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	const char *vt = se->v[VOLUME_TYPE].str;
	double count = se->v[COUNT].num, iops = se->v[IOPS].num;
	double mbps = se->v[THROUGHPUT_MBPS].num;
	char isku[64];
	int rc;

	/* billable IOPS of one volume: gp3 above the 3,000 included, io1 and io2
	 * all of them (io2's ladder is per volume); none for the other types */
	iops = is(se, "gp3") ? fmax(0, iops - GP3_FREE_IOPS) : iops;
	mbps = is(se, "gp3") ? fmax(0, mbps - GP3_FREE_MBPS) : 0;
	infracost__snprintf(isku, sizeof(isku), "%s:iops", vt);
	if ((rc = infracost__pricer_line(p, "storage", &ebs, vt, "on_demand", "gb_month",
					 infracost__qty_constant(count * se->v[SIZE_GB].num), 1)) ||
	    (rc = infracost__pricer_line_each(p, "iops", &ebs, isku, "on_demand", "iops_month",
					      count, infracost__qty_constant(iops), 0)) ||
	    (rc = infracost__pricer_line(p, "throughput", &ebs, "gp3:throughput", "on_demand",
					 "mbps_month", infracost__qty_constant(count * mbps), 0)))
		return rc;
	return infracost__pricer_line(p, "snapshots", &ebs, "snapshot", "on_demand", "gb_month",
				      infracost__qty_constant(se->v[SNAPSHOT_GB].num), 0);
}

const struct svc_type infracost__svc_block_storage = {
	.name = "block_storage",
	.keys = keys,
	.nkeys = NKEYS,
	.load = load,
	.price = price,
	.type_key = -1,
};
