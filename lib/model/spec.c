/* spec.c - load and validate a spec (JSON or YAML) into model.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cnum.h"
#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "jsondoc.h"
#include "model.h"
#include "service_type.h"
#include "yamldoc.h"

#define PATH_LEN 512

#define IS(t, v) infracost__jv_is((v), (t))
#define NUM(v) infracost__jv_num(v)
#define STR(v) infracost__jv_str(v)
#define LEN(v) infracost__jv_len(v)
#define ITEM(v, i) infracost__jv_item((v), (i))
#define GET(obj, key) infracost__jv_get((obj), (key))
/* Iterate an object's members in order. */
#define FOREACH_MEMBER(obj, k_, v_)                                                                \
	for (jv_iter it_##k_ = infracost__jv_members(obj);                                         \
	     infracost__jv_iter_next(&it_##k_) && ((k_) = it_##k_.key, (v_) = it_##k_.value, 1);)
#define REQ 1     /* the key must be present */
#define INT 2     /* a whole number */
#define LO_OPEN 4 /* the lower bound is exclusive */

struct ctx {
	infracost_spec *s;
	const jsondoc *doc;
	const char *source;
	const char *type;         /* type of the service being checked, for messages */
	const jsonval *at;        /* the value an error is about, for line:column */
	const char *at_path;      /* its path when the message names another (else NULL) */
	const char *vbase, *vkey; /* where the last vget looked (path built lazily) */
	int key_ovr;              /* whether a get_str with `where` found it in the override */
	int env;                  /* index of the environment being read, -1 for the base */
	size_t *names;            /* set of service names seen (see check_unique_name) */
	size_t names_cap;
	int *deployed; /* scratch: environments a service is in */
};

/* A service seen from one environment: the override object (if any) first. */
struct view {
	const jsonval *base;
	const char *base_path;
	const jsonval *ovr;
	const char *ovr_path;
};

static int bad(struct ctx *c, const char *path, const char *fmt, ...) INFRACOST_PRINTF(3, 4);
static int bad(struct ctx *c, const char *path, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->at && c->doc) {
		int line, column;
		infracost__jsondoc_position(c->doc, c->at, c->at_path ? c->at_path : path, &line,
					    &column);
		c->at_path = NULL;
		if (line)
			return infracost__error_at(INFRACOST_EINVALID, c->source, line, column,
						   path, "%s", msg);
	}
	return infracost__error_at(INFRACOST_EINVALID, c->source, 0, 0, path, "%s", msg);
}

/* dst = "base.key" (or "key" when base is empty), cut at PATH_LEN - 1
 * bytes; dst may be base. Paths are built for every service, so without
 * the cost of a formatted print. */
static const char *join(char *dst, const char *base, const char *key)
{
	size_t b = base ? strlen(base) : 0, k = strlen(key);
	if (b > PATH_LEN - 1)
		b = PATH_LEN - 1;
	if (b && dst != base)
		memmove(dst, base, b);
	if (b && b < PATH_LEN - 1)
		dst[b++] = '.';
	if (k > PATH_LEN - 1 - b)
		k = PATH_LEN - 1 - b;
	memcpy(dst + b, key, k);
	dst[b + k] = '\0';
	return dst;
}

static const char *intern(struct ctx *c, const char *s)
{
	return infracost__strpool_intern(&c->s->pool, s, strlen(s));
}

static const char *type_name(const jsonval *v)
{
	return infracost__jv_type_name(v);
}

/* The text of x for a key that wants a string: a string, or in a YAML spec
 * a plain scalar that was typed as a number (`engine_version: 15`); else
 * NULL. *len gets its length. */
static const char *text_of(struct ctx *c, const jsonval *x, size_t *len)
{
	*len = 0;
	if (IS(JV_STRING, x)) {
		*len = LEN(x);
		return STR(x);
	}
	return IS(JV_NUMBER, x) ? infracost__yamldoc_plain(c->doc, x, len) : NULL;
}

/* A YAML plain scalar that YAML 1.1 reads as a boolean (yes, no, on, off,
 * y, n in any of their cases), for a key that wants one: 1 or 0; else -1. */
static int yaml11_bool(struct ctx *c, const jsonval *x)
{
	return infracost__yamldoc_bool(c->doc, x);
}

/* The value of `key` in the view (override first). The path of what was
 * looked at is built only when needed: pth(c, path) after the call. */
static const jsonval *vget(struct ctx *c, const struct view *v, const char *key, char *path)
{
	const jsonval *x;
	path[0] = '\0';
	c->vkey = key;
	if (v->ovr && (x = GET(v->ovr, key))) {
		c->vbase = v->ovr_path;
		c->at = x;
		return x;
	}
	c->vbase = v->base_path;
	x = GET(v->base, key);
	c->at = x ? x : v->base;
	return x;
}

/* The path of the last vget, materialized into `path`. */
static const char *pth(struct ctx *c, char *path)
{
	if (!path[0])
		join(path, c->vbase, c->vkey);
	return path;
}

static int get_num(struct ctx *c, const struct view *v, const char *key, double *out, double dflt,
		   double lo, double hi, int flags)
{
	char path[PATH_LEN];
	const jsonval *x = vget(c, v, key, path);
	double d;

	*out = dflt;
	if (!x || IS(JV_NULL, x)) {
		if (flags & REQ) {
			c->at_path = x ? pth(c, path) : NULL;
			return bad(c, v->base_path, "required key '%s' is missing", key);
		}
		return 0;
	}
	if (!IS(JV_NUMBER, x)) {
		const char *t = infracost__yamldoc_plain(c->doc, x, NULL);
		const char *u = t && (*t == '-' || *t == '+') ? t + 1 : t;
		if (u && u[0] == '0' && u[1] >= '0' && u[1] <= '9')
			return bad(c, pth(c, path),
				   "'%s' is ambiguous (octal in YAML 1.1, decimal in YAML 1.2): "
				   "write the number without its leading zero",
				   t);
		if (u && ((*u >= '0' && *u <= '9') || *u == '.'))
			return bad(c, pth(c, path),
				   "expected a decimal number, got '%s' (write numbers as 1500, "
				   "0.5 or 1.5e3)",
				   t);
		return bad(c, pth(c, path), "expected a number, got %s", type_name(x));
	}
	d = NUM(x);
	if (!isfinite(d))
		return bad(c, pth(c, path), "expected a finite number");
	if ((flags & INT) && d != floor(d))
		return bad(c, pth(c, path), "must be a whole number, got %g", d);
	if ((flags & LO_OPEN) ? !(d > lo) : !(d >= lo))
		return bad(c, pth(c, path), "must be %s %g, got %g",
			   (flags & LO_OPEN) ? ">" : ">=", lo, d);
	if (d > hi)
		return bad(c, pth(c, path), "must be <= %g, got %g", hi, d);
	*out = d;
	return 0;
}

static int get_str(struct ctx *c, const struct view *v, const char *key, const char **out,
		   const char *dflt, int flags, const char **where)
{
	char path[PATH_LEN];
	const jsonval *x = vget(c, v, key, path);
	const char *t;
	size_t n;

	*out = dflt;
	if (where)
		*where = NULL;
	if (!x || IS(JV_NULL, x)) {
		if (flags & REQ) {
			c->at_path = x ? pth(c, path) : NULL;
			return bad(c, v->base_path, "required key '%s' is missing", key);
		}
		return 0;
	}
	if (!(t = text_of(c, x, &n)))
		return bad(c, pth(c, path), "expected a string, got %s", type_name(x));
	if (n == 0)
		return bad(c, pth(c, path), "must not be empty");
	if (strlen(t) != n)
		return bad(c, pth(c, path), "must not contain NUL characters");
	*out = infracost__strpool_intern(&c->s->pool, t, n);
	if (!*out)
		return infracost__error_oom();
	if (where) {
		*where = key;
		c->key_ovr = c->vbase == v->ovr_path && v->ovr;
	}
	return 0;
}

/* One of `choices` (NULL-terminated); *out is its index. */
static int get_choice(struct ctx *c, const struct view *v, const char *key, int *out, int dflt,
		      const char *const *choices)
{
	char path[PATH_LEN];
	const jsonval *x = vget(c, v, key, path);
	char list[256] = "";
	size_t n;
	const char *t;

	*out = dflt;
	if (!x || IS(JV_NULL, x))
		return 0;
	if ((t = text_of(c, x, &n)))
		for (int i = 0; choices[i]; i++)
			if (strcmp(t, choices[i]) == 0) {
				*out = i;
				return 0;
			}
	for (int i = 0; choices[i]; i++) {
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, choices[i], sizeof(list) - strlen(list) - 1);
	}
	if (!t)
		return bad(c, pth(c, path), "expected a string (one of %s), got %s", list,
			   type_name(x));
	return bad(c, pth(c, path), "unknown value '%s' (expected one of %s)", t, list);
}

static int in_list(const char *key, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (key[0] == list[i][0] && strcmp(key, list[i]) == 0)
			return 1;
	return 0;
}

/* Refuse keys outside `allowed` (a NULL-terminated list) and, for a
 * service, the keys of its type `t`; keys starting with "x-" are the user's
 * own and are ignored. */
static int check_keys(struct ctx *c, const jsonval *obj, const char *path,
		      const char *const *allowed, const struct svc_type *t)
{
	const char *key;
	const jsonval *val;

	FOREACH_MEMBER(obj, key, val)
	{
		const char *best = NULL;
		size_t best_d = 3;
		char p[PATH_LEN];
		if (strncmp(key, "x-", 2) == 0 || in_list(key, allowed) ||
		    (t && infracost__svc_key_index(t, key) >= 0))
			continue;
		c->at = val;
		for (int i = 0; allowed[i]; i++) {
			size_t d = infracost__edit_distance(key, allowed[i]);
			if (d < best_d) {
				best_d = d;
				best = allowed[i];
			}
		}
		for (size_t i = 0; t && i < t->nkeys; i++) {
			size_t d = infracost__edit_distance(key, t->keys[i].name);
			if (d < best_d) {
				best_d = d;
				best = t->keys[i].name;
			}
		}
		join(p, path, key);
		if (t) {
			/* A key of another service type: say which types it is for. */
			char types[400] = "";
			for (size_t i = 0; i < infracost__svc_type_count; i++) {
				const struct svc_type *o = infracost__svc_types[i];
				if (infracost__svc_key_index(o, key) < 0)
					continue;
				strncat(types, *types ? ", " : "",
					sizeof(types) - strlen(types) - 1);
				strncat(types, o->name, sizeof(types) - strlen(types) - 1);
			}
			if (*types)
				return bad(c, p,
					   "'%s' does not apply to %s services (it is for %s)", key,
					   c->type ? c->type : "these", types);
		}
		if (best)
			return bad(c, p, "unknown key '%s' (did you mean '%s'?)", key, best);
		return bad(c, p, "unknown key '%s'", key);
	}
	return 0;
}

static int need_object(struct ctx *c, const jsonval *x, const char *path)
{
	c->at = x;
	if (!IS(JV_OBJECT, x))
		return bad(c, path, "expected an object, got %s", type_name(x));
	return 0;
}

/* ---- Root, environments, workloads ---------------------------------- */

static const char *const root_keys[] = {
	"name",         "description", "provider", "region",   "hours_per_month",
	"environments", "workloads",   "services", "currency", "budgets",
	"$schema",      "inputs",      NULL};
static const char *const env_keys[] = {"provider", "region", "hours_per_month", "description",
				       NULL};

static int check_currency(struct ctx *c, const jsonval *obj, const char *path)
{
	const jsonval *x = GET(obj, "currency");
	char p[PATH_LEN];
	c->at = x;
	if (x && !(IS(JV_STRING, x) && strcmp(STR(x), "USD") == 0))
		return bad(c, join(p, path, "currency"), "only USD is supported in v1");
	return 0;
}

static int load_environments(struct ctx *c, const jsonval *root, double root_hours)
{
	infracost_spec *s = c->s;
	const jsonval *envs = GET(root, "environments");
	const char *key;
	const jsonval *val;
	int rc;

	if (!envs || IS(JV_NULL, envs)) {
		/* A spec without environments has one, called "default". */
		s->envs = infracost__calloc(1, sizeof(*s->envs));
		if (!s->envs || !(s->envs[0].name = intern(c, "default")))
			return infracost__error_oom();
		s->envs[0].hours = root_hours;
		s->nenvs = 1;
		return 0;
	}
	if ((rc = need_object(c, envs, "environments")))
		return rc;
	c->at = envs;
	if (LEN(envs) == 0)
		return bad(c, "environments", "must name at least one environment");
	s->envs = infracost__calloc(LEN(envs), sizeof(*s->envs));
	if (!s->envs)
		return infracost__error_oom();
	FOREACH_MEMBER(envs, key, val)
	{
		struct environment *e = &s->envs[s->nenvs];
		char path[PATH_LEN];
		struct view v;

		infracost__snprintf(path, sizeof(path), "environments.%s", key);
		if ((rc = need_object(c, val, path)) ||
		    (rc = check_keys(c, val, path, env_keys, NULL)))
			return rc;
		if (!*key)
			return bad(c, "environments", "an environment name must not be empty");
		v = (struct view){val, path, NULL, NULL};
		if (!(e->name = intern(c, key)))
			return infracost__error_oom();
		if ((rc = get_str(c, &v, "provider", &e->provider, NULL, 0, NULL)) ||
		    (rc = get_str(c, &v, "region", &e->region, NULL, 0, NULL)) ||
		    (rc = get_num(c, &v, "hours_per_month", &e->hours, root_hours, 0, root_hours,
				  0)))
			return rc;
		s->nenvs++;
	}
	return 0;
}

/* "budgets": { "prod": 5000, "total": { "expected": 8000, "max": 9000,
 * "upfront": 20000 } }: per environment name or "total", a number (the
 * expected monthly cost) or an object of limits (USD). */
static int load_budgets(struct ctx *c, const jsonval *root)
{
	static const char *const limit_keys[] = {"expected", "max", "upfront", NULL};
	infracost_spec *s = c->s;
	const jsonval *b = GET(root, "budgets");
	const char *key;
	const jsonval *val;
	int rc;

	if (!b || IS(JV_NULL, b))
		return 0;
	if ((rc = need_object(c, b, "budgets")))
		return rc;
	s->budgets = infracost__calloc(LEN(b) ? LEN(b) : 1, sizeof(*s->budgets));
	if (!s->budgets)
		return infracost__error_oom();
	FOREACH_MEMBER(b, key, val)
	{
		struct budget *bu = &s->budgets[s->nbudgets];
		char path[PATH_LEN];
		struct view v = {val, path, NULL, NULL};

		infracost__snprintf(path, sizeof(path), "budgets.%s", key);
		c->at = val;
		bu->env = infracost_spec_environment_index(s, key);
		if (strcmp(key, "total") == 0) {
			bu->env = -1;
		} else if (bu->env < 0) {
			const char *names[64], *near;
			char list[512] = "", hint[160] = "";
			size_t n = 0;
			for (size_t e = 0; e < s->nenvs; e++) {
				strncat(list, e ? ", " : "", sizeof(list) - strlen(list) - 1);
				strncat(list, s->envs[e].name, sizeof(list) - strlen(list) - 1);
				if (n < sizeof(names) / sizeof(names[0]) - 1)
					names[n++] = s->envs[e].name;
			}
			names[n++] = "total";
			if ((near = infracost_suggest(key, names, n)))
				infracost__snprintf(hint, sizeof(hint), "; did you mean '%s'?",
						    near);
			return bad(c, path,
				   "no environment '%s' to budget (environments: %s; or 'total' "
				   "for their sum)%s",
				   key, list, hint);
		}
		if (!(bu->scope = intern(c, key)))
			return infracost__error_oom();
		bu->expected = bu->max = bu->upfront = NAN;
		if (IS(JV_NUMBER, val)) {
			struct view whole = {b, "budgets", NULL, NULL};
			if ((rc = get_num(c, &whole, key, &bu->expected, NAN, 0, HUGE_VAL, 0)))
				return rc;
		} else if (IS(JV_OBJECT, val)) {
			if ((rc = check_keys(c, val, path, limit_keys, NULL)) ||
			    (rc = get_num(c, &v, "expected", &bu->expected, NAN, 0, HUGE_VAL, 0)) ||
			    (rc = get_num(c, &v, "max", &bu->max, NAN, 0, HUGE_VAL, 0)) ||
			    (rc = get_num(c, &v, "upfront", &bu->upfront, NAN, 0, HUGE_VAL, 0)))
				return rc;
			if (isnan(bu->expected) && isnan(bu->max) && isnan(bu->upfront)) {
				c->at = val;
				return bad(c, path,
					   "a budget needs a limit: 'expected', 'max' or 'upfront' "
					   "(USD)");
			}
		} else {
			return bad(
				c, path,
				"expected a number (the expected monthly cost, USD) or an object "
				"of limits {expected, max, upfront}, got %s",
				type_name(val));
		}
		s->nbudgets++;
	}
	return 0;
}

static const char *const pattern_names[] = {"constant",      "daily_spike", "weekly_spike",
					    "monthly_spike", "hourly",      NULL};

static int load_workload(struct ctx *c, struct workload *w, const jsonval *obj, const char *path)
{
	static const char *const const_keys[] = {"pattern", "value", "variability", "description",
						 NULL};
	static const char *const spike_keys[] = {"pattern",     "baseline",    "peak", "peak_hours",
						 "variability", "description", NULL};
	static const char *const hourly_keys[] = {"pattern", "values", "variability", "description",
						  NULL};
	struct view v = {obj, path, NULL, NULL};
	char p[PATH_LEN];
	const jsonval *pat = GET(obj, "pattern");
	int rc, idx;

	if ((rc = need_object(c, obj, path)))
		return rc;
	if (!pat)
		return bad(c, path,
			   "required key 'pattern' is missing (one of constant, daily_spike, "
			   "weekly_spike, monthly_spike, hourly)");
	if ((rc = get_choice(c, &v, "pattern", &idx, 0, pattern_names)))
		return rc;
	w->pattern = (enum pattern)idx;
	/* sigma of the month's lognormal demand multiplier (infra-cost simulate) */
	if ((rc = get_num(c, &v, "variability", &w->variability, 0, 0, 5, 0)))
		return rc;
	if (w->pattern == PAT_CONSTANT) {
		double value;
		if ((rc = check_keys(c, obj, path, const_keys, NULL)) ||
		    (rc = get_num(c, &v, "value", &value, 0, 0, HUGE_VAL, REQ)))
			return rc;
		w->nlevels = 1;
		w->levels = infracost__malloc(sizeof(double));
		w->weights = infracost__malloc(sizeof(double));
		if (!w->levels || !w->weights)
			return infracost__error_oom();
		w->levels[0] = value;
		w->weights[0] = 1;
		w->peak = value;
	} else if (w->pattern == PAT_HOURLY) {
		const jsonval *vals = GET(obj, "values");
		size_t n;
		if ((rc = check_keys(c, obj, path, hourly_keys, NULL)))
			return rc;
		join(p, path, "values");
		c->at = vals ? vals : obj;
		if (!vals)
			return bad(c, path, "required key 'values' is missing (24 or 168 numbers)");
		if (!IS(JV_ARRAY, vals))
			return bad(c, p, "expected an array of 24 or 168 numbers, got %s",
				   type_name(vals));
		n = LEN(vals);
		if (n != 24 && n != 168)
			return bad(c, p, "must hold 24 (a day) or 168 (a week) numbers, got %zu",
				   n);
		w->levels = infracost__malloc(n * sizeof(double));
		w->weights = infracost__malloc(n * sizeof(double));
		if (!w->levels || !w->weights)
			return infracost__error_oom();
		w->nlevels = n;
		w->peak = 0;
		for (size_t i = 0; i < n; i++) {
			const jsonval *x = ITEM(vals, i);
			char ip[PATH_LEN];
			infracost__snprintf(ip, sizeof(ip), "%s[%zu]", p, i);
			c->at = x;
			if (!IS(JV_NUMBER, x))
				return bad(c, ip, "expected a number, got %s", type_name(x));
			w->levels[i] = NUM(x);
			if (!(w->levels[i] >= 0) || !isfinite(w->levels[i]))
				return bad(c, ip, "must be >= 0, got %g", w->levels[i]);
			w->weights[i] = 1.0 / (double)n;
			if (w->levels[i] > w->peak)
				w->peak = w->levels[i];
		}
	} else {
		static const double periods[] = {0, 24, 168, 730};
		double period = periods[w->pattern], baseline, peak, hours;
		if ((rc = check_keys(c, obj, path, spike_keys, NULL)) ||
		    (rc = get_num(c, &v, "baseline", &baseline, 0, 0, HUGE_VAL, REQ)) ||
		    (rc = get_num(c, &v, "peak", &peak, 0, 0, HUGE_VAL, REQ)) ||
		    (rc = get_num(c, &v, "peak_hours", &hours, 0, 0, period, REQ)))
			return rc;
		w->nlevels = 2;
		w->levels = infracost__malloc(2 * sizeof(double));
		w->weights = infracost__malloc(2 * sizeof(double));
		if (!w->levels || !w->weights)
			return infracost__error_oom();
		w->levels[0] = peak;
		w->weights[0] = hours / period;
		w->levels[1] = baseline;
		w->weights[1] = (period - hours) / period;
		w->peak = hours > 0 ? (peak > baseline ? peak : baseline) : baseline;
		if (hours >= period)
			w->peak = peak;
	}
	return 0;
}

static int load_workloads(struct ctx *c, const jsonval *root)
{
	infracost_spec *s = c->s;
	const jsonval *wls = GET(root, "workloads");
	const char *key;
	const jsonval *val;
	int rc;

	if (!wls || IS(JV_NULL, wls))
		return 0;
	if ((rc = need_object(c, wls, "workloads")))
		return rc;
	s->workloads = infracost__calloc(LEN(wls), sizeof(*s->workloads));
	if (!s->workloads)
		return infracost__error_oom();
	FOREACH_MEMBER(wls, key, val)
	{
		struct workload *w = &s->workloads[s->nworkloads++];
		char path[PATH_LEN];
		infracost__snprintf(path, sizeof(path), "workloads.%s", key);
		if (!(w->name = intern(c, key)))
			return infracost__error_oom();
		if ((rc = load_workload(c, w, val, path)))
			return rc;
	}
	return 0;
}

/* ---- Services --------------------------------------------------------- */

static const char *const common_keys[] = {"name",        "type",     "description", "environments",
					  "overrides",   "provider", "region",      "purchase",
					  "autoscaling", NULL};
static const char *const fixed_keys[] = {"name", "type", "environments", "overrides", NULL};

static int load_replicas(struct ctx *c, struct svc_env *e, const struct view *v)
{
	static const char *const keys[] = {"min", "max", "average", NULL};
	char path[PATH_LEN];
	const jsonval *x = vget(c, v, "replicas", path);
	struct view rv;
	int rc;

	if (!x || IS(JV_NULL, x)) {
		e->fixed = 1;
		e->rmin = e->rmax = 1;
		return 0;
	}
	if (IS(JV_NUMBER, x)) {
		double n = NUM(x);
		if (n != floor(n) || n < 0 || !isfinite(n))
			return bad(c, pth(c, path), "must be a whole number >= 0, got %g", n);
		if (n > 1e9) /* the cap of a range's min and max too */
			return bad(c, pth(c, path), "must be <= %g, got %g", 1e9, n);
		e->fixed = 1;
		e->rmin = e->rmax = n;
		return 0;
	}
	if (!IS(JV_OBJECT, x))
		return bad(c, pth(c, path),
			   "expected a whole number or {\"min\": a, \"max\": b}, got %s",
			   type_name(x));
	if ((rc = check_keys(c, x, pth(c, path), keys, NULL)))
		return rc;
	rv = (struct view){x, path, NULL, NULL};
	if ((rc = get_num(c, &rv, "min", &e->rmin, 0, 0, 1e9, REQ | INT)) ||
	    (rc = get_num(c, &rv, "max", &e->rmax, 0, 0, 1e9, REQ | INT)))
		return rc;
	if (e->rmin > e->rmax) {
		char p[PATH_LEN];
		return bad(c, join(p, path, "max"), "must be >= min (%g), got %g", e->rmin,
			   e->rmax);
	}
	if (GET(x, "average")) {
		if ((rc = get_num(c, &rv, "average", &e->average, 0, e->rmin, e->rmax, 0)))
			return rc;
		e->has_average = 1;
	}
	return 0;
}

/* How an autoscaler turns demand into replicas: a capacity per replica, a
 * latency objective (M/M/c per hour) or a fitted USL model. */
static int load_autoscaling(struct ctx *c, struct svc_env *e, const struct view *v,
			    const struct svc_type *type)
{
	static const char *const keys[] = {"workload",
					   "capacity_per_replica",
					   "target_utilization",
					   "service_time_ms",
					   "concurrency",
					   "latency",
					   "usl",
					   NULL};
	static const char *const latency_keys[] = {"quantile", "max_wait_ms", NULL};
	static const char *const usl_keys[] = {"alpha", "beta", "gamma", NULL};
	char path[PATH_LEN], p[PATH_LEN];
	const jsonval *x = vget(c, v, "autoscaling", path), *lat, *usl;
	struct view av;
	const char *wname;
	int rc, modes;

	e->workload = -1;
	if (!x || IS(JV_NULL, x))
		return 0;
	pth(c, path);
	if (!(type->caps & SVC_CAP_REPLICAS)) {
		char types[256];
		infracost__svc_types_with(SVC_CAP_REPLICAS, types, sizeof(types));
		return bad(c, path, "autoscaling applies to %s services only (this is a %s)", types,
			   type->name);
	}
	if ((rc = need_object(c, x, path)) || (rc = check_keys(c, x, path, keys, NULL)))
		return rc;
	av = (struct view){x, path, NULL, NULL};
	lat = GET(x, "latency");
	usl = GET(x, "usl");
	modes = (GET(x, "capacity_per_replica") != NULL) + (lat != NULL) + (usl != NULL);
	if (modes != 1) {
		c->at = x;
		return bad(c, path,
			   "give exactly one of capacity_per_replica, latency (with "
			   "service_time_ms) or usl");
	}
	if ((rc = get_str(c, &av, "workload", &wname, NULL, REQ, NULL)) ||
	    (rc = get_num(c, &av, "target_utilization", &e->target_utilization, 1, 0, 1, LO_OPEN)))
		return rc;
	if (lat) {
		struct view lv;
		join(p, path, "latency");
		if (GET(x, "target_utilization")) {
			c->at = GET(x, "target_utilization");
			return bad(c, join(p, path, "target_utilization"),
				   "does not apply with a latency objective (the queueing model "
				   "sets the utilisation)");
		}
		if ((rc = need_object(c, lat, p)) ||
		    (rc = check_keys(c, lat, p, latency_keys, NULL)))
			return rc;
		lv = (struct view){lat, p, NULL, NULL};
		e->scaling = SCALE_LATENCY;
		if ((rc = get_num(c, &av, "service_time_ms", &e->service_time_ms, 0, 0, HUGE_VAL,
				  REQ | LO_OPEN)) ||
		    (rc = get_num(c, &av, "concurrency", &e->concurrency, 1, 1, 1e6, INT)) ||
		    (rc = get_num(c, &lv, "quantile", &e->latency_quantile, 0, 0, 1,
				  REQ | LO_OPEN)) ||
		    (rc = get_num(c, &lv, "max_wait_ms", &e->max_wait_ms, 0, 0, HUGE_VAL, REQ)))
			return rc;
		if (e->latency_quantile >= 1) {
			char q[PATH_LEN];
			c->at = GET(lat, "quantile");
			return bad(c, join(q, p, "quantile"), "must be < 1, got %g",
				   e->latency_quantile);
		}
	} else if (usl) {
		struct view uv;
		join(p, path, "usl");
		if ((rc = need_object(c, usl, p)) || (rc = check_keys(c, usl, p, usl_keys, NULL)))
			return rc;
		uv = (struct view){usl, p, NULL, NULL};
		e->scaling = SCALE_USL;
		if ((rc = get_num(c, &uv, "alpha", &e->usl_alpha, 0, 0, 1, REQ)) ||
		    (rc = get_num(c, &uv, "beta", &e->usl_beta, 0, 0, HUGE_VAL, REQ)) ||
		    (rc = get_num(c, &uv, "gamma", &e->usl_gamma, 0, 0, HUGE_VAL, REQ | LO_OPEN)))
			return rc;
	} else {
		e->scaling = SCALE_CAPACITY;
		if ((rc = get_num(c, &av, "capacity_per_replica", &e->capacity_per_replica, 0, 0,
				  HUGE_VAL, REQ | LO_OPEN)))
			return rc;
	}
	if (!lat && (GET(x, "service_time_ms") || GET(x, "concurrency"))) {
		const char *k = GET(x, "service_time_ms") ? "service_time_ms" : "concurrency";
		c->at = GET(x, k);
		return bad(c, join(p, path, k), "applies only with a latency objective");
	}
	for (size_t i = 0; i < c->s->nworkloads; i++)
		if (c->s->workloads[i].name == wname)
			e->workload = (int)i;
	if (e->workload < 0) {
		c->at = GET(x, "workload");
		return bad(c, join(p, path, "workload"), "unknown workload '%s' (not in workloads)",
			   wname);
	}
	return 0;
}

static int load_purchase(struct ctx *c, struct svc_env *e, const struct view *v,
			 const struct svc_type *type, const char *svc_name)
{
	static const char *const keys[] = {"reserved", "spot", "interruption_rate",
					   "spot_risk_budget", NULL};
	static const char *const rkeys[] = {"count", "term", "payment", NULL};
	static const char *const terms[] = {"1yr", "3yr", NULL};
	static const char *const payments[] = {"no_upfront", "partial_upfront", "all_upfront",
					       NULL};
	char path[PATH_LEN], p[PATH_LEN];
	const jsonval *x = vget(c, v, "purchase", path), *r;
	struct view pv;
	int rc, term = 0, pay = 0;

	e->term_months = 12;
	e->spot_risk_budget = -1;
	if (!x || IS(JV_NULL, x))
		return 0;
	pth(c, path);
	if ((rc = need_object(c, x, path)) || (rc = check_keys(c, x, path, keys, NULL)))
		return rc;
	pv = (struct view){x, path, NULL, NULL};
	r = GET(x, "reserved");
	if (r && !IS(JV_NULL, r)) {
		struct view rv;
		join(p, path, "reserved");
		c->at = r;
		if (!(type->caps & SVC_CAP_RESERVED)) {
			char types[256];
			infracost__svc_types_with(SVC_CAP_RESERVED, types, sizeof(types));
			return bad(c, p,
				   "reserved capacity is not offered for %s services (service "
				   "'%s'; it is for %s)",
				   type->name, svc_name, types);
		}
		if ((rc = need_object(c, r, p)) || (rc = check_keys(c, r, p, rkeys, NULL)))
			return rc;
		rv = (struct view){r, p, NULL, NULL};
		if ((rc = get_num(c, &rv, "count", &e->reserved, 0, 0, 1e9, REQ | INT)) ||
		    (rc = get_choice(c, &rv, "term", &term, 0, terms)) ||
		    (rc = get_choice(c, &rv, "payment", &pay, 0, payments)))
			return rc;
		e->term_months = term ? 36 : 12;
		e->payment = (unsigned char)pay;
	}
	/* spot, and (infra-cost recommend) this service's share of capacity
	 * that may be at risk on spot, instead of --spot-risk-budget */
	for (int k = 0; k < 2; k++) {
		const char *key = k ? "spot_risk_budget" : "spot";
		double *out = k ? &e->spot_risk_budget : &e->spot;
		if (!GET(x, key) || IS(JV_NULL, GET(x, key)))
			continue;
		c->at = GET(x, key);
		if (!(type->caps & SVC_CAP_SPOT)) {
			char types[256];
			infracost__svc_types_with(SVC_CAP_SPOT, types, sizeof(types));
			return bad(c, join(p, path, key),
				   "spot is not offered for %s services (service '%s'; it is for "
				   "%s)",
				   type->name, svc_name, types);
		}
		if ((rc = get_num(c, &pv, key, out, k ? -1 : 0, 0, 1, 0)))
			return rc;
	}
	/* the share of spot hours interrupted (infra-cost simulate); -1: unknown */
	e->interruption_rate = -1;
	if (GET(x, "interruption_rate") && !IS(JV_NULL, GET(x, "interruption_rate"))) {
		if (!(e->spot > 0)) {
			c->at = GET(x, "interruption_rate");
			return bad(c, join(p, path, "interruption_rate"),
				   "applies only with a spot share");
		}
		if ((rc = get_num(c, &pv, "interruption_rate", &e->interruption_rate, 0, 0, 1, 0)))
			return rc;
	}
	return 0;
}

/* Where a service runs in an environment: its own provider and region, else
 * the environment's (which default to the root's). */
static int resolve_place(struct ctx *c, struct service *svc, const struct view *v,
			 const struct environment *env, const char **provider, const char **region)
{
	char path[64];
	int rc;
	if ((rc = get_str(c, v, "provider", provider, NULL, 0, NULL)) ||
	    (rc = get_str(c, v, "region", region, NULL, 0, NULL)))
		return rc;
	if (!*provider)
		*provider = env->provider;
	if (!*region)
		*region = env->region;
	c->at = v->base;
	if (*provider && *region)
		return 0;
	infracost__snprintf(path, sizeof(path), "services[%zu]", svc->index);
	if (!*provider)
		return bad(c, path,
			   "no provider for service '%s' in environment '%s' (set "
			   "\"provider\" at the root, the environment or the service)",
			   svc->name, env->name);
	if (!*region)
		return bad(c, path,
			   "no region for service '%s' in environment '%s' (set "
			   "\"region\" at the root, the environment or the service)",
			   svc->name, env->name);
	return 0;
}

/* Remember which key named what is priced, for messages at estimate time. */
static void set_key(struct ctx *c, struct svc_env *e, const char *key)
{
	e->key_name = key;
	e->key_env = c->key_ovr ? c->env : -1;
}

/* "needs": {vcpu, memory_gb, arch}: what one instance must have. With no
 * instance type the estimate picks the cheapest that meets them. Returns
 * whether they were given (or a negative error). */
static int load_needs(struct ctx *c, struct svc_env *e, const struct view *v)
{
	static const char *const keys[] = {"vcpu", "memory_gb", "arch", NULL};
	static const char *const archs[] = {"x86_64", "arm64", NULL};
	char path[PATH_LEN];
	const jsonval *x = vget(c, v, "needs", path);
	struct view nv;
	int rc, idx;

	if (!x || IS(JV_NULL, x))
		return 0;
	pth(c, path);
	if ((rc = need_object(c, x, path)) || (rc = check_keys(c, x, path, keys, NULL)))
		return rc;
	nv = (struct view){x, path, NULL, NULL};
	if ((rc = get_num(c, &nv, "vcpu", &e->needs_vcpu, 0, 0, 1e6, LO_OPEN)) ||
	    (rc = get_num(c, &nv, "memory_gb", &e->needs_memory_gb, 0, 0, 1e7, LO_OPEN)) ||
	    (rc = get_choice(c, &nv, "arch", &idx, -1, archs)))
		return rc;
	if (!GET(x, "vcpu") && !GET(x, "memory_gb")) {
		c->at = x;
		return bad(c, path, "needs at least vcpu or memory_gb");
	}
	e->needs_arch = idx >= 0 ? archs[idx] : NULL;
	e->has_needs = 1;
	c->key_ovr = c->vbase == v->ovr_path && v->ovr;
	return 1;
}

/* ---- A type's keys, from its table (service_type.h) ------------------- */

struct svc_reader {
	struct ctx *c;
	struct view v;
	char path[PATH_LEN];  /* base_path of an element reader */
	const jsonval *array; /* the array read last (infracost__svc_read_array) */
	char array_path[PATH_LEN];
	struct svc_reader *elem; /* where an element's reader goes */
};

int infracost__svc_read_num(struct svc_reader *r, const char *key, double *out, double dflt,
			    double lo, double hi, int flags)
{
	return get_num(r->c, &r->v, key, out, dflt, lo, hi, flags & (REQ | INT | LO_OPEN));
}

int infracost__svc_read_str(struct svc_reader *r, const char *key, const char **out,
			    const char *dflt, int flags)
{
	return get_str(r->c, &r->v, key, out, dflt, flags & REQ, NULL);
}

int infracost__svc_has(struct svc_reader *r, const char *key)
{
	char path[PATH_LEN];
	return vget(r->c, &r->v, key, path) != NULL;
}

int infracost__svc_invalid(struct svc_reader *r, const char *key, const char *fmt, ...)
{
	char path[PATH_LEN], msg[768];
	va_list ap;
	vget(r->c, &r->v, key, path);
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bad(r->c, pth(r->c, path), "%s", msg);
}

int infracost__svc_read_array(struct svc_reader *r, const char *key, const char *what, size_t *n)
{
	struct ctx *c = r->c;
	const jsonval *x = vget(c, &r->v, key, r->array_path);

	*n = 0;
	if (!x)
		return bad(c, r->v.base_path, "required key '%s' is missing", key);
	pth(c, r->array_path);
	if (!IS(JV_ARRAY, x))
		return bad(c, r->array_path, "expected an array of %s, got %s", what, type_name(x));
	r->array = x;
	*n = LEN(x);
	return 0;
}

int infracost__svc_read_num_map(struct svc_reader *r, const char *key, const char *what,
				const char *const *names, double *out, double lo, double hi,
				int flags)
{
	struct ctx *c = r->c;
	char path[PATH_LEN], list[256] = "";
	const jsonval *x = vget(c, &r->v, key, path), *val;
	const char *name;
	struct view mv;
	int rc;

	for (size_t i = 0; names[i]; i++) {
		out[i] = 0;
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, names[i], sizeof(list) - strlen(list) - 1);
	}
	flags &= INT | LO_OPEN;
	if (!x || IS(JV_NULL, x) || IS(JV_NUMBER, x))
		return get_num(c, &r->v, key, &out[0], 0, lo, hi, flags);
	pth(c, path);
	if (!IS(JV_OBJECT, x))
		return bad(c, path, "expected a number or an object of %ss (%s), got %s", what,
			   list, type_name(x));
	mv = (struct view){x, path, NULL, NULL};
	FOREACH_MEMBER(x, name, val)
	{
		const char *best = NULL;
		size_t best_d = 3, i;
		char p[PATH_LEN];
		for (i = 0; names[i] && strcmp(names[i], name) != 0; i++) {
			size_t d = infracost__edit_distance(name, names[i]);
			if (d < best_d) {
				best_d = d;
				best = names[i];
			}
		}
		if (names[i]) {
			if ((rc = get_num(c, &mv, name, &out[i], 0, lo, hi, flags)))
				return rc;
			continue;
		}
		c->at = val;
		join(p, path, name);
		if (best)
			return bad(c, p, "unknown %s '%s' (did you mean '%s'?)", what, name, best);
		return bad(c, p, "unknown %s '%s' (expected one of %s)", what, name, list);
	}
	return 0;
}

int infracost__svc_read_element(struct svc_reader *r, size_t i, const char *const *keys,
				struct svc_reader **sub)
{
	struct svc_reader *el = r->elem;
	const jsonval *it;
	int rc;

	if (!el || !r->array || i >= LEN(r->array))
		return infracost__error(INFRACOST_ERROR, "infracost__svc_read_element: no element");
	it = ITEM(r->array, i);
	memset(el, 0, sizeof(*el));
	el->c = r->c;
	infracost__snprintf(el->path, sizeof(el->path), "%s[%zu]", r->array_path, i);
	if ((rc = need_object(r->c, it, el->path)) ||
	    (rc = check_keys(r->c, it, el->path, keys, NULL)))
		return rc;
	el->v = (struct view){it, el->path, NULL, NULL};
	*sub = el;
	return 0;
}

int infracost__svc_read_choice(struct svc_reader *r, const char *key, const char **out,
			       const char *dflt, const char *const *choices)
{
	int idx = -1;
	int rc = get_choice(r->c, &r->v, key, &idx, -1, choices);
	*out = idx >= 0 ? choices[idx] : dflt;
	return rc;
}

int infracost__svc_read_object(struct svc_reader *r, const char *key, const char *const *keys,
			       struct svc_reader **sub)
{
	struct svc_reader *el = r->elem;
	const jsonval *x;
	int rc;

	*sub = NULL;
	if (!el)
		return infracost__error(INFRACOST_ERROR, "infracost__svc_read_object: no reader");
	memset(el, 0, sizeof(*el));
	el->c = r->c;
	x = vget(r->c, &r->v, key, el->path);
	if (!x || IS(JV_NULL, x))
		return 0;
	pth(r->c, el->path);
	if ((rc = need_object(r->c, x, el->path)) ||
	    (rc = check_keys(r->c, x, el->path, keys, NULL)))
		return rc;
	el->v = (struct view){x, el->path, NULL, NULL};
	*sub = el;
	return 0;
}

int infracost__svc_key_env(struct svc_reader *r, const char *key)
{
	char path[PATH_LEN];
	return vget(r->c, &r->v, key, path) && r->c->vbase == r->v.ovr_path && r->v.ovr ? r->c->env
											: -1;
}

void *infracost__svc_calloc(size_t n, size_t size)
{
	return infracost__calloc(n, size);
}

void infracost__svc_free(void *p)
{
	infracost__free(p);
}

/* Read key i of the type's table into e->v[i]. */
static int load_key(struct ctx *c, const struct svc_type *t, size_t i, struct svc_env *e,
		    const struct view *v)
{
	const struct svc_key *k = &t->keys[i];
	int flags = k->flags & (REQ | INT | LO_OPEN), rc, idx;
	const char *where = NULL;
	char path[PATH_LEN];

	if ((k->flags & SVC_REQ_UNLESS_NEEDS) && !e->has_needs)
		flags |= REQ;
	switch (k->kind) {
	case SVC_NUM: return get_num(c, v, k->name, &e->v[i].num, k->dflt, k->lo, k->hi, flags);
	case SVC_STR:
		if ((rc = get_str(c, v, k->name, &e->v[i].str, k->dflt_str, flags,
				  (k->flags & SVC_NAMES_PRICE) ? &where : NULL)))
			return rc;
		if (where)
			set_key(c, e, where);
		return 0;
	case SVC_CHOICE:
		if ((rc = get_choice(c, v, k->name, &idx, 0, k->choices)))
			return rc;
		e->v[i].str = k->choices[idx];
		if ((k->flags & SVC_NAMES_PRICE) && vget(c, v, k->name, path)) {
			c->key_ovr = c->vbase == v->ovr_path && v->ovr;
			set_key(c, e, k->name);
		}
		return 0;
	case SVC_BOOL: {
		const jsonval *m = vget(c, v, k->name, path);
		e->v[i].num = 0;
		if (m && !IS(JV_NULL, m)) {
			int b = yaml11_bool(c, m);
			if (b < 0 && !(IS(JV_TRUE, m) || IS(JV_FALSE, m)))
				return bad(c, pth(c, path), "expected true or false, got %s",
					   type_name(m));
			e->v[i].num = b >= 0 ? b : IS(JV_TRUE, m);
		}
		return 0;
	}
	case SVC_NEEDS:
	case SVC_REPLICAS:
	case SVC_OWN: return 0;
	}
	return 0;
}

/* Fill e from the view: the type's keys, with defaults (not the place). */
static int load_svc_env(struct ctx *c, struct service *svc, struct svc_env *e, const struct view *v)
{
	const struct svc_type *t = svc->type;
	int rc;

	e->deployed = 1;
	e->workload = -1;
	e->key_name = NULL;
	e->key_env = -1;

	if (t->caps & SVC_CAP_NEEDS) {
		if ((rc = load_needs(c, e, v)) < 0)
			return rc;
		if (rc == 1)
			set_key(c, e, "needs"); /* until an instance type names it */
	}
	for (size_t i = 0; i < t->nkeys; i++)
		if ((rc = load_key(c, t, i, e, v)))
			return rc;
	if (t->load) {
		struct svc_reader r, el;
		memset(&r, 0, sizeof(r));
		r.c = c;
		r.v = *v;
		r.elem = &el;
		if ((rc = t->load(&r, e)))
			return rc;
	}
	if ((t->caps & SVC_CAP_REPLICAS) && (rc = load_replicas(c, e, v)))
		return rc;
	if ((rc = load_autoscaling(c, e, v, t)) || (rc = load_purchase(c, e, v, t, svc->name)))
		return rc;
	return 0;
}

const union svc_val *infracost__svc_value(const struct service *svc, const struct svc_env *e,
					  const char *key)
{
	int i = infracost__svc_key_index(svc->type, key);
	return i >= 0 ? &e->v[i] : NULL;
}

/* Service names are interned, so a set of pointers finds repeats. The set
 * (open addressing, service indices + 1) lives in the ctx while loading. */
static int check_unique_name(struct ctx *c, struct service *svc, size_t index, const jsonval *obj,
			     const char *path)
{
	size_t mask = c->names_cap - 1;
	size_t i = (size_t)(infracost__hash_bytes((const char *)&svc->name, sizeof(svc->name))) &
		   mask;
	char p[PATH_LEN];

	while (c->names[i]) {
		const struct service *other = &c->s->services[c->names[i] - 1];
		if (other->name == svc->name) {
			c->at = GET(obj, "name");
			return bad(c, join(p, path, "name"),
				   "duplicate service name '%s' (also services[%zu])", svc->name,
				   other->index);
		}
		i = (i + 1) & mask;
	}
	c->names[i] = index + 1;
	return 0;
}

static int load_service(struct ctx *c, struct service *svc, const jsonval *obj, size_t index)
{
	infracost_spec *s = c->s;
	char path[PATH_LEN], p[PATH_LEN];
	const jsonval *type, *envs, *ovr;
	const char *key;
	const jsonval *val;
	int rc, *deployed = NULL;

	infracost__snprintf(path, sizeof(path), "services[%zu]", index);
	svc->index = index;
	if ((rc = need_object(c, obj, path)))
		return rc;
	{
		struct view v = {obj, path, NULL, NULL};
		if ((rc = get_str(c, &v, "name", &svc->name, NULL, REQ, NULL)))
			return rc;
	}
	type = GET(obj, "type");
	c->at = type ? type : obj;
	if (!type)
		return bad(c, path, "required key 'type' is missing (service '%s')", svc->name);
	{
		char list[512] = "";
		int found = 0;
		if (IS(JV_STRING, type) && (svc->type = infracost__svc_type_find(STR(type))))
			found = 1;
		for (size_t t = 0; t < infracost__svc_type_count && !found; t++) {
			strncat(list, t ? ", " : "", sizeof(list) - strlen(list) - 1);
			strncat(list, infracost__svc_types[t]->name,
				sizeof(list) - strlen(list) - 1);
		}
		if (!found && !IS(JV_STRING, type))
			return bad(c, join(p, path, "type"),
				   "expected a string (one of %s), got %s", list, type_name(type));
		if (!found)
			return bad(c, join(p, path, "type"),
				   "unknown service type '%s' (expected one of %s)", STR(type),
				   list);
	}
	c->type = svc->type->name;
	if ((rc = check_keys(c, obj, path, common_keys, svc->type)))
		return rc;
	if ((rc = check_unique_name(c, svc, index, obj, path)))
		return rc;

	/* All services' per-environment slots come from one array (load_root). */
	svc->envs = &s->env_ptrs[index * s->nenvs];
	deployed = c->deployed;
	memset(deployed, 0, s->nenvs * sizeof(int));
	envs = GET(obj, "environments");
	if (envs && !IS(JV_NULL, envs)) {
		join(p, path, "environments");
		c->at = envs;
		if (!IS(JV_ARRAY, envs)) {
			rc = bad(c, p, "expected an array of environment names, got %s",
				 type_name(envs));
			goto done;
		}
		if (LEN(envs) == 0) { /* deployed nowhere: a silent $0 */
			rc = bad(c, p,
				 "must name at least one environment (leave the key out to deploy "
				 "the service in every environment)");
			goto done;
		}
		for (size_t i = 0; i < LEN(envs); i++) {
			const jsonval *x = ITEM(envs, i);
			char ip[PATH_LEN];
			int found = -1;
			size_t xn;
			const char *xs = text_of(c, x, &xn);
			infracost__snprintf(ip, sizeof(ip), "%s[%zu]", p, i);
			c->at = x;
			if (!xs) {
				rc = bad(c, ip, "expected an environment name, got %s",
					 type_name(x));
				goto done;
			}
			for (size_t e = 0; e < s->nenvs; e++)
				if (strcmp(s->envs[e].name, xs) == 0)
					found = (int)e;
			if (found < 0) {
				rc = bad(c, ip, "unknown environment '%s' (not in environments)",
					 xs);
				goto done;
			}
			deployed[found] = 1;
		}
	} else {
		for (size_t e = 0; e < s->nenvs; e++)
			deployed[e] = 1;
	}
	ovr = GET(obj, "overrides");
	if (ovr && !IS(JV_NULL, ovr)) {
		join(p, path, "overrides");
		if ((rc = need_object(c, ovr, p)))
			goto done;
		FOREACH_MEMBER(ovr, key, val)
		{
			char op[PATH_LEN];
			const char *okey;
			const jsonval *oval;
			int found = 0;
			join(op, p, key);
			for (size_t e = 0; e < s->nenvs; e++)
				if (strcmp(s->envs[e].name, key) == 0)
					found = 1;
			c->at = val;
			if (!found) {
				rc = bad(c, op, "unknown environment '%s' (not in environments)",
					 key);
				goto done;
			}
			if ((rc = need_object(c, val, op)))
				goto done;
			FOREACH_MEMBER(val, okey, oval)
			{
				char kp[PATH_LEN];
				int k = infracost__svc_key_index(svc->type, okey);
				c->at = oval;
				(void)oval;
				if (in_list(okey, fixed_keys) ||
				    (k >= 0 && (svc->type->keys[k].flags & SVC_NO_OVERRIDE))) {
					rc = bad(c, join(kp, op, okey),
						 "'%s' cannot be overridden per environment", okey);
					goto done;
				}
			}
			if ((rc = check_keys(c, val, op, common_keys, svc->type)))
				goto done;
		}
	}
	/* Environments without an override share the service's own values: they
	 * are read once (what a type's load hook allocates, custom items, is
	 * owned per environment, so read each time). */
	{
		struct svc_env *base = NULL;
		for (size_t e = 0; e < s->nenvs; e++) {
			char op[PATH_LEN];
			struct view v = {obj, path, NULL, NULL};
			const char *provider, *region;
			struct svc_env *slot;
			if (!deployed[e])
				continue;
			if (ovr && (v.ovr = GET(ovr, s->envs[e].name))) {
				join(op, join(op, path, "overrides"), s->envs[e].name);
				v.ovr_path = op;
			}
			c->env = (int)e;
			if ((rc = resolve_place(c, svc, &v, &s->envs[e], &provider, &region)))
				goto done;
			if (v.ovr || svc->type->free_env || !base || base->provider != provider ||
			    base->region != region) {
				slot = &s->env_slots[s->nslots++];
				svc->envs[e] = slot; /* owned now, freed with the spec */
				if (!v.ovr && !svc->type->free_env && base &&
				    base->provider == provider) {
					*slot = *base; /* same values, another region */
				} else {
					/* The place first: a type's `load` may check by
					 * provider (container on aws: Fargate sizes). */
					memset(slot, 0, sizeof(*slot));
					slot->provider = provider;
					slot->region = region;
					if ((rc = load_svc_env(c, svc, slot, &v)))
						goto done;
				}
				slot->provider = provider;
				slot->region = region;
				if (!v.ovr && !svc->type->free_env && !base)
					base = slot;
			} else {
				slot = base;
			}
			svc->envs[e] = slot;
		}
	}
	rc = 0;
done:
	return rc;
}

static int load_inputs(struct ctx *c, const jsonval *root);

static int load_root(struct ctx *c, const jsonval *root)
{
	infracost_spec *s = c->s;
	struct view v = {root, "", NULL, NULL};
	const char *provider, *region;
	const jsonval *svcs;
	size_t n;
	int rc;

	c->at = root;
	if (!IS(JV_OBJECT, root))
		return bad(c, "$", "expected %s at the top, got %s",
			   c->doc->locate ? "a mapping" : "a JSON object", type_name(root));
	if ((rc = check_keys(c, root, "", root_keys, NULL)) || (rc = check_currency(c, root, "")) ||
	    (rc = get_str(c, &v, "name", &s->name, s->name, 0, NULL)) ||
	    (rc = get_str(c, &v, "provider", &provider, NULL, 0, NULL)) ||
	    (rc = get_str(c, &v, "region", &region, NULL, 0, NULL)) ||
	    (rc = get_num(c, &v, "hours_per_month", &s->hours, 730, 0, 744, LO_OPEN)))
		return rc;
	if ((rc = load_environments(c, root, s->hours)) || (rc = load_workloads(c, root)) ||
	    (rc = load_budgets(c, root)))
		return rc;
	for (size_t e = 0; e < s->nenvs; e++) {
		if (!s->envs[e].provider)
			s->envs[e].provider = provider;
		if (!s->envs[e].region)
			s->envs[e].region = region;
	}
	svcs = GET(root, "services");
	c->at = svcs ? svcs : root;
	if (!svcs)
		return bad(c, "services", "required key 'services' is missing");
	if (!IS(JV_ARRAY, svcs))
		return bad(c, "services", "expected an array of services, got %s", type_name(svcs));
	/* Deferred by the parser (the usual case): built one service at a time. */
	n = c->doc->key ? c->doc->n : LEN(svcs);
	s->services = infracost__calloc(n ? n : 1, sizeof(*s->services));
	c->names_cap = 16;
	while (c->names_cap < n * 2)
		c->names_cap *= 2;
	c->names = infracost__calloc(c->names_cap, sizeof(*c->names));
	/* Slots are handed out in order, so only the ones used are touched. */
	s->env_slots = infracost__malloc((n * s->nenvs + 1) * sizeof(*s->env_slots));
	s->env_ptrs = infracost__calloc(n * s->nenvs + 1, sizeof(*s->env_ptrs));
	c->deployed = infracost__calloc(s->nenvs, sizeof(int));
	if (!s->services || !c->names || !s->env_slots || !s->env_ptrs || !c->deployed)
		return infracost__error_oom();
	for (size_t i = 0; i < n; i++) {
		const jsonval *item = ITEM(svcs, i);
		if (c->doc->key && (rc = infracost__jsondoc_next((jsondoc *)c->doc, &item)) < 0)
			return rc;
		s->nservices = i + 1;
		if ((rc = load_service(c, &s->services[i], item, i)))
			return rc;
	}
	return load_inputs(c, root);
}

/* ---- Inputs: what the spec was converted from ------------------------ */

static const char *const input_keys[] = {"environment", "source", "address",     "kind", "status",
					 "service",     "note",   "description", NULL};
static const char *const input_statuses[] = {"priced",      "included", "free",
					     "unsupported", "removed",  NULL};

/* The service named `name` (interned), or NULL. */
static const struct service *find_service(struct ctx *c, const char *name)
{
	size_t mask = c->names_cap - 1;
	size_t i = (size_t)(infracost__hash_bytes((const char *)&name, sizeof(name))) & mask;
	while (c->names[i]) {
		const struct service *svc = &c->s->services[c->names[i] - 1];
		if (svc->name == name)
			return svc;
		i = (i + 1) & mask;
	}
	return NULL;
}

static int load_inputs(struct ctx *c, const jsonval *root)
{
	infracost_spec *s = c->s;
	const jsonval *list = GET(root, "inputs");
	char path[PATH_LEN];
	int rc;

	c->at = list;
	if (!list || IS(JV_NULL, list))
		return 0;
	if (!IS(JV_ARRAY, list))
		return bad(c, "inputs", "expected an array of inputs, got %s", type_name(list));
	if (!LEN(list))
		return 0;
	if (!(s->inputs = infracost__calloc(LEN(list), sizeof(*s->inputs))))
		return infracost__error_oom();
	for (size_t i = 0; i < LEN(list); i++) {
		const jsonval *obj = ITEM(list, i);
		infracost_input *in = &s->inputs[i];
		struct view v = {obj, path, NULL, NULL};
		int status;
		s->ninputs = i + 1;
		infracost__snprintf(path, sizeof(path), "inputs[%zu]", i);
		if ((rc = need_object(c, obj, path)) ||
		    (rc = check_keys(c, obj, path, input_keys, NULL)) ||
		    (rc = get_str(c, &v, "address", &in->address, NULL, REQ, NULL)) ||
		    (rc = get_choice(c, &v, "status", &status, -1, input_statuses)) ||
		    (rc = get_str(c, &v, "environment", &in->environment, NULL, 0, NULL)) ||
		    (rc = get_str(c, &v, "source", &in->source, NULL, 0, NULL)) ||
		    (rc = get_str(c, &v, "kind", &in->kind, NULL, 0, NULL)) ||
		    (rc = get_str(c, &v, "service", &in->service, NULL, 0, NULL)) ||
		    (rc = get_str(c, &v, "note", &in->note, NULL, 0, NULL)))
			return rc;
		if (status < 0) {
			c->at = obj;
			return bad(c, path, "required key 'status' is missing");
		}
		in->status = input_statuses[status];
		if (in->environment && infracost_spec_environment_index(s, in->environment) < 0) {
			char p[PATH_LEN];
			c->at = GET(obj, "environment");
			return bad(c, join(p, path, "environment"),
				   "unknown environment '%s' (not in environments)",
				   in->environment);
		}
		if (in->service && !find_service(c, in->service)) {
			char p[PATH_LEN];
			c->at = GET(obj, "service");
			return bad(c, join(p, path, "service"),
				   "unknown service '%s' (not in services)", in->service);
		}
		if (!in->service && (status == 0 || status == 1)) {
			c->at = obj;
			return bad(c, path, "a %s input names its service ('service')", in->status);
		}
	}
	return 0;
}

size_t infracost_spec_input_count(const infracost_spec *s)
{
	return s ? s->ninputs : 0;
}

const infracost_input *infracost_spec_input(const infracost_spec *s, size_t i)
{
	return s && i < s->ninputs ? &s->inputs[i] : NULL;
}

void infracost_spec_free(infracost_spec *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nworkloads; i++) {
		infracost__free(s->workloads[i].levels);
		infracost__free(s->workloads[i].weights);
	}
	/* What a type's load hook allocated (custom items), one slot per
	 * environment. */
	for (size_t i = 0; i < s->nservices; i++)
		if (s->services[i].type && s->services[i].type->free_env && s->services[i].envs)
			for (size_t e = 0; e < s->nenvs; e++)
				if (s->services[i].envs[e])
					s->services[i].type->free_env(s->services[i].envs[e]);
	infracost__free(s->env_slots);
	infracost__free(s->env_ptrs);
	infracost__free(s->workloads);
	infracost__free(s->services);
	infracost__free(s->envs);
	infracost__free(s->inputs);
	infracost__free(s->budgets);
	infracost__free(s->text_mem);
	infracost__strpool_free(&s->pool);
	infracost__free(s);
}

/* The default name of a spec: its file name without directory and extension. */
static const char *default_name(struct ctx *c, const char *source)
{
	const char *base = strrchr(source, '/'), *dot;
	base = base ? base + 1 : source;
	dot = strrchr(base, '.');
	return infracost__strpool_intern(&c->s->pool, base,
					 dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

void infracost__svc_key_path(const infracost_spec *s, const struct service *svc,
			     const struct svc_env *e, char *buf, size_t len)
{
	int n = infracost__snprintf(buf, len, "services[%zu]", svc->index);
	if (n > 0 && (size_t)n < len && e->key_env >= 0)
		n += infracost__snprintf(buf + n, len - (size_t)n, ".overrides.%s",
					 s->envs[e->key_env].name);
	if (n > 0 && (size_t)n < len && e->key_name)
		infracost__snprintf(buf + n, len - (size_t)n, ".%s", e->key_name);
}

/* The line and column of the value at `steps` in the spec's text. */
static int spec_locate(const infracost_spec *s, const json_step *steps, size_t n, int *line,
		       int *column)
{
	if (s->yaml)
		return infracost__yaml_locate(s->text, s->text_len, 0, steps, n, line, column);
	return infracost__json_locate(s->text, s->text_len, steps, n, line, column);
}

void infracost__spec_key_position(const infracost_spec *s, const struct service *svc,
				  const struct svc_env *e, int *line, int *column)
{
	json_step steps[8];
	char name[256];
	size_t n = 0;

	steps[n++] = (json_step){"services", 0};
	steps[n++] = (json_step){NULL, svc->index};
	if (e->key_env >= 0) {
		steps[n++] = (json_step){"overrides", 0};
		steps[n++] = (json_step){s->envs[e->key_env].name, 0};
	}
	if (e->key_name) {
		/* a path below the service ("replication.region"): one step a name */
		char *k = name, *dot;
		infracost__snprintf(name, sizeof(name), "%s", e->key_name);
		while ((dot = strchr(k, '.')) && n < sizeof(steps) / sizeof(steps[0]) - 1) {
			*dot = '\0';
			steps[n++] = (json_step){k, 0};
			k = dot + 1;
		}
		steps[n++] = (json_step){k, 0};
	}
	spec_locate(s, steps, n, line, column);
}

/* Where the value of `key` ("storage_type", "purchase.spot": one dot at
 * most) that a service has in environment `env_name` was given: the
 * environment's override, else the service; for "region" also the
 * environment and the root. Not given (a default): the service, and -1. */
int infracost__spec_value_position(const infracost_spec *s, const struct service *svc,
				   const char *env_name, const char *key, char *path, size_t len,
				   int *line, int *column)
{
	char k1[64], *k2 = NULL;
	json_step steps[6];
	size_t n;

	infracost__snprintf(k1, sizeof(k1), "%s", key);
	if ((k2 = strchr(k1, '.')))
		*k2++ = '\0';
	for (int at = 0; at < 4; at++) {
		n = 0;
		if (at < 2) {
			steps[n++] = (json_step){"services", 0};
			steps[n++] = (json_step){NULL, svc->index};
			if (at == 0) {
				steps[n++] = (json_step){"overrides", 0};
				steps[n++] = (json_step){env_name, 0};
			}
		} else if (strcmp(k1, "region") != 0 || k2) {
			break;
		} else if (at == 2) {
			steps[n++] = (json_step){"environments", 0};
			steps[n++] = (json_step){env_name, 0};
		}
		steps[n++] = (json_step){k1, 0};
		if (k2)
			steps[n++] = (json_step){k2, 0};
		if (spec_locate(s, steps, n, line, column) != 0)
			continue;
		if (at == 0)
			infracost__snprintf(path, len, "services[%zu].overrides.%s.%s", svc->index,
					    env_name, key);
		else if (at == 1)
			infracost__snprintf(path, len, "services[%zu].%s", svc->index, key);
		else if (at == 2)
			infracost__snprintf(path, len, "environments.%s.%s", env_name, key);
		else
			infracost__snprintf(path, len, "%s", key);
		return 0;
	}
	steps[0] = (json_step){"services", 0};
	steps[1] = (json_step){NULL, svc->index};
	spec_locate(s, steps, 2, line, column);
	infracost__snprintf(path, len, "services[%zu]", svc->index);
	return -1;
}

/* A Terraform plan or a Kubernetes manifest given as a spec: a one-line
 * hint naming the command that reads it. */
static int foreign_input(struct ctx *c, const jsonval *root)
{
	c->at = root;
	if (GET(root, "format_version") && GET(root, "resource_changes"))
		return bad(c, NULL,
			   "this is a Terraform plan, not a spec: price it with `infra-cost "
			   "estimate --terraform %s` (or write a spec from it with `infra-cost "
			   "convert terraform %s`)",
			   c->source, c->source);
	if (GET(root, "apiVersion") && GET(root, "kind"))
		return bad(c, NULL,
			   "this is a Kubernetes manifest, not a spec: write a spec from it with "
			   "`infra-cost convert kubernetes %s --fargate` (or --node-type TYPE)",
			   c->source);
	return 0;
}

/* Whether a spec named `name` is read as YAML: by its extension (.yaml,
 * .yml; .json is JSON), else by its text (not starting with '{' or '['). */
static int is_yaml(const char *name, const char *text, size_t len)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot && !strchr(dot, '/')) {
		if (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0 ||
		    strcmp(dot, ".YAML") == 0 || strcmp(dot, ".YML") == 0)
			return 1;
		if (strcmp(dot, ".json") == 0 || strcmp(dot, ".JSON") == 0)
			return 0;
	}
	return infracost__yaml_sniff(text, len);
}

/* Load json[0..len); `adopt` (may be NULL) is a heap buffer holding the
 * text that the spec takes over on success instead of copying it. */
static int load(infracost_spec **out, const char *json, size_t len, const char *name, char *adopt)
{
	struct ctx c;
	jsondoc doc;
	infracost_spec *s;
	int rc, yaml, more_line = 0, more_column = 0;
	size_t i;

	if (!out || (!json && len))
		return infracost__error(INFRACOST_EINVALID, "infracost_spec_load: NULL argument");
	*out = NULL;
	/* A UTF-8 byte order mark (some editors write one) is skipped, as price
	 * books do; positions count from the character after it. */
	if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
		json += 3;
		len -= 3;
	}
	memset(&c, 0, sizeof(c));
	memset(&doc, 0, sizeof(doc));
	s = infracost__calloc(1, sizeof(*s));
	if (!s)
		return infracost__error_oom();
	infracost__strpool_init(&s->pool);
	c.s = s;
	s->source = infracost__strpool_intern(&s->pool, name ? name : "<string>",
					      strlen(name ? name : "<string>"));
	if (!s->source || !(s->name = default_name(&c, s->source))) {
		rc = infracost__error_oom();
		goto done;
	}
	c.source = s->source;
	for (i = 0;
	     i < len && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r');)
		i++;
	yaml = is_yaml(name, json, len);
	if (i == len) {
		rc = infracost__error_at(INFRACOST_EPARSE, c.source, 0, 0, NULL,
					 "the spec is empty (expected %s)",
					 yaml ? "a YAML mapping" : "a JSON object");
		goto done;
	}
	if (yaml)
		rc = infracost__yamldoc_parse(&doc, json, len, c.source, &more_line, &more_column);
	else
		rc = infracost__jsondoc_parse_deferred(&doc, json, len, c.source, "services");
	if (rc)
		goto done;
	c.doc = &doc;
	if (yaml && !doc.root) {
		rc = infracost__error_at(INFRACOST_EPARSE, c.source, 0, 0, NULL,
					 "the spec is empty (expected a YAML mapping)");
		goto done;
	}
	if (IS(JV_OBJECT, doc.root) && (rc = foreign_input(&c, doc.root)))
		goto done;
	if (more_line) {
		rc = infracost__error_at(INFRACOST_EPARSE, c.source, more_line, more_column, NULL,
					 "a spec is one YAML document; a second one starts here");
		goto done;
	}
	if ((rc = load_root(&c, doc.root)))
		goto done;
	/* The text stays with the spec: an estimate-time error finds the line
	 * and column of what it is about from its path. */
	if (adopt) {
		s->text_mem = adopt;
	} else if ((s->text_mem = infracost__malloc(len ? len : 1))) {
		memcpy(s->text_mem, json, len);
		json = s->text_mem;
	} else {
		rc = infracost__error_oom();
		goto done;
	}
	s->text = json;
	s->text_len = len;
	s->yaml = yaml;
done:
	infracost__jsondoc_free(&doc);
	infracost__free(c.names);
	infracost__free(c.deployed);
	if (rc) {
		infracost_spec_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int infracost_spec_load_string(infracost_spec **out, const char *json, size_t len, const char *name)
{
	return load(out, json, len, name, NULL);
}

int infracost_spec_load_file(infracost_spec **out, const char *path)
{
	infracost_file_view view;
	int rc;

	if (!out || !path)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_spec_load_file: NULL argument");
	*out = NULL;
	if ((rc = infracost__file_open(&view, path)))
		return rc;
	/* A file read into memory is kept as it is, not copied. */
	rc = load(out, view.data, view.len, path, view.owned);
	if (rc == 0 && view.owned)
		view.owned = NULL;
	infracost__file_close(&view);
	return rc;
}

const char *infracost_spec_name(const infracost_spec *s)
{
	return s ? s->name : "";
}

double infracost_spec_hours_per_month(const infracost_spec *s)
{
	return s ? s->hours : 0;
}

size_t infracost_spec_environment_count(const infracost_spec *s)
{
	return s ? s->nenvs : 0;
}

const char *infracost_spec_environment_name(const infracost_spec *s, size_t i)
{
	return s && i < s->nenvs ? s->envs[i].name : NULL;
}

int infracost_spec_environment_index(const infracost_spec *s, const char *name)
{
	if (!s || !name)
		return -1;
	for (size_t i = 0; i < s->nenvs; i++)
		if (strcmp(s->envs[i].name, name) == 0)
			return (int)i;
	return -1;
}

size_t infracost_spec_service_count(const infracost_spec *s)
{
	return s ? s->nservices : 0;
}
