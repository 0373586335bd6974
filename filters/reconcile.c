/*
 * reconcile: what came in, resolved to invoices and customers (rules.md §9,
 * formats.md payments.csv): the payments and returns of payments.csv and
 * of the bank's files (camt.h: camt.053, camt.054, pain.002, told from a
 * CSV file by their first byte) dated up to and including the run date
 * that the state's receipts log does not hold yet, each with the invoice
 * it names and its customer, as the receipts stream (receipts.h) on
 * stdout.
 *
 * A payment names its invoice by, in this order, the invoice number, the
 * RF payment reference, the EndToEndId of the debit, an invoice number in
 * the remittance text; one that names none is the customer's
 * (by customer_id, else by the payer's IBAN) and pays their oldest due
 * invoice first (dunning decides that).  A return must name an invoice
 * collected by direct debit.  An entry that nothing matches goes to
 * unapplied.csv (-u) with the reason, and waits for a later run: it is not
 * an error; so does a bank entry in another currency than EUR or booked on
 * another account than the profile's IBAN.  An entry already in the log is applied once; the same
 * payment_id with other figures is an error.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aside.h"
#include "camt.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "debits.h"
#include "iban.h"
#include "idset.h"
#include "invoices.h"
#include "money.h"
#include "receipts.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

static const char synopsis[] =
    "-d YYYY-MM-DD -c terms.conf -C customers.csv -s STATEDIR "
    "[-u unapplied.csv] [file ...]";
static const char options[] =
    "  -d YYYY-MM-DD    the run date: entries dated after it wait\n"
    "  -c terms.conf    the provider's profile (the invoice series)\n"
    "  -C customers.csv the customers, found by customer_id or IBAN\n"
    "  -s STATEDIR      the register, the debits and the receipts log\n"
    "  -u unapplied.csv where the entries that match nothing go\n"
    "  file             payments.csv, or a bank file (camt.053, camt.054,\n"
    "                   pain.002): the payments and returns (none: nothing\n"
    "                   came in)\n";

static struct terms terms;
static struct customers cs;
static struct strpool pool;
static int32_t today;

/* an invoice of the register, as payments find it */
struct inv {
	const char *no, *customer_id;
	int debited, returned;
};

static struct strmap *byno, *byrf, *bynorm, *byiban;

/*
 * The entries applied before (the state's log) and earlier in this run, by
 * payment_id: each with a digest of its figures, to tell the same entry
 * from another one of that id, and where it was read, as a file (0: the
 * log, else an operand) and line.
 */
static struct idset *known;
static char *logpath;
static char **files;

#define ORIGIN(file, line) ((uint64_t)(file) << 40 | (uint64_t)(line))

/* norm: the letters (upper-cased) and digits of s */
static char *
norm(const char *s, struct sbuf *b)
{
	sb_reset(b);
	for (; *s != '\0'; s++)
		if (isalnum((unsigned char)*s)) {
			char c = (char)toupper((unsigned char)*s);

			sb_addn(b, &c, 1);
		}
	return (char *)sb_str(b);
}

static void
load_register(const char *statedir)
{
	struct invoice iv;
	struct invr *ir;
	struct inv *p;
	struct sbuf b = { 0 };
	char rf[RF_BUFSZ], *path;
	FILE *fp = state_open(statedir, "invoices.csv", &path);

	if (fp != NULL) {
		ir = invr_open(csvr_open(fp, path, 0), INV_REGISTER);
		while (invr_next(ir, &iv)) {
			p = xcalloc(1, sizeof(*p));
			p->no = pool_dup(&pool, iv.invoice_no);
			p->customer_id = pool_dup(&pool, iv.customer_id);
			strmap_put(byno, p->no, p);
			if (rf_reference(p->no, rf, sizeof(rf)) != NULL)
				strmap_put(byrf, rf, p);
			strmap_put(bynorm, norm(p->no, &b), p);
		}
		invr_close(ir);
	}
	free(path);
	sb_free(&b);
}

static void
load_debits(const char *statedir)
{
	struct debit d;
	struct debr *dr;
	struct inv *p;
	char *path;
	FILE *fp = state_open(statedir, "debits.csv", &path);

	if (fp != NULL) {
		dr = debr_open(csvr_open(fp, path, 0));
		while (debr_next(dr, &d))
			if ((p = strmap_get(byno, d.invoice_no)) != NULL)
				p->debited = 1;
		debr_close(dr);
	}
	free(path);
}

/* figures: a digest of what makes p the entry it is */
static uint64_t
figures(const struct receipt *p)
{
	uint64_t h = FNV64_BASIS;

	h = fnv1a64_more(h, &p->date, sizeof(p->date));
	h = fnv1a64_more(h, &p->amount, sizeof(p->amount));
	return fnv1a64_more(h, &p->kind, sizeof(p->kind));
}

static void
load_log(const char *statedir)
{
	struct receipt p;
	struct rcptr *rr;
	struct inv *iv;
	uint64_t a, b;
	FILE *fp = state_open(statedir, "receipts.csv", &logpath);

	if (fp != NULL) {
		rr = rcptr_open(csvr_open(fp, logpath, 0));
		while (rcptr_next(rr, &p)) {
			(void)idset_put(known, p.id, strlen(p.id), figures(&p),
			    ORIGIN(0, csvr_line(rcptr_csv(rr))), &a, &b);
			if (p.kind == PAY_RETURN && (iv = strmap_get(byno,
			    p.invoice_no)) != NULL)
				iv->returned = 1;
		}
		rcptr_close(rr);
	}
}

/* an IBAN of more than one customer finds none of them */
static const struct customer ambiguous;

static void
load_ibans(void)
{
	size_t i;

	for (i = 0; i < cs.n; i++) {
		if (cs.v[i].iban == NULL || *cs.v[i].iban == '\0')
			continue;
		if (strmap_put(byiban, cs.v[i].iban, &cs.v[i]) != NULL)
			strmap_set(byiban, cs.v[i].iban, (void *)&ambiguous);
	}
}

/* the invoice of an RF reference (spaces and case aside) */
static struct inv *
from_rf(const char *text)
{
	struct sbuf b = { 0 };
	struct inv *iv = NULL;
	char *t = norm(text, &b);

	if (strncmp(t, "RF", 2) == 0 && rf_valid(t))
		iv = strmap_get(byrf, t);
	sb_free(&b);
	return iv;
}

/* the invoice of the first invoice number of the series in a remittance
 * text (the prefix and its ten digits, spaces and case aside) */
static struct inv *
from_text(const char *text)
{
	struct sbuf b = { 0 }, pre = { 0 };
	struct inv *iv = NULL;
	char *t = norm(text, &b), *p, key[128];
	size_t lp, k;

	norm(terms.invoice_prefix, &pre);
	lp = pre.len;
	for (p = t; iv == NULL && lp > 0 && (p = strstr(p, sb_str(&pre))) !=
	    NULL; p++) {
		for (k = 0; isdigit((unsigned char)p[lp + k]); k++)
			;
		if (k == 10 && lp + k < sizeof(key)) {
			memcpy(key, p, lp + k);
			key[lp + k] = '\0';
			iv = strmap_get(bynorm, key);
		}
	}
	sb_free(&b);
	sb_free(&pre);
	return iv;
}

static struct csvw *wout, *wun;
static size_t napplied, nunapplied;

static void
unapplied(const struct receipt *p, const char *why)
{
	if (wun != NULL)
		unapw_put(wun, p, why);
	nunapplied++;
}

/* once: whether p (read at line of operand file) is new, else applied
 * before or earlier in this run; the same id with other figures is an
 * error */
static int
once(const struct receipt *p, const char *where, int file, long line)
{
	uint64_t fig, from;

	if (!idset_put(known, p->id, strlen(p->id), figures(p),
	    ORIGIN(file, line), &fig, &from))
		return 1;
	if (fig != figures(p))
		die("%s: payment '%s' differs from the one of that id applied "
		    "%s (%s:%llu): a new entry needs a new payment_id", where,
		    clip(p->id), from >> 40 == 0 ? "before" : "earlier",
		    from >> 40 == 0 ? logpath : files[from >> 40],
		    (unsigned long long)(from & ((1ULL << 40) - 1)));
	return 0;
}

/*
 * resolve: p (read at where: line of operand file), dated up to the run, applied once, to the
 * invoice it names by, in this order, its invoice number, its RF payment
 * reference, the EndToEndId of a debit, an invoice number in its text;
 * else to its customer.
 */
static void
resolve(struct receipt *p, const char *where, int file, long line)
{
	const struct customer *c = NULL, *byi;
	struct inv *iv = NULL;
	char why[256];

	if (p->date > today)
		return;		/* a later run's */
	if (!once(p, where, file, line))
		return;
	p->source = where;
	p->applied = today;
	if (*p->invoice_no != '\0')
		iv = strmap_get(byno, p->invoice_no);
	if (iv == NULL && *p->reference != '\0')
		iv = from_rf(p->reference);
	if (iv == NULL && *p->end_to_end_id != '\0')
		iv = strmap_get(byno, p->end_to_end_id);
	if (iv == NULL && *p->reference != '\0')
		iv = from_text(p->reference);
	if (iv == NULL && *p->customer_id != '\0')
		c = customer_find(&cs, p->customer_id);
	else if (iv == NULL && *p->iban != '\0') {
		byi = strmap_get(byiban, p->iban);
		if (byi == &ambiguous) {
			unapplied(p, "the IBAN is that of more than one "
			    "customer");
			return;
		}
		c = byi;
	}
	if (iv == NULL && c == NULL) {
		unapplied(p, "no invoice, customer or account matches");
		return;
	}
	if (p->kind == PAY_RETURN) {
		if (iv == NULL || !iv->debited) {
			snprintf(why, sizeof(why), "a return of no direct debit "
			    "in the ledger%s%s", iv != NULL ? ": " : "",
			    iv != NULL ? iv->no : "");
			unapplied(p, why);
			return;
		}
		if (iv->returned)
			return;	/* the same return, reported again */
		iv->returned = 1;
		if (*p->reason == '\0')
			p->reason = "MS03";
	}
	p->invoice_no = iv != NULL ? iv->no : "";
	p->customer_id = iv != NULL ? iv->customer_id : c->id;
	rcptw_put(wout, p);
	napplied++;
}

/* same_iban: a and b the same account, spaces and case aside */
static int
same_iban(const char *a, const char *b)
{
	struct sbuf na = { 0 }, nb = { 0 };
	int same = strcmp(norm(a, &na), norm(b, &nb)) == 0;

	sb_free(&na);
	sb_free(&nb);
	return same;
}

/*
 * banked: a transaction of a bank file (camt.h) as a receipt.  Money gone
 * out and entries not booked are none of the debtor ledger's business; the
 * collection of a debit of the ledger is paid by the ledger already (on
 * its collection date); an entry in another currency or booked on another
 * account than the profile's IBAN is not applied.
 */
static void
banked(void *arg, const struct bank_tx *t)
{
	int file = *(const int *)arg;
	const char *path = files[file];
	struct receipt p;
	struct inv *iv;
	char where[512], why[256];

	if (t->what == BANK_OTHER)
		return;
	snprintf(where, sizeof(where), "%s:%ld", path, t->line);
	memset(&p, 0, sizeof(p));
	p.id = t->id;
	p.date = t->date;
	p.amount = t->amount;
	p.kind = t->what == BANK_RETURN ? PAY_RETURN : PAY_CREDIT;
	p.invoice_no = p.customer_id = "";
	p.end_to_end_id = t->end_to_end_id;
	p.reference = t->reference;
	p.iban = t->iban;
	p.reason = t->reason;
	p.source = where;
	*why = '\0';
	if (strcmp(t->ccy, "EUR") != 0) {
		snprintf(why, sizeof(why), "an amount in %s, not EUR",
		    *t->ccy != '\0' ? clip(t->ccy) : "no currency");
	} else if (*terms.iban != '\0' && *t->account != '\0' &&
	    !same_iban(t->account, terms.iban)) {
		snprintf(why, sizeof(why), "booked on account %s, not the "
		    "provider's", clip(t->account));
	} else if (t->what == BANK_COLLECTED) {
		if (*t->end_to_end_id == '\0')
			return;		/* a batch's total */
		iv = strmap_get(byno, t->end_to_end_id);
		if (iv != NULL && iv->debited)
			return;
		snprintf(why, sizeof(why), "the collection of a direct debit "
		    "not in the ledger");
	}
	if (*why == '\0')
		resolve(&p, where, file, t->line);
	else if (p.date <= today && once(&p, where, file, t->line))
		unapplied(&p, why);
}

/* is_xml: fp starts with a tag (after a byte order mark and spaces), read
 * without moving it */
static int
is_xml(FILE *fp)
{
	unsigned char b[256];
	ssize_t n = pread(fileno(fp), b, sizeof(b), 0), i = 0;

	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
	    b[i] == '\n'))
		i++;
	return i < n && b[i] == '<';
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *custf = NULL, *statedir = NULL;
	const char *unf = NULL;
	struct aside *aun = NULL;
	struct receipt p;
	struct paymr *pr;
	struct csvr *r;
	char where[512];
	FILE *fp;
	int ch, i;

	prog_init(argc, argv, synopsis, options);
	today = DATE_NONE;
	while ((ch = opt(argc, argv, "d:c:C:s:u:")) != -1) {
		switch (ch) {
		case 'd': today = date_opt(optarg); break;
		case 'c': termsf = optarg; break;
		case 'C': custf = optarg; break;
		case 's': statedir = optarg; break;
		case 'u': unf = optarg; break;
		default: usage(stderr, 2);
		}
	}
	if (today == DATE_NONE || termsf == NULL || custf == NULL ||
	    statedir == NULL)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(custf, &terms, &cs);
	byno = strmap_new();
	byrf = strmap_new();
	bynorm = strmap_new();
	byiban = strmap_new();
	known = idset_new();
	files = argv;
	load_register(statedir);
	load_debits(statedir);
	load_log(statedir);
	load_ibans();
	if (unf != NULL) {
		aun = aside_open(unf, &fp);
		wun = csvw_open(fp, unf);
		unapw_header(wun);
	}
	wout = csvw_open(stdout, "stdout");
	rcptw_header(wout);
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			r = csvr_openpath(argv[i], 0);
		} else {
			fp = xfopen(argv[i], "r");
			if (is_xml(fp)) {
				bank_read(fp, argv[i], banked, &i);
				fclose(fp);
				continue;
			}
			r = csvr_open(fp, argv[i], 0);
		}
		pr = paymr_open(r);
		while (paymr_next(pr, &p)) {
			snprintf(where, sizeof(where), "%s:%ld", csvr_name(r),
			    csvr_line(r));
			resolve(&p, where, i, csvr_line(r));
		}
		paymr_close(pr);
		csvr_close(r);
	}
	if (wun != NULL) {
		csvw_close_sync(wun);
		aside_commit(aun);
	}
	csvw_close(wout);
	return 0;
}
