/*
 * rate: price each CDR by the tariff with the longest prefix of its
 * destination, for its service, valid on its local start date (rules.md
 * §7): voice per started call_increment with the least-cost-routing guard
 * of VZ 7.4 and a setup fee per answered call, SMS per message, data per
 * started megabyte, internal destinations free.  Amounts are exact at
 * 0.00001 EUR.  CDRs in (the adapter's stream, or a plain cdrs.csv), rated
 * CDRs out; a destination without a tariff is an error naming the CDR.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "cdr.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "number.h"
#include "reject.h"
#include "terms.h"
#include "util.h"

struct tariff {
	char *destination;
	size_t dlen;		/* its length, and whether it needs quotes */
	int dquote;
	int64_t rate, setup;	/* 0.00001 EUR */
	int32_t from, to;	/* valid, inclusive; DATE_NONE: open */
	int service;
	long line;
	int32_t next;		/* index + 1 of the next tariff of the prefix */
};

struct node {
	int32_t child[10];	/* index + 1 */
	int32_t first;		/* index + 1 of the prefix's first tariff */
};

static struct tariff *tv;
static size_t ntv;
static struct node *nodes;
static size_t nnodes, nodecap;
static struct terms terms;

static const char synopsis[] =
    "-c terms.conf [-t tariffs.csv] [-r rejects.csv -x rejected.csv] "
    "[cdrs.csv]";
static const char options[] =
    "  -c terms.conf    the provider's terms profile\n"
    "  -t tariffs.csv   the tariffs (none: every public call is an error)\n"
    "  -r rejects.csv   set CDRs that cannot be rated aside there, and go on\n"
    "  -x rejected.csv  with -r: those CDRs as they came, for once -x\n"
    "  cdrs.csv         the CDRs: the stream of once, or a plain cdrs.csv\n"
    "                   (default: stdin)\n"
    "The rated CDRs go to stdout.\n";

static int32_t
newnode(void)
{
	GROW(nodes, nnodes, nodecap);
	memset(&nodes[nnodes], 0, sizeof(nodes[0]));
	return (int32_t)++nnodes;
}

static int
overlap(const struct tariff *a, const struct tariff *b)
{
	int32_t af = a->from == DATE_NONE ? INT32_MIN : a->from;
	int32_t at = a->to == DATE_NONE ? INT32_MAX : a->to;
	int32_t bf = b->from == DATE_NONE ? INT32_MIN : b->from;
	int32_t bt = b->to == DATE_NONE ? INT32_MAX : b->to;

	return a->service == b->service && af <= bt && bf <= at;
}

static void
load(const char *path)
{
	struct csvr *r = csvr_openpath(path, 0);
	int cp = csvr_need(r, "prefix"), cs = csvr_col(r, "service");
	int cd = csvr_need(r, "destination"), cr = csvr_need(r, "rate");
	int cu = csvr_col(r, "setup"), cf = csvr_col(r, "valid_from");
	int ct = csvr_col(r, "valid_to");
	size_t cap = 0;
	struct tariff *t;
	const char *p;
	int32_t n, i;

	while (csvr_next(r)) {
		GROW(tv, ntv, cap);
		t = &tv[ntv];
		memset(t, 0, sizeof(*t));
		t->line = csvr_line(r);
		p = fld_str(r, cp, 1);
		if (strlen(p) > 15 || strspn(p, "0123456789") != strlen(p))
			csvr_die(r, cp, "bad prefix '%s': expected up to 15 "
			    "E.164 digits without '+'", p);
		t->service = fld_enum(r, cs, services, SVC_VOICE);
		t->destination = xstrdup(fld_str(r, cd, 1));
		t->dlen = strlen(t->destination);
		t->dquote = strpbrk(t->destination, ",\"\r\n") != NULL;
		t->rate = fld_money(r, cr, MONEY_MICRO, 1, 0);
		t->setup = fld_money(r, cu, MONEY_MICRO, 0, 0);
		if (t->rate < 0 || t->setup < 0)
			csvr_die(r, t->rate < 0 ? cr : cu, "bad %s '%s': "
			    "expected an amount >= 0", t->rate < 0 ? "rate" :
			    "setup", csvr_get(r, t->rate < 0 ? cr : cu));
		t->from = fld_date(r, cf, 0);
		t->to = fld_date(r, ct, 0);
		if (t->from != DATE_NONE && t->to != DATE_NONE && t->to < t->from)
			csvr_die(r, ct, "bad valid_to '%s': expected a day on or "
			    "after valid_from", csvr_get(r, ct));
		for (n = 1; *p; p++) {
			if (nodes[n - 1].child[*p - '0'] == 0) {
				i = newnode();
				nodes[n - 1].child[*p - '0'] = i;
			}
			n = nodes[n - 1].child[*p - '0'];
		}
		/* two rows of one prefix and service valid on one day are a
		 * tie no longest match can break */
		for (i = nodes[n - 1].first; i; i = tv[i - 1].next)
			if (overlap(&tv[i - 1], t))
				csvr_die(r, cp, "prefix '%s' for %s is also on "
				    "line %ld for days in common: expected one "
				    "tariff per prefix, service and day",
				    csvr_get(r, cp), services[t->service],
				    tv[i - 1].line);
		t->next = nodes[n - 1].first;
		nodes[n - 1].first = (int32_t)++ntv;
	}
	csvr_close(r);
}

static const struct tariff *
valid(int32_t first, int service, int32_t day)
{
	const struct tariff *t;
	int32_t i;

	for (i = first; i; i = t->next) {
		t = &tv[i - 1];
		if (t->service == service && (t->from == DATE_NONE ||
		    day >= t->from) && (t->to == DATE_NONE || day <= t->to))
			return t;
	}
	return NULL;
}

/* lookup: the longest prefix of digits with a tariff for service on day */
static const struct tariff *
lookup(const char *digits, int service, int32_t day)
{
	const struct tariff *best = NULL, *t;
	int32_t n = 1;

	for (;;) {
		if (nodes[n - 1].first &&
		    (t = valid(nodes[n - 1].first, service, day)) != NULL)
			best = t;
		if (*digits == '\0' || (n = nodes[n - 1].child[*digits - '0']) == 0)
			break;
		digits++;
	}
	return best;
}


/* a CDR's price */
struct price {
	const struct tariff *t;
	int64_t units, price, amount, setup;
	const char *rule;
	int svc;
};

static struct sbuf why;

static int whycol;

static const char *
fault(int col, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* fault: why the CDR has no price, and the column at fault */
static const char *
fault(int col, const char *fmt, ...)
{
	va_list ap;

	whycol = col;
	sb_reset(&why);
	va_start(ap, fmt);
	sb_vaddf(&why, fmt, ap);
	va_end(ap);
	return sb_str(&why);
}

/*
 * price: the price of the current CDR of r into *p, or why it has none:
 * the tariff of the longest prefix valid on its day, per started unit,
 * at its route cost where the VZ 7.4 guard applies, plus the setup fee.
 */
static const char *
price(const struct csvr *r, const struct cdrcols *k, const char *tf,
    struct price *p)
{
	const char *rule = csvr_get(r, k->rule), *dst = csvr_get(r, k->dst), *e;
	char num[E164_MAX + 1], d1[DATE_BUFSZ];
	struct cdr_facts f;
	enum number_kind nk;
	int64_t utc, rc = 0, x;
	long billsec, units;
	int32_t day;
	int svc;

	memset(p, 0, sizeof(*p));
	if (ts_parse(csvr_get(r, k->start), TZ_AMSTERDAM, &utc) != 0)
		return fault(k->start, "bad start '%s': expected a timestamp",
		    clip(csvr_get(r, k->start)));
	day = ams_date(utc);
	p->svc = svc = fld_enum(r, k->svc, services, SVC_VOICE);
	billsec = fld_int(r, k->billsec, 0, 1000000000, 0);
	units = fld_int(r, k->units, 0, 1000000000, 0);
	/* an SMS record without a count is one message */
	if (svc == SVC_SMS && *csvr_get(r, k->units) == '\0')
		units = 1;
	if (*csvr_get(r, k->rc) != '\0' && ((e = val_money(csvr_get(r, k->rc),
	    MONEY_MICRO, &rc)) != NULL || rc < 0))
		return fault(k->rc, "bad route_cost '%s': %s",
		    clip(csvr_get(r, k->rc)),
		    e ? e : "expected EUR per minute >= 0");
	nk = e164(dst, num, sizeof(num), svc == SVC_DATA);
	if (*rule == '\0') {
		/* a plain cdrs.csv: the free-call rules of the stream's maker */
		memset(&f, 0, sizeof(f));
		f.service = (enum service)svc;
		f.billsec = billsec;
		f.answered = 1;
		f.public_dst = nk != NUMBER_INTERNAL;
		rule = cdr_free_name(cdr_free_why(&f));
	} else if (!cdr_rule_free(rule)) {
		return fault(k->rule, "unexpected rule '%s': expected empty or "
		    "the reason "
		    "a CDR costs nothing", clip(rule));
	}
	p->rule = rule;
	if (*rule != '\0')
		return NULL;	/* costs nothing */
	if (nk == NUMBER_BAD)
		return fault(k->dst, "bad dst '%s': expected a number with 0, 00 "
		    "or + "
		    "and up to %d digits%s", clip(dst), E164_MAX, svc ==
		    SVC_DATA ? ", or a country code" : "");
	if ((p->t = lookup(num, svc, day)) == NULL)
		return fault(k->dst, "no tariff for %s to '%s' (%s) on %s: "
		    "expected a "
		    "prefix of it in %s", services[svc], clip(dst), num,
		    date_fmt(day, d1), tf ? tf : "tariffs.csv (none given)");
	p->price = p->t->rate;
	p->rule = article(&terms, ART_TARIFF);
	switch (svc) {
	case SVC_VOICE:
		p->units = (billsec + terms.call_increment - 1) /
		    terms.call_increment;
		/* VZ 7.4: never below what the route cost */
		if (terms.route_cost_guard && rc > p->price) {
			p->price = rc;
			p->rule = article(&terms, ART_GUARD);
		}
		/* rates are per minute; a unit is call_increment seconds */
		p->setup = p->t->setup;
		if (unit_price(SVC_VOICE, p->price, terms.call_increment,
		    &x) != 0 || mmul(p->units, x, &x) != 0 ||
		    madd(x, p->setup, &p->amount) != 0)
			return fault(k->dst, "amount out of range");
		break;
	case SVC_SMS:
		p->units = units;
		if (mmul(units, p->price, &p->amount) != 0)
			return fault(k->dst, "amount out of range");
		break;
	case SVC_DATA:
		/* per started megabyte of 1000 kB */
		p->units = (units + 999) / 1000;
		if (mmul(p->units, p->price, &p->amount) != 0)
			return fault(k->dst, "amount out of range");
		break;
	}
	return NULL;
}

static void
put(struct csvw *w, const struct csvr *r, const struct cdrcols *k,
    const struct price *p, const char *origin)
{
	char at[64];
	int64_t off;
	size_t len;

	csvw_copy(w, r, k->id);
	csvw_copy(w, r, k->cust);
	csvw_copy(w, r, k->start);
	csvw_str(w, services[p->svc]);
	csvw_copy(w, r, k->dst);
	if (p->t != NULL && !p->t->dquote)
		csvw_strn(w, p->t->destination, p->t->dlen);
	else
		csvw_str(w, p->t ? p->t->destination : "");
	csvw_copy(w, r, k->billsec);
	csvw_int(w, p->units);
	/* formats.md: two decimals, up to five for rates and calls */
	csvw_amount(w, p->price, MONEY_MICRO, 2);
	csvw_amount(w, p->amount, MONEY_MICRO, 2);
	csvw_str(w, p->rule);
	csvw_str(w, origin);
	if (k->at >= 0) {
		csvw_copy(w, r, k->at);
	} else {
		csvr_offset(r, &off, &len);
		csvw_str(w, cdr_at_fmt(at, sizeof(at), k->id + 1, off, len));
	}
	csvw_amount(w, p->setup, MONEY_MICRO, 2);
	csvw_end(w);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *tf = NULL, *in = "-", *origin, *e;
	const char *rejf = NULL, *xf = NULL;
	struct rejw *rej = NULL;
	struct csvw *xw = NULL;
	struct price p;
	struct csvr *r;
	struct csvw *w;
	struct cdrcols k;
	char where[4200];
	int ch, i;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "c:t:r:x:")) != -1) {
		switch (ch) {
		case 'c':
			termsf = optarg;
			break;
		case 't':
			tf = optarg;
			break;
		case 'r':
			rejf = optarg;
			break;
		case 'x':
			xf = optarg;
			break;
		}
	}
	if (argc - optind > 1 || termsf == NULL || (rejf == NULL) !=
	    (xf == NULL))
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	newnode();		/* the root */
	if (tf != NULL)
		load(tf);

	r = csvr_openpath(in, rejf ? CSVR_RAW : 0);
	cdr_cols_of(r, &k);
	if (rejf != NULL) {
		rej = rejw_open(rejf);
		xw = csvw_open(xfopen(xf, "w"), xf);
		for (i = 0; i < csvr_ncols(r); i++)
			csvw_str(xw, csvr_colname(r, i));
		csvw_end(xw);
	}
	w = csvw_open(stdout, "<stdout>");
	csvw_header(w, rated_cols);
	while (csvr_next(r)) {
		origin = csvr_get(r, k.origin);
		if (*origin == '\0')
			origin = csvr_where(r, k.dst, where, sizeof(where));
		if ((e = price(r, &k, tf, &p)) == NULL) {
			put(w, r, &k, &p, origin);
			continue;
		}
		/* a plain cdrs.csv names the column at fault; the stream's
		 * origin names its record's dst */
		if (rej == NULL && k.origin < 0)
			csvr_die(r, whycol, "%s", e);
		if (rej == NULL)
			die("%s: %s", origin, e);
		if (k.origin >= 0 && k.at >= 0)
			rejw_origin(rej, origin, csvr_get(r, k.at), 0, e);
		else
			rejw_csv(rej, r, whycol, e);
		for (i = 0; i < csvr_ncols(r); i++)
			csvw_copy(xw, r, i);
		csvw_end(xw);
	}
	csvr_close(r);
	csvw_close(w);
	if (rej != NULL) {
		rejw_close(rej);
		csvw_close(xw);
	}
	sb_free(&why);
	terms_free(&terms);
	return 0;
}
