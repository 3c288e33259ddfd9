/* test_recommend.c - the recommended purchase mix against brute force (every
 * reserved count, term and payment priced by the estimate), break-even
 * utilisation by hand, the spot share under a risk budget, right-sizing. */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,source\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,test\n"
	"aws,ec2,r1,m.large,spot,hour,0.03,,,,,\n"
	"aws,ec2,r1,m.large,reserved_1yr_no_upfront,hour,0.06,,,,,\n"
	"aws,ec2,r1,m.large,reserved_1yr_partial_upfront,hour,0.03,240,,,,\n"
	"aws,ec2,r1,m.large,reserved_3yr_all_upfront,hour,0,1080,,,,\n"
	"aws,ec2,r1,m.xlarge,on_demand,hour,0.2,,,4,16,\n"
	"aws,fargate,r1,vcpu:x86_64,on_demand,hour,0.04,,,,,\n"
	"aws,fargate,r1,memory:x86_64,on_demand,hour,0.004,,,,,\n"
	"aws,fargate,r1,vcpu:x86_64,spot,hour,0.012,,,,,\n"
	"aws,fargate,r1,memory:x86_64,spot,hour,0.0012,,,,,\n"
	"aws,rds,r1,postgresql:db.s:single_az,on_demand,hour,0.02,,,,,\n";

static infracost_catalog *cat;

static int setup(void **state)
{
	(void)state;
	cat = catalog_from(BOOK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	infracost_catalog_free(cat);
	return 0;
}

/* A vm on a daily spike: 2 replicas 20 hours a day, 9 for 4 hours. */
static const char *VM =
	"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
	" \"environments\": { \"e\": { \"hours_per_month\": %g } },"
	" \"workloads\": { \"w\": { \"pattern\": \"daily_spike\", \"baseline\": 200,"
	" \"peak\": 900, \"peak_hours\": %g } },"
	" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
	"\"m.large\", \"replicas\": { \"min\": 2, \"max\": 12 },"
	" \"autoscaling\": { \"workload\": \"w\", \"capacity_per_replica\": 100,"
	" \"target_utilization\": 1 }, \"purchase\": %s } ] }";

static double monthly_with(double hours, double peak_hours, const char *purchase)
{
	char buf[4096];
	infracost_estimate *est;
	double m;
	snprintf(buf, sizeof(buf), VM, hours, peak_hours, purchase);
	est = estimate_of(buf, cat);
	m = infracost_estimate_total(est).expected;
	infracost_estimate_free(est);
	return m;
}

static infracost_recommendation *recommend(const char *json, double budget)
{
	infracost_recommend_options o = INFRACOST_RECOMMEND_OPTIONS_INIT;
	infracost_recommendation *rec = NULL;
	infracost_spec *spec = spec_from(json);
	o.spot_risk_budget = budget;
	assert_int_equal(infracost_recommend(&rec, spec, cat, &o), 0);
	infracost_spec_free(spec);
	return rec;
}

static void test_reserved_count_is_exact(void **state)
{
	static const char *const options[] = {"\"term\": \"1yr\", \"payment\": \"no_upfront\"",
					      "\"term\": \"1yr\", \"payment\": \"partial_upfront\"",
					      "\"term\": \"3yr\", \"payment\": \"all_upfront\""};
	/* environments of several lengths and spikes move the optimum */
	static const double cases[][2] = {{730, 4}, {730, 12}, {730, 20}, {260, 4}, {400, 16}};
	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char buf[4096], p[256];
		double best = monthly_with(cases[k][0], cases[k][1], "{}");
		const infracost_advice *a;
		infracost_recommendation *rec;
		snprintf(buf, sizeof(buf), VM, cases[k][0], cases[k][1], "{}");
		/* no spot in the brute force: a zero budget keeps it out */
		rec = recommend(buf, 0);
		assert_int_equal(infracost_recommendation_count(rec), 1);
		a = infracost_recommendation_get(rec, 0);
		assert_money(a->monthly_before, best);
		/* brute force: every count 1..12 under every offered term */
		for (size_t o = 0; o < 3; o++)
			for (int r = 1; r <= 12; r++) {
				double m;
				snprintf(p, sizeof(p), "{ \"reserved\": { \"count\": %d, %s } }", r,
					 options[o]);
				m = monthly_with(cases[k][0], cases[k][1], p);
				assert_true(a->monthly_after <= m + 1e-9);
				if (m < best)
					best = m;
			}
		assert_money(a->monthly_after, best);
		/* and the recommendation, priced by the estimate, costs that */
		if (a->recommended.reserved > 0) {
			snprintf(
				p, sizeof(p),
				"{ \"reserved\": { \"count\": %g, \"term\": \"%dyr\", \"payment\": "
				"\"%s\" } }",
				a->recommended.reserved, a->recommended.term_months / 12,
				a->recommended.payment);
			assert_money(monthly_with(cases[k][0], cases[k][1], p), a->monthly_after);
		}
		assert_string_equal(a->recommended.instance_type, "m.large");
		/* the best rate: 3yr all upfront, 1080 / 36 = 30 a month against
		 * 73 on demand */
		assert_money(a->break_even_utilization, 30.0 / 73);
		infracost_recommendation_free(rec);
	}
}

static void test_full_month_reserves_the_baseline(void **state)
{
	char buf[4096];
	const infracost_advice *a;
	infracost_recommendation *rec;
	(void)state;
	/* 730 h with a 4-hour spike: the 2 baseline replicas run all month
	 * (a reserved 3yr unit costs 30 against 73); the spike replicas run a
	 * sixth of it (12.2 on demand): exactly 2 reserved */
	snprintf(buf, sizeof(buf), VM, 730.0, 4.0, "{}");
	rec = recommend(buf, 0);
	a = infracost_recommendation_get(rec, 0);
	assert_money(a->recommended.reserved, 2);
	assert_int_equal(a->recommended.term_months, 36);
	assert_string_equal(a->recommended.payment, "all_upfront");
	assert_money(a->upfront, 2160);
	assert_string_equal(a->current.payment, "no_upfront");
	assert_money(a->current.reserved, 0);
	infracost_recommendation_free(rec);
}

static void test_spot_share_within_budget(void **state)
{
	char *text = NULL;
	const infracost_advice *a;
	infracost_recommendation *rec = recommend(
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"services\": [ { \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, "
		"\"memory_gb\": 2, \"replicas\": 4, \"purchase\": { \"spot\": 0.5, "
		"\"interruption_rate\": 0.1 } },"
		" { \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\", "
		"\"instance_type\": \"db.s\" } ] }",
		0.02);
	(void)state;
	assert_int_equal(infracost_recommendation_count(rec), 2);
	a = infracost_recommendation_get(rec, 0);
	/* 2 % of capacity at risk at a 10 % interruption rate: 20 % on spot */
	assert_money(a->recommended.spot, 0.2);
	assert_money(a->spot_capacity_at_risk, 0.02);
	assert_money(a->current.spot, 0.5);
	assert_int_equal(infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE),
			 0);
	assert_non_null(strstr(text, "spot share lowered from 50% to 20%"));
	infracost_free(text);
	/* 4 x 730 h x (0.8 x 0.048 + 0.2 x 0.0144) */
	assert_money(a->monthly_after, 2920 * (0.8 * 0.048 + 0.2 * 0.0144));
	assert_true(isnan(a->break_even_utilization)); /* no reservation for containers */
	assert_string_equal(a->recommended.instance_type, "");
	a = infracost_recommendation_get(rec, 1);
	assert_string_equal(a->type, "database");
	assert_true(isnan(a->spot_capacity_at_risk));
	assert_true(isnan(a->break_even_utilization)); /* no reserved rows for db.s */
	assert_money(a->monthly_after, a->monthly_before);
	infracost_recommendation_free(rec);
}

static void test_cheaper_type_meeting_needs(void **state)
{
	char *text = NULL;
	json_t *root, *first;
	json_error_t err;
	const infracost_advice *a;
	infracost_recommendation *rec = recommend(
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
		"\"m.xlarge\", \"needs\": { \"vcpu\": 2, \"memory_gb\": 4 }, \"replicas\": 1 } ] }",
		0);
	(void)state;
	a = infracost_recommendation_get(rec, 0);
	assert_string_equal(a->current.instance_type, "m.xlarge");
	assert_money(a->monthly_before, 146);
	assert_string_equal(a->cheaper_instance_type, "m.large");
	/* m.large reserved 3yr all upfront, as recommended for m.xlarge's
	 * (no reservation offered) mix: on demand 73 */
	assert_money(a->cheaper_monthly, 73);
	assert_true(isnan(a->break_even_utilization));

	assert_int_equal(infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_JSON),
			 0);
	root = json_loads(text, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_array_size(root), 1);
	first = json_array_get(root, 0);
	assert_string_equal(json_string_value(json_object_get(first, "environment")), "default");
	assert_string_equal(json_string_value(json_object_get(first, "service")), "v");
	assert_non_null(json_object_get(first, "current"));
	assert_non_null(json_object_get(first, "recommended"));
	assert_money(json_number_value(json_object_get(first, "monthly_before")), 146);
	assert_money(json_number_value(json_object_get(first, "monthly_after")), 146);
	assert_money(json_number_value(json_object_get(first, "upfront")), 0);
	assert_string_equal(json_string_value(json_object_get(first, "cheaper_instance_type")),
			    "m.large");
	json_decref(root);
	infracost_free(text);
	assert_int_equal(infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE),
			 0);
	assert_non_null(strstr(text, "cheaper type meeting the needs: m.large (73.00/month)"));
	infracost_free(text);
	infracost_recommendation_free(rec);
}

/* Many services with a cheaper type, then one without: the advice array
 * grows (moves) after the cheaper types are found. Each keeps its own
 * (found by fuzzing: a pointer into the array's old place was read). */
static void test_cheaper_types_of_many_services(void **state)
{
	char spec[8192];
	size_t used = 0, n;
	infracost_recommendation *rec;
	(void)state;
	used += (size_t)snprintf(spec + used, sizeof(spec) - used,
				 "{ \"name\": \"t\", \"provider\": \"aws\", \"region\": "
				 "\"r1\", \"services\": [");
	for (int i = 0; i < 40; i++)
		used += (size_t)snprintf(spec + used, sizeof(spec) - used,
					 "%s{ \"name\": \"v%d\", \"type\": \"vm\", "
					 "\"instance_type\": \"m.xlarge\", \"needs\": { \"vcpu\": "
					 "2, \"memory_gb\": 4 }, \"replicas\": 1 }",
					 i ? ", " : "", i);
	snprintf(spec + used, sizeof(spec) - used,
		 ", { \"name\": \"last\", \"type\": \"vm\", \"instance_type\": "
		 "\"m.large\", \"replicas\": 1 } ] }");
	rec = recommend(spec, 0);
	n = infracost_recommendation_count(rec);
	assert_int_equal(n, 41);
	for (size_t i = 0; i < n; i++) {
		const infracost_advice *a = infracost_recommendation_get(rec, i);
		assert_string_equal(a->cheaper_instance_type, i < 40 ? "m.large" : "");
		assert_string_equal(a->current.instance_type, i < 40 ? "m.xlarge" : "m.large");
	}
	infracost_recommendation_free(rec);
}

static void test_errors(void **state)
{
	infracost_recommend_options o = INFRACOST_RECOMMEND_OPTIONS_INIT;
	infracost_recommendation *rec = NULL;
	infracost_spec *spec = spec_from(
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": "
		"\"r1\", \"services\": [ { \"name\": \"v\", \"type\": "
		"\"vm\", \"instance_type\": \"m.huge\", \"replicas\": 1 } ] }");
	const char *names[] = {"qa"};
	(void)state;
	assert_int_equal(infracost_recommend(&rec, spec, cat, &o), INFRACOST_ENOTFOUND);
	assert_null(rec);
	assert_non_null(strstr(infracost_error_last()->message, "m.huge"));
	o.spot_risk_budget = 2;
	assert_int_equal(infracost_recommend(&rec, spec, cat, &o), INFRACOST_EINVALID);
	o.spot_risk_budget = 0.02;
	o.environments = names;
	o.environment_count = 1;
	assert_int_equal(infracost_recommend(&rec, spec, cat, &o), INFRACOST_EINVALID);
	infracost_spec_free(spec);
	infracost_recommendation_free(NULL);
	assert_null(infracost_recommendation_get(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reserved_count_is_exact),
		cmocka_unit_test(test_full_month_reserves_the_baseline),
		cmocka_unit_test(test_spot_share_within_budget),
		cmocka_unit_test(test_cheaper_type_meeting_needs),
		cmocka_unit_test(test_cheaper_types_of_many_services),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
