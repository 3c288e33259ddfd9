/* cmd_estimate.c - infra-cost estimate SPEC [options] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: %s estimate SPEC [--env NAME]... [--format table|json|csv|markdown]\n"
	       "                  [--catalog BOOK.csv]... [--no-default-catalog] [--output "
	       "FILE]\n\n"
	       "Price SPEC per environment: monthly min / expected / max, upfront cash, "
	       "capacity.\n\n"
	       "  --env NAME            only this environment (repeatable; default: all)\n"
	       "  --format F            table (default), json, csv (one row per line item), "
	       "markdown\n"
	       "  --catalog BOOK.csv    layer a price book over the catalog (repeatable, in "
	       "order)\n"
	       "  --no-default-catalog  do not load the shipped snapshot (%s)\n"
	       "  --output FILE, -o     write the result to FILE instead of standard output\n\n"
	       "exit status: 0 done, 1 bad usage, 2 invalid spec, 3 price not found,\n"
	       "             4 invalid price book, 5 file not readable or writable, 6 internal "
	       "error\n",
	       cli_prog, infracost_default_data_dir());
}

int cmd_estimate(int argc, char **argv)
{
	const char *spec_path = NULL, *format_name = "table", *output = NULL, *value, *store = NULL;
	const char **books = NULL, **envs = NULL;
	int nbooks = 0, nenvs = 0, no_default = 0, bad = 0, status = EXIT_OK, rc;
	infracost_spec *spec = NULL;
	infracost_catalog *cat = NULL;
	infracost_estimate *est = NULL;
	infracost_format format;
	infracost_estimate_options opt = INFRACOST_ESTIMATE_OPTIONS_INIT;

	books = calloc((size_t)argc, sizeof(*books));
	envs = calloc((size_t)argc, sizeof(*envs));
	if (!books || !envs) {
		fprintf(stderr, "%s: error: out of memory\n", cli_prog);
		status = EXIT_INTERNAL;
		goto done;
	}
	for (int i = 1; i < argc && !bad; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			goto done;
		} else if (cli_option(argc, argv, &i, "--env", &value, &bad)) {
			if (!bad)
				envs[nenvs++] = value;
		} else if (cli_option(argc, argv, &i, "--format", &value, &bad)) {
			format_name = value;
		} else if (cli_option(argc, argv, &i, "--store", &value, &bad)) {
			store = value;
		} else if (cli_option(argc, argv, &i, "--catalog", &value, &bad)) {
			if (!bad)
				books[nbooks++] = value;
		} else if (cli_option(argc, argv, &i, "--output", &value, &bad) ||
			   cli_option(argc, argv, &i, "-o", &value, &bad)) {
			output = value;
		} else if (strcmp(a, "--no-default-catalog") == 0) {
			no_default = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			status = cli_usage_error("estimate: unknown option '%s'", a);
			goto done;
		} else if (!spec_path) {
			spec_path = a;
		} else {
			status = cli_usage_error("estimate: more than one SPEC ('%s' and '%s')",
						 spec_path, a);
			goto done;
		}
	}
	if (bad) {
		status = EXIT_USAGE;
		goto done;
	}
	if (!spec_path) {
		status = cli_usage_error("estimate: missing SPEC file");
		goto done;
	}
	if (infracost_format_parse(&format, format_name)) {
		status = cli_usage_error(
			"estimate: unknown format '%s' (table, json, csv, markdown)", format_name);
		goto done;
	}
	if ((rc = infracost_spec_load_file(&spec, spec_path))) {
		cli_error(rc);
		status = rc == INFRACOST_EIO      ? EXIT_IO
			 : rc == INFRACOST_ENOMEM ? EXIT_INTERNAL
						  : EXIT_SPEC;
		goto done;
	}
	for (int i = 0; i < nenvs; i++) {
		if (infracost_spec_environment_index(spec, envs[i]) < 0) {
			char list[512] = "";
			for (size_t e = 0; e < infracost_spec_environment_count(spec); e++) {
				strncat(list, e ? ", " : "", sizeof(list) - strlen(list) - 1);
				strncat(list, infracost_spec_environment_name(spec, e),
					sizeof(list) - strlen(list) - 1);
			}
			status = cli_usage_error(
				"estimate: --env %s: %s has no such environment (it has %s)",
				envs[i], spec_path, list);
			goto done;
		}
	}
	if ((status = cli_load_catalog(&cat, no_default, store, books, nbooks)))
		goto done;
	opt.environments = envs;
	opt.environment_count = (size_t)nenvs;
	if ((rc = infracost_estimate_compute(&est, spec, cat, &opt))) {
		cli_error(rc);
		status = rc == INFRACOST_ENOTFOUND ? EXIT_PRICE_NOT_FOUND
			 : rc == INFRACOST_ENOMEM  ? EXIT_INTERNAL
						   : EXIT_SPEC;
		goto done;
	}
	status = cli_write_estimate(output, est, format);
done:
	infracost_estimate_free(est);
	infracost_catalog_free(cat);
	infracost_spec_free(spec);
	free(books);
	free(envs);
	return status;
}
