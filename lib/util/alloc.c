/* alloc.c - allocation wrappers with failure injection for tests. */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#include "infracost/common.h"

static _Thread_local unsigned long fail_at;
static _Thread_local unsigned long alloc_count;

unsigned long infracost__alloc_fail_after(unsigned long n)
{
	unsigned long done = alloc_count;
	fail_at = n;
	alloc_count = 0;
	return done;
}

static int should_fail(void)
{
	if (fail_at == 0)
		return 0;
	return ++alloc_count >= fail_at;
}

void *infracost__malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *infracost__calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *infracost__realloc(void *ptr, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(ptr, size ? size : 1);
}

void infracost__free(void *ptr)
{
	free(ptr);
}

char *infracost__strndup(const char *s, size_t n)
{
	char *copy = infracost__malloc(n + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

char *infracost__strdup(const char *s)
{
	return infracost__strndup(s, strlen(s));
}

int infracost__grow(void **items, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *grown;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need)
		ncap *= 2;
	grown = infracost__realloc(*items, ncap * size);
	if (!grown)
		return INFRACOST_ENOMEM;
	*items = grown;
	*cap = ncap;
	return 0;
}

void infracost_free(void *ptr)
{
	infracost__free(ptr);
}
