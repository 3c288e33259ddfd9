/* test_workload.c - replicas for a demand level and their mean over a
 * workload (formats.md section 1), by hand. */
#include "helpers.h"

#include "workload.h"

static void test_replicas_for(void **state)
{
	(void)state;
	/* ceil(d / (capacity x utilization)), clamped */
	assert_money(infracost__replicas_for(1200, 150, 0.7, 2, 100), 12); /* 11.43 -> 12 */
	assert_money(infracost__replicas_for(1200, 150, 0.7, 2, 10), 10);  /* clamped to max */
	assert_money(infracost__replicas_for(10, 150, 0.7, 2, 10), 2);     /* clamped to min */
	assert_money(infracost__replicas_for(0, 150, 1, 0, 10), 0);
	assert_money(infracost__replicas_for(300, 100, 1, 0, 10), 3); /* exact */
	assert_money(infracost__replicas_for(301, 100, 1, 0, 10), 4);
	/* within 1e-9 of a whole number counts as it */
	assert_money(infracost__replicas_for(1.1, 0.1, 1, 0, 100), 11); /* 11.000000000000002 */
	assert_money(infracost__replicas_for(0.3, 0.1, 1, 0, 100), 3);  /* 2.9999999999999996 */
	assert_money(infracost__replicas_for(100.0000002, 100, 1, 0, 10),
		     2); /* 1.000000002: beyond 1e-9 */
}

static void test_mean_daily_spike(void **state)
{
	/* 4 of 24 hours at 1200, the rest at 200; 105 per replica:
	 * r = 12 (clamped to 10) and 2: mean = (4 x 10 + 20 x 2) / 24 */
	double levels[] = {1200, 200}, weights[] = {4.0 / 24, 20.0 / 24};
	struct workload w = {.name = "web",
			     .pattern = PAT_DAILY_SPIKE,
			     .nlevels = 2,
			     .levels = levels,
			     .weights = weights,
			     .peak = 1200};
	double avg, uncovered;
	(void)state;
	infracost__replicas_mean(&w, 150, 0.7, 2, 10, 0, &avg, &uncovered);
	assert_money(avg, 80.0 / 24);
	assert_money(uncovered, 80.0 / 24);
	/* 3 reserved: uncovered (4 x 7 + 20 x 0) / 24 */
	infracost__replicas_mean(&w, 150, 0.7, 2, 10, 3, &avg, &uncovered);
	assert_money(avg, 80.0 / 24);
	assert_money(uncovered, 28.0 / 24);
	/* reserved above every level: nothing uncovered */
	infracost__replicas_mean(&w, 150, 0.7, 2, 10, 10, &avg, &uncovered);
	assert_money(uncovered, 0);
}

static void test_mean_hourly(void **state)
{
	double levels[24], weights[24], avg, uncovered;
	struct workload w = {.name = "h",
			     .pattern = PAT_HOURLY,
			     .nlevels = 24,
			     .levels = levels,
			     .weights = weights,
			     .peak = 23};
	(void)state;
	for (int i = 0; i < 24; i++) {
		levels[i] = i;
		weights[i] = 1.0 / 24;
	}
	/* capacity 10: 0 once, 1 ten times, 2 ten times, 3 three times = 39 / 24 */
	infracost__replicas_mean(&w, 10, 1, 0, 100, 0, &avg, &uncovered);
	assert_money(avg, 39.0 / 24);
	/* min 2 lifts the low hours: 2 x 21 + 3 x 3 = 51 / 24 */
	infracost__replicas_mean(&w, 10, 1, 2, 100, 0, &avg, &uncovered);
	assert_money(avg, 51.0 / 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replicas_for),
		cmocka_unit_test(test_mean_daily_spike),
		cmocka_unit_test(test_mean_hourly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
