/* cli.h - the infra-cost command line: shared helpers and subcommands. */
#ifndef INFRA_COST_CLI_H
#define INFRA_COST_CLI_H

#include <infracost.h>
#include <stdio.h>

/* Exit statuses (docs/cli.md). */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 1,
	EXIT_SPEC = 2,
	EXIT_PRICE_NOT_FOUND = 3,
	EXIT_BOOK = 4,
	EXIT_IO = 5,
	EXIT_INTERNAL = 6,
	EXIT_FEED = 7,  /* a network or feed failure */
	EXIT_STORE = 8, /* the price store (database) failed */
	EXIT_BUDGET = 9 /* a budget was exceeded (--check) */
};

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

extern const char *cli_prog;

/* An option of a command. One table per command (and subcommand) drives
 * both its parsing and its --help: an argument that looks like an option
 * and is in none of the command's tables is refused (with a did-you-mean),
 * and --help prints every row, so the two cannot drift. A table ends with
 * a row whose name is NULL. */
struct cli_opt {
	const char *name;  /* "--env" */
	const char *alias; /* "-o", or NULL */
	const char *arg;   /* "NAME" for a valued option, NULL for a flag */
	const char *help;  /* what it does; each '\n' starts a continuation line */
};

/* -h, --help: in every command's tables. */
extern const struct cli_opt cli_help_opts[];

/* 1 when arg is not an option ("-" or a word) or names an option of one of
 * tables (a NULL-terminated array; "--name=VALUE" counts as --name); else
 * print "COMMAND: unknown option 'ARG'[; did you mean '--X'?]" (without
 * "COMMAND: " for a NULL command) as a usage error and return 0. */
int cli_opt_known(const char *command, const struct cli_opt *const *tables, const char *arg);
/* Print the rows of tables (NULL-terminated) as help lines. */
void cli_opt_print(FILE *f, const struct cli_opt *const *tables);
/* "; did you mean 'X'?" when word is near one of the n names (infracost_suggest), else "". */
const char *cli_did_you_mean(char *buf, size_t cap, const char *word, const char *const *names,
			     size_t n);

/* Print "infra-cost: error: MESSAGE" for the last library error. */
void cli_error(int code);
/* Print a usage error and return EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit status for a library error while loading a price book. */
int cli_book_status(int code);
/* Match "--name VALUE" or "--name=VALUE" at argv[*i]; 1 when matched. */
int cli_option(int argc, char **argv, int *i, const char *name, const char **value, int *bad);
/* Write an estimate to a file or stdout ("-" or NULL), streaming. */
int cli_write_estimate(const char *path, const infracost_estimate *est, infracost_format format);
/* Write text the same way (atomically when to a file). */
int cli_write_text(const char *path, const char *text, size_t len);

/* Load the default snapshot (unless no_default): only the books that the
 * nneed pairs of `need` use, or every book when need is NULL; then the store
 * (when given), then each book. */
int cli_load_catalog(infracost_catalog **out, int no_default, const infracost_region_ref *need,
		     size_t nneed, const char *store, const char **books, int nbooks);

/* What estimate and simulate read: a spec, environments, a catalog, and
 * where and how to write the result. */
struct cli_inputs {
	const char *command; /* for messages */
	const char *spec_path, *store, *format, *output;
	const char **books, **envs;
	int nbooks, nenvs, no_default;
	/* a spec made by the command (estimate --terraform) instead of SPEC:
	 * set from_input while parsing, spec_text (infracost_free) before
	 * cli_inputs_load, which loads it as spec_name */
	int from_input;
	char *spec_text;
	size_t spec_len;
	const char *spec_name;
	infracost_spec *spec;
	infracost_catalog *cat;
};

/* A command's own options: 1 when argv[*i] was one (set *bad on a usage
 * error, printed), 0 when not. */
typedef int (*cli_own_option)(void *ctx, int argc, char **argv, int *i, int *bad);

/* The input options of cli_inputs_parse (all but --format, whose values
 * differ by command: each command's own table has its row). */
extern const struct cli_opt cli_input_opts[];

/* Parse SPEC, --env, --catalog, --store, --no-default-catalog, --format,
 * --output and the command's own options (own, described by own_opts).
 * Returns EXIT_OK, CLI_HELP when --help was asked for, or an exit status
 * after a printed error. */
#define CLI_HELP (-1)
int cli_inputs_parse(struct cli_inputs *in, const char *command, int argc, char **argv,
		     const struct cli_opt *own_opts, cli_own_option own, void *ctx);
/* The option lines of a spec command's --help: own_opts, the input options,
 * --help, then where the shipped snapshot is. */
void cli_inputs_help(const struct cli_opt *own_opts);
/* Load the spec, check --env names, load the catalog: an exit status. */
int cli_inputs_load(struct cli_inputs *in);
void cli_inputs_free(struct cli_inputs *in);
/* What a text command computes from its inputs: the rendered result in
 * *text (freed with infracost_free), or a library error code. */
typedef int (*cli_produce)(const struct cli_inputs *in, void *ctx, infracost_format format,
			   char **text, size_t *len);

/* A command over SPEC that prints table or json, and html when `html` is
 * set (simulate, recommend): parse, load, produce, write. Returns the exit
 * status. */
int cli_run_text_command(int argc, char **argv, const char *command, void (*help)(void),
			 const struct cli_opt *own_opts, cli_own_option own, void *ctx,
			 cli_produce produce, int html);

/* The budgets of an estimate on stderr: each one exceeded as an error
 * (with check) or a warning, each one not checkable as a warning.
 * EXIT_BUDGET when check is set and one is exceeded, else EXIT_OK. */
int cli_report_budgets(const infracost_estimate *est, int check);

/* A number from 0 to 1 for option `opt`; 1 after a usage error (printed). */
int cli_parse_share(const char *command, const char *opt, const char *text, double *out);
/* The exit status for a library error while pricing. */
int cli_price_status(int code);

/* Signals (main.c). While a fetch or an import runs, SIGINT and SIGTERM
 * ask the library to stop (infracost_fetch_cancel), so that it removes its
 * temporary files; a second signal kills at once. cli_signals_release
 * restores the previous actions and returns the signal caught (0: none);
 * cli_signals_reraise then dies of it, as the shell expects (130, 143). */
void cli_signals_catch(void);
int cli_signals_release(void);
void cli_signals_reraise(int sig);

int cmd_estimate(int argc, char **argv);
int cmd_design_diff(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_recommend(int argc, char **argv);
int cmd_pricing(int argc, char **argv);
int cmd_capacity(int argc, char **argv);
int cmd_convert(int argc, char **argv);
/* convert terraform (cmd_terraform.c); argv[0] is "terraform". */
int cli_convert_terraform(int argc, char **argv);

/* --terraform [ENV=]PLAN.json (repeatable) and --usage FILE: the plans of
 * estimate and convert terraform. */
struct cli_terraform {
	infracost_terraform_plan *plans;
	size_t nplans;
	const char *usage, *region;
	/* The name the converted spec is loaded under: "PLAN.json (converted
	 * spec)", so that a line:column of it (the text 'convert terraform'
	 * prints) is never read as one of the plan. */
	char spec_name[1200];
};
/* Parse "[ENV=]PLAN" into the next plan; a usage error (printed) is 1. */
int cli_terraform_add(struct cli_terraform *tf, const char *command, const char *arg);
void cli_terraform_free(struct cli_terraform *tf);
/* Convert the plans to spec text (warnings on stderr): an exit status. */
int cli_terraform_convert(struct cli_terraform *tf, char **text, size_t *len);
/* convert kubernetes (cmd_kubernetes.c); argv[0] is "kubernetes". */
int cli_convert_kubernetes(int argc, char **argv);
/* pricing fetch|import|list|sources|diff (cmd_store.c); -1 for another name. */
int cmd_pricing_store(const char *sub, int argc, char **argv);
/* For 'pricing --help' and its did-you-mean: the store subcommands' usage
 * lines, one-line summaries and names (at most cap; returns how many). */
void cli_store_usage(FILE *f);
void cli_store_summaries(FILE *f);
size_t cli_store_names(const char **names, size_t cap);
/* How old a row's price is, for the terminal ("2026-07-20, 140 days old",
 * "undated (age unknown)"; $INFRA_COST_TODAY is today when set): a static
 * buffer, valid until the next call. */
const char *cli_price_age(const infracost_price *p);
/* Print `, "age_days": N|null, "effective": BOOL` of a row's JSON. */
void cli_price_json_tail(const infracost_price *p);

/* s for the terminal: control characters escaped visibly
 * (infracost_text_escape). The text lives in one of 16 buffers used in
 * turn: valid until 16 more calls (enough for one printf). */
const char *cli_text(const char *s);
/* Print s to stdout as a JSON string (C0 and DEL escaped). */
void cli_json_str(const char *s);
/* Print s to stdout as a CSV field: escaped as cli_text, quoted when it
 * holds a comma or a quote. */
void cli_csv_field(const char *s);

#endif
