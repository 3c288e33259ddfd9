/* cmd_design_diff.c - infra-cost diff OLD NEW: what a change to a design costs
 * (formats.md section 7, docs/reviews.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt opts[] = {
	{"--format", NULL, "F",
	 "table (default), json, markdown (a pull-request comment:\n"
	 "summary first, details collapsed), html (one page)"},
	{"--check", NULL, NULL,
	 "exit 9 when NEW exceeds its budgets (each named on\n"
	 "stderr with its limit, value and excess)"},
	{"--catalog", NULL, "BOOK.csv",
	 "layer a price book over the catalog both specs are priced\n"
	 "on (repeatable, in order)"},
	{"--no-default-catalog", NULL, NULL, "do not load the shipped snapshot"},
	{"--store", NULL, "PATH", "layer the current prices of the price store PATH"},
	{"--output", "-o", "FILE", "write the result to FILE instead of standard output"},
	{NULL, NULL, NULL, NULL},
};

static void help(void)
{
	const struct cli_opt *const tables[] = {opts, cli_help_opts, NULL};
	printf("usage: %s diff OLD NEW [--format table|json|markdown|html] [--check]\n"
	       "                  [--catalog BOOK.csv]... [--no-default-catalog] [--store PATH]\n"
	       "                  [--output FILE]\n\n"
	       "What changes from OLD to NEW per environment, service and line item: before,\n"
	       "after, delta, percent. OLD and NEW are specs (both priced on the same catalog,\n"
	       "so the diff shows design changes, not price changes) or estimate JSON files\n"
	       "('estimate --format json'); which one is read from the file.\n\n",
	       cli_prog);
	cli_opt_print(stdout, tables);
	printf("\nexit status: 0 done (changes or not), 1 bad usage, 2 invalid spec or estimate,\n"
	       "             3 price not found, 4 invalid price book, 5 file not readable or\n"
	       "             writable, 6 internal error, 8 store failure, 9 a budget of NEW\n"
	       "             exceeded (--check)\n");
}

/* One side of the diff. A Terraform plan (formats.md section 6) will be a
 * third kind: converted to a spec, then priced like one (SIDE_SPEC). */
enum side_kind { SIDE_SPEC, SIDE_ESTIMATE };

struct side {
	const char *path;
	enum side_kind kind;
	infracost_spec *spec;
	infracost_estimate *est;
};

/* Read a side: an estimate's JSON as it is, a spec to be priced. */
static int load_side(struct side *s)
{
	int rc = infracost_file_is_estimate_json(s->path);
	if (rc < 0) {
		cli_error(rc);
		return rc == INFRACOST_ENOMEM ? EXIT_INTERNAL : EXIT_IO;
	}
	s->kind = rc ? SIDE_ESTIMATE : SIDE_SPEC;
	rc = s->kind == SIDE_ESTIMATE ? infracost_estimate_load_json_file(&s->est, s->path)
				      : infracost_spec_load_file(&s->spec, s->path);
	if (rc) {
		cli_error(rc);
		return rc == INFRACOST_EIO      ? EXIT_IO
		       : rc == INFRACOST_ENOMEM ? EXIT_INTERNAL
						: EXIT_SPEC;
	}
	return EXIT_OK;
}

/* The catalog both specs are priced on: the snapshot's books of every place
 * either prices in, the store, the books. */
static int load_catalog(infracost_catalog **out, struct side *sides, int no_default,
			const char *store, const char **books, int nbooks)
{
	infracost_region_ref *need = NULL, *part = NULL;
	size_t nneed = 0, npart = 0;
	int status = EXIT_OK, rc;
	static const infracost_region_ref none[1];

	for (int i = 0; i < 2; i++) {
		infracost_region_ref *grown;
		if (sides[i].kind != SIDE_SPEC)
			continue;
		if ((rc = infracost_spec_regions(&part, &npart, sides[i].spec))) {
			cli_error(rc);
			status = EXIT_INTERNAL;
			goto done;
		}
		if (npart && !(grown = realloc(need, (nneed + npart) * sizeof(*need)))) {
			fprintf(stderr, "%s: error: out of memory\n", cli_prog);
			status = EXIT_INTERNAL;
			goto done;
		} else if (npart) {
			need = grown;
			memcpy(need + nneed, part, npart * sizeof(*need));
			nneed += npart;
		}
		infracost_free(part);
		part = NULL;
	}
	status = cli_load_catalog(out, no_default, need ? need : none, nneed, store, books, nbooks);
done:
	infracost_free(part);
	free(need);
	return status;
}

int cmd_design_diff(int argc, char **argv)
{
	const struct cli_opt *const tables[] = {opts, cli_help_opts, NULL};
	struct side sides[2] = {{0}, {0}};
	const char *format_name = "table", *output = NULL, *store = NULL, **books = NULL;
	int nbooks = 0, no_default = 0, check = 0, nsides = 0, bad = 0, status = EXIT_OK, rc;
	infracost_catalog *cat = NULL;
	infracost_diff *diff = NULL;
	infracost_format format;
	char *text = NULL;
	size_t len = 0;

	if (!(books = calloc((size_t)argc + 1, sizeof(*books)))) {
		fprintf(stderr, "%s: error: out of memory\n", cli_prog);
		return EXIT_INTERNAL;
	}
	for (int i = 1; i < argc && !bad; i++) {
		const char *a = argv[i], *value = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			goto done;
		}
		if (!cli_opt_known("diff", tables, a)) {
			status = EXIT_USAGE;
			goto done;
		}
		if (cli_option(argc, argv, &i, "--format", &value, &bad)) {
			format_name = value ? value : format_name;
		} else if (cli_option(argc, argv, &i, "--catalog", &value, &bad)) {
			if (value)
				books[nbooks++] = value;
		} else if (cli_option(argc, argv, &i, "--store", &value, &bad)) {
			store = value;
		} else if (cli_option(argc, argv, &i, "--output", &value, &bad) ||
			   cli_option(argc, argv, &i, "-o", &value, &bad)) {
			output = value;
		} else if (strcmp(a, "--no-default-catalog") == 0) {
			no_default = 1;
		} else if (strcmp(a, "--check") == 0) {
			check = 1;
		} else if (a[0] == '-' && a[1]) {
			status = cli_usage_error("diff: unknown option '%s'", a);
			goto done;
		} else if (nsides < 2) {
			sides[nsides++].path = a;
		} else {
			status = cli_usage_error("diff: more than two inputs ('%s')", a);
			goto done;
		}
	}
	if (bad) {
		status = EXIT_USAGE;
		goto done;
	}
	if (nsides < 2) {
		status = cli_usage_error(
			"diff: expected OLD and NEW (specs or estimate JSON files)");
		goto done;
	}
	if (infracost_format_parse(&format, format_name) ||
	    !(format == INFRACOST_FORMAT_TABLE || format == INFRACOST_FORMAT_JSON ||
	      format == INFRACOST_FORMAT_MARKDOWN || format == INFRACOST_FORMAT_HTML)) {
		infracost_error_clear();
		status = cli_usage_error("diff: unknown format '%s' (table, json, markdown, html)",
					 format_name);
		goto done;
	}
	if ((status = load_side(&sides[0])) || (status = load_side(&sides[1])))
		goto done;
	if ((sides[0].kind == SIDE_SPEC || sides[1].kind == SIDE_SPEC) &&
	    (status = load_catalog(&cat, sides, no_default, store, books, nbooks)))
		goto done;
	for (int i = 0; i < 2; i++)
		if (sides[i].kind == SIDE_SPEC &&
		    (rc = infracost_estimate_compute(&sides[i].est, sides[i].spec, cat, NULL))) {
			cli_error(rc);
			status = cli_price_status(rc);
			goto done;
		}
	if ((rc = infracost_diff_compute(&diff, sides[0].est, sides[1].est)) ||
	    (rc = infracost_diff_render(&text, &len, diff, format))) {
		cli_error(rc);
		status = EXIT_INTERNAL;
		goto done;
	}
	if ((status = cli_write_text(output, text, len)) == EXIT_OK)
		status = cli_report_budgets(sides[1].est, check);
done:
	infracost_free(text);
	infracost_diff_free(diff);
	for (int i = 0; i < 2; i++) {
		infracost_estimate_free(sides[i].est);
		infracost_spec_free(sides[i].spec);
	}
	infracost_catalog_free(cat);
	free(books);
	return status;
}
