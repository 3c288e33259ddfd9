/* test_catalog.c - price books (formats.md section 2): header mapping,
 * validation with file:line:column, tier ladders, layering, look-ups,
 * directories, the shipped snapshot, and out-of-memory behaviour. */
#include "helpers.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <threads.h>
#include <unistd.h>

#include "alloc.h"
#include "catalog.h"
#include "buf.h"

#define H7 "provider,service,region,sku,purchase,unit,price\n"
#define M5 "aws,ec2,us-east-1,m5.large,on_demand,hour,"
/* In a row starting with M5: column of purchase, unit, price and the
 * field after price. */
#define COL_PURCHASE 28
#define COL_UNIT 38
#define COL_PRICE 43

/* ---- Helpers -------------------------------------------------------- */

static infracost_catalog *new_catalog(void)
{
	infracost_catalog *cat = NULL;
	assert_int_equal(infracost_catalog_new(&cat), 0);
	assert_non_null(cat);
	assert_int_equal(infracost_catalog_count(cat), 0);
	return cat;
}

static int load(infracost_catalog *cat, const char *csv, const char *name)
{
	return infracost_catalog_load_buffer(cat, csv, strlen(csv), name);
}

/* Load `csv` as "test.csv" into a fresh catalog expecting failure `code`
 * with exactly `message`, at `line` and `column`; nothing is loaded. */
static void expect_book_error_(const char *csv, int code, int line, int column, const char *message,
			       const char *file, int at)
{
	infracost_catalog *cat = new_catalog();
	const infracost_error *e;
	int rc;

	infracost_error_clear();
	rc = load(cat, csv, "test.csv");
	e = infracost_error_last();
	if (rc != code || !e || e->code != code) {
		print_error("%s:%d: load returned %d (%s), expected %d\n", file, at, rc,
			    e ? e->message : "no error", code);
		infracost_catalog_free(cat);
		_fail(file, at);
	}
	if (strcmp(e->message, message) != 0 || e->line != line || e->column != column ||
	    !e->source || strcmp(e->source, "test.csv") != 0) {
		print_error("%s:%d: error at %d:%d \"%s\", expected %d:%d \"%s\"\n", file, at,
			    e->line, e->column, e->message, line, column, message);
		infracost_catalog_free(cat);
		_fail(file, at);
	}
	assert_int_equal(infracost_catalog_count(cat), 0);
	assert_null(infracost_catalog_get(cat, 0));
	infracost_catalog_free(cat);
}

#define EXPECT_BOOK_ERROR(csv, line, column, message)                                              \
	expect_book_error_((csv), INFRACOST_EPARSE, (line), (column), (message), __FILE__, __LINE__)

/* The only row of a key (asserts that the ladder has `count` rows). */
static const infracost_price *lookup_(const infracost_catalog *cat, const char *provider,
				      const char *service, const char *region, const char *sku,
				      const char *purchase, const char *unit, size_t count,
				      const char *file, int at)
{
	const infracost_price *rows = NULL;
	size_t n = 0;
	int rc = infracost_catalog_lookup(&rows, &n, cat, provider, service, region, sku, purchase,
					  unit);
	if (rc != 0) {
		print_error("%s:%d: lookup failed: %s\n", file, at,
			    infracost_error_last()->message);
		_fail(file, at);
	}
	if (n != count || !rows) {
		print_error("%s:%d: %zu rows, expected %zu\n", file, at, n, count);
		_fail(file, at);
	}
	return rows;
}

#define LOOKUP(cat, p, s, r, sku, pu, u, count)                                                    \
	lookup_((cat), (p), (s), (r), (sku), (pu), (u), (count), __FILE__, __LINE__)

static void expect_miss(const infracost_catalog *cat, const char *provider, const char *service,
			const char *region, const char *sku, const char *purchase, const char *unit)
{
	const infracost_price *rows = NULL;
	size_t n = 0;
	assert_int_equal(infracost_catalog_lookup(&rows, &n, cat, provider, service, region, sku,
						  purchase, unit),
			 INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_error_last()->code, INFRACOST_ENOTFOUND);
}

/* A copy of a catalog's visible state, to compare after a failed load. */
struct snap_row {
	char key[256];
	char origin[128];
	double price, upfront, tier_start, vcpu, memory_gb;
};

struct snapshot {
	size_t count;
	struct snap_row rows[16];
};

static void take_snapshot(struct snapshot *s, const infracost_catalog *cat)
{
	s->count = infracost_catalog_count(cat);
	assert_true(s->count <= 16);
	for (size_t i = 0; i < s->count; i++) {
		const infracost_price *p = infracost_catalog_get(cat, i);
		assert_non_null(p);
		snprintf(s->rows[i].key, sizeof(s->rows[i].key), "%s/%s/%s/%s/%s/%s", p->provider,
			 p->service, p->region, p->sku, p->purchase, p->unit);
		snprintf(s->rows[i].origin, sizeof(s->rows[i].origin), "%s", p->origin);
		s->rows[i].price = p->price;
		s->rows[i].upfront = p->upfront;
		s->rows[i].tier_start = p->tier_start;
		s->rows[i].vcpu = p->vcpu;
		s->rows[i].memory_gb = p->memory_gb;
	}
}

static void expect_snapshot_(const struct snapshot *want, const infracost_catalog *cat,
			     const char *file, int at)
{
	struct snapshot now;

	take_snapshot(&now, cat);
	if (now.count != want->count) {
		print_error("%s:%d: count %zu, expected %zu\n", file, at, now.count, want->count);
		_fail(file, at);
	}
	for (size_t i = 0; i < now.count; i++) {
		const struct snap_row *a = &now.rows[i], *b = &want->rows[i];
		if (strcmp(a->key, b->key) || strcmp(a->origin, b->origin) ||
		    a->price != b->price || a->upfront != b->upfront ||
		    a->tier_start != b->tier_start || a->vcpu != b->vcpu ||
		    a->memory_gb != b->memory_gb) {
			print_error("%s:%d: row %zu is %s %g from %s, expected %s %g from %s\n",
				    file, at, i, a->key, a->price, a->origin, b->key, b->price,
				    b->origin);
			_fail(file, at);
		}
	}
}

#define EXPECT_SNAPSHOT(want, cat) expect_snapshot_((want), (cat), __FILE__, __LINE__)

/* ---- Header -------------------------------------------------------------- */

static void test_header_any_order_any_case_unknown_ignored(void **state)
{
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	cat = catalog_from("PRICE,Unit,notes,sku,Region,provider,SERVICE,purchase\n"
			   "0.096,hour,\"free text, with a comma\",m5.large,us-east-1,aws,ec2,"
			   "on_demand\n");
	assert_int_equal(infracost_catalog_count(cat), 1);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_string_equal(p->provider, "aws");
	assert_string_equal(p->service, "ec2");
	assert_string_equal(p->region, "us-east-1");
	assert_string_equal(p->sku, "m5.large");
	assert_string_equal(p->purchase, "on_demand");
	assert_string_equal(p->unit, "hour");
	assert_money(p->price, 0.096);
	/* Optional columns absent: their defaults. */
	assert_true(p->upfront == 0.0);
	assert_true(p->tier_start == 0.0);
	assert_true(p->vcpu == -1.0);
	assert_true(p->memory_gb == -1.0);
	assert_string_equal(p->effective_date, "");
	assert_string_equal(p->source, "");
	assert_string_equal(p->origin, "test.csv:2");
	infracost_catalog_free(cat);
}

static void test_header_and_fields_trimmed(void **state)
{
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	cat = catalog_from(" provider ,service,region,sku,purchase,unit,\tprice\n"
			   "aws , ec2,us-east-1,m5.large,on_demand,hour, 0.096 \n");
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(p->price, 0.096);
	infracost_catalog_free(cat);
}

static void test_comments_blank_lines_and_origin(void **state)
{
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	cat = catalog_from("# a price book\n"
			   "\n"
			   "provider,service,region,sku,purchase,unit,price,source\n"
			   "# ec2\n"
			   "aws,ec2,us-east-1,m5.large,on_demand,hour,0.096,\"two\nlines\"\n"
			   "\n"
			   "aws,ec2,us-east-1,t3.micro,on_demand,hour,0.0104,x\r\n");
	assert_int_equal(infracost_catalog_count(cat), 2);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_string_equal(p->origin, "test.csv:5");
	assert_string_equal(p->source, "two\nlines");
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "t3.micro", "on_demand", "hour", 1);
	/* The record starts on line 8: line 5's field spans lines 5-6. */
	assert_string_equal(p->origin, "test.csv:8");
	assert_string_equal(p->source, "x");
	assert_money(p->price, 0.0104);
	infracost_catalog_free(cat);
}

static void test_header_only_and_empty_book(void **state)
{
	infracost_catalog *cat = new_catalog();
	(void)state;

	assert_int_equal(load(cat, H7, "test.csv"), 0);
	assert_int_equal(infracost_catalog_count(cat), 0);
	infracost_catalog_free(cat);

	expect_book_error_("", INFRACOST_EPARSE, 0, 0, "test.csv: empty price book (no header row)",
			   __FILE__, __LINE__);
	expect_book_error_("# only a comment\n\n", INFRACOST_EPARSE, 0, 0,
			   "test.csv: empty price book (no header row)", __FILE__, __LINE__);
}

static void test_missing_required_column(void **state)
{
	static const char *const cols[] = {"provider", "service", "region", "sku",
					   "purchase", "unit",    "price"};
	char header[256], want[512];
	(void)state;

	EXPECT_BOOK_ERROR("provider,service,region,sku,purchase,price,upfront\n", 1, 0,
			  "test.csv:1: header has no 'unit' column (required: provider, service, "
			  "region, sku, purchase, unit, price)");
	/* Each required column in turn, after two comment lines. */
	for (size_t skip = 0; skip < 7; skip++) {
		size_t n = (size_t)snprintf(header, sizeof(header), "# c\n# c\nvcpu");
		for (size_t i = 0; i < 7; i++)
			if (i != skip)
				n += (size_t)snprintf(header + n, sizeof(header) - n, ",%s",
						      cols[i]);
		snprintf(header + n, sizeof(header) - n, "\n");
		snprintf(want, sizeof(want),
			 "test.csv:3: header has no '%s' column (required: provider, service, "
			 "region, sku, purchase, unit, price)",
			 cols[skip]);
		EXPECT_BOOK_ERROR(header, 3, 0, want);
	}
	/* A near miss is not the column. */
	EXPECT_BOOK_ERROR("provider,service,region,sku,purchase,units,price\n", 1, 0,
			  "test.csv:1: header has no 'unit' column (required: provider, service, "
			  "region, sku, purchase, unit, price)");
}

static void test_duplicate_header_column(void **state)
{
	(void)state;
	/* "Price" starts at column 49, after "provider,...,price,". */
	EXPECT_BOOK_ERROR("provider,service,region,sku,purchase,unit,price,Price\n", 1, 49,
			  "test.csv:1:49: column 'price' appears twice in the header");
	EXPECT_BOOK_ERROR("vcpu,provider,service,region,sku,purchase,unit,price,VCPU\n", 1, 54,
			  "test.csv:1:54: column 'vcpu' appears twice in the header");
}

/* ---- Rows ------------------------------------------------------------ */

static void test_wrong_field_count(void **state)
{
	(void)state;
	EXPECT_BOOK_ERROR(H7 M5 "0.096\n"
				"aws,ec2,us-east-1,t3.micro,on_demand,hour\n",
			  3, 0, "test.csv:3: expected 7 fields as in the header, found 6");
	EXPECT_BOOK_ERROR(H7 "# comment\n" M5 "0.096,extra\n", 3, 0,
			  "test.csv:3: expected 7 fields as in the header, found 8");
}

static void test_bad_numbers(void **state)
{
	(void)state;
	EXPECT_BOOK_ERROR(H7 M5 "abc\n", 2, COL_PRICE, "test.csv:2:43: price: not a number: 'abc'");
	EXPECT_BOOK_ERROR(H7 M5 "\n", 2, COL_PRICE, "test.csv:2:43: price: not a number: ''");
	EXPECT_BOOK_ERROR(H7 M5 "1.2.3\n", 2, COL_PRICE,
			  "test.csv:2:43: price: not a number: '1.2.3'");
	EXPECT_BOOK_ERROR(H7 M5 "0x10\n", 2, COL_PRICE,
			  "test.csv:2:43: price: not a number: '0x10'");
	EXPECT_BOOK_ERROR(H7 M5 "1e999\n", 2, COL_PRICE,
			  "test.csv:2:43: price: not a number: '1e999'");
	EXPECT_BOOK_ERROR(H7 M5 "$0.10\n", 2, COL_PRICE,
			  "test.csv:2:43: price: not a number: '$0.10'");
	EXPECT_BOOK_ERROR(H7 M5 "-0.5\n", 2, COL_PRICE,
			  "test.csv:2:43: price: must not be negative, got -0.5");
	/* Other numeric columns, the error on the second row. */
	EXPECT_BOOK_ERROR("provider,service,region,sku,purchase,unit,price,tier_start\n"
			  "aws,s3,us-east-1,standard,on_demand,gb_month,0.023,0\n"
			  "aws,s3,us-east-1,standard,on_demand,gb_month,0.022,-51200\n",
			  3, 52, "test.csv:3:52: tier_start: must not be negative, got -51200");
	EXPECT_BOOK_ERROR("provider,service,region,sku,purchase,unit,price,vcpu,memory_gb\n" M5
			  "0.096,2,eight\n",
			  2, 51, "test.csv:2:51: memory_gb: not a number: 'eight'");
}

static void test_bad_number_names_the_file(void **state)
{
	infracost_catalog *cat = new_catalog();
	const char *path = temp_file("book.csv", H7 "# c\n" M5 "cheap\n");
	const infracost_error *e;
	char want[512];
	(void)state;

	assert_int_equal(infracost_catalog_load_file(cat, path), INFRACOST_EPARSE);
	e = infracost_error_last();
	snprintf(want, sizeof(want), "%s:3:43: price: not a number: 'cheap'", path);
	assert_string_equal(e->message, want);
	assert_string_equal(e->source, path);
	assert_int_equal(e->line, 3);
	assert_int_equal(e->column, 43);
	assert_int_equal(infracost_catalog_count(cat), 0);

	/* A file that does not exist. */
	snprintf(want, sizeof(want), "%s.missing", path);
	assert_int_equal(infracost_catalog_load_file(cat, want), INFRACOST_EIO);
	assert_int_equal(strncmp(infracost_error_last()->message, want, strlen(want)), 0);
	infracost_catalog_free(cat);
	unlink(path);
	/* And the directory temp_file made for it. */
	snprintf(want, sizeof(want), "%s", path);
	*strrchr(want, '/') = '\0';
	rmdir(want);
}

static void test_unknown_purchase_option(void **state)
{
	(void)state;
	EXPECT_BOOK_ERROR(H7 "aws,ec2,us-east-1,m5.large,ondemand,hour,0.096\n", 2, COL_PURCHASE,
			  "test.csv:2:28: purchase: unknown option 'ondemand' (expected on_demand, "
			  "spot, reserved_[convertible_]{1yr,3yr}_{no,partial,all}_upfront or "
			  "spot_interruption)");
	EXPECT_BOOK_ERROR(H7 "aws,ec2,us-east-1,m5.large,reserved_2yr_no_upfront,hour,0.05\n", 2,
			  COL_PURCHASE,
			  "test.csv:2:28: purchase: unknown option 'reserved_2yr_no_upfront' "
			  "(expected on_demand, spot, "
			  "reserved_[convertible_]{1yr,3yr}_{no,partial,all}_upfront "
			  "or spot_interruption)");
	EXPECT_BOOK_ERROR(
		H7 "aws,ec2,us-east-1,m5.large,On_Demand,hour,0.096\n", 2, COL_PURCHASE,
		"test.csv:2:28: purchase: unknown option 'On_Demand' (expected on_demand, "
		"spot, reserved_[convertible_]{1yr,3yr}_{no,partial,all}_upfront or "
		"spot_interruption)");
	EXPECT_BOOK_ERROR(H7 "aws,ec2,us-east-1,m5.large,,hour,0.096\n", 2, COL_PURCHASE,
			  "test.csv:2:28: purchase: must not be empty");
}

static void test_every_purchase_option_loads(void **state)
{
	static const char *const options[] = {
		"on_demand",
		"spot",
		"reserved_1yr_no_upfront",
		"reserved_1yr_partial_upfront",
		"reserved_1yr_all_upfront",
		"reserved_3yr_no_upfront",
		"reserved_3yr_partial_upfront",
		"reserved_3yr_all_upfront",
		/* Convertible Reserved Instances (pricing-data: t3.medium, m5.large) */
		"reserved_convertible_1yr_no_upfront",
		"reserved_convertible_1yr_partial_upfront",
		"reserved_convertible_1yr_all_upfront",
		"reserved_convertible_3yr_no_upfront",
		"reserved_convertible_3yr_partial_upfront",
		"reserved_convertible_3yr_all_upfront",
	};
	enum { N = sizeof(options) / sizeof(options[0]) };
	char csv[4096];
	size_t n;
	infracost_catalog *cat;
	(void)state;

	n = (size_t)snprintf(csv, sizeof(csv),
			     "provider,service,region,sku,purchase,unit,price,upfront\n");
	for (size_t i = 0; i < N; i++)
		n += (size_t)snprintf(csv + n, sizeof(csv) - n,
				      "aws,ec2,us-east-1,m5.large,%s,hour,0.%03zu,%s\n", options[i],
				      i + 1, i >= 2 ? "100" : "0");
	cat = catalog_from(csv);
	assert_int_equal(infracost_catalog_count(cat), N);
	for (size_t i = 0; i < N; i++) {
		const infracost_price *p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large",
						  options[i], "hour", 1);
		assert_money(p->price, 0.001 * (double)(i + 1));
		assert_money(p->upfront, i >= 2 ? 100.0 : 0.0);
		/* Load order of keys. */
		assert_ptr_equal(infracost_catalog_get(cat, i), p);
	}
	infracost_catalog_free(cat);
}

static void test_bad_unit(void **state)
{
	(void)state;
	EXPECT_BOOK_ERROR(H7 M5 "0.096\naws,s3,us-east-1,standard,on_demand,gb-month,0.023\n", 3,
			  37,
			  "test.csv:3:37: unit: 'gb-month' is not a unit name such as hour, "
			  "gb_month, gb, request, gb_second, lcu_hour");
	EXPECT_BOOK_ERROR(H7 "aws,ec2,us-east-1,m5.large,on_demand,,0.096\n", 2, COL_UNIT,
			  "test.csv:2:38: unit: must not be empty");
}

static void test_currency_column(void **state)
{
	infracost_catalog *cat;
	(void)state;

	/* USD (or empty) is accepted. */
	cat = catalog_from("provider,service,region,sku,purchase,unit,price,currency\n" M5
			   "0.096,USD\naws,ec2,us-east-1,t3.micro,on_demand,hour,0.0104,\n");
	assert_int_equal(infracost_catalog_count(cat), 2);
	infracost_catalog_free(cat);

	EXPECT_BOOK_ERROR("provider,service,region,sku,purchase,unit,price,currency\n" M5
			  "0.096,USD\n" M5 "0.088,EUR\n",
			  3, 49, "test.csv:3:49: currency: only USD is supported, got 'EUR'");
	EXPECT_BOOK_ERROR("Currency,provider,service,region,sku,purchase,unit,price\n"
			  "GBP," M5 "0.096\n",
			  2, 1, "test.csv:2:1: currency: only USD is supported, got 'GBP'");
}

static void test_upfront_only_on_reserved_rows(void **state)
{
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	EXPECT_BOOK_ERROR(
		"provider,service,region,sku,purchase,unit,price,upfront\n" M5 "0.096,100\n", 2, 49,
		"test.csv:2:49: upfront: only reserved rows have an upfront fee (purchase "
		"is on_demand)");
	EXPECT_BOOK_ERROR(
		"provider,service,region,sku,purchase,unit,price,upfront\n"
		"aws,ec2,us-east-1,m5.large,spot,hour,0.04,0.01\n",
		2, 43,
		"test.csv:2:43: upfront: only reserved rows have an upfront fee (purchase "
		"is spot)");
	/* Zero (or empty) upfront on any row, any upfront on a reserved row. */
	cat = catalog_from(
		"provider,service,region,sku,purchase,unit,price,upfront\n" M5 "0.096,0\n"
		"aws,ec2,us-east-1,m5.large,spot,hour,0.04,\n"
		"aws,ec2,us-east-1,m5.large,reserved_1yr_partial_upfront,hour,0.029,252\n");
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "reserved_1yr_partial_upfront",
		   "hour", 1);
	assert_money(p->upfront, 252.0);
	assert_money(p->price, 0.029);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "spot", "hour", 1);
	assert_true(p->upfront == 0.0);
	infracost_catalog_free(cat);
}

static void test_duplicate_key_in_one_book(void **state)
{
	infracost_catalog *cat;
	(void)state;

	EXPECT_BOOK_ERROR(H7 M5 "0.096\n"
				"aws,ec2,us-east-1,t3.micro,on_demand,hour,0.0104\n" M5 "0.1\n",
			  4, 0,
			  "test.csv:4: duplicate price aws/ec2/us-east-1/m5.large/on_demand/hour "
			  "tier_start 0 (first on line 2)");
	/* Same key and tier_start after the tiers are sorted. */
	EXPECT_BOOK_ERROR(
		"provider,service,region,sku,purchase,unit,price,tier_start\n"
		"aws,s3,us-east-1,standard,on_demand,gb_month,0.021,512000\n"
		"aws,s3,us-east-1,standard,on_demand,gb_month,0.023,0\n"
		"# c\n"
		"aws,s3,us-east-1,standard,on_demand,gb_month,0.0215,512000\n",
		5, 0,
		"test.csv:5: duplicate price aws/s3/us-east-1/standard/on_demand/gb_month "
		"tier_start 512000 (first on line 2)");
	/* Keys that differ only in unit, purchase or region are not duplicates. */
	cat = catalog_from(H7 M5 "0.096\n"
				 "aws,ec2,us-east-1,m5.large,on_demand,month,70.08\n"
				 "aws,ec2,us-east-1,m5.large,spot,hour,0.04\n"
				 "aws,ec2,us-west-2,m5.large,on_demand,hour,0.096\n");
	assert_int_equal(infracost_catalog_count(cat), 4);
	infracost_catalog_free(cat);
}

static void test_vcpu_memory_and_provenance(void **state)
{
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	cat = catalog_from("provider,service,region,sku,purchase,unit,price,vcpu,memory_gb,"
			   "effective_date,source\n" M5 "0.096,2,8,2026-07-20,karpenter\n"
			   "aws,ec2,us-east-1,t3.micro,on_demand,hour,0.0104,2,0.5,,\n"
			   "aws,ebs,us-east-1,gp3,on_demand,gb_month,0.08,,,2024-01-01,\n");
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_true(p->vcpu == 2.0);
	assert_true(p->memory_gb == 8.0);
	assert_string_equal(p->effective_date, "2026-07-20");
	assert_string_equal(p->source, "karpenter");
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "t3.micro", "on_demand", "hour", 1);
	assert_true(p->vcpu == 2.0);
	assert_true(p->memory_gb == 0.5);
	assert_string_equal(p->effective_date, "");
	assert_string_equal(p->source, "");
	/* Empty size fields mean "not given". */
	p = LOOKUP(cat, "aws", "ebs", "us-east-1", "gp3", "on_demand", "gb_month", 1);
	assert_true(p->vcpu == -1.0);
	assert_true(p->memory_gb == -1.0);
	assert_string_equal(p->effective_date, "2024-01-01");
	assert_string_equal(p->origin, "test.csv:4");
	infracost_catalog_free(cat);
}

/* ---- Tiers ----------------------------------------------------------- */

#define S3_TIERS                                                                                   \
	"provider,service,region,sku,purchase,unit,price,tier_start\n"                             \
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.021,512000\n"                              \
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.023,0\n"                                   \
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.022,51200\n"

static void test_tier_ladder_sorted(void **state)
{
	infracost_catalog *cat;
	const infracost_price *t;
	(void)state;

	cat = catalog_from(S3_TIERS);
	assert_int_equal(infracost_catalog_count(cat), 3);
	t = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", "gb_month", 3);
	assert_true(t[0].tier_start == 0.0);
	assert_true(t[1].tier_start == 51200.0);
	assert_true(t[2].tier_start == 512000.0);
	assert_money(t[0].price, 0.023);
	assert_money(t[1].price, 0.022);
	assert_money(t[2].price, 0.021);
	assert_string_equal(t[0].origin, "test.csv:3");
	assert_string_equal(t[1].origin, "test.csv:4");
	assert_string_equal(t[2].origin, "test.csv:2");
	/* infracost_catalog_get walks the same ladder in tier order. */
	assert_ptr_equal(infracost_catalog_get(cat, 0), &t[0]);
	assert_ptr_equal(infracost_catalog_get(cat, 1), &t[1]);
	assert_ptr_equal(infracost_catalog_get(cat, 2), &t[2]);
	infracost_catalog_free(cat);
}

/* A book of one ladder of many tiers in shuffled order, then a second book
 * over it replacing every other tier and adding as many between: each tier
 * lands in place (the insert was quadratic: 200,000 tiers took 24 s; the
 * figure is in bench/README.md, kept small here for valgrind). */
#define MANY_TIERS 50000
static char *tier_book(size_t n, size_t step, double price_base, int with_vcpu)
{
	size_t cap = 64 + n * 80, used = 0, *order = malloc(n * sizeof(*order));
	char *book = malloc(cap);
	uint64_t x = 0x2545F4914F6CDD1DULL;
	assert_non_null(order);
	assert_non_null(book);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates, fixed seed */
		size_t j, t;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		j = (size_t)(x % (i + 1));
		t = order[i], order[i] = order[j], order[j] = t;
	}
	used += (size_t)snprintf(
		book, cap, "provider,service,region,sku,purchase,unit,price,tier_start,vcpu\n");
	for (size_t i = 0; i < n; i++) {
		size_t k = order[i];
		if (with_vcpu)
			used += (size_t)snprintf(book + used, cap - used,
						 "aws,s3,r,big,on_demand,gb,%.0f,%zu,%zu\n",
						 price_base + (double)k, k * step, k);
		else
			used += (size_t)snprintf(book + used, cap - used,
						 "aws,s3,r,big,on_demand,gb,%.0f,%zu,\n",
						 price_base + (double)k, k * step);
	}
	free(order);
	return book;
}

static void test_tier_ladder_large(void **state)
{
	const size_t n = MANY_TIERS;
	char *base = tier_book(n, 2, 1, 1), *over = tier_book(n, 1, 1e7, 0);
	infracost_catalog *cat = catalog_from(base);
	const infracost_price *t;
	size_t count;
	(void)state;
	assert_int_equal(infracost_catalog_count(cat), n);
	assert_int_equal(infracost_catalog_lookup(&t, &count, cat, "aws", "s3", "r", "big",
						  "on_demand", "gb"),
			 0);
	assert_int_equal(count, n);
	for (size_t i = 0; i < n; i++) {
		assert_true(t[i].tier_start == 2.0 * (double)i);
		assert_true(t[i].price == 1.0 + (double)i);
	}
	assert_int_equal(infracost_catalog_load_buffer(cat, over, strlen(over), "over.csv"), 0);
	/* every tier start 0..2n-2 that is even, and the odd ones below n */
	assert_int_equal(infracost_catalog_count(cat), n + n / 2);
	assert_int_equal(infracost_catalog_lookup(&t, &count, cat, "aws", "s3", "r", "big",
						  "on_demand", "gb"),
			 0);
	assert_int_equal(count, n + n / 2);
	for (size_t i = 0; i < count; i++) {
		double ts = i < n ? (double)i : 2.0 * (double)(i - n / 2);
		assert_true(t[i].tier_start == ts);
		assert_ptr_equal(infracost_catalog_get(cat, i), &t[i]);
		if (ts < (double)n) { /* replaced or added by the second book */
			assert_true(t[i].price == 1e7 + ts);
			/* a replaced row keeps the size the second book leaves out */
			assert_true(t[i].vcpu == ((size_t)ts % 2 ? -1 : ts / 2));
			assert_non_null(strstr(t[i].origin, "over.csv:"));
		} else {
			assert_true(t[i].price == 1 + ts / 2);
			assert_true(t[i].vcpu == ts / 2);
		}
	}
	infracost_catalog_free(cat);
	free(base);
	free(over);
}

static void test_tiered_cost(void **state)
{
	infracost_catalog *cat;
	const infracost_price *t;
	(void)state;

	cat = catalog_from(S3_TIERS);
	t = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", "gb_month", 3);
	/* 51200*0.023 + 460800*0.022 + 88000*0.021 = 1177.6 + 10137.6 + 1848 */
	assert_money(infracost_price_tiered_cost(t, 3, 600000), 13163.2);
	/* Within the first tier. */
	assert_money(infracost_price_tiered_cost(t, 3, 100), 2.3);
	/* Exactly at a boundary: nothing at the next price yet. */
	assert_money(infracost_price_tiered_cost(t, 3, 51200), 1177.6);
	assert_money(infracost_price_tiered_cost(t, 3, 512000), 11315.2);
	/* One unit past a boundary. */
	assert_money(infracost_price_tiered_cost(t, 3, 51201), 1177.622);
	/* Zero and negative quantities cost nothing. */
	assert_true(infracost_price_tiered_cost(t, 3, 0) == 0.0);
	assert_true(infracost_price_tiered_cost(t, 3, -5) == 0.0);
	/* A shorter ladder: the last tier is open-ended. */
	assert_money(infracost_price_tiered_cost(t, 1, 600000), 13800.0);
	assert_money(infracost_price_tiered_cost(t, 2, 600000), 1177.6 + 548800 * 0.022);
	assert_true(infracost_price_tiered_cost(t, 0, 600000) == 0.0);
	assert_true(infracost_price_tiered_cost(NULL, 3, 600000) == 0.0);
	infracost_catalog_free(cat);

	/* A single-row ladder: 730 hours of m5.large. */
	cat = catalog_from(H7 M5 "0.096\n");
	t = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(infracost_price_tiered_cost(t, 1, 730), 70.08);
	infracost_catalog_free(cat);
}

/* ---- Layering --------------------------------------------------------- */

#define BASE_BOOK                                                                                  \
	"provider,service,region,sku,purchase,unit,price,tier_start\n" M5 "0.096,0\n"              \
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.023,0\n"                                   \
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.022,51200\n"

#define OVER_BOOK                                                                                  \
	"tier_start,provider,service,region,sku,purchase,unit,price\n"                             \
	"512000,aws,s3,us-east-1,standard,on_demand,gb_month,0.021\n"                              \
	"0,aws,ec2,us-east-1,t3.micro,on_demand,hour,0.0104\n"                                     \
	",aws,ec2,us-east-1,m5.large,on_demand,hour,0.1\n"                                         \
	"51200,aws,s3,us-east-1,standard,on_demand,gb_month,0.0225\n"

static void expect_row(const infracost_catalog *cat, size_t i, const char *sku, double tier,
		       double price, const char *origin)
{
	const infracost_price *p = infracost_catalog_get(cat, i);
	assert_non_null(p);
	assert_string_equal(p->sku, sku);
	assert_true(p->tier_start == tier);
	assert_money(p->price, price);
	assert_string_equal(p->origin, origin);
}

static void test_layering_replaces_and_adds(void **state)
{
	infracost_catalog *cat = new_catalog();
	const infracost_price *t;
	(void)state;

	assert_int_equal(load(cat, BASE_BOOK, "base.csv"), 0);
	assert_int_equal(infracost_catalog_count(cat), 3);
	expect_row(cat, 0, "m5.large", 0, 0.096, "base.csv:2");
	expect_row(cat, 1, "standard", 0, 0.023, "base.csv:3");
	expect_row(cat, 2, "standard", 51200, 0.022, "base.csv:4");

	assert_int_equal(load(cat, OVER_BOOK, "over.csv"), 0);
	/* 3 + 1 new tier + 1 new key; two rows replaced. */
	assert_int_equal(infracost_catalog_count(cat), 5);
	/* Keys in the order they were first loaded, tiers in ladder order. */
	expect_row(cat, 0, "m5.large", 0, 0.1, "over.csv:4");
	expect_row(cat, 1, "standard", 0, 0.023, "base.csv:3");
	expect_row(cat, 2, "standard", 51200, 0.0225, "over.csv:5");
	expect_row(cat, 3, "standard", 512000, 0.021, "over.csv:2");
	expect_row(cat, 4, "t3.micro", 0, 0.0104, "over.csv:3");
	assert_null(infracost_catalog_get(cat, 5));

	t = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", "gb_month", 3);
	/* 51200*0.023 + 460800*0.0225 + 88000*0.021 = 1177.6 + 10368 + 1848 */
	assert_money(infracost_price_tiered_cost(t, 3, 600000), 13393.6);
	t = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(t->price, 0.1);

	/* Loading the same book again changes nothing visible. */
	assert_int_equal(load(cat, OVER_BOOK, "over.csv"), 0);
	assert_int_equal(infracost_catalog_count(cat), 5);
	expect_row(cat, 2, "standard", 51200, 0.0225, "over.csv:5");
	infracost_catalog_free(cat);
}

static void test_failed_load_leaves_catalog_unchanged(void **state)
{
	infracost_catalog *cat = new_catalog();
	struct snapshot before;
	const infracost_price *t;
	(void)state;

	assert_int_equal(load(cat, BASE_BOOK, "base.csv"), 0);
	assert_int_equal(load(cat, OVER_BOOK, "over.csv"), 0);
	take_snapshot(&before, cat);
	assert_int_equal(before.count, 5);

	/* Valid rows that replace, add tiers and add keys, then a bad row. */
	assert_int_equal(load(cat,
			      H7 M5 "0.5\n"
				    "aws,ec2,us-east-1,c5.large,on_demand,hour,0.085\n"
				    "aws,ec2,us-east-1,t3.micro,on_demand,hour,0.02\n"
				    "aws,ec2,us-east-1,c5.xlarge,on_demand,hour,free\n",
			      "bad.csv"),
			 INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message,
			    "bad.csv:5:44: price: not a number: 'free'");
	EXPECT_SNAPSHOT(&before, cat);
	expect_miss(cat, "aws", "ec2", "us-east-1", "c5.large", "on_demand", "hour");
	t = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(t->price, 0.1);

	/* A book that fails only after every row parsed (a duplicate key). */
	assert_int_equal(load(cat,
			      "provider,service,region,sku,purchase,unit,price,tier_start\n"
			      "aws,s3,us-east-1,standard,on_demand,gb_month,0.5,0\n"
			      "aws,s3,us-east-1,standard,on_demand,gb_month,0.4,5\n"
			      "aws,ec2,us-east-1,c5.large,on_demand,hour,0.085,0\n"
			      "aws,s3,us-east-1,standard,on_demand,gb_month,0.3,5\n",
			      "dup.csv"),
			 INFRACOST_EPARSE);
	assert_string_equal(
		infracost_error_last()->message,
		"dup.csv:5: duplicate price aws/s3/us-east-1/standard/on_demand/gb_month "
		"tier_start 5 (first on line 3)");
	EXPECT_SNAPSHOT(&before, cat);
	LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", "gb_month", 3);

	/* A bad header. */
	assert_int_equal(load(cat, "provider,sku\naws,x\n", "hdr.csv"), INFRACOST_EPARSE);
	EXPECT_SNAPSHOT(&before, cat);

	/* And the catalog still takes a good book afterwards. */
	assert_int_equal(
		load(cat, H7 "aws,ec2,us-east-1,c5.large,on_demand,hour,0.085\n", "ok.csv"), 0);
	assert_int_equal(infracost_catalog_count(cat), 6);
	expect_row(cat, 5, "c5.large", 0, 0.085, "ok.csv:2");
	infracost_catalog_free(cat);
}

/* ---- Look-up ------------------------------------------------------------ */

#define LOOKUP_BOOK                                                                                \
	H7 M5 "0.096\n"                                                                            \
	      "aws,ec2,us-east-1,m5.xlarge,on_demand,hour,0.192\n"                                 \
	      "aws,ec2,us-east-1,t3.micro,on_demand,hour,0.0104\n"                                 \
	      "aws,ec2,us-west-2,m5.large,on_demand,hour,0.096\n"                                  \
	      "aws,s3,us-east-1,standard,on_demand,gb_month,0.023\n"                               \
	      "aws,ec2,us-east-1,m5.large,spot,hour,0.0437\n"

static void test_lookup_miss_names_key_and_closest(void **state)
{
	infracost_catalog *cat = catalog_from(LOOKUP_BOOK);
	const infracost_price *rows = NULL;
	size_t n = 0;
	const infracost_error *e;
	(void)state;

	infracost_error_clear();
	assert_int_equal(infracost_catalog_lookup(&rows, &n, cat, "aws", "ec2", "us-east-1",
						  "m5.larg", "on_demand", "hour"),
			 INFRACOST_ENOTFOUND);
	e = infracost_error_last();
	assert_non_null(e);
	assert_int_equal(e->code, INFRACOST_ENOTFOUND);
	/* Weighted edit distances: m5.large 1, m5.xlarge 2, t3.micro 6,
	 * us-west-2 m5.large 7, spot 19, s3 44. */
	assert_string_equal(e->message, "price not found: aws/ec2/us-east-1/m5.larg/on_demand/hour "
					"(provider/service/region/sku/purchase/unit); closest: "
					"aws/ec2/us-east-1/m5.large/on_demand/hour, "
					"aws/ec2/us-east-1/m5.xlarge/on_demand/hour, "
					"aws/ec2/us-east-1/t3.micro/on_demand/hour");

	/* Every part known, the combination not: s3 has no m5.large. */
	assert_int_equal(infracost_catalog_lookup(&rows, &n, cat, "aws", "s3", "us-east-1",
						  "m5.large", "on_demand", "hour"),
			 INFRACOST_ENOTFOUND);
	/* Distances: s3/standard/gb_month 21, ec2 m5.large 24, m5.xlarge 25. */
	assert_string_equal(infracost_error_last()->message,
			    "price not found: aws/s3/us-east-1/m5.large/on_demand/hour "
			    "(provider/service/region/sku/purchase/unit); closest: "
			    "aws/s3/us-east-1/standard/on_demand/gb_month, "
			    "aws/ec2/us-east-1/m5.large/on_demand/hour, "
			    "aws/ec2/us-east-1/m5.xlarge/on_demand/hour");
	/* A unit that does not exist for a key that does. */
	expect_miss(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "gb_month");
	/* Case matters. */
	expect_miss(cat, "AWS", "ec2", "us-east-1", "m5.large", "on_demand", "hour");
	infracost_catalog_free(cat);

	/* An empty catalog says so. */
	cat = new_catalog();
	assert_int_equal(infracost_catalog_lookup(&rows, &n, cat, "aws", "ec2", "us-east-1",
						  "m5.large", "on_demand", "hour"),
			 INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->message,
			    "price not found: aws/ec2/us-east-1/m5.large/on_demand/hour "
			    "(provider/service/region/sku/purchase/unit); the catalog is empty");
	infracost_catalog_free(cat);
}

static void test_lookup_hit_and_bad_arguments(void **state)
{
	infracost_catalog *cat = catalog_from(LOOKUP_BOOK);
	const infracost_price *rows = NULL, *p;
	size_t n = 0;
	(void)state;

	p = LOOKUP(cat, "aws", "ec2", "us-west-2", "m5.large", "on_demand", "hour", 1);
	assert_string_equal(p->region, "us-west-2");
	assert_string_equal(p->origin, "test.csv:5");
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "spot", "hour", 1);
	assert_money(p->price, 0.0437);
	assert_int_equal(infracost_catalog_lookup(NULL, &n, cat, "aws", "ec2", "us-east-1",
						  "m5.large", "on_demand", "hour"),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_lookup(&rows, NULL, cat, "aws", "ec2", "us-east-1",
						  "m5.large", "on_demand", "hour"),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_lookup(&rows, &n, NULL, "aws", "ec2", "us-east-1",
						  "m5.large", "on_demand", "hour"),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_lookup(&rows, &n, cat, "aws", "ec2", "us-east-1", NULL,
						  "on_demand", "hour"),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_error_last()->code, INFRACOST_EINVALID);
	infracost_catalog_free(cat);
}

static void test_lookup_any_unit(void **state)
{
	infracost_catalog *cat;
	const infracost_price *p, *rows = NULL;
	size_t n = 0;
	(void)state;

	cat = catalog_from(H7 "aws,s3,us-east-1,standard,on_demand,gb_month,0.023\n"
			      "aws,s3,us-east-1,standard,on_demand,request,0.000005\n");
	/* The first unit loaded for the key. */
	p = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", NULL, 1);
	assert_string_equal(p->unit, "gb_month");
	assert_money(p->price, 0.023);
	p = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", "request", 1);
	assert_money(p->price, 0.000005);
	/* A miss with any unit shows "*" for it. */
	assert_int_equal(infracost_catalog_lookup(&rows, &n, cat, "aws", "s3", "us-east-1",
						  "glacier", "on_demand", NULL),
			 INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->message,
			    "price not found: aws/s3/us-east-1/glacier/on_demand/* "
			    "(provider/service/region/sku/purchase/unit); closest: "
			    "aws/s3/us-east-1/standard/on_demand/gb_month, "
			    "aws/s3/us-east-1/standard/on_demand/request");
	infracost_catalog_free(cat);

	/* The other load order gives the other unit. */
	cat = catalog_from(H7 "aws,s3,us-east-1,standard,on_demand,request,0.000005\n"
			      "aws,s3,us-east-1,standard,on_demand,gb_month,0.023\n");
	p = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", NULL, 1);
	assert_string_equal(p->unit, "request");
	infracost_catalog_free(cat);
}

/* ---- Enumeration and lifetime ----------------------------------------- */

static void test_get_order_and_count(void **state)
{
	infracost_catalog *cat;
	(void)state;

	cat = catalog_from("provider,service,region,sku,purchase,unit,price,tier_start\n"
			   "aws,ec2,us-east-1,t3.micro,on_demand,hour,0.0104,0\n"
			   "aws,s3,us-east-1,standard,on_demand,gb_month,0.022,51200\n"
			   "aws,ec2,us-east-1,a1.large,on_demand,hour,0.051,0\n"
			   "aws,s3,us-east-1,standard,on_demand,gb_month,0.023,0\n"
			   "aws,ebs,us-east-1,gp3,on_demand,gb_month,0.08,0\n");
	assert_int_equal(infracost_catalog_count(cat), 5);
	/* Keys by first line (not by name), tiers by tier_start. */
	expect_row(cat, 0, "t3.micro", 0, 0.0104, "test.csv:2");
	expect_row(cat, 1, "standard", 0, 0.023, "test.csv:5");
	expect_row(cat, 2, "standard", 51200, 0.022, "test.csv:3");
	expect_row(cat, 3, "a1.large", 0, 0.051, "test.csv:4");
	expect_row(cat, 4, "gp3", 0, 0.08, "test.csv:6");
	assert_null(infracost_catalog_get(cat, 5));
	assert_null(infracost_catalog_get(cat, (size_t)-1));
	infracost_catalog_free(cat);

	assert_int_equal(infracost_catalog_count(NULL), 0);
	assert_null(infracost_catalog_get(NULL, 0));
}

static void test_many_keys(void **state)
{
	/* More keys than the first hash table holds (256 slots) and more
	 * interned strings than the first string table (1024 slots). */
	infracost_buf b = INFRACOST_BUF_INIT;
	infracost_catalog *cat;
	char sku[32];
	(void)state;

	infracost__buf_puts(&b, H7);
	for (int i = 0; i < 1500; i++)
		infracost__buf_printf(&b, "aws,ec2,us-east-1,x%d.large,on_demand,hour,%d.5\n", i,
				      i);
	assert_false(b.failed);
	cat = catalog_from(b.data);
	assert_int_equal(infracost_catalog_count(cat), 1500);
	for (int i = 0; i < 1500; i++) {
		const infracost_price *p;
		snprintf(sku, sizeof(sku), "x%d.large", i);
		p = LOOKUP(cat, "aws", "ec2", "us-east-1", sku, "on_demand", "hour", 1);
		assert_money(p->price, i + 0.5);
		assert_ptr_equal(infracost_catalog_get(cat, (size_t)i), p);
	}
	infracost_catalog_free(cat);
	infracost__buf_free(&b);
}

static void test_new_and_free(void **state)
{
	infracost_catalog *cat = NULL;
	(void)state;

	infracost_catalog_free(NULL);
	assert_int_equal(infracost_catalog_new(NULL), INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_buffer(NULL, "", 0, "x"), INFRACOST_EINVALID);
	cat = new_catalog();
	assert_int_equal(infracost_catalog_load_buffer(cat, NULL, 5, "x"), INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_file(cat, NULL), INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_dir(cat, NULL), INFRACOST_EINVALID);
	infracost_catalog_free(cat);
}

/* ---- Directories and the shipped snapshot ------------------------------ */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void test_load_dir_in_name_order(void **state)
{
	char dir[] = "/tmp/infracost-catalog-XXXXXX";
	char want[512];
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	assert_non_null(mkdtemp(dir));
	/* Written out of order: b.csv must win over a.csv, whatever readdir says. */
	write_file(dir, "b.csv", H7 M5 "0.2\n");
	write_file(dir, "a.csv", H7 M5 "0.1\naws,ec2,us-east-1,t3.micro,on_demand,hour,1.0\n");
	write_file(dir, "B.csv", H7 "aws,ec2,us-east-1,c5.large,on_demand,hour,0.085\n");
	/* Ignored: other extensions and hidden files (which would not parse). */
	write_file(dir, "notes.txt", "not a price book\n");
	write_file(dir, "a.csv.bak", "not a price book\n");
	write_file(dir, ".hidden.csv", "not a price book\n");

	cat = new_catalog();
	assert_int_equal(infracost_catalog_load_dir(cat, dir), 0);
	assert_int_equal(infracost_catalog_count(cat), 3);
	/* Byte order: "B.csv" < "a.csv" < "b.csv". */
	p = infracost_catalog_get(cat, 0);
	assert_string_equal(p->sku, "c5.large");
	snprintf(want, sizeof(want), "%s/B.csv:2", dir);
	assert_string_equal(p->origin, want);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(p->price, 0.2);
	snprintf(want, sizeof(want), "%s/b.csv:2", dir);
	assert_string_equal(p->origin, want);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "t3.micro", "on_demand", "hour", 1);
	assert_money(p->price, 1.0);
	snprintf(want, sizeof(want), "%s/a.csv:3", dir);
	assert_string_equal(p->origin, want);
	infracost_catalog_free(cat);
	remove_dir(dir);
}

static void test_load_dir_errors(void **state)
{
	char dir[] = "/tmp/infracost-catalog-XXXXXX";
	char want[512];
	infracost_catalog *cat = new_catalog();
	(void)state;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(infracost_catalog_load_dir(cat, dir), INFRACOST_ENOTFOUND);
	snprintf(want, sizeof(want), "%s: no price books (*.csv) in this directory", dir);
	assert_string_equal(infracost_error_last()->message, want);
	assert_int_equal(infracost_error_last()->code, INFRACOST_ENOTFOUND);

	/* Only files of other kinds: still none. */
	write_file(dir, "readme.md", "# prices\n");
	assert_int_equal(infracost_catalog_load_dir(cat, dir), INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_catalog_count(cat), 0);
	remove_dir(dir);

	/* A directory that does not exist. */
	assert_int_equal(infracost_catalog_load_dir(cat, dir), INFRACOST_EIO);
	assert_int_equal(strncmp(infracost_error_last()->message, dir, strlen(dir)), 0);
	infracost_catalog_free(cat);
}

/* Prices are read exactly as strtod reads them, whether a plain decimal of
 * up to 15 digits (read without strtod) or anything else (exponents, more
 * digits, leading zeros): random values, compared bit for bit. */
static void test_numbers_read_as_strtod(void **state)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	infracost_catalog *cat = new_catalog();
	char values[3000][40];
	unsigned seed = 777;
	(void)state;

	infracost__buf_puts(&b, "provider,service,region,sku,purchase,unit,price\n");
	for (int i = 0; i < 3000; i++) {
		int digits = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 19;
		int dot = (int)((seed = seed * 1103515245u + 12345u) >> 16) % (digits + 2);
		size_t n = 0;
		for (int d = 0; d < digits; d++) {
			if (d == dot)
				values[i][n++] = '.';
			values[i][n++] = (char)('0' +
						((seed = seed * 1103515245u + 12345u) >> 16) % 10);
		}
		if (i % 10 == 0)
			n += (size_t)sprintf(values[i] + n, "e-%d", i % 7); /* not plain */
		values[i][n] = '\0';
		infracost__buf_printf(&b, "aws,ec2,r,t%d,on_demand,hour,%s\n", i, values[i]);
	}
	assert_false(b.failed);
	assert_int_equal(load(cat, b.data, "numbers.csv"), 0);
	for (int i = 0; i < 3000; i++) {
		char sku[16];
		const infracost_price *p;
		double want = strtod(values[i], NULL);
		snprintf(sku, sizeof(sku), "t%d", i);
		p = LOOKUP(cat, "aws", "ec2", "r", sku, "on_demand", "hour", 1);
		if (memcmp(&p->price, &want, sizeof(want)) != 0)
			fail_msg("price '%s' read as %.17g, strtod gives %.17g", values[i],
				 p->price, want);
	}
	infracost__buf_free(&b);
	infracost_catalog_free(cat);
}

/* ---- Books for a set of (provider, region) pairs ------------------------ */

/* The books a catalog's rows came from, by first row in infracost_catalog_get
 * order (each test book adds keys of its own, so this is their load order):
 * "aws-global aws-us-east-1 mine". */
static const char *loaded_books(const infracost_catalog *cat)
{
	static char out[1024];
	out[0] = '\0';
	for (size_t i = 0; i < infracost_catalog_count(cat); i++) {
		const char *origin = infracost_catalog_get(cat, i)->origin;
		const char *base = strrchr(origin, '/');
		char name[128];
		size_t len;
		base = base ? base + 1 : origin;
		len = strcspn(base, ":");
		if (len > 4 && memcmp(base + len - 4, ".csv", 4) == 0)
			len -= 4;
		snprintf(name, sizeof(name), "%.*s", (int)len, base);
		if (out[0]) {
			/* already listed as the last book? (rows of a book are adjacent) */
			const char *last = strrchr(out, ' ');
			last = last ? last + 1 : out;
			if (strcmp(last, name) == 0)
				continue;
			strcat(out, " ");
		}
		strcat(out, name);
	}
	return out;
}

/* Layer the books of dir that `pairs` need into a fresh catalog: its books. */
static const char *books_for(const char *dir, const infracost_region_ref *pairs, size_t n)
{
	static char out[1024];
	infracost_catalog *cat = new_catalog();
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, pairs, n), 0);
	snprintf(out, sizeof(out), "%s", loaded_books(cat));
	infracost_catalog_free(cat);
	return out;
}

#define ONE(provider, region) (const infracost_region_ref[]){{provider, region}}, 1

static void make_book_dir(char *dir)
{
	assert_non_null(mkdtemp(dir));
	/* Written out of name order; each book has keys of its own. */
	write_file(dir, "mine.csv", H7 "aws,ec2,us-east-1,t3.micro,on_demand,hour,0.01\n");
	write_file(dir, "gcp-us-central1.csv",
		   H7 "gcp,compute,us-central1,e2-small,on_demand,hour,0.02\n");
	write_file(dir, "azure-eastus.csv", H7 "azure,vm,eastus,B1s,on_demand,hour,0.01\n");
	write_file(dir, "aws-us-east-1.csv", H7 M5 "0.096\n");
	write_file(dir, "aws-eu-west-1.csv",
		   H7 "aws,ec2,eu-west-1,m5.large,on_demand,hour,0.107\n");
	write_file(dir, "aws-global.csv",
		   H7 "aws,cloudfront,global,requests,on_demand,request,1e-6\n");
	/* Not PROVIDER-REGION: nothing before or after the '-'. */
	write_file(dir, "-x.csv", H7 "aws,s3,us-east-1,standard,on_demand,gb_month,0.023\n");
	write_file(dir, "aws-.csv", H7 "aws,s3,us-east-1,glacier,on_demand,gb_month,0.004\n");
}

static void test_load_dir_for_selects_books(void **state)
{
	char dir[] = "/tmp/infracost-catalog-XXXXXX";
	const infracost_region_ref two[] = {{"azure", "eastus"}, {"aws", "eu-west-1"}};
	(void)state;

	make_book_dir(dir);
	/* Everything, in byte order of the names. */
	{
		infracost_catalog *cat = new_catalog();
		assert_int_equal(infracost_catalog_load_dir(cat, dir), 0);
		assert_string_equal(loaded_books(cat), "-x aws- aws-eu-west-1 aws-global "
						       "aws-us-east-1 azure-eastus gcp-us-central1 "
						       "mine");
		infracost_catalog_free(cat);
	}
	/* One pair: its book, its provider's global book, and every book whose
	 * name is not PROVIDER-REGION; in name order. */
	assert_string_equal(books_for(dir, ONE("aws", "us-east-1")),
			    "-x aws- aws-global aws-us-east-1 mine");
	assert_string_equal(books_for(dir, ONE("azure", "eastus")), "-x aws- azure-eastus mine");
	assert_string_equal(books_for(dir, two, 2),
			    "-x aws- aws-eu-west-1 aws-global azure-eastus mine");
	/* The same pair twice is the same as once. */
	assert_string_equal(books_for(dir,
				      (const infracost_region_ref[]){{"gcp", "us-central1"},
								     {"gcp", "us-central1"}},
				      2),
			    "-x aws- gcp-us-central1 mine");
	/* Regionless prices alone. */
	assert_string_equal(books_for(dir, ONE("aws", "global")), "-x aws- aws-global mine");
	/* No book for the pair: every book of its provider (a mistyped region
	 * still finds its closest keys); no book of the provider: every book. */
	assert_string_equal(books_for(dir, ONE("aws", "us-east1")),
			    "-x aws- aws-eu-west-1 aws-global aws-us-east-1 mine");
	assert_string_equal(books_for(dir, ONE("gcp", "europe-west1")),
			    "-x aws- gcp-us-central1 mine");
	assert_string_equal(books_for(dir, ONE("acme", "dc1")),
			    "-x aws- aws-eu-west-1 aws-global aws-us-east-1 azure-eastus "
			    "gcp-us-central1 mine");
	/* Names are compared whole: "aws" is not "aw", "us-east-1" not "us-east". */
	assert_string_equal(books_for(dir, ONE("aws", "us-east")),
			    "-x aws- aws-eu-west-1 aws-global aws-us-east-1 mine");
	/* No pair: only the books that are always loaded. */
	assert_string_equal(books_for(dir, NULL, 0), "-x aws- mine");

	/* A mistyped region is suggested its closest keys of the provider. */
	{
		infracost_catalog *cat = new_catalog();
		const infracost_price *t;
		size_t n;
		assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE("aws", "us-east1")),
				 0);
		assert_int_equal(infracost_catalog_lookup(&t, &n, cat, "aws", "ec2", "us-east1",
							  "m5.large", "on_demand", "hour"),
				 INFRACOST_ENOTFOUND);
		assert_non_null(strstr(infracost_error_last()->message,
				       "closest: aws/ec2/us-east-1/m5.large/on_demand/hour"));
		infracost_catalog_free(cat);
	}
	remove_dir(dir);
}

static void test_load_dir_for_layering_and_errors(void **state)
{
	char dir[] = "/tmp/infracost-catalog-XXXXXX";
	char want[512];
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	assert_non_null(mkdtemp(dir));
	/* The same key in two loaded books: the later in name order wins, as in
	 * a whole load (overrides.csv is always loaded, after aws-*). */
	write_file(dir, "aws-us-east-1.csv", H7 M5 "0.096\n");
	write_file(dir, "overrides.csv", H7 M5 "0.05\n");
	write_file(dir, "aws-eu-west-1.csv", H7 "aws,ec2,eu-west-1,m5.large,on_demand,hour,0.1\n");
	cat = new_catalog();
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE("aws", "us-east-1")), 0);
	assert_int_equal(infracost_catalog_count(cat), 1);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(p->price, 0.05);
	snprintf(want, sizeof(want), "%s/overrides.csv:2", dir);
	assert_string_equal(p->origin, want);

	/* Arguments. */
	assert_int_equal(infracost_catalog_load_dir_for(NULL, dir, ONE("aws", "us-east-1")),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_dir_for(cat, NULL, ONE("aws", "us-east-1")),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, NULL, 1), INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE(NULL, "us-east-1")),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE("aws", NULL)),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_count(cat), 1);
	/* A bad book that is not needed is not read; a needed one fails as in
	 * infracost_catalog_load_dir. */
	write_file(dir, "gcp-us-central1.csv", "not,a,price,book\n");
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE("aws", "eu-west-1")), 0);
	assert_int_equal(infracost_catalog_count(cat), 2);
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE("gcp", "us-central1")),
			 INFRACOST_EPARSE);
	infracost_catalog_free(cat);
	remove_dir(dir);

	/* No book at all, and no directory: the errors of a whole load. */
	cat = new_catalog();
	strcpy(dir, "/tmp/infracost-catalog-XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE("aws", "us-east-1")),
			 INFRACOST_ENOTFOUND);
	remove_dir(dir);
	assert_int_equal(infracost_catalog_load_dir_for(cat, dir, ONE("aws", "us-east-1")),
			 INFRACOST_EIO);
	infracost_catalog_free(cat);
}

static void test_spec_regions(void **state)
{
	infracost_spec *spec = spec_from(
		"{\"provider\": \"aws\", \"region\": \"us-east-1\","
		" \"environments\": {\"dev\": {}, \"eu\": {\"region\": \"eu-west-1\"},"
		"   \"gcp\": {\"provider\": \"gcp\", \"region\": \"us-central1\"}},"
		" \"services\": ["
		"  {\"name\": \"a\", \"type\": \"nat_gateway\", \"environments\": [\"dev\"]},"
		"  {\"name\": \"b\", \"type\": \"nat_gateway\", \"region\": \"ap-southeast-2\","
		"   \"environments\": [\"dev\", \"eu\"]},"
		"  {\"name\": \"c\", \"type\": \"nat_gateway\", \"environments\": [\"eu\"],"
		"   \"overrides\": {\"eu\": {\"provider\": \"azure\", \"region\": "
		"\"westeurope\"}}},"
		"  {\"name\": \"d\", \"type\": \"nat_gateway\", \"environments\": [\"gcp\"]}]}");
	infracost_region_ref *pairs = NULL;
	size_t n = 99;
	(void)state;

	assert_int_equal(infracost_spec_regions(&pairs, &n, spec), 0);
	/* Environments first, then services, each pair once, by first use. */
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		static const char *const want[5][2] = {{"aws", "us-east-1"},
						       {"aws", "eu-west-1"},
						       {"gcp", "us-central1"},
						       {"aws", "ap-southeast-2"},
						       {"azure", "westeurope"}};
		assert_string_equal(pairs[i].provider, want[i][0]);
		assert_string_equal(pairs[i].region, want[i][1]);
	}
	infracost_free(pairs);
	assert_int_equal(infracost_spec_regions(NULL, &n, spec), INFRACOST_EINVALID);
	assert_int_equal(infracost_spec_regions(&pairs, NULL, spec), INFRACOST_EINVALID);
	assert_int_equal(infracost_spec_regions(&pairs, &n, NULL), INFRACOST_EINVALID);
	/* Out of memory: ENOMEM at every step, nothing leaked. */
	for (unsigned long k = 1;; k++) {
		int rc;
		infracost__alloc_fail_after(k);
		rc = infracost_spec_regions(&pairs, &n, spec);
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_int_equal(n, 5);
			infracost_free(pairs);
			break;
		}
		assert_int_equal(rc, INFRACOST_ENOMEM);
	}
	infracost_spec_free(spec);

	/* Many services in many places: each pair once (a set, not a scan). */
	{
		infracost_buf b = INFRACOST_BUF_INIT;
		infracost__buf_puts(&b, "{\"provider\": \"aws\", \"region\": \"r0\","
					" \"environments\": {\"e\": {}}, \"services\": [");
		for (int i = 0; i < 3000; i++)
			infracost__buf_printf(&b,
					      "%s{\"name\": \"s%d\", \"type\": \"nat_gateway\","
					      " \"region\": \"r%d\"}",
					      i ? "," : "", i, i % 1000);
		infracost__buf_puts(&b, "]}");
		assert_false(b.failed);
		spec = spec_from(b.data);
		infracost__buf_free(&b);
		assert_int_equal(infracost_spec_regions(&pairs, &n, spec), 0);
		assert_int_equal(n, 1000); /* r0 .. r999 (the environment's r0 first) */
		assert_string_equal(pairs[0].region, "r0");
		assert_string_equal(pairs[999].region, "r999");
		infracost_free(pairs);
		infracost_spec_free(spec);
	}
}

/* The snapshot loaded for a spec is the snapshot's books of its places:
 * the webshop (aws us-east-1, its assets replicated to eu-west-1) gets
 * aws-us-east-1.csv, aws-eu-west-1.csv and aws-global.csv. */
static void test_load_default_for_spec(void **state)
{
	char path[1024];
	infracost_spec *spec;
	infracost_catalog *cat = new_catalog(), *two = new_catalog(), *lazy = new_catalog();
	const char *snap = infracost_default_snapshot();
	const infracost_price *p, *q;
	(void)state;

	snprintf(path, sizeof(path), "%s/../examples/webshop.json", infracost_default_data_dir());
	assert_int_equal(infracost_spec_load_file(&spec, path), 0);
	/* Without a compiled snapshot: the books of the spec's places. */
	setenv("INFRA_COST_SNAPSHOT", "", 1);
	assert_int_equal(infracost_catalog_load_default_for_spec(cat, spec), 0);
	assert_string_equal(loaded_books(cat), "aws-eu-west-1 aws-global aws-us-east-1");
	snprintf(path, sizeof(path), "%s/aws-eu-west-1.csv", infracost_default_data_dir());
	assert_int_equal(infracost_catalog_load_file(two, path), 0);
	snprintf(path, sizeof(path), "%s/aws-global.csv", infracost_default_data_dir());
	assert_int_equal(infracost_catalog_load_file(two, path), 0);
	snprintf(path, sizeof(path), "%s/aws-us-east-1.csv", infracost_default_data_dir());
	assert_int_equal(infracost_catalog_load_file(two, path), 0);
	assert_int_equal(infracost_catalog_count(cat), infracost_catalog_count(two));
	unsetenv("INFRA_COST_SNAPSHOT");
	/* With it (the build compiles one): attached, nothing read until a
	 * look-up, then only that key's rows, the same as the book's. */
	assert_non_null(snap);
	assert_int_equal(infracost_catalog_load_default_for_spec(lazy, spec), 0);
	assert_int_equal(infracost_catalog_count(lazy), 0);
	p = LOOKUP(lazy, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	q = LOOKUP(two, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_true(p->price == q->price && p->vcpu == q->vcpu && p->memory_gb == q->memory_gb);
	assert_string_equal(p->origin, q->origin);
	assert_string_equal(p->source, q->source);
	assert_string_equal(p->effective_date, q->effective_date);
	assert_true(infracost_catalog_count(lazy) > 0 && infracost_catalog_count(lazy) < 20);
	assert_int_equal(infracost_catalog_load_default_for_spec(NULL, spec), INFRACOST_EINVALID);
	assert_int_equal(infracost_catalog_load_default_for_spec(cat, NULL), INFRACOST_EINVALID);
	infracost_catalog_free(cat);
	infracost_catalog_free(two);
	infracost_catalog_free(lazy);
	infracost_spec_free(spec);
}

/* The compiled snapshot gives exactly the rows of the books it was compiled
 * from, every field and origin, looked up key by key: here the books of
 * four places (tests/snapshot_check.py compares every row of every book). */
static void test_snapshot_equals_books(void **state)
{
	static const infracost_region_ref places[] = {{"aws", "us-east-1"},
						      {"aws", "eu-west-1"},
						      {"gcp", "us-central1"},
						      {"azure", "eastus"}};
	infracost_catalog *books = new_catalog(), *snap = new_catalog();
	const char *path = infracost_default_snapshot();
	size_t n, keys = 0;
	(void)state;

	assert_non_null(path);
	assert_int_equal(
		infracost_catalog_load_dir_for(books, infracost_default_data_dir(), places, 4), 0);
	assert_int_equal(infracost_catalog_load_snapshot(snap, path), 0);
	n = infracost_catalog_count(books);
	assert_true(n > 10000);
	for (size_t i = 0; i < n; i++) {
		const infracost_price *a = infracost_catalog_get(books, i), *b = NULL;
		size_t count = 0, t;
		if (i > 0 && a->tier_start > 0)
			continue; /* a ladder is compared from its first tier */
		assert_int_equal(infracost_catalog_lookup(&b, &count, snap, a->provider, a->service,
							  a->region, a->sku, a->purchase, a->unit),
				 0);
		keys++;
		for (t = 0; t < count; t++, a++) {
			const infracost_price *r = &b[t];
			if (strcmp(a->sku, r->sku) || a->tier_start != r->tier_start ||
			    a->price != r->price || a->upfront != r->upfront ||
			    a->effective != r->effective || a->vcpu != r->vcpu ||
			    a->memory_gb != r->memory_gb || strcmp(a->arch, r->arch) ||
			    strcmp(a->effective_date, r->effective_date) ||
			    strcmp(a->source, r->source) || strcmp(a->origin, r->origin))
				fail_msg("book %s %s/%s %.17g, snapshot %s %s/%s %.17g", a->origin,
					 a->sku, a->purchase, a->price, r->origin, r->sku,
					 r->purchase, r->price);
		}
		i += count - 1;
	}
	assert_int_equal(infracost_catalog_count(snap), n); /* nothing more, nothing less */
	print_message("%zu rows of %zu keys the same\n", n, keys);
	infracost_catalog_free(books);
	infracost_catalog_free(snap);
}

/* A directory of books of its own, compiled; returns the snapshot's path. */
static const char *compile_books(const char *const *names, const char *const *texts, size_t n)
{
	static char dir[256], out[300];
	const char *in[1] = {dir};
	snprintf(dir, sizeof(dir), "/tmp/infracost-snap-%ld", (long)getpid());
	mkdir(dir, 0700);
	for (size_t i = 0; i < n; i++) {
		char path[512];
		FILE *f;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_non_null(f = fopen(path, "w"));
		fputs(texts[i], f);
		fclose(f);
	}
	snprintf(out, sizeof(out), "%s/snapshot.db", dir);
	assert_int_equal(infracost_snapshot_compile(out, in, 1), 0);
	return out;
}

static void remove_books(const char *const *names, size_t n)
{
	char path[512];
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/tmp/infracost-snap-%ld/%s", (long)getpid(),
			 names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "/tmp/infracost-snap-%ld/snapshot.db", (long)getpid());
	unlink(path);
	snprintf(path, sizeof(path), "/tmp/infracost-snap-%ld", (long)getpid());
	rmdir(path);
}

static const char *const snap_names[] = {"aws-us-east-1.csv", "aws-eu-west-1.csv"};
static const char *const snap_texts[] = {
	"# comment\n"
	"provider,service,region,sku,purchase,unit,price,tier_start,vcpu,memory_gb,effective_date,"
	"source\n" M5 "0.096,0,2,8,2026-07-20,book\n"
	"aws,ec2,us-east-1,m5.xlarge,on_demand,hour,0.192,0,4,16,2026-07-20,book\n"
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.023,0,,,2026-10-08,book\n"
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.022,51200,,,2026-10-08,book\n",
	"provider,service,region,sku,purchase,unit,price\n"
	"aws,ec2,eu-west-1,m5.large,on_demand,hour,0.107\n",
};

/* Layers over an attached snapshot: a book's key wins (taking the sizes it
 * lacks from the snapshot's row), other keys come from the snapshot,
 * misses name the closest keys and regions of the snapshot. */
static void test_snapshot_layering(void **state)
{
	const char *path = compile_books(snap_names, snap_texts, 2);
	infracost_catalog *cat = new_catalog();
	const infracost_price *p;
	const char *msg;
	infracost_buf b = INFRACOST_BUF_INIT;
	(void)state;

	assert_int_equal(load(cat, H7 M5 "0.05\n", "mine.csv"), 0);
	assert_int_equal(infracost_catalog_load_snapshot(cat, path), 0);
	assert_int_equal(infracost_catalog_load_snapshot(cat, path), INFRACOST_EINVALID);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(p->price, 0.05);
	assert_string_equal(p->origin, "mine.csv:2");
	assert_true(p->vcpu == 2 && p->memory_gb == 8); /* from the snapshot */
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.xlarge", "on_demand", "hour", 1);
	assert_money(p->price, 0.192);
	assert_non_null(strstr(p->origin, "/aws-us-east-1.csv:4"));
	assert_string_equal(p->effective_date, "2026-07-20");
	p = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand", "gb_month", 2);
	assert_money(infracost_price_tiered_cost(p, 2, 51300), 1177.6 + 2.2);
	/* a later book still replaces what the snapshot gave */
	assert_int_equal(load(cat, H7 "aws,ec2,us-east-1,m5.xlarge,on_demand,hour,0.1\n", "b.csv"),
			 0);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.xlarge", "on_demand", "hour", 1);
	assert_money(p->price, 0.1);
	/* a miss: the closest keys come from the snapshot too */
	{
		size_t n;
		assert_int_equal(infracost_catalog_lookup(&p, &n, cat, "aws", "ec2", "eu-west-1",
							  "m5.lage", "on_demand", "hour"),
				 INFRACOST_ENOTFOUND);
		msg = infracost_error_last()->message;
	}
	assert_non_null(strstr(msg, "closest: aws/ec2/eu-west-1/m5.large/on_demand/hour"));
	assert_true(infracost__catalog_has(cat, "aws", "ec2", "eu-west-1", "m5."));
	assert_false(infracost__catalog_has(cat, "aws", "ec2", "eu-west-1", "c5."));
	assert_false(infracost__catalog_has(cat, "aws", "rds", "eu-west-1", NULL));
	assert_true(infracost__catalog_regions(&b, cat, "aws", "ec2") == 2);
	assert_string_equal(b.data, "eu-west-1, us-east-1"); /* book order */
	infracost__buf_free(&b);
	infracost_catalog_free(cat);
	remove_books(snap_names, 2);
}

/* A snapshot that cannot be read is an error naming the file. */
static void test_snapshot_errors(void **state)
{
	infracost_catalog *cat = new_catalog();
	const char *bad = temp_file("not-a-snapshot.db", "provider,service\n");
	const char *books[1] = {"/nonexistent/books"};
	(void)state;

	assert_int_equal(infracost_catalog_load_snapshot(cat, "/nonexistent/snapshot.db"),
			 INFRACOST_EIO);
	assert_non_null(strstr(infracost_error_last()->message, "/nonexistent/snapshot.db"));
	assert_int_equal(infracost_catalog_load_snapshot(cat, bad), INFRACOST_EDB);
	assert_non_null(strstr(infracost_error_last()->message, "not-a-snapshot.db"));
	assert_int_equal(infracost_snapshot_compile("/tmp/x.db", books, 1), INFRACOST_EIO);
	assert_int_equal(infracost_snapshot_compile(NULL, books, 1), INFRACOST_EINVALID);
	/* the catalog is as it was, and works */
	assert_int_equal(infracost_catalog_count(cat), 0);
	infracost_catalog_free(cat);
}

struct snap_thread {
	const infracost_catalog *cat;
	const char *sku;
	double price;
};

static int snap_lookups(void *arg)
{
	struct snap_thread *t = arg;
	for (int i = 0; i < 200; i++) {
		const infracost_price *p;
		size_t n;
		if (infracost_catalog_lookup(&p, &n, t->cat, "aws", "ec2", "us-east-1", t->sku,
					     "on_demand", "hour") != 0)
			return 1;
		t->price = p->price;
	}
	return 0;
}

/* Look-ups of one catalog from several threads while they load rows. */
static void test_snapshot_threads(void **state)
{
	const char *path = compile_books(snap_names, snap_texts, 2);
	infracost_catalog *cat = new_catalog();
	struct snap_thread t[2] = {{cat, "m5.large", 0}, {cat, "m5.xlarge", 0}};
	thrd_t th[2];
	int res;
	(void)state;

	assert_int_equal(infracost_catalog_load_snapshot(cat, path), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(thrd_create(&th[i], snap_lookups, &t[i]), thrd_success);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(thrd_join(th[i], &res), thrd_success);
		assert_int_equal(res, 0);
	}
	assert_money(t[0].price, 0.096);
	assert_money(t[1].price, 0.192);
	infracost_catalog_free(cat);
	remove_books(snap_names, 2);
}

/* (That each shipped book named PROVIDER-REGION.csv holds only rows of its
 * provider and region is checked by tests/snapshot_check.py, with every row
 * of every book: 226,000 rows are minutes under valgrind here.) */

static void test_shipped_snapshot(void **state)
{
	const char *env = getenv("INFRA_COST_DATA");
	infracost_catalog *cat;
	const infracost_price *p;
	(void)state;

	/* ctest points INFRA_COST_DATA at the source tree's pricing-data/. */
	assert_non_null(env);
	assert_string_equal(infracost_default_data_dir(), env);
	/* (tests/snapshot_check.py reads every row of every book) */
	assert_int_equal(infracost_catalog_new(&cat), 0);
	assert_int_equal(infracost_catalog_load_default_rows(cat, "aws", "ec2", "us-east-1"), 0);
	assert_true(infracost_catalog_count(cat) > 1000);
	p = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour", 1);
	assert_money(p->price, 0.096);
	assert_true(p->vcpu == 2.0);
	assert_true(p->memory_gb == 8.0);
	assert_true(p->upfront == 0.0);
	assert_non_null(strstr(p->origin, "aws-us-east-1.csv:"));
	/* Every row of the snapshot is reachable and well formed. */
	for (size_t i = 0; i < infracost_catalog_count(cat); i++) {
		const infracost_price *r = infracost_catalog_get(cat, i);
		assert_non_null(r);
		assert_true(r->price >= 0);
		assert_true(r->upfront >= 0);
		assert_true(r->upfront == 0 || strncmp(r->purchase, "reserved_", 9) == 0);
	}
	infracost_catalog_free(cat);
}

/* ---- Out of memory ---------------------------------------------------- */

#define SMALL_BOOK                                                                                 \
	"provider,service,region,sku,purchase,unit,price,tier_start,vcpu,memory_gb\n" M5           \
	"0.096,0,2,8\n"                                                                            \
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.022,51200,,\n"                             \
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.023,0,,\n"

static void test_out_of_memory_loop(void **state)
{
	unsigned long n;
	int done = 0;
	(void)state;

	for (n = 1; n < 10000 && !done; n++) {
		infracost_catalog *cat = new_catalog();
		int rc;

		infracost__alloc_fail_after(n);
		rc = load(cat, SMALL_BOOK, "test.csv");
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			const infracost_price *t;
			assert_int_equal(infracost_catalog_count(cat), 3);
			t = LOOKUP(cat, "aws", "s3", "us-east-1", "standard", "on_demand",
				   "gb_month", 2);
			assert_money(infracost_price_tiered_cost(t, 2, 51300), 1177.6 + 2.2);
			t = LOOKUP(cat, "aws", "ec2", "us-east-1", "m5.large", "on_demand", "hour",
				   1);
			assert_true(t->vcpu == 2.0);
			done = 1;
		} else {
			assert_int_equal(rc, INFRACOST_ENOMEM);
			assert_int_equal(infracost_error_last()->code, INFRACOST_ENOMEM);
			assert_string_equal(infracost_error_last()->message, "out of memory");
			assert_int_equal(infracost_catalog_count(cat), 0);
			assert_null(infracost_catalog_get(cat, 0));
		}
		infracost_catalog_free(cat);
	}
	assert_true(done);
	/* Loading allocates more than once: several steps failed first. */
	assert_true(n > 3);

	/* infracost_catalog_new itself. */
	{
		infracost_catalog *cat = NULL;
		infracost__alloc_fail_after(1);
		assert_int_equal(infracost_catalog_new(&cat), INFRACOST_ENOMEM);
		infracost__alloc_fail_after(0);
		assert_null(cat);
	}
}

static void test_out_of_memory_layered_load(void **state)
{
	/* Regression (fixed): lib/pricing/catalog.c commit(): the first pass grows g->tiers of groups
	 * that already exist (realloc may move the array) before later
	 * allocations of the same load (new groups, table, c->flat). When one of
	 * those fails, the load returns ENOMEM but c->flat still points into the
	 * freed old tier array: infracost_catalog_get() then returns dangling
	 * pointers (AddressSanitizer: heap-use-after-free). Expected: after a
	 * failed load the catalog is exactly as it was. */
	infracost_buf base = INFRACOST_BUF_INIT;
	unsigned long n;
	int done = 0;
	(void)state;

	/* 16 tiers fill the ladder's first allocation exactly; a 17th grows it. */
	infracost__buf_puts(&base, "provider,service,region,sku,purchase,unit,price,tier_start\n");
	for (int i = 0; i < 16; i++)
		infracost__buf_printf(&base,
				      "aws,s3,us-east-1,standard,on_demand,gb_month,0.%03d,%d\n",
				      100 - i, i * 1000);
	assert_false(base.failed);
	for (n = 1; n < 10000 && !done; n++) {
		infracost_catalog *cat = catalog_from(base.data);
		struct snapshot before;
		int rc;

		take_snapshot(&before, cat);
		infracost__alloc_fail_after(n);
		rc = load(cat,
			  "provider,service,region,sku,purchase,unit,price,tier_start\n"
			  "aws,s3,us-east-1,standard,on_demand,gb_month,0.001,99000\n"
			  "aws,ec2,us-east-1,m5.large,on_demand,hour,0.096,0\n",
			  "more.csv");
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_int_equal(infracost_catalog_count(cat), 18);
			done = 1;
		} else {
			assert_int_equal(rc, INFRACOST_ENOMEM);
			EXPECT_SNAPSHOT(&before, cat);
		}
		infracost_catalog_free(cat);
	}
	assert_true(done);
	infracost__buf_free(&base);
}

/* A failed load that had made more new keys than one slab holds (512)
 * gives them all back: the catalog is as it was, nothing leaks. The
 * failures are injected near the end of the load, in its commit. */
static void test_out_of_memory_after_many_new_keys(void **state)
{
	infracost_buf book = INFRACOST_BUF_INIT;
	infracost_catalog *probe;
	unsigned long total;
	(void)state;

	infracost__buf_puts(&book, "provider,service,region,sku,purchase,unit,price\n");
	for (int i = 0; i < 700; i++)
		infracost__buf_printf(&book, "aws,ec2,us-east-1,t%d.large,on_demand,hour,0.1\n", i);
	assert_false(book.failed);
	/* How many allocations a successful load makes. */
	assert_int_equal(infracost_catalog_new(&probe), 0);
	infracost__alloc_fail_after(1000000);
	assert_int_equal(load(probe, book.data, "many.csv"), 0);
	total = infracost__alloc_fail_after(0);
	infracost_catalog_free(probe);
	for (unsigned long n = total > 12 ? total - 12 : 1; n <= total; n++) {
		infracost_catalog *cat = catalog_from(
			"provider,service,region,sku,purchase,unit,price\n"
			"aws,nat,us-east-1,gateway,on_demand,hour,0.045\n");
		struct snapshot before;
		int rc;
		take_snapshot(&before, cat);
		infracost__alloc_fail_after(n);
		rc = load(cat, book.data, "many.csv");
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_int_equal(infracost_catalog_count(cat), 701);
		} else {
			assert_int_equal(rc, INFRACOST_ENOMEM);
			EXPECT_SNAPSHOT(&before, cat);
		}
		infracost_catalog_free(cat);
	}
	infracost__buf_free(&book);
}

/* Rows added one by one (as the store does) follow the rules of a book. */
static void test_book_row_by_row(void **state)
{
	infracost_catalog *cat = catalog_from("provider,service,region,sku,purchase,unit,price\n"
					      "aws,ec2,r1,m5.large,on_demand,hour,0.1\n");
	infracost_book *b = NULL;
	infracost_price row = {"aws", "ec2", "r1", "m5.large", "on_demand",  "hour", 0.096,
			       0,     0,     2,    8,          "2026-01-01", "feed", NULL};
	const infracost_price *t;
	size_t n;
	(void)state;
	assert_int_equal(infracost__catalog_book_begin(&b, cat, "store:/tmp/p.db"), 0);
	assert_int_equal(infracost__catalog_book_row(b, &row, 1), 0);
	row.sku = "c5.large";
	row.price = 0.085;
	assert_int_equal(infracost__catalog_book_row(b, &row, 2), 0);
	assert_int_equal(infracost__catalog_book_commit(b), 0);
	assert_int_equal(infracost_catalog_lookup(&t, &n, cat, "aws", "ec2", "r1", "m5.large",
						  "on_demand", "hour"),
			 0);
	assert_money(t[0].price, 0.096); /* the later book replaced the row */
	assert_money(t[0].vcpu, 2);
	assert_string_equal(t[0].origin, "store:/tmp/p.db:1");
	assert_string_equal(t[0].source, "feed");
	assert_int_equal(infracost_catalog_count(cat), 2);
	/* a duplicate key in one book is refused, the catalog unchanged */
	assert_int_equal(infracost__catalog_book_begin(&b, cat, "store:x"), 0);
	row.price = 1;
	assert_int_equal(infracost__catalog_book_row(b, &row, 1), 0);
	assert_int_equal(infracost__catalog_book_row(b, &row, 2), 0);
	assert_int_equal(infracost__catalog_book_commit(b), INFRACOST_EPARSE);
	assert_int_equal(infracost_catalog_count(cat), 2);
	/* a row without a key or with an unknown purchase is refused at once */
	assert_int_equal(infracost__catalog_book_begin(&b, cat, "store:x"), 0);
	row.purchase = "lease";
	assert_int_equal(infracost__catalog_book_row(b, &row, 3), INFRACOST_EINVALID);
	row.purchase = "on_demand";
	row.sku = "";
	assert_int_equal(infracost__catalog_book_row(b, &row, 4), INFRACOST_EINVALID);
	infracost__catalog_book_abort(b);
	infracost__catalog_book_abort(NULL);
	assert_int_equal(infracost_catalog_count(cat), 2);
	infracost_catalog_free(cat);
}

/* The `effective` column: 1/true marks a reserved row priced at its
 * effective hourly rate; other values, a row that is not reserved, or an
 * upfront beside it are errors at file:line:column. */
static void test_effective_column(void **state)
{
	static const char *H =
		"provider,service,region,sku,purchase,unit,price,upfront,effective\n";
	static const struct {
		const char *row, *want;
	} bad[] = {
		{"aws,ec2,r1,m5.large,reserved_1yr_no_upfront,hour,0.05,,yes\n",
		 "b.csv:2:56: effective: expected 1, true, 0 or false, got 'yes'"},
		{"aws,ec2,r1,m5.large,on_demand,hour,0.05,,1\n",
		 "b.csv:2:42: effective: only reserved rows carry an effective rate (purchase is "
		 "on_demand)"},
		{"aws,ec2,r1,m5.large,reserved_1yr_all_upfront,hour,0.05,100,TRUE\n",
		 "b.csv:2:56: upfront: an effective row's upfront is unknown (its price already "
		 "spreads it over the term); leave it empty"},
	};
	infracost_catalog *cat = new_catalog();
	const infracost_price *p;
	size_t n;
	char book[512];
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(book, sizeof(book), "%s%s", H, bad[i].row);
		assert_int_equal(infracost_catalog_load_buffer(cat, book, strlen(book), "b.csv"),
				 INFRACOST_EPARSE);
		assert_string_equal(infracost_error_last()->message, bad[i].want);
		assert_int_equal(infracost_catalog_count(cat), 0);
	}
	/* on a no_upfront row the mark changes nothing: the upfront is 0, known */
	snprintf(book, sizeof(book), "%s%s%s%s%s", H,
		 "aws,ec2,r1,m5.large,reserved_1yr_partial_upfront,hour,0.05,, true \n",
		 "aws,ec2,r1,m5.large,reserved_3yr_no_upfront,hour,0.04,,false\n",
		 "aws,ec2,r1,m5.large,reserved_1yr_no_upfront,hour,0.06,,1\n",
		 "aws,ec2,r1,m5.large,on_demand,hour,0.1,,\n");
	assert_int_equal(infracost_catalog_load_buffer(cat, book, strlen(book), "b.csv"), 0);
	assert_int_equal(infracost_catalog_lookup(&p, &n, cat, "aws", "ec2", "r1", "m5.large",
						  "reserved_1yr_partial_upfront", NULL),
			 0);
	assert_int_equal(p->effective, 1);
	assert_int_equal(infracost_catalog_lookup(&p, &n, cat, "aws", "ec2", "r1", "m5.large",
						  "reserved_1yr_no_upfront", NULL),
			 0);
	assert_int_equal(p->effective, 0);
	assert_int_equal(infracost_catalog_lookup(&p, &n, cat, "aws", "ec2", "r1", "m5.large",
						  "reserved_3yr_no_upfront", NULL),
			 0);
	assert_int_equal(p->effective, 0);
	assert_int_equal(infracost_catalog_lookup(&p, &n, cat, "aws", "ec2", "r1", "m5.large",
						  "on_demand", NULL),
			 0);
	assert_int_equal(p->effective, 0);
	infracost_catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_book_row_by_row),
		cmocka_unit_test(test_out_of_memory_after_many_new_keys),
		cmocka_unit_test(test_header_any_order_any_case_unknown_ignored),
		cmocka_unit_test(test_header_and_fields_trimmed),
		cmocka_unit_test(test_comments_blank_lines_and_origin),
		cmocka_unit_test(test_header_only_and_empty_book),
		cmocka_unit_test(test_missing_required_column),
		cmocka_unit_test(test_duplicate_header_column),
		cmocka_unit_test(test_wrong_field_count),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_bad_number_names_the_file),
		cmocka_unit_test(test_unknown_purchase_option),
		cmocka_unit_test(test_every_purchase_option_loads),
		cmocka_unit_test(test_bad_unit),
		cmocka_unit_test(test_currency_column),
		cmocka_unit_test(test_upfront_only_on_reserved_rows),
		cmocka_unit_test(test_duplicate_key_in_one_book),
		cmocka_unit_test(test_vcpu_memory_and_provenance),
		cmocka_unit_test(test_tier_ladder_sorted),
		cmocka_unit_test(test_tiered_cost),
		cmocka_unit_test(test_layering_replaces_and_adds),
		cmocka_unit_test(test_failed_load_leaves_catalog_unchanged),
		cmocka_unit_test(test_lookup_miss_names_key_and_closest),
		cmocka_unit_test(test_lookup_hit_and_bad_arguments),
		cmocka_unit_test(test_lookup_any_unit),
		cmocka_unit_test(test_get_order_and_count),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_new_and_free),
		cmocka_unit_test(test_load_dir_in_name_order),
		cmocka_unit_test(test_load_dir_errors),
		cmocka_unit_test(test_numbers_read_as_strtod),
		cmocka_unit_test(test_load_dir_for_selects_books),
		cmocka_unit_test(test_load_dir_for_layering_and_errors),
		cmocka_unit_test(test_spec_regions),
		cmocka_unit_test(test_load_default_for_spec),
		cmocka_unit_test(test_snapshot_equals_books),
		cmocka_unit_test(test_snapshot_layering),
		cmocka_unit_test(test_snapshot_errors),
		cmocka_unit_test(test_snapshot_threads),
		cmocka_unit_test(test_shipped_snapshot),
		cmocka_unit_test(test_tier_ladder_large),
		cmocka_unit_test(test_out_of_memory_loop),
		cmocka_unit_test(test_out_of_memory_layered_load),
		cmocka_unit_test(test_effective_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
