/*
 * cdrs: read the CDRs of a run, from cdrs.csv-style files (a header naming
 * cdr_id) and Asterisk cdr_csv Master.csv files (no header; formats.md),
 * into one stream of normalised CDRs: ids, customers (through accounts.csv
 * for Asterisk), start times in Amsterdam local time, and the rule of a
 * record that costs nothing.  With -p, only CDRs that started before the
 * run month (VZ 8.14: usage is billed in arrears).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdr.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "number.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

struct account {
	char *customer_id, *strip;
	long line;
};

static struct terms terms;
static struct customers cs;
static struct strmap *accounts;	/* accountcode -> struct account */
static const char *accountsf;
static int32_t before = INT32_MAX;	/* first day not billed: the run month */
static struct csvw *out;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s -c terms.conf -C customers.csv [-a accounts.csv] "
	    "[-p YYYY-MM] [file ...]\n", progname);
	exit(status);
}

static void
load_accounts(const char *path)
{
	struct csvr *r = csvr_openpath(path, 0);
	int ca = csvr_need(r, "accountcode"), cc = csvr_need(r, "customer_id");
	int cs_ = csvr_col(r, "strip");
	struct account *a, *dup;
	const char *p;

	accounts = strmap_new();
	while (csvr_next(r)) {
		a = xcalloc(1, sizeof(*a));
		a->line = csvr_line(r);
		a->customer_id = xstrdup(fld_str(r, cc, 0));
		if (*a->customer_id && customer_find(&cs, a->customer_id) == NULL)
			csvr_die(r, cc, "unknown customer '%s': expected a "
			    "customer_id of %s", a->customer_id, cs.path);
		a->strip = xstrdup(fld_str(r, cs_, 0));
		for (p = a->strip; *p; p++)
			if (*p < '0' || *p > '9')
				csvr_die(r, cs_, "bad strip '%s': expected the "
				    "digits dialled for an outside line",
				    a->strip);
		if ((dup = strmap_put(accounts, fld_str(r, ca, 0), a)) != NULL)
			csvr_die(r, ca, "duplicate accountcode '%s': first on "
			    "line %ld", csvr_get(r, ca), dup->line);
	}
	csvr_close(r);
}

/* emit: one normalised CDR; its origin names the record and its dst
 * field, the one a later step (rate) may find fault with */
static void
emit(const char *id, const char *cust, int64_t utc, const char *service,
    const char *dst, const char *billsec, const char *units,
    const char *route_cost, const char *rule, const struct csvr *r, int cd)
{
	char ts[TS_BUFSZ], origin[4096];

	csvw_str(out, id);
	csvw_str(out, cust);
	csvw_str(out, ts_fmt_local(utc, ts));
	csvw_str(out, service);
	csvw_str(out, dst);
	csvw_str(out, billsec);
	csvw_str(out, units);
	csvw_str(out, route_cost);
	csvw_str(out, rule);
	csvr_where(r, cd, origin, sizeof(origin));
	csvw_str(out, origin);
	csvw_end(out);
}

static int64_t
start_of(const struct csvr *r, int col, enum tzone z)
{
	int64_t utc;

	if (ts_parse(fld_str(r, col, 1), z, &utc) != 0)
		csvr_die(r, col, "bad start '%s': expected YYYY-MM-DD HH:MM:SS "
		    "or YYYY-MM-DDTHH:MM:SS, with an optional offset",
		    csvr_get(r, col));
	return utc;
}

/* a cdrs.csv of formats.md */
static void
generic(struct csvr *r)
{
	static const char *const services[] = { "voice", "sms", "data", NULL };
	int cid = csvr_need(r, "cdr_id"), cc = csvr_need(r, "customer_id");
	int cst = csvr_need(r, "start"), cd = csvr_need(r, "dst");
	int csv_ = csvr_col(r, "service"), cb = csvr_col(r, "billsec");
	int cu = csvr_col(r, "units"), crc = csvr_col(r, "route_cost");
	const char *cust, *svc;
	int64_t utc, rc;
	int s;

	while (csvr_next(r)) {
		fld_str(r, cid, 1);
		cust = fld_str(r, cc, 1);
		if (customer_find(&cs, cust) == NULL)
			csvr_die(r, cc, "unknown customer '%s': expected a "
			    "customer_id of %s", cust, cs.path);
		utc = start_of(r, cst, TZ_AMSTERDAM);
		fld_str(r, cd, 1);
		s = fld_enum(r, csv_, services, 0);
		svc = services[s];
		fld_int(r, cb, 0, 1000000000, 0);
		fld_int(r, cu, 0, 1000000000, 0);
		rc = fld_money(r, crc, MONEY_MICRO, 0, 0);
		if (rc < 0)
			csvr_die(r, crc, "bad route_cost '%s': expected EUR per "
			    "minute >= 0", csvr_get(r, crc));
		if (ams_date(utc) >= before)
			continue;
		emit(csvr_get(r, cid), cust, utc, svc, csvr_get(r, cd),
		    csvr_get(r, cb), csvr_get(r, cu), csvr_get(r, crc),
		    s == 0 && strtol(csvr_get(r, cb), NULL, 10) == 0 ?
		    "unanswered" : "", r, cd);
	}
}

/* Asterisk cdr_csv: 16, 18 or 21 fields, no header (formats.md) */
enum { A_ACCT = 0, A_DST = 2, A_CHAN = 5, A_START = 9, A_BILLSEC = 13,
	A_DISP = 14, A_UNIQ = 16 };

static void
asterisk(struct csvr *r)
{
	static const int checked[] = { A_ACCT, A_DST, A_CHAN, A_START,
		A_BILLSEC, A_DISP, A_UNIQ };
	const struct account *a;
	const char *raw, *acct, *dst, *rule, *cust;
	char id[512], num[64];
	size_t len, i;
	int64_t utc;
	long billsec;
	int n = -1;

	static const char *const names[] = { "accountcode", "src", "dst",
		"dcontext", "clid", "channel", "dstchannel", "lastapp",
		"lastdata", "start", "answer", "end", "duration", "billsec",
		"disposition", "amaflags", "uniqueid", "userfield",
		"peeraccount", "linkedid", "sequence", NULL };

	csvr_names(r, names);
	/* only the columns the bill uses must be UTF-8 (formats.md) */
	for (i = 0; i < 21; i++)
		csvr_rawcol(r, (int)i);
	while (csvr_next(r)) {
		if (n < 0) {
			n = csvr_ncols(r);
			if (n != 16 && n != 18 && n != 21)
				csvr_die(r, -1, "%d fields: expected an Asterisk "
				    "Master.csv record of 16, 18 or 21", n);
		}
		for (i = 0; i < NELEM(checked); i++)
			if (checked[i] < n && !utf8_valid(csvr_get(r, checked[i]),
			    strlen(csvr_get(r, checked[i]))))
				csvr_die(r, checked[i], "invalid UTF-8 in field: "
				    "expected UTF-8 text");
		raw = csvr_raw(r, &len);
		if (raw == NULL)
			csvr_die(r, -1, "a record spread over several lines: "
			    "expected one record per line");
		if (n >= 18 && *csvr_get(r, A_UNIQ))
			snprintf(id, sizeof(id), "%s-%016llx",
			    csvr_get(r, A_UNIQ),
			    (unsigned long long)fnv1a64(raw, len));
		else
			snprintf(id, sizeof(id), "ast-%016llx",
			    (unsigned long long)fnv1a64(raw, len));
		utc = start_of(r, A_START, terms.asterisk_utc ? TZ_UTC :
		    TZ_AMSTERDAM);
		fld_str(r, A_BILLSEC, 1);
		billsec = fld_int(r, A_BILLSEC, 0, 1000000000, 0);
		acct = csvr_get(r, A_ACCT);
		a = accounts ? strmap_get(accounts, acct) : NULL;
		dst = csvr_get(r, A_DST);
		if (a != NULL && *a->strip &&
		    strncmp(dst, a->strip, strlen(a->strip)) == 0)
			dst += strlen(a->strip);
		cust = a ? a->customer_id : "";
		/* the first rule of formats.md that applies */
		if (strcmp(csvr_get(r, A_DISP), "ANSWERED") != 0 || billsec == 0)
			rule = "unanswered";
		else if (strncmp(csvr_get(r, A_CHAN), "Local/", 6) == 0)
			rule = "local";
		else if (e164(dst, num, sizeof(num)) == NUMBER_INTERNAL)
			rule = "internal";
		else if (*acct == '\0' && a == NULL)
			rule = "no-account";
		else if (a != NULL && *a->customer_id == '\0')
			rule = "not-billed";
		else if (a == NULL)
			csvr_die(r, A_ACCT, "unknown accountcode '%s': expected "
			    "it in %s, so that the call is billed to a "
			    "customer", acct, accountsf ? accountsf :
			    "accounts.csv (none given)");
		else
			rule = "";
		if (ams_date(utc) >= before)
			continue;
		emit(id, cust, utc, "voice", dst, csvr_get(r, A_BILLSEC), "",
		    "", rule, r, A_DST);
	}
}

/* is_generic: the first line of path is a header naming cdr_id */
static int
is_generic(FILE *fp)
{
	char buf[4096], *p, *f;
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);

	buf[n] = '\0';
	rewind(fp);
	if ((p = strpbrk(buf, "\r\n")) != NULL)
		*p = '\0';
	p = strncmp(buf, "\xef\xbb\xbf", 3) == 0 ? buf + 3 : buf;
	while ((f = strsep(&p, ",")) != NULL)
		if (strcmp(f, "cdr_id") == 0 || strcmp(f, "\"cdr_id\"") == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *cf = NULL;
	struct csvr *r;
	FILE *fp;
	int ch, period = -1, i;

	prog_init(argc, argv, usage);
	while ((ch = getopt(argc, argv, "c:C:a:p:")) != -1) {
		switch (ch) {
		case 'c':
			termsf = optarg;
			break;
		case 'C':
			cf = optarg;
			break;
		case 'a':
			accountsf = optarg;
			break;
		case 'p':
			period = period_opt(optarg);
			before = period_first(period);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (termsf == NULL || cf == NULL)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(cf, &cs);
	if (accountsf != NULL)
		load_accounts(accountsf);
	out = csvw_open(stdout, "<stdout>");
	csvw_header(out, cdr_cols);
	for (i = optind; i < argc; i++) {
		if ((fp = fopen(argv[i], "r")) == NULL)
			die("%s: cannot open: %s", argv[i], strerror(errno));
		if (is_generic(fp)) {
			r = csvr_open(fp, argv[i], 0);
			generic(r);
		} else {
			r = csvr_open(fp, argv[i], CSVR_NOHEADER);
			asterisk(r);
		}
		csvr_close(r);
	}
	csvw_close(out);
	customers_free(&cs);
	terms_free(&terms);
	return 0;
}
