/* store.h - internals of the price store and of the compiled snapshot
 * (store.c is the only user of SQLite). Imports stream rows into one
 * transaction. */
#ifndef INFRACOST_STORE_INTERNAL_H
#define INFRACOST_STORE_INTERNAL_H

#include "infracost/store.h"

typedef struct infracost_store_import infracost_store_import;

/* Identity and facts of the source being imported (strings copied). */
typedef struct infracost_source_info {
	const char *provider, *service, *region, *format;
	const char *version, *published, *url, *etag, *last_modified;
} infracost_source_info;

/* Start an import: a transaction that ends with commit or abort. */
int infracost__store_import_begin(infracost_store_import **out, infracost_store *store,
				  const infracost_source_info *info);
/* Add a row (strings copied). A second row with the same key replaces the first. */
int infracost__store_import_row(infracost_store_import *imp, const infracost_price *row);
/* Add a Spot Advisor record. */
int infracost__store_import_spot(infracost_store_import *imp, const char *region, const char *os,
				 const char *instance_type, int interruption_bucket,
				 int savings_pct);
/* Set "version" or "published" once the file has told them. */
int infracost__store_import_set(infracost_store_import *imp, const char *key, const char *value);
/* Make the new version current; the current one becomes the previous one
 * and older versions are deleted. Frees imp whatever the result; on
 * failure the store is as it was. *rows (may be NULL) gets the row count. */
int infracost__store_import_commit(infracost_store_import *imp, long long *rows);
/* Roll back and free. Accepts NULL. */
void infracost__store_import_abort(infracost_store_import *imp);

/* The ETag and Last-Modified of a source's current version, for a
 * conditional request ("" when unknown). */
int infracost__store_validators(infracost_store *store, const char *provider, const char *service,
				const char *region, char etag[256], char last_modified[64]);
/* A conditional request answered 304: note when the source was checked. */
int infracost__store_checked(infracost_store *store, const char *provider, const char *service,
			     const char *region);

/* Open with mode -1: read-write, or read-only when the file exists and it
 * or its directory is not writable (infracost_store_open); 0: read-write;
 * 1: read-only (then immutable when no -shm file can be made); 2: read-only
 * and immutable. Tests force 1 and 2: root may write anywhere. */
int infracost__store_open_mode(infracost_store **out, const char *path, int mode);
/* 0: read-write; 1 or 2 as above. */
int infracost__store_readonly(const infracost_store *store);

/* The store's path (for messages and the catalog book name). */
const char *infracost__store_path(const infracost_store *store);

/* ---- The compiled snapshot -------------------------------------------------
 *
 * The shipped price books compiled into one read-only SQLite file at build
 * time (infracost_snapshot_compile), so that an estimate looks up the few
 * keys it needs instead of parsing every book. Schema in store.c. */
typedef struct infracost_snapshot infracost_snapshot;

/* Open read-only; an error names the file (EIO: missing or unreadable;
 * EDB: not a snapshot, or of another version). */
int infracost__snapshot_open(infracost_snapshot **out, const char *path);
/* Accepts NULL. */
void infracost__snapshot_close(infracost_snapshot *snap);
const char *infracost__snapshot_path(const infracost_snapshot *snap);
/* The directory the books were compiled from (meta "books_dir"). */
const char *infracost__snapshot_books_dir(const infracost_snapshot *snap);

/* A row to a caller: strings borrowed until the callback returns; `book`
 * is the book's file name ("aws-us-east-1.csv"), `line` its line there. */
typedef int (*infracost_snapshot_row_fn)(void *ctx, const infracost_price *row, const char *book,
					 int line);

/* Every row whose key starts with the given parts, in key order (a NULL
 * part ends the prefix: all NULL, every row). `book_order`: in order of
 * book and line instead. A non-zero return of fn stops and is returned. */
int infracost__snapshot_rows(infracost_snapshot *snap, const char *provider, const char *service,
			     const char *region, const char *sku, int book_order,
			     infracost_snapshot_row_fn fn, void *ctx);

/* 1 when a row of provider/service/region has a sku starting with
 * sku_prefix, 0 when none, or an error code (< 0). */
int infracost__snapshot_has(infracost_snapshot *snap, const char *provider, const char *service,
			    const char *region, const char *sku_prefix);

/* Every (provider, service, region) with rows, in order of the first row's
 * book and line (the order an eager load would have made them in). */
typedef int (*infracost_snapshot_triple_fn)(void *ctx, const char *provider, const char *service,
					    const char *region);
int infracost__snapshot_triples(infracost_snapshot *snap, infracost_snapshot_triple_fn fn,
				void *ctx);

/* Write a snapshot of `catalog`: the rows of each book (books[i], in
 * order, whose rows have origins "NAME:LINE"), to path (written to a
 * temporary file first, then renamed). */
int infracost__snapshot_write(const char *path, const infracost_catalog *catalog,
			      const char *books_dir, const char *const *books, size_t nbooks);

#endif
