/* test_store.c - the price store (lib/pricing/store.c): real SQLite files, one fresh
 * temporary directory per test. SQLite itself is used here only to look at
 * the files independently of the library (and to damage them). */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "alloc.h"
#include "error.h"
#include "store.h"

/* ---- Fixture: a fresh directory per test ------------------------------------ */

struct fixture {
	char dir[64];
	char path[256]; /* DIR/cache/infra-cost/prices.db: two directories to create */
};

static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];
		while (d && (e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/infracost-store-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/cache/infra-cost/prices.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	infracost__alloc_fail_after(0);
	remove_tree(f->dir);
	free(f);
	return 0;
}

/* ---- Helpers ------------------------------------------------------------------ */

#define FAIL_WITH_ERROR(rc)                                                                        \
	do {                                                                                       \
		print_error("%s:%d: rc %d: %s\n", __FILE__, __LINE__, (rc),                        \
			    infracost_error_last() ? infracost_error_last()->message : "-");       \
		fail();                                                                            \
	} while (0)

#define OK(call)                                                                                   \
	do {                                                                                       \
		int rc_ = (call);                                                                  \
		if (rc_ != 0)                                                                      \
			FAIL_WITH_ERROR(rc_);                                                      \
	} while (0)

static infracost_store *open_store(const char *path)
{
	infracost_store *s = NULL;
	OK(infracost_store_open(&s, path));
	assert_non_null(s);
	return s;
}

/* A row of aws/ec2/us-east-1 (or of `service` when given). */
static infracost_price P(const char *service, const char *sku, const char *purchase,
			 const char *unit, double price, double upfront, double tier)
{
	infracost_price r;
	memset(&r, 0, sizeof(r));
	r.provider = "aws";
	r.service = service;
	r.region = "us-east-1";
	r.sku = sku;
	r.purchase = purchase;
	r.unit = unit;
	r.price = price;
	r.upfront = upfront;
	r.tier_start = tier;
	r.vcpu = -1;
	r.memory_gb = -1;
	r.effective_date = "";
	r.source = "";
	return r;
}

static infracost_price OD(const char *sku, double price)
{
	return P("ec2", sku, "on_demand", "hour", price, 0, 0);
}

/* Import rows as a new version of provider/service/region; returns the
 * row count the commit reported. */
static long long import_version(infracost_store *s, const char *provider, const char *service,
				const char *region, const char *version,
				const infracost_price *rows, size_t n)
{
	infracost_source_info info = {
		provider, service, region, "aws-json", version, "", "file:///tmp/offer.json",
		"",       ""};
	infracost_store_import *imp = NULL;
	long long count = -1;
	OK(infracost__store_import_begin(&imp, s, &info));
	assert_non_null(imp);
	for (size_t i = 0; i < n; i++)
		OK(infracost__store_import_row(imp, &rows[i]));
	OK(infracost__store_import_commit(imp, &count));
	return count;
}

/* SQLite on the side: one integer (or -1 when no row). */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		print_error("%s: %s\n", sql, sqlite3_errmsg(db));
		sqlite3_close(db);
		fail();
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* One text value (copied into a static buffer; "" when no row). */
static const char *sql_text(const char *path, const char *sql)
{
	static char out[4096];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		print_error("%s: %s\n", sql, sqlite3_errmsg(db));
		sqlite3_close(db);
		fail();
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof(out), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	assert_int_equal(
		sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
		SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		print_error("%s: %s\n", sql, err);
		sqlite3_free(err);
		sqlite3_close(db);
		fail();
	}
	sqlite3_close(db);
}

/* Listing into text: one line a row. */
struct text {
	char s[8192];
	size_t len;
	int calls;
	int stop_after; /* return 7 after this many calls (0: never) */
};

static void text_add(struct text *t, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (t->len < sizeof(t->s))
		t->len += (size_t)vsnprintf(t->s + t->len, sizeof(t->s) - t->len, fmt, ap);
	va_end(ap);
}

static int list_row(void *ctx, const infracost_price *r)
{
	struct text *t = ctx;
	text_add(t, "%s/%s/%s/%s/%s/%s@%g %g+%g", r->provider, r->service, r->region, r->sku,
		 r->purchase, r->unit, r->tier_start, r->price, r->upfront);
	if (r->vcpu >= 0 || r->memory_gb >= 0)
		text_add(t, " size %g/%g", r->vcpu, r->memory_gb);
	text_add(t, " [%s] [%s]\n", r->effective_date, r->source);
	t->calls++;
	return t->stop_after && t->calls >= t->stop_after ? 7 : 0;
}

static const char *list_text(infracost_store *s, const infracost_price_filter *filter)
{
	static struct text t;
	memset(&t, 0, sizeof(t));
	OK(infracost_store_list(s, filter, list_row, &t));
	return t.s;
}

static int diff_row(void *ctx, const infracost_price *before, const infracost_price *after)
{
	struct text *t = ctx;
	const infracost_price *k = after ? after : before;
	char mark = !before ? '+' : !after ? '-' : '~';
	text_add(t, "%c %s/%s/%s/%s/%s/%s@%g", mark, k->provider, k->service, k->region, k->sku,
		 k->purchase, k->unit, k->tier_start);
	if (before)
		text_add(t, " %g+%g", before->price, before->upfront);
	if (before && after)
		text_add(t, " ->");
	if (after)
		text_add(t, " %g+%g", after->price, after->upfront);
	text_add(t, "\n");
	t->calls++;
	return t->stop_after && t->calls >= t->stop_after ? 7 : 0;
}

static const char *diff_text(infracost_store *s, const char *source)
{
	static struct text t;
	memset(&t, 0, sizeof(t));
	OK(infracost_store_diff(s, source, diff_row, &t));
	return t.s;
}

static void expect_error(int rc, int code, const char *message)
{
	if (rc != code) {
		print_error("expected error %d, got %d (%s)\n", code, rc,
			    rc && infracost_error_last() ? infracost_error_last()->message
							 : "success");
		fail();
	}
	assert_non_null(infracost_error_last());
	assert_int_equal(infracost_error_last()->code, code);
	if (message)
		assert_string_equal(infracost_error_last()->message, message);
}

/* The message of the last error contains `part`. */
static void expect_in_message(const char *part)
{
	const char *m = infracost_error_last() ? infracost_error_last()->message : "";
	if (!strstr(m, part)) {
		print_error("message '%s' lacks '%s'\n", m, part);
		fail();
	}
	assert_null(strchr(m, '\n'));
}

static int is_iso_utc_near_now(const char *s)
{
	struct tm tm;
	char z = 0;
	time_t t;
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z')
		return 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) != 7 ||
	    z != 'Z')
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	return labs((long)(time(NULL) - t)) < 300;
}

/* ---- Opening -------------------------------------------------------------------- */

static void test_open_creates_file_dirs_schema(void **state)
{
	struct fixture *f = *state;
	infracost_store *s;
	infracost_source *src = NULL;
	size_t n = 0;
	char sub[300];
	struct stat st;
	infracost_price row = OD("m5.large", 0.096);

	snprintf(sub, sizeof(sub), "%s/cache", f->dir);
	assert_int_not_equal(stat(sub, &st), 0); /* the directories do not exist yet */
	s = open_store(f->path);
	assert_string_equal(infracost__store_path(s), f->path);
	/* Both missing directories created, private to the user. */
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(sub, sizeof(sub), "%s/cache/infra-cost", f->dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(f->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* The schema. */
	assert_string_equal(
		sql_text(f->path, "SELECT value FROM meta WHERE key = 'schema_version'"), "2");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
					  "AND name IN ('meta', 'sources', 'prices', "
					  "'spot_advice')"),
			 4);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
					  "AND name = 'sources_current'"),
			 1);
	/* Prices are stored in key order (the listing index), in one b-tree:
	 * no other key, no foreign key to maintain. */
	assert_non_null(
		strstr(sql_text(f->path, "SELECT sql FROM sqlite_master WHERE name = 'prices'"),
		       "PRIMARY KEY (provider, service, region, sku, purchase, unit, "
		       "tier_start,"));
	assert_null(strstr(sql_text(f->path, "SELECT sql FROM sqlite_master WHERE name = 'prices'"),
			   "UNIQUE"));
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE tbl_name = "
					  "'prices' AND type = 'index'"),
			 0);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM pragma_foreign_key_list('prices')"),
			 0);
	assert_int_equal(
		sql_int(f->path, "SELECT count(*) FROM pragma_foreign_key_list('spot_advice')"), 1);
	/* The version's common row values. */
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM pragma_table_info('sources') WHERE "
					  "name IN ('row_effective_date', 'row_source')"),
			 2);
	assert_int_equal(sql_int(f->path, "PRAGMA page_size"), 16384);
	assert_string_equal(sql_text(f->path, "PRAGMA journal_mode"), "wal");
	assert_int_equal(import_version(s, "aws", "AmazonEC2", "us-east-1", "1", &row, 1), 1);
	infracost_store_close(s);

	/* Reopening keeps the data (and does not create the schema twice). */
	s = open_store(f->path);
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 1);
	assert_string_equal(src[0].service, "AmazonEC2");
	assert_string_equal(list_text(s, NULL),
			    "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.096+0 [] "
			    "[aws AmazonEC2 us-east-1 v1 (store)]\n");
	infracost_sources_free(src, n);
	infracost_store_close(s);
	infracost_store_close(NULL);
}

static void restore_env(const char *name, const char *saved)
{
	if (saved)
		setenv(name, saved, 1);
	else
		unsetenv(name);
}

static void test_default_path(void **state)
{
	struct fixture *f = *state;
	char *store_env = getenv("INFRA_COST_STORE") ? strdup(getenv("INFRA_COST_STORE")) : NULL;
	char *xdg_env = getenv("XDG_CACHE_HOME") ? strdup(getenv("XDG_CACHE_HOME")) : NULL;
	char *home_env = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	infracost_store *s = NULL;
	struct stat st;
	char where[300];

	setenv("INFRA_COST_STORE", "/srv/prices/store.db", 1);
	setenv("XDG_CACHE_HOME", "/xdg/cache", 1);
	setenv("HOME", "/home/ada", 1);
	assert_string_equal(infracost_store_default_path(), "/srv/prices/store.db");
	/* Empty means unset. */
	setenv("INFRA_COST_STORE", "", 1);
	assert_string_equal(infracost_store_default_path(), "/xdg/cache/infra-cost/prices.db");
	unsetenv("INFRA_COST_STORE");
	assert_string_equal(infracost_store_default_path(), "/xdg/cache/infra-cost/prices.db");
	/* A relative XDG_CACHE_HOME is invalid (XDG base directory spec). */
	setenv("XDG_CACHE_HOME", "relative/cache", 1);
	assert_string_equal(infracost_store_default_path(),
			    "/home/ada/.cache/infra-cost/prices.db");
	unsetenv("XDG_CACHE_HOME");
	assert_string_equal(infracost_store_default_path(),
			    "/home/ada/.cache/infra-cost/prices.db");

	/* open(NULL) opens the default path, creating its directories. */
	snprintf(where, sizeof(where), "%s/xdg", f->dir);
	setenv("XDG_CACHE_HOME", where, 1);
	OK(infracost_store_open(&s, NULL));
	assert_string_equal(infracost__store_path(s), infracost_store_default_path());
	infracost_store_close(s);
	snprintf(where, sizeof(where), "%s/xdg/infra-cost/prices.db", f->dir);
	assert_int_equal(stat(where, &st), 0);

	restore_env("INFRA_COST_STORE", store_env);
	restore_env("XDG_CACHE_HOME", xdg_env);
	restore_env("HOME", home_env);
	free(store_env);
	free(xdg_env);
	free(home_env);
}

/* ---- Import, sources, listing, loading ------------------------------------------- */

static void import_ec2_v1(infracost_store *s)
{
	infracost_source_info info = {"aws",
				      "AmazonEC2",
				      "us-east-1",
				      "aws-json",
				      NULL,
				      NULL,
				      "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
				      "AmazonEC2/20240528203522/us-east-1/index.json",
				      "\"etag-1\"",
				      "Tue, 28 May 2024 20:35:22 GMT"};
	infracost_price rows[5];
	infracost_store_import *imp = NULL;
	long long count = 0;

	rows[0] = OD("m5.large", 0.096);
	rows[0].vcpu = 2;
	rows[0].memory_gb = 8;
	rows[1] = P("ec2", "m5.large", "reserved_1yr_partial_upfront", "hour", 0.0275, 241, 0);
	rows[2] = OD("c5.large", 0.085);
	rows[2].effective_date = "2024-05-01";
	rows[2].source = "hand-found";
	rows[3] = P("transfer", "out", "on_demand", "gb", 0.085, 0, 10240);
	rows[4] = P("transfer", "out", "on_demand", "gb", 0.09, 0, 0);
	OK(infracost__store_import_begin(&imp, s, &info));
	for (int i = 0; i < 5; i++)
		OK(infracost__store_import_row(imp, &rows[i]));
	/* The file tells its version and date as it is read. */
	OK(infracost__store_import_set(imp, "version", "20240528203522"));
	OK(infracost__store_import_set(imp, "published", "2024-05-28T20:35:22Z"));
	OK(infracost__store_import_commit(imp, &count));
	assert_int_equal(count, 5);
}

#define EC2_V1_LIST                                                                                \
	"aws/ec2/us-east-1/c5.large/on_demand/hour@0 0.085+0 [2024-05-01] [hand-found]\n"          \
	"aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.096+0 size 2/8 [2024-05-28T20:35:22Z] "     \
	"[aws AmazonEC2 us-east-1 v20240528203522 (store)]\n"                                      \
	"aws/ec2/us-east-1/m5.large/reserved_1yr_partial_upfront/hour@0 0.0275+241 "               \
	"[2024-05-28T20:35:22Z] [aws AmazonEC2 us-east-1 v20240528203522 (store)]\n"               \
	"aws/transfer/us-east-1/out/on_demand/gb@0 0.09+0 [2024-05-28T20:35:22Z] "                 \
	"[aws AmazonEC2 us-east-1 v20240528203522 (store)]\n"                                      \
	"aws/transfer/us-east-1/out/on_demand/gb@10240 0.085+0 [2024-05-28T20:35:22Z] "            \
	"[aws AmazonEC2 us-east-1 v20240528203522 (store)]\n"

static void test_import_sources_list(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_source *src = NULL;
	size_t n = 0;

	import_ec2_v1(s);
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 1);
	assert_true(src[0].id > 0);
	assert_string_equal(src[0].provider, "aws");
	assert_string_equal(src[0].service, "AmazonEC2");
	assert_string_equal(src[0].region, "us-east-1");
	assert_string_equal(src[0].format, "aws-json");
	assert_string_equal(src[0].version, "20240528203522");
	assert_string_equal(src[0].published, "2024-05-28T20:35:22Z");
	assert_string_equal(src[0].url, "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
					"AmazonEC2/20240528203522/us-east-1/index.json");
	assert_string_equal(src[0].etag, "\"etag-1\"");
	assert_string_equal(src[0].last_modified, "Tue, 28 May 2024 20:35:22 GMT");
	assert_true(is_iso_utc_near_now(src[0].fetched_at));
	assert_string_equal(src[0].checked_at, src[0].fetched_at);
	assert_int_equal(src[0].rows, 5);
	assert_int_equal(src[0].current, 1);
	infracost_sources_free(src, n);

	/* Every row, in key order (the transfer tiers were imported upside down). */
	assert_string_equal(list_text(s, NULL), EC2_V1_LIST);
	/* Filters: exact matches, NULL matches everything. */
	{
		infracost_price_filter by_sku = {NULL, NULL, NULL, "m5.large", NULL};
		infracost_price_filter od_ec2 = {"aws", "ec2", "us-east-1", NULL, "on_demand"};
		infracost_price_filter none = {"gcp", NULL, NULL, NULL, NULL};
		infracost_price_filter prefix = {NULL, NULL, NULL, "m5", NULL};
		infracost_price_filter all = {NULL, NULL, NULL, NULL, NULL};
		assert_string_equal(
			list_text(s, &by_sku),
			"aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.096+0 size 2/8 "
			"[2024-05-28T20:35:22Z] [aws AmazonEC2 us-east-1 v20240528203522 (store)]\n"
			"aws/ec2/us-east-1/m5.large/reserved_1yr_partial_upfront/hour@0 0.0275+241 "
			"[2024-05-28T20:35:22Z] [aws AmazonEC2 us-east-1 v20240528203522 "
			"(store)]\n");
		assert_string_equal(
			list_text(s, &od_ec2),
			"aws/ec2/us-east-1/c5.large/on_demand/hour@0 0.085+0 [2024-05-01] "
			"[hand-found]\n"
			"aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.096+0 size 2/8 "
			"[2024-05-28T20:35:22Z] [aws AmazonEC2 us-east-1 v20240528203522 "
			"(store)]\n");
		assert_string_equal(list_text(s, &none), "");
		assert_string_equal(list_text(s, &prefix), "");
		assert_string_equal(list_text(s, &all), EC2_V1_LIST);
	}
	/* A non-zero return stops the listing and comes back as is. */
	{
		struct text t;
		memset(&t, 0, sizeof(t));
		t.stop_after = 2;
		assert_int_equal(infracost_store_list(s, NULL, list_row, &t), 7);
		assert_int_equal(t.calls, 2);
	}
	expect_error(infracost_store_list(s, NULL, NULL, NULL), INFRACOST_EINVALID, NULL);
	infracost_store_close(s);
}

static void test_load_into_catalog(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_catalog *cat = catalog_from(
		"provider,service,region,sku,purchase,unit,price,source\n"
		"aws,ec2,us-east-1,m5.large,on_demand,hour,0.5,snapshot\n"
		"aws,nat,us-east-1,gateway,on_demand,hour,0.045,snapshot\n");
	const infracost_price *t = NULL;
	size_t nt = 0;
	char origin[400];

	import_ec2_v1(s);
	OK(infracost_catalog_load_store(cat, s));
	/* The store's m5.large replaced the book's, the NAT row stayed. */
	assert_int_equal(infracost_catalog_count(cat), 6);
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "m5.large",
				    "on_demand", "hour"));
	assert_int_equal(nt, 1);
	assert_money(t->price, 0.096);
	assert_true(t->vcpu == 2 && t->memory_gb == 8);
	/* Rows are numbered in key order: c5.large is 1, m5.large on demand 2. */
	snprintf(origin, sizeof(origin), "store:%s:2", f->path);
	assert_string_equal(t->origin, origin);
	assert_string_equal(t->source, "aws AmazonEC2 us-east-1 v20240528203522 (store)");
	assert_string_equal(t->effective_date, "2024-05-28T20:35:22Z");
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "m5.large",
				    "reserved_1yr_partial_upfront", "hour"));
	assert_money(t->upfront, 241);
	assert_true(t->vcpu == -1 && t->memory_gb == -1);
	/* A row keeps its own source and date. */
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "c5.large",
				    "on_demand", "hour"));
	assert_string_equal(t->source, "hand-found");
	assert_string_equal(t->effective_date, "2024-05-01");
	snprintf(origin, sizeof(origin), "store:%s:1", f->path);
	assert_string_equal(t->origin, origin);
	/* A ladder. */
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "transfer", "us-east-1", "out",
				    "on_demand", "gb"));
	assert_int_equal(nt, 2);
	assert_money(infracost_price_tiered_cost(t, nt, 20000), 10240 * 0.09 + 9760 * 0.085);
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "nat", "us-east-1", "gateway", "on_demand",
				    "hour"));
	assert_string_equal(t->origin, "test.csv:3");
	infracost_catalog_free(cat);
	infracost_store_close(s);
}

/* ---- Versions ------------------------------------------------------------------------ */

static void test_versions_keep_one_previous(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_source *src = NULL;
	size_t n = 0;
	infracost_price r;
	long long v1, v2, v3;
	char sql[200];

	r = OD("m5.large", 0.1);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "1", &r, 1);
	r = P("s3", "standard", "on_demand", "gb_month", 0.023, 0, 0);
	r.region = "global";
	import_version(s, "aws", "AmazonS3", "", "s1", &r, 1);
	r = OD("m5.large", 0.2);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "2", &r, 1);

	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 3);
	/* Current first (by provider/service/region), then the previous ones. */
	assert_string_equal(src[0].service, "AmazonEC2");
	assert_string_equal(src[0].version, "2");
	assert_int_equal(src[0].current, 1);
	assert_string_equal(src[1].service, "AmazonS3");
	assert_string_equal(src[1].region, "");
	assert_int_equal(src[1].current, 1);
	assert_string_equal(src[2].service, "AmazonEC2");
	assert_string_equal(src[2].version, "1");
	assert_int_equal(src[2].current, 0);
	assert_int_equal(src[2].rows, 1);
	v1 = src[2].id;
	v2 = src[0].id;
	assert_true(v2 > v1);
	infracost_sources_free(src, n);
	/* Only the current version is listed. */
	assert_string_equal(list_text(s, NULL),
			    "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.2+0 [] "
			    "[aws AmazonEC2 us-east-1 v2 (store)]\n"
			    "aws/s3/global/standard/on_demand/gb_month@0 0.023+0 [] "
			    "[aws AmazonS3 vs1 (store)]\n");

	/* A third version drops the first, prices included. */
	r = OD("m5.large", 0.3);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "3", &r, 1);
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 3);
	assert_string_equal(src[0].version, "3");
	assert_int_equal(src[0].current, 1);
	assert_string_equal(src[1].service, "AmazonS3");
	assert_string_equal(src[2].version, "2");
	assert_int_equal(src[2].current, 0);
	assert_int_equal(src[2].id, v2);
	v3 = src[0].id;
	assert_true(v3 > v2);
	infracost_sources_free(src, n);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM prices WHERE source_id = %lld", v1);
	assert_int_equal(sql_int(f->path, sql), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sources WHERE id = %lld", v1);
	assert_int_equal(sql_int(f->path, sql), 0);
	snprintf(sql, sizeof(sql), "SELECT price * 10 FROM prices WHERE source_id = %lld", v2);
	assert_int_equal(sql_int(f->path, sql), 2);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices"), 3);
	assert_string_equal(list_text(s, NULL),
			    "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.3+0 [] "
			    "[aws AmazonEC2 us-east-1 v3 (store)]\n"
			    "aws/s3/global/standard/on_demand/gb_month@0 0.023+0 [] "
			    "[aws AmazonS3 vs1 (store)]\n");
	infracost_store_close(s);
}

/* ---- Diff ----------------------------------------------------------------------------- */

static void test_diff(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_price v1[7], v2[8];
	struct text t;

	v1[0] = OD("a.large", 0.1);
	v1[1] = OD("b.large", 0.2);
	v1[2] = OD("c.large", 0.3);
	v1[3] = P("ec2", "e.large", "reserved_1yr_all_upfront", "hour", 0, 100, 0);
	v1[4] = OD("f.large", 0.5);
	v1[5] = P("transfer", "out", "on_demand", "gb", 0.09, 0, 0);
	v1[6] = P("transfer", "out", "on_demand", "gb", 0.085, 0, 10240);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "1", v1, 7);

	v2[0] = OD("a.large", 0.1);                                                 /* same */
	v2[1] = OD("b.large", 0.25);                                                /* changed */
	v2[2] = OD("d.large", 0.4);                                                 /* added */
	v2[3] = P("ec2", "e.large", "reserved_1yr_all_upfront", "hour", 0, 120, 0); /* upfront */
	v2[4] = OD("f.large", 0.5);
	v2[4].vcpu = 4; /* size only: not a price change */
	v2[5] = P("transfer", "out", "on_demand", "gb", 0.09, 0, 0);
	v2[6] = P("transfer", "out", "on_demand", "gb", 0.08, 0, 10240);
	v2[7] = P("transfer", "out", "on_demand", "gb", 0.07, 0, 51200);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "2", v2, 8);

	assert_string_equal(diff_text(s, "aws/AmazonEC2/us-east-1"),
			    "~ aws/ec2/us-east-1/b.large/on_demand/hour@0 0.2+0 -> 0.25+0\n"
			    "- aws/ec2/us-east-1/c.large/on_demand/hour@0 0.3+0\n"
			    "+ aws/ec2/us-east-1/d.large/on_demand/hour@0 0.4+0\n"
			    "~ aws/ec2/us-east-1/e.large/reserved_1yr_all_upfront/hour@0 0+100 -> "
			    "0+120\n"
			    "~ aws/transfer/us-east-1/out/on_demand/gb@10240 0.085+0 -> 0.08+0\n"
			    "+ aws/transfer/us-east-1/out/on_demand/gb@51200 0.07+0\n");

	/* A non-zero return stops the diff and comes back as is. */
	{
		memset(&t, 0, sizeof(t));
		t.stop_after = 1;
		assert_int_equal(infracost_store_diff(s, "aws/AmazonEC2/us-east-1", diff_row, &t),
				 7);
		assert_int_equal(t.calls, 1);
		assert_string_equal(
			t.s, "~ aws/ec2/us-east-1/b.large/on_demand/hour@0 0.2+0 -> 0.25+0\n");
	}

	/* A source of all regions ("" region). */
	{
		infracost_price r = P("s3", "standard", "on_demand", "gb_month", 0.023, 0, 0);
		r.region = "global";
		import_version(s, "aws", "AmazonS3", "", "1", &r, 1);
		r.price = 0.021;
		import_version(s, "aws", "AmazonS3", "", "2", &r, 1);
		assert_string_equal(diff_text(s, "aws/AmazonS3/"),
				    "~ aws/s3/global/standard/on_demand/gb_month@0 0.023+0 -> "
				    "0.021+0\n");
	}
	/* Nothing changed: no call. */
	import_version(s, "aws", "AmazonEC2", "us-east-1", "3", v2, 8);
	assert_string_equal(diff_text(s, "aws/AmazonEC2/us-east-1"), "");
	infracost_store_close(s);
}

static int diff_sources(void *ctx, const infracost_price *before, const infracost_price *after)
{
	struct text *t = ctx;
	text_add(t, "%s | %s | %s\n", before ? before->source : "-", after ? after->source : "-",
		 (after ? after : before)->origin);
	return 0;
}

static void test_diff_rows_name_their_version(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_price r = OD("m5.large", 0.1);
	struct text t;
	char expected[600];

	import_version(s, "aws", "AmazonEC2", "us-east-1", "20240101", &r, 1);
	r.price = 0.2;
	import_version(s, "aws", "AmazonEC2", "us-east-1", "20240201", &r, 1);
	memset(&t, 0, sizeof(t));
	OK(infracost_store_diff(s, "aws/AmazonEC2/us-east-1", diff_sources, &t));
	snprintf(expected, sizeof(expected),
		 "aws AmazonEC2 us-east-1 v20240101 (store) | aws AmazonEC2 us-east-1 v20240201 "
		 "(store) | store:%s\n",
		 f->path);
	assert_string_equal(t.s, expected);
	infracost_store_close(s);
}

static void test_diff_errors(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_price r = OD("m5.large", 0.1);
	char msg[600];
	struct text t;

	memset(&t, 0, sizeof(t));
	snprintf(msg, sizeof(msg), "%s: no source aws/AmazonEC2/us-east-1 in the store", f->path);
	expect_error(infracost_store_diff(s, "aws/AmazonEC2/us-east-1", diff_row, &t),
		     INFRACOST_ENOTFOUND, msg);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "1", &r, 1);
	snprintf(msg, sizeof(msg), "%s: only one version of aws/AmazonEC2/us-east-1 in the store",
		 f->path);
	expect_error(infracost_store_diff(s, "aws/AmazonEC2/us-east-1", diff_row, &t),
		     INFRACOST_ENOTFOUND, msg);
	/* Another region of the same feed is another source. */
	snprintf(msg, sizeof(msg), "%s: no source aws/AmazonEC2/eu-west-1 in the store", f->path);
	expect_error(infracost_store_diff(s, "aws/AmazonEC2/eu-west-1", diff_row, &t),
		     INFRACOST_ENOTFOUND, msg);
	snprintf(msg, sizeof(msg), "%s: no source aws/AmazonEC2/ in the store", f->path);
	expect_error(infracost_store_diff(s, "aws/AmazonEC2/", diff_row, &t), INFRACOST_ENOTFOUND,
		     msg);
	/* Not a source name. */
	expect_error(infracost_store_diff(s, "aws", diff_row, &t), INFRACOST_EINVALID, NULL);
	expect_in_message("'aws' does not name a source: expected provider/service/region");
	expect_error(infracost_store_diff(s, "aws/AmazonEC2", diff_row, &t), INFRACOST_EINVALID,
		     NULL);
	expect_error(infracost_store_diff(s, "/AmazonEC2/us-east-1", diff_row, &t),
		     INFRACOST_EINVALID, NULL);
	expect_error(infracost_store_diff(s, "aws//us-east-1", diff_row, &t), INFRACOST_EINVALID,
		     NULL);
	expect_error(infracost_store_diff(s, "aws/AmazonEC2/us-east-1", NULL, NULL),
		     INFRACOST_EINVALID, NULL);
	assert_int_equal(t.calls, 0);
	infracost_store_close(s);
}

/* ---- Aborts, kills, duplicates ------------------------------------------------------ */

static void test_abort_leaves_store(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "2",
				      "",    "",          "",          ""};
	infracost_store_import *imp = NULL, *other = NULL;
	infracost_source *src = NULL;
	size_t n = 0;
	infracost_price r;
	char before[8192];

	import_ec2_v1(s);
	snprintf(before, sizeof(before), "%s", list_text(s, NULL));
	assert_string_equal(before, EC2_V1_LIST);

	OK(infracost__store_import_begin(&imp, s, &info));
	r = OD("m5.large", 9.99);
	OK(infracost__store_import_row(imp, &r));
	r = OD("z9.huge", 1);
	OK(infracost__store_import_row(imp, &r));
	OK(infracost__store_import_set(imp, "published", "2030-01-01"));
	/* One import at a time on a handle. */
	expect_error(infracost__store_import_begin(&other, s, &info), INFRACOST_EINVALID, NULL);
	expect_in_message("an import (aws/AmazonEC2/us-east-1) is already in progress");
	assert_null(other);
	/* The import in progress is not a version yet. */
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 1);
	infracost_sources_free(src, n);
	assert_string_equal(list_text(s, NULL), before);
	infracost__store_import_abort(imp);
	infracost__store_import_abort(NULL);

	assert_string_equal(list_text(s, NULL), before);
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 1);
	assert_string_equal(src[0].version, "20240528203522");
	assert_int_equal(src[0].current, 1);
	infracost_sources_free(src, n);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices"), 5);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sources"), 1);

	/* Closing the store with an import open rolls it back too. */
	OK(infracost__store_import_begin(&imp, s, &info));
	r = OD("m5.large", 9.99);
	OK(infracost__store_import_row(imp, &r));
	infracost_store_close(s);
	s = open_store(f->path);
	assert_string_equal(list_text(s, NULL), before);
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 1);
	assert_string_equal(src[0].version, "20240528203522");
	infracost_sources_free(src, n);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sources"), 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices"), 5);

	/* And the store takes the next import. */
	r = OD("m5.large", 0.11);
	assert_int_equal(import_version(s, "aws", "AmazonEC2", "us-east-1", "2", &r, 1), 1);
	assert_string_equal(list_text(s, NULL), "aws/ec2/us-east-1/m5.large/on_demand/hour@0 "
						"0.11+0 [] [aws AmazonEC2 us-east-1 v2 (store)]\n");
	infracost_store_close(s);
}

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* The test program itself, for the child of test_killed_import_leaves_store. */
static const char *self_path;

/* The child (run as `test_store --killed-import-child PATH HOW FD`): begin an
 * import of 50,000 rows of 2 KB (sources that differ), more than the
 * store's page cache holds, so uncommitted pages are written to the file
 * (a source fact set after them waits until its full batches are in, one
 * of them inserted by the import's thread); report 'k' on FD, then die
 * without committing: _exit(1) (HOW 0) or SIGKILL (HOW 1). It runs as a
 * program of its own (exec after fork): no SQLite handle crosses a fork, and
 * under valgrind it runs natively, so its deliberate end is no leak report. */
static int killed_import_child(const char *path, int how, int fd)
{
	infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "2",
				      "",    "",          "",          ""};
	infracost_store *cs = NULL;
	infracost_store_import *imp = NULL;
	static char text[2048];
	char sku[32], ok = 'k';

	memset(text, 's', sizeof(text) - 1);
	if (infracost_store_open(&cs, path) || infracost__store_import_begin(&imp, cs, &info))
		ok = 'o';
	for (int i = 0; ok == 'k' && i < 50000; i++) {
		infracost_price r;
		snprintf(sku, sizeof(sku), "x%d.large", i);
		r = OD(sku, 0.001 * i);
		/* each its own source: a version's common source is stored once */
		memcpy(text, sku, strlen(sku));
		r.source = text;
		if (infracost__store_import_row(imp, &r))
			ok = 'r';
	}
	if (ok == 'k' && infracost__store_import_set(imp, "version", "3"))
		ok = 's';
	if (write(fd, &ok, 1) != 1)
		_exit(3);
	if (how == 0)
		_exit(1);
	kill(getpid(), SIGKILL);
	_exit(2);
}

/* A process killed in the middle of an import leaves the store as it was. */
static void test_killed_import_leaves_store(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	char before[8192], wal[300];

	import_ec2_v1(s);
	snprintf(before, sizeof(before), "%s", list_text(s, NULL));
	infracost_store_close(s);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);

	for (int how = 0; how < 2; how++) {
		int fds[2], status = 0;
		char got = 0;
		pid_t pid;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			char how_s[8], fd_s[16];
			close(fds[0]);
			snprintf(how_s, sizeof(how_s), "%d", how);
			snprintf(fd_s, sizeof(fd_s), "%d", fds[1]);
			execl(self_path, self_path, "--killed-import-child", f->path, how_s, fd_s,
			      (char *)NULL);
			_exit(4);
		}
		close(fds[1]);
		assert_int_equal(read(fds[0], &got, 1), 1);
		close(fds[0]);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		/* The child did import rows, then died without committing. */
		assert_int_equal(got, 'k');
		if (how == 0) {
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 1);
		} else {
			assert_true(WIFSIGNALED(status));
			assert_int_equal(WTERMSIG(status), SIGKILL);
		}
		/* Its uncommitted pages reached the write-ahead log. */
		assert_true(file_size(wal) > 0);

		s = open_store(f->path);
		assert_string_equal(list_text(s, NULL), before);
		{
			infracost_source *src = NULL;
			size_t n = 0;
			OK(infracost_store_sources(&src, &n, s));
			assert_int_equal(n, 1);
			assert_string_equal(src[0].version, "20240528203522");
			infracost_sources_free(src, n);
		}
		infracost_store_close(s);
		assert_string_equal(sql_text(f->path, "PRAGMA integrity_check"), "ok");
		assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices"), 5);
		assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sources"), 1);
	}
	/* No lock was left behind. */
	s = open_store(f->path);
	{
		infracost_price r = OD("m5.large", 0.2);
		assert_int_equal(import_version(s, "aws", "AmazonEC2", "us-east-1", "2", &r, 1), 1);
	}
	infracost_store_close(s);
}

/* Two handles on one file (as two processes would be): while one imports,
 * the other reads the last committed state (WAL: readers are not blocked),
 * and a second import waits for the busy timeout, then fails cleanly. */
static void test_reader_during_import(void **state)
{
	struct fixture *f = *state;
	infracost_store *a = open_store(f->path), *b;
	infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "2",
				      "",    "",          "",          ""};
	infracost_store_import *imp = NULL, *imp_b = NULL;
	infracost_source *src = NULL;
	size_t n = 0;
	infracost_price r = OD("m5.large", 0.5);
	char msg[600];
	time_t t0;

	import_ec2_v1(a);
	OK(infracost__store_import_begin(&imp, a, &info));
	OK(infracost__store_import_row(imp, &r));
	b = open_store(f->path);
	assert_string_equal(list_text(b, NULL), EC2_V1_LIST);
	OK(infracost_store_sources(&src, &n, b));
	assert_int_equal(n, 1);
	infracost_sources_free(src, n);
	t0 = time(NULL);
	expect_error(infracost__store_import_begin(&imp_b, b, &info), INFRACOST_EDB, NULL);
	assert_true(time(NULL) - t0 >= 4); /* it waited for the writer */
	snprintf(msg, sizeof(msg),
		 "%s: importing aws/AmazonEC2/us-east-1: database is locked (another process is "
		 "writing the store)",
		 f->path);
	assert_string_equal(infracost_error_last()->message, msg);
	assert_null(imp_b);
	OK(infracost__store_import_commit(imp, NULL));
	/* The reader sees the new version at its next read. */
	assert_string_equal(list_text(b, NULL), "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.5+0 "
						"[] [aws AmazonEC2 us-east-1 v2 (store)]\n");
	/* And may import now. */
	r.price = 0.6;
	assert_int_equal(import_version(b, "aws", "AmazonEC2", "us-east-1", "3", &r, 1), 1);
	infracost_store_close(b);
	assert_string_equal(list_text(a, NULL), "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.6+0 "
						"[] [aws AmazonEC2 us-east-1 v3 (store)]\n");
	infracost_store_close(a);
}

static void test_duplicate_key_replaces(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_price rows[4];
	infracost_source *src = NULL;
	size_t n = 0;

	rows[0] = OD("m5.large", 0.1);
	rows[1] = P("transfer", "out", "on_demand", "gb", 0.09, 0, 0);
	rows[2] = OD("m5.large", 0.2);                                  /* same key: replaces */
	rows[3] = P("transfer", "out", "on_demand", "gb", 0.08, 0, 10); /* another tier */
	assert_int_equal(import_version(s, "aws", "AmazonEC2", "us-east-1", "1", rows, 4), 3);
	assert_string_equal(list_text(s, NULL),
			    "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.2+0 [] "
			    "[aws AmazonEC2 us-east-1 v1 (store)]\n"
			    "aws/transfer/us-east-1/out/on_demand/gb@0 0.09+0 [] "
			    "[aws AmazonEC2 us-east-1 v1 (store)]\n"
			    "aws/transfer/us-east-1/out/on_demand/gb@10 0.08+0 [] "
			    "[aws AmazonEC2 us-east-1 v1 (store)]\n");
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(src[0].rows, 3);
	infracost_sources_free(src, n);
	infracost_store_close(s);
}

/* Two current sources with the same key (a feed for one region and one for
 * all regions): the one imported last wins, in listing and in the catalog. */
static void test_overlapping_sources(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_price a[2], b[2];
	infracost_catalog *cat = NULL;
	const infracost_price *t;
	size_t nt;

	a[0] = OD("m5.large", 0.1);
	a[1] = OD("c5.large", 0.2);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "a1", a, 2);
	b[0] = OD("m5.large", 0.15);
	b[1] = OD("r5.large", 0.3);
	import_version(s, "aws", "AmazonEC2", "", "b1", b, 2);
	assert_string_equal(list_text(s, NULL),
			    "aws/ec2/us-east-1/c5.large/on_demand/hour@0 0.2+0 [] "
			    "[aws AmazonEC2 us-east-1 va1 (store)]\n"
			    "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.15+0 [] "
			    "[aws AmazonEC2 vb1 (store)]\n"
			    "aws/ec2/us-east-1/r5.large/on_demand/hour@0 0.3+0 [] "
			    "[aws AmazonEC2 vb1 (store)]\n");
	OK(infracost_catalog_new(&cat));
	OK(infracost_catalog_load_store(cat, s));
	assert_int_equal(infracost_catalog_count(cat), 3);
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "m5.large",
				    "on_demand", "hour"));
	assert_money(t->price, 0.15);
	infracost_catalog_free(cat);

	/* A new version of the regional source is now the newest. */
	a[0].price = 0.11;
	import_version(s, "aws", "AmazonEC2", "us-east-1", "a2", a, 2);
	OK(infracost_catalog_new(&cat));
	OK(infracost_catalog_load_store(cat, s));
	assert_int_equal(infracost_catalog_count(cat), 3);
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "m5.large",
				    "on_demand", "hour"));
	assert_money(t->price, 0.11);
	assert_string_equal(t->source, "aws AmazonEC2 us-east-1 va2 (store)");
	infracost_catalog_free(cat);
	infracost_store_close(s);
}

/* A row the catalog refuses makes the whole load fail; the catalog stays
 * as it was. (Imports refuse such rows; here the file is edited by hand.) */
static void test_load_failure_leaves_catalog(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_catalog *cat = catalog_from("provider,service,region,sku,purchase,unit,price\n"
					      "aws,ec2,us-east-1,m5.large,on_demand,hour,0.5\n");
	const infracost_price *t;
	size_t nt;
	char msg[600];

	import_ec2_v1(s);
	sql_exec(f->path, "UPDATE prices SET purchase = 'bogus' WHERE sku = 'c5.large'");
	snprintf(msg, sizeof(msg), "store:%s:1: purchase: unknown option 'bogus'", f->path);
	expect_error(infracost_catalog_load_store(cat, s), INFRACOST_EINVALID, msg);
	assert_int_equal(infracost_catalog_count(cat), 1);
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "m5.large",
				    "on_demand", "hour"));
	assert_money(t->price, 0.5);
	assert_string_equal(t->origin, "test.csv:2");
	expect_error(infracost_catalog_load_store(NULL, s), INFRACOST_EINVALID, NULL);
	expect_error(infracost_catalog_load_store(cat, NULL), INFRACOST_EINVALID, NULL);
	infracost_catalog_free(cat);
	infracost_store_close(s);
}

static void test_invalid_rows_refused(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "1",
				      "",    "",          "",          ""};
	infracost_source_info nameless = {"",   "AmazonEC2", "us-east-1", NULL, NULL,
					  NULL, NULL,        NULL,        NULL};
	infracost_store_import *imp = NULL;
	infracost_price r;
	long long count = 0;
	char msg[600];

	expect_error(infracost__store_import_begin(&imp, s, &nameless), INFRACOST_EINVALID, NULL);
	assert_null(imp);
	OK(infracost__store_import_begin(&imp, s, &info));
	r = P("ec2", "m5.large", "ondemand", "hour", 0.1, 0, 0);
	snprintf(msg, sizeof(msg),
		 "%s: importing aws/AmazonEC2/us-east-1: aws/ec2/us-east-1/m5.large/ondemand/hour: "
		 "purchase: unknown option",
		 f->path);
	expect_error(infracost__store_import_row(imp, &r), INFRACOST_EINVALID, msg);
	r = OD("m5.large", 0.1);
	r.upfront = 5;
	expect_error(infracost__store_import_row(imp, &r), INFRACOST_EINVALID, NULL);
	expect_in_message("upfront: only reserved rows have an upfront fee");
	r = OD("m5.large", NAN);
	expect_error(infracost__store_import_row(imp, &r), INFRACOST_EINVALID, NULL);
	expect_in_message("price: not a number >= 0");
	r = OD("m5.large", -1);
	expect_error(infracost__store_import_row(imp, &r), INFRACOST_EINVALID, NULL);
	r = P("ec2", "m5.large", "on_demand", "Hour", 0.1, 0, 0);
	expect_error(infracost__store_import_row(imp, &r), INFRACOST_EINVALID, NULL);
	expect_in_message("unit: not a unit name");
	r = OD("m5.large", 0.1);
	r.region = "";
	expect_error(infracost__store_import_row(imp, &r), INFRACOST_EINVALID, NULL);
	expect_in_message("a price row without its full key");
	r = OD("m5.large", 0.1);
	r.tier_start = INFINITY;
	expect_error(infracost__store_import_row(imp, &r), INFRACOST_EINVALID, NULL);
	expect_error(infracost__store_import_set(imp, "colour", "blue"), INFRACOST_EINVALID, NULL);
	expect_in_message("unknown source fact 'colour'");
	/* The import goes on after a refused row. */
	r = OD("m5.large", 0.1);
	OK(infracost__store_import_row(imp, &r));
	OK(infracost__store_import_set(imp, "publication_date", "2024-05-28"));
	OK(infracost__store_import_commit(imp, &count));
	assert_int_equal(count, 1);
	assert_string_equal(list_text(s, NULL),
			    "aws/ec2/us-east-1/m5.large/on_demand/hour@0 0.1+0 "
			    "[2024-05-28] [aws AmazonEC2 us-east-1 v1 (store)]\n");
	expect_error(infracost__store_import_commit(NULL, &count), INFRACOST_EINVALID, NULL);
	infracost_store_close(s);
}

/* ---- Validators, checks, spot advice --------------------------------------------------- */

static void test_validators_and_checked(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_source_info info = {"aws",
				      "AmazonEC2",
				      "us-east-1",
				      "aws-json",
				      "2",
				      "",
				      "",
				      "W/\"etag-2\"",
				      "Wed, 29 May 2024 10:00:00 GMT"};
	infracost_store_import *imp = NULL;
	infracost_source *src = NULL;
	size_t n = 0;
	char etag[256], lm[64], fetched[32], sql[200];
	infracost_price r = OD("m5.large", 0.1);
	long long cur;

	/* Unknown source: no validators. */
	strcpy(etag, "junk");
	strcpy(lm, "junk");
	OK(infracost__store_validators(s, "aws", "AmazonEC2", "us-east-1", etag, lm));
	assert_string_equal(etag, "");
	assert_string_equal(lm, "");

	import_ec2_v1(s);
	OK(infracost__store_validators(s, "aws", "AmazonEC2", "us-east-1", etag, lm));
	assert_string_equal(etag, "\"etag-1\"");
	assert_string_equal(lm, "Tue, 28 May 2024 20:35:22 GMT");
	OK(infracost__store_import_begin(&imp, s, &info));
	OK(infracost__store_import_row(imp, &r));
	OK(infracost__store_import_commit(imp, NULL));
	/* The current version's. */
	OK(infracost__store_validators(s, "aws", "AmazonEC2", "us-east-1", etag, lm));
	assert_string_equal(etag, "W/\"etag-2\"");
	assert_string_equal(lm, "Wed, 29 May 2024 10:00:00 GMT");
	OK(infracost__store_validators(s, "aws", "AmazonEC2", "eu-west-1", etag, lm));
	assert_string_equal(etag, "");

	/* A 304 moves checked_at of the current version only. */
	sql_exec(f->path, "UPDATE sources SET checked_at = '2000-01-01T00:00:00Z'");
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 2);
	assert_string_equal(src[0].checked_at, "2000-01-01T00:00:00Z");
	snprintf(fetched, sizeof(fetched), "%s", src[0].fetched_at);
	cur = src[0].id;
	infracost_sources_free(src, n);
	OK(infracost__store_checked(s, "aws", "AmazonEC2", "us-east-1"));
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(src[0].current, 1);
	assert_true(is_iso_utc_near_now(src[0].checked_at));
	assert_string_equal(src[0].fetched_at, fetched);
	assert_string_equal(src[0].version, "2");
	assert_int_equal(src[1].current, 0);
	assert_string_equal(src[1].checked_at, "2000-01-01T00:00:00Z");
	infracost_sources_free(src, n);
	snprintf(sql, sizeof(sql), "SELECT checked_at FROM sources WHERE id = %lld", cur);
	assert_true(is_iso_utc_near_now(sql_text(f->path, sql)));

	expect_error(infracost__store_checked(s, "aws", "AmazonEC2", "eu-west-1"),
		     INFRACOST_ENOTFOUND, NULL);
	expect_in_message("no source aws/AmazonEC2/eu-west-1 in the store");

	/* A validator too long to hand back whole is unknown, never cut. */
	{
		char long_etag[400];
		memset(long_etag, 'e', sizeof(long_etag) - 1);
		long_etag[sizeof(long_etag) - 1] = '\0';
		info.etag = long_etag;
		info.version = "3";
		OK(infracost__store_import_begin(&imp, s, &info));
		OK(infracost__store_import_commit(imp, NULL));
		OK(infracost__store_validators(s, "aws", "AmazonEC2", "us-east-1", etag, lm));
		assert_string_equal(etag, "");
		assert_string_equal(lm, "Wed, 29 May 2024 10:00:00 GMT");
	}
	infracost_store_close(s);
}

static void test_spot_advice(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_source_info info = {"aws", "spot-advisor", "", "aws-spot-advisor", "", "", "", "",
				      ""};
	infracost_store_import *imp = NULL;
	long long count = 0;
	char sql[300];
	infracost_source *src = NULL;
	size_t n = 0;

	OK(infracost__store_import_begin(&imp, s, &info));
	OK(infracost__store_import_spot(imp, "us-east-1", "Linux", "m5.large", 0, 70));
	OK(infracost__store_import_spot(imp, "eu-west-1", "Windows", "c5.xlarge", 4, 30));
	/* The same instance again replaces the first record. */
	OK(infracost__store_import_spot(imp, "us-east-1", "Linux", "m5.large", 1, 65));
	expect_error(infracost__store_import_spot(imp, "us-east-1", "Linux", "m5.large", 5, 10),
		     INFRACOST_EINVALID, NULL);
	expect_in_message("an interruption bucket 0-4");
	expect_error(infracost__store_import_spot(imp, "us-east-1", "Linux", "m5.large", 1, 101),
		     INFRACOST_EINVALID, NULL);
	expect_error(infracost__store_import_spot(imp, "", "Linux", "m5.large", 1, 10),
		     INFRACOST_EINVALID, NULL);
	OK(infracost__store_import_commit(imp, &count));
	assert_int_equal(count, 2);
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 1);
	assert_string_equal(src[0].format, "aws-spot-advisor");
	assert_int_equal(src[0].rows, 2);
	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(region || '/' || os || '/' || instance_type || '/' || "
		 "bucket || '/' || savings, ';') FROM (SELECT * FROM spot_advice WHERE "
		 "source_id = %lld ORDER BY region)",
		 src[0].id);
	infracost_sources_free(src, n);
	assert_string_equal(sql_text(f->path, sql),
			    "eu-west-1/Windows/c5.xlarge/4/30;us-east-1/Linux/m5.large/1/65");
	/* Spot advice holds no prices. */
	assert_string_equal(list_text(s, NULL), "");

	/* A new version replaces it; the version before that goes with its rows. */
	for (int v = 0; v < 2; v++) {
		OK(infracost__store_import_begin(&imp, s, &info));
		OK(infracost__store_import_spot(imp, "us-east-1", "Linux", "m5.large", 2, 50 + v));
		OK(infracost__store_import_commit(imp, &count));
		assert_int_equal(count, 1);
	}
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM spot_advice"), 2);
	assert_int_equal(sql_int(f->path, "SELECT savings FROM spot_advice s JOIN sources o ON "
					  "o.id = s.source_id WHERE o.\"current\" = 1"),
			 51);
	infracost_store_close(s);
}

/* ---- Damaged and foreign files ----------------------------------------------------------- */

static void test_corrupt_file(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = (infracost_store *)&s; /* not NULL: open must clear it */
	char dir[300], msg[600];
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/cache", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/cache/infra-cost", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	fp = fopen(f->path, "wb");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is not a SQLite database, only garbage text. ", fp);
	fclose(fp);

	expect_error(infracost_store_open(&s, f->path), INFRACOST_EDB, NULL);
	assert_null(s);
	snprintf(msg, sizeof(msg), "%s: cannot open the price store: file is not a database",
		 f->path);
	assert_string_equal(infracost_error_last()->message, msg);
	assert_string_equal(infracost_error_last()->source, f->path);
	/* The file is left alone. */
	assert_int_equal(file_size(f->path), 200 * 50);
	infracost_store_close(NULL);
}

static void test_foreign_and_newer_files(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = NULL;
	char other[300], msg[600], blocked[300];
	FILE *fp;

	/* Some other SQLite database. */
	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	sql_exec(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
	snprintf(msg, sizeof(msg),
		 "%s: not an infra-cost price store (a SQLite database without its meta table)",
		 other);
	expect_error(infracost_store_open(&s, other), INFRACOST_EDB, msg);
	assert_null(s);
	assert_int_equal(sql_int(other, "SELECT count(*) FROM sqlite_master"), 1);

	/* A store written by a newer library. */
	s = open_store(f->path);
	infracost_store_close(s);
	s = NULL;
	sql_exec(f->path, "UPDATE meta SET value = '3' WHERE key = 'schema_version'");
	snprintf(msg, sizeof(msg),
		 "%s: store schema version 3 is newer than this library reads (2)", f->path);
	expect_error(infracost_store_open(&s, f->path), INFRACOST_EDB, msg);
	assert_null(s);

	/* A directory that cannot be made (a file is in the way). */
	snprintf(blocked, sizeof(blocked), "%s/file", f->dir);
	fp = fopen(blocked, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(blocked, sizeof(blocked), "%s/file/sub/prices.db", f->dir);
	expect_error(infracost_store_open(&s, blocked), INFRACOST_EIO, NULL);
	snprintf(msg, sizeof(msg), "%s: cannot create directory %s/file/sub: Not a directory",
		 blocked, f->dir);
	assert_string_equal(infracost_error_last()->message, msg);
	assert_null(s);

	expect_error(infracost_store_open(NULL, f->path), INFRACOST_EINVALID, NULL);
	expect_error(infracost_store_open(&s, ""), INFRACOST_EINVALID, NULL);
}

/* ---- Schema version 2: common row values, counts, the upgrade ------------------------ */

/* Rows that mostly share a source and a date (the feed's), with a few of
 * their own and one with neither. The first row is of the minority. */
static size_t shared_rows(infracost_price *rows)
{
	rows[0] = OD("c.large", 0.3);
	rows[0].source = "feed Y";
	rows[0].effective_date = "2024-01-01";
	rows[1] = OD("a.large", 0.1);
	rows[1].source = "feed X";
	rows[1].effective_date = "2024-01-01";
	rows[2] = OD("b.large", 0.2);
	rows[2].source = "feed X";
	rows[2].effective_date = "2024-01-01";
	rows[3] = OD("d.large", 0.4); /* its version's date and feed */
	rows[4] = OD("e.large", 0.5);
	rows[4].source = "feed X";
	rows[4].effective_date = "2023-12-31";
	return 5;
}

#define SHARED_LIST                                                                                \
	"aws/ec2/us-east-1/a.large/on_demand/hour@0 0.1+0 [2024-01-01] [feed X]\n"                 \
	"aws/ec2/us-east-1/b.large/on_demand/hour@0 0.2+0 [2024-01-01] [feed X]\n"                 \
	"aws/ec2/us-east-1/c.large/on_demand/hour@0 0.3+0 [2024-01-01] [feed Y]\n"                 \
	"aws/ec2/us-east-1/d.large/on_demand/hour@0 0.4+0 [2024-05-28] "                           \
	"[aws AmazonEC2 us-east-1 v7 (store)]\n"                                                   \
	"aws/ec2/us-east-1/e.large/on_demand/hour@0 0.5+0 [2023-12-31] [feed X]\n"

/* The schema version 1 of the store, as version 1 of the library created it. */
static const char v1_schema[] =
	"PRAGMA journal_mode = WAL;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE sources (id INTEGER PRIMARY KEY AUTOINCREMENT, provider TEXT NOT NULL, "
	"service TEXT NOT NULL, region TEXT NOT NULL DEFAULT '', format TEXT NOT NULL DEFAULT '', "
	"version TEXT NOT NULL DEFAULT '', published TEXT NOT NULL DEFAULT '', "
	"fetched_at TEXT NOT NULL, checked_at TEXT NOT NULL, etag TEXT NOT NULL DEFAULT '', "
	"last_modified TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', "
	"\"rows\" INTEGER NOT NULL DEFAULT 0, "
	"\"current\" INTEGER NOT NULL DEFAULT 0 CHECK (\"current\" IN (0, 1)));"
	"CREATE UNIQUE INDEX sources_current ON sources (provider, service, region) "
	"WHERE \"current\" = 1;"
	"CREATE TABLE prices (source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE "
	"CASCADE, provider TEXT NOT NULL, service TEXT NOT NULL, region TEXT NOT NULL, "
	"sku TEXT NOT NULL, purchase TEXT NOT NULL, unit TEXT NOT NULL, "
	"tier_start REAL NOT NULL DEFAULT 0, price REAL NOT NULL, upfront REAL NOT NULL DEFAULT 0, "
	"vcpu REAL, memory_gb REAL, effective_date TEXT NOT NULL DEFAULT '', "
	"source TEXT NOT NULL DEFAULT '', PRIMARY KEY (provider, service, region, sku, purchase, "
	"unit, tier_start, source_id DESC), UNIQUE (source_id, provider, service, region, sku, "
	"purchase, unit, tier_start)) WITHOUT ROWID;"
	"CREATE TABLE spot_advice (source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE "
	"CASCADE, region TEXT NOT NULL, os TEXT NOT NULL, instance_type TEXT NOT NULL, "
	"bucket INTEGER NOT NULL CHECK (bucket BETWEEN 0 AND 4), savings INTEGER NOT NULL, "
	"UNIQUE (source_id, region, os, instance_type));"
	"INSERT INTO meta (key, value) VALUES ('schema_version', '1');";

/* A version 1 store at `path` holding `rows` (each with its own source and
 * date, as version 1 stored them) as version 7 of aws/AmazonEC2/us-east-1. */
static void v1_store(const char *path, const infracost_price *rows, size_t n)
{
	char sql[1024];
	sql_exec(path, v1_schema);
	sql_exec(path, "INSERT INTO sources (id, provider, service, region, format, version, "
		       "published, fetched_at, checked_at, \"rows\", \"current\") VALUES (1, "
		       "'aws', 'AmazonEC2', 'us-east-1', 'aws-json', '7', '2024-05-28', "
		       "'2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z', 5, 1)");
	for (size_t i = 0; i < n; i++) {
		const infracost_price *r = &rows[i];
		snprintf(sql, sizeof(sql),
			 "INSERT INTO prices VALUES (1, '%s', '%s', '%s', '%s', '%s', '%s', %.17g, "
			 "%.17g, %.17g, NULL, NULL, '%s', '%s')",
			 r->provider, r->service, r->region, r->sku, r->purchase, r->unit,
			 r->tier_start, r->price, r->upfront, r->effective_date, r->source);
		sql_exec(path, sql);
	}
}

/* A version's common source and date are stored once, in its sources row;
 * every row still reads as it was imported, in a listing and in a catalog,
 * the same as from a store that repeats them on every row (version 1). */
static void test_common_row_values_stored_once(void **state)
{
	struct fixture *f = *state;
	infracost_source_info info = {"aws",        "AmazonEC2", "us-east-1", "aws-json", "7",
				      "2024-05-28", "",          "",          ""};
	infracost_price rows[5];
	size_t n = shared_rows(rows);
	infracost_store *s = open_store(f->path);
	infracost_store_import *imp = NULL;
	infracost_catalog *cat = NULL;
	const infracost_price *t;
	size_t nt;
	long long count = 0;
	char v1path[300], list[8192];

	OK(infracost__store_import_begin(&imp, s, &info));
	for (size_t i = 0; i < n; i++)
		OK(infracost__store_import_row(imp, &rows[i]));
	OK(infracost__store_import_commit(imp, &count));
	assert_int_equal(count, 5);
	snprintf(list, sizeof(list), "%s", list_text(s, NULL));
	assert_string_equal(list, SHARED_LIST);
	/* The majority's values, not the first row's, went to the version. */
	assert_string_equal(sql_text(f->path, "SELECT row_source || '|' || row_effective_date "
					      "FROM sources"),
			    "feed X|2024-01-01");
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices WHERE source IS NULL"), 3);
	assert_int_equal(
		sql_int(f->path, "SELECT count(*) FROM prices WHERE effective_date IS NULL"), 3);
	assert_string_equal(sql_text(f->path, "SELECT group_concat(sku || '=' || source, ' ') FROM "
					      "prices WHERE source IS NOT NULL"),
			    "c.large=feed Y d.large=");
	/* The catalog sees each row's own. */
	OK(infracost_catalog_new(&cat));
	OK(infracost_catalog_load_store(cat, s));
	assert_int_equal(infracost_catalog_count(cat), 5);
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "a.large", "on_demand",
				    "hour"));
	assert_string_equal(t->source, "feed X");
	assert_string_equal(t->effective_date, "2024-01-01");
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "d.large", "on_demand",
				    "hour"));
	assert_string_equal(t->source, "aws AmazonEC2 us-east-1 v7 (store)");
	assert_string_equal(t->effective_date, "2024-05-28");
	OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "e.large", "on_demand",
				    "hour"));
	assert_string_equal(t->source, "feed X");
	assert_string_equal(t->effective_date, "2023-12-31");
	infracost_catalog_free(cat);
	infracost_store_close(s);

	/* The same rows stored the version 1 way read the same. */
	snprintf(v1path, sizeof(v1path), "%s/v1.db", f->dir);
	v1_store(v1path, rows, n);
	s = open_store(v1path);
	assert_string_equal(list_text(s, NULL), list);
	infracost_store_close(s);
}

/* A store of schema version 1 is upgraded when it is opened: its prices,
 * versions and spot advice stay, diff and imports work on them. */
static void test_upgrade_from_v1(void **state)
{
	struct fixture *f = *state;
	infracost_price rows[5];
	size_t n = shared_rows(rows);
	infracost_store *s;
	infracost_source *src = NULL;
	size_t nsrc = 0;
	char path[300];
	infracost_price r;

	snprintf(path, sizeof(path), "%s/v1.db", f->dir);
	v1_store(path, rows, n);
	/* The version before (current = 0), with a price that changed, and
	 * the spot advice of another source. */
	sql_exec(path,
		 "INSERT INTO sources (id, provider, service, region, format, version, "
		 "published, fetched_at, checked_at, \"rows\", \"current\") VALUES (2, 'aws', "
		 "'AmazonEC2', 'us-east-1', 'aws-json', '6', '2024-04-01', "
		 "'2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z', 1, 0), (3, 'aws', "
		 "'SpotAdvisor', '', 'aws-spot-advisor', '', '', '2024-06-01T00:00:00Z', "
		 "'2024-06-01T00:00:00Z', 1, 1);"
		 "INSERT INTO prices VALUES (2, 'aws', 'ec2', 'us-east-1', 'a.large', "
		 "'on_demand', 'hour', 0, 0.09, 0, 2, 8, '', '');"
		 "INSERT INTO spot_advice VALUES (3, 'us-east-1', 'Linux', 'a.large', 1, 60);");
	assert_string_equal(sql_text(path, "PRAGMA journal_mode"), "wal");

	s = open_store(path);
	assert_string_equal(sql_text(path, "SELECT value FROM meta WHERE key = 'schema_version'"),
			    "2");
	assert_null(strstr(sql_text(path, "SELECT sql FROM sqlite_master WHERE name = 'prices'"),
			   "UNIQUE"));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE "
				       "'prices%' OR tbl_name LIKE 'prices%'"),
			 1);
	assert_string_equal(sql_text(path, "PRAGMA integrity_check"), "ok");
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* Every row, as it was. */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"), 6);
	assert_string_equal(list_text(s, NULL), SHARED_LIST);
	OK(infracost_store_sources(&src, &nsrc, s));
	assert_int_equal(nsrc, 3);
	assert_string_equal(src[0].service, "AmazonEC2");
	assert_string_equal(src[0].version, "7");
	assert_int_equal(src[0].rows, 5);
	assert_string_equal(src[1].service, "SpotAdvisor");
	assert_string_equal(src[2].version, "6");
	assert_int_equal(src[2].current, 0);
	infracost_sources_free(src, nsrc);
	/* One version in key order against the other. */
	assert_string_equal(diff_text(s, "aws/AmazonEC2/us-east-1"),
			    "~ aws/ec2/us-east-1/a.large/on_demand/hour@0 0.09+0 -> 0.1+0\n"
			    "+ aws/ec2/us-east-1/b.large/on_demand/hour@0 0.2+0\n"
			    "+ aws/ec2/us-east-1/c.large/on_demand/hour@0 0.3+0\n"
			    "+ aws/ec2/us-east-1/d.large/on_demand/hour@0 0.4+0\n"
			    "+ aws/ec2/us-east-1/e.large/on_demand/hour@0 0.5+0\n");
	{
		infracost_catalog *cat = NULL;
		const infracost_price *t;
		size_t nt;
		OK(infracost_catalog_new(&cat));
		OK(infracost_catalog_load_store(cat, s));
		OK(infracost_catalog_lookup(&t, &nt, cat, "aws", "ec2", "us-east-1", "a.large",
					    "spot_interruption", "share"));
		assert_money(t->price, 0.075);
		infracost_catalog_free(cat);
	}
	/* A new version drops version 6 and its prices. */
	r = OD("a.large", 0.11);
	assert_int_equal(import_version(s, "aws", "AmazonEC2", "us-east-1", "8", &r, 1), 1);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM sources WHERE id = 2"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices WHERE source_id = 2"), 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"), 6);
	assert_string_equal(diff_text(s, "aws/AmazonEC2/us-east-1"),
			    "~ aws/ec2/us-east-1/a.large/on_demand/hour@0 0.1+0 -> 0.11+0\n"
			    "- aws/ec2/us-east-1/b.large/on_demand/hour@0 0.2+0\n"
			    "- aws/ec2/us-east-1/c.large/on_demand/hour@0 0.3+0\n"
			    "- aws/ec2/us-east-1/d.large/on_demand/hour@0 0.4+0\n"
			    "- aws/ec2/us-east-1/e.large/on_demand/hour@0 0.5+0\n");
	infracost_store_close(s);
	/* Opening it again changes nothing. */
	s = open_store(path);
	assert_string_equal(sql_text(path, "SELECT value FROM meta WHERE key = 'schema_version'"),
			    "2");
	assert_string_equal(list_text(s, NULL), "aws/ec2/us-east-1/a.large/on_demand/hour@0 "
						"0.11+0 [] [aws AmazonEC2 us-east-1 v8 (store)]\n");
	infracost_store_close(s);
}

/* An upgrade that fails leaves the store as it was: one transaction. */
static void test_failed_upgrade_leaves_store(void **state)
{
	struct fixture *f = *state;
	infracost_price rows[5];
	size_t n = shared_rows(rows);
	infracost_store *s = NULL;
	char path[300], msg[600];

	snprintf(path, sizeof(path), "%s/v1.db", f->dir);
	v1_store(path, rows, n);
	/* In the way of the upgrade's new table, after sources has changed. */
	sql_exec(path, "CREATE TABLE prices_v2 (x)");
	snprintf(msg, sizeof(msg),
		 "%s: cannot upgrade the price store: table prices_v2 already exists", path);
	expect_error(infracost_store_open(&s, path), INFRACOST_EDB, msg);
	assert_null(s);
	assert_string_equal(sql_text(path, "SELECT value FROM meta WHERE key = 'schema_version'"),
			    "1");
	assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_table_info('sources') WHERE "
				       "name IN ('row_effective_date', 'row_source')"),
			 0);
	assert_non_null(strstr(
		sql_text(path, "SELECT sql FROM sqlite_master WHERE name = 'prices'"), "UNIQUE"));
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"), 5);
	/* Out of the way, the upgrade goes through. */
	sql_exec(path, "DROP TABLE prices_v2");
	s = open_store(path);
	assert_string_equal(list_text(s, NULL), SHARED_LIST);
	infracost_store_close(s);
}

/* A key met again after its first batch was inserted (more rows than a
 * batch holds): the later row wins and the count stays exact, also when
 * new keys and keys met before share an INSERT statement. */
static void test_duplicate_key_across_batches(void **state)
{
	struct fixture *f = *state;
	enum { FIRST = 16384 }; /* two of store.c's batches (BATCH_ROWS) */
	infracost_store *s = open_store(f->path);
	infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "1",
				      "",    "",          "",          ""};
	infracost_store_import *imp = NULL;
	infracost_price r;
	infracost_price_filter one = {NULL, NULL, NULL, NULL, NULL};
	infracost_source *src = NULL;
	size_t n = 0;
	long long count = 0;
	char sku[32];

	OK(infracost__store_import_begin(&imp, s, &info));
	for (int i = 0; i < FIRST; i++) {
		snprintf(sku, sizeof(sku), "x%05d.large", i);
		r = OD(sku, 1);
		OK(infracost__store_import_row(imp, &r));
	}
	/* The second batch: 100 keys of the first, a new key among them, and
	 * one of them twice in the batch. */
	for (int i = 0; i < 100; i++) {
		snprintf(sku, sizeof(sku), "x%05d.large", i * 7);
		r = OD(sku, 2);
		OK(infracost__store_import_row(imp, &r));
		if (i == 50) {
			r = OD("x00100.new", 3);
			OK(infracost__store_import_row(imp, &r));
		}
	}
	r = OD("x00007.large", 4);
	OK(infracost__store_import_row(imp, &r));
	/* While a batch may be going in on the import's thread, the handle
	 * still reads the last committed state. */
	assert_string_equal(list_text(s, NULL), "");
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(n, 0);
	infracost_sources_free(src, n);
	OK(infracost__store_import_commit(imp, &count));
	assert_int_equal(count, FIRST + 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices"), FIRST + 1);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices WHERE price = 2"), 99);
	OK(infracost_store_sources(&src, &n, s));
	assert_int_equal(src[0].rows, FIRST + 1);
	infracost_sources_free(src, n);
	one.sku = "x00007.large";
	assert_string_equal(list_text(s, &one), "aws/ec2/us-east-1/x00007.large/on_demand/hour@0 "
						"4+0 [] [aws AmazonEC2 us-east-1 v1 (store)]\n");
	one.sku = "x00693.large";
	assert_string_equal(list_text(s, &one), "aws/ec2/us-east-1/x00693.large/on_demand/hour@0 "
						"2+0 [] [aws AmazonEC2 us-east-1 v1 (store)]\n");
	one.sku = "x00694.large";
	assert_string_equal(list_text(s, &one), "aws/ec2/us-east-1/x00694.large/on_demand/hour@0 "
						"1+0 [] [aws AmazonEC2 us-east-1 v1 (store)]\n");
	one.sku = "x00100.new";
	assert_string_equal(list_text(s, &one), "aws/ec2/us-east-1/x00100.new/on_demand/hour@0 "
						"3+0 [] [aws AmazonEC2 us-east-1 v1 (store)]\n");
	infracost_store_close(s);
}

/* A batch that fails to go in (here a trigger refuses a row; a full disk
 * would do the same), on the import's thread or not: the import reports it
 * at its next step, at the latest at its commit, and the store stays as it
 * was. */
static void test_failed_batch_leaves_store(void **state)
{
	struct fixture *f = *state;
	enum { ROWS = 10000 }; /* store.c's batches (BATCH_ROWS) are 8192 rows */
	infracost_store *s = open_store(f->path);
	infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "2",
				      "",    "",          "",          ""};
	infracost_store_import *imp = NULL;
	infracost_price r;
	char msg[600], sku[32];

	import_ec2_v1(s);
	sql_exec(f->path, "CREATE TRIGGER boom BEFORE INSERT ON prices WHEN NEW.sku = "
			  "'x00100.large' BEGIN SELECT RAISE(ABORT, 'no x00100'); END");
	snprintf(msg, sizeof(msg), "%s: importing aws/AmazonEC2/us-east-1: no x00100", f->path);
	for (int step = 0; step < 4; step++) {
		/* 1.2 batches: the first goes to the import's thread; 2.4: the
		 * next full batch meets the failure. */
		int rows = step == 2 ? 2 * ROWS : ROWS, rc = 0;
		OK(infracost__store_import_begin(&imp, s, &info));
		for (int i = 0; i < rows && !rc; i++) {
			snprintf(sku, sizeof(sku), "x%05d.large", i);
			r = OD(sku, 1);
			rc = infracost__store_import_row(imp, &r);
		}
		if (step != 2)
			OK(rc);
		/* Reading meanwhile is not disturbed. */
		assert_string_equal(list_text(s, NULL), EC2_V1_LIST);
		if (step == 0) {
			/* The commit reports it (and ends the import). */
			expect_error(infracost__store_import_commit(imp, NULL), INFRACOST_EDB, msg);
			continue;
		}
		if (step == 1)
			rc = infracost__store_import_set(imp, "version", "3");
		else if (step == 3)
			rc = infracost__store_import_spot(imp, "us-east-1", "Linux", "m5.large", 0,
							  70);
		expect_error(rc, INFRACOST_EDB, msg);
		/* Every later step reports it too. */
		expect_error(infracost__store_import_set(imp, "version", "3"), INFRACOST_EDB, msg);
		if (step == 1)
			expect_error(infracost__store_import_commit(imp, NULL), INFRACOST_EDB, msg);
		else
			infracost__store_import_abort(imp);
		assert_string_equal(list_text(s, NULL), EC2_V1_LIST);
	}
	infracost_store_close(s);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices"), 5);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sources"), 1);
	/* Without the trigger the same import goes through. */
	sql_exec(f->path, "DROP TRIGGER boom");
	s = open_store(f->path);
	OK(infracost__store_import_begin(&imp, s, &info));
	for (int i = 0; i < 2 * ROWS; i++) {
		snprintf(sku, sizeof(sku), "x%05d.large", i);
		r = OD(sku, 1);
		OK(infracost__store_import_row(imp, &r));
	}
	OK(infracost__store_import_commit(imp, NULL));
	assert_int_equal(sql_int(f->path, "SELECT \"rows\" FROM sources WHERE \"current\" = 1"),
			 2 * ROWS);
	infracost_store_close(s);
}

/* ---- Out of memory ------------------------------------------------------------------------ */

static int import_under_injection(const char *path, unsigned long n)
{
	infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "1",
				      "",    "",          "",          ""};
	infracost_store *s = NULL;
	infracost_store_import *imp = NULL;
	infracost_price rows[3];
	int rc;

	rows[0] = OD("m5.large", 0.096);
	rows[1] = OD("c5.large", 0.085);
	rows[2] = P("transfer", "out", "on_demand", "gb", 0.09, 0, 0);
	infracost__alloc_fail_after(n);
	rc = infracost_store_open(&s, path);
	if (!rc)
		rc = infracost__store_import_begin(&imp, s, &info);
	for (int i = 0; !rc && i < 3; i++)
		rc = infracost__store_import_row(imp, &rows[i]);
	if (!rc)
		rc = infracost__store_import_commit(imp, NULL);
	else
		infracost__store_import_abort(imp);
	infracost_store_close(s);
	infracost__alloc_fail_after(0);
	return rc;
}

static void test_out_of_memory_open_import(void **state)
{
	struct fixture *f = *state;
	unsigned long n;
	int done = 0;

	for (n = 1; n < 1000 && !done; n++) {
		int rc = import_under_injection(f->path, n);
		if (rc == 0) {
			done = 1;
			break;
		}
		expect_error(rc, INFRACOST_ENOMEM, "out of memory");
		/* Nothing was imported. */
		if (file_size(f->path) > 0)
			assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sources"), 0);
	}
	assert_true(done);
	/* Opening and importing allocate more than once: several steps failed. */
	assert_true(n > 3);
	assert_int_equal(sql_int(f->path, "SELECT count(*) FROM prices"), 3);
	assert_int_equal(sql_int(f->path, "SELECT \"rows\" FROM sources WHERE \"current\" = 1"), 3);
}

static void test_out_of_memory_reading(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	infracost_price r;
	int done;
	unsigned long n;

	import_ec2_v1(s);
	r = OD("m5.large", 0.5);
	import_version(s, "aws", "AmazonEC2", "us-east-1", "2", &r, 1);

	/* Loading into a catalog: all or nothing. */
	done = 0;
	for (n = 1; n < 10000 && !done; n++) {
		infracost_catalog *cat = catalog_from(
			"provider,service,region,sku,purchase,unit,price\n"
			"aws,nat,us-east-1,gateway,on_demand,hour,0.045\n");
		int rc;
		infracost__alloc_fail_after(n);
		rc = infracost_catalog_load_store(cat, s);
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_int_equal(infracost_catalog_count(cat), 2);
			done = 1;
			infracost_catalog_free(cat);
			break;
		} else {
			expect_error(rc, INFRACOST_ENOMEM, "out of memory");
			assert_int_equal(infracost_catalog_count(cat), 1);
		}
		infracost_catalog_free(cat);
	}
	assert_true(done);
	assert_true(n > 3);

	/* Sources. */
	done = 0;
	for (n = 1; n < 10000 && !done; n++) {
		infracost_source *src = (infracost_source *)&src;
		size_t count = 99;
		int rc;
		infracost__alloc_fail_after(n);
		rc = infracost_store_sources(&src, &count, s);
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_int_equal(count, 2);
			infracost_sources_free(src, count);
			done = 1;
			break;
		} else {
			expect_error(rc, INFRACOST_ENOMEM, "out of memory");
			assert_null(src);
			assert_int_equal(count, 0);
		}
	}
	assert_true(done);
	assert_true(n > 10);

	/* Listing and diff. */
	for (int which = 0; which < 2; which++) {
		done = 0;
		for (n = 1; n < 100 && !done; n++) {
			struct text t;
			int rc;
			memset(&t, 0, sizeof(t));
			infracost__alloc_fail_after(n);
			rc = which == 0 ? infracost_store_list(s, NULL, list_row, &t)
					: infracost_store_diff(s, "aws/AmazonEC2/us-east-1",
							       diff_row, &t);
			infracost__alloc_fail_after(0);
			if (rc == 0) {
				done = 1;
				break;
			}
			expect_error(rc, INFRACOST_ENOMEM, "out of memory");
		}
		assert_true(done);
		assert_true(n > 1);
	}
	infracost_store_close(s);
}

/* ---- Read-only stores and paths ---------------------------------------------- */

/* The read-only open paths themselves (forced: root may write anywhere):
 * read-only, and read-only immutable (a WAL store where no -shm file can
 * be made). Everything reads; nothing writes, with a clear message. */
static void test_readonly_open_paths(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	struct stat before, after;
	char wal[300];

	import_ec2_v1(s);
	infracost_store_close(s);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_int_equal(stat(f->path, &before), 0);
	for (int mode = 1; mode <= 2; mode++) {
		infracost_catalog *cat = NULL;
		infracost_source *src = NULL;
		infracost_store_import *imp = NULL;
		infracost_source_info info = {"aws", "AmazonEC2", "us-east-1", "aws-json", "",
					      "",    "",          "",          ""};
		size_t n = 0;
		s = NULL;
		OK(infracost__store_open_mode(&s, f->path, mode));
		assert_int_equal(infracost__store_readonly(s), mode);
		assert_string_equal(list_text(s, NULL), EC2_V1_LIST);
		OK(infracost_store_sources(&src, &n, s));
		assert_int_equal(n, 1);
		infracost_sources_free(src, n);
		OK(infracost_catalog_new(&cat));
		OK(infracost_catalog_load_store(cat, s));
		assert_int_equal(infracost_catalog_count(cat), 5);
		infracost_catalog_free(cat);
		expect_error(infracost_store_diff(s, "aws/AmazonEC2/us-east-1", diff_row, NULL),
			     INFRACOST_ENOTFOUND, NULL);
		expect_in_message("only one version of aws/AmazonEC2/us-east-1");
		expect_error(infracost__store_import_begin(&imp, s, &info), INFRACOST_EDB, NULL);
		expect_in_message(
			"prices.db: cannot import: the price store is read-only (the file "
			"or its directory is not writable)");
		assert_null(imp);
		expect_error(infracost__store_checked(s, "aws", "AmazonEC2", "us-east-1"),
			     INFRACOST_EDB, NULL);
		expect_in_message("read-only");
		infracost_store_close(s);
	}
	assert_int_equal(stat(f->path, &after), 0);
	assert_true(after.st_size == before.st_size && after.st_mtime == before.st_mtime);
	/* SQLite may leave an empty -wal where it could make one: nothing in it. */
	assert_true(stat(wal, &after) != 0 || after.st_size == 0);
	/* A read-only open makes no store. */
	s = NULL;
	snprintf(wal, sizeof(wal), "%s/missing.db", f->dir);
	assert_int_equal(infracost__store_open_mode(&s, wal, 1), INFRACOST_EDB);
	assert_null(s);
	assert_int_equal(access(wal, F_OK), -1);
}

/* A store in a read-only directory, itself read-only: listing, sources and
 * estimates work, an import fails with a clear message (status 8). As
 * root (CI), the commands run as nobody: root ignores permissions. */
static void test_readonly_store_readable(void **state)
{
	struct fixture *f = *state;
	infracost_store *s = open_store(f->path);
	char dir[300], cache[300], cmd[2048], *out, *err;
	const char *as = "";
	int status;

	import_ec2_v1(s);
	infracost_store_close(s);
	if (geteuid() == 0) {
		if (access("/usr/bin/setpriv", X_OK) != 0)
			skip();
		as = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups ";
	}
	snprintf(cache, sizeof(cache), "%s/cache", f->dir);
	snprintf(dir, sizeof(dir), "%s/cache/infra-cost", f->dir);
	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(chmod(cache, 0755), 0);
	assert_int_equal(chmod(dir, 0555), 0);
	assert_int_equal(chmod(f->path, 0444), 0);
	if (geteuid() != 0) {
		/* In the process too: opened read-only by itself. */
		s = open_store(f->path);
		assert_true(infracost__store_readonly(s) > 0);
		assert_string_equal(list_text(s, NULL), EC2_V1_LIST);
		infracost_store_close(s);
	}
	snprintf(cmd, sizeof(cmd), "%s'%s' pricing list --store '%s' --sku m5.large", as, CLI_PATH,
		 f->path);
	status = run_command(cmd, &out, &err);
	if (status != 0)
		print_error("%s: %d: %s", cmd, status, err);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "m5.large"));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "%s'%s' pricing sources --store '%s' --format json", as,
		 CLI_PATH, f->path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "\"service\": \"AmazonEC2\""));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd),
		 "%s'%s' estimate '%s/examples/starter.json' --store '%s' --format json", as,
		 CLI_PATH, SOURCE_DIR, f->path);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "\"environments\""));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd),
		 "%s'%s' pricing import '%s/feeds/aws/ec2-m5.large-offer.csv' --format aws-csv "
		 "--store '%s' --quiet",
		 as, CLI_PATH, TEST_DATA_DIR, f->path);
	assert_int_equal(run_command(cmd, &out, &err), 8);
	assert_non_null(strstr(err, "cannot import: the price store is read-only"));
	free(out);
	free(err);
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(chmod(f->path, 0600), 0);
}

/* --store is a file path, never a SQLite URI: "file:x.db?mode=memory" is a
 * file of that name in the current directory, and keeps what is imported. */
static void test_store_path_is_never_a_uri(void **state)
{
	struct fixture *f = *state;
	static const char name[] = "file:x.db?mode=memory";
	char cwd[4096];
	infracost_store *s;
	infracost_price rows[1];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	rows[0] = OD("m5.large", 0.096);
	s = open_store(name);
	assert_int_equal(import_version(s, "aws", "AmazonEC2", "us-east-1", "1", rows, 1), 1);
	infracost_store_close(s);
	assert_int_equal(access(name, F_OK), 0);
	s = open_store(name);
	assert_non_null(strstr(list_text(s, NULL), "m5.large/on_demand/hour@0 0.096"));
	infracost_store_close(s);
	assert_int_equal(chdir(cwd), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(test_open_creates_file_dirs_schema),
		T(test_default_path),
		T(test_import_sources_list),
		T(test_load_into_catalog),
		T(test_versions_keep_one_previous),
		T(test_diff),
		T(test_diff_rows_name_their_version),
		T(test_diff_errors),
		T(test_abort_leaves_store),
		T(test_killed_import_leaves_store),
		T(test_reader_during_import),
		T(test_duplicate_key_replaces),
		T(test_overlapping_sources),
		T(test_load_failure_leaves_catalog),
		T(test_invalid_rows_refused),
		T(test_validators_and_checked),
		T(test_spot_advice),
		T(test_corrupt_file),
		T(test_foreign_and_newer_files),
		T(test_common_row_values_stored_once),
		T(test_upgrade_from_v1),
		T(test_failed_upgrade_leaves_store),
		T(test_duplicate_key_across_batches),
		T(test_failed_batch_leaves_store),
		T(test_out_of_memory_open_import),
		T(test_out_of_memory_reading),
		T(test_readonly_open_paths),
		T(test_readonly_store_readable),
		T(test_store_path_is_never_a_uri),
	};
	if (argc == 5 && strcmp(argv[1], "--killed-import-child") == 0)
		return killed_import_child(argv[2], atoi(argv[3]), atoi(argv[4]));
	self_path = argv[0];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
