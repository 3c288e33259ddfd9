/* common.c - helpers shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

/* Days since an ISO 8601 UTC time ("2026-11-26T20:15:00Z"), or -1. */
static double days_since(const char *iso)
{
	struct tm tm;
	time_t t;
	memset(&tm, 0, sizeof(tm));
	if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) < 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	return difftime(time(NULL), t) / 86400.0;
}

/* Layer the store, warning on stderr about sources older than 30 days. */
static int layer_store(infracost_catalog *cat, const char *path)
{
	infracost_store *store = NULL;
	infracost_source *src = NULL;
	size_t n = 0;
	int rc;

	if (access(path, F_OK) != 0) {
		/* Opening would create an empty store: a mistyped path is an error. */
		fprintf(stderr,
			"%s: error: %s: no price store there (fill one with '%s pricing fetch')\n",
			cli_prog, path, cli_prog);
		return EXIT_IO;
	}
	if ((rc = infracost_store_open(&store, path)) ||
	    (rc = infracost_catalog_load_store(cat, store)) ||
	    (rc = infracost_store_sources(&src, &n, store))) {
		cli_error(rc);
		infracost_store_close(store);
		return rc == INFRACOST_EDB      ? EXIT_STORE
		       : rc == INFRACOST_ENOMEM ? EXIT_INTERNAL
						: EXIT_IO;
	}
	for (size_t i = 0; i < n; i++) {
		/* a feed asked again and answered "not modified" is current too */
		double age = days_since(src[i].fetched_at), checked = days_since(src[i].checked_at);
		if (checked >= 0 && checked < age)
			age = checked;
		if (src[i].current && age > 30)
			fprintf(stderr,
				"%s: warning: %s: prices of %s/%s/%s are %.0f days old (fetched "
				"%s); "
				"refresh them with '%s pricing fetch %s'\n",
				cli_prog, path, src[i].provider, src[i].service, src[i].region, age,
				src[i].fetched_at, cli_prog, src[i].provider);
	}
	if (n == 0)
		fprintf(stderr, "%s: warning: %s: the price store is empty\n", cli_prog, path);
	infracost_sources_free(src, n);
	infracost_store_close(store);
	return EXIT_OK;
}

int cli_load_catalog(infracost_catalog **out, int no_default, const char *store, const char **books,
		     int nbooks)
{
	infracost_catalog *cat = NULL;
	int rc = infracost_catalog_new(&cat), status;

	if (rc) {
		cli_error(rc);
		return EXIT_INTERNAL;
	}
	if (!no_default && (rc = infracost_catalog_load_default(cat))) {
		cli_error(rc);
		infracost_catalog_free(cat);
		return cli_book_status(rc);
	}
	if (store && (status = layer_store(cat, store))) {
		infracost_catalog_free(cat);
		return status;
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
