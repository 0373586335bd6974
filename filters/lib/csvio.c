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
	long line;
	const char *rawp;	/* its bytes as read, when known */
	size_t rawn;
	int hasraw;
	int fast;	/* fields live in the input buffer, not in buf */
};

struct csvr {
	FILE *fp;
	char *name;
	struct csv_parser p;
	int flags;
	/* input line buffer */
	char *in;
	size_t inlen, inpos, incap;
	int eof;
	long line;		/* number of the last line fed */
	long start;		/* line the next record starts on */
	/* fields of queued and pending records */
	char *buf;
	size_t buflen, bufcap;
	size_t *fo;		/* field offsets into buf */
	size_t nfo, fcap;
	struct rec *q;
	size_t nq, qcap, qhead;
	size_t pend0;		/* first field of the record being built */
	long pendline;
	/* raw bytes of the lines fed since the last record boundary */
	char *raw;
	size_t rawlen, rawcap;
	/* current record */
	const struct rec *cur;
	/* header */
	char **cols;
	int ncols;
	const char *const *names;	/* given names of a headerless file */
	int nnames;
	unsigned char *rawcols;	/* per column: skip the UTF-8 check */
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

int
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + n;
	unsigned c;
	uint64_t w;

	while (s < e) {
		/* ASCII, eight bytes at a time */
		if (e - s >= 8) {
			memcpy(&w, s, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				s += 8;
				continue;
			}
		}
		c = *s;
		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			if (e - s < 2 || (s[1] & 0xc0) != 0x80)
				return 0;
			s += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			if (e - s < 3 || (s[1] & 0xc0) != 0x80 ||
			    (s[2] & 0xc0) != 0x80)
				return 0;
			if (c == 0xe0 && s[1] < 0xa0)
				return 0;	/* overlong */
			if (c == 0xed && s[1] >= 0xa0)
				return 0;	/* surrogate */
			s += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			if (e - s < 4 || (s[1] & 0xc0) != 0x80 ||
			    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
				return 0;
			if ((c == 0xf0 && s[1] < 0x90) ||
			    (c == 0xf4 && s[1] >= 0x90))
				return 0;
			s += 4;
		} else {
			return 0;
		}
	}
	return 1;
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
	const char *f = s ? s : "";

	if (col == 0)
		r->pendline = r->start;
	if ((r->rawcols == NULL || col >= 256 || !r->rawcols[col]) &&
	    !utf8_valid(f, n)) {
		char where[64];

		snprintf(where, sizeof(where), "%ld:%zu", r->pendline, col + 1);
		die("%s:%s: invalid UTF-8 in field: expected UTF-8 text",
		    r->name, where);
	}
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
	q->f0 = r->pend0;
	q->nf = r->nfo - r->pend0;
	q->end = r->buflen;
	q->line = r->pendline;
	q->hasraw = 0;
	q->fast = 0;
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

/*
 * fast_split: a line without a quote and without a CR before its end is
 * split at its commas, which is exactly what libcsv, strict and trimming
 * nothing, makes of it; libcsv itself is called per byte and copies every
 * field, three times slower over a month of CDRs.  The fields stay in the
 * input buffer, the commas turned into NULs (the line's bytes were copied
 * first when the raw record is wanted).  Returns 0 when the line needs
 * libcsv.
 */
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

static int
fast_split(struct csvr *r, char *line, size_t len)
{
	char *e = line + len, *p, *c;
	size_t col = 0;
	struct rec *q;

	if (e > line && e[-1] == '\n')
		e--;
	if (e > line && e[-1] == '\r')
		e--;
	if (quote_or_cr(line, (size_t)(e - line)))
		return 0;
	if (e == line)
		return 1;	/* a blank line: no record, as libcsv */
	if (r->rawcols == NULL && !utf8_valid(line, (size_t)(e - line)))
		return 0;	/* libcsv's path names the field */
	GROW(r->q, r->nq, r->qcap);
	q = &r->q[r->nq];
	q->f0 = r->nfo;
	q->line = r->line;
	q->fast = 1;
	q->hasraw = 0;
	for (p = line;; p = c + 1) {
		c = memchr(p, ',', (size_t)(e - p));
		if (c == NULL)
			c = e;
		*c = '\0';
		if (r->rawcols != NULL && (col >= 256 || !r->rawcols[col]) &&
		    !utf8_valid(p, (size_t)(c - p))) {
			char where[64];

			snprintf(where, sizeof(where), "%ld:%zu", r->line, col + 1);
			die("%s:%s: invalid UTF-8 in field: expected UTF-8 text",
			    r->name, where);
		}
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
			if (csv_fini(&r->p, on_field, on_record, r) != 0)
				parse_error(r, "unterminated quoted field: "
				    "expected a closing '\"'");
			r->eof = 2;
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
			/* the raw record is wanted where columns are raw
			 * (Asterisk): keep its bytes before the split */
			if (r->rawcols != NULL) {
				grow(&r->raw, &r->rawcap, n + 1);
				memcpy(r->raw, line, n);
			}
			if (fast_split(r, line, len)) {
				if (r->nq > before && r->rawcols != NULL) {
					q = &r->q[r->nq - 1];
					q->rawp = r->raw;
					q->rawn = n;
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
			q->rawn = n;
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
	if (!next_record(r))
		die("%s:1:1: empty file: expected a header row", name);
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
	if (!next_record(r))
		return 0;
	if (r->ncols == 0 && (r->flags & CSVR_NOHEADER)) {
		r->ncols = (int)r->cur->nf;
	} else if ((int)r->cur->nf != r->ncols) {
		char where[64];

		snprintf(where, sizeof(where), "%ld:%d", r->cur->line,
		    (int)r->cur->nf < r->ncols ? (int)r->cur->nf + 1 :
		    r->ncols + 1);
		die("%s:%s: %zu fields: expected %d, as in %s", r->name, where,
		    r->cur->nf, r->ncols,
		    (r->flags & CSVR_NOHEADER) ? "the first record" :
		    "the header");
	}
	return 1;
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
	*len = r->cur->rawn;
	return r->cur->rawp;
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

/* digits: v in decimal before p, backwards; returns the new start */
static char *
digits_before(char *p, unsigned long v)
{
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	return p;
}

char *
csvr_where(const struct csvr *r, int col, char *buf, size_t n)
{
	/* without printf: rate names every CDR it reads this way */
	char num[48], *p = num + sizeof(num);
	size_t nl = strlen(r->name), dl;

	if (col >= 0) {
		p = digits_before(p, (unsigned long)col + 1);
		*--p = ':';
	}
	p = digits_before(p, (unsigned long)csvr_line(r));
	*--p = ':';
	dl = (size_t)(num + sizeof(num) - p);
	if (nl + dl + 1 > n) {
		snprintf(buf, n, "%s", r->name);
		return buf;
	}
	memcpy(buf, r->name, nl);
	memcpy(buf + nl, p, dl);
	buf[nl + dl] = '\0';
	return buf;
}

void
csvr_die(const struct csvr *r, int col, const char *fmt, ...)
{
	char where[4096];
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: %s: ", progname,
	    csvr_where(r, col, where, sizeof(where)));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
	free(r);
}

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

void
csvw_header(struct csvw *w, const char *const *cols)
{
	for (; *cols != NULL; cols++)
		csvw_str(w, *cols);
	csvw_end(w);
}

void
csvw_strn(struct csvw *w, const char *s, size_t n)
{
	static const char q = '"';
	size_t i;
	const char *p;

	if (w->nf++ > 0)
		wput(w, ",", 1);
	for (i = 0; i < n; i++)
		if (special[(unsigned char)s[i]])
			break;
	if (i == n) {
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
	if (w->nf++ > 0)
		wput(w, ",", 1);
	wput(w, s, n);
}

void
csvw_plain(struct csvw *w, const char *s, size_t n)
{
	if (w->nf++ > 0)
		wput(w, ",", 1);
	wput(w, s, n);
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
	csvw_plain(w, buf, strlen(buf));
}

void
csvw_int(struct csvw *w, long long v)
{
	char buf[32], *p = buf + sizeof(buf);
	unsigned long long a = v < 0 ? -(unsigned long long)v :
	    (unsigned long long)v;

	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a > 0);
	if (v < 0)
		*--p = '-';
	csvw_plain(w, p, (size_t)(buf + sizeof(buf) - p));
}

void
csvw_date(struct csvw *w, int32_t day)
{
	char buf[DATE_BUFSZ];

	csvw_str(w, day == DATE_NONE ? "" : date_fmt(day, buf));
}

void
csvw_end(struct csvw *w)
{
	wput(w, "\n", 1);
	w->nf = 0;
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
