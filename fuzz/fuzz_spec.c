/* fuzz_spec.c - libFuzzer target: a spec (JSON) validated, then estimated
 * against the shipped price snapshot and rendered as JSON and a table.
 * Built by scripts/fuzz (clang, -fsanitize=fuzzer,address,undefined). */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

static infracost_catalog *catalog;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	char *text = NULL;

	if (!catalog) {
		infracost_global_init();
		if (infracost_catalog_new(&catalog) || infracost_catalog_load_default(catalog))
			__builtin_trap(); /* run from the repository, or set INFRA_COST_DATA */
	}
	if (infracost_spec_load_string(&spec, (const char *)data, size, "fuzz.json") == 0 &&
	    infracost_estimate_compute(&est, spec, catalog, NULL) == 0) {
		if (infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_JSON) == 0)
			infracost_free(text);
		text = NULL;
		if (infracost_estimate_render(&text, NULL, est, INFRACOST_FORMAT_TABLE) == 0)
			infracost_free(text);
	}
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	return 0;
}
