/* test_options.c - versioned options structs: every version from 1 to the
 * current one is read by its own size (fields added later keep their
 * defaults), version 0 and versions from the future are refused, and the
 * estimate checks its version too. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"

/* A struct of two versions: version 2 added `b`. */
struct two {
	unsigned int version;
	double a;
	const char *b;
};

static const size_t two_ends[3] = {0, INFRACOST__OPTIONS_END(struct two, a),
				   INFRACOST__OPTIONS_END(struct two, b)};

static void test_each_version_read_by_its_size(void **state)
{
	/* a version-1 struct as an old caller has it: it ends where `a`
	 * ends, at the end of its block (ASan sees a read past it) */
	struct two o = {2, 1, "default"}, old = {1, 2.5, NULL};
	void *v1 = malloc(two_ends[1]);
	struct two *v2 = malloc(sizeof(struct two));
	(void)state;
	assert_non_null(v1);
	assert_non_null(v2);
	memcpy(v1, &old, two_ends[1]);
	assert_int_equal(infracost__options_copy(&o, v1, two_ends, 2, "f", "F_INIT"), 0);
	assert_int_equal(o.version, 1);
	assert_true(o.a == 2.5);
	assert_string_equal(o.b, "default"); /* not in version 1: the default */
	*v2 = (struct two){2, 3.5, "given"};
	assert_int_equal(infracost__options_copy(&o, v2, two_ends, 2, "f", "F_INIT"), 0);
	assert_true(o.a == 3.5);
	assert_string_equal(o.b, "given");
	/* NULL: every default stays */
	assert_int_equal(infracost__options_copy(&o, NULL, two_ends, 2, "f", "F_INIT"), 0);
	assert_true(o.a == 3.5);
	free(v1);
	free(v2);
}

static void test_version_zero_and_future_refused(void **state)
{
	struct two o = {2, 1, "default"}, in = {0, 9, "x"};
	(void)state;
	assert_int_equal(infracost__options_copy(&o, &in, two_ends, 2, "f", "F_INIT"),
			 INFRACOST_EINVALID);
	assert_string_equal(infracost_error_last()->message,
			    "f: options version 0: start the options from F_INIT (this library "
			    "reads versions 1 to 2)");
	in.version = 3;
	assert_int_equal(infracost__options_copy(&o, &in, two_ends, 2, "f", "F_INIT"),
			 INFRACOST_EINVALID);
	assert_string_equal(infracost_error_last()->message,
			    "f: options version 3 is newer than this library reads (1 to 2): the "
			    "caller was built against a newer infracost");
	assert_true(o.a == 1); /* nothing copied */
}

/* ---- the public functions ---------------------------------------------- */

static const char *BOOK = "provider,service,region,sku,purchase,unit,price,vcpu,memory_gb\n"
			  "aws,ec2,r1,m.large,on_demand,hour,0.1,2,8\n";
static const char *SPEC = "{ \"name\": \"t\", \"provider\": \"aws\", \"region\": \"r1\","
			  " \"environments\": { \"a\": {}, \"b\": {} },"
			  " \"services\": [ { \"name\": \"v\", \"type\": \"vm\", "
			  "\"instance_type\": \"m.large\", \"replicas\": 2 } ] }";

static infracost_catalog *cat;
static infracost_spec *spec;

/* Each function that takes options, called with them: what it found (the
 * environments estimated or simulated, the advice given), or its error. */
static int estimate(const void *o, size_t *found)
{
	infracost_estimate *est = NULL;
	int rc = infracost_estimate_compute(&est, spec, cat, o);
	*found = infracost_estimate_environment_count(est);
	infracost_estimate_free(est);
	return rc;
}

static int simulate(const void *o, size_t *found)
{
	infracost_simulation *sim = NULL;
	int rc = infracost_simulate(&sim, spec, cat, o);
	*found = infracost_simulation_environment_count(sim);
	infracost_simulation_free(sim);
	return rc;
}

static int recommend(const void *o, size_t *found)
{
	infracost_recommendation *rec = NULL;
	int rc = infracost_recommend(&rec, spec, cat, o);
	*found = infracost_recommendation_count(rec);
	infracost_recommendation_free(rec);
	return rc;
}

static void test_public_functions(void **state)
{
	static const char *only_b[] = {"b"};
	infracost_estimate_options eo = INFRACOST_ESTIMATE_OPTIONS_INIT;
	infracost_simulate_options so = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_recommend_options ro = INFRACOST_RECOMMEND_OPTIONS_INIT;
	const struct {
		int (*call)(const void *o, size_t *found);
		void *init;
		unsigned current;
		size_t v1; /* where version 1 ends */
		const char *refusal;
	} apis[] = {
		{estimate, &eo, INFRACOST_ESTIMATE_OPTIONS_VERSION,
		 INFRACOST__OPTIONS_END(infracost_estimate_options, environment_count),
		 "infracost_estimate_compute: options version 0: start the options from "
		 "INFRACOST_ESTIMATE_OPTIONS_INIT"},
		{simulate, &so, INFRACOST_SIMULATE_OPTIONS_VERSION,
		 INFRACOST__OPTIONS_END(infracost_simulate_options, default_interruption_rate),
		 "infracost_simulate: options version 0: start the options from "
		 "INFRACOST_SIMULATE_OPTIONS_INIT"},
		{recommend, &ro, INFRACOST_RECOMMEND_OPTIONS_VERSION,
		 INFRACOST__OPTIONS_END(infracost_recommend_options, default_interruption_rate),
		 "infracost_recommend: options version 0: start the options from "
		 "INFRACOST_RECOMMEND_OPTIONS_INIT"},
	};
	(void)state;
	cat = catalog_from(BOOK);
	spec = spec_from(SPEC);
	eo.environments = so.environments = ro.environments = only_b;
	eo.environment_count = so.environment_count = ro.environment_count = 1;
	so.samples = 10;
	for (size_t i = 0; i < sizeof(apis) / sizeof(apis[0]); i++) {
		unsigned versions[3] = {1, 0, apis[i].current + 1};
		size_t found = 99;
		for (size_t v = 0; v < 3; v++) {
			/* a version-1 struct in a block of exactly its size: ASan
			 * sees any read past it */
			void *o = malloc(apis[i].v1);
			assert_non_null(o);
			memcpy(o, apis[i].init, apis[i].v1);
			memcpy(o, &versions[v], sizeof(unsigned));
			if (versions[v] == 1) {
				assert_int_equal(apis[i].call(o, &found), 0);
				assert_int_equal(found, 1); /* the environments of version 1 */
			} else {
				assert_int_equal(apis[i].call(o, &found), INFRACOST_EINVALID);
				assert_int_equal(found, 0);
				assert_non_null(strstr(infracost_error_last()->message,
						       versions[v] ? "is newer than this library"
								   : apis[i].refusal));
			}
			free(o);
		}
		/* NULL: the defaults (every environment) */
		assert_int_equal(apis[i].call(NULL, &found), 0);
		assert_int_equal(found, 2);
	}
	infracost_spec_free(spec);
	infracost_catalog_free(cat);
}

/* infracost_fetch and infracost_import_file read their options by version
 * too: a version-1 struct in a block of exactly its size is read (its
 * region filter applies), version 0 and a future version are refused. */
static void test_fetch_options(void **state)
{
	const char *page = TEST_DATA_DIR "/feeds/azure/d2s_v3_eastus_all_types.json";
	static const char *const westeurope[] = {"westeurope"};
	infracost_fetch_options init = INFRACOST_FETCH_OPTIONS_INIT;
	const size_t v1 = INFRACOST__OPTIONS_END(infracost_fetch_options, backoff_ms);
	char path[] = "/tmp/infracost-test-options-XXXXXX";
	infracost_fetch_report r;
	infracost_store *store = NULL;
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(infracost_store_open(&store, path), 0);
	init.regions = westeurope;
	init.region_count = 1;
	unsigned versions[3] = {1, 0, INFRACOST_FETCH_OPTIONS_VERSION + 1};
	for (size_t v = 0; v < 3; v++) {
		void *o = malloc(v1);
		assert_non_null(o);
		memcpy(o, &init, v1);
		memcpy(o, &versions[v], sizeof(unsigned));
		int rc = infracost_import_file(store, page, "azure", o, &r);
		if (versions[v] == 1) {
			/* every row of the page is in eastus: the filter of
			 * version 1 keeps none, so the import is refused as empty */
			assert_int_not_equal(rc, 0);
			assert_null(strstr(infracost_error_last()->message, "options version"));
		} else {
			assert_int_equal(rc, INFRACOST_EINVALID);
			assert_non_null(
				strstr(infracost_error_last()->message,
				       versions[v] ? "is newer than this library"
						   : "infracost_import_file: options version 0"));
			assert_int_equal(infracost_fetch(store, "aws", o, &r), INFRACOST_EINVALID);
			assert_non_null(strstr(infracost_error_last()->message, "infracost_fetch"));
		}
		free(o);
	}
	/* NULL: the defaults (every region) */
	assert_int_equal(infracost_import_file(store, page, "azure", NULL, &r), 0);
	assert_true(r.rows > 0);
	infracost_store_close(store);
	unlink(path);
	char side[64];
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_version_read_by_its_size),
		cmocka_unit_test(test_version_zero_and_future_refused),
		cmocka_unit_test(test_public_functions),
		cmocka_unit_test(test_fetch_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
