/* test_error.c - the per-thread last error: message layout, location
 * fields, one line, per-thread isolation, static texts. */
#include "helpers.h"

#include <pthread.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

static void test_layout(void **state)
{
	const infracost_error *e;
	(void)state;
	assert_int_equal(
		infracost__error_at(INFRACOST_EPARSE, "a.json", 3, 7, NULL, "bad %s", "thing"),
		INFRACOST_EPARSE);
	e = infracost_error_last();
	assert_string_equal(e->message, "a.json:3:7: bad thing");
	assert_string_equal(e->source, "a.json");
	assert_int_equal(e->line, 3);
	assert_int_equal(e->column, 7);
	assert_null(e->path);
	infracost__error_at(INFRACOST_EINVALID, "s.json", 2, 5, "services[1].vcpu", "must be > 0");
	e = infracost_error_last();
	assert_string_equal(e->message, "s.json:2:5: services[1].vcpu: must be > 0");
	assert_string_equal(e->path, "services[1].vcpu");
	infracost__error_at(INFRACOST_EPARSE, "b.csv", 4, 0, NULL, "expected 7 fields");
	assert_string_equal(infracost_error_last()->message, "b.csv:4: expected 7 fields");
	infracost__error_at(INFRACOST_EIO, "c.csv", 0, 0, NULL, "cannot open");
	assert_string_equal(infracost_error_last()->message, "c.csv: cannot open");
	infracost__error(INFRACOST_ENOMEM, "out of memory");
	e = infracost_error_last();
	assert_string_equal(e->message, "out of memory");
	assert_null(e->source);
	assert_int_equal(e->code, INFRACOST_ENOMEM);
}

static void test_one_line_and_long(void **state)
{
	char big[3000];
	(void)state;
	infracost__error(INFRACOST_EINVALID, "first\nsecond\r\nthird");
	assert_null(strchr(infracost_error_last()->message, '\n'));
	assert_null(strchr(infracost_error_last()->message, '\r'));
	assert_string_equal(infracost_error_last()->message, "first\\nsecond\\r\\nthird");
	/* The values a message quotes are inert: control characters (C0, DEL,
	 * C1) of a name, a path or a source are shown escaped. */
	infracost__error_at(INFRACOST_EINVALID, "sp\x1b[2Jec.json", 2, 3, "services[0].n\x7f",
			    "unknown service '%s'", "a\nb\xc2\x9b\x07");
	assert_string_equal(infracost_error_last()->message,
			    "sp\\x1b[2Jec.json:2:3: services[0].n\\x7f: unknown service "
			    "'a\\nb\\u009b\\x07'");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	infracost__error_at(INFRACOST_EINVALID, big, 1, 1, big, "%s", big);
	assert_true(strlen(infracost_error_last()->message) < 1024);
	infracost_error_clear();
	assert_null(infracost_error_last());
}

static void *other_thread(void *arg)
{
	(void)arg;
	/* A new thread starts with no error and sets its own. */
	if (infracost_error_last() != NULL)
		return (void *)1;
	infracost__error(INFRACOST_ENET, "from the other thread");
	return NULL;
}

static void test_per_thread(void **state)
{
	pthread_t t;
	void *ret;
	(void)state;
	infracost__error(INFRACOST_EDB, "from the main thread");
	assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_null(ret);
	assert_string_equal(infracost_error_last()->message, "from the main thread");
}

static void test_strerror_and_init(void **state)
{
	(void)state;
	assert_string_equal(infracost_strerror(INFRACOST_OK), "success");
	assert_string_equal(infracost_strerror(INFRACOST_ENOTFOUND), "not found");
	assert_string_equal(infracost_strerror(INFRACOST_EPARSE), "malformed input");
	assert_string_equal(infracost_strerror(-999), "unknown error");
	assert_int_equal(infracost_global_init(), 0);
	assert_int_equal(infracost_global_init(), 0);
	infracost_global_cleanup();
	infracost_global_cleanup();
	infracost_global_cleanup(); /* one too many is harmless */
	assert_string_equal(infracost_version(), INFRACOST_VERSION);
	assert_int_equal(infracost_version_num(), INFRACOST_VERSION_NUM);
	infracost_free(NULL);
}

/* A failure reporting several errors (the estimate's missing prices): each
 * with its own place, the first the last error, dropped by the next error
 * and by infracost_error_clear. */
static void record_list(void)
{
	infracost__error_at(INFRACOST_ENOTFOUND, "s.json", 2, 5, "region", "first %d", 1);
	infracost__error_more(INFRACOST_ENOTFOUND, "s.json", 7, 9, "services[1].engine",
			      "second\nline");
	infracost__error_more(INFRACOST_ENOTFOUND, NULL, 0, 0, NULL, "third");
}

static void *list_thread(void *arg)
{
	(void)arg;
	record_list(); /* the thread ends with its list: freed (valgrind) */
	return infracost_error_count() == 3 ? arg : NULL;
}

static void test_error_list(void **state)
{
	const infracost_error *e;
	pthread_t t;
	void *res = NULL;
	(void)state;
	infracost_error_clear();
	assert_int_equal(infracost_error_count(), 0);
	assert_null(infracost_error_get(0));
	/* more without a first error is nothing */
	infracost__error_more(INFRACOST_ENOTFOUND, NULL, 0, 0, NULL, "orphan");
	assert_int_equal(infracost_error_count(), 0);
	record_list();
	assert_int_equal(infracost_error_count(), 3);
	assert_ptr_equal(infracost_error_get(0), infracost_error_last());
	e = infracost_error_get(1);
	assert_string_equal(e->message, "s.json:7:9: services[1].engine: second\\nline");
	assert_string_equal(e->source, "s.json");
	assert_string_equal(e->path, "services[1].engine");
	assert_int_equal(e->line, 7);
	assert_int_equal(e->column, 9);
	assert_int_equal(e->code, INFRACOST_ENOTFOUND);
	e = infracost_error_get(2);
	assert_string_equal(e->message, "third");
	assert_null(e->source);
	assert_null(e->path);
	assert_null(infracost_error_get(3));
	/* per thread: another thread's list is its own */
	assert_int_equal(pthread_create(&t, NULL, list_thread, &res), 0);
	assert_int_equal(pthread_join(t, &res), 0);
	assert_non_null(res);
	infracost__error(INFRACOST_EINVALID, "next");
	assert_int_equal(infracost_error_count(), 1);
	assert_null(infracost_error_get(1));
	record_list();
	infracost_error_clear();
	assert_int_equal(infracost_error_count(), 0);
	/* memory running out drops the extra errors, never the first */
	infracost__alloc_fail_after(1);
	record_list();
	infracost__alloc_fail_after(0);
	assert_int_equal(infracost_error_count(), 1);
	assert_string_equal(infracost_error_last()->message, "s.json:2:5: region: first 1");
	infracost_error_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),     cmocka_unit_test(test_one_line_and_long),
		cmocka_unit_test(test_per_thread), cmocka_unit_test(test_strerror_and_init),
		cmocka_unit_test(test_error_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
