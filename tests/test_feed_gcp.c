/* test_feed_gcp.c - the Cloud Billing Catalog skus.list parser and the
 * machine-type composition (lib/feeds/feed_gcp.c, lib/feeds/gcp_machines.h).
 *
 * Fixtures in tests/data/feeds/gcp (README.md there says where each came
 * from): opencost's real skus.list response (A2 in USD; T2D and E2 in IDR),
 * Cyclenerd's API notes (a real tiered SKU after a template that is not
 * JSON), and a 2-page response built in the real A2 SKU format. Reference
 * prices: karpenter-provider-gcp's us-central1 table
 * (data/feeds/gcp/karpenter_gcp_us_central1.h) and the shipped
 * pricing-data/gcp-us-central1.csv. Pages are read into heap buffers of
 * exactly their length, so a read past the end shows under ASan/valgrind. */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "feed.h"
#include "gcp_machines.h"

#include "data/feeds/gcp/karpenter_gcp_us_central1.h"

#define DATA TEST_DATA_DIR "/feeds/gcp/"

/* ---- a sink that keeps copies ---- */

typedef struct {
	char *provider, *service, *region, *sku, *purchase, *unit, *date, *source;
	double price, upfront, tier_start, vcpu, memory_gb;
} row_copy;

typedef struct {
	row_copy *rows;
	size_t count, cap;
	char skipped[32];
	int meta_calls;
	int stop_after;
} collector;

static char *dup_or_die(const char *s)
{
	char *d = strdup(s ? s : "(null)");
	assert_non_null(d);
	return d;
}

static int collect_row(void *ctx, const infracost_price *row)
{
	collector *c = ctx;
	row_copy *r;

	if (c->stop_after > 0 && c->count >= (size_t)c->stop_after)
		return INFRACOST_EIO;
	if (c->count == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->rows = realloc(c->rows, c->cap * sizeof *c->rows);
		assert_non_null(c->rows);
	}
	r = &c->rows[c->count++];
	r->provider = dup_or_die(row->provider);
	r->service = dup_or_die(row->service);
	r->region = dup_or_die(row->region);
	r->sku = dup_or_die(row->sku);
	r->purchase = dup_or_die(row->purchase);
	r->unit = dup_or_die(row->unit);
	r->date = dup_or_die(row->effective_date);
	r->source = dup_or_die(row->source);
	r->price = row->price;
	r->upfront = row->upfront;
	r->tier_start = row->tier_start;
	r->vcpu = row->vcpu;
	r->memory_gb = row->memory_gb;
	return 0;
}

static int collect_meta(void *ctx, const char *key, const char *value)
{
	collector *c = ctx;

	c->meta_calls++;
	if (strcmp(key, "skipped") == 0)
		snprintf(c->skipped, sizeof c->skipped, "%s", value);
	return 0;
}

static void collector_reset(collector *c)
{
	for (size_t i = 0; i < c->count; i++) {
		row_copy *r = &c->rows[i];
		free(r->provider);
		free(r->service);
		free(r->region);
		free(r->sku);
		free(r->purchase);
		free(r->unit);
		free(r->date);
		free(r->source);
	}
	free(c->rows);
	memset(c, 0, sizeof *c);
}

static infracost_feed_sink sink_of(collector *c)
{
	infracost_feed_sink s = {collect_row, collect_meta, NULL, c, NULL};
	return s;
}

static const row_copy *find_row(const collector *c, const char *region, const char *sku,
				const char *purchase)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->rows[i].region, region) == 0 && strcmp(c->rows[i].sku, sku) == 0 &&
		    strcmp(c->rows[i].purchase, purchase) == 0)
			return &c->rows[i];
	return NULL;
}

static const row_copy *must_find(const collector *c, const char *region, const char *sku,
				 const char *purchase)
{
	const row_copy *r = find_row(c, region, sku, purchase);
	if (!r) {
		print_error("no row %s/%s/%s among %zu rows\n", region, sku, purchase, c->count);
		fail();
	}
	return r;
}

static size_t count_rows(const collector *c, const char *region, const char *purchase)
{
	size_t n = 0;
	for (size_t i = 0; i < c->count; i++)
		if ((!region || strcmp(c->rows[i].region, region) == 0) &&
		    (!purchase || strcmp(c->rows[i].purchase, purchase) == 0))
			n++;
	return n;
}

#define assert_price(a, b) assert_price_((a), (b), #a, __FILE__, __LINE__)
static void assert_price_(double a, double b, const char *expr, const char *file, int line)
{
	if (!(fabs(a - b) <= 1e-12 * fmax(1.0, fabs(b)))) {
		print_error("%s:%d: %s = %.17g, expected %.17g\n", file, line, expr, a, b);
		_fail(file, line);
	}
}

/* ---- pages ---- */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f) {
		print_error("cannot open %s\n", path);
		fail();
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int page_file(infracost_gcp_state *st, const char *file, const infracost_feed_filter *f,
		     collector *c, char **next)
{
	char path[512];
	size_t len;
	char *buf;
	infracost_feed_sink sink = sink_of(c);
	int rc;

	snprintf(path, sizeof path, DATA "%s", file);
	buf = read_file(path, &len);
	rc = infracost__gcp_skus_page(st, buf, len, file, f, &sink, next);
	free(buf);
	return rc;
}

static int page_text(infracost_gcp_state *st, const char *text, const char *name,
		     const infracost_feed_filter *f, collector *c, char **next)
{
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	infracost_feed_sink sink = sink_of(c);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);
	rc = infracost__gcp_skus_page(st, buf, len, name, f, &sink, next);
	free(buf);
	return rc;
}

static int finish(infracost_gcp_state *st, collector *c)
{
	infracost_feed_sink sink = sink_of(c);
	return infracost__gcp_finish(st, &sink);
}

static void expect_ok(int rc)
{
	if (rc != 0) {
		print_error("failed (%d): %s\n", rc,
			    infracost_error_last() ? infracost_error_last()->message : "?");
		fail();
	}
}

static void expect_error(int rc, int code, const char *message)
{
	const infracost_error *e = infracost_error_last();

	assert_int_equal(rc, code);
	assert_non_null(e);
	if (strcmp(e->message, message) != 0) {
		print_error("message: %s\nexpected: %s\n", e->message, message);
		fail();
	}
}

static infracost_gcp_state *new_state(void)
{
	infracost_gcp_state *st = NULL;
	assert_int_equal(infracost__gcp_new(&st), 0);
	assert_non_null(st);
	return st;
}

/* One SKU in the real format (opencost's "A2 Instance Core running in
 * Americas"), with the fields a case changes. `tiers` is the inside of
 * tieredRates; NULL gives one tier from 0 at units/nanos. */
static void sku_json(char *out, size_t size, const char *id, const char *desc, const char *group,
		     const char *usage, const char *regions, const char *unit, const char *units,
		     long nanos, const char *tiers)
{
	char one[256];

	snprintf(one, sizeof one,
		 "{\"startUsageAmount\": 0, \"unitPrice\": {\"currencyCode\": \"USD\", "
		 "\"units\": %s, \"nanos\": %ld}}",
		 units, nanos);
	snprintf(out, size,
		 "{\"name\": \"services/6F81-5844-456A/skus/%s\", \"skuId\": \"%s\", "
		 "\"description\": \"%s\", \"category\": {\"serviceDisplayName\": \"Compute "
		 "Engine\", \"resourceFamily\": \"Compute\", \"resourceGroup\": \"%s\", "
		 "\"usageType\": \"%s\"}, \"serviceRegions\": [%s], \"pricingInfo\": "
		 "[{\"summary\": \"\", \"pricingExpression\": {\"usageUnit\": \"%s\", "
		 "\"displayQuantity\": 1, \"tieredRates\": [%s]}, \"currencyConversionRate\": 1, "
		 "\"effectiveTime\": \"2023-03-24T10:52:50.681Z\"}], \"serviceProviderName\": "
		 "\"Google\"}",
		 id, id, desc, group, usage, regions, unit, tiers ? tiers : one);
}

static char *skus_page(const char *skus, const char *token)
{
	size_t n = strlen(skus) + 128;
	char *page = malloc(n);

	assert_non_null(page);
	snprintf(page, n, "{\"skus\": [%s], \"nextPageToken\": \"%s\"}", skus, token);
	return page;
}

/* E2 core and RAM for region list `regions` at the given nanos. */
static char *e2_page(const char *regions, long core_nanos, long ram_nanos)
{
	char core[1500], ram[1500], both[3100];

	sku_json(core, sizeof core, "CF4E-A0C7-E3BF", "E2 Instance Core running in Americas", "CPU",
		 "OnDemand", regions, "h", "\"0\"", core_nanos, NULL);
	sku_json(ram, sizeof ram, "F449-33EC-A5EF", "E2 Instance Ram running in Americas", "RAM",
		 "OnDemand", regions, "GiBy.h", "\"0\"", ram_nanos, NULL);
	snprintf(both, sizeof both, "%s, %s", core, ram);
	return skus_page(both, "");
}

/* ---- the real E2 SKUs ---- */

static void test_real_e2_skus_compose_e2_standard_2(void **state)
{
	/* opencost's real "E2 Instance Core/Ram running in Americas" SKUs are
	 * priced in IDR with currencyConversionRate 14999.999925 (USD x rate =
	 * IDR). Divided back, they are the USD prices the fixture pages carry. */
	const double rate = 14999.999925;
	const double core = 327.0 + 173848364 / 1e9, ram = 43.0 + 852949780 / 1e9;
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char *page;
	const row_copy *r;

	(void)state;
	assert_int_equal(lround(core / rate * 1e9), 21811590);
	assert_int_equal(lround(ram / rate * 1e9), 2923530);

	page = e2_page("\"us-central1\", \"us-east1\", \"us-west1\"", 21811590, 2923530);
	expect_ok(page_text(st, page, "e2.json", NULL, &c, NULL));
	expect_ok(finish(st, &c));
	/* 2 x 0.02181159 + 8 x 0.00292353, the shipped book's on-demand price. */
	r = must_find(&c, "us-central1", "e2-standard-2", "on_demand");
	assert_price(r->price, 0.06701142);
	assert_price(r->price, 2 * 0.02181159 + 8 * 0.00292353);
	assert_string_equal(r->provider, "gcp");
	assert_string_equal(r->service, "compute");
	assert_string_equal(r->unit, "hour");
	assert_price(r->vcpu, 2);
	assert_price(r->memory_gb, 8);
	assert_price(r->upfront, 0);
	assert_price(r->tier_start, 0);
	assert_string_equal(r->date, "2023-03-24");
	assert_string_equal(r->source, "gcp cloud billing catalog Compute Engine SKUs "
				       "CF4E-A0C7-E3BF (core) + F449-33EC-A5EF (ram)");
	assert_price(must_find(&c, "us-east1", "e2-standard-4", "on_demand")->price, 0.13402284);
	/* Shared core: 0.25, 0.5 and 1 vCPU billed; capacity unknown. */
	r = must_find(&c, "us-west1", "e2-micro", "on_demand");
	assert_price(r->price, 0.0083764275);
	assert_true(r->vcpu == -1);
	assert_price(r->memory_gb, 1);
	assert_price(must_find(&c, "us-west1", "e2-small", "on_demand")->price, 0.016752855);
	assert_price(must_find(&c, "us-west1", "e2-medium", "on_demand")->price, 0.03350571);
	/* 17 E2 types x 3 regions, on demand only (no spot SKU here). */
	assert_int_equal(c.count, 51);
	assert_int_equal(count_rows(&c, NULL, "spot"), 0);
	assert_string_equal(c.skipped, "0");
	free(page);
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_real_opencost_response_refused_for_idr(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char *next = (char *)1;
	const infracost_error *e;

	(void)state;
	/* The real response mixes USD (A2) and IDR (T2D, E2) SKUs: IDR is not
	 * converted, the page is refused, and nothing of it is kept. */
	expect_error(page_file(st, "opencost-skus.json", NULL, &c, &next), INFRACOST_EINVALID,
		     "opencost-skus.json:178:53: "
		     "skus[3].pricingInfo[0].pricingExpression.tieredRates[0].unitPrice."
		     "currencyCode: only USD is supported, got 'IDR'");
	e = infracost_error_last();
	assert_int_equal(e->line, 178);
	assert_int_equal(e->column, 53);
	assert_null(next);
	assert_int_equal(c.meta_calls, 0);
	expect_ok(finish(st, &c));
	assert_int_equal(c.count, 0);
	assert_string_equal(c.skipped, "0"); /* the page kept nothing */
	collector_reset(&c);
	infracost__gcp_free(st);
}

/* ---- the 2-page response ---- */

static void test_pages_compose_every_machine_type(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char *next = NULL;
	size_t n_od = sizeof kp_on_demand / sizeof kp_on_demand[0];
	size_t n_spot = sizeof kp_spot / sizeof kp_spot[0];
	const row_copy *r;

	(void)state;
	expect_ok(page_file(st, "pages/page1.json", NULL, &c, &next));
	assert_non_null(next);
	assert_string_equal(next,
			    "APKCS1HVa0YpwgyTFbqbJ1eGwzKZmsPwLqzMZPTSNia5ck1Hc54Tx_Kz3oBxwSnRId"
			    "GVxXoSPdf-XlDpyNBf4QuxKcIEgtrQ1LDLWAgZowI0ns7HjrGta2s=");
	/* A2 GPU, A2 RAM, A2 core, E2 Custom core, an E2 commitment. */
	assert_string_equal(c.skipped, "5");
	infracost__free(next);
	next = (char *)1;
	expect_ok(page_file(st, "pages/page2.json", NULL, &c, &next));
	assert_null(next);                   /* "" on the last page */
	assert_string_equal(c.skipped, "1"); /* the tiered VPN egress SKU */
	assert_int_equal(c.count, 0);        /* nothing before finish */

	expect_ok(finish(st, &c));
	assert_string_equal(c.skipped, "0");
	/* us-central1: E2, N2, N2D, C3 (95 types) on demand and spot; us-east1
	 * the same on demand; us-west1 E2, N2, N2D on demand (77); Singapore
	 * T2D on demand (8). */
	assert_int_equal(count_rows(&c, "us-central1", "on_demand"), 95);
	assert_int_equal(count_rows(&c, "us-central1", "spot"), 95);
	assert_int_equal(count_rows(&c, "us-east1", "on_demand"), 95);
	assert_int_equal(count_rows(&c, "us-east1", "spot"), 0);
	assert_int_equal(count_rows(&c, "us-west1", "on_demand"), 77);
	assert_int_equal(count_rows(&c, "asia-southeast1", "on_demand"), 8);
	assert_int_equal(c.count, 370);

	/* Every type against karpenter-provider-gcp's us-central1 table. */
	for (size_t i = 0; i < n_od; i++) {
		r = must_find(&c, "us-central1", kp_on_demand[i].machine, "on_demand");
		assert_price(r->price, kp_on_demand[i].price);
		r = must_find(&c, "us-east1", kp_on_demand[i].machine, "on_demand");
		assert_price(r->price, kp_on_demand[i].price);
	}
	for (size_t i = 0; i < n_spot; i++) {
		r = must_find(&c, "us-central1", kp_spot[i].machine, "spot");
		assert_price(r->price, kp_spot[i].price);
	}

	/* A few by hand. */
	r = must_find(&c, "us-central1", "n2-highmem-128", "on_demand");
	assert_price(r->price, 128 * 0.031611 + 864 * 0.004237);
	assert_price(r->vcpu, 128);
	assert_price(r->memory_gb, 864);
	r = must_find(&c, "us-central1", "c3-highcpu-4", "spot");
	assert_price(r->price, 4 * 0.01243 + 8 * 0.001412);
	r = must_find(&c, "us-central1", "e2-micro", "spot");
	assert_price(r->price, 0.25 * 0.01309 + 1 * 0.001754);
	assert_true(r->vcpu == -1);
	r = must_find(&c, "asia-southeast1", "t2d-standard-1", "on_demand");
	assert_price(r->price, 0.033929 + 4 * 0.004547);
	assert_string_equal(r->date, "2023-08-10");
	assert_string_equal(r->source, "gcp cloud billing catalog Compute Engine SKUs "
				       "9E37-EAF4-1576 (core) + 4756-01E4-0F32 (ram)");
	r = must_find(&c, "asia-southeast1", "t2d-standard-60", "on_demand");
	assert_price(r->price, 60 * 0.033929 + 240 * 0.004547);
	assert_string_equal(must_find(&c, "us-central1", "e2-standard-2", "on_demand")->date,
			    "2023-08-09");
	/* No family without SKUs, no type outside the table. */
	assert_null(find_row(&c, "us-central1", "t2d-standard-1", "on_demand"));
	assert_null(find_row(&c, "us-central1", "a2-highgpu-1g", "on_demand"));
	assert_null(find_row(&c, "us-west1", "c3-standard-4", "on_demand"));
	for (size_t i = 0; i < c.count; i++) {
		assert_string_equal(c.rows[i].unit, "hour");
		assert_true(c.rows[i].price > 0);
	}
	collector_reset(&c);
	infracost__gcp_free(st);
}

/* The shipped book pricing-data/gcp-us-central1.csv (karpenter's table as
 * of 2026-08-03): every e2, n2, n2d and c3 on-demand row, and every e2 spot
 * row, is what the composition gives. (Its n2, n2d and c3 spot rows are
 * from another date than the fixture's spot SKUs.) */
static void test_matches_shipped_book(void **state)
{
	infracost_catalog *cat = NULL;
	infracost_gcp_state *st = new_state();
	collector c = {0};
	size_t checked = 0, sized = 0, n;

	(void)state;
	expect_ok(infracost_catalog_new(&cat));
	expect_ok(infracost_catalog_load_default_rows(cat, "gcp", "compute", "us-central1"));
	n = infracost_catalog_count(cat);
	expect_ok(page_file(st, "pages/page1.json", NULL, &c, NULL));
	expect_ok(page_file(st, "pages/page2.json", NULL, &c, NULL));
	expect_ok(finish(st, &c));
	for (size_t i = 0; i < n; i++) {
		const infracost_price *p = infracost_catalog_get(cat, i);
		const row_copy *r;
		int spot;

		if (strcmp(p->provider, "gcp") != 0 || strcmp(p->service, "compute") != 0 ||
		    strcmp(p->region, "us-central1") != 0)
			continue;
		spot = strcmp(p->purchase, "spot") == 0;
		if (strncmp(p->sku, "e2-", 3) != 0 &&
		    (spot || (strncmp(p->sku, "n2-", 3) != 0 && strncmp(p->sku, "n2d-", 4) != 0 &&
			      strncmp(p->sku, "c3-", 3) != 0)))
			continue;
		if (!(r = find_row(&c, "us-central1", p->sku, p->purchase)))
			continue; /* a type the fixture has no SKUs for */
		assert_price(r->price, p->price);
		if (p->memory_gb >= 0) { /* Cyclenerd's cpu and ram: every type */
			assert_price(r->memory_gb, p->memory_gb);
			assert_true(r->vcpu == p->vcpu); /* -1 for shared core in both */
			sized++;
		}
		checked++;
	}
	/* Every row of the book the fixture composes carries the same sizes
	 * (shared-core e2 types: memory only) and price. */
	assert_int_equal(sized, checked);
	assert_true(checked > 100);
	collector_reset(&c);
	infracost__gcp_free(st);
	infracost_catalog_free(cat);
}

static void test_units_and_nanos(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char core[1500], ram[1500], both[3100];
	char *page;

	(void)state;
	/* units as a string (proto3 int64) and as a number; nanos may be absent. */
	sku_json(core, sizeof core, "C", "E2 Instance Core running in Iowa", "CPU", "OnDemand",
		 "\"r1\"", "h", "\"1\"", 500000000, NULL);
	sku_json(ram, sizeof ram, "R", "E2 Instance Ram running in Iowa", "RAM", "OnDemand",
		 "\"r1\"", "GiBy.h", "0", 250000000, NULL);
	snprintf(both, sizeof both, "%s, %s", core, ram);
	page = skus_page(both, "");
	expect_ok(page_text(st, page, "money.json", NULL, &c, NULL));
	free(page);
	expect_ok(finish(st, &c));
	assert_price(must_find(&c, "r1", "e2-standard-2", "on_demand")->price, 2 * 1.5 + 8 * 0.25);
	assert_price(must_find(&c, "r1", "e2-highcpu-32", "on_demand")->price,
		     32 * 1.5 + 32 * 0.25);
	collector_reset(&c);
	infracost__gcp_free(st);

	st = new_state();
	expect_ok(page_text(st,
			    "{\"skus\": [{\"skuId\": \"C\", \"description\": \"E2 Instance Core "
			    "running in Iowa\", \"category\": {\"resourceGroup\": \"CPU\", "
			    "\"usageType\": \"OnDemand\"}, \"serviceRegions\": [\"r1\"], "
			    "\"pricingInfo\": [{\"pricingExpression\": {\"usageUnit\": \"h\", "
			    "\"tieredRates\": [{\"unitPrice\": {\"currencyCode\": \"USD\", "
			    "\"units\": \"2\"}}]}}]}, {\"skuId\": \"R\", \"description\": \"E2 "
			    "Instance Ram running in Iowa\", \"category\": {\"resourceGroup\": "
			    "\"RAM\", \"usageType\": \"OnDemand\"}, \"serviceRegions\": [\"r1\"], "
			    "\"pricingInfo\": [{\"pricingExpression\": {\"usageUnit\": \"GiBy.h\", "
			    "\"tieredRates\": [{\"startUsageAmount\": 0, \"unitPrice\": "
			    "{\"currencyCode\": \"USD\", \"nanos\": 3000000}}]}}]}]}",
			    "min.json", NULL, &c, NULL));
	expect_ok(finish(st, &c));
	/* No startUsageAmount and no nanos are proto3 zeros. */
	assert_price(must_find(&c, "r1", "e2-standard-4", "on_demand")->price, 4 * 2 + 16 * 0.003);
	assert_string_equal(must_find(&c, "r1", "e2-standard-4", "on_demand")->date, "");
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_bad_money_refused(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char core[1500];
	char *page;
	char expected[512];

	(void)state;
	sku_json(core, sizeof core, "C", "E2 Instance Core running in Iowa", "CPU", "OnDemand",
		 "\"r1\"", "h", "\"0.5\"", 0, NULL);
	page = skus_page(core, "");
	snprintf(expected, sizeof expected,
		 "units.json:1:%d: skus[0].pricingInfo[0].pricingExpression.tieredRates[0]."
		 "unitPrice.units: not a whole number: '0.5'",
		 (int)(strstr(page, "\"0.5\"") - page) + 1);
	expect_error(page_text(st, page, "units.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     expected);
	free(page);

	sku_json(core, sizeof core, "C", "E2 Instance Core running in Iowa", "CPU", "OnDemand",
		 "\"r1\"", "h", "\"0\"", 1000000000, NULL);
	page = skus_page(core, "");
	snprintf(expected, sizeof expected,
		 "nanos.json:1:%d: skus[0].pricingInfo[0].pricingExpression.tieredRates[0]."
		 "unitPrice.nanos: must be a whole number of nanos below 1e9, got 1e+09",
		 (int)(strstr(page, "1000000000") - page) + 1);
	expect_error(page_text(st, page, "nanos.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     expected);
	free(page);
	expect_ok(finish(st, &c));
	assert_int_equal(c.count, 0);
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_tiers(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char core[2000], ram[1500], skus[4000];
	char *page;
	const char *flat = "{\"startUsageAmount\": 0, \"unitPrice\": {\"currencyCode\": \"USD\", "
			   "\"units\": \"0\", \"nanos\": 21811590}}, {\"startUsageAmount\": 100, "
			   "\"unitPrice\": {\"currencyCode\": \"USD\", \"units\": \"0\", "
			   "\"nanos\": 21811590}}";
	const char *stepped = "{\"startUsageAmount\": 0, \"unitPrice\": {\"currencyCode\": "
			      "\"USD\", \"units\": \"0\", \"nanos\": 21811590}}, "
			      "{\"startUsageAmount\": 100, \"unitPrice\": {\"currencyCode\": "
			      "\"USD\", \"units\": \"0\", \"nanos\": 20000000}}";
	const char *late = "{\"startUsageAmount\": 10, \"unitPrice\": {\"currencyCode\": \"USD\", "
			   "\"units\": \"0\", \"nanos\": 21811590}}";

	(void)state;
	sku_json(ram, sizeof ram, "R", "E2 Instance Ram running in Americas", "RAM", "OnDemand",
		 "\"a\", \"b\", \"c\"", "GiBy.h", "\"0\"", 2923530, NULL);

	/* Region a: tiers of one price are one price. */
	sku_json(core, sizeof core, "C1", "E2 Instance Core running in A", "CPU", "OnDemand",
		 "\"a\"", "h", NULL, 0, flat);
	snprintf(skus, sizeof skus, "%s, %s", ram, core);
	/* Region b: a real step makes the core price usage-dependent: skipped. */
	sku_json(core, sizeof core, "C2", "E2 Instance Core running in B", "CPU", "OnDemand",
		 "\"b\"", "h", NULL, 0, stepped);
	strcat(skus, ", ");
	strcat(skus, core);
	page = skus_page(skus, "");
	expect_ok(page_text(st, page, "tiers.json", NULL, &c, NULL));
	free(page);
	assert_string_equal(c.skipped, "1");
	/* Region c: no tier starts at 0: skipped. */
	sku_json(core, sizeof core, "C3", "E2 Instance Core running in C", "CPU", "OnDemand",
		 "\"c\"", "h", NULL, 0, late);
	page = skus_page(core, "");
	expect_ok(page_text(st, page, "late.json", NULL, &c, NULL));
	free(page);
	assert_string_equal(c.skipped, "1");

	expect_ok(finish(st, &c));
	assert_price(must_find(&c, "a", "e2-standard-2", "on_demand")->price, 0.06701142);
	assert_int_equal(count_rows(&c, "b", NULL), 0);
	assert_int_equal(count_rows(&c, "c", NULL), 0);
	assert_int_equal(c.count, 17);
	assert_string_equal(c.skipped, "2"); /* the RAM prices of b and c, alone */
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_spot_and_usage_types(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char s[6][1500], all[9100];
	char *page;

	(void)state;
	sku_json(s[0], sizeof s[0], "A", "E2 Instance Core running in Americas", "CPU", "OnDemand",
		 "\"us-central1\"", "h", "\"0\"", 21811590, NULL);
	sku_json(s[1], sizeof s[1], "B", "E2 Instance Ram running in Americas", "RAM", "OnDemand",
		 "\"us-central1\"", "GiBy.h", "\"0\"", 2923530, NULL);
	sku_json(s[2], sizeof s[2], "C", "Spot Preemptible E2 Instance Core running in Americas",
		 "CPU", "Preemptible", "\"us-central1\"", "h", "\"0\"", 13090000, NULL);
	/* The older "Preemptible ..." wording is the same usage type. */
	sku_json(s[3], sizeof s[3], "D", "Preemptible E2 Instance Ram running in Americas", "RAM",
		 "Preemptible", "\"us-central1\"", "GiBy.h", "\"0\"", 1754000, NULL);
	/* Inconsistent: a spot description with an on-demand usage type, and a
	 * commitment: skipped. */
	sku_json(s[4], sizeof s[4], "E", "Spot Preemptible E2 Instance Core running in Americas",
		 "CPU", "OnDemand", "\"us-central1\"", "h", "\"0\"", 1, NULL);
	sku_json(s[5], sizeof s[5], "F", "E2 Instance Core running in Americas", "CPU", "Commit1Yr",
		 "\"us-central1\"", "h", "\"0\"", 1, NULL);
	snprintf(all, sizeof all, "%s, %s, %s, %s, %s, %s", s[0], s[1], s[2], s[3], s[4], s[5]);
	page = skus_page(all, "");
	expect_ok(page_text(st, page, "spot.json", NULL, &c, NULL));
	free(page);
	assert_string_equal(c.skipped, "2");
	expect_ok(finish(st, &c));
	assert_int_equal(count_rows(&c, "us-central1", "on_demand"), 17);
	assert_int_equal(count_rows(&c, "us-central1", "spot"), 17);
	assert_price(must_find(&c, "us-central1", "e2-standard-2", "spot")->price, 0.040212);
	assert_price(must_find(&c, "us-central1", "e2-highmem-2", "spot")->price, 0.054244);
	assert_price(must_find(&c, "us-central1", "e2-standard-2", "on_demand")->price, 0.06701142);
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_unknown_families_and_mismatches_skipped(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	static const struct {
		const char *desc, *group, *unit;
	} cases[] = {
		{"N1 Predefined Instance Core running in Americas", "N1Standard", "h"},
		{"A2 Instance Core running in Americas", "CPU", "h"},
		{"N4 Instance Core running in Americas", "CPU", "h"},
		{"E2 Custom Instance Core running in Americas", "CPU", "h"},
		{"C3 Sole Tenancy Instance Ram running in Turin", "RAM", "GiBy.h"},
		{"Commitment v1: N2 Cpu in Americas for 1 Year", "CPU", "h"},
		{"N2 Instance Core running Windows", "CPU", "h"},
		{"E2 Instance Core running in ", "CPU", "h"},            /* no location */
		{"E2 Instance Core running in Americas", "RAM", "h"},    /* group mismatch */
		{"E2 Instance Ram running in Americas", "RAM", "GBy.h"}, /* GB, not GiB */
		{"E2 Instance Core running in Americas", "CPU", "s"},    /* not hours */
		{"e2 instance core running in Americas", "CPU", "h"},    /* case matters */
	};
	char all[20000] = "", one[1500];
	char *page;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sku_json(one, sizeof one, "X", cases[i].desc, cases[i].group, "OnDemand",
			 "\"us-central1\"", cases[i].unit, "\"0\"", 31611000, NULL);
		if (i)
			strcat(all, ", ");
		strcat(all, one);
	}
	page = skus_page(all, "");
	expect_ok(page_text(st, page, "other.json", NULL, &c, NULL));
	free(page);
	assert_string_equal(c.skipped, "12");
	expect_ok(finish(st, &c));
	assert_int_equal(c.count, 0);
	assert_string_equal(c.skipped, "0");
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_regions_and_filter(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	const char *east[] = {"us-east1", "asia-southeast1"};
	infracost_feed_filter f = {east, 2};

	(void)state;
	expect_ok(page_file(st, "pages/page1.json", &f, &c, NULL));
	expect_ok(page_file(st, "pages/page2.json", &f, &c, NULL));
	expect_ok(finish(st, &c));
	assert_int_equal(count_rows(&c, "us-east1", "on_demand"), 95);
	assert_int_equal(count_rows(&c, "asia-southeast1", "on_demand"), 8);
	assert_int_equal(c.count, 103);
	assert_null(find_row(&c, "us-central1", "e2-standard-2", "on_demand"));
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_conflicts_and_missing_partners(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char s[4][1500], all[6100];
	char *page;

	(void)state;
	/* Two core prices for us-central1: which one applies is not known. */
	sku_json(s[0], sizeof s[0], "A", "E2 Instance Core running in Americas", "CPU", "OnDemand",
		 "\"us-central1\", \"us-east1\"", "h", "\"0\"", 21811590, NULL);
	sku_json(s[1], sizeof s[1], "B", "E2 Instance Core running in Iowa", "CPU", "OnDemand",
		 "\"us-central1\"", "h", "\"0\"", 22000000, NULL);
	sku_json(s[2], sizeof s[2], "C", "E2 Instance Ram running in Americas", "RAM", "OnDemand",
		 "\"us-central1\", \"us-east1\"", "GiBy.h", "\"0\"", 2923530, NULL);
	/* N2 core without RAM. */
	sku_json(s[3], sizeof s[3], "D", "N2 Instance Core running in Americas", "CPU", "OnDemand",
		 "\"us-central1\"", "h", "\"0\"", 31611000, NULL);
	snprintf(all, sizeof all, "%s, %s, %s, %s", s[0], s[1], s[2], s[3]);
	page = skus_page(all, "");
	expect_ok(page_text(st, page, "conflict.json", NULL, &c, NULL));
	free(page);
	expect_ok(finish(st, &c));
	assert_int_equal(count_rows(&c, "us-central1", NULL), 0);
	assert_int_equal(count_rows(&c, "us-east1", "on_demand"), 17);
	/* The conflicting core, its RAM partner and the lone N2 core. */
	assert_string_equal(c.skipped, "3");
	/* The same price twice is not a conflict. */
	collector_reset(&c);
	infracost__gcp_free(st);

	st = new_state();
	page = e2_page("\"us-central1\"", 21811590, 2923530);
	expect_ok(page_text(st, page, "a.json", NULL, &c, NULL));
	expect_ok(page_text(st, page, "b.json", NULL, &c, NULL));
	free(page);
	expect_ok(finish(st, &c));
	assert_int_equal(c.count, 17);
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_next_token(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char *next = (char *)1;

	(void)state;
	expect_ok(page_text(st, "{\"skus\": [], \"nextPageToken\": \"abc\"}", "t.json", NULL, &c,
			    &next));
	assert_string_equal(next, "abc");
	infracost__free(next);
	next = (char *)1;
	expect_ok(page_text(st, "{\"skus\": [], \"nextPageToken\": \"\"}", "t.json", NULL, &c,
			    &next));
	assert_null(next);
	next = (char *)1;
	expect_ok(
		page_text(st, "{}", "t.json", NULL, &c, &next)); /* proto3: empty fields left out */
	assert_null(next);
	expect_ok(page_text(st, "{\"nextPageToken\": \"x\"}", "t.json", NULL, &c, NULL));
	next = (char *)1;
	expect_error(
		page_text(st, "{\"skus\": [], \"nextPageToken\": 3}", "t.json", NULL, &c, &next),
		INFRACOST_EINVALID, "t.json:1:31: nextPageToken: expected a string, got a number");
	assert_null(next);
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_malformed_pages(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	char *next = (char *)1;
	const infracost_error *e;

	(void)state;
	/* Cyclenerd's notes: a documentation template (trailing commas,
	 * placeholders) before a real SKU. */
	expect_error(page_file(st, "cyclenerd-skus-notes.json", NULL, &c, &next), INFRACOST_EPARSE,
		     "cyclenerd-skus-notes.json:12:9: malformed JSON: string or '}' expected near "
		     "'}'");
	e = infracost_error_last();
	assert_int_equal(e->line, 12);
	assert_int_equal(e->column, 9);
	assert_null(next);
	expect_error(page_text(st, "{\"skus\": [\n  {\"skuId\": 1\n", "cut.json", NULL, &c, NULL),
		     INFRACOST_EPARSE,
		     "cut.json:3:1: malformed JSON: '}' expected near end of file");
	expect_error(page_text(st, "[]", "a.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     "a.json:1:1: expected a skus.list response (an object), got an array");
	expect_error(page_text(st, "{\"skus\": {}}", "s.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     "s.json:1:10: skus: expected an array, got an object");
	expect_error(page_text(st, "{\"skus\": [{}, 2]}", "i.json", NULL, &c, NULL),
		     INFRACOST_EINVALID, "i.json:1:15: skus[1]: expected an object, got a number");
	expect_ok(finish(st, &c));
	assert_int_equal(c.count, 0);
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_arguments_and_sink(void **state)
{
	infracost_gcp_state *st = new_state();
	collector c = {0};
	infracost_feed_sink sink = sink_of(&c), no_row = {NULL, collect_meta, NULL, &c, NULL};
	char *page;

	(void)state;
	assert_int_equal(infracost__gcp_new(NULL), INFRACOST_EINVALID);
	infracost__gcp_free(NULL);
	assert_int_equal(infracost__gcp_skus_page(NULL, "{}", 2, "x", NULL, &sink, NULL),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost__gcp_skus_page(st, NULL, 2, "x", NULL, &sink, NULL),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost__gcp_finish(st, NULL), INFRACOST_EINVALID);
	assert_int_equal(infracost__gcp_finish(st, &no_row), INFRACOST_EINVALID);
	/* A page needs no sink (it only counts). */
	assert_int_equal(infracost__gcp_skus_page(st, "{}", 2, NULL, NULL, NULL, NULL), 0);

	page = e2_page("\"us-central1\"", 21811590, 2923530);
	expect_ok(page_text(st, page, "e2.json", NULL, &c, NULL));
	free(page);
	c.stop_after = 3;
	assert_int_equal(finish(st, &c), INFRACOST_EIO);
	assert_int_equal(c.count, 3);
	collector_reset(&c);
	/* finish can run again (rates are kept). */
	expect_ok(finish(st, &c));
	assert_int_equal(c.count, 17);
	collector_reset(&c);
	infracost__gcp_free(st);
}

static void test_out_of_memory(void **state)
{
	size_t len1, len2;
	char *p1 = read_file(DATA "pages/page1.json", &len1);
	char *p2 = read_file(DATA "pages/page2.json", &len2);
	unsigned long n;
	int rc = -1;

	(void)state;
	for (n = 1; n < 5000; n++) {
		infracost_gcp_state *st = NULL;
		collector c = {0};
		infracost_feed_sink sink = sink_of(&c);
		char *next = NULL;

		infracost__alloc_fail_after(n);
		rc = infracost__gcp_new(&st);
		if (rc == 0)
			rc = infracost__gcp_skus_page(st, p1, len1, "page1.json", NULL, &sink,
						      &next);
		infracost__free(next);
		if (rc == 0)
			rc = infracost__gcp_skus_page(st, p2, len2, "page2.json", NULL, &sink,
						      NULL);
		if (rc == 0)
			rc = infracost__gcp_finish(st, &sink);
		infracost__alloc_fail_after(0);
		infracost__gcp_free(st);
		if (rc == 0) {
			assert_int_equal(c.count, 370);
			collector_reset(&c);
			break;
		}
		assert_int_equal(rc, INFRACOST_ENOMEM);
		collector_reset(&c);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 3);
	free(p1);
	free(p2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_e2_skus_compose_e2_standard_2),
		cmocka_unit_test(test_real_opencost_response_refused_for_idr),
		cmocka_unit_test(test_pages_compose_every_machine_type),
		cmocka_unit_test(test_matches_shipped_book),
		cmocka_unit_test(test_units_and_nanos),
		cmocka_unit_test(test_bad_money_refused),
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_spot_and_usage_types),
		cmocka_unit_test(test_unknown_families_and_mismatches_skipped),
		cmocka_unit_test(test_regions_and_filter),
		cmocka_unit_test(test_conflicts_and_missing_partners),
		cmocka_unit_test(test_next_token),
		cmocka_unit_test(test_malformed_pages),
		cmocka_unit_test(test_arguments_and_sink),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
