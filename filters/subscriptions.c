/*
 * subscriptions: what each contract owes up to the end of the run month,
 * as items: every month of service (rules.md §1-§2), the buyout of an early
 * end (§4), early cancellation (§4) and plan changes (§5).  Contracts in,
 * items sorted by customer out; the ledger later keeps what is not billed.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contract.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "item.h"
#include "money.h"
#include "terms.h"
#include "util.h"

static struct terms terms;
static struct contracts ks;
static int period;		/* the run month */
static struct csvw *out;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -c terms.conf [-C customers.csv] "
	    "[contracts.csv]\n", progname);
	exit(status);
}

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
base(const struct contract *k, const char *kind, const char *key)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.customer_id = k->customer_id;
	it.key = key;
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
	int days = b - a + 1;

	if (whole)
		return "month";
	snprintf(buf, n, "%d/%d month", days < terms.prorate_days ? days :
	    terms.prorate_days, terms.prorate_days);
	return buf;
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
	char key[KEY_MAX], unit[32], desc[512], d1[DATE_BUFSZ];
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
	it = base(k, "downgrade", keyf(key, sizeof(key), "H", k->id, ym, NULL));
	snprintf(desc, sizeof(desc), "Hoger maandbedrag van %s blijft "
	    "verschuldigd tot einde looptijd %s", x->id,
	    date_fmt(x->term_end, d1));
	it.description = desc;
	it.from = a;
	it.to = b;
	it.quantity = 1;
	it.unit_price = micro(x->monthly - k->monthly);
	it.net = prorate(x->monthly - k->monthly, a, b, terms.prorate_days,
	    &whole);
	it.unit = unit_of(whole, a, b, unit, sizeof(unit));
	it.rule = ART_KEEP_HIGHEST;
	if (it.net != 0)
		itemw_put(out, &it);
}

static void
months(const struct contract *k)
{
	int32_t last = period_last(period), a, b, m;
	struct item it;
	char key[KEY_MAX], ym[8], unit[32], rule[64];
	int whole;

	if (k->cancelled)
		return;
	if (k->end != DATE_NONE && k->end < last)
		last = k->end;
	for (m = month_first(k->first); m <= last; m = month_last(m) + 1) {
		a = m < k->first ? k->first : m;
		b = month_last(m) < last ? month_last(m) : last;
		period_fmt(period_of(m), ym);
		it = base(k, "subscription", keyf(key, sizeof(key), "S", k->id,
		    ym, NULL));
		it.from = a;
		it.to = b;
		it.quantity = k->qty;
		it.unit_price = micro(k->fee);
		it.net = prorate(k->monthly, a, b, terms.prorate_days, &whole);
		it.unit = unit_of(whole, a, b, unit, sizeof(unit));
		/* a month before the run month is a catch-up (VW 2.4.1) */
		snprintf(rule, sizeof(rule), "%s%s", whole ? art_advance(&terms)
		    : ART_PART_MONTH, period_of(m) < period ? ", " ART_CATCH_UP :
		    "");
		it.rule = rule;
		if (it.net != 0)
			itemw_put(out, &it);
		keep_highest(k, a, b, ym);
	}
}

/* remaining: describe a span of whole months and part-month days */
static void
remaining(char *buf, size_t n, int months, int days)
{
	if (days == 0)
		snprintf(buf, n, "%d maanden", months);
	else
		snprintf(buf, n, "%d maanden en %d dagen", months, days);
}

static void
buyout(const struct contract *k)
{
	struct item it;
	char key[KEY_MAX], desc[512], span[64];
	int nm, nd, provider = k->reason == END_PROVIDER;

	if (k->cancelled || k->replaced_by || k->end == DATE_NONE ||
	    k->term_end == DATE_NONE || k->end >= k->term_end)
		return;
	if (!provider && !buyout_on_notice(&terms))
		return;		/* VW 2.7.5: no buyout of a customer's notice */
	if (period_of(k->end) > period)
		return;		/* billed by the run of the end's month */
	if (k->billed_through != DATE_NONE && k->end <= k->billed_through)
		return;		/* ended under the earlier system */
	it = base(k, "buyout", keyf(key, sizeof(key), "B", k->id, NULL));
	it.from = k->end + 1;
	it.to = k->term_end;
	/* the full fee, no discount (VZ 8.2) */
	it.net = prorate_span(k->monthly, it.from, it.to, terms.prorate_days,
	    &nm, &nd);
	remaining(span, sizeof(span), nm, nd);
	snprintf(desc, sizeof(desc), "Afkoopsom resterende looptijd (%s): %s",
	    span, k->description);
	it.description = desc;
	if (nd == 0) {
		it.quantity = nm;
		it.unit = "month";
		it.unit_price = micro(k->monthly);
	} else {
		it.quantity = 1;
		it.unit_price = micro(it.net);
	}
	it.rule = art_buyout(&terms, provider);
	if (it.net != 0)
		itemw_put(out, &it);
}

static void
early_cancel(const struct contract *k)
{
	struct item it;
	char key[KEY_MAX], desc[512], pct[MONEY_BUFSZ];

	if (!k->cancelled || period_of(k->cancel_date) > period)
		return;
	if (k->billed_through != DATE_NONE &&
	    k->cancel_date <= k->billed_through)
		return;
	it = base(k, "early_cancel", keyf(key, sizeof(key), "E", k->id, NULL));
	/* VZ 4.1: a percentage of the contract value over the whole term */
	if (muldiv3(k->monthly, k->term, terms.early_cancel_percent, 10000,
	    &it.net) != 0)
		die("contract '%s': early cancellation amount out of range",
		    k->id);
	snprintf(desc, sizeof(desc), "Annulering voor ingangsdatum: %s%% van "
	    "%d maanden: %s", money_fmt_trim(terms.early_cancel_percent,
	    MONEY_CENTS, 0, pct), k->term, k->description);
	it.description = desc;
	it.from = it.to = k->cancel_date;
	it.quantity = 1;
	it.unit_price = micro(it.net);
	it.rule = ART_EARLY_CANCEL;
	if (it.net != 0)
		itemw_put(out, &it);
}

/* VZ 6.7: a downgrade inside the old plan's term buys out the difference */
static void
downgrade(const struct contract *k)
{
	const struct contract *x;
	struct item it;
	char key[KEY_MAX], desc[512], span[64];
	int nm, nd;

	if (!k->replaces || terms.downgrade != DOWNGRADE_BUYOUT)
		return;
	x = &ks.v[k->replaces - 1];
	if (x->monthly <= k->monthly || x->term_end == DATE_NONE ||
	    k->start > x->term_end || period_of(k->start) > period)
		return;
	if (k->billed_through != DATE_NONE && k->start <= k->billed_through)
		return;
	it = base(k, "downgrade", keyf(key, sizeof(key), "G", k->id, NULL));
	it.from = k->start;
	it.to = x->term_end;
	it.net = prorate_span(x->monthly - k->monthly, it.from, it.to,
	    terms.prorate_days, &nm, &nd);
	remaining(span, sizeof(span), nm, nd);
	snprintf(desc, sizeof(desc), "Afkoop downgrade van %s (%s resterend "
	    "van de looptijd)", x->id, span);
	it.description = desc;
	if (nd == 0) {
		it.quantity = nm;
		it.unit = "month";
		it.unit_price = micro(x->monthly - k->monthly);
	} else {
		it.quantity = 1;
		it.unit_price = micro(it.net);
	}
	it.rule = ART_DOWNGRADE_BUYOUT;
	if (it.net != 0)
		itemw_put(out, &it);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *custf = NULL, *in = "-";
	struct customers cs;
	const struct contract **order;
	struct item scope;
	size_t i;
	int ch;

	prog_init(argc, argv, usage);
	period = -1;
	while ((ch = getopt(argc, argv, "p:c:C:")) != -1) {
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
		default:
			usage(stderr, 2);
		}
	}
	if (argc - optind > 1 || period < 0 || termsf == NULL)
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	if (custf != NULL)
		customers_load(custf, &cs);
	contracts_load(in, &terms, custf ? &cs : NULL, &ks);

	order = xreallocarray(NULL, ks.n, sizeof(*order));
	for (i = 0; i < ks.n; i++)
		order[i] = &ks.v[i];
	qsort(order, ks.n, sizeof(*order), bycustomer);

	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	for (i = 0; i < ks.n; i++) {
		scope = base(order[i], "scope", "");
		scope.ref = "";
		scope.description = "";
		itemw_put(out, &scope);
		months(order[i]);
		early_cancel(order[i]);
		buyout(order[i]);
		downgrade(order[i]);
	}
	csvw_close(out);
	free(order);
	contracts_free(&ks);
	if (custf != NULL)
		customers_free(&cs);
	terms_free(&terms);
	return 0;
}
