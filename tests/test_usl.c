/* test_usl.c - the Universal Scalability Law fit: exact synthetic data, noisy
 * data, published fits of the literature's benchmarks, the bounds (Amdahl:
 * beta = 0, no peak), refusals, the CSV reader (data-driven invalid cases in
 * tests/data/usl/invalid/<case>/{load.csv,expected.txt}) and the CLI. */
#include "helpers.h"

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define USL_DIR TEST_DATA_DIR "/usl"

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

/* |got - want| <= tol * |want|, or <= tol when want is 0 */
#define assert_near(got, want, tol) assert_near_(got, want, tol, #got, __LINE__)
static void assert_near_(double got, double want, double tol, const char *expr, int line)
{
	double err = fabs(got - want), scale = want != 0 ? fabs(want) : 1;
	if (!(err <= tol * scale)) {
		print_error("line %d: %s = %.17g, want %.17g (error %.3g > %.3g)\n", line, expr,
			    got, want, err / scale, tol);
		fail();
	}
}

static double usl_x(double alpha, double beta, double gamma, double n)
{
	return gamma * n / (1 + alpha * (n - 1) + beta * n * (n - 1));
}

static infracost_usl fit(const double *load, const double *x, size_t n)
{
	infracost_usl u;
	int rc = infracost_usl_fit(&u, load, x, n);
	if (rc)
		print_error("%s\n", infracost_error_last()->message);
	assert_int_equal(rc, 0);
	return u;
}

static infracost_usl fit_file(const char *path)
{
	infracost_usl u;
	int rc = infracost_usl_fit_file(&u, path);
	if (rc)
		print_error("%s\n", infracost_error_last()->message);
	assert_int_equal(rc, 0);
	return u;
}

/* Points generated from known parameters come back to 1e-6 (in practice to
 * rounding), over loads from 1 to 10,000 and throughputs from 1e-3 to 1e9. */
static void test_exact_synthetic(void **state)
{
	static const double params[][3] = {
		/* alpha, beta, gamma */
		{0.05, 0.0002, 250}, {0.02, 0.02, 1}, {0.3, 0.01, 1e-3},
		{0.001, 1e-8, 3e9},  {0.1, 1e-5, 42}, {0.9, 0.05, 7.5},
		{0, 0.001, 100},     {0.5, 0.5, 2},   {0.0001, 1e-6, 1000},
	};
	static const double loads1[] = {1, 2, 3, 5, 8, 12, 16, 24, 32, 48, 64, 80, 100, 128};
	static const double loads2[] = {1000, 2000, 3000, 5000, 7000, 10000};
	(void)state;
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		const double *p = params[i];
		int big = p[1] < 1e-7;
		const double *loads = big ? loads2 : loads1;
		size_t n = big ? 6 : 14;
		double x[14];
		infracost_usl u;
		for (size_t k = 0; k < n; k++)
			x[k] = usl_x(p[0], p[1], p[2], loads[k]);
		u = fit(loads, x, n);
		assert_near(u.alpha, p[0], p[0] ? 1e-6 : 1e-12);
		assert_near(u.beta, p[1], 1e-6);
		assert_near(u.gamma, p[2], 1e-6);
		assert_near(u.r_squared, 1, 1e-12);
		assert_int_equal(u.points, n);
		assert_near(u.peak_load, sqrt((1 - p[0]) / p[1]), 1e-6);
		assert_near(u.peak_throughput, usl_x(p[0], p[1], p[2], u.peak_load), 1e-6);
		assert_near(infracost_usl_throughput(&u, 17), usl_x(p[0], p[1], p[2], 17), 1e-6);
	}
}

/* The order of the points does not matter; repeated loads are fine. */
static void test_order_and_repeats(void **state)
{
	double load[] = {64, 1, 16, 4, 32, 8, 2, 16, 1};
	double x[9];
	infracost_usl u;
	(void)state;
	for (int i = 0; i < 9; i++)
		x[i] = usl_x(0.04, 0.0003, 12, load[i]);
	u = fit(load, x, 9);
	assert_near(u.alpha, 0.04, 1e-6);
	assert_near(u.beta, 0.0003, 1e-6);
	assert_near(u.gamma, 12, 1e-6);
}

/* +-2 % deterministic noise: r_squared below 1 but close, the parameters
 * near the truth. */
static void test_noisy(void **state)
{
	double load[32], x[32];
	infracost_usl u;
	(void)state;
	for (int i = 0; i < 32; i++) {
		load[i] = 1 + i * 3;
		x[i] = usl_x(0.03, 0.0007, 1234.5, load[i]) * (1 + 0.02 * sin(i * 1.7));
	}
	u = fit(load, x, 32);
	assert_true(u.r_squared < 1 - 1e-6);
	assert_true(u.r_squared > 0.99);
	assert_near(u.alpha, 0.03, 0.1);
	assert_near(u.beta, 0.0007, 0.1);
	assert_near(u.gamma, 1234.5, 0.02);
	assert_near(u.peak_load, sqrt(0.97 / 0.0007), 0.05);
}

/* Gunther's ray-tracer benchmark ("Guerrilla Capacity Planning", 2007,
 * Table 5.1; tests/data/usl/raytracer.csv). The R package usl fits it, gamma
 * free, to alpha 0.0578, beta 0.0000, gamma 21.8488 (smoeding/usl,
 * tests/confint.Rout.save @ 0c22191b922e23377433cefc71a4ee1fc1d39e9a, with
 * beta's confidence interval centred on 0): the bound beta >= 0 is active, so
 * the fit is Amdahl's law and there is no peak.
 * (Gunther's normalised fit with gamma fixed at X(1) = 20 gives sigma 0.0498,
 * kappa 1.14e-5 - http://adventuresinloadtesting.blogspot.com/2009/06/ - a
 * different model: here gamma is fitted too.) */
static void test_raytracer(void **state)
{
	infracost_usl u = fit_file(USL_DIR "/raytracer.csv");
	(void)state;
	assert_int_equal(u.points, 11);
	assert_near(u.alpha, 0.0578, 0.00005 / 0.0578);
	assert_true(u.beta == 0);
	assert_near(u.gamma, 21.8488, 0.00005 / 21.8488);
	assert_true(u.peak_load == 0 && u.peak_throughput == 0);
	assert_true(u.r_squared > 0.99 && u.r_squared < 1);
}

/* SPEC SDM91 on a Sun SPARCcenter 2000 (tests/data/usl/specsdm91.csv, the R
 * package's dataset specsdm91). Published fit (smoeding/usl,
 * tests/usl-nlxb.Rout.save and tests/summary.Rout.save @
 * 0c22191b922e23377433cefc71a4ee1fc1d39e9a): alpha 0.0277285, beta 0.0001044,
 * gamma 89.9952330, residual standard error 82.85 on 4 degrees of freedom,
 * multiple R-squared 0.9896; peak.scalability 97 (2 significant digits,
 * tests/peak-scalability.Rout.save). */
static void test_specsdm91(void **state)
{
	static const double load[] = {1, 18, 36, 72, 108, 144, 216};
	static const double x[] = {64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2};
	infracost_usl u = fit_file(USL_DIR "/specsdm91.csv");
	double sse = 0;
	(void)state;
	assert_int_equal(u.points, 7);
	assert_near(u.alpha, 0.0277285, 0.00000005 / 0.0277285);
	assert_near(u.beta, 0.0001044, 0.00000005 / 0.0001044);
	assert_near(u.gamma, 89.9952330, 0.0000005 / 89.995233);
	assert_near(u.r_squared, 0.9896, 0.00005 / 0.9896);
	for (int i = 0; i < 7; i++) {
		double r = x[i] - infracost_usl_throughput(&u, load[i]);
		sse += r * r;
	}
	assert_near(sqrt(sse / 4), 82.85, 0.005 / 82.85);
	assert_near(round(u.peak_load), 97, 0);
	assert_near(u.peak_throughput, infracost_usl_throughput(&u, u.peak_load), 1e-15);
	/* the peak is the maximum */
	assert_true(u.peak_throughput > infracost_usl_throughput(&u, u.peak_load * 0.99));
	assert_true(u.peak_throughput > infracost_usl_throughput(&u, u.peak_load * 1.01));
	/* the same points through the array API */
	{
		infracost_usl v = fit(load, x, 7);
		assert_near(v.alpha, u.alpha, 1e-12);
		assert_near(v.beta, u.beta, 1e-12);
		assert_near(v.gamma, u.gamma, 1e-12);
	}
}

/* The R package's own test data (smoeding/usl, tests/coef.R and
 * tests/coef.Rout.save @ 0c22191b922e23377433cefc71a4ee1fc1d39e9a):
 * alpha 0.02, beta 0.02, gamma 1.00 to 3 significant digits. */
static void test_r_usl_coef(void **state)
{
	static const double load[] = {1, 2, 4, 6, 8, 10};
	static const double x[] = {1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557};
	infracost_usl u = fit(load, x, 6);
	(void)state;
	assert_near(u.alpha, 0.02, 0.005 / 2);
	assert_near(u.beta, 0.02, 0.005 / 2);
	assert_near(u.gamma, 1.00, 0.005);
}

/* Amdahl's law (beta = 0): beta comes back exactly 0, so no peak. */
static void test_amdahl(void **state)
{
	infracost_usl u = fit_file(USL_DIR "/amdahl.csv");
	double load[20], x[20];
	(void)state;
	assert_true(u.beta == 0);
	assert_near(u.alpha, 0.08, 1e-9);
	assert_near(u.gamma, 40, 1e-9);
	assert_true(u.peak_load == 0 && u.peak_throughput == 0);
	assert_near(u.r_squared, 1, 1e-12);
	/* alpha = 0 (coherency only) and alpha = beta = 0 (linear) likewise */
	for (int i = 0; i < 20; i++) {
		load[i] = 1 + 2 * i;
		x[i] = usl_x(0, 0.002, 9, load[i]);
	}
	u = fit(load, x, 20);
	assert_true(u.alpha == 0);
	assert_near(u.beta, 0.002, 1e-9);
	assert_near(u.peak_load, sqrt(1 / 0.002), 1e-9);
	for (int i = 0; i < 20; i++)
		x[i] = 7 * load[i];
	u = fit(load, x, 20);
	assert_true(u.alpha == 0 && u.beta == 0);
	assert_near(u.gamma, 7, 1e-12);
	assert_true(u.peak_load == 0);
	/* flat throughput: alpha = 1, no growth, no peak */
	for (int i = 0; i < 20; i++)
		x[i] = 5;
	u = fit(load, x, 20);
	assert_near(u.alpha, 1, 1e-9);
	assert_true(u.beta == 0 && u.peak_load == 0);
	assert_near(u.r_squared, 1, 1e-12);
}

/* Many exact Amdahl (beta = 0) and coherency-only (alpha = 0) data sets: the
 * bound comes back exactly 0 every time, never 1e-17 (which would put a
 * "peak" at a load of 1e8). */
static void test_bounds_exact(void **state)
{
	(void)state;
	for (int t = 0; t < 300; t++) {
		double a = (t % 50 + 1) * 0.005, g = 1 + t, n[12], x[12];
		size_t k = 3 + (size_t)(t % 10);
		infracost_usl u;
		for (size_t i = 0; i < k; i++) {
			n[i] = 1 + (double)i * (1 + t % 7);
			x[i] = usl_x(a, 0, g, n[i]);
		}
		u = fit(n, x, k);
		assert_true(u.beta == 0 && u.peak_load == 0);
		assert_near(u.alpha, a, 1e-9);
		for (size_t i = 0; i < k; i++)
			x[i] = usl_x(0, a * 0.01, g, n[i]);
		u = fit(n, x, k);
		assert_true(u.alpha == 0);
		assert_near(u.beta, a * 0.01, 1e-9);
	}
}

static void test_synthetic_file(void **state)
{
	infracost_usl u = fit_file(USL_DIR "/synthetic.csv");
	(void)state;
	assert_int_equal(u.points, 14);
	assert_near(u.alpha, 0.05, 1e-9);
	assert_near(u.beta, 0.0002, 1e-9);
	assert_near(u.gamma, 250, 1e-9);
	assert_near(u.peak_load, sqrt(0.95 / 0.0002), 1e-9);
}

static void test_refusals(void **state)
{
	static const double load[] = {1, 2, 4, 8}, x[] = {10, 19, 35, 60};
	double bad[4];
	infracost_usl u;
	const char *msg;
	(void)state;
	/* too few points */
	assert_int_equal(infracost_usl_fit(&u, load, x, 2), INFRACOST_EINVALID);
	assert_string_equal(infracost_error_last()->message,
			    "the USL has three parameters and needs at least 3 load-test "
			    "points (got 2)");
	assert_int_equal(infracost_usl_fit(&u, NULL, NULL, 0), INFRACOST_EINVALID);
	/* equal loads: 4 points, 2 distinct loads */
	{
		double l2[] = {2, 2, 4, 4};
		assert_int_equal(infracost_usl_fit(&u, l2, x, 4), INFRACOST_EINVALID);
		assert_string_equal(infracost_error_last()->message,
				    "the loads take 2 distinct values: the USL's three "
				    "parameters need at least 3");
		l2[2] = l2[3] = 2;
		assert_int_equal(infracost_usl_fit(&u, l2, x, 4), INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "1 distinct value:"));
	}
	/* zero, negative, NaN and infinite values */
	{
		static const double values[] = {0, -1, NAN, INFINITY};
		for (size_t v = 0; v < 4; v++) {
			memcpy(bad, load, sizeof(bad));
			bad[2] = values[v];
			assert_int_equal(infracost_usl_fit(&u, bad, x, 4), INFRACOST_EINVALID);
			msg = infracost_error_last()->message;
			assert_non_null(strstr(msg, "point 3: load must be a positive number"));
			memcpy(bad, x, sizeof(bad));
			bad[1] = values[v];
			assert_int_equal(infracost_usl_fit(&u, load, bad, 4), INFRACOST_EINVALID);
			msg = infracost_error_last()->message;
			assert_non_null(
				strstr(msg, "point 2: throughput must be a positive number"));
		}
	}
	/* X / N rises 80-fold from load 31 to 45 and then falls: no USL with
	 * alpha, beta >= 0 comes near, the least-squares optimum runs off to
	 * infinity, and the fit says so rather than return a number. */
	{
		double l3[] = {31, 45, 147}, x3[] = {0.88, 71.5, 19.7};
		assert_int_equal(infracost_usl_fit(&u, l3, x3, 3), INFRACOST_ENUMERIC);
		assert_string_equal(infracost_error_last()->message,
				    "the USL fit did not converge for these 3 points (they do "
				    "not determine alpha, beta and gamma)");
	}
	assert_int_equal(infracost_usl_fit(NULL, load, x, 4), INFRACOST_EINVALID);
	assert_int_equal(infracost_usl_fit(&u, NULL, x, 4), INFRACOST_EINVALID);
	assert_int_equal(infracost_usl_fit_file(&u, NULL), INFRACOST_EINVALID);
	assert_int_equal(infracost_usl_fit_file(NULL, "x.csv"), INFRACOST_EINVALID);
	/* a file that is not there */
	assert_int_equal(infracost_usl_fit_file(&u, USL_DIR "/no-such.csv"), INFRACOST_EIO);
	assert_non_null(strstr(infracost_error_last()->message, "no-such.csv"));
	/* throughput of a model */
	assert_true(isnan(infracost_usl_throughput(NULL, 1)));
	u = fit(load, x, 4);
	assert_true(isnan(infracost_usl_throughput(&u, NAN)));
	assert_true(infracost_usl_throughput(&u, 0) == 0);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	if (fread(data, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	data[n] = '\0';
	fclose(f);
	return data;
}

static const char *code_name(int code)
{
	switch (code) {
	case INFRACOST_OK: return "OK";
	case INFRACOST_EINVALID: return "EINVALID";
	case INFRACOST_EPARSE: return "EPARSE";
	case INFRACOST_ENUMERIC: return "ENUMERIC";
	default: return "OTHER";
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each invalid file is refused with exactly the recorded code and message
 * (the message's directory prefix removed: it names "load.csv").
 * INFRACOST_RECORD=1 writes the expected.txt files (review them). */
static void test_invalid_files(void **state)
{
	const char *dir = USL_DIR "/invalid";
	int record = getenv("INFRACOST_RECORD") != NULL;
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[64];
	size_t n = 0, failures = 0;
	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	assert_true(n >= 15);
	for (size_t i = 0; i < n; i++) {
		char path[512], prefix[512], got[1400];
		const char *msg;
		char *want;
		infracost_usl u;
		int rc;
		snprintf(prefix, sizeof(prefix), "%s/%s/", dir, names[i]);
		snprintf(path, sizeof(path), "%sload.csv", prefix);
		rc = infracost_usl_fit_file(&u, path);
		msg = rc ? infracost_error_last()->message : "";
		if (strncmp(msg, prefix, strlen(prefix)) == 0)
			msg += strlen(prefix);
		snprintf(got, sizeof(got), "%s\n%s\n", code_name(rc), msg);
		snprintf(path, sizeof(path), "%sexpected.txt", prefix);
		if (record) {
			FILE *f = fopen(path, "wb");
			fputs(got, f);
			fclose(f);
		}
		want = read_all(path);
		if (!want || strcmp(want, got) != 0) {
			print_error("%s: got\n%swant\n%s", names[i], got, want ? want : "(none)\n");
			failures++;
		}
		assert_null(rc ? strchr(infracost_error_last()->message, '\n') : NULL);
		free(want);
		free(names[i]);
	}
	assert_int_equal(failures, 0);
}

/* The reader: columns by name in any order and case, extra columns,
 * comments, blank lines, CRLF, quotes, a byte order mark, blanks around
 * values. */
static void test_reader(void **state)
{
	char text[2048];
	size_t len;
	infracost_usl u;
	(void)state;
	len = (size_t)snprintf(text, sizeof(text),
			       "\xEF\xBB\xBF# generated\r\n\r\nrun,Throughput , LOAD,notes\r\n");
	for (int n = 1; n <= 64; n *= 2)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"r%d,\"%.17g\", %d ,\"a, b\"\r\n# between\r\n", n,
					usl_x(0.02, 0.0004, 33, n), n);
	u = fit_file(temp_file("points.csv", text));
	assert_int_equal(u.points, 7);
	assert_near(u.alpha, 0.02, 1e-9);
	assert_near(u.beta, 0.0004, 1e-9);
	assert_near(u.gamma, 33, 1e-9);
	/* a file without a final newline */
	u = fit_file(temp_file("nonl.csv", "load,throughput\n1,10\n2,18\n4,30"));
	assert_int_equal(u.points, 3);
}

/* Out of memory at every allocation of a file fit: ENOMEM each time, until
 * it succeeds (GSL's own allocations are not counted). */
static void test_out_of_memory(void **state)
{
	infracost_usl u;
	unsigned long n;
	int rc = INFRACOST_ENOMEM;
	(void)state;
	for (n = 1; n < 1000 && rc == INFRACOST_ENOMEM; n++) {
		infracost__alloc_fail_after(n);
		rc = infracost_usl_fit_file(&u, USL_DIR "/specsdm91.csv");
		infracost__alloc_fail_after(0);
		if (rc)
			assert_int_equal(rc, INFRACOST_ENOMEM);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 2);
	assert_near(u.alpha, 0.0277285, 0.00000005 / 0.0277285);
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
	assert_true(json_is_real(v));
	return json_number_value(v);
}

static void test_cli_usl(void **state)
{
	char *out, *err;
	json_t *root;
	json_error_t jerr;
	infracost_usl u = fit_file(USL_DIR "/specsdm91.csv");
	(void)state;
	assert_int_equal(cli("capacity usl '" USL_DIR "/specsdm91.csv'", &out, &err), 0);
	assert_string_equal(out, "USL fit of " USL_DIR "/specsdm91.csv: 7 points, r_squared "
				 "0.9896\n"
				 "  alpha (contention)    0.0277285\n"
				 "  beta (coherency)      0.000104365\n"
				 "  gamma (X at load 1)   89.9952\n"
				 "  peak                  load 96.5196, throughput 1883.9\n");
	assert_string_equal(err, "");
	free2(out, err);

	assert_int_equal(cli("capacity usl --format json '" USL_DIR "/specsdm91.csv'", &out, &err),
			 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_near(jnum(root, "alpha"), u.alpha, 1e-14);
	assert_near(jnum(root, "beta"), u.beta, 1e-14);
	assert_near(jnum(root, "gamma"), u.gamma, 1e-14);
	assert_near(jnum(root, "peak_load"), u.peak_load, 1e-14);
	assert_near(jnum(root, "peak_throughput"), u.peak_throughput, 1e-14);
	assert_near(jnum(root, "r_squared"), u.r_squared, 1e-14);
	assert_int_equal(json_integer_value(json_object_get(root, "points")), 7);
	json_decref(root);
	free2(out, err);

	/* beta = 0: no peak, and the table says so */
	assert_int_equal(cli("capacity usl '" USL_DIR "/raytracer.csv'", &out, &err), 0);
	assert_non_null(strstr(out, "  beta (coherency)      0\n"));
	assert_non_null(strstr(out, "  peak                  none: beta = 0, throughput keeps "
				    "rising toward gamma / alpha = 378.199\n"));
	free2(out, err);
	assert_int_equal(cli("capacity usl '" USL_DIR "/raytracer.csv' --format=json", &out, &err),
			 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_true(jnum(root, "beta") == 0);
	assert_true(jnum(root, "peak_load") == 0);
	assert_true(jnum(root, "peak_throughput") == 0);
	json_decref(root);
	free2(out, err);
}

static void test_cli_usl_errors(void **state)
{
	char *out, *err;
	(void)state;
	/* a bad value: file:line:column, one line, exit 2 */
	assert_int_equal(
		cli("capacity usl '" USL_DIR "/invalid/not_a_number/load.csv'", &out, &err), 2);
	assert_string_equal(err,
			    "infra-cost: error: " USL_DIR "/invalid/not_a_number/load.csv:3:3: "
			    "throughput: 'abc' is not a number\n");
	assert_string_equal(out, "");
	free2(out, err);
	/* too few points */
	assert_int_equal(cli("capacity usl '" USL_DIR "/invalid/two_points/load.csv'", &out, &err),
			 2);
	assert_non_null(strstr(err, "needs at least 3 load-test points (got 2)\n"));
	free2(out, err);
	/* a CSV syntax error */
	assert_int_equal(
		cli("capacity usl '" USL_DIR "/invalid/unterminated_quote/load.csv'", &out, &err),
		2);
	free2(out, err);
	/* points the USL cannot fit: 2 */
	assert_int_equal(cli("capacity usl '" USL_DIR "/invalid/no_fit/load.csv'", &out, &err), 2);
	assert_string_equal(err, "infra-cost: error: " USL_DIR "/invalid/no_fit/load.csv: the "
				 "USL fit did not converge for these 3 points (they do not "
				 "determine alpha, beta and gamma)\n");
	free2(out, err);
	/* not readable: 5 */
	assert_int_equal(cli("capacity usl /nonexistent/points.csv", &out, &err), 5);
	assert_non_null(strstr(err, "infra-cost: error: /nonexistent/points.csv: cannot open"));
	free2(out, err);
	/* usage: 1 */
	assert_int_equal(cli("capacity usl", &out, &err), 1);
	free2(out, err);
	assert_int_equal(cli("capacity usl a.csv b.csv", &out, &err), 1);
	free2(out, err);
	assert_int_equal(cli("capacity usl a.csv --format yaml", &out, &err), 1);
	free2(out, err);
	assert_int_equal(cli("capacity usl a.csv --quantile 3", &out, &err), 1);
	free2(out, err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_synthetic), cmocka_unit_test(test_order_and_repeats),
		cmocka_unit_test(test_noisy),           cmocka_unit_test(test_raytracer),
		cmocka_unit_test(test_specsdm91),       cmocka_unit_test(test_r_usl_coef),
		cmocka_unit_test(test_amdahl),          cmocka_unit_test(test_bounds_exact),
		cmocka_unit_test(test_synthetic_file),  cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_invalid_files),   cmocka_unit_test(test_reader),
		cmocka_unit_test(test_out_of_memory),   cmocka_unit_test(test_cli_usl),
		cmocka_unit_test(test_cli_usl_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
