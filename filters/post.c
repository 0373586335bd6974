/*
 * post: make a run's invoices part of the state (rules.md §1, §8): add its
 * billed items to billed.csv, its invoices to the register and a row with
 * the digest of its outputs to runs.csv, all in one atomic switch of the
 * state's generation, under the state's lock.  A rerun of a posted period
 * changes nothing, and is refused when its outputs differ from what was
 * posted; a period before the last posted one is refused.
 */
#include <dirent.h>
#include <openssl/evp.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions.h"
#include "allowance.h"
#include "billed.h"
#include "csvio.h"
#include "date.h"
#include "debits.h"
#include "fpset.h"
#include "invoices.h"
#include "money.h"
#include "openitems.h"
#include "outbox.h"
#include "receipts.h"
#include "runs.h"
#include "state.h"
#include "totals.h"
#include "util.h"

static const char synopsis[] =
    "-p YYYY-MM -s STATEDIR [-d YYYY-MM-DD] -n\n"
    "-p YYYY-MM -s STATEDIR [-d YYYY-MM-DD] [-l FD] -b posting.csv "
    "[-f FPDIR] [-u totals.csv] [-a allowances.csv] [-D debits.csv] "
    "[-F fees.csv] [-O FOLDER] OUTDIR\n"
    "-k dunning -d YYYY-MM-DD -s STATEDIR [-l FD] -R receipts.csv "
    "-A actions.csv -F charges.csv [-O FOLDER]";
static const char options[] =
    "  -p YYYY-MM      the run month\n"
    "  -s STATEDIR     the state folder\n"
    "  -d YYYY-MM-DD   the run's invoice date (default: the month's first)\n"
    "  -n              only check that the run may go ahead\n"
    "  -l FD           the lock of STATEDIR is held on descriptor FD\n"
    "                  (bill-run); without it post takes the lock itself\n"
    "  -b posting.csv  the billed items of the run (from invoice -b)\n"
    "  -f FPDIR        the run's new sets of billed CDRs (from once -f)\n"
    "  -u totals.csv   the run's usage totals (from usage -u)\n"
    "  -a allowances.csv  what the run used of the bundles (bundle -w)\n"
    "  -D debits.csv   the run's direct debits (sepa -w)\n"
    "  OUTDIR          the run's output folder, with invoices.csv\n"
    "  -k dunning      post a dunning run of day -d instead (-k bill: the\n"
    "                  default)\n"
    "  -R receipts.csv the receipts the dunning run applied (reconcile)\n"
    "  -A actions.csv  the steps it took\n"
    "  -F charges.csv  the fees it charged, for the next bill-run (a\n"
    "                  bill-run: its paper invoices' fees, render -F)\n"
    "  -O FOLDER       the run's folder once in place: listed in the\n"
    "                  state's outbox.csv, for mailout (send-run)\n";

static const char *statedir;
static int period;
static int32_t date = DATE_NONE;
static struct runs runs;

/* hash_file: h continued over the name and the bytes of outdir/rel, when
 * it exists */
static uint64_t
hash_file(uint64_t h, const char *outdir, const char *rel)
{
	char chunk[65536], *p = path_join(outdir, rel);
	FILE *fp = fopen(p, "r");
	size_t n;

	if (fp == NULL && errno != ENOENT)
		die("%s: cannot open: %s", p, strerror(errno));
	if (fp != NULL) {
		h = fnv1a64_more(h, rel, strlen(rel));
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			h = fnv1a64_more(h, chunk, n);
		if (ferror(fp))
			die("%s: read error", p);
		fclose(fp);
	}
	free(p);
	return h;
}

static int
xml_name(const struct dirent *e)
{
	size_t len = strlen(e->d_name);

	return len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0;
}

/* the files of a run that its digest covers: its CSV outputs and its SEPA
 * batch, in this order (README: to verify a run with coreutils) */
static const char *const digested[] = { "invoices.csv", "lines.csv",
	"usage.csv" };

/* sepa_files: the run's sepa/NAME.xml, in byte order (the drivers' LC_ALL=C
 * alphasort), *n of them (-1: no folder) */
static struct dirent **
sepa_files(const char *outdir, int *n)
{
	struct dirent **v = NULL;
	char *dir = path_join(outdir, "sepa");

	if ((*n = scandir(dir, &v, xml_name, alphasort)) < 0 &&
	    errno != ENOENT)
		die("%s: cannot read: %s", dir, strerror(errno));
	free(dir);
	return v;
}

/* digest_fnv: the digest of the states of before SHA-256 (16 hex digits),
 * to tell a faithful rerun of a period they posted */
static void
digest_fnv(const char *outdir, char *buf)
{
	struct dirent **v;
	uint64_t h = FNV64_BASIS;
	char *rel;
	size_t i;
	int n, k;

	for (i = 0; i < NELEM(digested); i++)
		h = hash_file(h, outdir, digested[i]);
	v = sepa_files(outdir, &n);
	for (k = 0; k < n; k++) {
		rel = xasprintf("sepa/%s", v[k]->d_name);
		h = hash_file(h, outdir, rel);
		free(rel);
		free(v[k]);
	}
	if (n >= 0)
		free(v);
	snprintf(buf, 17, "%016llx", (unsigned long long)h);
}

/* sha256_hex: the SHA-256 of the n bytes at p, or of the file at path
 * (p NULL), as sha256sum prints it, into hex (65 bytes); 0, or -1 when
 * the file does not exist */
static int
sha256_hex(const char *path, const void *p, size_t n, char *hex)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE], *chunk;
	unsigned int len, i;
	FILE *fp = NULL;
	size_t k;

	if (path != NULL && (fp = fopen(path, "r")) == NULL) {
		EVP_MD_CTX_free(c);
		if (errno != ENOENT)
			die("%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (c == NULL || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		die("libcrypto: cannot start SHA-256");
	if (fp != NULL) {
		chunk = xmalloc(1 << 20);
		while ((k = fread(chunk, 1, 1 << 20, fp)) > 0)
			if (EVP_DigestUpdate(c, chunk, k) != 1)
				die("libcrypto: SHA-256 failed");
		if (ferror(fp))
			die("%s: read error", path);
		fclose(fp);
		free(chunk);
	} else if (EVP_DigestUpdate(c, p, n) != 1)
		die("libcrypto: SHA-256 failed");
	if (EVP_DigestFinal_ex(c, md, &len) != 1)
		die("libcrypto: SHA-256 failed");
	EVP_MD_CTX_free(c);
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/*
 * digest: of a run's CSV outputs and its SEPA batch, to tell a faithful
 * rerun (one that would send another batch is not): the SHA-256 of what
 * `sha256sum invoices.csv lines.csv usage.csv sepa/NAME.xml ...` prints in the
 * run's folder (the files there, in that order), so that an auditor can
 * recompute it with coreutils (README); into buf (65 bytes)
 */
static void
digest(const char *outdir, char *buf)
{
	struct sbuf list = { 0 };
	struct dirent **v;
	char hex[65], *rel, *p;
	size_t i;
	int n, k;

	for (i = 0; i < NELEM(digested); i++) {
		p = path_join(outdir, digested[i]);
		if (sha256_hex(p, NULL, 0, hex) == 0)
			sb_addf(&list, "%s  %s\n", hex, digested[i]);
		free(p);
	}
	v = sepa_files(outdir, &n);
	for (k = 0; k < n; k++) {
		rel = xasprintf("sepa/%s", v[k]->d_name);
		p = path_join(outdir, rel);
		if (sha256_hex(p, NULL, 0, hex) == 0)
			sb_addf(&list, "%s  %s\n", hex, rel);
		free(p);
		free(rel);
		free(v[k]);
	}
	if (n >= 0)
		free(v);
	sha256_hex(NULL, list.s != NULL ? list.s : "", list.len, buf);
	sb_free(&list);
}

/*
 * check: may a run of the period go ahead?  Returns the posted run of the
 * period, or NULL for a new one.  The invoice date must lie in the run
 * month or the month after (rules.md §8); that it is not before the last
 * date of its series, invoice checks against the register.
 */
static const struct run *
check(void)
{
	const struct run *last = NULL, *same = NULL;
	char a[8], b[8], d1[DATE_BUFSZ], d2[DATE_BUFSZ], why[160];
	size_t i;

	for (i = 0; i < runs.n; i++) {
		if (last == NULL || runs.v[i].period > last->period)
			last = &runs.v[i];
		if (runs.v[i].period == period)
			same = &runs.v[i];
	}
	if (same != NULL) {
		if (date != same->invoice_date)
			die("period %s was invoiced on %s: a rerun must use the "
			    "same invoice date, not %s", period_fmt(period, a),
			    date_fmt(same->invoice_date, d1), date_fmt(date, d2));
		return same;
	}
	if (last != NULL && period < last->period)
		die("period %s is before the last posted period %s: runs go "
		    "forward, and only a posted period can be rerun",
		    period_fmt(period, a), period_fmt(last->period, b));
	if (invoice_date_check(period, date, DATE_NONE, why, sizeof(why)))
		die("bad invoice date %s: %s", date_fmt(date, d1), why);
	return NULL;
}

/* billed.csv = the old rows merged with the posting, by customer */
static void
write_billed(struct gen *g, const char *postf)
{
	char *path;
	FILE *fp = state_open(statedir, "billed.csv", &path);
	struct billedr *old = fp ? billedr_open(csvr_open(fp, path, 0)) : NULL;
	struct billedr *add = billedr_open(csvr_openpath(postf, 0));
	struct csvw *w = csvw_open(gen_create(g, "billed.csv"), "billed.csv");
	struct billed bo, ba;
	int hold, hadd;

	billedw_header(w);
	hold = old != NULL && billedr_next(old, &bo);
	hadd = billedr_next(add, &ba);
	while (hold || hadd) {
		if (hold && (!hadd || strcmp(bo.customer_id,
		    ba.customer_id) <= 0)) {
			billedr_copy(old, w);
			hold = billedr_next(old, &bo);
		} else {
			billedr_copy(add, w);
			hadd = billedr_next(add, &ba);
		}
	}
	csvw_close_sync(w);
	billedr_close(old);
	billedr_close(add);
	free(path);
}

/* invoices.csv of the register = the old rows and the run's invoices,
 * whose totals go into the run's row of runs.csv */
static void
write_register(struct gen *g, const char *outdir, struct run *run)
{
	char *path, *ip = path_join(outdir, "invoices.csv");
	FILE *fp = state_open(statedir, "invoices.csv", &path);
	struct invr *old = fp ? invr_open(csvr_open(fp, path, 0),
	    INV_REGISTER) : NULL;
	struct invr *add = invr_open(csvr_openpath(ip, 0), INV_RUN);
	struct csvw *w = csvw_open(gen_create(g, "invoices.csv"),
	    "invoices.csv");
	struct invoice v;

	invw_header(w, INV_REGISTER);
	while (old != NULL && invr_next(old, &v))
		invr_copy(old, w, INV_REGISTER);
	while (invr_next(add, &v)) {
		invr_copy(add, w, INV_REGISTER);
		if (run->invoices++ == 0) {
			free(run->first_no);
			run->first_no = xstrdup(v.invoice_no);
		}
		free(run->last_no);
		run->last_no = xstrdup(v.invoice_no);
		if (madd(run->net, v.net, &run->net) != 0 ||
		    madd(run->vat, v.vat, &run->vat) != 0 ||
		    madd(run->gross, v.gross, &run->gross) != 0)
			csvr_die(invr_csv(add), -1, "amount overflow in the "
			    "run's totals");
	}
	csvw_close_sync(w);
	invr_close(old);
	invr_close(add);
	free(path);
	free(ip);
}

/* A state file that each run adds rows to, through its owner's reader. */
struct rows {
	const char *name;
	void *(*open)(struct csvr *r);
	int (*next)(void *rd);		/* reads and checks a row */
	void (*copy)(const void *rd, struct csvw *w);
	void (*close)(void *rd);
	void (*header)(struct csvw *w);
};

static void *tot_open(struct csvr *r) { return totalr_open(r); }
static int tot_next(void *rd) { struct total t; return totalr_next(rd, &t); }
static void tot_copy(const void *rd, struct csvw *w) { totalr_copy(rd, w); }
static void tot_close(void *rd) { totalr_close(rd); }

/* usage-totals.csv: usage per customer and month, for the high-usage list
 * of later runs */
static const struct rows totals = { "usage-totals.csv", tot_open, tot_next,
	tot_copy, tot_close, totalw_header };

static void *all_open(struct csvr *r) { return allowr_open(r); }
static int all_next(void *rd) { struct allowance a; return allowr_next(rd, &a); }
static void all_copy(const void *rd, struct csvw *w) { allowr_copy(rd, w); }
static void all_close(void *rd) { allowr_close(rd); }

/* allowances.csv: what each run used of a bundle's month (rules.md §7) */
static const struct rows allowances = { "allowances.csv", all_open, all_next,
	all_copy, all_close, alloww_header };

static void *deb_open(struct csvr *r) { return debr_open(r); }
static int deb_next(void *rd) { struct debit d; return debr_next(rd, &d); }
static void deb_copy(const void *rd, struct csvw *w) { debr_copy(rd, w); }
static void deb_close(void *rd) { debr_close(rd); }

/* debits.csv: the debit ledger (sepa.md), the mandates' last debits */
static const struct rows debits = { "debits.csv", deb_open, deb_next,
	deb_copy, deb_close, debw_header };

static void *rc_open(struct csvr *r) { return rcptr_open(r); }
static int rc_next(void *rd) { struct receipt p; return rcptr_next(rd, &p); }
static void rc_copy(const void *rd, struct csvw *w) { rcptr_copy(rd, w); }
static void rc_close(void *rd) { rcptr_close(rd); }

/* receipts.csv: every payment and return a dunning run applied */
static const struct rows receipts = { "receipts.csv", rc_open, rc_next,
	rc_copy, rc_close, rcptw_header };

static void *st_open(struct csvr *r) { return actr_open(r); }
static int st_next(void *rd) { struct action a; return actr_next(rd, &a); }
static void st_copy(const void *rd, struct csvw *w) { actr_copy(rd, w); }
static void st_close(void *rd) { actr_close(rd); }

/* steps.csv: every dunning step taken (rules.md §10) */
static const struct rows steps = { "steps.csv", st_open, st_next, st_copy,
	st_close, actw_header };

static void *fe_open(struct csvr *r) { return feer_open(r); }
static int fe_next(void *rd) { return feer_next(rd); }
static void fe_copy(const void *rd, struct csvw *w) { feer_copy(rd, w); }
static void fe_close(void *rd) { feer_close(rd); }

/* fees.csv: the fees dunning posted, which bill-run bills once each */
static const struct rows fees = { "fees.csv", fe_open, fe_next, fe_copy,
	fe_close, feew_header };

/* add_rows: the state file = its old rows and the run's, in file runf */
static void
add_rows(struct gen *g, const struct rows *f, const char *runf)
{
	char *path;
	FILE *fp = state_open(statedir, f->name, &path);
	void *old = fp ? f->open(csvr_open(fp, path, 0)) : NULL;
	void *add = f->open(csvr_openpath(runf, 0));
	struct csvw *w = csvw_open(gen_create(g, f->name), f->name);

	f->header(w);
	while (old != NULL && f->next(old))
		f->copy(old, w);
	while (f->next(add))
		f->copy(add, w);
	csvw_close_sync(w);
	if (old != NULL)
		f->close(old);
	f->close(add);
	free(path);
}

/* the run's sets of billed CDR fingerprints, cdrs.MONTH.RUN.fp */
static void
import_sets(struct gen *g, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int month, run;
	char *p, ym[8];

	if (d == NULL)
		die("%s: cannot read: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (fpset_parse(e->d_name, &month, &run) != 0)
			continue;
		if (run != period)
			die("%s/%s: a set of another run: expected those of "
			    "the run of %s only", dir, e->d_name,
			    period_fmt(period, ym));
		p = path_join(dir, e->d_name);
		gen_import(g, p, e->d_name);
		free(p);
	}
	closedir(d);
}

static void
write_runs(struct gen *g, const struct run *run)
{
	struct csvw *w = csvw_open(gen_create(g, "runs.csv"), "runs.csv");

	runs_add(&runs, run);
	runs_write(w, &runs);
	csvw_close_sync(w);
}

static size_t count_rows(const struct rows *f, const char *runf);

/* post_run: the run in OUTDIR, a new period, into a new generation */
static void
post_run(const char *outdir, const char *postf, const char *fpdir,
    const char *totf, const char *allowf, const char *debf, const char *fef,
    const char *dg)
{
	struct run run;
	struct gen *g;

	memset(&run, 0, sizeof(run));
	run.period = period;
	run.invoice_date = date;
	run.first_no = xstrdup("");
	run.last_no = xstrdup("");
	run.digest = xstrdup(dg);
	g = gen_begin(statedir);
	write_billed(g, postf);
	write_register(g, outdir, &run);
	if (totf != NULL)
		add_rows(g, &totals, totf);
	if (allowf != NULL)
		add_rows(g, &allowances, allowf);
	if (debf != NULL)
		add_rows(g, &debits, debf);
	if (fef != NULL && count_rows(&fees, fef) > 0)
		add_rows(g, &fees, fef);	/* paper invoices (render -F) */
	if (fpdir != NULL)
		import_sets(g, fpdir);
	write_runs(g, &run);
	gen_commit(g);
	free(run.first_no);
	free(run.last_no);
	free(run.digest);
}

/* count_rows: the rows of the run's file of f */
static size_t
count_rows(const struct rows *f, const char *runf)
{
	void *rd = f->open(csvr_openpath(runf, 0));
	size_t n = 0;

	while (f->next(rd))
		n++;
	f->close(rd);
	return n;
}

/* post_dunning: a dunning run's receipts, steps and fees into the logs;
 * a run that adds nothing (a rerun of a day) changes nothing */
static int
post_dunning(int lockfd, const char *rcf, const char *actf, const char *fef,
    const char *outbox)
{
	const struct rows *f[3] = { &receipts, &steps, &fees };
	const char *runf[3] = { rcf, actf, fef };
	size_t i, n = 0;
	struct gen *g;

	if (date == DATE_NONE || rcf == NULL || actf == NULL || fef == NULL)
		usage(stderr, 2);
	state_lock(statedir, lockfd);
	for (i = 0; i < 3; i++)
		n += count_rows(f[i], runf[i]);
	if (n == 0) {
		/* a rerun of the day, or a day with nothing to do: no
		 * letters either */
		state_tidy(statedir);
		return 0;
	}
	g = gen_begin(statedir);
	for (i = 0; i < 3; i++)
		add_rows(g, f[i], runf[i]);
	gen_commit(g);
	if (outbox != NULL)
		outbox_add(statedir, date, "dunning", outbox, 0);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *rcf = NULL, *actf = NULL, *fef = NULL, *kind = "bill";
	const char *postf = NULL, *fpdir = NULL, *totf = NULL, *allowf = NULL;
	const char *debf = NULL, *outbox = NULL;
	const struct run *posted;
	char dg[65], ym[8];
	int ch, dry = 0, lockfd = -1;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:s:d:l:b:f:u:a:D:nk:R:A:F:O:")) != -1) {
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
		case 'l':
			lockfd = fd_opt('l', optarg);
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
		case 'a':
			allowf = optarg;
			break;
		case 'D':
			debf = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		case 'k':
			kind = optarg;
			if (strcmp(kind, "bill") != 0 && strcmp(kind,
			    "dunning") != 0)
				dieusage("bad -k '%s': expected bill or "
				    "dunning", optarg);
			break;
		case 'R':
			rcf = optarg;
			break;
		case 'A':
			actf = optarg;
			break;
		case 'F':
			fef = optarg;
			break;
		case 'O':
			outbox = optarg;
			break;
		}
	}
	if (strcmp(kind, "dunning") == 0) {
		if (statedir == NULL || optind != argc)
			usage(stderr, 2);
		return post_dunning(lockfd, rcf, actf, fef, outbox);
	}
	if (period < 0 || statedir == NULL || (dry && optind != argc) ||
	    (!dry && (optind + 1 != argc || postf == NULL)))
		usage(stderr, 2);
	if (date == DATE_NONE)
		date = period_first(period);
	/* only the holder of the lock decides and switches the state */
	if (!dry)
		state_lock(statedir, lockfd);
	runs_load(statedir, &runs);
	posted = check();
	if (!dry) {
		digest(argv[optind], dg);
		/* a period posted before SHA-256: its own digest */
		if (posted != NULL && strlen(posted->digest) == 16)
			digest_fnv(argv[optind], dg);
		if (posted == NULL) {
			post_run(argv[optind], postf, fpdir, totf, allowf,
			    debf, fef, dg);
		} else if (strcmp(posted->digest, dg) != 0) {
			die("period %s was posted with other results: the "
			    "inputs changed since; an issued invoice is never "
			    "changed, so bill the change in the next period",
			    period_fmt(period, ym));
		} else {
			/* a faithful rerun changes nothing, but finishes
			 * a switch that died after its rename */
			state_tidy(statedir);
		}
		if (outbox != NULL)
			outbox_add(statedir, date, "bill", outbox,
			    posted != NULL);
	}
	runs_free(&runs);
	return 0;
}
