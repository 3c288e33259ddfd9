/* custom.c - the custom service type: line items priced by the spec itself
 * (docs/spec.md "custom"). Its items are read by its own load hook and
 * owned per environment. */
#include <math.h>

#include "service_type.h"

enum { ITEMS, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[ITEMS] = {"items", SVC_OWN, SVC_REQ},
};

struct item {
	const char *name;
	double quantity;
	const char *unit;
	double unit_price;
};

struct items {
	size_t n;
	struct item item[];
};

static int load(struct svc_reader *r, struct svc_env *e)
{
	static const char *const item_keys[] = {"name",       "quantity",    "unit",
						"unit_price", "description", NULL};
	struct items *its;
	size_t n;
	int rc;

	if ((rc = infracost__svc_read_array(r, "items", "{name, quantity, unit, unit_price}", &n)))
		return rc;
	its = infracost__svc_calloc(1, sizeof(*its) + (n ? n : 1) * sizeof(its->item[0]));
	if (!its)
		return infracost__error_oom();
	its->n = n;
	e->v[ITEMS].ptr = its;
	for (size_t i = 0; i < n; i++) {
		struct item *ci = &its->item[i];
		struct svc_reader *ir;
		if ((rc = infracost__svc_read_element(r, i, item_keys, &ir)) ||
		    (rc = infracost__svc_read_str(ir, "name", &ci->name, NULL, SVC_REQ)) ||
		    (rc = infracost__svc_read_num(ir, "quantity", &ci->quantity, 0, 0, HUGE_VAL,
						  SVC_REQ)) ||
		    (rc = infracost__svc_read_str(ir, "unit", &ci->unit, NULL, SVC_REQ)) ||
		    (rc = infracost__svc_read_num(ir, "unit_price", &ci->unit_price, 0, 0, HUGE_VAL,
						  SVC_REQ)))
			return rc;
	}
	return 0;
}

static void free_env(struct svc_env *e)
{
	infracost__svc_free(e->v[ITEMS].ptr);
	e->v[ITEMS].ptr = NULL;
}

static size_t spec_rows(const struct svc_env *e)
{
	const struct items *its = e->v[ITEMS].ptr;
	return its ? its->n : 0;
}

static int price(struct svc_pricer *p)
{
	const struct items *its = infracost__pricer_env(p)->v[ITEMS].ptr;
	for (size_t i = 0; its && i < its->n; i++) {
		const struct item *ci = &its->item[i];
		int rc = infracost__pricer_spec_line(p, ci->name, ci->quantity, ci->unit,
						     ci->unit_price);
		if (rc)
			return rc;
	}
	return 0;
}

const struct svc_type infracost__svc_custom = {
	.name = "custom",
	.keys = keys,
	.nkeys = NKEYS,
	.load = load,
	.free_env = free_env,
	.spec_rows = spec_rows,
	.price = price,
	.type_key = -1,
};
