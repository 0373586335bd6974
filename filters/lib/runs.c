/* runs: the state's runs.csv. */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "field.h"
#include "money.h"
#include "runs.h"
#include "state.h"
#include "table.h"
#include "util.h"

enum { R_PERIOD, R_DATE, R_N, R_FIRST, R_LAST, R_NET, R_VAT, R_GROSS,
	R_DIGEST };

static const char *const cols[] = { "period", "invoice_date", "invoices",
	"first_invoice_no", "last_invoice_no", "net", "vat", "gross", "digest",
	NULL };

void
runs_add(struct runs *rs, const struct run *run)
{
	struct run *x;

	GROW(rs->v, rs->n, rs->cap);
	x = &rs->v[rs->n++];
	*x = *run;
	x->first_no = xstrdup(run->first_no);
	x->last_no = xstrdup(run->last_no);
	x->digest = xstrdup(run->digest);
}

void
runs_load(const char *statedir, struct runs *rs)
{
	char *path;
	FILE *fp = state_open(statedir, "runs.csv", &path);
	struct tabr *t;
	struct csvr *r;
	struct run x;

	memset(rs, 0, sizeof(*rs));
	if (fp == NULL) {
		free(path);
		return;
	}
	t = tabr_open(csvr_open(fp, path, 0), cols);
	r = tabr_csv(t);
	while (tabr_next(t)) {
		if (period_parse(fld_str(r, tabr_col(t, R_PERIOD), 1),
		    &x.period) != 0)
			csvr_die(r, tabr_col(t, R_PERIOD), "bad period '%s': "
			    "expected YYYY-MM", tabr_get(t, R_PERIOD));
		x.invoice_date = fld_date(r, tabr_col(t, R_DATE), 1);
		x.invoices = fld_int(r, tabr_col(t, R_N), 0, 1000000000, 0);
		x.first_no = (char *)tabr_get(t, R_FIRST);
		x.last_no = (char *)tabr_get(t, R_LAST);
		x.net = fld_money(r, tabr_col(t, R_NET), MONEY_CENTS, 1, 0);
		x.vat = fld_money(r, tabr_col(t, R_VAT), MONEY_CENTS, 1, 0);
		x.gross = fld_money(r, tabr_col(t, R_GROSS), MONEY_CENTS, 1, 0);
		x.digest = (char *)fld_str(r, tabr_col(t, R_DIGEST), 1);
		runs_add(rs, &x);
	}
	tabr_close(t);
	free(path);
}

void
runs_write(struct csvw *w, const struct runs *rs)
{
	const struct run *x;
	char ym[8];
	size_t i;

	csvw_header(w, cols);
	for (i = 0; i < rs->n; i++) {
		x = &rs->v[i];
		csvw_str(w, period_fmt(x->period, ym));
		csvw_date(w, x->invoice_date);
		csvw_int(w, x->invoices);
		csvw_str(w, x->first_no);
		csvw_str(w, x->last_no);
		csvw_money(w, x->net, MONEY_CENTS);
		csvw_money(w, x->vat, MONEY_CENTS);
		csvw_money(w, x->gross, MONEY_CENTS);
		csvw_str(w, x->digest);
		csvw_end(w);
	}
}

void
runs_free(struct runs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->v[i].first_no);
		free(rs->v[i].last_no);
		free(rs->v[i].digest);
	}
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}
