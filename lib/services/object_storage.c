/* object_storage.c - the object_storage service type: GB-months of a
 * storage class, its requests, and a replica in another region
 * (docs/spec.md "object_storage"; formats.md section 5). */
#include <math.h>
#include <stdio.h>

#include "cnum.h"
#include "service_type.h"

enum { CLASS, STORAGE_GB, PUT_REQUESTS, GET_REQUESTS, REPLICATION, NKEYS };

static const char *const classes[] = {
	"standard",   "standard_ia", "onezone_ia",   "intelligent_tiering",
	"glacier_ir", "glacier",     "deep_archive", NULL};

static const struct svc_key keys[NKEYS] = {
	[CLASS] = {"class", SVC_CHOICE, SVC_NAMES_PRICE, .choices = classes},
	[STORAGE_GB] = {"storage_gb", SVC_NUM, SVC_REQ, 0, 0, HUGE_VAL},
	[PUT_REQUESTS] = {"put_requests", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[GET_REQUESTS] = {"get_requests", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[REPLICATION] = {"replication", SVC_OWN, 0},
};

static const struct svc_catalog s3 = {"s3", "gcs", "blob"};
/* replication_transfer: the data_transfer type's catalog service */
static const struct svc_catalog transfer = {"transfer", "transfer", "transfer"};

/* "replication": a copy of every object in another region. */
struct replication {
	const char *region, *class;
	double transfer_gb;
	int key_env; /* the override giving "replication", -1: the service's own */
};

static int load(struct svc_reader *r, struct svc_env *e)
{
	static const char *const rkeys[] = {"region", "class", "transfer_gb", NULL};
	struct svc_reader *sub;
	struct replication *rep;
	int rc;

	e->v[REPLICATION].ptr = NULL;
	if ((rc = infracost__svc_read_object(r, "replication", rkeys, &sub)) || !sub)
		return rc;
	rep = infracost__svc_calloc(1, sizeof(*rep));
	if (!rep)
		return infracost__error_oom();
	e->v[REPLICATION].ptr = rep;
	rep->key_env = infracost__svc_key_env(r, "replication");
	if ((rc = infracost__svc_read_str(sub, "region", &rep->region, NULL, SVC_REQ)) ||
	    (rc = infracost__svc_read_choice(sub, "class", &rep->class, e->v[CLASS].str, classes)))
		return rc;
	return infracost__svc_read_num(sub, "transfer_gb", &rep->transfer_gb, e->v[STORAGE_GB].num,
				       0, HUGE_VAL, 0);
}

static void free_env(struct svc_env *e)
{
	infracost__svc_free(e->v[REPLICATION].ptr);
	e->v[REPLICATION].ptr = NULL;
}

static int price(struct svc_pricer *p)
{
	const struct svc_env *se = infracost__pricer_env(p);
	const char *class = se->v[CLASS].str;
	const struct replication *rep = se->v[REPLICATION].ptr;
	char put[128], get[128];
	int rc;

	infracost__snprintf(put, sizeof(put), "requests:put:%s", class);
	infracost__snprintf(get, sizeof(get), "requests:get:%s", class);
	if ((rc = infracost__pricer_line(p, "storage", &s3, class, "on_demand", "gb_month",
					 infracost__qty_constant(se->v[STORAGE_GB].num), 1)) ||
	    (rc = infracost__pricer_line(p, "put_requests", &s3, put, "on_demand", "request",
					 infracost__qty_constant(se->v[PUT_REQUESTS].num), 0)) ||
	    (rc = infracost__pricer_line(p, "get_requests", &s3, get, "on_demand", "request",
					 infracost__qty_constant(se->v[GET_REQUESTS].num), 0)))
		return rc;
	if (!rep)
		return 0;
	if ((rc = infracost__pricer_line_at(p, rep->region, "replication.region", rep->key_env,
					    "replica_storage", &s3, rep->class, "on_demand",
					    "gb_month",
					    infracost__qty_constant(se->v[STORAGE_GB].num), 1)))
		return rc;
	return infracost__pricer_line_at(
		p, NULL, "replication", rep->key_env, "replication_transfer", &transfer,
		"inter_region", "on_demand", "gb", infracost__qty_constant(rep->transfer_gb), 0);
}

/* The region the objects are replicated to (infracost_spec_regions). */
static const char *other_region(const struct svc_env *e)
{
	const struct replication *rep = e->v[REPLICATION].ptr;
	return rep ? rep->region : NULL;
}

const struct svc_type infracost__svc_object_storage = {
	.name = "object_storage",
	.keys = keys,
	.nkeys = NKEYS,
	.load = load,
	.free_env = free_env,
	.price = price,
	.type_key = -1,
	.other_region = other_region,
};
