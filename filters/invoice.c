/*
 * invoice: one invoice per customer of the items to bill (rules.md §8):
 * numbers gapless per series and year, VAT per rate rounded once, reverse
 * charge for EU businesses and telecom resellers, no Dutch VAT outside the
 * EU, the first invoice paid by transfer and later ones collected by
 * direct debit.  Items in; writes invoices.csv and lines.csv into the
 * output folder and, with -b, the posting file that post adds to the
 * state's billed.csv.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aside.h"
#include "billed.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "iban.h"
#include "invoices.h"
#include "mandate.h"
#include "item.h"
#include "money.h"
#include "terms.h"
#include "util.h"

static const char synopsis[] =
    "-p YYYY-MM -c terms.conf -C customers.csv -s STATEDIR -o OUTDIR "
    "[-d YYYY-MM-DD] [-b posting.csv]";
static const char options[] =
    "  -p YYYY-MM        the run month\n"
    "  -c terms.conf     the provider's terms profile\n"
    "  -C customers.csv  the customers invoiced\n"
    "  -s STATEDIR       the state: the register of issued invoices\n"
    "  -o OUTDIR         where invoices.csv and lines.csv go\n"
    "  -d YYYY-MM-DD     the invoice date (default: the run month's first)\n"
    "  -b posting.csv    also write the billed items for post\n"
    "Items to bill on stdin.\n";

static struct terms terms;
static struct customers cs;
static struct reg *reg;
static int period;
static int32_t invoice_date, due_date;
static long next_no;		/* the series' next number */
static char series[32];		/* PREFIX-YYYY */
static struct csvw *inv, *lines, *posting;

/* invoice_number: the next number of the series, into buf */
static const char *
invoice_number(char *buf, size_t n)
{
	if (next_no > 999999999)
		die("invoice series %s is full", series);
	snprintf(buf, n, "%s-%06ld", series, next_no++);
	return buf;
}

/* post_item: the item as billed.csv will hold it; usage is billed once
 * per CDR upstream (once), the ledger needs only what it compares */
static void
post_item(const struct item *it, const char *no)
{
	struct billed b;

	if (posting == NULL || item_is(it, "usage"))
		return;
	memset(&b, 0, sizeof(b));
	b.customer_id = it->customer_id;
	b.key = it->key;
	b.scope = it->scope;
	b.kind = it->kind;
	b.ref = it->ref;
	b.description = it->description;
	b.from = it->from;
	b.to = it->to;
	b.net = it->net;
	b.vat_rate = it->vat_rate;
	b.rule = it->rule;
	b.period = period;
	b.invoice_no = no;
	billedw_put(posting, &b);
}

static void
one(const struct group *g)
{
	const struct customer *c = customer_find(&cs, g->v[0].customer_id);
	struct vatsum vs[VATSUM_MAX];
	struct invoice v;
	struct line l;
	size_t nvs = 0, i;
	int history = 0;
	char no[64], ref[RF_BUFSZ], buf[160];
	const char *why;

	if (c == NULL)
		die("<stdin>:%ld:1: unknown customer '%s': expected a "
		    "customer_id of %s", g->line, clip(g->v[0].customer_id),
		    cs.path);
	memset(&v, 0, sizeof(v));
	v.invoice_no = invoice_number(no, sizeof(no));
	v.customer_id = c->id;
	for (i = 0; i < g->n; i++) {
		const struct item *it = &g->v[i];

		history |= it->history;
		memset(&l, 0, sizeof(l));
		l.invoice_no = no;
		l.customer_id = c->id;
		l.line_no = (long)i + 1;
		l.kind = it->kind;
		l.ref = it->ref;
		l.description = it->description;
		l.from = it->from;
		l.to = it->to;
		l.quantity = it->quantity;
		l.unit = it->unit;
		l.unit_price = it->unit_price;
		l.net = it->net;
		/* reverse charge and outside the EU: no Dutch VAT (§8) */
		l.vat_rate = customer_vat(c) == VAT_NORMAL ? it->vat_rate : 0;
		l.rule = it->rule;
		l.vat_category = customer_vat_category(c, l.vat_rate,
		    it->exempt);
		linew_put(lines, &l);
		if (madd(v.net, it->net, &v.net) != 0)
			die("invoice %s: amount overflow", no);
		vat_add(vs, &nvs, l.vat_rate, it->net, no);
		post_item(it, no);
	}
	v.vat = vat_total(vs, nvs, no);
	if (madd(v.net, v.vat, &v.gross) != 0)
		die("invoice %s: amount overflow", no);
	v.invoice_date = invoice_date;
	v.due_date = due_date;
	v.period = period;
	/* VZ 8.6: the first invoice is paid in advance by transfer */
	v.first = !history && !reg_invoiced(reg, c->id);
	/* VZ 8.7, 8.9: later ones offered for collection before the due
	 * date; sepa decides which its batch holds */
	v.direct_debit = mandate_candidate(c, v.first, v.gross);
	v.collection_date = DATE_NONE;
	if (v.direct_debit && (why = collection_date(invoice_date, due_date,
	    terms.collection_days, &v.collection_date, buf, sizeof(buf))))
		die("invoice %s: %s (collection_days %d, payment_days %d)",
		    no, why, terms.collection_days, terms.payment_days);
	v.pdf = "";
	/* the transfer's reference (ISO 11649), matched when payments come
	 * in */
	if ((v.payment_reference = rf_reference(no, ref, sizeof(ref))) == NULL)
		die("invoice %s: too long for a payment reference (at most %d "
		    "letters and digits)", no, RF_BODY_MAX);
	invw_put(inv, &v, INV_RUN);
}

/* the invoice date and its series: the register says where numbers are */
static void
date_and_series(int32_t given)
{
	const char *why;
	char buf[160], d1[DATE_BUFSZ];

	invoice_date = given != DATE_NONE ? given : period_first(period);
	due_date = invoice_date + terms.payment_days;	/* VZ 8.8, not moved */
	series_of(terms.invoice_prefix, invoice_date, series, sizeof(series));
	if ((why = invoice_date_check(period, invoice_date, reg_last_date(reg,
	    series), buf, sizeof(buf))) != NULL)
		die("bad invoice date %s: %s", date_fmt(invoice_date, d1), why);
	next_no = reg_last_no(reg, series) + 1;
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
	int32_t given = DATE_NONE;
	int ch;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:c:C:s:o:d:b:")) != -1) {
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
			given = date_opt(optarg);
			break;
		case 'b':
			postf = optarg;
			break;
		}
	}
	if (optind != argc || period < 0 || !termsf || !cf || !statedir ||
	    !outdir)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(cf, &terms, &cs);
	reg = reg_load(statedir, period);
	date_and_series(given);

	pi = path_join(outdir, "invoices.csv");
	pl = path_join(outdir, "lines.csv");
	ai = aside_open(pi, &fi);
	al = aside_open(pl, &fl);
	inv = csvw_open(fi, pi);
	lines = csvw_open(fl, pl);
	invw_header(inv, INV_RUN);
	linew_header(lines);
	if (postf != NULL) {
		ap = aside_open(postf, &fp);
		posting = csvw_open(fp, postf);
		billedw_header(posting);
	}
	ir = itemr_open(csvr_open(stdin, "<stdin>", 0));
	while (group_next(ir, &g))
		one(&g);
	csvw_close_sync(inv);
	csvw_close_sync(lines);
	aside_commit(ai);
	aside_commit(al);
	if (ap != NULL) {
		csvw_close_sync(posting);
		aside_commit(ap);
	}

	itemr_close(ir);
	group_free(&g);
	free(pi);
	free(pl);
	reg_free(reg);
	customers_free(&cs);
	terms_free(&terms);
	return 0;
}
