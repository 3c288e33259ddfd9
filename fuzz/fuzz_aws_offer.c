/* fuzz_aws_offer.c - libFuzzer target: an AWS Price List offer file, read
 * as CSV (lib/formats/csvstream.c) and as JSON (lib/formats/jstream.c), through the feed
 * parser with a sink that checks every row. Built by scripts/fuzz. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "feed.h"
#include "fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	infracost_feed_sink sink = fuzz_sink;
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
