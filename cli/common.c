/* common.c - helpers shared by the subcommands. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const char *cli_prog = "infra-cost";

void cli_error(int code)
{
	const infracost_error *e = infracost_error_last();
	size_t n = infracost_error_count();
	fprintf(stderr, "%s: error: %s\n", cli_prog,
		e && e->message ? e->message : infracost_strerror(code));
	/* a failure that found several problems (every missing price): one
	 * line each */
	for (size_t i = 1; e && i < n; i++)
		if ((e = infracost_error_get(i)) && e->message)
			fprintf(stderr, "%s: error: %s\n", cli_prog, e->message);
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

const struct cli_opt cli_help_opts[] = {
	{"--help", "-h", NULL, "this help"},
	{NULL, NULL, NULL, NULL},
};

const char *cli_did_you_mean(char *buf, size_t cap, const char *word, const char *const *names,
			     size_t n)
{
	const char *near = infracost_suggest(word, names, n);
	if (!near)
		return "";
	snprintf(buf, cap, "; did you mean '%s'?", near);
	return buf;
}

int cli_opt_known(const char *command, const struct cli_opt *const *tables, const char *arg)
{
	const char *names[128];
	char word[128], hint[160];
	size_t n = 0, len = strcspn(arg, "=");

	if (arg[0] != '-' || arg[1] == '\0')
		return 1;
	for (size_t t = 0; tables[t]; t++)
		for (const struct cli_opt *o = tables[t]; o->name; o++) {
			if ((strlen(o->name) == len && strncmp(arg, o->name, len) == 0) ||
			    (o->alias && strlen(o->alias) == len &&
			     strncmp(arg, o->alias, len) == 0))
				return 1;
			if (n < sizeof(names) / sizeof(names[0]))
				names[n++] = o->name;
		}
	snprintf(word, sizeof(word), "%.*s", (int)len, arg);
	cli_usage_error("%s%sunknown option '%s'%s", command ? command : "", command ? ": " : "",
			arg, cli_did_you_mean(hint, sizeof(hint), word, names, n));
	return 0;
}

void cli_opt_print(FILE *f, const struct cli_opt *const *tables)
{
	for (size_t t = 0; tables[t]; t++)
		for (const struct cli_opt *o = tables[t]; o->name; o++) {
			char left[64];
			const char *h = o->help;
			snprintf(left, sizeof(left), "%s%s%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "", o->alias ? ", " : "",
				 o->alias ? o->alias : "");
			if (strlen(left) > 22)
				fprintf(f, "  %s\n  %-22s ", left, ""); /* no trailing space */
			else
				fprintf(f, "  %-22s ", left);
			for (;;) {
				size_t k = strcspn(h, "\n");
				fprintf(f, "%.*s\n", (int)k, h);
				if (!h[k])
					break;
				h += k + 1;
				fprintf(f, "  %-22s ", "");
			}
		}
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

/* Where --output goes: a regular file (or a new one) is replaced atomically,
 * anything else (a FIFO, a terminal, /dev/null, /dev/full, a dangling
 * symlink) is written through like the shell's '>'. */
struct out_target {
	FILE *f;
	char *tmp;    /* the temporary file to rename over target, or NULL */
	char *target; /* the final path (symlinks resolved), or NULL */
};

/* The mode a new file gets: 0666 less the umask. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Open the output: 0, or errno after a failure. */
static int open_output(struct out_target *o, const char *path)
{
	struct stat st, lst;
	int fd, exists = stat(path, &st) == 0;
	int err;

	memset(o, 0, sizeof(*o));
	if (exists && S_ISDIR(st.st_mode))
		return EISDIR;
	if (!exists && errno != ENOENT)
		return errno;
	if ((exists && !S_ISREG(st.st_mode)) ||
	    (!exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))) {
		/* Write through: a FIFO, a device, the missing target of a link. */
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (fd < 0)
			return errno;
		goto opened;
	}
	if (exists && access(path, W_OK) != 0)
		return errno; /* what '>' would refuse, replacing would not */
	/* A regular file: the temporary file beside its final target (a symlink
	 * stays a link; its target is replaced). */
	o->target = exists ? realpath(path, NULL) : strdup(path);
	if (!o->target)
		return errno ? errno : ENOMEM;
	{
		size_t n = strlen(o->target);
		if (!(o->tmp = malloc(n + sizeof(".tmp-XXXXXX"))))
			return ENOMEM;
		memcpy(o->tmp, o->target, n);
		memcpy(o->tmp + n, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
	}
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		err = errno;
		free(o->tmp);
		o->tmp = NULL;
		free(o->target);
		o->target = NULL;
		/* A writable file in a directory we cannot create files in:
		 * written in place, as '>' would. */
		if (exists && (err == EACCES || err == EPERM || err == EROFS)) {
			fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
			if (fd < 0)
				return errno;
			goto opened;
		}
		return err;
	}
	/* Keep the replaced file's mode (and owner, when allowed); a new file
	 * gets what open(2) would give it. */
	if (exists) {
		if (fchown(fd, st.st_uid, st.st_gid) != 0) {
			/* not the owner: the file becomes ours, as any rewrite would */
		}
		err = fchmod(fd, st.st_mode & 07777);
	} else {
		err = fchmod(fd, new_file_mode());
	}
	if (err != 0) {
		err = errno;
		close(fd);
		unlink(o->tmp);
		return err;
	}
opened:
	if (!(o->f = fdopen(fd, "wb"))) {
		err = errno;
		close(fd);
		if (o->tmp)
			unlink(o->tmp);
		return err;
	}
	return 0;
}

/* Finish the output: 0, or errno when closing or renaming failed. With
 * failed set (or on any failure), a temporary file is removed. */
static int close_output(struct out_target *o, int failed)
{
	int err = 0;
	if (o->f) {
		if (!failed && o->tmp && fsync(fileno(o->f)) != 0)
			err = errno;
		if (fclose(o->f) != 0 && !err)
			err = errno;
		o->f = NULL;
	}
	if (o->tmp) {
		if (!failed && !err && rename(o->tmp, o->target) != 0)
			err = errno;
		if (failed || err)
			unlink(o->tmp);
	}
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	return err;
}

/* Run emit on the output at path (stdout for NULL or "-"). A regular file
 * is written beside its target and renamed at the end, so a failed write
 * never leaves a half result under the name asked for; a FIFO or a device
 * is written through. Errors name the path: exit status 5. */
static int write_atomic(const char *path, int (*emit)(FILE *, const void *), const void *what)
{
	struct out_target o = {stdout, NULL, NULL};
	const char *name = "standard output";
	int rc, err = 0;

	if (path && strcmp(path, "-") != 0) {
		name = path;
		if ((err = open_output(&o, path)) != 0) {
			if (err == ENOMEM) {
				fprintf(stderr, "%s: error: out of memory\n", cli_prog);
				return EXIT_INTERNAL;
			}
			fprintf(stderr, "%s: error: %s: cannot write: %s\n", cli_prog,
				cli_text(path), strerror(err));
			return EXIT_IO;
		}
	}
	rc = emit(o.f, what);
	if (rc == INFRACOST_EIO)
		err = errno;
	if (fflush(o.f) != 0 && !rc) {
		rc = INFRACOST_EIO;
		err = errno;
	}
	if (o.f != stdout) {
		int cerr = close_output(&o, rc != 0);
		if (cerr && !rc) {
			rc = INFRACOST_EIO;
			err = cerr;
		}
	}
	if (rc == INFRACOST_EIO) {
		fprintf(stderr, "%s: error: %s: write failed: %s\n", cli_prog, cli_text(name),
			strerror(err));
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

int cli_load_catalog(infracost_catalog **out, int no_default, const infracost_region_ref *need,
		     size_t nneed, const char *store, const char **books, int nbooks)
{
	infracost_catalog *cat = NULL;
	int rc = infracost_catalog_new(&cat), status;

	if (rc) {
		cli_error(rc);
		return EXIT_INTERNAL;
	}
	if (!no_default && (rc = need ? infracost_catalog_load_default_for(cat, need, nneed)
				      : infracost_catalog_load_default(cat))) {
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

const struct cli_opt cli_input_opts[] = {
	{"--env", NULL, "NAME", "only this environment (repeatable; default: all)"},
	{"--catalog", NULL, "BOOK.csv",
	 "layer a price book over the catalog (repeatable, in order)"},
	{"--no-default-catalog", NULL, NULL, "do not load the shipped snapshot (below)"},
	{"--store", NULL, "PATH",
	 "layer the current prices of the price store PATH (after\n"
	 "the snapshot, before the books; warns about prices over\n"
	 "30 days old)"},
	{"--output", "-o", "FILE", "write the result to FILE instead of standard output"},
	{NULL, NULL, NULL, NULL},
};

void cli_inputs_help(const struct cli_opt *own_opts)
{
	const struct cli_opt *const tables[] = {own_opts, cli_input_opts, cli_help_opts, NULL};
	cli_opt_print(stdout, tables);
	const char *snap = infracost_default_snapshot();
	printf("\nthe shipped snapshot: %s\n", infracost_default_data_dir());
	if (snap)
		printf("  compiled into %s: the rows a look-up needs are read\n"
		       "  from it (unless $INFRA_COST_DATA names other books)\n",
		       snap);
	else
		printf("  (its books of the spec's providers and regions are loaded: "
		       "PROVIDER-REGION.csv,\n"
		       "  PROVIDER-global.csv and every book not named so)\n");
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
		     const struct cli_opt *own_opts, cli_own_option own, void *ctx)
{
	const struct cli_opt *const tables[] = {own_opts, cli_input_opts, cli_help_opts, NULL};
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
		if (!cli_opt_known(command, tables, argv[i]))
			return EXIT_USAGE;
		if ((rc = input_option(in, argc, argv, &i, &bad)) < 0)
			return EXIT_USAGE;
		if (rc == 0 && !(own && own(ctx, argc, argv, &i, &bad)))
			return cli_usage_error("%s: unknown option '%s'", command, argv[i]);
	}
	if (bad)
		return EXIT_USAGE;
	if (!in->spec_path && !in->from_input)
		return cli_usage_error("%s: missing SPEC file", command);
	return EXIT_OK;
}

int cli_inputs_load(struct cli_inputs *in)
{
	infracost_region_ref *need = NULL;
	size_t nneed = 0;
	int rc, status;
	if (in->spec_text)
		rc = infracost_spec_load_string(&in->spec, in->spec_text, in->spec_len,
						in->spec_name);
	else
		rc = infracost_spec_load_file(&in->spec, in->spec_path);
	if (rc) {
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
				in->envs[i], in->spec_path ? in->spec_path : in->spec_name, list);
		}
	}
	/* Only the snapshot's books of the places the spec prices in. */
	if ((rc = infracost_spec_regions(&need, &nneed, in->spec))) {
		cli_error(rc);
		return EXIT_INTERNAL;
	}
	static const infracost_region_ref none[1]; /* a spec that prices nowhere: no pair */
	status = cli_load_catalog(&in->cat, in->no_default, need ? need : none, nneed, in->store,
				  in->books, in->nbooks);
	infracost_free(need);
	return status;
}

void cli_inputs_free(struct cli_inputs *in)
{
	infracost_catalog_free(in->cat);
	infracost_spec_free(in->spec);
	infracost_free(in->spec_text);
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

int cli_report_budgets(const infracost_estimate *est, int check)
{
	size_t n = infracost_estimate_budget_count(est), exceeded = 0;
	for (size_t i = 0; i < n; i++) {
		const infracost_budget_result *r = infracost_estimate_budget(est, i);
		if (!r->exceeded)
			continue;
		exceeded++;
		fprintf(stderr, "%s: %s: %s\n", cli_prog, check ? "error" : "warning",
			cli_text(r->message));
	}
	if (check && exceeded) {
		fprintf(stderr, "%s: error: %zu budget%s exceeded (--check)\n", cli_prog, exceeded,
			exceeded == 1 ? "" : "s");
		return EXIT_BUDGET;
	}
	return EXIT_OK;
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
			 const struct cli_opt *own_opts, cli_own_option own, void *ctx,
			 cli_produce produce, int html)
{
	struct cli_inputs in;
	char *text = NULL;
	size_t len = 0;
	int status, rc;

	if ((status = cli_inputs_parse(&in, command, argc, argv, own_opts, own, ctx))) {
		if (status == CLI_HELP) {
			help();
			status = EXIT_OK;
		}
		goto done;
	}
	if (strcmp(in.format, "table") != 0 && strcmp(in.format, "json") != 0 &&
	    !(html && strcmp(in.format, "html") == 0)) {
		status = cli_usage_error("%s: unknown format '%s' (table, json%s)", command,
					 in.format, html ? ", html" : "");
		goto done;
	}
	if ((status = cli_inputs_load(&in)))
		goto done;
	if ((rc = produce(&in, ctx,
			  in.format[0] == 'j'   ? INFRACOST_FORMAT_JSON
			  : in.format[0] == 'h' ? INFRACOST_FORMAT_HTML
						: INFRACOST_FORMAT_TABLE,
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
