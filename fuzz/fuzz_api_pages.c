/* fuzz_api_pages.c - libFuzzer target: one JSON document read as each of
 * the small feed files: an Azure Retail Prices page, a GCP skus.list page
 * (then the machine types composed from it), AWS Spot Advisor data, and the
 * AWS offer and region indexes. Every row is checked finite and >= 0.
 * Built by scripts/fuzz. */
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "feed.h"
#include "fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_link(void *ctx, const char *a, const char *b)
{
	(void)ctx;
	(void)a;
	(void)b;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	infracost_feed_sink sink = fuzz_sink;
	infracost_gcp_state *st = NULL;
	char *next = NULL;

	infracost__azure_page(json, size, "azure.json", NULL, &sink, &next);
	infracost__free(next);
	next = NULL;
	if (infracost__gcp_new(&st) == 0) {
		if (infracost__gcp_skus_page(st, json, size, "gcp.json", NULL, &sink, &next) == 0)
			infracost__gcp_finish(st, &sink);
		infracost__free(next);
		infracost__gcp_free(st);
	}
	infracost__aws_spot_advisor(json, size, "spot.json", &sink);
	infracost__aws_offer_index(json, size, "index.json", on_link, NULL);
	infracost__aws_region_index(json, size, "region_index.json", on_link, NULL);
	return 0;
}
