/* csvstream.c - the streaming RFC 4180 record reader (see csvstream.h).
 *
 * Two stages over a read buffer, the technique of simdjson and simdcsv:
 *
 * 1. Index. 64 bytes at a time, bit masks of the quotes, commas, line
 *    feeds and carriage returns (SSE2 compares where the target has them,
 *    else a byte loop). The bytes inside quotes are the prefix XOR of the
 *    quote mask, since every quote opens or closes. Commas and line feeds
 *    outside quotes end fields; the line feeds end records. The same masks
 *    check the quoting: an opening quote must follow a separator or a
 *    closing quote (the second quote of ""), a closing quote must be
 *    followed by a separator or a quote, a carriage return by a line feed.
 *    The index holds the offset of every field's end and, per record, the
 *    position of its last field in that list, the line feeds inside its
 *    quotes and whether it has "" in it.
 * 2. Records. A record is a run of the index. A field is unquoted when it
 *    is asked for, in place: the byte after it becomes its NUL.
 *
 * When the indexed records are used up, the index is reset; when the
 * buffer is indexed to its end, the record not yet ended moves to the
 * front, the buffer fills from the file and indexing restarts at that
 * record. A record longer than the buffer grows it, up to CSV_MAX_RECORD.
 */
#include "cnum.h"
#include "csvstream.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CSV_X86 1
#include <immintrin.h>
#else
#define CSV_X86 0
#endif

#include "alloc.h"
#include "error.h"

#define CSV_BUFFER (256 * 1024)      /* bytes read at a time */
#define CSV_MAX_RECORD (1024 * 1024) /* the longest record */
#define CSV_MAX_FIELDS 4096          /* the most fields in a record */
#define CSV_INDEX 16384              /* field ends indexed at a time (> CSV_MAX_FIELDS + 64) */
#define CSV_RECORDS 4096             /* records indexed at a time */
#define CSV_PAD 64                   /* bytes after the data: the last block, a NUL */
#define ESCAPED 0x80000000u          /* rec_info: a field of the record has "" */

struct infracost_csvstream {
	FILE *in;
	const char *source;
	unsigned char *buf; /* cap + CSV_PAD bytes */
	size_t cap, end;    /* end: bytes of data in buf */
	int eof, started;
	int failed;                            /* the error returned, returned again */
	void (*index)(infracost_csvstream *r); /* index_blocks for this CPU */
	void (*on_read)(void *ctx, unsigned long long bytes);
	void *on_read_ctx;
	unsigned long long bytes_read;

	/* stage 1 */
	size_t scan;                                /* the next block to index */
	size_t open;                                /* where the record not yet ended starts */
	uint64_t inq, prev_sc, prev_close, prev_cr; /* carried from the block before */
	uint32_t pend_nl, pend_esc;                 /* of the open record so far */
	uint32_t *sep;                              /* field ends */
	size_t nsep;
	uint32_t *rec_end;  /* per record: its last field's place in sep, plus one */
	uint32_t *rec_info; /* per record: line feeds inside quotes | ESCAPED */
	size_t nrec;
	size_t err_at;
	const char *err_what;

	/* stage 2 */
	size_t next_rec;   /* the next record in rec_end */
	size_t next_start; /* where it starts */
	size_t first;      /* the current record's first field in sep */
	size_t nfield;
	size_t start; /* where the current record starts */
	int line;     /* the line of next_start */
	int rec_line;
};

static inline uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

/* Set bits (the builtin is a libgcc call unless the target has POPCNT). */
static inline unsigned popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555u);
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/* The masks of 64 bytes: bit i for p[i]. One version per instruction set;
 * infracost__csvstream_new picks the best the CPU has (x86-64: AVX-512BW,
 * AVX2, else SSE2, which every x86-64 has; elsewhere the byte loop). */
struct masks {
	uint64_t q, comma, lf, cr, nul;
};

static inline struct masks classify_bytes(const unsigned char *p)
{
	struct masks m = {0, 0, 0, 0, 0};
	for (int i = 0; i < 64; i++) {
		uint64_t bit = (uint64_t)1 << i;
		switch (p[i]) {
		case '\0': m.nul |= bit; break;
		case '"': m.q |= bit; break;
		case ',': m.comma |= bit; break;
		case '\n': m.lf |= bit; break;
		case '\r': m.cr |= bit; break;
		default: break;
		}
	}
	return m;
}

#if CSV_X86
static inline struct masks classify_sse2(const unsigned char *p)
{
	const __m128i vq = _mm_set1_epi8('"'), vc = _mm_set1_epi8(','), vl = _mm_set1_epi8('\n'),
		      vr = _mm_set1_epi8('\r'), vz = _mm_setzero_si128();
	struct masks m = {0, 0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
		m.nul |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vz)) << (16 * i);
		m.q |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq)) << (16 * i);
		m.comma |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vc)) << (16 * i);
		m.lf |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vl)) << (16 * i);
		m.cr |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vr)) << (16 * i);
	}
	return m;
}

__attribute__((target("avx2"))) static inline struct masks classify_avx2(const unsigned char *p)
{
	const __m256i vq = _mm256_set1_epi8('"'), vc = _mm256_set1_epi8(','),
		      vl = _mm256_set1_epi8('\n'), vr = _mm256_set1_epi8('\r'),
		      vz = _mm256_setzero_si256();
	struct masks m = {0, 0, 0, 0, 0};
	for (int i = 0; i < 2; i++) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * i));
		m.nul |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, vz))
			 << (32 * i);
		m.q |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, vq))
		       << (32 * i);
		m.comma |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, vc))
			   << (32 * i);
		m.lf |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, vl))
			<< (32 * i);
		m.cr |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, vr))
			<< (32 * i);
	}
	return m;
}

__attribute__((target("avx512bw"))) static inline struct masks classify_avx512(
	const unsigned char *p)
{
	__m512i v = _mm512_loadu_si512((const void *)p);
	struct masks m;
	m.q = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
	m.comma = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(','));
	m.lf = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
	m.cr = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r'));
	m.nul = _mm512_cmpeq_epi8_mask(v, _mm512_setzero_si512());
	return m;
}
#endif

static void start_index(infracost_csvstream *r)
{
	r->scan = r->open = 0;
	r->inq = r->prev_close = r->prev_cr = 0;
	r->prev_sc = 1; /* a record starts the buffer */
	r->pend_nl = r->pend_esc = 0;
	r->nsep = r->nrec = r->next_rec = 0;
	r->next_start = 0;
}

/* Index blocks until the data (read so far) or the index runs out, or an
 * error is found (kept in err_at / err_what for when the records before it
 * are read). Inlined into one function per instruction set. */
static inline __attribute__((always_inline)) void index_blocks(
	infracost_csvstream *r, struct masks (*classify)(const unsigned char *))
{
	size_t limit = r->eof ? r->end : r->end & ~(size_t)63;

	while (r->scan < limit && !r->err_what) {
		uint64_t q, comma, lf, cr, valid = ~(uint64_t)0;
		struct masks m;
		uint64_t inq, out, open, close, lf_o, cr_o, structural, sc, psc, pclose, pcr;
		uint64_t bad_open, bad_close, bad_cr, bad, seps, qnl, esc;
		uint32_t base = (uint32_t)r->scan, *o;
		size_t n0 = r->nsep;

		if (r->nsep + 64 > CSV_INDEX || r->nrec + 64 > CSV_RECORDS)
			return; /* full: read the records indexed so far first */
		if (limit - r->scan < 64)
			valid = ((uint64_t)1 << (limit - r->scan)) - 1;
		m = classify(r->buf + r->scan);
		q = m.q;
		comma = m.comma;
		lf = m.lf;
		cr = m.cr;
		inq = prefix_xor(q) ^ r->inq; /* an opening quote is inside, a closing one not */
		r->inq = (uint64_t)0 - (inq >> 63);
		out = ~inq;
		open = q & inq;
		close = q & out;
		lf_o = lf & out;
		cr_o = cr & out;
		structural = (comma & out) | lf_o | cr_o;
		sc = structural | close;
		psc = (sc << 1) | r->prev_sc; /* bit i: the byte before i */
		pclose = (close << 1) | r->prev_close;
		pcr = (cr_o << 1) | r->prev_cr;
		r->prev_sc = sc >> 63;
		r->prev_close = close >> 63;
		r->prev_cr = cr_o >> 63;
		bad_open = open & ~psc;
		bad_close = pclose & ~(structural | open);
		bad_cr = pcr & ~lf;
		bad = (bad_open | bad_close | bad_cr | m.nul) & valid;
		seps = (comma & out) | lf_o;
		qnl = lf & inq;
		esc = open & pclose;
		if (bad) {
			int b = __builtin_ctzll(bad);
			uint64_t before = ((uint64_t)1 << b) - 1;
			r->err_at = r->scan + (size_t)b;
			r->err_what = (m.nul >> b) & 1 ? "a NUL byte (0x00): not a text file?"
				      : (bad_cr >> b) & 1
					      ? "carriage return not followed by a line feed"
				      : (bad_open >> b) & 1
					      ? "quote inside an unquoted field"
					      : "unexpected character after closing quote";
			seps &= before;
			lf_o &= before;
			qnl &= before;
			esc &= before;
		}
		/* Eight at a time with no branch per field: entries past the
		 * count are written and then overwritten (the index keeps 64
		 * free). */
		o = r->sep + n0;
		for (uint64_t s = seps; s;) {
			for (int i = 0; i < 8; i++) {
				o[i] = base + (uint32_t)(s ? __builtin_ctzll(s) : 0);
				s &= s - 1;
			}
			o += 8;
		}
		r->nsep = n0 + (size_t)popcount64(seps);
		for (uint64_t l = lf_o; l; l &= l - 1) {
			int b = __builtin_ctzll(l);
			uint64_t upto = ((uint64_t)2 << b) - 1;
			uint32_t nl = r->pend_nl, escaped = r->pend_esc;
			if (qnl | esc) {
				nl += (uint32_t)popcount64(qnl & upto);
				escaped |= (esc & upto) != 0;
				qnl &= ~upto;
				esc &= ~upto;
			}
			r->rec_end[r->nrec] = (uint32_t)(n0 + (size_t)popcount64(seps & upto));
			r->rec_info[r->nrec] = nl | (escaped ? ESCAPED : 0);
			r->nrec++;
			r->pend_nl = r->pend_esc = 0;
			r->open = r->scan + (size_t)b + 1;
		}
		if (qnl | esc) {
			r->pend_nl += (uint32_t)popcount64(qnl);
			r->pend_esc |= esc != 0;
		}
		r->scan += 64;
	}
	if (r->err_what || !r->eof || r->scan < r->end)
		return;
	/* The end of the file. */
	if (r->inq) {
		/* The quote that opened the last field. */
		size_t at = r->open;
		int field_start = 1, quoted = 0;
		for (size_t i = r->open; i < r->end; i++) {
			unsigned char c = r->buf[i];
			if (quoted) {
				if (c == '"') {
					if (i + 1 < r->end && r->buf[i + 1] == '"')
						i++;
					else
						quoted = 0;
				}
				continue;
			}
			if (c == '"' && field_start) {
				quoted = 1;
				at = i;
			}
			field_start = c == ',' || c == '\n';
		}
		r->err_at = at;
		r->err_what = "unterminated quoted field";
	} else if (r->open < r->end && r->nsep < CSV_INDEX && r->nrec < CSV_RECORDS) {
		/* The last record has no line feed. */
		r->sep[r->nsep++] = (uint32_t)r->end;
		r->rec_end[r->nrec] = (uint32_t)r->nsep;
		r->rec_info[r->nrec] = r->pend_nl | (r->pend_esc ? ESCAPED : 0);
		r->nrec++;
		r->open = r->end;
	}
}

static void index_portable(infracost_csvstream *r)
{
	index_blocks(r, classify_bytes);
}

#if CSV_X86
static void index_sse2(infracost_csvstream *r)
{
	index_blocks(r, classify_sse2);
}

__attribute__((target("avx2"))) static void index_avx2(infracost_csvstream *r)
{
	index_blocks(r, classify_avx2);
}

__attribute__((target("avx512bw"))) static void index_avx512(infracost_csvstream *r)
{
	index_blocks(r, classify_avx512);
}
#endif

static int isa_cap = 3; /* the tests' limit */

int infracost__csvstream_isa(int max)
{
	int level = 0;
	if (max >= 0)
		isa_cap = max;
#if CSV_X86
	level = 1;
	if (isa_cap >= 2 && __builtin_cpu_supports("avx2"))
		level = 2;
	if (isa_cap >= 3 && __builtin_cpu_supports("avx512bw"))
		level = 3;
#endif
	return level < isa_cap ? level : isa_cap;
}

#define NO_COLUMN SIZE_MAX

/* An error at byte `at` of the open record (or at its line: NO_COLUMN). */
static int fail_at(infracost_csvstream *r, size_t at, const char *what)
{
	int line = r->line;
	size_t line_start = r->open;

	if (at == NO_COLUMN)
		return infracost__error_at(INFRACOST_EPARSE, r->source, line, 0, NULL, "%s", what);
	for (size_t i = r->open; i < at; i++)
		if (r->buf[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	return infracost__error_at(INFRACOST_EPARSE, r->source, line, (int)(at - line_start) + 1,
				   NULL, "%s", what);
}

/* The record not yet ended moves to the front; the buffer fills from the
 * file (growing when that record fills it). */
static int fill(infracost_csvstream *r)
{
	size_t keep = r->open, want, got;

	if (keep == 0 && r->end == r->cap) {
		unsigned char *grown;
		size_t ncap = r->cap * 2;
		int c = getc(r->in);
		if (c == EOF && !ferror(r->in)) {
			/* The last record fills the buffer exactly: it has ended. */
			r->eof = 1;
			memset(r->buf + r->end, 0, CSV_PAD);
			start_index(r);
			return 0;
		}
		if (c != EOF && ungetc(c, r->in) == EOF)
			return infracost__error_at(INFRACOST_EIO, r->source, 0, 0, NULL,
						   "read error: %s", strerror(errno));
		if (r->cap >= CSV_MAX_RECORD) {
			char what[80];
			infracost__snprintf(what, sizeof(what),
					    "record longer than %d bytes (the limit)",
					    CSV_MAX_RECORD);
			return fail_at(r, NO_COLUMN, what);
		}
		if (!(grown = infracost__realloc(r->buf, ncap + CSV_PAD)))
			return infracost__error_oom();
		r->buf = grown;
		r->cap = ncap;
	}
	if (keep)
		memmove(r->buf, r->buf + keep, r->end - keep);
	r->end -= keep;
	want = r->cap - r->end;
	got = fread(r->buf + r->end, 1, want, r->in);
	r->bytes_read += got;
	if (r->on_read)
		r->on_read(r->on_read_ctx, r->bytes_read);
	if (got < want) {
		if (ferror(r->in))
			return infracost__error_at(INFRACOST_EIO, r->source, 0, 0, NULL,
						   "read error: %s", strerror(errno));
		r->eof = 1;
	}
	r->end += got;
	if (!r->started) {
		r->started = 1;
		if (r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
			memmove(r->buf, r->buf + 3, r->end - 3);
			r->end -= 3;
		}
	}
	if (r->eof)
		memset(r->buf + r->end, 0, CSV_PAD);
	start_index(r);
	return 0;
}

/* Records in the index: 1, 0 at the end, < 0 on error. */
static int more(infracost_csvstream *r)
{
	int rc;

	for (;;) {
		size_t from, n;
		if (r->next_rec < r->nrec)
			return 1;
		if (r->err_what)
			return fail_at(r, r->err_at, r->err_what);
		/* Keep the field ends of the open record only. */
		from = r->nrec ? r->rec_end[r->nrec - 1] : 0;
		n = r->nsep - from;
		if (n > CSV_MAX_FIELDS) {
			char what[80];
			infracost__snprintf(what, sizeof(what),
					    "more than %d fields in a record (the limit)",
					    CSV_MAX_FIELDS);
			return fail_at(r, NO_COLUMN, what);
		}
		if (from)
			memmove(r->sep, r->sep + from, n * sizeof(*r->sep));
		r->nsep = n;
		r->nrec = r->next_rec = 0;
		r->index(r);
		if (r->nrec || r->err_what)
			continue;
		if (r->eof) {
			if (r->scan >= r->end && r->open >= r->end)
				return 0;
			continue; /* the index was full */
		}
		if (r->scan < (r->end & ~(size_t)63))
			continue; /* the index was full */
		if ((rc = fill(r)))
			return rc;
	}
}

int infracost__csvstream_next(infracost_csvstream *r)
{
	if (r->failed)
		return r->failed; /* an error stays */
	for (;;) {
		size_t k, last;
		int rc = more(r);
		if (rc <= 0)
			return rc < 0 ? (r->failed = rc) : 0;
		k = r->next_rec++;
		last = r->rec_end[k];
		r->first = k ? r->rec_end[k - 1] : 0;
		r->nfield = last - r->first;
		r->start = r->next_start;
		r->next_start = (size_t)r->sep[last - 1] + 1;
		r->rec_line = r->line;
		r->line += 1 + (int)(r->rec_info[k] & ~ESCAPED);
		if (r->nfield > CSV_MAX_FIELDS) {
			char what[80];
			infracost__snprintf(what, sizeof(what),
					    "more than %d fields in a record (the limit)",
					    CSV_MAX_FIELDS);
			return r->failed = infracost__error_at(INFRACOST_EPARSE, r->source,
							       r->rec_line, 0, NULL, "%s", what);
		}
		if (r->nfield == 1) {
			size_t e = r->sep[r->first];
			if (e == r->start || (e == r->start + 1 && r->buf[r->start] == '\r'))
				continue; /* a blank line */
		}
		if (r->rec_info[k] & ESCAPED) {
			/* "" becomes " in the fields that have it, NUL-terminated
			 * before their closing quote. */
			for (size_t i = 0; i < r->nfield; i++) {
				size_t s = i ? (size_t)r->sep[r->first + i - 1] + 1 : r->start;
				size_t e = r->sep[r->first + i], w;
				unsigned char *b = r->buf;
				if (b[s] != '"')
					continue;
				if (i == r->nfield - 1 && b[e - 1] == '\r')
					e--;
				e--; /* the closing quote */
				w = ++s;
				while (s < e) {
					b[w++] = b[s];
					s += b[s] == '"' ? 2 : 1;
				}
				b[w] = '\0';
			}
		}
		return 1;
	}
}

size_t infracost__csvstream_fields(const infracost_csvstream *r)
{
	return r->nfield;
}

int infracost__csvstream_line(const infracost_csvstream *r)
{
	return r->rec_line;
}

const char *infracost__csvstream_field(infracost_csvstream *r, size_t i)
{
	size_t s, e;

	if (i >= r->nfield)
		return "";
	s = i ? (size_t)r->sep[r->first + i - 1] + 1 : r->start;
	e = r->sep[r->first + i];
	/* CRLF: the CR ends the last field (a CR in quotes is before the quote). */
	if (i == r->nfield - 1 && e > s && r->buf[e - 1] == '\r')
		e--;
	if (e > s && r->buf[s] == '"') {
		s++;
		e--;
	}
	r->buf[e] = '\0';
	return (const char *)r->buf + s;
}

void infracost__csvstream_on_read(infracost_csvstream *r,
				  void (*fn)(void *ctx, unsigned long long bytes), void *ctx)
{
	r->on_read = fn;
	r->on_read_ctx = ctx;
}

size_t infracost__csvstream_memory(const infracost_csvstream *r)
{
	return r ? sizeof(*r) + r->cap + CSV_PAD + (CSV_INDEX + 2 * CSV_RECORDS) * sizeof(uint32_t)
		 : 0;
}

int infracost__csvstream_new(infracost_csvstream **out, FILE *in, const char *source)
{
	infracost_csvstream *r;

	*out = NULL;
	if (!(r = infracost__calloc(1, sizeof(*r))))
		return infracost__error_oom();
	r->in = in;
	r->source = source;
	r->cap = CSV_BUFFER;
	r->line = 1;
	switch (infracost__csvstream_isa(-1)) {
#if CSV_X86
	case 3: r->index = index_avx512; break;
	case 2: r->index = index_avx2; break;
	case 1: r->index = index_sse2; break;
#endif
	default: r->index = index_portable; break;
	}
	r->buf = infracost__malloc(r->cap + CSV_PAD);
	r->sep = infracost__malloc(CSV_INDEX * sizeof(*r->sep));
	r->rec_end = infracost__malloc(CSV_RECORDS * sizeof(*r->rec_end));
	r->rec_info = infracost__malloc(CSV_RECORDS * sizeof(*r->rec_info));
	if (!r->buf || !r->sep || !r->rec_end || !r->rec_info) {
		infracost__csvstream_free(r);
		return infracost__error_oom();
	}
	start_index(r);
	*out = r;
	return 0;
}

void infracost__csvstream_free(infracost_csvstream *r)
{
	if (!r)
		return;
	infracost__free(r->buf);
	infracost__free(r->sep);
	infracost__free(r->rec_end);
	infracost__free(r->rec_info);
	infracost__free(r);
}
