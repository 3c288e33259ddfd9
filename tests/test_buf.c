/* test_buf.c - the growable buffer (lib/util/buf.c): number formatting, JSON
 * string escaping, CSV field quoting, out-of-memory behaviour. */
#include "helpers.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

/* ---- infracost__fmt_num ---------------------------------------------- */

static void expect_num_(double v, const char *want, const char *file, int line)
{
	char out[64];
	size_t n;

	memset(out, 'X', sizeof(out));
	n = infracost__fmt_num(out, v);
	if (n != strlen(want) || strcmp(out, want) != 0) {
		print_error("%s:%d: fmt_num(%.17g) = \"%s\" (len %zu), expected \"%s\"\n", file,
			    line, v, out, n, want);
		_fail(file, line);
	}
}

#define EXPECT_NUM(v, want) expect_num_((v), (want), __FILE__, __LINE__)

static void test_fmt_num_common_values(void **state)
{
	(void)state;
	EXPECT_NUM(0.0, "0.0");
	EXPECT_NUM(-0.0, "0.0");
	EXPECT_NUM(1.0, "1.0");
	EXPECT_NUM(730.0, "730.0");
	EXPECT_NUM(0.1, "0.1");
	EXPECT_NUM(0.5, "0.5");
	EXPECT_NUM(70.08, "70.08");
	EXPECT_NUM(0.096, "0.096");
	EXPECT_NUM(0.0104, "0.0104");
	EXPECT_NUM(13163.2, "13163.2");
	EXPECT_NUM(1e14, "100000000000000.0");
	EXPECT_NUM(123456789012345.0, "123456789012345.0");
	EXPECT_NUM(12345678901234.5, "12345678901234.5");
	/* 0.1 + 0.2 is 0.30000000000000004: 15 digits hide the error. */
	EXPECT_NUM(0.1 + 0.2, "0.3");
	EXPECT_NUM(1.0 / 3.0, "0.333333333333333");
	EXPECT_NUM(2.0 / 3.0, "0.666666666666667");
	EXPECT_NUM(1.23456789012345678, "1.23456789012346");
	EXPECT_NUM(0.000123456789012345678, "0.000123456789012346");
	/* The smallest magnitude of the fixed-point path. */
	EXPECT_NUM(1e-5, "0.00001");
	EXPECT_NUM(2.5e-5, "0.000025");
}

static void test_fmt_num_negative(void **state)
{
	(void)state;
	EXPECT_NUM(-1.0, "-1.0");
	EXPECT_NUM(-730.0, "-730.0");
	EXPECT_NUM(-0.001, "-0.001");
	EXPECT_NUM(-70.08, "-70.08");
	EXPECT_NUM(-123456789012345.0, "-123456789012345.0");
	EXPECT_NUM(-1e-7, "-1e-07");
	EXPECT_NUM(-1e20, "-1e+20");
}

static void test_fmt_num_fallback_magnitudes(void **state)
{
	(void)state;
	/* Below 1e-5 and from 1e15 up: "%.15g", which has an exponent. */
	EXPECT_NUM(1e-7, "1e-07");
	EXPECT_NUM(9.5e-6, "9.5e-06");
	EXPECT_NUM(1e20, "1e+20");
	EXPECT_NUM(1.5e20, "1.5e+20");
	EXPECT_NUM(1e15, "1e+15");
	EXPECT_NUM(123456789012345678.0, "1.23456789012346e+17");
	EXPECT_NUM(5e-324, "4.94065645841247e-324");
	EXPECT_NUM(1.7976931348623157e308, "1.79769313486232e+308");
	/* Not produced by the engine, but never a bare word without a point
	 * that a parser could take for something else either. */
	EXPECT_NUM(INFINITY, "inf");
	EXPECT_NUM(-INFINITY, "-inf");
}

static void test_fmt_num_rounds_across_power_of_ten(void **state)
{
	(void)state;
	/* 9.9999999999999995 is the double 10.0. */
	EXPECT_NUM(9.9999999999999995, "10.0");
	/* The largest doubles below a power of ten need a 16th digit, so 15
	 * digits round them up to the power itself. */
	EXPECT_NUM(nextafter(1.0, 0.0), "1.0");
	EXPECT_NUM(nextafter(10.0, 0.0), "10.0");
	EXPECT_NUM(nextafter(100.0, 0.0), "100.0");
	EXPECT_NUM(nextafter(1e5, 0.0), "100000.0");
	EXPECT_NUM(nextafter(1e10, 0.0), "10000000000.0");
	EXPECT_NUM(nextafter(0.1, 0.0), "0.1");
	EXPECT_NUM(nextafter(0.001, 0.0), "0.001");
	EXPECT_NUM(-nextafter(1000.0, 0.0), "-1000.0");
	/* Rounding at the 15th digit carries through all the nines. */
	EXPECT_NUM(9.99999999999999999e-5, "0.0001");
	EXPECT_NUM(99999.99999999999, "100000.0");
	EXPECT_NUM(0.9999999999999999, "1.0");
	/* ... and the smallest doubles above a power stay at it. */
	EXPECT_NUM(nextafter(1.0, 2.0), "1.0");
	EXPECT_NUM(nextafter(1e-3, 1.0), "0.001");
	/* Just below the power: 15 nines survive. */
	EXPECT_NUM(9.99999999999999, "9.99999999999999");
	EXPECT_NUM(0.0999999999999999, "0.0999999999999999");
}

static void test_fmt_num_just_below_1e15(void **state)
{
	(void)state;
	/* Regression (fixed): lib/util/buf.c infracost__fmt_num: values in [999999999999999.5, 1e15)
	 * take the fixed-point path, round to 16 digits (1e15) and then index
	 * pow10_table[-1] (out of bounds; AddressSanitizer: global-buffer-
	 * overflow). Expected "1000000000000000.0" (or "1e+15" as "%.15g"
	 * gives). */
	EXPECT_NUM(999999999999999.9, "1e+15");
	EXPECT_NUM(nextafter(1e15, 0.0), "1e+15");
	EXPECT_NUM(99999999999999.99, "100000000000000.0");
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng_next(void)
{
	/* xorshift64*: deterministic, so a failure reproduces. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static void test_fmt_num_round_trip_property(void **state)
{
	char out[64];
	(void)state;

	for (int i = 0; i < 100000; i++) {
		uint64_t r = rng_next();
		/* Mantissa in [1, 10) with all 52 bits random, exponent -12..29
		 * (both paths), and a random sign. Values in [999999999999999.5,
		 * 1e15) are skipped: see test_fmt_num_just_below_1e15. */
		double mant = 1.0 + 9.0 * (double)(r >> 11) / 9007199254740992.0;
		int e = (int)(rng_next() % 42) - 12;
		double x = mant * pow(10.0, e), back;
		size_t n;
		char *end;

		if (fabs(x) >= 999999999999999.5 && fabs(x) < 1e15)
			continue;
		if (r & 1)
			x = -x;
		n = infracost__fmt_num(out, x);
		assert_true(n < 32);
		assert_int_equal(n, strlen(out));
		if (!strpbrk(out, ".e")) {
			print_error("fmt_num(%.17g) = \"%s\" has neither '.' nor 'e'\n", x, out);
			fail();
		}
		back = strtod(out, &end);
		assert_int_equal(*end, '\0');
		if (!(fabs(back - x) <= 1e-14 * fabs(x))) {
			print_error("fmt_num(%.17g) = \"%s\" reads back as %.17g\n", x, out, back);
			fail();
		}
	}
	/* Exact on values with few digits. */
	for (int cents = -100000; cents <= 100000; cents += 7) {
		double x = cents / 100.0;
		infracost__fmt_num(out, x);
		assert_true(strtod(out, NULL) == x);
	}
}

static void test_buf_num_appends(void **state)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	(void)state;

	infracost__buf_num(&b, 70.08);
	infracost__buf_putc(&b, ' ');
	infracost__buf_num(&b, 730);
	infracost__buf_putc(&b, ' ');
	infracost__buf_num(&b, -1e20);
	assert_false(b.failed);
	assert_string_equal(b.data, "70.08 730.0 -1e+20");
	assert_int_equal(b.len, 18);
	infracost__buf_free(&b);
}

/* ---- JSON strings ------------------------------------------------------ */

static void expect_json_(const char *in, const char *want, const char *file, int line)
{
	infracost_buf b = INFRACOST_BUF_INIT;

	infracost__buf_puts(&b, "<");
	infracost__buf_json_str(&b, in);
	infracost__buf_puts(&b, ">");
	if (b.failed || b.len != strlen(want) + 2 || strncmp(b.data + 1, want, b.len - 2) != 0) {
		print_error("%s:%d: json_str = %s, expected <%s>\n", file, line,
			    b.data ? b.data : "(null)", want);
		infracost__buf_free(&b);
		_fail(file, line);
	}
	infracost__buf_free(&b);
}

#define EXPECT_JSON(in, want) expect_json_((in), (want), __FILE__, __LINE__)

static void test_json_str(void **state)
{
	(void)state;
	EXPECT_JSON(NULL, "null");
	EXPECT_JSON("", "\"\"");
	EXPECT_JSON("m5.large", "\"m5.large\"");
	EXPECT_JSON("say \"hi\"", "\"say \\\"hi\\\"\"");
	EXPECT_JSON("C:\\path\\", "\"C:\\\\path\\\\\"");
	EXPECT_JSON("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	EXPECT_JSON("\x01", "\"\\u0001\"");
	EXPECT_JSON("x\x1fy", "\"x\\u001fy\"");
	EXPECT_JSON("\b\f", "\"\\u0008\\u000c\"");
	EXPECT_JSON("\x10\x0b", "\"\\u0010\\u000b\"");
	/* DEL is escaped too (inert on a terminal); UTF-8, C1 included, passes
	 * through unchanged. */
	EXPECT_JSON("\x7f", "\"\\u007f\"");
	EXPECT_JSON("\xc2\x9b", "\"\xc2\x9b\"");
	EXPECT_JSON("caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"");
	/* Escapes at both ends and back to back. */
	EXPECT_JSON("\"\\\"", "\"\\\"\\\\\\\"\"");
	EXPECT_JSON("/", "\"/\"");
}

static void test_json_str_long(void **state)
{
	/* Longer than the first allocation (256 bytes), escapes spread out. */
	infracost_buf b = INFRACOST_BUF_INIT, want = INFRACOST_BUF_INIT;
	char in[1001];
	(void)state;

	for (int i = 0; i < 1000; i++)
		in[i] = i % 50 == 0 ? '"' : (char)('a' + i % 26);
	in[1000] = '\0';
	infracost__buf_putc(&want, '"');
	for (int i = 0; i < 1000; i++) {
		if (in[i] == '"')
			infracost__buf_putc(&want, '\\');
		infracost__buf_putc(&want, in[i]);
	}
	infracost__buf_putc(&want, '"');
	infracost__buf_json_str(&b, in);
	assert_false(b.failed);
	assert_int_equal(b.len, 1000 + 20 + 2);
	assert_string_equal(b.data, want.data);
	infracost__buf_free(&b);
	infracost__buf_free(&want);
}

/* ---- CSV fields ------------------------------------------------------- */

static void expect_csv_(const char *in, const char *want, const char *file, int line)
{
	infracost_buf b = INFRACOST_BUF_INIT;

	infracost__buf_puts(&b, "<");
	infracost__buf_csv_field(&b, in);
	infracost__buf_puts(&b, ">");
	if (b.failed || b.len != strlen(want) + 2 || strncmp(b.data + 1, want, b.len - 2) != 0) {
		print_error("%s:%d: csv_field = %s, expected <%s>\n", file, line,
			    b.data ? b.data : "(null)", want);
		infracost__buf_free(&b);
		_fail(file, line);
	}
	infracost__buf_free(&b);
}

#define EXPECT_CSV(in, want) expect_csv_((in), (want), __FILE__, __LINE__)

static void test_csv_field(void **state)
{
	(void)state;
	EXPECT_CSV(NULL, "");
	EXPECT_CSV("", "");
	EXPECT_CSV("m5.large", "m5.large");
	EXPECT_CSV("with space", "with space");
	EXPECT_CSV("a,b", "\"a,b\"");
	EXPECT_CSV("say \"hi\"", "\"say \"\"hi\"\"\"");
	EXPECT_CSV("\"", "\"\"\"\"");
	/* Control characters are escaped visibly, never written raw. */
	EXPECT_CSV("two\nlines", "two\\nlines");
	EXPECT_CSV("cr\r", "cr\\r");
	EXPECT_CSV("a,\x1b[2J", "\"a,\\x1b[2J\"");
	EXPECT_CSV("q\"\x7f\xc2\x85", "\"q\"\"\\x7f\\u0085\"");
	EXPECT_CSV(",", "\",\"");
	/* Only the characters that need it trigger quoting. */
	EXPECT_CSV("#x;y\t'z'", "#x;y\\t'z'");
}

/* ---- Buffer basics and out of memory ---------------------------------- */

/* ---- visible escaping (infracost_text_escape) ------------------------ */

static void test_text_escape(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"", ""},
		{"m5.large", "m5.large"},
		{"back\\slash \"q\" | ok", "back\\slash \"q\" | ok"},
		{"a\nb\rc\td", "a\\nb\\rc\\td"},
		{"\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
		{"\x01\x1f\x7f", "\\x01\\x1f\\x7f"},
		/* C1 controls as UTF-8: U+0085 (NEL), U+009B (CSI) */
		{"x\xc2\x85y\xc2\x9b", "x\\u0085y\\u009b"},
		/* other UTF-8 kept: U+00A0, é, €, U+1F600 */
		{"\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		 "\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"},
		/* bytes that are not UTF-8: a lone C1 byte, a cut sequence,
		 * an overlong form, a surrogate */
		{"\x9b"
		 "2J",
		 "\\x9b2J"},
		{"\xe2\x82", "\\xe2\\x82"},
		{"\xc0\xaf", "\\xc0\\xaf"},
		{"\xed\xa0\x80", "\\xed\\xa0\\x80"},
	};
	char out[128];
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = infracost_text_escape(out, sizeof(out), cases[i].in);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
		assert_int_equal(infracost_text_escape(NULL, 0, cases[i].in), n);
		assert_int_equal(infracost__text_width(cases[i].in), n);
	}
	/* NULL is ""; a cut never splits an escape, and the length is the whole */
	assert_int_equal(infracost_text_escape(out, sizeof(out), NULL), 0);
	assert_string_equal(out, "");
	assert_int_equal(infracost_text_escape(out, 4, "ab\x1b"), 6);
	assert_string_equal(out, "ab");
	assert_int_equal(infracost_text_escape(out, 7,
					       "ab\x1b"
					       "c"),
			 7);
	assert_string_equal(out, "ab\\x1b");
}

static void test_buf_text(void **state)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	(void)state;
	infracost__buf_text(&b, "plain", NULL, 0);
	infracost__buf_text(&b, NULL, NULL, 0);
	infracost__buf_text(&b, "|a\nb|", NULL, 0);
	infracost__buf_putc(&b, ' ');
	/* Markdown: '|' and '\' (those of the escapes too) get a backslash */
	infracost__buf_text(&b, "x|y\\z\x1b", "|\\", '\\');
	assert_false(b.failed);
	assert_string_equal(b.data, "plain|a\\nb| x\\|y\\\\z\\\\x1b");
	infracost__buf_free(&b);
}

static void test_buf_printf_pad_detach(void **state)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	char *out = NULL;
	size_t len = 0;
	(void)state;

	infracost__buf_printf(&b, "%s=%d", "replicas", 3);
	infracost__buf_pad(&b, 3);
	infracost__buf_put(&b, "xyz", 2);
	/* Longer than the first allocation. */
	for (int i = 0; i < 100; i++)
		infracost__buf_printf(&b, "%02d", i % 100);
	assert_false(b.failed);
	assert_int_equal(b.len, 10 + 3 + 2 + 200);
	assert_int_equal(infracost__buf_detach(&b, &out, &len), 0);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(len, 215);
	assert_memory_equal(out, "replicas=3   xy000102", 21);
	assert_string_equal(out + 211, "9899");
	infracost_free(out);
}

static void test_buf_detach_empty(void **state)
{
	/* Regression (fixed): lib/util/buf.c infracost__buf_detach: on a buffer that nothing was
	 * appended to (data == NULL), infracost__buf_reserve(b, 0) allocates
	 * 256 bytes but nothing writes the terminating NUL, so the caller gets
	 * uninitialised bytes instead of "" (buf.h promises NUL-terminated
	 * contents; valgrind: conditional jump depends on uninitialised value).
	 * Expected: out is "" and *out_len is 0. */
	infracost_buf b = INFRACOST_BUF_INIT;
	char *out = NULL;
	size_t len = 99;
	(void)state;

	assert_int_equal(infracost__buf_detach(&b, &out, &len), 0);
	assert_non_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(out[0], '\0');
	infracost_free(out);
}

static void test_buf_out_of_memory(void **state)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	char *out = (char *)"untouched";
	(void)state;

	infracost__alloc_fail_after(1);
	infracost__buf_puts(&b, "lost");
	infracost__alloc_fail_after(0);
	assert_true(b.failed);
	/* Later appends do nothing, even when memory is back. */
	infracost__buf_puts(&b, "also lost");
	infracost__buf_json_str(&b, "x");
	assert_true(b.failed);
	assert_int_equal(b.len, 0);
	assert_int_equal(infracost__buf_detach(&b, &out, NULL), INFRACOST_ENOMEM);
	assert_string_equal(out, "untouched");
	assert_int_equal(infracost_error_last()->code, INFRACOST_ENOMEM);
	assert_null(b.data);

	/* A failure while growing keeps what was there and frees it later. */
	infracost__buf_puts(&b, "kept");
	assert_false(b.failed);
	infracost__alloc_fail_after(1);
	infracost__buf_pad(&b, 1000);
	infracost__alloc_fail_after(0);
	assert_true(b.failed);
	assert_string_equal(b.data, "kept");
	infracost__buf_free(&b);
	assert_false(b.failed);
}

/* ---- file reading ---------------------------------------------------------- */

static const char *scratch(const char *name)
{
	static char path[256];
	snprintf(path, sizeof(path), "/tmp/infracost-test-buf-%ld-%s", (long)getpid(), name);
	return path;
}

/* A file truncated after it was opened: the bytes read stay readable (a
 * mapped file would raise SIGBUS on its first page past the new end). */
static void test_file_truncated_after_open(void **state)
{
	const char *path = scratch("truncated");
	infracost_file_view v;
	FILE *f = fopen(path, "wb");
	size_t sum = 0;
	(void)state;
	assert_non_null(f);
	for (int i = 0; i < 1 << 20; i++)
		fputc('a' + i % 26, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(infracost__file_open(&v, path), 0);
	assert_int_equal(v.len, 1 << 20);
	assert_int_equal(truncate(path, 0), 0);
	for (size_t i = 0; i < v.len; i += 4096)
		sum += (unsigned char)v.data[i];
	assert_true(sum > 0);
	assert_int_equal(v.data[v.len - 1], 'a' + ((1 << 20) - 1) % 26);
	assert_int_equal(v.data[v.len], '\0');
	infracost__file_close(&v);
	unlink(path);
}

/* What is not a regular file is read up to a limit (/dev/zero never ends);
 * file_open_max limits any file, exactly at max. */
static void test_file_limits(void **state)
{
	const char *path = scratch("limits");
	infracost_file_view v;
	FILE *f = fopen(path, "wb");
	(void)state;
	assert_non_null(f);
	assert_int_equal(fwrite("0123456789", 1, 10, f), 10);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(infracost__file_open_max(&v, path, 10, "a test"), 0);
	assert_int_equal(v.len, 10);
	assert_memory_equal(v.data, "0123456789", 11);
	infracost__file_close(&v);
	assert_int_equal(infracost__file_open_max(&v, path, 9, "a test"), INFRACOST_EIO);
	assert_non_null(strstr(infracost_error_last()->message, "limits: more than 9 bytes (the "
								"limit for a test)"));
	assert_null(v.data);
	unlink(path);
	/* A device that never ends: 1 MiB and one byte read at most. */
	assert_int_equal(infracost__file_open_max(&v, "/dev/zero", 1 << 20, "a page"),
			 INFRACOST_EIO);
	assert_string_equal(infracost_error_last()->message,
			    "/dev/zero: more than 1 MiB (the limit for a page)");
	assert_int_equal(infracost__file_open(&v, "/dev/zero"), INFRACOST_EIO);
	assert_string_equal(infracost_error_last()->message,
			    "/dev/zero: more than 256 MiB (the limit for an input that is not a "
			    "regular file)");
	/* An empty device, a missing file. */
	assert_int_equal(infracost__file_open(&v, "/dev/null"), 0);
	assert_int_equal(v.len, 0);
	assert_string_equal(v.data, "");
	infracost__file_close(&v);
	assert_int_equal(infracost__file_open(&v, scratch("missing")), INFRACOST_EIO);
	assert_non_null(strstr(infracost_error_last()->message, "missing: cannot open: No such"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_num_common_values),
		cmocka_unit_test(test_fmt_num_negative),
		cmocka_unit_test(test_fmt_num_fallback_magnitudes),
		cmocka_unit_test(test_fmt_num_rounds_across_power_of_ten),
		cmocka_unit_test(test_fmt_num_just_below_1e15),
		cmocka_unit_test(test_fmt_num_round_trip_property),
		cmocka_unit_test(test_buf_num_appends),
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_json_str_long),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_buf_text),
		cmocka_unit_test(test_buf_printf_pad_detach),
		cmocka_unit_test(test_buf_detach_empty),
		cmocka_unit_test(test_buf_out_of_memory),
		cmocka_unit_test(test_file_truncated_after_open),
		cmocka_unit_test(test_file_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
