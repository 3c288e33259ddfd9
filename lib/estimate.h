/* estimate.h - the estimate object, shared by the engine and the renderers. */
#ifndef INFRACOST_ESTIMATE_INTERNAL_H
#define INFRACOST_ESTIMATE_INTERNAL_H

#include "infracost/estimate.h"
#include "strpool.h"

struct infracost_estimate {
	const char *name;
	double hours;
	infracost_env_result *envs;
	size_t nenvs;
	infracost_service_result *services;
	size_t nservices, services_cap;
	infracost_line_item *items;
	size_t nitems, items_cap;
	infracost_warning *warnings;
	size_t nwarnings, warnings_cap;
	infracost_range total;
	double total_upfront;
	infracost_price *custom_rows; /* the rows of custom items */
	size_t ncustom_rows;
	infracost_strpool pool; /* warning texts */
};

#endif
