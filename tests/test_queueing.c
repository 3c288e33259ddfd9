/* test_queueing.c - the M/M/c queue (Erlang C) and sizing, against published
 * figures, an independent evaluation of the textbook formula, an asymptotic
 * law for large c, brute force, and the CLI end to end. */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int setup(void **state)
{
	(void)state;
	return infracost_global_init();
}

static int teardown(void **state)
{
	(void)state;
	infracost_global_cleanup();
	return 0;
}

/* |got - want| <= tol * max(1e-300, |want|) */
#define assert_rel(got, want, tol) assert_rel_(got, want, tol, #got, __LINE__)
static void assert_rel_(double got, double want, double tol, const char *expr, int line)
{
	double err = fabs(got - want), scale = fabs(want) > 1e-300 ? fabs(want) : 1e-300;
	if (!(err <= tol * scale)) {
		print_error("line %d: %s = %.17g, want %.17g (relative error %.3g > %.3g)\n", line,
			    expr, got, want, err / scale, tol);
		fail();
	}
}

static void assert_one_line(const char *msg)
{
	assert_non_null(msg);
	assert_true(strlen(msg) > 0);
	assert_null(strchr(msg, '\n'));
}

/* Erlang C straight from its definition,
 *   C = [a^c / c! * c / (c - a)] / [sum_{k<c} a^k / k! + a^c / c! * c / (c - a)],
 * every term in log space with lgamma (log-sum-exp): independent of the
 * library's recurrence and of its closed form. */
static double erlang_c_direct(double c, double a)
{
	double top = c * log(a) - lgamma(c + 1) + log(c / (c - a)), mode = floor(a), sum = 0;
	/* the largest term of the sum is at k = floor(a) (c > a) */
	double max = fmax(top, mode * log(a) - lgamma(mode + 1));
	for (double k = 0; k < c; k++)
		sum += exp(k * log(a) - lgamma(k + 1) - max);
	sum += exp(top - max);
	return exp(top - max) / sum;
}

/* Halfin and Whitt, "Heavy-traffic limits for queues with many exponential
 * servers", Operations Research 29(3):567-588, 1981: with
 * c = a + b sqrt(a), C -> 1 / (1 + b Phi(b) / phi(b)) as a grows. */
static double halfin_whitt(double c, double a)
{
	double b = (c - a) / sqrt(a);
	double Phi = 0.5 * erfc(-b / sqrt(2)), phi = exp(-b * b / 2) / sqrt(2 * M_PI);
	return 1 / (1 + b * Phi / phi);
}

static infracost_erlang erlang(double c, double lambda, double mu, double q)
{
	infracost_erlang e;
	int rc = infracost_erlang_c(&e, c, lambda, mu, q);
	if (rc)
		print_error("%s\n", infracost_error_last()->message);
	assert_int_equal(rc, 0);
	return e;
}

/* M/M/1 (c = 1): C = rho and W_q = rho / (mu - lambda), the textbook case
 * (Kleinrock, Queueing Systems vol. 1, 1975, section 3.2). */
static void test_mm1(void **state)
{
	infracost_erlang e = erlang(1, 0.75, 1, 0.5);
	(void)state;
	assert_rel(e.utilization, 0.75, 1e-15);
	assert_rel(e.wait_probability, 0.75, 1e-15);
	assert_rel(e.mean_wait, 3, 1e-15);
	/* P(W > t) = 0.75 e^{-0.25 t} = 0.5 at t = 4 ln 1.5 */
	assert_rel(e.wait_quantile, 4 * log(1.5), 1e-14);
	assert_rel(e.quantile, 0.5, 0);
	assert_rel(e.servers, 1, 0);
	assert_rel(e.arrival_rate, 0.75, 0);
	assert_rel(e.service_rate, 1, 0);
	/* No more than 1 - C = 25 % wait at all: the 20 % quantile is 0. */
	e = erlang(1, 0.75, 1, 0.2);
	assert_true(e.wait_quantile == 0);
	/* No quantile asked: 0. */
	e = erlang(1, 0.75, 1, 0);
	assert_true(e.quantile == 0 && e.wait_quantile == 0);
}

/* M/M/2 in closed form: P_wait = 2 rho^2 / (1 + rho); c = 2, a = 1 gives
 * rho = 1/2 and C = 1/3; W_q = C / (2 mu - lambda) = 1/3 s. */
static void test_mm2(void **state)
{
	infracost_erlang e = erlang(2, 1, 1, 0.9);
	(void)state;
	assert_rel(e.utilization, 0.5, 1e-15);
	assert_rel(e.wait_probability, 1.0 / 3, 1e-15);
	assert_rel(e.mean_wait, 1.0 / 3, 1e-15);
	/* (1/3) e^{-t} = 0.1 */
	assert_rel(e.wait_quantile, log(10.0 / 3), 1e-14);
	for (double rho = 0.05; rho < 1; rho += 0.1) {
		e = erlang(2, 2 * rho, 1, 0);
		assert_rel(e.wait_probability, 2 * rho * rho / (1 + rho), 1e-14);
	}
}

/* Erlang C table values (the issue's: c = 10 servers at a = 8 erlangs waits
 * with probability 0.4092; c = 5, a = 4: 0.5541), and many more against the
 * definition evaluated independently (erlang_c_direct). */
static void test_table_values(void **state)
{
	static const double cases[][2] = {{2, 1},    {3, 2},     {5, 4},      {8, 4},     {10, 8},
					  {10, 9.9}, {20, 15},   {25, 20},    {55, 48},   {100, 80},
					  {100, 99}, {300, 290}, {1000, 999}, {2000, 100}};
	(void)state;
	assert_rel(erlang(10, 8, 1, 0).wait_probability, 0.4092, 5e-5 / 0.4092);
	assert_rel(erlang(5, 4, 1, 0).wait_probability, 0.5541, 5e-5 / 0.5541);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double c = cases[i][0], a = cases[i][1];
		infracost_erlang e = erlang(c, a * 3, 3, 0); /* mu = 3: a = lambda / mu */
		double want = erlang_c_direct(c, a);
		assert_rel(e.wait_probability, want, 1e-10);
		assert_rel(e.mean_wait, want / (3 * (c - a)), 1e-10);
		assert_rel(e.utilization, a / c, 1e-15);
	}
}

/* The call-centre example of "The Erlang-C Formula" (Mitan Ltd,
 * www.mitan.co.uk/erlang/elgcmath.htm; seen in a web-crawl copy that gave the
 * inputs but not all of the results): 360 calls per half hour, 4-minute calls,
 * 55 agents, a 15-second answer target. Traffic 48 erlangs, occupancy 87.3 %;
 * the figures below are the formula's (checked by erlang_c_direct): 23.9 % of
 * calls wait, the average speed of answer is C x 240 / (55 - 48) = 8.18 s and
 * 84.6 % are answered within 15 s. */
static void test_call_centre(void **state)
{
	double lambda = 360.0 / 1800, mu = 1.0 / 240, C, sl;
	infracost_erlang e = erlang(55, lambda, mu, 0);
	(void)state;
	C = erlang_c_direct(55, 48);
	assert_rel(e.utilization, 48.0 / 55, 1e-14);
	assert_rel(e.wait_probability, C, 1e-10);
	assert_rel(e.wait_probability, 0.2387, 5e-5 / 0.2387);
	assert_rel(e.mean_wait, C * 240 / 7, 1e-10);
	assert_rel(e.mean_wait, 8.184, 5e-4 / 8.184);
	/* Service level within 15 s: 1 - C e^{-(55 - 48) 15 / 240}. Asking for
	 * that quantile gives back 15 s. */
	sl = 1 - C * exp(-7.0 * 15 / 240);
	assert_rel(sl, 0.8459, 5e-5 / 0.8459);
	e = erlang(55, lambda, mu, sl);
	assert_rel(e.wait_quantile, 15, 1e-9);
}

/* A 9-1-1 centre (Footbridge "Call Calc" application note,
 * http://www.al911.org/qos_calc.htm): 2 call takers, 60-second calls arriving
 * at 30 an hour: "fewer than 8 percent of callers will wait more than 10
 * seconds"; with 80-second calls "the QOS falls to 14 percent". */
static void test_911_centre(void **state)
{
	infracost_erlang e = erlang(2, 30.0 / 3600, 1.0 / 60, 0);
	double gap = 2.0 / 60 - 30.0 / 3600, over10 = e.wait_probability * exp(-gap * 10);
	(void)state;
	assert_rel(e.wait_probability, 0.1, 1e-14); /* 2 rho^2 / (1 + rho), rho = 1/4 */
	assert_true(over10 < 0.08);
	assert_rel(over10, 0.0779, 5e-5 / 0.0779);
	/* The same as a quantile: the 92.21 % point of the wait is 10 s. */
	e = erlang(2, 30.0 / 3600, 1.0 / 60, 1 - over10);
	assert_rel(e.wait_quantile, 10, 1e-9);
	e = erlang(2, 30.0 / 3600, 1.0 / 80, 0);
	gap = 2.0 / 80 - 30.0 / 3600;
	assert_rel(e.wait_probability * exp(-gap * 10), 0.1411, 5e-4 / 0.1411);
}

/* More servers never wait longer: C, the mean wait and every quantile fall
 * as c grows, across the switch from the recurrence to the closed form at a
 * million servers too. */
static void test_monotone_in_servers(void **state)
{
	static const double qs[] = {0.5, 0.9, 0.99, 0.999999};
	(void)state;
	for (size_t iq = 0; iq < sizeof(qs) / sizeof(qs[0]); iq++) {
		infracost_erlang prev = erlang(51, 50, 1, qs[iq]);
		for (double c = 52; c <= 200; c++) {
			infracost_erlang e = erlang(c, 50, 1, qs[iq]);
			assert_true(e.wait_probability < prev.wait_probability);
			assert_true(e.mean_wait < prev.mean_wait);
			assert_true(e.wait_quantile <= prev.wait_quantile);
			prev = e;
		}
	}
	{
		double a = 999000;
		infracost_erlang prev = erlang(999990, a, 1, 0.99);
		for (double c = 999991; c <= 1000010; c++) {
			infracost_erlang e = erlang(c, a, 1, 0.99);
			assert_true(e.wait_probability < prev.wait_probability);
			assert_true(e.mean_wait < prev.mean_wait);
			assert_true(e.wait_quantile < prev.wait_quantile);
			prev = e;
		}
	}
}

/* c = 100,000 at utilisation 0.999 (and beyond): finite, in range, equal to the
 * definition evaluated term by term, and close to the heavy-traffic limit. */
static void test_large_c(void **state)
{
	infracost_erlang e = erlang(100000, 99900, 1, 0.99);
	double C = erlang_c_direct(100000, 99900);
	(void)state;
	assert_true(e.wait_probability > 0 && e.wait_probability < 1);
	assert_rel(e.wait_probability, C, 1e-8);
	assert_rel(e.wait_probability, halfin_whitt(100000, 99900), 2e-3);
	assert_rel(e.mean_wait, C / 100, 1e-8);
	assert_rel(e.wait_quantile, log(C / 0.01) / 100, 1e-8);
	assert_rel(e.utilization, 0.999, 1e-15);
	/* Utilisation 1 - 1e-9 at 100,000 servers: the wait grows like 1/(c - a). */
	e = erlang(100000, 100000 * (1 - 1e-9), 1, 0.99);
	assert_true(isfinite(e.mean_wait) && e.mean_wait > 0);
	assert_rel(e.wait_probability, halfin_whitt(100000, 100000 * (1 - 1e-9)), 1e-3);
	/* Beyond the recurrence (2 million servers): the closed form, against the
	 * definition; and 1e11 servers against the limit (exact to 1e-5 there). */
	e = erlang(2e6, 2e6 - 1500, 1, 0);
	assert_rel(e.wait_probability, erlang_c_direct(2e6, 2e6 - 1500), 1e-8);
	e = erlang(1e11, 1e11 - 1e5, 1, 0.99);
	assert_rel(e.wait_probability, halfin_whitt(1e11, 1e11 - 1e5), 1e-4);
	assert_true(isfinite(e.wait_quantile) && e.wait_quantile > 0);
	/* A light load on many servers: nobody waits, and no NaN. */
	e = erlang(1e7, 10, 1, 0.5);
	assert_true(e.wait_probability == 0 && e.mean_wait == 0 && e.wait_quantile == 0);
}

/* The figures scale with the rates: lambda and mu times s leave C and rho as
 * they are and divide the waits by s, for s from 1e-200 to 1e200. */
static void test_tiny_and_huge_rates(void **state)
{
	infracost_erlang base = erlang(12, 60, 6, 0.95), e;
	(void)state;
	for (double s = 1e-200; s <= 1e201; s *= 1e50) {
		e = erlang(12, 60 * s, 6 * s, 0.95);
		assert_rel(e.utilization, base.utilization, 1e-14);
		assert_rel(e.wait_probability, base.wait_probability, 1e-13);
		assert_rel(e.mean_wait * s, base.mean_wait, 1e-13);
		assert_rel(e.wait_quantile * s, base.wait_quantile, 1e-13);
	}
	/* A load of 1e-300 erlangs: C = a to rounding. */
	e = erlang(1, 1e-300, 1, 0.5);
	assert_rel(e.wait_probability, 1e-300, 1e-12);
	assert_true(e.wait_quantile == 0);
	/* Rates so small the wait overflows: an error, not inf or NaN. */
	assert_int_equal(infracost_erlang_c(&e, 2, 1e-320, 1e-320, 0), INFRACOST_ENUMERIC);
	assert_non_null(strstr(infracost_error_last()->message, "overflows"));
	assert_one_line(infracost_error_last()->message);
	/* An offered load that overflows. */
	assert_int_equal(infracost_erlang_c(&e, 2, 1e300, 1e-300, 0), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "overflows"));
}

/* Utilisation 1 or more is an error naming the servers needed, never a NaN. */
static void test_overload_refused(void **state)
{
	infracost_erlang e;
	const char *msg;
	(void)state;
	memset(&e, 0x5a, sizeof(e));
	assert_int_equal(infracost_erlang_c(&e, 10, 60, 6, 0.95), INFRACOST_EINVALID);
	msg = infracost_error_last()->message;
	assert_string_equal(msg, "utilization 1 >= 1: 10 servers serving 6 requests/s each "
				 "cannot keep up with 60 requests/s (the queue grows without "
				 "bound); the load needs at least 11 servers");
	assert_int_equal(infracost_error_last()->code, INFRACOST_EINVALID);
	assert_int_equal(infracost_erlang_c(&e, 10, 70, 6, 0), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "utilization 1.16667 >= 1"));
	assert_non_null(strstr(infracost_error_last()->message, "at least 12 servers"));
	/* 100,000 servers just past 1 */
	assert_int_equal(infracost_erlang_c(&e, 100000, 100000.5, 1, 0), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "at least 100001 servers"));
	/* the output is untouched on failure */
	{
		infracost_erlang poison;
		memset(&poison, 0x5a, sizeof(poison));
		assert_memory_equal(&e, &poison, sizeof(e));
	}
}

static void test_invalid_arguments(void **state)
{
	infracost_erlang e;
	static const double bad_servers[] = {0, -1, 2.5, 1e13, NAN, INFINITY};
	static const double bad_rates[] = {0, -1, NAN, INFINITY};
	static const double bad_q[] = {-0.1, 1, 1.5, NAN};
	(void)state;
	for (size_t i = 0; i < sizeof(bad_servers) / sizeof(bad_servers[0]); i++) {
		assert_int_equal(infracost_erlang_c(&e, bad_servers[i], 1, 1, 0),
				 INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "servers must be"));
	}
	for (size_t i = 0; i < sizeof(bad_rates) / sizeof(bad_rates[0]); i++) {
		assert_int_equal(infracost_erlang_c(&e, 2, bad_rates[i], 1, 0), INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "arrival rate must be"));
		assert_int_equal(infracost_erlang_c(&e, 2, 1, bad_rates[i], 0), INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "service rate must be"));
		assert_int_equal(infracost_erlang_size(&e, bad_rates[i], 1, 0.9, 1),
				 INFRACOST_EINVALID);
		assert_int_equal(infracost_erlang_size(&e, 1, bad_rates[i], 0.9, 1),
				 INFRACOST_EINVALID);
	}
	for (size_t i = 0; i < sizeof(bad_q) / sizeof(bad_q[0]); i++) {
		assert_int_equal(infracost_erlang_c(&e, 2, 1, 1, bad_q[i]), INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "quantile must be"));
		assert_int_equal(infracost_erlang_size(&e, 1, 1, bad_q[i], 1), INFRACOST_EINVALID);
	}
	/* sizing needs a quantile, and a wait >= 0 */
	assert_int_equal(infracost_erlang_size(&e, 1, 1, 0, 1), INFRACOST_EINVALID);
	assert_int_equal(infracost_erlang_size(&e, 1, 1, 0.9, -1), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "maximum wait"));
	assert_int_equal(infracost_erlang_size(&e, 1, 1, 0.9, INFINITY), INFRACOST_EINVALID);
	assert_int_equal(infracost_erlang_size(&e, 1, 1, 0.9, NAN), INFRACOST_EINVALID);
	/* more than 1e12 servers */
	assert_int_equal(infracost_erlang_size(&e, 1e13, 1, 0.9, 1), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "more than"));
	assert_int_equal(infracost_erlang_c(NULL, 2, 1, 1, 0), INFRACOST_EINVALID);
	assert_int_equal(infracost_erlang_size(NULL, 1, 1, 0.9, 1), INFRACOST_EINVALID);
}

/* The smallest c found by walking every count from 1 with infracost_erlang_c. */
static double brute_force(double lambda, double mu, double q, double max_wait)
{
	for (double c = 1;; c++) {
		infracost_erlang e;
		if (infracost_erlang_c(&e, c, lambda, mu, q) == 0 && e.wait_quantile <= max_wait)
			return c;
	}
}

static void test_size_matches_brute_force(void **state)
{
	static const double cases[][4] = {
		/* lambda, mu, quantile, max wait */
		{60, 6, 0.95, 0.1},        {100, 2, 0.95, 0.2},
		{100, 2, 0.5, 0},          {100, 2, 0.99, 0},
		{0.2, 1.0 / 240, 0.8, 20}, /* 80 % within 20 s */
		{0.2, 1.0 / 240, 0.9, 15}, {1, 1, 0.9, 100},
		{10, 1, 0.999, 0.01},      {7, 7, 0.9, 0},
		{1e-3, 1, 0.99, 0},        {500, 3, 0.95, 0.05},
		{1000, 1, 0.99, 0.001},    {2.5, 0.5, 0.75, 1e9},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const double *k = cases[i];
		infracost_erlang e, b;
		double c;
		assert_int_equal(infracost_erlang_size(&e, k[0], k[1], k[2], k[3]), 0);
		c = brute_force(k[0], k[1], k[2], k[3]);
		if (e.servers != c)
			print_error("case %zu: size %g, brute force %g\n", i, e.servers, c);
		assert_true(e.servers == c);
		/* the figures are those of infracost_erlang_c for that count, bit for bit */
		b = erlang(c, k[0], k[1], k[2]);
		assert_memory_equal(&e, &b, sizeof(e));
		assert_true(e.wait_quantile <= k[3]);
		assert_true(e.quantile == k[2]);
	}
}

/* a ~ 100,000: one recurrence pass, then a few hundred steps. */
static void test_size_large(void **state)
{
	infracost_erlang e, below;
	(void)state;
	assert_int_equal(infracost_erlang_size(&e, 1e5, 1, 0.99, 0.001), 0);
	assert_true(e.servers == 100673);
	assert_true(e.wait_quantile <= 0.001);
	below = erlang(e.servers - 1, 1e5, 1, 0.99);
	assert_true(below.wait_quantile > 0.001);
	assert_rel(erlang(e.servers, 1e5, 1, 0.99).wait_probability, e.wait_probability, 1e-12);
	/* a = 3e6: the closed form starts the walk */
	assert_int_equal(infracost_erlang_size(&e, 3e6, 1, 0.95, 0.0005), 0);
	below = erlang(e.servers - 1, 3e6, 1, 0.95);
	assert_true(e.wait_quantile <= 0.0005 && below.wait_quantile > 0.0005);
	/* A load of exactly 10 erlangs needs 11 servers at least. */
	assert_int_equal(infracost_erlang_size(&e, 60, 6, 0.01, 1e9), 0);
	assert_true(e.servers == 11);
}

/* ---- the CLI ---- */

static int cli(const char *args, char **out, char **err)
{
	char cmd[4096];
	const char *wrap = getenv("INFRACOST_CLI_WRAPPER");
	snprintf(cmd, sizeof(cmd), "%s '%s' %s", wrap ? wrap : "", CLI_PATH, args);
	return run_command(cmd, out, err);
}

static void free2(char *a, char *b)
{
	free(a);
	free(b);
}

static double jnum(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_non_null(v);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

static void test_cli_erlang(void **state)
{
	char *out, *err;
	json_t *root;
	json_error_t jerr;
	infracost_erlang e = erlang(12, 60, 6, 0.95);
	(void)state;
	assert_int_equal(cli("capacity erlang --servers 12 --arrival-rate 60 --service-rate 6 "
			     "--quantile 0.95",
			     &out, &err),
			 0);
	assert_string_equal(out, "servers 12, utilization 0.8333, P(wait) 0.4494, mean wait "
				 "0.03745 s, p95 wait 0.183 s\n");
	assert_string_equal(err, "");
	free2(out, err);

	assert_int_equal(cli("capacity erlang --servers=12 --arrival-rate=60 --service-rate=6 "
			     "--quantile=0.95 --format json",
			     &out, &err),
			 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_true(json_is_integer(json_object_get(root, "servers")));
	assert_int_equal(json_integer_value(json_object_get(root, "servers")), 12);
	assert_rel(jnum(root, "utilization"), e.utilization, 1e-14);
	assert_rel(jnum(root, "wait_probability"), e.wait_probability, 1e-14);
	assert_rel(jnum(root, "mean_wait"), e.mean_wait, 1e-14);
	assert_rel(jnum(root, "wait_quantile"), e.wait_quantile, 1e-14);
	assert_rel(jnum(root, "quantile"), 0.95, 0);
	json_decref(root);
	free2(out, err);

	/* no quantile: null */
	assert_int_equal(cli("capacity erlang --servers 2 --arrival-rate 1 --service-rate 1 "
			     "--format json",
			     &out, &err),
			 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_true(json_is_null(json_object_get(root, "wait_quantile")));
	assert_rel(jnum(root, "wait_probability"), 1.0 / 3, 1e-14);
	json_decref(root);
	free2(out, err);

	/* a utilisation of 0.99999 is not printed as 1 */
	assert_int_equal(cli("capacity erlang --servers 100000 --arrival-rate 99999 "
			     "--service-rate 1",
			     &out, &err),
			 0);
	assert_non_null(strstr(out, "utilization 0.99999,"));
	free2(out, err);
}

static void test_cli_size(void **state)
{
	char *out, *err;
	json_t *root;
	json_error_t jerr;
	infracost_erlang e;
	(void)state;
	assert_int_equal(infracost_erlang_size(&e, 100, 2, 0.95, 0.2), 0);
	assert_int_equal(cli("capacity size --arrival-rate 100 --service-rate 2 --quantile 0.95 "
			     "--max-wait 0.2",
			     &out, &err),
			 0);
	assert_string_equal(out,
			    "servers 56 (the fewest with p95 wait <= 0.2 s): utilization "
			    "0.8929, P(wait) 0.3093, mean wait 0.02578 s, p95 wait 0.1519 s\n");
	free2(out, err);
	assert_int_equal(cli("capacity size --arrival-rate 100 --service-rate 2 --quantile 0.95 "
			     "--max-wait 0.2 --format json",
			     &out, &err),
			 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "servers")), 56);
	assert_rel(jnum(root, "utilization"), e.utilization, 1e-14);
	assert_rel(jnum(root, "wait_probability"), e.wait_probability, 1e-14);
	assert_rel(jnum(root, "mean_wait"), e.mean_wait, 1e-14);
	assert_rel(jnum(root, "wait_quantile"), e.wait_quantile, 1e-14);
	assert_rel(jnum(root, "max_wait"), 0.2, 0);
	json_decref(root);
	free2(out, err);
}

static void test_cli_errors(void **state)
{
	static const char *usage[] = {
		"capacity",
		"capacity nosuch",
		"capacity erlang --arrival-rate 1 --service-rate 2",
		"capacity erlang --servers 2 --arrival-rate 1",
		"capacity erlang --servers two --arrival-rate 1 --service-rate 2",
		"capacity erlang --servers 2 --arrival-rate 1 --service-rate 2 --format xml",
		"capacity erlang --servers 2 --arrival-rate 1 --service-rate 2 --bogus 1",
		"capacity erlang --servers 2 --arrival-rate 1 --service-rate",
		"capacity erlang --servers 2 --arrival-rate 1 --service-rate 2 extra",
		"capacity size --arrival-rate 1 --service-rate 2 --quantile 0.9",
		"capacity size --arrival-rate 1 --service-rate 2 --max-wait 1",
		("capacity size --servers 3 --arrival-rate 1 --service-rate 2 --quantile 0.9 "
		 "--max-wait 1"),
	};
	char *out, *err;
	(void)state;
	for (size_t i = 0; i < sizeof(usage) / sizeof(usage[0]); i++) {
		int status = cli(usage[i], &out, &err);
		if (status != 1)
			print_error("'%s': status %d, stderr %s\n", usage[i], status, err);
		assert_int_equal(status, 1);
		assert_non_null(strstr(err, "usage error"));
		assert_one_line(strtok(err, "\n"));
		assert_string_equal(out, "");
		free2(out, err);
	}
	/* invalid values: one line, exit 2 */
	assert_int_equal(
		cli("capacity erlang --servers 10 --arrival-rate 60 --service-rate 6", &out, &err),
		2);
	assert_string_equal(err, "infra-cost: error: utilization 1 >= 1: 10 servers serving 6 "
				 "requests/s each cannot keep up with 60 requests/s (the queue "
				 "grows without bound); the load needs at least 11 servers\n");
	assert_string_equal(out, "");
	free2(out, err);
	assert_int_equal(cli("capacity size --arrival-rate 1 --service-rate 2 --quantile 1.5 "
			     "--max-wait 1",
			     &out, &err),
			 2);
	assert_non_null(strstr(err, "quantile must be between 0 and 1"));
	free2(out, err);
	assert_int_equal(
		cli("capacity erlang --servers 2.5 --arrival-rate 1 --service-rate 2", &out, &err),
		2);
	free2(out, err);
	/* help */
	assert_int_equal(cli("capacity --help", &out, &err), 0);
	assert_non_null(strstr(out, "capacity erlang --servers C"));
	free2(out, err);
	assert_int_equal(cli("--help", &out, &err), 0);
	assert_non_null(strstr(out, "capacity"));
	free2(out, err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mm1),
		cmocka_unit_test(test_mm2),
		cmocka_unit_test(test_table_values),
		cmocka_unit_test(test_call_centre),
		cmocka_unit_test(test_911_centre),
		cmocka_unit_test(test_monotone_in_servers),
		cmocka_unit_test(test_large_c),
		cmocka_unit_test(test_tiny_and_huge_rates),
		cmocka_unit_test(test_overload_refused),
		cmocka_unit_test(test_invalid_arguments),
		cmocka_unit_test(test_size_matches_brute_force),
		cmocka_unit_test(test_size_large),
		cmocka_unit_test(test_cli_erlang),
		cmocka_unit_test(test_cli_size),
		cmocka_unit_test(test_cli_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
