/* test_terraform.c - Terraform plans as specs (lib/inputs/terraform.c):
 * every real sample plan of ../shared/samples/terraform (read in place; its README names each file's source) converted and
 * priced, the services and line items written by hand; every resource of
 * every plan accounted for; the usage file, several environments, actions,
 * errors, the inputs in every output format, and out of memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "alloc.h"

#define SAMPLES SOURCE_DIR "/../shared/samples/terraform/" /* read in place */
#define PRICES TEST_DATA_DIR "/terraform/prices.csv"
#define EXAMPLE SOURCE_DIR "/examples/terraform/"

static infracost_catalog *cat;

static int setup(void **state)
{
	(void)state;
	cat = catalog_default();
	/* the rows the samples need that the snapshot lacks (see its header) */
	if (infracost_catalog_load_file(cat, PRICES) != 0) {
		print_error("%s\n", infracost_error_last()->message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	infracost_catalog_free(cat);
	return 0;
}

struct warnings {
	int n;
	char last[1024];
};

static void on_warn(void *ctx, const char *message)
{
	struct warnings *w = ctx;
	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", message);
}

/* The spec text of plans (one per "ENV=PATH" or "PATH"), or fail. */
static char *convert(const char *const *plans, size_t n, const char *usage, struct warnings *w)
{
	infracost_terraform_plan p[8];
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	char *text = NULL, envs[8][64];
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(plans[i], '=');
		p[i].environment = NULL;
		p[i].path = plans[i];
		if (eq) {
			snprintf(envs[i], sizeof(envs[i]), "%.*s", (int)(eq - plans[i]), plans[i]);
			p[i].environment = envs[i];
			p[i].path = eq + 1;
		}
	}
	opt.usage_path = usage;
	opt.warn = on_warn;
	opt.warn_ctx = w;
	if (infracost_terraform_convert(&text, NULL, p, n, &opt) != 0) {
		print_error("convert: %s\n", infracost_error_last()->message);
		fail();
	}
	return text;
}

/* Convert one plan and price it. */
static infracost_estimate *price(const char *path, const char *usage, struct warnings *w,
				 infracost_spec **spec_out)
{
	struct warnings mine = {0};
	char *text = convert(&path, 1, usage, w ? w : &mine);
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	if (infracost_spec_load_string(&spec, text, strlen(text), path) != 0) {
		print_error("spec: %s\n%s\n", infracost_error_last()->message, text);
		fail();
	}
	if (infracost_estimate_compute(&est, spec, cat, NULL) != 0) {
		print_error("estimate: %s\n", infracost_error_last()->message);
		fail();
	}
	infracost_free(text);
	*spec_out = spec;
	return est;
}

/* The input of an address, or fail. */
static const infracost_input *input_of(const infracost_estimate *est, const char *address)
{
	for (size_t i = 0; i < infracost_estimate_input_count(est); i++)
		if (strcmp(infracost_estimate_input(est, i)->address, address) == 0)
			return infracost_estimate_input(est, i);
	print_error("no input %s\n", address);
	fail();
	return NULL;
}

static void assert_input(const infracost_estimate *est, const char *address, const char *status,
			 const char *service, const char *note_part)
{
	const infracost_input *in = input_of(est, address);
	assert_string_equal(in->status, status);
	if (service)
		assert_string_equal(in->service, service);
	else
		assert_null(in->service);
	if (note_part) {
		assert_non_null(in->note);
		if (!strstr(in->note, note_part)) {
			print_error("%s: note '%s' lacks '%s'\n", address, in->note, note_part);
			fail();
		}
	}
}

/* Every resource change of the plan is an input: the plan's count. */
static void assert_all_accounted(const infracost_estimate *est, size_t changes)
{
	assert_int_equal(infracost_estimate_input_count(est), changes);
	for (size_t i = 0; i < changes; i++)
		assert_true(strlen(infracost_estimate_input(est, i)->status) > 0);
}

static double quantity(const infracost_service_result *s, const char *component,
		       const char *purchase)
{
	const infracost_line_item *it = item_of(s, component, purchase);
	assert_non_null(it);
	return it->quantity;
}

/* 1. terracost asg-plan: launch configuration and template found through
 * configuration references (launch_configuration is unknown in after),
 * min/max/desired as a replica range, weighted capacity in units. */
static void test_asg_plan(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(SAMPLES "cycloidio-terracost_asg-plan.json", NULL, NULL,
					&spec);
	const infracost_service_result *lc, *lt, *mx;
	(void)state;
	assert_string_equal(env_of(est, "default")->region, "eu-west-1");
	lc = service_of(est, "default", "module.magento.aws_autoscaling_group.lc");
	assert_string_equal(lc->type, "vm");
	/* m4.large (the launch configuration's), 1 to 5, desired 3 */
	assert_string_equal(item_of(lc, "compute", "on_demand")->price->sku, "m4.large");
	assert_money(quantity(lc, "compute", "on_demand"), 3 * 730);
	assert_money(lc->replicas.min, 1);
	assert_money(lc->replicas.max, 5);
	/* root volume: 8 GB gp2 assumed, x 3 replicas */
	assert_money(quantity(lc, "disk", "on_demand"), 24);
	assert_money(lc->monthly.expected, 2190 * 0.111 + 24 * 0.11);
	lt = service_of(est, "default", "module.magento.aws_autoscaling_group.lt");
	assert_string_equal(item_of(lt, "compute", "on_demand")->price->sku, "t3.large");
	assert_money(lt->monthly.expected, 1460 * 0.0912 + 40 * 0.11); /* 20 GB from the template */
	assert_money(lt->replicas.max, 10);
	/* weighted_capacity "3": min 2, max 15, desired 3 units are 1, 5, 1 instances */
	mx = service_of(est, "default", "module.magento.aws_autoscaling_group.mixed");
	assert_string_equal(item_of(mx, "compute", "on_demand")->price->sku, "c4.large");
	assert_money(mx->replicas.min, 1);
	assert_money(mx->replicas.expected, 1);
	assert_money(mx->replicas.max, 5);
	assert_null(item_of(mx, "compute", "spot")); /* on demand above base: AWS's 100 % */
	assert_money(mx->monthly.expected, 730 * 0.113 + 20 * 0.11);
	assert_all_accounted(est, 5);
	assert_input(est, "module.magento.aws_launch_configuration.lc", "included",
		     "module.magento.aws_autoscaling_group.lc", NULL);
	assert_input(est, "module.magento.aws_launch_template.foobar", "included",
		     "module.magento.aws_autoscaling_group.mixed", NULL);
	assert_input(est, "module.magento.aws_autoscaling_group.lc", "priced",
		     "module.magento.aws_autoscaling_group.lc", "dedicated tenancy");
	assert_input(est, "module.magento.aws_autoscaling_group.mixed", "priced",
		     "module.magento.aws_autoscaling_group.mixed", "weighted_capacity 3");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* 2. terracost eks-plan: the node group's instance_types wins over its
 * launch template's (a conflict, noted); the template's 200 GB device. */
static void test_eks_plan(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(SAMPLES "cycloidio-terracost_eks-plan.json", NULL, NULL,
					&spec);
	const infracost_service_result *ng, *cl;
	(void)state;
	ng = service_of(est, "default", "module.eks.aws_eks_node_group.example");
	assert_string_equal(item_of(ng, "compute", "on_demand")->price->sku, "t3.large");
	assert_money(ng->replicas.min, 1);
	assert_money(ng->replicas.max, 2);
	assert_money(ng->monthly.expected, 730 * 0.0912 + 200 * 0.11);
	cl = service_of(est, "default", "module.eks.aws_eks_cluster.example");
	assert_string_equal(cl->type, "kubernetes");
	assert_money(cl->monthly.expected, 730 * 1.0); /* a synthetic row */
	assert_all_accounted(est, 3);
	assert_input(est, "module.eks.aws_eks_node_group.example", "priced",
		     "module.eks.aws_eks_node_group.example", "launch template t2.micro");
	assert_input(est, "module.eks.aws_launch_template.foo", "included",
		     "module.eks.aws_eks_node_group.example", NULL);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* 3. terracost examples/terraform-plan: a provider alias (aws.paris,
 * eu-west-3), nested modules, count, a classic ELB, Multi-AZ MySQL. */
static void test_examples_plan(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(SAMPLES "cycloidio-terracost_examples_terraform-plan.json",
					NULL, NULL, &spec);
	const infracost_service_result *s;
	(void)state;
	s = service_of(est, "default", "aws_instance.example");
	assert_string_equal(s->region, "eu-west-3");
	assert_money(s->monthly.expected, 730 * 0.0132 + 8 * 1.0); /* gp2: a synthetic row */
	s = service_of(est, "default", "module.ec2.aws_instance.front[0]");
	assert_string_equal(s->region, "eu-west-1");
	assert_money(s->monthly.expected, 730 * 0.0228 + 123 * 0.11);
	s = service_of(est, "default", "module.ec2.aws_elb.front");
	assert_string_equal(item_of(s, "hours", "on_demand")->price->sku, "clb");
	assert_money(s->monthly.expected, 730 * 0.028);
	s = service_of(est, "default", "module.ec2.module.ebs.aws_ebs_volume.volume");
	assert_money(s->monthly.expected, 20 * 0.11);
	s = service_of(est, "default", "module.rds.aws_db_instance.db");
	assert_string_equal(item_of(s, "instance", "on_demand")->price->sku,
			    "mysql:db.t3.small:multi_az");
	assert_money(s->monthly.expected, 730 * 0.072 + 10 * 0.253);
	assert_money(env_of(est, "default")->monthly.expected, 118.468 - 8 * 0.116 + 8 * 1.0);
	assert_all_accounted(est, 5);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* 7. terracost testdata plan: an update priced at its after state
 * (t2.xlarge, not t2.micro), the legacy provider name "aws". */
static void test_update_plan(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(
		SAMPLES "cycloidio-terracost_testdata_aws_terraform-plan.json", NULL, NULL, &spec);
	const infracost_service_result *s;
	(void)state;
	s = service_of(est, "default", "module.instance.aws_instance.example");
	assert_string_equal(item_of(s, "compute", "on_demand")->price->sku, "t2.xlarge");
	assert_money(quantity(s, "disk", "on_demand"), 8);
	s = service_of(est, "default", "aws_lb.example");
	assert_string_equal(s->region, "eu-west-3");
	assert_money(s->monthly.expected, 730 * 1.0 + 730 * 0.5); /* synthetic rows */
	assert_all_accounted(est, 2);
	assert_input(est, "module.instance.aws_instance.example", "priced",
		     "module.instance.aws_instance.example", "updated: its planned state");
	assert_input(est, "aws_lb.example", "priced", "aws_lb.example", "lcu 1 assumed");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* 4. terratest ECS: no provider region (us-east-1 with a warning), cpu and
 * memory as strings in CPU units and MiB, desired_count 0. */
static void test_ecs_plan(void **state)
{
	infracost_spec *spec;
	struct warnings w = {0};
	infracost_estimate *est = price(
		SAMPLES "gruntwork-io-terratest_terraform-aws-ecs-json_plan.json", NULL, &w, &spec);
	const infracost_service_result *s;
	(void)state;
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.last, "names no region for the aws provider: us-east-1 assumed"));
	assert_string_equal(env_of(est, "default")->region, "us-east-1");
	s = service_of(est, "default", "aws_ecs_service.example");
	assert_string_equal(s->type, "container");
	assert_money(s->vcpu_max, 0); /* 0 replicas x 0.25 vCPU */
	assert_money(s->monthly.expected, 0);
	assert_int_equal(s->line_item_count, 2);
	assert_all_accounted(est, 5);
	assert_input(est, "aws_ecs_service.example", "priced", "aws_ecs_service.example",
		     "desired_count 0");
	assert_input(est, "aws_ecs_task_definition.example", "included", "aws_ecs_service.example",
		     NULL);
	assert_input(est, "aws_ecs_cluster.example", "free", NULL, NULL);
	assert_input(est, "aws_iam_role.execution", "free", NULL, NULL);
	assert_input(est, "aws_iam_role_policy_attachment.execution", "free", NULL, NULL);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	/* with replicas from the usage file: 0.25 vCPU and 0.5 GB a task */
	{
		const char *usage = temp_file("usage.json",
					      "{ \"version\": 1, \"resources\": { "
					      "\"aws_ecs_service.*\": { \"replicas\": 2 } } }");
		est = price(SAMPLES "gruntwork-io-terratest_terraform-aws-ecs-json_plan.json",
			    usage, &w, &spec);
		s = service_of(est, "default", "aws_ecs_service.example");
		assert_money(quantity(s, "vcpu", "on_demand"), 2 * 730 * 0.25);
		assert_money(quantity(s, "memory", "on_demand"), 2 * 730 * 0.5);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
}

/* 5. infracost policy plan: a provisioned DynamoDB table, one scaling
 * target of it (by reference) and one of a table not in the plan, an
 * instance with an extra EBS block device. */
static void test_dynamodb_plan(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(
		SAMPLES "infracost-infracost_breakdown_with_policy_data_upload_plan_json_plan.json",
		NULL, NULL, &spec);
	const infracost_service_result *s;
	(void)state;
	s = service_of(est, "default", "aws_dynamodb_table.autoscale_dynamodb_table");
	assert_money(quantity(s, "read_capacity", "on_demand"), 30 * 730);
	assert_money(quantity(s, "write_capacity", "on_demand"), 20 * 730);
	assert_money(s->monthly.expected, 21900 * 0.00013 + 14600 * 0.00065);
	s = service_of(est, "default", "aws_instance.web_app");
	assert_string_equal(item_of(s, "compute", "on_demand")->price->sku, "m5.4xlarge");
	assert_money(quantity(s, "disk", "on_demand"), 51);
	s = service_of(est, "default", "aws_instance.web_app.ebs_block_device[0]");
	assert_string_equal(s->type, "block_storage");
	assert_money(quantity(s, "storage", "on_demand"), 1000);
	assert_all_accounted(est, 4);
	assert_input(est, "aws_appautoscaling_target.autoscale_dynamodb_table_write_target",
		     "included", "aws_dynamodb_table.autoscale_dynamodb_table", "6 to 99");
	assert_input(est, "aws_appautoscaling_target.autoscale_dynamodb_table_read_target", "free",
		     NULL, "table/LiteralTableRef");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* 8. infracost small_terraform: io1 and magnetic volumes, an EIP, a NAT
 * gateway: 54.72 a month. */
static void test_small_plan(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(SAMPLES
					"infracost-infracost_examples_small_terraform_plan.json",
					NULL, NULL, &spec);
	const infracost_service_result *s;
	(void)state;
	s = service_of(est, "default", "aws_ebs_volume.storage_option_1");
	assert_money(quantity(s, "storage", "on_demand"), 15);
	assert_money(quantity(s, "iops", "on_demand"), 100);
	assert_string_equal(item_of(s, "storage", "on_demand")->price->sku, "io1");
	s = service_of(est, "default", "aws_ebs_volume.storage_option_2");
	assert_string_equal(item_of(s, "storage", "on_demand")->price->sku, "standard");
	s = service_of(est, "default", "aws_eip.nat_eip");
	assert_money(s->monthly.expected, 730 * 0.005);
	s = service_of(est, "default", "aws_nat_gateway.nat");
	assert_money(s->monthly.expected, 730 * 0.045);
	s = service_of(est, "default", "aws_instance.web_app");
	assert_money(s->monthly.expected, 730 * 0.0104 + 15 * 0.1);
	assert_money(env_of(est, "default")->monthly.expected, 54.717);
	assert_all_accounted(est, 5);
	assert_input(est, "aws_nat_gateway.nat", "priced", "aws_nat_gateway.nat", "data_gb 0");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* examples/terraform: FARGATE_SPOT by capacity provider weights, a scaling
 * target's range, a mixed instances policy's spot share, an Aurora cluster
 * of two instances, S3 replication to an aliased region, the usage file. */
static void test_example_plan(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(EXAMPLE "plan.json", EXAMPLE "usage.json", NULL, &spec);
	const infracost_service_result *s;
	size_t counts[5] = {0};
	static const char *const st[] = {"priced", "included", "free", "unsupported", "removed"};
	(void)state;
	/* 4 tasks: FARGATE base 1, then 3 by weight 1:3 -> 2.25 of 4 on spot */
	s = service_of(est, "default", "aws_ecs_service.web");
	assert_money(s->replicas.min, 2);
	assert_money(s->replicas.expected, 4);
	assert_money(s->replicas.max, 10);
	assert_money(quantity(s, "vcpu", "spot"), 4 * 730 * 0.5 * 0.5625);
	assert_money(quantity(s, "vcpu", "on_demand"), 4 * 730 * 0.5 * 0.4375);
	/* 3 instances, on demand base 1, 25 % on demand above it: 1.5 of 3 on spot */
	s = service_of(est, "default", "aws_autoscaling_group.workers");
	assert_money(quantity(s, "compute", "spot"), 3 * 730 * 0.5);
	assert_money(quantity(s, "disk", "on_demand"), 90); /* 30 GB gp3 x 3 */
	s = service_of(est, "default", "module.db.aws_rds_cluster.this");
	assert_money(quantity(s, "instance (aurora-postgresql 15.4)", "on_demand"), 2 * 730);
	assert_money(quantity(s, "storage", "on_demand"), 100);
	assert_money(quantity(s, "io", "on_demand"), 5e7);
	s = service_of(est, "default", "aws_s3_bucket.assets");
	assert_string_equal(item_of(s, "replica_storage", "on_demand")->price->region, "eu-west-1");
	assert_string_equal(item_of(s, "replica_storage", "on_demand")->price->sku, "standard_ia");
	assert_money(quantity(s, "replication_transfer", "on_demand"), 500);
	s = service_of(est, "default", "aws_lb.web");
	assert_money(quantity(s, "lcu", "on_demand"), 2 * 730);
	s = service_of(est, "default", "aws_lambda_function.thumbnails");
	assert_money(quantity(s, "compute", "on_demand"), 3e6 * 0.25 * 0.5);
	s = service_of(est, "default", "aws_elasticache_replication_group.cache");
	assert_money(quantity(s, "nodes", "on_demand"), 2 * 730);
	s = service_of(est, "default", "aws_route53_health_check.web");
	assert_money(s->monthly.expected, 0.5);
	/* every resource: 35 changes */
	assert_all_accounted(est, 35);
	for (size_t i = 0; i < 35; i++)
		for (size_t k = 0; k < 5; k++)
			counts[k] += strcmp(infracost_estimate_input(est, i)->status, st[k]) == 0;
	assert_int_equal(counts[0], 17);
	assert_int_equal(counts[1], 6);
	assert_int_equal(counts[2], 10);
	assert_int_equal(counts[3], 1);
	assert_int_equal(counts[4], 1);
	assert_input(est, "aws_instance.bastion", "removed", NULL, "deleted by the plan");
	assert_input(est, "aws_sqs_queue.jobs", "unsupported", NULL, "not priced");
	assert_input(est, "random_id.suffix", "free", NULL, "provider random");
	assert_input(est, "aws_appautoscaling_target.web", "included", "aws_ecs_service.web",
		     "replicas 2 to 10");
	assert_input(est, "module.db.aws_rds_cluster_instance.this[1]", "included",
		     "module.db.aws_rds_cluster.this", NULL);
	assert_input(est, "aws_s3_bucket_replication_configuration.assets", "included",
		     "aws_s3_bucket.assets", "eu-west-1");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* The inputs in every output format. */
static void test_inputs_rendered(void **state)
{
	infracost_spec *spec;
	infracost_estimate *est = price(EXAMPLE "plan.json", EXAMPLE "usage.json", NULL, &spec);
	char *t = NULL;
	(void)state;
	assert_int_equal(infracost_estimate_render(&t, NULL, est, INFRACOST_FORMAT_TABLE), 0);
	assert_non_null(strstr(t, "\nInputs (35 inputs: 17 priced, 6 included, 10 free, 1 "
				  "unsupported, 1 removed)\n"));
	assert_non_null(strstr(t, "  default: aws_sqs_queue.jobs (aws_sqs_queue): unsupported"));
	infracost_free(t);
	assert_int_equal(infracost_estimate_render(&t, NULL, est, INFRACOST_FORMAT_JSON), 0);
	assert_non_null(strstr(t, "\"inputs\": [\n    { \"environment\": \"default\", "
				  "\"source\": \"" EXAMPLE "plan.json\", \"address\": "
				  "\"aws_vpc.main\", \"kind\": \"aws_vpc\", \"status\": \"free\""));
	infracost_free(t);
	assert_int_equal(infracost_estimate_render(&t, NULL, est, INFRACOST_FORMAT_CSV), 0);
	assert_non_null(strstr(t, "\n# input: default: aws_instance.bastion (aws_instance): "
				  "removed ("));
	infracost_free(t);
	assert_int_equal(infracost_estimate_render(&t, NULL, est, INFRACOST_FORMAT_MARKDOWN), 0);
	assert_non_null(strstr(t, "\n## Inputs\n\n35 inputs: "));
	assert_non_null(
		strstr(t, "| default | aws_sqs_queue.jobs | aws_sqs_queue | unsupported |  | "));
	infracost_free(t);
	/* HTML: the counts, then a row an input (the browser test,
	 * tests/html_check.py, opens the page) */
	assert_int_equal(infracost_estimate_render(&t, NULL, est, INFRACOST_FORMAT_HTML), 0);
	assert_non_null(strstr(t, "<h2>Inputs</h2>\n<p class=\"note\" id=\"input-counts\">35 "
				  "inputs: 17 priced, 6 included, 10 free, 1 unsupported, 1 "
				  "removed. "));
	assert_int_equal(count_of(t, "<tr class=\"input\""), 35);
	assert_int_equal(count_of(t, "<tr class=\"input\" data-status=\"priced\">"), 17);
	assert_non_null(strstr(t, "<td>default</td><td>aws_sqs_queue.jobs</td>"
				  "<td>aws_sqs_queue</td><td>unsupported</td><td></td><td>"));
	infracost_free(t);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* Two plans, two environments: a resource in both is one service, with an
 * override where the values differ; one only in dev is deployed there. */
static void test_environments(void **state)
{
	char *small = NULL, *text, *bigger;
	size_t n;
	const char *dev, *prod;
	struct warnings w = {0};
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	FILE *f = fopen(SAMPLES "infracost-infracost_examples_small_terraform_plan.json", "rb");
	(void)state;
	assert_non_null(f);
	small = calloc(1, 1 << 16);
	n = fread(small, 1, (1 << 16) - 1, f);
	fclose(f);
	assert_true(n > 0);
	/* prod: t3.large, and the NAT gateway is another resource type */
	bigger = strdup(small);
	for (char *p; (p = strstr(bigger, "\"t3.micro\""));)
		memcpy(p, "\"t3.large\"", 10);
	for (char *p; (p = strstr(bigger, "aws_nat_gateway"));)
		memcpy(p, "aws_nat_gatewaz", 15);
	dev = temp_file("dev.json", small);
	{
		char arg1[300], arg2[300];
		const char *plans[2] = {arg1, arg2};
		prod = temp_file("prod.json", bigger);
		snprintf(arg1, sizeof(arg1), "dev=%s", dev);
		snprintf(arg2, sizeof(arg2), "prod=%s", prod);
		text = convert(plans, 2, NULL, &w);
	}
	assert_non_null(strstr(text, "{ \"name\": \"aws_instance.web_app\", \"type\": \"vm\", "
				     "\"instance_type\": \"t3.micro\", \"disk_gb\": 15, "
				     "\"disk_type\": \"gp2\", \"overrides\": { \"prod\": { "
				     "\"instance_type\": \"t3.large\" } } }"));
	assert_non_null(strstr(text, "{ \"name\": \"aws_nat_gateway.nat\", \"type\": "
				     "\"nat_gateway\", \"environments\": [\"dev\"] }"));
	assert_int_equal(infracost_spec_load_string(&spec, text, strlen(text), "two"), 0);
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
	assert_money(service_of(est, "prod", "aws_instance.web_app")->monthly.expected,
		     730 * 0.0832 + 15 * 0.1);
	assert_money(service_of(est, "dev", "aws_instance.web_app")->monthly.expected,
		     730 * 0.0104 + 15 * 0.1);
	assert_int_equal(env_of(est, "prod")->service_count, 4);
	assert_int_equal(env_of(est, "dev")->service_count, 5);
	/* each plan's resources under its environment: 5 and 5 */
	assert_int_equal(infracost_estimate_input_count(est), 10);
	assert_string_equal(input_of(est, "aws_nat_gatewaz.nat")->status, "unsupported");
	assert_string_equal(input_of(est, "aws_nat_gatewaz.nat")->environment, "prod");
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	/* --env prod: only prod's inputs */
	{
		const char *only[] = {"prod"};
		infracost_estimate_options o = INFRACOST_ESTIMATE_OPTIONS_INIT;
		o.environments = only;
		o.environment_count = 1;
		assert_int_equal(infracost_spec_load_string(&spec, text, strlen(text), "two"), 0);
		assert_int_equal(infracost_estimate_compute(&est, spec, cat, &o), 0);
		assert_int_equal(infracost_estimate_input_count(est), 5);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
	infracost_free(text);
	free(small);
	free(bigger);
}

/* A plan made here: resource_changes and configuration as terraform
 * writes them. */
static const char *plan_of(const char *changes)
{
	static char buf[8192];
	snprintf(buf, sizeof(buf),
		 "{\"format_version\":\"1.2\",\"terraform_version\":\"1.6.0\","
		 "\"planned_values\":{\"root_module\":{}},\"resource_changes\":[%s],"
		 "\"configuration\":{\"provider_config\":{\"aws\":{\"name\":\"aws\","
		 "\"expressions\":{\"region\":{\"references\":[\"var.region\"]}}}},"
		 "\"root_module\":{}},\"variables\":{\"region\":{\"value\":\"us-east-1\"}}}",
		 changes);
	return buf;
}

static char *convert_text(const char *json, int expect_rc)
{
	char *out = NULL;
	int rc = infracost_terraform_convert_buffer(&out, NULL, json, strlen(json), "p.json", NULL);
	if (rc != expect_rc) {
		print_error("rc %d: %s\n", rc, rc ? infracost_error_last()->message : out);
		fail();
	}
	return out;
}

/* delete, replace, no-op and read; a region from a variable. */
static void test_actions(void **state)
{
	char *t = convert_text(
		plan_of("{\"address\":\"aws_eip.a\",\"mode\":\"managed\",\"type\":\"aws_eip\","
			"\"name\":\"a\",\"change\":{\"actions\":[\"delete\"],\"before\":{},"
			"\"after\":null}},"
			"{\"address\":\"aws_eip.b\",\"mode\":\"managed\",\"type\":\"aws_eip\","
			"\"name\":\"b\",\"change\":{\"actions\":[\"delete\",\"create\"],\"before\":"
			"{},"
			"\"after\":{}}},"
			"{\"address\":\"aws_eip.c\",\"mode\":\"managed\",\"type\":\"aws_eip\","
			"\"name\":\"c\",\"change\":{\"actions\":[\"no-op\"],\"before\":{},"
			"\"after\":{}}},"
			"{\"address\":\"data.aws_ami.x\",\"mode\":\"data\",\"type\":\"aws_ami\","
			"\"name\":\"x\",\"change\":{\"actions\":[\"read\"],\"before\":null,"
			"\"after\":{}}}"),
		0);
	(void)state;
	assert_non_null(strstr(t, "\"environments\": {\n    \"default\": { \"region\": "
				  "\"us-east-1\" }"));
	assert_null(strstr(t, "{ \"name\": \"aws_eip.a\""));
	assert_non_null(strstr(t, "{ \"name\": \"aws_eip.b\", \"type\": \"public_ip\" }"));
	assert_non_null(strstr(t, "{ \"name\": \"aws_eip.c\", \"type\": \"public_ip\" }"));
	assert_non_null(strstr(t, "\"address\": \"aws_eip.a\", \"kind\": \"aws_eip\", \"status\": "
				  "\"removed\""));
	assert_non_null(strstr(t, "\"status\": \"priced\", \"service\": \"aws_eip.b\", \"note\": "
				  "\"replaced: its new state is priced\""));
	assert_non_null(strstr(t, "\"address\": \"data.aws_ami.x\", \"kind\": \"aws_ami\", "
				  "\"status\": \"free\", \"note\": \"a data source\""));
	infracost_free(t);
}

/* Files that are not plans, malformed plans, missing files. */
static void test_not_a_plan(void **state)
{
	const char *msg;
	char *out = NULL;
	infracost_terraform_plan p = {NULL, "/nonexistent/plan.json"};
	(void)state;
	convert_text("{\"name\":\"x\",\"services\":[]}", INFRACOST_EINVALID);
	msg = infracost_error_last()->message;
	assert_string_equal(msg, "p.json:1:1: not a Terraform plan: no 'format_version' (give the "
				 "output of 'terraform show -json PLANFILE')");
	convert_text("{\"format_version\":\"1.0\",\"values\":{}}", INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "a Terraform state, not a plan"));
	convert_text("{\"format_version\":\"1.0\",\n\"resource_changes\":[{]}", INFRACOST_EPARSE);
	assert_int_equal(infracost_error_last()->line, 2);
	convert_text("[1]", INFRACOST_EINVALID);
	convert_text(plan_of("{\"address\":\"x\"}"), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "'change.actions'"));
	assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, NULL), INFRACOST_EIO);
	assert_null(out);
	/* the same environment twice */
	{
		infracost_terraform_plan two[2] = {
			{"a", SAMPLES "cycloidio-terracost_eks-plan.json"},
			{"a", SAMPLES "cycloidio-terracost_eks-plan.json"}};
		assert_int_equal(infracost_terraform_convert(&out, NULL, two, 2, NULL),
				 INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "is given twice"));
	}
}

/* The usage file: patterns apply the keys their type has, an exact
 * address must fit its type, errors at their place. */
static void test_usage_file(void **state)
{
	infracost_terraform_plan p = {NULL, EXAMPLE "plan.json"};
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	struct warnings w = {0};
	char *out = NULL;
	(void)state;
	opt.warn = on_warn;
	opt.warn_ctx = &w;
	/* storage_gb on every resource: applied to the types that have it */
	opt.usage_path = temp_file("u.json", "{ \"version\": 1, \"resources\": {\n"
					     "  \"*\": { \"storage_gb\": 7 },\n"
					     "  \"nothing.*\": { \"count\": 2 } } }");
	assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, &opt), 0);
	assert_non_null(strstr(out, "{ \"name\": \"aws_efs_file_system.shared\", \"type\": "
				    "\"file_storage\", \"storage_gb\": 7 }"));
	assert_non_null(strstr(out, "{ \"name\": \"aws_eip.nat\", \"type\": \"public_ip\" }"));
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.last, "resources.nothing.* matches no priced resource"));
	infracost_free(out);
	/* an exact address with a key its type lacks */
	opt.usage_path = temp_file("u.json", "{ \"version\": 1, \"resources\": {\n"
					     "  \"aws_eip.nat\": { \"storage_gb\": 7 } } }");
	assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, &opt), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message,
			       "u.json:2:34: resources.aws_eip.nat.storage_gb: 'storage_gb' does "
			       "not apply to aws_eip.nat (a public_ip service)"));
	opt.usage_path = temp_file("u.json", "{ \"resource\": {} }");
	assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, &opt), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message, "unknown key 'resource'"));
	opt.usage_path = temp_file("u.json", "{ \"resources\": { \"a\": 1 } }");
	assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, &opt), INFRACOST_EINVALID);
	assert_non_null(strstr(infracost_error_last()->message,
			       "u.json:1:23: resources.a: expected an object of spec keys"));
	opt.usage_path = temp_file("u.json", "{ \"resources\": {,} }");
	assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, &opt), INFRACOST_EPARSE);
	/* a usage value the spec refuses: at its place in the usage file
	 * (test_usage_places) */
	opt.usage_path = temp_file("u.json",
				   "{ \"resources\": { \"aws_lb.web\": { \"lcu\": -1 } } }");
	assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, &opt), INFRACOST_EINVALID);
	assert_null(out);
	{
		char want[512];
		snprintf(want, sizeof(want),
			 "%s:1:41: resources.aws_lb.web.lcu: must be >= 0, got -1 (for service "
			 "aws_lb.web)",
			 opt.usage_path);
		assert_string_equal(infracost_error_last()->message, want);
	}
}

/* The error of a value the usage file gave names the usage file, its
 * line:column, the usage path and the service it went to (JSON and YAML);
 * a value of the plan keeps the converted spec's place. */
static void test_usage_places(void **state)
{
	static const struct {
		const char *file, *text, *want;
	} cases[] = {
		/* the value of the wrong kind */
		{"kind.json", "{\"resources\": {\"aws_lb.web\": {\"lcu\": \"two\"}}}",
		 ":1:38: resources.aws_lb.web.lcu: expected a number, got a string (for service "
		 "aws_lb.web)"},
		{"kind.yaml", "resources:\n  aws_lb.web:\n    lcu: two\n",
		 ":3:10: resources.aws_lb.web.lcu: expected a number, got a string (for service "
		 "aws_lb.web)"},
		/* out of range, through a pattern: the pattern's path */
		{"pattern.json",
		 "{\"resources\": {\n  \"aws_lb.*\": {\"lcu\": 1},\n  "
		 "\"aws_lambda_function.*\": {\"requests\": -5}}}",
		 ":3:41: resources.aws_lambda_function.*.requests: must be >= 0, got -5 (for "
		 "service "
		 "aws_lambda_function.thumbnails)"},
		{"pattern.yaml", "resources:\n  aws_lambda_function.*:\n    requests: -5\n",
		 ":3:15: resources.aws_lambda_function.*.requests: must be >= 0, got -5 (for "
		 "service "
		 "aws_lambda_function.thumbnails)"},
		/* a value inside an object of the usage file */
		{"nested.json",
		 "{\"resources\": {\"aws_ecs_service.web\": {\"replicas\": {\"min\": 4, "
		 "\"max\": 2}}}}",
		 ":1:70: resources.aws_ecs_service.web.replicas.max: must be >= min (4), got 2 "
		 "(for "
		 "service aws_ecs_service.web)"},
		{"nested.yaml",
		 "resources:\n  aws_ecs_service.web:\n    replicas:\n      min: 4\n      max: 2\n",
		 ":5:12: resources.aws_ecs_service.web.replicas.max: must be >= min (4), got 2 "
		 "(for "
		 "service aws_ecs_service.web)"},
		/* the region a service is moved to */
		{"region.yaml", "resources:\n  aws_eip.nat:\n    region: 7\n",
		 ":3:13: resources.aws_eip.nat.region: expected a string, got a number (for "
		 "service aws_eip.nat)"},
	};
	infracost_terraform_plan p = {NULL, EXAMPLE "plan.json"};
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	char *out = NULL, want[1024];
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		opt.usage_path = temp_file(cases[i].file, cases[i].text);
		snprintf(want, sizeof(want), "%s%s", opt.usage_path, cases[i].want);
		assert_int_equal(infracost_terraform_convert(&out, NULL, &p, 1, &opt),
				 INFRACOST_EINVALID);
		assert_null(out);
		if (strcmp(infracost_error_last()->message, want) != 0) {
			print_error("%s:\n got  %s\n want %s\n", cases[i].file,
				    infracost_error_last()->message, want);
			fail();
		}
		assert_string_equal(infracost_error_last()->source, opt.usage_path);
	}
	/* a value of the plan that the spec refuses (a node count that is no
	 * whole number) beside a valid usage value of the same service:
	 * converted, and the spec's load names the plan */
	{
		const char *plan = plan_of(
			"{\"address\":\"aws_elasticache_cluster.c\",\"mode\":\"managed\",\"type\":"
			"\"aws_elasticache_cluster\",\"name\":\"c\",\"change\":{\"actions\":["
			"\"create\"],\"after\":{\"engine\":\"redis\",\"node_type\":\"cache.t3."
			"micro\",\"num_cache_nodes\":1.5},\"after_unknown\":{}}}");
		infracost_spec *spec = NULL;
		opt.usage_path = temp_file("fine.json",
					   "{\"resources\": {\"aws_elasticache_cluster.c\": "
					   "{\"description\": \"scratch\"}}}");
		assert_int_equal(infracost_terraform_convert_buffer(&out, NULL, plan, strlen(plan),
								    "p.json", &opt),
				 0);
		assert_int_equal(infracost_spec_load_string(&spec, out, strlen(out), "p.json"),
				 INFRACOST_EINVALID);
		assert_non_null(strstr(infracost_error_last()->message, "services[0].nodes: "));
		assert_string_equal(infracost_error_last()->source, "p.json");
		infracost_free(out);
	}
}

/* A YAML usage file's plain scalars are typed as a YAML spec's: a number's
 * text where the key wants a string, yes/no where it wants a boolean. */
static void test_usage_yaml_typing(void **state)
{
	const char *plan = plan_of(
		"{\"address\":\"aws_db_instance.d\",\"mode\":\"managed\",\"type\":"
		"\"aws_db_instance\",\"name\":\"d\",\"change\":{\"actions\":[\"create\"],"
		"\"after\":{\"engine\":\"postgres\",\"instance_class\":\"db.t3.micro\","
		"\"allocated_storage\":20,\"engine_version\":\"15.4\"},\"after_unknown\":{}}}");
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	infracost_spec *spec = NULL;
	char *out = NULL;
	(void)state;
	opt.usage_path = temp_file("typed.yaml", "resources:\n  aws_db_instance.d:\n"
						 "    engine_version: 15.10\n    multi_az: yes\n"
						 "    description: 2024\n    storage_gb: 40\n");
	assert_int_equal(
		infracost_terraform_convert_buffer(&out, NULL, plan, strlen(plan), "p.json", &opt),
		0);
	assert_non_null(strstr(out,
			       "\"engine_version\": \"15.10\", \"storage_gb\": 40, "
			       "\"storage_type\": \"gp2\", \"multi_az\": true, \"description\": "
			       "\"2024\" }"));
	assert_int_equal(infracost_spec_load_string(&spec, out, strlen(out), "p.json"), 0);
	infracost_spec_free(spec);
	infracost_free(out);
}

/* Budgets in the usage file: copied into the spec, checked as the spec's
 * (the plans' environments), their errors at the usage file's places. */
static void test_usage_budgets(void **state)
{
	infracost_terraform_plan p[2] = {{"dev", EXAMPLE "plan.json"},
					 {"prod", EXAMPLE "plan.json"}};
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	char *out = NULL, want[1024];
	(void)state;
	/* budgets alone (no resources): a usage file of budgets */
	opt.usage_path = temp_file("b.yaml", "budgets:\n  prod: 500\n  total:\n    max: 900\n");
	assert_int_equal(infracost_terraform_convert(&out, NULL, p, 2, &opt), 0);
	assert_non_null(
		strstr(out, "\"budgets\": { \"prod\": 500, \"total\": { \"max\": 900 } },"));
	assert_int_equal(infracost_spec_load_string(&spec, out, strlen(out), "plans"), 0);
	assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
	{
		/* 663.10 a plan without its usage file; max 1,010.38 each */
		size_t n = infracost_estimate_budget_count(est), over = 0;
		assert_int_equal(n, 2);
		for (size_t i = 0; i < n; i++)
			over += infracost_estimate_budget(est, i)->exceeded != 0;
		assert_int_equal(over, 2);
	}
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	infracost_free(out);
	/* errors: an environment no plan is, a key, a kind, a limit */
	{
		static const struct {
			const char *file, *text, *want;
		} cases[] = {
			{"b1.json", "{\"resources\": {},\n \"budgets\": {\"prd\": 100}}",
			 ":2:21: budgets.prd: no environment 'prd' to budget"},
			{"b2.yaml", "budgets:\n  dev:\n    monthly: 5\n",
			 ":3:14: budgets.dev.monthly: unknown key 'monthly'"},
			{"b3.yaml", "budgets:\n  dev: {expected: -5}\n",
			 ":2:19: budgets.dev.expected: must be >= 0, got -5"},
			{"b4.json", "{\"budgets\": [1]}", ":1:13: budgets: expected an object"},
		};
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			opt.usage_path = temp_file(cases[i].file, cases[i].text);
			snprintf(want, sizeof(want), "%s%s", opt.usage_path, cases[i].want);
			assert_int_equal(infracost_terraform_convert(&out, NULL, p, 2, &opt),
					 INFRACOST_EINVALID);
			if (strncmp(infracost_error_last()->message, want, strlen(want)) != 0) {
				print_error("%s:\n got  %s\n want %s\n", cases[i].file,
					    infracost_error_last()->message, want);
				fail();
			}
		}
	}
}

/* A resource whose plan lacks its deciding value (an instance type still
 * unknown, a launch template or task definition outside the plan, a volume
 * from a snapshot) is unsupported, unless the usage file gives it. */
static void test_usage_rescue(void **state)
{
	const char *plan = plan_of(
		"{\"address\":\"aws_instance.a\",\"mode\":\"managed\",\"type\":\"aws_instance\","
		"\"name\":\"a\",\"change\":{\"actions\":[\"create\"],\"after\":{\"instance_type\":"
		"null},\"after_unknown\":{\"instance_type\":true}}},"
		"{\"address\":\"aws_autoscaling_group.g\",\"mode\":\"managed\",\"type\":"
		"\"aws_autoscaling_group\",\"name\":\"g\",\"change\":{\"actions\":[\"create\"],"
		"\"after\":{\"min_size\":2,\"max_size\":4,\"launch_template\":[{\"id\":\"lt-0123\"}"
		"]},"
		"\"after_unknown\":{}}},"
		"{\"address\":\"aws_ebs_volume.v\",\"mode\":\"managed\",\"type\":\"aws_ebs_"
		"volume\","
		"\"name\":\"v\",\"change\":{\"actions\":[\"create\"],\"after\":{\"type\":\"gp3\","
		"\"snapshot_id\":\"snap-1\"},\"after_unknown\":{\"size\":true}}},"
		"{\"address\":\"aws_ecs_service.s\",\"mode\":\"managed\",\"type\":\"aws_ecs_"
		"service\","
		"\"name\":\"s\",\"change\":{\"actions\":[\"create\"],\"after\":{\"launch_type\":"
		"\"FARGATE\",\"desired_count\":2,\"task_definition\":\"arn:aws:ecs:task/x:3\"},"
		"\"after_unknown\":{}}}");
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	char *out = NULL;
	(void)state;
	assert_int_equal(
		infracost_terraform_convert_buffer(&out, NULL, plan, strlen(plan), "p.json", &opt),
		0);
	assert_non_null(strstr(out, "\"services\": [],"));
	assert_non_null(strstr(out,
			       "\"address\": \"aws_instance.a\", \"kind\": "
			       "\"aws_instance\", \"status\": \"unsupported\", \"note\": "
			       "\"instance_type is not in the plan (give it in the usage file)\""));
	assert_non_null(strstr(out,
			       "\"status\": \"unsupported\", \"note\": \"its task definition "
			       "is not in the plan (give vcpu and memory_gb in the usage file)\""));
	infracost_free(out);
	opt.usage_path = temp_file(
		"u.json",
		"{ \"resources\": { \"aws_instance.a\": { \"instance_type\": \"t3.micro\" },"
		" \"aws_autoscaling_group.*\": { \"instance_type\": \"m5.large\" },"
		" \"aws_ebs_volume.v\": { \"size_gb\": 100 },"
		" \"aws_ecs_service.s\": { \"vcpu\": 1, \"memory_gb\": 2 } } }");
	assert_int_equal(
		infracost_terraform_convert_buffer(&out, NULL, plan, strlen(plan), "p.json", &opt),
		0);
	assert_non_null(strstr(out, "{ \"name\": \"aws_instance.a\", \"type\": \"vm\", "
				    "\"disk_gb\": 8, \"disk_type\": \"gp2\", \"instance_type\": "
				    "\"t3.micro\" }"));
	assert_non_null(strstr(out, "{ \"name\": \"aws_autoscaling_group.g\", \"type\": \"vm\", "
				    "\"replicas\": { \"min\": 2, \"max\": 4 }"));
	assert_non_null(strstr(out,
			       "{ \"name\": \"aws_ebs_volume.v\", \"type\": "
			       "\"block_storage\", \"volume_type\": \"gp3\", \"size_gb\": 100 }"));
	assert_non_null(strstr(out, "{ \"name\": \"aws_ecs_service.s\", \"type\": \"container\", "
				    "\"replicas\": 2, \"vcpu\": 1, \"memory_gb\": 2 }"));
	{
		infracost_spec *spec = NULL;
		infracost_estimate *est = NULL;
		assert_int_equal(infracost_spec_load_string(&spec, out, strlen(out), "p.json"), 0);
		assert_int_equal(infracost_estimate_compute(&est, spec, cat, NULL), 0);
		assert_money(service_of(est, "default", "aws_ecs_service.s")->vcpu_max, 2);
		infracost_estimate_free(est);
		infracost_spec_free(spec);
	}
	infracost_free(out);
}

/* The spec's inputs are validated as every other key. */
static void test_spec_inputs(void **state)
{
	(void)state;
	assert_non_null(strstr(spec_error("{\"services\":[],\"inputs\":[{\"address\":\"a\","
					  "\"status\":\"gone\"}]}",
					  INFRACOST_EINVALID),
			       "inputs[0].status: unknown value 'gone' (expected one of priced, "
			       "included, free, unsupported, removed)"));
	assert_non_null(strstr(spec_error("{\"services\":[],\"inputs\":[{\"address\":\"a\","
					  "\"status\":\"priced\",\"service\":\"b\"}]}",
					  INFRACOST_EINVALID),
			       "inputs[0].service: unknown service 'b' (not in services)"));
	assert_non_null(strstr(spec_error("{\"services\":[],\"inputs\":[{\"address\":\"a\","
					  "\"status\":\"priced\"}]}",
					  INFRACOST_EINVALID),
			       "inputs[0]: a priced input names its service ('service')"));
	assert_non_null(strstr(spec_error("{\"services\":[],\"inputs\":[{\"address\":\"a\","
					  "\"status\":\"free\",\"environment\":\"x\"}]}",
					  INFRACOST_EINVALID),
			       "inputs[0].environment: unknown environment 'x'"));
	assert_non_null(strstr(spec_error("{\"services\":[],\"inputs\":[{\"status\":\"free\"}]}",
					  INFRACOST_EINVALID),
			       "inputs[0]: required key 'address' is missing"));
}

/* The CLI: estimate --terraform gives what estimate gives of the spec that
 * convert terraform writes. */
static void test_cli_round_trip(void **state)
{
	char cmd[2048], *a, *b, *err, *spec;
	(void)state;
	snprintf(cmd, sizeof(cmd),
		 "'%s' convert terraform dev=%splan.json prod=%splan.json --usage %susage.json",
		 CLI_PATH, EXAMPLE, EXAMPLE, EXAMPLE);
	assert_int_equal(run_command(cmd, &spec, &err), 0);
	assert_string_equal(err, "");
	free(err);
	snprintf(cmd, sizeof(cmd),
		 "'%s' estimate --terraform dev=%splan.json --terraform prod=%splan.json "
		 "--usage %susage.json --format json",
		 CLI_PATH, EXAMPLE, EXAMPLE, EXAMPLE);
	assert_int_equal(run_command(cmd, &a, &err), 0);
	free(err);
	snprintf(cmd, sizeof(cmd), "'%s' estimate %s --format json", CLI_PATH,
		 temp_file("terraform.json", spec));
	assert_int_equal(run_command(cmd, &b, &err), 0);
	free(err);
	/* the same but for the name (the file's) */
	assert_non_null(strstr(a, "\"name\": \"terraform\""));
	assert_string_equal(strstr(a, "\"currency\""), strstr(b, "\"currency\""));
	free(a);
	free(b);
	free(spec);
	snprintf(cmd, sizeof(cmd), "'%s' estimate --terraform %splan.json x.json", CLI_PATH,
		 EXAMPLE);
	assert_int_equal(run_command(cmd, &a, &err), 1);
	assert_non_null(strstr(err, "give SPEC or --terraform, not both"));
	free(a);
	free(err);
	snprintf(cmd, sizeof(cmd), "'%s' estimate --terraform /nonexistent.json", CLI_PATH);
	assert_int_equal(run_command(cmd, &a, &err), 5);
	free(a);
	free(err);
	snprintf(cmd, sizeof(cmd), "'%s' convert terraformm x.json", CLI_PATH);
	assert_int_equal(run_command(cmd, &a, &err), 1);
	assert_non_null(strstr(err, "did you mean 'terraform'?"));
	free(a);
	free(err);
}

/* Out of memory at every allocation of a conversion: ENOMEM, nothing
 * leaked (the sanitizer and valgrind runs check the leaks). */
static void test_out_of_memory(void **state)
{
	/* two environments: the merge of their services fails too */
	infracost_terraform_plan p[2] = {{"dev", EXAMPLE "plan.json"},
					 {"prod", SAMPLES "cycloidio-terracost_asg-plan.json"}};
	infracost_terraform_options opt = INFRACOST_TERRAFORM_OPTIONS_INIT;
	unsigned long n;
	int rc;
	char *out = NULL;
	(void)state;
	opt.usage_path = EXAMPLE "usage.json";
	for (n = 1;; n++) {
		infracost__alloc_fail_after(n);
		rc = infracost_terraform_convert(&out, NULL, p, 2, &opt);
		infracost__alloc_fail_after(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, INFRACOST_ENOMEM);
		assert_null(out);
	}
	assert_true(n > 10);
	infracost_free(out);
}

/* A usage file in YAML (examples/terraform/usage.yaml, the JSON one's
 * twin) prices the same; its errors have YAML's line:column. */
static void test_usage_yaml(void **state)
{
	infracost_spec *sj, *sy;
	infracost_estimate *ej = price(EXAMPLE "plan.json", EXAMPLE "usage.json", NULL, &sj);
	infracost_estimate *ey = price(EXAMPLE "plan.json", EXAMPLE "usage.yaml", NULL, &sy);
	char *a = NULL, *b = NULL, *text;
	size_t na, nb;
	const char *path = EXAMPLE "plan.json";
	const char *bad = temp_file("usage-bad.yaml", "version: 1\nresources:\n  - not a map\n");
	const char *two = temp_file("usage-two.yaml", "version: 1\n---\nresources: {}\n");
	infracost_terraform_plan plan = {NULL, path};
	infracost_terraform_options o = INFRACOST_TERRAFORM_OPTIONS_INIT;
	size_t len;
	(void)state;

	assert_int_equal(infracost_estimate_render(&a, &na, ej, INFRACOST_FORMAT_JSON), 0);
	assert_int_equal(infracost_estimate_render(&b, &nb, ey, INFRACOST_FORMAT_JSON), 0);
	assert_true(na == nb && memcmp(a, b, na) == 0);
	o.usage_path = bad;
	assert_int_not_equal(infracost_terraform_convert(&text, &len, &plan, 1, &o), 0);
	assert_non_null(strstr(infracost_error_last()->message,
			       "usage-bad.yaml:2:1: resources: expected an object, got an array"));
	o.usage_path = two;
	assert_int_not_equal(infracost_terraform_convert(&text, &len, &plan, 1, &o), 0);
	assert_non_null(strstr(infracost_error_last()->message,
			       "usage-two.yaml:2:1: a usage file is one YAML document"));
	infracost_free(a);
	infracost_free(b);
	infracost_estimate_free(ej);
	infracost_estimate_free(ey);
	infracost_spec_free(sj);
	infracost_spec_free(sy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_asg_plan),          cmocka_unit_test(test_eks_plan),
		cmocka_unit_test(test_examples_plan),     cmocka_unit_test(test_update_plan),
		cmocka_unit_test(test_ecs_plan),          cmocka_unit_test(test_dynamodb_plan),
		cmocka_unit_test(test_small_plan),        cmocka_unit_test(test_example_plan),
		cmocka_unit_test(test_usage_yaml),        cmocka_unit_test(test_inputs_rendered),
		cmocka_unit_test(test_environments),      cmocka_unit_test(test_actions),
		cmocka_unit_test(test_not_a_plan),        cmocka_unit_test(test_usage_file),
		cmocka_unit_test(test_spec_inputs),       cmocka_unit_test(test_cli_round_trip),
		cmocka_unit_test(test_out_of_memory),     cmocka_unit_test(test_usage_rescue),
		cmocka_unit_test(test_usage_places),      cmocka_unit_test(test_usage_budgets),
		cmocka_unit_test(test_usage_yaml_typing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
