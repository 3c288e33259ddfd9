/* registry.c - the table of service types (service_type.h). Adding a type:
 * its file in lib/services/, one line here, its docs and its tests. The
 * order is the order types are listed in messages. */
#include <string.h>

#include "service_type.h"

/* The table: one line a type, X(NAME) for the `infracost__svc_NAME` its file
 * defines. */
#define SERVICE_TYPES(X)                                                                           \
	X(vm)                                                                                      \
	X(container)                                                                               \
	X(database)                                                                                \
	X(cache)                                                                                   \
	X(load_balancer)                                                                           \
	X(nat_gateway)                                                                             \
	X(object_storage)                                                                          \
	X(function)                                                                                \
	X(data_transfer)                                                                           \
	X(custom)                                                                                  \
	X(public_ip)                                                                               \
	X(key_value)                                                                               \
	X(cdn)                                                                                     \
	X(dns)

#define DECLARE(name) extern const struct svc_type infracost__svc_##name;
#define ADDRESS(name) &infracost__svc_##name,
SERVICE_TYPES(DECLARE)

const struct svc_type *const infracost__svc_types[] = {SERVICE_TYPES(ADDRESS)};

const size_t infracost__svc_type_count = sizeof(infracost__svc_types) /
					 sizeof(infracost__svc_types[0]);

const struct svc_type *infracost__svc_type_find(const char *name)
{
	for (size_t i = 0; i < infracost__svc_type_count; i++)
		if (strcmp(infracost__svc_types[i]->name, name) == 0)
			return infracost__svc_types[i];
	return NULL;
}

/* The names of the types `has` selects, "a, b CONJ c". */
static void types_list(int caps, int any, const char *conj, char *buf, size_t len)
{
	size_t n = 0, k = 0;
	if (!len)
		return;
	buf[0] = '\0';
#define HAS(t) (any ? ((t)->caps & caps) != 0 : ((t)->caps & caps) == caps)
	for (size_t i = 0; i < infracost__svc_type_count; i++)
		n += HAS(infracost__svc_types[i]);
	for (size_t i = 0; i < infracost__svc_type_count; i++) {
		if (!HAS(infracost__svc_types[i]))
			continue;
		k++;
		strncat(buf, k == 1 ? "" : k < n ? ", " : conj, len - strlen(buf) - 1);
		strncat(buf, infracost__svc_types[i]->name, len - strlen(buf) - 1);
	}
#undef HAS
}

void infracost__svc_types_with(int caps, char *buf, size_t len)
{
	types_list(caps, 0, " and ", buf, len);
}

void infracost__svc_types_with_any(int caps, char *buf, size_t len)
{
	types_list(caps, 1, " or ", buf, len);
}

int infracost__svc_key_index(const struct svc_type *t, const char *key)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (t->keys[i].name[0] == key[0] && strcmp(t->keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

const char *infracost__svc_catalog_service(const struct svc_catalog *cat, const char *provider)
{
	if (strcmp(provider, "gcp") == 0 && cat->gcp)
		return cat->gcp;
	if (strcmp(provider, "azure") == 0 && cat->azure)
		return cat->azure;
	return cat->aws;
}
