/* diff.c - two estimates compared per environment, service and line item
 * (formats.md section 7). The renderers are in lib/output/render_diff.c. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "diff.h"
#include "error.h"
#include "estimate.h"
#include "strpool.h"

static double cents(double v)
{
	return round(v * 100.0);
}

/* Two amounts the same as shown (to the cent; unknown equals unknown). */
static int same_money(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return cents(a) == cents(b);
}

static int same_range(infracost_range a, infracost_range b)
{
	return same_money(a.min, b.min) && same_money(a.expected, b.expected) &&
	       same_money(a.max, b.max);
}

static int same_quantity(double a, double b)
{
	double m = fmax(1.0, fmax(fabs(a), fabs(b)));
	return fabs(a - b) <= 1e-9 * m;
}

double infracost_diff_delta(double before, double after)
{
	return (cents(after) - cents(before)) / 100.0;
}

double infracost_diff_percent(double before, double after)
{
	if (isnan(before) || isnan(after) || cents(before) == 0)
		return NAN;
	return infracost_diff_delta(before, after) / (cents(before) / 100.0) * 100.0;
}

static int nonnull_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The lines of a service on both sides: exact key first (component,
 * purchase, sku), then component and purchase, the rest added or removed. */
static void diff_lines(infracost_diff *d, infracost_diff_service *ds,
		       const infracost_service_result *b, const infracost_service_result *a)
{
	size_t nb = b ? b->line_item_count : 0, na = a ? a->line_item_count : 0;
	unsigned char *used_b = NULL;
	infracost_diff_line *first = &d->lines[d->nlines];

	ds->lines = first;
	if (nb && !(used_b = infracost__calloc(nb, 1))) {
		d->failed = 1;
		return;
	}
	for (size_t i = 0; i < na; i++) {
		const infracost_line_item *ai = &a->line_items[i], *bi = NULL;
		infracost_diff_line *l = &d->lines[d->nlines++];
		for (int pass = 0; pass < 2 && !bi; pass++)
			for (size_t j = 0; j < nb && !bi; j++) {
				const infracost_line_item *c = &b->line_items[j];
				if (used_b[j] || strcmp(c->component, ai->component) != 0 ||
				    strcmp(c->price->purchase, ai->price->purchase) != 0)
					continue;
				if (pass == 0 && strcmp(c->price->sku, ai->price->sku) != 0)
					continue;
				used_b[j] = 1;
				bi = c;
			}
		memset(l, 0, sizeof(*l));
		l->component = ai->component;
		l->purchase = ai->price->purchase;
		l->unit = ai->price->unit;
		l->sku_after = ai->price->sku;
		l->quantity_after = ai->quantity;
		l->unit_price_after = ai->unit_price;
		l->monthly_after = ai->monthly;
		if (!bi) {
			l->status = INFRACOST_DIFF_ADDED;
			continue;
		}
		l->sku_before = bi->price->sku;
		l->quantity_before = bi->quantity;
		l->unit_price_before = bi->unit_price;
		l->monthly_before = bi->monthly;
		l->status = strcmp(l->sku_before, l->sku_after) == 0 &&
					    strcmp(bi->price->unit, ai->price->unit) == 0 &&
					    same_quantity(l->quantity_before, l->quantity_after) &&
					    same_money(l->monthly_before, l->monthly_after)
				    ? INFRACOST_DIFF_SAME
				    : INFRACOST_DIFF_CHANGED;
	}
	for (size_t j = 0; j < nb; j++) {
		const infracost_line_item *bi = &b->line_items[j];
		infracost_diff_line *l;
		if (used_b && used_b[j])
			continue;
		l = &d->lines[d->nlines++];
		memset(l, 0, sizeof(*l));
		l->status = INFRACOST_DIFF_REMOVED;
		l->component = bi->component;
		l->purchase = bi->price->purchase;
		l->unit = bi->price->unit;
		l->sku_before = bi->price->sku;
		l->quantity_before = bi->quantity;
		l->unit_price_before = bi->unit_price;
		l->monthly_before = bi->monthly;
	}
	infracost__free(used_b);
	ds->line_count = (size_t)(&d->lines[d->nlines] - first);
}

static void fill_service(infracost_diff *d, infracost_diff_service *ds,
			 const infracost_service_result *b, const infracost_service_result *a)
{
	memset(ds, 0, sizeof(*ds));
	ds->name = a ? a->name : b->name;
	if (b) {
		ds->type_before = b->type;
		ds->monthly_before = b->monthly;
		ds->upfront_before = b->upfront;
	}
	if (a) {
		ds->type_after = a->type;
		ds->monthly_after = a->monthly;
		ds->upfront_after = a->upfront;
	}
	diff_lines(d, ds, b, a);
	if (!b)
		ds->status = INFRACOST_DIFF_ADDED;
	else if (!a)
		ds->status = INFRACOST_DIFF_REMOVED;
	else {
		int same = strcmp(b->type, a->type) == 0 && same_range(b->monthly, a->monthly) &&
			   same_money(b->upfront, a->upfront);
		for (size_t i = 0; same && i < ds->line_count; i++)
			same = ds->lines[i].status == INFRACOST_DIFF_SAME;
		ds->status = same ? INFRACOST_DIFF_SAME : INFRACOST_DIFF_CHANGED;
	}
	for (size_t i = 0; i < ds->line_count; i++)
		d->changes += ds->lines[i].status != INFRACOST_DIFF_SAME;
	d->changes += ds->status != INFRACOST_DIFF_SAME;
}

/* The services of an environment on both sides, matched by name through a
 * hash table of OLD's (a spec can have thousands). */
static void diff_services(infracost_diff *d, infracost_diff_env *de, const infracost_env_result *b,
			  const infracost_env_result *a)
{
	size_t nb = b ? b->service_count : 0, na = a ? a->service_count : 0, nslots = 16;
	size_t *slots = NULL; /* index + 1 into b's services; 0 empty */
	unsigned char *used_b = NULL;
	infracost_diff_service *first = &d->services[d->nservices];

	de->services = first;
	while (nslots < 2 * nb)
		nslots *= 2;
	if (nb && (!(slots = infracost__calloc(nslots, sizeof(*slots))) ||
		   !(used_b = infracost__calloc(nb, 1)))) {
		infracost__free(slots);
		d->failed = 1;
		return;
	}
	for (size_t j = 0; j < nb; j++) {
		const char *n = b->services[j].name;
		size_t h = (size_t)infracost__hash_bytes(n, strlen(n)) & (nslots - 1);
		while (slots[h])
			h = (h + 1) & (nslots - 1);
		slots[h] = j + 1;
	}
	for (size_t i = 0; i < na && !d->failed; i++) {
		const char *n = a->services[i].name;
		const infracost_service_result *match = NULL;
		if (nb) {
			size_t h = (size_t)infracost__hash_bytes(n, strlen(n)) & (nslots - 1);
			for (; slots[h] && !match; h = (h + 1) & (nslots - 1))
				if (!used_b[slots[h] - 1] &&
				    strcmp(b->services[slots[h] - 1].name, n) == 0) {
					match = &b->services[slots[h] - 1];
					used_b[slots[h] - 1] = 1;
				}
		}
		fill_service(d, &d->services[d->nservices++], match, &a->services[i]);
	}
	for (size_t j = 0; j < nb && !d->failed; j++)
		if (!used_b[j])
			fill_service(d, &d->services[d->nservices++], &b->services[j], NULL);
	infracost__free(slots);
	infracost__free(used_b);
	de->service_count = (size_t)(&d->services[d->nservices] - first);
}

static void fill_env(infracost_diff *d, const infracost_env_result *b,
		     const infracost_env_result *a)
{
	infracost_diff_env *de = &d->envs[d->nenvs++];
	memset(de, 0, sizeof(*de));
	de->name = a ? a->name : b->name;
	if (b) {
		de->monthly_before = b->monthly;
		de->upfront_before = b->upfront;
	}
	if (a) {
		de->monthly_after = a->monthly;
		de->upfront_after = a->upfront;
	}
	diff_services(d, de, b, a);
	if (!b)
		de->status = INFRACOST_DIFF_ADDED;
	else if (!a)
		de->status = INFRACOST_DIFF_REMOVED;
	else {
		int same = same_range(b->monthly, a->monthly) && same_money(b->upfront, a->upfront);
		for (size_t i = 0; same && i < de->service_count; i++)
			same = de->services[i].status == INFRACOST_DIFF_SAME;
		de->status = same ? INFRACOST_DIFF_SAME : INFRACOST_DIFF_CHANGED;
	}
	d->changes += de->status != INFRACOST_DIFF_SAME;
}

int infracost_diff_compute(infracost_diff **out, const infracost_estimate *before,
			   const infracost_estimate *after)
{
	infracost_diff *d;
	unsigned char *used_b = NULL;
	int rc = 0;

	if (!out || !before || !after)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_diff_compute: NULL argument");
	*out = NULL;
	d = infracost__calloc(1, sizeof(*d));
	if (!d)
		return infracost__error_oom();
	d->before = before;
	d->after = after;
	d->total_before = before->total;
	d->total_after = after->total;
	d->upfront_before = before->total_upfront;
	d->upfront_after = after->total_upfront;
	d->envs = infracost__calloc(before->nenvs + after->nenvs + 1, sizeof(*d->envs));
	d->services = infracost__calloc(before->nservices + after->nservices + 1,
					sizeof(*d->services));
	d->lines = infracost__calloc(before->nitems + after->nitems + 1, sizeof(*d->lines));
	used_b = infracost__calloc(before->nenvs + 1, 1);
	if (!d->envs || !d->services || !d->lines || !used_b) {
		rc = infracost__error_oom();
		goto done;
	}
	for (size_t i = 0; i < after->nenvs && !d->failed; i++) {
		const infracost_env_result *match = NULL;
		for (size_t j = 0; j < before->nenvs && !match; j++)
			if (!used_b[j] && nonnull_eq(before->envs[j].name, after->envs[i].name)) {
				match = &before->envs[j];
				used_b[j] = 1;
			}
		fill_env(d, match, &after->envs[i]);
	}
	for (size_t j = 0; j < before->nenvs && !d->failed; j++)
		if (!used_b[j])
			fill_env(d, &before->envs[j], NULL);
	if (d->failed)
		rc = infracost__error_oom();
done:
	infracost__free(used_b);
	if (rc) {
		infracost_diff_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void infracost_diff_free(infracost_diff *d)
{
	if (!d)
		return;
	infracost__free(d->envs);
	infracost__free(d->services);
	infracost__free(d->lines);
	infracost__free(d);
}

size_t infracost_diff_change_count(const infracost_diff *d)
{
	return d ? d->changes : 0;
}

size_t infracost_diff_environment_count(const infracost_diff *d)
{
	return d ? d->nenvs : 0;
}

const infracost_diff_env *infracost_diff_environment(const infracost_diff *d, size_t i)
{
	return d && i < d->nenvs ? &d->envs[i] : NULL;
}

infracost_range infracost_diff_total_before(const infracost_diff *d)
{
	infracost_range z = {0, 0, 0};
	return d ? d->total_before : z;
}

infracost_range infracost_diff_total_after(const infracost_diff *d)
{
	infracost_range z = {0, 0, 0};
	return d ? d->total_after : z;
}

const infracost_estimate *infracost_diff_before(const infracost_diff *d)
{
	return d ? d->before : NULL;
}

const infracost_estimate *infracost_diff_after(const infracost_diff *d)
{
	return d ? d->after : NULL;
}
