/* cmd_kubernetes.c - infra-cost convert kubernetes DIR|FILE... --fargate |
 * --node-type TYPE: write the spec of Kubernetes manifests
 * (docs/kubernetes.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt k8s_opts[] = {
	{"--fargate", NULL, NULL, "run the pods on Fargate: a container service a workload"},
	{"--node-type", NULL, "TYPE",
	 "run the pods on nodes of this instance type (m5.large):\n"
	 "one vm service, the node count that fits the pods"},
	{"--provider", NULL, "NAME", "aws (default), gcp or azure (gcp and azure: --node-type)"},
	{"--region", NULL, "REGION", "the region (default us-east-1, with a warning)"},
	{"--env", NULL, "NAME", "name the spec's one environment (default: none named)"},
	{"--name", NULL, "NAME", "the spec's name (default kubernetes)"},
	{"--job-minutes", NULL, "N",
	 "how long a Job or CronJob pod runs when its activeDeadlineSeconds\n"
	 "does not say (default 10)"},
	{"--no-control-plane", NULL, NULL, "leave out the cluster's control plane (EKS, GKE, AKS)"},
	{"--catalog", NULL, "BOOK.csv",
	 "price books with the node type's vCPU and memory\n"
	 "(layered over the snapshot; repeatable)"},
	{"--no-default-catalog", NULL, NULL, "do not load the shipped snapshot"},
	{"--format", NULL, "json|yaml", "the spec as JSON (default) or YAML"},
	{"--output", "-o", "FILE", "write the spec to FILE instead of standard output"},
	{NULL, NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	const struct cli_opt *const tables[] = {k8s_opts, cli_help_opts, NULL};
	fprintf(f,
		"usage: %s convert kubernetes DIR|FILE... (--fargate | --node-type TYPE)\n"
		"                  [--provider NAME] [--region REGION] [--env NAME] [--name NAME]\n"
		"                  [--job-minutes N] [--no-control-plane] [--catalog BOOK.csv]...\n"
		"                  [--no-default-catalog] [--format json|yaml] [--output FILE]\n\n"
		"Write the spec of Kubernetes manifests (multi-document YAML or JSON; a DIR is\n"
		"read for its .yaml, .yml and .json files): Deployments, StatefulSets,\n"
		"DaemonSets, ReplicaSets, Pods, Jobs, CronJobs, HorizontalPodAutoscalers,\n"
		"PersistentVolumeClaims and LoadBalancer Services. Every object read is listed\n"
		"in the spec with what became of it.\n\n",
		cli_prog);
	cli_opt_print(f, tables);
	fprintf(f,
		"\nexit status: 0 done, 1 bad usage, 2 invalid manifest, 3 node type not in\n"
		"             the catalog, 4 invalid price book, 5 file not readable or writable\n"
		"docs: docs/kubernetes.md\n");
}

static void on_warning(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s: warning: %s\n", cli_prog, cli_text(message));
}

int cli_convert_kubernetes(int argc, char **argv)
{
	const struct cli_opt *const tables[] = {k8s_opts, cli_help_opts, NULL};
	infracost_kubernetes_options opt = INFRACOST_KUBERNETES_OPTIONS_INIT;
	infracost_catalog *cat = NULL;
	const char **paths = NULL, **books = NULL, *output = NULL, *format = "json", *value;
	size_t npaths = 0;
	int nbooks = 0, fargate = 0, no_default = 0, bad = 0, status = EXIT_OK, rc;
	char *text = NULL;
	size_t len = 0;

	paths = calloc((size_t)argc + 1, sizeof(*paths));
	books = calloc((size_t)argc + 1, sizeof(*books));
	if (!paths || !books) {
		fprintf(stderr, "%s: error: out of memory\n", cli_prog);
		status = EXIT_INTERNAL;
		goto done;
	}
	for (int i = 1; i < argc && !bad; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			goto done;
		}
		if (!cli_opt_known("convert kubernetes", tables, argv[i])) {
			status = EXIT_USAGE;
			goto done;
		}
		if (strcmp(argv[i], "--fargate") == 0)
			fargate = 1;
		else if (strcmp(argv[i], "--no-control-plane") == 0)
			opt.no_control_plane = 1;
		else if (strcmp(argv[i], "--no-default-catalog") == 0)
			no_default = 1;
		else if (cli_option(argc, argv, &i, "--node-type", &value, &bad))
			opt.node_type = value;
		else if (cli_option(argc, argv, &i, "--provider", &value, &bad))
			opt.provider = value;
		else if (cli_option(argc, argv, &i, "--region", &value, &bad))
			opt.region = value;
		else if (cli_option(argc, argv, &i, "--env", &value, &bad))
			opt.environment = value;
		else if (cli_option(argc, argv, &i, "--name", &value, &bad))
			opt.name = value;
		else if (cli_option(argc, argv, &i, "--job-minutes", &value, &bad)) {
			char *end;
			opt.job_minutes = strtod(value, &end);
			if (*end || !(opt.job_minutes > 0 && opt.job_minutes <= 43800)) {
				status = cli_usage_error(
					"convert kubernetes: --job-minutes: expected "
					"minutes > 0, got '%s'",
					value);
				goto done;
			}
		} else if (cli_option(argc, argv, &i, "--catalog", &value, &bad))
			books[nbooks++] = value;
		else if (cli_option(argc, argv, &i, "--format", &value, &bad))
			format = value;
		else if (cli_option(argc, argv, &i, "--output", &value, &bad) ||
			 cli_option(argc, argv, &i, "-o", &value, &bad))
			output = value;
		else
			paths[npaths++] = argv[i];
	}
	if (bad) {
		status = EXIT_USAGE;
		goto done;
	}
	if (!npaths) {
		status = cli_usage_error("convert kubernetes: missing DIR or FILE");
		goto done;
	}
	if (fargate == !!opt.node_type) {
		status = cli_usage_error(
			"convert kubernetes: give one of --fargate and --node-type "
			"TYPE");
		goto done;
	}
	if (strcmp(format, "json") != 0 && strcmp(format, "yaml") != 0) {
		status = cli_usage_error("convert kubernetes: --format: expected json or yaml, got "
					 "'%s'",
					 format);
		goto done;
	}
	opt.yaml = strcmp(format, "yaml") == 0;
	if (opt.node_type) {
		infracost_region_ref need = {opt.provider ? opt.provider : "aws",
					     opt.region ? opt.region : "us-east-1"};
		if ((status = cli_load_catalog(&cat, no_default, &need, 1, NULL, books, nbooks)))
			goto done;
		opt.catalog = cat;
	}
	opt.warn = on_warning;
	if ((rc = infracost_convert_kubernetes(&text, &len, paths, npaths, &opt))) {
		cli_error(rc);
		status = rc == INFRACOST_EIO         ? EXIT_IO
			 : rc == INFRACOST_ENOTFOUND ? EXIT_PRICE_NOT_FOUND
			 : rc == INFRACOST_ENOMEM    ? EXIT_INTERNAL
						     : EXIT_SPEC;
		goto done;
	}
	status = cli_write_text(output, text, len);
done:
	infracost_free(text);
	infracost_catalog_free(cat);
	free(paths);
	free(books);
	return status;
}
