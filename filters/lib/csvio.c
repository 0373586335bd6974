/* csvio: strict CSV reading over libcsv, minimal-quoting CSV writing. */
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "money.h"
#include "util.h"

struct rec {
	size_t f0, nf;	/* first field index, number of fields */
	size_t end;	/* offset just past the last field's NUL */
	long line;	/* the line it starts on */
	long nlines;	/* the lines it spans */
	int64_t off;	/* offset of its first byte in the file */
	size_t len;	/* its bytes, without the line ending */
	const char *rawp;	/* its bytes as read, when kept */
	int hasraw;
	int fast;	/* fields live in the input buffer, not in buf */
	int errcol;	/* soft mode: the first bad field, and why */
	const char *err;
};

struct csvr {
	FILE *fp;
	char *name;
	struct csv_parser p;
	int flags;
	/* input line buffer */
	char *in;
	size_t inlen, inpos, incap;
	int64_t consumed;	/* bytes of the file before in[0] */
	int eof;
	long line;		/* number of the last line fed */
	long start;		/* line the next record starts on */
	int64_t recoff;		/* offset of the record being built */
	/* fields of queued and pending records */
	char *buf;
	size_t buflen, bufcap;
	size_t *fo;		/* field offsets into buf */
	size_t nfo, fcap;
	struct rec *q;
	size_t nq, qcap, qhead;
	size_t pend0;		/* first field of the record being built */
	long pendline;
	int perrcol;		/* soft mode: a bad field of that record */
	const char *perr;
	/* raw bytes of the lines fed since the last record boundary */
	char *raw;
	size_t rawlen, rawcap;
	/* current record */
	const struct rec *cur;
	const char *bad;	/* soft mode: what is wrong with it */
	int badcol;
	struct sbuf badmsg;
	/* header */
	char **cols;
	int ncols;
	const char *const *names;	/* given names of a headerless file */
	int nnames;
	unsigned char *rawcols;	/* per column: check NUL bytes only */
	int bom_checked;
};

#define WBUF 65536

struct csvw {
	FILE *fp;
	char *name;
	char *buf;		/* our own buffer: one memcpy per field
				 * instead of a stdio call */
	size_t len;
	int nf;
	size_t rowbytes;	/* written of the current row */
};

/* the bytes that make a field need quotes */
static const unsigned char special[256] = { ['\n'] = 1, ['\r'] = 1,
	[','] = 1, ['"'] = 1 };

static int
nospace(unsigned char c)
{
	(void)c;
	return 0;		/* libcsv must trim nothing */
}

enum text_err
text_check(const char *str, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7;
	const unsigned char *s = (const unsigned char *)str, *e = s + n;
	unsigned c;
	uint64_t w;

	while (s < e) {
		/* ASCII without a NUL, eight bytes at a time */
		if (e - s >= 8) {
			memcpy(&w, s, 8);
			if (((w | ((w - ones) & ~w)) & highs) == 0) {
				s += 8;
				continue;
			}
		}
		c = *s;
		if (c == 0)
			return TEXT_NUL;
		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			if (e - s < 2 || (s[1] & 0xc0) != 0x80)
				return TEXT_UTF8;
			s += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			if (e - s < 3 || (s[1] & 0xc0) != 0x80 ||
			    (s[2] & 0xc0) != 0x80)
				return TEXT_UTF8;
			if (c == 0xe0 && s[1] < 0xa0)
				return TEXT_UTF8;	/* overlong */
			if (c == 0xed && s[1] >= 0xa0)
				return TEXT_UTF8;	/* surrogate */
			if (c == 0xef && s[1] == 0xbb && s[2] == 0xbf)
				return TEXT_BOM;
			s += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			if (e - s < 4 || (s[1] & 0xc0) != 0x80 ||
			    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
				return TEXT_UTF8;
			if ((c == 0xf0 && s[1] < 0x90) ||
			    (c == 0xf4 && s[1] >= 0x90))
				return TEXT_UTF8;
			s += 4;
		} else {
			return TEXT_UTF8;
		}
	}
	return TEXT_OK;
}

size_t
utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

const char *
text_strerror(enum text_err err)
{
	switch (err) {
	case TEXT_OK:
		break;
	case TEXT_UTF8:
		return "invalid UTF-8 in field: expected UTF-8 text";
	case TEXT_NUL:
		return "NUL byte in field: expected text without NUL bytes";
	case TEXT_BOM:
		return "byte order mark (U+FEFF) in field: expected one only "
		    "at the start of the file";
	}
	return "ok";
}

/* field_err: what is wrong with field col's text s[0..n), or NULL */
static const char *
field_err(const struct csvr *r, size_t col, const char *s, size_t n)
{
	enum text_err e;

	if (r->rawcols != NULL && col < 256 && r->rawcols[col])
		e = memchr(s, '\0', n) ? TEXT_NUL : TEXT_OK;
	else
		e = text_check(s, n);
	return e == TEXT_OK ? NULL : text_strerror(e);
}

/* fieldfault: a bad field of the record starting on line: fatal, or noted
 * on the record in soft mode */
static void
fieldfault(struct csvr *r, long line, size_t col, const char *what,
    const char **err, int *errcol)
{
	if (!(r->flags & CSVR_SOFT))
		die("%s:%ld:%zu: %s", r->name, line, col + 1, what);
	if (*err == NULL) {
		*err = what;
		*errcol = (int)col;
	}
}

static void
grow(char **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	while (*cap < need)
		*cap = *cap ? 2 * *cap : 4096;
	*p = xrealloc(*p, *cap);
}

static int
wants_raw(const struct csvr *r)
{
	return r->rawcols != NULL || (r->flags & (CSVR_SOFT | CSVR_RAW));
}

static long
pending_fields(const struct csvr *r)
{
	return (long)(r->nfo - r->pend0);
}

static void
on_field(void *s, size_t n, void *data)
{
	struct csvr *r = data;
	size_t col = r->nfo - r->pend0;
	const char *f = s ? s : "", *what;

	if (col == 0) {
		r->pendline = r->start;
		r->perr = NULL;
	}
	if ((what = field_err(r, col, f, n)) != NULL)
		fieldfault(r, r->pendline, col, what, &r->perr, &r->perrcol);
	grow(&r->buf, &r->bufcap, r->buflen + n + 1);
	memcpy(r->buf + r->buflen, f, n);
	r->buf[r->buflen + n] = '\0';
	GROW(r->fo, r->nfo, r->fcap);
	r->fo[r->nfo++] = r->buflen;
	r->buflen += n + 1;
}

static void
on_record(int c, void *data)
{
	struct csvr *r = data;
	struct rec *q;

	(void)c;
	r->start = r->line + 1;
	if (pending_fields(r) == 0)
		return;		/* a blank line, or the LF of a CRLF */
	GROW(r->q, r->nq, r->qcap);
	q = &r->q[r->nq++];
	memset(q, 0, sizeof(*q));
	q->f0 = r->pend0;
	q->nf = r->nfo - r->pend0;
	q->end = r->buflen;
	q->line = r->pendline;
	q->nlines = r->line - r->pendline + 1;
	q->off = r->recoff;
	q->err = r->perr;
	q->errcol = r->perrcol;
	r->perr = NULL;
	r->pend0 = r->nfo;
}

/* readline: the next line (with its LF) into *line; 0 at end of input. */
static int
readline(struct csvr *r, char **line, size_t *len)
{
	char *nl;
	size_t n;

	for (;;) {
		nl = r->inlen > r->inpos ? memchr(r->in + r->inpos, '\n',
		    r->inlen - r->inpos) : NULL;
		if (nl != NULL) {
			*line = r->in + r->inpos;
			*len = (size_t)(nl - *line) + 1;
			r->inpos += *len;
			return 1;
		}
		if (r->eof) {
			if (r->inpos == r->inlen)
				return 0;
			/* room for the NUL fast_split puts after it */
			grow(&r->in, &r->incap, r->inlen + 1);
			*line = r->in + r->inpos;
			*len = r->inlen - r->inpos;
			r->inpos = r->inlen;
			return 1;
		}
		if (r->inpos > 0) {
			memmove(r->in, r->in + r->inpos, r->inlen - r->inpos);
			r->inlen -= r->inpos;
			r->consumed += (int64_t)r->inpos;
			r->inpos = 0;
		}
		if (r->incap - r->inlen < 65536)
			grow(&r->in, &r->incap, r->inlen + 65536);
		n = fread(r->in + r->inlen, 1, r->incap - r->inlen, r->fp);
		r->inlen += n;
		if (n == 0) {
			if (ferror(r->fp))
				die("%s: read error: %s", r->name,
				    strerror(errno ? errno : EIO));
			r->eof = 1;
		}
	}
}

static void
parse_error(struct csvr *r, const char *what)
{
	die("%s:%ld:%ld: %s", r->name, pending_fields(r) ? r->pendline :
	    r->start, pending_fields(r) + 1, what);
}

/*
 * between_records: no field of a record has been seen yet, nor has libcsv
 * begun one (pstate 0 is libcsv's ROW_NOT_BEGUN: a quoted first field that
 * spans lines has delivered nothing yet but has begun).
 */
static int
between_records(const struct csvr *r)
{
	return pending_fields(r) == 0 && r->p.pstate == 0;
}

/* compact: drop the fields of consumed records, keep a pending one. */
static void
compact(struct csvr *r)
{
	size_t keep = r->nfo - r->pend0, b0, i;

	b0 = keep ? r->fo[r->pend0] : r->buflen;
	if (r->buflen > b0)
		memmove(r->buf, r->buf + b0, r->buflen - b0);
	r->buflen -= b0;
	for (i = 0; i < keep; i++)
		r->fo[i] = r->fo[r->pend0 + i] - b0;
	r->nfo = keep;
	r->pend0 = 0;
	r->nq = r->qhead = 0;
}

/* quote_or_cr: s[0..n) holds a '"' or a CR; eight bytes at a time */
static int
quote_or_cr(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7;
	uint64_t w, q, c;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		q = w ^ (ones * '"');
		c = w ^ (ones * '\r');
		if ((((q - ones) & ~q) | ((c - ones) & ~c)) & highs)
			return 1;
	}
	for (; i < n; i++)
		if (s[i] == '"' || s[i] == '\r')
			return 1;
	return 0;
}

/*
 * fast_split: a line without a quote and without a CR before its end is
 * split at its commas, which is exactly what libcsv, strict and trimming
 * nothing, makes of it (tests/unit.c compares the two on generated lines);
 * libcsv itself is called per byte and copies every field, three times
 * slower over a month of CDRs.  The fields stay in the input buffer, the
 * commas turned into NULs (the line's bytes were copied first when the raw
 * record is wanted).  Returns 0 when the line needs libcsv.
 */
static int
fast_split(struct csvr *r, char *line, size_t len)
{
	char *e = line + len, *p, *c;
	size_t col = 0;
	struct rec *q;
	const char *what;
	int checked;

	if (e > line && e[-1] == '\n')
		e--;
	if (e > line && e[-1] == '\r')
		e--;
	if (quote_or_cr(line, (size_t)(e - line)))
		return 0;
	if (e == line)
		return 1;	/* a blank line: no record, as libcsv */
	/* without raw columns one check of the whole line does: a comma
	 * never splits a character */
	checked = r->rawcols == NULL && text_check(line, (size_t)(e - line)) ==
	    TEXT_OK;
	GROW(r->q, r->nq, r->qcap);
	q = &r->q[r->nq];
	memset(q, 0, sizeof(*q));
	q->f0 = r->nfo;
	q->line = r->line;
	q->nlines = 1;
	q->off = r->consumed + (line - r->in);
	q->len = (size_t)(e - line);
	q->fast = 1;
	for (p = line;; p = c + 1) {
		c = memchr(p, ',', (size_t)(e - p));
		if (c == NULL)
			c = e;
		*c = '\0';
		if (!checked && (what = field_err(r, col, p,
		    (size_t)(c - p))) != NULL)
			fieldfault(r, r->line, col, what, &q->err, &q->errcol);
		GROW(r->fo, r->nfo, r->fcap);
		r->fo[r->nfo++] = (size_t)(p - r->in);
		col++;
		if (c == e)
			break;
	}
	q->nf = r->nfo - q->f0;
	q->end = (size_t)(e - r->in) + 1;
	r->nq++;
	r->pend0 = r->nfo;
	r->start = r->line + 1;
	return 1;
}

/* fill: feed lines to libcsv until a record is queued; 0 at the end. */
static int
fill(struct csvr *r)
{
	char *line;
	size_t len, before, n;
	struct rec *q;

	compact(r);
	while (r->nq == 0) {
		if (!readline(r, &line, &len)) {
			before = r->nq;
			if (csv_fini(&r->p, on_field, on_record, r) != 0)
				parse_error(r, "unterminated quoted field: "
				    "expected a closing '\"'");
			r->eof = 2;
			if (r->nq > before) {
				/* the last record, without a line ending */
				q = &r->q[r->nq - 1];
				q->rawp = r->raw;
				q->len = r->rawlen;
				q->hasraw = 1;
			}
			break;
		}
		r->line++;
		if (!r->bom_checked) {
			r->bom_checked = 1;
			if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
				line += 3;
				len -= 3;
			}
		}
		n = len;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		before = r->nq;
		if (between_records(r)) {
			r->rawlen = 0;
			r->start = r->line;
			r->recoff = r->consumed + (line - r->in);
			/* the raw record is wanted: keep its bytes before the
			 * split */
			if (wants_raw(r)) {
				grow(&r->raw, &r->rawcap, n + 1);
				memcpy(r->raw, line, n);
			}
			if (fast_split(r, line, len)) {
				if (r->nq > before && wants_raw(r)) {
					q = &r->q[r->nq - 1];
					q->rawp = r->raw;
					q->hasraw = 1;
				}
				continue;
			}
		}
		grow(&r->raw, &r->rawcap, r->rawlen + len);
		memcpy(r->raw + r->rawlen, line, len);
		r->rawlen += len;
		if (csv_parse(&r->p, line, len, on_field, on_record, r) != len)
			parse_error(r, "malformed quoting: expected '\"' only "
			    "around a whole field, doubled inside it");
		if (r->nq == before + 1 && between_records(r)) {
			/* one record, ending with this line: keep its bytes */
			q = &r->q[r->nq - 1];
			n = r->rawlen;
			while (n > 0 && (r->raw[n - 1] == '\n' ||
			    r->raw[n - 1] == '\r'))
				n--;
			q->rawp = r->raw;
			q->len = n;
			q->hasraw = 1;
		}
	}
	return r->nq > 0;
}

static int
next_record(struct csvr *r)
{
	if (r->qhead >= r->nq) {
		if (r->eof == 2 || !fill(r))
			return 0;
	}
	r->cur = &r->q[r->qhead++];
	return 1;
}

struct csvr *
csvr_open(FILE *fp, const char *name, int flags)
{
	struct csvr *r = xcalloc(1, sizeof(*r));
	int i, j;

	r->fp = fp;
	r->name = xstrdup(name);
	r->flags = flags;
	r->start = 1;
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	    CSV_REPALL_NL) != 0)
		die("%s: cannot start the CSV parser", name);
	csv_set_space_func(&r->p, nospace);
	if (flags & CSVR_NOHEADER)
		return r;
	/* a header is never a soft error: without it nothing can be read */
	r->flags &= ~CSVR_SOFT;
	if (!next_record(r))
		die("%s:1:1: empty file: expected a header row", name);
	r->flags = flags;
	r->ncols = (int)r->cur->nf;
	r->cols = xcalloc((size_t)r->ncols, sizeof(*r->cols));
	for (i = 0; i < r->ncols; i++) {
		r->cols[i] = xstrdup(csvr_get(r, i));
		for (j = 0; j < i; j++)
			if (strcmp(r->cols[i], r->cols[j]) == 0)
				csvr_die(r, i, "duplicate column '%s' in the "
				    "header", r->cols[i]);
	}
	return r;
}

struct csvr *
csvr_openpath(const char *path, int flags)
{
	if (strcmp(path, "-") == 0)
		return csvr_open(stdin, "<stdin>", flags);
	return csvr_open(xfopen(path, "r"), path, flags);
}

int
csvr_col(const struct csvr *r, const char *name)
{
	int i;

	for (i = 0; i < r->ncols && r->cols; i++)
		if (strcmp(r->cols[i], name) == 0)
			return i;
	return -1;
}

int
csvr_need(const struct csvr *r, const char *name)
{
	int c = csvr_col(r, name);

	if (c < 0)
		die("%s:1:%d: missing column '%s': expected it in the header",
		    r->name, r->ncols + 1, name);
	return c;
}

int
csvr_ncols(const struct csvr *r)
{
	return r->ncols;
}

const char *
csvr_colname(const struct csvr *r, int col)
{
	if (r->cols && col >= 0 && col < r->ncols)
		return r->cols[col];
	if (r->names && col >= 0 && col < r->nnames)
		return r->names[col];
	return "";
}

void
csvr_names(struct csvr *r, const char *const *names)
{
	r->names = names;
	for (r->nnames = 0; names[r->nnames] != NULL; r->nnames++)
		;
}

void
csvr_rawcol(struct csvr *r, int col)
{
	if (col < 0)
		return;
	if (r->rawcols == NULL)
		r->rawcols = xcalloc(256, 1);
	if (col < 256)
		r->rawcols[col] = 1;
}

int
csvr_next(struct csvr *r)
{
	int nf;

	if (!next_record(r))
		return 0;
	r->bad = r->cur->err;
	r->badcol = r->cur->errcol;
	nf = (int)r->cur->nf;
	if (r->ncols == 0 && (r->flags & CSVR_NOHEADER)) {
		r->ncols = nf;
	} else if (nf != r->ncols) {
		int col = nf < r->ncols ? nf : r->ncols;

		sb_reset(&r->badmsg);
		sb_addf(&r->badmsg, "%d fields: expected %d, as in %s", nf,
		    r->ncols, (r->flags & CSVR_NOHEADER) ? "the first record" :
		    "the header");
		if (!(r->flags & CSVR_SOFT))
			die("%s:%ld:%d: %s", r->name, r->cur->line, col + 1,
			    sb_str(&r->badmsg));
		if (r->bad == NULL) {
			r->bad = sb_str(&r->badmsg);
			r->badcol = col;
		}
	}
	return 1;
}

const char *
csvr_bad(const struct csvr *r, int *col)
{
	if (col != NULL)
		*col = r->bad ? r->badcol : -1;
	return r->bad;
}

const char *
csvr_get(const struct csvr *r, int col)
{
	if (col < 0 || r->cur == NULL || (size_t)col >= r->cur->nf)
		return "";
	return (r->cur->fast ? r->in : r->buf) + r->fo[r->cur->f0 +
	    (size_t)col];
}

const char *
csvr_getn(const struct csvr *r, int col, size_t *n)
{
	size_t i, next;

	if (col < 0 || r->cur == NULL || (size_t)col >= r->cur->nf) {
		*n = 0;
		return "";
	}
	i = r->cur->f0 + (size_t)col;
	next = (size_t)col + 1 < r->cur->nf ? r->fo[i + 1] : r->cur->end;
	*n = next - r->fo[i] - 1;
	return (r->cur->fast ? r->in : r->buf) + r->fo[i];
}

const char *
csvr_raw(const struct csvr *r, size_t *len)
{
	if (r->cur == NULL || !r->cur->hasraw) {
		*len = 0;
		return NULL;
	}
	*len = r->cur->len;
	return r->cur->rawp;
}

void
csvr_offset(const struct csvr *r, int64_t *off, size_t *len)
{
	*off = r->cur ? r->cur->off : 0;
	*len = r->cur ? r->cur->len : 0;
}

int
csvr_lines(const struct csvr *r)
{
	return r->cur != NULL && r->cur->nlines > 1;
}

long
csvr_line(const struct csvr *r)
{
	return r->cur ? r->cur->line : 1;
}

const char *
csvr_name(const struct csvr *r)
{
	return r->name;
}

char *
csvr_where(const struct csvr *r, int col, char *buf, size_t n)
{
	/* without printf: rate names every CDR it reads this way */
	char num[48], *p = num + sizeof(num);
	size_t nl = strlen(r->name), dl;

	if (col >= 0) {
		p = u64_before(p, (uint64_t)col + 1);
		*--p = ':';
	}
	p = u64_before(p, (uint64_t)csvr_line(r));
	*--p = ':';
	dl = (size_t)(num + sizeof(num) - p);
	if (nl + dl + 1 > n)
		nl = n - dl - 1;
	memcpy(buf, r->name, nl);
	memcpy(buf + nl, p, dl);
	buf[nl + dl] = '\0';
	return buf;
}

/* replace: every s in b by t */
static void
replace(struct sbuf *b, const char *s, const char *t)
{
	struct sbuf o = { 0 };
	const char *p = sb_str(b), *q;
	size_t n = strlen(s);

	while ((q = strstr(p, s)) != NULL) {
		sb_addn(&o, p, (size_t)(q - p));
		sb_add(&o, t);
		p = q + n;
	}
	sb_add(&o, p);
	sb_free(b);
	*b = o;
}

void
csvr_die(const struct csvr *r, int col, const char *fmt, ...)
{
	struct sbuf m = { 0 };
	char where[4200];
	const char *f;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	sb_vaddf(&m, fmt, ap);
	va_end(ap);
	/* a field of 100 kB is named, not printed */
	for (i = 0; r->cur != NULL && i < r->cur->nf; i++) {
		f = csvr_get(r, (int)i);
		if (strlen(f) > CLIP_MAX && strstr(sb_str(&m), f) != NULL)
			replace(&m, f, clip(f));
	}
	fflush(stdout);
	fprintf(stderr, "%s: %s: %s\n", progname,
	    csvr_where(r, col, where, sizeof(where)), sb_str(&m));
	sb_free(&m);
	exit(1);
}

void
csvr_close(struct csvr *r)
{
	int i;

	if (r == NULL)
		return;
	csv_free(&r->p);
	if (r->fp != stdin)
		fclose(r->fp);
	for (i = 0; i < r->ncols && r->cols; i++)
		free(r->cols[i]);
	free(r->cols);
	free(r->rawcols);
	free(r->in);
	free(r->buf);
	free(r->fo);
	free(r->q);
	free(r->raw);
	free(r->name);
	sb_free(&r->badmsg);
	free(r);
}

/* --- writing ------------------------------------------------------------ */

struct csvw *
csvw_open(FILE *fp, const char *name)
{
	struct csvw *w = xcalloc(1, sizeof(*w));

	w->fp = fp;
	w->name = xstrdup(name);
	w->buf = xmalloc(WBUF);
	return w;
}

static void
wflush(struct csvw *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->fp) != w->len)
		die("%s: write error: %s", w->name, strerror(errno ? errno :
		    EIO));
	w->len = 0;
}

/* wput: n bytes into the buffer */
static inline void
wput(struct csvw *w, const char *s, size_t n)
{
	w->rowbytes += n;
	if (__builtin_expect(w->len + n > WBUF, 0)) {
		wflush(w);
		if (n > WBUF) {
			if (fwrite(s, 1, n, w->fp) != n)
				die("%s: write error: %s", w->name,
				    strerror(errno ? errno : EIO));
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

/* plain: n bytes this module made and knows need no quotes (digits) */
static void
plain(struct csvw *w, const char *s, size_t n)
{
	if (w->nf++ > 0)
		wput(w, ",", 1);
	wput(w, s, n);
}

void
csvw_header(struct csvw *w, const char *const *cols)
{
	for (; *cols != NULL; cols++)
		csvw_str(w, *cols);
	csvw_end(w);
}

/* needs_quotes: s[0..n) holds a comma, a quote, a CR or an LF; eight
 * bytes at a time */
static int
needs_quotes(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7;
	uint64_t w, a, b, c, d;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		a = w ^ (ones * ',');
		b = w ^ (ones * '"');
		c = w ^ (ones * '\r');
		d = w ^ (ones * '\n');
		if ((((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c) |
		    ((d - ones) & ~d)) & highs)
			return 1;
	}
	for (; i < n; i++)
		if (special[(unsigned char)s[i]])
			return 1;
	return 0;
}

void
csvw_strn(struct csvw *w, const char *s, size_t n)
{
	static const char q = '"';
	const char *p;

	if (w->nf++ > 0)
		wput(w, ",", 1);
	if (!needs_quotes(s, n)) {
		wput(w, s, n);
		return;
	}
	wput(w, &q, 1);
	while ((p = memchr(s, '"', n)) != NULL) {
		wput(w, s, (size_t)(p - s) + 1);
		wput(w, &q, 1);
		n -= (size_t)(p - s) + 1;
		s = p + 1;
	}
	wput(w, s, n);
	wput(w, &q, 1);
}

void
csvw_copy(struct csvw *w, const struct csvr *r, int col)
{
	size_t n;
	const char *s = csvr_getn(r, col, &n);

	/* a field split by fast_split holds no comma, quote, CR or LF */
	if (r->cur == NULL || !r->cur->fast) {
		csvw_strn(w, s, n);
		return;
	}
	plain(w, s, n);
}

void
csvw_str(struct csvw *w, const char *s)
{
	csvw_strn(w, s, strlen(s));
}

void
csvw_money(struct csvw *w, int64_t v, int dec)
{
	csvw_amount(w, v, dec, dec);
}

void
csvw_amount(struct csvw *w, int64_t v, int dec, int min)
{
	char buf[MONEY_BUFSZ];

	money_fmt_trim(v, dec, min, buf);
	plain(w, buf, strlen(buf));
}

void
csvw_int(struct csvw *w, long long v)
{
	char buf[32], *p;
	unsigned long long a = v < 0 ? -(unsigned long long)v :
	    (unsigned long long)v;

	p = u64_before(buf + sizeof(buf), a);
	if (v < 0)
		*--p = '-';
	plain(w, p, (size_t)(buf + sizeof(buf) - p));
}

void
csvw_date(struct csvw *w, int32_t day)
{
	char buf[DATE_BUFSZ];

	if (day == DATE_NONE)
		plain(w, "", 0);
	else
		plain(w, date_fmt(day, buf), 10);
}

void
csvw_yesno(struct csvw *w, int yes)
{
	plain(w, yes ? "yes" : "no", yes ? 3 : 2);
}

void
csvw_end(struct csvw *w)
{
	/* a row of one empty field would be a blank line, which readers
	 * skip: quote it */
	if (w->nf == 1 && w->rowbytes == 0)
		wput(w, "\"\"", 2);
	wput(w, "\n", 1);
	w->nf = 0;
	w->rowbytes = 0;
}

void
csvw_sync(struct csvw *w)
{
	wflush(w);
	if (fflush(w->fp) != 0 || fsync(fileno(w->fp)) != 0)
		die("%s: write error: %s", w->name, strerror(errno ? errno :
		    EIO));
}

void
csvw_close(struct csvw *w)
{
	wflush(w);
	fshut(w->fp, w->name);
	free(w->buf);
	free(w->name);
	free(w);
}

void
csvw_close_sync(struct csvw *w)
{
	wflush(w);
	if (fflush(w->fp) != 0 || ferror(w->fp) || fsync(fileno(w->fp)) != 0)
		die("%s: write error: %s", w->name, strerror(errno ? errno :
		    EIO));
	csvw_close(w);
}

void
line_check(const char *path, long n, const char *p, size_t len)
{
	enum text_err te = text_check(p, len);
	size_t at = 0;

	if (te == TEXT_OK)
		return;
	while (at < len && text_check(p, at + 1) == TEXT_OK)
		at++;
	die("%s:%ld:%zu: %s", path, n, at + 1, te == TEXT_NUL ?
	    "NUL byte: expected text" : te == TEXT_BOM ? "byte order mark: "
	    "expected one only at the start of the file" : "invalid UTF-8: "
	    "expected UTF-8 text");
}

int
conf_split(char *line, char **key, char **val)
{
	char *k, *v, *e, *eq;

	for (k = line; *k == ' ' || *k == '\t'; k++)
		;
	e = k + strlen(k);
	while (e > k && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	*key = k;
	*val = NULL;
	if (*k == '\0' || *k == '#')
		return 0;
	if ((eq = strchr(k, '=')) == NULL)
		return -1;
	for (v = eq + 1; *v == ' ' || *v == '\t'; v++)
		;
	for (e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	*e = '\0';
	*val = v;
	return 1;
}
