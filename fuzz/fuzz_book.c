/* fuzz_book.c - libFuzzer target: a price book (CSV) loaded into a catalog,
 * then every row looked up again; the first rows are also priced by a small
 * spec naming their provider, region and SKU, and the estimate rendered in
 * every format (checked by fuzz_render.h: valid JSON, no raw control
 * characters, inert error messages). Built by scripts/fuzz. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <infracost.h>

#include "fuzz_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s as a JSON string literal at o (room: 6 x strlen + 3). */
static char *json_str(char *o, const char *s)
{
	*o++ = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == '"' || c == '\\')
			o += sprintf(o, "\\u%04x", c);
		else
			*o++ = (char)c;
	}
	*o++ = '"';
	*o = '\0';
	return o;
}

/* Price one row as a vm (reserved or spot when its purchase says so) and
 * as a custom item; render whatever comes out. */
static void price_row(const infracost_catalog *catalog, const infracost_price *row)
{
	static char spec_text[8192];
	static const char *const reserved[] = {
		"reserved_1yr_no_upfront",      "reserved_1yr_partial_upfront",
		"reserved_1yr_all_upfront",     "reserved_3yr_no_upfront",
		"reserved_3yr_partial_upfront", "reserved_3yr_all_upfront"};
	static const char *const terms[] = {"1yr", "3yr"};
	static const char *const payments[] = {"no_upfront", "partial_upfront", "all_upfront"};
	char purchase[128] = "";
	char *o = spec_text;

	if (strlen(row->provider) + strlen(row->region) + strlen(row->sku) > 1000)
		return;
	for (int i = 0; i < 6; i++)
		if (strcmp(row->purchase, reserved[i]) == 0)
			snprintf(purchase, sizeof(purchase),
				 ", \"purchase\": { \"reserved\": { \"count\": 2, \"term\": \"%s\","
				 " \"payment\": \"%s\" } }",
				 terms[i / 3], payments[i % 3]);
	if (strcmp(row->purchase, "spot") == 0)
		snprintf(purchase, sizeof(purchase), ", \"purchase\": { \"spot\": 0.5 }");
	o += sprintf(o, "{ \"name\": \"fuzz\", \"provider\": ");
	o = json_str(o, row->provider);
	o += sprintf(o, ", \"region\": ");
	o = json_str(o, row->region);
	o += sprintf(o, ", \"services\": [ { \"name\": ");
	o = json_str(o, row->sku);
	o += sprintf(o, ", \"type\": \"vm\", \"instance_type\": ");
	o = json_str(o, row->sku);
	o += sprintf(o, ", \"replicas\": 3%s } ] }", purchase);
	fuzz_estimate(catalog, spec_text, (size_t)(o - spec_text), "row.json");
}

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
			if (i < 4)
				price_row(catalog, row);
		}
	} else {
		fuzz_check_error();
	}
	infracost_catalog_free(catalog);
	return 0;
}
