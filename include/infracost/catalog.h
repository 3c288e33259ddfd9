/*
 * infracost/catalog.h - the price catalog: layered price books.
 *
 * A catalog holds price rows keyed by (provider, service, region, sku,
 * purchase, unit, tier_start). Books are loaded in order; a row of a later
 * book replaces the row of an earlier book with the same key. Rows of one
 * key that differ only in tier_start form a tier ladder.
 *
 * Thread safety: loading modifies the catalog and needs exclusive access;
 * once loading is done, a catalog may be read (looked up, estimated
 * against) from any number of threads at once.
 */
#ifndef INFRACOST_CATALOG_H
#define INFRACOST_CATALOG_H

#include "infracost/common.h"
#include "infracost/spec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct infracost_catalog infracost_catalog;

/* One price row. All strings are owned by the catalog. */
typedef struct infracost_price {
	const char *provider;       /* "aws", "gcp", "azure", ... */
	const char *service;        /* catalog service: "ec2", "rds", ... */
	const char *region;         /* "us-east-1", or "global" */
	const char *sku;            /* "m5.large", "postgresql:db.t3.medium:single_az", ... */
	const char *purchase;       /* "on_demand", "spot", "reserved_1yr_no_upfront", ... */
	const char *unit;           /* "hour", "gb_month", ... */
	double price;               /* USD per unit, recurring */
	double upfront;             /* USD once per reserved unit (0 when none) */
	double tier_start;          /* usage from which this price applies */
	double vcpu;                /* size of one unit, or -1 when not given */
	double memory_gb;           /* size of one unit, or -1 when not given */
	const char *effective_date; /* "" when not given */
	const char *source;         /* "" when not given */
	const char *origin;         /* "book.csv:12": the file and line it came from */
	const char *arch;           /* "x86_64", "arm64", or "" when not given */
	/* 1: a reserved row whose price is the effective hourly rate (recurring
	 * plus upfront spread over the term), its upfront cash unknown (upfront
	 * is 0 and means nothing); 0: price and upfront are as billed (a
	 * no_upfront row always: its effective rate is its recurring fee). */
	int effective;
} infracost_price;

/* A new, empty catalog. */
INFRACOST_API int infracost_catalog_new(infracost_catalog **out);

/* Free a catalog and everything borrowed from it. Accepts NULL. */
INFRACOST_API void infracost_catalog_free(infracost_catalog *catalog);

/*
 * Layer a price book (CSV) on top of what the catalog holds. On failure
 * the catalog is left exactly as it was, and the error names the file,
 * line and column.
 */
INFRACOST_API int infracost_catalog_load_file(infracost_catalog *catalog, const char *path);

/* The same, from memory; `name` names the book in errors and origins. */
INFRACOST_API int infracost_catalog_load_buffer(infracost_catalog *catalog, const char *data,
						size_t len, const char *name);

/* Layer every "*.csv" file of a directory, in byte order of their names. */
INFRACOST_API int infracost_catalog_load_dir(infracost_catalog *catalog, const char *dir);

/*
 * The directory of the shipped price snapshot: $INFRA_COST_DATA when set,
 * else the installed data directory when it exists, else the source tree's
 * pricing-data/ that the library was built from.
 */
INFRACOST_API const char *infracost_default_data_dir(void);

/*
 * The compiled snapshot: the shipped books compiled at build time into one
 * read-only SQLite file (share/infracost/snapshot.db, installed with the
 * library), so that a catalog looks up the keys it needs instead of parsing
 * every book. $INFRA_COST_SNAPSHOT names another one ("" : none); else the
 * one beside the library (installed, or in the build tree). NULL: none.
 * The default loaders below use it for the books of infracost_default_data_dir()
 * (unless $INFRA_COST_DATA names a directory it was not compiled from:
 * those books are then read as CSV).
 */
INFRACOST_API const char *infracost_default_snapshot(void);

/*
 * Attach a compiled snapshot below every other layer of the catalog: a
 * look-up reads the rows of its provider, service, region and sku from the
 * file the first time it needs them (a key that a book, store or feed of
 * the catalog holds keeps that layer's rows, taking only the sizes they
 * lack). One snapshot per catalog. Look-ups may then run from several
 * threads at once: the catalog serialises them.
 */
INFRACOST_API int infracost_catalog_load_snapshot(infracost_catalog *catalog, const char *path);

/*
 * Compile price books (files, or directories: their "*.csv" in name order)
 * into a snapshot file at `out` (replaced atomically): the rows of the
 * books layered in order, with their book and line for origins. Any error
 * of a book is returned as infracost_catalog_load_file() gives it.
 */
INFRACOST_API int infracost_snapshot_compile(const char *out, const char *const *books, size_t n);

/* Layer the shipped snapshot: every row of every book (from the compiled
 * snapshot when there is one, else the books of infracost_default_data_dir()). */
INFRACOST_API int infracost_catalog_load_default(infracost_catalog *catalog);

/* Layer the shipped rows of one provider, service and region (NULL: any;
 * service and region count only after a provider, region only after a
 * service, with a compiled snapshot; without one, the books of the
 * provider and region are read): for listing. */
INFRACOST_API int infracost_catalog_load_default_rows(infracost_catalog *catalog,
						      const char *provider, const char *service,
						      const char *region);

/* A provider and a region that prices are needed for ("aws", "us-east-1"). */
typedef struct infracost_region_ref {
	const char *provider;
	const char *region;
} infracost_region_ref;

/*
 * Layer only the books of a directory that `pairs` (n of them) need, in
 * byte order of their names as infracost_catalog_load_dir() does. A book's
 * file name is split at its first '-' ("aws-us-east-1.csv": provider aws,
 * region us-east-1):
 *
 * - "PROVIDER-REGION.csv" is loaded when a pair is (PROVIDER, REGION), and
 *   "PROVIDER-global.csv" when a pair's provider is PROVIDER;
 * - a book whose name has no '-', or nothing before or after it, is always
 *   loaded;
 * - when no book is named for a pair, every book of its provider is loaded
 *   (a mistyped region still gets the closest keys of that provider), and
 *   when no book is named for its provider either, every book.
 *
 * Books are chosen by name alone, before any is read: a book named
 * PROVIDER-REGION.csv must hold only rows of that provider and region
 * (PROVIDER-global.csv: its regionless rows), or a row of another place is
 * missed when the book is not needed. Name a book of your own without a
 * '-' to have it always loaded. The catalog is complete when this returns:
 * look-ups never load more. A directory without any "*.csv" is an error,
 * as for infracost_catalog_load_dir(); choosing none of its books is not.
 * The same pair twice counts once; n may be 0 (pairs NULL).
 */
INFRACOST_API int infracost_catalog_load_dir_for(infracost_catalog *catalog, const char *dir,
						 const infracost_region_ref *pairs, size_t n);

/* What a spec in those places needs of the shipped snapshot: the compiled
 * snapshot attached (infracost_catalog_load_snapshot()) when there is one,
 * else infracost_catalog_load_dir_for() on its books. */
INFRACOST_API int infracost_catalog_load_default_for(infracost_catalog *catalog,
						     const infracost_region_ref *pairs, size_t n);

/*
 * The distinct (provider, region) pairs a spec prices in: those of every
 * environment and of every service in every environment it is deployed to
 * (overrides applied), in order of first use. *out is the caller's, freed
 * with infracost_free(); its strings are borrowed from the spec. A spec
 * with no pair gives *out NULL and *out_count 0.
 */
INFRACOST_API int infracost_spec_regions(infracost_region_ref **out, size_t *out_count,
					 const infracost_spec *spec);

/* Layer the books of the shipped snapshot that `spec` needs:
 * infracost_spec_regions() and infracost_catalog_load_default_for(). */
INFRACOST_API int infracost_catalog_load_default_for_spec(infracost_catalog *catalog,
							  const infracost_spec *spec);

/* Pointers returned by infracost_catalog_get() and infracost_catalog_lookup()
 * stay valid until the next load into the catalog (the look-ups of an
 * attached snapshot do not move rows). */

/* Number of price rows (every tier counts): with a snapshot attached, the
 * rows looked up so far. */
INFRACOST_API size_t infracost_catalog_count(const infracost_catalog *catalog);

/* Row i (0 <= i < count) in load order of their keys; NULL when out of range. */
INFRACOST_API const infracost_price *infracost_catalog_get(const infracost_catalog *catalog,
							   size_t i);

/*
 * Look up the tier ladder of a key. `unit` may be NULL to accept any unit
 * (the first unit loaded for that key is taken). On success *out points to
 * *out_count rows sorted by tier_start (borrowed from the catalog).
 * A miss returns INFRACOST_ENOTFOUND; the error message names the full key
 * and up to three closest keys that exist.
 */
INFRACOST_API int infracost_catalog_lookup(const infracost_price **out, size_t *out_count,
					   const infracost_catalog *catalog, const char *provider,
					   const char *service, const char *region, const char *sku,
					   const char *purchase, const char *unit);

/*
 * Cost of `quantity` units billed on a tier ladder: usage between two
 * tier starts is billed at the lower row's price.
 */
INFRACOST_API double infracost_price_tiered_cost(const infracost_price *tiers, size_t count,
						 double quantity);

/*
 * How old a row's price is: *out is the number of days from its
 * effective_date to today (UTC; $INFRA_COST_TODAY=YYYY-MM-DD replaces the
 * clock, for tests and reproducible runs), negative for a date in the
 * future. An undated row (effective_date "", "undated" or anything not
 * starting with YYYY-MM) returns INFRACOST_ENOTFOUND without recording an
 * error: it is never taken as fresh.
 */
INFRACOST_API int infracost_price_age_days(long *out, const infracost_price *price);

#ifdef __cplusplus
}
#endif

#endif
