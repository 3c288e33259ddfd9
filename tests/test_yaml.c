/* test_yaml.c - YAML specs (lib/formats/yamldoc.c through spec.c): the
 * same model, validation and errors as JSON. Every invalid JSON case of
 * tests/data/spec/invalid/ has its YAML twin (spec.yaml, expected-yaml.txt:
 * the same message at the YAML line:column); the YAML-only cases are
 * tests/data/spec/yaml/<case>/{spec.yaml,expected.txt}; every example of
 * examples/ as YAML (tests/data/yaml/examples/, examples/webshop.yaml)
 * gives byte-identical estimates to its JSON. INFRACOST_RECORD=1 writes the
 * expected files (review them before committing). */
#include "helpers.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "model.h"
#include "yamldoc.h"

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The message without "SOURCE:LINE:COLUMN: ". */
static const char *tail(const char *msg)
{
	const char *p = strstr(msg, ": ");
	return p ? p + 2 : msg;
}

/* The cases of `dir` with a file `input`, sorted; returns how many. */
static size_t cases(const char *dir, const char *input, char **names, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) && n < cap) {
		char path[512];
		FILE *f;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", dir, e->d_name, input);
		if (!(f = fopen(path, "rb")))
			continue;
		fclose(f);
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	return n;
}

/* Load dir/case/input as `name`; compare "CODE\nmessage\n" with
 * dir/case/expected (or record it). Returns 1 when it matches. */
static int check_case(const char *dir, const char *c, const char *input, const char *expected,
		      char *got, size_t gotlen)
{
	char path[512];
	char *text, *want;
	size_t len = 0;
	infracost_spec *spec = NULL;
	int rc, ok;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, c, input);
	text = test_read_file(path, &len);
	assert_non_null(text);
	rc = infracost_spec_load_string(&spec, text, len, input);
	snprintf(got, gotlen, "%s\n%s\n", error_code_name(rc),
		 rc ? infracost_error_last()->message : "");
	snprintf(path, sizeof(path), "%s/%s/%s", dir, c, expected);
	if (getenv("INFRACOST_RECORD")) {
		FILE *f = fopen(path, "wb");
		fputs(got, f);
		fclose(f);
	}
	want = test_read_file(path, NULL);
	ok = rc != 0 && want && strcmp(want, got) == 0;
	if (!ok)
		print_error("case %s/%s:\n  expected: %s  got:      %s", dir, c,
			    want ? want : "(none)\n", got);
	/* A refused spec is never half-returned; messages are one line. */
	assert_null(spec);
	assert_null(strchr(infracost_error_last()->message, '\n'));
	free(want);
	free(text);
	return ok;
}

/* Every JSON invalid case as YAML: refused with the same message (only its
 * line and column differ), but for the few where YAML reads differently. */
static void test_invalid_twins(void **state)
{
	const char *dir = TEST_DATA_DIR "/spec/invalid";
	/* YAML-specific wording, each reviewed: a mapping rather than a JSON
	 * object at the top; `logs_stored_gb: 50GB` is a plain scalar that is
	 * not a decimal number. (replication_region_not_string has no twin:
	 * `region: 1` is the region "1" for a key that wants a string.) */
	static const char *const differ[] = {"monitoring_logs_string", "not_object", "root_null",
					     NULL};
	char *names[256];
	size_t n = cases(dir, "spec.yaml", names, 256), failures = 0;

	(void)state;
	assert_true(n >= 130);
	for (size_t i = 0; i < n; i++) {
		char got[1200], path[512];
		char *json_want;
		int same = 1;
		if (!check_case(dir, names[i], "spec.yaml", "expected-yaml.txt", got, sizeof(got)))
			failures++;
		snprintf(path, sizeof(path), "%s/%s/expected.txt", dir, names[i]);
		json_want = test_read_file(path, NULL);
		assert_non_null(json_want);
		{
			const char *jm = strchr(json_want, '\n'), *ym = strchr(got, '\n');
			assert_non_null(jm);
			assert_non_null(ym);
			/* the same code, the same message after the place */
			same = (size_t)(jm - json_want) == (size_t)(ym - got) &&
			       strncmp(json_want, got, (size_t)(jm - json_want)) == 0 &&
			       strcmp(tail(jm + 1), tail(ym + 1)) == 0;
		}
		for (size_t k = 0; differ[k]; k++)
			if (strcmp(differ[k], names[i]) == 0)
				same = !same; /* must differ, and be reviewed */
		if (!same) {
			print_error("case %s: the YAML and JSON messages differ (or agree where "
				    "listed as differing)\n  %s  %s",
				    names[i], json_want, got);
			failures++;
		}
		free(json_want);
		free(names[i]);
	}
	assert_int_equal(failures, 0);
}

/* The YAML-only cases: duplicate keys, documents, aliases, tags, numbers. */
static void test_yaml_cases(void **state)
{
	const char *dir = TEST_DATA_DIR "/spec/yaml";
	char *names[128];
	size_t n = cases(dir, "spec.yaml", names, 128), failures = 0;

	(void)state;
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++) {
		char got[1200];
		if (!check_case(dir, names[i], "spec.yaml", "expected.txt", got, sizeof(got)))
			failures++;
		free(names[i]);
	}
	assert_int_equal(failures, 0);
}

static char *render(const char *path, const infracost_catalog *cat, infracost_format fmt)
{
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;

	char *out = NULL;
	size_t len = 0;
	if (infracost_spec_load_file(&spec, path)) {
		print_error("%s: %s\n", path, infracost_error_last()->message);
		fail();
	}
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
	assert_int_equal(infracost_estimate_render(&out, &len, est, fmt), 0);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	return out;
}

/* Each example as YAML: the same estimate, byte for byte, in every format. */
static void test_examples_identical(void **state)
{
	static const char *const examples[] = {"capacity", "every-type", "starter", "webshop"};
	static const infracost_format formats[] = {INFRACOST_FORMAT_JSON, INFRACOST_FORMAT_TABLE,
						   INFRACOST_FORMAT_CSV, INFRACOST_FORMAT_MARKDOWN};
	infracost_catalog *cat = catalog_default();
	(void)state;
	for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		char jpath[512], ypath[512];
		snprintf(jpath, sizeof(jpath), "%s/examples/%s.json", SOURCE_DIR, examples[i]);
		snprintf(ypath, sizeof(ypath), "%s/yaml/examples/%s.yaml", TEST_DATA_DIR,
			 examples[i]);
		for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
			char *a = render(jpath, cat, formats[f]),
			     *b = render(ypath, cat, formats[f]);
			assert_string_equal(a, b);
			infracost_free(a);
			infracost_free(b);
		}
	}
	/* The shipped YAML example is the JSON one. */
	{
		char jpath[512], ypath[512];
		char *a, *b;
		snprintf(jpath, sizeof(jpath), "%s/examples/webshop.json", SOURCE_DIR);
		snprintf(ypath, sizeof(ypath), "%s/examples/webshop.yaml", SOURCE_DIR);
		a = render(jpath, cat, INFRACOST_FORMAT_JSON);
		b = render(ypath, cat, INFRACOST_FORMAT_JSON);
		assert_string_equal(a, b);
		infracost_free(a);
		infracost_free(b);
	}
	infracost_catalog_free(cat);
}

static const char *const typed_yaml = "# typed by what each key expects\n"
				      "provider: aws\n"
				      "region: us-east-1\n"
				      "x-db: &db {engine: postgresql, instance_type: db.t3.micro}\n"
				      "services:\n"
				      "  - name: 2024\n"
				      "    type: database\n"
				      "    engine: postgresql\n"
				      "    instance_type: db.t3.micro\n"
				      "    engine_version: 15.10\n"
				      "    multi_az: yes\n"
				      "    storage_gb: !!float 20\n"
				      "    count: +1\n"
				      "  - name: db2\n"
				      "    type: database\n"
				      "    engine: postgresql\n"
				      "    instance_type: db.t3.micro\n"
				      "    storage_gb: 20\n"
				      "    multi_az: Off\n";

static const char *const typed_json =
	"{\"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
	"{\"name\": \"2024\", \"type\": \"database\", \"engine\": \"postgresql\","
	" \"instance_type\": \"db.t3.micro\", \"engine_version\": \"15.10\", \"multi_az\": true,"
	" \"storage_gb\": 20, \"count\": 1},"
	"{\"name\": \"db2\", \"type\": \"database\", \"engine\": \"postgresql\","
	" \"instance_type\": \"db.t3.micro\", \"storage_gb\": 20, \"multi_az\": false}]}";

static char *estimate_json(const char *text, const char *name, const infracost_catalog *cat)
{
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;

	char *out = NULL;
	size_t len;
	if (infracost_spec_load_string(&spec, text, strlen(text), name)) {
		print_error("%s\n", infracost_error_last()->message);
		fail();
	}
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
	assert_int_equal(infracost_estimate_render(&out, &len, est, INFRACOST_FORMAT_JSON), 0);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	return out;
}

/* Plain scalars typed by the key: a number for a string key keeps its text
 * (15.10, not 15.1), yes/Off for a boolean key, !!float, +1. */
static void test_typed_by_key(void **state)
{
	infracost_catalog *cat = catalog_default();
	char *a, *b;
	(void)state;
	a = estimate_json(typed_json, "s", cat);
	b = estimate_json(typed_yaml, "s", cat);
	assert_string_equal(a, b);
	assert_non_null(strstr(b, "postgresql 15.10"));
	assert_non_null(strstr(b, ":multi_az\""));
	assert_non_null(strstr(b, ":single_az\""));
	infracost_free(a);
	infracost_free(b);
	infracost_catalog_free(cat);
}

/* Anchors and aliases place a value again; flow style, comments, a
 * document marker and the .yml name read as the same spec. */
static void test_aliases_and_styles(void **state)
{
	static const char *const aliased =
		"%YAML 1.2\n"
		"---\n"
		"provider: aws\n"
		"region: us-east-1\n"
		"x-size: &size {min: 2, max: 4}\n"
		"services:\n"
		"  - &web {name: web, type: vm, instance_type: m5.large,\n"
		"          replicas: *size}\n"
		"  - name: api\n"
		"    type: vm\n"
		"    instance_type: m5.large\n"
		"    replicas: *size  # the same range\n"
		"...\n";
	static const char *const plain =
		"{\"provider\": \"aws\", \"region\": \"us-east-1\", \"services\": ["
		"{\"name\": \"web\", \"type\": \"vm\", \"instance_type\": \"m5.large\","
		" \"replicas\": {\"min\": 2, \"max\": 4}},"
		"{\"name\": \"api\", \"type\": \"vm\", \"instance_type\": \"m5.large\","
		" \"replicas\": {\"min\": 2, \"max\": 4}}]}";
	infracost_catalog *cat = catalog_default();
	char *a, *b;
	(void)state;
	a = estimate_json(plain, "s.json", cat);
	b = estimate_json(aliased, "s.yml", cat);
	assert_string_equal(a, b);
	infracost_free(a);
	infracost_free(b);
	infracost_catalog_free(cat);
}

/* Where errors point: a value placed by an alias where it is written (the
 * anchored node), with the path where it is used; a block mapping at its
 * key; an estimate-time missing price at its value. */
static void test_positions(void **state)
{
	static const char *const spec = "provider: aws\n"
					"region: us-east-1\n"
					"x-bad: &bad {min: 5, max: 1}\n"
					"services:\n"
					"  - name: web\n"
					"    type: vm\n"
					"    instance_type: m5.nope\n"
					"  - name: api\n"
					"    type: vm\n"
					"    instance_type: m5.large\n"
					"    replicas: *bad\n";
	static const char *const block = "provider: aws\n"
					 "region: us-east-1\n"
					 "services:\n"
					 "  - name: db\n"
					 "    type: database\n"
					 "    engine: postgresql\n"
					 "    instance_type: db.t3.micro\n"
					 "    autoscaling:\n"
					 "      workload: web\n";
	infracost_spec *s = NULL;
	infracost_estimate *est = NULL;

	infracost_catalog *cat = catalog_default();
	const char *msg;
	(void)state;

	assert_int_equal(infracost_spec_load_string(&s, spec, strlen(spec), "a.yaml"),
			 INFRACOST_EINVALID);
	msg = infracost_error_last()->message;
	assert_string_equal(msg,
			    "a.yaml:3:27: services[1].replicas.max: must be >= min (5), got 1");
	assert_int_equal(infracost_spec_load_string(&s, block, strlen(block), "b.yaml"),
			 INFRACOST_EINVALID);
	assert_int_equal(infracost_error_last()->line, 8);
	assert_int_equal(infracost_error_last()->column, 5);
	/* The missing price: its line and column in the YAML text. */
	{
		const char *ok = "provider: aws\n"
				 "region: us-east-1\n"
				 "services:\n"
				 "  - name: web\n"
				 "    type: vm\n"
				 "    instance_type: m5.nope\n";
		assert_int_equal(infracost_spec_load_string(&s, ok, strlen(ok), "p.yaml"), 0);
		assert_int_equal(infracost_estimate_compute(&est, s, cat, NULL),
				 INFRACOST_ENOTFOUND);
		assert_non_null(strstr(infracost_error_last()->message,
				       "p.yaml:6:20: services[0].instance_type: price not found"));
		infracost_spec_free(s);
	}
	infracost_catalog_free(cat);
}

/* Detection: .yaml/.yml by name, .json by name, otherwise by the text. */
static void test_detection(void **state)
{
	static const char *const y = "provider: aws\nregion: us-east-1\nservices: []\n";
	infracost_spec *s = NULL;
	(void)state;
	assert_int_equal(infracost_spec_load_string(&s, y, strlen(y), NULL), 0);
	infracost_spec_free(s);
	assert_int_equal(infracost_spec_load_string(&s, y, strlen(y), "spec.YML"), 0);
	infracost_spec_free(s);
	/* a .json file that is not JSON gets JSON's message */
	assert_int_equal(infracost_spec_load_string(&s, y, strlen(y), "spec.json"),
			 INFRACOST_EPARSE);
	assert_non_null(strstr(infracost_error_last()->message, "spec.json:1:8: malformed JSON"));
	/* JSON is YAML too, but a JSON text is read as JSON, whatever its name */
	assert_int_equal(infracost_spec_load_string(&s, "{\"services\": []}", 16, "x.txt"), 0);
	infracost_spec_free(s);
	assert_true(infracost__yaml_sniff("\xEF\xBB\xBF  a: 1", 9));
	assert_false(infracost__yaml_sniff("\n [", 3));
	assert_false(infracost__yaml_sniff("  ", 2));
}

/* Numbers are read in the C locale whatever the host's LC_NUMERIC. */
static void test_locale(void **state)
{
	static const char *const y = "provider: aws\nregion: us-east-1\nservices:\n"
				     "  - {name: api, type: container, vcpu: 0.5, memory_gb: 1}\n";
	infracost_spec *s = NULL;
	const struct service *svc;
	(void)state;
	if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
		print_message("de_DE.UTF-8 missing: scripts/deps.sh ensure_locale makes it\n");
		skip();
	}
	assert_int_equal(infracost_spec_load_string(&s, y, strlen(y), "l.yaml"), 0);
	setlocale(LC_ALL, "C");
	svc = &s->services[0];
	assert_money(infracost__svc_value(svc, svc->envs[0], "vcpu")->num, 0.5);
	assert_money(infracost__svc_value(svc, svc->envs[0], "memory_gb")->num, 1);
	infracost_spec_free(s);
}

/* Deep nesting is refused, not a stack overflow; a long alias chain within
 * the cap is read. */
static void test_limits(void **state)
{
	size_t depth = YAMLDOC_MAX_DEPTH + 10, len = 0;
	char *deep = malloc(depth * 2 + 64);
	infracost_spec *s = NULL;
	(void)state;
	len += (size_t)sprintf(deep, "services: ");
	for (size_t i = 0; i < depth; i++)
		deep[len++] = '[';
	for (size_t i = 0; i < depth; i++)
		deep[len++] = ']';
	deep[len++] = '\n';
	assert_int_equal(infracost_spec_load_string(&s, deep, len, "d.yaml"), INFRACOST_EPARSE);
	assert_non_null(strstr(infracost_error_last()->message, "nesting deeper than 2048"));
	free(deep);
}

/* Several documents read one after another (Kubernetes manifests). */
static void test_reader_documents(void **state)
{
	static const char *const text = "a: 1\n"
					"---\n"
					"# empty\n"
					"---\n"
					"b: [x, y]\n"
					"c: &k 2\n"
					"d: *k\n";
	yamlreader *r = NULL;
	jsondoc doc;
	int line, column;
	json_step steps[2] = {{"b", 0}, {NULL, 1}};
	(void)state;
	assert_int_equal(infracost__yaml_open(&r, text, strlen(text), "m.yaml"), 0);
	assert_int_equal(infracost__yaml_next(r, &doc, &line, &column), 1);
	assert_int_equal(line, 1);
	assert_true(infracost__jv_is(infracost__jv_get(doc.root, "a"), JV_NUMBER));
	infracost__jsondoc_free(&doc);
	assert_int_equal(infracost__yaml_next(r, &doc, &line, &column), 1);
	assert_int_equal(line, 2);
	assert_true(infracost__jv_is(doc.root, JV_NULL));
	infracost__jsondoc_free(&doc);
	assert_int_equal(infracost__yaml_next(r, &doc, &line, &column), 1);
	assert_int_equal(line, 4);
	assert_int_equal(doc.docno, 2);
	assert_string_equal(
		infracost__jv_str(infracost__jv_item(infracost__jv_get(doc.root, "b"), 1)), "y");
	assert_true(infracost__jv_get(doc.root, "c") == infracost__jv_get(doc.root, "d"));
	infracost__jsondoc_position(&doc, infracost__jv_item(infracost__jv_get(doc.root, "b"), 1),
				    NULL, &line, &column);
	assert_int_equal(line, 5);
	assert_int_equal(column, 8);
	assert_int_equal(infracost__yaml_locate(text, strlen(text), 2, steps, 2, &line, &column),
			 0);
	assert_int_equal(line, 5);
	/* d is an alias: its place is where the alias is written */
	steps[0] = (json_step){"d", 0};
	assert_int_equal(infracost__yaml_locate(text, strlen(text), 2, steps, 1, &line, &column),
			 0);
	assert_int_equal(line, 7);
	assert_int_equal(column, 4);
	steps[0] = (json_step){"zz", 0};
	assert_int_equal(infracost__yaml_locate(text, strlen(text), 2, steps, 1, &line, &column),
			 -1);
	infracost__jsondoc_free(&doc);
	assert_int_equal(infracost__yaml_next(r, &doc, NULL, NULL), 0);
	assert_int_equal(infracost__yaml_next(r, &doc, NULL, NULL), 0);
	infracost__yaml_close(r);
	infracost__yaml_close(NULL);
}

/* Out of memory at every allocation: ENOMEM, nothing leaked. */
static void test_out_of_memory(void **state)
{
	(void)state;
	for (unsigned long k = 1;; k++) {
		infracost_spec *s = NULL;
		int rc;
		infracost__alloc_fail_after(k);
		rc = infracost_spec_load_string(&s, typed_yaml, strlen(typed_yaml), "o.yaml");
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			infracost_spec_free(s);
			break;
		}
		assert_int_equal(rc, INFRACOST_ENOMEM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_twins),
		cmocka_unit_test(test_yaml_cases),
		cmocka_unit_test(test_examples_identical),
		cmocka_unit_test(test_typed_by_key),
		cmocka_unit_test(test_aliases_and_styles),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_detection),
		cmocka_unit_test(test_locale),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_reader_documents),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
