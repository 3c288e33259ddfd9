/* workload.h - replicas an autoscaler runs under a workload (formats.md 1). */
#ifndef INFRACOST_WORKLOAD_H
#define INFRACOST_WORKLOAD_H

#include "model.h"

/* r(d) = clamp(ceil(d / (capacity x utilization)), min, max); a quotient
 * within 1e-9 of a whole number counts as that number. */
double infracost__replicas_for(double demand, double capacity, double utilization, double rmin,
			       double rmax);

/* Over the workload's hours: the mean of r (*avg) and the mean of
 * max(r - reserved, 0) (*uncovered). */
void infracost__replicas_mean(const struct workload *w, double capacity, double utilization,
			      double rmin, double rmax, double reserved, double *avg,
			      double *uncovered);

/* The replicas an hour of `demand` needs under the service's scaling
 * (capacity, latency objective or USL), before min/max; HUGE_VAL when no
 * count can carry it (beyond a USL peak). */
double infracost__replicas_needed(const struct svc_env *e, double demand);

/* Like infracost__replicas_mean for any scaling, with every level of the
 * workload multiplied by `multiplier` (1 for the estimate; a simulated
 * month's draw for infra-cost simulate). */
void infracost__replicas_scaled(const struct workload *w, const struct svc_env *e,
				double multiplier, double reserved, double *avg, double *uncovered);

#endif
