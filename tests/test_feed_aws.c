/* test_feed_aws.c - the AWS Price List parsers (lib/feeds/feed_aws.c) on the
 * fixtures of tests/data/feeds/aws (README.md there says where each comes
 * from): every service's rows with hand-checked values, reserved terms made
 * of an Hrs and an Upfront Fee dimension, the region filter, skip counts,
 * the CSV form against the JSON form, a shuffled CSV header, non-USD files,
 * malformed input with line:column, the offer and region indexes, the Spot
 * Advisor, out-of-memory, and a large generated offer file read with
 * constant memory (its throughput is printed). */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "feed.h"

#define DIR TEST_DATA_DIR "/feeds/aws/"

/* lib/feeds/feed_aws.c: peak bytes of the last offer-file parse (test hook). */

/* ---- a sink that renders what it gets ---- */

typedef struct {
	char *text; /* one line per row */
	size_t len, cap;
	size_t rows;
	char meta[8][2][128];
	int nmeta;
	int stop_after; /* > 0: return an error from this row on */
	int count_only;
} collect;

static void append(collect *c, const char *s)
{
	size_t n = strlen(s);
	if (c->len + n + 1 > c->cap) {
		c->cap = (c->len + n + 1) * 2;
		c->text = realloc(c->text, c->cap);
		assert_non_null(c->text);
	}
	memcpy(c->text + c->len, s, n + 1);
	c->len += n;
}

static int on_row(void *ctx, const infracost_price *r)
{
	collect *c = ctx;
	char line[1024];
	c->rows++;
	if (c->stop_after && (int)c->rows >= c->stop_after)
		return INFRACOST_ERROR;
	if (c->count_only)
		return 0;
	/* Every row is a valid price-book row. */
	assert_string_equal(r->provider, "aws");
	assert_true(r->price >= 0 && r->upfront >= 0 && r->tier_start >= 0);
	snprintf(line, sizeof(line), "%s %s %s %s %s %.10g %.10g %.10g %g %g %s | %s | %s\n",
		 r->service, r->region, r->sku, r->purchase, r->unit, r->price, r->upfront,
		 r->tier_start, r->vcpu, r->memory_gb, r->effective_date, r->source,
		 strrchr(r->origin, '/') ? strrchr(r->origin, '/') + 1 : r->origin);
	append(c, line);
	return 0;
}

static int on_meta(void *ctx, const char *key, const char *value)
{
	collect *c = ctx;
	if (c->nmeta < 8) {
		snprintf(c->meta[c->nmeta][0], 128, "%s", key);
		snprintf(c->meta[c->nmeta][1], 128, "%s", value);
		c->nmeta++;
	}
	return 0;
}

static const char *meta_of(const collect *c, const char *key)
{
	for (int i = 0; i < c->nmeta; i++)
		if (strcmp(c->meta[i][0], key) == 0)
			return c->meta[i][1];
	return NULL;
}

static void collect_free(collect *c)
{
	free(c->text);
	memset(c, 0, sizeof(*c));
}

enum { JSON, CSV };

/* Parse a fixture (or any path) into c; returns the parser's code. */
static int parse_into(collect *c, const char *path, int form, const char *const *regions,
		      size_t nregions)
{
	FILE *f = fopen(path, "rb");
	infracost_feed_sink sink = {on_row, on_meta, NULL, c, NULL};
	infracost_feed_filter filter = {regions, nregions};
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int rc;

	assert_non_null(f);
	if (!c->text)
		append(c, "");
	rc = form == JSON ? infracost__aws_offer_json(f, name, &filter, &sink)
			  : infracost__aws_offer_csv(f, name, &filter, &sink);
	fclose(f);
	return rc;
}

static void expect_rows_(const char *fixture, int form, const char *const *regions, size_t nregions,
			 const char *expected, const char *skipped, const char *file, int line)
{
	collect c = {0};
	int rc = parse_into(&c, fixture, form, regions, nregions);
	if (rc != 0) {
		print_error("%s:%d: %s: %d %s\n", file, line, fixture, rc,
			    infracost_error_last() ? infracost_error_last()->message : "");
		collect_free(&c);
		_fail(file, line);
	}
	if (strcmp(c.text, expected) != 0) {
		print_error("%s:%d: rows of %s\n--- got:\n%s--- expected:\n%s", file, line, fixture,
			    c.text, expected);
		collect_free(&c);
		_fail(file, line);
	}
	if (!meta_of(&c, "skipped") || strcmp(meta_of(&c, "skipped"), skipped) != 0) {
		print_error("%s:%d: %s: skipped %s, expected %s\n", file, line, fixture,
			    meta_of(&c, "skipped") ? meta_of(&c, "skipped") : "(none)", skipped);
		collect_free(&c);
		_fail(file, line);
	}
	collect_free(&c);
}
#define EXPECT_ROWS(fixture, form, expected, skipped)                                              \
	expect_rows_(DIR fixture, form, NULL, 0, expected, skipped, __FILE__, __LINE__)
#define EXPECT_ROWS_IN(fixture, form, regions, n, expected, skipped)                               \
	expect_rows_(DIR fixture, form, regions, n, expected, skipped, __FILE__, __LINE__)

static void expect_error_(const char *path, int form, int code, const char *message,
			  const char *file, int line)
{
	collect c = {0};
	int rc = parse_into(&c, path, form, NULL, 0);
	if (rc != code || strcmp(infracost_error_last()->message, message) != 0) {
		print_error("%s:%d: %s: got %d '%s', expected %d '%s'\n", file, line, path, rc,
			    rc ? infracost_error_last()->message : "", code, message);
		collect_free(&c);
		_fail(file, line);
	}
	collect_free(&c);
}
#define EXPECT_ERROR(path, form, code, message)                                                    \
	expect_error_((path), (form), (code), (message), __FILE__, __LINE__)

/* ---- EC2 ---- */

static void test_ec2_opencost(void **state)
{
	(void)state;
	/* p4d.24xlarge on demand; its CapacityBlock twin (marketoption
	 * CapacityBlock, operation RunInstances:CB, $0) is skipped. */
	EXPECT_ROWS(
		"ec2-us-east-1-opencost.json", JSON,
		"ec2 us-east-1 p4d.24xlarge on_demand hour 32.7726 0 0 96 1152 2024-05-01 | aws "
		"AmazonEC2 v20240528203522 | ec2-us-east-1-opencost.json:96\n",
		"1");
	/* us-east-2: gp3 EBS at $0.08; skipped: the Windows BYOL p3.8xlarge, the
	 * Network Load Balancer, and the convertible term that this excerpt
	 * keeps under OnDemand for the m5.large (a term, not a product). */
	EXPECT_ROWS(
		"ec2-us-east-2-opencost.json", JSON,
		"ebs us-east-2 gp3 on_demand gb_month 0.08 0 0 -1 -1 2023-03-01 | aws AmazonEC2 "
		"v20230322145651 | ec2-us-east-2-opencost.json:129\n",
		"3");
}

/* The real m5.large item with all 12 RI terms: the on-demand price, and one
 * row for each of the 6 standard terms combining Hrs and Upfront Fee; the 6
 * convertible terms are skipped. No regionCode: "US East (N. Virginia)". */
static const char m5_rows_json[] =
	"ec2 us-east-1 m5.large on_demand hour 0.096 0 0 2 8 2021-02-01 | aws AmazonEC2 "
	"v20210205204500 | ec2-m5.large-offer.json:47\n"
	"ec2 us-east-1 m5.large reserved_1yr_no_upfront hour 0.06 0 0 2 8 2020-04-01 | aws "
	"AmazonEC2 v20210205204500 | ec2-m5.large-offer.json:70\n"
	"ec2 us-east-1 m5.large reserved_3yr_partial_upfront hour 0.019 505 0 2 8 2020-04-01 | aws "
	"AmazonEC2 v20210205204500 | ec2-m5.large-offer.json:148\n"
	"ec2 us-east-1 m5.large reserved_1yr_all_upfront hour 0 494 0 2 8 2020-04-01 | aws "
	"AmazonEC2 v20210205204500 | ec2-m5.large-offer.json:212\n"
	"ec2 us-east-1 m5.large reserved_3yr_all_upfront hour 0 949 0 2 8 2020-04-01 | aws "
	"AmazonEC2 v20210205204500 | ec2-m5.large-offer.json:244\n"
	"ec2 us-east-1 m5.large reserved_3yr_no_upfront hour 0.041 0 0 2 8 2020-04-01 | aws "
	"AmazonEC2 v20210205204500 | ec2-m5.large-offer.json:331\n"
	"ec2 us-east-1 m5.large reserved_1yr_partial_upfront hour 0.029 252 0 2 8 2020-04-01 | aws "
	"AmazonEC2 v20210205204500 | ec2-m5.large-offer.json:354\n";

static void test_ec2_reserved(void **state)
{
	(void)state;
	EXPECT_ROWS("ec2-m5.large-offer.json", JSON, m5_rows_json, "6");
}

/* Rows without their origin (which names a line of a different file). */
static char *strip_origins(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;
	assert_non_null(out);
	for (const char *p = text; *p;) {
		const char *bar = strstr(p, " | "), *eol = strchr(p, '\n');
		const char *second = bar ? strstr(bar + 3, " | ") : NULL;
		size_t n = second && second < eol ? (size_t)(second - p) : (size_t)(eol - p);
		memcpy(o, p, n);
		o += n;
		*o++ = '\n';
		p = eol + 1;
	}
	*o = '\0';
	return out;
}

/* The same products as CSV rows (one per price dimension) give the same
 * price rows and the same skip count as the JSON form. */
static void expect_same_rows(const char *json, const char *csv, const char *skipped)
{
	collect a = {0}, b = {0};
	char *ra, *rb;
	assert_int_equal(parse_into(&a, json, JSON, NULL, 0), 0);
	assert_int_equal(parse_into(&b, csv, CSV, NULL, 0), 0);
	ra = strip_origins(a.text);
	rb = strip_origins(b.text);
	assert_true(a.rows > 0);
	assert_string_equal(ra, rb);
	assert_string_equal(meta_of(&a, "skipped"), skipped);
	assert_string_equal(meta_of(&b, "skipped"), skipped);
	assert_string_equal(meta_of(&a, "version"), meta_of(&b, "version"));
	assert_string_equal(meta_of(&a, "offer_code"), meta_of(&b, "offer_code"));
	assert_string_equal(meta_of(&a, "publication_date"), meta_of(&b, "publication_date"));
	free(ra);
	free(rb);
	collect_free(&a);
	collect_free(&b);
}

static void test_ec2_csv(void **state)
{
	collect c = {0};
	(void)state;
	expect_same_rows(DIR "ec2-m5.large-offer.json", DIR "ec2-m5.large-offer.csv", "6");
	expect_same_rows(DIR "ec2-us-east-1-opencost.json", DIR "ec2-us-east-1-opencost.csv", "1");
	/* Columns in another order: mapped by name, the same rows. */
	expect_same_rows(DIR "ec2-m5.large-offer.json", DIR "ec2-m5.large-offer-shuffled.csv", "6");
	/* The CSV origin names the record's line. */
	assert_int_equal(parse_into(&c, DIR "ec2-m5.large-offer.csv", CSV, NULL, 0), 0);
	assert_non_null(strstr(c.text, "reserved_1yr_partial_upfront hour 0.029 252 0 2 8 "
				       "2020-04-01 | aws AmazonEC2 v20210205204500 | "
				       "ec2-m5.large-offer.csv:24\n"));
	collect_free(&c);
	/* The real 2025 CSV excerpt: 10 products, none Linux with shared
	 * tenancy and no software (Windows, RHEL, SUSE, dedicated, unused
	 * reservations): all skipped, once each. */
	EXPECT_ROWS("ec2-global-excerpt.csv", CSV, "", "10");
}

static void test_ec2_nat_transfer(void **state)
{
	(void)state;
	/* NAT hours and bytes; a RegionalNatGateway decoy skipped; an AWS
	 * Outbound data-transfer product inside the EC2 offer gives transfer
	 * rows, one per tier. */
	EXPECT_ROWS(
		"ec2-nat-us-east-1-minimal.json", JSON,
		"nat us-east-1 gateway on_demand hour 0.045 0 0 -1 -1 2026-08-01 | aws AmazonEC2 "
		"v20260812234745 | ec2-nat-us-east-1-minimal.json:73\n"
		"nat us-east-1 data on_demand gb 0.045 0 0 -1 -1 2026-08-01 | aws AmazonEC2 "
		"v20260812234745 | ec2-nat-us-east-1-minimal.json:94\n"
		"transfer us-east-1 out on_demand gb 0.09 0 0 -1 -1 2026-06-01 | aws AmazonEC2 "
		"v20260812234745 | ec2-nat-us-east-1-minimal.json:136\n"
		"transfer us-east-1 out on_demand gb 0.085 0 10240 -1 -1 2026-06-01 | aws "
		"AmazonEC2 "
		"v20260812234745 | ec2-nat-us-east-1-minimal.json:136\n"
		"transfer us-east-1 out on_demand gb 0.07 0 51200 -1 -1 2026-06-01 | aws AmazonEC2 "
		"v20260812234745 | ec2-nat-us-east-1-minimal.json:136\n"
		"transfer us-east-1 out on_demand gb 0.05 0 153600 -1 -1 2026-06-01 | aws "
		"AmazonEC2 "
		"v20260812234745 | ec2-nat-us-east-1-minimal.json:136\n",
		"1");
}

static void test_errors(void **state)
{
	const char *path;
	(void)state;
	/* A China region file: prices in CNY only. */
	EXPECT_ERROR(DIR "ec2-cn-northwest-1-opencost.json", JSON, INFRACOST_EUNSUPPORTED,
		     "ec2-cn-northwest-1-opencost.json:43:17: no price in USD in this file (the "
		     "first is in CNY); only USD is supported");
	/* Malformed JSON in the middle of a product. */
	path = temp_file("bad.json",
			 "{\"offerCode\": \"AmazonEC2\",\n \"products\": {\n"
			 "  \"A\": {\"sku\": \"A\",\n   \"attributes\": {\"x\": \"1\",}}}}");
	EXPECT_ERROR(path, JSON, INFRACOST_EPARSE,
		     "bad.json:4:28: malformed JSON: string (a key) expected near '}}}}'");
	/* Terms first. */
	path = temp_file("order.json", "{\"offerCode\": \"AmazonEC2\", \"terms\": {},\n"
				       "\"products\": {}}");
	EXPECT_ERROR(path, JSON, INFRACOST_EUNSUPPORTED,
		     "order.json:1:28: terms before products are not supported (an AWS offer file "
		     "lists its products first)");
}

/* ---- the other offers ---- */

static void test_fargate(void **state)
{
	const char *path;
	(void)state;
	/* x86 and ARM vCPU and GB hours ("hours" units); ephemeral storage and
	 * ECS Anywhere are not container prices: skipped. */
	EXPECT_ROWS(
		"ecs-fargate-us-east-1-opencost.json", JSON,
		"fargate us-east-1 vcpu:arm64 on_demand hour 0.03238 0 0 -1 -1 2025-08-01 | aws "
		"AmazonECS v20250828172723 | ecs-fargate-us-east-1-opencost.json:104\n"
		"fargate us-east-1 memory:arm64 on_demand hour 0.00356 0 0 -1 -1 2025-08-01 | aws "
		"AmazonECS v20250828172723 | ecs-fargate-us-east-1-opencost.json:125\n"
		"fargate us-east-1 memory:x86_64 on_demand hour 0.004445 0 0 -1 -1 2025-08-01 | "
		"aws AmazonECS v20250828172723 | ecs-fargate-us-east-1-opencost.json:178\n"
		"fargate us-east-1 vcpu:x86_64 on_demand hour 0.04048 0 0 -1 -1 2025-08-01 | aws "
		"AmazonECS v20250828172723 | ecs-fargate-us-east-1-opencost.json:220\n",
		"2");
	/* Spot usage types (synthetic products in the opencost shape; prices
	 * from the shipped book's Fargate Spot rows). A Windows one is skipped. */
	path = temp_file(
		"spot.json",
		"{\"offerCode\" : \"AmazonECS\", \"version\" : \"1\",\n"
		"\"products\" : {\n"
		"\"S1\" : {\"sku\" : \"S1\", \"productFamily\" : \"Compute\", \"attributes\" : {"
		"\"usagetype\" : \"USE1-SpotUsage-Fargate-vCPU-Hours:perCPU\", \"regionCode\" : "
		"\"us-east-1\"}},\n"
		"\"S2\" : {\"sku\" : \"S2\", \"productFamily\" : \"Compute\", \"attributes\" : {"
		"\"usagetype\" : \"USE1-SpotUsage-Fargate-ARM-GB-Hours\", \"regionCode\" : "
		"\"us-east-1\"}},\n"
		"\"S3\" : {\"sku\" : \"S3\", \"productFamily\" : \"Compute\", \"attributes\" : {"
		"\"usagetype\" : \"USE1-Fargate-Windows-vCPU-Hours:perCPU\", \"regionCode\" : "
		"\"us-east-1\"}}},\n"
		"\"terms\" : {\"OnDemand\" : {\n"
		"\"S1\" : {\"S1.JRTCKXETXF\" : {\"effectiveDate\" : \"2026-09-28T00:00:00Z\", "
		"\"priceDimensions\" : {\"S1.JRTCKXETXF.6YS6EN2CT7\" : {\"beginRange\" : \"0\", "
		"\"endRange\" : \"Inf\", \"unit\" : \"hours\", \"pricePerUnit\" : {\"USD\" : "
		"\"0.0128887100\"}}}, \"termAttributes\" : { }}},\n"
		"\"S2\" : {\"S2.JRTCKXETXF\" : {\"effectiveDate\" : \"2026-09-28T00:00:00Z\", "
		"\"priceDimensions\" : {\"S2.JRTCKXETXF.6YS6EN2CT7\" : {\"beginRange\" : \"0\", "
		"\"endRange\" : \"Inf\", \"unit\" : \"hours\", \"pricePerUnit\" : {\"USD\" : "
		"\"0.0011334900\"}}}, \"termAttributes\" : { }}}}}}\n");
	expect_rows_(
		path, JSON, NULL, 0,
		"fargate us-east-1 vcpu:x86_64 spot hour 0.01288871 0 0 -1 -1 2026-09-28 | aws "
		"AmazonECS v1 | spot.json:7\n"
		"fargate us-east-1 memory:arm64 spot hour 0.00113349 0 0 -1 -1 2026-09-28 | aws "
		"AmazonECS v1 | spot.json:8\n",
		"1", __FILE__, __LINE__);
}

static void test_rds(void **state)
{
	(void)state;
	/* Instances per engine and deployment, storage, backup (one engine-free
	 * key: the MySQL backup product is a second one for it, skipped), the
	 * reserved terms combining Hrs and Upfront Fee; Aurora is skipped. */
	EXPECT_ROWS(
		"rds-us-east-1-minimal.json", JSON,
		"rds us-east-1 postgresql:db.t3.micro:single_az on_demand hour 0.018 0 0 2 1 "
		"2026-03-01 "
		"| aws AmazonRDS v20260318225923 | rds-us-east-1-minimal.json:173\n"
		"rds us-east-1 mysql:db.t3.micro:single_az on_demand hour 0.017 0 0 2 1 2026-03-01 "
		"| "
		"aws AmazonRDS v20260318225923 | rds-us-east-1-minimal.json:194\n"
		"rds us-east-1 mariadb:db.t3.micro:single_az on_demand hour 0.017 0 0 2 1 "
		"2026-03-01 | "
		"aws AmazonRDS v20260318225923 | rds-us-east-1-minimal.json:215\n"
		"rds us-east-1 postgresql:db.t3.micro:multi_az on_demand hour 0.036 0 0 2 1 "
		"2026-03-01 | "
		"aws AmazonRDS v20260318225923 | rds-us-east-1-minimal.json:257\n"
		"rds us-east-1 postgresql:storage:gp3:single_az on_demand gb_month 0.115 0 0 -1 -1 "
		"2026-03-01 | aws AmazonRDS v20260318225923 | rds-us-east-1-minimal.json:278\n"
		"rds us-east-1 postgresql:storage:gp3:multi_az on_demand gb_month 0.23 0 0 -1 -1 "
		"2026-03-01 | aws AmazonRDS v20260318225923 | rds-us-east-1-minimal.json:299\n"
		"rds us-east-1 backup on_demand gb_month 0.095 0 0 -1 -1 2026-03-01 | aws "
		"AmazonRDS "
		"v20260318225923 | rds-us-east-1-minimal.json:320\n"
		"rds us-east-1 postgresql:db.t3.micro:single_az reserved_1yr_partial_upfront hour "
		"0.005 "
		"100 0 2 1 2026-03-01 | aws AmazonRDS v20260318225923 | "
		"rds-us-east-1-minimal.json:364\n"
		"rds us-east-1 postgresql:db.t3.micro:single_az reserved_3yr_no_upfront hour 0.012 "
		"0 0 2 "
		"1 2026-03-01 | aws AmazonRDS v20260318225923 | rds-us-east-1-minimal.json:396\n",
		"2");
	/* lyft/awspricing's 2017 excerpt: Oracle BYOL is skipped (its terms
	 * with it), the inbound transfer product too; the MariaDB product is
	 * kept but has no terms in the excerpt. No prices examined: no USD
	 * check. */
	EXPECT_ROWS("rds-awspricing.json", JSON, "", "2");
}

static const char elasticache_rows[] =
	"elasticache us-east-1 valkey:cache.c7gn.large reserved_1yr_all_upfront hour 0 1143.7056 0 "
	"2 3.09 2025-06-24 | aws AmazonElastiCache v20250624130639 | "
	"elasticache-us-east-1-awspricing-reserved.json:33\n"
	"elasticache us-east-1 valkey:cache.c7gn.large reserved_1yr_partial_upfront hour 0.0664 "
	"580.788 0 2 3.09 2025-06-24 | aws AmazonElastiCache v20250624130639 | "
	"elasticache-us-east-1-awspricing-reserved.json:65\n"
	"elasticache us-east-1 valkey:cache.c7gn.large reserved_3yr_no_upfront hour 0.1064 0 0 2 "
	"3.09 2025-06-24 | aws AmazonElastiCache v20250624130639 | "
	"elasticache-us-east-1-awspricing-reserved.json:97\n"
	"elasticache us-east-1 valkey:cache.c7gn.large reserved_1yr_no_upfront hour 0.1384 0 0 2 "
	"3.09 2025-06-24 | aws AmazonElastiCache v20250624130639 | "
	"elasticache-us-east-1-awspricing-reserved.json:120\n"
	"elasticache us-east-1 valkey:cache.c7gn.large reserved_3yr_partial_upfront hour 0.0488 "
	"1286.6688 0 2 3.09 2025-06-24 | aws AmazonElastiCache v20250624130639 | "
	"elasticache-us-east-1-awspricing-reserved.json:143\n"
	"elasticache us-east-1 valkey:cache.c7gn.large reserved_3yr_all_upfront hour 0 2412.504 0 "
	"2 3.09 2025-06-24 | aws AmazonElastiCache v20250624130639 | "
	"elasticache-us-east-1-awspricing-reserved.json:175\n";

static void test_elasticache(void **state)
{
	(void)state;
	/* Six standard reserved terms of the Valkey node, each one row from its
	 * Hrs and Upfront Fee dimensions. The terms of SKUs with no product in
	 * the excerpt are not looked at. */
	EXPECT_ROWS("elasticache-us-east-1-awspricing-reserved.json", JSON, elasticache_rows, "0");
	/* The excerpt as published keeps those terms under "OnDemand": an
	 * on-demand term with lease attributes does not map; all 6 skipped. */
	EXPECT_ROWS("elasticache-us-east-1-awspricing.json", JSON, "", "6");
}

static void test_elb_s3_lambda(void **state)
{
	(void)state;
	/* ALB hours and LCU-hours; a TS- usage type and a Network LB skipped. */
	EXPECT_ROWS(
		"elb-us-east-1-minimal.json", JSON,
		"elb us-east-1 alb on_demand hour 0.0225 0 0 -1 -1 2026-08-01 | aws AWSELB "
		"v20260812234745 | elb-us-east-1-minimal.json:72\n"
		"elb us-east-1 alb:lcu on_demand lcu_hour 0.008 0 0 -1 -1 2026-08-01 | aws AWSELB "
		"v20260812234745 | elb-us-east-1-minimal.json:93\n",
		"2");
	/* S3 Standard with its three tiers (GB from beginRange), Standard-IA;
	 * a Deep Archive staging usage type skipped. */
	EXPECT_ROWS(
		"s3-us-east-1-minimal.json", JSON,
		"s3 us-east-1 standard on_demand gb_month 0.023 0 0 -1 -1 2026-08-01 | aws "
		"AmazonS3 "
		"v20260812234745 | s3-us-east-1-minimal.json:57\n"
		"s3 us-east-1 standard on_demand gb_month 0.022 0 51200 -1 -1 2026-08-01 | aws "
		"AmazonS3 v20260812234745 | s3-us-east-1-minimal.json:57\n"
		"s3 us-east-1 standard on_demand gb_month 0.021 0 512000 -1 -1 2026-08-01 | aws "
		"AmazonS3 v20260812234745 | s3-us-east-1-minimal.json:57\n"
		"s3 us-east-1 standard_ia on_demand gb_month 0.0125 0 0 -1 -1 2026-08-01 | aws "
		"AmazonS3 v20260812234745 | s3-us-east-1-minimal.json:100\n",
		"1");
	/* Lambda requests (per request) and duration tiers, x86 and ARM;
	 * provisioned concurrency skipped. */
	EXPECT_ROWS(
		"lambda-us-east-1-minimal.json", JSON,
		"lambda us-east-1 requests:x86_64 on_demand request 2e-07 0 0 -1 -1 2026-08-01 | "
		"aws "
		"AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:87\n"
		"lambda us-east-1 requests:arm64 on_demand request 2e-07 0 0 -1 -1 2026-08-01 | "
		"aws "
		"AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:108\n"
		"lambda us-east-1 duration:x86_64 on_demand gb_second 1.66667e-05 0 0 -1 -1 "
		"2026-08-01 | "
		"aws AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:129\n"
		"lambda us-east-1 duration:x86_64 on_demand gb_second 1.5e-05 0 6000000000 -1 -1 "
		"2026-08-01 | aws AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:129\n"
		"lambda us-east-1 duration:x86_64 on_demand gb_second 1.33334e-05 0 1.5e+10 -1 -1 "
		"2026-08-01 | aws AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:129\n"
		"lambda us-east-1 duration:arm64 on_demand gb_second 1.33334e-05 0 0 -1 -1 "
		"2026-08-01 | "
		"aws AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:172\n"
		"lambda us-east-1 duration:arm64 on_demand gb_second 1.20001e-05 0 7500000000 -1 "
		"-1 "
		"2026-08-01 | aws AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:172\n"
		"lambda us-east-1 duration:arm64 on_demand gb_second 1.06667e-05 0 1.875e+10 -1 -1 "
		"2026-08-01 | aws AWSLambda v20260812234745 | lambda-us-east-1-minimal.json:172\n",
		"1");
}

static const char transfer_use1[] =
	"transfer us-east-1 out on_demand gb 0.09 0 0 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:76\n"
	"transfer us-east-1 out on_demand gb 0.085 0 10240 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:76\n"
	"transfer us-east-1 out on_demand gb 0.07 0 51200 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:76\n"
	"transfer us-east-1 out on_demand gb 0.05 0 153600 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:76\n";
static const char transfer_euw1[] =
	"transfer eu-west-1 out on_demand gb 0.09 0 0 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:130\n"
	"transfer eu-west-1 out on_demand gb 0.085 0 10240 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:130\n"
	"transfer eu-west-1 out on_demand gb 0.07 0 51200 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:130\n"
	"transfer eu-west-1 out on_demand gb 0.05 0 153600 -1 -1 2026-06-01 | aws AWSDataTransfer "
	"v20260602000000 | datatransfer-minimal.json:130\n";

static void test_transfer_and_region_filter(void **state)
{
	static const char *const eu[] = {"eu-west-1"};
	static const char *const both[] = {"us-east-1", "eu-west-1"};
	static const char *const use1[] = {"us-east-1"};
	char all[4096];
	(void)state;

	/* Outbound to the internet per region, 4 tiers; inbound and
	 * inter-region products skipped. */
	snprintf(all, sizeof(all), "%s%s", transfer_use1, transfer_euw1);
	EXPECT_ROWS("datatransfer-minimal.json", JSON, all, "2");
	EXPECT_ROWS_IN("datatransfer-minimal.json", JSON, eu, 1, transfer_euw1, "2");
	EXPECT_ROWS_IN("datatransfer-minimal.json", JSON, both, 2, all, "2");
	/* Products of other regions are left out, not counted as skipped: the
	 * us-east-2 gp3 volume and m5.large (and the m5.large's term). */
	EXPECT_ROWS_IN("ec2-us-east-2-opencost.json", JSON, use1, 1, "", "2");
	EXPECT_ROWS_IN("ec2-m5.large-offer.csv", CSV, eu, 1, "", "0");
}

/* ---- errors ---- */

static void test_csv_errors(void **state)
{
	const char *head = "\"FormatVersion\",\"v1.0\"\n\"OfferCode\",\"AmazonEC2\"\n";
	char text[1024];
	const char *path;
	(void)state;

	snprintf(text, sizeof(text), "%s\"SKU\",\"TermType\",\"Unit\",\"PricePerUnit\"\n", head);
	EXPECT_ERROR(
		temp_file("h.csv", text), CSV, INFRACOST_EPARSE,
		"h.csv:3: header has no 'Currency' column (an AWS offer CSV has SKU, TermType, "
		"Unit, PricePerUnit, Currency)");
	snprintf(text, sizeof(text),
		 "%s\"SKU\",\"TermType\",\"Unit\",\"PricePerUnit\",\"Currency\",\"sku\"\n", head);
	EXPECT_ERROR(temp_file("d.csv", text), CSV, INFRACOST_EPARSE,
		     "d.csv:3: column 'sku' appears twice in the header");
	snprintf(text, sizeof(text),
		 "%s\"SKU\",\"TermType\",\"Unit\",\"PricePerUnit\",\"Currency\"\n"
		 "\"A\",\"OnDemand\",\"Hrs\",\"1\",\"USD\"\n\"B\",\"OnDemand\",\"Hrs\",\"1\"\n",
		 head);
	EXPECT_ERROR(temp_file("n.csv", text), CSV, INFRACOST_EPARSE,
		     "n.csv:5: expected 5 fields as in the header, found 4");
	snprintf(text, sizeof(text),
		 "%s\"SKU\",\"TermType\",\"Unit\",\"PricePerUnit\",\"Currency\"\n"
		 "\"A\",\"OnDemand\",\"Hrs\",\"1\",\"USD\"\n\"B\",\"OnDemand\",\"Hrs\",\"1,\"USD\n",
		 head);
	EXPECT_ERROR(temp_file("q.csv", text), CSV, INFRACOST_EPARSE,
		     "q.csv:5:26: unexpected character after closing quote");
	snprintf(text, sizeof(text),
		 "%s\"SKU\",\"TermType\",\"Unit\",\"PricePerUnit\",\"Currency\"\n"
		 "\"A\",\"OnDemand\",\"Hrs\",\"1\",\"USD\"\n\"B\",\"OnDemand\",Hrs\",\"1\","
		 "\"USD\"\n",
		 head);
	EXPECT_ERROR(temp_file("u.csv", text), CSV, INFRACOST_EPARSE,
		     "u.csv:5:19: quote inside an unquoted field");
	snprintf(text, sizeof(text),
		 "%s\"SKU\",\"TermType\",\"Unit\",\"PricePerUnit\",\"Currency\"\n"
		 "\"A\",\"OnDemand\",\"Hrs\",\"1\",\"USD\"\n\"B\",\"OnDemand\",\"Hrs\n,1,USD\n",
		 head);
	EXPECT_ERROR(temp_file("t.csv", text), CSV, INFRACOST_EPARSE,
		     "t.csv:5:16: unterminated quoted field");
	EXPECT_ERROR(temp_file("e.csv", ""), CSV, INFRACOST_EPARSE,
		     "e.csv: no header row (a record with a SKU column after the metadata lines)");
	/* A CNY CSV. */
	snprintf(text, sizeof(text),
		 "%s\"SKU\",\"TermType\",\"Unit\",\"PricePerUnit\",\"Currency\",\"Product Family\","
		 "\"serviceCode\",\"Region Code\",\"Volume API Name\",\"usageType\"\r\n"
		 "\"R83VXG9NAPDASEGN\",\"OnDemand\",\"GB-Mo\",\"0.5312000000\",\"CNY\",\"Storage\","
		 "\"AmazonEC2\",\"cn-northwest-1\",\"gp3\",\"CNW1-EBS:VolumeUsage.gp3\"\r\n",
		 head);
	EXPECT_ERROR(temp_file("cny.csv", text), CSV, INFRACOST_EUNSUPPORTED,
		     "cny.csv:4: no price in USD in this file (the first is in CNY); only USD is "
		     "supported");
	/* A sink that stops: its code comes back, nothing leaks. */
	{
		collect c = {0};
		c.stop_after = 2;
		assert_int_equal(parse_into(&c, DIR "ec2-m5.large-offer.json", JSON, NULL, 0),
				 INFRACOST_ERROR);
		collect_free(&c);
		c.stop_after = 2;
		assert_int_equal(parse_into(&c, DIR "ec2-m5.large-offer.csv", CSV, NULL, 0),
				 INFRACOST_ERROR);
		collect_free(&c);
	}
	/* No sink. */
	path = DIR "ec2-m5.large-offer.json";
	{
		FILE *f = fopen(path, "rb");
		infracost_feed_sink none = {NULL, NULL, NULL, NULL, NULL};
		assert_int_equal(infracost__aws_offer_json(f, "x.json", NULL, &none),
				 INFRACOST_EINVALID);
		assert_int_equal(infracost__aws_offer_csv(f, "x.csv", NULL, NULL),
				 INFRACOST_EINVALID);
		fclose(f);
	}
}

static void test_json_shape_errors(void **state)
{
	(void)state;
	EXPECT_ERROR(temp_file("a.json", "[1]"), JSON, INFRACOST_EPARSE,
		     "a.json:1:1: an AWS offer file is a JSON object");
	EXPECT_ERROR(temp_file("p.json", "{\"products\": []}"), JSON, INFRACOST_EPARSE,
		     "p.json:1:14: products: expected an object");
	EXPECT_ERROR(temp_file("v.json", "{\"version\": 1}"), JSON, INFRACOST_EPARSE,
		     "v.json:1:13: version: expected a string");
	EXPECT_ERROR(temp_file("x.json", "{\"offerCode\": \"AmazonEC2\"} x"), JSON,
		     INFRACOST_EPARSE,
		     "x.json:1:28: malformed JSON: end of file expected near 'x'");
}

/* ---- the small files ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int on_pair(void *ctx, const char *a, const char *b)
{
	collect *c = ctx;
	char line[512];
	snprintf(line, sizeof(line), "%s %s\n", a, b);
	append(c, line);
	return ++c->rows == 100 ? INFRACOST_ERROR : 0;
}

static void test_indexes(void **state)
{
	collect c = {0};
	size_t len;
	char *text = slurp(DIR "offer-index.json", &len);
	(void)state;

	append(&c, "");
	assert_int_equal(infracost__aws_offer_index(text, len, "offer-index.json", on_pair, &c), 0);
	assert_int_equal(c.rows, 12);
	assert_non_null(strstr(c.text, "AmazonEC2 /offers/v1.0/aws/AmazonEC2/current/"
				       "region_index.json\nAmazonRDS /offers/v1.0/aws/AmazonRDS/"
				       "current/region_index.json\n"));
	assert_non_null(strstr(c.text, "AWSDataTransfer /offers/v1.0/aws/AWSDataTransfer/current/"
				       "region_index.json\n"));
	collect_free(&c);
	free(text);

	append(&c, "");
	text = slurp(DIR "region-index.json", &len);
	assert_int_equal(infracost__aws_region_index(text, len, "region-index.json", on_pair, &c),
			 0);
	assert_string_equal(c.text, "us-east-1 /offers/v1.0/aws/AmazonEC2/20190916220712/"
				    "us-east-1/index.json\n");
	collect_free(&c);
	free(text);

	/* The Savings Plans region index: an array with versionUrl. */
	append(&c, "");
	text = slurp(DIR "region-index-savingsplan.json", &len);
	assert_int_equal(infracost__aws_region_index(text, len, "sp.json", on_pair, &c), 0);
	assert_int_equal(c.rows, 4);
	assert_true(strncmp(c.text,
			    "us-west-2-den-1 /savingsPlan/v1.0/aws/AWSComputeSavingsPlan/"
			    "20250911184447/us-west-2-den-1/index.json\n",
			    90) == 0);
	collect_free(&c);
	free(text);

	/* Errors with positions; a callback's code stops the walk. */
	assert_int_equal(infracost__aws_offer_index("{\"offers\": []}", 14, "i.json", on_pair, &c),
			 INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message,
			    "i.json:1:12: offers: expected an object, got an array");
	assert_int_equal(infracost__aws_offer_index("{\"offers\": {", 12, "i.json", on_pair, &c),
			 INFRACOST_EPARSE);
	assert_int_equal(infracost__aws_region_index("{\"regions\": {\"us-east-1\": {}}}", 30,
						     "r.json", on_pair, &c),
			 INFRACOST_EPARSE);
	assert_string_equal(
		infracost_error_last()->message,
		"r.json:1:27: regions.us-east-1: expected a currentVersionUrl string, got "
		"an object");
	assert_int_equal(infracost__aws_region_index("{}", 2, "r.json", on_pair, &c),
			 INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message,
			    "r.json:1:1: expected an object with 'regions', got an object");
	c.rows = 99;
	append(&c, "");
	text = slurp(DIR "offer-index.json", &len);
	assert_int_equal(infracost__aws_offer_index(text, len, "offer-index.json", on_pair, &c),
			 INFRACOST_ERROR);
	free(text);
	collect_free(&c);
}

static int on_advice(void *ctx, const char *region, const char *os, const char *type, int bucket,
		     int savings)
{
	collect *c = ctx;
	char line[256];
	snprintf(line, sizeof(line), "%s %s %s r%d s%d\n", region, os, type, bucket, savings);
	append(c, line);
	c->rows++;
	return 0;
}

static void test_spot_advisor(void **state)
{
	collect c = {0};
	infracost_feed_sink sink = {on_row, on_meta, on_advice, &c, NULL};
	size_t len;
	char *text = slurp(DIR "spot-advisor.json", &len);
	const char *bad = "{\"ranges\": [{}, {}, {}, {}, {}], \"spot_advisor\": {\"us-east-1\": "
			  "{\"Linux\": {\"a.large\": {\"s\": 50, \"r\": 5}, \"b.large\": {\"s\": "
			  "50.5, \"r\": 1}, \"c.large\": {\"s\": 10, \"r\": 4}}}}}";
	(void)state;

	append(&c, "");
	assert_int_equal(infracost__aws_spot_advisor(text, len, "spot.json", &sink), 0);
	assert_int_equal(c.rows, 23);
	/* "m5.large": {"s": 66, "r": 3} and the Windows one {"s": 46, "r": 4}. */
	assert_non_null(strstr(c.text, "us-east-1 Linux m5.large r3 s66\n"));
	assert_non_null(strstr(c.text, "us-east-1 Linux t3.micro r0 s69\n"));
	assert_non_null(strstr(c.text, "us-east-1 Windows m5.large r4 s46\n"));
	assert_string_equal(meta_of(&c, "skipped"), "0");
	collect_free(&c);
	free(text);
	/* Out-of-range bucket, fractional saving: skipped and counted. */
	append(&c, "");
	assert_int_equal(infracost__aws_spot_advisor(bad, strlen(bad), "b.json", &sink), 0);
	assert_string_equal(c.text, "us-east-1 Linux c.large r4 s10\n");
	assert_string_equal(meta_of(&c, "skipped"), "2");
	collect_free(&c);
	assert_int_equal(infracost__aws_spot_advisor("{\"ranges\": []}", 14, "b.json", &sink),
			 INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message,
			    "b.json:1:12: ranges: expected a non-empty array, got an array");
}

/* ---- out of memory ---- */

static void oom_loop(const char *path, int form)
{
	unsigned long n;
	for (n = 1;; n++) {
		collect c = {0};
		int rc;
		c.count_only = 1;
		append(&c, "");
		infracost__alloc_fail_after(n);
		rc = parse_into(&c, path, form, NULL, 0);
		infracost__alloc_fail_after(0);
		collect_free(&c);
		if (rc == 0)
			break;
		assert_int_equal(rc, INFRACOST_ENOMEM);
		assert_true(n < 200);
	}
	assert_true(n > 3);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	oom_loop(DIR "ec2-m5.large-offer.json", JSON);
	oom_loop(DIR "rds-us-east-1-minimal.json", JSON);
	oom_loop(DIR "ec2-m5.large-offer.csv", CSV);
}

/* ---- a large offer file ---- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An EC2 offer of about `mb` MB: products with distinct SKUs, 40 of them
 * Linux instances spread over the file (kept), the others Windows
 * (skipped), then a term each. */
static FILE *big_offer(size_t mb, size_t *products, size_t *kept, size_t *bytes)
{
	FILE *f = tmpfile();
	size_t n = 0, i, size = 0;
	assert_non_null(f);
	/* About 1400 bytes per product with its term. */
	n = mb * 1024 * 1024 / 1400;
	size += (size_t)fprintf(f, "{\n  \"formatVersion\" : \"v1.0\",\n  \"offerCode\" : "
				   "\"AmazonEC2\",\n  \"version\" : \"20250101000000\",\n  "
				   "\"products\" : {\n");
	*kept = 0;
	for (i = 0; i < n; i++) {
		int linux = i % (n / 40) == 0 && *kept < 40;
		*kept += linux;
		size += (size_t)fprintf(
			f,
			"%s    \"SKU%010zu\" : {\n      \"sku\" : \"SKU%010zu\",\n      "
			"\"productFamily\" : \"Compute Instance\",\n      \"attributes\" : {\n     "
			"   "
			"\"servicecode\" : \"AmazonEC2\",\n        \"location\" : \"US East (N. "
			"Virginia)\",\n        \"locationType\" : \"AWS Region\",\n        "
			"\"instanceType\" : \"x%zu.large\",\n        \"currentGeneration\" : "
			"\"Yes\",\n "
			"       \"instanceFamily\" : \"General purpose\",\n        \"vcpu\" : "
			"\"2\",\n "
			"       \"physicalProcessor\" : \"Intel Xeon Platinum 8175\",\n        "
			"\"memory\" : \"8 GiB\",\n        \"storage\" : \"EBS only\",\n        "
			"\"tenancy\" : \"Shared\",\n        \"operatingSystem\" : \"%s\",\n        "
			"\"licenseModel\" : \"No License required\",\n        \"usagetype\" : "
			"\"BoxUsage:x%zu.large\",\n        \"operation\" : \"%s\",\n        "
			"\"capacitystatus\" : \"Used\",\n        \"preInstalledSw\" : \"NA\",\n    "
			"    "
			"\"regionCode\" : \"us-east-1\",\n        \"servicename\" : \"Amazon "
			"Elastic "
			"Compute Cloud\"\n      }\n    }",
			i ? ",\n" : "", i, i, i, linux ? "Linux" : "Windows", i,
			linux ? "RunInstances" : "RunInstances:0002");
	}
	size += (size_t)fprintf(f, "\n  },\n  \"terms\" : {\n    \"OnDemand\" : {\n");
	for (i = 0; i < n; i++)
		size += (size_t)fprintf(
			f,
			"%s      \"SKU%010zu\" : {\n        \"SKU%010zu.JRTCKXETXF\" : {\n         "
			" "
			"\"offerTermCode\" : \"JRTCKXETXF\",\n          \"sku\" : \"SKU%010zu\",\n "
			"    "
			"     \"effectiveDate\" : \"2025-01-01T00:00:00Z\",\n          "
			"\"priceDimensions\" : {\n            \"SKU%010zu.JRTCKXETXF.6YS6EN2CT7\" "
			": {\n "
			"             \"rateCode\" : \"SKU%010zu.JRTCKXETXF.6YS6EN2CT7\",\n        "
			"   "
			"   \"description\" : \"$0.%04zu per On Demand Instance Hour\",\n          "
			"    "
			"\"beginRange\" : \"0\",\n              \"endRange\" : \"Inf\",\n          "
			"    "
			"\"unit\" : \"Hrs\",\n              \"pricePerUnit\" : {\n                "
			"\"USD\" : \"0.%04zu000000\"\n              },\n              "
			"\"appliesTo\" : "
			"[ ]\n            }\n          },\n          \"termAttributes\" : { }\n    "
			"    "
			"}\n      }",
			i ? ",\n" : "", i, i, i, i, i, i % 10000, i % 10000);
	size += (size_t)fprintf(f, "\n    }\n  },\n  \"attributesList\" : { }\n}\n");
	rewind(f);
	*products = n;
	*bytes = size;
	return f;
}

static void test_large_file(void **state)
{
	size_t products, kept, bytes, peak_small;
	collect c = {0};
	infracost_feed_sink sink = {on_row, on_meta, NULL, &c, NULL};
	char skipped[32];
	double t0, t1;
	FILE *f;
	(void)state;

	/* A 5 MB file with 40 kept products... */
	c.count_only = 1;
	f = big_offer(5, &products, &kept, &bytes);
	assert_int_equal(infracost__aws_offer_json(f, "big.json", NULL, &sink), 0);
	fclose(f);
	peak_small = infracost__aws_feed_peak_memory();
	assert_int_equal(c.rows, kept);
	collect_free(&c);

	/* ... and a 50 MB one with the same 40: the memory is the reader's
	 * buffer, the feed's fixed state and the kept products, whatever the
	 * file size. */
	c.count_only = 1;
	f = big_offer(50, &products, &kept, &bytes);
	t0 = now();
	assert_int_equal(infracost__aws_offer_json(f, "big.json", NULL, &sink), 0);
	t1 = now();
	fclose(f);
	assert_int_equal(c.rows, kept);
	snprintf(skipped, sizeof(skipped), "%zu", products - kept);
	assert_string_equal(meta_of(&c, "skipped"), skipped);
	assert_true(bytes > 50u * 1000 * 1000);
	print_message("  offer JSON: %.1f MB, %zu products (%zu kept) in %.2f s: %.0f MB/s, peak "
		      "memory %zu bytes (%zu for 5 MB)\n",
		      (double)bytes / 1e6, products, kept, t1 - t0, (double)bytes / 1e6 / (t1 - t0),
		      infracost__aws_feed_peak_memory(), peak_small);
	/* Ten times the file, the same bytes. */
	assert_int_equal(infracost__aws_feed_peak_memory(), peak_small);
	assert_true(peak_small < 512 * 1024);
	collect_free(&c);
}

/* The CSV form: one row per dimension, every row with its product's columns. */
static FILE *big_csv(size_t mb, size_t *products, size_t *kept, size_t *bytes)
{
	FILE *f = tmpfile();
	size_t n, i, size = 0;
	assert_non_null(f);
	n = mb * 1024 * 1024 / 360;
	size += (size_t)fprintf(f,
				"\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"-\"\n\"Publication "
				"Date\",\"2025-01-01T00:00:00Z\"\n\"Version\",\"20250101000000\"\n"
				"\"OfferCode\",\"AmazonEC2\"\n");
	size += (size_t)fprintf(
		f, "\"SKU\",\"OfferTermCode\",\"RateCode\",\"TermType\",\"PriceDescripti"
		   "on\",\"EffectiveDate\",\"StartingRange\",\"EndingRange\",\"Unit\","
		   "\"PricePerUnit\",\"Currency\",\"Product Family\",\"serviceCode\","
		   "\"Location\",\"Instance Type\",\"vCPU\",\"Memory\",\"Tenancy\","
		   "\"Operating System\",\"License Model\",\"usageType\",\"operation\","
		   "\"CapacityStatus\",\"Pre Installed S/W\",\"Region Code\"\n");
	*kept = 0;
	for (i = 0; i < n; i++) {
		int linux = i % (n / 40) == 0 && *kept < 40;
		*kept += linux;
		size += (size_t)fprintf(
			f,
			"\"SKU%010zu\",\"JRTCKXETXF\",\"SKU%010zu.JRTCKXETXF.6YS6EN2CT7\","
			"\"OnDemand\","
			"\"$0.%04zu per On Demand Instance "
			"Hour\",\"2025-01-01\",\"0\",\"Inf\",\"Hrs\","
			"\"0.%04zu000000\",\"USD\",\"Compute Instance\",\"AmazonEC2\",\"US East "
			"(N. "
			"Virginia)\",\"x%zu.large\",\"2\",\"8 GiB\",\"Shared\",\"%s\",\"No License "
			"required\",\"BoxUsage:x%zu.large\",\"%s\",\"Used\",\"NA\",\"us-east-1\"\n",
			i, i, i % 10000, i % 10000, i, linux ? "Linux" : "Windows", i,
			linux ? "RunInstances" : "RunInstances:0002");
	}
	rewind(f);
	*products = n;
	*bytes = size;
	return f;
}

static void test_large_csv(void **state)
{
	size_t products, kept, bytes, peak_small;
	collect c = {0};
	infracost_feed_sink sink = {on_row, on_meta, NULL, &c, NULL};
	char skipped[32];
	double t0, t1;
	FILE *f;
	(void)state;

	c.count_only = 1;
	f = big_csv(3, &products, &kept, &bytes);
	assert_int_equal(infracost__aws_offer_csv(f, "big.csv", NULL, &sink), 0);
	fclose(f);
	peak_small = infracost__aws_feed_peak_memory();
	assert_int_equal(c.rows, kept);
	collect_free(&c);

	c.count_only = 1;
	f = big_csv(30, &products, &kept, &bytes);
	t0 = now();
	assert_int_equal(infracost__aws_offer_csv(f, "big.csv", NULL, &sink), 0);
	t1 = now();
	fclose(f);
	assert_int_equal(c.rows, kept);
	snprintf(skipped, sizeof(skipped), "%zu", products - kept);
	assert_string_equal(meta_of(&c, "skipped"), skipped);
	print_message("  offer CSV: %.1f MB, %zu products (%zu kept) in %.2f s: %.0f MB/s, peak "
		      "memory %zu bytes (%zu for 3 MB)\n",
		      (double)bytes / 1e6, products, kept, t1 - t0, (double)bytes / 1e6 / (t1 - t0),
		      infracost__aws_feed_peak_memory(), peak_small);
	assert_int_equal(infracost__aws_feed_peak_memory(), peak_small);
	assert_true(peak_small < 512 * 1024);
	collect_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ec2_opencost),
		cmocka_unit_test(test_ec2_reserved),
		cmocka_unit_test(test_ec2_csv),
		cmocka_unit_test(test_ec2_nat_transfer),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_fargate),
		cmocka_unit_test(test_rds),
		cmocka_unit_test(test_elasticache),
		cmocka_unit_test(test_elb_s3_lambda),
		cmocka_unit_test(test_transfer_and_region_filter),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_json_shape_errors),
		cmocka_unit_test(test_indexes),
		cmocka_unit_test(test_spot_advisor),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_large_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
