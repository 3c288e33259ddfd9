/* container.c - the container service type: replicas of a vCPU and memory
 * size, billed per vCPU-hour and GB-hour, and ephemeral storage above the
 * 20 GB included (docs/spec.md "container"). On aws (Fargate) the size must
 * be one Fargate runs. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnum.h"
#include "service_type.h"

enum { VCPU, MEMORY_GB, ARCH, EPHEMERAL_GB, REPLICAS, NKEYS };

static const char *const archs[] = {"x86_64", "arm64", NULL};

/* Fargate includes 20 GB of ephemeral storage a task and allows up to 200. */
#define EPHEMERAL_INCLUDED 20.0

static const struct svc_key keys[NKEYS] = {
	[VCPU] = {"vcpu", SVC_NUM, SVC_REQ | SVC_LO_OPEN, 0, 0, 1e6},
	[MEMORY_GB] = {"memory_gb", SVC_NUM, SVC_REQ | SVC_LO_OPEN, 0, 0, 1e7},
	[ARCH] = {"arch", SVC_CHOICE, SVC_NAMES_PRICE, .choices = archs},
	[EPHEMERAL_GB] = {"ephemeral_storage_gb", SVC_NUM, 0, EPHEMERAL_INCLUDED,
			  EPHEMERAL_INCLUDED, 200},
	[REPLICAS] = {"replicas", SVC_REPLICAS, 0},
};

static const struct svc_catalog fargate = {"fargate", "cloudrun", "aci"};

/* The task sizes Fargate runs: for each vCPU, the memory from lo to hi GB
 * in steps of `step` (0.25 vCPU: 0.5, 1, 2). */
static const struct fargate_size {
	double vcpu, lo, hi, step;
} sizes[] = {
	{0.25, 0.5, 2, 0}, {0.5, 1, 4, 1}, {1, 2, 8, 1},     {2, 4, 16, 1},
	{4, 8, 30, 1},     {8, 16, 60, 4}, {16, 32, 120, 8},
};

static int memory_allowed(const struct fargate_size *z, double gb)
{
	if (z->step == 0)
		return gb == 0.5 || gb == 1 || gb == 2;
	if (gb < z->lo || gb > z->hi)
		return 0;
	return fabs(remainder(gb - z->lo, z->step)) < 1e-9;
}

static int load(struct svc_reader *r, struct svc_env *e)
{
	double vcpu = e->v[VCPU].num, gb = e->v[MEMORY_GB].num;
	const struct fargate_size *z = NULL;

	if (!e->provider || strcmp(e->provider, "aws") != 0)
		return 0;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (sizes[i].vcpu == vcpu)
			z = &sizes[i];
	if (!z) {
		if (vcpu >= 128)
			return infracost__svc_invalid(
				r, "vcpu",
				"Fargate runs 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU, got %g: ECS task "
				"definitions count CPU units (1024 units = 1 vCPU), so %g units "
				"are "
				"%g vCPU",
				vcpu, vcpu, vcpu / 1024);
		return infracost__svc_invalid(
			r, "vcpu", "Fargate runs 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU, got %g", vcpu);
	}
	if (memory_allowed(z, gb))
		return 0;
	if (z->step == 0)
		return infracost__svc_invalid(
			r, "memory_gb",
			"Fargate with %g vCPU takes 0.5, 1 or 2 GB of memory, "
			"got %g",
			vcpu, gb);
	return infracost__svc_invalid(
		r, "memory_gb",
		"Fargate with %g vCPU takes %g to %g GB of memory in steps of "
		"%g, got %g",
		vcpu, z->lo, z->hi, z->step, gb);
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double H = infracost__pricer_hours(p), vcpu = se->v[VCPU].num, mem = se->v[MEMORY_GB].num,
	       eph = se->v[EPHEMERAL_GB].num - EPHEMERAL_INCLUDED;
	char vsku[64], msku[64], esku[64];
	struct svc_replicas r;
	int rc;

	infracost__snprintf(vsku, sizeof(vsku), "vcpu:%s", se->v[ARCH].str);
	infracost__snprintf(msku, sizeof(msku), "memory:%s", se->v[ARCH].str);
	infracost__snprintf(esku, sizeof(esku), "ephemeral_storage:%s", se->v[ARCH].str);
	if ((rc = infracost__pricer_replicas(p, &r)) ||
	    (rc = infracost__pricer_spot_split(p, "vcpu", &fargate, vsku, "hour",
					       infracost__qty_scale(r.uncovered, H * vcpu),
					       vcpu)) ||
	    (rc = infracost__pricer_spot_split(p, "memory", &fargate, msku, "hour",
					       infracost__qty_scale(r.uncovered, H * mem), mem)))
		return rc;
	/* The GB above the included 20, every replica-hour (spot or not). */
	if (eph > 0 &&
	    ((rc = infracost__pricer_line(p, "ephemeral_storage", &fargate, esku, "on_demand",
					  "gb_hour", infracost__qty_scale(r.avg, H * eph), 1)) ||
	     (rc = infracost__pricer_sim_extra(p, &fargate, esku, "on_demand", "gb_hour",
					       H * eph))))
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
	.load = load,
	.price = price,
	.type_key = -1,
};
