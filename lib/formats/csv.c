/* csv.c - RFC 4180 reader: quoted fields, doubled quotes, CRLF, comments. */
#include "csv.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

void infracost__csv_init(infracost_csv *c, const char *data, size_t len, const char *source)
{
	memset(c, 0, sizeof(*c));
	c->source = source;
	c->p = data;
	c->end = data + len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3; /* UTF-8 byte order mark */
	c->line = 1;
	c->line_start = c->p;
}

void infracost__csv_free(infracost_csv *c)
{
	infracost__free(c->scratch);
	infracost__free(c->fields);
	c->scratch = NULL;
	c->fields = NULL;
}

static void newline(infracost_csv *c, const char *after)
{
	c->line++;
	c->line_start = after;
}

static int column_of(const infracost_csv *c, const char *at)
{
	return (int)(at - c->line_start) + 1;
}

/* A NUL byte would cut the field short where C strings end (a key that is
 * not the one stored): an error, as in a binary file. */
static int nul_byte(infracost_csv *c, const char *at)
{
	return infracost__error_at(INFRACOST_EPARSE, c->source, c->line, column_of(c, at), NULL,
				   "a NUL byte (0x00) in a field: not a text file?");
}

/* Bytes that end or break an unquoted field: one table look-up a byte. */
static const unsigned char stop[256] = {[','] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, ['\0'] = 1};

/* Room for `need` bytes of scratch (the call only when it must grow). */
static int scratch_room(infracost_csv *c, size_t need)
{
	if (need <= c->scratch_cap)
		return 0;
	return infracost__grow((void **)&c->scratch, &c->scratch_cap, need, 1);
}

/* A record that is one line of unquoted fields (no '"', NUL or lone CR):
 * the line copied to scratch in one piece and split at its commas, with
 * vectorised libc scans instead of a byte loop. Gives what the full reader
 * below would; 0 when the line is not such a record (the full reader then
 * reads it, with its errors), 1 when read, or a negative error code. */
static int simple_record(infracost_csv *c, const char *p)
{
	const char *end = c->end, *nl = memchr(p, '\n', (size_t)(end - p));
	const char *eol = nl ? nl : end, *cr;
	size_t len = (size_t)(eol - p), start = 0;

	if (memchr(p, '"', len) || memchr(p, '\0', len))
		return 0;
	if ((cr = memchr(p, '\r', len)) != NULL) {
		if (cr != eol - 1 || !nl)
			return 0;
		len--; /* CRLF */
	}
	if (scratch_room(c, len + 1))
		return infracost__error_oom();
	memcpy(c->scratch, p, len);
	c->scratch[len] = '\0';
	c->record_line = c->line;
	c->nfields = 0;
	for (;;) {
		char *comma = memchr(c->scratch + start, ',', len - start);
		size_t flen = comma ? (size_t)(comma - c->scratch) - start : len - start;
		infracost_csv_field *f;
		if (c->nfields == c->fields_cap &&
		    infracost__grow((void **)&c->fields, &c->fields_cap, c->nfields + 1,
				    sizeof(*c->fields)))
			return infracost__error_oom();
		f = &c->fields[c->nfields++];
		f->text = c->scratch + start;
		f->len = flen;
		f->column = column_of(c, p + start);
		if (!comma)
			break;
		*comma = '\0';
		start += flen + 1;
	}
	if (nl) {
		c->p = nl + 1;
		newline(c, c->p);
	} else {
		c->p = end;
	}
	return 1;
}

int infracost__csv_next(infracost_csv *c)
{
	const char *p = c->p, *end = c->end;
	size_t used = 0;
	int rc;

	/* Skip blank and comment lines. */
	for (;;) {
		if (p >= end) {
			c->p = p;
			return 0;
		}
		if (*p == '#') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl : end;
			if (p < end)
				newline(c, ++p);
			continue;
		}
		if (*p == '\r' && p + 1 < end && p[1] == '\n') {
			p += 2;
			newline(c, p);
			continue;
		}
		if (*p == '\n') {
			newline(c, ++p);
			continue;
		}
		break;
	}
	if ((rc = simple_record(c, p)) != 0)
		return rc;
	/* The record's unquoted bytes go to scratch; it needs at most the raw
	 * length of the rest of the input plus a NUL per field. */
	c->record_line = c->line;
	c->nfields = 0;
	for (;;) {
		infracost_csv_field *f;
		size_t start;

		if (c->nfields == c->fields_cap &&
		    (rc = infracost__grow((void **)&c->fields, &c->fields_cap, c->nfields + 1,
					  sizeof(*c->fields))))
			return infracost__error_oom();
		f = &c->fields[c->nfields++];
		f->column = column_of(c, p);
		start = used;
		if (p < end && *p == '"') {
			const char *open = p++;
			int open_line = c->line, open_col = column_of(c, open);
			for (;;) {
				if (p >= end)
					return infracost__error_at(INFRACOST_EPARSE, c->source,
								   open_line, open_col, NULL,
								   "unterminated quoted field");
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						p += 2;
						goto put_quote;
					}
					p++;
					break;
				}
				if (*p == '\0')
					return nul_byte(c, p);
				if (scratch_room(c, used + 2))
					return infracost__error_oom();
				c->scratch[used++] = *p;
				if (*p == '\n')
					newline(c, p + 1);
				p++;
				continue;
			put_quote:
				if (scratch_room(c, used + 2))
					return infracost__error_oom();
				c->scratch[used++] = '"';
			}
			if (p < end && *p != ',' && *p != '\n' && *p != '\r')
				return infracost__error_at(
					INFRACOST_EPARSE, c->source, c->line, column_of(c, p), NULL,
					"unexpected character after closing quote");
		} else {
			const char *q = p;
			while (q < end && !stop[(unsigned char)*q])
				q++;
			if (q < end && *q == '"')
				return infracost__error_at(INFRACOST_EPARSE, c->source, c->line,
							   column_of(c, q), NULL,
							   "quote inside an unquoted field");
			if (q < end && *q == '\0')
				return nul_byte(c, q);
			if (scratch_room(c, used + (size_t)(q - p) + 1))
				return infracost__error_oom();
			memcpy(c->scratch + used, p, (size_t)(q - p));
			used += (size_t)(q - p);
			p = q;
		}
		if (scratch_room(c, used + 1))
			return infracost__error_oom();
		c->scratch[used++] = '\0';
		f->len = used - 1 - start;
		f->text = (const char *)(uintptr_t)start; /* fixed up below */
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n') {
			p++;
			newline(c, p);
		}
		break;
	}
	for (size_t i = 0; i < c->nfields; i++)
		c->fields[i].text = c->scratch + (uintptr_t)c->fields[i].text;
	c->p = p;
	return 1;
}
