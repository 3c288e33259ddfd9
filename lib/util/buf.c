/* buf.c - growable buffer, number formatting, file reading. */
#include "cnum.h"
#include "buf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

void infracost__buf_free(infracost_buf *b)
{
	infracost__free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void infracost__buf_flush(infracost_buf *b)
{
	if (!b->sink || b->failed || b->len == 0)
		return;
	if (b->sink(b->sink_ctx, b->data, b->len) != 0) {
		b->failed = 1;
		b->sink_failed = 1;
	}
	b->len = 0;
}

int infracost__buf_reserve(infracost_buf *b, size_t extra)
{
	if (b->failed)
		return INFRACOST_ENOMEM;
	if (b->sink && b->len + extra + 1 > INFRACOST_BUF_CHUNK && b->len > 0) {
		infracost__buf_flush(b);
		if (b->failed)
			return INFRACOST_EIO;
	}
	if (b->len + extra + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		char *grown;
		while (ncap < b->len + extra + 1)
			ncap *= 2;
		grown = infracost__realloc(b->data, ncap);
		if (!grown) {
			b->failed = 1;
			return INFRACOST_ENOMEM;
		}
		b->data = grown;
		b->cap = ncap;
	}
	return 0;
}

void infracost__buf_put(infracost_buf *b, const char *s, size_t n)
{
	if (infracost__buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void infracost__buf_puts(infracost_buf *b, const char *s)
{
	infracost__buf_put(b, s, strlen(s));
}

void infracost__buf_putc(infracost_buf *b, char c)
{
	if (infracost__buf_reserve(b, 1))
		return;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void infracost__buf_pad(infracost_buf *b, size_t n)
{
	if (infracost__buf_reserve(b, n))
		return;
	memset(b->data + b->len, ' ', n);
	b->len += n;
	b->data[b->len] = '\0';
}

void infracost__buf_printf(infracost_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = infracost__vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || infracost__buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	infracost__vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void infracost__buf_json_str(infracost_buf *b, const char *s)
{
	char *o;
	if (!s) {
		infracost__buf_put(b, "null", 4);
		return;
	}
	if ((o = infracost__buf_claim(b, 6 * strlen(s) + 2)))
		infracost__buf_commit(b, infracost__json_str_at(o, s));
}

char *infracost__json_str_at(char *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	*o++ = '"';
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		memcpy(o, run, (size_t)(s - run));
		o += s - run;
		if (!c)
			break;
		run = s + 1;
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	return o;
}

/* The length of the well-formed UTF-8 sequence at s (2 to 4), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

/* The next unit of s, escaped: its text in out (up to 6 bytes, or s
 * itself when it is printable as is: *out_ptr), its length; *used gets the
 * bytes of s it stands for. */
static size_t escape_unit(const unsigned char *s, char out[8], const char **text, size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = s[0];
	size_t n;

	*text = out;
	*used = 1;
	if (c >= 0x20 && c < 0x7F) {
		*text = (const char *)s;
		return 1;
	}
	if (c < 0x20 || c == 0x7F) {
		out[0] = '\\';
		switch (c) {
		case '\n': out[1] = 'n'; return 2;
		case '\r': out[1] = 'r'; return 2;
		case '\t': out[1] = 't'; return 2;
		default:
			out[1] = 'x';
			out[2] = hex[c >> 4];
			out[3] = hex[c & 15];
			return 4;
		}
	}
	n = utf8_seq(s);
	if (n == 2 && c == 0xC2 && s[1] < 0xA0) { /* C1: U+0080..U+009F */
		memcpy(out, "\\u00", 4);
		out[4] = hex[s[1] >> 4];
		out[5] = hex[s[1] & 15];
		*used = 2;
		return 6;
	}
	if (n) {
		*text = (const char *)s;
		*used = n;
		return n;
	}
	/* a byte that is not UTF-8 (an 8-bit terminal takes 0x9b as CSI) */
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 15];
	return 4;
}

size_t infracost_text_escape(char *dst, size_t cap, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = 0, kept = 0;

	while (*p) {
		char unit[8];
		const char *text;
		size_t used, n = escape_unit(p, unit, &text, &used);
		/* a unit is written whole or not at all, and nothing after a cut */
		if (dst && kept == len && len + n < cap) {
			memcpy(dst + len, text, n);
			kept += n;
		}
		len += n;
		p += used;
	}
	if (dst && cap)
		dst[kept] = '\0';
	return len;
}

void infracost__buf_text(infracost_buf *b, const char *s, const char *special, char prefix)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p), i;
	char *o;

	for (i = 0; i < len; i++)
		if (p[i] < 0x20 || p[i] >= 0x7F || (special && strchr(special, p[i])))
			break;
	if (i == len) { /* nothing to escape: the common case */
		infracost__buf_put(b, (const char *)p, len);
		return;
	}
	/* up to 6 bytes for 2 (C1) or 4 for 1, each maybe prefixed */
	if (!(o = infracost__buf_claim(b, 8 * len + 1)))
		return;
	while (*p) {
		char unit[8];
		const char *text;
		size_t used, n = escape_unit(p, unit, &text, &used);
		for (size_t k = 0; k < n; k++) {
			if (special && strchr(special, text[k]))
				*o++ = prefix;
			*o++ = text[k];
		}
		p += used;
	}
	infracost__buf_commit(b, o);
}

size_t infracost__text_width(const char *s)
{
	return infracost_text_escape(NULL, 0, s);
}

void infracost__buf_csv_field(infracost_buf *b, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"")) {
		infracost__buf_text(b, s, NULL, 0);
		return;
	}
	infracost__buf_putc(b, '"');
	infracost__buf_text(b, s, "\"", '"');
	infracost__buf_putc(b, '"');
}

void infracost__buf_num(infracost_buf *b, double v)
{
	char tmp[40];
	size_t n = infracost__fmt_num(tmp, v);
	infracost__buf_put(b, tmp, n);
}

/* 1e0 .. 1e22, all exact. (For the exponent search, pow10_table[e + 5] * 1e-5
 * is 10^e rounded once, good enough to pick the candidate that the digit
 * count check below then corrects.) */
static const double pow10_table[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Rare magnitudes (and NaN/inf, which the engine never produces). */
static size_t fmt_slow(char *dst, double v)
{
	int n = infracost__snprintf(dst, 32, "%.15g", v);
	if (!strpbrk(dst, ".eEn")) {
		dst[n++] = '.';
		dst[n++] = '0';
		dst[n] = '\0';
	}
	return (size_t)n;
}

size_t infracost__fmt_num(char *dst, double v)
{
	double a = fabs(v);
	char digits[24];
	char *p = dst;
	uint64_t m;
	int e, decimals, nd, i, point;

	if (a == 0.0) {
		memcpy(dst, "0.0", 4);
		return 3;
	}
	if (!(a >= 1e-5 && a < 1e15))
		return fmt_slow(dst, v);
	if (a < 1e9 && a == (double)(uint64_t)a) {
		/* Whole numbers (hours, counts): digits and ".0". */
		uint64_t w = (uint64_t)a;
		char tmp[24];
		int n = 0;
		do {
			tmp[n++] = (char)('0' + w % 10);
			w /= 10;
		} while (w);
		if (v < 0)
			*p++ = '-';
		while (n)
			*p++ = tmp[--n];
		memcpy(p, ".0", 3);
		return (size_t)(p + 2 - dst);
	}
	/* Fast path: scale to a 15-digit integer and place the point. The
	 * decimal exponent is estimated from the binary one (log10(2) ~
	 * 0.30103) and corrected by the digit-count checks below. */
	{
		/* The binary exponent from the bits; x 78913 / 2^18 ~ log10(2). */
		uint64_t bits;
		int e2;
		memcpy(&bits, &a, sizeof(bits));
		e2 = (int)((bits >> 52) & 0x7ff) - 1022; /* a = f x 2^e2, 0.5 <= f < 1 */
		e = ((e2 - 1) * 78913) >> 18;
		if (e < -5)
			e = -5;
		if (e < 14 && a >= pow10_table[e + 6] * 1e-5)
			e++;
	}
	decimals = 14 - e;
	if (decimals < 0 || decimals > 20) /* the estimate crossed a power of ten */
		return fmt_slow(dst, v);
	m = (uint64_t)(a * pow10_table[decimals] + 0.5);
	if (m >= 1000000000000000ULL) { /* rounding carried into a 16th digit */
		if (decimals == 0)      /* just below 1e15: leave it to printf */
			return fmt_slow(dst, v);
		e++;
		decimals--;
		m = (uint64_t)(a * pow10_table[decimals] + 0.5);
	} else if (m < 100000000000000ULL) { /* the estimate was one too high */
		if (decimals == 20)
			return fmt_slow(dst, v);
		e--;
		decimals++;
		m = (uint64_t)(a * pow10_table[decimals] + 0.5);
	}
	/* Two digits a step. */
	{
		static const char pairs[201] = "000102030405060708091011121314151617181920212223242"
					       "52627282930313233343536373839"
					       "404142434445464748495051525354555657585960616263646"
					       "56667686970717273747576777879"
					       "8081828384858687888990919293949596979899";
		digits[14] = (char)('0' + m % 10);
		m /= 10;
		for (i = 12; i >= 0; i -= 2) {
			memcpy(digits + i, pairs + 2 * (m % 100), 2);
			m /= 100;
		}
	}
	nd = 15;
	/* Drop trailing zeros of the fraction. */
	point = e + 1; /* digits before the point (may be <= 0) */
	while (nd > (point > 0 ? point : 0) && nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (v < 0)
		*p++ = '-';
	if (point <= 0) {
		*p++ = '0';
		*p++ = '.';
		for (i = 0; i < -point; i++)
			*p++ = '0';
		memcpy(p, digits, (size_t)nd);
		p += nd;
	} else {
		memcpy(p, digits, (size_t)point);
		p += point;
		*p++ = '.';
		if (nd > point) {
			memcpy(p, digits + point, (size_t)(nd - point));
			p += nd - point;
		} else {
			*p++ = '0';
		}
	}
	*p = '\0';
	return (size_t)(p - dst);
}

int infracost__buf_detach(infracost_buf *b, char **out, size_t *out_len)
{
	if (b->failed || infracost__buf_reserve(b, 0)) {
		infracost__buf_free(b);
		return infracost__error_oom();
	}
	b->data[b->len] = '\0';
	*out = b->data;
	if (out_len)
		*out_len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return 0;
}

/* "256 MiB" for a limit that is a whole number of MiB, else bytes. */
static void limit_text(char *dst, size_t n, size_t limit)
{
	if (limit % (1024 * 1024) == 0)
		infracost__snprintf(dst, n, "%zu MiB", limit / (1024 * 1024));
	else
		infracost__snprintf(dst, n, "%zu bytes", limit);
}

/* Read the whole file at path into view (NUL-terminated). A regular file is
 * read up to the larger of its size and `other_max` unless `regular_max` is
 * set (then up to that); anything else (a pipe, a device, /dev/zero) up to
 * `other_max`. Read, never mapped: a file truncated while read gives fewer
 * bytes, not a SIGBUS in the host. */
static int read_capped(infracost_file_view *view, const char *path, size_t other_max,
		       size_t regular_max, const char *what)
{
	struct stat st;
	char *data = NULL, text[32];
	size_t len = 0, cap, limit;
	int fd, rc = 0, regular;

	memset(view, 0, sizeof(*view));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL, "cannot open: %s",
					   strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL, "cannot read: %s",
					 strerror(errno));
		goto done;
	}
	regular = S_ISREG(st.st_mode);
	limit = regular_max && regular ? regular_max : other_max;
	if (regular && !regular_max && (uint64_t)st.st_size > limit)
		limit = (uint64_t)st.st_size < SIZE_MAX - 2 ? (size_t)st.st_size : SIZE_MAX - 2;
	if (regular && (uint64_t)st.st_size > limit)
		goto too_big;
	/* At most limit + 1 bytes are read (one more says there is more) into
	 * at most limit + 2: one allocation of the file's size when it is known
	 * (a regular file), growing only for pipes and files that grow. */
	cap = regular && st.st_size > 0 ? (size_t)st.st_size + 2 : 65536;
	if (cap > limit + 2)
		cap = limit + 2;
	for (;;) {
		ssize_t n;
		if (!data || len + 1 >= cap) {
			size_t ncap = !data ? cap : cap > (limit + 2) / 2 ? limit + 2 : cap * 2;
			char *grown = infracost__realloc(data, ncap);
			if (!grown) {
				rc = infracost__error_oom();
				goto done;
			}
			data = grown;
			cap = ncap;
		}
		n = read(fd, data + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL, "cannot read: %s",
						 strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > limit)
			goto too_big;
	}
	data[len] = '\0';
	view->owned = data;
	view->data = data;
	view->len = len;
	data = NULL;
	goto done;
too_big:
	limit_text(text, sizeof(text), limit);
	rc = infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL, "more than %s (the limit for %s)",
				 text, what);
done:
	infracost__free(data);
	close(fd);
	return rc;
}

int infracost__file_open(infracost_file_view *view, const char *path)
{
	return read_capped(view, path, INFRACOST_INPUT_MAX, 0,
			   "an input that is not a regular file");
}

int infracost__file_open_max(infracost_file_view *view, const char *path, size_t max,
			     const char *what)
{
	return read_capped(view, path, max, max, what);
}

void infracost__file_close(infracost_file_view *view)
{
	infracost__free(view->owned);
	memset(view, 0, sizeof(*view));
}
