/*
 * mandate: the rules of a direct debit (VZ 8.6-8.9, sepa.md), decided here
 * and nowhere else: when an invoice is collected, whether its customer's
 * mandate allows it, and under which sequence type and amendment.
 */
#ifndef MANDATE_H
#define MANDATE_H

#include <stddef.h>
#include <stdint.h>

#include "customer.h"
#include "debits.h"

/*
 * mandate_candidate: an invoice of customer c is offered for direct debit:
 * c pays by direct debit, and it is not the customer's first invoice (VZ
 * 8.6: paid in advance by transfer) nor a total of zero or less (VZ 8.7).
 * Whether it is collected, mandate_use decides.
 */
int mandate_candidate(const struct customer *c, int first, int64_t gross);

/*
 * collection_date: the requested collection date of an invoice of the
 * run dated invoice_date and due on due_date (formats.md collection_days,
 * VZ 8.9): invoice_date + days moved to the next TARGET2 day; when that is
 * on or after the due date, the last TARGET2 day before it; and never
 * before the first TARGET2 day after the run date, the invoice date
 * (D-1: the file reaches the bank on the run date).  Returns NULL and
 * sets *out, or says why no date can be met (into buf, size n), phrased
 * to follow "invoice VZ-2026-000001: ".
 */
const char *collection_date(int32_t invoice_date, int32_t due_date, int days,
    int32_t *out, char *buf, size_t n);

/*
 * same_bank: IBANs a and b (checked, electronic form) are accounts of one
 * bank: one country and the same bank identifier (sepa.md: NL positions
 * 5-8, BE 5-7, DE 5-12).  A country whose layout is not known here counts
 * as another bank.
 */
int same_bank(const char *a, const char *b);

/* how an invoice is debited under the customer's mandate */
struct mandate_use {
	enum seqtype seq;
	const char *orig_mandate_id;	/* AmdmntInfDtls/OrgnlMndtId, or "" */
	const char *orig_iban;		/* OrgnlDbtrAcct, or "" */
	int new_bank;			/* OrgnlDbtrAgt SMNDA */
};

/*
 * mandate_use: the debit of an invoice of amount cents, to be collected on
 * date, of customer c (a direct-debit customer), whose last debit in the
 * ledger is last (NULL: never debited), whose debits returned with a code
 * that allows no retry are stopped (ledger_noretry), and whose contracts all ended on
 * or before last_service (DATE_NONE: one runs on, or none) while the
 * invoice is dated invoice_date.  Returns NULL and fills *u (its strings
 * those of last), or why the invoice cannot be collected, into buf (size
 * n), for report.txt: it is then due by transfer.
 *
 * A debit returned with a no-retry code (AC04, AC06, MD01, SL01) on or
 * before the invoice date stops direct debit under its mandate until the
 * customer has a new one.
 *
 * FRST the first time under a mandate (a different id signed on another
 * date is a new mandate), and after a move to another bank (SMNDA, sent
 * as FRST as the 2009 rules ask); RCUR after; FNAL for the first invoice
 * dated after the last day of service of every contract, after which the
 * mandate collects nothing.  A changed mandate id under the same
 * signature date, and a changed IBAN, are amendments of the last debit's
 * values.
 */
const char *mandate_use(const struct customer *c, const struct debit *last,
    const struct noretry *stopped, int32_t last_service,
    int32_t invoice_date, int64_t amount, int32_t date,
    struct mandate_use *u, char *buf, size_t n);

#endif
