/* invoices: a run's invoices.csv and lines.csv, and the register. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "field.h"
#include "invoices.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "table.h"
#include "util.h"

enum { I_NO, I_CUST, I_DATE, I_DUE, I_PERIOD, I_NET, I_VAT, I_GROSS,
	I_METHOD, I_COLL, I_FIRST, I_PDF, I_REF, I_N };

static const char *const run_cols[] = { "invoice_no", "customer_id",
	"invoice_date", "due_date", "period", "net", "vat", "gross",
	"payment_method", "collection_date", "first_invoice", "pdf",
	"payment_reference", NULL };
static const char *const reg_cols[] = { "invoice_no", "customer_id",
	"invoice_date", "due_date", "period", "net", "vat", "gross",
	"payment_method", "collection_date", "first_invoice",
	"payment_reference", NULL };

struct invr {
	struct tabr *t;
	enum invfile which;
};

/* at: the table column of field i in file which, or -1 */
static int
at(enum invfile which, int i)
{
	if (which == INV_RUN)
		return i;
	return i == I_PDF ? -1 : i > I_PDF ? i - 1 : i;
}

struct invr *
invr_open(struct csvr *r, enum invfile which)
{
	struct invr *ir = xcalloc(1, sizeof(*ir));

	ir->which = which;
	ir->t = tabr_open(r, which == INV_RUN ? run_cols : reg_cols);
	return ir;
}

static int
col(const struct invr *ir, int i)
{
	int k = at(ir->which, i);

	return k < 0 ? -1 : tabr_col(ir->t, k);
}

int
invr_next(struct invr *ir, struct invoice *v)
{
	static const char *const methods[] = { "transfer", "direct_debit", NULL };
	struct csvr *r = tabr_csv(ir->t);

	if (!tabr_next(ir->t))
		return 0;
	v->invoice_no = fld_str(r, col(ir, I_NO), 1);
	v->customer_id = fld_str(r, col(ir, I_CUST), 1);
	v->invoice_date = fld_date(r, col(ir, I_DATE), 1);
	v->due_date = fld_date(r, col(ir, I_DUE), 1);
	if (period_parse(fld_str(r, col(ir, I_PERIOD), 1), &v->period) != 0)
		csvr_die(r, col(ir, I_PERIOD), "bad period '%s': expected "
		    "YYYY-MM", csvr_get(r, col(ir, I_PERIOD)));
	v->net = fld_money(r, col(ir, I_NET), MONEY_CENTS, 1, 0);
	v->vat = fld_money(r, col(ir, I_VAT), MONEY_CENTS, 1, 0);
	v->gross = fld_money(r, col(ir, I_GROSS), MONEY_CENTS, 1, 0);
	v->direct_debit = fld_enum(r, col(ir, I_METHOD), methods, 0);
	v->collection_date = fld_date(r, col(ir, I_COLL), 0);
	v->first = fld_yesno(r, col(ir, I_FIRST), 0);
	v->pdf = csvr_get(r, col(ir, I_PDF));
	v->payment_reference = csvr_get(r, col(ir, I_REF));
	return 1;
}

struct csvr *
invr_csv(const struct invr *ir)
{
	return tabr_csv(ir->t);
}

void
invr_copy(const struct invr *ir, struct csvw *w, enum invfile which)
{
	struct csvr *r = tabr_csv(ir->t);
	int i;

	for (i = 0; i < I_N; i++)
		if (at(which, i) >= 0)
			csvw_copy(w, r, col(ir, i));
	csvw_end(w);
}

void
invr_close(struct invr *ir)
{
	if (ir == NULL)
		return;
	tabr_close(ir->t);
	free(ir);
}

void
invw_header(struct csvw *w, enum invfile which)
{
	csvw_header(w, which == INV_RUN ? run_cols : reg_cols);
}

void
invw_put(struct csvw *w, const struct invoice *v, enum invfile which)
{
	char ym[8];

	csvw_str(w, v->invoice_no);
	csvw_str(w, v->customer_id);
	csvw_date(w, v->invoice_date);
	csvw_date(w, v->due_date);
	csvw_str(w, period_fmt(v->period, ym));
	csvw_money(w, v->net, MONEY_CENTS);
	csvw_money(w, v->vat, MONEY_CENTS);
	csvw_money(w, v->gross, MONEY_CENTS);
	csvw_str(w, v->direct_debit ? "direct_debit" : "transfer");
	csvw_date(w, v->collection_date);
	csvw_yesno(w, v->first);
	if (which == INV_RUN)
		csvw_str(w, v->pdf ? v->pdf : "");
	csvw_str(w, v->payment_reference ? v->payment_reference : "");
	csvw_end(w);
}

/* --- lines.csv ---------------------------------------------------------- */

enum { L_NO, L_CUST, L_LINE, L_KIND, L_REF, L_DESC, L_FROM, L_TO, L_QTY,
	L_UNIT, L_PRICE, L_NET, L_VAT, L_RULE };

static const char *const line_cols[] = { "invoice_no", "customer_id",
	"line_no", "kind", "ref", "description", "from", "to", "quantity",
	"unit", "unit_price", "net", "vat_rate", "rule", NULL };

struct liner {
	struct tabr *t;
	int cat;	/* vat_category, optional (added with the e-invoices) */
};

struct liner *
liner_open(struct csvr *r)
{
	struct liner *lr = xcalloc(1, sizeof(*lr));

	lr->t = tabr_open(r, line_cols);
	lr->cat = csvr_col(r, "vat_category");
	return lr;
}

int
liner_next(struct liner *lr, struct line *l)
{
	struct tabr *t = lr->t;
	struct csvr *r = tabr_csv(t);

	if (!tabr_next(t))
		return 0;
	l->invoice_no = fld_str(r, tabr_col(t, L_NO), 1);
	l->customer_id = fld_str(r, tabr_col(t, L_CUST), 1);
	l->line_no = fld_int(r, tabr_col(t, L_LINE), 1, 1000000000, 0);
	l->kind = fld_str(r, tabr_col(t, L_KIND), 1);
	l->ref = tabr_get(t, L_REF);
	l->description = tabr_get(t, L_DESC);
	l->from = fld_date(r, tabr_col(t, L_FROM), 0);
	l->to = fld_date(r, tabr_col(t, L_TO), 0);
	l->quantity = fld_money(r, tabr_col(t, L_QTY), 0, 0, 0);
	l->unit = tabr_get(t, L_UNIT);
	l->unit_price = fld_money(r, tabr_col(t, L_PRICE), MONEY_MICRO, 0, 0);
	l->net = fld_money(r, tabr_col(t, L_NET), MONEY_CENTS, 1, 0);
	l->vat_rate = fld_money(r, tabr_col(t, L_VAT), MONEY_CENTS, 1, 0);
	l->rule = tabr_get(t, L_RULE);
	l->vat_category = fld_str(r, lr->cat, 0);
	return 1;
}


void
liner_close(struct liner *lr)
{
	if (lr == NULL)
		return;
	tabr_close(lr->t);
	free(lr);
}

/* dup: s owned, NULL as "" */
static const char *
dup(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

void
line_dup(struct line *d, const struct line *s)
{
	*d = *s;
	d->invoice_no = dup(s->invoice_no);
	d->customer_id = dup(s->customer_id);
	d->kind = dup(s->kind);
	d->ref = dup(s->ref);
	d->description = dup(s->description);
	d->unit = dup(s->unit);
	d->rule = dup(s->rule);
	d->vat_category = dup(s->vat_category);
}

void
line_release(struct line *l)
{
	free((char *)l->invoice_no);
	free((char *)l->customer_id);
	free((char *)l->kind);
	free((char *)l->ref);
	free((char *)l->description);
	free((char *)l->unit);
	free((char *)l->rule);
	free((char *)l->vat_category);
}

void
linew_header(struct csvw *w)
{
	static const char *const cols[] = { "invoice_no", "customer_id",
		"line_no", "kind", "ref", "description", "from", "to",
		"quantity", "unit", "unit_price", "net", "vat_rate", "rule",
		"vat_category", NULL };

	csvw_header(w, cols);
}

void
linew_put(struct csvw *w, const struct line *l)
{
	char buf[MONEY_BUFSZ];

	csvw_str(w, l->invoice_no);
	csvw_str(w, l->customer_id);
	csvw_int(w, l->line_no);
	csvw_str(w, l->kind);
	csvw_str(w, l->ref);
	csvw_str(w, l->description);
	csvw_date(w, l->from);
	csvw_date(w, l->to);
	csvw_int(w, l->quantity);
	csvw_str(w, l->unit);
	csvw_amount(w, l->unit_price, MONEY_MICRO, 2);
	csvw_money(w, l->net, MONEY_CENTS);
	csvw_str(w, money_fmt_trim(l->vat_rate, MONEY_CENTS, 0, buf));
	csvw_str(w, l->rule);
	csvw_str(w, l->vat_category != NULL ? l->vat_category : "");
	csvw_end(w);
}

/* --- the register as a run sees it ---------------------------------------- */

struct series {
	char *name;
	long last_no;
	int32_t last_date;
};

struct reg {
	struct strmap *customers;
	struct series *v;
	size_t n, cap;
};

static struct series *
series_find(const struct reg *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->v[i].name, name) == 0)
			return &g->v[i];
	return NULL;
}

struct reg *
reg_load(const char *statedir, int period)
{
	struct reg *g = xcalloc(1, sizeof(*g));
	struct invoice v;
	struct invr *ir;
	struct series *s;
	char *path, *dash, *name;
	FILE *fp = state_open(statedir, "invoices.csv", &path);
	long no;

	g->customers = strmap_new();
	if (fp == NULL) {
		free(path);
		return g;
	}
	ir = invr_open(csvr_open(fp, path, 0), INV_REGISTER);
	while (invr_next(ir, &v)) {
		if (v.period >= period)
			continue;	/* a later run: a rerun ignores it */
		strmap_put(g->customers, v.customer_id, (void *)1);
		dash = strrchr(v.invoice_no, '-');
		if (dash == NULL || dash[1] == '\0' || strspn(dash + 1,
		    "0123456789") != strlen(dash + 1) || strlen(dash + 1) > 9)
			csvr_die(invr_csv(ir), -1, "bad invoice_no '%s': "
			    "expected PREFIX-YYYY-NNNNNN", v.invoice_no);
		name = xstrdup(v.invoice_no);
		name[dash - v.invoice_no] = '\0';
		no = strtol(dash + 1, NULL, 10);
		if ((s = series_find(g, name)) == NULL) {
			GROW(g->v, g->n, g->cap);
			s = &g->v[g->n++];
			s->name = name;
			s->last_no = 0;
			s->last_date = DATE_NONE;
		} else {
			free(name);
		}
		if (no > s->last_no)
			s->last_no = no;
		if (s->last_date == DATE_NONE || v.invoice_date > s->last_date)
			s->last_date = v.invoice_date;
	}
	invr_close(ir);
	free(path);
	return g;
}

int
reg_invoiced(const struct reg *g, const char *customer_id)
{
	return strmap_get(g->customers, customer_id) != NULL;
}

long
reg_last_no(const struct reg *g, const char *series)
{
	const struct series *s = series_find(g, series);

	return s ? s->last_no : 0;
}

int32_t
reg_last_date(const struct reg *g, const char *series)
{
	const struct series *s = series_find(g, series);

	return s ? s->last_date : DATE_NONE;
}

void
reg_free(struct reg *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++)
		free(g->v[i].name);
	free(g->v);
	strmap_free(g->customers);
	free(g);
}

char *
series_of(const char *prefix, int32_t date, char *buf, size_t n)
{
	int y, m, d;

	civil_from_days(date, &y, &m, &d);
	snprintf(buf, n, "%s-%04d", prefix, y);
	return buf;
}

const char *
invoice_date_check(int period, int32_t date, int32_t last, char *buf,
    size_t n)
{
	char a[8], b[8], d1[DATE_BUFSZ];

	if (date < period_first(period) || date > period_last(period + 1)) {
		snprintf(buf, n, "expected a day of the run month %s or of the "
		    "month after it, %s (rules.md §8)", period_fmt(period, a),
		    period_fmt(period + 1, b));
		return buf;
	}
	if (last != DATE_NONE && date < last) {
		snprintf(buf, n, "before %s, the last invoice date of its "
		    "series: numbers follow dates (rules.md §8)",
		    date_fmt(last, d1));
		return buf;
	}
	return NULL;
}

void
vat_add(struct vatsum *vs, size_t *nvs, int64_t rate, int64_t net,
    const char *no)
{
	size_t j;

	for (j = 0; j < *nvs && vs[j].rate != rate; j++)
		;
	if (j == *nvs) {
		if (*nvs == VATSUM_MAX)
			die("invoice %s: more than %d VAT rates", no,
			    VATSUM_MAX);
		vs[j].rate = rate;
		vs[j].net = vs[j].vat = 0;
		(*nvs)++;
	}
	if (madd(vs[j].net, net, &vs[j].net) != 0)
		die("invoice %s: amount overflow", no);
}

int64_t
vat_total(struct vatsum *vs, size_t nvs, const char *no)
{
	int64_t vat = 0;
	size_t j;

	for (j = 0; j < nvs; j++)
		if (pct_of(vs[j].net, vs[j].rate, &vs[j].vat) != 0 ||
		    madd(vat, vs[j].vat, &vat) != 0)
			die("invoice %s: VAT overflow", no);
	return vat;
}

struct hist {
	struct strmap *m;
	struct hist_row **v;
	size_t n, cap;
};

struct hist *
hist_load(const char *statedir, int period)
{
	struct hist *h = xcalloc(1, sizeof(*h));
	struct hist_row *row;
	struct invoice v;
	struct invr *ir;
	char *path;
	FILE *fp = state_open(statedir, "invoices.csv", &path);
	int i;

	h->m = strmap_new();
	if (fp == NULL) {
		free(path);
		return h;
	}
	ir = invr_open(csvr_open(fp, path, 0), INV_REGISTER);
	while (invr_next(ir, &v)) {
		i = v.period - (period - (HIST_MONTHS - 1));
		if (i < 0 || v.period >= period)
			continue;
		if ((row = strmap_get(h->m, v.customer_id)) == NULL) {
			row = xcalloc(1, sizeof(*row));
			GROW(h->v, h->n, h->cap);
			h->v[h->n++] = row;
			strmap_put(h->m, v.customer_id, row);
		}
		if (madd(row->gross[i], v.gross, &row->gross[i]) != 0)
			csvr_die(invr_csv(ir), -1, "amount overflow");
		row->has[i] = 1;
	}
	invr_close(ir);
	free(path);
	return h;
}

const struct hist_row *
hist_get(const struct hist *h, const char *customer_id)
{
	return strmap_get(h->m, customer_id);
}

void
hist_free(struct hist *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
	strmap_free(h->m);
	free(h);
}
