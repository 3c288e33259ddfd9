/*
 * infracost/spec.h - an infrastructure design (the spec, JSON).
 *
 * A spec lists environments, workloads and services; see docs/spec.md.
 * Loading validates every field; an invalid spec is refused with an error
 * that names the file and the place: line:column, and for a value that is
 * well-formed JSON but not valid, also its JSON path such as
 * "services[2].replicas.max".
 *
 * Thread safety: a loaded spec is read-only and may be shared.
 */
#ifndef INFRACOST_SPEC_H
#define INFRACOST_SPEC_H

#include "infracost/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct infracost_spec infracost_spec;

/* Load and validate a spec file. */
INFRACOST_API int infracost_spec_load_file(infracost_spec **out, const char *path);

/* Load and validate a spec from memory; `name` is used in errors ("<string>" when NULL). */
INFRACOST_API int infracost_spec_load_string(infracost_spec **out, const char *json, size_t len,
					     const char *name);

/* Free a spec. Accepts NULL. */
INFRACOST_API void infracost_spec_free(infracost_spec *spec);

/* The spec's name: its "name", else the file name without directory and
 * extension ("spec" for "configs/spec.json"). */
INFRACOST_API const char *infracost_spec_name(const infracost_spec *spec);

/* The month length used for reserved capacity (root hours_per_month, 730 by default). */
INFRACOST_API double infracost_spec_hours_per_month(const infracost_spec *spec);

/* Environments, in the spec's order. */
INFRACOST_API size_t infracost_spec_environment_count(const infracost_spec *spec);
INFRACOST_API const char *infracost_spec_environment_name(const infracost_spec *spec, size_t i);

/* Index of the environment called `name`, or -1. */
INFRACOST_API int infracost_spec_environment_index(const infracost_spec *spec, const char *name);

/* Number of services in the spec. */
INFRACOST_API size_t infracost_spec_service_count(const infracost_spec *spec);

/* One resource of an input the spec was converted from (a Terraform plan's
 * resource, a Kubernetes object), and what became of it: the spec's
 * "inputs" list (docs/spec.md "Inputs"), shown by every output of an
 * estimate so that nothing of the input is silently dropped. */
typedef struct infracost_input {
	const char *environment; /* the environment it belongs to; NULL: every one */
	const char *source;      /* the file it was read from, or NULL */
	const char *address;     /* "module.db.aws_db_instance.main", "Deployment/web" */
	const char *kind;        /* "aws_db_instance", "Deployment", or NULL */
	const char *status;      /* "priced", "included", "free", "unsupported", "removed" */
	const char *service;     /* the service it is priced as or read into, or NULL */
	const char *note;        /* why (free, unsupported, assumed values), or NULL */
} infracost_input;

/* The spec's inputs, in its order (0 and NULL when it has none). */
INFRACOST_API size_t infracost_spec_input_count(const infracost_spec *spec);
INFRACOST_API const infracost_input *infracost_spec_input(const infracost_spec *spec, size_t i);

#ifdef __cplusplus
}
#endif

#endif
