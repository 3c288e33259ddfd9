/* cache.c - the cache service type: nodes of an engine and node type
 * (docs/spec.md "cache"). */
#include <stdio.h>

#include "cnum.h"
#include "service_type.h"

enum { ENGINE, NODE_TYPE, NEEDS, NODES, NKEYS };

static const char *const engines[] = {"redis", "valkey", "memcached", NULL};

static const struct svc_key keys[NKEYS] = {
	[ENGINE] = {"engine", SVC_CHOICE, 0, .choices = engines},
	[NODE_TYPE] = {"node_type", SVC_STR, SVC_REQ_UNLESS_NEEDS | SVC_NAMES_PRICE},
	[NEEDS] = {"needs", SVC_NEEDS, 0},
	[NODES] = {"nodes", SVC_NUM, SVC_INT, 1, 0, 1e6},
};

static const struct svc_catalog elasticache = {"elasticache", "memorystore", "redis"};

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	char sku[256], family[128];
	infracost__snprintf(sku, sizeof(sku), "%s:%s", se->v[ENGINE].str,
			    infracost__pricer_itype(p));
	/* an engine without rows is reported at "engine" (infracost__pricer_named_by) */
	infracost__snprintf(family, sizeof(family), "%s:", se->v[ENGINE].str);
	infracost__pricer_named_by(p, NULL, "engine", family);
	return infracost__pricer_instances(p, "nodes", &elasticache, sku, se->v[NODES].num);
}

/* Right-sizing searches ENGINE:TYPE skus. */
static void type_pattern(const struct svc_env *e, char *prefix, size_t plen, char *suffix,
			 size_t slen)
{
	infracost__snprintf(prefix, plen, "%s:", e->v[ENGINE].str);
	if (slen)
		suffix[0] = '\0';
}

static double units(const struct svc_env *e)
{
	return e->v[NODES].num;
}

static void one_unit(struct svc_env *e)
{
	e->v[NODES].num = 1;
}

const struct svc_type infracost__svc_cache = {
	.name = "cache",
	.keys = keys,
	.nkeys = NKEYS,
	.caps = SVC_CAP_RESERVED | SVC_CAP_NEEDS,
	.price = price,
	.type_key = NODE_TYPE,
	.type_catalog = &elasticache,
	.type_pattern = type_pattern,
	.units = units,
	.one_unit = one_unit,
};
