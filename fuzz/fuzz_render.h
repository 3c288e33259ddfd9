/* fuzz_render.h - checks the spec, book and plan targets share on what they
 * render: table, Markdown and CSV hold no raw control character (C0 but the
 * line feed, DEL, C1 as UTF-8); JSON is valid RFC 8259 (so never inf or nan)
 * with no raw DEL; an error message is one inert line. A failed check traps. */
#ifndef INFRACOST_FUZZ_RENDER_H
#define INFRACOST_FUZZ_RENDER_H

#include <stddef.h>
#include <string.h>

#include <infracost.h>

static inline void fuzz_check_inert(const char *text, int newlines)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && !(newlines && *p == '\n')) || *p == 0x7F ||
		    (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0))
			__builtin_trap();
}

/* The last error's message: one line, inert. */
static inline void fuzz_check_error(void)
{
	const infracost_error *e = infracost_error_last();
	if (e && e->message)
		fuzz_check_inert(e->message, 0);
}

/* A strict JSON reader that only says yes or no. */
struct fuzz_json {
	const char *p;
	int depth;
};

static inline void fuzz_json_ws(struct fuzz_json *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static inline int fuzz_json_digits(struct fuzz_json *j)
{
	const char *start = j->p;
	while (*j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start;
}

static inline int fuzz_json_value(struct fuzz_json *j);

static inline int fuzz_json_string(struct fuzz_json *j)
{
	if (*j->p++ != '"')
		return 0;
	for (;;) {
		unsigned char c = (unsigned char)*j->p++;
		if (c == '"')
			return 1;
		if (c < 0x20 || c == 0x7F) /* raw C0 (or the end) and DEL */
			return 0;
		if (c == '\\') {
			c = (unsigned char)*j->p++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++, j->p++)
					if (!*j->p || !strchr("0123456789abcdefABCDEF", *j->p))
						return 0;
			} else if (!c || !strchr("\"\\/bfnrt", c)) {
				return 0;
			}
		}
	}
}

static inline int fuzz_json_number(struct fuzz_json *j)
{
	if (*j->p == '-')
		j->p++;
	if (*j->p == '0')
		j->p++;
	else if (!(*j->p >= '1' && *j->p <= '9') || !fuzz_json_digits(j))
		return 0;
	if (*j->p == '.') {
		j->p++;
		if (!fuzz_json_digits(j))
			return 0;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!fuzz_json_digits(j))
			return 0;
	}
	return 1;
}

static inline int fuzz_json_value(struct fuzz_json *j)
{
	int ok = 1;
	fuzz_json_ws(j);
	if (++j->depth > 64)
		return 0;
	if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';
		int object = close == '}';
		j->p++;
		fuzz_json_ws(j);
		if (*j->p == close) {
			j->p++;
		} else {
			for (;;) {
				if (object) {
					fuzz_json_ws(j);
					if (!fuzz_json_string(j))
						return 0;
					fuzz_json_ws(j);
					if (*j->p++ != ':')
						return 0;
				}
				if (!fuzz_json_value(j))
					return 0;
				fuzz_json_ws(j);
				if (*j->p == ',') {
					j->p++;
					continue;
				}
				if (*j->p++ != close)
					return 0;
				break;
			}
		}
	} else if (*j->p == '"') {
		ok = fuzz_json_string(j);
	} else if (strncmp(j->p, "true", 4) == 0 || strncmp(j->p, "null", 4) == 0) {
		j->p += 4;
	} else if (strncmp(j->p, "false", 5) == 0) {
		j->p += 5;
	} else {
		ok = fuzz_json_number(j);
	}
	j->depth--;
	return ok;
}

static inline void fuzz_check_json(const char *text)
{
	struct fuzz_json j = {text, 0};
	if (!fuzz_json_value(&j))
		__builtin_trap();
	fuzz_json_ws(&j);
	if (*j.p)
		__builtin_trap();
}

/* An HTML page of the library: its one script, and no '<' of a name (each
 * is escaped as &lt;): every tag is one the page writes. */
static inline void fuzz_check_html(const char *text)
{
	const char *p = strstr(text, "<script");
	if (!p || strstr(p + 1, "<script") || strstr(text, "<img") || strstr(text, "<iframe"))
		__builtin_trap();
}

/* Every rendering of an estimate, checked. */
static inline void fuzz_render_estimate(const infracost_estimate *est)
{
	static const infracost_format formats[] = {INFRACOST_FORMAT_JSON, INFRACOST_FORMAT_TABLE,
						   INFRACOST_FORMAT_MARKDOWN, INFRACOST_FORMAT_CSV,
						   INFRACOST_FORMAT_HTML};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *text = NULL;
		if (infracost_estimate_render(&text, NULL, est, formats[i]) != 0) {
			fuzz_check_error();
			continue;
		}
		if (formats[i] == INFRACOST_FORMAT_JSON)
			fuzz_check_json(text);
		else
			fuzz_check_inert(text, 1);
		if (formats[i] == INFRACOST_FORMAT_HTML) /* no name adds an element */
			fuzz_check_html(text);
		infracost_free(text);
	}
}

/* A spec text estimated against a catalog and rendered, all checked. */
static inline void fuzz_estimate(const infracost_catalog *catalog, const char *text, size_t len,
				 const char *name)
{
	infracost_spec *spec = NULL;
	infracost_estimate *est = NULL;

	if (infracost_spec_load_string(&spec, text, len, name) != 0 ||
	    infracost_estimate_compute(&est, spec, catalog, NULL) != 0)
		fuzz_check_error();
	else
		fuzz_render_estimate(est);
	infracost_estimate_free(est);
	infracost_spec_free(spec);
}

/* The catalog of the targets that price, made once: as the CLI does, the
 * compiled snapshot attached (scripts/fuzz builds it), its rows read as
 * inputs look them up; without one, the books of these places (all 230,000
 * rows would make each miss's closest keys a scan of every one). */
static inline infracost_catalog *fuzz_catalog(void)
{
	static const infracost_region_ref places[] = {{"aws", "us-east-1"},
						      {"aws", "eu-west-1"},
						      {"gcp", "us-central1"},
						      {"azure", "eastus"}};
	infracost_catalog *catalog = NULL;
	infracost_global_init();
	if (infracost_catalog_new(&catalog) ||
	    infracost_catalog_load_default_for(catalog, places, 4))
		__builtin_trap(); /* run from the repository, or set INFRA_COST_DATA */
	return catalog;
}

/* One spec input of the spec targets (fuzz_spec.c: JSON, fuzz_yaml_spec.c:
 * YAML, told apart by `name`): the shipped snapshot attached on the first
 * call, the spec estimated and rendered, and the last error's place, when
 * it has one, inside the input: its line at most `lines` (the count of line
 * breaks the reader may see, plus one) and its column >= 1. */
static inline void fuzz_spec_input(const char *data, size_t size, const char *name, int lines)
{
	static infracost_catalog *catalog;
	const infracost_error *e;
	if (!catalog)
		catalog = fuzz_catalog();
	infracost_error_clear();
	fuzz_estimate(catalog, data, size, name);
	e = infracost_error_last();
	if (e && (e->line < 0 || (lines > 0 && e->line > lines) || (e->line > 0 && e->column < 1)))
		__builtin_trap();
}

#endif
