/* public_ip.c - the public_ip service type: public IPv4 addresses held all
 * the environment's hours (docs/spec.md "public_ip"; formats.md section 5).
 * The example a new type copies: its keys, its catalog service, its lines. */
#include "service_type.h"

enum { COUNT, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[COUNT] = {"count", SVC_NUM, SVC_INT, 1, 0, 1e6},
};

/* aws: VPC public IPv4 addresses; gcp and azure: no sourced prices yet. */
static const struct svc_catalog vpc = {"vpc", NULL, NULL};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double H = infracost__pricer_hours(p);
	return infracost__pricer_line(p, "addresses", &vpc, "public_ipv4", "on_demand", "hour",
				      infracost__qty_constant(se->v[COUNT].num * H), 1);
}

const struct svc_type infracost__svc_public_ip = {
	.name = "public_ip",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
