/* test_http.c - the HTTP module (lib/feeds/http.c) against a real server on
 * 127.0.0.1 (tests/httpd.py): files and buffers, retries on 5xx and 429,
 * timeouts, short bodies, gzip, redirects and the https-only rule,
 * conditional requests, the size cap, redaction of keys, the progress bar,
 * out of memory. Nothing but 127.0.0.1 is contacted. */
#include "helpers.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "http.h"
#include "support_httpd.h"

static struct httpd server;
static char dir[64];     /* served files */
static char out_dir[96]; /* downloads */
static char *data_bin;   /* the content of data.bin */
static size_t data_len;

static const char hello[] = "hello, world\n";

/* ---- helpers ---------------------------------------------------------- */

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0, got;
	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		got = fread(data + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static const char *url(const char *path)
{
	static char bufs[8][512];
	static int slot;
	char *b = bufs[slot++ % 8];
	return httpd_url(&server, path, b, 512);
}

static const char *out_file(const char *name)
{
	static char bufs[8][256];
	static int slot;
	char *b = bufs[slot++ % 8];
	char part[300];
	snprintf(b, 256, "%s/%s", out_dir, name);
	unlink(b);
	snprintf(part, sizeof(part), "%s.part", b);
	unlink(part);
	return b;
}

static int part_exists(const char *path)
{
	char part[300];
	snprintf(part, sizeof(part), "%s.part", path);
	return exists(part);
}

/* Fast options: tiny backoff, short timeouts, no progress bar. */
static infracost_http_options fast(void)
{
	infracost_http_options o = INFRACOST_HTTP_OPTIONS_INIT;
	o.connect_timeout_ms = 2000;
	o.low_speed_time_s = 5;
	o.max_retries = 2;
	o.backoff_ms = 10;
	o.max_backoff_ms = 100;
	o.progress = 0;
	return o;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *last_message(void)
{
	const infracost_error *e = infracost_error_last();
	assert_non_null(e);
	return e->message;
}

#define assert_contains(hay, needle) assert_contains_(hay, needle, __FILE__, __LINE__)
static void assert_contains_(const char *hay, const char *needle, const char *file, int line)
{
	if (!hay || !strstr(hay, needle)) {
		print_error("%s:%d: \"%s\" does not contain \"%s\"\n", file, line,
			    hay ? hay : "(null)", needle);
		_fail(file, line);
	}
}

#define assert_lacks(hay, needle) assert_lacks_(hay, needle, __FILE__, __LINE__)
static void assert_lacks_(const char *hay, const char *needle, const char *file, int line)
{
	if (hay && strstr(hay, needle)) {
		print_error("%s:%d: \"%s\" contains \"%s\"\n", file, line, hay, needle);
		_fail(file, line);
	}
}

/* Expect a failure `code`; returns the message. */
#define expect_fail(rc, code) expect_fail_(rc, code, __FILE__, __LINE__)
static const char *expect_fail_(int rc, int code, const char *file, int line)
{
	if (rc != code) {
		print_error("%s:%d: expected %d, got %d (%s)\n", file, line, code, rc,
			    rc ? last_message() : "success");
		_fail(file, line);
	}
	return last_message();
}

#define expect_ok(rc) expect_ok_(rc, __FILE__, __LINE__)
static void expect_ok_(int rc, const char *file, int line)
{
	if (rc != 0) {
		print_error("%s:%d: failed %d: %s\n", file, line, rc, last_message());
		_fail(file, line);
	}
}

/* ---- fixture ------------------------------------------------------------ */

static int setup(void **state)
{
	char path[128];
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/infracost-http-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(out_dir, sizeof(out_dir), "%s/out", dir);
	if (mkdir(out_dir, 0700) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/hello.txt", dir);
	write_file(path, hello, strlen(hello));
	/* 256 KiB of text: compresses well, and takes several writes. */
	data_len = 256 * 1024;
	data_bin = malloc(data_len + 1);
	for (size_t i = 0; i < data_len; i++)
		data_bin[i] = (char)('a' + (i * 7 + i / 97) % 26);
	data_bin[data_len] = '\0';
	snprintf(path, sizeof(path), "%s/data.bin", dir);
	write_file(path, data_bin, data_len);
	if (infracost_global_init() != 0)
		return -1;
	return httpd_start(&server, dir);
}

static int teardown(void **state)
{
	char cmd[160];
	(void)state;
	httpd_stop(&server);
	infracost_global_cleanup();
	free(data_bin);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- success ------------------------------------------------------------ */

static void test_file_ok(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("hello.txt");
	char *got;
	(void)state;
	expect_ok(infracost__http_get_file(url("/hello.txt"), &o, NULL, NULL, out, &res));
	got = read_all(out, NULL);
	assert_string_equal(got, hello);
	free(got);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(res.bytes, (long long)strlen(hello));
	assert_int_equal(res.not_modified, 0);
	assert_false(part_exists(out));
}

static void test_file_replaces_existing(void **state)
{
	infracost_http_options o = fast();
	const char *out = out_file("replaced.bin");
	size_t len;
	char *got;
	(void)state;
	write_file(out, "old content that is longer than nothing", 40);
	expect_ok(infracost__http_get_file(url("/data.bin"), &o, NULL, NULL, out, NULL));
	got = read_all(out, &len);
	assert_int_equal(len, data_len);
	assert_memory_equal(got, data_bin, data_len);
	free(got);
}

static void test_buffer_ok(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	char *buf = NULL;
	size_t len = 0;
	(void)state;
	expect_ok(infracost__http_get_buffer(url("/data.bin"), &o, &buf, &len, &res));
	assert_int_equal(len, data_len);
	assert_memory_equal(buf, data_bin, data_len);
	assert_int_equal(buf[len], '\0');
	assert_int_equal(res.bytes, (long long)data_len);
	assert_int_equal(res.status, 200);
	infracost__free(buf);
}

static void test_buffer_empty_and_null_options(void **state)
{
	char *buf = NULL;
	size_t len = 99;
	char path[128];
	(void)state;
	snprintf(path, sizeof(path), "%s/empty.txt", dir);
	write_file(path, "", 0);
	/* NULL options: the defaults (progress -1: stderr is not a terminal here,
	 * or a bar is drawn, both fine). */
	expect_ok(infracost__http_get_buffer(url("/empty.txt"), NULL, &buf, &len, NULL));
	assert_non_null(buf);
	assert_int_equal(len, 0);
	assert_int_equal(buf[0], '\0');
	infracost__free(buf);
}

static void test_file_empty_body(void **state)
{
	infracost_http_options o = fast();
	const char *out = out_file("empty.out");
	size_t len = 99;
	char path[128], *got;
	(void)state;
	snprintf(path, sizeof(path), "%s/empty.txt", dir);
	write_file(path, "", 0);
	expect_ok(infracost__http_get_file(url("/empty.txt"), &o, NULL, NULL, out, NULL));
	got = read_all(out, &len);
	assert_non_null(got);
	assert_int_equal(len, 0);
	free(got);
}

/* ---- retries ------------------------------------------------------------ */

static void test_500_then_ok(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("retry.txt");
	char *got;
	(void)state;
	o.max_retries = 4;
	expect_ok(infracost__http_get_file(url("/fault/500/2/hello.txt?case=then-ok"), &o, NULL,
					   NULL, out, &res));
	assert_int_equal(res.attempts, 3);
	assert_int_equal(res.status, 200);
	got = read_all(out, NULL);
	assert_string_equal(got, hello);
	free(got);
}

static void test_500_forever(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("never.txt");
	const char *u = url("/fault/500/1000/hello.txt?case=forever");
	const char *msg;
	char want[600];
	(void)state;
	o.max_retries = 4;
	msg = expect_fail(infracost__http_get_file(u, &o, NULL, NULL, out, &res), INFRACOST_ENET);
	snprintf(want, sizeof(want), "%s: HTTP 500 Internal Server Error after 5 attempts", u);
	assert_string_equal(msg, want);
	assert_int_equal(res.attempts, 5);
	assert_int_equal(res.status, 500);
	assert_false(exists(out));
	assert_false(part_exists(out));
}

static void test_429_retry_after(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	char *buf = NULL;
	double t0 = now(), dt;
	(void)state;
	o.max_backoff_ms = 5000;
	expect_ok(infracost__http_get_buffer(url("/fault/429/1/1/hello.txt?case=honoured"), &o,
					     &buf, NULL, &res));
	dt = now() - t0;
	assert_string_equal(buf, hello);
	assert_int_equal(res.attempts, 2);
	if (dt < 0.95 || dt > 4) {
		print_error("Retry-After 1 took %.3f s\n", dt);
		fail();
	}
	infracost__free(buf);
}

static void test_429_retry_after_capped(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	char *buf = NULL;
	double t0 = now(), dt;
	(void)state;
	o.max_backoff_ms = 50; /* caps Retry-After: 30 s */
	expect_ok(infracost__http_get_buffer(url("/fault/429/1/30/hello.txt?case=capped"), &o, &buf,
					     NULL, &res));
	dt = now() - t0;
	assert_int_equal(res.attempts, 2);
	if (dt > 1.0) {
		print_error("capped Retry-After took %.3f s\n", dt);
		fail();
	}
	infracost__free(buf);
}

static void test_429_forever(void **state)
{
	infracost_http_options o = fast();
	const char *msg;
	char *buf = NULL;
	(void)state;
	o.max_retries = 1;
	o.max_backoff_ms = 20;
	msg = expect_fail(infracost__http_get_buffer(url("/fault/429/100/1/hello.txt?case=forever"),
						     &o, &buf, NULL, NULL),
			  INFRACOST_ENET);
	assert_contains(msg, "HTTP 429 Too Many Requests after 2 attempts");
	assert_null(buf);
}

static void test_404_not_retried(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("missing.txt");
	const char *u = url("/fault/404/hello.txt");
	const char *msg;
	char want[600];
	(void)state;
	o.max_retries = 4;
	msg = expect_fail(infracost__http_get_file(u, &o, NULL, NULL, out, &res), INFRACOST_ENET);
	snprintf(want, sizeof(want), "%s: HTTP 404 Not Found", u);
	assert_string_equal(msg, want);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(res.status, 404);
	assert_false(exists(out));
	assert_false(part_exists(out));
}

/* ---- timeouts and broken transfers -------------------------------------- */

static void test_hang_times_out(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("hang.txt");
	const char *msg;
	double t0 = now(), dt;
	(void)state;
	o.low_speed_time_s = 1;
	o.max_retries = 0;
	msg = expect_fail(
		infracost__http_get_file(url("/fault/hang/hello.txt"), &o, NULL, NULL, out, &res),
		INFRACOST_ENET);
	dt = now() - t0;
	assert_contains(msg, "timed out (no data for 1 s)");
	assert_int_equal(res.attempts, 1);
	assert_false(exists(out));
	if (dt > 4) {
		print_error("hang took %.3f s\n", dt);
		fail();
	}
}

static void test_trickle_times_out(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("trickle.bin");
	const char *msg;
	double t0 = now(), dt;
	(void)state;
	o.low_speed_limit = 5000; /* the server sends 200 bytes/s */
	o.low_speed_time_s = 1;
	o.max_retries = 1;
	msg = expect_fail(infracost__http_get_file(url("/fault/trickle/200/data.bin"), &o, NULL,
						   NULL, out, &res),
			  INFRACOST_ENET);
	dt = now() - t0;
	assert_contains(msg, "timed out (slower than 5000 bytes/s for 1 s) after 2 attempts");
	assert_int_equal(res.attempts, 2);
	assert_false(exists(out));
	assert_false(part_exists(out));
	if (dt > 6) {
		print_error("trickle took %.3f s\n", dt);
		fail();
	}
}

static void test_trickle_fast_enough(void **state)
{
	infracost_http_options o = fast();
	char *buf = NULL;
	(void)state;
	o.low_speed_limit = 100;
	o.low_speed_time_s = 2;
	/* 13 bytes at 50 bytes/s: slow but above nothing, under the limit's window. */
	expect_ok(infracost__http_get_buffer(url("/fault/trickle/50/hello.txt"), &o, &buf, NULL,
					     NULL));
	assert_string_equal(buf, hello);
	infracost__free(buf);
}

static void test_short_body(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("short.txt");
	const char *msg;
	(void)state;
	o.max_retries = 2;
	msg = expect_fail(
		infracost__http_get_file(url("/fault/short/hello.txt"), &o, NULL, NULL, out, &res),
		INFRACOST_ENET);
	assert_contains(msg, "partial transfer: body shorter than its Content-Length after 3 "
			     "attempts");
	assert_int_equal(res.attempts, 3);
	assert_false(exists(out));
	assert_false(part_exists(out));
}

static void test_empty_reply_retried(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	char *buf = NULL;
	(void)state;
	o.max_retries = 1;
	expect_fail(infracost__http_get_buffer(url("/fault/close/x"), &o, &buf, NULL, &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), "empty reply from server after 2 attempts");
}

static void test_connection_refused(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("refused.txt");
	char u[128], want[200];
	double t0 = now();
	(void)state;
	o.max_retries = 1;
	snprintf(u, sizeof(u), "http://127.0.0.1:%d/x", closed_port());
	expect_fail(infracost__http_get_file(u, &o, NULL, NULL, out, &res), INFRACOST_ENET);
	snprintf(want, sizeof(want), "%s: connection refused after 2 attempts", u);
	assert_string_equal(last_message(), want);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(res.status, 0);
	assert_false(exists(out));
	assert_true(now() - t0 < 2);
}

static void test_connection_refused_retries_capped(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	char u[128], *buf = NULL;
	(void)state;
	o.max_retries = 10; /* refusals: two retries at most */
	snprintf(u, sizeof(u), "http://127.0.0.1:%d/x", closed_port());
	expect_fail(infracost__http_get_buffer(u, &o, &buf, NULL, &res), INFRACOST_ENET);
	assert_contains(last_message(), "connection refused after 3 attempts");
	assert_int_equal(res.attempts, 3);
}

/* ---- content ------------------------------------------------------------ */

static void test_gzip(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("gz.bin");
	size_t len;
	char *got;
	(void)state;
	expect_ok(infracost__http_get_file(url("/fault/gzip/data.bin"), &o, NULL, NULL, out, &res));
	got = read_all(out, &len);
	assert_int_equal(len, data_len);
	assert_memory_equal(got, data_bin, data_len);
	assert_int_equal(res.bytes, (long long)data_len);
	free(got);
}

static void test_headers_sent(void **state)
{
	infracost_http_options o = fast();
	const char *headers[] = {"X-Goog-Api-Key: abc123", "X-Other: two", NULL};
	const char *out = out_file("headers.txt");
	char *got;
	(void)state;
	o.headers = headers;
	expect_ok(infracost__http_get_file(url("/fault/headers"), &o, "\"v1\"",
					   "Tue, 01 Jul 2025 00:00:00 GMT", out, NULL));
	got = read_all(out, NULL);
	assert_contains(got, "X-Goog-Api-Key: abc123\n");
	assert_contains(got, "X-Other: two\n");
	assert_contains(got, "If-None-Match: \"v1\"\n");
	assert_contains(got, "If-Modified-Since: Tue, 01 Jul 2025 00:00:00 GMT\n");
	assert_contains(got, "Accept-Encoding: ");
	assert_contains(got, "gzip");
	free(got);
}

static void test_bad_header_refused(void **state)
{
	infracost_http_options o = fast();
	const char *headers[] = {"X-Goog-Api-Key: abc\r\nX-Evil: 1", NULL};
	const char *none[] = {"no colon here", NULL};
	char *buf = NULL;
	(void)state;
	o.headers = headers;
	expect_fail(infracost__http_get_buffer(url("/hello.txt"), &o, &buf, NULL, NULL),
		    INFRACOST_EINVALID);
	assert_contains(last_message(), "extra header 1");
	assert_lacks(last_message(), "abc");
	o.headers = none;
	expect_fail(infracost__http_get_buffer(url("/hello.txt"), &o, &buf, NULL, NULL),
		    INFRACOST_EINVALID);
	o.headers = NULL;
	expect_fail(infracost__http_get_file(url("/hello.txt"), &o, "\"a\"\r\nX: y", NULL,
					     out_file("bad-etag"), NULL),
		    INFRACOST_EINVALID);
}

/* ---- redirects ------------------------------------------------------------ */

static void test_redirect(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	char *buf = NULL;
	(void)state;
	expect_ok(
		infracost__http_get_buffer(url("/fault/redirect/hello.txt"), &o, &buf, NULL, &res));
	assert_string_equal(buf, hello);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.attempts, 1);
	infracost__free(buf);
	buf = NULL;
	/* Five hops is the limit. */
	expect_ok(infracost__http_get_buffer(url("/fault/redirect/fault/redirect/fault/redirect/"
						 "fault/redirect/fault/redirect/hello.txt"),
					     &o, &buf, NULL, &res));
	assert_string_equal(buf, hello);
	infracost__free(buf);
	buf = NULL;
	expect_fail(infracost__http_get_buffer(url("/fault/redirect/fault/redirect/fault/redirect/"
						   "fault/redirect/fault/redirect/fault/redirect/"
						   "hello.txt"),
					       &o, &buf, NULL, &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), "more than 5 redirects");
	expect_fail(infracost__http_get_buffer(url("/fault/loop"), &o, &buf, NULL, &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), "more than 5 redirects");
	assert_int_equal(res.attempts, 1);
	assert_null(buf);
}

static void test_redirect_to_http_refused(void **state)
{
	infracost_http_options o = fast();
	const char *out = out_file("redir.txt");
	const char *msg;
	double t0 = now();
	(void)state;
	/* To a host that is not loopback over plain http: refused before any
	 * look-up (example.invalid never resolves anyway). */
	msg = expect_fail(
		infracost__http_get_file(url("/fault/redirect-to?url=http%3A%2F%2Fexample.invalid"
					     "%2Fx%3Fkey%3DSECRET"),
					 &o, NULL, NULL, out, NULL),
		INFRACOST_ENET);
	assert_contains(msg, "redirect to http://example.invalid/x?key=REDACTED refused");
	assert_contains(msg, "https only");
	/* (The test's own URL carries the target percent-encoded.) */
	assert_lacks(strstr(msg, "redirect to"), "SECRET");
	assert_false(exists(out));
	assert_true(now() - t0 < 1);
	msg = expect_fail(infracost__http_get_file(url("/fault/redirect-to?url=ftp%3A%2F%2F"
						       "127.0.0.1%2Fx"),
						   &o, NULL, NULL, out, NULL),
			  INFRACOST_ENET);
	assert_contains(msg, "scheme 'ftp' not allowed");
}

static void test_redirect_other_origin_drops_headers(void **state)
{
	struct httpd other;
	infracost_http_options o = fast();
	const char *headers[] = {"X-Goog-Api-Key: abc123", NULL};
	char path[256], *buf = NULL;
	(void)state;
	assert_int_equal(httpd_start(&other, dir), 0);
	/* Same host, another port: another origin. */
	snprintf(path, sizeof(path),
		 "/fault/redirect-to?url=http%%3A%%2F%%2F127.0.0.1%%3A%d%%2Ffault%%2Fheaders",
		 other.port);
	o.headers = headers;
	expect_ok(infracost__http_get_buffer(url(path), &o, &buf, NULL, NULL));
	assert_contains(buf, "Host: 127.0.0.1:");
	assert_lacks(buf, "X-Goog-Api-Key");
	infracost__free(buf);
	buf = NULL;
	/* Same origin: kept. */
	expect_ok(infracost__http_get_buffer(url("/fault/redirect/fault/headers"), &o, &buf, NULL,
					     NULL));
	assert_contains(buf, "X-Goog-Api-Key: abc123");
	infracost__free(buf);
	httpd_stop(&other);
}

/* Credentials given apart (the userinfo a fetch took out of its endpoint)
 * go as Basic auth to the URL's origin only, never to another one. */
static void test_userinfo_same_origin_only(void **state)
{
	struct httpd other;
	infracost_http_options o = fast();
	char path[256], *buf = NULL, *stripped = NULL, *userinfo = NULL;
	(void)state;
	/* "user:p@ss" percent-encoded in a URL; base64("user:p@ss") = dXNlcjpwQHNz */
	o.userinfo = "user:p%40ss";
	expect_ok(infracost__http_get_buffer(url("/fault/headers"), &o, &buf, NULL, NULL));
	assert_contains(buf, "Authorization: Basic dXNlcjpwQHNz");
	infracost__free(buf);
	buf = NULL;
	assert_int_equal(httpd_start(&other, dir), 0);
	snprintf(path, sizeof(path),
		 "/fault/redirect-to?url=http%%3A%%2F%%2F127.0.0.1%%3A%d%%2Ffault%%2Fheaders",
		 other.port);
	expect_ok(infracost__http_get_buffer(url(path), &o, &buf, NULL, NULL));
	assert_lacks(buf, "Authorization");
	infracost__free(buf);
	httpd_stop(&other);
	/* The split itself. */
	expect_ok(infracost__url_split_userinfo("https://u:s%40x@h.example:8/a@b?c=@", &stripped,
						&userinfo));
	assert_string_equal(stripped, "https://h.example:8/a@b?c=@");
	assert_string_equal(userinfo, "u:s%40x");
	infracost__free(stripped);
	infracost__free(userinfo);
	expect_ok(infracost__url_split_userinfo("https://h/p", &stripped, &userinfo));
	assert_string_equal(stripped, "https://h/p");
	assert_null(userinfo);
	infracost__free(stripped);
}

/* ---- conditional requests ------------------------------------------------- */

static void test_etag(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res, res2;
	const char *out = out_file("etag.txt");
	char *got;
	(void)state;
	expect_ok(
		infracost__http_get_file(url("/fault/etag/hello.txt"), &o, NULL, NULL, out, &res));
	assert_int_equal(res.status, 200);
	assert_int_equal(res.etag[0], '"');
	assert_true(strlen(res.etag) > 2);
	assert_contains(res.last_modified, "GMT");
	/* The caller's copy, changed: a 304 must leave it alone. */
	write_file(out, "local copy", 10);
	expect_ok(infracost__http_get_file(url("/fault/etag/hello.txt"), &o, res.etag, NULL, out,
					   &res2));
	assert_int_equal(res2.status, 304);
	assert_int_equal(res2.not_modified, 1);
	assert_int_equal(res2.bytes, 0);
	assert_string_equal(res2.etag, res.etag);
	got = read_all(out, NULL);
	assert_string_equal(got, "local copy");
	free(got);
	assert_false(part_exists(out));
	/* A stale ETag downloads again. */
	expect_ok(infracost__http_get_file(url("/fault/etag/hello.txt"), &o, "\"stale\"", NULL, out,
					   &res2));
	assert_int_equal(res2.status, 200);
	assert_int_equal(res2.not_modified, 0);
	got = read_all(out, NULL);
	assert_string_equal(got, hello);
	free(got);
}

static void test_etag_absent_file_not_created(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("etag-absent.txt");
	(void)state;
	expect_ok(
		infracost__http_get_file(url("/fault/etag/hello.txt"), &o, NULL, NULL, out, &res));
	unlink(out);
	expect_ok(infracost__http_get_file(url("/fault/etag/hello.txt"), &o, res.etag, NULL, out,
					   &res));
	assert_int_equal(res.not_modified, 1);
	assert_false(exists(out));
	assert_false(part_exists(out));
}

static void test_304_without_validators_keeps_them(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result first, res;
	const char *out = out_file("bare.txt");
	(void)state;
	expect_ok(infracost__http_get_file(url("/fault/etag-bare/hello.txt"), &o, NULL, NULL, out,
					   &first));
	assert_true(first.etag[0] != '\0');
	res = first;
	/* The validators passed in point into the result being filled. */
	expect_ok(infracost__http_get_file(url("/fault/etag-bare/hello.txt"), &o, res.etag,
					   res.last_modified, out, &res));
	assert_int_equal(res.not_modified, 1);
	assert_string_equal(res.etag, first.etag);
	assert_string_equal(res.last_modified, first.last_modified);
}

static void test_if_modified_since(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res, res2;
	const char *out = out_file("ims.txt");
	char *got;
	(void)state;
	expect_ok(
		infracost__http_get_file(url("/fault/etag/hello.txt"), &o, NULL, NULL, out, &res));
	assert_true(res.last_modified[0] != '\0');
	write_file(out, "mine", 4);
	expect_ok(infracost__http_get_file(url("/fault/etag/hello.txt"), &o, NULL,
					   res.last_modified, out, &res2));
	assert_int_equal(res2.not_modified, 1);
	assert_int_equal(res2.status, 304);
	got = read_all(out, NULL);
	assert_string_equal(got, "mine");
	free(got);
	/* Older than the file: downloaded. */
	expect_ok(infracost__http_get_file(url("/fault/etag/hello.txt"), &o, NULL,
					   "Thu, 01 Jan 1998 00:00:00 GMT", out, &res2));
	assert_int_equal(res2.not_modified, 0);
	got = read_all(out, NULL);
	assert_string_equal(got, hello);
	free(got);
}

/* ---- size cap ---------------------------------------------------------------- */

static void test_size_cap(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	const char *out = out_file("big.bin");
	char *buf = NULL;
	(void)state;
	o.max_bytes = 1000;
	/* Known from Content-Length. */
	expect_fail(infracost__http_get_file(url("/fault/big/100000"), &o, NULL, NULL, out, &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), ": larger than 1000 bytes");
	assert_int_equal(res.attempts, 1);
	assert_false(exists(out));
	assert_false(part_exists(out));
	/* Found out while receiving (chunked). */
	expect_fail(infracost__http_get_file(url("/fault/big-chunked/100000"), &o, NULL, NULL, out,
					     &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), ": larger than 1000 bytes");
	assert_false(exists(out));
	assert_false(part_exists(out));
	expect_fail(
		infracost__http_get_buffer(url("/fault/big-chunked/100000"), &o, &buf, NULL, &res),
		INFRACOST_ENET);
	assert_contains(last_message(), ": larger than 1000 bytes");
	assert_null(buf);
	/* Decompressed bytes count. */
	o.max_bytes = 100000;
	expect_fail(infracost__http_get_buffer(url("/fault/gzip/data.bin"), &o, &buf, NULL, &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), ": larger than 100000 bytes");
	/* Exactly the cap is fine. */
	o.max_bytes = 1000;
	expect_ok(infracost__http_get_buffer(url("/fault/big-chunked/1000"), &o, &buf, NULL, &res));
	assert_int_equal(res.bytes, 1000);
	infracost__free(buf);
}

/* A response held in memory has its own cap (INFRACOST_PAGE_MAX, 256 MiB),
 * counted after decompression, whatever max_bytes (8 GiB) allows: a 300 MB
 * gzip bomb (300 KB on the wire) stops there; to a file it passes. */
static void test_memory_cap(void **state)
{
	infracost_http_options o = fast();
	infracost_http_result res;
	char *buf = NULL;
	const char *out = out_file("bomb.bin");
	(void)state;
	assert_true(o.max_bytes > INFRACOST_PAGE_MAX);
	expect_fail(
		infracost__http_get_buffer(url("/fault/gzip-bomb/300000000"), &o, &buf, NULL, &res),
		INFRACOST_ENET);
	assert_contains(last_message(), ": larger than 256 MiB (the limit for an index or an "
					"API page, which is held in memory)");
	assert_null(buf);
	assert_int_equal(res.attempts, 1);
	expect_fail(infracost__http_get_buffer(url("/fault/big-chunked/300000000"), &o, &buf, NULL,
					       &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), ": larger than 256 MiB");
	/* A smaller max_bytes still wins. */
	o.max_bytes = 1000;
	expect_fail(infracost__http_get_buffer(url("/fault/gzip-bomb/2000"), &o, &buf, NULL, &res),
		    INFRACOST_ENET);
	assert_contains(last_message(), ": larger than 1000 bytes");
	/* To a file, the 8 GiB cap applies: the bomb is written whole. */
	o = fast();
	expect_ok(infracost__http_get_file(url("/fault/gzip-bomb/300000000"), &o, NULL, NULL, out,
					   &res));
	assert_int_equal(res.bytes, 300000000);
	unlink(out);
}

/* ---- policy and messages ------------------------------------------------------- */

static void test_https_only(void **state)
{
	infracost_http_options o = fast();
	const char *out = out_file("policy.txt");
	const char *msg;
	char u[128], *buf = NULL;
	double t0 = now();
	(void)state;
	/* Refused before any network access: no DNS look-up of example.invalid. */
	msg = expect_fail(
		infracost__http_get_file("http://example.invalid/x", &o, NULL, NULL, out, NULL),
		INFRACOST_EINVALID);
	assert_contains(msg, "http://example.invalid/x: plain http");
	assert_contains(msg, "https only");
	assert_true(now() - t0 < 0.5);
	assert_false(exists(out));
	expect_fail(infracost__http_get_buffer("ftp://127.0.0.1/x", &o, &buf, NULL, NULL),
		    INFRACOST_EINVALID);
	assert_contains(last_message(), "scheme 'ftp' not allowed");
	expect_fail(infracost__http_get_buffer("file:///etc/passwd", &o, &buf, NULL, NULL),
		    INFRACOST_EINVALID);
	expect_fail(infracost__http_get_buffer("not a url", &o, &buf, NULL, NULL),
		    INFRACOST_EINVALID);
	assert_contains(last_message(), "invalid URL");
	/* Loopback over http is allowed (127.1 is 127.0.0.1). */
	o.max_retries = 0;
	snprintf(u, sizeof(u), "http://127.1:%d/hello.txt", server.port);
	expect_ok(infracost__http_get_buffer(u, &o, &buf, NULL, NULL));
	assert_string_equal(buf, hello);
	infracost__free(buf);
	buf = NULL;
	/* https is always on, and verified: the plain server cannot speak TLS. */
	snprintf(u, sizeof(u), "https://127.0.0.1:%d/hello.txt", server.port);
	expect_fail(infracost__http_get_buffer(u, &o, &buf, NULL, NULL), INFRACOST_ENET);
	assert_null(buf);
	assert_true(now() - t0 < 5);
}

static void test_key_redacted(void **state)
{
	infracost_http_options o = fast();
	const char *msg;
	char *buf = NULL;
	(void)state;
	o.max_retries = 1;
	msg = expect_fail(infracost__http_get_buffer(url("/fault/500/100/x?key=SECRET&b=2"), &o,
						     &buf, NULL, NULL),
			  INFRACOST_ENET);
	assert_contains(msg, "/fault/500/100/x?key=REDACTED&b=2: HTTP 500");
	assert_lacks(msg, "SECRET");
	msg = expect_fail(infracost__http_get_buffer(url("/fault/404/x?a=1&KEY=SECRET#f"), &o, &buf,
						     NULL, NULL),
			  INFRACOST_ENET);
	assert_contains(msg, "?a=1&KEY=REDACTED#f: HTTP 404 Not Found");
	assert_lacks(msg, "SECRET");
	msg = expect_fail(
		infracost__http_get_buffer("http://user:SECRET@example.invalid/p?key=SECRET", &o,
					   &buf, NULL, NULL),
		INFRACOST_EINVALID);
	assert_contains(msg, "http://REDACTED@example.invalid/p?key=REDACTED");
	assert_lacks(msg, "SECRET");
	assert_lacks(msg, "user");
	/* A user alone may be a token: redacted too. */
	msg = expect_fail(
		infracost__http_get_buffer("http://TOKEN@example.invalid/p", &o, &buf, NULL, NULL),
		INFRACOST_EINVALID);
	assert_contains(msg, "http://REDACTED@example.invalid/p");
	assert_lacks(msg, "TOKEN");
	/* A parameter merely ending in "key" is left alone. */
	msg = expect_fail(
		infracost__http_get_buffer(url("/fault/404/x?monkey=banana"), &o, &buf, NULL, NULL),
		INFRACOST_ENET);
	assert_contains(msg, "?monkey=banana");
}

static void test_bad_arguments(void **state)
{
	infracost_http_options o = fast();
	char *buf = NULL;
	(void)state;
	expect_fail(infracost__http_get_buffer(NULL, &o, &buf, NULL, NULL), INFRACOST_EINVALID);
	expect_fail(infracost__http_get_buffer(url("/hello.txt"), &o, NULL, NULL, NULL),
		    INFRACOST_EINVALID);
	expect_fail(infracost__http_get_file(url("/hello.txt"), &o, NULL, NULL, NULL, NULL),
		    INFRACOST_EINVALID);
	expect_fail(infracost__http_get_file(NULL, &o, NULL, NULL, "/tmp/x", NULL),
		    INFRACOST_EINVALID);
}

static void test_unwritable_output(void **state)
{
	infracost_http_options o = fast();
	char out[160];
	(void)state;
	snprintf(out, sizeof(out), "%s/no/such/dir/file.txt", out_dir);
	expect_fail(infracost__http_get_file(url("/hello.txt"), &o, NULL, NULL, out, NULL),
		    INFRACOST_EIO);
	assert_contains(last_message(), "file.txt.part");
	assert_contains(last_message(), "No such file or directory");
}

/* ---- progress bar ------------------------------------------------------------ */

/* Run one download with fd 2 sent to a file; returns what was written. */
static char *stderr_of(int progress, const char *label, const char *path)
{
	infracost_http_options o = fast();
	char cap[128], *text;
	int saved;
	o.progress = progress;
	o.label = label;
	snprintf(cap, sizeof(cap), "%s/stderr.txt", out_dir);
	saved = stderr_to(cap);
	expect_ok(infracost__http_get_file(url(path), &o, NULL, NULL, out_file("progress.bin"),
					   NULL));
	stderr_restore(saved);
	text = read_all(cap, NULL);
	assert_non_null(text);
	return text;
}

static void test_progress(void **state)
{
	char *text;
	size_t len;
	(void)state;
	text = stderr_of(1, "data.bin", "/fault/trickle/400000/data.bin");
	len = strlen(text);
	assert_true(len > 0);
	assert_int_equal(text[0], '\r');
	assert_int_equal(text[len - 1], '\n');
	assert_non_null(strchr(text, '\r'));
	assert_contains(text, "data.bin  ");
	assert_contains(text, "256.0 KiB");
	assert_contains(text, "/s");
	assert_contains(text, "done");
	assert_true(strchr(text, '\n') == text + len - 1); /* one line, redrawn */
	free(text);
	/* Never, and "when stderr is a terminal" (a file here): silent. */
	text = stderr_of(0, "data.bin", "/data.bin");
	assert_string_equal(text, "");
	free(text);
	text = stderr_of(-1, "data.bin", "/data.bin");
	assert_string_equal(text, "");
	free(text);
	/* No label: the URL names it, with its key redacted. */
	text = stderr_of(1, NULL, "/hello.txt?key=SECRET");
	assert_contains(text, "key=REDACTED");
	assert_lacks(text, "SECRET");
	free(text);
}

/* ---- out of memory ------------------------------------------------------------ */

static void test_out_of_memory(void **state)
{
	infracost_http_options o = fast();
	const char *headers[] = {"X-Test: 1", NULL};
	const char *out = out_file("oom.txt");
	unsigned long n;
	int rc = -1;
	(void)state;
	o.headers = headers;
	for (n = 1; n < 100; n++) {
		char *buf = NULL;
		infracost__alloc_fail_after(n);
		rc = infracost__http_get_buffer(url("/fault/redirect/data.bin"), &o, &buf, NULL,
						NULL);
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_memory_equal(buf, data_bin, data_len);
			infracost__free(buf);
			break;
		}
		assert_int_equal(rc, INFRACOST_ENOMEM);
		assert_null(buf);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 1);
	for (n = 1; n < 100; n++) {
		infracost__alloc_fail_after(n);
		rc = infracost__http_get_file(url("/fault/redirect/hello.txt"), &o, "\"e\"",
					      "Tue, 01 Jul 2025 00:00:00 GMT", out, NULL);
		infracost__alloc_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, INFRACOST_ENOMEM);
		assert_false(exists(out));
		assert_false(part_exists(out));
	}
	assert_int_equal(rc, 0);
	assert_true(n > 1);
}

/* 1 when a library whose name holds `name` is mapped into this process. */
static int mapped(const char *name)
{
	char line[1024];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, name) != NULL;
	fclose(f);
	return found;
}

/* libcurl is not linked: it is loaded by the first request (so no process
 * start pays for it and its dependencies). The first test of this file. */
static void test_libcurl_loaded_on_first_use(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	(void)state;
	assert_false(mapped("libcurl"));
	/* a request (the answer does not matter: a 404 here) */
	(void)infracost__http_get_buffer(url("/no-such-file"), NULL, &buf, &len, NULL);
	assert_true(mapped("libcurl"));
	infracost__free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libcurl_loaded_on_first_use),
		cmocka_unit_test(test_file_ok),
		cmocka_unit_test(test_file_replaces_existing),
		cmocka_unit_test(test_buffer_ok),
		cmocka_unit_test(test_buffer_empty_and_null_options),
		cmocka_unit_test(test_file_empty_body),
		cmocka_unit_test(test_500_then_ok),
		cmocka_unit_test(test_500_forever),
		cmocka_unit_test(test_429_retry_after),
		cmocka_unit_test(test_429_retry_after_capped),
		cmocka_unit_test(test_429_forever),
		cmocka_unit_test(test_404_not_retried),
		cmocka_unit_test(test_hang_times_out),
		cmocka_unit_test(test_trickle_times_out),
		cmocka_unit_test(test_trickle_fast_enough),
		cmocka_unit_test(test_short_body),
		cmocka_unit_test(test_empty_reply_retried),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_connection_refused_retries_capped),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_headers_sent),
		cmocka_unit_test(test_bad_header_refused),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_redirect_to_http_refused),
		cmocka_unit_test(test_redirect_other_origin_drops_headers),
		cmocka_unit_test(test_userinfo_same_origin_only),
		cmocka_unit_test(test_etag),
		cmocka_unit_test(test_etag_absent_file_not_created),
		cmocka_unit_test(test_304_without_validators_keeps_them),
		cmocka_unit_test(test_if_modified_since),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_memory_cap),
		cmocka_unit_test(test_https_only),
		cmocka_unit_test(test_key_redacted),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_unwritable_output),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
