/* http.c - every network request of the library (the only user of libcurl).
 *
 * One GET is a series of attempts (1 + max_retries); an attempt follows
 * redirects itself (at most MAX_REDIRECTS hops) so that the https-only
 * rule is checked on every target before it is contacted, and so that the
 * caller's extra headers (an API key) only ever go to the origin of the
 * URL the caller gave. Bodies are written only for 2xx responses: to
 * "<out_path>.part", renamed over out_path on success (a 304 or a failure
 * leaves out_path as it was), or to a growing buffer. Every message names
 * the URL with the value of any "key" query parameter (and any password in
 * the URL) replaced by REDACTED; headers are never printed. */
#include "cnum.h"
#include "http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "infracost/version.h"
#include "progress.h"

/* The libcurl loaded on first use: its SONAME (4 since libcurl 7.16, 2006). */
#ifndef INFRACOST_LIBCURL_SONAME
#define INFRACOST_LIBCURL_SONAME "libcurl.so.4"
#endif

#define MAX_REDIRECTS 5
/* A refused connection is retried at most this many times: refusals come
 * back at once, and a server still refusing after two backoffs is down. */
#define MAX_CONNECT_RETRIES 2
#define SAFE_URL_MAX 640

/* ---- cancellation ------------------------------------------------------ */

/* Set by infracost_fetch_cancel (fetch.c), from a signal handler maybe:
 * a lock-free atomic store is async-signal-safe. */
static atomic_int cancel_flag;

void infracost__http_cancel(int cancel)
{
	atomic_store_explicit(&cancel_flag, cancel != 0, memory_order_relaxed);
}

int infracost__http_cancelled(void)
{
	return atomic_load_explicit(&cancel_flag, memory_order_relaxed);
}

/* ---- small helpers --------------------------------------------------- */

/* Sleep ms, in steps of at most 50 ms so that a cancel ends it soon. */
static void sleep_ms(long ms)
{
	while (ms > 0 && !infracost__http_cancelled()) {
		long step = ms < 50 ? ms : 50;
		struct timespec ts = {0, step * 1000000L}, rem;
		while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
			ts = rem;
		ms -= step;
	}
}

/* Jitter needs no quality, only independence between threads and runs. */
static _Thread_local uint64_t rng_state;

static uint64_t rng_next(void)
{
	if (rng_state == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		rng_state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
			    (uint64_t)(uintptr_t)&rng_state ^ ((uint64_t)getpid() << 40);
		if (rng_state == 0)
			rng_state = 0x9e3779b97f4a7c15ULL;
	}
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int is_value_end(char c)
{
	return c == '\0' || c == '&' || c == '#' || c == ';' || c == ' ' || c == '\t' ||
	       c == '\r' || c == '\n' || c == '"' || c == '\'';
}

/* Where the userinfo ("user:password@") of url is: *start at its first
 * byte, the return value at its '@'; NULL when there is none. */
static const char *userinfo_at(const char *url, const char **start)
{
	const char *scheme_end = strstr(url, "://"), *a, *auth_end, *at = NULL;
	if (!scheme_end)
		return NULL;
	a = scheme_end + 3;
	auth_end = a + strcspn(a, "/?#");
	for (const char *q = a; q < auth_end; q++)
		if (*q == '@')
			at = q;
	*start = a;
	return at;
}

int infracost__url_split_userinfo(const char *url, char **stripped, char **userinfo)
{
	const char *start = NULL, *at = userinfo_at(url, &start);
	size_t n = strlen(url);

	*stripped = NULL;
	if (userinfo)
		*userinfo = NULL;
	if (!(*stripped = infracost__malloc(n + 1)))
		return infracost__error_oom();
	if (!at) {
		memcpy(*stripped, url, n + 1);
		return 0;
	}
	memcpy(*stripped, url, (size_t)(start - url));
	memcpy(*stripped + (start - url), at + 1, n - (size_t)(at + 1 - url) + 1);
	if (userinfo) {
		size_t k = (size_t)(at - start);
		if (!(*userinfo = infracost__malloc(k + 1))) {
			infracost__free(*stripped);
			*stripped = NULL;
			return infracost__error_oom();
		}
		memcpy(*userinfo, start, k);
		(*userinfo)[k] = '\0';
	}
	return 0;
}

/* Copy src into dst (of size n, always terminated) with the value of every
 * "key" query parameter, and the userinfo of a "user:password@" part (user
 * and password: either may be a token), replaced by REDACTED. Works on a
 * URL and on text quoting one. */
static void redact(char *dst, size_t n, const char *src)
{
	static const char red[] = "REDACTED";
	size_t o = 0;
	const char *p = src, *start = NULL, *at = userinfo_at(src, &start);

	if (n == 0)
		return;
	while (*p && o + 1 < n) {
		if (at && p == start) {
			for (size_t i = 0; red[i] && o + 1 < n; i++)
				dst[o++] = red[i];
			p = at;
			continue;
		}
		if ((*p == '?' || *p == '&' || *p == ';') && strncasecmp(p + 1, "key=", 4) == 0) {
			for (size_t i = 0; i < 5 && o + 1 < n; i++)
				dst[o++] = p[i];
			for (size_t i = 0; red[i] && o + 1 < n; i++)
				dst[o++] = red[i];
			p += 5;
			while (!is_value_end(*p))
				p++;
			continue;
		}
		dst[o++] = *p++;
	}
	dst[o] = '\0';
}

/* ---- URL policy ------------------------------------------------------- */

static int host_is_loopback(const char *host)
{
	char h[128];
	size_t len = strlen(host);
	unsigned char a[16];

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
		host++;
		len -= 2;
	}
	if (len >= sizeof(h))
		return 0;
	memcpy(h, host, len);
	h[len] = '\0';
	if (inet_pton(AF_INET, h, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, h, a) == 1) {
		static const unsigned char lo6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
						      0, 0, 0, 0, 0, 0, 0, 1};
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(a, lo6, 16) == 0)
			return 1;
		return memcmp(a, mapped, 12) == 0 && a[12] == 127;
	}
	return 0;
}

struct url_info {
	int https;
	int loopback;
	char origin[300]; /* "scheme://host:port" */
};

/* ---- libcurl, loaded when the first request needs it --------------------
 * libinfracost does not link libcurl: Debian's libcurl pulls in OpenSSL,
 * GnuTLS, Kerberos, LDAP and more, all bound at load time, which was 3 of
 * the 5 ms every process start costs (an estimate never fetches). Like
 * git's remote helpers, the library loads it with dlopen on first use (the
 * SONAME of the libcurl it was built against) and calls it through this
 * table; curl_global_init runs then, once. */
static struct curl_api {
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
	const char *(*url_strerror)(CURLUcode);
	void (*url_cleanup)(CURLU *);
	void (*free)(void *);
	time_t (*getdate)(const char *, const time_t *);
	const char *(*easy_strerror)(CURLcode);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	char *(*easy_unescape)(CURL *, const char *, int, int *);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
	void (*slist_free_all)(struct curl_slist *);
	CURLcode (*global_init)(long);
} C;

static once_flag curl_once = ONCE_FLAG_INIT;
static char curl_failure[256]; /* why it could not be loaded, "" when it was */
static CURLcode curl_init_code = CURLE_OK;

static void curl_load(void)
{
	static const struct {
		const char *name;
		size_t offset;
	} fns[] = {
#define F(f) {"curl_" #f, offsetof(struct curl_api, f)}
		F(url),           F(url_set),      F(url_get),      F(url_strerror),
		F(url_cleanup),   F(free),         F(getdate),      F(easy_strerror),
		F(easy_getinfo),  F(slist_append), F(easy_init),    F(easy_setopt),
		F(easy_unescape), F(easy_perform), F(easy_cleanup), F(slist_free_all),
		F(global_init),
#undef F
	};
	const char *err;
	/* kept open for the life of the process (curl_global_cleanup is not
	 * safe while another thread may still use libcurl) */
	void *curl_handle = dlopen(INFRACOST_LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!curl_handle) {
		err = dlerror();
		infracost__snprintf(curl_failure, sizeof(curl_failure), "%s", err ? err : "?");
		return;
	}
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		void *sym = dlsym(curl_handle, fns[i].name);
		if (!sym) {
			infracost__snprintf(curl_failure, sizeof(curl_failure), "%s: no %s",
					    INFRACOST_LIBCURL_SONAME, fns[i].name);
			return;
		}
		memcpy((char *)&C + fns[i].offset, &sym, sizeof(sym));
	}
	curl_init_code = C.global_init(CURL_GLOBAL_DEFAULT);
}

/* 0 when libcurl is loaded and initialised, else the error recorded. */
static int curl_ready(void)
{
	call_once(&curl_once, curl_load);
	if (curl_failure[0])
		return infracost__error(INFRACOST_ENET, "libcurl could not be loaded: %s",
					curl_failure);
	if (curl_init_code == CURLE_OUT_OF_MEMORY)
		return infracost__error_oom();
	if (curl_init_code != CURLE_OK)
		return infracost__error(INFRACOST_ENET, "libcurl initialisation failed: %s",
					C.easy_strerror(curl_init_code));
	return 0;
}

/* Parse url and apply the rule: https, or http to a loopback host or with
 * allow_http. Returns 0, or the code of the message it recorded (which
 * names safe_url); `code` is the code for a refused URL. */
static int check_url(const char *url, const char *safe_url, int allow_http, int code,
		     const char *what, struct url_info *info)
{
	CURLU *u = C.url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	CURLUcode uc;
	int rc = 0;

	memset(info, 0, sizeof(*info));
	if (!u)
		return infracost__error_oom();
	uc = C.url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
	if (uc == CURLUE_OUT_OF_MEMORY) {
		rc = infracost__error_oom();
		goto done;
	}
	if (uc != CURLUE_OK) {
		rc = infracost__error(code, "%s: %sinvalid URL (%s)", safe_url, what,
				      C.url_strerror(uc));
		goto done;
	}
	uc = C.url_get(u, CURLUPART_SCHEME, &scheme, 0);
	if (uc == CURLUE_OK)
		uc = C.url_get(u, CURLUPART_HOST, &host, 0);
	if (uc == CURLUE_OK)
		uc = C.url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	if (uc == CURLUE_OUT_OF_MEMORY) {
		rc = infracost__error_oom();
		goto done;
	}
	if (uc != CURLUE_OK) {
		rc = infracost__error(code, "%s: %sinvalid URL (%s)", safe_url, what,
				      C.url_strerror(uc));
		goto done;
	}
	info->https = strcasecmp(scheme, "https") == 0;
	info->loopback = host_is_loopback(host);
	infracost__snprintf(info->origin, sizeof(info->origin), "%s://%s:%s", scheme, host, port);
	if (!info->https && strcasecmp(scheme, "http") != 0) {
		rc = infracost__error(code, "%s: %sscheme '%s' not allowed (https only)", safe_url,
				      what, scheme);
		goto done;
	}
	if (!info->https && !info->loopback && !allow_http)
		rc = infracost__error(
			code,
			"%s: %splain http to a host that is not loopback is not allowed "
			"(https only unless allow_http is set)",
			safe_url, what);
done:
	C.free(scheme);
	C.free(host);
	C.free(port);
	C.url_cleanup(u);
	return rc;
}

/* ---- one request ------------------------------------------------------ */

struct http_req {
	infracost_http_options o;
	const char *url;
	char safe_url[SAFE_URL_MAX];
	CURL *curl;
	struct curl_slist *hdr_same;  /* conditional + caller's headers: the caller's origin */
	struct curl_slist *hdr_other; /* conditional headers only: any other origin */
	char *user, *password;        /* of o.userinfo, decoded (curl_free) */
	char errbuf[CURL_ERROR_SIZE];

	/* the sink: a file (part_path) or memory */
	int to_memory;
	char *part_path;
	FILE *fp;
	char *buf;
	size_t len, cap;
	long long bytes;
	int too_big;
	int nomem;
	int io_errno;
	int cancelled; /* infracost_fetch_cancel stopped the transfer */

	/* the response being received */
	long status;
	char reason[64];
	char etag[256];
	char last_modified[64];
	long retry_after_ms;      /* -1: none */
	long long content_length; /* -1: none */
	int encoded;              /* a Content-Encoding (the length is not the body's) */

	/* the validators sent, kept for a 304 that does not repeat them */
	char sent_etag[256];
	char sent_last_modified[64];

	infracost_progress bar;
};

static void reset_response(struct http_req *r)
{
	r->status = 0;
	r->reason[0] = '\0';
	r->etag[0] = '\0';
	r->last_modified[0] = '\0';
	r->retry_after_ms = -1;
	r->content_length = -1;
	r->encoded = 0;
}

/* Drop what an attempt wrote. */
static void reset_sink(struct http_req *r)
{
	if (r->fp) {
		fclose(r->fp);
		r->fp = NULL;
	}
	if (r->part_path)
		unlink(r->part_path);
	r->len = 0;
	r->bytes = 0;
	r->too_big = 0;
	r->nomem = 0;
	r->io_errno = 0;
}

static int status_ok(long s)
{
	return s >= 200 && s < 300;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct http_req *r = ud;
	size_t n = size * nmemb;

	if (infracost__http_cancelled()) {
		r->cancelled = 1;
		return 0;
	}
	if (!status_ok(r->status))
		return n; /* the body of an error page or a redirect: dropped */
	if (r->o.max_bytes > 0 && r->bytes + (long long)n > r->o.max_bytes) {
		r->too_big = 1;
		return 0;
	}
	if (r->to_memory) {
		if (r->len + n + 1 > r->cap) {
			size_t cap = r->cap ? r->cap : 16384;
			char *grown;
			while (cap < r->len + n + 1)
				cap *= 2;
			grown = infracost__realloc(r->buf, cap);
			if (!grown) {
				r->nomem = 1;
				return 0;
			}
			r->buf = grown;
			r->cap = cap;
		}
		memcpy(r->buf + r->len, data, n);
		r->len += n;
	} else {
		if (!r->fp) {
			r->fp = fopen(r->part_path, "wb");
			if (!r->fp) {
				r->io_errno = errno ? errno : EIO;
				return 0;
			}
		}
		if (n && fwrite(data, 1, n, r->fp) != n) {
			r->io_errno = errno ? errno : EIO;
			return 0;
		}
	}
	r->bytes += (long long)n;
	return n;
}

/* Copy a header value (trimmed) into dst; too long a value is dropped
 * rather than cut, so that a truncated ETag is never sent back. */
static void header_value(char *dst, size_t n, const char *v, size_t len)
{
	while (len && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' ' ||
		       v[len - 1] == '\t'))
		len--;
	if (len >= n) {
		dst[0] = '\0';
		return;
	}
	memcpy(dst, v, len);
	dst[len] = '\0';
}

static int header_is(const char *line, size_t len, const char *name)
{
	size_t k = strlen(name);
	return len > k && line[k] == ':' && strncasecmp(line, name, k) == 0;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *ud)
{
	struct http_req *r = ud;
	size_t n = size * nmemb;

	if (n > 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* A status line starts a response (one per redirect hop, 1xx too). */
		const char *p = memchr(line, ' ', n), *end = line + n;
		reset_response(r);
		if (p) {
			char reason[64];
			while (p < end && *p == ' ')
				p++;
			while (p < end && *p >= '0' && *p <= '9')
				r->status = r->status * 10 + (*p++ - '0');
			header_value(reason, sizeof(reason), p, (size_t)(end - p));
			for (char *c = reason; *c; c++)
				if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
					*c = '?';
			memcpy(r->reason, reason, sizeof(reason));
		}
	} else if (n <= 2 && (line[0] == '\r' || line[0] == '\n')) {
		/* The end of the headers: a body announced larger than the cap is
		 * refused before it comes. Only the identity length says how many
		 * bytes will be written; a compressed one is checked as it inflates. */
		if (status_ok(r->status) && !r->encoded && r->o.max_bytes > 0 &&
		    r->content_length > r->o.max_bytes) {
			r->too_big = 1;
			return 0;
		}
	} else if (header_is(line, n, "content-length")) {
		char v[32];
		header_value(v, sizeof(v), line + 15, n - 15);
		if (v[0] >= '0' && v[0] <= '9')
			r->content_length = strtoll(v, NULL, 10);
	} else if (header_is(line, n, "content-encoding")) {
		char v[64];
		header_value(v, sizeof(v), line + 17, n - 17);
		r->encoded = v[0] != '\0' && strcasecmp(v, "identity") != 0;
	} else if (header_is(line, n, "etag")) {
		header_value(r->etag, sizeof(r->etag), line + 5, n - 5);
	} else if (header_is(line, n, "last-modified")) {
		header_value(r->last_modified, sizeof(r->last_modified), line + 14, n - 14);
	} else if (header_is(line, n, "retry-after")) {
		char v[64];
		header_value(v, sizeof(v), line + 12, n - 12);
		if (v[0] >= '0' && v[0] <= '9') {
			long long s = 0;
			for (const char *c = v; *c >= '0' && *c <= '9' && s < 1000000000LL; c++)
				s = s * 10 + (*c - '0');
			/* A day is more than any cap a caller sets; long holds it. */
			r->retry_after_ms = s > 86400 ? 86400L * 1000L : (long)s * 1000L;
		} else if (v[0]) {
			time_t when = C.getdate(v, NULL);
			time_t t = time(NULL);
			if (when != (time_t)-1)
				r->retry_after_ms = when <= t          ? 0
						    : when - t > 86400 ? 86400L * 1000L
								       : (long)(when - t) * 1000L;
		}
	}
	return n;
}

/* ---- progress bar (progress.c) -------------------------------------------- */

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	struct http_req *r = ud;
	(void)ultotal;
	(void)ulnow;
	/* Called about once a second even while nothing arrives. */
	if (infracost__http_cancelled()) {
		r->cancelled = 1;
		return 1;
	}
	if (!r->bar.on || !status_ok(r->status) || dlnow <= 0)
		return 0;
	infracost__progress_update(&r->bar, (double)dlnow, (double)dltotal);
	return 0;
}

static void progress_finish(struct http_req *r, int rc, int not_modified)
{
	if (rc == 0 && !not_modified)
		infracost__progress_done(&r->bar, (double)r->bytes);
	else
		infracost__progress_end(&r->bar, rc ? "failed" : "not modified");
}

/* ---- failures ----------------------------------------------------------- */

enum outcome { DONE, NOT_MODIFIED, RETRY, FAIL };

static const char *reason_of(long status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 410: return "Gone";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

static int retryable_status(long s)
{
	return s == 408 || s == 429 || (s >= 500 && s <= 599 && s != 501 && s != 505);
}

/* Describe a transfer failure in `cause`; return whether it is worth
 * another attempt, and set *code. */
static int transfer_failure(struct http_req *r, CURLcode cc, char *cause, size_t n, int *code)
{
	char safe_err[CURL_ERROR_SIZE + 64];
	long os_errno = 0;

	*code = INFRACOST_ENET;
	redact(safe_err, sizeof(safe_err), r->errbuf[0] ? r->errbuf : C.easy_strerror(cc));
	if (r->cancelled) {
		*code = INFRACOST_ERROR;
		infracost__snprintf(cause, n, "interrupted");
		return 0;
	}
	if (r->nomem) {
		*code = INFRACOST_ENOMEM;
		infracost__snprintf(cause, n, "out of memory");
		return 0;
	}
	if (r->io_errno) {
		*code = INFRACOST_EIO;
		infracost__snprintf(cause, n, "cannot write %s: %s", r->part_path,
				    strerror(r->io_errno));
		return 0;
	}
	if (r->too_big) {
		if (r->to_memory && r->o.max_bytes == INFRACOST_PAGE_MAX)
			infracost__snprintf(cause, n,
					    "larger than %lld MiB (the limit for an index or an "
					    "API page, which is held in memory)",
					    INFRACOST_PAGE_MAX >> 20);
		else
			infracost__snprintf(cause, n, "larger than %lld bytes", r->o.max_bytes);
		return 0;
	}
	switch (cc) {
	case CURLE_COULDNT_CONNECT:
		C.easy_getinfo(r->curl, CURLINFO_OS_ERRNO, &os_errno);
		if (os_errno == ECONNREFUSED)
			infracost__snprintf(cause, n, "connection refused");
		else
			infracost__snprintf(cause, n, "could not connect (%s)", safe_err);
		return 1;
	case CURLE_OPERATION_TIMEDOUT: {
		curl_off_t connected = 0;
		C.easy_getinfo(r->curl, CURLINFO_CONNECT_TIME_T, &connected);
		if (connected <= 0)
			infracost__snprintf(cause, n, "connect timed out after %ld ms",
					    r->o.connect_timeout_ms);
		else if (r->o.low_speed_limit <= 1)
			infracost__snprintf(cause, n, "timed out (no data for %ld s)",
					    r->o.low_speed_time_s);
		else
			infracost__snprintf(cause, n,
					    "timed out (slower than %ld bytes/s for %ld s)",
					    r->o.low_speed_limit, r->o.low_speed_time_s);
		return 1;
	}
	case CURLE_PARTIAL_FILE:
		infracost__snprintf(cause, n,
				    "partial transfer: body shorter than its Content-Length");
		return 1;
	case CURLE_GOT_NOTHING: infracost__snprintf(cause, n, "empty reply from server"); return 1;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		infracost__snprintf(cause, n, "connection broken (%s)", safe_err);
		return 1;
	case CURLE_OUT_OF_MEMORY:
		*code = INFRACOST_ENOMEM;
		infracost__snprintf(cause, n, "out of memory");
		return 0;
	case CURLE_COULDNT_RESOLVE_HOST:
		infracost__snprintf(cause, n, "could not resolve host (%s)", safe_err);
		return 0;
	case CURLE_PEER_FAILED_VERIFICATION:
		infracost__snprintf(cause, n, "TLS certificate not trusted (%s)", safe_err);
		return 0;
	default: infracost__snprintf(cause, n, "%s", safe_err); return 0;
	}
}

/* ---- the request -------------------------------------------------------- */

static int has_line_break(const char *s)
{
	return strchr(s, '\r') != NULL || strchr(s, '\n') != NULL;
}

static int add_header(struct curl_slist **list, const char *name, const char *value)
{
	size_t len = strlen(name) + strlen(value) + 3;
	char *h = infracost__malloc(len);
	struct curl_slist *grown;
	if (!h)
		return infracost__error_oom();
	infracost__snprintf(h, len, "%s: %s", name, value);
	grown = C.slist_append(*list, h);
	infracost__free(h);
	if (!grown)
		return infracost__error_oom();
	*list = grown;
	return 0;
}

static int build_headers(struct http_req *r, const char *etag, const char *last_modified)
{
	int rc;
	if (etag && strlen(etag) < sizeof(r->sent_etag))
		strcpy(r->sent_etag, etag);
	if (last_modified && strlen(last_modified) < sizeof(r->sent_last_modified))
		strcpy(r->sent_last_modified, last_modified);
	if (etag && *etag) {
		if (has_line_break(etag))
			return infracost__error(INFRACOST_EINVALID,
						"%s: ETag contains a line break", r->safe_url);
		if ((rc = add_header(&r->hdr_same, "If-None-Match", etag)) != 0 ||
		    (rc = add_header(&r->hdr_other, "If-None-Match", etag)) != 0)
			return rc;
	}
	if (last_modified && *last_modified) {
		if (has_line_break(last_modified))
			return infracost__error(INFRACOST_EINVALID,
						"%s: Last-Modified contains a line break",
						r->safe_url);
		if ((rc = add_header(&r->hdr_same, "If-Modified-Since", last_modified)) != 0 ||
		    (rc = add_header(&r->hdr_other, "If-Modified-Since", last_modified)) != 0)
			return rc;
	}
	for (size_t i = 0; r->o.headers && r->o.headers[i]; i++) {
		const char *h = r->o.headers[i];
		const char *colon = strchr(h, ':');
		struct curl_slist *grown;
		/* The text of a header is never printed: it may hold a key. */
		if (has_line_break(h) || !colon || colon == h)
			return infracost__error(
				INFRACOST_EINVALID,
				"%s: extra header %zu is not one 'Name: value' line", r->safe_url,
				i + 1);
		grown = C.slist_append(r->hdr_same, h);
		if (!grown)
			return infracost__error_oom();
		r->hdr_same = grown;
	}
	return 0;
}

static int setup_curl(struct http_req *r)
{
	CURL *c = C.easy_init();
	CURLcode cc = CURLE_OK;
	if (!c)
		return infracost__error_oom();
	r->curl = c;
#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if (cc == CURLE_OK)                                                                \
			cc = C.easy_setopt(c, opt, val);                                           \
	} while (0)
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_ERRORBUFFER, r->errbuf);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_USERAGENT, "infracost/" INFRACOST_VERSION " (libcurl)");
	SET(CURLOPT_CONNECTTIMEOUT_MS, r->o.connect_timeout_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, r->o.low_speed_limit);
	SET(CURLOPT_LOW_SPEED_TIME, r->o.low_speed_time_s);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, r);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, r);
	/* The progress callback draws the bar and notices a cancel. */
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, r);
	SET(CURLOPT_NOPROGRESS, 0L);
#undef SET
	if (cc == CURLE_OUT_OF_MEMORY)
		return infracost__error_oom();
	if (cc != CURLE_OK)
		return infracost__error(INFRACOST_ENET, "%s: libcurl set-up failed: %s",
					r->safe_url, C.easy_strerror(cc));
	return 0;
}

/* Point the handle at one hop's URL. */
static int setup_hop(struct http_req *r, const char *url, const struct url_info *info,
		     int same_origin)
{
	CURLcode cc = C.easy_setopt(r->curl, CURLOPT_URL, url);
	if (cc == CURLE_OK)
		cc = C.easy_setopt(r->curl, CURLOPT_PROTOCOLS_STR,
				   info->https ? "https" : "http,https");
	/* Loopback never goes through a proxy from the environment. */
	if (cc == CURLE_OK)
		cc = C.easy_setopt(r->curl, CURLOPT_PROXY, info->loopback ? "" : NULL);
	if (cc == CURLE_OK)
		cc = C.easy_setopt(r->curl, CURLOPT_HTTPHEADER,
				   same_origin ? r->hdr_same : r->hdr_other);
	/* Credentials given apart from the URL go to its origin only. */
	if (cc == CURLE_OK)
		cc = C.easy_setopt(r->curl, CURLOPT_USERNAME, same_origin ? r->user : NULL);
	if (cc == CURLE_OK)
		cc = C.easy_setopt(r->curl, CURLOPT_PASSWORD, same_origin ? r->password : NULL);
	if (cc == CURLE_OUT_OF_MEMORY)
		return infracost__error_oom();
	if (cc != CURLE_OK)
		return infracost__error(INFRACOST_ENET, "%s: libcurl set-up failed: %s",
					r->safe_url, C.easy_strerror(cc));
	return 0;
}

static long backoff_delay(const struct http_req *r, int retry)
{
	long long d = r->o.backoff_ms;
	long long half;
	for (int i = 1; i < retry && d < r->o.max_backoff_ms; i++)
		d *= 2;
	if (d > r->o.max_backoff_ms)
		d = r->o.max_backoff_ms;
	/* Equal jitter: between half and all of the delay. */
	half = d / 2;
	d = half + (long long)(rng_next() % (uint64_t)(d - half + 1));
	if (r->retry_after_ms >= 0) {
		long long ra = r->retry_after_ms;
		if (ra > r->o.max_backoff_ms)
			ra = r->o.max_backoff_ms;
		if (ra > d)
			d = ra;
	}
	return (long)d;
}

static void sanitize_options(infracost_http_options *o)
{
	if (o->connect_timeout_ms < 0)
		o->connect_timeout_ms = 0;
	if (o->low_speed_limit < 0)
		o->low_speed_limit = 0;
	if (o->low_speed_time_s < 0)
		o->low_speed_time_s = 0;
	if (o->max_retries < 0)
		o->max_retries = 0;
	if (o->max_retries > 100)
		o->max_retries = 100;
	if (o->backoff_ms < 0)
		o->backoff_ms = 0;
	if (o->max_backoff_ms < 0)
		o->max_backoff_ms = 0;
}

/* The whole GET: attempts, redirects, classification, messages. */
static int run(struct http_req *r, infracost_http_result *res)
{
	struct url_info first;
	char cause[768], where[SAFE_URL_MAX + 32];
	char *hop_url = NULL;
	int rc, code = INFRACOST_ENET, connect_retries = 0;
	enum outcome out = FAIL;

	rc = check_url(r->url, r->safe_url, r->o.allow_http, INFRACOST_EINVALID, "", &first);
	if (rc)
		return rc;
	if ((rc = setup_curl(r)) != 0)
		return rc;
	if (r->o.userinfo && *r->o.userinfo) {
		const char *ui = r->o.userinfo, *colon = strchr(ui, ':');
		int ulen = (int)(colon ? colon - ui : (ptrdiff_t)strlen(ui));
		r->user = C.easy_unescape(r->curl, ui, ulen, NULL);
		r->password = colon ? C.easy_unescape(r->curl, colon + 1, 0, NULL) : NULL;
		if (!r->user || (colon && !r->password))
			return infracost__error_oom();
	}
	if (infracost__http_cancelled())
		return infracost__error(INFRACOST_ERROR, "%s: interrupted", r->safe_url);

	for (int attempt = 1;; attempt++) {
		const char *cur = r->url;
		struct url_info info = first;
		CURLcode cc = CURLE_OK;
		int retry = 0;

		res->attempts = attempt;
		reset_sink(r);
		where[0] = '\0';
		infracost__progress_restart(&r->bar);
		for (int hop = 0;; hop++) {
			char *next = NULL;
			reset_response(r);
			r->errbuf[0] = '\0';
			if ((rc = setup_hop(r, cur, &info, strcmp(info.origin, first.origin) == 0)))
				goto done;
			cc = C.easy_perform(r->curl);
			if (cc != CURLE_OK)
				break;
			C.easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &r->status);
			if (r->status < 300 || r->status >= 400 || r->status == 304)
				break;
			C.easy_getinfo(r->curl, CURLINFO_REDIRECT_URL, &next);
			if (!next)
				break; /* a 3xx without Location: reported as its status */
			if (hop == MAX_REDIRECTS) {
				rc = infracost__error(INFRACOST_ENET, "%s: more than %d redirects",
						      r->safe_url, MAX_REDIRECTS);
				goto done;
			}
			{
				char safe_next[SAFE_URL_MAX], what[SAFE_URL_MAX + 32];
				redact(safe_next, sizeof(safe_next), next);
				infracost__snprintf(what, sizeof(what),
						    "redirect to %s refused: ", safe_next);
				rc = check_url(next, r->safe_url, r->o.allow_http, INFRACOST_ENET,
					       what, &info);
				if (rc)
					goto done;
				/* The message names the target after the original URL. */
				infracost__snprintf(where, sizeof(where), " (redirected to %s)",
						    safe_next);
			}
			{
				char *copy = infracost__strdup(next);
				if (!copy) {
					rc = infracost__error_oom();
					goto done;
				}
				infracost__free(hop_url);
				hop_url = copy;
				cur = hop_url;
			}
		}

		if (cc != CURLE_OK) {
			retry = transfer_failure(r, cc, cause, sizeof(cause), &code);
			if (cc == CURLE_COULDNT_CONNECT && retry &&
			    connect_retries++ >= MAX_CONNECT_RETRIES)
				retry = 0;
			out = retry ? RETRY : FAIL;
		} else if (status_ok(r->status)) {
			out = DONE;
		} else if (r->status == 304) {
			out = NOT_MODIFIED;
		} else {
			const char *why = r->reason[0] ? r->reason : reason_of(r->status);
			code = INFRACOST_ENET;
			infracost__snprintf(cause, sizeof(cause), "HTTP %ld%s%s", r->status,
					    *why ? " " : "", why);
			out = retryable_status(r->status) ? RETRY : FAIL;
		}
		res->status = r->status;
		if (out == RETRY && attempt <= r->o.max_retries) {
			sleep_ms(backoff_delay(r, attempt));
			if (!infracost__http_cancelled())
				continue;
			r->cancelled = 1;
			code = INFRACOST_ERROR;
			infracost__snprintf(cause, sizeof(cause), "interrupted");
			out = FAIL;
		}
		break;
	}

	memcpy(res->etag, r->etag, sizeof(res->etag));
	memcpy(res->last_modified, r->last_modified, sizeof(res->last_modified));
	res->bytes = r->bytes;
	if (out == NOT_MODIFIED) {
		res->not_modified = 1;
		res->bytes = 0;
		/* What is cached stays valid: a 304 without validators keeps them. */
		if (!res->etag[0])
			memcpy(res->etag, r->sent_etag, sizeof(res->etag));
		if (!res->last_modified[0])
			memcpy(res->last_modified, r->sent_last_modified,
			       sizeof(res->last_modified));
	} else if (out != DONE) {
		if (res->attempts > 1)
			rc = infracost__error(code, "%s: %s after %d attempts%s", r->safe_url,
					      cause, res->attempts, where);
		else
			rc = infracost__error(code, "%s: %s%s", r->safe_url, cause, where);
	}
done:
	infracost__free(hop_url);
	return rc;
}

static int init_req(struct http_req *r, const char *url, const infracost_http_options *opt)
{
	static const infracost_http_options defaults = INFRACOST_HTTP_OPTIONS_INIT;
	const char *label;

	memset(r, 0, sizeof(*r));
	r->o = opt ? *opt : defaults;
	sanitize_options(&r->o);
	r->url = url;
	redact(r->safe_url, sizeof(r->safe_url), url);
	label = r->o.label ? r->o.label : r->safe_url;
	infracost__progress_init(&r->bar, r->o.progress, label);
	reset_response(r);
	return 0;
}

static void free_req(struct http_req *r)
{
	if (r->fp)
		fclose(r->fp);
	r->fp = NULL;
	if (r->curl)
		C.easy_cleanup(r->curl);
	C.slist_free_all(r->hdr_same);
	C.slist_free_all(r->hdr_other);
	C.free(r->user);
	C.free(r->password);
	infracost__free(r->buf);
	infracost__free(r->part_path);
}

/* ---- public (internal) API -------------------------------------------- */

int infracost__http_get_file(const char *url, const infracost_http_options *opt, const char *etag,
			     const char *last_modified, const char *out_path,
			     infracost_http_result *res)
{
	struct http_req r;
	infracost_http_result local;
	size_t n;
	int rc;

	if (!res)
		res = &local;
	if (!url || !out_path || !*out_path) {
		memset(res, 0, sizeof(*res));
		return infracost__error(INFRACOST_EINVALID, "http: %s is missing",
					!url ? "the URL" : "the output path");
	}
	if ((rc = curl_ready())) {
		memset(res, 0, sizeof(*res));
		return rc;
	}
	init_req(&r, url, opt);
	/* The headers copy etag and last_modified first: they may point into
	 * *res (the result of the previous download), which is cleared now. */
	rc = build_headers(&r, etag, last_modified);
	memset(res, 0, sizeof(*res));
	if (rc)
		goto done;
	n = strlen(out_path);
	r.part_path = infracost__malloc(n + sizeof(".part"));
	if (!r.part_path) {
		rc = infracost__error_oom();
		goto done;
	}
	memcpy(r.part_path, out_path, n);
	memcpy(r.part_path + n, ".part", sizeof(".part"));

	rc = run(&r, res);
	if (rc == 0 && !res->not_modified) {
		/* A 2xx without a body still makes a (empty) file. */
		if (!r.fp && !(r.fp = fopen(r.part_path, "wb")))
			rc = infracost__error(INFRACOST_EIO, "%s: cannot write %s: %s", r.safe_url,
					      r.part_path, strerror(errno));
		if (r.fp) {
			int bad = ferror(r.fp);
			bad |= fclose(r.fp) != 0;
			r.fp = NULL;
			if (bad && rc == 0)
				rc = infracost__error(INFRACOST_EIO, "%s: cannot write %s: %s",
						      r.safe_url, r.part_path, strerror(errno));
		}
		if (rc == 0 && rename(r.part_path, out_path) != 0)
			rc = infracost__error(INFRACOST_EIO, "%s: cannot rename %s to %s: %s",
					      r.safe_url, r.part_path, out_path, strerror(errno));
	}
	progress_finish(&r, rc, res->not_modified);
done:
	if (r.fp) {
		fclose(r.fp);
		r.fp = NULL;
	}
	if (r.part_path && (rc != 0 || res->not_modified))
		unlink(r.part_path);
	free_req(&r);
	return rc;
}

int infracost__http_get_buffer(const char *url, const infracost_http_options *opt, char **out,
			       size_t *out_len, infracost_http_result *res)
{
	struct http_req r;
	infracost_http_result local;
	int rc;

	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!url || !out)
		return infracost__error(INFRACOST_EINVALID, "http: %s is missing",
					!url ? "the URL" : "the output pointer");
	if ((rc = curl_ready()))
		return rc;
	init_req(&r, url, opt);
	r.to_memory = 1;
	/* A gzip bomb or an endless index stops here, not at the file cap. */
	if (r.o.max_bytes <= 0 || r.o.max_bytes > INFRACOST_PAGE_MAX)
		r.o.max_bytes = INFRACOST_PAGE_MAX;
	rc = build_headers(&r, NULL, NULL);
	if (rc == 0)
		rc = run(&r, res);
	if (rc == 0 && r.len + 1 > r.cap) {
		char *grown = infracost__realloc(r.buf, r.len + 1);
		if (!grown)
			rc = infracost__error_oom();
		else
			r.buf = grown;
	}
	progress_finish(&r, rc, res->not_modified);
	if (rc == 0) {
		r.buf[r.len] = '\0';
		*out = r.buf;
		if (out_len)
			*out_len = r.len;
		r.buf = NULL;
	}
	free_req(&r);
	return rc;
}
