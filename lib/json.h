/* json.h - the library's JSON reader: strict RFC 8259, ordered objects,
 * duplicate keys refused, every value remembers its byte offset so errors
 * can name line:column. One arena per document; nothing is freed alone. */
#ifndef INFRACOST_JSON_H
#define INFRACOST_JSON_H

#include <stddef.h>
#include <stdint.h>

enum json_type {
	JSON_T_NULL,
	JSON_T_FALSE,
	JSON_T_TRUE,
	JSON_T_NUMBER,
	JSON_T_STRING,
	JSON_T_ARRAY,
	JSON_T_OBJECT
};

typedef struct json_value json_value;
typedef struct json_member json_member;

struct json_value {
	uint32_t offset;   /* byte offset of the value in the text */
	uint32_t type : 3; /* enum json_type */
	uint32_t n : 29;   /* string length, array items, object members */
	union {
		double num;
		const char *str; /* NUL-terminated, unescaped UTF-8 */
		json_value *items;
		json_member *members;
	} u;
};

struct json_member {
	const char *key; /* NUL-terminated, unescaped (a key never holds NUL) */
	json_value value;
};

typedef struct json_doc {
	const json_value *root;
	const char *text; /* borrowed: the parsed text, for positions */
	size_t len;
	struct json_block *blocks;
	struct json_block *mark; /* the arena as it was after parsing */
	size_t mark_used;
	int deferred; /* a deferred member was found */
} json_doc;

/* Walks the elements of a deferred array (see infracost__json_parse_deferred). */
typedef struct json_walk {
	json_doc *doc;
	const char *source;
	const char *p;
	size_t index;
	json_value value;
	json_value *vstack;
	size_t vcap;
	json_member *mstack;
	size_t mcap;
} json_walk;

/* Parse text[0..len). On failure returns INFRACOST_EPARSE (or ENOMEM) with
 * the error recorded as "source:line:column: malformed JSON: ...". */
int infracost__json_parse(json_doc *doc, const char *text, size_t len, const char *source);
void infracost__json_free(json_doc *doc);

/*
 * Parse like infracost__json_parse, except that the value of the root
 * object's member `key` is only checked (syntax, and counted when it is an
 * array: its n is the number of elements, its items NULL). Its elements are
 * then built one at a time by a walk, each in memory that the next one
 * reuses: a large array never exists as a whole tree.
 */
int infracost__json_parse_deferred(json_doc *doc, const char *text, size_t len, const char *source,
				   const char *key);

/* Walk a deferred array: next returns 1 with the element in *out (valid
 * until the next call), 0 after the last, or a negative error code. */
void infracost__json_walk_begin(json_walk *w, json_doc *doc, const json_value *array,
				const char *source);
int infracost__json_walk_next(json_walk *w, const json_value **out);
void infracost__json_walk_end(json_walk *w);

/* The member `key` of an object, or NULL (also when v is not an object). */
const json_value *infracost__json_get(const json_value *obj, const char *key);

/* 1-based line and column (in bytes) of a value of the document. */
void infracost__json_position(const json_doc *doc, const json_value *v, int *line, int *column);

/* "an object", "a string", ... for messages. */
const char *infracost__json_type_name(const json_value *v);

#endif
