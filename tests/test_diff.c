/* test_diff.c - infra-cost diff (formats.md section 7): two real designs
 * (examples/webshop.json and a changed copy) priced on one catalog, deltas
 * against the two estimates to the cent; estimates read back from their
 * JSON; golden table, JSON and Markdown; two Terraform plans (to the cent,
 * golden table and Markdown); an identical pair is empty;
 * matching of services and lines; escaping. */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define DIFF_DIR TEST_DATA_DIR "/diff/"

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return text;
}

static double cents(double v)
{
	return round(v * 100.0);
}

/* The diff rendered in format equals the golden file DIFF_DIR file;
 * INFRACOST_RECORD=1 rewrites it (review before committing). */
static void check_golden(const infracost_diff *d, infracost_format format, const char *file)
{
	char path[512], *text = NULL, *want;
	size_t len = 0;
	snprintf(path, sizeof(path), DIFF_DIR "%s", file);
	assert_int_equal(infracost_diff_render(&text, &len, d, format), 0);
	if (getenv("INFRACOST_RECORD")) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite(text, 1, len, f);
		fclose(f);
	}
	want = read_all(path, NULL);
	assert_non_null(want);
	assert_string_equal(text, want);
	free(want);
	infracost_free(text);
}

/* Deltas equal the difference of the two estimates, to the cent, for every
 * environment, service and line item, in every output. */
static void test_real_designs_to_the_cent(void **state)
{
	infracost_catalog *cat = catalog_default();
	infracost_spec *s1 = NULL, *s2 = NULL;
	infracost_estimate *e1 = NULL, *e2 = NULL;
	infracost_diff *d = NULL;
	char *json = NULL;
	json_t *root;
	json_error_t jerr;
	size_t seen_services = 0;
	(void)state;

	assert_int_equal(infracost_spec_load_file(&s1, SOURCE_DIR "/examples/webshop.json"), 0);
	assert_int_equal(infracost_spec_load_file(&s2, DIFF_DIR "webshop-v2.json"), 0);
	assert_int_equal(infracost_estimate_compute(&e1, s1, cat, NULL), 0);
	assert_int_equal(infracost_estimate_compute(&e2, s2, cat, NULL), 0);
	assert_int_equal(infracost_diff_compute(&d, e1, e2), 0);
	assert_true(infracost_diff_change_count(d) > 0);
	assert_int_equal(infracost_diff_environment_count(d), 3);
	for (size_t i = 0; i < infracost_diff_environment_count(d); i++) {
		const infracost_diff_env *de = infracost_diff_environment(d, i);
		const infracost_env_result *b = infracost_estimate_environment(e1, i),
					   *a = infracost_estimate_environment(e2, i);
		assert_string_equal(de->name, a->name);
		assert_true(infracost_diff_delta(de->monthly_before.expected,
						 de->monthly_after.expected) *
				    100 ==
			    cents(a->monthly.expected) - cents(b->monthly.expected));
		for (size_t s = 0; s < de->service_count; s++) {
			const infracost_diff_service *ds = &de->services[s];
			double before = 0, after = 0;
			for (size_t k = 0; k < b->service_count; k++)
				if (strcmp(b->services[k].name, ds->name) == 0)
					before = b->services[k].monthly.expected;
			for (size_t k = 0; k < a->service_count; k++)
				if (strcmp(a->services[k].name, ds->name) == 0)
					after = a->services[k].monthly.expected;
			assert_true(round(infracost_diff_delta(ds->monthly_before.expected,
							       ds->monthly_after.expected) *
					  100) == cents(after) - cents(before));
			seen_services++;
		}
	}
	assert_true(seen_services >= 40);
	/* what changed, by hand: api's size everywhere, eks-eval removed
	 * (staging only), queue-worker added (prod), db's prod storage */
	{
		const infracost_diff_env *dev = infracost_diff_environment(d, 0),
					 *staging = infracost_diff_environment(d, 1),
					 *prod = infracost_diff_environment(d, 2);
		int removed = 0, added = 0;
		assert_int_equal(dev->status, INFRACOST_DIFF_CHANGED);
		assert_int_equal(dev->services[0].status, INFRACOST_DIFF_CHANGED);
		assert_string_equal(dev->services[0].name, "api");
		/* 0.5 -> 1 vCPU: 130 -> 260 vCPU-hours x 0.04048 */
		assert_int_equal(dev->services[0].lines[0].status, INFRACOST_DIFF_CHANGED);
		assert_money(dev->services[0].lines[0].quantity_before, 130);
		assert_money(dev->services[0].lines[0].quantity_after, 260);
		for (size_t s = 0; s < staging->service_count; s++)
			if (staging->services[s].status == INFRACOST_DIFF_REMOVED) {
				removed++;
				assert_string_equal(staging->services[s].name, "eks-eval");
				assert_null(staging->services[s].type_after);
				assert_money(staging->services[s].monthly_after.expected, 0);
			}
		for (size_t s = 0; s < prod->service_count; s++)
			if (prod->services[s].status == INFRACOST_DIFF_ADDED) {
				added++;
				assert_string_equal(prod->services[s].name, "queue-worker");
				/* the last of NEW's services: before those removed */
				assert_int_equal(prod->services[s].lines[0].status,
						 INFRACOST_DIFF_ADDED);
				assert_null(prod->services[s].lines[0].sku_before);
			}
		assert_int_equal(removed, 1);
		assert_int_equal(added, 1);
	}
	/* the JSON says the same */
	assert_int_equal(infracost_diff_render(&json, NULL, d, INFRACOST_FORMAT_JSON), 0);
	root = json_loads(json, 0, &jerr);
	assert_non_null(root);
	assert_true(json_is_true(json_object_get(root, "changed")));
	{
		json_t *t = json_object_get(json_object_get(root, "total"), "monthly");
		double delta = json_number_value(
			json_object_get(json_object_get(t, "delta"), "expected"));
		assert_true(round(delta * 100) ==
			    cents(infracost_estimate_total(e2).expected) -
				    cents(infracost_estimate_total(e1).expected));
	}
	json_decref(root);
	infracost_free(json);
	infracost_diff_free(d);
	infracost_estimate_free(e1);
	infracost_estimate_free(e2);
	infracost_spec_free(s1);
	infracost_spec_free(s2);
	infracost_catalog_free(cat);
}

/* A Terraform plan priced as `estimate --terraform PLAN --usage USAGE` does
 * (one environment, "default"). */
static infracost_estimate *plan_estimate(const char *path, infracost_spec **spec,
					 const infracost_catalog *cat)
{
	infracost_terraform_plan plan = {NULL, path};
	infracost_terraform_options o = INFRACOST_TERRAFORM_OPTIONS_INIT;
	infracost_estimate *est = NULL;
	char *text = NULL;
	size_t len = 0;
	o.usage_path = SOURCE_DIR "/examples/terraform/usage.json";
	assert_int_equal(infracost_terraform_convert(&text, &len, &plan, 1, &o), 0);
	assert_int_equal(infracost_spec_load_string(spec, text, len, path), 0);
	infracost_free(text);
	assert_int_equal(infracost_estimate_compute(&est, *spec, cat, NULL), 0);
	return est;
}

/* The monthly cost of a service's lines matching a diff line's component,
 * purchase and sku (0 without the service or the sku). */
static double line_monthly(const infracost_service_result *sv, const infracost_diff_line *ln,
			   const char *sku)
{
	double v = 0;
	for (size_t k = 0; sv && sku && k < sv->line_item_count; k++)
		if (strcmp(sv->line_items[k].component, ln->component) == 0 &&
		    strcmp(sv->line_items[k].price->purchase, ln->purchase) == 0 &&
		    strcmp(sv->line_items[k].price->sku, sku) == 0)
			v += sv->line_items[k].monthly;
	return v;
}

/* Two Terraform plans (examples/terraform/plan.json and a copy with the
 * workers' instance type and desired count changed, the cache's node count
 * raised, an instance added and the EFS file system gone): every delta of
 * service and line item equals the difference of the two estimates to the
 * cent; golden table and Markdown (INFRACOST_RECORD=1 rewrites them; the
 * prices are the snapshot's). */
static void test_terraform_plans(void **state)
{
	static const struct {
		infracost_format format;
		const char *file;
	} golden[] = {{INFRACOST_FORMAT_TABLE, "plan.diff.txt"},
		      {INFRACOST_FORMAT_MARKDOWN, "plan.diff.md"}};
	infracost_catalog *cat = catalog_default();
	infracost_spec *s1 = NULL, *s2 = NULL;
	infracost_estimate *e1, *e2;
	infracost_diff *d = NULL;
	const infracost_diff_env *de;
	const infracost_env_result *b, *a;
	int seen[4] = {0};
	(void)state;
	e1 = plan_estimate(SOURCE_DIR "/examples/terraform/plan.json", &s1, cat);
	e2 = plan_estimate(DIFF_DIR "plan-v2.json", &s2, cat);
	assert_int_equal(infracost_diff_compute(&d, e1, e2), 0);
	assert_int_equal(infracost_diff_environment_count(d), 1);
	de = infracost_diff_environment(d, 0);
	b = infracost_estimate_environment(e1, 0);
	a = infracost_estimate_environment(e2, 0);
	assert_string_equal(de->name, "default");
	assert_int_equal(de->status, INFRACOST_DIFF_CHANGED);
	assert_true(infracost_diff_delta(de->monthly_before.expected, de->monthly_after.expected) *
			    100 ==
		    cents(a->monthly.expected) - cents(b->monthly.expected));
	for (size_t s = 0; s < de->service_count; s++) {
		const infracost_diff_service *ds = &de->services[s];
		const infracost_service_result *sb = NULL, *sa = NULL;
		for (size_t k = 0; k < b->service_count; k++)
			if (strcmp(b->services[k].name, ds->name) == 0)
				sb = &b->services[k];
		for (size_t k = 0; k < a->service_count; k++)
			if (strcmp(a->services[k].name, ds->name) == 0)
				sa = &a->services[k];
		assert_true(round(infracost_diff_delta(ds->monthly_before.expected,
						       ds->monthly_after.expected) *
				  100) == cents(sa ? sa->monthly.expected : 0) -
						  cents(sb ? sb->monthly.expected : 0));
		/* each line: its two sides are the estimates' lines */
		for (size_t l = 0; l < ds->line_count; l++) {
			const infracost_diff_line *ln = &ds->lines[l];
			double before = line_monthly(sb, ln, ln->sku_before),
			       after = line_monthly(sa, ln, ln->sku_after);
			assert_true(
				round(infracost_diff_delta(ln->monthly_before, ln->monthly_after) *
				      100) == cents(after) - cents(before));
		}
		/* what changed, by hand */
		if (strcmp(ds->name, "aws_autoscaling_group.workers") == 0) {
			seen[0] = 1;
			assert_int_equal(ds->status, INFRACOST_DIFF_CHANGED);
			assert_string_equal(ds->lines[0].sku_before, "m5.large");
			assert_string_equal(ds->lines[0].sku_after, "m5.xlarge");
			/* desired 3 -> 4: base 1 + 25 % of the rest on demand */
			assert_money(ds->lines[0].quantity_before, 730 * (1 + 0.25 * 2));
			assert_money(ds->lines[0].quantity_after, 730 * (1 + 0.25 * 3));
		} else if (strcmp(ds->name, "aws_elasticache_replication_group.cache") == 0) {
			seen[1] = 1;
			assert_int_equal(ds->status, INFRACOST_DIFF_CHANGED);
			assert_money(ds->lines[0].quantity_before, 730 * 2);
			assert_money(ds->lines[0].quantity_after, 730 * 3);
		} else if (strcmp(ds->name, "aws_instance.worker") == 0) {
			seen[2] = 1;
			assert_int_equal(ds->status, INFRACOST_DIFF_ADDED);
		} else if (strcmp(ds->name, "aws_efs_file_system.shared") == 0) {
			seen[3] = 1;
			assert_int_equal(ds->status, INFRACOST_DIFF_REMOVED);
			assert_money(ds->monthly_before.expected, 50 * 0.30);
		} else if (ds->status != INFRACOST_DIFF_SAME) {
			fail_msg("unexpected change of %s", ds->name);
		}
	}
	assert_true(seen[0] && seen[1] && seen[2] && seen[3]);
	for (size_t i = 0; i < sizeof(golden) / sizeof(golden[0]); i++)
		check_golden(d, golden[i].format, golden[i].file);
	infracost_diff_free(d);
	infracost_estimate_free(e1);
	infracost_estimate_free(e2);
	infracost_spec_free(s1);
	infracost_spec_free(s2);
	infracost_catalog_free(cat);
}

/* An estimate read back from its JSON renders as the same JSON, byte for
 * byte, and diffs empty against the estimate it came from. */
static void test_estimate_json_round_trip(void **state)
{
	infracost_catalog *cat = catalog_default();
	infracost_spec *spec = NULL;
	infracost_estimate *computed = NULL, *loaded = NULL;
	infracost_diff *d = NULL;
	char *a = NULL, *b = NULL, *text = NULL;
	size_t alen = 0, blen = 0;
	(void)state;
	assert_int_equal(infracost_spec_load_file(&spec, DIFF_DIR "webshop-v2.json"), 0);
	assert_int_equal(infracost_estimate_compute(&computed, spec, cat, NULL), 0);
	assert_int_equal(infracost_estimate_render(&a, &alen, computed, INFRACOST_FORMAT_JSON), 0);
	assert_int_equal(infracost_estimate_load_json(&loaded, a, alen, "w.json"), 0);
	assert_int_equal(infracost_estimate_render(&b, &blen, loaded, INFRACOST_FORMAT_JSON), 0);
	assert_string_equal(a, b);
	/* budgets come back with their messages */
	assert_int_equal(infracost_estimate_budget_count(loaded),
			 infracost_estimate_budget_count(computed));
	assert_int_equal(infracost_diff_compute(&d, computed, loaded), 0);
	assert_int_equal(infracost_diff_change_count(d), 0);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "no cost changes"));
	infracost_free(text);
	infracost_diff_free(d);
	/* the table of a loaded estimate is the computed one's */
	infracost_free(a);
	infracost_free(b);
	assert_int_equal(infracost_estimate_render(&a, NULL, computed, INFRACOST_FORMAT_TABLE), 0);
	assert_int_equal(infracost_estimate_render(&b, NULL, loaded, INFRACOST_FORMAT_TABLE), 0);
	assert_string_equal(a, b);
	infracost_free(a);
	infracost_free(b);
	infracost_estimate_free(loaded);
	infracost_estimate_free(computed);
	infracost_spec_free(spec);
	infracost_catalog_free(cat);
}

/* The diff of the two committed estimate files (so the prices of the
 * snapshot cannot move it) against golden files in every text format.
 * INFRACOST_RECORD=1 rewrites them (review before committing). */
static void test_golden(void **state)
{
	static const struct {
		infracost_format format;
		const char *file;
	} golden[] = {{INFRACOST_FORMAT_TABLE, "webshop.diff.txt"},
		      {INFRACOST_FORMAT_JSON, "webshop.diff.json"},
		      {INFRACOST_FORMAT_MARKDOWN, "webshop.diff.md"}};
	infracost_estimate *e1 = NULL, *e2 = NULL;
	infracost_diff *d = NULL;
	(void)state;
	assert_int_equal(infracost_estimate_load_json_file(&e1, DIFF_DIR "webshop.estimate.json"),
			 0);
	assert_int_equal(
		infracost_estimate_load_json_file(&e2, DIFF_DIR "webshop-v2.estimate.json"), 0);
	assert_int_equal(infracost_diff_compute(&d, e1, e2), 0);
	for (size_t i = 0; i < sizeof(golden) / sizeof(golden[0]); i++)
		check_golden(d, golden[i].format, golden[i].file);
	/* the HTML page: a group of two bars per environment, a row per changed
	 * line item (the browser test, tests/html_check.py, opens it) */
	{
		char *text = NULL;
		size_t groups = 0, rows = 0, lines = 0;
		assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_HTML), 0);
		for (const char *p = text; (p = strstr(p, "<g class=\"bar-group\"")); p++)
			groups++;
		for (const char *p = text; (p = strstr(p, "<tr class=\"item ")); p++)
			rows++;
		for (size_t e = 0; e < infracost_diff_environment_count(d); e++)
			for (size_t s = 0; s < infracost_diff_environment(d, e)->service_count;
			     s++) {
				const infracost_diff_service *sv =
					&infracost_diff_environment(d, e)->services[s];
				for (size_t i = 0; i < sv->line_count; i++)
					lines += sv->lines[i].status != INFRACOST_DIFF_SAME;
			}
		assert_int_equal(groups, 3);
		assert_int_equal(lines, 10);
		assert_int_equal(rows, lines);
		assert_non_null(strstr(text, "data-side=\"before\""));
		assert_non_null(strstr(text, "<td>queue-worker</td><td>added</td>"));
		infracost_free(text);
	}
	infracost_diff_free(d);
	infracost_estimate_free(e1);
	infracost_estimate_free(e2);
}

static const char *BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,source\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,test\n"
	"aws,ec2,r1,m.xlarge,on_demand,hour,0.2,,0,4,16,test\n"
	"aws,ec2,r1,m.large,spot,hour,0.03,,,,,\n"
	"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,,,,\n";

static infracost_estimate *priced(const infracost_catalog *cat, const char *services)
{
	char spec[4096];
	snprintf(spec, sizeof(spec),
		 "{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		 " \"environments\": { \"e\": {} }, \"services\": [ %s ] }",
		 services);
	return estimate_of(spec, cat);
}

/* Lines are matched by component, purchase and SKU, then by component and
 * purchase (an instance type changed); a new purchase option is a line
 * added. Identical inputs: an empty diff in every format. */
static void test_matching_and_empty(void **state)
{
	infracost_catalog *cat = catalog_from(BOOK);
	infracost_estimate *a = priced(cat, "{ \"name\": \"v\", \"type\": \"vm\", "
					    "\"instance_type\": \"m.large\", \"replicas\": 2 }"),
			   *b = priced(cat, "{ \"name\": \"v\", \"type\": \"vm\", "
					    "\"instance_type\": \"m.xlarge\", \"replicas\": 2 }"),
			   *c = priced(cat, "{ \"name\": \"v\", \"type\": \"vm\", "
					    "\"instance_type\": \"m.large\", \"replicas\": 2,"
					    " \"purchase\": { \"spot\": 0.5 } }");
	infracost_diff *d = NULL;
	const infracost_diff_line *l;
	char *text = NULL;
	(void)state;

	assert_int_equal(infracost_diff_compute(&d, a, b), 0);
	l = &infracost_diff_environment(d, 0)->services[0].lines[0];
	assert_int_equal(infracost_diff_environment(d, 0)->services[0].line_count, 1);
	assert_int_equal(l->status, INFRACOST_DIFF_CHANGED);
	assert_string_equal(l->sku_before, "m.large");
	assert_string_equal(l->sku_after, "m.xlarge");
	/* 2 x 730 x 0.1 = 146 -> 292 */
	assert_money(l->monthly_before, 146);
	assert_money(l->monthly_after, 292);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "compute on_demand m.large -> m.xlarge"));
	assert_non_null(strstr(text, "+146.00"));
	assert_non_null(strstr(text, "+100.0%"));
	infracost_free(text);
	infracost_diff_free(d);

	/* half on spot: on demand 73, spot 1460 x 0.5 x 0.03 = 21.9, added */
	assert_int_equal(infracost_diff_compute(&d, a, c), 0);
	{
		const infracost_diff_service *s = &infracost_diff_environment(d, 0)->services[0];
		int spot = 0;
		for (size_t i = 0; i < s->line_count; i++)
			if (strcmp(s->lines[i].purchase, "spot") == 0) {
				spot++;
				assert_int_equal(s->lines[i].status, INFRACOST_DIFF_ADDED);
				assert_money(s->lines[i].monthly_after, 21.9);
			} else {
				assert_int_equal(s->lines[i].status, INFRACOST_DIFF_CHANGED);
				assert_money(s->lines[i].monthly_after, 73);
			}
		assert_int_equal(spot, 1);
	}
	infracost_diff_free(d);

	/* identical: empty, exit 0 in the CLI (test_cli) */
	assert_int_equal(infracost_diff_compute(&d, a, a), 0);
	assert_int_equal(infracost_diff_change_count(d), 0);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_JSON), 0);
	assert_non_null(strstr(text, "\"changed\": false"));
	assert_non_null(strstr(text, "\"environments\": [],"));
	infracost_free(text);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_MARKDOWN), 0);
	assert_non_null(strstr(text, "No cost changes"));
	assert_null(strstr(text, "<details>"));
	infracost_free(text);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_CSV),
			 INFRACOST_EUNSUPPORTED);
	assert_null(text);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_HTML), 0);
	assert_non_null(strstr(text, "No cost changes"));
	assert_null(strstr(text, "<tr class=\"item"));
	infracost_free(text);
	text = NULL;
	assert_null(text);
	infracost_diff_free(d);
	infracost_estimate_free(a);
	infracost_estimate_free(b);
	infracost_estimate_free(c);
	infracost_catalog_free(cat);
}

/* Out of memory at every allocation of reading an estimate back, a
 * budgeted estimate, the diff and every rendering: INFRACOST_ENOMEM, no
 * leak (ASan, valgrind), until all succeed. */
static void test_out_of_memory(void **state)
{
	infracost_catalog *cat = catalog_from(BOOK);
	const char *spec_text =
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"environments\": { \"e\": {}, \"f\": {} }, \"budgets\": { \"e\": 1, \"total\": "
		"{ \"max\": 2, \"upfront\": 0 } },"
		" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
		"\"m.large\", \"replicas\": { \"min\": 1, \"max\": 3 }, \"disk_gb\": 10 },"
		" { \"name\": \"w\", \"type\": \"vm\", \"instance_type\": \"m.xlarge\", "
		"\"replicas\": 1,"
		" \"environments\": [ \"f\" ] } ] }";
	infracost_estimate *base = priced(cat, "{ \"name\": \"v\", \"type\": \"vm\", "
					       "\"instance_type\": \"m.large\", \"replicas\": 2 }");
	char *json = NULL;
	size_t len = 0;
	int done = 0;
	unsigned long n;
	(void)state;
	{
		infracost_spec *spec = spec_from(spec_text);
		infracost_estimate *est = NULL;
		assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
		assert_int_equal(infracost_estimate_render(&json, &len, est, INFRACOST_FORMAT_JSON),
				 0);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
	for (n = 1; n < 100000 && !done; n++) {
		infracost_spec *spec = NULL;
		infracost_estimate *est = NULL, *loaded = NULL;
		infracost_diff *d = NULL;
		int rc, fails = 0;
		infracost__alloc_fail_after(n);
		rc = infracost_spec_load_string(&spec, spec_text, strlen(spec_text), "s.json");
		if (!rc)
			rc = infracost_estimate_compute(&est, spec, cat, NULL);
		for (int f = 0; !rc && f < 5; f++) {
			char *text = NULL;
			rc = infracost_estimate_render(&text, NULL, est, (infracost_format)f);
			infracost_free(text);
		}
		if (!rc)
			rc = infracost_estimate_load_json(&loaded, json, len, "e.json");
		if (!rc)
			rc = infracost_diff_compute(&d, base, loaded);
		for (int f = 0; !rc && f < 5; f++) {
			char *text = NULL;
			if (f == INFRACOST_FORMAT_CSV)
				continue;
			rc = infracost_diff_render(&text, NULL, d, (infracost_format)f);
			infracost_free(text);
		}
		fails = (int)infracost__alloc_fail_after(0);
		(void)fails;
		if (rc)
			assert_int_equal(rc, INFRACOST_ENOMEM);
		else
			done = 1;
		infracost_diff_free(d);
		infracost_estimate_free(loaded);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
	assert_true(done);
	assert_true(n > 50);
	infracost_free(json);
	infracost_estimate_free(base);
	infracost_catalog_free(cat);
}

/* Names reach a terminal and a pull-request comment inert: control
 * characters escaped visibly, Markdown and HTML markup escaped. */
static void test_escaping(void **state)
{
	const char *before =
		"{ \"name\": \"a\", \"environments\": [ { \"name\": \"e\", \"monthly\": { \"min\": "
		"1, \"expected\": 1, \"max\": 1 }, \"services\": [] } ], \"total\": { \"monthly\": "
		"{ \"min\": 1, \"expected\": 1, \"max\": 1 } } }";
	const char *after =
		"{ \"name\": \"b\\u001b[31m\", \"environments\": [ { \"name\": \"e\", \"monthly\": "
		"{ \"min\": 3, \"expected\": 3, \"max\": 3 }, \"services\": [ { \"name\": "
		"\"x|<details>*y*\\n\", \"type\": \"custom\", \"monthly\": { \"min\": 2, "
		"\"expected\": 2, \"max\": 2 }, \"line_items\": [] } ] } ], \"total\": { "
		"\"monthly\": { \"min\": 3, \"expected\": 3, \"max\": 3 } } }";
	infracost_estimate *a = NULL, *b = NULL;
	infracost_diff *d = NULL;
	char *text = NULL;
	(void)state;
	assert_int_equal(infracost_estimate_load_json(&a, before, strlen(before), NULL), 0);
	assert_int_equal(infracost_estimate_load_json(&b, after, strlen(after), NULL), 0);
	assert_int_equal(infracost_diff_compute(&d, a, b), 0);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_TABLE), 0);
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "b\\x1b[31m"));
	assert_non_null(strstr(text, "x|<details>*y*\\n (added)"));
	infracost_free(text);
	assert_int_equal(infracost_diff_render(&text, NULL, d, INFRACOST_FORMAT_MARKDOWN), 0);
	assert_non_null(strstr(text, "x\\|\\<details\\>\\*y\\*\\\\n"));
	assert_null(strstr(text, "<details>*"));
	infracost_free(text);
	infracost_diff_free(d);
	infracost_estimate_free(a);
	infracost_estimate_free(b);
}

/* A text that is not an estimate is refused at its place. */
static void test_not_an_estimate(void **state)
{
	static const struct {
		const char *json, *message;
	} cases[] = {
		{"[]", "x.json:1:1: $: not an infra-cost estimate: expected a JSON object at the "
		       "top, got an array"},
		{"{ \"services\": [] }",
		 "x.json:1:15: services: not an infra-cost estimate: this is a spec (it has "
		 "'services'), not an estimate"},
		{"{ \"environments\": {} }",
		 "x.json:1:19: environments: not an infra-cost estimate: expected an array, got an "
		 "object"},
		{"{ \"environments\": [ { \"name\": \"e\", \"monthly\": { \"min\": 1, "
		 "\"expected\": "
		 "\"1\", \"max\": 1 }, \"services\": [] } ], \"total\": {} }",
		 "x.json:1:71: environments[0].monthly.expected: not an infra-cost estimate: "
		 "expected a number, got a string"},
		{"{ \"environments\": [] }",
		 "x.json:1:1: not an infra-cost estimate: required key 'total' is missing"},
		{"{ \"environments\": [], \"total\": { \"monthly\": { \"min\": 0, \"expected\": 0, "
		 "\"max\": 0 } }, \"budgets\": [ { \"scope\": \"total\", \"metric\": "
		 "\"\\u001b[2J\", \"limit\": 1, \"value\": 2 } ] }",
		 "x.json:1:129: budgets[0].metric: not an infra-cost estimate: expected "
		 "\"expected\", "
		 "\"max\" or \"upfront\""},
		{"{ \"environments\": [", NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		infracost_estimate *e = NULL;
		int rc = infracost_estimate_load_json(&e, cases[i].json, strlen(cases[i].json),
						      "x.json");
		assert_null(e);
		if (!cases[i].message) {
			assert_int_equal(rc, INFRACOST_EPARSE);
			continue;
		}
		assert_int_equal(rc, INFRACOST_EINVALID);
		assert_string_equal(infracost_error_last()->message, cases[i].message);
	}
	/* which files are estimates */
	assert_int_equal(infracost_file_is_estimate_json(DIFF_DIR "webshop.estimate.json"), 1);
	assert_int_equal(infracost_file_is_estimate_json(DIFF_DIR "webshop-v2.json"), 0);
	assert_int_equal(infracost_file_is_estimate_json(DIFF_DIR "nonexistent.json"),
			 INFRACOST_EIO);
	assert_int_equal(infracost_file_type_of(DIFF_DIR "webshop.estimate.json"),
			 INFRACOST_FILE_ESTIMATE);
	assert_int_equal(infracost_file_type_of(DIFF_DIR "webshop-v2.json"), INFRACOST_FILE_SPEC);
	assert_int_equal(infracost_file_type_of(DIFF_DIR "plan-v2.json"),
			 INFRACOST_FILE_TERRAFORM_PLAN);
	assert_int_equal(infracost_file_is_estimate_json(DIFF_DIR "plan-v2.json"), 0);
	assert_int_equal(infracost_file_type_of(SOURCE_DIR "/examples/webshop.yaml"),
			 INFRACOST_FILE_SPEC);
	assert_int_equal(infracost_file_type_of(DIFF_DIR "nonexistent.json"), INFRACOST_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_designs_to_the_cent),
		cmocka_unit_test(test_estimate_json_round_trip),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_terraform_plans),
		cmocka_unit_test(test_matching_and_empty),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_not_an_estimate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
