/* estimate.h - the estimate object, shared by the engine and the renderers. */
#ifndef INFRACOST_ESTIMATE_INTERNAL_H
#define INFRACOST_ESTIMATE_INTERNAL_H

#include "infracost/estimate.h"
#include "error.h"
#include "strpool.h"

struct infracost_estimate {
	const char *name;
	double hours;
	infracost_env_result *envs;
	size_t nenvs;
	infracost_service_result *services;
	size_t nservices, services_cap;
	infracost_line_item *items;
	size_t nitems, items_cap;
	infracost_warning *warnings;
	size_t nwarnings, warnings_cap;
	infracost_range total;
	double total_upfront;
	const infracost_input **inputs; /* the spec's inputs of these environments */
	size_t ninputs;
	infracost_price *custom_rows; /* the rows of custom items */
	size_t ncustom_rows;
	infracost_strpool pool; /* warning texts */
	infracost_budget_result *budgets;
	size_t nbudgets;
};

/* Check the spec's budgets against a computed estimate (all of whose
 * environments were estimated when all_envs): the results, and a warning
 * for each budget exceeded or not checkable. */
int infracost__estimate_budgets(infracost_estimate *est, const infracost_spec *spec, int all_envs);

/* The one-line message of an exceeded budget (in the estimate's pool; NULL
 * when out of memory). */
const char *infracost__budget_message(infracost_estimate *est, const infracost_budget_result *r);

/* Add a warning (environment, service may be NULL; the message is copied). */
int infracost__estimate_warn(infracost_estimate *est, const char *environment, const char *service,
			     const char *message);

/* "1,234.56" into dst (room for INFRACOST_MONEY_MAX): the tables' money
 * format; amounts of 1e15 or more in scientific notation ("1.000000e+32"). */
#define INFRACOST_MONEY_MAX 32
const char *infracost__money(char *dst, double v);

/* What infra-cost simulate needs to re-price a service under a drawn demand
 * multiplier and spot interruptions: the ladders of its replica-driven
 * lines. Filled by infracost__estimate_capture for the services whose type
 * has SVC_CAP_SIMULATE (vm, container; lib/services/service_type.h). */
struct infracost__sim_split {
	const infracost_price *od, *spot; /* ladders; spot NULL when no spot share */
	size_t nod, nspot;
	double per_replica_hour; /* units per replica-hour: 1, vCPU or GB */
};

struct infracost__sim_service {
	size_t env;    /* index into the estimate's environments */
	size_t result; /* index into the estimate's services */
	const struct svc_env *se;
	double hours; /* the environment's hours per month */
	struct infracost__sim_split split[2];
	size_t nsplit;
	struct infracost__sim_extra {
		const infracost_price *tiers; /* a per-replica line's ladder (a vm's disk) */
		size_t ntiers;
		double per_replica; /* its units a replica */
	} extra[4];                 /* the first nextra */
	size_t nextra;
	double advised_rate; /* the Spot Advisor's interruption rate of the vm type, or -1 */
};

struct infracost__sim_capture {
	struct infracost__sim_service *svc;
	size_t n, cap;
};

/* infracost_estimate_compute that also records, into `cap`, the ladders of
 * every service whose type has SVC_CAP_SIMULATE (the on-demand ladder is looked up even
 * for an all-spot service: interrupted hours are billed on demand). */
int infracost__estimate_capture(infracost_estimate **out, const infracost_spec *spec,
				const infracost_catalog *catalog,
				const infracost_estimate_options *options,
				struct infracost__sim_capture *cap);

/* One service in one environment priced alone with the estimate's rules,
 * with `se` standing for its settings there (infra-cost recommend tries
 * other reserved counts, terms, spot shares and instance types this way).
 * `hours` replaces the environment's hours when > 0. A missing price fails
 * at once with INFRACOST_ENOTFOUND and a short message (the key, no place
 * or closest keys: infracost__check_prices reports those first). */
struct infracost__alone {
	double monthly; /* expected */
	double upfront;
	char itype[128];     /* the instance / node type priced ("" for containers) */
	double advised_rate; /* the Spot Advisor's interruption rate of a vm type, or -1 */
	/* Every metered line priced (not the reservation's own line): its
	 * ladder and expected quantity. recommend.c finds from them where the
	 * cost's slope in the reserved count can change (a service prices at
	 * most 4 lines this way; nlines counts them all). */
	struct infracost__alone_line {
		const infracost_price *tiers;
		size_t ntiers;
		double quantity;
	} lines[8];
	size_t nlines;
};

/* Record an error at the place of a service in an environment (the spec
 * value that names what it prices: file:line:column and JSON path) and
 * return `code`. */
struct service;
struct svc_env;
int infracost__service_error(const infracost_spec *spec, const struct service *svc,
			     const struct svc_env *se, int code, const char *fmt, ...)
	INFRACOST_PRINTF(5, 6);

int infracost__price_alone(struct infracost__alone *out, const infracost_spec *spec,
			   const infracost_catalog *catalog, size_t env, size_t svc,
			   const struct svc_env *se, double hours);

/* Every missing price of the services `want` picks (env and service
 * indexes), priced under their spec settings as an estimate prices them:
 * 0 when none is missing, else INFRACOST_ENOTFOUND with one error per
 * missing key (infracost_error_count), as the estimate reports them. For
 * infra-cost recommend, before it tries other settings. */
int infracost__check_prices(const infracost_spec *spec, const infracost_catalog *catalog,
			    int (*want)(void *ctx, size_t env, size_t svc), void *ctx);

#endif
