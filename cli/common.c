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
	char msg[1024];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* the arguments it quotes are escaped like the library's messages */
	fprintf(stderr, "%s: usage error: %s (see '%s --help')\n", cli_prog, cli_text(msg),
		cli_prog);
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

struct emit_estimate {
	const infracost_estimate *est;
	infracost_format format;
};

static int emit_estimate(FILE *f, const void *what)
{
	const struct emit_estimate *e = what;
	return infracost_estimate_write(e->est, e->format, write_file, f);
}

struct emit_text {
	const char *text;
	size_t len;
};

static int emit_text(FILE *f, const void *what)
{
	const struct emit_text *t = what;
	return write_file(f, t->text, t->len) ? INFRACOST_EIO : 0;
}

/* Run emit on the file at path (stdout for NULL or "-"): written beside the
 * target and renamed at the end, so a failed write never leaves a half
 * result under the name asked for. */
static int write_atomic(const char *path, int (*emit)(FILE *, const void *), const void *what)
{
	FILE *f = stdout;
	char *tmp = NULL;
	int rc, err = 0;

	if (path && strcmp(path, "-") != 0) {
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
	rc = emit(f, what);
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

int cli_write_estimate(const char *path, const infracost_estimate *est, infracost_format format)
{
	struct emit_estimate e = {est, format};
	return write_atomic(path, emit_estimate, &e);
}

int cli_write_text(const char *path, const char *text, size_t len)
{
	struct emit_text t = {text, len};
	return write_atomic(path, emit_text, &t);
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
			cli_prog, cli_text(path), cli_prog);
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
				cli_prog, cli_text(path), cli_text(src[i].provider),
				cli_text(src[i].service), cli_text(src[i].region), age,
				cli_text(src[i].fetched_at), cli_prog, cli_text(src[i].provider));
	}
	if (n == 0)
		fprintf(stderr, "%s: warning: %s: the price store is empty\n", cli_prog,
			cli_text(path));
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

/* Consume argv[*i] when it is an input option or SPEC: 1 when consumed, 0
 * when not, -1 after a usage error (printed). */
static int input_option(struct cli_inputs *in, int argc, char **argv, int *i, int *bad)
{
	const char *a = argv[*i], *value = NULL;
	if (cli_option(argc, argv, i, "--env", &value, bad)) {
		if (!*bad)
			in->envs[in->nenvs++] = value;
	} else if (cli_option(argc, argv, i, "--store", &value, bad)) {
		in->store = value;
	} else if (cli_option(argc, argv, i, "--catalog", &value, bad)) {
		if (!*bad)
			in->books[in->nbooks++] = value;
	} else if (cli_option(argc, argv, i, "--format", &value, bad)) {
		in->format = value;
	} else if (cli_option(argc, argv, i, "--output", &value, bad) ||
		   cli_option(argc, argv, i, "-o", &value, bad)) {
		in->output = value;
	} else if (strcmp(a, "--no-default-catalog") == 0) {
		in->no_default = 1;
	} else if (a[0] == '-' && a[1] != '\0') {
		return 0;
	} else if (!in->spec_path) {
		in->spec_path = a;
	} else {
		cli_usage_error("%s: more than one SPEC ('%s' and '%s')", in->command,
				in->spec_path, a);
		return -1;
	}
	return 1;
}

int cli_inputs_parse(struct cli_inputs *in, const char *command, int argc, char **argv,
		     cli_own_option own, void *ctx)
{
	int bad = 0;
	memset(in, 0, sizeof(*in));
	in->command = command;
	in->format = "table";
	in->books = calloc((size_t)argc + 1, sizeof(*in->books));
	in->envs = calloc((size_t)argc + 1, sizeof(*in->envs));
	if (!in->books || !in->envs) {
		fprintf(stderr, "%s: error: out of memory\n", cli_prog);
		return EXIT_INTERNAL;
	}
	for (int i = 1; i < argc && !bad; i++) {
		int rc;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return CLI_HELP;
		if ((rc = input_option(in, argc, argv, &i, &bad)) < 0)
			return EXIT_USAGE;
		if (rc == 0 && !(own && own(ctx, argc, argv, &i, &bad)))
			return cli_usage_error("%s: unknown option '%s'", command, argv[i]);
	}
	if (bad)
		return EXIT_USAGE;
	if (!in->spec_path)
		return cli_usage_error("%s: missing SPEC file", command);
	return EXIT_OK;
}

int cli_inputs_load(struct cli_inputs *in)
{
	int rc;
	if ((rc = infracost_spec_load_file(&in->spec, in->spec_path))) {
		cli_error(rc);
		return rc == INFRACOST_EIO      ? EXIT_IO
		       : rc == INFRACOST_ENOMEM ? EXIT_INTERNAL
						: EXIT_SPEC;
	}
	for (int i = 0; i < in->nenvs; i++) {
		if (infracost_spec_environment_index(in->spec, in->envs[i]) < 0) {
			char list[512] = "";
			for (size_t e = 0; e < infracost_spec_environment_count(in->spec); e++) {
				strncat(list, e ? ", " : "", sizeof(list) - strlen(list) - 1);
				strncat(list, infracost_spec_environment_name(in->spec, e),
					sizeof(list) - strlen(list) - 1);
			}
			return cli_usage_error(
				"%s: --env %s: %s has no such environment (it has %s)", in->command,
				in->envs[i], in->spec_path, list);
		}
	}
	return cli_load_catalog(&in->cat, in->no_default, in->store, in->books, in->nbooks);
}

void cli_inputs_free(struct cli_inputs *in)
{
	infracost_catalog_free(in->cat);
	infracost_spec_free(in->spec);
	free(in->books);
	free(in->envs);
	memset(in, 0, sizeof(*in));
}

int cli_price_status(int code)
{
	return code == INFRACOST_ENOTFOUND ? EXIT_PRICE_NOT_FOUND
	       : code == INFRACOST_ENOMEM  ? EXIT_INTERNAL
					   : EXIT_SPEC;
}

int cli_parse_share(const char *command, const char *opt, const char *text, double *out)
{
	char *end;
	double v = strtod(text, &end);
	if (end == text || *end || !(v >= 0) || v > 1) {
		cli_usage_error("%s: %s '%s': expected a number from 0 to 1", command, opt, text);
		return 1;
	}
	*out = v;
	return 0;
}

int cli_run_text_command(int argc, char **argv, const char *command, void (*help)(void),
			 cli_own_option own, void *ctx, cli_produce produce)
{
	struct cli_inputs in;
	char *text = NULL;
	size_t len = 0;
	int status, rc;

	if ((status = cli_inputs_parse(&in, command, argc, argv, own, ctx))) {
		if (status == CLI_HELP) {
			help();
			status = EXIT_OK;
		}
		goto done;
	}
	if (strcmp(in.format, "table") != 0 && strcmp(in.format, "json") != 0) {
		status = cli_usage_error("%s: unknown format '%s' (table, json)", command,
					 in.format);
		goto done;
	}
	if ((status = cli_inputs_load(&in)))
		goto done;
	if ((rc = produce(&in, ctx,
			  in.format[0] == 'j' ? INFRACOST_FORMAT_JSON : INFRACOST_FORMAT_TABLE,
			  &text, &len))) {
		cli_error(rc);
		status = cli_price_status(rc);
		goto done;
	}
	status = cli_write_text(in.output, text, len);
done:
	infracost_free(text);
	cli_inputs_free(&in);
	return status;
}

const char *cli_text(const char *s)
{
	static char *slot[16];
	static size_t cap[16];
	static unsigned next;
	unsigned i = next++ % 16;
	size_t n = infracost_text_escape(NULL, 0, s);

	if (n + 1 > cap[i]) {
		char *grown = realloc(slot[i], n + 1);
		if (!grown)
			return "?";
		slot[i] = grown;
		cap[i] = n + 1;
	}
	infracost_text_escape(slot[i], cap[i], s);
	return slot[i];
}

void cli_json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7F) /* C0 and DEL: inert */
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

void cli_csv_field(const char *s)
{
	const char *t = cli_text(s);
	if (!strpbrk(t, ",\"")) {
		fputs(t, stdout);
		return;
	}
	putchar('"');
	for (; *t; t++) {
		if (*t == '"')
			putchar('"');
		putchar(*t);
	}
	putchar('"');
}
