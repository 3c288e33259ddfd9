/* cmd_convert.c - infra-cost convert INPUT ...: write the spec an input is
 * priced as, to edit and keep. terraform: cmd_terraform.c; kubernetes:
 * cmd_kubernetes.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_convert(int argc, char **argv)
{
	static const char *const names[] = {"terraform", "kubernetes"};
	char hint[160];
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		FILE *f = argc < 2 ? stderr : stdout;
		fprintf(f,
			"usage: %s convert terraform [ENV=]PLAN.json... [--usage FILE]\n"
			"       %s convert kubernetes DIR|FILE... (--fargate | --node-type "
			"TYPE)\n\n"
			"Write the spec an input is priced as, to edit and keep:\n"
			"  terraform   Terraform plans (terraform show -json), docs/terraform.md\n"
			"  kubernetes  Kubernetes manifests (YAML), docs/kubernetes.md\n",
			cli_prog, cli_prog);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "terraform") == 0)
		return cli_convert_terraform(argc - 1, argv + 1);
	if (strcmp(argv[1], "kubernetes") == 0)
		return cli_convert_kubernetes(argc - 1, argv + 1);
	return cli_usage_error("convert: unknown input '%s'%s", argv[1],
			       cli_did_you_mean(hint, sizeof(hint), argv[1], names, 2));
}
