/*
 * invoice: one invoice per customer of the items to bill (rules.md §8):
 * numbers gapless per series and year, VAT per rate rounded once, reverse
 * charge for EU businesses and telecom resellers, the first invoice paid by
 * transfer and later ones collected by direct debit.  Items in; writes
 * invoices.csv and lines.csv into the output folder and, with -b, the
 * posting file that post adds to the state's billed.csv.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aside.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

static const char *const invoice_cols[] = { "invoice_no", "customer_id",
	"invoice_date", "due_date", "period", "net", "vat", "gross",
	"payment_method", "collection_date", "first_invoice", "pdf", NULL };
static const char *const line_cols[] = { "invoice_no", "customer_id",
	"line_no", "kind", "ref", "description", "from", "to", "quantity",
	"unit", "unit_price", "net", "vat_rate", "rule", NULL };

static struct terms terms;
static struct customers cs;
static int period;
static int32_t invoice_date, due_date;
static struct strmap *invoiced;	/* customers with an earlier invoice */
static long next_no;		/* the series' next number */
static char series[32];		/* PREFIX-YYYY */
static struct csvw *inv, *lines, *posting;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -c terms.conf -C customers.csv "
	    "-s STATEDIR -o OUTDIR [-d YYYY-MM-DD] [-b posting.csv]\n",
	    progname);
	exit(status);
}

/*
 * read_register: from the issued invoices of runs before the period, the
 * customers invoiced before and the last number of the series
 */
static void
read_register(const char *statedir)
{
	struct csvr *r;
	char *path;
	FILE *fp = state_open(statedir, "invoices.csv", &path);
	int cno, ccust, cper, p;
	const char *no;
	size_t sl = strlen(series);
	long n;

	invoiced = strmap_new();
	next_no = 1;
	if (fp == NULL) {
		free(path);
		return;
	}
	r = csvr_open(fp, path, 0);
	cno = csvr_need(r, "invoice_no");
	ccust = csvr_need(r, "customer_id");
	cper = csvr_need(r, "period");
	while (csvr_next(r)) {
		if (period_parse(fld_str(r, cper, 1), &p) != 0)
			csvr_die(r, cper, "bad period '%s': expected YYYY-MM",
			    csvr_get(r, cper));
		if (p >= period)
			continue;	/* a later run: a rerun ignores it */
		strmap_put(invoiced, fld_str(r, ccust, 1), (void *)1);
		no = fld_str(r, cno, 1);
		if (strncmp(no, series, sl) == 0 && no[sl] == '-') {
			n = strtol(no + sl + 1, NULL, 10);
			if (n >= next_no)
				next_no = n + 1;
		}
	}
	csvr_close(r);
	free(path);
}

struct vatsum {
	int64_t rate, net;
};

static void
one(const struct group *g)
{
	const struct customer *c = customer_find(&cs, g->v[0].customer_id);
	struct vatsum vs[16];
	size_t nvs = 0, i, j;
	int64_t net = 0, vat = 0, gross, v, rate;
	int first, dd, history = 0;
	int32_t coll = DATE_NONE;
	char no[64], ym[8], amt[MONEY_BUFSZ];
	enum vat_regime regime;

	if (c == NULL)
		die("<stdin>:%ld:1: unknown customer '%s': expected a "
		    "customer_id of %s", g->line, g->v[0].customer_id, cs.path);
	regime = customer_vat(c);
	if (next_no > 999999999)
		die("invoice series %s is full", series);
	snprintf(no, sizeof(no), "%s-%06ld", series, next_no++);
	for (i = 0; i < g->n; i++) {
		const struct item *it = &g->v[i];

		history |= it->history;
		rate = regime == VAT_NORMAL ? it->vat_rate : 0;
		if (madd(net, it->net, &net) != 0)
			die("invoice %s: amount overflow", no);
		for (j = 0; j < nvs && vs[j].rate != rate; j++)
			;
		if (j == nvs) {
			if (nvs == NELEM(vs))
				die("invoice %s: too many VAT rates", no);
			vs[nvs].rate = rate;
			vs[nvs++].net = 0;
		}
		if (madd(vs[j].net, it->net, &vs[j].net) != 0)
			die("invoice %s: amount overflow", no);

		csvw_str(lines, no);
		csvw_str(lines, c->id);
		csvw_int(lines, (long long)i + 1);
		csvw_str(lines, it->kind);
		csvw_str(lines, it->ref);
		csvw_str(lines, it->description);
		csvw_date(lines, it->from);
		csvw_date(lines, it->to);
		csvw_int(lines, it->quantity);
		csvw_str(lines, it->unit);
		csvw_str(lines, money_fmt_trim(it->unit_price, MONEY_MICRO, 2,
		    amt));
		csvw_money(lines, it->net, MONEY_CENTS);
		csvw_str(lines, money_fmt_trim(rate, MONEY_CENTS, 0, amt));
		csvw_str(lines, it->rule);
		csvw_end(lines);

		/* usage is billed once per CDR upstream (once); the ledger
		 * needs only what it compares */
		if (posting != NULL && !item_is(it, "usage")) {
			csvw_str(posting, it->customer_id);
			csvw_str(posting, it->key);
			csvw_str(posting, it->scope);
			csvw_str(posting, it->kind);
			csvw_str(posting, it->ref);
			csvw_str(posting, it->description);
			csvw_date(posting, it->from);
			csvw_date(posting, it->to);
			csvw_money(posting, it->net, MONEY_CENTS);
			csvw_str(posting, money_fmt_trim(it->vat_rate,
			    MONEY_CENTS, 0, amt));
			csvw_str(posting, it->rule);
			csvw_str(posting, period_fmt(period, ym));
			csvw_str(posting, no);
			csvw_end(posting);
		}
	}
	/* VW 1.12.1: VAT per rate, on the sum at that rate, rounded once */
	for (j = 0; j < nvs; j++) {
		if (muldiv(vs[j].net, vs[j].rate, 10000, &v) != 0 ||
		    madd(vat, v, &vat) != 0)
			die("invoice %s: VAT overflow", no);
	}
	if (madd(net, vat, &gross) != 0)
		die("invoice %s: amount overflow", no);
	/* VZ 8.6: the first invoice is paid in advance by transfer */
	first = !history && strmap_get(invoiced, c->id) == NULL;
	/* VZ 8.7, 8.9: later ones collected before the due date; a total of
	 * zero or less is never collected */
	dd = !first && c->direct_debit && gross > 0;
	if (dd) {
		coll = next_target2_day(invoice_date + terms.collection_days);
		if (coll > due_date)
			coll = prev_target2_day(due_date);
	}
	csvw_str(inv, no);
	csvw_str(inv, c->id);
	csvw_date(inv, invoice_date);
	csvw_date(inv, due_date);
	csvw_str(inv, period_fmt(period, ym));
	csvw_money(inv, net, MONEY_CENTS);
	csvw_money(inv, vat, MONEY_CENTS);
	csvw_money(inv, gross, MONEY_CENTS);
	csvw_str(inv, dd ? "direct_debit" : "transfer");
	csvw_date(inv, coll);
	csvw_str(inv, first ? "yes" : "no");
	csvw_str(inv, "");
	csvw_end(inv);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *cf = NULL, *statedir = NULL, *outdir = NULL;
	const char *postf = NULL;
	struct aside *ai, *al, *ap = NULL;
	struct itemr *ir;
	struct group g = { 0 };
	char *pi, *pl;
	FILE *fi, *fl, *fp;
	int ch, y, m, d;

	prog_init(argc, argv, usage);
	period = -1;
	invoice_date = DATE_NONE;
	while ((ch = getopt(argc, argv, "p:c:C:s:o:d:b:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 'c':
			termsf = optarg;
			break;
		case 'C':
			cf = optarg;
			break;
		case 's':
			statedir = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'd':
			invoice_date = date_opt(optarg);
			break;
		case 'b':
			postf = optarg;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc || period < 0 || !termsf || !cf || !statedir ||
	    !outdir)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(cf, &cs);
	if (invoice_date == DATE_NONE)
		invoice_date = period_first(period);
	due_date = invoice_date + terms.payment_days;	/* VZ 8.8, not moved */
	civil_from_days(invoice_date, &y, &m, &d);
	snprintf(series, sizeof(series), "%s-%04d", terms.invoice_prefix, y);
	read_register(statedir);

	pi = path_join(outdir, "invoices.csv");
	pl = path_join(outdir, "lines.csv");
	ai = aside_open(pi, &fi);
	al = aside_open(pl, &fl);
	inv = csvw_open(fi, pi);
	lines = csvw_open(fl, pl);
	csvw_header(inv, invoice_cols);
	csvw_header(lines, line_cols);
	if (postf != NULL) {
		ap = aside_open(postf, &fp);
		posting = csvw_open(fp, postf);
		csvw_header(posting, billed_cols);
	}
	ir = itemr_open(csvr_open(stdin, "<stdin>", 0));
	while (group_next(ir, &g))
		one(&g);
	itemr_close(ir);
	group_free(&g);
	csvw_close_sync(inv);
	csvw_close_sync(lines);
	aside_commit(ai);
	aside_commit(al);
	if (ap != NULL) {
		csvw_close_sync(posting);
		aside_commit(ap);
	}
	free(pi);
	free(pl);
	strmap_free(invoiced);
	customers_free(&cs);
	terms_free(&terms);
	return 0;
}
