/*
 * infracost/estimate.h - price a spec against a catalog.
 *
 * The estimate holds, per environment and service, the monthly cost
 * (min / expected / max), the one-time upfront cash, the line items of the
 * expected case, the compute capacity bought, and warnings. Results are
 * read through the accessors below or rendered as table, JSON, CSV or
 * Markdown (docs/estimate.md describes every field).
 *
 * Lifetime: an estimate borrows names and price rows from its spec and
 * catalog; free it before them, and load nothing more into the catalog
 * while it is in use.
 *
 * Thread safety: computing reads the spec and catalog only, so several
 * estimates may be computed at once from one spec and catalog. An
 * estimate is read-only once computed.
 */
#ifndef INFRACOST_ESTIMATE_H
#define INFRACOST_ESTIMATE_H

#include "infracost/common.h"
#include "infracost/catalog.h"
#include "infracost/spec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct infracost_estimate infracost_estimate;

/* Options; initialize with INFRACOST_ESTIMATE_OPTIONS_INIT. New fields
 * are only ever added at the end, with a new version: the library reads
 * every version from 1 to its own by that version's size (fields added
 * later take their defaults) and refuses 0 or a newer version with
 * INFRACOST_EINVALID (docs/api.md, "Options versions"). */
typedef struct infracost_estimate_options {
	unsigned int version;            /* INFRACOST_ESTIMATE_OPTIONS_VERSION */
	const char *const *environments; /* only these environments (NULL: all) */
	size_t environment_count;
} infracost_estimate_options;

#define INFRACOST_ESTIMATE_OPTIONS_VERSION 1
#define INFRACOST_ESTIMATE_OPTIONS_INIT                                                            \
	{                                                                                          \
		INFRACOST_ESTIMATE_OPTIONS_VERSION, NULL, 0                                        \
	}

typedef struct infracost_range {
	double min;
	double expected;
	double max;
} infracost_range;

/* One priced line of the expected case. Its key, source and date are those
 * of `price`, the catalog row it was priced from (the first tier of a
 * ladder); a custom item gets a row made from the spec (purchase and
 * service "custom", sku the item's name, source "spec"). */
typedef struct infracost_line_item {
	const char *component; /* "compute", "vcpu", "storage", ... */
	const infracost_price
		*price;  /* provider, service, region, sku, purchase, unit, source... */
	double quantity; /* units per month, expected case */
	double unit_price; /* effective USD per unit (reserved: with upfront amortized; tiers: averaged) */
	double monthly; /* quantity x unit_price */
	double upfront; /* one-time cash of this line; NaN (isnan) when unknown: a
			   reserved line priced at an effective rate (price row
			   `effective`), whose monthly cost is exact */
	int tiered;     /* 1 when more than one tier applied */
} infracost_line_item;

typedef struct infracost_service_result {
	const char *name;
	const char *type;
	const char *provider;
	const char *region;
	infracost_range monthly;
	double upfront;            /* NaN when any line's upfront is unknown */
	infracost_range replicas;  /* average replicas (vm, container); count otherwise */
	double vcpu_min, vcpu_max; /* capacity bought; -1 when unknown or not compute */
	double memory_gb_min, memory_gb_max;
	size_t line_item_count;
	const infracost_line_item *line_items;
} infracost_service_result;

typedef struct infracost_env_result {
	const char *name;
	const char *region;
	double hours_per_month;
	infracost_range monthly;
	double upfront; /* NaN when any service's upfront is unknown */
	double vcpu_min, vcpu_max;
	double memory_gb_min, memory_gb_max;
	size_t service_count;
	const infracost_service_result *services;
} infracost_env_result;

typedef struct infracost_warning {
	const char *environment; /* NULL for spec-wide warnings */
	const char *service;     /* NULL for environment-wide warnings */
	const char *message;
} infracost_warning;

/*
 * Price `spec` against `catalog`. `options` may be NULL. A price that is
 * not in the catalog fails with INFRACOST_ENOTFOUND (never a zero); the
 * error names the spec location, the full key and the closest keys.
 */
INFRACOST_API int infracost_estimate_compute(infracost_estimate **out, const infracost_spec *spec,
					     const infracost_catalog *catalog,
					     const infracost_estimate_options *options);

/* Free an estimate. Accepts NULL. */
INFRACOST_API void infracost_estimate_free(infracost_estimate *estimate);

INFRACOST_API const char *infracost_estimate_name(const infracost_estimate *estimate);
INFRACOST_API double infracost_estimate_hours_per_month(const infracost_estimate *estimate);
INFRACOST_API size_t infracost_estimate_environment_count(const infracost_estimate *estimate);
/* Environment i, borrowed from the estimate; NULL when out of range. */
INFRACOST_API const infracost_env_result *infracost_estimate_environment(
	const infracost_estimate *estimate, size_t i);
/* Sum over the estimated environments. */
INFRACOST_API infracost_range infracost_estimate_total(const infracost_estimate *estimate);
/* The upfront cash over the estimated environments; NaN when any part is
 * unknown (an effective reserved row's), never 0 for it. */
INFRACOST_API double infracost_estimate_total_upfront(const infracost_estimate *estimate);
INFRACOST_API size_t infracost_estimate_warning_count(const infracost_estimate *estimate);
INFRACOST_API const infracost_warning *infracost_estimate_warning(
	const infracost_estimate *estimate, size_t i);

/* The spec's inputs (infracost_spec_input) of the estimated environments
 * and of every environment, in the spec's order: what the spec was
 * converted from, each priced, included, free, unsupported or removed.
 * Borrowed from the spec. */
INFRACOST_API size_t infracost_estimate_input_count(const infracost_estimate *estimate);
INFRACOST_API const infracost_input *infracost_estimate_input(const infracost_estimate *estimate,
							      size_t i);

/*
 * A budget of the spec ("budgets", docs/spec.md) checked against the
 * estimate: one result per limit set (a budget with expected, max and
 * upfront limits gives three), in the spec's order. A budget of an
 * environment left out with --env (options.environments) is not checked;
 * nor is "total" then (the sum would not be the whole design's).
 */
typedef struct infracost_budget_result {
	const char *scope;   /* the environment's name, or "total" (all environments) */
	const char *metric;  /* "expected", "max" (monthly) or "upfront" */
	double limit;        /* USD */
	double value;        /* USD; NaN when unknown (an unknown upfront) */
	double excess;       /* value - limit when exceeded, else 0 */
	int exceeded;        /* 1 when value is over limit (compared in cents) */
	const char *message; /* one line naming the budget, the limit, the value and
				the excess ("budget 'prod' exceeded: ..."); NULL when
				within the limit */
} infracost_budget_result;

INFRACOST_API size_t infracost_estimate_budget_count(const infracost_estimate *estimate);
/* Budget result i, borrowed from the estimate; NULL when out of range. */
INFRACOST_API const infracost_budget_result *infracost_estimate_budget(
	const infracost_estimate *estimate, size_t i);
/* How many budgets the estimate exceeds (0: within every budget). Each is
 * also a warning of the estimate. */
INFRACOST_API size_t infracost_estimate_budgets_exceeded(const infracost_estimate *estimate);

typedef enum infracost_format {
	INFRACOST_FORMAT_TABLE = 0,
	INFRACOST_FORMAT_JSON = 1,
	INFRACOST_FORMAT_CSV = 2,
	INFRACOST_FORMAT_MARKDOWN = 3,
	/* One self-contained HTML page: inline CSS, SVG charts and a few lines
	 * of JavaScript (sortable tables), nothing fetched (docs/reviews.md). */
	INFRACOST_FORMAT_HTML = 4
} infracost_format;

/* Parse "table", "json", "csv", "markdown" or "html"; INFRACOST_EINVALID otherwise. */
INFRACOST_API int infracost_format_parse(infracost_format *out, const char *name);

/*
 * Render an estimate. *out is a NUL-terminated string the caller frees
 * with infracost_free(); *out_len (may be NULL) receives its length.
 */
INFRACOST_API int infracost_estimate_render(char **out, size_t *out_len,
					    const infracost_estimate *estimate,
					    infracost_format format);

/*
 * Where infracost_estimate_write() sends output: called with consecutive
 * pieces of the text; return 0 to go on, non-zero to stop (the write then
 * fails with INFRACOST_EIO).
 */
typedef int (*infracost_write_fn)(void *ctx, const char *data, size_t len);

/*
 * Render an estimate piece by piece to `write`, holding at most a small
 * chunk in memory whatever the size of the output: the way to write a
 * large estimate to a file or a socket.
 */
INFRACOST_API int infracost_estimate_write(const infracost_estimate *estimate,
					   infracost_format format, infracost_write_fn write,
					   void *ctx);

#ifdef __cplusplus
}
#endif

#endif
