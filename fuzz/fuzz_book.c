/* fuzz_book.c - libFuzzer target: a price book (CSV) loaded into a catalog,
 * then every row looked up again. Built by scripts/fuzz. */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	infracost_catalog *catalog = NULL;

	if (infracost_catalog_new(&catalog))
		return 0;
	if (infracost_catalog_load_buffer(catalog, (const char *)data, size, "fuzz.csv") == 0) {
		for (size_t i = 0; i < infracost_catalog_count(catalog); i++) {
			const infracost_price *row = infracost_catalog_get(catalog, i), *found;
			size_t n;
			if (infracost_catalog_lookup(&found, &n, catalog, row->provider,
						     row->service, row->region, row->sku,
						     row->purchase, row->unit) != 0 ||
			    n == 0)
				__builtin_trap(); /* a loaded row must be found again */
		}
	}
	infracost_catalog_free(catalog);
	return 0;
}
