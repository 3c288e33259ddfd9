/* ebs.h - the EBS arithmetic shared by the types that price volumes (vm's
 * disk, block_storage): the volume types, the IOPS and throughput that are
 * billed (formats.md section 5, "block_storage"). */
#ifndef INFRACOST_EBS_H
#define INFRACOST_EBS_H

/* gp2, gp3, io1, io2, st1, sc1, standard (NULL-terminated; gp3 first, the
 * default). */
extern const char *const infracost__ebs_volume_types[];

/* IOPS of one volume that are billed: gp3 above the 3,000 included, io1
 * and io2 all of them (io2 tiered by the catalog's ladder), others none. */
double infracost__ebs_billable_iops(const char *volume, double iops);

/* MB/s of one volume that are billed: gp3 above the 125 included, others
 * none. */
double infracost__ebs_billable_throughput(const char *volume, double mbps);

/* Whether a volume type can be given IOPS (gp3, io1, io2) or a throughput
 * (gp3). */
int infracost__ebs_takes_iops(const char *volume);
int infracost__ebs_takes_throughput(const char *volume);

/* The IOPS sku of a volume type ("gp3:iops") and the throughput sku. */
const char *infracost__ebs_iops_sku(const char *volume);
#define INFRACOST_EBS_THROUGHPUT_SKU "gp3:throughput"

#endif
