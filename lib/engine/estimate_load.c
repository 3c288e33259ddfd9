/* estimate_load.c - an estimate read back from its JSON (docs/estimate.md),
 * for infra-cost diff: the same object a computation makes, its strings in
 * the estimate's pool and its line items' price rows made from their keys. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cnum.h"
#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "estimate.h"
#include "jsondoc.h"
#include "jstream.h"
#include "infracost/diff.h"

#define IS(t, v) infracost__jv_is((v), (t))
#define GET(obj, key) infracost__jv_get((obj), (key))
#define PATH_LEN 256

struct reader {
	const jsondoc *doc;
	const char *source;
	infracost_estimate *est;
};

static int bad(struct reader *r, const jsonval *at, const char *path, const char *fmt, ...)
	INFRACOST_PRINTF(4, 5);
static int bad(struct reader *r, const jsonval *at, const char *path, const char *fmt, ...)
{
	char msg[512];
	int line = 0, column = 0;
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at)
		infracost__jsondoc_position(r->doc, at, path, &line, &column);
	return infracost__error_at(INFRACOST_EINVALID, r->source, line, column, path,
				   "not an infra-cost estimate: %s", msg);
}

/* "base.key" into dst. */
static const char *at_key(char *dst, const char *base, const char *key)
{
	infracost__snprintf(dst, PATH_LEN, "%s%s%s", base, *base ? "." : "", key);
	return dst;
}

/* A string member, copied into the estimate's pool; dflt when absent (NULL:
 * required). */
static int get_str(struct reader *r, const jsonval *obj, const char *base, const char *key,
		   const char *dflt, const char **out)
{
	const jsonval *v = GET(obj, key);
	char path[PATH_LEN];
	if (!v || (IS(JV_NULL, v) && dflt)) {
		if (!dflt)
			return bad(r, obj, base, "required key '%s' is missing", key);
		*out = dflt;
		return 0;
	}
	if (!IS(JV_STRING, v))
		return bad(r, v, at_key(path, base, key), "expected a string, got %s",
			   infracost__jv_type_name(v));
	*out = infracost__strpool_intern(&r->est->pool, infracost__jv_str(v), infracost__jv_len(v));
	return *out ? 0 : infracost__error_oom();
}

/* A number member; `nullable`: null reads as NaN (an unknown upfront);
 * `required`: absence is an error, else it reads as dflt. */
static int get_num(struct reader *r, const jsonval *obj, const char *base, const char *key,
		   int required, int nullable, double dflt, double *out)
{
	const jsonval *v = GET(obj, key);
	char path[PATH_LEN];
	if (!v) {
		if (required)
			return bad(r, obj, base, "required key '%s' is missing", key);
		*out = dflt;
		return 0;
	}
	if (nullable && IS(JV_NULL, v)) {
		*out = NAN;
		return 0;
	}
	if (!IS(JV_NUMBER, v))
		return bad(r, v, at_key(path, base, key), "expected a number, got %s",
			   infracost__jv_type_name(v));
	*out = infracost__jv_num(v);
	return 0;
}

static int get_range(struct reader *r, const jsonval *obj, const char *base, const char *key,
		     int required, infracost_range *out)
{
	const jsonval *v = GET(obj, key);
	char path[PATH_LEN];
	int rc;
	memset(out, 0, sizeof(*out));
	if (!v && !required)
		return 0;
	if (!v)
		return bad(r, obj, base, "required key '%s' is missing", key);
	at_key(path, base, key);
	if (!IS(JV_OBJECT, v))
		return bad(r, v, path, "expected an object {min, expected, max}, got %s",
			   infracost__jv_type_name(v));
	if ((rc = get_num(r, v, path, "min", 1, 0, 0, &out->min)) ||
	    (rc = get_num(r, v, path, "expected", 1, 0, 0, &out->expected)) ||
	    (rc = get_num(r, v, path, "max", 1, 0, 0, &out->max)))
		return rc;
	return 0;
}

/* {"vcpu": {min, max}, "memory_gb": {min, max}}; -1 when absent. */
static int get_capacity(struct reader *r, const jsonval *obj, const char *base, double *vmin,
			double *vmax, double *mmin, double *mmax)
{
	const jsonval *c = GET(obj, "capacity"), *v, *m;
	char path[PATH_LEN], p2[PATH_LEN];
	int rc;
	*vmin = *vmax = *mmin = *mmax = -1;
	if (!c)
		return 0;
	at_key(path, base, "capacity");
	v = GET(c, "vcpu");
	m = GET(c, "memory_gb");
	if (!IS(JV_OBJECT, c) || !IS(JV_OBJECT, v) || !IS(JV_OBJECT, m))
		return bad(r, c, path,
			   "expected {\"vcpu\": {min, max}, \"memory_gb\": {min, max}}");
	if ((rc = get_num(r, v, at_key(p2, path, "vcpu"), "min", 1, 0, 0, vmin)) ||
	    (rc = get_num(r, v, p2, "max", 1, 0, 0, vmax)) ||
	    (rc = get_num(r, m, at_key(p2, path, "memory_gb"), "min", 1, 0, 0, mmin)) ||
	    (rc = get_num(r, m, p2, "max", 1, 0, 0, mmax)))
		return rc;
	return 0;
}

static const jsonval *get_array(struct reader *r, const jsonval *obj, const char *base,
				const char *key, int required, int *rc)
{
	const jsonval *v = GET(obj, key);
	char path[PATH_LEN];
	*rc = 0;
	if (!v || IS(JV_NULL, v)) {
		if (required)
			*rc = bad(r, obj, base, "required key '%s' is missing", key);
		return NULL;
	}
	if (!IS(JV_ARRAY, v)) {
		*rc = bad(r, v, at_key(path, base, key), "expected an array, got %s",
			  infracost__jv_type_name(v));
		return NULL;
	}
	return v;
}

static int need_object(struct reader *r, const jsonval *v, const char *path)
{
	if (!IS(JV_OBJECT, v))
		return bad(r, v, path, "expected an object, got %s", infracost__jv_type_name(v));
	return 0;
}

static int read_item(struct reader *r, const jsonval *obj, const char *path,
		     infracost_line_item *it, infracost_price *row)
{
	const jsonval *tiered;
	int rc;
	memset(it, 0, sizeof(*it));
	memset(row, 0, sizeof(*row));
	if ((rc = need_object(r, obj, path)) ||
	    (rc = get_str(r, obj, path, "component", NULL, &it->component)) ||
	    (rc = get_str(r, obj, path, "purchase", NULL, &row->purchase)) ||
	    (rc = get_str(r, obj, path, "provider", "", &row->provider)) ||
	    (rc = get_str(r, obj, path, "service", "", &row->service)) ||
	    (rc = get_str(r, obj, path, "region", "", &row->region)) ||
	    (rc = get_str(r, obj, path, "sku", NULL, &row->sku)) ||
	    (rc = get_str(r, obj, path, "unit", NULL, &row->unit)) ||
	    (rc = get_num(r, obj, path, "quantity", 1, 0, 0, &it->quantity)) ||
	    (rc = get_num(r, obj, path, "unit_price", 1, 0, 0, &it->unit_price)) ||
	    (rc = get_num(r, obj, path, "monthly", 1, 0, 0, &it->monthly)) ||
	    (rc = get_num(r, obj, path, "upfront", 0, 1, 0, &it->upfront)) ||
	    (rc = get_num(r, obj, path, "recurring_price", 0, 0, it->unit_price, &row->price)) ||
	    (rc = get_str(r, obj, path, "effective_date", "", &row->effective_date)) ||
	    (rc = get_str(r, obj, path, "source", "", &row->source)))
		return rc;
	tiered = GET(obj, "tiered");
	it->tiered = IS(JV_TRUE, tiered);
	row->vcpu = row->memory_gb = -1;
	row->origin = r->source;
	row->arch = "";
	row->effective = isnan(it->upfront);
	it->price = row;
	return 0;
}

static int read_service(struct reader *r, const jsonval *obj, const char *path,
			infracost_service_result *s, size_t *item)
{
	const jsonval *items;
	char p[PATH_LEN];
	int rc;
	infracost_estimate *est = r->est;

	memset(s, 0, sizeof(*s));
	if ((rc = need_object(r, obj, path)) ||
	    (rc = get_str(r, obj, path, "name", NULL, &s->name)) ||
	    (rc = get_str(r, obj, path, "type", NULL, &s->type)) ||
	    (rc = get_str(r, obj, path, "provider", "", &s->provider)) ||
	    (rc = get_str(r, obj, path, "region", "", &s->region)) ||
	    (rc = get_range(r, obj, path, "monthly", 1, &s->monthly)) ||
	    (rc = get_num(r, obj, path, "upfront", 0, 1, 0, &s->upfront)) ||
	    (rc = get_range(r, obj, path, "replicas", 0, &s->replicas)) ||
	    (rc = get_capacity(r, obj, path, &s->vcpu_min, &s->vcpu_max, &s->memory_gb_min,
			       &s->memory_gb_max)))
		return rc;
	if (!(items = get_array(r, obj, path, "line_items", 1, &rc)))
		return rc;
	s->line_item_count = infracost__jv_len(items);
	s->line_items = est->items + *item;
	for (size_t i = 0; i < s->line_item_count; i++, (*item)++) {
		infracost__snprintf(p, sizeof(p), "%s.line_items[%zu]", path, i);
		if ((rc = read_item(r, infracost__jv_item(items, i), p, &est->items[*item],
				    &est->custom_rows[*item])))
			return rc;
	}
	return 0;
}

static int read_env(struct reader *r, const jsonval *obj, const char *path, infracost_env_result *e,
		    size_t *svc, size_t *item)
{
	const jsonval *svcs;
	char p[PATH_LEN];
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = need_object(r, obj, path)) ||
	    (rc = get_str(r, obj, path, "name", NULL, &e->name)) ||
	    (rc = get_str(r, obj, path, "region", "", &e->region)) ||
	    (rc = get_num(r, obj, path, "hours_per_month", 0, 0, r->est->hours,
			  &e->hours_per_month)) ||
	    (rc = get_range(r, obj, path, "monthly", 1, &e->monthly)) ||
	    (rc = get_num(r, obj, path, "upfront", 0, 1, 0, &e->upfront)) ||
	    (rc = get_capacity(r, obj, path, &e->vcpu_min, &e->vcpu_max, &e->memory_gb_min,
			       &e->memory_gb_max)))
		return rc;
	if (e->vcpu_min < 0)
		e->vcpu_min = e->vcpu_max = e->memory_gb_min = e->memory_gb_max = 0;
	if (!(svcs = get_array(r, obj, path, "services", 1, &rc)))
		return rc;
	e->service_count = infracost__jv_len(svcs);
	e->services = r->est->services + *svc;
	for (size_t i = 0; i < e->service_count; i++, (*svc)++) {
		infracost__snprintf(p, sizeof(p), "%s.services[%zu]", path, i);
		if ((rc = read_service(r, infracost__jv_item(svcs, i), p, &r->est->services[*svc],
				       item)))
			return rc;
	}
	return 0;
}

/* The services and line items of one environment (its elements' own
 * checks come when they are read). */
static void count_parts(const jsonval *env, size_t *nsvc, size_t *nitems)
{
	const jsonval *svcs = GET(env, "services");
	*nsvc = *nitems = 0;
	if (!IS(JV_ARRAY, svcs))
		return;
	*nsvc = infracost__jv_len(svcs);
	for (size_t s = 0; s < *nsvc; s++) {
		const jsonval *items = GET(infracost__jv_item(svcs, s), "line_items");
		if (IS(JV_ARRAY, items))
			*nitems += infracost__jv_len(items);
	}
}

static int read_budgets(struct reader *r, const jsonval *root)
{
	infracost_estimate *est = r->est;
	const jsonval *list;
	int rc;
	if (!(list = get_array(r, root, "", "budgets", 0, &rc)))
		return rc;
	est->budgets = infracost__calloc(infracost__jv_len(list) + 1, sizeof(*est->budgets));
	if (!est->budgets)
		return infracost__error_oom();
	for (size_t i = 0; i < infracost__jv_len(list); i++) {
		const jsonval *o = infracost__jv_item(list, i);
		infracost_budget_result *b = &est->budgets[est->nbudgets];
		char p[PATH_LEN];
		infracost__snprintf(p, sizeof(p), "budgets[%zu]", i);
		memset(b, 0, sizeof(*b));
		if ((rc = need_object(r, o, p)) ||
		    (rc = get_str(r, o, p, "scope", NULL, &b->scope)) ||
		    (rc = get_str(r, o, p, "metric", NULL, &b->metric)) ||
		    (rc = get_num(r, o, p, "limit", 1, 0, 0, &b->limit)) ||
		    (rc = get_num(r, o, p, "value", 1, 1, 0, &b->value)) ||
		    (rc = get_num(r, o, p, "excess", 0, 0, 0, &b->excess)))
			return rc;
		if (strcmp(b->metric, "expected") != 0 && strcmp(b->metric, "max") != 0 &&
		    strcmp(b->metric, "upfront") != 0) {
			char mp[PATH_LEN];
			return bad(r, GET(o, "metric"), at_key(mp, p, "metric"),
				   "expected \"expected\", \"max\" or \"upfront\"");
		}
		b->exceeded = IS(JV_TRUE, GET(o, "exceeded"));
		est->nbudgets++;
	}
	return 0;
}

static int read_warnings(struct reader *r, const jsonval *root)
{
	infracost_estimate *est = r->est;
	const jsonval *list;
	int rc;
	if (!(list = get_array(r, root, "", "warnings", 0, &rc)))
		return rc;
	est->warnings_cap = infracost__jv_len(list);
	est->warnings = infracost__calloc(est->warnings_cap + 1, sizeof(*est->warnings));
	if (!est->warnings)
		return infracost__error_oom();
	for (size_t i = 0; i < infracost__jv_len(list); i++) {
		const jsonval *o = infracost__jv_item(list, i);
		infracost_warning *w = &est->warnings[est->nwarnings];
		char p[PATH_LEN];
		infracost__snprintf(p, sizeof(p), "warnings[%zu]", i);
		if ((rc = need_object(r, o, p)) ||
		    (rc = get_str(r, o, p, "environment", "", &w->environment)) ||
		    (rc = get_str(r, o, p, "service", "", &w->service)) ||
		    (rc = get_str(r, o, p, "message", NULL, &w->message)))
			return rc;
		if (!*w->environment)
			w->environment = NULL;
		if (!*w->service)
			w->service = NULL;
		est->nwarnings++;
	}
	return 0;
}

static int read_root(struct reader *r, const jsonval *root)
{
	infracost_estimate *est = r->est;
	const jsonval *envs, *total, *cur;
	size_t nenvs, svc = 0, item = 0, rows_cap = 0;
	int rc;

	if (!IS(JV_OBJECT, root))
		return bad(r, root, "$", "expected a JSON object at the top, got %s",
			   infracost__jv_type_name(root));
	if (GET(root, "services"))
		return bad(r, GET(root, "services"), "services",
			   "this is a spec (it has 'services'), not an estimate");
	cur = GET(root, "currency");
	if (cur && !(IS(JV_STRING, cur) && strcmp(infracost__jv_str(cur), "USD") == 0))
		return bad(r, cur, "currency", "only USD is supported");
	if ((rc = get_str(r, root, "", "name", "estimate", &est->name)) ||
	    (rc = get_num(r, root, "", "hours_per_month", 0, 0, 730, &est->hours)))
		return rc;
	if (!(envs = get_array(r, root, "", "environments", 1, &rc)))
		return rc;
	/* Environments come one at a time (jsondoc's deferred array): only one
	 * is a tree at once. The arrays grow by each one's parts, and the
	 * results point into them once they are final. */
	nenvs = r->doc->key ? r->doc->n : infracost__jv_len(envs);
	if (!(est->envs = infracost__calloc(nenvs + 1, sizeof(*est->envs))))
		return infracost__error_oom();
	for (size_t e = 0; e < nenvs; e++) {
		const jsonval *env = r->doc->key ? NULL : infracost__jv_item(envs, e);
		char p[PATH_LEN];
		size_t nsvc, nitems;
		if (r->doc->key && (rc = infracost__jsondoc_next((jsondoc *)r->doc, &env)) < 0)
			return rc;
		count_parts(env, &nsvc, &nitems);
		if (infracost__grow((void **)&est->services, &est->services_cap, svc + nsvc + 1,
				    sizeof(*est->services)) ||
		    infracost__grow((void **)&est->items, &est->items_cap, item + nitems + 1,
				    sizeof(*est->items)) ||
		    infracost__grow((void **)&est->custom_rows, &rows_cap, item + nitems + 1,
				    sizeof(*est->custom_rows)))
			return infracost__error_oom();
		infracost__snprintf(p, sizeof(p), "environments[%zu]", e);
		if ((rc = read_env(r, env, p, &est->envs[e], &svc, &item)))
			return rc;
		est->nenvs++;
	}
	est->nservices = svc;
	est->nitems = item;
	est->ncustom_rows = item;
	/* the arrays are final: point the results at their parts */
	for (size_t e = 0, sv = 0, it = 0; e < est->nenvs; e++) {
		est->envs[e].services = &est->services[sv];
		for (size_t k = 0; k < est->envs[e].service_count; k++, sv++) {
			est->services[sv].line_items = &est->items[it];
			for (size_t l = 0; l < est->services[sv].line_item_count; l++, it++)
				est->items[it].price = &est->custom_rows[it];
		}
	}
	total = GET(root, "total");
	if (!total)
		return bad(r, root, "", "required key 'total' is missing");
	if ((rc = need_object(r, total, "total")) ||
	    (rc = get_range(r, total, "total", "monthly", 1, &est->total)) ||
	    (rc = get_num(r, total, "total", "upfront", 0, 1, 0, &est->total_upfront)) ||
	    (rc = read_warnings(r, root)) || (rc = read_budgets(r, root)))
		return rc;
	/* the messages of the budgets exceeded, as the estimate wrote them */
	for (size_t i = 0; i < est->nbudgets; i++)
		if (est->budgets[i].exceeded &&
		    !(est->budgets[i].message = infracost__budget_message(est, &est->budgets[i])))
			return infracost__error_oom();
	return 0;
}

int infracost_estimate_load_json(infracost_estimate **out, const char *json, size_t len,
				 const char *name)
{
	struct reader r = {0};
	jsondoc doc;
	infracost_estimate *est;
	int rc;

	if (!out || (!json && len))
		return infracost__error(INFRACOST_EINVALID,
					"infracost_estimate_load_json: NULL argument");
	*out = NULL;
	if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
		json += 3;
		len -= 3;
	}
	est = infracost__calloc(1, sizeof(*est));
	if (!est)
		return infracost__error_oom();
	infracost__strpool_init(&est->pool);
	r.est = est;
	r.source = infracost__strpool_intern(&est->pool, name ? name : "<string>",
					     strlen(name ? name : "<string>"));
	if (!r.source) {
		infracost_estimate_free(est);
		return infracost__error_oom();
	}
	if ((rc = infracost__jsondoc_parse_deferred(&doc, json ? json : "", len, r.source,
						    "environments"))) {
		infracost_estimate_free(est);
		return rc;
	}
	r.doc = &doc;
	rc = read_root(&r, doc.root);
	infracost__jsondoc_free(&doc);
	if (rc) {
		infracost_estimate_free(est);
		return rc;
	}
	*out = est;
	return 0;
}

int infracost_estimate_load_json_file(infracost_estimate **out, const char *path)
{
	infracost_file_view view;
	int rc;
	if (!out || !path)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_estimate_load_json_file: NULL argument");
	*out = NULL;
	if ((rc = infracost__file_open(&view, path)))
		return rc;
	rc = infracost_estimate_load_json(out, view.data, view.len, path);
	infracost__file_close(&view);
	return rc;
}

int infracost_file_type_of(const char *path)
{
	FILE *f;
	jstream *js = NULL;
	int kind = INFRACOST_FILE_SPEC;

	if (!path)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_file_type_of: NULL argument");
	if (!(f = fopen(path, "rb")))
		return infracost__error(INFRACOST_EIO, "%s: cannot open: %s", path,
					strerror(errno));
	/* The top level only, streamed until it tells: an estimate's
	 * "environments" is an array, a spec's an object (or the spec has
	 * "services" first); a Terraform plan's "format_version" comes first
	 * (neither a spec nor an estimate has one; a state has one too, and the
	 * converter says what it is). Nothing is kept: a large file is read
	 * once, by its loader. A text that is not JSON is the spec loader's. */
	if (infracost__jstream_new(&js, f, path, NULL) == 0 &&
	    infracost__jstream_next(js) == JSTREAM_OBJECT_BEGIN) {
		while (infracost__jstream_next(js) == JSTREAM_KEY) {
			const char *key = infracost__jstream_text(js, NULL);
			if (strcmp(key, "services") == 0)
				break;
			if (strcmp(key, "format_version") == 0) {
				kind = INFRACOST_FILE_TERRAFORM_PLAN;
				break;
			}
			if (strcmp(key, "environments") == 0) {
				if (infracost__jstream_next(js) == JSTREAM_ARRAY_BEGIN)
					kind = INFRACOST_FILE_ESTIMATE;
				break;
			}
			if (infracost__jstream_skip(js) < 0)
				break;
		}
	}
	infracost__jstream_free(js);
	fclose(f);
	infracost_error_clear();
	return kind;
}

int infracost_file_is_estimate_json(const char *path)
{
	int kind;
	if (!path)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_file_is_estimate_json: NULL argument");
	kind = infracost_file_type_of(path);
	return kind < 0 ? kind : kind == INFRACOST_FILE_ESTIMATE;
}
