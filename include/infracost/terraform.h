/*
 * infracost/terraform.h - a Terraform plan (terraform show -json) as a spec.
 *
 * Each plan becomes one environment of a spec: every resource of its
 * resource_changes is priced as a service of the spec's types (docs/
 * terraform.md has the mapping), or accounted for as included in another
 * service, free, not supported or removed, in the spec's "inputs" list,
 * which every output of an estimate shows. What a plan cannot know (GB
 * stored, requests, data out) comes from a usage file. The result is spec
 * JSON text, loaded like any spec (infracost_spec_load_string), to be
 * priced, or written out to edit and keep.
 *
 * The plan is read as a stream (lib/formats/jstream.c): planned_values and
 * prior_state are skipped, resource_changes read one at a time, so memory
 * grows with what is priced, not with the size of the file.
 *
 * Thread safety: no shared state; conversions may run at once.
 */
#ifndef INFRACOST_TERRAFORM_H
#define INFRACOST_TERRAFORM_H

#include <stddef.h>

#include "infracost/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One plan: its file and the environment it becomes. */
typedef struct infracost_terraform_plan {
	const char *environment; /* NULL: "default" */
	const char *path;        /* the JSON of `terraform show -json PLANFILE` */
} infracost_terraform_plan;

/* Called with each warning of a conversion (a region assumed, a value
 * assumed); the message is valid during the call only. */
typedef void (*infracost_warn_fn)(void *ctx, const char *message);

/* Options; initialize with INFRACOST_TERRAFORM_OPTIONS_INIT (versioned as
 * every options struct: docs/api.md, "Options versions"). */
typedef struct infracost_terraform_options {
	unsigned int version;       /* INFRACOST_TERRAFORM_OPTIONS_VERSION */
	const char *usage_path;     /* a usage file (JSON or YAML, docs/terraform.md): keys of
				     * services and budgets, checked at their places; or NULL */
	const char *default_region; /* when a plan names none: NULL is "us-east-1" */
	infracost_warn_fn warn;     /* NULL: warnings are dropped */
	void *warn_ctx;
} infracost_terraform_options;

#define INFRACOST_TERRAFORM_OPTIONS_VERSION 1
#define INFRACOST_TERRAFORM_OPTIONS_INIT                                                           \
	{                                                                                          \
		INFRACOST_TERRAFORM_OPTIONS_VERSION, NULL, NULL, NULL, NULL                        \
	}

/*
 * Convert plans (one environment each; environment names must differ) to
 * spec JSON text: *out is NUL-terminated, freed with infracost_free();
 * *out_len (may be NULL) gets its length. A file that is not a plan, or a
 * malformed one, fails with INFRACOST_EPARSE or INFRACOST_EINVALID naming
 * the file, line and column; an unreadable one with INFRACOST_EIO; a bad
 * usage file with INFRACOST_EINVALID at its place.
 */
INFRACOST_API int infracost_terraform_convert(char **out, size_t *out_len,
					      const infracost_terraform_plan *plans, size_t nplans,
					      const infracost_terraform_options *options);

/* The same for one plan held in memory (`name` names it in messages and in
 * the spec's inputs; the environment is "default"). */
INFRACOST_API int infracost_terraform_convert_buffer(char **out, size_t *out_len, const char *json,
						     size_t len, const char *name,
						     const infracost_terraform_options *options);

#ifdef __cplusplus
}
#endif

#endif
