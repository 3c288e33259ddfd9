/* budget.c - the spec's budgets checked against an estimate (formats.md
 * section 7): one result per limit, a warning for each one exceeded. */
#include <math.h>
#include <string.h>

#include "cnum.h"
#include "alloc.h"
#include "estimate.h"
#include "model.h"

int infracost__estimate_warn(infracost_estimate *est, const char *environment, const char *service,
			     const char *message)
{
	infracost_warning *w;
	if (infracost__grow((void **)&est->warnings, &est->warnings_cap, est->nwarnings + 1,
			    sizeof(*est->warnings)))
		return infracost__error_oom();
	w = &est->warnings[est->nwarnings];
	w->environment = environment;
	w->service = service;
	w->message = infracost__strpool_intern(&est->pool, message, strlen(message));
	if (!w->message)
		return infracost__error_oom();
	est->nwarnings++;
	return 0;
}

/* Amounts are compared in cents, as they are shown: a value a thousandth
 * of a cent over its limit is within it. */
static double cents(double v)
{
	return round(v * 100.0);
}

static const char *metric_text(const char *metric)
{
	return strcmp(metric, "upfront") == 0 ? "upfront cash"
	       : strcmp(metric, "max") == 0   ? "max monthly cost"
					      : "expected monthly cost";
}

const char *infracost__budget_message(infracost_estimate *est, const infracost_budget_result *r)
{
	char msg[512], l[INFRACOST_MONEY_MAX], v[INFRACOST_MONEY_MAX], x[INFRACOST_MONEY_MAX];
	infracost__snprintf(msg, sizeof(msg),
			    "budget '%s' exceeded: %s %s USD, limit %s, excess %s", r->scope,
			    metric_text(r->metric), infracost__money(v, r->value),
			    infracost__money(l, r->limit), infracost__money(x, r->excess));
	return infracost__strpool_intern(&est->pool, msg, strlen(msg));
}

static int check_one(infracost_estimate *est, const char *scope, const char *env_name,
		     const char *metric, double limit, double value)
{
	infracost_budget_result *r = &est->budgets[est->nbudgets++];
	char msg[512], l[INFRACOST_MONEY_MAX];

	r->scope = scope;
	r->metric = metric;
	r->limit = limit;
	r->value = value;
	r->excess = 0;
	r->exceeded = 0;
	r->message = NULL;
	if (isnan(value)) {
		infracost__snprintf(msg, sizeof(msg),
				    "budget '%s' not checked: the %s is unknown (a reservation "
				    "priced at an effective rate); limit %s USD",
				    scope, metric_text(metric), infracost__money(l, limit));
		return infracost__estimate_warn(est, env_name, NULL, msg);
	}
	if (!(cents(value) > cents(limit)))
		return 0;
	r->exceeded = 1;
	r->excess = value - limit;
	if (!(r->message = infracost__budget_message(est, r)))
		return infracost__error_oom();
	return infracost__estimate_warn(est, env_name, NULL, r->message);
}

int infracost__estimate_budgets(infracost_estimate *est, const infracost_spec *spec, int all_envs)
{
	int rc = 0;
	if (!spec->nbudgets)
		return 0;
	est->budgets = infracost__calloc(3 * spec->nbudgets, sizeof(*est->budgets));
	if (!est->budgets)
		return infracost__error_oom();
	for (size_t i = 0; i < spec->nbudgets && !rc; i++) {
		const struct budget *b = &spec->budgets[i];
		infracost_range monthly;
		double upfront;
		const char *env_name = NULL;
		if (b->env < 0) {
			if (!all_envs)
				continue;
			monthly = est->total;
			upfront = est->total_upfront;
		} else {
			const infracost_env_result *er = NULL;
			for (size_t e = 0; e < est->nenvs && !er; e++)
				if (strcmp(est->envs[e].name, b->scope) == 0)
					er = &est->envs[e];
			if (!er)
				continue; /* left out with --env */
			monthly = er->monthly;
			upfront = er->upfront;
			env_name = er->name;
		}
		if (!isnan(b->expected))
			rc = check_one(est, b->scope, env_name, "expected", b->expected,
				       monthly.expected);
		if (!rc && !isnan(b->max))
			rc = check_one(est, b->scope, env_name, "max", b->max, monthly.max);
		if (!rc && !isnan(b->upfront))
			rc = check_one(est, b->scope, env_name, "upfront", b->upfront, upfront);
	}
	return rc;
}

size_t infracost_estimate_budget_count(const infracost_estimate *est)
{
	return est ? est->nbudgets : 0;
}

const infracost_budget_result *infracost_estimate_budget(const infracost_estimate *est, size_t i)
{
	return est && i < est->nbudgets ? &est->budgets[i] : NULL;
}

size_t infracost_estimate_budgets_exceeded(const infracost_estimate *est)
{
	size_t n = 0;
	for (size_t i = 0; est && i < est->nbudgets; i++)
		n += est->budgets[i].exceeded != 0;
	return n;
}
