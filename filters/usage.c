/*
 * usage: the usage of a run, from rated CDRs (rules.md §7): writes
 * usage.csv (every CDR once, also those costing nothing) and
 * high_usage.csv (VW 2.4.4, 2.6.1, 2.6.5) into the output folder, and the
 * usage lines as items on stdout, sorted by customer: one per customer,
 * service and destination, its total rounded to cents once.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aside.h"
#include "cdr.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "item.h"
#include "money.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

struct dest {
	char *customer, *service, *destination;
	int64_t units, amount, rate;	/* amount and rate in 0.00001 EUR */
	int32_t from, to;
	int mixed;			/* more than one rate */
	unsigned rules;			/* bits of known[]: its CDRs' rules */
};

struct total {
	char *customer;
	int month;
	int64_t now, before;		/* this run; earlier runs (micro) */
};

static struct terms terms;
static int period;
static struct dest *gv;
static size_t ngv, gcap;
static struct strmap *groups, *totals;
static struct total *tv;
static size_t ntv, tcap;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -p YYYY-MM -c terms.conf -s STATEDIR -o OUTDIR "
	    "[-u totals.csv] [rated.csv]\n", progname);
	exit(status);
}

static struct total *
total(const char *customer, int month)
{
	char key[1024], ym[8];
	uintptr_t i;

	snprintf(key, sizeof(key), "%s\037%s", customer, period_fmt(month, ym));
	if ((i = (uintptr_t)strmap_get(totals, key)) != 0)
		return &tv[i - 1];
	GROW(tv, ntv, tcap);
	memset(&tv[ntv], 0, sizeof(tv[0]));
	tv[ntv].customer = xstrdup(customer);
	tv[ntv].month = month;
	strmap_put(totals, key, (void *)(uintptr_t)++ntv);
	return &tv[ntv - 1];
}

/* earlier runs' usage per customer and month, for the high-usage list */
static void
read_totals(const char *statedir)
{
	char *path;
	FILE *fp = state_open(statedir, "usage-totals.csv", &path);
	struct csvr *r;
	struct total *t;
	int cc, cm, ca, cp, m, p;
	int64_t a;

	if (fp != NULL) {
		r = csvr_open(fp, path, 0);
		cc = csvr_need(r, "customer_id");
		cm = csvr_need(r, "month");
		ca = csvr_need(r, "amount");
		cp = csvr_need(r, "period");
		while (csvr_next(r)) {
			if (period_parse(fld_str(r, cm, 1), &m) != 0 ||
			    period_parse(fld_str(r, cp, 1), &p) != 0)
				csvr_die(r, cm, "bad month or period: expected "
				    "YYYY-MM");
			if (p >= period || m < period - 5)
				continue;
			a = fld_money(r, ca, MONEY_MICRO, 1, 0);
			t = total(fld_str(r, cc, 1), m);
			if (madd(t->before, a, &t->before) != 0)
				csvr_die(r, ca, "amount overflow");
		}
		csvr_close(r);
	}
	free(path);
}

/* the rules a usage line can cite, in the order it cites them */
static const char *const known[] = { "VZ 8.14", "VZ 7.3", "VZ 7.4",
	"VW 1.12.2" };

static void
addrule(struct dest *g, const char *rule)
{
	size_t i;

	for (i = 0; i < NELEM(known); i++)
		if (strcmp(rule, known[i]) == 0) {
			g->rules |= 1u << i;
			return;
		}
	die("unexpected rule '%s' on a rated CDR: expected one of rate's",
	    rule);
}

/* rules_of: the cited rules of g, "VZ 8.14, VZ 7.3" */
static const char *
rules_of(const struct dest *g, char *buf, size_t n)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < NELEM(known); i++)
		if (g->rules & (1u << i)) {
			if (buf[0])
				strncat(buf, ", ", n - strlen(buf) - 1);
			strncat(buf, known[i], n - strlen(buf) - 1);
		}
	return buf;
}

/* intern: one copy of each customer id, shared by its groups */
static char *
intern(const char *s)
{
	static struct strmap *ids;
	char *p;

	if (ids == NULL)
		ids = strmap_new();
	if ((p = strmap_get(ids, s)) == NULL) {
		p = xstrdup(s);
		strmap_put(ids, s, p);
	}
	return p;
}

static void
add(const char *customer, const char *service, const char *destination,
    int64_t units, int64_t rate, int64_t amount, int32_t day, const char *rule)
{
	char key[2048];
	uintptr_t i;
	struct dest *g;

	snprintf(key, sizeof(key), "%s\037%s\037%s", customer, service,
	    destination);
	if ((i = (uintptr_t)strmap_get(groups, key)) == 0) {
		GROW(gv, ngv, gcap);
		g = &gv[ngv];
		memset(g, 0, sizeof(*g));
		g->customer = intern(customer);
		g->service = xstrdup(service);
		g->destination = xstrdup(destination);
		g->rate = rate;
		g->from = g->to = day;
		if (terms.family == FAMILY_VZ)
			addrule(g, "VZ 8.14");
		strmap_put(groups, key, (void *)(uintptr_t)++ngv);
	} else {
		g = &gv[i - 1];
	}
	if (madd(g->units, units, &g->units) != 0 ||
	    madd(g->amount, amount, &g->amount) != 0)
		die("usage of '%s': amount overflow", customer);
	if (rate != g->rate)
		g->mixed = 1;
	if (day < g->from)
		g->from = day;
	if (day > g->to)
		g->to = day;
	addrule(g, rule);
}

static int
bykey(const void *a, const void *b)
{
	const struct dest *x = a, *y = b;
	int c;

	if ((c = strcmp(x->customer, y->customer)) != 0)
		return c;
	if ((c = strcmp(x->service, y->service)) != 0)
		return c;
	return strcmp(x->destination, y->destination);
}

static int
free_rule(const char *rule)
{
	return strcmp(rule, "unanswered") == 0 || strcmp(rule, "local") == 0 ||
	    strcmp(rule, "internal") == 0 || strcmp(rule, "no-account") == 0 ||
	    strcmp(rule, "not-billed") == 0;
}

static void
items(void)
{
	struct csvw *w = csvw_open(stdout, "<stdout>");
	struct item it;
	char key[KEY_MAX], desc[1024], rules[128];
	size_t i;
	struct dest *g;

	if (ngv > 0)
		qsort(gv, ngv, sizeof(*gv), bykey);
	itemw_header(w);
	for (i = 0; i < ngv; i++) {
		g = &gv[i];
		memset(&it, 0, sizeof(it));
		it.customer_id = g->customer;
		it.key = keyf(key, sizeof(key), "U", g->service, g->destination,
		    NULL);
		it.scope = "";
		it.kind = "usage";
		it.ref = g->destination;
		if (strcmp(g->service, "voice") == 0)
			snprintf(desc, sizeof(desc), "Bellen %s", g->destination);
		else if (strcmp(g->service, "sms") == 0)
			snprintf(desc, sizeof(desc), "SMS %s", g->destination);
		else
			snprintf(desc, sizeof(desc), "Data %s", g->destination);
		if (g->mixed)
			strncat(desc, " (diverse tarieven)", sizeof(desc) -
			    strlen(desc) - 1);
		it.description = desc;
		it.from = g->from;
		it.to = g->to;
		it.quantity = g->units;
		it.unit = strcmp(g->service, "voice") == 0 ?
		    (terms.call_increment == 60 ? "min" : "unit") :
		    strcmp(g->service, "sms") == 0 ? "sms" : "MB";
		it.unit_price = g->mixed ? 0 : g->rate;
		/* each group rounded to cents once (rules.md §7) */
		it.net = rescale(g->amount, MONEY_MICRO, MONEY_CENTS);
		it.vat_rate = terms.vat_rate;
		it.rule = rules_of(g, rules, sizeof(rules));
		if (it.net != 0)
			itemw_put(w, &it);
	}
	csvw_close(w);
}

/* high_usage.csv: over factor × the average of the three months before,
 * and over the minimum */
static void
high_usage(const char *outdir)
{
	static const char *const cols[] = { "customer_id", "month", "usage",
		"average", "factor", "minimum", "rule", NULL };
	char *p = path_join(outdir, "high_usage.csv"), ym[8], buf[MONEY_BUFSZ];
	struct aside *a;
	struct csvw *w;
	FILE *fp;
	struct total *t, *b;
	int64_t sum, prev, avg, limit;
	size_t i;
	int k;

	a = aside_open(p, &fp);
	w = csvw_open(fp, p);
	csvw_header(w, cols);
	for (i = 0; i < ntv; i++) {
		t = &tv[i];
		if (t->now == 0)
			continue;
		sum = t->now + t->before;
		prev = 0;
		for (k = 1; k <= 3; k++) {
			b = total(t->customer, t->month - k);
			t = &tv[i];	/* total() may move tv */
			prev += b->now + b->before;
		}
		avg = prev / 3;
		if (muldiv(avg, terms.high_usage_factor, 100, &limit) != 0)
			die("high usage of '%s': out of range", t->customer);
		if (sum <= limit || sum <= micro(terms.high_usage_minimum))
			continue;
		csvw_str(w, t->customer);
		csvw_str(w, period_fmt(t->month, ym));
		csvw_money(w, rescale(sum, MONEY_MICRO, MONEY_CENTS),
		    MONEY_CENTS);
		csvw_money(w, rescale(avg, MONEY_MICRO, MONEY_CENTS),
		    MONEY_CENTS);
		csvw_str(w, money_fmt_trim(terms.high_usage_factor, MONEY_CENTS,
		    0, buf));
		csvw_money(w, terms.high_usage_minimum, MONEY_CENTS);
		csvw_str(w, "VW 2.4.4, VW 2.6.1, VW 2.6.5");
		csvw_end(w);
	}
	csvw_close_sync(w);
	aside_commit(a);
	free(p);
}

static void
write_totals(const char *path)
{
	static const char *const cols[] = { "customer_id", "month", "amount",
		"period", NULL };
	struct aside *a;
	struct csvw *w;
	FILE *fp;
	char ym[8], buf[MONEY_BUFSZ];
	size_t i;
	size_t n = ntv;

	a = aside_open(path, &fp);
	w = csvw_open(fp, path);
	csvw_header(w, cols);
	for (i = 0; i < n; i++) {
		if (tv[i].now == 0)
			continue;
		csvw_str(w, tv[i].customer);
		csvw_str(w, period_fmt(tv[i].month, ym));
		csvw_str(w, money_fmt_trim(tv[i].now, MONEY_MICRO, 2, buf));
		csvw_str(w, period_fmt(period, ym));
		csvw_end(w);
	}
	csvw_close_sync(w);
	aside_commit(a);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *statedir = NULL, *outdir = NULL;
	const char *totf = NULL, *in = "-", *rule;
	struct csvr *r;
	struct csvw *u;
	struct aside *au;
	struct total *t;
	FILE *fu;
	char *up;
	int ch, c[16], i, n, cc, cs, cst, cd, cb, ca, cr, crule;
	int64_t utc, units, rate, amount;
	int32_t day;

	prog_init(argc, argv, usage);
	period = -1;
	while ((ch = getopt(argc, argv, "p:c:s:o:u:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 'c':
			termsf = optarg;
			break;
		case 's':
			statedir = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'u':
			totf = optarg;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (argc - optind > 1 || period < 0 || !termsf || !statedir || !outdir)
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	groups = strmap_new();
	totals = strmap_new();
	read_totals(statedir);

	r = csvr_openpath(in, 0);
	for (n = 0; usage_cols[n] != NULL; n++)
		c[n] = csvr_need(r, usage_cols[n]);
	cc = c[1], cst = c[2], cs = c[3], cd = c[5], cb = c[7], cr = c[8];
	ca = c[9], crule = c[10];
	up = path_join(outdir, "usage.csv");
	au = aside_open(up, &fu);
	u = csvw_open(fu, up);
	csvw_header(u, usage_cols);
	while (csvr_next(r)) {
		for (i = 0; i < n; i++)
			csvw_copy(u, r, c[i]);
		csvw_end(u);
		rule = csvr_get(r, crule);
		if (free_rule(rule))
			continue;
		if (ts_parse(csvr_get(r, cst), TZ_AMSTERDAM, &utc) != 0)
			csvr_die(r, cst, "bad start '%s': expected a timestamp",
			    csvr_get(r, cst));
		day = ams_date(utc);
		units = fld_money(r, cb, 0, 1, 0);
		rate = fld_money(r, cr, MONEY_MICRO, 1, 0);
		amount = fld_money(r, ca, MONEY_MICRO, 1, 0);
		add(fld_str(r, cc, 1), csvr_get(r, cs), fld_str(r, cd, 1), units,
		    rate, amount, day, rule);
		t = total(csvr_get(r, cc), period_of(day));
		if (madd(t->now, amount, &t->now) != 0)
			csvr_die(r, ca, "amount overflow");
	}
	csvr_close(r);
	csvw_close_sync(u);
	aside_commit(au);
	free(up);
	items();
	high_usage(outdir);
	if (totf != NULL)
		write_totals(totf);
	terms_free(&terms);
	return 0;
}
