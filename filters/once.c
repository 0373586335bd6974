/*
 * once: keep each CDR that no earlier run billed, once (rules.md §7, "the
 * same CDR is billed once, however often it is delivered").  Reads a CDR
 * file twice: first it sorts 128-bit fingerprints of the cdr_ids, in 64
 * partitions on disk, against the state's sets of billed fingerprints (one
 * sorted file per start month and billing run); then it writes the rows to
 * keep, in their order.  Memory is one partition and a bit per row, not
 * the number of CDRs.  With -f, writes the fingerprints it keeps, as the
 * new sets for post to add to the state.  Two different records with one
 * cdr_id are an error (with -r: both are set aside, not billed).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdr.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "fpset.h"
#include "reject.h"
#include "state.h"
#include "util.h"

static const char synopsis[] =
    "-p YYYY-MM -s STATEDIR [-f NEWDIR] [-r rejects.csv] cdrs.csv\n"
    "-p YYYY-MM -f NEWDIR -x rejected.csv";
static const char options[] =
    "  -p YYYY-MM       the run: sets of this run and later are ignored\n"
    "  -s STATEDIR      the state with the sets of billed CDRs\n"
    "  -f NEWDIR        write the sets of the CDRs kept into NEWDIR\n"
    "  -r rejects.csv   set records with a cdr_id of another record aside\n"
    "  -x rejected.csv  take the CDRs of this stream (rated, then set\n"
    "                   aside) out of the new sets in NEWDIR\n"
    "  cdrs.csv         the run's CDRs (the stream of cdrs; not stdin:\n"
    "                   it is read twice)\n";

#define NPART 64

struct rec {			/* one CDR in a partition */
	uint64_t hi, lo;	/* fingerprint of the cdr_id */
	uint64_t content;	/* hash of what the record says */
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

/* two records of one cdr_id that say different things: both set aside */
struct clash {
	uint32_t row, other;
};

static int period;
static char *tmpdir;
static struct fpset *sets;
static size_t nsets;
static struct clash *clashes;
static size_t nclash, clashcap;
static const char *newdir;

/* new sets, one per start month, written as partitions come in order */
static struct {
	int month;
	struct fpw *w;
} *outs;
static size_t nouts, outcap;

static struct fpw *
out_for(int month)
{
	char name[FPSET_NAMESZ], *p;
	size_t i;

	for (i = 0; i < nouts; i++)
		if (outs[i].month == month)
			return outs[i].w;
	GROW(outs, nouts, outcap);
	p = path_join(newdir, fpset_name(month, period, name));
	outs[nouts].month = month;
	outs[nouts].w = fpw_create(p);
	free(p);
	return outs[nouts++].w;
}

/*
 * billed: mark in seen[] the candidates c[0..n) (sorted by fingerprint)
 * that set s holds.  Few candidates against a large set are looked up one
 * by one; else the set's range is read through once, merging.
 */
static void
billed(const struct fpset *s, const struct rec *c, size_t n,
    unsigned char *seen)
{
	unsigned char buf[16 * 4096];
	uint64_t a, b, i, hi, lo;
	size_t j = 0, have = 0, pos = 0;

	a = fpset_bound(s, 0, s->n, c[0].hi, c[0].lo, 0);
	b = fpset_bound(s, a, s->n, c[n - 1].hi, c[n - 1].lo, 1);
	if (a >= b)
		return;
	if ((b - a) / 64 > n) {
		for (j = 0; j < n; j++) {
			i = fpset_bound(s, a, b, c[j].hi, c[j].lo, 0);
			if (i < b) {
				fpset_get(s, i, &hi, &lo);
				if (hi == c[j].hi && lo == c[j].lo)
					seen[j] = 1;
			}
		}
		return;
	}
	for (i = a; i < b && j < n; i++) {
		if (pos == have) {
			have = fpset_read(s, i, buf, b - i < sizeof(buf) / 16 ?
			    (size_t)(b - i) : sizeof(buf) / 16);
			pos = 0;
		}
		fp_load(buf + pos++ * 16, &hi, &lo);
		while (j < n && fp_cmp(c[j].hi, c[j].lo, hi, lo) < 0)
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
	int c = fp_cmp(x->hi, x->lo, y->hi, y->lo);

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
	return fp_cmp(x->hi, x->lo, y->hi, y->lo);
}

/* first_deliveries: v[0..n) sorted by fingerprint to the first delivery
 * of each cdr_id; an id whose records differ is dropped whole and noted
 * in clashes.  Returns the new count. */
static size_t
first_deliveries(struct rec *v, size_t n)
{
	size_t i, j, k, d, nc = 0;
	int differ;

	sortv(v, n, sizeof(*v), byfp);
	for (i = 0; i < n; i = j) {
		differ = 0;
		for (j = i + 1; j < n && v[j].hi == v[i].hi &&
		    v[j].lo == v[i].lo; j++)
			differ |= v[j].content != v[i].content;
		if (!differ) {
			v[nc++] = v[i];
			continue;
		}
		/* each record is named with one that differs from it */
		for (d = i + 1; v[d].content == v[i].content; d++)
			;
		for (k = i; k < j; k++) {
			GROW(clashes, nclash, clashcap);
			clashes[nclash].row = v[k].row;
			clashes[nclash++].other = v[k].content != v[i].content ?
			    v[i].row : v[d].row;
		}
	}
	return nc;
}

/* decide: the rows of partition k to keep, into keep[] */
static void
decide(int k, unsigned char *keep)
{
	char name[32], *p;
	struct rec *v = NULL, *c;
	unsigned char *seen;
	size_t n, cap, nc, i, j, m0;
	FILE *fp;
	struct stat st;

	snprintf(name, sizeof(name), "part.%02d", k);
	p = path_join(tmpdir, name);
	fp = xfopen(p, "r");
	if (fstat(fileno(fp), &st) != 0)
		die("%s: %s", p, strerror(errno));
	cap = (size_t)st.st_size / sizeof(*v);
	v = xreallocarray(NULL, cap + 1, sizeof(*v));
	n = fread(v, sizeof(*v), cap, fp);
	if (n != cap || ferror(fp))
		die("%s: read error", p);
	fclose(fp);
	free(p);
	nc = first_deliveries(v, n);
	/* and not billed by an earlier run, per start month */
	sortv(v, nc, sizeof(*v), bymonth);
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
		if (newdir != NULL)
			fpw_put(out_for(c->month), c->hi, c->lo);
	}
	free(seen);
	free(v);
}

/* the columns of the CDR stream that say what a record is */
static const char *const content_cols[] = { "customer_id", "start",
	"service", "dst", "billsec", "units", "route_cost", "rule", NULL };

static uint64_t
content_of(const struct csvr *r, const int *cc)
{
	uint64_t h = FNV64_BASIS;
	const char *s;
	size_t n;
	int i;

	for (i = 0; content_cols[i] != NULL; i++) {
		s = csvr_getn(r, cc[i], &n);
		h = fnv1a64_more(h, s, n);
		h = fnv1a64_more(h, "\037", 1);
	}
	return h;
}

static void
make_parts(FILE **part)
{
	char name[32], *p;
	static char tmpl[4200];
	int k;

	snprintf(tmpl, sizeof(tmpl), "%s/.once.XXXXXX", newdir ? newdir :
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	tmp_hold();
	if (mkdtemp(tmpl) == NULL)
		die("%s: cannot create: %s", tmpl, strerror(errno));
	tmpdir = tmpl;
	tmp_add(tmpdir, 1);
	tmp_release();
	for (k = 0; k < NPART; k++) {
		snprintf(name, sizeof(name), "part.%02d", k);
		p = path_join(tmpdir, name);
		if ((part[k] = fopen(p, "w")) == NULL)
			die("%s: cannot create: %s", p, strerror(errno));
		free(p);
	}
}

/* pass 1: fingerprints into partitions; returns the number of rows */
static uint32_t
partition(const char *in)
{
	FILE *part[NPART];
	struct csvr *r = csvr_openpath(in, 0);
	int cid = csvr_need(r, "cdr_id"), cst = csvr_need(r, "start");
	int cc[NELEM(content_cols)], i, k;
	struct rec rec;
	struct fp128 f;
	const char *id;
	uint32_t rows = 0;
	int64_t utc;
	int32_t day;
	size_t n;

	for (i = 0; content_cols[i] != NULL; i++)
		cc[i] = csvr_need(r, content_cols[i]);
	make_parts(part);
	memset(&rec, 0, sizeof(rec));
	while (csvr_next(r)) {
		id = fld_str(r, cid, 1);
		if (ts_parse(csvr_get(r, cst), TZ_AMSTERDAM, &utc) != 0)
			csvr_die(r, cst, "bad start '%s': expected a timestamp",
			    csvr_get(r, cst));
		if (rows == UINT32_MAX)
			csvr_die(r, -1, "too many CDRs in one run");
		csvr_getn(r, cid, &n);
		f = fp128(id, n);
		rec.hi = f.hi;
		rec.lo = f.lo;
		rec.content = content_of(r, cc);
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
		if (fflush(part[k]) != 0 || ferror(part[k]) ||
		    fclose(part[k]) != 0)
			die("%s: write error: %s", tmpdir, strerror(errno));
	return rows;
}

static int
byrow(const void *a, const void *b)
{
	const struct clash *x = a, *y = b;

	return x->row < y->row ? -1 : x->row > y->row;
}

/* where a record of a clash is: its place for messages, its origin and
 * at for the rejects file, and its cdr_id */
struct place {
	uint32_t row;
	char *loc, *origin, *at, *id;
};

static int
byplace(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	return x->row < y->row ? -1 : x->row > y->row;
}

static const struct place *
place_of(const struct place *v, size_t n, uint32_t row)
{
	struct place key = { .row = row };

	return bsearch(&key, v, n, sizeof(*v), byplace);
}

/*
 * report_clashes: name every record of a cdr_id whose records differ,
 * with the other record's place: set aside with rej, else the first ends
 * the program.  The places are read in one more pass, only when there are
 * such records.
 */
static void
report_clashes(const char *in, struct rejw *rej)
{
	struct place *v = NULL;
	const struct place *a, *b;
	struct csvr *r;
	char file[4096];
	size_t n = 0, cap = 0, i, len;
	int co, ca, cid, idcol, col;
	int64_t off;
	uint32_t row;
	long line;
	char *msg;

	/* the rows in a clash, sorted, once each */
	for (i = 0; i < nclash; i++) {
		GROW(v, n, cap);
		memset(&v[n], 0, sizeof(v[n]));
		v[n++].row = clashes[i].row;
	}
	sortv(v, n, sizeof(*v), byplace);
	sortv(clashes, nclash, sizeof(*clashes), byrow);
	r = csvr_openpath(in, 0);
	co = csvr_need(r, "origin");
	ca = csvr_need(r, "at");
	cid = csvr_need(r, "cdr_id");
	for (row = 0; csvr_next(r); row++) {
		struct place *p = (struct place *)place_of(v, n, row);

		if (p == NULL)
			continue;
		if (origin_split(csvr_get(r, co), file, sizeof(file), &line,
		    &col) != 0 || cdr_at_parse(csvr_get(r, ca), &idcol, &off,
		    &len) != 0)
			csvr_die(r, co, "bad origin or at: expected those of cdrs");
		p->loc = xasprintf("%s:%ld:%d", file, line, idcol);
		p->origin = xstrdup(csvr_get(r, co));
		p->at = xstrdup(csvr_get(r, ca));
		p->id = xstrdup(csvr_get(r, cid));
	}
	csvr_close(r);
	for (i = 0; i < nclash; i++) {
		a = place_of(v, n, clashes[i].row);
		b = place_of(v, n, clashes[i].other);
		if (a == NULL || b == NULL || a->loc == NULL || b->loc == NULL)
			die("%s: changed while it was read", in);
		msg = xasprintf("cdr_id '%s' is also that of another record, on "
		    "%s: expected one record per cdr_id (the same record twice "
		    "is one CDR)", clip(a->id), b->loc);
		if (rej == NULL)
			die("%s: %s", a->loc, msg);
		rejw_origin(rej, a->origin, a->at, 1, msg);
		free(msg);
	}
	for (i = 0; i < n; i++) {
		free(v[i].loc);
		free(v[i].origin);
		free(v[i].at);
		free(v[i].id);
	}
	free(v);
}

/* pass 2: the rows to keep, in their order */
static void
write_kept(const char *in, const unsigned char *keep, uint32_t rows)
{
	struct csvr *r = csvr_openpath(in, 0);
	struct csvw *w = csvw_open(stdout, "<stdout>");
	uint32_t row;
	int i;

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
}

/* unbill: take the CDRs of the stream in path out of the new sets of this
 * run in newdir: they were set aside after once kept them */
static void
unbill(const char *path)
{
	struct csvr *r = csvr_openpath(path, 0);
	int cid = csvr_need(r, "cdr_id"), cst = csvr_need(r, "start");
	struct rec *v = NULL;
	size_t n = 0, cap = 0, i, j, k;
	struct fpset *ns;
	size_t nns;
	struct fp128 f;
	int64_t utc;
	char *tmp;
	struct fpw *w;
	struct tmpref *ref;
	uint64_t x, hi, lo;

	while (csvr_next(r)) {
		if (ts_parse(csvr_get(r, cst), TZ_AMSTERDAM, &utc) != 0)
			csvr_die(r, cst, "bad start '%s': expected a timestamp",
			    csvr_get(r, cst));
		GROW(v, n, cap);
		memset(&v[n], 0, sizeof(v[n]));
		f = fp128(csvr_get(r, cid), strlen(csvr_get(r, cid)));
		v[n].hi = f.hi;
		v[n].lo = f.lo;
		v[n++].month = (int16_t)period_of(ams_date(utc));
	}
	csvr_close(r);
	if (n == 0)
		return;
	sortv(v, n, sizeof(*v), bymonth);
	fpsets_load(newdir, period + 1, &ns, &nns);
	for (k = 0; k < nns; k++) {
		if (ns[k].run != period)
			continue;
		tmp = xasprintf("%s.new", ns[k].path);
		ref = tmp_add(tmp, 0);
		w = fpw_create(tmp);
		for (i = 0; i < n && v[i].month != ns[k].month; i++)
			;
		for (x = 0; x < ns[k].n; x++) {
			fpset_get(&ns[k], x, &hi, &lo);
			for (j = i; j < n && v[j].month == ns[k].month &&
			    fp_cmp(v[j].hi, v[j].lo, hi, lo) < 0; j++)
				;
			if (j < n && v[j].month == ns[k].month &&
			    v[j].hi == hi && v[j].lo == lo)
				continue;
			fpw_put(w, hi, lo);
		}
		fpw_close(w);
		tmp_hold();
		if (rename(tmp, ns[k].path) != 0)
			die("%s: cannot rename into place: %s", ns[k].path,
			    strerror(errno));
		tmp_keep(ref);
		tmp_release();
		free(tmp);
	}
	fpsets_free(ns, nns);
	free(v);
}

int
main(int argc, char *argv[])
{
	const char *statedir = NULL, *rejf = NULL, *unbillf = NULL;
	struct rejw *rej = NULL;
	unsigned char *keep;
	uint32_t rows;
	char *dir;
	int ch;
	size_t j;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:s:f:r:x:")) != -1) {
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
		case 'r':
			rejf = optarg;
			break;
		case 'x':
			unbillf = optarg;
			break;
		}
	}
	if (unbillf != NULL) {
		if (optind != argc || period < 0 || newdir == NULL)
			usage(stderr, 2);
		unbill(unbillf);
		return 0;
	}
	if (optind + 1 != argc || period < 0 || statedir == NULL)
		usage(stderr, 2);
	dir = state_dir(statedir);
	fpsets_load(dir, period, &sets, &nsets);
	free(dir);

	rows = partition(argv[optind]);
	keep = xcalloc((size_t)rows / 8 + 1, 1);
	for (ch = 0; ch < NPART; ch++)
		decide(ch, keep);
	for (j = 0; j < nouts; j++)
		fpw_close(outs[j].w);
	free(outs);
	if (rejf != NULL)
		rej = rejw_open(rejf);
	if (nclash > 0)
		report_clashes(argv[optind], rej);
	rejw_close(rej);
	write_kept(argv[optind], keep, rows);

	free(keep);
	free(clashes);
	fpsets_free(sets, nsets);
	return 0;
}
