/* test_json.c - the strict JSON reader (lib/json.c): every value type,
 * numbers against strtod, strings (escapes, surrogates, UTF-8), structure
 * errors with exact line:column messages, positions, the depth limit, and
 * out-of-memory behaviour. Every text is copied into a heap buffer of
 * exactly its length (no NUL after it), so reading past the end shows
 * under ASan and valgrind. */
#include "helpers.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "json.h"

#define SRC "in.json"

/* A parsed document together with the exact-size copy of its text. */
typedef struct {
	json_doc doc;
	char *buf;
} jdoc;

static char *copy_exact(const char *text, size_t len)
{
	char *buf = malloc(len ? len : 1);
	assert_non_null(buf);
	if (len)
		memcpy(buf, text, len);
	return buf;
}

static const json_value *parse_ok_(jdoc *d, const char *text, size_t len, const char *file, int at)
{
	int rc;

	d->buf = copy_exact(text, len);
	rc = infracost__json_parse(&d->doc, d->buf, len, SRC);
	if (rc != 0) {
		print_error("%s:%d: parse returned %d (%s), expected success\n", file, at, rc,
			    infracost_error_last() ? infracost_error_last()->message : "?");
		free(d->buf);
		_fail(file, at);
	}
	if (!d->doc.root || d->doc.text != d->buf || d->doc.len != len) {
		print_error("%s:%d: parse succeeded but the document is incomplete\n", file, at);
		_fail(file, at);
	}
	return d->doc.root;
}

#define PARSE_OK(d, text) parse_ok_((d), (text), strlen(text), __FILE__, __LINE__)
#define PARSE_OK_N(d, text, len) parse_ok_((d), (text), (len), __FILE__, __LINE__)

static void jdoc_free(jdoc *d)
{
	infracost__json_free(&d->doc);
	free(d->buf);
	d->buf = NULL;
}

/* Parse text[0..len) expecting EPARSE with exactly
 * "in.json:LINE:COLUMN: malformed JSON: WHAT". */
static void expect_error_(const char *text, size_t len, int line, int column, const char *what,
			  const char *file, int at)
{
	json_doc doc;
	const infracost_error *e;
	char want[512];
	char *buf = copy_exact(text, len);
	int rc;

	infracost_error_clear();
	memset(&doc, 0xA5, sizeof(doc));
	rc = infracost__json_parse(&doc, buf, len, SRC);
	if (rc != INFRACOST_EPARSE) {
		print_error("%s:%d: parse returned %d, expected EPARSE (%d)\n", file, at, rc,
			    INFRACOST_EPARSE);
		if (rc == 0)
			infracost__json_free(&doc);
		free(buf);
		_fail(file, at);
	}
	free(buf);
	if (doc.root != NULL || doc.blocks != NULL) {
		print_error("%s:%d: failed parse left a root or arena blocks\n", file, at);
		_fail(file, at);
	}
	e = infracost_error_last();
	assert_non_null(e);
	snprintf(want, sizeof(want), SRC ":%d:%d: malformed JSON: %s", line, column, what);
	if (e->code != INFRACOST_EPARSE || e->line != line || e->column != column || !e->source ||
	    strcmp(e->source, SRC) != 0 || !e->message || strcmp(e->message, want) != 0) {
		print_error("%s:%d: error %d at %d:%d \"%s\",\n%*sexpected \"%s\"\n", file, at,
			    e->code, e->line, e->column, e->message ? e->message : "(null)", 10, "",
			    want);
		_fail(file, at);
	}
}

#define EXPECT_ERROR(text, line, column, what)                                                     \
	expect_error_((text), strlen(text), (line), (column), (what), __FILE__, __LINE__)
#define EXPECT_ERROR_N(text, len, line, column, what)                                              \
	expect_error_((text), (len), (line), (column), (what), __FILE__, __LINE__)

static int same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* The number `text` parses (alone and inside an array) to exactly `want`. */
static void expect_number_(const char *text, double want, const char *file, int at)
{
	jdoc d;
	const json_value *v;
	char *wrapped;
	size_t wlen = 2 * strlen(text) + 8;

	v = parse_ok_(&d, text, strlen(text), file, at);
	if (v->type != JSON_T_NUMBER || !same_double(v->u.num, want)) {
		print_error("%s:%d: \"%s\" parsed as type %d value %.17g, expected %.17g\n", file,
			    at, text, (int)v->type, v->u.num, want);
		jdoc_free(&d);
		_fail(file, at);
	}
	jdoc_free(&d);

	wrapped = malloc(wlen);
	assert_non_null(wrapped);
	snprintf(wrapped, wlen, "[ %s,%s ]", text, text);
	v = parse_ok_(&d, wrapped, strlen(wrapped), file, at);
	if (v->type != JSON_T_ARRAY || v->n != 2 || v->u.items[0].type != JSON_T_NUMBER ||
	    !same_double(v->u.items[0].u.num, want) || !same_double(v->u.items[1].u.num, want)) {
		print_error("%s:%d: \"%s\" inside an array parsed wrongly\n", file, at, wrapped);
		jdoc_free(&d);
		free(wrapped);
		_fail(file, at);
	}
	jdoc_free(&d);
	free(wrapped);
}

#define EXPECT_NUMBER(text, want) expect_number_((text), (want), __FILE__, __LINE__)
#define EXPECT_STRTOD(text) expect_number_((text), strtod((text), NULL), __FILE__, __LINE__)

/* The JSON text `json` is a string holding exactly bytes want[0..n). */
static void expect_string_(const char *json, const char *want, size_t n, const char *file, int at)
{
	jdoc d;
	const json_value *v = parse_ok_(&d, json, strlen(json), file, at);

	if (v->type != JSON_T_STRING || v->n != n || memcmp(v->u.str, want, n) != 0 ||
	    v->u.str[n] != '\0') {
		print_error("%s:%d: %s parsed as type %d with %u bytes, expected %zu bytes\n", file,
			    at, json, (int)v->type, (unsigned)v->n, n);
		jdoc_free(&d);
		_fail(file, at);
	}
	jdoc_free(&d);
}

#define EXPECT_STRING(json, want)                                                                  \
	expect_string_((json), (want), sizeof(want) - 1, __FILE__, __LINE__)

static void expect_position_(const json_doc *doc, const json_value *v, int line, int column,
			     const char *file, int at)
{
	int l = -1, c = -1;
	infracost__json_position(doc, v, &l, &c);
	if (l != line || c != column) {
		print_error("%s:%d: value at %d:%d, expected %d:%d\n", file, at, l, c, line,
			    column);
		_fail(file, at);
	}
}

#define EXPECT_POSITION(doc, v, line, column)                                                      \
	expect_position_((doc), (v), (line), (column), __FILE__, __LINE__)

/* ---------------------------------------------------------------- values */

static void test_literals(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	v = PARSE_OK(&d, "true");
	assert_int_equal(v->type, JSON_T_TRUE);
	assert_int_equal(v->offset, 0);
	jdoc_free(&d);

	v = PARSE_OK(&d, "  false  ");
	assert_int_equal(v->type, JSON_T_FALSE);
	assert_int_equal(v->offset, 2);
	jdoc_free(&d);

	v = PARSE_OK(&d, "\nnull");
	assert_int_equal(v->type, JSON_T_NULL);
	assert_int_equal(v->offset, 1);
	jdoc_free(&d);

	v = PARSE_OK(&d, "[true,false,null]");
	assert_int_equal(v->type, JSON_T_ARRAY);
	assert_int_equal(v->n, 3);
	assert_int_equal(v->u.items[0].type, JSON_T_TRUE);
	assert_int_equal(v->u.items[1].type, JSON_T_FALSE);
	assert_int_equal(v->u.items[2].type, JSON_T_NULL);
	assert_int_equal(v->u.items[0].offset, 1);
	assert_int_equal(v->u.items[1].offset, 6);
	assert_int_equal(v->u.items[2].offset, 12);
	jdoc_free(&d);
}

static void test_literal_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("tru", 1, 1, "invalid literal near 'tru'");
	EXPECT_ERROR("t", 1, 1, "invalid literal near 't'");
	EXPECT_ERROR("fals", 1, 1, "invalid literal near 'fals'");
	EXPECT_ERROR("nul", 1, 1, "invalid literal near 'nul'");
	EXPECT_ERROR("nulL", 1, 1, "invalid literal near 'nulL'");
	EXPECT_ERROR("trUe", 1, 1, "invalid literal near 'trUe'");
	EXPECT_ERROR("True", 1, 1, "unexpected character near 'True'");
	EXPECT_ERROR("NULL", 1, 1, "unexpected character near 'NULL'");
	EXPECT_ERROR("undefined", 1, 1, "unexpected character near 'undefined'");
	EXPECT_ERROR("truex", 1, 5, "end of file expected near 'x'");
	EXPECT_ERROR("nullnull", 1, 5, "end of file expected near 'null'");
	EXPECT_ERROR("[tru]", 1, 2, "invalid literal near 'tru]'");
	EXPECT_ERROR("{\"a\":fals}", 1, 6, "invalid literal near 'fals}'");
	EXPECT_ERROR("[true false]", 1, 7, "',' or ']' expected near 'false]'");
	EXPECT_ERROR("[nul", 1, 2, "invalid literal near 'nul'");
}

static void test_numbers_exact_values(void **state)
{
	(void)state;
	EXPECT_NUMBER("0", 0.0);
	EXPECT_NUMBER("-0", -0.0);
	EXPECT_NUMBER("-0.0", -0.0);
	EXPECT_NUMBER("0.0", 0.0);
	EXPECT_NUMBER("-0e5", -0.0);
	EXPECT_NUMBER("0e-5", 0.0);
	EXPECT_NUMBER("1", 1.0);
	EXPECT_NUMBER("-1", -1.0);
	EXPECT_NUMBER("42", 42.0);
	EXPECT_NUMBER("-123456789", -123456789.0);
	EXPECT_NUMBER("1.5", 1.5);
	EXPECT_NUMBER("-0.25", -0.25);
	EXPECT_NUMBER("3.14159", 3.14159);
	EXPECT_NUMBER("0.1", 0.1);
	EXPECT_NUMBER("1e5", 1e5);
	EXPECT_NUMBER("1E5", 1e5);
	EXPECT_NUMBER("1e+5", 1e5);
	EXPECT_NUMBER("1E+5", 1e5);
	EXPECT_NUMBER("1e-5", 1e-5);
	EXPECT_NUMBER("1E-5", 1e-5);
	EXPECT_NUMBER("2.5e-3", 2.5e-3);
	EXPECT_NUMBER("-2.5E+10", -2.5e10);
	EXPECT_NUMBER("1e0", 1.0);
	EXPECT_NUMBER("1e-0", 1.0);
	EXPECT_NUMBER("1e007", 1e7);
	EXPECT_NUMBER("1e22", 1e22);
	EXPECT_NUMBER("1e23", 1e23);
	EXPECT_NUMBER("1e-22", 1e-22);
	EXPECT_NUMBER("1e-23", 1e-23);
	EXPECT_NUMBER("1e308", 1e308);
	EXPECT_NUMBER("-1e308", -1e308);
	EXPECT_NUMBER("5e-324", 5e-324);
	EXPECT_NUMBER("4.9406564584124654e-324", 5e-324);
	EXPECT_NUMBER("1.7976931348623157e308", DBL_MAX);
	EXPECT_NUMBER("1.7976931348623158e308", DBL_MAX);
	EXPECT_NUMBER("2.2250738585072014e-308", DBL_MIN);
	EXPECT_NUMBER("9007199254740991", 9007199254740991.0);
	EXPECT_NUMBER("9007199254740993", 9007199254740992.0); /* ties to even */
	EXPECT_NUMBER("12345678901234567890", 12345678901234567890.0);
	EXPECT_NUMBER("0.000000000000000000000000000001", 1e-30);
	/* Underflow to zero is accepted (it is not out of range). */
	EXPECT_NUMBER("1e-400", 0.0);
	EXPECT_NUMBER("-1e-400", -0.0);
}

static void test_numbers_match_strtod(void **state)
{
	static const char *const texts[] = {
		"0.30000000000000004",
		"123456789012345678901234567890",
		"1234567890123456789012345678901234567890e-20",
		"9007199254740992",
		"9007199254740993",
		"9007199254740995",
		"18446744073709551615",
		"18446744073709551616",
		"99999999999999999999",
		"123456789012345678",
		"1234567890123456789",
		"1234567890123456789.5",
		"0.1234567890123456789012345",
		"8.98846567431158e307",
		"1e-300",
		"2.2250738585072011e-308",
		"2.2250738585072012e-308",
		"2.4703282292062328e-324",
		"2.4703282292062327e-324",
		"1e-324",
		"123.456e-7",
		"-7.77e-77",
		"3.141592653589793238462643383279",
		"1.00000000000000011102230246251565404236316680908203125",
		"1.00000000000000011102230246251565404236316680908203124",
		"1.00000000000000011102230246251565404236316680908203126",
		"7e22",
		"9007199254740991e22",
		"9007199254740991e-22",
		"9007199254740991e23",
		"9007199254740991e-23",
		"4503599627370497.5",
		"0.1e1",
		"100e-2",
		"1.5e-22",
		"12345678901234567e-5",
		"17976931348623157e292",
		"0.0000000000000000000000001e30",
		"1.0000000000000000000000000000000000001",
		"-0.000000000000000000000000000000000001e-200",
		"6.02214076e23",
		"1.602176634E-19",
		"-1234.5678e-300",
		/* Above 2^53 with a small exponent: converting the mantissa to a
		 * double first and then scaling would round twice. */
		"89740062489244347e-16",
		"91092282507291251e-22",
		"651538928531473981e17",
		"425939776251268069e6",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		EXPECT_STRTOD(texts[i]);
}

/* Numbers longer than the reader's 128-byte stack buffer. */
static void test_numbers_long_text(void **state)
{
	char text[400];
	size_t n = 0;
	(void)state;

	text[n++] = '1';
	for (int i = 0; i < 200; i++)
		text[n++] = '0';
	memcpy(text + n, ".5e-150", 8);
	EXPECT_STRTOD(text);
	EXPECT_NUMBER(text, 1e50);

	n = 0;
	text[n++] = '-';
	text[n++] = '0';
	text[n++] = '.';
	for (int i = 0; i < 300; i++)
		text[n++] = (char)('0' + (i * 7 + 3) % 10);
	memcpy(text + n, "E+5", 4);
	EXPECT_STRTOD(text);

	/* Too large, and long. */
	n = 0;
	for (int i = 0; i < 309; i++)
		text[n++] = '9';
	text[n] = '\0';
	EXPECT_ERROR(text, 1, 1, "number out of range near '999999999999'");
}

static void test_number_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("01", 1, 1, "leading zero in a number near '01'");
	EXPECT_ERROR("00", 1, 1, "leading zero in a number near '00'");
	EXPECT_ERROR("-01", 1, 1, "leading zero in a number near '-01'");
	EXPECT_ERROR("[1, 007]", 1, 5, "leading zero in a number near '007]'");
	EXPECT_ERROR("+1", 1, 1, "unexpected character near '+1'");
	EXPECT_ERROR(".5", 1, 1, "unexpected character near '.5'");
	EXPECT_ERROR("[.5]", 1, 2, "unexpected character near '.5]'");
	EXPECT_ERROR("5.", 1, 3, "expected a digit after the decimal point at end of file");
	EXPECT_ERROR("[5.]", 1, 4, "expected a digit after the decimal point near ']'");
	EXPECT_ERROR("5.e3", 1, 3, "expected a digit after the decimal point near 'e3'");
	EXPECT_ERROR("1e", 1, 3, "expected a digit in the exponent at end of file");
	EXPECT_ERROR("1E+", 1, 4, "expected a digit in the exponent at end of file");
	EXPECT_ERROR("[1e-]", 1, 5, "expected a digit in the exponent near ']'");
	EXPECT_ERROR("1e+-2", 1, 4, "expected a digit in the exponent near '-2'");
	EXPECT_ERROR("1.5e", 1, 5, "expected a digit in the exponent at end of file");
	EXPECT_ERROR("-", 1, 1, "invalid number near '-'");
	EXPECT_ERROR("[-]", 1, 2, "invalid number near '-]'");
	EXPECT_ERROR("- 1", 1, 1, "invalid number near '- 1'");
	EXPECT_ERROR("-.5", 1, 1, "invalid number near '-.5'");
	EXPECT_ERROR("--1", 1, 1, "invalid number near '--1'");
	EXPECT_ERROR("NaN", 1, 1, "unexpected character near 'NaN'");
	EXPECT_ERROR("nan", 1, 1, "invalid literal near 'nan'");
	EXPECT_ERROR("Infinity", 1, 1, "unexpected character near 'Infinity'");
	EXPECT_ERROR("-Infinity", 1, 1, "invalid number near '-Infinity'");
	EXPECT_ERROR("0x1F", 1, 2, "end of file expected near 'x1F'");
	EXPECT_ERROR("[0x10]", 1, 3, "',' or ']' expected near 'x10]'");
	EXPECT_ERROR("1 000", 1, 3, "end of file expected near '000'");
	EXPECT_ERROR("1.5.2", 1, 4, "end of file expected near '.2'");
	EXPECT_ERROR("1e400", 1, 1, "number out of range near '1e400'");
	EXPECT_ERROR("-1e400", 1, 1, "number out of range near '-1e400'");
	EXPECT_ERROR("[1, 1e99999]", 1, 5, "number out of range near '1e99999]'");
	EXPECT_ERROR("1.7976931348623159e308", 1, 1, "number out of range near '1.7976931348'");
	EXPECT_ERROR("1e1000000000000", 1, 1, "number out of range near '1e1000000000'");
}

/* A 7-digit exponent combined with a fraction of 100000 digits. */
static void test_number_huge_exponent_and_long_fraction(void **state)
{
	/* "0." 99999 zeros "1e1000000": 1e-100000 * 1e1000000 = 1e900000, far out
	 * of range (strtod gives HUGE_VAL), so it must be refused. */
	size_t len = 2 + 99999 + 9;
	char *text;
	json_doc doc;
	int rc;
	(void)state;

	/* Regression: parse_number once stopped accumulating the exponent at
	 * 100000 but subtracted the full count of fraction digits, so exp = 0
	 * took the exact fast path and the text was accepted as 1.0. */

	text = malloc(len + 1);
	assert_non_null(text);
	memcpy(text, "0.", 2);
	memset(text + 2, '0', 99999);
	memcpy(text + 2 + 99999, "1e1000000", 10);
	assert_int_equal(strlen(text), len);
	assert_true(isinf(strtod(text, NULL)));
	rc = infracost__json_parse(&doc, text, len, SRC);
	if (rc == 0)
		infracost__json_free(&doc);
	free(text);
	assert_int_equal(rc, INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message,
			    SRC ":1:1: malformed JSON: number out of range near '0.0000000000'");
}

/* ---------------------------------------------------------------- strings */

static void test_string_simple_and_lengths(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	EXPECT_STRING("\"\"", "");
	EXPECT_STRING("\"a\"", "a");
	EXPECT_STRING("\"hello world\"", "hello world");
	EXPECT_STRING("\"\x7f\"", "\x7f"); /* DEL is not a control character in JSON */
	EXPECT_STRING("\"tab\\tnew\\nline\"", "tab\tnew\nline");

	v = PARSE_OK(&d, "[\"\", \"abc\", \"a\\u00e9\", \"\\ud83d\\ude00\", \"\xC3\xA9\"]");
	assert_int_equal(v->n, 5);
	assert_int_equal(v->u.items[0].n, 0);
	assert_string_equal(v->u.items[0].u.str, "");
	assert_int_equal(v->u.items[1].n, 3);
	assert_int_equal(v->u.items[2].n, 3);
	assert_int_equal(v->u.items[3].n, 4);
	assert_int_equal(v->u.items[4].n, 2);
	assert_int_equal(v->u.items[1].offset, 5);
	jdoc_free(&d);
}

static void test_string_escapes(void **state)
{
	(void)state;
	EXPECT_STRING("\"\\\"\"", "\"");
	EXPECT_STRING("\"\\\\\"", "\\");
	EXPECT_STRING("\"\\/\"", "/");
	EXPECT_STRING("\"\\b\"", "\b");
	EXPECT_STRING("\"\\f\"", "\f");
	EXPECT_STRING("\"\\n\"", "\n");
	EXPECT_STRING("\"\\r\"", "\r");
	EXPECT_STRING("\"\\t\"", "\t");
	EXPECT_STRING("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t");
	EXPECT_STRING("\"a\\\\b\\\"c\\/d\"", "a\\b\"c/d");
	EXPECT_STRING("\"\\\\u0041\"", "\\u0041"); /* an escaped backslash, not \u */
	EXPECT_STRING("\"x\\u0041y\"", "xAy");
	EXPECT_STRING("\"\\u0001\\u001f\\u001F\\u007f\"", "\x01\x1f\x1f\x7f");
	EXPECT_STRING("\"\\u0080\"", "\xC2\x80");
	EXPECT_STRING("\"\\u00e9\\u00E9\"", "\xC3\xA9\xC3\xA9");
	EXPECT_STRING("\"\\u07FF\"", "\xDF\xBF");
	EXPECT_STRING("\"\\u0800\"", "\xE0\xA0\x80");
	EXPECT_STRING("\"\\u20ac\\u20AC\"", "\xE2\x82\xAC\xE2\x82\xAC");
	EXPECT_STRING("\"\\ud7ff\\ue000\"", "\xED\x9F\xBF\xEE\x80\x80");
	EXPECT_STRING("\"\\uFFFF\\ufffe\"", "\xEF\xBF\xBF\xEF\xBF\xBE");
}

static void test_string_surrogate_pairs(void **state)
{
	(void)state;
	EXPECT_STRING("\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80");
	EXPECT_STRING("\"\\uD83D\\uDE00\"", "\xF0\x9F\x98\x80");
	EXPECT_STRING("\"\\uD800\\uDC00\"", "\xF0\x90\x80\x80");
	EXPECT_STRING("\"\\uDBFF\\uDFFF\"", "\xF4\x8F\xBF\xBF");
	EXPECT_STRING("\"a\\u00e9b\\ud83d\\ude00c\"", "a\xC3\xA9"
						      "b\xF0\x9F\x98\x80"
						      "c");
	EXPECT_STRING("\"\\ud83d\\ude00\\ud83d\\ude01\"", "\xF0\x9F\x98\x80\xF0\x9F\x98\x81");
}

static void test_string_surrogate_errors(void **state)
{
	(void)state;
	/* High surrogate with nothing after it. */
	EXPECT_ERROR("\"\\ud83d\"", 1, 8, "invalid surrogate pair near '\"'");
	EXPECT_ERROR("\"\\ud83dx\"", 1, 8, "invalid surrogate pair near 'x\"'");
	EXPECT_ERROR("\"\\ud83d\\n\"", 1, 8, "invalid surrogate pair near '\\n\"'");
	/* High surrogate followed by a non-surrogate or another high one. */
	EXPECT_ERROR("\"\\ud83d\\u0041\"", 1, 8, "invalid surrogate pair near '\\u0041\"'");
	EXPECT_ERROR("\"\\ud83d\\ud83d\"", 1, 8, "invalid surrogate pair near '\\ud83d\"'");
	EXPECT_ERROR("\"\\udbff\\ue000\"", 1, 8, "invalid surrogate pair near '\\ue000\"'");
	/* Lone low surrogates. */
	EXPECT_ERROR("\"\\ude00\"", 1, 2, "invalid surrogate pair near '\\ude00\"'");
	EXPECT_ERROR("\"ab\\uDC00\"", 1, 4, "invalid surrogate pair near '\\uDC00\"'");
	EXPECT_ERROR("\"\\udfff\\ud83d\"", 1, 2, "invalid surrogate pair near '\\udfff\\ud83d'");
	/* Bad hex in the low half is reported as such. */
	EXPECT_ERROR("\"\\ud83d\\uZZZZ\"", 1, 10, "invalid \\u escape near 'ZZZZ\"'");
	/* In a key. */
	EXPECT_ERROR("{\"\\ud800\":1}", 1, 9, "invalid surrogate pair near '\":1}'");
}

static void test_string_escape_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("\"\\x\"", 1, 2, "invalid escape near '\\x\"'");
	EXPECT_ERROR("\"\\U0041\"", 1, 2, "invalid escape near '\\U0041\"'");
	EXPECT_ERROR("\"\\'\"", 1, 2, "invalid escape near '\\'\"'");
	EXPECT_ERROR("\"ab\\a\"", 1, 4, "invalid escape near '\\a\"'");
	EXPECT_ERROR("\"\\0\"", 1, 2, "invalid escape near '\\0\"'");
	EXPECT_ERROR("\"\\u12\"", 1, 4, "truncated \\u escape near '12\"'");
	EXPECT_ERROR("[\"\\u12\"]", 1, 5, "invalid \\u escape near '12\"]'");
	EXPECT_ERROR("\"\\u12G4\"", 1, 4, "invalid \\u escape near '12G4\"'");
	EXPECT_ERROR("\"\\u\"", 1, 4, "truncated \\u escape near '\"'");
	EXPECT_ERROR("\"\\u 123\"", 1, 4, "invalid \\u escape near ' 123\"'");
	/* \u0000 would cut the NUL-terminated result short. */
	EXPECT_ERROR("\"\\u0000\"", 1, 2, "\\u0000 is not allowed in a string near '\\u0000\"'");
	EXPECT_ERROR("[\"a\\u0000b\"]", 1, 4,
		     "\\u0000 is not allowed in a string near '\\u0000b\"]'");
	EXPECT_ERROR("{\"k\\u0000\":1}", 1, 4,
		     "\\u0000 is not allowed in a string near '\\u0000\":1}'");
	/* Unterminated strings. */
	EXPECT_ERROR("\"abc", 1, 1, "unterminated string near '\"abc'");
	EXPECT_ERROR("[\"abc", 1, 2, "unterminated string near '\"abc'");
	EXPECT_ERROR("\"", 1, 1, "unterminated string near '\"'");
	EXPECT_ERROR("\"a\\\"", 1, 1, "unterminated string near '\"a\\\"'");
	EXPECT_ERROR("\"\xC3\xA9\\n", 1, 1, "unterminated string near '\"\xC3\xA9\\n'");
	EXPECT_ERROR("\"a\\", 1, 3, "unterminated string near '\\'");
}

static void test_string_control_characters(void **state)
{
	char text[8], want[64];
	(void)state;

	for (int c = 1; c < 0x20; c++) {
		const char *near_text;
		text[0] = '"';
		text[1] = 'a';
		text[2] = (char)c;
		text[3] = 'b';
		text[4] = '"';
		text[5] = '\0';
		/* The quoted excerpt stops at a line break and shows other
		 * control characters as '?'. */
		near_text = c == '\n' || c == '\r' ? "" : "?b\"";
		snprintf(want, sizeof(want), "control character in a string near '%s'", near_text);
		EXPECT_ERROR(text, 1, 3, want);
	}
	/* NUL: the position is exact (the excerpt cannot hold it). */
	{
		json_doc doc;
		int rc = infracost__json_parse(&doc, "\"a\0b\"", 5, SRC);
		assert_int_equal(rc, INFRACOST_EPARSE);
		assert_null(doc.root);
		assert_int_equal(infracost_error_last()->line, 1);
		assert_int_equal(infracost_error_last()->column, 3);
		assert_non_null(strstr(infracost_error_last()->message,
				       "malformed JSON: control character in a string"));
	}
	/* In a key, after a slow-path escape. */
	EXPECT_ERROR("{\"k\\n\x01\":1}", 1, 6, "control character in a string near '?\":1}'");
}

static void test_string_raw_utf8(void **state)
{
	(void)state;
	EXPECT_STRING("\"\xC3\xA9\"", "\xC3\xA9");                 /* é, 2 bytes */
	EXPECT_STRING("\"\xC2\x80\"", "\xC2\x80");                 /* U+0080 */
	EXPECT_STRING("\"\xDF\xBF\"", "\xDF\xBF");                 /* U+07FF */
	EXPECT_STRING("\"\xE2\x82\xAC\"", "\xE2\x82\xAC");         /* €, 3 bytes */
	EXPECT_STRING("\"\xE0\xA0\x80\"", "\xE0\xA0\x80");         /* U+0800 */
	EXPECT_STRING("\"\xED\x9F\xBF\"", "\xED\x9F\xBF");         /* U+D7FF */
	EXPECT_STRING("\"\xEE\x80\x80\"", "\xEE\x80\x80");         /* U+E000 */
	EXPECT_STRING("\"\xEF\xBF\xBF\"", "\xEF\xBF\xBF");         /* U+FFFF */
	EXPECT_STRING("\"\xF0\x9F\x98\x80\"", "\xF0\x9F\x98\x80"); /* 😀, 4 bytes */
	EXPECT_STRING("\"\xF0\x90\x80\x80\"", "\xF0\x90\x80\x80"); /* U+10000 */
	EXPECT_STRING("\"\xF4\x8F\xBF\xBF\"", "\xF4\x8F\xBF\xBF"); /* U+10FFFF */
	EXPECT_STRING("\"caf\xC3\xA9 \xE2\x82\xAC"
		      "5 \xF0\x9F\x98\x80!\"",
		      "caf\xC3\xA9 \xE2\x82\xAC"
		      "5 \xF0\x9F\x98\x80!");
	/* Mixed with escapes (the slow path copies both). */
	EXPECT_STRING("\"\xC3\xA9\\n\xE2\x82\xAC\\u00e9\"", "\xC3\xA9\n\xE2\x82\xAC\xC3\xA9");
}

static void test_string_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xC0\x80",             /* overlong NUL */
		"\xC1\xBF",             /* overlong */
		"\x80",                 /* stray continuation */
		"\xBF",                 /* stray continuation */
		"\xE0\x80\x80",         /* overlong 3-byte */
		"\xE0\x9F\xBF",         /* overlong 3-byte */
		"\xED\xA0\x80",         /* surrogate U+D800 */
		"\xED\xBF\xBF",         /* surrogate U+DFFF */
		"\xF0\x80\x80\x80",     /* overlong 4-byte */
		"\xF0\x8F\xBF\xBF",     /* overlong 4-byte */
		"\xF4\x90\x80\x80",     /* U+110000 */
		"\xF5\x80\x80\x80",     /* above U+10FFFF */
		"\xF8\x88\x80\x80\x80", /* 5-byte form */
		"\xFE",
		"\xFF",
		"\xC3",          /* truncated 2-byte */
		"\xE2\x82",      /* truncated 3-byte */
		"\xF0\x9F\x98",  /* truncated 4-byte */
		"\xC3\x41",      /* continuation missing ("A") */
		"\xE2(\xA1",     /* bad second byte */
		"\xE2\x82(",     /* bad third byte */
		"\xF0\x9F\x98(", /* bad fourth byte */
	};
	char text[32], want[96];
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "\"a%s\"", bad[i]);
		/* The excerpt shows bytes of no valid character as '?'. */
		char shown[16];
		size_t n = 0;
		for (const char *q = bad[i]; *q && n < sizeof(shown) - 1; q++)
			shown[n++] = (unsigned char)*q >= 0x80 ? '?' : *q;
		shown[n] = '\0';
		snprintf(want, sizeof(want), "invalid UTF-8 in a string near '%s\"'", shown);
		EXPECT_ERROR(text, 1, 3, want);
	}
	/* Truncated at the end of the text, with no closing quote. */
	EXPECT_ERROR("\"\xC3", 1, 2, "invalid UTF-8 in a string near '?'");
	EXPECT_ERROR("\"\xE2\x82", 1, 2,
		     "invalid UTF-8 in a string near '?"
		     "?'");
	/* In a key, and after a valid character. */
	EXPECT_ERROR("{\"\xC0\x80\":1}", 1, 3,
		     "invalid UTF-8 in a string near '?"
		     "?\":1}'");
	EXPECT_ERROR("[\"\xC3\xA9\xED\xA0\x80\"]", 1, 5,
		     "invalid UTF-8 in a string near '?"
		     "?"
		     "?\"]'");
	/* Outside strings, non-ASCII bytes are unexpected characters. */
	EXPECT_ERROR("\xC3\xA9", 1, 1, "unexpected character near '\xC3\xA9'");
}

static void test_string_long(void **state)
{
	/* Longer than an arena block (64 KiB): plain, and with escapes. */
	size_t n = 100000;
	char *text = malloc(n + 3);
	jdoc d;
	const json_value *v;
	(void)state;

	assert_non_null(text);
	text[0] = '"';
	for (size_t i = 0; i < n; i++)
		text[1 + i] = (char)('a' + i % 26);
	text[n + 1] = '"';
	v = PARSE_OK_N(&d, text, n + 2);
	assert_int_equal(v->type, JSON_T_STRING);
	assert_int_equal(v->n, n);
	assert_memory_equal(v->u.str, text + 1, n);
	assert_int_equal(v->u.str[n], '\0');
	jdoc_free(&d);

	/* Every 1000th letter becomes "\n" (2 bytes in, 1 out). */
	for (size_t i = 999; i + 1 < n; i += 1000) {
		text[1 + i] = '\\';
		text[2 + i] = 'n';
	}
	v = PARSE_OK_N(&d, text, n + 2);
	assert_int_equal(v->type, JSON_T_STRING);
	assert_int_equal(v->n, n - 99);
	assert_int_equal(v->u.str[999], '\n');
	assert_int_equal(v->u.str[1000], (char)('a' + 1001 % 26));
	assert_int_equal(v->u.str[v->n], '\0');
	assert_int_equal(strlen(v->u.str), n - 99);
	jdoc_free(&d);
	free(text);
}

/* ---------------------------------------------------------- structures */

static void test_empty_containers(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	v = PARSE_OK(&d, "{}");
	assert_int_equal(v->type, JSON_T_OBJECT);
	assert_int_equal(v->n, 0);
	assert_null(infracost__json_get(v, "a"));
	assert_null(infracost__json_get(v, ""));
	jdoc_free(&d);

	v = PARSE_OK(&d, "[]");
	assert_int_equal(v->type, JSON_T_ARRAY);
	assert_int_equal(v->n, 0);
	jdoc_free(&d);

	v = PARSE_OK(&d, "[ [ ] , { } , [ [ ] ] ]");
	assert_int_equal(v->type, JSON_T_ARRAY);
	assert_int_equal(v->n, 3);
	assert_int_equal(v->u.items[0].type, JSON_T_ARRAY);
	assert_int_equal(v->u.items[0].n, 0);
	assert_int_equal(v->u.items[0].offset, 2);
	assert_int_equal(v->u.items[1].type, JSON_T_OBJECT);
	assert_int_equal(v->u.items[1].n, 0);
	assert_int_equal(v->u.items[1].offset, 8);
	assert_int_equal(v->u.items[2].type, JSON_T_ARRAY);
	assert_int_equal(v->u.items[2].n, 1);
	assert_int_equal(v->u.items[2].u.items[0].type, JSON_T_ARRAY);
	assert_int_equal(v->u.items[2].u.items[0].n, 0);
	jdoc_free(&d);
}

static void test_nested_values(void **state)
{
	jdoc d;
	const json_value *v, *a, *o, *x;
	const char *text = "{\"name\":\"web\",\"n\":3,\"on\":true,\"off\":false,\"none\":null,"
			   "\"list\":[1,[2,[3,[]]],{\"k\":[{\"deep\":\"yes\"}]}],"
			   "\"obj\":{\"inner\":{\"x\":-1.5}}}";
	(void)state;

	v = PARSE_OK(&d, text);
	assert_int_equal(v->type, JSON_T_OBJECT);
	assert_int_equal(v->n, 7);

	x = infracost__json_get(v, "name");
	assert_non_null(x);
	assert_int_equal(x->type, JSON_T_STRING);
	assert_string_equal(x->u.str, "web");
	assert_int_equal(x->n, 3);
	x = infracost__json_get(v, "n");
	assert_non_null(x);
	assert_int_equal(x->type, JSON_T_NUMBER);
	assert_true(x->u.num == 3.0);
	assert_int_equal(infracost__json_get(v, "on")->type, JSON_T_TRUE);
	assert_int_equal(infracost__json_get(v, "off")->type, JSON_T_FALSE);
	assert_int_equal(infracost__json_get(v, "none")->type, JSON_T_NULL);

	a = infracost__json_get(v, "list");
	assert_non_null(a);
	assert_int_equal(a->type, JSON_T_ARRAY);
	assert_int_equal(a->n, 3);
	assert_true(a->u.items[0].u.num == 1.0);
	assert_int_equal(a->u.items[1].type, JSON_T_ARRAY);
	assert_int_equal(a->u.items[1].n, 2);
	assert_true(a->u.items[1].u.items[0].u.num == 2.0);
	assert_int_equal(a->u.items[1].u.items[1].n, 2);
	assert_true(a->u.items[1].u.items[1].u.items[0].u.num == 3.0);
	assert_int_equal(a->u.items[1].u.items[1].u.items[1].type, JSON_T_ARRAY);
	assert_int_equal(a->u.items[1].u.items[1].u.items[1].n, 0);
	o = &a->u.items[2];
	assert_int_equal(o->type, JSON_T_OBJECT);
	x = infracost__json_get(o, "k");
	assert_non_null(x);
	assert_int_equal(x->type, JSON_T_ARRAY);
	assert_int_equal(x->n, 1);
	x = infracost__json_get(&x->u.items[0], "deep");
	assert_non_null(x);
	assert_string_equal(x->u.str, "yes");

	o = infracost__json_get(infracost__json_get(v, "obj"), "inner");
	assert_non_null(o);
	x = infracost__json_get(o, "x");
	assert_non_null(x);
	assert_true(x->u.num == -1.5);
	/* Offsets point at the value's first byte. */
	assert_int_equal(text[x->offset], '-');
	assert_int_equal(text[o->offset], '{');
	assert_int_equal(text[a->offset], '[');
	jdoc_free(&d);
}

static void test_member_order_and_get(void **state)
{
	jdoc d;
	const json_value *v;
	static const char *const keys[] = {"z", "a",        "m",    "",   "a b",
					   "A", "\xC3\xA9", "a\nb", "q\""};
	(void)state;

	v = PARSE_OK(&d, "{\"z\":0,\"a\":1,\"m\":2,\"\":3,\"a b\":4,\"A\":5,\"\\u00e9\":6,"
			 "\"a\\nb\":7,\"q\\\"\":8}");
	assert_int_equal(v->type, JSON_T_OBJECT);
	assert_int_equal(v->n, 9);
	for (size_t i = 0; i < 9; i++) {
		const json_value *x;
		assert_string_equal(v->u.members[i].key, keys[i]);
		assert_int_equal(v->u.members[i].value.type, JSON_T_NUMBER);
		assert_true(v->u.members[i].value.u.num == (double)i);
		x = infracost__json_get(v, keys[i]);
		assert_ptr_equal(x, &v->u.members[i].value);
	}
	/* Misses: absent, prefixes, extensions, case. */
	assert_null(infracost__json_get(v, "b"));
	assert_null(infracost__json_get(v, "zz"));
	assert_null(infracost__json_get(v, "a "));
	assert_null(infracost__json_get(v, "M"));
	assert_null(infracost__json_get(v, "\xC3"));
	assert_null(infracost__json_get(v, "a\\nb"));
	jdoc_free(&d);

	/* Many members keep their order. */
	{
		char text[8192], key[16];
		size_t n = 0;
		n += (size_t)snprintf(text + n, sizeof(text) - n, "{");
		for (int i = 0; i < 300; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s\"k%d\":%d",
					      i ? "," : "", (i * 37) % 300, i);
		n += (size_t)snprintf(text + n, sizeof(text) - n, "}");
		assert_true(n < sizeof(text));
		v = PARSE_OK(&d, text);
		assert_int_equal(v->n, 300);
		for (int i = 0; i < 300; i++) {
			snprintf(key, sizeof(key), "k%d", (i * 37) % 300);
			assert_string_equal(v->u.members[i].key, key);
			assert_true(v->u.members[i].value.u.num == (double)i);
			assert_ptr_equal(infracost__json_get(v, key), &v->u.members[i].value);
		}
		jdoc_free(&d);
	}
}

static void test_get_on_non_objects(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	assert_null(infracost__json_get(NULL, "a"));
	v = PARSE_OK(&d, "[{\"a\":1},\"a\",1,true,false,null,[\"a\"]]");
	assert_non_null(infracost__json_get(&v->u.items[0], "a"));
	assert_null(infracost__json_get(v, "a"));
	for (uint32_t i = 1; i < v->n; i++)
		assert_null(infracost__json_get(&v->u.items[i], "a"));
	jdoc_free(&d);
}

static void test_large_array(void **state)
{
	size_t cap = 100000, n = 0;
	char *text = malloc(cap);
	jdoc d;
	const json_value *v;
	(void)state;

	assert_non_null(text);
	text[n++] = '[';
	for (int i = 0; i < 10000; i++)
		n += (size_t)snprintf(text + n, cap - n, "%s%d", i ? "," : "", i * 3 - 5000);
	text[n++] = ']';
	assert_true(n < cap);
	v = PARSE_OK_N(&d, text, n);
	assert_int_equal(v->type, JSON_T_ARRAY);
	assert_int_equal(v->n, 10000);
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(v->u.items[i].type, JSON_T_NUMBER);
		assert_true(v->u.items[i].u.num == (double)(i * 3 - 5000));
	}
	jdoc_free(&d);
	free(text);
}

static void test_whitespace_allowed(void **state)
{
	jdoc d;
	const json_value *v;
	const char *ws = " \t\r\n";
	char text[256];
	(void)state;

	snprintf(text, sizeof(text),
		 "%s[%s1%s,%s{%s\"a\"%s:%s2%s,%s\"b\"%s:%s[%s]%s}%s,%strue%s]%s", ws, ws, ws, ws,
		 ws, ws, ws, ws, ws, ws, ws, ws, ws, ws, ws, ws, ws);
	v = PARSE_OK(&d, text);
	assert_int_equal(v->type, JSON_T_ARRAY);
	assert_int_equal(v->n, 3);
	assert_int_equal(v->offset, 4);
	assert_true(v->u.items[0].u.num == 1.0);
	assert_int_equal(v->u.items[1].type, JSON_T_OBJECT);
	assert_int_equal(v->u.items[1].n, 2);
	assert_true(infracost__json_get(&v->u.items[1], "a")->u.num == 2.0);
	assert_int_equal(infracost__json_get(&v->u.items[1], "b")->n, 0);
	assert_int_equal(v->u.items[2].type, JSON_T_TRUE);
	jdoc_free(&d);

	/* Each of the four alone, around a scalar. */
	for (int i = 0; i < 4; i++) {
		snprintf(text, sizeof(text), "%c%c7%c%c", ws[i], ws[i], ws[i], ws[i]);
		v = PARSE_OK(&d, text);
		assert_int_equal(v->type, JSON_T_NUMBER);
		assert_int_equal(v->offset, 2);
		jdoc_free(&d);
	}
}

static void test_whitespace_refused(void **state)
{
	(void)state;
	EXPECT_ERROR("\f1", 1, 1, "unexpected character near '?1'");
	EXPECT_ERROR("\v1", 1, 1, "unexpected character near '?1'");
	EXPECT_ERROR("1\f", 1, 2, "end of file expected near '?'");
	EXPECT_ERROR("[1,\f2]", 1, 4, "unexpected character near '?2]'");
	EXPECT_ERROR("[1\f,2]", 1, 3, "',' or ']' expected near '?,2]'");
	EXPECT_ERROR("{\f\"a\":1}", 1, 2, "string (a key) expected near '?\"a\":1}'");
	EXPECT_ERROR("{\"a\"\f:1}", 1, 5, "':' expected near '?:1}'");
	EXPECT_ERROR("\xC2\xA0"
		     "1",
		     1, 1,
		     "unexpected character near '\xC2\xA0"
		     "1'"); /* NBSP */
	EXPECT_ERROR("[\xC2\xA0]", 1, 2, "unexpected character near '\xC2\xA0]'");
	EXPECT_ERROR("\xE2\x80\xA8[]", 1, 1,
		     "unexpected character near '\xE2\x80\xA8[]'"); /* U+2028 */
	EXPECT_ERROR("\xEF\xBB\xBF{}", 1, 1,
		     "unexpected character near '\xEF\xBB\xBF{}'"); /* BOM */
	EXPECT_ERROR("[1,\x1c"
		     "2]",
		     1, 4, "unexpected character near '?2]'");
	/* NUL is no whitespace either. */
	{
		json_doc doc;
		assert_int_equal(infracost__json_parse(&doc, "[1,\0002]", 6, SRC),
				 INFRACOST_EPARSE);
		assert_null(doc.root);
		assert_int_equal(infracost_error_last()->line, 1);
		assert_int_equal(infracost_error_last()->column, 4);
		assert_int_equal(infracost__json_parse(&doc, "1\0", 2, SRC), INFRACOST_EPARSE);
		assert_null(doc.root);
		assert_int_equal(infracost_error_last()->column, 2);
	}
}

static void test_structure_errors(void **state)
{
	(void)state;
	/* Trailing commas. */
	EXPECT_ERROR("[1,]", 1, 4, "unexpected character near ']'");
	EXPECT_ERROR("[1, 2, ]", 1, 8, "unexpected character near ']'");
	EXPECT_ERROR("{\"a\":1,}", 1, 8, "string (a key) expected near '}'");
	EXPECT_ERROR("{\"a\":1 , }", 1, 10, "string (a key) expected near '}'");
	/* Missing or extra commas. */
	EXPECT_ERROR("[1 2]", 1, 4, "',' or ']' expected near '2]'");
	EXPECT_ERROR("[,1]", 1, 2, "unexpected character near ',1]'");
	EXPECT_ERROR("[1,,2]", 1, 4, "unexpected character near ',2]'");
	EXPECT_ERROR("[,]", 1, 2, "unexpected character near ',]'");
	EXPECT_ERROR("{,}", 1, 2, "string (a key) expected near ',}'");
	EXPECT_ERROR("{\"a\":1 \"b\":2}", 1, 8, "',' or '}' expected near '\"b\":2}'");
	EXPECT_ERROR("{\"a\":1,,\"b\":2}", 1, 8, "string (a key) expected near ',\"b\":2}'");
	EXPECT_ERROR("[{}{}]", 1, 4, "',' or ']' expected near '{}]'");
	/* Missing colons and values. */
	EXPECT_ERROR("{\"a\" 1}", 1, 6, "':' expected near '1}'");
	EXPECT_ERROR("{\"a\"}", 1, 5, "':' expected near '}'");
	EXPECT_ERROR("{\"a\",\"b\"}", 1, 5, "':' expected near ',\"b\"}'");
	EXPECT_ERROR("{\"a\"=1}", 1, 5, "':' expected near '=1}'");
	EXPECT_ERROR("{\"a\"::1}", 1, 6, "unexpected character near ':1}'");
	EXPECT_ERROR("{\"a\":}", 1, 6, "unexpected character near '}'");
	/* Non-string keys. */
	EXPECT_ERROR("{1:2}", 1, 2, "string (a key) expected near '1:2}'");
	EXPECT_ERROR("{a:1}", 1, 2, "string (a key) expected near 'a:1}'");
	EXPECT_ERROR("{null:1}", 1, 2, "string (a key) expected near 'null:1}'");
	EXPECT_ERROR("{'a':1}", 1, 2, "string (a key) expected near ''a':1}'");
	EXPECT_ERROR("{[]:1}", 1, 2, "string (a key) expected near '[]:1}'");
	EXPECT_ERROR("{\"a\":1, 2:3}", 1, 9, "string (a key) expected near '2:3}'");
	/* Mismatched and stray brackets. */
	EXPECT_ERROR("[1}", 1, 3, "',' or ']' expected near '}'");
	EXPECT_ERROR("{\"a\":1]", 1, 7, "',' or '}' expected near ']'");
	EXPECT_ERROR("]", 1, 1, "unexpected character near ']'");
	EXPECT_ERROR("}", 1, 1, "unexpected character near '}'");
	EXPECT_ERROR(":", 1, 1, "unexpected character near ':'");
	/* Unclosed containers. */
	EXPECT_ERROR("[", 1, 2, "a value expected at end of file");
	EXPECT_ERROR("[1", 1, 3, "',' or ']' expected at end of file");
	EXPECT_ERROR("[1,", 1, 4, "a value expected at end of file");
	EXPECT_ERROR("{", 1, 2, "string (a key) expected at end of file");
	EXPECT_ERROR("{\"a\"", 1, 5, "':' expected at end of file");
	EXPECT_ERROR("{\"a\":", 1, 6, "a value expected at end of file");
	EXPECT_ERROR("{\"a\":1", 1, 7, "',' or '}' expected at end of file");
	EXPECT_ERROR("[[[]]", 1, 6, "',' or ']' expected at end of file");
}

static void test_duplicate_keys(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	EXPECT_ERROR("{\"a\":1,\"a\":2}", 1, 8, "duplicate object key near '\"a\":2}'");
	EXPECT_ERROR("{\"a\":1,\"b\":2,\"a\":3}", 1, 14, "duplicate object key near '\"a\":3}'");
	EXPECT_ERROR("{\"b\":1,\"a\":2,\"a\":3}", 1, 14, "duplicate object key near '\"a\":3}'");
	EXPECT_ERROR("{\"\":1,\"\":2}", 1, 7, "duplicate object key near '\"\":2}'");
	/* Equal after unescaping. */
	EXPECT_ERROR("{\"a\":1,\"\\u0061\":2}", 1, 8, "duplicate object key near '\"\\u0061\":2}'");
	EXPECT_ERROR("{\"\xC3\xA9\":1,\"\\u00e9\":2}", 1, 9,
		     "duplicate object key near '\"\\u00e9\":2}'");
	/* On a later line: the column of the second key. */
	EXPECT_ERROR("{\n  \"x\": 1,\n  \"y\": {\"x\": 2},\n   \"x\": 3\n}", 4, 4,
		     "duplicate object key near '\"x\": 3'");
	/* Inside a nested object. */
	EXPECT_ERROR("[{\"k\":{\"a\":1,\"a\":1}}]", 1, 14,
		     "duplicate object key near '\"a\":1}}]'");

	/* The same key at other levels or in sibling objects is fine. */
	v = PARSE_OK(&d, "{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":2},{\"a\":3}],\"A\":4,\"a \":5}");
	assert_int_equal(v->n, 4);
	assert_int_equal(infracost__json_get(v, "a")->type, JSON_T_OBJECT);
	assert_true(infracost__json_get(v, "A")->u.num == 4.0);
	assert_true(infracost__json_get(v, "a ")->u.num == 5.0);
	jdoc_free(&d);
	/* A key after a nested object with the same keys. */
	v = PARSE_OK(&d, "{\"o\":{\"p\":1,\"q\":2},\"p\":3,\"q\":4}");
	assert_int_equal(v->n, 3);
	assert_true(infracost__json_get(v, "q")->u.num == 4.0);
	jdoc_free(&d);
}

static void test_trailing_garbage(void **state)
{
	(void)state;
	EXPECT_ERROR("{} x", 1, 4, "end of file expected near 'x'");
	EXPECT_ERROR("[]]", 1, 3, "end of file expected near ']'");
	EXPECT_ERROR("{}}", 1, 3, "end of file expected near '}'");
	EXPECT_ERROR("1 2", 1, 3, "end of file expected near '2'");
	EXPECT_ERROR("\"a\" \"b\"", 1, 5, "end of file expected near '\"b\"'");
	EXPECT_ERROR("null,", 1, 5, "end of file expected near ','");
	EXPECT_ERROR("[] // comment", 1, 4, "end of file expected near '// comment'");
	EXPECT_ERROR("{}/*c*/", 1, 3, "end of file expected near '/*c*/'");
	EXPECT_ERROR("{}\n\n  }", 3, 3, "end of file expected near '}'");
	EXPECT_ERROR("[1][2]", 1, 4, "end of file expected near '[2]'");
}

static void test_empty_input(void **state)
{
	(void)state;
	EXPECT_ERROR("", 1, 1, "a value expected at end of file");
	EXPECT_ERROR(" ", 1, 2, "a value expected at end of file");
	EXPECT_ERROR("\t\t", 1, 3, "a value expected at end of file");
	EXPECT_ERROR("\n", 2, 1, "a value expected at end of file");
	EXPECT_ERROR("\n\t\r\n ", 3, 2, "a value expected at end of file");
	EXPECT_ERROR("\r\n\r\n", 3, 1, "a value expected at end of file");
	/* A text cut to zero length. */
	EXPECT_ERROR_N("[1]", 0, 1, 1, "a value expected at end of file");
}

static void test_length_is_respected(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	v = PARSE_OK_N(&d, "[1,2]garbage", 5);
	assert_int_equal(v->n, 2);
	jdoc_free(&d);
	v = PARSE_OK_N(&d, "123", 2);
	assert_true(v->u.num == 12.0);
	jdoc_free(&d);
	v = PARSE_OK_N(&d, "\"ab\"cd", 4);
	assert_string_equal(v->u.str, "ab");
	jdoc_free(&d);
	v = PARSE_OK_N(&d, "1.5e3", 3);
	assert_true(v->u.num == 1.5);
	jdoc_free(&d);
	EXPECT_ERROR_N("true", 3, 1, 1, "invalid literal near 'tru'");
	EXPECT_ERROR_N("null", 2, 1, 1, "invalid literal near 'nu'");
	EXPECT_ERROR_N("\"abc\"", 4, 1, 1, "unterminated string near '\"abc'");
	EXPECT_ERROR_N("1e5", 2, 1, 3, "expected a digit in the exponent at end of file");
	EXPECT_ERROR_N("-0.5", 3, 1, 4, "expected a digit after the decimal point at end of file");
	EXPECT_ERROR_N("-1", 1, 1, 1, "invalid number near '-'");
	EXPECT_ERROR_N("\"\\u0041\"", 6, 1, 4, "truncated \\u escape near '004'");
	EXPECT_ERROR_N("\"\\ud83d\\ude00\"", 12, 1, 8, "invalid surrogate pair near '\\ude0'");
	EXPECT_ERROR_N("\"\xE2\x82\xAC\"", 3, 1, 2,
		       "invalid UTF-8 in a string near '?"
		       "?'");
	EXPECT_ERROR_N("[1,2]", 4, 1, 5, "',' or ']' expected at end of file");
	EXPECT_ERROR_N("{\"a\":1}", 6, 1, 7, "',' or '}' expected at end of file");
}

static void make_nested(char *text, int depth, const char *open, const char *inner,
			const char *close)
{
	size_t n = 0;
	for (int i = 0; i < depth; i++) {
		memcpy(text + n, open, strlen(open));
		n += strlen(open);
	}
	memcpy(text + n, inner, strlen(inner));
	n += strlen(inner);
	for (int i = 0; i < depth; i++) {
		memcpy(text + n, close, strlen(close));
		n += strlen(close);
	}
	text[n] = '\0';
}

static void test_depth_limit(void **state)
{
	char text[4096];
	jdoc d;
	const json_value *v;
	int depth;
	(void)state;

	/* 256 nested arrays are accepted; walk them. */
	make_nested(text, 256, "[", "", "]");
	v = PARSE_OK(&d, text);
	for (depth = 1; v->type == JSON_T_ARRAY && v->n == 1; depth++)
		v = &v->u.items[0];
	assert_int_equal(depth, 256);
	assert_int_equal(v->type, JSON_T_ARRAY);
	assert_int_equal(v->n, 0);
	assert_int_equal(v->offset, 255);
	jdoc_free(&d);

	/* 257 are refused at the 257th bracket. */
	make_nested(text, 257, "[", "", "]");
	EXPECT_ERROR(text, 1, 257, "nested too deeply near '[]]]]]]]]]]]'");
	make_nested(text, 300, "[", "1", "]");
	EXPECT_ERROR(text, 1, 257, "nested too deeply near '[[[[[[[[[[[['");

	/* Objects count too. */
	make_nested(text, 256, "{\"a\":", "1", "}");
	v = PARSE_OK(&d, text);
	for (depth = 1; (v = infracost__json_get(v, "a"))->type == JSON_T_OBJECT; depth++)
		;
	assert_int_equal(depth, 256);
	assert_true(v->u.num == 1.0);
	jdoc_free(&d);
	make_nested(text, 257, "{\"a\":", "1", "}");
	EXPECT_ERROR(text, 1, 1281, "nested too deeply near '{\"a\":1}}}}}}'");

	/* Mixed: 128 times an array holding an object. */
	make_nested(text, 128, "[{\"k\":", "null", "}]");
	v = PARSE_OK(&d, text);
	jdoc_free(&d);
	make_nested(text, 128, "[{\"k\":", "[]", "}]");
	EXPECT_ERROR(text, 1, 769, "nested too deeply near '[]}]}]}]}]}]'");

	/* The depth is given back when a container closes: two siblings,
	 * each 255 deep, inside one array (256 in all). */
	{
		char one[600];
		make_nested(one, 255, "[", "", "]");
		snprintf(text, sizeof(text), "[%s,%s]", one, one);
		v = PARSE_OK(&d, text);
		assert_int_equal(v->n, 2);
		jdoc_free(&d);
		make_nested(one, 256, "[", "", "]");
		snprintf(text, sizeof(text), "[[],%s]", one);
		EXPECT_ERROR(text, 1, 260, "nested too deeply near '[]]]]]]]]]]]'");
	}
}

/* -------------------------------------------------------------- positions */

static void check_layout_positions(const char *text)
{
	jdoc d;
	const json_value *v, *b;

	v = PARSE_OK(&d, text);
	EXPECT_POSITION(&d.doc, v, 1, 1);
	EXPECT_POSITION(&d.doc, infracost__json_get(v, "a"), 2, 8);
	b = infracost__json_get(v, "b");
	EXPECT_POSITION(&d.doc, b, 3, 8);
	EXPECT_POSITION(&d.doc, &b->u.items[0], 3, 9);
	EXPECT_POSITION(&d.doc, &b->u.items[1], 4, 5);
	EXPECT_POSITION(&d.doc, &b->u.items[2], 4, 11);
	EXPECT_POSITION(&d.doc, infracost__json_get(v, "c"), 5, 8);
	EXPECT_POSITION(&d.doc, infracost__json_get(v, "d"), 7, 3);
	jdoc_free(&d);
}

static void test_positions(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	check_layout_positions("{\n"
			       "  \"a\": 1,\n"
			       "  \"b\": [true,\n"
			       "    null, \"\xC3\xA9\"],\n"
			       "  \"c\": \"x\",\n"
			       "  \"d\":\n"
			       "  -2\n"
			       "}\n");
	check_layout_positions("{\r\n"
			       "  \"a\": 1,\r\n"
			       "  \"b\": [true,\r\n"
			       "    null, \"\xC3\xA9\"],\r\n"
			       "  \"c\": \"x\",\r\n"
			       "  \"d\":\r\n"
			       "  -2\r\n"
			       "}\r\n");

	/* Leading blank lines; columns count bytes. */
	v = PARSE_OK(&d, "\n\n   42");
	EXPECT_POSITION(&d.doc, v, 3, 4);
	jdoc_free(&d);
	v = PARSE_OK(&d, "[\"\xC3\xA9\", 1]");
	EXPECT_POSITION(&d.doc, &v->u.items[1], 1, 8);
	jdoc_free(&d);
	/* A line break inside a string value (escaped) does not count. */
	v = PARSE_OK(&d, "[\"a\\nb\",\n 7]");
	EXPECT_POSITION(&d.doc, &v->u.items[1], 2, 2);
	jdoc_free(&d);
}

static void test_error_positions(void **state)
{
	(void)state;
	/* Line 1. */
	EXPECT_ERROR("[1,2,x]", 1, 6, "unexpected character near 'x]'");
	/* A later line: the excerpt stops at the line break. */
	EXPECT_ERROR("{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 8, "invalid literal near 'tru'");
	EXPECT_ERROR("{\r\n  \"a\": 1,\r\n  \"b\": tru\r\n}", 3, 8, "invalid literal near 'tru'");
	EXPECT_ERROR("[\n1,\n\n    01]", 4, 5, "leading zero in a number near '01]'");
	/* At the end of the file, on a later line. */
	EXPECT_ERROR("[1,\n2,\n", 3, 1, "a value expected at end of file");
	EXPECT_ERROR("[1,\r\n2,", 2, 3, "a value expected at end of file");
	EXPECT_ERROR("{\n\"a\": [1", 2, 8, "',' or ']' expected at end of file");
	EXPECT_ERROR("{\n  \"a\": \"open\n", 2, 13, "control character in a string near ''");
	EXPECT_ERROR("{\n  \"a\": \"open", 2, 8, "unterminated string near '\"open'");
	/* The excerpt holds at most 12 bytes. */
	EXPECT_ERROR("[1 23456789012345678]", 1, 4, "',' or ']' expected near '234567890123'");
	EXPECT_ERROR("[1,\n  x234567890123456789\n]", 2, 3,
		     "unexpected character near 'x23456789012'");
	/* The source name is used as given. */
	{
		json_doc doc;
		assert_int_equal(infracost__json_parse(&doc, "[x]", 3, "dir/spec file.json"),
				 INFRACOST_EPARSE);
		assert_string_equal(
			infracost_error_last()->message,
			"dir/spec file.json:1:2: malformed JSON: unexpected character near 'x]'");
		assert_string_equal(infracost_error_last()->source, "dir/spec file.json");
	}
}

/* ------------------------------------------------------ type names, memory */

static void test_type_names(void **state)
{
	jdoc d;
	const json_value *v;
	static const char *const want[] = {"null",     "a boolean", "a boolean", "a number",
					   "a string", "an array",  "an object"};
	static const int types[] = {JSON_T_NULL,   JSON_T_FALSE, JSON_T_TRUE,  JSON_T_NUMBER,
				    JSON_T_STRING, JSON_T_ARRAY, JSON_T_OBJECT};
	(void)state;

	v = PARSE_OK(&d, "[null,false,true,1,\"s\",[],{}]");
	assert_int_equal(v->n, 7);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(v->u.items[i].type, types[i]);
		assert_string_equal(infracost__json_type_name(&v->u.items[i]), want[i]);
	}
	assert_string_equal(infracost__json_type_name(v), "an array");
	jdoc_free(&d);
}

static void test_doc_lifecycle(void **state)
{
	jdoc d;
	const json_value *v;
	(void)state;

	v = PARSE_OK(&d, "{\"a\":[1,\"two\"]}");
	assert_non_null(v);
	assert_non_null(d.doc.blocks);
	infracost__json_free(&d.doc);
	assert_null(d.doc.root);
	assert_null(d.doc.blocks);
	/* Freeing again is harmless. */
	infracost__json_free(&d.doc);
	assert_null(d.doc.blocks);
	free(d.buf);

	/* A document that failed is zeroed, so freeing it is harmless. */
	{
		json_doc doc;
		memset(&doc, 0x5A, sizeof(doc));
		assert_int_equal(infracost__json_parse(&doc, "[1,", 3, SRC), INFRACOST_EPARSE);
		assert_null(doc.root);
		assert_null(doc.blocks);
		infracost__json_free(&doc);
	}
	/* A failure does not disturb a later parse. */
	v = PARSE_OK(&d, "[true]");
	assert_int_equal(v->u.items[0].type, JSON_T_TRUE);
	jdoc_free(&d);
}

static char *oom_document(size_t *len)
{
	size_t cap = 200000, n = 0;
	char *t = malloc(cap);

	assert_non_null(t);
	n += (size_t)snprintf(
		t + n, cap - n,
		"{\"name\":\"svc\",\"esc\":\"a\\u00e9\\ud83d\\ude00\\n\","
		"\"nested\":{\"a\":{\"b\":{\"c\":[true,false,null,[[[{\"d\":\"e\"}]]]]}}},"
		"\"long_number\":");
	for (int i = 0; i < 150; i++)
		t[n++] = (char)('1' + i % 9);
	n += (size_t)snprintf(t + n, cap - n, ".25e-100,\"list\":[");
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(t + n, cap - n, "%s{\"i\":%d,\"s\":\"x%d\"}", i ? "," : "", i,
				      i);
	n += (size_t)snprintf(t + n, cap - n, "],\"members\":{");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(t + n, cap - n, "%s\"m%d\":[%d]", i ? "," : "", i, i);
	n += (size_t)snprintf(t + n, cap - n, "},\"big\":\"");
	/* Longer than an arena block; the escape at its end takes the slow path. */
	for (int i = 0; i < 70000; i++)
		t[n++] = (char)('a' + i % 26);
	n += (size_t)snprintf(t + n, cap - n, "\\\"end\"}");
	assert_true(n < cap);
	*len = n;
	return t;
}

static void check_oom_document(const json_value *v)
{
	const json_value *x;
	assert_int_equal(v->type, JSON_T_OBJECT);
	assert_int_equal(v->n, 7);
	x = infracost__json_get(v, "esc");
	assert_non_null(x);
	assert_string_equal(x->u.str, "a\xC3\xA9\xF0\x9F\x98\x80\n");
	x = infracost__json_get(infracost__json_get(v, "nested"), "a");
	x = infracost__json_get(infracost__json_get(x, "b"), "c");
	assert_non_null(x);
	assert_int_equal(x->n, 4);
	x = infracost__json_get(v, "long_number");
	assert_non_null(x);
	assert_int_equal(x->type, JSON_T_NUMBER);
	assert_true(x->u.num > 1.2e49 && x->u.num < 1.3e49);
	x = infracost__json_get(v, "list");
	assert_int_equal(x->n, 100);
	assert_string_equal(infracost__json_get(&x->u.items[99], "s")->u.str, "x99");
	x = infracost__json_get(v, "members");
	assert_int_equal(x->n, 40);
	assert_true(x->u.members[39].value.u.items[0].u.num == 39.0);
	x = infracost__json_get(v, "big");
	assert_int_equal(x->n, 70004);
	assert_memory_equal(x->u.str + 70000, "\"end", 4);
}

static void test_out_of_memory(void **state)
{
	size_t len;
	char *text = oom_document(&len);
	unsigned long n, failures = 0;
	int done = 0;
	(void)state;

	/* The document parses without failure injection. */
	{
		json_doc doc;
		assert_int_equal(infracost__json_parse(&doc, text, len, SRC), 0);
		check_oom_document(doc.root);
		infracost__json_free(&doc);
	}
	for (n = 1; n < 1000 && !done; n++) {
		json_doc doc;
		int rc;

		infracost_error_clear();
		infracost__alloc_fail_after(n);
		rc = infracost__json_parse(&doc, text, len, SRC);
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			check_oom_document(doc.root);
			infracost__json_free(&doc);
			done = 1;
		} else {
			failures++;
			assert_int_equal(rc, INFRACOST_ENOMEM);
			assert_non_null(infracost_error_last());
			assert_int_equal(infracost_error_last()->code, INFRACOST_ENOMEM);
			assert_null(doc.root);
			assert_null(doc.blocks);
		}
	}
	free(text);
	assert_true(done);
	/* Arena blocks, both work stacks growing, the long number and the
	 * big string: several allocations, each of which can fail. */
	assert_true(failures >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_literal_errors),
		cmocka_unit_test(test_numbers_exact_values),
		cmocka_unit_test(test_numbers_match_strtod),
		cmocka_unit_test(test_numbers_long_text),
		cmocka_unit_test(test_number_errors),
		cmocka_unit_test(test_number_huge_exponent_and_long_fraction),
		cmocka_unit_test(test_string_simple_and_lengths),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_string_surrogate_pairs),
		cmocka_unit_test(test_string_surrogate_errors),
		cmocka_unit_test(test_string_escape_errors),
		cmocka_unit_test(test_string_control_characters),
		cmocka_unit_test(test_string_raw_utf8),
		cmocka_unit_test(test_string_invalid_utf8),
		cmocka_unit_test(test_string_long),
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_nested_values),
		cmocka_unit_test(test_member_order_and_get),
		cmocka_unit_test(test_get_on_non_objects),
		cmocka_unit_test(test_large_array),
		cmocka_unit_test(test_whitespace_allowed),
		cmocka_unit_test(test_whitespace_refused),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_trailing_garbage),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_length_is_respected),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_error_positions),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_doc_lifecycle),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
