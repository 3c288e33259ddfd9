/* render_diff.c - a diff as table, JSON or Markdown (a pull-request
 * comment); HTML is html.c's. Only what changed is shown. */
#include <math.h>
#include <string.h>

#include "cnum.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "estimate.h"
#include "render.h"

static const char *const status_names[] = {"same", "changed", "added", "removed"};

/* A signed money delta: "+1,234.56", "-0.50", "0.00"; "unknown" for NaN. */
const char *infracost__money_delta(char *dst, double delta)
{
	char m[INFRACOST_MONEY_MAX];
	if (isnan(delta))
		return strcpy(dst, "unknown");
	infracost__money(m, fabs(delta));
	if (strcmp(m, "0.00") == 0)
		return strcpy(dst, m);
	dst[0] = delta < 0 ? '-' : '+';
	strcpy(dst + 1, m);
	return dst;
}

/* "+12.5%", "-3.0%"; "new" when there was nothing before, "" for no change. */
const char *infracost__percent_text(char *dst, double before, double after)
{
	double p = infracost_diff_percent(before, after);
	if (isnan(p))
		return strcpy(dst, isnan(before) || isnan(after)              ? "unknown"
				   : infracost_diff_delta(before, after) == 0 ? ""
									      : "new");
	if (infracost_diff_delta(before, after) == 0)
		return strcpy(dst, "");
	infracost__snprintf(dst, 32, "%+.1f%%", p);
	return dst;
}

/* ---- JSON ---------------------------------------------------------------- */

static void jnum(infracost_buf *b, double v)
{
	if (isnan(v))
		infracost__buf_puts(b, "null");
	else
		infracost__buf_num(b, v);
}

static void jstr(infracost_buf *b, const char *s)
{
	if (s)
		infracost__buf_json_str(b, s);
	else
		infracost__buf_puts(b, "null");
}

static void jrange(infracost_buf *b, infracost_range r)
{
	infracost__buf_puts(b, "{ \"min\": ");
	jnum(b, r.min);
	infracost__buf_puts(b, ", \"expected\": ");
	jnum(b, r.expected);
	infracost__buf_puts(b, ", \"max\": ");
	jnum(b, r.max);
	infracost__buf_puts(b, " }");
}

/* "monthly": { before, after, delta, percent } and "upfront": { before, after, delta }. */
static void jmoney(infracost_buf *b, const char *indent, infracost_range before,
		   infracost_range after, double ub, double ua)
{
	infracost_range delta = {infracost_diff_delta(before.min, after.min),
				 infracost_diff_delta(before.expected, after.expected),
				 infracost_diff_delta(before.max, after.max)};
	infracost_range pct = {infracost_diff_percent(before.min, after.min),
			       infracost_diff_percent(before.expected, after.expected),
			       infracost_diff_percent(before.max, after.max)};
	infracost__buf_puts(b, "\"monthly\": { \"before\": ");
	jrange(b, before);
	infracost__buf_puts(b, ", \"after\": ");
	jrange(b, after);
	infracost__buf_puts(b, ", \"delta\": ");
	jrange(b, delta);
	infracost__buf_puts(b, ", \"percent\": ");
	jrange(b, pct);
	infracost__buf_puts(b, " },\n");
	infracost__buf_puts(b, indent);
	infracost__buf_puts(b, "\"upfront\": { \"before\": ");
	jnum(b, ub);
	infracost__buf_puts(b, ", \"after\": ");
	jnum(b, ua);
	infracost__buf_puts(b, ", \"delta\": ");
	jnum(b, infracost_diff_delta(ub, ua));
	infracost__buf_puts(b, " }");
}

static void json_line(infracost_buf *b, const infracost_diff_line *l)
{
	infracost__buf_puts(b, "            { \"status\": ");
	jstr(b, status_names[l->status]);
	infracost__buf_puts(b, ", \"component\": ");
	jstr(b, l->component);
	infracost__buf_puts(b, ", \"purchase\": ");
	jstr(b, l->purchase);
	infracost__buf_puts(b, ", \"unit\": ");
	jstr(b, l->unit);
	infracost__buf_puts(b, ", \"sku_before\": ");
	jstr(b, l->sku_before);
	infracost__buf_puts(b, ", \"sku_after\": ");
	jstr(b, l->sku_after);
	infracost__buf_puts(b, ",\n              \"quantity_before\": ");
	jnum(b, l->quantity_before);
	infracost__buf_puts(b, ", \"quantity_after\": ");
	jnum(b, l->quantity_after);
	infracost__buf_puts(b, ", \"unit_price_before\": ");
	jnum(b, l->unit_price_before);
	infracost__buf_puts(b, ", \"unit_price_after\": ");
	jnum(b, l->unit_price_after);
	infracost__buf_puts(b, ",\n              \"monthly_before\": ");
	jnum(b, l->monthly_before);
	infracost__buf_puts(b, ", \"monthly_after\": ");
	jnum(b, l->monthly_after);
	infracost__buf_puts(b, ", \"monthly_delta\": ");
	jnum(b, infracost_diff_delta(l->monthly_before, l->monthly_after));
	infracost__buf_puts(b, ", \"percent\": ");
	jnum(b, infracost_diff_percent(l->monthly_before, l->monthly_after));
	infracost__buf_puts(b, " }");
}

static void json_service(infracost_buf *b, const infracost_diff_service *s)
{
	size_t n = 0;
	infracost__buf_puts(b, "        { \"name\": ");
	jstr(b, s->name);
	infracost__buf_puts(b, ", \"status\": ");
	jstr(b, status_names[s->status]);
	infracost__buf_puts(b, ", \"type_before\": ");
	jstr(b, s->type_before);
	infracost__buf_puts(b, ", \"type_after\": ");
	jstr(b, s->type_after);
	infracost__buf_puts(b, ",\n          ");
	jmoney(b, "          ", s->monthly_before, s->monthly_after, s->upfront_before,
	       s->upfront_after);
	infracost__buf_puts(b, ",\n          \"line_items\": [");
	for (size_t i = 0; i < s->line_count; i++) {
		if (s->lines[i].status == INFRACOST_DIFF_SAME)
			continue;
		infracost__buf_puts(b, n++ ? ",\n" : "\n");
		json_line(b, &s->lines[i]);
	}
	infracost__buf_puts(b, n ? " ] }" : "] }");
}

static void render_json(infracost_buf *b, const infracost_diff *d)
{
	size_t n = 0;
	infracost__buf_puts(b, "{\n  \"before\": ");
	jstr(b, d->before->name);
	infracost__buf_puts(b, ", \"after\": ");
	jstr(b, d->after->name);
	infracost__buf_puts(b, ", \"currency\": \"USD\", \"changed\": ");
	infracost__buf_puts(b, d->changes ? "true" : "false");
	infracost__buf_puts(b, ",\n  \"total\": {\n    ");
	jmoney(b, "    ", d->total_before, d->total_after, d->upfront_before, d->upfront_after);
	infracost__buf_puts(b, " },\n  \"environments\": [");
	for (size_t e = 0; e < d->nenvs; e++) {
		const infracost_diff_env *env = &d->envs[e];
		size_t ns = 0;
		if (env->status == INFRACOST_DIFF_SAME)
			continue;
		infracost__buf_puts(b, n++ ? ",\n    { \"name\": " : "\n    { \"name\": ");
		jstr(b, env->name);
		infracost__buf_puts(b, ", \"status\": ");
		jstr(b, status_names[env->status]);
		infracost__buf_puts(b, ",\n      ");
		jmoney(b, "      ", env->monthly_before, env->monthly_after, env->upfront_before,
		       env->upfront_after);
		infracost__buf_puts(b, ",\n      \"services\": [");
		for (size_t s = 0; s < env->service_count; s++) {
			if (env->services[s].status == INFRACOST_DIFF_SAME)
				continue;
			infracost__buf_puts(b, ns++ ? ",\n" : "\n");
			json_service(b, &env->services[s]);
		}
		infracost__buf_puts(b, ns ? " ] }" : "] }");
	}
	infracost__buf_puts(b, n ? " ],\n  " : "],\n  ");
	infracost__json_budgets(b, d->after);
	infracost__buf_puts(b, "\n}\n");
}

/* ---- table ----------------------------------------------------------------- */

#define MW 12

static void pad_to(infracost_buf *b, const char *s, size_t width, int right)
{
	size_t len = infracost__text_width(s);
	if (right && len < width)
		infracost__buf_pad(b, width - len);
	infracost__buf_text(b, s, NULL, 0);
	if (!right && len < width)
		infracost__buf_pad(b, width - len);
}

/* before, after, delta and percent of the expected amounts, right-aligned. */
static void table_money(infracost_buf *b, double before, double after)
{
	char m[INFRACOST_MONEY_MAX + 2], p[32];
	infracost__buf_puts(b, "  ");
	pad_to(b, infracost__money(m, before), MW, 1);
	infracost__buf_puts(b, "  ");
	pad_to(b, infracost__money(m, after), MW, 1);
	infracost__buf_puts(b, "  ");
	pad_to(b, infracost__money_delta(m, infracost_diff_delta(before, after)), MW, 1);
	infracost__buf_puts(b, "  ");
	pad_to(b, infracost__percent_text(p, before, after), 8, 1);
	infracost__buf_putc(b, '\n');
}

/* A header row: name column of width w, then the money columns. */
static void table_header(infracost_buf *b, const char *first, size_t w, int ranges)
{
	static const char *const cols[] = {"BEFORE", "AFTER",     "DELTA",
					   "%",      "MIN DELTA", "MAX DELTA"};
	infracost__buf_puts(b, "  ");
	pad_to(b, first, w, 0);
	for (int i = 0; i < (ranges ? 6 : 4); i++) {
		infracost__buf_puts(b, "  ");
		pad_to(b, cols[i], i == 3 ? 8 : MW, 1);
	}
	infracost__buf_putc(b, '\n');
}

static const char marks[] = {' ', '~', '+', '-'};
static const char *const status_notes[] = {"", "", " (added)", " (removed)"};

/* "compute on_demand m5.large -> m5.xlarge" into t. */
void infracost__diff_line_label(infracost_buf *t, const infracost_diff_line *l)
{
	infracost__buf_puts(t, l->component);
	infracost__buf_putc(t, ' ');
	infracost__buf_puts(t, l->purchase);
	infracost__buf_putc(t, ' ');
	if (l->sku_before && l->sku_after && strcmp(l->sku_before, l->sku_after) != 0) {
		infracost__buf_puts(t, l->sku_before);
		infracost__buf_puts(t, " -> ");
		infracost__buf_puts(t, l->sku_after);
	} else {
		infracost__buf_puts(t, l->sku_after ? l->sku_after : l->sku_before);
	}
	if (l->status == INFRACOST_DIFF_ADDED || l->status == INFRACOST_DIFF_REMOVED)
		infracost__buf_puts(t, status_notes[l->status]);
}

static size_t names_width(const infracost_diff *d)
{
	size_t w = 11;
	for (size_t e = 0; e < d->nenvs; e++) {
		size_t n = infracost__text_width(d->envs[e].name);
		w = n > w ? n : w;
		for (size_t s = 0; s < d->envs[e].service_count; s++) {
			const infracost_diff_service *sv = &d->envs[e].services[s];
			if (sv->status == INFRACOST_DIFF_SAME)
				continue;
			n = infracost__text_width(sv->name) + 10;
			w = n > w ? n : w;
			for (size_t i = 0; i < sv->line_count; i++) {
				infracost_buf t = INFRACOST_BUF_INIT;
				if (sv->lines[i].status == INFRACOST_DIFF_SAME)
					continue;
				infracost__diff_line_label(&t, &sv->lines[i]);
				n = t.data ? infracost__text_width(t.data) + 2 : 0;
				w = n > w ? n : w;
				infracost__buf_free(&t);
			}
		}
	}
	return w > 48 ? 48 : w;
}

static void render_table(infracost_buf *b, const infracost_diff *d)
{
	size_t w = names_width(d);
	infracost__buf_text(b, d->before->name, NULL, 0);
	infracost__buf_puts(b, " -> ");
	infracost__buf_text(b, d->after->name, NULL, 0);
	if (!d->changes) {
		char m[INFRACOST_MONEY_MAX];
		infracost__buf_printf(b, ": no cost changes (expected %s USD a month)\n",
				      infracost__money(m, d->total_after.expected));
		return;
	}
	infracost__buf_puts(b, ": monthly cost diff (USD, expected case; ~ changed, + added, - "
			       "removed)\n");
	for (size_t e = 0; e < d->nenvs; e++) {
		const infracost_diff_env *env = &d->envs[e];
		if (env->status == INFRACOST_DIFF_SAME)
			continue;
		infracost__buf_puts(b, "\nEnvironment ");
		infracost__buf_text(b, env->name, NULL, 0);
		infracost__buf_puts(b, status_notes[env->status]);
		infracost__buf_putc(b, '\n');
		table_header(b, "SERVICE", w + 2, 0);
		for (size_t s = 0; s < env->service_count; s++) {
			const infracost_diff_service *sv = &env->services[s];
			infracost_buf t = INFRACOST_BUF_INIT;
			if (sv->status == INFRACOST_DIFF_SAME)
				continue;
			infracost__buf_puts(&t, sv->name);
			infracost__buf_puts(&t, status_notes[sv->status]);
			if (sv->type_before && sv->type_after &&
			    strcmp(sv->type_before, sv->type_after) != 0) {
				infracost__buf_printf(&t, " (%s -> %s)", sv->type_before,
						      sv->type_after);
			}
			infracost__buf_putc(b, marks[sv->status]);
			infracost__buf_putc(b, ' ');
			pad_to(b, t.data ? t.data : "", w + 2, 0);
			infracost__buf_free(&t);
			table_money(b, sv->monthly_before.expected, sv->monthly_after.expected);
			for (size_t i = 0; i < sv->line_count; i++) {
				const infracost_diff_line *l = &sv->lines[i];
				if (l->status == INFRACOST_DIFF_SAME)
					continue;
				t = (infracost_buf)INFRACOST_BUF_INIT;
				infracost__diff_line_label(&t, l);
				infracost__buf_puts(b, "      ");
				/* the label, and the amounts under the service's (on a
				 * line of their own when it is too long) */
				if (t.data && infracost__text_width(t.data) > w - 2) {
					infracost__buf_text(b, t.data, NULL, 0);
					infracost__buf_puts(b, "\n      ");
					pad_to(b, "", w - 2, 0);
				} else {
					pad_to(b, t.data ? t.data : "", w - 2, 0);
				}
				infracost__buf_free(&t);
				table_money(b, l->monthly_before, l->monthly_after);
			}
		}
		infracost__buf_puts(b, "  ");
		pad_to(b, "total", w + 2, 0);
		table_money(b, env->monthly_before.expected, env->monthly_after.expected);
	}
	infracost__buf_puts(b, "\nSummary (expected; min and max deltas)\n");
	table_header(b, "ENVIRONMENT", w + 2, 1);
	for (size_t e = 0; e <= d->nenvs; e++) {
		int total = e == d->nenvs;
		const infracost_diff_env *env = total ? NULL : &d->envs[e];
		infracost_range rb = total ? d->total_before : env->monthly_before,
				ra = total ? d->total_after : env->monthly_after;
		char m[INFRACOST_MONEY_MAX + 2];
		infracost__buf_putc(b, total ? ' ' : marks[env->status]);
		infracost__buf_putc(b, ' ');
		pad_to(b, total ? "total" : env->name, w + 2, 0);
		/* table_money ends the line: the range deltas go before it */
		infracost__buf_puts(b, "  ");
		pad_to(b, infracost__money(m, rb.expected), MW, 1);
		infracost__buf_puts(b, "  ");
		pad_to(b, infracost__money(m, ra.expected), MW, 1);
		infracost__buf_puts(b, "  ");
		pad_to(b, infracost__money_delta(m, infracost_diff_delta(rb.expected, ra.expected)),
		       MW, 1);
		infracost__buf_puts(b, "  ");
		pad_to(b, infracost__percent_text(m, rb.expected, ra.expected), 8, 1);
		infracost__buf_puts(b, "  ");
		pad_to(b, infracost__money_delta(m, infracost_diff_delta(rb.min, ra.min)), MW, 1);
		infracost__buf_puts(b, "  ");
		pad_to(b, infracost__money_delta(m, infracost_diff_delta(rb.max, ra.max)), MW, 1);
		infracost__buf_putc(b, '\n');
	}
	if (d->after->nbudgets) {
		infracost__buf_puts(b, "\nBudgets (after)\n");
		for (size_t i = 0; i < d->after->nbudgets; i++) {
			const infracost_budget_result *r = &d->after->budgets[i];
			char l[INFRACOST_MONEY_MAX], v[INFRACOST_MONEY_MAX];
			infracost__buf_puts(b, "  ");
			if (r->exceeded) {
				infracost__buf_text(b, r->message, NULL, 0);
				infracost__buf_putc(b, '\n');
				continue;
			}
			infracost__buf_text(b, r->scope, NULL, 0);
			infracost__buf_putc(b, ' ');
			infracost__buf_text(b, r->metric, NULL, 0);
			infracost__buf_printf(b, ": %s of limit %s, %s\n",
					      isnan(r->value) ? "unknown"
							      : infracost__money(v, r->value),
					      infracost__money(l, r->limit),
					      isnan(r->value) ? "not checked" : "ok");
		}
	}
}

/* ---- Markdown ---------------------------------------------------------------- */

/* Text in Markdown: control characters escaped visibly, then every
 * character that could start markup (a cell's end, HTML, emphasis, code,
 * a link) escaped with a backslash. */
static void md(infracost_buf *b, const char *s)
{
	infracost__buf_text(b, s, "|\\<>`*_[]&#", '\\');
}

static void md_money(infracost_buf *b, double before, double after)
{
	char m[INFRACOST_MONEY_MAX + 2], p[32];
	infracost__buf_printf(b, " | %s", infracost__money(m, before));
	infracost__buf_printf(b, " | %s", infracost__money(m, after));
	infracost__buf_printf(b, " | %s",
			      infracost__money_delta(m, infracost_diff_delta(before, after)));
	infracost__buf_printf(b, " | %s |\n", infracost__percent_text(p, before, after));
}

static void render_markdown(infracost_buf *b, const infracost_diff *d)
{
	char m[INFRACOST_MONEY_MAX + 2], n[INFRACOST_MONEY_MAX + 2], x[INFRACOST_MONEY_MAX + 2],
		p[32];
	size_t counts[4] = {0, 0, 0, 0}, exceeded = 0;

	infracost__buf_puts(b, "### Cost diff: ");
	md(b, d->before->name);
	infracost__buf_puts(b, " → ");
	md(b, d->after->name);
	infracost__buf_putc(b, '\n');
	if (!d->changes) {
		infracost__buf_printf(
			b, "\nNo cost changes: the expected monthly cost stays %s USD.\n",
			infracost__money(m, d->total_after.expected));
	} else {
		infracost__buf_printf(
			b, "\nExpected monthly cost: **%s → %s USD (%s, %s)**\n",
			infracost__money(m, d->total_before.expected),
			infracost__money(n, d->total_after.expected),
			infracost__money_delta(x, infracost_diff_delta(d->total_before.expected,
								       d->total_after.expected)),
			infracost__percent_text(p, d->total_before.expected,
						d->total_after.expected));
		infracost__buf_puts(b, "\n| Environment | Before | After | Delta | % |\n"
				       "|---|--:|--:|--:|--:|\n");
		for (size_t e = 0; e < d->nenvs; e++) {
			const infracost_diff_env *env = &d->envs[e];
			infracost__buf_puts(b, "| ");
			md(b, env->name);
			infracost__buf_puts(b, status_notes[env->status]);
			md_money(b, env->monthly_before.expected, env->monthly_after.expected);
		}
		infracost__buf_puts(b, "| **Total**");
		md_money(b, d->total_before.expected, d->total_after.expected);
	}
	for (size_t i = 0; i < d->after->nbudgets; i++)
		if (d->after->budgets[i].exceeded) {
			if (!exceeded++)
				infracost__buf_puts(b, "\n**Budgets exceeded:**\n\n");
			infracost__buf_puts(b, "- ");
			md(b, d->after->budgets[i].message);
			infracost__buf_putc(b, '\n');
		}
	if (!d->changes)
		return;
	for (size_t s = 0; s < d->nservices; s++)
		counts[d->services[s].status]++;
	infracost__buf_printf(b,
			      "\n<details><summary>Details: %zu service%s changed, %zu added, %zu "
			      "removed</summary>\n",
			      counts[1], counts[1] == 1 ? "" : "s", counts[2], counts[3]);
	for (size_t e = 0; e < d->nenvs; e++) {
		const infracost_diff_env *env = &d->envs[e];
		if (env->status == INFRACOST_DIFF_SAME)
			continue;
		infracost__buf_puts(b, "\n#### ");
		md(b, env->name);
		infracost__buf_puts(b, status_notes[env->status]);
		infracost__buf_puts(b, "\n\n| Service / line item | Before | After | Delta | % |\n"
				       "|---|--:|--:|--:|--:|\n");
		for (size_t s = 0; s < env->service_count; s++) {
			const infracost_diff_service *sv = &env->services[s];
			if (sv->status == INFRACOST_DIFF_SAME)
				continue;
			infracost__buf_puts(b, "| **");
			md(b, sv->name);
			infracost__buf_puts(b, "**");
			infracost__buf_puts(b, status_notes[sv->status]);
			md_money(b, sv->monthly_before.expected, sv->monthly_after.expected);
			for (size_t i = 0; i < sv->line_count; i++) {
				const infracost_diff_line *l = &sv->lines[i];
				infracost_buf t = INFRACOST_BUF_INIT;
				if (l->status == INFRACOST_DIFF_SAME)
					continue;
				infracost__diff_line_label(&t, l);
				infracost__buf_puts(b, "| &nbsp;&nbsp;");
				md(b, t.data ? t.data : "");
				infracost__buf_free(&t);
				md_money(b, l->monthly_before, l->monthly_after);
			}
		}
	}
	infracost__buf_puts(b, "\n</details>\n");
}

static int render(infracost_buf *b, const infracost_diff *d, infracost_format format)
{
	switch (format) {
	case INFRACOST_FORMAT_TABLE: render_table(b, d); return 0;
	case INFRACOST_FORMAT_JSON: render_json(b, d); return 0;
	case INFRACOST_FORMAT_MARKDOWN: render_markdown(b, d); return 0;
	case INFRACOST_FORMAT_HTML: return infracost__diff_html(b, d);
	default:
		return infracost__error(INFRACOST_EUNSUPPORTED,
					"a diff renders as table, json, markdown or html");
	}
}

int infracost_diff_render(char **out, size_t *out_len, const infracost_diff *d,
			  infracost_format format)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	int rc;
	if (!out || !d)
		return infracost__error(INFRACOST_EINVALID, "infracost_diff_render: NULL argument");
	*out = NULL;
	if ((rc = render(&b, d, format))) {
		infracost__buf_free(&b);
		return rc;
	}
	return infracost__buf_detach(&b, out, out_len);
}
