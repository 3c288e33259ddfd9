/* consumer.c - the smallest program using an installed libinfracost:
 * consumer DATA_DIR SPEC prints the total expected monthly cost. */
#include <infracost.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	infracost_catalog *cat = NULL;
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;
	int rc;

	if (argc != 3)
		return 1;
	if ((rc = infracost_catalog_new(&cat)) || (rc = infracost_catalog_load_dir(cat, argv[1])) ||
	    (rc = infracost_spec_load_file(&spec, argv[2])) ||
	    (rc = infracost_estimate_compute(&est, spec, cat, NULL))) {
		fprintf(stderr, "consumer: %s\n", infracost_error_last()->message);
	} else {
		printf("consumer: %s total expected %.2f USD/month (libinfracost %s)\n",
		       infracost_estimate_name(est), infracost_estimate_total(est).expected,
		       infracost_version());
	}
	infracost_estimate_free(est);
	infracost_spec_free(spec);
	infracost_catalog_free(cat);
	return rc ? 1 : 0;
}
