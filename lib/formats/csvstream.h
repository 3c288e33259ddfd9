/* csvstream.h - a streaming RFC 4180 record reader for large feeds.
 *
 * Reads a FILE in fixed memory (a read buffer and a small index) however
 * large the file is. Fields may be quoted ("a, b", "" for a quote, line
 * breaks inside quotes); records end with LF or CRLF; blank lines are
 * skipped; a UTF-8 byte order mark is skipped. Malformed quoting is an
 * error with its line and column. Fields are unquoted lazily: only the
 * fields a caller asks for cost anything beyond finding them. */
#ifndef INFRACOST_CSVSTREAM_H
#define INFRACOST_CSVSTREAM_H

#include <stddef.h>
#include <stdio.h>

typedef struct infracost_csvstream infracost_csvstream;

/* A reader of `in` (not closed by the reader); `source` names the file in
 * errors and must outlive the reader. */
int infracost__csvstream_new(infracost_csvstream **out, FILE *in, const char *source);
void infracost__csvstream_free(infracost_csvstream *r);

/* The next record: 1 when one was read, 0 at the end of the file, or a
 * negative error code (recorded with file:line:column). */
int infracost__csvstream_next(infracost_csvstream *r);

/* Of the current record: its number of fields, the line it starts on, and
 * field i (0-based, < fields) unquoted and NUL-terminated, valid until
 * the next record. */
size_t infracost__csvstream_fields(const infracost_csvstream *r);
int infracost__csvstream_line(const infracost_csvstream *r);
const char *infracost__csvstream_field(infracost_csvstream *r, size_t i);

/* Call fn(ctx, bytes read from the file so far) after each read (a
 * progress line). */
void infracost__csvstream_on_read(infracost_csvstream *r,
				  void (*fn)(void *ctx, unsigned long long bytes), void *ctx);

/* Bytes the reader holds (its buffer and index). */
size_t infracost__csvstream_memory(const infracost_csvstream *r);

/* The instruction set readers made from now on use to find quotes and
 * separators: 0 a byte loop (any CPU), 1 SSE2, 2 AVX2, 3 AVX-512BW (x86-64,
 * each when the CPU has it). `max` >= 0 caps it (for the tests, which check
 * every level; not thread-safe), -1 leaves the cap; returns the level. */
int infracost__csvstream_isa(int max);

#endif
