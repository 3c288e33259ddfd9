/* main.c - infra-cost: dispatch to the subcommand table. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command commands[] = {
	{"estimate", cmd_estimate, "price a spec per environment (min / expected / max, upfront)"},
	{"diff", cmd_design_diff,
	 "what a change costs: two designs, plans or estimates, per line item"},
	{"pricing", cmd_pricing,
	 "look up a price key; fill and read the price store (fetch, import, ...)"},
	{"simulate", cmd_simulate, "how far the monthly bill can swing (Monte Carlo: p50/p90/p99)"},
	{"recommend", cmd_recommend,
	 "reserved count/term, spot share and instance type that cost least"},
	{"capacity", cmd_capacity, "queueing (Erlang C, sizing) and scalability (USL fit)"},
	{"convert", cmd_convert,
	 "write the spec of a Terraform plan or Kubernetes manifests, to edit and keep"},
};

/* The options of infra-cost itself (before a command). */
static const struct cli_opt opts[] = {
	{"--help", "-h", NULL, "this help ('infra-cost COMMAND --help' for a command)"},
	{"--version", NULL, NULL, "print the version"},
	{NULL, NULL, NULL, NULL},
};

/* An unknown command or option at the top: a usage error, with a
 * did-you-mean among the commands (or the options). */
static int unknown(const char *arg)
{
	const char *names[sizeof(commands) / sizeof(commands[0]) + 2];
	const struct cli_opt *const tables[] = {opts, NULL};
	size_t n = 0;
	char hint[160];

	if (arg[0] == '-' && arg[1]) {
		cli_opt_known(NULL, tables, arg); /* prints the error */
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		names[n++] = commands[i].name;
	names[n++] = "help";
	names[n++] = "version";
	return cli_usage_error("unknown command '%s'%s", arg,
			       cli_did_you_mean(hint, sizeof(hint), arg, names, n));
}

static void usage(FILE *f)
{
	const struct cli_opt *const tables[] = {opts, NULL};
	fprintf(f,
		"usage: %s COMMAND [ARGS]\n\n"
		"What will this design cost per month, per environment?\n\ncommands:\n",
		cli_prog);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\noptions:\n");
	cli_opt_print(f, tables);
	fprintf(f, "\nexit status: 0 done, 1 bad usage, 2 invalid spec, 3 price not found,\n"
		   "             4 invalid price book, 5 file not readable or writable, 6 internal "
		   "error,\n"
		   "             7 network or feed failure, 8 store failure, 9 a budget exceeded\n"
		   "docs: docs/cli.md\n");
}

int main(int argc, char **argv)
{
	/* A short-lived program: keep freed memory for reuse instead of giving it
	 * back to the system, so a large spec's parse tree, once freed, holds the
	 * estimate without the system having to supply (and zero) fresh pages. */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("infra-cost %s (libinfracost %s)\n", INFRACOST_VERSION, infracost_version());
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			int status;
			if (infracost_global_init() != 0) {
				cli_error(INFRACOST_ERROR);
				return EXIT_INTERNAL;
			}
			status = commands[i].run(argc - 1, argv + 1);
			infracost_global_cleanup();
			return status;
		}
	return unknown(argv[1]);
}

/* ---- signals ------------------------------------------------------------ */

static volatile sig_atomic_t caught_signal;
static struct sigaction saved_int, saved_term;

static void on_signal(int sig)
{
	caught_signal = sig;
	infracost_fetch_cancel(1); /* async-signal-safe: an atomic store */
}

void cli_signals_catch(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* A second signal kills at once (the default action is back). */
	sa.sa_flags = SA_RESETHAND;
	caught_signal = 0;
	sigaction(SIGINT, &sa, &saved_int);
	sigaction(SIGTERM, &sa, &saved_term);
}

int cli_signals_release(void)
{
	sigaction(SIGINT, &saved_int, NULL);
	sigaction(SIGTERM, &saved_term, NULL);
	return caught_signal;
}

void cli_signals_reraise(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	fflush(stdout);
	fflush(stderr);
	raise(sig);
}
