/* yamldoc.h - YAML documents (specs, Kubernetes manifests) read into the
 * tree spec.c reads from JSON (jsondoc.h). The one module that includes
 * libyaml.
 *
 * A document becomes the same values a JSON text would: mappings are
 * objects (member order kept), sequences arrays, scalars strings, numbers,
 * booleans or null. A plain (unquoted) scalar is typed by the YAML 1.2 core
 * schema: null, ~ and nothing are null; true and false (also True, TRUE,
 * ...) booleans; a decimal number (JSON's grammar, also with a leading +
 * or . and a trailing .) a number (a double, read in the C locale; one too
 * large for a double is an error); anything else a string. Quoted and
 * block scalars are strings. A reader that expects another kind asks for
 * the text of a plain scalar (infracost__yamldoc_plain): spec.c reads
 * `engine_version: 15` as "15", `multi_az: yes` as true, and refuses
 * `count: 017` (octal in YAML 1.1, decimal in 1.2) naming both readings.
 *
 * Tags: the standard ones only (!!str, !!int, !!float, !!bool, !!null,
 * !!map, !!seq; a scalar tagged !!int or !!float must be a number, !!bool
 * true or false); any other tag is an error. Anchors and aliases: an alias
 * places the anchored value again (shared, not copied); all the aliases of
 * a document may add at most YAMLDOC_MAX_ALIASED values (an alias bomb is
 * refused, in time linear in the text); an alias to a node that encloses it
 * is refused. Keys are scalars (a mapping, a sequence or an alias as a key
 * is an error); a repeated key is an error, as in JSON; merge keys (<<) are
 * not supported (an error says so). Nesting deeper than YAMLDOC_MAX_DEPTH
 * is an error. Strings holding NUL ("\0") are refused.
 *
 * Errors are INFRACOST_EPARSE "SOURCE:LINE:COLUMN: message", with
 * libyaml's line and column (1-based; the column counts characters) for a
 * malformed text ("malformed YAML: ...").
 *
 * Positions: libyaml's marks are not kept; a value's line and column are
 * found when an error needs them, from its path, by parsing the text again
 * up to it (infracost__yaml_locate; doc->locate of a YAML document). A path
 * through an alias ends at the alias: the place where the value was
 * written by reference. */
#ifndef INFRACOST_YAMLDOC_H
#define INFRACOST_YAMLDOC_H

#include <stddef.h>

#include "jsondoc.h"

#define YAMLDOC_MAX_DEPTH 2048
#define YAMLDOC_MAX_ALIASED 1000000

/* The documents of a text, read one after another. */
typedef struct yamlreader yamlreader;

/* A reader over text[0..len) (borrowed until closed); `source` names it in
 * messages. Returns 0 or INFRACOST_ENOMEM. */
int infracost__yaml_open(yamlreader **out, const char *text, size_t len, const char *source);

/* The next document into *doc (freed with infracost__jsondoc_free): 1,
 * 0 after the last (doc empty), or a negative code (INFRACOST_EPARSE,
 * ENOMEM) with the error recorded. An empty document (`---` alone) has a
 * NULL root. *line and *column (may be NULL) get where the document
 * starts. */
int infracost__yaml_next(yamlreader *r, jsondoc *doc, int *line, int *column);

void infracost__yaml_close(yamlreader *r);

/* The only document of a text into doc: 0, or a negative code. A text of
 * no document (only comments) gives a NULL root; *more_line and
 * *more_column get the start of a second document (0, 0 when none: the
 * second itself is not read). */
int infracost__yamldoc_parse(jsondoc *doc, const char *text, size_t len, const char *source,
			     int *more_line, int *more_column);

/* Whether `text` (after leading whitespace and a UTF-8 byte order mark)
 * looks like YAML rather than JSON: it does not start with '{' or '['. */
int infracost__yaml_sniff(const char *text, size_t len);

/* The text of v when it is a plain (unquoted) scalar of a YAML document
 * that was typed as a number, or a string that reads as a YAML 1.1
 * boolean or a number in another notation (yes, off, 017, 0x1F, 1_000,
 * .inf); else NULL (and always for a JSON document). *len gets its length. */
const char *infracost__yamldoc_plain(const jsondoc *doc, const jsonval *v, size_t *len);

/* A plain scalar that YAML 1.1 reads as a boolean (yes, no, on, off, y, n
 * in any of their cases), for a key that wants one: 1 or 0; else -1 (and
 * always for a JSON document). */
int infracost__yamldoc_bool(const jsondoc *doc, const jsonval *v);

/* The line and column (1-based) of the value at `steps` of document
 * `docno` of a YAML text: 0, or -1 when not found (0, 0). */
int infracost__yaml_locate(const char *text, size_t len, size_t docno, const json_step *steps,
			   size_t nsteps, int *line, int *column);

#endif
