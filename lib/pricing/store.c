/* store.c - the local price store: one SQLite file (the only user of SQLite).
 *
 * Schema (version 2, recorded in meta.schema_version):
 *
 *   meta(key TEXT PRIMARY KEY, value TEXT)            -- ('schema_version', '2')
 *
 *   sources(id INTEGER PRIMARY KEY AUTOINCREMENT,      -- one imported version of a source
 *           provider, service, region,                 -- the source: ("aws", "AmazonEC2", "us-east-1");
 *                                                      -- region '' for all regions of a feed
 *           format, version, published,                -- "aws-json", the feed's version and date
 *           fetched_at, checked_at,                    -- ISO 8601 UTC, "2026-11-26T20:15:00Z"
 *           etag, last_modified, url,                  -- of the download ('' when unknown)
 *           "rows",                                    -- price rows + spot advice rows
 *           "current",                                 -- 1: used by estimates, 0: the version before
 *           row_effective_date, row_source)            -- the version's common row values (below)
 *     UNIQUE INDEX sources_current ON (provider, service, region) WHERE "current" = 1
 *
 *   prices(source_id,                                  -- sources.id (no foreign key: see below)
 *          provider, service, region, sku, purchase, unit, tier_start,   -- the key (price-book.md)
 *          price, upfront, vcpu, memory_gb,            -- vcpu, memory_gb NULL when not given
 *          effective_date, source,                     -- '' when not given; NULL: the version's
 *                                                      -- row_effective_date, row_source
 *          PRIMARY KEY (provider, service, region, sku, purchase, unit, tier_start,
 *                       source_id DESC))
 *     WITHOUT ROWID
 *       -- The primary key is the index for listing: the table itself is
 *       -- stored in key order (newest source first within a key), so
 *       -- listing and loading every current price is one sequential scan
 *       -- with no sort and no look-up per row (a rowid table with two
 *       -- indexes listed 1M rows in 12 s, this in 1.7 s). It is the only
 *       -- b-tree: one version's rows (a diff, dropping an older version)
 *       -- are a scan of it filtered by source_id, still in key order, about
 *       -- 0.15-0.2 s a million rows, paid by a diff and by an import that
 *       -- drops a version. Version 1 kept a UNIQUE key for them (the same
 *       -- columns, source first): a second b-tree as large as the table,
 *       -- written with every row. A version's row count is counted as it
 *       -- is imported.
 *       -- No foreign key either: deleting a sources row would scan the
 *       -- table twice (SQLite checks, then cascades); the commit deletes
 *       -- an older version's prices itself, in one scan.
 *       -- A feed repeats its source ("aws AmazonEC2 v20240528203522") and
 *       -- mostly one date on every row: those of most rows of the first
 *       -- batch are stored once in sources, and rows that have them store
 *       -- NULL. What a reader gets is as before: the row's own value, else
 *       -- the version's (PRICE_COLUMNS).
 *
 *   spot_advice(source_id REFERENCES sources ON DELETE CASCADE,
 *               region, os, instance_type,
 *               bucket,                                -- interruption: 0 "<5%" .. 4 ">20%"
 *               savings,                               -- percent saved against on demand
 *               UNIQUE (source_id, region, os, instance_type))
 *
 * Page size 16 KiB for a new store (fixed once the file has a page): a
 * quarter of the WAL frames and writes of 4 KiB pages for the same bytes,
 * which makes the commit and the checkpoint cheaper. Version 1 stores keep
 * theirs.
 *
 * Upgrade. Opening a version 1 store upgrades it in one transaction
 * (upgrade_1_2_sql: the prices table rebuilt without its UNIQUE key and
 * foreign key, the sources columns added); a failure leaves it as it was. A
 * store of a newer version than SCHEMA_VERSION is refused.
 *
 * Versions. A source is (provider, service, region). An import is one
 * transaction (BEGIN IMMEDIATE): it adds a sources row with current = 0.
 * Its rows wait in a batch, sorted by key when it is full, a key met twice
 * keeping the last row, then go in through INSERT statements of 64 rows
 * (ON CONFLICT DO NOTHING, which counts the new keys; a key already there
 * from an earlier batch is then updated: the last row wins). Its commit
 * records the row count, deletes the versions older than the current one
 * (their prices first), turns the current version into the previous one
 * (current = 0) and the new one into the current one, then COMMITs. An
 * abort, an error or a process killed at any point before COMMIT leaves
 * the file as it was: that is SQLite's atomic commit.
 *
 * The import's thread. A full batch goes in on a thread of the import (C11
 * threads) while the caller fills the next one; the connection is the
 * thread's alone meanwhile: every other use of it during an import waits
 * for the thread first (import_wait, store_idle), and a failure of the
 * thread fails the import's next step. On the 100 MiB EC2 offer CSV this
 * hides most of the inserts behind the parser: the store's part of
 * `pricing import` went from 0.27 s (schema version 1) to 0.12 s with this
 * schema and the inserts above, and to 0.05 s with the thread (2 cores;
 * the CPU time is the same).
 *
 * Journal: WAL, set once when the schema is created (the mode is stored in
 * the file). An AWS offer file imports millions of rows; in rollback
 * (DELETE) mode such a transaction spills its page cache to the database
 * early, which takes the exclusive lock and blocks every reader (an
 * estimate with --store) until it commits. In WAL mode readers go on with
 * the last committed state for the whole import, a commit does not wait
 * for them, and synchronous=NORMAL is safe (a power cut may lose the last
 * commit, never corrupt the file). The cost: -wal and -shm files beside the
 * store and no network file systems, acceptable for a per-user cache.
 * journal_size_limit keeps a large import's WAL from staying on disk.
 *
 * Each connection: busy timeout 5 s (a second writer waits, then fails with
 * "database is locked"), foreign_keys on (for spot_advice), a page cache of
 * at most 64 MiB (feeds come in no key order: a larger cache makes a big
 * import's random inserts cheaper; memory stays bounded whatever the size
 * of the feed).
 *
 * Layering and listing take current versions only. When two current
 * sources hold the same key and tier (a feed for one region and one for
 * all regions), the one imported last wins: one row per key, as a book.
 *
 * Allocation: our own (the handle, the path, an import) go through
 * alloc.h; SQLite allocates for itself and is never reconfigured.
 */
#include "cnum.h"
#include "store.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "alloc.h"
#include "buf.h"
#include "catalog.h"
#include "error.h"
#include "http.h" /* infracost__url_split_userinfo */

#define SCHEMA_VERSION 2
#define BUSY_TIMEOUT_MS 5000
/* The page size of a new store (bytes, as SQL text). */
#define PAGE_SIZE "16384"

struct infracost_store {
	sqlite3 *db;
	char *path;
	infracost_store_import *import; /* the import in progress, or NULL */
	int readonly; /* 1: read-only, 2: read-only and immutable (see open_file) */
};

/* Rows wait in a batch, are sorted by key and then inserted: b-tree pages
 * are then filled in order instead of at random, several times faster for
 * a large feed, with memory bounded by the batch. A full batch is inserted
 * by a thread of the import while the next one fills (the feed parser goes
 * on reading meanwhile): two batches at most. */
#define BATCH_ROWS 8192
/* Rows per INSERT statement (a statement step costs about as much as the
 * row it inserts); 13 x 64 parameters stay under the 999 that SQLite
 * before 3.32 allows. */
#define INSERT_ROWS 64
#define ROW_PARAMS 13 /* the parameters of a row (its source_id is a literal) */
struct batch_row {
	/* In the batch's text: the key (provider, service, region, sku,
	 * purchase, unit, back to back, each with its NUL), then the row's
	 * effective_date and source. */
	const char *key, *effective_date, *source;
	double tier_start, price, upfront, vcpu, memory_gb;
	size_t key_len;   /* bytes, NULs included */
	unsigned int seq; /* arrival order in the batch: of two rows with one key the later wins */
};

struct batch {
	struct batch_row *rows; /* BATCH_ROWS */
	size_t nrows;
	char *text; /* the rows' strings */
	size_t text_len, text_cap;
};

struct infracost_store_import {
	infracost_store *store;
	sqlite3_stmt *ins_price;  /* one row */
	sqlite3_stmt *ins_prices; /* INSERT_ROWS rows */
	sqlite3_stmt *upd_price, *ins_spot;
	long long source_id;
	long long price_rows; /* distinct keys inserted so far */
	char *name;           /* "provider/service/region", for messages */
	/* The version's common effective_date and source (the majority of the
	 * first batch), stored once in sources; the rows that have them store
	 * NULL. NULL until the first batch goes in. */
	char *row_date, *row_source;
	struct batch fill; /* the rows coming in */
	/* The batch being inserted: by `worker` while `working` (then nothing
	 * else uses the connection: see import_wait), else empty. */
	struct batch busy;
	thrd_t worker;
	int working;
	/* The first failure to insert a batch (an SQLite result code and its
	 * message, copied at once), returned by every later step of the
	 * import; 0 when none. */
	int failed;
	char failed_msg[256];
};

/* The prices table (also the target of the version 1 -> 2 upgrade). */
#define PRICES_TABLE                                                                               \
	" (\n"                                                                                     \
	"  source_id INTEGER NOT NULL,\n"                                                          \
	"  provider TEXT NOT NULL,\n"                                                              \
	"  service TEXT NOT NULL,\n"                                                               \
	"  region TEXT NOT NULL,\n"                                                                \
	"  sku TEXT NOT NULL,\n"                                                                   \
	"  purchase TEXT NOT NULL,\n"                                                              \
	"  unit TEXT NOT NULL,\n"                                                                  \
	"  tier_start REAL NOT NULL DEFAULT 0,\n"                                                  \
	"  price REAL NOT NULL,\n"                                                                 \
	"  upfront REAL NOT NULL DEFAULT 0,\n"                                                     \
	"  vcpu REAL,\n"                                                                           \
	"  memory_gb REAL,\n"                                                                      \
	"  effective_date TEXT DEFAULT '',\n"                                                      \
	"  source TEXT DEFAULT '',\n"                                                              \
	"  PRIMARY KEY (provider, service, region, sku, purchase, unit, tier_start,\n"             \
	"    source_id DESC))\n"                                                                   \
	"  WITHOUT ROWID;\n"

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS sources (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  provider TEXT NOT NULL,\n"
	"  service TEXT NOT NULL,\n"
	"  region TEXT NOT NULL DEFAULT '',\n"
	"  format TEXT NOT NULL DEFAULT '',\n"
	"  version TEXT NOT NULL DEFAULT '',\n"
	"  published TEXT NOT NULL DEFAULT '',\n"
	"  fetched_at TEXT NOT NULL,\n"
	"  checked_at TEXT NOT NULL,\n"
	"  etag TEXT NOT NULL DEFAULT '',\n"
	"  last_modified TEXT NOT NULL DEFAULT '',\n"
	"  url TEXT NOT NULL DEFAULT '',\n"
	"  \"rows\" INTEGER NOT NULL DEFAULT 0,\n"
	"  \"current\" INTEGER NOT NULL DEFAULT 0 CHECK (\"current\" IN (0, 1)),\n"
	"  row_effective_date TEXT NOT NULL DEFAULT '',\n"
	"  row_source TEXT NOT NULL DEFAULT '');\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS sources_current\n"
	"  ON sources (provider, service, region) WHERE \"current\" = 1;\n"
	"CREATE TABLE IF NOT EXISTS prices" PRICES_TABLE
	"CREATE TABLE IF NOT EXISTS spot_advice (\n"
	"  source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,\n"
	"  region TEXT NOT NULL,\n"
	"  os TEXT NOT NULL,\n"
	"  instance_type TEXT NOT NULL,\n"
	"  bucket INTEGER NOT NULL CHECK (bucket BETWEEN 0 AND 4),\n"
	"  savings INTEGER NOT NULL,\n"
	"  UNIQUE (source_id, region, os, instance_type));\n"
	"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '2');\n";

/* Version 1 -> 2: the prices table rebuilt (SQLite cannot drop a table
 * constraint) without its UNIQUE key and foreign key, effective_date and
 * source nullable; the versions' common row values added. Upgraded rows
 * keep their own text: the row_ values of an upgraded version are ''. */
static const char upgrade_1_2_sql[] =
	"ALTER TABLE sources ADD COLUMN row_effective_date TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE sources ADD COLUMN row_source TEXT NOT NULL DEFAULT '';\n"
	"CREATE TABLE prices_v2" PRICES_TABLE
	/* The same columns in the same order, and the same primary key:
	 * SQLite copies the records as they are (its transfer optimization). */
	"INSERT INTO prices_v2 SELECT * FROM prices;\n"
	"DROP TABLE prices;\n"
	"ALTER TABLE prices_v2 RENAME TO prices;\n"
	"UPDATE meta SET value = '2' WHERE key = 'schema_version';\n";

/* A price row as the catalog sees it: the row's own effective_date and
 * source, else (NULL) its version's common ones, else ('') its version's
 * publication date and feed. */
#define PRICE_COLUMNS                                                                              \
	"p.provider, p.service, p.region, p.sku, p.purchase, p.unit, p.tier_start, p.price, "      \
	"p.upfront, p.vcpu, p.memory_gb, "                                                         \
	"CASE WHEN coalesce(p.effective_date, s.row_effective_date) <> '' "                        \
	"THEN coalesce(p.effective_date, s.row_effective_date) ELSE s.published END, "             \
	"CASE WHEN coalesce(p.source, s.row_source) <> '' THEN coalesce(p.source, s.row_source) "  \
	"ELSE s.provider || ' ' || s.service || "                                                  \
	"CASE WHEN s.region <> '' THEN ' ' || s.region ELSE '' END || "                            \
	"CASE WHEN s.version <> '' THEN ' v' || s.version ELSE '' END || ' (store)' END"
#define PRICE_KEY_ORDER "p.provider, p.service, p.region, p.sku, p.purchase, p.unit, p.tier_start"

/* ---- Errors --------------------------------------------------------------- */

/* Translate SQLite's error at once (sqlite3_errmsg is overwritten by the
 * next call): one line naming the store. */
static int db_error_msg(const char *path, const char *msg, int src, const char *what)
{
	if ((src & 0xff) == SQLITE_NOMEM)
		return infracost__error_oom();
	if ((src & 0xff) == SQLITE_BUSY || (src & 0xff) == SQLITE_LOCKED)
		return infracost__error_at(INFRACOST_EDB, path, 0, 0, NULL,
					   "%s: %s (another process is writing the store)", what,
					   msg);
	return infracost__error_at(INFRACOST_EDB, path, 0, 0, NULL, "%s: %s", what, msg);
}

static int db_error(const char *path, sqlite3 *db, int src, const char *what)
{
	return db_error_msg(path, db ? sqlite3_errmsg(db) : sqlite3_errstr(src), src, what);
}

static int store_error(const infracost_store *s, int src, const char *what)
{
	return db_error(s->path, s->db, src, what);
}

/* Writing to a store opened read-only: a clear message, not SQLite's. */
static int refuse_readonly(const infracost_store *s, const char *what)
{
	return infracost__error_at(INFRACOST_EDB, s->path, 0, 0, NULL,
				   "%s: the price store is read-only (the file or its directory "
				   "is not writable); it can be read, not changed",
				   what);
}

/* ---- Small helpers -------------------------------------------------------- */

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(out, "1970-01-01T00:00:00Z");
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

/* Run every statement of `sql`, binding `id` to ?1 where there is one. */
static int run_sql(infracost_store *s, const char *sql, long long id, const char *what)
{
	const char *tail = sql;
	while (tail && *tail) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(s->db, tail, -1, &st, &tail);
		if (rc != SQLITE_OK)
			return store_error(s, rc, what);
		if (!st)
			break; /* only whitespace or comments left */
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int64(st, 1, id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			rc = store_error(s, rc, what);
			sqlite3_finalize(st);
			return rc;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

static int prepare(infracost_store *s, sqlite3_stmt **st, const char *sql, const char *what)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return store_error(s, rc, what);
	}
	return 0;
}

static void rollback(infracost_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Create the directories above `path` (mode 0700) that do not exist. */
static int make_parent_dirs(const char *path)
{
	char *dir;
	char *slash;
	struct stat st;
	int rc = 0;

	slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	dir = infracost__strndup(path, (size_t)(slash - path));
	if (!dir)
		return infracost__error_oom();
	if (stat(dir, &st) == 0)
		goto done;
	for (char *p = dir + 1;; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (stat(dir, &st) != 0 && mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL,
						 "cannot create directory %s: %s", dir,
						 strerror(errno));
			goto done;
		}
		*p = c;
		if (c == '\0')
			break;
	}
done:
	infracost__free(dir);
	return rc;
}

/* ---- Opening ----------------------------------------------------------------- */

const char *infracost_store_default_path(void)
{
	static _Thread_local char path[4096];
	const char *env = getenv("INFRA_COST_STORE");
	const char *home;
	int n;

	if (env && *env)
		return env;
	/* The XDG base directory spec: a relative path is invalid and ignored. */
	env = getenv("XDG_CACHE_HOME");
	if (env && env[0] == '/') {
		n = infracost__snprintf(path, sizeof(path), "%s/infra-cost/prices.db", env);
		return n > 0 && (size_t)n < sizeof(path) ? path : NULL;
	}
	home = getenv("HOME");
	if (!home || !*home) {
		static _Thread_local char pwbuf[4096];
		struct passwd pw, *found = NULL;
		if (getpwuid_r(getuid(), &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found &&
		    found->pw_dir && found->pw_dir[0] == '/')
			home = found->pw_dir;
	}
	if (!home || !*home)
		return NULL;
	n = infracost__snprintf(path, sizeof(path), "%s/.cache/infra-cost/prices.db", home);
	return n > 0 && (size_t)n < sizeof(path) ? path : NULL;
}

/* The schema version of the file: 0 when it has no schema yet (a new,
 * empty file). A database of something else is refused. */
static int read_schema_version(infracost_store *s, int *version)
{
	sqlite3_stmt *st = NULL;
	int rc, objects = 0, has_meta = 0;

	*version = 0;
	rc = sqlite3_prepare_v2(
		s->db,
		"SELECT count(*), coalesce(sum(type = 'table' AND name = 'meta'), 0) "
		"FROM sqlite_master",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "cannot open the price store");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = store_error(s, rc, "cannot open the price store");
		sqlite3_finalize(st);
		return rc;
	}
	objects = sqlite3_column_int(st, 0);
	has_meta = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (objects == 0)
		return 0;
	if (!has_meta)
		return infracost__error_at(INFRACOST_EDB, s->path, 0, 0, NULL,
					   "not an infra-cost price store (a SQLite database "
					   "without its meta table)");
	rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1,
				&st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "cannot open the price store");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = atoi(col_text(st, 0));
	else if (rc != SQLITE_DONE) {
		rc = store_error(s, rc, "cannot open the price store");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	if (*version <= 0)
		return infracost__error_at(INFRACOST_EDB, s->path, 0, 0, NULL,
					   "not an infra-cost price store (no schema version)");
	return 0;
}

/* Upgrade a store of an older schema version, in one transaction: a
 * failure leaves it as it was. Another process may have upgraded it
 * meanwhile: the version is read again under the write lock. */
static int upgrade_schema(infracost_store *s, int *version)
{
	int rc;

	if ((rc = run_sql(s, "BEGIN IMMEDIATE", 0, "cannot upgrade the price store")))
		return rc;
	if ((rc = read_schema_version(s, version)))
		goto fail;
	if (*version == 1 &&
	    (rc = run_sql(s, upgrade_1_2_sql, 0, "cannot upgrade the price store")))
		goto fail;
	if ((rc = run_sql(s, "COMMIT", 0, "cannot upgrade the price store")))
		goto fail;
	return read_schema_version(s, version);
fail:
	rollback(s);
	return rc;
}

static int open_schema(infracost_store *s)
{
	int rc, version;

	/* Per connection: not stored in the file. */
	if ((rc = run_sql(s,
			  "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
			  "PRAGMA journal_size_limit = 67108864; PRAGMA cache_size = -65536;",
			  0, "cannot open the price store")))
		return rc;
	if ((rc = read_schema_version(s, &version)))
		return rc;
	if (s->readonly && version == 0)
		return refuse_readonly(s, "cannot create the price store");
	if (s->readonly && version < SCHEMA_VERSION)
		return infracost__error_at(
			INFRACOST_EDB, s->path, 0, 0, NULL,
			"store schema version %d needs an upgrade to %d, and the "
			"price store is read-only (the file or its directory is "
			"not writable)",
			version, SCHEMA_VERSION);
	if (version == 0) {
		/* A new store. The page size and the journal mode are stored in
		 * the file: the page size only before the first page is written
		 * (switching to WAL writes it), the journal mode outside a
		 * transaction. */
		if ((rc = run_sql(s, "PRAGMA page_size = " PAGE_SIZE "; PRAGMA journal_mode = WAL",
				  0, "cannot create the price store")))
			return rc;
		if ((rc = run_sql(s, "BEGIN IMMEDIATE", 0, "cannot create the price store")))
			return rc;
		if ((rc = run_sql(s, schema_sql, 0, "cannot create the price store")) ||
		    (rc = run_sql(s, "COMMIT", 0, "cannot create the price store"))) {
			rollback(s);
			return rc;
		}
		if ((rc = read_schema_version(s, &version)))
			return rc;
	}
	if (version < SCHEMA_VERSION && (rc = upgrade_schema(s, &version)))
		return rc;
	if (version > SCHEMA_VERSION)
		return infracost__error_at(INFRACOST_EDB, s->path, 0, 0, NULL,
					   "store schema version %d is newer than this library "
					   "reads (%d)",
					   version, SCHEMA_VERSION);
	return 0;
}

/* The name SQLite gets for path: always a file, never a URI. SQLite takes a
 * name starting "file:" as a URI when URIs are on (Debian builds it so), so
 * a relative path is given as "./path". */
static char *sqlite_name(const char *path)
{
	size_t n = strlen(path);
	char *name = infracost__malloc(n + 3);
	if (!name)
		return NULL;
	if (path[0] == '/')
		memcpy(name, path, n + 1);
	else {
		memcpy(name, "./", 2);
		memcpy(name + 2, path, n + 1);
	}
	return name;
}

/* "file:PATH?immutable=1" with the bytes a URI path cannot hold escaped. */
static char *immutable_uri(const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	infracost_buf b = INFRACOST_BUF_INIT;
	char *out = NULL;
	infracost__buf_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p <= 0x20 || *p >= 0x7f) {
			char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			infracost__buf_put(&b, esc, 3);
		} else {
			infracost__buf_putc(&b, (char)*p);
		}
	}
	infracost__buf_puts(&b, "?immutable=1");
	if (infracost__buf_detach(&b, &out, NULL))
		return NULL;
	return out;
}

/* Whether the store at path exists and cannot be written: the file, or the
 * directory where SQLite keeps the -wal and -shm files beside it. */
static int not_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int no;
	if (access(path, F_OK) != 0)
		return 0;
	if (access(path, W_OK) != 0)
		return 1;
	if (!slash)
		return access(".", W_OK) != 0;
	if (!(dir = infracost__strndup(path, slash == path ? 1 : (size_t)(slash - path))))
		return 0;
	no = access(dir, W_OK) != 0;
	infracost__free(dir);
	return no;
}

/* Open the SQLite file of s (mode 0: read-write, 1: read-only, 2: read-only
 * and immutable) and check its schema. */
static int open_file(infracost_store *s, const char *name, int mode)
{
	char *uri = NULL;
	int rc, flags = SQLITE_OPEN_NOMUTEX;

	if (mode == 0)
		flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	else
		flags |= SQLITE_OPEN_READONLY;
	if (mode == 2) {
		/* A WAL store read-only where no -shm file can be made: read as a
		 * file nobody changes (nobody can: it is not writable). */
		if (!(uri = immutable_uri(name)))
			return infracost__error_oom();
		flags |= SQLITE_OPEN_URI;
	}
	s->readonly = mode;
	rc = sqlite3_open_v2(uri ? uri : name, &s->db, flags, NULL);
	infracost__free(uri);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "cannot open the price store");
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	return open_schema(s);
}

int infracost__store_open_mode(infracost_store **out, const char *path, int mode)
{
	infracost_store *s = NULL;
	char *name = NULL;
	int rc;

	if (!out)
		return infracost__error(INFRACOST_EINVALID, "infracost_store_open: NULL argument");
	*out = NULL;
	if (!path) {
		path = infracost_store_default_path();
		if (!path)
			return infracost__error(INFRACOST_EINVALID,
						"no price store path: set INFRA_COST_STORE, "
						"XDG_CACHE_HOME or HOME");
	}
	if (!*path)
		return infracost__error(INFRACOST_EINVALID, "infracost_store_open: empty path");
	s = infracost__calloc(1, sizeof(*s));
	if (!s)
		return infracost__error_oom();
	if (!(s->path = infracost__strdup(path)) || !(name = sqlite_name(path))) {
		rc = infracost__error_oom();
		goto done;
	}
	if (mode < 0)
		mode = not_writable(path);
	if (mode == 0 && (rc = make_parent_dirs(path)))
		goto done;
	rc = open_file(s, name, mode);
	if (rc && mode == 1) {
		/* No -shm file and no right to make one: immutable. */
		sqlite3_close_v2(s->db);
		s->db = NULL;
		rc = open_file(s, name, 2);
	}
	if (rc)
		goto done;
	*out = s;
	s = NULL;
done:
	infracost__free(name);
	infracost_store_close(s);
	return rc;
}

int infracost_store_open(infracost_store **out, const char *path)
{
	return infracost__store_open_mode(out, path, -1);
}

int infracost__store_readonly(const infracost_store *s)
{
	return s ? s->readonly : 0;
}

void infracost_store_close(infracost_store *s)
{
	if (!s)
		return;
	if (s->import)
		infracost__store_import_abort(s->import);
	sqlite3_close_v2(s->db); /* accepts NULL */
	infracost__free(s->path);
	infracost__free(s);
}

const char *infracost__store_path(const infracost_store *s)
{
	return s ? s->path : NULL;
}

/* ---- Imports ---------------------------------------------------------------- */

static void import_wait(infracost_store_import *imp);

static void import_free(infracost_store_import *imp)
{
	if (!imp)
		return;
	import_wait(imp);
	sqlite3_finalize(imp->ins_price); /* accepts NULL */
	sqlite3_finalize(imp->ins_prices);
	sqlite3_finalize(imp->upd_price);
	sqlite3_finalize(imp->ins_spot);
	if (imp->store && imp->store->import == imp)
		imp->store->import = NULL;
	infracost__free(imp->name);
	infracost__free(imp->row_date);
	infracost__free(imp->row_source);
	infracost__free(imp->fill.rows);
	infracost__free(imp->fill.text);
	infracost__free(imp->busy.rows);
	infracost__free(imp->busy.text);
	infracost__free(imp);
}

static int import_error(infracost_store_import *imp, int src)
{
	char what[600];
	infracost__snprintf(what, sizeof(what), "importing %s", imp->name);
	return store_error(imp->store, src, what);
}

/* Prepare one of the import's statements on prices, its source_id a
 * literal: with rows > 0 the INSERT of `rows` rows, row j binding
 * ?(13j + 1) .. ?(13j + 13) as bind_row does; with rows 0 the UPDATE of a
 * row (?1 .. ?13). */
static int prepare_prices(infracost_store_import *imp, sqlite3_stmt **st, int rows)
{
	infracost_buf sql = INFRACOST_BUF_INIT;
	char *text = NULL;
	int rc;

	if (rows == 0) {
		infracost__buf_printf(
			&sql,
			"UPDATE prices SET price = ?8, upfront = ?9, vcpu = ?10, memory_gb = ?11, "
			"effective_date = ?12, source = ?13 WHERE provider = ?1 AND service = ?2 "
			"AND region = ?3 AND sku = ?4 AND purchase = ?5 AND unit = ?6 "
			"AND tier_start = ?7 AND source_id = %lld",
			imp->source_id);
	} else {
		infracost__buf_puts(&sql,
				    "INSERT INTO prices (source_id, provider, service, region, "
				    "sku, purchase, unit, tier_start, price, upfront, vcpu, "
				    "memory_gb, effective_date, source) VALUES ");
		/* Anonymous parameters: numbered ones cost a look-up each when
		 * the statement is prepared. */
		for (int j = 0; j < rows; j++)
			infracost__buf_printf(&sql,
					      "%s(%lld, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					      j ? ", " : "", imp->source_id);
		/* A key already in this version: the caller updates it. */
		infracost__buf_puts(&sql, " ON CONFLICT DO NOTHING");
	}
	if ((rc = infracost__buf_detach(&sql, &text, NULL)))
		return rc;
	rc = sqlite3_prepare_v3(imp->store->db, text, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	infracost__free(text);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return import_error(imp, rc);
	}
	return 0;
}

/* A URL as the store keeps and shows it: without "user:password@" (a
 * mirror's credentials are never stored or printed). NULL: out of memory. */
static char *url_without_userinfo(const char *url)
{
	char *stripped = NULL;
	infracost__url_split_userinfo(url ? url : "", &stripped, NULL);
	return stripped;
}

int infracost__store_import_begin(infracost_store_import **out, infracost_store *s,
				  const infracost_source_info *info)
{
	infracost_store_import *imp = NULL;
	sqlite3_stmt *st = NULL;
	char now[32];
	size_t len;
	int rc, began = 0;

	if (!out || !s || !info)
		return infracost__error(INFRACOST_EINVALID, "store import: NULL argument");
	*out = NULL;
	if (!info->provider || !*info->provider || !info->service || !*info->service)
		return infracost__error_at(INFRACOST_EINVALID, s->path, 0, 0, NULL,
					   "an import needs a provider and a service");
	if (s->import)
		return infracost__error_at(INFRACOST_EINVALID, s->path, 0, 0, NULL,
					   "an import (%s) is already in progress",
					   s->import->name);
	if (s->readonly)
		return refuse_readonly(s, "cannot import");
	imp = infracost__calloc(1, sizeof(*imp));
	if (!imp)
		return infracost__error_oom();
	imp->store = s;
	len = strlen(info->provider) + strlen(info->service) + strlen(or_empty(info->region)) + 3;
	if (!(imp->name = infracost__malloc(len))) {
		rc = infracost__error_oom();
		goto fail;
	}
	infracost__snprintf(imp->name, len, "%s/%s/%s", info->provider, info->service,
			    or_empty(info->region));

	rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = import_error(imp, rc);
		goto fail;
	}
	began = 1;
	now_iso(now);
	rc = sqlite3_prepare_v2(
		s->db,
		"INSERT INTO sources (provider, service, region, format, version, published, "
		"fetched_at, checked_at, etag, last_modified, url, \"rows\", \"current\") "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, 0, 0)",
		-1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = import_error(imp, rc);
		goto fail;
	}
	sqlite3_bind_text(st, 1, info->provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, info->service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, or_empty(info->region), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, or_empty(info->format), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, or_empty(info->version), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, or_empty(info->published), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, or_empty(info->etag), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, or_empty(info->last_modified), -1, SQLITE_STATIC);
	{
		char *url = url_without_userinfo(info->url);
		if (!url) {
			rc = infracost__error_oom();
			goto fail;
		}
		sqlite3_bind_text(st, 10, url, -1, SQLITE_TRANSIENT);
		infracost__free(url);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = import_error(imp, rc);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	imp->source_id = sqlite3_last_insert_rowid(s->db);

	/* A key met again in this import replaces the row (an UPDATE, rare):
	 * the INSERT tells how many keys are new, which counts the rows. */
	if ((rc = prepare_prices(imp, &imp->ins_price, 1)) ||
	    (rc = prepare_prices(imp, &imp->ins_prices, INSERT_ROWS)) ||
	    (rc = prepare_prices(imp, &imp->upd_price, 0)))
		goto fail;
	rc = sqlite3_prepare_v3(s->db,
				"INSERT OR REPLACE INTO spot_advice (source_id, region, os, "
				"instance_type, bucket, savings) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				-1, SQLITE_PREPARE_PERSISTENT, &imp->ins_spot, NULL);
	if (rc != SQLITE_OK) {
		rc = import_error(imp, rc);
		goto fail;
	}
	sqlite3_bind_int64(imp->ins_spot, 1, imp->source_id);
	s->import = imp;
	*out = imp;
	return 0;
fail:
	sqlite3_finalize(st);
	if (began)
		rollback(s);
	import_free(imp);
	return rc;
}

static int unit_valid(const char *u)
{
	for (; *u; u++)
		if (!((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') || *u == '_'))
			return 0;
	return 1;
}

static int number_ok(double v)
{
	return isfinite(v) && v >= 0;
}

/* A row the catalog would refuse never gets into the store. */
static int check_row(infracost_store_import *imp, const infracost_price *r)
{
	const char *what = NULL;

	if (!r->provider || !*r->provider || !r->service || !*r->service || !r->region ||
	    !*r->region || !r->sku || !*r->sku || !r->purchase || !*r->purchase || !r->unit ||
	    !*r->unit)
		return infracost__error_at(INFRACOST_EINVALID, imp->store->path, 0, 0, NULL,
					   "importing %s: a price row without its full key "
					   "(provider, service, region, sku, purchase, unit)",
					   imp->name);
	if (!infracost__purchase_valid(r->purchase))
		what = "purchase: unknown option";
	else if (!unit_valid(r->unit))
		what = "unit: not a unit name such as hour, gb_month, gb";
	else if (!number_ok(r->price))
		what = "price: not a number >= 0";
	else if (!number_ok(r->upfront))
		what = "upfront: not a number >= 0";
	else if (!number_ok(r->tier_start))
		what = "tier_start: not a number >= 0";
	else if (r->upfront > 0 && strncmp(r->purchase, "reserved_", 9) != 0)
		what = "upfront: only reserved rows have an upfront fee";
	else if (!isfinite(r->vcpu) || !isfinite(r->memory_gb))
		what = "vcpu or memory_gb: not a number";
	if (what)
		return infracost__error_at(INFRACOST_EINVALID, imp->store->path, 0, 0, NULL,
					   "importing %s: %s/%s/%s/%s/%s/%s: %s", imp->name,
					   r->provider, r->service, r->region, r->sku, r->purchase,
					   r->unit, what);
	return 0;
}

/* Key order, then arrival. The keys compare as SQL's BINARY collation
 * compares the six columns one by one: NUL ends each string and sorts
 * before any byte, so one memcmp over the NUL-separated strings gives the
 * same order (and two keys equal up to the shorter length are equal). */
static int batch_row_cmp(const void *a, const void *b)
{
	const struct batch_row *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->key_len < y->key_len ? x->key_len : y->key_len);
	if (c)
		return c;
	if (x->tier_start != y->tier_start)
		return x->tier_start < y->tier_start ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int same_key(const struct batch_row *x, const struct batch_row *y)
{
	return x->key_len == y->key_len && x->tier_start == y->tier_start &&
	       memcmp(x->key, y->key, x->key_len) == 0;
}

/* Bind a row's values to ?(base + 1) .. ?(base + 13): SQLITE_OK, or the
 * first failure (a string too long for SQLite). */
static int bind_row(const infracost_store_import *imp, sqlite3_stmt *st, int base,
		    const struct batch_row *r)
{
	const char *k = r->key;
	int rc = SQLITE_OK;

	for (int i = 1; i <= 6; i++) {
		size_t n = strlen(k);
		rc |= sqlite3_bind_text(st, base + i, k, n <= INT_MAX ? (int)n : -1, SQLITE_STATIC);
		k += n + 1;
	}
	rc |= sqlite3_bind_double(st, base + 7, r->tier_start);
	rc |= sqlite3_bind_double(st, base + 8, r->price);
	rc |= sqlite3_bind_double(st, base + 9, r->upfront);
	rc |= r->vcpu >= 0 ? sqlite3_bind_double(st, base + 10, r->vcpu)
			   : sqlite3_bind_null(st, base + 10);
	rc |= r->memory_gb >= 0 ? sqlite3_bind_double(st, base + 11, r->memory_gb)
				: sqlite3_bind_null(st, base + 11);
	/* The version's common values are NULL. */
	rc |= strcmp(r->effective_date, imp->row_date) == 0
		      ? sqlite3_bind_null(st, base + 12)
		      : sqlite3_bind_text(st, base + 12, r->effective_date, -1, SQLITE_STATIC);
	rc |= strcmp(r->source, imp->row_source) == 0
		      ? sqlite3_bind_null(st, base + 13)
		      : sqlite3_bind_text(st, base + 13, r->source, -1, SQLITE_STATIC);
	return rc;
}

/* Insert rows[0..n) (distinct keys) with `st`, a statement of n rows, and
 * count the new keys. A key already in this version (from an earlier
 * batch) is updated: the later row wins. Updating every row of the
 * statement then also rewrites the new rows with their own values. */
static int insert_rows(infracost_store_import *imp, sqlite3_stmt *st, const struct batch_row *rows,
		       int n)
{
	int rc, added;

	for (int j = 0; j < n; j++)
		if ((rc = bind_row(imp, st, ROW_PARAMS * j, &rows[j])) != SQLITE_OK)
			return SQLITE_TOOBIG;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc;
	added = sqlite3_changes(imp->store->db);
	imp->price_rows += added;
	for (int j = 0; added < n && j < n; j++) {
		if (bind_row(imp, imp->upd_price, 0, &rows[j]) != SQLITE_OK)
			return SQLITE_TOOBIG;
		rc = sqlite3_step(imp->upd_price);
		sqlite3_reset(imp->upd_price);
		if (rc != SQLITE_DONE)
			return rc;
	}
	return SQLITE_DONE;
}

/* Insert the import's busy batch in key order and empty it. Runs on the
 * import's thread or on the caller's; uses the connection and the batch
 * only (no error is recorded: the caller's thread does that). Sets
 * imp->failed on failure. */
static void busy_insert(infracost_store_import *imp)
{
	struct batch *b = &imp->busy;
	size_t n = 0, i;
	int rc = SQLITE_DONE;

	if (b->nrows > 1)
		qsort(b->rows, b->nrows, sizeof(*b->rows), batch_row_cmp);
	/* Of the rows with one key, the last one stays. */
	for (i = 0; i < b->nrows; i++)
		if (i + 1 == b->nrows || !same_key(&b->rows[i], &b->rows[i + 1]))
			b->rows[n++] = b->rows[i];
	for (i = 0; i + INSERT_ROWS <= n && rc == SQLITE_DONE; i += INSERT_ROWS)
		rc = insert_rows(imp, imp->ins_prices, b->rows + i, INSERT_ROWS);
	for (; i < n && rc == SQLITE_DONE; i++)
		rc = insert_rows(imp, imp->ins_price, b->rows + i, 1);
	b->nrows = 0;
	b->text_len = 0;
	if (rc != SQLITE_DONE) {
		imp->failed = rc;
		infracost__snprintf(imp->failed_msg, sizeof(imp->failed_msg), "%s",
				    rc == SQLITE_TOOBIG ? sqlite3_errstr(rc)
							: sqlite3_errmsg(imp->store->db));
	}
}

static int busy_thread(void *arg)
{
	busy_insert(arg);
	return 0;
}

/* Wait for the batch being inserted, if any: afterwards the connection is
 * the caller's again. Every use of the connection during an import comes
 * after this (store_idle). */
static void import_wait(infracost_store_import *imp)
{
	if (imp->working) {
		thrd_join(imp->worker, NULL);
		imp->working = 0;
	}
}

static void store_idle(infracost_store *s)
{
	if (s->import)
		import_wait(s->import);
}

/* The import's first failure to insert a batch (recorded in this thread),
 * or 0. */
static int import_failed(infracost_store_import *imp)
{
	char what[600];
	if (!imp->failed)
		return 0;
	infracost__snprintf(what, sizeof(what), "importing %s", imp->name);
	return db_error_msg(imp->store->path, imp->failed_msg, imp->failed, what);
}

/* Room for n more bytes of text in a batch. */
static int batch_reserve(struct batch *b, size_t n)
{
	size_t cap = b->text_cap ? b->text_cap : (size_t)BATCH_ROWS * 128;
	char *grown;

	if (b->text_len + n <= b->text_cap)
		return 0;
	while (b->text_len + n > cap)
		cap *= 2;
	if (!(grown = infracost__realloc(b->text, cap)))
		return infracost__error_oom();
	b->text = grown;
	b->text_cap = cap;
	return 0;
}

/* The value most rows of the batch have, when more than half have one
 * (Boyer-Moore majority vote), else some value of the batch. */
static const char *batch_majority(const struct batch *b, int source)
{
	const char *pick = "";
	size_t votes = 0;

	for (size_t i = 0; i < b->nrows; i++) {
		const char *v = source ? b->rows[i].source : b->rows[i].effective_date;
		if (votes == 0)
			pick = v;
		votes += strcmp(v, pick) == 0 ? 1 : (size_t)-1;
	}
	return pick;
}

/* Insert the batch of rows that came in: on the import's thread, the
 * caller going on meanwhile, unless `now` (then, or when no thread can be
 * started, before returning). Its text is kept as offsets until then (it
 * may move as it grows); here they become pointers. The first batch
 * chooses the version's common values. */
static int batch_insert(infracost_store_import *imp, int now)
{
	struct batch full = imp->fill;
	int rc;

	for (size_t i = 0; i < full.nrows; i++) {
		struct batch_row *r = &full.rows[i];
		r->key = full.text + (uintptr_t)r->key;
		r->effective_date = full.text + (uintptr_t)r->effective_date;
		r->source = full.text + (uintptr_t)r->source;
	}
	if (!imp->row_source) {
		imp->row_date = infracost__strdup(batch_majority(&full, 0));
		imp->row_source = infracost__strdup(batch_majority(&full, 1));
		if (!imp->row_date || !imp->row_source) {
			infracost__free(imp->row_date);
			infracost__free(imp->row_source);
			imp->row_date = imp->row_source = NULL;
			import_wait(imp);
			/* The batch is lost: the import cannot commit. */
			imp->fill.nrows = imp->fill.text_len = 0;
			if (!imp->failed)
				imp->failed = SQLITE_NOMEM;
			return infracost__error_oom();
		}
	}
	import_wait(imp);
	if ((rc = import_failed(imp))) {
		imp->fill.nrows = imp->fill.text_len = 0;
		return rc;
	}
	/* The full batch becomes the busy one, the empty busy one fills. */
	imp->fill = imp->busy;
	imp->busy = full;
	if (!now && thrd_create(&imp->worker, busy_thread, imp) == thrd_success) {
		imp->working = 1;
		return 0;
	}
	busy_insert(imp);
	return import_failed(imp);
}

int infracost__store_import_row(infracost_store_import *imp, const infracost_price *r)
{
	struct batch *fill;
	struct batch_row *b;
	const char *in[8];
	size_t len[8], total = 0;
	char *at;
	int rc;

	if (!imp || !r)
		return infracost__error(INFRACOST_EINVALID, "store import: NULL argument");
	/* A failure of the import's thread is known once it is done (and
	 * then at the next full batch or the commit at the latest). */
	if ((!imp->working && (rc = import_failed(imp))) || (rc = check_row(imp, r)))
		return rc;
	fill = &imp->fill;
	if (!fill->rows && !(fill->rows = infracost__malloc(BATCH_ROWS * sizeof(*fill->rows))))
		return infracost__error_oom();
	in[0] = r->provider;
	in[1] = r->service;
	in[2] = r->region;
	in[3] = r->sku;
	in[4] = r->purchase;
	in[5] = r->unit;
	in[6] = or_empty(r->effective_date);
	in[7] = or_empty(r->source);
	for (int i = 0; i < 8; i++)
		total += (len[i] = strlen(in[i]) + 1);
	if ((rc = batch_reserve(fill, total)))
		return rc;
	/* Offsets for now, in the pointers. */
	b = &fill->rows[fill->nrows];
	b->key_len = len[0] + len[1] + len[2] + len[3] + len[4] + len[5];
	b->key = (const char *)(uintptr_t)fill->text_len;
	b->effective_date = (const char *)(uintptr_t)(fill->text_len + b->key_len);
	b->source = (const char *)(uintptr_t)(fill->text_len + b->key_len + len[6]);
	at = fill->text + fill->text_len;
	for (int i = 0; i < 8; i++) {
		memcpy(at, in[i], len[i]);
		at += len[i];
	}
	fill->text_len += total;
	b->tier_start = r->tier_start;
	b->price = r->price;
	b->upfront = r->upfront;
	b->vcpu = r->vcpu;
	b->memory_gb = r->memory_gb;
	b->seq = (unsigned int)fill->nrows;
	if (++fill->nrows == BATCH_ROWS)
		return batch_insert(imp, 0);
	return 0;
}

int infracost__store_import_spot(infracost_store_import *imp, const char *region, const char *os,
				 const char *instance_type, int interruption_bucket,
				 int savings_pct)
{
	sqlite3_stmt *st;
	int rc;

	if (!imp)
		return infracost__error(INFRACOST_EINVALID, "store import: NULL argument");
	if (!region || !*region || !os || !*os || !instance_type || !*instance_type ||
	    interruption_bucket < 0 || interruption_bucket > 4 || savings_pct < 0 ||
	    savings_pct > 100)
		return infracost__error_at(
			INFRACOST_EINVALID, imp->store->path, 0, 0, NULL,
			"importing %s: spot advice %s/%s/%s: needs a region, OS and instance "
			"type, an interruption bucket 0-4 and savings 0-100%% (got %d, %d)",
			imp->name, or_empty(region), or_empty(os), or_empty(instance_type),
			interruption_bucket, savings_pct);
	import_wait(imp);
	if ((rc = import_failed(imp)))
		return rc;
	st = imp->ins_spot;
	sqlite3_bind_text(st, 2, region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, os, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, instance_type, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, interruption_bucket);
	sqlite3_bind_int(st, 6, savings_pct);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return import_error(imp, rc);
	return 0;
}

int infracost__store_import_set(infracost_store_import *imp, const char *key, const char *value)
{
	static const char *const columns[][2] = {
		{"version", "version"},
		{"published", "published"},
		{"publication_date", "published"}, /* the feed parsers' name */
		{"etag", "etag"},
		{"last_modified", "last_modified"},
		{"url", "url"},
		/* an imported file tells what it holds only once it is read */
		{"service", "service"},
		{"region", "region"},
	};
	const char *column = NULL;
	char sql[128];
	sqlite3_stmt *st = NULL;
	int rc;

	if (!imp || !key || !value)
		return infracost__error(INFRACOST_EINVALID, "store import: NULL argument");
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		if (strcmp(key, columns[i][0]) == 0)
			column = columns[i][1];
	if (!column)
		return infracost__error_at(INFRACOST_EINVALID, imp->store->path, 0, 0, NULL,
					   "importing %s: unknown source fact '%s' (expected "
					   "version, published, service or region)",
					   imp->name, key);
	import_wait(imp);
	if ((rc = import_failed(imp)))
		return rc;
	infracost__snprintf(sql, sizeof(sql), "UPDATE sources SET %s = ?2 WHERE id = ?1", column);
	rc = sqlite3_prepare_v2(imp->store->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		char *url = strcmp(column, "url") == 0 ? url_without_userinfo(value) : NULL;
		if (strcmp(column, "url") == 0 && !url) {
			sqlite3_finalize(st);
			return infracost__error_oom();
		}
		sqlite3_bind_int64(st, 1, imp->source_id);
		sqlite3_bind_text(st, 2, url ? url : value, -1, SQLITE_TRANSIENT);
		infracost__free(url);
		rc = sqlite3_step(st);
	}
	rc = rc == SQLITE_DONE ? 0 : import_error(imp, rc);
	sqlite3_finalize(st);
	return rc;
}

/* The versions of the new version's source other than the current one. */
#define OLDER_VERSIONS                                                                             \
	"SELECT o.id FROM sources o, sources n WHERE n.id = ?1 AND o.provider = n.provider "       \
	"AND o.service = n.service AND o.region = n.region AND o.\"current\" = 0 AND o.id <> ?1"

/* The one number a query about the new version (?1) gives. */
static int import_number(infracost_store_import *imp, const char *sql, long long *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(imp->store->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, imp->source_id);
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = import_error(imp, rc);
	}
	sqlite3_finalize(st);
	return rc;
}

int infracost__store_import_commit(infracost_store_import *imp, long long *rows)
{
	static const char commit_sql[] =
		"DELETE FROM spot_advice WHERE source_id IN (" OLDER_VERSIONS ");"
		"DELETE FROM sources WHERE id IN (" OLDER_VERSIONS ");"
		"UPDATE sources SET \"current\" = 0 WHERE \"current\" = 1 AND"
		" (provider, service, region) ="
		" (SELECT provider, service, region FROM sources WHERE id = ?1);"
		"UPDATE sources SET \"current\" = 1 WHERE id = ?1;";
	infracost_store *s;
	sqlite3_stmt *st = NULL;
	long long count = 0, older = 0;
	int rc;

	if (rows)
		*rows = 0;
	if (!imp)
		return infracost__error(INFRACOST_EINVALID, "store import: NULL argument");
	s = imp->store;
	/* The rows still waiting in the batch go in first. */
	import_wait(imp);
	if ((rc = import_failed(imp)) || (imp->fill.nrows && (rc = batch_insert(imp, 1))))
		goto fail;
	/* The insert statements end first: nothing of the import stays busy. */
	sqlite3_finalize(imp->ins_price);
	sqlite3_finalize(imp->ins_prices);
	sqlite3_finalize(imp->upd_price);
	sqlite3_finalize(imp->ins_spot);
	imp->ins_price = imp->ins_prices = imp->upd_price = imp->ins_spot = NULL;
	/* The price rows were counted as they went in (spot advice is counted
	 * through its UNIQUE key's index). */
	rc = sqlite3_prepare_v2(
		s->db,
		"UPDATE sources SET \"rows\" = ?2 + (SELECT count(*) FROM spot_advice "
		"WHERE source_id = ?1), row_effective_date = ?3, row_source = ?4 "
		"WHERE id = ?1",
		-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, imp->source_id);
		sqlite3_bind_int64(st, 2, imp->price_rows);
		sqlite3_bind_text(st, 3, or_empty(imp->row_date), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, or_empty(imp->row_source), -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		rc = import_error(imp, rc);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* The prices of an older version (there is one once a source has
	 * two) are found by a scan of the table, which has no index by
	 * version: only when there is one. */
	if ((rc = import_number(imp, "SELECT EXISTS (" OLDER_VERSIONS ")", &older)))
		goto fail;
	if ((older && (rc = run_sql(s, "DELETE FROM prices WHERE source_id IN (" OLDER_VERSIONS ")",
				    imp->source_id, imp->name))) ||
	    (rc = run_sql(s, commit_sql, imp->source_id, imp->name)))
		goto fail;
	if ((rc = import_number(imp, "SELECT \"rows\" FROM sources WHERE id = ?1", &count)))
		goto fail;
	rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = import_error(imp, rc);
		goto fail;
	}
	if (rows)
		*rows = count;
	import_free(imp);
	return 0;
fail:
	sqlite3_finalize(st);
	rollback(s);
	import_free(imp);
	return rc;
}

void infracost__store_import_abort(infracost_store_import *imp)
{
	if (!imp)
		return;
	import_wait(imp);
	sqlite3_finalize(imp->ins_price);
	sqlite3_finalize(imp->ins_prices);
	sqlite3_finalize(imp->upd_price);
	sqlite3_finalize(imp->ins_spot);
	imp->ins_price = imp->ins_prices = imp->upd_price = imp->ins_spot = NULL;
	rollback(imp->store);
	import_free(imp);
}

/* ---- Validators ------------------------------------------------------------- */

static int source_name_error(const infracost_store *s, int code, const char *provider,
			     const char *service, const char *region, const char *what)
{
	return infracost__error_at(code, s->path, 0, 0, NULL, "%s %s/%s/%s in the store", what,
				   provider, service, region);
}

int infracost__store_validators(infracost_store *s, const char *provider, const char *service,
				const char *region, char etag[256], char last_modified[64])
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!s || !provider || !service || !etag || !last_modified)
		return infracost__error(INFRACOST_EINVALID, "store validators: NULL argument");
	store_idle(s);
	etag[0] = last_modified[0] = '\0';
	if ((rc = prepare(s, &st,
			  "SELECT etag, last_modified FROM sources WHERE provider = ?1 AND "
			  "service = ?2 AND region = ?3 AND \"current\" = 1",
			  "reading the source's validators")))
		return rc;
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, or_empty(region), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *e = col_text(st, 0), *m = col_text(st, 1);
		/* A validator that does not fit is unknown: a full download is
		 * better than a conditional request on a cut value. */
		if (strlen(e) < 256)
			strcpy(etag, e);
		if (strlen(m) < 64)
			strcpy(last_modified, m);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = store_error(s, rc, "reading the source's validators");
	}
	sqlite3_finalize(st);
	return rc;
}

int infracost__store_checked(infracost_store *s, const char *provider, const char *service,
			     const char *region)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	if (!s || !provider || !service)
		return infracost__error(INFRACOST_EINVALID, "store checked: NULL argument");
	if (s->readonly)
		return refuse_readonly(s, "cannot note the check of a source");
	store_idle(s);
	region = or_empty(region);
	if ((rc = prepare(s, &st,
			  "UPDATE sources SET checked_at = ?4 WHERE provider = ?1 AND service = ?2 "
			  "AND region = ?3 AND \"current\" = 1",
			  "noting the check of a source")))
		return rc;
	now_iso(now);
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = store_error(s, rc, "noting the check of a source");
	else if (sqlite3_changes(s->db) == 0)
		rc = source_name_error(s, INFRACOST_ENOTFOUND, provider, service, region,
				       "no source");
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

/* ---- Sources ---------------------------------------------------------------- */

void infracost_sources_free(infracost_source *sources, size_t count)
{
	if (!sources)
		return;
	for (size_t i = 0; i < count; i++) {
		infracost_source *x = &sources[i];
		const char **str[] = {&x->provider,      &x->service,    &x->region,
				      &x->format,        &x->version,    &x->published,
				      &x->fetched_at,    &x->checked_at, &x->etag,
				      &x->last_modified, &x->url};
		for (size_t j = 0; j < sizeof(str) / sizeof(str[0]); j++)
			infracost__free((void *)*str[j]);
	}
	infracost__free(sources);
}

int infracost_store_sources(infracost_source **out, size_t *out_count, infracost_store *s)
{
	infracost_source *list = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st = NULL;
	int rc;

	if (!out || !out_count || !s)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_store_sources: NULL argument");
	store_idle(s);
	*out = NULL;
	*out_count = 0;
	if ((rc = prepare(s, &st,
			  "SELECT id, provider, service, region, format, version, published, "
			  "fetched_at, checked_at, etag, last_modified, url, \"rows\", \"current\" "
			  "FROM sources WHERE id <> ?1 "
			  "ORDER BY \"current\" DESC, provider, service, region, id DESC",
			  "listing the sources")))
		return rc;
	/* An import in progress on this handle is not a version yet. */
	sqlite3_bind_int64(st, 1, s->import ? s->import->source_id : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		infracost_source *x;
		const char **str[11];
		if (infracost__grow((void **)&list, &cap, n + 1, sizeof(*list))) {
			rc = infracost__error_oom();
			goto fail;
		}
		x = &list[n++];
		memset(x, 0, sizeof(*x));
		str[0] = &x->provider;
		str[1] = &x->service;
		str[2] = &x->region;
		str[3] = &x->format;
		str[4] = &x->version;
		str[5] = &x->published;
		str[6] = &x->fetched_at;
		str[7] = &x->checked_at;
		str[8] = &x->etag;
		str[9] = &x->last_modified;
		str[10] = &x->url;
		x->id = sqlite3_column_int64(st, 0);
		for (int j = 0; j < 11; j++) {
			/* a store written before URLs were stripped */
			if (!(*str[j] = j == 10 ? url_without_userinfo(col_text(st, j + 1))
						: infracost__strdup(col_text(st, j + 1)))) {
				rc = infracost__error_oom();
				goto fail;
			}
		}
		x->rows = sqlite3_column_int64(st, 12);
		x->current = sqlite3_column_int(st, 13);
	}
	if (rc != SQLITE_DONE) {
		rc = store_error(s, rc, "listing the sources");
		goto fail;
	}
	sqlite3_finalize(st);
	*out = list;
	*out_count = n;
	return 0;
fail:
	sqlite3_finalize(st);
	infracost_sources_free(list, n);
	return rc;
}

/* ---- Prices: reading ---------------------------------------------------------- */

/* Fill `r` from PRICE_COLUMNS starting at column 0 (strings borrowed from
 * the statement until its next step). */
static void read_price(sqlite3_stmt *st, infracost_price *r, const char *origin)
{
	memset(r, 0, sizeof(*r));
	r->provider = col_text(st, 0);
	r->service = col_text(st, 1);
	r->region = col_text(st, 2);
	r->sku = col_text(st, 3);
	r->purchase = col_text(st, 4);
	r->unit = col_text(st, 5);
	r->tier_start = sqlite3_column_double(st, 6);
	r->price = sqlite3_column_double(st, 7);
	r->upfront = sqlite3_column_double(st, 8);
	r->vcpu = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 9);
	r->memory_gb = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1
								  : sqlite3_column_double(st, 10);
	r->effective_date = col_text(st, 11);
	r->source = col_text(st, 12);
	r->origin = origin;
}

/* Key order: the SQL ORDER BY with BINARY collation (bytes, as strcmp). */
static int key_cmp(const infracost_price *a, const infracost_price *b)
{
	const char *ka[6] = {a->provider, a->service, a->region, a->sku, a->purchase, a->unit};
	const char *kb[6] = {b->provider, b->service, b->region, b->sku, b->purchase, b->unit};
	for (int i = 0; i < 6; i++) {
		int c = strcmp(ka[i], kb[i]);
		if (c)
			return c;
	}
	return (a->tier_start > b->tier_start) - (a->tier_start < b->tier_start);
}

/* The previous row's key, to keep one row per key when current sources
 * overlap (rows of a key come newest source first). */
struct last_key {
	infracost_buf b;
	size_t off[6];
	double tier_start;
	int set;
};

static int last_key_same(const struct last_key *k, const infracost_price *r)
{
	const char *kr[6] = {r->provider, r->service, r->region, r->sku, r->purchase, r->unit};
	if (!k->set || k->tier_start != r->tier_start)
		return 0;
	for (int i = 0; i < 6; i++)
		if (strcmp(k->b.data + k->off[i], kr[i]) != 0)
			return 0;
	return 1;
}

static int last_key_save(struct last_key *k, const infracost_price *r)
{
	const char *kr[6] = {r->provider, r->service, r->region, r->sku, r->purchase, r->unit};
	k->b.len = 0;
	for (int i = 0; i < 6; i++) {
		k->off[i] = k->b.len;
		infracost__buf_put(&k->b, kr[i], strlen(kr[i]) + 1);
	}
	k->tier_start = r->tier_start;
	k->set = !k->b.failed;
	return k->b.failed ? infracost__error_oom() : 0;
}

/* The current prices, in key order, matching the filter (may be NULL). */
static int select_current(infracost_store *s, sqlite3_stmt **out, const infracost_price_filter *f)
{
	const char *values[5] = {NULL};
	static const char *const names[5] = {"provider", "service", "region", "sku", "purchase"};
	char sql[1024];
	size_t used;
	int rc, nbound = 0;

	if (f) {
		values[0] = f->provider;
		values[1] = f->service;
		values[2] = f->region;
		values[3] = f->sku;
		values[4] = f->purchase;
	}
	/* CROSS JOIN keeps prices the outer loop: rows come in the order of
	 * prices_by_key instead of being sorted after the fact. */
	used = (size_t)infracost__snprintf(sql, sizeof(sql),
					   "SELECT " PRICE_COLUMNS
					   " FROM prices p CROSS JOIN sources s "
					   "WHERE s.id = p.source_id AND s.\"current\" = 1");
	for (int i = 0; i < 5; i++)
		if (values[i])
			used += (size_t)infracost__snprintf(sql + used, sizeof(sql) - used,
							    " AND p.%s = ?%d", names[i], ++nbound);
	infracost__snprintf(sql + used, sizeof(sql) - used,
			    " ORDER BY " PRICE_KEY_ORDER ", p.source_id DESC");
	if ((rc = prepare(s, out, sql, "reading prices")))
		return rc;
	nbound = 0;
	for (int i = 0; i < 5; i++)
		if (values[i])
			sqlite3_bind_text(*out, ++nbound, values[i], -1, SQLITE_STATIC);
	return 0;
}

int infracost_store_list(infracost_store *s, const infracost_price_filter *filter,
			 int (*row)(void *ctx, const infracost_price *row), void *ctx)
{
	struct last_key last = {INFRACOST_BUF_INIT};
	sqlite3_stmt *st = NULL;
	char *origin = NULL;
	size_t len;
	int rc;

	if (!s || !row)
		return infracost__error(INFRACOST_EINVALID, "infracost_store_list: NULL argument");
	store_idle(s);
	len = strlen(s->path) + 7;
	if (!(origin = infracost__malloc(len)))
		return infracost__error_oom();
	infracost__snprintf(origin, len, "store:%s", s->path);
	if ((rc = select_current(s, &st, filter)))
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		infracost_price r;
		read_price(st, &r, origin);
		if (last_key_same(&last, &r))
			continue;
		if ((rc = last_key_save(&last, &r)))
			goto done;
		/* A non-zero return stops the listing and is returned as is. */
		if ((rc = row(ctx, &r)))
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading prices");
done:
	sqlite3_finalize(st);
	infracost__buf_free(&last.b);
	infracost__free(origin);
	return rc;
}

/* The Spot Advisor's interruption buckets as rates: the middle of each
 * bucket, and 25 % for the open-ended "> 20 %". */
static const double bucket_rate[5] = {0.025, 0.075, 0.125, 0.175, 0.25};
static const char *const bucket_name[5] = {"<5%", "5-10%", "10-15%", "15-20%", ">20%"};

/* Current Linux spot advice as rows aws/ec2/REGION/TYPE/spot_interruption/
 * share: the share of spot hours interrupted (infra-cost simulate and
 * recommend read it when the spec gives no interruption_rate). */
static int load_spot_advice(infracost_store *s, infracost_book *book, int *line)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if ((rc = prepare(
		     s, &st,
		     "SELECT a.region, a.instance_type, a.bucket, substr(s.fetched_at, 1, 10), "
		     "s.url FROM spot_advice a JOIN sources s ON s.id = a.source_id "
		     "WHERE s.\"current\" = 1 AND a.os = 'Linux' "
		     "ORDER BY a.region, a.instance_type",
		     "reading spot advice")))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		infracost_price r;
		char source[512], *url;
		int b = sqlite3_column_int(st, 2);
		if (b < 0 || b > 4)
			continue;
		if (!(url = url_without_userinfo(col_text(st, 4)))) {
			sqlite3_finalize(st);
			return infracost__error_oom();
		}
		infracost__snprintf(
			source, sizeof(source),
			"AWS Spot Instance Advisor %s: interruption frequency %s (bucket middle)",
			url, bucket_name[b]);
		infracost__free(url);
		memset(&r, 0, sizeof(r));
		r.provider = "aws";
		r.service = "ec2";
		r.region = col_text(st, 0);
		r.sku = col_text(st, 1);
		r.purchase = "spot_interruption";
		r.unit = "share";
		r.price = bucket_rate[b];
		r.vcpu = r.memory_gb = -1;
		r.effective_date = col_text(st, 3);
		r.source = source;
		if ((rc = infracost__catalog_book_row(book, &r, ++*line))) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, "reading spot advice");
}

int infracost_catalog_load_store(infracost_catalog *catalog, infracost_store *s)
{
	struct last_key last = {INFRACOST_BUF_INIT};
	infracost_book *book = NULL;
	sqlite3_stmt *st = NULL;
	char *name = NULL;
	size_t len;
	int rc, line = 0;

	if (!catalog || !s)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_store: NULL argument");
	store_idle(s);
	len = strlen(s->path) + 7;
	if (!(name = infracost__malloc(len)))
		return infracost__error_oom();
	infracost__snprintf(name, len, "store:%s", s->path);
	if ((rc = infracost__catalog_book_begin(&book, catalog, name)))
		goto done;
	if ((rc = select_current(s, &st, NULL)))
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		infracost_price r;
		read_price(st, &r, NULL);
		if (last_key_same(&last, &r))
			continue;
		if ((rc = last_key_save(&last, &r)))
			goto done;
		if ((rc = infracost__catalog_book_row(book, &r, ++line)))
			goto done;
	}
	if (rc != SQLITE_DONE) {
		rc = store_error(s, rc, "reading prices");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = load_spot_advice(s, book, &line)))
		goto done;
	rc = infracost__catalog_book_commit(book);
	book = NULL;
done:
	sqlite3_finalize(st);
	infracost__catalog_book_abort(book); /* the catalog stays as it was */
	infracost__buf_free(&last.b);
	infracost__free(name);
	return rc;
}

/* ---- Diff ------------------------------------------------------------------------ */

/* Split "provider/service/region" (the service may hold '/'; the region
 * may be empty) into buf. */
static int split_source(const infracost_store *s, const char *name, char *buf, size_t size,
			const char **provider, const char **service, const char **region)
{
	char *first, *last;
	size_t n = strlen(name);

	if (n >= size)
		return infracost__error_at(INFRACOST_EINVALID, s->path, 0, 0, NULL,
					   "source name too long");
	memcpy(buf, name, n + 1);
	first = strchr(buf, '/');
	last = strrchr(buf, '/');
	if (!first || first == last || first == buf || last == first + 1)
		return infracost__error_at(INFRACOST_EINVALID, s->path, 0, 0, NULL,
					   "'%s' does not name a source: expected "
					   "provider/service/region (aws/AmazonEC2/us-east-1; the "
					   "region may be empty: aws/AmazonS3/)",
					   name);
	*first = '\0';
	*last = '\0';
	*provider = buf;
	*service = first + 1;
	*region = last + 1;
	return 0;
}

static int open_version(infracost_store *s, sqlite3_stmt **st, long long id)
{
	int rc = prepare(s, st,
			 "SELECT " PRICE_COLUMNS
			 " FROM prices p JOIN sources s ON s.id = p.source_id "
			 "WHERE p.source_id = ?1 ORDER BY " PRICE_KEY_ORDER,
			 "reading prices");
	if (!rc)
		sqlite3_bind_int64(*st, 1, id);
	return rc;
}

static int step_version(infracost_store *s, sqlite3_stmt *st, int *has)
{
	int rc = sqlite3_step(st);
	*has = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return store_error(s, rc, "reading prices");
}

int infracost_store_diff(infracost_store *s, const char *source,
			 int (*change)(void *ctx, const infracost_price *before,
				       const infracost_price *after),
			 void *ctx)
{
	char buf[1024];
	const char *provider = "", *service = "", *region = "";
	sqlite3_stmt *st = NULL, *old_st = NULL, *new_st = NULL;
	long long ids[2] = {0, 0};
	int nids = 0, rc, has_old = 0, has_new = 0;
	char *origin = NULL;
	size_t len;

	if (!s || !source || !change)
		return infracost__error(INFRACOST_EINVALID, "infracost_store_diff: NULL argument");
	store_idle(s);
	if ((rc = split_source(s, source, buf, sizeof(buf), &provider, &service, &region)))
		return rc;
	/* The current version, then the one before it. */
	if ((rc = prepare(
		     s, &st,
		     "SELECT id, \"current\" FROM sources WHERE provider = ?1 AND service = ?2 "
		     "AND region = ?3 AND id <> ?4 ORDER BY \"current\" DESC, id DESC LIMIT 2",
		     "reading the sources")))
		return rc;
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, region, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, s->import ? s->import->source_id : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nids == 0 && sqlite3_column_int(st, 1) != 1)
			break; /* no current version */
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = store_error(s, rc, "reading the sources");
		goto done;
	}
	if (nids == 0) {
		rc = source_name_error(s, INFRACOST_ENOTFOUND, provider, service, region,
				       "no source");
		goto done;
	}
	if (nids == 1) {
		rc = source_name_error(s, INFRACOST_ENOTFOUND, provider, service, region,
				       "only one version of");
		goto done;
	}
	len = strlen(s->path) + 7;
	if (!(origin = infracost__malloc(len))) {
		rc = infracost__error_oom();
		goto done;
	}
	infracost__snprintf(origin, len, "store:%s", s->path);
	if ((rc = open_version(s, &old_st, ids[1])) || (rc = open_version(s, &new_st, ids[0])) ||
	    (rc = step_version(s, old_st, &has_old)) || (rc = step_version(s, new_st, &has_new)))
		goto done;
	/* Merge the two versions, both in key order. */
	while (has_old || has_new) {
		infracost_price before, after;
		int c;
		if (has_old)
			read_price(old_st, &before, origin);
		if (has_new)
			read_price(new_st, &after, origin);
		c = !has_old ? 1 : !has_new ? -1 : key_cmp(&before, &after);
		if (c < 0) {
			if ((rc = change(ctx, &before, NULL)))
				goto done;
			rc = step_version(s, old_st, &has_old);
		} else if (c > 0) {
			if ((rc = change(ctx, NULL, &after)))
				goto done;
			rc = step_version(s, new_st, &has_new);
		} else {
			if ((before.price != after.price || before.upfront != after.upfront) &&
			    (rc = change(ctx, &before, &after)))
				goto done;
			if (!(rc = step_version(s, old_st, &has_old)))
				rc = step_version(s, new_st, &has_new);
		}
		if (rc)
			goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(st);
	sqlite3_finalize(old_st);
	sqlite3_finalize(new_st);
	infracost__free(origin);
	return rc;
}

/* ---- The compiled snapshot --------------------------------------------------------
 *
 * One read-only SQLite file (schema below, "snapshot_version" 1 in meta):
 *
 *   meta(key TEXT PRIMARY KEY, value TEXT)        -- snapshot_version, books_dir
 *   books(id INTEGER PRIMARY KEY, name, "rows")   -- "aws-us-east-1.csv", in load order
 *   sources(id INTEGER PRIMARY KEY, text UNIQUE)  -- a row's source text, stored once
 *   prices(provider, service, region, sku, purchase, unit, tier_start,  -- the key
 *          price, upfront, effective, vcpu, memory_gb, arch,            -- vcpu, memory_gb NULL
 *          effective_date, source, book, line,                           -- when not given
 *          PRIMARY KEY (provider, service, region, sku, purchase, unit, tier_start))
 *     WITHOUT ROWID
 *   places(provider, service, region, first)      -- every (provider, service,
 *     WITHOUT ROWID                                  region) with rows; first =
 *                                                    book << 32 | line of its first row
 *
 * The rows are those of the books layered in order (a later book's row
 * replaces an earlier one's), so the file holds what loading the books
 * gives. A look-up of a key is one b-tree search of `prices`. */

#define SNAPSHOT_VERSION "1"

struct infracost_snapshot {
	sqlite3 *db;
	char *path, *books_dir;
	sqlite3_stmt *rows[5][2]; /* [prefix parts][book_order] */
	sqlite3_stmt *has, *places;
};

static int snap_error(const infracost_snapshot *s, int src, const char *what)
{
	return db_error(s->path, s->db, src, what);
}

int infracost__snapshot_open(infracost_snapshot **out, const char *path)
{
	infracost_snapshot *s;
	sqlite3_stmt *st = NULL;
	char *uri = NULL, *name = NULL;
	int rc, version_ok = 0;

	*out = NULL;
	if (access(path, R_OK) != 0)
		return infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL,
					   "cannot read the price snapshot: %s", strerror(errno));
	if (!(s = infracost__calloc(1, sizeof(*s))))
		return infracost__error_oom();
	if (!(s->path = infracost__strdup(path)) || !(name = sqlite_name(path)) ||
	    !(uri = immutable_uri(name))) {
		rc = infracost__error_oom();
		goto fail;
	}
	/* Immutable: nobody writes a compiled snapshot, so no lock and no
	 * journal is looked for (it may sit in a read-only directory). */
	rc = sqlite3_open_v2(uri, &s->db,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = snap_error(s, rc, "cannot open the price snapshot");
		goto fail;
	}
	rc = sqlite3_prepare_v2(s->db,
				"SELECT key, value FROM meta WHERE key IN ('snapshot_version', "
				"'books_dir')",
				-1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = infracost__error_at(INFRACOST_EDB, path, 0, 0, NULL,
					 "not a price snapshot (%s)", sqlite3_errmsg(s->db));
		goto fail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = col_text(st, 0), *v = col_text(st, 1);
		if (strcmp(k, "snapshot_version") == 0)
			version_ok = strcmp(v, SNAPSHOT_VERSION) == 0;
		else if (!(s->books_dir = infracost__strdup(v))) {
			rc = infracost__error_oom();
			goto fail;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = snap_error(s, rc, "reading the price snapshot");
		goto fail;
	}
	if (!version_ok) {
		rc = infracost__error_at(INFRACOST_EDB, path, 0, 0, NULL,
					 "not a price snapshot of version " SNAPSHOT_VERSION
					 " (compile it again with 'infra-cost pricing compile')");
		goto fail;
	}
	sqlite3_finalize(st);
	infracost__free(uri);
	infracost__free(name);
	*out = s;
	return 0;
fail:
	sqlite3_finalize(st);
	infracost__free(uri);
	infracost__free(name);
	infracost__snapshot_close(s);
	return rc;
}

void infracost__snapshot_close(infracost_snapshot *s)
{
	if (!s)
		return;
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 2; j++)
			sqlite3_finalize(s->rows[i][j]);
	sqlite3_finalize(s->has);
	sqlite3_finalize(s->places);
	sqlite3_close_v2(s->db);
	infracost__free(s->path);
	infracost__free(s->books_dir);
	infracost__free(s);
}

const char *infracost__snapshot_path(const infracost_snapshot *s)
{
	return s->path;
}

const char *infracost__snapshot_books_dir(const infracost_snapshot *s)
{
	return s->books_dir ? s->books_dir : "";
}

/* A statement prepared once and reset for each use. */
static int snap_stmt(infracost_snapshot *s, sqlite3_stmt **st, const char *sql)
{
	int rc;
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return 0;
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return snap_error(s, rc, "reading the price snapshot");
	}
	return 0;
}

int infracost__snapshot_rows(infracost_snapshot *s, const char *provider, const char *service,
			     const char *region, const char *sku, int book_order,
			     infracost_snapshot_row_fn fn, void *ctx)
{
	static const char *const part[4] = {"p.provider = ?1", "p.service = ?2", "p.region = ?3",
					    "p.sku = ?4"};
	const char *in[4] = {provider, service, region, sku};
	sqlite3_stmt **st;
	int n = 0, rc;

	while (n < 4 && in[n])
		n++;
	st = &s->rows[n][book_order ? 1 : 0];
	if (!*st) {
		char sql[1024];
		int len = infracost__snprintf(
			sql, sizeof(sql),
			"SELECT p.provider, p.service, p.region, p.sku, p.purchase, p.unit, "
			"p.tier_start, p.price, p.upfront, p.vcpu, p.memory_gb, p.effective_date, "
			"o.text, p.effective, p.arch, b.name, p.line FROM prices p "
			"JOIN sources o ON o.id = p.source JOIN books b ON b.id = p.book");
		for (int i = 0; i < n; i++)
			len += infracost__snprintf(sql + len, sizeof(sql) - (size_t)len, "%s%s",
						   i ? " AND " : " WHERE ", part[i]);
		infracost__snprintf(sql + len, sizeof(sql) - (size_t)len, "%s",
				    book_order ? " ORDER BY p.book, p.line" : "");
		if ((rc = snap_stmt(s, st, sql)))
			return rc;
	} else if ((rc = snap_stmt(s, st, NULL))) {
		return rc;
	}
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(*st, i + 1, in[i], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(*st)) == SQLITE_ROW) {
		infracost_price r;
		read_price(*st, &r, NULL);
		r.effective = sqlite3_column_int(*st, 13);
		r.arch = col_text(*st, 14);
		if ((rc = fn(ctx, &r, col_text(*st, 15), sqlite3_column_int(*st, 16)))) {
			sqlite3_reset(*st);
			return rc;
		}
	}
	if (rc != SQLITE_DONE)
		rc = snap_error(s, rc, "reading the price snapshot");
	else
		rc = 0;
	sqlite3_reset(*st);
	return rc;
}

int infracost__snapshot_has(infracost_snapshot *s, const char *provider, const char *service,
			    const char *region, const char *sku_prefix)
{
	int rc;
	if ((rc = snap_stmt(s, &s->has,
			    "SELECT 1 FROM prices WHERE provider = ?1 AND service = ?2 AND region "
			    "= ?3 AND sku >= ?4 AND substr(sku, 1, length(?4)) = ?4 LIMIT 1")))
		return rc;
	sqlite3_bind_text(s->has, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->has, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->has, 3, region, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->has, 4, sku_prefix ? sku_prefix : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(s->has);
	rc = rc == SQLITE_ROW    ? 1
	     : rc == SQLITE_DONE ? 0
				 : snap_error(s, rc, "reading the price snapshot");
	sqlite3_reset(s->has);
	return rc;
}

int infracost__snapshot_triples(infracost_snapshot *s, infracost_snapshot_triple_fn fn, void *ctx)
{
	int rc;
	if ((rc = snap_stmt(s, &s->places,
			    "SELECT provider, service, region FROM places ORDER BY first")))
		return rc;
	while ((rc = sqlite3_step(s->places)) == SQLITE_ROW) {
		if ((rc = fn(ctx, col_text(s->places, 0), col_text(s->places, 1),
			     col_text(s->places, 2)))) {
			sqlite3_reset(s->places);
			return rc;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : snap_error(s, rc, "reading the price snapshot");
	sqlite3_reset(s->places);
	return rc;
}

static const char snapshot_schema_sql[] =
	"PRAGMA journal_mode = OFF;\n"
	"PRAGMA synchronous = OFF;\n"
	"PRAGMA page_size = 4096;\n"
	"BEGIN;\n"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE books (id INTEGER PRIMARY KEY, name TEXT NOT NULL, \"rows\" INTEGER NOT "
	"NULL DEFAULT 0);\n"
	"CREATE TABLE sources (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE prices (\n"
	"  provider TEXT NOT NULL, service TEXT NOT NULL, region TEXT NOT NULL,\n"
	"  sku TEXT NOT NULL, purchase TEXT NOT NULL, unit TEXT NOT NULL,\n"
	"  tier_start REAL NOT NULL, price REAL NOT NULL, upfront REAL NOT NULL,\n"
	"  effective INTEGER NOT NULL, vcpu REAL, memory_gb REAL, arch TEXT NOT NULL,\n"
	"  effective_date TEXT NOT NULL, source INTEGER NOT NULL, book INTEGER NOT NULL,\n"
	"  line INTEGER NOT NULL,\n"
	"  PRIMARY KEY (provider, service, region, sku, purchase, unit, tier_start))\n"
	"  WITHOUT ROWID;\n"
	"CREATE TABLE places (provider TEXT NOT NULL, service TEXT NOT NULL, region TEXT NOT "
	"NULL,\n"
	"  first INTEGER NOT NULL, PRIMARY KEY (provider, service, region)) WITHOUT ROWID;\n";

/* The book index of a row: the origin "PATH:LINE" against the book paths. */
static int row_book(const infracost_price *r, const char *const *books, size_t n, size_t *book,
		    int *line)
{
	const char *colon = r->origin ? strrchr(r->origin, ':') : NULL;
	size_t len;
	if (!colon)
		return 0;
	len = (size_t)(colon - r->origin);
	*line = atoi(colon + 1);
	for (size_t i = n; i-- > 0;)
		if (strlen(books[i]) == len && memcmp(books[i], r->origin, len) == 0) {
			*book = i;
			return 1;
		}
	return 0;
}

int infracost__snapshot_write(const char *path, const infracost_catalog *catalog,
			      const char *books_dir, const char *const *books, size_t nbooks)
{
	infracost_snapshot tmp = {0};
	sqlite3_stmt *ins = NULL, *src = NULL, *book = NULL;
	char *tmp_path = NULL, *name = NULL;
	size_t len = strlen(path) + 32;
	int rc;

	if (!(tmp_path = infracost__malloc(len)))
		return infracost__error_oom();
	infracost__snprintf(tmp_path, len, "%s.tmp-%ld", path, (long)getpid());
	tmp.path = tmp_path;
	unlink(tmp_path);
	if (!(name = sqlite_name(tmp_path))) {
		rc = infracost__error_oom();
		goto done;
	}
	rc = sqlite3_open_v2(name, &tmp.db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		rc = infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL,
					 "cannot write the price snapshot: %s",
					 tmp.db ? sqlite3_errmsg(tmp.db) : sqlite3_errstr(rc));
		goto done;
	}
	{
		infracost_store st = {tmp.db, tmp_path, NULL, 0};
		if ((rc = run_sql(&st, snapshot_schema_sql, 0, "cannot write the price snapshot")))
			goto done;
	}
	if ((rc = sqlite3_prepare_v2(tmp.db, "INSERT INTO meta VALUES (?1, ?2)", -1, &ins, NULL)) !=
	    SQLITE_OK)
		goto db_fail;
	sqlite3_bind_text(ins, 1, "snapshot_version", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, SNAPSHOT_VERSION, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(ins)) != SQLITE_DONE)
		goto db_fail;
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, "books_dir", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, books_dir ? books_dir : "", -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(ins)) != SQLITE_DONE)
		goto db_fail;
	sqlite3_finalize(ins);
	ins = NULL;
	if ((rc = sqlite3_prepare_v2(tmp.db, "INSERT INTO books (id, name) VALUES (?1, ?2)", -1,
				     &book, NULL)) != SQLITE_OK)
		goto db_fail;
	for (size_t i = 0; i < nbooks; i++) {
		const char *base = strrchr(books[i], '/');
		sqlite3_bind_int64(book, 1, (sqlite3_int64)i);
		sqlite3_bind_text(book, 2, base ? base + 1 : books[i], -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(book)) != SQLITE_DONE)
			goto db_fail;
		sqlite3_reset(book);
	}
	if ((rc = sqlite3_prepare_v2(tmp.db,
				     "INSERT INTO sources (text) VALUES (?1) ON CONFLICT (text) DO "
				     "UPDATE SET text = text RETURNING id",
				     -1, &src, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(
		     tmp.db,
		     "INSERT INTO prices VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		     "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
		     -1, &ins, NULL)) != SQLITE_OK)
		goto db_fail;
	for (size_t i = 0, n = infracost_catalog_count(catalog); i < n; i++) {
		const infracost_price *r = infracost_catalog_get(catalog, i);
		size_t b = 0;
		int line = 0;
		sqlite3_int64 source_id;
		if (!row_book(r, books, nbooks, &b, &line)) {
			rc = infracost__error_at(INFRACOST_EINVALID, path, 0, 0, NULL,
						 "a row of %s is not from the books compiled",
						 r->origin ? r->origin : "(no origin)");
			goto done;
		}
		sqlite3_bind_text(src, 1, r->source, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(src)) != SQLITE_ROW)
			goto db_fail;
		source_id = sqlite3_column_int64(src, 0);
		sqlite3_reset(src);
		sqlite3_bind_text(ins, 1, r->provider, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, r->service, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, r->region, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, r->sku, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, r->purchase, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, r->unit, -1, SQLITE_STATIC);
		sqlite3_bind_double(ins, 7, r->tier_start);
		sqlite3_bind_double(ins, 8, r->price);
		sqlite3_bind_double(ins, 9, r->upfront);
		sqlite3_bind_int(ins, 10, r->effective);
		if (r->vcpu >= 0)
			sqlite3_bind_double(ins, 11, r->vcpu);
		else
			sqlite3_bind_null(ins, 11);
		if (r->memory_gb >= 0)
			sqlite3_bind_double(ins, 12, r->memory_gb);
		else
			sqlite3_bind_null(ins, 12);
		sqlite3_bind_text(ins, 13, r->arch ? r->arch : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 14, r->effective_date ? r->effective_date : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(ins, 15, source_id);
		sqlite3_bind_int64(ins, 16, (sqlite3_int64)b);
		sqlite3_bind_int(ins, 17, line);
		if ((rc = sqlite3_step(ins)) != SQLITE_DONE)
			goto db_fail;
		sqlite3_reset(ins);
	}
	{
		infracost_store st = {tmp.db, tmp_path, NULL, 0};
		if ((rc = run_sql(
			     &st,
			     "INSERT INTO places SELECT provider, service, region, "
			     "min((book << 32) | line) FROM prices GROUP BY provider, service, "
			     "region;\n"
			     "UPDATE books SET \"rows\" = (SELECT count(*) FROM prices WHERE "
			     "prices.book = books.id);\n"
			     /* the UNIQUE index served the inserts only: without it
			      * the table is half the size */
			     "CREATE TABLE sources_by_id (id INTEGER PRIMARY KEY, text TEXT NOT "
			     "NULL);\n"
			     "INSERT INTO sources_by_id SELECT id, text FROM sources;\n"
			     "DROP TABLE sources;\n"
			     "ALTER TABLE sources_by_id RENAME TO sources;\n"
			     "COMMIT;\n"
			     "ANALYZE;\n"
			     "VACUUM;\n",
			     0, "cannot write the price snapshot")))
			goto done;
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(src);
	sqlite3_finalize(book);
	ins = src = book = NULL;
	if ((rc = sqlite3_close(tmp.db)) != SQLITE_OK) {
		rc = snap_error(&tmp, rc, "cannot write the price snapshot");
		goto done;
	}
	tmp.db = NULL;
	if (rename(tmp_path, path) != 0) {
		rc = infracost__error_at(INFRACOST_EIO, path, 0, 0, NULL,
					 "cannot write the price snapshot: %s", strerror(errno));
		goto done;
	}
	rc = 0;
	goto done;
db_fail:
	rc = snap_error(&tmp, rc, "cannot write the price snapshot");
done:
	sqlite3_finalize(ins);
	sqlite3_finalize(src);
	sqlite3_finalize(book);
	if (tmp.db) {
		sqlite3_close_v2(tmp.db);
		unlink(tmp_path);
	}
	infracost__free(name);
	infracost__free(tmp_path);
	return rc;
}
