/* openitems: open.csv, agency.csv and the fee charges, by column name. */
#include <stdlib.h>

#include "money.h"
#include "openitems.h"
#include "table.h"
#include "util.h"

static const char *const ocols[] = { "invoice_no", "customer_id",
	"invoice_date", "due_date", "days_overdue", "principal", "interest",
	"costs", "fees", "paid", "outstanding", "step", "disputed", NULL };

void
openw_header(struct csvw *w)
{
	csvw_header(w, ocols);
}

void
openw_put(struct csvw *w, const struct openitem *o)
{
	csvw_str(w, o->invoice_no);
	csvw_str(w, o->customer_id);
	csvw_date(w, o->invoice_date);
	csvw_date(w, o->due_date);
	csvw_int(w, o->days_overdue);
	csvw_money(w, o->principal, MONEY_CENTS);
	csvw_money(w, o->interest, MONEY_CENTS);
	csvw_money(w, o->costs, MONEY_CENTS);
	csvw_money(w, o->fees, MONEY_CENTS);
	csvw_money(w, o->paid, MONEY_CENTS);
	csvw_money(w, o->outstanding, MONEY_CENTS);
	csvw_str(w, o->step);
	csvw_money(w, o->disputed, MONEY_CENTS);
	csvw_end(w);
}

static const char *const acols[] = { "date", "customer_id", "name",
	"invoice_no", "invoice_date", "due_date", "principal", "interest",
	"costs", "fees", "total", "rule", NULL };

void
agencyw_header(struct csvw *w)
{
	csvw_header(w, acols);
}

void
agencyw_put(struct csvw *w, const struct claimrow *c)
{
	csvw_date(w, c->date);
	csvw_str(w, c->customer_id);
	csvw_str(w, c->name);
	csvw_str(w, c->invoice_no);
	csvw_date(w, c->invoice_date);
	csvw_date(w, c->due_date);
	csvw_money(w, c->principal, MONEY_CENTS);
	csvw_money(w, c->interest, MONEY_CENTS);
	csvw_money(w, c->costs, MONEY_CENTS);
	csvw_money(w, c->fees, MONEY_CENTS);
	csvw_money(w, c->principal + c->interest + c->costs + c->fees,
	    MONEY_CENTS);
	csvw_str(w, c->rule);
	csvw_end(w);
}

static const char *const fcols[] = { "charge_id", "customer_id", "date",
	"description", "amount", "quantity", "rule", "vat_rate",
	"vat_category", NULL };

void
feew_header(struct csvw *w)
{
	csvw_header(w, fcols);
}

void
feew_put(struct csvw *w, const struct fee *f)
{
	csvw_str(w, f->charge_id);
	csvw_str(w, f->customer_id);
	csvw_date(w, f->date);
	csvw_str(w, f->description);
	csvw_money(w, f->amount, MONEY_CENTS);
	csvw_int(w, 1);
	csvw_str(w, f->rule);
	csvw_str(w, "");
	csvw_str(w, "");
	csvw_end(w);
}

struct feer {
	struct tabr *t;
};

struct feer *
feer_open(struct csvr *r)
{
	struct feer *fr = xcalloc(1, sizeof(*fr));

	fr->t = tabr_open(r, fcols);
	return fr;
}

int
feer_next(struct feer *fr)
{
	return tabr_next(fr->t);
}

void
feer_copy(const struct feer *fr, struct csvw *w)
{
	tabr_copy(fr->t, w);
}

void
feer_close(struct feer *fr)
{
	if (fr == NULL)
		return;
	tabr_close(fr->t);
	free(fr);
}
