/* feed_gcp.c - Cloud Billing Catalog skus.list pages
 * (cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus, Compute
 * Engine) into machine-type prices.
 *
 * The catalog prices machines by their parts: one SKU per family, component
 * and usage type, e.g. "E2 Instance Core running in Americas" (category
 * resourceGroup CPU, usageUnit "h") and "Spot Preemptible E2 Instance Ram
 * running in Americas" (resourceGroup RAM, usageUnit "GiBy.h", usageType
 * Preemptible). Each page's core and RAM prices of the families E2, N2, N2D,
 * C3 and T2D are kept per region (serviceRegions) in the state;
 * infracost__gcp_finish then composes the machine types of gcp_machines.h:
 *
 *     price = billed vCPUs x core price + GiB x RAM price
 *
 * as gcp/compute/REGION/MACHINE_TYPE/{on_demand,spot}/hour rows.
 *
 * A price is units + nanos / 1e9 of the tier starting at 0. Nothing is
 * guessed; these are skipped and counted (meta "skipped"): other families
 * and SKUs (custom, sole-tenant, commitments, GPUs, disks, network), a usage
 * type other than OnDemand or Preemptible, a resourceGroup that does not
 * match the description, another usage unit, a price with several
 * different tiers or none from 0, and, at finish, a component whose partner
 * (core without RAM) is missing or whose region got two different prices.
 * A page priced in another currency than USD is refused. */
#include "cnum.h"
#include "feed.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "gcp_machines.h"
#include "jsondoc.h"

#define GCP_PATH_MAX 192
#define GCP_TEXT_MAX 256

enum { GCP_CORE = 0, GCP_RAM = 1 };

/* The families and how their SKU descriptions start (after "Spot
 * Preemptible " for spot SKUs). */
static const struct {
	const char *family;
	const char *prefix;
} gcp_families[] = {
	{"e2", "E2 Instance "}, {"n2", "N2 Instance "},       {"n2d", "N2D AMD Instance "},
	{"c3", "C3 Instance "}, {"t2d", "T2D AMD Instance "},
};
#define GCP_FAMILY_COUNT (sizeof gcp_families / sizeof gcp_families[0])

struct gcp_rate {
	char *region;
	char *sku_id;
	unsigned family;
	int component; /* GCP_CORE, GCP_RAM */
	int spot;
	int conflict; /* two SKUs gave this region different prices */
	int used;
	double price;
	char date[11];
};

struct infracost_gcp_state {
	struct gcp_rate *rates;
	size_t count, cap;
};

struct gcp_page {
	jsondoc doc;
	const char *source;
	const infracost_feed_filter *filter;
	infracost_gcp_state *st;
	int keep; /* 0: the checking pass, 1: the pass that keeps the prices */
	unsigned long skipped;
};

int infracost__gcp_new(infracost_gcp_state **out)
{
	if (!out)
		return infracost__error(INFRACOST_EINVALID, "infracost__gcp_new: out is NULL");
	*out = infracost__calloc(1, sizeof **out);
	if (!*out)
		return infracost__error_oom();
	return 0;
}

void infracost__gcp_free(infracost_gcp_state *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->count; i++) {
		infracost__free(st->rates[i].region);
		infracost__free(st->rates[i].sku_id);
	}
	infracost__free(st->rates);
	infracost__free(st);
}

static int fail_at(struct gcp_page *pg, const jsonval *v, const char *path, const char *fmt, ...)
	INFRACOST_PRINTF(4, 5);

static int fail_at(struct gcp_page *pg, const jsonval *v, const char *path, const char *fmt, ...)
{
	char msg[GCP_TEXT_MAX * 2];
	int line = 0, column = 0;
	va_list ap;

	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (v)
		infracost__jsondoc_position(&pg->doc, v, path, &line, &column);
	return infracost__error_at(INFRACOST_EINVALID, pg->source, line, column, path, "%s", msg);
}

static const jsonval *member(const jsonval *obj, const char *key, enum jv_type type)
{
	const jsonval *v = infracost__jv_get(obj, key);
	return infracost__jv_is(v, type) ? v : NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "E2 Instance Core running in Americas" -> family e2, core. Returns 0 when
 * the description is not a plain core or RAM SKU of a known family. */
static int parse_description(const char *d, unsigned *family, int *component, int *spot_prefix)
{
	*spot_prefix = 0;
	if (starts_with(d, "Spot Preemptible ")) {
		d += strlen("Spot Preemptible ");
		*spot_prefix = 1;
	} else if (starts_with(d, "Preemptible ")) {
		d += strlen("Preemptible ");
		*spot_prefix = 1;
	}
	for (unsigned f = 0; f < GCP_FAMILY_COUNT; f++) {
		const char *rest;

		if (!starts_with(d, gcp_families[f].prefix))
			continue;
		rest = d + strlen(gcp_families[f].prefix);
		if (starts_with(rest, "Core running in ")) {
			*component = GCP_CORE;
			rest += strlen("Core running in ");
		} else if (starts_with(rest, "Ram running in ") ||
			   starts_with(rest, "RAM running in ")) {
			*component = GCP_RAM;
			rest += strlen("Ram running in ");
		} else {
			return 0;
		}
		if (*rest == '\0')
			return 0; /* no location */
		*family = f;
		return 1;
	}
	return 0;
}

/* Money {units: "2", nanos: 933908000} -> 2.933908. */
static int money_value(struct gcp_page *pg, const jsonval *money, const char *path, double *out)
{
	const jsonval *units = infracost__jv_get(money, "units");
	const jsonval *nanos = infracost__jv_get(money, "nanos");
	char upath[GCP_PATH_MAX];
	double u = 0, n = 0;

	if (units && infracost__jv_is(units, JV_STRING)) {
		char *end;
		long long x;

		errno = 0;
		x = strtoll(infracost__jv_str(units), &end, 10);
		if (infracost__jv_len(units) == 0 || *end != '\0' || errno != 0) {
			infracost__snprintf(upath, sizeof upath, "%s.units", path);
			return fail_at(pg, units, upath, "not a whole number: '%s'",
				       infracost__jv_str(units));
		}
		u = (double)x;
	} else if (units && infracost__jv_is(units, JV_NUMBER)) {
		u = infracost__jv_num(units);
	} else if (units && !infracost__jv_is(units, JV_NULL)) {
		infracost__snprintf(upath, sizeof upath, "%s.units", path);
		return fail_at(pg, units, upath, "expected a string or a number, got %s",
			       infracost__jv_type_name(units));
	}
	if (nanos && infracost__jv_is(nanos, JV_NUMBER)) {
		n = infracost__jv_num(nanos);
		if (n != (double)(long long)n || n <= -1e9 || n >= 1e9) {
			infracost__snprintf(upath, sizeof upath, "%s.nanos", path);
			return fail_at(pg, nanos, upath,
				       "must be a whole number of nanos below 1e9, got %g", n);
		}
	} else if (nanos && !infracost__jv_is(nanos, JV_NULL)) {
		infracost__snprintf(upath, sizeof upath, "%s.nanos", path);
		return fail_at(pg, nanos, upath, "expected a number, got %s",
			       infracost__jv_type_name(nanos));
	}
	*out = u + n / 1e9;
	return 0;
}

/* Every unitPrice of the SKU must be in USD: a page is in one currency. */
static int check_currency(struct gcp_page *pg, const jsonval *sku, size_t i)
{
	const jsonval *infos = member(sku, "pricingInfo", JV_ARRAY);
	char path[GCP_PATH_MAX];

	for (size_t p = 0; infos && p < infracost__jv_len(infos); p++) {
		const jsonval *expr = member(infracost__jv_item(infos, p), "pricingExpression",
					     JV_OBJECT);
		const jsonval *tiers = expr ? member(expr, "tieredRates", JV_ARRAY) : NULL;

		for (size_t t = 0; tiers && t < infracost__jv_len(tiers); t++) {
			const jsonval *price = member(infracost__jv_item(tiers, t), "unitPrice",
						      JV_OBJECT);
			const jsonval *cur = price ? infracost__jv_get(price, "currencyCode")
						   : NULL;

			if (!cur || infracost__jv_is(cur, JV_NULL))
				continue;
			infracost__snprintf(
				path, sizeof path,
				"skus[%zu].pricingInfo[%zu].pricingExpression.tieredRates[%zu]."
				"unitPrice.currencyCode",
				i, p, t);
			if (!infracost__jv_is(cur, JV_STRING))
				return fail_at(pg, cur, path, "expected a string, got %s",
					       infracost__jv_type_name(cur));
			if (strcmp(infracost__jv_str(cur), "USD") != 0)
				return fail_at(pg, cur, path, "only USD is supported, got '%s'",
					       infracost__jv_str(cur));
		}
	}
	return 0;
}

static int region_wanted(const infracost_feed_filter *filter, const char *region)
{
	if (!filter || !filter->regions || filter->nregions == 0)
		return 1;
	for (size_t k = 0; k < filter->nregions; k++)
		if (filter->regions[k] && strcmp(filter->regions[k], region) == 0)
			return 1;
	return 0;
}

static void date_part(char *out, size_t size, const char *when)
{
	size_t n = when ? strlen(when) : 0;

	if (n >= 10 && when[4] == '-' && when[7] == '-')
		n = 10;
	if (n >= size)
		n = 0; /* not a date: leave it out */
	if (n)
		memcpy(out, when, n);
	out[n] = '\0';
}

static int keep_rate(infracost_gcp_state *st, const char *region, unsigned family, int component,
		     int spot, double price, const char *sku_id, const char *date)
{
	struct gcp_rate *r;

	for (size_t k = 0; k < st->count; k++) {
		r = &st->rates[k];
		if (r->family == family && r->component == component && r->spot == spot &&
		    strcmp(r->region, region) == 0) {
			if (r->price != price)
				r->conflict = 1;
			return 0;
		}
	}
	if (infracost__grow((void **)&st->rates, &st->cap, st->count + 1, sizeof *st->rates))
		return infracost__error_oom();
	r = &st->rates[st->count];
	memset(r, 0, sizeof *r);
	r->region = infracost__strdup(region);
	r->sku_id = infracost__strdup(sku_id ? sku_id : "");
	if (!r->region || !r->sku_id) {
		infracost__free(r->region);
		infracost__free(r->sku_id);
		return infracost__error_oom();
	}
	r->family = family;
	r->component = component;
	r->spot = spot;
	r->price = price;
	infracost__snprintf(r->date, sizeof r->date, "%s", date);
	st->count++;
	return 0;
}

/* One SKU: 1 when kept, 0 when skipped, or a negative error code. */
static int do_sku(struct gcp_page *pg, const jsonval *sku, size_t i)
{
	const jsonval *desc, *cat, *usage, *group, *regions, *infos, *info, *expr, *unit, *tiers,
		*when, *id;
	const jsonval *base = NULL;
	char path[GCP_PATH_MAX], date[11];
	unsigned family;
	int component, spot_prefix, spot, rc;
	double price = 0;

	if (!infracost__jv_is(sku, JV_OBJECT)) {
		infracost__snprintf(path, sizeof path, "skus[%zu]", i);
		return fail_at(pg, sku, path, "expected an object, got %s",
			       infracost__jv_type_name(sku));
	}
	if ((rc = check_currency(pg, sku, i)) != 0)
		return rc;

	desc = member(sku, "description", JV_STRING);
	if (!desc || !parse_description(infracost__jv_str(desc), &family, &component, &spot_prefix))
		return 0;
	cat = member(sku, "category", JV_OBJECT);
	usage = cat ? member(cat, "usageType", JV_STRING) : NULL;
	group = cat ? member(cat, "resourceGroup", JV_STRING) : NULL;
	if (!usage || !group)
		return 0;
	if (strcmp(infracost__jv_str(usage), "OnDemand") == 0)
		spot = 0;
	else if (strcmp(infracost__jv_str(usage), "Preemptible") == 0)
		spot = 1;
	else
		return 0; /* commitments and other usage types */
	if (spot != spot_prefix)
		return 0;
	if (strcmp(infracost__jv_str(group), component == GCP_CORE ? "CPU" : "RAM") != 0)
		return 0;

	infos = member(sku, "pricingInfo", JV_ARRAY);
	if (!infos || infracost__jv_len(infos) != 1)
		return 0; /* no price, or a price history: not one current price */
	info = infracost__jv_item(infos, 0);
	expr = member(info, "pricingExpression", JV_OBJECT);
	unit = expr ? member(expr, "usageUnit", JV_STRING) : NULL;
	tiers = expr ? member(expr, "tieredRates", JV_ARRAY) : NULL;
	if (!unit || !tiers || infracost__jv_len(tiers) == 0)
		return 0;
	if (strcmp(infracost__jv_str(unit), component == GCP_CORE ? "h" : "GiBy.h") != 0)
		return 0;

	/* The tier starting at 0 is the price; any other tier with another
	 * price makes the rate usage-dependent, which a per-hour machine price
	 * cannot carry. */
	for (size_t t = 0; t < infracost__jv_len(tiers); t++) {
		const jsonval *tier = infracost__jv_item(tiers, t);
		const jsonval *start = infracost__jv_get(tier, "startUsageAmount");
		const jsonval *money = member(tier, "unitPrice", JV_OBJECT);
		double value;

		if (!infracost__jv_is(tier, JV_OBJECT) || !money)
			return 0;
		if (start && !infracost__jv_is(start, JV_NUMBER) &&
		    !infracost__jv_is(start, JV_NULL))
			return 0;
		infracost__snprintf(
			path, sizeof path,
			"skus[%zu].pricingInfo[0].pricingExpression.tieredRates[%zu].unitPrice", i,
			t);
		if ((rc = money_value(pg, money, path, &value)) != 0)
			return rc;
		if (!start || infracost__jv_is(start, JV_NULL) || infracost__jv_num(start) == 0) {
			if (base)
				return 0; /* two tiers from 0 */
			base = tier;
			price = value;
		}
	}
	if (!base || price < 0)
		return 0;
	for (size_t t = 0; t < infracost__jv_len(tiers); t++) {
		double value;

		infracost__snprintf(
			path, sizeof path,
			"skus[%zu].pricingInfo[0].pricingExpression.tieredRates[%zu].unitPrice", i,
			t);
		if ((rc = money_value(pg,
				      member(infracost__jv_item(tiers, t), "unitPrice", JV_OBJECT),
				      path, &value)) != 0)
			return rc;
		if (value != price)
			return 0;
	}

	regions = member(sku, "serviceRegions", JV_ARRAY);
	if (!regions || infracost__jv_len(regions) == 0)
		return 0;
	when = member(info, "effectiveTime", JV_STRING);
	if (!when)
		when = member(info, "EffectiveTime", JV_STRING); /* seen in opencost's copy */
	date_part(date, sizeof date, when ? infracost__jv_str(when) : NULL);
	id = member(sku, "skuId", JV_STRING);

	for (size_t r = 0; r < infracost__jv_len(regions); r++) {
		const jsonval *region = infracost__jv_item(regions, r);

		if (!infracost__jv_is(region, JV_STRING) || infracost__jv_len(region) == 0)
			continue;
		if (!pg->keep || !region_wanted(pg->filter, infracost__jv_str(region)))
			continue;
		rc = keep_rate(pg->st, infracost__jv_str(region), family, component, spot, price,
			       id ? infracost__jv_str(id) : "", date);
		if (rc != 0)
			return rc;
	}
	return 1;
}

int infracost__gcp_skus_page(infracost_gcp_state *st, const char *json, size_t len,
			     const char *source, const infracost_feed_filter *filter,
			     infracost_feed_sink *sink, char **next_token)
{
	struct gcp_page pg;
	const jsonval *root, *skus = NULL, *token;
	char *next = NULL;
	char count[32];
	int rc;

	if (next_token)
		*next_token = NULL;
	if (!st || (!json && len))
		return infracost__error(INFRACOST_EINVALID,
					"infracost__gcp_skus_page: no state or no page text");
	memset(&pg, 0, sizeof pg);
	pg.source = source ? source : "<gcp skus page>";
	pg.filter = filter;
	pg.st = st;

	rc = infracost__jsondoc_parse(&pg.doc, json ? json : "", len, pg.source);
	if (rc != 0)
		return rc;
	root = pg.doc.root;
	if (!infracost__jv_is(root, JV_OBJECT)) {
		rc = fail_at(&pg, root, NULL, "expected a skus.list response (an object), got %s",
			     infracost__jv_type_name(root));
		goto done;
	}
	skus = infracost__jv_get(root, "skus"); /* absent on an empty page */
	if (skus && !infracost__jv_is(skus, JV_ARRAY)) {
		rc = fail_at(&pg, skus, "skus", "expected an array, got %s",
			     infracost__jv_type_name(skus));
		goto done;
	}
	token = infracost__jv_get(root, "nextPageToken");
	if (token && !infracost__jv_is(token, JV_STRING) && !infracost__jv_is(token, JV_NULL)) {
		rc = fail_at(&pg, token, "nextPageToken", "expected a string, got %s",
			     infracost__jv_type_name(token));
		goto done;
	}
	/* Check every SKU before keeping any price: a page with a bad SKU
	 * (another currency, a malformed price) leaves the state as it was. */
	for (int pass = 0; pass < 2; pass++) {
		pg.keep = pass;
		pg.skipped = 0;
		for (size_t i = 0; skus && i < infracost__jv_len(skus); i++) {
			rc = do_sku(&pg, infracost__jv_item(skus, i), i);
			if (rc < 0)
				goto done;
			if (rc == 0)
				pg.skipped++;
			rc = 0;
		}
	}
	if (token && infracost__jv_is(token, JV_STRING) && infracost__jv_len(token) > 0) {
		next = infracost__strndup(infracost__jv_str(token), infracost__jv_len(token));
		if (!next) {
			rc = infracost__error_oom();
			goto done;
		}
	}
	if (sink && sink->meta) {
		infracost__snprintf(count, sizeof count, "%lu", pg.skipped);
		rc = sink->meta(sink->ctx, "skipped", count);
	}
done:
	infracost__jsondoc_free(&pg.doc);
	if (rc != 0) {
		infracost__free(next);
		return rc;
	}
	if (next_token)
		*next_token = next;
	else
		infracost__free(next);
	return 0;
}

static const struct gcp_rate *find_rate(const infracost_gcp_state *st, const char *region,
					unsigned family, int component, int spot)
{
	for (size_t k = 0; k < st->count; k++) {
		const struct gcp_rate *r = &st->rates[k];
		if (r->family == family && r->component == component && r->spot == spot &&
		    strcmp(r->region, region) == 0)
			return r;
	}
	return NULL;
}

static unsigned family_index(const char *family)
{
	for (unsigned f = 0; f < GCP_FAMILY_COUNT; f++)
		if (strcmp(gcp_families[f].family, family) == 0)
			return f;
	return (unsigned)GCP_FAMILY_COUNT;
}

int infracost__gcp_finish(infracost_gcp_state *st, infracost_feed_sink *sink)
{
	char source[GCP_TEXT_MAX], date[11], count[32];
	unsigned long skipped = 0;
	int rc;

	if (!st || !sink || !sink->row)
		return infracost__error(INFRACOST_EINVALID,
					"infracost__gcp_finish: no state or no row sink");
	for (size_t k = 0; k < st->count; k++)
		st->rates[k].used = 0;

	/* Regions in the order they were first seen. */
	for (size_t k = 0; k < st->count; k++) {
		const char *region = st->rates[k].region;
		int first = 1;

		for (size_t j = 0; j < k && first; j++)
			if (strcmp(st->rates[j].region, region) == 0)
				first = 0;
		if (!first)
			continue;
		for (size_t m = 0; m < INFRACOST_GCP_MACHINE_COUNT; m++) {
			const struct infracost_gcp_machine *mt = &infracost_gcp_machines[m];
			unsigned f = family_index(mt->family);

			for (int spot = 0; spot <= 1; spot++) {
				struct gcp_rate *core, *ram;
				infracost_price row;

				core = (struct gcp_rate *)find_rate(st, region, f, GCP_CORE, spot);
				ram = (struct gcp_rate *)find_rate(st, region, f, GCP_RAM, spot);
				if (!core || !ram || core->conflict || ram->conflict)
					continue;
				core->used = ram->used = 1;
				infracost__snprintf(date, sizeof date, "%s",
						    strcmp(core->date, ram->date) >= 0 ? core->date
										       : ram->date);
				infracost__snprintf(
					source, sizeof source,
					"gcp cloud billing catalog Compute Engine SKUs %s (core) + "
					"%s (ram)",
					core->sku_id, ram->sku_id);
				memset(&row, 0, sizeof row);
				row.provider = "gcp";
				row.service = "compute";
				row.region = region;
				row.sku = mt->name;
				row.purchase = spot ? "spot" : "on_demand";
				row.unit = "hour";
				row.price = mt->billed_vcpu * core->price +
					    mt->memory_gib * ram->price;
				row.upfront = 0;
				row.tier_start = 0;
				row.vcpu = mt->vcpu;
				row.memory_gb = mt->memory_gib;
				row.effective_date = date;
				row.source = source;
				row.origin = "";
				rc = sink->row(sink->ctx, &row);
				if (rc != 0)
					return rc;
			}
		}
	}
	/* Rates that priced nothing: no partner, or two prices for a region. */
	for (size_t k = 0; k < st->count; k++)
		if (!st->rates[k].used)
			skipped++;
	if (sink->meta) {
		infracost__snprintf(count, sizeof count, "%lu", skipped);
		rc = sink->meta(sink->ctx, "skipped", count);
		if (rc != 0)
			return rc;
	}
	return 0;
}
