/* error.c - the per-thread last error and static error texts. */
#include "cnum.h"
#include "error.h"

#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

#define MSG_MAX 1024
#define PART_MAX 512

struct error_state {
	infracost_error pub;
	int set;
	char message[MSG_MAX];
	char source[PART_MAX];
	char path[PART_MAX];
};

/* Fixed-size thread-local storage: recording an error never allocates, so
 * out-of-memory can always be reported. */
static _Thread_local struct error_state last;

/* The errors after the first of a failure that reported several at once
 * (infracost__error_more): allocated, so dropped when memory runs out (the
 * first is always there); freed by the next error, infracost_error_clear,
 * or the end of the thread (a C11 thread-specific key's destructor: a host
 * thread that ends after such a failure leaks nothing). */
struct error_more {
	infracost_error pub;
	char *text; /* message, source and path, one allocation */
};
struct more_list {
	struct error_more *v;
	size_t n, cap;
};
static _Thread_local struct more_list *more;
static once_flag more_once = ONCE_FLAG_INIT;
static tss_t more_key;
static int more_key_ok;

static void list_free(void *p)
{
	struct more_list *l = p;
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		infracost__free(l->v[i].text);
	infracost__free(l->v);
	infracost__free(l);
}

static void more_key_create(void)
{
	more_key_ok = tss_create(&more_key, list_free) == thrd_success;
}

static void more_free(void)
{
	if (!more)
		return;
	list_free(more);
	more = NULL;
	if (more_key_ok)
		tss_set(more_key, NULL);
}

static void copy_part(char *dst, const char *src)
{
	size_t n = strlen(src);
	if (n >= PART_MAX)
		n = PART_MAX - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Fill st as one error: "SOURCE:LINE:COLUMN: PATH: text", escaped. */
static void format(struct error_state *st, int code, const char *source, int line, int column,
		   const char *path, const char *fmt, va_list ap)
{
	size_t used = 0;
	char m[MSG_MAX];

	st->set = 1;
	st->pub.code = code;
	st->pub.line = line;
	st->pub.column = column;
	st->pub.source = NULL;
	st->pub.path = NULL;
	m[0] = '\0';
	if (source) {
		copy_part(st->source, source);
		st->pub.source = st->source;
		if (line > 0 && column > 0)
			used = (size_t)infracost__snprintf(m, MSG_MAX, "%s:%d:%d: ", source, line,
							   column);
		else if (line > 0)
			used = (size_t)infracost__snprintf(m, MSG_MAX, "%s:%d: ", source, line);
		else
			used = (size_t)infracost__snprintf(m, MSG_MAX, "%s: ", source);
	}
	if (path && *path && used < MSG_MAX) {
		copy_part(st->path, path);
		st->pub.path = st->path;
		used += (size_t)infracost__snprintf(m + used, MSG_MAX - used, "%s: ", path);
	}
	if (used < MSG_MAX)
		infracost__vsnprintf(m + used, MSG_MAX - used, fmt, ap);
	/* One inert line: the values a message quotes (names, keys, feed
	 * fields, paths) have their control characters escaped visibly, so a
	 * message never carries a newline or a terminal escape. */
	infracost_text_escape(st->message, MSG_MAX, m);
	st->pub.message = st->message;
}

static int record(int code, const char *source, int line, int column, const char *path,
		  const char *fmt, va_list ap)
{
	more_free();
	format(&last, code, source, line, column, path, fmt, ap);
	return code;
}

int infracost__error_at(int code, const char *source, int line, int column, const char *path,
			const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	record(code, source, line, column, path, fmt, ap);
	va_end(ap);
	return code;
}

int infracost__error_more(int code, const char *source, int line, int column, const char *path,
			  const char *fmt, ...)
{
	struct error_state st;
	struct error_more *m;
	size_t lm, ls, lp;
	va_list ap;

	if (!last.set)
		return code;
	va_start(ap, fmt);
	format(&st, code, source, line, column, path, fmt, ap);
	va_end(ap);
	lm = strlen(st.message);
	ls = st.pub.source ? strlen(st.source) : 0;
	lp = st.pub.path ? strlen(st.path) : 0;
	if (!more) {
		call_once(&more_once, more_key_create);
		if (!more_key_ok || !(more = infracost__calloc(1, sizeof(*more))))
			return code;
		tss_set(more_key, more);
	}
	if (infracost__grow((void **)&more->v, &more->cap, more->n + 1, sizeof(*more->v)))
		return code;
	m = &more->v[more->n];
	if (!(m->text = infracost__malloc(lm + ls + lp + 3)))
		return code;
	m->pub = st.pub;
	memcpy(m->text, st.message, lm + 1);
	m->pub.message = m->text;
	if (st.pub.source) {
		memcpy(m->text + lm + 1, st.source, ls + 1);
		m->pub.source = m->text + lm + 1;
	}
	if (st.pub.path) {
		memcpy(m->text + lm + ls + 2, st.path, lp + 1);
		m->pub.path = m->text + lm + ls + 2;
	}
	more->n++;
	return code;
}

int infracost__error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	record(code, NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int infracost__error_oom(void)
{
	return infracost__error(INFRACOST_ENOMEM, "out of memory");
}

const infracost_error *infracost_error_last(void)
{
	return last.set ? &last.pub : NULL;
}

size_t infracost_error_count(void)
{
	return last.set ? 1 + (more ? more->n : 0) : 0;
}

const infracost_error *infracost_error_get(size_t i)
{
	if (!last.set)
		return NULL;
	if (i == 0)
		return &last.pub;
	return more && i - 1 < more->n ? &more->v[i - 1].pub : NULL;
}

void infracost_error_clear(void)
{
	more_free();
	last.set = 0;
}

const char *infracost_strerror(int code)
{
	switch (code) {
	case INFRACOST_OK: return "success";
	case INFRACOST_ERROR: return "error";
	case INFRACOST_ENOMEM: return "out of memory";
	case INFRACOST_EINVALID: return "invalid value";
	case INFRACOST_EPARSE: return "malformed input";
	case INFRACOST_ENOTFOUND: return "not found";
	case INFRACOST_EIO: return "input/output error";
	case INFRACOST_ENET: return "network error";
	case INFRACOST_EDB: return "store error";
	case INFRACOST_ENUMERIC: return "numeric error";
	case INFRACOST_EUNSUPPORTED: return "not supported";
	default: return "unknown error";
	}
}
