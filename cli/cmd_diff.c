/* cmd_design_diff.c - infra-cost diff OLD NEW: what a change to a design costs
 * (formats.md section 7, docs/reviews.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct cli_opt opts[] = {
	{"--format", NULL, "F",
	 "table (default), json, markdown (a pull-request comment:\n"
	 "summary first, details collapsed), html (one page)"},
	{"--check", NULL, NULL,
	 "exit 9 when NEW exceeds its budgets (each named on\n"
	 "stderr with its limit, value and excess)"},
	{"--usage", NULL, "FILE",
	 "for Terraform plans: what they cannot know (GB stored,\n"
	 "requests, ...) and budgets, JSON or YAML; used for both\n"
	 "sides"},
	{"--default-region", NULL, "REGION",
	 "for Terraform plans: the region of a plan that names\n"
	 "none (default us-east-1, with a warning)"},
	{"--old-terraform", NULL, "[ENV=]PLAN.json",
	 "OLD is Terraform plans, one environment each (instead\n"
	 "of the OLD argument; repeatable)"},
	{"--new-terraform", NULL, "[ENV=]PLAN.json",
	 "NEW is Terraform plans, one environment each (instead\n"
	 "of the NEW argument; repeatable)"},
	{"--catalog", NULL, "BOOK.csv",
	 "layer a price book over the catalog both sides are priced\n"
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
	       "                  [--usage FILE] [--default-region REGION]\n"
	       "                  [--old-terraform [ENV=]PLAN.json]...\n"
	       "                  [--new-terraform [ENV=]PLAN.json]...\n"
	       "                  [--catalog BOOK.csv]... [--no-default-catalog] [--store PATH]\n"
	       "                  [--output FILE]\n\n"
	       "What changes from OLD to NEW per environment, service and line item: before,\n"
	       "after, delta, percent. OLD and NEW are specs, Terraform plans ('terraform show\n"
	       "-json PLANFILE'; [ENV=]PLAN.json names its environment, default 'default') or\n"
	       "estimate JSON files ('estimate --format json'); which one is read from the\n"
	       "file. Specs and plans are priced on the same catalog, so the diff shows design\n"
	       "changes, not price changes.\n\n",
	       cli_prog);
	cli_opt_print(stdout, tables);
	printf("\nexit status: 0 done (changes or not), 1 bad usage, 2 invalid spec, plan or\n"
	       "             estimate, 3 price not found, 4 invalid price book, 5 file not\n"
	       "             readable or writable, 6 internal error, 8 store failure, 9 a\n"
	       "             budget of NEW exceeded (--check)\n");
}

/* One side of the diff: a spec to price, an estimate as it is, or Terraform
 * plans (formats.md section 6) converted to a spec, then priced like one. */
enum side_kind { SIDE_SPEC, SIDE_ESTIMATE, SIDE_PLAN };

struct side {
	const char *path; /* the argument; NULL with --old/--new-terraform */
	enum side_kind kind;
	struct cli_terraform tf; /* the plans of a SIDE_PLAN */
	infracost_spec *spec;
	infracost_estimate *est;
};

/* What a side is: its plans given by option, else its file's top level (an
 * argument ENV=PATH that is no file is a plan named ENV). */
static int side_kind(struct side *s)
{
	int rc;
	if (s->tf.nplans) {
		s->kind = SIDE_PLAN;
		return EXIT_OK;
	}
	rc = infracost_file_type_of(s->path);
	if (rc == INFRACOST_EIO && strchr(s->path, '=') && access(s->path, F_OK) != 0) {
		infracost_error_clear();
		s->kind = SIDE_PLAN;
		return cli_terraform_add(&s->tf, "diff", s->path) ? EXIT_USAGE : EXIT_OK;
	}
	if (rc < 0) {
		cli_error(rc);
		return rc == INFRACOST_ENOMEM ? EXIT_INTERNAL : EXIT_IO;
	}
	s->kind = rc == INFRACOST_FILE_ESTIMATE         ? SIDE_ESTIMATE
		  : rc == INFRACOST_FILE_TERRAFORM_PLAN ? SIDE_PLAN
							: SIDE_SPEC;
	if (s->kind == SIDE_PLAN) {
		/* the path as it is (an '=' in it names no environment) */
		if (!(s->tf.plans = calloc(1, sizeof(*s->tf.plans)))) {
			fprintf(stderr, "%s: error: out of memory\n", cli_prog);
			return EXIT_INTERNAL;
		}
		s->tf.plans[0].path = s->path;
		s->tf.nplans = 1;
	}
	return EXIT_OK;
}

/* Read a side: an estimate's JSON as it is, a spec to be priced, plans
 * converted to the spec they are priced as (as estimate --terraform). */
static int load_side(struct side *s, const char *usage, const char *region)
{
	char *text = NULL;
	size_t len = 0;
	int rc;
	if (s->kind == SIDE_PLAN) {
		s->tf.usage = usage;
		s->tf.region = region;
		if ((rc = cli_terraform_convert(&s->tf, &text, &len)))
			return rc;
		/* errors of the converted spec name it ('convert terraform' shows it) */
		rc = infracost_spec_load_string(&s->spec, text, len, s->tf.spec_name);
		infracost_free(text);
	} else {
		rc = s->kind == SIDE_ESTIMATE ? infracost_estimate_load_json_file(&s->est, s->path)
					      : infracost_spec_load_file(&s->spec, s->path);
	}
	if (rc) {
		cli_error(rc);
		return rc == INFRACOST_EIO      ? EXIT_IO
		       : rc == INFRACOST_ENOMEM ? EXIT_INTERNAL
						: EXIT_SPEC;
	}
	return EXIT_OK;
}

/* The catalog both specs (or plans) are priced on: the snapshot's books of
 * every place either prices in, the store, the books. */
static int load_catalog(infracost_catalog **out, struct side *sides, int no_default,
			const char *store, const char **books, int nbooks)
{
	infracost_region_ref *need = NULL, *part = NULL;
	size_t nneed = 0, npart = 0;
	int status = EXIT_OK, rc;
	static const infracost_region_ref none[1];

	for (int i = 0; i < 2; i++) {
		infracost_region_ref *grown;
		if (!sides[i].spec)
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
	const char *usage = NULL, *region = NULL, *args[2] = {NULL, NULL};
	int nbooks = 0, no_default = 0, check = 0, nargs = 0, bad = 0, status = EXIT_OK, rc;
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
		} else if (cli_option(argc, argv, &i, "--usage", &value, &bad)) {
			usage = value;
		} else if (cli_option(argc, argv, &i, "--default-region", &value, &bad)) {
			region = value;
		} else if (cli_option(argc, argv, &i, "--old-terraform", &value, &bad) ||
			   cli_option(argc, argv, &i, "--new-terraform", &value, &bad)) {
			if (value && cli_terraform_add(&sides[strncmp(a, "--new", 5) == 0].tf,
						       "diff", value))
				bad = 1;
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
		} else if (nargs < 2) {
			args[nargs++] = a;
		} else {
			status = cli_usage_error("diff: more than two inputs ('%s')", a);
			goto done;
		}
	}
	if (bad) {
		status = EXIT_USAGE;
		goto done;
	}
	/* the arguments are the sides not given by --old/--new-terraform, in order */
	for (int i = 0, k = 0; i < 2; i++)
		if (!sides[i].tf.nplans)
			sides[i].path = k < nargs ? args[k++] : NULL;
	if (nargs != !sides[0].tf.nplans + !sides[1].tf.nplans) {
		status = cli_usage_error(
			nargs > !sides[0].tf.nplans + !sides[1].tf.nplans
				? "diff: more than two inputs ('%s' with --old-terraform or "
				  "--new-terraform)"
				: "diff: expected OLD and NEW (specs, Terraform plans or estimate "
				  "JSON "
				  "files)",
			nargs ? args[nargs - 1] : "");
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
	if ((status = side_kind(&sides[0])) || (status = side_kind(&sides[1])))
		goto done;
	if ((usage || region) && sides[0].kind != SIDE_PLAN && sides[1].kind != SIDE_PLAN) {
		status = cli_usage_error("diff: --usage and --default-region go with Terraform "
					 "plans (neither OLD nor NEW is one)");
		goto done;
	}
	if ((status = load_side(&sides[0], usage, region)) ||
	    (status = load_side(&sides[1], usage, region)))
		goto done;
	if ((sides[0].spec || sides[1].spec) &&
	    (status = load_catalog(&cat, sides, no_default, store, books, nbooks)))
		goto done;
	for (int i = 0; i < 2; i++)
		if (sides[i].spec &&
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
		cli_terraform_free(&sides[i].tf);
	}
	infracost_catalog_free(cat);
	free(books);
	return status;
}
