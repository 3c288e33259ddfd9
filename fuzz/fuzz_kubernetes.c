/* fuzz_kubernetes.c - libFuzzer target: Kubernetes manifests
 * (lib/inputs/kubernetes.c through lib/formats/yamldoc.c) converted to a
 * spec on Fargate and, from the same input, on nodes of m5.large; a
 * conversion that succeeds must give a spec that loads (what the converter
 * writes is always a valid spec), and every error message is one inert line
 * (fuzz_render.h). Seeds: tests/data/kubernetes and examples/kubernetes.
 * Built by scripts/fuzz. */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

#include "fuzz_render.h"

static infracost_catalog *catalog;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!catalog) {
		infracost_region_ref need = {"aws", "us-east-1"};
		infracost_global_init();
		if (infracost_catalog_new(&catalog) ||
		    infracost_catalog_load_default_for(catalog, &need, 1))
			__builtin_trap(); /* run from the repository, or set INFRA_COST_DATA */
	}
	for (int nodes = 0; nodes < 2; nodes++) {
		infracost_kubernetes_options o = INFRACOST_KUBERNETES_OPTIONS_INIT;
		infracost_spec *spec = NULL;
		char *text = NULL;
		size_t len = 0;
		o.region = "us-east-1";
		o.yaml = nodes; /* the YAML writer too */
		if (nodes) {
			o.node_type = "m5.large";
			o.catalog = catalog;
		}
		infracost_error_clear();
		if (infracost_convert_kubernetes_buffer(&text, &len, (const char *)data, size,
							"fuzz.yaml", &o) == 0) {
			if (infracost_spec_load_string(&spec, text, len,
						       nodes ? "k.yaml" : "k.json"))
				__builtin_trap(); /* the converter wrote a spec that is not valid */
			infracost_spec_free(spec);
		}
		fuzz_check_error();
		infracost_free(text);
	}
	return 0;
}
