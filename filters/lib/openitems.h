/*
 * openitems: the debtor ledger as dunning-run writes it (formats.md).
 *
 * open.csv: one row per invoice not fully paid after the run:
 *   invoice_no, customer_id, invoice_date, due_date, days_overdue,
 *   principal, interest, costs, fees, paid, outstanding, step, disputed
 * (what is still owed of each part after the payments allocated by
 * rules.md §9; step the last step taken, "default" for an invoice past
 * due without one, empty before its due date).
 *
 * agency.csv: the claims handed to the collection agency at the
 * collection step:
 *   date, customer_id, name, invoice_no, invoice_date, due_date,
 *   principal, interest, costs, fees, total, rule
 *
 * fee charges (charges.csv of a dunning run and STATEDIR/fees.csv): the
 * fees to bill on the next bill-run, in the columns of the input folder's
 * charges.csv:
 *   charge_id, customer_id, date, description, amount, quantity, rule,
 *   vat_rate, vat_category
 */
#ifndef OPENITEMS_H
#define OPENITEMS_H

#include <stdint.h>

#include "csvio.h"

struct openitem {
	const char *invoice_no, *customer_id, *step;
	int32_t invoice_date, due_date;
	long days_overdue;
	int64_t principal, interest, costs, fees, paid, outstanding, disputed;
};
void openw_header(struct csvw *w);
void openw_put(struct csvw *w, const struct openitem *o);

struct claimrow {
	const char *customer_id, *name, *invoice_no, *rule;
	int32_t date, invoice_date, due_date;
	int64_t principal, interest, costs, fees;
};
void agencyw_header(struct csvw *w);
void agencyw_put(struct csvw *w, const struct claimrow *c);

struct fee {
	const char *charge_id, *customer_id, *description, *rule;
	int32_t date;
	int64_t amount;
};
void feew_header(struct csvw *w);
void feew_put(struct csvw *w, const struct fee *f);
/* feer: a file of fee charges (STATEDIR/fees.csv), to carry it over */
struct feer;
struct feer *feer_open(struct csvr *r);
int feer_next(struct feer *fr);
void feer_copy(const struct feer *fr, struct csvw *w);
void feer_close(struct feer *fr);

#endif
