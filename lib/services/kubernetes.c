/* kubernetes.c - the kubernetes service type: managed control planes held
 * all the environment's hours (EKS; GKE and AKS where a book has them). Its
 * nodes are vm services and its pods container services (docs/spec.md
 * "kubernetes"; formats.md section 5). */
#include <string.h>

#include "service_type.h"

enum { CLUSTERS, SUPPORT, NKEYS };

static const char *const supports[] = {"standard", "extended", NULL};

static const struct svc_key keys[NKEYS] = {
	[CLUSTERS] = {"clusters", SVC_NUM, SVC_INT, 1, 0, 1e6},
	[SUPPORT] = {"support", SVC_CHOICE, SVC_NAMES_PRICE, .choices = supports},
};

static const struct svc_catalog k8s = {"eks", "gke", "aks"};

/* aws (and any other provider) and azure: cluster:SUPPORT; gcp: cluster for
 * standard support (formats.md), cluster:extended otherwise. An extended
 * cluster's row is its whole hourly price (EKS: 0.10 + the 0.50 extended
 * support surcharge = 0.60), never added to the standard row. */
static const char *sku_of(const struct svc_env *se)
{
	const char *support = se->v[SUPPORT].str;
	if (strcmp(support, "standard") == 0)
		return strcmp(se->provider, "gcp") == 0 ? "cluster" : "cluster:standard";
	return "cluster:extended";
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double H = infracost__pricer_hours(p);
	return infracost__pricer_line(p, "control_plane", &k8s, sku_of(se), "on_demand", "hour",
				      infracost__qty_constant(se->v[CLUSTERS].num * H), 1);
}

const struct svc_type infracost__svc_kubernetes = {
	.name = "kubernetes",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
