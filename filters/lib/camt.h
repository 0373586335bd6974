/*
 * camt: the bank's ISO 20022 files that tell what came in (formats.md
 * payments.csv, sepa.md), read as a stream whatever their size:
 *
 *   camt.053 (statement) and camt.054 (debit/credit notification): each
 *     booked entry (Ntry, Sts BOOK) and each transaction in it (TxDtls):
 *     a credit (money received), a direct debit of ours that came back (a
 *     debit entry with RtrInf or RvslInd true), the collection of our
 *     direct debits (credit, bank transaction family RDDT), or anything
 *     else (money going out, an entry not booked yet);
 *   pain.002 (payment status report): each transaction rejected (TxSts
 *     RJCT, or its PmtInfSts) before settlement, a return.
 *
 * recognised by the namespace of their Document, any version of the
 * message.  Every transaction has an identity, the same however often the
 * file is read again, and the same in a statement and a notification of
 * the same entry: "camt:" and the bank's reference of the transaction
 * (TxDtls Refs AcctSvcrRef), else the entry's (Ntry AcctSvcrRef) with the
 * transaction's number in the entry, else a fingerprint of the
 * transaction's figures and references (the second transaction of a file
 * with the same figures gets "#2"); for pain.002 "pain.002:", the report's
 * MsgId and the StsId (else the OrgnlEndToEndId).
 */
#ifndef CAMT_H
#define CAMT_H

#include <stdint.h>
#include <stdio.h>

enum bank_doc { BANK_CAMT053, BANK_CAMT054, BANK_PAIN002 };
extern const char *const bank_docs[];	/* "camt.053", "camt.054", "pain.002" */

enum bank_what {
	BANK_CREDIT,		/* money received */
	BANK_RETURN,		/* a direct debit returned or rejected */
	BANK_COLLECTED,		/* the collection of a direct debit of ours */
	BANK_OTHER		/* nothing for the debtor ledger: see why */
};

struct bank_tx {
	enum bank_doc doc;
	enum bank_what what;
	const char *why;		/* BANK_OTHER: what it is */
	const char *id;			/* the identity above */
	const char *account;		/* our account it is booked on ("") */
	const char *ccy;		/* of the amount */
	const char *end_to_end_id, *mandate_id;
	const char *reference;		/* an RF reference, else the text */
	const char *iban;		/* the other party's account ("") */
	const char *reason;		/* a return's ISO 20022 code ("") */
	int32_t date;			/* booked (pain.002: the report's) */
	int64_t amount;			/* cents, >= 0 */
	long line;			/* of the transaction in the file */
};

/*
 * bank_read: every transaction of fp (named path, read from its start) to
 * each, in the order of the file.  A file that is not well-formed, not one
 * of the three, or has a transaction without a date or a readable amount
 * dies naming path and line.
 */
void bank_read(FILE *fp, const char *path,
    void (*each)(void *arg, const struct bank_tx *t), void *arg);

#endif
