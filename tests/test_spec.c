/* test_spec.c - the spec loader: every class of bad input with its location
 * (data-driven, tests/data/spec/invalid/<case>/{spec.json,expected.txt}),
 * and the values and defaults it builds from good input. */
#include "helpers.h"

#include <dirent.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "service_type.h"

static char *read_all(const char *path, size_t *len)
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
	if (len)
		*len = (size_t)n;
	return data;
}

static const char *code_name(int code)
{
	switch (code) {
	case INFRACOST_EPARSE: return "EPARSE";
	case INFRACOST_EINVALID: return "EINVALID";
	case INFRACOST_OK: return "OK";
	default: return "OTHER";
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each invalid case is refused with exactly the recorded code and message.
 * INFRACOST_RECORD=1 writes expected.txt files (review them before committing). */
static void test_invalid_cases(void **state)
{
	const char *dir = TEST_DATA_DIR "/spec/invalid";
	int record = getenv("INFRACOST_RECORD") != NULL;
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[256];
	size_t n = 0, failures = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) && n < 256)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	assert_true(n >= 60);
	for (size_t i = 0; i < n; i++) {
		char path[512], got[1200];
		size_t len = 0;
		char *json, *want;
		infracost_spec *spec = NULL;
		int rc;

		snprintf(path, sizeof(path), "%s/%s/spec.json", dir, names[i]);
		json = read_all(path, &len);
		assert_non_null(json);
		rc = infracost_spec_load_string(&spec, json, len, "spec.json");
		snprintf(got, sizeof(got), "%s\n%s\n", code_name(rc),
			 rc ? infracost_error_last()->message : "");
		snprintf(path, sizeof(path), "%s/%s/expected.txt", dir, names[i]);
		if (record) {
			FILE *f = fopen(path, "wb");
			fputs(got, f);
			fclose(f);
		}
		want = read_all(path, NULL);
		if (rc == 0 || !want || strcmp(want, got) != 0) {
			print_error("case %s:\n  expected: %s  got:      %s", names[i],
				    want ? want : "(no expected.txt)\n", got);
			failures++;
		}
		/* A refused spec is never half-returned. */
		assert_null(spec);
		/* Messages are one line. */
		assert_null(strchr(infracost_error_last()->message, '\n'));
		free(want);
		free(json);
		free(names[i]);
	}
	assert_int_equal(failures, 0);
}

static void test_malformed_json_location(void **state)
{
	infracost_spec *spec = NULL;
	const char *json = "{\n  \"name\": \"x\",\n  \"services\": [ }\n}\n";
	const infracost_error *err;
	(void)state;
	assert_int_equal(infracost_spec_load_string(&spec, json, strlen(json), "bad.json"),
			 INFRACOST_EPARSE);
	err = infracost_error_last();
	assert_string_equal(err->source, "bad.json");
	assert_int_equal(err->line, 3);
	assert_int_equal(err->column, 17);
	assert_non_null(strstr(err->message, "bad.json:3:17: malformed JSON"));
}

static void test_path_location(void **state)
{
	const char *msg;
	const infracost_error *err;
	(void)state;
	msg = spec_error("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": ["
			 "{ \"name\": \"a\", \"type\": \"vm\", \"instance_type\": \"m5.large\","
			 "  \"replicas\": { \"min\": 5, \"max\": 2 } } ] }",
			 INFRACOST_EINVALID);
	err = infracost_error_last();
	assert_string_equal(err->path, "services[0].replicas.max");
	/* the JSON path and the position of the offending value */
	assert_int_equal(err->line, 1);
	assert_int_equal(err->column, 140);
	assert_string_equal(msg,
			    "spec.json:1:140: services[0].replicas.max: must be >= min (5), got 2");
}

static void test_missing_file(void **state)
{
	infracost_spec *spec = NULL;
	(void)state;
	assert_int_equal(infracost_spec_load_file(&spec, "/nonexistent/spec.json"), INFRACOST_EIO);
	assert_null(spec);
	assert_non_null(
		strstr(infracost_error_last()->message, "/nonexistent/spec.json: cannot open"));
}

/* Every registered service type is well formed: a new type that breaks a
 * rule of service_type.h fails here, not in a user's spec. */
static void test_registry(void **state)
{
	(void)state;
	assert_true(infracost__svc_type_count >= 11);
	for (size_t i = 0; i < infracost__svc_type_count; i++) {
		const struct svc_type *t = infracost__svc_types[i];
		int needs = 0, replicas = 0;
		assert_non_null(t->name);
		assert_ptr_equal(infracost__svc_type_find(t->name), t);
		assert_non_null(t->price);
		assert_true(t->nkeys <= SVC_MAX_KEYS);
		for (size_t k = 0; k < t->nkeys; k++) {
			assert_int_equal(infracost__svc_key_index(t, t->keys[k].name), (int)k);
			needs += t->keys[k].kind == SVC_NEEDS;
			replicas += t->keys[k].kind == SVC_REPLICAS;
			if (t->keys[k].kind == SVC_CHOICE)
				assert_non_null(t->keys[k].choices);
		}
		assert_int_equal(needs, (t->caps & SVC_CAP_NEEDS) != 0);
		assert_int_equal(replicas, (t->caps & SVC_CAP_REPLICAS) != 0);
		if (t->caps & SVC_CAP_NEEDS) {
			assert_true(t->type_key >= 0 && (size_t)t->type_key < t->nkeys);
			assert_non_null(t->type_catalog);
		}
		if (t->caps & SVC_CAP_SIMULATE)
			assert_true(t->caps & SVC_CAP_REPLICAS);
		if (t->free_env)
			assert_non_null(t->load);
	}
	assert_null(infracost__svc_type_find("mainframe"));
	{
		char buf[128];
		infracost__svc_types_with(SVC_CAP_SPOT, buf, sizeof(buf));
		assert_string_equal(buf, "vm and container");
		infracost__svc_types_with(SVC_CAP_RESERVED, buf, sizeof(buf));
		assert_string_equal(buf, "vm, database and cache");
		infracost__svc_types_with_any(SVC_CAP_RESERVED | SVC_CAP_SPOT, buf, sizeof(buf));
		assert_string_equal(buf, "vm, container, database or cache");
	}
}

/* The value of a key of service i in its first environment. */
#define VAL(i, key) infracost__svc_value(&s->services[i], s->services[i].envs[0], key)

static void test_defaults(void **state)
{
	infracost_spec *s;
	const struct svc_env *e;
	(void)state;
	s = spec_from(
		"{ \"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
		" { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m5.large\" },"
		" { \"name\": \"c\", \"type\": \"container\", \"vcpu\": 1, \"memory_gb\": 2 },"
		" { \"name\": \"d\", \"type\": \"database\", \"engine\": \"postgresql\", "
		"\"instance_type\": \"db.t3.micro\" },"
		" { \"name\": \"k\", \"type\": \"cache\", \"node_type\": \"cache.t3.micro\" },"
		" { \"name\": \"l\", \"type\": \"load_balancer\" },"
		" { \"name\": \"n\", \"type\": \"nat_gateway\" },"
		" { \"name\": \"o\", \"type\": \"object_storage\", \"storage_gb\": 1 },"
		" { \"name\": \"f\", \"type\": \"function\", \"requests\": 1, \"duration_ms\": 1, "
		"\"memory_mb\": 128 },"
		" { \"name\": \"t\", \"type\": \"data_transfer\", \"out_gb\": 1 },"
		" { \"name\": \"u\", \"type\": \"custom\", \"items\": [] } ] }");
	/* No environments: one called "default", 730 hours. */
	assert_int_equal(infracost_spec_environment_count(s), 1);
	assert_string_equal(infracost_spec_environment_name(s, 0), "default");
	assert_money(infracost_spec_hours_per_month(s), 730);
	assert_money(s->envs[0].hours, 730);
	assert_string_equal(infracost_spec_name(s), "spec"); /* from the file name */
	assert_int_equal(infracost_spec_service_count(s), 10);
	e = s->services[0].envs[0];
	assert_int_equal(e->fixed, 1);
	assert_money(e->rmin, 1);
	assert_string_equal(VAL(0, "os")->str, "linux");
	assert_string_equal(VAL(0, "disk_type")->str, "gp3");
	assert_money(VAL(0, "disk_gb")->num, 0);
	assert_int_equal(e->workload, -1);
	assert_money(e->reserved, 0);
	assert_money(e->spot, 0);
	assert_string_equal(VAL(1, "arch")->str, "x86_64");
	assert_money(VAL(2, "multi_az")->num, 0);
	assert_money(VAL(2, "count")->num, 1);
	assert_string_equal(VAL(2, "storage_type")->str, "gp3");
	assert_money(VAL(2, "backup_gb")->num, 0);
	assert_string_equal(VAL(3, "engine")->str, "redis");
	assert_money(VAL(3, "nodes")->num, 1);
	assert_string_equal(VAL(4, "kind")->str, "alb");
	assert_money(VAL(4, "lcu")->num, 1);
	assert_money(VAL(5, "count")->num, 1);
	assert_string_equal(VAL(6, "class")->str, "standard");
	assert_string_equal(VAL(7, "arch")->str, "x86_64");
	assert_null(VAL(0, "nodes")); /* not a key of vm */
	infracost_spec_free(s);
}

static void test_overrides_and_resolution(void **state)
{
	infracost_spec *s;
	const struct service *svc;
	(void)state;
	s = spec_from("{ \"name\": \"n\", \"provider\": \"aws\", \"region\": \"us-east-1\", "
		      "\"hours_per_month\": 720,"
		      " \"environments\": { \"dev\": { \"hours_per_month\": 100, \"region\": "
		      "\"eu-west-1\" },"
		      "                     \"prod\": { \"provider\": \"gcp\" }, \"x-note\": {} },"
		      " \"services\": [ { \"name\": \"api\", \"type\": \"vm\", \"instance_type\": "
		      "\"m5.large\","
		      "   \"replicas\": { \"min\": 1, \"max\": 4, \"average\": 2.5 }, \"x-owner\": "
		      "\"team\","
		      "   \"environments\": [\"dev\", \"prod\"],"
		      "   \"overrides\": { \"prod\": { \"instance_type\": \"m6i.large\", "
		      "\"replicas\": 3, \"region\": \"us-central1\" } } } ] }");
	/* "x-note" is not an environment: x- keys are the user's own?  No: in
	 * environments every key is a name. */
	assert_int_equal(infracost_spec_environment_count(s), 3);
	assert_int_equal(infracost_spec_environment_index(s, "prod"), 1);
	assert_int_equal(infracost_spec_environment_index(s, "qa"), -1);
	svc = &s->services[0];
	assert_int_equal(svc->envs[0]->deployed, 1);
	assert_string_equal(svc->envs[0]->region, "eu-west-1");
	assert_string_equal(svc->envs[0]->provider, "aws");
	assert_string_equal(infracost__svc_value(svc, svc->envs[0], "instance_type")->str,
			    "m5.large");
	assert_int_equal(svc->envs[0]->has_average, 1);
	assert_money(svc->envs[0]->average, 2.5);
	{
		char kp[128];
		infracost__svc_key_path(s, svc, svc->envs[0], kp, sizeof(kp));
		assert_string_equal(kp, "services[0].instance_type");
		infracost__svc_key_path(s, svc, svc->envs[1], kp, sizeof(kp));
		assert_string_equal(kp, "services[0].overrides.prod.instance_type");
	}
	assert_int_equal(svc->envs[1]->deployed, 1);
	assert_string_equal(svc->envs[1]->provider, "gcp");
	assert_string_equal(svc->envs[1]->region, "us-central1");
	assert_string_equal(infracost__svc_value(svc, svc->envs[1], "instance_type")->str,
			    "m6i.large");
	assert_int_equal(svc->envs[1]->fixed, 1);
	assert_money(svc->envs[1]->rmax, 3);
	assert_null(svc->envs[2]);
	assert_money(s->envs[0].hours, 100);
	assert_money(s->envs[1].hours, 720);
	infracost_spec_free(s);
}

static void test_workload_levels(void **state)
{
	infracost_spec *s;
	(void)state;
	s = spec_from("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": [],"
		      " \"workloads\": { \"d\": { \"pattern\": \"daily_spike\", \"baseline\": 10, "
		      "\"peak\": 50, \"peak_hours\": 6 },"
		      "   \"w\": { \"pattern\": \"weekly_spike\", \"baseline\": 1, \"peak\": 2, "
		      "\"peak_hours\": 42 },"
		      "   \"m\": { \"pattern\": \"monthly_spike\", \"baseline\": 3, \"peak\": 9, "
		      "\"peak_hours\": 73 },"
		      "   \"c\": { \"pattern\": \"constant\", \"value\": 7 } } }");
	assert_int_equal(s->nworkloads, 4);
	assert_money(s->workloads[0].weights[0], 0.25);
	assert_money(s->workloads[0].levels[0], 50);
	assert_money(s->workloads[0].weights[1], 0.75);
	assert_money(s->workloads[0].peak, 50);
	assert_money(s->workloads[1].weights[0], 0.25);
	assert_money(s->workloads[2].weights[0], 0.1);
	assert_money(s->workloads[3].levels[0], 7);
	assert_money(s->workloads[3].peak, 7);
	infracost_spec_free(s);
}

/* Services are read one at a time from the text: the order of the root's
 * keys does not matter, and errors inside the array keep their place. */
static void test_services_array_read_in_place(void **state)
{
	infracost_spec *s;
	const char *msg;
	(void)state;
	s = spec_from("{ \"services\": [ { \"name\": \"a\", \"type\": \"vm\", \"instance_type\": "
		      "\"m5.large\","
		      "  \"replicas\": { \"min\": 1, \"max\": 3 },"
		      "  \"autoscaling\": { \"workload\": \"w\", \"capacity_per_replica\": 5 },"
		      "  \"overrides\": { \"prod\": { \"replicas\": 2 } } },"
		      "  { \"name\": \"b\", \"type\": \"custom\", \"items\": [ { \"name\": \"x\", "
		      "\"quantity\": 2,"
		      "    \"unit\": \"seat\", \"unit_price\": 3 } ] } ],"
		      " \"workloads\": { \"w\": { \"pattern\": \"constant\", \"value\": 7 } },"
		      " \"environments\": { \"dev\": {}, \"prod\": {} },"
		      " \"provider\": \"aws\", \"region\": \"us-east-1\" }");
	assert_int_equal(infracost_spec_service_count(s), 2);
	assert_int_equal(s->services[0].envs[0]->workload, 0);
	assert_money(s->services[0].envs[1]->rmax, 2);
	assert_string_equal(s->services[0].envs[1]->region, "us-east-1");
	/* custom items are owned per environment */
	assert_int_equal(s->services[1].type->spec_rows(s->services[1].envs[1]), 1);
	assert_ptr_not_equal(s->services[1].envs[0], s->services[1].envs[1]);
	{
		infracost_catalog *cat;
		infracost_estimate *est;
		const infracost_env_result *er;
		cat = catalog_default();
		assert_int_equal(infracost_estimate_compute(&est, s, cat, NULL), 0);
		er = infracost_estimate_environment(est, 1);
		assert_string_equal(er->services[1].line_items[0].price->unit, "seat");
		assert_money(er->services[1].line_items[0].monthly, 6);
		infracost_estimate_free(est);
		infracost_catalog_free(cat);
	}
	infracost_spec_free(s);

	s = spec_from("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": [] }");
	assert_int_equal(infracost_spec_service_count(s), 0);
	infracost_spec_free(s);

	/* a syntax error in the second service, on line 3 */
	msg = spec_error("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": [\n"
			 "  { \"name\": \"a\", \"type\": \"nat_gateway\" },\n"
			 "  { \"name\": \"b\" \"type\": \"nat_gateway\" } ] }",
			 INFRACOST_EPARSE);
	assert_string_equal(msg, "spec.json:3:22: malformed JSON: '}' expected near '\"type\"'");
	/* a duplicate key inside a service */
	msg = spec_error("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": [\n"
			 "  { \"name\": \"a\", \"type\": \"nat_gateway\", \"name\": \"b\" } ] }",
			 INFRACOST_EPARSE);
	assert_non_null(strstr(msg, "spec.json:2:46: malformed JSON: duplicate object key"));
	/* a trailing comma in the array */
	msg = spec_error("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": [\n"
			 "  { \"name\": \"a\", \"type\": \"nat_gateway\" }, ] }",
			 INFRACOST_EPARSE);
	assert_non_null(strstr(msg, "spec.json:2:43: malformed JSON: unexpected token"));
	/* a semantic error in a service that comes before the environments */
	msg = spec_error(
		"{ \"services\": [ { \"name\": \"a\", \"type\": \"nat_gateway\","
		" \"overrides\": { \"qa\": { \"count\": 2 } } } ],"
		" \"environments\": { \"dev\": {} }, \"provider\": \"aws\", \"region\": \"r\" }",
		INFRACOST_EINVALID);
	assert_string_equal(msg, "spec.json:1:76: services[0].overrides.qa: unknown environment "
				 "'qa' (not in environments)");
}

/* A UTF-8 byte order mark at the start is skipped (docs/spec.md, General
 * rules), and columns count from the character after it. */
static void test_byte_order_mark(void **state)
{
	infracost_spec *s;
	(void)state;
	s = spec_from("\xEF\xBB\xBF{ \"provider\": \"aws\", \"region\": \"r\", \"services\": [] }");
	assert_int_equal(infracost_spec_service_count(s), 0);
	infracost_spec_free(s);
	assert_string_equal(
		spec_error("\xEF\xBB\xBF{ \"services\": 5 }", INFRACOST_EINVALID),
		"spec.json:1:15: services: expected an array of services, got a number");
	assert_string_equal(spec_error("\xEF\xBB\xBF{ x }", INFRACOST_EPARSE),
			    "spec.json:1:3: malformed JSON: string or '}' expected near 'x'");
	/* only at the start */
	spec_error("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": [] }\xEF\xBB\xBF",
		   INFRACOST_EPARSE);
}

/* A spec read from a pipe (kept as read, not copied) still gives the place
 * of the key an estimate-time error is about. */
static void test_estimate_position_from_pipe(void **state)
{
	const char *text = "{ \"provider\": \"aws\", \"region\": \"r\",\n"
			   "  \"services\": [\n"
			   "    { \"name\": \"v\", \"type\": \"vm\",\n"
			   "      \"instance_type\": \"nope.large\" } ] }";
	char path[64];
	int fds[2];
	infracost_spec *s = NULL;
	infracost_catalog *cat;
	infracost_estimate *est = NULL;
	(void)state;
	/* The whole text waits in the pipe; /dev/fd/N opens its read end. */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], text, strlen(text)), (ssize_t)strlen(text));
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	assert_int_equal(infracost_spec_load_file(&s, path), 0);
	close(fds[0]);
	cat = catalog_from("provider,service,region,sku,purchase,unit,price\n"
			   "aws,ec2,r,m5.large,on_demand,hour,0.096\n");
	assert_int_equal(infracost_estimate_compute(&est, s, cat, NULL), INFRACOST_ENOTFOUND);
	assert_int_equal(infracost_error_last()->line, 4);
	assert_int_equal(infracost_error_last()->column, 24);
	assert_string_equal(infracost_error_last()->path, "services[0].instance_type");
	infracost_catalog_free(cat);
	infracost_spec_free(s);
}

/* null counts as absent: an interruption_rate of null needs no spot share */
static void test_null_interruption_rate(void **state)
{
	infracost_spec *s;
	(void)state;
	s = spec_from("{ \"provider\": \"aws\", \"region\": \"r\", \"services\": ["
		      " { \"name\": \"v\", \"type\": \"vm\", \"instance_type\": \"m5.large\","
		      " \"purchase\": { \"interruption_rate\": null } } ] }");
	assert_true(s->services[0].envs[0]->interruption_rate < 0);
	infracost_spec_free(s);
}

static void test_free_null(void **state)
{
	(void)state;
	infracost_spec_free(NULL);
	assert_string_equal(infracost_spec_name(NULL), "");
	assert_int_equal(infracost_spec_environment_count(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_cases),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_malformed_json_location),
		cmocka_unit_test(test_path_location),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_overrides_and_resolution),
		cmocka_unit_test(test_workload_levels),
		cmocka_unit_test(test_services_array_read_in_place),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_estimate_position_from_pipe),
		cmocka_unit_test(test_null_interruption_rate),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
