/* jstream.c - a strict pull JSON reader over a FILE* with a fixed buffer.
 *
 * The input is read into one buffer of `buffer_size` bytes. The reader
 * walks it by index; when a token needs bytes beyond the end (an escape,
 * a UTF-8 sequence, a literal), the unread tail is moved to the front and
 * the rest of the buffer refilled, so a token may straddle any number of
 * refills. Strings and numbers that are returned are copied into the token
 * buffer (grown up to max_token); skipped ones are only checked.
 *
 * Newlines can only appear in whitespace (a raw newline in a string is an
 * error), so lines are counted in skip_ws alone and a column is the offset
 * from the start of the current line. */
#include "cnum.h"
#include "jstream.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "infracost/common.h"

enum state {
	ST_VALUE,        /* a value is expected (top level, after ':' or ',' in an array) */
	ST_ARRAY_FIRST,  /* after '[': a value or ']' */
	ST_OBJECT_FIRST, /* after '{': a key or '}' */
	ST_KEY,          /* after ',' in an object: a key */
	ST_AFTER,        /* after a value: ',' or the container's end, or the end of the text */
	ST_DONE
};

#define C_OBJECT 1
#define C_ARRAY 2

struct jstream {
	FILE *in;
	const char *source;
	unsigned char *buf;
	size_t cap, pos, end;
	uint64_t base; /* input offset of buf[0] */
	int eof;
	int failed; /* the sticky error code, or 0 */

	int line;            /* current line (1-based) */
	uint64_t line_start; /* input offset of its first byte */

	char *tok;
	size_t tok_len, tok_cap, max_token;
	const char *tok_what; /* "string" or "number", for the limit's message */
	double num;
	int tok_line, tok_col;
	uint64_t tok_off;

	unsigned char *stack;
	unsigned depth, stack_cap, max_depth;
	int state;

	size_t memory, peak;

	void (*on_read)(void *ctx, unsigned long long bytes);
	void *on_read_ctx;
};

static void account(jstream *js)
{
	js->memory = sizeof(*js) + js->cap + js->tok_cap + js->stack_cap;
	if (js->memory > js->peak)
		js->peak = js->memory;
}

int infracost__jstream_new(jstream **out, FILE *in, const char *source,
			   const jstream_limits *limits)
{
	jstream *js;
	size_t cap = limits && limits->buffer_size ? limits->buffer_size : JSTREAM_DEFAULT_BUFFER;

	*out = NULL;
	if (!in)
		return infracost__error(INFRACOST_EINVALID, "jstream: no input file");
	if (cap < 16)
		cap = 16;
	js = infracost__calloc(1, sizeof(*js));
	if (!js)
		return infracost__error_oom();
	js->in = in;
	js->source = source ? source : "<stream>";
	js->cap = cap;
	js->max_token = limits && limits->max_token ? limits->max_token : JSTREAM_DEFAULT_MAX_TOKEN;
	js->max_depth = limits && limits->max_depth ? limits->max_depth : JSTREAM_DEFAULT_MAX_DEPTH;
	js->line = 1;
	js->tok_line = 1;
	js->tok_col = 1;
	js->state = ST_VALUE;
	js->buf = infracost__malloc(cap);
	js->tok_cap = js->max_token < 63 ? js->max_token + 1 : 64;
	js->tok = infracost__malloc(js->tok_cap);
	if (!js->buf || !js->tok) {
		infracost__jstream_free(js);
		return infracost__error_oom();
	}
	js->tok[0] = '\0';
	account(js);
	*out = js;
	return 0;
}

void infracost__jstream_free(jstream *js)
{
	if (!js)
		return;
	infracost__free(js->buf);
	infracost__free(js->tok);
	infracost__free(js->stack);
	infracost__free(js);
}

/* ---- errors ---- */

static int refill(jstream *js, uint64_t keep, uint64_t upto);
static size_t utf8_len(const unsigned char *p, const unsigned char *end);

static int fail_at(jstream *js, uint64_t off, const char *what)
{
	char near[24] = "";
	int column;

	if (js->failed)
		return js->failed;
	column = off >= js->line_start ? (int)(off - js->line_start) + 1 : 1;
	/* Up to 12 bytes from `off` for the quote, when the input has them. */
	if (off >= js->base && off <= js->base + js->end && js->base + js->end < off + 12)
		refill(js, off, off + 12);
	if (js->failed)
		return js->failed;
	if (off >= js->base && off < js->base + js->end) {
		const unsigned char *at = js->buf + (off - js->base);
		size_t avail = js->end - (size_t)(off - js->base), n = 0;
		while (n < 12 && n < avail && at[n] != '\n' && at[n] != '\r')
			n++;
		/* Printable text only, and no character cut in half. */
		while (n > 0 && n < avail && (at[n] & 0xC0) == 0x80)
			n--;
		memcpy(near, " near '", 7);
		for (size_t i = 0; i < n;) {
			size_t seq = at[i] >= 0x80 ? utf8_len(at + i, at + n) : 1;
			if (seq > 1) {
				memcpy(near + 7 + i, at + i, seq);
				i += seq;
				continue;
			}
			near[7 + i] = at[i] < 0x20 || at[i] >= 0x7f ? '?' : (char)at[i];
			i++;
		}
		near[7 + n] = '\'';
		near[8 + n] = '\0';
	} else if (js->eof && off >= js->base + js->end) {
		strcpy(near, " at end of file");
	}
	js->failed = infracost__error_at(INFRACOST_EPARSE, js->source, js->line, column, NULL,
					 "malformed JSON: %s%s", what, near);
	return js->failed;
}

static int fail_here(jstream *js, const char *what)
{
	return fail_at(js, js->base + js->pos, what);
}

void infracost__jstream_on_read(jstream *js, void (*fn)(void *ctx, unsigned long long bytes),
				void *ctx)
{
	js->on_read = fn;
	js->on_read_ctx = ctx;
}

int infracost__jstream_fail(jstream *js, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return infracost__error_at(code, js->source, js->tok_line, js->tok_col, NULL, "%s", msg);
}

/* ---- input ---- */

/* Read on until the input up to offset `upto` is in the buffer (or the
 * input ends), keeping what the buffer holds from offset `keep` (at most
 * base + pos). Returns 0, or -1 after a read error. */
static int refill(jstream *js, uint64_t keep, uint64_t upto)
{
	size_t k;

	if (js->eof)
		return 0;
	if (keep < js->base)
		keep = js->base;
	if (upto - keep > js->cap)
		keep = upto - js->cap;
	if (keep > js->base + js->pos)
		keep = js->base + js->pos;
	k = (size_t)(keep - js->base);
	if (k > 0) {
		memmove(js->buf, js->buf + k, js->end - k);
		js->base += k;
		js->end -= k;
		js->pos -= k;
	}
	while (js->base + js->end < upto && js->end < js->cap && !js->eof) {
		size_t got = fread(js->buf + js->end, 1, js->cap - js->end, js->in);
		if (got == 0) {
			js->eof = 1;
			if (ferror(js->in)) {
				js->failed = infracost__error_at(INFRACOST_EIO, js->source, 0, 0,
								 NULL, "read error: %s",
								 strerror(errno));
				return -1;
			}
		}
		js->end += got;
		if (got && js->on_read)
			js->on_read(js->on_read_ctx, js->base + js->end);
	}
	return 0;
}

/* Make at least n bytes available from pos (fewer only at the end of the
 * input). Returns the bytes available, or -1 after a read error. The start
 * of the current token stays in the buffer when it is near, so that an
 * error message can quote it. */
static long fill(jstream *js, size_t n)
{
	uint64_t here = js->base + js->pos, keep = here;

	if (js->end - js->pos >= n || js->eof)
		return (long)(js->end - js->pos);
	if (js->tok_off >= js->base && js->tok_off < here && here - js->tok_off + n <= js->cap / 2)
		keep = js->tok_off;
	if (refill(js, keep, here + n))
		return -1;
	return (long)(js->end - js->pos);
}

/* The next byte, or -1 at the end of the input (or after a read error). */
static inline int peek(jstream *js)
{
	if (js->pos < js->end)
		return js->buf[js->pos];
	if (fill(js, 1) <= 0)
		return -1;
	return js->buf[js->pos];
}

static void skip_ws(jstream *js)
{
	for (;;) {
		const unsigned char *b = js->buf;
		size_t p = js->pos, e = js->end;
		while (p < e) {
			unsigned char c = b[p];
			if (c == ' ' || c == '\t' || c == '\r') {
				p++;
			} else if (c == '\n') {
				p++;
				js->line++;
				js->line_start = js->base + p;
			} else {
				js->pos = p;
				return;
			}
		}
		js->pos = p;
		if (fill(js, 1) <= 0)
			return;
	}
}

/* ---- the token buffer ---- */

static int tok_reserve(jstream *js, size_t extra)
{
	size_t need = js->tok_len + extra + 1, ncap;
	char *grown;

	if (need <= js->tok_cap)
		return 0;
	if (need > js->max_token + 1) {
		char what[96];
		infracost__snprintf(what, sizeof(what), "%s longer than %zu bytes (the limit)",
				    js->tok_what, js->max_token);
		return fail_at(js, js->tok_off, what);
	}
	ncap = js->tok_cap * 2;
	while (ncap < need)
		ncap *= 2;
	if (ncap > js->max_token + 1)
		ncap = js->max_token + 1;
	grown = infracost__realloc(js->tok, ncap);
	if (!grown)
		return js->failed = infracost__error_oom();
	js->tok = grown;
	js->tok_cap = ncap;
	account(js);
	return 0;
}

static int tok_append(jstream *js, const void *p, size_t n)
{
	if (js->tok_len + n + 1 > js->tok_cap && tok_reserve(js, n))
		return -1;
	memcpy(js->tok + js->tok_len, p, n);
	js->tok_len += n;
	return 0;
}

/* ---- strings ---- */

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

/* The 4 hex digits at buf[i..i+4), or -1. */
static long hex4(const unsigned char *p)
{
	long u = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		u = u * 16 + h;
	}
	return u;
}

/* Length of a valid multi-byte UTF-8 sequence at p, or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0], cp;
	size_t n;
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

static size_t put_utf8(unsigned char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A \u escape at pos (the backslash); appends its character when keep. */
static int unicode_escape(jstream *js, int keep)
{
	long avail = fill(js, 12);
	const unsigned char *p = js->buf + js->pos;
	long u, lo;
	unsigned char out[4];

	if (avail < 0)
		return -1;
	if (avail < 6)
		return fail_at(js, js->base + js->pos + 2, "truncated \\u escape");
	u = hex4(p + 2);
	if (u < 0)
		return fail_at(js, js->base + js->pos + 2, "invalid \\u escape");
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (avail < 12 || p[6] != '\\' || p[7] != 'u')
			return fail_at(js, js->base + js->pos + 6, "invalid surrogate pair");
		lo = hex4(p + 8);
		if (lo < 0)
			return fail_at(js, js->base + js->pos + 8, "invalid \\u escape");
		if (lo < 0xDC00 || lo > 0xDFFF)
			return fail_at(js, js->base + js->pos + 6, "invalid surrogate pair");
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		js->pos += 12;
	} else if (u >= 0xDC00 && u <= 0xDFFF) {
		return fail_at(js, js->base + js->pos, "invalid surrogate pair");
	} else {
		if (u == 0)
			return fail_at(js, js->base + js->pos,
				       "\\u0000 is not allowed in a string");
		js->pos += 6;
	}
	if (keep)
		return tok_append(js, out, put_utf8(out, (unsigned long)u));
	return 0;
}

/* A string starting at pos (the opening quote). */
static int read_string(jstream *js, int keep)
{
	uint64_t start = js->base + js->pos;

	js->pos++;
	js->tok_len = 0;
	js->tok_what = "string";
	for (;;) {
		const unsigned char *b = js->buf;
		size_t p = js->pos, e = js->end;
		unsigned char c;

		while (p < e) {
			c = b[p];
			if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
				break;
			p++;
		}
		if (keep && p > js->pos && tok_append(js, b + js->pos, p - js->pos))
			return -1;
		js->pos = p;
		if (p == e) {
			long n = fill(js, 1);
			if (n < 0)
				return -1;
			if (n == 0)
				return fail_at(js, start, "unterminated string");
			continue;
		}
		c = b[p];
		if (c == '"') {
			js->pos++;
			break;
		}
		if (c < 0x20)
			return fail_here(js, "control character in a string");
		if (c >= 0x80) {
			long avail = fill(js, 4);
			size_t n;
			if (avail < 0)
				return -1;
			n = utf8_len(js->buf + js->pos, js->buf + js->end);
			if (!n)
				return fail_here(js, "invalid UTF-8 in a string");
			if (keep && tok_append(js, js->buf + js->pos, n))
				return -1;
			js->pos += n;
			continue;
		}
		/* A backslash. */
		{
			long avail = fill(js, 2);
			char ch;
			if (avail < 0)
				return -1;
			if (avail < 2)
				return fail_here(js, "unterminated string");
			switch (js->buf[js->pos + 1]) {
			case '"': ch = '"'; break;
			case '\\': ch = '\\'; break;
			case '/': ch = '/'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'u':
				if (unicode_escape(js, keep))
					return -1;
				continue;
			default: return fail_here(js, "invalid escape");
			}
			if (keep && tok_append(js, &ch, 1))
				return -1;
			js->pos += 2;
		}
	}
	if (keep)
		js->tok[js->tok_len] = '\0';
	return 0;
}

/* ---- numbers and literals ---- */

static inline int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Take the byte at pos (into the token when keep). */
static inline int take(jstream *js, int keep)
{
	if (keep) {
		if (js->tok_len + 2 > js->tok_cap && tok_reserve(js, 1))
			return -1;
		js->tok[js->tok_len++] = (char)js->buf[js->pos];
	}
	js->pos++;
	return 0;
}

static int read_number(jstream *js, int keep)
{
	uint64_t start = js->base + js->pos;
	int c;

	js->tok_len = 0;
	js->tok_what = "number";
	if (peek(js) == '-' && take(js, keep))
		return -1;
	c = peek(js);
	if (!is_digit(c))
		return fail_at(js, start, "invalid number");
	if (c == '0') {
		if (take(js, keep))
			return -1;
		if (is_digit(peek(js)))
			return fail_at(js, start, "leading zero in a number");
	} else {
		while (is_digit(peek(js)))
			if (take(js, keep))
				return -1;
	}
	if (peek(js) == '.') {
		if (take(js, keep))
			return -1;
		if (!is_digit(peek(js)))
			return fail_here(js, "expected a digit after the decimal point");
		while (is_digit(peek(js)))
			if (take(js, keep))
				return -1;
	}
	c = peek(js);
	if (c == 'e' || c == 'E') {
		if (take(js, keep))
			return -1;
		c = peek(js);
		if ((c == '+' || c == '-') && take(js, keep))
			return -1;
		if (!is_digit(peek(js)))
			return fail_here(js, "expected a digit in the exponent");
		while (is_digit(peek(js)))
			if (take(js, keep))
				return -1;
	}
	if (js->failed)
		return -1; /* a read error while peeking */
	if (keep) {
		js->tok[js->tok_len] = '\0';
		/* strtod rounds correctly; the grammar was checked above. */
		js->num = infracost__strtod(js->tok, NULL);
		if (!isfinite(js->num))
			return fail_at(js, start, "number out of range");
	}
	return 0;
}

static int literal(jstream *js, const char *word, size_t n)
{
	long avail = fill(js, n);
	if (avail < 0)
		return -1;
	if ((size_t)avail < n || memcmp(js->buf + js->pos, word, n) != 0)
		return fail_here(js, "invalid literal");
	js->pos += n;
	return 0;
}

/* ---- containers ---- */

static int push(jstream *js, int kind)
{
	if (js->depth >= js->max_depth) {
		char what[64];
		infracost__snprintf(what, sizeof(what), "nested too deeply (more than %u levels)",
				    js->max_depth);
		return fail_here(js, what);
	}
	if (js->depth >= js->stack_cap) {
		unsigned ncap = js->stack_cap ? js->stack_cap * 2 : 16;
		unsigned char *grown;
		if (ncap > js->max_depth)
			ncap = js->max_depth;
		grown = infracost__realloc(js->stack, ncap);
		if (!grown)
			return js->failed = infracost__error_oom();
		js->stack = grown;
		js->stack_cap = ncap;
		account(js);
	}
	js->stack[js->depth++] = (unsigned char)kind;
	return 0;
}

static void mark(jstream *js)
{
	js->tok_off = js->base + js->pos;
	js->tok_line = js->line;
	js->tok_col = (int)(js->tok_off - js->line_start) + 1;
}

/* A value starting at pos (after whitespace). */
static int value(jstream *js, int keep)
{
	int c = peek(js);

	mark(js);
	switch (c) {
	case -1:
		if (js->failed)
			return js->failed;
		return fail_here(js, "a value expected");
	case '{':
		if (push(js, C_OBJECT))
			return js->failed;
		js->pos++;
		js->state = ST_OBJECT_FIRST;
		return JSTREAM_OBJECT_BEGIN;
	case '[':
		if (push(js, C_ARRAY))
			return js->failed;
		js->pos++;
		js->state = ST_ARRAY_FIRST;
		return JSTREAM_ARRAY_BEGIN;
	case '"':
		if (read_string(js, keep))
			return js->failed;
		js->state = ST_AFTER;
		return JSTREAM_STRING;
	case 't':
		if (literal(js, "true", 4))
			return js->failed;
		js->state = ST_AFTER;
		return JSTREAM_TRUE;
	case 'f':
		if (literal(js, "false", 5))
			return js->failed;
		js->state = ST_AFTER;
		return JSTREAM_FALSE;
	case 'n':
		if (literal(js, "null", 4))
			return js->failed;
		js->state = ST_AFTER;
		return JSTREAM_NULL;
	default:
		if (c == '-' || is_digit(c)) {
			if (read_number(js, keep))
				return js->failed;
			js->state = ST_AFTER;
			return JSTREAM_NUMBER;
		}
		return fail_here(js, "unexpected character");
	}
}

/* A key starting at pos (after whitespace), then its ':'. */
static int key(jstream *js, int keep)
{
	mark(js);
	if (peek(js) != '"') {
		if (js->failed)
			return js->failed;
		return fail_here(js, "string (a key) expected");
	}
	if (read_string(js, keep))
		return js->failed;
	skip_ws(js);
	if (peek(js) != ':') {
		if (js->failed)
			return js->failed;
		return fail_here(js, "':' expected");
	}
	js->pos++;
	js->state = ST_VALUE;
	return JSTREAM_KEY;
}

static int close_container(jstream *js, int kind)
{
	mark(js);
	js->pos++;
	js->depth--;
	js->state = ST_AFTER;
	return kind == C_OBJECT ? JSTREAM_OBJECT_END : JSTREAM_ARRAY_END;
}

static int next(jstream *js, int keep)
{
	int c;

	if (js->failed)
		return js->failed;
	skip_ws(js);
	switch (js->state) {
	case ST_VALUE: return value(js, keep);
	case ST_ARRAY_FIRST:
		if (peek(js) == ']')
			return close_container(js, C_ARRAY);
		return value(js, keep);
	case ST_OBJECT_FIRST:
		if (peek(js) == '}')
			return close_container(js, C_OBJECT);
		return key(js, keep);
	case ST_KEY: return key(js, keep);
	case ST_AFTER:
		c = peek(js);
		if (js->depth == 0) {
			if (c == -1) {
				if (js->failed)
					return js->failed;
				js->state = ST_DONE;
				return JSTREAM_END;
			}
			return fail_here(js, "end of file expected");
		}
		if (js->stack[js->depth - 1] == C_OBJECT) {
			if (c == ',') {
				js->pos++;
				skip_ws(js);
				return key(js, keep);
			}
			if (c == '}')
				return close_container(js, C_OBJECT);
			if (js->failed)
				return js->failed;
			return fail_here(js, "',' or '}' expected");
		}
		if (c == ',') {
			js->pos++;
			skip_ws(js);
			return value(js, keep);
		}
		if (c == ']')
			return close_container(js, C_ARRAY);
		if (js->failed)
			return js->failed;
		return fail_here(js, "',' or ']' expected");
	default: return JSTREAM_END;
	}
}

int infracost__jstream_next(jstream *js)
{
	return next(js, 1);
}

int infracost__jstream_skip(jstream *js)
{
	int ev = next(js, 0);

	if (ev == JSTREAM_OBJECT_BEGIN || ev == JSTREAM_ARRAY_BEGIN) {
		unsigned outer = js->depth - 1;
		while (js->depth > outer) {
			int e = next(js, 0);
			if (e < 0)
				return e;
		}
	}
	js->tok_len = 0;
	js->tok[0] = '\0';
	return ev;
}

int infracost__jstream_skip_rest(jstream *js)
{
	unsigned outer;

	if (js->failed)
		return js->failed;
	if (js->depth == 0)
		return JSTREAM_END;
	outer = js->depth - 1;
	while (js->depth > outer) {
		int e = next(js, 0);
		if (e < 0)
			return e;
	}
	js->tok_len = 0;
	js->tok[0] = '\0';
	return js->stack_cap && js->stack[outer] == C_ARRAY ? JSTREAM_ARRAY_END
							    : JSTREAM_OBJECT_END;
}

const char *infracost__jstream_text(const jstream *js, size_t *len)
{
	if (len)
		*len = js->tok_len;
	return js->tok;
}

double infracost__jstream_number(const jstream *js)
{
	return js->num;
}

unsigned infracost__jstream_depth(const jstream *js)
{
	return js->depth;
}

void infracost__jstream_position(const jstream *js, int *line, int *column)
{
	*line = js->tok_line;
	*column = js->tok_col;
}

uint64_t infracost__jstream_offset(const jstream *js)
{
	return js->tok_off;
}

size_t infracost__jstream_memory(const jstream *js)
{
	return js->peak;
}
