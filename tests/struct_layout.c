/* struct_layout.c - print the size of every public struct the Python
 * bindings mirror with ctypes (bindings/python/infra_cost/_lib.py), one
 * "name size" line each; the bindings' tests compare them. */
#include <stdio.h>

#include <infracost.h>

#define SHOW(t) printf("%s %zu\n", #t, sizeof(t))

int main(void)
{
	SHOW(infracost_error);
	SHOW(infracost_estimate_options);
	SHOW(infracost_simulate_options);
	SHOW(infracost_recommend_options);
	SHOW(infracost_erlang);
	SHOW(infracost_usl);
	SHOW(infracost_price);
	SHOW(infracost_source);
	SHOW(infracost_price_filter);
	SHOW(infracost_fetch_options);
	SHOW(infracost_fetch_report);
	return 0;
}
