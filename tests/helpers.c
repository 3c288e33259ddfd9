/* helpers.c - shared test helpers. */
#include "helpers.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void assert_money_(double a, double b, const char *expr, const char *file, int line)
{
	double tol = 1e-9 * (fabs(b) > 1 ? fabs(b) : 1);
	if (!(fabs(a - b) <= tol)) {
		print_error("%s:%d: %s = %.12g, expected %.12g\n", file, line, expr, a, b);
		_fail(file, line);
	}
}

infracost_catalog *catalog_from(const char *csv)
{
	infracost_catalog *cat = NULL;
	assert_int_equal(infracost_catalog_new(&cat), 0);
	if (infracost_catalog_load_buffer(cat, csv, strlen(csv), "test.csv") != 0) {
		print_error("catalog: %s\n", infracost_error_last()->message);
		fail();
	}
	return cat;
}

/* The places the C tests price in: their books and aws-global.csv, not the
 * whole snapshot (206 books, 233,811 rows: a minute under valgrind for
 * every load). A test of another place loads its book itself. */
static const infracost_region_ref test_places[] = {
	{"aws", "us-east-1"}, {"aws", "eu-west-1"}, {"gcp", "us-central1"}, {"azure", "eastus"}};

infracost_catalog *catalog_default(void)
{
	infracost_catalog *cat = NULL;
	const char *snap = infracost_default_snapshot();
	assert_int_equal(infracost_catalog_new(&cat), 0);
	/* The compiled snapshot looked up as estimates do; without one, the
	 * books of the places the tests price in (every book parsed would cost
	 * a valgrind run a minute). */
	if ((snap ? infracost_catalog_load_snapshot(cat, snap)
		  : infracost_catalog_load_default_for(
			    cat, test_places, sizeof(test_places) / sizeof(test_places[0]))) != 0) {
		print_error("catalog: %s\n", infracost_error_last()->message);
		fail();
	}
	return cat;
}

infracost_spec *spec_from(const char *json)
{
	infracost_spec *spec = NULL;
	if (infracost_spec_load_string(&spec, json, strlen(json), "spec.json") != 0) {
		print_error("spec: %s\n", infracost_error_last()->message);
		fail();
	}
	return spec;
}

const char *spec_error(const char *json, int code)
{
	infracost_spec *spec = NULL;
	int rc = infracost_spec_load_string(&spec, json, strlen(json), "spec.json");
	if (rc != code) {
		print_error("expected error %d, got %d (%s)\n", code, rc,
			    rc ? infracost_error_last()->message : "success");
		infracost_spec_free(spec);
		fail();
	}
	assert_null(spec);
	return infracost_error_last()->message;
}

/* The estimate borrows names from the spec: specs made by estimate_of live
 * until the test program exits. */
static infracost_spec *kept[1024];
static size_t nkept;

static void free_kept(void)
{
	for (size_t i = 0; i < nkept; i++)
		infracost_spec_free(kept[i]);
}

static void keep_spec(infracost_spec *spec)
{
	if (nkept == 0)
		atexit(free_kept);
	if (nkept < 1024)
		kept[nkept++] = spec;
}

infracost_estimate *estimate_of(const char *json, const infracost_catalog *cat)
{
	infracost_spec *spec = spec_from(json);
	infracost_estimate *est = NULL;
	int rc = infracost_estimate_compute(&est, spec, cat, NULL);
	if (rc != 0) {
		print_error("estimate: %s\n", infracost_error_last()->message);
		infracost_spec_free(spec);
		fail();
	}
	keep_spec(spec);
	return est;
}

const infracost_env_result *env_of(const infracost_estimate *est, const char *env)
{
	for (size_t e = 0; e < infracost_estimate_environment_count(est); e++) {
		const infracost_env_result *r = infracost_estimate_environment(est, e);
		if (strcmp(r->name, env) == 0)
			return r;
	}
	print_error("no environment %s\n", env);
	fail();
	return NULL;
}

const infracost_service_result *service_of(const infracost_estimate *est, const char *env,
					   const char *service)
{
	const infracost_env_result *r = env_of(est, env);
	for (size_t s = 0; s < r->service_count; s++)
		if (strcmp(r->services[s].name, service) == 0)
			return &r->services[s];
	print_error("no service %s in %s\n", service, env);
	fail();
	return NULL;
}

const infracost_line_item *item_of(const infracost_service_result *s, const char *component,
				   const char *purchase)
{
	for (size_t i = 0; i < s->line_item_count; i++)
		if (strcmp(s->line_items[i].component, component) == 0 &&
		    strcmp(s->line_items[i].price->purchase, purchase) == 0)
			return &s->line_items[i];
	return NULL;
}

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;
	if (len)
		*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	if (fread(data, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	data[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return data;
}

const char *error_code_name(int code)
{
	switch (code) {
	case INFRACOST_EPARSE: return "EPARSE";
	case INFRACOST_EINVALID: return "EINVALID";
	case INFRACOST_OK: return "OK";
	default: return "OTHER";
	}
}

static char *slurp(const char *path)
{
	char *data = test_read_file(path, NULL);
	return data ? data : strdup("");
}

int run_command(const char *cmd, char **out, char **err)
{
	char outp[64], errp[64], *full;
	int status, fd;
	snprintf(outp, sizeof(outp), "/tmp/infracost-test-out-XXXXXX");
	snprintf(errp, sizeof(errp), "/tmp/infracost-test-err-XXXXXX");
	fd = mkstemp(outp);
	close(fd);
	fd = mkstemp(errp);
	close(fd);
	full = malloc(strlen(cmd) + 200);
	sprintf(full, "%s >%s 2>%s", cmd, outp, errp);
	status = system(full);
	free(full);
	if (out)
		*out = slurp(outp);
	if (err)
		*err = slurp(errp);
	unlink(outp);
	unlink(errp);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *temp_file(const char *name, const char *text)
{
	static char paths[8][256];
	static int slot;
	char *p = paths[slot++ % 8];
	char dir[] = "/tmp/infracost-test-XXXXXX";
	FILE *f;
	if (!mkdtemp(dir))
		fail();
	snprintf(p, 256, "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

int stderr_to(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), saved;
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	close(fd);
	return saved;
}

void stderr_restore(int saved)
{
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
}

size_t count_of(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}
