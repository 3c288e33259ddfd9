/* jsondoc.c - JSON documents read whole, with jansson; positions found
 * from paths by a walk with jstream.c (see jsondoc.h). */
#include "jsondoc.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "cnum.h"
#include "error.h"
#include "infracost/common.h"
#include "jstream.h"

#define FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL | JSON_DECODE_ANY)

/* jansson's error, at its line and column counted from (line0, column0). */
static int parse_error(json_error_t *err, const char *source, int line0, int column0)
{
	int line = err->line > 0 ? err->line : 1, column = err->column > 0 ? err->column : 1;
	if (json_error_code(err) == json_error_out_of_memory)
		return infracost__error_oom();
	if (line == 1)
		column += column0 - 1;
	line += line0 - 1;
	/* error.c shows the control characters and broken UTF-8 jansson's
	 * text may quote from the input escaped (\x01). */
	return infracost__error_at(INFRACOST_EPARSE, source, line, column, NULL,
				   "malformed JSON: %s", err->text);
}

int infracost__jsondoc_parse(jsondoc *doc, const char *text, size_t len, const char *source)
{
	json_error_t err;

	memset(doc, 0, sizeof(*doc));
	if (!text && len)
		return infracost__error(INFRACOST_EINVALID, "%s: no JSON text", source);
	doc->root = json_loadb(text ? text : "", len, FLAGS, &err);
	if (!doc->root)
		return parse_error(&err, source, 1, 1);
	doc->text = text;
	doc->len = len;
	doc->source = source;
	return 0;
}

/* The offsets of the elements of the root member `key` (an array) into
 * doc->starts, the text up to the array's end checked (jansson reads what
 * follows with the rest of the root): 1 when found, 0 when there is no
 * such array or the text is malformed (a full parse tells), or ENOMEM. */
static int find_elements(jsondoc *doc, const char *key)
{
	jstream_limits limits = {0};
	jstream *js = NULL;
	FILE *f;
	size_t cap = 0;
	int ev, rc = 0;

	if (!doc->len || !(f = fmemopen((void *)doc->text, doc->len, "r")))
		return 0;
	limits.buffer_size = 65536;
	limits.max_token = doc->len + 1;
	limits.max_depth = 4096;
	if (infracost__jstream_new(&js, f, "<json>", &limits)) {
		fclose(f);
		return 0;
	}
	if (infracost__jstream_next(js) != JSTREAM_OBJECT_BEGIN)
		goto done;
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		if (strcmp(infracost__jstream_text(js, NULL), key) != 0) {
			if (infracost__jstream_skip(js) < 0)
				goto done;
			continue;
		}
		if ((ev = infracost__jstream_next(js)) != JSTREAM_ARRAY_BEGIN) {
			if (ev < 0 || ((ev == JSTREAM_OBJECT_BEGIN || ev == JSTREAM_ARRAY_BEGIN) &&
				       infracost__jstream_skip_rest(js) < 0))
				goto done;
			continue; /* not an array: nothing to defer */
		}
		for (;;) {
			ev = infracost__jstream_next(js);
			if (ev < 0)
				goto done;
			if (infracost__grow((void **)&doc->starts, &cap, doc->n + 1,
					    sizeof(*doc->starts))) {
				rc = INFRACOST_ENOMEM;
				goto done;
			}
			doc->starts[doc->n] = (size_t)infracost__jstream_offset(js);
			if (ev == JSTREAM_ARRAY_END)
				break;
			doc->n++;
			if ((ev == JSTREAM_OBJECT_BEGIN || ev == JSTREAM_ARRAY_BEGIN) &&
			    infracost__jstream_skip_rest(js) < 0)
				goto done;
		}
		/* What follows is read by jansson with the rest of the root. */
		rc = 1;
		goto done;
	}
done:
	infracost__jstream_free(js);
	fclose(f);
	if (rc != 1) {
		infracost__free(doc->starts);
		doc->starts = NULL;
		doc->n = 0;
	}
	return rc;
}

/* 1-based line and byte column of a byte offset of the text. */
static void line_column(const char *text, size_t offset, int *line, int *column)
{
	size_t start = 0;
	*line = 1;
	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n') {
			++*line;
			start = i + 1;
		}
	*column = (int)(offset - start) + 1;
}

int infracost__jsondoc_parse_deferred(jsondoc *doc, const char *text, size_t len,
				      const char *source, const char *key)
{
	json_error_t err;
	char *cut;
	int rc;

	memset(doc, 0, sizeof(*doc));
	if (!text && len)
		return infracost__error(INFRACOST_EINVALID, "%s: no JSON text", source);
	doc->text = text;
	doc->len = len;
	rc = find_elements(doc, key);
	if (rc != 1) /* nothing to defer, or malformed: jansson tells */
		return rc < 0 ? infracost__error_oom()
			      : infracost__jsondoc_parse(doc, text, len, source);
	/* The root without the array's elements: a small text, parsed whole. */
	cut = infracost__malloc(len - (doc->starts[doc->n] - doc->starts[0]) + 1);
	if (!cut) {
		infracost__jsondoc_free(doc);
		return infracost__error_oom();
	}
	memcpy(cut, text, doc->starts[0]);
	memcpy(cut + doc->starts[0], text + doc->starts[doc->n], len - doc->starts[doc->n]);
	doc->root = json_loadb(cut, len - (doc->starts[doc->n] - doc->starts[0]), FLAGS, &err);
	infracost__free(cut);
	if (!doc->root) {
		/* Its line and column in the whole text. */
		int l0, c0, le, ce;
		line_column(text, doc->starts[0], &l0, &c0);
		line_column(text, doc->starts[doc->n], &le, &ce);
		if (err.line == l0 && err.column >= c0) {
			err.column = ce + (err.column - c0);
			err.line = le;
		} else if (err.line > l0) {
			err.line += le - l0;
		}
		infracost__jsondoc_free(doc);
		return parse_error(&err, source, 1, 1);
	}
	doc->source = source;
	doc->key = key;
	return 0;
}

int infracost__jsondoc_next(jsondoc *doc, const jsonval **out)
{
	json_error_t err;
	size_t at;

	*out = NULL;
	json_decref(doc->element);
	doc->element = NULL;
	if (!doc->key || doc->next >= doc->n)
		return 0;
	at = doc->starts[doc->next];
	/* Up to the next element's start or the ']': the ',' and whitespace
	 * after the value are not read (JSON_DISABLE_EOF_CHECK). */
	doc->element = json_loadb(doc->text + at, doc->starts[doc->next + 1] - at,
				  FLAGS | JSON_DISABLE_EOF_CHECK, &err);
	if (!doc->element) {
		int line, column;
		line_column(doc->text, at, &line, &column);
		return parse_error(&err, doc->source, line, column);
	}
	doc->next++;
	*out = doc->element;
	return 1;
}

void infracost__jsondoc_free(jsondoc *doc)
{
	if (!doc)
		return;
	json_decref(doc->root);
	json_decref(doc->element);
	infracost__free(doc->starts);
	if (doc->aux_free)
		doc->aux_free(doc->aux);
	doc->aux = NULL;
	doc->aux_free = NULL;
	doc->root = doc->element = NULL;
	doc->starts = NULL;
	doc->key = NULL;
	doc->n = doc->next = 0;
}

enum jv_type infracost__jv_type(const jsonval *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT: return JV_OBJECT;
	case JSON_ARRAY: return JV_ARRAY;
	case JSON_STRING: return JV_STRING;
	case JSON_INTEGER:
	case JSON_REAL: return JV_NUMBER;
	case JSON_TRUE: return JV_TRUE;
	case JSON_FALSE: return JV_FALSE;
	default: return JV_NULL;
	}
}

int infracost__jv_is(const jsonval *v, enum jv_type t)
{
	return v && infracost__jv_type(v) == t;
}

double infracost__jv_num(const jsonval *v)
{
	return json_number_value(v);
}

const char *infracost__jv_str(const jsonval *v)
{
	const char *s = json_string_value(v);
	return s ? s : "";
}

size_t infracost__jv_len(const jsonval *v)
{
	if (json_is_string(v))
		return json_string_length(v);
	if (json_is_array(v))
		return json_array_size(v);
	if (json_is_object(v))
		return json_object_size(v);
	return 0;
}

const jsonval *infracost__jv_item(const jsonval *array, size_t i)
{
	return json_array_get(array, i);
}

const jsonval *infracost__jv_get(const jsonval *obj, const char *key)
{
	return json_object_get(obj, key);
}

const char *infracost__jv_type_name(const jsonval *v)
{
	switch (infracost__jv_type(v)) {
	case JV_OBJECT: return "an object";
	case JV_ARRAY: return "an array";
	case JV_STRING: return "a string";
	case JV_NUMBER: return "a number";
	case JV_TRUE:
	case JV_FALSE: return "a boolean";
	default: return "null";
	}
}

jv_iter infracost__jv_members(const jsonval *obj)
{
	jv_iter it = {0};
	/* jansson's iterators do not change the object. */
	it.it = json_is_object(obj) ? json_object_iter((json_t *)obj) : NULL;
	it.obj = obj;
	return it;
}

int infracost__jv_iter_next(jv_iter *it)
{
	if (!it->it)
		return 0;
	if (it->key) /* not the first call: step on */
		it->it = json_object_iter_next((json_t *)it->obj, it->it);
	if (!it->it)
		return 0;
	it->key = json_object_iter_key(it->it);
	it->value = json_object_iter_value(it->it);
	return 1;
}

/* ---- building a tree ------------------------------------------------------ */

jsonval *infracost__jv_new_object(void)
{
	return json_object();
}

jsonval *infracost__jv_new_array(void)
{
	return json_array();
}

jsonval *infracost__jv_new_string(const char *s, size_t len)
{
	return json_stringn(s, len);
}

jsonval *infracost__jv_new_number(double d)
{
	return json_real(d);
}

jsonval *infracost__jv_new_bool(int b)
{
	return json_boolean(b);
}

jsonval *infracost__jv_new_null(void)
{
	return json_null();
}

jsonval *infracost__jv_ref(jsonval *v)
{
	return json_incref(v);
}

void infracost__jv_unref(jsonval *v)
{
	json_decref(v);
}

int infracost__jv_add(jsonval *container, const char *key, jsonval *child)
{
	if (!child)
		return INFRACOST_ENOMEM;
	if (key) {
		if (json_object_get(container, key)) {
			json_decref(child);
			return 1;
		}
		return json_object_set_new(container, key, child) ? INFRACOST_ENOMEM : 0;
	}
	return json_array_append_new(container, child) ? INFRACOST_ENOMEM : 0;
}

/* ---- positions ---------------------------------------------------------- */

/* A reader over the text at the start of the value at `steps`: returns
 * the value's first event (> 0), or 0 when the path is not in the text,
 * or a negative code. *js and *f are to be closed by the caller. */
static int walk_to(const char *text, size_t len, const json_step *steps, size_t nsteps,
		   jstream **js, FILE **f)
{
	jstream_limits limits = {0};
	int ev;

	*js = NULL;
	*f = NULL;
	if (!text || len == 0)
		return 0;
	*f = fmemopen((void *)text, len, "r");
	if (!*f)
		return infracost__error_oom();
	/* The text was read by jansson already: any string, any depth. */
	limits.buffer_size = len < 65536 ? len + 16 : 65536;
	limits.max_token = len + 1;
	limits.max_depth = 4096;
	if ((ev = infracost__jstream_new(js, *f, "<json>", &limits)))
		return ev;
	ev = infracost__jstream_next(*js);
	for (size_t s = 0; s < nsteps && ev > 0; s++) {
		if (steps[s].key) {
			if (ev != JSTREAM_OBJECT_BEGIN)
				return 0;
			for (;;) {
				ev = infracost__jstream_next(*js);
				if (ev != JSTREAM_KEY)
					return ev < 0 ? ev : 0;
				if (strcmp(infracost__jstream_text(*js, NULL), steps[s].key) == 0)
					break;
				if ((ev = infracost__jstream_skip(*js)) < 0)
					return ev;
			}
			ev = infracost__jstream_next(*js);
		} else {
			if (ev != JSTREAM_ARRAY_BEGIN)
				return 0;
			for (size_t i = 0; i < steps[s].index; i++) {
				ev = infracost__jstream_skip(*js);
				if (ev <= 0 || ev == JSTREAM_ARRAY_END)
					return ev < 0 ? ev : 0;
			}
			ev = infracost__jstream_next(*js);
			if (ev == JSTREAM_ARRAY_END)
				return 0;
		}
	}
	return ev < 0 ? ev : ev > 0 ? ev : 0;
}

static void walk_end(jstream *js, FILE *f)
{
	infracost__jstream_free(js);
	if (f)
		fclose(f);
}

int infracost__json_locate(const char *text, size_t len, const json_step *steps, size_t nsteps,
			   int *line, int *column)
{
	jstream *js;
	FILE *f;
	int ev = walk_to(text, len, steps, nsteps, &js, &f);

	*line = *column = 0;
	if (ev > 0)
		infracost__jstream_position(js, line, column);
	walk_end(js, f);
	return ev > 0 ? 0 : -1;
}

/* Where a value sits in the tree: a depth-first search by identity. */
struct finder {
	const json_t *target;
	const char *hint; /* for a shared value: the path wanted */
	int shared;
	json_step *steps, *first;
	size_t n, cap, nfirst;
	char *path;
	size_t plen, pcap;
	int failed;
};

static int push(struct finder *F, const char *key, size_t index)
{
	char part[32];
	size_t add;
	if (infracost__grow((void **)&F->steps, &F->cap, F->n + 1, sizeof(*F->steps)))
		return F->failed = -1;
	F->steps[F->n].key = key;
	F->steps[F->n].index = index;
	F->n++;
	if (!F->shared)
		return 0;
	if (!key)
		infracost__snprintf(part, sizeof(part), "[%zu]", index);
	add = key ? strlen(key) + 1 : strlen(part);
	if (infracost__grow((void **)&F->path, &F->pcap, F->plen + add + 1, 1))
		return F->failed = -1;
	if (key) {
		if (F->plen)
			F->path[F->plen++] = '.';
		memcpy(F->path + F->plen, key, strlen(key));
		F->plen += strlen(key);
	} else {
		memcpy(F->path + F->plen, part, add);
		F->plen += add;
	}
	F->path[F->plen] = '\0';
	return 0;
}

static void pop(struct finder *F, size_t plen)
{
	F->n--;
	F->plen = plen;
	if (F->path)
		F->path[plen] = '\0';
}

static int find(struct finder *F, const json_t *v)
{
	if (v == F->target) {
		if (!F->shared || !F->hint || strcmp(F->hint, F->path ? F->path : "") == 0)
			return 1;
		if (!F->first) { /* the first place, should no path match */
			F->first = infracost__malloc((F->n + 1) * sizeof(*F->first));
			if (!F->first)
				return F->failed = -1;
			if (F->n) /* no steps at the root */
				memcpy(F->first, F->steps, F->n * sizeof(*F->first));
			F->nfirst = F->n;
		}
		return 0;
	}
	if (json_is_object(v)) {
		const char *key;
		json_t *child;
		json_object_foreach((json_t *)v, key, child)
		{
			size_t plen = F->plen;
			if (push(F, key, 0))
				return -1;
			if (find(F, child))
				return F->failed ? -1 : 1;
			pop(F, plen);
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			size_t plen = F->plen;
			if (push(F, NULL, i))
				return -1;
			if (find(F, json_array_get(v, i)))
				return F->failed ? -1 : 1;
			pop(F, plen);
		}
	}
	return 0;
}

/* The path of v in doc into F (F->steps, F->n); 0, or -1 when not found. */
static int path_of(struct finder *F, const jsondoc *doc, const jsonval *v, const char *hint)
{
	int rc;
	memset(F, 0, sizeof(*F));
	F->target = v;
	F->hint = hint;
	F->shared = json_is_true(v) || json_is_false(v) || json_is_null(v);
	rc = find(F, doc->root);
	if (rc == 0 && !F->failed && doc->element) {
		/* In the element of the deferred array parsed last. */
		if (push(F, doc->key, 0) == 0 && push(F, NULL, doc->next - 1) == 0)
			rc = find(F, doc->element);
	}
	if (rc == 1 && !F->failed)
		return 0;
	if (F->first && !F->failed) {
		infracost__free(F->steps);
		F->steps = F->first;
		F->first = NULL;
		F->n = F->nfirst;
		return 0;
	}
	return -1;
}

static void finder_free(struct finder *F)
{
	infracost__free(F->steps);
	infracost__free(F->first);
	infracost__free(F->path);
}

void infracost__jsondoc_position(const jsondoc *doc, const jsonval *v, const char *path, int *line,
				 int *column)
{
	struct finder F;
	*line = *column = 0;
	if (!doc || !doc->root || !v)
		return;
	if (path_of(&F, doc, v, path) == 0) {
		if (doc->locate)
			doc->locate(doc->text, doc->len, doc->docno, F.steps, F.n, line, column);
		else
			infracost__json_locate(doc->text, doc->len, F.steps, F.n, line, column);
	}
	finder_free(&F);
}

int infracost__jsondoc_item_lines(const jsondoc *doc, const jsonval *array, const char *path,
				  int **out)
{
	struct finder F;
	jstream *js = NULL;
	FILE *f = NULL;
	size_t n = infracost__jv_len(array), i = 0;
	int *lines, ev = 0, column;

	*out = NULL;
	lines = infracost__calloc(n ? n : 1, sizeof(*lines));
	if (!lines)
		return infracost__error_oom();
	if (path_of(&F, doc, array, path) == 0) {
		if (!doc->locate)
			ev = walk_to(doc->text, doc->len, F.steps, F.n, &js, &f);
		else if (infracost__grow((void **)&F.steps, &F.cap, F.n + 1, sizeof(*F.steps)) == 0)
			for (; i < n; i++) { /* another format: one look-up an element */
				F.steps[F.n] = (json_step){NULL, i};
				doc->locate(doc->text, doc->len, doc->docno, F.steps, F.n + 1,
					    &lines[i], &column);
			}
	}
	finder_free(&F);
	if (ev == JSTREAM_ARRAY_BEGIN) {
		while (i < n && (ev = infracost__jstream_next(js)) > 0 && ev != JSTREAM_ARRAY_END) {
			infracost__jstream_position(js, &lines[i++], &column);
			if ((ev == JSTREAM_OBJECT_BEGIN || ev == JSTREAM_ARRAY_BEGIN) &&
			    (ev = infracost__jstream_skip_rest(js)) < 0)
				break;
		}
	}
	walk_end(js, f);
	if (ev == INFRACOST_ENOMEM) {
		infracost__free(lines);
		return ev;
	}
	*out = lines; /* lines not found stay 0 */
	return 0;
}
