/*
 * once: keep each CDR that no earlier run billed, once (rules.md §7, "the
 * same CDR is billed once, however often it is delivered").  Reads a CDR
 * file twice: first it sorts 128-bit fingerprints of the cdr_ids, in 64
 * partitions on disk, against the state's sets of billed fingerprints (one
 * sorted file per start month and billing run); then it writes the rows to
 * keep, in their order.  Memory is one partition and a bit per row, not
 * the number of CDRs.  With -f, writes the fingerprints it keeps, as the
 * new sets for post to add to the state.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "date.h"
#include "field.h"
#include "state.h"
#include "util.h"

#define NPART 64
#define MAGIC "BILLFP01"	/* then 16-byte big-endian fingerprints */

struct rec {			/* one CDR in a partition */
	uint64_t hi, lo;
	uint32_t row;
	int16_t month;		/* start month, as months since year 0 */
	uint8_t edge;		/* EDGE_FIRST, EDGE_LAST: on a month's edge */
	uint8_t pad;
};

/*
 * A CDR that starts on the first or last day of its month is also looked
 * up in the sets of the month next to it: the same record exported again
 * in another time zone (UTC against Amsterdam time) moves across the
 * boundary, and is still the same CDR.
 */
enum { EDGE_FIRST = 1, EDGE_LAST = 2 };

struct set {			/* a state file of billed fingerprints */
	char *path;
	int month, run;
	int fd;
	uint64_t n;
};

static int period;
static char *tmpdir;
static struct set *sets;
static size_t nsets;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -s STATEDIR [-f NEWDIR] cdrs.csv\n",
	    progname);
	exit(status);
}

static void
rmtmp(void)
{
	char name[32], *p;
	int k;

	if (tmpdir == NULL)
		return;
	for (k = 0; k < NPART; k++) {
		snprintf(name, sizeof(name), "part.%02d", k);
		p = path_join(tmpdir, name);
		unlink(p);
		free(p);
	}
	rmdir(tmpdir);
}

static void
put64(unsigned char *b, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)v;
}

static uint64_t
get64(const unsigned char *b)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

/* sets of the state: cdrs.START-MONTH.RUN-PERIOD.fp, runs before ours */
static void
open_sets(const char *statedir)
{
	char *dir = state_dir(statedir), *p;
	DIR *d;
	struct dirent *e;
	struct stat st;
	size_t cap = 0;
	char m[8], r[8], magic[8];
	int month, run;

	if (dir == NULL)
		return;
	if ((d = opendir(dir)) == NULL)
		die("%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "cdrs.", 5) != 0 ||
		    strlen(e->d_name) != 23 ||
		    strcmp(e->d_name + 20, ".fp") != 0)
			continue;
		memcpy(m, e->d_name + 5, 7);
		memcpy(r, e->d_name + 13, 7);
		m[7] = r[7] = '\0';
		if (period_parse(m, &month) != 0 || period_parse(r, &run) != 0)
			die("%s/%s: unexpected name: expected "
			    "cdrs.YYYY-MM.YYYY-MM.fp", dir, e->d_name);
		if (run >= period)
			continue;	/* a later run: a rerun ignores it */
		GROW(sets, nsets, cap);
		sets[nsets].path = path_join(dir, e->d_name);
		sets[nsets].month = month;
		sets[nsets].run = run;
		p = sets[nsets].path;
		if ((sets[nsets].fd = open(p, O_RDONLY)) < 0 ||
		    fstat(sets[nsets].fd, &st) != 0)
			die("%s: cannot open: %s", p, strerror(errno));
		if (st.st_size < 8 || (st.st_size - 8) % 16 != 0 ||
		    pread(sets[nsets].fd, magic, 8, 0) != 8 ||
		    memcmp(magic, MAGIC, 8) != 0)
			die("%s: not a set of billed CDRs", p);
		sets[nsets].n = (uint64_t)(st.st_size - 8) / 16;
		nsets++;
	}
	closedir(d);
	free(dir);
}

/* at: the fingerprint at index i of set s */
static void
at(const struct set *s, uint64_t i, uint64_t *hi, uint64_t *lo)
{
	unsigned char b[16];

	if (pread(s->fd, b, 16, 8 + (off_t)i * 16) != 16)
		die("%s: read error", s->path);
	*hi = get64(b);
	*lo = get64(b + 8);
}

static int
fpcmp(uint64_t ahi, uint64_t alo, uint64_t bhi, uint64_t blo)
{
	if (ahi != bhi)
		return ahi < bhi ? -1 : 1;
	return alo < blo ? -1 : alo > blo;
}

/* bound: in [a, b) of s, the first index not below (hi, lo), or with
 * upper, the first index above it */
static uint64_t
bound(const struct set *s, uint64_t a, uint64_t b, uint64_t hi, uint64_t lo,
    int upper)
{
	uint64_t m, h, l;
	int c;

	while (a < b) {
		m = a + (b - a) / 2;
		at(s, m, &h, &l);
		c = fpcmp(h, l, hi, lo);
		if (c < 0 || (upper && c == 0))
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/*
 * billed: mark in seen[] the candidates c[0..n) (sorted by fingerprint)
 * that set s holds.  Few candidates against a large set are looked up one
 * by one; else the set's range is read through once, merging.
 */
static void
billed(const struct set *s, const struct rec *c, size_t n, unsigned char *seen)
{
	uint64_t a, b, i, hi, lo;
	size_t j = 0;
	unsigned char buf[16 * 4096];
	size_t have = 0, pos = 0;

	a = bound(s, 0, s->n, c[0].hi, c[0].lo, 0);
	b = bound(s, a, s->n, c[n - 1].hi, c[n - 1].lo, 1);
	if (a >= b)
		return;
	if ((b - a) / 64 > n) {
		for (j = 0; j < n; j++) {
			i = bound(s, a, b, c[j].hi, c[j].lo, 0);
			if (i < b) {
				at(s, i, &hi, &lo);
				if (hi == c[j].hi && lo == c[j].lo)
					seen[j] = 1;
			}
		}
		return;
	}
	for (i = a; i < b && j < n; i++) {
		if (pos == have) {
			size_t want = sizeof(buf) / 16;
			ssize_t got;

			if (b - i < want)
				want = (size_t)(b - i);
			got = pread(s->fd, buf, want * 16, 8 + (off_t)i * 16);
			if (got != (ssize_t)(want * 16))
				die("%s: read error", s->path);
			have = want;
			pos = 0;
		}
		hi = get64(buf + pos * 16);
		lo = get64(buf + pos * 16 + 8);
		pos++;
		while (j < n && fpcmp(c[j].hi, c[j].lo, hi, lo) < 0)
			j++;
		if (j < n && c[j].hi == hi && c[j].lo == lo)
			seen[j] = 1;
	}
}

/* neighbours: look the candidates on edge of their month (sorted by
 * fingerprint) up in the sets of the month at offset d as well */
static void
neighbours(const struct rec *c, size_t n, unsigned char *seen, int edge,
    int d)
{
	struct rec *t;
	size_t *at, nt = 0, i, j;
	unsigned char *ts;

	for (j = 0; j < nsets; j++)
		if (sets[j].month == c[0].month + d && sets[j].n > 0)
			break;
	if (j == nsets)
		return;
	t = xreallocarray(NULL, n + 1, sizeof(*t));
	at = xreallocarray(NULL, n + 1, sizeof(*at));
	for (i = 0; i < n; i++)
		if ((c[i].edge & edge) && !seen[i]) {
			t[nt] = c[i];
			at[nt++] = i;
		}
	ts = xcalloc(nt + 1, 1);
	for (j = 0; nt > 0 && j < nsets; j++)
		if (sets[j].month == c[0].month + d && sets[j].n > 0)
			billed(&sets[j], t, nt, ts);
	for (i = 0; i < nt; i++)
		if (ts[i])
			seen[at[i]] = 1;
	free(ts);
	free(at);
	free(t);
}

static int
byfp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int c = fpcmp(x->hi, x->lo, y->hi, y->lo);

	if (c != 0)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int
bymonth(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	return fpcmp(x->hi, x->lo, y->hi, y->lo);
}

/* new sets, one per start month, written as partitions come in order */
struct out {
	int month;
	FILE *fp;
	char *path;
};
static struct out *outs;
static size_t nouts;
static const char *newdir;

static FILE *
out_for(int month)
{
	char name[32], ym[8], rp[8];
	size_t i;
	static size_t cap;

	for (i = 0; i < nouts; i++)
		if (outs[i].month == month)
			return outs[i].fp;
	GROW(outs, nouts, cap);
	snprintf(name, sizeof(name), "cdrs.%s.%s.fp", period_fmt(month, ym),
	    period_fmt(period, rp));
	outs[nouts].month = month;
	outs[nouts].path = path_join(newdir, name);
	if ((outs[nouts].fp = fopen(outs[nouts].path, "w")) == NULL)
		die("%s: cannot create: %s", outs[nouts].path, strerror(errno));
	fwrite(MAGIC, 1, 8, outs[nouts].fp);
	return outs[nouts++].fp;
}

/* decide: the rows of partition k to keep, into keep[] */
static void
decide(int k, unsigned char *keep)
{
	char name[32], *p;
	struct rec *v = NULL, *c;
	unsigned char *seen, b[16];
	size_t n = 0, cap = 0, nc = 0, i, j, m0;
	FILE *fp;
	struct stat st;

	snprintf(name, sizeof(name), "part.%02d", k);
	p = path_join(tmpdir, name);
	if ((fp = fopen(p, "r")) == NULL)
		die("%s: %s", p, strerror(errno));
	if (fstat(fileno(fp), &st) != 0)
		die("%s: %s", p, strerror(errno));
	cap = (size_t)st.st_size / sizeof(*v);
	v = xreallocarray(NULL, cap + 1, sizeof(*v));
	n = fread(v, sizeof(*v), cap, fp);
	if (n != cap || ferror(fp))
		die("%s: read error", p);
	fclose(fp);
	free(p);
	/* the first delivery of each id in this run */
	qsort(v, n, sizeof(*v), byfp);
	for (i = 0; i < n; i++)
		if (i == 0 || v[i].hi != v[nc - 1].hi || v[i].lo != v[nc - 1].lo)
			v[nc++] = v[i];
	/* and not billed by an earlier run, per start month */
	qsort(v, nc, sizeof(*v), bymonth);
	seen = xcalloc(nc + 1, 1);
	for (i = 0; i < nc; i = m0) {
		for (m0 = i; m0 < nc && v[m0].month == v[i].month; m0++)
			;
		for (j = 0; j < nsets; j++)
			if (sets[j].month == v[i].month && sets[j].n > 0)
				billed(&sets[j], v + i, m0 - i, seen + i);
		neighbours(v + i, m0 - i, seen + i, EDGE_FIRST, -1);
		neighbours(v + i, m0 - i, seen + i, EDGE_LAST, 1);
	}
	for (i = 0; i < nc; i++) {
		c = &v[i];
		if (seen[i])
			continue;
		keep[c->row / 8] |= (unsigned char)(1u << (c->row % 8));
		if (newdir != NULL) {
			put64(b, c->hi);
			put64(b + 8, c->lo);
			fwrite(b, 1, 16, out_for(c->month));
		}
	}
	free(seen);
	free(v);
}

int
main(int argc, char *argv[])
{
	const char *statedir = NULL, *in;
	struct csvr *r;
	struct csvw *w;
	FILE *part[NPART];
	struct rec rec;
	struct fp128 f;
	unsigned char *keep;
	char name[32], *p;
	static char tmpl[4096];	/* rmtmp uses it at exit, after main */
	const char *id;
	uint32_t rows = 0, row;
	int64_t utc;
	int32_t day;
	int ch, k, cid, cst, i;
	size_t j;

	prog_init(argc, argv, usage);
	period = -1;
	while ((ch = getopt(argc, argv, "p:s:f:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 's':
			statedir = optarg;
			break;
		case 'f':
			newdir = optarg;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind + 1 != argc || period < 0 || statedir == NULL)
		usage(stderr, 2);
	in = argv[optind];
	open_sets(statedir);

	snprintf(tmpl, sizeof(tmpl), "%s/.once.XXXXXX", newdir ? newdir :
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpl) == NULL)
		die("%s: cannot create: %s", tmpl, strerror(errno));
	tmpdir = tmpl;
	atexit(rmtmp);
	for (k = 0; k < NPART; k++) {
		snprintf(name, sizeof(name), "part.%02d", k);
		p = path_join(tmpdir, name);
		if ((part[k] = fopen(p, "w")) == NULL)
			die("%s: %s", p, strerror(errno));
		free(p);
	}

	/* pass 1: fingerprints into partitions */
	r = csvr_openpath(in, 0);
	cid = csvr_need(r, "cdr_id");
	cst = csvr_need(r, "start");
	memset(&rec, 0, sizeof(rec));
	while (csvr_next(r)) {
		id = fld_str(r, cid, 1);
		if (ts_parse(csvr_get(r, cst), TZ_AMSTERDAM, &utc) != 0)
			csvr_die(r, cst, "bad start '%s': expected a timestamp",
			    csvr_get(r, cst));
		if (rows == UINT32_MAX)
			csvr_die(r, -1, "too many CDRs in one run");
		f = fp128(id, strlen(id));
		rec.hi = f.hi;
		rec.lo = f.lo;
		rec.row = rows++;
		day = ams_date(utc);
		rec.month = (int16_t)period_of(day);
		rec.edge = (day == month_first(day) ? EDGE_FIRST : 0) |
		    (day == month_last(day) ? EDGE_LAST : 0);
		if (fwrite(&rec, sizeof(rec), 1, part[f.hi >> 58]) != 1)
			die("%s: write error: %s", tmpdir, strerror(errno));
	}
	csvr_close(r);
	for (k = 0; k < NPART; k++)
		if (fclose(part[k]) != 0)
			die("%s: write error: %s", tmpdir, strerror(errno));

	/* the decision, a partition at a time */
	keep = xcalloc((size_t)rows / 8 + 1, 1);
	for (k = 0; k < NPART; k++)
		decide(k, keep);
	for (j = 0; j < nouts; j++) {
		if (fflush(outs[j].fp) != 0 || fsync(fileno(outs[j].fp)) != 0 ||
		    fclose(outs[j].fp) != 0)
			die("%s: write error: %s", outs[j].path, strerror(errno));
		free(outs[j].path);
	}
	free(outs);

	/* pass 2: the rows to keep, in their order */
	r = csvr_openpath(in, 0);
	w = csvw_open(stdout, "<stdout>");
	for (i = 0; i < csvr_ncols(r); i++)
		csvw_str(w, csvr_colname(r, i));
	csvw_end(w);
	for (row = 0; csvr_next(r); row++) {
		if (row >= rows)
			die("%s: changed while it was read", in);
		if (!(keep[row / 8] & (1u << (row % 8))))
			continue;
		for (i = 0; i < csvr_ncols(r); i++)
			csvw_copy(w, r, i);
		csvw_end(w);
	}
	csvr_close(r);
	csvw_close(w);
	free(keep);
	for (j = 0; j < nsets; j++) {
		close(sets[j].fd);
		free(sets[j].path);
	}
	free(sets);
	return 0;
}
