/* feed_aws.c - the AWS Price List bulk files into price-book rows (feed.h).
 *
 * Offer files (JSON or CSV) are read as streams: the JSON one through
 * jstream.c with a fixed buffer, the CSV one through the small streaming
 * record reader below (lib/formats/csv.c works on a whole buffer). Memory grows
 * with the number of products that map to a price-book key, never with the
 * file: for those products only, the few attributes needed to name the row
 * are kept (the catalog SKU, the region, the size), keyed by the AWS SKU
 * code; every other product is forgotten once read, and the terms of
 * products that are not kept are skipped without being looked at.
 *
 * A JSON offer lists "products" before "terms" (every AWS file does). A
 * file whose "terms" come first is refused (INFRACOST_EUNSUPPORTED, "terms
 * before products are not supported"): mapping its terms would need every
 * term kept until the products arrive, which is the whole file. In the CSV
 * form each row carries its product's attributes, so order does not matter
 * there, but the rows of one term (its Hrs and Upfront Fee dimensions) must
 * be adjacent, as they are in AWS files.
 *
 * What maps (anything else is skipped and counted, never guessed):
 *
 *   AmazonEC2    Compute Instance (and its bare-metal family): Linux, Shared
 *                tenancy, capacitystatus Used, preInstalledSw NA, "No License
 *                required", operation RunInstances, marketoption OnDemand (or
 *                none), usage BoxUsage -> ec2 INSTANCE hour, with vcpu and
 *                memory_gb; on demand and standard reserved terms.
 *                Storage with a volumeApiName (EBS:VolumeUsage) -> ebs TYPE
 *                gb_month. NAT Gateway NatGateway-Hours / -Bytes -> nat
 *                gateway hour, nat data gb.
 *   AmazonECS    Fargate[-ARM]-vCPU-Hours:perCPU, Fargate[-ARM]-GB-Hours and
 *                their SpotUsage- forms -> fargate vcpu:ARCH / memory:ARCH
 *                hour, on demand or spot.
 *   AmazonRDS    Database Instance (PostgreSQL, MySQL, MariaDB; Single-AZ
 *                InstanceUsage or Multi-AZ Multi-AZUsage) -> rds
 *                ENGINE:INSTANCE:single_az|multi_az hour, on demand and
 *                standard reserved; Database Storage (General Purpose-GP3 gp3,
 *                General Purpose gp2, Provisioned IOPS io1, Magnetic standard)
 *                -> rds ENGINE:storage:TYPE:DEPLOYMENT gb_month; Storage
 *                Snapshot RDS:ChargedBackupUsage -> rds backup gb_month.
 *                Oracle, SQL Server, Db2 and Aurora are skipped (their
 *                prices depend on licences or a cluster storage model that
 *                the keys do not name).
 *   AmazonElastiCache  Cache Instance (Redis, Memcached, Valkey; NodeUsage)
 *                -> elasticache ENGINE:NODE hour, on demand and reserved.
 *   AWSELB       Load Balancer-Application LoadBalancerUsage -> elb alb hour,
 *                LCUUsage -> elb alb:lcu lcu_hour.
 *   AmazonS3     Storage TimedStorage-ByteHrs (General Purpose) -> s3
 *                standard, -SIA- standard_ia, -ZIA- onezone_ia, -GIR-
 *                glacier_ir, -GlacierByteHrs glacier, -GDA- deep_archive;
 *                gb_month, one row per tier.
 *   AWSLambda    groups AWS-Lambda-Requests[-ARM] -> lambda requests:ARCH
 *                request, AWS-Lambda-Duration[-ARM] -> duration:ARCH
 *                gb_second, one row per tier.
 *   AWSDataTransfer (also such products inside other offers): AWS Outbound
 *                from a region to External, DataTransfer-Out-Bytes -> transfer
 *                out gb, one row per tier.
 *
 * The region is the regionCode attribute, else the location name for the
 * main regions (table below), else the product is skipped. Two products
 * that map to the same key: the first is kept, the second skipped.
 *
 * Terms: an OnDemand term (no termAttributes) gives one row per dimension,
 * tier_start from its beginRange. A Reserved term of OfferingClass
 * standard, LeaseContractLength 1yr/3yr and PurchaseOption No/Partial/All
 * Upfront gives one row: price from its Hrs dimension, upfront from its
 * Quantity ("Upfront Fee") one. Dimension units must be the service's
 * (Hrs or hours, GB-Mo, GB, Requests, Lambda-GB-Second, LCU-Hrs). A row's
 * effective_date is its term's date, its source "aws OFFERCODE vVERSION",
 * its origin "FILE:LINE" of the term (JSON) or of its first record (CSV).
 * A dimension must be priced in USD; a file with prices but none in USD is
 * an error (INFRACOST_EUNSUPPORTED) naming the first price's currency.
 *
 * sink->meta gets "offer_code", "version", "publication_date" as read,
 * then "currency" ("USD") and "skipped": the products that do not map,
 * the terms and dimensions of kept products that do not map. Products
 * outside the filter's regions are left out without being counted.
 *
 * CSV columns are found by name, compared lowercased with everything but
 * letters and digits dropped, so "Pre Installed S/W" is the JSON attribute
 * "preInstalledSw" and "Instance Type" is "instanceType". */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnum.h"
#include "alloc.h"
#include "csvstream.h"
#include "error.h"
#include "feed.h"
#include "jsondoc.h"
#include "jstream.h"

#define ATTR_MAX 128 /* longest attribute value kept */
#define MAX_DIMS 64  /* price dimensions kept per term */
#define JSON_MAX_TOKEN (64 * 1024)

/* ---- attributes ---- */

enum attr {
	A_PRODUCTFAMILY,
	A_SERVICECODE,
	A_LOCATION,
	A_LOCATIONTYPE,
	A_REGIONCODE,
	A_USAGETYPE,
	A_OPERATION,
	A_INSTANCETYPE,
	A_VCPU,
	A_MEMORY,
	A_TENANCY,
	A_OPERATINGSYSTEM,
	A_LICENSEMODEL,
	A_CAPACITYSTATUS,
	A_PREINSTALLEDSW,
	A_MARKETOPTION,
	A_VOLUMEAPINAME,
	A_DATABASEENGINE,
	A_DEPLOYMENTOPTION,
	A_VOLUMETYPE,
	A_CACHEENGINE,
	A_STORAGECLASS,
	A_GROUP,
	A_TRANSFERTYPE,
	A_FROMLOCATION,
	A_FROMLOCATIONTYPE,
	A_TOLOCATION,
	A_FROMREGIONCODE,
	NATTR
};

/* Attribute names as JSON and CSV spell them, lowercased with everything but
 * letters and digits dropped ("preInstalledSw" and "Pre Installed S/W" are
 * both "preinstalledsw"). */
static const char *const attr_names[NATTR] = {
	"productfamily",
	"servicecode",
	"location",
	"locationtype",
	"regioncode",
	"usagetype",
	"operation",
	"instancetype",
	"vcpu",
	"memory",
	"tenancy",
	"operatingsystem",
	"licensemodel",
	"capacitystatus",
	"preinstalledsw",
	"marketoption",
	"volumeapiname",
	"databaseengine",
	"deploymentoption",
	"volumetype",
	"cacheengine",
	"storageclass",
	"group",
	"transfertype",
	"fromlocation",
	"fromlocationtype",
	"tolocation",
	"fromregioncode",
};

/* Normalize a name into out (at most 47 bytes); returns its length, or 0
 * when it is too long to be one of ours. */
static size_t norm_name(const char *name, char out[48])
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			continue;
		if (n == 47)
			return 0;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* ---- regions ---- */

static const struct {
	const char *location, *code;
} region_names[] = {
	{"US East (N. Virginia)", "us-east-1"},
	{"US East (Ohio)", "us-east-2"},
	{"US West (N. California)", "us-west-1"},
	{"US West (Oregon)", "us-west-2"},
	{"Canada (Central)", "ca-central-1"},
	{"South America (Sao Paulo)", "sa-east-1"},
	{"EU (Ireland)", "eu-west-1"},
	{"EU (London)", "eu-west-2"},
	{"EU (Paris)", "eu-west-3"},
	{"EU (Frankfurt)", "eu-central-1"},
	{"EU (Stockholm)", "eu-north-1"},
	{"EU (Milan)", "eu-south-1"},
	{"Asia Pacific (Tokyo)", "ap-northeast-1"},
	{"Asia Pacific (Seoul)", "ap-northeast-2"},
	{"Asia Pacific (Osaka)", "ap-northeast-3"},
	{"Asia Pacific (Singapore)", "ap-southeast-1"},
	{"Asia Pacific (Sydney)", "ap-southeast-2"},
	{"Asia Pacific (Mumbai)", "ap-south-1"},
	{"Asia Pacific (Hong Kong)", "ap-east-1"},
	{"Middle East (Bahrain)", "me-south-1"},
	{"Africa (Cape Town)", "af-south-1"},
	{"AWS GovCloud (US-West)", "us-gov-west-1"},
	{"AWS GovCloud (US-East)", "us-gov-east-1"},
	{"China (Beijing)", "cn-north-1"},
	{"China (Ningxia)", "cn-northwest-1"},
};

static const char *region_of_location(const char *location)
{
	for (size_t i = 0; i < sizeof(region_names) / sizeof(region_names[0]); i++)
		if (strcmp(region_names[i].location, location) == 0)
			return region_names[i].code;
	return NULL;
}

/* ---- what a row is ---- */

enum service {
	S_EC2,
	S_EBS,
	S_NAT,
	S_FARGATE,
	S_RDS,
	S_ELASTICACHE,
	S_ELB,
	S_S3,
	S_LAMBDA,
	S_TRANSFER
};
static const char *const service_names[] = {"ec2",         "ebs", "nat", "fargate", "rds",
					    "elasticache", "elb", "s3",  "lambda",  "transfer"};

enum unit { U_HOUR, U_GB_MONTH, U_GB, U_REQUEST, U_GB_SECOND, U_LCU_HOUR };
static const char *const unit_names[] = {"hour",    "gb_month",  "gb",
					 "request", "gb_second", "lcu_hour"};

/* The AWS unit of a dimension priced in `u`. */
static int unit_matches(int u, const char *aws)
{
	switch (u) {
	case U_HOUR: return strcasecmp(aws, "Hrs") == 0 || strcasecmp(aws, "hours") == 0;
	case U_GB_MONTH: return strcmp(aws, "GB-Mo") == 0;
	case U_GB: return strcmp(aws, "GB") == 0;
	case U_REQUEST: return strcmp(aws, "Requests") == 0;
	case U_GB_SECOND: return strcmp(aws, "Lambda-GB-Second") == 0;
	case U_LCU_HOUR: return strcmp(aws, "LCU-Hrs") == 0;
	default: return 0;
	}
}

/* A kept product. */
struct product {
	const char *aws_sku, *sku, *region;
	unsigned char service, unit, spot, reserved;
	double vcpu, memory_gb;
};

/* ---- memory: counted, for the constant-memory test ---- */

static _Thread_local size_t last_peak;

/* Peak bytes held by the last offer-file parse on this thread (the reader's
 * buffers and the kept products). For tests. */
size_t infracost__aws_feed_peak_memory(void);
size_t infracost__aws_feed_peak_memory(void)
{
	return last_peak;
}

struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

/* A string-keyed open-addressing table. */
struct table {
	const char **keys;
	void **vals;
	size_t cap, n;
};

/* One price dimension of a term. */
struct dim {
	char unit[24];
	double begin, price;
	int has_begin;   /* 1 a beginRange, 0 none, -1 not a number */
	int price_state; /* 0 no price, 1 USD, 2 other currencies only, 3 USD but not a number */
};

enum { T_ON_DEMAND = 1, T_RESERVED = 2 };

struct term {
	int type;
	char effective[11];
	char lease[8], offering[16], option[20];
	int nattrs; /* termAttributes members */
	int bad;    /* something unreadable: the whole term is skipped */
	int line;
	int ndims;
	struct dim dims[MAX_DIMS];
};

enum { P_MAPPED, P_SKIPPED, P_FILTERED };

struct feed {
	const char *source;
	const infracost_feed_filter *filter;
	infracost_feed_sink *sink;
	char offer_code[64], version[32];
	char rowsource[128];
	struct block *blocks;
	struct table products, keys;
	unsigned long skipped, usd, other, rows;
	int other_line, other_column;
	char other_currency[16];
	size_t mem, reader_mem, peak;
	signed char slot[256]; /* hash of a normalized name -> attribute */
	unsigned char
		has[NATTR]; /* 0 absent, 1 set, 2 present but unusable (too long, not a string) */
	char attr[NATTR][ATTR_MAX];
	char pkey[ATTR_MAX];
	struct term term;
};

static void note_memory(struct feed *F)
{
	if (F->mem + F->reader_mem > F->peak)
		F->peak = F->mem + F->reader_mem;
}

static void *feed_alloc(struct feed *F, size_t n)
{
	void *p = infracost__malloc(n);
	if (p) {
		F->mem += n;
		note_memory(F);
	}
	return p;
}

static void feed_release(struct feed *F, void *p, size_t n)
{
	if (p) {
		infracost__free(p);
		F->mem -= n;
	}
}

/* Arena memory (8-byte aligned), freed with the feed. */
static void *arena_alloc(struct feed *F, size_t n)
{
	struct block *b = F->blocks;
	n = (n + 7) & ~(size_t)7;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 16384 ? n : 16384;
		b = feed_alloc(F, sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = F->blocks;
		F->blocks = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *arena_strdup(struct feed *F, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = arena_alloc(F, n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static int table_find(const struct table *t, const char *key, size_t *slot)
{
	size_t m, i;
	if (!t->cap) {
		*slot = 0;
		return 0;
	}
	m = t->cap - 1;
	for (i = name_hash(key) & m; t->keys[i]; i = (i + 1) & m)
		if (strcmp(t->keys[i], key) == 0) {
			*slot = i;
			return 1;
		}
	*slot = i;
	return 0;
}

static void *table_get(const struct table *t, const char *key)
{
	size_t slot;
	return table_find(t, key, &slot) ? t->vals[slot] : NULL;
}

/* Add key (arena memory, not yet present) -> val. */
static int table_put(struct feed *F, struct table *t, const char *key, void *val)
{
	size_t slot;
	if ((t->n + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 256;
		struct table grown = {NULL, NULL, ncap, t->n};
		grown.keys = feed_alloc(F, ncap * sizeof(*grown.keys));
		grown.vals = feed_alloc(F, ncap * sizeof(*grown.vals));
		if (!grown.keys || !grown.vals) {
			feed_release(F, grown.keys, ncap * sizeof(*grown.keys));
			feed_release(F, grown.vals, ncap * sizeof(*grown.vals));
			return infracost__error_oom();
		}
		memset(grown.keys, 0, ncap * sizeof(*grown.keys));
		for (size_t i = 0; i < t->cap; i++)
			if (t->keys[i]) {
				table_find(&grown, t->keys[i], &slot);
				grown.keys[slot] = t->keys[i];
				grown.vals[slot] = t->vals[i];
			}
		feed_release(F, t->keys, t->cap * sizeof(*t->keys));
		feed_release(F, t->vals, t->cap * sizeof(*t->vals));
		*t = grown;
	}
	table_find(t, key, &slot);
	t->keys[slot] = key;
	t->vals[slot] = val;
	t->n++;
	return 0;
}

static int feed_init(struct feed *F, const char *source, const infracost_feed_filter *filter,
		     infracost_feed_sink *sink)
{
	memset(F, 0, offsetof(struct feed, attr));
	F->mem = sizeof(*F);
	F->source = source ? source : "<stream>";
	F->filter = filter;
	F->sink = sink;
	memset(F->slot, -1, sizeof(F->slot));
	for (int i = 0; i < NATTR; i++) {
		unsigned h = name_hash(attr_names[i]) & 255;
		while (F->slot[h] >= 0)
			h = (h + 1) & 255;
		F->slot[h] = (signed char)i;
	}
	strcpy(F->rowsource, "aws");
	if (!sink || !sink->row)
		return infracost__error(INFRACOST_EINVALID, "%s: no sink for the rows", F->source);
	return 0;
}

static void feed_done(struct feed *F)
{
	struct block *b = F->blocks;
	while (b) {
		struct block *next = b->next;
		feed_release(F, b, sizeof(*b) + b->cap);
		b = next;
	}
	F->blocks = NULL;
	feed_release(F, F->products.keys, F->products.cap * sizeof(*F->products.keys));
	feed_release(F, F->products.vals, F->products.cap * sizeof(*F->products.vals));
	feed_release(F, F->keys.keys, F->keys.cap * sizeof(*F->keys.keys));
	feed_release(F, F->keys.vals, F->keys.cap * sizeof(*F->keys.vals));
	last_peak = F->peak;
}

static int attr_lookup(const struct feed *F, const char *name)
{
	char norm[48];
	unsigned h;
	if (!norm_name(name, norm))
		return -1;
	for (h = name_hash(norm) & 255; F->slot[h] >= 0; h = (h + 1) & 255)
		if (strcmp(attr_names[F->slot[h]], norm) == 0)
			return F->slot[h];
	return -1;
}

static void set_meta(struct feed *F, const char *key, const char *value)
{
	if (strcmp(key, "offer_code") == 0)
		infracost__snprintf(F->offer_code, sizeof(F->offer_code), "%s", value);
	else if (strcmp(key, "version") == 0)
		infracost__snprintf(F->version, sizeof(F->version), "%s", value);
	if (F->version[0])
		infracost__snprintf(F->rowsource, sizeof(F->rowsource), "aws %s v%s",
				    F->offer_code[0] ? F->offer_code : "?", F->version);
	else
		infracost__snprintf(F->rowsource, sizeof(F->rowsource), "aws %s", F->offer_code);
}

static int meta(struct feed *F, const char *key, const char *value)
{
	set_meta(F, key, value);
	if (F->sink->meta)
		return F->sink->meta(F->sink->ctx, key, value);
	return 0;
}

/* src into dst[cap], cut to fit (snprintf "%s" without its cost: this runs
 * for every row of a large feed). */
static void copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- numbers in the files: plain non-negative decimals ---- */

static int parse_dec(const char *s, double *out)
{
	const char *p = s;
	char *end;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return 0;
	*out = infracost__strtod(s, &end);
	return isfinite(*out) && *end == '\0';
}

/* "1152 GiB" -> 1152; anything else -> -1. */
static double parse_gib(const char *s)
{
	char num[64];
	const char *sp = strchr(s, ' ');
	double v;
	if (!sp || strcmp(sp, " GiB") != 0 || (size_t)(sp - s) >= sizeof(num))
		return -1;
	memcpy(num, s, (size_t)(sp - s));
	num[sp - s] = '\0';
	return parse_dec(num, &v) ? v : -1;
}

/* ---- mapping a product ---- */

static const char *attr_of(const struct feed *F, int a)
{
	return F->has[a] == 1 ? F->attr[a] : NULL;
}

static int is(const struct feed *F, int a, const char *v)
{
	const char *x = attr_of(F, a);
	return x && strcmp(x, v) == 0;
}

/* Absent, or equal to v. */
static int absent_or(const struct feed *F, int a, const char *v)
{
	return F->has[a] == 0 || is(F, a, v);
}

/* A usage type without its region prefix ("USE2-BoxUsage:m5.large" ->
 * "BoxUsage:m5.large"). A prefix is 2-4 capitals and digits ending in a
 * digit (USE1, APN2, UGW1), or "EU" (eu-west-1). */
static const char *strip_region_prefix(const char *ut)
{
	const char *dash = strchr(ut, '-');
	size_t n, i = 0, j;
	if (!dash)
		return ut;
	n = (size_t)(dash - ut);
	while (i < n && ut[i] >= 'A' && ut[i] <= 'Z')
		i++;
	if (i < 2 || i > 4)
		return ut;
	for (j = i; j < n && ut[j] >= '0' && ut[j] <= '9'; j++)
		;
	if (j != n)
		return ut;
	if (i == n && !(n == 2 && ut[0] == 'E' && ut[1] == 'U'))
		return ut;
	return dash + 1;
}

static const char *usage(const struct feed *F)
{
	const char *ut = attr_of(F, A_USAGETYPE);
	return ut ? strip_region_prefix(ut) : NULL;
}

static int usage_is(const struct feed *F, const char *want)
{
	const char *u = usage(F);
	return u && strcmp(u, want) == 0;
}

static int usage_starts(const struct feed *F, const char *prefix)
{
	const char *u = usage(F);
	return u && strncmp(u, prefix, strlen(prefix)) == 0;
}

struct mapping {
	int service, unit, spot, reserved;
	char sku[ATTR_MAX * 2];
	const char *region;
	double vcpu, memory_gb;
};

static const char *region_of(const struct feed *F, int code_attr, int location_attr, int type_attr)
{
	const char *code = attr_of(F, code_attr), *loc;
	if (code && *code)
		return code;
	loc = attr_of(F, location_attr);
	if (!loc || !absent_or(F, type_attr, "AWS Region"))
		return NULL;
	return region_of_location(loc);
}

static void set_size(const struct feed *F, struct mapping *m)
{
	const char *v = attr_of(F, A_VCPU), *mem = attr_of(F, A_MEMORY);
	double d;
	if (v && parse_dec(v, &d))
		m->vcpu = d;
	if (mem)
		m->memory_gb = parse_gib(mem);
}

static const char *db_engine(const struct feed *F)
{
	const char *e = attr_of(F, A_DATABASEENGINE);
	if (!e)
		return NULL;
	if (strcmp(e, "PostgreSQL") == 0)
		return "postgresql";
	if (strcmp(e, "MySQL") == 0)
		return "mysql";
	if (strcmp(e, "MariaDB") == 0)
		return "mariadb";
	return NULL;
}

static const char *deployment(const struct feed *F)
{
	if (is(F, A_DEPLOYMENTOPTION, "Single-AZ"))
		return "single_az";
	if (is(F, A_DEPLOYMENTOPTION, "Multi-AZ"))
		return "multi_az";
	return NULL;
}

static int map_ec2(const struct feed *F, const char *family, struct mapping *m)
{
	const char *v;
	if (strcmp(family, "Compute Instance") == 0 ||
	    strcmp(family, "Compute Instance (bare metal)") == 0) {
		v = attr_of(F, A_INSTANCETYPE);
		if (!v || !*v || !is(F, A_OPERATINGSYSTEM, "Linux") ||
		    !is(F, A_TENANCY, "Shared") || !is(F, A_CAPACITYSTATUS, "Used") ||
		    !is(F, A_PREINSTALLEDSW, "NA") ||
		    !is(F, A_LICENSEMODEL, "No License required") ||
		    !absent_or(F, A_MARKETOPTION, "OnDemand") ||
		    !absent_or(F, A_OPERATION, "RunInstances") ||
		    (F->has[A_USAGETYPE] && !usage_starts(F, "BoxUsage:")))
			return 0;
		m->service = S_EC2;
		m->unit = U_HOUR;
		m->reserved = 1;
		infracost__snprintf(m->sku, sizeof(m->sku), "%s", v);
		set_size(F, m);
		return 1;
	}
	if (strcmp(family, "Storage") == 0) {
		static const char *const types[] = {"gp2", "gp3", "io1",     "io2",
						    "st1", "sc1", "standard"};
		v = attr_of(F, A_VOLUMEAPINAME);
		if (!v || !usage_starts(F, "EBS:VolumeUsage"))
			return 0;
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(v, types[i]) == 0) {
				m->service = S_EBS;
				m->unit = U_GB_MONTH;
				infracost__snprintf(m->sku, sizeof(m->sku), "%s", v);
				return 1;
			}
		return 0;
	}
	if (strcmp(family, "NAT Gateway") == 0) {
		m->service = S_NAT;
		if (usage_is(F, "NatGateway-Hours")) {
			m->unit = U_HOUR;
			strcpy(m->sku, "gateway");
			return 1;
		}
		if (usage_is(F, "NatGateway-Bytes")) {
			m->unit = U_GB;
			strcpy(m->sku, "data");
			return 1;
		}
	}
	return 0;
}

static int map_fargate(const struct feed *F, const char *family, struct mapping *m)
{
	static const struct {
		const char *usage, *sku;
		int spot;
	} fargate[] = {
		{"Fargate-vCPU-Hours:perCPU", "vcpu:x86_64", 0},
		{"Fargate-GB-Hours", "memory:x86_64", 0},
		{"Fargate-ARM-vCPU-Hours:perCPU", "vcpu:arm64", 0},
		{"Fargate-ARM-GB-Hours", "memory:arm64", 0},
		{"SpotUsage-Fargate-vCPU-Hours:perCPU", "vcpu:x86_64", 1},
		{"SpotUsage-Fargate-GB-Hours", "memory:x86_64", 1},
		{"SpotUsage-Fargate-ARM-vCPU-Hours:perCPU", "vcpu:arm64", 1},
		{"SpotUsage-Fargate-ARM-GB-Hours", "memory:arm64", 1},
	};
	if (strcmp(family, "Compute") != 0)
		return 0;
	for (size_t i = 0; i < sizeof(fargate) / sizeof(fargate[0]); i++)
		if (usage_is(F, fargate[i].usage)) {
			m->service = S_FARGATE;
			m->unit = U_HOUR;
			m->spot = fargate[i].spot;
			infracost__snprintf(m->sku, sizeof(m->sku), "%s", fargate[i].sku);
			return 1;
		}
	return 0;
}

static int map_rds(const struct feed *F, const char *family, struct mapping *m)
{
	const char *engine = db_engine(F), *dep = deployment(F), *v;
	m->service = S_RDS;
	if (strcmp(family, "Database Instance") == 0) {
		v = attr_of(F, A_INSTANCETYPE);
		if (!engine || !dep || !v || strncmp(v, "db.", 3) != 0 ||
		    !usage_starts(F, strcmp(dep, "single_az") == 0 ? "InstanceUsage:"
								   : "Multi-AZUsage:"))
			return 0;
		m->unit = U_HOUR;
		m->reserved = 1;
		infracost__snprintf(m->sku, sizeof(m->sku), "%s:%s:%s", engine, v, dep);
		set_size(F, m);
		return 1;
	}
	if (strcmp(family, "Database Storage") == 0) {
		static const struct {
			const char *volume, *type;
		} volumes[] = {{"General Purpose-GP3", "gp3"},
			       {"General Purpose", "gp2"},
			       {"Provisioned IOPS", "io1"},
			       {"Magnetic", "standard"}};
		if (!engine || !dep)
			return 0;
		for (size_t i = 0; i < sizeof(volumes) / sizeof(volumes[0]); i++)
			if (is(F, A_VOLUMETYPE, volumes[i].volume)) {
				m->unit = U_GB_MONTH;
				infracost__snprintf(m->sku, sizeof(m->sku), "%s:storage:%s:%s",
						    engine, volumes[i].type, dep);
				return 1;
			}
		return 0;
	}
	if (strcmp(family, "Storage Snapshot") == 0) {
		if (!usage_is(F, "RDS:ChargedBackupUsage") || (F->has[A_DATABASEENGINE] && !engine))
			return 0;
		m->unit = U_GB_MONTH;
		strcpy(m->sku, "backup");
		return 1;
	}
	return 0;
}

static int map_elasticache(const struct feed *F, const char *family, struct mapping *m)
{
	const char *engine = NULL, *v = attr_of(F, A_INSTANCETYPE);
	if (strcmp(family, "Cache Instance") != 0 || !v || strncmp(v, "cache.", 6) != 0 ||
	    !usage_starts(F, "NodeUsage:"))
		return 0;
	if (is(F, A_CACHEENGINE, "Redis"))
		engine = "redis";
	else if (is(F, A_CACHEENGINE, "Memcached"))
		engine = "memcached";
	else if (is(F, A_CACHEENGINE, "Valkey"))
		engine = "valkey";
	else
		return 0;
	m->service = S_ELASTICACHE;
	m->unit = U_HOUR;
	m->reserved = 1;
	infracost__snprintf(m->sku, sizeof(m->sku), "%s:%s", engine, v);
	set_size(F, m);
	return 1;
}

static int map_elb(const struct feed *F, const char *family, struct mapping *m)
{
	if (strcmp(family, "Load Balancer-Application") != 0)
		return 0;
	m->service = S_ELB;
	if (usage_is(F, "LoadBalancerUsage")) {
		m->unit = U_HOUR;
		strcpy(m->sku, "alb");
		return 1;
	}
	if (usage_is(F, "LCUUsage")) {
		m->unit = U_LCU_HOUR;
		strcpy(m->sku, "alb:lcu");
		return 1;
	}
	return 0;
}

static int map_s3(const struct feed *F, const char *family, struct mapping *m)
{
	static const struct {
		const char *usage, *cls, *storage_class;
	} classes[] = {
		{"TimedStorage-ByteHrs", "standard", "General Purpose"},
		{"TimedStorage-SIA-ByteHrs", "standard_ia", "Infrequent Access"},
		{"TimedStorage-ZIA-ByteHrs", "onezone_ia", NULL},
		{"TimedStorage-GIR-ByteHrs", "glacier_ir", NULL},
		{"TimedStorage-GlacierByteHrs", "glacier", NULL},
		{"TimedStorage-GDA-ByteHrs", "deep_archive", NULL},
	};
	if (strcmp(family, "Storage") != 0)
		return 0;
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (usage_is(F, classes[i].usage)) {
			if (classes[i].storage_class &&
			    !absent_or(F, A_STORAGECLASS, classes[i].storage_class))
				return 0;
			m->service = S_S3;
			m->unit = U_GB_MONTH;
			infracost__snprintf(m->sku, sizeof(m->sku), "%s", classes[i].cls);
			return 1;
		}
	return 0;
}

static int map_lambda(const struct feed *F, const char *family, struct mapping *m)
{
	static const struct {
		const char *group, *sku;
		int unit;
	} groups[] = {
		{"AWS-Lambda-Requests", "requests:x86_64", U_REQUEST},
		{"AWS-Lambda-Requests-ARM", "requests:arm64", U_REQUEST},
		{"AWS-Lambda-Duration", "duration:x86_64", U_GB_SECOND},
		{"AWS-Lambda-Duration-ARM", "duration:arm64", U_GB_SECOND},
	};
	if (strcmp(family, "Serverless") != 0)
		return 0;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (is(F, A_GROUP, groups[i].group)) {
			m->service = S_LAMBDA;
			m->unit = groups[i].unit;
			infracost__snprintf(m->sku, sizeof(m->sku), "%s", groups[i].sku);
			return 1;
		}
	return 0;
}

static int map_transfer(const struct feed *F, struct mapping *m)
{
	if (!is(F, A_TRANSFERTYPE, "AWS Outbound") || !is(F, A_TOLOCATION, "External") ||
	    !usage_is(F, "DataTransfer-Out-Bytes"))
		return 0;
	m->region = region_of(F, A_FROMREGIONCODE, A_FROMLOCATION, A_FROMLOCATIONTYPE);
	if (!m->region)
		return 0;
	m->service = S_TRANSFER;
	m->unit = U_GB;
	strcpy(m->sku, "out");
	return 1;
}

/* The price-book key of the product in F->attr, or 0 when it has none. */
static int map_product(const struct feed *F, struct mapping *m)
{
	const char *svc = attr_of(F, A_SERVICECODE), *family = attr_of(F, A_PRODUCTFAMILY);
	int ok = 0;

	memset(m, 0, sizeof(*m));
	m->vcpu = -1;
	m->memory_gb = -1;
	if (!svc || !*svc)
		svc = F->offer_code;
	if (strcmp(svc, "AWSDataTransfer") == 0)
		return map_transfer(F, m);
	if (!family)
		return 0;
	if (strcmp(svc, "AmazonEC2") == 0)
		ok = map_ec2(F, family, m);
	else if (strcmp(svc, "AmazonECS") == 0)
		ok = map_fargate(F, family, m);
	else if (strcmp(svc, "AmazonRDS") == 0)
		ok = map_rds(F, family, m);
	else if (strcmp(svc, "AmazonElastiCache") == 0)
		ok = map_elasticache(F, family, m);
	else if (strcmp(svc, "AWSELB") == 0)
		ok = map_elb(F, family, m);
	else if (strcmp(svc, "AmazonS3") == 0)
		ok = map_s3(F, family, m);
	else if (strcmp(svc, "AWSLambda") == 0)
		ok = map_lambda(F, family, m);
	if (!ok)
		return 0;
	m->region = region_of(F, A_REGIONCODE, A_LOCATION, A_LOCATIONTYPE);
	return m->region != NULL;
}

static int region_wanted(const struct feed *F, const char *region)
{
	if (!F->filter || !F->filter->regions || F->filter->nregions == 0)
		return 1;
	for (size_t i = 0; i < F->filter->nregions; i++)
		if (F->filter->regions[i] && strcmp(F->filter->regions[i], region) == 0)
			return 1;
	return 0;
}

/* Look at the product in F->attr: keep it (P_MAPPED), skip and count it
 * (P_SKIPPED) or leave it out for its region (P_FILTERED); < 0 on error. */
static int classify(struct feed *F, const char *aws_sku)
{
	struct mapping m;
	struct product *P;
	char key[ATTR_MAX * 4];
	char *k;

	if (!map_product(F, &m) || !*aws_sku) {
		F->skipped++;
		return P_SKIPPED;
	}
	if (!region_wanted(F, m.region))
		return P_FILTERED;
	if (table_get(&F->products, aws_sku)) {
		F->skipped++; /* the same AWS SKU twice */
		return P_SKIPPED;
	}
	infracost__snprintf(key, sizeof(key), "%d|%s|%s|%d", m.service, m.region, m.sku, m.spot);
	if (table_get(&F->keys, key)) {
		F->skipped++; /* a second product for the same price-book key */
		return P_SKIPPED;
	}
	P = arena_alloc(F, sizeof(*P));
	k = arena_strdup(F, key);
	if (!P || !k)
		return infracost__error_oom();
	P->aws_sku = arena_strdup(F, aws_sku);
	P->sku = arena_strdup(F, m.sku);
	P->region = arena_strdup(F, m.region);
	if (!P->aws_sku || !P->sku || !P->region)
		return infracost__error_oom();
	P->service = (unsigned char)m.service;
	P->unit = (unsigned char)m.unit;
	P->spot = (unsigned char)m.spot;
	P->reserved = (unsigned char)m.reserved;
	P->vcpu = m.vcpu;
	P->memory_gb = m.memory_gb;
	if (table_put(F, &F->keys, k, P) || table_put(F, &F->products, P->aws_sku, P))
		return INFRACOST_ENOMEM;
	return P_MAPPED;
}

/* ---- terms into rows ---- */

static void term_reset(struct term *T, int type, int line)
{
	T->type = type;
	T->effective[0] = '\0';
	T->lease[0] = T->offering[0] = T->option[0] = '\0';
	T->nattrs = 0;
	T->bad = 0;
	T->line = line;
	T->ndims = 0;
}

static void term_effective(struct term *T, const char *date)
{
	/* The date part of "2024-05-01T00:00:00Z" (or "2025-09-12"). */
	if (strlen(date) >= 10 && date[4] == '-' && date[7] == '-' &&
	    (date[10] == '\0' || date[10] == 'T')) {
		memcpy(T->effective, date, 10);
		T->effective[10] = '\0';
	}
}

static void term_attribute(struct term *T, const char *name, const char *value)
{
	T->nattrs++;
	if (strcmp(name, "LeaseContractLength") == 0)
		copy_text(T->lease, sizeof(T->lease), value);
	else if (strcmp(name, "OfferingClass") == 0)
		copy_text(T->offering, sizeof(T->offering), value);
	else if (strcmp(name, "PurchaseOption") == 0)
		copy_text(T->option, sizeof(T->option), value);
}

static const char *reserved_purchase(const struct term *T, int *upfront)
{
	static const char *const names[2][3] = {
		{"reserved_1yr_no_upfront", "reserved_1yr_partial_upfront",
		 "reserved_1yr_all_upfront"},
		{"reserved_3yr_no_upfront", "reserved_3yr_partial_upfront",
		 "reserved_3yr_all_upfront"}};
	int lease, option;
	if (strcmp(T->offering, "standard") != 0)
		return NULL;
	if (strcmp(T->lease, "1yr") == 0)
		lease = 0;
	else if (strcmp(T->lease, "3yr") == 0)
		lease = 1;
	else
		return NULL;
	if (strcmp(T->option, "No Upfront") == 0)
		option = 0;
	else if (strcmp(T->option, "Partial Upfront") == 0)
		option = 1;
	else if (strcmp(T->option, "All Upfront") == 0)
		option = 2;
	else
		return NULL;
	*upfront = option;
	return names[lease][option];
}

static int emit(struct feed *F, const struct product *P, const struct term *T, const char *purchase,
		double price, double upfront, double tier_start)
{
	char origin[320];
	infracost_price row;
	int rc;

	infracost__snprintf(origin, sizeof(origin), "%s:%d", F->source, T->line);
	memset(&row, 0, sizeof(row));
	row.provider = "aws";
	row.service = service_names[P->service];
	row.region = P->region;
	row.sku = P->sku;
	row.purchase = purchase;
	row.unit = unit_names[P->unit];
	row.price = price;
	row.upfront = upfront;
	row.tier_start = tier_start;
	row.vcpu = P->vcpu;
	row.memory_gb = P->memory_gb;
	row.effective_date = T->effective;
	row.source = F->rowsource;
	row.origin = origin;
	rc = F->sink->row(F->sink->ctx, &row);
	if (rc < 0)
		return rc;
	F->rows++;
	return 0;
}

static int dim_usable(const struct dim *d)
{
	return d->price_state == 1 && d->price >= 0 && d->has_begin >= 0;
}

static int emit_term(struct feed *F, const struct product *P, const struct term *T)
{
	const struct dim *hrs = NULL, *qty = NULL;
	const char *purchase;
	int option, rc;

	if (T->bad || T->ndims == 0) {
		F->skipped++;
		return 0;
	}
	if (T->type == T_ON_DEMAND) {
		if (T->nattrs > 0) { /* reserved-like attributes on an on-demand term */
			F->skipped++;
			return 0;
		}
		for (int i = 0; i < T->ndims; i++) {
			const struct dim *d = &T->dims[i];
			if (!unit_matches(P->unit, d->unit) || !dim_usable(d)) {
				F->skipped++;
				continue;
			}
			rc = emit(F, P, T, P->spot ? "spot" : "on_demand", d->price, 0,
				  d->has_begin ? d->begin : 0);
			if (rc)
				return rc;
		}
		return 0;
	}
	/* Reserved: one row from the Hrs dimension and the Upfront Fee one. */
	purchase = P->reserved ? reserved_purchase(T, &option) : NULL;
	if (!purchase) {
		F->skipped++;
		return 0;
	}
	for (int i = 0; i < T->ndims; i++) {
		const struct dim *d = &T->dims[i];
		if (unit_matches(P->unit, d->unit) && !hrs) {
			hrs = d;
		} else if (strcmp(d->unit, "Quantity") == 0 && !qty) {
			qty = d;
		} else {
			F->skipped++;
			return 0;
		}
	}
	if (!hrs || !dim_usable(hrs) || (qty && !dim_usable(qty)) || (option > 0 && !qty) ||
	    (option == 0 && qty && qty->price != 0)) {
		F->skipped++;
		return 0;
	}
	return emit(F, P, T, purchase, hrs->price, qty ? qty->price : 0, 0);
}

/* Currency of a dimension, counted for the "no USD at all" check. */
static void note_currency(struct feed *F, struct dim *d, const char *other, int line, int column)
{
	if (d->price_state == 1 || d->price_state == 3) {
		F->usd++;
	} else if (d->price_state == 2) {
		F->other++;
		if (!F->other_line) {
			F->other_line = line;
			F->other_column = column;
			infracost__snprintf(F->other_currency, sizeof(F->other_currency), "%s",
					    other);
		}
	}
}

static int finish(struct feed *F)
{
	char n[32];
	int rc;
	if (F->usd == 0 && F->other > 0)
		return infracost__error_at(
			INFRACOST_EUNSUPPORTED, F->source, F->other_line, F->other_column, NULL,
			"no price in USD in this file (the first is in %s); only "
			"USD is supported",
			F->other_currency);
	if (F->usd > 0 && F->sink->meta && (rc = F->sink->meta(F->sink->ctx, "currency", "USD")))
		return rc;
	infracost__snprintf(n, sizeof(n), "%lu", F->skipped);
	if (F->sink->meta && (rc = F->sink->meta(F->sink->ctx, "skipped", n)))
		return rc;
	return 0;
}

/* ---- the JSON offer file ---- */

/* The value after a key, copied into out when it is a string shorter than
 * n: returns 1; 0 when it was something else (skipped); < 0 on error. */
static int string_value(jstream *js, char *out, size_t n)
{
	size_t len;
	const char *t;
	int ev = infracost__jstream_next(js);

	if (ev < 0)
		return ev;
	if (ev == JSTREAM_OBJECT_BEGIN || ev == JSTREAM_ARRAY_BEGIN) {
		ev = infracost__jstream_skip_rest(js);
		return ev < 0 ? ev : 0;
	}
	if (ev != JSTREAM_STRING)
		return 0;
	t = infracost__jstream_text(js, &len);
	if (len >= n)
		return 0;
	memcpy(out, t, len + 1);
	return 1;
}

static int expect_object(jstream *js, int ev, const char *what)
{
	if (ev < 0)
		return ev;
	if (ev != JSTREAM_OBJECT_BEGIN)
		return infracost__jstream_fail(js, INFRACOST_EPARSE, "%s: expected an object",
					       what);
	return 0;
}

static int line_of(const jstream *js)
{
	int line, column;
	infracost__jstream_position(js, &line, &column);
	return line;
}

static int json_attributes(struct feed *F, jstream *js)
{
	int ev = infracost__jstream_next(js), rc;

	if ((rc = expect_object(js, ev, "attributes")))
		return rc;
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		int a = attr_lookup(F, infracost__jstream_text(js, NULL));
		if (a < 0) {
			if ((ev = infracost__jstream_skip(js)) < 0)
				return ev;
			continue;
		}
		rc = string_value(js, F->attr[a], ATTR_MAX);
		if (rc < 0)
			return rc;
		F->has[a] = rc == 1 ? (F->attr[a][0] ? 1 : 0) : 2;
	}
	return ev < 0 ? ev : 0;
}

static int json_products(struct feed *F, jstream *js)
{
	int ev = infracost__jstream_next(js), rc;
	char sku[ATTR_MAX];

	if ((rc = expect_object(js, ev, "products")))
		return rc;
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		int have_sku = 0;
		size_t len;
		const char *key = infracost__jstream_text(js, &len);

		if (len < sizeof(F->pkey))
			memcpy(F->pkey, key, len + 1);
		else
			F->pkey[0] = '\0';
		ev = infracost__jstream_next(js);
		if ((rc = expect_object(js, ev, "products: a product")))
			return rc;
		memset(F->has, 0, sizeof(F->has));
		while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
			const char *k = infracost__jstream_text(js, NULL);
			if (strcmp(k, "sku") == 0) {
				if ((rc = string_value(js, sku, sizeof(sku))) < 0)
					return rc;
				have_sku = rc;
			} else if (strcmp(k, "productFamily") == 0) {
				rc = string_value(js, F->attr[A_PRODUCTFAMILY], ATTR_MAX);
				if (rc < 0)
					return rc;
				F->has[A_PRODUCTFAMILY] = rc == 1 ? 1 : 2;
			} else if (strcmp(k, "attributes") == 0) {
				if ((rc = json_attributes(F, js)))
					return rc;
			} else if ((ev = infracost__jstream_skip(js)) < 0) {
				return ev;
			}
		}
		if (ev < 0)
			return ev;
		if ((rc = classify(F, have_sku ? sku : F->pkey)) < 0)
			return rc;
	}
	return ev < 0 ? ev : 0;
}

static int json_dimension(struct feed *F, jstream *js, struct term *T)
{
	struct dim *d;
	char text[64], other[16] = "";
	int ev, rc, line = 0, column = 0;

	if (T->ndims == MAX_DIMS) {
		T->bad = 1;
		ev = infracost__jstream_skip_rest(js);
		return ev < 0 ? ev : 0;
	}
	d = &T->dims[T->ndims++];
	d->unit[0] = '\0';
	d->has_begin = 0;
	d->price_state = 0;
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		const char *k = infracost__jstream_text(js, NULL);
		if (strcmp(k, "unit") == 0) {
			if ((rc = string_value(js, d->unit, sizeof(d->unit))) < 0)
				return rc;
			if (rc == 0)
				strcpy(d->unit, "?");
		} else if (strcmp(k, "beginRange") == 0) {
			if ((rc = string_value(js, text, sizeof(text))) < 0)
				return rc;
			d->has_begin = rc == 1 && parse_dec(text, &d->begin) ? 1 : -1;
		} else if (strcmp(k, "pricePerUnit") == 0) {
			ev = infracost__jstream_next(js);
			if ((rc = expect_object(js, ev, "pricePerUnit")))
				return rc;
			while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
				const char *cur = infracost__jstream_text(js, NULL);
				if (strcmp(cur, "USD") == 0) {
					if ((rc = string_value(js, text, sizeof(text))) < 0)
						return rc;
					d->price_state = rc == 1 && parse_dec(text, &d->price) ? 1
											       : 3;
					continue;
				}
				if (d->price_state == 0) {
					d->price_state = 2;
					infracost__snprintf(other, sizeof(other), "%s", cur);
					infracost__jstream_position(js, &line, &column);
				}
				if ((ev = infracost__jstream_skip(js)) < 0)
					return ev;
			}
			if (ev < 0)
				return ev;
		} else if ((ev = infracost__jstream_skip(js)) < 0) {
			return ev;
		}
	}
	if (ev < 0)
		return ev;
	note_currency(F, d, other, line, column);
	return 0;
}

static int json_term(struct feed *F, jstream *js, const struct product *P, int type)
{
	struct term *T = &F->term;
	char text[64];
	int ev, rc;

	term_reset(T, type, line_of(js));
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		const char *k = infracost__jstream_text(js, NULL);
		if (strcmp(k, "effectiveDate") == 0) {
			if ((rc = string_value(js, text, sizeof(text))) < 0)
				return rc;
			if (rc == 1)
				term_effective(T, text);
		} else if (strcmp(k, "termAttributes") == 0) {
			ev = infracost__jstream_next(js);
			if ((rc = expect_object(js, ev, "termAttributes")))
				return rc;
			while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
				char name[32];
				const char *n = infracost__jstream_text(js, NULL);
				infracost__snprintf(name, sizeof(name), "%s", n);
				if ((rc = string_value(js, text, sizeof(text))) < 0)
					return rc;
				if (rc == 0)
					T->bad = 1;
				term_attribute(T, name, rc == 1 ? text : "");
			}
			if (ev < 0)
				return ev;
		} else if (strcmp(k, "priceDimensions") == 0) {
			ev = infracost__jstream_next(js);
			if ((rc = expect_object(js, ev, "priceDimensions")))
				return rc;
			while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
				ev = infracost__jstream_next(js);
				if ((rc = expect_object(js, ev, "priceDimensions: a dimension")))
					return rc;
				if ((rc = json_dimension(F, js, T)))
					return rc;
			}
			if (ev < 0)
				return ev;
		} else if ((ev = infracost__jstream_skip(js)) < 0) {
			return ev;
		}
	}
	if (ev < 0)
		return ev;
	return emit_term(F, P, T);
}

static int json_terms(struct feed *F, jstream *js)
{
	int ev = infracost__jstream_next(js), rc;

	if ((rc = expect_object(js, ev, "terms")))
		return rc;
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		const char *k = infracost__jstream_text(js, NULL);
		int type = strcmp(k, "OnDemand") == 0   ? T_ON_DEMAND
			   : strcmp(k, "Reserved") == 0 ? T_RESERVED
							: 0;
		if (!type) {
			if ((ev = infracost__jstream_skip(js)) < 0)
				return ev;
			continue;
		}
		ev = infracost__jstream_next(js);
		if ((rc = expect_object(js, ev, type == T_ON_DEMAND ? "OnDemand" : "Reserved")))
			return rc;
		/* SKU -> { "SKU.TERM": term } */
		while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
			const struct product *P = table_get(&F->products,
							    infracost__jstream_text(js, NULL));
			if (!P) { /* not kept: skipped unread */
				if ((ev = infracost__jstream_skip(js)) < 0)
					return ev;
				continue;
			}
			ev = infracost__jstream_next(js);
			if ((rc = expect_object(js, ev, "terms of a product")))
				return rc;
			while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
				ev = infracost__jstream_next(js);
				if ((rc = expect_object(js, ev, "a term")))
					return rc;
				if ((rc = json_term(F, js, P, type)))
					return rc;
			}
			if (ev < 0)
				return ev;
		}
		if (ev < 0)
			return ev;
	}
	return ev < 0 ? ev : 0;
}

static int json_offer(struct feed *F, jstream *js)
{
	static const struct {
		const char *json, *meta;
	} metas[] = {{"offerCode", "offer_code"},
		     {"version", "version"},
		     {"publicationDate", "publication_date"}};
	int ev = infracost__jstream_next(js), rc, seen_products = 0;
	char text[ATTR_MAX];

	if (ev < 0)
		return ev;
	if (ev != JSTREAM_OBJECT_BEGIN)
		return infracost__jstream_fail(js, INFRACOST_EPARSE,
					       "an AWS offer file is a JSON object");
	while ((ev = infracost__jstream_next(js)) == JSTREAM_KEY) {
		const char *k = infracost__jstream_text(js, NULL);
		size_t i;
		for (i = 0; i < sizeof(metas) / sizeof(metas[0]); i++)
			if (strcmp(k, metas[i].json) == 0)
				break;
		if (i < sizeof(metas) / sizeof(metas[0])) {
			if ((rc = string_value(js, text, sizeof(text))) < 0)
				return rc;
			if (rc == 0)
				return infracost__jstream_fail(js, INFRACOST_EPARSE,
							       "%s: expected a string",
							       metas[i].json);
			if ((rc = meta(F, metas[i].meta, text)))
				return rc;
		} else if (strcmp(k, "products") == 0) {
			if ((rc = json_products(F, js)))
				return rc;
			seen_products = 1;
		} else if (strcmp(k, "terms") == 0) {
			if (!seen_products)
				return infracost__jstream_fail(
					js, INFRACOST_EUNSUPPORTED,
					"terms before products are not supported (an AWS offer "
					"file lists its products first)");
			if ((rc = json_terms(F, js)))
				return rc;
		} else if ((ev = infracost__jstream_skip(js)) < 0) {
			return ev;
		}
	}
	if (ev < 0)
		return ev;
	ev = infracost__jstream_next(js); /* the end of the text */
	if (ev < 0)
		return ev;
	return finish(F);
}

int infracost__aws_offer_json(FILE *in, const char *source, const infracost_feed_filter *filter,
			      infracost_feed_sink *sink)
{
	jstream_limits limits = {0, JSON_MAX_TOKEN, 64};
	struct feed *F;
	jstream *js = NULL;
	int rc;

	last_peak = 0;
	F = infracost__malloc(sizeof(*F));
	if (!F)
		return infracost__error_oom();
	rc = feed_init(F, source, filter, sink);
	if (rc)
		goto done;
	if ((rc = infracost__jstream_new(&js, in, F->source, &limits)))
		goto done;
	if (sink && sink->read)
		infracost__jstream_on_read(js, sink->read, sink->ctx);
	F->reader_mem = infracost__jstream_memory(js);
	rc = json_offer(F, js);
	F->reader_mem = infracost__jstream_memory(js);
	note_memory(F);
done:
	infracost__jstream_free(js);
	feed_done(F);
	infracost__free(F);
	return rc;
}

/* ---- the CSV offer file ---- */

/* Records come from csvstream.c; a field is unquoted when asked for. */
static const char *csv_at(infracost_csvstream *r, size_t i)
{
	return infracost__csvstream_field(r, i);
}

enum {
	C_SKU,
	C_OFFERTERMCODE,
	C_TERMTYPE,
	C_EFFECTIVEDATE,
	C_STARTINGRANGE,
	C_UNIT,
	C_PRICEPERUNIT,
	C_CURRENCY,
	C_LEASE,
	C_PURCHASEOPTION,
	C_OFFERINGCLASS,
	NCOL
};
static const char *const col_names[NCOL] = {
	"sku",          "offertermcode", "termtype", "effectivedate",       "startingrange",
	"unit",         "priceperunit",  "currency", "leasecontractlength", "purchaseoption",
	"offeringclass"};
static const char *const col_display[NCOL] = {
	"SKU",          "OfferTermCode", "TermType", "EffectiveDate",       "StartingRange",
	"Unit",         "PricePerUnit",  "Currency", "LeaseContractLength", "PurchaseOption",
	"OfferingClass"};

struct csv_offer {
	infracost_csvstream *r;
	size_t ncols;
	int *colmap; /* header column -> C_* (0..NCOL-1), 100 + attribute, or -1 */
	long col[NCOL];
	long attr_col[NATTR];
	/* the term being read */
	int in_term;
	const struct product *P;
	char sku[ATTR_MAX], code[ATTR_MAX], type[ATTR_MAX];
	/* the last product looked at */
	char last_sku[ATTR_MAX];
	int last_status;
};

static const char *col_value(struct csv_offer *O, int c)
{
	return O->col[c] >= 0 ? csv_at(O->r, (size_t)O->col[c]) : "";
}

static int csv_header(struct feed *F, struct csv_offer *O)
{
	infracost_csvstream *r = O->r;
	size_t nfield = infracost__csvstream_fields(r);
	int line = infracost__csvstream_line(r);
	static const int required[] = {C_SKU, C_TERMTYPE, C_UNIT, C_PRICEPERUNIT, C_CURRENCY};

	O->ncols = nfield;
	O->colmap = feed_alloc(F, nfield * sizeof(*O->colmap));
	if (!O->colmap)
		return infracost__error_oom();
	for (int c = 0; c < NCOL; c++)
		O->col[c] = -1;
	for (int a = 0; a < NATTR; a++)
		O->attr_col[a] = -1;
	for (size_t i = 0; i < nfield; i++) {
		char norm[48];
		int c, a;
		O->colmap[i] = -1;
		if (!norm_name(csv_at(r, i), norm))
			continue;
		for (c = 0; c < NCOL; c++)
			if (strcmp(norm, col_names[c]) == 0)
				break;
		if (c < NCOL) {
			if (O->col[c] >= 0)
				return infracost__error_at(
					INFRACOST_EPARSE, F->source, line, 0, NULL,
					"column '%s' appears twice in the header", csv_at(r, i));
			O->col[c] = (long)i;
			O->colmap[i] = c;
			continue;
		}
		a = attr_lookup(F, csv_at(r, i));
		if (a >= 0) {
			if (O->attr_col[a] >= 0)
				return infracost__error_at(
					INFRACOST_EPARSE, F->source, line, 0, NULL,
					"column '%s' appears twice in the header", csv_at(r, i));
			O->attr_col[a] = (long)i;
			O->colmap[i] = 100 + a;
		}
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (O->col[required[i]] < 0)
			return infracost__error_at(
				INFRACOST_EPARSE, F->source, line, 0, NULL,
				"header has no '%s' column (an AWS offer CSV has "
				"SKU, TermType, Unit, PricePerUnit, Currency)",
				col_display[required[i]]);
	return 0;
}

static int csv_flush(struct feed *F, struct csv_offer *O)
{
	int rc = 0;
	if (O->in_term && O->P)
		rc = emit_term(F, O->P, &F->term);
	O->in_term = 0;
	O->P = NULL;
	return rc;
}

/* The product of the current row: kept, or looked at now from its columns. */
static int csv_product(struct feed *F, struct csv_offer *O)
{
	const char *sku = col_value(O, C_SKU);
	const struct product *P;
	int rc;

	if (strcmp(sku, O->last_sku) == 0 && O->last_status != P_MAPPED) {
		O->P = NULL;
		return 0;
	}
	P = table_get(&F->products, sku);
	if (P) {
		O->P = P;
		O->last_status = P_MAPPED;
	} else {
		memset(F->has, 0, sizeof(F->has));
		for (int a = 0; a < NATTR; a++) {
			const char *v;
			if (O->attr_col[a] < 0)
				continue;
			v = csv_at(O->r, (size_t)O->attr_col[a]);
			if (!*v)
				continue;
			if (strlen(v) >= ATTR_MAX) {
				F->has[a] = 2;
				continue;
			}
			strcpy(F->attr[a], v);
			F->has[a] = 1;
		}
		rc = strlen(sku) < ATTR_MAX ? classify(F, sku) : (F->skipped++, P_SKIPPED);
		if (rc < 0)
			return rc;
		O->last_status = rc;
		O->P = rc == P_MAPPED ? table_get(&F->products, sku) : NULL;
	}
	copy_text(O->last_sku, sizeof(O->last_sku), sku);
	return 0;
}

static int csv_row(struct feed *F, struct csv_offer *O)
{
	size_t nfield = infracost__csvstream_fields(O->r);
	int line = infracost__csvstream_line(O->r);
	struct term *T = &F->term;
	const char *sku, *code, *type, *cur, *v;
	struct dim *d;
	int rc;

	if (nfield != O->ncols)
		return infracost__error_at(INFRACOST_EPARSE, F->source, line, 0, NULL,
					   "expected %zu fields as in the header, found %zu",
					   O->ncols, nfield);
	sku = col_value(O, C_SKU);
	/* Another row of a product already skipped (most rows of a file):
	 * no term is open, nothing to keep. */
	if (O->in_term && !O->P && O->last_status != P_MAPPED && strcmp(sku, O->last_sku) == 0)
		return 0;
	code = col_value(O, C_OFFERTERMCODE);
	type = col_value(O, C_TERMTYPE);
	if (!O->in_term || strcmp(sku, O->sku) || strcmp(code, O->code) || strcmp(type, O->type)) {
		int tt = strcmp(type, "OnDemand") == 0   ? T_ON_DEMAND
			 : strcmp(type, "Reserved") == 0 ? T_RESERVED
							 : 0;
		if ((rc = csv_flush(F, O)))
			return rc;
		copy_text(O->sku, sizeof(O->sku), sku);
		copy_text(O->code, sizeof(O->code), code);
		copy_text(O->type, sizeof(O->type), type);
		O->in_term = 1;
		if ((rc = csv_product(F, O)))
			return rc;
		if (O->P && !tt) {
			F->skipped++;
			O->P = NULL;
		}
		if (!O->P)
			return 0;
		term_reset(T, tt, line);
		term_effective(T, col_value(O, C_EFFECTIVEDATE));
		/* The CSV gives every term attribute column; only non-empty count. */
		if (*(v = col_value(O, C_LEASE)))
			term_attribute(T, "LeaseContractLength", v);
		if (*(v = col_value(O, C_OFFERINGCLASS)))
			term_attribute(T, "OfferingClass", v);
		if (*(v = col_value(O, C_PURCHASEOPTION)))
			term_attribute(T, "PurchaseOption", v);
	}
	if (!O->P)
		return 0;
	if (T->ndims == MAX_DIMS) {
		T->bad = 1;
		return 0;
	}
	d = &T->dims[T->ndims++];
	copy_text(d->unit, sizeof(d->unit), col_value(O, C_UNIT));
	v = col_value(O, C_STARTINGRANGE);
	d->has_begin = !*v ? 0 : parse_dec(v, &d->begin) ? 1 : -1;
	cur = col_value(O, C_CURRENCY);
	v = col_value(O, C_PRICEPERUNIT);
	if (strcmp(cur, "USD") == 0)
		d->price_state = parse_dec(v, &d->price) ? 1 : 3;
	else
		d->price_state = *cur || *v ? 2 : 0;
	note_currency(F, d, cur, line, 0);
	return 0;
}

static int has_sku_column(infracost_csvstream *r)
{
	for (size_t i = 0; i < infracost__csvstream_fields(r); i++) {
		char norm[48];
		if (norm_name(csv_at(r, i), norm) && strcmp(norm, "sku") == 0)
			return 1;
	}
	return 0;
}

static int csv_offer(struct feed *F, struct csv_offer *O)
{
	infracost_csvstream *r = O->r;
	int rc, n;

	/* The metadata lines ("Version","2025..."), then the header: the first
	 * record of more than two fields with a SKU column. */
	for (n = 0;; n++) {
		size_t nfield;
		rc = infracost__csvstream_next(r);
		if (rc < 0)
			return rc;
		if (rc == 0 || n == 10)
			return infracost__error_at(INFRACOST_EPARSE, F->source,
						   rc ? infracost__csvstream_line(r) : 0, 0, NULL,
						   "no header row (a record with a SKU column "
						   "after the metadata lines)");
		nfield = infracost__csvstream_fields(r);
		if (nfield > 2 && has_sku_column(r))
			break;
		if (nfield >= 2) {
			const char *k = csv_at(r, 0), *v = csv_at(r, 1);
			rc = 0;
			if (strcmp(k, "Publication Date") == 0)
				rc = meta(F, "publication_date", v);
			else if (strcmp(k, "Version") == 0)
				rc = meta(F, "version", v);
			else if (strcmp(k, "OfferCode") == 0)
				rc = meta(F, "offer_code", v);
			if (rc)
				return rc;
		}
	}
	if ((rc = csv_header(F, O)))
		return rc;
	F->reader_mem = sizeof(*O) + infracost__csvstream_memory(r);
	note_memory(F);
	while ((rc = infracost__csvstream_next(r)) == 1)
		if ((rc = csv_row(F, O)))
			return rc;
	/* The buffer grows for a record longer than it. */
	F->reader_mem = sizeof(*O) + infracost__csvstream_memory(r);
	note_memory(F);
	if (rc < 0)
		return rc;
	if ((rc = csv_flush(F, O)))
		return rc;
	return finish(F);
}

int infracost__aws_offer_csv(FILE *in, const char *source, const infracost_feed_filter *filter,
			     infracost_feed_sink *sink)
{
	struct feed *F;
	struct csv_offer *O = NULL;
	int rc;

	last_peak = 0;
	F = infracost__malloc(sizeof(*F));
	if (!F)
		return infracost__error_oom();
	rc = feed_init(F, source, filter, sink);
	if (rc)
		goto done;
	if (!in) {
		rc = infracost__error(INFRACOST_EINVALID, "%s: no input file", F->source);
		goto done;
	}
	O = infracost__calloc(1, sizeof(*O));
	if (!O) {
		rc = infracost__error_oom();
		goto done;
	}
	if ((rc = infracost__csvstream_new(&O->r, in, F->source)))
		goto done;
	if (sink && sink->read)
		infracost__csvstream_on_read(O->r, sink->read, sink->ctx);
	F->reader_mem = sizeof(*O) + infracost__csvstream_memory(O->r);
	note_memory(F);
	rc = csv_offer(F, O);
done:
	if (O) {
		infracost__csvstream_free(O->r);
		feed_release(F, O->colmap, O->ncols * sizeof(*O->colmap));
		infracost__free(O);
	}
	feed_done(F);
	infracost__free(F);
	return rc;
}

/* ---- the small JSON files (read whole with lib/formats/jsondoc.c) ---- */

static int shape_error(const jsondoc *doc, const jsonval *v, const char *source, const char *path,
		       const char *what)
{
	int line, column;
	infracost__jsondoc_position(doc, v, path, &line, &column);
	return infracost__error_at(INFRACOST_EPARSE, source, line, column, path, "%s, got %s", what,
				   infracost__jv_type_name(v));
}

static const char *string_member(const jsonval *obj, const char *key)
{
	const jsonval *v = infracost__jv_get(obj, key);
	return v && infracost__jv_is(v, JV_STRING) ? infracost__jv_str(v) : NULL;
}

int infracost__aws_offer_index(const char *json, size_t len, const char *source,
			       int (*offer)(void *ctx, const char *offer_code,
					    const char *region_index_url),
			       void *ctx)
{
	jsondoc doc;
	const jsonval *offers;
	int rc;

	if (!source)
		source = "<offer index>";
	if ((rc = infracost__jsondoc_parse(&doc, json, len, source)))
		return rc;
	offers = infracost__jv_get(doc.root, "offers");
	if (!offers || !infracost__jv_is(offers, JV_OBJECT)) {
		rc = shape_error(&doc, offers ? offers : doc.root, source, offers ? "offers" : NULL,
				 offers ? "expected an object"
					: "expected an object with 'offers'");
		goto done;
	}
	for (jv_iter m = infracost__jv_members(offers); infracost__jv_iter_next(&m);) {
		const char *code, *url;
		if (!infracost__jv_is(m.value, JV_OBJECT)) {
			char path[160];
			infracost__snprintf(path, sizeof(path), "offers.%s", m.key);
			rc = shape_error(&doc, m.value, source, path, "expected an object");
			goto done;
		}
		code = string_member(m.value, "offerCode");
		url = string_member(m.value, "currentRegionIndexUrl");
		if (!url)
			continue; /* an offer without regional files */
		if ((rc = offer(ctx, code ? code : m.key, url)))
			goto done;
	}
done:
	infracost__jsondoc_free(&doc);
	return rc;
}

int infracost__aws_region_index(const char *json, size_t len, const char *source,
				int (*region)(void *ctx, const char *region_code,
					      const char *version_url),
				void *ctx)
{
	jsondoc doc;
	const jsonval *regions;
	int rc;

	if (!source)
		source = "<region index>";
	if ((rc = infracost__jsondoc_parse(&doc, json, len, source)))
		return rc;
	regions = infracost__jv_get(doc.root, "regions");
	if (regions && infracost__jv_is(regions, JV_OBJECT)) {
		/* The offer region index: {"us-east-1": {regionCode, currentVersionUrl}} */
		for (jv_iter m = infracost__jv_members(regions); infracost__jv_iter_next(&m);) {
			const char *code, *url;
			if (!infracost__jv_is(m.value, JV_OBJECT)) {
				char path[160];
				infracost__snprintf(path, sizeof(path), "regions.%s", m.key);
				rc = shape_error(&doc, m.value, source, path, "expected an object");
				goto done;
			}
			code = string_member(m.value, "regionCode");
			url = string_member(m.value, "currentVersionUrl");
			if (!url) {
				char path[160];
				infracost__snprintf(path, sizeof(path), "regions.%s", m.key);
				rc = shape_error(&doc, m.value, source, path,
						 "expected a currentVersionUrl string");
				goto done;
			}
			if ((rc = region(ctx, code ? code : m.key, url)))
				goto done;
		}
	} else if (regions && infracost__jv_is(regions, JV_ARRAY)) {
		/* The Savings Plans form: [{regionCode, versionUrl}] */
		for (size_t i = 0; i < infracost__jv_len(regions); i++) {
			const jsonval *v = infracost__jv_item(regions, i);
			const char *code = string_member(v, "regionCode");
			const char *url = string_member(v, "versionUrl");
			if (!code || !url) {
				char path[64];
				infracost__snprintf(path, sizeof(path), "regions[%zu]", i);
				rc = shape_error(
					&doc, v, source, path,
					"expected an object with regionCode and versionUrl");
				goto done;
			}
			if ((rc = region(ctx, code, url)))
				goto done;
		}
	} else {
		rc = shape_error(
			&doc, regions ? regions : doc.root, source, regions ? "regions" : NULL,
			regions ? "expected an object" : "expected an object with 'regions'");
	}
done:
	infracost__jsondoc_free(&doc);
	return rc;
}

/* A whole number in [lo, hi], or -1. */
static int whole(const jsonval *v, int lo, int hi)
{
	double d = infracost__jv_num(v);
	if (!infracost__jv_is(v, JV_NUMBER) || d != floor(d) || d < lo || d > hi)
		return -1;
	return (int)d;
}

int infracost__aws_spot_advisor(const char *json, size_t len, const char *source,
				infracost_feed_sink *sink)
{
	jsondoc doc;
	const jsonval *ranges, *advisor;
	unsigned long skipped = 0;
	int rc;

	if (!source)
		source = "<spot advisor>";
	if (!sink)
		return infracost__error(INFRACOST_EINVALID, "%s: no sink", source);
	if ((rc = infracost__jsondoc_parse(&doc, json, len, source)))
		return rc;
	ranges = infracost__jv_get(doc.root, "ranges");
	advisor = infracost__jv_get(doc.root, "spot_advisor");
	if (!ranges || !infracost__jv_is(ranges, JV_ARRAY) || infracost__jv_len(ranges) == 0) {
		rc = shape_error(&doc, ranges ? ranges : doc.root, source, ranges ? "ranges" : NULL,
				 ranges ? "expected a non-empty array"
					: "expected an object with 'ranges'");
		goto done;
	}
	if (!advisor || !infracost__jv_is(advisor, JV_OBJECT)) {
		rc = shape_error(
			&doc, advisor ? advisor : doc.root, source, advisor ? "spot_advisor" : NULL,
			advisor ? "expected an object" : "expected an object with 'spot_advisor'");
		goto done;
	}
	for (jv_iter reg = infracost__jv_members(advisor); infracost__jv_iter_next(&reg);) {
		if (!infracost__jv_is(reg.value, JV_OBJECT)) {
			skipped++;
			continue;
		}
		for (jv_iter os = infracost__jv_members(reg.value); infracost__jv_iter_next(&os);) {
			if (!infracost__jv_is(os.value, JV_OBJECT)) {
				skipped++;
				continue;
			}
			for (jv_iter type = infracost__jv_members(os.value);
			     infracost__jv_iter_next(&type);) {
				/* r indexes ranges: 0 "<5%" .. 4 ">20%"; s is the saving in %. */
				int nr = (int)infracost__jv_len(ranges);
				int r = whole(infracost__jv_get(type.value, "r"), 0,
					      nr - 1 < 4 ? nr - 1 : 4);
				int s = whole(infracost__jv_get(type.value, "s"), 0, 100);
				if (r < 0 || s < 0) {
					skipped++;
					continue;
				}
				if (sink->spot_advice &&
				    (rc = sink->spot_advice(sink->ctx, reg.key, os.key, type.key, r,
							    s)))
					goto done;
			}
		}
	}
	if (sink->meta) {
		char n[32];
		infracost__snprintf(n, sizeof(n), "%lu", skipped);
		rc = sink->meta(sink->ctx, "skipped", n);
	}
done:
	infracost__jsondoc_free(&doc);
	return rc;
}
