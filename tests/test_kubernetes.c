/* test_kubernetes.c - Kubernetes manifests into a spec (lib/inputs/
 * kubernetes.c): the real manifests of ../shared/samples/kubernetes/ (read in place) with
 * the services written by hand (on Fargate and on nodes), quantities, Job
 * and CronJob hours, autoscalers, claims, load balancers, DaemonSets, the
 * objects listed, the YAML output, errors with their place, out of memory. */
#include "helpers.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define SAMPLES SOURCE_DIR "/../shared/samples/kubernetes/" /* read in place */

static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);
	if (!root) {
		print_error("not JSON: %s\n%s\n", err.text, text);
		fail();
	}
	return root;
}

static void on_warn(void *ctx, const char *message)
{
	char *log = ctx;
	size_t n = strlen(log);
	snprintf(log + n, 4096 - n, "%s\n", message);
}

/* The spec of paths (NULL-terminated), as JSON; the spec must load. */
static json_t *convert(const char *const *paths, const char *node_type, char *warnings)
{
	infracost_kubernetes_options o = INFRACOST_KUBERNETES_OPTIONS_INIT;
	infracost_catalog *cat = NULL;
	infracost_spec *spec = NULL;
	char *out = NULL;
	size_t n = 0, len;
	json_t *root;
	while (paths[n])
		n++;
	o.region = "us-east-1";
	o.node_type = node_type;
	if (node_type) {
		cat = catalog_default();
		o.catalog = cat;
	}
	if (warnings) {
		warnings[0] = '\0';
		o.warn = on_warn;
		o.warn_ctx = warnings;
	}
	if (infracost_convert_kubernetes(&out, &len, paths, n, &o)) {
		print_error("%s\n", infracost_error_last()->message);
		fail();
	}
	assert_int_equal(strlen(out), len);
	if (infracost_spec_load_string(&spec, out, len, "k8s.json")) {
		print_error("%s\n%s\n", infracost_error_last()->message, out);
		fail();
	}
	infracost_spec_free(spec);
	root = parse(out);
	infracost_free(out);
	infracost_catalog_free(cat);
	return root;
}

static json_t *service(json_t *root, const char *name)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(root, "services"), i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0)
			return s;
	}
	print_error("no service '%s'\n", name);
	fail();
	return NULL;
}

static double num(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_number(v)) {
		print_error("no number '%s'\n", key);
		fail();
	}
	return json_number_value(v);
}

static const char *str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	if (!s) {
		print_error("no string '%s'\n", key);
		fail();
	}
	return s;
}

/* A container service: type, size, replicas (min == max: a whole number). */
static void assert_container(json_t *root, const char *name, double vcpu, double gb, double min,
			     double max)
{
	json_t *s = service(root, name), *r = json_object_get(s, "replicas");
	assert_string_equal(str(s, "type"), "container");
	assert_money(num(s, "vcpu"), vcpu);
	assert_money(num(s, "memory_gb"), gb);
	if (min == max) {
		assert_true(json_is_number(r));
		assert_money(json_number_value(r), min);
	} else {
		assert_money(num(r, "min"), min);
		assert_money(num(r, "max"), max);
	}
}

/* The status of the object at `address` in the spec's list. */
static const char *status_of(json_t *root, const char *address)
{
	size_t i;
	json_t *in;
	json_array_foreach(json_object_get(root, "inputs"), i, in)
	{
		if (strcmp(str(in, "address"), address) == 0)
			return str(in, "status");
	}
	print_error("no input '%s'\n", address);
	fail();
	return NULL;
}

static void test_quantities(void **state)
{
	static const struct {
		const char *text;
		double value;
	} good[] = {{"500m", 0.5},   {"0.5", 0.5},         {"2", 2},         {"1Gi", 1073741824},
		    {"1G", 1e9},     {"100Mi", 104857600}, {"1e3", 1000},    {"1E", 1e18},
		    {"1.5Ki", 1536}, {"+.5", 0.5},         {"250u", 250e-6}, {"1E-3", 1e-3}};
	static const char *const bad[] = {"1GB",   "-1", "",   "m",     "1 Gi", "0x10",
					  "1.2.3", "Gi", "1e", "1e999", "1i",   NULL};
	double d;
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (infracost_kubernetes_quantity(&d, good[i].text) != 0) {
			print_error("'%s' refused\n", good[i].text);
			fail();
		}
		assert_money(d, good[i].value);
	}
	for (size_t i = 0; bad[i]; i++)
		if (infracost_kubernetes_quantity(&d, bad[i]) != INFRACOST_EINVALID) {
			print_error("'%s' accepted as %g\n", bad[i], d);
			fail();
		}
	assert_int_equal(infracost_kubernetes_quantity(NULL, "1"), INFRACOST_EINVALID);
	assert_int_equal(infracost_kubernetes_quantity(&d, NULL), INFRACOST_EINVALID);
}

/* The real manifests on Fargate, each sample alone (samples/README.md). */
static void test_samples_fargate(void **state)
{
	static const char *const a[] = {
		SAMPLES "kubernetes-website_content_en_examples_application_php-apache.yaml",
		SAMPLES "kubernetes-website_content_en_examples_application_hpa_php-apache.yaml",
		NULL};
	static const char *const b[] = {
		SAMPLES "stefanprodan-podinfo_deploy_bases_backend_deployment.yaml",
		SAMPLES "stefanprodan-podinfo_deploy_bases_backend_hpa.yaml", NULL};
	static const char *const c[] = {
		SAMPLES "stefanprodan-podinfo_deploy_bases_database_statefulset-primary.yaml",
		SAMPLES "stefanprodan-podinfo_deploy_bases_database_pvc-primary.yaml",
		SAMPLES "stefanprodan-podinfo_deploy_bases_database_deployment-replica.yaml",
		SAMPLES "stefanprodan-podinfo_deploy_bases_database_hpa-replica.yaml", NULL};
	static const char *const d[] = {
		SAMPLES
		"kubernetes-website_content_en_examples_application_zookeeper_zookeeper.yaml",
		SAMPLES "kubernetes-website_content_en_examples_application_guestbook_frontend-"
			"deployment.yaml",
		NULL};
	char warnings[4096];
	json_t *root, *s;
	(void)state;

	/* (a) no replicas (1) but an HPA of 1..10 (written in flow style);
	 * 200m CPU, no memory: 0.25 vCPU and 0.5 GB on Fargate (0 + 0.25 GB
	 * overhead, rounded up); its ClusterIP Service is free */
	root = convert(a, NULL, warnings);
	assert_container(root, "php-apache", 0.25, 0.5, 1, 10);
	assert_non_null(strstr(str(service(root, "php-apache"), "description"),
			       "no memory request or limit"));
	assert_string_equal(status_of(root, "HorizontalPodAutoscaler/default/php-apache"),
			    "included");
	assert_string_equal(status_of(root, "Service/default/php-apache"), "free");
	assert_string_equal(str(service(root, "cluster"), "type"), "kubernetes");
	assert_int_equal(json_array_size(json_object_get(root, "services")), 2);
	json_decref(root);

	/* (b) 100m, 32Mi (limits 2000m/512Mi are not requests): HPA 1..2 */
	root = convert(b, NULL, NULL);
	assert_container(root, "backend", 0.25, 0.5, 1, 2);
	json_decref(root);

	/* (c) the primary StatefulSet (1 replica) mounts the PVC by claimName:
	 * the PVC is priced once, 1Gi as 1 GB of gp3 (no storage class); the
	 * replica Deployment's HPA minimum (2) is above the default 1 */
	root = convert(c, NULL, NULL);
	assert_container(root, "database-primary", 0.25, 0.5, 1, 1);
	assert_container(root, "database-replica", 0.25, 0.5, 2, 3);
	s = service(root, "database-primary-pvc");
	assert_string_equal(str(s, "type"), "block_storage");
	assert_string_equal(str(s, "volume_type"), "gp3");
	assert_money(num(s, "size_gb"), 1);
	assert_null(json_object_get(s, "count"));
	assert_int_equal(json_array_size(json_object_get(root, "services")), 4);
	json_decref(root);

	/* (d) zk: 3 replicas of cpu "0.5" (a decimal) and 1Gi: 1.25 GB with the
	 * overhead, 2 GB at 0.5 vCPU; its volumeClaimTemplates 10Gi a replica:
	 * 3 volumes; two ClusterIP Services and a PDB are free; frontend 3 x
	 * 100m/100Mi */
	root = convert(d, NULL, NULL);
	assert_container(root, "zk", 0.5, 2, 3, 3);
	s = service(root, "zk-datadir");
	assert_string_equal(str(s, "type"), "block_storage");
	assert_money(num(s, "size_gb"), 10);
	assert_money(num(s, "count"), 3);
	assert_container(root, "frontend", 0.25, 0.5, 3, 3);
	assert_string_equal(status_of(root, "Service/default/zk-hs"), "free");
	assert_string_equal(status_of(root, "PodDisruptionBudget/default/zk-pdb"), "free");
	assert_string_equal(status_of(root, "StatefulSet/default/zk"), "priced");
	assert_int_equal(json_array_size(json_object_get(root, "inputs")), 5);
	json_decref(root);
}

/* The priced spec: the zookeeper sample's line items by hand. */
static void test_samples_priced(void **state)
{
	static const char *const d[] = {
		SAMPLES
		"kubernetes-website_content_en_examples_application_zookeeper_zookeeper.yaml",
		NULL};
	infracost_kubernetes_options o = INFRACOST_KUBERNETES_OPTIONS_INIT;
	infracost_catalog *cat = catalog_default();
	infracost_estimate *est;
	const infracost_service_result *s;
	char *out = NULL;
	size_t len;
	(void)state;
	o.region = "us-east-1";
	assert_int_equal(infracost_convert_kubernetes(&out, &len, d, 1, &o), 0);
	est = estimate_of(out, cat);
	s = service_of(est, "default", "zk");
	/* 3 pods x 730 h x 0.5 vCPU x 0.04048; x 2 GB x 0.004445 */
	assert_money(item_of(s, "vcpu", "on_demand")->monthly, 3 * 730 * 0.5 * 0.04048);
	assert_money(item_of(s, "memory", "on_demand")->monthly, 3 * 730 * 2 * 0.004445);
	s = service_of(est, "default", "zk-datadir");
	assert_money(item_of(s, "storage", "on_demand")->monthly, 3 * 10 * 0.08);
	s = service_of(est, "default", "cluster");
	assert_money(item_of(s, "control_plane", "on_demand")->monthly, 730 * 0.10);
	infracost_estimate_free(est);
	infracost_free(out);
	infracost_catalog_free(cat);
}

/* Every sample at once on m5.large nodes (2 vCPU, 8 GB): one vm service of
 * 2 to 3 nodes. Pods' shares (the larger of CPU and memory): frontend
 * 3 x 0.05, php-apache 1..10 x 0.1, zk 3 x 0.25, backend 1..2 x 0.05,
 * database-replica 2..3 x 0.05, database-primary 1 x 0.05: 1.2 nodes at
 * the minimum, 2.2 at the maximum. */
static void test_samples_nodes(void **state)
{
	static const char *const all[] = {SOURCE_DIR "/../shared/samples/kubernetes", NULL};
	json_t *root, *s, *r, *shares, *sh;
	size_t i;
	int found = 0;
	(void)state;
	root = convert(all, "m5.large", NULL);
	s = service(root, "nodes");
	assert_string_equal(str(s, "type"), "vm");
	assert_string_equal(str(s, "instance_type"), "m5.large");
	r = json_object_get(s, "replicas");
	assert_money(num(r, "min"), 2);
	assert_money(num(r, "max"), 3);
	shares = json_object_get(s, "x-shares");
	assert_int_equal(json_array_size(shares), 6);
	json_array_foreach(shares, i, sh)
	{
		if (strcmp(str(sh, "workload"), "zk") == 0) {
			assert_money(num(sh, "node_share"), 0.25);
			assert_money(num(sh, "nodes_max"), 0.75);
			found = 1;
		}
	}
	assert_true(found);
	/* no container service on nodes; the claims stay */
	assert_string_equal(str(service(root, "zk-datadir"), "type"), "block_storage");
	assert_string_equal(status_of(root, "Deployment/default/frontend"), "included");
	json_decref(root);
}

/* The shipped example set (examples/kubernetes, a directory read whole). */
static void test_examples(void **state)
{
	static const char *const dir[] = {SOURCE_DIR "/examples/kubernetes", NULL};
	char warnings[4096];
	json_t *root, *s, *r;
	(void)state;
	root = convert(dir, NULL, warnings);
	/* api: 500m/1Gi, HPA 2..8 */
	assert_container(root, "shop.api", 0.5, 2, 2, 8);
	/* the nightly report: 30.4 runs a month (0 2 * * *) of at most 30
	 * minutes (activeDeadlineSeconds 1800): 15.2 pod-hours, 0..1 pods */
	s = service(root, "shop.nightly-report");
	r = json_object_get(s, "replicas");
	assert_money(num(r, "min"), 0);
	assert_money(num(r, "max"), 1);
	assert_true(fabs(num(r, "average") - (730.0 / 24) * 0.5 / 730) < 1e-6);
	/* the NLB of web; the gp3 volume of postgres */
	assert_string_equal(str(service(root, "shop.web-lb"), "kind"), "nlb");
	assert_string_equal(str(service(root, "shop.postgres-data"), "volume_type"), "gp3");
	assert_money(num(service(root, "shop.postgres-data"), "size_gb"), 50);
	/* the DaemonSet does not run on Fargate: listed, warned, not priced */
	assert_string_equal(status_of(root, "DaemonSet/kube-system/log-agent"), "unsupported");
	assert_non_null(strstr(warnings, "DaemonSets do not run on Fargate"));
	assert_string_equal(status_of(root, "ConfigMap/shop/web-config"), "free");
	json_decref(root);

	/* on nodes the DaemonSet's pod (limits 100m/128Mi as requests) takes
	 * its share of every node */
	root = convert(dir, "m5.large", NULL);
	assert_string_equal(status_of(root, "DaemonSet/kube-system/log-agent"), "included");
	s = service(root, "nodes");
	r = json_object_get(s, "replicas");
	assert_money(num(r, "min"), 2);
	assert_money(num(r, "max"), 4);
	json_decref(root);
}

static char *convert_text(const char *yaml, const char *node_type, int expect)
{
	infracost_kubernetes_options o = INFRACOST_KUBERNETES_OPTIONS_INIT;
	infracost_catalog *cat = NULL;
	char *out = NULL;
	size_t len;
	int rc;
	o.region = "us-east-1";
	o.node_type = node_type;
	if (node_type) {
		cat = catalog_from(
			"provider,service,region,sku,purchase,unit,price,vcpu,memory_gb\n"
			"aws,ec2,us-east-1,n.small,on_demand,hour,0.1,2,4\n"
			"aws,ec2,us-east-1,n.nosize,on_demand,hour,0.1,,\n");
		o.catalog = cat;
	}
	rc = infracost_convert_kubernetes_buffer(&out, &len, yaml, strlen(yaml), "m.yaml", &o);
	infracost_catalog_free(cat);
	if (rc != expect) {
		print_error("expected %d, got %d: %s\n", expect, rc,
			    rc ? infracost_error_last()->message : out);
		fail();
	}
	return out;
}

#define DEPLOY(name, extra, resources)                                                             \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " name "}\nspec:\n" extra         \
	"  template:\n    spec:\n      containers:\n        - name: c\n" resources

/* Schedules: runs a month from the five cron fields, macros, names. */
static void test_cronjobs(void **state)
{
	static const struct {
		const char *schedule;
		double runs;
	} cases[] = {{"*/15 * * * *", 4 * 730},           {"0 3 * * *", 730.0 / 24},
		     {"0 3 * * 1-5", 730.0 / 24 * 5 / 7}, {"0 3 * * MON,wed", 730.0 / 24 * 2 / 7},
		     {"30 1 1 * *", 730.0 / 24 / 31},     {"0 0 1 JAN *", 730.0 / 24 / 31 / 12},
		     {"0 */6 * * *", 730.0 / 24 * 4},     {"@hourly", 730},
		     {"@weekly", 730.0 / 24 / 7},         {"@monthly", 1},
		     {"0 0 * * 0,7", 730.0 / 24 / 7},     {"not a schedule", 730.0 / 24},
		     {"0 0 * * * *", 730.0 / 24},         {"61 * * * *", 730.0 / 24}};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char yaml[1024], *out;
		json_t *root, *r;
		snprintf(yaml, sizeof(yaml),
			 "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j}\nspec:\n"
			 "  schedule: \"%s\"\n  jobTemplate:\n    spec:\n      template:\n"
			 "        spec:\n          containers:\n            - name: c\n"
			 "              resources: {requests: {cpu: 250m, memory: 256Mi}}\n",
			 cases[i].schedule);
		out = convert_text(yaml, NULL, 0);
		root = parse(out);
		r = json_object_get(service(root, "j"), "replicas");
		/* 10 minutes a run by default */
		if (fabs(num(r, "average") - fmin(num(r, "max"), cases[i].runs * 10 / 60 / 730)) >
		    1e-5 * fmax(1, cases[i].runs / 730)) {
			print_error("'%s': average %g, expected %g\n", cases[i].schedule,
				    num(r, "average"), cases[i].runs * 10 / 60 / 730);
			fail();
		}
		if (i >= 11)
			assert_non_null(strstr(str(service(root, "j"), "description"), "not read"));
		json_decref(root);
		infracost_free(out);
	}
	/* every 5 minutes, 10 minutes a run, runs allowed to overlap: 2 at once */
	{
		char *out = convert_text(
			"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j}\n"
			"spec:\n  schedule: '*/5 * * * *'\n  jobTemplate:\n"
			"    spec:\n      template:\n        spec:\n"
			"          containers: [{name: c}]\n",
			NULL, 0);
		json_t *root = parse(out);
		assert_money(num(json_object_get(service(root, "j"), "replicas"), "max"), 2);
		json_decref(root);
		infracost_free(out);
	}
	/* a Job: completions over parallelism, once */
	{
		char *out = convert_text("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n"
					 "spec:\n  parallelism: 2\n  completions: 6\n"
					 "  template:\n    spec:\n      containers: [{name: c}]\n",
					 NULL, 0);
		json_t *root = parse(out), *r = json_object_get(service(root, "j"), "replicas");
		assert_money(num(r, "max"), 2);
		assert_money(num(r, "average"), 6 * (10.0 / 60) / 730);
		json_decref(root);
		infracost_free(out);
	}
}

/* Requests from limits (as Kubernetes does), init containers, YAML out. */
static void test_pods_and_yaml(void **state)
{
	const char *yaml = DEPLOY("w", "  replicas: 4\n",
				  "          resources: {limits: {cpu: 1, memory: 3Gi}}\n"
				  "        - name: d\n"
				  "          resources: {requests: {cpu: \"0.5\", memory: 1G}}\n"
				  "      initContainers:\n"
				  "        - name: i\n"
				  "          resources: {requests: {cpu: 2, memory: 1Gi}}\n");
	infracost_kubernetes_options o = INFRACOST_KUBERNETES_OPTIONS_INIT;
	infracost_catalog *cat = catalog_default();
	infracost_spec *a = NULL, *b = NULL;
	char *json, *yout = NULL;
	size_t len;
	json_t *root;
	(void)state;
	json = convert_text(yaml, NULL, 0);
	root = parse(json);
	/* CPU: max(1 + 0.5, 2) = 2; memory 3 GiB + 1e9 bytes + 0.25 GB = 4.18:
	 * 2 vCPU takes 4 to 16 GB in steps of 1: 5 */
	assert_container(root, "w", 2, 5, 4, 4);
	assert_non_null(strstr(str(service(root, "w"), "description"), "taken from limits"));
	json_decref(root);
	/* the same spec as YAML */
	o.region = "us-east-1";
	o.yaml = 1;
	assert_int_equal(
		infracost_convert_kubernetes_buffer(&yout, &len, yaml, strlen(yaml), "m.yaml", &o),
		0);
	assert_null(strchr(yout, '{'));
	assert_int_equal(infracost_spec_load_string(&a, json, strlen(json), "a.json"), 0);
	assert_int_equal(infracost_spec_load_string(&b, yout, len, "b.yaml"), 0);
	{
		infracost_estimate *ea = NULL, *eb = NULL;
		char *ra, *rb;
		assert_int_equal(infracost_estimate_compute(&ea, a, cat, NULL), 0);
		assert_int_equal(infracost_estimate_compute(&eb, b, cat, NULL), 0);
		assert_int_equal(infracost_estimate_render(&ra, NULL, ea, INFRACOST_FORMAT_JSON),
				 0);
		assert_int_equal(infracost_estimate_render(&rb, NULL, eb, INFRACOST_FORMAT_JSON),
				 0);
		assert_string_equal(ra, rb);
		infracost_free(ra);
		infracost_free(rb);
		infracost_estimate_free(ea);
		infracost_estimate_free(eb);
	}
	infracost_spec_free(a);
	infracost_spec_free(b);
	infracost_free(json);
	infracost_free(yout);
	infracost_catalog_free(cat);
}

/* Claims: EFS and ReadWriteMany as file_storage, classes, rounding; load
 * balancers; a kind not read; a List. */
static void test_claims_services_lists(void **state)
{
	const char *yaml =
		"apiVersion: v1\nkind: List\nitems:\n"
		"  - apiVersion: v1\n    kind: PersistentVolumeClaim\n"
		"    metadata: {name: shared}\n"
		"    spec: {accessModes: [ReadWriteMany], resources: {requests: {storage: "
		"100Gi}}}\n"
		"  - apiVersion: v1\n    kind: PersistentVolumeClaim\n"
		"    metadata: {name: fast, namespace: data}\n"
		"    spec: {storageClassName: ebs-io2, resources: {requests: {storage: "
		"1500M}}}\n"
		"  - apiVersion: v1\n    kind: Service\n    metadata: {name: front}\n"
		"    spec: {type: LoadBalancer}\n"
		"  - apiVersion: networking.k8s.io/v1\n    kind: Ingress\n"
		"    metadata: {name: in}\n";
	char *out = convert_text(yaml, NULL, 0);
	json_t *root = parse(out), *s;
	(void)state;
	s = service(root, "shared-pvc");
	assert_string_equal(str(s, "type"), "file_storage");
	assert_money(num(s, "storage_gb"), 100);
	s = service(root, "data.fast-pvc");
	assert_string_equal(str(s, "volume_type"), "io2");
	assert_money(num(s, "size_gb"), 2); /* 1.5e9 bytes: 1.4 GiB, rounded up */
	assert_string_equal(str(service(root, "front-lb"), "kind"), "nlb");
	assert_string_equal(status_of(root, "Ingress/default/in"), "unsupported");
	json_decref(root);
	infracost_free(out);
}

/* Errors: the file, line, column and path of the value, and what is wrong. */
static void test_errors(void **state)
{
	static const struct {
		const char *yaml, *node_type, *message;
		int code;
	} cases[] = {
		{DEPLOY("w", "", "          resources: {requests: {memory: 1GB}}\n"), NULL,
		 "m.yaml:9:42: spec.template.spec.containers[0].resources.requests.memory: "
		 "Deployment w: '1GB' is not a Kubernetes quantity (memory: 512Mi, 1Gi, 1G, 1e9)",
		 INFRACOST_EINVALID},
		{DEPLOY("w", "", "          resources: {requests: {cpu: -1}}\n"), NULL,
		 "m.yaml:9:39: spec.template.spec.containers[0].resources.requests.cpu: "
		 "Deployment w: expected a quantity (CPU: 500m, 0.5, 2), got a number",
		 INFRACOST_EINVALID},
		{DEPLOY("w", "  replicas: 1.5\n", ""), NULL,
		 "m.yaml:5:13: spec.replicas: Deployment w: expected a whole number >= 0, got "
		 "another number",
		 INFRACOST_EINVALID},
		{"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {}\n", NULL,
		 "m.yaml:4:7: spec: Deployment w: no pod spec with containers at "
		 "spec.template.spec",
		 INFRACOST_EINVALID},
		{"kind: Deployment\n", NULL,
		 "m.yaml:1:1: Deployment (no name): not a Kubernetes "
		 "object: no 'apiVersion'",
		 INFRACOST_EINVALID},
		{"- a\n", NULL,
		 "m.yaml:1:1: object (no name): expected a Kubernetes object (a mapping), got an "
		 "array",
		 INFRACOST_EINVALID},
		{"a: [\n", NULL, "m.yaml:2:1: malformed YAML:", INFRACOST_EPARSE},
		{"# nothing\n", NULL, "no Kubernetes object in the manifests given",
		 INFRACOST_EINVALID},
		{"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
		 "spec: {scaleTargetRef: {kind: Deployment, name: w}, minReplicas: 3, maxReplicas: "
		 "2}\n---\n" DEPLOY("w", "", ""),
		 NULL,
		 "m.yaml:4:82: spec.maxReplicas: HorizontalPodAutoscaler h: maxReplicas (2) is "
		 "below minReplicas (3)",
		 INFRACOST_EINVALID},
		{DEPLOY("w", "", "          resources: {requests: {cpu: 32}}\n"), NULL,
		 "spec.template.spec: Deployment w: a pod of 32 vCPU and 0 GB is larger than "
		 "Fargate runs (16 vCPU, 120 GB)",
		 INFRACOST_EINVALID},
		{DEPLOY("w", "", "          resources: {requests: {cpu: 3}}\n"), "n.small",
		 "w: a pod of 3 vCPU and 0 GB does not fit on a n.small node (2 vCPU, 4 GB)",
		 INFRACOST_EINVALID},
		{DEPLOY("w", "", ""), "n.nosize", "gives no vcpu and memory_gb",
		 INFRACOST_ENOTFOUND},
		{DEPLOY("w", "", ""), "n.nope", "price not found", INFRACOST_ENOTFOUND},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = convert_text(cases[i].yaml, cases[i].node_type, cases[i].code);
		const char *msg = infracost_error_last()->message;
		assert_null(out);
		if (!strstr(msg, cases[i].message)) {
			print_error("case %zu:\n  expected: %s\n  got:      %s\n", i,
				    cases[i].message, msg);
			fail();
		}
		assert_null(strchr(msg, '\n'));
	}
	/* arguments */
	{
		char *out = NULL;
		infracost_kubernetes_options o = INFRACOST_KUBERNETES_OPTIONS_INIT;
		const char *missing[] = {TEST_DATA_DIR "/kubernetes/nope.yaml"};
		assert_int_equal(infracost_convert_kubernetes(&out, NULL, NULL, 0, &o),
				 INFRACOST_EINVALID);
		assert_int_equal(infracost_convert_kubernetes(&out, NULL, missing, 1, &o),
				 INFRACOST_EIO);
		o.provider = "gcp";
		assert_int_equal(
			infracost_convert_kubernetes_buffer(&out, NULL, "a: 1", 4, "x", &o),
			INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "Fargate is AWS's"));
		o.version = 99;
		assert_int_equal(
			infracost_convert_kubernetes_buffer(&out, NULL, "a: 1", 4, "x", &o),
			INFRACOST_EINVALID);
	}
}

/* Many pods pack by groups (time grows with groups x nodes, not pods):
 * 1,000,000 pods of 0.1 vCPU on 2-vCPU nodes are 50,000 nodes; twice as
 * many nodes is refused. */
static void test_many_pods(void **state)
{
	char *out;
	json_t *root;
	(void)state;
	out = convert_text(DEPLOY("w", "  replicas: 1000000\n",
				  "          resources: {requests: {cpu: 100m}}\n"),
			   "n.small", 0);
	root = parse(out);
	assert_money(json_number_value(json_object_get(service(root, "nodes"), "replicas")), 50000);
	json_decref(root);
	infracost_free(out);
	out = convert_text(DEPLOY("w", "  replicas: 1000000\n",
				  "          resources: {requests: {cpu: 300m}}\n"),
			   "n.small", INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "more than 100000 n.small nodes"));
}

static void test_out_of_memory(void **state)
{
	static const char *const dir[] = {SOURCE_DIR "/examples/kubernetes", NULL};
	infracost_kubernetes_options o = INFRACOST_KUBERNETES_OPTIONS_INIT;
	infracost_catalog *cat = catalog_default();
	(void)state;
	o.region = "us-east-1";
	o.node_type = "m5.large";
	o.catalog = cat;
	for (unsigned long k = 1;; k++) {
		char *out = NULL;
		int rc;
		infracost__alloc_fail_after(k);
		rc = infracost_convert_kubernetes(&out, NULL, dir, 1, &o);
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			infracost_free(out);
			break;
		}
		assert_int_equal(rc, INFRACOST_ENOMEM);
		assert_null(out);
	}
	infracost_catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantities),     cmocka_unit_test(test_samples_fargate),
		cmocka_unit_test(test_samples_priced), cmocka_unit_test(test_samples_nodes),
		cmocka_unit_test(test_examples),       cmocka_unit_test(test_cronjobs),
		cmocka_unit_test(test_pods_and_yaml),  cmocka_unit_test(test_claims_services_lists),
		cmocka_unit_test(test_errors),         cmocka_unit_test(test_many_pods),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
