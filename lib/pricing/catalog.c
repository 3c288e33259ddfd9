/* catalog.c - price books (CSV): parse, validate, layer, look up, suggest. */
#define _GNU_SOURCE /* dladdr */
#include "cnum.h"
#include "catalog.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <threads.h>
#include <time.h>

#include "alloc.h"
#include "csv.h"
#include "error.h"
#include "store.h"
#include "strpool.h"

/* The prices of one key without tier_start: its tier ladder. */
struct group {
	const char *provider, *service, *region, *sku, *purchase, *unit; /* interned */
	uint64_t hash;
	infracost_price *tiers; /* sorted by tier_start; &one while there is one */
	size_t ntiers, cap;
	infracost_price one;
};

/* Groups come from slabs: one allocation for many keys. */
#define SLAB_GROUPS 512
struct group_slab {
	struct group_slab *next;
	size_t used;
	struct group groups[SLAB_GROUPS];
};

/* A compiled snapshot attached below every other layer: its rows are
 * looked up on demand (lazy_load), a provider/service/region[/sku] once. */
struct lazy {
	infracost_snapshot *snap;
	char *books_dir;        /* where the books are, for origins ("DIR/aws-us-east-1.csv") */
	infracost_strpool seen; /* "provider\x1fservice\x1fregion[\x1fsku]" loaded */
	struct place {
		const char *provider, *service, *region; /* interned in seen */
	} * places; /* the snapshot's places, in load order; read once */
	size_t nplaces;
	int places_read;
};

struct infracost_catalog {
	infracost_strpool pool;
	struct lazy *lazy; /* NULL: every row is in memory */
	/* Held by every reader and loader while a snapshot is attached: a
	 * look-up may load rows (recursive: a callback of `each` looks up). */
	mtx_t lock;
	struct group **groups; /* creation order */
	size_t ngroups, groups_cap;
	struct group **table; /* open addressing by key */
	size_t nslots;
	const infracost_price **flat; /* every row, for infracost_catalog_get */
	size_t nflat, flat_cap;
	struct group_slab *slabs;
};

static void cat_lock(const infracost_catalog *c);
static void lazy_free(struct lazy *z);
static void cat_unlock(const infracost_catalog *c);
static const char *snapshot_books_dir(const infracost_snapshot *snap);

static struct group *group_new(infracost_catalog *c)
{
	struct group_slab *slab = c->slabs;
	struct group *g;
	if (!slab || slab->used == SLAB_GROUPS) {
		slab = infracost__malloc(sizeof(*slab));
		if (!slab)
			return NULL;
		slab->used = 0;
		slab->next = c->slabs;
		c->slabs = slab;
	}
	g = &slab->groups[slab->used++];
	memset(g, 0, sizeof(*g));
	return g;
}

/* Give back the most recently made group (of a failed load). */
static void group_unmake(infracost_catalog *c, struct group *g)
{
	struct group_slab *top = c->slabs;
	if (g->tiers != &g->one)
		infracost__free(g->tiers);
	/* g is the last group made, so it is the top slab's last. */
	if (--top->used == 0) {
		c->slabs = top->next;
		infracost__free(top);
	}
}

/* Room for `need` tiers; the single-tier case needs no allocation. */
static int group_reserve(struct group *g, size_t need)
{
	infracost_price *grown;
	size_t cap;
	if (need <= g->cap)
		return 0;
	if (need == 1 && !g->tiers) {
		g->tiers = &g->one;
		g->cap = 1;
		return 0;
	}
	cap = g->cap ? g->cap * 2 : 2;
	while (cap < need)
		cap *= 2;
	if (g->tiers == &g->one) {
		grown = infracost__malloc(cap * sizeof(*grown));
		if (!grown)
			return INFRACOST_ENOMEM;
		memcpy(grown, &g->one, g->ntiers * sizeof(*grown));
	} else {
		grown = infracost__realloc(g->tiers, cap * sizeof(*grown));
		if (!grown)
			return INFRACOST_ENOMEM;
	}
	g->tiers = grown;
	g->cap = cap;
	return 0;
}

static const char *const purchases[] = {
	"on_demand",
	"spot",
	"reserved_1yr_no_upfront",
	"reserved_1yr_partial_upfront",
	"reserved_1yr_all_upfront",
	"reserved_3yr_no_upfront",
	"reserved_3yr_partial_upfront",
	"reserved_3yr_all_upfront",
	/* Convertible Reserved Instances (the spec's reserved prices Standard) */
	"reserved_convertible_1yr_no_upfront",
	"reserved_convertible_1yr_partial_upfront",
	"reserved_convertible_1yr_all_upfront",
	"reserved_convertible_3yr_no_upfront",
	"reserved_convertible_3yr_partial_upfront",
	"reserved_convertible_3yr_all_upfront",
	/* not a price: the share of spot hours interrupted, unit "share"
	 * (Spot Advisor rows of a store, or a book's own figure) */
	"spot_interruption",
};

int infracost__purchase_valid(const char *purchase)
{
	for (size_t i = 0; i < sizeof(purchases) / sizeof(purchases[0]); i++)
		if (strcmp(purchase, purchases[i]) == 0)
			return 1;
	return 0;
}

int infracost_catalog_new(infracost_catalog **out)
{
	infracost_catalog *c;

	if (!out)
		return infracost__error(INFRACOST_EINVALID, "infracost_catalog_new: out is NULL");
	c = infracost__calloc(1, sizeof(*c));
	if (!c)
		return infracost__error_oom();
	infracost__strpool_init(&c->pool);
	*out = c;
	return 0;
}

void infracost_catalog_free(infracost_catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ngroups; i++)
		if (c->groups[i]->tiers != &c->groups[i]->one)
			infracost__free(c->groups[i]->tiers);
	while (c->slabs) {
		struct group_slab *next = c->slabs->next;
		infracost__free(c->slabs);
		c->slabs = next;
	}
	infracost__free(c->groups);
	infracost__free(c->table);
	infracost__free(c->flat);
	infracost__strpool_free(&c->pool);
	if (c->lazy) {
		lazy_free(c->lazy);
		mtx_destroy(&c->lock);
	}
	infracost__free(c);
}

static uint64_t key_hash(const char *k[6])
{
	uint64_t h = 0x9E3779B97F4A7C15ULL;
	for (int i = 0; i < 6; i++) {
		h ^= (uint64_t)(uintptr_t)k[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return h;
}

static int group_is(const struct group *g, const char *k[6])
{
	return g->provider == k[0] && g->service == k[1] && g->region == k[2] && g->sku == k[3] &&
	       g->purchase == k[4] && g->unit == k[5];
}

/* Slot of the group with key k (interned), or of the empty slot where it goes. */
static size_t table_probe(struct group **table, size_t nslots, const char *k[6], uint64_t h)
{
	size_t mask = nslots - 1, i = (size_t)h & mask;
	while (table[i] && !group_is(table[i], k))
		i = (i + 1) & mask;
	return i;
}

static struct group *table_get(const infracost_catalog *c, const char *k[6])
{
	if (!c->nslots)
		return NULL;
	return c->table[table_probe(c->table, c->nslots, k, key_hash(k))];
}

/* Make room in the table for `total` groups (load factor <= 1/2). */
static int table_reserve(infracost_catalog *c, size_t total)
{
	size_t n = c->nslots ? c->nslots : 256;
	struct group **table;

	while (total * 2 > n)
		n *= 2;
	if (n == c->nslots)
		return 0;
	table = infracost__calloc(n, sizeof(*table));
	if (!table)
		return INFRACOST_ENOMEM;
	for (size_t i = 0; i < c->ngroups; i++) {
		struct group *g = c->groups[i];
		table[table_probe(table, n,
				  (const char *[6]){g->provider, g->service, g->region, g->sku,
						    g->purchase, g->unit},
				  g->hash)] = c->groups[i];
	}
	infracost__free(c->table);
	c->table = table;
	c->nslots = n;
	return 0;
}

/* ---- Parsing a book ---------------------------------------------------- */

enum col {
	COL_PROVIDER,
	COL_SERVICE,
	COL_REGION,
	COL_SKU,
	COL_PURCHASE,
	COL_UNIT,
	COL_PRICE,
	COL_UPFRONT,
	COL_TIER_START,
	COL_VCPU,
	COL_MEMORY_GB,
	COL_EFFECTIVE_DATE,
	COL_SOURCE,
	COL_CURRENCY,
	COL_ARCH,
	COL_EFFECTIVE,
	COL_COUNT
};

static const char *const col_names[COL_COUNT] = {
	"provider", "service",  "region",     "sku",       "purchase",  "unit",
	"price",    "upfront",  "tier_start", "vcpu",      "memory_gb", "effective_date",
	"source",   "currency", "arch",       "effective",
};
#define REQUIRED_COLS 7 /* provider .. price */

struct staged {
	infracost_price row;
	struct group *target; /* filled while committing */
	int line;
};

struct loader {
	infracost_catalog *c;
	const char *name;
	infracost_csv csv;
	int col[COL_COUNT]; /* field index of each column, -1 when absent */
	size_t ncols;
	struct staged *rows;
	size_t nrows, rows_cap;
	struct group **fresh; /* groups created by this book, not yet linked */
	size_t nfresh, fresh_cap;
	/* 1: the snapshot's rows, layered below: a key the catalog has keeps
	 * its rows (taking only sizes it lacks). */
	int below;
	const char *last[COL_COUNT]; /* the previous row's interned values */
	size_t last_len[COL_COUNT];
};

/* A book built row by row (the store, the snapshot). */
struct infracost_book {
	struct loader L;
};

static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

static int parse_header(struct loader *L)
{
	infracost_csv *csv = &L->csv;
	int rc = infracost__csv_next(csv);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return infracost__error_at(INFRACOST_EPARSE, L->name, 0, 0, NULL,
					   "empty price book (no header row)");
	for (int i = 0; i < COL_COUNT; i++)
		L->col[i] = -1;
	L->ncols = csv->nfields;
	for (size_t f = 0; f < csv->nfields; f++) {
		const char *s = csv->fields[f].text;
		size_t len = csv->fields[f].len;
		trim(&s, &len);
		for (int i = 0; i < COL_COUNT; i++) {
			if (strlen(col_names[i]) != len || strncasecmp(s, col_names[i], len) != 0)
				continue;
			if (L->col[i] >= 0)
				return infracost__error_at(
					INFRACOST_EPARSE, L->name, csv->record_line,
					csv->fields[f].column, NULL,
					"column '%s' appears twice in the header", col_names[i]);
			L->col[i] = (int)f;
		}
	}
	for (int i = 0; i < REQUIRED_COLS; i++)
		if (L->col[i] < 0)
			return infracost__error_at(INFRACOST_EPARSE, L->name, csv->record_line, 0,
						   NULL,
						   "header has no '%s' column (required: provider, "
						   "service, region, sku, purchase, unit, price)",
						   col_names[i]);
	return 0;
}

/* A plain decimal of at most 15 digits ("0.096", "1649", ".5"): its value,
 * correctly rounded as strtod gives it (the digits as an integer and the
 * power of ten are both exact doubles, and one IEEE division rounds
 * correctly). 0 for anything else (an exponent, more digits), which
 * strtod reads. */
static int plain_decimal(const char *s, size_t len, double *out)
{
	static const double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
					 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	uint64_t m = 0;
	size_t digits = 0, frac = 0;
	int dot = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d <= 9) {
			m = m * 10 + d;
			digits++;
			frac += (size_t)dot;
		} else if (s[i] == '.' && !dot) {
			dot = 1;
		} else {
			return 0;
		}
	}
	if (digits == 0 || digits > 15)
		return 0;
	*out = (double)m / pow10[frac];
	return 1;
}

static int field_number(struct loader *L, int col, double *out, double dflt)
{
	const infracost_csv_field *f;
	const char *s;
	size_t len;
	char *end;
	char tmp[64];

	*out = dflt;
	if (L->col[col] < 0)
		return 0;
	f = &L->csv.fields[L->col[col]];
	s = f->text;
	len = f->len;
	trim(&s, &len);
	if (len == 0) {
		if (col == COL_PRICE)
			goto bad;
		return 0;
	}
	if (plain_decimal(s, len, out))
		return 0;
	if (len >= sizeof(tmp))
		goto bad;
	for (size_t i = 0; i < len; i++)
		if (!strchr("0123456789.eE+-", s[i]))
			goto bad;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	errno = 0;
	*out = infracost__strtod(tmp, &end);
	if (*end || errno || !isfinite(*out))
		goto bad;
	if (*out < 0)
		return infracost__error_at(INFRACOST_EPARSE, L->name, L->csv.record_line, f->column,
					   NULL, "%s: must not be negative, got %.*s",
					   col_names[col], (int)len, s);
	return 0;
bad:
	return infracost__error_at(INFRACOST_EPARSE, L->name, L->csv.record_line, f->column, NULL,
				   "%s: not a number: '%.*s'", col_names[col],
				   (int)(len > 40 ? 40 : len), s);
}

static int field_string(struct loader *L, int col, const char **out, int required)
{
	const infracost_csv_field *f;
	const char *s;
	size_t len;

	*out = "";
	if (L->col[col] < 0)
		return 0;
	f = &L->csv.fields[L->col[col]];
	s = f->text;
	len = f->len;
	trim(&s, &len);
	if (required && len == 0)
		return infracost__error_at(INFRACOST_EPARSE, L->name, L->csv.record_line, f->column,
					   NULL, "%s: must not be empty", col_names[col]);
	/* Columns repeat from row to row (provider, region, source...): the
	 * previous row's value is checked before hashing. */
	if (L->last[col] && L->last_len[col] == len && memcmp(L->last[col], s, len) == 0) {
		*out = L->last[col];
		return 0;
	}
	*out = infracost__strpool_intern(&L->c->pool, s, len);
	if (!*out)
		return infracost__error_oom();
	L->last[col] = *out;
	L->last_len[col] = len;
	return 0;
}

/* The `effective` column: "1"/"true" marks a reserved row whose price is the
 * effective hourly rate (recurring plus upfront spread over the term), its
 * upfront unknown; "", "0"/"false" a row priced as given. */
static int field_effective(struct loader *L, infracost_price *r)
{
	const infracost_csv_field *f;
	const char *s;
	size_t len;

	r->effective = 0;
	if (L->col[COL_EFFECTIVE] < 0)
		return 0;
	f = &L->csv.fields[L->col[COL_EFFECTIVE]];
	s = f->text;
	len = f->len;
	trim(&s, &len);
	if ((len == 1 && *s == '1') || (len == 4 && strncasecmp(s, "true", 4) == 0))
		r->effective = 1;
	else if (!(len == 0 || (len == 1 && *s == '0') ||
		   (len == 5 && strncasecmp(s, "false", 5) == 0)))
		return infracost__error_at(INFRACOST_EPARSE, L->name, L->csv.record_line, f->column,
					   NULL,
					   "effective: expected 1, true, 0 or false, got '%.*s'",
					   (int)(len > 20 ? 20 : len), s);
	if (!r->effective)
		return 0;
	if (strncmp(r->purchase, "reserved_", 9) != 0)
		return infracost__error_at(INFRACOST_EPARSE, L->name, L->csv.record_line, f->column,
					   NULL,
					   "effective: only reserved rows carry an effective rate "
					   "(purchase is %s)",
					   r->purchase);
	if (r->upfront > 0)
		return infracost__error_at(
			INFRACOST_EPARSE, L->name, L->csv.record_line,
			L->csv.fields[L->col[COL_UPFRONT]].column, NULL,
			"upfront: an effective row's upfront is unknown (its price "
			"already spreads it over the term); leave it empty");
	/* No upfront: the effective rate is the recurring fee, the upfront 0
	 * (known), so the row is an ordinary one. */
	if (strstr(r->purchase, "_no_upfront"))
		r->effective = 0;
	return 0;
}

/* "NAME:LINE" stored in the catalog's pool, cut to 599 bytes as
 * snprintf into 600 would (without a formatted print for every row). */
static const char *origin_of(struct loader *L, int line)
{
	char origin[600], digits[12];
	size_t n = strlen(L->name), k = 0, cap = sizeof(origin) - 1;
	long v = line;
	if (n > cap)
		n = cap;
	memcpy(origin, L->name, n);
	if (n < cap)
		origin[n++] = ':';
	if (v < 0 && n < cap) {
		origin[n++] = '-';
		v = -v;
	}
	do
		digits[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (k && n < cap)
		origin[n++] = digits[--k];
	return infracost__strpool_store(&L->c->pool, origin, n);
}

static int parse_row(struct loader *L)
{
	infracost_csv *csv = &L->csv;
	struct staged *st;
	infracost_price *r;
	int rc;

	if (csv->nfields != L->ncols)
		return infracost__error_at(INFRACOST_EPARSE, L->name, csv->record_line, 0, NULL,
					   "expected %zu fields as in the header, found %zu",
					   L->ncols, csv->nfields);
	if ((rc = infracost__grow((void **)&L->rows, &L->rows_cap, L->nrows + 1, sizeof(*L->rows))))
		return infracost__error_oom();
	st = &L->rows[L->nrows];
	memset(st, 0, sizeof(*st));
	st->line = csv->record_line;
	r = &st->row;
	if ((rc = field_string(L, COL_PROVIDER, &r->provider, 1)) ||
	    (rc = field_string(L, COL_SERVICE, &r->service, 1)) ||
	    (rc = field_string(L, COL_REGION, &r->region, 1)) ||
	    (rc = field_string(L, COL_SKU, &r->sku, 1)) ||
	    (rc = field_string(L, COL_PURCHASE, &r->purchase, 1)) ||
	    (rc = field_string(L, COL_UNIT, &r->unit, 1)) ||
	    (rc = field_string(L, COL_EFFECTIVE_DATE, &r->effective_date, 0)) ||
	    (rc = field_string(L, COL_SOURCE, &r->source, 0)) ||
	    (rc = field_string(L, COL_ARCH, &r->arch, 0)) ||
	    (rc = field_number(L, COL_PRICE, &r->price, 0)) ||
	    (rc = field_number(L, COL_UPFRONT, &r->upfront, 0)) ||
	    (rc = field_number(L, COL_TIER_START, &r->tier_start, 0)) ||
	    (rc = field_number(L, COL_VCPU, &r->vcpu, -1)) ||
	    (rc = field_number(L, COL_MEMORY_GB, &r->memory_gb, -1)))
		return rc;
	if (!infracost__purchase_valid(r->purchase))
		return infracost__error_at(
			INFRACOST_EPARSE, L->name, csv->record_line,
			csv->fields[L->col[COL_PURCHASE]].column, NULL,
			"purchase: unknown option '%s' (expected on_demand, spot, "
			"reserved_[convertible_]{1yr,3yr}_{no,partial,all}_upfront or "
			"spot_interruption)",
			r->purchase);
	for (const char *u = r->unit; *u; u++)
		if (!((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') || *u == '_'))
			return infracost__error_at(INFRACOST_EPARSE, L->name, csv->record_line,
						   csv->fields[L->col[COL_UNIT]].column, NULL,
						   "unit: '%s' is not a unit name such as hour, "
						   "gb_month, gb, request, gb_second, lcu_hour",
						   r->unit);
	if (*r->arch && strcmp(r->arch, "x86_64") != 0 && strcmp(r->arch, "arm64") != 0)
		return infracost__error_at(INFRACOST_EPARSE, L->name, csv->record_line,
					   csv->fields[L->col[COL_ARCH]].column, NULL,
					   "arch: '%s' is not x86_64 or arm64", r->arch);
	if (L->col[COL_CURRENCY] >= 0) {
		const infracost_csv_field *f = &csv->fields[L->col[COL_CURRENCY]];
		const char *s = f->text;
		size_t len = f->len;
		trim(&s, &len);
		if (len && !(len == 3 && strncmp(s, "USD", 3) == 0))
			return infracost__error_at(INFRACOST_EPARSE, L->name, csv->record_line,
						   f->column, NULL,
						   "currency: only USD is supported, got '%.*s'",
						   (int)(len > 20 ? 20 : len), s);
	}
	if ((rc = field_effective(L, r)))
		return rc;
	if (r->upfront > 0 && strncmp(r->purchase, "reserved_", 9) != 0)
		return infracost__error_at(
			INFRACOST_EPARSE, L->name, csv->record_line,
			csv->fields[L->col[COL_UPFRONT]].column, NULL,
			"upfront: only reserved rows have an upfront fee (purchase is %s)",
			r->purchase);
	r->origin = origin_of(L, csv->record_line);
	if (!r->origin)
		return infracost__error_oom();
	L->nrows++;
	return 0;
}

static void price_key(const infracost_price *r, const char *k[6])
{
	k[0] = r->provider;
	k[1] = r->service;
	k[2] = r->region;
	k[3] = r->sku;
	k[4] = r->purchase;
	k[5] = r->unit;
}

static int same_key(const struct staged *x, const struct staged *y)
{
	const char *kx[6], *ky[6];
	price_key(&x->row, kx);
	price_key(&y->row, ky);
	return memcmp(kx, ky, sizeof(kx)) == 0 && x->row.tier_start == y->row.tier_start;
}

static int staged_cmp(const void *a, const void *b)
{
	const struct staged *x = a, *y = b;
	const char *kx[6], *ky[6];
	price_key(&x->row, kx);
	price_key(&y->row, ky);
	for (int i = 0; i < 6; i++) {
		if (kx[i] != ky[i])
			return (uintptr_t)kx[i] < (uintptr_t)ky[i] ? -1 : 1;
	}
	if (x->row.tier_start != y->row.tier_start)
		return x->row.tier_start < y->row.tier_start ? -1 : 1;
	return x->line - y->line;
}

/* Sort the staged rows by key (then tier, then line): rows of one key are
 * adjacent. A key appearing twice in one book is a mistake worth reporting. */
static int sort_and_check(struct loader *L)
{
	if (L->nrows < 2)
		return 0;
	qsort(L->rows, L->nrows, sizeof(*L->rows), staged_cmp);
	for (size_t i = 1; i < L->nrows; i++) {
		if (same_key(&L->rows[i - 1], &L->rows[i])) {
			const infracost_price *r = &L->rows[i].row;
			return infracost__error_at(
				INFRACOST_EPARSE, L->name, L->rows[i].line, 0, NULL,
				"duplicate price %s/%s/%s/%s/%s/%s tier_start %g "
				"(first on line %d)",
				r->provider, r->service, r->region, r->sku, r->purchase, r->unit,
				r->tier_start, L->rows[i - 1].line);
		}
	}
	return 0;
}

/* Point c->flat at every row of the linked groups. Never allocates: the
 * caller guarantees the capacity (rows are only added after reserving it). */
static void rebuild_flat(infracost_catalog *c)
{
	c->nflat = 0;
	for (size_t j = 0; j < c->ngroups; j++)
		for (size_t t = 0; t < c->groups[j]->ntiers; t++)
			c->flat[c->nflat++] = &c->groups[j]->tiers[t];
}

static int fresh_cmp(const void *a, const void *b)
{
	const struct group *x = *(struct group *const *)a, *y = *(struct group *const *)b;
	return (x->ntiers > y->ntiers) - (x->ntiers < y->ntiers);
}

/* Merge `n` staged rows of one key (sorted by tier_start, no two alike)
 * into its ladder (sorted, with room for all of them), in linear time. A
 * later book replaces a row of the same tier_start; a size it does not
 * state is kept from the row it replaces (a feed without sizes). */
static void merge_ladder(struct group *g, const struct staged *rows, size_t n)
{
	size_t have = g->ntiers, same = 0, a = 0, b = 0, w;
	while (a < have && b < n) {
		double x = g->tiers[a].tier_start, y = rows[b].row.tier_start;
		same += x == y;
		a += x <= y;
		b += y <= x;
	}
	/* from the back, so that no row is overwritten before it moves */
	w = have + n - same;
	g->ntiers = w;
	for (a = have, b = n; b > 0;) {
		const infracost_price *r = &rows[b - 1].row;
		if (a > 0 && g->tiers[a - 1].tier_start > r->tier_start) {
			g->tiers[--w] = g->tiers[--a];
			continue;
		}
		if (a > 0 && g->tiers[a - 1].tier_start == r->tier_start) {
			infracost_price old = g->tiers[--a];
			g->tiers[--w] = *r;
			if (g->tiers[w].vcpu < 0)
				g->tiers[w].vcpu = old.vcpu;
			if (g->tiers[w].memory_gb < 0)
				g->tiers[w].memory_gb = old.memory_gb;
			if (!*g->tiers[w].arch)
				g->tiers[w].arch = old.arch;
		} else {
			g->tiers[--w] = *r;
		}
		b--;
	}
	/* the rows left below a are already in place (w == a) */
}

/* A snapshot row under a key the catalog already has: the key keeps its
 * rows, and takes the sizes they lack from the snapshot's row of the same
 * tier (a fetched feed without sizes over the snapshot keeps them, as
 * merge_ladder does for a later book). In place: nothing moves. */
static void below_sizes(struct group *g, const struct staged *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const infracost_price *r = &rows[i].row;
		for (size_t t = 0; t < g->ntiers; t++) {
			infracost_price *have = &g->tiers[t];
			if (have->tier_start != r->tier_start)
				continue;
			if (have->vcpu < 0)
				have->vcpu = r->vcpu;
			if (have->memory_gb < 0)
				have->memory_gb = r->memory_gb;
			if (!*have->arch)
				have->arch = r->arch;
		}
	}
}

/* Apply the staged rows (sorted by key). Everything that can fail is done in
 * the first pass, before the catalog is touched, so a failed load leaves it
 * as it was. */
static int commit(struct loader *L)
{
	infracost_catalog *c = L->c;
	size_t total_rows = c->nflat + L->nrows;

	for (size_t i = 0; i < L->nrows;) {
		const char *k[6];
		size_t run = i + 1, first_line = (size_t)L->rows[i].line;
		struct group *g;
		size_t have;

		price_key(&L->rows[i].row, k);
		while (run < L->nrows && L->rows[run].row.provider == k[0] &&
		       L->rows[run].row.service == k[1] && L->rows[run].row.region == k[2] &&
		       L->rows[run].row.sku == k[3] && L->rows[run].row.purchase == k[4] &&
		       L->rows[run].row.unit == k[5]) {
			if ((size_t)L->rows[run].line < first_line)
				first_line = (size_t)L->rows[run].line;
			run++;
		}
		g = table_get(c, k);
		have = g ? g->ntiers : 0;
		if (L->below && have) {
			below_sizes(g, &L->rows[i], run - i);
			for (size_t j = i; j < run; j++)
				L->rows[j].target = NULL;
			i = run;
			continue;
		}
		if (!g) {
			if (infracost__grow((void **)&L->fresh, &L->fresh_cap, L->nfresh + 1,
					    sizeof(*L->fresh)))
				goto oom;
			g = group_new(c);
			if (!g)
				goto oom;
			L->fresh[L->nfresh++] = g;
			g->provider = k[0];
			g->service = k[1];
			g->region = k[2];
			g->sku = k[3];
			g->purchase = k[4];
			g->unit = k[5];
			g->hash = key_hash(k);
			g->ntiers = first_line; /* sort key until linked */
		}
		/* Room for every row of the run (more than needed when they replace tiers). */
		if (group_reserve(g, have + (run - i)))
			goto oom;
		for (size_t j = i; j < run; j++)
			L->rows[j].target = g;
		i = run;
	}
	if (table_reserve(c, c->ngroups + L->nfresh) ||
	    infracost__grow((void **)&c->groups, &c->groups_cap, c->ngroups + L->nfresh,
			    sizeof(*c->groups)) ||
	    infracost__grow((void **)&c->flat, &c->flat_cap, total_rows, sizeof(*c->flat)))
		goto oom;

	/* New keys keep the order of their first line in the book. */
	if (L->nfresh)
		qsort(L->fresh, L->nfresh, sizeof(*L->fresh), fresh_cmp);
	/* Second pass: nothing below allocates. */
	for (size_t j = 0; j < L->nfresh; j++) {
		struct group *g = L->fresh[j];
		const char *k[6] = {g->provider, g->service,  g->region,
				    g->sku,      g->purchase, g->unit};
		g->ntiers = 0;
		c->table[table_probe(c->table, c->nslots, k, g->hash)] = g;
		c->groups[c->ngroups++] = g;
	}
	L->nfresh = 0;
	for (size_t i = 0, run; i < L->nrows; i = run) {
		for (run = i + 1; run < L->nrows && L->rows[run].target == L->rows[i].target; run++)
			;
		if (L->rows[i].target) /* NULL: a key kept from above (below) */
			merge_ladder(L->rows[i].target, &L->rows[i], run - i);
	}
	rebuild_flat(c);
	return 0;
oom:
	/* Growing a tier array may have moved rows that c->flat points at. */
	if (c->flat)
		rebuild_flat(c);
	return infracost__error_oom();
}

/* Parse a book's rows into L (nothing of the catalog changes but its
 * string pool): the text is not needed afterwards. */
static int parse_book(struct loader *L, infracost_catalog *c, const char *data, size_t len,
		      const char *name)
{
	int rc;
	memset(L, 0, sizeof(*L));
	L->c = c;
	L->name = name;
	infracost__csv_init(&L->csv, data ? data : "", len, L->name);
	if ((rc = parse_header(L)))
		return rc;
	while ((rc = infracost__csv_next(&L->csv)) == 1)
		if ((rc = parse_row(L)))
			return rc;
	return rc;
}

/* Layer the parsed rows (when rc is 0) and free the loader. */
static int finish_book(struct loader *L, int rc)
{
	infracost__csv_free(&L->csv);
	if (!rc && !(rc = sort_and_check(L)))
		rc = commit(L);
	/* Groups of a failed commit that were never linked, newest first. */
	while (L->nfresh > 0)
		group_unmake(L->c, L->fresh[--L->nfresh]);
	infracost__free(L->fresh);
	infracost__free(L->rows);
	return rc;
}

int infracost_catalog_load_buffer(infracost_catalog *c, const char *data, size_t len,
				  const char *name)
{
	struct loader L;

	if (!c || (!data && len))
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_buffer: NULL argument");
	return finish_book(&L, parse_book(&L, c, data, len, name ? name : "<buffer>"));
}

int infracost_catalog_load_file(infracost_catalog *c, const char *path)
{
	infracost_file_view view;
	struct loader L;
	int rc;

	if (!c || !path)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_file: NULL argument");
	if ((rc = infracost__file_open(&view, path)))
		return rc;
	rc = parse_book(&L, c, view.data, view.len, path);
	/* The text is freed before the rows are layered, so that the catalog's
	 * new memory can reuse its pages (fewer first touches). */
	infracost__file_close(&view);
	return finish_book(&L, rc);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths of every "*.csv" of a directory, in byte order of their names. */
static int list_books(char ***out, size_t *out_n, const char *dir)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	d = opendir(dir);
	if (!d)
		return infracost__error_at(INFRACOST_EIO, dir, 0, 0, NULL,
					   "cannot open price directory: %s", strerror(errno));
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char *path;
		if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0 || e->d_name[0] == '.')
			continue;
		if (e->d_type != DT_REG && e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
			continue; /* a directory named x.csv is not a book */
		if (infracost__grow((void **)&names, &cap, n + 1, sizeof(*names)) ||
		    !(path = infracost__malloc(strlen(dir) + len + 2))) {
			rc = infracost__error_oom();
			goto done;
		}
		sprintf(path, "%s/%s", dir, e->d_name);
		names[n++] = path;
	}
	if (n == 0) {
		rc = infracost__error_at(INFRACOST_ENOTFOUND, dir, 0, 0, NULL,
					 "no price books (*.csv) in this directory");
		goto done;
	}
	qsort(names, n, sizeof(*names), name_cmp);
done:
	closedir(d);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			infracost__free(names[i]);
		infracost__free(names);
		return rc;
	}
	*out = names;
	*out_n = n;
	return 0;
}

/* A book's name as PROVIDER-REGION.csv: the provider is split off at the
 * first '-' of the file name; both parts non-empty. */
struct book_name {
	const char *provider, *region; /* in the path; not NUL-terminated */
	size_t provider_len, region_len;
	int named; /* 1 when the name follows the pattern */
};

static struct book_name book_name_of(const char *path)
{
	struct book_name b = {NULL, NULL, 0, 0, 0};
	const char *base = strrchr(path, '/'), *dash;
	size_t len;
	base = base ? base + 1 : path;
	len = strlen(base) - 4; /* ".csv" */
	dash = memchr(base, '-', len);
	if (!dash || dash == base || dash == base + len - 1)
		return b;
	b.provider = base;
	b.provider_len = (size_t)(dash - base);
	b.region = dash + 1;
	b.region_len = len - b.provider_len - 1;
	b.named = 1;
	return b;
}

static int part_is(const char *part, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(part, s, len) == 0;
}

/* Mark in want[] the books that `pairs` need (the rules of catalog.h). */
static int select_books(unsigned char *want, const struct book_name *books, size_t nbooks,
			const infracost_region_ref *pairs, size_t npairs)
{
	for (size_t i = 0; i < nbooks; i++)
		want[i] = !books[i].named;
	for (size_t p = 0; p < npairs; p++) {
		const char *prov = pairs[p].provider, *reg = pairs[p].region;
		int have_pair = 0, have_provider = 0;
		if (!prov || !reg)
			return infracost__error(INFRACOST_EINVALID,
						"infracost_catalog_load_dir_for: pair %zu has a "
						"NULL provider or region",
						p);
		for (size_t i = 0; i < nbooks; i++) {
			const struct book_name *b = &books[i];
			if (!b->named || !part_is(b->provider, b->provider_len, prov))
				continue;
			have_provider = 1;
			if (part_is(b->region, b->region_len, reg)) {
				have_pair = 1;
				want[i] = 1;
			} else if (part_is(b->region, b->region_len, "global")) {
				want[i] = 1;
			}
		}
		if (have_pair)
			continue;
		/* No book for the pair: every book of the provider, else every
		 * book, so that a mistyped name still finds its closest keys. */
		for (size_t i = 0; i < nbooks; i++)
			if (!have_provider ||
			    (books[i].named &&
			     part_is(books[i].provider, books[i].provider_len, prov)))
				want[i] = 1;
	}
	return 0;
}

/* Layer the books of dir: every one (all), or those `pairs` need. */
static int load_books(infracost_catalog *c, const char *dir, const infracost_region_ref *pairs,
		      size_t npairs, int all)
{
	char **names = NULL;
	struct book_name *books = NULL;
	unsigned char *want = NULL;
	size_t n = 0;
	int rc;

	if ((rc = list_books(&names, &n, dir)))
		return rc;
	if (!all) {
		books = infracost__malloc(n * sizeof(*books));
		want = infracost__malloc(n);
		if (!books || !want) {
			rc = infracost__error_oom();
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			books[i] = book_name_of(names[i]);
		if ((rc = select_books(want, books, n, pairs, npairs)))
			goto done;
	}
	for (size_t i = 0; i < n && !rc; i++)
		if (all || want[i])
			rc = infracost_catalog_load_file(c, names[i]);
done:
	for (size_t i = 0; i < n; i++)
		infracost__free(names[i]);
	infracost__free(names);
	infracost__free(books);
	infracost__free(want);
	return rc;
}

int infracost_catalog_load_dir(infracost_catalog *c, const char *dir)
{
	if (!c || !dir)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_dir: NULL argument");
	return load_books(c, dir, NULL, 0, 1);
}

int infracost_catalog_load_dir_for(infracost_catalog *c, const char *dir,
				   const infracost_region_ref *pairs, size_t n)
{
	if (!c || !dir || (!pairs && n))
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_dir_for: NULL argument");
	return load_books(c, dir, pairs, n, 0);
}

static int is_dir(const char *path)
{
	struct stat st;
	return path && *path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The installed snapshot next to the library itself (prefix/lib/libinfracost.so
 * -> prefix/share/infracost/pricing-data), so an installed copy finds its
 * data wherever the prefix was moved to. Worked out once. */
static char located_dir[4096];
static once_flag locate_once = ONCE_FLAG_INIT;

static int is_file(const char *path)
{
	struct stat st;
	return path && *path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The first of `up` (paths relative to the directory of the library, or
 * of the program it is linked into) that `exists`, made absolute into
 * out (PATH_MAX bytes); out stays "" when none does. */
static void locate_beside_library(char *out, size_t size, const char *const *up, size_t n,
				  int (*exists)(const char *))
{
	Dl_info info;
	char self[4096];
	/* (a program started by a relative path has a relative name) */
	if (!dladdr((void *)(uintptr_t)locate_beside_library, &info) || !info.dli_fname ||
	    !realpath(info.dli_fname, self))
		return;
	for (size_t i = 0; i < n; i++) {
		char candidate[4096], *slash;
		if (strlen(self) + strlen(up[i]) >= sizeof(candidate) || size < 4096)
			return;
		strcpy(candidate, self);
		if (!(slash = strrchr(candidate, '/')))
			return;
		strcpy(slash, up[i]);
		if (exists(candidate)) {
			/* "prefix/lib/../share/..." reads better as "prefix/share/...". */
			if (!realpath(candidate, out))
				strcpy(out, candidate);
			return;
		}
	}
}

static void locate_data_dir(void)
{
	static const char *const up[] = {"/../share/infracost/pricing-data",
					 "/../../share/infracost/pricing-data"};
	locate_beside_library(located_dir, sizeof(located_dir), up, 2, is_dir);
}

const char *infracost_default_data_dir(void)
{
	const char *env = getenv("INFRA_COST_DATA");
	if (env && *env)
		return env;
	call_once(&locate_once, locate_data_dir);
	if (located_dir[0])
		return located_dir;
#ifdef INFRACOST_INSTALL_DATADIR
	if (is_dir(INFRACOST_INSTALL_DATADIR))
		return INFRACOST_INSTALL_DATADIR;
#endif
#ifdef INFRACOST_SOURCE_DATADIR
	return INFRACOST_SOURCE_DATADIR;
#else
	return "pricing-data";
#endif
}

/* ---- The compiled snapshot, looked up on demand ----------------------------- */

static void cat_lock(const infracost_catalog *c)
{
	if (c->lazy)
		mtx_lock((mtx_t *)&c->lock);
}

static void cat_unlock(const infracost_catalog *c)
{
	if (c->lazy)
		mtx_unlock((mtx_t *)&c->lock);
}

/* The books of one look-up, one per book file of its rows. */
struct lazy_fill {
	infracost_catalog *c;
	const char *books_dir; /* where the books are, for origins */
	struct {
		const char *name; /* the book's file name, interned */
		infracost_book *book;
	} books[16];
	size_t nbooks;
	/* 1: rows come in book order (an eager load): a book is committed,
	 * on top, when the next one starts */
	int sequential;
};

static int lazy_row(void *ctx, const infracost_price *row, const char *book, int line)
{
	struct lazy_fill *f = ctx;
	const char *name = infracost__strpool_intern(&f->c->pool, book, strlen(book));
	size_t i;
	int rc;
	if (!name)
		return infracost__error_oom();
	for (i = 0; i < f->nbooks && f->books[i].name != name; i++)
		;
	if (i == f->nbooks && f->sequential && f->nbooks) {
		f->nbooks = 0;
		if ((rc = infracost__catalog_book_commit(f->books[0].book)))
			return rc;
		i = 0;
	}
	if (i == f->nbooks) {
		infracost_buf path = INFRACOST_BUF_INIT;
		if (i == sizeof(f->books) / sizeof(f->books[0]))
			return infracost__error(
				INFRACOST_EINVALID,
				"price snapshot: a look-up spans more than 16 books");
		infracost__buf_printf(&path, "%s/%s", f->books_dir, book);
		rc = path.failed
			     ? infracost__error_oom()
			     : infracost__catalog_book_begin(&f->books[i].book, f->c, path.data);
		infracost__buf_free(&path);
		if (rc)
			return rc;
		f->books[i].book->L.below = !f->sequential;
		f->books[i].name = name;
		f->nbooks++;
	}
	return infracost__catalog_book_row(f->books[i].book, row, line);
}

/* Layer the snapshot's rows of provider/service/region (sku NULL: every
 * sku) below the catalog's, once. */
static int lazy_load(infracost_catalog *c, const char *provider, const char *service,
		     const char *region, const char *sku)
{
	struct lazy *z = c->lazy;
	struct lazy_fill f;
	infracost_buf key = INFRACOST_BUF_INIT;
	size_t place_len;
	int rc = 0;

	infracost__buf_printf(&key, "%s\x1f%s\x1f%s", provider, service, region);
	place_len = key.len;
	if (sku)
		infracost__buf_printf(&key, "\x1f%s", sku);
	if (key.failed) {
		infracost__buf_free(&key);
		return infracost__error_oom();
	}
	if (infracost__strpool_find(&z->seen, key.data, place_len) ||
	    (sku && infracost__strpool_find(&z->seen, key.data, key.len))) {
		infracost__buf_free(&key);
		return 0; /* loaded before */
	}
	memset(&f, 0, sizeof(f));
	f.c = c;
	f.books_dir = z->books_dir;
	rc = infracost__snapshot_rows(z->snap, provider, service, region, sku, 0, lazy_row, &f);
	for (size_t i = 0; i < f.nbooks; i++) {
		if (!rc)
			rc = infracost__catalog_book_commit(f.books[i].book);
		else
			infracost__catalog_book_abort(f.books[i].book);
	}
	if (!rc && !infracost__strpool_intern(&z->seen, key.data, key.len))
		rc = infracost__error_oom();
	infracost__buf_free(&key);
	return rc;
}

static int place_add(void *ctx, const char *provider, const char *service, const char *region)
{
	infracost_catalog *c = ctx;
	struct lazy *z = c->lazy;
	size_t cap = z->nplaces; /* grown by doubling: capacity is a power of two */
	struct place *p;
	if ((z->nplaces & (z->nplaces - 1)) == 0) {
		struct place *grown = infracost__realloc(z->places,
							 (cap ? cap * 2 : 1) * sizeof(*grown));
		if (!grown)
			return infracost__error_oom();
		z->places = grown;
	}
	p = &z->places[z->nplaces];
	if (!(p->provider = infracost__strpool_intern(&c->pool, provider, strlen(provider))) ||
	    !(p->service = infracost__strpool_intern(&c->pool, service, strlen(service))) ||
	    !(p->region = infracost__strpool_intern(&c->pool, region, strlen(region))))
		return infracost__error_oom();
	z->nplaces++;
	return 0;
}

/* The snapshot's (provider, service, region) places, read once. */
static int lazy_places(infracost_catalog *c)
{
	struct lazy *z = c->lazy;
	int rc;
	if (z->places_read)
		return 0;
	z->nplaces = 0;
	if ((rc = infracost__snapshot_triples(z->snap, place_add, c)))
		return rc;
	z->places_read = 1;
	return 0;
}

static void lazy_free(struct lazy *z)
{
	if (!z)
		return;
	infracost__snapshot_close(z->snap);
	infracost__strpool_free(&z->seen);
	infracost__free(z->places);
	infracost__free(z->books_dir);
	infracost__free(z);
}

/* Attach an open snapshot below the catalog's layers; it is the catalog's
 * (closed with it), or closed on failure. */
static int attach_snapshot(infracost_catalog *c, infracost_snapshot *snap)
{
	struct lazy *z = infracost__calloc(1, sizeof(*z));
	if (!z) {
		infracost__snapshot_close(snap);
		return infracost__error_oom();
	}
	infracost__strpool_init(&z->seen);
	z->snap = snap;
	/* Origins name the books where this library reads them, else where
	 * they were compiled from. */
	if (!(z->books_dir = infracost__strdup(snapshot_books_dir(snap))) ||
	    mtx_init(&c->lock, mtx_plain | mtx_recursive) != thrd_success) {
		lazy_free(z);
		return infracost__error_oom();
	}
	c->lazy = z;
	return 0;
}

int infracost_catalog_load_snapshot(infracost_catalog *c, const char *path)
{
	infracost_snapshot *snap;
	int rc;
	if (!c || !path)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_snapshot: NULL argument");
	if (c->lazy)
		return infracost__error_at(INFRACOST_EINVALID, path, 0, 0, NULL,
					   "the catalog already has a snapshot (%s)",
					   infracost__snapshot_path(c->lazy->snap));
	if ((rc = infracost__snapshot_open(&snap, path)))
		return rc;
	return attach_snapshot(c, snap);
}

/* ---- The compiled snapshot: where, compile, load ------------------------- */

/* The books of a snapshot: "DIR/pricing-data" beside the file (as
 * installed: share/infracost/snapshot.db and share/infracost/pricing-data/),
 * else the directory it was compiled from. */
static const char *snapshot_books_dir(const infracost_snapshot *snap)
{
	static _Thread_local char beside[4096];
	const char *path = infracost__snapshot_path(snap), *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	if (dir + sizeof("pricing-data") <= sizeof(beside)) {
		memcpy(beside, path, dir);
		strcpy(beside + dir, "pricing-data");
		if (is_dir(beside))
			return beside;
	}
	return infracost__snapshot_books_dir(snap);
}

static char located_snapshot[4096];
static once_flag snapshot_once = ONCE_FLAG_INIT;

/* share/infracost/snapshot.db beside the library (or the program it is
 * linked into): installed (prefix/lib[/multiarch]/../share) or in the
 * build tree (build/share, build/tests/../share). */
static void locate_snapshot(void)
{
	static const char *const up[] = {"/share/infracost/snapshot.db",
					 "/../share/infracost/snapshot.db",
					 "/../../share/infracost/snapshot.db"};
	locate_beside_library(located_snapshot, sizeof(located_snapshot), up, 3, is_file);
}

/* 1 when two paths name the same directory. */
static int same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

const char *infracost_default_snapshot(void)
{
	const char *env = getenv("INFRA_COST_SNAPSHOT");
	if (env)
		return *env ? env : NULL;
	call_once(&snapshot_once, locate_snapshot);
	if (!located_snapshot[0]) {
#ifdef INFRACOST_INSTALL_SNAPSHOT
		if (is_file(INFRACOST_INSTALL_SNAPSHOT))
			return INFRACOST_INSTALL_SNAPSHOT;
#endif
		return NULL;
	}
	return located_snapshot;
}

/* The snapshot compiled from the books of the default data directory,
 * opened once: the default one, unless $INFRA_COST_DATA names another
 * directory of books (read as CSV then). *out NULL: none. */
static int default_snapshot_open(infracost_snapshot **out)
{
	const char *path = infracost_default_snapshot(), *env = getenv("INFRA_COST_DATA");
	int check = env && *env && !getenv("INFRA_COST_SNAPSHOT"), rc;
	*out = NULL;
	if (!path)
		return 0;
	if ((rc = infracost__snapshot_open(out, path))) {
		if (!check)
			return rc;
		infracost_error_clear(); /* the books are read instead */
		return 0;
	}
	if (check && !same_dir(env, snapshot_books_dir(*out)) &&
	    !same_dir(env, infracost__snapshot_books_dir(*out))) {
		infracost__snapshot_close(*out);
		*out = NULL;
	}
	return 0;
}

/* Layer the rows of an open snapshot (provider, service, region: only
 * those; NULL: any) as its books would be, in book order; close it. */
static int load_snapshot_rows(infracost_catalog *c, infracost_snapshot *snap, const char *provider,
			      const char *service, const char *region)
{
	struct lazy_fill f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.c = c;
	f.books_dir = snapshot_books_dir(snap);
	f.sequential = 1;
	rc = infracost__snapshot_rows(snap, provider, provider ? service : NULL,
				      provider && service ? region : NULL, NULL, 1, lazy_row, &f);
	for (size_t i = 0; i < f.nbooks; i++) {
		if (!rc)
			rc = infracost__catalog_book_commit(f.books[i].book);
		else
			infracost__catalog_book_abort(f.books[i].book);
	}
	infracost__snapshot_close(snap);
	return rc;
}

int infracost_catalog_load_default(infracost_catalog *c)
{
	infracost_snapshot *snap;
	int rc;
	if (!c)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_default: NULL argument");
	if ((rc = default_snapshot_open(&snap)))
		return rc;
	if (snap)
		return load_snapshot_rows(c, snap, NULL, NULL, NULL);
	return infracost_catalog_load_dir(c, infracost_default_data_dir());
}

int infracost_catalog_load_default_rows(infracost_catalog *c, const char *provider,
					const char *service, const char *region)
{
	infracost_snapshot *snap;
	int rc;
	if (!c)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_default_rows: NULL argument");
	if ((rc = default_snapshot_open(&snap)))
		return rc;
	if (snap)
		return load_snapshot_rows(c, snap, provider, service, region);
	if (provider && region)
		return infracost_catalog_load_dir_for(
			c, infracost_default_data_dir(),
			&(const infracost_region_ref){provider, region}, 1);
	return infracost_catalog_load_dir(c, infracost_default_data_dir());
}

int infracost_catalog_load_default_for(infracost_catalog *c, const infracost_region_ref *pairs,
				       size_t n)
{
	infracost_snapshot *snap;
	int rc;
	if (!c || (!pairs && n))
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_default_for: NULL argument");
	if ((rc = default_snapshot_open(&snap)))
		return rc;
	if (!snap)
		return infracost_catalog_load_dir_for(c, infracost_default_data_dir(), pairs, n);
	if (c->lazy) { /* attached already: every pair is looked up there */
		infracost__snapshot_close(snap);
		return 0;
	}
	return attach_snapshot(c, snap);
}

int infracost_catalog_load_default_for_spec(infracost_catalog *c, const infracost_spec *spec)
{
	infracost_region_ref *pairs = NULL;
	size_t n = 0;
	int rc;

	if (!c || !spec)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_load_default_for_spec: NULL argument");
	if ((rc = infracost_spec_regions(&pairs, &n, spec)))
		return rc;
	rc = infracost_catalog_load_default_for(c, pairs, n);
	infracost__free(pairs);
	return rc;
}

/* The absolute form of a directory (as given when it cannot be resolved). */
static char *real_dir(const char *dir)
{
	char *r = realpath(dir, NULL), *copy = infracost__strdup(r ? r : dir);
	free(r); /* realpath's own */
	return copy;
}

int infracost_snapshot_compile(const char *out, const char *const *inputs, size_t n)
{
	infracost_catalog *c = NULL;
	char **paths = NULL, *books_dir = NULL;
	size_t npaths = 0, cap = 0;
	int rc = 0;

	if (!out || (!inputs && n) || n == 0)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_snapshot_compile: no output or no books");
	/* Every book, directories expanded (their *.csv in name order). */
	for (size_t i = 0; i < n && !rc; i++) {
		char **names = NULL;
		size_t k = 0;
		if (is_dir(inputs[i])) {
			if ((rc = list_books(&names, &k, inputs[i])))
				break;
			if (!books_dir && !(books_dir = real_dir(inputs[i])))
				rc = infracost__error_oom();
		} else {
			if (!(names = infracost__malloc(sizeof(*names))) ||
			    !(names[0] = infracost__strdup(inputs[i])))
				rc = infracost__error_oom();
			k = names && names[0] ? 1 : 0;
		}
		for (size_t j = 0; j < k; j++) {
			if (!rc &&
			    infracost__grow((void **)&paths, &cap, npaths + 1, sizeof(*paths)))
				rc = infracost__error_oom();
			if (!rc)
				paths[npaths++] = names[j];
			else
				infracost__free(names[j]);
		}
		infracost__free(names);
	}
	if (!rc && !books_dir && npaths) {
		/* files given one by one: the first one's directory */
		const char *slash = strrchr(paths[0], '/');
		char *dir = slash ? infracost__strndup(paths[0], (size_t)(slash - paths[0]))
				  : infracost__strdup(".");
		if (!dir || !(books_dir = real_dir(dir)))
			rc = infracost__error_oom();
		infracost__free(dir);
	}
	if (!rc)
		rc = infracost_catalog_new(&c);
	for (size_t i = 0; i < npaths && !rc; i++)
		rc = infracost_catalog_load_file(c, paths[i]);
	if (!rc)
		rc = infracost__snapshot_write(out, c, books_dir, (const char *const *)paths,
					       npaths);
	infracost_catalog_free(c);
	for (size_t i = 0; i < npaths; i++)
		infracost__free(paths[i]);
	infracost__free(paths);
	infracost__free(books_dir);
	return rc;
}

size_t infracost_catalog_count(const infracost_catalog *c)
{
	size_t n;
	if (!c)
		return 0;
	cat_lock(c);
	n = c->nflat;
	cat_unlock(c);
	return n;
}

const infracost_price *infracost_catalog_get(const infracost_catalog *c, size_t i)
{
	const infracost_price *p;
	if (!c)
		return NULL;
	cat_lock(c);
	p = i < c->nflat ? c->flat[i] : NULL;
	cat_unlock(c);
	return p;
}

/* ---- Look-up ------------------------------------------------------------ */

static int find_in(const infracost_price **out, size_t *out_count, const infracost_catalog *c,
		   const char *provider, const char *service, const char *region, const char *sku,
		   const char *purchase, const char *unit)
{
	const char *in[6] = {provider, service, region, sku, purchase, unit};
	const char *k[6];

	for (int i = 0; i < 6; i++) {
		if (!in[i]) {
			k[i] = NULL;
			continue;
		}
		k[i] = infracost__strpool_find(&c->pool, in[i], strlen(in[i]));
		if (!k[i])
			return INFRACOST_ENOTFOUND;
	}
	if (unit) {
		struct group *g = table_get(c, k);
		if (!g || g->ntiers == 0)
			return INFRACOST_ENOTFOUND;
		*out = g->tiers;
		*out_count = g->ntiers;
		return 0;
	}
	for (size_t j = 0; j < c->ngroups; j++) {
		struct group *g = c->groups[j];
		if (g->provider == k[0] && g->service == k[1] && g->region == k[2] &&
		    g->sku == k[3] && g->purchase == k[4] && g->ntiers) {
			*out = g->tiers;
			*out_count = g->ntiers;
			return 0;
		}
	}
	return INFRACOST_ENOTFOUND;
}

int infracost__catalog_find(const infracost_price **out, size_t *out_count,
			    const infracost_catalog *c, const char *provider, const char *service,
			    const char *region, const char *sku, const char *purchase,
			    const char *unit)
{
	int rc = 0;
	cat_lock(c);
	if (c->lazy)
		rc = lazy_load((infracost_catalog *)c, provider, service, region, sku);
	if (!rc)
		rc = find_in(out, out_count, c, provider, service, region, sku, purchase, unit);
	cat_unlock(c);
	return rc;
}

void infracost__catalog_key(infracost_buf *b, const char *provider, const char *service,
			    const char *region, const char *sku, const char *purchase,
			    const char *unit)
{
	infracost__buf_printf(b, "%s/%s/%s/%s/%s/%s", provider, service, region, sku, purchase,
			      unit ? unit : "*");
}

/* Provider and service mismatches weigh most: a key of another service is
 * rarely what the user meant. */
static const size_t closest_weight[6] = {8, 8, 2, 1, 2, 2};

struct closest {
	const char *in[6];
	const struct group *best[3];
	size_t best_d[3];
};

/* Weigh groups [from, to) of the catalog against the missed key. */
static void closest_scan(struct closest *k, const infracost_catalog *c, size_t from, size_t to)
{
	for (size_t j = from; j < to; j++) {
		const struct group *g = c->groups[j];
		const char *gk[6] = {g->provider, g->service,  g->region,
				     g->sku,      g->purchase, g->unit};
		size_t d = 0;
		if (!g->ntiers)
			continue;
		for (int i = 0; i < 6; i++)
			if (k->in[i])
				d += closest_weight[i] * infracost__edit_distance(k->in[i], gk[i]);
		for (int s = 0; s < 3; s++) {
			if (d < k->best_d[s]) {
				for (int t = 2; t > s; t--) {
					k->best_d[t] = k->best_d[t - 1];
					k->best[t] = k->best[t - 1];
				}
				k->best_d[s] = d;
				k->best[s] = g;
				break;
			}
		}
	}
}

static int lazy_places(infracost_catalog *c);
static int lazy_load(infracost_catalog *c, const char *provider, const char *service,
		     const char *region, const char *sku);

struct place_rank {
	const struct place *p;
	size_t d;
};

static int place_rank_cmp(const void *a, const void *b)
{
	const struct place_rank *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return x->p < y->p ? -1 : x->p > y->p;
}

/* The snapshot's part of a search for the closest keys: its places by the
 * weighted distance of their provider, service and region (a lower bound
 * of any of their keys' distance), loaded nearest first while one could
 * still hold a key nearer than the third best found. */
static void closest_snapshot(struct closest *k, infracost_catalog *c)
{
	struct lazy *z = c->lazy;
	struct place_rank *rank;
	if (lazy_places(c) || !z->nplaces)
		return;
	if (!(rank = infracost__malloc(z->nplaces * sizeof(*rank))))
		return;
	for (size_t i = 0; i < z->nplaces; i++) {
		const struct place *p = &z->places[i];
		const char *pk[3] = {p->provider, p->service, p->region};
		rank[i].p = p;
		rank[i].d = 0;
		for (int f = 0; f < 3; f++)
			if (k->in[f])
				rank[i].d += closest_weight[f] *
					     infracost__edit_distance(k->in[f], pk[f]);
	}
	qsort(rank, z->nplaces, sizeof(*rank), place_rank_cmp);
	for (size_t i = 0; i < z->nplaces && rank[i].d < k->best_d[2]; i++) {
		size_t before = c->ngroups;
		if (lazy_load(c, rank[i].p->provider, rank[i].p->service, rank[i].p->region, NULL))
			break;
		closest_scan(k, c, before, c->ngroups);
	}
	infracost__free(rank);
}

void infracost__catalog_closest(infracost_buf *b, const infracost_catalog *c, const char *provider,
				const char *service, const char *region, const char *sku,
				const char *purchase, const char *unit)
{
	struct closest k = {{provider, service, region, sku, purchase, unit},
			    {NULL, NULL, NULL},
			    {SIZE_MAX, SIZE_MAX, SIZE_MAX}};

	cat_lock(c);
	closest_scan(&k, c, 0, c->ngroups);
	if (c->lazy)
		closest_snapshot(&k, (infracost_catalog *)c);
	cat_unlock(c);
	if (!k.best[0]) {
		infracost__buf_puts(b, "the catalog is empty");
		return;
	}
	infracost__buf_puts(b, "closest: ");
	for (int s = 0; s < 3 && k.best[s]; s++) {
		if (s)
			infracost__buf_puts(b, ", ");
		infracost__catalog_key(b, k.best[s]->provider, k.best[s]->service,
				       k.best[s]->region, k.best[s]->sku, k.best[s]->purchase,
				       k.best[s]->unit);
	}
}

static int has_in(const infracost_catalog *c, const char *provider, const char *service,
		  const char *region, const char *sku_prefix)
{
	size_t plen = sku_prefix ? strlen(sku_prefix) : 0;
	for (size_t j = 0; j < c->ngroups; j++) {
		const struct group *g = c->groups[j];
		if (g->ntiers && strcmp(g->provider, provider) == 0 &&
		    strcmp(g->service, service) == 0 && strcmp(g->region, region) == 0 &&
		    (!plen || strncmp(g->sku, sku_prefix, plen) == 0))
			return 1;
	}
	return 0;
}

int infracost__catalog_has(const infracost_catalog *c, const char *provider, const char *service,
			   const char *region, const char *sku_prefix)
{
	int has;
	cat_lock(c);
	has = has_in(c, provider, service, region, sku_prefix);
	if (!has && c->lazy) /* (an error reading it counts as no row) */
		has = infracost__snapshot_has(c->lazy->snap, provider, service, region,
					      sku_prefix) == 1;
	cat_unlock(c);
	return has;
}

/* Append region unless listed (seen[] holds interned pointers). */
static void region_add(infracost_buf *b, const char **seen, size_t *n, size_t *more,
		       const char *region)
{
	size_t k;
	for (k = 0; k < *n && seen[k] != region; k++)
		; /* interned: the same region is the same pointer */
	if (k < *n)
		return;
	if (*n == 16) {
		(*more)++; /* (may count a region twice past the 16 listed) */
		return;
	}
	seen[*n] = region;
	infracost__buf_puts(b, *n ? ", " : "");
	infracost__buf_puts(b, region);
	(*n)++;
}

size_t infracost__catalog_regions(infracost_buf *b, const infracost_catalog *c,
				  const char *provider, const char *service)
{
	const char *seen[16];
	size_t n = 0, more = 0;
	cat_lock(c);
	/* The snapshot's first: it is the bottom layer, loaded first. */
	if (c->lazy && !lazy_places((infracost_catalog *)c))
		for (size_t i = 0; i < c->lazy->nplaces; i++) {
			const struct place *p = &c->lazy->places[i];
			if (strcmp(p->provider, provider) == 0 && strcmp(p->service, service) == 0)
				region_add(b, seen, &n, &more, p->region);
		}
	for (size_t j = 0; j < c->ngroups; j++) {
		const struct group *g = c->groups[j];
		if (g->ntiers && strcmp(g->provider, provider) == 0 &&
		    strcmp(g->service, service) == 0)
			region_add(b, seen, &n, &more, g->region);
	}
	cat_unlock(c);
	if (more)
		infracost__buf_printf(b, " and more");
	return n;
}

int infracost_catalog_lookup(const infracost_price **out, size_t *out_count,
			     const infracost_catalog *c, const char *provider, const char *service,
			     const char *region, const char *sku, const char *purchase,
			     const char *unit)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	int rc;

	if (!out || !out_count || !c || !provider || !service || !region || !sku || !purchase)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_catalog_lookup: NULL argument");
	rc = infracost__catalog_find(out, out_count, c, provider, service, region, sku, purchase,
				     unit);
	if (rc != INFRACOST_ENOTFOUND)
		return rc;
	infracost__buf_puts(&b, "price not found: ");
	infracost__catalog_key(&b, provider, service, region, sku, purchase, unit);
	infracost__buf_puts(&b, " (provider/service/region/sku/purchase/unit); ");
	infracost__catalog_closest(&b, c, provider, service, region, sku, purchase, unit);
	rc = infracost__error(INFRACOST_ENOTFOUND, "%s", b.failed ? "price not found" : b.data);
	infracost__buf_free(&b);
	return rc;
}

double infracost_price_tiered_cost(const infracost_price *tiers, size_t count, double quantity)
{
	double cost = 0;

	if (!tiers)
		return 0;
	for (size_t i = 0; i < count; i++) {
		double lo = tiers[i].tier_start;
		double hi = i + 1 < count ? tiers[i + 1].tier_start : INFINITY;
		if (quantity <= lo)
			break;
		cost += ((quantity < hi ? quantity : hi) - lo) * tiers[i].price;
	}
	return cost;
}

/* ---- Books built row by row (the store) --------------------------------- */

int infracost__catalog_book_begin(infracost_book **out, infracost_catalog *c, const char *name)
{
	infracost_book *b;
	if (!out || !c || !name)
		return infracost__error(INFRACOST_EINVALID, "catalog book: NULL argument");
	b = infracost__calloc(1, sizeof(*b));
	if (!b)
		return infracost__error_oom();
	b->L.c = c;
	b->L.name = infracost__strpool_intern(&c->pool, name, strlen(name));
	if (!b->L.name) {
		infracost__free(b);
		return infracost__error_oom();
	}
	*out = b;
	return 0;
}

static const char *intern_or_empty(infracost_catalog *c, const char *s)
{
	return infracost__strpool_intern(&c->pool, s ? s : "", s ? strlen(s) : 0);
}

int infracost__catalog_book_row(infracost_book *b, const infracost_price *row, int line)
{
	struct loader *L = &b->L;
	infracost_catalog *c = L->c;
	struct staged *st;
	infracost_price *r;

	if (!row->provider || !row->service || !row->region || !row->sku || !row->purchase ||
	    !row->unit || !*row->provider || !*row->service || !*row->region || !*row->sku ||
	    !*row->unit)
		return infracost__error_at(INFRACOST_EINVALID, L->name, line, 0, NULL,
					   "a price row without its full key");
	if (!infracost__purchase_valid(row->purchase))
		return infracost__error_at(INFRACOST_EINVALID, L->name, line, 0, NULL,
					   "purchase: unknown option '%s'", row->purchase);
	if (!(row->price >= 0) || !(row->upfront >= 0) || !(row->tier_start >= 0))
		return infracost__error_at(INFRACOST_EINVALID, L->name, line, 0, NULL,
					   "a negative or missing price for %s", row->sku);
	if (infracost__grow((void **)&L->rows, &L->rows_cap, L->nrows + 1, sizeof(*L->rows)))
		return infracost__error_oom();
	st = &L->rows[L->nrows];
	memset(st, 0, sizeof(*st));
	st->line = line;
	r = &st->row;
	*r = *row;
	if (!(r->provider = intern_or_empty(c, row->provider)) ||
	    !(r->service = intern_or_empty(c, row->service)) ||
	    !(r->region = intern_or_empty(c, row->region)) ||
	    !(r->sku = intern_or_empty(c, row->sku)) ||
	    !(r->purchase = intern_or_empty(c, row->purchase)) ||
	    !(r->unit = intern_or_empty(c, row->unit)) ||
	    !(r->effective_date = intern_or_empty(c, row->effective_date)) ||
	    !(r->source = intern_or_empty(c, row->source)) ||
	    !(r->arch = intern_or_empty(c, row->arch)))
		return infracost__error_oom();
	r->origin = origin_of(L, line);
	if (!r->origin)
		return infracost__error_oom();
	L->nrows++;
	return 0;
}

static void book_free(infracost_book *b)
{
	struct loader *L = &b->L;
	while (L->nfresh > 0)
		group_unmake(L->c, L->fresh[--L->nfresh]);
	infracost__free(L->fresh);
	infracost__free(L->rows);
	infracost__free(b);
}

int infracost__catalog_book_commit(infracost_book *b)
{
	int rc;
	if (!b)
		return infracost__error(INFRACOST_EINVALID, "catalog book: NULL argument");
	if (!(rc = sort_and_check(&b->L)))
		rc = commit(&b->L);
	book_free(b);
	return rc;
}

void infracost__catalog_book_abort(infracost_book *b)
{
	if (b)
		book_free(b);
}

int infracost__catalog_each(const infracost_catalog *c, const char *provider, const char *service,
			    const char *region, const char *purchase, const char *unit,
			    int (*fn)(void *ctx, const infracost_price *tiers, size_t count),
			    void *ctx)
{
	const char *k[5] = {provider, service, region, purchase, unit};
	int rc = 0;
	cat_lock(c);
	if (c->lazy && (rc = lazy_load((infracost_catalog *)c, provider, service, region, NULL)))
		goto done;
	for (int i = 0; i < 5; i++) {
		k[i] = infracost__strpool_find(&c->pool, k[i], strlen(k[i]));
		if (!k[i])
			goto done; /* nothing has that key part */
	}
	/* (by index: a callback's look-up may add groups) */
	for (size_t j = 0; j < c->ngroups; j++) {
		const struct group *g = c->groups[j];
		if (g->provider != k[0] || g->service != k[1] || g->region != k[2] ||
		    g->purchase != k[3] || g->unit != k[4] || !g->ntiers)
			continue;
		if ((rc = fn(ctx, g->tiers, g->ntiers)))
			break;
	}
done:
	cat_unlock(c);
	return rc;
}

/* ---- the age of a price ------------------------------------------------ */

/* Parse "YYYY-MM-DD" (or "YYYY-MM": day 1) at the start of s. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	int v[3] = {0, 0, 1};
	static const int width[3] = {4, 2, 2};
	for (int f = 0; f < 3; f++) {
		if (f == 2 && *s != '-')
			break; /* "YYYY-MM" is a date of day 1 */
		if (f > 0 && *s != '-')
			return 0;
		if (f > 0)
			s++;
		v[f] = 0;
		for (int i = 0; i < width[f]; i++, s++) {
			if (*s < '0' || *s > '9')
				return 0;
			v[f] = v[f] * 10 + (*s - '0');
		}
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return 0;
	*y = v[0];
	*m = v[1];
	*d = v[2];
	return 1;
}

int infracost__price_date(const infracost_price *p, int *y, int *m, int *d)
{
	return p && p->effective_date && parse_date(p->effective_date, y, m, d);
}

void infracost__today(int *y, int *m, int *d)
{
	const char *env = getenv("INFRA_COST_TODAY");
	time_t now;
	struct tm tm;
	if (env && parse_date(env, y, m, d))
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

long infracost__days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's days_from_civil */
	long yy = (long)y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int infracost_price_age_days(long *out, const infracost_price *price)
{
	int y, m, d, ty, tm, td;
	if (!out || !price)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_price_age_days: NULL argument");
	if (!infracost__price_date(price, &y, &m, &d))
		return INFRACOST_ENOTFOUND;
	infracost__today(&ty, &tm, &td);
	*out = infracost__days_from_civil(ty, tm, td) - infracost__days_from_civil(y, m, d);
	return 0;
}
