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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	fuzz_spec_input((const char *)data, size, "fuzz.json", lines);
	return 0;
}
