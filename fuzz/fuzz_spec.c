/* fuzz_spec.c - libFuzzer target: a spec (JSON) validated, then estimated
 * against the shipped price snapshot and rendered as JSON, table, Markdown
 * and CSV: the JSON must be valid (never inf or nan), the others and every
 * error message free of raw control characters (fuzz_render.h). The spec
 * is read by jansson (lib/formats/jsondoc.c); the line of every error (jansson's,
 * or found from the value's path) must be a line of the input. Built by
 * scripts/fuzz (clang, -fsanitize=fuzzer,address,undefined). */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

#include "fuzz_render.h"

static infracost_catalog *catalog;

/* The last error's place, when it has one, is inside the input. */
static void check_place(const uint8_t *data, size_t size)
{
	const infracost_error *e = infracost_error_last();
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (e && (e->line < 0 || e->line > lines || (e->line > 0 && e->column < 1)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!catalog) {
		infracost_global_init();
		if (infracost_catalog_new(&catalog) || infracost_catalog_load_default(catalog))
			__builtin_trap(); /* run from the repository, or set INFRA_COST_DATA */
	}
	infracost_error_clear();
	fuzz_estimate(catalog, (const char *)data, size, "fuzz.json");
	check_place(data, size);
	return 0;
}
