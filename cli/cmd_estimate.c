/* cmd_estimate.c - infra-cost estimate SPEC [options] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt opts[] = {
	{"--format", NULL, "F",
	 "table (default), json, csv (one row per line item, then\n"
	 "'# warning: ...' lines), markdown, html (one self-contained\n"
	 "page: charts, sortable line items, sources)"},
	{"--check", NULL, NULL,
	 "exit 9 when the spec's budgets are exceeded (each one\n"
	 "named on stderr with its limit, value and excess)"},
	{NULL, NULL, NULL, NULL},
};

static int own_option(void *ctx, int argc, char **argv, int *i, int *bad)
{
	(void)argc;
	(void)bad;
	if (strcmp(argv[*i], "--check") == 0) {
		*(int *)ctx = 1;
		return 1;
	}
	return 0;
}

static void help(void)
{
	printf("usage: %s estimate SPEC [--env NAME]... [--format table|json|csv|markdown|html]\n"
	       "                  [--catalog BOOK.csv]... [--no-default-catalog] [--store PATH]\n"
	       "                  [--output FILE] [--check]\n\n"
	       "Price SPEC per environment: monthly min / expected / max, upfront cash, "
	       "capacity.\n\n",
	       cli_prog);
	cli_inputs_help(opts);
	printf("\nexit status: 0 done, 1 bad usage, 2 invalid spec, 3 price not found,\n"
	       "             4 invalid price book, 5 file not readable or writable, 6 internal "
	       "error,\n"
	       "             8 store failure (--store), 9 a budget exceeded (--check)\n");
}

int cmd_estimate(int argc, char **argv)
{
	int status, rc, check = 0;
	struct cli_inputs in;
	infracost_estimate *est = NULL;
	infracost_format format;
	infracost_estimate_options opt = INFRACOST_ESTIMATE_OPTIONS_INIT;

	if ((status = cli_inputs_parse(&in, "estimate", argc, argv, opts, own_option, &check))) {
		if (status == CLI_HELP) {
			help();
			status = EXIT_OK;
		}
		goto done;
	}
	if (infracost_format_parse(&format, in.format)) {
		status = cli_usage_error(
			"estimate: unknown format '%s' (table, json, csv, markdown, html)",
			in.format);
		goto done;
	}
	if ((status = cli_inputs_load(&in)))
		goto done;
	opt.environments = in.envs;
	opt.environment_count = (size_t)in.nenvs;
	if ((rc = infracost_estimate_compute(&est, in.spec, in.cat, &opt))) {
		cli_error(rc);
		status = cli_price_status(rc);
		goto done;
	}
	status = cli_write_estimate(in.output, est, format);
	if (status == EXIT_OK)
		status = cli_report_budgets(est, check);
done:
	infracost_estimate_free(est);
	cli_inputs_free(&in);
	return status;
}
