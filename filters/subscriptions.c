/*
 * subscriptions: what each contract owes up to the end of the run month,
 * as items: every month of service (rules.md §1-§2), the buyout of an early
 * end (§4), early cancellation (§4) and plan changes (§5).  Contracts in,
 * items sorted by customer out; the ledger later keeps what is not billed.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "contract.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "item.h"
#include "money.h"
#include "terms.h"
#include "util.h"

static const char synopsis[] =
    "-p YYYY-MM -c terms.conf [-C customers.csv] [-s STATEDIR] "
    "[contracts.csv]";
static const char options[] =
    "  -p YYYY-MM       the run month: bill every month up to its end\n"
    "  -c terms.conf    the provider's terms profile\n"
    "  -C customers.csv check that every contract's customer is known\n"
    "  -s STATEDIR      end the contracts of customers its dunning log\n"
    "                   terminated at collection on that day\n"
    "  contracts.csv    the contracts (default: stdin)\n";

static struct terms terms;
static struct contracts ks;
static int period;		/* the run month */
static struct csvw *out;
static struct sbuf key, desc, rule;

static int
bycustomer(const void *a, const void *b)
{
	const struct contract *x = *(const struct contract *const *)a;
	const struct contract *y = *(const struct contract *const *)b;
	int c = strcmp(x->customer_id, y->customer_id);

	if (c != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* base: an item of contract k with the fields every item shares */
static struct item
base(const struct contract *k, const char *kind)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.customer_id = k->customer_id;
	it.key = "";
	it.scope = k->id;
	it.kind = kind;
	it.ref = k->id;
	it.description = k->description;
	it.from = it.to = DATE_NONE;
	it.unit = "";
	it.rule = "";
	it.vat_rate = k->vat_rate;
	it.history = k->billed_through != DATE_NONE;
	return it;
}

/* unit_of: "month" for a whole month, "13/30 month" for 13 days */
static const char *
unit_of(int whole, int32_t a, int32_t b, char *buf, size_t n)
{
	int w;

	if (whole)
		return "month";
	snprintf(buf, n, "%d/%d month", days_counted(a, b, terms.prorate_days,
	    &w), terms.prorate_days);
	return buf;
}

/*
 * span: a charge of monthly for the days a..b that run past the end of a
 * contract (a buyout, a downgrade): one line for the whole months
 * (quantity the months, unit price monthly) and one for each part month
 * (quantity 1, net the days at 1/N), so that every line reads quantity ×
 * unit price = net (rules.md §8).  tag names the charge in its keys,
 * what the description.
 */
static void
span(const struct item *b0, const char *tag, int64_t monthly, int32_t a,
    int32_t b, const char *what, const char *ref_desc)
{
	struct item it;
	char unit[32], ym[8];
	int32_t m, e, wa = DATE_NONE, wb = DATE_NONE;
	int whole, nm = 0;

	for (m = a; m <= b + 1; m = month_last(m) + 1) {
		e = month_last(m) < b ? month_last(m) : b;
		whole = m <= b && m == month_first(m) && e == month_last(m);
		if (whole) {
			if (wa == DATE_NONE)
				wa = m;
			wb = e;
			nm++;
			continue;
		}
		if (nm > 0) {	/* the whole months before this one */
			it = *b0;
			it.from = wa;
			it.to = wb;
			it.quantity = nm;
			it.unit = "month";
			it.unit_price = micro(monthly);
			if (mmul(monthly, nm, &it.net) != 0)
				die("contract '%s': amount out of range", b0->ref);
			it.key = keyf(&key, tag, b0->ref, NULL);
			sb_reset(&desc);
			sb_addf(&desc, "%s (%d %s): %s", what, nm, nm == 1 ?
			    "maand" : "maanden", ref_desc);
			it.description = sb_str(&desc);
			if (it.net != 0)
				itemw_put(out, &it);
			nm = 0;
		}
		if (m > b)
			break;
		it = *b0;
		it.from = m;
		it.to = e;
		it.quantity = 1;
		it.unit_price = micro(monthly);
		it.net = prorate(monthly, m, e, terms.prorate_days, &whole);
		it.unit = unit_of(0, m, e, unit, sizeof(unit));
		it.key = keyf(&key, tag, b0->ref, period_fmt(period_of(m), ym),
		    NULL);
		sb_reset(&desc);
		sb_addf(&desc, "%s (%d dagen): %s", what, e - m + 1, ref_desc);
		it.description = sb_str(&desc);
		if (it.net != 0)
			itemw_put(out, &it);
	}
}

/*
 * the VW 2.2.2 difference: while a cheaper plan runs inside the term of
 * the plan it replaced, the higher fee stays due
 */
static void
keep_highest(const struct contract *k, int32_t a, int32_t b, const char *ym)
{
	const struct contract *x;
	struct item it;
	char unit[32], d1[DATE_BUFSZ];
	int whole;

	if (!k->replaces || terms.downgrade != DOWNGRADE_KEEP_HIGHEST)
		return;
	x = &ks.v[k->replaces - 1];
	if (x->monthly <= k->monthly || x->term_end == DATE_NONE)
		return;
	if (a < k->start)
		a = k->start;
	if (b > x->term_end)
		b = x->term_end;
	if (a > b)
		return;
	it = base(k, "downgrade");
	it.key = keyf(&key, "H", k->id, ym, NULL);
	sb_reset(&desc);
	sb_addf(&desc, "Hoger maandbedrag van %s blijft verschuldigd tot "
	    "einde looptijd %s", x->id, date_fmt(x->term_end, d1));
	it.description = sb_str(&desc);
	it.from = a;
	it.to = b;
	it.quantity = 1;
	it.unit_price = micro(x->monthly - k->monthly);
	it.net = prorate(x->monthly - k->monthly, a, b, terms.prorate_days,
	    &whole);
	it.unit = unit_of(whole, a, b, unit, sizeof(unit));
	it.rule = article(&terms, ART_DOWNGRADE);
	if (it.net != 0)
		itemw_put(out, &it);
}

/* rules.md §12: a whole month, or a part month, and a catch-up of a month
 * before the run month on top */
static const char *
month_rule(int whole, int month)
{
	sb_reset(&rule);
	sb_add(&rule, article(&terms, whole ? ART_WHOLE_MONTH :
	    ART_PART_MONTH));
	if (month < period) {
		sb_add(&rule, ", ");
		sb_add(&rule, article(&terms, ART_CATCH_UP));
	}
	return sb_str(&rule);
}

static void
months(const struct contract *k)
{
	int32_t last = period_last(period), a, b, m;
	struct item it;
	char ym[8], unit[32];
	int whole;

	if (k->cancelled)
		return;
	if (k->end != DATE_NONE && k->end < last)
		last = k->end;
	for (m = month_first(k->first); m <= last; m = month_last(m) + 1) {
		a = m < k->first ? k->first : m;
		b = month_last(m) < last ? month_last(m) : last;
		period_fmt(period_of(m), ym);
		it = base(k, "subscription");
		it.key = keyf(&key, "S", k->id, ym, NULL);
		it.from = a;
		it.to = b;
		it.quantity = k->qty;
		it.unit_price = micro(k->fee);
		it.net = prorate(k->monthly, a, b, terms.prorate_days, &whole);
		it.unit = unit_of(whole, a, b, unit, sizeof(unit));
		it.rule = month_rule(whole, period_of(m));
		if (it.net != 0)
			itemw_put(out, &it);
		keep_highest(k, a, b, ym);
	}
}

static void
buyout(const struct contract *k)
{
	struct item it;
	int provider = k->reason == END_PROVIDER;
	int collection = k->reason == END_COLLECTION;

	if (k->cancelled || (k->replaced_by && !collection) ||
	    k->end == DATE_NONE || k->term_end == DATE_NONE ||
	    k->end >= k->term_end || k->end < k->start)
		return;
	if (!provider && !collection && !buyout_on_notice(&terms))
		return;		/* VW 2.7.5: no buyout of a customer's notice */
	if (period_of(k->end) > period)
		return;		/* billed by the run of the end's month */
	if (k->billed_through != DATE_NONE && k->end <= k->billed_through)
		return;		/* ended under the earlier system */
	it = base(k, "buyout");
	it.rule = article(&terms, collection ? ART_BUYOUT_COLLECTION :
	    provider ? ART_BUYOUT_PROVIDER : ART_BUYOUT_NOTICE);
	/* the full fee, no discount (VZ 8.2) */
	span(&it, "B", k->monthly, k->end + 1, k->term_end,
	    "Afkoopsom resterende looptijd", k->description);
}

static void
early_cancel(const struct contract *k)
{
	struct item it;
	char pct[MONEY_BUFSZ];

	if (!k->cancelled || period_of(k->cancel_date) > period)
		return;
	if (k->billed_through != DATE_NONE &&
	    k->cancel_date <= k->billed_through)
		return;
	it = base(k, "early_cancel");
	it.key = keyf(&key, "E", k->id, NULL);
	/* VZ 4.1: a percentage of the contract value over the whole term */
	if (muldiv3(k->monthly, k->term, terms.early_cancel_percent, 10000,
	    &it.net) != 0)
		die("contract '%s': early cancellation amount out of range",
		    k->id);
	sb_reset(&desc);
	sb_addf(&desc, "Annulering voor ingangsdatum: %s%% van %d maanden: %s",
	    money_fmt_trim(terms.early_cancel_percent, MONEY_CENTS, 0, pct),
	    k->term, k->description);
	it.description = sb_str(&desc);
	it.from = it.to = k->cancel_date;
	it.quantity = 1;
	it.unit_price = micro(it.net);
	it.rule = article(&terms, ART_EARLY_CANCEL);
	if (it.net != 0 && it.rule != NULL)
		itemw_put(out, &it);
}

/* VZ 6.7: a downgrade inside the old plan's term buys out the difference */
static void
downgrade(const struct contract *k)
{
	const struct contract *x;
	struct item it;
	struct sbuf what = { 0 };

	if (!k->replaces || terms.downgrade != DOWNGRADE_BUYOUT)
		return;
	x = &ks.v[k->replaces - 1];
	if (x->monthly <= k->monthly || x->term_end == DATE_NONE ||
	    k->start > x->term_end || period_of(k->start) > period)
		return;
	if (k->billed_through != DATE_NONE && k->start <= k->billed_through)
		return;
	it = base(k, "downgrade");
	it.rule = article(&terms, ART_DOWNGRADE);
	sb_addf(&what, "Afkoop downgrade van %s", x->id);
	span(&it, "G", x->monthly - k->monthly, k->start, x->term_end,
	    sb_str(&what), "resterend van de looptijd");
	sb_free(&what);
}

/* scope: the marker that says contract k's items are all in the stream */
static void
scope(const struct contract *k)
{
	struct item it = base(k, "scope");

	it.ref = "";
	it.description = "";
	itemw_put(out, &it);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *custf = NULL, *statedir = NULL;
	const char *in = "-";
	struct customers cs;
	const struct contract **order;
	size_t i;
	int ch;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:c:C:s:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 'c':
			termsf = optarg;
			break;
		case 'C':
			custf = optarg;
			break;
		case 's':
			statedir = optarg;
			break;
		}
	}
	if (argc - optind > 1 || period < 0 || termsf == NULL)
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	if (custf != NULL)
		customers_load(custf, &terms, &cs);
	contracts_load(in, &terms, custf ? &cs : NULL, statedir, &ks);

	order = xreallocarray(NULL, ks.n, sizeof(*order));
	for (i = 0; i < ks.n; i++)
		order[i] = &ks.v[i];
	sortv(order, ks.n, sizeof(*order), bycustomer);

	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	for (i = 0; i < ks.n; i++) {
		scope(order[i]);
		months(order[i]);
		early_cancel(order[i]);
		buyout(order[i]);
		downgrade(order[i]);
	}
	csvw_close(out);

	free(order);
	sb_free(&key);
	sb_free(&desc);
	sb_free(&rule);
	contracts_free(&ks);
	if (custf != NULL)
		customers_free(&cs);
	terms_free(&terms);
	return 0;
}
