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
		one("{ \"name\": \"api\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 1,"
		    " \"replicas\": { \"min\": 2, \"max\": 40 },"
		    " \"autoscaling\": { \"workload\": \"web\", \"service_time_ms\": 20,"
		    " \"concurrency\": 4, \"latency\": { \"quantile\": 0.95, \"max_wait_ms\": 50 } "
		    "} }",
		    730, wl),
		cat);
	assert_money(svc1(est)->replicas.expected, 68.0 / 24);
	assert_money(svc1(est)->monthly.expected, 68.0 / 24 * 730 * (0.04 + 0.004));
	assert_int_equal(infracost_estimate_warning_count(est), 0);
	infracost_estimate_free(est);
	/* the same objective with max 5 replicas misses it at peak: a warning */
	est = estimate_of(
		one("{ \"name\": \"api\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 1,"
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
		    "1,"
		    " \"replicas\": { \"min\": 1, \"max\": 20 },"
		    " \"autoscaling\": { \"workload\": \"web\", \"target_utilization\": 0.8,"
		    " \"usl\": { \"alpha\": 0.02, \"beta\": 0.0005, \"gamma\": 150 } } }",
		    730, wl),
		cat);
	assert_money(svc1(est)->replicas.expected, 4);
	infracost_estimate_free(est);
	/* beyond the model's peak no count carries the load: max, and a warning */
	est = estimate_of(one("{ \"name\": \"search\", \"type\": \"container\", \"vcpu\": 1, "
			      "\"memory_gb\": 1,"
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
	/* arm64: 730 x 0.032 + 730 x 0.0035 */
	est = estimate_of(
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 1,"
		    " \"arch\": \"arm64\" }",
		    730, NULL),
		cat);
	assert_money(svc1(est)->monthly.expected, 23.36 + 2.555);
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
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 1,"
		    " \"purchase\": { \"spot\": 1 } }",
		    100, NULL),
		cat);
	s = svc1(est);
	assert_null(item_of(s, "vcpu", "on_demand"));
	assert_money(s->monthly.expected, 100 * 0.012 + 100 * 0.0012);
	infracost_estimate_free(est);
	/* an environment schedule scales container hours */
	est = estimate_of(
		one("{ \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 1 }",
		    200, NULL),
		cat);
	assert_money(svc1(est)->monthly.expected, 200 * 0.04 + 200 * 0.004);
	infracost_estimate_free(est);
}

static void test_database(void **state)
{
	infracost_estimate *est;
	const infracost_service_result *s;
	(void)state;
	/* 730 x 0.02 = 14.6; storage 50 x 0.1 = 5; backup 10 x 0.09 = 0.9 */
	est = estimate_of(
		one("{ \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\","
		    " \"instance_type\": \"db.s\", \"storage_gb\": 50, \"backup_gb\": 10 }",
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
	/* prod db: db.r6g.large Multi-AZ 0.45/h, 100 GB gp3 Multi-AZ 0.23, 100 GB backup 0.095 */
	s = service_of(est, "prod", "db");
	assert_money(s->monthly.expected, 730 * 0.45 + 100 * 0.23 + 100 * 0.095);
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
					      "\"instance_type\": \"m.large\", \"disk_gb\": 1, "
					      "\"disk_type\": \"d%d\" }",
					      i ? "," : "", i, i % 250);
		infracost__buf_puts(&b, " ] }");
		assert_false(b.failed);
		spec = spec_from(b.data);
		infracost__buf_free(&b);
	}
	assert_int_equal(infracost_estimate_compute(&est, spec, c, NULL), INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_error_count(), 201);
	assert_string_equal(infracost_error_get(199)->path, "services[199].disk_type");
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
		cmocka_unit_test(test_render_other_formats),
		cmocka_unit_test(test_render_many_distinct_strings),
		cmocka_unit_test(test_write_streams_the_same_bytes),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_shipped_snapshot_example),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_huge_amounts_render),
		cmocka_unit_test(test_non_finite_refused),
		cmocka_unit_test(test_control_characters_escaped),
		cmocka_unit_test(test_csv_warnings),
		cmocka_unit_test(test_every_missing_price_in_one_run),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
