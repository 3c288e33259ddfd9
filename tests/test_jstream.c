/* test_jstream.c - the streaming JSON reader (lib/formats/jstream.c): events,
 * numbers and strings, errors with line:column (jansson, the whole-document
 * reader of lib/formats/jsondoc.c, refuses the same malformed texts), tokens split across
 * buffer refills (every buffer size from the minimum up), the depth and
 * token limits, skipping, read errors, out-of-memory, and constant memory
 * over a large input. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jstream.h"
#include "jsondoc.h"

#define SRC "s.json"

/* A FILE reading `len` bytes of `text` (a private copy). */
static FILE *mem_file(const char *text, size_t len)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(text, 1, len, f), len);
	rewind(f);
	return f;
}

/* Every event of `text` rendered one after another, or "ERROR <message>"
 * after the events before the error. Caller frees. */
static char *render_events(const char *text, size_t len, const jstream_limits *lim)
{
	FILE *f = mem_file(text, len);
	jstream *js;
	size_t cap = 256, used = 0;
	char *out = malloc(cap);
	int ev;

	assert_non_null(out);
	out[0] = '\0';
	assert_int_equal(infracost__jstream_new(&js, f, SRC, lim), 0);
	for (;;) {
		char piece[512];
		size_t n;
		ev = infracost__jstream_next(js);
		switch (ev) {
		case JSTREAM_END: snprintf(piece, sizeof(piece), "$"); break;
		case JSTREAM_OBJECT_BEGIN: snprintf(piece, sizeof(piece), "{ "); break;
		case JSTREAM_OBJECT_END: snprintf(piece, sizeof(piece), "} "); break;
		case JSTREAM_ARRAY_BEGIN: snprintf(piece, sizeof(piece), "[ "); break;
		case JSTREAM_ARRAY_END: snprintf(piece, sizeof(piece), "] "); break;
		case JSTREAM_KEY:
			snprintf(piece, sizeof(piece), "K(%s) ", infracost__jstream_text(js, NULL));
			break;
		case JSTREAM_STRING:
			snprintf(piece, sizeof(piece), "S(%s) ", infracost__jstream_text(js, NULL));
			break;
		case JSTREAM_NUMBER:
			snprintf(piece, sizeof(piece), "N(%s=%.17g) ",
				 infracost__jstream_text(js, NULL), infracost__jstream_number(js));
			break;
		case JSTREAM_TRUE: snprintf(piece, sizeof(piece), "true "); break;
		case JSTREAM_FALSE: snprintf(piece, sizeof(piece), "false "); break;
		case JSTREAM_NULL: snprintf(piece, sizeof(piece), "null "); break;
		default:
			snprintf(piece, sizeof(piece), "ERROR %d %s", ev,
				 infracost_error_last()->message);
			break;
		}
		n = strlen(piece);
		while (used + n + 1 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + used, piece, n + 1);
		used += n;
		if (ev <= 0)
			break;
	}
	/* Errors are sticky; the end stays the end. */
	assert_int_equal(infracost__jstream_next(js), ev);
	infracost__jstream_free(js);
	fclose(f);
	return out;
}

static void expect_events_(const char *text, const char *expected, const char *file, int line)
{
	char *got = render_events(text, strlen(text), NULL);
	if (strcmp(got, expected) != 0) {
		print_error("%s:%d: events of %s\n  got      %s\n  expected %s\n", file, line, text,
			    got, expected);
		free(got);
		_fail(file, line);
	}
	/* Every buffer size gives the same events (tokens split anywhere). */
	for (size_t b = 16; b < strlen(text) + 20; b++) {
		jstream_limits lim = {b, 0, 0};
		char *small = render_events(text, strlen(text), &lim);
		if (strncmp(small, "ERROR", 5) != 0 && strcmp(small, expected) != 0) {
			print_error("%s:%d: buffer %zu: got %s\n", file, line, b, small);
			free(small);
			free(got);
			_fail(file, line);
		}
		free(small);
	}
	free(got);
}
#define EXPECT_EVENTS(text, expected) expect_events_((text), (expected), __FILE__, __LINE__)

static void test_events(void **state)
{
	(void)state;
	EXPECT_EVENTS("{}", "{ } $");
	EXPECT_EVENTS("[]", "[ ] $");
	EXPECT_EVENTS(" \t\r\n 1 \n", "N(1=1) $");
	EXPECT_EVENTS("\"x\"", "S(x) $");
	EXPECT_EVENTS("true", "true $");
	EXPECT_EVENTS("false", "false $");
	EXPECT_EVENTS("null", "null $");
	EXPECT_EVENTS("{\"a\":1,\"b\":[true,false,null,\"s\",{}],\"c\":{\"d\":[]}}",
		      "{ K(a) N(1=1) K(b) [ true false null S(s) { } ] K(c) { K(d) [ ] } } $");
	EXPECT_EVENTS("[ [ ], [ [ ] ] , { \"k\" : \"v\" } ]", "[ [ ] [ [ ] ] { K(k) S(v) } ] $");
	/* Keys may repeat: the stream reader does not keep keys (see jstream.h). */
	EXPECT_EVENTS("{\"a\":1,\"a\":2}", "{ K(a) N(1=1) K(a) N(2=2) } $");
	EXPECT_EVENTS("{\"\":\"\"}", "{ K() S() } $");
}

static void test_numbers(void **state)
{
	(void)state;
	EXPECT_EVENTS("0", "N(0=0) $");
	EXPECT_EVENTS("-0", "N(-0=-0) $");
	EXPECT_EVENTS("[1.5,-2.25e2,3E+1,4e-1,0.0960000000]",
		      "[ N(1.5=1.5) N(-2.25e2=-225) N(3E+1=30) N(4e-1=0.40000000000000002) "
		      "N(0.0960000000=0.096000000000000002) ] $");
	EXPECT_EVENTS("12345678901234567890", "N(12345678901234567890=1.2345678901234567e+19) $");
}

static void test_strings(void **state)
{
	(void)state;
	EXPECT_EVENTS("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", "S(a\"b\\c/d\be\ff\ng\rh\ti) $");
	EXPECT_EVENTS("\"\\u0041\\u00e9\\u20AC\"", "S(A\xc3\xa9\xe2\x82\xac) $");
	EXPECT_EVENTS("\"\\ud83d\\ude00\"", "S(\xf0\x9f\x98\x80) $");
	EXPECT_EVENTS("\"US East (N. Virginia) \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
		      "S(US East (N. Virginia) \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80) $");
	EXPECT_EVENTS("{\"\\u006bey\":\"v\"}", "{ K(key) S(v) } $");
}

/* Errors: message with line:column; jansson (lib/formats/jsondoc.c, which reads the
 * documents read whole) refuses the same text. */
static void expect_error_(const char *text, const char *expected, const char *file, int line)
{
	char *got = render_events(text, strlen(text), NULL);
	const char *msg = strstr(got, "ERROR");
	jsondoc doc;
	char *copy = malloc(strlen(text) + 1);
	int rc;

	if (!msg || strcmp(strchr(msg + 6, ' ') + 1, expected) != 0) {
		print_error("%s:%d: %s\n  got      %s\n  expected %s\n", file, line, text, got,
			    expected);
		free(got);
		free(copy);
		_fail(file, line);
	}
	assert_int_equal(atoi(msg + 6), INFRACOST_EPARSE);
	/* The whole-document reader refuses it too. */
	memcpy(copy, text, strlen(text) + 1);
	rc = infracost__jsondoc_parse(&doc, copy, strlen(text), SRC);
	if (rc != INFRACOST_EPARSE) {
		print_error("%s:%d: lib/formats/jsondoc.c says %s\n", file, line,
			    rc ? infracost_error_last()->message : "(ok)");
		if (rc == 0)
			infracost__jsondoc_free(&doc);
		free(got);
		free(copy);
		_fail(file, line);
	}
	free(copy);
	/* With small buffers the position stays the same ("near" may be shorter). */
	for (size_t b = 16; b < strlen(text) + 20; b++) {
		jstream_limits lim = {b, 0, 0};
		char *small = render_events(text, strlen(text), &lim);
		const char *m = strstr(small, "ERROR");
		const char *colon = strstr(expected, ": malformed JSON: ");
		size_t prefix = (size_t)(colon - expected) + strlen(": malformed JSON: ");
		const char *near = strstr(expected, " near '");
		size_t what = near ? (size_t)(near - expected) : strlen(expected);
		if (!m || strncmp(strchr(m + 6, ' ') + 1, expected, what) != 0) {
			print_error("%s:%d: buffer %zu: got %s (expected %.*s)\n", file, line, b,
				    small, (int)what, expected);
			free(small);
			free(got);
			_fail(file, line);
		}
		(void)prefix;
		free(small);
	}
	free(got);
}
#define EXPECT_ERROR(text, expected) expect_error_((text), (expected), __FILE__, __LINE__)

static void test_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("", "s.json:1:1: malformed JSON: a value expected at end of file");
	EXPECT_ERROR("  \n  ", "s.json:2:3: malformed JSON: a value expected at end of file");
	EXPECT_ERROR("{", "s.json:1:2: malformed JSON: string (a key) expected at end of file");
	EXPECT_ERROR("[1,]", "s.json:1:4: malformed JSON: unexpected character near ']'");
	EXPECT_ERROR("{\"a\":1,}", "s.json:1:8: malformed JSON: string (a key) expected near '}'");
	EXPECT_ERROR("{\"a\" 1}", "s.json:1:6: malformed JSON: ':' expected near '1}'");
	EXPECT_ERROR("{\"a\":1 \"b\":2}",
		     "s.json:1:8: malformed JSON: ',' or '}' expected near '\"b\":2}'");
	EXPECT_ERROR("[1 2]", "s.json:1:4: malformed JSON: ',' or ']' expected near '2]'");
	EXPECT_ERROR("{\n  \"a\": [1,\n  2,\n  x]\n}",
		     "s.json:4:3: malformed JSON: unexpected character near 'x]'");
	EXPECT_ERROR("1 2", "s.json:1:3: malformed JSON: end of file expected near '2'");
	EXPECT_ERROR("01", "s.json:1:1: malformed JSON: leading zero in a number near '01'");
	EXPECT_ERROR("-", "s.json:1:1: malformed JSON: invalid number near '-'");
	EXPECT_ERROR("-a", "s.json:1:1: malformed JSON: invalid number near '-a'");
	EXPECT_ERROR("1.", "s.json:1:3: malformed JSON: expected a digit after the decimal point "
			   "at end of file");
	EXPECT_ERROR("1.e3", "s.json:1:3: malformed JSON: expected a digit after the decimal point "
			     "near 'e3'");
	EXPECT_ERROR("1e+", "s.json:1:4: malformed JSON: expected a digit in the exponent at end "
			    "of file");
	EXPECT_ERROR("1e999", "s.json:1:1: malformed JSON: number out of range near '1e999'");
	EXPECT_ERROR("tru", "s.json:1:1: malformed JSON: invalid literal near 'tru'");
	EXPECT_ERROR("nul ", "s.json:1:1: malformed JSON: invalid literal near 'nul '");
	EXPECT_ERROR("\"abc", "s.json:1:1: malformed JSON: unterminated string near '\"abc'");
	EXPECT_ERROR("\"a\\", "s.json:1:3: malformed JSON: unterminated string near '\\'");
	EXPECT_ERROR("\"a\nb\"",
		     "s.json:1:3: malformed JSON: control character in a string near ''");
	EXPECT_ERROR("\"a\tb\"",
		     "s.json:1:3: malformed JSON: control character in a string near '?b\"'");
	EXPECT_ERROR("\"\\x\"", "s.json:1:2: malformed JSON: invalid escape near '\\x\"'");
	EXPECT_ERROR("\"\\u12\"", "s.json:1:4: malformed JSON: truncated \\u escape near '12\"'");
	EXPECT_ERROR("\"\\u12x4\"", "s.json:1:4: malformed JSON: invalid \\u escape near '12x4\"'");
	EXPECT_ERROR("\"\\u12", "s.json:1:4: malformed JSON: truncated \\u escape near '12'");
	EXPECT_ERROR("\"\\u0000\"",
		     "s.json:1:2: malformed JSON: \\u0000 is not allowed in a string near "
		     "'\\u0000\"'");
	EXPECT_ERROR("\"\\ud800\"", "s.json:1:8: malformed JSON: invalid surrogate pair near '\"'");
	EXPECT_ERROR("\"\\ud800\\u0041\"",
		     "s.json:1:8: malformed JSON: invalid surrogate pair near '\\u0041\"'");
	EXPECT_ERROR("\"\\udc00\"",
		     "s.json:1:2: malformed JSON: invalid surrogate pair near '\\udc00\"'");
	EXPECT_ERROR("\"\xff\"", "s.json:1:2: malformed JSON: invalid UTF-8 in a string near "
				 "'?\"'");
	EXPECT_ERROR("\"\xc3\"", "s.json:1:2: malformed JSON: invalid UTF-8 in a string near "
				 "'?\"'");
	EXPECT_ERROR("\"\xed\xa0\x80\"", "s.json:1:2: malformed JSON: invalid UTF-8 in a string "
					 "near '???\"'");
	EXPECT_ERROR("[\x01]", "s.json:1:2: malformed JSON: unexpected character near '?]'");
	EXPECT_ERROR("{\"a\":}", "s.json:1:6: malformed JSON: unexpected character near '}'");
}

/* A malformed byte deep in a large file: line and column are exact although
 * the buffer was refilled many times. */
static void test_error_mid_file(void **state)
{
	size_t lines = 200000, len = 0, cap = lines * 40 + 64;
	char *text = malloc(cap);
	jstream_limits lim = {4096, 0, 0};
	char *got;
	(void)state;

	assert_non_null(text);
	len += (size_t)sprintf(text + len, "[\n");
	for (size_t i = 0; i < lines; i++)
		len += (size_t)sprintf(text + len, "  {\"sku\": \"S%07zu\", \"p\": 1.5},\n", i);
	len += (size_t)sprintf(text + len, "  {\"sku\": \"bad\" \"p\": 2}\n]\n");
	got = render_events(text, len, &lim);
	assert_non_null(strstr(got, "ERROR -4 s.json:200002:17: malformed JSON: ',' or '}' "
				    "expected near '\"p\": 2}'"));
	free(got);
	free(text);
}

static void test_limits(void **state)
{
	jstream_limits depth = {0, 0, 4}, token = {0, 8, 0};
	char *got;
	(void)state;

	got = render_events("[[[[1]]]]", 9, &depth);
	assert_string_equal(got, "[ [ [ [ N(1=1) ] ] ] ] $");
	free(got);
	got = render_events("[[[[[1]]]]]", 11, &depth);
	assert_string_equal(got, "[ [ [ [ ERROR -4 s.json:1:5: malformed JSON: nested too deeply "
				 "(more than 4 levels) near '[1]]]]]'");
	free(got);
	/* The default cap is 256. */
	{
		char deep[600];
		memset(deep, '[', 257);
		memset(deep + 257, ']', 257);
		got = render_events(deep, 514, NULL);
		assert_non_null(strstr(got, "s.json:1:257: malformed JSON: nested too deeply "
					    "(more than 256 levels)"));
		free(got);
	}
	got = render_events("[\"12345678\",12345678]", 21, &token);
	assert_string_equal(got, "[ S(12345678) N(12345678=12345678) ] $");
	free(got);
	got = render_events("[\"12345678\", \"123456789\"]", 25, &token);
	assert_string_equal(got, "[ S(12345678) ERROR -4 s.json:1:14: malformed JSON: string "
				 "longer than 8 bytes (the limit) near '\"123456789\"]'");
	free(got);
	got = render_events("[123456789]", 11, &token);
	assert_string_equal(got, "[ ERROR -4 s.json:1:2: malformed JSON: number longer than 8 "
				 "bytes (the limit) near '123456789]'");
	free(got);
	/* Escapes count as what they stand for: 8 bytes after unescaping. */
	got = render_events("\"\\u00e9\\u00e9\\u00e9\\u00e9\"", 26, &token);
	assert_string_equal(got, "S(\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9) $");
	free(got);
}

/* Skipping: a long string beyond the token limit can be skipped. */
static void test_skip(void **state)
{
	const char *text =
		"{\"a\":{\"x\":[1,{\"y\":\"zzzzzzzzzzzzzzzzzzzzzz\"}],\"w\":\"\\u00e9\"},"
		"\"b\":[1,2,3],\"c\":\"long string here\",\"d\":7}";
	jstream_limits lim = {16, 8, 0};
	FILE *f = mem_file(text, strlen(text));
	jstream *js;
	(void)state;

	assert_int_equal(infracost__jstream_new(&js, f, SRC, &lim), 0);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_OBJECT_BEGIN);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_KEY);
	assert_string_equal(infracost__jstream_text(js, NULL), "a");
	assert_int_equal(infracost__jstream_skip(js), JSTREAM_OBJECT_BEGIN);
	assert_int_equal(infracost__jstream_depth(js), 1);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_KEY);
	assert_string_equal(infracost__jstream_text(js, NULL), "b");
	assert_int_equal(infracost__jstream_next(js), JSTREAM_ARRAY_BEGIN);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_NUMBER);
	/* The rest of the array, its end included. */
	assert_int_equal(infracost__jstream_skip_rest(js), JSTREAM_ARRAY_END);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_KEY);
	assert_string_equal(infracost__jstream_text(js, NULL), "c");
	assert_int_equal(infracost__jstream_skip(js), JSTREAM_STRING);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_KEY);
	assert_string_equal(infracost__jstream_text(js, NULL), "d");
	assert_int_equal(infracost__jstream_skip(js), JSTREAM_NUMBER);
	/* Nothing left in the object: skip meets its end. */
	assert_int_equal(infracost__jstream_skip(js), JSTREAM_OBJECT_END);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_END);
	infracost__jstream_free(js);
	fclose(f);

	/* A skipped value is still checked. */
	f = mem_file("{\"a\":[1,{\"b\":01}],\"c\":1}", 24);
	assert_int_equal(infracost__jstream_new(&js, f, SRC, NULL), 0);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_OBJECT_BEGIN);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_KEY);
	assert_int_equal(infracost__jstream_skip(js), INFRACOST_EPARSE);
	assert_string_equal(
		infracost_error_last()->message,
		"s.json:1:14: malformed JSON: leading zero in a number near '01}],\"c\":1}'");
	infracost__jstream_free(js);
	fclose(f);

	/* Skip the rest of an object right after it begins. */
	f = mem_file("[{\"a\":[{}],\"b\":2},3]", 20);
	assert_int_equal(infracost__jstream_new(&js, f, SRC, NULL), 0);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_ARRAY_BEGIN);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_OBJECT_BEGIN);
	assert_int_equal(infracost__jstream_skip_rest(js), JSTREAM_OBJECT_END);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_NUMBER);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_ARRAY_END);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_END);
	infracost__jstream_free(js);
	fclose(f);
}

static void test_positions(void **state)
{
	const char *text = "{\n  \"products\" : {\n\t\"A\": [ 1,\r\n  true ] } }";
	FILE *f = mem_file(text, strlen(text));
	jstream *js;
	int line, col;
	(void)state;

	assert_int_equal(infracost__jstream_new(&js, f, SRC, NULL), 0);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_OBJECT_BEGIN);
	infracost__jstream_position(js, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_KEY);
	infracost__jstream_position(js, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	assert_int_equal(infracost__jstream_offset(js), 4);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_OBJECT_BEGIN);
	infracost__jstream_position(js, &line, &col);
	assert_int_equal(col, 16);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_KEY);
	infracost__jstream_position(js, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 2);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_ARRAY_BEGIN);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_NUMBER);
	assert_int_equal(infracost__jstream_next(js), JSTREAM_TRUE);
	infracost__jstream_position(js, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 3);
	/* An error of the caller's, at the last token. */
	assert_int_equal(infracost__jstream_fail(js, INFRACOST_EINVALID, "not %s", "wanted"),
			 INFRACOST_EINVALID);
	assert_string_equal(infracost_error_last()->message, "s.json:4:3: not wanted");
	assert_int_equal(infracost__jstream_next(js), JSTREAM_ARRAY_END);
	infracost__jstream_position(js, &line, &col);
	assert_int_equal(col, 8);
	infracost__jstream_free(js);
	fclose(f);
}

/* A long document with strings of every length around the buffer size,
 * escapes and multi-byte characters at every alignment. */
static void test_chunk_boundaries(void **state)
{
	size_t cap = 1 << 16, len = 0;
	char *text = malloc(cap);
	char *expected = malloc(cap * 2), *e = expected;
	(void)state;

	assert_non_null(text);
	assert_non_null(expected);
	len += (size_t)sprintf(text, "[");
	e += sprintf(e, "[ ");
	for (int n = 0; n < 40; n++) {
		text[len++] = '"';
		e += sprintf(e, "S(");
		for (int i = 0; i < n; i++) {
			text[len++] = (char)('a' + i % 26);
			*e++ = (char)('a' + i % 26);
		}
		len += (size_t)sprintf(text + len, "\\u00e9\xe2\x82\xac\\n\\ud83d\\ude00\",");
		e += sprintf(e, "\xc3\xa9\xe2\x82\xac\n\xf0\x9f\x98\x80) ");
		{
			char num[32];
			snprintf(num, sizeof(num), "%d.%de-%d", n, n * 7, n % 3);
			len += (size_t)sprintf(text + len, "%s,", num);
			e += sprintf(e, "N(%s=%.17g) ", num, strtod(num, NULL));
		}
		len += (size_t)sprintf(text + len, "true,null,false,");
		e += sprintf(e, "true null false ");
	}
	len += (size_t)sprintf(text + len, "{}]");
	e += sprintf(e, "{ } ] $");
	text[len] = '\0';
	EXPECT_EVENTS(text, expected);
	free(text);
	free(expected);
}

static void test_read_error(void **state)
{
	const char *path = temp_file("w.json", "[1,2,3]");
	FILE *f = fopen(path, "w"); /* not readable */
	jstream *js;
	(void)state;

	assert_non_null(f);
	assert_int_equal(infracost__jstream_new(&js, f, "w.json", NULL), 0);
	assert_int_equal(infracost__jstream_next(js), INFRACOST_EIO);
	assert_non_null(strstr(infracost_error_last()->message, "w.json: read error: "));
	infracost__jstream_free(js);
	fclose(f);
	assert_int_equal(infracost__jstream_new(&js, NULL, "x", NULL), INFRACOST_EINVALID);
}

static void test_out_of_memory(void **state)
{
	const char *text =
		"{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaa\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}";
	unsigned long n;
	(void)state;

	for (n = 1;; n++) {
		FILE *f = mem_file(text, strlen(text));
		jstream *js = NULL;
		int rc, ev = 0;
		infracost__alloc_fail_after(n);
		rc = infracost__jstream_new(&js, f, SRC, NULL);
		if (rc == 0) {
			while ((ev = infracost__jstream_next(js)) > 0)
				;
			infracost__jstream_free(js);
		}
		infracost__alloc_fail_after(0);
		fclose(f);
		if (rc == 0 && ev == 0)
			break;
		assert_int_equal(rc ? rc : ev, INFRACOST_ENOMEM);
		assert_true(n < 100);
	}
	assert_true(n > 2);
}

/* 32 MB of offer-like JSON through the default reader: the memory stays at
 * the buffer plus a token buffer and the stack, whatever the input size. */
static void test_constant_memory(void **state)
{
	FILE *f = tmpfile();
	jstream *js;
	size_t events = 0, bytes = 0, peak_small;
	int ev;
	(void)state;

	assert_non_null(f);
	bytes += (size_t)fprintf(f, "{\"products\":{");
	for (int i = 0; bytes < 32u * 1024 * 1024; i++)
		bytes += (size_t)fprintf(f,
					 "%s\"SKU%08d\":{\"sku\":\"SKU%08d\",\"productFamily\":"
					 "\"Compute Instance\",\"attributes\":{\"instanceType\":"
					 "\"m5.large\",\"vcpu\":\"2\",\"memory\":\"8 GiB\",\"x\":"
					 "[1.5,true,null]}}\n",
					 i ? "," : "", i, i);
	fprintf(f, "}}");
	rewind(f);
	assert_int_equal(infracost__jstream_new(&js, f, SRC, NULL), 0);
	while ((ev = infracost__jstream_next(js)) > 0) {
		events++;
		if (events == 1000)
			peak_small = infracost__jstream_memory(js);
	}
	assert_int_equal(ev, JSTREAM_END);
	assert_true(events > 3000000);
	/* Constant: the same after 1000 events as after millions. */
	assert_int_equal(infracost__jstream_memory(js), peak_small);
	assert_true(infracost__jstream_memory(js) < JSTREAM_DEFAULT_BUFFER + 4096);
	infracost__jstream_free(js);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_mid_file),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_chunk_boundaries),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_constant_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
