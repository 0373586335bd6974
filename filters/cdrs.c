/*
 * cdrs: read the CDRs of a run, from cdrs.csv-style files (a header naming
 * cdr_id) and Asterisk cdr_csv Master.csv files (no header; formats.md),
 * into one stream of normalised CDRs: ids, customers (through accounts.csv
 * for Asterisk), start times in Amsterdam local time, and the rule of a
 * record that costs nothing.  With -p, only CDRs that started before the
 * run month (VZ 8.14: usage is billed in arrears).  With -r, a bad record
 * is set aside in a rejects file instead of ending the program.
 */
#include <stdarg.h>
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
#include "reject.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

static const char synopsis[] =
    "-c terms.conf -C customers.csv [-a accounts.csv] [-p YYYY-MM] "
    "[-r rejects.csv] [file ...]";
static const char options[] =
    "  -c terms.conf     the provider's terms profile (asterisk_timezone)\n"
    "  -C customers.csv  the customers the CDRs belong to\n"
    "  -a accounts.csv   Asterisk accountcodes and their customers\n"
    "  -p YYYY-MM        the run month: keep only CDRs that started before\n"
    "  -r rejects.csv    set bad CDR rows aside there, and go on\n"
    "  file              cdrs.csv files and Asterisk Master.csv files\n"
    "The normalised CDRs go to stdout.\n";

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
static struct rejw *rej;

/* the fault of the current record: its column and what is wrong */
static struct sbuf why;
static int whycol;

static int
fault(int col, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
fault(int col, const char *fmt, ...)
{
	va_list ap;

	sb_reset(&why);
	va_start(ap, fmt);
	sb_vaddf(&why, fmt, ap);
	va_end(ap);
	whycol = col;
	return -1;
}

/* refuse: the current record is bad: set it aside, or end the run */
static void
refuse(const struct csvr *r)
{
	if (rej != NULL)
		rejw_csv(rej, r, whycol, sb_str(&why));
	else
		csvr_die(r, whycol, "%s", sb_str(&why));
}

/* soft_bad: a fault csvio found in the record's text or field count */
static int
soft_bad(const struct csvr *r)
{
	int col;
	const char *e = csvr_bad(r, &col);

	return e != NULL ? fault(col, "%s", e) : 0;
}

static void
load_accounts(const char *path)
{
	struct csvr *r = csvr_openpath(path, 0);
	int ca = csvr_need(r, "accountcode"), cc = csvr_need(r, "customer_id");
	int cst = csvr_col(r, "strip");
	struct account *a, *dup;

	accounts = strmap_new();
	while (csvr_next(r)) {
		a = xcalloc(1, sizeof(*a));
		a->line = csvr_line(r);
		a->customer_id = xstrdup(fld_id(r, cc, 0));
		if (*a->customer_id && customer_find(&cs, a->customer_id) == NULL)
			csvr_die(r, cc, "unknown customer '%s': expected a "
			    "customer_id of %s", a->customer_id, cs.path);
		a->strip = xstrdup(fld_str(r, cst, 0));
		if (strspn(a->strip, "0123456789") != strlen(a->strip))
			csvr_die(r, cst, "bad strip '%s': expected the digits "
			    "dialled for an outside line", a->strip);
		if ((dup = strmap_put(accounts, fld_str(r, ca, 0), a)) != NULL)
			csvr_die(r, ca, "duplicate accountcode '%s': first on "
			    "line %ld", csvr_get(r, ca), dup->line);
	}
	csvr_close(r);
}

/* emit: one normalised CDR; its origin names the record and its dst field,
 * the one a later step (rate) may find fault with, and at where its bytes
 * are, to set it aside as it stood */
static void
emit(const char *id, const char *cust, int64_t utc, enum service svc,
    const char *dst, const char *billsec, const char *units,
    const char *route_cost, enum cdr_free rule, const struct csvr *r,
    int cd, int idcol)
{
	char ts[TS_BUFSZ], origin[4200], at[64];
	int64_t off;
	size_t len;

	csvw_str(out, id);
	csvw_str(out, cust);
	csvw_str(out, ts_fmt_local(utc, ts));
	csvw_str(out, services[svc]);
	csvw_str(out, dst);
	csvw_str(out, billsec);
	csvw_str(out, units);
	csvw_str(out, route_cost);
	csvw_str(out, cdr_free_name(rule));
	csvw_str(out, csvr_where(r, cd, origin, sizeof(origin)));
	csvr_offset(r, &off, &len);
	csvw_str(out, cdr_at_fmt(at, sizeof(at), idcol + 1, off, len));
	csvw_end(out);
}

/* the checks of one field, each returning -1 with the fault set */

static int
need(const struct csvr *r, int col, const char **v)
{
	*v = csvr_get(r, col);
	if (**v == '\0')
		return fault(col, "missing %s: expected a value",
		    csvr_colname(r, col));
	return 0;
}

static int
id_field(const struct csvr *r, int col, size_t max, const char **v)
{
	const char *e;

	if (need(r, col, v) != 0)
		return -1;
	if ((e = val_id(*v, max)) != NULL)
		return fault(col, "bad %s '%s': %s", csvr_colname(r, col),
		    clip(*v), e);
	return 0;
}

static int
time_field(const struct csvr *r, int col, enum tzone z, int empty_ok,
    int64_t *utc)
{
	const char *s = csvr_get(r, col);

	if (*s == '\0' && empty_ok)
		return 0;
	if (ts_parse(s, z, utc) != 0)
		return fault(col, "bad %s '%s': expected YYYY-MM-DD HH:MM:SS or "
		    "YYYY-MM-DDTHH:MM:SS, with an optional offset",
		    csvr_colname(r, col), clip(s));
	return 0;
}

static int
int_field(const struct csvr *r, int col, int required, long *v)
{
	const char *s = csvr_get(r, col), *e;

	*v = 0;
	if (*s == '\0')
		return required ? fault(col, "missing %s: expected a whole "
		    "number", csvr_colname(r, col)) : 0;
	if ((e = val_int(s, 0, 1000000000, v)) != NULL)
		return fault(col, "bad %s '%s': %s", csvr_colname(r, col),
		    clip(s), e);
	return 0;
}

static int
customer_field(const struct csvr *r, int col, const char **v)
{
	if (id_field(r, col, ID_MAX, v) != 0)
		return -1;
	if (customer_find(&cs, *v) == NULL)
		return fault(col, "unknown customer '%s': expected a "
		    "customer_id of %s", clip(*v), cs.path);
	return 0;
}

/* a cdrs.csv of formats.md */
static int
generic_row(const struct csvr *r, const struct cdrcols *k)
{
	const char *id, *cust, *dst, *s, *e;
	struct cdr_facts f;
	enum number_kind nk;
	char num[E164_MAX + 1];
	int64_t utc, rc;
	long billsec, units;
	int svc;

	if (soft_bad(r) || id_field(r, k->id, ID_MAX, &id) ||
	    customer_field(r, k->cust, &cust) ||
	    need(r, k->start, &s) ||
	    time_field(r, k->start, TZ_AMSTERDAM, 0, &utc) ||
	    need(r, k->dst, &dst))
		return -1;
	s = csvr_get(r, k->svc);
	svc = SVC_VOICE;
	if (*s != '\0') {
		for (svc = 0; services[svc] && strcmp(services[svc], s); svc++)
			;
		if (services[svc] == NULL)
			return fault(k->svc, "bad service '%s': expected voice, "
			    "sms or data", clip(s));
	}
	if (int_field(r, k->billsec, 0, &billsec) ||
	    int_field(r, k->units, 0, &units))
		return -1;
	s = csvr_get(r, k->rc);
	if (*s != '\0' && ((e = val_money(s, MONEY_MICRO, &rc)) != NULL ||
	    rc < 0))
		return fault(k->rc, "bad route_cost '%s': %s", clip(s), e ? e :
		    "expected EUR per minute >= 0");
	nk = e164(dst, num, sizeof(num), svc == SVC_DATA);
	if (nk == NUMBER_BAD)
		return fault(k->dst, "bad dst '%s': expected a number with 0, "
		    "00 or + and up to %d digits%s", clip(dst), E164_MAX,
		    svc == SVC_DATA ? ", or a country code" : "");
	if (ams_date(utc) >= before)
		return 0;
	memset(&f, 0, sizeof(f));
	f.service = (enum service)svc;
	f.billsec = billsec;
	f.answered = 1;
	f.public_dst = nk == NUMBER_PUBLIC;
	emit(id, cust, utc, f.service, dst, csvr_get(r, k->billsec),
	    csvr_get(r, k->units), csvr_get(r, k->rc), cdr_free_why(&f), r,
	    k->dst, k->id);
	return 0;
}

static void
generic(struct csvr *r)
{
	struct cdrcols k;

	cdr_cols_of(r, &k);
	while (csvr_next(r))
		if (generic_row(r, &k) != 0)
			refuse(r);
}

/* Asterisk cdr_csv: 16, 18 or 21 fields, no header (formats.md) */
enum { A_ACCT = 0, A_DST = 2, A_CHAN = 5, A_START = 9, A_ANSWER = 10,
	A_END = 11, A_DURATION = 12, A_BILLSEC = 13, A_DISP = 14, A_UNIQ = 16 };

static const char *const ast_names[] = { "accountcode", "src", "dst",
	"dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
	"start", "answer", "end", "duration", "billsec", "disposition",
	"amaflags", "uniqueid", "userfield", "peeraccount", "linkedid",
	"sequence", NULL };

/* the dispositions Asterisk writes */
static const char *const dispositions[] = { "ANSWERED", "NO ANSWER", "BUSY",
	"FAILED", "CONGESTION", NULL };

static int
asterisk_row(const struct csvr *r, int n, struct sbuf *id)
{
	const struct account *a;
	const char *raw, *acct, *dst, *disp, *uniq = "", *e;
	struct cdr_facts f;
	enum cdr_free rule;
	char num[E164_MAX + 1], hex[17], want[128];
	size_t len;
	int64_t utc, t;
	long billsec, duration;
	int i;

	if (soft_bad(r))
		return -1;
	if (csvr_lines(r))
		return fault(0, "a record spread over several lines: expected "
		    "one record per line");
	if (n >= 18 && *(uniq = csvr_get(r, A_UNIQ)) != '\0' &&
	    (e = val_id(uniq, 0)) != NULL)
		return fault(A_UNIQ, "bad uniqueid '%s': %s", clip(uniq), e);
	raw = csvr_raw(r, &len);
	snprintf(hex, sizeof(hex), "%016llx",
	    (unsigned long long)fnv1a64(raw, len));
	sb_reset(id);
	sb_add(id, *uniq ? uniq : "ast");
	sb_add(id, "-");
	sb_add(id, hex);
	if (time_field(r, A_START, terms.asterisk_utc ? TZ_UTC : TZ_AMSTERDAM,
	    0, &utc) ||
	    time_field(r, A_ANSWER, TZ_UTC, 1, &t) ||
	    time_field(r, A_END, TZ_UTC, 0, &t) ||
	    int_field(r, A_DURATION, 1, &duration) ||
	    int_field(r, A_BILLSEC, 1, &billsec))
		return -1;
	if (billsec > duration)
		return fault(A_BILLSEC, "bad billsec '%ld': more than the "
		    "duration %ld: expected billsec <= duration", billsec,
		    duration);
	disp = csvr_get(r, A_DISP);
	for (i = 0; dispositions[i] && strcmp(dispositions[i], disp); i++)
		;
	if (dispositions[i] == NULL)
		return fault(A_DISP, "bad disposition '%s': expected %s",
		    clip(disp), enum_want(dispositions, want, sizeof(want)));
	acct = csvr_get(r, A_ACCT);
	a = accounts ? strmap_get(accounts, acct) : NULL;
	dst = csvr_get(r, A_DST);
	if (a != NULL && *a->strip &&
	    strncmp(dst, a->strip, strlen(a->strip)) == 0)
		dst += strlen(a->strip);
	memset(&f, 0, sizeof(f));
	f.service = SVC_VOICE;
	f.billsec = billsec;
	f.answered = i == 0;
	f.local_channel = strncmp(csvr_get(r, A_CHAN), "Local/", 6) == 0;
	f.public_dst = e164(dst, num, sizeof(num), 0) != NUMBER_INTERNAL;
	f.asterisk = 1;
	f.has_accountcode = *acct != '\0';
	f.account_known = a != NULL;
	f.account_billed = a != NULL && *a->customer_id != '\0';
	rule = cdr_free_why(&f);
	if (rule == FREE_NONE && a == NULL)
		return fault(A_ACCT, "unknown accountcode '%s': expected it in "
		    "%s, so that the call is billed to a customer", clip(acct),
		    accountsf ? accountsf : "accounts.csv (none given)");
	if (ams_date(utc) >= before)
		return 0;
	emit(sb_str(id), a ? a->customer_id : "", utc, SVC_VOICE, dst,
	    csvr_get(r, A_BILLSEC), "", "", rule, r, A_DST,
	    n >= 18 ? A_UNIQ : 0);
	return 0;
}

static void
asterisk(struct csvr *r)
{
	static const int checked[] = { A_ACCT, A_DST, A_CHAN, A_START,
		A_ANSWER, A_END, A_DURATION, A_BILLSEC, A_DISP, A_UNIQ };
	struct sbuf id = { 0 };
	size_t i, j;
	int n = -1;

	csvr_names(r, ast_names);
	/* only the columns the bill uses must be UTF-8 (formats.md) */
	for (i = 0; i < 21; i++) {
		for (j = 0; j < NELEM(checked) && checked[j] != (int)i; j++)
			;
		if (j == NELEM(checked))
			csvr_rawcol(r, (int)i);
	}
	while (csvr_next(r)) {
		if (n < 0) {
			n = csvr_ncols(r);
			if (n != 16 && n != 18 && n != 21)
				csvr_die(r, n < 16 ? n : 16, "%d fields: expected "
				    "an Asterisk Master.csv record of 16, 18 or "
				    "21", n);
		}
		if (asterisk_row(r, n, &id) != 0)
			refuse(r);
	}
	sb_free(&id);
}

/* is_generic: the first line of fp is a header naming cdr_id */
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

static void
read_file(const char *path)
{
	FILE *fp = xfopen(path, "r");
	int soft = rej != NULL ? CSVR_SOFT : 0;
	struct csvr *r;

	if (is_generic(fp)) {
		r = csvr_open(fp, path, soft);
		generic(r);
	} else {
		r = csvr_open(fp, path, CSVR_NOHEADER | CSVR_RAW | soft);
		asterisk(r);
	}
	csvr_close(r);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *cf = NULL, *rejf = NULL;
	int ch, i;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "c:C:a:p:r:")) != -1) {
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
			before = period_first(period_opt(optarg));
			break;
		case 'r':
			rejf = optarg;
			break;
		}
	}
	if (termsf == NULL || cf == NULL)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(cf, &terms, &cs);
	if (accountsf != NULL)
		load_accounts(accountsf);
	if (rejf != NULL)
		rej = rejw_open(rejf);
	out = csvw_open(stdout, "<stdout>");
	csvw_header(out, cdr_cols);
	for (i = optind; i < argc; i++)
		read_file(argv[i]);
	csvw_close(out);
	rejw_close(rej);

	sb_free(&why);
	customers_free(&cs);
	terms_free(&terms);
	return 0;
}
