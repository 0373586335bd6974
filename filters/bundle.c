/*
 * bundle: the units the bundles of a contract include (rules.md §7
 * "Bundles").  Rated CDRs in (rate's stream), the same CDRs out in
 * customer_id, start and cdr_id order, each with the units its customer's
 * bundles covered and an amount for the rest.  A customer's calls of a
 * month use that month's allowances in the order they started, from the
 * bundles whose scope holds the destination in bundle_id order; what no
 * bundle covers is paid at the tariff, setup fees always.  A month already
 * billed has only what its earlier runs left (the state's allowances.csv).
 * Writes the bundle lines as items (-l) and what the run used of each
 * allowance (-w, for post).  The sort keeps at most -m MB in memory and
 * spills sorted runs to disk past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allowance.h"
#include "aside.h"
#include "article.h"
#include "bundle.h"
#include "cdr.h"
#include "contract.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "number.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"
#include "xsort.h"

static const char synopsis[] =
    "-p YYYY-MM -c terms.conf -s STATEDIR [-k contracts.csv -b bundles.csv] "
    "[-l items.csv] [-w allowances.csv] [-m MB] [-T DIR] [rated.csv]";
static const char options[] =
    "  -p YYYY-MM         the run month\n"
    "  -c terms.conf      the provider's terms profile\n"
    "  -s STATEDIR        the state: what earlier runs left of a month\n"
    "  -k contracts.csv   the contracts the bundles are on (with -b)\n"
    "  -b bundles.csv     the bundles (none: nothing is covered)\n"
    "  -l items.csv       write the bundle lines there, as items\n"
    "  -w allowances.csv  write what the run used of each allowance, for post\n"
    "  -m MB              memory for sorting before it spills (default 64)\n"
    "  -T DIR             where the sort spills (default $TMPDIR or /tmp)\n"
    "  rated.csv          the rated CDRs of rate (default: stdin)\n"
    "The CDRs go to stdout, sorted, with covered_units.\n";

/* the columns of rate's stream, by their place in rated_cols */
enum { C_ID, C_CUST, C_START, C_SVC, C_DST, C_DEST, C_BILLSEC, C_UNITS,
	C_RATE, C_AMOUNT, C_RULE, C_ORIGIN, C_AT, C_SETUP, NCOLS };

/* what earlier runs did with a month's allowance */
struct earlier {
	int64_t allowance, used;
};

/* a bundle's allowance of a month, for the customer at hand */
struct use {
	const struct bundle *b;
	int month;
	int64_t allowance;	/* the month's */
	int64_t before;		/* used by earlier runs */
	int64_t now;		/* used by this run */
};

static struct terms terms;
static struct bundles bs;
static int period;
static struct strmap *earlier;	/* "bundle_id/YYYY-MM" -> index + 1 */
static struct earlier *ev;
static size_t nev, ecap;
static struct use *uv;
static size_t nuv, ucap;
static struct csvw *items, *allow;
static struct sbuf key;

/* read_earlier: the allowances.csv rows of runs before this one */
static void
read_earlier(const char *statedir)
{
	struct allowance a;
	struct allowr *ar;
	struct earlier *e;
	char *path, ym[8];
	uintptr_t i;
	FILE *fp = state_open(statedir, "allowances.csv", &path);

	earlier = strmap_new();
	if (fp != NULL) {
		ar = allowr_open(csvr_open(fp, path, 0));
		while (allowr_next(ar, &a)) {
			if (a.period >= period)
				continue;	/* a later run: a rerun ignores it */
			keyf(&key, a.bundle_id, period_fmt(a.month, ym), NULL);
			if ((i = (uintptr_t)strmap_get(earlier,
			    sb_str(&key))) == 0) {
				/* the allowance as the month's first run
				 * computed it */
				GROW(ev, nev, ecap);
				ev[nev].allowance = a.allowance;
				ev[nev].used = 0;
				i = ++nev;
				strmap_put(earlier, sb_str(&key),
				    (void *)(uintptr_t)i);
			}
			e = &ev[i - 1];
			if (madd(e->used, a.used, &e->used) != 0 ||
			    e->used > e->allowance)
				csvr_die(allowr_csv(ar), -1, "bundle '%s' in "
				    "%s: more used than its allowance",
				    a.bundle_id, ym);
		}
		allowr_close(ar);
	}
	free(path);
}

/* use_of: bundle b's allowance of a month, for this customer */
static struct use *
use_of(const struct bundle *b, int month)
{
	const struct earlier *e;
	struct use *u;
	char ym[8];
	uintptr_t k;
	size_t i;

	for (i = 0; i < nuv; i++)
		if (uv[i].b == b && uv[i].month == month)
			return &uv[i];
	GROW(uv, nuv, ucap);
	u = &uv[nuv++];
	memset(u, 0, sizeof(*u));
	u->b = b;
	u->month = month;
	keyf(&key, b->id, period_fmt(month, ym), NULL);
	if ((k = (uintptr_t)strmap_get(earlier, sb_str(&key))) != 0) {
		e = &ev[k - 1];
		/* a month already billed: what it has left, never anew */
		u->allowance = e->allowance;
		u->before = e->used;
	} else if ((u->allowance = bundle_allowance(&bs, b, month)) < 0) {
		die("bundle '%s': allowance out of range", b->id);
	}
	return u;
}

static int
by_bundle(const void *a, const void *b)
{
	const struct use *x = a, *y = b;
	int c = strcmp(x->b->id, y->b->id);

	return c != 0 ? c : x->month - y->month;
}

/* flush: the bundle lines of the customer at hand, and what it used */
static void
flush(void)
{
	struct sbuf desc = { 0 };
	struct allowance a;
	struct item it;
	char ym[8], unit[16];
	const char *u;
	struct use *x;
	size_t i;

	if (nuv > 1)
		qsort(uv, nuv, sizeof(*uv), by_bundle);
	for (i = 0; i < nuv; i++) {
		x = &uv[i];
		if (x->now == 0)
			continue;
		u = cdr_unit(x->b->service, terms.call_increment, unit,
		    sizeof(unit));
		if (items != NULL) {
			/* "Databundel 5 GB (tegoed 5000 MB)": the allowance,
			 * and what earlier invoices used of it */
			sb_reset(&desc);
			sb_addf(&desc, "%s (tegoed %lld %s", x->b->description,
			    (long long)x->allowance, u);
			if (x->before > 0)
				sb_addf(&desc, ", eerder gebruikt %lld %s",
				    (long long)x->before, u);
			sb_add(&desc, ")");
			memset(&it, 0, sizeof(it));
			it.customer_id = x->b->customer_id;
			it.key = keyf(&key, "B", x->b->id,
			    period_fmt(x->month, ym), NULL);
			it.scope = "";
			it.kind = "usage";
			it.ref = x->b->id;
			it.description = sb_str(&desc);
			it.from = period_first(x->month);
			it.to = period_last(x->month);
			it.quantity = x->now;
			it.unit = u;
			it.vat_rate = terms.vat_rate;
			it.rule = article(&terms, ART_BUNDLE);
			itemw_put(items, &it);
		}
		if (allow != NULL) {
			a.bundle_id = x->b->id;
			a.month = x->month;
			a.allowance = x->allowance;
			a.used = x->now;
			a.period = period;
			alloww_put(allow, &a);
		}
	}
	nuv = 0;
	sb_free(&desc);
}

/*
 * The sort's records: the key, customer_id and a NUL, the start as UTC
 * seconds big-endian with the sign bit flipped (so that memcmp orders
 * instants), cdr_id and a NUL; then the other columns of rate's stream in
 * its order, each ended by a NUL (a field never holds one: csvio).
 */
static void
put_instant(struct sbuf *b, int64_t utc)
{
	uint64_t u = (uint64_t)utc ^ (UINT64_C(1) << 63);
	char be[8];
	int i;

	for (i = 7; i >= 0; i--, u >>= 8)
		be[i] = (char)(u & 0xff);
	sb_addn(b, be, 8);
}

static int64_t
get_instant(const char *p)
{
	uint64_t u = 0;
	int i;

	for (i = 0; i < 8; i++)
		u = u << 8 | (unsigned char)p[i];
	return (int64_t)(u ^ (UINT64_C(1) << 63));
}

/* read_rated: every CDR of the stream into the sort, checked on the way
 * so that a bad one is named with its line */
static void
read_rated(const char *in, struct xsort *xs)
{
	struct csvr *r = csvr_openpath(in, 0);
	struct sbuf rec = { 0 };
	int c[NCOLS], i;
	const char *s;
	size_t n, klen;
	int64_t utc;

	for (i = 0; i < NCOLS; i++)
		c[i] = csvr_need(r, rated_cols[i]);
	while (csvr_next(r)) {
		if (ts_parse(csvr_get(r, c[C_START]), TZ_AMSTERDAM, &utc) != 0)
			csvr_die(r, c[C_START], "bad start '%s': expected a "
			    "timestamp", csvr_get(r, c[C_START]));
		if (!cdr_rule_free(csvr_get(r, c[C_RULE]))) {
			fld_enum(r, c[C_SVC], services, -1);
			fld_money(r, c[C_UNITS], 0, 1, 0);
			fld_money(r, c[C_RATE], MONEY_MICRO, 1, 0);
			fld_money(r, c[C_AMOUNT], MONEY_MICRO, 1, 0);
			fld_money(r, c[C_SETUP], MONEY_MICRO, 0, 0);
		}
		sb_reset(&rec);
		s = csvr_getn(r, c[C_CUST], &n);
		sb_addn(&rec, s, n + 1);
		put_instant(&rec, utc);
		s = csvr_getn(r, c[C_ID], &n);
		sb_addn(&rec, s, n + 1);
		klen = rec.len;
		for (i = 0; i < NCOLS; i++) {
			if (i == C_CUST || i == C_ID)
				continue;
			s = csvr_getn(r, c[i], &n);
			sb_addn(&rec, s, n + 1);
		}
		xsort_add(xs, rec.s, rec.len, klen);
	}
	csvr_close(r);
	sb_free(&rec);
}

static int64_t
num(const char *s, int dec)
{
	int64_t v = 0;

	if (*s != '\0' && money_parse(s, dec, &v) != MONEY_OK)
		die("a sorted record changed: '%s'", clip(s));
	return v;
}

/* cover: the units of one call the customer's bundles cover */
static int64_t
cover(const char *const *f, int64_t utc)
{
	const struct bundle *b;
	char dst[E164_MAX + 1];
	int svc, month;
	int32_t day = ams_date(utc);
	int64_t units = num(f[C_UNITS], 0), left, take, covered = 0;
	struct use *u;

	if (cdr_rule_free(f[C_RULE]) || units <= 0)
		return 0;
	for (svc = 0; services[svc] != NULL; svc++)
		if (strcmp(f[C_SVC], services[svc]) == 0)
			break;
	if (e164(f[C_DST], dst, sizeof(dst), svc == SVC_DATA) !=
	    NUMBER_PUBLIC)
		return 0;
	month = period_of(day);
	for (b = bundles_of(&bs, f[C_CUST]); b != NULL && covered < units;
	    b = bundle_next(&bs, b)) {
		if (b->service != svc || !bundle_runs(b, day) ||
		    !bundle_covers(b, dst))
			continue;
		u = use_of(b, month);
		left = u->allowance - u->before - u->now;
		take = units - covered < left ? units - covered : left;
		if (take <= 0)
			continue;
		u->now += take;
		covered += take;
	}
	return covered;
}

static void
write_sorted(struct xsort *xs)
{
	struct csvw *w = csvw_open(stdout, "<stdout>");
	const char *f[NCOLS], *p;
	char *prev = NULL;
	int64_t utc, covered, up, amount;
	size_t len;
	int i, svc;

	csvw_header(w, bundled_cols);
	while ((p = xsort_next(xs, &len)) != NULL) {
		f[C_CUST] = p;
		p += strlen(p) + 1;
		utc = get_instant(p);
		p += 8;
		f[C_ID] = p;
		p += strlen(p) + 1;
		for (i = 0; i < NCOLS; i++) {
			if (i == C_CUST || i == C_ID)
				continue;
			f[i] = p;
			p += strlen(p) + 1;
		}
		if (prev == NULL || strcmp(prev, f[C_CUST]) != 0) {
			flush();
			free(prev);
			prev = xstrdup(f[C_CUST]);
		}
		covered = cover(f, utc);
		for (i = 0; i < NCOLS; i++) {
			if (i != C_AMOUNT || covered == 0) {
				csvw_str(w, f[i]);
				continue;
			}
			/* the covered units cost nothing; the setup fee stays */
			for (svc = 0; strcmp(f[C_SVC], services[svc]) != 0;
			    svc++)
				;
			if (unit_price(svc, num(f[C_RATE], MONEY_MICRO),
			    terms.call_increment, &up) != 0 ||
			    mmul(up, covered, &up) != 0)
				die("CDR '%s': amount out of range", f[C_ID]);
			amount = num(f[C_AMOUNT], MONEY_MICRO) - up;
			csvw_amount(w, amount, MONEY_MICRO, 2);
		}
		csvw_int(w, covered);
		csvw_end(w);
	}
	flush();
	free(prev);
	csvw_close(w);
}

/* the side outputs are written aside: whole, or not at all */
static struct aside *aitems, *aallow;

static struct csvw *
open_out(const char *path, struct aside **a)
{
	FILE *fp;

	*a = aside_open(path, &fp);
	return csvw_open(fp, path);
}

static void
close_out(struct csvw *w, struct aside *a)
{
	if (w == NULL)
		return;
	csvw_close_sync(w);
	aside_commit(a);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *statedir = NULL, *kf = NULL, *bf = NULL;
	const char *itemf = NULL, *allowf = NULL, *tmpdir = NULL, *in = "-";
	struct contracts ks;
	struct xsort *xs;
	long mb = 64;
	int ch;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:c:s:k:b:l:w:m:T:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 'c':
			termsf = optarg;
			break;
		case 's':
			statedir = optarg;
			break;
		case 'k':
			kf = optarg;
			break;
		case 'b':
			bf = optarg;
			break;
		case 'l':
			itemf = optarg;
			break;
		case 'w':
			allowf = optarg;
			break;
		case 'm':
			if (val_int(optarg, 1, 1 << 20, &mb) != NULL)
				dieusage("bad -m '%s': expected megabytes, "
				    "1 or more", optarg);
			break;
		case 'T':
			tmpdir = optarg;
			break;
		}
	}
	if (argc - optind > 1 || period < 0 || !termsf || !statedir ||
	    (bf != NULL && kf == NULL))
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	memset(&ks, 0, sizeof(ks));
	if (bf != NULL) {
		contracts_load(kf, &terms, NULL, NULL, &ks);
		bundles_load(bf, &terms, &ks, &bs);
	} else {
		memset(&bs, 0, sizeof(bs));
		bs.bycustomer = strmap_new();
		bs.byid = strmap_new();
	}
	read_earlier(statedir);
	if (itemf != NULL) {
		items = open_out(itemf, &aitems);
		itemw_header(items);
	}
	if (allowf != NULL) {
		allow = open_out(allowf, &aallow);
		alloww_header(allow);
	}
	xs = xsort_new((size_t)mb << 20, tmpdir);
	read_rated(in, xs);
	write_sorted(xs);
	xsort_free(xs);
	close_out(items, aitems);
	close_out(allow, aallow);
	bundles_free(&bs);
	if (bf != NULL)
		contracts_free(&ks);
	strmap_free(earlier);
	free(ev);
	free(uv);
	sb_free(&key);
	terms_free(&terms);
	return 0;
}
