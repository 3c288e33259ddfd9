/* queueing.c - the M/M/c queue: Erlang C figures and sizing (infracost/capacity.h).
 *
 * The Erlang B recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) with
 * a = lambda / mu stays in [0, 1], so it neither overflows nor loses
 * precision for large c (no factorials, no powers). Erlang C follows:
 * C = B / (1 - rho (1 - B)). The wait is 0 with probability 1 - C and
 * exponential with rate c mu - lambda otherwise:
 *   W_q = C / (c mu - lambda),  P(wait > t) = C e^{-(c mu - lambda) t}.
 *
 * Beyond RECURRENCE_MAX servers the O(c) recurrence gives way to the closed
 * form B = p(c) / P(X <= c) for X ~ Poisson(a), with GSL's special functions:
 * the probability mass in log space as c log1p_mx((a - c) / c) - log(2 pi c)/2
 * - stirling(c) (Loader's saddle-point form, no cancellation of huge terms)
 * and the distribution function as the regularized incomplete gamma
 * Q(c + 1, a). Both agree to about 1e-13 where both apply.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>

#include "infracost/capacity.h"
#include "error.h"

/* Largest server count: whole numbers stay exact in a double far beyond, and
 * sizing walks at most a few sqrt(a) servers past the load. */
#define MAX_SERVERS 1e12
/* Up to this many servers B comes from the recurrence (a few ms). */
#define RECURRENCE_MAX 1e6

static int valid_rate(double v)
{
	return isfinite(v) && v > 0;
}

/* B(c, a) from the recurrence, c whole. */
static double erlang_b_recurrence(double c, double a)
{
	double b = 1;
	for (double k = 1; k <= c; k++)
		b = a * b / (k + a * b);
	return b;
}

/* B(c, a) in closed form with GSL, for large c (c > a). */
static int erlang_b_closed(double *out, double c, double a)
{
	gsl_sf_result lx, q;
	double x = (a - c) / c, logp, stirling;
	int s;

	/* a / c below 1e-9 with more than a million servers: the mass at c is
	 * far below the smallest double. */
	if (x <= -1 + 1e-9) {
		*out = 0;
		return 0;
	}
	/* log p(c) = c log(a) - a - log(c!) = c (log1p(x) - x) - log(2 pi c) / 2
	 * - stirling(c), with x = (a - c) / c. */
	s = gsl_sf_log_1plusx_mx_e(x, &lx);
	if (s != GSL_SUCCESS)
		return infracost__error(INFRACOST_ENUMERIC, "Erlang B for %.0f servers: %s", c,
					gsl_strerror(s));
	stirling = 1 / (12 * c) - 1 / (360 * c * c * c);
	logp = c * lx.val - 0.5 * log(2 * M_PI * c) - stirling;
	s = gsl_sf_gamma_inc_Q_e(c + 1, a, &q);
	if (s != GSL_SUCCESS || !(q.val > 0))
		return infracost__error(INFRACOST_ENUMERIC, "Erlang B for %.0f servers: %s", c,
					s != GSL_SUCCESS ? gsl_strerror(s) : "underflow");
	*out = exp(logp) / q.val;
	return 0;
}

static int erlang_b(double *out, double c, double a)
{
	if (c <= RECURRENCE_MAX) {
		*out = erlang_b_recurrence(c, a);
		return 0;
	}
	return erlang_b_closed(out, c, a);
}

/* Every figure for c servers from B(c, a); c > a. */
static int figures(infracost_erlang *out, double c, double lambda, double mu, double a, double b,
		   double quantile)
{
	double rho = a / c, gap = mu * (c - a), C;

	memset(out, 0, sizeof(*out));
	/* 1 - rho (1 - B), with 1 - rho as (c - a) / c: no cancellation. */
	C = b / ((c - a) / c + rho * b);
	out->servers = c;
	out->arrival_rate = lambda;
	out->service_rate = mu;
	out->utilization = rho;
	out->wait_probability = C;
	out->mean_wait = C / gap;
	out->quantile = quantile;
	/* t with C e^{-gap t} = 1 - quantile; 0 when no more than 1 - quantile wait. */
	if (quantile > 0 && C > 1 - quantile)
		out->wait_quantile = (log(C) - log1p(-quantile)) / gap;
	if (!isfinite(out->mean_wait) || !isfinite(out->wait_quantile))
		return infracost__error(INFRACOST_ENUMERIC,
					"the wait overflows: service rate %g x %.0f servers minus "
					"arrival rate %g is %g per second",
					mu, c, lambda, gap);
	return 0;
}

static int check_rates(double *a, double lambda, double mu)
{
	if (!valid_rate(lambda))
		return infracost__error(INFRACOST_EINVALID,
					"arrival rate must be a positive finite number (got %g)",
					lambda);
	if (!valid_rate(mu))
		return infracost__error(INFRACOST_EINVALID,
					"service rate must be a positive finite number (got %g)",
					mu);
	*a = lambda / mu;
	if (!isfinite(*a))
		return infracost__error(INFRACOST_EINVALID,
					"the offered load (arrival rate %g / service rate %g) "
					"overflows",
					lambda, mu);
	return 0;
}

/* The fewest servers that keep the utilisation below 1. */
static double servers_needed(double a)
{
	return floor(a) + 1;
}

int infracost_erlang_c(infracost_erlang *out, double servers, double arrival_rate,
		       double service_rate, double quantile)
{
	infracost_erlang r;
	double a = 0, b = 0;
	int rc;

	if (!out)
		return infracost__error(INFRACOST_EINVALID, "erlang: no output given");
	if (!(servers >= 1 && servers <= MAX_SERVERS && servers == floor(servers)))
		return infracost__error(INFRACOST_EINVALID,
					"servers must be a whole number from 1 to %.0f (got %g)",
					MAX_SERVERS, servers);
	if ((rc = check_rates(&a, arrival_rate, service_rate)))
		return rc;
	if (!(quantile == 0 || (quantile > 0 && quantile < 1)))
		return infracost__error(INFRACOST_EINVALID,
					"quantile must be 0 (none) or between 0 and 1 exclusive "
					"(got %g)",
					quantile);
	if (!(a < servers))
		return infracost__error(
			INFRACOST_EINVALID,
			"utilization %.6g >= 1: %.0f servers serving %g requests/s each cannot "
			"keep up with %g requests/s (the queue grows without bound); the load "
			"needs at least %.0f servers",
			a / servers, servers, service_rate, arrival_rate, servers_needed(a));
	if ((rc = erlang_b(&b, servers, a)) ||
	    (rc = figures(&r, servers, arrival_rate, service_rate, a, b, quantile)))
		return rc;
	*out = r;
	return 0;
}

int infracost_erlang_size(infracost_erlang *out, double arrival_rate, double service_rate,
			  double quantile, double max_wait)
{
	infracost_erlang r;
	double a = 0, b = 0, c;
	int rc;

	if (!out)
		return infracost__error(INFRACOST_EINVALID, "erlang size: no output given");
	if ((rc = check_rates(&a, arrival_rate, service_rate)))
		return rc;
	if (!(quantile > 0 && quantile < 1))
		return infracost__error(INFRACOST_EINVALID,
					"quantile must be between 0 and 1 exclusive (got %g)",
					quantile);
	if (!(isfinite(max_wait) && max_wait >= 0))
		return infracost__error(INFRACOST_EINVALID,
					"maximum wait must be a finite number of seconds >= 0 (got "
					"%g)",
					max_wait);
	c = servers_needed(a);
	if (c > MAX_SERVERS)
		return infracost__error(INFRACOST_EINVALID,
					"the load (%g erlangs) needs more than %.0f servers", a,
					MAX_SERVERS);
	/* B at the first stable count, then one recurrence step per candidate:
	 * the quantile of the wait only falls as servers are added. */
	if ((rc = erlang_b(&b, c, a)))
		return rc;
	for (;;) {
		if ((rc = figures(&r, c, arrival_rate, service_rate, a, b, quantile)))
			return rc;
		if (r.wait_quantile <= max_wait)
			break;
		if (++c > MAX_SERVERS)
			return infracost__error(INFRACOST_EINVALID,
						"no count up to %.0f servers keeps the p%g wait "
						"within %g s",
						MAX_SERVERS, quantile * 100, max_wait);
		b = a * b / (c + a * b);
	}
	*out = r;
	return 0;
}
