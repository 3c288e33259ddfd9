/* struct_layout.c - print the layout of every public struct the Python
 * bindings mirror with ctypes (bindings/python/infra_cost/_lib.py): a
 * "name size" line per struct and a "name.field offset" line per field, in
 * declaration order. The bindings' tests compare them, so a field added,
 * removed, renamed or moved on one side only fails CI. */
#include <stddef.h>
#include <stdio.h>

#include <infracost.h>

#define SHOW(t) printf("%s %zu\n", #t, sizeof(t))
#define FIELD(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))

int main(void)
{
	SHOW(infracost_error);
	FIELD(infracost_error, code);
	FIELD(infracost_error, message);
	FIELD(infracost_error, source);
	FIELD(infracost_error, line);
	FIELD(infracost_error, column);
	FIELD(infracost_error, path);
	SHOW(infracost_estimate_options);
	FIELD(infracost_estimate_options, version);
	FIELD(infracost_estimate_options, environments);
	FIELD(infracost_estimate_options, environment_count);
	SHOW(infracost_simulate_options);
	FIELD(infracost_simulate_options, version);
	FIELD(infracost_simulate_options, samples);
	FIELD(infracost_simulate_options, seed);
	FIELD(infracost_simulate_options, threads);
	FIELD(infracost_simulate_options, environments);
	FIELD(infracost_simulate_options, environment_count);
	FIELD(infracost_simulate_options, default_interruption_rate);
	SHOW(infracost_recommend_options);
	FIELD(infracost_recommend_options, version);
	FIELD(infracost_recommend_options, environments);
	FIELD(infracost_recommend_options, environment_count);
	FIELD(infracost_recommend_options, spot_risk_budget);
	FIELD(infracost_recommend_options, default_interruption_rate);
	FIELD(infracost_recommend_options, keep_spot);
	SHOW(infracost_kubernetes_options);
	FIELD(infracost_kubernetes_options, version);
	FIELD(infracost_kubernetes_options, node_type);
	FIELD(infracost_kubernetes_options, catalog);
	FIELD(infracost_kubernetes_options, provider);
	FIELD(infracost_kubernetes_options, region);
	FIELD(infracost_kubernetes_options, environment);
	FIELD(infracost_kubernetes_options, name);
	FIELD(infracost_kubernetes_options, job_minutes);
	FIELD(infracost_kubernetes_options, no_control_plane);
	FIELD(infracost_kubernetes_options, yaml);
	FIELD(infracost_kubernetes_options, warn);
	FIELD(infracost_kubernetes_options, warn_ctx);
	SHOW(infracost_terraform_plan);
	FIELD(infracost_terraform_plan, environment);
	FIELD(infracost_terraform_plan, path);
	SHOW(infracost_terraform_options);
	FIELD(infracost_terraform_options, version);
	FIELD(infracost_terraform_options, usage_path);
	FIELD(infracost_terraform_options, default_region);
	FIELD(infracost_terraform_options, warn);
	FIELD(infracost_terraform_options, warn_ctx);
	SHOW(infracost_region_ref);
	FIELD(infracost_region_ref, provider);
	FIELD(infracost_region_ref, region);
	SHOW(infracost_erlang);
	FIELD(infracost_erlang, servers);
	FIELD(infracost_erlang, arrival_rate);
	FIELD(infracost_erlang, service_rate);
	FIELD(infracost_erlang, utilization);
	FIELD(infracost_erlang, wait_probability);
	FIELD(infracost_erlang, mean_wait);
	FIELD(infracost_erlang, quantile);
	FIELD(infracost_erlang, wait_quantile);
	SHOW(infracost_usl);
	FIELD(infracost_usl, alpha);
	FIELD(infracost_usl, beta);
	FIELD(infracost_usl, gamma);
	FIELD(infracost_usl, peak_load);
	FIELD(infracost_usl, peak_throughput);
	FIELD(infracost_usl, r_squared);
	FIELD(infracost_usl, points);
	SHOW(infracost_price);
	FIELD(infracost_price, provider);
	FIELD(infracost_price, service);
	FIELD(infracost_price, region);
	FIELD(infracost_price, sku);
	FIELD(infracost_price, purchase);
	FIELD(infracost_price, unit);
	FIELD(infracost_price, price);
	FIELD(infracost_price, upfront);
	FIELD(infracost_price, tier_start);
	FIELD(infracost_price, vcpu);
	FIELD(infracost_price, memory_gb);
	FIELD(infracost_price, effective_date);
	FIELD(infracost_price, source);
	FIELD(infracost_price, origin);
	FIELD(infracost_price, arch);
	FIELD(infracost_price, effective);
	SHOW(infracost_source);
	FIELD(infracost_source, id);
	FIELD(infracost_source, provider);
	FIELD(infracost_source, service);
	FIELD(infracost_source, region);
	FIELD(infracost_source, format);
	FIELD(infracost_source, version);
	FIELD(infracost_source, published);
	FIELD(infracost_source, fetched_at);
	FIELD(infracost_source, checked_at);
	FIELD(infracost_source, etag);
	FIELD(infracost_source, last_modified);
	FIELD(infracost_source, url);
	FIELD(infracost_source, rows);
	FIELD(infracost_source, current);
	SHOW(infracost_price_filter);
	FIELD(infracost_price_filter, provider);
	FIELD(infracost_price_filter, service);
	FIELD(infracost_price_filter, region);
	FIELD(infracost_price_filter, sku);
	FIELD(infracost_price_filter, purchase);
	SHOW(infracost_fetch_options);
	FIELD(infracost_fetch_options, version);
	FIELD(infracost_fetch_options, endpoint);
	FIELD(infracost_fetch_options, services);
	FIELD(infracost_fetch_options, service_count);
	FIELD(infracost_fetch_options, regions);
	FIELD(infracost_fetch_options, region_count);
	FIELD(infracost_fetch_options, format);
	FIELD(infracost_fetch_options, progress);
	FIELD(infracost_fetch_options, allow_http);
	FIELD(infracost_fetch_options, timeout_s);
	FIELD(infracost_fetch_options, max_retries);
	FIELD(infracost_fetch_options, backoff_ms);
	SHOW(infracost_fetch_report);
	FIELD(infracost_fetch_report, sources_updated);
	FIELD(infracost_fetch_report, sources_unchanged);
	FIELD(infracost_fetch_report, rows);
	FIELD(infracost_fetch_report, skipped);
	return 0;
}
