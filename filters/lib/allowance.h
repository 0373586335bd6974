/*
 * allowance: allowances.csv of the state, and the file of a run that post
 * adds to it: what a run used of a bundle's allowance of a month (rules.md
 * §7), so that a late call of a month already billed uses what is left,
 * never a new allowance.
 *   bundle_id, month, allowance, used, period
 * allowance: the month's whole allowance as the run computed it, used: the
 * units the run took from it (both in billed units), period: the run.  What
 * a month has left for a run: the allowance of its first row, less the used
 * of every row of an earlier run.
 */
#ifndef ALLOWANCE_H
#define ALLOWANCE_H

#include <stdint.h>

#include "csvio.h"

struct allowance {
	const char *bundle_id;
	int month, period;	/* month indexes */
	int64_t allowance, used;
};

struct allowr;
struct allowr *allowr_open(struct csvr *r);
int allowr_next(struct allowr *ar, struct allowance *a);
struct csvr *allowr_csv(const struct allowr *ar);
void allowr_copy(const struct allowr *ar, struct csvw *w);
void allowr_close(struct allowr *ar);
void alloww_header(struct csvw *w);
void alloww_put(struct csvw *w, const struct allowance *a);

#endif
