/*
 * sepacheck: check SEPA direct-debit files (ISO 20022 pain.008.001.02 and
 * pain.008.001.08) for the EPC rules of sepa.md that their schema does not
 * express, printing each problem on stdout as FILE:LINE: message.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "iban.h"
#include "money.h"
#include "pain008.h"
#include "sepatext.h"
#include "util.h"
#include "xmlin.h"

static const char synopsis[] = "[-q] file ...";
static const char options[] =
    "  -q    print no problems: the exit status alone tells\n"
    "  file  a pain.008.001.02 or pain.008.001.08 file\n";

#define NS_02 "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"
#define NS_08 "urn:iso:std:iso:20022:tech:xsd:pain.008.001.08"
#define COUNT_DIGITS 15			/* NbOfTxs is Max15NumericText */

enum version { V_UNKNOWN, V02, V08 };

/* the transactions of a file or a PmtInf, and what its NbOfTxs and
 * CtrlSum state about them (which come before the transactions) */
struct tally {
	int64_t n;		/* DrctDbtTxInf */
	int64_t sum;		/* their InstdAmt, in cents */
	int sum_unknown;	/* an InstdAmt that is no amount: no sum */
	int has_nb, has_ctrl;	/* stated, and a number */
	int64_t nb, ctrl;
	long nb_line, ctrl_line;
	char nb_s[COUNT_DIGITS + 1], ctrl_s[MONEY_BUFSZ];
};

/* what one file's check has seen so far: memory stays the same whatever
 * the number of transactions */
struct chk {
	const char *file;
	int quiet;
	long problems;
	enum version v;
	struct xin *x;			/* the reader, where it is */
	struct tally all, blk;		/* the file's, the current PmtInf's */
	int32_t colldt;			/* the PmtInf's ReqdColltnDt */
	int initn, in_tx;
	int seq, svc, lcl, blk_schme;	/* what the PmtInf has */
	int tx_schme, mndt_id, sgntr;	/* what the DrctDbtTxInf has */
	int amdmnt, dtls;		/* of the MndtRltdInf; -1: none */
	long amdmnt_line;
	char amdmnt_s[8];
	int adrline, twnnm, ctry;	/* what the PstlAdr has */
};

static void
problem(struct chk *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct chk *c, long line, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	if (c->quiet)
		return;
	printf("%s:%ld: ", c->file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* a file that cannot be read: said on stderr, and the next file is read */
static void
fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * vis: s as it may be quoted in a one-line message: control characters
 * escaped (a newline in a name is a problem to show, not to print), then
 * clipped.  The result lives until the fourth next call.
 */
static struct sbuf vis_buf[4];

static const char *
vis(const char *s)
{
	static unsigned next;
	struct sbuf *b = &vis_buf[next++ % 4];

	sb_reset(b);
	for (; *s; s++) {
		unsigned char u = (unsigned char)*s;

		if (u == '\n')
			sb_add(b, "\\n");
		else if (u == '\t')
			sb_add(b, "\\t");
		else if (u == '\r')
			sb_add(b, "\\r");
		else if (u < 0x20 || u == 0x7f)
			sb_addf(b, "\\x%02x", u);
		else
			sb_addn(b, s, 1);
	}
	return clip(sb_str(b));
}

/* up: the name of the element n levels above the current one, "" above
 * the root */
static const char *
up(const struct chk *c, size_t n)
{
	return xin_up(c->x, n);
}

static int
is(const struct chk *c, size_t n, const char *name)
{
	return xin_is(c->x, n, name);
}

/*
 * where: the nearest ancestor that names what the current element belongs
 * to, past the wrappers ISO 20022 puts around identifiers and addresses:
 * an IBAN is "in DbtrAcct", not "in Id"; a BIC "in DbtrAgt".
 */
static const char *
where(const struct chk *c)
{
	static const char *const wrappers[] = { "Id", "Othr", "PrvtId",
		"OrgId", "FinInstnId", "SchmeNm", "PstlAdr" };
	size_t n, i;

	for (n = 1; n < c->x->depth; n++) {
		for (i = 0; i < NELEM(wrappers); i++)
			if (is(c, n, wrappers[i]))
				break;
		if (i == NELEM(wrappers))
			return up(c, n);
	}
	return up(c, 1);
}

/* the EPC's maximum lengths where they are shorter than the schema's (Nm
 * is Max140Text in places), and the address fields' for a file checked
 * without its schema */
static const struct {
	const char *name;
	size_t max;
} lengths[] = {
	{ "Nm", SEPA_NAME_MAX }, { "Ustrd", SEPA_USTRD_MAX },
	{ "AdrLine", SEPA_STREET_MAX }, { "StrtNm", SEPA_STREET_MAX },
	{ "BldgNb", 16 }, { "BldgNm", 35 }, { "PstCd", SEPA_POSTCODE_MAX },
	{ "TwnNm", SEPA_TOWN_MAX },
	{ "TwnLctnNm", 35 }, { "DstrctNm", 35 }, { "CtrySubDvsn", 35 },
	{ "Dept", 70 }, { "SubDept", 70 }, { "Flr", 70 }, { "PstBx", 16 },
	{ "Room", 70 },
};

/* text: any text is in the SEPA set and no longer than its element's
 * maximum; one problem an element */
static void
text(struct chk *c, const struct xin_elem *e, const char *v)
{
	const unsigned char *p;
	char ch[8];
	size_t n, i;

	for (p = (const unsigned char *)v; *p; p++)
		if (!sepa_char_ok(*p))
			break;
	if (*p != '\0') {
		/* libxml2 hands over valid UTF-8: quote the whole character */
		n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		n = strnlen((const char *)p, n);
		memcpy(ch, p, n);
		ch[n] = '\0';
		problem(c, e->line, "bad %s '%s' in %s: '%s' is outside the "
		    "SEPA character set", e->name, vis(v), where(c), vis(ch));
		return;
	}
	n = strlen(v);	/* in the set, a character is a byte */
	for (i = 0; i < NELEM(lengths); i++)
		if (strcmp(e->name, lengths[i].name) == 0 && n > lengths[i].max)
			problem(c, e->line, "bad %s '%s' in %s: %zu characters: "
			    "expected at most %zu", e->name, vis(v), where(c), n,
			    lengths[i].max);
}

static void
ident(struct chk *c, const struct xin_elem *e, const char *v)
{
	const char *why = sepa_id_check(v, SEPA_ID_MAX);

	if (why == NULL)
		return;
	if (strlen(v) > SEPA_ID_MAX)
		problem(c, e->line, "bad %s '%s' in %s: %zu characters: "
		    "expected at most %d", e->name, vis(v), where(c), strlen(v),
		    SEPA_ID_MAX);
	else if (strchr(v, ' ') != NULL)
		/* the set has the space, an identifier does not */
		problem(c, e->line, "bad %s '%s' in %s: a space: expected an "
		    "identifier without", e->name, vis(v), where(c));
	else
		problem(c, e->line, "bad %s '%s' in %s: %s", e->name, vis(v),
		    where(c), why);
}

/* code: v is one of the space-separated codes of want */
static void
code(struct chk *c, const struct xin_elem *e, const char *v, const char *want,
    const char *expected)
{
	const char *p;
	size_t n = strlen(v);

	if (n > 0)
		for (p = want; (p = strstr(p, v)) != NULL; p++)
			if ((p == want || p[-1] == ' ') && (p[n] == ' ' ||
			    p[n] == '\0'))
				return;
	problem(c, e->line, "bad %s '%s' in %s: expected %s", e->name, vis(v),
	    where(c), expected);
}

/* date: v as a day number, or DATE_NONE and a problem */
static int32_t
date(struct chk *c, const struct xin_elem *e, const char *v)
{
	char why[96];
	int32_t d;

	if (date_parse(v, &d) == 0)
		return d;
	problem(c, e->line, "bad %s '%s' in %s: %s", e->name, vis(v), where(c),
	    date_why(v, why, sizeof(why)));
	return DATE_NONE;
}

/* amount: v in cents, by the EPC's grammar (at most two decimals after
 * '.'; the schema allows five), or -1 and a problem */
static int
amount(struct chk *c, const struct xin_elem *e, const char *v, int64_t *cents)
{
	enum money_err err = money_parse(v, MONEY_CENTS, cents);

	if (err == MONEY_OK && *cents >= 0)
		return 0;
	problem(c, e->line, "bad %s '%s' in %s: %s", e->name, vis(v), where(c),
	    err == MONEY_DECIMALS ? "expected at most two decimals" :
	    err == MONEY_OK ? "expected an amount of 0 or more" :
	    money_strerror(err));
	return -1;
}

static void
iban(struct chk *c, const struct xin_elem *e, const char *v)
{
	char norm[40];
	const char *why = iban_check(v, norm, sizeof(norm));

	/* iban_check reads a customer's IBAN with spaces; the file's has none
	 * (the schema's pattern) */
	if (why == NULL && strchr(v, ' ') != NULL)
		why = "expected no spaces";
	if (why != NULL)
		problem(c, e->line, "bad IBAN '%s' in %s: %s", vis(v), where(c),
		    why);
}

/* creditor: a creditor scheme id, with the reason it is not one */
static void
creditor(struct chk *c, const struct xin_elem *e, const char *v)
{
	const char *why = creditor_id_check(v);

	if (why != NULL)
		problem(c, e->line, "bad creditor id '%s' in %s: %s", vis(v),
		    where(c), why);
}

/* agent_id: FinInstnId/Othr/Id of an agent: NOTPROVIDED in place of a
 * BIC, and SMNDA alone for the original debtor agent (sepa.md) */
static void
agent_id(struct chk *c, const struct xin_elem *e, const char *v)
{
	const char *agent = up(c, 3);

	if (strcmp(agent, "OrgnlDbtrAgt") == 0)
		code(c, e, v, "SMNDA", "SMNDA");
	else if (strcmp(agent, "DbtrAgt") == 0 || strcmp(agent, "CdtrAgt") ==
	    0)
		code(c, e, v, "NOTPROVIDED", "NOTPROVIDED or a BIC");
	else
		text(c, e, v);
}

static void
bic(struct chk *c, const struct xin_elem *e, const char *v)
{
	if (!bic_valid(v))
		problem(c, e->line, "bad %s '%s' in %s: expected 8 or 11 "
		    "characters: 6 letters, then letters or digits", e->name,
		    vis(v), where(c));
	else if (is(c, 2, "OrgnlDbtrAgt"))
		problem(c, e->line, "bad %s '%s' in OrgnlDbtrAgt: expected "
		    "Othr/Id SMNDA", e->name, vis(v));
}

/* stated: a GrpHdr's or PmtInf's NbOfTxs or CtrlSum, kept for its end */
static void
stated(struct chk *c, const struct xin_elem *e, const char *v)
{
	struct tally *t = is(c, 1, "GrpHdr") ? &c->all : is(c, 1, "PmtInf") ?
	    &c->blk : NULL;
	size_t n = strlen(v);

	if (strcmp(e->name, "NbOfTxs") == 0) {
		if (n == 0 || n > COUNT_DIGITS || strspn(v, "0123456789") != n) {
			problem(c, e->line, "bad NbOfTxs '%s' in %s: expected "
			    "a whole number", vis(v), where(c));
			return;
		}
		if (t != NULL) {
			t->has_nb = 1;
			t->nb = strtoll(v, NULL, 10);
			t->nb_line = e->line;
			memcpy(t->nb_s, v, n + 1);
		}
	} else {
		int64_t x;

		if (amount(c, e, v, &x) != 0 || t == NULL)
			return;
		t->has_ctrl = 1;
		t->ctrl = x;
		t->ctrl_line = e->line;
		snprintf(t->ctrl_s, sizeof(t->ctrl_s), "%s", v);
	}
}

static void
instd_amt(struct chk *c, const struct xin_elem *e, const char *v)
{
	int64_t x;
	int ok = amount(c, e, v, &x) == 0;

	if (ok && (x < 1 || x > P8_AMOUNT_MAX))
		problem(c, e->line, "bad InstdAmt '%s' in %s: expected 0.01 to "
		    "999999999.99", vis(v), where(c));
	if (!ok || madd(c->all.sum, x, &c->all.sum) != 0)
		c->all.sum_unknown = 1;
	if (!ok || madd(c->blk.sum, x, &c->blk.sum) != 0)
		c->blk.sum_unknown = 1;
}

/* agree: the NbOfTxs and CtrlSum a GrpHdr or PmtInf stated are what its
 * transactions hold */
static void
agree(struct chk *c, const struct tally *t, const char *of, int file)
{
	char m[MONEY_BUFSZ];

	if (t->has_nb && t->nb != t->n)
		problem(c, t->nb_line, "bad NbOfTxs '%s' in %s: %s %" PRId64
		    " DrctDbtTxInf", t->nb_s, of, file ? "the file has" :
		    "it has", t->n);
	if (t->has_ctrl && !t->sum_unknown && t->ctrl != t->sum)
		problem(c, t->ctrl_line, "bad CtrlSum '%s' in %s: %s sum to %s",
		    vis(t->ctrl_s), of, file ? "the InstdAmt of the file" :
		    "its InstdAmt", money_fmt(t->sum, MONEY_CENTS, m));
}

/* leaf: the checks of an element's own text */
static void
leaf(struct chk *c, const struct xin_elem *e, const char *v)
{
	const char *n = e->name;
	int32_t d;

	if (strcmp(n, "IBAN") == 0) {
		iban(c, e, v);
	} else if (strcmp(n, "BIC") == 0 || strcmp(n, "BICFI") == 0) {
		bic(c, e, v);
	} else if (strcmp(n, "Id") == 0 && is(c, 1, "Othr") && is(c, 2,
	    "PrvtId") && (is(c, 4, "CdtrSchmeId") || is(c, 4,
	    "OrgnlCdtrSchmeId"))) {
		creditor(c, e, v);
		if (is(c, 4, "CdtrSchmeId")) {
			c->blk_schme |= !c->in_tx;
			c->tx_schme |= c->in_tx;
		}
	} else if (strcmp(n, "Id") == 0 && is(c, 1, "Othr") && is(c, 2,
	    "FinInstnId")) {
		agent_id(c, e, v);
	} else if (strcmp(n, "Prtry") == 0 && is(c, 1, "SchmeNm") && is(c, 3,
	    "PrvtId") && (is(c, 5, "CdtrSchmeId") || is(c, 5,
	    "OrgnlCdtrSchmeId"))) {
		code(c, e, v, "SEPA", "SEPA");
	} else if (strcmp(n, "MsgId") == 0 || strcmp(n, "PmtInfId") == 0 ||
	    strcmp(n, "EndToEndId") == 0 || strcmp(n, "MndtId") == 0 ||
	    strcmp(n, "OrgnlMndtId") == 0) {
		ident(c, e, v);
		c->mndt_id |= strcmp(n, "MndtId") == 0;
	} else if (strcmp(n, "PmtMtd") == 0) {
		code(c, e, v, "DD", "DD");
	} else if (strcmp(n, "Cd") == 0 && is(c, 1, "SvcLvl")) {
		code(c, e, v, "SEPA", "SEPA");
		c->svc = 1;
	} else if (strcmp(n, "Cd") == 0 && is(c, 1, "LclInstrm")) {
		code(c, e, v, "CORE B2B", "CORE or B2B");
		c->lcl = 1;
	} else if (strcmp(n, "SeqTp") == 0) {
		/* ISO 2019's RPRE is outside the EPC's scheme */
		code(c, e, v, "FRST RCUR FNAL OOFF", "FRST, RCUR, FNAL or OOFF");
		c->seq = 1;
	} else if (strcmp(n, "ChrgBr") == 0) {
		code(c, e, v, "SLEV", "SLEV");
	} else if (strcmp(n, "ReqdColltnDt") == 0) {
		c->colldt = d = date(c, e, v);
		if (d != DATE_NONE && target2_closed(d))
			problem(c, e->line, "bad ReqdColltnDt '%s' in %s: %s: "
			    "expected a TARGET2 day", vis(v), where(c),
			    weekday(d) == 5 ? "a Saturday" : weekday(d) == 6 ?
			    "a Sunday" : "a TARGET2 holiday");
	} else if (strcmp(n, "DtOfSgntr") == 0) {
		c->sgntr = 1;
		d = date(c, e, v);
		if (d != DATE_NONE && c->colldt != DATE_NONE && d > c->colldt) {
			char cd[DATE_BUFSZ];

			problem(c, e->line, "bad DtOfSgntr '%s' in %s: after the "
			    "collection date %s of its PmtInf", vis(v), where(c),
			    date_fmt(c->colldt, cd));
		}
	} else if (strcmp(n, "AmdmntInd") == 0) {
		/* xs:boolean: 1 and 0 too */
		c->amdmnt = strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ? 1 :
		    strcmp(v, "false") == 0 || strcmp(v, "0") == 0 ? 0 : -2;
		c->amdmnt_line = e->line;
		snprintf(c->amdmnt_s, sizeof(c->amdmnt_s), "%s", v);
		if (c->amdmnt == -2)
			problem(c, e->line, "bad AmdmntInd '%s' in %s: expected "
			    "true or false", vis(v), where(c));
	} else if (strcmp(n, "NbOfTxs") == 0 || strcmp(n, "CtrlSum") == 0) {
		stated(c, e, v);
	} else if (strcmp(n, "InstdAmt") == 0) {
		instd_amt(c, e, v);
	} else {
		if (is(c, 1, "PstlAdr")) {
			c->adrline |= strcmp(n, "AdrLine") == 0;
			c->twnnm |= strcmp(n, "TwnNm") == 0;
			c->ctry |= strcmp(n, "Ctry") == 0;
		}
		text(c, e, v);
	}
}

/* the checks that need an element's children, when it ends */
static void
closed(struct chk *c, const struct xin_elem *e)
{
	const char *n = e->name;

	if (strcmp(n, "DrctDbtTxInf") == 0) {
		if (!c->tx_schme && !c->blk_schme)
			problem(c, e->line, "missing CdtrSchmeId in "
			    "DrctDbtTxInf: expected the creditor id in it or "
			    "in its PmtInf");
		if (!c->mndt_id)
			problem(c, e->line, "missing MndtId in DrctDbtTxInf");
		if (!c->sgntr)
			problem(c, e->line, "missing DtOfSgntr in DrctDbtTxInf");
		c->in_tx = 0;
	} else if (strcmp(n, "PmtInf") == 0) {
		if (!c->svc)
			problem(c, e->line, "missing SvcLvl/Cd in PmtInf: "
			    "expected SEPA");
		if (!c->lcl)
			problem(c, e->line, "missing LclInstrm/Cd in PmtInf: "
			    "expected CORE or B2B");
		if (!c->seq)
			problem(c, e->line, "missing SeqTp in PmtInf: expected "
			    "FRST, RCUR, FNAL or OOFF");
		agree(c, &c->blk, "PmtInf", 0);
	} else if (strcmp(n, "MndtRltdInf") == 0) {
		if (c->amdmnt == 1 && !c->dtls)
			problem(c, c->amdmnt_line, "bad AmdmntInd '%s' in "
			    "MndtRltdInf: expected AmdmntInfDtls with it",
			    c->amdmnt_s);
		else if (c->amdmnt == 0 && c->dtls)
			problem(c, c->amdmnt_line, "bad AmdmntInd '%s' in "
			    "MndtRltdInf: expected true, as AmdmntInfDtls "
			    "follows", c->amdmnt_s);
		else if (c->amdmnt == -1 && c->dtls)
			problem(c, e->line, "missing AmdmntInd in MndtRltdInf: "
			    "expected true, as AmdmntInfDtls follows");
	} else if (strcmp(n, "PstlAdr") == 0) {
		/* the EPC and the Betaalvereniging refuse unstructured
		 * addresses from 15 November 2026; TwnNm and Ctry make one
		 * hybrid at the least */
		if (c->adrline && !(c->twnnm && c->ctry))
			problem(c, e->line, "unstructured PstlAdr in %s: "
			    "AdrLine without %s: expected TwnNm and Ctry "
			    "(refused since 15 November 2026)", where(c),
			    c->twnnm ? "Ctry" : c->ctry ? "TwnNm" :
			    "TwnNm and Ctry");
	} else if (strcmp(n, "CstmrDrctDbtInitn") == 0) {
		agree(c, &c->all, "GrpHdr", 1);
	} else if (c->x->depth == 1 && !c->initn) {
		problem(c, e->line, "missing CstmrDrctDbtInitn in %s: expected "
		    "a direct-debit initiation", vis(n));
	}
}

/* opened: the checks of an element's start tag and the state it opens */
static void
opened(void *arg, struct xin *x, const struct xin_elem *e)
{
	struct chk *c = arg;
	const char *n = e->name, *ns, *ccy;
	struct sbuf b = { 0 };

	c->x = x;
	if (x->depth == 1) {
		ns = xin_ns(x);
		if (strcmp(n, "Document") != 0)
			problem(c, e->line, "bad root element '%s': expected "
			    "Document", vis(n));
		else if (strcmp(ns, NS_02) == 0)
			c->v = V02;
		else if (strcmp(ns, NS_08) == 0)
			c->v = V08;
		else
			problem(c, e->line, "bad namespace '%s' of Document: "
			    "expected %s or %s", vis(ns), NS_02, NS_08);
	} else if (strcmp(n, "BIC") == 0 && c->v == V08) {
		problem(c, e->line, "bad element BIC in %s: pain.008.001.08 "
		    "names it BICFI", where(c));
	} else if (strcmp(n, "BICFI") == 0 && c->v == V02) {
		problem(c, e->line, "bad element BICFI in %s: pain.008.001.02 "
		    "names it BIC", where(c));
	} else if (strcmp(n, "CstmrDrctDbtInitn") == 0) {
		c->initn = 1;
	} else if (strcmp(n, "PmtInf") == 0) {
		memset(&c->blk, 0, sizeof(c->blk));
		c->colldt = DATE_NONE;
		c->seq = c->svc = c->lcl = c->blk_schme = 0;
	} else if (strcmp(n, "DrctDbtTxInf") == 0) {
		c->in_tx = 1;
		c->tx_schme = c->mndt_id = c->sgntr = 0;
		c->all.n++;
		c->blk.n++;
	} else if (strcmp(n, "MndtRltdInf") == 0) {
		c->amdmnt = -1;
		c->dtls = 0;
	} else if (strcmp(n, "AmdmntInfDtls") == 0) {
		c->dtls = 1;
	} else if (strcmp(n, "PstlAdr") == 0) {
		c->adrline = c->twnnm = c->ctry = 0;
	} else if (strcmp(n, "InstdAmt") == 0) {
		ccy = xin_attr(x, "Ccy", &b);
		if (ccy == NULL)
			problem(c, e->line, "missing Ccy of InstdAmt: expected "
			    "EUR");
		else if (strcmp(ccy, "EUR") != 0)
			problem(c, e->line, "bad Ccy '%s' of InstdAmt: expected "
			    "EUR", vis(ccy));
	}
	sb_free(&b);
}

static void
mixed(void *arg, struct xin *x, const struct xin_elem *e, const char *v)
{
	struct chk *c = arg;

	c->x = x;
	text(c, e, v);
}

static void
shut(void *arg, struct xin *x, const struct xin_elem *e, const char *v)
{
	struct chk *c = arg;

	c->x = x;
	leaf(c, e, v);
	closed(c, e);
}

/* an entity reference's text is not read: it would go unchecked */
static void
entity(void *arg, struct xin *x, long line, const char *name)
{
	struct chk *c = arg;

	c->x = x;
	problem(c, line, "bad entity reference '&%s;' in %s: expected plain "
	    "text", vis(name), up(c, 0));
}

static const struct xin_ops ops = { opened, mixed, shut, entity };

/*
 * check_file: check one file, printing its problems.  Returns 0 when it
 * has none, 1 when it has some or cannot be read as XML.
 */
static int
check_file(const char *path, int quiet)
{
	struct chk c;
	char why[128], *err;
	long line;
	FILE *fp = xfopen_try(path, "r", why, sizeof(why));
	int bad;

	if (fp == NULL) {
		fail("%s: %s", path, why);
		return 1;
	}
	if (xin_empty(fp)) {
		fail("%s: empty: expected a pain.008 document", path);
		fclose(fp);
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.file = path;
	c.quiet = quiet;
	c.colldt = DATE_NONE;
	c.amdmnt = -1;
	bad = xin_read(fp, path, &ops, &c, &err, &line) != 0;
	if (bad) {
		if (line > 0)
			fail("%s:%ld: not well-formed XML: %s", path, line, err);
		else
			fail("%s: cannot read: %s", path, err);
		free(err);
	}
	fclose(fp);
	return bad || c.problems > 0;
}

int
main(int argc, char *argv[])
{
	size_t i;
	int ch, quiet = 0, bad = 0;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "q")) != -1)
		quiet = 1;
	if (optind == argc)
		usage(stderr, 2);
	LIBXML_TEST_VERSION
	for (; optind < argc; optind++)
		bad |= check_file(argv[optind], quiet);
	xmlCleanupParser();
	for (i = 0; i < NELEM(vis_buf); i++)
		sb_free(&vis_buf[i]);
	fshut(stdout, "<stdout>");
	return bad;
}
