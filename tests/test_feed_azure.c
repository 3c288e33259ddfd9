/* test_feed_azure.c - the Azure Retail Prices API page parser
 * (lib/feeds/feed_azure.c) and its unit table (lib/feeds/azure_units.h).
 *
 * Fixtures in tests/data/feeds/azure (README.md there says where each came
 * from): real API responses (D2s v3 eastus with every meter type; D8 v4
 * westeurope with both reservation terms), the real example item, and a
 * 3-page response built from real items. Every page is read into a heap
 * buffer of exactly its length (no NUL after it), so a read past the end
 * shows under ASan and valgrind. */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "feed.h"

#define INFRACOST_AZURE_UNITS_TABLE
#include "azure_units.h"

#define DATA TEST_DATA_DIR "/feeds/azure/"

/* ---- a sink that keeps copies of everything ---- */

typedef struct {
	char *provider, *service, *region, *sku, *purchase, *unit, *date, *source, *origin;
	double price, upfront, tier_start, vcpu, memory_gb;
} row_copy;

typedef struct {
	row_copy *rows;
	size_t count, cap;
	char skipped[32];
	char currency[32];
	int meta_calls;
	int stop_after; /* > 0: the row callback fails with EIO after this many */
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
		c->cap = c->cap ? 2 * c->cap : 16;
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
	r->origin = dup_or_die(row->origin);
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
	else if (strcmp(key, "currency") == 0)
		snprintf(c->currency, sizeof c->currency, "%s", value);
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
		free(r->origin);
	}
	free(c->rows);
	memset(c, 0, sizeof *c);
}

static infracost_feed_sink sink_of(collector *c)
{
	infracost_feed_sink s = {collect_row, collect_meta, NULL, c, NULL};
	return s;
}

/* The row for (region, sku, purchase), or NULL. */
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

/* Exact to the last few bits: the parser divides once at most. */
#define assert_price(a, b) assert_price_((a), (b), #a, __FILE__, __LINE__)
static void assert_price_(double a, double b, const char *expr, const char *file, int line)
{
	if (!(fabs(a - b) <= 1e-12 * fmax(1.0, fabs(b)))) {
		print_error("%s:%d: %s = %.17g, expected %.17g\n", file, line, expr, a, b);
		_fail(file, line);
	}
}

/* ---- reading pages ---- */

static char *copy_exact(const char *text, size_t len)
{
	char *buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, text, len);
	return buf;
}

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

/* Parse a page from memory (copied to an exact-size buffer). */
static int parse_text(const char *text, const char *name, const infracost_feed_filter *filter,
		      collector *c, char **next)
{
	size_t len = strlen(text);
	char *buf = copy_exact(text, len);
	infracost_feed_sink sink = sink_of(c);
	int rc = infracost__azure_page(buf, len, name, filter, &sink, next);
	free(buf);
	return rc;
}

static int parse_file(const char *file, const infracost_feed_filter *filter, collector *c,
		      char **next)
{
	size_t len;
	char path[512];
	char *buf;
	infracost_feed_sink sink = sink_of(c);
	int rc;

	snprintf(path, sizeof path, DATA "%s", file);
	buf = read_file(path, &len);
	rc = infracost__azure_page(buf, len, file, filter, &sink, next);
	free(buf);
	return rc;
}

static void expect_ok(int rc)
{
	if (rc != 0) {
		print_error("page failed (%d): %s\n", rc,
			    infracost_error_last() ? infracost_error_last()->message : "?");
		fail();
	}
}

static void expect_error(int rc, int code, const char *message)
{
	const infracost_error *e = infracost_error_last();

	assert_int_equal(rc, code);
	assert_non_null(e);
	assert_int_equal(e->code, code);
	if (strcmp(e->message, message) != 0) {
		print_error("message: %s\nexpected: %s\n", e->message, message);
		fail();
	}
}

/* One Virtual Machines item in the API's format (the real D8 v4 westeurope
 * Consumption item), with the fields a case changes. */
static void vm_item(char *out, size_t size, const char *currency, const char *type,
		    const char *product, const char *meter, const char *uom, double price,
		    const char *region, const char *extra)
{
	snprintf(out, size,
		 "{\"currencyCode\": \"%s\", \"tierMinimumUnits\": 0.0,%s \"retailPrice\": %.15g, "
		 "\"unitPrice\": %.15g, \"armRegionName\": \"%s\", \"location\": \"EU West\", "
		 "\"effectiveStartDate\": \"2020-08-01T00:00:00Z\", "
		 "\"meterId\": \"4e763e64-5ae4-5ed3-8892-902bb82ca7d3\", \"meterName\": \"%s\", "
		 "\"productId\": \"DZH318Z0D1L4\", \"skuId\": \"DZH318Z0D1L4/00J2\", "
		 "\"productName\": \"%s\", \"skuName\": \"%s\", \"serviceName\": \"Virtual "
		 "Machines\", "
		 "\"serviceId\": \"DZH313Z7MMC8\", \"serviceFamily\": \"Compute\", "
		 "\"unitOfMeasure\": \"%s\", \"type\": \"%s\", \"isPrimaryMeterRegion\": true, "
		 "\"armSkuName\": \"Standard_D8_v4\"}",
		 currency, extra ? extra : "", price, price, region, meter, product, meter, uom,
		 type);
}

/* text with the first `from` replaced by `to` (caller frees). */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	assert_non_null(at);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

static char *page_of(const char *items, const char *next)
{
	size_t n = strlen(items) + 256;
	char *page = malloc(n);
	assert_non_null(page);
	snprintf(page, n,
		 "{\"BillingCurrency\": \"USD\", \"CustomerEntityId\": \"Default\", "
		 "\"CustomerEntityType\": \"Retail\", \"Items\": [%s], \"NextPageLink\": %s, "
		 "\"Count\": 1}",
		 items, next ? next : "null");
	return page;
}

/* ---- the unit table ---- */

static void test_unit_table(void **state)
{
	const struct infracost_azure_unit *u;
	size_t n = sizeof infracost_azure_units / sizeof infracost_azure_units[0];

	(void)state;
	u = infracost__azure_unit("1 Hour");
	assert_non_null(u);
	assert_string_equal(u->unit, "hour");
	assert_true(u->block == 1.0);
	u = infracost__azure_unit("100 Hours");
	assert_non_null(u);
	assert_string_equal(u->unit, "hour");
	assert_true(u->block == 100.0);
	u = infracost__azure_unit("10 Hours");
	assert_non_null(u);
	assert_string_equal(u->unit, "hour");
	assert_true(u->block == 10.0);
	u = infracost__azure_unit("1 GB/Month");
	assert_non_null(u);
	assert_string_equal(u->unit, "gb_month");
	assert_true(u->block == 1.0);
	u = infracost__azure_unit("10K");
	assert_non_null(u);
	assert_string_equal(u->unit, "count");
	assert_true(u->block == 10000.0);
	u = infracost__azure_unit("1/Month");
	assert_non_null(u);
	assert_string_equal(u->unit, "month");
	u = infracost__azure_unit("1 GB Second");
	assert_non_null(u);
	assert_string_equal(u->unit, "gb_second");
	u = infracost__azure_unit("1 \xe5\xb0\x8f\xe6\x97\xb6"); /* "1 小时", localized */
	assert_non_null(u);
	assert_string_equal(u->unit, "hour");

	/* In the table but with no price-book unit: never guessed. */
	u = infracost__azure_unit("1 Day");
	assert_non_null(u);
	assert_null(u->unit);
	assert_string_equal(u->distinct, "Days");
	u = infracost__azure_unit("1 GiB/Month"); /* GiB is not GB */
	assert_non_null(u);
	assert_null(u->unit);
	u = infracost__azure_unit("1 GB/Hour"); /* a rate, not GB-hours */
	assert_non_null(u);
	assert_null(u->unit);
	/* Not in the table at all; matching is exact. */
	assert_null(infracost__azure_unit("2 Hours"));
	assert_null(infracost__azure_unit("1 HOUR"));
	assert_null(infracost__azure_unit(""));
	assert_null(infracost__azure_unit(NULL));

	/* Sorted for bsearch, every row found, unit names well formed. */
	assert_int_equal(n, 383);
	for (size_t i = 0; i < n; i++) {
		const struct infracost_azure_unit *e = &infracost_azure_units[i];

		if (i > 0)
			assert_true(strcmp(infracost_azure_units[i - 1].uom, e->uom) < 0);
		/* The library's copy of the table gives the same row. */
		assert_non_null(infracost__azure_unit(e->uom));
		assert_string_equal(infracost__azure_unit(e->uom)->uom, e->uom);
		assert_true(infracost__azure_unit(e->uom)->block == e->block);
		assert_true(e->block >= 1.0 && e->block == floor(e->block));
		if (e->unit)
			for (const char *p = e->unit; *p; p++)
				assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
					    *p == '_');
	}
}

/* ---- real responses ---- */

static void test_real_all_meter_types(void **state)
{
	collector c = {0};
	char *next = (char *)1;
	const row_copy *r;

	(void)state;
	/* Standard_D2s_v3 in eastus, every priceType: Linux and Windows, Spot,
	 * Low Priority, DevTest. Only the Linux on-demand and spot rows stay. */
	expect_ok(parse_file("d2s_v3_eastus_all_types.json", NULL, &c, &next));
	assert_null(next);
	assert_int_equal(c.count, 2);
	assert_string_equal(c.skipped, "7");
	assert_string_equal(c.currency, "USD");

	r = must_find(&c, "eastus", "Standard_D2s_v3", "on_demand");
	assert_string_equal(r->provider, "azure");
	assert_string_equal(r->service, "vm");
	assert_string_equal(r->unit, "hour");
	assert_price(r->price, 0.096);
	assert_price(r->upfront, 0);
	assert_price(r->tier_start, 0);
	assert_true(r->vcpu == -1 && r->memory_gb == -1);
	assert_string_equal(r->date, "2017-12-15");
	assert_string_equal(r->source, "azure retail prices API Virtual Machines (2017-12-15)");
	assert_string_equal(r->origin, "d2s_v3_eastus_all_types.json:1");

	r = must_find(&c, "eastus", "Standard_D2s_v3", "spot");
	assert_price(r->price, 0.018816); /* the Linux spot meter, not Windows' 0.036848 */
	assert_string_equal(r->date, "2026-06-01");
	collector_reset(&c);
}

static void test_real_reservation_terms(void **state)
{
	collector c = {0};
	char *next = NULL;
	const row_copy *r;

	(void)state;
	/* Reservation retailPrice is the price of the whole term for one
	 * instance: it becomes the upfront fee of an all-upfront row. */
	expect_ok(parse_file("d8_v4_westeurope_reservations.json", NULL, &c, &next));
	assert_null(next);
	assert_int_equal(c.count, 3);
	assert_string_equal(c.skipped, "0");

	r = must_find(&c, "westeurope", "Standard_D8_v4", "reserved_1yr_all_upfront");
	assert_price(r->price, 0);
	assert_price(r->upfront, 2377.0);
	assert_string_equal(r->unit, "hour");
	assert_string_equal(r->origin, "d8_v4_westeurope_reservations.json:6");
	r = must_find(&c, "westeurope", "Standard_D8_v4", "reserved_3yr_all_upfront");
	assert_price(r->price, 0);
	assert_price(r->upfront, 4594.0);
	r = must_find(&c, "westeurope", "Standard_D8_v4", "on_demand");
	assert_price(r->price, 0.46);
	assert_price(r->upfront, 0);
	collector_reset(&c);
}

static void test_real_example_item_devtest(void **state)
{
	collector c = {0};
	size_t len;
	char *item = read_file(DATA "retail-prices-item-example.json", &len);
	char *items = malloc(len + 1), *page;

	(void)state;
	/* The real example item (D14 Spot, Windows, DevTestConsumption) inside a
	 * page: DevTest prices are never list prices. */
	assert_non_null(items);
	memcpy(items, item, len);
	items[len] = '\0';
	page = page_of(items, NULL);
	expect_ok(parse_text(page, "example.json", NULL, &c, NULL));
	assert_int_equal(c.count, 0);
	assert_string_equal(c.skipped, "1");
	free(page);
	free(items);
	free(item);
	collector_reset(&c);
}

/* ---- the 3-page response ---- */

static void test_pages_follow_next_link(void **state)
{
	collector c = {0};
	char *next = NULL;
	const row_copy *r;

	(void)state;
	expect_ok(parse_file("pages/page1.json", NULL, &c, &next));
	assert_non_null(next);
	assert_string_equal(next, "https://prices.azure.com:443/api/retail/prices?$skip=7");
	assert_int_equal(c.count, 4);
	assert_string_equal(c.skipped, "3"); /* Low Priority, Windows, DevTest */
	infracost__free(next);

	expect_ok(parse_file("pages/page2.json", NULL, &c, &next));
	assert_non_null(next);
	assert_string_equal(next, "https://prices.azure.com:443/api/retail/prices?$skip=15");
	assert_int_equal(c.count, 7);
	/* "2 Hours" (not in the table), "1 Day" (no price-book unit), Storage,
	 * a Dedicated Host reservation, a MySQL reservation. */
	assert_string_equal(c.skipped, "5");
	infracost__free(next);

	expect_ok(parse_file("pages/page3.json", NULL, &c, &next));
	assert_null(next);
	assert_int_equal(c.count, 10);
	assert_string_equal(c.skipped, "0");

	/* Every key once. */
	for (size_t i = 0; i < c.count; i++)
		for (size_t j = i + 1; j < c.count; j++)
			assert_false(strcmp(c.rows[i].region, c.rows[j].region) == 0 &&
				     strcmp(c.rows[i].sku, c.rows[j].sku) == 0 &&
				     strcmp(c.rows[i].purchase, c.rows[j].purchase) == 0);

	/* Block units divided out: the EA price sheet's 46.0 per "100 Hours" and
	 * 20.16 per "10 Hours" are the retail API's 0.46 and 2.016 per hour. */
	r = must_find(&c, "westeurope", "Standard_D8_v4", "on_demand");
	assert_price(r->price, 0.46);
	assert_string_equal(r->unit, "hour");
	r = must_find(&c, "eastus", "Standard_E32_v3", "on_demand");
	assert_price(r->price, 2.016);
	r = must_find(&c, "eastus", "Standard_E16_v3", "on_demand");
	assert_price(r->price, 1.008);
	r = must_find(&c, "westeurope", "Standard_D8_v4", "reserved_1yr_all_upfront");
	assert_price(r->upfront, 2377.0);
	r = must_find(&c, "brazilsouth", "Standard_D4as_v7", "reserved_1yr_all_upfront");
	assert_price(r->price, 0);
	assert_price(r->upfront, 1505.0);
	assert_string_equal(r->date, "2025-11-01");
	r = must_find(&c, "brazilsouth", "Standard_D4as_v7", "reserved_3yr_all_upfront");
	assert_price(r->upfront, 2908.0);
	r = must_find(&c, "eastus", "Standard_B1s", "on_demand");
	assert_price(r->price, 0.0104);
	r = must_find(&c, "eastus", "Standard_D2s_v3", "spot");
	assert_price(r->price, 0.018816);
	assert_null(find_row(&c, "eastus", "Standard_E16s_v3", "on_demand"));
	assert_null(find_row(&c, "eastus", "Standard_E32s_v3", "on_demand"));
	assert_null(find_row(&c, "koreasouth", "Easv4_Type2", "reserved_1yr_all_upfront"));
	collector_reset(&c);
}

static void test_region_filter(void **state)
{
	collector c = {0};
	const char *east[] = {"eastus"};
	const char *two[] = {"brazilsouth", "westeurope"};
	infracost_feed_filter f1 = {east, 1}, f2 = {two, 2}, none = {NULL, 0};

	(void)state;
	expect_ok(parse_file("pages/page3.json", &f1, &c, NULL));
	assert_int_equal(c.count, 1);
	assert_string_equal(c.rows[0].sku, "Standard_B1s");
	assert_string_equal(c.skipped, "0"); /* left out on purpose, not skipped */
	collector_reset(&c);

	expect_ok(parse_file("pages/page1.json", &f2, &c, NULL));
	assert_int_equal(c.count, 2);
	assert_non_null(find_row(&c, "westeurope", "Standard_D8_v4", "reserved_1yr_all_upfront"));
	assert_non_null(find_row(&c, "westeurope", "Standard_D8_v4", "reserved_3yr_all_upfront"));
	expect_ok(parse_file("pages/page3.json", &f2, &c, NULL));
	assert_int_equal(c.count, 4);
	collector_reset(&c);

	expect_ok(parse_file("pages/page3.json", &none, &c, NULL));
	assert_int_equal(c.count, 3);
	collector_reset(&c);
}

/* ---- mapping rules, one item at a time ---- */

static void test_units_normalized(void **state)
{
	collector c = {0};
	char a[1024], b[1024], d[1024], items[4096];
	char *page;
	const char *which[] = {"eastus"};
	infracost_feed_filter f = {which, 1};

	(void)state;
	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		0.46, "eastus", NULL);
	vm_item(b, sizeof b, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4",
		"100 Hours", 46.0, "westus", NULL);
	vm_item(d, sizeof d, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4",
		"1 GB/Month", 0.05, "centralus", NULL);
	snprintf(items, sizeof items, "%s, %s, %s", a, b, d);
	page = page_of(items, NULL);

	expect_ok(parse_text(page, "units.json", NULL, &c, NULL));
	assert_int_equal(c.count, 2);
	assert_price(must_find(&c, "eastus", "Standard_D8_v4", "on_demand")->price, 0.46);
	assert_price(must_find(&c, "westus", "Standard_D8_v4", "on_demand")->price, 0.46);
	/* A VM meter whose unit is not time has no vm key: skipped. */
	assert_null(find_row(&c, "centralus", "Standard_D8_v4", "on_demand"));
	assert_string_equal(c.skipped, "1");
	collector_reset(&c);

	/* Regions left out by the filter are not looked at, nor counted. */
	expect_ok(parse_text(page, "units.json", &f, &c, NULL));
	assert_int_equal(c.count, 1);
	assert_string_equal(c.skipped, "0");
	free(page);
	collector_reset(&c);
}

static void test_unknown_units_skipped_and_counted(void **state)
{
	collector c = {0};
	char a[1024], b[1024], d[1024], e[1024], items[5000];
	char *page;

	(void)state;
	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4",
		"2 Hours", 0.92, "eastus", NULL);
	vm_item(b, sizeof b, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Day",
		11.04, "westus", NULL);
	vm_item(d, sizeof d, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4",
		"1 Hours ", 0.46, "centralus", NULL); /* not exactly a table entry */
	vm_item(e, sizeof e, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		0.46, "northeurope", NULL);
	snprintf(items, sizeof items, "%s, %s, %s, %s", a, b, d, e);
	page = page_of(items, NULL);
	expect_ok(parse_text(page, "units.json", NULL, &c, NULL));
	assert_int_equal(c.count, 1);
	assert_string_equal(c.rows[0].region, "northeurope");
	assert_string_equal(c.skipped, "3");
	free(page);
	collector_reset(&c);
}

static void test_windows_low_priority_devtest_skipped(void **state)
{
	collector c = {0};
	char a[1024], b[1024], d[1024], e[1024], g[1024], h[1024], items[8000];
	char *page;

	(void)state;
	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series Windows", "D8 v4",
		"1 Hour", 0.83, "eastus", NULL);
	vm_item(b, sizeof b, "USD", "Consumption", "Virtual Machines Dv4 Series",
		"D8 v4 Low Priority", "1 Hour", 0.09, "eastus", NULL);
	vm_item(d, sizeof d, "USD", "DevTestConsumption", "Virtual Machines Dv4 Series", "D8 v4",
		"1 Hour", 0.4, "eastus", NULL);
	vm_item(e, sizeof e, "USD", "Consumption", "Virtual Machines Dv4 Series Windows",
		"D8 v4 Spot", "1 Hour", 0.12, "eastus", NULL);
	vm_item(g, sizeof g, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4 Spot",
		"1 Hour", 0.092, "eastus", NULL);
	vm_item(h, sizeof h, "USD", "Reservation", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		9000, "eastus", " \"reservationTerm\": \"5 Years\",");
	snprintf(items, sizeof items, "%s, %s, %s, %s, %s, %s", a, b, d, e, g, h);
	page = page_of(items, NULL);
	expect_ok(parse_text(page, "kinds.json", NULL, &c, NULL));
	assert_int_equal(c.count, 1);
	assert_string_equal(c.rows[0].purchase, "spot");
	assert_price(c.rows[0].price, 0.092);
	assert_string_equal(c.skipped, "5");
	free(page);
	collector_reset(&c);
}

static void test_tier_minimum_units(void **state)
{
	collector c = {0};
	char a[1024], b[1024], d[1024], items[4000];
	char *page;

	(void)state;
	/* tierMinimumUnits is the tier start; with a block unit its meaning is
	 * not exact, and a reservation is never tiered: skipped. */
	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		0.4, "eastus", NULL);
	memcpy(strstr(a, "\"tierMinimumUnits\": 0.0,") + 20, "5.0,", 4);
	vm_item(b, sizeof b, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4",
		"100 Hours", 40, "westus", NULL);
	memcpy(strstr(b, "\"tierMinimumUnits\": 0.0,") + 20, "5.0,", 4);
	vm_item(d, sizeof d, "USD", "Reservation", "Virtual Machines Dv4 Series", "D8 v4",
		"100 Hours", 2377, "eastus", " \"reservationTerm\": \"1 Year\",");
	snprintf(items, sizeof items, "%s, %s, %s", a, b, d);
	page = page_of(items, NULL);
	expect_ok(parse_text(page, "tiers.json", NULL, &c, NULL));
	assert_int_equal(c.count, 1);
	assert_price(c.rows[0].tier_start, 5);
	assert_price(c.rows[0].price, 0.4);
	assert_string_equal(c.skipped, "2");
	free(page);
	collector_reset(&c);
}

static void test_other_services_skipped(void **state)
{
	collector c = {0};
	const char *page =
		"{\"BillingCurrency\":\"USD\",\"Items\":[{\"currencyCode\":\"USD\","
		"\"tierMinimumUnits\":0.0,\"retailPrice\":0.06,\"unitPrice\":0.06,"
		"\"armRegionName\":\"Global\",\"location\":\"Global\","
		"\"effectiveStartDate\":\"2017-09-19T00:00:00Z\",\"meterName\":\"LRS Data Stored\","
		"\"productName\":\"Files\",\"skuName\":\"Standard "
		"LRS\",\"serviceName\":\"Storage\","
		"\"serviceFamily\":\"Storage\",\"unitOfMeasure\":\"1 GB/Month\","
		"\"type\":\"Consumption\",\"isPrimaryMeterRegion\":true,\"armSkuName\":\"\"}],"
		"\"NextPageLink\":null,\"Count\":1}";

	(void)state;
	expect_ok(parse_text(page, "storage.json", NULL, &c, NULL));
	assert_int_equal(c.count, 0);
	assert_string_equal(c.skipped, "1");
	collector_reset(&c);
}

static void test_bare_array_of_items(void **state)
{
	collector c = {0};
	char a[1024], text[1200];
	char *next = (char *)1;

	(void)state;
	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		0.46, "westeurope", NULL);
	snprintf(text, sizeof text, "[%s]", a);
	expect_ok(parse_text(text, "items.json", NULL, &c, &next));
	assert_null(next);
	assert_int_equal(c.count, 1);
	collector_reset(&c);

	/* Paths of a bare array start at the index. */
	expect_error(parse_text("[1]", "items.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     "items.json:1:2: [0]: expected an object, got a number");
	collector_reset(&c);
}

/* ---- currency ---- */

static void test_non_usd_refused(void **state)
{
	collector c = {0};
	char a[1024], b[1024], items[3000];
	char *page;
	const infracost_error *e;

	(void)state;
	expect_error(parse_text("{\n  \"BillingCurrency\": \"EUR\",\n  \"Items\": []\n}",
				"eur.json", NULL, &c, NULL),
		     INFRACOST_EINVALID,
		     "eur.json:2:22: BillingCurrency: only USD is supported, got 'EUR'");
	e = infracost_error_last();
	assert_int_equal(e->line, 2);
	assert_int_equal(e->column, 22);
	assert_string_equal(e->path, "BillingCurrency");

	/* An item in another currency: the page is refused and no row of it
	 * leaves, not even those before it. */
	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		0.46, "westeurope", NULL);
	vm_item(b, sizeof b, "EUR", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		0.42, "westeurope", NULL);
	snprintf(items, sizeof items, "%s,\n%s", a, b);
	page = page_of(items, NULL);
	expect_error(parse_text(page, "mixed.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     "mixed.json:2:18: Items[1].currencyCode: only USD is supported, got 'EUR'");
	assert_int_equal(c.count, 0);
	assert_int_equal(c.meta_calls, 0);
	free(page);
	collector_reset(&c);
}

/* ---- next link ---- */

static void test_next_link(void **state)
{
	collector c = {0};
	char *next = (char *)1;

	(void)state;
	expect_ok(parse_text("{\"Items\": [], \"NextPageLink\": \"page2.json\"}", "p.json", NULL,
			     &c, &next));
	assert_string_equal(next, "page2.json");
	infracost__free(next);
	next = (char *)1;
	expect_ok(parse_text("{\"Items\": [], \"NextPageLink\": \"\"}", "p.json", NULL, &c, &next));
	assert_null(next);
	next = (char *)1;
	expect_ok(parse_text("{\"Items\": [], \"NextPageLink\": null}", "p.json", NULL, &c, &next));
	assert_null(next);
	next = (char *)1;
	expect_ok(parse_text("{\"Items\": []}", "p.json", NULL, &c, &next));
	assert_null(next);
	/* next_link may be NULL when the caller does not follow links. */
	expect_ok(parse_text("{\"Items\": [], \"NextPageLink\": \"x\"}", "p.json", NULL, &c, NULL));
	next = (char *)1;
	expect_error(parse_text("{\"Items\": [], \"NextPageLink\": 7}", "p.json", NULL, &c, &next),
		     INFRACOST_EINVALID,
		     "p.json:1:31: NextPageLink: expected a string or null, got a number");
	assert_null(next);
	collector_reset(&c);
}

/* ---- malformed and unusable pages ---- */

static void test_malformed_page(void **state)
{
	collector c = {0};
	char *next = (char *)1;
	const infracost_error *e;

	(void)state;
	expect_error(parse_text("{\"Items\": [\n  {\"currencyCode\": \"USD\",}\n]}", "bad.json",
				NULL, &c, &next),
		     INFRACOST_EPARSE,
		     "bad.json:2:26: malformed JSON: string or '}' expected near '}'");
	e = infracost_error_last();
	assert_int_equal(e->line, 2);
	assert_int_equal(e->column, 26);
	assert_null(next);
	expect_error(parse_text("{\"Items\": [", "cut.json", NULL, &c, NULL), INFRACOST_EPARSE,
		     "cut.json:1:11: malformed JSON: ']' expected near end of file");
	expect_error(parse_text("", "empty.json", NULL, &c, NULL), INFRACOST_EPARSE,
		     "empty.json:1:1: malformed JSON: unexpected token near end of file");
	assert_int_equal(c.count, 0);
	collector_reset(&c);
}

static void test_unusable_page(void **state)
{
	collector c = {0};
	char a[1024];
	char *page, *at;

	(void)state;
	expect_error(parse_text("\"USD\"", "s.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     "s.json:1:1: expected a Retail Prices API page (an object with Items), got a "
		     "string");
	expect_error(parse_text("{\"Count\": 0}", "n.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     "n.json:1:1: not a Retail Prices API page: no 'Items' member");
	expect_error(parse_text("{\"Items\": {}}", "o.json", NULL, &c, NULL), INFRACOST_EINVALID,
		     "o.json:1:11: Items: expected an array, got an object");
	expect_error(
		parse_text("{\"BillingCurrency\": 1, \"Items\": []}", "b.json", NULL, &c, NULL),
		INFRACOST_EINVALID,
		"b.json:1:21: BillingCurrency: expected a string, got a number");
	expect_error(parse_text("{\"Items\": [{}, \"x\"]}", "i.json", NULL, &c, NULL),
		     INFRACOST_EINVALID, "i.json:1:16: Items[1]: expected an object, got a string");

	/* A field of the wrong type names its path, line and column. */
	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		0.46, "westeurope", NULL);
	page = page_of(a, NULL);
	at = replaced(page, "\"retailPrice\": 0.46,", "\"retailPrice\": \"0.46\",");
	{
		char expected[256];
		snprintf(expected, sizeof expected,
			 "r.json:1:%d: Items[0].retailPrice: expected a number, got a string",
			 (int)(strstr(at, "\"0.46\"") - at) + 1);
		expect_error(parse_text(at, "r.json", NULL, &c, NULL), INFRACOST_EINVALID,
			     expected);
	}
	free(at);
	free(page);

	vm_item(a, sizeof a, "USD", "Consumption", "Virtual Machines Dv4 Series", "D8 v4", "1 Hour",
		-0.46, "westeurope", NULL);
	page = page_of(a, NULL);
	{
		char expected[256];
		snprintf(expected, sizeof expected,
			 "neg.json:1:%d: Items[0].retailPrice: must not be negative, got -0.46",
			 (int)(strstr(page, "-0.46") - page) + 1);
		expect_error(parse_text(page, "neg.json", NULL, &c, NULL), INFRACOST_EINVALID,
			     expected);
	}
	free(page);
	assert_int_equal(c.count, 0);
	collector_reset(&c);
}

static void test_arguments(void **state)
{
	collector c = {0};
	infracost_feed_sink sink = sink_of(&c), no_row = {NULL, collect_meta, NULL, &c, NULL};
	char *next = (char *)1;

	(void)state;
	assert_int_equal(infracost__azure_page(NULL, 3, "x", NULL, &sink, &next),
			 INFRACOST_EINVALID);
	assert_null(next);
	assert_int_equal(infracost__azure_page("[]", 2, "x", NULL, NULL, NULL), INFRACOST_EINVALID);
	assert_int_equal(infracost__azure_page("[]", 2, "x", NULL, &no_row, NULL),
			 INFRACOST_EINVALID);
	/* No meta callback is fine. */
	sink.meta = NULL;
	assert_int_equal(infracost__azure_page("[]", 2, NULL, NULL, &sink, NULL), 0);
	collector_reset(&c);
}

static void test_sink_stops(void **state)
{
	collector c = {0};
	char *next = (char *)1;

	(void)state;
	c.stop_after = 2;
	assert_int_equal(parse_file("pages/page1.json", NULL, &c, &next), INFRACOST_EIO);
	assert_null(next);
	assert_int_equal(c.count, 2);
	assert_int_equal(c.meta_calls, 0);
	collector_reset(&c);
}

static void test_out_of_memory(void **state)
{
	size_t len;
	char *buf = read_file(DATA "pages/page1.json", &len);
	unsigned long n;
	int rc = -1;

	(void)state;
	for (n = 1; n < 1000; n++) {
		collector c = {0};
		infracost_feed_sink sink = sink_of(&c);
		char *next = (char *)1;

		infracost__alloc_fail_after(n);
		rc = infracost__azure_page(buf, len, "page1.json", NULL, &sink, &next);
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_string_equal(
				next, "https://prices.azure.com:443/api/retail/prices?$skip=7");
			assert_int_equal(c.count, 4);
			infracost__free(next);
			collector_reset(&c);
			break;
		}
		assert_int_equal(rc, INFRACOST_ENOMEM);
		assert_null(next);
		assert_int_equal(c.count, 0); /* nothing leaves a page that fails */
		collector_reset(&c);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 1);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_table),
		cmocka_unit_test(test_real_all_meter_types),
		cmocka_unit_test(test_real_reservation_terms),
		cmocka_unit_test(test_real_example_item_devtest),
		cmocka_unit_test(test_pages_follow_next_link),
		cmocka_unit_test(test_region_filter),
		cmocka_unit_test(test_units_normalized),
		cmocka_unit_test(test_unknown_units_skipped_and_counted),
		cmocka_unit_test(test_windows_low_priority_devtest_skipped),
		cmocka_unit_test(test_tier_minimum_units),
		cmocka_unit_test(test_other_services_skipped),
		cmocka_unit_test(test_bare_array_of_items),
		cmocka_unit_test(test_non_usd_refused),
		cmocka_unit_test(test_next_link),
		cmocka_unit_test(test_malformed_page),
		cmocka_unit_test(test_unusable_page),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_sink_stops),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
