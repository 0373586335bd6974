/*
 * claim: what a creditor may claim beside the principal (rules.md §10,
 * legal.md), computed here and nowhere else: the statutory interest rates
 * (legal.md's table, or an interest.csv that replaces it), the interest of
 * a debt in default, by day (VZ) or by started month (VW 2.5.2), compounded
 * after each full year, and the collection costs of the WIK scale.
 *
 * interest.csv: from, commercial, statutory (percentages, up to two
 * decimals); each row is in force from its date until the next row's.
 */
#ifndef CLAIM_H
#define CLAIM_H

#include <stdint.h>

#include "terms.h"

/* the rate table: rows from oldest to newest */
struct rate_row {
	int32_t from;
	int64_t rate[2];	/* hundredths of a percent, by enum interest */
};

struct rates {
	struct rate_row *v;
	size_t n;
	int32_t covered;	/* the last day the table speaks for: the end
				 * of the half-year of its last row */
	int32_t warned;		/* the first uncovered day interest was
				 * computed for, DATE_NONE until then */
};

/* rates_load: interest.csv at path, or legal.md's table when path is
 * NULL; dies on a bad row (file, line, column). */
void rates_load(const char *path, struct rates *rs);
void rates_free(struct rates *rs);
/* rate_at: the yearly rate of kind in force on day d (hundredths of a
 * percent); a day past the table's cover marks rs->warned.  *next gets
 * the first day a later row applies (INT32_MAX: none). */
int64_t rate_at(struct rates *rs, enum interest kind, int32_t d,
    int32_t *next);
/* rates_warning: the warning of legal.md once interest was computed for a
 * day the table does not cover, into buf (NULL when none). */
const char *rates_warning(const struct rates *rs, enum interest kind,
    char *buf, size_t n);

/*
 * The interest of one debt.  Exact until it is claimed: the interest is
 * kept as a numerator over INTEREST_DEN (a day at a rate r in hundredths
 * of a percent adds base × r × 12, a month base × r × 365), and rounded to
 * cents only by accrual_cents.  After each full year of default, counted
 * from its first day, that year's interest (rounded) bears interest too.
 */
#define INTEREST_DEN ((int64_t)10000 * 365 * 12)

struct accrual {
	int32_t start;		/* the first day that bears interest */
	int32_t through;	/* counted up to and including this day */
	int months, years;	/* months started (by month), years added */
	__int128 num, num_year;	/* all interest; at the last anniversary */
	int64_t capital;	/* interest added to the base, less paid */
};

/* accrual_start: interest from day start on (by day or by started
 * month); nothing is counted yet. */
void accrual_start(struct accrual *a, int32_t start);
/*
 * accrual_run: count the interest of the days (or the months started) up
 * to and including to, on base cents (the principal now outstanding; the
 * capitalised interest is added here) at the rates of kind.  The base
 * must not have changed since the last call: call it before every
 * change, with the day of the change (interest runs up to and including
 * the day of payment).  Dies on an amount beyond reason.
 */
void accrual_run(struct accrual *a, enum period_kind per, int64_t base,
    int32_t to, struct rates *rs, enum interest kind);
/* accrual_cents: the interest so far, rounded half up to cents; b, when
 * not NULL, a second accrual of the same debt, summed before rounding. */
int64_t accrual_cents(const struct accrual *a, const struct accrual *b);
/* accrual_paid: cents of interest were paid: less of it bears interest. */
void accrual_paid(struct accrual *a, int64_t cents);

/* wik_costs: the collection costs of the WIK scale over principal cents
 * (Besluit vergoeding buitengerechtelijke incassokosten, art. 2): 15 % of
 * the first 2,500, 10 % of the next 2,500, 5 % of the next 5,000, 1 % of
 * the next 190,000, 0.5 % of the rest, rounded half up, at least 40.00,
 * at most 6,775.00; 0 for nothing owed. */
int64_t wik_costs(int64_t principal);

/* split: share total cents over n parts in proportion to weight[i]
 * (each >= 0, some > 0), rounded down, the cents left going to the
 * largest weights first (the first of equal ones). */
void split(int64_t total, const int64_t *weight, size_t n, int64_t *out);

#endif
