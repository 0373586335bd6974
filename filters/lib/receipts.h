/*
 * receipts: what comes in for dunning-run (formats.md, rules.md §9): money
 * received and direct debits returned, and objections.
 *
 * payments.csv of the input folder:
 *   payment_id, date, amount, kind, invoice_no, end_to_end_id, reference,
 *   iban, customer_id, reason
 * (only payment_id, date and amount required; kind credit or return).
 *
 * A receipt is one payment or return as reconcile resolved it, the rows of
 * the stream from reconcile to dunning and of the state's log of every
 * receipt ever applied (STATEDIR/receipts.csv):
 *   payment_id, date, amount, kind, invoice_no, customer_id, reason,
 *   reference, iban, source, applied
 * payment_id is the entry's identity (a payments.csv row's own id; for a
 * bank file the bank's entry reference, else a hash of the entry), so that
 * an entry read again is applied once; invoice_no the invoice it names
 * (empty: none; it then pays the customer's oldest due invoice first);
 * source the file and line it came from; applied the run that applied it.
 *
 * unapplied.csv of a run: the entries that matched nothing, and why:
 *   payment_id, date, amount, kind, reference, iban, source, reason
 *
 * disputes.csv of the input folder: invoice_no, date, amount, resolved.
 */
#ifndef RECEIPTS_H
#define RECEIPTS_H

#include <stdint.h>

#include "csvio.h"

enum pay_kind { PAY_CREDIT, PAY_RETURN };
extern const char *const pay_kinds[];	/* "credit", "return", NULL */

struct receipt {
	const char *id, *invoice_no, *end_to_end_id, *reference, *iban;
	const char *customer_id, *reason, *source;
	int32_t date, applied;
	int64_t amount;			/* cents, > 0 */
	enum pay_kind kind;
};

/* payments.csv: every row checked (ids, a date, a positive amount with at
 * most two decimals, the kind, a return's reason code). */
struct paymr;
struct paymr *paymr_open(struct csvr *r);
int paymr_next(struct paymr *pr, struct receipt *p);
struct csvr *paymr_csv(const struct paymr *pr);
void paymr_close(struct paymr *pr);

/* the receipts stream and log */
struct rcptr;
struct rcptr *rcptr_open(struct csvr *r);
int rcptr_next(struct rcptr *rr, struct receipt *p);
struct csvr *rcptr_csv(const struct rcptr *rr);
void rcptr_copy(const struct rcptr *rr, struct csvw *w);
void rcptr_close(struct rcptr *rr);
void rcptw_header(struct csvw *w);
void rcptw_put(struct csvw *w, const struct receipt *p);

/* unapplied.csv; unapr_next sets id, date, amount, kind, reference, iban
 * and source of p, and *why. */
void unapw_header(struct csvw *w);
void unapw_put(struct csvw *w, const struct receipt *p, const char *why);
struct unapr;
struct unapr *unapr_open(struct csvr *r);
int unapr_next(struct unapr *ur, struct receipt *p, const char **why);
void unapr_close(struct unapr *ur);

struct dispute {
	const char *invoice_no;
	int32_t date, resolved;		/* resolved: DATE_NONE while open */
	int64_t amount;			/* cents; -1: the whole invoice */
};
struct dispr;
struct dispr *dispr_open(struct csvr *r);
int dispr_next(struct dispr *dr, struct dispute *d);
struct csvr *dispr_csv(const struct dispr *dr);
void dispr_close(struct dispr *dr);

/*
 * The ISO 20022 return and reject codes of sepa.md: return_reason gives
 * the plain words of code in Dutch (nl) or English, and whether it forbids
 * another debit under the same mandate (AC04, AC06, MD01, SL01: no retry
 * until a new mandate).  An unknown code gets general words, and allows a
 * retry.
 */
const char *return_reason(const char *code, int english);
int return_noretry(const char *code);
/* return_code_ok: code has the shape of an ISO 20022 reason code (four
 * letters or digits). */
int return_code_ok(const char *code);

#endif
