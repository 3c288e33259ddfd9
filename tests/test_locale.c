/* test_locale.c - numbers are read and written the same whatever the host's
 * LC_NUMERIC. Every parser and writer of the library is run through the
 * public API twice, in the C locale and in de_DE.UTF-8 (a comma decimal
 * point, as a Python host after locale.setlocale(locale.LC_ALL,
 * "de_DE.UTF-8")), and the two runs must agree byte for byte: the shipped
 * books, a price book with decimals, spec values, the estimate in every
 * format, feed files imported into a real store (AWS JSON and CSV offer
 * files, Spot Advisor data, Azure and GCP pages), simulate and recommend
 * (table and JSON), the USL fit of a CSV file and the queueing figures.
 * Some values are also checked against the figure written in the input.
 *
 * The locale must exist (scripts/test creates it with localedef through
 * scripts/deps.sh): without it the test fails, unless
 * INFRACOST_NO_LOCALE_TEST=1 says to skip it. */
#include "helpers.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COMMA_LOCALE "de_DE.UTF-8"
#define FEEDS TEST_DATA_DIR "/feeds/"
#define EX SOURCE_DIR "/examples/"

/* A growing text: what one run produced. Numbers are appended as the hex
 * of their bytes, so that formatting them here never depends on the locale. */
struct text {
	char *s;
	size_t len, cap;
};

static void put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void puts_(struct text *t, const char *s)
{
	put(t, s ? s : "(null)", strlen(s ? s : "(null)"));
	put(t, "|", 1);
}

static void putnum(struct text *t, double v)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[sizeof(double)];
	char out[2 * sizeof(double) + 1];
	memcpy(b, &v, sizeof(v));
	for (size_t i = 0; i < sizeof(b); i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[2 * sizeof(b)] = '|';
	put(t, out, sizeof(out));
}

static void put_price(struct text *t, const infracost_price *p, int with_origin)
{
	puts_(t, p->provider);
	puts_(t, p->service);
	puts_(t, p->region);
	puts_(t, p->sku);
	puts_(t, p->purchase);
	puts_(t, p->unit);
	putnum(t, p->price);
	putnum(t, p->upfront);
	putnum(t, p->tier_start);
	putnum(t, p->vcpu);
	putnum(t, p->memory_gb);
	puts_(t, p->effective_date);
	puts_(t, p->source);
	if (with_origin)
		puts_(t, p->origin);
	put(t, "\n", 1);
}

/* Switch the whole process (as a host would) to a locale. */
static void use_locale(const char *name)
{
	if (!setlocale(LC_ALL, name))
		fail_msg("setlocale(LC_ALL, \"%s\") failed: create it with 'localedef -i de_DE "
			 "-f UTF-8 de_DE.UTF-8' (scripts/deps.sh), or set "
			 "INFRACOST_NO_LOCALE_TEST=1 to skip this test",
			 name);
}

/* Run produce in the C locale, then in the comma locale: the same text. */
static void same_in_both(void (*produce)(struct text *), const char *what)
{
	struct text c = {0}, de = {0};
	const char *no_test = getenv("INFRACOST_NO_LOCALE_TEST");
	char buf[16];

	if (!setlocale(LC_ALL, COMMA_LOCALE) && no_test && strcmp(no_test, "1") == 0)
		skip(); /* told to: the locale does not exist here */
	use_locale("C");
	produce(&c);
	use_locale(COMMA_LOCALE);
	/* the host really has a comma decimal point now */
	snprintf(buf, sizeof(buf), "%.1f", 1.5);
	assert_string_equal(buf, "1,5");
	assert_string_equal(localeconv()->decimal_point, ",");
	produce(&de);
	use_locale("C");
	assert_non_null(c.s);
	if (c.len != de.len || memcmp(c.s, de.s, c.len) != 0) {
		size_t i = 0, line = 1;
		while (i < c.len && i < de.len && c.s[i] == de.s[i])
			line += c.s[i++] == '\n';
		fail_msg("%s: the %s run differs from the C run at byte %zu (line %zu): C "
			 "'%.60s' vs '%.60s'",
			 what, COMMA_LOCALE, i, line, c.s + i, i < de.len ? de.s + i : "");
	}
	free(c.s);
	free(de.s);
}

static void expect_ok(int rc)
{
	if (rc) {
		const infracost_error *e = infracost_error_last();
		fail_msg("error %d: %s (locale %s)", rc, e && e->message ? e->message : "?",
			 setlocale(LC_NUMERIC, NULL));
	}
}

/* ---- the shipped books ---- */

static void shipped_books(struct text *t)
{
	infracost_catalog *cat = NULL;
	const infracost_price *tiers;
	size_t n;

	/* the bug: "price: not a number: '0.204'" (the books parsed, as CSV) */
	static const infracost_region_ref places[] = {
		{"aws", "us-east-1"}, {"gcp", "us-central1"}, {"azure", "eastus"}};
	expect_ok(infracost_catalog_new(&cat));
	expect_ok(infracost_catalog_load_dir_for(cat, infracost_default_data_dir(), places, 3));
	assert_true(infracost_catalog_count(cat) > 2000);
	for (size_t i = 0; i < infracost_catalog_count(cat); i++)
		put_price(t, infracost_catalog_get(cat, i), 0);
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "ec2", "us-east-1", "a1.2xlarge",
					   "on_demand", "hour"));
	assert_true(tiers[0].price == 0.204);
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "ec2", "us-east-1", "m5.large",
					   "on_demand", "hour"));
	assert_true(tiers[0].price == 0.096);
	assert_true(tiers[0].vcpu == 2 && tiers[0].memory_gb == 8);
	infracost_catalog_free(cat);
}

static void test_shipped_books(void **state)
{
	(void)state;
	same_in_both(shipped_books, "the shipped books");
}

/* ---- a price book with decimals everywhere ---- */

static const char book[] =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,"
	"effective_date,source\n"
	"aws,ec2,us-east-1,x9.half,on_demand,hour,0.0123456789,,0,0.5,1.69921875,2026-01-02,"
	"test\n"
	"aws,ec2,us-east-1,x9.half,reserved_1yr_partial_upfront,hour,0.0061,1234.56,0,0.5,"
	"1.69921875,2026-01-02,test\n"
	"aws,lambda,us-east-1,duration:x86_64,on_demand,gb_second,0.0000166667,,0,,,2026-01-02,"
	"test\n"
	"aws,lambda,us-east-1,duration:x86_64,on_demand,gb_second,0.000015,,6e9,,,2026-01-02,"
	"test\n"
	"aws,lambda,us-east-1,duration:x86_64,on_demand,gb_second,1.33334E-5,,1.5e10,,,2026-01-"
	"02,test\n"
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.023,,0,,,2026-01-02,test\n"
	"aws,s3,us-east-1,standard,on_demand,gb_month,0.022,,51200.5,,,2026-01-02,test\n";

static void book_with_decimals(struct text *t)
{
	infracost_catalog *cat = NULL;
	const infracost_price *tiers;
	size_t n;

	expect_ok(infracost_catalog_new(&cat));
	expect_ok(infracost_catalog_load_buffer(cat, book, strlen(book), "decimals.csv"));
	for (size_t i = 0; i < infracost_catalog_count(cat); i++)
		put_price(t, infracost_catalog_get(cat, i), 1);
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "ec2", "us-east-1", "x9.half",
					   "on_demand", "hour"));
	assert_true(tiers[0].price == 0.0123456789);
	assert_true(tiers[0].vcpu == 0.5 && tiers[0].memory_gb == 1.69921875);
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "ec2", "us-east-1", "x9.half",
					   "reserved_1yr_partial_upfront", "hour"));
	assert_true(tiers[0].upfront == 1234.56);
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "lambda", "us-east-1",
					   "duration:x86_64", "on_demand", "gb_second"));
	assert_int_equal(n, 3);
	assert_true(tiers[1].tier_start == 6e9 && tiers[2].tier_start == 1.5e10);
	assert_true(tiers[2].price == 1.33334e-5);
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "s3", "us-east-1", "standard",
					   "on_demand", "gb_month"));
	assert_true(tiers[1].tier_start == 51200.5);
	infracost_catalog_free(cat);
}

static void test_price_book_with_decimals(void **state)
{
	(void)state;
	same_in_both(book_with_decimals, "a price book with decimals");
}

/* ---- spec values and the estimate in every format ---- */

static const char decimal_spec[] =
	"{ \"name\": \"decimals\", \"provider\": \"aws\", \"region\": \"us-east-1\",\n"
	"  \"services\": [\n"
	"    { \"name\": \"licence\", \"type\": \"custom\", \"items\": [\n"
	"      { \"name\": \"seat\", \"quantity\": 1, \"unit\": \"month\", \"unit_price\": "
	"1999.5678 },\n"
	"      { \"name\": \"tiny\", \"quantity\": 2.5e-1, \"unit\": \"month\", \"unit_price\": "
	"0.125 } ] }\n"
	"  ] }\n";

static void render_all(struct text *t, const infracost_estimate *est)
{
	static const char *const formats[] = {"table", "json", "csv", "markdown", "html"};
	infracost_estimate *loaded = NULL;
	infracost_diff *diff = NULL;
	for (size_t f = 0; f < 5; f++) {
		infracost_format format;
		char *out = NULL;
		size_t len = 0;
		expect_ok(infracost_format_parse(&format, formats[f]));
		expect_ok(infracost_estimate_render(&out, &len, est, format));
		puts_(t, formats[f]);
		put(t, out, len);
		/* the JSON read back (infra-cost diff's input) and diffed */
		if (format == INFRACOST_FORMAT_JSON)
			expect_ok(infracost_estimate_load_json(&loaded, out, len, "e.json"));
		infracost_free(out);
	}
	expect_ok(infracost_diff_compute(&diff, loaded, est));
	for (size_t f = 0; f < 5; f++) {
		infracost_format format;
		char *out = NULL;
		size_t len = 0;
		expect_ok(infracost_format_parse(&format, formats[f]));
		if (format == INFRACOST_FORMAT_CSV)
			continue;
		expect_ok(infracost_diff_render(&out, &len, diff, format));
		put(t, out, len);
		infracost_free(out);
	}
	infracost_diff_free(diff);
	infracost_estimate_free(loaded);
}

static void spec_values(struct text *t)
{
	infracost_spec *spec = NULL;
	infracost_catalog *cat = NULL;
	infracost_estimate *est = NULL;

	expect_ok(infracost_spec_load_string(&spec, decimal_spec, strlen(decimal_spec),
					     "decimals.json"));
	expect_ok(infracost_catalog_new(&cat));
	expect_ok(infracost_estimate_compute(&est, spec, cat, NULL));
	/* the bug: 1999.5678 was read as 1999 */
	assert_true(infracost_estimate_total(est).expected == 1999.5678 + 0.25 * 0.125);
	putnum(t, infracost_estimate_total(est).expected);
	render_all(t, est);
	infracost_estimate_free(est);
	infracost_catalog_free(cat);
	infracost_spec_free(spec);
}

static void test_spec_values(void **state)
{
	(void)state;
	same_in_both(spec_values, "spec values");
}

static void example_estimates(struct text *t)
{
	static const char *const specs[] = {EX "starter.json", EX "webshop.json",
					    EX "capacity.json"};
	infracost_catalog *cat = NULL;

	cat = catalog_default();
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		infracost_spec *spec = NULL;
		infracost_estimate *est = NULL;
		expect_ok(infracost_spec_load_file(&spec, specs[i]));
		expect_ok(infracost_estimate_compute(&est, spec, cat, NULL));
		putnum(t, infracost_estimate_total(est).expected);
		render_all(t, est);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
	infracost_catalog_free(cat);
}

static void test_estimate_renderings(void **state)
{
	(void)state;
	same_in_both(example_estimates, "the examples' estimates (table, json, csv, markdown)");
}

/* ---- feed files imported into a real store ---- */

static int list_row(void *ctx, const infracost_price *p)
{
	put_price(ctx, p, 0);
	return 0;
}

static void store_imports(struct text *t)
{
	static const struct {
		const char *file, *format;
	} files[] = {
		{"aws/ec2-us-east-1-opencost.csv", "aws-csv"},
		{"aws/ec2-m5.large-offer.json", "aws-json"},
		{"aws/ec2-m5.large-offer.csv", "aws-csv"}, /* the current EC2 version */
		{"aws/rds-us-east-1-minimal.json", "aws-json"},
		{"aws/elasticache-us-east-1-awspricing-reserved.json", "aws-json"},
		{"aws/ecs-fargate-us-east-1-opencost.json", "aws-json"},
		{"aws/lambda-us-east-1-minimal.json", "aws-json"},
		{"aws/s3-us-east-1-minimal.json", "aws-json"},
		{"aws/spot-advisor.json", "aws-spot-advisor"},
		{"azure/d2s_v3_eastus_all_types.json", "azure"},
		{"azure/d8_v4_westeurope_reservations.json", "azure"},
		{"gcp/pages/page1.json", "gcp"},
	};
	char dir[] = "/tmp/infracost-locale-XXXXXX", path[64];
	infracost_store *store = NULL;
	infracost_catalog *cat = NULL;
	infracost_source *src = NULL;
	const infracost_price *tiers;
	size_t n = 0;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/prices.db", dir);
	expect_ok(infracost_store_open(&store, path));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char file[512];
		infracost_fetch_options o = INFRACOST_FETCH_OPTIONS_INIT;
		infracost_fetch_report r = {0};
		o.progress = 0;
		snprintf(file, sizeof(file), FEEDS "%s", files[i].file);
		expect_ok(infracost_import_file(store, file, files[i].format, &o, &r));
		assert_true(r.rows > 0);
		/* every import's rows (a later one of the same source replaces them) */
		puts_(t, files[i].file);
		expect_ok(infracost_store_list(store, NULL, list_row, t));
	}
	expect_ok(infracost_store_sources(&src, &n, store));
	for (size_t i = 0; i < n; i++) {
		puts_(t, src[i].provider);
		puts_(t, src[i].service);
		puts_(t, src[i].region);
		puts_(t, src[i].format);
		puts_(t, src[i].version);
		puts_(t, src[i].published);
		putnum(t, (double)src[i].rows);
		put(t, "\n", 1);
	}
	infracost_sources_free(src, n);
	/* the store as a catalog: the offer's prices as written there */
	expect_ok(infracost_catalog_new(&cat));
	expect_ok(infracost_catalog_load_store(cat, store));
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "ec2", "us-east-1", "m5.large",
					   "on_demand", "hour"));
	assert_true(tiers[0].price == 0.096);
	expect_ok(infracost_catalog_lookup(&tiers, &n, cat, "aws", "ec2", "us-east-1", "m5.large",
					   "reserved_1yr_partial_upfront", "hour"));
	assert_true(tiers[0].price == 0.029 && tiers[0].upfront == 252);
	infracost_catalog_free(cat);
	infracost_store_close(store);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_feeds_into_store(void **state)
{
	(void)state;
	same_in_both(store_imports, "feed files imported into a store");
}

/* ---- simulate and recommend ---- */

static void simulate_recommend(struct text *t)
{
	infracost_catalog *cat = NULL;
	infracost_spec *spec = NULL;
	infracost_simulation *sim = NULL;
	infracost_recommendation *rec = NULL;
	infracost_simulate_options so = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_recommend_options ro = INFRACOST_RECOMMEND_OPTIONS_INIT;
	static const infracost_format formats[] = {INFRACOST_FORMAT_TABLE, INFRACOST_FORMAT_JSON};

	cat = catalog_default();
	expect_ok(infracost_spec_load_file(&spec, EX "webshop.json"));
	so.samples = 2000;
	so.seed = 7;
	so.threads = 2; /* threads of their own: the host's locale is theirs too */
	so.default_interruption_rate = 0.075;
	ro.spot_risk_budget = 0.035;
	expect_ok(infracost_simulate(&sim, spec, cat, &so));
	expect_ok(infracost_recommend(&rec, spec, cat, &ro));
	for (size_t f = 0; f < 2; f++) {
		char *out = NULL;
		size_t len = 0;
		expect_ok(infracost_simulation_render(&out, &len, sim, formats[f]));
		put(t, out, len);
		infracost_free(out);
		expect_ok(infracost_recommendation_render(&out, &len, rec, formats[f]));
		put(t, out, len);
		infracost_free(out);
	}
	{
		infracost_estimate *est = NULL;
		char *out = NULL;
		size_t len = 0;
		expect_ok(infracost_estimate_compute(&est, spec, cat, NULL));
		expect_ok(infracost_simulation_render_html(&out, &len, sim, est));
		put(t, out, len);
		infracost_free(out);
		infracost_estimate_free(est);
	}
	infracost_recommendation_free(rec);
	infracost_simulation_free(sim);
	infracost_spec_free(spec);
	infracost_catalog_free(cat);
}

static void test_simulate_recommend(void **state)
{
	(void)state;
	same_in_both(simulate_recommend, "simulate and recommend (table, json)");
}

/* ---- capacity: the USL fit of CSV files, queueing ---- */

static void capacity(struct text *t)
{
	static const char *const files[] = {"amdahl.csv", "raytracer.csv", "specsdm91.csv",
					    "synthetic.csv"};
	infracost_erlang e;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512];
		infracost_usl u;
		snprintf(path, sizeof(path), TEST_DATA_DIR "/usl/%s", files[i]);
		expect_ok(infracost_usl_fit_file(&u, path));
		puts_(t, files[i]);
		putnum(t, u.alpha);
		putnum(t, u.beta);
		putnum(t, u.gamma);
		putnum(t, u.peak_load);
		putnum(t, u.peak_throughput);
		putnum(t, u.r_squared);
		putnum(t, (double)u.points);
		putnum(t, infracost_usl_throughput(&u, 12.5));
		put(t, "\n", 1);
	}
	expect_ok(infracost_erlang_c(&e, 55, 100, 2, 0.95));
	putnum(t, e.wait_probability);
	putnum(t, e.wait_quantile);
	expect_ok(infracost_erlang_size(&e, 100, 2, 0.95, 0.2));
	putnum(t, e.servers);
	assert_true(e.servers == 56);
}

static void test_capacity(void **state)
{
	(void)state;
	same_in_both(capacity, "the USL fit and the queueing figures");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_books),
		cmocka_unit_test(test_price_book_with_decimals),
		cmocka_unit_test(test_spec_values),
		cmocka_unit_test(test_estimate_renderings),
		cmocka_unit_test(test_feeds_into_store),
		cmocka_unit_test(test_simulate_recommend),
		cmocka_unit_test(test_capacity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
