/* gcp_machines.h - predefined Compute Engine machine types whose hourly
 * price infracost__gcp_finish composes from per-vCPU and per-GiB SKU prices:
 *
 *     price = billed_vcpu x core price + memory_gib x RAM price
 *
 * Shapes: standard, highmem and highcpu of E2, N2, N2D and C3, and T2D
 * standard (T2D has no other shape). Memory is in GiB (Google bills "GB" of
 * 2^30 bytes: cloud.google.com/compute/vm-instance-pricing).
 *
 * Sizes: Google's machine family documentation
 * (cloud.google.com/compute/docs/general-purpose-machines), as transcribed in
 * Cyclenerd/google-cloud-pricing-cost-calculator (Apache-2.0) build/gcp.yml,
 * file commit 016c92db14711463b6e0614d18083195a5a8778d. Cross-checked:
 *  - row for row against a second transcription citing
 *    cloud.google.com/compute/docs/machine-resource (search index id
 *    61704598263, repository not identified);
 *  - against pricing-data/gcp-us-central1.csv (c3-standard-4 4/16,
 *    e2-standard-2 2/8, e2-standard-4 4/16, n2-standard-2 2/8, n2-standard-4
 *    4/16, n2d-standard-2 2/8; e2-micro/small/medium memory 1/2/4);
 *  - by price: composing every type below from the us-central1 core and RAM
 *    rates reproduces the on-demand prices of
 *    cloudpilot-ai/karpenter-provider-gcp initial-prices.json (commit
 *    036c6e2c3ad45e4a2b6028986c81178cf5cc14c2), which that project builds
 *    from the Compute Engine machine-types API (see tests/test_feed_gcp.c).
 *    n2-highmem-128 has 864 GiB, not 1024.
 *
 * E2 shared-core types bill a fraction of a vCPU: e2-micro 0.25, e2-small
 * 0.5, e2-medium 1 (cloud.google.com/compute/vm-instance-pricing#sharedcore,
 * as cited by karpenter-provider-gcp pkg/providers/pricing/instanceprice/
 * families.go and transcribed in the gcp.yml above). Composed with that rule
 * they reproduce pricing-data/gcp-us-central1.csv exactly (e2-micro
 * 0.0083764275, e2-small 0.016752855, e2-medium 0.03350571). Their `vcpu` is
 * -1 (unknown), as in the shipped book: the guest sees 2 vCPUs, the bill
 * counts a share, and neither is the capacity of a sustained core. */
#ifndef INFRACOST_GCP_MACHINES_H
#define INFRACOST_GCP_MACHINES_H

struct infracost_gcp_machine {
	const char *name;   /* machine type, the price-book sku */
	const char *family; /* "e2", "n2", "n2d", "c3", "t2d" */
	double vcpu;        /* vCPUs for the row's vcpu column; -1 unknown */
	double billed_vcpu; /* vCPUs billed at the core price */
	double memory_gib;  /* GiB billed at the RAM price (the row's memory_gb) */
};

static const struct infracost_gcp_machine infracost_gcp_machines[] = {
	{"e2-micro", "e2", -1.0, 0.25, 1.0},
	{"e2-small", "e2", -1.0, 0.5, 2.0},
	{"e2-medium", "e2", -1.0, 1.0, 4.0},
	{"e2-standard-2", "e2", 2.0, 2.0, 8.0},
	{"e2-standard-4", "e2", 4.0, 4.0, 16.0},
	{"e2-standard-8", "e2", 8.0, 8.0, 32.0},
	{"e2-standard-16", "e2", 16.0, 16.0, 64.0},
	{"e2-standard-32", "e2", 32.0, 32.0, 128.0},
	{"e2-highmem-2", "e2", 2.0, 2.0, 16.0},
	{"e2-highmem-4", "e2", 4.0, 4.0, 32.0},
	{"e2-highmem-8", "e2", 8.0, 8.0, 64.0},
	{"e2-highmem-16", "e2", 16.0, 16.0, 128.0},
	{"e2-highcpu-2", "e2", 2.0, 2.0, 2.0},
	{"e2-highcpu-4", "e2", 4.0, 4.0, 4.0},
	{"e2-highcpu-8", "e2", 8.0, 8.0, 8.0},
	{"e2-highcpu-16", "e2", 16.0, 16.0, 16.0},
	{"e2-highcpu-32", "e2", 32.0, 32.0, 32.0},
	{"n2-standard-2", "n2", 2.0, 2.0, 8.0},
	{"n2-standard-4", "n2", 4.0, 4.0, 16.0},
	{"n2-standard-8", "n2", 8.0, 8.0, 32.0},
	{"n2-standard-16", "n2", 16.0, 16.0, 64.0},
	{"n2-standard-32", "n2", 32.0, 32.0, 128.0},
	{"n2-standard-48", "n2", 48.0, 48.0, 192.0},
	{"n2-standard-64", "n2", 64.0, 64.0, 256.0},
	{"n2-standard-80", "n2", 80.0, 80.0, 320.0},
	{"n2-standard-96", "n2", 96.0, 96.0, 384.0},
	{"n2-standard-128", "n2", 128.0, 128.0, 512.0},
	{"n2-highmem-2", "n2", 2.0, 2.0, 16.0},
	{"n2-highmem-4", "n2", 4.0, 4.0, 32.0},
	{"n2-highmem-8", "n2", 8.0, 8.0, 64.0},
	{"n2-highmem-16", "n2", 16.0, 16.0, 128.0},
	{"n2-highmem-32", "n2", 32.0, 32.0, 256.0},
	{"n2-highmem-48", "n2", 48.0, 48.0, 384.0},
	{"n2-highmem-64", "n2", 64.0, 64.0, 512.0},
	{"n2-highmem-80", "n2", 80.0, 80.0, 640.0},
	{"n2-highmem-96", "n2", 96.0, 96.0, 768.0},
	{"n2-highmem-128", "n2", 128.0, 128.0, 864.0},
	{"n2-highcpu-2", "n2", 2.0, 2.0, 2.0},
	{"n2-highcpu-4", "n2", 4.0, 4.0, 4.0},
	{"n2-highcpu-8", "n2", 8.0, 8.0, 8.0},
	{"n2-highcpu-16", "n2", 16.0, 16.0, 16.0},
	{"n2-highcpu-32", "n2", 32.0, 32.0, 32.0},
	{"n2-highcpu-48", "n2", 48.0, 48.0, 48.0},
	{"n2-highcpu-64", "n2", 64.0, 64.0, 64.0},
	{"n2-highcpu-80", "n2", 80.0, 80.0, 80.0},
	{"n2-highcpu-96", "n2", 96.0, 96.0, 96.0},
	{"n2d-standard-2", "n2d", 2.0, 2.0, 8.0},
	{"n2d-standard-4", "n2d", 4.0, 4.0, 16.0},
	{"n2d-standard-8", "n2d", 8.0, 8.0, 32.0},
	{"n2d-standard-16", "n2d", 16.0, 16.0, 64.0},
	{"n2d-standard-32", "n2d", 32.0, 32.0, 128.0},
	{"n2d-standard-48", "n2d", 48.0, 48.0, 192.0},
	{"n2d-standard-64", "n2d", 64.0, 64.0, 256.0},
	{"n2d-standard-80", "n2d", 80.0, 80.0, 320.0},
	{"n2d-standard-96", "n2d", 96.0, 96.0, 384.0},
	{"n2d-standard-128", "n2d", 128.0, 128.0, 512.0},
	{"n2d-standard-224", "n2d", 224.0, 224.0, 896.0},
	{"n2d-highmem-2", "n2d", 2.0, 2.0, 16.0},
	{"n2d-highmem-4", "n2d", 4.0, 4.0, 32.0},
	{"n2d-highmem-8", "n2d", 8.0, 8.0, 64.0},
	{"n2d-highmem-16", "n2d", 16.0, 16.0, 128.0},
	{"n2d-highmem-32", "n2d", 32.0, 32.0, 256.0},
	{"n2d-highmem-48", "n2d", 48.0, 48.0, 384.0},
	{"n2d-highmem-64", "n2d", 64.0, 64.0, 512.0},
	{"n2d-highmem-80", "n2d", 80.0, 80.0, 640.0},
	{"n2d-highmem-96", "n2d", 96.0, 96.0, 768.0},
	{"n2d-highcpu-2", "n2d", 2.0, 2.0, 2.0},
	{"n2d-highcpu-4", "n2d", 4.0, 4.0, 4.0},
	{"n2d-highcpu-8", "n2d", 8.0, 8.0, 8.0},
	{"n2d-highcpu-16", "n2d", 16.0, 16.0, 16.0},
	{"n2d-highcpu-32", "n2d", 32.0, 32.0, 32.0},
	{"n2d-highcpu-48", "n2d", 48.0, 48.0, 48.0},
	{"n2d-highcpu-64", "n2d", 64.0, 64.0, 64.0},
	{"n2d-highcpu-80", "n2d", 80.0, 80.0, 80.0},
	{"n2d-highcpu-96", "n2d", 96.0, 96.0, 96.0},
	{"n2d-highcpu-128", "n2d", 128.0, 128.0, 128.0},
	{"n2d-highcpu-224", "n2d", 224.0, 224.0, 224.0},
	{"c3-standard-4", "c3", 4.0, 4.0, 16.0},
	{"c3-standard-8", "c3", 8.0, 8.0, 32.0},
	{"c3-standard-22", "c3", 22.0, 22.0, 88.0},
	{"c3-standard-44", "c3", 44.0, 44.0, 176.0},
	{"c3-standard-88", "c3", 88.0, 88.0, 352.0},
	{"c3-standard-176", "c3", 176.0, 176.0, 704.0},
	{"c3-highmem-4", "c3", 4.0, 4.0, 32.0},
	{"c3-highmem-8", "c3", 8.0, 8.0, 64.0},
	{"c3-highmem-22", "c3", 22.0, 22.0, 176.0},
	{"c3-highmem-44", "c3", 44.0, 44.0, 352.0},
	{"c3-highmem-88", "c3", 88.0, 88.0, 704.0},
	{"c3-highmem-176", "c3", 176.0, 176.0, 1408.0},
	{"c3-highcpu-4", "c3", 4.0, 4.0, 8.0},
	{"c3-highcpu-8", "c3", 8.0, 8.0, 16.0},
	{"c3-highcpu-22", "c3", 22.0, 22.0, 44.0},
	{"c3-highcpu-44", "c3", 44.0, 44.0, 88.0},
	{"c3-highcpu-88", "c3", 88.0, 88.0, 176.0},
	{"c3-highcpu-176", "c3", 176.0, 176.0, 352.0},
	{"t2d-standard-1", "t2d", 1.0, 1.0, 4.0},
	{"t2d-standard-2", "t2d", 2.0, 2.0, 8.0},
	{"t2d-standard-4", "t2d", 4.0, 4.0, 16.0},
	{"t2d-standard-8", "t2d", 8.0, 8.0, 32.0},
	{"t2d-standard-16", "t2d", 16.0, 16.0, 64.0},
	{"t2d-standard-32", "t2d", 32.0, 32.0, 128.0},
	{"t2d-standard-48", "t2d", 48.0, 48.0, 192.0},
	{"t2d-standard-60", "t2d", 60.0, 60.0, 240.0},
};

#define INFRACOST_GCP_MACHINE_COUNT                                                                \
	(sizeof infracost_gcp_machines / sizeof infracost_gcp_machines[0])

#endif
