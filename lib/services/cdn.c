/* cdn.c - the cdn service type: CloudFront data out and requests by edge
 * group (docs/spec.md "cdn"; formats.md section 5). Each amount is a number
 * (all North America) or an object mapping edge groups to amounts. The
 * rows are in region "global" whatever the service's region. */
#include <math.h>

#include "service_type.h"

enum { DATA_OUT_GB, HTTPS_REQUESTS, HTTP_REQUESTS, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[DATA_OUT_GB] = {"data_out_gb", SVC_OWN, 0},
	[HTTPS_REQUESTS] = {"https_requests", SVC_OWN, 0},
	[HTTP_REQUESTS] = {"http_requests", SVC_OWN, 0},
};

/* The edge groups (CloudFront's price classes of locations), and per key
 * its component and sku for each, in the same order. */
#define EDGES(X)                                                                                   \
	X(north_america)                                                                           \
	X(europe)                                                                                  \
	X(south_africa_middle_east)                                                                \
	X(south_america)                                                                           \
	X(japan)                                                                                   \
	X(australia)                                                                               \
	X(asia_pacific)                                                                            \
	X(india)
#define NAME(e) #e,
#define OUT(e) "data_out:" #e,
#define HTTPS(e) "https_requests:" #e,
#define HTTPS_SKU(e) "requests:https:" #e,
#define HTTP(e) "http_requests:" #e,
#define HTTP_SKU(e) "requests:http:" #e,
enum { NEDGES = 8 };
static const char *const edges[NEDGES + 1] = {EDGES(NAME) NULL};
static const char *const out_sku[NEDGES] = {EDGES(OUT)};
static const char *const https_component[NEDGES] = {EDGES(HTTPS)};
static const char *const https_sku[NEDGES] = {EDGES(HTTPS_SKU)};
static const char *const http_component[NEDGES] = {EDGES(HTTP)};
static const char *const http_sku[NEDGES] = {EDGES(HTTP_SKU)};

/* aws: CloudFront, priced in region "global"; gcp and azure: no sourced
 * mapping (docs/spec.md). */
static const struct svc_catalog cloudfront = {"cloudfront", NULL, NULL, "global"};

/* The amounts of each key per edge group (owned by the environment). */
struct amounts {
	double by_edge[NKEYS][NEDGES];
};

static int load(struct svc_reader *r, struct svc_env *e)
{
	struct amounts *a = infracost__svc_calloc(1, sizeof(*a));
	int rc;

	if (!a)
		return infracost__error_oom();
	e->v[DATA_OUT_GB].ptr = a;
	for (int k = 0; k < NKEYS; k++)
		if ((rc = infracost__svc_read_num_map(r, keys[k].name, "edge group", edges,
						      a->by_edge[k], 0, HUGE_VAL, 0)))
			return rc;
	return 0;
}

static void free_env(struct svc_env *e)
{
	infracost__svc_free(e->v[DATA_OUT_GB].ptr);
	e->v[DATA_OUT_GB].ptr = NULL;
}

static int price(struct svc_pricer *p)
{
	static const char *const *const component[NKEYS] = {out_sku, https_component,
							    http_component};
	static const char *const *const sku[NKEYS] = {out_sku, https_sku, http_sku};
	static const char *const unit[NKEYS] = {"gb", "request", "request"};
	const struct amounts *a = infracost__pricer_env(p)->v[DATA_OUT_GB].ptr;
	int rc;

	/* by key, then by edge group: a zero amount adds no line */
	for (int k = 0; a && k < NKEYS; k++)
		for (int i = 0; i < NEDGES; i++)
			if ((rc = infracost__pricer_line(
				     p, component[k][i], &cloudfront, sku[k][i], "on_demand",
				     unit[k], infracost__qty_constant(a->by_edge[k][i]), 0)))
				return rc;
	return 0;
}

const struct svc_type infracost__svc_cdn = {
	.name = "cdn",
	.keys = keys,
	.nkeys = NKEYS,
	.load = load,
	.free_env = free_env,
	.price = price,
	.type_key = -1,
};
