/* claim: statutory interest and collection costs (rules.md §10, legal.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "table.h"
#include "util.h"

/* legal.md: from, commercial (6:119a), statutory (6:119) */
static const struct {
	int y, m, d;
	int64_t commercial, statutory;
} legal[] = {
	{ 2010, 1, 1, 800, 300 }, { 2011, 7, 1, 825, 400 },
	{ 2012, 1, 1, 800, 400 }, { 2012, 7, 1, 800, 300 },
	{ 2013, 1, 1, 775, 300 }, { 2013, 3, 16, 875, 300 },
	{ 2013, 7, 1, 850, 300 }, { 2014, 1, 1, 825, 300 },
	{ 2014, 7, 1, 815, 300 }, { 2015, 1, 1, 805, 200 },
	{ 2016, 7, 1, 800, 200 }, { 2023, 1, 1, 1050, 400 },
	{ 2023, 7, 1, 1200, 600 }, { 2024, 1, 1, 1250, 700 },
	{ 2024, 7, 1, 1225, 700 }, { 2025, 1, 1, 1115, 600 },
	{ 2025, 7, 1, 1015, 600 }, { 2026, 1, 1, 1015, 400 },
};

/* the last day of the half-year of d */
static int32_t
half_year_end(int32_t d)
{
	int y, m, dd;

	civil_from_days(d, &y, &m, &dd);
	return m <= 6 ? days_from_civil(y, 6, 30) : days_from_civil(y, 12, 31);
}

void
rates_load(const char *path, struct rates *rs)
{
	static const char *const cols[] = { "from", "commercial", "statutory",
		NULL };
	struct rate_row *r;
	struct tabr *t;
	struct csvr *cr;
	size_t i, cap = 0;

	memset(rs, 0, sizeof(*rs));
	rs->warned = DATE_NONE;
	if (path == NULL) {
		rs->n = NELEM(legal);
		rs->v = xcalloc(rs->n, sizeof(*rs->v));
		for (i = 0; i < rs->n; i++) {
			rs->v[i].from = days_from_civil(legal[i].y, legal[i].m,
			    legal[i].d);
			rs->v[i].rate[INTEREST_COMMERCIAL] = legal[i].commercial;
			rs->v[i].rate[INTEREST_STATUTORY] = legal[i].statutory;
		}
	} else {
		t = tabr_open(cr = csvr_openpath(path, 0), cols);
		while (tabr_next(t)) {
			GROW(rs->v, rs->n, cap);
			r = &rs->v[rs->n];
			r->from = fld_date(cr, tabr_col(t, 0), 1);
			r->rate[INTEREST_COMMERCIAL] = fld_money(cr, tabr_col(t,
			    1), MONEY_CENTS, 1, 0);
			r->rate[INTEREST_STATUTORY] = fld_money(cr, tabr_col(t,
			    2), MONEY_CENTS, 1, 0);
			for (i = 0; i < 2; i++)
				if (r->rate[i] < 0 || r->rate[i] > 10000)
					csvr_die(cr, tabr_col(t, 1 + (int)i),
					    "bad rate: expected a percentage "
					    "from 0 to 100");
			if (rs->n > 0 && r->from <= rs->v[rs->n - 1].from)
				csvr_die(cr, tabr_col(t, 0), "bad from: expected "
				    "the rows in order of their dates, each "
				    "after the row before");
			rs->n++;
		}
		if (rs->n == 0)
			die("%s: no rates: expected at least one row", path);
		tabr_close(t);
	}
	rs->covered = half_year_end(rs->v[rs->n - 1].from);
}

void
rates_free(struct rates *rs)
{
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}

int64_t
rate_at(struct rates *rs, enum interest kind, int32_t d, int32_t *next)
{
	size_t lo = 0, hi = rs->n, mid;

	/* the last row from on or before d */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (rs->v[mid].from <= d)
			lo = mid;
		else
			hi = mid;
	}
	if (d < rs->v[0].from)
		die("no interest rate for %s: the table starts on %s",
		    date_fmt(d, (char[DATE_BUFSZ]){ 0 }),
		    date_fmt(rs->v[0].from, (char[DATE_BUFSZ]){ 0 }));
	*next = lo + 1 < rs->n ? rs->v[lo + 1].from : INT32_MAX;
	if (d > rs->covered) {
		if (rs->warned == DATE_NONE || d < rs->warned)
			rs->warned = d;
	} else if (*next == INT32_MAX)
		*next = rs->covered + 1;	/* to notice the first day past */
	return rs->v[lo].rate[kind];
}

const char *
rates_warning(const struct rates *rs, enum interest kind, char *buf,
    size_t n)
{
	char d[DATE_BUFSZ], from[DATE_BUFSZ], pct[MONEY_BUFSZ];
	const struct rate_row *last = &rs->v[rs->n - 1];

	if (rs->warned == DATE_NONE)
		return NULL;
	snprintf(buf, n, "no %s interest rate is known from %s on: used "
	    "%s %% (in force from %s) for those days; add the new rate to "
	    "interest.csv", kind == INTEREST_COMMERCIAL ? "commercial "
	    "(art. 6:119a BW)" : "statutory (art. 6:119 BW)",
	    date_fmt(rs->covered + 1, d), money_fmt_trim(last->rate[kind],
	    MONEY_CENTS, 2, pct), date_fmt(last->from, from));
	return buf;
}

void
accrual_start(struct accrual *a, int32_t start)
{
	memset(a, 0, sizeof(*a));
	a->start = start;
	a->through = start - 1;
}

/* the first day of year n of default (n = 1: the first anniversary) */
static int32_t
anniversary(const struct accrual *a, int n)
{
	return maand_end(a->start, 12 * n) + 1;
}

static void
add(struct accrual *a, int64_t base, int64_t rate, int64_t units)
{
	__int128 v = (__int128)(base + a->capital) * rate * units;

	a->num += v;
	if (a->num > (__int128)INT64_MAX * INTEREST_DEN)
		die("interest beyond reason: more than %lld cents",
		    (long long)INT64_MAX);
}

/* the year's interest bears interest from its anniversary on */
static void
compound(struct accrual *a, int32_t d)
{
	__int128 y;

	while (d >= anniversary(a, a->years + 1)) {
		y = a->num - a->num_year;
		a->capital += (int64_t)((y + INTEREST_DEN / 2) / INTEREST_DEN);
		a->num_year = a->num;
		a->years++;
	}
}

void
accrual_run(struct accrual *a, enum period_kind per, int64_t base,
    int32_t to, struct rates *rs, enum interest kind)
{
	int32_t d, end, next, ann;
	int64_t r;

	if (base < 0)
		base = 0;
	if (per == PERIOD_MONTH) {
		/* each month started counts whole, at the rate of its first
		 * day (VW 2.5.2) */
		while ((d = a->months == 0 ? a->start : maand_end(a->start,
		    a->months) + 1) <= to) {
			compound(a, d);
			if (base + a->capital > 0) {
				r = rate_at(rs, kind, d, &next);
				add(a, base, r, 365);
			}
			a->months++;
		}
	} else {
		for (d = a->through + 1; d <= to; d = end + 1) {
			compound(a, d);
			if (base + a->capital == 0) {
				end = to;
				continue;
			}
			r = rate_at(rs, kind, d, &next);
			ann = anniversary(a, a->years + 1);
			end = to;
			if (next - 1 < end)
				end = next - 1;
			if (ann - 1 < end)
				end = ann - 1;
			add(a, base, r, 12 * (int64_t)(end - d + 1));
		}
	}
	if (to > a->through)
		a->through = to;
}

int64_t
accrual_cents(const struct accrual *a, const struct accrual *b)
{
	__int128 n = a->num + (b != NULL ? b->num : 0);

	return (int64_t)((n + INTEREST_DEN / 2) / INTEREST_DEN);
}

void
accrual_paid(struct accrual *a, int64_t cents)
{
	a->capital -= cents < a->capital ? cents : a->capital;
}

int64_t
wik_costs(int64_t p)
{
	static const struct {
		int64_t upto, permille;
	} scale[] = { { 250000, 150 }, { 500000, 100 }, { 1000000, 50 },
		{ 20000000, 10 }, { INT64_MAX, 5 } };
	__int128 num = 0;
	int64_t lo = 0, c;
	size_t i;

	if (p <= 0)
		return 0;
	for (i = 0; i < NELEM(scale) && p > lo; i++) {
		num += (__int128)((p < scale[i].upto ? p : scale[i].upto) - lo) *
		    scale[i].permille;
		lo = scale[i].upto;
	}
	num = (num + 500) / 1000;
	c = num > 677500 ? 677500 : (int64_t)num;
	return c < 4000 ? 4000 : c;
}

void
split(int64_t total, const int64_t *w, size_t n, int64_t *out)
{
	__int128 sum = 0;
	int64_t left = total;
	size_t i, best;
	char *given;

	for (i = 0; i < n; i++)
		sum += w[i];
	for (i = 0; i < n; i++) {
		out[i] = sum > 0 ? (int64_t)((__int128)total * w[i] / sum) : 0;
		left -= out[i];
	}
	if (sum == 0 && n > 0) {
		out[0] = total;
		return;
	}
	given = xcalloc(n, 1);
	while (left > 0) {
		best = n;
		for (i = 0; i < n; i++)
			if (!given[i] && (best == n || w[i] > w[best]))
				best = i;
		if (best == n) {
			memset(given, 0, n);
			continue;
		}
		given[best] = 1;
		out[best]++;
		left--;
	}
	free(given);
}
