/* yamldoc.c - YAML documents into the tree of jsondoc.h, with libyaml's
 * event parser; positions found again from paths (see yamldoc.h). */
#include "yamldoc.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "alloc.h"
#include "cnum.h"
#include "error.h"
#include "infracost/common.h"
#include "strpool.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

/* ---- plain scalars, by value (the document's aux) ---------------------- */

struct plain_entry {
	const jsonval *v;
	size_t off, len; /* in texts */
};

struct plain_tab {
	struct plain_entry *slots; /* open addressing; v NULL: empty */
	size_t nslots, n;
	char *texts;
	size_t tlen, tcap;
};

static void plain_free(void *aux)
{
	struct plain_tab *t = aux;
	if (!t)
		return;
	infracost__free(t->slots);
	infracost__free(t->texts);
	infracost__free(t);
}

static size_t plain_slot(const struct plain_tab *t, const jsonval *v)
{
	uint64_t h = (uint64_t)(uintptr_t)v * 0x9E3779B97F4A7C15ULL;
	size_t mask = t->nslots - 1, i = (size_t)(h ^ (h >> 29)) & mask;
	while (t->slots[i].v && t->slots[i].v != v)
		i = (i + 1) & mask;
	return i;
}

static int plain_add(struct plain_tab *t, const jsonval *v, const char *s, size_t len)
{
	size_t i;
	if ((t->n + 1) * 2 > t->nslots) {
		size_t n = t->nslots ? t->nslots * 2 : 64;
		struct plain_entry *old = t->slots;
		size_t oldn = t->nslots;
		if (!(t->slots = infracost__calloc(n, sizeof(*t->slots)))) {
			t->slots = old;
			return INFRACOST_ENOMEM;
		}
		t->nslots = n;
		for (size_t j = 0; j < oldn; j++)
			if (old[j].v)
				t->slots[plain_slot(t, old[j].v)] = old[j];
		infracost__free(old);
	}
	if (infracost__grow((void **)&t->texts, &t->tcap, t->tlen + len + 1, 1))
		return INFRACOST_ENOMEM;
	memcpy(t->texts + t->tlen, s, len);
	t->texts[t->tlen + len] = '\0';
	i = plain_slot(t, v);
	if (!t->slots[i].v)
		t->n++;
	t->slots[i] = (struct plain_entry){v, t->tlen, len};
	t->tlen += len + 1;
	return 0;
}

const char *infracost__yamldoc_plain(const jsondoc *doc, const jsonval *v, size_t *len)
{
	const struct plain_tab *t;
	size_t i;
	if (len)
		*len = 0;
	if (!doc || !v || doc->aux_free != plain_free || !(t = doc->aux) || !t->nslots)
		return NULL;
	i = plain_slot(t, v);
	if (!t->slots[i].v)
		return NULL;
	if (len)
		*len = t->slots[i].len;
	return t->texts + t->slots[i].off;
}

int infracost__yamldoc_bool(const jsondoc *doc, const jsonval *v)
{
	static const char *const yes[] = {"yes", "Yes", "YES", "on", "On", "ON", "y", "Y", NULL};
	static const char *const no[] = {"no", "No", "NO", "off", "Off", "OFF", "n", "N", NULL};
	const char *t = infracost__jv_is(v, JV_STRING) ? infracost__yamldoc_plain(doc, v, NULL)
						       : NULL;
	for (int i = 0; t && yes[i]; i++) {
		if (strcmp(t, yes[i]) == 0)
			return 1;
		if (strcmp(t, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* ---- scalars ------------------------------------------------------------ */

static int is_one_of(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const trues[] = {"true", "True", "TRUE", NULL};
static const char *const falses[] = {"false", "False", "FALSE", NULL};
/* YAML 1.1's other booleans: strings here, kept for readers that want one. */
static const char *const bools11[] = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON",
				      "off", "Off", "OFF", "y",  "Y",  "n",  "N",  NULL};

/* A decimal number: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
 * without a leading zero before another digit (017 is ambiguous). */
static int is_decimal(const char *s)
{
	const char *p = s;
	int digits = 0;
	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* A plain string that another reading would take for a number. */
static int looks_numeric(const char *s)
{
	const char *p = s + (*s == '-' || *s == '+');
	return (*p >= '0' && *p <= '9') || (*p == '.' && p[1] != '\0');
}

/* ---- the reader --------------------------------------------------------- */

struct anchor {
	char *name;
	jsonval *v;   /* borrowed from the tree; NULL while its node is open */
	size_t nodes; /* values it holds, itself included */
};

struct frame {
	jsonval *v;
	int is_map;
	char *key; /* a mapping's key waiting for its value */
	int key_line, key_column;
	size_t nodes;
	char *anchor; /* the anchor it was given, registered at its end */
};

struct yamlreader {
	yaml_parser_t parser;
	const char *source;
	const char *text;
	size_t len;
	size_t docno; /* documents returned */
	int done;     /* the stream ended */
	/* one document's state */
	struct frame *frames;
	size_t nframes, fcap;
	struct anchor *anchors;
	size_t nanchors, acap;
	size_t *aslots; /* anchor index + 1, open addressing */
	size_t naslots;
	size_t aliased;
	jsonval *root;
	struct plain_tab *plain;
};

static int yerror(yamlreader *r, const yaml_mark_t *m, const char *fmt, ...) INFRACOST_PRINTF(3, 4);
static int yerror(yamlreader *r, const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return infracost__error_at(INFRACOST_EPARSE, r->source, (int)m->line + 1,
				   (int)m->column + 1, NULL, "%s", msg);
}

static int parser_error(yamlreader *r)
{
	yaml_parser_t *p = &r->parser;
	if (p->error == YAML_MEMORY_ERROR)
		return infracost__error_oom();
	if (p->context)
		return yerror(r, &p->problem_mark, "malformed YAML: %s (%s)", p->problem,
			      p->context);
	return yerror(r, &p->problem_mark, "malformed YAML: %s",
		      p->problem ? p->problem : "unreadable text");
}

int infracost__yaml_open(yamlreader **out, const char *text, size_t len, const char *source)
{
	yamlreader *r = infracost__calloc(1, sizeof(*r));
	*out = NULL;
	if (!r)
		return infracost__error_oom();
	if (!yaml_parser_initialize(&r->parser)) {
		infracost__free(r);
		return infracost__error_oom();
	}
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)(text ? text : ""),
				     text ? len : 0);
	r->source = source;
	r->text = text;
	r->len = len;
	*out = r;
	return 0;
}

static void doc_reset(yamlreader *r)
{
	for (size_t i = 0; i < r->nframes; i++) {
		infracost__jv_unref(r->frames[i].v);
		infracost__free(r->frames[i].key);
		infracost__free(r->frames[i].anchor);
	}
	r->nframes = 0;
	for (size_t i = 0; i < r->nanchors; i++)
		infracost__free(r->anchors[i].name);
	r->nanchors = 0;
	if (r->aslots)
		memset(r->aslots, 0, r->naslots * sizeof(*r->aslots));
	r->aliased = 0;
	infracost__jv_unref(r->root);
	r->root = NULL;
	plain_free(r->plain);
	r->plain = NULL;
}

void infracost__yaml_close(yamlreader *r)
{
	if (!r)
		return;
	doc_reset(r);
	yaml_parser_delete(&r->parser);
	infracost__free(r->frames);
	infracost__free(r->anchors);
	infracost__free(r->aslots);
	infracost__free(r);
}

static size_t anchor_slot(const yamlreader *r, const char *name)
{
	size_t mask = r->naslots - 1;
	size_t i = (size_t)infracost__hash_bytes(name, strlen(name)) & mask;
	while (r->aslots[i] && strcmp(r->anchors[r->aslots[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return i;
}

static struct anchor *anchor_find(const yamlreader *r, const char *name)
{
	size_t i;
	if (!r->naslots)
		return NULL;
	i = anchor_slot(r, name);
	return r->aslots[i] ? &r->anchors[r->aslots[i] - 1] : NULL;
}

/* Define (or define again) an anchor; its value is set when its node ends. */
static int anchor_set(yamlreader *r, const char *name, jsonval *v, size_t nodes)
{
	struct anchor *a = anchor_find(r, name);
	size_t i;
	if (a) {
		a->v = v;
		a->nodes = nodes;
		return 0;
	}
	if ((r->nanchors + 1) * 2 > r->naslots) {
		size_t n = r->naslots ? r->naslots * 2 : 16;
		size_t *slots = infracost__calloc(n, sizeof(*slots));
		if (!slots)
			return INFRACOST_ENOMEM;
		infracost__free(r->aslots);
		r->aslots = slots;
		r->naslots = n;
		for (size_t j = 0; j < r->nanchors; j++)
			r->aslots[anchor_slot(r, r->anchors[j].name)] = j + 1;
	}
	if (infracost__grow((void **)&r->anchors, &r->acap, r->nanchors + 1, sizeof(*r->anchors)))
		return INFRACOST_ENOMEM;
	if (!(r->anchors[r->nanchors].name = infracost__strdup(name)))
		return INFRACOST_ENOMEM;
	r->anchors[r->nanchors].v = v;
	r->anchors[r->nanchors].nodes = nodes;
	i = anchor_slot(r, name);
	r->aslots[i] = ++r->nanchors;
	return 0;
}

/* Place a finished value v (owned) where the parser is: in the open
 * container, or as the root. */
static int place(yamlreader *r, jsonval *v, size_t nodes, const yaml_mark_t *m)
{
	struct frame *f;
	int rc;
	if (!v)
		return infracost__error_oom();
	if (!r->nframes) {
		r->root = v;
		return 0;
	}
	f = &r->frames[r->nframes - 1];
	f->nodes += nodes;
	if (!f->is_map)
		return infracost__jv_add(f->v, NULL, v) ? infracost__error_oom() : 0;
	rc = infracost__jv_add(f->v, f->key, v);
	if (rc == 1) {
		yaml_mark_t km = {0, (size_t)f->key_line, (size_t)f->key_column};
		(void)m;
		rc = yerror(r, &km, "duplicate key '%s'", f->key);
	} else if (rc) {
		rc = infracost__error_oom();
	}
	infracost__free(f->key);
	f->key = NULL;
	return rc;
}

static const char *scalar_kind_tag(const char *tag)
{
	if (!tag)
		return NULL;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) == 0)
		return tag + strlen(TAG_PREFIX);
	return tag;
}

/* The value of a scalar event. */
static int scalar(yamlreader *r, const yaml_event_t *ev, jsonval **out)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = scalar_kind_tag((const char *)ev->data.scalar.tag);
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !tag;
	const yaml_mark_t *m = &ev->start_mark;

	*out = NULL;
	if (memchr(s, '\0', len))
		return yerror(r, m, "a string must not contain NUL characters");
	if (tag && strcmp(tag, "!") != 0 && strcmp(tag, "str") != 0 && strcmp(tag, "int") != 0 &&
	    strcmp(tag, "float") != 0 && strcmp(tag, "bool") != 0 && strcmp(tag, "null") != 0)
		return yerror(r, m,
			      "unsupported tag '%s' (the standard scalar tags are !!str, "
			      "!!int, !!float, !!bool and !!null)",
			      (const char *)ev->data.scalar.tag);
	if (tag && (strcmp(tag, "int") == 0 || strcmp(tag, "float") == 0) && !is_decimal(s))
		return yerror(r, m, "'%s' tagged !!%s is not a decimal number", s, tag);
	if (tag && strcmp(tag, "bool") == 0 && !is_one_of(s, trues) && !is_one_of(s, falses))
		return yerror(r, m, "'%s' tagged !!bool is not true or false", s);
	if (tag && strcmp(tag, "null") == 0 && !is_one_of(s, nulls))
		return yerror(r, m, "'%s' tagged !!null is not null", s);
	if ((plain || (tag && strcmp(tag, "null") == 0)) && is_one_of(s, nulls)) {
		*out = infracost__jv_new_null();
	} else if ((plain || (tag && strcmp(tag, "bool") == 0)) &&
		   (is_one_of(s, trues) || is_one_of(s, falses))) {
		*out = infracost__jv_new_bool(is_one_of(s, trues));
	} else if ((plain && is_decimal(s)) ||
		   (tag && (strcmp(tag, "int") == 0 || strcmp(tag, "float") == 0))) {
		double d = infracost__strtod(s, NULL);
		if (!isfinite(d))
			return yerror(r, m, "number out of range: %s", s);
		if (!(*out = infracost__jv_new_number(d)))
			return infracost__error_oom();
		if (plain && plain_add(r->plain, *out, s, len))
			return infracost__error_oom();
		return 0;
	} else {
		if (!(*out = infracost__jv_new_string(s, len)))
			return infracost__error_oom();
		if (plain && (is_one_of(s, bools11) || looks_numeric(s)) &&
		    plain_add(r->plain, *out, s, len))
			return infracost__error_oom();
		return 0;
	}
	return *out ? 0 : infracost__error_oom();
}

static int check_tag(yamlreader *r, const yaml_event_t *ev, const char *tag, const char *want)
{
	const char *k = scalar_kind_tag(tag);
	if (k && strcmp(k, want) != 0 && strcmp(k, "!") != 0)
		return yerror(r, &ev->start_mark, "unsupported tag '%s' here (expected !!%s)", tag,
			      want);
	return 0;
}

/* A mapping waiting for a key gets one: a scalar. */
static int take_key(yamlreader *r, struct frame *f, const yaml_event_t *ev)
{
	const char *s;
	if (ev->type == YAML_ALIAS_EVENT)
		return yerror(r, &ev->start_mark, "an alias as a key is not supported");
	if (ev->type != YAML_SCALAR_EVENT)
		return yerror(r, &ev->start_mark,
			      "a key must be a scalar (a %s as a key is not supported)",
			      ev->type == YAML_MAPPING_START_EVENT ? "mapping" : "sequence");
	s = (const char *)ev->data.scalar.value;
	if (memchr(s, '\0', ev->data.scalar.length))
		return yerror(r, &ev->start_mark, "a key must not contain NUL characters");
	if (ev->data.scalar.anchor)
		return yerror(r, &ev->start_mark, "an anchor on a key is not supported");
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(s, "<<") == 0)
		return yerror(r, &ev->start_mark,
			      "merge keys (<<) are not supported: write the keys out, or give "
			      "the whole mapping as an alias");
	if (!(f->key = infracost__strndup(s, ev->data.scalar.length)))
		return infracost__error_oom();
	f->key_line = (int)ev->start_mark.line;
	f->key_column = (int)ev->start_mark.column;
	return 0;
}

static int open_node(yamlreader *r, const yaml_event_t *ev, int is_map)
{
	struct frame *f;
	const char *anchor = (const char *)(is_map ? ev->data.mapping_start.anchor
						   : ev->data.sequence_start.anchor);
	int rc;
	if (r->nframes >= YAMLDOC_MAX_DEPTH)
		return yerror(r, &ev->start_mark, "nesting deeper than %d levels",
			      YAMLDOC_MAX_DEPTH);
	if ((rc = check_tag(r, ev,
			    (const char *)(is_map ? ev->data.mapping_start.tag
						  : ev->data.sequence_start.tag),
			    is_map ? "map" : "seq")))
		return rc;
	if (infracost__grow((void **)&r->frames, &r->fcap, r->nframes + 1, sizeof(*r->frames)))
		return infracost__error_oom();
	f = &r->frames[r->nframes];
	memset(f, 0, sizeof(*f));
	f->is_map = is_map;
	f->nodes = 1;
	f->v = is_map ? infracost__jv_new_object() : infracost__jv_new_array();
	if (!f->v)
		return infracost__error_oom();
	r->nframes++;
	if (anchor) {
		/* Defined now as open: an alias inside the node is a cycle. */
		if (!(f->anchor = infracost__strdup(anchor)) || anchor_set(r, anchor, NULL, 0))
			return infracost__error_oom();
	}
	return 0;
}

static int close_node(yamlreader *r, const yaml_event_t *ev)
{
	struct frame f = r->frames[--r->nframes];
	int rc = 0;
	if (f.anchor) {
		rc = anchor_set(r, f.anchor, f.v, f.nodes);
		infracost__free(f.anchor);
		if (rc) {
			infracost__jv_unref(f.v);
			return infracost__error_oom();
		}
	}
	return place(r, f.v, f.nodes, &ev->start_mark);
}

static int alias(yamlreader *r, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = anchor_find(r, name);
	if (!a)
		return yerror(r, &ev->start_mark, "unknown anchor '%s'", name);
	if (!a->v)
		return yerror(r, &ev->start_mark,
			      "alias '*%s' inside the node it names (a cycle) is not supported",
			      name);
	if (a->nodes > YAMLDOC_MAX_ALIASED - r->aliased)
		return yerror(r, &ev->start_mark,
			      "aliases expand to more than %d values (an alias bomb?)",
			      YAMLDOC_MAX_ALIASED);
	r->aliased += a->nodes;
	return place(r, infracost__jv_ref(a->v), a->nodes, &ev->start_mark);
}

static int next_event(yamlreader *r, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&r->parser, ev))
		return parser_error(r);
	return 0;
}

int infracost__yaml_next(yamlreader *r, jsondoc *doc, int *line, int *column)
{
	yaml_event_t ev;
	int rc = 0, started = 0;

	memset(doc, 0, sizeof(*doc));
	if (line)
		*line = 0;
	if (column)
		*column = 0;
	doc_reset(r);
	if (r->done)
		return 0;
	if (!(r->plain = infracost__calloc(1, sizeof(*r->plain))))
		return infracost__error_oom();
	for (;;) {
		if ((rc = next_event(r, &ev)))
			return rc;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT: r->done = 1; break;
		case YAML_DOCUMENT_START_EVENT:
			started = 1;
			if (line)
				*line = (int)ev.start_mark.line + 1;
			if (column)
				*column = (int)ev.start_mark.column + 1;
			break;
		case YAML_DOCUMENT_END_EVENT: break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT: {
			struct frame *f = r->nframes ? &r->frames[r->nframes - 1] : NULL;
			if (f && f->is_map && !f->key) {
				rc = take_key(r, f, &ev);
			} else if (ev.type == YAML_SCALAR_EVENT) {
				jsonval *v;
				const char *anchor = (const char *)ev.data.scalar.anchor;
				if (!(rc = scalar(r, &ev, &v)) && anchor &&
				    anchor_set(r, anchor, v, 1))
					rc = infracost__error_oom();
				if (rc)
					infracost__jv_unref(v);
				else
					rc = place(r, v, 1, &ev.start_mark);
			} else if (ev.type == YAML_ALIAS_EVENT) {
				rc = alias(r, &ev);
			} else {
				rc = open_node(r, &ev, ev.type == YAML_MAPPING_START_EVENT);
			}
			break;
		}
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT: rc = close_node(r, &ev); break;
		default: break;
		}
		if (rc) {
			yaml_event_delete(&ev);
			return rc;
		}
		if (ev.type == YAML_STREAM_END_EVENT ||
		    (ev.type == YAML_DOCUMENT_END_EVENT && started)) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
	}
	if (!started)
		return 0;
	doc->root = r->root;
	r->root = NULL;
	doc->text = r->text;
	doc->len = r->len;
	doc->source = r->source;
	doc->locate = infracost__yaml_locate;
	doc->docno = r->docno++;
	doc->aux = r->plain;
	doc->aux_free = plain_free;
	r->plain = NULL;
	return 1;
}

int infracost__yamldoc_parse(jsondoc *doc, const char *text, size_t len, const char *source,
			     int *more_line, int *more_column)
{
	yamlreader *r;
	yaml_event_t ev;
	int rc;

	*more_line = *more_column = 0;
	memset(doc, 0, sizeof(*doc));
	if ((rc = infracost__yaml_open(&r, text, len, source)))
		return rc;
	rc = infracost__yaml_next(r, doc, NULL, NULL);
	if (rc == 1 && !r->done) {
		/* Is there a second document? Only its start is read. */
		if ((rc = next_event(r, &ev)) == 0) {
			if (ev.type == YAML_DOCUMENT_START_EVENT) {
				*more_line = (int)ev.start_mark.line + 1;
				*more_column = (int)ev.start_mark.column + 1;
			}
			yaml_event_delete(&ev);
		} else {
			infracost__jsondoc_free(doc);
		}
	}
	infracost__yaml_close(r);
	return rc < 0 ? rc : 0;
}

int infracost__yaml_sniff(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	return i < len && text[i] != '{' && text[i] != '[';
}

/* ---- positions ---------------------------------------------------------- */

/* Skip the rest of the node whose first event is ev (deleted by the
 * caller): 0, or -1 on a parse error. */
static int skip_node(yaml_parser_t *p, const yaml_event_t *first)
{
	size_t depth;
	yaml_event_t ev;
	if (first->type != YAML_MAPPING_START_EVENT && first->type != YAML_SEQUENCE_START_EVENT)
		return 0;
	for (depth = 1; depth;) {
		if (!yaml_parser_parse(p, &ev))
			return -1;
		if (ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT)
			depth++;
		else if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT)
			depth--;
		else if (ev.type == YAML_STREAM_END_EVENT)
			depth = 0;
		yaml_event_delete(&ev);
	}
	return 0;
}

int infracost__yaml_locate(const char *text, size_t len, size_t docno, const json_step *steps,
			   size_t nsteps, int *line, int *column)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t docs = 0, s = 0;
	int found = -1, have = 0;
	yaml_mark_t key_mark = {0, 0, 0};

	*line = *column = 0;
	if (!text || !yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	/* To the root of document docno. */
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			goto done;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			goto done;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && docs++ == docno) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
	}
	if (!yaml_parser_parse(&p, &ev))
		goto done;
	have = 1;
	for (; s < nsteps; s++) {
		yaml_event_t k;
		int hit = 0;
		if (ev.type == YAML_ALIAS_EVENT)
			break; /* the value was written by reference here */
		if (steps[s].key ? ev.type != YAML_MAPPING_START_EVENT
				 : ev.type != YAML_SEQUENCE_START_EVENT)
			goto done;
		yaml_event_delete(&ev);
		have = 0;
		if (steps[s].key) {
			while (!hit) {
				if (!yaml_parser_parse(&p, &k))
					goto done;
				if (k.type == YAML_MAPPING_END_EVENT) {
					yaml_event_delete(&k);
					goto done;
				}
				hit = k.type == YAML_SCALAR_EVENT &&
				      strcmp((const char *)k.data.scalar.value, steps[s].key) == 0;
				key_mark = k.start_mark;
				if (skip_node(&p, &k)) {
					yaml_event_delete(&k);
					goto done;
				}
				yaml_event_delete(&k);
				if (!yaml_parser_parse(&p, &ev))
					goto done;
				if (!hit) {
					int bad = skip_node(&p, &ev);
					yaml_event_delete(&ev);
					if (bad)
						goto done;
				}
			}
		} else {
			for (size_t i = 0;; i++) {
				if (!yaml_parser_parse(&p, &ev))
					goto done;
				if (ev.type == YAML_SEQUENCE_END_EVENT) {
					yaml_event_delete(&ev);
					goto done;
				}
				if (i == steps[s].index)
					break;
				if (skip_node(&p, &ev)) {
					yaml_event_delete(&ev);
					goto done;
				}
				yaml_event_delete(&ev);
			}
		}
		have = 1;
	}
	/* A block mapping or sequence under a key starts on the lines below
	 * it: its place is its key's. */
	if (nsteps && steps[nsteps - 1].key && s == nsteps &&
	    ((ev.type == YAML_MAPPING_START_EVENT &&
	      ev.data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE) ||
	     (ev.type == YAML_SEQUENCE_START_EVENT &&
	      ev.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE)))
		ev.start_mark = key_mark;
	*line = (int)ev.start_mark.line + 1;
	*column = (int)ev.start_mark.column + 1;
	found = 0;
done:
	if (have)
		yaml_event_delete(&ev);
	yaml_parser_delete(&p);
	return found;
}
