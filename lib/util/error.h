/* error.h - the per-thread last error (infracost_error_last). */
#ifndef INFRACOST_ERROR_H
#define INFRACOST_ERROR_H

#include "infracost/common.h"

#if defined(__GNUC__)
#define INFRACOST_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define INFRACOST_PRINTF(a, b)
#endif

/* Record an error and return `code`. The message is formatted as
 * "SOURCE:LINE:COLUMN: PATH: text" with the parts that are set. */
int infracost__error_at(int code, const char *source, int line, int column, const char *path,
			const char *fmt, ...) INFRACOST_PRINTF(6, 7);

/* One more error of the failure recorded last (infracost__error_at or
 * infracost__error first; they drop the list): a call that reports several
 * problems at once, as the estimate's missing prices. Returns `code`; when
 * memory runs out the error is dropped (the first stays). */
int infracost__error_more(int code, const char *source, int line, int column, const char *path,
			  const char *fmt, ...) INFRACOST_PRINTF(6, 7);

/* Record an error with no location and return `code`. */
int infracost__error(int code, const char *fmt, ...) INFRACOST_PRINTF(2, 3);

/* Record "out of memory" and return INFRACOST_ENOMEM. */
int infracost__error_oom(void);

#endif
