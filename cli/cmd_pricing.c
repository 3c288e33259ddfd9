/* cmd_pricing.c - infra-cost pricing lookup PROVIDER SERVICE REGION SKU [options] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt lookup_opts[] = {
	{"--purchase", NULL, "P", "on_demand (default), spot, reserved_1yr_no_upfront, ..."},
	{"--unit", NULL, "U", "hour, gb_month, ... (default: any)"},
	{"--catalog", NULL, "BOOK.csv",
	 "layer a price book over the catalog (repeatable, in order)"},
	{"--no-default-catalog", NULL, NULL, "do not load the shipped snapshot (below)"},
	{"--format", NULL, "F", "table (default) or json"},
	{NULL, NULL, NULL, NULL},
};

#define LOOKUP_USAGE                                                                               \
	"lookup PROVIDER SERVICE REGION SKU [--purchase P] [--unit U]\n"                           \
	"                          [--catalog BOOK.csv]... [--no-default-catalog] [--format "      \
	"table|json]"

static void help(void)
{
	const struct cli_opt *const tables[] = {lookup_opts, cli_help_opts, NULL};
	printf("usage: %s pricing " LOOKUP_USAGE "\n\n"
	       "Show what a price key resolves to: its tiers, upfront fee, size, source, date and\n"
	       "age (today: $INFRA_COST_TODAY=YYYY-MM-DD when set) and the book line it came\n"
	       "from.\n\n",
	       cli_prog);
	cli_opt_print(stdout, tables);
	printf("\nthe shipped snapshot: %s\n"
	       "  (its books of PROVIDER and REGION are loaded, and PROVIDER-global.csv)\n"
	       "example: %s pricing lookup aws ec2 us-east-1 m5.large --purchase "
	       "reserved_1yr_no_upfront\n"
	       "exit status: 0 found, 1 bad usage, 3 price not found, 4 invalid price book,\n"
	       "             5 file not readable, 6 internal error\n",
	       infracost_default_data_dir(), cli_prog);
}

/* pricing --help: every subcommand. */
static void pricing_help(void)
{
	printf("usage: %s pricing " LOOKUP_USAGE "\n", cli_prog);
	cli_store_usage(stdout);
	printf("\nPrices: what a key resolves to in the catalog, and the local price store that\n"
	       "the providers' feeds fill.\n\nsubcommands:\n"
	       "  %-9s %s\n",
	       "lookup", "what a price key resolves to in the catalog");
	cli_store_summaries(stdout);
	printf("\n'%s pricing SUBCOMMAND --help' for one.\n", cli_prog);
}

static int lookup(int argc, char **argv)
{
	const struct cli_opt *const tables[] = {lookup_opts, cli_help_opts, NULL};
	const char *pos[4];
	int npos = 0, nbooks = 0, no_default = 0, bad = 0, status, rc, json = 0;
	const char *purchase = "on_demand", *unit = NULL, *format = "table", *value;
	const char **books = calloc((size_t)argc + 1, sizeof(*books));
	infracost_catalog *cat = NULL;
	const infracost_price *tiers;
	size_t n;

	if (!books)
		return EXIT_INTERNAL;
	for (int i = 1; i < argc && !bad; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			free(books);
			return EXIT_OK;
		} else if (!cli_opt_known("pricing lookup", tables, a)) {
			free(books);
			return EXIT_USAGE;
		} else if (cli_option(argc, argv, &i, "--purchase", &value, &bad)) {
			purchase = value;
		} else if (cli_option(argc, argv, &i, "--unit", &value, &bad)) {
			unit = value;
		} else if (cli_option(argc, argv, &i, "--format", &value, &bad)) {
			format = value;
		} else if (cli_option(argc, argv, &i, "--catalog", &value, &bad)) {
			if (!bad)
				books[nbooks++] = value;
		} else if (strcmp(a, "--no-default-catalog") == 0) {
			no_default = 1;
		} else if (a[0] == '-' && a[1]) {
			free(books);
			return cli_usage_error("pricing lookup: unknown option '%s'", a);
		} else if (npos < 4) {
			pos[npos++] = a;
		} else {
			free(books);
			return cli_usage_error("pricing lookup: too many arguments ('%s')", a);
		}
	}
	if (bad) {
		free(books);
		return EXIT_USAGE;
	}
	if (npos != 4) {
		free(books);
		return cli_usage_error("pricing lookup: expected PROVIDER SERVICE REGION SKU");
	}
	if (strcmp(format, "json") == 0)
		json = 1;
	else if (strcmp(format, "table") != 0) {
		free(books);
		return cli_usage_error("pricing lookup: unknown format '%s' (table, json)", format);
	}
	/* Only the snapshot's books of that provider and region (and its global book). */
	if ((status = cli_load_catalog(&cat, no_default,
				       &(const infracost_region_ref){pos[0], pos[2]}, 1, NULL,
				       books, nbooks))) {
		free(books);
		return status;
	}
	rc = infracost_catalog_lookup(&tiers, &n, cat, pos[0], pos[1], pos[2], pos[3], purchase,
				      unit);
	if (rc) {
		cli_error(rc);
		status = rc == INFRACOST_ENOTFOUND ? EXIT_PRICE_NOT_FOUND : EXIT_INTERNAL;
	} else if (json) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			const infracost_price *p = &tiers[i];
			printf("%s\n  { \"provider\": ", i ? "," : "");
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
			if (p->effective) /* unknown, never 0 */
				printf("null");
			else
				printf("%.15g", p->upfront);
			printf(", \"tier_start\": %.15g", p->tier_start);
			if (p->vcpu >= 0)
				printf(", \"vcpu\": %.15g", p->vcpu);
			if (p->memory_gb >= 0)
				printf(", \"memory_gb\": %.15g", p->memory_gb);
			printf(", \"effective_date\": ");
			cli_json_str(p->effective_date);
			printf(", \"source\": ");
			cli_json_str(p->source);
			printf(", \"origin\": ");
			cli_json_str(p->origin);
			cli_price_json_tail(p);
			printf(" }");
		}
		printf("\n]\n");
	} else {
		printf("%s/%s/%s/%s/%s/%s\n", cli_text(tiers[0].provider),
		       cli_text(tiers[0].service), cli_text(tiers[0].region),
		       cli_text(tiers[0].sku), cli_text(tiers[0].purchase),
		       cli_text(tiers[0].unit));
		for (size_t i = 0; i < n; i++) {
			const infracost_price *p = &tiers[i];
			if (strcmp(p->purchase, "spot_interruption") == 0) {
				/* not a price: the share of spot hours interrupted */
				printf("  interrupted: %.4g%% of spot hours\n", p->price * 100);
				continue;
			}
			printf("  from %-10.15g %.10g USD per %s", p->tier_start, p->price,
			       cli_text(p->unit));
			if (p->effective)
				printf(" (effective rate: recurring plus upfront spread over "
				       "the term), upfront unknown");
			else if (p->upfront > 0)
				printf(", upfront %.10g USD", p->upfront);
			printf("\n");
		}
		if (tiers[0].vcpu >= 0 || tiers[0].memory_gb >= 0)
			printf("  size: %g vCPU, %g GB memory\n", tiers[0].vcpu,
			       tiers[0].memory_gb);
		printf("  effective: %s\n", cli_price_age(&tiers[0]));
		printf("  source: %s\n  from: %s\n",
		       *tiers[0].source ? cli_text(tiers[0].source) : "(not given)",
		       cli_text(tiers[0].origin));
	}
	infracost_catalog_free(cat);
	free(books);
	return status;
}

int cmd_pricing(int argc, char **argv)
{
	const char *names[16] = {"lookup"};
	size_t n = 1 + cli_store_names(names + 1, sizeof(names) / sizeof(names[0]) - 1);
	char list[200] = "", hint[160];
	int status;

	for (size_t i = 0; i < n; i++) {
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, names[i], sizeof(list) - strlen(list) - 1);
	}
	if (argc < 2)
		return cli_usage_error("pricing needs a subcommand: %s", list);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		pricing_help();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "lookup") == 0)
		return lookup(argc - 1, argv + 1);
	if ((status = cmd_pricing_store(argv[1], argc - 1, argv + 1)) >= 0)
		return status;
	return cli_usage_error("pricing: unknown subcommand '%s' (%s)%s", argv[1], list,
			       cli_did_you_mean(hint, sizeof(hint), argv[1], names, n));
}
