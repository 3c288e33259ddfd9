/* load_balancer.c - the load_balancer service type: hours of a kind of
 * balancer and its capacity units (docs/spec.md "load_balancer";
 * formats.md section 5). */
#include <math.h>
#include <stdio.h>

#include "cnum.h"
#include "service_type.h"

enum { KIND, COUNT, LCU, NKEYS };

/* Application, Network, Gateway and Classic Load Balancers. */
static const char *const kinds[] = {"alb", "nlb", "gwlb", "clb", NULL};

static const struct svc_key keys[NKEYS] = {
	[KIND] = {"kind", SVC_CHOICE, SVC_NAMES_PRICE, .choices = kinds},
	[COUNT] = {"count", SVC_NUM, SVC_INT, 1, 0, 1e6},
	[LCU] = {"lcu", SVC_NUM, 0, 1, 0, HUGE_VAL},
};

static const struct svc_catalog elb = {"elb", "lb", "lb"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double H = infracost__pricer_hours(p), count = se->v[COUNT].num;
	char sku[64];
	int rc;

	/* KIND:lcu: LCU, NLCU or GLCU hours, the kind's capacity units */
	infracost__snprintf(sku, sizeof(sku), "%s:lcu", se->v[KIND].str);
	if ((rc = infracost__pricer_line(p, "hours", &elb, se->v[KIND].str, "on_demand", "hour",
					 infracost__qty_constant(count * H), 1)))
		return rc;
	return infracost__pricer_line(p, "lcu", &elb, sku, "on_demand", "lcu_hour",
				      infracost__qty_constant(count * se->v[LCU].num * H), 0);
}

const struct svc_type infracost__svc_load_balancer = {
	.name = "load_balancer",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
