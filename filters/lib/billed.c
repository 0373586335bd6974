/* billed: the state's billed.csv and a run's posting. */
#include <stdlib.h>

#include "billed.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "table.h"
#include "util.h"

enum { B_CUST, B_KEY, B_SCOPE, B_KIND, B_REF, B_DESC, B_FROM, B_TO, B_NET,
	B_VAT, B_RULE, B_PERIOD, B_INVOICE };

static const char *const cols[] = { "customer_id", "key", "scope", "kind",
	"ref", "description", "from", "to", "net", "vat_rate", "rule", "period",
	"invoice_no", NULL };

struct billedr {
	struct tabr *t;
};

struct billedr *
billedr_open(struct csvr *r)
{
	struct billedr *br = xcalloc(1, sizeof(*br));

	br->t = tabr_open(r, cols);
	return br;
}

int
billedr_next(struct billedr *br, struct billed *b)
{
	struct tabr *t = br->t;
	struct csvr *r = tabr_csv(t);

	if (!tabr_next(t))
		return 0;
	b->customer_id = fld_str(r, tabr_col(t, B_CUST), 1);
	b->key = fld_str(r, tabr_col(t, B_KEY), 1);
	b->scope = tabr_get(t, B_SCOPE);
	b->kind = fld_str(r, tabr_col(t, B_KIND), 1);
	b->ref = tabr_get(t, B_REF);
	b->description = tabr_get(t, B_DESC);
	b->from = fld_date(r, tabr_col(t, B_FROM), 0);
	b->to = fld_date(r, tabr_col(t, B_TO), 0);
	b->net = fld_money(r, tabr_col(t, B_NET), MONEY_CENTS, 1, 0);
	b->vat_rate = fld_money(r, tabr_col(t, B_VAT), MONEY_CENTS, 0, 0);
	b->rule = tabr_get(t, B_RULE);
	if (period_parse(fld_str(r, tabr_col(t, B_PERIOD), 1), &b->period) != 0)
		csvr_die(r, tabr_col(t, B_PERIOD), "bad period '%s': expected "
		    "YYYY-MM", tabr_get(t, B_PERIOD));
	b->invoice_no = fld_str(r, tabr_col(t, B_INVOICE), 1);
	return 1;
}

struct csvr *
billedr_csv(const struct billedr *br)
{
	return tabr_csv(br->t);
}

void
billedr_copy(const struct billedr *br, struct csvw *w)
{
	tabr_copy(br->t, w);
}

void
billedr_close(struct billedr *br)
{
	if (br == NULL)
		return;
	tabr_close(br->t);
	free(br);
}

void
billedw_header(struct csvw *w)
{
	csvw_header(w, cols);
}

void
billedw_put(struct csvw *w, const struct billed *b)
{
	char buf[MONEY_BUFSZ], ym[8];

	csvw_str(w, b->customer_id);
	csvw_str(w, b->key);
	csvw_str(w, b->scope);
	csvw_str(w, b->kind);
	csvw_str(w, b->ref);
	csvw_str(w, b->description);
	csvw_date(w, b->from);
	csvw_date(w, b->to);
	csvw_money(w, b->net, MONEY_CENTS);
	csvw_str(w, money_fmt_trim(b->vat_rate, MONEY_CENTS, 0, buf));
	csvw_str(w, b->rule);
	csvw_str(w, period_fmt(b->period, ym));
	csvw_str(w, b->invoice_no);
	csvw_end(w);
}
