/* actions: dunning-run's actions.csv, read and written by column name. */
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "table.h"
#include "util.h"

const char *const action_steps[] = { "reminder", "final_notice", "collection",
	"suspend", "terminate", "reactivate", "failed_debit", NULL };

enum { A_DATE, A_CUST, A_NO, A_STEP, A_PRINCIPAL, A_INTEREST, A_COSTS,
	A_FEES, A_DEADLINE, A_RULE, A_LETTER };

static const char *const cols[] = { "date", "customer_id", "invoice_no",
	"step", "principal", "interest", "costs", "fees", "deadline", "rule",
	"letter", NULL };

struct actr {
	struct tabr *t;
};

struct actr *
actr_open(struct csvr *r)
{
	struct actr *ar = xcalloc(1, sizeof(*ar));

	ar->t = tabr_open(r, cols);
	return ar;
}

int
actr_next(struct actr *ar, struct action *a)
{
	struct tabr *t = ar->t;
	struct csvr *r = tabr_csv(t);

	if (!tabr_next(t))
		return 0;
	a->date = fld_date(r, tabr_col(t, A_DATE), 1);
	a->customer_id = fld_id(r, tabr_col(t, A_CUST), 1);
	a->invoice_no = fld_str(r, tabr_col(t, A_NO), 1);
	fld_str(r, tabr_col(t, A_STEP), 1);
	a->step = (enum step)fld_enum(r, tabr_col(t, A_STEP), action_steps, 0);
	a->principal = fld_money(r, tabr_col(t, A_PRINCIPAL), MONEY_CENTS, 0,
	    0);
	a->interest = fld_money(r, tabr_col(t, A_INTEREST), MONEY_CENTS, 0, 0);
	a->costs = fld_money(r, tabr_col(t, A_COSTS), MONEY_CENTS, 0, 0);
	a->fees = fld_money(r, tabr_col(t, A_FEES), MONEY_CENTS, 0, 0);
	a->deadline = fld_date(r, tabr_col(t, A_DEADLINE), 0);
	a->rule = tabr_get(t, A_RULE);
	a->letter = tabr_get(t, A_LETTER);
	return 1;
}

struct csvr *
actr_csv(const struct actr *ar)
{
	return tabr_csv(ar->t);
}

void
actr_copy(const struct actr *ar, struct csvw *w)
{
	tabr_copy(ar->t, w);
}

void
actr_close(struct actr *ar)
{
	if (ar == NULL)
		return;
	tabr_close(ar->t);
	free(ar);
}

void
actw_header(struct csvw *w)
{
	csvw_header(w, cols);
}

void
actw_put(struct csvw *w, const struct action *a)
{
	csvw_date(w, a->date);
	csvw_str(w, a->customer_id);
	csvw_str(w, a->invoice_no);
	csvw_str(w, action_steps[a->step]);
	csvw_money(w, a->principal, MONEY_CENTS);
	csvw_money(w, a->interest, MONEY_CENTS);
	csvw_money(w, a->costs, MONEY_CENTS);
	csvw_money(w, a->fees, MONEY_CENTS);
	csvw_date(w, a->deadline);
	csvw_str(w, a->rule);
	csvw_str(w, a->letter);
	csvw_end(w);
}

int
action_letter_ok(const char *p)
{
	const char *n = p + 8;
	size_t len = strlen(p);

	return strncmp(p, "letters/", 8) == 0 && len > 12 && strcmp(p + len -
	    4, ".pdf") == 0 && strchr(n, '/') == NULL && *n != '.';
}
