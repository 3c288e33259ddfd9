/* json.c - a fast, strict JSON reader into an arena-backed tree. */
#include "cnum.h"
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

#define MAX_DEPTH 256

struct json_block {
	struct json_block *next;
	size_t used, cap;
	_Alignas(8) char data[];
};

struct parser {
	json_doc *doc;
	const char *text, *p, *end;
	const char *source;
	/* Work stacks: the children of open containers, copied to the arena
	 * when the container closes. */
	json_value *vstack;
	size_t vlen, vcap;
	json_member *mstack;
	size_t mlen, mcap;
	int depth;
	int failed;
	int skip;                 /* check syntax only: build nothing */
	const char *deferred_key; /* the root member checked only (see json_parse_deferred) */
};

static void *arena_alloc(json_doc *doc, size_t size)
{
	struct json_block *b = doc->blocks;
	size = (size + 7) & ~(size_t)7;
	if (!b || b->cap - b->used < size) {
		size_t cap = size > 65536 ? size : 65536;
		if (b && b->cap >= 65536 && cap < b->cap * 2 && b->cap < (1u << 22))
			cap = b->cap * 2;
		b = infracost__malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = doc->blocks;
		doc->blocks = b;
	}
	b->used += size;
	return b->data + b->used - size;
}

void infracost__json_free(json_doc *doc)
{
	struct json_block *b = doc->blocks;
	while (b) {
		struct json_block *next = b->next;
		infracost__free(b);
		b = next;
	}
	doc->blocks = NULL;
	doc->root = NULL;
}

static void position_of(const char *text, size_t offset, int *line, int *column)
{
	const char *line_start = text;
	int l = 1;
	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n') {
			l++;
			line_start = text + i + 1;
		}
	*line = l;
	*column = (int)(text + offset - line_start) + 1;
}

void infracost__json_position(const json_doc *doc, const json_value *v, int *line, int *column)
{
	position_of(doc->text, v->offset, line, column);
}

static size_t utf8_len(const unsigned char *p, const unsigned char *end);

static int fail(struct parser *P, const char *at, const char *what)
{
	int line, column;
	char near[24] = "";
	if (P->failed)
		return -1;
	P->failed = 1;
	if (at > P->end)
		at = P->end;
	position_of(P->text, (size_t)(at - P->text), &line, &column);
	if (at < P->end) {
		size_t n = 0;
		while (n < 12 && at + n < P->end && at[n] != '\n' && at[n] != '\r')
			n++;
		near[0] = ' ';
		near[1] = 'n';
		near[2] = 'e';
		near[3] = 'a';
		near[4] = 'r';
		near[5] = ' ';
		near[6] = '\'';
		/* Printable text only, and no character cut in half. */
		while (n > 0 && at + n < P->end && ((unsigned char)at[n] & 0xC0) == 0x80)
			n--;
		for (size_t i = 0; i < n;) {
			unsigned char ch = (unsigned char)at[i];
			size_t seq = ch >= 0x80 ? utf8_len((const unsigned char *)at + i,
							   (const unsigned char *)at + n)
						: 1;
			if (seq > 1) { /* a whole, valid character */
				memcpy(near + 7 + i, at + i, seq);
				i += seq;
				continue;
			}
			near[7 + i] = ch < 0x20 || ch >= 0x7f ? '?' : (char)ch;
			i++;
		}
		near[7 + n] = '\'';
		near[8 + n] = '\0';
	} else {
		strcpy(near, " at end of file");
	}
	infracost__error_at(INFRACOST_EPARSE, P->source, line, column, NULL, "malformed JSON: %s%s",
			    what, near);
	return -1;
}

static int oom(struct parser *P)
{
	P->failed = 1;
	infracost__error_oom();
	return -1;
}

static void skip_ws(struct parser *P)
{
	const char *p = P->p, *end = P->end;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	P->p = p;
}

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int parse_number(struct parser *P, json_value *v)
{
	const char *p = P->p, *start = p, *end = P->end;
	uint64_t mant = 0;
	int digits = 0, frac = 0, exp = 0, neg = 0, exact = 1;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9')
		return fail(P, start, "invalid number");
	if (*p == '0') {
		p++;
		if (p < end && *p >= '0' && *p <= '9')
			return fail(P, start, "leading zero in a number");
	} else {
		while (p < end && *p >= '0' && *p <= '9') {
			if (digits < 19)
				mant = mant * 10 + (uint64_t)(*p - '0');
			else
				exact = 0;
			if (mant)
				digits++;
			p++;
		}
	}
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail(P, p, "expected a digit after the decimal point");
		while (p < end && *p >= '0' && *p <= '9') {
			if (digits < 19 && frac < 400) {
				mant = mant * 10 + (uint64_t)(*p - '0');
				frac++;
				if (mant)
					digits++;
			} else {
				exact = 0; /* strtod reads the text */
			}
			p++;
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, e = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= end || *p < '0' || *p > '9')
			return fail(P, p, "expected a digit in the exponent");
		while (p < end && *p >= '0' && *p <= '9') {
			if (e < 100000)
				e = e * 10 + (*p - '0');
			else
				exact = 0; /* saturated: strtod reads the text */
			p++;
		}
		exp = eneg ? -e : e;
	}
	exp -= frac;
	v->type = JSON_T_NUMBER;
	if (exact && mant < (1ULL << 53) && exp >= -22 && exp <= 22) {
		/* Both operands exact: one correctly rounded operation. */
		double d = (double)mant;
		v->u.num = exp >= 0 ? d * pow10_exact[exp] : d / pow10_exact[-exp];
	} else {
		char tmp[128], *stop;
		size_t n = (size_t)(p - start);
		if (n >= sizeof(tmp)) {
			char *big = infracost__strndup(start, n);
			if (!big)
				return oom(P);
			v->u.num = infracost__strtod(big, &stop);
			infracost__free(big);
		} else {
			memcpy(tmp, start, n);
			tmp[n] = '\0';
			v->u.num = infracost__strtod(tmp, &stop);
		}
		if (!isfinite(v->u.num))
			return fail(P, start, "number out of range");
		neg = 0; /* strtod saw the sign */
	}
	if (neg)
		v->u.num = -v->u.num;
	P->p = p;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int read_hex4(struct parser *P, const char *p, unsigned *out)
{
	unsigned u = 0;
	if (P->end - p < 4)
		return fail(P, p, "truncated \\u escape");
	for (int i = 0; i < 4; i++) {
		int h = hexval((unsigned char)p[i]);
		if (h < 0)
			return fail(P, p, "invalid \\u escape");
		u = u * 16 + (unsigned)h;
	}
	*out = u;
	return 0;
}

/* Length of a valid UTF-8 sequence at p (multi-byte), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n;
	unsigned cp;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* P->p is at the opening quote. */
static int parse_string(struct parser *P, const char **out, uint32_t *out_len)
{
	const unsigned char *p = (const unsigned char *)P->p + 1;
	const unsigned char *end = (const unsigned char *)P->end, *run = p;
	char *dst, *o;

	/* Fast scan: plain ASCII up to the closing quote. */
	while (p < end && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80)
		p++;
	if (p < end && *p == '"') {
		size_t n = (size_t)(p - run);
		if (P->skip) {
			*out = NULL;
			*out_len = (uint32_t)n;
			P->p = (const char *)p + 1;
			return 0;
		}
		dst = arena_alloc(P->doc, n + 1);
		if (!dst)
			return oom(P);
		memcpy(dst, run, n);
		dst[n] = '\0';
		*out = dst;
		*out_len = (uint32_t)n;
		P->p = (const char *)p + 1;
		return 0;
	}
	/* Slow path: the unescaped text is never longer than the raw text. */
	{
		const unsigned char *q = p;
		while (q < end && *q != '"') {
			if (*q == '\\' && q + 1 < end)
				q++;
			q++;
		}
		dst = arena_alloc(P->doc, (size_t)(q - run) + 1);
		if (!dst)
			return oom(P);
	}
	memcpy(dst, run, (size_t)(p - run));
	o = dst + (p - run);
	for (;;) {
		unsigned c;
		if (p >= end)
			return fail(P, P->p, "unterminated string");
		c = *p;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(P, (const char *)p, "control character in a string");
		if (c >= 0x80) {
			size_t n = utf8_len(p, end);
			if (!n)
				return fail(P, (const char *)p, "invalid UTF-8 in a string");
			memcpy(o, p, n);
			o += n;
			p += n;
			continue;
		}
		if (c != '\\') {
			*o++ = (char)c;
			p++;
			continue;
		}
		if (p + 1 >= end)
			return fail(P, (const char *)p, "unterminated string");
		switch (p[1]) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned u, lo;
			if (read_hex4(P, (const char *)p + 2, &u))
				return -1;
			p += 6;
			if (u >= 0xD800 && u <= 0xDBFF) {
				if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    read_hex4(P, (const char *)p + 2, &lo) || lo < 0xDC00 ||
				    lo > 0xDFFF)
					return fail(P, (const char *)p, "invalid surrogate pair");
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			} else if (u >= 0xDC00 && u <= 0xDFFF) {
				return fail(P, (const char *)p - 6, "invalid surrogate pair");
			}
			if (u == 0)
				return fail(P, (const char *)p - 6,
					    "\\u0000 is not allowed in a string");
			o = put_utf8(o, u);
			continue;
		}
		default: return fail(P, (const char *)p, "invalid escape");
		}
		p += 2;
	}
	*o = '\0';
	*out = dst;
	*out_len = (uint32_t)(o - dst);
	P->p = (const char *)p + 1;
	return 0;
}

static int parse_value(struct parser *P, json_value *v);

static int parse_array(struct parser *P, json_value *v)
{
	size_t base = P->vlen, n;
	P->p++;
	skip_ws(P);
	if (P->p < P->end && *P->p == ']') {
		P->p++;
		v->type = JSON_T_ARRAY;
		v->n = 0;
		v->u.items = NULL;
		return 0;
	}
	for (;;) {
		json_value item;
		if (parse_value(P, &item))
			return -1;
		if (P->skip) {
			/* Checked, not kept: count the items only. */
			P->vlen++;
		} else {
			if (infracost__grow((void **)&P->vstack, &P->vcap, P->vlen + 1,
					    sizeof(*P->vstack)))
				return oom(P);
			P->vstack[P->vlen++] = item;
		}
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			P->p++;
			continue;
		}
		if (P->p < P->end && *P->p == ']') {
			P->p++;
			break;
		}
		return fail(P, P->p, "',' or ']' expected");
	}
	n = P->vlen - base;
	if (n >= (1u << 29))
		return fail(P, P->text + v->offset, "array too large");
	v->type = JSON_T_ARRAY;
	v->n = (uint32_t)n;
	if (P->skip) {
		v->u.items = NULL;
		P->vlen = base;
		return 0;
	}
	v->u.items = arena_alloc(P->doc, n * sizeof(json_value));
	if (!v->u.items)
		return oom(P);
	memcpy(v->u.items, P->vstack + base, n * sizeof(json_value));
	P->vlen = base;
	return 0;
}

static int parse_object(struct parser *P, json_value *v)
{
	size_t base = P->mlen, n;
	P->p++;
	skip_ws(P);
	if (P->p < P->end && *P->p == '}') {
		P->p++;
		v->type = JSON_T_OBJECT;
		v->n = 0;
		v->u.members = NULL;
		return 0;
	}
	for (;;) {
		json_member m;
		const char *key_at;
		uint32_t key_len;
		int rc;
		skip_ws(P);
		key_at = P->p;
		if (P->p >= P->end || *P->p != '"')
			return fail(P, P->p, "string (a key) expected");
		if (parse_string(P, &m.key, &key_len))
			return -1;
		if (!P->skip)
			for (size_t i = base; i < P->mlen; i++)
				if (strcmp(P->mstack[i].key, m.key) == 0)
					return fail(P, key_at, "duplicate object key");
		skip_ws(P);
		if (P->p >= P->end || *P->p != ':')
			return fail(P, P->p, "':' expected");
		P->p++;
		if (P->deferred_key && P->depth == 1 && !P->skip &&
		    strcmp(m.key, P->deferred_key) == 0) {
			/* Checked and counted now, built later element by element. */
			P->skip = 1;
			rc = parse_value(P, &m.value);
			P->skip = 0;
			P->doc->deferred = 1;
		} else {
			rc = parse_value(P, &m.value);
		}
		if (rc)
			return -1;
		if (P->skip) {
			P->mlen++;
		} else {
			if (infracost__grow((void **)&P->mstack, &P->mcap, P->mlen + 1,
					    sizeof(*P->mstack)))
				return oom(P);
			P->mstack[P->mlen++] = m;
		}
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			P->p++;
			continue;
		}
		if (P->p < P->end && *P->p == '}') {
			P->p++;
			break;
		}
		return fail(P, P->p, "',' or '}' expected");
	}
	n = P->mlen - base;
	if (n >= (1u << 29))
		return fail(P, P->text + v->offset, "object too large");
	v->type = JSON_T_OBJECT;
	v->n = (uint32_t)n;
	if (P->skip) {
		v->u.members = NULL;
		P->mlen = base;
		return 0;
	}
	v->u.members = arena_alloc(P->doc, n * sizeof(json_member));
	if (!v->u.members)
		return oom(P);
	memcpy(v->u.members, P->mstack + base, n * sizeof(json_member));
	P->mlen = base;
	return 0;
}

static int literal(struct parser *P, const char *word, size_t n, json_value *v, enum json_type t)
{
	if ((size_t)(P->end - P->p) < n || memcmp(P->p, word, n) != 0)
		return fail(P, P->p, "invalid literal");
	P->p += n;
	v->type = (uint32_t)t & 7;
	return 0;
}

static int parse_value(struct parser *P, json_value *v)
{
	int rc;
	skip_ws(P);
	memset(v, 0, sizeof(*v));
	if (P->p >= P->end)
		return fail(P, P->p, "a value expected");
	v->offset = (uint32_t)(P->p - P->text);
	switch (*P->p) {
	case '{':
	case '[':
		if (++P->depth > MAX_DEPTH)
			return fail(P, P->p, "nested too deeply");
		rc = *P->p == '{' ? parse_object(P, v) : parse_array(P, v);
		P->depth--;
		return rc;
	case '"': {
		uint32_t n;
		v->type = JSON_T_STRING;
		if (parse_string(P, &v->u.str, &n))
			return -1;
		if (n >= (1u << 29))
			return fail(P, P->text + v->offset, "string longer than 512 MB");
		v->n = n;
		return 0;
	}
	case 't': return literal(P, "true", 4, v, JSON_T_TRUE);
	case 'f': return literal(P, "false", 5, v, JSON_T_FALSE);
	case 'n': return literal(P, "null", 4, v, JSON_T_NULL);
	default:
		if (*P->p == '-' || (*P->p >= '0' && *P->p <= '9'))
			return parse_number(P, v);
		return fail(P, P->p, "unexpected character");
	}
}

static int parse_document(json_doc *doc, const char *text, size_t len, const char *source,
			  const char *deferred_key)
{
	struct parser P;
	json_value *root;
	int rc = 0;

	memset(doc, 0, sizeof(*doc));
	memset(&P, 0, sizeof(P));
	if (len > UINT32_MAX)
		return infracost__error_at(INFRACOST_EPARSE, source, 0, 0, NULL,
					   "JSON text larger than 4 GB");
	doc->text = text;
	doc->len = len;
	P.doc = doc;
	P.text = P.p = text;
	P.end = text + len;
	P.source = source;
	P.deferred_key = deferred_key;
	root = arena_alloc(doc, sizeof(*root));
	if (!root) {
		rc = infracost__error_oom();
		goto done;
	}
	if (parse_value(&P, root)) {
		rc = infracost_error_last()->code;
		goto done;
	}
	skip_ws(&P);
	if (P.p < P.end) {
		fail(&P, P.p, "end of file expected");
		rc = INFRACOST_EPARSE;
		goto done;
	}
	doc->root = root;
	/* Later walks start from here: what was built so far stays. */
	doc->mark = doc->blocks;
	doc->mark_used = doc->blocks ? doc->blocks->used : 0;
done:
	infracost__free(P.vstack);
	infracost__free(P.mstack);
	if (rc)
		infracost__json_free(doc);
	return rc;
}

int infracost__json_parse(json_doc *doc, const char *text, size_t len, const char *source)
{
	return parse_document(doc, text, len, source, NULL);
}

int infracost__json_parse_deferred(json_doc *doc, const char *text, size_t len, const char *source,
				   const char *key)
{
	return parse_document(doc, text, len, source, key);
}

/* Forget what was built since the document was parsed. */
static void arena_reset(json_doc *doc)
{
	while (doc->blocks && doc->blocks != doc->mark) {
		struct json_block *next = doc->blocks->next;
		infracost__free(doc->blocks);
		doc->blocks = next;
	}
	if (doc->blocks)
		doc->blocks->used = doc->mark_used;
}

void infracost__json_walk_begin(json_walk *w, json_doc *doc, const json_value *array,
				const char *source)
{
	memset(w, 0, sizeof(*w));
	w->doc = doc;
	w->source = source;
	w->p = doc->text + array->offset + 1; /* after '[' */
}

int infracost__json_walk_next(json_walk *w, const json_value **out)
{
	struct parser P;
	int rc;

	arena_reset(w->doc);
	memset(&P, 0, sizeof(P));
	P.doc = w->doc;
	P.text = w->doc->text;
	P.p = w->p;
	P.end = w->doc->text + w->doc->len;
	P.source = w->source;
	P.vstack = w->vstack;
	P.vcap = w->vcap;
	P.mstack = w->mstack;
	P.mcap = w->mcap;
	P.depth = 1;
	skip_ws(&P);
	/* The array was checked when the document was parsed. */
	if (P.p < P.end && *P.p == ']') {
		rc = 0;
		goto done;
	}
	if (w->index > 0) {
		P.p++; /* the ',' */
		skip_ws(&P);
	}
	rc = parse_value(&P, &w->value) ? infracost_error_last()->code : 1;
	if (rc == 1) {
		*out = &w->value;
		w->index++;
	}
done:
	w->p = P.p;
	w->vstack = P.vstack;
	w->vcap = P.vcap;
	w->mstack = P.mstack;
	w->mcap = P.mcap;
	return rc;
}

void infracost__json_walk_end(json_walk *w)
{
	infracost__free(w->vstack);
	infracost__free(w->mstack);
	w->vstack = NULL;
	w->mstack = NULL;
}

const json_value *infracost__json_get(const json_value *obj, const char *key)
{
	if (!obj || obj->type != JSON_T_OBJECT)
		return NULL;
	for (uint32_t i = 0; i < obj->n; i++)
		if (obj->u.members[i].key[0] == key[0] && strcmp(obj->u.members[i].key, key) == 0)
			return &obj->u.members[i].value;
	return NULL;
}

const char *infracost__json_type_name(const json_value *v)
{
	switch (v->type) {
	case JSON_T_OBJECT: return "an object";
	case JSON_T_ARRAY: return "an array";
	case JSON_T_STRING: return "a string";
	case JSON_T_NUMBER: return "a number";
	case JSON_T_TRUE:
	case JSON_T_FALSE: return "a boolean";
	default: return "null";
	}
}
