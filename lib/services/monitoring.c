/* monitoring.c - the monitoring service type: CloudWatch logs ingested and
 * stored, custom metrics, alarms and dashboards a month (docs/spec.md
 * "monitoring"; formats.md section 5). */
#include <math.h>

#include "service_type.h"

enum { LOGS_INGESTED_GB, LOGS_STORED_GB, CUSTOM_METRICS, ALARMS, DASHBOARDS, NKEYS };

static const struct svc_key keys[NKEYS] = {
	[LOGS_INGESTED_GB] = {"logs_ingested_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[LOGS_STORED_GB] = {"logs_stored_gb", SVC_NUM, 0, 0, 0, HUGE_VAL},
	[CUSTOM_METRICS] = {"custom_metrics", SVC_NUM, SVC_INT, 0, 0, 1e12},
	[ALARMS] = {"alarms", SVC_NUM, SVC_INT, 0, 0, 1e12},
	[DASHBOARDS] = {"dashboards", SVC_NUM, SVC_INT, 0, 0, 1e12},
};

/* aws: CloudWatch; gcp and azure: no sourced prices yet. */
static const struct svc_catalog cloudwatch = {"cloudwatch", NULL, NULL};

/* Each line: its component, the key giving its quantity, its sku and unit
 * (the metric ladder is tiered in the book). */
static const struct svc_metered lines[] = {
	{"logs_ingest", LOGS_INGESTED_GB, "logs:ingest", "gb"},
	{"logs_storage", LOGS_STORED_GB, "logs:storage", "gb_month"},
	{"metrics", CUSTOM_METRICS, "metric", "month"},
	{"alarms", ALARMS, "alarm:standard", "month"},
	{"dashboards", DASHBOARDS, "dashboard", "month"},
};

static int price(struct svc_pricer *p)
{
	return infracost__pricer_metered(p, &cloudwatch, lines, sizeof(lines) / sizeof(lines[0]));
}

const struct svc_type infracost__svc_monitoring = {
	.name = "monitoring",
	.keys = keys,
	.nkeys = NKEYS,
	.price = price,
	.type_key = -1,
};
