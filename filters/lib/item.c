/* item: reading and writing the item stream. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "item.h"
#include "money.h"
#include "util.h"

enum { C_CUST, C_KEY, C_SCOPE, C_KIND, C_REF, C_DESC, C_FROM, C_TO, C_QTY,
	C_UNIT, C_PRICE, C_NET, C_VAT, C_RULE, C_HIST, C_CAT, C_N };

static const char *const cols[] = { "customer_id", "key", "scope", "kind",
	"ref", "description", "from", "to", "quantity", "unit", "unit_price",
	"net", "vat_rate", "rule", "history", "vat_category", NULL };

/* the vat_category column: E, or empty */
static const char *const exempt[] = { "E", NULL };

struct itemr {
	struct csvr *r;
	int c[C_N];
};

struct itemr *
itemr_open(struct csvr *r)
{
	struct itemr *ir = xcalloc(1, sizeof(*ir));
	int i;

	ir->r = r;
	for (i = 0; i < C_CAT; i++)
		ir->c[i] = csvr_need(r, cols[i]);
	ir->c[C_CAT] = csvr_col(r, cols[C_CAT]);
	return ir;
}

int
itemr_next(struct itemr *ir, struct item *it)
{
	struct csvr *r = ir->r;
	const int *c = ir->c;

	if (!csvr_next(r))
		return 0;
	it->customer_id = fld_str(r, c[C_CUST], 1);
	it->key = fld_str(r, c[C_KEY], 0);
	it->scope = fld_str(r, c[C_SCOPE], 0);
	it->kind = fld_str(r, c[C_KIND], 1);
	it->ref = fld_str(r, c[C_REF], 0);
	it->description = fld_str(r, c[C_DESC], 0);
	it->from = fld_date(r, c[C_FROM], 0);
	it->to = fld_date(r, c[C_TO], 0);
	it->quantity = fld_money(r, c[C_QTY], 0, 0, 0);
	it->unit = fld_str(r, c[C_UNIT], 0);
	it->unit_price = fld_money(r, c[C_PRICE], MONEY_MICRO, 0, 0);
	it->net = fld_money(r, c[C_NET], MONEY_CENTS, 0, 0);
	it->vat_rate = fld_money(r, c[C_VAT], MONEY_CENTS, 0, 0);
	it->rule = fld_str(r, c[C_RULE], 0);
	it->history = fld_yesno(r, c[C_HIST], 0);
	it->exempt = fld_enum(r, c[C_CAT], exempt, -1) == 0;
	if (*it->key == '\0' && !item_is(it, "scope"))
		csvr_die(r, c[C_KEY], "missing key: expected one on a %s item",
		    it->kind);
	return 1;
}

struct csvr *
itemr_csv(struct itemr *ir)
{
	return ir->r;
}

void
itemr_close(struct itemr *ir)
{
	csvr_close(ir->r);
	free(ir);
}

void
itemw_header(struct csvw *w)
{
	csvw_header(w, cols);
}

void
itemw_put(struct csvw *w, const struct item *it)
{
	char buf[MONEY_BUFSZ];

	csvw_str(w, it->customer_id);
	csvw_str(w, it->key);
	csvw_str(w, it->scope);
	csvw_str(w, it->kind);
	csvw_str(w, it->ref);
	csvw_str(w, it->description);
	csvw_date(w, it->from);
	csvw_date(w, it->to);
	csvw_int(w, it->quantity);
	csvw_str(w, it->unit);
	csvw_amount(w, it->unit_price, MONEY_MICRO, 2);
	csvw_money(w, it->net, MONEY_CENTS);
	csvw_str(w, money_fmt_trim(it->vat_rate, MONEY_CENTS, 0, buf));
	csvw_str(w, it->rule);
	csvw_yesno(w, it->history);
	csvw_str(w, it->exempt ? "E" : "");
	csvw_end(w);
}

void
item_dup(struct item *d, const struct item *s)
{
	*d = *s;
	d->customer_id = xstrdup(s->customer_id);
	d->key = xstrdup(s->key);
	d->scope = xstrdup(s->scope);
	d->kind = xstrdup(s->kind);
	d->ref = xstrdup(s->ref);
	d->description = xstrdup(s->description);
	d->unit = xstrdup(s->unit);
	d->rule = xstrdup(s->rule);
}

void
item_release(struct item *it)
{
	free((char *)it->customer_id);
	free((char *)it->key);
	free((char *)it->scope);
	free((char *)it->kind);
	free((char *)it->ref);
	free((char *)it->description);
	free((char *)it->unit);
	free((char *)it->rule);
}

int
item_is(const struct item *it, const char *kind)
{
	return strcmp(it->kind, kind) == 0;
}

const char *
keyf(struct sbuf *b, ...)
{
	va_list ap;
	const char *p, *q;
	int first = 1;

	sb_reset(b);
	va_start(ap, b);
	while ((p = va_arg(ap, const char *)) != NULL) {
		if (!first)
			sb_add(b, "/");
		first = 0;
		while ((q = strpbrk(p, "/%")) != NULL) {
			sb_addn(b, p, (size_t)(q - p));
			sb_add(b, *q == '/' ? "%2F" : "%25");
			p = q + 1;
		}
		sb_add(b, p);
	}
	va_end(ap);
	return sb_str(b);
}

static void
group_clear(struct group *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		item_release(&g->v[i]);
	g->n = 0;
}

int
group_next(struct itemr *ir, struct group *g)
{
	struct item it;

	group_clear(g);
	if (!g->started) {
		g->started = 1;
		if (itemr_next(ir, &it)) {
			item_dup(&g->next, &it);
			g->next_line = csvr_line(ir->r);
			g->has_next = 1;
		}
	}
	if (!g->has_next)
		return 0;
	if (g->prev != NULL && strcmp(g->next.customer_id, g->prev) <= 0)
		csvr_die(ir->r, ir->c[C_CUST], "customer '%s' after '%s': "
		    "expected items sorted by customer_id", g->next.customer_id,
		    g->prev);
	free(g->prev);
	g->prev = xstrdup(g->next.customer_id);
	GROW(g->v, g->n, g->cap);
	g->v[g->n++] = g->next;
	g->line = g->next_line;
	g->has_next = 0;
	while (itemr_next(ir, &it)) {
		if (strcmp(it.customer_id, g->prev) != 0) {
			item_dup(&g->next, &it);
			g->next_line = csvr_line(ir->r);
			g->has_next = 1;
			break;
		}
		GROW(g->v, g->n, g->cap);
		item_dup(&g->v[g->n++], &it);
	}
	return 1;
}

void
group_free(struct group *g)
{
	group_clear(g);
	if (g->has_next)
		item_release(&g->next);
	free(g->v);
	free(g->prev);
	memset(g, 0, sizeof(*g));
}
