/* workload.c - replica counts from demand levels. */
#include "workload.h"

#include <math.h>

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
