/* common.c - helpers shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *cli_prog = "infra-cost";

void cli_error(int code)
{
	const infracost_error *e = infracost_error_last();
	fprintf(stderr, "%s: error: %s\n", cli_prog,
		e && e->message ? e->message : infracost_strerror(code));
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: usage error: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see '%s --help')\n", cli_prog);
	return EXIT_USAGE;
}

int cli_book_status(int code)
{
	switch (code) {
	case INFRACOST_EIO: return EXIT_IO;
	case INFRACOST_ENOMEM: return EXIT_INTERNAL;
	default: return EXIT_BOOK;
	}
}

int cli_option(int argc, char **argv, int *i, const char *name, const char **value, int *bad)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_usage_error("option %s needs a value", name);
		*bad = 1;
		return 1;
	}
	*value = argv[++*i];
	return 1;
}

static int write_file(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

int cli_write_estimate(const char *path, const infracost_estimate *est, infracost_format format)
{
	FILE *f = stdout;
	char *tmp = NULL;
	int rc, err = 0;

	if (path && strcmp(path, "-") != 0) {
		/* Written beside the target and renamed at the end: a failed write
		 * never leaves a half estimate under the name asked for. */
		tmp = malloc(strlen(path) + 16);
		if (!tmp) {
			fprintf(stderr, "%s: error: out of memory\n", cli_prog);
			return EXIT_INTERNAL;
		}
		sprintf(tmp, "%s.tmp-%ld", path, (long)getpid());
		f = fopen(tmp, "wb");
		if (!f) {
			fprintf(stderr, "%s: error: %s: cannot write: %s\n", cli_prog, path,
				strerror(errno));
			free(tmp);
			return EXIT_IO;
		}
	}
	rc = infracost_estimate_write(est, format, write_file, f);
	if (rc == INFRACOST_EIO)
		err = errno;
	if (fflush(f) != 0 && !rc) {
		rc = INFRACOST_EIO;
		err = errno;
	}
	if (tmp) {
		if (fclose(f) != 0 && !rc) {
			rc = INFRACOST_EIO;
			err = errno;
		}
		if (!rc && rename(tmp, path) != 0) {
			rc = INFRACOST_EIO;
			err = errno;
		}
		if (rc)
			unlink(tmp);
		free(tmp);
	}
	if (rc == INFRACOST_EIO) {
		fprintf(stderr, "%s: error: %s: write failed: %s\n", cli_prog,
			path && strcmp(path, "-") != 0 ? path : "standard output", strerror(err));
		return EXIT_IO;
	}
	if (rc) {
		cli_error(rc);
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

int cli_load_catalog(infracost_catalog **out, int no_default, const char **books, int nbooks)
{
	infracost_catalog *cat = NULL;
	int rc = infracost_catalog_new(&cat);

	if (rc) {
		cli_error(rc);
		return EXIT_INTERNAL;
	}
	if (!no_default && (rc = infracost_catalog_load_default(cat))) {
		cli_error(rc);
		infracost_catalog_free(cat);
		return cli_book_status(rc);
	}
	for (int i = 0; i < nbooks; i++) {
		if ((rc = infracost_catalog_load_file(cat, books[i]))) {
			cli_error(rc);
			infracost_catalog_free(cat);
			return cli_book_status(rc);
		}
	}
	*out = cat;
	return EXIT_OK;
}
