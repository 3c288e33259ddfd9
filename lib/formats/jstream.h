/* jstream.h - a pull (event) JSON reader over a FILE*.
 *
 * The reader holds one fixed read buffer, one token buffer and a stack of
 * open containers: its memory does not grow with the size of the input,
 * only with the nesting depth and the longest string or number it returns,
 * and both are capped (errors "nested too deeply", "string longer than N
 * bytes"). It reads any size of file (the multi-GB AWS EC2 offer file).
 *
 * The syntax is strict RFC 8259, as jansson's (lib/formats/jsondoc.c): no comments, no trailing
 * commas, no leading zeros, no control characters or invalid UTF-8 in
 * strings, no lone surrogates, no "\u0000", one value per text with only
 * whitespace after it. Errors are INFRACOST_EPARSE with the message
 * "SOURCE:LINE:COLUMN: malformed JSON: WHAT near '...'" (columns in bytes);
 * a read error is INFRACOST_EIO. Unlike lib/formats/jsondoc.c, duplicate object keys
 * are not detected (that would need memory per object; RFC 8259 only says
 * names SHOULD be unique): the caller sees both.
 *
 * Use:
 *
 *     jstream *js;
 *     if (infracost__jstream_new(&js, file, "offer.json", NULL)) ... error
 *     while ((ev = infracost__jstream_next(js)) > 0) {
 *             if (ev == JSTREAM_KEY && strcmp(infracost__jstream_text(js, NULL), "terms"))
 *                     infracost__jstream_skip(js);   // the key's value, fast
 *             ...
 *     }
 *     // ev == JSTREAM_END: the whole text was read; ev < 0: an INFRACOST_E* code
 *     infracost__jstream_free(js);
 */
#ifndef INFRACOST_JSTREAM_H
#define INFRACOST_JSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum jstream_event {
	JSTREAM_END = 0, /* the value and the whitespace after it were read */
	JSTREAM_OBJECT_BEGIN,
	JSTREAM_OBJECT_END,
	JSTREAM_ARRAY_BEGIN,
	JSTREAM_ARRAY_END,
	JSTREAM_KEY,    /* text: the member name, unescaped */
	JSTREAM_STRING, /* text: the string, unescaped */
	JSTREAM_NUMBER, /* text: the number as written; number: its value */
	JSTREAM_TRUE,
	JSTREAM_FALSE,
	JSTREAM_NULL
};

typedef struct jstream jstream;

/* Limits; a field left 0 takes the default. */
typedef struct jstream_limits {
	size_t buffer_size; /* bytes read from the file at a time: 256 KiB; at least 16 */
	size_t max_token;   /* longest string or number returned, in bytes: 1 MiB */
	unsigned max_depth; /* deepest nesting of arrays and objects: 256 */
} jstream_limits;

#define JSTREAM_DEFAULT_BUFFER ((size_t)256 * 1024)
#define JSTREAM_DEFAULT_MAX_TOKEN ((size_t)1024 * 1024)
#define JSTREAM_DEFAULT_MAX_DEPTH 256u

/* A reader of `in` (borrowed, read from its current position); `source`
 * names the input in messages and is borrowed too. */
int infracost__jstream_new(jstream **out, FILE *in, const char *source,
			   const jstream_limits *limits);
void infracost__jstream_free(jstream *js);

/* The next event (> 0), JSTREAM_END after the last one, or a negative
 * INFRACOST_E* code (the error is recorded; every later call returns the
 * same code). */
int infracost__jstream_next(jstream *js);

/* Skip one whole value quickly: checks its syntax but keeps nothing. Call
 * it after JSTREAM_KEY (skips the member's value) or inside an array. It
 * returns the first event of what it skipped (JSTREAM_OBJECT_BEGIN for an
 * object, ...), or JSTREAM_OBJECT_END / JSTREAM_ARRAY_END when the
 * container closed instead, or a negative code. */
int infracost__jstream_skip(jstream *js);

/* Skip the rest of the innermost open container, its closing event
 * included (call it after JSTREAM_OBJECT_BEGIN to skip that object). */
int infracost__jstream_skip_rest(jstream *js);

/* The text of the last JSTREAM_KEY, JSTREAM_STRING or JSTREAM_NUMBER,
 * NUL-terminated, valid until the next call; *len (may be NULL) is its
 * length (a string may hold "\u0000"-free UTF-8 only, so strlen works). */
const char *infracost__jstream_text(const jstream *js, size_t *len);

/* The value of the last JSTREAM_NUMBER. */
double infracost__jstream_number(const jstream *js);

/* Open containers around the reader's position. */
unsigned infracost__jstream_depth(const jstream *js);

/* 1-based line and byte column where the last event's token starts. */
void infracost__jstream_position(const jstream *js, int *line, int *column);

/* Byte offset in the input where the last event's token starts. */
uint64_t infracost__jstream_offset(const jstream *js);

/* Record an error "SOURCE:LINE:COLUMN: text" at the last event's token
 * (for what the caller finds wrong in well-formed JSON); returns code. */
int infracost__jstream_fail(jstream *js, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Bytes the reader has allocated, at most so far (its buffers). Tests use
 * it to check that memory stayed constant over a large input. */
size_t infracost__jstream_memory(const jstream *js);

/* Call fn(ctx, bytes read from the file so far) after each read (a
 * progress line). */
void infracost__jstream_on_read(jstream *js, void (*fn)(void *ctx, unsigned long long bytes),
				void *ctx);

#endif
