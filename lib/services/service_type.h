/* service_type.h - a service type as a module: the interface every
 * lib/services/<type>.c fills in, and the table (registry.c) that lists them.
 *
 * Adding a type (docs/architecture.md, "Adding a service type"):
 *   1. lib/services/<type>.c: its keys (struct svc_key, in the order they are
 *      validated), its catalog services per provider (struct svc_catalog), its
 *      line items (a `price` function using the infracost__pricer_* helpers
 *      below; infracost__pricer_named_by before look-ups another key than
 *      the SVC_NAMES_PRICE one chose, so a missing price points at it),
 *      optionally a `load` hook for checks the key table cannot say,
 *      and one `const struct svc_type infracost__svc_<type>` describing it.
 *   2. One line in the table of registry.c (the order is the order types are
 *      listed in messages).
 *   3. Its section in docs/spec.md (and its catalog keys in docs/price-book.md).
 *   4. Tests: a hand-computed case in tests/test_estimate.c and an invalid case
 *      in tests/data/spec/invalid/.
 * Nothing else: spec.c validates the keys from the table, the engine prices
 * through `price`, and render, simulate and recommend read the capabilities.
 *
 * A service's values in one environment (overrides applied) are a struct
 * svc_env (model.h): the common fields (place, replicas, purchase, needs)
 * and v[], one value per key of the type, at the key's index in its table. A
 * type reads its values as e->v[INDEX].num (numbers, booleans: 0 or 1) or
 * e->v[INDEX].str (strings, choices: the chosen string from `choices`). */
#ifndef INFRACOST_SERVICE_TYPE_H
#define INFRACOST_SERVICE_TYPE_H

#include <stddef.h>

#include "infracost/catalog.h"
#include "error.h"
#include "model.h"

/* ---- keys ------------------------------------------------------------- */

enum svc_key_kind {
	SVC_NUM,      /* a number in [lo, hi] (flags: SVC_INT, SVC_LO_OPEN); default dflt */
	SVC_STR,      /* a non-empty string; default dflt_str (NULL: none) */
	SVC_CHOICE,   /* one of `choices` (NULL-terminated); default choices[0] */
	SVC_BOOL,     /* true or false; default false */
	SVC_NEEDS,    /* the common "needs" object (types with SVC_CAP_NEEDS) */
	SVC_REPLICAS, /* the common "replicas" (types with SVC_CAP_REPLICAS) */
	SVC_OWN       /* read by the type's `load` hook (e.g. custom's items) */
};

/* Key flags. */
#define SVC_REQ 1              /* must be given */
#define SVC_INT 2              /* a whole number */
#define SVC_LO_OPEN 4          /* the lower bound is exclusive */
#define SVC_REQ_UNLESS_NEEDS 8 /* required unless "needs" is given (the type is picked) */
#define SVC_NAMES_PRICE 16     /* names what is priced: a price-not-found error points here */
#define SVC_NO_OVERRIDE 32     /* an environment override may not replace it */

struct svc_key {
	const char *name;
	enum svc_key_kind kind;
	int flags;
	double dflt, lo, hi;        /* SVC_NUM */
	const char *dflt_str;       /* SVC_STR */
	const char *const *choices; /* SVC_CHOICE */
};

/* ---- catalog services ------------------------------------------------- */

/* The catalog service a part of a type is priced from, per provider: aws is
 * also the service of any other provider name, and of gcp or azure where
 * their column is NULL (no sourced prices: the look-up finds nothing unless
 * a book adds rows under that name). docs/spec.md "Provider and region". */
struct svc_catalog {
	const char *aws, *gcp, *azure;
	/* The region its rows are in whatever the service's region (e.g.
	 * "global" for CloudFront and Route 53); NULL: the service's region.
	 * Honoured by every infracost__pricer_* look-up. */
	const char *region;
};

const char *infracost__svc_catalog_service(const struct svc_catalog *cat, const char *provider);

/* ---- capabilities ----------------------------------------------------- */

#define SVC_CAP_REPLICAS 1  /* "replicas" and "autoscaling"; replica-driven lines */
#define SVC_CAP_RESERVED 2  /* purchase.reserved: reserved units (recommend tries them) */
#define SVC_CAP_SPOT 4      /* purchase.spot (recommend tries a spot share) */
#define SVC_CAP_NEEDS 8     /* "needs": the instance type picked from the catalog */
#define SVC_CAP_SIMULATE 16 /* simulate re-prices its replica ladders each month */

struct svc_reader;
struct svc_pricer;

/* A service type. Every registered type is checked by test_spec.c
 * (test_registry): nkeys <= SVC_MAX_KEYS, unique key names, a `price`, the
 * keys and hooks its capabilities need. */
struct svc_type {
	const char *name; /* the spec's "type" */
	const struct svc_key *keys;
	size_t nkeys; /* at most SVC_MAX_KEYS (model.h) */
	int caps;     /* SVC_CAP_* */

	/* Checks the key table cannot say, and keys of kind SVC_OWN; called
	 * after the table's keys are read, before replicas, autoscaling and
	 * purchase; e->provider and e->region are set. NULL: none. */
	int (*load)(struct svc_reader *r, struct svc_env *e);
	/* Frees what `load` allocated into e (NULL: nothing). A type with one
	 * gets a slot of its own in every environment. */
	void (*free_env)(struct svc_env *e);
	/* Line items a priced service holds at most (NULL: 4), and how many of
	 * them are rows made from the spec (custom items; NULL: none). */
	size_t (*spec_rows)(const struct svc_env *e);

	/* Its line items (quantity x price per key, min / expected / max). */
	int (*price)(struct svc_pricer *p);

	/* SVC_CAP_NEEDS: the key naming the instance type (its index), the
	 * catalog service searched for the cheapest type meeting the needs,
	 * and the sku pattern of that search ("ENGINE:" ... ":single_az"; NULL
	 * pattern: the sku is the type). */
	int type_key;
	const struct svc_catalog *type_catalog;
	void (*type_pattern)(const struct svc_env *e, char *prefix, size_t plen, char *suffix,
			     size_t slen);

	/* SVC_CAP_RESERVED: the units a reservation covers (NULL: the replicas,
	 * ceil(max)), and `one_unit` turning a copy of e into one unit alone
	 * (for the break-even price; NULL: nothing to change). */
	double (*units)(const struct svc_env *e);
	void (*one_unit)(struct svc_env *e);

	/* A region other than the service's that it also prices in (object
	 * storage replicated to another region), so that a catalog loading
	 * only the books a spec needs loads that region's too
	 * (infracost_spec_regions); NULL hook or result: none. */
	const char *(*other_region)(const struct svc_env *e);
};

/* ---- the registry (registry.c) ---------------------------------------- */

extern const struct svc_type *const infracost__svc_types[];
extern const size_t infracost__svc_type_count;

/* The type called `name` (NULL when none). */
const struct svc_type *infracost__svc_type_find(const char *name);

/* "a, b and c": the names of the types with every capability of `caps`. */
void infracost__svc_types_with(int caps, char *buf, size_t len);
/* "a, b or c": the names of the types with any capability of `caps`. */
void infracost__svc_types_with_any(int caps, char *buf, size_t len);

/* The index of `key` in t's keys, -1 when it has none. */
int infracost__svc_key_index(const struct svc_type *t, const char *key);

/* ---- reading a service's keys (spec.c) --------------------------------- */

/* A service seen from one environment (its override first); for a `load`
 * hook. Errors name file:line:column and the JSON path, as the table's. */
struct svc_reader;

/* The value of `key` in the view: a number, a string, one of choices. Same
 * rules and messages as the key table (flags SVC_REQ, SVC_INT, SVC_LO_OPEN). */
int infracost__svc_read_num(struct svc_reader *r, const char *key, double *out, double dflt,
			    double lo, double hi, int flags);
int infracost__svc_read_str(struct svc_reader *r, const char *key, const char **out,
			    const char *dflt, int flags);
/* Whether `key` is in the view (given, even as null). */
int infracost__svc_has(struct svc_reader *r, const char *key);
/* An error about the value of `key` in the view (at its line:column, with
 * its JSON path); returns INFRACOST_EINVALID. */
int infracost__svc_invalid(struct svc_reader *r, const char *key, const char *fmt, ...)
	INFRACOST_PRINTF(3, 4);
/* An array of objects under `key`: *n its length. Errors: "required key
 * 'KEY' is missing" when absent, "expected an array of WHAT, got T". */
int infracost__svc_read_array(struct svc_reader *r, const char *key, const char *what, size_t *n);
/* Element i of the array read last, as a reader over that object (`sub`
 * must outlive its use); only `keys` (NULL-terminated) are allowed in it. */
int infracost__svc_read_element(struct svc_reader *r, size_t i, const char *const *keys,
				struct svc_reader **sub);
/* One of `choices` (NULL-terminated) under `key`; dflt when absent. Errors
 * name the allowed values, as a SVC_CHOICE key's. */
int infracost__svc_read_choice(struct svc_reader *r, const char *key, const char **out,
			       const char *dflt, const char *const *choices);
/* An object under `key` as a reader over it (*sub; NULL when absent or
 * null; valid until the next read_object or read_element of r): only `keys`
 * (NULL-terminated) are allowed in it, an unknown one named with the closest
 * allowed key. Errors: "expected an object, got T". */
int infracost__svc_read_object(struct svc_reader *r, const char *key, const char *const *keys,
			       struct svc_reader **sub);
/* Where `key` of the view comes from: the index of the environment whose
 * override gives it, -1 for the service's own (or absent) key. For
 * infracost__pricer_line_at. */
int infracost__svc_key_env(struct svc_reader *r, const char *key);
/* A number or an object of named numbers (cdn's edge groups): a number is
 * all names[0]'s; an object maps some of `names` (NULL-terminated) to
 * numbers, an unknown name being an error at its place ("unknown WHAT 'x'
 * (did you mean 'y'?)"). out[i], one per name, is 0 where not given; each
 * number is read as by infracost__svc_read_num (lo, hi, SVC_INT,
 * SVC_LO_OPEN). */
int infracost__svc_read_num_map(struct svc_reader *r, const char *key, const char *what,
				const char *const *names, double *out, double lo, double hi,
				int flags);
/* The spec's allocation for a `load` hook (freed by its free_env). */
void *infracost__svc_calloc(size_t n, size_t size);
void infracost__svc_free(void *p);

/* ---- pricing a service in one environment (estimate.c) ----------------- */

/* Quantities of one line in the min, expected and max cases. */
struct svc_qty {
	double min, exp, max;
};

static inline struct svc_qty infracost__qty_scale(struct svc_qty q, double k)
{
	return (struct svc_qty){q.min * k, q.exp * k, q.max * k};
}

static inline struct svc_qty infracost__qty_constant(double v)
{
	return (struct svc_qty){v, v, v};
}

/* Average replicas and average replicas not covered by the reservation. */
struct svc_replicas {
	struct svc_qty avg, uncovered;
};

/* What is being priced: the values, the environment's hours, the instance
 * type (named, or picked by needs; NULL for types without one). */
const struct svc_env *infracost__pricer_env(const struct svc_pricer *p);
double infracost__pricer_hours(const struct svc_pricer *p);
const char *infracost__pricer_itype(const struct svc_pricer *p);
int infracost__pricer_warn(struct svc_pricer *p, const char *fmt, ...) INFRACOST_PRINTF(2, 3);

/* A name for a line item's component, formatted and kept as long as the
 * estimate (e.g. "instance (postgresql 15.4)"); NULL when out of memory. */
const char *infracost__pricer_name(struct svc_pricer *p, const char *fmt, ...)
	INFRACOST_PRINTF(2, 3);

/* The spec key that chose the look-ups that follow ("storage_type",
 * "disk_type"): a missing price is reported at that key's value (its
 * environment's override, else the service's; the service when it is left
 * to its default). NULL: the key that names what is priced (SVC_NAMES_PRICE,
 * or "needs"). With family_key, a look-up that finds no sku starting with
 * family_prefix in the region is reported at family_key instead (the
 * "engine" of ENGINE:CLASS skus). Whatever the type names, a look-up is
 * reported at the region when the catalog has no row of its provider and
 * catalog service there, and at purchase.spot / purchase.reserved when only
 * the on-demand row exists. Reset before each service. */
void infracost__pricer_named_by(struct svc_pricer *p, const char *key, const char *family_key,
				const char *family_prefix);

/* A metered line: q units (per case) of one catalog key, tiered. With
 * `always`, priced and shown even when every case is zero. A missing price
 * is an error at the spec value that chose it (infracost__pricer_named_by);
 * an estimate records it and goes on, to report every missing price at the
 * end (the line is left out, 0 returned), price_alone fails at once. */
int infracost__pricer_line(struct svc_pricer *p, const char *component,
			   const struct svc_catalog *cat, const char *sku, const char *purchase,
			   const char *unit, struct svc_qty q, int always);

/* A metered line of `count` equal units (volumes) of `each` units of one
 * catalog key: the tier ladder applies to each unit's quantity, the line
 * holds count x each (EBS io2 IOPS tiers are per volume, not per
 * account). Otherwise as infracost__pricer_line. */
int infracost__pricer_line_each(struct svc_pricer *p, const char *component,
				const struct svc_catalog *cat, const char *sku,
				const char *purchase, const char *unit, double count,
				struct svc_qty each, int always);

/* A line whose quantity is the value of one key, the same in every case:
 * its component, the key's index, its sku and unit; priced on_demand,
 * skipped when 0 (types whose keys are monthly quantities). */
struct svc_metered {
	const char *component;
	int key;
	const char *sku, *unit;
};

/* The n lines of `lines`, in order, from one catalog service. */
int infracost__pricer_metered(struct svc_pricer *p, const struct svc_catalog *cat,
			      const struct svc_metered *lines, size_t n);

/* infracost__pricer_line priced in `region` (NULL: the service's), a
 * missing price reported at `key` (a path below the service, e.g.
 * "replication.region", given by the override of environment key_env when
 * key_env >= 0; NULL: where infracost__pricer_line reports). */
int infracost__pricer_line_at(struct svc_pricer *p, const char *region, const char *key,
			      int key_env, const char *component, const struct svc_catalog *cat,
			      const char *sku, const char *purchase, const char *unit,
			      struct svc_qty q, int always);

/* Replica machinery (SVC_CAP_REPLICAS types). The replicas in the three
 * cases (workloads, autoscaling, warnings); the reservation's own line (R
 * reserved units every hour, upfront amortized; nothing when R is 0); the
 * uncovered units of a line split between on-demand and spot (and, under
 * simulate, its ladders recorded with `per_replica_hour` units a replica
 * hour); the service's replicas and capacity in the results. */
int infracost__pricer_replicas(struct svc_pricer *p, struct svc_replicas *r);
int infracost__pricer_reserved(struct svc_pricer *p, const char *component,
			       const struct svc_catalog *cat, const char *sku);
int infracost__pricer_spot_split(struct svc_pricer *p, const char *component,
				 const struct svc_catalog *cat, const char *sku, const char *unit,
				 struct svc_qty uncovered_units, double per_replica_hour);
void infracost__pricer_set_replicas(struct svc_pricer *p, struct svc_qty avg);
void infracost__pricer_capacity(struct svc_pricer *p, double vcpu, double memory_gb,
				struct svc_qty avg);
/* `units` instances every hour of the environment, the first R reserved
 * (database, cache); sets the replicas. */
int infracost__pricer_instances(struct svc_pricer *p, const char *component,
				const struct svc_catalog *cat, const char *sku, double units);
/* A catalog row without recording an error (INFRACOST_ENOTFOUND). */
int infracost__pricer_lookup(struct svc_pricer *p, const struct svc_catalog *cat, const char *sku,
			     const char *purchase, const char *unit, const infracost_price **tiers,
			     size_t *ntiers);
/* The Spot Advisor's interruption rate of a type, for recommend/simulate. */
void infracost__pricer_spot_advice(struct svc_pricer *p, const struct svc_catalog *cat,
				   const char *sku);
/* Under simulate: a per-replica line (a vm's disk, its IOPS; at most 4 a
 * service) re-priced with the replicas each month, `per_replica` units a
 * replica. */
int infracost__pricer_sim_extra(struct svc_pricer *p, const struct svc_catalog *cat,
				const char *sku, const char *purchase, const char *unit,
				double per_replica);
/* A line priced from the spec itself (custom items). */
int infracost__pricer_spec_line(struct svc_pricer *p, const char *name, double quantity,
				const char *unit, double unit_price);

#endif
