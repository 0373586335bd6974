/*
 * rate: price each CDR by the tariff with the longest prefix of its
 * destination, for its service, valid on its local start date (rules.md
 * §7): voice per started call_increment with the least-cost-routing guard
 * of VZ 7.4 and a setup fee per answered call, SMS per message, data per
 * started megabyte, internal destinations free.  Amounts are exact at
 * 0.00001 EUR.  CDRs in (the adapter's stream, or a plain cdrs.csv), rated
 * CDRs out; a destination without a tariff is an error naming the CDR.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdr.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "number.h"
#include "terms.h"
#include "util.h"

enum service { VOICE, SMS, DATA, NSERVICE };
static const char *const services[] = { "voice", "sms", "data", NULL };

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

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -c terms.conf [-t tariffs.csv] [cdrs.csv]\n",
	    progname);
	exit(status);
}

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
		t->service = fld_enum(r, cs, services, VOICE);
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

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *tf = NULL, *in = "-", *rule, *origin;
	const struct tariff *t;
	struct csvr *r;
	struct csvw *w;
	char num[64], where[4096], d1[DATE_BUFSZ];
	int ch, cid, cc, cst, csv_, cd, cb, cu, crc, cr, co, service;
	int64_t utc, price, amount, rc;
	long billsec, units;
	int32_t day;

	prog_init(argc, argv, usage);
	while ((ch = getopt(argc, argv, "c:t:")) != -1) {
		switch (ch) {
		case 'c':
			termsf = optarg;
			break;
		case 't':
			tf = optarg;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (argc - optind > 1 || termsf == NULL)
		usage(stderr, 2);
	if (optind < argc)
		in = argv[optind];
	terms_load(termsf, &terms);
	newnode();		/* the root */
	if (tf != NULL)
		load(tf);

	r = csvr_openpath(in, 0);
	cid = csvr_need(r, "cdr_id");
	cc = csvr_need(r, "customer_id");
	cst = csvr_need(r, "start");
	cd = csvr_need(r, "dst");
	csv_ = csvr_col(r, "service");
	cb = csvr_col(r, "billsec");
	cu = csvr_col(r, "units");
	crc = csvr_col(r, "route_cost");
	cr = csvr_col(r, "rule");
	co = csvr_col(r, "origin");
	w = csvw_open(stdout, "<stdout>");
	csvw_header(w, rated_cols);
	while (csvr_next(r)) {
		origin = csvr_get(r, co);
		if (*origin == '\0')
			origin = csvr_where(r, cd, where, sizeof(where));
		if (ts_parse(csvr_get(r, cst), TZ_AMSTERDAM, &utc) != 0)
			csvr_die(r, cst, "bad start '%s': expected a timestamp",
			    csvr_get(r, cst));
		day = ams_date(utc);
		service = fld_enum(r, csv_, services, VOICE);
		billsec = fld_int(r, cb, 0, 1000000000, 0);
		units = fld_int(r, cu, 0, 1000000000, 0);
		/* an SMS record without a count is one message */
		if (service == SMS && *csvr_get(r, cu) == '\0')
			units = 1;
		rc = fld_money(r, crc, MONEY_MICRO, 0, 0);
		rule = csvr_get(r, cr);
		t = NULL;
		price = amount = 0;
		if (*rule == '\0' && service == VOICE && billsec == 0)
			rule = "unanswered";
		if (*rule == '\0') {
			switch (e164(csvr_get(r, cd), num, sizeof(num))) {
			case NUMBER_INTERNAL:
				rule = "internal";
				break;
			case NUMBER_BAD:
				die("%s: bad dst '%s': expected a number with "
				    "0, 00 or + and up to 15 digits", origin,
				    csvr_get(r, cd));
			case NUMBER_PUBLIC:
				break;
			}
		}
		if (*rule == '\0') {
			if ((t = lookup(num, service, day)) == NULL)
				die("%s: no tariff for %s to '%s' (%s) on %s: "
				    "expected a prefix of it in %s", origin,
				    services[service], csvr_get(r, cd), num,
				    date_fmt(day, d1), tf ? tf :
				    "tariffs.csv (none given)");
			price = t->rate;
			switch (service) {
			case VOICE:
				units = (billsec + terms.call_increment - 1) /
				    terms.call_increment;
				/* VZ 7.4: never below what the route cost */
				if (rc > price) {
					price = rc;
					rule = "VZ 7.4";
				} else {
					rule = terms.family == FAMILY_VZ ?
					    "VZ 7.3" : "VW 1.12.2";
				}
				/* rates are per minute; a unit is
				 * call_increment seconds */
				if (muldiv3(units, terms.call_increment, price, 60,
				    &amount) != 0 || madd(amount, t->setup,
				    &amount) != 0)
					die("%s: amount out of range", origin);
				break;
			case SMS:
				if (mmul(units, price, &amount) != 0)
					die("%s: amount out of range", origin);
				rule = "VW 1.12.2";
				break;
			case DATA:
				/* per started megabyte of 1000 kB */
				units = (units + 999) / 1000;
				if (mmul(units, price, &amount) != 0)
					die("%s: amount out of range", origin);
				rule = "VW 1.12.2";
				break;
			}
		} else {
			units = 0;
		}
		csvw_copy(w, r, cid);
		csvw_copy(w, r, cc);
		csvw_copy(w, r, cst);
		csvw_plain(w, services[service], strlen(services[service]));
		csvw_copy(w, r, cd);
		if (t != NULL && t->dquote)
			csvw_str(w, t->destination);
		else
			csvw_plain(w, t ? t->destination : "", t ? t->dlen : 0);
		csvw_int(w, billsec);
		csvw_int(w, units);
		/* formats.md: two decimals, up to five for rates and calls */
		csvw_amount(w, price, MONEY_MICRO, 2);
		csvw_amount(w, amount, MONEY_MICRO, 2);
		csvw_plain(w, rule, strlen(rule));
		if (co >= 0)
			csvw_copy(w, r, co);
		else
			csvw_str(w, origin);
		csvw_end(w);
	}
	csvr_close(r);
	csvw_close(w);
	terms_free(&terms);
	return 0;
}
