/* fuzz_sink.h - the feed sink the feed fuzz targets share: every row must
 * carry a finite price and upfront >= 0 (never a wrong number), and a
 * Spot Advisor record its documented ranges; anything else traps. */
#ifndef INFRACOST_FUZZ_SINK_H
#define INFRACOST_FUZZ_SINK_H

#include <math.h>

#include "feed.h"

static int fuzz_row(void *ctx, const infracost_price *row)
{
	(void)ctx;
	if (!(row->price >= 0) || !isfinite(row->price) || !(row->upfront >= 0) ||
	    !isfinite(row->upfront))
		__builtin_trap();
	return 0;
}

static int fuzz_meta(void *ctx, const char *key, const char *value)
{
	(void)ctx;
	(void)key;
	(void)value;
	return 0;
}

static int fuzz_advice(void *ctx, const char *region, const char *os, const char *type, int bucket,
		       int savings)
{
	(void)ctx;
	(void)region;
	(void)os;
	(void)type;
	if (bucket < 0 || bucket > 4 || savings < 0 || savings > 100)
		__builtin_trap();
	return 0;
}

static const infracost_feed_sink fuzz_sink = {fuzz_row, fuzz_meta, fuzz_advice, NULL, NULL};

#endif
