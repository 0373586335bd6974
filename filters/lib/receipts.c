/* receipts: payments.csv, the receipts stream and log, unapplied.csv and
 * disputes.csv, read and written by column name; the return codes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "field.h"
#include "money.h"
#include "receipts.h"
#include "table.h"
#include "util.h"

const char *const pay_kinds[] = { "credit", "return", NULL };

/* --- payments.csv ---------------------------------------------------------- */

struct paymr {
	struct csvr *r;
	int id, date, amount, kind, no, e2e, ref, iban, cust, reason;
};

struct paymr *
paymr_open(struct csvr *r)
{
	struct paymr *pr = xcalloc(1, sizeof(*pr));

	pr->r = r;
	pr->id = csvr_need(r, "payment_id");
	pr->date = csvr_need(r, "date");
	pr->amount = csvr_need(r, "amount");
	pr->kind = csvr_col(r, "kind");
	pr->no = csvr_col(r, "invoice_no");
	pr->e2e = csvr_col(r, "end_to_end_id");
	pr->ref = csvr_col(r, "reference");
	pr->iban = csvr_col(r, "iban");
	pr->cust = csvr_col(r, "customer_id");
	pr->reason = csvr_col(r, "reason");
	return pr;
}

int
paymr_next(struct paymr *pr, struct receipt *p)
{
	struct csvr *r = pr->r;

	if (!csvr_next(r))
		return 0;
	memset(p, 0, sizeof(*p));
	p->id = fld_id(r, pr->id, 1);
	p->date = fld_date(r, pr->date, 1);
	p->amount = fld_money(r, pr->amount, MONEY_CENTS, 1, 0);
	if (p->amount <= 0)
		csvr_die(r, pr->amount, "bad amount '%s': expected a positive "
		    "amount (a payment out is not for this program)",
		    clip(csvr_get(r, pr->amount)));
	p->kind = (enum pay_kind)fld_enum(r, pr->kind, pay_kinds, PAY_CREDIT);
	p->invoice_no = fld_str(r, pr->no, 0);
	p->end_to_end_id = fld_str(r, pr->e2e, 0);
	p->reference = fld_str(r, pr->ref, 0);
	p->iban = fld_str(r, pr->iban, 0);
	p->customer_id = fld_id(r, pr->cust, 0);
	p->reason = fld_str(r, pr->reason, 0);
	if (*p->reason != '\0' && !return_code_ok(p->reason))
		csvr_die(r, pr->reason, "bad reason '%s': expected an ISO 20022 "
		    "return code such as AM04", clip(p->reason));
	if (p->kind == PAY_CREDIT && *p->reason != '\0')
		csvr_die(r, pr->reason, "a reason for a credit: expected kind "
		    "return for a direct debit that came back");
	p->source = "";
	p->applied = DATE_NONE;
	return 1;
}

struct csvr *
paymr_csv(const struct paymr *pr)
{
	return pr->r;
}

void
paymr_close(struct paymr *pr)
{
	free(pr);
}

/* --- the receipts stream and log -------------------------------------------- */

enum { R_ID, R_DATE, R_AMOUNT, R_KIND, R_NO, R_CUST, R_REASON, R_REF, R_IBAN,
	R_SOURCE, R_APPLIED };

static const char *const rcols[] = { "payment_id", "date", "amount", "kind",
	"invoice_no", "customer_id", "reason", "reference", "iban", "source",
	"applied", NULL };

struct rcptr {
	struct tabr *t;
};

struct rcptr *
rcptr_open(struct csvr *r)
{
	struct rcptr *rr = xcalloc(1, sizeof(*rr));

	rr->t = tabr_open(r, rcols);
	return rr;
}

int
rcptr_next(struct rcptr *rr, struct receipt *p)
{
	struct tabr *t = rr->t;
	struct csvr *r = tabr_csv(t);

	if (!tabr_next(t))
		return 0;
	memset(p, 0, sizeof(*p));
	p->id = fld_str(r, tabr_col(t, R_ID), 1);
	p->date = fld_date(r, tabr_col(t, R_DATE), 1);
	p->amount = fld_money(r, tabr_col(t, R_AMOUNT), MONEY_CENTS, 1, 0);
	if (p->amount <= 0)
		csvr_die(r, tabr_col(t, R_AMOUNT), "bad amount: expected a "
		    "positive amount");
	p->kind = (enum pay_kind)fld_enum(r, tabr_col(t, R_KIND), pay_kinds,
	    PAY_CREDIT);
	p->invoice_no = tabr_get(t, R_NO);
	p->end_to_end_id = "";
	p->customer_id = tabr_get(t, R_CUST);
	p->reason = tabr_get(t, R_REASON);
	p->reference = tabr_get(t, R_REF);
	p->iban = tabr_get(t, R_IBAN);
	p->source = tabr_get(t, R_SOURCE);
	p->applied = fld_date(r, tabr_col(t, R_APPLIED), 0);
	if (*p->customer_id == '\0')
		csvr_die(r, tabr_col(t, R_CUST), "a receipt without its "
		    "customer: expected what reconcile resolved");
	return 1;
}

struct csvr *
rcptr_csv(const struct rcptr *rr)
{
	return tabr_csv(rr->t);
}

void
rcptr_copy(const struct rcptr *rr, struct csvw *w)
{
	tabr_copy(rr->t, w);
}

void
rcptr_close(struct rcptr *rr)
{
	if (rr == NULL)
		return;
	tabr_close(rr->t);
	free(rr);
}

void
rcptw_header(struct csvw *w)
{
	csvw_header(w, rcols);
}

void
rcptw_put(struct csvw *w, const struct receipt *p)
{
	csvw_str(w, p->id);
	csvw_date(w, p->date);
	csvw_money(w, p->amount, MONEY_CENTS);
	csvw_str(w, pay_kinds[p->kind]);
	csvw_str(w, p->invoice_no);
	csvw_str(w, p->customer_id);
	csvw_str(w, p->reason);
	csvw_str(w, p->reference);
	csvw_str(w, p->iban);
	csvw_str(w, p->source);
	csvw_date(w, p->applied);
	csvw_end(w);
}

/* --- unapplied.csv ------------------------------------------------------------ */

static const char *const ucols[] = { "payment_id", "date", "amount", "kind",
	"reference", "iban", "source", "reason", NULL };

void
unapw_header(struct csvw *w)
{
	csvw_header(w, ucols);
}

void
unapw_put(struct csvw *w, const struct receipt *p, const char *why)
{
	csvw_str(w, p->id);
	csvw_date(w, p->date);
	csvw_money(w, p->amount, MONEY_CENTS);
	csvw_str(w, pay_kinds[p->kind]);
	csvw_str(w, p->reference);
	csvw_str(w, p->iban);
	csvw_str(w, p->source);
	csvw_str(w, why);
	csvw_end(w);
}

struct unapr {
	struct tabr *t;
};

struct unapr *
unapr_open(struct csvr *r)
{
	struct unapr *ur = xcalloc(1, sizeof(*ur));

	ur->t = tabr_open(r, ucols);
	return ur;
}

int
unapr_next(struct unapr *ur, struct receipt *p, const char **why)
{
	struct tabr *t = ur->t;
	struct csvr *r = tabr_csv(t);

	if (!tabr_next(t))
		return 0;
	memset(p, 0, sizeof(*p));
	p->id = fld_str(r, tabr_col(t, 0), 1);
	p->date = fld_date(r, tabr_col(t, 1), 1);
	p->amount = fld_money(r, tabr_col(t, 2), MONEY_CENTS, 1, 0);
	p->kind = (enum pay_kind)fld_enum(r, tabr_col(t, 3), pay_kinds,
	    PAY_CREDIT);
	p->reference = tabr_get(t, 4);
	p->iban = tabr_get(t, 5);
	p->source = tabr_get(t, 6);
	p->invoice_no = p->end_to_end_id = p->customer_id = p->reason = "";
	*why = tabr_get(t, 7);
	return 1;
}

void
unapr_close(struct unapr *ur)
{
	if (ur == NULL)
		return;
	tabr_close(ur->t);
	free(ur);
}

/* --- disputes.csv ---------------------------------------------------------------- */

struct dispr {
	struct csvr *r;
	int no, date, amount, resolved;
};

struct dispr *
dispr_open(struct csvr *r)
{
	struct dispr *dr = xcalloc(1, sizeof(*dr));

	dr->r = r;
	dr->no = csvr_need(r, "invoice_no");
	dr->date = csvr_need(r, "date");
	dr->amount = csvr_col(r, "amount");
	dr->resolved = csvr_col(r, "resolved");
	return dr;
}

int
dispr_next(struct dispr *dr, struct dispute *d)
{
	struct csvr *r = dr->r;

	if (!csvr_next(r))
		return 0;
	d->invoice_no = fld_str(r, dr->no, 1);
	d->date = fld_date(r, dr->date, 1);
	d->amount = fld_money(r, dr->amount, MONEY_CENTS, 0, -1);
	if (*csvr_get(r, dr->amount) != '\0' && d->amount <= 0)
		csvr_die(r, dr->amount, "bad amount '%s': expected the disputed "
		    "part, more than 0 (empty: the whole invoice)",
		    clip(csvr_get(r, dr->amount)));
	d->resolved = fld_date(r, dr->resolved, 0);
	if (d->resolved != DATE_NONE && d->resolved < d->date)
		csvr_die(r, dr->resolved, "bad resolved: before the dispute's "
		    "date");
	return 1;
}

struct csvr *
dispr_csv(const struct dispr *dr)
{
	return dr->r;
}

void
dispr_close(struct dispr *dr)
{
	free(dr);
}

/* --- return codes (sepa.md) ---------------------------------------------------------- */

static const struct {
	const char *code;
	int noretry;
	const char *nl, *en;
} codes[] = {
	{ "AC04", 1, "de rekening is opgeheven", "the account is closed" },
	{ "AC06", 1, "de rekening is geblokkeerd", "the account is blocked" },
	{ "AM04", 0, "onvoldoende saldo", "insufficient funds" },
	{ "MD01", 1, "er is geen geldige machtiging",
	    "there is no valid mandate" },
	{ "MD06", 0, "u heeft de incasso laten terugboeken",
	    "you asked your bank to refund the debit" },
	{ "MS02", 0, "u heeft de incasso geweigerd",
	    "you refused the debit" },
	{ "MS03", 0, "uw bank gaf geen reden op", "your bank gave no reason" },
	{ "SL01", 1, "uw bank blokkeert incasso's van ons",
	    "your bank blocks our direct debits" },
};

static int
code_index(const char *code)
{
	size_t i;

	for (i = 0; i < NELEM(codes); i++)
		if (strcmp(codes[i].code, code) == 0)
			return (int)i;
	return -1;
}

const char *
return_reason(const char *code, int english)
{
	int i = code_index(code);

	if (i < 0)
		return english ? "your bank did not carry it out" :
		    "uw bank heeft deze niet uitgevoerd";
	return english ? codes[i].en : codes[i].nl;
}

int
return_noretry(const char *code)
{
	int i = code_index(code);

	return i >= 0 && codes[i].noretry;
}

int
return_code_ok(const char *code)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (!isupper((unsigned char)code[i]) && !isdigit((unsigned
		    char)code[i]))
			return 0;
	return code[4] == '\0';
}
