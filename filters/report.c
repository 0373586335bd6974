/*
 * report: the run's counts and totals, per kind and per VAT rate, from the
 * invoices.csv, lines.csv, usage.csv and rejects.csv of an output folder,
 * as text on stdout (the run's report.txt).  Every total is summed again
 * from the lines, and a difference from the invoices is an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdr.h"
#include "csvio.h"
#include "customer.h"
#include "debits.h"
#include "date.h"
#include "field.h"
#include "invoices.h"
#include "money.h"
#include "util.h"

static const char synopsis[] =
    "[-1] [-C customers.csv] [-D debits.csv] [-U uncollected.csv] OUTDIR";
static const char options[] =
    "  -1                one line: the invoices and their totals\n"
    "  -C customers.csv  name the VAT regime of each customer's lines\n"
    "  -D debits.csv     the run's direct debits (sepa -w): the batch\n"
    "  -U uncollected.csv  the invoices sepa did not collect, and why\n"
    "  OUTDIR            the run's output folder\n";

/* a named count and total: a kind, a VAT group, a free-call rule */
struct sum {
	char *name;
	long n;
	int64_t net, vat;
	int64_t bp;		/* a VAT group's rate, hundredths of a % */
	int64_t inv;		/* its net on the current invoice */
};

struct sums {
	struct sum *v;
	size_t n, cap;
};

static struct sum *
find(struct sums *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	GROW(s->v, s->n, s->cap);
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	s->v[s->n].name = xstrdup(name);
	return &s->v[s->n++];
}

static void
sums_free(struct sums *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
}

static void
add(int64_t *a, int64_t b)
{
	if (madd(*a, b, a) != 0)
		die("amount overflow in the run's totals");
}

struct totals {
	char period[8], *first, *last;
	long invoices, first_invoices, debits;
	const char *sepa, *unc;		/* -D, -U */
	long ndebits, seqn[SEQ_N], amended;
	int64_t seqsum[SEQ_N];
	int32_t coll_first, coll_last;
	int64_t net, vat, gross;	/* of the invoices */
	long einvoices, no_einvoice;	/* ubl/ files (-1: no ubl/), and not */
	int64_t lnet, lvat;		/* of the lines */
	struct sums kinds, rates;
	long cdrs, rated, rejected;	/* -1: no such file */
	int64_t usage;
	struct sums free;
	int64_t covered[3];		/* units bundles covered, per service */
};

static void
read_invoices(const char *dir, struct totals *t)
{
	char *p = path_join(dir, "invoices.csv");
	struct invr *ir = invr_open(csvr_openpath(p, 0), INV_RUN);
	struct invoice v;
	char *ubl = path_join(dir, "ubl"), *f;

	t->einvoices = access(ubl, F_OK) == 0 ? 0 : -1;
	while (invr_next(ir, &v)) {
		if (t->einvoices >= 0) {
			f = xasprintf("%s/%s.xml", ubl, v.invoice_no);
			if (access(f, F_OK) == 0)
				t->einvoices++;
			else
				t->no_einvoice++;
			free(f);
		}
		if (t->invoices++ == 0)
			t->first = xstrdup(v.invoice_no);
		free(t->last);
		t->last = xstrdup(v.invoice_no);
		period_fmt(v.period, t->period);
		add(&t->net, v.net);
		add(&t->vat, v.vat);
		add(&t->gross, v.gross);
		t->first_invoices += v.first;
		t->debits += v.direct_debit;
	}
	invr_close(ir);
	free(ubl);
	free(p);
}

/* vat_of_invoice: VAT per rate on one invoice's sum at that rate, rounded
 * once, as the invoice computes it (VW 1.12.1) */
static void
vat_of_invoice(struct sums *rates)
{
	size_t i;
	int64_t v;

	for (i = 0; i < rates->n; i++) {
		if (rates->v[i].inv != 0) {
			if (pct_of(rates->v[i].inv, rates->v[i].bp, &v) != 0)
				die("VAT overflow");
			add(&rates->v[i].vat, v);
		}
		rates->v[i].inv = 0;
	}
}

static const char *
regime_name(const struct customers *cs, const char *cid, int64_t rate,
    char *buf, size_t n)
{
	const struct customer *c = cs ? customer_find(cs, cid) : NULL;
	char r[MONEY_BUFSZ];

	switch (c ? customer_vat(c) : VAT_NORMAL) {
	case VAT_REVERSE_EU:
		return "reverse charge, EU";
	case VAT_REVERSE_DOMESTIC:
		return "reverse charge, NL telecom";
	case VAT_OUTSIDE_EU:
		return "outside the EU";
	case VAT_NORMAL:
		break;
	}
	snprintf(buf, n, "%s%%", money_fmt_trim(rate, MONEY_CENTS, 0, r));
	return buf;
}

static void
read_lines(const char *dir, const struct customers *cs, struct totals *t)
{
	char *p = path_join(dir, "lines.csv"), *inv = xstrdup(""), name[64];
	struct liner *lr = liner_open(csvr_openpath(p, 0));
	struct line l;
	struct sum *s;
	size_t i;

	while (liner_next(lr, &l)) {
		if (strcmp(l.invoice_no, inv) != 0) {
			vat_of_invoice(&t->rates);
			free(inv);
			inv = xstrdup(l.invoice_no);
		}
		add(&t->lnet, l.net);
		s = find(&t->kinds, l.kind);
		s->n++;
		add(&s->net, l.net);
		s = find(&t->rates, regime_name(cs, l.customer_id, l.vat_rate,
		    name, sizeof(name)));
		s->n++;
		s->bp = l.vat_rate;
		add(&s->net, l.net);
		add(&s->inv, l.net);
	}
	vat_of_invoice(&t->rates);
	for (i = 0; i < t->rates.n; i++)
		add(&t->lvat, t->rates.v[i].vat);
	liner_close(lr);
	free(inv);
	free(p);
}

/* open_optional: dir/name for reading, NULL when the run has none */
static struct csvr *
open_optional(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	struct csvr *r = NULL;

	if (access(p, F_OK) == 0)
		r = csvr_openpath(p, 0);
	else if (errno != ENOENT)
		die("%s: %s", p, strerror(errno));
	free(p);
	return r;
}

/* the CDRs of usage.csv: how many, how many cost money and what, and the
 * free ones per rule; and the CDRs set aside in rejects.csv */
static void
read_usage(const char *dir, struct totals *t)
{
	struct csvr *r = open_optional(dir, "usage.csv");
	int ca, cr, cs, cc;
	int64_t x;
	const char *rule;

	t->cdrs = t->rejected = -1;
	if (r != NULL) {
		t->cdrs = 0;
		ca = csvr_need(r, "amount");
		cr = csvr_need(r, "rule");
		cs = csvr_need(r, "service");
		cc = csvr_col(r, "covered_units");
		while (csvr_next(r)) {
			t->cdrs++;
			x = fld_money(r, ca, MONEY_MICRO, 1, 0);
			add(&t->covered[fld_enum(r, cs, services, SVC_VOICE)],
			    fld_money(r, cc, 0, 0, 0));
			rule = csvr_get(r, cr);
			if (cdr_rule_free(rule)) {
				find(&t->free, rule)->n++;
			} else {
				t->rated++;
				add(&t->usage, x);
			}
		}
		csvr_close(r);
	}
	if ((r = open_optional(dir, "rejects.csv")) != NULL) {
		t->rejected = 0;
		while (csvr_next(r))
			t->rejected++;
		csvr_close(r);
	}
}

static void
summary(const struct totals *t)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ];

	printf("%s: %ld invoice%s", *t->period ? t->period : "-", t->invoices,
	    t->invoices == 1 ? "" : "s");
	if (t->invoices > 0)
		printf(" (%s to %s)", t->first, t->last);
	printf(", net %s, VAT %s, gross %s", money_fmt(t->net, MONEY_CENTS, a),
	    money_fmt(t->vat, MONEY_CENTS, b), money_fmt(t->gross, MONEY_CENTS,
	    c));
	if (t->rejected > 0)
		printf(", %ld bad CDR row%s set aside", t->rejected,
		    t->rejected == 1 ? "" : "s");
	printf("\n");
}

/* the SEPA batch (sepa.md): per sequence type, the amendments, and each
 * invoice that stays due by transfer with the reason */
static void
read_debits(const char *debf, struct totals *t)
{
	struct debr *dr = debr_open(csvr_openpath(debf, 0));
	struct debit d;

	while (debr_next(dr, &d)) {
		t->seqn[d.seq]++;
		if (madd(t->seqsum[d.seq], d.amount, &t->seqsum[d.seq]) != 0)
			csvr_die(debr_csv(dr), -1, "amount overflow");
		t->amended += *d.orig_mandate_id || *d.orig_iban || d.new_bank;
		if (t->coll_first == DATE_NONE || d.collection_date <
		    t->coll_first)
			t->coll_first = d.collection_date;
		if (d.collection_date > t->coll_last)
			t->coll_last = d.collection_date;
		t->ndebits++;
	}
	debr_close(dr);
}

static void
print_sepa(const struct totals *t)
{
	struct uncr *ur;
	struct uncollected u;
	char a[MONEY_BUFSZ], d1[DATE_BUFSZ], d2[DATE_BUFSZ];
	int64_t sum = 0;
	int i;

	for (i = 0; i < SEQ_N; i++)
		sum += t->seqsum[i];
	printf("SEPA batch    %ld debit%s, %s EUR", t->ndebits, t->ndebits == 1 ?
	    "" : "s", money_fmt(sum, MONEY_CENTS, a));
	if (t->ndebits > 0 && t->coll_first == t->coll_last)
		printf(", collected on %s", date_fmt(t->coll_first, d1));
	else if (t->ndebits > 0)
		printf(", collected %s to %s", date_fmt(t->coll_first, d1),
		    date_fmt(t->coll_last, d2));
	printf("\n");
	for (i = 0; i < SEQ_N; i++)
		if (t->seqn[i] > 0)
			printf("  %s        %ld, %s EUR\n", seq_names[i],
			    t->seqn[i], money_fmt(t->seqsum[i], MONEY_CENTS,
			    a));
	if (t->amended > 0)
		printf("  amended     %ld (mandate id or account changed)\n",
		    t->amended);
	if (t->unc != NULL) {
		ur = uncr_open(csvr_openpath(t->unc, 0));
		while (uncr_next(ur, &u))
			printf("not collected %s %s: %s (due by transfer)\n",
			    u.customer_id, u.invoice_no, u.reason);
		uncr_close(ur);
	}
	printf("\n");
}

static void
print(const struct totals *t)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	size_t i;

	printf("bill-run report for period %s\n\n", *t->period ? t->period :
	    "-");
	printf("invoices      %ld", t->invoices);
	if (t->invoices > 0)
		printf("  (%s to %s)", t->first, t->last);
	printf("\nfirst         %ld (paid in advance by transfer)\n",
	    t->first_invoices);
	printf("direct debit  %ld\n", t->debits);
	printf("transfer      %ld\n", t->invoices - t->debits);
	if (t->einvoices >= 0)
		printf("e-invoices    %ld in ubl/, %ld without an e-invoice "
		    "address (customers.csv peppol_id)\n", t->einvoices,
		    t->no_einvoice);
	printf("\n");
	if (t->sepa != NULL)
		print_sepa(t);
	printf("%-16s %8s %14s\n", "kind", "lines", "net");
	for (i = 0; i < t->kinds.n; i++)
		printf("%-16s %8ld %14s\n", t->kinds.v[i].name, t->kinds.v[i].n,
		    money_fmt(t->kinds.v[i].net, MONEY_CENTS, a));
	printf("\n%-26s %8s %14s %12s\n", "VAT rate", "lines", "net", "VAT");
	for (i = 0; i < t->rates.n; i++)
		printf("%-26s %8ld %14s %12s\n", t->rates.v[i].name,
		    t->rates.v[i].n, money_fmt(t->rates.v[i].net, MONEY_CENTS,
		    a), money_fmt(t->rates.v[i].vat, MONEY_CENTS, b));
	if (t->cdrs >= 0) {
		printf("\nCDRs          %ld listed in usage.csv\n", t->cdrs);
		printf("rated         %ld, %s EUR before each line is rounded\n",
		    t->rated, money_fmt_trim(t->usage, MONEY_MICRO, 2, a));
		for (i = 0; i < t->free.n; i++)
			printf("free          %ld %s\n", t->free.v[i].n,
			    t->free.v[i].name);
		/* rules.md §7: what the bundles included, per service */
		for (i = 0; i < NELEM(t->covered); i++)
			if (t->covered[i] != 0)
				printf("bundles       %lld %s covered\n",
				    (long long)t->covered[i], i == SVC_VOICE ?
				    "voice units" : i == SVC_SMS ? "SMS" :
				    "MB of data");
	}
	if (t->rejected >= 0)
		printf("rejected      %ld bad CDR rows set aside in "
		    "rejects.csv (not billed)\n", t->rejected);
	printf("\n%-16s %14s\n%-16s %14s\n", "net", money_fmt(t->net,
	    MONEY_CENTS, a), "VAT", money_fmt(t->vat, MONEY_CENTS, b));
	printf("%-16s %14s\n", "gross", money_fmt(t->gross, MONEY_CENTS, a));
}

int
main(int argc, char *argv[])
{
	const char *cf = NULL, *debf = NULL, *uncf = NULL, *dir;
	struct customers cs;
	struct totals t;
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	int ch, one = 0;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "1C:D:U:")) != -1) {
		switch (ch) {
		case '1':
			one = 1;
			break;
		case 'C':
			cf = optarg;
			break;
		case 'D':
			debf = optarg;
			break;
		case 'U':
			uncf = optarg;
			break;
		}
	}
	if (optind + 1 != argc)
		usage(stderr, 2);
	dir = argv[optind];
	if (cf != NULL)
		customers_load(cf, NULL, &cs);
	memset(&t, 0, sizeof(t));
	read_invoices(dir, &t);
	if (one) {
		read_usage(dir, &t);
		summary(&t);
		fshut(stdout, "<stdout>");
		free(t.first);
		free(t.last);
		sums_free(&t.free);
		return 0;
	}
	read_lines(dir, cf ? &cs : NULL, &t);
	t.coll_first = DATE_NONE;
	if (debf != NULL) {
		t.sepa = debf;
		t.unc = uncf;
		read_debits(debf, &t);
		if (t.ndebits != t.debits)
			die("%s: %ld direct debits, invoices.csv %ld", debf,
			    t.ndebits, t.debits);
	}
	read_usage(dir, &t);
	if (t.lvat != t.vat)
		die("%s: the VAT of the lines per invoice and rate sums to %s, "
		    "the invoices' to %s", dir, money_fmt(t.lvat, MONEY_CENTS,
		    a), money_fmt(t.vat, MONEY_CENTS, b));
	if (t.lnet != t.net)
		die("%s: the lines sum to %s, the invoices to %s", dir,
		    money_fmt(t.lnet, MONEY_CENTS, a), money_fmt(t.net,
		    MONEY_CENTS, b));
	print(&t);
	fshut(stdout, "<stdout>");

	free(t.first);
	free(t.last);
	sums_free(&t.kinds);
	sums_free(&t.rates);
	sums_free(&t.free);
	if (cf != NULL)
		customers_free(&cs);
	return 0;
}
