/* json.h - the library's JSON reader: strict RFC 8259, ordered objects,
 * duplicate keys refused, every value remembers its byte offset so errors
 * can name line:column. One arena per document; nothing is freed alone. */
#ifndef INFRACOST_JSON_H
#define INFRACOST_JSON_H

#include <stddef.h>
#include <stdint.h>

enum json_type { JSON_T_NULL, JSON_T_FALSE, JSON_T_TRUE, JSON_T_NUMBER, JSON_T_STRING,
		 JSON_T_ARRAY, JSON_T_OBJECT };

typedef struct json_value json_value;
typedef struct json_member json_member;

struct json_value {
	uint32_t offset;   /* byte offset of the value in the text */
	uint32_t type : 3; /* enum json_type */
	uint32_t n : 29;   /* string length, array items, object members */
	union {
		double num;
		const char *str;      /* NUL-terminated, unescaped UTF-8 */
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
} json_doc;

/* Parse text[0..len). On failure returns INFRACOST_EPARSE (or ENOMEM) with
 * the error recorded as "source:line:column: malformed JSON: ...". */
int infracost__json_parse(json_doc *doc, const char *text, size_t len, const char *source);
void infracost__json_free(json_doc *doc);

/* The member `key` of an object, or NULL (also when v is not an object). */
const json_value *infracost__json_get(const json_value *obj, const char *key);

/* 1-based line and column (in bytes) of a value of the document. */
void infracost__json_position(const json_doc *doc, const json_value *v, int *line, int *column);

/* "an object", "a string", ... for messages. */
const char *infracost__json_type_name(const json_value *v);

#endif
