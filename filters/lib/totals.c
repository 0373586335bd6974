/* totals: the state's usage-totals.csv. */
#include <stdlib.h>

#include "date.h"
#include "field.h"
#include "money.h"
#include "table.h"
#include "totals.h"
#include "util.h"

enum { T_CUST, T_MONTH, T_AMOUNT, T_PERIOD };

static const char *const cols[] = { "customer_id", "month", "amount",
	"period", NULL };

struct totalr {
	struct tabr *t;
};

struct totalr *
totalr_open(struct csvr *r)
{
	struct totalr *tr = xcalloc(1, sizeof(*tr));

	tr->t = tabr_open(r, cols);
	return tr;
}

static int
month_of(const struct tabr *t, int i)
{
	int m;

	if (period_parse(tabr_get(t, i), &m) != 0)
		csvr_die(tabr_csv(t), tabr_col(t, i), "bad %s '%s': expected "
		    "YYYY-MM", cols[i], tabr_get(t, i));
	return m;
}

int
totalr_next(struct totalr *tr, struct total *x)
{
	struct tabr *t = tr->t;

	if (!tabr_next(t))
		return 0;
	x->customer_id = fld_str(tabr_csv(t), tabr_col(t, T_CUST), 1);
	x->month = month_of(t, T_MONTH);
	x->amount = fld_money(tabr_csv(t), tabr_col(t, T_AMOUNT), MONEY_MICRO,
	    1, 0);
	x->period = month_of(t, T_PERIOD);
	return 1;
}

void
totalr_copy(const struct totalr *tr, struct csvw *w)
{
	tabr_copy(tr->t, w);
}

void
totalr_close(struct totalr *tr)
{
	if (tr == NULL)
		return;
	tabr_close(tr->t);
	free(tr);
}

void
totalw_header(struct csvw *w)
{
	csvw_header(w, cols);
}

void
totalw_put(struct csvw *w, const struct total *x)
{
	char ym[8];

	csvw_str(w, x->customer_id);
	csvw_str(w, period_fmt(x->month, ym));
	csvw_amount(w, x->amount, MONEY_MICRO, 2);
	csvw_str(w, period_fmt(x->period, ym));
	csvw_end(w);
}
