/* fuzz_estimate_json.c - libFuzzer target: an estimate's JSON read back
 * (infra-cost diff's input), rendered in every format (fuzz_render.h's
 * checks), then diffed against itself: an empty diff, whose table, JSON,
 * Markdown and HTML are checked the same way. Built by scripts/fuzz. */
#include <stddef.h>
#include <stdint.h>

#include <infracost.h>

#include "fuzz_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	infracost_estimate *est = NULL;
	infracost_diff *diff = NULL;
	infracost_error_clear();
	if (infracost_estimate_load_json(&est, (const char *)data, size, "fuzz.json")) {
		fuzz_check_error();
		return 0;
	}
	fuzz_render_estimate(est);
	if (infracost_diff_compute(&diff, est, est) == 0) {
		char *text = NULL;
		if (infracost_diff_change_count(diff) != 0)
			__builtin_trap(); /* an estimate against itself changes nothing */
		if (infracost_diff_render(&text, NULL, diff, INFRACOST_FORMAT_TABLE) == 0)
			fuzz_check_inert(text, 1);
		infracost_free(text);
		text = NULL;
		if (infracost_diff_render(&text, NULL, diff, INFRACOST_FORMAT_MARKDOWN) == 0)
			fuzz_check_inert(text, 1);
		infracost_free(text);
		text = NULL;
		if (infracost_diff_render(&text, NULL, diff, INFRACOST_FORMAT_JSON) == 0)
			fuzz_check_json(text);
		infracost_free(text);
		text = NULL;
		if (infracost_diff_render(&text, NULL, diff, INFRACOST_FORMAT_HTML) == 0) {
			fuzz_check_inert(text, 1);
			fuzz_check_html(text);
		}
		infracost_free(text);
	}
	infracost_diff_free(diff);
	infracost_estimate_free(est);
	return 0;
}
