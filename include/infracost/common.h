/*
 * infracost/common.h - error codes, error details, memory and global set-up.
 *
 * Every function that can fail returns an int: 0 on success or a negative
 * INFRACOST_E* code. The details of the last failure on the calling thread
 * are available from infracost_error_last().
 */
#ifndef INFRACOST_COMMON_H
#define INFRACOST_COMMON_H

#include <stddef.h>

#if defined(_WIN32)
#define INFRACOST_API __declspec(dllexport)
#elif defined(__GNUC__)
#define INFRACOST_API __attribute__((visibility("default")))
#else
#define INFRACOST_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Error codes. Values are part of the ABI and are never renumbered;
 * new codes are added at the end.
 */
enum infracost_error_code {
	INFRACOST_OK = 0,
	INFRACOST_ERROR = -1,        /* generic failure */
	INFRACOST_ENOMEM = -2,       /* out of memory */
	INFRACOST_EINVALID = -3,     /* invalid value (spec field, argument) */
	INFRACOST_EPARSE = -4,       /* malformed input (JSON or CSV syntax) */
	INFRACOST_ENOTFOUND = -5,    /* a price (or another named thing) was not found */
	INFRACOST_EIO = -6,          /* a file could not be read or written */
	INFRACOST_ENET = -7,         /* network failure */
	INFRACOST_EDB = -8,          /* store (database) failure */
	INFRACOST_ENUMERIC = -9,     /* numeric failure (no convergence, overflow) */
	INFRACOST_EUNSUPPORTED = -10 /* feature not supported for this input */
};

/* What went wrong last on this thread. All strings are owned by the library
 * and stay valid until the next failing call on the same thread. */
typedef struct infracost_error {
	int code;            /* one of enum infracost_error_code */
	const char *message; /* one line, starts with the source and location */
	const char *source;  /* file name or "<string>", or NULL */
	int line;            /* 1-based line, 0 when not applicable */
	int column;          /* 1-based column, 0 when not applicable */
	const char *path;    /* JSON path such as "services[2].replicas.max", or NULL */
} infracost_error;

/* The last error on this thread, or NULL when none was recorded. */
INFRACOST_API const infracost_error *infracost_error_last(void);

/*
 * A failure may report several errors at once: an estimate (and simulate,
 * recommend) with missing prices looks every price up first and fails once
 * with INFRACOST_ENOTFOUND, one error per missing key (docs/api.md,
 * "Errors"). infracost_error_count() is how many the last failure on this
 * thread reported (1 for most; 0 when none was recorded) and
 * infracost_error_get(i) the i-th (0 is infracost_error_last(); NULL past
 * the end), each one line with its own place. Valid until the next failing
 * call on the same thread or infracost_error_clear().
 */
INFRACOST_API size_t infracost_error_count(void);
INFRACOST_API const infracost_error *infracost_error_get(size_t i);

/* Forget the last error of this thread (and free the list above). */
INFRACOST_API void infracost_error_clear(void);

/* Static description of an error code ("price not found", ...). */
INFRACOST_API const char *infracost_strerror(int code);

/* Free memory that the library returned to the caller (rendered output,
 * strings). Accepts NULL. */
INFRACOST_API void infracost_free(void *ptr);

/*
 * The candidate closest to word by edit distance (Levenshtein) when it is
 * near enough to be a likely misspelling: at most 2 edits, and fewer than
 * half of the candidate's length (so "-x" suggests nothing). The first of
 * equally close candidates; NULL when none is near or word is NULL. The
 * result is one of candidates (borrowed). For "did you mean" messages (the
 * CLI's unknown commands and options).
 */
INFRACOST_API const char *infracost_suggest(const char *word, const char *const *candidates,
					    size_t count);

/*
 * Text made safe for a terminal, a table, Markdown, CSV or a message: every
 * control character is escaped visibly, so no name or feed field can move
 * the cursor, change colours or forge a line. C0 controls become "\n",
 * "\r", "\t" or "\xHH" ("\x1b" for ESC), DEL "\x7f", a C1 control
 * (U+0080..U+009F, two bytes in UTF-8) "\u0080".."\u009f", and a byte that
 * is not part of well-formed UTF-8 "\xHH". Everything else, backslashes
 * included, is kept as is. Error messages (infracost_error_last) and the
 * library's table, Markdown and CSV renderings are escaped this way already.
 *
 * Writes at most cap - 1 bytes and a NUL to dst (when cap > 0; an escape is
 * never cut in two) and returns the length of the whole escaped text, like
 * snprintf: when the result is >= cap the text was cut. dst may be NULL
 * with cap 0 to measure. s NULL is taken as "".
 */
INFRACOST_API size_t infracost_text_escape(char *dst, size_t cap, const char *s);

/*
 * Process-wide set-up and tear-down, reference counted. Call
 * infracost_global_init() once before other calls from a program that may
 * use network fetches or numerics; calls are cheap after the first.
 */
INFRACOST_API int infracost_global_init(void);
INFRACOST_API void infracost_global_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif
