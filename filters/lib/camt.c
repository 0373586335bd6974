/* camt: camt.053, camt.054 and pain.002 files read as a stream. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "camt.h"
#include "date.h"
#include "money.h"
#include "strmap.h"
#include "util.h"
#include "xmlin.h"

const char *const bank_docs[] = { "camt.053", "camt.054", "pain.002" };

#define NS_ISO "urn:iso:std:iso:20022:tech:xsd:"

/* an amount as the file gives it, with its currency and line */
struct amt {
	struct sbuf v, ccy;
	long line;
	int set;
};

/* what one transaction states (TxDtls, or TxInfAndSts) */
struct tx {
	struct amt tx_amt, instd_amt, own_amt;	/* TxAmt, InstdAmt, Amt */
	struct sbuf e2e, ref, mndt, ustrd, rf, addtl, reason, dbtr, cdtr;
	struct sbuf cdi, sts, acct, stsid;
	long line;
};

/* what one entry (Ntry) states before and after its transactions */
struct ntry {
	struct amt amt;
	struct sbuf cdi, sts, booked, valued, ref, fmly, addtl;
	int rvsl, rtr, ntx;
	long line;
};

struct rd {
	const char *path;
	enum bank_doc doc;
	void (*each)(void *, const struct bank_tx *);
	void *arg;
	struct sbuf acct, ccy;		/* the statement's account */
	struct sbuf msgid, credt;	/* the group header's */
	struct sbuf pmtsts;		/* pain.002: the PmtInf's status */
	struct ntry n;
	struct tx t;
	int in_ntry, in_tx;
	struct strmap *fps;		/* fingerprint -> times seen */
	struct sbuf id, tmp;
};

static void
bad(const struct rd *d, long line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));

static void
bad(const struct rd *d, long line, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&b, fmt, ap);
	va_end(ap);
	die("%s:%ld: %s", d->path, line, sb_str(&b));
}

static void
set(struct sbuf *b, const char *v)
{
	sb_reset(b);
	sb_add(b, v);
}

/* the spaces around a leaf's text are the file's layout, not its value */
static const char *
trim(const char *v, struct sbuf *b)
{
	const char *e;

	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
		v++;
	e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		e--;
	sb_reset(b);
	sb_addn(b, v, (size_t)(e - v));
	return sb_str(b);
}

/* tx_bufs: the text fields of t, for reset and free alike */
#define TX_NBUF 19
static void
tx_bufs(struct tx *t, struct sbuf *all[TX_NBUF])
{
	struct sbuf *b[TX_NBUF] = { &t->tx_amt.v, &t->tx_amt.ccy,
		&t->instd_amt.v, &t->instd_amt.ccy, &t->own_amt.v,
		&t->own_amt.ccy, &t->e2e, &t->ref, &t->mndt, &t->ustrd, &t->rf,
		&t->addtl, &t->reason, &t->dbtr, &t->cdtr, &t->cdi, &t->sts,
		&t->acct, &t->stsid };

	memcpy(all, b, sizeof(b));
}

static void
tx_reset(struct tx *t)
{
	struct sbuf *all[TX_NBUF];
	size_t i;

	tx_bufs(t, all);
	for (i = 0; i < TX_NBUF; i++)
		sb_reset(all[i]);
	t->tx_amt.set = t->instd_amt.set = t->own_amt.set = 0;
}

static void
tx_free(struct tx *t)
{
	struct sbuf *all[TX_NBUF];
	size_t i;

	tx_bufs(t, all);
	for (i = 0; i < TX_NBUF; i++)
		sb_free(all[i]);
}

static void
ntry_reset(struct ntry *n)
{
	struct sbuf *all[] = { &n->amt.v, &n->amt.ccy, &n->cdi, &n->sts,
		&n->booked, &n->valued, &n->ref, &n->fmly, &n->addtl };
	size_t i;

	for (i = 0; i < NELEM(all); i++)
		sb_reset(all[i]);
	n->amt.set = n->rvsl = n->rtr = n->ntx = 0;
}

static void
ntry_free(struct ntry *n)
{
	struct sbuf *all[] = { &n->amt.v, &n->amt.ccy, &n->cdi, &n->sts,
		&n->booked, &n->valued, &n->ref, &n->fmly, &n->addtl };
	size_t i;

	for (i = 0; i < NELEM(all); i++)
		sb_free(all[i]);
}

/* cents: an ISO 20022 amount (up to five decimals; zeros past the cent
 * are the file's precision, not money) */
static int64_t
cents(const struct rd *d, const struct amt *a, const char *what)
{
	const char *s = sb_str(&a->v), *dot = strchr(s, '.');
	enum money_err err = MONEY_SYNTAX;
	char buf[MONEY_BUFSZ];
	size_t n = a->v.len;
	int64_t v = 0;

	if (dot != NULL)
		while (n > (size_t)(dot - s) + 3 && s[n - 1] == '0')
			n--;
	if (n < sizeof(buf)) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		err = money_parse(buf, MONEY_CENTS, &v);
	}
	if (err != MONEY_OK || v < 0)
		bad(d, a->line, "bad %s '%s': expected %s", what, clip(s),
		    err != MONEY_OK ? money_strerror(err) :
		    "an amount without a sign (CdtDbtInd tells the direction)");
	return v;
}

static int32_t
day(const struct rd *d, const char *s, long line, const char *what)
{
	char buf[16];
	int32_t v;

	/* a DtTm's date is its first ten characters */
	snprintf(buf, sizeof(buf), "%.10s", s);
	if (date_parse(buf, &v) != 0)
		bad(d, line, "bad %s '%s': expected a date YYYY-MM-DD", what,
		    clip(s));
	return v;
}

/* fingerprint: the identity of a transaction that has no reference of the
 * bank: its figures and references, numbered when seen again */
static const char *
fingerprint(struct rd *d, const struct bank_tx *t)
{
	struct sbuf b = { 0 };
	struct fp128 f;
	uintptr_t seen;
	char hex[40];

	sb_addf(&b, "%s|%s|%d|%lld|%d|%s|%s|%s|%s|%s|%s|%s", t->account, t->ccy, (int)t->date, (long long)t->amount,
	    (int)t->what, t->end_to_end_id, t->mandate_id, t->reference,
	    t->iban, t->reason, sb_str(&d->n.ref), sb_str(&d->n.amt.v));
	f = fp128(sb_str(&b), b.len);
	sb_free(&b);
	snprintf(hex, sizeof(hex), "%016llx%016llx", (unsigned long long)f.hi,
	    (unsigned long long)f.lo);
	seen = (uintptr_t)strmap_get(d->fps, hex) + 1;
	strmap_set(d->fps, hex, (void *)seen);
	sb_reset(&d->id);
	sb_addf(&d->id, "camt:%s", hex);
	if (seen > 1)
		sb_addf(&d->id, "#%lu", (unsigned long)seen);
	return sb_str(&d->id);
}

static int
yes(const char *v)
{
	return streq(v, "true") || streq(v, "1");
}

/* the other party's account: the debtor's, unless that is ours (a return
 * is booked with the customer as its creditor by some banks) */
static const char *
party(const struct rd *d, const struct tx *t)
{
	if (t->dbtr.len > 0 && strcmp(sb_str(&t->dbtr), sb_str(&d->acct)) != 0)
		return sb_str(&t->dbtr);
	if (t->cdtr.len > 0 && strcmp(sb_str(&t->cdtr), sb_str(&d->acct)) != 0)
		return sb_str(&t->cdtr);
	return "";
}

/* a camt transaction (tx NULL: an entry without TxDtls) */
static void
camt_emit(struct rd *d, const struct tx *t)
{
	struct ntry *n = &d->n;
	const struct amt *a = &n->amt;
	struct bank_tx b;
	const char *cdi, *sts;

	memset(&b, 0, sizeof(b));
	b.doc = d->doc;
	b.account = sb_str(&d->acct);
	b.line = t != NULL ? t->line : n->line;
	b.end_to_end_id = b.mandate_id = b.reason = b.iban = "";
	b.reference = sb_str(&n->addtl);
	if (t != NULL) {
		if (t->tx_amt.set)
			a = &t->tx_amt;
		else if (t->instd_amt.set)
			a = &t->instd_amt;
		else if (t->own_amt.set)
			a = &t->own_amt;
		else if (n->ntx > 1)
			bad(d, t->line, "missing amount of a transaction "
			    "(AmtDtls or Amt) in an entry of several");
		b.end_to_end_id = sb_str(&t->e2e);
		b.mandate_id = sb_str(&t->mndt);
		b.reason = sb_str(&t->reason);
		b.iban = party(d, t);
		b.reference = t->rf.len > 0 ? sb_str(&t->rf) : t->ustrd.len >
		    0 ? sb_str(&t->ustrd) : t->addtl.len > 0 ?
		    sb_str(&t->addtl) : sb_str(&n->addtl);
	}
	if (!a->set)
		bad(d, n->line, "missing Amt of Ntry");
	b.amount = cents(d, a, "Amt");
	b.ccy = a->ccy.len > 0 ? sb_str(&a->ccy) : d->ccy.len > 0 ?
	    sb_str(&d->ccy) : "";
	if (n->booked.len > 0)
		b.date = day(d, sb_str(&n->booked), n->line, "BookgDt");
	else if (n->valued.len > 0)
		b.date = day(d, sb_str(&n->valued), n->line, "ValDt");
	else
		bad(d, n->line, "missing BookgDt of Ntry: expected the date it "
		    "was booked");
	cdi = t != NULL && t->cdi.len > 0 ? sb_str(&t->cdi) : sb_str(&n->cdi);
	sts = sb_str(&n->sts);
	if (!streq(cdi, "CRDT") && !streq(cdi, "DBIT"))
		bad(d, n->line, "bad CdtDbtInd '%s': expected CRDT or DBIT",
		    clip(cdi));
	if (*sts != '\0' && !streq(sts, "BOOK")) {
		b.what = BANK_OTHER;
		b.why = "an entry not booked (Sts is not BOOK)";
	} else if (streq(cdi, "DBIT") && (n->rvsl || n->rtr ||
	    (t != NULL && t->reason.len > 0))) {
		b.what = BANK_RETURN;
	} else if (streq(cdi, "DBIT")) {
		b.what = BANK_OTHER;
		b.why = "money going out of the account";
	} else if (n->rvsl) {
		b.what = BANK_OTHER;
		b.why = "a reversal of money gone out";
	} else if (streq(sb_str(&n->fmly), "RDDT")) {
		b.what = BANK_COLLECTED;
	} else {
		b.what = BANK_CREDIT;
	}
	if (b.amount == 0 && b.what != BANK_OTHER) {
		b.what = BANK_OTHER;
		b.why = "an amount of 0.00";
	}
	if (t != NULL && t->ref.len > 0) {
		sb_reset(&d->id);
		sb_addf(&d->id, "camt:%s", sb_str(&t->ref));
		b.id = sb_str(&d->id);
	} else if (n->ref.len > 0) {
		sb_reset(&d->id);
		sb_addf(&d->id, "camt:%s/%d", sb_str(&n->ref),
		    t != NULL ? n->ntx : 1);
		b.id = sb_str(&d->id);
	} else {
		b.id = fingerprint(d, &b);
	}
	d->each(d->arg, &b);
}

/* a pain.002 transaction's status */
static void
pain_emit(struct rd *d, const struct tx *t)
{
	struct bank_tx b;
	const char *sts = t->sts.len > 0 ? sb_str(&t->sts) : sb_str(&d->pmtsts);

	memset(&b, 0, sizeof(b));
	b.doc = d->doc;
	b.line = t->line;
	b.account = t->acct.len > 0 ? sb_str(&t->acct) : sb_str(&d->acct);
	b.end_to_end_id = sb_str(&t->e2e);
	b.mandate_id = sb_str(&t->mndt);
	b.reason = sb_str(&t->reason);
	b.iban = sb_str(&t->dbtr);
	b.reference = t->ustrd.len > 0 ? sb_str(&t->ustrd) : "";
	if (d->credt.len == 0)
		bad(d, t->line, "missing CreDtTm of GrpHdr: expected the date "
		    "of the report");
	b.date = day(d, sb_str(&d->credt), t->line, "CreDtTm");
	if (t->instd_amt.set) {
		b.amount = cents(d, &t->instd_amt, "InstdAmt");
		b.ccy = sb_str(&t->instd_amt.ccy);
	} else {
		b.ccy = "";
	}
	if (streq(sts, "RJCT")) {
		b.what = BANK_RETURN;
		if (!t->instd_amt.set)
			bad(d, t->line, "missing InstdAmt of OrgnlTxRef: "
			    "expected the amount rejected");
	} else {
		b.what = BANK_OTHER;
		b.why = "a transaction not rejected";
	}
	sb_reset(&d->id);
	sb_addf(&d->id, "pain.002:%s/%s", sb_str(&d->msgid),
	    t->stsid.len > 0 ? sb_str(&t->stsid) : sb_str(&t->e2e));
	b.id = sb_str(&d->id);
	d->each(d->arg, &b);
}

static void
amt_open(struct xin *x, struct amt *a, long line)
{
	a->line = line;
	a->set = 1;
	if (xin_attr(x, "Ccy", &a->ccy) == NULL)
		sb_reset(&a->ccy);
}

static void
opened(void *arg, struct xin *x, const struct xin_elem *e)
{
	struct rd *d = arg;
	const char *n = e->name, *ns;
	struct tx *t = &d->t;

	if (x->depth == 1) {
		ns = xin_ns(x);
		if (!streq(n, "Document") || strncmp(ns, NS_ISO,
		    strlen(NS_ISO)) != 0)
			goto notours;
		ns += strlen(NS_ISO);
		if (strncmp(ns, "camt.053.", 9) == 0)
			d->doc = BANK_CAMT053;
		else if (strncmp(ns, "camt.054.", 9) == 0)
			d->doc = BANK_CAMT054;
		else if (strncmp(ns, "pain.002.", 9) == 0)
			d->doc = BANK_PAIN002;
		else
			goto notours;
		return;
	}
	if (streq(n, "Ntry") && d->doc != BANK_PAIN002) {
		ntry_reset(&d->n);
		d->n.line = e->line;
		d->in_ntry = 1;
	} else if ((streq(n, "TxDtls") && d->in_ntry) ||
	    (streq(n, "TxInfAndSts") && d->doc == BANK_PAIN002)) {
		tx_reset(t);
		t->line = e->line;
		d->in_tx = 1;
		d->n.ntx++;
	} else if (streq(n, "OrgnlPmtInfAndSts")) {
		sb_reset(&d->pmtsts);
	} else if (streq(n, "Amt") && d->in_tx) {
		if (xin_is(x, 1, "TxAmt"))
			amt_open(x, &t->tx_amt, e->line);
		else if (xin_is(x, 1, "InstdAmt"))
			amt_open(x, &t->instd_amt, e->line);
		else if (xin_is(x, 1, "TxDtls"))
			amt_open(x, &t->own_amt, e->line);
	} else if (streq(n, "InstdAmt") && d->in_tx && xin_is(x, 1,
	    "Amt")) {
		amt_open(x, &t->instd_amt, e->line);	/* pain.002 */
	} else if (streq(n, "Amt") && d->in_ntry && xin_is(x, 1,
	    "Ntry")) {
		amt_open(x, &d->n.amt, e->line);
	} else if (streq(n, "RtrInf") && d->in_ntry) {
		d->n.rtr = 1;
	}
	return;
notours:
	bad(d, e->line, "not a camt.053, camt.054 or pain.002 document (root "
	    "%s in namespace '%s')", clip(n), clip(xin_ns(x)));
}

/* an account's IBAN: Acct/Id/IBAN, DbtrAcct/Id/IBAN, CdtrAcct/Id/IBAN */
static int
iban_of(const struct xin *x, const char *acct)
{
	return xin_is(x, 1, "Id") && xin_is(x, 2, acct);
}

static void
tx_leaf(struct rd *d, struct xin *x, const char *n, const char *v)
{
	struct tx *t = &d->t;

	if (streq(n, "Amt") && xin_is(x, 1, "TxAmt"))
		set(&t->tx_amt.v, v);
	else if (streq(n, "Amt") && xin_is(x, 1, "InstdAmt"))
		set(&t->instd_amt.v, v);
	else if (streq(n, "Amt") && xin_is(x, 1, "TxDtls"))
		set(&t->own_amt.v, v);
	else if (streq(n, "InstdAmt") && xin_is(x, 1, "Amt"))
		set(&t->instd_amt.v, v);
	else if (streq(n, "EndToEndId") && xin_is(x, 1, "Refs"))
		set(&t->e2e, v);
	else if (streq(n, "OrgnlEndToEndId"))
		set(&t->e2e, v);
	else if (streq(n, "AcctSvcrRef") && xin_is(x, 1, "Refs"))
		set(&t->ref, v);
	else if (streq(n, "MndtId"))
		set(&t->mndt, v);
	else if (streq(n, "Ustrd")) {
		if (t->ustrd.len > 0)
			sb_add(&t->ustrd, " ");
		sb_add(&t->ustrd, v);
	} else if (streq(n, "Ref") && xin_is(x, 1, "CdtrRefInf"))
		set(&t->rf, v);
	else if (streq(n, "AddtlTxInf"))
		set(&t->addtl, v);
	else if (streq(n, "Cd") && xin_is(x, 1, "Rsn") && (xin_is(x, 2,
	    "RtrInf") || xin_is(x, 2, "StsRsnInf")))
		set(&t->reason, v);
	else if (streq(n, "IBAN") && iban_of(x, "DbtrAcct"))
		set(&t->dbtr, v);
	else if (streq(n, "IBAN") && iban_of(x, "CdtrAcct")) {
		set(&t->cdtr, v);
		set(&t->acct, v);
	} else if (streq(n, "CdtDbtInd") && xin_is(x, 1, "TxDtls"))
		set(&t->cdi, v);
	else if (streq(n, "TxSts"))
		set(&t->sts, v);
	else if (streq(n, "StsId"))
		set(&t->stsid, v);
}

/* what the entry states itself, its transactions' apart */
static void
ntry_leaf(struct rd *d, struct xin *x, const char *n, const char *v)
{
	struct ntry *e = &d->n;

	if (xin_is(x, 1, "Ntry")) {
		if (streq(n, "Amt"))
			set(&e->amt.v, v);
		else if (streq(n, "CdtDbtInd"))
			set(&e->cdi, v);
		else if (streq(n, "RvslInd"))
			e->rvsl = yes(v);
		else if (streq(n, "Sts") && *v != '\0')
			set(&e->sts, v);	/* 001.02 to 001.07 */
		else if (streq(n, "AcctSvcrRef"))
			set(&e->ref, v);
		else if (streq(n, "AddtlNtryInf"))
			set(&e->addtl, v);
	} else if (xin_is(x, 2, "Ntry")) {
		if (streq(n, "Cd") && xin_is(x, 1, "Sts"))
			set(&e->sts, v);	/* 001.08 on */
		else if ((streq(n, "Dt") || streq(n, "DtTm")) &&
		    xin_is(x, 1, "BookgDt"))
			set(&e->booked, v);
		else if ((streq(n, "Dt") || streq(n, "DtTm")) &&
		    xin_is(x, 1, "ValDt"))
			set(&e->valued, v);
	} else if (streq(n, "Cd") && xin_is(x, 1, "Fmly") &&
	    xin_is(x, 3, "BkTxCd") && xin_is(x, 4, "Ntry")) {
		set(&e->fmly, v);	/* BkTxCd/Domn/Fmly/Cd */
	}
}

static void
closed(void *arg, struct xin *x, const struct xin_elem *e, const char *text)
{
	struct rd *d = arg;
	const char *n = e->name, *v = trim(text, &d->tmp);

	if (d->in_tx) {
		if (streq(n, "TxDtls") || streq(n, "TxInfAndSts")) {
			d->in_tx = 0;
			if (d->doc == BANK_PAIN002)
				pain_emit(d, &d->t);
			else
				camt_emit(d, &d->t);
		} else {
			tx_leaf(d, x, n, v);
		}
	} else if (d->in_ntry) {
		if (streq(n, "Ntry")) {
			d->in_ntry = 0;
			if (d->n.ntx == 0)
				camt_emit(d, NULL);
		} else {
			ntry_leaf(d, x, n, v);
		}
	} else if (streq(n, "IBAN") && iban_of(x, "Acct")) {
		set(&d->acct, v);	/* Stmt/Acct, Ntfctn/Acct */
	} else if (streq(n, "Ccy") && xin_is(x, 1, "Acct")) {
		set(&d->ccy, v);
	} else if (streq(n, "MsgId") && xin_is(x, 1, "GrpHdr")) {
		set(&d->msgid, v);
	} else if (streq(n, "CreDtTm") && xin_is(x, 1, "GrpHdr")) {
		set(&d->credt, v);
	} else if (streq(n, "PmtInfSts")) {
		set(&d->pmtsts, v);
	}
}

static const struct xin_ops ops = { opened, NULL, closed, NULL };

void
bank_read(FILE *fp, const char *path,
    void (*each)(void *, const struct bank_tx *), void *arg)
{
	struct rd d;
	char *err;
	long line;

	if (xin_empty(fp))
		die("%s: empty: expected a camt.053, camt.054 or pain.002 "
		    "document", path);
	memset(&d, 0, sizeof(d));
	d.path = path;
	d.each = each;
	d.arg = arg;
	d.fps = strmap_new();
	if (xin_read(fp, path, &ops, &d, &err, &line) != 0)
		die("%s:%ld: not well-formed XML: %s", path, line, err);
	strmap_free(d.fps);
	tx_free(&d.t);
	ntry_free(&d.n);
	sb_free(&d.acct);
	sb_free(&d.ccy);
	sb_free(&d.msgid);
	sb_free(&d.credt);
	sb_free(&d.pmtsts);
	sb_free(&d.id);
	sb_free(&d.tmp);
}
