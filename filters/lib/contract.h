/*
 * contract: contracts.csv (formats.md), loaded whole and checked, with the
 * dates the terms derive from each row (rules.md §3-§5): the end of the
 * contract term, the last day of service after notice, replacement or
 * provider termination, and the links between a plan and the one it
 * replaces.  Shared by the filters that bill subscriptions and discounts.
 */
#ifndef CONTRACT_H
#define CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "customer.h"
#include "terms.h"

/* END_COLLECTION: terminated at collection, from the state's dunning log */
enum end_reason { END_NONE, END_NOTICE, END_EARLY_CANCEL, END_PROVIDER,
	END_REPLACED, END_COLLECTION };

struct contract {
	char *id, *customer_id, *description, *replaces_id;
	int64_t fee;		/* monthly_fee, cents */
	int64_t monthly;	/* fee × quantity, cents */
	long qty;
	int32_t start, signed_date, notice_date, end_date, billed_through;
	int term;		/* term_months; 0 = month to month */
	enum end_reason reason;
	int64_t vat_rate;	/* hundredths of a percent */
	long line;
	/* derived */
	int32_t term_end;	/* last day of the term, or DATE_NONE */
	int32_t end;		/* last day of service, or DATE_NONE (open) */
	int32_t first;		/* first day to bill: start, after billed_through */
	int cancelled;		/* early cancellation before the start */
	int32_t cancel_date;	/* the day the cancellation was received */
	size_t replaces;	/* index + 1 of the replaced plan, or 0 */
	size_t replaced_by;	/* index + 1 of the replacing plan, or 0 */
};

struct contracts {
	struct contract *v;
	size_t n;
	struct strmap *byid;
};

/*
 * contracts_load: read and check path.  With cs, every customer_id must be
 * in it.  Derives the dates with the notice rule of t.  With statedir, the
 * contracts of a customer terminated at collection (its steps.csv) end on
 * that day (reason END_COLLECTION).  Dies on a bad row.
 */
void contracts_load(const char *path, const struct terms *t,
    const struct customers *cs, const char *statedir, struct contracts *ks);
const struct contract *contract_find(const struct contracts *ks,
    const char *id);
void contracts_free(struct contracts *ks);

/*
 * days_counted: the days of a..b, within one calendar month, that a
 * monthly amount counts (rules.md §2): n for the whole month, else
 * min(days, n).  Sets *whole when it is the whole month.
 */
int days_counted(int32_t a, int32_t b, int n, int *whole);
/*
 * prorate: what a monthly amount costs for the days a..b of one calendar
 * month (VW 1.12.3): the whole amount for the whole month, else
 * round(monthly × min(days, n) / n).  Sets *whole when it is the whole
 * month.  Dies on overflow.
 */
int64_t prorate(int64_t monthly, int32_t a, int32_t b, int n, int *whole);
/* prorate_div: the same rule for an amount in units div times smaller than
 * the result's (a unit price in 0.00001 EUR, div MICRO_PER_CENT, to cents),
 * rounded once: round(amount × min(days, n) / (n × div)). */
int64_t prorate_div(int64_t amount, int32_t a, int32_t b, int n, int64_t div,
    int *whole);
/*
 * prorate_span: the sum of prorate over each calendar month of a..b,
 * every month rounded on its own as it would have been billed.  Sets
 * *months to the number of whole months and *days to the days of the
 * part months.
 */
int64_t prorate_span(int64_t monthly, int32_t a, int32_t b, int n,
    int *months, int *days);

#endif
