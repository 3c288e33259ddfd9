/* cmd_capacity.c - infra-cost capacity erlang|size|usl: how much capacity a load needs
 * (M/M/c queueing and the Universal Scalability Law, include/infracost/capacity.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt erlang_opts[] = {
	{"--servers", NULL, "C", "servers (required)"},
	{"--arrival-rate", NULL, "L", "arrivals per second (required)"},
	{"--service-rate", NULL, "M", "completions per second of one server (required)"},
	{"--quantile", NULL, "Q", "also the wait at this quantile (0 to 1: 0.95)"},
	{"--format", NULL, "F", "table (default) or json"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt size_opts[] = {
	{"--arrival-rate", NULL, "L", "arrivals per second (required)"},
	{"--service-rate", NULL, "M", "completions per second of one server (required)"},
	{"--quantile", NULL, "Q", "the quantile of the wait (0 to 1: 0.95; required)"},
	{"--max-wait", NULL, "SECONDS", "the longest wait at that quantile (required)"},
	{"--format", NULL, "F", "table (default) or json"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt usl_opts[] = {
	{"--format", NULL, "F", "table (default) or json"},
	{NULL, NULL, NULL, NULL},
};

/* A capacity subcommand: its usage (after "infra-cost capacity "), what it
 * does, and its options (with --help). */
static const struct capacity_cmd {
	const char *name, *usage, *about, *example;
	const struct cli_opt *opts;
} subs[] = {
	{"erlang",
	 "erlang --servers C --arrival-rate L --service-rate M\n"
	 "                          [--quantile Q] [--format table|json]",
	 "erlang  the M/M/c queue (Poisson arrivals, exponential service, one queue):\n"
	 "        utilization, probability of waiting (Erlang C), mean wait and the\n"
	 "        wait at quantile Q. Rates are per second; M is per server.",
	 "erlang --servers 4 --arrival-rate 6 --service-rate 2 --quantile 0.95", erlang_opts},
	{"size",
	 "size --arrival-rate L --service-rate M --quantile Q\n"
	 "                        --max-wait SECONDS [--format table|json]",
	 "size    the fewest servers whose Q-quantile wait is at most SECONDS.",
	 "size --arrival-rate 100 --service-rate 2 --quantile 0.95 --max-wait 0.2", size_opts},
	{"usl", "usl FILE.csv [--format table|json]",
	 "usl     fit the Universal Scalability Law X(N) = gamma N / (1 + alpha (N-1)\n"
	 "        + beta N (N-1)) to load-test points (CSV with the columns load and\n"
	 "        throughput; other columns ignored, '#' starts a comment line) and\n"
	 "        report the peak load sqrt((1 - alpha) / beta).",
	 "usl loadtest.csv --format json", usl_opts},
};

#define NSUBS (sizeof(subs) / sizeof(subs[0]))

static void footer(const char *example)
{
	printf("json keys: servers, utilization, wait_probability, mean_wait, wait_quantile\n"
	       "           (erlang, size); alpha, beta, gamma, peak_load, peak_throughput,\n"
	       "           r_squared (usl)\n"
	       "example: %s capacity %s\n"
	       "exit status: 0 done, 1 bad usage, 2 invalid input (values, CSV, points the\n"
	       "             USL cannot fit), 5 file not readable, 6 internal error\n",
	       cli_prog, example);
}

/* capacity --help: every subcommand. */
static void help(void)
{
	for (size_t i = 0; i < NSUBS; i++)
		printf("%s %s capacity %s\n", i ? "      " : "usage:", cli_prog, subs[i].usage);
	printf("\n");
	for (size_t i = 0; i < NSUBS; i++)
		printf("%s\n", subs[i].about);
	printf("\n'%s capacity SUBCOMMAND --help' for one's options.\n\n", cli_prog);
	footer(subs[1].example);
}

/* capacity SUB --help */
static void sub_help(const struct capacity_cmd *c)
{
	const struct cli_opt *const tables[] = {c->opts, cli_help_opts, NULL};
	printf("usage: %s capacity %s\n\n%s\n\n", cli_prog, c->usage, c->about);
	cli_opt_print(stdout, tables);
	printf("\n");
	footer(c->example);
}

static int status_of(int rc)
{
	switch (rc) {
	case INFRACOST_EINVALID:
	case INFRACOST_EPARSE:
	/* a fit that does not converge, a wait that overflows: the input's doing */
	case INFRACOST_ENUMERIC: return EXIT_SPEC;
	case INFRACOST_EIO: return EXIT_IO;
	default: return EXIT_INTERNAL;
	}
}

static int fail(int rc)
{
	cli_error(rc);
	return status_of(rc);
}

/* A whole argument as a number, or a usage error. */
static int number(double *out, const char *sub, const char *opt, const char *text)
{
	char *end;
	double v = strtod(text, &end);
	if (end == text || *end || !isfinite(v)) {
		cli_usage_error("capacity %s: %s: '%s' is not a number", sub, opt, text);
		return 0;
	}
	*out = v;
	return 1;
}

/* JSON number: up to 15 significant digits, always a float ("2.0"). */
static void json_num(double v)
{
	char buf[40];
	snprintf(buf, sizeof(buf), "%.15g", v);
	fputs(buf, stdout);
	if (!strpbrk(buf, ".eE"))
		fputs(".0", stdout);
}

/* Four significant digits, more when that would round a value below 1 up to 1
 * (a utilization of 0.99999 is not 1). */
static const char *short_num(char *buf, size_t cap, double v)
{
	for (int p = 4; p <= 15; p++) {
		snprintf(buf, cap, "%.*g", p, v);
		if (v >= 1 || strtod(buf, NULL) < 1)
			break;
	}
	return buf;
}

/* "p95", "p99.9" */
static const char *quantile_label(char *buf, size_t cap, double q)
{
	snprintf(buf, cap, "p%.6g", q * 100);
	return buf;
}

static void print_erlang_table(const infracost_erlang *e)
{
	char b1[32], b2[32], b3[32], b4[32], lab[32];
	printf("utilization %s, P(wait) %s, mean wait %s s",
	       short_num(b1, sizeof(b1), e->utilization),
	       short_num(b2, sizeof(b2), e->wait_probability),
	       short_num(b3, sizeof(b3), e->mean_wait));
	if (e->quantile > 0)
		printf(", %s wait %s s", quantile_label(lab, sizeof(lab), e->quantile),
		       short_num(b4, sizeof(b4), e->wait_quantile));
	printf("\n");
}

static void print_erlang_json(const infracost_erlang *e, double max_wait)
{
	printf("{\"servers\": %.0f, \"arrival_rate\": ", e->servers);
	json_num(e->arrival_rate);
	printf(", \"service_rate\": ");
	json_num(e->service_rate);
	printf(", \"utilization\": ");
	json_num(e->utilization);
	printf(", \"wait_probability\": ");
	json_num(e->wait_probability);
	printf(", \"mean_wait\": ");
	json_num(e->mean_wait);
	printf(", \"quantile\": ");
	if (e->quantile > 0)
		json_num(e->quantile);
	else
		printf("null");
	printf(", \"wait_quantile\": ");
	if (e->quantile > 0)
		json_num(e->wait_quantile);
	else
		printf("null");
	if (max_wait >= 0) {
		printf(", \"max_wait\": ");
		json_num(max_wait);
	}
	printf("}\n");
}

/* Parse --format; 1 for json, 0 for table, -1 after a usage error. */
static int format_of(const char *sub, const char *format)
{
	if (strcmp(format, "json") == 0)
		return 1;
	if (strcmp(format, "table") == 0)
		return 0;
	cli_usage_error("capacity %s: unknown format '%s' (table, json)", sub, format);
	return -1;
}

/* erlang and size: the same options, size without --servers and with --max-wait. */
static int queue(int argc, char **argv, int size)
{
	const struct capacity_cmd *sc = &subs[size ? 1 : 0];
	const struct cli_opt *const tables[] = {sc->opts, cli_help_opts, NULL};
	const char *sub = sc->name, *format = "table", *value;
	const char *command = size ? "capacity size" : "capacity erlang";
	const char *servers = NULL, *lambda = NULL, *mu = NULL, *quantile = NULL, *max_wait = NULL;
	double c = 0, l = 0, m = 0, q = 0, t = -1;
	infracost_erlang e;
	int bad = 0, json, rc;

	for (int i = 1; i < argc && !bad; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			sub_help(sc);
			return EXIT_OK;
		} else if (!cli_opt_known(command, tables, a)) {
			return EXIT_USAGE;
		} else if (!size && cli_option(argc, argv, &i, "--servers", &value, &bad)) {
			servers = value;
		} else if (cli_option(argc, argv, &i, "--arrival-rate", &value, &bad)) {
			lambda = value;
		} else if (cli_option(argc, argv, &i, "--service-rate", &value, &bad)) {
			mu = value;
		} else if (cli_option(argc, argv, &i, "--quantile", &value, &bad)) {
			quantile = value;
		} else if (size && cli_option(argc, argv, &i, "--max-wait", &value, &bad)) {
			max_wait = value;
		} else if (cli_option(argc, argv, &i, "--format", &value, &bad)) {
			format = value;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("capacity %s: unknown option '%s'", sub, a);
		} else {
			return cli_usage_error("capacity %s: unexpected argument '%s'", sub, a);
		}
	}
	if (bad)
		return EXIT_USAGE;
	if (!size && !servers)
		return cli_usage_error("capacity erlang: --servers is required");
	if (!lambda || !mu)
		return cli_usage_error(
			"capacity %s: --arrival-rate and --service-rate are required", sub);
	if (size && (!quantile || !max_wait))
		return cli_usage_error("capacity size: --quantile and --max-wait are required");
	if ((servers && !number(&c, sub, "--servers", servers)) ||
	    !number(&l, sub, "--arrival-rate", lambda) || !number(&m, sub, "--service-rate", mu) ||
	    (quantile && !number(&q, sub, "--quantile", quantile)) ||
	    (max_wait && !number(&t, sub, "--max-wait", max_wait)))
		return EXIT_USAGE;
	if ((json = format_of(sub, format)) < 0)
		return EXIT_USAGE;
	rc = size ? infracost_erlang_size(&e, l, m, q, t) : infracost_erlang_c(&e, c, l, m, q);
	if (rc)
		return fail(rc);
	if (json) {
		print_erlang_json(&e, size ? t : -1);
	} else {
		char lab[32], b[32];
		if (size)
			printf("servers %.0f (the fewest with %s wait <= %s s): ", e.servers,
			       quantile_label(lab, sizeof(lab), q), short_num(b, sizeof(b), t));
		else
			printf("servers %.0f, ", e.servers);
		print_erlang_table(&e);
	}
	return EXIT_OK;
}

static int usl(int argc, char **argv)
{
	const struct cli_opt *const tables[] = {usl_opts, cli_help_opts, NULL};
	const char *path = NULL, *format = "table", *value;
	infracost_usl u;
	int bad = 0, json, rc;

	for (int i = 1; i < argc && !bad; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			sub_help(&subs[2]);
			return EXIT_OK;
		} else if (!cli_opt_known("capacity usl", tables, a)) {
			return EXIT_USAGE;
		} else if (cli_option(argc, argv, &i, "--format", &value, &bad)) {
			format = value;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("capacity usl: unknown option '%s'", a);
		} else if (!path) {
			path = a;
		} else {
			return cli_usage_error("capacity usl: one file at a time ('%s')", a);
		}
	}
	if (bad)
		return EXIT_USAGE;
	if (!path)
		return cli_usage_error("capacity usl: expected FILE.csv (columns load,throughput)");
	if ((json = format_of("usl", format)) < 0)
		return EXIT_USAGE;
	if ((rc = infracost_usl_fit_file(&u, path)))
		return fail(rc);
	if (json) {
		printf("{\"alpha\": ");
		json_num(u.alpha);
		printf(", \"beta\": ");
		json_num(u.beta);
		printf(", \"gamma\": ");
		json_num(u.gamma);
		printf(", \"peak_load\": ");
		json_num(u.peak_load);
		printf(", \"peak_throughput\": ");
		json_num(u.peak_throughput);
		printf(", \"r_squared\": ");
		json_num(u.r_squared);
		printf(", \"points\": %zu}\n", u.points);
		return EXIT_OK;
	}
	printf("USL fit of %s: %zu points, r_squared %.4f\n", path, u.points, u.r_squared);
	printf("  alpha (contention)    %.6g\n", u.alpha);
	printf("  beta (coherency)      %.6g\n", u.beta);
	printf("  gamma (X at load 1)   %.6g\n", u.gamma);
	if (u.peak_load > 0)
		printf("  peak                  load %.6g, throughput %.6g\n", u.peak_load,
		       u.peak_throughput);
	else if (u.alpha >= 1)
		printf("  peak                  none: alpha >= 1, throughput does not grow with "
		       "load\n");
	else if (u.alpha > 0)
		printf("  peak                  none: beta = 0, throughput keeps rising toward "
		       "gamma / alpha = %.6g\n",
		       u.gamma / u.alpha);
	else
		printf("  peak                  none: alpha = beta = 0, linear scaling\n");
	return EXIT_OK;
}

int cmd_capacity(int argc, char **argv)
{
	const char *names[NSUBS];
	char hint[160];

	for (size_t i = 0; i < NSUBS; i++)
		names[i] = subs[i].name;
	if (argc < 2)
		return cli_usage_error("capacity needs a subcommand: erlang, size, usl");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "erlang") == 0)
		return queue(argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "size") == 0)
		return queue(argc - 1, argv + 1, 1);
	if (strcmp(argv[1], "usl") == 0)
		return usl(argc - 1, argv + 1);
	return cli_usage_error("capacity: unknown subcommand '%s' (erlang, size, usl)%s", argv[1],
			       cli_did_you_mean(hint, sizeof(hint), argv[1], names, NSUBS));
}
