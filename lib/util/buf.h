/* buf.h - a growable byte buffer, number formatting and whole-file reads. */
#ifndef INFRACOST_BUF_H
#define INFRACOST_BUF_H

#include <stddef.h>

#include "error.h"

typedef struct infracost_buf {
	char *data;
	size_t len;
	size_t cap;
	int failed; /* an append failed (memory, or the sink); later appends do nothing */
	/* With a sink, the buffer is flushed to it whenever it would grow past
	 * a chunk, so output of any size needs only a chunk of memory. */
	int (*sink)(void *ctx, const char *data, size_t len);
	void *sink_ctx;
	int sink_failed;
} infracost_buf;

#define INFRACOST_BUF_INIT                                                                         \
	{                                                                                          \
		NULL, 0, 0, 0, NULL, NULL, 0                                                       \
	}
#define INFRACOST_BUF_CHUNK 65536

/* Hand what the buffer holds to its sink (no-op without one). */
void infracost__buf_flush(infracost_buf *b);

void infracost__buf_free(infracost_buf *b);
int infracost__buf_reserve(infracost_buf *b, size_t extra);
void infracost__buf_put(infracost_buf *b, const char *s, size_t n);
void infracost__buf_puts(infracost_buf *b, const char *s);
void infracost__buf_putc(infracost_buf *b, char c);
void infracost__buf_printf(infracost_buf *b, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
/* Append n spaces. */
void infracost__buf_pad(infracost_buf *b, size_t n);
/* Append a JSON string literal (quoted, escaped). NULL gives null. */
void infracost__buf_json_str(infracost_buf *b, const char *s);
/* Append a number: up to 15 significant digits, always with a decimal
 * point or exponent (a float in JSON). */
void infracost__buf_num(infracost_buf *b, double v);
/* Append a CSV field: control characters escaped visibly (as by
 * infracost__buf_text), then quoted when it holds a comma or a quote. */
void infracost__buf_csv_field(infracost_buf *b, const char *s);
/* Append text for a terminal, a table, Markdown or CSV with every control
 * character escaped visibly (infracost_text_escape of common.h: "\n",
 * "\x1b", "\u009b"), and every byte of `special` (NULL: none) in the
 * result preceded by `prefix` (Markdown: "\\|" and '\\'). NULL is "". */
void infracost__buf_text(infracost_buf *b, const char *s, const char *special, char prefix);
/* The length of s once escaped (a table column's width). */
size_t infracost__text_width(const char *s);
/* Hand the NUL-terminated contents to the caller; the buffer is reset.
 * Returns INFRACOST_ENOMEM (recorded) when any append failed. */
int infracost__buf_detach(infracost_buf *b, char **out, size_t *out_len);

/* Direct writing for hot paths: claim room for n bytes, write through the
 * returned pointer, then commit the end. NULL when the buffer failed. */
static inline char *infracost__buf_claim(infracost_buf *b, size_t n)
{
	return infracost__buf_reserve(b, n) ? NULL : b->data + b->len;
}

static inline void infracost__buf_commit(infracost_buf *b, char *end)
{
	b->len = (size_t)(end - b->data);
	b->data[b->len] = '\0';
}

/* Write s as a JSON string literal at o (room: 6 x strlen + 2); returns the end. */
char *infracost__json_str_at(char *o, const char *s);

/* Format v with up to 15 significant digits, always with '.' or 'e' (a JSON
 * float): fixed notation for 1e-5 <= |v| < 1e15 ("0.00001", "730.0"),
 * "%.15g" otherwise. dst has room for 32. */
size_t infracost__fmt_num(char *dst, double v);

/* The most read from an input that is not a regular file (a pipe, a
 * device: /dev/zero never ends): specs, price books, pages to import.
 * Regular files are read at their size. */
#define INFRACOST_INPUT_MAX ((size_t)256 << 20)

/* A file's bytes, read into memory (never mapped: a file truncated while
 * mapped would kill the host with SIGBUS). NUL-terminated (not counted in
 * len). Errors name the path, and the limit when it is passed. */
typedef struct infracost_file_view {
	const char *data;
	size_t len;
	char *owned; /* free this */
} infracost_file_view;

/* A regular file whole; anything else up to INFRACOST_INPUT_MAX. */
int infracost__file_open(infracost_file_view *view, const char *path);
/* Any file up to max bytes; `what` names the limit in the message ("a
 * feed page"). */
int infracost__file_open_max(infracost_file_view *view, const char *path, size_t max,
			     const char *what);
void infracost__file_close(infracost_file_view *view);

#endif
