/* allowance: the state's allowances.csv. */
#include <limits.h>
#include <stdlib.h>

#include "allowance.h"
#include "date.h"
#include "field.h"
#include "table.h"
#include "util.h"

enum { A_BUNDLE, A_MONTH, A_ALLOWANCE, A_USED, A_PERIOD };

static const char *const cols[] = { "bundle_id", "month", "allowance",
	"used", "period", NULL };

struct allowr {
	struct tabr *t;
};

struct allowr *
allowr_open(struct csvr *r)
{
	struct allowr *ar = xcalloc(1, sizeof(*ar));

	ar->t = tabr_open(r, cols);
	return ar;
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
allowr_next(struct allowr *ar, struct allowance *a)
{
	struct tabr *t = ar->t;
	const struct csvr *r = tabr_csv(t);

	if (!tabr_next(t))
		return 0;
	a->bundle_id = fld_id(r, tabr_col(t, A_BUNDLE), 1);
	a->month = month_of(t, A_MONTH);
	a->allowance = fld_int(r, tabr_col(t, A_ALLOWANCE), 0, LONG_MAX, -1);
	a->used = fld_int(r, tabr_col(t, A_USED), 0, LONG_MAX, -1);
	if (a->allowance < 0 || a->used < 0 || a->used > a->allowance)
		csvr_die(r, tabr_col(t, a->allowance < 0 ? A_ALLOWANCE :
		    A_USED), "bad row: expected a whole allowance and the "
		    "units used of it");
	a->period = month_of(t, A_PERIOD);
	return 1;
}

struct csvr *
allowr_csv(const struct allowr *ar)
{
	return tabr_csv(ar->t);
}

void
allowr_copy(const struct allowr *ar, struct csvw *w)
{
	tabr_copy(ar->t, w);
}

void
allowr_close(struct allowr *ar)
{
	if (ar == NULL)
		return;
	tabr_close(ar->t);
	free(ar);
}

void
alloww_header(struct csvw *w)
{
	csvw_header(w, cols);
}

void
alloww_put(struct csvw *w, const struct allowance *a)
{
	char ym[8];

	csvw_str(w, a->bundle_id);
	csvw_str(w, period_fmt(a->month, ym));
	csvw_int(w, a->allowance);
	csvw_int(w, a->used);
	csvw_str(w, period_fmt(a->period, ym));
	csvw_end(w);
}
