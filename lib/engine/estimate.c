/* estimate.c - the engine: replica-hours, purchase mix, tiers, totals,
 * capacity and warnings (formats.md section 1 semantics). */
#include "cnum.h"
#include "estimate.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "error.h"
#include "model.h"
#include "service_type.h"
#include "options.h"
#include "strpool.h"
#include "workload.h"

/* Look-ups repeat across services (every container in a region asks for
 * the same vCPU price): a small table of keys already resolved. Provider
 * and region are the spec's interned strings and the catalog service,
 * purchase and unit are the engine's constants, so those compare by
 * pointer; the sku by content. */
#define MEMO_SLOTS 4096
struct memo_entry {
	const char *provider, *cservice, *region, *purchase, *unit;
	char *sku;
	const infracost_price *tiers;
	size_t ntiers;
	int rc;
};

/* A missing price recorded by an estimate, to report them all at the end
 * (formats.md section 5 "Missing prices"): its catalog key (one line per
 * key), place in the spec and message. */
struct missing {
	char *key, *path, *message; /* path, message NULL: past the listed ones */
	uint64_t hash;              /* of key */
	int line, column;
};
/* The missing prices listed with their place and closest keys; those past
 * them are counted (each such look-up would cost passes over the spec's text
 * and the catalog, and nobody reads thousands of lines). */
#define MISSING_LISTED 200
struct missing_list {
	struct missing *v;
	size_t n, cap;
};

/* find_price's answer when it recorded a missing price instead of failing:
 * the line is left out and pricing goes on (the estimate fails at the end). */
#define PRICE_MISSING 1

struct svc_pricer {
	struct memo_entry *memo;
	size_t memo_used;
	infracost_estimate *est;
	const infracost_spec *spec;
	const infracost_catalog *cat;
	const struct environment *env;
	size_t env_index; /* env's index in the spec */
	const struct service *svc;
	const struct svc_env *se;
	infracost_service_result *res;
	size_t first_item;
	const char *itype; /* the instance / node type priced: named, or picked by needs */
	char picked[128];
	struct infracost__sim_capture *cap; /* infra-cost simulate: NULL for an estimate */
	struct infracost__sim_service *sim; /* the record of the service being priced */
	int want_advice;     /* look up the Spot Advisor's interruption rate of vm types */
	double advised_rate; /* that rate, or -1 */
	struct infracost__alone *alone; /* infracost__price_alone: the lines priced */
	const char *cat_region;       /* the catalog service's own region (svc_catalog.region) being
				   looked up in, NULL: the service's region */
	const char *region_key;       /* the key that chose the region of a look-up in another
				   region (infracost__pricer_line_at), NULL: "region" */
	struct missing_list *missing; /* NULL: the first missing price fails at once */
	const char *named_by;         /* infracost__pricer_named_by: the spec key ... */
	const char *family_key;       /* ... and the key of the sku's family */
	char family_prefix[128];
};

/* The region a look-up is in: the catalog service's own, else the service's. */
static const char *lookup_region(const struct svc_pricer *g)
{
	return g->cat_region ? g->cat_region : g->se->region;
}

static int warn(struct svc_pricer *g, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
static int warn(struct svc_pricer *g, const char *fmt, ...)
{
	infracost_estimate *est = g->est;
	char msg[512];
	va_list ap;
	infracost_warning *w;

	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (infracost__grow((void **)&est->warnings, &est->warnings_cap, est->nwarnings + 1,
			    sizeof(*est->warnings)))
		return infracost__error_oom();
	w = &est->warnings[est->nwarnings];
	w->environment = g->env ? g->env->name : NULL;
	w->service = g->svc ? g->svc->name : NULL;
	w->message = infracost__strpool_intern(&est->pool, msg, strlen(msg));
	if (!w->message)
		return infracost__error_oom();
	est->nwarnings++;
	return 0;
}

/* infracost__catalog_find through the memo table. */
static int memo_find(struct svc_pricer *g, const char *cservice, const char *sku,
		     const char *purchase, const char *unit, const infracost_price **tiers,
		     size_t *ntiers)
{
	const struct svc_env *se = g->se;
	const char *region = lookup_region(g);
	size_t len = strlen(sku), slot;
	uint64_t h;
	struct memo_entry *m;

	if (!g->memo)
		return infracost__catalog_find(tiers, ntiers, g->cat, se->provider, cservice,
					       region, sku, purchase, unit);
	h = infracost__hash_bytes(sku, len) ^
	    (((uintptr_t)se->provider ^ ((uintptr_t)region << 7) ^ ((uintptr_t)cservice << 13) ^
	      ((uintptr_t)purchase << 19) ^ ((uintptr_t)unit << 23)) *
	     0x9E3779B97F4A7C15ULL);
	for (slot = (size_t)(h >> 20) & (MEMO_SLOTS - 1);; slot = (slot + 1) & (MEMO_SLOTS - 1)) {
		m = &g->memo[slot];
		if (!m->sku)
			break;
		if (m->provider == se->provider && m->region == region && m->cservice == cservice &&
		    m->purchase == purchase && m->unit == unit && strcmp(m->sku, sku) == 0) {
			*tiers = m->tiers;
			*ntiers = m->ntiers;
			return m->rc;
		}
	}
	m->rc = infracost__catalog_find(&m->tiers, &m->ntiers, g->cat, se->provider, cservice,
					region, sku, purchase, unit);
	*tiers = m->tiers;
	*ntiers = m->ntiers;
	/* Keep the table at most half full; past that, look-ups go uncached. */
	if (g->memo_used < MEMO_SLOTS / 2 && (m->sku = infracost__strndup(sku, len))) {
		m->provider = se->provider;
		m->region = region;
		m->cservice = cservice;
		m->purchase = purchase;
		m->unit = unit;
		g->memo_used++;
	}
	return m->rc;
}

int infracost__service_error(const infracost_spec *spec, const struct service *svc,
			     const struct svc_env *se, int code, const char *fmt, ...)
{
	char msg[1024], path[512];
	int line = 0, column = 0;
	va_list ap;

	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	infracost__spec_key_position(spec, svc, se, &line, &column);
	infracost__svc_key_path(spec, svc, se, path, sizeof(path));
	return infracost__error_at(code, spec->source, line, column, path, "%s", msg);
}

/* Record a missing price (or fail at once when not collecting): `key`
 * dedupes, the place is the spec value that chose the look-up. */
static int add_missing(struct svc_pricer *g, const char *key, const char *path, int line,
		       int column, const char *message)
{
	struct missing_list *l = g->missing;
	struct missing *m;
	uint64_t h = infracost__hash_bytes(key, strlen(key));
	if (!l)
		return infracost__error_at(INFRACOST_ENOTFOUND, g->spec->source, line, column, path,
					   "%s", message);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].hash == h && strcmp(l->v[i].key, key) == 0)
			return PRICE_MISSING; /* reported once, at its first place */
	if (infracost__grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)))
		return infracost__error_oom();
	m = &l->v[l->n++]; /* (freed whole by missing_free, even half made) */
	memset(m, 0, sizeof(*m));
	m->hash = h;
	m->line = line;
	m->column = column;
	if (!(m->key = infracost__strndup(key, strlen(key))))
		return infracost__error_oom();
	if (l->n > MISSING_LISTED || !message)
		return PRICE_MISSING; /* counted, not listed */
	m->path = infracost__strndup(path, strlen(path));
	m->message = infracost__strndup(message, strlen(message));
	if (!m->path || !m->message)
		return infracost__error_oom();
	return PRICE_MISSING;
}

/* 1 when a look-up that found nothing needs no message: its key is
 * recorded already, or the listed ones are full (then it is counted);
 * 0 when it is to be listed; or an error. */
static int missing_known(struct svc_pricer *g, const char *cservice, const char *sku,
			 const char *purchase, const char *unit)
{
	const struct missing_list *l = g->missing;
	char key[1024];
	int rc;
	if (!l)
		return 0;
	infracost__snprintf(key, sizeof(key), "%s/%s/%s/%s/%s/%s", g->se->provider, cservice,
			    lookup_region(g), sku, purchase, unit ? unit : "*");
	if (l->n < MISSING_LISTED) {
		uint64_t h = infracost__hash_bytes(key, strlen(key));
		for (size_t i = 0; i < l->n; i++)
			if (l->v[i].hash == h && strcmp(l->v[i].key, key) == 0)
				return 1;
		return 0;
	}
	rc = add_missing(g, key, NULL, 0, 0, NULL);
	return rc == PRICE_MISSING ? 1 : rc;
}

static void missing_free(struct missing_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		infracost__free(l->v[i].key);
		infracost__free(l->v[i].path);
		infracost__free(l->v[i].message);
	}
	infracost__free(l->v);
}

/* The spec value that chose a look-up that found nothing: the region when
 * the catalog has no row of the provider and service there; the purchase
 * (purchase.spot, purchase.reserved) when the sku has an on-demand row; the
 * family's key (a database's engine) when no sku of the family is there;
 * else the key the type named, else the one that names what is priced. */
static const char *missing_place(struct svc_pricer *g, const char *cservice, const char *sku,
				 const char *purchase, const char *unit, int in_region, char *path,
				 size_t len, int *line, int *column)
{
	const struct svc_env *se = g->se;
	const infracost_price *t;
	size_t n;
	const char *key = g->named_by;

	if (!in_region)
		key = g->region_key ? g->region_key : "region";
	else if (strcmp(purchase, "on_demand") != 0 &&
		 memo_find(g, cservice, sku, "on_demand", unit, &t, &n) == 0)
		key = strcmp(purchase, "spot") == 0 ? "purchase.spot" : "purchase.reserved";
	else if (g->family_key && !infracost__catalog_has(g->cat, se->provider, cservice,
							  lookup_region(g), g->family_prefix))
		key = g->family_key;
	if (key) /* the key, when left to its default (the place is the service's) */
		return infracost__spec_value_position(g->spec, g->svc, g->env->name, key, path, len,
						      line, column)
			       ? key
			       : NULL;
	infracost__spec_key_position(g->spec, g->svc, se, line, column);
	infracost__svc_key_path(g->spec, g->svc, se, path, len);
	return NULL;
}

static int find_price(struct svc_pricer *g, const char *cservice, const char *sku,
		      const char *purchase, const char *unit, const infracost_price **tiers,
		      size_t *ntiers)
{
	const struct svc_env *se = g->se;
	const char *region = lookup_region(g);
	infracost_buf b = INFRACOST_BUF_INIT, k = INFRACOST_BUF_INIT;
	char path[512];
	const char *dflt = NULL;
	int line = 0, column = 0, in_region = 1;
	int rc = memo_find(g, cservice, sku, purchase, unit, tiers, ntiers);
	if (rc == INFRACOST_ENOTFOUND || (rc == 0 && (*tiers)[0].tier_start > 0)) {
		int known = missing_known(g, cservice, sku, purchase, unit);
		if (known)
			return known < 0 ? known : PRICE_MISSING;
	}
	/* price_alone (recommend's trials: their prices were checked first, a
	 * miss is a purchase not offered): the key alone, none of the passes
	 * over the catalog and the spec's text a message for a person takes */
	if (rc == INFRACOST_ENOTFOUND && g->alone) {
		infracost__buf_puts(&b, "price not found: ");
		infracost__catalog_key(&b, se->provider, cservice, region, sku, purchase, unit);
		infracost__buf_printf(&b, " for service '%s' in environment '%s'", g->svc->name,
				      g->env->name);
		rc = infracost__error(INFRACOST_ENOTFOUND, "%s",
				      b.failed ? "price not found" : b.data);
		infracost__buf_free(&b);
		return rc;
	}
	if (rc == INFRACOST_ENOTFOUND)
		in_region = infracost__catalog_has(g->cat, se->provider, cservice, region, NULL);
	if (rc == INFRACOST_ENOTFOUND || (rc == 0 && (*tiers)[0].tier_start > 0))
		dflt = missing_place(g, cservice, sku, purchase, unit, in_region, path,
				     sizeof(path), &line, &column);
	if (rc == 0 && (*tiers)[0].tier_start > 0) {
		infracost__buf_puts(&b, "price ladder of ");
		infracost__catalog_key(&b, se->provider, cservice, region, sku, purchase, unit);
		infracost__buf_printf(&b, " starts at %g %s: usage below it has no price",
				      (*tiers)[0].tier_start, unit);
	} else if (rc == INFRACOST_ENOTFOUND) {
		infracost__buf_puts(&b, "price not found: ");
		infracost__catalog_key(&b, se->provider, cservice, region, sku, purchase, unit);
		infracost__buf_printf(&b,
				      " (provider/service/region/sku/purchase/unit) for service "
				      "'%s' in environment '%s'",
				      g->svc->name, g->env->name);
		if (dflt)
			infracost__buf_printf(&b, " (%s: its default)", dflt);
		infracost__buf_puts(&b, "; ");
		if (!in_region) {
			infracost_buf r = INFRACOST_BUF_INIT;
			infracost__buf_printf(&b, "the catalog has no %s/%s rows in %s",
					      se->provider, cservice, region);
			if (infracost__catalog_regions(&r, g->cat, se->provider, cservice) &&
			    !r.failed)
				infracost__buf_printf(&b, ", only in: %s; ", r.data);
			else
				infracost__buf_puts(&b, " nor in any other region; ");
			b.failed |= r.failed;
			infracost__buf_free(&r);
		}
		infracost__catalog_closest(&b, g->cat, se->provider, cservice, region, sku,
					   purchase, unit);
	} else {
		return rc;
	}
	infracost__catalog_key(&k, se->provider, cservice, region, sku, purchase, unit);
	if (b.failed || k.failed) {
		rc = infracost__error_oom();
	} else {
		rc = add_missing(g, k.data, path, line, column, b.data);
	}
	infracost__buf_free(&b);
	infracost__buf_free(&k);
	return rc;
}

static int new_item(struct svc_pricer *g, infracost_line_item **out)
{
	infracost_estimate *est = g->est;
	if (infracost__grow((void **)&est->items, &est->items_cap, est->nitems + 1,
			    sizeof(*est->items)))
		return infracost__error_oom();
	*out = &est->items[est->nitems++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

/* Price a metered line of `count` equal units of `each` units of one key
 * (per case): the tier ladder applies to `each`, the line holds count x
 * each (count is 1 for a line of one whole quantity; EBS io2 IOPS tiers
 * are per volume). With `always`, the line is priced and shown even when
 * every case is zero. */
static int line_each(struct svc_pricer *g, const char *component, const struct svc_catalog *cat,
		     const char *sku, const char *purchase, const char *unit, double count,
		     struct svc_qty each, int always)
{
	const char *cservice = infracost__svc_catalog_service(cat, g->se->provider);
	struct svc_qty q = infracost__qty_scale(each, count);
	const infracost_price *tiers;
	size_t ntiers;
	infracost_line_item *it = NULL;
	int rc;

	g->cat_region = cat->region;

	if (!always && q.min <= 0 && q.exp <= 0 && q.max <= 0)
		return 0;
	if ((rc = find_price(g, cservice, sku, purchase, unit, &tiers, &ntiers)) ||
	    (rc = new_item(g, &it)))
		return rc == PRICE_MISSING ? 0 : rc;
	it->component = component;
	it->price = &tiers[0];
	it->quantity = q.exp;
	it->monthly = count * infracost_price_tiered_cost(tiers, ntiers, each.exp);
	it->tiered = ntiers > 1 && q.exp > 0 && each.exp > tiers[1].tier_start;
	it->unit_price = it->tiered ? it->monthly / q.exp : tiers[0].price;
	g->res->monthly.min += count * infracost_price_tiered_cost(tiers, ntiers, each.min);
	g->res->monthly.expected += it->monthly;
	g->res->monthly.max += count * infracost_price_tiered_cost(tiers, ntiers, each.max);
	if (g->alone) { /* the quantity the ladder applies to */
		struct infracost__alone *a = g->alone;
		if (a->nlines < sizeof(a->lines) / sizeof(a->lines[0]))
			a->lines[a->nlines] = (struct infracost__alone_line){tiers, ntiers,
									     each.exp};
		a->nlines++;
	}
	return 0;
}

/* A metered line: q units (per case) of one key, tiered. */
static int line(struct svc_pricer *g, const char *component, const struct svc_catalog *cat,
		const char *sku, const char *purchase, const char *unit, struct svc_qty q,
		int always)
{
	return line_each(g, component, cat, sku, purchase, unit, 1, q, always);
}

static const char *reserved_purchase(const struct svc_env *se)
{
	static const char *const names[2][3] = {
		{"reserved_1yr_no_upfront", "reserved_1yr_partial_upfront",
		 "reserved_1yr_all_upfront"},
		{"reserved_3yr_no_upfront", "reserved_3yr_partial_upfront",
		 "reserved_3yr_all_upfront"},
	};
	return names[se->term_months == 36][se->payment % 3];
}

/* R reserved units billed every hour of the month, upfront amortized. */
static int reserved_line(struct svc_pricer *g, const char *component, const struct svc_catalog *cat,
			 const char *sku)
{
	const struct svc_env *se = g->se;
	const char *cservice = infracost__svc_catalog_service(cat, se->provider);
	const infracost_price *tiers;
	size_t ntiers;
	infracost_line_item *it = NULL;
	double month = g->spec->hours, monthly;
	int rc;

	g->cat_region = cat->region;

	if (se->reserved <= 0)
		return 0;
	if ((rc = find_price(g, cservice, sku, reserved_purchase(se), "hour", &tiers, &ntiers)) ||
	    (rc = new_item(g, &it)))
		return rc == PRICE_MISSING ? 0 : rc;
	/* An effective row's price already spreads the upfront over the term:
	 * the monthly cost is exact, the upfront cash unknown (NaN), never 0. */
	monthly = se->reserved * (month * tiers[0].price +
				  (tiers[0].effective ? 0 : tiers[0].upfront / se->term_months));
	it->component = component;
	it->price = &tiers[0];
	it->quantity = se->reserved * month;
	it->monthly = monthly;
	it->unit_price = monthly / it->quantity;
	it->upfront = tiers[0].effective ? NAN : se->reserved * tiers[0].upfront;
	if (tiers[0].effective && !g->alone) {
		infracost_buf k = INFRACOST_BUF_INIT;
		infracost__catalog_key(&k, tiers[0].provider, tiers[0].service, tiers[0].region,
				       tiers[0].sku, tiers[0].purchase, tiers[0].unit);
		rc = warn(g,
			  "upfront unknown: %s is an effective hourly rate (recurring plus "
			  "upfront spread over the term); the monthly cost is exact, the upfront "
			  "cash of %g reserved units is not known",
			  k.failed ? tiers[0].sku : k.data, se->reserved);
		infracost__buf_free(&k);
		if (rc)
			return rc;
	}
	g->res->monthly.min += monthly;
	g->res->monthly.expected += monthly;
	g->res->monthly.max += monthly;
	g->res->upfront += it->upfront;
	return 0;
}

/* A warning for each distinct price row of a service's line items (from
 * `first`) dated more than two years before today ({y, m, d}). Undated rows
 * are named by the renderings' "prices as of" line instead. */
static int warn_stale(struct svc_pricer *g, size_t first, const int today[3])
{
	infracost_estimate *est = g->est;
	long cutoff = (long)(today[0] - 2) * 10000 + today[1] * 100 + today[2];
	int rc = 0;

	for (size_t i = first; i < est->nitems && !rc; i++) {
		const infracost_price *p = est->items[i].price;
		infracost_buf k = INFRACOST_BUF_INIT;
		int y, m, d, seen = 0;
		if (!infracost__price_date(p, &y, &m, &d) ||
		    (long)y * 10000 + m * 100 + d >= cutoff)
			continue;
		for (size_t j = first; j < i && !seen; j++)
			seen = est->items[j].price == p;
		if (seen)
			continue;
		infracost__catalog_key(&k, p->provider, p->service, p->region, p->sku, p->purchase,
				       p->unit);
		rc = warn(g, "price %s is dated %s, more than two years before %04d-%02d-%02d",
			  k.failed ? p->sku : k.data, p->effective_date, today[0], today[1],
			  today[2]);
		infracost__buf_free(&k);
	}
	return rc;
}

/* Average replicas and average uncovered replicas in the three cases. */
static int replicas_of(struct svc_pricer *g, struct svc_replicas *r)
{
	const struct svc_env *se = g->se;
	double R = se->reserved;
	int rc;

	r->avg.min = se->rmin;
	r->avg.max = se->rmax;
	r->uncovered.min = se->rmin > R ? se->rmin - R : 0;
	r->uncovered.max = se->rmax > R ? se->rmax - R : 0;
	if (se->workload >= 0) {
		const struct workload *w = &g->spec->workloads[se->workload];
		double need;
		infracost__replicas_scaled(w, se, 1, R, &r->avg.exp, &r->uncovered.exp);
		need = infracost__replicas_needed(se, w->peak);
		if (need > se->rmax && se->scaling == SCALE_CAPACITY &&
		    (rc = warn(g,
			       "capacity shortfall: at peak demand %g (workload '%s') the service "
			       "needs %g replicas but max is %g; capacity at max is %g (%g at "
			       "target utilization %g)",
			       w->peak, w->name, need, se->rmax,
			       se->rmax * se->capacity_per_replica,
			       se->rmax * se->capacity_per_replica * se->target_utilization,
			       se->target_utilization)))
			return rc;
		if (isinf(need) && se->scaling == SCALE_LATENCY &&
		    (rc = warn(g,
			       "latency objective missed at peak: no replica count can keep the "
			       "p%g wait under %g ms at %g requests/s (workload '%s'); max is %g",
			       se->latency_quantile * 100, se->max_wait_ms, w->peak, w->name,
			       se->rmax)))
			return rc;
		if (need > se->rmax && !isinf(need) && se->scaling == SCALE_LATENCY &&
		    (rc = warn(g,
			       "latency objective missed at peak: %g requests/s (workload '%s') "
			       "need %g replicas to keep the p%g wait under %g ms, but max is %g",
			       w->peak, w->name, need, se->latency_quantile * 100, se->max_wait_ms,
			       se->rmax)))
			return rc;
		if (need > se->rmax && se->scaling == SCALE_USL && isinf(need) &&
		    (rc = warn(
			     g,
			     "capacity shortfall: peak demand %g (workload '%s') is beyond the USL "
			     "model's peak throughput; max %g replicas carry %g",
			     w->peak, w->name, se->rmax,
			     se->target_utilization * se->usl_gamma * se->rmax /
				     (1 + se->usl_alpha * (se->rmax - 1) +
				      se->usl_beta * se->rmax * (se->rmax - 1)))))
			return rc;
		if (need > se->rmax && se->scaling == SCALE_USL && !isinf(need) &&
		    (rc = warn(
			     g,
			     "capacity shortfall: at peak demand %g (workload '%s') the USL model "
			     "needs %g replicas but max is %g",
			     w->peak, w->name, need, se->rmax)))
			return rc;
	} else if (se->fixed) {
		r->avg.exp = se->rmin;
		r->uncovered.exp = r->uncovered.min;
	} else if (se->has_average) {
		r->avg.exp = se->average;
		r->uncovered.exp = se->average > R ? se->average - R : 0;
	} else {
		r->avg.exp = se->rmin;
		r->uncovered.exp = r->uncovered.min;
		if (se->rmin != se->rmax &&
		    (rc = warn(g,
			       "expected cost assumes the minimum of %g replicas (range %g-%g with "
			       "no autoscaling workload or average)",
			       se->rmin, se->rmin, se->rmax)))
			return rc;
	}
	if (R > se->rmax &&
	    (rc = warn(g,
		       "%g reserved units exceed the maximum of %g replicas: %g are paid for and "
		       "never used",
		       R, se->rmax, R - se->rmax)))
		return rc;
	return 0;
}

/* Hours of a metered replica line split between spot and on-demand. */
static int spot_split(struct svc_pricer *g, const char *component, const struct svc_catalog *part,
		      const char *sku, const char *unit, struct svc_qty uncovered_units,
		      double per_replica_hour)
{
	double s = g->se->spot;
	int rc;

	g->cat_region = part->region;
	if ((rc = line(g, component, part, sku, "on_demand", unit,
		       infracost__qty_scale(uncovered_units, 1 - s), s < 1)))
		return rc;
	if (s > 0 && (rc = line(g, component, part, sku, "spot", unit,
				infracost__qty_scale(uncovered_units, s), 1)))
		return rc;
	if (g->sim && g->sim->nsplit < 2) {
		struct infracost__sim_split *sp = &g->sim->split[g->sim->nsplit];
		const char *cservice = infracost__svc_catalog_service(part, g->se->provider);
		memset(sp, 0, sizeof(*sp));
		sp->per_replica_hour = per_replica_hour;
		if ((rc = find_price(g, cservice, sku, "on_demand", unit, &sp->od, &sp->nod)) ||
		    (s > 0 &&
		     (rc = find_price(g, cservice, sku, "spot", unit, &sp->spot, &sp->nspot))))
			return rc == PRICE_MISSING ? 0 : rc;
		g->sim->nsplit++;
	}
	return 0;
}

/* database and cache: `units` instances run every hour of the environment,
 * the first R of them on the reservation. */
static int price_instances(struct svc_pricer *g, const char *component,
			   const struct svc_catalog *part, const char *sku, double units)
{
	const struct svc_env *se = g->se;
	double uncovered = units > se->reserved ? units - se->reserved : 0;
	int rc;
	if (se->reserved > units &&
	    (rc = warn(g, "%g reserved units exceed the %g running: %g are paid for and never used",
		       se->reserved, units, se->reserved - units)))
		return rc;
	if ((rc = reserved_line(g, component, part, sku)))
		return rc;
	g->res->replicas = (infracost_range){units, units, units};
	return line(g, component, part, sku, "on_demand", "hour",
		    infracost__qty_constant(uncovered * g->env->hours), se->reserved <= 0);
}

/* ---- what a service type prices with (service_type.h) ---------------- */

const struct svc_env *infracost__pricer_env(const struct svc_pricer *g)
{
	return g->se;
}

double infracost__pricer_hours(const struct svc_pricer *g)
{
	return g->env->hours;
}

const char *infracost__pricer_itype(const struct svc_pricer *g)
{
	return g->itype;
}

int infracost__pricer_warn(struct svc_pricer *g, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return warn(g, "%s", msg);
}

const char *infracost__pricer_name(struct svc_pricer *g, const char *fmt, ...)
{
	char name[256];
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return infracost__strpool_intern(&g->est->pool, name, strlen(name));
}

void infracost__pricer_named_by(struct svc_pricer *g, const char *key, const char *family_key,
				const char *family_prefix)
{
	g->named_by = key;
	g->family_key = family_key;
	infracost__snprintf(g->family_prefix, sizeof(g->family_prefix), "%s",
			    family_prefix ? family_prefix : "");
}

int infracost__pricer_line(struct svc_pricer *g, const char *component,
			   const struct svc_catalog *cat, const char *sku, const char *purchase,
			   const char *unit, struct svc_qty q, int always)
{
	return line(g, component, cat, sku, purchase, unit, q, always);
}

int infracost__pricer_line_each(struct svc_pricer *g, const char *component,
				const struct svc_catalog *cat, const char *sku,
				const char *purchase, const char *unit, double count,
				struct svc_qty each, int always)
{
	return line_each(g, component, cat, sku, purchase, unit, count, each, always);
}

int infracost__pricer_metered(struct svc_pricer *g, const struct svc_catalog *cat,
			      const struct svc_metered *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = line(g, lines[i].component, cat, lines[i].sku, "on_demand", lines[i].unit,
			      infracost__qty_constant(g->se->v[lines[i].key].num), 0);
		if (rc)
			return rc;
	}
	return 0;
}

int infracost__pricer_line_at(struct svc_pricer *g, const char *region, const char *key,
			      int key_env, const char *component, const struct svc_catalog *cat,
			      const char *sku, const char *purchase, const char *unit,
			      struct svc_qty q, int always)
{
	/* the same values seen from another region and key, for this line only */
	const struct svc_env *se = g->se;
	const char *named_by = g->named_by, *region_key = g->region_key;
	struct svc_env at = *se;
	int rc;
	if (region)
		at.region = region;
	if (key) {
		at.key_name = key;
		at.key_env = key_env;
		g->named_by = key;
		if (region)
			g->region_key = key;
	}
	g->se = &at;
	rc = line(g, component, cat, sku, purchase, unit, q, always);
	g->se = se;
	g->named_by = named_by;
	g->region_key = region_key;
	return rc;
}

int infracost__pricer_replicas(struct svc_pricer *g, struct svc_replicas *r)
{
	return replicas_of(g, r);
}

int infracost__pricer_reserved(struct svc_pricer *g, const char *component,
			       const struct svc_catalog *cat, const char *sku)
{
	return reserved_line(g, component, cat, sku);
}

int infracost__pricer_spot_split(struct svc_pricer *g, const char *component,
				 const struct svc_catalog *cat, const char *sku, const char *unit,
				 struct svc_qty uncovered_units, double per_replica_hour)
{
	return spot_split(g, component, cat, sku, unit, uncovered_units, per_replica_hour);
}

void infracost__pricer_set_replicas(struct svc_pricer *g, struct svc_qty avg)
{
	g->res->replicas = (infracost_range){avg.min, avg.exp, avg.max};
}

void infracost__pricer_capacity(struct svc_pricer *g, double vcpu, double memory_gb,
				struct svc_qty avg)
{
	g->res->vcpu_min = vcpu * avg.min;
	g->res->vcpu_max = vcpu * avg.max;
	g->res->memory_gb_min = memory_gb * avg.min;
	g->res->memory_gb_max = memory_gb * avg.max;
}

int infracost__pricer_instances(struct svc_pricer *g, const char *component,
				const struct svc_catalog *cat, const char *sku, double units)
{
	return price_instances(g, component, cat, sku, units);
}

int infracost__pricer_lookup(struct svc_pricer *g, const struct svc_catalog *cat, const char *sku,
			     const char *purchase, const char *unit, const infracost_price **tiers,
			     size_t *ntiers)
{
	g->cat_region = cat->region;
	return infracost__catalog_find(tiers, ntiers, g->cat, g->se->provider,
				       infracost__svc_catalog_service(cat, g->se->provider),
				       lookup_region(g), sku, purchase, unit);
}

void infracost__pricer_spot_advice(struct svc_pricer *g, const struct svc_catalog *cat,
				   const char *sku)
{
	const infracost_price *t;
	size_t n;
	g->advised_rate = -1;
	g->cat_region = cat->region;
	if (g->want_advice && memo_find(g, infracost__svc_catalog_service(cat, g->se->provider),
					sku, "spot_interruption", "share", &t, &n) == 0)
		g->advised_rate = t[0].price;
	if (g->sim)
		g->sim->advised_rate = g->advised_rate;
}

int infracost__pricer_sim_extra(struct svc_pricer *g, const struct svc_catalog *cat,
				const char *sku, const char *purchase, const char *unit,
				double per_replica)
{
	struct infracost__sim_extra *x;
	int rc;
	if (!g->sim)
		return 0;
	if (g->sim->nextra >= sizeof(g->sim->extra) / sizeof(g->sim->extra[0]))
		return infracost__error(INFRACOST_EINVALID, "more than %zu per-replica lines",
					sizeof(g->sim->extra) / sizeof(g->sim->extra[0]));
	x = &g->sim->extra[g->sim->nextra];
	x->per_replica = per_replica;
	g->cat_region = cat->region;
	rc = find_price(g, infracost__svc_catalog_service(cat, g->se->provider), sku, purchase,
			unit, &x->tiers, &x->ntiers);
	if (rc == PRICE_MISSING)
		return 0;
	if (rc)
		return rc;
	g->sim->nextra++;
	return 0;
}

int infracost__pricer_spec_line(struct svc_pricer *g, const char *name, double quantity,
				const char *unit, double unit_price)
{
	const struct svc_env *se = g->se;
	infracost_line_item *it = NULL;
	infracost_price *row;
	int rc = new_item(g, &it);
	if (rc)
		return rc;
	/* A row made from the spec (slots sized before computing). */
	row = &g->est->custom_rows[g->est->ncustom_rows++];
	memset(row, 0, sizeof(*row));
	row->provider = se->provider;
	row->service = "custom";
	row->region = se->region;
	row->sku = name;
	row->purchase = "custom";
	row->unit = unit;
	row->price = unit_price;
	row->vcpu = row->memory_gb = -1;
	row->effective_date = "";
	row->source = "spec";
	row->origin = g->spec->source;
	it->component = name;
	it->price = row;
	it->quantity = quantity;
	it->unit_price = unit_price;
	it->monthly = quantity * unit_price;
	g->res->monthly.min += it->monthly;
	g->res->monthly.expected += it->monthly;
	g->res->monthly.max += it->monthly;
	return 0;
}

/* ---- right-sizing: the cheapest instance that meets a service's needs ---- */

struct pick {
	const struct svc_env *se;
	const char *prefix, *suffix; /* database "ENGINE:" ... ":single_az", cache "ENGINE:" */
	const infracost_price *best;
	char name[128];
};

static int consider(void *ctx, const infracost_price *t, size_t n)
{
	struct pick *p = ctx;
	const struct svc_env *se = p->se;
	const char *sku = t[0].sku, *start = sku;
	size_t len = strlen(sku), plen = p->prefix ? strlen(p->prefix) : 0,
	       slen = p->suffix ? strlen(p->suffix) : 0;
	(void)n;
	if (plen && strncmp(sku, p->prefix, plen) != 0)
		return 0;
	if (slen && (len < plen + slen || strcmp(sku + len - slen, p->suffix) != 0))
		return 0;
	start += plen;
	len -= plen + slen;
	if (len == 0 || len >= sizeof(p->name) || memchr(start, ':', len))
		return 0; /* not ENGINE:TYPE[:AZ] of this engine */
	if (t[0].vcpu < 0 || t[0].memory_gb < 0)
		return 0; /* its size is unknown: it cannot be shown to fit */
	if (t[0].vcpu < se->needs_vcpu || t[0].memory_gb < se->needs_memory_gb)
		return 0;
	if (se->needs_arch && strcmp(t[0].arch ? t[0].arch : "", se->needs_arch) != 0)
		return 0;
	if (p->best && (t[0].price > p->best->price ||
			(t[0].price == p->best->price && strcmp(sku, p->best->sku) >= 0)))
		return 0;
	p->best = &t[0];
	memcpy(p->name, start, len);
	p->name[len] = '\0';
	return 0;
}

/* The instance type to price: the one named, else the cheapest on-demand
 * one of the catalog that meets the needs. */
static int resolve_type(struct svc_pricer *g)
{
	const struct svc_env *se = g->se;
	const struct svc_type *t = g->svc->type;
	struct pick p = {se, NULL, NULL, NULL, ""};
	char prefix[128], suffix[32];
	const char *cservice;
	int rc;

	g->itype = t->type_key >= 0 ? se->v[t->type_key].str : NULL;
	if (g->itype || !se->has_needs || !(t->caps & SVC_CAP_NEEDS))
		return 0;
	if (t->type_pattern) {
		t->type_pattern(se, prefix, sizeof(prefix), suffix, sizeof(suffix));
		p.prefix = prefix;
		p.suffix = suffix;
	}
	cservice = infracost__svc_catalog_service(t->type_catalog, se->provider);
	if ((rc = infracost__catalog_each(g->cat, se->provider, cservice, se->region, "on_demand",
					  "hour", consider, &p)))
		return rc;
	if (!p.best) {
		char needs[160];
		int n = 0;
		if (se->needs_vcpu > 0)
			n += infracost__snprintf(needs + n, sizeof(needs) - (size_t)n, "%g vCPU",
						 se->needs_vcpu);
		if (se->needs_memory_gb > 0)
			n += infracost__snprintf(needs + n, sizeof(needs) - (size_t)n, "%s%g GB",
						 n ? ", " : "", se->needs_memory_gb);
		if (se->needs_arch)
			infracost__snprintf(needs + n, sizeof(needs) - (size_t)n, "%s%s",
					    n ? ", " : "", se->needs_arch);
		{
			char msg[768], path[512], key[512];
			int line = 0, column = 0;
			infracost__snprintf(msg, sizeof(msg),
					    "no on-demand %s/%s/%s type with a known size meets "
					    "the needs (%s) of service '%s' in environment '%s'",
					    se->provider, cservice, se->region, needs, g->svc->name,
					    g->env->name);
			infracost__snprintf(key, sizeof(key), "needs:%s:%s", g->svc->name,
					    g->env->name);
			if (!infracost__catalog_has(g->cat, se->provider, cservice, se->region,
						    NULL)) {
				/* no row there at all: the region chose it */
				size_t used = strlen(msg);
				infracost_buf r = INFRACOST_BUF_INIT;
				infracost__catalog_regions(&r, g->cat, se->provider, cservice);
				infracost__snprintf(msg + used, sizeof(msg) - used,
						    "; the catalog has no %s/%s rows in %s%s%s",
						    se->provider, cservice, se->region,
						    r.len && !r.failed ? ", only in: "
								       : " nor in any other region",
						    r.len && !r.failed ? r.data : "");
				infracost__buf_free(&r);
				infracost__spec_value_position(g->spec, g->svc, g->env->name,
							       "region", path, sizeof(path), &line,
							       &column);
			} else {
				infracost__spec_key_position(g->spec, g->svc, se, &line, &column);
				infracost__svc_key_path(g->spec, g->svc, se, path, sizeof(path));
			}
			return add_missing(g, key, path, line, column, msg);
		}
	}
	infracost__snprintf(g->picked, sizeof(g->picked), "%s", p.name);
	g->itype = g->picked;
	return 0;
}

static int price_service(struct svc_pricer *g)
{
	int rc;
	infracost__pricer_named_by(g, NULL, NULL, NULL);
	if ((rc = resolve_type(g)))
		return rc;
	return g->svc->type->price(g);
}

/* Every missing price recorded, one error each, in the spec's order:
 * INFRACOST_ENOTFOUND (0 when none). */
static int report_missing(const infracost_spec *spec, const struct missing_list *l)
{
	size_t listed = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct missing *m = &l->v[i];
		if (!m->message)
			continue;
		if (listed++ == 0)
			infracost__error_at(INFRACOST_ENOTFOUND, spec->source, m->line, m->column,
					    m->path, "%s", m->message);
		else
			infracost__error_more(INFRACOST_ENOTFOUND, spec->source, m->line, m->column,
					      m->path, "%s", m->message);
	}
	if (l->n > listed)
		infracost__error_more(INFRACOST_ENOTFOUND, spec->source, 0, 0, NULL,
				      "%zu more missing prices are not listed (the first %zu are)",
				      l->n - listed, listed);
	return l->n ? INFRACOST_ENOTFOUND : 0;
}

int infracost__check_prices(const infracost_spec *spec, const infracost_catalog *cat,
			    int (*want)(void *ctx, size_t env, size_t svc), void *ctx)
{
	infracost_estimate *est = infracost__calloc(1, sizeof(*est));
	struct missing_list missing = {0};
	struct svc_pricer g = {0};
	int rc = 0;

	if (!est)
		return infracost__error_oom();
	infracost__strpool_init(&est->pool);
	g.est = est;
	g.spec = spec;
	g.cat = cat;
	g.advised_rate = -1;
	g.missing = &missing;
	for (size_t e = 0; e < spec->nenvs && !rc; e++) {
		g.env = &spec->envs[e];
		for (size_t s = 0; s < spec->nservices && !rc; s++) {
			infracost_service_result res = {0};
			if (!spec->services[s].envs[e] || spec->services[s].type->spec_rows ||
			    !want(ctx, e, s))
				continue; /* (a type priced from the spec looks nothing up) */
			g.svc = &spec->services[s];
			g.se = spec->services[s].envs[e];
			g.res = &res;
			est->nitems = 0; /* (only the look-ups matter) */
			if ((rc = price_service(&g)) == PRICE_MISSING)
				rc = 0;
		}
	}
	if (!rc)
		rc = report_missing(spec, &missing);
	missing_free(&missing);
	infracost_estimate_free(est);
	return rc;
}

int infracost__price_alone(struct infracost__alone *out, const infracost_spec *spec,
			   const infracost_catalog *cat, size_t env, size_t svc,
			   const struct svc_env *se, double hours)
{
	infracost_estimate *est = infracost__calloc(1, sizeof(*est));
	infracost_service_result res = {0};
	struct environment e = spec->envs[env];
	struct svc_pricer g = {0};
	int rc;

	if (!est)
		return infracost__error_oom();
	infracost__strpool_init(&est->pool);
	if (hours > 0)
		e.hours = hours;
	g.est = est;
	g.spec = spec;
	g.cat = cat;
	g.env = &e;
	g.env_index = env;
	g.svc = &spec->services[svc];
	g.se = se;
	g.res = &res;
	g.want_advice = 1;
	g.advised_rate = -1;
	g.alone = out;
	out->nlines = 0;
	rc = price_service(&g);
	if (!rc) {
		out->advised_rate = g.advised_rate;
		out->monthly = res.monthly.expected;
		out->upfront = res.upfront;
		infracost__snprintf(out->itype, sizeof(out->itype), "%s", g.itype ? g.itype : "");
	}
	infracost_estimate_free(est);
	return rc;
}

void infracost_estimate_free(infracost_estimate *est)
{
	if (!est)
		return;
	infracost__free(est->envs);
	infracost__free(est->services);
	infracost__free(est->items);
	infracost__free(est->warnings);
	infracost__free(est->custom_rows);
	infracost__free(est->inputs);
	infracost__free(est->budgets);
	infracost__strpool_free(&est->pool);
	infracost__free(est);
}

/* The spec's inputs of the estimated environments (and those of every
 * environment), borrowed from the spec. */
static int select_inputs(infracost_estimate *est, const infracost_spec *spec,
			 const unsigned char *selected)
{
	if (!spec->ninputs)
		return 0;
	if (!(est->inputs = infracost__malloc(spec->ninputs * sizeof(*est->inputs))))
		return infracost__error_oom();
	for (size_t i = 0; i < spec->ninputs; i++) {
		const infracost_input *in = &spec->inputs[i];
		size_t e = 0;
		if (in->environment)
			for (e = 0; e < spec->nenvs && spec->envs[e].name != in->environment; e++)
				;
		if (!in->environment || (e < spec->nenvs && selected[e]))
			est->inputs[est->ninputs++] = in;
	}
	return 0;
}

static int select_envs(const infracost_spec *spec, const infracost_estimate_options *opt,
		       unsigned char *selected)
{
	if (!opt || !opt->environments || opt->environment_count == 0) {
		memset(selected, 1, spec->nenvs);
		return 0;
	}
	memset(selected, 0, spec->nenvs);
	for (size_t i = 0; i < opt->environment_count; i++) {
		int idx = infracost_spec_environment_index(spec, opt->environments[i]);
		if (idx < 0)
			return infracost__error(INFRACOST_EINVALID,
						"unknown environment '%s' (the spec defines %zu)",
						opt->environments[i] ? opt->environments[i]
								     : "(null)",
						spec->nenvs);
		selected[idx] = 1;
	}
	return 0;
}

/* Where each version of infracost_estimate_options ends (options.h). */
static const size_t options_ends[INFRACOST_ESTIMATE_OPTIONS_VERSION + 1] = {
	0, INFRACOST__OPTIONS_END(infracost_estimate_options, environment_count)};

int infracost_estimate_compute(infracost_estimate **out, const infracost_spec *spec,
			       const infracost_catalog *cat, const infracost_estimate_options *opt)
{
	infracost_estimate_options o = INFRACOST_ESTIMATE_OPTIONS_INIT;
	int rc;
	if (out)
		*out = NULL;
	if ((rc = infracost__options_copy(&o, opt, options_ends, INFRACOST_ESTIMATE_OPTIONS_VERSION,
					  "infracost_estimate_compute",
					  "INFRACOST_ESTIMATE_OPTIONS_INIT")))
		return rc;
	return infracost__estimate_capture(out, spec, cat, &o, NULL);
}

/* An amount that is not a finite number (an overflow to infinity, or
 * infinity less infinity) is refused where it first appears: a line item,
 * the service, or a sum it joins. The error is at the service's place in
 * the spec; a line item's also names the price row's book line. */
static int not_finite(struct svc_pricer *g, const char *what)
{
	return infracost__service_error(
		g->spec, g->svc, g->se, INFRACOST_ENUMERIC,
		"amount out of range: %s of service '%s' in environment '%s' is not a finite "
		"number (lower the quantities, replicas or prices that make it)",
		what, g->svc->name, g->env->name);
}

static int finite3(infracost_range r)
{
	return isfinite(r.min) && isfinite(r.expected) && isfinite(r.max);
}

/* An upfront is finite, or NaN: unknown (an effective reserved row's). */
static int upfront_ok(double upfront)
{
	return !isinf(upfront);
}

static int check_finite(struct svc_pricer *g, const infracost_service_result *res,
			const infracost_env_result *er, const infracost_estimate *est)
{
	const infracost_line_item *items = &est->items[est->nitems - res->line_item_count];
	for (size_t i = 0; i < res->line_item_count; i++) {
		const infracost_line_item *it = &items[i];
		if (isfinite(it->quantity) && isfinite(it->unit_price) && isfinite(it->monthly) &&
		    upfront_ok(it->upfront))
			continue;
		return infracost__service_error(
			g->spec, g->svc, g->se, INFRACOST_ENUMERIC,
			"amount out of range: line item '%s' of service '%s' in environment '%s' "
			"is not a finite number (%g %s x %g USD, upfront %g; price row %s/%s/%s/"
			"%s/%s/%s from %s)",
			it->component, g->svc->name, g->env->name, it->quantity, it->price->unit,
			it->unit_price, it->upfront, it->price->provider, it->price->service,
			it->price->region, it->price->sku, it->price->purchase, it->price->unit,
			it->price->origin ? it->price->origin : "(no origin)");
	}
	if (!finite3(res->monthly) || !upfront_ok(res->upfront))
		return not_finite(g, "the monthly cost");
	if (!finite3(res->replicas) || !isfinite(res->vcpu_max) || !isfinite(res->memory_gb_max))
		return not_finite(g, "the replicas or the capacity");
	if (!finite3(er->monthly) || !upfront_ok(er->upfront) || !isfinite(er->vcpu_max) ||
	    !isfinite(er->memory_gb_max))
		return not_finite(g, "the environment's total with the cost");
	if (!isfinite(est->total.max + er->monthly.max) ||
	    !isfinite(est->total.expected + er->monthly.expected) ||
	    !isfinite(est->total.min + er->monthly.min) ||
	    !upfront_ok(est->total_upfront + er->upfront))
		return not_finite(g, "the estimate's total with the cost");
	return 0;
}

/* Open the simulation record of the service about to be priced. */
static int sim_begin(struct svc_pricer *g, size_t env, size_t result)
{
	struct infracost__sim_capture *cap = g->cap;
	g->sim = NULL;
	if (!cap || !(g->svc->type->caps & SVC_CAP_SIMULATE))
		return 0;
	if (infracost__grow((void **)&cap->svc, &cap->cap, cap->n + 1, sizeof(*cap->svc)))
		return infracost__error_oom();
	g->sim = &cap->svc[cap->n++];
	memset(g->sim, 0, sizeof(*g->sim));
	g->sim->advised_rate = -1; /* a type may set one (infracost__pricer_spot_advice) */
	g->sim->env = env;
	g->sim->result = result;
	g->sim->se = g->se;
	g->sim->hours = g->env->hours;
	return 0;
}

int infracost__estimate_capture(infracost_estimate **out, const infracost_spec *spec,
				const infracost_catalog *cat, const infracost_estimate_options *opt,
				struct infracost__sim_capture *cap)
{
	infracost_estimate *est;
	unsigned char *selected = NULL;
	struct svc_pricer g = {0};
	struct missing_list missing = {0};
	size_t *first_service = NULL, *service_count = NULL;
	int today[3];
	int rc = 0;

	if (!out || !spec || !cat)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_estimate_compute: NULL argument");
	*out = NULL;
	est = infracost__calloc(1, sizeof(*est));
	if (!est)
		return infracost__error_oom();
	infracost__strpool_init(&est->pool);
	est->name = spec->name;
	est->hours = spec->hours;
	selected = infracost__malloc(spec->nenvs);
	est->envs = infracost__calloc(spec->nenvs, sizeof(*est->envs));
	first_service = infracost__calloc(spec->nenvs, sizeof(size_t));
	service_count = infracost__calloc(spec->nenvs, sizeof(size_t));
	if (!selected || !est->envs || !first_service || !service_count) {
		rc = infracost__error_oom();
		goto done;
	}
	if ((rc = select_envs(spec, opt, selected)))
		goto done;
	if ((rc = select_inputs(est, spec, selected)))
		goto done;
	memset(&g, 0, sizeof(g));
	/* Size the result arrays once: no copying as they fill. */
	{
		size_t nsvc = 0, nitems = 0, ncustom = 0;
		for (size_t e = 0; e < spec->nenvs; e++) {
			if (!selected[e])
				continue;
			for (size_t s = 0; s < spec->nservices; s++) {
				const struct svc_env *se = spec->services[s].envs[e];
				if (!se)
					continue;
				nsvc++;
				const struct svc_type *t = spec->services[s].type;
				size_t rows = t->spec_rows ? t->spec_rows(se) : 0;
				nitems += t->spec_rows ? rows : 4;
				ncustom += rows;
			}
		}
		if (infracost__grow((void **)&est->services, &est->services_cap, nsvc,
				    sizeof(*est->services)) ||
		    infracost__grow((void **)&est->items, &est->items_cap, nitems,
				    sizeof(*est->items)) ||
		    !(est->custom_rows = infracost__calloc(ncustom + 1,
							   sizeof(*est->custom_rows)))) {
			rc = infracost__error_oom();
			goto done;
		}
	}
	g.memo = infracost__calloc(MEMO_SLOTS, sizeof(*g.memo)); /* optional: NULL is uncached */
	g.est = est;
	g.spec = spec;
	g.cat = cat;
	g.cap = cap;
	g.want_advice = cap != NULL;
	g.missing = &missing;
	infracost__today(&today[0], &today[1], &today[2]);
	for (size_t e = 0; e < spec->nenvs; e++) {
		infracost_env_result *er;
		if (!selected[e])
			continue;
		er = &est->envs[est->nenvs];
		er->name = spec->envs[e].name;
		er->region = spec->envs[e].region ? spec->envs[e].region : "";
		er->hours_per_month = spec->envs[e].hours;
		first_service[est->nenvs] = est->nservices;
		g.env = &spec->envs[e];
		g.env_index = e;
		for (size_t s = 0; s < spec->nservices; s++) {
			infracost_service_result *res;
			const struct svc_env *se = spec->services[s].envs[e];
			if (!se)
				continue;
			if (infracost__grow((void **)&est->services, &est->services_cap,
					    est->nservices + 1, sizeof(*est->services))) {
				rc = infracost__error_oom();
				goto done;
			}
			res = &est->services[est->nservices++];
			memset(res, 0, sizeof(*res));
			res->name = spec->services[s].name;
			res->type = spec->services[s].type->name;
			res->provider = se->provider;
			res->region = se->region;
			res->vcpu_min = res->vcpu_max = res->memory_gb_min = res->memory_gb_max =
				-1;
			/* line_items holds the index of the first item until fixed up. */
			res->line_item_count = est->nitems;
			g.svc = &spec->services[s];
			g.se = se;
			g.res = res;
			if ((rc = sim_begin(&g, est->nenvs, est->nservices - 1)) ||
			    ((rc = price_service(&g)) && rc != PRICE_MISSING))
				goto done;
			if ((rc = warn_stale(&g, est->services[est->nservices - 1].line_item_count,
					     today)))
				goto done;
			res = &est->services[est->nservices - 1];
			res->line_item_count = est->nitems - res->line_item_count;
			er->monthly.min += res->monthly.min;
			er->monthly.expected += res->monthly.expected;
			er->monthly.max += res->monthly.max;
			er->upfront += res->upfront;
			if (res->vcpu_min >= 0) {
				er->vcpu_min += res->vcpu_min;
				er->vcpu_max += res->vcpu_max;
				er->memory_gb_min += res->memory_gb_min;
				er->memory_gb_max += res->memory_gb_max;
			}
			if ((rc = check_finite(&g, res, er, est)))
				goto done;
		}
		service_count[est->nenvs] = est->nservices - first_service[est->nenvs];
		est->total.min += er->monthly.min;
		est->total.expected += er->monthly.expected;
		est->total.max += er->monthly.max;
		est->total_upfront += er->upfront;
		est->nenvs++;
	}
	if ((rc = report_missing(spec, &missing)))
		goto done;
	/* Arrays are final: point results at their parts. */
	{
		size_t item = 0;
		for (size_t s = 0; s < est->nservices; s++) {
			est->services[s].line_items = est->items ? &est->items[item] : NULL;
			item += est->services[s].line_item_count;
		}
		for (size_t e = 0; e < est->nenvs; e++) {
			est->envs[e].services = est->services ? &est->services[first_service[e]]
							      : NULL;
			est->envs[e].service_count = service_count[e];
		}
	}
	/* The spec's budgets, against the environments estimated. */
	if ((rc = infracost__estimate_budgets(est, spec, est->nenvs == spec->nenvs)))
		goto done;
done:
	missing_free(&missing);
	if (g.memo) {
		for (size_t i = 0; i < MEMO_SLOTS; i++)
			infracost__free(g.memo[i].sku);
		infracost__free(g.memo);
	}
	infracost__free(selected);
	infracost__free(first_service);
	infracost__free(service_count);
	if (rc) {
		infracost_estimate_free(est);
		return rc;
	}
	*out = est;
	return 0;
}

const char *infracost_estimate_name(const infracost_estimate *est)
{
	return est ? est->name : "";
}

double infracost_estimate_hours_per_month(const infracost_estimate *est)
{
	return est ? est->hours : 0;
}

size_t infracost_estimate_environment_count(const infracost_estimate *est)
{
	return est ? est->nenvs : 0;
}

const infracost_env_result *infracost_estimate_environment(const infracost_estimate *est, size_t i)
{
	return est && i < est->nenvs ? &est->envs[i] : NULL;
}

infracost_range infracost_estimate_total(const infracost_estimate *est)
{
	infracost_range zero = {0, 0, 0};
	return est ? est->total : zero;
}

double infracost_estimate_total_upfront(const infracost_estimate *est)
{
	return est ? est->total_upfront : 0;
}

size_t infracost_estimate_input_count(const infracost_estimate *est)
{
	return est ? est->ninputs : 0;
}

const infracost_input *infracost_estimate_input(const infracost_estimate *est, size_t i)
{
	return est && i < est->ninputs ? est->inputs[i] : NULL;
}

size_t infracost_estimate_warning_count(const infracost_estimate *est)
{
	return est ? est->nwarnings : 0;
}

const infracost_warning *infracost_estimate_warning(const infracost_estimate *est, size_t i)
{
	return est && i < est->nwarnings ? &est->warnings[i] : NULL;
}
