/* alloc.h - every allocation of the library goes through here, so tests can
 * make the Nth allocation fail (see infracost__alloc_fail_after). */
#ifndef INFRACOST_ALLOC_H
#define INFRACOST_ALLOC_H

#include <stddef.h>

void *infracost__malloc(size_t size);
void *infracost__calloc(size_t count, size_t size);
void *infracost__realloc(void *ptr, size_t size);
void infracost__free(void *ptr);
char *infracost__strdup(const char *s);
char *infracost__strndup(const char *s, size_t n);

/* Grow *items (of *cap elements of `size` bytes) to hold at least `need`. */
int infracost__grow(void **items, size_t *cap, size_t need, size_t size);

/* Test hook: allocation number n (counting from 1 after this call) and every
 * later one fail; n = 0 turns failures off. Returns the count so far. */
unsigned long infracost__alloc_fail_after(unsigned long n);

#endif
