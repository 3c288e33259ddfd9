/*
 * infracost/risk.h - how far the bill can swing: Monte Carlo over demand
 * and spot interruptions.
 *
 * Each simulated month draws, for every workload with a "variability"
 * sigma, a demand multiplier m ~ LogNormal(-sigma^2/2, sigma) (mean 1)
 * applied to all its hours, and prices the month with the estimate's own
 * rules. Spot hours are interrupted at the service's interruption_rate, or
 * else at the rate of the vm type's Spot Advisor bucket when the catalog
 * holds one (a "spot_interruption" row, loaded from a price store), or else
 * at the default of the options: the interrupted share of a month's spot
 * replica-hours is drawn from Binomial(hours, rate) and billed on demand.
 * With sigma = 0 and no spot, every month equals the estimate's expected.
 *
 * Sample i is drawn from its own generator, seeded from (seed, i): the same
 * seed gives the same answer whatever the number of threads. Within it, each
 * service's interruptions have a stream seeded from the sample and the
 * service's environment and name, so an environment simulated alone gets
 * the figures it has among all of them.
 */
#ifndef INFRACOST_RISK_H
#define INFRACOST_RISK_H

#include "infracost/common.h"
#include "infracost/catalog.h"
#include "infracost/estimate.h"
#include "infracost/spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options; initialize with INFRACOST_SIMULATE_OPTIONS_INIT (versions as for
 * infracost_estimate_options: docs/api.md, "Options versions"). */
typedef struct infracost_simulate_options {
	unsigned int version;
	size_t samples;                  /* simulated months: 10000 */
	unsigned long long seed;         /* 1 */
	int threads;                     /* 1 */
	const char *const *environments; /* NULL: all */
	size_t environment_count;
	/* for spot without a rate in the spec or the catalog (Spot Advisor): 0.05 */
	double default_interruption_rate;
} infracost_simulate_options;

#define INFRACOST_SIMULATE_OPTIONS_VERSION 1
#define INFRACOST_SIMULATE_OPTIONS_INIT                                                            \
	{                                                                                          \
		INFRACOST_SIMULATE_OPTIONS_VERSION, 10000, 1, 1, NULL, 0, 0.05                     \
	}

/* The distribution of a monthly cost over the simulated months. */
typedef struct infracost_distribution {
	double mean, p50, p90, p99, min, max;
} infracost_distribution;

typedef struct infracost_simulation infracost_simulation;

/* Simulate. Prices are looked up as for an estimate (a missing price is
 * INFRACOST_ENOTFOUND). */
INFRACOST_API int infracost_simulate(infracost_simulation **out, const infracost_spec *spec,
				     const infracost_catalog *catalog,
				     const infracost_simulate_options *options);

/* Free. Accepts NULL. */
INFRACOST_API void infracost_simulation_free(infracost_simulation *sim);

INFRACOST_API size_t infracost_simulation_environment_count(const infracost_simulation *sim);
INFRACOST_API const char *infracost_simulation_environment_name(const infracost_simulation *sim,
								size_t i);
/* Environment i, or the total when i == environment_count. */
INFRACOST_API infracost_distribution
infracost_simulation_distribution(const infracost_simulation *sim, size_t i);
/* Samples drawn, and the service-hours they priced (a throughput measure). */
INFRACOST_API size_t infracost_simulation_samples(const infracost_simulation *sim);
INFRACOST_API double infracost_simulation_service_hours(const infracost_simulation *sim);

/* Render as "table" or "json" (keys per environment and "total": mean, p50,
 * p90, p99, min, max); HTML needs the estimate too: below. *out is freed
 * with infracost_free(). */
INFRACOST_API int infracost_simulation_render(char **out, size_t *out_len,
					      const infracost_simulation *sim,
					      infracost_format format);

/*
 * The simulation as one self-contained HTML page (docs/reviews.md): the
 * estimate of the same spec, catalog and environments (for the bars stacked
 * by service, the line items, warnings and price sources) with the
 * simulated p50, p90 and p99 of each environment. *out is freed with
 * infracost_free().
 */
INFRACOST_API int infracost_simulation_render_html(char **out, size_t *out_len,
						   const infracost_simulation *sim,
						   const infracost_estimate *estimate);

#ifdef __cplusplus
}
#endif

#endif
