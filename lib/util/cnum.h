/* cnum.h - numbers read and written in the C locale, whatever the host
 * process set with setlocale(LC_NUMERIC, ...): a price of "0.204" is read
 * as 0.204 and written with a '.' in a German or French host too. Every
 * strtod and every printf-family call of the library goes through here. */
#ifndef INFRACOST_CNUM_H
#define INFRACOST_CNUM_H

#include <stdarg.h>
#include <stddef.h>

/* strtod in the C locale. */
double infracost__strtod(const char *s, char **end);

/* snprintf / vsnprintf in the C locale (the calling thread's locale is
 * switched for the call only, with uselocale). */
int infracost__snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int infracost__vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
