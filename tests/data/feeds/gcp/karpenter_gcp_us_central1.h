/* karpenter_gcp_us_central1.h - reference prices for test_feed_gcp.c.
 *
 * us-central1 hourly USD prices from cloudpilot-ai/karpenter-provider-gcp
 * pkg/providers/pricing/initial-prices.json, commit
 * 036c6e2c3ad45e4a2b6028986c81178cf5cc14c2 (read with the search tools, index
 * id 69391450124), transcribed unchanged. That project builds them from the
 * Cloud Billing Catalog (per-vCPU and per-GiB SKUs) and the Compute Engine
 * machine-types API (sizes), so they check both our composition and
 * lib/feeds/gcp_machines.h. T2D is left out: karpenter has only standard shapes of
 * it, which cannot tell its core price from its RAM price. */

struct kp_price {
	const char *machine;
	double price;
};

static const struct kp_price kp_on_demand[] = {
	{"c3-highcpu-176", 7.484576},   {"c3-highcpu-22", 0.935572},
	{"c3-highcpu-4", 0.170104},     {"c3-highcpu-44", 1.871144},
	{"c3-highcpu-8", 0.340208},     {"c3-highcpu-88", 3.742288},
	{"c3-highmem-176", 11.643104},  {"c3-highmem-22", 1.455388},
	{"c3-highmem-4", 0.264616},     {"c3-highmem-44", 2.910776},
	{"c3-highmem-8", 0.529232},     {"c3-highmem-88", 5.821552},
	{"c3-standard-176", 8.870752},  {"c3-standard-22", 1.108844},
	{"c3-standard-4", 0.201608},    {"c3-standard-44", 2.217688},
	{"c3-standard-8", 0.403216},    {"c3-standard-88", 4.435376},
	{"e2-highcpu-16", 0.39576192},  {"e2-highcpu-2", 0.04947024},
	{"e2-highcpu-32", 0.79152384},  {"e2-highcpu-4", 0.09894048},
	{"e2-highcpu-8", 0.19788096},   {"e2-highmem-16", 0.72319728},
	{"e2-highmem-2", 0.09039966},   {"e2-highmem-4", 0.18079932},
	{"e2-highmem-8", 0.36159864},   {"e2-medium", 0.03350571},
	{"e2-micro", 0.0083764275},     {"e2-small", 0.016752855},
	{"e2-standard-16", 0.53609136}, {"e2-standard-2", 0.06701142},
	{"e2-standard-32", 1.07218272}, {"e2-standard-4", 0.13402284},
	{"e2-standard-8", 0.26804568},  {"n2-highcpu-16", 0.573568},
	{"n2-highcpu-2", 0.071696},     {"n2-highcpu-32", 1.147136},
	{"n2-highcpu-4", 0.143392},     {"n2-highcpu-48", 1.720704},
	{"n2-highcpu-64", 2.294272},    {"n2-highcpu-8", 0.286784},
	{"n2-highcpu-80", 2.86784},     {"n2-highcpu-96", 3.441408},
	{"n2-highmem-128", 7.706976},   {"n2-highmem-16", 1.048112},
	{"n2-highmem-2", 0.131014},     {"n2-highmem-32", 2.096224},
	{"n2-highmem-4", 0.262028},     {"n2-highmem-48", 3.144336},
	{"n2-highmem-64", 4.192448},    {"n2-highmem-8", 0.524056},
	{"n2-highmem-80", 5.24056},     {"n2-highmem-96", 6.288672},
	{"n2-standard-128", 6.215552},  {"n2-standard-16", 0.776944},
	{"n2-standard-2", 0.097118},    {"n2-standard-32", 1.553888},
	{"n2-standard-4", 0.194236},    {"n2-standard-48", 2.330832},
	{"n2-standard-64", 3.107776},   {"n2-standard-8", 0.388472},
	{"n2-standard-80", 3.88472},    {"n2-standard-96", 4.661664},
	{"n2d-highcpu-128", 3.992064},  {"n2d-highcpu-16", 0.499008},
	{"n2d-highcpu-2", 0.062376},    {"n2d-highcpu-224", 6.986112},
	{"n2d-highcpu-32", 0.998016},   {"n2d-highcpu-4", 0.124752},
	{"n2d-highcpu-48", 1.497024},   {"n2d-highcpu-64", 1.996032},
	{"n2d-highcpu-8", 0.249504},    {"n2d-highcpu-80", 2.49504},
	{"n2d-highcpu-96", 2.994048},   {"n2d-highmem-16", 0.91184},
	{"n2d-highmem-2", 0.11398},     {"n2d-highmem-32", 1.82368},
	{"n2d-highmem-4", 0.22796},     {"n2d-highmem-48", 2.73552},
	{"n2d-highmem-64", 3.64736},    {"n2d-highmem-8", 0.45592},
	{"n2d-highmem-80", 4.5592},     {"n2d-highmem-96", 5.47104},
	{"n2d-standard-128", 5.407488}, {"n2d-standard-16", 0.675936},
	{"n2d-standard-2", 0.084492},   {"n2d-standard-224", 9.463104},
	{"n2d-standard-32", 1.351872},  {"n2d-standard-4", 0.168984},
	{"n2d-standard-48", 2.027808},  {"n2d-standard-64", 2.703744},
	{"n2d-standard-8", 0.337968},   {"n2d-standard-80", 3.37968},
	{"n2d-standard-96", 4.055616},
};

static const struct kp_price kp_spot[] = {
	{"c3-highcpu-176", 2.684704},   {"c3-highcpu-22", 0.335588},   {"c3-highcpu-4", 0.061016},
	{"c3-highcpu-44", 0.671176},    {"c3-highcpu-8", 0.122032},    {"c3-highcpu-88", 1.342352},
	{"c3-highmem-176", 4.175776},   {"c3-highmem-22", 0.521972},   {"c3-highmem-4", 0.094904},
	{"c3-highmem-44", 1.043944},    {"c3-highmem-8", 0.189808},    {"c3-highmem-88", 2.087888},
	{"c3-standard-176", 3.181728},  {"c3-standard-22", 0.397716},  {"c3-standard-4", 0.072312},
	{"c3-standard-44", 0.795432},   {"c3-standard-8", 0.144624},   {"c3-standard-88", 1.590864},
	{"e2-highcpu-16", 0.237504},    {"e2-highcpu-2", 0.029688},    {"e2-highcpu-32", 0.475008},
	{"e2-highcpu-4", 0.059376},     {"e2-highcpu-8", 0.118752},    {"e2-highmem-16", 0.433952},
	{"e2-highmem-2", 0.054244},     {"e2-highmem-4", 0.108488},    {"e2-highmem-8", 0.216976},
	{"e2-medium", 0.020106},        {"e2-micro", 0.0050265},       {"e2-small", 0.010053},
	{"e2-standard-16", 0.321696},   {"e2-standard-2", 0.040212},   {"e2-standard-32", 0.643392},
	{"e2-standard-4", 0.080424},    {"e2-standard-8", 0.160848},   {"n2-highcpu-16", 0.344032},
	{"n2-highcpu-2", 0.043004},     {"n2-highcpu-32", 0.688064},   {"n2-highcpu-4", 0.086008},
	{"n2-highcpu-48", 1.032096},    {"n2-highcpu-64", 1.376128},   {"n2-highcpu-8", 0.172016},
	{"n2-highcpu-80", 1.72016},     {"n2-highcpu-96", 2.064192},   {"n2-highmem-128", 4.623168},
	{"n2-highmem-16", 0.628736},    {"n2-highmem-2", 0.078592},    {"n2-highmem-32", 1.257472},
	{"n2-highmem-4", 0.157184},     {"n2-highmem-48", 1.886208},   {"n2-highmem-64", 2.514944},
	{"n2-highmem-8", 0.314368},     {"n2-highmem-80", 3.14368},    {"n2-highmem-96", 3.772416},
	{"n2-standard-128", 3.728384},  {"n2-standard-16", 0.466048},  {"n2-standard-2", 0.058256},
	{"n2-standard-32", 0.932096},   {"n2-standard-4", 0.116512},   {"n2-standard-48", 1.398144},
	{"n2-standard-64", 1.864192},   {"n2-standard-8", 0.233024},   {"n2-standard-80", 2.33024},
	{"n2-standard-96", 2.796288},   {"n2d-highcpu-128", 1.769216}, {"n2d-highcpu-16", 0.221152},
	{"n2d-highcpu-2", 0.027644},    {"n2d-highcpu-224", 3.096128}, {"n2d-highcpu-32", 0.442304},
	{"n2d-highcpu-4", 0.055288},    {"n2d-highcpu-48", 0.663456},  {"n2d-highcpu-64", 0.884608},
	{"n2d-highcpu-8", 0.110576},    {"n2d-highcpu-80", 1.10576},   {"n2d-highcpu-96", 1.326912},
	{"n2d-highmem-16", 0.403936},   {"n2d-highmem-2", 0.050492},   {"n2d-highmem-32", 0.807872},
	{"n2d-highmem-4", 0.100984},    {"n2d-highmem-48", 1.211808},  {"n2d-highmem-64", 1.615744},
	{"n2d-highmem-8", 0.201968},    {"n2d-highmem-80", 2.01968},   {"n2d-highmem-96", 2.423616},
	{"n2d-standard-128", 2.395904}, {"n2d-standard-16", 0.299488}, {"n2d-standard-2", 0.037436},
	{"n2d-standard-224", 4.192832}, {"n2d-standard-32", 0.598976}, {"n2d-standard-4", 0.074872},
	{"n2d-standard-48", 0.898464},  {"n2d-standard-64", 1.197952}, {"n2d-standard-8", 0.149744},
	{"n2d-standard-80", 1.49744},   {"n2d-standard-96", 1.796928},
};
