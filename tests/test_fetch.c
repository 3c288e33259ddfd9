/* test_fetch.c - feeds end to end: a real HTTP server on 127.0.0.1 serving
 * real-format files, fetched into a real SQLite store, then priced; and
 * every fault of the feeds, each leaving the store as it was. */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "support_httpd.h"

#define FEEDS TEST_DATA_DIR "/feeds"
#define EC2_REL "offers/v1.0/aws/AmazonEC2/20190916220712/us-east-1/index"
#define EC2_VERSION_PATH "/" EC2_REL

static struct httpd server;
static char root[256]; /* the mirror the server serves */
static char base[128]; /* http://127.0.0.1:PORT */

static void put_file(const char *rel, const char *text, size_t len)
{
	char path[512], dir[512], *slash;
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static void copy_fixture(const char *from, const char *rel)
{
	size_t len;
	char *data = slurp(from, &len);
	put_file(rel, data, len);
	free(data);
}

/* Replace every `from` in a file of the mirror with `to`. */
static void edit_file(const char *rel, const char *from, const char *to)
{
	char path[512];
	size_t len;
	char *data, *hit;
	infracost_buf out = INFRACOST_BUF_INIT;
	const char *p;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	data = slurp(path, &len);
	for (p = data; (hit = strstr(p, from)); p = hit + strlen(from)) {
		infracost__buf_put(&out, p, (size_t)(hit - p));
		infracost__buf_puts(&out, to);
	}
	infracost__buf_puts(&out, p);
	put_file(rel, out.data, out.len);
	infracost__buf_free(&out);
	free(data);
}

/* The AWS chain: offer index -> region index -> the EC2 us-east-1 offer,
 * whose version URL points wherever `version_url` says (a fault path). */
static void aws_chain(const char *version_url)
{
	char text[512];
	copy_fixture(FEEDS "/aws/offer-index.json", "offers/v1.0/aws/index.json");
	snprintf(text, sizeof(text),
		 "{ \"formatVersion\": \"v1.0\", \"publicationDate\": \"2019-09-16T22:07:12Z\",\n"
		 "  \"regions\": { \"us-east-1\": { \"regionCode\": \"us-east-1\",\n"
		 "    \"currentVersionUrl\": \"%s\" } } }\n",
		 version_url);
	put_file("offers/v1.0/aws/AmazonEC2/current/region_index.json", text, strlen(text));
}

static int setup(void **state)
{
	char dir[] = "/tmp/infracost-fetch-XXXXXX";
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(root, sizeof(root), "%s", dir);
	copy_fixture(FEEDS "/aws/ec2-m5.large-offer.json", EC2_REL ".json");
	copy_fixture(FEEDS "/aws/ec2-m5.large-offer.csv", EC2_REL ".csv");
	aws_chain(EC2_VERSION_PATH ".json");
	assert_int_equal(httpd_start(&server, root), 0);
	httpd_url(&server, "", base, sizeof(base));
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];
	(void)state;
	httpd_stop(&server);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static infracost_store *fresh_store(char *path, size_t len)
{
	static int n;
	infracost_store *st = NULL;
	snprintf(path, len, "%s/store-%d.db", root, ++n);
	assert_int_equal(infracost_store_open(&st, path), 0);
	return st;
}

static infracost_fetch_options aws_options(const char *format)
{
	static const char *services[] = {"AmazonEC2"};
	static const char *regions[] = {"us-east-1"};
	infracost_fetch_options o = INFRACOST_FETCH_OPTIONS_INIT;
	o.endpoint = base;
	o.services = services;
	o.service_count = 1;
	o.regions = regions;
	o.region_count = 1;
	o.format = format;
	o.progress = 0;
	o.backoff_ms = 10;
	o.max_retries = 2;
	o.timeout_s = 1;
	return o;
}

struct rows {
	int n;
	double m5_on_demand, m5_partial_upfront;
};

static int count_row(void *ctx, const infracost_price *p)
{
	struct rows *r = ctx;
	r->n++;
	if (strcmp(p->sku, "m5.large") == 0 && strcmp(p->purchase, "on_demand") == 0)
		r->m5_on_demand = p->price;
	if (strcmp(p->sku, "m5.large") == 0 &&
	    strcmp(p->purchase, "reserved_1yr_partial_upfront") == 0)
		r->m5_partial_upfront = p->upfront;
	return 0;
}

static struct rows list_rows(infracost_store *st)
{
	struct rows r = {0, 0, 0};
	assert_int_equal(infracost_store_list(st, NULL, count_row, &r), 0);
	return r;
}

static void test_aws_chain_json_and_csv(void **state)
{
	char path[512];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	infracost_fetch_report rep;
	infracost_source *src = NULL;
	size_t n = 0;
	struct rows r;
	(void)state;

	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	assert_int_equal(rep.sources_updated, 1);
	assert_int_equal(rep.rows, 7); /* on demand + six standard reserved terms */
	r = list_rows(st);
	assert_int_equal(r.n, 7);
	assert_money(r.m5_on_demand, 0.096);
	assert_money(r.m5_partial_upfront, 252);
	assert_int_equal(infracost_store_sources(&src, &n, st), 0);
	assert_int_equal(n, 1);
	assert_string_equal(src[0].provider, "aws");
	assert_string_equal(src[0].service, "AmazonEC2");
	assert_string_equal(src[0].region, "us-east-1");
	assert_string_equal(src[0].format, "aws-json");
	assert_string_equal(src[0].version, "20210205204500");
	assert_non_null(strstr(src[0].url, EC2_VERSION_PATH ".json"));
	infracost_sources_free(src, n);

	/* The CSV variant of the same offer gives the same rows. */
	o = aws_options("csv");
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	r = list_rows(st);
	assert_int_equal(r.n, 7);
	assert_money(r.m5_on_demand, 0.096);
	assert_int_equal(infracost_store_sources(&src, &n, st), 0);
	assert_int_equal(n, 2);
	assert_string_equal(src[0].format, "aws-csv");
	assert_int_equal(src[0].current, 1);
	assert_int_equal(src[1].current, 0);
	infracost_sources_free(src, n);
	infracost_store_close(st);
}

/* estimate --store: the fetched prices replace the snapshot's. */
static void test_estimate_uses_the_store(void **state)
{
	char path[512], cmd[1024], *out, *err;
	infracost_store *st;
	infracost_fetch_options o = aws_options("json");
	const char *spec = temp_file("vm.json",
				     "{ \"provider\": \"aws\", \"region\": \"us-east-1\","
				     " \"services\": [ { \"name\": \"app\", \"type\": \"vm\","
				     " \"instance_type\": \"m5.large\" } ] }");
	(void)state;
	/* a price only this feed has: 0.5 instead of 0.096 */
	edit_file(EC2_REL ".json", "\"0.0960000000\"", "\"0.5000000000\"");
	st = fresh_store(path, sizeof(path));
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), 0);
	infracost_store_close(st);
	edit_file(EC2_REL ".json", "\"0.5000000000\"", "\"0.0960000000\"");
	snprintf(cmd, sizeof(cmd), "'%s' estimate %s --store %s --format csv", CLI_PATH, spec,
		 path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "default,app,vm,compute,on_demand,aws,ec2,us-east-1,m5.large,"
				    "hour,730.0,0.5,365.0,"));
	assert_string_equal(err, ""); /* fresh data: no warning */
	free(out);
	free(err);

	/* prices fetched long ago: the estimate says so on stderr */
	{
		sqlite3 *db;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(
			sqlite3_exec(db,
				     "UPDATE sources SET fetched_at = '2020-01-01T00:00:00Z', "
				     "checked_at = '2020-01-01T00:00:00Z'",
				     NULL, NULL, NULL),
			SQLITE_OK);
		sqlite3_close(db);
	}
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(strstr(err, "warning:"));
	assert_non_null(strstr(err, "prices of aws/AmazonEC2/us-east-1 are"));
	assert_non_null(strstr(err, "days old (fetched 2020-01-01T00:00:00Z)"));
	free(out);
	free(err);
}

/* A fetch that fails leaves the store exactly as it was. */
static void expect_failure_leaves_store(const char *version_url, int code, const char *message)
{
	char path[512];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	const infracost_error *e;
	struct rows before, after;
	infracost_source *src = NULL;
	size_t n = 0;
	int rc;

	aws_chain(EC2_VERSION_PATH ".json");
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), 0);
	before = list_rows(st);
	aws_chain(version_url);
	rc = infracost_fetch(st, "aws", &o, NULL);
	if (rc != code) {
		print_error("fetch of %s: returned %d (%s), expected %d\n", version_url, rc,
			    rc ? infracost_error_last()->message : "success", code);
		fail();
	}
	e = infracost_error_last();
	if (!strstr(e->message, message)) {
		print_error("fetch of %s: got '%s', expected it to contain '%s'\n", version_url,
			    e->message, message);
		fail();
	}
	assert_null(strchr(e->message, '\n'));
	after = list_rows(st);
	assert_int_equal(after.n, before.n);
	assert_money(after.m5_on_demand, before.m5_on_demand);
	assert_int_equal(infracost_store_sources(&src, &n, st), 0);
	assert_int_equal(n, 1); /* no second version */
	infracost_sources_free(src, n);
	infracost_store_close(st);
	aws_chain(EC2_VERSION_PATH ".json");
}

static void test_faults(void **state)
{
	char bad[256];
	(void)state;
	expect_failure_leaves_store("/fault/500/99" EC2_VERSION_PATH ".json", INFRACOST_ENET,
				    "HTTP 500");
	expect_failure_leaves_store("/fault/429/99/0" EC2_VERSION_PATH ".json", INFRACOST_ENET,
				    "HTTP 429");
	expect_failure_leaves_store("/fault/hang" EC2_VERSION_PATH ".json", INFRACOST_ENET,
				    "timed out");
	expect_failure_leaves_store("/fault/trickle/1" EC2_VERSION_PATH ".json", INFRACOST_ENET,
				    "timed out");
	expect_failure_leaves_store("/fault/short" EC2_VERSION_PATH ".json", INFRACOST_ENET,
				    "shorter than");
	expect_failure_leaves_store("/fault/404" EC2_VERSION_PATH ".json", INFRACOST_ENET,
				    "HTTP 404");
	/* malformed JSON mid-file: the first half of the offer */
	{
		size_t len;
		char *data = slurp(FEEDS "/aws/ec2-m5.large-offer.json", &len);
		put_file("broken/offer.json", data, len / 2);
		free(data);
	}
	expect_failure_leaves_store("/broken/offer.json", INFRACOST_EPARSE, "malformed JSON");
	/* a file with no price for the region asked: not an empty new version */
	copy_fixture(FEEDS "/aws/ec2-us-east-2-opencost.json", "other-region/offer.json");
	expect_failure_leaves_store("/other-region/offer.json", INFRACOST_ENOTFOUND,
				    "no price for aws/AmazonEC2/us-east-1");
	/* a refused connection: the region index points to a closed port */
	snprintf(bad, sizeof(bad), "http://127.0.0.1:%d/offer.json", closed_port());
	expect_failure_leaves_store(bad, INFRACOST_ENET, "connection refused");
}

/* Prices in another currency: the real cn-northwest-1 offer (CNY). */
static void test_other_currency(void **state)
{
	char path[512], text[512];
	static const char *regions[] = {"cn-northwest-1"};
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	struct rows r;
	(void)state;
	copy_fixture(FEEDS "/aws/ec2-cn-northwest-1-opencost.json", "cny/offer.json");
	snprintf(text, sizeof(text),
		 "{ \"regions\": { \"cn-northwest-1\": { \"regionCode\": \"cn-northwest-1\",\n"
		 "  \"currentVersionUrl\": \"/cny/offer.json\" } } }\n");
	put_file("offers/v1.0/aws/AmazonEC2/current/region_index.json", text, strlen(text));
	o.regions = regions;
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), INFRACOST_EUNSUPPORTED);
	assert_non_null(strstr(infracost_error_last()->message, "CNY"));
	r = list_rows(st);
	assert_int_equal(r.n, 0);
	infracost_store_close(st);
	aws_chain(EC2_VERSION_PATH ".json");
}

static void test_recoveries(void **state)
{
	char path[512];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	infracost_fetch_report rep;
	(void)state;
	/* 500 once, 429 once (Retry-After 0): retried, then imported */
	aws_chain("/fault/500/1" EC2_VERSION_PATH ".json");
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	assert_int_equal(rep.rows, 7);
	aws_chain("/fault/429/1/0" EC2_VERSION_PATH ".json");
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	/* gzip and a redirect */
	aws_chain("/fault/gzip" EC2_VERSION_PATH ".json");
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	assert_int_equal(rep.rows, 7);
	aws_chain("/fault/redirect" EC2_VERSION_PATH ".json");
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	assert_int_equal(rep.rows, 7);
	assert_money(list_rows(st).m5_on_demand, 0.096);
	infracost_store_close(st);
	aws_chain(EC2_VERSION_PATH ".json");
}

/* ETag: the second fetch is answered 304 and downloads nothing. */
static void test_not_modified(void **state)
{
	char path[512];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	infracost_fetch_report rep;
	infracost_source *src = NULL;
	size_t n = 0;
	(void)state;
	aws_chain("/fault/etag" EC2_VERSION_PATH ".json");
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	assert_int_equal(rep.sources_updated, 1);
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), 0);
	assert_int_equal(rep.sources_updated, 0);
	assert_int_equal(rep.sources_unchanged, 1);
	assert_int_equal(rep.rows, 0);
	assert_int_equal(infracost_store_sources(&src, &n, st), 0);
	assert_int_equal(n, 1);
	assert_true(strlen(src[0].etag) > 0);
	infracost_sources_free(src, n);
	infracost_store_close(st);
	aws_chain(EC2_VERSION_PATH ".json");
}

/* Azure: three pages linked by NextPageLink, in one import. */
static void test_azure_pages(void **state)
{
	char path[512], link[256];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = INFRACOST_FETCH_OPTIONS_INIT;
	infracost_fetch_report rep;
	infracost_price_filter f = {"azure", NULL, NULL, NULL, NULL};
	struct rows r = {0, 0, 0};
	(void)state;
	copy_fixture(FEEDS "/azure/pages/page1.json", "azure/page1.json");
	copy_fixture(FEEDS "/azure/pages/page2.json", "azure/page2.json");
	copy_fixture(FEEDS "/azure/pages/page3.json", "azure/page3.json");
	/* the pages link to the real API: point them at this server */
	snprintf(link, sizeof(link), "%s/azure/page2.json?x", base);
	edit_file("azure/page1.json", "https://prices.azure.com:443/api/retail/prices?$skip=7",
		  link);
	snprintf(link, sizeof(link), "%s/azure/page3.json?x", base);
	edit_file("azure/page2.json", "https://prices.azure.com:443/api/retail/prices?$skip=15",
		  link);
	snprintf(link, sizeof(link), "%s/azure/page1.json", base);
	o.endpoint = link;
	o.progress = 0;
	o.backoff_ms = 10;
	assert_int_equal(infracost_fetch(st, "azure", &o, &rep), 0);
	assert_int_equal(rep.sources_updated, 1);
	assert_true(rep.rows > 0);
	assert_int_equal(infracost_store_list(st, &f, count_row, &r), 0);
	assert_int_equal(r.n, rep.rows);
	infracost_store_close(st);
}

/* GCP: the service looked up by name, two SKU pages by token, the API key
 * sent in a header and never shown. */
static void test_gcp_pages(void **state)
{
	char path[512], url[256];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = INFRACOST_FETCH_OPTIONS_INIT;
	infracost_fetch_report rep;
	const char *token =
		"APKCS1HVa0YpwgyTFbqbJ1eGwzKZmsPwLqzMZPTSNia5ck1Hc54Tx_Kz3oBxwSnRIdGVxXo"
		"SPdf-XlDpyNBf4QuxKcIEgtrQ1LDLWAgZowI0ns7HjrGta2s=";
	char rel[512];
	(void)state;
	/* "services" is both a listing and a directory: the server answers a
	 * directory with its _index file */
	copy_fixture(FEEDS "/gcp/services.json", "gcp/v1/services/_index");
	copy_fixture(FEEDS "/gcp/pages/page1.json", "gcp/v1/services/6F81-5844-456A/skus");
	snprintf(rel, sizeof(rel), "gcp/v1/services/6F81-5844-456A/skus.page-%s", token);
	copy_fixture(FEEDS "/gcp/pages/page2.json", rel);
	snprintf(url, sizeof(url), "%s/gcp/v1", base);
	o.endpoint = url;
	o.progress = 0;
	o.backoff_ms = 10;
	unsetenv("INFRA_COST_GCP_API_KEY");
	assert_int_equal(infracost_fetch(st, "gcp", &o, &rep), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "INFRA_COST_GCP_API_KEY"));
	setenv("INFRA_COST_GCP_API_KEY", "SECRET-KEY-123", 1);
	assert_int_equal(infracost_fetch(st, "gcp", &o, &rep), 0);
	assert_int_equal(rep.sources_updated, 1);
	/* a failure names the URL, never the key */
	snprintf(url, sizeof(url), "%s/fault/404/gcp/v1", base);
	assert_int_equal(infracost_fetch(st, "gcp", &o, &rep), INFRACOST_ENET);
	assert_null(strstr(infracost_error_last()->message, "SECRET"));
	unsetenv("INFRA_COST_GCP_API_KEY");
	infracost_store_close(st);
}

/* An import with fd 2 sent to a file: what it wrote there. */
static char *import_stderr(infracost_store *st, const char *file, const char *format, int progress,
			   int *rc)
{
	infracost_fetch_options o = INFRACOST_FETCH_OPTIONS_INIT;
	char cap[512], *text;
	size_t len;
	int saved;
	o.progress = progress;
	snprintf(cap, sizeof(cap), "%s/stderr.txt", root);
	saved = stderr_to(cap);
	*rc = infracost_import_file(st, file, format, &o, NULL);
	stderr_restore(saved);
	text = slurp(cap, &len);
	assert_non_null(text);
	return text;
}

/* pricing import draws a progress line for the file it reads (on a
 * terminal; forced here), ending "done" or "failed". */
static void test_import_progress(void **state)
{
	char path[512], *text;
	infracost_store *st = fresh_store(path, sizeof(path));
	int rc;
	(void)state;
	text = import_stderr(st, FEEDS "/aws/ec2-m5.large-offer.csv", "aws-csv", 1, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(text[0], '\r');
	assert_non_null(strstr(text, "ec2-m5.large-offer.csv  "));
	assert_non_null(strstr(text, "/s  done"));
	assert_true(strchr(text, '\n') == text + strlen(text) - 1); /* one line */
	free(text);
	text = import_stderr(st, FEEDS "/aws/ec2-m5.large-offer.json", "aws-json", 1, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "ec2-m5.large-offer.json  "));
	assert_non_null(strstr(text, "done"));
	free(text);
	/* A failed import says so; off (and "on a terminal", a file here): silent. */
	put_file("broken.csv", "\"SKU\",\"TermType\"\n\"A\"x\n", 22);
	snprintf(path, sizeof(path), "%s/broken.csv", root);
	text = import_stderr(st, path, "aws-csv", 1, &rc);
	assert_int_equal(rc, INFRACOST_EPARSE);
	assert_non_null(strstr(text, "broken.csv  failed"));
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	text = import_stderr(st, FEEDS "/aws/ec2-m5.large-offer.csv", "aws-csv", 0, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, "");
	free(text);
	text = import_stderr(st, FEEDS "/aws/ec2-m5.large-offer.csv", "aws-csv", -1, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, "");
	free(text);
	infracost_store_close(st);
}

/* pricing import: an offer file downloaded earlier, then the CLI commands. */
static void test_import_and_cli(void **state)
{
	char path[512], cmd[1024], *out, *err;
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_report rep;
	(void)state;
	assert_int_equal(infracost_import_file(st, FEEDS "/aws/ec2-m5.large-offer.json", "aws-json",
					       NULL, &rep),
			 0);
	assert_int_equal(rep.rows, 7);
	assert_int_equal(infracost_import_file(st, FEEDS "/aws/spot-advisor.json",
					       "aws-spot-advisor", NULL, &rep),
			 0);
	assert_int_equal(
		infracost_import_file(st, FEEDS "/aws/ec2-m5.large-offer.json", "yaml", NULL, &rep),
		INFRACOST_EINVALID);
	infracost_store_close(st);

	snprintf(cmd, sizeof(cmd), "'%s' pricing sources --store %s", CLI_PATH, path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "AmazonEC2"));
	assert_non_null(strstr(out, "us-east-1"));
	assert_non_null(strstr(out, "SpotAdvisor"));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "'%s' pricing list --store %s --sku m5.large --format csv",
		 CLI_PATH, path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "aws,ec2,us-east-1,m5.large,on_demand,hour,0.096,0,0,"));
	free(out);
	free(err);
	/* a second version with one price changed, then the diff */
	{
		size_t len;
		char *data = slurp(FEEDS "/aws/ec2-m5.large-offer.json", &len), *p;
		while ((p = strstr(data, "\"0.0960000000\"")))
			memcpy(p, "\"0.1000000000\"", 14);
		put_file("changed.json", data, len);
		free(data);
	}
	snprintf(cmd, sizeof(cmd),
		 "'%s' pricing import %s/changed.json --format aws-json --store %s", CLI_PATH, root,
		 path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "'%s' pricing diff aws/AmazonEC2/us-east-1 --store %s", CLI_PATH,
		 path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(
		strstr(out, "changed  ec2/us-east-1/m5.large/on_demand/hour  0.096 -> 0.1"));
	free(out);
	free(err);
	/* the CLI fetch against the server, and its exit status on failure */
	snprintf(cmd, sizeof(cmd),
		 "'%s' pricing fetch aws --service AmazonEC2 --region us-east-1 --endpoint %s "
		 "--store %s --quiet",
		 CLI_PATH, base, path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd),
		 "'%s' pricing fetch aws --service AmazonEC2 --endpoint http://127.0.0.1:%d "
		 "--store %s --quiet",
		 CLI_PATH, closed_port(), path);
	assert_int_equal(run_command(cmd, &out, &err), 7);
	assert_non_null(strstr(err, "connection refused"));
	assert_null(strchr(err, '\n') ? strchr(strchr(err, '\n') + 1, '\n') : NULL);
	free(out);
	free(err);
	/* Without --quiet, the summary line follows the error (docs/cli.md). */
	snprintf(cmd, sizeof(cmd),
		 "'%s' pricing fetch aws --service AmazonEC2 --endpoint http://127.0.0.1:%d "
		 "--store %s",
		 CLI_PATH, closed_port(), path);
	assert_int_equal(run_command(cmd, &out, &err), 7);
	assert_non_null(strstr(err, "connection refused after 3 attempts\nfetch: 0 source(s) "
				    "updated, 0 unchanged, 0 price rows"));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "'%s' pricing diff aws/Nothing/here --store %s", CLI_PATH, path);
	assert_int_equal(run_command(cmd, &out, &err), 3);
	free(out);
	free(err);
}

/* An index or an API page is held in memory: a gzip bomb (300 MB of zeros
 * in 300 KB) stops at 256 MiB, not at the 8 GiB cap of offer files. */
static void test_memory_caps(void **state)
{
	char path[512], endpoint[256];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	infracost_fetch_report rep;
	(void)state;
	snprintf(endpoint, sizeof(endpoint), "%s/fault/gzip-bomb/300000000", base);
	o.endpoint = endpoint;
	assert_int_equal(infracost_fetch(st, "aws", &o, &rep), INFRACOST_ENET);
	assert_non_null(strstr(infracost_error_last()->message,
			       "/offers/v1.0/aws/index.json: larger than 256 MiB (the limit for an "
			       "index or an API page, which is held in memory)"));
	o.services = NULL;
	o.service_count = 0;
	o.regions = NULL;
	o.region_count = 0;
	assert_int_equal(infracost_fetch(st, "azure", &o, &rep), INFRACOST_ENET);
	assert_non_null(strstr(infracost_error_last()->message, ": larger than 256 MiB"));
	assert_int_equal(rep.sources_updated, 0);
	infracost_store_close(st);
}

/* ---- interrupted fetches and their temporary files ---------------------- */

/* A fresh directory for $TMPDIR, where fetches put their downloads. */
static const char *fresh_tmpdir(void)
{
	static char dir[300];
	static int n;
	snprintf(dir, sizeof(dir), "%s/tmpdir-%d", root, ++n);
	assert_int_equal(mkdir(dir, 0700), 0);
	return dir;
}

/* How many entries of dir start with "infra-cost-" (-1: none of them ends
 * with ".part" when part_only is set and there are some). */
static int temp_files(const char *dir, int part_only)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, "infra-cost-", 11) != 0)
			continue;
		if (!part_only || (len > 5 && strcmp(e->d_name + len - 5, ".part") == 0))
			n++;
	}
	closedir(d);
	return n;
}

/* Wait (up to 10 s) until a download's .part file is in dir. */
static void wait_for_part(const char *dir)
{
	for (int i = 0; i < 1000 && temp_files(dir, 1) == 0; i++)
		usleep(10000);
	assert_int_equal(temp_files(dir, 1), 1);
}

static void *cancel_when_downloading(void *dir)
{
	for (int i = 0; i < 1000 && temp_files(dir, 1) == 0; i++)
		usleep(10000);
	infracost_fetch_cancel(1);
	return NULL;
}

/* The library: infracost_fetch_cancel stops a slow download within a
 * second; the temporary files are gone and the store is as it was. */
static void test_cancel(void **state)
{
	char path[512];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	const char *tmp = fresh_tmpdir();
	pthread_t t;
	time_t start;
	(void)state;
	assert_int_equal(setenv("TMPDIR", tmp, 1), 0);
	/* 15 KB at 200 bytes a second: more than a minute unless stopped */
	aws_chain("/fault/trickle/200" EC2_VERSION_PATH ".json");
	o.timeout_s = 30;
	assert_int_equal(pthread_create(&t, NULL, cancel_when_downloading, (void *)tmp), 0);
	start = time(NULL);
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), INFRACOST_ERROR);
	assert_true(time(NULL) - start < 10);
	assert_non_null(strstr(infracost_error_last()->message, ": interrupted"));
	pthread_join(t, NULL);
	assert_int_equal(temp_files(tmp, 0), 0);
	assert_int_equal(list_rows(st).n, 0);
	/* While the request stays, nothing starts; cleared, fetches work again. */
	aws_chain(EC2_VERSION_PATH ".json");
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), INFRACOST_ERROR);
	assert_string_equal(infracost_error_last()->message, "fetch aws: interrupted");
	infracost_fetch_cancel(0);
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), 0);
	assert_int_equal(list_rows(st).n, 7);
	assert_int_equal(temp_files(tmp, 0), 0);
	unsetenv("TMPDIR");
	infracost_store_close(st);
}

/* The CLI: SIGTERM (or Ctrl-C) during pricing fetch removes the temporary
 * files, prints what was interrupted and dies of the signal (a shell shows
 * 143, or 130 for SIGINT). */
static void test_cli_interrupted(void **state)
{
	static const int signals[] = {SIGTERM, SIGINT};
	(void)state;
	aws_chain("/fault/trickle/200" EC2_VERSION_PATH ".json");
	for (int i = 0; i < 2; i++) {
		const char *tmp = fresh_tmpdir();
		char store[512], errpath[512], *err;
		size_t len;
		int status;
		pid_t pid;
		snprintf(store, sizeof(store), "%s/store.db", tmp);
		snprintf(errpath, sizeof(errpath), "%s/stderr.txt", tmp);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(99);
			setenv("TMPDIR", tmp, 1);
			execl(CLI_PATH, CLI_PATH, "pricing", "fetch", "aws", "--service",
			      "AmazonEC2", "--endpoint", base, "--store", store, (char *)NULL);
			_exit(98);
		}
		wait_for_part(tmp);
		assert_int_equal(kill(pid, signals[i]), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), signals[i]);
		assert_int_equal(temp_files(tmp, 0), 0);
		err = slurp(errpath, &len);
		assert_non_null(strstr(err, "infra-cost: error: "));
		assert_non_null(strstr(err, ".json: interrupted\n"));
		assert_non_null(strstr(err, "fetch: 0 source(s) updated"));
		free(err);
	}
	aws_chain(EC2_VERSION_PATH ".json");
}

/* A fetch removes what fetches of dead processes left (once a minute old),
 * and nothing else. */
static void test_stale_temp_files(void **state)
{
	char path[512], name[600];
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	const char *tmp = fresh_tmpdir();
	struct {
		const char *fmt;
		int dead, age, removed;
	} files[] = {
		{"%s/infra-cost-%ld-AbC123.part", 1, 120, 1}, /* a killed fetch's download */
		{"%s/infra-cost-%ld-AbC123", 1, 120, 1},
		{"%s/infra-cost-%ld-XyZ789.part", 1, 5, 0},   /* too recent */
		{"%s/infra-cost-%ld-QqQ111.part", 0, 120, 0}, /* a live process */
		{"%s/infra-cost-Old456.part", 0, 200000, 1},  /* the old name, days old */
		{"%s/infra-cost-New456.part", 0, 120, 0},     /* the old name, recent */
		{"%s/other-file-%ld", 1, 200000, 0},
	};
	pid_t dead = fork();
	(void)state;
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct timeval tv[2];
		FILE *f;
		snprintf(name, sizeof(name), files[i].fmt, tmp,
			 files[i].dead ? (long)dead : (long)getppid());
		f = fopen(name, "w");
		assert_non_null(f);
		fputs("partial", f);
		fclose(f);
		gettimeofday(&tv[0], NULL);
		tv[0].tv_sec -= files[i].age;
		tv[1] = tv[0];
		assert_int_equal(utimes(name, tv), 0);
	}
	assert_int_equal(setenv("TMPDIR", tmp, 1), 0);
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), 0);
	unsetenv("TMPDIR");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct stat sb;
		snprintf(name, sizeof(name), files[i].fmt, tmp,
			 files[i].dead ? (long)dead : (long)getppid());
		if ((stat(name, &sb) != 0) != files[i].removed) {
			print_error("%s: expected %s\n", name, files[i].removed ? "gone" : "kept");
			fail();
		}
	}
	infracost_store_close(st);
}

/* URL credentials of --endpoint ("http://user:secret@host/") are sent
 * (Basic auth) but never stored in sources.url nor printed. */
static void test_endpoint_credentials(void **state)
{
	char path[512], endpoint[256], cmd[1024], *out, *err;
	infracost_store *st = fresh_store(path, sizeof(path));
	infracost_fetch_options o = aws_options("json");
	static const char *missing[] = {"AmazonNothing"};
	infracost_source *src = NULL;
	size_t n = 0;
	(void)state;
	snprintf(endpoint, sizeof(endpoint), "http://alice:s3cret@%s", base + strlen("http://"));
	o.endpoint = endpoint;
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), 0);
	assert_int_equal(infracost_store_sources(&src, &n, st), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(src[0].url, EC2_VERSION_PATH ".json"));
	assert_null(strstr(src[0].url, "s3cret"));
	assert_null(strstr(src[0].url, "alice"));
	infracost_sources_free(src, n);
	/* Nor in a message. */
	o.services = missing;
	assert_int_equal(infracost_fetch(st, "aws", &o, NULL), INFRACOST_ENOTFOUND);
	assert_non_null(strstr(infracost_error_last()->message, "no offer 'AmazonNothing'"));
	assert_null(strstr(infracost_error_last()->message, "s3cret"));
	assert_null(strstr(infracost_error_last()->message, "alice"));
	/* A store written before: its URL is shown without them. */
	{
		sqlite3 *db;
		char sql[512];
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		snprintf(sql, sizeof(sql), "UPDATE sources SET url = '%s/offer.json'", endpoint);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	infracost_store_close(st);
	snprintf(cmd, sizeof(cmd), "'%s' pricing sources --store %s --format json", CLI_PATH, path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "\"url\": \"http://127.0.0.1:"));
	assert_null(strstr(out, "s3cret"));
	assert_null(strstr(out, "alice"));
	free(out);
	free(err);
	/* The CLI, with the credentials in --endpoint, on success and failure. */
	snprintf(cmd, sizeof(cmd),
		 "'%s' pricing fetch azure --endpoint %s/fault/404/azure --store %s", CLI_PATH,
		 endpoint, path);
	assert_int_equal(run_command(cmd, &out, &err), 7);
	assert_non_null(strstr(err, "HTTP 404"));
	assert_null(strstr(err, "s3cret"));
	assert_null(strstr(err, "alice"));
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aws_chain_json_and_csv),
		cmocka_unit_test(test_estimate_uses_the_store),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_other_currency),
		cmocka_unit_test(test_recoveries),
		cmocka_unit_test(test_not_modified),
		cmocka_unit_test(test_azure_pages),
		cmocka_unit_test(test_gcp_pages),
		cmocka_unit_test(test_import_and_cli),
		cmocka_unit_test(test_import_progress),
		cmocka_unit_test(test_memory_caps),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_cli_interrupted),
		cmocka_unit_test(test_stale_temp_files),
		cmocka_unit_test(test_endpoint_credentials),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
