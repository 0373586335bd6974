/* contract: the contracts.csv side table and the dates of the terms. */
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "contract.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "util.h"

int
days_counted(int32_t a, int32_t b, int n, int *whole)
{
	int days = b - a + 1;

	*whole = a == month_first(a) && b == month_last(a);
	return *whole || days > n ? n : days;
}

int64_t
prorate_div(int64_t amount, int32_t a, int32_t b, int n, int64_t div,
    int *whole)
{
	int64_t v;

	if (muldiv(amount, days_counted(a, b, n, whole), n * div, &v) != 0)
		die("amount overflow pro-rating %lld", (long long)amount);
	return v;
}

int64_t
prorate(int64_t monthly, int32_t a, int32_t b, int n, int *whole)
{
	return prorate_div(monthly, a, b, n, 1, whole);
}

int64_t
prorate_span(int64_t monthly, int32_t a, int32_t b, int n, int *months,
    int *days)
{
	int64_t sum = 0;
	int32_t m, e;
	int whole;

	*months = *days = 0;
	for (m = a; m <= b; m = month_last(m) + 1) {
		e = month_last(m) < b ? month_last(m) : b;
		if (madd(sum, prorate(monthly, m, e, n, &whole), &sum) != 0)
			die("amount overflow adding months");
		if (whole)
			(*months)++;
		else
			*days += e - m + 1;
	}
	return sum;
}

static void
derive(struct contracts *ks, const struct terms *t, struct contract *k)
{
	int32_t e = k->end_date;

	k->term_end = k->term > 0 ? maand_end(k->start, k->term) : DATE_NONE;
	if (k->reason == END_EARLY_CANCEL) {
		k->cancelled = 1;
		k->end = k->start - 1;
		return;
	}
	if (e == DATE_NONE && k->notice_date != DATE_NONE) {
		if (t->notice == NOTICE_END_OF_NEXT_MONTH) {
			/* VZ 4.4: billed until the last day of the next month */
			e = month_last(month_last(k->notice_date) + 1);
		} else {
			/* VW 2.7.3: N Maanden, never before the term ends */
			e = maand_end(k->notice_date, t->notice_months);
			if (k->term_end != DATE_NONE && k->term_end > e)
				e = k->term_end;
		}
	}
	if (k->replaced_by) {
		int32_t r = ks->v[k->replaced_by - 1].start - 1;

		if (e == DATE_NONE || r < e)
			e = r;
	}
	k->end = e;
}

/*
 * terminated: the contracts of each customer the dunning log of statedir
 * terminated at collection (VZ 8.21, VW 2.7.6) end on that day, unless
 * they ended before; one not begun by then never begins.
 */
static void
terminated(struct contracts *ks, const struct terms *t, const char *statedir)
{
	struct strmap *day = strmap_new();
	struct action a;
	struct actr *ar;
	struct contract *k;
	char *path;
	FILE *fp = state_open(statedir, "steps.csv", &path);
	intptr_t d;
	size_t i;

	if (fp != NULL) {
		ar = actr_open(csvr_open(fp, path, 0));
		while (actr_next(ar, &a))
			if (a.step == STEP_TERMINATE &&
			    strmap_get(day, a.customer_id) == NULL)
				strmap_put(day, a.customer_id, (void *)
				    (intptr_t)((int64_t)a.date - DATE_NONE));
		actr_close(ar);
	}
	free(path);
	for (i = 0; i < ks->n; i++) {
		k = &ks->v[i];
		if ((d = (intptr_t)strmap_get(day, k->customer_id)) == 0)
			continue;
		d = (intptr_t)(d + DATE_NONE);	/* the day, as stored above */
		if ( k->cancelled || (k->end != DATE_NONE &&
		    k->end <= d) || (k->billed_through != DATE_NONE &&
		    k->billed_through >= d))
			continue;
		k->reason = END_COLLECTION;
		k->end_date = (int32_t)d;
		derive(ks, t, k);
		if (k->start > d)
			k->end = k->start - 1;
	}
	strmap_free(day);
}

void
contracts_load(const char *path, const struct terms *t,
    const struct customers *cs, const char *statedir, struct contracts *ks)
{
	static const char *const reasons[] = { "", "notice", "early_cancel",
		"provider", "replaced", NULL };
	struct csvr *r = csvr_openpath(path, 0);
	int cid = csvr_need(r, "contract_id"), ccust = csvr_need(r, "customer_id");
	int cdesc = csvr_need(r, "description");
	int cfee = csvr_need(r, "monthly_fee"), cqty = csvr_col(r, "quantity");
	int cstart = csvr_need(r, "start_date");
	int cterm = csvr_col(r, "term_months");
	int csigned = csvr_col(r, "signed_date");
	int cnotice = csvr_col(r, "notice_date"), cend = csvr_col(r, "end_date");
	int creason = csvr_col(r, "end_reason"), crepl = csvr_col(r, "replaces");
	int cvat = csvr_col(r, "vat_rate");
	int cbt = csvr_col(r, "billed_through");
	size_t cap = 0, i;
	struct contract *k, *x;
	void *dup;
	char d1[DATE_BUFSZ];
	int64_t m;

	memset(ks, 0, sizeof(*ks));
	ks->byid = strmap_new();
	while (csvr_next(r)) {
		GROW(ks->v, ks->n, cap);
		k = &ks->v[ks->n];
		memset(k, 0, sizeof(*k));
		k->line = csvr_line(r);
		k->id = xstrdup(fld_id(r, cid, 1));
		k->customer_id = xstrdup(fld_id(r, ccust, 1));
		if (cs != NULL && customer_find(cs, k->customer_id) == NULL)
			csvr_die(r, ccust, "unknown customer '%s': expected a "
			    "customer_id of %s", k->customer_id, cs->path);
		k->description = xstrdup(fld_str(r, cdesc, 1));
		k->fee = fld_money(r, cfee, MONEY_CENTS, 1, 0);
		if (k->fee < 0)
			csvr_die(r, cfee, "bad monthly_fee '%s': expected an "
			    "amount >= 0", csvr_get(r, cfee));
		k->qty = fld_int(r, cqty, 1, 1000000, 1);
		/* in 0.00001 EUR units too: unit prices are written so */
		if (mmul(k->fee, k->qty, &k->monthly) != 0 ||
		    mmul(k->monthly, MICRO_PER_CENT, &m) != 0)
			csvr_die(r, cfee, "monthly_fee × quantity is out of "
			    "range");
		k->start = fld_date(r, cstart, 1);
		k->term = (int)fld_int(r, cterm, 0, 1200, 0);
		k->signed_date = fld_date(r, csigned, 0);
		k->notice_date = fld_date(r, cnotice, 0);
		k->end_date = fld_date(r, cend, 0);
		k->reason = (enum end_reason)fld_enum(r, creason, reasons, 0);
		k->replaces_id = xstrdup(fld_id(r, crepl, 0));
		k->vat_rate = fld_pct(r, cvat, t->vat_rate);
		k->billed_through = fld_date(r, cbt, 0);
		if (k->reason == END_NONE && (k->notice_date != DATE_NONE ||
		    k->end_date != DATE_NONE))
			k->reason = END_NOTICE;
		switch (k->reason) {
		case END_EARLY_CANCEL:
			k->cancel_date = k->notice_date != DATE_NONE ?
			    k->notice_date : k->end_date;
			if (k->cancel_date == DATE_NONE)
				csvr_die(r, cnotice < 0 ? creason : cnotice,
				    "missing notice_date: expected the day "
				    "the early cancellation was received");
			if (k->cancel_date >= k->start)
				csvr_die(r, cnotice >= 0 && k->notice_date !=
				    DATE_NONE ? cnotice : cend, "bad "
				    "early_cancel on %s: expected a date before"
				    " start_date %s (VZ 4.1: before the service"
				    " starts)", date_fmt(k->cancel_date, d1),
				    csvr_get(r, cstart));
			break;
		case END_PROVIDER:
			if (k->end_date == DATE_NONE)
				csvr_die(r, cend < 0 ? creason : cend,
				    "missing end_date: expected the last day "
				    "of service for a provider termination");
			break;
		default:
			break;
		}
		/* rules.md §4: only an early cancellation comes before the
		 * start */
		if (k->end_date != DATE_NONE && k->end_date < k->start &&
		    k->reason != END_EARLY_CANCEL)
			csvr_die(r, cend, "bad end_date '%s': expected a day "
			    "on or after start_date %s", csvr_get(r, cend),
			    csvr_get(r, cstart));
		if (k->notice_date != DATE_NONE && k->notice_date < k->start &&
		    k->reason != END_EARLY_CANCEL)
			csvr_die(r, cnotice, "bad notice_date '%s': before "
			    "start_date %s: expected end_reason early_cancel for "
			    "a cancellation before the service starts (VZ 4.1)",
			    csvr_get(r, cnotice), csvr_get(r, cstart));
		if ((dup = strmap_put(ks->byid, k->id,
		    (void *)(uintptr_t)(ks->n + 1))) != NULL)
			csvr_die(r, cid, "duplicate contract_id '%s': first on "
			    "line %ld", k->id, ks->v[(uintptr_t)dup - 1].line);
		ks->n++;
	}
	/* link plan changes; messages point at the replaces column */
	for (i = 0; i < ks->n; i++) {
		k = &ks->v[i];
		if (*k->replaces_id == '\0')
			continue;
		k->replaces = (uintptr_t)strmap_get(ks->byid, k->replaces_id);
		if (k->replaces == 0 || k->replaces == i + 1)
			die("%s:%ld:%d: bad replaces '%s': expected another "
			    "contract_id of this file", path, k->line,
			    crepl + 1, k->replaces_id);
		x = &ks->v[k->replaces - 1];
		if (strcmp(x->customer_id, k->customer_id) != 0)
			die("%s:%ld:%d: bad replaces '%s': that contract is "
			    "of customer '%s', not '%s'", path, k->line,
			    crepl + 1, k->replaces_id, x->customer_id,
			    k->customer_id);
		if (x->replaced_by != 0)
			die("%s:%ld:%d: bad replaces '%s': already replaced "
			    "by '%s' on line %ld", path, k->line, crepl + 1,
			    k->replaces_id, ks->v[x->replaced_by - 1].id,
			    ks->v[x->replaced_by - 1].line);
		if (k->start <= x->start)
			die("%s:%ld:%d: bad start_date: a plan that replaces "
			    "'%s' must start after it (%s)", path, k->line,
			    cstart + 1, x->id, date_fmt(x->start, d1));
		x->replaced_by = i + 1;
	}
	for (i = 0; i < ks->n; i++) {
		k = &ks->v[i];
		if (k->reason == END_REPLACED && k->replaced_by == 0)
			die("%s:%ld:%d: bad end_reason 'replaced': no contract "
			    "names '%s' in replaces", path, k->line,
			    creason + 1, k->id);
		if (k->reason == END_NOTICE && k->notice_date == DATE_NONE &&
		    k->end_date == DATE_NONE)
			die("%s:%ld:%d: missing notice_date: expected the day "
			    "the notice was received", path, k->line,
			    (cnotice < 0 ? creason : cnotice) + 1);
		derive(ks, t, k);
		k->first = k->start;
		if (k->billed_through != DATE_NONE &&
		    k->billed_through >= k->first)
			k->first = k->billed_through + 1;
	}
	csvr_close(r);
	if (statedir != NULL)
		terminated(ks, t, statedir);
}

const struct contract *
contract_find(const struct contracts *ks, const char *id)
{
	uintptr_t i = (uintptr_t)strmap_get(ks->byid, id);

	return i ? &ks->v[i - 1] : NULL;
}

void
contracts_free(struct contracts *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++) {
		free(ks->v[i].id);
		free(ks->v[i].customer_id);
		free(ks->v[i].description);
		free(ks->v[i].replaces_id);
	}
	free(ks->v);
	strmap_free(ks->byid);
}
