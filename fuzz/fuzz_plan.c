/* fuzz_plan.c - libFuzzer target: a spec (JSON) validated, then simulated
 * (16 months, one thread) and given a recommendation against the shipped
 * price snapshot. Slower per input than fuzz_spec (a recommendation prices
 * every reserved count), so the smoke run gives it fewer inputs. Built by
 * scripts/fuzz. */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

static infracost_catalog *catalog;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	infracost_spec *spec = NULL;
	infracost_simulate_options so = INFRACOST_SIMULATE_OPTIONS_INIT;
	infracost_simulation *sim = NULL;
	infracost_recommendation *rec = NULL;
	char *text = NULL;

	if (!catalog) {
		infracost_global_init();
		if (infracost_catalog_new(&catalog) || infracost_catalog_load_default(catalog))
			__builtin_trap(); /* run from the repository, or set INFRA_COST_DATA */
	}
	if (infracost_spec_load_string(&spec, (const char *)data, size, "fuzz.json"))
		return 0;
	so.samples = 16;
	so.threads = 1;
	if (infracost_simulate(&sim, spec, catalog, &so) == 0 &&
	    infracost_simulation_render(&text, NULL, sim, INFRACOST_FORMAT_JSON) == 0)
		infracost_free(text);
	infracost_simulation_free(sim);
	text = NULL;
	if (infracost_recommend(&rec, spec, catalog, NULL) == 0) {
		if (infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_JSON) == 0)
			infracost_free(text);
		text = NULL;
		if (infracost_recommendation_render(&text, NULL, rec, INFRACOST_FORMAT_TABLE) == 0)
			infracost_free(text);
	}
	infracost_recommendation_free(rec);
	infracost_spec_free(spec);
	return 0;
}
