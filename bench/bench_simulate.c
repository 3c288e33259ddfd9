/* bench_simulate.c - simulated service-hours per second.
 *
 * usage: bench_simulate SPEC [SAMPLES]
 *
 * Runs infracost_simulate on SPEC (against the shipped snapshot) on one and
 * on two threads, and as the baseline prices the same number of months by
 * running the whole estimate engine once per month (what a simulation that
 * simply called infracost_estimate_compute in a loop would do). Prints one
 * line per side: months, service-hours, seconds, service-hours per second.
 */
#include <infracost.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(int rc)
{
	fprintf(stderr, "bench_simulate: %s\n", infracost_error_last()->message);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	infracost_spec *spec = NULL;
	infracost_catalog *cat = NULL;
	size_t samples = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 2000;
	double per_month = 0, t0, t, p99 = 0;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_simulate SPEC [SAMPLES]\n");
		return 1;
	}
	if ((rc = infracost_global_init()) || (rc = infracost_spec_load_file(&spec, argv[1])) ||
	    (rc = infracost_catalog_new(&cat)) || (rc = infracost_catalog_load_default(cat)))
		return fail(rc);
	printf("side\tthreads\tmonths\tservice_hours\tseconds\tservice_hours_per_s\ttotal_p99\n");
	for (int threads = 1; threads <= 2; threads++) {
		infracost_simulate_options o = INFRACOST_SIMULATE_OPTIONS_INIT;
		infracost_simulation *sim = NULL;
		o.samples = samples;
		o.seed = 1;
		o.threads = threads;
		t0 = now();
		if ((rc = infracost_simulate(&sim, spec, cat, &o)))
			return fail(rc);
		t = now() - t0;
		per_month = infracost_simulation_service_hours(sim) / (double)samples;
		p99 = infracost_simulation_distribution(sim,
							infracost_simulation_environment_count(sim))
			      .p99;
		printf("simulate\t%d\t%zu\t%.0f\t%.3f\t%.0f\t%.2f\n", threads, samples,
		       infracost_simulation_service_hours(sim), t,
		       infracost_simulation_service_hours(sim) / t, p99);
		infracost_simulation_free(sim);
	}
	{
		/* baseline: the estimate engine once per month, a tenth of the months */
		size_t months = samples / 10 ? samples / 10 : 1;
		double sum = 0;
		t0 = now();
		for (size_t i = 0; i < months; i++) {
			infracost_estimate *est = NULL;
			if ((rc = infracost_estimate_compute(&est, spec, cat, NULL)))
				return fail(rc);
			sum += infracost_estimate_total(est).expected;
			infracost_estimate_free(est);
		}
		t = now() - t0;
		printf("estimate-per-month\t1\t%zu\t%.0f\t%.3f\t%.0f\t%.2f\n", months,
		       per_month * (double)months, t, per_month * (double)months / t,
		       sum / (double)months);
	}
	infracost_catalog_free(cat);
	infracost_spec_free(spec);
	infracost_global_cleanup();
	return 0;
}
