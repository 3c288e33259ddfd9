/* test_csvstream.c - the streaming CSV record reader (lib/formats/csvstream.c):
 * RFC 4180 quoting, blank lines, the byte order mark, line numbers, errors
 * with file:line:column, the record and field limits, buffer refills and
 * growth, and a differential test against a byte-at-a-time reference
 * reader written here. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csvstream.h"
#include "error.h"

/* The reader's documented limits and sizes (lib/formats/csvstream.c). */
#define MAX_RECORD (1024 * 1024)
#define MAX_FIELDS 4096
#define BUFFER (256 * 1024)
#define BOM "\xEF\xBB\xBF"

/* A growable string of the test's own (independent of lib/util/buf.c). Its
 * memory is cmocka's, so that a failing test does not leak it. */
struct sb {
	char *p;
	size_t len, cap;
};

static void sb_reserve(struct sb *s, size_t extra)
{
	if (s->len + extra + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (s->len + extra + 1 > cap)
			cap *= 2;
		s->p = test_realloc(s->p, cap);
		assert_non_null(s->p);
		s->cap = cap;
	}
}

static void sb_put(struct sb *s, const char *p, size_t n)
{
	sb_reserve(s, n);
	if (n)
		memcpy(s->p + s->len, p, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void sb_putc(struct sb *s, char c)
{
	sb_put(s, &c, 1);
}

static void sb_puts(struct sb *s, const char *text)
{
	sb_put(s, text, strlen(text));
}

static void sb_rep(struct sb *s, char c, size_t n)
{
	sb_reserve(s, n);
	memset(s->p + s->len, c, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void sb_printf(struct sb *s, const char *fmt, ...) INFRACOST_PRINTF(2, 3);
static void sb_printf(struct sb *s, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(tmp));
	sb_put(s, tmp, (size_t)n);
}

static void sb_free(struct sb *s)
{
	if (s->p)
		test_free(s->p);
	s->p = NULL;
	s->len = s->cap = 0;
}

/* A field as written in a CSV file: quoted (quotes doubled) or as is. */
static void sb_field(struct sb *s, const char *text, size_t n, int quote)
{
	if (!quote) {
		sb_put(s, text, n);
		return;
	}
	sb_putc(s, '"');
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '"')
			sb_putc(s, '"');
		sb_putc(s, text[i]);
	}
	sb_putc(s, '"');
}

/* Field text in a dump: one line, '|' between fields. */
static void dump_text(struct sb *s, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (text[i]) {
		case '\\': sb_puts(s, "\\\\"); break;
		case '|': sb_puts(s, "\\|"); break;
		case '\n': sb_puts(s, "\\n"); break;
		case '\r': sb_puts(s, "\\r"); break;
		default: sb_putc(s, text[i]); break;
		}
	}
}

static uint64_t rnd(uint64_t *state)
{
	/* splitmix64 */
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t below(uint64_t *state, size_t n)
{
	return n ? (size_t)(rnd(state) % n) : 0;
}

/* A FILE that reads exactly these bytes. */
static FILE *input_of(const void *data, size_t len)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fflush(f), 0);
	rewind(f);
	return f;
}

static infracost_csvstream *reader_of(FILE *f)
{
	infracost_csvstream *r = NULL;

	assert_int_equal(infracost__csvstream_new(&r, f, "in.csv"), 0);
	assert_non_null(r);
	return r;
}

/* ---- Reading with the reader under test ----------------------------- */

struct stats {
	int records;
	size_t memory_first; /* before the first record */
	size_t memory_max;   /* after any record */
};

/* Read every record to the end or the first error and describe them, one
 * line each: "LINE:field|field|..." (\n, \r, | and \ escaped), and
 * "error CODE LINE COLUMN MESSAGE" for an error. Fields are asked for at
 * least twice and must read the same each time: with `rng`, a few in a
 * random order (repeats included) first, then all in order; without, all
 * in reverse order first. */
static int dump_reader(infracost_csvstream *r, struct sb *out, uint64_t *rng, struct stats *st)
{
	int rc, n = 0;
	size_t mem_first = infracost__csvstream_memory(r), mem_max = mem_first;

	sb_puts(out, "");
	while ((rc = infracost__csvstream_next(r)) == 1) {
		size_t nf = infracost__csvstream_fields(r);
		char **first = test_calloc(nf ? nf : 1, sizeof(*first));

		n++;
		assert_non_null(first);
		if (infracost__csvstream_memory(r) > mem_max)
			mem_max = infracost__csvstream_memory(r);
		assert_true(nf >= 1);
		sb_printf(out, "%d:", infracost__csvstream_line(r));
		for (size_t k = 0; k < (rng ? 6 : nf); k++) {
			size_t i = rng ? below(rng, nf) : nf - 1 - k;
			const char *t = infracost__csvstream_field(r, i);
			assert_non_null(t);
			if (!first[i]) {
				first[i] = test_malloc(strlen(t) + 1);
				strcpy(first[i], t);
			} else {
				assert_string_equal(t, first[i]);
			}
		}
		for (size_t i = 0; i < nf; i++) {
			const char *t = infracost__csvstream_field(r, i);
			assert_non_null(t);
			if (first[i] && strcmp(first[i], t) != 0) {
				print_error("field %zu of the record on line %d read \"%s\" first, "
					    "then \"%s\"\n",
					    i, infracost__csvstream_line(r), first[i], t);
				fail();
			}
			if (i)
				sb_putc(out, '|');
			dump_text(out, t, strlen(t));
			test_free(first[i]);
		}
		test_free(first);
		sb_putc(out, '\n');
	}
	if (rc < 0) {
		const infracost_error *e = infracost_error_last();
		assert_non_null(e);
		sb_printf(out, "error %d %d %d %s\n", rc, e->line, e->column, e->message);
		assert_int_equal(e->code, rc);
	} else {
		assert_int_equal(rc, 0);
		/* The end stays the end. */
		assert_int_equal(infracost__csvstream_next(r), 0);
	}
	if (st) {
		st->records = n;
		st->memory_first = mem_first;
		st->memory_max = mem_max;
	}
	return rc;
}

/* Compare two dumps, showing where they first differ. */
static void same_dump_(const char *got, const char *want, const char *what, const char *file,
		       int at)
{
	size_t i = 0, line = 1, from;

	if (strcmp(got, want) == 0)
		return;
	while (got[i] && got[i] == want[i]) {
		if (got[i] == '\n')
			line++;
		i++;
	}
	from = i;
	while (from > 0 && got[from - 1] != '\n')
		from--;
	print_error("%s:%d: %s: the reader and the expected records differ at dump line %zu:\n"
		    "reader:   %.300s\nexpected: %.300s\n",
		    file, at, what, line, got + from, want + from);
	_fail(file, at);
}

#define SAME_DUMP(got, want, what) same_dump_((got), (want), (what), __FILE__, __LINE__)

/* Read `data` with the reader; its dump must be `want`. */
static void expect_dump_(const char *data, size_t len, const char *want, const char *file, int at)
{
	struct sb got = {0};
	FILE *f = input_of(data, len);
	infracost_csvstream *r = reader_of(f);

	infracost_error_clear();
	dump_reader(r, &got, NULL, NULL);
	infracost__csvstream_free(r);
	fclose(f);
	same_dump_(got.p, want, "records", file, at);
	sb_free(&got);
}

#define EXPECT(data, want) expect_dump_((data), sizeof(data) - 1, (want), __FILE__, __LINE__)
/* The dump line of a parse error at line:column, and of a limit error
 * (a line only). */
_Static_assert(INFRACOST_EPARSE == -4, "ERR spells EPARSE as -4");
#define ERR(line, column, what)                                                                    \
	"error -4 " #line " " #column " in.csv:" #line ":" #column ": " what "\n"
#define ERR_LINE(line, what) "error -4 " #line " 0 in.csv:" #line ": " what "\n"
#define TOO_LONG "record longer than 1048576 bytes (the limit)"
#define TOO_MANY "more than 4096 fields in a record (the limit)"

/* ---- The reference reader ---------------------------------------------
 *
 * Byte at a time, the rules of the header: a record is fields separated
 * by ',' ended by LF, CRLF or the end of the file (after an optional final
 * CR); a field that starts with '"' is quoted up to the next lone '"'
 * ("" is one quote), and must be followed by a separator or the end; an
 * unquoted field may not hold '"'; a CR outside quotes must be followed by
 * a LF (or be the last byte); blank lines (nothing, or a CR) are skipped
 * but counted; a UTF-8 byte order mark at the start is dropped; lines and
 * columns count from 1, columns in bytes from the line's start (after the
 * mark on line 1). The limits: a record may not need a byte more than
 * MAX_RECORD bytes after its start (its terminating LF included; a last
 * record of exactly MAX_RECORD bytes is fine), or more than MAX_FIELDS
 * fields (checked when it ends). The first error ends the dump. */

struct ref {
	const unsigned char *d;
	size_t n, p;
	int line;          /* the line of byte p */
	size_t line_start; /* where that line starts */
	size_t rec;        /* where the record starts */
	int rec_line;
	struct sb *out;
	/* A record had more than MAX_FIELDS fields and then another error:
	 * which of the two errors comes first is not specified. */
	int too_many;
};

static int ref_error(struct ref *x, int line, size_t line_start, size_t at, const char *what)
{
	int column = (int)(at - line_start) + 1;
	sb_printf(x->out, "error %d %d %d in.csv:%d:%d: %s\n", INFRACOST_EPARSE, line, column, line,
		  column, what);
	return -1;
}

static int ref_limit(struct ref *x, const char *what)
{
	sb_printf(x->out, "error %d %d 0 in.csv:%d: %s\n", INFRACOST_EPARSE, x->rec_line,
		  x->rec_line, what);
	return -1;
}

/* Whether byte `at` is beyond what the record may span (error written). */
static int ref_too_long(struct ref *x, size_t at)
{
	return at - x->rec >= MAX_RECORD ? ref_limit(x, TOO_LONG) : 0;
}

/* A quoted field at p (the opening quote): 0, or -1 on an error. */
static int ref_quoted(struct ref *x, struct sb *rec)
{
	const unsigned char *d = x->d;
	int qline = x->line;
	size_t qstart = x->line_start, qat = x->p++;

	for (;;) {
		if (x->p >= x->n)
			return ref_error(x, qline, qstart, qat, "unterminated quoted field");
		if (ref_too_long(x, x->p))
			return -1;
		if (d[x->p] == '"') {
			if (x->p + 1 < x->n) {
				if (ref_too_long(x, x->p + 1))
					return -1;
				if (d[x->p + 1] == '"') {
					dump_text(rec, "\"", 1);
					x->p += 2;
					continue;
				}
			}
			x->p++;
			break;
		}
		dump_text(rec, (const char *)d + x->p, 1);
		if (d[x->p] == '\n') {
			x->line++;
			x->line_start = x->p + 1;
		}
		x->p++;
	}
	if (x->p < x->n) {
		if (ref_too_long(x, x->p))
			return -1;
		if (d[x->p] != ',' && d[x->p] != '\n' && d[x->p] != '\r')
			return ref_error(x, x->line, x->line_start, x->p,
					 "unexpected character after closing quote");
	}
	return 0;
}

/* An unquoted field at p: 0, or -1 on an error. */
static int ref_unquoted(struct ref *x, struct sb *rec)
{
	const unsigned char *d = x->d;

	for (; x->p < x->n; x->p++) {
		if (ref_too_long(x, x->p))
			return -1;
		if (d[x->p] == ',' || d[x->p] == '\n' || d[x->p] == '\r')
			break;
		if (d[x->p] == '"')
			return ref_error(x, x->line, x->line_start, x->p,
					 "quote inside an unquoted field");
		dump_text(rec, (const char *)d + x->p, 1);
	}
	return 0;
}

/* The record at p (not a blank line) into `rec`: 0, or -1 on an error. */
static int ref_record(struct ref *x, struct sb *rec)
{
	const unsigned char *d = x->d;
	size_t nf = 0;

	x->rec = x->p;
	x->rec_line = x->line;
	sb_printf(rec, "%d:", x->line);
	for (;;) { /* a field starts at p */
		if (nf)
			sb_putc(rec, '|');
		if (x->p < x->n && d[x->p] == '"') {
			if (ref_too_long(x, x->p) || ref_quoted(x, rec))
				return -1;
		} else if (ref_unquoted(x, rec)) {
			return -1;
		}
		if (++nf > MAX_FIELDS)
			x->too_many = 1;
		/* The separator after the field, if any. */
		if (x->p >= x->n)
			break;
		if (d[x->p] == ',') {
			x->p++;
			continue;
		}
		if (d[x->p] == '\r') {
			if (x->p + 1 >= x->n) { /* a final CR */
				x->p++;
				break;
			}
			if (ref_too_long(x, x->p + 1))
				return -1;
			if (d[x->p + 1] != '\n')
				return ref_error(x, x->line, x->line_start, x->p + 1,
						 "carriage return not followed by a line feed");
			x->p++;
		}
		/* The LF. */
		x->p++;
		x->line++;
		x->line_start = x->p;
		break;
	}
	if (nf > MAX_FIELDS) {
		/* The record ended: this error is the only one it has. */
		x->too_many = 0;
		return ref_limit(x, TOO_MANY);
	}
	return 0;
}

/* Dump the records of data[0..n) as dump_reader does. `too_many`: whether
 * a record had more than MAX_FIELDS fields and another error. */
static void ref_dump(const void *data, size_t n, struct sb *out, int *too_many)
{
	struct ref x = {data, n, 0, 1, 0, 0, 0, out, 0};
	struct sb rec = {0};

	sb_puts(out, "");
	if (n >= 3 && memcmp(data, BOM, 3) == 0) {
		x.d += 3;
		x.n -= 3;
	}
	while (x.p < x.n) {
		const unsigned char *d = x.d;

		if (d[x.p] == '\n' || (d[x.p] == '\r' && (x.p + 1 == x.n || d[x.p + 1] == '\n'))) {
			/* A blank line. */
			x.p += d[x.p] == '\n' || x.p + 1 == x.n ? 1 : 2;
			x.line++;
			x.line_start = x.p;
			continue;
		}
		rec.len = 0;
		if (ref_record(&x, &rec))
			break;
		sb_put(out, rec.p, rec.len);
		sb_putc(out, '\n');
	}
	if (too_many)
		*too_many = x.too_many;
	sb_free(&rec);
}

/* Check the reference reader itself on a few inputs (so that the
 * differential test compares with something known to be right). */
static void test_reference_reader(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{"a,b\r\n\"x\"\"y\",\"1\n2\"\n\n\r\nlast", "1:a|b\n2:x\"y|1\\n2\n6:last\n"},
		{BOM "\"a\"\"\"\r", "1:a\"\n"},
		{"\r", ""},
		{"", ""},
		{"ab\"c\n", ERR(1, 3, "quote inside an unquoted field")},
		{"x\n\"a\nb\"c", "1:x\n" ERR(3, 3, "unexpected character after closing quote")},
		{"a\rb", ERR(1, 3, "carriage return not followed by a line feed")},
		{"a\n b,\"c\nd", "1:a\n" ERR(2, 4, "unterminated quoted field")},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb got = {0};
		ref_dump(cases[i].in, strlen(cases[i].in), &got, NULL);
		SAME_DUMP(got.p, cases[i].want, cases[i].in);
		sb_free(&got);
	}
}

/* ---- The rules, by hand -------------------------------------------- */

#define QUOTE_IN "quote inside an unquoted field"
#define AFTER_CLOSE "unexpected character after closing quote"
#define LONE_CR "carriage return not followed by a line feed"
#define UNTERMINATED "unterminated quoted field"

static void test_simple_records(void **state)
{
	(void)state;
	EXPECT("a,bb,ccc\n1,22,333\n", "1:a|bb|ccc\n2:1|22|333\n");
	EXPECT("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	/* LF and CRLF mixed; the CR is dropped. */
	EXPECT("x\r\ny\nz,w\r\n", "1:x\n2:y\n3:z|w\n");
	EXPECT("one\n", "1:one\n");
	/* Bytes other than , " CR LF are data, spaces included. */
	EXPECT(" a ,\tb, \n", "1: a |\tb| \n");
}

static void test_empty_fields(void **state)
{
	(void)state;
	EXPECT("a,,c\n,\n,x,\n\"\",y\nz,", "1:a||c\n2:|\n3:|x|\n4:|y\n5:z|\n");
	/* A quoted empty field alone is a record, not a blank line. */
	EXPECT("\"\"\n\"\"\r\n\"\"", "1:\n2:\n3:\n");
	EXPECT(",\r\n,,\n", "1:|\n2:||\n");
	EXPECT("a,\"\"\r\n", "1:a|\n");
}

static void test_quoted_fields(void **state)
{
	(void)state;
	EXPECT("\"a,b\",c,\"x\"\"y\"\"\"\n"
	       "\"\"\"\",\"say \"\"hi\"\", twice\",\",\"\n"
	       "plain,\"\"\n",
	       "1:a,b|c|x\"y\"\n2:\"|say \"hi\", twice|,\n3:plain|\n");
	/* Line feeds and CRLF inside quotes are data and count as lines. */
	EXPECT("id,\"first\nsecond\r\nthird\",after\n"
	       "2,\"x\r\ny\"\r\n"
	       "3,\"\n\"\n"
	       "4\n",
	       "1:id|first\\nsecond\\r\\nthird|after\n4:2|x\\r\\ny\n6:3|\\n\n8:4\n");
	/* A lone CR inside quotes is data too. */
	EXPECT("\"a\rb\",\"\r\"\n", "1:a\\rb|\\r\n");
	/* Quoted last fields ended by CRLF and by a final CR. */
	EXPECT("\"q\"\r\n\"r\"\"\"\r\n\"s\"\r", "1:q\n2:r\"\n3:s\n");
	/* Many doubled quotes; a field of quotes only. */
	EXPECT("\"\"\"\"\"\"\"\",\"\"\"\"\n", "1:\"\"\"|\"\n");
}

static void test_blank_lines(void **state)
{
	(void)state;
	/* Empty lines and lines of only a CR are skipped, and counted. */
	EXPECT("\n\r\na\n\n\r\n\nb,c\r\n\r\n\n", "3:a\n7:b|c\n");
	EXPECT("\n", "");
	EXPECT("\n\r\n\n\r\n", "");
	EXPECT("a\n\r", "1:a\n");
	EXPECT("\r", "");
	/* A space is not blank. */
	EXPECT(" \n\n", "1: \n");
	/* A blank line inside quotes is data. */
	EXPECT("\"\n\n\",x\n\ny\n", "1:\\n\\n|x\n5:y\n");
}

static void test_last_record_without_line_feed(void **state)
{
	(void)state;
	EXPECT("x,y\nlast,row", "1:x|y\n2:last|row\n");
	EXPECT("x\r\nlast\r", "1:x\n2:last\n");
	EXPECT("\"q,\"\"\"", "1:q,\"\n");
	EXPECT("\"q\nr\"\r", "1:q\\nr\n");
	EXPECT("a,", "1:a|\n");
	EXPECT("a,\r", "1:a|\n");
	EXPECT("a,\"\"", "1:a|\n");
	EXPECT("z", "1:z\n");
}

static void test_byte_order_mark(void **state)
{
	(void)state;
	EXPECT(BOM "provider,sku\naws,m5\n", "1:provider|sku\n2:aws|m5\n");
	EXPECT(BOM, "");
	EXPECT(BOM "\n", "");
	EXPECT(BOM "\n\"a\"", "2:a\n");
	EXPECT(BOM "\"x\"\"\",y\n", "1:x\"|y\n");
	/* Only a mark at the very start is special, and only one. */
	EXPECT("a," BOM "\n", "1:a|" BOM "\n");
	EXPECT(BOM BOM "x", "1:" BOM "x\n");
	EXPECT("\xEF\xBB", "1:\xEF\xBB\n");
	/* Columns on line 1 count from after the mark. */
	EXPECT(BOM "ab\"", ERR(1, 3, QUOTE_IN));
}

static void test_empty_file(void **state)
{
	FILE *f = input_of("", 0);
	infracost_csvstream *r = reader_of(f);
	(void)state;

	assert_int_equal(infracost__csvstream_next(r), 0);
	assert_int_equal(infracost__csvstream_next(r), 0);
	infracost__csvstream_free(r);
	fclose(f);
	EXPECT("", "");
}

static void test_line_numbers(void **state)
{
	(void)state;
	EXPECT("a\n\"b\nc\nd\",e\n\nf\r\n\"\r\n\",\"\n\"\ng",
	       "1:a\n2:b\\nc\\nd|e\n6:f\n7:\\r\\n|\\n\n10:g\n");
}

/* Field i of the current record must read `want`, asked twice. */
#define FIELD_IS(r, i, want)                                                                       \
	do {                                                                                       \
		assert_string_equal(infracost__csvstream_field((r), (i)), (want));                 \
		assert_string_equal(infracost__csvstream_field((r), (i)), (want));                 \
	} while (0)

static void test_fields_read_twice(void **state)
{
	static const char in[] = "\"a\"\"b\",x,\"c\"\"\"\r\n"
				 "\"q\"\r\n"
				 "u,v\r\n"
				 "u,\r\n"
				 "\"\",\"\"\"\"\r\n"
				 "\"m\"\"\",n\n"
				 "e,\"f\"\"\"\r";
	FILE *f = input_of(in, sizeof(in) - 1);
	infracost_csvstream *r = reader_of(f);
	(void)state;

	assert_int_equal(infracost__csvstream_next(r), 1);
	assert_int_equal(infracost__csvstream_fields(r), 3);
	FIELD_IS(r, 2, "c\"");
	FIELD_IS(r, 0, "a\"b");
	FIELD_IS(r, 1, "x");
	FIELD_IS(r, 2, "c\"");
	FIELD_IS(r, 0, "a\"b");
	assert_int_equal(infracost__csvstream_next(r), 1);
	FIELD_IS(r, 0, "q");
	FIELD_IS(r, 0, "q");
	assert_int_equal(infracost__csvstream_next(r), 1);
	FIELD_IS(r, 1, "v");
	FIELD_IS(r, 0, "u");
	FIELD_IS(r, 1, "v");
	assert_int_equal(infracost__csvstream_next(r), 1);
	FIELD_IS(r, 1, "");
	FIELD_IS(r, 0, "u");
	FIELD_IS(r, 1, "");
	assert_int_equal(infracost__csvstream_next(r), 1);
	FIELD_IS(r, 1, "\"");
	FIELD_IS(r, 0, "");
	FIELD_IS(r, 1, "\"");
	assert_int_equal(infracost__csvstream_next(r), 1);
	assert_int_equal(infracost__csvstream_line(r), 6);
	FIELD_IS(r, 1, "n");
	FIELD_IS(r, 0, "m\"");
	assert_int_equal(infracost__csvstream_next(r), 1);
	FIELD_IS(r, 1, "f\"");
	FIELD_IS(r, 0, "e");
	FIELD_IS(r, 1, "f\"");
	assert_int_equal(infracost__csvstream_next(r), 0);
	infracost__csvstream_free(r);
	fclose(f);
}

static void test_error_quote_in_unquoted_field(void **state)
{
	(void)state;
	EXPECT("ab\"c,d\n", ERR(1, 3, QUOTE_IN));
	EXPECT("ok,fine\nx,y,12\"\n", "1:ok|fine\n" ERR(2, 7, QUOTE_IN));
	/* A space before the quote makes the field unquoted. */
	EXPECT("a, \"b\"\n", ERR(1, 4, QUOTE_IN));
	EXPECT("a\"\"\n", ERR(1, 2, QUOTE_IN));
	/* On the last line of a record with line feeds in quotes. */
	EXPECT("\"a\nb\",c\"\n", ERR(2, 5, QUOTE_IN));
	/* In a last record without a line feed. */
	EXPECT("x\n\ny\"", "1:x\n" ERR(3, 2, QUOTE_IN));
}

static void test_error_after_closing_quote(void **state)
{
	(void)state;
	EXPECT("\"ab\"c,d\n", ERR(1, 5, AFTER_CLOSE));
	EXPECT("x,\"ab\" \n", ERR(1, 7, AFTER_CLOSE));
	EXPECT("first\n\"a\nbc\"z\n", "1:first\n" ERR(3, 4, AFTER_CLOSE));
	/* "" is a quote; the third one closes. */
	EXPECT("\"a\"\"\"b\n", ERR(1, 6, AFTER_CLOSE));
	EXPECT("\"\"a\n", ERR(1, 3, AFTER_CLOSE));
	EXPECT("a\n\n\"b\"c", "1:a\n" ERR(3, 4, AFTER_CLOSE));
}

static void test_error_lone_carriage_return(void **state)
{
	(void)state;
	/* At the byte after the CR. */
	EXPECT("a\rb\n", ERR(1, 3, LONE_CR));
	EXPECT("x\n\"q\"\r,\n", "1:x\n" ERR(2, 5, LONE_CR));
	EXPECT("a\r\r\n", ERR(1, 3, LONE_CR));
	EXPECT("a,\r,b\n", ERR(1, 4, LONE_CR));
	/* A CR then a quote: not a blank line, not an opening quote. */
	EXPECT("a\n\r\"b\"\n", "1:a\n" ERR(2, 2, LONE_CR));
	EXPECT("\"a\nb\"\rx", ERR(2, 4, LONE_CR));
	/* A CR as the last byte is fine. */
	EXPECT("a,b\r", "1:a|b\n");
}

/* A NUL byte would cut a field short where C strings end: an error at it,
 * inside quotes or not (the zeros after the data at the end do not count). */
static void test_error_nul_byte(void **state)
{
	(void)state;
	EXPECT("a,b\0c\n", ERR(1, 4, "a NUL byte (0x00): not a text file?"));
	EXPECT("x\n\"a\0\"\n", "1:x\n" ERR(2, 3, "a NUL byte (0x00): not a text file?"));
	EXPECT("\0", ERR(1, 1, "a NUL byte (0x00): not a text file?"));
}

static void test_error_unterminated_quote(void **state)
{
	(void)state;
	/* At the opening quote of the field, found at the end of the file. */
	EXPECT("a,b\n1,\"abc\n", "1:a|b\n" ERR(2, 3, UNTERMINATED));
	EXPECT("\"", ERR(1, 1, UNTERMINATED));
	EXPECT("h\n\n  x,\"never\nclosed\n\n", "1:h\n" ERR(3, 5, UNTERMINATED));
	/* A doubled quote at the end is a quote, not a close. */
	EXPECT("\"abc\"\"", ERR(1, 1, UNTERMINATED));
	EXPECT("a,\"b\"\"\r\n", ERR(1, 3, UNTERMINATED));
	/* The field that is open, not an earlier closed one. */
	EXPECT("\"x\",\"y\n\"\"\n", ERR(1, 5, UNTERMINATED));
	EXPECT("\"x\ny\",z,\"\n", ERR(2, 6, UNTERMINATED));
}

static void test_error_details(void **state)
{
	static const char in[] = "a\n\"b\"!\n";
	FILE *f = input_of(in, sizeof(in) - 1);
	infracost_csvstream *r = NULL;
	const infracost_error *e;
	(void)state;

	assert_int_equal(infracost__csvstream_new(&r, f, "/some/dir/prices.csv"), 0);
	assert_int_equal(infracost__csvstream_next(r), 1);
	assert_string_equal(infracost__csvstream_field(r, 0), "a");
	assert_int_equal(infracost__csvstream_next(r), INFRACOST_EPARSE);
	e = infracost_error_last();
	assert_non_null(e);
	assert_string_equal(e->message,
			    "/some/dir/prices.csv:2:4: unexpected character after closing quote");
	assert_string_equal(e->source, "/some/dir/prices.csv");
	assert_int_equal(e->code, INFRACOST_EPARSE);
	assert_int_equal(e->line, 2);
	assert_int_equal(e->column, 4);
	assert_null(e->path);
	infracost__csvstream_free(r);
	fclose(f);
}

static void test_read_error(void **state)
{
	/* A stream that cannot be read: an I/O error naming the source. */
	FILE *f = fopen("/dev/null", "w");
	infracost_csvstream *r;
	(void)state;

	assert_non_null(f);
	r = reader_of(f);
	assert_int_equal(infracost__csvstream_next(r), INFRACOST_EIO);
	assert_int_equal(infracost_error_last()->code, INFRACOST_EIO);
	assert_non_null(strstr(infracost_error_last()->message, "in.csv: read error"));
	infracost__csvstream_free(r);
	fclose(f);
}

static void test_out_of_memory(void **state)
{
	struct sb in = {0};
	unsigned long n;
	int done = 0;
	(void)state;

	/* Each allocation of new() failing. */
	for (n = 1; n < 20 && !done; n++) {
		infracost_csvstream *r = (infracost_csvstream *)&in;
		int rc;
		infracost__alloc_fail_after(n);
		rc = infracost__csvstream_new(&r, stdin, "in.csv");
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_non_null(r);
			infracost__csvstream_free(r);
			done = 1;
		} else {
			assert_int_equal(rc, INFRACOST_ENOMEM);
			assert_null(r);
		}
	}
	assert_true(done);
	assert_true(n > 2);

	/* Growing the buffer for a long record failing. */
	sb_puts(&in, "a\n");
	sb_rep(&in, 'x', BUFFER + 100);
	sb_puts(&in, "\nb\n");
	{
		FILE *f = input_of(in.p, in.len);
		infracost_csvstream *r = reader_of(f);
		assert_int_equal(infracost__csvstream_next(r), 1);
		infracost__alloc_fail_after(1);
		assert_int_equal(infracost__csvstream_next(r), INFRACOST_ENOMEM);
		infracost__alloc_fail_after(0);
		infracost__csvstream_free(r);
		fclose(f);
	}
	sb_free(&in);
}

/* ---- Large inputs -------------------------------------------------- */

/* Read `data` (held in a temporary file); the dump must be `want`. */
static void expect_large_(const struct sb *data, const struct sb *want, struct stats *st,
			  const char *file, int at)
{
	struct sb got = {0};
	FILE *f = input_of(data->p, data->len);
	infracost_csvstream *r = reader_of(f);

	infracost_error_clear();
	dump_reader(r, &got, NULL, st);
	infracost__csvstream_free(r);
	fclose(f);
	same_dump_(got.p, want->p, "records", file, at);
	sb_free(&got);
}

#define EXPECT_LARGE(data, want, st) expect_large_((data), (want), (st), __FILE__, __LINE__)

static void test_large_file_every_block_offset(void **state)
{
	/* ~5 MB of records of varying length, so that records start and end
	 * at every offset in a 64-byte block and straddle every refill of
	 * the buffer; quoted fields with "", commas and line feeds; CRLF on
	 * every other record; a blank line now and then. */
	struct sb in = {0}, want = {0};
	struct stats st;
	uint64_t starts = 0, ends = 0;
	int line = 1;
	char num[32];
	(void)state;

	for (size_t i = 0; in.len < 5 * 1024 * 1024; i++) {
		size_t xs = (i * 37) % 151;
		starts |= (uint64_t)1 << (in.len % 64);
		snprintf(num, sizeof(num), "%zu", i);
		sb_printf(&want, "%d:%s|", line, num);
		sb_puts(&in, num);
		sb_putc(&in, ',');
		sb_rep(&in, 'x', xs);
		sb_rep(&want, 'x', xs);
		sb_putc(&in, ',');
		sb_putc(&want, '|');
		switch (i % 3) {
		case 0:
			sb_printf(&in, "\"q,\"\"%s\"", num);
			sb_printf(&want, "q,\"%s", num);
			break;
		case 1:
			if (i % 7 == 1) {
				sb_printf(&in, "\"l1\nl2\r\n%s\"", num);
				sb_printf(&want, "l1\\nl2\\r\\n%s", num);
				line += 2;
			} else {
				sb_puts(&in, "p");
				sb_puts(&want, "p");
			}
			break;
		default:
			sb_printf(&in, "\"%s\"", num);
			sb_puts(&want, num);
			break;
		}
		if (i % 11 == 0) {
			sb_puts(&in, ",\"\"");
			sb_putc(&want, '|');
		}
		ends |= (uint64_t)1 << (in.len % 64);
		sb_puts(&in, i % 2 ? "\r\n" : "\n");
		sb_putc(&want, '\n');
		line++;
		if (i % 997 == 996) {
			sb_puts(&in, i % 2 ? "\r\n" : "\n");
			line++;
		}
	}
	/* The generator covers every offset (a check of the test). */
	assert_true(starts == ~(uint64_t)0 && ends == ~(uint64_t)0);
	EXPECT_LARGE(&in, &want, &st);
	assert_true(st.records > 50000);
	/* Memory does not grow with the file. */
	assert_int_equal(st.memory_max, st.memory_first);
	sb_free(&in);
	sb_free(&want);
}

static void test_record_of_600k(void **state)
{
	/* One record of ~600 KB (longer than the buffer, which grows) between
	 * short ones; every field right, and the line after it. */
	struct sb in = {0}, want = {0};
	struct stats st;
	int lines = 0;
	(void)state;

	sb_puts(&in, "head\n");
	sb_puts(&want, "1:head\n2:");
	for (int k = 0; k < 600; k++) {
		if (k) {
			sb_putc(&in, ',');
			sb_putc(&want, '|');
		}
		if (k % 4 == 0) {
			/* 1000 bytes of text with "", commas and a line feed. */
			sb_printf(&in, "\"%04d\"\",\n", k);
			sb_printf(&want, "%04d\",\\n", k);
			sb_rep(&in, (char)('a' + k % 26), 993);
			sb_rep(&want, (char)('a' + k % 26), 993);
			sb_putc(&in, '"');
			lines++;
		} else {
			sb_printf(&in, "%04d", k);
			sb_printf(&want, "%04d", k);
			sb_rep(&in, (char)('A' + k % 26), 996 + k % 7);
			sb_rep(&want, (char)('A' + k % 26), 996 + k % 7);
		}
	}
	assert_true(in.len > 600000);
	sb_puts(&in, "\r\ntail,1\n");
	sb_printf(&want, "\n%d:tail|1\n", 3 + lines);
	EXPECT_LARGE(&in, &want, &st);
	assert_int_equal(st.records, 3);
	assert_true(st.memory_max > st.memory_first);
	sb_free(&in);
	sb_free(&want);
}

static void test_record_length_limit(void **state)
{
	struct sb in = {0}, want = {0};
	(void)state;

	/* Just over 1 MiB: the error, at the line the record starts on,
	 * after the records before it. */
	sb_puts(&in, "first\n\n\"a\nb\"\n");
	sb_rep(&in, 'a', MAX_RECORD + 10);
	sb_puts(&in, "\nlast\n");
	sb_puts(&want, "1:first\n3:a\\nb\n" ERR_LINE(5, TOO_LONG));
	EXPECT_LARGE(&in, &want, NULL);

	/* The same in quotes, and unterminated. */
	in.len = want.len = 0;
	sb_puts(&in, "x\n\"");
	sb_rep(&in, 'q', MAX_RECORD + 1);
	sb_puts(&in, "\"\n");
	sb_puts(&want, "1:x\n" ERR_LINE(2, TOO_LONG));
	EXPECT_LARGE(&in, &want, NULL);
	in.len -= 2;
	EXPECT_LARGE(&in, &want, NULL);

	/* Over the limit with many fields (not too many) and line feeds in
	 * quotes. */
	in.len = want.len = 0;
	while (in.len <= MAX_RECORD) {
		sb_rep(&in, 'x', 1000);
		sb_puts(&in, ",\"a\nb\",");
	}
	sb_puts(&in, "z\n");
	sb_puts(&want, ERR_LINE(1, TOO_LONG));
	EXPECT_LARGE(&in, &want, NULL);

	/* A record of 1 MiB with its line feed is within the limit. */
	in.len = want.len = 0;
	sb_rep(&in, 'a', MAX_RECORD - 1);
	sb_puts(&in, "\nz\n");
	sb_puts(&want, "1:");
	sb_rep(&want, 'a', MAX_RECORD - 1);
	sb_puts(&want, "\n2:z\n");
	EXPECT_LARGE(&in, &want, NULL);
	/* ... with CRLF. */
	in.len = want.len = 0;
	sb_rep(&in, 'a', MAX_RECORD - 2);
	sb_puts(&in, "\r\nz\n");
	sb_puts(&want, "1:");
	sb_rep(&want, 'a', MAX_RECORD - 2);
	sb_puts(&want, "\n2:z\n");
	EXPECT_LARGE(&in, &want, NULL);
	/* Two bytes more than that (a record of 1 MiB + 1 byte). */
	in.len = want.len = 0;
	sb_rep(&in, 'a', MAX_RECORD);
	sb_puts(&in, "\r\nz\n");
	sb_puts(&want, ERR_LINE(1, TOO_LONG));
	EXPECT_LARGE(&in, &want, NULL);
	sb_free(&in);
	sb_free(&want);
}

static void test_last_record_of_exactly_the_limit(void **state)
{
	/* A last record (no line feed at the end of the file) of 1 MiB and a
	 * byte is over the limit; one of exactly 1 MiB is not longer than it
	 * and must be read, also when its last byte is a final CR. */
	struct sb in = {0}, want = {0};
	(void)state;

	sb_puts(&in, "h\n");
	sb_rep(&in, 'a', MAX_RECORD + 1);
	sb_puts(&want, "1:h\n" ERR_LINE(2, TOO_LONG));
	EXPECT_LARGE(&in, &want, NULL);

	in.len--;
	want.len = 0;
	sb_puts(&want, "1:h\n2:");
	sb_rep(&want, 'a', MAX_RECORD);
	sb_puts(&want, "\n");
	EXPECT_LARGE(&in, &want, NULL);

	in.p[in.len - 1] = '\r';
	want.p[want.len - 2] = '\n';
	want.p[--want.len] = '\0';
	EXPECT_LARGE(&in, &want, NULL);
	sb_free(&in);
	sb_free(&want);
}

static void test_last_record_the_size_of_the_buffer(void **state)
{
	/* A last record of exactly the buffer's size (no line feed) is not
	 * longer than the buffer: memory stays as it was. One byte more grows
	 * it. */
	struct sb in = {0}, want = {0};
	struct stats st;
	(void)state;

	sb_rep(&in, 'a', BUFFER + 1);
	sb_puts(&want, "1:");
	sb_rep(&want, 'a', BUFFER + 1);
	sb_puts(&want, "\n");
	EXPECT_LARGE(&in, &want, &st);
	assert_true(st.memory_max > st.memory_first);

	in.len--;
	want.len = 0;
	sb_puts(&want, "1:");
	sb_rep(&want, 'a', BUFFER);
	sb_puts(&want, "\n");
	EXPECT_LARGE(&in, &want, &st);
	assert_int_equal(st.memory_max, st.memory_first);
	sb_free(&in);
	sb_free(&want);
}

/* A record of n fields "f0,f1,..." each padded to `width` bytes or more. */
static void fields_record(struct sb *in, struct sb *want, int line, int n, size_t width)
{
	if (want)
		sb_printf(want, "%d:", line);
	for (int k = 0; k < n; k++) {
		char t[32];
		int len = snprintf(t, sizeof(t), "f%d", k);
		if (k) {
			sb_putc(in, ',');
			if (want)
				sb_putc(want, '|');
		}
		if (k % 5 == 4) {
			sb_field(in, t, (size_t)len, 1);
		} else {
			sb_puts(in, t);
		}
		if (want)
			sb_puts(want, t);
		if ((size_t)len < width) {
			/* Padding inside the quotes would change the text: pad
			 * unquoted fields only. */
			if (k % 5 != 4) {
				sb_rep(in, '.', width - (size_t)len);
				if (want)
					sb_rep(want, '.', width - (size_t)len);
			}
		}
	}
	sb_puts(in, "\n");
	if (want)
		sb_putc(want, '\n');
}

static void test_field_limit(void **state)
{
	struct sb in = {0}, want = {0};
	(void)state;

	/* Exactly 4096 fields: fine. */
	sb_puts(&in, "h\n");
	sb_puts(&want, "1:h\n");
	fields_record(&in, &want, 2, MAX_FIELDS, 0);
	sb_puts(&in, "t\n");
	sb_puts(&want, "3:t\n");
	EXPECT_LARGE(&in, &want, NULL);

	/* 4097: the error, after the records before. */
	in.len = want.len = 0;
	sb_puts(&in, "h\n\n");
	fields_record(&in, NULL, 3, MAX_FIELDS + 1, 0);
	sb_puts(&in, "t\n");
	sb_puts(&want, "1:h\n" ERR_LINE(3, TOO_MANY));
	EXPECT_LARGE(&in, &want, NULL);
	/* ... as the last record with no line feed. */
	in.len -= 3;
	in.p[--in.len] = '\0';
	EXPECT_LARGE(&in, &want, NULL);

	/* 4096 and 4097 fields in records longer than the buffer. */
	in.len = want.len = 0;
	sb_puts(&in, "h\n");
	sb_puts(&want, "1:h\n");
	fields_record(&in, &want, 2, MAX_FIELDS, 100);
	sb_puts(&in, "t\n");
	sb_puts(&want, "3:t\n");
	assert_true(in.len > BUFFER);
	EXPECT_LARGE(&in, &want, NULL);
	in.len = want.len = 0;
	sb_puts(&in, "h\n");
	fields_record(&in, NULL, 2, MAX_FIELDS + 1, 100);
	sb_puts(&in, "t\n");
	sb_puts(&want, "1:h\n" ERR_LINE(2, TOO_MANY));
	EXPECT_LARGE(&in, &want, NULL);

	/* Many more (more field ends than the index holds at once). */
	in.len = want.len = 0;
	sb_puts(&in, "h\n\"a\nb\"\n");
	sb_rep(&in, ',', 40000);
	sb_puts(&in, "\nt\n");
	sb_puts(&want, "1:h\n2:a\\nb\n" ERR_LINE(4, TOO_MANY));
	EXPECT_LARGE(&in, &want, NULL);
	sb_free(&in);
	sb_free(&want);
}

static void test_many_records_and_blank_lines(void **state)
{
	/* More records (and blank lines) than the index holds at once. */
	struct sb in = {0}, want = {0};
	int line = 1;
	(void)state;

	for (int i = 0; i < 20000; i++) {
		sb_printf(&in, "r%d%s", i, i % 3 ? "\n" : "\r\n");
		sb_printf(&want, "%d:r%d\n", line++, i);
		if (i % 2) {
			sb_puts(&in, i % 4 == 1 ? "\n" : "\r\n");
			line++;
		}
	}
	EXPECT_LARGE(&in, &want, NULL);

	/* Only blank lines, then a record. */
	in.len = want.len = 0;
	for (int i = 0; i < 30000; i++)
		sb_puts(&in, i % 2 ? "\n" : "\r\n");
	sb_puts(&in, ",");
	sb_puts(&want, "30001:|\n");
	EXPECT_LARGE(&in, &want, NULL);

	/* Tiny records: a record per two bytes. */
	in.len = want.len = 0;
	for (int i = 0; i < 100000; i++) {
		sb_puts(&in, "a\n");
		sb_printf(&want, "%d:a\n", i + 1);
	}
	EXPECT_LARGE(&in, &want, NULL);
	sb_free(&in);
	sb_free(&want);
}

static void test_quoted_line_feeds_across_the_buffer(void **state)
{
	/* A quoted field of many line feeds that starts before the end of the
	 * first buffer and ends after it: its text, and the line numbers of
	 * the records after it. */
	struct sb in = {0}, want = {0};
	int line = 1;
	(void)state;

	for (int variant = 0; variant < 3; variant++) {
		size_t nl = variant == 2 ? 150000 : 30000;
		const char *brk = variant == 1 ? "\r\n" : "\n";

		in.len = want.len = 0;
		line = 1;
		for (int i = 0; in.len < BUFFER - 6000; i++) {
			sb_printf(&in, "%05d,", i);
			sb_rep(&in, 'v', 90);
			sb_puts(&in, "\n");
			sb_printf(&want, "%d:%05d|", line++, i);
			sb_rep(&want, 'v', 90);
			sb_puts(&want, "\n");
		}
		sb_puts(&in, "id,\"");
		sb_printf(&want, "%d:id|", line);
		for (size_t k = 0; k < nl; k++) {
			sb_putc(&in, (char)('a' + k % 26));
			sb_puts(&in, brk);
			sb_putc(&want, (char)('a' + k % 26));
			sb_puts(&want, variant == 1 ? "\\r\\n" : "\\n");
		}
		line += (int)nl;
		sb_puts(&in, "\",end\r\nafter,1\n\n\"x\ny\",2\n");
		sb_printf(&want, "|end\n%d:after|1\n%d:x\\ny|2\n", line + 1, line + 3);
		assert_true(in.len > BUFFER + 1000);
		EXPECT_LARGE(&in, &want, NULL);
	}
	sb_free(&in);
	sb_free(&want);
}

/* Short records "N" until `in` is at least `len` bytes (ending with a LF);
 * returns the number of lines. */
static int prefix_records(struct sb *in, struct sb *want, size_t len)
{
	int n = 0;

	while (in->len < len) {
		sb_printf(in, "%d,%s\n", n, n % 2 ? "\"q\"" : "u");
		sb_printf(want, "%d:%d|%s\n", n + 1, n, n % 2 ? "q" : "u");
		n++;
	}
	return n;
}

static void test_errors_deep_in_the_file(void **state)
{
	/* Errors after refills of the buffer, with their line and column. */
	struct sb in = {0}, want = {0}, good = {0}, good_dump = {0};
	int lines = 0;
	char tail[128];
	(void)state;

	for (int i = 0; good.len < BUFFER + 50000; i++) {
		sb_printf(&good, "r,%d,\"%d\"\"\"\r\n", i, i);
		sb_printf(&good_dump, "%d:r|%d|%d\"\n", ++lines, i, i);
	}
	static const struct {
		const char *text; /* after the good records */
		int line, column; /* of the error, from the end of the good ones */
		const char *what;
	} cases[] = {
		{"x,ab\"c\n", 1, 5, QUOTE_IN},
		{"x,\"a\nb\"c\n", 2, 3, AFTER_CLOSE},
		{"\nab\rc\n", 2, 4, LONE_CR},
		{"ok\n\"open\nnever closed", 2, 1, UNTERMINATED},
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		in.len = want.len = 0;
		sb_put(&in, good.p, good.len);
		sb_puts(&in, cases[c].text);
		sb_put(&want, good_dump.p, good_dump.len);
		if (c == 3)
			sb_printf(&want, "%d:ok\n", lines + 1);
		snprintf(tail, sizeof(tail), "error -4 %d %d in.csv:%d:%d: %s\n",
			 lines + cases[c].line, cases[c].column, lines + cases[c].line,
			 cases[c].column, cases[c].what);
		sb_puts(&want, tail);
		EXPECT_LARGE(&in, &want, NULL);
	}

	/* An unterminated quote opened in the first buffer, the end of the
	 * file in a later one. */
	in.len = want.len = 0;
	lines = prefix_records(&in, &want, 100000);
	sb_puts(&in, "a,b,\"");
	sb_rep(&in, 'z', 300000);
	sb_puts(&in, "\nzz\n");
	snprintf(tail, sizeof(tail), "error -4 %d 5 in.csv:%d:5: %s\n", lines + 1, lines + 1,
		 UNTERMINATED);
	sb_puts(&want, tail);
	EXPECT_LARGE(&in, &want, NULL);

	/* A byte at the last place of the first buffer (BUFFER - 1), then the
	 * next byte in the next read. */
	for (int c = 0; c < 4; c++) {
		static const char *const last[] = {"\r", ",\"x\"", ",\"x\"", "\r"};
		static const char *const next[] = {"d\n", "y\n", ",y\n", "\n"};
		size_t start;
		int column;

		in.len = want.len = 0;
		lines = prefix_records(&in, &want, BUFFER - 100);
		start = in.len;
		sb_puts(&in, "ab,");
		sb_rep(&in, 'c', BUFFER - start - 3 - strlen(last[c]));
		sb_puts(&in, last[c]);
		assert_int_equal(in.len, BUFFER);
		sb_puts(&in, next[c]);
		column = (int)(BUFFER - start) + 1;
		if (c == 0 || c == 1) {
			snprintf(tail, sizeof(tail), "error -4 %d %d in.csv:%d:%d: %s\n", lines + 1,
				 column, lines + 1, column, c ? AFTER_CLOSE : LONE_CR);
			sb_puts(&want, tail);
		} else {
			sb_printf(&want, "%d:ab|", lines + 1);
			sb_rep(&want, 'c', BUFFER - start - 3 - strlen(last[c]));
			sb_puts(&want, c == 2 ? "|x|y\n" : "\n");
		}
		EXPECT_LARGE(&in, &want, NULL);
	}
	sb_free(&in);
	sb_free(&want);
	sb_free(&good);
	sb_free(&good_dump);
}

/* ---- The differential test ----------------------------------------- */

/* The alphabets: weights by repetition. */
static const char *const alphabets[] = {
	"ab,\"\n\r",
	"aaaabbbb,,,\"\n\n\r",
	"aaaaaaaabbbbbbbb,,,,\n\n\n\"\r",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,\n\"",
};

static char pick(uint64_t *rng, const char *alphabet)
{
	return alphabet[below(rng, strlen(alphabet))];
}

/* Run lengths: short, across a few 64-byte blocks, or (big) across the
 * 256 KiB buffer. */
static size_t run_length(uint64_t *rng, int big)
{
	switch (below(rng, 24)) {
	case 0: return 60 + below(rng, 140);
	case 1: return big ? 1000 + below(rng, big > 1 ? 400000 : 120000) : 1 + below(rng, 300);
	default: return below(rng, 9);
	}
}

/* Well-formed CSV of random fields (quoted when they must be, and
 * sometimes when not), LF or CRLF, blank lines, maybe no final LF. */
static void gen_csv(struct sb *s, uint64_t *rng, size_t target, int big)
{
	const char *alphabet = alphabets[below(rng, 3)];
	struct sb f = {0};

	if (below(rng, 8) == 0)
		sb_puts(s, BOM);
	while (s->len < target) {
		size_t nf;
		if (below(rng, 10) == 0) {
			sb_puts(s, below(rng, 2) ? "\n" : "\r\n");
			continue;
		}
		nf = below(rng, 12) == 0 ? 1 + below(rng, 300) : 1 + below(rng, 5);
		if (target > 4000 && below(rng, 100) == 0)
			nf = MAX_FIELDS - 4 + below(rng, 8); /* about the limit */
		for (size_t i = 0; i < nf; i++) {
			size_t n = run_length(rng, big);
			int quote = below(rng, 4) == 0;
			if (i)
				sb_putc(s, ',');
			f.len = 0;
			if (below(rng, 3) == 0) {
				sb_rep(&f, pick(rng, alphabet), n);
			} else {
				for (size_t k = 0; k < n; k++)
					sb_putc(&f, pick(rng, alphabet));
			}
			for (size_t k = 0; k < f.len; k++)
				quote |= strchr(",\"\n\r", f.p[k]) != NULL;
			sb_field(s, f.p, f.len, quote);
		}
		sb_puts(s, below(rng, 3) ? "\n" : "\r\n");
	}
	/* The end: no final LF, or a final CR only. */
	switch (below(rng, 4)) {
	case 0:
		while (s->len && (s->p[s->len - 1] == '\n' || s->p[s->len - 1] == '\r'))
			s->len--;
		break;
	case 1:
		if (s->len && s->p[s->len - 1] == '\n')
			s->len--;
		break;
	default: break;
	}
	if (s->p)
		s->p[s->len] = '\0';
	sb_free(&f);
}

/* A few bytes changed, inserted or removed: usually an error somewhere. */
static void mutate(struct sb *s, uint64_t *rng)
{
	const char *alphabet = alphabets[0];
	size_t k = 1 + below(rng, 3);

	for (size_t m = 0; m < k && s->len; m++) {
		size_t at = below(rng, s->len);
		switch (below(rng, 3)) {
		case 0: s->p[at] = pick(rng, alphabet); break;
		case 1:
			sb_putc(s, 0);
			memmove(s->p + at + 1, s->p + at, s->len - at - 1);
			s->p[at] = pick(rng, alphabet);
			break;
		default:
			memmove(s->p + at, s->p + at + 1, s->len - at - 1);
			s->len--;
			s->p[s->len] = '\0';
			break;
		}
	}
}

/* Random bytes of the alphabet, with runs. */
static void gen_soup(struct sb *s, uint64_t *rng, size_t target, int big)
{
	const char *alphabet = alphabets[below(rng, 4)];

	if (below(rng, 8) == 0)
		sb_puts(s, BOM);
	while (s->len < target) {
		if (below(rng, 20) == 0)
			sb_rep(s, pick(rng, alphabet), run_length(rng, big));
		else
			sb_putc(s, pick(rng, alphabet));
	}
}

/* Print the input of a failing case, escaped, when it is small. */
static void show_input(const struct sb *in, size_t case_no, uint64_t seed)
{
	struct sb t = {0};

	dump_text(&t, in->p, in->len);
	print_error("case %zu (seed %llu), %zu bytes: %.2000s\n", case_no, (unsigned long long)seed,
		    in->len, t.p ? t.p : "");
	sb_free(&t);
}

/* One input: the reader must give what the reference gives. Returns 0 when
 * the input was not usable (a record with more fields than the limit and
 * another error: which comes first is not specified). */
/* What the cases ended with: clean, and each error (a check that the
 * generators reach them all). */
static const char *const outcomes[] = {
	"", QUOTE_IN, AFTER_CLOSE, LONE_CR, UNTERMINATED, TOO_LONG, TOO_MANY,
};
#define OUTCOMES (sizeof(outcomes) / sizeof(outcomes[0]))

static int differential_case(struct sb *in, uint64_t *rng, size_t case_no, uint64_t seed,
			     size_t *seen)
{
	struct sb want = {0}, got = {0};
	int too_many = 0;
	FILE *f;
	infracost_csvstream *r;

	ref_dump(in->p, in->len, &want, &too_many);
	if (too_many) {
		sb_free(&want);
		return 0;
	}
	f = input_of(in->p, in->len);
	r = reader_of(f);
	infracost_error_clear();
	dump_reader(r, &got, rng, NULL);
	infracost__csvstream_free(r);
	fclose(f);
	if (strcmp(got.p, want.p) != 0) {
		show_input(in, case_no, seed);
		SAME_DUMP(got.p, want.p, "differential");
	}
	for (size_t k = OUTCOMES; k-- > 0;)
		if (strstr(want.p, outcomes[k])) {
			seen[k]++;
			break;
		}
	sb_free(&want);
	sb_free(&got);
	return 1;
}

static void test_differential(void **state)
{
	/* CSVSTREAM_SEED and CSVSTREAM_ROUNDS (a multiplier of the counts)
	 * explore further by hand. */
	const char *env_seed = getenv("CSVSTREAM_SEED"), *env_rounds = getenv("CSVSTREAM_ROUNDS");
	const uint64_t seed = env_seed ? strtoull(env_seed, NULL, 0) : 20240611;
	const size_t rounds = env_rounds ? strtoul(env_rounds, NULL, 0) : 1;
	uint64_t rng = seed;
	struct sb in = {0};
	size_t used = 0, cases = 0, seen[OUTCOMES] = {0};
	(void)state;

	/* Sizes: many small, some across blocks, a few across the buffer
	 * (records longer than it among them), a few past the record limit. */
	static const struct {
		size_t count, min, spread;
		int big;
	} plan[] = {
		{3000, 0, 200, 0},
		{400, 200, 8000, 0},
		{16, 200000, 700000, 1},
		{4, 1000000, 600000, 2},
	};
	for (size_t p = 0; p < sizeof(plan) / sizeof(plan[0]); p++) {
		for (size_t i = 0; i < plan[p].count * rounds; i++) {
			size_t target = plan[p].min + below(&rng, plan[p].spread);
			uint64_t kind = below(&rng, 8);
			in.len = 0;
			sb_puts(&in, "");
			if (kind < 4) {
				gen_csv(&in, &rng, target, plan[p].big);
			} else if (kind < 6) {
				gen_csv(&in, &rng, target, plan[p].big);
				mutate(&in, &rng);
			} else {
				gen_soup(&in, &rng, target, plan[p].big);
			}
			cases++;
			used += (size_t)differential_case(&in, &rng, cases, seed, seen);
		}
	}
	/* Few inputs were set aside, and the inputs reached every outcome (a
	 * check of the generators). */
	print_message("%zu of %zu inputs compared; clean %zu, errors:", used, cases, seen[0]);
	for (size_t k = 1; k < OUTCOMES; k++)
		print_message(" %zu", seen[k]);
	print_message("\n");
	assert_true(used * 10 > cases * 9);
	assert_true(seen[0] > cases / 5);
	for (size_t k = 1; k < OUTCOMES; k++)
		assert_true(seen[k] > 0);
	sb_free(&in);
}

static void test_sizes_around_the_buffer(void **state)
{
	/* Files that end at, just before and just after the end of a buffer
	 * (with and without a byte order mark, which the first read drops),
	 * cut from random CSV: the reader must agree with the reference. */
	static const long cuts[] = {-65, -64, -63, -3, -2, -1, 0, 1, 2, 3, 63, 64, 65};
	uint64_t rng = 77;
	struct sb base = {0}, in = {0};
	size_t cases = 0;
	(void)state;

	for (int variant = 0; variant < 2; variant++) {
		base.len = 0;
		while (base.len < 2 * BUFFER + 100) {
			sb_puts(&base, "");
			gen_csv(&base, &rng, 2 * BUFFER + 100, variant);
			sb_puts(&base, "\n");
		}
		for (size_t b = 1; b <= 2; b++)
			for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++)
				for (int bom = 0; bom < 2; bom++) {
					size_t len = (size_t)((long)(b * BUFFER) + cuts[c]);
					in.len = 0;
					sb_puts(&in, bom ? BOM : "");
					sb_put(&in, base.p, len - in.len);
					/* No mark by chance in the data. */
					if (!bom && len >= 3 && memcmp(in.p, BOM, 3) == 0)
						in.p[0] = 'a';
					assert_int_equal(in.len, len);
					cases++;
					assert_int_equal(differential_case(&in, &rng, cases, 77,
									   (size_t[OUTCOMES]){0}),
							 1);
				}
	}
	/* One record filling whole buffers, with a final LF, CRLF or none. */
	for (size_t b = 1; b <= 3; b++)
		for (int end = 0; end < 3; end++) {
			in.len = 0;
			sb_rep(&in, 'a', b * BUFFER - (size_t)end);
			sb_puts(&in, end == 0 ? "" : end == 1 ? "\n" : "\r\n");
			assert_int_equal(
				differential_case(&in, &rng, ++cases, 77, (size_t[OUTCOMES]){0}),
				1);
		}
	sb_free(&base);
	sb_free(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_reader),
		cmocka_unit_test(test_simple_records),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_last_record_without_line_feed),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_fields_read_twice),
		cmocka_unit_test(test_error_quote_in_unquoted_field),
		cmocka_unit_test(test_error_after_closing_quote),
		cmocka_unit_test(test_error_lone_carriage_return),
		cmocka_unit_test(test_error_nul_byte),
		cmocka_unit_test(test_error_unterminated_quote),
		cmocka_unit_test(test_error_details),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_large_file_every_block_offset),
		cmocka_unit_test(test_record_of_600k),
		cmocka_unit_test(test_record_length_limit),
		cmocka_unit_test(test_last_record_of_exactly_the_limit),
		cmocka_unit_test(test_last_record_the_size_of_the_buffer),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_many_records_and_blank_lines),
		cmocka_unit_test(test_quoted_line_feeds_across_the_buffer),
		cmocka_unit_test(test_errors_deep_in_the_file),
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_sizes_around_the_buffer),
	};
	/* The reader indexes with the best instruction set the CPU has; the
	 * tests that reach every block shape run again with each one below it
	 * (down to the byte loop of non-x86 targets). */
	const struct CMUnitTest per_level[] = {
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_large_file_every_block_offset),
		cmocka_unit_test(test_errors_deep_in_the_file),
		cmocka_unit_test(test_sizes_around_the_buffer),
	};
	static const char *const names[] = {"csvstream, byte loop", "csvstream, SSE2",
					    "csvstream, AVX2", "csvstream, AVX-512BW"};
	int best = infracost__csvstream_isa(-1), failed;

	failed = cmocka_run_group_tests_name(names[best], tests, NULL, NULL);
	for (int level = best - 1; level >= 0; level--) {
		if (infracost__csvstream_isa(level) != level) {
			print_error("instruction set level %d not taken\n", level);
			return 1;
		}
		failed += cmocka_run_group_tests_name(names[level], per_level, NULL, NULL);
	}
	return failed;
}
