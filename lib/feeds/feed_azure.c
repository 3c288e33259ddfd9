/* feed_azure.c - one page of the Azure Retail Prices API
 * (prices.azure.com/api/retail/prices) into price-book rows.
 *
 * A page is {BillingCurrency, CustomerEntityId, CustomerEntityType,
 * Items[], NextPageLink, Count}; a bare JSON array of items is accepted too
 * (a file saved from the Items). Pages are small (100-1000 items), so a page
 * is read whole with the JSON reader.
 *
 * Mapped exactly, everything else skipped and counted (meta "skipped"):
 *
 *   serviceName "Virtual Machines", Linux (productName not ending in
 *   " Windows"), not a Dedicated Host product, not a "Low Priority" meter:
 *     type Consumption           -> on_demand, or spot when meterName or
 *                                   skuName ends in " Spot"
 *     type Reservation, term "1 Year" / "3 Years"
 *                                -> reserved_{1yr,3yr}_all_upfront, price 0,
 *                                   upfront = retailPrice (the whole-term
 *                                   price: the API's Reservation quirk)
 *     type DevTestConsumption    -> skipped
 *   provider azure, service vm, sku armSkuName, region armRegionName,
 *   unit from unitOfMeasure through azure_units.h (the price divided by the
 *   block: "100 Hours" -> per hour); a VM row must come out in hours.
 *
 * No other service maps to a documented price-book key exactly (managed
 * disks are priced per disk size tier, blob storage per tier and redundancy,
 * NAT and load balancer meters have regionless or rule-based prices), so
 * their records are skipped and counted.
 *
 * A page in another currency (BillingCurrency, or an item's currencyCode)
 * is refused: the request asked for the wrong currency and no item of it is
 * usable. */
#include "cnum.h"
#include "feed.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "jsondoc.h"

#define INFRACOST_AZURE_UNITS_TABLE
#include "azure_units.h"

#define AZ_PATH_MAX 128
#define AZ_TEXT_MAX 256

static int unit_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const struct infracost_azure_unit *)elem)->uom);
}

const struct infracost_azure_unit *infracost__azure_unit(const char *uom)
{
	if (!uom)
		return NULL;
	return bsearch(uom, infracost_azure_units,
		       sizeof infracost_azure_units / sizeof infracost_azure_units[0],
		       sizeof infracost_azure_units[0], unit_cmp);
}

struct az_page {
	jsondoc doc;
	const char *source;
	const infracost_feed_filter *filter;
	infracost_feed_sink *sink;
	const char *items_name; /* "Items" or "" for a bare array */
	int emit;               /* 0: the checking pass, 1: the pass that emits */
	int *lines;             /* the line of each item (for the emitting pass) */
	unsigned long skipped;
};

/* Record "SOURCE:LINE:COLUMN: PATH: message" for value v. */
static int fail_at(struct az_page *pg, const jsonval *v, int code, const char *path,
		   const char *fmt, ...) INFRACOST_PRINTF(5, 6);

static int fail_at(struct az_page *pg, const jsonval *v, int code, const char *path,
		   const char *fmt, ...)
{
	char msg[AZ_TEXT_MAX * 2];
	int line = 0, column = 0;
	va_list ap;

	va_start(ap, fmt);
	infracost__vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (v)
		infracost__jsondoc_position(&pg->doc, v, path, &line, &column);
	return infracost__error_at(code, pg->source, line, column, path, "%s", msg);
}

static void item_path(char *buf, const struct az_page *pg, size_t i, const char *key)
{
	if (key)
		infracost__snprintf(buf, AZ_PATH_MAX, "%s[%zu].%s", pg->items_name, i, key);
	else
		infracost__snprintf(buf, AZ_PATH_MAX, "%s[%zu]", pg->items_name, i);
}

/* A string member: 1 and *out when present, 0 when absent or null, or an
 * error when it has another type. */
static int get_string(struct az_page *pg, const jsonval *item, size_t i, const char *key,
		      const char **out)
{
	const jsonval *v = infracost__jv_get(item, key);
	char path[AZ_PATH_MAX];

	*out = NULL;
	if (!v || infracost__jv_is(v, JV_NULL))
		return 0;
	if (!infracost__jv_is(v, JV_STRING)) {
		item_path(path, pg, i, key);
		return fail_at(pg, v, INFRACOST_EINVALID, path, "expected a string, got %s",
			       infracost__jv_type_name(v));
	}
	*out = infracost__jv_str(v);
	return 1;
}

static int get_number(struct az_page *pg, const jsonval *item, size_t i, const char *key,
		      double *out)
{
	const jsonval *v = infracost__jv_get(item, key);
	char path[AZ_PATH_MAX];

	if (!v || infracost__jv_is(v, JV_NULL))
		return 0;
	if (!infracost__jv_is(v, JV_NUMBER)) {
		item_path(path, pg, i, key);
		return fail_at(pg, v, INFRACOST_EINVALID, path, "expected a number, got %s",
			       infracost__jv_type_name(v));
	}
	if (infracost__jv_num(v) < 0) {
		item_path(path, pg, i, key);
		return fail_at(pg, v, INFRACOST_EINVALID, path, "must not be negative, got %g",
			       infracost__jv_num(v));
	}
	*out = infracost__jv_num(v);
	return 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n, m;

	if (!s)
		return 0;
	n = strlen(s);
	m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
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

/* "2022-04-01T00:00:00Z" -> "2022-04-01"; another shape is kept whole. */
static void date_part(char *out, size_t size, const char *when)
{
	size_t n;

	if (!when) {
		out[0] = '\0';
		return;
	}
	n = strlen(when);
	if (n >= 10 && when[4] == '-' && when[7] == '-' && (n == 10 || when[10] == 'T'))
		n = 10;
	if (n >= size)
		n = size - 1;
	memcpy(out, when, n);
	out[n] = '\0';
}

/* One item: 0 after a row or a skip, or a negative error code. */
static int do_item(struct az_page *pg, const jsonval *item, size_t i)
{
	const char *currency, *service, *type, *product, *meter, *skuname, *region, *sku, *uom,
		*start, *term, *purchase;
	const struct infracost_azure_unit *unit;
	double retail = 0, tier = 0;
	char path[AZ_PATH_MAX], date[32], source[AZ_TEXT_MAX], origin[AZ_TEXT_MAX];
	int rc, spot, reserved = 0;
	infracost_price row;

	if (!infracost__jv_is(item, JV_OBJECT)) {
		item_path(path, pg, i, NULL);
		return fail_at(pg, item, INFRACOST_EINVALID, path, "expected an object, got %s",
			       infracost__jv_type_name(item));
	}

	/* The currency is the page's: checked on every item. */
	if ((rc = get_string(pg, item, i, "currencyCode", &currency)) < 0)
		return rc;
	if (currency && strcmp(currency, "USD") != 0) {
		item_path(path, pg, i, "currencyCode");
		return fail_at(pg, infracost__jv_get(item, "currencyCode"), INFRACOST_EINVALID,
			       path, "only USD is supported, got '%s'", currency);
	}

	/* Types first, so that a malformed item is an error whatever it is. */
	if ((rc = get_string(pg, item, i, "serviceName", &service)) < 0 ||
	    (rc = get_string(pg, item, i, "type", &type)) < 0 ||
	    (rc = get_string(pg, item, i, "productName", &product)) < 0 ||
	    (rc = get_string(pg, item, i, "meterName", &meter)) < 0 ||
	    (rc = get_string(pg, item, i, "skuName", &skuname)) < 0 ||
	    (rc = get_string(pg, item, i, "armRegionName", &region)) < 0 ||
	    (rc = get_string(pg, item, i, "armSkuName", &sku)) < 0 ||
	    (rc = get_string(pg, item, i, "unitOfMeasure", &uom)) < 0 ||
	    (rc = get_string(pg, item, i, "effectiveStartDate", &start)) < 0 ||
	    (rc = get_string(pg, item, i, "reservationTerm", &term)) < 0)
		return rc;
	if ((rc = get_number(pg, item, i, "tierMinimumUnits", &tier)) < 0)
		return rc;
	rc = get_number(pg, item, i, "retailPrice", &retail);
	if (rc < 0)
		return rc;

	if (!currency || rc == 0 || !service || strcmp(service, "Virtual Machines") != 0 || !type ||
	    !product || !meter || !skuname)
		goto skip;
	if (ends_with(product, " Windows") || strstr(product, "Dedicated Host"))
		goto skip;
	if (ends_with(meter, " Low Priority") || ends_with(skuname, " Low Priority"))
		goto skip;
	spot = ends_with(meter, " Spot") || ends_with(skuname, " Spot");

	if (strcmp(type, "Consumption") == 0) {
		purchase = spot ? "spot" : "on_demand";
	} else if (strcmp(type, "Reservation") == 0 && !spot && term) {
		reserved = 1;
		if (strcmp(term, "1 Year") == 0)
			purchase = "reserved_1yr_all_upfront";
		else if (strcmp(term, "3 Years") == 0)
			purchase = "reserved_3yr_all_upfront";
		else
			goto skip;
	} else {
		goto skip; /* DevTestConsumption, unknown types, spot reservations */
	}

	if (!region || !*region || !sku || !*sku)
		goto skip;
	if (!region_wanted(pg->filter, region))
		return 0; /* not asked for: not a skip */

	unit = infracost__azure_unit(uom);
	if (!unit || !unit->unit || strcmp(unit->unit, "hour") != 0)
		goto skip;
	/* A tier start is given in the meter's own blocks or units: only an
	 * unblocked meter keeps an exact meaning. A reservation is one price
	 * for the whole term of one instance. */
	if (unit->block != 1.0 && tier != 0)
		goto skip;
	if (reserved && (unit->block != 1.0 || tier != 0))
		goto skip;

	date_part(date, sizeof date, start);
	infracost__snprintf(source, sizeof source, "azure retail prices API %s (%s)", service,
			    date[0] ? date : "no date");
	infracost__snprintf(origin, sizeof origin, "%s:%d", pg->source,
			    pg->lines ? pg->lines[i] : 0);

	memset(&row, 0, sizeof row);
	row.provider = "azure";
	row.service = "vm";
	row.region = region;
	row.sku = sku;
	row.purchase = purchase;
	row.unit = unit->unit;
	if (reserved) {
		row.price = 0;
		row.upfront = retail;
	} else {
		row.price = retail / unit->block;
		row.upfront = 0;
	}
	row.tier_start = tier;
	row.vcpu = -1;
	row.memory_gb = -1;
	row.effective_date = date;
	row.source = source;
	row.origin = origin;
	return pg->emit ? pg->sink->row(pg->sink->ctx, &row) : 0;

skip:
	pg->skipped++;
	return 0;
}

static int check_envelope(struct az_page *pg, const jsonval **items, char **link)
{
	const jsonval *root = pg->doc.root, *v;

	*items = NULL;
	*link = NULL;
	if (infracost__jv_is(root, JV_ARRAY)) {
		pg->items_name = "";
		*items = root;
		return 0;
	}
	if (!infracost__jv_is(root, JV_OBJECT))
		return fail_at(pg, root, INFRACOST_EINVALID, NULL,
			       "expected a Retail Prices API page (an object with Items), got %s",
			       infracost__jv_type_name(root));
	v = infracost__jv_get(root, "BillingCurrency");
	if (v && !infracost__jv_is(v, JV_NULL)) {
		if (!infracost__jv_is(v, JV_STRING))
			return fail_at(pg, v, INFRACOST_EINVALID, "BillingCurrency",
				       "expected a string, got %s", infracost__jv_type_name(v));
		if (strcmp(infracost__jv_str(v), "USD") != 0)
			return fail_at(pg, v, INFRACOST_EINVALID, "BillingCurrency",
				       "only USD is supported, got '%s'", infracost__jv_str(v));
	}
	v = infracost__jv_get(root, "Items");
	if (!v)
		return fail_at(pg, root, INFRACOST_EINVALID, NULL,
			       "not a Retail Prices API page: no 'Items' member");
	if (!infracost__jv_is(v, JV_ARRAY))
		return fail_at(pg, v, INFRACOST_EINVALID, "Items", "expected an array, got %s",
			       infracost__jv_type_name(v));
	*items = v;
	v = infracost__jv_get(root, "NextPageLink");
	if (v && !infracost__jv_is(v, JV_NULL) && !infracost__jv_is(v, JV_STRING))
		return fail_at(pg, v, INFRACOST_EINVALID, "NextPageLink",
			       "expected a string or null, got %s", infracost__jv_type_name(v));
	if (v && infracost__jv_is(v, JV_STRING) && infracost__jv_len(v) > 0) {
		*link = infracost__strndup(infracost__jv_str(v), infracost__jv_len(v));
		if (!*link)
			return infracost__error_oom();
	}
	return 0;
}

int infracost__azure_page(const char *json, size_t len, const char *source,
			  const infracost_feed_filter *filter, infracost_feed_sink *sink,
			  char **next_link)
{
	struct az_page pg;
	const jsonval *items = NULL;
	char *link = NULL;
	char count[32];
	int rc;

	if (next_link)
		*next_link = NULL;
	if ((!json && len) || !sink || !sink->row)
		return infracost__error(INFRACOST_EINVALID,
					"infracost__azure_page: no page text or no row sink");
	memset(&pg, 0, sizeof pg);
	pg.source = source ? source : "<azure page>";
	pg.filter = filter;
	pg.sink = sink;
	pg.items_name = "Items";

	rc = infracost__jsondoc_parse(&pg.doc, json ? json : "", len, pg.source);
	if (rc != 0)
		return rc;
	rc = check_envelope(&pg, &items, &link);
	/* Check every item before the first row leaves: a page with a bad item
	 * (another currency, a value of the wrong type) emits nothing. */
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		/* Each row names the line of its item: all found in one walk. */
		if (pass == 1 &&
		    (rc = infracost__jsondoc_item_lines(&pg.doc, items, pg.items_name, &pg.lines)))
			break;
		pg.emit = pass;
		pg.skipped = 0;
		for (size_t i = 0; rc == 0 && i < infracost__jv_len(items); i++)
			rc = do_item(&pg, infracost__jv_item(items, i), i);
	}
	if (rc == 0 && sink->meta) {
		rc = sink->meta(sink->ctx, "currency", "USD");
		infracost__snprintf(count, sizeof count, "%lu", pg.skipped);
		if (rc == 0)
			rc = sink->meta(sink->ctx, "skipped", count);
	}
	infracost__jsondoc_free(&pg.doc);
	infracost__free(pg.lines);
	if (rc != 0) {
		infracost__free(link);
		return rc;
	}
	if (next_link)
		*next_link = link;
	else
		infracost__free(link);
	return 0;
}
