/*
 * report: the run's counts and totals, per kind and per VAT rate, from the
 * invoices.csv and lines.csv of an output folder, as text on stdout (the
 * run's report.txt).  Every total is summed again from the lines, and a
 * difference from the invoices is reported as an error.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "customer.h"
#include "field.h"
#include "money.h"
#include "util.h"

struct sum {
	char name[64];
	long n;
	int64_t net, vat;
	int64_t bp;		/* a VAT group's rate, hundredths of a % */
	int64_t inv;		/* its net on the current invoice */
};

/* vat_of_invoice: VAT per rate on one invoice's sum at that rate, rounded
 * once, as the invoice computes it (VW 1.12.1) */
static void
vat_of_invoice(struct sum *rates, size_t nr)
{
	size_t i;
	int64_t v;

	for (i = 0; i < nr; i++) {
		if (rates[i].inv != 0) {
			if (muldiv(rates[i].inv, rates[i].bp, 10000, &v) != 0 ||
			    madd(rates[i].vat, v, &rates[i].vat) != 0)
				die("report: VAT overflow");
		}
		rates[i].inv = 0;
	}
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [-C customers.csv] OUTDIR\n", progname);
	exit(status);
}

static struct sum *
find(struct sum *v, size_t *n, size_t max, const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	if (*n == max)
		die("report: too many distinct groups ('%s')", name);
	memset(&v[*n], 0, sizeof(v[*n]));
	snprintf(v[*n].name, sizeof(v[*n].name), "%s", name);
	return &v[(*n)++];
}

static void add(int64_t *a, int64_t b);

/* usage_counts: the CDRs of usage.csv, if the run has one (*n = -1 if
 * not): how many, how many cost money and what, and the free ones per
 * rule */
static void
usage_counts(const char *dir, long *n, long *billed, int64_t *amount,
    struct sum *free_, size_t *nfree)
{
	char *p = path_join(dir, "usage.csv");
	FILE *fp = fopen(p, "r");
	struct csvr *r;
	int ca, cr;
	int64_t x;
	struct sum *s;

	*n = -1;
	*billed = 0;
	*amount = 0;
	*nfree = 0;
	if (fp == NULL) {
		free(p);
		return;
	}
	*n = 0;
	r = csvr_open(fp, p, 0);
	ca = csvr_need(r, "amount");
	cr = csvr_need(r, "rule");
	while (csvr_next(r)) {
		(*n)++;
		x = fld_money(r, ca, MONEY_MICRO, 1, 0);
		if (x != 0 || strncmp(csvr_get(r, cr), "V", 1) == 0) {
			(*billed)++;
			add(amount, x);
		} else {
			s = find(free_, nfree, 16, csvr_get(r, cr));
			s->n++;
		}
	}
	csvr_close(r);
	free(p);
}

static void
add(int64_t *a, int64_t b)
{
	if (madd(*a, b, a) != 0)
		die("report: amount overflow");
}

int
main(int argc, char *argv[])
{
	const char *cf = NULL;
	struct customers cs;
	struct sum kinds[32], rates[32];
	size_t nk = 0, nr = 0, i;
	struct csvr *r;
	struct sum *s;
	const struct customer *c;
	char *p, a[MONEY_BUFSZ], b[MONEY_BUFSZ], d[MONEY_BUFSZ];
	char period[16] = "", first[64] = "", last[64] = "", rate[64];
	long ninv = 0, nfirst = 0, ndd = 0, ucdrs, ubilled;
	struct sum ufree[16];
	size_t nfree;
	int64_t uamount;
	int64_t net = 0, vat = 0, gross = 0, lnet = 0, lvat = 0, x;
	char inv[64] = "";
	int ch, cno, cper, cnet, cvat, cgross, cpm, cfi, ckind, ccust, crate;
	int clnet, cinv;

	prog_init(argc, argv, usage);
	while ((ch = getopt(argc, argv, "C:")) != -1) {
		if (ch != 'C')
			usage(stderr, 2);
		cf = optarg;
	}
	if (optind + 1 != argc)
		usage(stderr, 2);
	if (cf != NULL)
		customers_load(cf, &cs);

	p = path_join(argv[optind], "invoices.csv");
	r = csvr_openpath(p, 0);
	cno = csvr_need(r, "invoice_no");
	cper = csvr_need(r, "period");
	cnet = csvr_need(r, "net");
	cvat = csvr_need(r, "vat");
	cgross = csvr_need(r, "gross");
	cpm = csvr_need(r, "payment_method");
	cfi = csvr_need(r, "first_invoice");
	while (csvr_next(r)) {
		if (ninv++ == 0)
			snprintf(first, sizeof(first), "%s", csvr_get(r, cno));
		snprintf(last, sizeof(last), "%s", csvr_get(r, cno));
		snprintf(period, sizeof(period), "%s", csvr_get(r, cper));
		add(&net, fld_money(r, cnet, MONEY_CENTS, 1, 0));
		add(&vat, fld_money(r, cvat, MONEY_CENTS, 1, 0));
		add(&gross, fld_money(r, cgross, MONEY_CENTS, 1, 0));
		nfirst += fld_yesno(r, cfi, 0);
		ndd += strcmp(csvr_get(r, cpm), "direct_debit") == 0;
	}
	csvr_close(r);
	free(p);

	p = path_join(argv[optind], "lines.csv");
	r = csvr_openpath(p, 0);
	cinv = csvr_need(r, "invoice_no");
	ckind = csvr_need(r, "kind");
	ccust = csvr_need(r, "customer_id");
	crate = csvr_need(r, "vat_rate");
	clnet = csvr_need(r, "net");
	while (csvr_next(r)) {
		if (strcmp(csvr_get(r, cinv), inv) != 0) {
			vat_of_invoice(rates, nr);
			snprintf(inv, sizeof(inv), "%s", csvr_get(r, cinv));
		}
		x = fld_money(r, clnet, MONEY_CENTS, 1, 0);
		add(&lnet, x);
		s = find(kinds, &nk, NELEM(kinds), csvr_get(r, ckind));
		s->n++;
		add(&s->net, x);
		c = cf ? customer_find(&cs, csvr_get(r, ccust)) : NULL;
		if (c != NULL && customer_vat(c) == VAT_REVERSE_EU)
			snprintf(rate, sizeof(rate), "reverse charge, EU");
		else if (c != NULL && customer_vat(c) == VAT_REVERSE_DOMESTIC)
			snprintf(rate, sizeof(rate), "reverse charge, NL "
			    "telecom");
		else if (c != NULL && customer_vat(c) == VAT_OUTSIDE_EU)
			snprintf(rate, sizeof(rate), "outside the EU");
		else
			snprintf(rate, sizeof(rate), "%s%%",
			    csvr_get(r, crate));
		s = find(rates, &nr, NELEM(rates), rate);
		s->n++;
		s->bp = fld_money(r, crate, MONEY_CENTS, 1, 0);
		add(&s->net, x);
		add(&s->inv, x);
	}
	vat_of_invoice(rates, nr);
	csvr_close(r);
	free(p);
	for (i = 0; i < nr; i++)
		add(&lvat, rates[i].vat);
	usage_counts(argv[optind], &ucdrs, &ubilled, &uamount, ufree, &nfree);
	if (lvat != vat)
		die("%s: the VAT of the lines per invoice and rate sums to %s, "
		    "the invoices' to %s", argv[optind], money_fmt(lvat,
		    MONEY_CENTS, a), money_fmt(vat, MONEY_CENTS, b));
	if (lnet != net)
		die("%s: the lines sum to %s, the invoices to %s", argv[optind],
		    money_fmt(lnet, MONEY_CENTS, a), money_fmt(net, MONEY_CENTS,
		    b));

	printf("bill-run report for period %s\n\n", *period ? period : "-");
	printf("invoices      %ld", ninv);
	if (ninv > 0)
		printf("  (%s to %s)", first, last);
	printf("\nfirst         %ld (paid in advance by transfer)\n", nfirst);
	printf("direct debit  %ld\n", ndd);
	printf("transfer      %ld\n\n", ninv - ndd);
	printf("%-16s %8s %14s\n", "kind", "lines", "net");
	for (i = 0; i < nk; i++)
		printf("%-16s %8ld %14s\n", kinds[i].name, kinds[i].n,
		    money_fmt(kinds[i].net, MONEY_CENTS, a));
	printf("\n%-26s %8s %14s %12s\n", "VAT rate", "lines", "net", "VAT");
	for (i = 0; i < nr; i++)
		printf("%-26s %8ld %14s %12s\n", rates[i].name, rates[i].n,
		    money_fmt(rates[i].net, MONEY_CENTS, a),
		    money_fmt(rates[i].vat, MONEY_CENTS, b));
	if (ucdrs >= 0) {
		printf("\nCDRs          %ld listed in usage.csv\n", ucdrs);
		printf("rated         %ld, %s EUR before each line is rounded\n",
		    ubilled, money_fmt_trim(uamount, MONEY_MICRO, 2, a));
		for (i = 0; i < nfree; i++)
			printf("free          %ld %s\n", ufree[i].n, ufree[i].name);
	}
	printf("\n%-16s %14s\n%-16s %14s\n%-16s %14s\n", "net",
	    money_fmt(net, MONEY_CENTS, a), "VAT", money_fmt(vat, MONEY_CENTS,
	    b), "gross", money_fmt(gross, MONEY_CENTS, d));
	fshut(stdout, "<stdout>");
	if (cf != NULL)
		customers_free(&cs);
	return 0;
}
