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

/* stderr holds only error lines ("infra-cost: error: ..."): how many. */
static size_t error_lines(const char *err)
{
	size_t n = 0;
	for (const char *p = err; *p; n++) {
		const char *nl = strchr(p, '\n');
		assert_ptr_equal(strstr(p, "infra-cost: error: "), p);
		assert_non_null(nl);
		p = nl + 1;
	}
	return n;
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

/* Budgets: --check exits 9 naming each budget exceeded, its limit, the
 * value and the excess; without it they are warnings and the exit is 0. */
static void test_estimate_check_budgets(void **state)
{
	char *out, *err, args[600];
	const char *over = temp_file(
		"over.json",
		"{ \"provider\": \"aws\", \"region\": \"us-east-1\","
		" \"environments\": { \"dev\": {}, \"prod\": {} },"
		" \"budgets\": { \"prod\": 50, \"total\": { \"expected\": 1000, \"max\": 60 } },"
		" \"services\": [ { \"name\": \"a\", \"type\": \"vm\", \"instance_type\": "
		"\"m5.large\", \"replicas\": 1 } ] }");
	(void)state;
	snprintf(args, sizeof(args), "estimate '%s' --check", over);
	assert_int_equal(cli(args, &out, &err), 9);
	/* m5.large 730 h x 0.096 = 70.08 a month in each environment */
	assert_string_equal(err, "infra-cost: error: budget 'prod' exceeded: expected monthly "
				 "cost 70.08 USD, limit 50.00, excess 20.08\n"
				 "infra-cost: error: budget 'total' exceeded: max monthly cost "
				 "140.16 USD, limit 60.00, excess 80.16\n"
				 "infra-cost: error: 2 budgets exceeded (--check)\n");
	assert_non_null(strstr(out, "\nBudgets\n"));
	assert_non_null(strstr(out, "EXCEEDED"));
	free(out);
	free(err);
	/* without --check: warnings, exit 0 */
	snprintf(args, sizeof(args), "estimate '%s' --format markdown", over);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(err, "infra-cost: warning: budget 'prod' exceeded"));
	assert_non_null(strstr(out, "## Budgets"));
	free(out);
	free(err);
	/* within budget with --check: 0 */
	snprintf(args, sizeof(args), "estimate '%s' --check --env dev", over);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
}

/* diff OLD NEW: specs or estimate JSON files; an identical pair is empty
 * (exit 0); --check exits 9 on NEW's budgets. */
static void test_diff(void **state)
{
	char *out, *err, args[1024];
	const char *tight = temp_file(
		"tight.json",
		"{ \"name\": \"tight\", \"provider\": \"aws\", \"region\": \"us-east-1\","
		" \"environments\": { \"dev\": {}, \"prod\": {} }, \"budgets\": { \"prod\": 50 },"
		" \"services\": [ { \"name\": \"a\", \"type\": \"vm\", \"instance_type\": "
		"\"m5.large\", \"replicas\": 1 } ] }");
	(void)state;
	assert_int_equal(cli("diff " EX "webshop.json " EX "webshop.json", &out, &err), 0);
	assert_string_equal(out, "webshop -> webshop: no cost changes (expected 2,923.47 USD a "
				 "month)\n");
	assert_string_equal(err, "");
	free(out);
	free(err);
	/* a spec against an estimate file made from it: empty too */
	assert_int_equal(cli("diff " SOURCE_DIR "/tests/data/diff/webshop.estimate.json " EX
			     "webshop.json --format json",
			     &out, &err),
			 0);
	assert_non_null(strstr(out, "\"changed\": false"));
	free(out);
	free(err);
	assert_int_equal(cli("diff " EX "webshop.json " SOURCE_DIR
			     "/tests/data/diff/webshop-v2.json --format markdown",
			     &out, &err),
			 0);
	assert_non_null(strstr(out, "### Cost diff: webshop → webshop\n"));
	assert_non_null(strstr(out, "| **Total** | 2,923.47 | 3,055.05 | +131.58 | +4.5% |\n"));
	assert_non_null(strstr(out, "<details><summary>"));
	assert_string_equal(err, "");
	free(out);
	free(err);
	snprintf(args, sizeof(args), "diff " EX "starter.json '%s' --check", tight);
	assert_int_equal(cli(args, &out, &err), 9);
	assert_non_null(strstr(out, "+ a (added)"));
	assert_string_equal(err, "infra-cost: error: budget 'prod' exceeded: expected monthly "
				 "cost 70.08 USD, limit 50.00, excess 20.08\n"
				 "infra-cost: error: 1 budget exceeded (--check)\n");
	free(out);
	free(err);
	/* html: estimate, simulate and diff; not recommend */
	assert_int_equal(cli("estimate " EX "starter.json --format html", &out, &err), 0);
	assert_true(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	free(out);
	free(err);
	assert_int_equal(cli("simulate " EX "starter.json --samples 100 --format html", &out, &err),
			 0);
	assert_true(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(out, "Simulated p50"));
	free(out);
	free(err);
	assert_int_equal(
		cli("diff " EX "starter.json " EX "webshop.json --format html", &out, &err), 0);
	assert_non_null(strstr(out, "<title>starter \xE2\x86\x92 webshop: cost diff</title>"));
	free(out);
	free(err);
	assert_int_equal(cli("recommend " EX "starter.json --format html", &out, &err), 1);
	assert_non_null(strstr(err, "recommend: unknown format 'html' (table, json)"));
	free(out);
	free(err);
	assert_int_equal(cli("diff " EX "webshop.json --format csv", &out, &err), 1);
	free(out);
	free(err);
	assert_int_equal(cli("diff " EX "webshop.json " EX "webshop.json --format csv", &out, &err),
			 1);
	assert_non_null(strstr(err, "diff: unknown format 'csv' (table, json, markdown, html)"));
	free(out);
	free(err);
}

/* diff of two Terraform plans: told from specs by their content, converted
 * with the usage file and priced on one catalog, as the golden files of
 * test_diff have it; ENV=PLAN names the environment; --old-terraform and
 * --new-terraform give a side several environments. */
static void test_diff_terraform(void **state)
{
	char *out, *err, *want;
	const char *golden[][2] = {{"", "plan.diff.txt"}, {" --format markdown", "plan.diff.md"}};
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char args[1024], path[512];
		snprintf(args, sizeof(args),
			 "diff " EX "terraform/plan.json " SOURCE_DIR
			 "/tests/data/diff/plan-v2.json --usage " EX "terraform/usage.json%s",
			 golden[i][0]);
		assert_int_equal(cli(args, &out, &err), 0);
		snprintf(path, sizeof(path), SOURCE_DIR "/tests/data/diff/%s", golden[i][1]);
		want = test_read_file(path, NULL);
		assert_non_null(want);
		assert_string_equal(out, want);
		/* the usage of a resource NEW no longer has */
		assert_string_equal(err, "infra-cost: warning: " EX "terraform/usage.json: "
					 "resources.aws_efs_file_system.shared matches no priced "
					 "resource\n");
		free(want);
		free(out);
		free(err);
	}
	/* a plan against itself: empty */
	assert_int_equal(cli("diff prod=" EX "terraform/plan.json prod=" EX
			     "terraform/plan.json --usage " EX "terraform/usage.json --check",
			     &out, &err),
			 0);
	assert_string_equal(out, "plan -> plan: no cost changes (expected 899.11 USD a month)\n");
	free(out);
	free(err);
	/* several environments a side: dev the same, prod changed */
	assert_int_equal(cli("diff --old-terraform dev=" EX "terraform/plan.json --old-terraform "
			     "prod=" EX "terraform/plan.json --new-terraform dev=" EX
			     "terraform/plan.json --new-terraform prod=" SOURCE_DIR
			     "/tests/data/diff/plan-v2.json --usage " EX
			     "terraform/usage.json --format json",
			     &out, &err),
			 0);
	assert_non_null(strstr(out, "\"environments\": [\n    { \"name\": \"prod\", "
				    "\"status\": \"changed\""));
	assert_null(strstr(out, "\"name\": \"dev\""));
	free(out);
	free(err);
	/* a plan against a spec, the plan the NEW side */
	assert_int_equal(cli("diff " EX "starter.json --new-terraform " EX "terraform/plan.json",
			     &out, &err),
			 0);
	assert_non_null(strstr(out, "starter -> plan: monthly cost diff"));
	free(out);
	free(err);
	/* usage errors */
	assert_int_equal(cli("diff " EX "starter.json " EX "starter.json --usage " EX
			     "terraform/usage.json",
			     &out, &err),
			 1);
	assert_non_null(strstr(err, "diff: --usage and --default-region go with Terraform plans "
				    "(neither OLD nor NEW is one)"));
	free(out);
	free(err);
	assert_int_equal(cli("diff --old-terraform " EX "terraform/plan.json " EX "starter.json " EX
			     "starter.json",
			     &out, &err),
			 1);
	assert_non_null(strstr(err, "diff: more than two inputs"));
	free(out);
	free(err);
	assert_int_equal(cli("diff --new-terraform " EX "terraform/plan.json", &out, &err), 1);
	assert_non_null(strstr(err, "diff: expected OLD and NEW (specs, Terraform plans or "
				    "estimate JSON files)"));
	free(out);
	free(err);
	/* ENV= before a file that is not a plan: the converter says so */
	assert_int_equal(cli("diff dev=" EX "starter.json " EX "starter.json", &out, &err), 2);
	assert_non_null(strstr(err, "not a Terraform plan"));
	free(out);
	free(err);
}

/* Budgets in the usage file of a Terraform plan: estimate --terraform
 * --check and diff of two plans --check (NEW's: the usage file's) fail the
 * build with 9, naming the budget, its limit, the value and the excess; a
 * bad budget is reported at its place in the usage file. */
static void test_terraform_budgets(void **state)
{
	char *out, *err, *usage, args[2048], want[1024];
	const char *over, *within, *bad;
	char *text = test_read_file(EX "terraform/usage.json", NULL);
	(void)state;
	assert_non_null(text);
	/* examples/terraform/usage.json with budgets: the plan's 899.11 a month
	 * (max 1,120.15); plan-v2's 1,145.69 */
	usage = malloc(strlen(text) + 200);
	assert_non_null(usage);
	sprintf(usage, "{ \"budgets\": { \"default\": 850, \"total\": { \"max\": 1100 } },%s",
		strchr(text, '{') + 1);
	over = temp_file("over-usage.json", usage);
	sprintf(usage, "{ \"budgets\": { \"default\": 1000 },%s", strchr(text, '{') + 1);
	within = temp_file("within-usage.json", usage);
	bad = temp_file("bad-usage.yaml", "resources: {}\nbudgets:\n  prod: 100\n");

	snprintf(args, sizeof(args),
		 "estimate --terraform " EX "terraform/plan.json --usage '%s' --check", over);
	assert_int_equal(cli(args, &out, &err), 9);
	assert_string_equal(err, "infra-cost: error: budget 'default' exceeded: expected monthly "
				 "cost 899.11 USD, limit 850.00, excess 49.11\n"
				 "infra-cost: error: budget 'total' exceeded: max monthly cost "
				 "1,120.15 USD, limit 1,100.00, excess 20.15\n"
				 "infra-cost: error: 2 budgets exceeded (--check)\n");
	assert_non_null(strstr(out, "\nBudgets\n"));
	free(out);
	free(err);
	snprintf(args, sizeof(args),
		 "estimate --terraform " EX "terraform/plan.json --usage '%s' --check", within);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
	/* diff: OLD (899.11) is within 1,000, NEW (1,145.69) is not */
	snprintf(args, sizeof(args),
		 "diff " EX "terraform/plan.json " SOURCE_DIR
		 "/tests/data/diff/plan-v2.json --usage "
		 "'%s' --check",
		 within);
	assert_int_equal(cli(args, &out, &err), 9);
	assert_non_null(strstr(err, "infra-cost: error: budget 'default' exceeded: expected "
				    "monthly cost 1,145.69 USD, limit 1,000.00, excess 145.69\n"
				    "infra-cost: error: 1 budget exceeded (--check)\n"));
	free(out);
	free(err);
	/* the other way round: NEW within */
	snprintf(args, sizeof(args),
		 "diff " SOURCE_DIR "/tests/data/diff/plan-v2.json " EX
		 "terraform/plan.json --usage "
		 "'%s' --check",
		 within);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_null(strstr(err, "error"));
	free(out);
	free(err);
	/* a budget of an environment the plans do not have: the usage file's place */
	snprintf(args, sizeof(args),
		 "estimate --terraform " EX "terraform/plan.json --usage '%s' --check", bad);
	assert_int_equal(cli(args, &out, &err), 2);
	one_line(err);
	snprintf(want, sizeof(want),
		 "infra-cost: error: %s:3:9: budgets.prod: no environment 'prod' to budget", bad);
	assert_ptr_equal(strstr(err, want), err);
	free(out);
	free(err);
	snprintf(args, sizeof(args),
		 "estimate --terraform prod=" EX "terraform/plan.json --usage '%s'", bad);
	assert_int_equal(cli(args, &out, &err), 0);
	free(out);
	free(err);
	free(usage);
	free(text);
}

/* A usage value the spec refuses is reported at the usage file's place
 * (JSON and YAML), with the usage path and the service it went to. */
static void test_terraform_usage_places(void **state)
{
	char *out, *err, args[1024], want[1024];
	const char *files[][3] = {
		{"lcu.json", "{\"resources\": {\"aws_lb.web\": {\"lcu\": \"two\"}}}", ":1:38:"},
		{"lcu.yaml", "resources:\n  aws_lb.web: {lcu: two}\n", ":2:21:"},
	};
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		const char *usage = temp_file(files[i][0], files[i][1]);
		snprintf(args, sizeof(args),
			 "estimate --terraform " EX "terraform/plan.json --usage '%s'", usage);
		assert_int_equal(cli(args, &out, &err), 2);
		snprintf(want, sizeof(want),
			 "infra-cost: error: %s%s resources.aws_lb.web.lcu: expected a number, got "
			 "a "
			 "string (for service aws_lb.web)\n",
			 usage, files[i][2]);
		assert_string_equal(err, want);
		assert_string_equal(out, "");
		free(out);
		free(err);
		/* convert terraform refuses it too (exit 2), at the same place */
		snprintf(args, sizeof(args),
			 "convert terraform " EX "terraform/plan.json --usage '%s'", usage);
		assert_int_equal(cli(args, &out, &err), 2);
		assert_string_equal(err, want);
		free(out);
		free(err);
	}
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
		" { \"name\": \"b\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2,"
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
	/* (every one of its prices, one line each) */
	assert_int_equal(cli("estimate " EX "starter.json --no-default-catalog", &out, &err), 3);
	assert_true(error_lines(err) > 1);
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
	assert_true(error_lines(err) > 1);
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

/* ---- Help texts, option tables and did-you-mean (issue 9, part 15) ---- */

/* A list of distinct strings (caller frees with words_free). */
struct words {
	char **v;
	size_t n, cap;
};

static int words_has(const struct words *w, const char *s)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i], s) == 0)
			return 1;
	return 0;
}

static void words_add(struct words *w, const char *s, size_t len)
{
	char *copy = strndup(s, len);
	assert_non_null(copy);
	if (words_has(w, copy)) {
		free(copy);
		return;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 32;
		w->v = realloc(w->v, w->cap * sizeof(*w->v));
		assert_non_null(w->v);
	}
	w->v[w->n++] = copy;
}

static void words_free(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Every option named in text: "--name" or "-x" after a space, a bracket,
 * a comma, a quote, a backquote or a bar, and not followed by a word character. */
static void options_in(struct words *w, const char *text)
{
	for (const char *p = text; *p; p++) {
		const char *q;
		if (*p != '-' || (p > text && !strchr(" \t\n[(,|'`", p[-1])))
			continue;
		if (p[1] == '-' && p[2] >= 'a' && p[2] <= 'z') {
			for (q = p + 2; word_char(*q); q++)
				;
			if (q[-1] != '-')
				words_add(w, p, (size_t)(q - p));
			p = q - 1;
		} else if (p[1] >= 'a' && p[1] <= 'z' && !word_char(p[2])) {
			words_add(w, p, 2);
			p++;
		}
	}
}

/* text names option opt as a token (not as the start of a longer one). */
static int names_option(const char *text, const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = strstr(text, opt); p; p = strstr(p + 1, opt))
		if ((p == text || !word_char(p[-1])) && !word_char(p[n]))
			return 1;
	return 0;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* The section of docs/cli.md under heading (to the next heading of its
 * level or above). */
static char *docs_section(const char *docs, const char *heading)
{
	const char *start = strstr(docs, heading), *end;
	size_t level = strspn(heading, "#");
	assert_non_null(start);
	for (end = strchr(start, '\n'); end; end = strchr(end + 1, '\n')) {
		size_t l = strspn(end + 1, "#");
		if (l && l <= level && end[1 + l] == ' ')
			break;
	}
	return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* The commands with options, and where docs/cli.md describes them. */
static const struct {
	const char *path, *docs;
} commands_with_options[] = {
	{"", "# infra-cost: the command line"},
	{"estimate", "## estimate"},
	{"diff", "## diff"},
	{"simulate", "## simulate"},
	{"recommend", "## recommend"},
	{"pricing lookup", "## pricing lookup"},
	{"pricing fetch", "### pricing fetch"},
	{"pricing import", "### pricing import"},
	{"pricing list", "### pricing list"},
	{"pricing sources", "### pricing sources"},
	{"pricing diff", "### pricing diff"},
	{"capacity erlang", "## capacity"},
	{"capacity size", "## capacity"},
	{"capacity usl", "## capacity"},
	{"convert terraform", "## convert terraform"},
	{"convert kubernetes", "## convert kubernetes"},
};

/* Run infra-cost directly (not under the checker: hundreds of runs). */
static int cli_direct(const char *args, char **out, char **err)
{
	char cmd[4096];
	snprintf(cmd, sizeof(cmd), "INFRA_COST_STORE=/nonexistent/x.db '%s' %s", CLI_PATH, args);
	return run_command(cmd, out, err);
}

/* For every command: an option its parser accepts is in its --help, and
 * an option its --help names is accepted. The options tried are all those
 * of every help text and of docs/cli.md, given alone (a valued option then
 * stops at "needs a value", before anything runs). */
static void test_help_lists_every_option(void **state)
{
	struct words all = {0};
	char *docs = read_text(SOURCE_DIR "/docs/cli.md");
	size_t nc = sizeof(commands_with_options) / sizeof(commands_with_options[0]);
	struct words *helps = calloc(nc, sizeof(*helps));
	int failures = 0;
	(void)state;
	assert_non_null(helps);
	options_in(&all, docs);
	words_add(&all, "--verbose", 9); /* one that no command has */
	for (size_t c = 0; c < nc; c++) {
		char args[256], *out, *err;
		snprintf(args, sizeof(args), "%s --help", commands_with_options[c].path);
		assert_int_equal(cli_direct(args, &out, &err), 0);
		assert_string_equal(err, "");
		options_in(&helps[c], out);
		options_in(&all, out);
		free(out);
		free(err);
	}
	for (size_t c = 0; c < nc; c++) {
		const char *path = commands_with_options[c].path;
		char *section = docs_section(docs, commands_with_options[c].docs);
		assert_true(helps[c].n > 0);
		for (size_t i = 0; i < all.n; i++) {
			char args[256], unknown[128], *out, *err;
			int accepted, listed = words_has(&helps[c], all.v[i]);
			snprintf(args, sizeof(args), "%s %s", path, all.v[i]);
			cli_direct(args, &out, &err);
			snprintf(unknown, sizeof(unknown), "unknown option '%s'", all.v[i]);
			accepted = strstr(err, unknown) == NULL;
			if (accepted != listed && ++failures)
				print_error("infra-cost %s: the parser %s %s but --help %s it (%s)",
					    path, accepted ? "accepts" : "refuses", all.v[i],
					    listed ? "lists" : "does not list", err);
			/* and docs/cli.md describes it where the command is */
			if (listed && !names_option(section, all.v[i]) && ++failures)
				print_error("docs/cli.md, %s: %s of 'infra-cost %s --help' is not "
					    "there\n",
					    commands_with_options[c].docs, all.v[i], path);
			free(out);
			free(err);
		}
		free(section);
	}
	assert_int_equal(failures, 0);
	for (size_t c = 0; c < nc; c++)
		words_free(&helps[c]);
	free(helps);
	words_free(&all);
	free(docs);
}

/* A line of text starts (after spaces) with word and a space. */
static int lists_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *line = text; line; line = strchr(line, '\n')) {
		line += *line == '\n';
		line += strspn(line, " ");
		if (strncmp(line, word, n) == 0 && line[n] == ' ')
			return 1;
	}
	return 0;
}

/* Every subcommand a parent dispatches is listed in the parent's help, and
 * every one listed is dispatched; a name of another level is refused. */
static void test_help_lists_every_subcommand(void **state)
{
	static const char *const top[] = {"estimate",  "diff",     "pricing", "simulate",
					  "recommend", "capacity", "convert", NULL};
	static const char *const pricing[] = {"lookup",  "fetch", "import", "list",
					      "sources", "diff",  NULL};
	static const char *const capacity[] = {"erlang", "size", "usl", NULL};
	static const char *const convert[] = {"kubernetes", NULL};
	static const struct {
		const char *parent;
		const char *const *subs;
	} parents[] = {
		{"", top}, {"pricing", pricing}, {"capacity", capacity}, {"convert", convert}};
	size_t np = sizeof(parents) / sizeof(parents[0]);
	(void)state;
	for (size_t p = 0; p < np; p++) {
		char args[256], *help, *out, *err;
		snprintf(args, sizeof(args), "%s --help", parents[p].parent);
		assert_int_equal(cli_direct(args, &help, &err), 0);
		free(err);
		/* every name of every level, tried under this parent */
		for (size_t q = 0; q < np; q++)
			for (const char *const *s = parents[q].subs; *s; s++) {
				int own = q == p, rc;
				/* a name of both levels ("diff": the designs' at the top,
				 * the store's under pricing) is this level's too */
				for (const char *const *o = parents[p].subs; *o && !own; o++)
					own = strcmp(*o, *s) == 0;
				snprintf(args, sizeof(args), "%s %s --help", parents[p].parent, *s);
				rc = cli_direct(args, &out, &err);
				if (own && (rc != 0 || !lists_word(help, *s)))
					fail_msg(
						"infra-cost %s --help: '%s' (status %d) not listed "
						"or not dispatched",
						parents[p].parent, *s, rc);
				if (!own && (rc != 1 || !strstr(err, "unknown")))
					fail_msg("infra-cost %s %s: expected an unknown "
						 "(sub)command, got status %d: %s",
						 parents[p].parent, *s, rc, err);
				free(out);
				free(err);
			}
		free(help);
	}
}

/* Unknown commands, subcommands and options: a usage error (status 1, one
 * line) naming the nearest known one; nothing suggested when none is near. */
static void test_did_you_mean(void **state)
{
	static const struct {
		const char *args, *message;
	} cases[] = {
		{"estimat x.json", "unknown command 'estimat'; did you mean 'estimate'?"},
		{"simulat", "unknown command 'simulat'; did you mean 'simulate'?"},
		{"--verison", "unknown option '--verison'; did you mean '--version'?"},
		{"estimate x.json --ouput y",
		 "estimate: unknown option '--ouput'; did you mean '--output'?"},
		{"estimate x.json --ouput=y",
		 "estimate: unknown option '--ouput=y'; did you mean '--output'?"},
		{"estimate x.json --stor y",
		 "estimate: unknown option '--stor'; did you mean '--store'?"},
		{"simulate x.json --sample 5",
		 "simulate: unknown option '--sample'; did you mean '--samples'?"},
		{"recommend x.json --spot-risk-budge 0.1",
		 "recommend: unknown option '--spot-risk-budge'; did you mean "
		 "'--spot-risk-budget'?"},
		{"pricing lokup aws ec2 us-east-1 m5.large",
		 "pricing: unknown subcommand 'lokup' (lookup, fetch, import, list, sources, "
		 "diff, compile); "
		 "did you mean 'lookup'?"},
		{"pricing lookup aws ec2 us-east-1 m5.large --purchace spot",
		 "pricing lookup: unknown option '--purchace'; did you mean '--purchase'?"},
		{"pricing fetch aws --regoin us-east-1",
		 "pricing fetch: unknown option '--regoin'; did you mean '--region'?"},
		{"pricing list --sku m5.large --provder aws",
		 "pricing list: unknown option '--provder'; did you mean '--provider'?"},
		{"capacity erlnag", "capacity: unknown subcommand 'erlnag' (erlang, size, usl); "
				    "did you mean 'erlang'?"},
		{"capacity size --arival-rate 1",
		 "capacity size: unknown option '--arival-rate'; did you mean '--arrival-rate'?"},
		/* nothing near: no suggestion */
		{"frobnicate", "unknown command 'frobnicate' (see"},
		{"estimate x.json -x", "estimate: unknown option '-x' (see"},
		/* an option of another subcommand is not one of this one */
		{"pricing list --endpoint http://127.0.0.1:1",
		 "pricing list: unknown option '--endpoint' (see"},
		{"capacity size --servers 3", "capacity size: unknown option '--servers' (see"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out, *err, expected[512];
		int rc = cli(cases[i].args, &out, &err);
		snprintf(expected, sizeof(expected), "infra-cost: usage error: %s",
			 cases[i].message);
		if (rc != 1 || strncmp(err, expected, strlen(expected)) != 0)
			fail_msg("infra-cost %s: status %d, stderr %s(expected %s)", cases[i].args,
				 rc, err, expected);
		one_line(err);
		assert_string_equal(out, "");
		free(out);
		free(err);
	}
}

/* The public helper behind the suggestions. */
static void test_suggest(void **state)
{
	static const char *const names[] = {"--output", "--env", "-o", "--store", "--format"};
	(void)state;
	assert_string_equal(infracost_suggest("--ouput", names, 5), "--output");
	assert_string_equal(infracost_suggest("--fromat", names, 5), "--format");
	assert_string_equal(infracost_suggest("--stroe", names, 5), "--store");
	assert_null(infracost_suggest("-x", names, 5)); /* one edit, but half of "-o" */
	assert_null(infracost_suggest("--verbose", names, 5));
	assert_null(infracost_suggest(NULL, names, 5));
	assert_null(infracost_suggest("--env", NULL, 0));
	assert_string_equal(infracost_suggest("--env", names, 5), "--env");
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

/* ---- issue 9: huge amounts and inert output ----------------------------- */

/* No control character but the line feeds of the output itself: no C0,
 * DEL, or C1 (U+0080..U+009F as UTF-8). */
static void assert_inert(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7F ||
		    (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0)) {
			print_error("raw control character 0x%02x at %zu in:\n%s\n", *p,
				    (size_t)(p - (const unsigned char *)text), text);
			fail();
		}
	}
}

static const char *HUGE_BOOK = "provider,service,region,sku,purchase,unit,price,upfront,source\n"
			       "aws,ec2,r1,m.large,on_demand,hour,0.1,,test\n"
			       "aws,ec2,r1,m.large,reserved_1yr_all_upfront,hour,0,1e308,test\n";

#define HUGE_SPEC(replicas, count)                                                                 \
	"{ \"name\": \"u\", \"provider\": \"aws\", \"region\": \"r1\", \"services\": [\n"          \
	" { \"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m.large\", "                 \
	"\"replicas\": " replicas ", \"purchase\": { \"reserved\": { \"count\": " count            \
	", \"term\": \"1yr\","                                                                     \
	" \"payment\": \"all_upfront\" } } } ] }\n"

/* The reproducers of issue 9 through the CLI: every command and format
 * stays within its buffers and prints valid JSON, or refuses with exit 2
 * and one line naming the place. */
static void test_huge_amounts(void **state)
{
	static const char *const ok_commands[] = {"estimate",
						  "estimate --format json",
						  "estimate --format csv",
						  "estimate --format markdown",
						  "simulate --samples 200",
						  "simulate --samples 200 --format json",
						  "recommend",
						  "recommend --format json"};
	const char *book = temp_file("book.csv", HUGE_BOOK);
	const char *one = temp_file("one.json", HUGE_SPEC("1", "1"));
	const char *two = temp_file("two.json", HUGE_SPEC("2", "2"));
	const char *custom = temp_file(
		"custom.json",
		"{ \"name\": \"c\", \"provider\": \"aws\", \"region\": \"r1\","
		" \"services\": [ { \"name\": \"x\", \"type\": \"custom\", \"items\":"
		" [ { \"name\": \"i\", \"quantity\": 1e27, \"unit\": \"unit\","
		" \"unit_price\": 1 } ] } ] }");
	char args[2048], *out, *err;
	(void)state;
	for (size_t i = 0; i < sizeof(ok_commands) / sizeof(ok_commands[0]); i++) {
		snprintf(args, sizeof(args), "%s '%s' --no-default-catalog --catalog '%s'",
			 ok_commands[i], one, book);
		assert_int_equal(cli(args, &out, &err), 0);
		assert_null(strstr(out, "nan"));
		assert_null(strstr(out, "inf"));
		if (strstr(ok_commands[i], "json")) {
			json_error_t jerr;
			json_t *root = json_loads(out, 0, &jerr);
			assert_non_null(root);
			json_decref(root);
		}
		free(out);
		free(err);
	}
	snprintf(args, sizeof(args), "estimate '%s'", custom);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(out, "1.000000e+27"));
	free(out);
	free(err);
	/* 2 x 1e308 upfront: refused, exit 2, one line: spec place and book line
	 * (recommend drops that reservation: its advice stays finite) */
	for (int i = 0; i < 2; i++) {
		static const char *const cmds[] = {"estimate", "simulate"};
		snprintf(args, sizeof(args), "%s '%s' --no-default-catalog --catalog '%s'", cmds[i],
			 two, book);
		assert_int_equal(cli(args, &out, &err), 2);
		assert_string_equal(out, "");
		one_line(err);
		assert_non_null(strstr(err, "two.json:2:"));
		assert_non_null(strstr(err, "services[0].instance_type: amount out of range"));
		assert_non_null(strstr(err, "book.csv:3"));
		free(out);
		free(err);
	}
	/* 3 replicas x 730 h x 1e305: recommend refuses too */
	{
		const char *book3 = temp_file(
			"book3.csv", "provider,service,region,sku,purchase,unit,price,source\n"
				     "aws,ec2,r1,m.large,on_demand,hour,1e305,test\n");
		const char *three = temp_file(
			"three.json",
			"{ \"name\": \"u\", \"provider\": \"aws\", \"region\": "
			"\"r1\", \"services\": [\n { \"name\": \"web\", \"type\": "
			"\"vm\", \"instance_type\": \"m.large\", \"replicas\": 3 } ] }");
		snprintf(args, sizeof(args), "recommend '%s' --no-default-catalog --catalog '%s'",
			 three, book3);
		assert_int_equal(cli(args, &out, &err), 2);
		one_line(err);
		assert_non_null(strstr(err, "three.json:2:"));
		assert_non_null(strstr(err, "amount out of range: the cost of service 'web'"));
		free(out);
		free(err);
	}
}

/* Names with a newline, ESC, DEL, a tab and C1 never reach the terminal
 * raw, nor forge a table line; errors quote them escaped. */
static void test_control_characters_inert(void **state)
{
	static const char *const formats[] = {"table", "markdown", "csv", "json"};
	const char *spec = temp_file(
		"ctl.json",
		"{ \"name\": \"t\\u001b[1m\", \"provider\": \"aws\", \"region\": \"us-east-1\","
		" \"environments\": { \"p\\nr\\u007fod\\t|\": {} }, \"services\": ["
		" { \"name\": \"web\\n  forged  0.00\\u001b[31m\\u009b|x\", \"type\": \"vm\","
		" \"instance_type\": \"m5.large\" } ] }");
	const char *bad = temp_file("bad.json", "{ \"name\": \"t\", \"servic\\u001b]0;x\\u0007es\""
						": [] }");
	char args[1024], *out, *err;
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		snprintf(args, sizeof(args), "estimate '%s' --format %s", spec, formats[i]);
		assert_int_equal(cli(args, &out, &err), 0);
		if (i < 3)
			assert_inert(out);
		else /* JSON: C0 and DEL escaped by JSON rules, C1 may stay UTF-8 */
			for (const char *p = out; *p; p++)
				assert_false(((unsigned char)*p < 0x20 && *p != '\n') ||
					     *p == 0x7F);
		if (i == 0)
			assert_non_null(
				strstr(out, "  web\\n  forged  0.00\\x1b[31m\\u009b|x  vm"));
		if (i == 1)
			assert_non_null(
				strstr(out, "| web\\\\n  forged  0.00\\\\x1b[31m\\\\u009b\\|x |"));
		if (i == 2)
			assert_non_null(strstr(out, "\np\\nr\\x7fod\\t|,web\\n  forged  0.00"));
		free(out);
		free(err);
	}
	snprintf(args, sizeof(args), "simulate '%s' --samples 100", spec);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_inert(out);
	assert_non_null(strstr(out, "\np\\nr\\x7fod\\t| "));
	free(out);
	free(err);
	snprintf(args, sizeof(args), "recommend '%s'", spec);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_inert(out);
	assert_non_null(strstr(out, "p\\nr\\x7fod\\t|/web\\n  forged"));
	free(out);
	free(err);
	/* errors: the library's message and a usage error */
	snprintf(args, sizeof(args), "estimate '%s'", bad);
	assert_int_equal(cli(args, &out, &err), 2);
	one_line(err);
	assert_inert(err);
	assert_non_null(strstr(err, "servic\\x1b]0;x\\x07es"));
	free(out);
	free(err);
	assert_int_equal(cli("estimate \"$(printf 'x\\033[2J\\n')\"", &out, &err), 5);
	one_line(err);
	assert_inert(err);
	free(out);
	free(err);
	assert_int_equal(cli("pricing list --bogus\"$(printf '\\033[2J\\nx')\"", &out, &err), 1);
	one_line(err);
	assert_inert(err);
	assert_non_null(strstr(err, "--bogus\\x1b[2J"));
	free(out);
	free(err);
}

/* Remote feed data kept in the store: an Azure page whose SKU and region
 * carry ESC, DEL, a newline and C1 (tests/data/feeds/azure/control-chars*),
 * imported twice into a real store, then listed, diffed and shown. */
static void test_store_feed_data_inert(void **state)
{
	const char *store = temp_file("prices.db", "");
	const char *az = SOURCE_DIR "/tests/data/feeds/azure/";
	const char *book = temp_file("ctl.csv",
				     "provider,service,region,sku,purchase,unit,price,source\n"
				     "aws,ec2,r1,m\x1b[2J,on_demand,hour,0.1,src\x07\xc2\x9b\n");
	static const char *const views[] = {"list", "list --format csv", "sources",
					    "diff 'azure/Virtual Machines/'"};
	char args[2048], *out, *err;
	json_error_t jerr;
	json_t *root;
	(void)state;
	remove(store); /* a fresh store at that path */
	snprintf(
		args, sizeof(args),
		"pricing import '%scontrol-chars.json' --format azure --store '%s' --quiet && '%s' "
		"pricing import '%scontrol-chars-v2.json' --format azure --store '%s' --quiet",
		az, store, CLI_PATH, az, store);
	assert_int_equal(cli(args, &out, &err), 0);
	free(out);
	free(err);
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		snprintf(args, sizeof(args), "pricing %s --store '%s'", views[i], store);
		assert_int_equal(cli(args, &out, &err), 0);
		assert_inert(out);
		assert_string_equal(err, "");
		if (i != 2)
			assert_non_null(strstr(out, "east\\nus\\u009b"));
		if (i == 0)
			assert_non_null(strstr(out, "Standard_D2s\\x1b[2J_v3\\x7f "));
		if (i == 3)
			assert_non_null(strstr(
				out, "changed  vm/east\\nus\\u009b/Standard_D2s\\x1b[2J_v3\\x7f/"
				     "on_demand/hour  0.096 -> 0.1"));
		free(out);
		free(err);
	}
	/* JSON: C0 and DEL escaped by JSON rules, the exact text read back */
	snprintf(args, sizeof(args), "pricing list --store '%s' --format json", store);
	assert_int_equal(cli(args, &out, &err), 0);
	for (const char *p = out; *p; p++)
		assert_false(((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7F);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(json_array_get(root, 0), "sku")),
			    "Standard_D2s\x1b[2J_v3\x7f");
	json_decref(root);
	free(out);
	free(err);
	/* a price book's fields in pricing lookup, and in its miss */
	snprintf(args, sizeof(args),
		 "pricing lookup aws ec2 r1 \"$(printf 'm\\033[2J')\" --no-default-catalog "
		 "--catalog '%s'",
		 book);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_inert(out);
	assert_non_null(strstr(out, "aws/ec2/r1/m\\x1b[2J/on_demand/hour"));
	assert_non_null(strstr(out, "source: src\\x07\\u009b"));
	free(out);
	free(err);
	snprintf(args, sizeof(args),
		 "pricing lookup aws ec2 r1 \"$(printf 'm\\033[3J')\" --no-default-catalog "
		 "--catalog '%s'",
		 book);
	assert_int_equal(cli(args, &out, &err), 3);
	one_line(err);
	assert_inert(err);
	assert_non_null(strstr(err, "aws/ec2/r1/m\\x1b[3J/on_demand"));
	free(out);
	free(err);
}

/* ---- The snapshot loaded for the spec (only its places' books) ---------- */

/* The CLI looks the compiled snapshot up for what a spec prices: every
 * example's estimate, in every format, is byte for byte the library's
 * against the books of its places read as CSV; recommend too. */
static void test_snapshot_for_spec_same_estimate(void **state)
{
	static const char *const examples[] = {"webshop.json", "starter.json", "capacity.json"};
	static const char *const formats[] = {"table", "json", "csv", "markdown"};
	static const infracost_region_ref places[] = {{"aws", "us-east-1"}, {"aws", "eu-west-1"}};
	infracost_catalog *cat = NULL;
	(void)state;

	assert_int_equal(infracost_catalog_new(&cat), 0);
	assert_int_equal(
		infracost_catalog_load_dir_for(cat, infracost_default_data_dir(), places, 2), 0);
	for (size_t x = 0; x < sizeof(examples) / sizeof(examples[0]); x++) {
		char path[1024], args[1200];
		infracost_spec *spec = NULL;
		infracost_estimate *est = NULL;
		infracost_recommendation *rec = NULL;
		char *out, *err, *want;
		size_t len;
		snprintf(path, sizeof(path), EX "%s", examples[x]);
		assert_int_equal(infracost_spec_load_file(&spec, path), 0);
		assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
		for (int f = 0; f < 4; f++) {
			snprintf(args, sizeof(args), "estimate '%s' --format %s", path, formats[f]);
			assert_int_equal(cli(args, &out, &err), 0);
			assert_int_equal(
				infracost_estimate_render(&want, &len, est, (infracost_format)f),
				0);
			if (strlen(out) != len || memcmp(out, want, len) != 0)
				fail_msg("estimate %s --format %s differs from the books'",
					 examples[x], formats[f]);
			assert_string_equal(err, "");
			infracost_free(want);
			free(out);
			free(err);
		}
		assert_int_equal(infracost_recommend(&rec, spec, cat, NULL), 0);
		assert_int_equal(
			infracost_recommendation_render(&want, &len, rec, INFRACOST_FORMAT_JSON),
			0);
		snprintf(args, sizeof(args), "recommend '%s' --format json", path);
		assert_int_equal(cli(args, &out, &err), 0);
		if (strlen(out) != len || memcmp(out, want, len) != 0)
			fail_msg("recommend %s differs from the books'", examples[x]);
		infracost_free(want);
		free(out);
		free(err);
		infracost_recommendation_free(rec);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
	infracost_catalog_free(cat);
}

/* A mistyped region has no book: every book of the provider is loaded, so
 * the miss still names the closest keys of the right region. */
static void test_snapshot_for_spec_mistyped_region(void **state)
{
	const char *spec = temp_file("typo.json",
				     "{\"provider\": \"aws\", \"region\": \"us-east1\",\n"
				     " \"services\": [{\"name\": \"web\", \"type\": \"vm\", "
				     "\"instance_type\": \"m5.large\"}]}\n");
	char args[1200];
	char *out, *err;
	(void)state;

	snprintf(args, sizeof(args), "estimate '%s'", spec);
	assert_int_equal(cli(args, &out, &err), 3);
	one_line(err);
	assert_non_null(strstr(err, "price not found: aws/ec2/us-east1/m5.large/on_demand/hour"));
	assert_non_null(strstr(err, "closest: aws/ec2/us-east-1/m5.large/on_demand/hour"));
	free(out);
	free(err);
	assert_int_equal(cli("pricing lookup aws ec2 us-east1 m5.large", &out, &err), 3);
	one_line(err);
	assert_non_null(strstr(err, "closest: aws/ec2/us-east-1/m5.large/on_demand/hour"));
	free(out);
	free(err);
	/* an unknown provider: every book, closest keys from all of them */
	assert_int_equal(cli("pricing lookup aws2 ec2 us-east-1 m5.large", &out, &err), 3);
	assert_non_null(strstr(err, "closest: aws/ec2/us-east-1/m5.large/on_demand/hour"));
	free(out);
	free(err);
}

/* Books of other places are not even read: a broken book of another region
 * in the snapshot directory does not stop an estimate or a look-up, while a
 * needed one does; --no-default-catalog, --catalog and --store layer as
 * before. */
static void test_snapshot_for_spec_reads_only_needed_books(void **state)
{
	char dir[] = "/tmp/infracost-cli-snap-XXXXXX";
	char path[1200], args[2600];
	const char *old = getenv("INFRA_COST_DATA");
	char *saved = old ? strdup(old) : NULL;
	const char *spec = temp_file("eu.json",
				     "{\"provider\": \"aws\", \"region\": \"eu-west-1\",\n"
				     " \"services\": [{\"name\": \"web\", \"type\": \"vm\", "
				     "\"instance_type\": \"m5.large\"}]}\n");
	const char *mine = temp_file("mine.csv", "provider,service,region,sku,purchase,unit,price\n"
						 "aws,ec2,eu-west-1,m5.large,on_demand,hour,0.5\n");
	char *out, *err;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/aws-eu-west-1.csv", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("provider,service,region,sku,purchase,unit,price,vcpu,memory_gb\n"
	      "aws,ec2,eu-west-1,m5.large,on_demand,hour,0.107,2,8\n",
	      f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/aws-us-east-1.csv", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("not a price book\n", f);
	fclose(f);
	setenv("INFRA_COST_DATA", dir, 1);

	snprintf(args, sizeof(args), "estimate '%s' --format csv", spec);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(out, "0.107"));
	assert_string_equal(err, "");
	free(out);
	free(err);
	assert_int_equal(cli("pricing lookup aws ec2 eu-west-1 m5.large", &out, &err), 0);
	assert_non_null(strstr(out, "0.107 USD per hour"));
	free(out);
	free(err);
	/* the broken book is read when needed: exit 4, its name in the error */
	assert_int_equal(cli("pricing lookup aws ec2 us-east-1 m5.large", &out, &err), 4);
	one_line(err);
	assert_non_null(strstr(err, "aws-us-east-1.csv"));
	free(out);
	free(err);
	/* layering unchanged: --catalog over the snapshot's book */
	snprintf(args, sizeof(args), "estimate '%s' --format csv --catalog '%s'", spec, mine);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(out, "0.5"));
	assert_null(strstr(out, "0.107"));
	free(out);
	free(err);
	snprintf(args, sizeof(args), "estimate '%s' --no-default-catalog", spec);
	assert_int_equal(cli(args, &out, &err), 3);
	assert_non_null(strstr(err, "the catalog is empty"));
	free(out);
	free(err);

	if (saved) {
		setenv("INFRA_COST_DATA", saved, 1);
		free(saved);
	} else {
		unsetenv("INFRA_COST_DATA");
	}
	snprintf(path, sizeof(path), "%s/aws-eu-west-1.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/aws-us-east-1.csv", dir);
	unlink(path);
	rmdir(dir);
}

/* pricing list --shipped: the snapshot's rows (INFRA_COST_DATA) through the
 * filters and the store's printer, with source, date and age (today from
 * INFRA_COST_TODAY); an effective row's upfront unknown; the CSV a book
 * that reads back; pricing lookup shows the age too. */
static void test_pricing_list_shipped(void **state)
{
	char dir[] = "/tmp/infracost-cli-shipped-XXXXXX";
	char path[1200];
	const char *old = getenv("INFRA_COST_DATA");
	char *saved = old ? strdup(old) : NULL;
	char *out, *err;
	json_t *root;
	json_error_t jerr;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/aws-r1.csv", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("provider,service,region,sku,purchase,unit,price,upfront,effective_date,source,"
	      "effective\n"
	      "aws,ec2,r1,m.large,on_demand,hour,0.1,,2024-01-01,src-a,\n"
	      "aws,ec2,r1,m.large,reserved_1yr_partial_upfront,hour,0.07,,,,1\n"
	      "aws,ec2,r1,m.large,reserved_1yr_all_upfront,hour,0,500,2025-12-31,src-b,0\n",
	      f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/aws-r2.csv", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("provider,service,region,sku,purchase,unit,price,effective_date,source\n"
	      "aws,ec2,r2,m.large,on_demand,hour,0.2,2026-01-02,src-c\n"
	      "aws,ec2,r2,c.large,on_demand,hour,0.3,2026-01-02,src-c\n",
	      f);
	fclose(f);
	setenv("INFRA_COST_DATA", dir, 1);
	setenv("INFRA_COST_TODAY", "2026-01-01", 1);

	/* table: one line a row, date and age, source; the provider and region's book */
	assert_int_equal(cli("pricing list --shipped --provider aws --region r1", &out, &err), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, " 0.1  2024-01-01, 731 days (2.0 years) old  src-a\n"));
	assert_non_null(strstr(out, " 0.07  effective rate, upfront unknown  undated (age unknown)"
				    "  (source not given)\n"));
	assert_non_null(strstr(out, "  upfront 500  2025-12-31, 1 day old  src-b\n"));
	assert_null(strstr(out, " r2 "));
	free(out);
	free(err);

	/* filters over the whole snapshot; a date after today */
	assert_int_equal(
		cli("pricing list --shipped --sku m.large --purchase on_demand", &out, &err), 0);
	assert_non_null(strstr(out, " r1 "));
	assert_non_null(strstr(out, "2026-01-02, 1 day in the future  src-c\n"));
	assert_null(strstr(out, "c.large"));
	free(out);
	free(err);

	/* JSON: age_days, effective, an unknown upfront as null */
	assert_int_equal(cli("pricing list --shipped --region r1 --format json", &out, &err), 0);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_array_size(root), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(root, 0), "age_days")),
			 731);
	assert_true(json_is_false(json_object_get(json_array_get(root, 0), "effective")));
	assert_true(json_is_null(json_object_get(json_array_get(root, 1), "age_days")));
	assert_true(json_is_null(json_object_get(json_array_get(root, 1), "upfront")));
	assert_true(json_is_true(json_object_get(json_array_get(root, 1), "effective")));
	json_decref(root);
	free(out);
	free(err);

	/* CSV: a price book that reads back with its effective row */
	assert_int_equal(cli("pricing list --shipped --region r1 --format csv", &out, &err), 0);
	assert_non_null(strstr(out, ",effective_date,source,effective\n"));
	assert_non_null(strstr(out, ",reserved_1yr_partial_upfront,hour,0.07,,0,,,,,1\n"));
	{
		infracost_catalog *c = catalog_from(out);
		const infracost_price *p;
		size_t n;
		assert_int_equal(infracost_catalog_count(c), 3);
		assert_int_equal(infracost_catalog_lookup(&p, &n, c, "aws", "ec2", "r1", "m.large",
							  "reserved_1yr_partial_upfront", NULL),
				 0);
		assert_int_equal(p->effective, 1);
		infracost_catalog_free(c);
	}
	free(out);
	free(err);

	/* --shipped lists no store */
	assert_int_equal(cli("pricing list --shipped --store /tmp/x.db", &out, &err), 1);
	one_line(err);
	assert_non_null(strstr(err, "--shipped"));
	free(out);
	free(err);

	/* pricing lookup: the date and age, the effective rate */
	assert_int_equal(cli("pricing lookup aws ec2 r1 m.large", &out, &err), 0);
	assert_non_null(strstr(out, "  effective: 2024-01-01, 731 days (2.0 years) old\n"));
	free(out);
	free(err);
	assert_int_equal(cli("pricing lookup aws ec2 r1 m.large --purchase "
			     "reserved_1yr_partial_upfront",
			     &out, &err),
			 0);
	assert_non_null(strstr(out, "0.07 USD per hour (effective rate: recurring plus upfront "
				    "spread over the term), upfront unknown\n"));
	assert_non_null(strstr(out, "  effective: undated (age unknown)\n"));
	free(out);
	free(err);
	assert_int_equal(cli("pricing lookup aws ec2 r1 m.large --purchase "
			     "reserved_1yr_partial_upfront --format json",
			     &out, &err),
			 0);
	assert_non_null(strstr(out, "\"upfront\": null"));
	assert_non_null(strstr(out, "\"age_days\": null, \"effective\": true }"));
	free(out);
	free(err);

	/* The same books compiled (pricing compile): every listing and look-up
	 * the same, byte for byte, from the snapshot */
	{
		static const char *const runs[] = {
			"pricing list --shipped --provider aws --region r1",
			"pricing list --shipped --sku m.large --purchase on_demand",
			"pricing list --shipped --region r1 --format json",
			"pricing list --shipped --format csv",
			"pricing lookup aws ec2 r1 m.large --purchase reserved_1yr_partial_upfront",
		};
		char args[1400], db[1200];
		snprintf(db, sizeof(db), "%s/compiled.db", dir);
		snprintf(args, sizeof(args), "pricing compile '%s' '%s'", db, dir);
		assert_int_equal(cli(args, &out, &err), 0);
		assert_string_equal(out, "");
		assert_string_equal(err, "");
		free(out);
		free(err);
		for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
			char *out2, *err2;
			int rc = cli(runs[i], &out, &err), rc2;
			setenv("INFRA_COST_SNAPSHOT", db, 1);
			rc2 = cli(runs[i], &out2, &err2);
			unsetenv("INFRA_COST_SNAPSHOT");
			if (rc != rc2 || strcmp(out, out2) != 0 || strcmp(err, err2) != 0)
				fail_msg("%s: books %d\n%s%s\nsnapshot %d\n%s%s", runs[i], rc, out,
					 err, rc2, out2, err2);
			free(out);
			free(err);
			free(out2);
			free(err2);
		}
		/* a miss: the closest keys of the whole snapshot, not only of the
		 * books of the place asked for */
		setenv("INFRA_COST_SNAPSHOT", db, 1);
		assert_int_equal(cli("pricing lookup aws ec2 r2 m.lage", &out, &err), 3);
		unsetenv("INFRA_COST_SNAPSHOT");
		assert_non_null(strstr(err, "closest: aws/ec2/r2/m.large/on_demand/hour, "
					    "aws/ec2/r2/c.large/on_demand/hour, "
					    "aws/ec2/r1/m.large/on_demand/hour\n"));
		free(out);
		free(err);
		unlink(db);
	}

	unsetenv("INFRA_COST_TODAY");
	if (saved) {
		setenv("INFRA_COST_DATA", saved, 1);
		free(saved);
	} else {
		unsetenv("INFRA_COST_DATA");
	}
	snprintf(path, sizeof(path), "%s/aws-r1.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/aws-r2.csv", dir);
	unlink(path);
	rmdir(dir);
}

/* Every missing price in one run (formats.md section 5): a spec moved to a
 * region where the catalog has some rows lists each missing key once, one
 * line each at the value that chose it, exit 3; recommend and simulate too. */
static void test_every_missing_price_in_one_run(void **state)
{
	char *out, *err, cmd[2048];
	const char *book = temp_file(
		"partial.csv",
		"provider,service,region,sku,purchase,unit,price,vcpu,memory_gb\n"
		"aws,ec2,r1,m.large,on_demand,hour,0.1,2,8\n"
		"aws,ec2,r2,m.large,on_demand,hour,0.1,2,8\n"
		"aws,ebs,r1,gp3,on_demand,gb_month,0.08,,\n"
		"aws,rds,r1,postgresql:db.s:single_az,on_demand,hour,0.02,,\n"
		"aws,rds,r1,postgresql:storage:gp3:single_az,on_demand,gb_month,0.1,,\n"
		"aws,rds,r2,postgresql:db.s:single_az,on_demand,hour,0.02,,\n");
	const char *spec = temp_file(
		"moved.json",
		"{ \"provider\": \"aws\", \"region\": \"r2\", \"services\": [\n"
		" { \"name\": \"a\", \"type\": \"vm\", \"instance_type\": \"m.large\", "
		"\"disk_gb\": 8 },\n"
		" { \"name\": \"b\", \"type\": \"vm\", \"instance_type\": \"m.large\", "
		"\"disk_gb\": 8 },\n"
		" { \"name\": \"db\", \"type\": \"database\", \"engine\": \"postgresql\",\n"
		"   \"instance_type\": \"db.s\", \"storage_gb\": 5, \"storage_type\": \"gp3\" } ] "
		"}\n");
	(void)state;
	snprintf(cmd, sizeof(cmd), "estimate %s --no-default-catalog --catalog %s", spec, book);
	assert_int_equal(cli(cmd, &out, &err), 3);
	assert_string_equal(out, "");
	/* b's disk is the same key as a's: one line */
	assert_int_equal(error_lines(err), 2);
	assert_non_null(strstr(err, "infra-cost: error: "));
	assert_non_null(strstr(err, "moved.json:1:32: region: price not found: "
				    "aws/ebs/r2/gp3/on_demand/gb_month "));
	assert_non_null(strstr(err, "the catalog has no aws/ebs rows in r2, only in: r1; closest: "
				    "aws/ebs/r1/gp3/on_demand/gb_month, "));
	assert_non_null(strstr(err, "\ninfra-cost: error: "));
	assert_non_null(strstr(err,
			       "moved.json:5:62: services[2].storage_type: price not found: "
			       "aws/rds/r2/postgresql:storage:gp3:single_az/on_demand/gb_month "));
	free(out);
	free(err);
	/* recommend and simulate report the same lines */
	snprintf(cmd, sizeof(cmd), "recommend %s --no-default-catalog --catalog %s", spec, book);
	assert_int_equal(cli(cmd, &out, &err), 3);
	assert_int_equal(error_lines(err), 2);
	assert_non_null(strstr(err, "services[2].storage_type: price not found"));
	free(out);
	free(err);
	snprintf(cmd, sizeof(cmd), "simulate %s --no-default-catalog --catalog %s", spec, book);
	assert_int_equal(cli(cmd, &out, &err), 3);
	assert_int_equal(error_lines(err), 2);
	free(out);
	free(err);
}

/* convert kubernetes: the spec of the shipped manifests prices; YAML out;
 * usage errors (1), an invalid manifest (2), an unknown node type (3), a
 * missing file (5). */
static void test_convert_kubernetes(void **state)
{
	static const struct {
		const char *args;
		int status;
		const char *err;
	} bad[] = {
		{"convert kubernetes " SOURCE_DIR "/examples/kubernetes", 1,
		 "give one of --fargate and --node-type TYPE"},
		{"convert kubernetes --fargate", 1, "missing DIR or FILE"},
		{"convert kubernetes x.yaml --fargate --format toml", 1, "expected json or yaml"},
		{"convert kubernetes x.yaml --fargate --job-minutes 0", 1, "--job-minutes"},
		{"convert kubernetes x.yaml --fargat", 1, "did you mean '--fargate'"},
		{"convert kubernets", 1, "did you mean 'kubernetes'"},
		{"convert kubernetes /nonexistent/k.yaml --fargate", 5, "/nonexistent/k.yaml"},
		{"convert kubernetes " SOURCE_DIR
		 "/examples/kubernetes --node-type m9.huge --region "
		 "us-east-1",
		 3, "price not found"},
	};
	char *out, *err, args[1024], spec[256];
	const char *path;
	(void)state;
	snprintf(spec, sizeof(spec), "%s", temp_file("k8s.json", ""));
	snprintf(args, sizeof(args),
		 "convert kubernetes %s/examples/kubernetes --fargate --region us-east-1 "
		 "--env prod -o %s",
		 SOURCE_DIR, spec);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(err, "DaemonSets do not run on Fargate"));
	free(out);
	free(err);
	snprintf(args, sizeof(args), "estimate %s --format json", spec);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(out, "{ \"name\": \"prod\""));
	assert_non_null(strstr(out, "\"name\": \"shop.api\""));
	free(out);
	free(err);
	/* YAML to stdout, estimated from a file */
	snprintf(args, sizeof(args),
		 "convert kubernetes %s/examples/kubernetes --node-type m5.large --region "
		 "us-east-1 --format yaml",
		 SOURCE_DIR);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(out, "\n  - name: nodes\n    type: vm\n"));
	path = temp_file("k8s.yaml", out);
	free(out);
	free(err);
	snprintf(args, sizeof(args), "estimate %s", path);
	assert_int_equal(cli(args, &out, &err), 0);
	assert_non_null(strstr(out, "m5.large"));
	free(out);
	free(err);
	/* an invalid quantity: status 2, its place */
	path = temp_file("bad.yaml", "apiVersion: v1\nkind: PersistentVolumeClaim\n"
				     "metadata: {name: d}\n"
				     "spec: {resources: {requests: {storage: 10GB}}}\n");
	snprintf(args, sizeof(args), "convert kubernetes %s --fargate --region us-east-1", path);
	assert_int_equal(cli(args, &out, &err), 2);
	assert_non_null(strstr(err,
			       "bad.yaml:4:40: spec.resources.requests.storage: "
			       "PersistentVolumeClaim d: '10GB' is not a Kubernetes quantity"));
	one_line(err);
	free(out);
	free(err);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = cli(bad[i].args, &out, &err);
		if (rc != bad[i].status || !strstr(err, bad[i].err))
			fail_msg("infra-cost %s: expected %d and '%s', got %d: %s", bad[i].args,
				 bad[i].status, bad[i].err, rc, err);
		free(out);
		free(err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate_table),
		cmocka_unit_test(test_estimate_check_budgets),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_diff_terraform),
		cmocka_unit_test(test_terraform_budgets),
		cmocka_unit_test(test_terraform_usage_places),
		cmocka_unit_test(test_estimate_json_matches_library),
		cmocka_unit_test(test_env_filter_and_output),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_invalid_spec_exit_2),
		cmocka_unit_test(test_price_not_found_exit_3),
		cmocka_unit_test(test_catalog_layering_and_errors),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_convert_kubernetes),
		cmocka_unit_test(test_pricing_lookup),
		cmocka_unit_test(test_simulate),
		cmocka_unit_test(test_recommend),
		cmocka_unit_test(test_help_lists_every_option),
		cmocka_unit_test(test_help_lists_every_subcommand),
		cmocka_unit_test(test_did_you_mean),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_output_targets),
		cmocka_unit_test(test_endless_inputs),
		cmocka_unit_test(test_huge_amounts),
		cmocka_unit_test(test_control_characters_inert),
		cmocka_unit_test(test_store_feed_data_inert),
		cmocka_unit_test(test_snapshot_for_spec_same_estimate),
		cmocka_unit_test(test_snapshot_for_spec_mistyped_region),
		cmocka_unit_test(test_snapshot_for_spec_reads_only_needed_books),
		cmocka_unit_test(test_every_missing_price_in_one_run),
		cmocka_unit_test(test_pricing_list_shipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
