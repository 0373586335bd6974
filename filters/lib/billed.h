/*
 * billed: billed.csv of the state, and the posting file of a run that post
 * adds to it (the same format): one row per item billed, or per correction
 * of one, sorted by customer_id.  The ledger sums a key's rows to know what
 * was billed under it; period and invoice_no say which run and invoice.
 *
 *   customer_id, key, scope, kind, ref, description, from, to, net,
 *   vat_rate, rule, period, invoice_no
 */
#ifndef BILLED_H
#define BILLED_H

#include <stdint.h>

#include "csvio.h"

struct billed {
	const char *customer_id, *key, *scope, *kind, *ref, *description;
	const char *rule, *invoice_no;
	int32_t from, to;
	int64_t net, vat_rate;	/* cents; hundredths of a percent */
	int period;		/* the run, as a month index */
};

struct billedr;

/* billedr_open: read billed rows from r (owned). */
struct billedr *billedr_open(struct csvr *r);
/* billedr_next: the next row into *b (strings live until the next
 * call); 0 at the end.  Dies on a bad field, naming it. */
int billedr_next(struct billedr *br, struct billed *b);
struct csvr *billedr_csv(const struct billedr *br);
/* billedr_copy: the current row to w as it is. */
void billedr_copy(const struct billedr *br, struct csvw *w);
void billedr_close(struct billedr *br);

void billedw_header(struct csvw *w);
void billedw_put(struct csvw *w, const struct billed *b);

#endif
