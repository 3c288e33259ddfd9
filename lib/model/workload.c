/* workload.c - replica counts from demand levels. */
#include "workload.h"

#include <math.h>

#include "infracost/capacity.h"

double infracost__replicas_for(double demand, double capacity, double utilization, double rmin,
			       double rmax)
{
	double q = demand / (capacity * utilization);
	double r = nearbyint(q);
	if (fabs(q - r) > 1e-9)
		r = ceil(q);
	if (r < rmin)
		r = rmin;
	if (r > rmax)
		r = rmax;
	return r;
}

void infracost__replicas_mean(const struct workload *w, double capacity, double utilization,
			      double rmin, double rmax, double reserved, double *avg,
			      double *uncovered)
{
	double a = 0, u = 0;
	for (size_t i = 0; i < w->nlevels; i++) {
		double r = infracost__replicas_for(w->levels[i], capacity, utilization, rmin, rmax);
		a += w->weights[i] * r;
		if (r > reserved)
			u += w->weights[i] * (r - reserved);
	}
	*avg = a;
	*uncovered = u;
}

/* ---- any scaling ---------------------------------------------------------- */

static double usl_throughput(const struct svc_env *e, double r)
{
	return e->usl_gamma * r / (1 + e->usl_alpha * (r - 1) + e->usl_beta * r * (r - 1));
}

/* The fewest replicas whose USL throughput, at the target utilization,
 * covers d; HUGE_VAL when no count does (beyond the peak). */
static double usl_replicas(const struct svc_env *e, double d)
{
	double u = e->target_utilization, lo = 1, hi;
	if (d <= 0)
		return 0;
	/* X grows up to the peak sqrt((1 - alpha) / beta) and falls after it */
	hi = e->usl_beta > 0 ? floor(sqrt((1 - e->usl_alpha) / e->usl_beta)) + 1 : 1e9;
	if (hi > 1e9)
		hi = 1e9;
	if (hi < 1)
		hi = 1;
	if (e->usl_beta > 0 && hi > 1 && usl_throughput(e, hi - 1) > usl_throughput(e, hi))
		hi -= 1; /* the larger of the two counts around the peak */
	if (u * usl_throughput(e, hi) < d * (1 - 1e-12))
		return HUGE_VAL;
	while (lo < hi) { /* the first count in [lo, hi] that covers d */
		double mid = floor((lo + hi) / 2);
		if (u * usl_throughput(e, mid) >= d * (1 - 1e-12))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

double infracost__replicas_needed(const struct svc_env *e, double demand)
{
	switch (e->scaling) {
	case SCALE_LATENCY: {
		infracost_erlang er;
		double servers;
		if (demand <= 0)
			return 0;
		if (infracost_erlang_size(&er, demand, 1000.0 / e->service_time_ms,
					  e->latency_quantile, e->max_wait_ms / 1000.0) != 0)
			return HUGE_VAL;
		servers = er.servers / e->concurrency;
		return ceil(servers - 1e-9);
	}
	case SCALE_USL: return usl_replicas(e, demand);
	default:
		return infracost__replicas_for(demand, e->capacity_per_replica,
					       e->target_utilization, 0, HUGE_VAL);
	}
}

void infracost__replicas_scaled(const struct workload *w, const struct svc_env *e,
				double multiplier, double reserved, double *avg, double *uncovered)
{
	double a = 0, u = 0;
	for (size_t i = 0; i < w->nlevels; i++) {
		double r = infracost__replicas_needed(e, w->levels[i] * multiplier);
		if (r < e->rmin)
			r = e->rmin;
		if (r > e->rmax)
			r = e->rmax;
		a += w->weights[i] * r;
		if (r > reserved)
			u += w->weights[i] * (r - reserved);
	}
	*avg = a;
	*uncovered = u;
}
