/*
 * infracost/capacity.h - how much capacity a load needs.
 *
 * Queueing: the M/M/c model (Poisson arrivals at rate lambda, exponential
 * service at rate mu per server, c servers, one queue). Erlang C gives the
 * probability that a request waits; the wait is then exponential with rate
 * c*mu - lambda. Every figure is computed with a stable recurrence, so c may
 * be large (100,000 and more) and the utilisation close to 1; a utilisation
 * of 1 or more (the queue grows without bound) is an error, never a NaN.
 *
 * Scalability: the Universal Scalability Law (Gunther),
 *   X(N) = gamma N / (1 + alpha (N - 1) + beta N (N - 1)),
 * fitted to load-test points by nonlinear least squares (alpha, beta >= 0).
 *
 * Every function is reentrant. Numerics need infracost_global_init() to
 * have been called once in the process (it turns GSL's abort handler off).
 */
#ifndef INFRACOST_CAPACITY_H
#define INFRACOST_CAPACITY_H

#include "infracost/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct infracost_erlang {
	double servers;          /* c */
	double arrival_rate;     /* lambda, requests per second */
	double service_rate;     /* mu, requests per second per server */
	double utilization;      /* rho = lambda / (c mu), 0 <= rho < 1 */
	double wait_probability; /* Erlang C: P(a request waits) */
	double mean_wait;        /* W_q, seconds */
	double quantile;         /* the quantile asked (0 when none) */
	double wait_quantile;    /* seconds t with P(W_q <= t) = quantile (0 when none) */
} infracost_erlang;

/*
 * The M/M/c figures for `servers` servers (a whole number >= 1), arrival
 * rate and service rate (> 0). quantile may be 0 (none) or in (0, 1).
 * INFRACOST_EINVALID for out-of-range arguments, including a utilisation
 * of 1 or more (the message says how many servers the load needs at least).
 */
INFRACOST_API int infracost_erlang_c(infracost_erlang *out, double servers, double arrival_rate,
				     double service_rate, double quantile);

/*
 * The fewest servers for which the `quantile` of the wait is at most
 * max_wait seconds (max_wait >= 0; quantile in (0, 1)), with their figures.
 */
INFRACOST_API int infracost_erlang_size(infracost_erlang *out, double arrival_rate,
					double service_rate, double quantile, double max_wait);

typedef struct infracost_usl {
	double alpha;     /* contention, >= 0 */
	double beta;      /* coherency, >= 0 */
	double gamma;     /* throughput of one unit of load (X(1)) */
	double peak_load; /* sqrt((1 - alpha) / beta); 0 when beta = 0 or alpha >= 1 (no peak) */
	double peak_throughput; /* X(peak_load); 0 when no peak */
	double r_squared;       /* of the fit */
	size_t points;          /* load-test points used */
} infracost_usl;

/*
 * Fit the USL to n points (load > 0, throughput > 0). Refused with
 * INFRACOST_EINVALID when the data cannot determine the model (fewer than
 * 3 points or 3 distinct loads, non-positive values) and
 * INFRACOST_ENUMERIC when the fit does not converge.
 */
INFRACOST_API int infracost_usl_fit(infracost_usl *out, const double *load,
				    const double *throughput, size_t n);

/* The same from a CSV file with the header "load,throughput" (errors name
 * the file and line). */
INFRACOST_API int infracost_usl_fit_file(infracost_usl *out, const char *path);

/* X(load) under a fitted model. */
INFRACOST_API double infracost_usl_throughput(const infracost_usl *model, double load);

#ifdef __cplusplus
}
#endif

#endif
