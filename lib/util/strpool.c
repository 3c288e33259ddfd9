/* strpool.c - string interning in arena blocks with an open-addressing set. */
#include "strpool.h"

#include <string.h>

#include "alloc.h"
#include "infracost/common.h"

struct strpool_block {
	struct strpool_block *next;
	size_t used, cap;
	char data[];
};

uint64_t infracost__hash_bytes(const char *s, size_t len)
{
	/* Eight bytes a step, multiply-xorshift mixing (not cryptographic). */
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (len * 0xff51afd7ed558ccdULL);
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (i < len) {
		uint64_t w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 29;
	}
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

void infracost__strpool_init(infracost_strpool *p)
{
	memset(p, 0, sizeof(*p));
}

void infracost__strpool_free(infracost_strpool *p)
{
	struct strpool_block *b = p->blocks;
	while (b) {
		struct strpool_block *next = b->next;
		infracost__free(b);
		b = next;
	}
	infracost__free((void *)p->slots);
	memset(p, 0, sizeof(*p));
}

static size_t probe(const char **slots, size_t nslots, const char *s, size_t len, uint64_t h)
{
	size_t mask = nslots - 1, i = (size_t)h & mask;
	while (slots[i] && !(strncmp(slots[i], s, len) == 0 && slots[i][len] == '\0'))
		i = (i + 1) & mask;
	return i;
}

const char *infracost__strpool_find(const infracost_strpool *p, const char *s, size_t len)
{
	if (!p->nslots)
		return NULL;
	return p->slots[probe(p->slots, p->nslots, s, len, infracost__hash_bytes(s, len))];
}

static int rehash(infracost_strpool *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 1024;
	const char **slots = infracost__calloc(n, sizeof(*slots));
	if (!slots)
		return -1;
	for (size_t i = 0; i < p->nslots; i++) {
		const char *s = p->slots[i];
		if (s) {
			size_t len = strlen(s);
			slots[probe(slots, n, s, len, infracost__hash_bytes(s, len))] = s;
		}
	}
	infracost__free((void *)p->slots);
	p->slots = slots;
	p->nslots = n;
	return 0;
}

static char *block_copy(infracost_strpool *p, const char *s, size_t len)
{
	struct strpool_block *b = p->blocks;
	char *copy;
	if (!b || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > 65536 ? len + 1 : 65536;
		b = infracost__malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = p->blocks;
		p->blocks = b;
	}
	copy = b->data + b->used;
	memcpy(copy, s, len);
	copy[len] = '\0';
	b->used += len + 1;
	return copy;
}

const char *infracost__strpool_store(infracost_strpool *p, const char *s, size_t len)
{
	return block_copy(p, s, len);
}

const char *infracost__strpool_intern(infracost_strpool *p, const char *s, size_t len)
{
	size_t i;
	char *copy;

	if ((p->count + 1) * 2 > p->nslots && rehash(p))
		return NULL;
	i = probe(p->slots, p->nslots, s, len, infracost__hash_bytes(s, len));
	if (p->slots[i])
		return p->slots[i];
	if (!(copy = block_copy(p, s, len)))
		return NULL;
	p->slots[i] = copy;
	p->count++;
	return copy;
}

size_t infracost__edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[128];

	if (la >= 128 || lb >= 128)
		return (la > lb ? la - lb : lb - la) + (strcmp(a, b) != 0) * 8;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *infracost_suggest(const char *word, const char *const *candidates, size_t count)
{
	const char *best = NULL;
	size_t best_d = 3; /* at most 2 edits */

	if (!word || !candidates)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		size_t d;
		if (!candidates[i])
			continue;
		d = infracost__edit_distance(word, candidates[i]);
		if (d < best_d && 2 * d < strlen(candidates[i])) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}
