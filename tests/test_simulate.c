/* test_simulate.c - Monte Carlo over demand and spot interruptions: no
 * randomness gives the estimate, a seed gives the same answer on any number
 * of threads, and the draws match their laws (lognormal demand, binomial
 * interruptions). */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,source\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,test\n"
	"aws,ec2,r1,m.large,spot,hour,0.03,,,,,\n"
	"aws,ec2,r1,m.large,reserved_1yr_no_upfront,hour,0.06,,,,,\n"
	"aws,ec2,r1,s.spotonly,spot,hour,0.01,,,1,1,\n"
	"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,,,,\n"
	"aws,fargate,r1,vcpu:x86_64,on_demand,hour,0.04,,,,,\n"
	"aws,fargate,r1,memory:x86_64,on_demand,hour,0.004,,,,,\n"
	"aws,fargate,r1,vcpu:x86_64,spot,hour,0.012,,,,,\n"
	"aws,fargate,r1,memory:x86_64,spot,hour,0.0012,,,,,\n"
	"aws,rds,r1,postgresql:db.s:single_az,on_demand,hour,0.02,,,,,\n"
	"aws,rds,r1,postgresql:storage:gp3:single_az,on_demand,gb_month,0.1,,,,,\n";

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

/* Two environments, an autoscaled vm with disk and reservation, a container
 * part on spot, a database: every kind of line the simulation re-prices. */
static const char *MIXED =
	"{ \"name\": \"mixed\", \"provider\": \"aws\", \"region\": \"r1\","
	" \"environments\": { \"dev\": { \"hours_per_month\": 200 }, \"prod\": {} },"
	" \"workloads\": { \"web\": { \"pattern\": \"daily_spike\", \"baseline\": 300,"
	" \"peak\": 2000, \"peak_hours\": 3, \"variability\": %g } },"
	" \"services\": ["
	" { \"name\": \"app\", \"type\": \"vm\", \"instance_type\": \"m.large\", \"disk_gb\": 50,"
	" \"replicas\": { \"min\": 2, \"max\": 30 }, \"autoscaling\": { \"workload\": \"web\","
	" \"capacity_per_replica\": 100, \"target_utilization\": 0.7 },"
	" \"purchase\": { \"reserved\": { \"count\": 2 } } },"
	" { \"name\": \"api\", \"type\": \"container\", \"vcpu\": 0.5, \"memory_gb\": 1,"
	" \"replicas\": { \"min\": 1, \"max\": 20 }, \"autoscaling\": { \"workload\": \"web\","
	" \"capacity_per_replica\": 200 }, \"purchase\": { \"spot\": %g } },"
	" { \"name\": \"db\", \"type\": \"database\", \"engine\": \"postgresql\","
	" \"instance_type\": \"db.s\", \"storage_gb\": 20 } ] }";

static infracost_spec *mixed(double sigma, double spot)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), MIXED, sigma, spot);
	return spec_from(buf);
}

static infracost_simulation *simulate(const infracost_spec *spec, size_t samples,
				      unsigned long long seed, int threads)
{
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_simulation *sim = NULL;
	o.samples = samples;
	o.seed = seed;
	o.threads = threads;
	assert_int_equal(infracost_simulate(&sim, spec, cat, &o), 0);
	assert_non_null(sim);
	return sim;
}

static void test_no_randomness_is_the_estimate(void **state)
{
	infracost_spec *spec = mixed(0, 0);
	infracost_estimate *est = NULL;
	infracost_simulation *sim;
	(void)state;
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
	sim = simulate(spec, 500, 7, 2);
	assert_int_equal(infracost_simulation_environment_count(sim), 2);
	assert_int_equal(infracost_simulation_samples(sim), 500);
	for (size_t e = 0; e <= 2; e++) {
		infracost_distribution d = infracost_simulation_distribution(sim, e);
		double want = e < 2 ? infracost_estimate_environment(est, e)->monthly.expected
				    : infracost_estimate_total(est).expected;
		if (e < 2)
			assert_string_equal(infracost_simulation_environment_name(sim, e),
					    infracost_estimate_environment(est, e)->name);
		assert_money(d.min, want);
		assert_money(d.max, want);
		assert_money(d.mean, want);
		assert_money(d.p50, want);
		assert_money(d.p99, want);
	}
	/* 500 months of 3 services in each of 200 h and 730 h environments */
	assert_money(infracost_simulation_service_hours(sim), 500.0 * 3 * (200 + 730));
	assert_null(infracost_simulation_environment_name(sim, 2));
	assert_true(isnan(infracost_simulation_distribution(sim, 3).mean));
	infracost_simulation_free(sim);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

static int same(infracost_distribution a, infracost_distribution b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

static void test_seed_not_threads_decides(void **state)
{
	infracost_spec *spec = mixed(0.4, 0.6);
	infracost_simulation *one, *three, *other;
	(void)state;
	one = simulate(spec, 3001, 42, 1);
	three = simulate(spec, 3001, 42, 3);
	other = simulate(spec, 3001, 43, 3);
	for (size_t e = 0; e <= 2; e++) {
		assert_true(same(infracost_simulation_distribution(one, e),
				 infracost_simulation_distribution(three, e)));
		assert_false(same(infracost_simulation_distribution(one, e),
				  infracost_simulation_distribution(other, e)));
	}
	/* with demand swinging, the months spread around the estimate */
	assert_true(infracost_simulation_distribution(one, 2).p99 >
		    infracost_simulation_distribution(one, 2).p50);
	assert_true(infracost_simulation_distribution(one, 2).min <
		    infracost_simulation_distribution(one, 2).p50);
	infracost_simulation_free(one);
	infracost_simulation_free(three);
	infracost_simulation_free(other);
	infracost_spec_free(spec);
}

/* Each service's interruptions have a stream of their own: prod alone
 * (--env prod) draws what prod draws in a run over every environment. */
static void test_env_alone_draws_the_same(void **state)
{
	infracost_spec *spec = mixed(0.4, 0.6);
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_simulation *all, *prod = NULL;
	const char *names[] = {"prod"};
	(void)state;
	all = simulate(spec, 2001, 7, 2);
	o.samples = 2001;
	o.seed = 7;
	o.threads = 2;
	o.environments = names;
	o.environment_count = 1;
	assert_int_equal(infracost_simulate(&prod, spec, cat, &o), 0);
	assert_int_equal(infracost_simulation_environment_count(prod), 1);
	assert_string_equal(infracost_simulation_environment_name(all, 1), "prod");
	assert_true(same(infracost_simulation_distribution(all, 1),
			 infracost_simulation_distribution(prod, 0)));
	/* the interruptions did vary */
	assert_true(infracost_simulation_distribution(prod, 0).max >
		    infracost_simulation_distribution(prod, 0).min);
	infracost_simulation_free(all);
	infracost_simulation_free(prod);
	infracost_spec_free(spec);
}

/* A container's spot hours with no rate of their own are interrupted at
 * the default rate (once they were not interrupted at all: only a vm
 * looked its rate up, and a container's record said 0). With demand fixed,
 * the mean grows by the interrupted share of the spot hours, billed at
 * the on-demand price instead of the spot price. */
static void test_container_default_rate(void **state)
{
	infracost_spec *spec = mixed(0, 0.6);
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_simulation *none = NULL, *some = NULL;
	double grew, want = 0;
	(void)state;
	o.samples = 4000;
	o.default_interruption_rate = 0;
	assert_int_equal(infracost_simulate(&none, spec, cat, &o), 0);
	o.default_interruption_rate = 0.3;
	assert_int_equal(infracost_simulate(&some, spec, cat, &o), 0);
	/* api: 3 uncovered replicas (min 1, sigma 0 keeps the estimate's),
	 * 0.5 vCPU and 1 GB each, 60 % on spot, in 200 h (dev) and 730 h. */
	for (int e = 0; e < 2; e++) {
		double spot_hours = 3 * (e ? 730 : 200) * 0.6;
		want += 0.3 * spot_hours * (0.5 * (0.04 - 0.012) + 1 * (0.004 - 0.0012));
	}
	grew = infracost_simulation_distribution(some, 2).mean -
	       infracost_simulation_distribution(none, 2).mean;
	assert_true(fabs(grew - want) < 0.02 * want);
	infracost_simulation_free(none);
	infracost_simulation_free(some);
	infracost_spec_free(spec);
}

/* P(LogNormal(mu, sigma) <= x) */
static double lognormal_cdf(double x, double mu, double sigma)
{
	return x <= 0 ? 0 : 0.5 * erfc(-(log(x) - mu) / (sigma * sqrt(2)));
}

static void test_demand_is_lognormal(void **state)
{
	/* constant 1000 requests/s, 100 per replica at utilization 1: 10m
	 * replicas for a draw m, so replicas = clamp(ceil(10 m), 1, 50) */
	const char *json =
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"workloads\": { \"w\": { \"pattern\": \"constant\", \"value\": 1000,"
		" \"variability\": 0.3 } },"
		" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
		"\"m.large\","
		" \"replicas\": { \"min\": 1, \"max\": 50 }, \"autoscaling\": { \"workload\": "
		"\"w\","
		" \"capacity_per_replica\": 100, \"target_utilization\": 1 } } ] }";
	double sigma = 0.3, mu = -sigma * sigma / 2, mean = 0, per = 730 * 0.1;
	infracost_spec *spec = spec_from(json);
	infracost_simulation *sim = simulate(spec, 20000, 1, 2);
	infracost_distribution d = infracost_simulation_distribution(sim, 0);
	(void)state;
	/* E[cost] = sum over k of P(ceil(10 m) = k) k x 73 */
	for (int k = 1; k <= 50; k++) {
		double p = lognormal_cdf(k / 10.0, mu, sigma) -
			   (k == 1 ? 0 : lognormal_cdf((k - 1) / 10.0, mu, sigma));
		if (k == 50)
			p = 1 - lognormal_cdf(4.9, mu, sigma);
		mean += p * k * per;
	}
	/* one month's standard deviation is about 3 replicas (219): 20000
	 * months put the mean within 1.6 of its law; allow four times that */
	assert_true(fabs(d.mean - mean) < 6.5);
	/* P(m <= 1) = 0.56 and P(m <= 0.9) = 0.42: the median month runs 10 */
	assert_money(d.p50, 10 * per);
	assert_true(d.p90 >= 13 * per && d.p90 <= 15 * per);
	assert_true(d.min >= per && d.max <= 50 * per);
	infracost_simulation_free(sim);
	infracost_spec_free(spec);
}

static void test_spot_interruptions_bill_on_demand(void **state)
{
	/* 5 replicas all on spot, a tenth of spot hours interrupted: 3650
	 * replica-hours, each 0.03 on spot or 0.1 on demand when interrupted:
	 * E = 3650 x (0.9 x 0.03 + 0.1 x 0.1) = 135.05, sd 1.27 */
	const char *json =
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
		"\"m.large\","
		" \"replicas\": 5, \"purchase\": { \"spot\": 1, \"interruption_rate\": 0.1 } } ] }";
	infracost_spec *spec = spec_from(json);
	infracost_simulation *sim = simulate(spec, 10000, 3, 2);
	infracost_distribution d = infracost_simulation_distribution(sim, 0);
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	(void)state;
	assert_true(fabs(d.mean - 135.05) < 0.06);
	assert_true(d.min > 3650 * 0.03 && d.max < 3650 * 0.1);
	assert_true(d.p99 - d.p50 > 2 && d.p99 - d.p50 < 4); /* 2.33 sd = 2.96 */
	infracost_simulation_free(sim);
	infracost_spec_free(spec);

	/* without a rate in the spec the option's default applies: 0 leaves
	 * every month all-spot */
	spec = spec_from("{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
			 " \"services\": [ { \"name\": \"v\", \"type\": \"vm\", "
			 "\"instance_type\": \"m.large\", \"replicas\": 5,"
			 " \"purchase\": { \"spot\": 1 } } ] }");
	o.samples = 100;
	o.default_interruption_rate = 0;
	assert_int_equal(infracost_simulate(&sim, spec, cat, &o), 0);
	assert_money(infracost_simulation_distribution(sim, 0).max, 3650 * 0.03);
	infracost_simulation_free(sim);
	infracost_spec_free(spec);
}

/* Without a rate in the spec, a vm type's Spot Advisor bucket gives it:
 * m5.large in us-east-1 is in bucket 3 ("15-20%") of the shipped excerpt,
 * taken as 17.5 %. */
static void test_spot_advisor_rate(void **state)
{
	const char *book =
		"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,"
		"source\n"
		"aws,ec2,us-east-1,m5.large,on_demand,hour,0.1,,,2,8,test\n"
		"aws,ec2,us-east-1,m5.large,spot,hour,0.03,,,,,test\n";
	const char *db = temp_file("advice.db", "");
	infracost_store *st = NULL;
	infracost_catalog *c = catalog_from(book);
	infracost_spec *spec = spec_from(
		"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"us-east-1\","
		" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
		"\"m5.large\", \"replicas\": 5, \"purchase\": { \"spot\": 1 } } ] }");
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_recommend_options ro = INFRACOST_RECOMMEND_OPTIONS_INIT;
	infracost_simulation *sim = NULL;
	infracost_recommendation *rec = NULL;
	const infracost_price *row = NULL;
	size_t nrows = 0;
	(void)state;
	unlink(db);
	assert_int_equal(infracost_store_open(&st, db), 0);
	assert_int_equal(infracost_import_file(st, TEST_DATA_DIR "/feeds/aws/spot-advisor.json",
					       "aws-spot-advisor", NULL, NULL),
			 0);
	if (infracost_catalog_load_store(c, st) != 0)
		fail_msg("%s", infracost_error_last()->message);
	assert_int_equal(infracost_catalog_lookup(&row, &nrows, c, "aws", "ec2", "us-east-1",
						  "m5.large", "spot_interruption", "share"),
			 0);
	assert_money(row->price, 0.175);
	assert_non_null(strstr(row->source, "Spot Instance Advisor"));
	/* 3650 spot hours, 17.5 % of them at 0.1: 3650 x (0.825 x 0.03 +
	 * 0.175 x 0.1) = 154.2125, sd 1.6 a month */
	o.samples = 4000;
	assert_int_equal(infracost_simulate(&sim, spec, c, &o), 0);
	assert_true(fabs(infracost_simulation_distribution(sim, 0).mean - 154.2125) < 0.1);
	infracost_simulation_free(sim);
	/* recommend: 2 % at risk at 17.5 % is a spot share of 0.02 / 0.175 */
	assert_int_equal(infracost_recommend(&rec, spec, c, &ro), 0);
	assert_money(infracost_recommendation_get(rec, 0)->recommended.spot, 0.02 / 0.175);
	infracost_recommendation_free(rec);
	infracost_store_close(st);
	infracost_catalog_free(c);
	infracost_spec_free(spec);
	unlink(db);
}

static void test_errors(void **state)
{
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_simulation *sim = (infracost_simulation *)&o;
	infracost_spec *spec = mixed(0.2, 0);
	const char *names[] = {"qa"};
	(void)state;
	o.samples = 0;
	assert_int_equal(infracost_simulate(&sim, spec, cat, &o), INFRACOST_EINVALID);
	assert_null(sim);
	assert_non_null(strstr(infracost_error_last()->message, "samples"));
	o.samples = 10;
	o.threads = 0;
	assert_int_equal(infracost_simulate(&sim, spec, cat, &o), INFRACOST_EINVALID);
	o.threads = 1;
	o.default_interruption_rate = 1.5;
	assert_int_equal(infracost_simulate(&sim, spec, cat, &o), INFRACOST_EINVALID);
	o.default_interruption_rate = 0.05;
	o.environments = names;
	o.environment_count = 1;
	assert_int_equal(infracost_simulate(&sim, spec, cat, &o), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "qa"));
	assert_int_equal(infracost_simulate(NULL, spec, cat, &o), INFRACOST_EINVALID);
	infracost_spec_free(spec);

	/* an all-spot type with no on-demand price: interrupted hours have no
	 * price, an error naming the key (never a zero) */
	spec = spec_from("{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
			 " \"services\": [ { \"name\": \"v\", \"type\": \"vm\", "
			 "\"instance_type\": \"s.spotonly\", \"replicas\": 2,"
			 " \"purchase\": { \"spot\": 1 } } ] }");
	o.environments = NULL;
	o.environment_count = 0;
	assert_int_equal(infracost_simulate(&sim, spec, cat, &o), INFRACOST_ENOTFOUND);
	assert_non_null(strstr(infracost_error_last()->message, "s.spotonly/on_demand/hour"));
	infracost_spec_free(spec);
	infracost_simulation_free(NULL);
}

static void test_render(void **state)
{
	infracost_spec *spec = mixed(0.25, 0.5);
	infracost_simulation *sim = simulate(spec, 200, 9, 1);
	char *text = NULL;
	json_t *root, *total;
	json_error_t err;
	(void)state;
	assert_int_equal(infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_JSON), 0);
	root = json_loads(text, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "samples")), 200);
	assert_int_equal(json_integer_value(json_object_get(root, "seed")), 9);
	assert_non_null(json_object_get(json_object_get(root, "environments"), "prod"));
	total = json_object_get(root, "total");
	assert_money(json_number_value(json_object_get(total, "p90")),
		     infracost_simulation_distribution(sim, 2).p90);
	json_decref(root);
	infracost_free(text);
	assert_int_equal(infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "200 simulated months (seed 9)"));
	assert_non_null(strstr(text, "\ndev "));
	assert_non_null(strstr(text, "\nTOTAL "));
	infracost_free(text);
	assert_int_equal(infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_CSV),
			 INFRACOST_EINVALID);
	infracost_simulation_free(sim);
	infracost_spec_free(spec);
}

/* Amounts are finite (issue 9 part 1): a sum of huge months keeps a finite
 * mean (it once printed -nan), a month that overflows is refused with
 * ENUMERIC, and names are escaped in the table. */
static void test_huge_amounts(void **state)
{
	static const char *huge_book =
		"provider,service,region,sku,purchase,unit,price,upfront,source\n"
		"aws,ec2,r1,m.large,on_demand,hour,1e305,,test\n";
	static const char *spec_fmt =
		"{ \"name\": \"h\\u001b[2J\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"environments\": { \"p\\nq\": {} },"
		" \"workloads\": { \"w\": { \"pattern\": \"constant\", \"value\": 100,"
		" \"variability\": %g } },"
		" \"services\": [ { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
		"\"m.large\", \"replicas\": { \"min\": 1, \"max\": %d }, \"autoscaling\": {"
		" \"workload\": \"w\", \"capacity_per_replica\": 100, \"target_utilization\": 1 } "
		"} "
		"] }";
	infracost_catalog *book = catalog_from(huge_book);
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_simulation *sim = NULL;
	infracost_spec *spec;
	char json[2048], *text = NULL;
	json_error_t err;
	json_t *root;
	(void)state;
	/* no variability: every month is 7.3e307, their sum is not finite */
	snprintf(json, sizeof(json), spec_fmt, 0.0, 2);
	spec = spec_from(json);
	o.samples = 1000;
	assert_int_equal(infracost_simulate(&sim, spec, book, &o), 0);
	assert_money(infracost_simulation_distribution(sim, 0).mean, 730 * 1e305);
	assert_money(infracost_simulation_distribution(sim, 1).mean, 730 * 1e305);
	assert_int_equal(infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_JSON), 0);
	root = json_loads(text, 0, &err);
	assert_non_null(root);
	json_decref(root);
	infracost_free(text);
	assert_int_equal(infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_TABLE), 0);
	assert_null(strstr(text, "nan"));
	assert_non_null(strstr(text, "7.300000e+307"));
	assert_non_null(strstr(text, "h\\x1b[2J: 1000 simulated months"));
	assert_non_null(strstr(text, "\np\\nq "));
	for (const char *p = text; *p; p++)
		assert_false((unsigned char)*p < 0x20 && *p != '\n');
	infracost_free(text);
	infracost_simulation_free(sim);
	infracost_spec_free(spec);
	/* three replicas at most: the months could overflow, and so does the
	 * estimate's max that bounds them: refused at the service's place */
	snprintf(json, sizeof(json), spec_fmt, 2.0, 3);
	spec = spec_from(json);
	sim = NULL;
	assert_int_equal(infracost_simulate(&sim, spec, book, &o), INFRACOST_ENUMERIC);
	assert_null(sim);
	assert_non_null(strstr(infracost_error_last()->message,
			       "services[0].instance_type: amount out of range: the monthly cost "
			       "of service 'v' in environment 'p\\nq' is not a finite number"));
	infracost_spec_free(spec);
	infracost_catalog_free(book);
}

/* Every per-replica line is re-priced each month: a vm's disk with its
 * IOPS and throughput, a container's ephemeral storage. With demand drawn,
 * a spec whose extra cost per replica lies in those lines simulates the
 * same months as one that puts the same cost a replica into its disk GB
 * (vm) or memory (container); a line left fixed would not follow demand. */
static void test_every_per_replica_line(void **state)
{
	/* vm: 50 GB x 0.08 + (6000 - 3000) IOPS x 0.005 + (300 - 125) MB/s x 0.04
	 *   = 4 + 15 + 7 = 26 a replica = 325 GB x 0.08.
	 * container: 0.5 vCPU, 1 GB and 80 GB of ephemeral storage above the 20:
	 *   80 x 0.0001 = 0.008 an hour = 2 GB more memory x 0.004 (1 + 2 = 3 GB). */
	static const char *const specs[2][2] = {
		{"\"disk_gb\": 50, \"disk_iops\": 6000, \"disk_throughput_mbps\": 300",
		 "\"memory_gb\": 1, \"ephemeral_storage_gb\": 100"},
		{"\"disk_gb\": 325", "\"memory_gb\": 3"},
	};
	infracost_catalog *c = catalog_from(
		"provider,service,region,sku,purchase,unit,price\n"
		"aws,ec2,r1,m.large,on_demand,hour,0.1\n"
		"aws,ebs,r1,gp3,on_demand,gb_month,0.08\n"
		"aws,ebs,r1,gp3:iops,on_demand,iops_month,0.005\n"
		"aws,ebs,r1,gp3:throughput,on_demand,mbps_month,0.04\n"
		"aws,fargate,r1,vcpu:x86_64,on_demand,hour,0.04\n"
		"aws,fargate,r1,memory:x86_64,on_demand,hour,0.004\n"
		"aws,fargate,r1,ephemeral_storage:x86_64,on_demand,gb_hour,0.0001\n");
	infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_distribution d[2];
	(void)state;
	o.samples = 400;
	o.seed = 3;
	for (int k = 0; k < 2; k++) {
		char buf[2048];
		infracost_spec *spec;
		infracost_simulation *sim = NULL;
		snprintf(buf, sizeof(buf),
			 "{ \"provider\": \"aws\", \"region\": \"r1\", \"workloads\": { \"web\": {"
			 " \"pattern\": \"daily_spike\", \"baseline\": 300, \"peak\": 2000,"
			 " \"peak_hours\": 3, \"variability\": 0.5 } }, \"services\": ["
			 " { \"name\": \"app\", \"type\": \"vm\", \"instance_type\": \"m.large\", "
			 "%s,"
			 " \"replicas\": { \"min\": 2, \"max\": 30 }, \"autoscaling\": {"
			 " \"workload\": \"web\", \"capacity_per_replica\": 100 } },"
			 " { \"name\": \"api\", \"type\": \"container\", \"vcpu\": 0.5, %s,"
			 " \"replicas\": { \"min\": 1, \"max\": 20 }, \"autoscaling\": {"
			 " \"workload\": \"web\", \"capacity_per_replica\": 200 } } ] }",
			 specs[k][0], specs[k][1]);
		spec = spec_from(buf);
		assert_int_equal(infracost_simulate(&sim, spec, c, &o), 0);
		d[k] = infracost_simulation_distribution(sim, 0);
		infracost_simulation_free(sim);
		infracost_spec_free(spec);
	}
	assert_true(d[0].p99 > d[0].p50);
	assert_money(d[0].mean, d[1].mean);
	assert_money(d[0].p50, d[1].p50);
	assert_money(d[0].p99, d[1].p99);
	assert_money(d[0].min, d[1].min);
	infracost_catalog_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_randomness_is_the_estimate),
		cmocka_unit_test(test_every_per_replica_line),
		cmocka_unit_test(test_seed_not_threads_decides),
		cmocka_unit_test(test_env_alone_draws_the_same),
		cmocka_unit_test(test_container_default_rate),
		cmocka_unit_test(test_demand_is_lognormal),
		cmocka_unit_test(test_spot_interruptions_bill_on_demand),
		cmocka_unit_test(test_spot_advisor_rate),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_huge_amounts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
