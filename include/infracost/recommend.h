/*
 * infracost/recommend.h - the purchase mix and instance type that cost
 * least, per service and environment.
 *
 * For every vm, container, database and cache: the spot share whose
 * capacity at risk (share x interruption rate) stays within a budget (the
 * service's purchase.spot_risk_budget, else the option's), then
 * the reserved count, term and payment (among those the catalog prices)
 * that minimize the expected monthly cost under the service's workload,
 * priced with the estimate's own rules (exact, not a rule of thumb: the
 * cost is piecewise linear in the reserved count, and every count where its
 * slope can change is priced, so a range of 1 to 1e9 takes milliseconds;
 * docs/cli.md); the break-even
 * utilisation of a reserved unit; and, for a service that states "needs",
 * the cheapest instance type of the catalog that meets them when it is
 * cheaper than the one named.
 */
#ifndef INFRACOST_RECOMMEND_H
#define INFRACOST_RECOMMEND_H

#include "infracost/common.h"
#include "infracost/catalog.h"
#include "infracost/estimate.h"
#include "infracost/spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options; initialize with INFRACOST_RECOMMEND_OPTIONS_INIT (versions as for
 * infracost_estimate_options: docs/api.md, "Options versions"). */
typedef struct infracost_recommend_options {
	unsigned int version;
	const char *const *environments; /* NULL: all */
	size_t environment_count;
	/* share of capacity that may be at risk: 0.02 (a service's
	 * purchase.spot_risk_budget replaces it for that service) */
	double spot_risk_budget;
	/* for spot without a rate in the spec or the catalog (Spot Advisor): 0.05 */
	double default_interruption_rate;
	/* version 2: non-zero: the spot share a service has now is tolerated
	 * (the workload takes interruptions): never advised lower, whatever the
	 * budget. 0 (the default): at most the budget's share. */
	int keep_spot;
} infracost_recommend_options;

#define INFRACOST_RECOMMEND_OPTIONS_VERSION 2
#define INFRACOST_RECOMMEND_OPTIONS_INIT                                                           \
	{                                                                                          \
		INFRACOST_RECOMMEND_OPTIONS_VERSION, NULL, 0, 0.02, 0.05, 0                        \
	}

/* A purchase mix. */
typedef struct infracost_mix {
	const char *instance_type; /* "" for containers */
	double reserved;           /* units */
	int term_months;           /* 12 or 36 (meaningful when reserved > 0) */
	const char *payment;       /* "no_upfront", "partial_upfront", "all_upfront" */
	double spot;               /* share of uncovered hours */
} infracost_mix;

typedef struct infracost_advice {
	const char *environment;
	const char *service;
	const char *type;
	infracost_mix current, recommended;
	double monthly_before, monthly_after; /* expected, USD */
	double upfront; /* one-time cash of the recommendation; NaN (JSON null) when unknown:
			   reserved at an effective rate (price row `effective`) */
	/* A reserved unit pays off when used more than this share of the month
	 * (the best term and payment offered); NAN when none is offered. */
	double break_even_utilization;
	/* spot share x interruption rate of the recommendation; NAN when spot
	 * is not offered */
	double spot_capacity_at_risk;
	/* The cheapest type meeting the service's needs, when cheaper than the
	 * current one ("" otherwise), and the monthly cost with it. */
	const char *cheaper_instance_type;
	double cheaper_monthly;
	/* Whether the catalog prices the purchase for the service's type: 1
	 * yes; 0 no reserved (no term and payment) or no spot row, so it was
	 * not compared (not "it does not pay"); -1 the type has no such
	 * purchase (a container has no reservation). */
	int reserved_offered, spot_offered;
	/* the spot risk budget applied: purchase.spot_risk_budget, else the
	 * option's; NAN when spot is not offered for the type */
	double spot_risk_budget;
} infracost_advice;

typedef struct infracost_recommendation infracost_recommendation;

/* A missing price is INFRACOST_ENOTFOUND as for an estimate (every one of
 * the services advised on reported at once: infracost_error_count); reserved
 * terms and spot the catalog does not price are not considered, and the
 * advice says so (reserved_offered, spot_offered). */
INFRACOST_API int infracost_recommend(infracost_recommendation **out, const infracost_spec *spec,
				      const infracost_catalog *catalog,
				      const infracost_recommend_options *options);
/* Free. Accepts NULL. A recommendation owns all its strings: it may
 * outlive the spec and catalog. */
INFRACOST_API void infracost_recommendation_free(infracost_recommendation *rec);
INFRACOST_API size_t infracost_recommendation_count(const infracost_recommendation *rec);
INFRACOST_API const infracost_advice *infracost_recommendation_get(
	const infracost_recommendation *rec, size_t i);
/* Render as "table" or "json" (a list of {environment, service, type,
 * current, recommended, monthly_before, monthly_after, upfront,
 * break_even_utilization, spot_capacity_at_risk, cheaper_instance_type,
 * cheaper_monthly}). *out is freed with infracost_free(). */
INFRACOST_API int infracost_recommendation_render(char **out, size_t *out_len,
						  const infracost_recommendation *rec,
						  infracost_format format);

#ifdef __cplusplus
}
#endif

#endif
