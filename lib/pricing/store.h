/* store.h - internals of the price store (store.c is the only user of
 * SQLite). Imports stream rows into one transaction. */
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

#endif
