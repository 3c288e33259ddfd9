/* ebs.c - the EBS arithmetic shared by vm's disk and block_storage
 * (ebs.h; formats.md section 5). */
#include "ebs.h"

#include <string.h>

const char *const infracost__ebs_volume_types[] = {"gp3", "gp2", "io1",      "io2",
						   "st1", "sc1", "standard", NULL};

int infracost__ebs_takes_iops(const char *volume)
{
	return strcmp(volume, "gp3") == 0 || strcmp(volume, "io1") == 0 ||
	       strcmp(volume, "io2") == 0;
}

int infracost__ebs_takes_throughput(const char *volume)
{
	return strcmp(volume, "gp3") == 0;
}

double infracost__ebs_billable_iops(const char *volume, double iops)
{
	if (strcmp(volume, "gp3") == 0)
		return iops > 3000 ? iops - 3000 : 0;
	return infracost__ebs_takes_iops(volume) ? iops : 0;
}

double infracost__ebs_billable_throughput(const char *volume, double mbps)
{
	if (infracost__ebs_takes_throughput(volume))
		return mbps > 125 ? mbps - 125 : 0;
	return 0;
}

const char *infracost__ebs_iops_sku(const char *volume)
{
	if (strcmp(volume, "io1") == 0)
		return "io1:iops";
	if (strcmp(volume, "io2") == 0)
		return "io2:iops";
	return "gp3:iops";
}
