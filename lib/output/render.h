/* render.h - helpers the renderers share (render.c, render_diff.c, html.c). */
#ifndef INFRACOST_RENDER_H
#define INFRACOST_RENDER_H

#include "buf.h"
#include "infracost/diff.h"

/* A signed money delta into dst (room for INFRACOST_MONEY_MAX + 2):
 * "+1,234.56", "-0.50", "0.00", "unknown" for NaN. */
const char *infracost__money_delta(char *dst, double delta);
/* The percent change into dst (room for 32): "+12.5%", "new" when there was
 * nothing before, "" when nothing changed, "unknown" when a side is. */
const char *infracost__percent_text(char *dst, double before, double after);
/* A diff line's label, not escaped: "compute on_demand m5.large -> m5.xlarge",
 * with " (added)" or " (removed)". */
void infracost__diff_line_label(infracost_buf *t, const infracost_diff_line *l);

/* The HTML pages (html.c). */
struct infracost_estimate;
int infracost__estimate_html(infracost_buf *b, const struct infracost_estimate *est);
int infracost__diff_html(infracost_buf *b, const infracost_diff *d);

/* `"budgets": [ ... ]` of an estimate's JSON (docs/estimate.md#budgets). */
struct infracost_estimate;
void infracost__json_budgets(infracost_buf *b, const struct infracost_estimate *est);

/* "35 inputs: 17 priced, 6 included, ..." of an estimate's inputs (the
 * statuses that occur), not escaped: no name in it (docs/estimate.md#inputs). */
void infracost__input_counts(infracost_buf *b, const struct infracost_estimate *est);

#endif
