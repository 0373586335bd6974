/* cdr: the columns of the CDR streams, and the free-call rules. */
#include <stdio.h>
#include <string.h>

#include "cdr.h"
#include "csvio.h"
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
