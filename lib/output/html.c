/* html.c - estimate, simulation and diff as one self-contained HTML page
 * (formats.md section 7, docs/reviews.md#html-reports): inline CSS, inline
 * SVG charts (per environment, bars stacked by service with the min..max
 * range), the line items in a table sortable by column (a few lines of
 * inline JavaScript), warnings, budgets, the price sources and their dates;
 * a print style sheet. Nothing is fetched: a Content-Security-Policy
 * forbids it. Every text is escaped for HTML after the control characters
 * are made visible (infracost_text_escape). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "alloc.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "estimate.h"
#include "render.h"
#include "strpool.h"
#include "infracost/risk.h"
#include "infracost/version.h"

/* ---- text ----------------------------------------------------------------- */

/* s as HTML text or attribute value: controls made visible, then & < > " '
 * as entities. */
static void h(infracost_buf *b, const char *s)
{
	infracost_buf t = INFRACOST_BUF_INIT;
	infracost__buf_text(&t, s, NULL, 0);
	if (t.failed) {
		b->failed = 1;
		infracost__buf_free(&t);
		return;
	}
	for (size_t i = 0; i < t.len; i++) {
		switch (t.data[i]) {
		case '&': infracost__buf_puts(b, "&amp;"); break;
		case '<': infracost__buf_puts(b, "&lt;"); break;
		case '>': infracost__buf_puts(b, "&gt;"); break;
		case '"': infracost__buf_puts(b, "&quot;"); break;
		case '\'': infracost__buf_puts(b, "&#39;"); break;
		default: infracost__buf_putc(b, t.data[i]);
		}
	}
	infracost__buf_free(&t);
}

static void money(infracost_buf *b, double v)
{
	char m[INFRACOST_MONEY_MAX];
	infracost__buf_puts(b, isnan(v) ? "unknown" : infracost__money(m, v));
}

/* A number for an attribute (data-value, coordinates), locale-free. */
static void num(infracost_buf *b, double v)
{
	char t[40];
	if (isnan(v) || isinf(v))
		return;
	infracost__snprintf(t, sizeof(t), "%.15g", v);
	infracost__buf_puts(b, t);
}

/* A table cell: text, or a number right-aligned with its value to sort by. */
static void td_text(infracost_buf *b, const char *s)
{
	infracost__buf_puts(b, "<td>");
	h(b, s);
	infracost__buf_puts(b, "</td>");
}

static void td_money(infracost_buf *b, double v)
{
	infracost__buf_puts(b, "<td class=\"n\" data-value=\"");
	num(b, v);
	infracost__buf_puts(b, "\">");
	money(b, v);
	infracost__buf_puts(b, "</td>");
}

static void td_num(infracost_buf *b, double v, const char *text)
{
	infracost__buf_puts(b, "<td class=\"n\" data-value=\"");
	num(b, v);
	infracost__buf_puts(b, "\">");
	h(b, text);
	infracost__buf_puts(b, "</td>");
}

static void td_delta(infracost_buf *b, double before, double after)
{
	char m[INFRACOST_MONEY_MAX + 2];
	double d = infracost_diff_delta(before, after);
	infracost__buf_printf(b, "<td class=\"n %s\" data-value=\"",
			      d > 0   ? "up"
			      : d < 0 ? "down"
				      : "");
	num(b, d);
	infracost__buf_puts(b, "\">");
	h(b, infracost__money_delta(m, d));
	infracost__buf_puts(b, "</td>");
}

static void td_percent(infracost_buf *b, double before, double after)
{
	char p[32];
	infracost__buf_puts(b, "<td class=\"n\" data-value=\"");
	num(b, infracost_diff_percent(before, after));
	infracost__buf_puts(b, "\">");
	h(b, infracost__percent_text(p, before, after));
	infracost__buf_puts(b, "</td>");
}

/* <th> of a sortable table: data-type num or text. */
static void th(infracost_buf *b, const char *label, int numeric)
{
	infracost__buf_printf(b, "<th scope=\"col\" data-type=\"%s\"%s>", numeric ? "num" : "text",
			      numeric ? " class=\"n\"" : "");
	h(b, label);
	infracost__buf_puts(b, "</th>");
}

/* The heading cells of a table: each label, numeric when it starts with
 * '#' (shown without it); NULL ends the list. */
static void ths(infracost_buf *b, const char *const *labels)
{
	for (; *labels; labels++)
		th(b, *labels + (**labels == '#'), **labels == '#');
}

/* ---- page ----------------------------------------------------------------- */

static const char CSS[] =
	":root{--fg:#1d2733;--muted:#5b6b7c;--line:#d9e0e7;--bg:#fff;--up:#b42318;--down:#067647}"
	"*{box-sizing:border-box}"
	"body{margin:0 auto;max-width:1180px;padding:24px;font:14px/1.45 system-ui,-apple-system,"
	"'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:var(--fg);background:var(--bg)}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px "
	"solid "
	"var(--line);padding-bottom:4px}"
	".sub{color:var(--muted);margin:0 0 12px}"
	"table{border-collapse:collapse;width:100%;margin:6px 0}"
	"th,td{padding:4px 8px;border-bottom:1px solid "
	"var(--line);text-align:left;vertical-align:top}"
	"th{background:#f3f6f9;font-weight:600;white-space:nowrap}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"table.sortable th{cursor:pointer;user-select:none}"
	"table.sortable th[aria-sort=ascending]::after{content:' \\25B2';font-size:10px}"
	"table.sortable th[aria-sort=descending]::after{content:' \\25BC';font-size:10px}"
	"tr.total td{font-weight:600}"
	".up{color:var(--up)}.down{color:var(--down)}"
	".added td:first-child{border-left:3px solid var(--up)}"
	".removed td:first-child{border-left:3px solid var(--down)}"
	".exceeded{color:var(--up);font-weight:600}"
	".chart{width:100%;height:auto;display:block}"
	".chart text{font-size:11px;fill:var(--fg)}.chart .axis{stroke:var(--line)}"
	".chart .range{stroke:#1d2733;stroke-width:1.5}"
	".chart .p{stroke:#7a3ff2;stroke-width:2}"
	".legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:6px 0;padding:0;list-style:none;"
	"font-size:12px}"
	".legend "
	"i{display:inline-block;width:11px;height:11px;margin-right:5px;vertical-align:-1px;"
	"border-radius:2px}"
	".warn li{margin:2px 0}.note{color:var(--muted);font-size:12px}"
	".scroll{overflow-x:auto}#line-items td{white-space:nowrap}"
	"#inputs{font-size:13px}#inputs td{overflow-wrap:anywhere}"
	"#inputs td:last-child{width:25%}"
	"footer{margin-top:32px;color:var(--muted);font-size:12px}"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	"h2{break-after:avoid}tr,svg,.legend{break-inside:avoid}"
	"table.sortable th::after{content:''!important}.scroll{overflow:visible}"
	"#line-items td{white-space:normal}table,#inputs{font-size:8.5pt}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"@page{margin:14mm}}";

/* Sort a table.sortable by the column clicked (or Enter / Space on it):
 * numbers by data-value, text case-insensitively; again reverses. */
static const char SCRIPT[] =
	"(function(){'use strict';"
	"function key(td,num){var v=td.getAttribute('data-value');"
	"if(num){var f=parseFloat(v);return isNaN(f)?-Infinity:f;}"
	"return (v!==null?v:td.textContent).toLowerCase();}"
	"function sortBy(t,i,th){var num=th.getAttribute('data-type')==='num';"
	"var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;"
	"Array.prototype.forEach.call(th.parentNode.cells,function(c){c.removeAttribute('aria-sort'"
	");});"
	"th.setAttribute('aria-sort',dir===1?'ascending':'descending');"
	"var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);"
	"rows.sort(function(x,y){var a=key(x.cells[i],num),b=key(y.cells[i],num);"
	"return a<b?-dir:a>b?dir:0;});"
	"rows.forEach(function(r){body.appendChild(r);});}"
	"Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(t){"
	"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.tabIndex=0;"
	"th.addEventListener('click',function(){sortBy(t,i,th);});"
	"th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){"
	"e.preventDefault();sortBy(t,i,th);}});});});})();";

static void page_begin(infracost_buf *b, const char *title, const char *kind)
{
	infracost__buf_puts(
		b,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"infra-cost " INFRACOST_VERSION "\">\n<title>");
	h(b, title);
	infracost__buf_puts(b, ": ");
	infracost__buf_puts(b, kind);
	infracost__buf_puts(b, "</title>\n<style>");
	infracost__buf_puts(b, CSS);
	infracost__buf_puts(b, "</style>\n</head>\n<body>\n<header>\n<h1>");
	h(b, title);
	infracost__buf_puts(b, "</h1>\n");
}

static void page_end(infracost_buf *b)
{
	infracost__buf_puts(b, "<footer>Made by infra-cost " INFRACOST_VERSION
			       ". USD per month unless said otherwise; upfront is one-time cash. "
			       "Click a column heading to sort.</footer>\n<script>");
	infracost__buf_puts(b, SCRIPT);
	infracost__buf_puts(b, "</script>\n</body>\n</html>\n");
}

/* ---- the chart -------------------------------------------------------------- */

/* Colours for services, in turn (colour-blind friendly, distinct in print). */
static const char *const PALETTE[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
				      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#2f4b7c",
				      "#d37295", "#a0cbe8", "#8cd17d", "#bcbd22", "#7f7f7f"};
#define NCOLORS (sizeof(PALETTE) / sizeof(PALETTE[0]))
#define OTHER_COLOR "#c9ced6"

/* The services named in the legend: the NCOLORS with the largest expected
 * cost over every bar; the rest are one "other services" segment. */
struct legend {
	const char **names; /* distinct, first-seen order */
	double *totals;
	int *color; /* index into PALETTE, -1: other */
	size_t n, cap;
	size_t *slots; /* hash of names: index + 1 */
	size_t nslots;
	int has_other;
	int failed;
};

static size_t legend_find(struct legend *l, const char *name, int add)
{
	size_t hsh = (size_t)infracost__hash_bytes(name, strlen(name));
	if (l->failed)
		return SIZE_MAX;
	if (l->n * 2 >= l->nslots) {
		size_t ns = l->nslots ? l->nslots * 2 : 64, *s = infracost__calloc(ns, sizeof(*s));
		if (!s) {
			l->failed = 1;
			return SIZE_MAX;
		}
		for (size_t i = 0; i < l->n; i++) {
			size_t k = (size_t)infracost__hash_bytes(l->names[i], strlen(l->names[i])) &
				   (ns - 1);
			while (s[k])
				k = (k + 1) & (ns - 1);
			s[k] = i + 1;
		}
		infracost__free(l->slots);
		l->slots = s;
		l->nslots = ns;
	}
	for (size_t k = hsh & (l->nslots - 1);; k = (k + 1) & (l->nslots - 1)) {
		if (!l->slots[k]) {
			if (!add)
				return SIZE_MAX;
			if (l->n + 1 > l->cap) {
				size_t cap = l->cap ? 2 * l->cap : 16;
				const char **names = infracost__realloc(l->names,
									cap * sizeof(*names));
				double *totals;
				int *color;
				if (names)
					l->names = names;
				totals = names ? infracost__realloc(l->totals,
								    cap * sizeof(*totals))
					       : NULL;
				if (totals)
					l->totals = totals;
				color = totals ? infracost__realloc(l->color, cap * sizeof(*color))
					       : NULL;
				if (!color) {
					l->failed = 1;
					return SIZE_MAX;
				}
				l->color = color;
				l->cap = cap;
			}
			l->names[l->n] = name;
			l->totals[l->n] = 0;
			l->slots[k] = ++l->n;
			return l->n - 1;
		}
		if (strcmp(l->names[l->slots[k] - 1], name) == 0)
			return l->slots[k] - 1;
	}
}

static void legend_add(struct legend *l, const char *name, double v)
{
	size_t i = legend_find(l, name, 1);
	if (i != SIZE_MAX)
		l->totals[i] += fabs(v);
}

/* Colours for the NCOLORS largest, in first-seen order. */
static void legend_close(struct legend *l)
{
	if (l->failed)
		return;
	for (size_t i = 0; i < l->n; i++) {
		size_t larger = 0;
		for (size_t j = 0; j < l->n && larger < NCOLORS; j++)
			larger += l->totals[j] > l->totals[i] ||
				  (l->totals[j] == l->totals[i] && j < i);
		l->color[i] = larger < NCOLORS ? 0 : -1;
		l->has_other |= larger >= NCOLORS;
	}
	for (size_t i = 0, c = 0; i < l->n; i++)
		if (l->color[i] == 0)
			l->color[i] = (int)c++;
}

static void legend_free(struct legend *l)
{
	infracost__free(l->names);
	infracost__free(l->totals);
	infracost__free(l->color);
	infracost__free(l->slots);
}

static void legend_html(infracost_buf *b, const struct legend *l)
{
	infracost__buf_puts(b, "<ul class=\"legend\">");
	for (size_t i = 0; i < l->n; i++) {
		if (l->color[i] < 0)
			continue;
		infracost__buf_printf(b, "<li><i style=\"background:%s\"></i>",
				      PALETTE[l->color[i]]);
		h(b, l->names[i]);
		infracost__buf_puts(b, "</li>");
	}
	if (l->has_other)
		infracost__buf_puts(b, "<li><i style=\"background:" OTHER_COLOR
				       "\"></i>other services</li>");
	infracost__buf_puts(b, "</ul>\n");
}

/* One bar: segments of services (name, expected), the range min..max, and
 * a simulation's percentiles when known. */
struct bar {
	const char *label; /* "before", "after", or NULL */
	const infracost_service_result *services;
	size_t nservices;
	const infracost_diff_service *dservices; /* a diff side instead: */
	int after;                               /* which side */
	double min, expected, max;
	const infracost_distribution *dist;
};

struct group {
	const char *name;
	struct bar bars[2];
	size_t nbars;
};

#define CH_H 300.0  /* plot height */
#define CH_TOP 16.0 /* above the plot */
#define CH_LEFT 78.0
#define BAR_W 46.0
#define BAR_GAP 10.0
#define GROUP_GAP 40.0

/* A step of 1, 2 or 5 x 10^k giving about 5 ticks up to top. */
static double nice_step(double top)
{
	double raw = top / 5, p = pow(10, floor(log10(raw))), f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static void bar_segments(infracost_buf *b, const struct bar *bar, const struct legend *l, double x,
			 double scale)
{
	double y = CH_TOP + CH_H, other = 0;
	size_t n = bar->nservices;
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i <= n; i++) {
			const char *name;
			double v, hgt;
			size_t k;
			int color;
			if (i == n) {
				if (pass == 0 || other <= 0)
					continue;
				name = "other services";
				v = other;
				color = -1;
			} else {
				if (pass == 1)
					continue;
				if (bar->dservices) {
					const infracost_diff_service *s = &bar->dservices[i];
					name = s->name;
					v = bar->after ? s->monthly_after.expected
						       : s->monthly_before.expected;
				} else {
					name = bar->services[i].name;
					v = bar->services[i].monthly.expected;
				}
				k = legend_find((struct legend *)l, name, 0);
				color = k == SIZE_MAX ? -1 : l->color[k];
				if (color < 0) {
					other += v;
					continue;
				}
			}
			if (!(v > 0))
				continue;
			hgt = v * scale;
			y -= hgt;
			infracost__buf_puts(b, "<rect class=\"seg\" data-service=\"");
			h(b, name);
			infracost__buf_puts(b, "\" x=\"");
			num(b, x);
			infracost__buf_puts(b, "\" y=\"");
			num(b, y);
			infracost__buf_puts(b, "\" width=\"");
			num(b, BAR_W);
			infracost__buf_puts(b, "\" height=\"");
			num(b, hgt);
			infracost__buf_printf(b, "\" fill=\"%s\"><title>",
					      color < 0 ? OTHER_COLOR : PALETTE[color]);
			h(b, name);
			infracost__buf_puts(b, ": ");
			money(b, v);
			infracost__buf_puts(b, "</title></rect>");
		}
}

/* The min..max whisker of a bar, and a simulation's p50, p90, p99 ticks. */
static void bar_range(infracost_buf *b, const struct bar *bar, double x, double scale)
{
	double cx = x + BAR_W / 2, base = CH_TOP + CH_H;
	infracost__buf_puts(b, "<g class=\"range\"><title>min ");
	money(b, bar->min);
	infracost__buf_puts(b, ", expected ");
	money(b, bar->expected);
	infracost__buf_puts(b, ", max ");
	money(b, bar->max);
	infracost__buf_puts(b, "</title><line class=\"range\" x1=\"");
	num(b, cx);
	infracost__buf_puts(b, "\" x2=\"");
	num(b, cx);
	infracost__buf_puts(b, "\" y1=\"");
	num(b, base - bar->min * scale);
	infracost__buf_puts(b, "\" y2=\"");
	num(b, base - bar->max * scale);
	infracost__buf_puts(b, "\"/>");
	for (int i = 0; i < 2; i++) {
		double y = base - (i ? bar->max : bar->min) * scale;
		infracost__buf_puts(b, "<line class=\"range\" x1=\"");
		num(b, cx - 8);
		infracost__buf_puts(b, "\" x2=\"");
		num(b, cx + 8);
		infracost__buf_puts(b, "\" y1=\"");
		num(b, y);
		infracost__buf_puts(b, "\" y2=\"");
		num(b, y);
		infracost__buf_puts(b, "\"/>");
	}
	infracost__buf_puts(b, "</g>");
	if (bar->dist) {
		const double p[3] = {bar->dist->p50, bar->dist->p90, bar->dist->p99};
		static const char *const names[3] = {"p50", "p90", "p99"};
		for (int i = 0; i < 3; i++) {
			double y = base - p[i] * scale;
			infracost__buf_printf(b, "<line class=\"p\" data-percentile=\"%s\" x1=\"",
					      names[i]);
			num(b, x - 3);
			infracost__buf_puts(b, "\" x2=\"");
			num(b, x + BAR_W + 3);
			infracost__buf_puts(b, "\" y1=\"");
			num(b, y);
			infracost__buf_puts(b, "\" y2=\"");
			num(b, y);
			infracost__buf_printf(b, "\"><title>simulated %s: ", names[i]);
			money(b, p[i]);
			infracost__buf_puts(b, "</title></line>");
		}
	}
}

static void chart(infracost_buf *b, const struct group *groups, size_t ngroups,
		  const struct legend *l, const char *caption)
{
	double top = 0, step, scale, width = CH_LEFT + 10, x;
	for (size_t g = 0; g < ngroups; g++) {
		width += (double)groups[g].nbars * (BAR_W + BAR_GAP) + GROUP_GAP;
		for (size_t i = 0; i < groups[g].nbars; i++) {
			const struct bar *bar = &groups[g].bars[i];
			top = fmax(top, fmax(bar->max, bar->expected));
			if (bar->dist)
				top = fmax(top, bar->dist->p99);
		}
	}
	if (!(top > 0) || !isfinite(top))
		top = 1;
	step = nice_step(top);
	top = ceil(top / step) * step;
	scale = CH_H / top;
	infracost__buf_puts(b,
			    "<figure>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
			    "role=\"img\" viewBox=\"0 0 ");
	num(b, fmax(width, 360));
	infracost__buf_puts(b, " ");
	num(b, CH_TOP + CH_H + 44);
	infracost__buf_puts(b, "\" preserveAspectRatio=\"xMinYMin meet\" style=\"max-width:");
	num(b, fmax(width, 360) * 1.4);
	infracost__buf_puts(b, "px\"><title>");
	h(b, caption);
	infracost__buf_puts(b, "</title>");
	for (double t = 0; t <= top + step / 2; t += step) {
		double y = CH_TOP + CH_H - t * scale;
		char m[INFRACOST_MONEY_MAX];
		infracost__buf_puts(b, "<line class=\"axis\" x1=\"");
		num(b, CH_LEFT - 4);
		infracost__buf_puts(b, "\" x2=\"");
		num(b, width);
		infracost__buf_puts(b, "\" y1=\"");
		num(b, y);
		infracost__buf_puts(b, "\" y2=\"");
		num(b, y);
		infracost__buf_puts(b, "\"/><text text-anchor=\"end\" x=\"");
		num(b, CH_LEFT - 8);
		infracost__buf_puts(b, "\" y=\"");
		num(b, y + 4);
		infracost__buf_puts(b, "\">");
		/* whole dollars on the axis */
		infracost__money(m, t);
		m[strcspn(m, ".")] = '\0';
		infracost__buf_puts(b, m);
		infracost__buf_puts(b, "</text>");
	}
	x = CH_LEFT + GROUP_GAP / 2;
	for (size_t g = 0; g < ngroups; g++) {
		const struct group *grp = &groups[g];
		double gw = (double)grp->nbars * (BAR_W + BAR_GAP) - BAR_GAP;
		infracost__buf_puts(b, "\n<g class=\"bar-group\" data-env=\"");
		h(b, grp->name);
		infracost__buf_puts(b, "\">");
		for (size_t i = 0; i < grp->nbars; i++) {
			const struct bar *bar = &grp->bars[i];
			double bx = x + (double)i * (BAR_W + BAR_GAP);
			infracost__buf_puts(b, "<g class=\"bar\"");
			if (bar->label) {
				infracost__buf_puts(b, " data-side=\"");
				h(b, bar->label);
				infracost__buf_puts(b, "\"");
			}
			infracost__buf_puts(b, ">");
			bar_segments(b, bar, l, bx, scale);
			bar_range(b, bar, bx, scale);
			if (bar->label) {
				infracost__buf_puts(b, "<text text-anchor=\"middle\" x=\"");
				num(b, bx + BAR_W / 2);
				infracost__buf_puts(b, "\" y=\"");
				num(b, CH_TOP + CH_H + 14);
				infracost__buf_puts(b, "\">");
				h(b, bar->label);
				infracost__buf_puts(b, "</text>");
			}
			infracost__buf_puts(b, "</g>");
		}
		infracost__buf_puts(
			b, "<text class=\"env\" text-anchor=\"middle\" font-weight=\"600\" "
			   "x=\"");
		num(b, x + gw / 2);
		infracost__buf_puts(b, "\" y=\"");
		num(b, CH_TOP + CH_H + (grp->bars[0].label ? 30 : 16));
		infracost__buf_puts(b, "\">");
		h(b, grp->name);
		infracost__buf_puts(b, "</text></g>");
		x += gw + BAR_GAP + GROUP_GAP;
	}
	infracost__buf_puts(b, "\n</svg>\n<figcaption class=\"note\">");
	h(b, caption);
	infracost__buf_puts(b, "</figcaption>\n");
	legend_html(b, l);
	infracost__buf_puts(b, "</figure>\n");
}

/* ---- estimate parts ------------------------------------------------------- */

static void summary_table(infracost_buf *b, const infracost_estimate *est,
			  const infracost_simulation *sim)
{
	infracost__buf_puts(b, "<h2>Summary</h2>\n<div class=\"scroll\"><table id=\"summary\">"
			       "<thead><tr>");
	{
		static const char *const cols[] = {"Environment", "Region",   "#Min", "#Expected",
						   "#Max",        "#Upfront", NULL};
		ths(b, cols);
	}
	if (sim) {
		static const char *const cols[] = {"#Simulated p50", "#p90", "#p99", NULL};
		ths(b, cols);
	}
	infracost__buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t e = 0; e <= est->nenvs; e++) {
		int total = e == est->nenvs;
		const infracost_env_result *env = total ? NULL : &est->envs[e];
		infracost_range r = total ? est->total : env->monthly;
		infracost__buf_puts(b, total ? "<tr class=\"total\">" : "<tr>");
		td_text(b, total ? "total" : env->name);
		td_text(b, total ? "" : *env->region ? env->region : "no region");
		td_money(b, r.min);
		td_money(b, r.expected);
		td_money(b, r.max);
		td_money(b, total ? est->total_upfront : env->upfront);
		if (sim) {
			/* the simulation's environment of the same name */
			size_t n = infracost_simulation_environment_count(sim), k = n;
			infracost_distribution dd;
			if (!total)
				for (k = 0; k < n; k++)
					if (strcmp(infracost_simulation_environment_name(sim, k),
						   env->name) == 0)
						break;
			dd = infracost_simulation_distribution(sim, k);
			td_money(b, dd.p50);
			td_money(b, dd.p90);
			td_money(b, dd.p99);
		}
		infracost__buf_puts(b, "</tr>\n");
	}
	infracost__buf_puts(b, "</tbody></table></div>\n");
}

static void items_table(infracost_buf *b, const infracost_estimate *est)
{
	infracost__buf_puts(b,
			    "<h2>Line items</h2>\n<p class=\"note\">The expected case; click a "
			    "heading to sort.</p>\n<div class=\"scroll\"><table id=\"line-items\" "
			    "class=\"sortable\"><thead><tr>");
	{
		static const char *const cols[] = {
			"Environment", "Service", "Type",        "Component", "Purchase",   "SKU",
			"#Quantity",   "Unit",    "#Unit price", "#Monthly",  "Price date", NULL};
		ths(b, cols);
	}
	infracost__buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t e = 0; e < est->nenvs; e++)
		for (size_t s = 0; s < est->envs[e].service_count; s++) {
			const infracost_service_result *sv = &est->envs[e].services[s];
			for (size_t i = 0; i < sv->line_item_count; i++) {
				const infracost_line_item *it = &sv->line_items[i];
				char q[40];
				infracost__snprintf(q, sizeof(q), "%.6g", it->quantity);
				infracost__buf_puts(b, "<tr class=\"item\">");
				td_text(b, est->envs[e].name);
				td_text(b, sv->name);
				td_text(b, sv->type);
				td_text(b, it->component);
				td_text(b, it->price->purchase);
				td_text(b, it->price->sku);
				td_num(b, it->quantity, q);
				td_text(b, it->price->unit);
				infracost__snprintf(q, sizeof(q), "%.6g", it->unit_price);
				td_num(b, it->unit_price, q);
				td_money(b, it->monthly);
				td_text(b, it->price->effective_date);
				infracost__buf_puts(b, "</tr>\n");
			}
		}
	infracost__buf_puts(b, "</tbody></table></div>\n");
}

static void warnings_list(infracost_buf *b, const infracost_estimate *est)
{
	infracost__buf_printf(b, "<h2>Warnings</h2>\n");
	if (!est->nwarnings) {
		infracost__buf_puts(b, "<p class=\"note\" id=\"warnings\">None.</p>\n");
		return;
	}
	infracost__buf_puts(b, "<ul class=\"warn\" id=\"warnings\">\n");
	for (size_t i = 0; i < est->nwarnings; i++) {
		const infracost_warning *w = &est->warnings[i];
		infracost__buf_puts(b, "<li>");
		if (w->environment || w->service) {
			infracost__buf_puts(b, "<strong>");
			h(b, w->environment ? w->environment : "");
			if (w->service) {
				infracost__buf_puts(b, "/");
				h(b, w->service);
			}
			infracost__buf_puts(b, "</strong>: ");
		}
		h(b, w->message);
		infracost__buf_puts(b, "</li>\n");
	}
	infracost__buf_puts(b, "</ul>\n");
}

static void budgets_table(infracost_buf *b, const infracost_estimate *est, const char *heading)
{
	if (!est->nbudgets)
		return;
	infracost__buf_puts(b, "<h2>");
	h(b, heading);
	infracost__buf_puts(b, "</h2>\n<table id=\"budgets\"><thead><tr>");
	{
		static const char *const cols[] = {"Budget",  "Limit on", "#Limit", "#Value",
						   "#Excess", "Status",   NULL};
		ths(b, cols);
	}
	infracost__buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < est->nbudgets; i++) {
		const infracost_budget_result *r = &est->budgets[i];
		infracost__buf_puts(b, "<tr>");
		td_text(b, r->scope);
		td_text(b, r->metric);
		td_money(b, r->limit);
		td_money(b, r->value);
		td_money(b, r->excess);
		infracost__buf_puts(b, isnan(r->value) ? "<td>not checked</td>"
				       : r->exceeded   ? "<td class=\"exceeded\">exceeded</td>"
						       : "<td>ok</td>");
		infracost__buf_puts(b, "</tr>\n");
	}
	infracost__buf_puts(b, "</tbody></table>\n");
}

/* The spec's inputs (a converted Terraform plan or Kubernetes manifests):
 * the counts, then every input and what became of it, as the Markdown has
 * them (docs/estimate.md#inputs); nothing when the spec has none. */
static void inputs_table(infracost_buf *b, const infracost_estimate *est)
{
	infracost_buf t = INFRACOST_BUF_INIT;
	if (!est->ninputs)
		return;
	infracost__input_counts(&t, est);
	if (t.failed)
		b->failed = 1;
	infracost__buf_puts(b, "<h2>Inputs</h2>\n<p class=\"note\" id=\"input-counts\">");
	h(b, t.data ? t.data : "");
	infracost__buf_free(&t);
	infracost__buf_puts(b, ". Every resource or object of the input and what became of it."
			       "</p>\n<div class=\"scroll\"><table id=\"inputs\" "
			       "class=\"sortable\"><thead><tr>");
	{
		static const char *const cols[] = {"Environment", "Address", "Kind", "Status",
						   "Service",     "Note",    NULL};
		ths(b, cols);
	}
	infracost__buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < est->ninputs; i++) {
		const infracost_input *in = est->inputs[i];
		infracost__buf_puts(b, "<tr class=\"input\" data-status=\"");
		h(b, in->status);
		infracost__buf_puts(b, "\">");
		td_text(b, in->environment ? in->environment : "all");
		td_text(b, in->address);
		td_text(b, in->kind ? in->kind : "");
		td_text(b, in->status);
		td_text(b, in->service ? in->service : "");
		td_text(b, in->note ? in->note : "");
		infracost__buf_puts(b, "</tr>\n");
	}
	infracost__buf_puts(b, "</tbody></table></div>\n");
}

/* The price sources: each distinct (source, date) pair of the line items'
 * rows, oldest first (undated first of all: their age is unknown). */
struct source_row {
	const char *source, *date;
	size_t items;
};

static int source_cmp(const void *pa, const void *pb)
{
	const struct source_row *a = pa, *b = pb;
	int c = strcmp(a->date, b->date);
	return c ? c : strcmp(a->source, b->source);
}

static void sources_table(infracost_buf *b, const infracost_estimate *est)
{
	struct source_row *rows = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < est->nitems; i++) {
		const infracost_price *p = est->items[i].price;
		size_t k;
		for (k = 0; k < n; k++)
			if ((rows[k].source == p->source ||
			     strcmp(rows[k].source, p->source) == 0) &&
			    (rows[k].date == p->effective_date ||
			     strcmp(rows[k].date, p->effective_date) == 0))
				break;
		if (k == n) {
			if (infracost__grow((void **)&rows, &cap, n + 1, sizeof(*rows))) {
				b->failed = 1;
				infracost__free(rows);
				return;
			}
			rows[n].source = p->source;
			rows[n].date = p->effective_date;
			rows[n++].items = 0;
		}
		rows[k].items++;
	}
	if (n) /* (rows is NULL when no line item has a price: no sources) */
		qsort(rows, n, sizeof(*rows), source_cmp);
	infracost__buf_puts(b,
			    "<h2>Price sources</h2>\n<div class=\"scroll\"><table id=\"sources\" "
			    "class=\"sortable\"><thead><tr>");
	{
		static const char *const cols[] = {"Date", "Source", "#Line items", NULL};
		ths(b, cols);
	}
	infracost__buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t k = 0; k < n; k++) {
		char c[32];
		infracost__snprintf(c, sizeof(c), "%zu", rows[k].items);
		infracost__buf_puts(b, "<tr>");
		td_text(b, *rows[k].date ? rows[k].date : "undated");
		td_text(b, *rows[k].source ? rows[k].source : "(no source given)");
		td_num(b, (double)rows[k].items, c);
		infracost__buf_puts(b, "</tr>\n");
	}
	infracost__buf_puts(b, "</tbody></table></div>\n");
	infracost__free(rows);
}

/* The estimate's bars (one per environment) and legend. */
static int estimate_chart(infracost_buf *b, const infracost_estimate *est,
			  const infracost_simulation *sim, infracost_distribution *dists)
{
	struct legend l = {0};
	struct group *groups = infracost__calloc(est->nenvs + 1, sizeof(*groups));
	if (!groups)
		return infracost__error_oom();
	for (size_t e = 0; e < est->nenvs; e++) {
		const infracost_env_result *env = &est->envs[e];
		struct bar *bar = &groups[e].bars[0];
		groups[e].name = env->name;
		groups[e].nbars = 1;
		bar->services = env->services;
		bar->nservices = env->service_count;
		bar->min = env->monthly.min;
		bar->expected = env->monthly.expected;
		bar->max = env->monthly.max;
		if (sim) {
			size_t n = infracost_simulation_environment_count(sim);
			for (size_t k = 0; k < n; k++)
				if (strcmp(infracost_simulation_environment_name(sim, k),
					   env->name) == 0) {
					dists[e] = infracost_simulation_distribution(sim, k);
					bar->dist = &dists[e];
				}
		}
		for (size_t s = 0; s < env->service_count; s++)
			legend_add(&l, env->services[s].name, env->services[s].monthly.expected);
	}
	legend_close(&l);
	if (!l.failed)
		chart(b, groups, est->nenvs, &l,
		      sim ? "Monthly cost per environment, stacked by service (expected); the "
			    "whisker spans min to max, the purple ticks are the simulated p50, p90 "
			    "and p99"
			  : "Monthly cost per environment, stacked by service (expected); the "
			    "whisker spans min to max");
	legend_free(&l);
	infracost__free(groups);
	return l.failed ? infracost__error_oom() : 0;
}

static int estimate_page(infracost_buf *b, const infracost_estimate *est,
			 const infracost_simulation *sim)
{
	infracost_distribution *dists = NULL;
	int rc;
	page_begin(b, est->name, sim ? "simulated monthly cost" : "monthly cost estimate");
	infracost__buf_puts(b, "<p class=\"sub\">USD per month (");
	num(b, est->hours);
	infracost__buf_puts(b, "-hour month; upfront amortized over the term). Expected is the "
			       "likely bill; min and max bound it.");
	if (sim)
		infracost__buf_printf(b, " %zu simulated months of demand and spot interruptions.",
				      infracost_simulation_samples(sim));
	infracost__buf_puts(b, " Expected total: <strong>");
	money(b, est->total.expected);
	infracost__buf_puts(b, "</strong></p>\n</header>\n<main>\n");
	if (sim && !(dists = infracost__calloc(est->nenvs + 1, sizeof(*dists))))
		return infracost__error_oom();
	infracost__buf_puts(b, "<h2>Cost per environment</h2>\n");
	if ((rc = estimate_chart(b, est, sim, dists))) {
		infracost__free(dists);
		return rc;
	}
	infracost__free(dists);
	summary_table(b, est, sim);
	budgets_table(b, est, "Budgets");
	warnings_list(b, est);
	items_table(b, est);
	inputs_table(b, est);
	sources_table(b, est);
	infracost__buf_puts(b, "</main>\n");
	page_end(b);
	return 0;
}

int infracost__estimate_html(infracost_buf *b, const infracost_estimate *est)
{
	return estimate_page(b, est, NULL);
}

int infracost_simulation_render_html(char **out, size_t *out_len, const infracost_simulation *sim,
				     const infracost_estimate *est)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	int rc;
	if (!out || !sim || !est)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_simulation_render_html: NULL argument");
	*out = NULL;
	if ((rc = estimate_page(&b, est, sim))) {
		infracost__buf_free(&b);
		return rc;
	}
	return infracost__buf_detach(&b, out, out_len);
}

/* ---- diff ----------------------------------------------------------------- */

static const char *const STATUS[] = {"same", "changed", "added", "removed"};

int infracost__diff_html(infracost_buf *b, const infracost_diff *d)
{
	struct legend l = {0};
	struct group *groups = infracost__calloc(d->nenvs + 1, sizeof(*groups));
	char m[INFRACOST_MONEY_MAX + 2], p[32];

	if (!groups)
		return infracost__error_oom();
	{
		infracost_buf t = INFRACOST_BUF_INIT;
		infracost__buf_puts(&t, d->before->name);
		infracost__buf_puts(&t, " \xE2\x86\x92 ");
		infracost__buf_puts(&t, d->after->name);
		page_begin(b, t.data ? t.data : "", "cost diff");
		infracost__buf_free(&t);
	}
	infracost__buf_puts(b, "<p class=\"sub\">");
	if (!d->changes) {
		infracost__buf_puts(b, "No cost changes: the expected monthly cost stays <strong>");
		money(b, d->total_after.expected);
		infracost__buf_puts(b, "</strong> USD.</p>\n</header>\n<main>\n");
	} else {
		infracost__buf_puts(b, "Expected monthly cost: <strong>");
		money(b, d->total_before.expected);
		infracost__buf_puts(b, " \xE2\x86\x92 ");
		money(b, d->total_after.expected);
		infracost__buf_puts(b, " USD (");
		h(b, infracost__money_delta(m, infracost_diff_delta(d->total_before.expected,
								    d->total_after.expected)));
		infracost__buf_puts(b, ", ");
		h(b, infracost__percent_text(p, d->total_before.expected, d->total_after.expected));
		infracost__buf_puts(b, ")</strong></p>\n</header>\n<main>\n");
	}
	for (size_t e = 0; e < d->nenvs; e++) {
		const infracost_diff_env *env = &d->envs[e];
		groups[e].name = env->name;
		groups[e].nbars = 2;
		for (int side = 0; side < 2; side++) {
			struct bar *bar = &groups[e].bars[side];
			infracost_range r = side ? env->monthly_after : env->monthly_before;
			bar->label = side ? "after" : "before";
			bar->dservices = env->services;
			bar->nservices = env->service_count;
			bar->after = side;
			bar->min = r.min;
			bar->expected = r.expected;
			bar->max = r.max;
		}
		for (size_t s = 0; s < env->service_count; s++)
			legend_add(&l, env->services[s].name,
				   fmax(env->services[s].monthly_before.expected,
					env->services[s].monthly_after.expected));
	}
	legend_close(&l);
	infracost__buf_puts(b, "<h2>Cost per environment, before and after</h2>\n");
	if (!l.failed)
		chart(b, groups, d->nenvs, &l,
		      "Monthly cost per environment before and after, stacked by service "
		      "(expected); the whisker spans min to max");
	infracost__buf_puts(b, "<h2>Summary</h2>\n<table id=\"summary\"><thead><tr>");
	{
		static const char *const cols[] = {"Environment", "Status",     "#Before",
						   "#After",      "#Delta",     "#%",
						   "#Min delta",  "#Max delta", NULL};
		ths(b, cols);
	}
	infracost__buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t e = 0; e <= d->nenvs; e++) {
		int total = e == d->nenvs;
		const infracost_diff_env *env = total ? NULL : &d->envs[e];
		infracost_range rb = total ? d->total_before : env->monthly_before,
				ra = total ? d->total_after : env->monthly_after;
		infracost__buf_printf(b, "<tr class=\"%s\">",
				      total ? "total" : STATUS[env->status]);
		td_text(b, total ? "total" : env->name);
		td_text(b, total ? "" : STATUS[env->status]);
		td_money(b, rb.expected);
		td_money(b, ra.expected);
		td_delta(b, rb.expected, ra.expected);
		td_percent(b, rb.expected, ra.expected);
		td_delta(b, rb.min, ra.min);
		td_delta(b, rb.max, ra.max);
		infracost__buf_puts(b, "</tr>\n");
	}
	infracost__buf_puts(b, "</tbody></table>\n");
	budgets_table(b, d->after, "Budgets (after)");
	infracost__buf_puts(b,
			    "<h2>Changed line items</h2>\n<p class=\"note\">Expected monthly cost; "
			    "only what changed. Click a heading to sort.</p>\n<div "
			    "class=\"scroll\"><table id=\"line-items\" class=\"sortable\"><thead>"
			    "<tr>");
	{
		static const char *const cols[] = {"Environment", "Service", "Status",
						   "Line item",   "#Before", "#After",
						   "#Delta",      "#%",      NULL};
		ths(b, cols);
	}
	infracost__buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t e = 0; e < d->nenvs; e++)
		for (size_t s = 0; s < d->envs[e].service_count; s++) {
			const infracost_diff_service *sv = &d->envs[e].services[s];
			for (size_t i = 0; i < sv->line_count; i++) {
				const infracost_diff_line *ln = &sv->lines[i];
				infracost_buf t = INFRACOST_BUF_INIT;
				if (ln->status == INFRACOST_DIFF_SAME)
					continue;
				infracost__diff_line_label(&t, ln);
				infracost__buf_printf(b, "<tr class=\"item %s\">",
						      STATUS[ln->status]);
				td_text(b, d->envs[e].name);
				td_text(b, sv->name);
				td_text(b, STATUS[ln->status]);
				td_text(b, t.data ? t.data : "");
				infracost__buf_free(&t);
				td_money(b, ln->monthly_before);
				td_money(b, ln->monthly_after);
				td_delta(b, ln->monthly_before, ln->monthly_after);
				td_percent(b, ln->monthly_before, ln->monthly_after);
				infracost__buf_puts(b, "</tr>\n");
			}
		}
	infracost__buf_puts(b, "</tbody></table></div>\n");
	warnings_list(b, d->after);
	sources_table(b, d->after);
	infracost__buf_puts(b, "</main>\n");
	page_end(b);
	legend_free(&l);
	infracost__free(groups);
	return l.failed ? infracost__error_oom() : 0;
}
