/* cdr: the columns of the CDR streams, and the free-call rules. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdr.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "util.h"

const char *const cdr_cols[] = { "cdr_id", "customer_id", "start", "service",
	"dst", "billsec", "units", "route_cost", "rule", "origin", "at", NULL };
const char *const rated_cols[] = { "cdr_id", "customer_id", "start",
	"service", "dst", "destination", "billsec", "billed_units", "rate",
	"amount", "rule", "origin", "at", "setup", NULL };
const char *const bundled_cols[] = { "cdr_id", "customer_id", "start",
	"service", "dst", "destination", "billsec", "billed_units", "rate",
	"amount", "rule", "origin", "at", "setup", "covered_units", NULL };
const char *const usage_cols[] = { "cdr_id", "customer_id", "start",
	"service", "dst", "destination", "billsec", "billed_units", "rate",
	"amount", "rule", "covered_units", NULL };
const char *const services[] = { "voice", "sms", "data", NULL };

static const char *const free_names[] = { "", "unanswered", "local",
	"internal", "no-account", "not-billed" };

enum cdr_free
cdr_free_why(const struct cdr_facts *f)
{
	if (f->service == SVC_VOICE && (!f->answered || f->billsec == 0))
		return FREE_UNANSWERED;
	if (f->asterisk && f->local_channel)
		return FREE_LOCAL;	/* billed on the caller's own leg */
	if (!f->public_dst)
		return FREE_INTERNAL;
	if (f->asterisk && !f->has_accountcode && !f->account_known)
		return FREE_NO_ACCOUNT;
	if (f->asterisk && f->account_known && !f->account_billed)
		return FREE_NOT_BILLED;
	return FREE_NONE;
}

const char *
cdr_free_name(enum cdr_free why)
{
	return free_names[why];
}

int
cdr_rule_free(const char *rule)
{
	size_t i;

	for (i = 1; i < sizeof(free_names) / sizeof(free_names[0]); i++)
		if (strcmp(rule, free_names[i]) == 0)
			return 1;
	return 0;
}

char *
cdr_at_fmt(char *buf, size_t n, int idcol, int64_t off, size_t len)
{
	char tmp[64], *p = tmp + sizeof(tmp);

	/* no printf: rate writes one per CDR */
	if (n < sizeof(tmp) || idcol < 0 || off < 0)
		die("cdr_at_fmt: bad arguments");
	*--p = '\0';
	p = u64_before(p, len);
	*--p = ':';
	p = u64_before(p, (uint64_t)off);
	*--p = ':';
	p = u64_before(p, (uint64_t)idcol);
	memcpy(buf, p, (size_t)(tmp + sizeof(tmp) - p));
	return buf;
}

int
cdr_at_parse(const char *s, int *idcol, int64_t *off, size_t *len)
{
	long long o;
	unsigned long l;
	int c, n = 0;

	if (sscanf(s, "%d:%lld:%lu%n", &c, &o, &l, &n) != 3 ||
	    s[n] != '\0' || c < 0 || o < 0)
		return -1;
	*idcol = c;
	*off = (int64_t)o;
	*len = (size_t)l;
	return 0;
}

int
unit_price(enum service svc, int64_t rate, int increment, int64_t *out)
{
	if (svc != SVC_VOICE) {
		*out = rate;
		return 0;
	}
	return muldiv(rate, increment, 60, out);
}

void
cdr_cols_of(const struct csvr *r, struct cdrcols *k)
{
	k->id = csvr_need(r, "cdr_id");
	k->cust = csvr_need(r, "customer_id");
	k->start = csvr_need(r, "start");
	k->dst = csvr_need(r, "dst");
	k->svc = csvr_col(r, "service");
	k->billsec = csvr_col(r, "billsec");
	k->units = csvr_col(r, "units");
	k->rc = csvr_col(r, "route_cost");
	k->rule = csvr_col(r, "rule");
	k->origin = csvr_col(r, "origin");
	k->at = csvr_col(r, "at");
}

const char *
cdr_unit(enum service svc, int increment, char *buf, size_t n)
{
	if (svc == SVC_SMS)
		return "sms";
	if (svc == SVC_DATA)
		return "MB";
	if (increment == 60)
		return "min";
	snprintf(buf, n, "%d s", increment);
	return buf;
}

enum { U_ID, U_CUST, U_START, U_SVC, U_DST, U_DEST, U_BILLSEC, U_UNITS,
	U_AMOUNT, U_RULE, U_COVERED, NUSAGE };

struct usager {
	struct csvr *r;
	int c[NUSAGE];
};

struct usager *
usager_open(struct csvr *r)
{
	static const char *const names[NUSAGE] = { "cdr_id", "customer_id",
		"start", "service", "dst", "destination", "billsec",
		"billed_units", "amount", "rule", "covered_units" };
	struct usager *u = xcalloc(1, sizeof(*u));
	int i;

	u->r = r;
	for (i = 0; i < NUSAGE; i++)
		u->c[i] = i == U_COVERED ? csvr_col(r, names[i]) :
		    csvr_need(r, names[i]);
	return u;
}

int
usager_next(struct usager *u, struct usage_row *w)
{
	struct csvr *r = u->r;
	const char *s;

	if (!csvr_next(r))
		return 0;
	w->cdr_id = fld_str(r, u->c[U_ID], 1);
	w->customer_id = fld_str(r, u->c[U_CUST], 0);
	s = fld_str(r, u->c[U_START], 1);
	if (ts_parse(s, TZ_AMSTERDAM, &w->start) != 0)
		csvr_die(r, u->c[U_START], "bad start '%s': expected a "
		    "timestamp", clip(s));
	fld_str(r, u->c[U_SVC], 1);
	w->service = (enum service)fld_enum(r, u->c[U_SVC], services,
	    SVC_VOICE);
	w->dst = csvr_get(r, u->c[U_DST]);
	w->destination = csvr_get(r, u->c[U_DEST]);
	w->billsec = fld_int(r, u->c[U_BILLSEC], 0, LONG_MAX, 0);
	w->billed_units = fld_money(r, u->c[U_UNITS], 0, 0, 0);
	w->amount = fld_money(r, u->c[U_AMOUNT], MONEY_MICRO, 1, 0);
	w->rule = csvr_get(r, u->c[U_RULE]);
	w->covered_units = u->c[U_COVERED] < 0 ? 0 : fld_money(r,
	    u->c[U_COVERED], 0, 0, 0);
	return 1;
}

struct csvr *
usager_csv(const struct usager *u)
{
	return u->r;
}

void
usager_close(struct usager *u)
{
	if (u == NULL)
		return;
	csvr_close(u->r);
	free(u);
}
