/* test_estimate.c - the engine against hand-computed values: every service
 * type, purchase option, tiers, layering, schedules, workloads, capacity,
 * warnings, misses; and the renderers' structure. */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"

static const char *BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,source\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,test\n"
	"aws,ec2,r1,m.large,spot,hour,0.03,,,,,\n"
	"aws,ec2,r1,m.large,reserved_1yr_no_upfront,hour,0.06,,,,,\n"
	"aws,ec2,r1,m.large,reserved_1yr_partial_upfront,hour,0.03,240,,,,\n"
	"aws,ec2,r1,m.large,reserved_3yr_all_upfront,hour,0,1080,,,,\n"
	"aws,ec2,r1,x.nosize,on_demand,hour,0.5,,,,,\n"
	"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,,,,\n"
	"aws,fargate,r1,vcpu:x86_64,on_demand,hour,0.04,,,,,\n"
	"aws,fargate,r1,memory:x86_64,on_demand,hour,0.004,,,,,\n"
	"aws,fargate,r1,vcpu:x86_64,spot,hour,0.012,,,,,\n"
	"aws,fargate,r1,memory:x86_64,spot,hour,0.0012,,,,,\n"
	"aws,fargate,r1,vcpu:arm64,on_demand,hour,0.032,,,,,\n"
	"aws,fargate,r1,memory:arm64,on_demand,hour,0.0035,,,,,\n"
	"aws,rds,r1,postgresql:db.s:single_az,on_demand,hour,0.02,,,,,\n"
	"aws,rds,r1,postgresql:db.s:multi_az,on_demand,hour,0.04,,,,,\n"
	"aws,rds,r1,postgresql:db.s:multi_az,reserved_1yr_all_upfront,hour,0,240,,,,\n"
	"aws,rds,r1,postgresql:storage:gp3:single_az,on_demand,gb_month,0.1,,,,,\n"
	"aws,rds,r1,postgresql:storage:gp3:multi_az,on_demand,gb_month,0.2,,,,,\n"
	"aws,rds,r1,backup,on_demand,gb_month,0.09,,,,,\n"
	"aws,elasticache,r1,redis:cache.s,on_demand,hour,0.02,,,,,\n"
	"aws,elasticache,r1,redis:cache.s,reserved_3yr_no_upfront,hour,0.01,,,,,\n"
	"aws,elb,r1,alb,on_demand,hour,0.02,,,,,\n"
	"aws,elb,r1,alb:lcu,on_demand,lcu_hour,0.008,,,,,\n"
	"aws,nat,r1,gateway,on_demand,hour,0.05,,,,,\n"
	"aws,nat,r1,data,on_demand,gb,0.05,,,,,\n"
	"aws,s3,r1,standard,on_demand,gb_month,0.01,,100,,,\n"
	"aws,s3,r1,standard,on_demand,gb_month,0.02,,0,,,\n"
	"aws,s3,r1,glacier,on_demand,gb_month,0.004,,10,,,\n"
	"aws,lambda,r1,requests:x86_64,on_demand,request,0.0000002,,,,,\n"
	"aws,lambda,r1,duration:x86_64,on_demand,gb_second,0.00001,,,,,\n"
	"aws,vpc,r1,public_ipv4,on_demand,hour,0.005,,,,,\n"
	"aws,transfer,r1,out,on_demand,gb,0.09,,0,,,\n"
	"aws,transfer,r1,out,on_demand,gb,0.05,,1000,,,\n"
	"gcp,compute,g1,e2-standard-2,on_demand,hour,0.067,,,2,8,\n";

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

/* A spec of one service (JSON object text) in one environment "e" of H hours. */
static char *one(const char *service, double hours, const char *workloads)
{
	static char buf[8192];
	snprintf(buf, sizeof(buf),
		 "{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
		 " \"environments\": { \"e\": { \"hours_per_month\": %g } },"
		 " \"workloads\": { %s }, \"services\": [ %s ] }",
		 hours, workloads ? workloads : "", service);
	return buf;
}

static const infracost_service_result *svc1(infracost_estimate *est)
{
	return &infracost_estimate_environment(est, 0)->services[0];
}

static void check_range(infracost_range r, double min, double exp, double max)
{
	assert_money(r.min, min);
	assert_money(r.expected, exp);
	assert_money(r.max, max);
}

static void test_vm_fixed_with_disk(void **state)
{
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": 3, \"disk_gb\": 10 }",
			      730, NULL),
			  cat);
	s = svc1(est);
	/* compute 3 x 730 x 0.1 = 219; disk 3 x 10 x 0.08 = 2.4 */
	check_range(s->monthly, 221.4, 221.4, 221.4);
	assert_money(item_of(s, "compute", "on_demand")->quantity, 2190);
	assert_money(item_of(s, "compute", "on_demand")->monthly, 219);
	assert_money(item_of(s, "disk", "on_demand")->quantity, 30);
	assert_string_equal(item_of(s, "compute", "on_demand")->price->source, "test");
	assert_int_equal(s->line_item_count, 2);
	assert_money(s->upfront, 0);
	/* capacity: 3 x (2 vCPU, 8 GB) */
	assert_money(s->vcpu_min, 6);
	assert_money(s->memory_gb_max, 24);
	assert_int_equal(infracost_estimate_warning_count(est), 0);
	infracost_estimate_free(est);
}

static void test_vm_range_without_workload(void **state)
{
	infracost_estimate *est;
	const infracost_warning *w;
	(void)state;
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": { \"min\": 2, \"max\": 5 } }",
			      730, NULL),
			  cat);
	/* min 2 x 73 = 146, expected = min (warning), max 5 x 73 = 365 */
	check_range(svc1(est)->monthly, 146, 146, 365);
	check_range(svc1(est)->replicas, 2, 2, 5);
	assert_money(svc1(est)->vcpu_min, 4);
	assert_money(svc1(est)->vcpu_max, 10);
	assert_money(svc1(est)->memory_gb_max, 40);
	assert_int_equal(infracost_estimate_warning_count(est), 1);
	w = infracost_estimate_warning(est, 0);
	assert_string_equal(w->environment, "e");
	assert_string_equal(w->service, "v");
	assert_non_null(strstr(w->message, "expected cost assumes the minimum of 2 replicas"));
	infracost_estimate_free(est);

	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": { \"min\": 2, \"max\": 5, \"average\": 3.5 } }",
			      730, NULL),
			  cat);
	check_range(svc1(est)->monthly, 146, 255.5, 365);
	assert_int_equal(infracost_estimate_warning_count(est), 0);
	infracost_estimate_free(est);
}

static const char *SPIKE = "\"web\": { \"pattern\": \"daily_spike\", \"baseline\": 100, \"peak\": "
			   "500, \"peak_hours\": 6 }";

static void test_vm_autoscaling_daily_spike(void **state)
{
	infracost_estimate *est;
	(void)state;
	/* capacity 100 x 0.5 = 50 per replica: baseline 2, peak 10 -> clamped to 8.
	 * mean r = 0.25 x 8 + 0.75 x 2 = 3.5 */
	est = estimate_of(
		one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		    " \"replicas\": { \"min\": 1, \"max\": 8 },"
		    " \"autoscaling\": { \"workload\": \"web\", \"capacity_per_replica\": 100,"
		    " \"target_utilization\": 0.5 } }",
		    730, SPIKE),
		cat);
	check_range(svc1(est)->monthly, 73, 255.5, 584);
	check_range(svc1(est)->replicas, 1, 3.5, 8);
	assert_int_equal(infracost_estimate_warning_count(est), 1);
	assert_string_equal(
		infracost_estimate_warning(est, 0)->message,
		"capacity shortfall: at peak demand 500 (workload 'web') the service needs "
		"10 replicas but max is 8; capacity at max is 800 (400 at target "
		"utilization 0.5)");
	infracost_estimate_free(est);
}

static void test_workload_patterns(void **state)
{
	infracost_estimate *est;
	char svc[512], wl[1024];
	(void)state;
	/* hourly 0..23, capacity 10: r = 0, 1 x10, 2 x10, 3 x3 = 39/24 = 1.625 */
	strcpy(wl, "\"h\": { \"pattern\": \"hourly\", \"values\": "
		   "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23] }");
	snprintf(svc, sizeof(svc),
		 "{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		 " \"replicas\": { \"min\": 0, \"max\": 100 }, \"autoscaling\": { \"workload\": "
		 "\"h\","
		 " \"capacity_per_replica\": 10 } }");
	est = estimate_of(one(svc, 730, wl), cat);
	assert_money(svc1(est)->replicas.expected, 1.625);
	assert_money(svc1(est)->monthly.expected, 1.625 * 73);
	infracost_estimate_free(est);
	/* weekly spike: 42 of 168 hours at 400 (4 replicas), the rest at 100 (1): 0.25x4 + 0.75 = 1.75 */
	strcpy(wl, "\"h\": { \"pattern\": \"weekly_spike\", \"baseline\": 100, \"peak\": 400, "
		   "\"peak_hours\": 42 }");
	snprintf(svc, sizeof(svc),
		 "{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		 " \"replicas\": { \"min\": 1, \"max\": 10 }, \"autoscaling\": { \"workload\": "
		 "\"h\","
		 " \"capacity_per_replica\": 100 } }");
	est = estimate_of(one(svc, 730, wl), cat);
	assert_money(svc1(est)->replicas.expected, 1.75);
	infracost_estimate_free(est);
	/* monthly spike: 73 of 730 hours at 300 (3): 0.1 x 3 + 0.9 x 1 = 1.2 */
	strcpy(wl, "\"h\": { \"pattern\": \"monthly_spike\", \"baseline\": 50, \"peak\": 300, "
		   "\"peak_hours\": 73 }");
	est = estimate_of(one(svc, 730, wl), cat);
	assert_money(svc1(est)->replicas.expected, 1.2);
	infracost_estimate_free(est);
	/* constant 250 -> 3 */
	strcpy(wl, "\"h\": { \"pattern\": \"constant\", \"value\": 250 }");
	est = estimate_of(one(svc, 730, wl), cat);
	assert_money(svc1(est)->replicas.expected, 3);
	infracost_estimate_free(est);
	/* A quotient within 1e-9 of a whole number counts as it: 1.1 / 0.1 = 11.000000000000002 -> 11 */
	strcpy(wl, "\"h\": { \"pattern\": \"constant\", \"value\": 1.1 }");
	snprintf(svc, sizeof(svc),
		 "{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		 " \"replicas\": { \"min\": 1, \"max\": 20 }, \"autoscaling\": { \"workload\": "
		 "\"h\","
		 " \"capacity_per_replica\": 0.1 } }");
	est = estimate_of(one(svc, 730, wl), cat);
	assert_money(svc1(est)->replicas.expected, 11);
	infracost_estimate_free(est);
}

/* Autoscaling on a latency objective (M/M/c per hour) and on a USL model,
 * worked by hand:
 * - api: 20 ms per request (mu = 50/s per server), 4 per replica, p95 wait
 *   <= 50 ms. At 200/s: 5 servers (rho 0.8, C = 0.554, p95 wait
 *   ln(0.554/0.05)/50 = 0.048 s) -> 2 replicas. At 1200/s: 26 servers (25
 *   give 0.055 s) -> 7 replicas. Mean (4 x 7 + 20 x 2) / 24 = 68/24.
 * - search: X(r) = 150 r / (1 + 0.02 (r-1) + 0.0005 r (r-1)) at 80 %:
 *   200/s needs 2 (X(2) = 293.8), 1200/s needs 14 (X(13) = 1479.5 < 1500,
 *   X(14) = 1554.4). Mean (4 x 14 + 20 x 2) / 24 = 4. */
static void test_latency_and_usl_scaling(void **state)
{
	infracost_estimate *est;
	const char *wl =
		"\"web\": { \"pattern\": \"daily_spike\", \"baseline\": 200, \"peak\": 1200,"
		" \"peak_hours\": 4 }";
	(void)state;
	est = estimate_of(
		one("{ \"name\": \"api\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2,"
		    " \"replicas\": { \"min\": 2, \"max\": 40 },"
		    " \"autoscaling\": { \"workload\": \"web\", \"service_time_ms\": 20,"
		    " \"concurrency\": 4, \"latency\": { \"quantile\": 0.95, \"max_wait_ms\": 50 } "
		    "} }",
		    730, wl),
		cat);
	assert_money(svc1(est)->replicas.expected, 68.0 / 24);
	assert_money(svc1(est)->monthly.expected, 68.0 / 24 * 730 * (0.04 + 2 * 0.004));
	assert_int_equal(infracost_estimate_warning_count(est), 0);
	infracost_estimate_free(est);
	/* the same objective with max 5 replicas misses it at peak: a warning */
	est = estimate_of(
		one("{ \"name\": \"api\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2,"
		    " \"replicas\": { \"min\": 2, \"max\": 5 },"
		    " \"autoscaling\": { \"workload\": \"web\", \"service_time_ms\": 20,"
		    " \"concurrency\": 4, \"latency\": { \"quantile\": 0.95, \"max_wait_ms\": 50 } "
		    "} }",
		    730, wl),
		cat);
	assert_money(svc1(est)->replicas.expected, (4.0 * 5 + 20 * 2) / 24);
	assert_int_equal(infracost_estimate_warning_count(est), 1);
	assert_non_null(strstr(infracost_estimate_warning(est, 0)->message,
			       "need 7 replicas to keep the p95 wait under 50 ms, but max is 5"));
	infracost_estimate_free(est);
	est = estimate_of(
		one("{ \"name\": \"search\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": "
		    "2,"
		    " \"replicas\": { \"min\": 1, \"max\": 20 },"
		    " \"autoscaling\": { \"workload\": \"web\", \"target_utilization\": 0.8,"
		    " \"usl\": { \"alpha\": 0.02, \"beta\": 0.0005, \"gamma\": 150 } } }",
		    730, wl),
		cat);
	assert_money(svc1(est)->replicas.expected, 4);
	infracost_estimate_free(est);
	/* beyond the model's peak no count carries the load: max, and a warning */
	est = estimate_of(one("{ \"name\": \"search\", \"type\": \"container\", \"vcpu\": 1, "
			      "\"memory_gb\": 2,"
			      " \"replicas\": { \"min\": 1, \"max\": 20 },"
			      " \"autoscaling\": { \"workload\": \"web\","
			      " \"usl\": { \"alpha\": 0.1, \"beta\": 0.01, \"gamma\": 100 } } }",
			      730, wl),
			  cat);
	assert_money(svc1(est)->replicas.max, 20);
	assert_int_equal(infracost_estimate_warning_count(est), 1);
	assert_non_null(strstr(infracost_estimate_warning(est, 0)->message, "beyond the USL"));
	infracost_estimate_free(est);
}

static int compute_error(const char *json, const infracost_catalog *c, const char **msg);

/* needs instead of an instance type: the cheapest sized on-demand type that fits. */
static void test_needs_pick_the_cheapest_fit(void **state)
{
	infracost_catalog *c = catalog_from(
		"provider,service,region,sku,purchase,unit,price,vcpu,memory_gb,arch\n"
		"aws,ec2,r1,big.x86,on_demand,hour,0.30,8,32,x86_64\n"
		"aws,ec2,r1,mid.x86,on_demand,hour,0.10,2,8,x86_64\n"
		"aws,ec2,r1,mid.arm,on_demand,hour,0.08,2,8,arm64\n"
		"aws,ec2,r1,tiny,on_demand,hour,0.01,1,1,x86_64\n"
		"aws,ec2,r1,unsized,on_demand,hour,0.001,,,\n"
		"aws,rds,r1,postgresql:db.small:single_az,on_demand,hour,0.05,2,4,\n"
		"aws,rds,r1,postgresql:db.large:single_az,on_demand,hour,0.20,4,16,\n"
		"aws,rds,r1,mysql:db.small:single_az,on_demand,hour,0.01,2,4,\n");
	infracost_estimate *est;
	const char *msg;
	(void)state;
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"needs\": { \"vcpu\": 2, "
			      "\"memory_gb\": 4 } }",
			      730, NULL),
			  c);
	/* mid.arm is cheapest of the sized types with 2 vCPU and 4 GB; tiny is too
	 * small and unsized cannot be shown to fit */
	assert_string_equal(svc1(est)->line_items[0].price->sku, "mid.arm");
	assert_money(svc1(est)->monthly.expected, 730 * 0.08);
	assert_money(svc1(est)->vcpu_max, 2);
	infracost_estimate_free(est);
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"needs\": { \"vcpu\": 2, "
			      "\"arch\": \"x86_64\" } }",
			      730, NULL),
			  c);
	assert_string_equal(svc1(est)->line_items[0].price->sku, "mid.x86");
	infracost_estimate_free(est);
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"needs\": { \"memory_gb\": 8 } }",
		    730, NULL),
		c);
	assert_string_equal(svc1(est)->line_items[0].price->sku, "postgresql:db.large:single_az");
	infracost_estimate_free(est);
	assert_int_equal(
		compute_error(
			one("{ \"name\": \"v\", \"type\": \"vm\", \"needs\": { \"vcpu\": 64 } }",
			    730, NULL),
			c, &msg),
		INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg,
			       "services[0].needs: no on-demand aws/ec2/r1 type with a known size "
			       "meets the needs (64 vCPU)"));
	infracost_catalog_free(c);
}

static void test_vm_reserved_and_spot(void **state)
{
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	/* 5 replicas, 2 reserved (1yr no upfront), half the rest on spot:
	 * reserved 2 x 730 x 0.06 = 87.6; uncovered 3 x 730 = 2190 h:
	 * spot 1095 x 0.03 = 32.85, on demand 1095 x 0.1 = 109.5 */
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": 5, \"purchase\": { \"reserved\": { \"count\": 2 }, "
			      "\"spot\": 0.5 } }",
			      730, NULL),
			  cat);
	s = svc1(est);
	check_range(s->monthly, 229.95, 229.95, 229.95);
	assert_money(item_of(s, "compute", "reserved_1yr_no_upfront")->monthly, 87.6);
	assert_money(item_of(s, "compute", "reserved_1yr_no_upfront")->quantity, 1460);
	assert_money(item_of(s, "compute", "spot")->quantity, 1095);
	assert_money(item_of(s, "compute", "spot")->monthly, 32.85);
	assert_money(item_of(s, "compute", "on_demand")->monthly, 109.5);
	infracost_estimate_free(est);

	/* partial upfront: 730 x 0.03 + 240 / 12 = 41.9 a month, 240 cash */
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": 1, \"purchase\": { \"reserved\": { \"count\": 1, "
			      "\"term\": \"1yr\","
			      " \"payment\": \"partial_upfront\" } } }",
			      730, NULL),
			  cat);
	s = svc1(est);
	check_range(s->monthly, 41.9, 41.9, 41.9);
	assert_money(s->upfront, 240);
	assert_money(item_of(s, "compute", "reserved_1yr_partial_upfront")->upfront, 240);
	assert_money(item_of(s, "compute", "reserved_1yr_partial_upfront")->price->price, 0.03);
	assert_money(item_of(s, "compute", "reserved_1yr_partial_upfront")->unit_price, 41.9 / 730);
	/* fully covered: the on-demand line shows zero hours */
	assert_money(item_of(s, "compute", "on_demand")->quantity, 0);
	assert_money(infracost_estimate_total_upfront(est), 240);
	infracost_estimate_free(est);

	/* 3yr all upfront: 1080 / 36 = 30 a month */
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": 1, \"purchase\": { \"reserved\": { \"count\": 1, "
			      "\"term\": \"3yr\","
			      " \"payment\": \"all_upfront\" } } }",
			      730, NULL),
			  cat);
	check_range(svc1(est)->monthly, 30, 30, 30);
	assert_money(svc1(est)->upfront, 1080);
	infracost_estimate_free(est);
}

/* Every term and payment: monthly = R x (730 x hourly + upfront / months). */
static void test_every_reserved_term(void **state)
{
	static const struct {
		const char *term, *payment;
		double hourly, upfront;
		int months;
	} cases[] = {
		{"1yr", "no_upfront", 0.060, 0, 12},
		{"1yr", "partial_upfront", 0.029, 252, 12},
		{"1yr", "all_upfront", 0, 494, 12},
		{"3yr", "no_upfront", 0.041, 0, 36},
		{"3yr", "partial_upfront", 0.019, 505, 36},
		{"3yr", "all_upfront", 0, 949, 36},
	};
	infracost_buf book = INFRACOST_BUF_INIT;
	infracost_catalog *c;
	(void)state;
	infracost__buf_puts(&book, "provider,service,region,sku,purchase,unit,price,upfront\n"
				   "aws,ec2,r1,m5.large,on_demand,hour,0.096,0\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		infracost__buf_printf(&book, "aws,ec2,r1,m5.large,reserved_%s_%s,hour,%g,%g\n",
				      cases[i].term, cases[i].payment, cases[i].hourly,
				      cases[i].upfront);
	c = catalog_from(book.data);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char svc[512];
		infracost_estimate *est;
		double monthly = 2 * (730 * cases[i].hourly + cases[i].upfront / cases[i].months);
		snprintf(svc, sizeof(svc),
			 "{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m5.large\", "
			 "\"replicas\": 3,"
			 " \"purchase\": { \"reserved\": { \"count\": 2, \"term\": \"%s\", "
			 "\"payment\": \"%s\" } } }",
			 cases[i].term, cases[i].payment);
		est = estimate_of(one(svc, 730, NULL), c);
		/* two reserved, the third on demand */
		assert_money(svc1(est)->monthly.expected, monthly + 730 * 0.096);
		assert_money(svc1(est)->upfront, 2 * cases[i].upfront);
		infracost_estimate_free(est);
	}
	infracost_catalog_free(c);
	infracost__buf_free(&book);
}

static void test_reserved_with_workload_and_schedule(void **state)
{
	infracost_estimate *est;
	(void)state;
	/* r = 8 for 1/4 of the hours, 2 otherwise; R = 2: uncovered mean 1.5 ->
	 * 1.5 x 730 x 0.1 = 109.5, + 87.6 reserved; min r=1: 87.6; max 6 x 73 + 87.6 */
	est = estimate_of(
		one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		    " \"replicas\": { \"min\": 1, \"max\": 8 },"
		    " \"autoscaling\": { \"workload\": \"web\", \"capacity_per_replica\": 100,"
		    " \"target_utilization\": 0.5 },"
		    " \"purchase\": { \"reserved\": { \"count\": 2 } } }",
		    730, SPIKE),
		cat);
	check_range(svc1(est)->monthly, 87.6, 197.1, 525.6);
	infracost_estimate_free(est);
	/* An environment running 200 hours still pays the reservation for 730. */
	est = estimate_of(
		one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		    " \"replicas\": 2, \"purchase\": { \"reserved\": { \"count\": 1 } } }",
		    200, NULL),
		cat);
	/* 730 x 0.06 + 1 x 200 x 0.1 */
	check_range(svc1(est)->monthly, 63.8, 63.8, 63.8);
	infracost_estimate_free(est);
	/* More reserved than ever runs: a warning. */
	est = estimate_of(
		one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		    " \"replicas\": 1, \"purchase\": { \"reserved\": { \"count\": 3 } } }",
		    730, NULL),
		cat);
	assert_money(svc1(est)->monthly.expected, 3 * 730 * 0.06);
	assert_int_equal(infracost_estimate_warning_count(est), 1);
	assert_non_null(strstr(infracost_estimate_warning(est, 0)->message,
			       "3 reserved units exceed the maximum of 1 replicas"));
	infracost_estimate_free(est);
}

static void test_container(void **state)
{
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	/* 2 replicas x 730 h: vcpu 1460 x 0.5 x 0.04 = 29.2; memory 1460 x 1 x 0.004 = 5.84 */
	est = estimate_of(
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 0.5, \"memory_gb\": 1,"
		    " \"replicas\": 2 }",
		    730, NULL),
		cat);
	s = svc1(est);
	check_range(s->monthly, 35.04, 35.04, 35.04);
	assert_money(item_of(s, "vcpu", "on_demand")->quantity, 730);
	assert_string_equal(item_of(s, "vcpu", "on_demand")->price->sku, "vcpu:x86_64");
	assert_string_equal(item_of(s, "memory", "on_demand")->price->service, "fargate");
	assert_money(s->vcpu_max, 1);
	assert_money(s->memory_gb_min, 2);
	infracost_estimate_free(est);
	/* arm64: 730 x 0.032 + 730 x 2 x 0.0035 */
	est = estimate_of(
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2,"
		    " \"arch\": \"arm64\" }",
		    730, NULL),
		cat);
	assert_money(svc1(est)->monthly.expected, 23.36 + 5.11);
	infracost_estimate_free(est);
	/* 70% spot: vcpu od 0.3 x 1460 x 0.5 x 0.04 = 8.76, spot 0.7 x 1460 x 0.5 x 0.012 = 6.132;
	 * memory od 0.3 x 1460 x 0.004 = 1.752, spot 0.7 x 1460 x 0.0012 = 1.2264 */
	est = estimate_of(
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 0.5, \"memory_gb\": 1,"
		    " \"replicas\": 2, \"purchase\": { \"spot\": 0.7 } }",
		    730, NULL),
		cat);
	s = svc1(est);
	assert_money(s->monthly.expected, 8.76 + 6.132 + 1.752 + 1.2264);
	assert_money(item_of(s, "vcpu", "spot")->monthly, 6.132);
	assert_money(item_of(s, "memory", "spot")->quantity, 0.7 * 1460);
	infracost_estimate_free(est);
	/* all on spot: no on-demand line */
	est = estimate_of(
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2,"
		    " \"purchase\": { \"spot\": 1 } }",
		    100, NULL),
		cat);
	s = svc1(est);
	assert_null(item_of(s, "vcpu", "on_demand"));
	assert_money(s->monthly.expected, 100 * 0.012 + 2 * 100 * 0.0012);
	infracost_estimate_free(est);
	/* an environment schedule scales container hours */
	est = estimate_of(
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2 }",
		    200, NULL),
		cat);
	assert_money(svc1(est)->monthly.expected, 200 * 0.04 + 2 * 200 * 0.004);
	infracost_estimate_free(est);
}

static void test_database(void **state)
{
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	/* 730 x 0.02 = 14.6; storage 50 x 0.1 = 5; backup (60 - 50 free) x 0.09 = 0.9 */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"instance_type\": \"db.s\", \"storage_gb\": 50, \"backup_gb\": 60 }",
		    730, NULL),
		cat);
	s = svc1(est);
	check_range(s->monthly, 20.5, 20.5, 20.5);
	assert_string_equal(item_of(s, "instance", "on_demand")->price->sku,
			    "postgresql:db.s:single_az");
	assert_string_equal(item_of(s, "storage", "on_demand")->price->sku,
			    "postgresql:storage:gp3:single_az");
	assert_money(item_of(s, "backup", "on_demand")->monthly, 0.9);
	infracost_estimate_free(est);
	/* Multi-AZ, 2 instances: 2 x 730 x 0.04 = 58.4; storage 2 x 50 x 0.2 = 20; no backup line */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"instance_type\": \"db.s\", \"multi_az\": true, \"count\": 2, "
		    "\"storage_gb\": 50 }",
		    730, NULL),
		cat);
	s = svc1(est);
	check_range(s->monthly, 78.4, 78.4, 78.4);
	assert_null(item_of(s, "backup", "on_demand"));
	infracost_estimate_free(est);
	/* One of two reserved, 1yr all upfront: 240/12 = 20 + 730 x 0.04 + storage 20 */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"instance_type\": \"db.s\", \"multi_az\": true, \"count\": 2, "
		    "\"storage_gb\": 50,"
		    " \"purchase\": { \"reserved\": { \"count\": 1, \"payment\": \"all_upfront\" } "
		    "} }",
		    730, NULL),
		cat);
	check_range(svc1(est)->monthly, 69.2, 69.2, 69.2);
	assert_money(svc1(est)->upfront, 240);
	infracost_estimate_free(est);
	/* A 200-hour environment: the instance scales, storage does not. */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"instance_type\": \"db.s\", \"storage_gb\": 50 }",
		    200, NULL),
		cat);
	assert_money(svc1(est)->monthly.expected, 4 + 5);
	infracost_estimate_free(est);
}

static void test_cache_lb_nat(void **state)
{
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	est = estimate_of(one("{ \"name\": \"k\", \"type\": \"cache\", \"node_type\": \"cache.s\", "
			      "\"nodes\": 3 }",
			      730, NULL),
			  cat);
	assert_money(svc1(est)->monthly.expected, 43.8);
	assert_string_equal(svc1(est)->line_items[0].price->sku, "redis:cache.s");
	infracost_estimate_free(est);
	est = estimate_of(
		one("{ \"name\": \"k\", \"type\": \"cache\", \"node_type\": \"cache.s\", "
		    "\"nodes\": 3,"
		    " \"purchase\": { \"reserved\": { \"count\": 3, \"term\": \"3yr\" } } }",
		    730, NULL),
		cat);
	s = svc1(est);
	assert_money(s->monthly.expected, 21.9);
	assert_null(item_of(s, "nodes", "on_demand")); /* fully reserved */
	infracost_estimate_free(est);
	/* 2 ALBs, 3 LCU: hours 2 x 730 x 0.02 = 29.2; lcu 2 x 3 x 730 x 0.008 = 35.04 */
	est = estimate_of(
		one("{ \"name\": \"l\", \"type\": \"load_balancer\", \"count\": 2, \"lcu\": 3 }",
		    730, NULL),
		cat);
	s = svc1(est);
	assert_money(item_of(s, "hours", "on_demand")->monthly, 29.2);
	assert_money(item_of(s, "lcu", "on_demand")->quantity, 4380);
	assert_money(s->monthly.expected, 64.24);
	infracost_estimate_free(est);
	/* NAT: 2 x 730 x 0.05 + 100 x 0.05 */
	est = estimate_of(one("{ \"name\": \"n\", \"type\": \"nat_gateway\", \"count\": 2, "
			      "\"data_gb\": 100 }",
			      730, NULL),
			  cat);
	assert_money(svc1(est)->monthly.expected, 78);
	infracost_estimate_free(est);
}

/* public_ip (formats.md section 5): addresses = count x H hours of
 * vpc/public_ipv4, the same in every case. */
static void test_public_ip(void **state)
{
	infracost_catalog *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	const infracost_line_item *it;
	(void)state;
	/* 3 addresses x 500 h x 0.005 = 7.50 */
	est = estimate_of(
		one("{ \"name\": \"ips\", \"type\": \"public_ip\", \"count\": 3 }", 500, NULL),
		cat);
	s = svc1(est);
	assert_string_equal(s->type, "public_ip");
	assert_int_equal(s->line_item_count, 1);
	it = item_of(s, "addresses", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->service, "vpc");
	assert_string_equal(it->price->sku, "public_ipv4");
	assert_string_equal(it->price->unit, "hour");
	assert_money(it->quantity, 1500);
	assert_money(it->unit_price, 0.005);
	check_range(s->monthly, 7.5, 7.5, 7.5);
	assert_money(s->upfront, 0);
	infracost_estimate_free(est);
	/* count defaults to 1: 730 h x 0.005 = 3.65; a count of 0 still shows the line at 0 */
	est = estimate_of(one("{ \"name\": \"ip\", \"type\": \"public_ip\" }", 730, NULL), cat);
	check_range(svc1(est)->monthly, 3.65, 3.65, 3.65);
	infracost_estimate_free(est);
	est = estimate_of(
		one("{ \"name\": \"ip\", \"type\": \"public_ip\", \"count\": 0 }", 730, NULL), cat);
	assert_int_equal(svc1(est)->line_item_count, 1);
	assert_money(svc1(est)->monthly.expected, 0);
	infracost_estimate_free(est);
	/* the shipped snapshot prices it in us-east-1 (0.005/h, recorded AWS Pricing API item) */
	shipped = catalog_default();
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": "
			  "[ { \"name\": \"ip\", \"type\": \"public_ip\", \"count\": 2 } ] }",
			  shipped);
	assert_money(svc1(est)->monthly.expected, 2 * 730 * 0.005);
	assert_string_equal(svc1(est)->line_items[0].price->sku, "public_ipv4");
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
}

static void test_tiers_function_transfer_custom(void **state)
{
	infracost_estimate *est;
	const infracost_line_item *it;
	(void)state;
	/* S3 ladder 0: 0.02, 100: 0.01 -> 150 GB = 2 + 0.5 */
	est = estimate_of(
		one("{ \"name\": \"o\", \"type\": \"object_storage\", \"storage_gb\": 150 }", 730,
		    NULL),
		cat);
	it = &svc1(est)->line_items[0];
	assert_money(it->monthly, 2.5);
	assert_money(it->unit_price, 2.5 / 150);
	assert_money(it->price->price, 0.02);
	assert_int_equal(it->tiered, 1);
	infracost_estimate_free(est);
	/* Within the first tier: not tiered, the plain price. */
	est = estimate_of(
		one("{ \"name\": \"o\", \"type\": \"object_storage\", \"storage_gb\": 100 }", 730,
		    NULL),
		cat);
	it = &svc1(est)->line_items[0];
	assert_money(it->monthly, 2);
	assert_int_equal(it->tiered, 0);
	infracost_estimate_free(est);
	/* Function: 1e6 requests x 0.0000002 = 0.2; 1e6 x 0.1 s x 0.25 GB = 25000 GB-s x 0.00001 = 0.25 */
	est = estimate_of(one("{ \"name\": \"f\", \"type\": \"function\", \"requests\": 1000000,"
			      " \"duration_ms\": 100, \"memory_mb\": 256 }",
			      730, NULL),
			  cat);
	assert_money(item_of(svc1(est), "compute", "on_demand")->quantity, 25000);
	assert_money(svc1(est)->monthly.expected, 0.45);
	infracost_estimate_free(est);
	/* Transfer 1500 GB: 1000 x 0.09 + 500 x 0.05 */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"data_transfer\", \"out_gb\": 1500 }",
			      730, NULL),
			  cat);
	assert_money(svc1(est)->monthly.expected, 115);
	infracost_estimate_free(est);
	/* Custom items as written, not looked up. */
	est = estimate_of(one("{ \"name\": \"u\", \"type\": \"custom\", \"items\": ["
			      " { \"name\": \"seats\", \"quantity\": 3, \"unit\": \"seat\", "
			      "\"unit_price\": 10 },"
			      " { \"name\": \"support\", \"quantity\": 1, \"unit\": \"month\", "
			      "\"unit_price\": 99.5 } ] }",
			      730, NULL),
			  cat);
	assert_money(svc1(est)->monthly.expected, 129.5);
	assert_string_equal(svc1(est)->line_items[1].price->purchase, "custom");
	infracost_estimate_free(est);
}

static int compute_error(const char *json, const infracost_catalog *c, const char **msg)
{
	infracost_spec *spec = spec_from(json);
	infracost_estimate *est = NULL;
	int rc = infracost_estimate_compute(&est, spec, c, NULL);
	assert_null(est);
	*msg = infracost_error_last()->message;
	infracost_spec_free(spec);
	return rc;
}

static void test_price_not_found(void **state)
{
	const char *msg;
	(void)state;
	assert_int_equal(
		compute_error(
			one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.larg\" }",
			    730, NULL),
			cat, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].instance_type");
	assert_int_equal(infracost_error_last()->line, 1);
	assert_int_equal(infracost_error_last()->column, 183);
	assert_non_null(strstr(msg, "spec.json:1:183: services[0].instance_type: price not found: "
				    "aws/ec2/r1/m.larg/on_demand/hour"));
	assert_non_null(strstr(msg, "for service 'v' in environment 'e'"));
	assert_non_null(strstr(msg, "closest: aws/ec2/r1/m.large/on_demand/hour"));
	/* a key from an override is named by its override path */
	assert_int_equal(
		compute_error(
			one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			    " \"overrides\": { \"e\": { \"instance_type\": \"q.huge\" } } }",
			    730, NULL),
			cat, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].overrides.e.instance_type");
	/* spot asked where the catalog has none */
	assert_int_equal(
		compute_error(
			one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"x.nosize\","
			    " \"purchase\": { \"spot\": 0.5 } }",
			    730, NULL),
			cat, &msg),
		INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg, "aws/ec2/r1/x.nosize/spot/hour"));
	/* reserved term not in the catalog */
	assert_int_equal(
		compute_error(
			one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			    " \"purchase\": { \"reserved\": { \"count\": 1, \"term\": \"3yr\" } } "
			    "}",
			    730, NULL),
			cat, &msg),
		INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg, "aws/ec2/r1/m.large/reserved_3yr_no_upfront/hour"));
	/* another region: nothing there */
	assert_int_equal(
		compute_error("{ \"provider\": \"aws\", \"region\": \"r2\", \"services\": ["
			      " { \"name\": \"n\", \"type\": \"nat_gateway\" } ] }",
			      cat, &msg),
		INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg, "aws/nat/r2/gateway/on_demand/hour"));
	assert_non_null(strstr(msg, "closest: aws/nat/r1/gateway/on_demand/hour"));
	/* a ladder not starting at 0 prices nothing below its first tier */
	assert_int_equal(compute_error(one("{ \"name\": \"o\", \"type\": \"object_storage\", "
					   "\"class\": \"glacier\","
					   " \"storage_gb\": 5 }",
					   730, NULL),
				       cat, &msg),
			 INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg, "starts at 10 gb_month"));
	/* a database storage type without a price */
	assert_int_equal(
		compute_error(
			one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
			    " \"instance_type\": \"db.s\", \"storage_gb\": 5, \"storage_type\": "
			    "\"io2\" }",
			    730, NULL),
			cat, &msg),
		INFRACOST_ENOTFOUND);
	assert_non_null(
		strstr(msg, "aws/rds/r1/postgresql:storage:io2:single_az/on_demand/gb_month"));
}

static void test_layering(void **state)
{
	infracost_catalog *c = catalog_from(BOOK);
	const char *over = "provider,service,region,sku,purchase,unit,price\n"
			   "aws,ec2,r1,m.large,on_demand,hour,0.2\n";
	infracost_estimate *est;
	(void)state;
	assert_int_equal(infracost_catalog_load_buffer(c, over, strlen(over), "over.csv"), 0);
	est = estimate_of(
		one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\" }", 730,
		    NULL),
		c);
	assert_money(svc1(est)->monthly.expected, 146);
	/* a later book that states no size keeps the size of the row it replaces */
	assert_money(svc1(est)->vcpu_min, 2);
	assert_int_equal(infracost_estimate_warning_count(est), 0);
	infracost_estimate_free(est);
	infracost_catalog_free(c);
}

static const char *MULTI =
	"{ \"name\": \"m\", \"provider\": \"aws\", \"region\": \"r1\","
	" \"environments\": { \"dev\": { \"hours_per_month\": 100 }, \"staging\": {}, \"prod\": {} "
	"},"
	" \"services\": ["
	"  { \"name\": \"api\", \"type\": \"vm\", \"instance_type\": \"m.large\", \"replicas\": 2,"
	"    \"overrides\": { \"dev\": { \"replicas\": 1 }, \"prod\": { \"replicas\": { \"min\": "
	"2, \"max\": 4, \"average\": 3 },"
	"    \"purchase\": { \"reserved\": { \"count\": 1, \"payment\": \"partial_upfront\" } } } "
	"} },"
	"  { \"name\": \"db\", \"type\": \"database\", \"engine\": \"postgresql\", "
	"\"instance_type\": \"db.s\","
	"    \"environments\": [\"prod\"] } ] }";

static void test_environments_and_totals(void **state)
{
	infracost_estimate *est;
	const infracost_env_result *dev, *prod;
	infracost_spec *spec;
	const char *only[] = {"prod"};
	const char *bad[] = {"qa"};
	infracost_estimate_options opt = INFRACOST_ESTIMATE_OPTIONS_INIT;
	(void)state;
	est = estimate_of(MULTI, cat);
	assert_int_equal(infracost_estimate_environment_count(est), 3);
	dev = env_of(est, "dev");
	prod = env_of(est, "prod");
	assert_string_equal(infracost_estimate_environment(est, 0)->name, "dev");
	assert_string_equal(infracost_estimate_environment(est, 2)->name, "prod");
	assert_int_equal(dev->service_count, 1); /* db is prod only */
	assert_int_equal(prod->service_count, 2);
	/* dev: 1 x 100 x 0.1 */
	check_range(dev->monthly, 10, 10, 10);
	/* staging: 2 x 730 x 0.1 */
	check_range(env_of(est, "staging")->monthly, 146, 146, 146);
	/* prod api: reserved 1 x (730 x 0.03 + 20) = 41.9; on demand (r - 1) x 73:
	 * min 73, expected 146, max 219; db 14.6 */
	check_range(service_of(est, "prod", "api")->monthly, 114.9, 187.9, 260.9);
	check_range(prod->monthly, 129.5, 202.5, 275.5);
	assert_money(prod->upfront, 240);
	assert_money(prod->vcpu_min, 4);
	assert_money(prod->vcpu_max, 8);
	assert_money(prod->memory_gb_max, 32);
	check_range(infracost_estimate_total(est), 10 + 146 + 129.5, 10 + 146 + 202.5,
		    10 + 146 + 275.5);
	assert_money(infracost_estimate_total_upfront(est), 240);
	assert_money(infracost_estimate_hours_per_month(est), 730);
	assert_string_equal(infracost_estimate_name(est), "m");
	infracost_estimate_free(est);

	spec = spec_from(MULTI);
	opt.environments = only;
	opt.environment_count = 1;
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, &opt), 0);
	assert_int_equal(infracost_estimate_environment_count(est), 1);
	check_range(infracost_estimate_total(est), 129.5, 202.5, 275.5);
	infracost_estimate_free(est);
	opt.environments = bad;
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, &opt), INFRACOST_EINVALID);
	assert_null(est);
	infracost_spec_free(spec);
}

static void test_gcp_mapping(void **state)
{
	infracost_estimate *est;
	(void)state;
	est = estimate_of(
		"{ \"provider\": \"gcp\", \"region\": \"g1\", \"services\": ["
		" { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"e2-standard-2\" } ] }",
		cat);
	assert_string_equal(svc1(est)->line_items[0].price->service, "compute");
	assert_money(svc1(est)->monthly.expected, 730 * 0.067);
	infracost_estimate_free(est);
}

static void test_render_json(void **state)
{
	infracost_estimate *est;
	char *text = NULL;
	size_t len = 0;
	json_t *root, *env, *svc, *item;
	json_error_t err;
	(void)state;
	est = estimate_of(MULTI, cat);
	assert_int_equal(infracost_estimate_render(&text, &len, est, INFRACOST_FORMAT_JSON), 0);
	assert_int_equal(strlen(text), len);
	root = json_loads(text, 0, &err);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "name")), "m");
	assert_string_equal(json_string_value(json_object_get(root, "currency")), "USD");
	assert_money(json_number_value(json_object_get(root, "hours_per_month")), 730);
	assert_int_equal(json_array_size(json_object_get(root, "environments")), 3);
	env = json_array_get(json_object_get(root, "environments"), 2);
	assert_string_equal(json_string_value(json_object_get(env, "name")), "prod");
	assert_string_equal(json_string_value(json_object_get(env, "region")), "r1");
	assert_money(
		json_number_value(json_object_get(json_object_get(env, "monthly"), "expected")),
		202.5);
	assert_money(json_number_value(json_object_get(env, "upfront")), 240);
	assert_money(json_number_value(json_object_get(
			     json_object_get(json_object_get(env, "capacity"), "vcpu"), "max")),
		     8);
	svc = json_array_get(json_object_get(env, "services"), 0);
	assert_string_equal(json_string_value(json_object_get(svc, "name")), "api");
	assert_string_equal(json_string_value(json_object_get(svc, "type")), "vm");
	item = json_array_get(json_object_get(svc, "line_items"), 0);
	assert_non_null(item);
	{
		static const char *const keys[] = {"component",  "purchase", "provider", "service",
						   "region",     "sku",      "unit",     "quantity",
						   "unit_price", "monthly"};
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			assert_non_null(json_object_get(item, keys[i]));
	}
	assert_string_equal(json_string_value(json_object_get(item, "purchase")),
			    "reserved_1yr_partial_upfront");
	assert_money(json_number_value(json_object_get(item, "monthly")), 41.9);
	assert_money(json_number_value(json_object_get(
			     json_object_get(json_object_get(root, "total"), "monthly"), "max")),
		     10 + 146 + 275.5);
	assert_true(json_is_array(json_object_get(root, "warnings")));
	/* every number is a JSON real, so consumers see one type */
	assert_true(json_is_real(json_object_get(env, "upfront")));
	json_decref(root);
	infracost_free(text);
	infracost_estimate_free(est);
}

static void test_render_other_formats(void **state)
{
	infracost_estimate *est;
	char *text = NULL;
	size_t lines = 0;
	infracost_format f;
	(void)state;
	est = estimate_of(MULTI, cat);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_CSV), 0);
	assert_true(strncmp(text, "environment,service,type,component,purchase,", 44) == 0);
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	/* header + dev 1 + staging 1 + prod api (reserved, on demand) + db 1 */
	assert_int_equal(lines, 6);
	assert_non_null(strstr(
		text,
		"prod,api,vm,compute,reserved_1yr_partial_upfront,aws,ec2,r1,m.large,hour,730.0,"));
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "Environment prod (r1, 730 h/month)"));
	assert_non_null(strstr(text, "Summary"));
	assert_non_null(strstr(text, "202.50"));
	/* A line item ends with the SKU it was priced from; the purchase
	 * column is as wide as the longest purchase of the estimate. */
	{
		const char *r = strstr(text, "      compute   reserved_1yr_partial_upfront ");
		assert_non_null(r);
		assert_true(strncmp(strchr(r, '\n') - 9, "  m.large", 9) == 0);
		assert_non_null(strstr(text, "      compute   on_demand                    "));
	}
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_MARKDOWN), 0);
	assert_non_null(strstr(text, "| Environment | Min | Expected | Max | Upfront |"));
	assert_non_null(strstr(text, "| prod | 129.50 | 202.50 | 275.50 | 240.00 |"));
	infracost_free(text);
	assert_int_equal(infracost_format_parse(&f, "markdown"), 0);
	assert_int_equal(f, INFRACOST_FORMAT_MARKDOWN);
	assert_int_equal(infracost_format_parse(&f, "yaml"), INFRACOST_EINVALID);
	infracost_estimate_free(est);
}

/* More distinct strings than the JSON writer's table holds: every line
 * still carries its own names (the writer once mixed them up). */
static void test_render_many_distinct_strings(void **state)
{
	infracost_buf spec = INFRACOST_BUF_INIT;
	infracost_estimate *est;
	char *text = NULL;
	json_t *root, *items;
	json_error_t err;
	(void)state;
	infracost__buf_puts(&spec, "{ \"provider\": \"aws\", \"region\": \"r1\", \"services\": [");
	for (int i = 0; i < 3000; i++)
		infracost__buf_printf(&spec,
				      "%s{ \"name\": \"svc-%d\", \"type\": \"custom\", \"items\": ["
				      "{ \"name\": \"a-%d\", \"quantity\": 1, \"unit\": \"u-%d\", "
				      "\"unit_price\": %d } ] }",
				      i ? "," : "", i, i, i, i);
	infracost__buf_puts(&spec, "] }");
	est = estimate_of(spec.data, cat);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON), 0);
	root = json_loads(text, 0, &err);
	assert_non_null(root);
	for (int i = 0; i < 3000; i++) {
		json_t *svc = json_array_get(
			json_object_get(json_array_get(json_object_get(root, "environments"), 0),
					"services"),
			(size_t)i);
		char want[32];
		snprintf(want, sizeof(want), "svc-%d", i);
		assert_string_equal(json_string_value(json_object_get(svc, "name")), want);
		items = json_object_get(svc, "line_items");
		snprintf(want, sizeof(want), "a-%d", i);
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(items, 0), "component")),
			want);
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(items, 0), "sku")), want);
		snprintf(want, sizeof(want), "u-%d", i);
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(items, 0), "unit")), want);
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(items, 0), "purchase")),
			"custom");
		assert_money(json_number_value(
				     json_object_get(json_array_get(items, 0), "recurring_price")),
			     i);
	}
	json_decref(root);
	infracost_free(text);
	infracost_estimate_free(est);
	infracost__buf_free(&spec);
}

struct pieces {
	infracost_buf all;
	size_t calls, biggest;
	size_t fail_at; /* fail the Nth call (0: never) */
};

static int collect(void *ctx, const char *data, size_t len)
{
	struct pieces *p = ctx;
	p->calls++;
	if (len > p->biggest)
		p->biggest = len;
	if (p->fail_at && p->calls == p->fail_at)
		return -1;
	infracost__buf_put(&p->all, data, len);
	return 0;
}

/* Streaming gives the same bytes as rendering to a string, in pieces of at
 * most a chunk; a writer that fails stops it with INFRACOST_EIO. */
static void test_write_streams_the_same_bytes(void **state)
{
	infracost_buf spec = INFRACOST_BUF_INIT;
	infracost_estimate *est;
	(void)state;
	infracost__buf_puts(&spec, "{ \"provider\": \"aws\", \"region\": \"r1\", \"services\": [");
	for (int i = 0; i < 2000; i++)
		infracost__buf_printf(
			&spec,
			"%s{ \"name\": \"s%d\", \"type\": \"vm\", \"instance_type\": \"m.large\" }",
			i ? "," : "", i);
	infracost__buf_puts(&spec, "] }");
	est = estimate_of(spec.data, cat);
	for (int f = 0; f < 4; f++) {
		struct pieces p = {INFRACOST_BUF_INIT, 0, 0, 0};
		char *text = NULL;
		size_t len = 0;
		assert_int_equal(infracost_estimate_render(&text, &len, est, (infracost_format)f),
				 0);
		assert_int_equal(infracost_estimate_write(est, (infracost_format)f, collect, &p),
				 0);
		assert_int_equal(p.all.len, len);
		assert_memory_equal(p.all.data, text, len);
		assert_true(p.biggest <= 65536);
		if (f == INFRACOST_FORMAT_JSON)
			assert_true(p.calls > 3);
		infracost_free(text);
		infracost__buf_free(&p.all);
	}
	{
		struct pieces p = {INFRACOST_BUF_INIT, 0, 0, 2};
		assert_int_equal(infracost_estimate_write(est, INFRACOST_FORMAT_JSON, collect, &p),
				 INFRACOST_EIO);
		assert_int_equal(p.calls, 2); /* nothing more after the failure */
		infracost__buf_free(&p.all);
	}
	assert_int_equal(infracost_estimate_write(est, INFRACOST_FORMAT_JSON, NULL, NULL),
			 INFRACOST_EINVALID);
	infracost_estimate_free(est);
	infracost__buf_free(&spec);
}

/* Out of memory anywhere in compute or render is reported, never a crash or leak. */
static void test_out_of_memory(void **state)
{
	infracost_spec *spec = spec_from(MULTI);
	int done = 0;
	(void)state;
	for (unsigned long n = 1; !done && n < 10000; n++) {
		infracost_estimate *est = NULL;
		char *text = NULL;
		int rc;
		infracost__alloc_fail_after(n);
		rc = infracost_estimate_compute(&est, spec, cat, NULL);
		if (rc == 0)
			rc = infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON);
		infracost__alloc_fail_after(0);
		if (rc == 0)
			done = 1;
		else
			assert_int_equal(rc, INFRACOST_ENOMEM);
		infracost_free(text);
		infracost_estimate_free(est);
	}
	assert_true(done);
	infracost_spec_free(spec);
}

static void test_shipped_snapshot_example(void **state)
{
	infracost_catalog *shipped = catalog_default();
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	const infracost_service_result *s;
	(void)state;
	assert_int_equal(infracost_spec_load_file(&spec, SOURCE_DIR "/examples/webshop.json"), 0);
	assert_int_equal(infracost_estimate_compute(&est, spec, shipped, NULL), 0);
	/* staging search: one m5.large on demand (0.096 x 730) and 50 GB gp3 (0.08) */
	s = service_of(est, "staging", "search");
	assert_money(s->monthly.expected, 0.096 * 730 + 50 * 0.08);
	/* prod search: 2 reserved 1yr partial upfront m5.large (0.029/h + 252) */
	s = service_of(est, "prod", "search");
	assert_money(item_of(s, "compute", "reserved_1yr_partial_upfront")->monthly,
		     2 * (730 * 0.029 + 252.0 / 12));
	assert_money(s->upfront, 504);
	/* prod db: db.r6g.large Multi-AZ 0.45/h, 100 GB gp3 Multi-AZ 0.23; of its 160 GB of
	 * backup the provisioned 100 GB are free (v2): 60 GB at 0.095 */
	s = service_of(est, "prod", "db");
	assert_money(s->monthly.expected, 730 * 0.45 + 100 * 0.23 + 60 * 0.095);
	assert_money(item_of(s, "backup", "on_demand")->quantity, 60);
	/* dev db: db.t3.medium PostgreSQL Single-AZ, 0.072/h for the 260 office hours */
	s = service_of(est, "dev", "db");
	assert_money(s->line_items[0].unit_price, 0.072);
	assert_money(s->line_items[0].quantity, 260);
	/* every component of the reference architecture is priced, none by hand */
	{
		static const char *const types[] = {
			"container",     "function",    "vm",
			"database",      "key_value",   "cache",
			"load_balancer", "nat_gateway", "public_ip",
			"cdn",           "dns",         "object_storage",
			"file_storage",  "monitoring",  "kubernetes",
			"data_transfer"};
		for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			int seen = 0;
			for (size_t e = 0; e < infracost_estimate_environment_count(est); e++) {
				const infracost_env_result *env = infracost_estimate_environment(
					est, e);
				for (size_t i = 0; i < env->service_count; i++) {
					assert_string_not_equal(env->services[i].type, "custom");
					seen |= strcmp(env->services[i].type, types[t]) == 0;
				}
			}
			if (!seen)
				fail_msg("the reference architecture has no %s", types[t]);
		}
	}
	/* the replica of the prod assets is priced in eu-west-1 */
	s = service_of(est, "prod", "assets");
	assert_string_equal(item_of(s, "replica_storage", "on_demand")->price->region, "eu-west-1");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	infracost_catalog_free(shipped);
}

static void test_null_arguments(void **state)
{
	infracost_estimate *est = NULL;
	(void)state;
	assert_int_equal(infracost_estimate_compute(&est, NULL, cat, NULL), INFRACOST_EINVALID);
	assert_int_equal(infracost_estimate_compute(NULL, NULL, NULL, NULL), INFRACOST_EINVALID);
	infracost_estimate_free(NULL);
	assert_int_equal(infracost_estimate_environment_count(NULL), 0);
	assert_null(infracost_estimate_environment(NULL, 0));
	assert_null(infracost_estimate_warning(NULL, 0));
	assert_int_equal(infracost_estimate_render(NULL, NULL, NULL, INFRACOST_FORMAT_JSON),
			 INFRACOST_EINVALID);
}

/* ---- huge amounts (issue 9 part 1) ----------------------------------- */

/* Every rendering of an estimate: JSON that jansson reads back (no inf or
 * nan can be in it), and table, Markdown and CSV with every amount in its
 * column. On the old code the table overran infracost__money's 40-byte
 * buffer from 1e27 on (ASan: stack-buffer-overflow). */
static void render_all(const infracost_estimate *est, const char *want_in_table)
{
	static const infracost_format formats[] = {INFRACOST_FORMAT_TABLE, INFRACOST_FORMAT_JSON,
						   INFRACOST_FORMAT_CSV, INFRACOST_FORMAT_MARKDOWN};
	for (size_t f = 0; f < 4; f++) {
		char *text = NULL;
		assert_int_equal(infracost_estimate_render(&text, NULL, est, formats[f]), 0);
		assert_null(strstr(text, "inf"));
		assert_null(strstr(text, "nan"));
		if (formats[f] == INFRACOST_FORMAT_JSON) {
			json_error_t err;
			json_t *root = json_loads(text, 0, &err);
			if (!root)
				print_error("%d:%d: %s\n", err.line, err.column, err.text);
			assert_non_null(root);
			json_decref(root);
		}
		if (formats[f] == INFRACOST_FORMAT_TABLE && want_in_table)
			assert_non_null(strstr(text, want_in_table));
		infracost_free(text);
	}
}

static const char *HUGE_BOOK = "provider,service,region,sku,purchase,unit,price,upfront,source\n"
			       "aws,ec2,r1,m.large,on_demand,hour,0.1,,test\n"
			       "aws,ec2,r1,m.large,reserved_1yr_all_upfront,hour,0,1e308,test\n";

/* Finite but huge: rendered in scientific notation, never overrunning. */
static void test_huge_amounts_render(void **state)
{
	static const struct {
		const char *spec, *table;
	} cases[] = {
		/* replicas 1e30 x 730 h x 0.1 */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": ["
		 " { \"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		 " \"replicas\": 1e30 } ] }",
		 "7.300000e+31"},
		/* a custom item of quantity 1e27 */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": ["
		 " { \"name\": \"c\", \"type\": \"custom\", \"items\": [ { \"name\": \"i\","
		 " \"quantity\": 1e27, \"unit\": \"unit\", \"unit_price\": 1 } ] } ] }",
		 "1.000000e+27"},
		/* upfront 1e308 from the book, one reserved unit */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": ["
		 " { \"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		 " \"replicas\": 1, \"purchase\": { \"reserved\": { \"count\": 1, \"term\": "
		 "\"1yr\", \"payment\": \"all_upfront\" } } } ] }",
		 "1.000000e+308"},
		/* just below the switch: grouped digits */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": ["
		 " { \"name\": \"c\", \"type\": \"custom\", \"items\": [ { \"name\": \"i\","
		 " \"quantity\": 999999999999999, \"unit\": \"unit\", \"unit_price\": 1 } ] } ] }",
		 "999,999,999,999,999.00"},
	};
	infracost_catalog *book = catalog_from(HUGE_BOOK);
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		infracost_spec *spec = NULL;
		infracost_estimate *est = NULL;
		int rc = infracost_spec_load_string(&spec, cases[i].spec, strlen(cases[i].spec),
						    "spec.json");
		if (rc == INFRACOST_EINVALID) /* a cap on replicas refuses it: safe too */
			continue;
		assert_int_equal(rc, 0);
		assert_int_equal(infracost_estimate_compute(&est, spec, book, NULL), 0);
		render_all(est, cases[i].table);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
	infracost_catalog_free(book);
}

/* An amount that overflows to infinity (or becomes NaN) is refused at its
 * place: ENUMERIC, the spec's file:line:column and JSON path, and the price
 * row's book line when a price made it. */
static void test_non_finite_refused(void **state)
{
	static const struct {
		const char *spec, *want;
	} cases[] = {
		/* 2 x upfront 1e308 */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": [\n"
		 " { \"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		 " \"replicas\": 2, \"purchase\": { \"reserved\": { \"count\": 2, \"term\": "
		 "\"1yr\", \"payment\": \"all_upfront\" } } } ] }",
		 "spec.json:2:50: services[0].instance_type: amount out of range: line item "
		 "'compute' of service 'web' in environment 'default' is not a finite number"},
		{"test.csv:3", NULL},
		/* 1e308 x 10 */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": [\n"
		 " { \"name\": \"c\", \"type\": \"custom\", \"items\": [ { \"name\": \"i\","
		 " \"quantity\": 1e308, \"unit\": \"unit\", \"unit_price\": 10 } ] } ] }",
		 "spec.json:2:2: services[0]: amount out of range: line item 'i' of service 'c'"},
		/* two finite services whose sum is not */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": [\n"
		 " { \"name\": \"a\", \"type\": \"custom\", \"items\": [ { \"name\": \"i\","
		 " \"quantity\": 1e308, \"unit\": \"unit\", \"unit_price\": 1 } ] },\n"
		 " { \"name\": \"b\", \"type\": \"custom\", \"items\": [ { \"name\": \"i\","
		 " \"quantity\": 1e308, \"unit\": \"unit\", \"unit_price\": 1 } ] } ] }",
		 "spec.json:3:2: services[1]: amount out of range: the environment's total with "
		 "the cost of service 'b' in environment 'default' is not a finite number"},
		/* two environments whose total is not */
		{"{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\", \"environments\":"
		 " { \"a\": {}, \"b\": {} }, \"services\": [\n"
		 " { \"name\": \"c\", \"type\": \"custom\", \"items\": [ { \"name\": \"i\","
		 " \"quantity\": 1e308, \"unit\": \"unit\", \"unit_price\": 1 } ] } ] }",
		 "services[0]: amount out of range: the estimate's total with the cost of service "
		 "'c' in environment 'b'"},
	};
	infracost_catalog *book = catalog_from(HUGE_BOOK);
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		infracost_spec *spec;
		infracost_estimate *est = NULL;
		const char *msg;
		if (!cases[i].want) /* a further part of the previous message */
			continue;
		spec = spec_from(cases[i].spec);
		assert_int_equal(infracost_estimate_compute(&est, spec, book, NULL),
				 INFRACOST_ENUMERIC);
		assert_null(est);
		msg = infracost_error_last()->message;
		if (!strstr(msg, cases[i].want))
			print_error("message: %s\n", msg);
		assert_non_null(strstr(msg, cases[i].want));
		if (i + 1 < sizeof(cases) / sizeof(cases[0]) && !cases[i + 1].want)
			assert_non_null(strstr(msg, cases[i + 1].spec));
		infracost_spec_free(spec);
	}
	infracost_catalog_free(book);
}

/* ---- inert output (issue 9 part 2) ------------------------------------ */

/* Names and book fields with a newline, ESC, DEL, a tab and C1 (U+009B)
 * never reach the table, Markdown or CSV raw: each comes out escaped, and
 * the line count is that of plain names. JSON escapes C0 and DEL by JSON
 * rules and reads back the exact names. */
static void test_control_characters_escaped(void **state)
{
	static const char *const book_text =
		"provider,service,region,sku,purchase,unit,price,upfront,source\n"
		"aws,ec2,r\x1b]0;x\x07,m\x1b[2J,on_demand,hour,0.1,,s\x7f\xc2\x9bsrc\n"
		"aws,ec2,r\x1b]0;x\x07,m\x1b[2J,reserved_1yr_no_upfront,hour,0.05,,"
		"\"two\nlines\"\n";
	static const char *const spec_text =
		"{ \"name\": \"t\\u001b[1m\", \"provider\": \"aws\", \"region\": "
		"\"r\\u001b]0;x\\u0007\", \"environments\": { \"p\\nr\\u007fod|\": {} },"
		" \"services\": [ { \"name\": \"web\\n  forged  line\\u001b[31m\\u009b|x\","
		" \"type\": \"vm\", \"instance_type\": \"m\\u001b[2J\", \"replicas\": 2,"
		" \"purchase\": { \"reserved\": { \"count\": 1 } } } ] }";
	static const struct {
		infracost_format format;
		const char *want[4];
	} cases[] = {
		{INFRACOST_FORMAT_TABLE,
		 {"web\\n  forged  line\\x1b[31m\\u009b|x",
		  "Environment p\\nr\\x7fod| (r\\x1b]0;x\\x07", "m\\x1b[2J", "t\\x1b[1m: monthly"}},
		{INFRACOST_FORMAT_MARKDOWN,
		 {"| web\\\\n  forged  line\\\\x1b[31m\\\\u009b\\|x | vm |",
		  "## p\\\\nr\\\\x7fod\\| (r\\\\x1b]0;x\\\\x07", "# t\\\\x1b[1m:", NULL}},
		{INFRACOST_FORMAT_CSV,
		 {"p\\nr\\x7fod|,web\\n  forged  line\\x1b[31m\\u009b|x,vm,compute,",
		  ",m\\x1b[2J,hour,", ",s\\x7f\\u009bsrc\n", ",two\\nlines\n"}},
	};
	infracost_catalog *book = catalog_from(book_text);
	infracost_estimate *est = estimate_of(spec_text, book);
	char *text = NULL;
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(infracost_estimate_render(&text, NULL, est, cases[i].format), 0);
		for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
			assert_false((*p < 0x20 && *p != '\n') || *p == 0x7F);
			assert_false(p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0);
		}
		for (size_t k = 0; k < 4 && cases[i].want[k]; k++) {
			if (!strstr(text, cases[i].want[k]))
				print_error("%s\nlacks: %s\n", text, cases[i].want[k]);
			assert_non_null(strstr(text, cases[i].want[k]));
		}
		if (cases[i].format == INFRACOST_FORMAT_CSV) { /* header, 2 rows, warnings */
			size_t lines = 0;
			for (const char *p = text; *p; p++)
				lines += *p == '\n';
			assert_int_equal(lines, 3 + infracost_estimate_warning_count(est));
		}
		infracost_free(text);
	}
	{
		json_error_t err;
		json_t *root;
		assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON),
				 0);
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			assert_false((*p < 0x20 && *p != '\n') || *p == 0x7F);
		root = json_loads(text, 0, &err);
		assert_non_null(root);
		assert_string_equal(
			json_string_value(json_object_get(
				json_array_get(
					json_object_get(
						json_array_get(
							json_object_get(root, "environments"), 0),
						"services"),
					0),
				"name")),
			"web\n  forged  line\x1b[31m\xc2\x9b|x");
		json_decref(root);
		infracost_free(text);
	}
	infracost_estimate_free(est);
	infracost_catalog_free(book);
}

/* CSV keeps the warnings: one "# warning: ENV/SERVICE: MESSAGE" line each,
 * after the rows (docs/estimate.md). */
static void test_csv_warnings(void **state)
{
	infracost_estimate *est;
	char *text = NULL;
	const char *w;
	(void)state;
	est = estimate_of("{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
			  " \"services\": [ { \"name\": \"big\\u001b\", \"type\": \"vm\","
			  " \"instance_type\": \"x.nosize\" } ] }",
			  cat);
	assert_true(infracost_estimate_warning_count(est) >= 1);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_CSV), 0);
	w = strstr(text, "\n# warning: default/big\\x1b: capacity unknown");
	assert_non_null(w);
	/* after every row: only warning lines follow */
	for (const char *p = w + 1; *p; p = strchr(p, '\n') + 1)
		assert_true(strncmp(p, "# warning: ", 11) == 0);
	infracost_free(text);
	infracost_estimate_free(est);
}

/* ---- formats.md section 5, changes to load_balancer, object_storage and
 * data_transfer: a book of their own (r1 the source region, r2 a replica
 * region, r3 a region without transfer rows). */
static const char *BOOK_V2_LB_S3 =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,source\n"
	"aws,elb,r1,alb,on_demand,hour,0.02,,0,t\n"
	"aws,elb,r1,alb:lcu,on_demand,lcu_hour,0.008,,0,t\n"
	"aws,elb,r1,nlb,on_demand,hour,0.03,,0,t\n"
	"aws,elb,r1,nlb:lcu,on_demand,lcu_hour,0.006,,0,t\n"
	"aws,elb,r1,gwlb,on_demand,hour,0.0125,,0,t\n"
	"aws,elb,r1,gwlb:lcu,on_demand,lcu_hour,0.004,,0,t\n"
	"aws,elb,r1,clb,on_demand,hour,0.025,,0,t\n"
	"aws,s3,r1,standard,on_demand,gb_month,0.02,,0,t\n"
	"aws,s3,r1,standard_ia,on_demand,gb_month,0.0125,,0,t\n"
	"aws,s3,r1,onezone_ia,on_demand,gb_month,0.01,,0,t\n"
	"aws,s3,r1,intelligent_tiering,on_demand,gb_month,0.03,,0,t\n"
	"aws,s3,r1,glacier_ir,on_demand,gb_month,0.004,,0,t\n"
	"aws,s3,r1,glacier,on_demand,gb_month,0.0036,,0,t\n"
	"aws,s3,r1,deep_archive,on_demand,gb_month,0.001,,0,t\n"
	"aws,s3,r1,requests:put:standard,on_demand,request,0.000005,,0,t\n"
	"aws,s3,r1,requests:get:standard,on_demand,request,0.0000004,,0,t\n"
	"aws,s3,r1,requests:put:standard_ia,on_demand,request,0.00001,,0,t\n"
	"aws,s3,r1,requests:get:standard_ia,on_demand,request,0.000001,,0,t\n"
	"aws,s3,r1,requests:put:onezone_ia,on_demand,request,0.000011,,0,t\n"
	"aws,s3,r1,requests:get:onezone_ia,on_demand,request,0.0000011,,0,t\n"
	"aws,s3,r1,requests:put:intelligent_tiering,on_demand,request,0.000006,,0,t\n"
	"aws,s3,r1,requests:get:intelligent_tiering,on_demand,request,0.0000005,,0,t\n"
	"aws,s3,r1,requests:put:glacier_ir,on_demand,request,0.00002,,0,t\n"
	"aws,s3,r1,requests:get:glacier_ir,on_demand,request,0.00001,,0,t\n"
	"aws,s3,r1,requests:put:glacier,on_demand,request,0.00003,,0,t\n"
	"aws,s3,r1,requests:get:glacier,on_demand,request,0.0000003,,0,t\n"
	"aws,s3,r1,requests:put:deep_archive,on_demand,request,0.00005,,0,t\n"
	"aws,s3,r1,requests:get:deep_archive,on_demand,request,0.0000002,,0,t\n"
	"aws,s3,r2,standard,on_demand,gb_month,0.025,,0,t\n"
	"aws,s3,r2,standard,on_demand,gb_month,0.015,,500,t\n"
	"aws,s3,r2,standard_ia,on_demand,gb_month,0.015,,0,t\n"
	"aws,s3,r3,standard,on_demand,gb_month,0.02,,0,t\n"
	"aws,transfer,r1,out,on_demand,gb,0.09,,0,t\n"
	"aws,transfer,r1,inter_region,on_demand,gb,0.02,,0,t\n"
	"aws,transfer,r1,inter_az,on_demand,gb,0.01,,0,t\n"
	"aws,transfer,r2,inter_region,on_demand,gb,0.03,,0,t\n";

/* A price that `json` misses in c: ENOTFOUND naming `key`, at `path` and
 * its line:column in the spec's text. */
static void check_missing_at(const char *json, const infracost_catalog *c, const char *key,
			     const char *path, int line, int column)
{
	const char *msg;
	assert_int_equal(compute_error(json, c, &msg), INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg, key));
	assert_string_equal(infracost_error_last()->path, path);
	assert_int_equal(infracost_error_last()->line, line);
	assert_int_equal(infracost_error_last()->column, column);
}

/* load_balancer.kind: KIND (hour) and KIND:lcu (lcu_hour), for every kind. */
static void test_load_balancer_kinds(void **state)
{
	static const struct {
		const char *kind;
		double hour, lcu;
	} k[] = {{"alb", 0.02, 0.008}, {"nlb", 0.03, 0.006}, {"gwlb", 0.0125, 0.004}};
	infracost_catalog *c = catalog_from(BOOK_V2_LB_S3), *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	char svc[256];
	(void)state;
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		/* 2 balancers x 500 h = 1000 hours; x 2.5 capacity units = 2500 unit-hours */
		snprintf(svc, sizeof(svc),
			 "{ \"name\": \"lb\", \"type\": \"load_balancer\", \"kind\": \"%s\","
			 " \"count\": 2, \"lcu\": 2.5 }",
			 k[i].kind);
		est = estimate_of(one(svc, 500, NULL), c);
		s = svc1(est);
		assert_int_equal(s->line_item_count, 2);
		assert_string_equal(item_of(s, "hours", "on_demand")->price->sku, k[i].kind);
		assert_money(item_of(s, "hours", "on_demand")->quantity, 1000);
		assert_money(item_of(s, "hours", "on_demand")->unit_price, k[i].hour);
		assert_string_equal(item_of(s, "lcu", "on_demand")->price->unit, "lcu_hour");
		assert_money(item_of(s, "lcu", "on_demand")->quantity, 2500);
		assert_money(item_of(s, "lcu", "on_demand")->unit_price, k[i].lcu);
		assert_money(s->monthly.expected, 1000 * k[i].hour + 2500 * k[i].lcu);
		infracost_estimate_free(est);
	}
	/* nlb: 1000 x 0.03 + 2500 x 0.006 = 45 */
	est = estimate_of(one("{ \"name\": \"lb\", \"type\": \"load_balancer\", \"kind\": \"nlb\","
			      " \"count\": 2, \"lcu\": 2.5 }",
			      500, NULL),
			  c);
	check_range(svc1(est)->monthly, 45, 45, 45);
	assert_string_equal(item_of(svc1(est), "lcu", "on_demand")->price->sku, "nlb:lcu");
	infracost_estimate_free(est);
	/* clb with no capacity units: only its hours (730 x 0.025 = 18.25) */
	est = estimate_of(one("{ \"name\": \"lb\", \"type\": \"load_balancer\", \"kind\": \"clb\","
			      " \"lcu\": 0 }",
			      730, NULL),
			  c);
	assert_int_equal(svc1(est)->line_item_count, 1);
	check_range(svc1(est)->monthly, 18.25, 18.25, 18.25);
	infracost_estimate_free(est);
	/* clb:lcu has no row: a missing price (never $0), reported at "kind" */
	check_missing_at("{ \"provider\": \"aws\", \"region\": \"r1\",\n"
			 "  \"services\": [ { \"name\": \"lb\",\n"
			 "    \"type\": \"load_balancer\", \"kind\": \"clb\" } ] }",
			 c, "aws/elb/r1/clb:lcu/on_demand/lcu_hour", "services[0].kind", 3, 38);
	infracost_catalog_free(c);
	/* the shipped snapshot: us-east-1 nlb 0.0225/h and nlb:lcu 0.006 per NLCU-hour;
	 * 2 x 730 x 0.0225 = 32.85, 2 x 3 x 730 x 0.006 = 26.28 */
	shipped = catalog_default();
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": "
			  "[ { \"name\": \"lb\", \"type\": \"load_balancer\", \"kind\": \"nlb\","
			  " \"count\": 2, \"lcu\": 3 } ] }",
			  shipped);
	s = svc1(est);
	assert_money(item_of(s, "hours", "on_demand")->unit_price, 0.0225);
	assert_money(item_of(s, "lcu", "on_demand")->unit_price, 0.006);
	assert_string_equal(item_of(s, "lcu", "on_demand")->price->sku, "nlb:lcu");
	check_range(s->monthly, 59.13, 59.13, 59.13);
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
}

/* object_storage.class: every class, its put and get requests. */
static void test_object_storage_classes_and_requests(void **state)
{
	static const struct {
		const char *class;
		double gb, put, get;
	} k[] = {
		{"standard", 0.02, 0.000005, 0.0000004},
		{"standard_ia", 0.0125, 0.00001, 0.000001},
		{"onezone_ia", 0.01, 0.000011, 0.0000011},
		{"intelligent_tiering", 0.03, 0.000006, 0.0000005},
		{"glacier_ir", 0.004, 0.00002, 0.00001},
		{"glacier", 0.0036, 0.00003, 0.0000003},
		{"deep_archive", 0.001, 0.00005, 0.0000002},
	};
	/* the shipped us-east-1 rows (pricing-data/aws-us-east-1.csv): the
	 * first band of each class, its put and get requests */
	static const struct {
		const char *class;
		double gb, put, get;
	} us[] = {
		{"standard", 0.023, 0.000005, 0.0000004},
		{"standard_ia", 0.0125, 0.00001, 0.000001},
		{"onezone_ia", 0.01, 0.00001, 0.000001},
		{"intelligent_tiering", 0.023, 0.000005, 0.0000004},
		{"glacier_ir", 0.004, 0.00002, 0.00001},
		{"glacier", 0.0036, 0.00003, 0.0000004},
		{"deep_archive", 0.00099, 0.00005, 0.0000004},
	};
	infracost_catalog *c = catalog_from(BOOK_V2_LB_S3), *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	char svc[256];
	(void)state;
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		/* 200 GB-months, 1e6 puts, 1e7 gets a month */
		snprintf(svc, sizeof(svc),
			 "{ \"name\": \"b\", \"type\": \"object_storage\", \"class\": \"%s\","
			 " \"storage_gb\": 200, \"put_requests\": 1000000,"
			 " \"get_requests\": 10000000 }",
			 k[i].class);
		est = estimate_of(one(svc, 730, NULL), c);
		s = svc1(est);
		assert_int_equal(s->line_item_count, 3);
		assert_string_equal(item_of(s, "storage", "on_demand")->price->sku, k[i].class);
		assert_money(item_of(s, "storage", "on_demand")->monthly, 200 * k[i].gb);
		snprintf(svc, sizeof(svc), "requests:put:%s", k[i].class);
		assert_string_equal(item_of(s, "put_requests", "on_demand")->price->sku, svc);
		assert_string_equal(item_of(s, "put_requests", "on_demand")->price->unit,
				    "request");
		assert_money(item_of(s, "put_requests", "on_demand")->quantity, 1e6);
		assert_money(item_of(s, "put_requests", "on_demand")->monthly, 1e6 * k[i].put);
		snprintf(svc, sizeof(svc), "requests:get:%s", k[i].class);
		assert_string_equal(item_of(s, "get_requests", "on_demand")->price->sku, svc);
		assert_money(item_of(s, "get_requests", "on_demand")->monthly, 1e7 * k[i].get);
		assert_money(s->monthly.expected, 200 * k[i].gb + 1e6 * k[i].put + 1e7 * k[i].get);
		infracost_estimate_free(est);
	}
	/* standard_ia: 200 x 0.0125 + 1e6 x 0.00001 + 1e7 x 0.000001 = 2.5 + 10 + 10 */
	est = estimate_of(one("{ \"name\": \"b\", \"type\": \"object_storage\", \"class\":"
			      " \"standard_ia\", \"storage_gb\": 200, \"put_requests\": 1000000,"
			      " \"get_requests\": 10000000 }",
			      730, NULL),
			  c);
	check_range(svc1(est)->monthly, 22.5, 22.5, 22.5);
	infracost_estimate_free(est);
	/* requests default to 0: no request lines; class defaults to standard */
	est = estimate_of(
		one("{ \"name\": \"b\", \"type\": \"object_storage\", \"storage_gb\": 10 }", 730,
		    NULL),
		c);
	assert_int_equal(svc1(est)->line_item_count, 1);
	assert_string_equal(svc1(est)->line_items[0].price->sku, "standard");
	infracost_estimate_free(est);
	infracost_catalog_free(c);
	/* the shipped snapshot has every class and its requests in us-east-1 */
	shipped = catalog_default();
	for (size_t i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		char json[512];
		snprintf(json, sizeof(json),
			 "{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": "
			 "[ { \"name\": \"b\", \"type\": \"object_storage\", \"class\": \"%s\","
			 " \"storage_gb\": 100, \"put_requests\": 1000000,"
			 " \"get_requests\": 1000000 } ] }",
			 us[i].class);
		est = estimate_of(json, shipped);
		s = svc1(est);
		assert_money(item_of(s, "storage", "on_demand")->unit_price, us[i].gb);
		assert_money(item_of(s, "put_requests", "on_demand")->unit_price, us[i].put);
		assert_money(item_of(s, "get_requests", "on_demand")->unit_price, us[i].get);
		assert_money(s->monthly.expected, 100 * us[i].gb + 1e6 * (us[i].put + us[i].get));
		infracost_estimate_free(est);
	}
	infracost_catalog_free(shipped);
}

/* object_storage.replication: replica_storage priced in the replica's region
 * and class, replication_transfer at the source region's inter_region. */
static void test_object_storage_replication(void **state)
{
	infracost_catalog *c = catalog_from(BOOK_V2_LB_S3), *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	const infracost_line_item *it;
	(void)state;
	/* defaults: class standard (the source's), transfer_gb = storage_gb (1000).
	 * storage 1000 x 0.02 = 20 (r1); replica 500 x 0.025 + 500 x 0.015 = 20
	 * (r2's ladder); transfer 1000 x 0.02 = 20 (r1's inter_region, not r2's 0.03) */
	est = estimate_of(one("{ \"name\": \"b\", \"type\": \"object_storage\","
			      " \"storage_gb\": 1000, \"replication\": { \"region\": \"r2\" } }",
			      730, NULL),
			  c);
	s = svc1(est);
	assert_int_equal(s->line_item_count, 3);
	it = item_of(s, "replica_storage", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->region, "r2");
	assert_string_equal(it->price->service, "s3");
	assert_string_equal(it->price->sku, "standard");
	assert_string_equal(it->price->unit, "gb_month");
	assert_money(it->quantity, 1000);
	assert_money(it->monthly, 20);
	assert_int_equal(it->tiered, 1);
	it = item_of(s, "replication_transfer", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->region, "r1");
	assert_string_equal(it->price->service, "transfer");
	assert_string_equal(it->price->sku, "inter_region");
	assert_string_equal(it->price->unit, "gb");
	assert_money(it->quantity, 1000);
	assert_money(it->unit_price, 0.02);
	assert_string_equal(item_of(s, "storage", "on_demand")->price->region, "r1");
	check_range(s->monthly, 60, 60, 60);
	infracost_estimate_free(est);
	/* a class and transfer of its own: replica 1000 x 0.015 = 15 (r2 standard_ia),
	 * transfer 300 x 0.02 = 6, storage 20 */
	est = estimate_of(one("{ \"name\": \"b\", \"type\": \"object_storage\","
			      " \"storage_gb\": 1000, \"replication\": { \"region\": \"r2\","
			      " \"class\": \"standard_ia\", \"transfer_gb\": 300 } }",
			      730, NULL),
			  c);
	s = svc1(est);
	assert_string_equal(item_of(s, "replica_storage", "on_demand")->price->sku, "standard_ia");
	assert_money(item_of(s, "replica_storage", "on_demand")->monthly, 15);
	assert_money(item_of(s, "replication_transfer", "on_demand")->quantity, 300);
	check_range(s->monthly, 41, 41, 41);
	infracost_estimate_free(est);
	/* the default class is the source's class in that environment (here an
	 * override's standard_ia): replica 100 x 0.015; no transfer when 0 */
	est = estimate_of(one("{ \"name\": \"b\", \"type\": \"object_storage\","
			      " \"storage_gb\": 100, \"replication\": { \"region\": \"r2\","
			      " \"transfer_gb\": 0 },"
			      " \"overrides\": { \"e\": { \"class\": \"standard_ia\" } } }",
			      730, NULL),
			  c);
	s = svc1(est);
	assert_int_equal(s->line_item_count, 2);
	assert_string_equal(item_of(s, "replica_storage", "on_demand")->price->sku, "standard_ia");
	assert_null(item_of(s, "replication_transfer", "on_demand"));
	check_range(s->monthly, 1.25 + 1.5, 1.25 + 1.5, 1.25 + 1.5);
	infracost_estimate_free(est);
	/* a replica region without the row: reported at replication.region */
	check_missing_at("{ \"provider\": \"aws\", \"region\": \"r1\",\n"
			 "  \"services\": [ { \"name\": \"b\", \"type\":\n"
			 "    \"object_storage\", \"storage_gb\": 1,\n"
			 "    \"replication\": { \"region\": \"r9\" } } ] }",
			 c, "aws/s3/r9/standard/on_demand/gb_month",
			 "services[0].replication.region", 4, 32);
	/* the same, from an environment's override */
	check_missing_at("{ \"provider\": \"aws\", \"region\": \"r1\",\n"
			 "  \"environments\": { \"prod\": {} },\n"
			 "  \"services\": [ { \"name\": \"b\", \"type\":\n"
			 "    \"object_storage\", \"storage_gb\": 1, \"overrides\":\n"
			 "    { \"prod\": { \"replication\": { \"region\": \"r9\" } } } "
			 "} ] }",
			 c, "aws/s3/r9/standard/on_demand/gb_month",
			 "services[0].overrides.prod.replication.region", 5, 44);
	/* a source region without any transfer row: reported at the region */
	check_missing_at("{ \"provider\": \"aws\", \"region\": \"r3\",\n"
			 "  \"services\": [ { \"name\": \"b\", \"type\":\n"
			 "    \"object_storage\", \"storage_gb\": 1,\n"
			 "    \"replication\": { \"region\": \"r2\" } } ] }",
			 c, "aws/transfer/r3/inter_region/on_demand/gb", "region", 1, 32);
	infracost_catalog_free(c);
	/* the shipped snapshot: us-east-1 standard 100 x 0.023, replica in eu-west-1
	 * 100 x 0.023, transfer 100 x 0.02 (the book's one us-east-1 inter_region price) */
	shipped = catalog_default();
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": "
			  "[ { \"name\": \"b\", \"type\": \"object_storage\", \"storage_gb\": 100,"
			  " \"replication\": { \"region\": \"eu-west-1\" } } ] }",
			  shipped);
	s = svc1(est);
	assert_string_equal(item_of(s, "replica_storage", "on_demand")->price->region, "eu-west-1");
	assert_money(item_of(s, "replica_storage", "on_demand")->unit_price, 0.023);
	assert_money(item_of(s, "replication_transfer", "on_demand")->unit_price, 0.02);
	check_range(s->monthly, 6.6, 6.6, 6.6);
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
	/* out of memory anywhere in loading (the replication object of each
	 * environment) and pricing it: ENOMEM and nothing leaked */
	{
		const char *json =
			"{ \"provider\": \"aws\", \"region\": \"r1\","
			" \"environments\": { \"a\": {}, \"b\": {} }, \"services\": [ {"
			" \"name\": \"b\", \"type\": \"object_storage\", \"storage_gb\": 1,"
			" \"replication\": { \"region\": \"r2\" }, \"overrides\": { \"b\":"
			" { \"replication\": { \"region\": \"r2\", \"class\": \"standard_ia\" "
			"} } } } ] }";
		int done = 0;
		c = catalog_from(BOOK_V2_LB_S3);
		for (unsigned long n = 1; !done && n < 10000; n++) {
			infracost_spec *spec = NULL;
			int rc;
			est = NULL;
			infracost__alloc_fail_after(n);
			rc = infracost_spec_load_string(&spec, json, strlen(json), "spec.json");
			if (rc == 0)
				rc = infracost_estimate_compute(&est, spec, c, NULL);
			infracost__alloc_fail_after(0);
			if (rc == 0) {
				done = 1;
				/* b: replica 1 x 0.015 (standard_ia in r2) */
				assert_money(item_of(&infracost_estimate_environment(est, 1)
							      ->services[0],
						     "replica_storage", "on_demand")
						     ->monthly,
					     0.015);
			} else {
				assert_int_equal(rc, INFRACOST_ENOMEM);
			}
			infracost_estimate_free(est);
			infracost_spec_free(spec);
		}
		assert_true(done);
		infracost_catalog_free(c);
	}
}

/* data_transfer: inter_region_gb and inter_az_gb (gb, skipped when 0). */
static void test_data_transfer_inter_region_az(void **state)
{
	infracost_catalog *c = catalog_from(BOOK_V2_LB_S3), *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	/* out 10 x 0.09 = 0.9; inter_region 100 x 0.02 = 2; inter_az 500 x 0.01 = 5 */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"data_transfer\", \"out_gb\": 10,"
			      " \"inter_region_gb\": 100, \"inter_az_gb\": 500 }",
			      730, NULL),
			  c);
	s = svc1(est);
	assert_int_equal(s->line_item_count, 3);
	assert_string_equal(item_of(s, "inter_region", "on_demand")->price->sku, "inter_region");
	assert_string_equal(item_of(s, "inter_region", "on_demand")->price->unit, "gb");
	assert_money(item_of(s, "inter_region", "on_demand")->monthly, 2);
	assert_string_equal(item_of(s, "inter_az", "on_demand")->price->sku, "inter_az");
	assert_money(item_of(s, "inter_az", "on_demand")->quantity, 500);
	assert_money(item_of(s, "inter_az", "on_demand")->monthly, 5);
	check_range(s->monthly, 7.9, 7.9, 7.9);
	infracost_estimate_free(est);
	/* both default to 0: only the out line */
	est = estimate_of(
		one("{ \"name\": \"t\", \"type\": \"data_transfer\", \"out_gb\": 10 }", 730, NULL),
		c);
	assert_int_equal(svc1(est)->line_item_count, 1);
	infracost_estimate_free(est);
	infracost_catalog_free(c);
	/* the shipped snapshot, us-east-1: out 0.09, inter_region 0.02, inter_az 0.01;
	 * 0 + 1000 x 0.02 + 2000 x 0.01 = 40 */
	shipped = catalog_default();
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": "
			  "[ { \"name\": \"t\", \"type\": \"data_transfer\", \"out_gb\": 0,"
			  " \"inter_region_gb\": 1000, \"inter_az_gb\": 2000 } ] }",
			  shipped);
	s = svc1(est);
	assert_money(item_of(s, "inter_region", "on_demand")->unit_price, 0.02);
	assert_money(item_of(s, "inter_az", "on_demand")->unit_price, 0.01);
	check_range(s->monthly, 40, 40, 40);
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
}

/* ---- key_value, cdn, dns (formats.md section 5) ------------------------ */

/* Their own test book: DynamoDB in r1 (storage tiered at 100 GB), CloudFront
 * and Route 53 in "global" (ladders at 1,000 GB, 100 GB, 25 zones and 1e9
 * queries), and decoys in r1 that a look-up in the service's region would
 * find instead. */
static const char *KV_CDN_DNS_BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,source\n"
	"aws,dynamodb,r1,read_request:standard,on_demand,request,0.000001,,0,,,test\n"
	"aws,dynamodb,r1,write_request:standard,on_demand,request,0.000005,,,,,\n"
	"aws,dynamodb,r1,read_request:standard_ia,on_demand,request,0.000002,,,,,\n"
	"aws,dynamodb,r1,write_request:standard_ia,on_demand,request,0.00001,,,,,\n"
	"aws,dynamodb,r1,read_capacity:standard,on_demand,hour,0.0001,,,,,\n"
	"aws,dynamodb,r1,write_capacity:standard,on_demand,hour,0.0005,,,,,\n"
	"aws,dynamodb,r1,read_capacity:standard_ia,on_demand,hour,0.0002,,,,,\n"
	"aws,dynamodb,r1,write_capacity:standard_ia,on_demand,hour,0.001,,,,,\n"
	"aws,dynamodb,r1,storage:standard,on_demand,gb_month,0.25,,0,,,\n"
	"aws,dynamodb,r1,storage:standard,on_demand,gb_month,0.2,,100,,,\n"
	"aws,dynamodb,r1,storage:standard_ia,on_demand,gb_month,0.1,,,,,\n"
	"aws,dynamodb,r1,backup:continuous,on_demand,gb_month,0.2,,,,,\n"
	"aws,cloudfront,global,data_out:north_america,on_demand,gb,0.1,,0,,,\n"
	"aws,cloudfront,global,data_out:north_america,on_demand,gb,0.05,,1000,,,\n"
	"aws,cloudfront,global,data_out:europe,on_demand,gb,0.2,,0,,,\n"
	"aws,cloudfront,global,data_out:europe,on_demand,gb,0.1,,100,,,\n"
	"aws,cloudfront,global,data_out:japan,on_demand,gb,0.3,,,,,\n"
	"aws,cloudfront,global,requests:https:north_america,on_demand,request,0.000001,,,,,\n"
	"aws,cloudfront,global,requests:http:north_america,on_demand,request,0.0000005,,,,,\n"
	"aws,cloudfront,global,requests:https:europe,on_demand,request,0.000002,,,,,\n"
	"aws,cloudfront,r1,data_out:north_america,on_demand,gb,9,,,,,\n"
	"aws,route53,global,hosted_zone,on_demand,month,0.5,,0,,,\n"
	"aws,route53,global,hosted_zone,on_demand,month,0.1,,25,,,\n"
	"aws,route53,global,queries:standard,on_demand,request,0.0000004,,0,,,\n"
	"aws,route53,global,queries:standard,on_demand,request,0.0000002,,1000000000,,,\n"
	"aws,route53,global,queries:latency,on_demand,request,0.0000006,,0,,,\n"
	"aws,route53,global,queries:latency,on_demand,request,0.0000003,,1000000000,,,\n"
	"aws,route53,global,queries:geo,on_demand,request,0.0000007,,,,,\n"
	"aws,route53,global,health_check,on_demand,month,0.5,,,,,\n"
	"aws,route53,r1,hosted_zone,on_demand,month,99,,,,,\n";

/* The line `component` (on demand) of s: its quantity, monthly cost and sku. */
static void check_line(const infracost_service_result *s, const char *component, double quantity,
		       double monthly, const char *sku)
{
	const infracost_line_item *it = item_of(s, component, "on_demand");
	assert_non_null(it);
	assert_money(it->quantity, quantity);
	assert_money(it->monthly, monthly);
	assert_string_equal(it->price->sku, sku);
}

static void test_key_value(void **state)
{
	infracost_catalog *book = catalog_from(KV_CDN_DNS_BOOK), *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	const char *msg;
	(void)state;
	/* on demand, standard: reads 2e6 x 0.000001 = 2; writes 1e6 x 0.000005 = 5;
	 * storage 150 GB across the 100 GB tier: 100 x 0.25 + 50 x 0.2 = 35; backup
	 * 10 x 0.2 = 2; total 44 */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"key_value\", \"read_requests\": 2e6,"
			      " \"write_requests\": 1e6, \"storage_gb\": 150, \"backup_gb\": 10 }",
			      730, NULL),
			  book);
	s = svc1(est);
	assert_string_equal(s->type, "key_value");
	assert_int_equal(s->line_item_count, 4);
	check_line(s, "reads", 2e6, 2, "read_request:standard");
	check_line(s, "writes", 1e6, 5, "write_request:standard");
	check_line(s, "storage", 150, 35, "storage:standard");
	assert_int_equal(item_of(s, "storage", "on_demand")->tiered, 1);
	assert_money(item_of(s, "storage", "on_demand")->unit_price, 35.0 / 150);
	check_line(s, "backup", 10, 2, "backup:continuous");
	assert_string_equal(item_of(s, "backup", "on_demand")->price->unit, "gb_month");
	check_range(s->monthly, 44, 44, 44);
	infracost_estimate_free(est);
	/* storage at the boundary stays in the first tier: 100 x 0.25 */
	est = estimate_of(
		one("{ \"name\": \"t\", \"type\": \"key_value\", \"storage_gb\": 100 }", 730, NULL),
		book);
	assert_int_equal(svc1(est)->line_item_count, 1);
	assert_int_equal(svc1(est)->line_items[0].tiered, 0);
	assert_money(svc1(est)->monthly.expected, 25);
	infracost_estimate_free(est);
	/* standard_ia on demand: reads 1e6 x 0.000002 = 2, the zero keys add no line */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"key_value\", \"table_class\": "
			      "\"standard_ia\", \"read_requests\": 1e6 }",
			      730, NULL),
			  book);
	assert_int_equal(svc1(est)->line_item_count, 1);
	check_line(svc1(est), "reads", 1e6, 2, "read_request:standard_ia");
	infracost_estimate_free(est);
	/* provisioned, standard_ia, H = 500: read 10 x 500 = 5000 h x 0.0002 = 1; write
	 * 4 x 500 = 2000 h x 0.001 = 2; storage 50 x 0.1 = 5; total 8, no request lines */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"key_value\", \"capacity_mode\": "
			      "\"provisioned\", \"table_class\": \"standard_ia\","
			      " \"read_capacity\": 10, \"write_capacity\": 4, \"storage_gb\": 50 }",
			      500, NULL),
			  book);
	s = svc1(est);
	assert_int_equal(s->line_item_count, 3);
	check_line(s, "read_capacity", 5000, 1, "read_capacity:standard_ia");
	check_line(s, "write_capacity", 2000, 2, "write_capacity:standard_ia");
	assert_string_equal(item_of(s, "write_capacity", "on_demand")->price->unit, "hour");
	check_line(s, "storage", 50, 5, "storage:standard_ia");
	assert_null(item_of(s, "reads", "on_demand"));
	check_range(s->monthly, 8, 8, 8);
	infracost_estimate_free(est);
	/* provisioned standard at 730 h: 2 x 730 x 0.0001 + 1 x 730 x 0.0005 */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"key_value\", \"capacity_mode\": "
			      "\"provisioned\", \"read_capacity\": 2, \"write_capacity\": 1 }",
			      730, NULL),
			  book);
	check_line(svc1(est), "read_capacity", 1460, 0.146, "read_capacity:standard");
	check_line(svc1(est), "write_capacity", 730, 0.365, "write_capacity:standard");
	infracost_estimate_free(est);
	/* an override switching the mode nulls the other mode's keys: 1e6 x 0.000001 */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"key_value\", \"capacity_mode\": "
			      "\"provisioned\", \"read_capacity\": 5, \"overrides\": { \"e\": {"
			      " \"capacity_mode\": \"on_demand\", \"read_capacity\": null,"
			      " \"read_requests\": 1e6 } } }",
			      730, NULL),
			  book);
	assert_int_equal(svc1(est)->line_item_count, 1);
	check_line(svc1(est), "reads", 1e6, 1, "read_request:standard");
	infracost_estimate_free(est);
	/* nothing given: no line, $0 */
	est = estimate_of(one("{ \"name\": \"t\", \"type\": \"key_value\" }", 730, NULL), book);
	assert_int_equal(svc1(est)->line_item_count, 0);
	assert_money(svc1(est)->monthly.expected, 0);
	infracost_estimate_free(est);
	/* gcp: no sourced mapping: no gcp/dynamodb row in r1 (nor anywhere), so the
	 * missing price is reported at the region */
	assert_int_equal(
		compute_error("{ \"provider\": \"gcp\", \"region\": \"r1\", \"services\": [ { "
			      "\"name\": \"t\", \"type\": \"key_value\", \"table_class\": "
			      "\"standard\", \"storage_gb\": 1 } ] }",
			      book, &msg),
		INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg, "gcp/dynamodb/r1/storage:standard/on_demand/gb_month"));
	assert_non_null(
		strstr(msg, "the catalog has no gcp/dynamodb rows in r1 nor in any other region"));
	assert_string_equal(infracost_error_last()->path, "region");
	infracost_catalog_free(book);
	/* the shipped us-east-1 rows: each unit price is the book's row */
	shipped = catalog_default();
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
			  " { \"name\": \"od\", \"type\": \"key_value\", \"read_requests\": 1e6,"
			  " \"write_requests\": 1e6, \"storage_gb\": 10, \"backup_gb\": 10 },"
			  " { \"name\": \"pr\", \"type\": \"key_value\", \"capacity_mode\": "
			  "\"provisioned\", \"table_class\": \"standard_ia\", \"read_capacity\": 1,"
			  " \"write_capacity\": 1, \"storage_gb\": 10 } ] }",
			  shipped);
	s = service_of(est, "default", "od");
	assert_money(item_of(s, "reads", "on_demand")->unit_price, 0.000000125);
	assert_money(item_of(s, "writes", "on_demand")->unit_price, 0.000000625);
	assert_money(item_of(s, "storage", "on_demand")->unit_price, 0.25);
	assert_money(item_of(s, "backup", "on_demand")->unit_price, 0.2);
	assert_string_equal(item_of(s, "backup", "on_demand")->price->region, "us-east-1");
	s = service_of(est, "default", "pr");
	assert_money(item_of(s, "read_capacity", "on_demand")->unit_price, 0.00016);
	assert_money(item_of(s, "write_capacity", "on_demand")->unit_price, 0.00081);
	assert_money(item_of(s, "storage", "on_demand")->unit_price, 0.1);
	assert_money(s->monthly.expected, 730 * 0.00016 + 730 * 0.00081 + 10 * 0.1);
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
}

static void test_cdn(void **state)
{
	infracost_catalog *book = catalog_from(KV_CDN_DNS_BOOK), *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	const char *msg;
	(void)state;
	/* a number is all North America, priced in "global" (not r1's decoy at 9):
	 * 1500 GB across the 1,000 GB tier = 1000 x 0.1 + 500 x 0.05 = 125; https
	 * 1e6 x 0.000001 = 1 */
	est = estimate_of(one("{ \"name\": \"c\", \"type\": \"cdn\", \"data_out_gb\": 1500,"
			      " \"https_requests\": 1e6 }",
			      730, NULL),
			  book);
	s = svc1(est);
	assert_string_equal(s->type, "cdn");
	assert_int_equal(s->line_item_count, 2);
	check_line(s, "data_out:north_america", 1500, 125, "data_out:north_america");
	assert_string_equal(item_of(s, "data_out:north_america", "on_demand")->price->region,
			    "global");
	assert_int_equal(item_of(s, "data_out:north_america", "on_demand")->tiered, 1);
	check_line(s, "https_requests:north_america", 1e6, 1, "requests:https:north_america");
	check_range(s->monthly, 126, 126, 126);
	infracost_estimate_free(est);
	/* the object form: North America 500 x 0.1 = 50; Europe 150 across its 100 GB
	 * tier = 100 x 0.2 + 50 x 0.1 = 25; Japan 10 x 0.3 = 3; https Europe 1e6 x
	 * 0.000002 = 2; http as a number (North America) 2e6 x 0.0000005 = 1; an edge
	 * at 0 adds no line; total 81 */
	est = estimate_of(one("{ \"name\": \"c\", \"type\": \"cdn\", \"data_out_gb\": {"
			      " \"north_america\": 500, \"europe\": 150, \"japan\": 10,"
			      " \"india\": 0 }, \"https_requests\": { \"europe\": 1e6 },"
			      " \"http_requests\": 2e6 }",
			      730, NULL),
			  book);
	s = svc1(est);
	assert_int_equal(s->line_item_count, 5);
	check_line(s, "data_out:north_america", 500, 50, "data_out:north_america");
	check_line(s, "data_out:europe", 150, 25, "data_out:europe");
	check_line(s, "data_out:japan", 10, 3, "data_out:japan");
	check_line(s, "https_requests:europe", 1e6, 2, "requests:https:europe");
	check_line(s, "http_requests:north_america", 2e6, 1, "requests:http:north_america");
	assert_string_equal(item_of(s, "http_requests:north_america", "on_demand")->price->unit,
			    "request");
	assert_null(item_of(s, "data_out:india", "on_demand"));
	check_range(s->monthly, 81, 81, 81);
	infracost_estimate_free(est);
	/* per-environment amounts from an override */
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"r1\", \"environments\": {"
			  " \"dev\": {}, \"prod\": {} }, \"services\": [ { \"name\": \"c\","
			  " \"type\": \"cdn\", \"data_out_gb\": 10, \"overrides\": { \"prod\": {"
			  " \"data_out_gb\": { \"europe\": 10 } } } } ] }",
			  book);
	check_line(service_of(est, "dev", "c"), "data_out:north_america", 10, 1,
		   "data_out:north_america");
	check_line(service_of(est, "prod", "c"), "data_out:europe", 10, 2, "data_out:europe");
	assert_null(item_of(service_of(est, "prod", "c"), "data_out:north_america", "on_demand"));
	infracost_estimate_free(est);
	/* an edge group without a price: exit 3, the global key and its closest */
	assert_int_equal(compute_error(one("{ \"name\": \"c\", \"type\": \"cdn\","
					   " \"https_requests\": { \"japan\": 5 } }",
					   730, NULL),
				       book, &msg),
			 INFRACOST_ENOTFOUND);
	assert_non_null(strstr(msg, "price not found: aws/cloudfront/global/requests:https:japan/"
				    "on_demand/request"));
	assert_non_null(strstr(msg, "closest: aws/cloudfront/global/"));
	infracost_catalog_free(book);
	/* the shipped snapshot, from a service in eu-west-1: the global rows */
	shipped = catalog_default();
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"eu-west-1\", \"services\": ["
			  " { \"name\": \"c\", \"type\": \"cdn\", \"data_out_gb\": {"
			  " \"north_america\": 100, \"europe\": 100, \"india\": 100 },"
			  " \"https_requests\": { \"north_america\": 1e6, \"europe\": 1e6 },"
			  " \"http_requests\": { \"north_america\": 1e6, \"europe\": 1e6 } } ] }",
			  shipped);
	s = svc1(est);
	assert_money(item_of(s, "data_out:north_america", "on_demand")->unit_price, 0.085);
	assert_money(item_of(s, "data_out:europe", "on_demand")->unit_price, 0.085);
	assert_money(item_of(s, "data_out:india", "on_demand")->unit_price, 0.109);
	assert_money(item_of(s, "https_requests:north_america", "on_demand")->unit_price, 0.000001);
	assert_money(item_of(s, "https_requests:europe", "on_demand")->unit_price, 0.0000012);
	assert_money(item_of(s, "http_requests:north_america", "on_demand")->unit_price,
		     0.00000075);
	assert_money(item_of(s, "http_requests:europe", "on_demand")->unit_price, 0.0000009);
	assert_string_equal(item_of(s, "data_out:india", "on_demand")->price->region, "global");
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
}

static void test_dns(void **state)
{
	infracost_catalog *book = catalog_from(KV_CDN_DNS_BOOK), *shipped;
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	/* zones 30 across the 25-zone tier: 25 x 0.5 + 5 x 0.1 = 13; queries 1.5e9:
	 * 1e9 x 0.0000004 + 0.5e9 x 0.0000002 = 500; latency 2e9: 1e9 x 0.0000006 +
	 * 1e9 x 0.0000003 = 900; geo 1e6 x 0.0000007 = 0.7; health checks 3 x 0.5 =
	 * 1.5; total 1415.2 */
	est = estimate_of(one("{ \"name\": \"d\", \"type\": \"dns\", \"hosted_zones\": 30,"
			      " \"queries\": 1.5e9, \"latency_queries\": 2e9, \"geo_queries\": 1e6,"
			      " \"health_checks\": 3 }",
			      730, NULL),
			  book);
	s = svc1(est);
	assert_string_equal(s->type, "dns");
	assert_int_equal(s->line_item_count, 5);
	check_line(s, "zones", 30, 13, "hosted_zone");
	assert_int_equal(item_of(s, "zones", "on_demand")->tiered, 1);
	assert_string_equal(item_of(s, "zones", "on_demand")->price->region, "global");
	check_line(s, "queries", 1.5e9, 500, "queries:standard");
	check_line(s, "latency_queries", 2e9, 900, "queries:latency");
	check_line(s, "geo_queries", 1e6, 0.7, "queries:geo");
	check_line(s, "health_checks", 3, 1.5, "health_check");
	assert_string_equal(item_of(s, "health_checks", "on_demand")->price->unit, "month");
	check_range(s->monthly, 1415.2, 1415.2, 1415.2);
	infracost_estimate_free(est);
	/* the default is one zone (0.5, not r1's decoy at 99); 25 zones stay in the first tier */
	est = estimate_of(one("{ \"name\": \"d\", \"type\": \"dns\" }", 730, NULL), book);
	assert_int_equal(svc1(est)->line_item_count, 1);
	check_line(svc1(est), "zones", 1, 0.5, "hosted_zone");
	infracost_estimate_free(est);
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"dns\", \"hosted_zones\": 25 }", 730, NULL),
		book);
	check_line(svc1(est), "zones", 25, 12.5, "hosted_zone");
	assert_int_equal(item_of(svc1(est), "zones", "on_demand")->tiered, 0);
	infracost_estimate_free(est);
	infracost_catalog_free(book);
	/* the shipped global rows, from a service in us-east-1 */
	shipped = catalog_default();
	est = estimate_of("{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
			  " { \"name\": \"d\", \"type\": \"dns\", \"hosted_zones\": 2,"
			  " \"queries\": 1e6, \"latency_queries\": 1e6, \"geo_queries\": 1e6,"
			  " \"health_checks\": 1 } ] }",
			  shipped);
	s = svc1(est);
	assert_money(item_of(s, "zones", "on_demand")->unit_price, 0.5);
	assert_money(item_of(s, "queries", "on_demand")->unit_price, 0.0000004);
	assert_money(item_of(s, "latency_queries", "on_demand")->unit_price, 0.0000006);
	assert_money(item_of(s, "geo_queries", "on_demand")->unit_price, 0.0000007);
	assert_money(item_of(s, "health_checks", "on_demand")->unit_price, 0.5);
	assert_money(s->monthly.expected, 1 + 0.4 + 0.6 + 0.7 + 0.5);
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
}

/* ---- v2 types: file_storage, kubernetes, block_storage, monitoring ------ */

/* Their test book (formats.md section 5 keys; test figures). */
static const char *BOOK_V2B =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,source\n"
	"aws,efs,r1,storage:standard,on_demand,gb_month,0.3,,,test\n"
	"aws,efs,r1,storage:ia,on_demand,gb_month,0.016,,,\n"
	"aws,efs,r1,storage:archive,on_demand,gb_month,0.008,,,\n"
	"aws,efs,r1,access:ia,on_demand,gb,0.01,,,\n"
	"aws,efs,r2,storage:standard,on_demand,gb_month,0.3,,,\n"
	"aws,eks,r1,cluster:standard,on_demand,hour,0.1,,,\n"
	"aws,eks,r1,cluster:extended,on_demand,hour,0.6,,,\n"
	"gcp,gke,g1,cluster,on_demand,hour,0.11,,,\n"
	"azure,aks,a1,cluster:standard,on_demand,hour,0.12,,,\n"
	"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,,\n"
	"aws,ebs,r1,gp2,on_demand,gb_month,0.1,,,\n"
	"aws,ebs,r1,io1,on_demand,gb_month,0.125,,,\n"
	"aws,ebs,r1,io2,on_demand,gb_month,0.13,,,\n"
	"aws,ebs,r1,st1,on_demand,gb_month,0.045,,,\n"
	"aws,ebs,r1,sc1,on_demand,gb_month,0.015,,,\n"
	"aws,ebs,r1,standard,on_demand,gb_month,0.05,,,\n"
	"aws,ebs,r1,gp3:iops,on_demand,iops_month,0.005,,,\n"
	"aws,ebs,r1,io1:iops,on_demand,iops_month,0.065,,,\n"
	"aws,ebs,r1,io2:iops,on_demand,iops_month,0.06,,0,\n"
	"aws,ebs,r1,io2:iops,on_demand,iops_month,0.04,,32000,\n"
	"aws,ebs,r1,io2:iops,on_demand,iops_month,0.03,,64000,\n"
	"aws,ebs,r1,gp3:throughput,on_demand,mbps_month,0.04,,,\n"
	"aws,ebs,r1,snapshot,on_demand,gb_month,0.05,,,\n"
	"aws,ebs,r2,io2,on_demand,gb_month,0.13,,,\n"
	"aws,cloudwatch,r1,logs:ingest,on_demand,gb,0.5,,,\n"
	"aws,cloudwatch,r1,logs:storage,on_demand,gb_month,0.03,,,\n"
	"aws,cloudwatch,r1,metric,on_demand,month,0.3,,0,\n"
	"aws,cloudwatch,r1,metric,on_demand,month,0.1,,10000,\n"
	"aws,cloudwatch,r1,metric,on_demand,month,0.05,,250000,\n"
	"aws,cloudwatch,r1,alarm:standard,on_demand,month,0.1,,,\n"
	"aws,cloudwatch,r1,dashboard,on_demand,month,3,,,\n";

/* A hand-computed case: one service (JSON object text) in an environment
 * of `hours` (0: the shipped snapshot's us-east-1, 730 h), every line item
 * it must make (in any order; `tiered` 1 where the quantity passes a second
 * tier) and its monthly total, the same in every case. */
struct v2b_case {
	const char *service;
	double hours;
	struct v2b_line {
		const char *component, *service, *sku, *unit;
		double quantity, unit_price, monthly;
		int tiered;
	} lines[5];
	double total;
};

/* A spec of one service in us-east-1 (the shipped snapshot), 730 h. */
static char *shipped_one(const char *service)
{
	static char buf[2048];
	snprintf(buf, sizeof(buf),
		 "{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": [ %s ] }",
		 service);
	return buf;
}

/* Each case priced against `book`: its lines and total. With the shipped
 * snapshot (hours 0), every line is priced from the us-east-1 row of its
 * key (tier 0) in aws-us-east-1.csv. */
static void check_v2b_cases(const infracost_catalog *book, const char *type,
			    const struct v2b_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct v2b_case *c = &cases[i];
		infracost_estimate *est = estimate_of(c->hours > 0 ? one(c->service, c->hours, NULL)
								   : shipped_one(c->service),
						      book);
		const infracost_service_result *s = svc1(est);
		size_t nlines = 0;
		assert_string_equal(s->type, type);
		for (; nlines < 5 && c->lines[nlines].component; nlines++) {
			const struct v2b_line *l = &c->lines[nlines];
			const infracost_line_item *it = item_of(s, l->component, "on_demand");
			if (!it)
				print_error("case %zu: no line item '%s'\n", i, l->component);
			assert_non_null(it);
			assert_string_equal(it->price->service, l->service);
			assert_string_equal(it->price->sku, l->sku);
			assert_string_equal(it->price->unit, l->unit);
			assert_money(it->quantity, l->quantity);
			assert_money(it->unit_price, l->unit_price);
			assert_money(it->monthly, l->monthly);
			assert_int_equal(it->tiered, l->tiered);
			if (c->hours <= 0) {
				const infracost_price *rows;
				size_t nrows;
				assert_int_equal(infracost_catalog_lookup(
							 &rows, &nrows, book, "aws", l->service,
							 "us-east-1", l->sku, "on_demand", l->unit),
						 0);
				assert_ptr_equal(it->price, &rows[0]);
				assert_non_null(strstr(it->price->origin, "aws-us-east-1.csv:"));
			}
		}
		assert_int_equal(s->line_item_count, nlines);
		check_range(s->monthly, c->total, c->total, c->total);
		infracost_estimate_free(est);
	}
}

/* Estimating `spec` against `book` fails with ENOTFOUND (exit 3) at `path`,
 * the message holding `want`. */
static void check_v2b_not_found(const infracost_catalog *book, const char *spec, const char *path,
				const char *want)
{
	const char *msg;
	assert_int_equal(compute_error(spec, book, &msg), INFRACOST_ENOTFOUND);
	if (!strstr(msg, want))
		print_error("message: %s\n", msg);
	assert_non_null(strstr(msg, want));
	if (path)
		assert_string_equal(infracost_error_last()->path, path);
}

/* file_storage (EFS): storage, ia_storage, archive_storage GB-months and
 * ia_access GB, each skipped when 0; none scales with H. */
static void test_file_storage(void **state)
{
	static const struct v2b_case cases[] = {
		/* 100 x 0.3 = 30; 500 x 0.016 = 8; 1000 x 0.008 = 8; 50 x 0.01 = 0.5 */
		{"{ \"name\": \"fs\", \"type\": \"file_storage\", \"storage_gb\": 100,"
		 " \"ia_storage_gb\": 500, \"archive_storage_gb\": 1000, \"ia_access_gb\": 50 }",
		 730,
		 {{"storage", "efs", "storage:standard", "gb_month", 100, 0.3, 30, 0},
		  {"ia_storage", "efs", "storage:ia", "gb_month", 500, 0.016, 8, 0},
		  {"archive_storage", "efs", "storage:archive", "gb_month", 1000, 0.008, 8, 0},
		  {"ia_access", "efs", "access:ia", "gb", 50, 0.01, 0.5, 0}},
		 46.5},
		{"{ \"name\": \"fs\", \"type\": \"file_storage\", \"storage_gb\": 10 }",
		 200,
		 {{"storage", "efs", "storage:standard", "gb_month", 10, 0.3, 3, 0}},
		 3},
		{"{ \"name\": \"fs\", \"type\": \"file_storage\" }", 730, {{NULL}}, 0},
	};
	static const struct v2b_case shipped_cases[] = {
		/* us-east-1 Standard: 0.30 */
		{"{ \"name\": \"fs\", \"type\": \"file_storage\", \"storage_gb\": 200 }",
		 0,
		 {{"storage", "efs", "storage:standard", "gb_month", 200, 0.3, 60, 0}},
		 60},
	};
	infracost_catalog *book = catalog_from(BOOK_V2B), *shipped = catalog_default();
	(void)state;
	check_v2b_cases(book, "file_storage", cases, sizeof(cases) / sizeof(cases[0]));
	check_v2b_cases(shipped, "file_storage", shipped_cases, 1);
	/* a class without a price is exit 3, never $0 (IA is "not found" in the snapshot) */
	check_v2b_not_found(book,
			    one("{ \"name\": \"fs\", \"type\": \"file_storage\", \"region\": "
				"\"r2\", \"storage_gb\": 1, \"archive_storage_gb\": 5 }",
				730, NULL),
			    NULL, "price not found: aws/efs/r2/storage:archive/on_demand/gb_month");
	check_v2b_not_found(shipped,
			    shipped_one("{ \"name\": \"fs\", \"type\": \"file_storage\","
					" \"ia_storage_gb\": 20 }"),
			    NULL,
			    "price not found: aws/efs/us-east-1/storage:ia/on_demand/gb_month");
	infracost_catalog_free(shipped);
	infracost_catalog_free(book);
}

/* kubernetes: control_plane = clusters x H of cluster:SUPPORT (gcp gke
 * cluster, azure aks cluster:standard); an extended cluster is its own row
 * (0.60 = 0.10 + 0.50 in the snapshot), never standard + extended. */
static void test_kubernetes(void **state)
{
	static const struct v2b_case cases[] = {
		/* 2 x 730 x 0.1 = 146 */
		{"{ \"name\": \"k\", \"type\": \"kubernetes\", \"clusters\": 2 }",
		 730,
		 {{"control_plane", "eks", "cluster:standard", "hour", 1460, 0.1, 146, 0}},
		 146},
		/* extended: 1 x 500 x 0.6 = 300, one line */
		{"{ \"name\": \"k\", \"type\": \"kubernetes\", \"support\": \"extended\" }",
		 500,
		 {{"control_plane", "eks", "cluster:extended", "hour", 500, 0.6, 300, 0}},
		 300},
		/* 0 clusters: the line still shows, at 0 */
		{"{ \"name\": \"k\", \"type\": \"kubernetes\", \"clusters\": 0 }",
		 730,
		 {{"control_plane", "eks", "cluster:standard", "hour", 0, 0.1, 0, 0}},
		 0},
		/* gcp: 730 x 0.11; azure: 100 x 0.12 */
		{"{ \"name\": \"k\", \"type\": \"kubernetes\", \"provider\": \"gcp\", \"region\": "
		 "\"g1\" }",
		 730,
		 {{"control_plane", "gke", "cluster", "hour", 730, 0.11, 80.3, 0}},
		 80.3},
		{"{ \"name\": \"k\", \"type\": \"kubernetes\", \"provider\": \"azure\", "
		 "\"region\": "
		 "\"a1\" }",
		 100,
		 {{"control_plane", "aks", "cluster:standard", "hour", 100, 0.12, 12, 0}},
		 12},
	};
	static const struct v2b_case shipped_cases[] = {
		{"{ \"name\": \"k\", \"type\": \"kubernetes\" }",
		 0,
		 {{"control_plane", "eks", "cluster:standard", "hour", 730, 0.1, 73, 0}},
		 73},
		/* 2 x 730 x 0.60 = 876 (not 0.70 an hour) */
		{"{ \"name\": \"k\", \"type\": \"kubernetes\", \"clusters\": 2,"
		 " \"support\": \"extended\" }",
		 0,
		 {{"control_plane", "eks", "cluster:extended", "hour", 1460, 0.6, 876, 0}},
		 876},
	};
	infracost_catalog *book = catalog_from(BOOK_V2B), *shipped = catalog_default();
	(void)state;
	check_v2b_cases(book, "kubernetes", cases, sizeof(cases) / sizeof(cases[0]));
	check_v2b_cases(shipped, "kubernetes", shipped_cases,
			sizeof(shipped_cases) / sizeof(shipped_cases[0]));
	/* a missing price names the support key that chose it */
	check_v2b_not_found(book,
			    "{ \"provider\": \"gcp\", \"region\": \"g1\", \"services\": [ { "
			    "\"name\": \"k\", \"type\": \"kubernetes\", \"support\": \"extended\" "
			    "} ] }",
			    "services[0].support",
			    "spec.json:1:100: services[0].support: price not found: "
			    "gcp/gke/g1/cluster:extended/on_demand/hour");
	infracost_catalog_free(shipped);
	infracost_catalog_free(book);
}

/* block_storage: storage = count x size_gb; iops = count x billable IOPS
 * (gp3 above 3,000; io1 and io2 all, io2's ladder per volume); throughput =
 * count x MB/s above 125 (gp3); snapshots = snapshot_gb. */
static void test_block_storage(void **state)
{
#define VOL(extra) "{ \"name\": \"v\", \"type\": \"block_storage\", " extra " }"
	static const struct v2b_case cases[] = {
		/* gp3 at the included 3,000 IOPS and 125 MB/s: storage only, 2 x 100 x 0.08 */
		{VOL("\"size_gb\": 100, \"count\": 2, \"iops\": 3000, \"throughput_mbps\": 125"),
		 730,
		 {{"storage", "ebs", "gp3", "gb_month", 200, 0.08, 16, 0}},
		 16},
		/* one above each: 2 x 1 IOPS x 0.005; 2 x 1 MB/s x 0.04 */
		{VOL("\"size_gb\": 100, \"count\": 2, \"iops\": 3001, \"throughput_mbps\": 126"),
		 730,
		 {{"storage", "ebs", "gp3", "gb_month", 200, 0.08, 16, 0},
		  {"iops", "ebs", "gp3:iops", "iops_month", 2, 0.005, 0.01, 0},
		  {"throughput", "ebs", "gp3:throughput", "mbps_month", 2, 0.04, 0.08, 0}},
		 16.09},
		/* 3 x 50 GB; 3 x 3,000 IOPS; 3 x 125 MB/s; 40 GB of snapshots: not scaled by H */
		{VOL("\"volume_type\": \"gp3\", \"size_gb\": 50, \"count\": 3, \"iops\": 6000,"
		     " \"throughput_mbps\": 250, \"snapshot_gb\": 40"),
		 100,
		 {{"storage", "ebs", "gp3", "gb_month", 150, 0.08, 12, 0},
		  {"iops", "ebs", "gp3:iops", "iops_month", 9000, 0.005, 45, 0},
		  {"throughput", "ebs", "gp3:throughput", "mbps_month", 375, 0.04, 15, 0},
		  {"snapshots", "ebs", "snapshot", "gb_month", 40, 0.05, 2, 0}},
		 74},
		/* io1: every IOPS, 2 x 5,000 x 0.065 */
		{VOL("\"volume_type\": \"io1\", \"size_gb\": 100, \"count\": 2, \"iops\": 5000"),
		 730,
		 {{"storage", "ebs", "io1", "gb_month", 200, 0.125, 25, 0},
		  {"iops", "ebs", "io1:iops", "iops_month", 10000, 0.065, 650, 0}},
		 675},
		/* io2, tiered per volume: 80,000 IOPS a volume = 32,000 x 0.06 + 32,000 x 0.04 +
		 * 16,000 x 0.03 = 3,680; two volumes 7,360 (one ladder over the 160,000 would
		 * give 6,080); unit price 7,360 / 160,000 = 0.046 */
		{VOL("\"volume_type\": \"io2\", \"size_gb\": 100, \"count\": 2, \"iops\": 80000"),
		 730,
		 {{"storage", "ebs", "io2", "gb_month", 200, 0.13, 26, 0},
		  {"iops", "ebs", "io2:iops", "iops_month", 160000, 0.046, 7360, 1}},
		 7386},
		/* io2 at the first tier's end: 32,000 x 0.06, not tiered; one above: + 0.04 */
		{VOL("\"volume_type\": \"io2\", \"size_gb\": 10, \"iops\": 32000"),
		 730,
		 {{"storage", "ebs", "io2", "gb_month", 10, 0.13, 1.3, 0},
		  {"iops", "ebs", "io2:iops", "iops_month", 32000, 0.06, 1920, 0}},
		 1921.3},
		{VOL("\"volume_type\": \"io2\", \"size_gb\": 10, \"iops\": 32001"),
		 730,
		 {{"storage", "ebs", "io2", "gb_month", 10, 0.13, 1.3, 0},
		  {"iops", "ebs", "io2:iops", "iops_month", 32001, 1920.04 / 32001, 1920.04, 1}},
		 1921.34},
		/* the types without provisioned IOPS or throughput: storage only */
		{VOL("\"volume_type\": \"gp2\", \"size_gb\": 500, \"iops\": 0"),
		 730,
		 {{"storage", "ebs", "gp2", "gb_month", 500, 0.1, 50, 0}},
		 50},
		{VOL("\"volume_type\": \"st1\", \"size_gb\": 500"),
		 730,
		 {{"storage", "ebs", "st1", "gb_month", 500, 0.045, 22.5, 0}},
		 22.5},
		{VOL("\"volume_type\": \"sc1\", \"size_gb\": 500, \"throughput_mbps\": 0"),
		 730,
		 {{"storage", "ebs", "sc1", "gb_month", 500, 0.015, 7.5, 0}},
		 7.5},
		{VOL("\"volume_type\": \"standard\", \"size_gb\": 500"),
		 730,
		 {{"storage", "ebs", "standard", "gb_month", 500, 0.05, 25, 0}},
		 25},
		/* count 0: the storage line shows at 0, the others are skipped */
		{VOL("\"size_gb\": 100, \"count\": 0, \"iops\": 4000"),
		 730,
		 {{"storage", "ebs", "gp3", "gb_month", 0, 0.08, 0, 0}},
		 0},
	};
	/* us-east-1: gp3 0.08, gp3:iops 0.005, gp3:throughput 0.04, snapshot 0.05; io2
	 * 0.125, io2:iops 0.065 / 0.0455 from 32,000 / 0.03185 from 64,000 */
	static const struct v2b_case shipped_cases[] = {
		{VOL("\"size_gb\": 1000, \"iops\": 4000, \"throughput_mbps\": 200,"
		     " \"snapshot_gb\": 100"),
		 0,
		 {{"storage", "ebs", "gp3", "gb_month", 1000, 0.08, 80, 0},
		  {"iops", "ebs", "gp3:iops", "iops_month", 1000, 0.005, 5, 0},
		  {"throughput", "ebs", "gp3:throughput", "mbps_month", 75, 0.04, 3, 0},
		  {"snapshots", "ebs", "snapshot", "gb_month", 100, 0.05, 5, 0}},
		 93},
		/* 32,000 x 0.065 + 32,000 x 0.0455 + 16,000 x 0.03185 = 4,045.6 */
		{VOL("\"volume_type\": \"io2\", \"size_gb\": 100, \"iops\": 80000"),
		 0,
		 {{"storage", "ebs", "io2", "gb_month", 100, 0.125, 12.5, 0},
		  {"iops", "ebs", "io2:iops", "iops_month", 80000, 4045.6 / 80000, 4045.6, 1}},
		 4058.1},
		{VOL("\"volume_type\": \"io1\", \"size_gb\": 100, \"iops\": 1000"),
		 0,
		 {{"storage", "ebs", "io1", "gb_month", 100, 0.125, 12.5, 0},
		  {"iops", "ebs", "io1:iops", "iops_month", 1000, 0.065, 65, 0}},
		 77.5},
	};
	infracost_catalog *book = catalog_from(BOOK_V2B), *shipped = catalog_default();
	(void)state;
	check_v2b_cases(book, "block_storage", cases, sizeof(cases) / sizeof(cases[0]));
	check_v2b_cases(shipped, "block_storage", shipped_cases,
			sizeof(shipped_cases) / sizeof(shipped_cases[0]));
	/* a missing IOPS price: exit 3 at the volume_type that chose it */
	check_v2b_not_found(book,
			    one(VOL("\"region\": \"r2\", \"volume_type\": \"io2\", \"size_gb\": 10,"
				    " \"iops\": 100"),
				730, NULL),
			    "services[0].volume_type",
			    "price not found: aws/ebs/r2/io2:iops/on_demand/iops_month");
#undef VOL
	infracost_catalog_free(shipped);
	infracost_catalog_free(book);
}

/* monitoring (CloudWatch): logs_ingest GB, logs_storage GB-months, metrics
 * (tiered), alarms and dashboards a month, each skipped when 0. */
static void test_monitoring(void **state)
{
	static const struct v2b_case cases[] = {
		/* 20,000 metrics = 10,000 x 0.3 + 10,000 x 0.1 = 4,000 (unit 0.2) */
		{"{ \"name\": \"cw\", \"type\": \"monitoring\", \"logs_ingested_gb\": 100,"
		 " \"logs_stored_gb\": 1000, \"custom_metrics\": 20000, \"alarms\": 25,"
		 " \"dashboards\": 4 }",
		 730,
		 {{"logs_ingest", "cloudwatch", "logs:ingest", "gb", 100, 0.5, 50, 0},
		  {"logs_storage", "cloudwatch", "logs:storage", "gb_month", 1000, 0.03, 30, 0},
		  {"metrics", "cloudwatch", "metric", "month", 20000, 0.2, 4000, 1},
		  {"alarms", "cloudwatch", "alarm:standard", "month", 25, 0.1, 2.5, 0},
		  {"dashboards", "cloudwatch", "dashboard", "month", 4, 3, 12, 0}},
		 4094.5},
		/* the metric ladder's first step: 10,000 x 0.3, then 0.1 each */
		{"{ \"name\": \"cw\", \"type\": \"monitoring\", \"custom_metrics\": 10000 }",
		 730,
		 {{"metrics", "cloudwatch", "metric", "month", 10000, 0.3, 3000, 0}},
		 3000},
		{"{ \"name\": \"cw\", \"type\": \"monitoring\", \"custom_metrics\": 10001 }",
		 730,
		 {{"metrics", "cloudwatch", "metric", "month", 10001, 3000.1 / 10001, 3000.1, 1}},
		 3000.1},
		{"{ \"name\": \"cw\", \"type\": \"monitoring\" }", 730, {{NULL}}, 0},
	};
	/* us-east-1: 0.50, 0.03, 0.30 (the first 10,000), 0.10, 3.00 */
	static const struct v2b_case shipped_cases[] = {
		{"{ \"name\": \"cw\", \"type\": \"monitoring\", \"logs_ingested_gb\": 10,"
		 " \"logs_stored_gb\": 100, \"custom_metrics\": 50, \"alarms\": 20,"
		 " \"dashboards\": 2 }",
		 0,
		 {{"logs_ingest", "cloudwatch", "logs:ingest", "gb", 10, 0.5, 5, 0},
		  {"logs_storage", "cloudwatch", "logs:storage", "gb_month", 100, 0.03, 3, 0},
		  {"metrics", "cloudwatch", "metric", "month", 50, 0.3, 15, 0},
		  {"alarms", "cloudwatch", "alarm:standard", "month", 20, 0.1, 2, 0},
		  {"dashboards", "cloudwatch", "dashboard", "month", 2, 3, 6, 0}},
		 31},
	};
	infracost_catalog *book = catalog_from(BOOK_V2B), *shipped = catalog_default();
	(void)state;
	check_v2b_cases(book, "monitoring", cases, sizeof(cases) / sizeof(cases[0]));
	check_v2b_cases(shipped, "monitoring", shipped_cases, 1);
	infracost_catalog_free(shipped);
	infracost_catalog_free(book);
}

/* ---- the v2 changes to vm, container, database and cache (formats.md
 * section 5), priced from a book of their own ---- */
static const char *BOOK_V2C =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,source\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,test\n"
	"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,,,,\n"
	"aws,ebs,r1,gp2,on_demand,gb_month,0.1,,,,,\n"
	"aws,ebs,r1,st1,on_demand,gb_month,0.045,,,,,\n"
	"aws,ebs,r1,io1,on_demand,gb_month,0.125,,,,,\n"
	"aws,ebs,r1,io2,on_demand,gb_month,0.125,,,,,\n"
	"aws,ebs,r1,gp3:iops,on_demand,iops_month,0.005,,,,,\n"
	"aws,ebs,r1,io1:iops,on_demand,iops_month,0.065,,,,,\n"
	"aws,ebs,r1,io2:iops,on_demand,iops_month,0.065,,0,,,\n"
	"aws,ebs,r1,io2:iops,on_demand,iops_month,0.0455,,32000,,,\n"
	"aws,ebs,r1,io2:iops,on_demand,iops_month,0.03185,,64000,,,\n"
	"aws,ebs,r1,gp3:throughput,on_demand,mbps_month,0.04,,,,,\n"
	"aws,fargate,r1,vcpu:x86_64,on_demand,hour,0.04,,,,,\n"
	"aws,fargate,r1,memory:x86_64,on_demand,hour,0.004,,,,,\n"
	"aws,fargate,r1,ephemeral_storage:x86_64,on_demand,gb_hour,0.0001,,,,,\n"
	"aws,rds,r1,postgresql:db.s:single_az,on_demand,hour,0.02,,,,,\n"
	"aws,rds,r1,postgresql:storage:gp3:single_az,on_demand,gb_month,0.1,,,,,\n"
	"aws,rds,r1,postgresql:storage:io1:single_az,on_demand,gb_month,0.125,,,,,\n"
	"aws,rds,r1,postgresql:storage:io2:single_az,on_demand,gb_month,0.125,,,,,\n"
	"aws,rds,r1,postgresql:iops:gp3:single_az,on_demand,iops_month,0.02,,,,,\n"
	"aws,rds,r1,postgresql:iops:io1:single_az,on_demand,iops_month,0.1,,,,,\n"
	"aws,rds,r1,mariadb:db.s:single_az,on_demand,hour,0.03,,,,,\n"
	"aws,rds,r1,aurora-postgresql:db.r:single_az,on_demand,hour,0.26,,,,,\n"
	"aws,rds,r1,aurora-postgresql:storage:aurora:single_az,on_demand,gb_month,0.1,,,,,\n"
	"aws,rds,r1,aurora-postgresql:io,on_demand,request,0.0000002,,,,,\n"
	"aws,rds,r1,aurora-mysql:db.r:single_az,on_demand,hour,0.29,,,,,\n"
	"aws,rds,r1,backup,on_demand,gb_month,0.09,,,,,\n"
	"aws,elasticache,r1,redis:cache.s,on_demand,hour,0.02,,,,,\n"
	"aws,elasticache,r1,valkey:cache.s,on_demand,hour,0.016,,,,,\n"
	"aws,elasticache,r1,memcached:cache.s,on_demand,hour,0.017,,,,,\n";

/* vm: disk_iops and disk_throughput_mbps billed per replica as block_storage
 * bills them (gp3 above 3,000 IOPS and 125 MB/s; io1, io2 all, io2 tiered). */
static void test_vm_disk_iops_throughput(void **state)
{
	infracost_catalog *c = catalog_from(BOOK_V2C);
	infracost_estimate *est;
	const infracost_service_result *s;
	const infracost_line_item *it;
	const char *msg;
	(void)state;
	/* 2 replicas: compute 2 x 730 x 0.1 = 146; disk 2 x 100 x 0.08 = 16;
	 * IOPS 2 x (5000 - 3000) x 0.005 = 20; throughput 2 x (250 - 125) x 0.04 = 10 */
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": 2, \"disk_gb\": 100, \"disk_iops\": 5000,"
			      " \"disk_throughput_mbps\": 250 }",
			      730, NULL),
			  c);
	s = svc1(est);
	check_range(s->monthly, 192, 192, 192);
	it = item_of(s, "disk_iops", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->service, "ebs");
	assert_string_equal(it->price->sku, "gp3:iops");
	assert_string_equal(it->price->unit, "iops_month");
	assert_money(it->quantity, 4000);
	assert_money(it->monthly, 20);
	it = item_of(s, "disk_throughput", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->sku, "gp3:throughput");
	assert_string_equal(it->price->unit, "mbps_month");
	assert_money(it->quantity, 250);
	assert_money(it->monthly, 10);
	infracost_estimate_free(est);
	/* gp3 at its included 3,000 IOPS and 125 MB/s: no IOPS or throughput line */
	est = estimate_of(
		one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		    " \"disk_gb\": 10, \"disk_iops\": 3000, \"disk_throughput_mbps\": 125 }",
		    730, NULL),
		c);
	assert_int_equal(svc1(est)->line_item_count, 2);
	assert_money(svc1(est)->monthly.expected, 73 + 0.8);
	infracost_estimate_free(est);
	/* io2, one replica of 40,000 IOPS: 32,000 x 0.065 + 8,000 x 0.0455 = 2,444;
	 * 50 GB x 0.125 = 6.25 */
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"disk_gb\": 50, \"disk_type\": \"io2\", \"disk_iops\": 40000 }",
			      730, NULL),
			  c);
	s = svc1(est);
	it = item_of(s, "disk_iops", "on_demand");
	assert_string_equal(it->price->sku, "io2:iops");
	assert_money(it->monthly, 2444);
	assert_int_equal(it->tiered, 1);
	assert_money(item_of(s, "disk", "on_demand")->monthly, 6.25);
	assert_money(s->monthly.expected, 73 + 6.25 + 2444);
	infracost_estimate_free(est);
	/* io1, 3 replicas of 1,000 IOPS: every IOPS billed, 3 x 1000 x 0.065 = 195 */
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"replicas\": 3, \"disk_gb\": 10, \"disk_type\": \"io1\","
			      " \"disk_iops\": 1000 }",
			      730, NULL),
			  c);
	assert_money(item_of(svc1(est), "disk_iops", "on_demand")->quantity, 3000);
	assert_money(item_of(svc1(est), "disk_iops", "on_demand")->monthly, 195);
	assert_money(svc1(est)->monthly.expected, 219 + 3.75 + 195);
	infracost_estimate_free(est);
	/* st1 (any block_storage volume type): 500 GB x 0.045 = 22.5 */
	est = estimate_of(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			      " \"disk_gb\": 500, \"disk_type\": \"st1\" }",
			      730, NULL),
			  c);
	assert_string_equal(item_of(svc1(est), "disk", "on_demand")->price->sku, "st1");
	assert_money(item_of(svc1(est), "disk", "on_demand")->monthly, 22.5);
	infracost_estimate_free(est);
	/* a missing disk price is blamed on disk_type, not on instance_type */
	assert_int_equal(
		compute_error(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
				  "\"m.large\", \"disk_gb\": 10, \"disk_type\": \"sc1\" }",
				  730, NULL),
			      c, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].disk_type");
	assert_non_null(strstr(msg, "price not found: aws/ebs/r1/sc1/on_demand/gb_month"));
	/* in an override, at the override's value */
	assert_int_equal(
		compute_error(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": "
				  "\"m.large\", \"disk_gb\": 10, \"overrides\": { \"e\": {"
				  " \"disk_type\": \"standard\" } } }",
				  730, NULL),
			      c, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].overrides.e.disk_type");
	/* invalid: IOPS on a gp2 disk, throughput on io1, an unknown type (exit 2) */
	msg = spec_error(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			     " \"disk_type\": \"gp2\", \"disk_iops\": 4000 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].disk_iops: a gp2 disk takes no provisioned IOPS"));
	msg = spec_error(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			     " \"disk_type\": \"io1\", \"disk_throughput_mbps\": 500 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].disk_throughput_mbps: a io1 disk takes no "
				    "provisioned throughput"));
	msg = spec_error(one("{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			     " \"disk_type\": \"gp4\" }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].disk_type: unknown value 'gp4' (expected one of "
				    "gp3, gp2, io1, io2, st1, sc1, standard)"));
	infracost_catalog_free(c);
}

/* container on aws: the sizes Fargate runs, the CPU-units hint, ephemeral
 * storage above the included 20 GB. */
static void test_container_fargate(void **state)
{
	static const char *const ok[] = {"0.25, \"memory_gb\": 0.5", "0.25, \"memory_gb\": 2",
					 "0.5, \"memory_gb\": 4",    "1, \"memory_gb\": 8",
					 "2, \"memory_gb\": 16",     "4, \"memory_gb\": 30",
					 "8, \"memory_gb\": 60",     "8, \"memory_gb\": 20",
					 "16, \"memory_gb\": 32",    "16, \"memory_gb\": 120"};
	static const char *const bad[][2] = {
		{"0.25, \"memory_gb\": 1.5",
		 "Fargate with 0.25 vCPU takes 0.5, 1 or 2 GB of memory, "
		 "got 1.5"},
		{"0.5, \"memory_gb\": 0.5", "Fargate with 0.5 vCPU takes 1 to 4 GB of memory in "
					    "steps of 1, got 0.5"},
		{"1, \"memory_gb\": 2.5",
		 "Fargate with 1 vCPU takes 2 to 8 GB of memory in steps of "
		 "1, got 2.5"},
		{"2, \"memory_gb\": 17",
		 "Fargate with 2 vCPU takes 4 to 16 GB of memory in steps of "
		 "1, got 17"},
		{"4, \"memory_gb\": 31",
		 "Fargate with 4 vCPU takes 8 to 30 GB of memory in steps of "
		 "1, got 31"},
		{"8, \"memory_gb\": 18", "Fargate with 8 vCPU takes 16 to 60 GB of memory in steps "
					 "of 4, got 18"},
		{"16, \"memory_gb\": 36", "Fargate with 16 vCPU takes 32 to 120 GB of memory in "
					  "steps of 8, got 36"},
		{"3, \"memory_gb\": 6",
		 "services[0].vcpu: Fargate runs 0.25, 0.5, 1, 2, 4, 8 or 16 "
		 "vCPU, got 3"},
		{"32, \"memory_gb\": 64", "Fargate runs 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU, got 32"},
	};
	infracost_catalog *c = catalog_from(BOOK_V2C);
	infracost_estimate *est;
	const infracost_service_result *s;
	const infracost_line_item *it;
	char json[512];
	const char *msg;
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(json, sizeof(json),
			 "{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": %s }", ok[i]);
		infracost_spec_free(spec_from(one(json, 730, NULL)));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(json, sizeof(json),
			 "{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": %s }", bad[i][0]);
		msg = spec_error(one(json, 730, NULL), INFRACOST_EINVALID);
		assert_non_null(strstr(msg, bad[i][1]));
		assert_null(strstr(msg, "CPU units"));
	}
	/* the issue's "vcpu": 512, copied from an ECS task definition: 0.5 vCPU */
	msg = spec_error(one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 512,"
			     " \"memory_gb\": 1 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "spec.json:1:181: services[0].vcpu: Fargate runs 0.25, 0.5, 1, "
				    "2, 4, 8 or 16 vCPU, got 512: ECS task definitions count CPU "
				    "units (1024 units = 1 vCPU), so 512 units are 0.5 vCPU"));
	assert_string_equal(infracost_error_last()->path, "services[0].vcpu");
	/* from 128 up; in an override, at the override */
	msg = spec_error(one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1,"
			     " \"memory_gb\": 2, \"overrides\": { \"e\": { \"vcpu\": 128 } } }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "so 128 units are 0.125 vCPU"));
	assert_string_equal(infracost_error_last()->path, "services[0].overrides.e.vcpu");
	/* other providers run other sizes */
	infracost_spec_free(spec_from(
		"{ \"provider\": \"gcp\", \"region\": \"g1\", \"services\": [ { \"name\": \"c\","
		" \"type\": \"container\", \"vcpu\": 3, \"memory_gb\": 1 } ] }"));
	/* ephemeral storage: at most 200 GB, at least the included 20 */
	msg = spec_error(one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1,"
			     " \"memory_gb\": 2, \"ephemeral_storage_gb\": 201 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].ephemeral_storage_gb: must be <= 200, got 201"));
	spec_error(one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1,"
		       " \"memory_gb\": 2, \"ephemeral_storage_gb\": 10 }",
		       730, NULL),
		   INFRACOST_EINVALID);
	/* 2 replicas, 50 GB: vcpu 1460 x 0.5 x 0.04 = 29.2; memory 1460 x 1 x 0.004 = 5.84;
	 * ephemeral 1460 replica-hours x 30 GB = 43,800 GB-hours x 0.0001 = 4.38 */
	est = estimate_of(one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 0.5,"
			      " \"memory_gb\": 1, \"replicas\": 2, \"ephemeral_storage_gb\": 50 }",
			      730, NULL),
			  c);
	s = svc1(est);
	it = item_of(s, "ephemeral_storage", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->service, "fargate");
	assert_string_equal(it->price->sku, "ephemeral_storage:x86_64");
	assert_string_equal(it->price->unit, "gb_hour");
	assert_money(it->quantity, 43800);
	assert_money(it->monthly, 4.38);
	check_range(s->monthly, 29.2 + 5.84 + 4.38, 29.2 + 5.84 + 4.38, 29.2 + 5.84 + 4.38);
	infracost_estimate_free(est);
	/* the included 20 GB: no line */
	est = estimate_of(one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 0.5,"
			      " \"memory_gb\": 1, \"ephemeral_storage_gb\": 20 }",
			      730, NULL),
			  c);
	assert_null(item_of(svc1(est), "ephemeral_storage", "on_demand"));
	assert_int_equal(svc1(est)->line_item_count, 2);
	infracost_estimate_free(est);
	infracost_catalog_free(c);
}

/* database: engines incl. Aurora, storage types and IOPS, engine_version,
 * and (changed in v2) backup billed beyond the free allowance only. */
static void test_database_v2(void **state)
{
	infracost_catalog *c = catalog_from(BOOK_V2C);
	infracost_estimate *est;
	const infracost_service_result *s;
	const infracost_line_item *it;
	const char *msg;
	char *text = NULL;
	char json[512];
	static const struct {
		double backup, billed;
	} allowance[] = {{60, 0}, {100, 0}, {130, 30}};
	(void)state;
	/* backup allowance: 2 instances x 50 GB = 100 GB free */
	for (size_t i = 0; i < 3; i++) {
		snprintf(json, sizeof(json),
			 "{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
			 " \"instance_type\": \"db.s\", \"count\": 2, \"storage_gb\": 50,"
			 " \"backup_gb\": %g }",
			 allowance[i].backup);
		est = estimate_of(one(json, 730, NULL), c);
		s = svc1(est);
		it = item_of(s, "backup", "on_demand");
		if (allowance[i].billed > 0) {
			assert_non_null(it);
			assert_money(it->quantity, allowance[i].billed);
			assert_money(it->monthly, allowance[i].billed * 0.09);
		} else {
			assert_null(it);
		}
		/* 2 x 730 x 0.02 = 29.2; storage 100 x 0.1 = 10 */
		assert_money(s->monthly.expected, 29.2 + 10 + allowance[i].billed * 0.09);
		infracost_estimate_free(est);
	}
	/* io1 with 1,000 IOPS: 730 x 0.02 = 14.6; 100 GB x 0.125 = 12.5; 1000 x 0.1 = 100 */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"instance_type\": \"db.s\", \"storage_gb\": 100,"
		    " \"storage_type\": \"io1\", \"iops\": 1000 }",
		    730, NULL),
		c);
	s = svc1(est);
	it = item_of(s, "iops", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->sku, "postgresql:iops:io1:single_az");
	assert_string_equal(it->price->unit, "iops_month");
	assert_money(it->quantity, 1000);
	assert_money(it->monthly, 100);
	assert_string_equal(item_of(s, "storage", "on_demand")->price->sku,
			    "postgresql:storage:io1:single_az");
	assert_money(s->monthly.expected, 14.6 + 12.5 + 100);
	infracost_estimate_free(est);
	/* gp3, 2 instances of 500 IOPS: 2 x 500 x 0.02 = 20 */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"instance_type\": \"db.s\", \"count\": 2, \"iops\": 500 }",
		    730, NULL),
		c);
	assert_money(item_of(svc1(est), "iops", "on_demand")->quantity, 1000);
	assert_money(item_of(svc1(est), "iops", "on_demand")->monthly, 20);
	infracost_estimate_free(est);
	/* Aurora: 2 x 730 x 0.26 = 379.6; one 200 GB cluster volume x 0.1 = 20;
	 * 1e8 I/O x 0.0000002 = 20; backup 250 - 200 free = 50 x 0.09 = 4.5 */
	est = estimate_of(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			      "\"aurora-postgresql\", \"instance_type\": \"db.r\", \"count\": 2,"
			      " \"storage_gb\": 200, \"io_requests\": 1e8, \"backup_gb\": 250 }",
			      730, NULL),
			  c);
	s = svc1(est);
	assert_string_equal(item_of(s, "instance", "on_demand")->price->sku,
			    "aurora-postgresql:db.r:single_az");
	it = item_of(s, "storage", "on_demand");
	assert_string_equal(it->price->sku, "aurora-postgresql:storage:aurora:single_az");
	assert_money(it->quantity, 200);
	it = item_of(s, "io", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->sku, "aurora-postgresql:io");
	assert_string_equal(it->price->unit, "request");
	assert_money(it->monthly, 20);
	assert_money(item_of(s, "backup", "on_demand")->quantity, 50);
	assert_money(s->monthly.expected, 379.6 + 20 + 20 + 4.5);
	infracost_estimate_free(est);
	/* engine_version: shown in the instance line's component, not priced */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"engine_version\": \"15.4\", \"instance_type\": \"db.s\" }",
		    730, NULL),
		c);
	s = svc1(est);
	it = item_of(s, "instance (postgresql 15.4)", "on_demand");
	assert_non_null(it);
	assert_string_equal(it->price->sku, "postgresql:db.s:single_az");
	assert_money(s->monthly.expected, 14.6);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON), 0);
	assert_non_null(strstr(text, "\"component\":\"instance (postgresql 15.4)\""));
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "instance (postgresql 15.4)"));
	infracost_free(text);
	infracost_estimate_free(est);
	/* a missing storage price is blamed on storage_type (given or in an
	 * override; the service when defaulted), an Aurora one on engine */
	assert_int_equal(
		compute_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
				  "\"mariadb\", \"instance_type\": \"db.s\", \"storage_gb\":"
				  " 20, \"storage_type\": \"gp3\" }",
				  730, NULL),
			      c, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].storage_type");
	assert_non_null(strstr(msg, "aws/rds/r1/mariadb:storage:gp3:single_az/on_demand/gb_month"));
	assert_int_equal(
		compute_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
				  "\"mariadb\", \"instance_type\": \"db.s\", \"storage_gb\":"
				  " 20, \"overrides\": { \"e\": { \"storage_type\": \"gp2\""
				  " } } }",
				  730, NULL),
			      c, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].overrides.e.storage_type");
	assert_int_equal(
		compute_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
				  "\"mariadb\", \"instance_type\": \"db.s\", \"storage_gb\":"
				  " 20 }",
				  730, NULL),
			      c, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0]");
	/* IOPS: io2 storage has a row, its IOPS none */
	assert_int_equal(
		compute_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
				  "\"postgresql\", \"instance_type\": \"db.s\", "
				  "\"storage_gb\": 20, \"storage_type\": \"io2\", \"iops\": "
				  "1000 }",
				  730, NULL),
			      c, &msg),
		INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].storage_type");
	assert_non_null(strstr(msg, "postgresql:iops:io2:single_az/on_demand/iops_month"));
	assert_int_equal(compute_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
					   "\"aurora-mysql\", \"instance_type\": \"db.r\", "
					   "\"storage_gb\": 20 }",
					   730, NULL),
				       c, &msg),
			 INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].engine");
	assert_non_null(strstr(msg, "aurora-mysql:storage:aurora:single_az"));
	/* an engine the catalog has no sku of in the region: reported at the engine
	 * (the catalog of this test has no mysql row) */
	assert_int_equal(compute_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
					   "\"mysql\", \"instance_type\": \"db.s\" }",
					   730, NULL),
				       c, &msg),
			 INFRACOST_ENOTFOUND);
	assert_string_equal(infracost_error_last()->path, "services[0].engine");
	/* invalid (exit 2), each at its key */
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"oracle\","
			     " \"instance_type\": \"db.s\" }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg,
			       "services[0].engine: unknown engine 'oracle': expected "
			       "postgresql, mysql, mariadb, aurora-postgresql or aurora-mysql"));
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			     "\"postgresql\", \"instance_type\": \"db.s\", \"storage_type\": "
			     "\"magnetic\" }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].storage_type: unknown value 'magnetic' (expected "
				    "one of gp3, gp2, io1, io2)"));
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			     "\"postgresql\", \"instance_type\": \"db.s\", \"storage_type\": "
			     "\"gp2\", \"iops\": 1000 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].iops: gp2 storage has no provisioned IOPS"));
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			     "\"aurora-mysql\", \"instance_type\": \"db.r\", \"iops\": 1000 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].iops: Aurora storage has no provisioned IOPS"));
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			     "\"aurora-mysql\", \"instance_type\": \"db.r\", \"storage_type\": "
			     "\"gp3\" }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].storage_type: Aurora has no storage type"));
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			     "\"aurora-mysql\", \"instance_type\": \"db.r\", \"multi_az\": true }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].multi_az: Aurora has no Multi-AZ option"));
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			     "\"mysql\", \"instance_type\": \"db.s\", \"io_requests\": 5 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].io_requests: only Aurora bills I/O requests"));
	msg = spec_error(one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": "
			     "\"mysql\", \"instance_type\": \"db.s\", \"engine_version\": 8 }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].engine_version"));
	infracost_catalog_free(c);
}

/* cache: redis, valkey, memcached nodes. */
static void test_cache_engines(void **state)
{
	infracost_catalog *c = catalog_from(BOOK_V2C);
	infracost_estimate *est;
	const char *msg;
	(void)state;
	/* 3 valkey nodes: 3 x 730 x 0.016 = 35.04; 2 memcached: 2 x 730 x 0.017 = 24.82 */
	est = estimate_of(one("{ \"name\": \"k\", \"type\": \"cache\", \"engine\": \"valkey\","
			      " \"node_type\": \"cache.s\", \"nodes\": 3 }",
			      730, NULL),
			  c);
	assert_string_equal(svc1(est)->line_items[0].price->sku, "valkey:cache.s");
	assert_money(svc1(est)->monthly.expected, 35.04);
	infracost_estimate_free(est);
	est = estimate_of(one("{ \"name\": \"k\", \"type\": \"cache\", \"engine\": \"memcached\","
			      " \"node_type\": \"cache.s\", \"nodes\": 2 }",
			      730, NULL),
			  c);
	assert_string_equal(svc1(est)->line_items[0].price->sku, "memcached:cache.s");
	assert_money(svc1(est)->monthly.expected, 24.82);
	infracost_estimate_free(est);
	msg = spec_error(one("{ \"name\": \"k\", \"type\": \"cache\", \"engine\": \"dragonfly\","
			     " \"node_type\": \"cache.s\" }",
			     730, NULL),
			 INFRACOST_EINVALID);
	assert_non_null(strstr(msg, "services[0].engine: unknown value 'dragonfly' (expected one "
				    "of redis, valkey, memcached)"));
	infracost_catalog_free(c);
}

/* The shipped snapshot prices the new keys where it has the rows (each unit
 * price equal to the book's row). */
static void test_v2_changes_shipped(void **state)
{
	infracost_catalog *shipped = catalog_default();
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	est = estimate_of(
		"{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
		" { \"name\": \"dev-db\", \"type\": \"database\", \"engine\": \"postgresql\","
		" \"engine_version\": \"15\", \"instance_type\": \"db.t3.medium\", \"storage_gb\": "
		"20,"
		" \"iops\": 1000 },"
		" { \"name\": \"aurora\", \"type\": \"database\", \"engine\": "
		"\"aurora-postgresql\","
		" \"instance_type\": \"db.r6g.large\", \"storage_gb\": 100, \"io_requests\": 1e6 },"
		" { \"name\": \"kv\", \"type\": \"cache\", \"engine\": \"valkey\", \"node_type\":"
		" \"cache.t3.micro\" },"
		" { \"name\": \"mc\", \"type\": \"cache\", \"engine\": \"memcached\", "
		"\"node_type\":"
		" \"cache.t3.micro\" },"
		" { \"name\": \"api\", \"type\": \"container\", \"vcpu\": 0.5, \"memory_gb\": 1,"
		" \"ephemeral_storage_gb\": 30 },"
		" { \"name\": \"w\", \"type\": \"vm\", \"instance_type\": \"m5.large\", "
		"\"disk_gb\": 10,"
		" \"disk_type\": \"io2\", \"disk_iops\": 1000 } ] }",
		shipped);
	s = service_of(est, "default", "dev-db");
	assert_money(item_of(s, "instance (postgresql 15)", "on_demand")->unit_price, 0.072);
	assert_money(item_of(s, "storage", "on_demand")->unit_price, 0.115);
	assert_money(item_of(s, "iops", "on_demand")->unit_price, 0.02);
	s = service_of(est, "default", "aurora");
	assert_money(item_of(s, "instance", "on_demand")->unit_price, 0.26);
	assert_money(item_of(s, "storage", "on_demand")->unit_price, 0.1);
	assert_money(item_of(s, "io", "on_demand")->monthly, 1e6 * 0.0000002);
	s = service_of(est, "default", "kv");
	assert_money(s->line_items[0].unit_price, 0.0136);
	s = service_of(est, "default", "mc");
	assert_money(s->line_items[0].unit_price, 0.017);
	s = service_of(est, "default", "api");
	assert_money(item_of(s, "ephemeral_storage", "on_demand")->unit_price, 0.000111);
	assert_money(item_of(s, "ephemeral_storage", "on_demand")->quantity, 730 * 10);
	s = service_of(est, "default", "w");
	assert_money(item_of(s, "disk_iops", "on_demand")->unit_price, 0.065);
	assert_money(item_of(s, "disk", "on_demand")->unit_price, 0.125);
	infracost_estimate_free(est);
	infracost_catalog_free(shipped);
}

/* The table's component and unit columns are as wide as their longest value
 * in the estimate: a long component ("replication_transfer", a custom item's
 * name) or unit ("iops_month") does not push its row out of line. */
static void test_table_columns_fit(void **state)
{
	static const char *spec =
		"{\"name\": \"w\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": [\n"
		" {\"name\": \"c\", \"type\": \"custom\", \"items\": [\n"
		"   {\"name\": \"a_long_component_name\", \"quantity\": 2, \"unit\": "
		"\"iops_month\",\n"
		"    \"unit_price\": 1},\n"
		"   {\"name\": \"x\", \"quantity\": 3, \"unit\": \"gb\", \"unit_price\": 1}]}]}";
	infracost_estimate *est;
	char *text = NULL;
	const char *a, *x;
	(void)state;
	est = estimate_of(spec, cat);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_TABLE), 0);
	a = strstr(text, "      a_long_component_name ");
	x = strstr(text, "      x                     ");
	assert_non_null(a);
	assert_non_null(x);
	/* " x " and " = " at the same column in both rows */
	assert_int_equal(strstr(a, " x 1") - a, strstr(x, " x 1") - x);
	assert_int_equal(strstr(a, " = ") - a, strstr(x, " = ") - x);
	assert_non_null(strstr(x, " gb         x "));
	infracost_free(text);
	infracost_estimate_free(est);
}

/* formats.md section 5 "Missing prices": a spec moved to a region where the
 * catalog has some rows gives every missing key in one run, in the spec's
 * order, each once, at the spec value that chose it, with the regions that
 * do have a service the region lacks. */
static const char *MISSING_BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,source\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,test\n"
	"aws,ec2,r1,m.large,spot,hour,0.03,,,,,\n"
	"aws,ec2,r3,m.large,on_demand,hour,0.1,,0,2,8,test\n"
	"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,,,,\n"
	"aws,ebs,r4,gp3,on_demand,gb_month,0.09,,,,,\n"
	"aws,rds,r1,postgresql:db.s:single_az,on_demand,hour,0.02,,,,,\n"
	"aws,rds,r1,postgresql:storage:gp3:single_az,on_demand,gb_month,0.1,,,,,\n"
	"aws,rds,r1,backup,on_demand,gb_month,0.09,,,,,\n"
	"aws,rds,r3,postgresql:db.s:single_az,on_demand,hour,0.02,,,,,\n"
	"aws,rds,r3,backup,on_demand,gb_month,0.09,,,,,\n"
	"aws,elasticache,r1,redis:cache.s,on_demand,hour,0.02,,,,,\n"
	"aws,elasticache,r3,memcached:cache.s,on_demand,hour,0.02,,,,,\n"
	"aws,elb,r1,alb,on_demand,hour,0.02,,,,,\n"
	"aws,elb,r1,alb:lcu,on_demand,lcu_hour,0.008,,,,,\n";

static const char *MISSING_SPEC =
	"{ \"provider\": \"aws\", \"region\": \"r1\",\n"
	"  \"environments\": { \"dev\": {}, \"prod\": { \"region\": \"r3\" } },\n"
	"  \"services\": [\n"
	"    { \"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m.large\",\n"
	"      \"disk_gb\": 10, \"disk_type\": \"gp3\", \"purchase\": { \"spot\": 0.5 } },\n"
	"    { \"name\": \"worker\", \"type\": \"vm\", \"instance_type\": \"m.large\",\n"
	"      \"disk_gb\": 10 },\n"
	"    { \"name\": \"db\", \"type\": \"database\", \"engine\": \"postgresql\",\n"
	"      \"instance_type\": \"db.s\", \"storage_gb\": 5, \"storage_type\": \"gp3\",\n"
	"      \"backup_gb\": 1, \"overrides\": { \"prod\": { \"instance_type\": \"db.m\" } } },\n"
	"    { \"name\": \"cache\", \"type\": \"cache\", \"engine\": \"redis\", \"node_type\": "
	"\"cache.s\" },\n"
	"    { \"name\": \"lb\", \"type\": \"load_balancer\" } ] }\n";

static void test_every_missing_price_in_one_run(void **state)
{
	static const struct {
		const char *path;
		int line, column;
		const char *key, *also;
	} want[] = {
		/* web: the spot row is missing where the on-demand row is there */
		{"services[0].purchase.spot", 5, 64, "aws/ec2/r3/m.large/spot/hour", NULL},
		/* web: no ebs row in r3 at all (worker's same disk: no second line) */
		{"environments.prod.region", 2, 52, "aws/ebs/r3/gp3/on_demand/gb_month",
		 "the catalog has no aws/ebs rows in r3, only in: r1, r4; "},
		{"services[2].overrides.prod.instance_type", 10, 65,
		 "aws/rds/r3/postgresql:db.m:single_az/on_demand/hour", NULL},
		{"services[2].storage_type", 9, 65,
		 "aws/rds/r3/postgresql:storage:gp3:single_az/on_demand/gb_month", NULL},
		/* r3 has elasticache rows, none of the redis engine */
		{"services[3].engine", 11, 51, "aws/elasticache/r3/redis:cache.s/on_demand/hour",
		 NULL},
		{"environments.prod.region", 2, 52, "aws/elb/r3/alb/on_demand/hour",
		 "the catalog has no aws/elb rows in r3, only in: r1; "},
		{"environments.prod.region", 2, 52, "aws/elb/r3/alb:lcu/on_demand/lcu_hour",
		 "the catalog has no aws/elb rows in r3, only in: r1; "},
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	infracost_catalog *c = catalog_from(MISSING_BOOK);
	infracost_spec *spec = spec_from(MISSING_SPEC);
	infracost_estimate *est = NULL;
	(void)state;

	assert_int_equal(infracost_estimate_compute(&est, spec, c, NULL), INFRACOST_ENOTFOUND);
	assert_null(est);
	assert_int_equal(infracost_error_count(), n);
	assert_ptr_equal(infracost_error_get(0), infracost_error_last());
	assert_null(infracost_error_get(n));
	for (size_t i = 0; i < n; i++) {
		const infracost_error *e = infracost_error_get(i);
		char head[256];
		assert_non_null(e);
		assert_int_equal(e->code, INFRACOST_ENOTFOUND);
		assert_string_equal(e->path, want[i].path);
		assert_int_equal(e->line, want[i].line);
		assert_int_equal(e->column, want[i].column);
		assert_string_equal(e->source, "spec.json");
		snprintf(head, sizeof(head), "spec.json:%d:%d: %s: price not found: %s ",
			 want[i].line, want[i].column, want[i].path, want[i].key);
		assert_ptr_equal(strstr(e->message, head), e->message);
		assert_non_null(strstr(e->message, "; closest: "));
		assert_null(strchr(e->message, '\n'));
		if (want[i].also)
			assert_non_null(strstr(e->message, want[i].also));
		else
			assert_null(strstr(e->message, "the catalog has no"));
	}
	/* dev alone (r1) prices; and the next failure drops the list */
	{
		const char *dev[] = {"dev"};
		infracost_estimate_options o = INFRACOST_ESTIMATE_OPTIONS_INIT;
		o.environments = dev;
		o.environment_count = 1;
		assert_int_equal(infracost_estimate_compute(&est, spec, c, &o), 0);
		infracost_estimate_free(est);
		infracost_error_clear();
		assert_int_equal(infracost_error_count(), 0);
		assert_null(infracost_error_get(0));
	}
	infracost_spec_free(spec);
	/* a provider and service the catalog has nowhere */
	spec = spec_from("{ \"provider\": \"aws\", \"region\": \"r1\", \"services\": ["
			 " { \"name\": \"n\", \"type\": \"nat_gateway\", \"data_gb\": 5 } ] }");
	assert_int_equal(infracost_estimate_compute(&est, spec, c, NULL), INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_error_count(), 2);
	assert_non_null(strstr(infracost_error_get(0)->message,
			       "region: price not found: aws/nat/r1/gateway/on_demand/hour"));
	assert_non_null(strstr(infracost_error_get(0)->message,
			       "the catalog has no aws/nat rows in r1 nor in any other region; "));
	assert_non_null(strstr(infracost_error_get(1)->message, "aws/nat/r1/data/on_demand/gb"));
	infracost_spec_free(spec);
	/* needs in a region without a row of the service: at the region */
	spec = spec_from("{ \"provider\": \"aws\", \"region\": \"r3\", \"services\": ["
			 " { \"name\": \"p\", \"type\": \"vm\", \"needs\": { \"vcpu\": 64 } },"
			 " { \"name\": \"q\", \"type\": \"database\", \"engine\": \"postgresql\","
			 " \"region\": \"r4\", \"needs\": { \"vcpu\": 2 } } ] }");
	assert_int_equal(infracost_estimate_compute(&est, spec, c, NULL), INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_error_count(), 2);
	assert_string_equal(infracost_error_get(0)->path, "services[0].needs");
	assert_non_null(strstr(infracost_error_get(0)->message,
			       "no on-demand aws/ec2/r3 type with a known size meets the needs"));
	assert_null(strstr(infracost_error_get(0)->message, "rows in"));
	assert_string_equal(infracost_error_get(1)->path, "services[1].region");
	assert_non_null(strstr(infracost_error_get(1)->message,
			       "; the catalog has no aws/rds rows in r4, only in: r1, r3"));
	infracost_spec_free(spec);
	/* past 200 listed keys the rest are counted (each key once) */
	{
		infracost_buf b = INFRACOST_BUF_INIT;
		infracost__buf_puts(&b,
				    "{ \"provider\": \"aws\", \"region\": \"r1\", \"services\": [");
		for (int i = 0; i < 500; i++)
			infracost__buf_printf(&b,
					      "%s { \"name\": \"s%d\", \"type\": \"vm\", "
					      "\"instance_type\": \"m%d\" }",
					      i ? "," : "", i, i % 250);
		infracost__buf_puts(&b, " ] }");
		assert_false(b.failed);
		spec = spec_from(b.data);
		infracost__buf_free(&b);
	}
	assert_int_equal(infracost_estimate_compute(&est, spec, c, NULL), INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_error_count(), 201);
	assert_string_equal(infracost_error_get(199)->path, "services[199].instance_type");
	assert_string_equal(infracost_error_get(200)->message,
			    "spec.json: 50 more missing prices are not listed (the first 200 are)");
	assert_null(infracost_error_get(200)->path);
	infracost_spec_free(spec);
	/* a key left to its default: the service's place, and the message says so */
	spec = spec_from(
		"{ \"provider\": \"aws\", \"region\": \"r3\", \"services\": ["
		" { \"name\": \"c\", \"type\": \"cache\", \"node_type\": \"cache.s\" } ] }");
	assert_int_equal(infracost_estimate_compute(&est, spec, c, NULL), INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_error_count(), 1);
	assert_string_equal(infracost_error_last()->path, "services[0]");
	assert_non_null(strstr(infracost_error_last()->message,
			       "aws/elasticache/r3/redis:cache.s/on_demand/hour "
			       "(provider/service/region/sku/purchase/unit) for service 'c' in "
			       "environment 'default' (engine: its default); closest: "));
	infracost_spec_free(spec);
	infracost_catalog_free(c);
}

/* Staleness: each line item carries its row's date (JSON, CSV); the table and
 * Markdown name the oldest date of an environment and its undated rows; a
 * row dated more than two years before today ($INFRA_COST_TODAY) warns. */
static const char *DATED_BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,"
	"effective_date,source\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,2024-06-02,src-a\n"
	"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,,,,2024-06-01,src-b\n"
	"aws,rds,r1,postgresql:db.s:single_az,on_demand,hour,0.02,,,,,undated,\n"
	"aws,rds,r1,postgresql:storage:gp3:single_az,on_demand,gb_month,0.1,,,,,,\n";

static void test_staleness(void **state)
{
	infracost_catalog *c = catalog_from(DATED_BOOK);
	const char *vm = "{ \"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			 " \"disk_gb\": 10 }";
	const char *both = "{ \"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m.large\","
			   " \"disk_gb\": 10 }, { \"name\": \"db\", \"type\": \"database\","
			   " \"engine\": \"postgresql\", \"instance_type\": \"db.s\","
			   " \"storage_gb\": 5 }";
	infracost_estimate *est;
	char *text = NULL;
	(void)state;

	/* today 2026-06-01: the ebs row (2024-06-01) is exactly two years old,
	 * not more; the ec2 row is younger */
	setenv("INFRA_COST_TODAY", "2026-06-01", 1);
	est = estimate_of(one(vm, 730, NULL), c);
	assert_int_equal(infracost_estimate_warning_count(est), 0);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "\n  prices as of: oldest 2024-06-01 "
				     "(aws/ebs/r1/gp3/on_demand/gb_month)\n"));
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON), 0);
	assert_non_null(strstr(text, "\"effective_date\":\"2024-06-02\",\"source\":\"src-a\""));
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_CSV), 0);
	assert_non_null(strstr(text, ",upfront,effective_date,source\n"));
	assert_non_null(strstr(text, ",2024-06-01,src-b\n"));
	infracost_free(text);
	infracost_estimate_free(est);

	/* a day later the ebs row is more than two years old: one warning
	 * naming it and its date; the ec2 row is still fresh */
	setenv("INFRA_COST_TODAY", "2026-06-02", 1);
	est = estimate_of(one(vm, 730, NULL), c);
	assert_int_equal(infracost_estimate_warning_count(est), 1);
	assert_string_equal(infracost_estimate_warning(est, 0)->message,
			    "price aws/ebs/r1/gp3/on_demand/gb_month is dated 2024-06-01, more "
			    "than two years before 2026-06-02");
	assert_string_equal(infracost_estimate_warning(est, 0)->service, "web");
	infracost_estimate_free(est);

	/* undated rows ("undated", "") are named first, never taken as fresh;
	 * a row used by two line items warns once */
	setenv("INFRA_COST_TODAY", "2030-01-01", 1);
	est = estimate_of(one(both, 730, NULL), c);
	assert_int_equal(infracost_estimate_warning_count(est), 2);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "  prices as of: undated "
				     "(aws/rds/r1/postgresql:db.s:single_az/on_demand/hour and 1 "
				     "more line items); oldest dated 2024-06-01 "
				     "(aws/ebs/r1/gp3/on_demand/gb_month)\n"));
	assert_int_equal(count_of(text, "is dated 2024-06-0"), 2);
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_MARKDOWN), 0);
	assert_non_null(strstr(text, "\nPrices as of: undated "
				     "(aws/rds/r1/postgresql:db.s:single_az/on_demand/hour and 1 "
				     "more line items); oldest dated 2024-06-01 "
				     "(aws/ebs/r1/gp3/on_demand/gb_month).\n"));
	infracost_free(text);
	infracost_estimate_free(est);

	/* the age of a row: days to today; undated is ENOTFOUND */
	{
		long days = 0;
		const infracost_price *p;
		size_t n;
		assert_int_equal(infracost_catalog_lookup(&p, &n, c, "aws", "ebs", "r1", "gp3",
							  "on_demand", NULL),
				 0);
		assert_int_equal(infracost_price_age_days(&days, p), 0);
		assert_int_equal(days, 2040); /* 2024-06-01 to 2030-01-01 */
		assert_int_equal(infracost_catalog_lookup(&p, &n, c, "aws", "rds", "r1",
							  "postgresql:db.s:single_az", "on_demand",
							  NULL),
				 0);
		assert_int_equal(infracost_price_age_days(&days, p), INFRACOST_ENOTFOUND);
	}
	/* "YYYY-MM" (and a month followed by anything but "-DD") is day 1 of
	 * that month: its date was once left unset (found by fuzz_book) */
	{
		static const struct {
			const char *date;
			long days;
		} months[] = {{"2029-12", 31},  {"2029-12xx", 31}, {"2029-1", -1},
			      {"2029-12-", -1}, {"2029-13", -1},   {"2029", -1}};
		for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
			infracost_catalog *m = NULL;
			const infracost_price *p;
			char book[256];
			size_t n;
			long days = 0;
			snprintf(book, sizeof(book),
				 "provider,service,region,sku,purchase,unit,price,effective_date\n"
				 "aws,ebs,r1,gp3,on_demand,gb_month,0.08,%s\n",
				 months[i].date);
			m = catalog_from(book);
			assert_int_equal(infracost_catalog_lookup(&p, &n, m, "aws", "ebs", "r1",
								  "gp3", "on_demand", NULL),
					 0);
			if (months[i].days < 0) {
				assert_int_equal(infracost_price_age_days(&days, p),
						 INFRACOST_ENOTFOUND);
			} else {
				assert_int_equal(infracost_price_age_days(&days, p), 0);
				assert_int_equal(days, months[i].days);
			}
			infracost_catalog_free(m);
		}
	}
	unsetenv("INFRA_COST_TODAY");
	infracost_catalog_free(c);
}

/* The HTML page: self-contained (a policy that forbids fetching, no
 * external resource), one bar group per environment, one table row per
 * line item, every name escaped (the browser test, tests/html_check.py,
 * opens it in Chromium). */
static void test_render_html(void **state)
{
	infracost_estimate *est = estimate_of(MULTI, cat);
	const char *hostile =
		"{ \"name\": \"<b>x</b>\", \"provider\": \"aws\", \"region\": \"r1\", "
		"\"environments\": { "
		"\"e'\\u001b\": {} },"
		" \"services\": [ { \"name\": \"<script>alert(1)</script>&\", \"type\": \"custom\","
		" \"items\": [ { \"name\": \"i\\\"\", \"quantity\": 1, \"unit\": \"month\","
		" \"unit_price\": 3 } ] } ] ,"
		" \"inputs\": [ { \"address\": \"<b>a</b>\", \"status\": \"free\","
		" \"kind\": \"k'\", \"note\": \"<i>\\u001b\" } ] }";
	char *text = NULL;
	size_t items = 0;
	(void)state;
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_HTML), 0);
	assert_true(strncmp(text, "<!DOCTYPE html>\n", 16) == 0);
	assert_non_null(strstr(text, "Content-Security-Policy\" content=\"default-src 'none';"));
	assert_int_equal(count_of(text, "<g class=\"bar-group\""),
			 infracost_estimate_environment_count(est));
	for (size_t e = 0; e < infracost_estimate_environment_count(est); e++)
		for (size_t s = 0; s < infracost_estimate_environment(est, e)->service_count; s++)
			items +=
				infracost_estimate_environment(est, e)->services[s].line_item_count;
	assert_int_equal(count_of(text, "<tr class=\"item\">"), items);
	assert_int_equal(count_of(text, "<script"), 1);
	assert_null(strstr(text, "src=\""));
	assert_null(strstr(text, "href="));
	assert_non_null(strstr(text, "table id=\"line-items\" class=\"sortable\""));
	assert_non_null(strstr(text, "@media print"));
	assert_null(strstr(text, "<h2>Inputs</h2>"));
	infracost_free(text);
	infracost_estimate_free(est);
	est = estimate_of(hostile, cat);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_HTML), 0);
	assert_int_equal(count_of(text, "<script"), 1);
	assert_null(strstr(text, "<b>"));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "<title>&lt;b&gt;x&lt;/b&gt;: monthly cost estimate</title>"));
	assert_non_null(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;"));
	assert_non_null(strstr(text, "data-env=\"e&#39;\\x1b\""));
	assert_non_null(strstr(text, "<td>i&quot;</td>"));
	/* the inputs: one row each, escaped like the rest */
	assert_non_null(strstr(text, "<h2>Inputs</h2>\n<p class=\"note\" id=\"input-counts\">"
				     "1 input: 1 free. "));
	assert_int_equal(count_of(text, "<tr class=\"input\""), 1);
	assert_non_null(strstr(text, "<tr class=\"input\" data-status=\"free\"><td>all</td>"
				     "<td>&lt;b&gt;a&lt;/b&gt;</td><td>k&#39;</td><td>free</td>"
				     "<td></td><td>&lt;i&gt;\\x1b</td></tr>"));
	infracost_free(text);
	infracost_estimate_free(est);
	/* no line item at all (a monitoring service with nothing metered): no
	 * price source either (the empty list once went to qsort as NULL,
	 * which UBSan refuses; found by fuzz_terraform) */
	est = estimate_of("{\"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": "
			  "[{\"name\": \"logs\", \"type\": \"monitoring\"}]}",
			  cat);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_HTML), 0);
	assert_int_equal(count_of(text, "<tr class=\"item\">"), 0);
	infracost_free(text);
	infracost_estimate_free(est);
}

/* Budgets (formats.md section 7): each limit checked in cents against the
 * estimate, a warning for each one exceeded; an environment left out with
 * --env is not checked, nor then "total". */
static const char *BUDGETED =
	"{ \"name\": \"b\", \"provider\": \"aws\", \"region\": \"r1\","
	" \"environments\": { \"dev\": { \"hours_per_month\": 100 }, \"prod\": {} },"
	" \"budgets\": { \"prod\": 73, \"dev\": { \"max\": 19.99 },"
	"   \"total\": { \"expected\": 83.004, \"upfront\": 0 } },"
	" \"services\": [ { \"name\": \"api\", \"type\": \"vm\", \"instance_type\": \"m.large\","
	"   \"replicas\": { \"min\": 1, \"max\": 2 } } ] }";

static void test_budgets(void **state)
{
	infracost_estimate *est = estimate_of(BUDGETED, cat);
	const infracost_budget_result *r;
	infracost_spec *spec = spec_from(BUDGETED);
	infracost_estimate_options opt = INFRACOST_ESTIMATE_OPTIONS_INIT;
	const char *only_dev[] = {"dev"};
	char *text = NULL;
	size_t nwarn;
	(void)state;
	/* dev: 1 x 100 h x 0.1 = 10 expected, 20 max; prod: 73, 146 */
	assert_int_equal(infracost_estimate_budget_count(est), 4);
	r = infracost_estimate_budget(est, 0);
	assert_string_equal(r->scope, "prod");
	assert_string_equal(r->metric, "expected");
	assert_money(r->limit, 73);
	assert_money(r->value, 73);
	assert_int_equal(r->exceeded, 0); /* equal is within */
	assert_null(r->message);
	r = infracost_estimate_budget(est, 1);
	assert_string_equal(r->scope, "dev");
	assert_string_equal(r->metric, "max");
	assert_money(r->value, 20);
	assert_int_equal(r->exceeded, 1);
	assert_money(r->excess, 0.01);
	assert_string_equal(r->message, "budget 'dev' exceeded: max monthly cost 20.00 USD, "
					"limit 19.99, excess 0.01");
	r = infracost_estimate_budget(est, 2);
	assert_string_equal(r->scope, "total");
	assert_money(r->value, 83);
	assert_int_equal(r->exceeded, 0); /* 83.00 against 83.00 in cents */
	r = infracost_estimate_budget(est, 3);
	assert_string_equal(r->metric, "upfront");
	assert_int_equal(r->exceeded, 0);
	assert_null(infracost_estimate_budget(est, 4));
	assert_int_equal(infracost_estimate_budgets_exceeded(est), 1);
	/* the exceeded budget is a warning of dev, after the services' own */
	nwarn = infracost_estimate_warning_count(est);
	assert_string_equal(infracost_estimate_warning(est, nwarn - 1)->environment, "dev");
	assert_null(infracost_estimate_warning(est, nwarn - 1)->service);
	assert_string_equal(infracost_estimate_warning(est, nwarn - 1)->message,
			    infracost_estimate_budget(est, 1)->message);
	/* every format shows it */
	for (int f = 0; f < 4; f++) {
		assert_int_equal(infracost_estimate_render(&text, NULL, est, (infracost_format)f),
				 0);
		assert_non_null(strstr(text, "budget 'dev' exceeded: max monthly cost 20.00 USD, "
					     "limit 19.99, excess 0.01"));
		infracost_free(text);
	}
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON), 0);
	assert_non_null(strstr(text, "\"budgets\": [\n    { \"scope\": \"prod\", \"metric\": "
				     "\"expected\", \"limit\": 73.0, \"value\": 73.0, \"excess\": "
				     "0.0, \"exceeded\": false },"));
	infracost_free(text);
	infracost_estimate_free(est);
	/* only dev estimated: prod and total are not checked */
	opt.environments = only_dev;
	opt.environment_count = 1;
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, &opt), 0);
	assert_int_equal(infracost_estimate_budget_count(est), 1);
	assert_string_equal(infracost_estimate_budget(est, 0)->scope, "dev");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	/* no budgets: an empty list */
	est = estimate_of(one("{ \"name\": \"a\", \"type\": \"vm\", \"instance_type\": "
			      "\"m.large\", \"replicas\": 1 }",
			      730, NULL),
			  cat);
	assert_int_equal(infracost_estimate_budget_count(est), 0);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON), 0);
	assert_non_null(strstr(text, "\"budgets\": [],\n"));
	infracost_free(text);
	infracost_estimate_free(est);
}

/* Reserved rows marked effective: the price is the effective hourly rate
 * (recurring plus upfront spread over the term), priced exactly a month;
 * the upfront is unknown (NaN, JSON null, "unknown", a warning), never 0,
 * and so is every total it is part of; recommend reports it unknown too. */
static const char *EFFECTIVE_BOOK =
	"provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,memory_gb,"
	"effective\n"
	"aws,ec2,r1,m.large,on_demand,hour,0.1,,0,2,8,\n"
	"aws,ec2,r1,m.large,reserved_1yr_partial_upfront,hour,0.05,,,,,true\n"
	"aws,ec2,r1,m.large,reserved_1yr_no_upfront,hour,0.07,,,,,0\n"
	"aws,elasticache,r1,redis:cache.s,on_demand,hour,0.02,,,,,\n"
	"aws,elasticache,r1,redis:cache.s,reserved_1yr_all_upfront,hour,0.012,,,,,1\n";

static void test_effective_reserved(void **state)
{
	infracost_catalog *c = catalog_from(EFFECTIVE_BOOK);
	const char *svcs =
		"{ \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		" \"replicas\": 3, \"purchase\": { \"reserved\": { \"count\": 2, \"term\": \"1yr\","
		" \"payment\": \"partial_upfront\" } } },"
		" { \"name\": \"w\", \"type\": \"vm\", \"instance_type\": \"m.large\","
		" \"replicas\": 1, \"purchase\": { \"reserved\": { \"count\": 1, \"term\": \"1yr\","
		" \"payment\": \"no_upfront\" } } }";
	infracost_estimate *est;
	infracost_recommendation *rec;
	const infracost_service_result *v, *w;
	const infracost_line_item *it;
	const infracost_price *p;
	size_t n;
	char *text = NULL;
	(void)state;

	assert_int_equal(infracost_catalog_lookup(&p, &n, c, "aws", "ec2", "r1", "m.large",
						  "reserved_1yr_partial_upfront", NULL),
			 0);
	assert_int_equal(p->effective, 1);
	assert_int_equal(infracost_catalog_lookup(&p, &n, c, "aws", "ec2", "r1", "m.large",
						  "reserved_1yr_no_upfront", NULL),
			 0);
	assert_int_equal(p->effective, 0);

	est = estimate_of(one(svcs, 730, NULL), c);
	v = service_of(est, "e", "v");
	w = service_of(est, "e", "w");
	/* 2 x 730 x 0.05 = 73 exactly (no upfront added), 730 x 0.1 on demand */
	it = item_of(v, "compute", "reserved_1yr_partial_upfront");
	assert_money(it->monthly, 73);
	assert_money(it->unit_price, 0.05);
	assert_true(isnan(it->upfront));
	check_range(v->monthly, 146, 146, 146);
	assert_true(isnan(v->upfront));
	/* a row that is not effective keeps its known upfront (0) */
	assert_money(w->upfront, 0);
	/* an upfront budget cannot be checked against an unknown upfront: a
	 * warning, not an excess */
	{
		char spec[2048];
		const infracost_budget_result *r;
		infracost_estimate *b;
		snprintf(spec, sizeof(spec),
			 "{ \"provider\": \"aws\", \"region\": \"r1\", \"budgets\": "
			 "{ \"default\": { \"upfront\": 10 } }, \"services\": [ %s ] }",
			 svcs);
		b = estimate_of(spec, c);
		r = infracost_estimate_budget(b, 0);
		assert_non_null(r);
		assert_true(isnan(r->value));
		assert_int_equal(r->exceeded, 0);
		assert_int_equal(infracost_estimate_budgets_exceeded(b), 0);
		assert_non_null(strstr(
			infracost_estimate_warning(b, infracost_estimate_warning_count(b) - 1)
				->message,
			"budget 'default' not checked: the upfront cash is unknown"));
		assert_int_equal(infracost_estimate_render(&text, NULL, b, INFRACOST_FORMAT_JSON),
				 0);
		assert_non_null(strstr(text, "\"value\": null"));
		infracost_free(text);
		text = NULL;
		infracost_estimate_free(b);
	}
	assert_true(isnan(env_of(est, "e")->upfront));
	assert_true(isnan(infracost_estimate_total_upfront(est)));
	assert_int_equal(infracost_estimate_warning_count(est), 1);
	assert_string_equal(infracost_estimate_warning(est, 0)->service, "v");
	assert_string_equal(
		infracost_estimate_warning(est, 0)->message,
		"upfront unknown: aws/ec2/r1/m.large/reserved_1yr_partial_upfront/hour is "
		"an effective hourly rate (recurring plus upfront spread over the term); "
		"the monthly cost is exact, the upfront cash of 2 reserved units is not "
		"known");

	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON), 0);
	assert_non_null(strstr(text, "\"purchase\":\"reserved_1yr_partial_upfront\",\"provider\":"
				     "\"aws\",\"service\":\"ec2\",\"region\":\"r1\",\"sku\":"
				     "\"m.large\",\"unit\":\"hour\",\"quantity\":1460.0,"
				     "\"unit_price\":0.05,\"monthly\":73.0,\"upfront\":null,"));
	assert_non_null(strstr(text, "\"name\": \"v\", \"type\": \"vm\""));
	assert_int_equal(count_of(text, "\"upfront\": null"), 3); /* v, e, total */
	assert_int_equal(count_of(text, "\"upfront\": 0.0"), 1);  /* w */
	{
		json_error_t jerr;
		json_t *root = json_loads(text, 0, &jerr);
		assert_non_null(root);
		json_t *up = json_object_get(json_object_get(root, "total"), "upfront");
		assert_non_null(up);
		assert_true(json_is_null(up));
		json_decref(root);
	}
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(text, "     unknown\n"));
	assert_null(strstr(text, "nan"));
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_MARKDOWN), 0);
	assert_non_null(strstr(text, " | unknown |\n"));
	infracost_free(text);
	assert_int_equal(infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_CSV), 0);
	assert_non_null(strstr(text, "r1,m.large,hour,1460.0,0.05,73.0,,"));
	infracost_free(text);
	infracost_estimate_free(est);

	/* simulate re-prices from the monthly cost, exact: the unknown upfront
	 * neither fails it nor shows */
	{
		infracost_spec *spec = spec_from(one(svcs, 730, NULL));
		infracost_simulation *sim = NULL;
		infracost_simulate_options so = INFRACOST_SIMULATE_OPTIONS_INIT;
		so.samples = 50;
		assert_int_equal(infracost_simulate(&sim, spec, c, &so), 0);
		assert_int_equal(
			infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_JSON), 0);
		assert_null(strstr(text, "nan"));
		assert_non_null(strstr(text, "\"mean\": 197.1"));
		infracost_free(text);
		infracost_simulation_free(sim);
		infracost_spec_free(spec);
	}

	/* recommend: a reserved cache node at its effective rate is cheaper,
	 * and its upfront is unknown (null, "upfront unknown"), never 0 */
	{
		infracost_spec *spec = spec_from(
			one("{ \"name\": \"c\", \"type\": \"cache\", \"engine\": \"redis\","
			    " \"node_type\": \"cache.s\", \"nodes\": 2 }",
			    730, NULL));
		assert_int_equal(infracost_recommend(&rec, spec, c, NULL), 0);
		assert_int_equal(
			infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_JSON),
			0);
		assert_non_null(strstr(text, "\"upfront\": null"));
		infracost_free(text);
		assert_int_equal(
			infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE),
			0);
		assert_non_null(strstr(text, "/month, upfront unknown\n"));
		assert_null(strstr(text, "nan"));
		infracost_free(text);
		infracost_recommendation_free(rec);
		infracost_spec_free(spec);
	}
	infracost_catalog_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vm_fixed_with_disk),
		cmocka_unit_test(test_vm_range_without_workload),
		cmocka_unit_test(test_vm_autoscaling_daily_spike),
		cmocka_unit_test(test_workload_patterns),
		cmocka_unit_test(test_latency_and_usl_scaling),
		cmocka_unit_test(test_needs_pick_the_cheapest_fit),
		cmocka_unit_test(test_vm_reserved_and_spot),
		cmocka_unit_test(test_every_reserved_term),
		cmocka_unit_test(test_reserved_with_workload_and_schedule),
		cmocka_unit_test(test_container),
		cmocka_unit_test(test_database),
		cmocka_unit_test(test_cache_lb_nat),
		cmocka_unit_test(test_public_ip),
		cmocka_unit_test(test_tiers_function_transfer_custom),
		cmocka_unit_test(test_price_not_found),
		cmocka_unit_test(test_layering),
		cmocka_unit_test(test_environments_and_totals),
		cmocka_unit_test(test_gcp_mapping),
		cmocka_unit_test(test_render_json),
		cmocka_unit_test(test_budgets),
		cmocka_unit_test(test_render_html),
		cmocka_unit_test(test_render_other_formats),
		cmocka_unit_test(test_table_columns_fit),
		cmocka_unit_test(test_render_many_distinct_strings),
		cmocka_unit_test(test_write_streams_the_same_bytes),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_shipped_snapshot_example),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_huge_amounts_render),
		cmocka_unit_test(test_non_finite_refused),
		cmocka_unit_test(test_control_characters_escaped),
		cmocka_unit_test(test_csv_warnings),
		cmocka_unit_test(test_key_value),
		cmocka_unit_test(test_cdn),
		cmocka_unit_test(test_dns),
		cmocka_unit_test(test_file_storage),
		cmocka_unit_test(test_kubernetes),
		cmocka_unit_test(test_block_storage),
		cmocka_unit_test(test_monitoring),
		cmocka_unit_test(test_load_balancer_kinds),
		cmocka_unit_test(test_object_storage_classes_and_requests),
		cmocka_unit_test(test_object_storage_replication),
		cmocka_unit_test(test_data_transfer_inter_region_az),
		cmocka_unit_test(test_vm_disk_iops_throughput),
		cmocka_unit_test(test_container_fargate),
		cmocka_unit_test(test_database_v2),
		cmocka_unit_test(test_cache_engines),
		cmocka_unit_test(test_v2_changes_shipped),
		cmocka_unit_test(test_every_missing_price_in_one_run),
		cmocka_unit_test(test_staleness),
		cmocka_unit_test(test_effective_reserved),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
