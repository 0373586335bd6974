/*
 * ledger: keep what no earlier invoice covered (rules.md §1).  Items owed
 * in, items to bill out: an item already billed for the same amount is
 * dropped, one billed for another amount becomes a correction of the
 * difference, and an item billed before whose scope (contract) is in the
 * stream but which is no longer owed is reversed.  Reads the state's
 * billed.csv, as it stood before the run's period, and writes nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "billed.h"
#include "csvio.h"
#include "date.h"
#include "item.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "util.h"

static const char synopsis[] = "-p YYYY-MM -s STATEDIR";
static const char options[] =
    "  -p YYYY-MM   the run month: billed rows of it and later are ignored\n"
    "  -s STATEDIR  the state folder (an empty one is a fresh state)\n"
    "Items owed on stdin, the items to bill on stdout.\n";

/* what was billed under one key, summed over its rows */
struct was {
	char *key, *scope, *ref, *description, *rule;
	struct sbuf invoices;	/* every invoice that billed or corrected it */
	int32_t from, to;
	int64_t net, vat_rate;
	int seen;		/* the stream owes it still */
};

struct wases {
	struct strmap *bykey;	/* index + 1 */
	struct was *v;
	size_t n, cap;
};

static int period;
static struct csvw *out;

/* the billed.csv reader, one row ahead */
static struct billedr *br;
static struct billed brow;
static int bhave;
static char *bprev;

static void
bnext(void)
{
	bhave = br != NULL && billedr_next(br, &brow);
	if (!bhave)
		return;
	if (bprev != NULL && strcmp(brow.customer_id, bprev) < 0)
		csvr_die(billedr_csv(br), 0, "customer '%s' after '%s': "
		    "expected rows sorted by customer_id", brow.customer_id,
		    bprev);
	free(bprev);
	bprev = xstrdup(brow.customer_id);
}

static void
add_row(struct wases *ws, const struct billed *b)
{
	struct was *w;
	uintptr_t i = (uintptr_t)strmap_get(ws->bykey, b->key);

	if (i == 0) {
		GROW(ws->v, ws->n, ws->cap);
		w = &ws->v[ws->n++];
		memset(w, 0, sizeof(*w));
		w->key = xstrdup(b->key);
		w->scope = xstrdup(b->scope);
		w->ref = xstrdup(b->ref);
		w->description = xstrdup(b->description);
		w->rule = xstrdup(b->rule);
		w->from = b->from;
		w->to = b->to;
		w->vat_rate = b->vat_rate;
		sb_add(&w->invoices, b->invoice_no);
		strmap_put(ws->bykey, b->key, (void *)(uintptr_t)ws->n);
	} else {
		w = &ws->v[i - 1];
		if (strstr(sb_str(&w->invoices), b->invoice_no) == NULL) {
			sb_add(&w->invoices, ", ");
			sb_add(&w->invoices, b->invoice_no);
		}
	}
	if (madd(w->net, b->net, &w->net) != 0)
		csvr_die(billedr_csv(br), -1, "amount overflow summing key "
		    "'%s'", b->key);
}

/* load: the billed rows of customer cid, of runs before the period;
 * returns the number of them */
static size_t
load(const char *cid, struct wases *ws)
{
	size_t rows = 0;
	int c;

	for (; bhave; bnext()) {
		c = strcmp(brow.customer_id, cid);
		if (c > 0)
			break;
		if (c < 0 || brow.period >= period)
			continue;	/* a later run: a rerun ignores it */
		rows++;
		add_row(ws, &brow);
	}
	return rows;
}

/* correction: the difference net of what w billed, dated and cited as the
 * line it corrects (rules.md §1, §12) */
static void
correction(const struct item *src, const char *scope, int64_t net,
    const struct was *w, int history)
{
	struct item it = *src;
	struct sbuf desc = { 0 };
	char amt[MONEY_BUFSZ];

	sb_addf(&desc, "Correctie: %s (eerder gefactureerd %s op %s)",
	    src->description, money_fmt(w->net, MONEY_CENTS, amt),
	    sb_str(&w->invoices));
	it.scope = scope;
	it.kind = "correction";
	it.description = sb_str(&desc);
	it.quantity = 1;
	it.unit = "";
	it.unit_price = micro(net);
	it.net = net;
	it.history = history;
	itemw_put(out, &it);
	sb_free(&desc);
}

/* reverse: what w billed, in a scope the stream holds and no longer owed */
static void
reverse(const char *customer, const struct was *w, int history)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.customer_id = customer;
	it.key = w->key;
	it.kind = "correction";
	it.ref = w->ref;
	it.description = w->description;
	it.from = w->from;
	it.to = w->to;
	it.unit = "";
	it.vat_rate = w->vat_rate;
	it.rule = w->rule;
	correction(&it, w->scope, -w->net, w, history);
}

static void
one(struct group *g)
{
	struct wases ws = { 0 };
	struct strmap *scopes = strmap_new();
	struct item it;
	struct was *w;
	size_t i;
	uintptr_t k;
	int history;

	ws.bykey = strmap_new();
	history = load(g->v[0].customer_id, &ws) > 0;
	for (i = 0; i < g->n; i++) {
		history |= g->v[i].history;
		if (*g->v[i].scope)
			strmap_put(scopes, g->v[i].scope, (void *)1);
	}
	for (i = 0; i < g->n; i++) {
		it = g->v[i];
		it.history = history;
		if (item_is(&it, "scope"))
			continue;
		if (item_is(&it, "usage")) {
			/* exactly once per CDR, upstream */
			itemw_put(out, &it);
			continue;
		}
		if ((k = (uintptr_t)strmap_get(ws.bykey, it.key)) == 0) {
			itemw_put(out, &it);
			continue;
		}
		w = &ws.v[k - 1];
		w->seen = 1;
		if (w->net != it.net)
			correction(&it, it.scope, it.net - w->net, w, history);
	}
	for (i = 0; i < ws.n; i++) {
		w = &ws.v[i];
		if (!w->seen && w->net != 0 && *w->scope != '\0' &&
		    strmap_get(scopes, w->scope) != NULL)
			reverse(g->v[0].customer_id, w, history);
	}
	for (i = 0; i < ws.n; i++) {
		free(ws.v[i].key);
		free(ws.v[i].scope);
		free(ws.v[i].ref);
		free(ws.v[i].description);
		free(ws.v[i].rule);
		sb_free(&ws.v[i].invoices);
	}
	free(ws.v);
	strmap_free(ws.bykey);
	strmap_free(scopes);
}

static void
open_billed(const char *statedir)
{
	char *path;
	FILE *fp = state_open(statedir, "billed.csv", &path);

	if (fp != NULL) {
		br = billedr_open(csvr_open(fp, path, 0));
		bnext();
	}
	free(path);
}

int
main(int argc, char *argv[])
{
	const char *statedir = NULL;
	struct itemr *ir;
	struct group g = { 0 };
	int ch;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:s:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 's':
			statedir = optarg;
			break;
		}
	}
	if (optind != argc || period < 0 || statedir == NULL)
		usage(stderr, 2);
	open_billed(statedir);
	ir = itemr_open(csvr_open(stdin, "<stdin>", 0));
	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	while (group_next(ir, &g))
		one(&g);
	csvw_close(out);

	itemr_close(ir);
	group_free(&g);
	billedr_close(br);
	free(bprev);
	return 0;
}
