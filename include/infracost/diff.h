/*
 * infracost/diff.h - what a change to a design costs: two estimates
 * compared per environment, service and line item (formats.md section 7,
 * docs/reviews.md).
 *
 * Either side is an estimate computed from a spec (infracost_estimate_compute;
 * price both specs on the same catalog, so that the diff shows design
 * changes, not price changes) or read back from the JSON that
 * `infra-cost estimate --format json` writes (infracost_estimate_load_json).
 *
 * Lifetime: a diff borrows names from both estimates; free it before them.
 * Thread safety: a computed diff is read-only.
 */
#ifndef INFRACOST_DIFF_H
#define INFRACOST_DIFF_H

#include "infracost/common.h"
#include "infracost/estimate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- estimates read back from their JSON ------------------------------- */

/*
 * Read an estimate from the JSON that infracost_estimate_render writes
 * (docs/estimate.md): environments, services, line items (each with its
 * price key, source and date), totals, budgets and warnings. An estimate
 * read so renders and diffs as a computed one. `name` names the text in
 * errors ("<string>" when NULL). A text that is not such an estimate fails
 * with INFRACOST_EINVALID naming the place (line:column and JSON path); a
 * malformed text with INFRACOST_EPARSE.
 */
INFRACOST_API int infracost_estimate_load_json(infracost_estimate **out, const char *json,
					       size_t len, const char *name);
INFRACOST_API int infracost_estimate_load_json_file(infracost_estimate **out, const char *path);

/*
 * What the file at path holds, by its top level: 1 an estimate's JSON (a
 * JSON object whose "environments" is an array; a spec's is an object), 0
 * anything else (a spec, JSON or not). Only the top level is read, streamed
 * up to that key (a spec's "services" first also says 0). Negative when
 * the file cannot be opened (INFRACOST_EIO, the error recorded). For a
 * command taking either.
 */
INFRACOST_API int infracost_file_is_estimate_json(const char *path);

/* What a command taking a spec, an estimate or a Terraform plan was given. */
typedef enum infracost_file_type {
	INFRACOST_FILE_SPEC = 0,          /* anything else: a spec, JSON or YAML */
	INFRACOST_FILE_ESTIMATE = 1,      /* an estimate's JSON ("environments" an array) */
	INFRACOST_FILE_TERRAFORM_PLAN = 2 /* "format_version" at the top: terraform show -json */
} infracost_file_type;

/*
 * The type of the file at path (an infracost_file_type), from its top
 * level, streamed up to the first key that tells: "format_version" (a
 * Terraform plan, or a state, which the converter then refuses by name),
 * "environments" (an array: an estimate), "services" (a spec). Negative
 * when the file cannot be opened (INFRACOST_EIO, the error recorded).
 */
INFRACOST_API int infracost_file_type_of(const char *path);

/* ---- the diff ------------------------------------------------------------ */

typedef struct infracost_diff infracost_diff;

typedef enum infracost_diff_status {
	INFRACOST_DIFF_SAME = 0,    /* nothing changed (to the cent) */
	INFRACOST_DIFF_CHANGED = 1, /* on both sides, something changed */
	INFRACOST_DIFF_ADDED = 2,   /* only in the new estimate */
	INFRACOST_DIFF_REMOVED = 3  /* only in the old estimate */
} infracost_diff_status;

/* A line item on either side. Lines of a service are matched by component,
 * purchase option and SKU, then by component and purchase option (an
 * instance type changed: sku_before and sku_after differ). */
typedef struct infracost_diff_line {
	infracost_diff_status status;
	const char *component;
	const char *purchase;
	const char *unit;
	const char *sku_before, *sku_after;         /* NULL on the side without the line */
	double quantity_before, quantity_after;     /* 0 on the side without it */
	double unit_price_before, unit_price_after; /* 0 on the side without it */
	double monthly_before, monthly_after;       /* 0 on the side without it */
} infracost_diff_line;

typedef struct infracost_diff_service {
	infracost_diff_status status;
	const char *name;
	const char *type_before, *type_after;          /* NULL on the side without it */
	infracost_range monthly_before, monthly_after; /* zeros on the side without it */
	double upfront_before, upfront_after; /* NaN when unknown; 0 on the side without it */
	size_t line_count;
	const infracost_diff_line *lines;
} infracost_diff_service;

typedef struct infracost_diff_env {
	infracost_diff_status status;
	const char *name;
	infracost_range monthly_before, monthly_after;
	double upfront_before, upfront_after;
	size_t service_count; /* NEW's services in its order, then those removed */
	const infracost_diff_service *services;
} infracost_diff_env;

/* Compare two estimates. Environments are matched by name (NEW's order,
 * then those only in OLD), services by name within an environment. */
INFRACOST_API int infracost_diff_compute(infracost_diff **out, const infracost_estimate *before,
					 const infracost_estimate *after);
INFRACOST_API void infracost_diff_free(infracost_diff *diff);

/* How many environments, services and line items changed, were added or
 * removed: 0 for identical estimates (an empty diff). */
INFRACOST_API size_t infracost_diff_change_count(const infracost_diff *diff);
INFRACOST_API size_t infracost_diff_environment_count(const infracost_diff *diff);
/* Environment i (every one, changed or not), borrowed; NULL when out of range. */
INFRACOST_API const infracost_diff_env *infracost_diff_environment(const infracost_diff *diff,
								   size_t i);
INFRACOST_API infracost_range infracost_diff_total_before(const infracost_diff *diff);
INFRACOST_API infracost_range infracost_diff_total_after(const infracost_diff *diff);
/* The two estimates compared (borrowed). */
INFRACOST_API const infracost_estimate *infracost_diff_before(const infracost_diff *diff);
INFRACOST_API const infracost_estimate *infracost_diff_after(const infracost_diff *diff);

/*
 * A money delta as every output shows it: after and before rounded to
 * cents, then subtracted, so that before + delta = after as printed.
 * Percent: delta / before x 100, NaN when before is 0 (or unknown).
 */
INFRACOST_API double infracost_diff_delta(double before, double after);
INFRACOST_API double infracost_diff_percent(double before, double after);

/*
 * Render a diff: INFRACOST_FORMAT_TABLE, _JSON (stable keys,
 * docs/reviews.md), _MARKDOWN (a pull-request comment: a summary table,
 * the details in a collapsed <details>) or _HTML (one self-contained page).
 * Only what changed is shown; an empty diff says so. CSV is
 * INFRACOST_EUNSUPPORTED. *out is freed with infracost_free().
 */
INFRACOST_API int infracost_diff_render(char **out, size_t *out_len, const infracost_diff *diff,
					infracost_format format);

#ifdef __cplusplus
}
#endif

#endif
