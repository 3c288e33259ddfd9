/* error.c - the per-thread last error and static error texts. */
#include "cnum.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

static void copy_part(char *dst, const char *src)
{
	size_t n = strlen(src);
	if (n >= PART_MAX)
		n = PART_MAX - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int record(int code, const char *source, int line, int column, const char *path,
		  const char *fmt, va_list ap)
{
	size_t used = 0;
	char m[MSG_MAX];

	last.set = 1;
	last.pub.code = code;
	last.pub.line = line;
	last.pub.column = column;
	last.pub.source = NULL;
	last.pub.path = NULL;
	m[0] = '\0';
	if (source) {
		copy_part(last.source, source);
		last.pub.source = last.source;
		if (line > 0 && column > 0)
			used = (size_t)infracost__snprintf(m, MSG_MAX, "%s:%d:%d: ", source, line,
							   column);
		else if (line > 0)
			used = (size_t)infracost__snprintf(m, MSG_MAX, "%s:%d: ", source, line);
		else
			used = (size_t)infracost__snprintf(m, MSG_MAX, "%s: ", source);
	}
	if (path && *path && used < MSG_MAX) {
		copy_part(last.path, path);
		last.pub.path = last.path;
		used += (size_t)infracost__snprintf(m + used, MSG_MAX - used, "%s: ", path);
	}
	if (used < MSG_MAX)
		infracost__vsnprintf(m + used, MSG_MAX - used, fmt, ap);
	/* One inert line: the values a message quotes (names, keys, feed
	 * fields, paths) have their control characters escaped visibly, so a
	 * message never carries a newline or a terminal escape. */
	infracost_text_escape(last.message, MSG_MAX, m);
	last.pub.message = last.message;
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

void infracost_error_clear(void)
{
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
