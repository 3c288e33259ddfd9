/* recommend.c - the purchase mix and instance type that cost least
 * (include/infracost/recommend.h): every candidate is priced with the
 * estimate's own rules (infracost__price_alone). */
#include "cnum.h"
#include "infracost/recommend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "estimate.h"
#include "model.h"
#include "service_type.h"
#include "options.h"
#include "strpool.h"
#include "workload.h"

struct slot {
	infracost_advice pub;
	char current_type[128], recommended_type[128], cheaper[128];
};

struct infracost_recommendation {
	struct slot *slots;
	size_t n, cap;
	infracost_strpool pool; /* environment and service names: the spec may go first */
};

static const char *const payments[3] = {"no_upfront", "partial_upfront", "all_upfront"};

void infracost_recommendation_free(infracost_recommendation *rec)
{
	if (!rec)
		return;
	infracost__free(rec->slots);
	infracost__strpool_free(&rec->pool);
	infracost__free(rec);
}

size_t infracost_recommendation_count(const infracost_recommendation *rec)
{
	return rec ? rec->n : 0;
}

const infracost_advice *infracost_recommendation_get(const infracost_recommendation *rec, size_t i)
{
	return rec && i < rec->n ? &rec->slots[i].pub : NULL;
}

static int recommendable(const struct service *svc)
{
	return (svc->type->caps & (SVC_CAP_RESERVED | SVC_CAP_SPOT)) != 0;
}

/* The units a reservation can cover: replicas, instances or nodes. */
static double units_of(const struct service *svc, const struct svc_env *se)
{
	if (svc->type->units)
		return svc->type->units(se);
	return ceil(se->rmax);
}

struct ctx {
	const infracost_spec *spec;
	const infracost_catalog *cat;
	size_t env, svc;
};

/* Price `se`; *offered = 0 (and 0 returned) when a price it needs is not in
 * the catalog and `optional`. */
static int price(const struct ctx *c, const struct svc_env *se, double hours, int optional,
		 int *offered, struct infracost__alone *out)
{
	int rc = infracost__price_alone(out, c->spec, c->cat, c->env, c->svc, se, hours);
	if (offered)
		*offered = rc == 0;
	if (rc == INFRACOST_ENOTFOUND && optional)
		return 0;
	return rc;
}

/* Monthly cost of one unit reserved all month and of one unit on demand
 * all month: their ratio is the break-even utilisation. */
static int break_even(const struct ctx *c, const struct service *svc, const struct svc_env *se,
		      double *out)
{
	struct svc_env one = *se;
	struct infracost__alone r, od;
	int ok, rc;
	one.workload = -1;
	one.fixed = 1;
	one.has_average = 0;
	one.rmin = one.rmax = 1;
	one.spot = 0;
	if (svc->type->one_unit)
		svc->type->one_unit(&one);
	one.reserved = 1;
	if ((rc = price(c, &one, c->spec->hours, 1, &ok, &r)) || !ok)
		return rc;
	one.reserved = 0;
	if ((rc = price(c, &one, c->spec->hours, 1, &ok, &od)) || !ok)
		return rc;
	if (od.monthly > 0)
		*out = r.monthly / od.monthly;
	return 0;
}

/* ---- the reserved counts worth pricing --------------------------------- */

/* For one term, payment and spot share, the expected monthly cost is a
 * continuous, piecewise linear function of the reserved count R: the
 * reservation's own line is linear in R, and every other line is billed on
 * a tier ladder for a quantity that is linear in the expected units not
 * reserved, the mean over the workload's replica levels of max(level - R,
 * 0) (or max(count - R, 0) for one expected count). So the slope can change
 * only at a replica level (a knot) or where a line's quantity crosses a
 * tier start; between two such points the least cost over whole counts is
 * at the first or the last whole count. Those counts (and, against
 * rounding, their neighbours) are the only ones that need pricing: a few
 * dozen for a range of 1 to 1e9. */

struct counts {
	double *v;
	size_t n, cap;
};

static int push(struct counts *s, double v)
{
	if (infracost__grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v)))
		return infracost__error_oom();
	s->v[s->n++] = v;
	return 0;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void sort_unique(struct counts *s)
{
	size_t w = 0;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), dbl_cmp);
	for (size_t i = 0; i < s->n; i++)
		if (w == 0 || s->v[i] != s->v[w - 1])
			s->v[w++] = s->v[i];
	s->n = w;
}

/* The whole counts 1..hi around x: floor(x) - 1 to floor(x) + 2. */
static int push_near(struct counts *s, double x, double hi)
{
	int rc = 0;
	for (int d = -1; d <= 2 && !rc; d++) {
		double r = floor(x) + d;
		if (r >= 1 && r <= hi)
			rc = push(s, r);
	}
	return rc;
}

/* Where the units not reserved change slope: every replica level the
 * service can run at (clamped as the workload's are), its expected count,
 * and 0 and hi (the ends). */
static int knots_of(const struct ctx *c, const struct service *svc, const struct svc_env *se,
		    double hi, struct counts *k)
{
	int rc;
	if ((rc = push(k, 0)) || (rc = push(k, hi)))
		return rc;
	if (svc->type->units)
		rc = push(k, svc->type->units(se));
	else if ((rc = push(k, se->rmin)) || (rc = push(k, se->rmax)))
		return rc;
	else if (se->has_average)
		rc = push(k, se->average);
	if (!rc && !svc->type->units && se->workload >= 0) {
		const struct workload *w = &c->spec->workloads[se->workload];
		for (size_t i = 0; i < w->nlevels && !rc; i++)
			rc = push(k, fmax(se->rmin, fmin(se->rmax, infracost__replicas_needed(
									   se, w->levels[i]))));
	}
	if (rc)
		return rc;
	/* only the knots within 0..hi matter; the cost is linear beyond */
	size_t w = 0;
	for (size_t i = 0; i < k->n; i++)
		if (k->v[i] >= 0 && k->v[i] <= hi)
			k->v[w++] = k->v[i];
	k->n = w;
	sort_unique(k);
	return 0;
}

/* The quantity of the line billed on `tiers` in a pricing (0 when it was
 * not priced: nothing to bill). */
static double quantity_on(const struct infracost__alone *a, const infracost_price *tiers)
{
	for (size_t i = 0; i < a->nlines; i++)
		if (a->lines[i].tiers == tiers)
			return a->lines[i].quantity;
	return 0;
}

/* Between two knots a line's quantity is linear in R: the counts next to
 * where it crosses a tier start of its ladder. */
static int crossings(struct counts *out, const struct infracost__alone_line *l, double xa,
		     double qa, double xb, double qb, double hi)
{
	double lo = fmin(qa, qb), top = fmax(qa, qb);
	size_t first = 0, end = l->ntiers;
	int rc = 0;
	if (!(top > lo))
		return 0;
	while (first < end) { /* the first tier start above lo */
		size_t mid = first + (end - first) / 2;
		if (l->tiers[mid].tier_start <= lo)
			first = mid + 1;
		else
			end = mid;
	}
	for (size_t i = first; i < l->ntiers && l->tiers[i].tier_start < top && !rc; i++)
		rc = push_near(out, xa + (l->tiers[i].tier_start - qa) / (qb - qa) * (xb - xa), hi);
	return rc;
}

/* The reserved counts 1..hi worth pricing for `t` (a term and payment
 * offered) under each spot share, ascending. */
static int reserved_counts(const struct ctx *c, const struct service *svc, struct svc_env t,
			   const double *shares, size_t nshares, double hi, struct counts *out)
{
	struct counts k = {0};
	struct infracost__alone *at = NULL;
	int rc;

	if ((rc = knots_of(c, svc, c->spec->services[c->svc].envs[c->env], hi, &k)))
		goto done;
	if (!(at = infracost__calloc(k.n, sizeof(*at)))) {
		rc = infracost__error_oom();
		goto done;
	}
	for (size_t i = 0; i < k.n && !rc; i++)
		rc = push_near(out, k.v[i], hi);
	for (size_t s = 0; s < nshares && !rc; s++) {
		t.spot = shares[s];
		for (size_t i = 0; i < k.n && !rc; i++) {
			t.reserved = k.v[i];
			rc = price(c, &t, 0, 0, NULL, &at[i]);
			if (!rc && at[i].nlines > sizeof(at[i].lines) / sizeof(at[i].lines[0]))
				rc = infracost__error(INFRACOST_ERROR,
						      "recommend: %zu metered lines (at most %zu)",
						      at[i].nlines,
						      sizeof(at[i].lines) / sizeof(at[i].lines[0]));
		}
		for (size_t i = 0; i + 1 < k.n && !rc; i++) {
			const struct infracost__alone *a = &at[i], *b = &at[i + 1];
			for (size_t j = 0; j < a->nlines && !rc; j++)
				rc = crossings(out, &a->lines[j], k.v[i], a->lines[j].quantity,
					       k.v[i + 1], quantity_on(b, a->lines[j].tiers), hi);
			for (size_t j = 0; j < b->nlines && !rc; j++)
				if (quantity_on(a, b->lines[j].tiers) == 0)
					rc = crossings(out, &b->lines[j], k.v[i], 0, k.v[i + 1],
						       b->lines[j].quantity, hi);
		}
	}
	if (!rc && (rc = push(out, 1)) == 0 && hi >= 1)
		rc = push(out, hi);
	if (!rc) {
		size_t w = 0;
		for (size_t i = 0; i < out->n; i++)
			if (out->v[i] >= 1 && out->v[i] <= hi)
				out->v[w++] = out->v[i];
		out->n = w;
		sort_unique(out);
	}
done:
	infracost__free(at);
	infracost__free(k.v);
	return rc;
}

static void mix_of(infracost_mix *m, const struct svc_env *se, char (*type_buf)[128],
		   const char *type)
{
	infracost__snprintf(*type_buf, sizeof(*type_buf), "%s", type);
	m->instance_type = *type_buf;
	m->reserved = se->reserved;
	m->term_months = se->term_months;
	m->payment = payments[se->payment % 3];
	m->spot = se->spot;
}

static int advise(const struct ctx *c, const infracost_recommend_options *o, struct slot *sl)
{
	const struct service *svc = &c->spec->services[c->svc];
	const struct svc_env *se = svc->envs[c->env];
	struct svc_env best = *se, t = *se;
	struct infracost__alone cur, a;
	double best_cost, rate, best_be = NAN, units = units_of(svc, se), spot_rate = NAN;
	double shares[2] = {0, 0};
	size_t nshares = 1;
	struct counts counts = {0};
	int rc, ok, have_counts = 0;

	memset(sl, 0, sizeof(*sl));
	sl->pub.environment = c->spec->envs[c->env].name;
	sl->pub.service = svc->name;
	sl->pub.type = svc->type->name;
	sl->pub.break_even_utilization = NAN;
	sl->pub.spot_capacity_at_risk = NAN;
	sl->pub.spot_risk_budget = NAN;
	sl->pub.reserved_offered = svc->type->caps & SVC_CAP_RESERVED ? 0 : -1;
	sl->pub.spot_offered = svc->type->caps & SVC_CAP_SPOT ? 0 : -1;
	if ((rc = price(c, se, 0, 0, NULL, &cur)))
		return rc;
	sl->pub.monthly_before = cur.monthly;
	mix_of(&sl->pub.current, se, &sl->current_type, cur.itype);

	/* Spot: at most the largest share within the risk budget. Cost falls
	 * or rises linearly with the share, so each reserved count is priced
	 * with no spot and with that share. */
	best.reserved = t.reserved = 0;
	best.spot = t.spot = 0;
	if ((rc = price(c, &best, 0, 0, NULL, &a)))
		return rc;
	best_cost = a.monthly;
	if (svc->type->caps & SVC_CAP_SPOT) {
		/* the service's own budget (purchase.spot_risk_budget), else the
		 * option's; with keep_spot the share it has now is tolerated */
		double budget = se->spot_risk_budget >= 0 ? se->spot_risk_budget
							  : o->spot_risk_budget;
		sl->pub.spot_risk_budget = budget;
		/* a rate stated in the spec holds for its spot share only */
		rate = se->spot > 0 && se->interruption_rate >= 0 ? se->interruption_rate
		       : cur.advised_rate >= 0                    ? cur.advised_rate
								  : o->default_interruption_rate;
		t.spot = rate > 0 ? fmin(1, budget / rate) : 1;
		if (o->keep_spot && se->spot > t.spot)
			t.spot = se->spot;
		if (t.spot <= 0) { /* (a budget of 0: is spot priced at all?) */
			struct svc_env probe = t;
			probe.spot = 1;
			if ((rc = price(c, &probe, 0, 1, &ok, &a)))
				return rc;
			sl->pub.spot_offered = ok;
		} else {
			if ((rc = price(c, &t, 0, 1, &ok, &a)))
				return rc;
			sl->pub.spot_offered = ok;
			if (ok) {
				shares[nshares++] = t.spot;
				spot_rate = rate;
				if (a.monthly < best_cost - 1e-9) {
					best.spot = t.spot;
					best_cost = a.monthly;
				}
			}
		}
	}

	/* Reserved: every term and payment offered, the counts where the cost
	 * can be least (types without SVC_CAP_RESERVED, containers, have no
	 * reservation in the catalog). The counts depend on neither term nor
	 * payment: found once. */
	for (int term = 12; term <= 36 && (svc->type->caps & SVC_CAP_RESERVED) && !rc; term += 24) {
		for (int pay = 0; pay < 3 && !rc; pay++) {
			double be = NAN;
			t = best;
			t.spot = 0;
			t.term_months = (unsigned char)term;
			t.payment = (unsigned char)pay;
			t.reserved = 1;
			if ((rc = price(c, &t, 0, 1, &ok, &a)))
				break;
			if (ok)
				sl->pub.reserved_offered = 1;
			if (!ok || units < 1)
				continue; /* not offered */
			if ((rc = break_even(c, svc, &t, &be)))
				break;
			if (!isnan(be) && (isnan(best_be) || be < best_be))
				best_be = be;
			if (!have_counts && !(rc = reserved_counts(c, svc, t, shares, nshares,
								   floor(units), &counts)))
				have_counts = 1;
			for (size_t i = 0; i < counts.n && !rc; i++) {
				for (size_t k = 0; k < nshares && !rc; k++) {
					t.reserved = counts.v[i];
					t.spot = shares[k];
					if ((rc = price(c, &t, 0, 0, NULL, &a)))
						break;
					/* ties keep the smaller commitment, and no spot */
					if (a.monthly < best_cost - 1e-9) {
						best_cost = a.monthly;
						best.reserved = counts.v[i];
						best.spot = t.spot;
						best.term_months = t.term_months;
						best.payment = t.payment;
						sl->pub.break_even_utilization = be;
					}
				}
			}
		}
	}
	infracost__free(counts.v);
	if (rc)
		return rc;
	if (!isnan(spot_rate))
		sl->pub.spot_capacity_at_risk = best.spot * spot_rate;
	if (best.reserved == 0)
		sl->pub.break_even_utilization = best_be;
	if ((rc = price(c, &best, 0, 0, NULL, &a)))
		return rc;
	sl->pub.monthly_after = a.monthly;
	sl->pub.upfront = a.upfront;
	mix_of(&sl->pub.recommended, &best, &sl->recommended_type, a.itype);

	/* Right-sizing: the cheapest type meeting the needs, if not this one. */
	sl->pub.cheaper_instance_type = "";
	if (se->has_needs && (svc->type->caps & SVC_CAP_NEEDS) && svc->type->type_key >= 0) {
		struct svc_env free_pick = best;
		free_pick.v[svc->type->type_key].str = NULL;
		if ((rc = price(c, &free_pick, 0, 1, &ok, &a)))
			return rc;
		if (!ok) { /* that type may have no reserved or spot price: on demand */
			free_pick.reserved = 0;
			free_pick.spot = 0;
			if ((rc = price(c, &free_pick, 0, 1, &ok, &a)))
				return rc;
		}
		if (ok && strcmp(a.itype, sl->recommended_type) != 0 &&
		    a.monthly < sl->pub.monthly_after - 1e-9) {
			infracost__snprintf(sl->cheaper, sizeof(sl->cheaper), "%s", a.itype);
			sl->pub.cheaper_instance_type = sl->cheaper;
			sl->pub.cheaper_monthly = a.monthly;
		}
	}
	return 0;
}

/* Where each version of infracost_recommend_options ends (options.h). */
static const size_t options_ends[INFRACOST_RECOMMEND_OPTIONS_VERSION + 1] = {
	0, INFRACOST__OPTIONS_END(infracost_recommend_options, default_interruption_rate),
	INFRACOST__OPTIONS_END(infracost_recommend_options, keep_spot)};

/* JSON never carries inf or nan: advice with an amount that overflowed is
 * refused at the service's place (break-even, risk and the upfront of an
 * effective reserved rate may be NaN: null). */
static int check_finite(const infracost_spec *spec, size_t env, size_t svc,
			const infracost_advice *a)
{
	const struct service *sv = &spec->services[svc];
	if (isfinite(a->monthly_before) && isfinite(a->monthly_after) && !isinf(a->upfront) &&
	    isfinite(a->cheaper_monthly) && !isinf(a->break_even_utilization) &&
	    !isinf(a->spot_capacity_at_risk) && isfinite(a->current.reserved) &&
	    isfinite(a->recommended.reserved))
		return 0;
	return infracost__service_error(
		spec, sv, sv->envs[env], INFRACOST_ENUMERIC,
		"amount out of range: the cost of service '%s' in environment '%s' is not a finite "
		"number under some purchase (lower the replicas or prices that make it)",
		sv->name, spec->envs[env].name);
}

static int wanted_env(const infracost_recommend_options *o, const infracost_spec *spec, size_t e)
{
	int wanted = !o->environments || o->environment_count == 0;
	for (size_t i = 0; !wanted && i < o->environment_count; i++)
		wanted = strcmp(o->environments[i], spec->envs[e].name) == 0;
	return wanted;
}

struct want_ctx {
	const infracost_recommend_options *o;
	const infracost_spec *spec;
};

static int wanted_service(void *ctx, size_t env, size_t svc)
{
	const struct want_ctx *w = ctx;
	return wanted_env(w->o, w->spec, env) && recommendable(&w->spec->services[svc]);
}

int infracost_recommend(infracost_recommendation **out, const infracost_spec *spec,
			const infracost_catalog *cat, const infracost_recommend_options *options)
{
	infracost_recommend_options o = INFRACOST_RECOMMEND_OPTIONS_INIT;
	infracost_recommendation *rec;
	int rc = 0;

	if (!out || !spec || !cat)
		return infracost__error(INFRACOST_EINVALID, "infracost_recommend: NULL argument");
	*out = NULL;
	if ((rc = infracost__options_copy(
		     &o, options, options_ends, INFRACOST_RECOMMEND_OPTIONS_VERSION,
		     "infracost_recommend", "INFRACOST_RECOMMEND_OPTIONS_INIT")))
		return rc;
	if (!(o.spot_risk_budget >= 0 && o.spot_risk_budget <= 1) ||
	    !(o.default_interruption_rate >= 0 && o.default_interruption_rate <= 1))
		return infracost__error(
			INFRACOST_EINVALID,
			"recommend: the spot risk budget and interruption rate must "
			"be 0 to 1 (got %g and %g)",
			o.spot_risk_budget, o.default_interruption_rate);
	for (size_t i = 0; o.environments && i < o.environment_count; i++)
		if (infracost_spec_environment_index(spec, o.environments[i]) < 0)
			return infracost__error(INFRACOST_EINVALID,
						"unknown environment '%s' (the spec defines %zu)",
						o.environments[i] ? o.environments[i] : "(null)",
						spec->nenvs);
	/* every missing price of the services advised on, reported at once */
	if ((rc = infracost__check_prices(spec, cat, wanted_service, &(struct want_ctx){&o, spec})))
		return rc;
	if (!(rec = infracost__calloc(1, sizeof(*rec))))
		return infracost__error_oom();
	infracost__strpool_init(&rec->pool);
	for (size_t e = 0; e < spec->nenvs && !rc; e++) {
		int wanted = wanted_env(&o, spec, e);
		for (size_t s = 0; wanted && s < spec->nservices && !rc; s++) {
			struct ctx c = {spec, cat, e, s};
			if (!spec->services[s].envs[e] || !recommendable(&spec->services[s]))
				continue;
			if (infracost__grow((void **)&rec->slots, &rec->cap, rec->n + 1,
					    sizeof(*rec->slots)))
				rc = infracost__error_oom();
			else if (!(rc = advise(&c, &o, &rec->slots[rec->n])) &&
				 !(rc = check_finite(spec, e, s, &rec->slots[rec->n].pub))) {
				infracost_advice *a = &rec->slots[rec->n].pub;
				a->environment = infracost__strpool_intern(
					&rec->pool, a->environment, strlen(a->environment));
				a->service = infracost__strpool_intern(&rec->pool, a->service,
								       strlen(a->service));
				if (!a->environment || !a->service)
					rc = infracost__error_oom();
				else
					rec->n++;
			}
		}
	}
	/* the array is final: point the advice at its own buffers */
	for (size_t i = 0; i < rec->n; i++) {
		struct slot *sl = &rec->slots[i];
		sl->pub.current.instance_type = sl->current_type;
		sl->pub.recommended.instance_type = sl->recommended_type;
		/* (the old pointer went with the array: only the slot's own
		 * buffer says whether there is one) */
		sl->pub.cheaper_instance_type = sl->cheaper[0] ? sl->cheaper : "";
	}
	if (rc) {
		infracost_recommendation_free(rec);
		return rc;
	}
	*out = rec;
	return 0;
}

/* ---- output ----------------------------------------------------------- */

static void json_num_or_null(infracost_buf *b, double v)
{
	if (isnan(v))
		infracost__buf_puts(b, "null");
	else
		infracost__buf_num(b, v);
}

static void json_offered(infracost_buf *b, int offered)
{
	infracost__buf_puts(b, offered < 0 ? "null" : offered ? "true" : "false");
}

static void json_mix(infracost_buf *b, const infracost_mix *m)
{
	infracost__buf_puts(b, "{ \"instance_type\": ");
	infracost__buf_json_str(b, m->instance_type);
	infracost__buf_puts(b, ", \"reserved\": ");
	infracost__buf_num(b, m->reserved);
	infracost__buf_printf(b, ", \"term\": \"%dyr\", \"payment\": \"%s\", \"spot\": ",
			      m->term_months / 12, m->payment);
	infracost__buf_num(b, m->spot);
	infracost__buf_puts(b, " }");
}

/* "TYPE 2 reserved 1yr all_upfront, spot 30%", escaped; `unpriced`: the
 * catalog has no reserved price to compare, so "on demand" rather than "no
 * reservation" (which reads as "reserving does not pay"). */
static void mix_text(infracost_buf *b, const infracost_mix *m, int unpriced)
{
	infracost__buf_text(b, m->instance_type, NULL, 0);
	if (m->instance_type[0])
		infracost__buf_putc(b, ' ');
	if (m->reserved > 0) {
		infracost__buf_printf(b, "%g reserved %dyr ", m->reserved, m->term_months / 12);
		infracost__buf_text(b, m->payment, NULL, 0);
	} else {
		infracost__buf_puts(b, unpriced ? "on demand" : "no reservation");
	}
	if (m->spot > 0)
		infracost__buf_printf(b, ", spot %g%%", m->spot * 100);
}

int infracost_recommendation_render(char **out, size_t *out_len,
				    const infracost_recommendation *rec, infracost_format format)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	if (!out || !rec)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_recommendation_render: NULL argument");
	if (format == INFRACOST_FORMAT_JSON) {
		infracost__buf_puts(&b, "[");
		for (size_t i = 0; i < rec->n; i++) {
			const infracost_advice *a = &rec->slots[i].pub;
			infracost__buf_puts(&b, i ? ",\n  { \"environment\": "
						  : "\n  { \"environment\": ");
			infracost__buf_json_str(&b, a->environment);
			infracost__buf_puts(&b, ", \"service\": ");
			infracost__buf_json_str(&b, a->service);
			infracost__buf_puts(&b, ", \"type\": ");
			infracost__buf_json_str(&b, a->type);
			infracost__buf_puts(&b, ",\n    \"current\": ");
			json_mix(&b, &a->current);
			infracost__buf_puts(&b, ",\n    \"recommended\": ");
			json_mix(&b, &a->recommended);
			infracost__buf_puts(&b, ",\n    \"monthly_before\": ");
			infracost__buf_num(&b, a->monthly_before);
			infracost__buf_puts(&b, ", \"monthly_after\": ");
			infracost__buf_num(&b, a->monthly_after);
			infracost__buf_puts(&b, ", \"upfront\": ");
			json_num_or_null(&b, a->upfront); /* null: unknown (effective rate) */
			infracost__buf_puts(&b, ",\n    \"break_even_utilization\": ");
			json_num_or_null(&b, a->break_even_utilization);
			infracost__buf_puts(&b, ", \"spot_capacity_at_risk\": ");
			json_num_or_null(&b, a->spot_capacity_at_risk);
			infracost__buf_puts(&b, ", \"cheaper_instance_type\": ");
			if (a->cheaper_instance_type[0]) {
				infracost__buf_json_str(&b, a->cheaper_instance_type);
				infracost__buf_puts(&b, ", \"cheaper_monthly\": ");
				infracost__buf_num(&b, a->cheaper_monthly);
			} else {
				infracost__buf_puts(&b, "null, \"cheaper_monthly\": null");
			}
			infracost__buf_puts(&b, ",\n    \"reserved_offered\": ");
			json_offered(&b, a->reserved_offered);
			infracost__buf_puts(&b, ", \"spot_offered\": ");
			json_offered(&b, a->spot_offered);
			infracost__buf_puts(&b, ", \"spot_risk_budget\": ");
			json_num_or_null(&b, a->spot_risk_budget);
			infracost__buf_puts(&b, " }");
		}
		infracost__buf_puts(&b, rec->n ? "\n]\n" : "]\n");
	} else if (format == INFRACOST_FORMAT_TABLE) {
		char m1[INFRACOST_MONEY_MAX];
		for (size_t i = 0; i < rec->n; i++) {
			const infracost_advice *a = &rec->slots[i].pub;
			infracost__buf_text(&b, a->environment, NULL, 0);
			infracost__buf_putc(&b, '/');
			infracost__buf_text(&b, a->service, NULL, 0);
			infracost__buf_puts(&b, " (");
			infracost__buf_text(&b, a->type, NULL, 0);
			infracost__buf_puts(&b, ")\n  now:         ");
			mix_text(&b, &a->current, 0);
			infracost__buf_printf(&b, ": %s/month\n",
					      infracost__money(m1, a->monthly_before));
			infracost__buf_puts(&b, "  recommended: ");
			mix_text(&b, &a->recommended, a->reserved_offered == 0);
			infracost__buf_printf(&b, ": %s/month",
					      infracost__money(m1, a->monthly_after));
			if (isnan(a->upfront))
				infracost__buf_puts(&b, ", upfront unknown");
			else if (a->upfront > 0)
				infracost__buf_printf(&b, ", %s upfront",
						      infracost__money(m1, a->upfront));
			infracost__buf_putc(&b, '\n');
			if (!isnan(a->break_even_utilization))
				infracost__buf_printf(&b,
						      a->break_even_utilization < 1e4
							      ? "  a reserved unit pays off above "
								"%.1f%% utilisation\n"
							      : "  a reserved unit pays off above "
								"%.6g%% utilisation\n",
						      a->break_even_utilization * 100);
			if (a->reserved_offered == 0)
				infracost__buf_puts(&b, "  reserved: the catalog has no reserved "
							"price for it (no term or payment), so "
							"reserving was not compared\n");
			if (a->spot_offered == 0)
				infracost__buf_puts(&b, "  spot: the catalog has no spot price for "
							"it, so spot was not compared\n");
			if (a->recommended.spot < a->current.spot)
				infracost__buf_printf(
					&b,
					"  spot share lowered from %g%% to %g%% to keep "
					"capacity at risk within the budget (%g%%; "
					"purchase.spot_risk_budget or --keep-spot keep more)\n",
					a->current.spot * 100, a->recommended.spot * 100,
					a->spot_risk_budget * 100);
			if (!isnan(a->spot_capacity_at_risk) && a->recommended.spot > 0)
				infracost__buf_printf(&b, "  capacity at risk on spot: %.2f%%\n",
						      a->spot_capacity_at_risk * 100);
			if (a->cheaper_instance_type[0]) {
				infracost__buf_puts(&b, "  cheaper type meeting the needs: ");
				infracost__buf_text(&b, a->cheaper_instance_type, NULL, 0);
				infracost__buf_printf(&b, " (%s/month)\n",
						      infracost__money(m1, a->cheaper_monthly));
			}
		}
		if (rec->n == 0) {
			char types[256];
			infracost__svc_types_with_any(SVC_CAP_RESERVED | SVC_CAP_SPOT, types,
						      sizeof(types));
			infracost__buf_printf(&b, "no %s services\n", types);
		}
	} else {
		return infracost__error(INFRACOST_EINVALID,
					"a recommendation renders as table or json (format %d)",
					(int)format);
	}
	return infracost__buf_detach(&b, out, out_len);
}
