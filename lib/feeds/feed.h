/* feed.h - what the pricing-feed parsers (feed_aws.c, feed_azure.c,
 * feed_gcp.c) hand to whoever imports them (fetch.c into the store).
 *
 * A parser turns a provider's own price file or API page into price-book
 * rows keyed as docs/price-book.md says (provider, service, region, sku,
 * purchase, unit, price, upfront, tier_start, vcpu, memory_gb,
 * effective_date, source). It never invents a row: a record it cannot map
 * exactly (unknown unit, other currency, an attribute it does not know)
 * is skipped and counted, or is an error when it makes the file unusable
 * (a currency other than USD everywhere, malformed JSON/CSV). Memory must
 * not grow with the size of the input (streaming). */
#ifndef INFRACOST_FEED_H
#define INFRACOST_FEED_H

#include <stdio.h>

#include "infracost/catalog.h"

typedef struct infracost_feed_sink {
	/* One normalized row; the strings are only valid during the call.
	 * Return 0 to go on, a negative INFRACOST_E* code to stop. */
	int (*row)(void *ctx, const infracost_price *row);
	/* Facts about the file: key is "version", "publication_date",
	 * "offer_code", "region", "currency", "skipped" (a count, as text). */
	int (*meta)(void *ctx, const char *key, const char *value);
	/* AWS Spot Advisor: interruption bucket (0 "<5%" .. 4 ">20%") and
	 * savings percent against on-demand, per region, OS and type. May be
	 * NULL when the caller does not keep them. */
	int (*spot_advice)(void *ctx, const char *region, const char *os, const char *instance_type,
			   int interruption_bucket, int savings_pct);
	void *ctx;
	/* Optional: the bytes of the file read so far, after each read of an
	 * offer file (for a progress line). */
	void (*read)(void *ctx, unsigned long long bytes);
} infracost_feed_sink;

/* What to keep; NULL / 0 means everything. */
typedef struct infracost_feed_filter {
	const char *const *regions; /* provider region codes ("us-east-1", "eastus") */
	size_t nregions;
} infracost_feed_filter;

/* ---- AWS Price List bulk API (feed_aws.c) ---- */

/* The offer index (offers/v1.0/aws/index.json): calls `offer` for each
 * offer code with its currentRegionIndexUrl (host-relative). */
int infracost__aws_offer_index(const char *json, size_t len, const char *source,
			       int (*offer)(void *ctx, const char *offer_code,
					    const char *region_index_url),
			       void *ctx);

/* A region index (.../current/region_index.json): calls `region` for each
 * region with its currentVersionUrl (host-relative, ".json"; the CSV file
 * is the same URL with ".csv"). */
int infracost__aws_region_index(const char *json, size_t len, const char *source,
				int (*region)(void *ctx, const char *region_code,
					      const char *version_url),
				void *ctx);

/* A regional (or global) offer file, JSON or CSV, read as a stream from
 * `in`. The service is taken from the file's offerCode: AmazonEC2 (Linux,
 * shared tenancy, capacitystatus Used, no pre-installed software: on
 * demand and every standard reserved term with its upfront fee; EBS
 * volumes; NAT gateway hours and data), AmazonECS (Fargate vCPU and GB
 * hours, x86 and arm64, on demand and spot), AmazonRDS (instances per
 * engine, single and Multi-AZ; storage per type and deployment; backup),
 * AmazonElastiCache (nodes per engine, on demand and reserved),
 * AWSELB (ALB hours and LCU), AmazonS3 (storage classes with tiers),
 * AWSLambda (requests and GB-seconds per architecture, tiers),
 * AWSDataTransfer (out to the internet, tiers). */
int infracost__aws_offer_json(FILE *in, const char *source, const infracost_feed_filter *filter,
			      infracost_feed_sink *sink);
int infracost__aws_offer_csv(FILE *in, const char *source, const infracost_feed_filter *filter,
			     infracost_feed_sink *sink);

/* Test hook: the most memory the AWS offer parsers held at once (bytes). */
size_t infracost__aws_feed_peak_memory(void);

/* Spot Advisor data (spot-advisor-data.json). */
int infracost__aws_spot_advisor(const char *json, size_t len, const char *source,
				infracost_feed_sink *sink);

/* ---- Azure Retail Prices API (feed_azure.c) ---- */

/* One page: rows for its Items; *next_link (caller frees with
 * infracost__free) is the NextPageLink, or NULL at the last page.
 * Consumption -> on_demand, "... Spot" meters -> spot, Reservation ->
 * reserved_{1yr,3yr}_all_upfront with the whole-term price as upfront;
 * unitOfMeasure blocks ("100 Hours", "10K", "1 GB/Month") divided out. */
int infracost__azure_page(const char *json, size_t len, const char *source,
			  const infracost_feed_filter *filter, infracost_feed_sink *sink,
			  char **next_link);

/* ---- GCP Cloud Billing Catalog (feed_gcp.c) ---- */

typedef struct infracost_gcp_state infracost_gcp_state;
int infracost__gcp_new(infracost_gcp_state **out);
void infracost__gcp_free(infracost_gcp_state *st);
/* One skus.list page: per-core and per-GiB prices are kept in `st`; other
 * SKUs may be emitted directly. *next_token is the nextPageToken or NULL. */
int infracost__gcp_skus_page(infracost_gcp_state *st, const char *json, size_t len,
			     const char *source, const infracost_feed_filter *filter,
			     infracost_feed_sink *sink, char **next_token);
/* After the last page: machine types of the e2, n2, n2d, c3 and t2d
 * families composed from their core and RAM prices (on demand and spot). */
int infracost__gcp_finish(infracost_gcp_state *st, infracost_feed_sink *sink);

#endif
