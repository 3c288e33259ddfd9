/* fuzz_spec.c - libFuzzer target: a spec (JSON, read by jansson through
 * lib/jsondoc.c) validated, then estimated against the shipped price
 * snapshot and rendered as JSON and a table. The line of every error (found
 * from the value's path, or jansson's) must be a line of the input.
 * Built by scripts/fuzz (clang, -fsanitize=fuzzer,address,undefined). */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

static infracost_catalog *catalog;

/* The error's place, when it has one, is inside the input. */
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
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	char *text = NULL;

	if (!catalog) {
		infracost_global_init();
		if (infracost_catalog_new(&catalog) || infracost_catalog_load_default(catalog))
			__builtin_trap(); /* run from the repository, or set INFRA_COST_DATA */
	}
	if (infracost_spec_load_string(&spec, (const char *)data, size, "fuzz.json") != 0)
		check_place(data, size);
	else if (infracost_estimate_compute(&est, spec, catalog, NULL) != 0)
		check_place(data, size);
	else {
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
