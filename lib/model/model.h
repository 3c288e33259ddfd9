/* model.h - the validated spec as the estimate engine reads it.
 * Built by spec.c (from jsondoc.c's tree); read by estimate.c. */
#ifndef INFRACOST_MODEL_H
#define INFRACOST_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "infracost/spec.h"
#include "strpool.h"

struct svc_type; /* lib/services/service_type.h */

/* The most keys a service type has (struct svc_type's keys). */
#define SVC_MAX_KEYS 14

/* One value of a type's key: a number (booleans 0 or 1), a string (an
 * interned one of the spec, or a static choice) or what a type's own
 * `load` hook allocated. */
union svc_val {
	double num;
	const char *str;
	void *ptr;
};

enum payment { PAY_NO_UPFRONT, PAY_PARTIAL_UPFRONT, PAY_ALL_UPFRONT };

/* How an autoscaler turns an hour's demand into replicas. */
enum scaling {
	SCALE_CAPACITY, /* ceil(d / (capacity_per_replica x target_utilization)) */
	SCALE_LATENCY,  /* the fewest replicas whose servers meet a wait quantile (M/M/c) */
	SCALE_USL       /* the fewest replicas whose USL throughput x utilization covers d */
};

enum pattern { PAT_CONSTANT, PAT_DAILY_SPIKE, PAT_WEEKLY_SPIKE, PAT_MONTHLY_SPIKE, PAT_HOURLY };

/* A workload reduced to its distinct demand levels: demand levels[i] holds
 * for the fraction weights[i] of the workload's hours. */
struct workload {
	const char *name;
	enum pattern pattern;
	double variability; /* sigma of the monthly lognormal multiplier (simulate) */
	size_t nlevels;
	double *levels;
	double *weights;
	double peak;
};

/* A service as it stands in one environment, overrides applied: the fields
 * every type has, and the values of its own keys in v[] (a large spec holds
 * one of these per service and environment). */
struct svc_env {
	const char *provider, *region;
	const char *key_name; /* the key that names what is priced (NULL: the service) */
	int key_env;          /* -1: the service's own key; else the override of that env */
	unsigned char deployed;
	unsigned char fixed; /* replicas given as a whole number */
	unsigned char has_average;
	int workload;              /* index into spec workloads, -1 when none */
	unsigned char term_months; /* 12 or 36 */
	unsigned char payment;     /* enum payment */

	/* replicas (vm, container) */
	double rmin, rmax; /* fixed: both the number */
	double average;
	unsigned char scaling; /* enum scaling, with a workload */
	double capacity_per_replica, target_utilization;
	double service_time_ms, concurrency, latency_quantile, max_wait_ms; /* SCALE_LATENCY */
	double usl_alpha, usl_beta, usl_gamma;                              /* SCALE_USL */

	/* what one instance needs (vm, database, cache); the instance type is
	 * picked from the catalog when none is named */
	unsigned char has_needs;
	double needs_vcpu, needs_memory_gb; /* 0: any */
	const char *needs_arch;             /* "x86_64", "arm64" or NULL: any */
	double interruption_rate;           /* share of spot hours interrupted, -1: unknown */

	/* purchase */
	double reserved;         /* reserved units (0 when none) */
	double spot;             /* share 0..1 of uncovered hours */
	double spot_risk_budget; /* recommend: purchase.spot_risk_budget 0..1, -1: the option's */

	/* the type's keys, at their index in its key table (service_type.h) */
	union svc_val v[SVC_MAX_KEYS];
};

struct service {
	const char *name;
	const struct svc_type *type;
	size_t index;          /* in services: its JSON path is "services[INDEX]" */
	struct svc_env **envs; /* one per spec environment, NULL where not deployed;
				  environments with the same values share one */
};

struct environment {
	const char *name;
	const char *provider, *region;
	double hours;
};

/* A budget of the spec ("budgets"): the limits of one environment, or of
 * the sum of all ("total"); NaN where a limit is not set. */
struct budget {
	const char *scope; /* the environment's name, or "total" */
	int env;           /* its index in envs, -1 for "total" */
	double expected, max, upfront;
};

struct infracost_spec {
	infracost_strpool pool; /* every string of the spec */
	const char *source;     /* file name for messages */
	const char *name;
	double hours; /* root hours_per_month */
	struct environment *envs;
	size_t nenvs;
	struct workload *workloads;
	size_t nworkloads;
	struct service *services;
	size_t nservices;
	struct svc_env *env_slots; /* the distinct per-environment values */
	size_t nslots;
	struct svc_env **env_ptrs; /* nservices x nenvs; services[i].envs points in */
	infracost_input *inputs;   /* "inputs": what the spec was converted from */
	size_t ninputs;
	const char
		*text; /* the spec's text (JSON or YAML), for positions in estimate-time errors */
	size_t text_len;
	char *text_mem;         /* the memory it lies in (freed with the spec) */
	int yaml;               /* the text is YAML (positions: infracost__yaml_locate) */
	struct budget *budgets; /* in the spec's order */
	size_t nbudgets;
};

/* The JSON path of the key that names what a service prices in an
 * environment ("services[3].overrides.prod.instance_type"). */
void infracost__svc_key_path(const infracost_spec *spec, const struct service *svc,
			     const struct svc_env *e, char *buf, size_t len);

/* 1-based line and column of the key infracost__svc_key_path names (the
 * service when it names none), found from that path in the spec's text
 * (one linear walk; 0, 0 when not found). */
void infracost__spec_key_position(const infracost_spec *spec, const struct service *svc,
				  const struct svc_env *e, int *line, int *column);

/* The JSON path and 1-based line and column of the value of `key` ("kind",
 * "purchase.spot", "region") of a service in environment `env_name`: its
 * override there, else the service's own, for "region" else the
 * environment's, else the root's; the service itself when the key is not
 * given (a default: returns -1, else 0). For estimate-time errors about
 * what a key chose. */
int infracost__spec_value_position(const infracost_spec *spec, const struct service *svc,
				   const char *env_name, const char *key, char *path, size_t len,
				   int *line, int *column);

/* The value of `key` of a service in an environment (NULL when its type
 * has no such key): for tests and generic readers. */
const union svc_val *infracost__svc_value(const struct service *svc, const struct svc_env *e,
					  const char *key);

#endif
