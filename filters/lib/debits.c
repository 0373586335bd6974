/* debits: the debit ledger, a run's batch, and uncollected.csv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "debits.h"
#include "field.h"
#include "money.h"
#include "receipts.h"
#include "state.h"
#include "strmap.h"
#include "table.h"
#include "util.h"

const char *const seq_names[] = { "FRST", "RCUR", "FNAL", "OOFF", NULL };

enum { D_PERIOD, D_MSG, D_PMTINF, D_NO, D_CUST, D_DATE, D_SEQ, D_AMOUNT,
	D_MID, D_MDATE, D_IBAN, D_BIC, D_OMID, D_OIBAN, D_NEWBANK };

static const char *const cols[] = { "period", "msg_id", "pmtinf_id",
	"invoice_no", "customer_id", "collection_date", "sequence", "amount",
	"mandate_id", "mandate_date", "iban", "bic", "original_mandate_id",
	"original_iban", "new_bank", NULL };

struct debr {
	struct tabr *t;
};

struct debr *
debr_open(struct csvr *r)
{
	struct debr *dr = xcalloc(1, sizeof(*dr));

	dr->t = tabr_open(r, cols);
	return dr;
}

int
debr_next(struct debr *dr, struct debit *d)
{
	struct tabr *t = dr->t;
	const struct csvr *r = tabr_csv(t);

	if (!tabr_next(t))
		return 0;
	if (period_parse(tabr_get(t, D_PERIOD), &d->period) != 0)
		csvr_die(r, tabr_col(t, D_PERIOD), "bad period '%s': expected "
		    "YYYY-MM", clip(tabr_get(t, D_PERIOD)));
	d->msg_id = fld_str(r, tabr_col(t, D_MSG), 1);
	d->pmtinf_id = fld_str(r, tabr_col(t, D_PMTINF), 1);
	d->invoice_no = fld_str(r, tabr_col(t, D_NO), 1);
	d->customer_id = fld_id(r, tabr_col(t, D_CUST), 1);
	d->collection_date = fld_date(r, tabr_col(t, D_DATE), 1);
	d->seq = (enum seqtype)fld_enum(r, tabr_col(t, D_SEQ), seq_names, -1);
	d->amount = fld_money(r, tabr_col(t, D_AMOUNT), 2, 1, 0);
	d->mandate_id = fld_str(r, tabr_col(t, D_MID), 1);
	d->mandate_date = fld_date(r, tabr_col(t, D_MDATE), 1);
	d->iban = fld_str(r, tabr_col(t, D_IBAN), 1);
	d->bic = fld_str(r, tabr_col(t, D_BIC), 0);
	d->orig_mandate_id = fld_str(r, tabr_col(t, D_OMID), 0);
	d->orig_iban = fld_str(r, tabr_col(t, D_OIBAN), 0);
	d->new_bank = fld_yesno(r, tabr_col(t, D_NEWBANK), -1);
	if ((int)d->seq < 0 || d->new_bank < 0)
		csvr_die(r, tabr_col(t, (int)d->seq < 0 ? D_SEQ : D_NEWBANK),
		    "missing %s", cols[(int)d->seq < 0 ? D_SEQ : D_NEWBANK]);
	return 1;
}

struct csvr *
debr_csv(const struct debr *dr)
{
	return tabr_csv(dr->t);
}

void
debr_copy(const struct debr *dr, struct csvw *w)
{
	tabr_copy(dr->t, w);
}

void
debr_close(struct debr *dr)
{
	if (dr == NULL)
		return;
	tabr_close(dr->t);
	free(dr);
}

void
debw_header(struct csvw *w)
{
	csvw_header(w, cols);
}

void
debw_put(struct csvw *w, const struct debit *d)
{
	char ym[8];

	csvw_str(w, period_fmt(d->period, ym));
	csvw_str(w, d->msg_id);
	csvw_str(w, d->pmtinf_id);
	csvw_str(w, d->invoice_no);
	csvw_str(w, d->customer_id);
	csvw_date(w, d->collection_date);
	csvw_str(w, seq_names[d->seq]);
	csvw_money(w, d->amount, 2);
	csvw_str(w, d->mandate_id);
	csvw_date(w, d->mandate_date);
	csvw_str(w, d->iban);
	csvw_str(w, d->bic);
	csvw_str(w, d->orig_mandate_id);
	csvw_str(w, d->orig_iban);
	csvw_yesno(w, d->new_bank);
	csvw_end(w);
}

/* a customer's last debit, its strings owned */
struct last {
	struct debit d;
	char *s[8];
};

struct ledger {
	struct strmap *bycust, *byinv;
	struct strmap *stopped;		/* invoice_no -> its return's noretry */
	struct strmap *noretry;		/* customer_id -> the latest noretry */
	struct noretry **sv;		/* every one, to free */
	size_t ns, caps;
	struct last **v;
	char **batches;
	size_t n, cap, nb, capb;
};

static char *
own(struct last *l, int i, const char *s)
{
	free(l->s[i]);
	return l->s[i] = xstrdup(s);
}

/* stopped: the returns of the receipts log whose code allows no retry */
static void
load_stopped(struct ledger *l, const char *statedir)
{
	struct receipt p;
	struct rcptr *rr;
	struct noretry *s;
	char *path;
	FILE *fp = state_open(statedir, "receipts.csv", &path);

	if (fp != NULL) {
		rr = rcptr_open(csvr_open(fp, path, 0));
		while (rcptr_next(rr, &p)) {
			if (p.kind != PAY_RETURN || !return_noretry(p.reason) ||
			    strmap_get(l->stopped, p.invoice_no) != NULL)
				continue;
			s = xcalloc(1, sizeof(*s));
			s->invoice_no = xstrdup(p.invoice_no);
			s->code = xstrdup(p.reason);
			s->date = p.date;
			strmap_put(l->stopped, p.invoice_no, s);
			GROW(l->sv, l->ns, l->caps);
			l->sv[l->ns++] = s;
		}
		rcptr_close(rr);
	}
	free(path);
}

/* stop: debit d came back with a no-retry code: its customer's list */
static void
stop(struct ledger *l, const struct debit *d, struct noretry *s)
{
	if (s->mandate_id != NULL)
		return;		/* debited twice: ledger_load says so */
	s->mandate_id = xstrdup(d->mandate_id);
	s->mandate_date = d->mandate_date;
	s->next = strmap_get(l->noretry, d->customer_id);
	strmap_set(l->noretry, d->customer_id, s);
}

struct ledger *
ledger_load(const char *statedir, int period)
{
	struct ledger *l = xcalloc(1, sizeof(*l));
	struct debit d;
	struct debr *dr;
	struct last *x;
	struct noretry *s;
	char *path, *batch = NULL;
	FILE *fp;

	l->bycust = strmap_new();
	l->byinv = strmap_new();
	l->stopped = strmap_new();
	l->noretry = strmap_new();
	load_stopped(l, statedir);
	if ((fp = state_open(statedir, "debits.csv", &path)) == NULL) {
		free(path);
		return l;
	}
	dr = debr_open(csvr_open(fp, path, 0));
	while (debr_next(dr, &d)) {
		if (d.period >= period)
			continue;	/* a rerun ignores its own and later */
		if (batch == NULL || strcmp(batch, d.msg_id) != 0) {
			GROW(l->batches, l->nb, l->capb);
			batch = l->batches[l->nb++] = xstrdup(d.msg_id);
		}
		if (strmap_put(l->byinv, d.invoice_no, batch) != NULL)
			csvr_die(debr_csv(dr), -1, "invoice %s is debited "
			    "twice in the ledger", d.invoice_no);
		if ((s = strmap_get(l->stopped, d.invoice_no)) != NULL)
			stop(l, &d, s);
		if ((x = strmap_get(l->bycust, d.customer_id)) == NULL) {
			x = xcalloc(1, sizeof(*x));
			GROW(l->v, l->n, l->cap);
			l->v[l->n++] = x;
			strmap_set(l->bycust, d.customer_id, x);
		}
		x->d = d;
		x->d.msg_id = own(x, 0, d.msg_id);
		x->d.pmtinf_id = own(x, 1, d.pmtinf_id);
		x->d.invoice_no = own(x, 2, d.invoice_no);
		x->d.customer_id = own(x, 3, d.customer_id);
		x->d.mandate_id = own(x, 4, d.mandate_id);
		x->d.iban = own(x, 5, d.iban);
		x->d.bic = own(x, 6, d.bic);
		/* the originals of an amendment concern that debit only */
		x->d.orig_mandate_id = x->d.orig_iban = "";
	}
	debr_close(dr);
	free(path);
	return l;
}

const struct debit *
ledger_last(const struct ledger *l, const char *customer_id)
{
	const struct last *x = strmap_get(l->bycust, customer_id);

	return x != NULL ? &x->d : NULL;
}

const char *
ledger_batch(const struct ledger *l, const char *invoice_no)
{
	return strmap_get(l->byinv, invoice_no);
}

const struct noretry *
ledger_noretry(const struct ledger *l, const char *customer_id)
{
	return strmap_get(l->noretry, customer_id);
}

void
ledger_free(struct ledger *l)
{
	size_t i;
	int k;

	if (l == NULL)
		return;
	for (i = 0; i < l->ns; i++) {
		free(l->sv[i]->invoice_no);
		free(l->sv[i]->mandate_id);
		free(l->sv[i]->code);
		free(l->sv[i]);
	}
	free(l->sv);
	strmap_free(l->stopped);
	strmap_free(l->noretry);
	for (i = 0; i < l->n; i++) {
		for (k = 0; k < 8; k++)
			free(l->v[i]->s[k]);
		free(l->v[i]);
	}
	for (i = 0; i < l->nb; i++)
		free(l->batches[i]);
	free(l->v);
	free(l->batches);
	strmap_free(l->bycust);
	strmap_free(l->byinv);
	free(l);
}

enum { U_NO, U_CUST, U_REASON };

static const char *const ucols[] = { "invoice_no", "customer_id", "reason",
	NULL };

struct uncr {
	struct tabr *t;
};

struct uncr *
uncr_open(struct csvr *r)
{
	struct uncr *ur = xcalloc(1, sizeof(*ur));

	ur->t = tabr_open(r, ucols);
	return ur;
}

int
uncr_next(struct uncr *ur, struct uncollected *u)
{
	const struct csvr *r = tabr_csv(ur->t);

	if (!tabr_next(ur->t))
		return 0;
	u->invoice_no = fld_str(r, tabr_col(ur->t, U_NO), 1);
	u->customer_id = fld_id(r, tabr_col(ur->t, U_CUST), 1);
	u->reason = fld_str(r, tabr_col(ur->t, U_REASON), 1);
	return 1;
}

void
uncr_close(struct uncr *ur)
{
	if (ur == NULL)
		return;
	tabr_close(ur->t);
	free(ur);
}

void
uncw_header(struct csvw *w)
{
	csvw_header(w, ucols);
}

void
uncw_put(struct csvw *w, const struct uncollected *u)
{
	csvw_str(w, u->invoice_no);
	csvw_str(w, u->customer_id);
	csvw_str(w, u->reason);
	csvw_end(w);
}
