/* dns.c - the dns service type: Route 53 hosted zones, queries and health
 * checks (docs/spec.md "dns"; formats.md section 5). The rows are in
 * region "global" whatever the service's region; zones and queries follow
 * their tier ladders. */
#include <math.h>

#include "service_type.h"

enum { HOSTED_ZONES, QUERIES, LATENCY_QUERIES, GEO_QUERIES, HEALTH_CHECKS, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[HOSTED_ZONES] = {"hosted_zones", SVC_NUM, SVC_INT, 1, 0, 1e6},
	[QUERIES] = {"queries", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[LATENCY_QUERIES] = {"latency_queries", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[GEO_QUERIES] = {"geo_queries", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[HEALTH_CHECKS] = {"health_checks", SVC_NUM, SVC_INT, 0, 0, 1e6},
};

/* aws: Route 53, priced in region "global"; gcp and azure: no sourced
 * mapping (docs/spec.md). */
static const struct svc_catalog route53 = {"route53", NULL, NULL, "global"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	static const struct {
		const char *component, *sku, *unit;
		int key, always;
	} lines[] = {
		{"zones", "hosted_zone", "month", HOSTED_ZONES, 1},
		{"queries", "queries:standard", "request", QUERIES, 0},
		{"latency_queries", "queries:latency", "request", LATENCY_QUERIES, 0},
		{"geo_queries", "queries:geo", "request", GEO_QUERIES, 0},
		{"health_checks", "health_check", "month", HEALTH_CHECKS, 0},
	};
	int rc;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if ((rc = infracost__pricer_line(p, lines[i].component, &route53, lines[i].sku,
						 "on_demand", lines[i].unit,
						 infracost__qty_constant(se->v[lines[i].key].num),
						 lines[i].always)))
			return rc;
	return 0;
}

const struct svc_type infracost__svc_dns = {
	.name = "dns",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
