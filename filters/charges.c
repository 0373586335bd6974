/*
 * charges: one-off charges, billed in arrears (rules.md §1, VZ 8.15, 7.10):
 * charges.csv in, an item for every charge dated before the run month out,
 * sorted by customer.  The ledger keeps those not billed before.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

struct charge {
	char *id, *customer_id, *description, *rule;
	int32_t date;
	int64_t amount, net, vat_rate;
	long qty;
	size_t seq;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -c terms.conf [-C customers.csv] "
	    "[charges.csv]\n", progname);
	exit(status);
}

static int
bycustomer(const void *a, const void *b)
{
	const struct charge *x = a, *y = b;
	int c = strcmp(x->customer_id, y->customer_id);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* fees of the terms are kind 'fee', any other work 'charge' */
static int
is_fee(const char *rule)
{
	static const char *const fees[] = { "VZ 8.11", "VZ 8.12", "VZ 8.28",
		"VZ 8.4", "VW 1.13.2" };
	size_t i;

	for (i = 0; i < NELEM(fees); i++)
		if (strcmp(rule, fees[i]) == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *cf = NULL, *in = "-";
	struct terms terms;
	struct customers cs;
	struct strmap *seen = strmap_new();
	struct csvr *r;
	struct csvw *out;
	struct charge *v = NULL, *c;
	struct item it;
	size_t n = 0, cap = 0, i;
	char key[KEY_MAX];
	void *dup;
	int64_t m;
	int ch, period = -1, cid, ccust, cdate, cdesc, camt, cqty, crule, cvat;

	prog_init(argc, argv, usage);
	while ((ch = getopt(argc, argv, "p:c:C:")) != -1) {
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
		default:
			usage(stderr, 2);
		}
	}
	if (argc - optind > 1 || period < 0 || termsf == NULL)
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	if (cf != NULL)
		customers_load(cf, &cs);

	r = csvr_openpath(in, 0);
	cid = csvr_need(r, "charge_id");
	ccust = csvr_need(r, "customer_id");
	cdate = csvr_need(r, "date");
	cdesc = csvr_need(r, "description");
	camt = csvr_need(r, "amount");
	cqty = csvr_col(r, "quantity");
	crule = csvr_col(r, "rule");
	cvat = csvr_col(r, "vat_rate");
	while (csvr_next(r)) {
		GROW(v, n, cap);
		c = &v[n];
		c->seq = n;
		c->id = xstrdup(fld_str(r, cid, 1));
		if ((dup = strmap_put(seen, c->id,
		    (void *)(uintptr_t)csvr_line(r))) != NULL)
			csvr_die(r, cid, "duplicate charge_id '%s': first on "
			    "line %ld", c->id, (long)(uintptr_t)dup);
		c->customer_id = xstrdup(fld_str(r, ccust, 1));
		if (cf != NULL && customer_find(&cs, c->customer_id) == NULL)
			csvr_die(r, ccust, "unknown customer '%s': expected a "
			    "customer_id of %s", c->customer_id, cf);
		c->date = fld_date(r, cdate, 1);
		c->description = xstrdup(fld_str(r, cdesc, 1));
		c->amount = fld_money(r, camt, MONEY_CENTS, 1, 0);
		c->qty = fld_int(r, cqty, 1, 1000000, 1);
		/* the unit price goes out in 0.00001 EUR units */
		if (mmul(c->amount, c->qty, &c->net) != 0 ||
		    mmul(c->net, MICRO_PER_CENT, &m) != 0)
			csvr_die(r, camt, "amount × quantity is out of range");
		c->rule = xstrdup(fld_str(r, crule, 0));
		c->vat_rate = fld_pct(r, cvat, terms.vat_rate);
		n++;
	}
	csvr_close(r);
	if (n > 0)
		qsort(v, n, sizeof(*v), bycustomer);

	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	for (i = 0; i < n; i++) {
		c = &v[i];
		/* in arrears: only what was done before the run month */
		if (c->date >= period_first(period) || c->net == 0)
			continue;
		memset(&it, 0, sizeof(it));
		it.customer_id = c->customer_id;
		it.key = keyf(key, sizeof(key), "C", c->id, NULL);
		it.scope = "";
		it.ref = c->id;
		it.description = c->description;
		it.from = it.to = c->date;
		it.quantity = c->qty;
		it.unit = "";
		it.unit_price = micro(c->amount);
		it.net = c->net;
		it.vat_rate = c->vat_rate;
		it.rule = *c->rule ? c->rule : art_charge(&terms);
		it.kind = is_fee(it.rule) ? "fee" : "charge";
		itemw_put(out, &it);
	}
	csvw_close(out);
	for (i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].customer_id);
		free(v[i].description);
		free(v[i].rule);
	}
	free(v);
	strmap_free(seen);
	if (cf != NULL)
		customers_free(&cs);
	terms_free(&terms);
	return 0;
}
