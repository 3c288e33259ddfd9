/* simulate.c - Monte Carlo over demand and spot interruptions
 * (include/infracost/risk.h). Random numbers come from GSL (gsl_rng,
 * gsl_randist); the months are spread over C11 threads. */
#include "infracost/risk.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "estimate.h"
#include "model.h"
#include "options.h"
#include "strpool.h"
#include "workload.h"

struct infracost_simulation {
	char *name;
	size_t nenvs;
	char **env_names;
	infracost_distribution *dist; /* nenvs + 1: the last is the total */
	size_t samples;
	unsigned long long seed;
	double service_hours;
};

/* One service as the simulation re-prices it. */
struct sim_svc {
	const struct infracost__sim_service *cap;
	uint64_t id;              /* of its environment and name: its interruptions' stream */
	const struct workload *w; /* the workload that drives it, or NULL */
	double reserved, spot, rate;
	double avg, uncovered; /* the estimate's expected replicas (no workload) */
};

struct sim_job {
	const struct sim_svc *svcs;
	size_t nsvcs;
	const double *fixed; /* per environment: the cost no draw changes */
	size_t nenvs;
	const struct workload *workloads;
	size_t nworkloads;
	unsigned long long seed;
	size_t first, last; /* samples [first, last) */
	double *out;        /* (nenvs + 1) x samples, environment-major */
	size_t samples;
	gsl_rng *rng;  /* the month's demand draws */
	gsl_rng *srng; /* a service's interruption draws */
	double *mult;  /* per workload */
	double *env;   /* per environment */
};

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* A generator for GSL whose state is one 64-bit counter, set directly for
 * each service and month: SplitMix64 (Steele, Lea and Flood, 2014), the
 * generator of Java's SplittableRandom. Seeding it costs nothing, unlike
 * MT19937's 624 words, so every service of every month can have a stream
 * of its own. */
static void sm_set(void *state, unsigned long seed)
{
	*(uint64_t *)state = seed;
}

static unsigned long sm_get(void *state)
{
	uint64_t *x = state;
	*x += 0x9E3779B97F4A7C15ULL;
	return (unsigned long)(splitmix64(*x - 0x9E3779B97F4A7C15ULL) >> 32);
}

static double sm_get_double(void *state)
{
	uint64_t *x = state;
	*x += 0x9E3779B97F4A7C15ULL;
	return (double)(splitmix64(*x - 0x9E3779B97F4A7C15ULL) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type splitmix_type = {
	"infracost-splitmix64", 0xffffffffUL, 0, sizeof(uint64_t), sm_set, sm_get, sm_get_double};

/* FNV-1a of a string, continuing from h. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
	return h;
}

/* The month's cost of a replica-driven service given its replicas and the
 * share of its spot replica-hours that were interrupted. */
static double svc_cost(const struct sim_svc *s, double avg, double uncovered, double interrupted)
{
	const struct infracost__sim_service *c = s->cap;
	double hours = uncovered * c->hours, cost = 0;
	for (size_t k = 0; k < c->nsplit; k++) {
		const struct infracost__sim_split *sp = &c->split[k];
		double units = hours * sp->per_replica_hour;
		double od = units * (1 - s->spot + s->spot * interrupted);
		cost += infracost_price_tiered_cost(sp->od, sp->nod, od);
		if (sp->spot)
			cost += infracost_price_tiered_cost(sp->spot, sp->nspot,
							    units * s->spot * (1 - interrupted));
	}
	for (size_t k = 0; k < c->nextra; k++)
		cost += infracost_price_tiered_cost(c->extra[k].tiers, c->extra[k].ntiers,
						    avg * c->extra[k].per_replica);
	return cost;
}

static int run_job(void *arg)
{
	struct sim_job *j = arg;
	size_t E = j->nenvs;
	for (size_t i = j->first; i < j->last; i++) {
		double total = 0;
		uint64_t month = splitmix64(j->seed ^ splitmix64(i));
		gsl_rng_set(j->rng, (unsigned long)month);
		for (size_t w = 0; w < j->nworkloads; w++) {
			double sigma = j->workloads[w].variability;
			double z = gsl_ran_gaussian_ziggurat(j->rng, 1.0);
			j->mult[w] = sigma > 0 ? exp(sigma * z - sigma * sigma / 2) : 1;
		}
		memcpy(j->env, j->fixed, E * sizeof(double));
		for (size_t k = 0; k < j->nsvcs; k++) {
			const struct sim_svc *s = &j->svcs[k];
			double avg = s->avg, unc = s->uncovered, f = 0;
			if (s->w && s->w->variability > 0)
				infracost__replicas_scaled(s->w, s->cap->se,
							   j->mult[s->w - j->workloads],
							   s->reserved, &avg, &unc);
			if (s->spot > 0 && s->rate > 0) {
				double n = floor(unc * s->cap->hours * s->spot + 0.5);
				/* A stream per service and month: the draws do
				 * not depend on which other services are simulated
				 * (--env) or in what order. */
				*(uint64_t *)j->srng->state = splitmix64(month ^ s->id);
				if (n >= 1 && n < 4294967295.0)
					f = gsl_ran_binomial(j->srng, s->rate, (unsigned int)n) / n;
				else if (n >= 1) /* beyond 32 bits: the law of large numbers */
					f = s->rate;
			}
			j->env[s->cap->env] += svc_cost(s, avg, unc, f);
		}
		for (size_t e = 0; e < E; e++) {
			j->out[e * j->samples + i] = j->env[e];
			total += j->env[e];
		}
		j->out[E * j->samples + i] = total;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least q of the samples at or
 * below it. */
static double rank(const double *sorted, size_t n, double q)
{
	double r = ceil(q * (double)n - 1e-9);
	size_t k = r < 1 ? 0 : (size_t)r - 1;
	return sorted[k < n ? k : n - 1];
}

static infracost_distribution summarize(double *x, size_t n)
{
	infracost_distribution d;
	double sum = 0, c = 0;
	for (size_t i = 0; i < n; i++) { /* Kahan: 10^6 months of 10^5 dollars */
		double y = x[i] - c, t = sum + y;
		c = (t - sum) - y;
		sum = t;
	}
	qsort(x, n, sizeof(*x), cmp_double);
	d.mean = sum / (double)n;
	if (!isfinite(d.mean)) { /* the sum overflowed: finite months keep a finite mean */
		d.mean = 0;
		for (size_t i = 0; i < n; i++)
			d.mean += x[i] / (double)n;
	}
	d.p50 = rank(x, n, 0.50);
	d.p90 = rank(x, n, 0.90);
	d.p99 = rank(x, n, 0.99);
	d.min = x[0];
	d.max = x[n - 1];
	return d;
}

void infracost_simulation_free(infracost_simulation *sim)
{
	if (!sim)
		return;
	for (size_t e = 0; e < sim->nenvs; e++)
		infracost__free(sim->env_names[e]);
	infracost__free(sim->env_names);
	infracost__free(sim->dist);
	infracost__free(sim->name);
	infracost__free(sim);
}

/* Where each version of infracost_simulate_options ends (options.h). */
static const size_t options_ends[INFRACOST_SIMULATE_OPTIONS_VERSION + 1] = {
	0, INFRACOST__OPTIONS_END(infracost_simulate_options, default_interruption_rate)};

static int check_options(const infracost_simulate_options *o)
{
	if (o->samples == 0 || o->samples > 100000000)
		return infracost__error(INFRACOST_EINVALID,
					"simulate: samples must be 1 to 100000000 (got %zu)",
					o->samples);
	if (o->threads < 1 || o->threads > 256)
		return infracost__error(INFRACOST_EINVALID,
					"simulate: threads must be 1 to 256 (got %d)", o->threads);
	if (!(o->default_interruption_rate >= 0 && o->default_interruption_rate <= 1))
		return infracost__error(
			INFRACOST_EINVALID,
			"simulate: default interruption rate must be 0 to 1 (got %g)",
			o->default_interruption_rate);
	return 0;
}

/* The services to re-price and each environment's fixed part. */
static int prepare(struct sim_svc **out, double *fixed, const infracost_spec *spec,
		   const infracost_estimate *est, const struct infracost__sim_capture *cap,
		   double default_rate)
{
	struct sim_svc *svcs = infracost__calloc(cap->n + 1, sizeof(*svcs));
	if (!svcs)
		return infracost__error_oom();
	for (size_t e = 0; e < est->nenvs; e++)
		fixed[e] = est->envs[e].monthly.expected;
	for (size_t k = 0; k < cap->n; k++) {
		struct sim_svc *s = &svcs[k];
		const struct svc_env *se = cap->svc[k].se;
		s->cap = &cap->svc[k];
		s->id = splitmix64(fnv1a(fnv1a(0xCBF29CE484222325ULL, est->envs[s->cap->env].name) *
						 0x100000001B3ULL,
					 est->services[s->cap->result].name));
		s->w = se->workload >= 0 ? &spec->workloads[se->workload] : NULL;
		s->reserved = se->reserved;
		s->spot = se->spot;
		/* the spec's rate, else the Spot Advisor's for the type, else the default */
		s->rate = se->interruption_rate >= 0  ? se->interruption_rate
			  : s->cap->advised_rate >= 0 ? s->cap->advised_rate
						      : default_rate;
		if (s->w) {
			infracost__replicas_scaled(s->w, se, 1, s->reserved, &s->avg,
						   &s->uncovered);
		} else {
			s->avg = est->services[s->cap->result].replicas.expected;
			s->uncovered = s->avg > s->reserved ? s->avg - s->reserved : 0;
		}
		fixed[s->cap->env] -= svc_cost(s, s->avg, s->uncovered, 0);
	}
	*out = svcs;
	return 0;
}

static int run_all(struct sim_job *jobs, int nthreads)
{
	thrd_t th[256];
	int started = 0, rc = 0;
	for (int t = 1; t < nthreads; t++) {
		if (thrd_create(&th[t], run_job, &jobs[t]) != thrd_success)
			break;
		started = t;
	}
	/* Whatever did not get a thread of its own runs here. */
	for (int t = started + 1; t < nthreads; t++)
		run_job(&jobs[t]);
	run_job(&jobs[0]);
	for (int t = 1; t <= started; t++)
		thrd_join(th[t], NULL);
	return rc;
}

int infracost_simulate(infracost_simulation **out, const infracost_spec *spec,
		       const infracost_catalog *catalog, const infracost_simulate_options *options)
{
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_estimate_options eo = INFRACOST_ESTIMATE_OPTIONS_INIT;
	struct infracost__sim_capture cap = {0};
	infracost_estimate *est = NULL;
	infracost_simulation *sim = NULL;
	struct sim_svc *svcs = NULL;
	struct sim_job *jobs = NULL;
	double *fixed = NULL, *samples = NULL, *scratch = NULL;
	size_t E, n, per;
	int rc, nthreads;

	if (!out || !spec || !catalog)
		return infracost__error(INFRACOST_EINVALID, "infracost_simulate: NULL argument");
	*out = NULL;
	if ((rc = infracost__options_copy(&o, options, options_ends,
					  INFRACOST_SIMULATE_OPTIONS_VERSION, "infracost_simulate",
					  "INFRACOST_SIMULATE_OPTIONS_INIT")) ||
	    (rc = check_options(&o)))
		return rc;
	eo.environments = o.environments;
	eo.environment_count = o.environment_count;
	if ((rc = infracost__estimate_capture(&est, spec, catalog, &eo, &cap)))
		goto done;
	E = est->nenvs;
	n = o.samples;
	nthreads = (size_t)o.threads > n ? (int)n : o.threads;
	sim = infracost__calloc(1, sizeof(*sim));
	fixed = infracost__calloc(E + 1, sizeof(*fixed));
	jobs = infracost__calloc((size_t)nthreads, sizeof(*jobs));
	scratch = infracost__calloc((size_t)nthreads * (spec->nworkloads + E + 1), sizeof(double));
	if (!sim || !fixed || !jobs || !scratch || (E + 1) > SIZE_MAX / sizeof(double) / n ||
	    !(samples = infracost__malloc((E + 1) * n * sizeof(double)))) {
		rc = infracost__error_oom();
		goto done;
	}
	if ((rc = prepare(&svcs, fixed, spec, est, &cap, o.default_interruption_rate)))
		goto done;
	per = (n + (size_t)nthreads - 1) / (size_t)nthreads;
	for (int t = 0; t < nthreads; t++) {
		struct sim_job *j = &jobs[t];
		j->svcs = svcs;
		j->nsvcs = cap.n;
		j->fixed = fixed;
		j->nenvs = E;
		j->workloads = spec->workloads;
		j->nworkloads = spec->nworkloads;
		j->seed = o.seed;
		j->first = (size_t)t * per < n ? (size_t)t * per : n;
		j->last = j->first + per < n ? j->first + per : n;
		j->out = samples;
		j->samples = n;
		j->mult = scratch + (size_t)t * (spec->nworkloads + E + 1);
		j->env = j->mult + spec->nworkloads;
		if (!(j->rng = gsl_rng_alloc(gsl_rng_mt19937)) ||
		    !(j->srng = gsl_rng_alloc(&splitmix_type))) {
			rc = infracost__error_oom();
			goto done;
		}
	}
	if ((rc = run_all(jobs, nthreads)))
		goto done;

	sim->samples = n;
	sim->seed = o.seed;
	sim->nenvs = E;
	sim->dist = infracost__calloc(E + 1, sizeof(*sim->dist));
	sim->env_names = infracost__calloc(E + 1, sizeof(*sim->env_names));
	sim->name = infracost__strdup(spec->name ? spec->name : "");
	if (!sim->dist || !sim->env_names || !sim->name) {
		rc = infracost__error_oom();
		goto done;
	}
	for (size_t e = 0; e < E; e++) {
		if (!(sim->env_names[e] = infracost__strdup(est->envs[e].name))) {
			rc = infracost__error_oom();
			goto done;
		}
		sim->service_hours += (double)est->envs[e].service_count *
				      est->envs[e].hours_per_month * (double)n;
	}
	for (size_t e = 0; e <= E; e++) {
		infracost_distribution *d = &sim->dist[e];
		*d = summarize(samples + e * n, n);
		/* JSON never carries inf or nan: a month whose cost overflows is
		 * refused, naming the environment (or the total) */
		if (!(isfinite(d->mean) && isfinite(d->min) && isfinite(d->max))) {
			rc = infracost__error_at(
				INFRACOST_ENUMERIC, spec->source, 0, 0, NULL,
				"amount out of range: the simulated monthly cost of %s%s%s is not "
				"a "
				"finite number in some months (lower the replicas, prices or "
				"variability that make it)",
				e < E ? "environment '" : "the total over the environments",
				e < E ? est->envs[e].name : "", e < E ? "'" : "");
			goto done;
		}
	}
done:
	if (jobs)
		for (int t = 0; t < nthreads; t++) {
			gsl_rng_free(jobs[t].rng);
			gsl_rng_free(jobs[t].srng);
		}
	infracost__free(jobs);
	infracost__free(scratch);
	infracost__free(samples);
	infracost__free(fixed);
	infracost__free(svcs);
	infracost__free(cap.svc);
	infracost_estimate_free(est);
	if (rc) {
		infracost_simulation_free(sim);
		return rc;
	}
	*out = sim;
	return 0;
}

size_t infracost_simulation_environment_count(const infracost_simulation *sim)
{
	return sim ? sim->nenvs : 0;
}

const char *infracost_simulation_environment_name(const infracost_simulation *sim, size_t i)
{
	return sim && i < sim->nenvs ? sim->env_names[i] : NULL;
}

infracost_distribution infracost_simulation_distribution(const infracost_simulation *sim, size_t i)
{
	infracost_distribution none = {NAN, NAN, NAN, NAN, NAN, NAN};
	return sim && i <= sim->nenvs ? sim->dist[i] : none;
}

size_t infracost_simulation_samples(const infracost_simulation *sim)
{
	return sim ? sim->samples : 0;
}

double infracost_simulation_service_hours(const infracost_simulation *sim)
{
	return sim ? sim->service_hours : 0;
}

/* ---- output ----------------------------------------------------------- */

static void json_dist(infracost_buf *b, infracost_distribution d)
{
	static const char *const k[] = {"mean", "p50", "p90", "p99", "min", "max"};
	double v[] = {d.mean, d.p50, d.p90, d.p99, d.min, d.max};
	infracost__buf_puts(b, "{ ");
	for (size_t i = 0; i < 6; i++) {
		infracost__buf_printf(b, "%s\"%s\": ", i ? ", " : "", k[i]);
		infracost__buf_num(b, v[i]);
	}
	infracost__buf_puts(b, " }");
}

static void table_row(infracost_buf *b, const char *name, size_t width, infracost_distribution d)
{
	double v[] = {d.mean, d.p50, d.p90, d.p99, d.min, d.max};
	char m[INFRACOST_MONEY_MAX];
	size_t len = infracost__text_width(name);
	infracost__buf_text(b, name, NULL, 0);
	infracost__buf_pad(b, len < width ? width - len : 1);
	for (size_t i = 0; i < 6; i++) {
		const char *s = infracost__money(m, v[i]);
		infracost__buf_pad(b, strlen(s) < 14 ? 14 - strlen(s) : 1);
		infracost__buf_puts(b, s);
	}
	infracost__buf_putc(b, '\n');
}

int infracost_simulation_render(char **out, size_t *out_len, const infracost_simulation *sim,
				infracost_format format)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	if (!out || !sim)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_simulation_render: NULL argument");
	if (format == INFRACOST_FORMAT_JSON) {
		infracost__buf_puts(&b, "{\n  \"name\": ");
		infracost__buf_json_str(&b, sim->name);
		infracost__buf_printf(&b, ",\n  \"samples\": %zu,\n  \"seed\": %llu,\n",
				      sim->samples, sim->seed);
		infracost__buf_puts(&b, "  \"currency\": \"USD\",\n  \"environments\": {");
		for (size_t e = 0; e < sim->nenvs; e++) {
			infracost__buf_puts(&b, e ? ",\n    " : "\n    ");
			infracost__buf_json_str(&b, sim->env_names[e]);
			infracost__buf_puts(&b, ": ");
			json_dist(&b, sim->dist[e]);
		}
		infracost__buf_puts(&b, sim->nenvs ? "\n  },\n  \"total\": " : "},\n  \"total\": ");
		json_dist(&b, sim->dist[sim->nenvs]);
		infracost__buf_puts(&b, "\n}\n");
	} else if (format == INFRACOST_FORMAT_TABLE) {
		size_t width = strlen("ENVIRONMENT");
		for (size_t e = 0; e < sim->nenvs; e++)
			if (infracost__text_width(sim->env_names[e]) > width)
				width = infracost__text_width(sim->env_names[e]);
		width += 2;
		infracost__buf_text(&b, sim->name, NULL, 0);
		infracost__buf_printf(&b, ": %zu simulated months (seed %llu), USD per month\n\n",
				      sim->samples, sim->seed);
		infracost__buf_puts(&b, "ENVIRONMENT");
		infracost__buf_pad(&b, width - strlen("ENVIRONMENT"));
		infracost__buf_puts(&b, "          MEAN           P50           P90           P99"
					"           MIN           MAX\n");
		for (size_t e = 0; e < sim->nenvs; e++)
			table_row(&b, sim->env_names[e], width, sim->dist[e]);
		table_row(&b, "TOTAL", width, sim->dist[sim->nenvs]);
	} else {
		return infracost__error(INFRACOST_EINVALID,
					"a simulation renders as table or json (format %d; HTML "
					"with infracost_simulation_render_html)",
					(int)format);
	}
	return infracost__buf_detach(&b, out, out_len);
}
