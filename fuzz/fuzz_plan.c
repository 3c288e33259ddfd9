/* fuzz_plan.c - libFuzzer target: a spec (JSON) validated, then simulated
 * (16 months, one thread) and given a recommendation against the shipped
 * price snapshot, each rendered as JSON (valid, never inf or nan) and as a
 * table (no raw control characters; fuzz_render.h). Slower per input than fuzz_spec (a recommendation prices
 * every reserved count), so the smoke run gives it fewer inputs. Built by
 * scripts/fuzz. */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

#include "fuzz_render.h"

static infracost_catalog *catalog;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	infracost_spec *spec = NULL;
	infracost_simulate_options so = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_simulation *sim = NULL;
	infracost_recommendation *rec = NULL;
	char *text = NULL;

	if (!catalog)
		catalog = fuzz_catalog();
	if (infracost_spec_load_string(&spec, (const char *)data, size, "fuzz.json")) {
		fuzz_check_error();
		return 0;
	}
	so.samples = 16;
	so.threads = 1;
	if (infracost_simulate(&sim, spec, catalog, &so) != 0) {
		fuzz_check_error();
	} else {
		if (infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_JSON) == 0)
			fuzz_check_json(text);
		infracost_free(text);
		text = NULL;
		if (infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_TABLE) == 0)
			fuzz_check_inert(text, 1);
		infracost_free(text);
		text = NULL;
	}
	infracost_simulation_free(sim);
	if (infracost_recommend(&rec, spec, catalog, NULL) != 0) {
		fuzz_check_error();
	} else {
		if (infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_JSON) == 0)
			fuzz_check_json(text);
		infracost_free(text);
		text = NULL;
		if (infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE) == 0)
			fuzz_check_inert(text, 1);
		infracost_free(text);
	}
	infracost_recommendation_free(rec);
	infracost_spec_free(spec);
	return 0;
}
