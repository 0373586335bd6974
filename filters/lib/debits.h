/*
 * debits: the files of direct debits (sepa.md).
 *
 * debits.csv of the state is the debit ledger: one row per direct debit
 * ever sent, in the order of the runs; a run's sepa writes the same
 * columns for its batch, and post adds them with the run:
 *   period, msg_id, pmtinf_id, invoice_no, customer_id, collection_date,
 *   sequence, amount, mandate_id, mandate_date, iban, bic,
 *   original_mandate_id, original_iban, new_bank
 * original_mandate_id and original_iban are the amendment's old values
 * (empty when unchanged); new_bank is yes when the debtor moved to another
 * bank under the same mandate (SMNDA).
 *
 * uncollected.csv of a run: the invoices of direct-debit customers that
 * stay due by transfer, and why:
 *   invoice_no, customer_id, reason
 *
 * The ledger as a run of a period sees it (a rerun ignores its own and
 * later periods' rows) gives each customer's last debit, which is what
 * the mandate rules (mandate.h) compare the customer's mandate with.
 */
#ifndef DEBITS_H
#define DEBITS_H

#include <stdint.h>

#include "csvio.h"

/* the EPC's sequence types, in the order of a batch's blocks */
enum seqtype { SEQ_FRST, SEQ_RCUR, SEQ_FNAL, SEQ_OOFF, SEQ_N };
extern const char *const seq_names[];	/* "FRST", ..., NULL */

struct debit {
	int period;
	const char *msg_id, *pmtinf_id, *invoice_no, *customer_id;
	int32_t collection_date, mandate_date;
	enum seqtype seq;
	int64_t amount;				/* cents */
	const char *mandate_id, *iban, *bic;
	const char *orig_mandate_id, *orig_iban;	/* "" when unchanged */
	int new_bank;
};

struct debr;
struct debr *debr_open(struct csvr *r);
/* debr_next: the next debit (strings live until the next call). */
int debr_next(struct debr *dr, struct debit *d);
struct csvr *debr_csv(const struct debr *dr);
void debr_copy(const struct debr *dr, struct csvw *w);
void debr_close(struct debr *dr);
void debw_header(struct csvw *w);
void debw_put(struct csvw *w, const struct debit *d);

/* a debit of the ledger that came back with a code that allows no retry
 * under its mandate (receipts.h return_noretry): the mandate it was sent
 * under, and the customer's earlier such debits in next */
struct noretry {
	char *invoice_no, *mandate_id, *code;
	int32_t mandate_date, date;		/* date: of the return */
	struct noretry *next;
};

/*
 * The ledger before a period: each customer's last debit and the invoices
 * collected.  ledger_load reads STATEDIR/debits.csv (none when fresh);
 * ledger_last is NULL for a customer never debited; ledger_batch names the
 * batch (msg_id) that holds an invoice, or NULL; ledger_noretry gives the
 * customer's debits returned with a no-retry code (the state's
 * receipts.csv), latest first, or NULL.
 */
struct ledger;
struct ledger *ledger_load(const char *statedir, int period);
const struct debit *ledger_last(const struct ledger *l,
    const char *customer_id);
const char *ledger_batch(const struct ledger *l, const char *invoice_no);
const struct noretry *ledger_noretry(const struct ledger *l,
    const char *customer_id);
void ledger_free(struct ledger *l);

struct uncollected {
	const char *invoice_no, *customer_id, *reason;
};

struct uncr;
struct uncr *uncr_open(struct csvr *r);
int uncr_next(struct uncr *ur, struct uncollected *u);
void uncr_close(struct uncr *ur);
void uncw_header(struct csvw *w);
void uncw_put(struct csvw *w, const struct uncollected *u);

#endif
