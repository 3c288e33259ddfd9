/* file_storage.c - the file_storage service type: EFS file systems, GB-months
 * in each storage class and GB read from or written to Infrequent Access
 * (docs/spec.md "file_storage"; formats.md section 5). */
#include <math.h>

#include "service_type.h"

enum { STORAGE_GB, IA_STORAGE_GB, ARCHIVE_STORAGE_GB, IA_ACCESS_GB, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[STORAGE_GB] = {"storage_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[IA_STORAGE_GB] = {"ia_storage_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[ARCHIVE_STORAGE_GB] = {"archive_storage_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[IA_ACCESS_GB] = {"ia_access_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
};

/* aws: EFS; gcp and azure: no sourced prices yet. */
static const struct svc_catalog efs = {"efs", NULL, NULL};

/* Each line: its component, the key giving its quantity, its sku and unit. */
static const struct svc_metered lines[] = {
	{"storage", STORAGE_GB, "storage:standard", "gb_month"},
	{"ia_storage", IA_STORAGE_GB, "storage:ia", "gb_month"},
	{"archive_storage", ARCHIVE_STORAGE_GB, "storage:archive", "gb_month"},
	{"ia_access", IA_ACCESS_GB, "access:ia", "gb"},
};

static int price(struct svc_pricer *p)
{
	return infracost__pricer_metered(p, &efs, lines, sizeof(lines) / sizeof(lines[0]));
}

const struct svc_type infracost__svc_file_storage = {
	.name = "file_storage",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
