/*
 * totals: usage-totals.csv of the state, and the totals file of a run that
 * post adds to it: a customer's usage amount of a month (0.00001 EUR),
 * billed by the run of period, for the high-usage list (rules.md §7).
 *   customer_id, month, amount, period
 */
#ifndef TOTALS_H
#define TOTALS_H

#include <stdint.h>

#include "csvio.h"

struct total {
	const char *customer_id;
	int month, period;	/* month indexes */
	int64_t amount;
};

struct totalr;
struct totalr *totalr_open(struct csvr *r);
int totalr_next(struct totalr *tr, struct total *t);
void totalr_copy(const struct totalr *tr, struct csvw *w);
void totalr_close(struct totalr *tr);
void totalw_header(struct csvw *w);
void totalw_put(struct csvw *w, const struct total *t);

#endif
