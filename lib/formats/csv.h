/* csv.h - an RFC 4180 record reader with line and column tracking.
 * Lines starting with '#' (outside quotes) and blank lines are skipped. */
#ifndef INFRACOST_CSV_H
#define INFRACOST_CSV_H

#include <stddef.h>

typedef struct infracost_csv_field {
	const char *text; /* NUL-terminated, unquoted; valid until the next record */
	size_t len;
	int column; /* 1-based byte column where the field starts */
} infracost_csv_field;

typedef struct infracost_csv {
	const char *source; /* name for errors */
	const char *p, *end;
	int line;
	const char *line_start;
	int record_line; /* line of the current record's first byte */
	char *scratch;
	size_t scratch_cap;
	infracost_csv_field *fields;
	size_t nfields, fields_cap;
} infracost_csv;

void infracost__csv_init(infracost_csv *c, const char *data, size_t len, const char *source);
void infracost__csv_free(infracost_csv *c);
/* Read the next record: 1 when one was read, 0 at the end, or a negative
 * error code (recorded with file:line:column). */
int infracost__csv_next(infracost_csv *c);

#endif
