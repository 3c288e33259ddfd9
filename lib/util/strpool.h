/* strpool.h - interned strings: one copy of each, compared by pointer. */
#ifndef INFRACOST_STRPOOL_H
#define INFRACOST_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct infracost_strpool {
	const char **slots; /* open addressing, NULL = empty */
	size_t nslots, count;
	struct strpool_block *blocks;
} infracost_strpool;

void infracost__strpool_init(infracost_strpool *p);
void infracost__strpool_free(infracost_strpool *p);
/* The interned copy of s[0..len), added when new; NULL when out of memory. */
const char *infracost__strpool_intern(infracost_strpool *p, const char *s, size_t len);
/* A copy in the pool's memory that is not interned (for strings known to
 * be unique, such as "book.csv:12"); NULL when out of memory. */
const char *infracost__strpool_store(infracost_strpool *p, const char *s, size_t len);
/* The interned copy, or NULL when s was never interned. */
const char *infracost__strpool_find(const infracost_strpool *p, const char *s, size_t len);
uint64_t infracost__hash_bytes(const char *s, size_t len);
/* Levenshtein distance between two strings (capped for very long ones). */
size_t infracost__edit_distance(const char *a, const char *b);

#endif
