/* registry.c - the table of service types (service_type.h). Adding a type:
 * its file in lib/services/, one line here, its docs and its tests. The
 * order is the order types are listed in messages. */
#include <string.h>

#include "service_type.h"

extern const struct svc_type infracost__svc_vm, infracost__svc_container, infracost__svc_database,
	infracost__svc_cache, infracost__svc_load_balancer, infracost__svc_nat_gateway,
	infracost__svc_object_storage, infracost__svc_function, infracost__svc_data_transfer,
	infracost__svc_custom;

const struct svc_type *const infracost__svc_types[] = {
	&infracost__svc_vm,
	&infracost__svc_container,
	&infracost__svc_database,
	&infracost__svc_cache,
	&infracost__svc_load_balancer,
	&infracost__svc_nat_gateway,
	&infracost__svc_object_storage,
	&infracost__svc_function,
	&infracost__svc_data_transfer,
	&infracost__svc_custom,
};

const size_t infracost__svc_type_count = sizeof(infracost__svc_types) /
					 sizeof(infracost__svc_types[0]);

const struct svc_type *infracost__svc_type_find(const char *name)
{
	for (size_t i = 0; i < infracost__svc_type_count; i++)
		if (strcmp(infracost__svc_types[i]->name, name) == 0)
			return infracost__svc_types[i];
	return NULL;
}

void infracost__svc_types_with(int caps, char *buf, size_t len)
{
	size_t n = 0, k = 0;
	if (!len)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < infracost__svc_type_count; i++)
		n += (infracost__svc_types[i]->caps & caps) == caps;
	for (size_t i = 0; i < infracost__svc_type_count; i++) {
		if ((infracost__svc_types[i]->caps & caps) != caps)
			continue;
		k++;
		strncat(buf, k == 1 ? "" : k == n ? " and " : ", ", len - strlen(buf) - 1);
		strncat(buf, infracost__svc_types[i]->name, len - strlen(buf) - 1);
	}
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
