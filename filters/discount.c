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

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -c terms.conf -k contracts.csv "
	    "[-C customers.csv] [-t discounts.csv]\n", progname);
	exit(status);
}

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
		d->id = xstrdup(fld_str(r, cid, 1));
		if ((dup = strmap_put(seen, d->id,
		    (void *)(uintptr_t)d->line)) != NULL)
			csvr_die(r, cid, "duplicate discount_id '%s': first on "
			    "line %ld", d->id, (long)(uintptr_t)dup);
		d->contract_id = xstrdup(fld_str(r, ck, 0));
		d->customer_id = xstrdup(fld_str(r, cc, 0));
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

static void
emit(const struct item *base, const struct discount *d, const char *key,
    int32_t a, int32_t b, int64_t off)
{
	struct item it = *base;
	char pct[MONEY_BUFSZ], unit[40];

	it.key = key;
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
	it.unit_price = -micro(off);
	it.net = -off;
	it.rule = ART_DISCOUNT;
	itemw_put(out, &it);
}

/* amount: what d takes off a line of monthly amount m over days a..b */
static int64_t
amount(const struct discount *d, int64_t monthly, int32_t a, int32_t b)
{
	int64_t m, v;
	int whole;

	if (d->is_pct) {
		if (muldiv(monthly, d->pct, 10000, &m) != 0)
			die("discount '%s': amount out of range", d->id);
		/* one rounding: monthly × percent × days / N */
		whole = a == month_first(a) && b == month_last(a);
		if (whole)
			return m;
		if (muldiv3(monthly, d->pct, b - a + 1 < terms.prorate_days ?
		    b - a + 1 : terms.prorate_days, 10000 *
		    (int64_t)terms.prorate_days, &v) != 0)
			die("discount '%s': amount out of range", d->id);
		return v;
	}
	return prorate(d->amount, a, b, terms.prorate_days, &whole);
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
	const struct contract *k = contract_find(&ks, it->ref);
	const struct discount *d;
	int64_t left = it->net, off;
	int32_t a, b, ca, cb;
	char key[KEY_MAX];
	size_t x, y;

	if (k == NULL || it->from == DATE_NONE)
		return;
	x = (uintptr_t)strmap_get(bycontract, k->id);
	y = (uintptr_t)strmap_get(bycustomer, k->customer_id);
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
		if (!validity(d, k, &a, &b))
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
			if (d->is_pct && muldiv(it->net, d->pct, 10000, &off))
				die("discount '%s': amount out of range", d->id);
			if (!d->is_pct)
				off = d->amount;
			if (*d->contract_id)
				keyf(key, sizeof(key), "DO", d->id, NULL);
			else	/* a customer's: once per contract */
				keyf(key, sizeof(key), "DO", d->id, k->id,
				    NULL);
		} else {
			off = amount(d, k->monthly, ca, cb);
			keyf(key, sizeof(key), "D", d->id, it->key, NULL);
		}
		if (off > left)
			off = left;	/* never below zero (rules.md §6) */
		if (off > 0)
			emit(it, d, key, ca, cb, off);
		left -= off;
	}
}

/* usage discounts, per VAT rate of the usage, after the usage lines */
static void
on_usage(const struct group *g, size_t last)
{
	const struct discount *d;
	struct item base = g->v[last];
	char key[KEY_MAX], ym[8];
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
			if (muldiv(total, d->pct, 10000, &off) != 0)
				die("discount '%s': amount out of range", d->id);
		} else {
			off = d->amount;
		}
		if (off > total)
			off = total;
		if (off <= 0)
			continue;
		if (d->once)
			keyf(key, sizeof(key), "DO", d->id, "", NULL);
		else
			keyf(key, sizeof(key), "DU", d->id,
			    period_fmt(period - 1, ym), NULL);
		base.scope = "";
		emit(&base, d, key, ua, ub, off);
	}
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *kf = NULL, *cf = NULL, *tf = NULL;
	struct customers cs;
	struct itemr *ir;
	struct group g = { 0 };
	size_t i, lastusage;
	int ch;

	prog_init(argc, argv, usage);
	period = -1;
	while ((ch = getopt(argc, argv, "p:c:k:C:t:")) != -1) {
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
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc || period < 0 || termsf == NULL || kf == NULL)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	if (cf != NULL)
		customers_load(cf, &cs);
	contracts_load(kf, &terms, cf ? &cs : NULL, &ks);
	if (tf != NULL)
		load(tf, cf ? &cs : NULL);
	else
		index_discounts();

	ir = itemr_open(csvr_open(stdin, "<stdin>", 0));
	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	while (group_next(ir, &g)) {
		/* usage discounts go directly under the last usage line */
		lastusage = g.n;
		for (i = 0; i < g.n; i++)
			if (item_is(&g.v[i], "usage"))
				lastusage = i;
		for (i = 0; i < g.n; i++) {
			itemw_put(out, &g.v[i]);
			if (item_is(&g.v[i], "subscription"))
				on_line(&g, i);
			if (i == lastusage)
				on_usage(&g, lastusage);
		}
	}
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
	strmap_free(bycontract);
	strmap_free(bycustomer);
	contracts_free(&ks);
	if (cf != NULL)
		customers_free(&cs);
	terms_free(&terms);
	return 0;
}
