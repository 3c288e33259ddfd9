/* cnum.c - locale-independent number conversion (see cnum.h). */
#define _GNU_SOURCE /* strtod_l */
#include "cnum.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>

static locale_t c_locale = (locale_t)0;
static once_flag c_locale_once = ONCE_FLAG_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The C locale object, or 0 when it could not be made (then the calls fall
 * back to the thread's locale, which is "C" unless the host changed it). */
static locale_t get_c_locale(void)
{
	call_once(&c_locale_once, make_c_locale);
	return c_locale;
}

double infracost__strtod(const char *s, char **end)
{
	locale_t loc = get_c_locale();
	if (loc == (locale_t)0)
		return strtod(s, end);
	return strtod_l(s, end, loc);
}

int infracost__vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	locale_t loc = get_c_locale();
	locale_t old = loc != (locale_t)0 ? uselocale(loc) : (locale_t)0;
	int n = vsnprintf(buf, size, fmt, ap);
	if (old != (locale_t)0)
		uselocale(old);
	return n;
}

int infracost__snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = infracost__vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
