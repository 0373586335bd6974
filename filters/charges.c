/*
 * charges: one-off charges, billed in arrears (rules.md §1, VZ 8.15, 7.10):
 * charges.csv in, an item for every charge dated before the run month out,
 * sorted by customer.  The ledger keeps those not billed before.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

static const char synopsis[] =
    "-p YYYY-MM -c terms.conf [-C customers.csv] [-s STATEDIR] "
    "[charges.csv ...]";
static const char options[] =
    "  -p YYYY-MM       the run month: bill what is dated before it\n"
    "  -c terms.conf    the provider's terms profile\n"
    "  -C customers.csv check that every charge's customer is known\n"
    "  -s STATEDIR      bill too the fees dunning-run posted (fees.csv)\n"
    "  charges.csv      the one-off charges (default: stdin, unless -s)\n";

struct charge {
	char *id, *customer_id, *description, *rule;
	int32_t date;
	int64_t amount, net, vat_rate;
	int exempt;
	long qty;
	size_t seq;
};

static struct terms terms;
static struct charge *v;
static size_t nv;

static int
bycustomer(const void *a, const void *b)
{
	const struct charge *x = a, *y = b;
	int c = strcmp(x->customer_id, y->customer_id);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static struct strmap *seen;
static uintptr_t nfiles;

/* load: the charges of r (closed here), checked */
static void
load(struct csvr *r, const struct customers *cs)
{
	int cid = csvr_need(r, "charge_id"), ccust = csvr_need(r, "customer_id");
	int cdate = csvr_need(r, "date"), cdesc = csvr_need(r, "description");
	int camt = csvr_need(r, "amount"), cqty = csvr_col(r, "quantity");
	int crule = csvr_col(r, "rule"), cvat = csvr_col(r, "vat_rate");
	int ccat = csvr_col(r, "vat_category");
	/* what a charge may say of itself; AE and O are the customer's */
	static const char *const cats[] = { "S", "Z", "E", NULL };
	enum { CAT_S, CAT_Z, CAT_E };
	int cat;
	struct charge *c;
	size_t cap = 0;
	const char *other;
	void *dup;
	int64_t m;

	while (csvr_next(r)) {
		GROW(v, nv, cap);
		c = &v[nv];
		c->seq = nv;
		c->id = xstrdup(fld_id(r, cid, 1));
		if ((dup = strmap_put(seen, c->id, (void *)((uintptr_t)
		    csvr_line(r) | (uintptr_t)nfiles << 32))) != NULL &&
		    (uintptr_t)dup >> 32 != (uintptr_t)nfiles)
			csvr_die(r, cid, "charge_id '%s' is also on line %ld of "
			    "another file: expected each charge once", c->id,
			    (long)((uintptr_t)dup & 0xffffffff));
		if (dup != NULL)
			csvr_die(r, cid, "duplicate charge_id '%s': first on "
			    "line %ld%s", c->id, (long)(uintptr_t)dup & 0xffffffff,
			    (uintptr_t)dup >> 32 ? " of another file" : "");
		c->customer_id = xstrdup(fld_id(r, ccust, 1));
		if (cs != NULL && customer_find(cs, c->customer_id) == NULL)
			csvr_die(r, ccust, "unknown customer '%s': expected a "
			    "customer_id of %s", c->customer_id, cs->path);
		c->date = fld_date(r, cdate, 1);
		c->description = xstrdup(fld_str(r, cdesc, 1));
		c->amount = fld_money(r, camt, MONEY_CENTS, 1, 0);
		c->qty = fld_int(r, cqty, 1, 1000000, 1);
		/* the unit price goes out in 0.00001 EUR units */
		if (mmul(c->amount, c->qty, &c->net) != 0 ||
		    mmul(c->net, MICRO_PER_CENT, &m) != 0)
			csvr_die(r, camt, "amount × quantity is out of range");
		c->rule = xstrdup(fld_str(r, crule, 0));
		if ((other = article_foreign(&terms, c->rule)) != NULL)
			csvr_die(r, crule, "bad rule '%s': an article of %s's "
			    "terms: expected one of the provider's own (rules.md "
			    "§12)", c->rule, other);
		cat = fld_enum(r, ccat, cats, -1);
		/* an exempt or zero-rated charge is at 0 % unless it says */
		c->vat_rate = fld_pct(r, cvat, cat == CAT_E || cat == CAT_Z ? 0 :
		    terms.vat_rate);
		if ((cat == CAT_E || cat == CAT_Z) && c->vat_rate != 0)
			csvr_die(r, cvat, "bad vat_rate for vat_category %s: "
			    "expected 0", cats[cat]);
		if (cat == CAT_S && c->vat_rate == 0)
			csvr_die(r, cvat, "bad vat_rate 0 for vat_category S: "
			    "expected a rate above 0 (Z for a zero rate, E for "
			    "an exempt charge)");
		c->exempt = cat == CAT_E;
		nv++;
	}
	csvr_close(r);
	nfiles++;
}

static void
emit(struct csvw *out, const struct charge *c, struct sbuf *key)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.customer_id = c->customer_id;
	it.key = keyf(key, "C", c->id, NULL);
	it.scope = "";
	it.ref = c->id;
	it.description = c->description;
	it.from = it.to = c->date;
	it.quantity = c->qty;
	it.unit = "";
	it.unit_price = micro(c->amount);
	it.net = c->net;
	it.vat_rate = c->vat_rate;
	it.exempt = c->exempt;
	it.rule = *c->rule ? c->rule : article(&terms, ART_CHARGE);
	it.kind = article_is_fee(&terms, it.rule) ? "fee" : "charge";
	itemw_put(out, &it);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *cf = NULL, *in = "-", *statedir = NULL;
	char *path = NULL;
	FILE *fp;
	struct customers cs;
	struct csvw *out;
	struct sbuf key = { 0 };
	size_t i;
	int ch, period = -1;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "p:c:C:s:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 'c':
			termsf = optarg;
			break;
		case 'C':
			cf = optarg;
			break;
		case 's':
			statedir = optarg;
			break;
		}
	}
	if (period < 0 || termsf == NULL)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	if (cf != NULL)
		customers_load(cf, &terms, &cs);
	seen = strmap_new();
	if (optind == argc && statedir == NULL)
		load(csvr_openpath(in, 0), cf ? &cs : NULL);
	for (i = (size_t)optind; i < (size_t)argc; i++)
		load(csvr_openpath(argv[i], 0), cf ? &cs : NULL);
	/* the fees of the dunning runs, billed once each: the ledger drops
	 * those billed before (their key is their charge_id) */
	if (statedir != NULL && (fp = state_open(statedir, "fees.csv",
	    &path)) != NULL)
		load(csvr_open(fp, path, 0), cf ? &cs : NULL);
	if (statedir != NULL)
		free(path);
	strmap_free(seen);
	if (nv > 0)
		qsort(v, nv, sizeof(*v), bycustomer);

	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	for (i = 0; i < nv; i++)
		/* in arrears: only what was done before the run month */
		if (v[i].date < period_first(period) && v[i].net != 0)
			emit(out, &v[i], &key);
	csvw_close(out);

	for (i = 0; i < nv; i++) {
		free(v[i].id);
		free(v[i].customer_id);
		free(v[i].description);
		free(v[i].rule);
	}
	free(v);
	sb_free(&key);
	if (cf != NULL)
		customers_free(&cs);
	terms_free(&terms);
	return 0;
}
