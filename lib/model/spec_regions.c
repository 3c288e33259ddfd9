/* spec_regions.c - the (provider, region) pairs a spec prices in, so that a
 * catalog can load only the books it needs (infracost_catalog_load_dir_for). */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "infracost/catalog.h"
#include "model.h"
#include "service_type.h"

/* The spec's strings are interned: a pair is told apart by its pointers. A
 * set of pairs by open addressing (load factor <= 1/2). */
struct pair_set {
	infracost_region_ref *pairs; /* in order of first use */
	size_t n, cap;
	size_t *slots; /* index + 1 into pairs; 0: empty */
	size_t nslots;
};

static size_t pair_slot(const struct pair_set *s, const char *provider, const char *region)
{
	uint64_t h = ((uint64_t)(uintptr_t)provider * 0x9E3779B97F4A7C15ULL) ^
		     ((uint64_t)(uintptr_t)region * 0xff51afd7ed558ccdULL);
	size_t mask = s->nslots - 1, i = (size_t)(h ^ (h >> 29)) & mask;
	while (s->slots[i] && !(s->pairs[s->slots[i] - 1].provider == provider &&
				s->pairs[s->slots[i] - 1].region == region))
		i = (i + 1) & mask;
	return i;
}

static int pair_add(struct pair_set *s, const char *provider, const char *region)
{
	size_t i;
	if (!provider || !region)
		return 0; /* an environment whose services each name their own */
	if (s->n && s->pairs[s->n - 1].provider == provider && s->pairs[s->n - 1].region == region)
		return 0; /* the common case: the same place as the last one */
	if ((s->n + 1) * 2 > s->nslots) {
		size_t n = s->nslots ? s->nslots * 2 : 16;
		size_t *slots = infracost__calloc(n, sizeof(*slots)), *old = s->slots;
		if (!slots)
			return infracost__error_oom();
		s->slots = slots;
		s->nslots = n;
		for (size_t j = 0; j < s->n; j++)
			s->slots[pair_slot(s, s->pairs[j].provider, s->pairs[j].region)] = j + 1;
		infracost__free(old);
	}
	i = pair_slot(s, provider, region);
	if (s->slots[i])
		return 0;
	if (infracost__grow((void **)&s->pairs, &s->cap, s->n + 1, sizeof(*s->pairs)))
		return infracost__error_oom();
	s->pairs[s->n].provider = provider;
	s->pairs[s->n].region = region;
	s->slots[i] = ++s->n;
	return 0;
}

int infracost_spec_regions(infracost_region_ref **out, size_t *out_count,
			   const infracost_spec *spec)
{
	struct pair_set s = {NULL, 0, 0, NULL, 0};
	int rc = 0;

	if (!out || !out_count || !spec)
		return infracost__error(INFRACOST_EINVALID,
					"infracost_spec_regions: NULL argument");
	for (size_t e = 0; e < spec->nenvs && !rc; e++)
		rc = pair_add(&s, spec->envs[e].provider, spec->envs[e].region);
	for (size_t i = 0; i < spec->nservices && !rc; i++)
		for (size_t e = 0; e < spec->nenvs && !rc; e++) {
			const struct svc_env *se = spec->services[i].envs[e];
			const struct svc_type *t = spec->services[i].type;
			if (!se)
				continue;
			rc = pair_add(&s, se->provider, se->region);
			if (!rc && t->other_region)
				rc = pair_add(&s, se->provider, t->other_region(se));
		}
	infracost__free(s.slots);
	if (rc) {
		infracost__free(s.pairs);
		return rc;
	}
	*out = s.pairs;
	*out_count = s.n;
	return 0;
}
