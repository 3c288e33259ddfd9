/* fuzz_terraform.c - libFuzzer target: a Terraform plan (JSON) converted to
 * a spec (lib/inputs/terraform.c, read as a stream by jstream.c), the spec
 * text checked as JSON, loaded and estimated against the shipped price
 * snapshot and rendered in every format (fuzz_render.h): valid JSON, no raw
 * control characters, error messages one inert line. Seeded by scripts/fuzz
 * with the real plans of ../shared/samples/terraform and
 * examples/terraform. Built by scripts/fuzz (clang,
 * -fsanitize=fuzzer,address,undefined). */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

#include "fuzz_render.h"

static infracost_catalog *catalog;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = NULL;
	size_t len = 0;

	if (!catalog)
		catalog = fuzz_catalog();
	infracost_error_clear();
	if (infracost_terraform_convert_buffer(&spec, &len, (const char *)data, size, "plan.json",
					       NULL) != 0) {
		fuzz_check_error();
		return 0;
	}
	/* what the converter writes is JSON, whatever the plan held */
	fuzz_check_json(spec);
	fuzz_estimate(catalog, spec, len, "plan.json");
	infracost_free(spec);
	return 0;
}
