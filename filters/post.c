/*
 * post: make a run's invoices part of the state (rules.md §1, §8): add its
 * billed items to billed.csv, its invoices to the register and a row with
 * the digest of its outputs to runs.csv, all in one atomic switch of the
 * state's generation.  A rerun of a posted period changes nothing, and is
 * refused when its outputs differ from what was posted; a period before the
 * last posted one is refused.  Run it under the state lock.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "state.h"
#include "util.h"

struct run {
	int period;
	int32_t date;
	char *digest;
	char *f[16];		/* the row as read, by runs_cols */
};

static const char *statedir;
static int period;
static int32_t date = DATE_NONE;
static struct run *runs;
static size_t nruns;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -s STATEDIR [-d YYYY-MM-DD] "
	    "-n\n       %s -p YYYY-MM -s STATEDIR [-d YYYY-MM-DD] "
	    "-b posting.csv [-f FPDIR] [-u totals.csv] OUTDIR\n", progname,
	    progname);
	exit(status);
}

static int need_all(const struct csvr *r, const char *const *cols, int *c);

static void
read_runs(void)
{
	char *path;
	FILE *fp = state_open(statedir, "runs.csv", &path);
	struct csvr *r;
	size_t cap = 0;
	int cp, cd, cg, c[16], n, i;

	if (fp == NULL) {
		free(path);
		return;
	}
	r = csvr_open(fp, path, 0);
	cp = csvr_need(r, "period");
	cd = csvr_need(r, "invoice_date");
	cg = csvr_need(r, "digest");
	n = need_all(r, runs_cols, c);
	while (csvr_next(r)) {
		GROW(runs, nruns, cap);
		for (i = 0; i < n; i++)
			runs[nruns].f[i] = xstrdup(csvr_get(r, c[i]));
		if (period_parse(fld_str(r, cp, 1), &runs[nruns].period) != 0)
			csvr_die(r, cp, "bad period: expected YYYY-MM");
		runs[nruns].date = fld_date(r, cd, 1);
		runs[nruns].digest = xstrdup(fld_str(r, cg, 1));
		nruns++;
	}
	csvr_close(r);
	free(path);
}

/* digest: of a run's CSV outputs, to tell a faithful rerun */
static void
digest(const char *outdir, char *buf)
{
	static const char *const files[] = { "invoices.csv", "lines.csv",
		"usage.csv" };
	uint64_t h = 0xcbf29ce484222325ULL;
	char chunk[65536], *p;
	size_t i, n, k;
	FILE *fp;

	for (i = 0; i < NELEM(files); i++) {
		p = path_join(outdir, files[i]);
		fp = fopen(p, "r");
		if (fp == NULL && errno != ENOENT)
			die("%s: cannot open: %s", p, strerror(errno));
		free(p);
		if (fp == NULL)
			continue;
		for (k = 0; files[i][k]; k++)
			h = (h ^ (unsigned char)files[i][k]) * 0x100000001b3ULL;
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			for (k = 0; k < n; k++)
				h = (h ^ (unsigned char)chunk[k]) *
				    0x100000001b3ULL;
		fclose(fp);
	}
	snprintf(buf, 17, "%016llx", (unsigned long long)h);
}

/* check: may a run of the period go ahead?  Returns the posted run of the
 * period, or NULL for a new one. */
static const struct run *
check(void)
{
	const struct run *last = NULL, *same = NULL;
	char a[8], b[8], d1[DATE_BUFSZ], d2[DATE_BUFSZ];
	size_t i;

	for (i = 0; i < nruns; i++) {
		if (last == NULL || runs[i].period > last->period)
			last = &runs[i];
		if (runs[i].period == period)
			same = &runs[i];
	}
	if (same != NULL) {
		if (date != DATE_NONE && date != same->date)
			die("period %s was invoiced on %s: a rerun must use the "
			    "same invoice date, not %s", period_fmt(period, a),
			    date_fmt(same->date, d1), date_fmt(date, d2));
		return same;
	}
	if (last != NULL && period < last->period)
		die("period %s is before the last posted period %s: runs go "
		    "forward, and only a posted period can be rerun",
		    period_fmt(period, a), period_fmt(last->period, b));
	if (last != NULL && date != DATE_NONE && date < last->date)
		die("invoice date %s is before %s, the date of the last posted "
		    "run: numbers and dates must rise together",
		    date_fmt(date, d1), date_fmt(last->date, d2));
	return NULL;
}

/* copy the rows of r, column by column of cols, to w */
static void
copy_row(struct csvw *w, const struct csvr *r, const int *c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		csvw_str(w, csvr_get(r, c[i]));
	csvw_end(w);
}

static int
need_all(const struct csvr *r, const char *const *cols, int *c)
{
	int n;

	for (n = 0; cols[n] != NULL; n++)
		c[n] = csvr_need(r, cols[n]);
	return n;
}

/* billed.csv = the old rows merged with the posting, by customer */
static void
write_billed(struct gen *g, const char *postf)
{
	char *path;
	FILE *fp = state_open(statedir, "billed.csv", &path);
	FILE *o = gen_create(g, "billed.csv");
	struct csvr *old = fp ? csvr_open(fp, path, 0) : NULL;
	struct csvr *add = csvr_openpath(postf, 0);
	struct csvw *w = csvw_open(o, "billed.csv");
	int co[16], ca[16], n, hold, hadd;

	csvw_header(w, billed_cols);
	n = need_all(add, billed_cols, ca);
	if (old != NULL)
		need_all(old, billed_cols, co);
	hold = old != NULL && csvr_next(old);
	hadd = csvr_next(add);
	while (hold || hadd) {
		if (hold && (!hadd || strcmp(csvr_get(old, co[0]),
		    csvr_get(add, ca[0])) <= 0)) {
			copy_row(w, old, co, n);
			hold = csvr_next(old);
		} else {
			copy_row(w, add, ca, n);
			hadd = csvr_next(add);
		}
	}
	csvw_close_sync(w);
	csvr_close(old);
	csvr_close(add);
	free(path);
}

struct totals {
	long n;
	int64_t net, vat, gross;
	char first[64], last[64];
};

/* invoices.csv of the register = the old rows and the run's invoices */
static void
write_register(struct gen *g, const char *outdir, struct totals *t)
{
	char *path, *ip = path_join(outdir, "invoices.csv");
	FILE *fp = state_open(statedir, "invoices.csv", &path);
	FILE *o = gen_create(g, "invoices.csv");
	struct csvr *old = fp ? csvr_open(fp, path, 0) : NULL;
	struct csvr *add = csvr_openpath(ip, 0);
	struct csvw *w = csvw_open(o, "invoices.csv");
	int co[16], ca[16], n, cn, cv, cg;

	csvw_header(w, register_cols);
	n = need_all(add, register_cols, ca);
	if (old != NULL) {
		need_all(old, register_cols, co);
		while (csvr_next(old))
			copy_row(w, old, co, n);
	}
	cn = csvr_need(add, "net");
	cv = csvr_need(add, "vat");
	cg = csvr_need(add, "gross");
	while (csvr_next(add)) {
		copy_row(w, add, ca, n);
		if (t->n++ == 0)
			snprintf(t->first, sizeof(t->first), "%s",
			    csvr_get(add, ca[0]));
		snprintf(t->last, sizeof(t->last), "%s", csvr_get(add, ca[0]));
		if (madd(t->net, fld_money(add, cn, MONEY_CENTS, 1, 0),
		    &t->net) != 0 || madd(t->vat, fld_money(add, cv,
		    MONEY_CENTS, 1, 0), &t->vat) != 0 || madd(t->gross,
		    fld_money(add, cg, MONEY_CENTS, 1, 0), &t->gross) != 0)
			csvr_die(add, cg, "amount overflow in the run's totals");
	}
	csvw_close_sync(w);
	csvr_close(old);
	csvr_close(add);
	free(path);
	free(ip);
}

/* usage-totals.csv = the old rows and the run's totals per customer and
 * month of usage, for the high-usage list of later runs */
static void
write_totals(struct gen *g, const char *totf)
{
	static const char *const cols[] = { "customer_id", "month", "amount",
		"period", NULL };
	char *path;
	FILE *fp = state_open(statedir, "usage-totals.csv", &path);
	FILE *o = gen_create(g, "usage-totals.csv");
	struct csvr *old = fp ? csvr_open(fp, path, 0) : NULL;
	struct csvr *add = csvr_openpath(totf, 0);
	struct csvw *w = csvw_open(o, "usage-totals.csv");
	int co[8], ca[8], n;

	csvw_header(w, cols);
	n = need_all(add, cols, ca);
	if (old != NULL) {
		need_all(old, cols, co);
		while (csvr_next(old))
			copy_row(w, old, co, n);
	}
	while (csvr_next(add))
		copy_row(w, add, ca, n);
	csvw_close_sync(w);
	csvr_close(old);
	csvr_close(add);
	free(path);
}

/* the run's sets of billed CDR fingerprints, cdrs.MONTH.RUN.fp */
static void
import_sets(struct gen *g, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *p;

	if (d == NULL)
		die("%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "cdrs.", 5) != 0 ||
		    strcmp(e->d_name + strlen(e->d_name) - 3, ".fp") != 0)
			continue;
		p = path_join(dir, e->d_name);
		gen_import(g, p, e->d_name);
		free(p);
	}
	closedir(d);
}

static void
write_runs(struct gen *g, const struct totals *t, const char *dg)
{
	FILE *o = gen_create(g, "runs.csv");
	struct csvw *w = csvw_open(o, "runs.csv");
	char ym[8];
	size_t i, j;

	csvw_header(w, runs_cols);
	for (i = 0; i < nruns; i++) {
		for (j = 0; runs_cols[j] != NULL; j++)
			csvw_str(w, runs[i].f[j]);
		csvw_end(w);
	}
	csvw_str(w, period_fmt(period, ym));
	csvw_date(w, date);
	csvw_int(w, t->n);
	csvw_str(w, t->first);
	csvw_str(w, t->last);
	csvw_money(w, t->net, MONEY_CENTS);
	csvw_money(w, t->vat, MONEY_CENTS);
	csvw_money(w, t->gross, MONEY_CENTS);
	csvw_str(w, dg);
	csvw_end(w);
	csvw_close_sync(w);
}

int
main(int argc, char *argv[])
{
	const char *postf = NULL, *outdir, *fpdir = NULL, *totf = NULL;
	const struct run *posted;
	struct totals t;
	struct gen *g;
	char dg[17], ym[8];
	int ch, dry = 0;
	size_t i;

	prog_init(argc, argv, usage);
	period = -1;
	while ((ch = getopt(argc, argv, "p:s:d:b:f:u:n")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 's':
			statedir = optarg;
			break;
		case 'd':
			date = date_opt(optarg);
			break;
		case 'b':
			postf = optarg;
			break;
		case 'f':
			fpdir = optarg;
			break;
		case 'u':
			totf = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (period < 0 || statedir == NULL || (dry && optind != argc) ||
	    (!dry && (optind + 1 != argc || postf == NULL)))
		usage(stderr, 2);
	if (date == DATE_NONE)
		date = period_first(period);
	read_runs();
	posted = check();
	if (dry)
		goto done;
	outdir = argv[optind];
	digest(outdir, dg);
	if (posted != NULL) {
		if (strcmp(posted->digest, dg) != 0)
			die("period %s was posted with other results: the "
			    "inputs changed since; an issued invoice is never "
			    "changed, so bill the change in the next period",
			    period_fmt(period, ym));
		goto done;	/* a faithful rerun: nothing changes */
	}
	memset(&t, 0, sizeof(t));
	g = gen_begin(statedir);
	write_billed(g, postf);
	write_register(g, outdir, &t);
	if (totf != NULL)
		write_totals(g, totf);
	if (fpdir != NULL)
		import_sets(g, fpdir);
	write_runs(g, &t, dg);
	gen_commit(g);
done:
	for (i = 0; i < nruns; i++) {
		free(runs[i].digest);
		for (ch = 0; runs_cols[ch] != NULL; ch++)
			free(runs[i].f[ch]);
	}
	free(runs);
	return 0;
}
