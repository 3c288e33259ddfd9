/* helpers.h - shared test helpers (cmocka). */
#ifndef INFRACOST_TEST_HELPERS_H
#define INFRACOST_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <infracost.h>

/* Assert |a - b| <= 1e-9 * max(1, |b|), printing both on failure. */
#define assert_money(a, b) assert_money_(a, b, #a, __FILE__, __LINE__)
void assert_money_(double a, double b, const char *expr, const char *file, int line);

/* A catalog holding exactly this CSV text (name "test.csv"). */
infracost_catalog *catalog_from(const char *csv);
/* A catalog of the shipped snapshot: the compiled one attached (rows are
 * read as they are looked up), else the books of the places the tests price
 * in (aws us-east-1 and eu-west-1 with aws-global, gcp us-central1, azure
 * eastus). */
infracost_catalog *catalog_default(void);
/* Load a spec from text, asserting success. */
infracost_spec *spec_from(const char *json);
/* Load a spec from text expecting failure `code`; returns the error message. */
const char *spec_error(const char *json, int code);
/* Estimate a spec text against a catalog, asserting success. */
infracost_estimate *estimate_of(const char *json, const infracost_catalog *cat);
/* The service result `service` of environment `env` (asserts it exists). */
const infracost_service_result *service_of(const infracost_estimate *est, const char *env,
					   const char *service);
const infracost_env_result *env_of(const infracost_estimate *est, const char *env);
/* The line item of a service by component and purchase, or NULL. */
const infracost_line_item *item_of(const infracost_service_result *s, const char *component,
				   const char *purchase);
/* The bytes of a file, NUL-terminated (free()), or NULL; *len (may be NULL) its length. */
char *test_read_file(const char *path, size_t *len);
/* "EPARSE", "EINVALID", "OK" or "OTHER": the code of a data-driven case's expected.txt. */
const char *error_code_name(int code);
/* How many times `what` occurs in text, without overlaps. */
size_t count_of(const char *text, const char *what);
/* Run a shell command, capture stdout and stderr (caller frees), return its exit status. */
int run_command(const char *cmd, char **out, char **err);
/* Write text to a fresh temporary file; returns its path (static buffer per call slot). */
const char *temp_file(const char *name, const char *text);
/* Send this process's fd 2 to the file `path` (created or emptied) until
 * stderr_restore(the returned fd). */
int stderr_to(const char *path);
void stderr_restore(int saved);

#endif
