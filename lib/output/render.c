/* render.c - an estimate as table, JSON (formats.md section 3), CSV or Markdown. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cnum.h"
#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "catalog.h"
#include "estimate.h"
#include "render.h"

int infracost_format_parse(infracost_format *out, const char *name)
{
	static const char *const names[] = {"table", "json", "csv", "markdown", "html"};
	for (int i = 0; i < 5; i++)
		if (name && strcmp(name, names[i]) == 0) {
			*out = (infracost_format)i;
			return 0;
		}
	return infracost__error(INFRACOST_EINVALID,
				"unknown format '%s' (expected table, json, csv, markdown or html)",
				name ? name : "(null)");
}

/* ---- JSON ------------------------------------------------------------- */

static void key(infracost_buf *b, const char *k)
{
	infracost__buf_putc(b, '"');
	infracost__buf_puts(b, k);
	infracost__buf_put(b, "\": ", 3);
}

static void num_field(infracost_buf *b, const char *k, double v)
{
	key(b, k);
	infracost__buf_num(b, v);
}

/* An upfront amount: null when unknown (NaN: an effective reserved row's). */
static void upfront_field(infracost_buf *b, double v)
{
	key(b, "upfront");
	if (isnan(v))
		infracost__buf_puts(b, "null");
	else
		infracost__buf_num(b, v);
}

/* The same written at o (room for a number). */
static char *put_upfront(char *o, double v)
{
	if (isnan(v)) {
		memcpy(o, "null", 4);
		return o + 4;
	}
	return o + infracost__fmt_num(o, v);
}

/* An upfront amount in a table cell: "unknown" for NaN, never 0. */
static const char *upfront_money(char *m, double v)
{
	return isnan(v) ? "unknown" : infracost__money(m, v);
}

static void range(infracost_buf *b, const char *k, infracost_range r)
{
	key(b, k);
	infracost__buf_puts(b, "{ \"min\": ");
	infracost__buf_num(b, r.min);
	infracost__buf_puts(b, ", \"expected\": ");
	infracost__buf_num(b, r.expected);
	infracost__buf_puts(b, ", \"max\": ");
	infracost__buf_num(b, r.max);
	infracost__buf_puts(b, " }");
}

static void minmax(infracost_buf *b, const char *k, double lo, double hi)
{
	key(b, k);
	infracost__buf_puts(b, "{ \"min\": ");
	infracost__buf_num(b, lo);
	infracost__buf_puts(b, ", \"max\": ");
	infracost__buf_num(b, hi);
	infracost__buf_puts(b, " }");
}

static void str_field(infracost_buf *b, const char *k, const char *v)
{
	key(b, k);
	infracost__buf_json_str(b, v);
}

#define LIT(o, text) (memcpy((o), (text), sizeof(text) - 1), (o) + sizeof(text) - 1)

/* A large estimate repeats the same catalog strings and prices in every
 * line item. The JSON writer remembers, per string pointer, its length and
 * whether it needs escaping, and per price row its formatted price. */
#define JCACHE_SLOTS 8192
struct jcache_str {
	const char *s;
	uint32_t len;
	uint32_t plain; /* no character needs escaping */
};
struct jcache_num {
	const infracost_price *row;
	char text[32];
	uint32_t len;
};
struct jcache {
	struct jcache_str strs[JCACHE_SLOTS];
	struct jcache_num nums[JCACHE_SLOTS];
	size_t nstrs, nnums;
};

static size_t slot_of(const void *p)
{
	return (size_t)(((uintptr_t)p * 0x9E3779B97F4A7C15ULL) >> 40) & (JCACHE_SLOTS - 1);
}

/* What to know about a string to write it: its length, whether it needs
 * escaping. Worked out once per string pointer while the table has room. */
static struct jcache_str str_info(const char *s)
{
	struct jcache_str e = {s, 0, 1};
	const char *q;
	for (q = s; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7F || *q == '"' || *q == '\\')
			e.plain = 0;
	e.len = (uint32_t)(q - s);
	return e;
}

static struct jcache_str cached_str(struct jcache *jc, const char *s)
{
	size_t i = slot_of(s);
	struct jcache_str *e;

	for (;; i = (i + 1) & (JCACHE_SLOTS - 1)) {
		e = &jc->strs[i];
		if (e->s == s)
			return *e;
		if (!e->s)
			break;
	}
	if (jc->nstrs >= JCACHE_SLOTS / 2)
		return str_info(s); /* full: work it out each time */
	jc->nstrs++;
	*e = str_info(s);
	return *e;
}

static size_t room_of(const struct jcache_str *e)
{
	return e->plain ? e->len + 2 : 6 * (size_t)e->len + 2;
}

static char *put_str(char *o, const struct jcache_str *e)
{
	if (!e->plain)
		return infracost__json_str_at(o, e->s);
	*o++ = '"';
	memcpy(o, e->s, e->len);
	o += e->len;
	*o++ = '"';
	return o;
}

/* The formatted recurring price of a row. */
static char *put_price(char *o, struct jcache *jc, const infracost_price *row)
{
	size_t i = slot_of(row);
	struct jcache_num *e;
	for (;; i = (i + 1) & (JCACHE_SLOTS - 1)) {
		e = &jc->nums[i];
		if (e->row == row) {
			memcpy(o, e->text, e->len);
			return o + e->len;
		}
		if (!e->row)
			break;
	}
	if (jc->nnums >= JCACHE_SLOTS / 2)
		return o + infracost__fmt_num(o, row->price);
	jc->nnums++;
	e->row = row;
	e->len = (uint32_t)infracost__fmt_num(e->text, row->price);
	memcpy(o, e->text, e->len);
	return o + e->len;
}

/* A line item on one line, compact: the bulk of a large estimate. */
static void json_item(infracost_buf *b, struct jcache *jc, const infracost_line_item *it)
{
	const infracost_price *p = it->price;
	const struct jcache_str component = cached_str(jc, it->component),
				purchase = cached_str(jc, p->purchase),
				provider = cached_str(jc, p->provider),
				service = cached_str(jc, p->service),
				region = cached_str(jc, p->region), sku = cached_str(jc, p->sku),
				unit = cached_str(jc, p->unit),
				date = cached_str(jc, p->effective_date),
				source = cached_str(jc, p->source);
	char *o;

	o = infracost__buf_claim(b, 400 + room_of(&component) + room_of(&purchase) +
					    room_of(&provider) + room_of(&service) +
					    room_of(&region) + room_of(&sku) + room_of(&unit) +
					    room_of(&date) + room_of(&source));
	if (!o)
		return;
	o = LIT(o, "            {\"component\":");
	o = put_str(o, &component);
	o = LIT(o, ",\"purchase\":");
	o = put_str(o, &purchase);
	o = LIT(o, ",\"provider\":");
	o = put_str(o, &provider);
	o = LIT(o, ",\"service\":");
	o = put_str(o, &service);
	o = LIT(o, ",\"region\":");
	o = put_str(o, &region);
	o = LIT(o, ",\"sku\":");
	o = put_str(o, &sku);
	o = LIT(o, ",\"unit\":");
	o = put_str(o, &unit);
	o = LIT(o, ",\"quantity\":");
	o += infracost__fmt_num(o, it->quantity);
	o = LIT(o, ",\"unit_price\":");
	if (it->unit_price == p->price)
		o = put_price(o, jc, p);
	else
		o += infracost__fmt_num(o, it->unit_price);
	o = LIT(o, ",\"monthly\":");
	o += infracost__fmt_num(o, it->monthly);
	o = LIT(o, ",\"upfront\":");
	o = put_upfront(o, it->upfront);
	o = LIT(o, ",\"recurring_price\":");
	o = put_price(o, jc, p);
	if (it->tiered)
		o = LIT(o, ",\"tiered\":true,\"effective_date\":");
	else
		o = LIT(o, ",\"tiered\":false,\"effective_date\":");
	o = put_str(o, &date);
	o = LIT(o, ",\"source\":");
	o = put_str(o, &source);
	*o++ = '}';
	infracost__buf_commit(b, o);
}

/* `"key": { "min": a, "expected": b, "max": c }` written at o. */
static char *put_range(char *o, infracost_range r)
{
	o = LIT(o, "{ \"min\": ");
	o += infracost__fmt_num(o, r.min);
	o = LIT(o, ", \"expected\": ");
	o += infracost__fmt_num(o, r.expected);
	o = LIT(o, ", \"max\": ");
	o += infracost__fmt_num(o, r.max);
	return LIT(o, " }");
}

static char *put_minmax(char *o, double lo, double hi)
{
	o = LIT(o, "{ \"min\": ");
	o += infracost__fmt_num(o, lo);
	o = LIT(o, ", \"max\": ");
	o += infracost__fmt_num(o, hi);
	return LIT(o, " }");
}

static void json_service(infracost_buf *b, struct jcache *jc, const infracost_service_result *s)
{
	/* Service names are unique: not worth a place in the table. */
	const struct jcache_str name = str_info(s->name), type = cached_str(jc, s->type),
				provider = cached_str(jc, s->provider),
				region = cached_str(jc, s->region);
	char *o = infracost__buf_claim(b, 700 + room_of(&name) + room_of(&type) +
						  room_of(&provider) + room_of(&region));

	if (!o)
		return;
	o = LIT(o, "        { \"name\": ");
	o = put_str(o, &name);
	o = LIT(o, ", \"type\": ");
	o = put_str(o, &type);
	o = LIT(o, ", \"provider\": ");
	o = put_str(o, &provider);
	o = LIT(o, ", \"region\": ");
	o = put_str(o, &region);
	o = LIT(o, ",\n          \"monthly\": ");
	o = put_range(o, s->monthly);
	o = LIT(o, ", \"upfront\": ");
	o = put_upfront(o, s->upfront);
	o = LIT(o, ",\n          \"replicas\": ");
	o = put_range(o, s->replicas);
	if (s->vcpu_min >= 0) {
		o = LIT(o, ",\n          \"capacity\": { \"vcpu\": ");
		o = put_minmax(o, s->vcpu_min, s->vcpu_max);
		o = LIT(o, ", \"memory_gb\": ");
		o = put_minmax(o, s->memory_gb_min, s->memory_gb_max);
		o = LIT(o, " }");
	}
	o = LIT(o, ",\n          \"line_items\": [");
	infracost__buf_commit(b, o);
	for (size_t i = 0; i < s->line_item_count; i++) {
		infracost__buf_put(b, i ? ",\n" : "\n", i ? 2 : 1);
		json_item(b, jc, &s->line_items[i]);
	}
	if (s->line_item_count)
		infracost__buf_put(b, " ] }", 4);
	else
		infracost__buf_put(b, "] }", 3);
}

void infracost__json_budgets(infracost_buf *b, const infracost_estimate *est)
{
	infracost__buf_puts(b, "\"budgets\": [");
	for (size_t i = 0; i < est->nbudgets; i++) {
		const infracost_budget_result *r = &est->budgets[i];
		infracost__buf_puts(b, i ? ",\n    { " : "\n    { ");
		str_field(b, "scope", r->scope);
		infracost__buf_puts(b, ", ");
		str_field(b, "metric", r->metric);
		infracost__buf_puts(b, ", ");
		num_field(b, "limit", r->limit);
		infracost__buf_puts(b, ", ");
		key(b, "value");
		if (isnan(r->value))
			infracost__buf_puts(b, "null");
		else
			infracost__buf_num(b, r->value);
		infracost__buf_puts(b, ", ");
		num_field(b, "excess", r->excess);
		infracost__buf_puts(b, r->exceeded ? ", \"exceeded\": true }"
						   : ", \"exceeded\": false }");
	}
	infracost__buf_puts(b, est->nbudgets ? " ]" : "]");
}

static void render_json(infracost_buf *b, const infracost_estimate *est)
{
	struct jcache *jc = infracost__calloc(1, sizeof(*jc));

	if (!jc) {
		b->failed = 1;
		return;
	}
	infracost__buf_puts(b, "{\n  ");
	str_field(b, "name", est->name);
	infracost__buf_puts(b, ", \"currency\": \"USD\", ");
	num_field(b, "hours_per_month", est->hours);
	infracost__buf_puts(b, ",\n  \"environments\": [");
	for (size_t e = 0; e < est->nenvs; e++) {
		const infracost_env_result *env = &est->envs[e];
		infracost__buf_puts(b, e ? ",\n    { " : "\n    { ");
		str_field(b, "name", env->name);
		infracost__buf_puts(b, ", ");
		str_field(b, "region", env->region);
		infracost__buf_puts(b, ", ");
		num_field(b, "hours_per_month", env->hours_per_month);
		infracost__buf_puts(b, ",\n      ");
		range(b, "monthly", env->monthly);
		infracost__buf_puts(b, ", ");
		upfront_field(b, env->upfront);
		infracost__buf_puts(b, ",\n      \"capacity\": { ");
		minmax(b, "vcpu", env->vcpu_min, env->vcpu_max);
		infracost__buf_puts(b, ", ");
		minmax(b, "memory_gb", env->memory_gb_min, env->memory_gb_max);
		infracost__buf_puts(b, " },\n      \"services\": [");
		for (size_t s = 0; s < env->service_count; s++) {
			infracost__buf_puts(b, s ? ",\n" : "\n");
			json_service(b, jc, &env->services[s]);
		}
		infracost__buf_puts(b, env->service_count ? " ] }" : "] }");
	}
	infracost__buf_puts(b, est->nenvs ? " ],\n  \"total\": { " : "],\n  \"total\": { ");
	range(b, "monthly", est->total);
	infracost__buf_puts(b, ", ");
	upfront_field(b, est->total_upfront);
	infracost__buf_puts(b, " },\n  ");
	infracost__json_budgets(b, est);
	infracost__buf_puts(b, ",");
	if (est->ninputs) {
		/* What the spec was converted from (only when it says). */
		infracost__buf_puts(b, "\n  \"inputs\": [");
		for (size_t i = 0; i < est->ninputs; i++) {
			const infracost_input *in = est->inputs[i];
			infracost__buf_puts(b, i ? ",\n    { " : "\n    { ");
			str_field(b, "environment", in->environment);
			infracost__buf_puts(b, ", ");
			str_field(b, "source", in->source);
			infracost__buf_puts(b, ", ");
			str_field(b, "address", in->address);
			infracost__buf_puts(b, ", ");
			str_field(b, "kind", in->kind);
			infracost__buf_puts(b, ", ");
			str_field(b, "status", in->status);
			infracost__buf_puts(b, ", ");
			str_field(b, "service", in->service);
			infracost__buf_puts(b, ", ");
			str_field(b, "note", in->note);
			infracost__buf_puts(b, " }");
		}
		infracost__buf_puts(b, " ],");
	}
	infracost__buf_puts(b, "\n  \"warnings\": [");
	for (size_t i = 0; i < est->nwarnings; i++) {
		const infracost_warning *w = &est->warnings[i];
		infracost__buf_puts(b, i ? ",\n    { " : "\n    { ");
		str_field(b, "environment", w->environment);
		infracost__buf_puts(b, ", ");
		str_field(b, "service", w->service);
		infracost__buf_puts(b, ", ");
		str_field(b, "message", w->message);
		infracost__buf_puts(b, " }");
	}
	infracost__buf_puts(b, est->nwarnings ? " ]\n}\n" : "]\n}\n");
	infracost__free(jc);
}

/* ---- CSV -------------------------------------------------------------- */

/* "ENV/SERVICE: " of a warning (either may be NULL), escaped. */
static void warning_place(infracost_buf *b, const infracost_warning *w, const char *special,
			  char prefix)
{
	infracost__buf_text(b, w->environment, special, prefix);
	if (w->service) {
		infracost__buf_putc(b, '/');
		infracost__buf_text(b, w->service, special, prefix);
	}
	if (w->environment || w->service)
		infracost__buf_puts(b, ": ");
}

/* "ENV: ADDRESS (KIND): STATUS as SERVICE (SOURCE): NOTE" of an input,
 * the parts it has, escaped. */
static void input_text(infracost_buf *b, const infracost_input *in, const char *special,
		       char prefix)
{
	if (in->environment) {
		infracost__buf_text(b, in->environment, special, prefix);
		infracost__buf_puts(b, ": ");
	}
	infracost__buf_text(b, in->address, special, prefix);
	if (in->kind) {
		infracost__buf_puts(b, " (");
		infracost__buf_text(b, in->kind, special, prefix);
		infracost__buf_putc(b, ')');
	}
	infracost__buf_puts(b, ": ");
	infracost__buf_text(b, in->status, special, prefix);
	if (in->service) {
		infracost__buf_puts(b, strcmp(in->status, "included") == 0 ? " in " : " as ");
		infracost__buf_text(b, in->service, special, prefix);
	}
	if (in->source) {
		infracost__buf_puts(b, " (");
		infracost__buf_text(b, in->source, special, prefix);
		infracost__buf_putc(b, ')');
	}
	if (in->note) {
		infracost__buf_puts(b, ": ");
		infracost__buf_text(b, in->note, special, prefix);
	}
}

/* "N inputs: P priced, ..." (the statuses that occur; render.h). */
void infracost__input_counts(infracost_buf *b, const infracost_estimate *est)
{
	static const char *const statuses[] = {"priced", "included", "free", "unsupported",
					       "removed"};
	const char *sep = ": ";
	infracost__buf_printf(b, "%zu input%s", est->ninputs, est->ninputs == 1 ? "" : "s");
	for (size_t k = 0; k < sizeof(statuses) / sizeof(statuses[0]); k++) {
		size_t n = 0;
		for (size_t i = 0; i < est->ninputs; i++)
			n += strcmp(est->inputs[i]->status, statuses[k]) == 0;
		if (n) {
			infracost__buf_printf(b, "%s%zu %s", sep, n, statuses[k]);
			sep = ", ";
		}
	}
}

static void csv_num(infracost_buf *b, double v)
{
	infracost__buf_putc(b, ',');
	infracost__buf_num(b, v);
}

static void csv_str(infracost_buf *b, const char *s)
{
	infracost__buf_putc(b, ',');
	infracost__buf_csv_field(b, s);
}

static void render_csv(infracost_buf *b, const infracost_estimate *est)
{
	infracost__buf_puts(
		b, "environment,service,type,component,purchase,provider,catalog_service,"
		   "region,sku,unit,quantity,unit_price,monthly,upfront,effective_date,source\n");
	for (size_t e = 0; e < est->nenvs; e++) {
		const infracost_env_result *env = &est->envs[e];
		for (size_t s = 0; s < env->service_count; s++) {
			const infracost_service_result *sv = &env->services[s];
			for (size_t i = 0; i < sv->line_item_count; i++) {
				const infracost_line_item *it = &sv->line_items[i];
				infracost__buf_csv_field(b, env->name);
				csv_str(b, sv->name);
				csv_str(b, sv->type);
				csv_str(b, it->component);
				csv_str(b, it->price->purchase);
				csv_str(b, it->price->provider);
				csv_str(b, it->price->service);
				csv_str(b, it->price->region);
				csv_str(b, it->price->sku);
				csv_str(b, it->price->unit);
				csv_num(b, it->quantity);
				csv_num(b, it->unit_price);
				csv_num(b, it->monthly);
				if (isnan(it->upfront)) /* unknown: an empty field */
					infracost__buf_putc(b, ',');
				else
					csv_num(b, it->upfront);
				csv_str(b, it->price->effective_date);
				csv_str(b, it->price->source);
				infracost__buf_putc(b, '\n');
			}
		}
	}
	/* The inputs, then the warnings after the rows, as comment lines
	 * (docs/estimate.md). */
	for (size_t i = 0; i < est->ninputs; i++) {
		infracost__buf_puts(b, "# input: ");
		input_text(b, est->inputs[i], NULL, 0);
		infracost__buf_putc(b, '\n');
	}
	for (size_t i = 0; i < est->nwarnings; i++) {
		infracost__buf_puts(b, "# warning: ");
		warning_place(b, &est->warnings[i], NULL, 0);
		infracost__buf_text(b, est->warnings[i].message, NULL, 0);
		infracost__buf_putc(b, '\n');
	}
}

/* ---- Table and Markdown ---------------------------------------------- */

/* "1,234.56" into dst (room for INFRACOST_MONEY_MAX). From 1e15 on the
 * cents mean nothing (a double has 15 to 17 significant digits) and the
 * digits would not fit: scientific notation. */
const char *infracost__money(char *dst, double v)
{
	char tmp[INFRACOST_MONEY_MAX];
	int neg = v < 0 && fabs(v) >= 0.005, n, lead, o = 0;
	if (!(fabs(v) < 1e15)) {
		infracost__snprintf(dst, INFRACOST_MONEY_MAX, "%.6e", v);
		return dst;
	}
	/* at most "1000000000000000.00": 19 digits, 5 commas, a sign */
	infracost__snprintf(tmp, sizeof(tmp), "%.2f", fabs(v));
	n = (int)strcspn(tmp, ".");
	if (neg)
		dst[o++] = '-';
	lead = n % 3 ? n % 3 : 3;
	for (int i = 0; tmp[i]; i++) {
		if (i < n && i >= lead && (i - lead) % 3 == 0)
			dst[o++] = ',';
		dst[o++] = tmp[i];
	}
	dst[o] = '\0';
	return dst;
}

#define AMOUNT_MAX 32

/* A number of units, shortest readable form (room for AMOUNT_MAX). */
static const char *amount(char *dst, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		infracost__snprintf(dst, AMOUNT_MAX, "%.0f", v);
	else if (fabs(v) >= 100 && fabs(v) < 1e15)
		infracost__snprintf(dst, AMOUNT_MAX, "%.1f", v);
	else
		infracost__snprintf(dst, AMOUNT_MAX, "%.6g", v);
	return dst;
}

/* A number in a column (no escaping needed). */
static void cell(infracost_buf *b, const char *s, size_t width, int right)
{
	size_t len = strlen(s);
	if (right && len < width)
		infracost__buf_pad(b, width - len);
	infracost__buf_puts(b, s);
	if (!right && len < width)
		infracost__buf_pad(b, width - len);
}

/* Text in a column, left-aligned, escaped. */
static void text_cell(infracost_buf *b, const char *s, size_t width)
{
	size_t len = infracost__text_width(s);
	infracost__buf_text(b, s, NULL, 0);
	if (len < width)
		infracost__buf_pad(b, width - len);
}

static size_t name_width(const infracost_estimate *est)
{
	size_t w = 11; /* "ENVIRONMENT" */
	for (size_t e = 0; e < est->nenvs; e++) {
		if (infracost__text_width(est->envs[e].name) > w)
			w = infracost__text_width(est->envs[e].name);
		for (size_t s = 0; s < est->envs[e].service_count; s++)
			if (infracost__text_width(est->envs[e].services[s].name) > w)
				w = infracost__text_width(est->envs[e].services[s].name);
	}
	return w > 40 ? 40 : w;
}

/* The line items' columns that are as wide as their longest value in the
 * estimate (at least `min`, at most 40): the component ("compute" ...
 * "replication_transfer"), the purchase option ("on_demand" ...
 * "reserved_3yr_partial_upfront") and the unit ("hour" ... "iops_month"). */
enum item_col { COL_COMPONENT, COL_PURCHASE, COL_UNIT };

static const char *item_col_text(const infracost_line_item *it, enum item_col col)
{
	return col == COL_COMPONENT  ? it->component
	       : col == COL_PURCHASE ? it->price->purchase
				     : it->price->unit;
}

static int item_width(const infracost_estimate *est, enum item_col col, size_t min)
{
	size_t w = min;
	for (size_t e = 0; e < est->nenvs; e++)
		for (size_t s = 0; s < est->envs[e].service_count; s++) {
			const infracost_service_result *sv = &est->envs[e].services[s];
			for (size_t i = 0; i < sv->line_item_count; i++) {
				size_t n = infracost__text_width(
					item_col_text(&sv->line_items[i], col));
				if (n > w)
					w = n;
			}
		}
	return (int)(w > 40 ? 40 : w);
}

/* The "prices as of" text of an environment into t: the oldest date of the
 * book rows its line items are priced at and the undated rows, named first
 * (their age is unknown, never fresh); rows made from the spec (custom) are
 * left out. 0 when no line item is priced from a book. */
static int prices_as_of(infracost_buf *t, const infracost_env_result *env)
{
	const infracost_price *oldest = NULL, *undated = NULL;
	size_t nundated = 0;
	int oy = 0, om = 0, od = 0;
	for (size_t s = 0; s < env->service_count; s++) {
		const infracost_service_result *sv = &env->services[s];
		for (size_t i = 0; i < sv->line_item_count; i++) {
			const infracost_price *p = sv->line_items[i].price;
			int y, m, d;
			if (strcmp(p->purchase, "custom") == 0 && strcmp(p->source, "spec") == 0)
				continue;
			if (!infracost__price_date(p, &y, &m, &d)) {
				if (!nundated++)
					undated = p;
			} else if (!oldest || y < oy ||
				   (y == oy && (m < om || (m == om && d < od)))) {
				oldest = p;
				oy = y;
				om = m;
				od = d;
			}
		}
	}
	if (!oldest && !undated)
		return 0;
	infracost__buf_puts(t, "prices as of: ");
	if (undated) {
		infracost__buf_puts(t, "undated (");
		infracost__catalog_key(t, undated->provider, undated->service, undated->region,
				       undated->sku, undated->purchase, undated->unit);
		if (nundated > 1)
			infracost__buf_printf(t, " and %zu more line items", nundated - 1);
		infracost__buf_puts(t, oldest ? "); oldest dated " : ")");
	} else {
		infracost__buf_puts(t, "oldest ");
	}
	if (oldest) {
		infracost__buf_printf(t, "%s (", oldest->effective_date);
		infracost__catalog_key(t, oldest->provider, oldest->service, oldest->region,
				       oldest->sku, oldest->purchase, oldest->unit);
		infracost__buf_putc(t, ')');
	}
	return !t->failed;
}

#define MONEY_W 12

static void money_cols(infracost_buf *b, infracost_range r, double upfront)
{
	char m[INFRACOST_MONEY_MAX];
	infracost__buf_puts(b, "  ");
	cell(b, infracost__money(m, r.min), MONEY_W, 1);
	infracost__buf_puts(b, "  ");
	cell(b, infracost__money(m, r.expected), MONEY_W, 1);
	infracost__buf_puts(b, "  ");
	cell(b, infracost__money(m, r.max), MONEY_W, 1);
	infracost__buf_puts(b, "  ");
	cell(b, upfront_money(m, upfront), MONEY_W, 1);
	infracost__buf_putc(b, '\n');
}

static void render_table(infracost_buf *b, const infracost_estimate *est)
{
	size_t w = name_width(est);
	int component_w = item_width(est, COL_COMPONENT, 9);
	int purchase_w = item_width(est, COL_PURCHASE, 9);
	int unit_w = item_width(est, COL_UNIT, 9);
	char m[INFRACOST_MONEY_MAX], q[AMOUNT_MAX], p[AMOUNT_MAX];

	infracost__buf_text(b, est->name, NULL, 0);
	infracost__buf_printf(
		b,
		": monthly cost estimate (USD, %g-hour month, upfront amortized over the term)\n",
		est->hours);
	for (size_t e = 0; e < est->nenvs; e++) {
		const infracost_env_result *env = &est->envs[e];
		infracost__buf_puts(b, "\nEnvironment ");
		infracost__buf_text(b, env->name, NULL, 0);
		infracost__buf_puts(b, " (");
		infracost__buf_text(b, *env->region ? env->region : "no region", NULL, 0);
		infracost__buf_printf(b, ", %g h/month)\n", env->hours_per_month);
		infracost__buf_puts(b, "  ");
		cell(b, "SERVICE", w, 0);
		infracost__buf_puts(b, "  ");
		cell(b, "TYPE", 14, 0);
		infracost__buf_puts(b, "  ");
		cell(b, "MIN", MONEY_W, 1);
		infracost__buf_puts(b, "  ");
		cell(b, "EXPECTED", MONEY_W, 1);
		infracost__buf_puts(b, "  ");
		cell(b, "MAX", MONEY_W, 1);
		infracost__buf_puts(b, "  ");
		cell(b, "UPFRONT", MONEY_W, 1);
		infracost__buf_putc(b, '\n');
		for (size_t s = 0; s < env->service_count; s++) {
			const infracost_service_result *sv = &env->services[s];
			infracost__buf_puts(b, "  ");
			text_cell(b, sv->name, w);
			infracost__buf_puts(b, "  ");
			text_cell(b, sv->type, 14);
			money_cols(b, sv->monthly, sv->upfront);
			for (size_t i = 0; i < sv->line_item_count; i++) {
				/* component purchase quantity unit x unit_price = monthly sku */
				const infracost_line_item *it = &sv->line_items[i];
				infracost__buf_puts(b, "      ");
				text_cell(b, it->component, (size_t)component_w);
				infracost__buf_putc(b, ' ');
				text_cell(b, it->price->purchase, (size_t)purchase_w);
				infracost__buf_putc(b, ' ');
				cell(b, amount(q, it->quantity), 12, 1);
				infracost__buf_putc(b, ' ');
				text_cell(b, it->price->unit, (size_t)unit_w);
				infracost__buf_puts(b, " x ");
				cell(b, amount(p, it->unit_price), 12, 0);
				infracost__buf_puts(b, " = ");
				cell(b, infracost__money(m, it->monthly), 10, 1);
				infracost__buf_puts(b, "  ");
				infracost__buf_text(b, it->price->sku, NULL, 0);
				infracost__buf_putc(b, '\n');
			}
		}
		infracost__buf_puts(b, "  ");
		cell(b, "total", w, 0);
		infracost__buf_puts(b, "  ");
		cell(b, "", 14, 0);
		money_cols(b, env->monthly, env->upfront);
		infracost__buf_printf(b, "  capacity: %g-%g vCPU, %g-%g GB memory\n", env->vcpu_min,
				      env->vcpu_max, env->memory_gb_min, env->memory_gb_max);
		{
			infracost_buf t = INFRACOST_BUF_INIT;
			if (prices_as_of(&t, env)) {
				infracost__buf_puts(b, "  ");
				infracost__buf_text(b, t.data, NULL, 0);
				infracost__buf_putc(b, '\n');
			}
			infracost__buf_free(&t);
		}
	}
	infracost__buf_puts(b, "\nSummary\n  ");
	cell(b, "ENVIRONMENT", w, 0);
	infracost__buf_puts(b, "  ");
	cell(b, "MIN", MONEY_W, 1);
	infracost__buf_puts(b, "  ");
	cell(b, "EXPECTED", MONEY_W, 1);
	infracost__buf_puts(b, "  ");
	cell(b, "MAX", MONEY_W, 1);
	infracost__buf_puts(b, "  ");
	cell(b, "UPFRONT", MONEY_W, 1);
	infracost__buf_putc(b, '\n');
	for (size_t e = 0; e < est->nenvs; e++) {
		infracost__buf_puts(b, "  ");
		text_cell(b, est->envs[e].name, w);
		money_cols(b, est->envs[e].monthly, est->envs[e].upfront);
	}
	infracost__buf_puts(b, "  ");
	cell(b, "total", w, 0);
	money_cols(b, est->total, est->total_upfront);
	if (est->nbudgets) {
		infracost__buf_puts(b, "\nBudgets\n  ");
		cell(b, "BUDGET", w, 0);
		infracost__buf_puts(b, "  ");
		cell(b, "ON", 8, 0);
		infracost__buf_puts(b, "  ");
		cell(b, "LIMIT", MONEY_W, 1);
		infracost__buf_puts(b, "  ");
		cell(b, "VALUE", MONEY_W, 1);
		infracost__buf_puts(b, "  ");
		cell(b, "EXCESS", MONEY_W, 1);
		infracost__buf_puts(b, "  STATUS\n");
		for (size_t i = 0; i < est->nbudgets; i++) {
			const infracost_budget_result *r = &est->budgets[i];
			infracost__buf_puts(b, "  ");
			text_cell(b, r->scope, w);
			infracost__buf_puts(b, "  ");
			text_cell(b, r->metric, 8);
			infracost__buf_puts(b, "  ");
			cell(b, infracost__money(m, r->limit), MONEY_W, 1);
			infracost__buf_puts(b, "  ");
			cell(b, isnan(r->value) ? "unknown" : infracost__money(m, r->value),
			     MONEY_W, 1);
			infracost__buf_puts(b, "  ");
			cell(b, infracost__money(m, r->excess), MONEY_W, 1);
			infracost__buf_puts(b, isnan(r->value) ? "  not checked\n"
					       : r->exceeded   ? "  EXCEEDED\n"
							       : "  ok\n");
		}
	}
	if (est->ninputs) {
		infracost__buf_puts(b, "\nInputs (");
		infracost__input_counts(b, est);
		infracost__buf_puts(b, ")\n");
		for (size_t i = 0; i < est->ninputs; i++) {
			infracost__buf_puts(b, "  ");
			input_text(b, est->inputs[i], NULL, 0);
			infracost__buf_putc(b, '\n');
		}
	}
	if (est->nwarnings) {
		infracost__buf_puts(b, "\nWarnings\n");
		for (size_t i = 0; i < est->nwarnings; i++) {
			infracost__buf_puts(b, "  ");
			warning_place(b, &est->warnings[i], NULL, 0);
			infracost__buf_text(b, est->warnings[i].message, NULL, 0);
			infracost__buf_putc(b, '\n');
		}
	}
}

/* Markdown text (a table cell, a heading): control characters escaped
 * visibly, then '|' and '\\' escaped with a backslash, so that neither a
 * cell's end nor a line can be forged. */
static void md_text(infracost_buf *b, const char *s)
{
	infracost__buf_text(b, s, "|\\", '\\');
}

static void md_money_row(infracost_buf *b, infracost_range r, double upfront)
{
	char m[INFRACOST_MONEY_MAX];
	infracost__buf_printf(b, " | %s", infracost__money(m, r.min));
	infracost__buf_printf(b, " | %s", infracost__money(m, r.expected));
	infracost__buf_printf(b, " | %s", infracost__money(m, r.max));
	infracost__buf_printf(b, " | %s |\n", upfront_money(m, upfront));
}

static void render_markdown(infracost_buf *b, const infracost_estimate *est)
{
	infracost__buf_puts(b, "# ");
	md_text(b, est->name);
	infracost__buf_printf(b,
			      ": monthly cost estimate\n\nUSD per month (%g-hour month; upfront "
			      "amortized over the term). Expected is the likely bill; min and max "
			      "bound it.\n",
			      est->hours);
	for (size_t e = 0; e < est->nenvs; e++) {
		const infracost_env_result *env = &est->envs[e];
		infracost__buf_puts(b, "\n## ");
		md_text(b, env->name);
		infracost__buf_puts(b, " (");
		md_text(b, *env->region ? env->region : "no region");
		infracost__buf_printf(b, ", %g h/month)\n\n", env->hours_per_month);
		infracost__buf_puts(b, "| Service | Type | Min | Expected | Max | Upfront |\n"
				       "|---|---|--:|--:|--:|--:|\n");
		for (size_t s = 0; s < env->service_count; s++) {
			const infracost_service_result *sv = &env->services[s];
			infracost__buf_puts(b, "| ");
			md_text(b, sv->name);
			infracost__buf_puts(b, " | ");
			md_text(b, sv->type);
			md_money_row(b, sv->monthly, sv->upfront);
		}
		infracost__buf_puts(b, "| **Total** | ");
		md_money_row(b, env->monthly, env->upfront);
		infracost__buf_printf(b, "\nCapacity: %g-%g vCPU, %g-%g GB memory.\n",
				      env->vcpu_min, env->vcpu_max, env->memory_gb_min,
				      env->memory_gb_max);
		{
			infracost_buf t = INFRACOST_BUF_INIT;
			if (prices_as_of(&t, env)) {
				/* "Prices as of: ..." */
				infracost__buf_puts(b, "\nP");
				md_text(b, t.data + 1);
				infracost__buf_puts(b, ".\n");
			}
			infracost__buf_free(&t);
		}
	}
	infracost__buf_puts(b, "\n## Summary\n\n| Environment | Min | Expected | Max | Upfront |\n"
			       "|---|--:|--:|--:|--:|\n");
	for (size_t e = 0; e < est->nenvs; e++) {
		infracost__buf_puts(b, "| ");
		md_text(b, est->envs[e].name);
		md_money_row(b, est->envs[e].monthly, est->envs[e].upfront);
	}
	infracost__buf_puts(b, "| **Total**");
	md_money_row(b, est->total, est->total_upfront);
	if (est->nbudgets) {
		char m[INFRACOST_MONEY_MAX];
		infracost__buf_puts(b,
				    "\n## Budgets\n\n| Budget | Limit on | Limit | Value | Excess "
				    "| Status |\n|---|---|--:|--:|--:|---|\n");
		for (size_t i = 0; i < est->nbudgets; i++) {
			const infracost_budget_result *r = &est->budgets[i];
			infracost__buf_puts(b, "| ");
			md_text(b, r->scope);
			infracost__buf_puts(b, " | ");
			md_text(b, r->metric);
			infracost__buf_printf(b, " | %s", infracost__money(m, r->limit));
			infracost__buf_printf(b, " | %s",
					      isnan(r->value) ? "unknown"
							      : infracost__money(m, r->value));
			infracost__buf_printf(b, " | %s", infracost__money(m, r->excess));
			infracost__buf_puts(b, isnan(r->value) ? " | not checked |\n"
					       : r->exceeded   ? " | **exceeded** |\n"
							       : " | ok |\n");
		}
	}
	if (est->ninputs) {
		infracost__buf_puts(b, "\n## Inputs\n\n");
		infracost__input_counts(b, est);
		infracost__buf_puts(b, ".\n\n| Environment | Address | Kind | Status | Service | "
				       "Note |\n|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < est->ninputs; i++) {
			const infracost_input *in = est->inputs[i];
			const char *cells[] = {in->environment ? in->environment : "all",
					       in->address,
					       in->kind ? in->kind : "",
					       in->status,
					       in->service ? in->service : "",
					       in->note ? in->note : ""};
			for (size_t k = 0; k < sizeof(cells) / sizeof(cells[0]); k++) {
				infracost__buf_puts(b, k ? " | " : "| ");
				md_text(b, cells[k]);
			}
			infracost__buf_puts(b, " |\n");
		}
	}
	if (est->nwarnings) {
		infracost__buf_puts(b, "\n## Warnings\n\n");
		for (size_t i = 0; i < est->nwarnings; i++) {
			const infracost_warning *wn = &est->warnings[i];
			/* the place in bold: '*' and '_' escaped too */
			infracost__buf_puts(b, "- **");
			infracost__buf_text(b, wn->environment, "|\\*", '\\');
			if (wn->service) {
				infracost__buf_putc(b, '/');
				infracost__buf_text(b, wn->service, "|\\*", '\\');
			}
			infracost__buf_puts(b, "**: ");
			md_text(b, wn->message);
			infracost__buf_putc(b, '\n');
		}
	}
}

static int render(infracost_buf *b, const infracost_estimate *est, infracost_format format)
{
	switch (format) {
	case INFRACOST_FORMAT_TABLE: render_table(b, est); return 0;
	case INFRACOST_FORMAT_JSON: render_json(b, est); return 0;
	case INFRACOST_FORMAT_CSV: render_csv(b, est); return 0;
	case INFRACOST_FORMAT_MARKDOWN: render_markdown(b, est); return 0;
	case INFRACOST_FORMAT_HTML: return infracost__estimate_html(b, est);
	default:
		return infracost__error(INFRACOST_EINVALID, "unknown output format %d",
					(int)format);
	}
}

int infracost_estimate_render(char **out, size_t *out_len, const infracost_estimate *est,
			      infracost_format format)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	int rc;

	if (!out || !est)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_estimate_render: NULL argument");
	*out = NULL;
	if ((rc = render(&b, est, format))) {
		infracost__buf_free(&b);
		return rc;
	}
	return infracost__buf_detach(&b, out, out_len);
}

int infracost_estimate_write(const infracost_estimate *est, infracost_format format,
			     infracost_write_fn write, void *ctx)
{
	infracost_buf b = INFRACOST_BUF_INIT;
	int rc;

	if (!est || !write)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_estimate_write: NULL argument");
	b.sink = write;
	b.sink_ctx = ctx;
	rc = render(&b, est, format);
	if (!rc)
		infracost__buf_flush(&b);
	if (!rc && b.sink_failed)
		rc = infracost__error(INFRACOST_EIO, "writing the estimate failed");
	else if (!rc && b.failed)
		rc = infracost__error_oom();
	infracost__buf_free(&b);
	return rc;
}
