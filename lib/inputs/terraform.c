/* terraform.c - Terraform plans (terraform show -json) as specs
 * (include/infracost/terraform.h; docs/terraform.md has the mapping).
 *
 * A plan is read as a stream with jstream.c: planned_values, prior_state
 * and the rest are skipped; each element of resource_changes is built into
 * a small tree (struct tn) and the configuration into another, in an arena.
 * Each resource then becomes a service of the spec's types (struct sout:
 * its keys as JSON text), is read into another one (a launch template into
 * its autoscaling group), or is accounted for as free, not supported or
 * removed. Plans of several environments are merged into one spec (a
 * resource in several plans is one service with overrides), the usage file
 * is applied, and the spec is written as JSON for spec.c to validate. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infracost/spec.h"
#include "infracost/terraform.h"

#include "alloc.h"
#include "buf.h"
#include "cnum.h"
#include "error.h"
#include "jsondoc.h"
#include "yamldoc.h"
#include "jstream.h"
#include "options.h"
#include "service_type.h"
#include "strpool.h"

/* ---- arena --------------------------------------------------------------- */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
};

struct arena {
	struct chunk *head;
};

static void *arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;
	n = (n + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		c = infracost__malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

static char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

static char *arena_printf(struct arena *a, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
static char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return arena_strdup(a, tmp);
}

static void arena_free(struct arena *a)
{
	while (a->head) {
		struct chunk *n = a->head->next;
		infracost__free(a->head);
		a->head = n;
	}
}

/* ---- a small JSON tree, built from the stream ----------------------------- */

enum { TN_NULL, TN_FALSE, TN_TRUE, TN_NUM, TN_STR, TN_ARR, TN_OBJ };

struct tn {
	unsigned char t;
	unsigned n;      /* children of an array or object */
	const char *key; /* the member name, in an object */
	union {
		double num;
		const char *str;
		struct tn *kids;
	} u;
};

/* Children of the open containers while a tree is built (a stack). */
struct scratch {
	struct tn *v;
	size_t n, cap;
};

static int scratch_push(struct scratch *s, const struct tn *t)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct tn *v = infracost__realloc(s->v, cap * sizeof(*v));
		if (!v)
			return infracost__error_oom();
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = *t;
	return 0;
}

/* Build the value whose first event is `ev` into *out. */
static int build(jstream *js, int ev, struct arena *a, struct scratch *s, struct tn *out)
{
	const char *text;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	switch (ev) {
	case JSTREAM_NULL: out->t = TN_NULL; return 0;
	case JSTREAM_TRUE: out->t = TN_TRUE; return 0;
	case JSTREAM_FALSE: out->t = TN_FALSE; return 0;
	case JSTREAM_NUMBER:
		out->t = TN_NUM;
		out->u.num = infracost__jstream_number(js);
		return 0;
	case JSTREAM_STRING:
		text = infracost__jstream_text(js, &len);
		out->t = TN_STR;
		if (!(out->u.str = arena_strndup(a, text, len)))
			return infracost__error_oom();
		return 0;
	case JSTREAM_ARRAY_BEGIN:
	case JSTREAM_OBJECT_BEGIN: {
		size_t base = s->n;
		int obj = ev == JSTREAM_OBJECT_BEGIN;
		out->t = obj ? TN_OBJ : TN_ARR;
		for (;;) {
			struct tn kid;
			const char *key = NULL;
			ev = infracost__jstream_next(js);
			if (ev < 0)
				return ev;
			if (ev == JSTREAM_ARRAY_END || ev == JSTREAM_OBJECT_END)
				break;
			if (obj) {
				text = infracost__jstream_text(js, &len);
				if (!(key = arena_strndup(a, text, len)))
					return infracost__error_oom();
				if ((ev = infracost__jstream_next(js)) < 0)
					return ev;
			}
			if ((rc = build(js, ev, a, s, &kid)))
				return rc;
			kid.key = key;
			if ((rc = scratch_push(s, &kid)))
				return rc;
		}
		out->n = (unsigned)(s->n - base);
		if (out->n) {
			if (!(out->u.kids = arena_alloc(a, out->n * sizeof(struct tn))))
				return infracost__error_oom();
			memcpy(out->u.kids, s->v + base, out->n * sizeof(struct tn));
		}
		s->n = base;
		return 0;
	}
	default: return infracost__jstream_fail(js, INFRACOST_EPARSE, "unexpected token");
	}
}

/* A deep copy of t into another arena. */
static int tn_copy(struct arena *a, const struct tn *t, struct tn *out)
{
	*out = *t;
	if (t->key && !(out->key = arena_strdup(a, t->key)))
		return infracost__error_oom();
	if (t->t == TN_STR && !(out->u.str = arena_strdup(a, t->u.str)))
		return infracost__error_oom();
	if ((t->t == TN_ARR || t->t == TN_OBJ) && t->n) {
		if (!(out->u.kids = arena_alloc(a, t->n * sizeof(struct tn))))
			return infracost__error_oom();
		for (unsigned i = 0; i < t->n; i++)
			if (tn_copy(a, &t->u.kids[i], &out->u.kids[i]))
				return infracost__error_oom();
	}
	return 0;
}

static const struct tn *get(const struct tn *o, const char *key)
{
	if (!o || o->t != TN_OBJ)
		return NULL;
	for (unsigned i = 0; i < o->n; i++)
		if (strcmp(o->u.kids[i].key, key) == 0)
			return &o->u.kids[i];
	return NULL;
}

static const struct tn *item(const struct tn *a, unsigned i)
{
	return a && a->t == TN_ARR && i < a->n ? &a->u.kids[i] : NULL;
}

/* The first element of a block list ("root_block_device": [{...}]). */
static const struct tn *block(const struct tn *o, const char *key)
{
	const struct tn *b = get(o, key);
	return b && b->t == TN_OBJ ? b : item(b, 0);
}

static const char *str(const struct tn *t)
{
	return t && t->t == TN_STR && t->u.str[0] ? t->u.str : NULL;
}

static const char *get_str(const struct tn *o, const char *key)
{
	return str(get(o, key));
}

/* A number, or a string holding one ("256", "3": providers write some
 * numbers as strings); 0 when there is none. */
static int num(const struct tn *t, double *out)
{
	if (t && t->t == TN_NUM) {
		*out = t->u.num;
		return 1;
	}
	if (t && t->t == TN_STR && t->u.str[0]) {
		char *end;
		double d = infracost__strtod(t->u.str, &end);
		if (*end == '\0' && isfinite(d)) {
			*out = d;
			return 1;
		}
	}
	return 0;
}

static int get_num(const struct tn *o, const char *key, double *out)
{
	return num(get(o, key), out);
}

static double get_num_or(const struct tn *o, const char *key, double dflt)
{
	double d;
	return get_num(o, key, &d) ? d : dflt;
}

/* true, or the string "true" (ebs_optimized "true") */
static int get_bool(const struct tn *o, const char *key)
{
	const struct tn *t = get(o, key);
	return t && (t->t == TN_TRUE || (t->t == TN_STR && strcmp(t->u.str, "true") == 0));
}

/* ---- the plan -------------------------------------------------------------- */

enum action { ACT_CREATE, ACT_UPDATE, ACT_NOOP, ACT_DELETE, ACT_REPLACE, ACT_READ };
enum status { ST_NONE, ST_PRICED, ST_INCLUDED, ST_FREE, ST_UNSUPPORTED, ST_REMOVED };
static const char *const status_names[] = {"",     "priced",      "included",
					   "free", "unsupported", "removed"};

/* Strings to pointers, in a hash (the configuration resources by module
 * path and address; resources by type and name). */
struct smap {
	const char **keys;
	const void **vals;
	size_t cap;
};

struct res {
	const char *address, *module, *type, *name, *provider;
	int data;   /* a data source */
	int action; /* enum action */
	const struct tn *after, *unknown;
	const struct tn *cfg; /* its configuration resource (expressions), or NULL */
	const char *region;
	struct res *link;         /* what it belongs to: a scaling target's service... */
	struct res *child, *next; /* what belongs to it, in plan order */
	int status;               /* enum status */
	const char *service, *note;
};

/* A key of a service that the usage file gave (the last one given first):
 * where an error about its value points (usage.json:L:C:
 * resources.PATTERN.KEY), not at the converted spec. */
struct usage_entry;
struct origin {
	const char *key;
	const struct usage_entry *entry;
	const jsonval *value; /* in the usage document */
	struct origin *next;
};

/* One service of the spec, its keys as JSON text in the order set. */
#define SOUT_KEYS 24
struct sout {
	const char *name, *type, *region;
	struct res *from;
	size_t seq, nkeys;
	const char *keys[SOUT_KEYS];
	const char *vals[SOUT_KEYS]; /* JSON text; NULL: removed */
	struct origin *origins;      /* the keys the usage file gave */
};

struct conv;

struct plan {
	const char *env, *source;
	const struct conv *conv;
	struct arena *a;
	struct res *res;
	size_t nres, cap;
	size_t *index; /* address hash -> res index + 1 */
	size_t index_cap;
	const struct tn *variables;
	const struct tn *config; /* "configuration" */
	struct smap names;       /* "TYPE\x1fVALUE" of the name attributes of name_attrs */
	struct smap by_name;     /* services by name (find_svc) */
	const char *region;      /* the default aws provider's */
	int has_format;
	struct sout *svcs;
	size_t nsvcs, svcs_cap;
};

struct usage_entry {
	const char *pattern;
	const jsonval *keys; /* an object */
	const char *path;    /* "resources.PATTERN" */
	int used;
};

struct conv {
	struct arena a;
	struct scratch s;
	infracost_terraform_options opt;
	const char *default_region;
	jsondoc usage;
	int has_usage;
	const char *usage_source;
	struct usage_entry *usage_entries;
	size_t nusage;
	const jsonval *budgets; /* the usage file's, copied into the spec */
	int any_origin;         /* a key of a service came from the usage file */
	struct plan *plans;
	size_t nplans;
	const struct sout **checked; /* the services of the check spec, in order */
	size_t nchecked;
};

static void warn(struct conv *c, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
static void warn(struct conv *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	if (!c->opt.warn)
		return;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->opt.warn(c->opt.warn_ctx, msg);
}

static size_t hash_str(const char *s)
{
	return (size_t)infracost__hash_bytes(s, strlen(s));
}

static int index_add(struct plan *p, size_t i)
{
	size_t mask, h;
	if ((p->nres + 1) * 2 > p->index_cap) {
		size_t cap = p->index_cap ? p->index_cap * 2 : 1024;
		size_t *idx = infracost__calloc(cap, sizeof(*idx));
		if (!idx)
			return infracost__error_oom();
		for (size_t k = 0; k < p->index_cap; k++)
			if (p->index[k]) {
				h = hash_str(p->res[p->index[k] - 1].address) & (cap - 1);
				while (idx[h])
					h = (h + 1) & (cap - 1);
				idx[h] = p->index[k];
			}
		infracost__free(p->index);
		p->index = idx;
		p->index_cap = cap;
	}
	mask = p->index_cap - 1;
	h = hash_str(p->res[i].address) & mask;
	while (p->index[h]) {
		if (strcmp(p->res[p->index[h] - 1].address, p->res[i].address) == 0)
			return 1; /* a duplicate address: keep the first */
		h = (h + 1) & mask;
	}
	p->index[h] = i + 1;
	return 0;
}

static struct res *find(struct plan *p, const char *address)
{
	size_t mask, h;
	if (!p->index_cap)
		return NULL;
	mask = p->index_cap - 1;
	h = hash_str(address) & mask;
	while (p->index[h]) {
		struct res *r = &p->res[p->index[h] - 1];
		if (strcmp(r->address, address) == 0)
			return r;
		h = (h + 1) & mask;
	}
	return NULL;
}

/* Types whose values another resource or the mapping reads: their after
 * and after_unknown are kept (the rest of a plan's resources keep their
 * address, type and action only). */
static int kept_type(const char *type);

/* One element of resource_changes. */
static int read_change(struct conv *c, struct plan *p, const struct tn *rc, jstream *js)
{
	const struct tn *change = get(rc, "change"), *acts = get(change, "actions");
	const char *addr = get_str(rc, "address"), *type = get_str(rc, "type");
	const char *a0 = str(item(acts, 0)), *a1 = str(item(acts, 1));
	struct res *r;
	int rcode;

	if (!addr || !type || !change || !a0)
		return infracost__jstream_fail(
			js, INFRACOST_EINVALID,
			"resource_changes[%zu]: a resource change has 'address', 'type' and "
			"'change.actions'",
			p->nres);
	if (p->nres == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct res *v = infracost__realloc(p->res, cap * sizeof(*v));
		if (!v)
			return infracost__error_oom();
		p->res = v;
		p->cap = cap;
	}
	r = &p->res[p->nres];
	memset(r, 0, sizeof(*r));
	if (!(r->address = arena_strdup(p->a, addr)) || !(r->type = arena_strdup(p->a, type)))
		return infracost__error_oom();
	r->module = arena_strdup(p->a, get_str(rc, "module_address"));
	r->name = arena_strdup(p->a, get_str(rc, "name"));
	r->provider = arena_strdup(p->a, get_str(rc, "provider_name"));
	r->data = get_str(rc, "mode") && strcmp(get_str(rc, "mode"), "data") == 0;
	if (strcmp(a0, "delete") == 0 && a1 && strcmp(a1, "create") == 0)
		r->action = ACT_REPLACE;
	else if (strcmp(a0, "create") == 0 && a1 && strcmp(a1, "delete") == 0)
		r->action = ACT_REPLACE;
	else if (strcmp(a0, "create") == 0)
		r->action = ACT_CREATE;
	else if (strcmp(a0, "update") == 0)
		r->action = ACT_UPDATE;
	else if (strcmp(a0, "delete") == 0)
		r->action = ACT_DELETE;
	else if (strcmp(a0, "read") == 0)
		r->action = ACT_READ;
	else
		r->action = ACT_NOOP;
	if (!r->data && r->action != ACT_DELETE && kept_type(type)) {
		struct tn *after = arena_alloc(p->a, sizeof(*after)),
			  *unknown = arena_alloc(p->a, sizeof(*unknown));
		const struct tn *af = get(change, "after"), *un = get(change, "after_unknown");
		if (!after || !unknown)
			return infracost__error_oom();
		if (af && (rcode = tn_copy(p->a, af, after)))
			return rcode;
		if (un && (rcode = tn_copy(p->a, un, unknown)))
			return rcode;
		r->after = af ? after : NULL;
		r->unknown = un ? unknown : NULL;
	}
	if ((rcode = index_add(p, p->nres)) < 0)
		return rcode;
	if (rcode == 1) { /* the same address twice: the first counts */
		warn(c, "%s: resource %s is listed twice in resource_changes (the first is used)",
		     p->source, addr);
		return 0;
	}
	p->nres++;
	return 0;
}

static int read_plan(struct conv *c, struct plan *p, FILE *f)
{
	jstream *js = NULL;
	struct arena tmp = {NULL};
	int ev, rc = 0, has_changes = 0, has_values = 0;
	/* a plan's strings can be long (a policy document, user data, a
	 * container definition): up to 64 MiB each */
	jstream_limits lim = {0, (size_t)64 << 20, 0};

	if ((rc = infracost__jstream_new(&js, f, p->source, &lim)))
		return rc;
	if ((ev = infracost__jstream_next(js)) < 0) {
		rc = ev;
		goto done;
	}
	if (ev != JSTREAM_OBJECT_BEGIN) {
		rc = infracost__jstream_fail(js, INFRACOST_EINVALID,
					     "not a Terraform plan: expected a JSON object (the "
					     "output of 'terraform show -json PLANFILE')");
		goto done;
	}
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		const char *key = infracost__jstream_text(js, NULL);
		if (strcmp(key, "format_version") == 0) {
			p->has_format = 1;
			if ((ev = infracost__jstream_skip(js)) < 0)
				break;
		} else if (strcmp(key, "values") == 0) {
			has_values = 1;
			if ((ev = infracost__jstream_skip(js)) < 0)
				break;
		} else if (strcmp(key, "variables") == 0 || strcmp(key, "configuration") == 0) {
			struct tn *t = arena_alloc(p->a, sizeof(*t));
			int conf = key[0] == 'c';
			if (!t) {
				rc = infracost__error_oom();
				goto done;
			}
			if ((ev = infracost__jstream_next(js)) < 0 ||
			    (rc = build(js, ev, p->a, &c->s, t)))
				break;
			if (conf)
				p->config = t;
			else
				p->variables = t;
		} else if (strcmp(key, "resource_changes") == 0) {
			has_changes = 1;
			if ((ev = infracost__jstream_next(js)) < 0)
				break;
			if (ev == JSTREAM_NULL)
				continue;
			if (ev != JSTREAM_ARRAY_BEGIN) {
				rc = infracost__jstream_fail(js, INFRACOST_EINVALID,
							     "resource_changes: expected an array");
				goto done;
			}
			while ((ev = infracost__jstream_next(js)) > 0 && ev != JSTREAM_ARRAY_END) {
				struct tn t;
				if (ev != JSTREAM_OBJECT_BEGIN) {
					rc = infracost__jstream_fail(
						js, INFRACOST_EINVALID,
						"resource_changes[%zu]: expected an object",
						p->nres);
					goto done;
				}
				if ((rc = build(js, ev, &tmp, &c->s, &t)) ||
				    (rc = read_change(c, p, &t, js)))
					goto done;
				arena_free(&tmp);
			}
			if (ev < 0)
				break;
		} else if ((ev = infracost__jstream_skip(js)) < 0) {
			break;
		}
	}
	if (rc)
		goto done;
	if (ev < 0) {
		rc = ev;
		goto done;
	}
	if ((ev = infracost__jstream_next(js)) < 0) {
		rc = ev;
		goto done;
	}
	if (!p->has_format || (!has_changes && has_values)) {
		rc = infracost__error_at(
			INFRACOST_EINVALID, p->source, 1, 1, NULL,
			has_values
				? "a Terraform state, not a plan: give the JSON of a plan "
				  "('terraform plan -out=PLANFILE' then 'terraform show -json "
				  "PLANFILE')"
				: "not a Terraform plan: no 'format_version' (give the output of "
				  "'terraform show -json PLANFILE')");
		goto done;
	}
done:
	arena_free(&tmp);
	infracost__jstream_free(js);
	return rc;
}

/* ---- configuration: expressions, references, regions ---------------------- */

/* `address` without instance keys ("module.a[\"x\"].aws_instance.b[2]" ->
 * "module.a.aws_instance.b"), into the arena. */
static char *strip_keys(struct arena *a, const char *address)
{
	size_t n = strlen(address), o = 0;
	char *d = arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (address[i] == '[') {
			int q = 0;
			for (i++; i < n && (q || address[i] != ']'); i++) {
				if (address[i] == '\\' && q && i + 1 < n)
					i++;
				else if (address[i] == '"')
					q = !q;
			}
			continue;
		}
		d[o++] = address[i];
	}
	d[o] = '\0';
	return d;
}

static int smap_init(struct smap *x, size_t n)
{
	size_t cap = 16;
	while (cap < n * 2 + 2)
		cap *= 2;
	x->cap = cap;
	x->keys = infracost__calloc(cap, sizeof(*x->keys));
	x->vals = infracost__calloc(cap, sizeof(*x->vals));
	if (x->keys && x->vals)
		return 0;
	x->cap = 0; /* smap_free frees what was allocated */
	return infracost__error_oom();
}

static void smap_free(struct smap *x)
{
	infracost__free(x->keys);
	infracost__free(x->vals);
	memset(x, 0, sizeof(*x));
}

static int cfg_add(struct smap *x, const char *key, const void *v)
{
	size_t h = hash_str(key) & (x->cap - 1);
	while (x->keys[h]) {
		if (strcmp(x->keys[h], key) == 0)
			return 0;
		h = (h + 1) & (x->cap - 1);
	}
	x->keys[h] = key;
	x->vals[h] = v;
	return 0;
}

static const void *cfg_find(const struct smap *x, const char *key)
{
	size_t h;
	if (!x->cap)
		return NULL;
	h = hash_str(key) & (x->cap - 1);
	while (x->keys[h]) {
		if (strcmp(x->keys[h], key) == 0)
			return x->vals[h];
		h = (h + 1) & (x->cap - 1);
	}
	return NULL;
}

static size_t cfg_count(const struct tn *module)
{
	const struct tn *res = get(module, "resources"), *calls = get(module, "module_calls");
	size_t n = res && res->t == TN_ARR ? res->n : 0;
	for (unsigned i = 0; calls && calls->t == TN_OBJ && i < calls->n; i++)
		n += cfg_count(get(&calls->u.kids[i], "module"));
	return n;
}

static int cfg_walk(struct smap *x, struct arena *a, const struct tn *module, const char *prefix)
{
	const struct tn *res = get(module, "resources"), *calls = get(module, "module_calls");
	for (unsigned i = 0; res && res->t == TN_ARR && i < res->n; i++) {
		const char *addr = get_str(&res->u.kids[i], "address");
		char *key;
		if (!addr)
			continue;
		/* newer plans write module resources' addresses relative */
		if (*prefix && strncmp(addr, prefix, strlen(prefix)) != 0)
			key = arena_printf(a, "%s.%s", prefix, addr);
		else
			key = arena_strdup(a, addr);
		if (!key)
			return infracost__error_oom();
		cfg_add(x, key, &res->u.kids[i]);
	}
	for (unsigned i = 0; calls && calls->t == TN_OBJ && i < calls->n; i++) {
		char *sub = *prefix ? arena_printf(a, "%s.module.%s", prefix, calls->u.kids[i].key)
				    : arena_printf(a, "module.%s", calls->u.kids[i].key);
		int rc;
		if (!sub)
			return infracost__error_oom();
		if ((rc = cfg_walk(x, a, get(&calls->u.kids[i], "module"), sub)))
			return rc;
	}
	return 0;
}

/* The region of a provider configuration: a constant, or a variable's
 * value; NULL when the plan does not say. */
static const char *provider_region(struct plan *p, const struct tn *pc)
{
	const struct tn *expr = get(get(pc, "expressions"), "region");
	const struct tn *refs = get(expr, "references");
	const char *v = get_str(expr, "constant_value");
	if (v)
		return v;
	for (unsigned i = 0; refs && i < refs->n; i++) {
		const char *r = str(item(refs, i));
		if (r && strncmp(r, "var.", 4) == 0 && !strchr(r + 4, '.')) {
			const char *val = get_str(get(p->variables, r + 4), "value");
			if (val)
				return val;
		}
	}
	return NULL;
}

/* The region of a resource from its provider_config_key ("aws.paris",
 * "ec2:aws", "module.ec2:aws"): that configuration, else the one of the
 * same name at the root (a module's resources use their caller's
 * provider), else the plan's. */
static const char *resource_region(struct plan *p, const struct tn *cfg)
{
	const struct tn *pcs = get(p->config, "provider_config");
	const char *key = get_str(cfg, "provider_config_key"), *colon, *r;
	if (!key)
		return p->region;
	if ((r = provider_region(p, get(pcs, key))))
		return r;
	if ((colon = strrchr(key, ':')) && (r = provider_region(p, get(pcs, colon + 1))))
		return r;
	return p->region;
}

/* The module instance of a resource ("module.a[\"x\"]"), from its
 * module_address or its address. */
static const char *module_of(struct arena *a, const struct res *r)
{
	const char *last;
	if (r->module)
		return r->module;
	/* the address less its last two parts (TYPE.NAME, with an index) */
	last = strstr(r->address, r->type);
	while (last) {
		const char *next = strstr(last + 1, r->type);
		if (!next)
			break;
		last = next;
	}
	if (!last || last == r->address)
		return "";
	return arena_strndup(a, r->address, (size_t)(last - r->address - 1));
}

/* The resource a reference names ("aws_launch_template.foo.id",
 * "aws_launch_template.foo[0].name"), of type `type`, in the module of
 * `from`; NULL when it is not in the plan. */
static struct res *resolve_ref(struct plan *p, const struct res *from, const char *ref,
			       const char *type)
{
	size_t tl = strlen(type), nl;
	const char *name, *mod;
	char addr[1024];
	struct res *r;
	if (strncmp(ref, type, tl) != 0 || ref[tl] != '.')
		return NULL;
	name = ref + tl + 1;
	nl = strcspn(name, ".");
	mod = module_of(p->a, from);
	if (!mod)
		return NULL;
	infracost__snprintf(addr, sizeof(addr), "%s%s%s.%.*s", mod, *mod ? "." : "", type, (int)nl,
			    name);
	if ((r = find(p, addr)))
		return r;
	if (!strchr(addr, '[')) {
		size_t n = strlen(addr);
		infracost__snprintf(addr + n, sizeof(addr) - n, "[0]");
		if ((r = find(p, addr)))
			return r;
	}
	return NULL;
}

/* The first resource of `type` that the expressions under `expr` refer to. */
static struct res *ref_in(struct plan *p, const struct res *from, const struct tn *expr,
			  const char *type)
{
	if (!expr)
		return NULL;
	if (expr->t == TN_OBJ) {
		const struct tn *refs = get(expr, "references");
		for (unsigned i = 0; refs && i < refs->n; i++) {
			const char *ref = str(item(refs, i));
			struct res *r = ref ? resolve_ref(p, from, ref, type) : NULL;
			if (r)
				return r;
		}
	}
	if (expr->t == TN_OBJ || expr->t == TN_ARR)
		for (unsigned i = 0; i < expr->n; i++) {
			struct res *r;
			if (expr->t == TN_OBJ && strcmp(expr->u.kids[i].key, "references") == 0)
				continue;
			if ((r = ref_in(p, from, &expr->u.kids[i], type)))
				return r;
		}
	return NULL;
}

/* What `from`'s configuration expression `key` refers to, of type `type`. */
static struct res *ref_of(struct plan *p, const struct res *from, const char *key, const char *type)
{
	return ref_in(p, from, get(get(from->cfg, "expressions"), key), type);
}

/* A resource of `type` whose after value `attr` is `value` (a literal
 * name of a resource the plan creates), or NULL. */
static struct res *by_value(struct plan *p, const char *type, const char *attr, const char *value)
{
	char key[512];
	(void)attr; /* one name attribute a type: name_attrs */
	if (!value || !p->names.cap)
		return NULL;
	infracost__snprintf(key, sizeof(key), "%s\x1f%s", type, value);
	return (struct res *)cfg_find(&p->names, key);
}

/* The attribute that names a resource of a type, for by_value. */
static const char *const name_attrs[][2] = {
	{"aws_launch_template", "name"},
	{"aws_launch_configuration", "name"},
	{"aws_ecs_task_definition", "family"},
	{"aws_ecs_service", "name"},
	{"aws_dynamodb_table", "name"},
	{"aws_s3_bucket", "bucket"},
	{"aws_rds_cluster", "cluster_identifier"},
};

/* What a resource belongs to: a scaling target's ECS service or DynamoDB
 * table, a cluster instance's cluster, a replication configuration's
 * bucket; by reference, else by literal name. */
static struct res *link_of(struct plan *p, struct res *r)
{
	const char *v, *slash;
	struct res *l;
	if (!strcmp(r->type, "aws_appautoscaling_target")) {
		if ((l = ref_of(p, r, "resource_id", "aws_ecs_service")) ||
		    (l = ref_of(p, r, "resource_id", "aws_dynamodb_table")))
			return l;
		v = get_str(r->after, "resource_id");
		if (!v || !(slash = strrchr(v, '/')))
			return NULL;
		if (!strncmp(v, "service/", 8))
			return by_value(p, "aws_ecs_service", "name", slash + 1);
		if (!strncmp(v, "table/", 6))
			return by_value(p, "aws_dynamodb_table", "name", slash + 1);
		return NULL;
	}
	if (!strcmp(r->type, "aws_rds_cluster_instance"))
		return (l = ref_of(p, r, "cluster_identifier", "aws_rds_cluster"))
			       ? l
			       : by_value(p, "aws_rds_cluster", "cluster_identifier",
					  get_str(r->after, "cluster_identifier"));
	if (!strcmp(r->type, "aws_s3_bucket_replication_configuration"))
		return (l = ref_of(p, r, "bucket", "aws_s3_bucket"))
			       ? l
			       : by_value(p, "aws_s3_bucket", "bucket",
					  get_str(r->after, "bucket"));
	return NULL;
}

static int link_resources(struct plan *p)
{
	size_t n = 0;
	int rc;
	for (size_t i = 0; i < p->nres; i++) {
		struct res *r = &p->res[i];
		if (!r->module && !(r->module = module_of(p->a, r)))
			return infracost__error_oom();
		for (size_t k = 0; k < sizeof(name_attrs) / sizeof(name_attrs[0]); k++)
			n += !strcmp(r->type, name_attrs[k][0]);
	}
	if ((rc = smap_init(&p->names, n)))
		return rc;
	for (size_t i = 0; i < p->nres; i++) {
		struct res *r = &p->res[i];
		for (size_t k = 0; k < sizeof(name_attrs) / sizeof(name_attrs[0]); k++) {
			const char *v;
			char *key;
			if (strcmp(r->type, name_attrs[k][0]) ||
			    !(v = get_str(r->after, name_attrs[k][1])))
				continue;
			if (!(key = arena_printf(p->a, "%s\x1f%s", r->type, v)))
				return infracost__error_oom();
			cfg_add(&p->names, key, r);
		}
	}
	/* children in plan order: linked from the last */
	for (size_t i = p->nres; i-- > 0;) {
		struct res *r = &p->res[i];
		if (!r->after || !(r->link = link_of(p, r)) || r->link == r)
			continue;
		r->next = r->link->child;
		r->link->child = r;
	}
	return 0;
}

static int link_config(struct plan *p)
{
	struct smap x = {NULL, NULL, 0};
	const struct tn *root = get(p->config, "root_module");
	int rc = 0;

	p->region = provider_region(p, get(get(p->config, "provider_config"), "aws"));
	if ((rc = smap_init(&x, cfg_count(root))) || (rc = cfg_walk(&x, p->a, root, "")))
		goto done;
	for (size_t i = 0; i < p->nres; i++) {
		struct res *r = &p->res[i];
		char *key = strip_keys(p->a, r->address);
		if (!key) {
			rc = infracost__error_oom();
			goto done;
		}
		r->cfg = cfg_find(&x, key);
		r->region = r->cfg ? resource_region(p, r->cfg) : p->region;
	}
	rc = link_resources(p);
done:
	smap_free(&x);
	return rc;
}

/* ---- services -------------------------------------------------------------- */

static struct sout *new_svc(struct plan *p, struct res *r, const char *type)
{
	struct sout *s;
	if (p->nsvcs == p->svcs_cap) {
		size_t cap = p->svcs_cap ? p->svcs_cap * 2 : 64;
		struct sout *v = infracost__realloc(p->svcs, cap * sizeof(*v));
		if (!v)
			return NULL;
		p->svcs = v;
		p->svcs_cap = cap;
	}
	s = &p->svcs[p->nsvcs++];
	memset(s, 0, sizeof(*s));
	s->name = r->address;
	s->type = type;
	s->region = r->region;
	s->from = r;
	s->seq = p->nsvcs - 1;
	r->status = ST_PRICED;
	r->service = r->address;
	return s;
}

/* Set key (replacing an earlier value); json NULL removes it. */
static void set_raw(struct sout *s, const char *key, const char *json)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i], key) == 0) {
			s->vals[i] = json;
			return;
		}
	if (s->nkeys < SOUT_KEYS) {
		s->keys[s->nkeys] = key;
		s->vals[s->nkeys++] = json;
	}
}

static const char *get_raw(const struct sout *s, const char *key)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i], key) == 0)
			return s->vals[i];
	return NULL;
}

static int set_num(struct plan *p, struct sout *s, const char *key, double v)
{
	char tmp[64];
	const char *t;
	infracost__snprintf(tmp, sizeof(tmp), "%.15g", v);
	if (!(t = arena_strdup(p->a, tmp)))
		return infracost__error_oom();
	set_raw(s, key, t);
	return 0;
}

static int set_str(struct plan *p, struct sout *s, const char *key, const char *v)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	const char *t;
	infracost__buf_json_str(&b, v);
	t = b.failed ? NULL : arena_strndup(p->a, b.data, b.len);
	infracost__buf_free(&b);
	if (!t)
		return infracost__error_oom();
	set_raw(s, key, t);
	return 0;
}

/* A note on the resource (notes add up, "; "-separated). */
static int note(struct plan *p, struct res *r, const char *fmt, ...) INFRACOST_PRINTF(3, 4);
static int note(struct plan *p, struct res *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->note = r->note ? arena_printf(p->a, "%s; %s", r->note, msg) : arena_strdup(p->a, msg);
	return r->note ? 0 : infracost__error_oom();
}

static void mark(struct res *r, int status, const char *service)
{
	r->status = status;
	r->service = service;
}

/* "replicas": n, or { min, max, average } when they differ. */
static int set_replicas(struct plan *p, struct sout *s, double min, double max, double desired)
{
	char tmp[160];
	const char *t;
	if (min < 0)
		min = 0;
	if (max < min)
		max = min;
	if (min == max)
		return set_num(p, s, "replicas", min);
	if (desired >= min && desired <= max)
		infracost__snprintf(tmp, sizeof(tmp),
				    "{ \"min\": %.15g, \"max\": %.15g, "
				    "\"average\": %.15g }",
				    min, max, desired);
	else
		infracost__snprintf(tmp, sizeof(tmp), "{ \"min\": %.15g, \"max\": %.15g }", min,
				    max);
	if (!(t = arena_strdup(p->a, tmp)))
		return infracost__error_oom();
	set_raw(s, "replicas", t);
	return 0;
}

static int set_spot(struct plan *p, struct sout *s, double share)
{
	char tmp[96];
	const char *t;
	if (!(share > 0))
		return 0;
	if (share > 1)
		share = 1;
	infracost__snprintf(tmp, sizeof(tmp), "{ \"spot\": %.6g }", share);
	if (!(t = arena_strdup(p->a, tmp)))
		return infracost__error_oom();
	set_raw(s, "purchase", t);
	return 0;
}

static const char *const volume_types[] = {"gp3", "gp2", "io1",      "io2",
					   "st1", "sc1", "standard", NULL};

static int known_volume(const char *t)
{
	for (int i = 0; t && volume_types[i]; i++)
		if (strcmp(t, volume_types[i]) == 0)
			return 1;
	return 0;
}

/* A vm's disk from a block device ({volume_size, volume_type, iops,
 * throughput}); `what` names it in notes. */
static int set_disk(struct plan *p, struct sout *s, struct res *r, const struct tn *dev,
		    const char *what, double dflt_size)
{
	double size = dflt_size, iops = 0, tp = 0;
	const char *type = get_str(dev, "volume_type");
	int rc;
	if (!get_num(dev, "volume_size", &size)) {
		if (dflt_size <= 0)
			return 0;
		if ((rc = note(p, r, "%s of %g GB assumed (its size is not in the plan)", what,
			       dflt_size)))
			return rc;
	}
	if (!type) {
		type = "gp2";
		if ((rc = note(p, r, "%s type gp2 assumed", what)))
			return rc;
	} else if (!known_volume(type)) {
		if ((rc = note(p, r, "%s type '%s' priced as gp3", what, type)))
			return rc;
		type = "gp3";
	}
	if ((rc = set_num(p, s, "disk_gb", size)) || (rc = set_str(p, s, "disk_type", type)))
		return rc;
	get_num(dev, "iops", &iops);
	get_num(dev, "throughput", &tp);
	if (iops > 0 &&
	    (strcmp(type, "io1") == 0 || strcmp(type, "io2") == 0 || strcmp(type, "gp3") == 0) &&
	    (rc = set_num(p, s, "disk_iops", iops)))
		return rc;
	if (tp > 0 && strcmp(type, "gp3") == 0 && (rc = set_num(p, s, "disk_throughput_mbps", tp)))
		return rc;
	return 0;
}

/* Whether the usage file gives `key` (not null) to the service `name`:
 * what rescues a resource whose plan lacks a deciding value. */
static int usage_gives(const struct conv *c, const char *name, const char *key);

/* ---- the mapping ----------------------------------------------------------- */

static int map_instance(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const char *type = get_str(a, "instance_type");
	const struct tn *market = block(a, "instance_market_options"),
			*ebs = get(a, "ebs_block_device");
	struct sout *s;
	int rc;
	if (!type && !usage_gives(p->conv, r->address, "instance_type")) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "instance_type is not in the plan (give it in the usage file)");
	}
	if (!(s = new_svc(p, r, "vm")) || (type && (rc = set_str(p, s, "instance_type", type))))
		return infracost__error_oom();
	if ((rc = set_disk(p, s, r, block(a, "root_block_device"), "root volume", 8)))
		return rc;
	if (get_str(market, "market_type") && strcmp(get_str(market, "market_type"), "spot") == 0 &&
	    (rc = set_spot(p, s, 1)))
		return rc;
	if (get_str(a, "tenancy") && strcmp(get_str(a, "tenancy"), "default") != 0 &&
	    (rc = note(p, r, "%s tenancy priced as shared (not in the price books)",
		       get_str(a, "tenancy"))))
		return rc;
	/* extra volumes: one block_storage service each */
	for (unsigned i = 0; ebs && ebs->t == TN_ARR && i < ebs->n; i++) {
		const struct tn *d = item(ebs, i);
		struct sout *v;
		double size;
		const char *vt = get_str(d, "volume_type");
		if (!get_num(d, "volume_size", &size) || size <= 0)
			continue;
		if (!(v = new_svc(p, r, "block_storage")))
			return infracost__error_oom();
		r->service = r->address; /* the instance's own */
		if (!(v->name = arena_printf(p->a, "%s.ebs_block_device[%u]", r->address, i)))
			return infracost__error_oom();
		if ((rc = set_str(p, v, "volume_type", known_volume(vt) ? vt : "gp2")) ||
		    (rc = set_num(p, v, "size_gb", size)))
			return rc;
		if (get_num(d, "iops", &size) && size > 0 && vt &&
		    (strcmp(vt, "io1") == 0 || strcmp(vt, "io2") == 0) &&
		    (rc = set_num(p, v, "iops", size)))
			return rc;
		if ((rc = note(p, r, "ebs_block_device[%u] priced as %s", i, v->name)))
			return rc;
	}
	return 0;
}

/* The launch template or configuration of an autoscaling group or node
 * group: from the configuration's references, else by a literal name. */
static struct res *launch_template_of(struct plan *p, struct res *r, const struct tn *spec,
				      const char *expr_key)
{
	struct res *lt = ref_of(p, r, expr_key, "aws_launch_template");
	if (!lt && spec)
		lt = by_value(p, "aws_launch_template", "name", get_str(spec, "name"));
	if (!lt && spec)
		lt = by_value(p, "aws_launch_template", "name",
			      get_str(spec, "launch_template_name"));
	return lt;
}

static int map_asg(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const struct tn *mip = block(a, "mixed_instances_policy");
	const struct tn *dist = block(mip, "instances_distribution");
	const struct tn *mlt = block(mip, "launch_template");
	const struct tn *ovr = item(get(mlt, "override"), 0);
	struct res *lt = NULL, *lc = NULL;
	const char *itype = NULL;
	const struct tn *disk = NULL;
	double min = get_num_or(a, "min_size", 0), max = get_num_or(a, "max_size", min);
	double desired = get_num_or(a, "desired_capacity", -1), weight = 1;
	struct sout *s;
	int rc;

	if (mip) {
		lt = launch_template_of(p, r, block(mlt, "launch_template_specification"),
					"mixed_instances_policy");
		itype = get_str(ovr, "instance_type");
		if (get_num(ovr, "weighted_capacity", &weight) && weight > 0 && weight != 1) {
			/* sizes count capacity units: instances are units / weight */
			min = ceil(min / weight);
			max = ceil(max / weight);
			if (desired >= 0)
				desired = ceil(desired / weight);
			if ((rc = note(p, r,
				       "weighted_capacity %g: min, max and desired are capacity "
				       "units, %g per instance",
				       weight, weight)))
				return rc;
		}
		if (get(mlt, "override") && get(mlt, "override")->n > 1 &&
		    (rc = note(p, r, "priced as its first override's instance type")))
			return rc;
	} else if (block(a, "launch_template") ||
		   (get(get(r->cfg, "expressions"), "launch_template"))) {
		lt = launch_template_of(p, r, block(a, "launch_template"), "launch_template");
	}
	if (!lt && !mip) {
		lc = ref_of(p, r, "launch_configuration", "aws_launch_configuration");
		if (!lc)
			lc = by_value(p, "aws_launch_configuration", "name",
				      get_str(a, "launch_configuration"));
	}
	if (lt) {
		if (!itype)
			itype = get_str(lt->after, "instance_type");
		disk = get(block(block(lt->after, "block_device_mappings"), "ebs"), "volume_size")
			       ? block(block(lt->after, "block_device_mappings"), "ebs")
			       : NULL;
	} else if (lc) {
		itype = get_str(lc->after, "instance_type");
		disk = block(lc->after, "root_block_device");
	}
	if (!itype && !usage_gives(p->conv, r->address, "instance_type")) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r,
			    "its launch template or configuration is not in the plan (give "
			    "instance_type in the usage file)");
	}
	if (!(s = new_svc(p, r, "vm")) || (itype && (rc = set_str(p, s, "instance_type", itype))))
		return infracost__error_oom();
	if (lt || lc) {
		struct res *src = lt ? lt : lc;
		const char *ten = lt ? get_str(block(lt->after, "placement"), "tenancy")
				     : get_str(lc->after, "placement_tenancy");
		mark(src, ST_INCLUDED, s->name);
		if ((rc = note(p, src, "read into %s", s->name)))
			return rc;
		if ((rc = note(p, r, "instance type from %s", src->address)))
			return rc;
		if (ten && strcmp(ten, "default") != 0 &&
		    (rc = note(p, r, "%s tenancy priced as shared (not in the price books)", ten)))
			return rc;
	}
	if ((rc = set_replicas(p, s, min, max, desired)))
		return rc;
	if ((rc = set_disk(p, s, r, disk, "root volume", 8)))
		return rc;
	if (dist) {
		double base = get_num_or(dist, "on_demand_base_capacity", 0);
		double pct = get_num_or(dist, "on_demand_percentage_above_base_capacity", 100);
		double at = desired >= 0 ? desired : min;
		if (weight > 1)
			base = ceil(base / weight);
		if (at > 0 && pct < 100 && at > base) {
			double share = (1 - pct / 100) * (at - base) / at;
			if ((rc = set_spot(p, s, share)) ||
			    (rc = note(p, r,
				       "spot share %.4g: %g%% on demand above a base of %g, at %g "
				       "instances",
				       share, pct, base, at)))
				return rc;
		} else if ((rc = note(p, r,
				      "all on demand (on_demand_percentage_above_base_capacity "
				      "%s100)",
				      get(dist, "on_demand_percentage_above_base_capacity")
					      ? ""
					      : "not set: AWS's default ")))
			return rc;
	}
	return 0;
}

static int map_node_group(struct plan *p, struct res *r)
{
	const struct tn *a = r->after, *sc = block(a, "scaling_config");
	const char *itype = str(item(get(a, "instance_types"), 0));
	struct res *lt = launch_template_of(p, r, block(a, "launch_template"), "launch_template");
	const struct tn *disk = NULL;
	struct sout *s;
	int rc;
	double desired = get_num_or(sc, "desired_size", -1), min = get_num_or(sc, "min_size", 1);

	if (lt) {
		const char *lti = get_str(lt->after, "instance_type");
		if (lti && itype && strcmp(lti, itype) != 0 &&
		    (rc = note(p, r,
			       "instance_types says %s and its launch template %s: priced as %s "
			       "(EKS refuses both)",
			       itype, lti, itype)))
			return rc;
		if (!itype)
			itype = lti;
		disk = block(block(lt->after, "block_device_mappings"), "ebs");
	}
	if (!itype) {
		itype = "t3.medium";
		if ((rc = note(p, r, "instance type t3.medium assumed (EKS's default)")))
			return rc;
	}
	if (!(s = new_svc(p, r, "vm")) || (rc = set_str(p, s, "instance_type", itype)))
		return infracost__error_oom();
	if (lt) {
		mark(lt, ST_INCLUDED, s->name);
		if ((rc = note(p, lt, "read into %s", s->name)))
			return rc;
	}
	if ((rc = set_replicas(p, s, min, get_num_or(sc, "max_size", min), desired)))
		return rc;
	if (disk && (rc = set_disk(p, s, r, disk, "volume", 0)))
		return rc;
	if (!disk) {
		double size = get_num_or(a, "disk_size", 20);
		if ((rc = set_num(p, s, "disk_gb", size)) ||
		    (rc = set_str(p, s, "disk_type", "gp2")))
			return rc;
	}
	if (get_str(a, "capacity_type") && strcmp(get_str(a, "capacity_type"), "SPOT") == 0 &&
	    (rc = set_spot(p, s, 1)))
		return rc;
	return 0;
}

/* The aws_appautoscaling_target of an ECS service or a DynamoDB table,
 * by reference or by its literal resource_id. */
static struct res *scaling_target(struct plan *p, struct res *r, const char *dimension_prefix)
{
	(void)p;
	for (struct res *t = r->child; t; t = t->next) {
		const char *dim = get_str(t->after, "scalable_dimension");
		if (!strcmp(t->type, "aws_appautoscaling_target") && t->status == ST_NONE && dim &&
		    !strncmp(dim, dimension_prefix, strlen(dimension_prefix)))
			return t;
	}
	return NULL;
}

static int map_ecs_service(struct plan *p, struct res *r)
{
	const struct tn *a = r->after, *cps = get(a, "capacity_provider_strategy");
	struct res *td = ref_of(p, r, "task_definition", "aws_ecs_task_definition"), *tgt;
	const char *launch = get_str(a, "launch_type");
	double cpu, mem, desired = get_num_or(a, "desired_count", 1), min, max;
	double spot_w = 0, od_w = 0, spot_base = 0, od_base = 0;
	int fargate = launch && strcmp(launch, "FARGATE") == 0;
	struct sout *s;
	int rc;

	if (!td)
		td = by_value(p, "aws_ecs_task_definition", "family",
			      get_str(a, "task_definition"));
	for (unsigned i = 0; cps && cps->t == TN_ARR && i < cps->n; i++) {
		const struct tn *e = item(cps, i);
		const char *cp = get_str(e, "capacity_provider");
		double w = get_num_or(e, "weight", 0), b = get_num_or(e, "base", 0);
		if (cp && strcmp(cp, "FARGATE") == 0) {
			od_w += w;
			od_base += b;
			fargate = 1;
		} else if (cp && strcmp(cp, "FARGATE_SPOT") == 0) {
			spot_w += w;
			spot_base += b;
			fargate = 1;
		}
	}
	if (!launch && !(cps && cps->n) && td) {
		const struct tn *rc2 = get(td->after, "requires_compatibilities");
		for (unsigned i = 0; rc2 && i < rc2->n; i++)
			if (str(item(rc2, i)) && strcmp(str(item(rc2, i)), "FARGATE") == 0)
				fargate = 1;
		if (fargate && (rc = note(p, r,
					  "no launch type: FARGATE assumed (the task "
					  "definition requires it)")))
			return rc;
	}
	if (!fargate) {
		mark(r, ST_FREE, NULL);
		if (td) {
			mark(td, ST_FREE, NULL);
			if ((rc = note(p, td, "used by %s", r->address)))
				return rc;
		}
		return note(p, r,
			    "%s launch type: its tasks run on the cluster's instances, priced as "
			    "those (aws_instance, aws_autoscaling_group)",
			    launch ? launch : "EC2");
	}
	if ((!td || !get_num(td->after, "cpu", &cpu) || !get_num(td->after, "memory", &mem)) &&
	    usage_gives(p->conv, r->address, "vcpu") &&
	    usage_gives(p->conv, r->address, "memory_gb")) {
		/* the sizes from the usage file */
		cpu = mem = -1;
	} else if (!td || !get_num(td->after, "cpu", &cpu) || !get_num(td->after, "memory", &mem)) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r,
			    td ? "its task definition has no task-level cpu and memory (give vcpu "
				 "and memory_gb in the usage file)"
			       : "its task definition is not in the plan (give vcpu and memory_gb "
				 "in the usage file)");
	}
	if (!(s = new_svc(p, r, "container")))
		return infracost__error_oom();
	/* task definitions count CPU units (1024 a vCPU) and MiB */
	if (cpu >= 0 && ((rc = set_num(p, s, "vcpu", cpu / 1024)) ||
			 (rc = set_num(p, s, "memory_gb", mem / 1024))))
		return rc;
	if (td) {
		mark(td, ST_INCLUDED, s->name);
		if ((rc = note(p, td, "read into %s", s->name)))
			return rc;
	}
	if (td && get_str(block(td->after, "runtime_platform"), "cpu_architecture") &&
	    strcmp(get_str(block(td->after, "runtime_platform"), "cpu_architecture"), "ARM64") ==
		    0 &&
	    (rc = set_str(p, s, "arch", "arm64")))
		return rc;
	if (td && get_num(block(td->after, "ephemeral_storage"), "size_in_gib", &mem) && mem > 20 &&
	    (rc = set_num(p, s, "ephemeral_storage_gb", mem)))
		return rc;
	min = max = desired;
	if ((tgt = scaling_target(p, r, "ecs:"))) {
		min = get_num_or(tgt->after, "min_capacity", desired);
		max = get_num_or(tgt->after, "max_capacity", min);
		mark(tgt, ST_INCLUDED, s->name);
		if ((rc = note(p, tgt, "replicas %g to %g of %s", min, max, s->name)))
			return rc;
	} else if (desired == 0 &&
		   (rc = note(p, r,
			      "desired_count 0: no tasks run (give replicas in the usage "
			      "file)"))) {
		return rc;
	}
	if ((rc = set_replicas(p, s, min, max, desired)))
		return rc;
	if (spot_w > 0 || spot_base > 0) {
		/* the bases first, then the rest by weight, at the desired count */
		double at = desired > 0 ? desired : (min > 0 ? min : 1);
		double rest = at - od_base - spot_base, spot;
		if (rest < 0)
			rest = 0;
		spot = spot_base + (od_w + spot_w > 0 ? rest * spot_w / (od_w + spot_w) : 0);
		if (spot > at)
			spot = at;
		if ((rc = set_spot(p, s, spot / at)) ||
		    (rc = note(p, r,
			       "FARGATE_SPOT share %.4g of %g tasks (capacity provider "
			       "weights and bases)",
			       spot / at, at)))
			return rc;
	}
	return 0;
}

static const char *rds_engine(const char *e)
{
	static const char *const map[][2] = {
		{"mysql", "mysql"},
		{"postgres", "postgresql"},
		{"mariadb", "mariadb"},
		{"aurora", "aurora-mysql"},
		{"aurora-mysql", "aurora-mysql"},
		{"aurora-postgresql", "aurora-postgresql"},
	};
	for (size_t i = 0; e && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(e, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

static int map_db_instance(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const char *engine = rds_engine(get_str(a, "engine")), *cls = get_str(a, "instance_class");
	const char *st = get_str(a, "storage_type");
	double storage = get_num_or(a, "allocated_storage", 0), iops = get_num_or(a, "iops", 0);
	struct sout *s;
	int rc;
	if (!engine || !cls) {
		mark(r, ST_UNSUPPORTED, NULL);
		return engine ? note(p, r, "instance_class is not in the plan")
			      : note(p, r,
				     "engine '%s' is not priced (mysql, postgres, mariadb "
				     "and aurora are)",
				     get_str(a, "engine") ? get_str(a, "engine") : "unknown");
	}
	if (!(s = new_svc(p, r, "database")) || (rc = set_str(p, s, "engine", engine)) ||
	    (rc = set_str(p, s, "instance_type", cls)))
		return infracost__error_oom();
	if (get_str(a, "engine_version") &&
	    (rc = set_str(p, s, "engine_version", get_str(a, "engine_version"))))
		return rc;
	if (strncmp(engine, "aurora", 6) == 0)
		return note(p, r,
			    "an Aurora instance outside a cluster: its storage is the "
			    "cluster's");
	if (get_bool(a, "multi_az"))
		set_raw(s, "multi_az", "true");
	if (!st) {
		st = iops > 0 ? "io1" : "gp2";
		if ((rc = note(p, r, "storage_type %s assumed (RDS's default)", st)))
			return rc;
	} else if (strcmp(st, "standard") == 0) {
		st = "gp2";
		if ((rc = note(p, r, "magnetic (standard) storage priced as gp2")))
			return rc;
	} else if (strcmp(st, "gp2") && strcmp(st, "gp3") && strcmp(st, "io1") &&
		   strcmp(st, "io2")) {
		if ((rc = note(p, r, "storage_type '%s' priced as gp3", st)))
			return rc;
		st = "gp3";
	}
	if ((rc = set_num(p, s, "storage_gb", storage)) || (rc = set_str(p, s, "storage_type", st)))
		return rc;
	if (strcmp(st, "gp3") == 0 && iops > 0)
		iops -= storage >= 400 ? 12000 : 3000; /* included */
	if (strcmp(st, "gp2") != 0 && iops > 0 && (rc = set_num(p, s, "iops", iops)))
		return rc;
	return 0;
}

static int map_rds_cluster(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const char *engine = rds_engine(get_str(a, "engine") ? get_str(a, "engine") : "aurora");
	const char *cls = NULL, *id = get_str(a, "cluster_identifier");
	double count = 0;
	struct sout *s;
	int rc;
	if (!engine || strncmp(engine, "aurora", 6) != 0) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "a Multi-AZ DB cluster of engine '%s' is not priced",
			    get_str(a, "engine") ? get_str(a, "engine") : "unknown");
	}
	(void)id;
	for (struct res *in = r->child; in; in = in->next) {
		const char *ic;
		if (strcmp(in->type, "aws_rds_cluster_instance") != 0)
			continue;
		ic = get_str(in->after, "instance_class");
		if (!cls)
			cls = ic;
		count++;
		mark(in, ST_INCLUDED, r->address);
		if (ic && cls && strcmp(ic, cls) != 0 &&
		    (rc = note(p, in, "priced as %s, the cluster's first instance class", cls)))
			return rc;
	}
	if (!cls && usage_gives(p->conv, r->address, "instance_type")) {
		if (!count && (rc = note(p, r,
					 "no aws_rds_cluster_instance of it in the plan: "
					 "count 1 assumed")))
			return rc;
		if (!count)
			count = 1;
	} else if (!cls || strcmp(cls, "db.serverless") == 0) {
		for (struct res *in = r->child; in; in = in->next)
			if (in->status == ST_INCLUDED && in->service == r->address)
				mark(in, ST_UNSUPPORTED, NULL);
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r,
			    cls ? "Aurora Serverless v2 is not priced"
				: "no aws_rds_cluster_instance of it in the plan (give "
				  "instance_type in the usage file)");
	}
	if (!(s = new_svc(p, r, "database")) || (rc = set_str(p, s, "engine", engine)) ||
	    (cls && (rc = set_str(p, s, "instance_type", cls))) ||
	    (rc = set_num(p, s, "count", count)))
		return infracost__error_oom();
	if (get_str(a, "engine_version") &&
	    (rc = set_str(p, s, "engine_version", get_str(a, "engine_version"))))
		return rc;
	return note(p, r, "%g instance%s (aws_rds_cluster_instance)", count, count == 1 ? "" : "s");
}

static int map_cache_cluster(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const char *engine = get_str(a, "engine"), *node = get_str(a, "node_type");
	struct sout *s;
	int rc;
	if (get_str(a, "replication_group_id") ||
	    get(get(r->cfg, "expressions"), "replication_group_id")) {
		mark(r, ST_FREE, NULL);
		return note(p, r, "a member of a replication group: priced with the group");
	}
	if (!node || !engine) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "node_type or engine is not in the plan");
	}
	if (!(s = new_svc(p, r, "cache")) || (rc = set_str(p, s, "engine", engine)) ||
	    (rc = set_str(p, s, "node_type", node)) ||
	    (rc = set_num(p, s, "nodes", get_num_or(a, "num_cache_nodes", 1))))
		return infracost__error_oom();
	return 0;
}

static int map_replication_group(struct plan *p, struct res *r)
{
	const struct tn *a = r->after, *cm = block(a, "cluster_mode");
	const char *engine = get_str(a, "engine"), *node = get_str(a, "node_type");
	double nodes, groups, replicas;
	struct sout *s;
	int rc;
	if (!node) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "node_type is not in the plan");
	}
	if (!get_num(a, "num_cache_clusters", &nodes) &&
	    !get_num(a, "number_cache_clusters", &nodes)) {
		groups = get_num_or(a, "num_node_groups", get_num_or(cm, "num_node_groups", 1));
		replicas = get_num_or(a, "replicas_per_node_group",
				      get_num_or(cm, "replicas_per_node_group", 0));
		nodes = groups * (replicas + 1);
	}
	if (!(s = new_svc(p, r, "cache")) ||
	    (rc = set_str(p, s, "engine", engine ? engine : "redis")) ||
	    (rc = set_str(p, s, "node_type", node)) || (rc = set_num(p, s, "nodes", nodes)))
		return infracost__error_oom();
	return 0;
}

static int map_lb(struct plan *p, struct res *r)
{
	const char *t = get_str(r->after, "load_balancer_type");
	const char *kind = strcmp(r->type, "aws_elb") == 0       ? "clb"
			   : !t || strcmp(t, "application") == 0 ? "alb"
			   : strcmp(t, "network") == 0           ? "nlb"
			   : strcmp(t, "gateway") == 0           ? "gwlb"
								 : NULL;
	struct sout *s;
	int rc;
	if (!kind) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "load_balancer_type '%s' is not priced", t);
	}
	if (!(s = new_svc(p, r, "load_balancer")) || (rc = set_str(p, s, "kind", kind)))
		return infracost__error_oom();
	if (strcmp(kind, "clb") == 0)
		return set_num(p, s, "lcu", 0);
	return 0;
}

static const char *s3_class(const char *c)
{
	static const char *const map[][2] = {
		{"STANDARD", "standard"},         {"STANDARD_IA", "standard_ia"},
		{"ONEZONE_IA", "onezone_ia"},     {"INTELLIGENT_TIERING", "intelligent_tiering"},
		{"GLACIER_IR", "glacier_ir"},     {"GLACIER", "glacier"},
		{"DEEP_ARCHIVE", "deep_archive"},
	};
	for (size_t i = 0; c && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(c, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* S3 replication: an aws_s3_bucket_replication_configuration of the
 * bucket (or the bucket's own replication_configuration block), its first
 * rule's destination bucket and storage class. */
static int s3_replication(struct plan *p, struct res *r, struct sout *s)
{
	const struct tn *rule = NULL, *dest;
	struct res *cfg = NULL, *dst;
	const char *cls, *region = NULL;
	char tmp[256];
	const char *t;
	int rc;
	for (struct res *c = r->child; c && !cfg; c = c->next)
		if (!strcmp(c->type, "aws_s3_bucket_replication_configuration"))
			cfg = c;
	if (cfg)
		rule = block(cfg->after, "rule");
	else
		rule = block(block(r->after, "replication_configuration"), "rules");
	if (!rule)
		return 0;
	dest = block(rule, "destination");
	cls = s3_class(get_str(dest, "storage_class"));
	dst = cfg ? ref_in(p, cfg, get(get(cfg->cfg, "expressions"), "rule"), "aws_s3_bucket")
		  : ref_of(p, r, "replication_configuration", "aws_s3_bucket");
	if (dst == r)
		dst = NULL;
	if (dst)
		region = dst->region;
	else if (get_str(dest, "bucket")) {
		const char *arn = get_str(dest, "bucket"); /* arn:aws:s3:::NAME */
		const char *name = strrchr(arn, ':') ? strrchr(arn, ':') + 1 : arn;
		if ((dst = by_value(p, "aws_s3_bucket", "bucket", name)))
			region = dst->region;
	}
	if (!region) {
		if (cfg) {
			mark(cfg, ST_UNSUPPORTED, NULL);
			return note(p, cfg,
				    "its destination bucket is not in the plan (give "
				    "replication in the usage file)");
		}
		return note(p, r, "replication: its destination bucket is not in the plan");
	}
	infracost__snprintf(tmp, sizeof(tmp), "{ \"region\": \"%s\"%s%s%s }", region,
			    cls ? ", \"class\": \"" : "", cls ? cls : "", cls ? "\"" : "");
	if (!(t = arena_strdup(p->a, tmp)))
		return infracost__error_oom();
	set_raw(s, "replication", t);
	if (cfg) {
		mark(cfg, ST_INCLUDED, s->name);
		if ((rc = note(p, cfg, "replication to %s in %s", dst->address, region)))
			return rc;
	}
	if ((rc = note(p, dst,
		       "the replica of %s (priced there as replica_storage: give this "
		       "bucket storage_gb only for objects of its own)",
		       r->address)))
		return rc;
	return note(p, r, "replicated to %s (%s)", dst->address, region);
}

static int map_s3(struct plan *p, struct res *r)
{
	struct sout *s = new_svc(p, r, "object_storage");
	int rc;
	if (!s || (rc = set_num(p, s, "storage_gb", 0)))
		return infracost__error_oom();
	return s3_replication(p, r, s);
}

static int map_lambda(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const char *arch = str(item(get(a, "architectures"), 0));
	struct sout *s = new_svc(p, r, "function");
	int rc;
	if (!s || (rc = set_num(p, s, "memory_mb", get_num_or(a, "memory_size", 128))) ||
	    (rc = set_num(p, s, "requests", 0)) || (rc = set_num(p, s, "duration_ms", 0)))
		return infracost__error_oom();
	if (arch && strcmp(arch, "arm64") == 0 && (rc = set_str(p, s, "arch", "arm64")))
		return rc;
	return 0;
}

static int map_dynamodb(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const char *mode = get_str(a, "billing_mode"), *cls = get_str(a, "table_class");
	struct sout *s = new_svc(p, r, "key_value");
	int rc;
	if (!s)
		return infracost__error_oom();
	if (mode && strcmp(mode, "PAY_PER_REQUEST") == 0) {
		if ((rc = set_str(p, s, "capacity_mode", "on_demand")))
			return rc;
	} else {
		struct res *t;
		if ((rc = set_str(p, s, "capacity_mode", "provisioned")) ||
		    (rc = set_num(p, s, "read_capacity", get_num_or(a, "read_capacity", 0))) ||
		    (rc = set_num(p, s, "write_capacity", get_num_or(a, "write_capacity", 0))))
			return rc;
		while ((t = scaling_target(p, r, "dynamodb:table:"))) {
			mark(t, ST_INCLUDED, s->name);
			if ((rc = note(p, t,
				       "autoscaling %g to %g %s: priced at the table's provisioned "
				       "capacity",
				       get_num_or(t->after, "min_capacity", 0),
				       get_num_or(t->after, "max_capacity", 0),
				       get_str(t->after, "scalable_dimension"))))
				return rc;
		}
	}
	if (cls && strcmp(cls, "STANDARD_INFREQUENT_ACCESS") == 0 &&
	    (rc = set_str(p, s, "table_class", "standard_ia")))
		return rc;
	return 0;
}

static int map_simple(struct plan *p, struct res *r, const char *type, const char *key,
		      double value)
{
	struct sout *s = new_svc(p, r, type);
	if (!s)
		return infracost__error_oom();
	return key ? set_num(p, s, key, value) : 0;
}

static int map_ebs(struct plan *p, struct res *r)
{
	const struct tn *a = r->after;
	const char *t = get_str(a, "type");
	double size, iops = get_num_or(a, "iops", 0), tp = get_num_or(a, "throughput", 0);
	struct sout *s;
	int rc;
	if ((!get_num(a, "size", &size) || size <= 0) &&
	    usage_gives(p->conv, r->address, "size_gb")) {
		size = -1;
	} else if (!get_num(a, "size", &size) || size <= 0) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "its size is not in the plan (give size_gb in the usage file)");
	}
	if (!t) {
		t = "gp2";
		if ((rc = note(p, r, "type gp2 assumed (the provider's default)")))
			return rc;
	} else if (!known_volume(t)) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "volume type '%s' is not priced", t);
	}
	if (!(s = new_svc(p, r, "block_storage")) || (rc = set_str(p, s, "volume_type", t)) ||
	    (size > 0 && (rc = set_num(p, s, "size_gb", size))))
		return infracost__error_oom();
	if (iops > 0 && (!strcmp(t, "io1") || !strcmp(t, "io2") || !strcmp(t, "gp3")) &&
	    (rc = set_num(p, s, "iops", iops)))
		return rc;
	if (tp > 0 && !strcmp(t, "gp3") && (rc = set_num(p, s, "throughput_mbps", tp)))
		return rc;
	return 0;
}

/* Resource types with no charge of their own. */
static const char *const free_types[] = {"aws_security_group",
					 "aws_security_group_rule",
					 "aws_vpc_security_group_ingress_rule",
					 "aws_vpc_security_group_egress_rule",
					 "aws_vpc",
					 "aws_subnet",
					 "aws_route_table",
					 "aws_route_table_association",
					 "aws_route",
					 "aws_main_route_table_association",
					 "aws_internet_gateway",
					 "aws_egress_only_internet_gateway",
					 "aws_network_acl",
					 "aws_network_acl_rule",
					 "aws_network_acl_association",
					 "aws_default_vpc",
					 "aws_default_subnet",
					 "aws_default_security_group",
					 "aws_default_route_table",
					 "aws_default_network_acl",
					 "aws_vpc_dhcp_options",
					 "aws_vpc_dhcp_options_association",
					 "aws_key_pair",
					 "aws_launch_template",
					 "aws_launch_configuration",
					 "aws_ecs_cluster",
					 "aws_ecs_cluster_capacity_providers",
					 "aws_ecs_task_definition",
					 "aws_ecs_capacity_provider",
					 "aws_lb_target_group",
					 "aws_lb_listener",
					 "aws_lb_listener_rule",
					 "aws_lb_target_group_attachment",
					 "aws_alb_target_group",
					 "aws_alb_listener",
					 "aws_alb_listener_rule",
					 "aws_alb_target_group_attachment",
					 "aws_lb_listener_certificate",
					 "aws_autoscaling_policy",
					 "aws_autoscaling_attachment",
					 "aws_autoscaling_lifecycle_hook",
					 "aws_autoscaling_schedule",
					 "aws_autoscaling_notification",
					 "aws_appautoscaling_policy",
					 "aws_appautoscaling_scheduled_action",
					 "aws_appautoscaling_target",
					 "aws_db_subnet_group",
					 "aws_db_parameter_group",
					 "aws_db_option_group",
					 "aws_rds_cluster_parameter_group",
					 "aws_elasticache_subnet_group",
					 "aws_elasticache_parameter_group",
					 "aws_s3_bucket_policy",
					 "aws_s3_bucket_acl",
					 "aws_s3_bucket_versioning",
					 "aws_s3_bucket_public_access_block",
					 "aws_s3_bucket_server_side_encryption_configuration",
					 "aws_s3_bucket_lifecycle_configuration",
					 "aws_s3_bucket_ownership_controls",
					 "aws_s3_bucket_cors_configuration",
					 "aws_s3_bucket_website_configuration",
					 "aws_s3_bucket_logging",
					 "aws_s3_bucket_notification",
					 "aws_s3_bucket_replication_configuration",
					 "aws_route53_record",
					 "aws_route53_zone_association",
					 "aws_lambda_permission",
					 "aws_lambda_alias",
					 "aws_lambda_event_source_mapping",
					 "aws_lambda_function_url",
					 "aws_cloudfront_origin_access_identity",
					 "aws_cloudfront_origin_access_control",
					 "aws_cloudfront_cache_policy",
					 "aws_cloudfront_origin_request_policy",
					 "aws_cloudfront_response_headers_policy",
					 "aws_eip_association",
					 "aws_network_interface",
					 "aws_network_interface_attachment",
					 "aws_volume_attachment",
					 "aws_placement_group",
					 "aws_acm_certificate",
					 "aws_acm_certificate_validation",
					 "aws_eks_addon",
					 "aws_eks_identity_provider_config",
					 "aws_eks_access_entry",
					 "aws_eks_access_policy_association",
					 "aws_efs_mount_target",
					 "aws_efs_access_point",
					 "aws_efs_file_system_policy",
					 "aws_efs_backup_policy",
					 "aws_cloudwatch_log_stream",
					 "aws_cloudwatch_log_resource_policy",
					 "aws_cloudwatch_log_subscription_filter",
					 "aws_cloudwatch_event_rule",
					 "aws_cloudwatch_event_target",
					 "aws_sns_topic_subscription",
					 "aws_sns_topic_policy",
					 "aws_sqs_queue_policy",
					 "aws_ssm_parameter",
					 "aws_kms_alias",
					 "aws_service_discovery_service",
					 "aws_vpc_endpoint_route_table_association",
					 "aws_flow_log",
					 "aws_db_instance_role_association",
					 "aws_rds_cluster_role_association",
					 "aws_ecr_lifecycle_policy",
					 "aws_ecr_repository_policy",
					 "aws_dynamodb_table_item",
					 "aws_elasticache_user",
					 "aws_elasticache_user_group",
					 NULL};

/* Providers whose resources are not cloud resources (random_id, null_resource, ...). */
static const char *const free_providers[] = {"random", "null",      "tls",      "local",
					     "time",   "template",  "external", "archive",
					     "http",   "cloudinit", NULL};

static int in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static int kept_type(const char *type)
{
	static const char *const kept[] = {"aws_instance",
					   "aws_autoscaling_group",
					   "aws_launch_template",
					   "aws_launch_configuration",
					   "aws_eks_cluster",
					   "aws_eks_node_group",
					   "aws_ecs_service",
					   "aws_ecs_task_definition",
					   "aws_appautoscaling_target",
					   "aws_db_instance",
					   "aws_rds_cluster",
					   "aws_rds_cluster_instance",
					   "aws_elasticache_cluster",
					   "aws_elasticache_replication_group",
					   "aws_lb",
					   "aws_alb",
					   "aws_elb",
					   "aws_s3_bucket",
					   "aws_s3_bucket_replication_configuration",
					   "aws_lambda_function",
					   "aws_dynamodb_table",
					   "aws_cloudwatch_metric_alarm",
					   "aws_ebs_volume",
					   NULL};
	return in_list(type, kept);
}

/* The provider of a resource: "aws" of "registry.terraform.io/hashicorp/aws",
 * else the type's prefix. */
static void provider_family(const struct res *r, char *out, size_t cap)
{
	const char *p = r->provider, *slash;
	if (p && (slash = strrchr(p, '/')))
		p = slash + 1;
	if (p && !strncmp(p, "provider.", 9)) /* Terraform 0.12's "provider.aws" */
		p += 9;
	if (!p || !*p) {
		size_t n = strcspn(r->type, "_");
		infracost__snprintf(out, cap, "%.*s", (int)n, r->type);
		return;
	}
	infracost__snprintf(out, cap, "%s", p);
	/* a legacy "aws-test" or "aws.paris" provider name */
	out[strcspn(out, ".")] = '\0';
	if (strncmp(out, "aws-", 4) == 0 || strncmp(r->type, "aws_", 4) == 0)
		infracost__snprintf(out, cap, "aws");
}

static int map_resource(struct plan *p, struct res *r)
{
	const char *t = r->type;
	char fam[64];

	if (r->status != ST_NONE)
		return 0; /* read into another already */
	provider_family(r, fam, sizeof(fam));
	if (r->data) {
		mark(r, ST_FREE, NULL);
		return note(p, r, "a data source");
	}
	if (r->action == ACT_DELETE) {
		mark(r, ST_REMOVED, NULL);
		return note(p, r, "deleted by the plan: not priced");
	}
	if (strcmp(fam, "aws") != 0) {
		if (in_list(fam, free_providers)) {
			mark(r, ST_FREE, NULL);
			return note(p, r, "provider %s makes no cloud resources", fam);
		}
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "provider %s is not priced from plans (aws is)", fam);
	}
	if (!r->after && kept_type(t)) {
		mark(r, ST_UNSUPPORTED, NULL);
		return note(p, r, "no planned values (after) in the plan");
	}
	if (!strcmp(t, "aws_instance"))
		return map_instance(p, r);
	if (!strcmp(t, "aws_autoscaling_group"))
		return map_asg(p, r);
	if (!strcmp(t, "aws_eks_cluster"))
		return map_simple(p, r, "kubernetes", "clusters", 1);
	if (!strcmp(t, "aws_eks_node_group"))
		return map_node_group(p, r);
	if (!strcmp(t, "aws_ecs_service"))
		return map_ecs_service(p, r);
	if (!strcmp(t, "aws_db_instance"))
		return map_db_instance(p, r);
	if (!strcmp(t, "aws_rds_cluster"))
		return map_rds_cluster(p, r);
	if (!strcmp(t, "aws_elasticache_cluster"))
		return map_cache_cluster(p, r);
	if (!strcmp(t, "aws_elasticache_replication_group"))
		return map_replication_group(p, r);
	if (!strcmp(t, "aws_lb") || !strcmp(t, "aws_alb") || !strcmp(t, "aws_elb"))
		return map_lb(p, r);
	if (!strcmp(t, "aws_nat_gateway"))
		return map_simple(p, r, "nat_gateway", NULL, 0);
	if (!strcmp(t, "aws_eip"))
		return map_simple(p, r, "public_ip", NULL, 0);
	if (!strcmp(t, "aws_s3_bucket"))
		return map_s3(p, r);
	if (!strcmp(t, "aws_lambda_function"))
		return map_lambda(p, r);
	if (!strcmp(t, "aws_dynamodb_table"))
		return map_dynamodb(p, r);
	if (!strcmp(t, "aws_cloudfront_distribution"))
		return map_simple(p, r, "cdn", NULL, 0);
	if (!strcmp(t, "aws_route53_zone"))
		return map_simple(p, r, "dns", NULL, 0);
	if (!strcmp(t, "aws_route53_health_check")) {
		struct sout *s = new_svc(p, r, "dns");
		int rc;
		if (!s || (rc = set_num(p, s, "hosted_zones", 0)) ||
		    (rc = set_num(p, s, "health_checks", 1)))
			return infracost__error_oom();
		return 0;
	}
	if (!strcmp(t, "aws_efs_file_system"))
		return map_simple(p, r, "file_storage", NULL, 0);
	if (!strcmp(t, "aws_ebs_volume"))
		return map_ebs(p, r);
	if (!strcmp(t, "aws_cloudwatch_log_group"))
		return map_simple(p, r, "monitoring", NULL, 0);
	if (!strcmp(t, "aws_cloudwatch_metric_alarm")) {
		double period = get_num_or(r->after, "period", 60);
		int rc;
		if ((rc = map_simple(p, r, "monitoring", "alarms", 1)))
			return rc;
		return period < 60 ? note(p, r, "a high-resolution alarm priced as standard") : 0;
	}
	if (!strcmp(t, "aws_appautoscaling_target")) {
		mark(r, ST_FREE, NULL);
		return note(p, r, "scales %s, which is not priced from this plan",
			    get_str(r->after, "resource_id") ? get_str(r->after, "resource_id")
							     : "a resource");
	}
	if (in_list(t, free_types) || !strncmp(t, "aws_iam_", 8) ||
	    !strncmp(t, "aws_s3_bucket_", 14) || !strncmp(t, "aws_default_", 12)) {
		mark(r, ST_FREE, NULL);
		return 0;
	}
	mark(r, ST_UNSUPPORTED, NULL);
	return note(p, r, "resource type not priced");
}

/* The order of mapping: what reads others first, so that a launch template
 * or a task definition is read into its group or service before it is
 * accounted for alone. */
static int map_plan(struct plan *p)
{
	static const char *const first[] = {"aws_autoscaling_group",
					    "aws_eks_node_group",
					    "aws_ecs_service",
					    "aws_rds_cluster",
					    "aws_dynamodb_table",
					    "aws_s3_bucket",
					    NULL};
	int rc;
	for (size_t k = 0; first[k]; k++)
		for (size_t i = 0; i < p->nres; i++)
			if (strcmp(p->res[i].type, first[k]) == 0 &&
			    (rc = map_resource(p, &p->res[i])))
				return rc;
	for (size_t i = 0; i < p->nres; i++)
		if ((rc = map_resource(p, &p->res[i])))
			return rc;
	for (size_t i = 0; i < p->nres; i++) {
		struct res *r = &p->res[i];
		if ((r->action == ACT_UPDATE || r->action == ACT_REPLACE) &&
		    (r->status == ST_PRICED || r->status == ST_INCLUDED) &&
		    (rc = note(p, r,
			       r->action == ACT_UPDATE ? "updated: its planned state is priced"
						       : "replaced: its new state is priced")))
			return rc;
	}
	return 0;
}

/* ---- the usage file -------------------------------------------------------- */

static int glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *ss = NULL;
	while (*s) {
		if (*pat == '*') {
			star = pat++;
			ss = s;
		} else if (*pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++ss;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

static int usage_fail(struct conv *c, const jsonval *at, const char *path, const char *fmt, ...)
	INFRACOST_PRINTF(4, 5);
static int usage_fail(struct conv *c, const jsonval *at, const char *path, const char *fmt, ...)
{
	char msg[768];
	int line = 0, column = 0;
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	infracost__jsondoc_position(&c->usage, at, path, &line, &column);
	return infracost__error_at(INFRACOST_EINVALID, c->usage_source, line, column, path, "%s",
				   msg);
}

static int load_usage(struct conv *c, const char *path)
{
	infracost_file_view view;
	const jsonval *root, *res;
	jv_iter it;
	int rc;

	if ((rc = infracost__file_open(&view, path)))
		return rc;
	c->usage_source = path;
	if (infracost__yaml_sniff(view.data, view.len)) {
		/* YAML (a text not starting with { or [), one document */
		int more_line = 0, more_column = 0;
		rc = infracost__yamldoc_parse(&c->usage, view.data, view.len, path, &more_line,
					      &more_column);
		if (rc == 0 && more_line)
			rc = infracost__error_at(
				INFRACOST_EINVALID, path, more_line, more_column, NULL,
				"a usage file is one YAML document; a second starts "
				"here");
	} else {
		rc = infracost__jsondoc_parse(&c->usage, view.data, view.len, path);
	}
	if (rc == 0) {
		/* the document keeps pointers into the text for positions */
		char *keep = arena_strndup(&c->a, view.data, view.len);
		if (!keep)
			rc = infracost__error_oom();
		else
			c->usage.text = keep;
	}
	infracost__file_close(&view);
	if (rc)
		return rc;
	c->has_usage = 1;
	root = c->usage.root;
	if (!root)
		return infracost__error_at(INFRACOST_EINVALID, path, 0, 0, NULL,
					   "an empty usage file (expected version and resources)");
	if (!infracost__jv_is(root, JV_OBJECT))
		return usage_fail(c, root, "$", "expected an object at the top, got %s",
				  infracost__jv_type_name(root));
	for (it = infracost__jv_members(root); infracost__jv_iter_next(&it);) {
		if (strcmp(it.key, "version") == 0) {
			if (!infracost__jv_is(it.value, JV_NUMBER) ||
			    infracost__jv_num(it.value) != 1)
				return usage_fail(c, it.value, "version",
						  "only version 1 is known");
		} else if (strcmp(it.key, "budgets") == 0) {
			/* checked as the spec's, once the spec is written
			 * (check_usage), at this file's places */
			c->budgets = it.value;
		} else if (strcmp(it.key, "resources") != 0 && strncmp(it.key, "x-", 2) != 0 &&
			   strcmp(it.key, "description") != 0) {
			return usage_fail(c, it.value, it.key,
					  "unknown key '%s' (expected version, resources, budgets)",
					  it.key);
		}
	}
	res = infracost__jv_get(root, "resources");
	if (!res && !c->budgets)
		return usage_fail(c, root, "$", "required key 'resources' is missing");
	if (res && !infracost__jv_is(res, JV_OBJECT))
		return usage_fail(c, res, "resources", "expected an object, got %s",
				  infracost__jv_type_name(res));
	c->usage_entries = infracost__calloc((res ? infracost__jv_len(res) : 0) + 1,
					     sizeof(*c->usage_entries));
	if (!c->usage_entries)
		return infracost__error_oom();
	for (it = infracost__jv_members(res); res && infracost__jv_iter_next(&it);) {
		struct usage_entry *e = &c->usage_entries[c->nusage];
		e->pattern = it.key;
		e->keys = it.value;
		if (!(e->path = arena_printf(&c->a, "resources.%s", it.key)))
			return infracost__error_oom();
		if (!infracost__jv_is(it.value, JV_OBJECT))
			return usage_fail(c, it.value, e->path,
					  "expected an object of spec keys, got %s",
					  infracost__jv_type_name(it.value));
		c->nusage++;
	}
	return 0;
}

/* A value of the usage file as JSON text. */
static void jv_write(infracost_buf *b, const jsonval *v)
{
	switch (infracost__jv_type(v)) {
	case JV_NULL: infracost__buf_puts(b, "null"); break;
	case JV_TRUE: infracost__buf_puts(b, "true"); break;
	case JV_FALSE: infracost__buf_puts(b, "false"); break;
	case JV_NUMBER: infracost__buf_printf(b, "%.17g", infracost__jv_num(v)); break;
	case JV_STRING: infracost__buf_json_str(b, infracost__jv_str(v)); break;
	case JV_ARRAY:
		infracost__buf_putc(b, '[');
		for (size_t i = 0; i < infracost__jv_len(v); i++) {
			if (i)
				infracost__buf_puts(b, ", ");
			jv_write(b, infracost__jv_item(v, i));
		}
		infracost__buf_putc(b, ']');
		break;
	case JV_OBJECT: {
		int first = 1;
		infracost__buf_puts(b, "{ ");
		for (jv_iter it = infracost__jv_members(v); infracost__jv_iter_next(&it);) {
			if (!first)
				infracost__buf_puts(b, ", ");
			first = 0;
			infracost__buf_json_str(b, it.key);
			infracost__buf_puts(b, ": ");
			jv_write(b, it.value);
		}
		infracost__buf_puts(b, first ? "}" : " }");
		break;
	}
	}
}

/* Keys every service takes besides its type's. */
static const char *const common_keys[] = {"replicas",    "autoscaling", "purchase", "needs",
					  "description", "region",      NULL};

static int key_applies(const char *type, const char *key)
{
	const struct svc_type *t = infracost__svc_type_find(type);
	if (in_list(key, common_keys) || strncmp(key, "x-", 2) == 0)
		return 1;
	return t && infracost__svc_key_index(t, key) >= 0;
}

/* Apply the usage entries that match service s (every matching pattern
 * in the file's order; an exact address applies last and its keys must
 * apply to the type). */
/* A value of the usage file for `key` of a `type` service, as JSON text.
 * A YAML file's plain scalars are typed as a YAML spec's are (spec.c reads
 * the scalar's text by what the key wants): where the key wants a string,
 * one read as a number keeps its text (`engine_version: 15.10` is
 * "15.10", not 15.1); where it wants a boolean, YAML 1.1's yes, no, on,
 * off, y, n are true and false. */
static void usage_write(struct conv *c, infracost_buf *b, const char *type, const char *key,
			const jsonval *v)
{
	const struct svc_type *t = infracost__svc_type_find(type);
	int i = t ? infracost__svc_key_index(t, key) : -1;
	int kind = i >= 0 ? (int)t->keys[i].kind : -1, yes;
	size_t n = 0;
	const char *plain = infracost__yamldoc_plain(&c->usage, v, &n);
	if (plain && infracost__jv_is(v, JV_NUMBER) &&
	    (kind == SVC_STR || kind == SVC_CHOICE || !strcmp(key, "description"))) {
		char *text = arena_strndup(&c->a, plain, n);
		if (!text)
			b->failed = 1;
		else
			infracost__buf_json_str(b, text);
		return;
	}
	if (kind == SVC_BOOL && (yes = infracost__yamldoc_bool(&c->usage, v)) >= 0) {
		infracost__buf_puts(b, yes ? "true" : "false");
		return;
	}
	jv_write(b, v);
}

static int add_origin(struct conv *c, struct plan *p, struct sout *s, const char *key,
		      const struct usage_entry *e, const jsonval *v)
{
	struct origin *o = arena_alloc(p->a, sizeof(*o));
	if (!o)
		return infracost__error_oom();
	o->key = key;
	o->entry = e;
	o->value = v;
	o->next = s->origins;
	s->origins = o;
	c->any_origin = 1;
	return 0;
}

static int apply_usage(struct conv *c, struct plan *p, struct sout *s)
{
	int rc;
	for (int exact = 0; exact < 2; exact++)
		for (size_t i = 0; i < c->nusage; i++) {
			struct usage_entry *e = &c->usage_entries[i];
			int is_exact = strcmp(e->pattern, s->name) == 0;
			if (is_exact != exact || (!is_exact && (!strchr(e->pattern, '*') ||
								!glob_match(e->pattern, s->name))))
				continue;
			e->used = 1;
			for (jv_iter it = infracost__jv_members(e->keys);
			     infracost__jv_iter_next(&it);) {
				infracost_buf b = INFRACOST_BUF_INIT;
				const char *t;
				if (!key_applies(s->type, it.key)) {
					char path[512];
					if (!exact)
						continue;
					infracost__snprintf(path, sizeof(path), "%s.%s", e->path,
							    it.key);
					return usage_fail(
						c, it.value, path,
						"'%s' does not apply to %s (a %s service)", it.key,
						s->name, s->type);
				}
				if ((rc = add_origin(c, p, s, it.key, e, it.value)))
					return rc;
				if (infracost__jv_is(it.value, JV_NULL)) {
					set_raw(s, it.key, NULL);
					continue;
				}
				usage_write(c, &b, s->type, it.key, it.value);
				t = b.failed ? NULL : arena_strndup(p->a, b.data, b.len);
				infracost__buf_free(&b);
				if (!t)
					return infracost__error_oom();
				if (strcmp(it.key, "region") == 0 &&
				    infracost__jv_is(it.value, JV_STRING))
					s->region = arena_strdup(p->a, infracost__jv_str(it.value));
				else
					set_raw(s, it.key, t);
			}
		}
	return 0;
}

static int usage_gives(const struct conv *c, const char *name, const char *key)
{
	for (size_t i = 0; i < c->nusage; i++) {
		const struct usage_entry *e = &c->usage_entries[i];
		const jsonval *v;
		if (strcmp(e->pattern, name) != 0 &&
		    !(strchr(e->pattern, '*') && glob_match(e->pattern, name)))
			continue;
		if ((v = infracost__jv_get(e->keys, key)) && !infracost__jv_is(v, JV_NULL))
			return 1;
	}
	return 0;
}

/* After the usage file: what a plan cannot know and the file did not
 * give, stated. */
static int usage_notes(struct plan *p, struct sout *s)
{
	static const struct {
		const char *type, *key, *text;
	} needed[] = {
		{"object_storage", "storage_gb", "storage_gb 0: the GB stored are not in the plan"},
		{"function", "requests", "requests 0: the requests a month are not in the plan"},
		{"nat_gateway", "data_gb", "data_gb 0: the GB processed are not in the plan"},
		{"cdn", "data_out_gb", "data_out_gb 0: the GB out are not in the plan"},
		{"file_storage", "storage_gb", "storage_gb 0: the GB stored are not in the plan"},
		{"monitoring", "logs_ingested_gb",
		 "logs_ingested_gb 0: the GB of logs are not in the "
		 "plan"},
		{"dns", "queries", "queries 0: the queries are not in the plan"},
		{"key_value", "storage_gb", "storage_gb 0: the GB stored are not in the plan"},
		{"load_balancer", "lcu",
		 "lcu 1 assumed (the spec's default): the capacity units in "
		 "use are not in the plan"},
		{"database", "storage_gb",
		 "storage_gb 0: the GB of the cluster volume are not in the "
		 "plan"},
	};
	struct res *r = s->from;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		const char *v;
		int rc;
		if (strcmp(s->type, needed[i].type) != 0 || !r ||
		    (!strcmp(s->type, "monitoring") &&
		     strcmp(r->type, "aws_cloudwatch_log_group")) ||
		    (!strcmp(s->type, "dns") && strcmp(r->type, "aws_route53_zone")) ||
		    (!strcmp(s->type, "database") && strcmp(r->type, "aws_rds_cluster")))
			continue;
		v = get_raw(s, needed[i].key);
		if (v && (strcmp(v, "0") != 0 || !strcmp(s->type, "load_balancer")))
			continue; /* given (a clb's lcu is 0: it has none) */
		if ((rc = note(p, r, "%s (give %s in the usage file)", needed[i].text,
			       needed[i].key)))
			return rc;
	}
	return 0;
}

/* ---- the spec ------------------------------------------------------------- */

static void put_key(infracost_buf *b, const char *key, const char *json)
{
	infracost__buf_puts(b, ", ");
	infracost__buf_json_str(b, key);
	infracost__buf_puts(b, ": ");
	infracost__buf_puts(b, json);
}

/* The service of a plan named `name` (its services by name, built once). */
static struct sout *find_svc(struct plan *p, const char *name)
{
	return (struct sout *)cfg_find(&p->by_name, name);
}

static int same_json(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Write the spec: one environment a plan; a service in several plans is
 * one service, deployed where it is, with an override wherever its values
 * differ from the first plan that has it. `check`: only the services that
 * have keys from the usage file, no inputs (check_usage), each service
 * written recorded in c->checked. */
static int write_spec(struct conv *c, infracost_buf *b, int check)
{
	struct strset {
		const char **v;
		size_t cap;
	} seen = {NULL, 0};
	size_t total = 0;
	int first_svc = 1, rc = 0;
	const char *name = c->plans[0].source, *slash = strrchr(name, '/'), *dot;

	for (size_t k = 0; k < c->nplans; k++)
		total += c->plans[k].nsvcs;
	seen.cap = 16;
	while (seen.cap < total * 2 + 2)
		seen.cap *= 2;
	if (!(seen.v = infracost__calloc(seen.cap, sizeof(*seen.v))))
		return infracost__error_oom();
	if (check && !(c->checked = infracost__calloc(total + 1, sizeof(*c->checked)))) {
		rc = infracost__error_oom();
		goto done;
	}
	for (size_t k = 1; k < c->nplans; k++) {
		struct plan *p = &c->plans[k];
		if (p->by_name.cap)
			continue; /* built by the check */
		if ((rc = smap_init(&p->by_name, p->nsvcs)))
			goto done;
		for (size_t i = 0; i < p->nsvcs; i++)
			cfg_add(&p->by_name, p->svcs[i].name, &p->svcs[i]);
	}
	name = slash ? slash + 1 : name;
	dot = strrchr(name, '.');
	infracost__buf_puts(b, "{\n  \"name\": ");
	if (c->nplans == 1) {
		char *n = arena_strndup(&c->a, name,
					dot && dot != name ? (size_t)(dot - name) : strlen(name));
		if (!n) {
			rc = infracost__error_oom();
			goto done;
		}
		infracost__buf_json_str(b, n);
	} else {
		infracost__buf_puts(b, "\"terraform\"");
	}
	infracost__buf_puts(b, ",\n  \"description\": ");
	infracost__buf_json_str(b, "converted from Terraform plans by infra-cost convert terraform "
				   "(docs/terraform.md)");
	infracost__buf_puts(b, ",\n  \"provider\": \"aws\",\n  \"environments\": {");
	for (size_t k = 0; k < c->nplans; k++) {
		infracost__buf_puts(b, k ? ",\n    " : "\n    ");
		infracost__buf_json_str(b, c->plans[k].env);
		infracost__buf_puts(b, ": { \"region\": ");
		infracost__buf_json_str(b, c->plans[k].region);
		infracost__buf_puts(b, " }");
	}
	infracost__buf_puts(b, "\n  },");
	if (c->budgets) {
		infracost__buf_puts(b, "\n  \"budgets\": ");
		jv_write(b, c->budgets);
		infracost__buf_putc(b, ',');
	}
	infracost__buf_puts(b, "\n  \"services\": [");
	for (size_t k = 0; k < c->nplans; k++)
		for (size_t i = 0; i < c->plans[k].nsvcs; i++) {
			struct sout *s = &c->plans[k].svcs[i], *in[64];
			size_t h = hash_str(s->name) & (seen.cap - 1), nin = 0, first = k;
			while (seen.v[h] && strcmp(seen.v[h], s->name) != 0)
				h = (h + 1) & (seen.cap - 1);
			if (seen.v[h])
				continue; /* written with the first plan that has it */
			seen.v[h] = s->name;
			/* the same service in each plan (NULL where absent) */
			for (size_t q = 0; q < c->nplans && q < 64; q++) {
				in[q] = q == k ? s : q < k ? NULL : find_svc(&c->plans[q], s->name);
				/* (an address names its type: the same name is the same type) */
				nin += in[q] != NULL;
			}
			if (check) {
				size_t q = 0;
				while (q < c->nplans && q < 64 && (!in[q] || !in[q]->origins))
					q++;
				if (q == c->nplans || q == 64)
					continue;
				c->checked[c->nchecked++] = s;
			}
			infracost__buf_puts(b, first_svc ? "\n    { \"name\": "
							 : ",\n    { \"name\": ");
			first_svc = 0;
			infracost__buf_json_str(b, s->name);
			infracost__buf_puts(b, ", \"type\": ");
			infracost__buf_json_str(b, s->type);
			if (strcmp(s->region, c->plans[k].region) != 0) {
				infracost__buf_puts(b, ", \"region\": ");
				infracost__buf_json_str(b, s->region);
			}
			if (nin < c->nplans) {
				int f = 1;
				infracost__buf_puts(b, ", \"environments\": [");
				for (size_t q = 0; q < c->nplans; q++)
					if (in[q]) {
						infracost__buf_puts(b, f ? "" : ", ");
						infracost__buf_json_str(b, c->plans[q].env);
						f = 0;
					}
				infracost__buf_putc(b, ']');
			}
			for (size_t j = 0; j < s->nkeys; j++)
				if (s->vals[j])
					put_key(b, s->keys[j], s->vals[j]);
			/* overrides where another plan differs */
			{
				int any = 0;
				for (size_t q = first + 1; q < c->nplans; q++) {
					struct sout *o = in[q];
					int opened = 0;
					if (!o)
						continue;
					for (int pass = 0; pass < 3; pass++) {
						const struct sout *from = pass == 1 ? s : o;
						size_t n = pass == 2 ? 1 : from->nkeys;
						for (size_t j = 0; j < n; j++) {
							const char *key = pass == 2 ? "region"
										    : from->keys[j];
							const char *ov = pass == 2
										 ? NULL
										 : get_raw(o, key);
							const char *sv = pass == 2
										 ? NULL
										 : get_raw(s, key);
							char rj[128];
							if (pass == 1 && get_raw(o, key))
								continue; /* done in pass 0 */
							if (pass == 2) {
								const char *eff =
									strcmp(s->region,
									       c->plans[k].region)
										? s->region
										: c->plans[q]
											  .region;
								if (strcmp(o->region, eff) == 0)
									continue;
								infracost__snprintf(rj, sizeof(rj),
										    "\"%s\"",
										    o->region);
								ov = rj;
							} else if (same_json(ov, sv)) {
								continue;
							}
							if (!any)
								infracost__buf_puts(
									b, ", \"overrides\": {");
							if (!opened) {
								infracost__buf_puts(b, any ? ", "
											   : " ");
								infracost__buf_json_str(
									b, c->plans[q].env);
								infracost__buf_puts(b, ": { ");
							} else {
								infracost__buf_puts(b, ", ");
							}
							any = opened = 1;
							infracost__buf_json_str(b, key);
							infracost__buf_puts(b, ": ");
							infracost__buf_puts(b, ov ? ov : "null");
						}
					}
					if (opened)
						infracost__buf_puts(b, " }");
				}
				if (any)
					infracost__buf_puts(b, " }");
			}
			infracost__buf_puts(b, " }");
		}
	if (check) {
		infracost__buf_puts(b, first_svc ? "]\n}\n" : "\n  ]\n}\n");
		goto written;
	}
	infracost__buf_puts(b, first_svc ? "],\n  \"inputs\": [" : "\n  ],\n  \"inputs\": [");
	{
		int f = 1;
		for (size_t k = 0; k < c->nplans; k++)
			for (size_t i = 0; i < c->plans[k].nres; i++) {
				const struct res *r = &c->plans[k].res[i];
				infracost__buf_puts(b, f ? "\n    { \"environment\": "
							 : ",\n    { \"environment\": ");
				f = 0;
				infracost__buf_json_str(b, c->plans[k].env);
				infracost__buf_puts(b, ", \"source\": ");
				infracost__buf_json_str(b, c->plans[k].source);
				infracost__buf_puts(b, ", \"address\": ");
				infracost__buf_json_str(b, r->address);
				infracost__buf_puts(b, ", \"kind\": ");
				infracost__buf_json_str(b, r->type);
				infracost__buf_puts(b, ", \"status\": ");
				infracost__buf_json_str(b, status_names[r->status]);
				if (r->service) {
					infracost__buf_puts(b, ", \"service\": ");
					infracost__buf_json_str(b, r->service);
				}
				if (r->note) {
					infracost__buf_puts(b, ", \"note\": ");
					infracost__buf_json_str(b, r->note);
				}
				infracost__buf_puts(b, " }");
			}
		infracost__buf_puts(b, f ? "]\n}\n" : "\n  ]\n}\n");
	}
written:
	if (b->failed)
		rc = infracost__error_oom();
done:
	infracost__free(seen.v);
	return rc;
}

/* ---- the usage file's values, checked at their places --------------------- */

/* The value below v at `rest`, a spec path's tail (".key" and "[n]" steps,
 * which a usage value has as jv_write wrote it), as far as it goes;
 * *walked gets how much of rest was followed. */
static const jsonval *descend(const jsonval *v, const char *rest, size_t *walked)
{
	const char *p = rest;
	while (*p) {
		const jsonval *next = NULL;
		const char *q;
		if (*p == '.') {
			char key[256];
			size_t n = strcspn(p + 1, ".[");
			if (n >= sizeof(key))
				break;
			memcpy(key, p + 1, n);
			key[n] = '\0';
			if (infracost__jv_is(v, JV_OBJECT))
				next = infracost__jv_get(v, key);
			q = p + 1 + n;
		} else if (*p == '[') {
			char *end;
			unsigned long i = strtoul(p + 1, &end, 10);
			if (*end != ']')
				break;
			if (infracost__jv_is(v, JV_ARRAY) && i < infracost__jv_len(v))
				next = infracost__jv_item(v, i);
			q = end + 1;
		} else {
			break;
		}
		if (!next)
			break;
		v = next;
		p = q;
	}
	*walked = (size_t)(p - rest);
	return v;
}

/* The service of the check spec that an error's path is in ("services[K]"
 * or "services[K].overrides.ENV", of the plan ENV), *rest after it. */
static const struct sout *checked_svc(const struct conv *c, const char *path, const char **rest)
{
	const struct sout *s;
	const char *env;
	char *end;
	unsigned long k;
	size_t n;
	if (strncmp(path, "services[", 9) != 0)
		return NULL;
	k = strtoul(path + 9, &end, 10);
	if (*end != ']' || k >= c->nchecked)
		return NULL;
	s = c->checked[k];
	*rest = end + 1;
	if (strncmp(*rest, ".overrides.", 11) != 0)
		return s;
	env = *rest + 11;
	n = strcspn(env, ".");
	*rest = env + n;
	for (size_t q = 1; q < c->nplans; q++)
		if (strncmp(c->plans[q].env, env, n) == 0 && !c->plans[q].env[n])
			return find_svc(&c->plans[q], s->name);
	return NULL;
}

/* The last error, a check spec's at a value the usage file gave (one of
 * its budgets, a key of a service), again at that value's place in the
 * usage file with the usage path and the service it went to; 0 when it is
 * about a value of the plan (which the load of the whole spec reports). */
static int usage_error(struct conv *c)
{
	const infracost_error *e = infracost_error_last();
	const jsonval *v;
	const char *rest = NULL, *svc = NULL, *msg;
	char text[1024], prefix[600], upath[1024];
	size_t walked, base;
	int line = 0, column = 0;

	if (!e || !e->path)
		return 0;
	/* "budgets" or below it (strchr finds the NUL too) */
	if (strncmp(e->path, "budgets", 7) == 0 && strchr(".[", e->path[7]) && c->budgets) {
		v = c->budgets; /* the same path in the usage file */
		rest = e->path + 7;
		base = (size_t)infracost__snprintf(upath, sizeof(upath), "budgets");
	} else {
		const struct sout *s = checked_svc(c, e->path, &rest);
		const struct origin *o = NULL;
		size_t n;
		if (!s || *rest != '.')
			return 0;
		n = strcspn(rest + 1, ".[");
		for (o = s->origins; o; o = o->next)
			if (strncmp(o->key, rest + 1, n) == 0 && !o->key[n])
				break;
		if (!o)
			return 0; /* a value of the plan */
		v = o->value;
		rest += 1 + n;
		svc = s->name;
		base = (size_t)infracost__snprintf(upath, sizeof(upath), "%s.%s", o->entry->path,
						   o->key);
	}
	/* the message without its place: what follows "PATH: " */
	infracost_text_escape(prefix, sizeof(prefix) - 2, e->path);
	strcat(prefix, ": ");
	msg = strstr(e->message, prefix);
	infracost__snprintf(text, sizeof(text), "%s", msg ? msg + strlen(prefix) : e->message);
	v = descend(v, rest, &walked);
	if (base < sizeof(upath)) {
		/* the place of the value found, then the whole path */
		infracost__snprintf(upath + base, sizeof(upath) - base, "%.*s", (int)walked, rest);
		infracost__jsondoc_position(&c->usage, v, upath, &line, &column);
		infracost__snprintf(upath + base, sizeof(upath) - base, "%s", rest);
	}
	if (svc)
		return infracost__error_at(INFRACOST_EINVALID, c->usage_source, line, column, upath,
					   "%s (for service %s)", text, svc);
	return infracost__error_at(INFRACOST_EINVALID, c->usage_source, line, column, upath, "%s",
				   text);
}

/* The values the usage file gave, checked before the spec is written: a
 * spec of its budgets and of the services it gave keys to, validated as
 * any spec (spec.c: one set of rules), so that an error names the usage
 * file, its line:column and path, not the converted spec. An error about a
 * value of the plan is left to the load of the whole spec. */
static int check_usage(struct conv *c)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	infracost_spec *spec = NULL;
	int rc;
	if (!c->budgets && !c->any_origin)
		return 0;
	if ((rc = write_spec(c, &b, 1)))
		goto done;
	rc = infracost_spec_load_string(&spec, b.data, b.len, c->plans[0].source);
	if (rc && rc != INFRACOST_ENOMEM) {
		if (rc != INFRACOST_EINVALID || !(rc = usage_error(c)))
			infracost_error_clear();
	}
done:
	infracost_spec_free(spec);
	infracost__buf_free(&b);
	return rc;
}

/* ---- the conversion ------------------------------------------------------- */

static const size_t options_ends[INFRACOST_TERRAFORM_OPTIONS_VERSION + 1] = {
	0, INFRACOST__OPTIONS_END(infracost_terraform_options, warn_ctx)};

static void conv_free(struct conv *c)
{
	for (size_t k = 0; c->plans && k < c->nplans; k++) {
		infracost__free(c->plans[k].res);
		infracost__free(c->plans[k].index);
		infracost__free(c->plans[k].svcs);
		smap_free(&c->plans[k].names);
		smap_free(&c->plans[k].by_name);
	}
	infracost__free(c->plans);
	infracost__free(c->usage_entries);
	infracost__free(c->checked);
	infracost__free(c->s.v);
	if (c->has_usage || c->usage.root)
		infracost__jsondoc_free(&c->usage);
	arena_free(&c->a);
}

/* Services in the order of their resources in the plan. */
static int by_resource(const void *a, const void *b)
{
	const struct sout *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Everything of one plan after it was read. */
static int finish_plan(struct conv *c, struct plan *p)
{
	int rc;
	if ((rc = link_config(p)))
		return rc;
	if (!p->region) {
		p->region = c->default_region;
		warn(c,
		     "%s: the plan names no region for the aws provider: %s assumed "
		     "(--terraform ENV=PLAN with a provider region, or region in the usage file)",
		     p->source, p->region);
		for (size_t i = 0; i < p->nres; i++)
			if (!p->res[i].region)
				p->res[i].region = p->region;
	}
	if ((rc = map_plan(p)))
		return rc;
	if (p->nsvcs > 1)
		qsort(p->svcs, p->nsvcs, sizeof(*p->svcs), by_resource);
	for (size_t i = 0; i < p->nsvcs; i++)
		if ((rc = apply_usage(c, p, &p->svcs[i])) || (rc = usage_notes(p, &p->svcs[i])))
			return rc;
	if (!p->region)
		return 0;
	for (size_t i = 0; i < p->nres; i++)
		if (!p->res[i].region)
			p->res[i].region = p->region;
	return 0;
}

static int convert(char **out, size_t *out_len, const infracost_terraform_plan *plans,
		   size_t nplans, FILE *mem, const char *mem_name,
		   const infracost_terraform_options *opt)
{
	struct conv c;
	infracost_buf b = INFRACOST_BUF_INIT;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!out || (!plans && !mem) || (plans && !nplans))
		return infracost__error(INFRACOST_EINVALID, "infracost_terraform_convert: NULL "
							    "argument or no plan");
	*out = NULL;
	if (out_len)
		*out_len = 0;
	c.opt = (infracost_terraform_options)INFRACOST_TERRAFORM_OPTIONS_INIT;
	if ((rc = infracost__options_copy(
		     &c.opt, opt, options_ends, INFRACOST_TERRAFORM_OPTIONS_VERSION,
		     "infracost_terraform_convert", "INFRACOST_TERRAFORM_OPTIONS_INIT")))
		return rc;
	c.default_region = c.opt.default_region ? c.opt.default_region : "us-east-1";
	c.nplans = mem ? 1 : nplans;
	if (c.nplans > 64)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_terraform_convert: at most 64 plans, got %zu",
					c.nplans);
	if (!(c.plans = infracost__calloc(c.nplans, sizeof(*c.plans)))) {
		rc = infracost__error_oom();
		goto done;
	}
	if (c.opt.usage_path && (rc = load_usage(&c, c.opt.usage_path)))
		goto done;
	for (size_t k = 0; k < c.nplans; k++) {
		struct plan *p = &c.plans[k];
		FILE *f = mem;
		p->a = &c.a;
		p->conv = &c;
		p->env = mem || !plans[k].environment ? "default" : plans[k].environment;
		p->source = mem ? (mem_name ? mem_name : "<plan>") : plans[k].path;
		if (!p->source || !*p->env) {
			rc = infracost__error(INFRACOST_EINVALID,
					      "infracost_terraform_convert: a plan without a path "
					      "or with an empty environment name");
			goto done;
		}
		for (size_t q = 0; q < k; q++)
			if (strcmp(c.plans[q].env, p->env) == 0) {
				rc = infracost__error(
					INFRACOST_EINVALID,
					"%s: environment '%s' is given twice (also %s)", p->source,
					p->env, c.plans[q].source);
				goto done;
			}
		if (!f && !(f = fopen(p->source, "rb"))) {
			rc = infracost__error(INFRACOST_EIO, "%s: cannot open: %s", p->source,
					      strerror(errno));
			goto done;
		}
		rc = read_plan(&c, p, f);
		if (!mem)
			fclose(f);
		if (rc || (rc = finish_plan(&c, p)))
			goto done;
	}
	for (size_t i = 0; i < c.nusage; i++)
		if (!c.usage_entries[i].used)
			warn(&c, "%s: %s matches no priced resource", c.usage_source,
			     c.usage_entries[i].path);
	if ((rc = check_usage(&c)) || (rc = write_spec(&c, &b, 0)))
		goto done;
	*out = b.data;
	if (out_len)
		*out_len = b.len;
	b.data = NULL;
done:
	infracost__buf_free(&b);
	conv_free(&c);
	return rc;
}

int infracost_terraform_convert(char **out, size_t *out_len, const infracost_terraform_plan *plans,
				size_t nplans, const infracost_terraform_options *opt)
{
	return convert(out, out_len, plans, nplans, NULL, NULL, opt);
}

int infracost_terraform_convert_buffer(char **out, size_t *out_len, const char *json, size_t len,
				       const char *name, const infracost_terraform_options *opt)
{
	FILE *f;
	int rc;
	if (!out || (!json && len))
		return infracost__error(INFRACOST_EINVALID,
					"infracost_terraform_convert_buffer: NULL argument");
	if (len == 0)
		return infracost__error_at(INFRACOST_EPARSE, name ? name : "<plan>", 0, 0, NULL,
					   "the plan is empty (expected a JSON object)");
	if (!(f = fmemopen((void *)json, len, "rb")))
		return infracost__error_oom();
	rc = convert(out, out_len, NULL, 0, f, name, opt);
	fclose(f);
	return rc;
}
