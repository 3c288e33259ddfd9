/* cmd_store.c - infra-cost pricing fetch | import | list | sources | diff |
 * compile: the local price store, the provider feeds and the snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt store_opt[] = {
	{"--store", NULL, "PATH", "the price store (default below)"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt fetch_opts[] = {
	{"--service", NULL, "S",
	 "a feed service (repeatable). aws: AmazonEC2 AmazonECS AmazonRDS\n"
	 "AmazonElastiCache AWSELB AmazonS3 AWSLambda AWSDataTransfer (the\n"
	 "default: all of these) SpotAdvisor (only when named); azure:\n"
	 "'Virtual Machines'; gcp: 'Compute Engine'"},
	{"--region", NULL, "R",
	 "a region (repeatable; default: aws us-east-1, azure eastus,\ngcp us-central1)"},
	{"--format", NULL, "F", "aws offer files as json (default) or csv"},
	{"--endpoint", NULL, "URL", "the base URL instead of the provider's (a mirror)"},
	{"--allow-http", NULL, NULL, "allow plain http:// to a host that is not loopback"},
	{"--quiet", "-q", NULL, "no progress line and no summary line"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt import_opts[] = {
	{"--format", NULL, "F",
	 "the file's format (required): aws-json or aws-csv (an offer\n"
	 "file), azure (a Retail Prices API page), gcp (a skus.list\n"
	 "page), aws-spot-advisor"},
	{"--region", NULL, "R", "keep only this region (repeatable)"},
	{"--quiet", "-q", NULL, "no progress line and no summary line"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt list_opts[] = {
	{"--shipped", NULL, NULL,
	 "list the shipped snapshot's rows (the books of the estimate's\n"
	 "default catalog) instead of a store's"},
	{"--provider", NULL, "P", "only this provider (aws, azure, gcp)"},
	{"--service", NULL, "S", "only this catalog service (ec2, vm, compute, ...)"},
	{"--region", NULL, "R", "only this region"},
	{"--sku", NULL, "K", "only this sku"},
	{"--purchase", NULL, "P", "only this purchase (on_demand, spot, reserved_...)"},
	{"--format", NULL, "F", "table (default), csv (a valid price book) or json"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt sources_opts[] = {
	{"--format", NULL, "F", "table (default) or json (adds checked_at, etag and url)"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt diff_opts[] = {
	{"--format", NULL, "F", "table (default) or json"},
	{NULL, NULL, NULL, NULL},
};

static const struct cli_opt compile_opts[] = {
	{NULL, NULL, NULL, NULL},
};

/* A store subcommand: its usage (after "infra-cost pricing "), what it
 * does, and its options (with --store and --help). */
struct store_cmd {
	const char *name, *summary, *usage, *about;
	const struct cli_opt *opts;
	int max_pos; /* positional arguments */
};

enum { FETCH, IMPORT, LIST, SOURCES, DIFF, COMPILE };

static const struct store_cmd store_cmds[] = {
	[FETCH] = {"fetch", "download a provider's feed into the store",
		   "fetch PROVIDER [--service S]... [--region R]... [--format json|csv]\n"
		   "                          [--endpoint URL] [--allow-http] [--store PATH] "
		   "[--quiet]",
		   "Download a provider's feed (aws, azure or gcp) and import it into the store,\n"
		   "one source (provider, feed service, region) at a time. gcp needs the API key\n"
		   "in $INFRA_COST_GCP_API_KEY.",
		   fetch_opts, 1},
	[IMPORT] =
		{"import", "import a feed file downloaded earlier",
		 "import FILE --format aws-json|aws-csv|azure|gcp|aws-spot-advisor\n"
		 "                          [--region R]... [--store PATH] [--quiet]",
		 "Import a feed file downloaded earlier, with the parsers of fetch and no network.",
		 import_opts, 1},
	[LIST] = {"list", "the current prices of the store, or of the shipped snapshot",
		  "list [--shipped] [--provider P] [--service S] [--region R] [--sku K]\n"
		  "                          [--purchase P] [--store PATH] [--format "
		  "table|csv|json]",
		  "The current prices of the store, in key order; with --shipped, the rows of the\n"
		  "shipped snapshot, in book order. Each with its source, date and age.",
		  list_opts, 0},
	[SOURCES] = {"sources", "every version of every source in the store",
		     "sources [--store PATH] [--format table|json]",
		     "Every version of every source: current ones first, then the previous ones.",
		     sources_opts, 0},
	[DIFF] = {"diff", "what changed between the last two versions of a source",
		  "diff PROVIDER/SERVICE/REGION [--store PATH] [--format table|json]",
		  "What changed between the previous and the current version of one source.",
		  diff_opts, 1},
	[COMPILE] =
		{"compile", "compile price books into a snapshot file",
		 "compile OUT.db BOOK.csv|DIR...",
		 "Compile price books (files, or directories: their *.csv in name order) into\n"
		 "a snapshot OUT.db, a read-only SQLite file whose rows are looked up instead of\n"
		 "parsed: the build compiles the shipped books so. Use one of your own with\n"
		 "INFRA_COST_SNAPSHOT=OUT.db. (--store is not used.)",
		 compile_opts, 64},
};

#define NCMDS (sizeof(store_cmds) / sizeof(store_cmds[0]))

void cli_store_usage(FILE *f)
{
	for (size_t i = 0; i < NCMDS; i++)
		fprintf(f, "       %s pricing %s\n", cli_prog, store_cmds[i].usage);
}

void cli_store_summaries(FILE *f)
{
	for (size_t i = 0; i < NCMDS; i++)
		fprintf(f, "  %-9s %s\n", store_cmds[i].name, store_cmds[i].summary);
}

size_t cli_store_names(const char **names, size_t cap)
{
	size_t n = 0;
	for (; n < NCMDS && n < cap; n++)
		names[n] = store_cmds[n].name;
	return n;
}

static void help(const struct store_cmd *c)
{
	const struct cli_opt *const tables[] = {c->opts, store_opt, cli_help_opts, NULL};
	printf("usage: %s pricing %s\n\n%s\n\n", cli_prog, c->usage, c->about);
	cli_opt_print(stdout, tables);
	printf("\nThe store is a SQLite file: --store PATH, else $INFRA_COST_STORE, else\n"
	       "$XDG_CACHE_HOME/infra-cost/prices.db (now: %s).\n"
	       "exit status: 0 done, 1 bad usage, 3 not found, 5 file not readable or writable,\n"
	       "             6 internal error, 7 network or feed failure (an empty feed too),\n"
	       "             8 store failure; fetch and import stopped by SIGINT or SIGTERM "
	       "remove\n"
	       "             their temporary files, then die of the signal (130, 143)\n",
	       infracost_store_default_path());
}

/* Map a library error of the store commands to an exit status. Arguments
 * are checked before the library is called, so what the library refuses
 * comes from a feed or a file: 7. */
static int status_of(int rc)
{
	switch (rc) {
	case INFRACOST_OK: return EXIT_OK;
	case INFRACOST_EINVALID: return EXIT_FEED;
	case INFRACOST_ENOTFOUND: return EXIT_PRICE_NOT_FOUND;
	case INFRACOST_EIO: return EXIT_IO;
	case INFRACOST_ENET:
	case INFRACOST_EPARSE:
	case INFRACOST_EUNSUPPORTED: return EXIT_FEED;
	case INFRACOST_EDB: return EXIT_STORE;
	default: return EXIT_INTERNAL;
	}
}

struct args {
	const char *pos[64];
	int npos;
	const char *store, *format, *endpoint;
	const char *provider, *service, *region, *sku, *purchase;
	const char **services, **regions;
	size_t nservices, nregions;
	int allow_http, quiet, shipped;
};

/* Parse the options of store command c; 0, -1 after --help, or an exit
 * status. Only the options of c's table are accepted. */
static int parse(struct args *a, int argc, char **argv, const struct store_cmd *c)
{
	const struct cli_opt *const tables[] = {c->opts, store_opt, cli_help_opts, NULL};
	char command[32];
	int bad = 0;
	const char *v;

	snprintf(command, sizeof(command), "pricing %s", c->name);
	memset(a, 0, sizeof(*a));
	a->services = calloc((size_t)argc + 1, sizeof(*a->services));
	a->regions = calloc((size_t)argc + 1, sizeof(*a->regions));
	if (!a->services || !a->regions)
		return EXIT_INTERNAL;
	for (int i = 1; i < argc && !bad; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			help(c);
			return -1;
		} else if (!cli_opt_known(command, tables, arg)) {
			return EXIT_USAGE;
		} else if (cli_option(argc, argv, &i, "--store", &v, &bad)) {
			a->store = v;
		} else if (cli_option(argc, argv, &i, "--format", &v, &bad)) {
			a->format = v;
		} else if (cli_option(argc, argv, &i, "--endpoint", &v, &bad)) {
			a->endpoint = v;
		} else if (cli_option(argc, argv, &i, "--service", &v, &bad)) {
			if (!bad)
				a->services[a->nservices++] = a->service = v;
		} else if (cli_option(argc, argv, &i, "--region", &v, &bad)) {
			if (!bad)
				a->regions[a->nregions++] = a->region = v;
		} else if (cli_option(argc, argv, &i, "--provider", &v, &bad)) {
			a->provider = v;
		} else if (cli_option(argc, argv, &i, "--sku", &v, &bad)) {
			a->sku = v;
		} else if (cli_option(argc, argv, &i, "--purchase", &v, &bad)) {
			a->purchase = v;
		} else if (strcmp(arg, "--allow-http") == 0) {
			a->allow_http = 1;
		} else if (strcmp(arg, "--shipped") == 0) {
			a->shipped = 1;
		} else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
			a->quiet = 1;
		} else if (arg[0] == '-' && arg[1]) {
			return cli_usage_error("%s: unknown option '%s'", command, arg);
		} else if (a->npos < c->max_pos) {
			a->pos[a->npos++] = arg;
		} else {
			return cli_usage_error("%s: unexpected argument '%s'", command, arg);
		}
	}
	return bad ? EXIT_USAGE : 0;
}

static void args_free(struct args *a)
{
	free(a->services);
	free(a->regions);
}

static int open_store(infracost_store **out, const struct args *a)
{
	int rc = infracost_store_open(out, a->store ? a->store : infracost_store_default_path());
	if (rc) {
		cli_error(rc);
		return status_of(rc);
	}
	return EXIT_OK;
}

static void report(const char *what, const infracost_fetch_report *r, int quiet)
{
	if (quiet)
		return;
	fprintf(stderr,
		"%s: %zu source(s) updated, %zu unchanged, %lld price rows, %lld feed records "
		"without a price-book key skipped\n",
		what, r->sources_updated, r->sources_unchanged, r->rows, r->skipped);
}

static void fetch_options(infracost_fetch_options *o, const struct args *a)
{
	infracost_fetch_options init = INFRACOST_FETCH_OPTIONS_INIT;
	*o = init;
	o->endpoint = a->endpoint;
	o->services = a->services;
	o->service_count = a->nservices;
	o->regions = a->regions;
	o->region_count = a->nregions;
	o->format = a->format;
	o->allow_http = a->allow_http;
	o->progress = a->quiet ? 0 : -1;
}

static int cmd_fetch(int argc, char **argv)
{
	struct args a;
	infracost_store *store = NULL;
	infracost_fetch_options o;
	infracost_fetch_report r = {0};
	int status = parse(&a, argc, argv, &store_cmds[FETCH]), rc, sig = 0;

	if (status)
		goto done;
	if (a.npos != 1) {
		status = cli_usage_error("pricing fetch: expected PROVIDER (aws, azure or gcp)");
		goto done;
	}
	if (strcmp(a.pos[0], "aws") != 0 && strcmp(a.pos[0], "azure") != 0 &&
	    strcmp(a.pos[0], "gcp") != 0) {
		status = cli_usage_error("pricing fetch: unknown provider '%s' (aws, azure or gcp)",
					 a.pos[0]);
		goto done;
	}
	if (a.format && strcmp(a.format, "json") != 0 && strcmp(a.format, "csv") != 0) {
		status = cli_usage_error("pricing fetch: unknown format '%s' (json or csv)",
					 a.format);
		goto done;
	}
	if ((status = open_store(&store, &a)))
		goto done;
	fetch_options(&o, &a);
	cli_signals_catch();
	rc = infracost_fetch(store, a.pos[0], &o, &r);
	sig = cli_signals_release();
	if (rc) {
		cli_error(rc);
		status = status_of(rc);
		if (rc == INFRACOST_ENOTFOUND)
			status = EXIT_FEED; /* an offer, region or price the feed does not have */
	}
	/* After a failure too: the sources imported before it stay. */
	report("fetch", &r, a.quiet);
done:
	infracost_store_close(store);
	args_free(&a);
	if (sig)
		cli_signals_reraise(sig);
	return status < 0 ? EXIT_OK : status;
}

static int cmd_import(int argc, char **argv)
{
	struct args a;
	infracost_store *store = NULL;
	infracost_fetch_options o;
	infracost_fetch_report r = {0};
	int status = parse(&a, argc, argv, &store_cmds[IMPORT]), rc, sig = 0;

	if (status)
		goto done;
	if (a.npos != 1 || !a.format) {
		status = cli_usage_error("pricing import: expected FILE and --format "
					 "aws-json|aws-csv|azure|gcp|aws-spot-advisor");
		goto done;
	}
	{
		static const char *const formats[] = {"aws-json", "aws-csv", "azure", "gcp",
						      "aws-spot-advisor"};
		int known = 0;
		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			known |= strcmp(a.format, formats[i]) == 0;
		if (!known) {
			status = cli_usage_error("pricing import: unknown format '%s' (aws-json, "
						 "aws-csv, azure, gcp, aws-spot-advisor)",
						 a.format);
			goto done;
		}
	}
	if ((status = open_store(&store, &a)))
		goto done;
	fetch_options(&o, &a);
	o.format = NULL;
	cli_signals_catch();
	rc = infracost_import_file(store, a.pos[0], a.format, &o, &r);
	sig = cli_signals_release();
	if (rc) {
		cli_error(rc);
		status = rc == INFRACOST_ENOTFOUND ? EXIT_FEED : status_of(rc);
	}
	report("import", &r, a.quiet);
done:
	infracost_store_close(store);
	args_free(&a);
	if (sig)
		cli_signals_reraise(sig);
	return status < 0 ? EXIT_OK : status;
}

/* How old a row's price is, for people: "2026-07-20, 140 days old",
 * "2021-08-03, 1952 days (5.3 years) old", "undated (age unknown)". */
const char *cli_price_age(const infracost_price *p)
{
	static char out[160];
	long days;
	const char *date = cli_text(p->effective_date);
	if (infracost_price_age_days(&days, p) != INFRACOST_OK)
		snprintf(out, sizeof(out), "%s (age unknown)",
			 *p->effective_date ? date : "undated");
	else if (days < 0)
		snprintf(out, sizeof(out), "%s, %ld day%s in the future", date, -days,
			 days == -1 ? "" : "s");
	else if (days < 365)
		snprintf(out, sizeof(out), "%s, %ld day%s old", date, days, days == 1 ? "" : "s");
	else
		snprintf(out, sizeof(out), "%s, %ld days (%.1f years) old", date, days,
			 days / 365.25);
	return out;
}

void cli_price_json_tail(const infracost_price *p)
{
	long days;
	printf(", \"age_days\": ");
	if (infracost_price_age_days(&days, p) == INFRACOST_OK)
		printf("%ld", days);
	else
		printf("null");
	printf(", \"effective\": %s", p->effective ? "true" : "false");
}

struct list_state {
	int format; /* 0 table, 1 csv, 2 json */
	long long n;
};

static int print_row(void *ctx, const infracost_price *p)
{
	struct list_state *st = ctx;
	if (st->format == 1) {
		const char *f[] = {p->provider, p->service,  p->region,
				   p->sku,      p->purchase, p->unit};
		for (int i = 0; i < 6; i++) {
			cli_csv_field(f[i]);
			putchar(',');
		}
		printf("%.15g,", p->price);
		if (!p->effective) /* an effective row's upfront is unknown: empty */
			printf("%.15g", p->upfront);
		printf(",%.15g,", p->tier_start);
		if (p->vcpu >= 0)
			printf("%.15g", p->vcpu);
		putchar(',');
		if (p->memory_gb >= 0)
			printf("%.15g", p->memory_gb);
		putchar(',');
		cli_csv_field(p->effective_date);
		putchar(',');
		cli_csv_field(p->source);
		printf(",%s\n", p->effective ? "1" : "");
	} else if (st->format == 2) {
		printf("%s\n  { \"provider\": ", st->n ? "," : "");
		cli_json_str(p->provider);
		printf(", \"service\": ");
		cli_json_str(p->service);
		printf(", \"region\": ");
		cli_json_str(p->region);
		printf(", \"sku\": ");
		cli_json_str(p->sku);
		printf(", \"purchase\": ");
		cli_json_str(p->purchase);
		printf(", \"unit\": ");
		cli_json_str(p->unit);
		printf(", \"price\": %.15g, \"upfront\": ", p->price);
		if (p->effective)
			printf("null");
		else
			printf("%.15g", p->upfront);
		printf(", \"tier_start\": %.15g", p->tier_start);
		printf(", \"effective_date\": ");
		cli_json_str(p->effective_date);
		printf(", \"source\": ");
		cli_json_str(p->source);
		cli_price_json_tail(p);
		printf(" }");
	} else {
		printf("%-6s %-12s %-14s %-44s %-28s %-9s %14.10g", cli_text(p->provider),
		       cli_text(p->service), cli_text(p->region), cli_text(p->sku),
		       cli_text(p->purchase), cli_text(p->unit), p->price);
		if (p->effective)
			printf("  effective rate, upfront unknown");
		else if (p->upfront > 0)
			printf("  upfront %.10g", p->upfront);
		if (p->tier_start > 0)
			printf("  from %.10g", p->tier_start);
		printf("  %s  %s\n", cli_price_age(p),
		       *p->source ? cli_text(p->source) : "(source not given)");
	}
	st->n++;
	return 0;
}

/* --shipped: a row of the snapshot that the filter (exact values, as the
 * store's) lets through. */
static int shipped_match(const infracost_price_filter *f, const infracost_price *p)
{
	const char *want[5] = {f->provider, f->service, f->region, f->sku, f->purchase};
	const char *have[5] = {p->provider, p->service, p->region, p->sku, p->purchase};
	for (int i = 0; i < 5; i++)
		if (want[i] && strcmp(want[i], have[i]) != 0)
			return 0;
	return 1;
}

/* Every row of the shipped snapshot through the filter to print_row: only
 * those of the provider, service and region given (as far as given). */
static int list_shipped(struct list_state *st, const infracost_price_filter *f)
{
	infracost_catalog *cat = NULL;
	int rc = infracost_catalog_new(&cat);
	if (!rc)
		rc = infracost_catalog_load_default_rows(cat, f->provider, f->service, f->region);
	for (size_t i = 0, n = rc ? 0 : infracost_catalog_count(cat); i < n && !rc; i++) {
		const infracost_price *p = infracost_catalog_get(cat, i);
		if (shipped_match(f, p))
			rc = print_row(st, p);
	}
	infracost_catalog_free(cat);
	return rc;
}

static int format_index(const char *name, const char *const *names, int n, const char *cmd)
{
	if (!name)
		return 0;
	for (int i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	cli_usage_error("pricing %s: unknown format '%s'", cmd, name);
	return -1;
}

static int cmd_list(int argc, char **argv)
{
	static const char *const formats[] = {"table", "csv", "json"};
	struct args a;
	infracost_store *store = NULL;
	infracost_price_filter f;
	struct list_state st = {0, 0};
	int status = parse(&a, argc, argv, &store_cmds[LIST]), rc;

	if (status)
		goto done;
	if ((st.format = format_index(a.format, formats, 3, "list")) < 0) {
		status = EXIT_USAGE;
		goto done;
	}
	if (a.shipped && a.store) {
		status = cli_usage_error("pricing list: --shipped lists the shipped snapshot, not "
					 "a store: leave out --store");
		goto done;
	}
	if (!a.shipped && (status = open_store(&store, &a)))
		goto done;
	f.provider = a.provider;
	f.service = a.service;
	f.region = a.region;
	f.sku = a.sku;
	f.purchase = a.purchase;
	if (st.format == 1)
		printf("provider,service,region,sku,purchase,unit,price,upfront,tier_start,vcpu,"
		       "memory_gb,effective_date,source,effective\n");
	if (st.format == 2)
		printf("[");
	rc = a.shipped ? list_shipped(&st, &f) : infracost_store_list(store, &f, print_row, &st);
	if (st.format == 2)
		printf("%s]\n", st.n ? "\n" : "");
	if (rc) {
		cli_error(rc);
		status = status_of(rc);
	}
done:
	infracost_store_close(store);
	args_free(&a);
	return status < 0 ? EXIT_OK : status;
}

static int cmd_sources(int argc, char **argv)
{
	static const char *const formats[] = {"table", "json"};
	struct args a;
	infracost_store *store = NULL;
	infracost_source *src = NULL;
	size_t n = 0;
	int fmt, status = parse(&a, argc, argv, &store_cmds[SOURCES]), rc;

	if (status)
		goto done;
	if ((fmt = format_index(a.format, formats, 2, "sources")) < 0) {
		status = EXIT_USAGE;
		goto done;
	}
	if ((status = open_store(&store, &a)))
		goto done;
	if ((rc = infracost_store_sources(&src, &n, store))) {
		cli_error(rc);
		status = status_of(rc);
		goto done;
	}
	if (fmt == 1) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			const infracost_source *s = &src[i];
			printf("%s\n  { \"provider\": ", i ? "," : "");
			cli_json_str(s->provider);
			printf(", \"service\": ");
			cli_json_str(s->service);
			printf(", \"region\": ");
			cli_json_str(s->region);
			printf(", \"format\": ");
			cli_json_str(s->format);
			printf(", \"version\": ");
			cli_json_str(s->version);
			printf(", \"published\": ");
			cli_json_str(s->published);
			printf(", \"fetched_at\": ");
			cli_json_str(s->fetched_at);
			printf(", \"checked_at\": ");
			cli_json_str(s->checked_at);
			printf(", \"etag\": ");
			cli_json_str(s->etag);
			printf(", \"url\": ");
			cli_json_str(s->url);
			printf(", \"rows\": %lld, \"current\": %s }", s->rows,
			       s->current ? "true" : "false");
		}
		printf("%s]\n", n ? "\n" : "");
	} else {
		printf("%-6s %-20s %-14s %-9s %-16s %-21s %-21s %10s  %s\n", "PROV", "SERVICE",
		       "REGION", "FORMAT", "VERSION", "PUBLISHED", "FETCHED", "ROWS", "STATE");
		for (size_t i = 0; i < n; i++) {
			const infracost_source *s = &src[i];
			printf("%-6s %-20s %-14s %-9s %-16s %-21s %-21s %10lld  %s\n",
			       cli_text(s->provider), cli_text(s->service),
			       *s->region ? cli_text(s->region) : "-", cli_text(s->format),
			       *s->version ? cli_text(s->version) : "-",
			       *s->published ? cli_text(s->published) : "-",
			       cli_text(s->fetched_at), s->rows,
			       s->current ? "current" : "previous");
		}
		if (n == 0)
			printf("(the store %s is empty: see 'infra-cost pricing fetch')\n",
			       cli_text(a.store ? a.store : infracost_store_default_path()));
	}
done:
	infracost_sources_free(src, n);
	infracost_store_close(store);
	args_free(&a);
	return status < 0 ? EXIT_OK : status;
}

struct diff_state {
	int json;
	long long n;
};

static int print_change(void *ctx, const infracost_price *before, const infracost_price *after)
{
	struct diff_state *st = ctx;
	const infracost_price *k = after ? after : before;
	const char *what = !before ? "added" : !after ? "removed" : "changed";
	if (st->json) {
		printf("%s\n  { \"change\": \"%s\", \"sku\": ", st->n ? "," : "", what);
		cli_json_str(k->sku);
		printf(", \"service\": ");
		cli_json_str(k->service);
		printf(", \"region\": ");
		cli_json_str(k->region);
		printf(", \"purchase\": ");
		cli_json_str(k->purchase);
		printf(", \"unit\": ");
		cli_json_str(k->unit);
		printf(", \"tier_start\": %.15g", k->tier_start);
		if (before)
			printf(", \"before\": { \"price\": %.15g, \"upfront\": %.15g }",
			       before->price, before->upfront);
		if (after)
			printf(", \"after\": { \"price\": %.15g, \"upfront\": %.15g }",
			       after->price, after->upfront);
		printf(" }");
	} else {
		printf("%-8s %s/%s/%s/%s/%s", what, cli_text(k->service), cli_text(k->region),
		       cli_text(k->sku), cli_text(k->purchase), cli_text(k->unit));
		if (k->tier_start > 0)
			printf(" from %.10g", k->tier_start);
		if (before && after) {
			printf("  %.10g -> %.10g", before->price, after->price);
			if (before->price > 0)
				printf(" (%+.1f%%)",
				       100.0 * (after->price - before->price) / before->price);
			if (before->upfront != after->upfront)
				printf("  upfront %.10g -> %.10g", before->upfront, after->upfront);
		} else {
			printf("  %.10g", k->price);
		}
		putchar('\n');
	}
	st->n++;
	return 0;
}

static int cmd_diff(int argc, char **argv)
{
	static const char *const formats[] = {"table", "json"};
	struct args a;
	infracost_store *store = NULL;
	struct diff_state st = {0, 0};
	int fmt, status = parse(&a, argc, argv, &store_cmds[DIFF]), rc;

	if (status)
		goto done;
	if (a.npos != 1) {
		status = cli_usage_error("pricing diff: expected PROVIDER/SERVICE/REGION (see "
					 "'pricing sources')");
		goto done;
	}
	if ((fmt = format_index(a.format, formats, 2, "diff")) < 0) {
		status = EXIT_USAGE;
		goto done;
	}
	st.json = fmt == 1;
	if ((status = open_store(&store, &a)))
		goto done;
	if (st.json)
		printf("[");
	rc = infracost_store_diff(store, a.pos[0], print_change, &st);
	if (st.json)
		printf("%s]\n", st.n ? "\n" : "");
	else if (!rc && st.n == 0)
		printf("no price changed between the last two versions of %s\n",
		       cli_text(a.pos[0]));
	if (rc) {
		cli_error(rc);
		status = status_of(rc);
	}
done:
	infracost_store_close(store);
	args_free(&a);
	return status < 0 ? EXIT_OK : status;
}

static int cmd_compile(int argc, char **argv)
{
	struct args a;
	int status = parse(&a, argc, argv, &store_cmds[COMPILE]), rc;

	if (status)
		goto done;
	if (a.npos < 2) {
		status = cli_usage_error("pricing compile: expected OUT.db and at least one book "
					 "or directory");
		goto done;
	}
	if ((rc = infracost_snapshot_compile(a.pos[0], a.pos + 1, (size_t)a.npos - 1))) {
		cli_error(rc);
		status = rc == INFRACOST_EPARSE ? EXIT_BOOK : status_of(rc);
	}
done:
	args_free(&a);
	return status < 0 ? EXIT_OK : status;
}

int cmd_pricing_store(const char *sub, int argc, char **argv)
{
	static int (*const run[])(int, char **) = {
		[FETCH] = cmd_fetch,     [IMPORT] = cmd_import, [LIST] = cmd_list,
		[SOURCES] = cmd_sources, [DIFF] = cmd_diff,     [COMPILE] = cmd_compile,
	};
	for (size_t i = 0; i < NCMDS; i++)
		if (strcmp(sub, store_cmds[i].name) == 0)
			return run[i](argc, argv);
	return -1;
}
