/* test_csv.c - the CSV record reader (lib/formats/csv.c): RFC 4180 quoting, line and
 * column tracking, skipped lines, and errors with file:line:column. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "csv.h"

struct fld {
	const char *text;
	int column;
};

/* Read the next record and check its first line and every field (text,
 * length and column). Failures report the caller's line. */
static void expect_record_(infracost_csv *c, int line, const struct fld *want, size_t n,
			   const char *file, int at)
{
	int rc = infracost__csv_next(c);

	if (rc != 1) {
		print_error("%s:%d: csv_next returned %d (%s), expected a record\n", file, at, rc,
			    rc < 0 ? infracost_error_last()->message : "end of input");
		_fail(file, at);
	}
	if (c->record_line != line) {
		print_error("%s:%d: record_line %d, expected %d\n", file, at, c->record_line, line);
		_fail(file, at);
	}
	if (c->nfields != n) {
		print_error("%s:%d: %zu fields, expected %zu\n", file, at, c->nfields, n);
		_fail(file, at);
	}
	for (size_t i = 0; i < n; i++) {
		const infracost_csv_field *f = &c->fields[i];
		if (f->len != strlen(want[i].text) || strcmp(f->text, want[i].text) != 0 ||
		    f->text[f->len] != '\0') {
			print_error("%s:%d: field %zu is \"%s\" (len %zu), expected \"%s\"\n", file,
				    at, i, f->text, f->len, want[i].text);
			_fail(file, at);
		}
		if (f->column != want[i].column) {
			print_error("%s:%d: field %zu (\"%s\") at column %d, expected %d\n", file,
				    at, i, want[i].text, f->column, want[i].column);
			_fail(file, at);
		}
	}
}

#define EXPECT_RECORD(c, line, ...)                                                                \
	expect_record_((c), (line), (const struct fld[]){__VA_ARGS__},                             \
		       sizeof((const struct fld[]){__VA_ARGS__}) / sizeof(struct fld), __FILE__,   \
		       __LINE__)

static void expect_end(infracost_csv *c)
{
	assert_int_equal(infracost__csv_next(c), 0);
	/* The end stays the end. */
	assert_int_equal(infracost__csv_next(c), 0);
}

/* Read records of `data` until one fails; check the error exactly. */
static void expect_error_(const char *data, int records_before, int line, int column,
			  const char *text, const char *file, int at)
{
	infracost_csv c;
	const infracost_error *e;
	char want[512];
	int rc, n = 0;

	infracost_error_clear();
	infracost__csv_init(&c, data, strlen(data), "in.csv");
	while ((rc = infracost__csv_next(&c)) == 1)
		n++;
	infracost__csv_free(&c);
	if (rc != INFRACOST_EPARSE || n != records_before) {
		print_error("%s:%d: rc %d after %d records, expected EPARSE after %d\n", file, at,
			    rc, n, records_before);
		_fail(file, at);
	}
	e = infracost_error_last();
	assert_non_null(e);
	snprintf(want, sizeof(want), "in.csv:%d:%d: %s", line, column, text);
	if (e->code != INFRACOST_EPARSE || e->line != line || e->column != column || !e->source ||
	    strcmp(e->source, "in.csv") != 0 || strcmp(e->message, want) != 0) {
		print_error("%s:%d: error %d at %d:%d \"%s\", expected \"%s\"\n", file, at, e->code,
			    e->line, e->column, e->message, want);
		_fail(file, at);
	}
}

#define EXPECT_ERROR(data, before, line, column, text)                                             \
	expect_error_((data), (before), (line), (column), (text), __FILE__, __LINE__)

/* A NUL byte in a field (found by fuzzing): it cut the key short where C
 * strings end, so a loaded row could not be found again. */
static void test_nul_byte(void **state)
{
	static const char data[] = "a,b\nc,d\0e\n\"f\0\"\n";
	infracost_csv c;
	(void)state;
	infracost__csv_init(&c, data, sizeof(data) - 1, "in.csv");
	assert_int_equal(infracost__csv_next(&c), 1);
	assert_int_equal(infracost__csv_next(&c), INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message,
			    "in.csv:2:4: a NUL byte (0x00) in a field: not a text file?");
	infracost__csv_free(&c);
	infracost__csv_init(&c, data + 10, sizeof(data) - 11, "in.csv");
	assert_int_equal(infracost__csv_next(&c), INFRACOST_EPARSE);
	assert_string_equal(infracost_error_last()->message,
			    "in.csv:1:3: a NUL byte (0x00) in a field: not a text file?");
	infracost__csv_free(&c);
}

static void test_simple_records_and_columns(void **state)
{
	infracost_csv c;
	const char *in = "a,bb,ccc\n1,22,333\n";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"a", 1}, {"bb", 3}, {"ccc", 6});
	EXPECT_RECORD(&c, 2, {"1", 1}, {"22", 3}, {"333", 6});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_no_final_newline(void **state)
{
	infracost_csv c;
	const char *in = "x,y\nlast,row";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"x", 1}, {"y", 3});
	EXPECT_RECORD(&c, 2, {"last", 1}, {"row", 6});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_empty_input(void **state)
{
	infracost_csv c;
	(void)state;

	infracost__csv_init(&c, "", 0, "in.csv");
	expect_end(&c);
	infracost__csv_free(&c);
	/* Only skipped lines: no record either. */
	infracost__csv_init(&c, "# a\n\n\r\n#b", 10, "in.csv");
	expect_end(&c);
	infracost__csv_free(&c);
	/* A byte order mark alone. */
	infracost__csv_init(&c, "\xEF\xBB\xBF", 3, "in.csv");
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_empty_fields(void **state)
{
	infracost_csv c;
	const char *in = "a,,c\n,\n,x,\n\"\",y\nz,";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"a", 1}, {"", 3}, {"c", 4});
	EXPECT_RECORD(&c, 2, {"", 1}, {"", 2});
	EXPECT_RECORD(&c, 3, {"", 1}, {"x", 2}, {"", 4});
	EXPECT_RECORD(&c, 4, {"", 1}, {"y", 4});
	EXPECT_RECORD(&c, 5, {"z", 1}, {"", 3});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_quoted_commas_and_doubled_quotes(void **state)
{
	infracost_csv c;
	const char *in = "\"a,b\",c,\"x\"\"y\"\"\"\n"
			 "\"\"\"\",\"say \"\"hi\"\", twice\",\",\"\n"
			 "plain,\"\"\n";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"a,b", 1}, {"c", 7}, {"x\"y\"", 9});
	EXPECT_RECORD(&c, 2, {"\"", 1}, {"say \"hi\", twice", 6}, {",", 26});
	EXPECT_RECORD(&c, 3, {"plain", 1}, {"", 7});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_embedded_newlines_keep_line_numbers(void **state)
{
	infracost_csv c;
	/* Record 1 spans lines 1-3; columns after an embedded newline count
	 * from the start of the physical line. */
	const char *in = "id,\"first\nsecond\nthird\",after\n"
			 "2,\"x\r\ny\",z\n"
			 "# a comment on line 6\n"
			 "3,\"\n\",w\n"
			 "4,end\n";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"id", 1}, {"first\nsecond\nthird", 4}, {"after", 8});
	EXPECT_RECORD(&c, 4, {"2", 1}, {"x\r\ny", 3}, {"z", 4});
	EXPECT_RECORD(&c, 7, {"3", 1}, {"\n", 3}, {"w", 3});
	EXPECT_RECORD(&c, 9, {"4", 1}, {"end", 3});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_crlf(void **state)
{
	infracost_csv c;
	const char *in = "a,b\r\n\"q\",2\r\n\r\nlast,\"x\"\r\n";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"a", 1}, {"b", 3});
	EXPECT_RECORD(&c, 2, {"q", 1}, {"2", 5});
	/* Line 3 is blank (CRLF only). */
	EXPECT_RECORD(&c, 4, {"last", 1}, {"x", 6});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_bom_is_skipped(void **state)
{
	infracost_csv c;
	const char *in = "\xEF\xBB\xBFprovider,sku\naws,m5.large\n";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	/* Columns count from after the mark. */
	EXPECT_RECORD(&c, 1, {"provider", 1}, {"sku", 10});
	EXPECT_RECORD(&c, 2, {"aws", 1}, {"m5.large", 5});
	expect_end(&c);
	infracost__csv_free(&c);

	/* A mark followed by a comment line. */
	in = "\xEF\xBB\xBF# generated\nk\n";
	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 2, {"k", 1});
	expect_end(&c);
	infracost__csv_free(&c);

	/* Only a mark at the very start is special. */
	in = "a,\xEF\xBB\xBF\n";
	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"a", 1}, {"\xEF\xBB\xBF", 3});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_comments_and_blank_lines(void **state)
{
	infracost_csv c;
	const char *in = "# title\n"
			 "\n"
			 "h1,h2\n"
			 "#,not,a,record\n"
			 "\n"
			 "\n"
			 "v1,#v2\n"
			 "# trailing comment without newline";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 3, {"h1", 1}, {"h2", 4});
	/* '#' only starts a comment at the start of a line. */
	EXPECT_RECORD(&c, 7, {"v1", 1}, {"#v2", 4});
	expect_end(&c);
	infracost__csv_free(&c);

	/* A '#' line inside a quoted field is data, not a comment. */
	in = "\"x\n#y\",z\n#c\nw\n";
	infracost__csv_init(&c, in, strlen(in), "in.csv");
	EXPECT_RECORD(&c, 1, {"x\n#y", 1}, {"z", 5});
	EXPECT_RECORD(&c, 4, {"w", 1});
	expect_end(&c);
	infracost__csv_free(&c);
}

static void test_many_long_fields(void **state)
{
	/* Enough data that scratch and the field array grow in the middle of a
	 * record: the field texts must still point at the right bytes. */
	infracost_buf in = INFRACOST_BUF_INIT;
	infracost_csv c;
	char want[64];
	int col = 1;
	(void)state;

	for (int i = 0; i < 200; i++) {
		if (i)
			infracost__buf_putc(&in, ',');
		if (i % 3 == 0)
			infracost__buf_printf(&in, "\"q%03d,%0100d\"", i, 0);
		else
			infracost__buf_printf(&in, "f%03d-%0100d", i, 0);
	}
	infracost__buf_puts(&in, "\nnext\n");
	assert_false(in.failed);
	infracost__csv_init(&c, in.data, in.len, "in.csv");
	assert_int_equal(infracost__csv_next(&c), 1);
	assert_int_equal(c.nfields, 200);
	for (int i = 0; i < 200; i++) {
		const infracost_csv_field *f = &c.fields[i];
		snprintf(want, sizeof(want), i % 3 == 0 ? "q%03d," : "f%03d-", i);
		assert_int_equal(f->len, 105);
		assert_memory_equal(f->text, want, 5);
		assert_int_equal(f->text[5], '0');
		assert_int_equal(f->text[104], '0');
		assert_int_equal(f->text[105], '\0');
		assert_int_equal(f->column, col);
		col += (i % 3 == 0 ? 107 : 105) + 1;
	}
	EXPECT_RECORD(&c, 2, {"next", 1});
	expect_end(&c);
	infracost__csv_free(&c);
	infracost__buf_free(&in);
}

static void test_error_unterminated_quote(void **state)
{
	(void)state;
	/* The location is the opening quote. */
	EXPECT_ERROR("a,b\n1,\"abc\n", 1, 2, 3, "unterminated quoted field");
	EXPECT_ERROR("\"", 0, 1, 1, "unterminated quoted field");
	/* An opening quote on line 3 whose field runs over more lines. */
	EXPECT_ERROR("h\n\n  x,\"never\nclosed\n\n", 1, 3, 5, "unterminated quoted field");
	/* A doubled quote at the very end is an escaped quote, not a close. */
	EXPECT_ERROR("\"abc\"\"", 0, 1, 1, "unterminated quoted field");
}

static void test_error_quote_in_unquoted_field(void **state)
{
	(void)state;
	EXPECT_ERROR("ab\"c,d\n", 0, 1, 3, "quote inside an unquoted field");
	EXPECT_ERROR("ok,fine\nx,y,12\"\n", 1, 2, 7, "quote inside an unquoted field");
	/* A space before the opening quote makes the field unquoted. */
	EXPECT_ERROR("a, \"b\"\n", 0, 1, 4, "quote inside an unquoted field");
}

static void test_error_character_after_closing_quote(void **state)
{
	(void)state;
	EXPECT_ERROR("\"ab\"c,d\n", 0, 1, 5, "unexpected character after closing quote");
	EXPECT_ERROR("x,\"ab\" \n", 0, 1, 7, "unexpected character after closing quote");
	/* After a field with embedded newlines: the line and column of the
	 * offending byte itself. */
	EXPECT_ERROR("first\n\"a\nbc\"z\n", 1, 3, 4, "unexpected character after closing quote");
}

static void test_record_line_after_error_free(void **state)
{
	/* Source names longer than usual end up in the message verbatim. */
	infracost_csv c;
	const infracost_error *e;
	const char *in = "a\n\"b\"!\n";
	(void)state;

	infracost__csv_init(&c, in, strlen(in), "/some/dir/prices.csv");
	assert_int_equal(infracost__csv_next(&c), 1);
	assert_int_equal(infracost__csv_next(&c), INFRACOST_EPARSE);
	infracost__csv_free(&c);
	e = infracost_error_last();
	assert_non_null(e);
	assert_string_equal(e->message,
			    "/some/dir/prices.csv:2:4: unexpected character after closing quote");
	assert_string_equal(e->source, "/some/dir/prices.csv");
	assert_int_equal(e->line, 2);
	assert_int_equal(e->column, 4);
	assert_null(e->path);
}

static void test_round_trip_with_writer(void **state)
{
	/* Fields written by infracost__buf_csv_field read back unchanged, but
	 * for control characters: the writer shows them escaped (output is
	 * inert), so they read back as that visible text. */
	static const char *const fields[] = {
		"plain", "with,comma", "say \"hi\"", "two\nlines", "crlf\r\nend", "", "\"", "#x",
	};
	static const char *const back[] = {
		"plain", "with,comma", "say \"hi\"", "two\\nlines", "crlf\\r\\nend", "", "\"", "#x",
	};
	const size_t n = sizeof(fields) / sizeof(fields[0]);
	infracost_buf b = INFRACOST_BUF_INIT;
	infracost_csv c;
	(void)state;

	for (int rec = 0; rec < 2; rec++) {
		for (size_t i = 0; i < n; i++) {
			if (i)
				infracost__buf_putc(&b, ',');
			infracost__buf_csv_field(&b, fields[i]);
		}
		infracost__buf_puts(&b, "\r\n");
	}
	assert_false(b.failed);
	infracost__csv_init(&c, b.data, b.len, "in.csv");
	for (int rec = 0; rec < 2; rec++) {
		assert_int_equal(infracost__csv_next(&c), 1);
		/* One line per record: no raw line break is written. */
		assert_int_equal(c.record_line, 1 + rec);
		assert_int_equal(c.nfields, n);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(c.fields[i].len, strlen(back[i]));
			assert_string_equal(c.fields[i].text, back[i]);
		}
	}
	expect_end(&c);
	infracost__csv_free(&c);
	infracost__buf_free(&b);
}

static void test_out_of_memory(void **state)
{
	const char *in = "a,\"b,c\",d\n\"x\"\"y\",,z\n";
	unsigned long n;
	int done = 0;
	(void)state;

	for (n = 1; n < 100 && !done; n++) {
		infracost_csv c;
		int rc, records = 0;

		infracost__csv_init(&c, in, strlen(in), "in.csv");
		infracost__alloc_fail_after(n);
		while ((rc = infracost__csv_next(&c)) == 1)
			records++;
		infracost__alloc_fail_after(0);
		if (rc == 0) {
			assert_int_equal(records, 2);
			assert_int_equal(c.nfields, 3);
			assert_string_equal(c.fields[0].text, "x\"y");
			done = 1;
		} else {
			assert_int_equal(rc, INFRACOST_ENOMEM);
			assert_int_equal(infracost_error_last()->code, INFRACOST_ENOMEM);
		}
		infracost__csv_free(&c);
	}
	assert_true(done);
	/* At least one allocation happened, so at least one step failed. */
	assert_true(n > 2);
}

/* Lines of plain unquoted fields are read by a faster path (one copy, split
 * at the commas); every field quoted goes through the byte-by-byte reader.
 * Random tables, written both ways, with LF or CRLF, blank and comment
 * lines between them, must read the same (texts, lengths, lines; columns
 * where nothing is quoted). */
static void test_plain_lines_read_as_quoted(void **state)
{
	static const char alphabet[] = "ab z.9-_\t#;:";
	unsigned seed = 12345;
	(void)state;

	for (int round = 0; round < 300; round++) {
		infracost_buf plain = INFRACOST_BUF_INIT, quoted = INFRACOST_BUF_INIT;
		infracost_csv a, b;
		int rows = 1 + round % 7, ra, rb;
		for (int r = 0; r < rows; r++) {
			int nf = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
			unsigned kind = (seed >> 8) % 4;
			if (kind == 0) { /* a comment or blank line before the record */
				infracost__buf_puts(&plain, "# note, \"quoted\"\n\n");
				infracost__buf_puts(&quoted, "# note, \"quoted\"\n\n");
			}
			for (int f = 0; f < nf; f++) {
				int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 5;
				char text[8];
				for (int i = 0; i < len; i++)
					text[i] = alphabet[((seed = seed * 1103515245u + 12345u) >>
							    16) %
							   (sizeof(alphabet) - 1)];
				text[len] = '\0';
				if (f == 0 && len > 0 && text[0] == '#')
					text[0] = 'x'; /* '#' first is a comment line */
				if (nf == 1 && len == 0)
					strcpy(text, "e"); /* not a blank line */
				if (f)
					infracost__buf_puts(&plain, ","),
						infracost__buf_puts(&quoted, ",");
				infracost__buf_puts(&plain, text);
				infracost__buf_printf(&quoted, "\"%s\"", text);
			}
			if (r + 1 < rows || kind != 3) {
				const char *eol = kind == 1 ? "\r\n" : "\n";
				infracost__buf_puts(&plain, eol);
				infracost__buf_puts(&quoted, eol);
			}
		}
		assert_false(plain.failed || quoted.failed);
		infracost__csv_init(&a, plain.data, plain.len, "plain.csv");
		infracost__csv_init(&b, quoted.data, quoted.len, "quoted.csv");
		for (;;) {
			ra = infracost__csv_next(&a);
			rb = infracost__csv_next(&b);
			assert_int_equal(ra, rb);
			if (ra != 1)
				break;
			assert_int_equal(a.record_line, b.record_line);
			assert_int_equal(a.nfields, b.nfields);
			for (size_t i = 0; i < a.nfields; i++) {
				assert_int_equal(a.fields[i].len, b.fields[i].len);
				assert_string_equal(a.fields[i].text, b.fields[i].text);
				assert_int_equal(a.fields[i].text[a.fields[i].len], '\0');
			}
			/* columns: the quoted field starts 2 bytes later per field before it */
			for (size_t i = 0, col = 1; i < a.nfields; i++) {
				assert_int_equal(a.fields[i].column, (int)col);
				col += a.fields[i].len + 1;
			}
		}
		assert_int_equal(ra, 0);
		assert_int_equal(a.line, b.line);
		infracost__csv_free(&a);
		infracost__csv_free(&b);
		infracost__buf_free(&plain);
		infracost__buf_free(&quoted);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_simple_records_and_columns),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quoted_commas_and_doubled_quotes),
		cmocka_unit_test(test_embedded_newlines_keep_line_numbers),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom_is_skipped),
		cmocka_unit_test(test_comments_and_blank_lines),
		cmocka_unit_test(test_many_long_fields),
		cmocka_unit_test(test_error_unterminated_quote),
		cmocka_unit_test(test_error_quote_in_unquoted_field),
		cmocka_unit_test(test_error_character_after_closing_quote),
		cmocka_unit_test(test_record_line_after_error_free),
		cmocka_unit_test(test_round_trip_with_writer),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_plain_lines_read_as_quoted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
