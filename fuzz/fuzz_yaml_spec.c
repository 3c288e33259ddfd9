/* fuzz_yaml_spec.c - libFuzzer target: a YAML spec (lib/formats/yamldoc.c,
 * libyaml) validated, then estimated against the shipped price snapshot and
 * rendered as JSON, table, Markdown and CSV, as fuzz_spec.c does for JSON:
 * the JSON must be valid, the others and every error message free of raw
 * control characters (fuzz_render.h); the line of every error (libyaml's,
 * or found again from the value's path) must be a line of the input.
 * Aliases, tags, documents and nesting are the YAML reader's own ground:
 * seeds are the YAML specs of tests/data and examples/. Built by
 * scripts/fuzz (clang, -fsanitize=fuzzer,address,undefined). */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

#include "fuzz_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The line of an error is at most one more than the line breaks libyaml
 * may count ('\n', a lone '\r', NEL, LS, PS: each byte that can end one is
 * counted); a UTF-16 text (a byte order mark) is not checked. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int lines = 2;
	if (size >= 2 &&
	    ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
		lines = 0;
	for (size_t i = 0; lines && i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r' || data[i] == 0x85 || data[i] == 0xA8 ||
			 data[i] == 0xA9;
	fuzz_spec_input((const char *)data, size, "fuzz.yaml", lines);
	return 0;
}
