/* fetch.c - pricing feeds into the store: which URLs to ask, in which
 * order, and one store import per source. Uses http.c (the network),
 * feed_*.c (the formats) and store.c (SQLite) through their headers. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cnum.h"
#include "options.h"
#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "feed.h"
#include "http.h"
#include "jsondoc.h"
#include "progress.h"
#include "store.h"

#define AWS_DEFAULT_ENDPOINT "https://pricing.us-east-1.amazonaws.com"
#define AWS_SPOT_ADVISOR_URL "https://spot-bio.s3.amazonaws.com/spot-advisor-data.json"
#define AZURE_DEFAULT_ENDPOINT "https://prices.azure.com/api/retail/prices"
#define GCP_DEFAULT_ENDPOINT "https://cloudbilling.googleapis.com/v1"
#define GCP_KEY_ENV "INFRA_COST_GCP_API_KEY"

static const char *const aws_default_services[] = {
	"AmazonEC2", "AmazonECS", "AmazonRDS", "AmazonElastiCache",
	"AWSELB",    "AmazonS3",  "AWSLambda", "AWSDataTransfer",
};
static const char *const aws_default_regions[] = {"us-east-1"};
static const char *const azure_default_services[] = {"Virtual Machines"};
static const char *const azure_default_regions[] = {"eastus"};
static const char *const gcp_default_services[] = {"Compute Engine"};
static const char *const gcp_default_regions[] = {"us-central1"};

/* ---- rows into an import ----------------------------------------------- */

struct import_ctx {
	infracost_store_import *imp;
	long long rows, skipped;
	const char *what; /* the URL or file, for messages */
	char name[256];   /* "provider/service/region", for messages */
};

/* A cancel (infracost_fetch_cancel) stops an import at its next row. */
static int interrupted(const struct import_ctx *ic)
{
	return infracost__error(INFRACOST_ERROR, "%s: interrupted; the store keeps what it had",
				ic->what ? ic->what : "import");
}

static int sink_row(void *ctx, const infracost_price *row)
{
	struct import_ctx *ic = ctx;
	int rc = infracost__http_cancelled() ? interrupted(ic)
					     : infracost__store_import_row(ic->imp, row);
	if (!rc)
		ic->rows++;
	return rc;
}

static int sink_meta(void *ctx, const char *key, const char *value)
{
	struct import_ctx *ic = ctx;
	if (strcmp(key, "skipped") == 0) {
		ic->skipped += strtoll(value, NULL, 10);
		return 0;
	}
	if (strcmp(key, "version") == 0)
		return infracost__store_import_set(ic->imp, "version", value);
	if (strcmp(key, "publication_date") == 0)
		return infracost__store_import_set(ic->imp, "published", value);
	return 0;
}

static int sink_spot(void *ctx, const char *region, const char *os, const char *type, int bucket,
		     int savings)
{
	struct import_ctx *ic = ctx;
	int rc = infracost__http_cancelled()
			 ? interrupted(ic)
			 : infracost__store_import_spot(ic->imp, region, os, type, bucket, savings);
	if (!rc)
		ic->rows++;
	return rc;
}

static void sink_init(infracost_feed_sink *sink, struct import_ctx *ic)
{
	sink->row = sink_row;
	sink->meta = sink_meta;
	sink->spot_advice = sink_spot;
	sink->ctx = ic;
}

/* Commit an import and count it in the report; abort on rc != 0. */
static int finish_import(struct import_ctx *ic, int rc, infracost_fetch_report *report)
{
	long long rows = 0;
	if (!rc && ic->rows == 0)
		/* An empty version would hide the prices the store has: refuse it. */
		rc = infracost__error(INFRACOST_ENOTFOUND,
				      "%s: the feed held no price for %s (%lld records without a "
				      "price-book key skipped); the store keeps what it had",
				      ic->what ? ic->what : "import",
				      *ic->name ? ic->name : "the source", ic->skipped);
	if (rc) {
		infracost__store_import_abort(ic->imp);
		return rc;
	}
	if ((rc = infracost__store_import_commit(ic->imp, &rows)))
		return rc;
	if (report) {
		report->sources_updated++;
		report->rows += ic->rows;
		report->skipped += ic->skipped;
	}
	return 0;
}

/* ---- options ------------------------------------------------------------ */

/* The userinfo of the endpoint of the fetch running on this thread
 * ("user:password", percent-encoded), taken out of the endpoint so that no
 * URL built from it, stored (sources.url) or printed, carries it. */
static _Thread_local const char *endpoint_userinfo;

static void http_options(infracost_http_options *h, const infracost_fetch_options *opt,
			 const char *label)
{
	infracost_http_options init = INFRACOST_HTTP_OPTIONS_INIT;
	*h = init;
	h->label = label;
	h->userinfo = endpoint_userinfo;
	if (!opt)
		return;
	h->progress = opt->progress;
	h->allow_http = opt->allow_http;
	if (opt->timeout_s > 0)
		h->low_speed_time_s = opt->timeout_s;
	if (opt->max_retries >= 0)
		h->max_retries = opt->max_retries;
	if (opt->backoff_ms > 0)
		h->backoff_ms = opt->backoff_ms;
}

static void list_or_default(const char *const **list, size_t *n, const char *const *given,
			    size_t given_n, const char *const *dflt, size_t dflt_n)
{
	if (given && given_n) {
		*list = given;
		*n = given_n;
	} else {
		*list = dflt;
		*n = dflt_n;
	}
}

/* A URL made of the endpoint and a host-relative path ("/offers/..."). */
static char *join_url(const char *base, const char *path)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	char *out = NULL;
	size_t n = strlen(base);
	if (strncmp(path, "http://", 7) == 0 || strncmp(path, "https://", 8) == 0) {
		infracost__buf_puts(&b, path);
	} else {
		/* Relative to the endpoint's origin for "/x", to the endpoint otherwise. */
		if (path[0] == '/') {
			const char *scheme = strstr(base, "://");
			const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
			/* An endpoint with a path prefix keeps it (a mirror under /mirror). */
			if (slash && strcmp(slash, "/") != 0)
				n = strlen(base) - (base[n - 1] == '/');
			else if (slash)
				n = (size_t)(slash - base);
		}
		infracost__buf_put(&b, base, n);
		if (path[0] != '/' && n && base[n - 1] != '/')
			infracost__buf_putc(&b, '/');
		infracost__buf_puts(&b, path);
	}
	if (infracost__buf_detach(&b, &out, NULL))
		return NULL;
	return out;
}

/* Downloads go to private temporary files named after the process,
 * "infra-cost-PID-XXXXXX" (and "...XXXXXX.part" while they come), so that
 * a later fetch can remove what a killed one left. */
#define TEMP_PREFIX "infra-cost-"
/* A dead process's file is removed once it is this old (a process of
 * another PID namespace sharing the directory looks dead). */
#define STALE_DEAD_S 60
/* A file of the old name form ("infra-cost-XXXXXX", no PID) is removed
 * once it is this old. */
#define STALE_UNNAMED_S 86400

static const char *temp_dir(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

static int temp_path(char *out, size_t len)
{
	int fd;
	infracost__snprintf(out, len, "%s/" TEMP_PREFIX "%ld-XXXXXX", temp_dir(), (long)getpid());
	fd = mkstemp(out);
	if (fd < 0)
		return infracost__error_at(INFRACOST_EIO, out, 0, 0, NULL,
					   "cannot create a temporary file: %s", strerror(errno));
	close(fd);
	return 0;
}

/* Remove the temporary files of fetches that died (killed, crashed): ours
 * (same owner, regular files) whose process is gone. Best effort. */
static void remove_stale_temp_files(void)
{
	const char *dir = temp_dir();
	DIR *d = opendir(dir);
	struct dirent *e;
	time_t now = time(NULL);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *p = e->d_name;
		char path[4096];
		struct stat st;
		long pid = 0;
		int digits = 0, stale;

		if (strncmp(p, TEMP_PREFIX, sizeof(TEMP_PREFIX) - 1) != 0)
			continue;
		p += sizeof(TEMP_PREFIX) - 1;
		while (*p >= '0' && *p <= '9' && digits < 10) {
			pid = pid * 10 + (*p++ - '0');
			digits++;
		}
		if (infracost__snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
			    (int)sizeof(path) ||
		    lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (*p == '-' && digits > 0)
			stale = pid != (long)getpid() && kill((pid_t)pid, 0) != 0 &&
				errno == ESRCH && now - st.st_mtime >= STALE_DEAD_S;
		else
			stale = strlen(e->d_name) >= sizeof(TEMP_PREFIX) - 1 + 6 &&
				now - st.st_mtime >= STALE_UNNAMED_S;
		if (stale)
			unlink(path);
	}
	closedir(d);
}

/* ---- AWS -------------------------------------------------------------- */

struct aws_plan {
	const char *const *services;
	size_t nservices;
	const char *const *regions;
	size_t nregions;
	const char *base;
	int csv;
	char **urls; /* per service: the region index URL (or NULL) */
};

static int aws_offer(void *ctx, const char *code, const char *region_index_url)
{
	struct aws_plan *p = ctx;
	for (size_t i = 0; i < p->nservices; i++)
		if (strcmp(p->services[i], code) == 0 && !p->urls[i]) {
			p->urls[i] = infracost__strdup(region_index_url);
			if (!p->urls[i])
				return infracost__error_oom();
		}
	return 0;
}

struct aws_region_pick {
	struct aws_plan *plan;
	char **urls; /* per region */
};

static int aws_region(void *ctx, const char *region, const char *version_url)
{
	struct aws_region_pick *r = ctx;
	for (size_t i = 0; i < r->plan->nregions; i++)
		if (strcmp(r->plan->regions[i], region) == 0 && !r->urls[i]) {
			r->urls[i] = infracost__strdup(version_url);
			if (!r->urls[i])
				return infracost__error_oom();
		}
	return 0;
}

/* Download one offer file (conditionally) and import it. */
static int aws_source(infracost_store *store, const struct aws_plan *p, const char *service,
		      const char *region, const char *url, const infracost_fetch_options *opt,
		      infracost_fetch_report *report)
{
	infracost_http_options h;
	infracost_http_result res;
	infracost_source_info info;
	struct import_ctx ic = {0};
	infracost_feed_sink sink = {0};
	infracost_feed_filter filter = {&region, 1};
	char etag[256] = "", lm[64] = "", path[512], label[256];
	FILE *in = NULL;
	int rc;

	infracost__snprintf(label, sizeof(label), "aws %s %s", service, region);
	http_options(&h, opt, label);
	if ((rc = infracost__store_validators(store, "aws", service, region, etag, lm)) ||
	    (rc = temp_path(path, sizeof(path))))
		return rc;
	memset(&res, 0, sizeof(res));
	rc = infracost__http_get_file(url, &h, *etag ? etag : NULL, *lm ? lm : NULL, path, &res);
	if (rc)
		goto done;
	if (res.not_modified) {
		rc = infracost__store_checked(store, "aws", service, region);
		if (!rc && report)
			report->sources_unchanged++;
		goto done;
	}
	memset(&info, 0, sizeof(info));
	info.provider = "aws";
	info.service = service;
	info.region = region;
	info.format = p->csv ? "aws-csv" : "aws-json";
	info.url = url;
	info.etag = res.etag;
	info.last_modified = res.last_modified;
	if (!(in = fopen(path, "rb"))) {
		rc = infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL, "cannot open: %s",
					 strerror(errno));
		goto done;
	}
	if ((rc = infracost__store_import_begin(&ic.imp, store, &info)))
		goto done;
	ic.what = url;
	infracost__snprintf(ic.name, sizeof(ic.name), "aws/%s/%s", service, region);
	sink_init(&sink, &ic);
	rc = p->csv ? infracost__aws_offer_csv(in, url, &filter, &sink)
		    : infracost__aws_offer_json(in, url, &filter, &sink);
	rc = finish_import(&ic, rc, report);
done:
	if (in)
		fclose(in);
	unlink(path);
	return rc;
}

static int aws_spot_advisor(infracost_store *store, const infracost_fetch_options *opt,
			    infracost_fetch_report *report)
{
	infracost_http_options h;
	infracost_http_result res;
	infracost_source_info info;
	struct import_ctx ic = {0};
	infracost_feed_sink sink = {0};
	char *url, *body = NULL;
	size_t len = 0;
	int rc;

	url = opt && opt->endpoint ? join_url(opt->endpoint, "/spot-advisor-data.json")
				   : infracost__strdup(AWS_SPOT_ADVISOR_URL);
	if (!url)
		return infracost__error_oom();
	http_options(&h, opt, "aws spot advisor");
	memset(&res, 0, sizeof(res));
	if ((rc = infracost__http_get_buffer(url, &h, &body, &len, &res)))
		goto done;
	memset(&info, 0, sizeof(info));
	info.provider = "aws";
	info.service = "SpotAdvisor";
	info.region = "";
	info.format = "aws-spot-advisor";
	info.url = url;
	info.etag = res.etag;
	info.last_modified = res.last_modified;
	if ((rc = infracost__store_import_begin(&ic.imp, store, &info)))
		goto done;
	ic.what = url;
	infracost__snprintf(ic.name, sizeof(ic.name), "aws/SpotAdvisor");
	sink_init(&sink, &ic);
	rc = infracost__aws_spot_advisor(body, len, url, &sink);
	rc = finish_import(&ic, rc, report);
done:
	infracost__free(body);
	infracost__free(url);
	return rc;
}

static int fetch_aws(infracost_store *store, const infracost_fetch_options *opt,
		     infracost_fetch_report *report)
{
	struct aws_plan p;
	infracost_http_options h;
	infracost_http_result res;
	char *index = NULL, *url = NULL;
	size_t len = 0;
	int rc, spot = 0;

	memset(&p, 0, sizeof(p));
	list_or_default(&p.services, &p.nservices, opt ? opt->services : NULL,
			opt ? opt->service_count : 0, aws_default_services,
			sizeof(aws_default_services) / sizeof(aws_default_services[0]));
	list_or_default(&p.regions, &p.nregions, opt ? opt->regions : NULL,
			opt ? opt->region_count : 0, aws_default_regions, 1);
	p.base = opt && opt->endpoint ? opt->endpoint : AWS_DEFAULT_ENDPOINT;
	if (opt && opt->format && strcmp(opt->format, "csv") == 0)
		p.csv = 1;
	else if (opt && opt->format && strcmp(opt->format, "json") != 0)
		return infracost__error(INFRACOST_EINVALID, "unknown AWS format '%s' (json or csv)",
					opt->format);
	p.urls = infracost__calloc(p.nservices, sizeof(*p.urls));
	if (!p.urls)
		return infracost__error_oom();
	http_options(&h, opt, "aws offer index");
	h.progress = 0;
	if (!(url = join_url(p.base, "/offers/v1.0/aws/index.json"))) {
		rc = infracost__error_oom();
		goto done;
	}
	memset(&res, 0, sizeof(res));
	if ((rc = infracost__http_get_buffer(url, &h, &index, &len, &res)) ||
	    (rc = infracost__aws_offer_index(index, len, url, aws_offer, &p)))
		goto done;
	for (size_t s = 0; s < p.nservices; s++) {
		if (strcmp(p.services[s], "SpotAdvisor") == 0) {
			spot = 1;
			continue;
		}
		if (!p.urls[s]) {
			rc = infracost__error(INFRACOST_ENOTFOUND,
					      "%s: no offer '%s' in the AWS offer index", url,
					      p.services[s]);
			goto done;
		}
	}
	for (size_t s = 0; s < p.nservices && !rc; s++) {
		struct aws_region_pick pick = {&p, NULL};
		char *ri_url, *ri = NULL;
		size_t ri_len = 0;
		if (!p.urls[s])
			continue;
		pick.urls = infracost__calloc(p.nregions, sizeof(*pick.urls));
		ri_url = join_url(p.base, p.urls[s]);
		if (!pick.urls || !ri_url) {
			infracost__free(pick.urls);
			infracost__free(ri_url);
			rc = infracost__error_oom();
			break;
		}
		memset(&res, 0, sizeof(res));
		if (!(rc = infracost__http_get_buffer(ri_url, &h, &ri, &ri_len, &res)) &&
		    !(rc = infracost__aws_region_index(ri, ri_len, ri_url, aws_region, &pick))) {
			for (size_t r = 0; r < p.nregions && !rc; r++) {
				char *offer_url;
				size_t n;
				if (!pick.urls[r]) {
					rc = infracost__error(INFRACOST_ENOTFOUND,
							      "%s: no region '%s' for %s", ri_url,
							      p.regions[r], p.services[s]);
					break;
				}
				n = strlen(pick.urls[r]);
				if (p.csv && n > 5 && strcmp(pick.urls[r] + n - 5, ".json") == 0)
					strcpy(pick.urls[r] + n - 5, ".csv");
				if (!(offer_url = join_url(p.base, pick.urls[r]))) {
					rc = infracost__error_oom();
					break;
				}
				rc = aws_source(store, &p, p.services[s], p.regions[r], offer_url,
						opt, report);
				infracost__free(offer_url);
			}
		}
		for (size_t r = 0; r < p.nregions; r++)
			infracost__free(pick.urls[r]);
		infracost__free(pick.urls);
		infracost__free(ri);
		infracost__free(ri_url);
	}
	if (!rc && spot)
		rc = aws_spot_advisor(store, opt, report);
done:
	for (size_t s = 0; s < p.nservices; s++)
		infracost__free(p.urls[s]);
	infracost__free(p.urls);
	infracost__free(index);
	infracost__free(url);
	return rc;
}

/* ---- Azure ------------------------------------------------------------ */

/* Percent-encode a query value. */
static void put_query_value(infracost_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			infracost__buf_putc(b, (char)c);
		} else {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			infracost__buf_put(b, esc, 3);
		}
	}
}

static int azure_source(infracost_store *store, const char *base, const char *service,
			const char *region, const infracost_fetch_options *opt,
			infracost_fetch_report *report)
{
	infracost_http_options h;
	infracost_http_result res;
	infracost_source_info info;
	struct import_ctx ic = {0};
	infracost_feed_sink sink = {0};
	infracost_feed_filter filter = {&region, 1};
	infracost_buf q = INFRACOST_BUF_INIT;
	char *url = NULL, *filter_text = NULL, label[256];
	int rc, pages = 0;

	/* $filter=serviceName eq 'S' and armRegionName eq 'R' (values are case-sensitive) */
	infracost__buf_puts(&q, base);
	infracost__buf_puts(&q, strchr(base, '?') ? "&" : "?");
	infracost__buf_puts(&q, "api-version=2023-01-01-preview&currencyCode=USD&$filter=");
	{
		infracost_buf f = INFRACOST_BUF_INIT;
		infracost__buf_printf(&f, "serviceName eq '%s' and armRegionName eq '%s'", service,
				      region);
		if (infracost__buf_detach(&f, &filter_text, NULL))
			return infracost__error_oom();
	}
	put_query_value(&q, filter_text);
	infracost__free(filter_text);
	if ((rc = infracost__buf_detach(&q, &url, NULL)))
		return rc;
	infracost__snprintf(label, sizeof(label), "azure %s %s", service, region);
	http_options(&h, opt, label);
	memset(&info, 0, sizeof(info));
	info.provider = "azure";
	info.service = service;
	info.region = region;
	info.format = "azure";
	info.url = url;
	if ((rc = infracost__store_import_begin(&ic.imp, store, &info))) {
		infracost__free(url);
		return rc;
	}
	ic.what = base;
	infracost__snprintf(ic.name, sizeof(ic.name), "azure/%s/%s", service, region);
	sink_init(&sink, &ic);
	while (url && !rc) {
		char *body = NULL, *next = NULL;
		size_t len = 0;
		memset(&res, 0, sizeof(res));
		if (!(rc = infracost__http_get_buffer(url, &h, &body, &len, &res)))
			rc = infracost__azure_page(body, len, url, &filter, &sink, &next);
		infracost__free(body);
		infracost__free(url);
		url = next && *next ? next : NULL;
		if (next && !*next)
			infracost__free(next);
		if (++pages > 100000 && !rc)
			rc = infracost__error(INFRACOST_ENET, "azure: more than 100000 pages");
	}
	infracost__free(url);
	return finish_import(&ic, rc, report);
}

static int fetch_azure(infracost_store *store, const infracost_fetch_options *opt,
		       infracost_fetch_report *report)
{
	const char *const *services, *const *regions;
	size_t ns, nr;
	const char *base = opt && opt->endpoint ? opt->endpoint : AZURE_DEFAULT_ENDPOINT;
	int rc = 0;

	list_or_default(&services, &ns, opt ? opt->services : NULL, opt ? opt->service_count : 0,
			azure_default_services, 1);
	list_or_default(&regions, &nr, opt ? opt->regions : NULL, opt ? opt->region_count : 0,
			azure_default_regions, 1);
	for (size_t s = 0; s < ns && !rc; s++)
		for (size_t r = 0; r < nr && !rc; r++)
			rc = azure_source(store, base, services[s], regions[r], opt, report);
	return rc;
}

/* ---- GCP ---------------------------------------------------------------- */

/* A services.list page: the id of the service whose displayName is `name`. */
static int gcp_services_page(const char *body, size_t len, const char *source, const char *name,
			     char *id, size_t id_len, int *found, char **next_token)
{
	jsondoc doc;
	const jsonval *services, *token;
	int rc;

	*next_token = NULL;
	if ((rc = infracost__jsondoc_parse(&doc, body, len, source)))
		return rc;
	services = infracost__jv_get(doc.root, "services");
	if (services && infracost__jv_is(services, JV_ARRAY)) {
		for (size_t i = 0; i < infracost__jv_len(services) && !*found; i++) {
			const jsonval *s = infracost__jv_item(services, i);
			const jsonval *dn = infracost__jv_get(s, "displayName");
			const jsonval *sid = infracost__jv_get(s, "serviceId");
			if (dn && infracost__jv_is(dn, JV_STRING) && sid &&
			    infracost__jv_is(sid, JV_STRING) &&
			    strcmp(infracost__jv_str(dn), name) == 0 &&
			    infracost__jv_len(sid) < id_len) {
				memcpy(id, infracost__jv_str(sid),
				       (size_t)infracost__jv_len(sid) + 1);
				*found = 1;
			}
		}
	} else {
		rc = infracost__error_at(INFRACOST_EPARSE, source, 0, 0, "services",
					 "not a services.list response (no services array)");
	}
	token = infracost__jv_get(doc.root, "nextPageToken");
	if (!rc && token && infracost__jv_is(token, JV_STRING) && infracost__jv_len(token) > 0 &&
	    !(*next_token = infracost__strdup(infracost__jv_str(token))))
		rc = infracost__error_oom();
	infracost__jsondoc_free(&doc);
	return rc;
}

static int gcp_service_id(const char *base, const infracost_http_options *h, const char *name,
			  char *id, size_t id_len)
{
	char *token = NULL;
	int rc = 0, found = 0;

	do {
		infracost_buf u = INFRACOST_BUF_INIT;
		infracost_http_result res;
		char *url = NULL, *body = NULL;
		size_t len = 0;
		infracost__buf_printf(&u, "%s/services?pageSize=5000", base);
		if (token) {
			infracost__buf_puts(&u, "&pageToken=");
			put_query_value(&u, token);
		}
		infracost__free(token);
		token = NULL;
		if ((rc = infracost__buf_detach(&u, &url, NULL)))
			break;
		memset(&res, 0, sizeof(res));
		rc = infracost__http_get_buffer(url, h, &body, &len, &res);
		if (!rc)
			rc = gcp_services_page(body, len, url, name, id, id_len, &found, &token);
		infracost__free(body);
		infracost__free(url);
	} while (!rc && !found && token);
	infracost__free(token);
	if (!rc && !found)
		rc = infracost__error(INFRACOST_ENOTFOUND,
				      "%s: no service named '%s' in the GCP catalog", base, name);
	return rc;
}

static int fetch_gcp(infracost_store *store, const infracost_fetch_options *opt,
		     infracost_fetch_report *report)
{
	const char *const *services, *const *regions;
	size_t ns, nr;
	const char *base = opt && opt->endpoint ? opt->endpoint : GCP_DEFAULT_ENDPOINT;
	const char *key = getenv(GCP_KEY_ENV);
	char header[512];
	const char *headers[2] = {header, NULL};
	int rc = 0;

	if (!key || !*key)
		return infracost__error(INFRACOST_EINVALID,
					"the GCP Cloud Billing Catalog needs an API key: set %s",
					GCP_KEY_ENV);
	if (strlen(key) > 400)
		return infracost__error(INFRACOST_EINVALID, "%s is too long", GCP_KEY_ENV);
	infracost__snprintf(header, sizeof(header), "X-Goog-Api-Key: %s", key);
	list_or_default(&services, &ns, opt ? opt->services : NULL, opt ? opt->service_count : 0,
			gcp_default_services, 1);
	list_or_default(&regions, &nr, opt ? opt->regions : NULL, opt ? opt->region_count : 0,
			gcp_default_regions, 1);
	for (size_t s = 0; s < ns && !rc; s++) {
		infracost_http_options h;
		infracost_source_info info;
		struct import_ctx ic = {0};
		infracost_feed_sink sink = {0};
		infracost_feed_filter filter = {regions, nr};
		infracost_gcp_state *st = NULL;
		char id[128], *token = NULL, label[256];
		int pages = 0;

		infracost__snprintf(label, sizeof(label), "gcp %s", services[s]);
		http_options(&h, opt, label);
		h.headers = headers;
		if ((rc = gcp_service_id(base, &h, services[s], id, sizeof(id))))
			break;
		memset(&info, 0, sizeof(info));
		info.provider = "gcp";
		info.service = services[s];
		info.region = nr == 1 ? regions[0] : "";
		info.format = "gcp";
		info.url = base;
		if ((rc = infracost__gcp_new(&st)))
			break;
		if ((rc = infracost__store_import_begin(&ic.imp, store, &info))) {
			infracost__gcp_free(st);
			break;
		}
		ic.what = base;
		infracost__snprintf(ic.name, sizeof(ic.name), "gcp/%s/%s", services[s],
				    info.region);
		sink_init(&sink, &ic);
		do {
			infracost_buf u = INFRACOST_BUF_INIT;
			infracost_http_result res;
			char *url = NULL, *body = NULL;
			size_t len = 0;
			infracost__buf_printf(
				&u, "%s/services/%s/skus?currencyCode=USD&pageSize=5000", base, id);
			if (token) {
				infracost__buf_puts(&u, "&pageToken=");
				put_query_value(&u, token);
			}
			infracost__free(token);
			token = NULL;
			if ((rc = infracost__buf_detach(&u, &url, NULL)))
				break;
			memset(&res, 0, sizeof(res));
			if (!(rc = infracost__http_get_buffer(url, &h, &body, &len, &res)))
				rc = infracost__gcp_skus_page(st, body, len, url, &filter, &sink,
							      &token);
			infracost__free(body);
			infracost__free(url);
			if (++pages > 100000 && !rc)
				rc = infracost__error(INFRACOST_ENET,
						      "gcp: more than 100000 pages");
		} while (!rc && token && *token);
		infracost__free(token);
		if (!rc)
			rc = infracost__gcp_finish(st, &sink);
		infracost__gcp_free(st);
		rc = finish_import(&ic, rc, report);
	}
	return rc;
}

/* ---- public ----------------------------------------------------------- */

void infracost_fetch_cancel(int cancel)
{
	infracost__http_cancel(cancel);
}

static int fetch_provider(infracost_store *store, const char *provider,
			  const infracost_fetch_options *opt, infracost_fetch_report *report)
{
	if (strcmp(provider, "aws") == 0)
		return fetch_aws(store, opt, report);
	if (strcmp(provider, "azure") == 0)
		return fetch_azure(store, opt, report);
	return fetch_gcp(store, opt, report);
}

/* Where each version of infracost_fetch_options ends (options.h). */
static const size_t fetch_options_ends[INFRACOST_FETCH_OPTIONS_VERSION + 1] = {
	0, INFRACOST__OPTIONS_END(infracost_fetch_options, backoff_ms)};

/* The caller's options, read by the size of their version, into *o. */
static int fetch_options_copy(infracost_fetch_options *o, const infracost_fetch_options *opt,
			      const char *fn)
{
	infracost_fetch_options defaults = INFRACOST_FETCH_OPTIONS_INIT;
	*o = defaults;
	return infracost__options_copy(o, opt, fetch_options_ends, INFRACOST_FETCH_OPTIONS_VERSION,
				       fn, "INFRACOST_FETCH_OPTIONS_INIT");
}

int infracost_fetch(infracost_store *store, const char *provider,
		    const infracost_fetch_options *options, infracost_fetch_report *report)
{
	infracost_fetch_options o;
	const infracost_fetch_options *opt = &o;
	int rc;
	if (!store || !provider)
		return infracost__error(INFRACOST_EINVALID, "infracost_fetch: NULL argument");
	if (report)
		memset(report, 0, sizeof(*report));
	if ((rc = fetch_options_copy(&o, options, "infracost_fetch")))
		return rc;
	if (infracost__http_cancelled())
		return infracost__error(INFRACOST_ERROR, "fetch %s: interrupted", provider);
	if (strcmp(provider, "aws") != 0 && strcmp(provider, "azure") != 0 &&
	    strcmp(provider, "gcp") != 0)
		return infracost__error(INFRACOST_EINVALID,
					"unknown provider '%s' (aws, azure or gcp)", provider);
	remove_stale_temp_files();
	if (opt && opt->endpoint) {
		/* "https://user:secret@mirror/": the credentials go to curl apart. */
		infracost_fetch_options copy = *opt;
		char *endpoint = NULL, *userinfo = NULL;
		if ((rc = infracost__url_split_userinfo(opt->endpoint, &endpoint, &userinfo)))
			return rc;
		copy.endpoint = endpoint;
		endpoint_userinfo = userinfo;
		rc = fetch_provider(store, provider, &copy, report);
		endpoint_userinfo = NULL;
		infracost__free(endpoint);
		infracost__free(userinfo);
		return rc;
	}
	return fetch_provider(store, provider, opt, report);
}

/* ---- import of a downloaded file ------------------------------------------ */

/* The source a file belongs to, from what its rows say: the service and
 * region when every row agrees, else "" (a file of several). */
struct identity {
	struct import_ctx ic;
	char service[128], region[64];
	int mixed_region;
	int seen;
	infracost_progress bar; /* reading the file */
	double size;
};

static void id_read(void *ctx, unsigned long long bytes)
{
	struct identity *id = ctx;
	infracost__progress_update(&id->bar, (double)bytes, id->size);
}

static int id_row(void *ctx, const infracost_price *row)
{
	struct identity *id = ctx;
	if (!id->seen) {
		infracost__snprintf(id->region, sizeof(id->region), "%s", row->region);
		id->seen = 1;
	} else if (strcmp(id->region, row->region) != 0) {
		id->mixed_region = 1;
	}
	return sink_row(&id->ic, row);
}

static int id_meta(void *ctx, const char *key, const char *value)
{
	struct identity *id = ctx;
	if (strcmp(key, "offer_code") == 0)
		infracost__snprintf(id->service, sizeof(id->service), "%s", value);
	return sink_meta(&id->ic, key, value);
}

static int id_spot(void *ctx, const char *region, const char *os, const char *type, int bucket,
		   int savings)
{
	struct identity *id = ctx;
	return sink_spot(&id->ic, region, os, type, bucket, savings);
}

int infracost_import_file(infracost_store *store, const char *path, const char *format,
			  const infracost_fetch_options *options, infracost_fetch_report *report)
{
	infracost_fetch_options o;
	const infracost_fetch_options *opt = &o;
	static const char *const formats[] = {"aws-json", "aws-csv", "azure", "gcp",
					      "aws-spot-advisor"};
	struct identity id;
	infracost_source_info info;
	infracost_feed_sink sink = {0};
	infracost_feed_filter filter;
	infracost_file_view view = {0};
	FILE *in = NULL;
	int rc, kind = -1;

	if (!store || !path || !format)
		return infracost__error(INFRACOST_EINVALID, "infracost_import_file: NULL argument");
	if ((rc = fetch_options_copy(&o, options, "infracost_import_file")))
		return rc;
	filter.regions = o.regions;
	filter.nregions = o.region_count;
	if (report)
		memset(report, 0, sizeof(*report));
	if (infracost__http_cancelled())
		return infracost__error(INFRACOST_ERROR, "%s: interrupted", path);
	for (int i = 0; i < 5; i++)
		if (strcmp(format, formats[i]) == 0)
			kind = i;
	if (kind < 0)
		return infracost__error(
			INFRACOST_EINVALID,
			"unknown import format '%s' (aws-json, aws-csv, azure, gcp, "
			"aws-spot-advisor)",
			format);
	memset(&id, 0, sizeof(id));
	memset(&info, 0, sizeof(info));
	info.provider = kind <= 1 || kind == 4 ? "aws" : formats[kind];
	/* Known up front except for AWS offers, which say it in the file (set
	 * before the commit; an import that fails leaves nothing behind). */
	info.service = kind == 4   ? "SpotAdvisor"
		       : kind == 2 ? "Virtual Machines"
		       : kind == 3 ? "Compute Engine"
				   : "(importing)";
	info.region = "";
	info.format = format;
	info.url = path;
	if (kind <= 1) {
		struct stat st;
		if (!(in = fopen(path, "rb")))
			return infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL,
						   "cannot open: %s", strerror(errno));
		if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
			id.size = (double)st.st_size;
	} else if ((rc = infracost__file_open_max(&view, path, (size_t)INFRACOST_PAGE_MAX,
						  "a page or file imported whole"))) {
		return rc;
	} else {
		id.size = (double)view.len;
	}
	/* A progress line for the file (an AWS offer file takes seconds). */
	infracost__progress_init(&id.bar, opt ? opt->progress : -1,
				 strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	if ((rc = infracost__store_import_begin(&id.ic.imp, store, &info)))
		goto done;
	id.ic.what = path;
	infracost__snprintf(id.ic.name, sizeof(id.ic.name), "%s", format);
	sink.row = id_row;
	sink.meta = id_meta;
	sink.spot_advice = id_spot;
	sink.ctx = &id;
	sink.read = id_read;
	switch (kind) {
	case 0: rc = infracost__aws_offer_json(in, path, &filter, &sink); break;
	case 1: rc = infracost__aws_offer_csv(in, path, &filter, &sink); break;
	case 2: {
		char *next = NULL;
		rc = infracost__azure_page(view.data, view.len, path, &filter, &sink, &next);
		infracost__free(next);
		break;
	}
	case 3: {
		infracost_gcp_state *st = NULL;
		char *next = NULL;
		if (!(rc = infracost__gcp_new(&st)) &&
		    !(rc = infracost__gcp_skus_page(st, view.data, view.len, path, &filter, &sink,
						    &next)))
			rc = infracost__gcp_finish(st, &sink);
		infracost__free(next);
		infracost__gcp_free(st);
		break;
	}
	default: rc = infracost__aws_spot_advisor(view.data, view.len, path, &sink); break;
	}
	/* Name the source after what the file held. */
	if (!rc && kind <= 3) {
		const char *service = *id.service ? id.service
				      : kind == 2 ? "Virtual Machines"
				      : kind == 3 ? "Compute Engine"
						  : "unknown";
		if (!(rc = infracost__store_import_set(id.ic.imp, "service", service)))
			rc = infracost__store_import_set(id.ic.imp, "region",
							 id.mixed_region ? "" : id.region);
	}
	rc = finish_import(&id.ic, rc, report);
done:
	if (rc)
		infracost__progress_end(&id.bar, "failed");
	else
		infracost__progress_done(&id.bar, id.size);
	if (in)
		fclose(in);
	infracost__file_close(&view);
	return rc;
}
