/* catalog.h - internals of the price catalog shared with the estimate engine. */
#ifndef INFRACOST_CATALOG_INTERNAL_H
#define INFRACOST_CATALOG_INTERNAL_H

#include "infracost/catalog.h"
#include "buf.h"

/* Like infracost_catalog_lookup, but a miss returns INFRACOST_ENOTFOUND
 * without recording an error. */
int infracost__catalog_find(const infracost_price **out, size_t *out_count,
			    const infracost_catalog *catalog, const char *provider,
			    const char *service, const char *region, const char *sku,
			    const char *purchase, const char *unit);

/* Append "aws/ec2/us-east-1/m5.large/on_demand/hour" for a key. */
void infracost__catalog_key(infracost_buf *b, const char *provider, const char *service,
			    const char *region, const char *sku, const char *purchase,
			    const char *unit);

/* Append "closest: KEY, KEY, KEY" (or why there is none) for a missed key. */
void infracost__catalog_closest(infracost_buf *b, const infracost_catalog *catalog,
				const char *provider, const char *service, const char *region,
				const char *sku, const char *purchase, const char *unit);

/* 1 when the catalog has a row of provider/service/region (any purchase
 * and unit) whose sku starts with sku_prefix (NULL or "": any sku). */
int infracost__catalog_has(const infracost_catalog *catalog, const char *provider,
			   const char *service, const char *region, const char *sku_prefix);

/* Append the regions that have rows of provider/service ("us-east-1,
 * global"; the first 16, then " and more"), in load order; returns how
 * many were listed (0: none, nothing appended). */
size_t infracost__catalog_regions(infracost_buf *b, const infracost_catalog *catalog,
				  const char *provider, const char *service);

/* A book built row by row instead of parsed from CSV (the store uses it):
 * rows are checked as a CSV book's are, and the commit layers them on the
 * catalog with the same rules; on any failure the catalog is unchanged. */
typedef struct infracost_book infracost_book;
int infracost__catalog_book_begin(infracost_book **out, infracost_catalog *catalog,
				  const char *name);
/* Add a row (strings copied); `line` numbers it in origins and messages. */
int infracost__catalog_book_row(infracost_book *book, const infracost_price *row, int line);
/* Layer the rows and free the book (whatever the result). */
int infracost__catalog_book_commit(infracost_book *book);
/* Drop the rows and free the book. Accepts NULL. */
void infracost__catalog_book_abort(infracost_book *book);

/* Call fn for every tier ladder of a provider, service, region, purchase
 * and unit (any sku), in load order; a non-zero return stops and is returned. */
int infracost__catalog_each(const infracost_catalog *catalog, const char *provider,
			    const char *service, const char *region, const char *purchase,
			    const char *unit,
			    int (*fn)(void *ctx, const infracost_price *tiers, size_t count),
			    void *ctx);

/* The date of a row: 1 and *y, *m, *d when its effective_date starts with
 * a date "YYYY-MM-DD" (or "YYYY-MM": day 1); 0 when it is undated ("",
 * "undated" or any other text). */
int infracost__price_date(const infracost_price *p, int *y, int *m, int *d);

/* Today (UTC), or $INFRA_COST_TODAY when it holds a date "YYYY-MM-DD". */
void infracost__today(int *y, int *m, int *d);

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar. */
long infracost__days_from_civil(int y, int m, int d);

/* 1 when `purchase` is one of the purchase options a book may name. */
int infracost__purchase_valid(const char *purchase);

#endif
