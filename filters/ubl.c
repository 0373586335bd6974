/*
 * ubl: the e-invoices of a run (formats.md ubl/, issue 16): for each
 * invoice of OUTDIR/invoices.csv whose customer has an e-invoice address
 * (customers.csv peppol_id), OUTDIR/ubl/INVOICE_NO.xml, a UBL 2.1 Invoice
 * of Peppol BIS Billing 3.0 (or of the Dutch NLCIUS, terms.conf einvoice),
 * or a CreditNote for a credit invoice, with its lines from lines.csv, the
 * VAT per category, how it is paid and its PDF embedded, so that the XML
 * alone is the whole invoice.
 *
 * The amounts are those of invoices.csv and lines.csv, to the cent: a
 * CreditNote carries the credit as positive amounts (the invoice's
 * negated).  A line whose net is negative goes out with a negative
 * quantity and a positive price (EN 16931 BR-27); a part month as days
 * at the monthly price per 30 days (the base quantity), so that quantity
 * × price / base = net, as the Peppol rules check it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aside.h"
#include "billed.h"
#include "contract.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "debits.h"
#include "iban.h"
#include "invoices.h"
#include "invtpl.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"
#include "xmlout.h"

static const char synopsis[] =
    "-c terms.conf -C customers.csv -t TEMPLATES [-t TEMPLATES ...] "
    "[-s STATEDIR] [-b posting.csv] [-D debits.csv] -o OUTDIR";
static const char options[] =
    "  -c terms.conf      the provider's profile (einvoice: peppol,\n"
    "                     nlcius or none)\n"
    "  -C customers.csv   the customers: e-invoice address, ids, address\n"
    "  -t TEMPLATES       the PDF's templates (invoice.conf): the VAT texts;\n"
    "                     a later folder's file replaces an earlier one's\n"
    "  -s STATEDIR        the state: billed.csv, for the invoice that a\n"
    "                     credit invoice corrects\n"
    "  -b posting.csv     the run's billed rows (invoice's posting file)\n"
    "  -D debits.csv      the run's direct debits: mandate and account\n"
    "  -o OUTDIR          the run's folder: invoices.csv, lines.csv, pdf/\n"
    "                     in; ubl/INVOICE_NO.xml out\n";

#define NS_INV "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_CN "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_CAC \
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define NS_CBC \
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#define CUST_PEPPOL \
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
#define CUST_NLCIUS "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
#define PROFILE "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

static struct terms terms;
static struct customers cs;
static const char *outdir;
/* invoice_no -> its debit's "mandate_id\tiban" (-D); credit invoice ->
 * the invoice it corrects; their strings in pool */
static struct strmap *debits, *corrects;
static struct strpool pool;

/* --- the run's facts ------------------------------------------------------ */

static void
load_debits(const char *path)
{
	struct debit d;
	struct debr *dr = debr_open(csvr_openpath(path, 0));
	char *v;

	while (debr_next(dr, &d)) {
		v = xasprintf("%s\t%s", d.mandate_id, d.iban);
		strmap_put(debits, d.invoice_no, pool_dup(&pool, v));
		free(v);
	}
	debr_close(dr);
}

/*
 * load_corrections: for each credit invoice of the run, the invoice that
 * billed what its first correction line corrects: the key of that line's
 * posting row (-b) looked up in the state's billed.csv, where the first
 * row of the key that is not a correction names the invoice.
 */
static void
load_corrections(const char *posting, const char *statedir,
    struct strmap *credit)
{
	struct strmap *want = strmap_new();	/* customer/key -> credit no */
	struct billedr *br;
	struct billed b;
	struct sbuf k = { 0 };
	const char *no;
	char *path;
	FILE *fp;

	/* the first correction of each credit invoice (1: not met yet) */
	br = billedr_open(csvr_openpath(posting, 0));
	while (billedr_next(br, &b)) {
		if (strcmp(b.kind, "correction") != 0 ||
		    strmap_get(credit, b.invoice_no) != (void *)1)
			continue;
		strmap_set(credit, b.invoice_no, (void *)2);
		sb_reset(&k);
		sb_addf(&k, "%s/%s", b.customer_id, b.key);
		strmap_put(want, sb_str(&k), pool_dup(&pool, b.invoice_no));
	}
	billedr_close(br);
	if (statedir != NULL && (fp = state_open(statedir, "billed.csv",
	    &path)) != NULL) {
		br = billedr_open(csvr_open(fp, path, 0));
		while (billedr_next(br, &b)) {
			if (strcmp(b.kind, "correction") == 0)
				continue;
			sb_reset(&k);
			sb_addf(&k, "%s/%s", b.customer_id, b.key);
			if ((no = strmap_get(want, sb_str(&k))) != NULL &&
			    strmap_get(corrects, no) == NULL)
				strmap_put(corrects, no, pool_dup(&pool,
				    b.invoice_no));
		}
		billedr_close(br);
		free(path);
	}
	sb_free(&k);
	strmap_free(want);
}

/* --- writing --------------------------------------------------------------- */

static struct xmlout *x;
static int credit;		/* a CreditNote: amounts negated */
static struct tpl tpl;		/* invoice.conf, for the PDF's VAT texts */
static enum lang lang;		/* the customer's */
static char abuf[MONEY_BUFSZ];

/* amount: cents as the document's amount (negated in a CreditNote) */
static const char *
amount(int64_t cents)
{
	return money_fmt(credit ? -cents : cents, MONEY_CENTS, abuf);
}

static void
eur(const char *tag, int64_t cents)
{
	xo_leaf_attr(x, tag, "currencyID", "EUR", amount(cents));
}

static void
leaf(const char *tag, const char *text)
{
	if (text != NULL && *text != '\0')
		xo_leaf(x, tag, text);
}

static void
date_leaf(const char *tag, int32_t d)
{
	char b[DATE_BUFSZ];

	if (d != DATE_NONE)
		xo_leaf(x, tag, date_fmt(d, b));
}

/* scheme_id: "0106:12345678" -> scheme "0106", id "12345678" */
static void
endpoint(const char *peppol)
{
	char scheme[5];

	memcpy(scheme, peppol, 4);
	scheme[4] = '\0';
	xo_leaf_attr(x, "cbc:EndpointID", "schemeID", scheme, peppol + 5);
}

static void
address(const char *street, const char *city, const char *postcode,
    const char *country)
{
	xo_start(x, "cac:PostalAddress");
	leaf("cbc:StreetName", street);
	leaf("cbc:CityName", city);
	leaf("cbc:PostalZone", postcode);
	xo_start(x, "cac:Country");
	xo_leaf(x, "cbc:IdentificationCode", country);
	xo_end(x);
	xo_end(x);
}

static void
tax_scheme(const char *company_id, const char *scheme)
{
	xo_start(x, "cac:PartyTaxScheme");
	xo_leaf(x, "cbc:CompanyID", company_id);
	xo_start(x, "cac:TaxScheme");
	xo_leaf(x, "cbc:ID", scheme);
	xo_end(x);
	xo_end(x);
}

static void
legal_entity(const char *name, const char *kvk, const char *country)
{
	xo_start(x, "cac:PartyLegalEntity");
	xo_leaf(x, "cbc:RegistrationName", name);
	if (kvk != NULL && *kvk != '\0' && strcmp(country, "NL") == 0)
		xo_leaf_attr(x, "cbc:CompanyID", "schemeID", "0106", kvk);
	xo_end(x);
}

static void
supplier(int dd, int outside)
{
	char peppol[64];

	xo_start(x, "cac:AccountingSupplierParty");
	xo_start(x, "cac:Party");
	snprintf(peppol, sizeof(peppol), "0106:%s", terms.kvk);
	endpoint(peppol);
	if (dd && *terms.creditor_id != '\0') {
		/* BT-90, the SEPA creditor identifier */
		xo_start(x, "cac:PartyIdentification");
		xo_leaf_attr(x, "cbc:ID", "schemeID", "SEPA", terms.creditor_id);
		xo_end(x);
	}
	xo_start(x, "cac:PartyName");
	xo_leaf(x, "cbc:Name", terms.provider_name);
	xo_end(x);
	address(terms.street, terms.city, terms.postcode, *terms.country ?
	    terms.country : "NL");
	/* outside the scope (BR-O-02): the VAT id as a tax registration
	 * (BT-32), not as a VAT identifier */
	tax_scheme(terms.vat_id, outside ? "TAX" : "VAT");
	legal_entity(terms.provider_name, terms.kvk, "NL");
	if (*terms.email != '\0') {
		xo_start(x, "cac:Contact");
		xo_leaf(x, "cbc:ElectronicMail", terms.email);
		xo_end(x);
	}
	xo_end(x);
	xo_end(x);
}

static void
customer_party(const struct customer *c, int outside)
{
	xo_start(x, "cac:AccountingCustomerParty");
	xo_start(x, "cac:Party");
	endpoint(c->peppol_id);
	xo_start(x, "cac:PartyIdentification");
	xo_leaf(x, "cbc:ID", c->id);
	xo_end(x);
	xo_start(x, "cac:PartyName");
	xo_leaf(x, "cbc:Name", c->name);
	xo_end(x);
	address(c->street, c->city, c->postcode, c->country);
	if (*c->vat_id != '\0' && !outside)
		tax_scheme(c->vat_id, "VAT");
	legal_entity(c->name, c->kvk, c->country);
	if (*c->email != '\0') {
		xo_start(x, "cac:Contact");
		xo_leaf(x, "cbc:ElectronicMail", c->email);
		xo_end(x);
	}
	xo_end(x);
	xo_end(x);
}

/* the exemption reason of a category (BR-AE-10, BR-E-10, BR-O-10): the
 * PDF's text of it (rules.md §8), in the customer's language */
static void
exemption(const char *cat)
{
	if (strcmp(cat, "AE") == 0) {
		xo_leaf(x, "cbc:TaxExemptionReasonCode", "VATEX-EU-AE");
		xo_leaf(x, "cbc:TaxExemptionReason",
		    invtpl_word(&tpl, lang, W_REVERSE_CHARGE));
	} else if (strcmp(cat, "O") == 0) {
		xo_leaf(x, "cbc:TaxExemptionReasonCode", "VATEX-EU-O");
		xo_leaf(x, "cbc:TaxExemptionReason",
		    invtpl_word(&tpl, lang, W_OUTSIDE_EU));
	} else if (strcmp(cat, "E") == 0) {
		xo_leaf(x, "cbc:TaxExemptionReason",
		    invtpl_word(&tpl, lang, W_EXEMPT));
	}
}

static void
tax_category(const char *tag, const char *cat, int64_t rate, int reason)
{
	char b[MONEY_BUFSZ];

	xo_start(x, tag);
	xo_leaf(x, "cbc:ID", cat);
	if (strcmp(cat, "O") != 0)
		xo_leaf(x, "cbc:Percent", money_fmt_trim(rate, MONEY_CENTS, 0, b));
	if (reason)
		exemption(cat);
	xo_start(x, "cac:TaxScheme");
	xo_leaf(x, "cbc:ID", "VAT");
	xo_end(x);
	xo_end(x);
}

/* one VAT breakdown: category and rate, the sum of its lines' nets */
struct vatcat {
	char cat[3];
	int64_t rate, net;
};

static void
taxes(const struct invoice *inv, const struct line *v, size_t n)
{
	struct vatcat vc[16];
	struct vatsum vs[VATSUM_MAX];
	size_t nvc = 0, nvs = 0, i, j;
	int64_t vat;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nvc; j++)
			if (strcmp(vc[j].cat, v[i].vat_category) == 0 &&
			    vc[j].rate == v[i].vat_rate)
				break;
		if (j == nvc) {
			if (nvc == sizeof(vc) / sizeof(vc[0]))
				die("invoice %s: more than %zu VAT categories",
				    inv->invoice_no, nvc);
			snprintf(vc[j].cat, sizeof(vc[j].cat), "%s",
			    v[i].vat_category);
			vc[j].rate = v[i].vat_rate;
			vc[j].net = 0;
			nvc++;
		}
		vc[j].net += v[i].net;
	}
	xo_start(x, "cac:TaxTotal");
	eur("cbc:TaxAmount", inv->vat);
	for (j = 0; j < nvc; j++) {
		/* the VAT of a rate is rounded once over its lines (VW
		 * 1.12.1), as invoice computed it */
		nvs = 0;
		vat_add(vs, &nvs, vc[j].rate, vc[j].net, inv->invoice_no);
		vat = vat_total(vs, nvs, inv->invoice_no);
		xo_start(x, "cac:TaxSubtotal");
		eur("cbc:TaxableAmount", vc[j].net);
		eur("cbc:TaxAmount", vat);
		tax_category("cac:TaxCategory", vc[j].cat, vc[j].rate, 1);
		xo_end(x);
	}
	xo_end(x);
}

/*
 * unit: the UN/ECE Recommendation 20 code of a lines.csv unit, and the
 * factor and base of the quantity: "month" MON; "7/30 month" seven DAY at
 * a price per 30 DAY; "min" MIN; "30 s" SEC by 30; "MB" 4L (megabyte);
 * "sms" C62 (one message); a call set-up and a charge H87 (piece).
 */
static const char *
unit(const char *u, long *factor, long *base)
{
	long a, b;
	int n = 0;

	*factor = *base = 1;
	if (strcmp(u, "month") == 0)
		return "MON";
	if (sscanf(u, "%ld/%ld month%n", &a, &b, &n) == 2 && u[n] == '\0' &&
	    a > 0 && b > 0) {
		*factor = a;
		*base = b;
		return "DAY";
	}
	if (strcmp(u, "min") == 0)
		return "MIN";
	if (sscanf(u, "%ld s%n", &a, &n) == 1 && u[n] == '\0' && a > 0) {
		*factor = a;
		return "SEC";
	}
	if (strcmp(u, "MB") == 0)
		return "4L";
	if (strcmp(u, "sms") == 0)
		return "C62";
	return "H87";
}

/* reads: quantity × price / base is net, to the cent (0.00001-EUR price) */
static int
reads(int64_t qty, int64_t price, long base, int64_t net)
{
	__int128 p = (__int128)qty * price, n = (__int128)net * MICRO_PER_CENT *
	    base;
	__int128 d = p > n ? p - n : n - p;

	return d * 2 <= (__int128)MICRO_PER_CENT * base;
}

static void
line(const struct line *l)
{
	char b[MONEY_BUFSZ], q[32];
	const char *code;
	long factor, base;
	int whole, days;
	int64_t qty, price = l->unit_price;

	code = unit(l->unit, &factor, &base);
	qty = l->quantity * factor;
	/* a part month (a discount, a correction of one): its days at the
	 * price per prorate_days days (rules.md §8) */
	if (!reads(qty, price, base, l->net) && l->from != DATE_NONE &&
	    l->to != DATE_NONE && (days = days_counted(l->from, l->to,
	    terms.prorate_days, &whole)) > 0 &&
	    reads(l->quantity * days, price, terms.prorate_days, l->net)) {
		code = "DAY";
		qty = l->quantity * days;
		base = terms.prorate_days;
	}
	/* else the line as one piece at its net */
	if (!reads(qty, price, base, l->net)) {
		code = "C62";
		qty = 1;
		base = 1;
		price = micro(l->net);
	}
	/* BR-27: no negative price; the sign goes to the quantity */
	if (price < 0) {
		price = -price;
		qty = -qty;
	}
	if (credit)
		qty = -qty;
	xo_start(x, credit ? "cac:CreditNoteLine" : "cac:InvoiceLine");
	snprintf(q, sizeof(q), "%ld", l->line_no);
	xo_leaf(x, "cbc:ID", q);
	leaf("cbc:Note", l->rule);
	snprintf(q, sizeof(q), "%lld", (long long)qty);
	xo_leaf_attr(x, credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity",
	    "unitCode", code, q);
	eur("cbc:LineExtensionAmount", l->net);
	if (l->from != DATE_NONE || l->to != DATE_NONE) {
		xo_start(x, "cac:InvoicePeriod");
		date_leaf("cbc:StartDate", l->from);
		date_leaf("cbc:EndDate", l->to);
		xo_end(x);
	}
	xo_start(x, "cac:Item");
	xo_leaf(x, "cbc:Name", *l->description ? l->description : l->kind);
	if (*l->ref != '\0') {
		xo_start(x, "cac:SellersItemIdentification");
		xo_leaf(x, "cbc:ID", l->ref);
		xo_end(x);
	}
	tax_category("cac:ClassifiedTaxCategory", l->vat_category, l->vat_rate,
	    0);
	xo_end(x);
	xo_start(x, "cac:Price");
	xo_leaf_attr(x, "cbc:PriceAmount", "currencyID", "EUR",
	    money_fmt_trim(price, MONEY_MICRO, 2, b));
	if (base != 1) {
		snprintf(q, sizeof(q), "%ld", base);
		xo_leaf_attr(x, "cbc:BaseQuantity", "unitCode", code, q);
	}
	xo_end(x);
	xo_end(x);
}

static void
attachment(const struct invoice *inv)
{
	char *path, *name;
	unsigned char *pdf;
	size_t n;

	if (inv->pdf == NULL || *inv->pdf == '\0')
		return;
	path = path_join(outdir, inv->pdf);
	pdf = file_read(path, &n);
	name = xasprintf("%s.pdf", inv->invoice_no);
	xo_start(x, "cac:AdditionalDocumentReference");
	xo_leaf(x, "cbc:ID", inv->invoice_no);
	xo_leaf(x, "cbc:DocumentDescription", credit ? "Creditfactuur" :
	    "Factuur");
	xo_start(x, "cac:Attachment");
	xo_start(x, "cbc:EmbeddedDocumentBinaryObject");
	xo_attr(x, "mimeCode", "application/pdf");
	xo_attr(x, "filename", name);
	xo_base64(x, pdf, n);
	xo_end(x);
	xo_end(x);
	xo_end(x);
	free(name);
	free(pdf);
	free(path);
}

static void
payment(const struct invoice *inv, const struct customer *c)
{
	const char *d, *tab;
	char *mandate;

	if (credit)
		return;		/* a credit is set off, not paid (§9) */
	xo_start(x, "cac:PaymentMeans");
	if (inv->direct_debit) {
		d = strmap_get(debits, inv->invoice_no);
		tab = d != NULL ? strchr(d, '\t') : NULL;
		mandate = tab != NULL ? xasprintf("%.*s", (int)(tab - d), d) :
		    xstrdup(c->mandate_id);
		xo_leaf_attr(x, "cbc:PaymentMeansCode", "name",
		    "SEPA direct debit", "59");
		leaf("cbc:PaymentID", inv->payment_reference);
		xo_start(x, "cac:PaymentMandate");
		xo_leaf(x, "cbc:ID", mandate);
		xo_start(x, "cac:PayerFinancialAccount");
		xo_leaf(x, "cbc:ID", tab != NULL ? tab + 1 : c->iban);
		xo_end(x);
		xo_end(x);
		free(mandate);
	} else {
		xo_leaf_attr(x, "cbc:PaymentMeansCode", "name",
		    "SEPA credit transfer", "58");
		leaf("cbc:PaymentID", inv->payment_reference);
		xo_start(x, "cac:PayeeFinancialAccount");
		xo_leaf(x, "cbc:ID", terms.iban);
		xo_leaf(x, "cbc:Name", terms.provider_name);
		xo_end(x);
	}
	xo_end(x);
}

static void
document(const struct invoice *inv, const struct customer *c,
    const struct line *v, size_t n, const char *path)
{
	FILE *fp;
	struct aside *a = aside_open(path, &fp);	/* renamed into place */
	char b[DATE_BUFSZ];
	const char *orig;
	int32_t from = DATE_NONE, to = DATE_NONE;
	int64_t lines = 0;
	int outside = 0;
	size_t i;

	credit = inv->gross < 0;
	if (lang_parse(c->language, &lang) != 0)
		lang = LANG_NL;
	for (i = 0; i < n; i++) {
		lines += v[i].net;
		outside |= strcmp(v[i].vat_category, "O") == 0;
		if (v[i].from != DATE_NONE && (from == DATE_NONE ||
		    v[i].from < from))
			from = v[i].from;
		if (v[i].to != DATE_NONE && (to == DATE_NONE || v[i].to > to))
			to = v[i].to;
	}
	x = xo_open(fp, path);
	xo_start(x, credit ? "CreditNote" : "Invoice");
	xo_attr(x, "xmlns", credit ? NS_CN : NS_INV);
	xo_attr(x, "xmlns:cac", NS_CAC);
	xo_attr(x, "xmlns:cbc", NS_CBC);
	xo_leaf(x, "cbc:CustomizationID", terms.einvoice == EINVOICE_NLCIUS ?
	    CUST_NLCIUS : CUST_PEPPOL);
	xo_leaf(x, "cbc:ProfileID", PROFILE);
	xo_leaf(x, "cbc:ID", inv->invoice_no);
	xo_leaf(x, "cbc:IssueDate", date_fmt(inv->invoice_date, b));
	if (!credit) {
		date_leaf("cbc:DueDate", inv->due_date);
		xo_leaf(x, "cbc:InvoiceTypeCode", "380");
	} else {
		xo_leaf(x, "cbc:CreditNoteTypeCode", "381");
	}
	xo_leaf(x, "cbc:DocumentCurrencyCode", "EUR");
	xo_leaf(x, "cbc:BuyerReference", c->buyer_reference);
	if (from != DATE_NONE && to != DATE_NONE) {
		xo_start(x, "cac:InvoicePeriod");
		date_leaf("cbc:StartDate", from);
		date_leaf("cbc:EndDate", to);
		xo_end(x);
	}
	if (credit && (orig = strmap_get(corrects, inv->invoice_no)) != NULL) {
		xo_start(x, "cac:BillingReference");
		xo_start(x, "cac:InvoiceDocumentReference");
		xo_leaf(x, "cbc:ID", orig);
		xo_end(x);
		xo_end(x);
	}
	attachment(inv);
	supplier(inv->direct_debit && !credit, outside);
	customer_party(c, outside);
	payment(inv, c);
	if (!credit && inv->due_date != DATE_NONE) {
		xo_start(x, "cac:PaymentTerms");
		xo_leaf(x, "cbc:Note", inv->direct_debit ? "Automatische "
		    "incasso vóór de vervaldatum (VZ 8.9)" : "Betaling binnen "
		    "de betaaltermijn (VZ 8.8)");
		xo_end(x);
	}
	taxes(inv, v, n);
	xo_start(x, "cac:LegalMonetaryTotal");
	eur("cbc:LineExtensionAmount", lines);
	eur("cbc:TaxExclusiveAmount", inv->net);
	eur("cbc:TaxInclusiveAmount", inv->gross);
	eur("cbc:PayableAmount", inv->gross);
	xo_end(x);
	for (i = 0; i < n; i++)
		line(&v[i]);
	xo_end(x);
	xo_close(x);
	fshut(fp, path);
	aside_commit(a);
}

/* --- the run --------------------------------------------------------------- */

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *custf = NULL, *statedir = NULL;
	const char *posting = NULL, *debitsf = NULL, *dirs[8];
	struct invoice inv;
	struct invr *ir;
	struct liner *lr;
	struct line l, *v = NULL;
	struct csvr *r;
	struct strmap *credit_nos;
	const struct customer *c;
	size_t n = 0, cap = 0, ndirs = 0;
	char *pi, *pl, *dir, *rel, *path;
	int ch, have;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "c:C:t:s:b:D:o:")) != -1) {
		switch (ch) {
		case 'c': termsf = optarg; break;
		case 'C': custf = optarg; break;
		case 't':
			tpl_dir_add(dirs, &ndirs, NELEM(dirs), optarg);
			break;
		case 's': statedir = optarg; break;
		case 'b': posting = optarg; break;
		case 'D': debitsf = optarg; break;
		case 'o': outdir = optarg; break;
		default: usage(stderr, 2);
		}
	}
	if (termsf == NULL || custf == NULL || outdir == NULL || ndirs == 0 ||
	    optind != argc)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	if (terms.einvoice == EINVOICE_NONE)
		return 0;
	if (!kvk_valid(terms.kvk))
		die("%s: kvk: %s: the e-invoices need the provider's KvK number "
		    "(8 digits) as its address and legal entity (or einvoice = "
		    "none)", termsf, *terms.kvk ? "bad" : "missing");
	customers_load(custf, &terms, &cs);
	invtpl_load(&tpl, dirs, ndirs);
	debits = strmap_new();
	corrects = strmap_new();
	if (debitsf != NULL)
		load_debits(debitsf);
	pi = path_join(outdir, "invoices.csv");
	pl = path_join(outdir, "lines.csv");
	/* the credit invoices, for the invoices they correct */
	credit_nos = strmap_new();
	ir = invr_open(csvr_openpath(pi, 0), INV_RUN);
	while (invr_next(ir, &inv))
		if (inv.gross < 0)
			strmap_put(credit_nos, inv.invoice_no, (void *)1);
	invr_close(ir);
	if (posting != NULL)
		load_corrections(posting, statedir, credit_nos);
	dir = path_join(outdir, "ubl");
	dir_make(dir);
	ir = invr_open(csvr_openpath(pi, 0), INV_RUN);
	lr = liner_open(r = csvr_openpath(pl, 0));
	have = liner_next(lr, &l);
	while (invr_next(ir, &inv)) {
		if ((c = customer_find(&cs, inv.customer_id)) == NULL)
			csvr_die(invr_csv(ir), -1, "invoice %s: unknown "
			    "customer '%s'", inv.invoice_no,
			    clip(inv.customer_id));
		n = 0;
		for (; have && strcmp(l.invoice_no, inv.invoice_no) == 0;
		    have = liner_next(lr, &l)) {
			if (*l.vat_category == '\0')
				csvr_die(r, -1, "invoice %s: no vat_category: "
				    "expected the column of the e-invoices "
				    "(a run of before them is rerun whole)",
				    inv.invoice_no);
			GROW(v, n, cap);
			line_dup(&v[n++], &l);
		}
		if (n == 0)
			csvr_die(invr_csv(ir), -1, "invoice %s has no lines in "
			    "%s", inv.invoice_no, pl);
		/* none for a customer without an e-invoice address: report
		 * counts them */
		if (*c->peppol_id != '\0') {
			rel = xasprintf("%s.xml", inv.invoice_no);
			path = path_join(dir, rel);
			document(&inv, c, v, n, path);
			free(rel);
			free(path);
		}
		while (n > 0)
			line_release(&v[--n]);
	}
	if (have)
		csvr_die(r, -1, "invoice %s is not in %s (or not in its order)",
		    l.invoice_no, pi);
	dir_sync(dir);
	invr_close(ir);
	liner_close(lr);
	free(v);
	free(pi);
	free(pl);
	free(dir);
	strmap_free(credit_nos);
	strmap_free(debits);
	strmap_free(corrects);
	pool_free(&pool);
	customers_free(&cs);
	tpl_free(&tpl);
	return 0;
}
