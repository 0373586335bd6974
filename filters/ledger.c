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

#include "csvio.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "util.h"

/* what was billed under one key, summed over its rows */
struct billed {
	char *key, *scope, *kind, *ref, *description, *rule, *invoices;
	int32_t from, to;
	int64_t net, vat_rate;
	int seen;		/* the stream owes it still */
};

static int period;
static struct csvw *out;

/* the billed.csv reader, one row ahead */
static struct csvr *br;
static int bc[13];
static int bhave;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -s STATEDIR\n", progname);
	exit(status);
}

static void
bnext(void)
{
	bhave = br != NULL && csvr_next(br);
}

/*
 * load: the billed rows of customer cid, of runs before the period, into
 * map (key -> struct billed).  Returns the number of rows of the customer.
 */
static size_t
load(const char *cid, struct strmap *map, struct billed **v, size_t *nv,
    size_t *cap)
{
	struct billed *b;
	const char *key;
	static char *prev;
	uintptr_t i;
	size_t rows = 0;
	int c, p;

	for (; bhave; bnext()) {
		if (prev != NULL && strcmp(csvr_get(br, bc[0]), prev) < 0)
			csvr_die(br, bc[0], "customer '%s' after '%s': expected "
			    "rows sorted by customer_id", csvr_get(br, bc[0]),
			    prev);
		free(prev);
		prev = xstrdup(csvr_get(br, bc[0]));
		c = strcmp(csvr_get(br, bc[0]), cid);
		if (c > 0)
			break;
		if (c < 0)
			continue;
		if (period_parse(fld_str(br, bc[11], 1), &p) != 0)
			csvr_die(br, bc[11], "bad period '%s': expected YYYY-MM",
			    csvr_get(br, bc[11]));
		if (p >= period)
			continue;	/* a later run: a rerun ignores it */
		rows++;
		key = fld_str(br, bc[1], 1);
		if ((i = (uintptr_t)strmap_get(map, key)) == 0) {
			GROW(*v, *nv, *cap);
			b = &(*v)[(*nv)++];
			memset(b, 0, sizeof(*b));
			b->key = xstrdup(key);
			b->scope = xstrdup(csvr_get(br, bc[2]));
			b->kind = xstrdup(csvr_get(br, bc[3]));
			b->ref = xstrdup(csvr_get(br, bc[4]));
			b->description = xstrdup(csvr_get(br, bc[5]));
			b->from = fld_date(br, bc[6], 0);
			b->to = fld_date(br, bc[7], 0);
			b->vat_rate = fld_money(br, bc[9], MONEY_CENTS, 0, 0);
			b->rule = xstrdup(csvr_get(br, bc[10]));
			b->invoices = xstrdup(csvr_get(br, bc[12]));
			strmap_put(map, key, (void *)(uintptr_t)*nv);
		} else {
			b = &(*v)[i - 1];
			/* name every invoice that billed or corrected it */
			if (strstr(b->invoices, csvr_get(br, bc[12])) == NULL) {
				size_t n = strlen(b->invoices) +
				    strlen(csvr_get(br, bc[12])) + 3;
				char *s = xmalloc(n);

				snprintf(s, n, "%s, %s", b->invoices,
				    csvr_get(br, bc[12]));
				free(b->invoices);
				b->invoices = s;
			}
		}
		if (madd(b->net, fld_money(br, bc[8], MONEY_CENTS, 1, 0),
		    &b->net) != 0)
			csvr_die(br, bc[8], "amount overflow summing key '%s'",
			    key);
	}
	return rows;
}

static void
correction(const struct item *src, const char *scope, int64_t net,
    const struct billed *b, int history)
{
	struct item it = *src;
	char desc[1024], amt[MONEY_BUFSZ];

	snprintf(desc, sizeof(desc), "Correctie: %s (eerder gefactureerd %s "
	    "op %s)", src->description, money_fmt(b->net, MONEY_CENTS, amt),
	    b->invoices);
	it.scope = scope;
	it.kind = "correction";
	it.description = desc;
	it.quantity = 1;
	it.unit = "";
	it.unit_price = micro(net);
	it.net = net;
	it.history = history;
	itemw_put(out, &it);
}

static void
one(struct group *g)
{
	struct strmap *map = strmap_new(), *scopes = strmap_new();
	struct billed *v = NULL, *b;
	struct item it;
	size_t nv = 0, cap = 0, i;
	uintptr_t k;
	int history = 0;

	history = load(g->v[0].customer_id, map, &v, &nv, &cap) > 0;
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
		if ((k = (uintptr_t)strmap_get(map, it.key)) == 0) {
			itemw_put(out, &it);
			continue;
		}
		b = &v[k - 1];
		b->seen = 1;
		if (b->net != it.net)
			correction(&it, it.scope, it.net - b->net, b, history);
	}
	/* billed, in a scope the stream holds, and no longer owed */
	for (i = 0; i < nv; i++) {
		b = &v[i];
		if (b->seen || b->net == 0 || *b->scope == '\0' ||
		    strmap_get(scopes, b->scope) == NULL)
			continue;
		memset(&it, 0, sizeof(it));
		it.customer_id = g->v[0].customer_id;
		it.key = b->key;
		it.ref = b->ref;
		it.description = b->description;
		it.from = b->from;
		it.to = b->to;
		it.vat_rate = b->vat_rate;
		it.rule = b->rule;
		correction(&it, b->scope, -b->net, b, history);
	}
	for (i = 0; i < nv; i++) {
		free(v[i].key);
		free(v[i].scope);
		free(v[i].kind);
		free(v[i].ref);
		free(v[i].description);
		free(v[i].rule);
		free(v[i].invoices);
	}
	free(v);
	strmap_free(map);
	strmap_free(scopes);
}

int
main(int argc, char *argv[])
{
	const char *statedir = NULL;
	char *bpath;
	struct itemr *ir;
	struct group g = { 0 };
	FILE *fp;
	int ch, i;

	prog_init(argc, argv, usage);
	period = -1;
	while ((ch = getopt(argc, argv, "p:s:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 's':
			statedir = optarg;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc || period < 0 || statedir == NULL)
		usage(stderr, 2);
	if ((fp = state_open(statedir, "billed.csv", &bpath)) != NULL) {
		br = csvr_open(fp, bpath, 0);
		for (i = 0; billed_cols[i] != NULL; i++)
			bc[i] = csvr_need(br, billed_cols[i]);
		bnext();
	}
	ir = itemr_open(csvr_open(stdin, "<stdin>", 0));
	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	while (group_next(ir, &g))
		one(&g);
	csvw_close(out);
	itemr_close(ir);
	group_free(&g);
	csvr_close(br);
	free(bpath);
	return 0;
}
