/* jsondoc.h - JSON documents read whole: specs, Azure and GCP API pages,
 * AWS offer and region indexes, Spot Advisor data. The one module that
 * includes jansson (the design card's JSON library); other modules see an
 * opaque value type and small accessors.
 *
 * The reading is jansson's: strict RFC 8259, duplicate object keys refused
 * (JSON_REJECT_DUPLICATES, linear time), every number a double
 * (JSON_DECODE_INT_AS_REAL; one too large for a double, 1e400, is an
 * error), no "\u0000" in strings, any value at the top (JSON_DECODE_ANY),
 * nesting up to jansson's limit (2048). Object members keep their order.
 * A malformed text is INFRACOST_EPARSE "SOURCE:LINE:COLUMN: malformed JSON:
 * jansson's text" with jansson's line and column.
 *
 * jansson keeps no positions of values: a value's line and column are
 * found when an error needs them, from its path (where it sits in the
 * tree) by one linear walk over the text with lib/formats/jstream.c. Many
 * positions at once (one per element of an array) are one walk too
 * (infracost__jsondoc_item_lines). Multi-GB offer files never come here:
 * they are streamed by lib/formats/jstream.c. */
#ifndef INFRACOST_JSONDOC_H
#define INFRACOST_JSONDOC_H

#include <stddef.h>

/* A value of a document (jansson's json_t, opaque outside jsondoc.c);
 * valid until the document is freed. */
typedef struct json_t jsonval;

enum jv_type { JV_NULL, JV_FALSE, JV_TRUE, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

/* How a document other than JSON (a YAML one, lib/formats/yamldoc.c) finds
 * the line and column of the value at `steps` of its document `docno` in
 * its text: 0, or -1 when not found. */
typedef struct json_step json_step;
typedef int (*jsondoc_locate_fn)(const char *text, size_t len, size_t docno, const json_step *steps,
				 size_t nsteps, int *line, int *column);

typedef struct jsondoc {
	jsonval *root;
	const char *text; /* borrowed: the parsed text, for positions */
	size_t len;
	const char *source; /* borrowed: names the text in messages */
	/* A deferred array (infracost__jsondoc_parse_deferred): */
	const char *key;  /* the root member it is, NULL when none */
	size_t n;         /* its elements */
	size_t *starts;   /* byte offset of each element, and of its ']' */
	size_t next;      /* the element infracost__jsondoc_next parses next */
	jsonval *element; /* the element parsed last */
	/* A tree built from another format (YAML): how positions are found in
	 * its text (NULL for JSON), which document of the text it is, and the
	 * reader's own data, freed by aux_free with the document. */
	jsondoc_locate_fn locate;
	size_t docno;
	void *aux;
	void (*aux_free)(void *aux);
} jsondoc;

/* Parse text[0..len). On failure returns INFRACOST_EPARSE (or ENOMEM)
 * with the error recorded; doc needs no free then. */
int infracost__jsondoc_parse(jsondoc *doc, const char *text, size_t len, const char *source);

/* Parse like infracost__jsondoc_parse, except that when the root is an
 * object whose member `key` is an array, that array is left empty in the
 * tree and its doc->n elements are parsed one at a time by
 * infracost__jsondoc_next, each freed when the next is parsed: a large
 * array (a spec's services) never exists as a whole tree. The elements'
 * offsets come from one pass of jstream.c, which checks their syntax (a
 * malformed text gets jansson's message for the whole text); the rest of
 * the root is parsed by jansson at once, so the whole syntax is checked
 * before the first element is returned, but for what only jansson refuses
 * inside an element (a duplicate key), reported when that element is
 * parsed. doc->key is NULL when nothing was deferred. */
int infracost__jsondoc_parse_deferred(jsondoc *doc, const char *text, size_t len,
				      const char *source, const char *key);

/* The next element of the deferred array: 1 with *out (valid until the
 * next call), 0 after the last, or a negative code (a malformed element:
 * INFRACOST_EPARSE with its line and column in the whole text). */
int infracost__jsondoc_next(jsondoc *doc, const jsonval **out);

void infracost__jsondoc_free(jsondoc *doc);

/* The type of v (JV_NULL for a NULL v). */
enum jv_type infracost__jv_type(const jsonval *v);
/* v is not NULL and of type t. */
int infracost__jv_is(const jsonval *v, enum jv_type t);
double infracost__jv_num(const jsonval *v);
/* NUL-terminated UTF-8 (a string never holds NUL: "\u0000" is refused). */
const char *infracost__jv_str(const jsonval *v);
/* Bytes of a string, elements of an array, members of an object; else 0. */
size_t infracost__jv_len(const jsonval *v);
/* Element i of an array, or NULL. */
const jsonval *infracost__jv_item(const jsonval *array, size_t i);
/* The member `key` of an object, or NULL (also when obj is not an object). */
const jsonval *infracost__jv_get(const jsonval *obj, const char *key);
/* "an object", "a string", ... for messages. */
const char *infracost__jv_type_name(const jsonval *v);

/* The members of an object, in document order (none when obj is not an
 * object):
 *     for (jv_iter it = infracost__jv_members(obj); infracost__jv_iter_next(&it);)
 *             use(it.key, it.value);                                      */
typedef struct jv_iter {
	const jsonval *obj;
	void *it;
	const char *key;
	const jsonval *value;
} jv_iter;
jv_iter infracost__jv_members(const jsonval *obj);
int infracost__jv_iter_next(jv_iter *it);

/* ---- building a tree (the YAML reader) ------------------------------------ */

/* New values, owned by the caller until added to a container; NULL when
 * memory runs out (or a string is not UTF-8). Numbers are doubles, as
 * parsed JSON's are. */
jsonval *infracost__jv_new_object(void);
jsonval *infracost__jv_new_array(void);
jsonval *infracost__jv_new_string(const char *s, size_t len);
jsonval *infracost__jv_new_number(double d);
jsonval *infracost__jv_new_bool(int b);
jsonval *infracost__jv_new_null(void);
/* One more owner of v (a value placed twice: a YAML alias); returns v. */
jsonval *infracost__jv_ref(jsonval *v);
/* Drop the caller's ownership of v (NULL accepted). */
void infracost__jv_unref(jsonval *v);
/* Add `child` (taken over, freed on failure) to an array (key NULL) or
 * as member `key` of an object. Returns 0, 1 when the object has that
 * key already, or INFRACOST_ENOMEM (no error recorded). */
int infracost__jv_add(jsonval *container, const char *key, jsonval *child);

/* ---- positions ---------------------------------------------------------- */

/* One step of a path: the member `key` of an object, or (key NULL) the
 * element `index` of an array. */
struct json_step {
	const char *key;
	size_t index;
};

/* 1-based line and byte column where the value at `steps` starts in the
 * JSON text[0..len), by one linear walk (keys compared unescaped). Returns
 * 0, or -1 when the path is not in the text (*line and *column are 0 then;
 * no error is recorded). */
int infracost__json_locate(const char *text, size_t len, const json_step *steps, size_t nsteps,
			   int *line, int *column);

/* Line and column of a value of the document, the element of a deferred
 * array parsed last included (0, 0 when not found). A value is found by
 * identity; true, false and null, which jansson shares
 * between places, are found at the place whose path, written as in
 * messages ("services[3].overrides.prod.replicas", a root member without a
 * dot), equals `path` (may be NULL: the first place). */
void infracost__jsondoc_position(const jsondoc *doc, const jsonval *v, const char *path, int *line,
				 int *column);

/* The line of each element of `array` (a value of doc; `path` as above),
 * by one walk: *out gets infracost__jv_len(array) lines, freed with
 * infracost__free. Returns 0 or a negative code (ENOMEM). */
int infracost__jsondoc_item_lines(const jsondoc *doc, const jsonval *array, const char *path,
				  int **out);

#endif
