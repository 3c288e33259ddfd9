/* test_cli.c - end-to-end: the real infra-cost binary on the examples and on
 * bad input, checking stdout, the one-line stderr and the exit status. */
#include "helpers.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define EX SOURCE_DIR "/examples/"

/* Run `infra-cost ARGS`; returns the exit status. */
static int cli(const char *args, char **out, char **err)
{
	char cmd[4096];
	/* INFRACOST_CLI_WRAPPER runs the binary under a checker (valgrind). */
	const char *wrap = getenv("INFRACOST_CLI_WRAPPER");
	snprintf(cmd, sizeof(cmd), "%s '%s' %s", wrap ? wrap : "", CLI_PATH, args);
	return run_command(cmd, out, err);
}

/* stderr holds exactly one line. */
static void one_line(const char *err)
{
	size_t len = strlen(err);
	assert_true(len > 0);
	assert_true(err[len - 1] == '\n');
	assert_null(memchr(err, '\n', len - 1));
}

static void test_estimate_table(void **state)
{
	char *out, *err;
	(void)state;
	assert_int_equal(cli("estimate " EX "webshop.json", &out, &err), 0);
	assert_non_null(strstr(out, "Environment dev (us-east-1, 260 h/month)"));
	assert_non_null(strstr(out, "Environment staging"));
	assert_non_null(strstr(out, "Environment prod"));
	assert_non_null(strstr(out, "Summary"));
	assert_non_null(strstr(out, "ENVIRONMENT"));
	assert_string_equal(err, "");
	free(out);
	free(err);
	assert_int_equal(cli("estimate " EX "starter.json --format markdown", &out, &err), 0);
	assert_non_null(strstr(out, "## Summary"));
	free(out);
	free(err);
}

static void test_estimate_json_matches_library(void **state)
{
	char *out, *err;
	json_t *root;
	json_error_t jerr;
	infracost_catalog *cat = catalog_default();
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	(void)state;
	assert_int_equal(cli("estimate " EX "webshop.json --format json", &out, &err), 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(infracost_spec_load_file(&spec, EX "webshop.json"), 0);
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
	assert_int_equal(json_array_size(json_object_get(root, "environments")),
			 infracost_estimate_environment_count(est));
	for (size_t e = 0; e < infracost_estimate_environment_count(est); e++) {
		json_t *env = json_array_get(json_object_get(root, "environments"), e);
		const infracost_env_result *r = infracost_estimate_environment(est, e);
		assert_string_equal(json_string_value(json_object_get(env, "name")), r->name);
		assert_money(json_number_value(
				     json_object_get(json_object_get(env, "monthly"), "expected")),
			     r->monthly.expected);
		assert_money(
			json_number_value(json_object_get(json_object_get(env, "monthly"), "max")),
			r->monthly.max);
	}
	assert_money(
		json_number_value(json_object_get(
			json_object_get(json_object_get(root, "total"), "monthly"), "expected")),
		infracost_estimate_total(est).expected);
	json_decref(root);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	infracost_catalog_free(cat);
	free(out);
	free(err);
}

static void test_env_filter_and_output(void **state)
{
	char *out, *err, cmd[1024];
	const char *path = temp_file("out.csv", "");
	FILE *f;
	char line[512];
	int rows = 0;
	(void)state;
	assert_int_equal(
		cli("estimate " EX "webshop.json --env prod --env=dev --format json", &out, &err),
		0);
	assert_non_null(strstr(out, "\"name\": \"dev\""));
	assert_non_null(strstr(out, "\"name\": \"prod\""));
	assert_null(strstr(out, "\"name\": \"staging\""));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "estimate " EX "webshop.json --format csv -o %s", path);
	assert_int_equal(cli(cmd, &out, &err), 0);
	assert_string_equal(out, "");
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		rows++;
	fclose(f);
	assert_true(rows > 20);
	free(out);
	free(err);
}

static void test_usage_errors(void **state)
{
	static const char *const cases[] = {
		"",
		"frobnicate",
		"estimate",
		"estimate " EX "webshop.json --format yaml",
		"estimate " EX "webshop.json --bogus",
		"estimate " EX "webshop.json " EX "starter.json",
		"estimate " EX "webshop.json --env qa",
		"estimate " EX "webshop.json --catalog",
		"pricing",
		"pricing lookup aws ec2",
		"simulate",
		"simulate " EX "webshop.json --samples 0",
		"simulate " EX "webshop.json --samples 12x",
		"simulate " EX "webshop.json --threads 0",
		"simulate " EX "webshop.json --interruption-rate 2",
		"simulate " EX "webshop.json --format csv",
		"simulate " EX "webshop.json --env qa",
		"recommend",
		"recommend " EX "webshop.json --spot-risk-budget 1.5",
		"recommend " EX "webshop.json --format csv",
		"recommend " EX "webshop.json --bogus",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out, *err;
		int rc = cli(cases[i], &out, &err);
		if (rc != 1) {
			print_error("'%s' exited %d, expected 1\n", cases[i], rc);
			fail();
		}
		free(out);
		free(err);
	}
	{
		char *out, *err;
		assert_int_equal(cli("estimate " EX "webshop.json --env qa", &out, &err), 1);
		one_line(err);
		assert_non_null(strstr(err, "--env qa"));
		assert_non_null(strstr(err, "dev, staging, prod"));
		free(out);
		free(err);
	}
}

static void test_invalid_spec_exit_2(void **state)
{
	char *out, *err, cmd[1024];
	const char *bad = temp_file(
		"bad.json",
		"{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
		" { \"name\": \"a\", \"type\": \"nat_gateway\" },"
		" { \"name\": \"b\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 1,"
		"   \"replicas\": { \"min\": 4, \"max\": 2 } } ] }");
	const char *broken = temp_file(
		"broken.json", "{\n  \"services\": [\n    { \"name\": \"a\" ,, }\n  ]\n}\n");
	(void)state;
	snprintf(cmd, sizeof(cmd), "estimate %s", bad);
	assert_int_equal(cli(cmd, &out, &err), 2);
	one_line(err);
	assert_non_null(
		strstr(err, "bad.json:1:195: services[1].replicas.max: must be >= min (4), got 2"));
	assert_string_equal(out, "");
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "estimate %s", broken);
	assert_int_equal(cli(cmd, &out, &err), 2);
	one_line(err);
	assert_non_null(strstr(err, "broken.json:3:20: malformed JSON"));
	free(out);
	free(err);
	assert_int_equal(cli("estimate /nonexistent/spec.json", &out, &err), 5);
	one_line(err);
	assert_non_null(strstr(err, "/nonexistent/spec.json: cannot open"));
	free(out);
	free(err);
}

static void test_price_not_found_exit_3(void **state)
{
	char *out, *err, cmd[1024];
	const char *spec = temp_file(
		"typo.json",
		"{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
		" { \"name\": \"app\", \"type\": \"vm\", \"instance_type\": \"m5.larg\" } ] }");
	(void)state;
	snprintf(cmd, sizeof(cmd), "estimate %s", spec);
	assert_int_equal(cli(cmd, &out, &err), 3);
	one_line(err);
	assert_non_null(strstr(err, "typo.json:1:107: services[0].instance_type: price not found: "
				    "aws/ec2/us-east-1/m5.larg/on_demand/hour"));
	assert_non_null(strstr(err, "aws/ec2/us-east-1/m5.large/on_demand/hour"));
	assert_string_equal(out, "");
	free(out);
	free(err);
	/* Without any catalog nothing has a price: an error, never a zero. */
	assert_int_equal(cli("estimate " EX "starter.json --no-default-catalog", &out, &err), 3);
	one_line(err);
	assert_non_null(strstr(err, "the catalog is empty"));
	free(out);
	free(err);
}

static void test_catalog_layering_and_errors(void **state)
{
	char *out, *err, cmd[1024];
	const char *book = temp_file(
		"mine.csv",
		"# negotiated price\nprovider,service,region,sku,purchase,unit,price,source\n"
		"aws,elb,us-east-1,alb,on_demand,hour,0.01,contract 2026\n");
	const char *bad = temp_file("bad.csv", "provider,service,region,sku,purchase,unit,price\n"
					       "aws,elb,us-east-1,alb,on_demand,hour,cheap\n");
	(void)state;
	snprintf(cmd, sizeof(cmd), "estimate " EX "starter.json --format csv --catalog %s", book);
	assert_int_equal(cli(cmd, &out, &err), 0);
	/* prod alb hours: 730 x 0.01 from the layered book */
	assert_non_null(strstr(out, "prod,alb,load_balancer,hours,on_demand,aws,elb,us-east-1,alb,"
				    "hour,730.0,0.01,7.3,"));
	assert_non_null(strstr(out, "contract 2026"));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "estimate " EX "starter.json --catalog %s", bad);
	assert_int_equal(cli(cmd, &out, &err), 4);
	one_line(err);
	assert_non_null(strstr(err, "bad.csv:2:38: price: not a number: 'cheap'"));
	free(out);
	free(err);
	assert_int_equal(cli("estimate " EX "starter.json --catalog /nonexistent.csv", &out, &err),
			 5);
	one_line(err);
	free(out);
	free(err);
}

static void test_help_version(void **state)
{
	char *out, *err;
	(void)state;
	assert_int_equal(cli("--help", &out, &err), 0);
	assert_non_null(strstr(out, "estimate"));
	free(out);
	free(err);
	assert_int_equal(cli("estimate --help", &out, &err), 0);
	assert_non_null(strstr(out, "--no-default-catalog"));
	free(out);
	free(err);
	assert_int_equal(cli("--version", &out, &err), 0);
	assert_non_null(strstr(out, INFRACOST_VERSION));
	free(out);
	free(err);
}

static void test_pricing_lookup(void **state)
{
	char *out, *err;
	json_t *root;
	json_error_t jerr;
	(void)state;
	assert_int_equal(cli("pricing lookup aws ec2 us-east-1 m5.large", &out, &err), 0);
	assert_non_null(strstr(out, "aws/ec2/us-east-1/m5.large/on_demand/hour"));
	assert_non_null(strstr(out, "0.096 USD per hour"));
	assert_non_null(strstr(out, "size: 2 vCPU, 8 GB memory"));
	free(out);
	free(err);
	assert_int_equal(cli("pricing lookup aws ec2 us-east-1 m5.large --purchase "
			     "reserved_1yr_partial_upfront --format json",
			     &out, &err),
			 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_money(json_number_value(json_object_get(json_array_get(root, 0), "upfront")), 252);
	assert_money(json_number_value(json_object_get(json_array_get(root, 0), "price")), 0.029);
	json_decref(root);
	free(out);
	free(err);
	{
		/* an interruption rate is shown as one, not as a price */
		char args[512];
		const char *book = temp_file(
			"rates.csv", "provider,service,region,sku,purchase,unit,price,source\n"
				     "aws,ec2,us-east-1,m5.large,spot_interruption,share,0.1,"
				     "our logs\n");
		snprintf(args, sizeof(args),
			 "pricing lookup aws ec2 us-east-1 m5.large --purchase spot_interruption "
			 "--unit share --catalog '%s'",
			 book);
		assert_int_equal(cli(args, &out, &err), 0);
		assert_non_null(strstr(out, "interrupted: 10% of spot hours"));
		assert_null(strstr(out, "USD per share"));
		free(out);
		free(err);
	}
	assert_int_equal(cli("pricing lookup aws s3 us-east-1 standard", &out, &err), 0);
	assert_non_null(strstr(out, "from 0"));
	assert_non_null(strstr(out, "from 51200"));
	free(out);
	free(err);
	assert_int_equal(cli("pricing lookup aws ec2 us-east-1 m5.larg", &out, &err), 3);
	one_line(err);
	assert_non_null(strstr(err, "closest: aws/ec2/us-east-1/m5.large/on_demand/hour"));
	free(out);
	free(err);
}

/* simulate: the same seed gives the same months on 1 or 2 threads; a
 * price that is missing is exit 3. */
static void test_simulate(void **state)
{
	char *out, *err, *out2, *err2;
	json_t *root;
	json_error_t jerr;
	const char *path = temp_file("sim.json", "");
	char args[1024];
	(void)state;
	snprintf(args, sizeof(args),
		 "simulate " EX "webshop.json --samples 2000 --seed 5 --threads 1 --format json "
		 "-o '%s'",
		 path);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_string_equal(out, "");
	free(out);
	free(err);
	assert_int_equal(cli("simulate " EX "webshop.json --samples 2000 --seed 5 --threads 2 "
			     "--format json",
			     &out2, &err2),
			 0);
	snprintf(args, sizeof(args), "cat '%s'", path);
	assert_int_equal(run_command(args, &out, &err), 0);
	free(err);
	assert_string_equal(out, out2);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "samples")), 2000);
	assert_true(json_number_value(json_object_get(json_object_get(root, "total"), "p99")) >=
		    json_number_value(json_object_get(json_object_get(root, "total"), "p50")));
	json_decref(root);
	free(out);
	free(out2);
	free(err2);
	assert_int_equal(cli("simulate " EX "webshop.json --samples 300 --env prod", &out, &err),
			 0);
	assert_non_null(strstr(out, "300 simulated months (seed 1)"));
	assert_non_null(strstr(out, "\nprod "));
	assert_null(strstr(out, "\ndev "));
	free(out);
	free(err);
	assert_int_equal(cli("simulate " EX "webshop.json --no-default-catalog", &out, &err), 3);
	one_line(err);
	assert_non_null(strstr(err, "price not found"));
	free(out);
	free(err);
}

/* recommend: JSON a list of {environment, service, current, recommended,
 * monthly_before, monthly_after, upfront}, never costing more than now. */
static void test_recommend(void **state)
{
	char *out, *err;
	json_t *root;
	json_error_t jerr;
	(void)state;
	assert_int_equal(cli("recommend " EX "webshop.json --format json --spot-risk-budget 0.05",
			     &out, &err),
			 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_true(json_array_size(root) > 5);
	for (size_t i = 0; i < json_array_size(root); i++) {
		json_t *a = json_array_get(root, i);
		assert_non_null(json_string_value(json_object_get(a, "environment")));
		assert_non_null(json_string_value(json_object_get(a, "service")));
		assert_non_null(json_object_get(a, "current"));
		assert_non_null(json_object_get(a, "recommended"));
		assert_non_null(json_object_get(a, "upfront"));
		assert_true(json_number_value(json_object_get(a, "monthly_after")) <=
			    json_number_value(json_object_get(a, "monthly_before")) + 1e-9);
	}
	json_decref(root);
	free(out);
	free(err);
	assert_int_equal(cli("recommend " EX "webshop.json --env prod", &out, &err), 0);
	assert_non_null(strstr(out, "prod/search (vm)"));
	assert_non_null(strstr(out, "pays off above"));
	assert_null(strstr(out, "dev/"));
	free(out);
	free(err);
}

/* --output writes through to a FIFO, a device and a symlink's target, and
 * replaces only a regular file, keeping its mode. */
static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void test_output_targets(void **state)
{
	char dir[] = "/tmp/infracost-output-XXXXXX", path[256], link[256], cmd[1024];
	char *out, *err, *expected;
	struct stat st;
	pid_t child;
	int status;
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(cli("estimate " EX "starter.json", &expected, &err), 0);
	free(err);

	/* A FIFO read by a child: the child gets the output, the FIFO stays. */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	snprintf(link, sizeof(link), "%s/from-fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		FILE *in = fopen(path, "rb"), *copy = fopen(link, "wb");
		char buf[4096];
		size_t n;
		if (!in || !copy)
			_exit(1);
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			fwrite(buf, 1, n, copy);
		_exit(fclose(copy) == 0 ? 0 : 1);
	}
	snprintf(cmd, sizeof(cmd), "estimate " EX "starter.json -o %s", path);
	assert_int_equal(cli(cmd, &out, &err), 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
	/* A FIFO replaced by a file would leave the child waiting: 5 s at most. */
	for (int i = 0; i < 500 && waitpid(child, &status, WNOHANG) == 0; i++)
		usleep(10000);
	if (kill(child, 0) == 0) {
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		fail_msg("the reader of the FIFO got no output");
	}
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(file_size(link), (long)strlen(expected));

	/* A symlink: the link stays a link, its target gets the output. */
	snprintf(path, sizeof(path), "%s/target.txt", dir);
	snprintf(link, sizeof(link), "%s/link.txt", dir);
	{
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fclose(f);
	}
	assert_int_equal(symlink("target.txt", link), 0);
	snprintf(cmd, sizeof(cmd), "estimate " EX "starter.json -o %s", link);
	assert_int_equal(cli(cmd, &out, &err), 0);
	free(out);
	free(err);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(file_size(path), (long)strlen(expected));

	/* A 0600 file keeps its mode; a new file gets 0666 less the umask. */
	assert_int_equal(chmod(path, 0600), 0);
	snprintf(cmd, sizeof(cmd), "estimate " EX "webshop.json -o %s", path);
	assert_int_equal(cli(cmd, &out, &err), 0);
	free(out);
	free(err);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_true(st.st_size > (off_t)strlen(expected));
	{
		mode_t mask = umask(022);
		snprintf(path, sizeof(path), "%s/new.txt", dir);
		snprintf(cmd, sizeof(cmd), "estimate " EX "starter.json -o %s", path);
		assert_int_equal(cli(cmd, &out, &err), 0);
		umask(mask);
		free(out);
		free(err);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0644);
	}

	/* /dev/full: an error naming it, exit 5, and still a character device. */
	if (stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode)) {
		assert_int_equal(cli("estimate " EX "starter.json -o /dev/full", &out, &err), 5);
		assert_non_null(strstr(err, "/dev/full: write failed: No space left on device"));
		one_line(err);
		free(out);
		free(err);
		assert_int_equal(stat("/dev/full", &st), 0);
		assert_true(S_ISCHR(st.st_mode));
	}
	/* No temporary file is left behind. */
	snprintf(cmd, sizeof(cmd), "ls -A %s | grep -c tmp-", dir);
	assert_int_equal(run_command(cmd, &out, &err), 1);
	assert_string_equal(out, "0\n");
	free(out);
	free(err);
	free(expected);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(run_command(cmd, &out, &err), 0);
	free(out);
	free(err);
}

/* An input that never ends (/dev/zero) as SPEC, as --catalog and as a page
 * to import: one line naming it and the limit, exit 5, memory bounded. */
static void test_endless_inputs(void **state)
{
	static const char *const cases[] = {
		"estimate /dev/zero",
		"estimate " EX "starter.json --catalog /dev/zero",
		"pricing import /dev/zero --format azure --quiet --store /tmp/zero.db",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out, *err;
		assert_int_equal(cli(cases[i], &out, &err), 5);
		one_line(err);
		assert_non_null(strstr(err, "/dev/zero: more than 256 MiB (the limit for "));
		free(out);
		free(err);
	}
	unlink("/tmp/zero.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate_table),
		cmocka_unit_test(test_estimate_json_matches_library),
		cmocka_unit_test(test_env_filter_and_output),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_invalid_spec_exit_2),
		cmocka_unit_test(test_price_not_found_exit_3),
		cmocka_unit_test(test_catalog_layering_and_errors),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_pricing_lookup),
		cmocka_unit_test(test_simulate),
		cmocka_unit_test(test_recommend),
		cmocka_unit_test(test_output_targets),
		cmocka_unit_test(test_endless_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
