/*
 * infracost/kubernetes.h - Kubernetes manifests as a spec.
 *
 * Deployments, StatefulSets, DaemonSets, ReplicaSets, Pods, Jobs,
 * CronJobs, HorizontalPodAutoscalers, PersistentVolumeClaims (and the
 * volumeClaimTemplates of StatefulSets) and Services of type LoadBalancer,
 * read from multi-document YAML (or JSON) files, become the services of a
 * spec (docs/kubernetes.md has the mapping): on Fargate, each workload a
 * `container` service (its pod's requests, rounded up to a Fargate size;
 * an HPA's minReplicas..maxReplicas as its replica range); on nodes of an
 * instance type, one `vm` service whose replica range is the node count
 * that fits every pod at the workloads' minimum and at their maximum
 * (binpacked by the larger of each pod's CPU and memory share of a node),
 * with each workload's share recorded. Claims become `block_storage` (or
 * `file_storage` for ReadWriteMany and EFS classes), LoadBalancer Services
 * a `load_balancer`, and the cluster a `kubernetes` control plane. Every
 * object read is listed in the spec with what became of it. The result is
 * spec text (JSON, or YAML), loaded like any spec, to price or to keep.
 *
 * Thread safety: no shared state; conversions may run at once (the
 * catalog is only read).
 */
#ifndef INFRACOST_KUBERNETES_H
#define INFRACOST_KUBERNETES_H

#include <stddef.h>

#include "infracost/catalog.h"
#include "infracost/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with each warning of a conversion (an assumption it made); the
 * message is valid during the call only. (The same type as in
 * infracost/terraform.h.) */
typedef void (*infracost_warn_fn)(void *ctx, const char *message);

/* Options; initialize with INFRACOST_KUBERNETES_OPTIONS_INIT (versioned as
 * every options struct: docs/api.md, "Options versions"). */
typedef struct infracost_kubernetes_options {
	unsigned int version;             /* INFRACOST_KUBERNETES_OPTIONS_VERSION */
	const char *node_type;            /* pods on nodes of this instance type; NULL: Fargate */
	const infracost_catalog *catalog; /* the node type's vCPU and memory (with node_type) */
	const char *provider;             /* NULL: "aws" */
	const char *region;               /* NULL: "us-east-1", with a warning */
	const char *environment;          /* the spec's one environment; NULL: none named */
	const char *name;                 /* the spec's name; NULL: "kubernetes" */
	double job_minutes;               /* a Job run without activeDeadlineSeconds; 0: 10 */
	int no_control_plane;             /* 1: no `kubernetes` control-plane service */
	int yaml;                         /* 1: the spec as YAML instead of JSON */
	infracost_warn_fn warn;           /* NULL: warnings are dropped */
	void *warn_ctx;
} infracost_kubernetes_options;

#define INFRACOST_KUBERNETES_OPTIONS_VERSION 1
#define INFRACOST_KUBERNETES_OPTIONS_INIT                                                          \
	{                                                                                          \
		INFRACOST_KUBERNETES_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, \
			NULL, NULL                                                                 \
	}

/*
 * Convert the manifests of `paths` (files, or directories: their .yaml,
 * .yml and .json files, recursively, in name order) to spec text: *out is
 * NUL-terminated, freed with infracost_free(); *out_len (may be NULL) gets
 * its length. A malformed file, or a value that is not what Kubernetes
 * takes (a quantity such as "1GB"), fails with INFRACOST_EPARSE or
 * INFRACOST_EINVALID naming the file, line, column and path; an unreadable
 * one with INFRACOST_EIO; a node type the catalog has no size for with
 * INFRACOST_ENOTFOUND.
 */
INFRACOST_API int infracost_convert_kubernetes(char **out, size_t *out_len,
					       const char *const *paths, size_t npaths,
					       const infracost_kubernetes_options *options);

/* The same for manifests held in memory (`name` names them in messages). */
INFRACOST_API int infracost_convert_kubernetes_buffer(char **out, size_t *out_len, const char *text,
						      size_t len, const char *name,
						      const infracost_kubernetes_options *options);

/* A Kubernetes quantity ("500m", "0.5", "1Gi", "1G", "1e3") as a number of
 * its base unit (cores, bytes): 0, or INFRACOST_EINVALID (no error
 * recorded) when `text` is not one or is negative. */
INFRACOST_API int infracost_kubernetes_quantity(double *out, const char *text);

#ifdef __cplusplus
}
#endif

#endif
