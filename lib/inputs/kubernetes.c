/* kubernetes.c - Kubernetes manifests into a spec (include/infracost/
 * kubernetes.h, docs/kubernetes.md): the objects of every document are
 * read through yamldoc.c, workloads matched with their autoscalers and
 * claims, and the spec built as a tree (jsondoc.h builders), then written
 * as JSON or YAML. */
#include "infracost/kubernetes.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "cnum.h"
#include "error.h"
#include "jsondoc.h"
#include "options.h"
#include "yamldoc.h"

/* The key of the spec's list of what became of each object. (A spec of
 * this branch ignores x- keys; where the spec reads an "inputs" list, as
 * the Terraform conversion writes, this can be that key.) */
#define INPUTS_KEY "inputs"
#define HOURS 730.0
#define GIB (1024.0 * 1024.0 * 1024.0)
#define FARGATE_OVERHEAD_GB 0.25 /* EKS Fargate adds 256 MB to each pod */

static const size_t options_ends[INFRACOST_KUBERNETES_OPTIONS_VERSION + 1] = {
	0, INFRACOST__OPTIONS_END(infracost_kubernetes_options, warn_ctx)};

/* ---- quantities ----------------------------------------------------------- */

int infracost_kubernetes_quantity(double *out, const char *text)
{
	static const struct {
		const char *suffix;
		double factor;
	} suffixes[] = {{"Ki", 1024.0},
			{"Mi", 1024.0 * 1024.0},
			{"Gi", GIB},
			{"Ti", GIB * 1024.0},
			{"Pi", GIB * 1024.0 * 1024.0},
			{"Ei", GIB * 1024.0 * 1024.0 * 1024.0},
			{"n", 1e-9},
			{"u", 1e-6},
			{"m", 1e-3},
			{"k", 1e3},
			{"M", 1e6},
			{"G", 1e9},
			{"T", 1e12},
			{"P", 1e15},
			{"E", 1e18},
			{"", 1}};
	const char *p = text;
	char num[64];
	size_t n;
	double d;

	if (!out || !text)
		return INFRACOST_EINVALID;
	*out = 0;
	/* <number>: [+]digits[.digits] or .digits; no sign but + (a
	 * negative request means nothing) */
	if (*p == '+')
		p++;
	n = strspn(p, "0123456789");
	if (p[n] == '.')
		n += 1 + strspn(p + n + 1, "0123456789");
	if (n == 0 || (n == 1 && p[0] == '.') || n >= sizeof(num))
		return INFRACOST_EINVALID;
	memcpy(num, p, n);
	num[n] = '\0';
	d = infracost__strtod(num, NULL);
	p += n;
	/* an exponent: e or E followed by a signed number ("1e3"; a lone E is exa) */
	if ((*p == 'e' || *p == 'E') && p[1] &&
	    (strchr("0123456789", p[1]) ||
	     ((p[1] == '+' || p[1] == '-') && p[2] && strchr("0123456789", p[2])))) {
		char *end;
		long e = strtol(p + 1, &end, 10);
		if (*end || e > 300 || e < -300)
			return INFRACOST_EINVALID;
		*out = d * pow(10.0, (double)e);
		return isfinite(*out) ? 0 : INFRACOST_EINVALID;
	}
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strcmp(p, suffixes[i].suffix) == 0) {
			*out = d * suffixes[i].factor;
			return isfinite(*out) ? 0 : INFRACOST_EINVALID;
		}
	return INFRACOST_EINVALID;
}

/* ---- the objects read ------------------------------------------------------ */

struct kobj {
	const jsondoc *doc;
	const jsonval *v;
	char base[32]; /* the path of the object in its document: "" or "items[3]" */
	const char *kind, *name, *ns;
	const char *source;
	int line;
	const char *status; /* what became of it: priced, included, free, unsupported */
	const char *service;
	/* 1 + the index of the object this one is part of (an autoscaler: its
	 * workload), whose service it names; 0: none */
	size_t target;
	char note[400];
};

struct kfile {
	char *path;
	infracost_file_view view;
};

/* A group of equal pods, for the nodes' binpacking. */
struct podgroup {
	char workload[300];
	double cpu, mem; /* one pod's requests: cores, GB */
	double min, max; /* pods at the workloads' minimum and maximum */
	int daemon;      /* a DaemonSet: one pod on every node */
};

struct conv {
	infracost_kubernetes_options o;
	struct kfile *files;
	size_t nfiles, fcap;
	jsondoc **docs; /* each its own allocation: objects point at them */
	size_t ndocs, dcap;
	struct kobj *objs;
	const char *nodes_service; /* the nodes' vm service, once made */
	size_t nobjs, ocap;
	struct podgroup *groups;
	size_t ngroups, gcap;
	char **names; /* service names given */
	size_t nnames, ncap;
	jsonval *root, *services;
	double node_cpu, node_mem;
	int fargate;
};

static void warn(struct conv *c, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
static void warn(struct conv *c, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	if (!c->o.warn)
		return;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->o.warn(c->o.warn_ctx, msg);
}

static void note(struct kobj *k, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
static void note(struct kobj *k, const char *fmt, ...)
{
	size_t n = strlen(k->note);
	va_list ap;
	if (n && n < sizeof(k->note) - 2) {
		k->note[n++] = ';';
		k->note[n++] = ' ';
		k->note[n] = '\0';
	}
	va_start(ap, fmt);
	infracost__vsnprintf(k->note + n, sizeof(k->note) - n, fmt, ap);
	va_end(ap);
}

/* The value at a dotted path below v ("spec.template.spec"), or NULL. */
static const jsonval *at(const jsonval *v, const char *dotted)
{
	char key[64];
	while (v && *dotted) {
		size_t n = strcspn(dotted, ".");
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, dotted, n);
		key[n] = '\0';
		v = infracost__jv_get(v, key);
		dotted += n + (dotted[n] == '.');
	}
	return v;
}

static const char *str_at(const jsonval *v, const char *dotted)
{
	const jsonval *x = at(v, dotted);
	return infracost__jv_is(x, JV_STRING) ? infracost__jv_str(x) : NULL;
}

/* An error about value v (at `rel` below the object k), with its place. */
static int bad(struct conv *c, const struct kobj *k, const jsonval *v, const char *rel,
	       const char *fmt, ...) INFRACOST_PRINTF(5, 6);
static int bad(struct conv *c, const struct kobj *k, const jsonval *v, const char *rel,
	       const char *fmt, ...)
{
	char path[512], msg[600];
	int line = 0, column = 0;
	va_list ap;
	(void)c;
	infracost__snprintf(path, sizeof(path), "%s%s%s", k->base, *k->base && *rel ? "." : "",
			    rel);
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	infracost__jsondoc_position(k->doc, v ? v : k->v, path, &line, &column);
	return infracost__error_at(INFRACOST_EINVALID, k->source, line, column, *path ? path : NULL,
				   "%s %s: %s", k->kind, k->name ? k->name : "(no name)", msg);
}

/* A whole number >= 0 at rel (dflt when absent). */
static int whole(struct conv *c, const struct kobj *k, const jsonval *base, const char *rel,
		 const char *full, double dflt, double *out)
{
	const jsonval *x = at(base, rel);
	*out = dflt;
	if (!x || infracost__jv_is(x, JV_NULL))
		return 0;
	if (!infracost__jv_is(x, JV_NUMBER) || infracost__jv_num(x) < 0 ||
	    infracost__jv_num(x) != floor(infracost__jv_num(x)) || infracost__jv_num(x) > 1e6)
		return bad(c, k, x, full, "expected a whole number >= 0, got %s",
			   infracost__jv_is(x, JV_NUMBER) ? "another number"
							  : infracost__jv_type_name(x));
	*out = infracost__jv_num(x);
	return 0;
}

/* A quantity at v: a string ("500m", "1Gi") or a number (0.5). */
static int quantity(struct conv *c, const struct kobj *k, const jsonval *v, const char *path,
		    const char *what, double *out)
{
	if (infracost__jv_is(v, JV_NUMBER) && infracost__jv_num(v) >= 0) {
		*out = infracost__jv_num(v);
		return 0;
	}
	if (infracost__jv_is(v, JV_STRING) &&
	    infracost_kubernetes_quantity(out, infracost__jv_str(v)) == 0)
		return 0;
	if (infracost__jv_is(v, JV_STRING))
		return bad(c, k, v, path, "'%s' is not a Kubernetes quantity (%s)",
			   infracost__jv_str(v), what);
	return bad(c, k, v, path, "expected a quantity (%s), got %s", what,
		   infracost__jv_type_name(v));
}

/* ---- reading the files ----------------------------------------------------- */

static int add_object(struct conv *c, const jsondoc *doc, const jsonval *v, const char *base,
		      int line)
{
	struct kobj *k;
	const char *kind = str_at(v, "kind");
	if (infracost__grow((void **)&c->objs, &c->ocap, c->nobjs + 1, sizeof(*c->objs)))
		return infracost__error_oom();
	k = &c->objs[c->nobjs];
	memset(k, 0, sizeof(*k));
	k->doc = doc;
	k->v = v;
	infracost__snprintf(k->base, sizeof(k->base), "%s", base);
	k->source = doc->source;
	k->line = line;
	k->kind = kind ? kind : "object";
	k->name = str_at(v, "metadata.name");
	k->ns = str_at(v, "metadata.namespace");
	if (k->name && !*k->name)
		k->name = NULL; /* Kubernetes names are never empty */
	if (!k->ns || !*k->ns)
		k->ns = "default";
	if (!infracost__jv_is(v, JV_OBJECT))
		return bad(c, k, v, "", "expected a Kubernetes object (a mapping), got %s",
			   infracost__jv_type_name(v));
	if (!kind)
		return bad(c, k, at(v, "kind"), "kind",
			   "not a Kubernetes object: no 'kind' (a string)");
	if (!infracost__jv_get(v, "apiVersion"))
		return bad(c, k, v, "", "not a Kubernetes object: no 'apiVersion'");
	c->nobjs++;
	return 0;
}

static int read_text(struct conv *c, const char *text, size_t len, const char *source)
{
	yamlreader *r = NULL;
	int rc, line;

	if ((rc = infracost__yaml_open(&r, text, len, source)))
		return rc;
	for (;;) {
		jsondoc *doc;
		if (infracost__grow((void **)&c->docs, &c->dcap, c->ndocs + 1, sizeof(*c->docs)) ||
		    !(doc = infracost__calloc(1, sizeof(*doc)))) {
			rc = infracost__error_oom();
			break;
		}
		if ((rc = infracost__yaml_next(r, doc, &line, NULL)) <= 0) {
			infracost__free(doc);
			break;
		}
		c->docs[c->ndocs++] = doc;
		if (!doc->root || infracost__jv_is(doc->root, JV_NULL))
			continue; /* an empty document: `---` at the end */
		if (infracost__jv_is(doc->root, JV_OBJECT) &&
		    infracost__jv_is(infracost__jv_get(doc->root, "items"), JV_ARRAY) &&
		    str_at(doc->root, "kind") && strcmp(str_at(doc->root, "kind"), "List") == 0) {
			const jsonval *items = infracost__jv_get(doc->root, "items");
			rc = 0;
			for (size_t i = 0; i < infracost__jv_len(items) && !rc; i++) {
				char base[32];
				int l = 0, col;
				infracost__snprintf(base, sizeof(base), "items[%zu]", i);
				infracost__jsondoc_position(doc, infracost__jv_item(items, i), base,
							    &l, &col);
				rc = add_object(c, doc, infracost__jv_item(items, i), base, l);
			}
		} else {
			rc = add_object(c, doc, doc->root, "", line);
		}
		if (rc)
			break;
	}
	infracost__yaml_close(r);
	return rc < 0 ? rc : 0;
}

static int has_manifest_ext(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot &&
	       (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0 || strcmp(dot, ".json") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_path(struct conv *c, const char *path, int depth);

static int read_dir(struct conv *c, const char *path, int depth)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d)
		return infracost__error(INFRACOST_EIO, "%s: cannot read the directory", path);
	while ((e = readdir(d))) {
		char *full;
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		if (!(full = infracost__malloc(strlen(path) + strlen(e->d_name) + 2))) {
			rc = infracost__error_oom();
			break;
		}
		infracost__snprintf(full, strlen(path) + strlen(e->d_name) + 2, "%s/%s", path,
				    e->d_name);
		if (stat(full, &st) == 0 && (S_ISDIR(st.st_mode) || has_manifest_ext(e->d_name)) &&
		    !infracost__grow((void **)&names, &cap, n + 1, sizeof(*names))) {
			names[n++] = full;
			continue;
		}
		infracost__free(full);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = read_path(c, names[i], depth + 1);
		infracost__free(names[i]);
	}
	infracost__free(names);
	return rc;
}

static int read_path(struct conv *c, const char *path, int depth)
{
	struct stat st;
	struct kfile *f;
	int rc;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (depth > 32)
			return infracost__error(INFRACOST_EIO, "%s: directories nested too deep",
						path);
		return read_dir(c, path, depth);
	}
	if (infracost__grow((void **)&c->files, &c->fcap, c->nfiles + 1, sizeof(*c->files)))
		return infracost__error_oom();
	f = &c->files[c->nfiles];
	memset(f, 0, sizeof(*f));
	if (!(f->path = infracost__strdup(path)))
		return infracost__error_oom();
	if ((rc = infracost__file_open(&f->view, path))) {
		infracost__free(f->path);
		return rc;
	}
	c->nfiles++;
	return read_text(c, f->view.data, f->view.len, f->path);
}

/* ---- the spec being built ------------------------------------------------- */

static int set(jsonval *obj, const char *key, jsonval *v)
{
	return infracost__jv_add(obj, key, v) ? infracost__error_oom() : 0;
}

static int set_str(jsonval *obj, const char *key, const char *s)
{
	return set(obj, key, infracost__jv_new_string(s, strlen(s)));
}

/* A number to `digits` significant decimals. */
static double rounded(double d, int digits)
{
	char buf[40];
	infracost__snprintf(buf, sizeof(buf), "%.*g", digits, d);
	return infracost__strtod(buf, NULL);
}

/* Numbers in notes to 6 significant decimals, so they read well. */
static double tidy(double d)
{
	return rounded(d, 6);
}

/* Numbers of the spec to 10 (0.1 + 0.2 is written 0.3). */
static int set_num(jsonval *obj, const char *key, double d)
{
	return set(obj, key, infracost__jv_new_number(rounded(d, 10)));
}

/* A service name not given yet: `want`, else want-2, want-3, ... */
static int unique_name(struct conv *c, const char *want, const char **out)
{
	char buf[300];
	for (int n = 1;; n++) {
		size_t i;
		if (n == 1)
			infracost__snprintf(buf, sizeof(buf), "%s", want);
		else
			infracost__snprintf(buf, sizeof(buf), "%s-%d", want, n);
		for (i = 0; i < c->nnames && strcmp(c->names[i], buf) != 0; i++)
			;
		if (i == c->nnames)
			break;
	}
	if (infracost__grow((void **)&c->names, &c->ncap, c->nnames + 1, sizeof(*c->names)) ||
	    !(c->names[c->nnames] = infracost__strdup(buf)))
		return infracost__error_oom();
	*out = c->names[c->nnames++];
	return 0;
}

/* The name of an object's service: its name, prefixed by its namespace when
 * that is not "default". */
static void object_name(const struct kobj *k, const char *suffix, char *buf, size_t len)
{
	if (strcmp(k->ns, "default") != 0)
		infracost__snprintf(buf, len, "%s.%s%s", k->ns, k->name, suffix);
	else
		infracost__snprintf(buf, len, "%s%s", k->name, suffix);
}

/* A new service object of `type`, named after k, appended to the spec. */
static int new_service(struct conv *c, struct kobj *k, const char *suffix, const char *type,
		       jsonval **out)
{
	char want[300];
	const char *name = NULL;
	jsonval *svc;
	int rc;
	object_name(k, suffix, want, sizeof(want));
	if ((rc = unique_name(c, want, &name)))
		return rc;
	if (!(svc = infracost__jv_new_object()))
		return infracost__error_oom();
	if ((rc = set_str(svc, "name", name)) || (rc = set_str(svc, "type", type))) {
		infracost__jv_unref(svc);
		return rc;
	}
	if (infracost__jv_add(c->services, NULL, svc))
		return infracost__error_oom();
	k->status = "priced";
	k->service = name;
	*out = svc;
	return 0;
}

static int set_replicas(jsonval *svc, double min, double max, double average)
{
	jsonval *r;
	int rc;
	if (min == max && average < 0)
		return set_num(svc, "replicas", min);
	if (!(r = infracost__jv_new_object()))
		return infracost__error_oom();
	if ((rc = set_num(r, "min", min)) || (rc = set_num(r, "max", max)) ||
	    (average >= 0 && (rc = set_num(r, "average", average)))) {
		infracost__jv_unref(r);
		return rc;
	}
	return set(svc, "replicas", r);
}

/* ---- workloads ------------------------------------------------------------- */

struct pod {
	double cpu, mem; /* cores, GB */
	int from_limits, missing_cpu, missing_mem;
};

/* One container's request of `res` ("cpu", "memory"): the request, else the
 * limit (Kubernetes copies a limit without a request into the request). */
static int request_of(struct conv *c, struct kobj *k, const jsonval *ctr, const char *cpath,
		      const char *res, double *out, int *from_limit, int *missing)
{
	char path[300];
	const char *what = strcmp(res, "cpu") == 0 ? "CPU: 500m, 0.5, 2"
						   : "memory: 512Mi, 1Gi, 1G, 1e9";
	const jsonval *x = at(infracost__jv_get(ctr, "resources"), "requests");
	int rc;
	*out = 0;
	x = infracost__jv_get(x, res);
	infracost__snprintf(path, sizeof(path), "%s.resources.requests.%s", cpath, res);
	if (!x || infracost__jv_is(x, JV_NULL)) {
		x = infracost__jv_get(at(infracost__jv_get(ctr, "resources"), "limits"), res);
		infracost__snprintf(path, sizeof(path), "%s.resources.limits.%s", cpath, res);
		if (!x || infracost__jv_is(x, JV_NULL)) {
			*missing = 1;
			return 0;
		}
		*from_limit = 1;
	}
	if ((rc = quantity(c, k, x, path, what, out)))
		return rc;
	if (strcmp(res, "memory") == 0)
		*out /= GIB;
	return 0;
}

/* The requests of the pod of a pod spec (at rel below the object): the sum
 * over its containers, or the largest init container when that is more. */
static int pod_of(struct conv *c, struct kobj *k, const char *rel, struct pod *p)
{
	const jsonval *spec = at(k->v, rel);
	static const char *const lists[] = {"containers", "initContainers"};
	double init_cpu = 0, init_mem = 0;
	int rc;

	memset(p, 0, sizeof(*p));
	if (!infracost__jv_is(spec, JV_OBJECT) ||
	    !infracost__jv_is(infracost__jv_get(spec, "containers"), JV_ARRAY)) {
		/* the place: the deepest part of the path that is there */
		char p2[200];
		const jsonval *x;
		infracost__snprintf(p2, sizeof(p2), "%s", rel);
		while (!(x = at(k->v, p2)) && strrchr(p2, '.'))
			*strrchr(p2, '.') = '\0';
		return bad(c, k, x, x ? p2 : "", "no pod spec with containers at %s", rel);
	}
	for (int l = 0; l < 2; l++) {
		const jsonval *list = infracost__jv_get(spec, lists[l]);
		for (size_t i = 0; i < infracost__jv_len(list); i++) {
			const jsonval *ctr = infracost__jv_item(list, i);
			char cpath[200];
			double cpu, mem;
			int mc = 0, mm = 0;
			infracost__snprintf(cpath, sizeof(cpath), "%s.%s[%zu]", rel, lists[l], i);
			if (!infracost__jv_is(ctr, JV_OBJECT))
				return bad(c, k, ctr, cpath,
					   "expected a container (a mapping), got %s",
					   infracost__jv_type_name(ctr));
			if ((rc = request_of(c, k, ctr, cpath, "cpu", &cpu, &p->from_limits,
					     &mc)) ||
			    (rc = request_of(c, k, ctr, cpath, "memory", &mem, &p->from_limits,
					     &mm)))
				return rc;
			if (l == 0) {
				p->cpu += cpu;
				p->mem += mem;
				p->missing_cpu |= mc;
				p->missing_mem |= mm;
			} else {
				init_cpu = fmax(init_cpu, cpu);
				init_mem = fmax(init_mem, mem);
			}
		}
	}
	p->cpu = fmax(p->cpu, init_cpu);
	p->mem = fmax(p->mem, init_mem);
	if (p->from_limits)
		note(k, "requests taken from limits where a container gives no request "
			"(Kubernetes does the same)");
	if (p->missing_cpu)
		note(k, "a container has no CPU request or limit: counted as 0");
	if (p->missing_mem)
		note(k, "a container has no memory request or limit: counted as 0");
	return 0;
}

/* The HPA whose scaleTargetRef is k, or NULL. */
static struct kobj *hpa_of(struct conv *c, const struct kobj *k)
{
	for (size_t i = 0; i < c->nobjs; i++) {
		struct kobj *h = &c->objs[i];
		const char *tk, *tn;
		if (strcmp(h->kind, "HorizontalPodAutoscaler") != 0 || strcmp(h->ns, k->ns) != 0)
			continue;
		tk = str_at(h->v, "spec.scaleTargetRef.kind");
		tn = str_at(h->v, "spec.scaleTargetRef.name");
		if (tk && tn && k->name && strcmp(tk, k->kind) == 0 && strcmp(tn, k->name) == 0)
			return h;
	}
	return NULL;
}

/* The smallest Fargate size holding cpu cores and mem GB. */
static int fargate_size(double cpu, double mem, double *vcpu, double *gb)
{
	static const struct {
		double vcpu, lo, hi, step;
	} sizes[] = {{0.25, 0.5, 2, 0}, {0.5, 1, 4, 1}, {1, 2, 8, 1},    {2, 4, 16, 1},
		     {4, 8, 30, 1},     {8, 16, 60, 4}, {16, 32, 120, 8}};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double m;
		if (sizes[i].vcpu + 1e-9 < cpu || sizes[i].hi + 1e-9 < mem)
			continue;
		if (sizes[i].step == 0) /* 0.25 vCPU: 0.5, 1 or 2 GB */
			m = mem <= 0.5 ? 0.5 : mem <= 1 ? 1 : 2;
		else
			m = fmax(sizes[i].lo,
				 sizes[i].lo + ceil((mem - sizes[i].lo) / sizes[i].step - 1e-9) *
						       sizes[i].step);
		*vcpu = sizes[i].vcpu;
		*gb = m;
		return 0;
	}
	return -1;
}

/* Cron: how many values of [lo, hi] a field matches (-1: not readable). */
static int cron_field(const char *f, int lo, int hi, const char *const *names)
{
	char seen[64] = {0};
	int count = 0;
	if (strcmp(f, "?") == 0)
		f = "*";
	while (*f) {
		int a, b, step = 1;
		char item[32];
		size_t n = strcspn(f, ","), m;
		char *p, *end;
		if (n == 0 || n >= sizeof(item))
			return -1;
		memcpy(item, f, n);
		item[n] = '\0';
		f += n + (f[n] == ',');
		if ((p = strchr(item, '/'))) {
			*p++ = '\0';
			step = (int)strtol(p, &end, 10);
			if (*end || step < 1)
				return -1;
		}
		if (strcmp(item, "*") == 0) {
			a = lo;
			b = hi;
		} else {
			char *dash = strchr(item, '-');
			char *parts[2] = {item, dash ? dash + 1 : NULL};
			int vals[2];
			if (dash)
				*dash = '\0';
			for (int j = 0; j < (dash ? 2 : 1); j++) {
				vals[j] = (int)strtol(parts[j], &end, 10);
				if (*end || end == parts[j]) {
					vals[j] = -1;
					for (m = 0; names && names[m]; m++)
						if (strcasecmp(parts[j], names[m]) == 0)
							vals[j] = (int)m + lo;
					if (vals[j] < 0)
						return -1;
				}
			}
			a = vals[0];
			b = dash ? vals[1] : (p ? hi : vals[0]);
		}
		if (a < lo || b > hi || a > b)
			return -1;
		for (int v = a; v <= b; v += step) {
			int at = names && hi == 7 && v == 7 ? 0 : v - lo; /* Sunday: 0 or 7 */
			if (!seen[at]) {
				seen[at] = 1;
				count++;
			}
		}
	}
	return count;
}

/* Runs a month of a CronJob schedule, or -1 when it cannot be read. */
static double cron_runs(const char *schedule)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
					     "aug", "sep", "oct", "nov", "dec", NULL};
	static const char *const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL};
	const double days_a_month = HOURS / 24;
	char f[5][64];
	int n;
	int mi, ho, dom, mo, dow;
	double d;

	if (schedule[0] == '@') {
		if (strcmp(schedule, "@yearly") == 0 || strcmp(schedule, "@annually") == 0)
			return 1.0 / 12;
		if (strcmp(schedule, "@monthly") == 0)
			return 1;
		if (strcmp(schedule, "@weekly") == 0)
			return days_a_month / 7;
		if (strcmp(schedule, "@daily") == 0 || strcmp(schedule, "@midnight") == 0)
			return days_a_month;
		if (strcmp(schedule, "@hourly") == 0)
			return HOURS;
		return -1;
	}
	n = sscanf(schedule, "%63s %63s %63s %63s %63s", f[0], f[1], f[2], f[3], f[4]);
	if (n != 5)
		return -1;
	{
		/* no sixth field (seconds) */
		const char *p = schedule;
		for (int i = 0; i < 5; i++) {
			p += strspn(p, " \t");
			p += strcspn(p, " \t");
		}
		if (p[strspn(p, " \t")])
			return -1;
	}
	mi = cron_field(f[0], 0, 59, NULL);
	ho = cron_field(f[1], 0, 23, NULL);
	dom = cron_field(f[2], 1, 31, NULL);
	mo = cron_field(f[3], 1, 12, months);
	dow = cron_field(f[4], 0, 7, days);
	if (mi < 0 || ho < 0 || dom < 0 || mo < 0 || dow < 0)
		return -1;
	{
		int dom_any = strcmp(f[2], "*") == 0 || strcmp(f[2], "?") == 0;
		int dow_any = strcmp(f[4], "*") == 0 || strcmp(f[4], "?") == 0;
		double by_dom = dom * (days_a_month / 31), by_dow = dow * days_a_month / 7;
		if (dom_any && dow_any)
			d = days_a_month;
		else if (dom_any)
			d = by_dow;
		else if (dow_any)
			d = by_dom;
		else /* cron runs when either matches */
			d = by_dom + by_dow - by_dom * dow / 7;
	}
	return mi * ho * d * mo / 12.0;
}

/* A workload: its pod, its replica range (and the average of a Job). */
static int workload(struct conv *c, struct kobj *k)
{
	const char *kind = k->kind;
	const char *tmpl = "spec.template.spec";
	double min = 1, max = 1, average = -1;
	struct pod p;
	struct kobj *hpa;
	jsonval *svc;
	int rc, daemon = strcmp(kind, "DaemonSet") == 0;

	if (!k->name)
		return bad(c, k, at(k->v, "metadata"), "metadata", "no metadata.name");
	if (strcmp(kind, "CronJob") == 0)
		tmpl = "spec.jobTemplate.spec.template.spec";
	else if (strcmp(kind, "Pod") == 0)
		tmpl = "spec";
	if ((rc = pod_of(c, k, tmpl, &p)))
		return rc;

	if (strcmp(kind, "Deployment") == 0 || strcmp(kind, "StatefulSet") == 0 ||
	    strcmp(kind, "ReplicaSet") == 0) {
		if ((rc = whole(c, k, k->v, "spec.replicas", "spec.replicas", 1, &min)))
			return rc;
		max = min;
		if (!at(k->v, "spec.replicas"))
			note(k, "no spec.replicas: 1 (the Kubernetes default)");
	}
	if ((hpa = hpa_of(c, k))) {
		double hmin, hmax;
		if ((rc = whole(c, hpa, hpa->v, "spec.minReplicas", "spec.minReplicas", 1,
				&hmin)) ||
		    (rc = whole(c, hpa, hpa->v, "spec.maxReplicas", "spec.maxReplicas", hmin,
				&hmax)))
			return rc;
		if (!at(hpa->v, "spec.maxReplicas"))
			return bad(c, hpa, hpa->v, "spec", "no spec.maxReplicas");
		if (hmax < hmin)
			return bad(c, hpa, at(hpa->v, "spec.maxReplicas"), "spec.maxReplicas",
				   "maxReplicas (%g) is below minReplicas (%g)", hmax, hmin);
		note(k, "replicas %g to %g from HorizontalPodAutoscaler %s", hmin, hmax,
		     hpa->name ? hpa->name : "");
		if (at(k->v, "spec.replicas") && (min < hmin || min > hmax))
			note(k, "its spec.replicas (%g) is outside the autoscaler's range", min);
		min = hmin;
		max = hmax;
		hpa->status = "included";
		hpa->service = NULL;
		hpa->target = (size_t)(k - c->objs) + 1;
		infracost__snprintf(hpa->note, sizeof(hpa->note), "the replica range of %s %s",
				    kind, k->name);
	}
	if (strcmp(kind, "Job") == 0 || strcmp(kind, "CronJob") == 0) {
		const jsonval *js = strcmp(kind, "Job") == 0 ? at(k->v, "spec")
							     : at(k->v, "spec.jobTemplate.spec");
		const char *jp = strcmp(kind, "Job") == 0 ? "spec" : "spec.jobTemplate.spec";
		char p1[200], p2[200], p3[200];
		double par, comp, deadline, minutes = c->o.job_minutes > 0 ? c->o.job_minutes : 10;
		double runs = 1, pod_hours, overlap = 1;
		infracost__snprintf(p1, sizeof(p1), "%s.parallelism", jp);
		infracost__snprintf(p2, sizeof(p2), "%s.completions", jp);
		infracost__snprintf(p3, sizeof(p3), "%s.activeDeadlineSeconds", jp);
		if ((rc = whole(c, k, js, "parallelism", p1, 1, &par)) ||
		    (rc = whole(c, k, js, "completions", p2, par ? par : 1, &comp)) ||
		    (rc = whole(c, k, js, "activeDeadlineSeconds", p3, 0, &deadline)))
			return rc;
		if (par < 1)
			par = 1;
		if (deadline > 0) {
			minutes = deadline / 60;
			note(k,
			     "each run takes its activeDeadlineSeconds (%g min) at most: counted "
			     "as that",
			     tidy(minutes));
		} else {
			note(k,
			     "each pod is assumed to run %g minutes a run (no "
			     "activeDeadlineSeconds; --job-minutes)",
			     minutes);
		}
		if (strcmp(kind, "CronJob") == 0) {
			const char *sched = str_at(k->v, "spec.schedule");
			const jsonval *susp = at(k->v, "spec.suspend");
			if (!sched)
				return bad(c, k, at(k->v, "spec.schedule"), "spec.schedule",
					   "no schedule (a string)");
			runs = cron_runs(sched);
			if (runs < 0) {
				runs = HOURS / 24;
				note(k, "schedule '%s' not read: assumed once a day", sched);
			} else {
				note(k, "schedule '%s': %g runs a month", sched, tidy(runs));
			}
			if (infracost__jv_is(susp, JV_TRUE)) {
				runs = 0;
				note(k, "suspended: no runs");
			}
			/* runs that overlap when one lasts longer than the interval */
			if (runs > 0) {
				const char *policy = str_at(k->v, "spec.concurrencyPolicy");
				double wall = ceil(comp / par) * minutes / 60;
				if (!policy || strcmp(policy, "Allow") == 0)
					overlap = fmax(1, ceil(wall * runs / HOURS - 1e-9));
			}
		} else {
			note(k, "a Job runs once: its pod-hours are counted in one month");
		}
		pod_hours = runs * comp * minutes / 60;
		min = 0;
		max = par * overlap;
		average = fmin(max, pod_hours / HOURS);
		note(k, "%g pod-hours a month", tidy(pod_hours));
	}
	if (daemon)
		min = max = 1; /* a pod a node */
	if (strcmp(kind, "Pod") == 0)
		min = max = 1;

	if (c->fargate) {
		double vcpu, gb;
		if (daemon) {
			k->status = "unsupported";
			note(k, "DaemonSets do not run on Fargate");
			return 0;
		}
		if (fargate_size(p.cpu, p.mem + FARGATE_OVERHEAD_GB, &vcpu, &gb))
			return bad(c, k, at(k->v, tmpl), tmpl,
				   "a pod of %g vCPU and %g GB is larger than Fargate runs (16 "
				   "vCPU, 120 GB)",
				   tidy(p.cpu), tidy(p.mem));
		note(k,
		     "pod requests %g vCPU, %g GB; on Fargate %g vCPU, %g GB (requests + 0.25 GB, "
		     "rounded up to a Fargate size)",
		     tidy(p.cpu), tidy(p.mem), vcpu, gb);
		if ((rc = new_service(c, k, "", "container", &svc)) ||
		    (rc = set_num(svc, "vcpu", vcpu)) || (rc = set_num(svc, "memory_gb", gb)) ||
		    (rc = set_replicas(svc, min, max, average)))
			return rc;
		return set_str(svc, "description", k->note);
	}
	/* On nodes: a group of pods for the binpacking. */
	if (infracost__grow((void **)&c->groups, &c->gcap, c->ngroups + 1, sizeof(*c->groups)))
		return infracost__error_oom();
	{
		struct podgroup *g = &c->groups[c->ngroups++];
		object_name(k, "", g->workload, sizeof(g->workload));
		g->cpu = p.cpu;
		g->mem = p.mem;
		g->min = min;
		g->max = max;
		g->daemon = daemon;
	}
	k->status = "included";
	note(k, "pods of %g vCPU, %g GB (%g of a node), %g to %g of them", tidy(p.cpu), tidy(p.mem),
	     tidy(fmax(p.cpu / c->node_cpu, p.mem / c->node_mem)), min, max);
	return 0;
}

/* ---- claims and services ---------------------------------------------------- */

/* A claim (a PVC, or a template of a StatefulSet at rel) as storage. */
static int claim(struct conv *c, struct kobj *k, const jsonval *spec, const char *rel,
		 const char *suffix, double count)
{
	char path[300];
	const jsonval *q, *modes;
	const char *cls;
	double bytes, gb;
	int rwx = 0, efs;
	jsonval *svc;
	int rc;

	infracost__snprintf(path, sizeof(path), "%s.resources.requests.storage", rel);
	q = at(spec, "resources.requests.storage");
	if (!q)
		return bad(c, k, spec, rel, "no resources.requests.storage");
	if ((rc = quantity(c, k, q, path, "storage: 10Gi, 500Mi, 1G", &bytes)))
		return rc;
	modes = infracost__jv_get(spec, "accessModes");
	for (size_t i = 0; i < infracost__jv_len(modes); i++)
		if (strcmp(infracost__jv_str(infracost__jv_item(modes, i)), "ReadWriteMany") == 0)
			rwx = 1;
	cls = str_at(spec, "storageClassName");
	efs = cls && strstr(cls, "efs");
	gb = ceil(bytes / GIB - 1e-9);
	if (gb < 1)
		gb = 1;
	if (efs || rwx) {
		if ((rc = new_service(c, k, suffix, "file_storage", &svc)) ||
		    (rc = set_num(svc, "storage_gb", gb * count)))
			return rc;
		note(k, "%s: %g GiB%s as EFS storage", efs ? "an EFS class" : "ReadWriteMany", gb,
		     count > 1 ? " a claim" : "");
	} else {
		static const char *const types[] = {"gp3", "gp2", "io2", "io1", "st1", "sc1", NULL};
		const char *type = NULL;
		for (int i = 0; cls && types[i] && !type; i++)
			if (strstr(cls, types[i]))
				type = types[i];
		if (!type) {
			type = "gp3";
			note(k, "storage class %s%s%s: priced as gp3 EBS", cls ? "'" : "",
			     cls ? cls : "not set", cls ? "'" : "");
		}
		if ((rc = new_service(c, k, suffix, "block_storage", &svc)) ||
		    (rc = set_str(svc, "volume_type", type)) ||
		    (rc = set_num(svc, "size_gb", gb)) ||
		    (count != 1 && (rc = set_num(svc, "count", count))))
			return rc;
	}
	if (fabs(bytes / GIB - gb) > 1e-9)
		note(k, "%g bytes rounded up to %g GiB", bytes, gb);
	return set_str(svc, "description", k->note);
}

static int statefulset_claims(struct conv *c, struct kobj *k)
{
	const jsonval *tmpls = at(k->v, "spec.volumeClaimTemplates");
	struct kobj *hpa = hpa_of(c, k);
	double count;
	int rc;
	if (!infracost__jv_len(tmpls))
		return 0;
	if ((rc = whole(c, k, k->v, "spec.replicas", "spec.replicas", 1, &count)))
		return rc;
	if (hpa &&
	    (rc = whole(c, hpa, hpa->v, "spec.maxReplicas", "spec.maxReplicas", count, &count)))
		return rc;
	for (size_t i = 0; i < infracost__jv_len(tmpls); i++) {
		const jsonval *t = infracost__jv_item(tmpls, i);
		const char *tn = str_at(t, "metadata.name");
		char rel[100], suffix[120];
		struct kobj sub = *k;
		infracost__snprintf(rel, sizeof(rel), "spec.volumeClaimTemplates[%zu].spec", i);
		infracost__snprintf(suffix, sizeof(suffix), "-%s", tn ? tn : "data");
		sub.note[0] = '\0';
		note(&sub,
		     "volumeClaimTemplate %s of StatefulSet %s: one volume a replica, %g "
		     "(the most replicas: claims are kept when it scales in)",
		     tn ? tn : "", k->name, count);
		if ((rc = claim(c, &sub, at(t, "spec"), rel, suffix, count)))
			return rc;
	}
	return 0;
}

static int load_balancer(struct conv *c, struct kobj *k)
{
	const jsonval *anns = at(k->v, "metadata.annotations");
	const char *lbtype = str_at(anns, "service.beta.kubernetes.io/aws-load-balancer-type");
	jsonval *svc;
	int rc;
	if (!k->name)
		return bad(c, k, at(k->v, "metadata"), "metadata", "no metadata.name");
	if (lbtype && strcmp(lbtype, "alb") == 0) {
		note(k, "an ALB (aws-load-balancer-type: alb)");
	} else {
		note(k, "a Network Load Balancer (%s)",
		     lbtype ? "aws-load-balancer-type"
			    : "the AWS Load Balancer Controller's; the "
			      "in-tree provider makes a Classic one: "
			      "kind clb");
	}
	if ((rc = new_service(c, k, "-lb", "load_balancer", &svc)) ||
	    (rc = set_str(svc, "kind", lbtype && strcmp(lbtype, "alb") == 0 ? "alb" : "nlb")))
		return rc;
	return set_str(svc, "description", k->note);
}

/* ---- nodes ----------------------------------------------------------------- */

#define MAX_NODES 100000

/* Pods of one size, for the packing. */
struct podsize {
	double size; /* the larger of its CPU and memory share of a node */
	double count;
};

static int cmp_desc(const void *a, const void *b)
{
	double x = ((const struct podsize *)a)->size, y = ((const struct podsize *)b)->size;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Nodes that fit the pods: first fit, largest first, each pod taking the
 * larger of its CPU and memory share of what a node has left after its
 * DaemonSet pods. Pods of one size fill the nodes in order (first fit
 * places each in the first node with room), so a group is placed node by
 * node, not pod by pod: time grows with groups x nodes. */
static int nodes_needed(struct conv *c, int at_max, double *out)
{
	double cpu = c->node_cpu, mem = c->node_mem, *bins = NULL;
	struct podsize *groups = NULL;
	size_t n = 0, nbins = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < c->ngroups; i++)
		if (c->groups[i].daemon) {
			cpu -= c->groups[i].cpu;
			mem -= c->groups[i].mem;
		}
	*out = 0;
	if (cpu <= 1e-9 || mem <= 1e-9)
		return infracost__error(INFRACOST_EINVALID,
					"the DaemonSets' pods take all of a %s node (%g vCPU, "
					"%g GB)",
					c->o.node_type, c->node_cpu, c->node_mem);
	if (!(groups = infracost__calloc(c->ngroups + 1, sizeof(*groups))))
		return infracost__error_oom();
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct podgroup *g = &c->groups[i];
		double s = fmax(g->cpu / cpu, g->mem / mem);
		double m = at_max ? g->max : g->min;
		if (g->daemon || m <= 0)
			continue;
		if (s > 1 + 1e-9) {
			rc = infracost__error(
				INFRACOST_EINVALID,
				"%s: a pod of %g vCPU and %g GB does not fit on a %s "
				"node (%g vCPU, %g GB%s)",
				g->workload, tidy(g->cpu), tidy(g->mem), c->o.node_type, tidy(cpu),
				tidy(mem), cpu < c->node_cpu ? " left after the DaemonSets" : "");
			goto done;
		}
		groups[n++] = (struct podsize){s, m};
	}
	qsort(groups, n, sizeof(*groups), cmp_desc);
	for (size_t i = 0; i < n; i++) {
		double left = groups[i].count, s = groups[i].size;
		for (size_t b = 0; b < nbins && left > 0; b++) {
			/* how many of this size still fit in node b */
			double fit = s > 0 ? floor((1 - bins[b]) / s + 1e-9) : left;
			if (fit <= 0)
				continue;
			fit = fmin(fit, left);
			bins[b] += fit * s;
			left -= fit;
		}
		while (left > 0) {
			double per = s > 0 ? fmax(1, floor(1 / s + 1e-9)) : left,
			       fit = fmin(per, left);
			if (nbins >= MAX_NODES) {
				rc = infracost__error(INFRACOST_EINVALID,
						      "the pods need more than %d %s nodes",
						      MAX_NODES, c->o.node_type);
				goto done;
			}
			if (infracost__grow((void **)&bins, &cap, nbins + 1, sizeof(*bins))) {
				rc = infracost__error_oom();
				goto done;
			}
			bins[nbins++] = fit * s;
			left -= fit;
		}
	}
	*out = (double)nbins;
done:
	infracost__free(groups);
	infracost__free(bins);
	return rc;
}

static int node_service(struct conv *c)
{
	double lo, hi;
	jsonval *svc, *shares;
	struct kobj self;
	int rc;
	if (!c->ngroups)
		return 0;
	if ((rc = nodes_needed(c, 0, &lo)) || (rc = nodes_needed(c, 1, &hi)))
		return rc;
	memset(&self, 0, sizeof(self));
	self.name = "nodes";
	self.ns = "default";
	if ((rc = new_service(c, &self, "", "vm", &svc)) ||
	    (rc = set_str(svc, "instance_type", c->o.node_type)))
		return rc;
	c->nodes_service = self.service; /* what the workloads on nodes are part of */
	if (lo < 1)
		lo = 1; /* a cluster keeps a node */
	if (hi < lo)
		hi = lo;
	if ((rc = set_replicas(svc, lo, hi, -1)))
		return rc;
	{
		char d[300];
		infracost__snprintf(
			d, sizeof(d),
			"%s nodes (%g vCPU, %g GB each) that fit the pods at the "
			"workloads' minimum (%g) and maximum (%g), binpacked by the larger "
			"of each pod's CPU and memory share of a node",
			c->o.node_type, c->node_cpu, c->node_mem, lo, hi);
		if ((rc = set_str(svc, "description", d)))
			return rc;
	}
	if (!(shares = infracost__jv_new_array()) || infracost__jv_add(svc, "x-shares", shares))
		return infracost__error_oom();
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct podgroup *g = &c->groups[i];
		double share = fmax(g->cpu / c->node_cpu, g->mem / c->node_mem);
		jsonval *o = infracost__jv_new_object();
		if (!o || infracost__jv_add(shares, NULL, o))
			return infracost__error_oom();
		if ((rc = set_str(o, "workload", g->workload)) ||
		    (rc = set_num(o, "vcpu", g->cpu)) || (rc = set_num(o, "memory_gb", g->mem)) ||
		    (rc = set_num(o, "node_share", share)) ||
		    (g->daemon ? (rc = set_str(o, "pods", "one on every node"))
			       : ((rc = set_num(o, "pods_min", g->min)) ||
				  (rc = set_num(o, "pods_max", g->max)))) ||
		    (rc = set_num(o, "nodes_min", g->daemon ? share * lo : share * g->min)) ||
		    (rc = set_num(o, "nodes_max", g->daemon ? share * hi : share * g->max)))
			return rc;
	}
	return 0;
}

/* ---- writing --------------------------------------------------------------- */

static void put_indent(infracost_buf *b, int depth)
{
	infracost__buf_pad(b, (size_t)depth * 2);
}

static void put_num(infracost_buf *b, double d)
{
	char s[40];
	if (d == floor(d) && fabs(d) < 1e15)
		infracost__snprintf(s, sizeof(s), "%.0f", d);
	else
		infracost__snprintf(s, sizeof(s), "%.15g", d);
	infracost__buf_puts(b, s);
}

/* A string that YAML reads back as that string when written plain. */
static int yaml_plain_ok(const char *s)
{
	static const char *const words[] = {"true", "false", "null", "yes", "no", "on",
					    "off",  "y",     "n",    "~",   NULL};
	if (!*s || !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_/", *s))
		return 0;
	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-",
			    *p))
			return 0;
	for (int i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 0;
	return 1;
}

static void yaml_str(infracost_buf *b, const char *s)
{
	if (yaml_plain_ok(s))
		infracost__buf_puts(b, s);
	else
		infracost__buf_json_str(b, s); /* a JSON string is a YAML double-quoted one */
}

/* A string, a number, true, false or null, as JSON or as YAML. */
static void put_scalar(infracost_buf *b, const jsonval *v, int yaml)
{
	switch (infracost__jv_type(v)) {
	case JV_STRING:
		if (yaml)
			yaml_str(b, infracost__jv_str(v));
		else
			infracost__buf_json_str(b, infracost__jv_str(v));
		return;
	case JV_NUMBER: put_num(b, infracost__jv_num(v)); return;
	case JV_TRUE: infracost__buf_puts(b, "true"); return;
	case JV_FALSE: infracost__buf_puts(b, "false"); return;
	default: infracost__buf_puts(b, "null"); return;
	}
}

static void write_json(infracost_buf *b, const jsonval *v, int depth)
{
	switch (infracost__jv_type(v)) {
	case JV_OBJECT: {
		jv_iter it = infracost__jv_members(v);
		int first = 1;
		if (!infracost__jv_len(v)) {
			infracost__buf_puts(b, "{}");
			return;
		}
		infracost__buf_puts(b, "{\n");
		while (infracost__jv_iter_next(&it)) {
			if (!first)
				infracost__buf_puts(b, ",\n");
			first = 0;
			put_indent(b, depth + 1);
			infracost__buf_json_str(b, it.key);
			infracost__buf_puts(b, ": ");
			write_json(b, it.value, depth + 1);
		}
		infracost__buf_putc(b, '\n');
		put_indent(b, depth);
		infracost__buf_putc(b, '}');
		return;
	}
	case JV_ARRAY:
		if (!infracost__jv_len(v)) {
			infracost__buf_puts(b, "[]");
			return;
		}
		infracost__buf_puts(b, "[\n");
		for (size_t i = 0; i < infracost__jv_len(v); i++) {
			if (i)
				infracost__buf_puts(b, ",\n");
			put_indent(b, depth + 1);
			write_json(b, infracost__jv_item(v, i), depth + 1);
		}
		infracost__buf_putc(b, '\n');
		put_indent(b, depth);
		infracost__buf_putc(b, ']');
		return;
	default: put_scalar(b, v, 0); return;
	}
}

static void write_yaml(infracost_buf *b, const jsonval *v, int depth, int inline_first);

/* A value after "key:" or "- ": scalars and empty collections on the same
 * line, others on the lines below. */
static void yaml_value(infracost_buf *b, const jsonval *v, int depth, int in_seq)
{
	enum jv_type t = infracost__jv_type(v);
	if ((t == JV_OBJECT || t == JV_ARRAY) && infracost__jv_len(v)) {
		if (in_seq && t == JV_OBJECT) {
			infracost__buf_putc(b, ' ');
			write_yaml(b, v, depth, 1);
			return;
		}
		infracost__buf_putc(b, '\n');
		write_yaml(b, v, depth, 0);
		return;
	}
	infracost__buf_putc(b, ' ');
	write_yaml(b, v, depth, 1);
	infracost__buf_putc(b, '\n');
}

static void write_yaml(infracost_buf *b, const jsonval *v, int depth, int inline_first)
{
	switch (infracost__jv_type(v)) {
	case JV_OBJECT: {
		jv_iter it = infracost__jv_members(v);
		int first = 1;
		if (!infracost__jv_len(v)) {
			infracost__buf_puts(b, "{}");
			return;
		}
		while (infracost__jv_iter_next(&it)) {
			if (!(first && inline_first))
				put_indent(b, depth);
			first = 0;
			yaml_str(b, it.key);
			infracost__buf_putc(b, ':');
			yaml_value(b, it.value, depth + 1, 0);
		}
		return;
	}
	case JV_ARRAY:
		if (!infracost__jv_len(v)) {
			infracost__buf_puts(b, "[]");
			return;
		}
		for (size_t i = 0; i < infracost__jv_len(v); i++) {
			if (!(i == 0 && inline_first))
				put_indent(b, depth);
			infracost__buf_putc(b, '-');
			yaml_value(b, infracost__jv_item(v, i), depth + 1, 1);
		}
		return;
	default: put_scalar(b, v, 1); return;
	}
}

/* ---- the conversion ------------------------------------------------------- */

static int is_workload(const char *kind)
{
	static const char *const kinds[] = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
					    "Job",        "CronJob",     "Pod",       NULL};
	for (int i = 0; kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

/* Kinds that cost nothing by themselves. */
static int is_free(const char *kind)
{
	static const char *const kinds[] = {"ConfigMap",
					    "Secret",
					    "ServiceAccount",
					    "Role",
					    "RoleBinding",
					    "ClusterRole",
					    "ClusterRoleBinding",
					    "Namespace",
					    "PodDisruptionBudget",
					    "NetworkPolicy",
					    "LimitRange",
					    "ResourceQuota",
					    "PriorityClass",
					    "Kustomization",
					    "StorageClass",
					    "Endpoints",
					    "EndpointSlice",
					    "CustomResourceDefinition",
					    NULL};
	for (int i = 0; kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

static int build(struct conv *c)
{
	jsonval *inputs;
	int rc;

	if (!(c->root = infracost__jv_new_object()) || !(c->services = infracost__jv_new_array()))
		return infracost__error_oom();
	if ((rc = set_str(c->root, "name", c->o.name ? c->o.name : "kubernetes")) ||
	    (rc = set_str(c->root, "description",
			  c->fargate ? "Converted from Kubernetes manifests by infra-cost convert "
				       "kubernetes --fargate (docs/kubernetes.md)"
				     : "Converted from Kubernetes manifests by infra-cost convert "
				       "kubernetes --node-type (docs/kubernetes.md)")) ||
	    (rc = set_str(c->root, "provider", c->o.provider)) ||
	    (rc = set_str(c->root, "region", c->o.region)))
		return rc;
	if (c->o.environment) {
		jsonval *envs = infracost__jv_new_object();
		if (!envs || infracost__jv_add(c->root, "environments", envs) ||
		    infracost__jv_add(envs, c->o.environment, infracost__jv_new_object()))
			return infracost__error_oom();
	}
	if (!c->o.no_control_plane) {
		struct kobj self;
		jsonval *svc;
		memset(&self, 0, sizeof(self));
		self.name = "cluster";
		self.ns = "default";
		if ((rc = new_service(c, &self, "", "kubernetes", &svc)) ||
		    (rc = set_str(svc, "description",
				  "the cluster's control plane (EKS, GKE or AKS), assumed: one "
				  "cluster (--no-control-plane leaves it out)")))
			return rc;
	}
	/* Workloads first (they find their autoscalers), then claims and
	 * services; what is left is free or not supported. */
	for (size_t i = 0; i < c->nobjs; i++)
		if (is_workload(c->objs[i].kind) && (rc = workload(c, &c->objs[i])))
			return rc;
	if (!c->fargate && (rc = node_service(c)))
		return rc;
	for (size_t i = 0; i < c->nobjs; i++) {
		struct kobj *k = &c->objs[i];
		if (strcmp(k->kind, "StatefulSet") == 0 && (rc = statefulset_claims(c, k)))
			return rc;
		if (strcmp(k->kind, "PersistentVolumeClaim") == 0) {
			if (!k->name)
				return bad(c, k, at(k->v, "metadata"), "metadata",
					   "no metadata.name");
			if ((rc = claim(c, k, at(k->v, "spec"), "spec", "-pvc", 1)))
				return rc;
		} else if (strcmp(k->kind, "Service") == 0) {
			const char *t = str_at(k->v, "spec.type");
			if (t && strcmp(t, "LoadBalancer") == 0) {
				if ((rc = load_balancer(c, k)))
					return rc;
			} else {
				k->status = "free";
				note(k, "a Service of type %s costs nothing by itself",
				     t ? t : "ClusterIP");
			}
		} else if (strcmp(k->kind, "HorizontalPodAutoscaler") == 0 && !k->status) {
			k->status = "unsupported";
			note(k, "its target is not among the workloads read");
		} else if (!k->status && is_free(k->kind)) {
			k->status = "free";
		} else if (!k->status && !is_workload(k->kind)) {
			k->status = "unsupported";
			note(k, "not priced: kind %s is not read (docs/kubernetes.md)", k->kind);
		}
	}
	if ((rc = set(c->root, "services", infracost__jv_ref(c->services))))
		return rc;
	if (!(inputs = infracost__jv_new_array()) || infracost__jv_add(c->root, INPUTS_KEY, inputs))
		return infracost__error_oom();
	for (size_t i = 0; i < c->nobjs; i++) {
		struct kobj *k = &c->objs[i];
		char addr[300], src[400];
		jsonval *o = infracost__jv_new_object();
		if (!o || infracost__jv_add(inputs, NULL, o))
			return infracost__error_oom();
		infracost__snprintf(addr, sizeof(addr), "%s/%s/%s", k->kind, k->ns,
				    k->name ? k->name : "");
		infracost__snprintf(src, sizeof(src), "%s:%d", k->source, k->line);
		/* an included object names the service it is part of: its
		 * workload's, or the nodes' its pods run on */
		if (!k->service && k->target)
			k->service = c->objs[k->target - 1].service;
		if (!k->service && k->status && strcmp(k->status, "included") == 0)
			k->service = c->nodes_service;
		if ((rc = set_str(o, "address", addr)) || (rc = set_str(o, "kind", k->kind)) ||
		    (rc = set_str(o, "source", src)) ||
		    (rc = set_str(o, "status", k->status ? k->status : "unsupported")) ||
		    (k->service && (rc = set_str(o, "service", k->service))) ||
		    (k->note[0] && (rc = set_str(o, "note", k->note))) ||
		    (c->o.environment && (rc = set_str(o, "environment", c->o.environment))))
			return rc;
		if (k->status && strcmp(k->status, "unsupported") == 0)
			warn(c, "%s: %s %s: not priced (%s)", src, k->kind, k->name ? k->name : "",
			     k->note);
	}
	return 0;
}

static void conv_free(struct conv *c)
{
	for (size_t i = 0; i < c->ndocs; i++) {
		infracost__jsondoc_free(c->docs[i]);
		infracost__free(c->docs[i]);
	}
	infracost__free(c->docs);
	for (size_t i = 0; i < c->nfiles; i++) {
		infracost__file_close(&c->files[i].view);
		infracost__free(c->files[i].path);
	}
	infracost__free(c->files);
	infracost__free(c->objs);
	infracost__free(c->groups);
	for (size_t i = 0; i < c->nnames; i++)
		infracost__free(c->names[i]);
	infracost__free(c->names);
	infracost__jv_unref(c->services);
	infracost__jv_unref(c->root);
}

static int node_size(struct conv *c)
{
	static const struct {
		const char *provider, *service;
	} map[] = {{"aws", "ec2"}, {"gcp", "compute"}, {"azure", "vm"}};
	const infracost_price *rows;
	size_t n;
	const char *service = NULL;
	int rc;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(c->o.provider, map[i].provider) == 0)
			service = map[i].service;
	if (!service)
		return infracost__error(INFRACOST_EINVALID,
					"--node-type: no instance catalog for provider '%s' (aws, "
					"gcp or azure)",
					c->o.provider);
	if (!c->o.catalog)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_convert_kubernetes: a node type needs a catalog "
					"(its vCPU and memory)");
	if ((rc = infracost_catalog_lookup(&rows, &n, c->o.catalog, c->o.provider, service,
					   c->o.region, c->o.node_type, "on_demand", "hour")))
		return rc;
	if (rows[0].vcpu <= 0 || rows[0].memory_gb <= 0)
		return infracost__error(INFRACOST_ENOTFOUND,
					"the catalog row of %s (%s) gives no vcpu and memory_gb: "
					"the node size is not known",
					c->o.node_type, rows[0].origin);
	c->node_cpu = rows[0].vcpu;
	c->node_mem = rows[0].memory_gb;
	return 0;
}

static int convert(char **out, size_t *out_len, const char *const *paths, size_t npaths,
		   const char *text, size_t len, const char *name,
		   const infracost_kubernetes_options *options)
{
	struct conv c;
	infracost_buf b = INFRACOST_BUF_INIT;
	int rc;

	if (!out)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_convert_kubernetes: NULL argument");
	*out = NULL;
	if (out_len)
		*out_len = 0;
	memset(&c, 0, sizeof(c));
	c.o = (infracost_kubernetes_options)INFRACOST_KUBERNETES_OPTIONS_INIT;
	if ((rc = infracost__options_copy(
		     &c.o, options, options_ends, INFRACOST_KUBERNETES_OPTIONS_VERSION,
		     "infracost_convert_kubernetes", "INFRACOST_KUBERNETES_OPTIONS_INIT")))
		return rc;
	if (!c.o.provider)
		c.o.provider = "aws";
	if (!c.o.region) {
		c.o.region = "us-east-1";
		warn(&c, "no region given (--region): us-east-1 assumed");
	}
	c.fargate = !c.o.node_type;
	if (c.fargate && strcmp(c.o.provider, "aws") != 0) {
		rc = infracost__error(INFRACOST_EINVALID,
				      "Fargate is AWS's: give --node-type for provider '%s'",
				      c.o.provider);
		goto done;
	}
	if (!c.fargate && (rc = node_size(&c)))
		goto done;
	if (text || !paths)
		rc = read_text(&c, text ? text : "", text ? len : 0, name ? name : "<string>");
	for (size_t i = 0; !rc && paths && i < npaths; i++)
		rc = paths[i] ? read_path(&c, paths[i], 0)
			      : infracost__error(INFRACOST_EINVALID,
						 "infracost_convert_kubernetes: NULL path");
	if (rc)
		goto done;
	if (!c.nobjs) {
		rc = infracost__error(INFRACOST_EINVALID, "no Kubernetes object in the manifests "
							  "given");
		goto done;
	}
	if ((rc = build(&c)))
		goto done;
	if (c.o.yaml)
		write_yaml(&b, c.root, 0, 0);
	else {
		write_json(&b, c.root, 0);
		infracost__buf_putc(&b, '\n');
	}
	rc = infracost__buf_detach(&b, out, out_len);
done:
	infracost__buf_free(&b);
	conv_free(&c);
	return rc;
}

int infracost_convert_kubernetes(char **out, size_t *out_len, const char *const *paths,
				 size_t npaths, const infracost_kubernetes_options *options)
{
	if (!paths || !npaths)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_convert_kubernetes: no path given");
	return convert(out, out_len, paths, npaths, NULL, 0, NULL, options);
}

int infracost_convert_kubernetes_buffer(char **out, size_t *out_len, const char *text, size_t len,
					const char *name,
					const infracost_kubernetes_options *options)
{
	if (!text && len)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_convert_kubernetes_buffer: NULL text");
	return convert(out, out_len, NULL, 0, text ? text : "", len, name, options);
}
