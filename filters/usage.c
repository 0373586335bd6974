/*
 * usage: the usage of a run, from the CDRs of bundle (or rate's, when
 * nothing is covered), rules.md §7: writes usage.csv (every CDR once, also
 * those costing nothing) and high_usage.csv into the output folder, and
 * the usage lines as items on stdout, sorted by customer: one per
 * customer, service, destination, rate and calendar month of the calls, of
 * the units no bundle covered, its total rounded to cents once, and the
 * setup fees of a destination on a line of their own, so that every line
 * reads quantity × unit price = net.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "article.h"
#include "aside.h"
#include "cdr.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "totals.h"
#include "util.h"

static const char synopsis[] =
    "-p YYYY-MM -c terms.conf -s STATEDIR -o OUTDIR [-u totals.csv] "
    "[rated.csv]";
static const char options[] =
    "  -p YYYY-MM     the run month\n"
    "  -c terms.conf  the provider's terms profile\n"
    "  -s STATEDIR    the state: the usage of earlier months\n"
    "  -o OUTDIR      where usage.csv and high_usage.csv go\n"
    "  -u totals.csv  write the run's usage per customer and month, for post\n"
    "  rated.csv      the CDRs of bundle, or of rate (default: stdin)\n"
    "The usage lines go to stdout as items.\n";

/* one invoice line: calls of one customer, service, destination, rate or
 * setup fee, and month */
struct line_group {
	char *customer, *destination;
	int service;
	int setup;		/* a line of setup fees */
	int guard;		/* calls billed at their route cost (VZ 7.4) */
	int month;
	int64_t price;		/* the rate, or the setup fee (0.00001 EUR) */
	int64_t units;		/* billed units, or answered calls */
	int64_t amount;		/* 0.00001 EUR */
};

/* a customer's usage of a month: this run's and earlier runs' */
struct usage_month {
	char *customer;
	int month;
	int64_t now, before;	/* 0.00001 EUR */
};

static struct terms terms;
static int period;
static struct line_group *gv;
static size_t ngv, gcap;
static struct strmap *groups, *months;
static struct usage_month *mv;
static size_t nmv, mcap;
static struct sbuf key;

static struct usage_month *
month_of(const char *customer, int month)
{
	char ym[8];
	uintptr_t i;

	keyf(&key, customer, period_fmt(month, ym), NULL);
	if ((i = (uintptr_t)strmap_get(months, sb_str(&key))) != 0)
		return &mv[i - 1];
	GROW(mv, nmv, mcap);
	memset(&mv[nmv], 0, sizeof(mv[0]));
	mv[nmv].customer = xstrdup(customer);
	mv[nmv].month = month;
	strmap_put(months, sb_str(&key), (void *)(uintptr_t)++nmv);
	return &mv[nmv - 1];
}

/* earlier runs' usage per customer and month, for the high-usage list */
static void
read_totals(const char *statedir)
{
	char *path;
	FILE *fp = state_open(statedir, "usage-totals.csv", &path);
	struct totalr *tr;
	struct total t;
	struct usage_month *u;

	if (fp != NULL) {
		tr = totalr_open(csvr_open(fp, path, 0));
		while (totalr_next(tr, &t)) {
			if (t.period >= period || t.month < period - 5)
				continue;
			u = month_of(t.customer_id, t.month);
			if (madd(u->before, t.amount, &u->before) != 0)
				die("%s: amount overflow", path);
		}
		totalr_close(tr);
	}
	free(path);
}

/* intern: one copy of each customer id, shared by its groups */
static char *
intern(const char *s)
{
	static struct strmap *ids;
	char *p;

	if (ids == NULL)
		ids = strmap_new();
	if ((p = strmap_get(ids, s)) == NULL) {
		p = xstrdup(s);
		strmap_put(ids, s, p);
	}
	return p;
}

static void
add(const char *customer, int service, const char *destination, int setup,
    int guard, int month, int64_t price, int64_t units, int64_t amount)
{
	char ym[8], p[MONEY_BUFSZ], sv[2] = { (char)('0' + service), 0 };
	uintptr_t i;
	struct line_group *g;

	keyf(&key, customer, sv, destination, setup ? "s" : guard ? "g" : "t",
	    period_fmt(month, ym), money_fmt(price, MONEY_MICRO, p), NULL);
	if ((i = (uintptr_t)strmap_get(groups, sb_str(&key))) == 0) {
		GROW(gv, ngv, gcap);
		g = &gv[ngv];
		memset(g, 0, sizeof(*g));
		g->customer = intern(customer);
		g->service = service;
		g->destination = xstrdup(destination);
		g->setup = setup;
		g->guard = guard;
		g->month = month;
		g->price = price;
		strmap_put(groups, sb_str(&key), (void *)(uintptr_t)++ngv);
	} else {
		g = &gv[i - 1];
	}
	if (madd(g->units, units, &g->units) != 0 ||
	    madd(g->amount, amount, &g->amount) != 0)
		die("usage of '%s': amount overflow", customer);
}

static int
bykey(const void *a, const void *b)
{
	const struct line_group *x = a, *y = b;
	int c;

	if ((c = strcmp(x->customer, y->customer)) != 0)
		return c;
	if (x->service != y->service)
		return x->service - y->service;
	if ((c = strcmp(x->destination, y->destination)) != 0)
		return c;
	if (x->month != y->month)
		return x->month - y->month;
	if (x->setup != y->setup)
		return x->setup - y->setup;
	if (x->guard != y->guard)
		return x->guard - y->guard;
	return x->price < y->price ? -1 : x->price > y->price;
}

/* describe: "Bellen Nederland mobiel"; a destination that already names
 * its service ("SMS Nederland") is not prefixed again */
static const char *
describe(const struct line_group *g, struct sbuf *b)
{
	static const char *const word[] = { "Bellen", "SMS", "Data" };
	const char *w = g->setup ? "Opzetkosten" : word[g->service];
	size_t n = strlen(w);

	sb_reset(b);
	if (g->setup || strncasecmp(g->destination, w, n) != 0 ||
	    (g->destination[n] != ' ' && g->destination[n] != '\0')) {
		sb_add(b, w);
		sb_add(b, " ");
	}
	sb_add(b, g->destination);
	return sb_str(b);
}

/* unit_of: what one unit of the line is */
static const char *
unit_of(const struct line_group *g, char *buf, size_t n)
{
	return g->setup ? "call" : cdr_unit((enum service)g->service,
	    terms.call_increment, buf, n);
}

static void
items(void)
{
	struct csvw *w = csvw_open(stdout, "<stdout>");
	struct sbuf desc = { 0 };
	struct item it;
	char ym[8], p[MONEY_BUFSZ], unit[16];
	struct line_group *g;
	size_t i;

	if (ngv > 0)
		qsort(gv, ngv, sizeof(*gv), bykey);
	itemw_header(w);
	for (i = 0; i < ngv; i++) {
		g = &gv[i];
		memset(&it, 0, sizeof(it));
		it.customer_id = g->customer;
		it.key = keyf(&key, "U", g->setup ? "setup" :
		    services[g->service], g->destination, g->guard ? "g" : "t",
		    period_fmt(g->month, ym), money_fmt(g->price, MONEY_MICRO, p),
		    NULL);
		it.scope = "";
		it.kind = "usage";
		it.ref = g->destination;
		it.description = describe(g, &desc);
		it.from = period_first(g->month);
		it.to = period_last(g->month);
		it.quantity = g->units;
		it.unit = unit_of(g, unit, sizeof(unit));
		/* a unit's price: the rate is per minute, a unit may be
		 * call_increment seconds */
		it.unit_price = g->price;
		if (!g->setup && unit_price(g->service, g->price,
		    terms.call_increment, &it.unit_price) != 0)
			die("usage of '%s': amount out of range", g->customer);
		/* each group rounded to cents once (rules.md §7) */
		it.net = rescale(g->amount, MONEY_MICRO, MONEY_CENTS);
		it.vat_rate = terms.vat_rate;
		it.rule = article(&terms, g->setup ? ART_SETUP : g->guard ?
		    ART_ROUTE_COST : ART_USAGE);
		if (it.net != 0)
			itemw_put(w, &it);
	}
	csvw_close(w);
	sb_free(&desc);
}

/* high_usage.csv: over factor × the average of the three months before,
 * and over the minimum */
static void
high_usage(const char *outdir)
{
	static const char *const cols[] = { "customer_id", "month", "usage",
		"average", "factor", "minimum", "rule", NULL };
	char *p = path_join(outdir, "high_usage.csv"), ym[8], buf[MONEY_BUFSZ];
	struct aside *a;
	struct csvw *w;
	FILE *fp;
	struct usage_month *t, *b;
	int64_t sum, prev, avg, limit;
	size_t i, n = nmv;
	int k;

	a = aside_open(p, &fp);
	w = csvw_open(fp, p);
	csvw_header(w, cols);
	for (i = 0; i < n; i++) {
		t = &mv[i];
		if (t->now == 0)
			continue;
		sum = t->now + t->before;
		prev = 0;
		for (k = 1; k <= 3; k++) {
			b = month_of(t->customer, t->month - k);
			t = &mv[i];	/* month_of may move mv */
			prev += b->now + b->before;
		}
		avg = prev / 3;
		if (muldiv(avg, terms.high_usage_factor, 100, &limit) != 0)
			die("high usage of '%s': out of range", t->customer);
		if (sum <= limit || sum <= micro(terms.high_usage_minimum))
			continue;
		csvw_str(w, t->customer);
		csvw_str(w, period_fmt(t->month, ym));
		csvw_money(w, rescale(sum, MONEY_MICRO, MONEY_CENTS),
		    MONEY_CENTS);
		csvw_money(w, rescale(avg, MONEY_MICRO, MONEY_CENTS),
		    MONEY_CENTS);
		csvw_str(w, money_fmt_trim(terms.high_usage_factor, MONEY_CENTS,
		    0, buf));
		csvw_money(w, terms.high_usage_minimum, MONEY_CENTS);
		csvw_str(w, article(&terms, ART_HIGH_USAGE));
		csvw_end(w);
	}
	csvw_close_sync(w);
	aside_commit(a);
	free(p);
}

static void
write_totals(const char *path)
{
	struct aside *a;
	struct csvw *w;
	struct total t;
	FILE *fp;
	size_t i;

	a = aside_open(path, &fp);
	w = csvw_open(fp, path);
	totalw_header(w);
	for (i = 0; i < nmv; i++) {
		if (mv[i].now == 0)
			continue;
		t.customer_id = mv[i].customer;
		t.month = mv[i].month;
		t.amount = mv[i].now;
		t.period = period;
		totalw_put(w, &t);
	}
	csvw_close_sync(w);
	aside_commit(a);
}

/* read_rated: usage.csv from the rated CDRs, and the groups of lines */
static void
read_rated(const char *in, const char *outdir)
{
	struct csvr *r = csvr_openpath(in, 0);
	int c[16], i, n, cc, cs, cst, cd, cb, cr, ca, crule, csetup, ccov;
	char *up = path_join(outdir, "usage.csv");
	struct usage_month *u;
	struct aside *au;
	struct csvw *w;
	const char *rule, *guard = article(&terms, ART_GUARD);
	int64_t utc, units, covered, rate, amount, setup;
	FILE *fu;
	int month, svc;

	/* covered_units: bundle's; rate's stream, read by hand, has none */
	for (n = 0; usage_cols[n] != NULL; n++)
		c[n] = strcmp(usage_cols[n], "covered_units") == 0 ?
		    csvr_col(r, usage_cols[n]) : csvr_need(r, usage_cols[n]);
	cc = c[1], cst = c[2], cs = c[3], cd = c[5], cb = c[7], cr = c[8];
	ca = c[9], crule = c[10], ccov = c[11];
	csetup = csvr_need(r, "setup");
	au = aside_open(up, &fu);
	w = csvw_open(fu, up);
	csvw_header(w, usage_cols);
	while (csvr_next(r)) {
		for (i = 0; i < n; i++)
			if (c[i] >= 0)
				csvw_copy(w, r, c[i]);
			else
				csvw_str(w, "0");
		csvw_end(w);
		rule = csvr_get(r, crule);
		if (cdr_rule_free(rule))
			continue;
		if (ts_parse(csvr_get(r, cst), TZ_AMSTERDAM, &utc) != 0)
			csvr_die(r, cst, "bad start '%s': expected a timestamp",
			    csvr_get(r, cst));
		month = period_of(ams_date(utc));
		svc = fld_enum(r, cs, services, SVC_VOICE);
		units = fld_money(r, cb, 0, 1, 0);
		covered = fld_money(r, ccov, 0, 0, 0);
		if (covered < 0 || covered > units)
			csvr_die(r, ccov, "bad covered_units '%s': expected 0 "
			    "to billed_units", csvr_get(r, ccov));
		rate = fld_money(r, cr, MONEY_MICRO, 1, 0);
		amount = fld_money(r, ca, MONEY_MICRO, 1, 0);
		setup = fld_money(r, csetup, MONEY_MICRO, 0, 0);
		add(fld_str(r, cc, 1), svc, fld_str(r, cd, 1), 0,
		    guard != NULL && strcmp(rule, guard) == 0, month, rate,
		    units - covered, amount - setup);
		if (setup != 0)
			add(csvr_get(r, cc), svc, csvr_get(r, cd), 1, 0, month,
			    setup, 1, setup);
		u = month_of(csvr_get(r, cc), month);
		if (madd(u->now, amount, &u->now) != 0)
			csvr_die(r, ca, "amount overflow");
	}
	csvr_close(r);
	csvw_close_sync(w);
	aside_commit(au);
	free(up);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *statedir = NULL, *outdir = NULL;
	const char *totf = NULL, *in = "-";
	int ch;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:c:s:o:u:")) != -1) {
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
		case 'o':
			outdir = optarg;
			break;
		case 'u':
			totf = optarg;
			break;
		}
	}
	if (argc - optind > 1 || period < 0 || !termsf || !statedir || !outdir)
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	groups = strmap_new();
	months = strmap_new();
	read_totals(statedir);
	read_rated(in, outdir);
	items();
	high_usage(outdir);
	if (totf != NULL)
		write_totals(totf);
	sb_free(&key);
	terms_free(&terms);
	return 0;
}
