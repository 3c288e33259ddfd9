/* cmd_simulate.c - infra-cost simulate SPEC [options]: how far the monthly
 * bill can swing (include/infracost/risk.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct cli_opt opts[] = {
	{"--samples", NULL, "N", "simulated months (default 10000)"},
	{"--seed", NULL, "N",
	 "random seed (default 1); the same seed gives the same\n"
	 "answer whatever the number of threads"},
	{"--threads", NULL, "N", "threads (default: the processors online, at most 16)"},
	{"--interruption-rate", NULL, "R",
	 "share of spot hours interrupted where the spec gives no\nrate (default 0.05)"},
	{"--format", NULL, "F",
	 "table (default), json, or html (one self-contained page:\n"
	 "the estimate's charts with the simulated p50/p90/p99)"},
	{NULL, NULL, NULL, NULL},
};

static void help(void)
{
	printf("usage: %s simulate SPEC [--samples N] [--seed N] [--threads N]\n"
	       "                  [--interruption-rate R] [--env NAME]... [--format "
	       "table|json|html]\n"
	       "                  [--catalog BOOK.csv]... [--no-default-catalog] [--store PATH]\n"
	       "                  [--output FILE]\n\n"
	       "Simulate months of SPEC: each workload's demand swings by its \"variability\"\n"
	       "(a mean-1 lognormal multiplier a month) and spot hours are interrupted at the\n"
	       "service's \"interruption_rate\" and billed on demand. Prints, per environment\n"
	       "and in total, the mean, p50, p90, p99, min and max monthly cost.\n\n",
	       cli_prog);
	cli_inputs_help(opts);
	printf("\nexit status: 0 done, 1 bad usage, 2 invalid spec, 3 price not found,\n"
	       "             4 invalid price book, 5 file not readable or writable, 6 internal "
	       "error, 8 store\n");
}

/* A whole number in [lo, hi] from text, or -1 after a usage error. */
static int parse_count(const char *opt, const char *text, unsigned long long lo,
		       unsigned long long hi, unsigned long long *out)
{
	char *end;
	errno = 0;
	*out = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || *out < lo || *out > hi) {
		cli_usage_error("simulate: %s '%s': expected a whole number from %llu to %llu", opt,
				text, lo, hi);
		return -1;
	}
	return 0;
}

static int own_option(void *ctx, int argc, char **argv, int *i, int *bad)
{
	infracost_simulate_options *opt = ctx;
	const char *value;
	unsigned long long n;
	if (cli_option(argc, argv, i, "--samples", &value, bad)) {
		if (!*bad && !(*bad = parse_count("--samples", value, 1, 100000000, &n)))
			opt->samples = (size_t)n;
	} else if (cli_option(argc, argv, i, "--seed", &value, bad)) {
		if (!*bad && !(*bad = parse_count("--seed", value, 0, ~0ULL, &n)))
			opt->seed = n;
	} else if (cli_option(argc, argv, i, "--threads", &value, bad)) {
		if (!*bad && !(*bad = parse_count("--threads", value, 1, 256, &n)))
			opt->threads = (int)n;
	} else if (cli_option(argc, argv, i, "--interruption-rate", &value, bad)) {
		if (!*bad)
			*bad = cli_parse_share("simulate", "--interruption-rate", value,
					       &opt->default_interruption_rate);
	} else {
		return 0;
	}
	return 1;
}

static int produce(const struct cli_inputs *in, void *ctx, infracost_format format, char **text,
		   size_t *len)
{
	infracost_simulate_options *opt = ctx;
	infracost_simulation *sim = NULL;
	int rc;
	opt->environments = in->envs;
	opt->environment_count = (size_t)in->nenvs;
	if (!(rc = infracost_simulate(&sim, in->spec, in->cat, opt))) {
		if (format == INFRACOST_FORMAT_HTML) {
			/* the page shows the estimate of the same environments too */
			infracost_estimate *est = NULL;
			infracost_estimate_options eo = INFRACOST_ESTIMATE_OPTIONS_INIT;
			eo.environments = in->envs;
			eo.environment_count = (size_t)in->nenvs;
			if (!(rc = infracost_estimate_compute(&est, in->spec, in->cat, &eo)))
				rc = infracost_simulation_render_html(text, len, sim, est);
			infracost_estimate_free(est);
		} else {
			rc = infracost_simulation_render(text, len, sim, format);
		}
	}
	infracost_simulation_free(sim);
	return rc;
}

int cmd_simulate(int argc, char **argv)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	infracost_simulate_options opt = INFRACOST_SIMULATE_OPTIONS_INIT;
	opt.threads = cpus < 1 ? 1 : cpus > 16 ? 16 : (int)cpus;
	return cli_run_text_command(argc, argv, "simulate", help, opts, own_option, &opt, produce,
				    1);
}
