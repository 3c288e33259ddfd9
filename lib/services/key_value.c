/* key_value.c - the key_value service type: a DynamoDB table (docs/spec.md
 * "key_value"; formats.md section 5). On-demand tables pay per request
 * unit, provisioned ones per capacity unit-hour; both pay storage (tiered)
 * and continuous backup. */
#include <math.h>

#include "service_type.h"

enum {
	CAPACITY_MODE,
	READ_REQUESTS,
	WRITE_REQUESTS,
	READ_CAPACITY,
	WRITE_CAPACITY,
	STORAGE_GB,
	TABLE_CLASS,
	BACKUP_GB,
	NKEYS
};

static const char *const modes[] = {"on_demand", "provisioned", NULL};
static const char *const classes[] = {"standard", "standard_ia", NULL};

static const struct svc_key keys[NKEYS] = {
	[CAPACITY_MODE] = {"capacity_mode", SVC_CHOICE, 0, .choices = modes},
	[READ_REQUESTS] = {"read_requests", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[WRITE_REQUESTS] = {"write_requests", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[READ_CAPACITY] = {"read_capacity", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[WRITE_CAPACITY] = {"write_capacity", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[STORAGE_GB] = {"storage_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[TABLE_CLASS] = {"table_class", SVC_CHOICE, SVC_NAMES_PRICE, .choices = classes},
	[BACKUP_GB] = {"backup_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
};

/* aws: DynamoDB; gcp and azure: no sourced mapping (docs/spec.md). */
static const struct svc_catalog dynamodb = {"dynamodb", NULL, NULL, NULL};

/* Skus by table class (classes[] order). */
static const char *const read_request[] = {"read_request:standard", "read_request:standard_ia"};
static const char *const write_request[] = {"write_request:standard", "write_request:standard_ia"};
static const char *const read_capacity[] = {"read_capacity:standard", "read_capacity:standard_ia"};
static const char *const write_capacity[] = {"write_capacity:standard",
					     "write_capacity:standard_ia"};
static const char *const storage[] = {"storage:standard", "storage:standard_ia"};

/* A key of the other capacity mode would be billed nothing: refuse it (an
 * override switching the mode sets the other mode's keys to null). */
static int load(struct svc_reader *r, struct svc_env *e)
{
	static const int od_keys[] = {READ_REQUESTS, WRITE_REQUESTS};
	static const int prov_keys[] = {READ_CAPACITY, WRITE_CAPACITY};
	int provisioned = e->v[CAPACITY_MODE].str == modes[1];
	const int *other = provisioned ? od_keys : prov_keys;

	for (int i = 0; i < 2; i++) {
		const char *k = keys[other[i]].name;
		if (e->v[other[i]].num != 0)
			return infracost__svc_invalid(
				r, k, "applies only with capacity_mode \"%s\" (this table is %s)",
				provisioned ? modes[0] : modes[1], e->v[CAPACITY_MODE].str);
	}
	return 0;
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	double H = infracost__pricer_hours(p);
	int c = se->v[TABLE_CLASS].str == classes[1], rc;

	if (se->v[CAPACITY_MODE].str == modes[1]) {
		if ((rc = infracost__pricer_line(
			     p, "read_capacity", &dynamodb, read_capacity[c], "on_demand", "hour",
			     infracost__qty_constant(se->v[READ_CAPACITY].num * H), 0)) ||
		    (rc = infracost__pricer_line(
			     p, "write_capacity", &dynamodb, write_capacity[c], "on_demand", "hour",
			     infracost__qty_constant(se->v[WRITE_CAPACITY].num * H), 0)))
			return rc;
	} else if ((rc = infracost__pricer_line(
			    p, "reads", &dynamodb, read_request[c], "on_demand", "request",
			    infracost__qty_constant(se->v[READ_REQUESTS].num), 0)) ||
		   (rc = infracost__pricer_line(
			    p, "writes", &dynamodb, write_request[c], "on_demand", "request",
			    infracost__qty_constant(se->v[WRITE_REQUESTS].num), 0))) {
		return rc;
	}
	if ((rc = infracost__pricer_line(p, "storage", &dynamodb, storage[c], "on_demand",
					 "gb_month", infracost__qty_constant(se->v[STORAGE_GB].num),
					 0)))
		return rc;
	return infracost__pricer_line(p, "backup", &dynamodb, "backup:continuous", "on_demand",
				      "gb_month", infracost__qty_constant(se->v[BACKUP_GB].num), 0);
}

const struct svc_type infracost__svc_key_value = {
	.name = "key_value",
	.keys = keys,
	.nkeys = NKEYS,
	.load = load,
	.price = price,
	.type_key = -1,
};
