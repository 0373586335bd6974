/* reject: the rejects.csv of bill-run --keep-going. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aside.h"
#include "cdr.h"
#include "reject.h"
#include "util.h"

static const char *const cols[] = { "file", "line", "column", "message",
	"record", NULL };

struct rejw {
	struct aside *a;
	struct csvw *w;
};

struct rejw *
rejw_open(const char *path)
{
	struct rejw *w = xcalloc(1, sizeof(*w));
	FILE *fp;

	w->a = aside_open(path, &fp);
	w->w = csvw_open(fp, path);
	csvw_header(w->w, cols);
	return w;
}

/* text: rec as CSV text: as it stood when it is UTF-8 text without a NUL
 * or a BOM; else each byte that is not text as \xHH, a backslash as \\ */
static void
text(struct sbuf *b, const char *rec, size_t n, int *escaped)
{
	size_t i, k;
	char hex[8];

	*escaped = text_check(rec, n) != TEXT_OK;
	if (!*escaped) {
		sb_addn(b, rec, n);
		return;
	}
	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)rec[i];

		k = utf8_len(c);
		if (c >= 0x80 && i + k <= n && text_check(rec + i, k) == TEXT_OK) {
			sb_addn(b, rec + i, k);
			continue;
		}
		k = 1;
		if (c == '\\')
			sb_add(b, "\\\\");
		else if (c != 0 && c < 0x80)
			sb_addn(b, rec + i, 1);
		else {
			snprintf(hex, sizeof(hex), "\\x%02X", c);
			sb_add(b, hex);
		}
	}
}

void
rejw_put(struct rejw *w, const char *file, long line, int col,
    const char *msg, const char *rec, size_t n)
{
	struct sbuf r = { 0 }, m = { 0 };
	int escaped;

	csvw_str(w->w, file);
	csvw_int(w->w, line);
	if (col >= 0)
		csvw_int(w->w, (long long)col + 1);
	else
		csvw_str(w->w, "");
	text(&r, rec, n, &escaped);
	sb_add(&m, msg);
	if (escaped)
		sb_add(&m, " (the record's bytes that are not text are "
		    "written as \\xHH, a backslash as \\\\)");
	csvw_str(w->w, sb_str(&m));
	csvw_str(w->w, sb_str(&r));
	csvw_end(w->w);
	sb_free(&r);
	sb_free(&m);
}

void
rejw_csv(struct rejw *w, const struct csvr *r, int col, const char *msg)
{
	size_t n;
	const char *rec = csvr_raw(r, &n);

	if (rec == NULL)
		die("%s:%ld: the record's bytes were not kept", csvr_name(r),
		    csvr_line(r));
	rejw_put(w, csvr_name(r), csvr_line(r), col, msg, rec, n);
}

int
origin_split(const char *origin, char *file, size_t n, long *line, int *col)
{
	const char *c2 = strrchr(origin, ':'), *c1;
	char *end;

	if (c2 == NULL || c2 == origin)
		return -1;
	for (c1 = c2 - 1; c1 > origin && *c1 != ':'; c1--)
		;
	if (*c1 != ':' || (size_t)(c1 - origin) >= n)
		return -1;
	memcpy(file, origin, (size_t)(c1 - origin));
	file[c1 - origin] = '\0';
	*line = strtol(c1 + 1, &end, 10);
	if (end != c2)
		return -1;
	*col = (int)strtol(c2 + 1, &end, 10);
	return *end == '\0' ? 0 : -1;
}

void
rejw_origin(struct rejw *w, const char *origin, const char *at, int idcol,
    const char *msg)
{
	char file[4096];
	long line;
	int col, icol, fd;
	int64_t off;
	size_t len;
	char *rec;
	ssize_t got;

	if (origin_split(origin, file, sizeof(file), &line, &col) != 0 ||
	    cdr_at_parse(at, &icol, &off, &len) != 0)
		die("bad origin '%s' or at '%s' in the CDR stream: expected "
		    "FILE:LINE:COL and IDCOL:OFFSET:LENGTH", clip(origin),
		    clip(at));
	rec = xmalloc(len + 1);
	if ((fd = open(file, O_RDONLY)) < 0)
		die("%s: cannot open to set record %ld aside: %s", file, line,
		    strerror(errno));
	got = pread(fd, rec, len, (off_t)off);
	close(fd);
	if (got != (ssize_t)len)
		die("%s: cannot read record %ld back: the file changed while "
		    "it was read", file, line);
	rejw_put(w, file, line, (idcol ? icol : col) - 1, msg, rec, len);
	free(rec);
}


void
rejw_close(struct rejw *w)
{
	if (w == NULL)
		return;
	csvw_close_sync(w->w);
	aside_commit(w->a);
	free(w);
}
