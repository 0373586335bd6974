/*
 * discount: put the discounts of discounts.csv under the lines they reduce
 * (rules.md §6, VZ 4.3 and 7.11).  Items in, the same items with discount
 * items inserted out.  A discount lapses at the earliest of valid_until,
 * months after valid_from and the end of the contract term; on a part month
 * it is pro-rated like the fee; it never makes a line negative.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "contract.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

struct discount {
	char *id, *contract_id, *customer_id, *description;
	int usage;		/* applies_to usage */
	int is_pct;
	int64_t pct, amount;	/* hundredths of a percent; cents */
	int32_t valid_from, valid_until;
	int months;		/* 0: no limit */
	int once;
	long line;
	size_t next;		/* index + 1 of the next discount on the same
				 * contract (or customer), in file order */
};

static struct terms terms;
static struct contracts ks;
static struct discount *ds;
static size_t nds;
static struct strmap *bycontract, *bycustomer;	/* first index + 1 */
static int period;
static struct csvw *out;
static struct sbuf key;

static const char synopsis[] =
    "-p YYYY-MM -c terms.conf -k contracts.csv [-C customers.csv] "
    "[-t discounts.csv]";
static const char options[] =
    "  -p YYYY-MM        the run month\n"
    "  -c terms.conf     the provider's terms profile\n"
    "  -k contracts.csv  the contracts the discounts are on\n"
    "  -C customers.csv  check that every customer is known\n"
    "  -t discounts.csv  the discounts (none: the items pass unchanged)\n"
    "Items on stdin, the items with their discounts on stdout.\n";

/* chain the discounts of each contract, and the customer-wide ones of
 * each customer, in file order */
static void
index_discounts(void)
{
	struct strmap *m;
	const char *id;
	size_t i;

	bycontract = strmap_new();
	bycustomer = strmap_new();
	for (i = nds; i-- > 0;) {
		m = *ds[i].contract_id ? bycontract : bycustomer;
		id = *ds[i].contract_id ? ds[i].contract_id : ds[i].customer_id;
		ds[i].next = (uintptr_t)strmap_get(m, id);
		strmap_set(m, id, (void *)(uintptr_t)(i + 1));
	}
}

static void
load(const char *path, const struct customers *cs)
{
	static const char *const applies[] = { "subscription", "usage", NULL };
	struct csvr *r = csvr_openpath(path, 0);
	int cid = csvr_need(r, "discount_id"), ck = csvr_col(r, "contract_id");
	int cc = csvr_col(r, "customer_id"), ca = csvr_col(r, "applies_to");
	int cp = csvr_col(r, "percent"), cam = csvr_col(r, "amount");
	int cvf = csvr_col(r, "valid_from"), cvu = csvr_col(r, "valid_until");
	int cm = csvr_col(r, "months"), co = csvr_col(r, "once");
	int cd = csvr_col(r, "description");
	struct strmap *seen = strmap_new();
	size_t cap = 0;
	struct discount *d;
	const struct contract *k;
	void *dup;

	if (ck < 0 && cc < 0)
		die("%s:1:%d: missing column 'contract_id' or 'customer_id': "
		    "expected one of them in the header", path,
		    csvr_ncols(r) + 1);
	if (cp < 0 && cam < 0)
		die("%s:1:%d: missing column 'percent' or 'amount': expected "
		    "one of them in the header", path, csvr_ncols(r) + 1);
	while (csvr_next(r)) {
		GROW(ds, nds, cap);
		d = &ds[nds];
		memset(d, 0, sizeof(*d));
		d->line = csvr_line(r);
		d->id = xstrdup(fld_id(r, cid, 1));
		if ((dup = strmap_put(seen, d->id,
		    (void *)(uintptr_t)d->line)) != NULL)
			csvr_die(r, cid, "duplicate discount_id '%s': first on "
			    "line %ld", d->id, (long)(uintptr_t)dup);
		d->contract_id = xstrdup(fld_id(r, ck, 0));
		d->customer_id = xstrdup(fld_id(r, cc, 0));
		if (*d->contract_id == '\0' && *d->customer_id == '\0')
			csvr_die(r, ck >= 0 ? ck : cc, "missing contract_id or "
			    "customer_id: expected what the discount is on");
		if (*d->contract_id != '\0') {
			k = contract_find(&ks, d->contract_id);
			if (k == NULL)
				csvr_die(r, ck, "unknown contract '%s': "
				    "expected a contract_id of contracts.csv",
				    d->contract_id);
			if (*d->customer_id != '\0' &&
			    strcmp(d->customer_id, k->customer_id) != 0)
				csvr_die(r, cc, "bad customer_id '%s': contract"
				    " '%s' is of customer '%s'", d->customer_id,
				    k->id, k->customer_id);
			free(d->customer_id);
			d->customer_id = xstrdup(k->customer_id);
		} else if (cs != NULL && customer_find(cs, d->customer_id) ==
		    NULL) {
			csvr_die(r, cc, "unknown customer '%s': expected a "
			    "customer_id of customers.csv", d->customer_id);
		}
		d->usage = fld_enum(r, ca, applies, 0);
		if (d->usage && *d->contract_id != '\0')
			csvr_die(r, ca, "bad applies_to 'usage': a usage "
			    "discount is on a customer_id, not a contract");
		if (*csvr_get(r, cp) != '\0' && *csvr_get(r, cam) != '\0')
			csvr_die(r, cam, "both percent and amount: expected "
			    "one of them");
		if (*csvr_get(r, cp) == '\0' && *csvr_get(r, cam) == '\0')
			csvr_die(r, cp >= 0 ? cp : cam, "missing percent or "
			    "amount: expected one of them");
		d->is_pct = *csvr_get(r, cp) != '\0';
		d->pct = fld_pct(r, cp, 0);
		d->amount = fld_money(r, cam, MONEY_CENTS, 0, 0);
		if (d->amount < 0)
			csvr_die(r, cam, "bad amount '%s': expected the amount "
			    "off, >= 0", csvr_get(r, cam));
		d->valid_from = fld_date(r, cvf, 0);
		d->valid_until = fld_date(r, cvu, 0);
		if (d->valid_from != DATE_NONE && d->valid_until != DATE_NONE &&
		    d->valid_until < d->valid_from)
			csvr_die(r, cvu, "bad valid_until '%s': expected a day "
			    "on or after valid_from", csvr_get(r, cvu));
		d->months = (int)fld_int(r, cm, 1, 1200, 0);
		d->once = fld_yesno(r, co, 0);
		d->description = xstrdup(fld_str(r, cd, 0));
		nds++;
	}
	csvr_close(r);
	strmap_free(seen);
	index_discounts();
}

/*
 * validity: the days discount d is valid for contract k (k may be NULL
 * for a usage discount): from valid_from (default the contract start) to
 * the earliest of valid_until, the end of 'months' and the end of the term
 * (VZ 4.3).  Returns 0 when it is never valid.
 */
static int
validity(const struct discount *d, const struct contract *k, int32_t *a,
    int32_t *b)
{
	*a = d->valid_from != DATE_NONE ? d->valid_from :
	    k != NULL ? k->start : INT32_MIN + 1;
	*b = d->valid_until != DATE_NONE ? d->valid_until : INT32_MAX;
	if (d->months > 0 && *a > INT32_MIN + 1 && maand_end(*a, d->months) < *b)
		*b = maand_end(*a, d->months);
	if (k != NULL && k->term_end != DATE_NONE && k->term_end < *b)
		*b = k->term_end;
	return *a <= *b;
}

/*
 * emit: discount d off the line base, for its days a..b: quantity 1, unit
 * price the monthly discount up (0.00001 EUR), net off (cents, > 0).
 * A part month reads net = round(unit price × days / N) (rules.md §8).
 */
static void
emit(const struct item *base, const struct discount *d, const char *k,
    int32_t a, int32_t b, int64_t up, int64_t off)
{
	struct item it = *base;
	char pct[MONEY_BUFSZ], unit[40];

	it.key = k;
	it.kind = "discount";
	it.ref = d->id;
	it.description = *d->description ? d->description : "Korting";
	it.from = a;
	it.to = b;
	it.quantity = 1;
	if (d->is_pct) {
		snprintf(unit, sizeof(unit), "%s%%", money_fmt_trim(d->pct,
		    MONEY_CENTS, 0, pct));
		it.unit = unit;
	} else {
		it.unit = "";
	}
	it.unit_price = -up;
	it.net = -off;
	it.rule = article(&terms, ART_DISCOUNT);
	itemw_put(out, &it);
}

/* days_net: a monthly amount up (0.00001 EUR) over a..b, in cents, as
 * the fee it reduces (rules.md §2, §6) */
static int64_t
days_net(int64_t up, int32_t a, int32_t b)
{
	int whole;

	return prorate_div(up, a, b, terms.prorate_days, MICRO_PER_CENT, &whole);
}

/*
 * monthly_off: what d takes off a month of a line of monthly amount m
 * (cents), as a unit price in 0.00001 EUR: the percentage of it, or the
 * fixed amount but never more than the fee it reduces (rules.md §6).
 */
static int64_t
monthly_off(const struct discount *d, int64_t monthly)
{
	int64_t v;

	if (d->is_pct) {
		if (pct_of(micro(monthly), d->pct, &v) != 0)
			die("discount '%s': amount out of range", d->id);
		return v;
	}
	return micro(d->amount < monthly ? d->amount : monthly);
}

/* capped: a unit price that gives net off over a..b, for a discount cut
 * to what is left of its line: in whole cents where one does, else to
 * 0.00001 EUR */
static int64_t
capped(int64_t off, int32_t a, int32_t b)
{
	int whole, n = terms.prorate_days, days = days_counted(a, b, n, &whole);
	int64_t up, c, d;

	if (days == n)
		return micro(off);
	if (muldiv(off, n, days, &c) != 0 || muldiv(micro(off), n, days,
	    &up) != 0)
		die("discount amount out of range");
	for (d = 0; d <= 1; d++) {
		if (days_net(micro(c - d), a, b) == off)
			return micro(c - d);
		if (days_net(micro(c + d), a, b) == off)
			return micro(c + d);
	}
	while (days_net(up, a, b) > off)
		up--;
	while (days_net(up, a, b) < off)
		up++;
	return up;
}

/* first_line: is it the earliest subscription line of its contract
 * inside the validity a..b in this group? */
static int
first_line(const struct group *g, size_t at, int32_t a, int32_t b)
{
	size_t i;

	for (i = 0; i < at; i++)
		if (item_is(&g->v[i], "subscription") &&
		    strcmp(g->v[i].ref, g->v[at].ref) == 0 &&
		    g->v[i].to >= a && g->v[i].from <= b)
			return 0;
	return 1;
}

static void
on_line(const struct group *g, size_t at)
{
	const struct item *it = &g->v[at];
	const struct contract *kk = contract_find(&ks, it->ref);
	const struct discount *d;
	int64_t left = it->net, off, up;
	int32_t a, b, ca, cb;
	const char *k;
	size_t x, y;

	if (kk == NULL || it->from == DATE_NONE)
		return;
	x = (uintptr_t)strmap_get(bycontract, kk->id);
	y = (uintptr_t)strmap_get(bycustomer, kk->customer_id);
	/* the contract's and the customer's discounts, in file order */
	while ((x || y) && left > 0) {
		if (x && (!y || x < y)) {
			d = &ds[x - 1];
			x = d->next;
		} else {
			d = &ds[y - 1];
			y = d->next;
		}
		if (d->usage)
			continue;
		if (!validity(d, kk, &a, &b))
			continue;
		ca = it->from > a ? it->from : a;
		cb = it->to < b ? it->to : b;
		if (ca > cb)
			continue;
		if (d->once) {
			if (!first_line(g, at, a, b))
				continue;
			/* once: the whole amount, or the percentage of the
			 * line, on the first line that bills the contract */
			if (d->is_pct && pct_of(it->net, d->pct, &off))
				die("discount '%s': amount out of range", d->id);
			if (!d->is_pct)
				off = d->amount;
			if (off > left)
				off = left;
			up = micro(off);
			if (*d->contract_id)
				k = keyf(&key, "DO", d->id, NULL);
			else	/* a customer's: once per contract */
				k = keyf(&key, "DO", d->id, kk->id, NULL);
		} else {
			up = monthly_off(d, kk->monthly);
			off = days_net(up, ca, cb);
			if (off > left) {
				off = left;	/* never below zero (§6) */
				up = capped(off, ca, cb);
			}
			k = keyf(&key, "D", d->id, it->key, NULL);
		}
		if (off > 0)
			emit(it, d, k, ca, cb, up, off);
		left -= off;
	}
}

/* usage discounts, per VAT rate of the usage, after the usage lines */
static void
on_usage(const struct group *g, size_t last)
{
	const struct discount *d;
	struct item base = g->v[last];
	const char *k;
	char ym[8];
	int32_t a, b, ua = period_first(period - 1), ub = period_last(period - 1);
	int64_t total, off;
	size_t x, j;

	for (x = (uintptr_t)strmap_get(bycustomer, base.customer_id); x;
	    x = d->next) {
		d = &ds[x - 1];
		if (!d->usage || !validity(d, NULL, &a, &b) || a > ub ||
		    b < ua)
			continue;
		total = 0;
		for (j = 0; j <= last; j++)
			if (item_is(&g->v[j], "usage") &&
			    g->v[j].vat_rate == base.vat_rate)
				total += g->v[j].net;
		if (d->is_pct) {
			if (pct_of(total, d->pct, &off) != 0)
				die("discount '%s': amount out of range", d->id);
		} else {
			off = d->amount;
		}
		if (off > total)
			off = total;
		if (off <= 0)
			continue;
		if (d->once)
			k = keyf(&key, "DO", d->id, "", NULL);
		else
			k = keyf(&key, "DU", d->id, period_fmt(period - 1, ym),
			    NULL);
		base.scope = "";
		emit(&base, d, k, ua, ub, micro(off), off);
	}
}

/* customer: a customer's items, each discount directly under the line it
 * reduces, the usage discounts under the last usage line */
static void
customer(const struct group *g)
{
	size_t i, lastusage = g->n;

	for (i = 0; i < g->n; i++)
		if (item_is(&g->v[i], "usage"))
			lastusage = i;
	for (i = 0; i < g->n; i++) {
		itemw_put(out, &g->v[i]);
		if (item_is(&g->v[i], "subscription"))
			on_line(g, i);
		if (i == lastusage)
			on_usage(g, lastusage);
	}
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *kf = NULL, *cf = NULL, *tf = NULL;
	struct customers cs;
	struct itemr *ir;
	struct group g = { 0 };
	size_t i;
	int ch;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:c:k:C:t:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 'c':
			termsf = optarg;
			break;
		case 'k':
			kf = optarg;
			break;
		case 'C':
			cf = optarg;
			break;
		case 't':
			tf = optarg;
			break;
		}
	}
	if (optind != argc || period < 0 || termsf == NULL || kf == NULL)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	if (cf != NULL)
		customers_load(cf, &terms, &cs);
	contracts_load(kf, &terms, cf ? &cs : NULL, NULL, &ks);
	if (tf != NULL)
		load(tf, cf ? &cs : NULL);
	else
		index_discounts();

	ir = itemr_open(csvr_open(stdin, "<stdin>", 0));
	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	while (group_next(ir, &g))
		customer(&g);
	csvw_close(out);
	itemr_close(ir);
	group_free(&g);
	for (i = 0; i < nds; i++) {
		free(ds[i].id);
		free(ds[i].contract_id);
		free(ds[i].customer_id);
		free(ds[i].description);
	}
	free(ds);
	sb_free(&key);
	strmap_free(bycontract);
	strmap_free(bycustomer);
	contracts_free(&ks);
	if (cf != NULL)
		customers_free(&cs);
	terms_free(&terms);
	return 0;
}
