/* fuzz_aws_offer.c - libFuzzer target: an AWS Price List offer file, read
 * as CSV (lib/csvstream.c) and as JSON (lib/jstream.c), through the feed
 * parser with a sink that checks every row. Built by scripts/fuzz. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_row(void *ctx, const infracost_price *row)
{
	(void)ctx;
	/* Never a wrong number: a row's price is a finite number >= 0. */
	if (!(row->price >= 0) || !isfinite(row->price) || !(row->upfront >= 0))
		__builtin_trap();
	return 0;
}

static int on_meta(void *ctx, const char *key, const char *value)
{
	(void)ctx;
	(void)key;
	(void)value;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	infracost_feed_sink sink = {on_row, on_meta, NULL, NULL, NULL};
	for (int form = 0; form < 2 && size > 0; form++) {
		FILE *f = fmemopen((void *)data, size, "rb");
		if (!f)
			return 0;
		if (form == 0)
			infracost__aws_offer_csv(f, "fuzz.csv", NULL, &sink);
		else
			infracost__aws_offer_json(f, "fuzz.json", NULL, &sink);
		fclose(f);
	}
	return 0;
}
