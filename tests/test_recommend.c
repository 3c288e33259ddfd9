/* test_recommend.c - the recommended purchase mix against brute force (every
 * reserved count, term and payment priced by the estimate), break-even
 * utilisation by hand, the spot share under a risk budget, right-sizing. */
#include "helpers.h"

#include "estimate.h"
#include "model.h"
#include "service_type.h"

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

/* A spec with no type that has a purchase choice (lib/services: reserved or
 * spot capability) gets no advice, and the table names those types. */
static void test_nothing_to_advise(void **state)
{
	infracost_recommendation *rec = recommend(
		"{ \"provider\": \"aws\", \"region\": \"r1\", \"services\": ["
		" { \"name\": \"c\", \"type\": \"custom\", \"items\": [] } ] }",
		0.05);
	char *text = NULL;
	(void)state;
	assert_int_equal(infracost_recommendation_count(rec), 0);
	assert_int_equal(infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE),
			 0);
	assert_string_equal(text, "no vm, container, database or cache services\n");
	infracost_free(text);
	infracost_recommendation_free(rec);
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

/* ---- the search against brute force ------------------------------------ */

/* The search as it was: every reserved count 1..units under every term and
 * payment offered and every spot share, priced by the estimate; ties keep
 * the first (the smaller commitment, then no spot). */
struct pick {
	double reserved, spot, monthly;
	int term, payment;
};

static int alone(const infracost_spec *spec, size_t e, size_t s, const struct svc_env *se,
		 double *monthly)
{
	struct infracost__alone a;
	int rc = infracost__price_alone(&a, spec, cat, e, s, se, 0);
	*monthly = a.monthly;
	return rc;
}

static struct pick brute_force(const infracost_spec *spec, size_t e, size_t s, double share)
{
	const struct service *svc = &spec->services[s];
	const struct svc_env *se = svc->envs[e];
	struct svc_env t = *se;
	double shares[2] = {0, share}, m, units;
	size_t nshares = strcmp(svc->type->name, "vm") == 0 && share > 0 ? 2 : 1;
	struct pick best = {0, 0, 0, se->term_months, se->payment};

	units = strcmp(svc->type->name, "database") == 0
			? infracost__svc_value(svc, se, "count")->num
		: strcmp(svc->type->name, "cache") == 0
			? infracost__svc_value(svc, se, "nodes")->num
			: ceil(se->rmax);
	t.reserved = 0;
	t.spot = 0;
	assert_int_equal(alone(spec, e, s, &t, &best.monthly), 0);
	if (nshares == 2) {
		t.spot = share;
		if (alone(spec, e, s, &t, &m) == 0 && m < best.monthly - 1e-9) {
			best.spot = share;
			best.monthly = m;
		}
	}
	for (int term = 12; term <= 36; term += 24)
		for (int pay = 0; pay < 3; pay++) {
			t = *se;
			t.spot = 0;
			t.term_months = (unsigned char)term;
			t.payment = (unsigned char)pay;
			t.reserved = 1;
			if (alone(spec, e, s, &t, &m) != 0)
				continue; /* not offered */
			for (double r = 1; r <= units; r++)
				for (size_t k = 0; k < nshares; k++) {
					t.reserved = r;
					t.spot = shares[k];
					assert_int_equal(alone(spec, e, s, &t, &m), 0);
					if (m < best.monthly - 1e-9) {
						best = (struct pick){r, shares[k], m, term, pay};
					}
				}
		}
	return best;
}

/* A fixed-seed generator of its own: the same cases on every libc. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static double uniform(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}
static int below(int n)
{
	return (int)(uniform() * n);
}

/* A price ladder: 1 to 4 tiers, each price up or down from the last. */
static size_t ladder(char *dst, size_t len, const char *key, double price, double span)
{
	int n = 1 + below(4);
	size_t used = 0;
	double start = 0;
	for (int i = 0; i < n; i++) {
		used += (size_t)snprintf(dst + used, len - used, "%s,%.6f,,%g,,,\n", key, price,
					 start);
		start += 1 + floor(uniform() * span);
		price *= 0.3 + 1.4 * uniform();
	}
	return used;
}

static const char *const terms[6] = {"reserved_1yr_no_upfront",      "reserved_1yr_partial_upfront",
				     "reserved_1yr_all_upfront",     "reserved_3yr_no_upfront",
				     "reserved_3yr_partial_upfront", "reserved_3yr_all_upfront"};

/* A random book of one vm type, one database and one cache node type:
 * tiered on-demand and spot ladders, some reserved terms. */
static void random_book(char *dst, size_t len)
{
	static const char *const keys[3] = {"aws,ec2,r1,m.a",
					    "aws,rds,r1,postgresql:db.a:single_az",
					    "aws,elasticache,r1,redis:c.a"};
	size_t used = (size_t)snprintf(dst, len,
				       "provider,service,region,sku,purchase,unit,price,"
				       "upfront,tier_start,vcpu,memory_gb,source\n");
	for (int k = 0; k < 3; k++) {
		char key[128];
		double od = 0.05 + uniform() * 0.2;
		snprintf(key, sizeof(key), "%s,on_demand,hour", keys[k]);
		used += ladder(dst + used, len - used, key, od, 4000);
		if (k == 0) {
			snprintf(key, sizeof(key), "%s,spot,hour", keys[k]);
			used += ladder(dst + used, len - used, key, od * (0.2 + 0.6 * uniform()),
				       3000);
		}
		/* a reservation costs about what on demand does (so that tiers
		 * move the best count), its upfront share set by the payment */
		for (int t = 0; t < 6; t++)
			if (below(2)) {
				double eff = od * (0.3 + 0.9 * uniform()), part = (t % 3) / 2.0;
				used += (size_t)snprintf(dst + used, len - used,
							 "%s,%s,hour,%.6f,%.4f,,,,\n", keys[k],
							 terms[t], eff * (1 - part),
							 eff * part * 730 * (t < 3 ? 12 : 36));
			}
	}
}

/* A random spec: a vm (workload of hourly levels, a spike, an average, or a
 * fixed count), a database and a cache, in an environment of random hours. */
static void random_spec(char *dst, size_t len, double *budget)
{
	size_t used = 0;
	int lo = below(4), hi = lo + below(10), kind = below(4);
	used += (size_t)snprintf(
		dst + used, len - used,
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"environments\": { \"e\": { \"hours_per_month\": %d } },"
		" \"workloads\": { \"h\": { \"pattern\": \"hourly\", \"values\": [",
		100 + below(631));
	for (int i = 0; i < 24; i++)
		used += (size_t)snprintf(dst + used, len - used, "%s%d", i ? ", " : "",
					 below(1200));
	used += (size_t)snprintf(dst + used, len - used,
				 "] }, \"s\": { \"pattern\": \"daily_spike\", \"baseline\": %d, "
				 "\"peak\": %d, \"peak_hours\": %d } },"
				 " \"services\": [ { \"name\": \"v\", \"type\": \"vm\", "
				 "\"instance_type\": \"m.a\", ",
				 below(400), 400 + below(800), below(24));
	if (kind == 0 || kind == 1)
		used += (size_t)snprintf(dst + used, len - used,
					 "\"replicas\": { \"min\": %d, \"max\": %d }, "
					 "\"autoscaling\": { \"workload\": \"%s\", "
					 "\"capacity_per_replica\": 100, \"target_utilization\": "
					 "%.2f }, ",
					 lo, hi, kind ? "s" : "h", 0.5 + uniform() / 2);
	else if (kind == 2)
		used += (size_t)snprintf(dst + used, len - used,
					 "\"replicas\": { \"min\": %d, \"max\": %d, \"average\": "
					 "%.3f }, ",
					 lo, hi, lo + uniform() * (hi - lo));
	else
		used += (size_t)snprintf(dst + used, len - used, "\"replicas\": %d, ", hi);
	if (below(2))
		used += (size_t)snprintf(dst + used, len - used,
					 "\"purchase\": { \"spot\": %.2f, \"interruption_rate\": "
					 "%.3f } }, ",
					 0.1 + uniform() * 0.9, uniform() * 0.2);
	else
		used += (size_t)snprintf(dst + used, len - used, "\"purchase\": {} }, ");
	snprintf(dst + used, len - used,
		 "{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\", "
		 "\"instance_type\": \"db.a\", \"count\": %d },"
		 " { \"name\": \"c\", \"type\": \"cache\", \"node_type\": \"c.a\", "
		 "\"nodes\": %d } ] }",
		 below(8), below(8));
	*budget = below(4) ? uniform() * 0.05 : 0;
}

static void test_search_matches_brute_force(void **state)
{
	static char book[16384], spec_text[8192];
	infracost_catalog *saved = cat;
	(void)state;
	rng_state = 0x9E3779B97F4A7C15ULL;
	for (int round = 0; round < 1000; round++) {
		infracost_recommend_options o = INFRACOST_RECOMMEND_OPTIONS_INIT;
		infracost_recommendation *rec = NULL;
		infracost_spec *spec;
		random_book(book, sizeof(book));
		cat = catalog_from(book);
		random_spec(spec_text, sizeof(spec_text), &o.spot_risk_budget);
		o.default_interruption_rate = uniform() * 0.2;
		spec = spec_from(spec_text);
		assert_int_equal(infracost_recommend(&rec, spec, cat, &o), 0);
		assert_int_equal(infracost_recommendation_count(rec), 3);
		for (size_t s = 0; s < 3; s++) {
			const infracost_advice *a = infracost_recommendation_get(rec, s);
			const struct svc_env *se = spec->services[s].envs[0];
			double rate = se->spot > 0 && se->interruption_rate >= 0
					      ? se->interruption_rate
					      : o.default_interruption_rate;
			struct pick want = brute_force(
				spec, 0, s, rate > 0 ? fmin(1, o.spot_risk_budget / rate) : 1);
			if (a->recommended.reserved != want.reserved)
				print_message("round %d service %zu: book\n%s\nspec %s\n", round, s,
					      book, spec_text);
			assert_money(a->monthly_after, want.monthly);
			assert_money(a->recommended.reserved, want.reserved);
			assert_money(a->recommended.spot, want.spot);
			if (want.reserved > 0) {
				assert_int_equal(a->recommended.term_months, want.term);
				assert_string_equal(a->recommended.payment,
						    terms[want.payment] + strlen("reserved_1yr_"));
			}
		}
		infracost_recommendation_free(rec);
		infracost_spec_free(spec);
		infracost_catalog_free(cat);
	}
	cat = saved;
}

/* A range of 1 to 1e9 replicas: the search prices a few dozen counts, not
 * every one (it took hours). A daily spike of 3e8 to 9e8 replicas, 4 hours
 * a day: the 3e8 baseline replicas run all month (a reserved 3yr unit costs
 * 30 against 73 on demand), the spike's a sixth of it (12.2 on demand). */
static void test_billion_replicas(void **state)
{
	const infracost_advice *a;
	infracost_recommendation *rec = recommend(
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"workloads\": { \"w\": { \"pattern\": \"daily_spike\", \"baseline\": 3e8,"
		" \"peak\": 9e8, \"peak_hours\": 4 } },"
		" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
		"\"m.large\", \"replicas\": { \"min\": 1, \"max\": 1e9 },"
		" \"autoscaling\": { \"workload\": \"w\", \"capacity_per_replica\": 1,"
		" \"target_utilization\": 1 } } ] }",
		0);
	(void)state;
	a = infracost_recommendation_get(rec, 0);
	assert_money(a->recommended.reserved, 3e8);
	assert_int_equal(a->recommended.term_months, 36);
	assert_string_equal(a->recommended.payment, "all_upfront");
	assert_money(a->monthly_after, 3e8 * 30 + 6e8 * 0.1 * 730 * 4 / 24);
	assert_money(a->upfront, 3e8 * 1080);
	infracost_recommendation_free(rec);
}

/* When the catalog has no reserved (or spot) row for a service, the advice
 * says so instead of "no reservation" (which reads as "reserving does not
 * pay"); a type without the purchase says nothing. */
static void test_catalog_without_reserved_or_spot_rows(void **state)
{
	char *text = NULL, *json = NULL;
	const infracost_advice *a;
	infracost_recommendation *rec = recommend(
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"services\": ["
		" { \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\", "
		"\"instance_type\": \"db.s\" },"
		" { \"name\": \"x\", \"type\": \"vm\", \"instance_type\": \"m.xlarge\", "
		"\"replicas\": 2 },"
		" { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\", "
		"\"replicas\": 2 },"
		" { \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2 } ] }",
		0.02);
	(void)state;
	assert_int_equal(infracost_recommendation_count(rec), 4);
	a = infracost_recommendation_get(rec, 0); /* db.s: no reserved row */
	assert_int_equal(a->reserved_offered, 0);
	assert_int_equal(a->spot_offered, -1);
	assert_true(isnan(a->spot_risk_budget));
	a = infracost_recommendation_get(rec, 1); /* m.xlarge: neither */
	assert_int_equal(a->reserved_offered, 0);
	assert_int_equal(a->spot_offered, 0);
	assert_money(a->recommended.spot, 0);
	assert_money(a->monthly_after, a->monthly_before);
	a = infracost_recommendation_get(rec, 2); /* m.large: both */
	assert_int_equal(a->reserved_offered, 1);
	assert_int_equal(a->spot_offered, 1);
	a = infracost_recommendation_get(rec, 3); /* a container has no reservation */
	assert_int_equal(a->reserved_offered, -1);
	assert_int_equal(a->spot_offered, 1);
	assert_money(a->spot_risk_budget, 0.02);
	assert_int_equal(infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE),
			 0);
	assert_non_null(strstr(text,
			       "default/d (database)\n"
			       "  now:         db.s no reservation: 14.60/month\n"
			       "  recommended: db.s on demand: 14.60/month\n"
			       "  reserved: the catalog has no reserved price for it (no term or "
			       "payment), so reserving was not compared\n"
			       "default/x (vm)\n"));
	assert_non_null(strstr(text,
			       "default/x (vm)\n"
			       "  now:         m.xlarge no reservation: 292.00/month\n"
			       "  recommended: m.xlarge on demand: 292.00/month\n"
			       "  reserved: the catalog has no reserved price for it (no term or "
			       "payment), so reserving was not compared\n"
			       "  spot: the catalog has no spot price for it, so spot was not "
			       "compared\n"
			       "default/v (vm)\n"));
	/* where reserving was priced and does not pay, or for a container: as before */
	assert_null(strstr(strstr(text, "default/v (vm)"), "the catalog has no"));
	assert_non_null(strstr(text, "default/c (container)\n  now:         no reservation: "));
	assert_int_equal(infracost_recommendation_render(&json, NULL, rec, INFRACOST_FORMAT_JSON),
			 0);
	assert_non_null(strstr(json, "\"reserved_offered\": false, \"spot_offered\": null, "
				     "\"spot_risk_budget\": null }"));
	assert_non_null(strstr(json, "\"reserved_offered\": false, \"spot_offered\": false, "
				     "\"spot_risk_budget\": 0.02 }"));
	assert_non_null(strstr(json, "\"reserved_offered\": true, \"spot_offered\": true, "
				     "\"spot_risk_budget\": 0.02 }"));
	assert_non_null(strstr(json, "\"reserved_offered\": null, \"spot_offered\": true, "
				     "\"spot_risk_budget\": 0.02 }"));
	infracost_free(json);
	infracost_free(text);
	infracost_recommendation_free(rec);
	/* a budget of 0 still tells whether spot is priced */
	rec = recommend(
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"services\": ["
		" { \"name\": \"x\", \"type\": \"vm\", \"instance_type\": \"m.xlarge\" },"
		" { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\" } ] }",
		0);
	assert_int_equal(infracost_recommendation_get(rec, 0)->spot_offered, 0);
	assert_int_equal(infracost_recommendation_get(rec, 1)->spot_offered, 1);
	assert_money(infracost_recommendation_get(rec, 1)->recommended.spot, 0);
	infracost_recommendation_free(rec);
}

/* A worker that tolerates interruptions keeps its 100 % spot: its own
 * purchase.spot_risk_budget (per environment, as purchase is), or the
 * keep_spot option; otherwise the budget lowers it (2 % at 5 %: 40 %). */
static void test_spot_risk_budget_per_service(void **state)
{
	static const char *SPEC =
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"environments\": { \"e1\": {}, \"e2\": {} },"
		" \"services\": ["
		" { \"name\": \"worker\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2,"
		" \"replicas\": 4, \"purchase\": { \"spot\": 1, \"spot_risk_budget\": 1 },"
		" \"overrides\": { \"e2\": { \"purchase\": { \"spot\": 1 } } } },"
		" { \"name\": \"api\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2,"
		" \"replicas\": 4, \"purchase\": { \"spot\": 1 } } ] }";
	infracost_recommend_options o = INFRACOST_RECOMMEND_OPTIONS_INIT;
	infracost_recommendation *rec = recommend(SPEC, 0.02);
	infracost_spec *spec;
	const infracost_advice *a;
	char *text = NULL;
	(void)state;
	assert_int_equal(infracost_recommendation_count(rec), 4);
	a = infracost_recommendation_get(rec, 0); /* e1 worker: its budget of 1 */
	assert_string_equal(a->service, "worker");
	assert_string_equal(a->environment, "e1");
	assert_money(a->spot_risk_budget, 1);
	assert_money(a->recommended.spot, 1);
	assert_money(a->spot_capacity_at_risk, 0.05);
	/* 4 x 730 h x 0.0144 (all spot) */
	assert_money(a->monthly_after, 2920 * 0.0144);
	assert_money(a->monthly_after, a->monthly_before);
	a = infracost_recommendation_get(rec, 1); /* e1 api: the option's budget */
	assert_money(a->spot_risk_budget, 0.02);
	assert_money(a->recommended.spot, 0.4);
	a = infracost_recommendation_get(rec, 2); /* e2 worker: the override has none */
	assert_string_equal(a->environment, "e2");
	assert_money(a->spot_risk_budget, 0.02);
	assert_money(a->recommended.spot, 0.4);
	assert_int_equal(infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE),
			 0);
	assert_non_null(strstr(text, "spot share lowered from 100% to 40% to keep capacity at risk "
				     "within the budget (2%; purchase.spot_risk_budget or "
				     "--keep-spot keep more)\n"));
	assert_non_null(strstr(text, "e1/worker (container)\n"
				     "  now:         no reservation, spot 100%: 42.05/month\n"
				     "  recommended: no reservation, spot 100%: 42.05/month\n"
				     "  capacity at risk on spot: 5.00%\n"));
	infracost_free(text);
	infracost_recommendation_free(rec);
	/* keep_spot: every service keeps the share it has */
	spec = spec_from(SPEC);
	o.keep_spot = 1;
	assert_int_equal(infracost_recommend(&rec, spec, cat, &o), 0);
	for (size_t i = 0; i < 4; i++)
		assert_money(infracost_recommendation_get(rec, i)->recommended.spot, 1);
	infracost_recommendation_free(rec);
	infracost_spec_free(spec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_to_advise),
		cmocka_unit_test(test_reserved_count_is_exact),
		cmocka_unit_test(test_full_month_reserves_the_baseline),
		cmocka_unit_test(test_spot_share_within_budget),
		cmocka_unit_test(test_cheaper_type_meeting_needs),
		cmocka_unit_test(test_cheaper_types_of_many_services),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_search_matches_brute_force),
		cmocka_unit_test(test_billion_replicas),
		cmocka_unit_test(test_catalog_without_reserved_or_spot_rows),
		cmocka_unit_test(test_spot_risk_budget_per_service),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
