/* container.c - the container service type: replicas of a vCPU and memory
 * size, billed per vCPU-hour and GB-hour (docs/spec.md "container"). */
#include <math.h>
#include <stdio.h>

#include "cnum.h"
#include "service_type.h"

enum { VCPU, MEMORY_GB, ARCH, REPLICAS, NKEYS };

static const char *const archs[] = {"x86_64", "arm64", NULL};

static const struct svc_key keys[NKEYS] = {
	[VCPU] = {"vcpu", SVC_NUM, SVC_REQ | SVC_LO_OPEN, 0, 0, 1e6},
	[MEMORY_GB] = {"memory_gb", SVC_NUM, SVC_REQ | SVC_LO_OPEN, 0, 0, 1e7},
	[ARCH] = {"arch", SVC_CHOICE, SVC_NAMES_PRICE, .choices = archs},
	[REPLICAS] = {"replicas", SVC_REPLICAS, 0},
};

static const struct svc_catalog fargate = {"fargate", "cloudrun", "aci"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double H = infracost__pricer_hours(p), vcpu = se->v[VCPU].num, mem = se->v[MEMORY_GB].num;
	char vsku[64], msku[64];
	struct svc_replicas r;
	int rc;

	infracost__snprintf(vsku, sizeof(vsku), "vcpu:%s", se->v[ARCH].str);
	infracost__snprintf(msku, sizeof(msku), "memory:%s", se->v[ARCH].str);
	if ((rc = infracost__pricer_replicas(p, &r)) ||
	    (rc = infracost__pricer_spot_split(p, "vcpu", &fargate, vsku, "hour",
					       infracost__qty_scale(r.uncovered, H * vcpu),
					       vcpu)) ||
	    (rc = infracost__pricer_spot_split(p, "memory", &fargate, msku, "hour",
					       infracost__qty_scale(r.uncovered, H * mem), mem)))
		return rc;
	infracost__pricer_set_replicas(p, r.avg);
	infracost__pricer_capacity(p, vcpu, mem, r.avg);
	return 0;
}

const struct svc_type infracost__svc_container = {
	.name = "container",
	.keys = keys,
	.nkeys = NKEYS,
	.caps = SVC_CAP_REPLICAS | SVC_CAP_SPOT | SVC_CAP_SIMULATE,
	.price = price,
	.type_key = -1,
};
