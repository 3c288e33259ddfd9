/* cmd_terraform.c - infra-cost convert terraform [ENV=]PLAN.json... [--usage FILE]:
 * write the spec a Terraform plan is priced as (docs/terraform.md); and the
 * plans of estimate --terraform (cli_terraform_*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt tf_opts[] = {
	{"--usage", NULL, "FILE",
	 "what the plan cannot know (GB stored, requests, ...): a JSON\n"
	 "or YAML file of resource address or '*' pattern -> spec\n"
	 "keys, and budgets"},
	{"--default-region", NULL, "REGION",
	 "the region of a plan whose aws provider names none\n"
	 "(default us-east-1, with a warning)"},
	{"--output", "-o", "FILE", "write the spec to FILE instead of standard output"},
	{NULL, NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	const struct cli_opt *const tables[] = {tf_opts, cli_help_opts, NULL};
	fprintf(f,
		"usage: %s convert terraform [ENV=]PLAN.json... [--usage FILE]\n"
		"                  [--default-region REGION] [--output FILE]\n\n"
		"Write the spec that estimate prices for these plans, to edit and keep. PLAN.json "
		"is\n"
		"'terraform show -json PLANFILE'; each plan is one environment (ENV, default\n"
		"'default'). Every resource of each plan is listed in the spec's \"inputs\":\n"
		"priced, included in another service, free, unsupported or removed.\n\n",
		cli_prog);
	cli_opt_print(f, tables);
	fprintf(f, "\nexit status: 0 done, 1 bad usage, 2 invalid plan or usage file,\n"
		   "             5 file not readable or writable\n"
		   "docs: docs/terraform.md\n");
}

int cli_terraform_add(struct cli_terraform *tf, const char *command, const char *arg)
{
	const char *eq = strchr(arg, '=');
	infracost_terraform_plan *grown;
	char *env = NULL;
	/* ENV=PATH when what is before '=' looks like a name (no '/') */
	if (eq && eq != arg && !memchr(arg, '/', (size_t)(eq - arg))) {
		if (!eq[1]) {
			cli_usage_error("%s: '%s': no plan after '='", command, arg);
			return 1;
		}
		if (!(env = strndup(arg, (size_t)(eq - arg)))) {
			fprintf(stderr, "%s: error: out of memory\n", cli_prog);
			return 1;
		}
		arg = eq + 1;
	}
	grown = realloc(tf->plans, (tf->nplans + 1) * sizeof(*grown));
	if (!grown) {
		free(env);
		fprintf(stderr, "%s: error: out of memory\n", cli_prog);
		return 1;
	}
	tf->plans = grown;
	tf->plans[tf->nplans].environment = env;
	tf->plans[tf->nplans].path = arg;
	tf->nplans++;
	return 0;
}

void cli_terraform_free(struct cli_terraform *tf)
{
	for (size_t i = 0; i < tf->nplans; i++)
		free((char *)tf->plans[i].environment);
	free(tf->plans);
	memset(tf, 0, sizeof(*tf));
}

static void on_warning(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s: warning: %s\n", cli_prog, cli_text(message));
}

int cli_terraform_convert(struct cli_terraform *tf, char **text, size_t *len)
{
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	int rc;
	snprintf(tf->spec_name, sizeof(tf->spec_name), "%s (converted spec)",
		 tf->nplans == 1 ? tf->plans[0].path : "terraform plans");
	opt.usage_path = tf->usage;
	opt.default_region = tf->region;
	opt.warn = on_warning;
	if ((rc = infracost_terraform_convert(text, len, tf->plans, tf->nplans, &opt))) {
		cli_error(rc);
		return rc == INFRACOST_EIO      ? EXIT_IO
		       : rc == INFRACOST_ENOMEM ? EXIT_INTERNAL
						: EXIT_SPEC;
	}
	return EXIT_OK;
}

int cli_convert_terraform(int argc, char **argv)
{
	const struct cli_opt *const tables[] = {tf_opts, cli_help_opts, NULL};
	struct cli_terraform tf;
	const char *output = NULL, *value;
	char *text = NULL;
	size_t len = 0;
	int status = EXIT_OK, bad = 0;

	memset(&tf, 0, sizeof(tf));
	for (int i = 1; i < argc && !bad; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			goto done;
		}
		if (!cli_opt_known("convert terraform", tables, argv[i])) {
			status = EXIT_USAGE;
			goto done;
		}
		if (cli_option(argc, argv, &i, "--usage", &value, &bad))
			tf.usage = value;
		else if (cli_option(argc, argv, &i, "--default-region", &value, &bad))
			tf.region = value;
		else if (cli_option(argc, argv, &i, "--output", &value, &bad) ||
			 cli_option(argc, argv, &i, "-o", &value, &bad))
			output = value;
		else if (cli_terraform_add(&tf, "convert terraform", argv[i]))
			bad = 1;
	}
	if (bad) {
		status = EXIT_USAGE;
		goto done;
	}
	if (!tf.nplans) {
		status = cli_usage_error("convert terraform: missing PLAN.json");
		goto done;
	}
	if ((status = cli_terraform_convert(&tf, &text, &len)))
		goto done;
	status = cli_write_text(output, text, len);
done:
	infracost_free(text);
	cli_terraform_free(&tf);
	return status;
}
