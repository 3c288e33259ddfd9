/*
 * infracost/store.h - the local price store (a SQLite file) and the
 * pricing feeds that fill it.
 *
 * `infracost_fetch` pulls a provider's public price feed (AWS Price List
 * bulk files, Azure Retail Prices API, GCP Cloud Billing Catalog),
 * normalizes it to price-book keys (docs/price-book.md) and imports it;
 * `infracost_import_file` does the same from a file downloaded earlier.
 * Each import is one transaction: a failed, interrupted or malformed
 * import leaves the store exactly as it was. The store keeps, for every
 * source (provider, feed service, region), the current version and the
 * one before it, so changes can be listed.
 *
 * Thread safety: one thread at a time per store handle.
 */
#ifndef INFRACOST_STORE_H
#define INFRACOST_STORE_H

#include "infracost/common.h"
#include "infracost/catalog.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct infracost_store infracost_store;

/* $INFRA_COST_STORE, else $XDG_CACHE_HOME/infra-cost/prices.db, else
 * $HOME/.cache/infra-cost/prices.db. */
INFRACOST_API const char *infracost_store_default_path(void);

/* Open (creating the file, its directory and schema when missing). path
 * is a file name, never a SQLite URI. A store that exists but whose file
 * or directory is not writable is opened read-only: reading works, an
 * import fails with INFRACOST_EDB ("the price store is read-only"). */
INFRACOST_API int infracost_store_open(infracost_store **out, const char *path);

/* Close. Accepts NULL. */
INFRACOST_API void infracost_store_close(infracost_store *store);

/* One imported version of a source. Strings are owned by the array. */
typedef struct infracost_source {
	long long id;
	const char *provider; /* "aws", "azure", "gcp" */
	const char
		*service;   /* the feed's name: "AmazonEC2", "Virtual Machines", "Compute Engine" */
	const char *region; /* "us-east-1", or "" for all regions of a feed */
	const char *format; /* "aws-json", "aws-csv", "azure", "gcp", "aws-spot-advisor" */
	const char *version;       /* the feed's version ("20240528203522"), or "" */
	const char *published;     /* the feed's publication date (ISO 8601), or "" */
	const char *fetched_at;    /* when it was imported (ISO 8601, UTC) */
	const char *checked_at;    /* last time the feed was asked (a 304 moves only this) */
	const char *etag;          /* of the download, or "" */
	const char *last_modified; /* of the download, or "" */
	const char *url;           /* where it came from (file path for imports) */
	long long rows;
	int current; /* 1: used by estimates; 0: the version before */
} infracost_source;

/* Every source version, current ones first, newest first. Free with
 * infracost_sources_free. */
INFRACOST_API int infracost_store_sources(infracost_source **out, size_t *out_count,
					  infracost_store *store);
INFRACOST_API void infracost_sources_free(infracost_source *sources, size_t count);

/* Layer the current prices of the store on top of the catalog (as one
 * book named "store:PATH"; rows carry their source's feed and date). */
INFRACOST_API int infracost_catalog_load_store(infracost_catalog *catalog, infracost_store *store);

/* Filters for listing; NULL fields match everything. */
typedef struct infracost_price_filter {
	const char *provider, *service, *region, *sku, *purchase;
} infracost_price_filter;

/* Call `row` for each current price matching the filter, in key order. */
INFRACOST_API int infracost_store_list(infracost_store *store, const infracost_price_filter *filter,
				       int (*row)(void *ctx, const infracost_price *row),
				       void *ctx);

/*
 * Changes between the previous and the current version of a source named
 * "provider/service/region" (region may be empty: "aws/AmazonS3/"):
 * `change` is called with before (NULL when added) and after (NULL when
 * removed) for every key whose price or upfront differs.
 */
INFRACOST_API int infracost_store_diff(infracost_store *store, const char *source,
				       int (*change)(void *ctx, const infracost_price *before,
						     const infracost_price *after),
				       void *ctx);

/* Options of a fetch or an import; initialize with INFRACOST_FETCH_OPTIONS_INIT. */
typedef struct infracost_fetch_options {
	unsigned int version;
	const char *endpoint;        /* base URL instead of the provider's (mirrors, tests) */
	const char *const *services; /* feed services ("AmazonEC2"); NULL: the defaults */
	size_t service_count;
	const char *const *regions; /* NULL: the provider's default regions */
	size_t region_count;
	const char *format; /* aws: "json" (default) or "csv" */
	int progress;       /* -1 auto (stderr is a terminal), 0, 1 */
	int allow_http;     /* plain http to a non-loopback endpoint */
	long timeout_s;     /* low-speed timeout; 0: default */
	int max_retries;    /* -1: default */
	long backoff_ms;    /* first retry delay; 0: default */
} infracost_fetch_options;

#define INFRACOST_FETCH_OPTIONS_VERSION 1
#define INFRACOST_FETCH_OPTIONS_INIT                                                               \
	{                                                                                          \
		INFRACOST_FETCH_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, NULL, -1, 0, 0, -1, 0     \
	}

/* What a fetch or import did, for each source touched. */
typedef struct infracost_fetch_report {
	size_t sources_updated;   /* new versions imported */
	size_t sources_unchanged; /* 304 Not Modified */
	long long rows;           /* rows imported */
	long long skipped;        /* records of the feed that map to no price-book key */
} infracost_fetch_report;

/*
 * Fetch a provider's feed ("aws", "azure", "gcp") into the store. GCP
 * needs an API key in $INFRA_COST_GCP_API_KEY (never printed or logged).
 * A failure leaves every source that was not yet imported as it was.
 */
INFRACOST_API int infracost_fetch(infracost_store *store, const char *provider,
				  const infracost_fetch_options *options,
				  infracost_fetch_report *report);

/*
 * Ask every fetch and import running in the process to stop (cancel = 1),
 * or allow them again (0). A stopped one returns INFRACOST_ERROR with the
 * message "...: interrupted": within about a second during a download,
 * at the next row while importing, at once before it starts. It has removed
 * its temporary files and left the store as it was for the source it was
 * importing. The request stays until infracost_fetch_cancel(0).
 *
 * Async-signal-safe: a host's SIGINT or SIGTERM handler may call it (the
 * library installs no signal handler). A fetch also removes the temporary
 * files ("$TMPDIR/infra-cost-PID-*") that fetches of processes no longer
 * running left behind (killed with SIGKILL, crashed), once a minute old.
 */
INFRACOST_API void infracost_fetch_cancel(int cancel);

/*
 * Import a downloaded file: format "aws-json", "aws-csv" (an offer file),
 * "azure" (a Retail Prices API response page, or a JSON array of items),
 * "gcp" (a skus.list response) or "aws-spot-advisor".
 */
INFRACOST_API int infracost_import_file(infracost_store *store, const char *path,
					const char *format, const infracost_fetch_options *options,
					infracost_fetch_report *report);

#ifdef __cplusplus
}
#endif

#endif
