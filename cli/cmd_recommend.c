/* cmd_recommend.c - infra-cost recommend SPEC [options]: the purchase mix
 * and instance type that cost least (include/infracost/recommend.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt opts[] = {
	{"--spot-risk-budget", NULL, "B",
	 "share of capacity that may be at risk on spot (0.02;\na service's "
	 "purchase.spot_risk_budget replaces it)"},
	{"--keep-spot", NULL, NULL,
	 "never advise less spot than a service has now (its\nworkload tolerates "
	 "interruptions)"},
	{"--interruption-rate", NULL, "R",
	 "share of spot hours interrupted where the spec gives no\nrate (default 0.05)"},
	{"--format", NULL, "F", "table (default) or json"},
	{NULL, NULL, NULL, NULL},
};

static void help(void)
{
	printf("usage: %s recommend SPEC [--spot-risk-budget B] [--keep-spot] [--interruption-rate "
	       "R]\n"
	       "                  [--env NAME]... [--format table|json] [--catalog BOOK.csv]...\n"
	       "                  [--no-default-catalog] [--store PATH] [--output FILE]\n\n"
	       "For every vm, container, database and cache in every environment: the spot share\n"
	       "whose capacity at risk (share x interruption rate) stays within the budget, the\n"
	       "reserved count, term and payment that minimize the expected monthly cost (found\n"
	       "exactly), the break-even utilisation of a reserved unit, and a\n"
	       "cheaper instance type that still meets the service's \"needs\". Where the\n"
	       "catalog has no reserved (or spot) price for a service, it says so: that\n"
	       "purchase was not compared.\n\n",
	       cli_prog);
	cli_inputs_help(opts);
	printf("\nexit status: 0 done, 1 bad usage, 2 invalid spec, 3 price not found,\n"
	       "             4 invalid price book, 5 file not readable or writable, 6 internal "
	       "error, 8 store\n");
}

static int own_option(void *ctx, int argc, char **argv, int *i, int *bad)
{
	infracost_recommend_options *opt = ctx;
	const char *value;
	if (cli_option(argc, argv, i, "--spot-risk-budget", &value, bad)) {
		if (!*bad)
			*bad = cli_parse_share("recommend", "--spot-risk-budget", value,
					       &opt->spot_risk_budget);
	} else if (strcmp(argv[*i], "--keep-spot") == 0) {
		opt->keep_spot = 1;
	} else if (cli_option(argc, argv, i, "--interruption-rate", &value, bad)) {
		if (!*bad)
			*bad = cli_parse_share("recommend", "--interruption-rate", value,
					       &opt->default_interruption_rate);
	} else {
		return 0;
	}
	return 1;
}

static int produce(const struct cli_inputs *in, void *ctx, infracost_format format, char **text,
		   size_t *len)
{
	infracost_recommend_options *opt = ctx;
	infracost_recommendation *rec = NULL;
	int rc;
	opt->environments = in->envs;
	opt->environment_count = (size_t)in->nenvs;
	if (!(rc = infracost_recommend(&rec, in->spec, in->cat, opt)))
		rc = infracost_recommendation_render(text, len, rec, format);
	infracost_recommendation_free(rec);
	return rc;
}

int cmd_recommend(int argc, char **argv)
{
	infracost_recommend_options opt = INFRACOST_RECOMMEND_OPTIONS_INIT;
	return cli_run_text_command(argc, argv, "recommend", help, opts, own_option, &opt, produce,
				    0);
}
