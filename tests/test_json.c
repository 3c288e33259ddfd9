/* test_json.c - JSON documents read whole (lib/formats/jsondoc.c, jansson behind
 * it): values and accessors, member order, malformed texts with
 * line:column, duplicate keys (100,000 keys in linear time), a byte order
 * mark, the nesting limit, numbers beyond a double, positions found from
 * paths (escaped keys, arrays, values jansson shares), one walk for the
 * lines of many elements, the deferred array of a spec, a comma locale,
 * and out-of-memory. Every text is copied into a heap buffer of exactly
 * its length (no NUL after it), so reading past the end shows under ASan
 * and valgrind. */
#include "helpers.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "jsondoc.h"

#define SRC "in.json"

typedef struct {
	jsondoc doc;
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

static const jsonval *parse_ok_(jdoc *d, const char *text, size_t len, const char *file, int at)
{
	int rc;
	d->buf = copy_exact(text, len);
	rc = infracost__jsondoc_parse(&d->doc, d->buf, len, SRC);
	if (rc != 0) {
		print_error("%s:%d: parse returned %d (%s), expected success\n", file, at, rc,
			    infracost_error_last()->message);
		_fail(file, at);
	}
	return d->doc.root;
}
#define PARSE_OK(d, text) parse_ok_((d), (text), strlen(text), __FILE__, __LINE__)

static void jdoc_free(jdoc *d)
{
	infracost__jsondoc_free(&d->doc);
	free(d->buf);
	d->buf = NULL;
}

/* Parse expecting EPARSE with exactly "in.json:MESSAGE". */
static void expect_error_(const char *text, size_t len, const char *message, const char *file,
			  int at)
{
	jsondoc doc;
	char want[512];
	char *buf = copy_exact(text, len);
	int rc = infracost__jsondoc_parse(&doc, buf, len, SRC);
	free(buf);
	snprintf(want, sizeof(want), "%s:%s", SRC, message);
	if (rc != INFRACOST_EPARSE || strcmp(infracost_error_last()->message, want) != 0) {
		print_error("%s:%d: got %d '%s'\n  expected EPARSE '%s'\n", file, at, rc,
			    rc ? infracost_error_last()->message : "(ok)", want);
		if (rc == 0)
			infracost__jsondoc_free(&doc);
		_fail(file, at);
	}
	assert_null(doc.root);
}
#define EXPECT_ERROR(text, message)                                                                \
	expect_error_((text), strlen(text), (message), __FILE__, __LINE__)

static void test_values_and_accessors(void **state)
{
	jdoc d;
	const jsonval *r, *a;
	(void)state;
	r = PARSE_OK(&d, "{\"n\": -12.5e1, \"i\": 3, \"s\": \"h\\u00e9\\n\", \"t\": true, \"f\": "
			 "false, \"z\": null, \"a\": [1, \"x\", {}], \"o\": {\"k\": []}}");
	assert_int_equal(infracost__jv_type(r), JV_OBJECT);
	assert_int_equal(infracost__jv_len(r), 8);
	assert_true(infracost__jv_num(infracost__jv_get(r, "n")) == -125);
	/* integers are doubles too (JSON_DECODE_INT_AS_REAL) */
	assert_int_equal(infracost__jv_type(infracost__jv_get(r, "i")), JV_NUMBER);
	assert_true(infracost__jv_num(infracost__jv_get(r, "i")) == 3);
	assert_string_equal(infracost__jv_str(infracost__jv_get(r, "s")), "h\xc3\xa9\n");
	assert_int_equal(infracost__jv_len(infracost__jv_get(r, "s")), 4);
	assert_true(infracost__jv_is(infracost__jv_get(r, "t"), JV_TRUE));
	assert_true(infracost__jv_is(infracost__jv_get(r, "f"), JV_FALSE));
	assert_true(infracost__jv_is(infracost__jv_get(r, "z"), JV_NULL));
	a = infracost__jv_get(r, "a");
	assert_int_equal(infracost__jv_len(a), 3);
	assert_string_equal(infracost__jv_str(infracost__jv_item(a, 1)), "x");
	assert_null(infracost__jv_item(a, 3));
	assert_null(infracost__jv_get(r, "missing"));
	assert_null(infracost__jv_get(a, "x")); /* not an object */
	assert_null(infracost__jv_item(r, 0));  /* not an array */
	assert_false(infracost__jv_is(NULL, JV_NULL));
	assert_int_equal(infracost__jv_type(NULL), JV_NULL);
	assert_string_equal(infracost__jv_type_name(r), "an object");
	assert_string_equal(infracost__jv_type_name(a), "an array");
	assert_string_equal(infracost__jv_type_name(infracost__jv_get(r, "s")), "a string");
	assert_string_equal(infracost__jv_type_name(infracost__jv_get(r, "n")), "a number");
	assert_string_equal(infracost__jv_type_name(infracost__jv_get(r, "t")), "a boolean");
	assert_string_equal(infracost__jv_type_name(infracost__jv_get(r, "z")), "null");
	/* iteration over a non-object yields nothing */
	for (jv_iter it = infracost__jv_members(a); infracost__jv_iter_next(&it);)
		fail();
	jdoc_free(&d);
	/* any value at the top */
	r = PARSE_OK(&d, " 42 ");
	assert_true(infracost__jv_num(r) == 42);
	jdoc_free(&d);
}

/* Members come in document order, whatever their hashes. */
static void test_member_order(void **state)
{
	char *text = malloc(20000);
	size_t n = 0;
	int i = 0;
	jdoc d;
	const jsonval *r;
	(void)state;
	n += (size_t)sprintf(text + n, "{");
	for (int k = 999; k >= 0; k--)
		n += (size_t)sprintf(text + n, "%s\"k%d\": %d", k == 999 ? "" : ",",
				     (k * 7919) % 1000, k);
	n += (size_t)sprintf(text + n, "}");
	r = PARSE_OK(&d, text);
	for (jv_iter it = infracost__jv_members(r); infracost__jv_iter_next(&it); i++) {
		char want[16];
		int k = 999 - i;
		snprintf(want, sizeof(want), "k%d", (k * 7919) % 1000);
		assert_string_equal(it.key, want);
		assert_true(infracost__jv_num(it.value) == k);
	}
	assert_int_equal(i, 1000);
	jdoc_free(&d);
	free(text);
}

static void test_malformed(void **state)
{
	(void)state;
	EXPECT_ERROR("{\n  \"a\": [1,\n  2,\n  x]\n}",
		     "4:3: malformed JSON: invalid token near 'x'");
	EXPECT_ERROR("{\"a\":1,}", "1:8: malformed JSON: string or '}' expected near '}'");
	EXPECT_ERROR("1 2", "1:3: malformed JSON: end of file expected near '2'");
	EXPECT_ERROR("", "1:1: malformed JSON: unexpected token near end of file");
	EXPECT_ERROR("[01]", "1:2: malformed JSON: invalid token near '0'");
	EXPECT_ERROR("{\"a\" 1}", "1:6: malformed JSON: ':' expected near '1'");
	/* "\u0000" is refused */
	EXPECT_ERROR("[\"a\\u0000\"]", "1:10: malformed JSON: \\u0000 is not allowed without "
				       "JSON_ALLOW_NUL near '\"a\\u0000\"'");
	/* control characters quoted from the input are shown escaped (error.c) */
	EXPECT_ERROR("[\x01]", "1:2: malformed JSON: invalid token near '\\x01'");
	EXPECT_ERROR("[\x1b[2J]", "1:2: malformed JSON: invalid token near '\\x1b'");
	EXPECT_ERROR("[\"a\xff\"]", "1:3: malformed JSON: unable to decode byte 0xff near '\"a'");
	EXPECT_ERROR("[\"a\tb\"]", "1:3: malformed JSON: control character 0x9 near '\"a'");
	EXPECT_ERROR("[\"\xc3\xa9\x1b[2J]", "1:3: malformed JSON: control character 0x1b near "
					    "'\"\xc3\xa9'");
	/* the length is respected: nothing is read after text[len) */
	expect_error_("[1] trailing", 2, "1:2: malformed JSON: ']' expected near end of file",
		      __FILE__, __LINE__);
}

/* A number too large for a double is malformed, never inf. */
static void test_numbers_beyond_double(void **state)
{
	jdoc d;
	const jsonval *r;
	(void)state;
	EXPECT_ERROR("[1e400]", "1:6: malformed JSON: real number overflow near '1e400'");
	EXPECT_ERROR("[-1e400]", "1:7: malformed JSON: real number overflow near '-1e400'");
	EXPECT_ERROR("{\"replicas\": 1e309}",
		     "1:18: malformed JSON: real number overflow near '1e309'");
	r = PARSE_OK(&d, "[1e-400, 123456789012345678901234567890, 1.7976931348623157e308]");
	assert_true(infracost__jv_num(infracost__jv_item(r, 0)) == 0);
	assert_true(infracost__jv_num(infracost__jv_item(r, 1)) ==
		    123456789012345678901234567890.0);
	assert_true(isfinite(infracost__jv_num(infracost__jv_item(r, 2))));
	jdoc_free(&d);
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	EXPECT_ERROR("{\"a\": 1, \"b\": 2, \"a\": 3}",
		     "1:20: malformed JSON: duplicate object key near '\"a\"'");
	/* the same key written with an escape is the same key */
	EXPECT_ERROR("{\"ab\": 1,\n \"\\u0061b\": 2}",
		     "2:10: malformed JSON: duplicate object key near '\"\\u0061b\"'");
	/* in a nested object, and in an element of an array */
	EXPECT_ERROR("[{\"x\": {\"k\": 1, \"k\": 2}}]",
		     "1:19: malformed JSON: duplicate object key near '\"k\"'");
}

/* An object of `keys` distinct keys, then the first key again: the
 * seconds the better of two parses of each took (both checked). */
static double parse_keys(char *text, int keys)
{
	double best = 1e9;
	size_t n = 0;
	jsondoc doc;
	n += (size_t)sprintf(text + n, "{");
	for (int k = 0; k < keys; k++)
		n += (size_t)sprintf(text + n, "%s\"key%d\": %d", k ? ", " : "", k, k);
	for (int round = 0; round < 3; round++) {
		struct timespec t0, t1;
		size_t m = n;
		double secs;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		text[m] = '}'; /* all distinct: accepted */
		assert_int_equal(infracost__jsondoc_parse(&doc, text, m + 1, SRC), 0);
		assert_int_equal(infracost__jv_len(doc.root), (size_t)keys);
		infracost__jsondoc_free(&doc);
		m += (size_t)sprintf(text + m, ", \"key0\": 1}"); /* refused */
		assert_int_equal(infracost__jsondoc_parse(&doc, text, m, SRC), INFRACOST_EPARSE);
		assert_non_null(strstr(infracost_error_last()->message, "duplicate object key"));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (secs < best)
			best = secs;
	}
	return best;
}

/* 100,000 keys: the duplicate check is a hash look-up, not a scan of the
 * keys before (the old reader took 38 s). Five times the keys take about
 * five times as long (25 times if quadratic), under valgrind too; the best
 * of three rounds, and room for a loaded machine (a complexity check, not
 * a speed target: those are in bench/). */
static void test_duplicate_check_is_linear(void **state)
{
	char *text = malloc(100000 * 24 + 64);
	double small, big;
	(void)state;
	small = parse_keys(text, 20000);
	big = parse_keys(text, 100000);
	free(text);
	print_message("20,000 keys %.4f s, 100,000 keys %.4f s\n", small, big);
	assert_true(big < 15 * small + 0.05);
}

/* A byte order mark is not JSON: refused here (a spec skips one itself). */
static void test_byte_order_mark(void **state)
{
	(void)state;
	EXPECT_ERROR("\xEF\xBB\xBF{}", "1:1: malformed JSON: invalid token near '\xEF\xBB\xBF'");
}

/* Nesting is capped by jansson (2048 levels): deeper is an error, not a
 * stack overflow. */
static void test_nesting_limit(void **state)
{
	size_t deep = 100000;
	char *text = malloc(2 * deep);
	jsondoc doc;
	int line, column;
	json_step step = {NULL, 0};
	(void)state;
	memset(text, '[', deep);
	memset(text + deep, ']', deep);
	assert_int_equal(infracost__jsondoc_parse(&doc, text, 2 * deep, SRC), INFRACOST_EPARSE);
	assert_non_null(strstr(infracost_error_last()->message, "maximum parsing depth reached"));
	/* 2000 levels are read, and located */
	assert_int_equal(infracost__jsondoc_parse(&doc, text + deep - 2000, 4000, SRC), 0);
	assert_int_equal(infracost__json_locate(text + deep - 2000, 4000, &step, 1, &line, &column),
			 0);
	assert_int_equal(column, 2);
	infracost__jsondoc_free(&doc);
	free(text);
}

/* Positions from paths: one walk over the text, keys compared unescaped. */
static void test_locate(void **state)
{
	const char *text = "{\n"
			   "  \"a\": {\"b\": [10, 20,\n"
			   "     {\"c\": \"x\"}]},\n"
			   "  \"pr\\u006fd\": {\"k.1\": true},\n"
			   "  \"q\\\"uote\": [[1], [2, 3]]\n"
			   "}";
	char *buf = copy_exact(text, strlen(text));
	int line, column;
	(void)state;
#define LOC(...)                                                                                   \
	do {                                                                                       \
		json_step steps_[] = {__VA_ARGS__};                                                \
		assert_int_equal(infracost__json_locate(buf, strlen(text), steps_,                 \
							sizeof(steps_) / sizeof(steps_[0]), &line, \
							&column),                                  \
				 0);                                                               \
	} while (0)
	LOC({"a", 0});
	assert_int_equal(line, 2);
	assert_int_equal(column, 8);
	LOC({"a", 0}, {"b", 0}, {NULL, 1});
	assert_int_equal(line, 2);
	assert_int_equal(column, 19);
	LOC({"a", 0}, {"b", 0}, {NULL, 2}, {"c", 0});
	assert_int_equal(line, 3);
	assert_int_equal(column, 12);
	LOC({"prod", 0}, {"k.1", 0}); /* an escaped key, a dot in a key */
	assert_int_equal(line, 4);
	assert_int_equal(column, 24);
	LOC({"q\"uote", 0}, {NULL, 1}, {NULL, 1});
	assert_int_equal(line, 5);
	assert_int_equal(column, 24);
	/* the root: no steps */
	assert_int_equal(infracost__json_locate(buf, strlen(text), NULL, 0, &line, &column), 0);
	assert_int_equal(line, 1);
	assert_int_equal(column, 1);
	/* not there: -1 and 0:0 */
	{
		json_step no_key[] = {{"nope", 0}};
		json_step past[] = {{"a", 0}, {"b", 0}, {NULL, 3}};
		json_step not_array[] = {{"a", 0}, {NULL, 0}};
		assert_int_equal(
			infracost__json_locate(buf, strlen(text), no_key, 1, &line, &column), -1);
		assert_int_equal(line, 0);
		assert_int_equal(infracost__json_locate(buf, strlen(text), past, 3, &line, &column),
				 -1);
		assert_int_equal(
			infracost__json_locate(buf, strlen(text), not_array, 2, &line, &column),
			-1);
		assert_int_equal(infracost__json_locate(buf, 0, no_key, 0, &line, &column), -1);
	}
	free(buf);
}

/* A value's position from the tree: by identity, or for true, false and
 * null (shared by jansson) by the path the message names. */
static void test_value_positions(void **state)
{
	jdoc d;
	const jsonval *r, *x;
	int line, column;
	(void)state;
	r = PARSE_OK(&d, "{\"s\": [\n"
			 "  {\"on\": true, \"n\": 1},\n"
			 "  {\"on\": true, \"n\": null}\n"
			 "], \"top\": null}");
	x = infracost__jv_get(infracost__jv_item(infracost__jv_get(r, "s"), 1), "n");
	infracost__jsondoc_position(&d.doc, x, "s[1].n", &line, &column);
	assert_int_equal(line, 3);
	assert_int_equal(column, 21);
	x = infracost__jv_get(infracost__jv_item(infracost__jv_get(r, "s"), 1), "on");
	infracost__jsondoc_position(&d.doc, x, "s[1].on", &line, &column);
	assert_int_equal(line, 3);
	assert_int_equal(column, 10);
	infracost__jsondoc_position(&d.doc, x, "s[0].on", &line, &column);
	assert_int_equal(line, 2);
	/* no path that matches: the first place */
	infracost__jsondoc_position(&d.doc, x, "elsewhere", &line, &column);
	assert_int_equal(line, 2);
	infracost__jsondoc_position(&d.doc, infracost__jv_get(r, "top"), "top", &line, &column);
	assert_int_equal(line, 4);
	assert_int_equal(column, 11);
	/* a number, found by identity whatever the path says */
	x = infracost__jv_get(infracost__jv_item(infracost__jv_get(r, "s"), 0), "n");
	infracost__jsondoc_position(&d.doc, x, NULL, &line, &column);
	assert_int_equal(line, 2);
	assert_int_equal(column, 21);
	infracost__jsondoc_position(&d.doc, r, NULL, &line, &column);
	assert_int_equal(line, 1);
	assert_int_equal(column, 1);
	jdoc_free(&d);
	/* a shared value at the root, the path not matching (found by fuzzing:
	 * the copy of no steps) */
	r = PARSE_OK(&d, " null");
	infracost__jsondoc_position(&d.doc, r, "$", &line, &column);
	assert_int_equal(line, 1);
	assert_int_equal(column, 2);
	/* not of this document */
	infracost__jsondoc_position(&d.doc, NULL, NULL, &line, &column);
	assert_int_equal(line, 0);
	jdoc_free(&d);
}

static void test_item_lines(void **state)
{
	jdoc d;
	const jsonval *r;
	int *lines;
	(void)state;
	r = PARSE_OK(&d, "{\"Items\": [\n{\"a\": [1,\n2]},\n\"x\", 3,\n\n[{}]\n]}");
	assert_int_equal(infracost__jsondoc_item_lines(&d.doc, infracost__jv_get(r, "Items"),
						       "Items", &lines),
			 0);
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 4);
	assert_int_equal(lines[2], 4);
	assert_int_equal(lines[3], 6);
	infracost__free(lines);
	jdoc_free(&d);
	/* the root itself */
	r = PARSE_OK(&d, "[\n1,\n2]");
	assert_int_equal(infracost__jsondoc_item_lines(&d.doc, r, "", &lines), 0);
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 3);
	infracost__free(lines);
	jdoc_free(&d);
}

/* The deferred array: elements one at a time, positions in the whole text. */
static void test_deferred(void **state)
{
	const char *text = "{ \"name\": \"x\", \"services\": [\n"
			   "  {\"a\": 1},\n"
			   "  {\"b\": [true, 2]}, 7\n"
			   "], \"after\": {\"c\": null} }";
	char *buf = copy_exact(text, strlen(text));
	jsondoc doc;
	const jsonval *el;
	int line, column;
	(void)state;
	assert_int_equal(
		infracost__jsondoc_parse_deferred(&doc, buf, strlen(text), SRC, "services"), 0);
	assert_non_null(doc.key);
	assert_int_equal(doc.n, 3);
	assert_int_equal(infracost__jv_len(infracost__jv_get(doc.root, "services")), 0);
	infracost__jsondoc_position(&doc,
				    infracost__jv_get(infracost__jv_get(doc.root, "after"), "c"),
				    "after.c", &line, &column);
	assert_int_equal(line, 4);
	assert_int_equal(column, 19);
	assert_int_equal(infracost__jsondoc_next(&doc, &el), 1);
	assert_true(infracost__jv_num(infracost__jv_get(el, "a")) == 1);
	assert_int_equal(infracost__jsondoc_next(&doc, &el), 1);
	/* a value of the element, shared or not */
	infracost__jsondoc_position(&doc, infracost__jv_item(infracost__jv_get(el, "b"), 0),
				    "services[1].b[0]", &line, &column);
	assert_int_equal(line, 3);
	assert_int_equal(column, 10);
	infracost__jsondoc_position(&doc, infracost__jv_item(infracost__jv_get(el, "b"), 1), NULL,
				    &line, &column);
	assert_int_equal(line, 3);
	assert_int_equal(column, 16);
	assert_int_equal(infracost__jsondoc_next(&doc, &el), 1);
	assert_true(infracost__jv_num(el) == 7);
	assert_int_equal(infracost__jsondoc_next(&doc, &el), 0);
	assert_null(el);
	infracost__jsondoc_free(&doc);

	/* nothing to defer: not an array, no such key, not an object at the top */
	assert_int_equal(infracost__jsondoc_parse_deferred(&doc, buf, strlen(text), SRC, "name"),
			 0);
	assert_null(doc.key);
	assert_int_equal(infracost__jv_len(infracost__jv_get(doc.root, "services")), 3);
	assert_int_equal(infracost__jsondoc_next(&doc, &el), 0);
	infracost__jsondoc_free(&doc);
	assert_int_equal(infracost__jsondoc_parse_deferred(&doc, buf, strlen(text), SRC, "none"),
			 0);
	assert_null(doc.key);
	infracost__jsondoc_free(&doc);
	free(buf);
}

static void expect_deferred_error(const char *text, const char *message)
{
	char *buf = copy_exact(text, strlen(text));
	char want[256];
	jsondoc doc;
	const jsonval *el;
	int rc = infracost__jsondoc_parse_deferred(&doc, buf, strlen(text), SRC, "s");
	while (rc == 0 && (rc = infracost__jsondoc_next(&doc, &el)) == 1)
		rc = 0;
	infracost__jsondoc_free(&doc);
	free(buf);
	snprintf(want, sizeof(want), "%s:%s", SRC, message);
	assert_int_equal(rc, INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message, want);
}

/* Errors of a deferred text have the place they have in the whole text. */
static void test_deferred_errors(void **state)
{
	(void)state;
	/* a syntax error inside the array: jansson's message for the whole text */
	expect_deferred_error("{\"s\": [\n {\"a\": 1},\n {\"b\" 2}]}",
			      "3:7: malformed JSON: ':' expected near '2'");
	/* a duplicate key in an element (found when it is parsed) */
	expect_deferred_error("{\"s\": [\n {\"a\": 1},\n  {\"b\": 1, \"b\": 2}]}",
			      "3:14: malformed JSON: duplicate object key near '\"b\"'");
	/* a duplicate key of the root after the array, on the array's last
	 * line and on a later one */
	expect_deferred_error("{\"x\": 1, \"s\": [\n {\"a\": 1},\n {}], \"x\": 2}",
			      "3:9: malformed JSON: duplicate object key near '\"x\"'");
	expect_deferred_error("{\"x\": 1, \"s\": [\n {\"a\": 1},\n {}],\n \"x\": 2}",
			      "4:4: malformed JSON: duplicate object key near '\"x\"'");
	/* malformed after the array (read with the rest of the root): the place
	 * jansson gives for the whole text */
	expect_deferred_error("{\"s\": [\n 1,\n 2], \"x\": tru}",
			      "3:13: malformed JSON: invalid token near 'tru'");
	expect_deferred_error("{\"s\": [\n 1,\n 2],\n \"x\": tru}",
			      "4:9: malformed JSON: invalid token near 'tru'");
	/* the array's key twice */
	expect_deferred_error("{\"s\": [1],\n \"s\": [2]}",
			      "2:4: malformed JSON: duplicate object key near '\"s\"'");
}

/* jansson reads numbers the same under a comma-decimal locale. */
static void test_comma_locale(void **state)
{
	jdoc d;
	const jsonval *r;
	(void)state;
	if (!setlocale(LC_ALL, "de_DE.UTF-8") && !setlocale(LC_ALL, "de_DE.utf8"))
		skip();
	r = PARSE_OK(&d, "[1999.5678, 0.204, 1e-3]");
	setlocale(LC_ALL, "C");
	assert_true(infracost__jv_num(infracost__jv_item(r, 0)) == 1999.5678);
	assert_true(infracost__jv_num(infracost__jv_item(r, 1)) == 0.204);
	assert_true(infracost__jv_num(infracost__jv_item(r, 2)) == 1e-3);
	jdoc_free(&d);
}

/* Each allocation of the module can fail: ENOMEM (or, for a position, no
 * position), nothing leaked. */
static void test_out_of_memory(void **state)
{
	const char *text = "{\"a\": [1, {\"b\": true}], \"s\": [\n{\"x\": 1},\n{\"y\": 2}]}";
	char *buf = copy_exact(text, strlen(text));
	int done = 0, failures = 0;
	(void)state;
	for (unsigned long n = 1; n < 200 && !done; n++) {
		jsondoc doc;
		const jsonval *el;
		int rc, line, column, *lines = NULL;
		infracost__alloc_fail_after(n);
		rc = infracost__jsondoc_parse_deferred(&doc, buf, strlen(text), SRC, "s");
		if (rc == 0) {
			while ((rc = infracost__jsondoc_next(&doc, &el)) == 1)
				infracost__jsondoc_position(&doc, infracost__jv_get(el, "y"), NULL,
							    &line, &column);
			if (rc == 0)
				rc = infracost__jsondoc_item_lines(
					&doc, infracost__jv_get(doc.root, "a"), "a", &lines);
			infracost__jsondoc_free(&doc);
			infracost__free(lines);
		}
		infracost__alloc_fail_after(0);
		if (rc == 0)
			done = 1;
		else {
			assert_int_equal(rc, INFRACOST_ENOMEM);
			failures++;
		}
	}
	assert_true(done);
	assert_true(failures >= 2);
	free(buf);
}

static void test_free_null(void **state)
{
	(void)state;
	infracost__jsondoc_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_accessors),
		cmocka_unit_test(test_member_order),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_numbers_beyond_double),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_duplicate_check_is_linear),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_value_positions),
		cmocka_unit_test(test_item_lines),
		cmocka_unit_test(test_deferred),
		cmocka_unit_test(test_deferred_errors),
		cmocka_unit_test(test_comma_locale),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
