/* diff.h - the diff object, shared by the engine (diff.c) and the
 * renderers (lib/output/render_diff.c, html.c). */
#ifndef INFRACOST_DIFF_INTERNAL_H
#define INFRACOST_DIFF_INTERNAL_H

#include "infracost/diff.h"

struct infracost_diff {
	const infracost_estimate *before, *after; /* borrowed */
	infracost_diff_env *envs;                 /* NEW's order, then OLD's others */
	size_t nenvs;
	infracost_diff_service *services; /* every environment's, in turn */
	size_t nservices;
	infracost_diff_line *lines; /* every service's, in turn */
	size_t nlines;
	infracost_range total_before, total_after;
	double upfront_before, upfront_after;
	size_t changes; /* entries not INFRACOST_DIFF_SAME */
	int failed;     /* out of memory while filling */
};

#endif
