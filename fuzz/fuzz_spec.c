/* fuzz_spec.c - libFuzzer target: a spec (JSON) validated, then estimated
 * against the shipped price snapshot and rendered as JSON, table, Markdown
 * and CSV: the JSON must be valid (never inf or nan), the others and every
 * error message free of raw control characters (fuzz_render.h). Built by
 * scripts/fuzz (clang, -fsanitize=fuzzer,address,undefined). */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

#include "fuzz_render.h"

static infracost_catalog *catalog;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!catalog) {
		infracost_global_init();
		if (infracost_catalog_new(&catalog) || infracost_catalog_load_default(catalog))
			__builtin_trap(); /* run from the repository, or set INFRA_COST_DATA */
	}
	fuzz_estimate(catalog, (const char *)data, size, "fuzz.json");
	return 0;
}
