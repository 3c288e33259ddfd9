/* http.h - every network request of the library (the only user of libcurl).
 *
 * GET with connect and low-speed timeouts, retries with exponential
 * backoff and jitter on 5xx, 429 (honouring Retry-After) and transient
 * network errors, gzip, redirects, ETag / If-Modified-Since (a 304 writes
 * nothing), a size cap, TLS verification always on, and https only unless
 * the host is loopback or the caller allows plain http. Errors name the
 * URL (with any "key" query parameter redacted) and the cause. */
#ifndef INFRACOST_HTTP_H
#define INFRACOST_HTTP_H

#include <stddef.h>

/* The most of one response held in memory (infracost__http_get_buffer: an
 * index, an API page, the Spot Advisor data), counted after decompression,
 * whatever max_bytes says; also the most `pricing import` reads of a page.
 * Offer files go to disk under max_bytes. */
#define INFRACOST_PAGE_MAX (256LL << 20)

typedef struct infracost_http_options {
	long connect_timeout_ms;    /* 10000 */
	long low_speed_limit;       /* bytes per second; 1 */
	long low_speed_time_s;      /* slower than the limit for this long fails: 30 */
	int max_retries;            /* after the first attempt: 4 */
	long backoff_ms;            /* first retry delay (doubles, with jitter): 500 */
	long max_backoff_ms;        /* 30000; also caps Retry-After */
	long long max_bytes;        /* size cap: 8 GiB */
	int allow_http;             /* plain http to non-loopback hosts */
	int progress;               /* -1 when stderr is a terminal, 0 never, 1 always */
	const char *label;          /* what the progress bar names */
	const char *const *headers; /* extra request headers ("Name: value"), NULL-terminated */
	const char *userinfo;       /* "user:password" (percent-encoded, as in a URL) for the
				       URL's origin only, or NULL; never printed */
} infracost_http_options;

#define INFRACOST_HTTP_OPTIONS_INIT                                                                \
	{                                                                                          \
		10000, 1, 30, 4, 500, 30000, 8LL << 30, 0, -1, NULL, NULL, NULL                    \
	}

typedef struct infracost_http_result {
	long status;            /* final HTTP status */
	int not_modified;       /* 304: nothing was written */
	char etag[256];         /* of the response ("" when none) */
	char last_modified[64]; /* of the response ("" when none) */
	long long bytes;        /* body bytes written, decompressed */
	int attempts;
} infracost_http_result;

/* url without its userinfo ("user:password@") into *stripped, and that
 * userinfo (without the '@', still percent-encoded) into *userinfo (NULL
 * when there is none; userinfo may be NULL). Both freed with
 * infracost__free. */
int infracost__url_split_userinfo(const char *url, char **stripped, char **userinfo);

/* Ask every transfer of the process to stop (infracost_fetch_cancel):
 * async-signal-safe. A stopped transfer fails with INFRACOST_ERROR,
 * "URL: interrupted", its .part file removed. */
void infracost__http_cancel(int cancel);
int infracost__http_cancelled(void);

/* GET url into the file out_path: written to "out_path.part" and renamed
 * over out_path on success, so a failure or a 304 leaves an existing file
 * as it was (the .part file is removed). etag / last_modified (may be
 * NULL) make the request conditional. Failure: INFRACOST_ENET (network,
 * HTTP), INFRACOST_EIO (the file), INFRACOST_EINVALID (a URL or header
 * refused before any network access). */
int infracost__http_get_file(const char *url, const infracost_http_options *opt, const char *etag,
			     const char *last_modified, const char *out_path,
			     infracost_http_result *res);

/* GET url into memory: *out is NUL-terminated, freed with infracost__free.
 * At most INFRACOST_PAGE_MAX bytes (or max_bytes when smaller). */
int infracost__http_get_buffer(const char *url, const infracost_http_options *opt, char **out,
			       size_t *out_len, infracost_http_result *res);

#endif
