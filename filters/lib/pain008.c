/* pain008: the direct-debit initiation document. */
#include <stdlib.h>

#include "date.h"
#include "money.h"
#include "pain008.h"
#include "util.h"
#include "xmlout.h"

struct p8 {
	struct xmlout *x;
	enum p8version v;
};

static const char *const ns[] = {
	"urn:iso:std:iso:20022:tech:xsd:pain.008.001.02",
	"urn:iso:std:iso:20022:tech:xsd:pain.008.001.08",
};

struct p8 *
p8_open(FILE *fp, const char *name, enum p8version v)
{
	struct p8 *p = xcalloc(1, sizeof(*p));

	p->v = v;
	p->x = xo_open(fp, name);
	xo_start(p->x, "Document");
	xo_attr(p->x, "xmlns", ns[v]);
	xo_start(p->x, "CstmrDrctDbtInitn");
	return p;
}

static void
amount(struct xmlout *x, const char *tag, int64_t v, int ccy)
{
	char m[MONEY_BUFSZ];

	money_fmt(v, 2, m);
	if (ccy)
		xo_leaf_attr(x, tag, "Ccy", "EUR", m);
	else
		xo_leaf(x, tag, m);
}

/* tag/Id/IBAN */
static void
account(struct xmlout *x, const char *tag, const char *iban)
{
	xo_start(x, tag);
	xo_start(x, "Id");
	xo_leaf(x, "IBAN", iban);
	xo_end(x);
	xo_end(x);
}

/* tag/FinInstnId: the BIC, or Othr/Id (NOTPROVIDED, SMNDA) */
static void
agent(const struct p8 *p, const char *tag, const char *bic,
    const char *other)
{
	xo_start(p->x, tag);
	xo_start(p->x, "FinInstnId");
	if (bic != NULL && *bic != '\0') {
		xo_leaf(p->x, p->v == P8_V08 ? "BICFI" : "BIC", bic);
	} else {
		xo_start(p->x, "Othr");
		xo_leaf(p->x, "Id", other);
		xo_end(p->x);
	}
	xo_end(p->x);
	xo_end(p->x);
}

static void
party(struct xmlout *x, const char *tag, const char *name,
    const struct p8_address *a)
{
	xo_start(x, tag);
	xo_leaf(x, "Nm", name);
	if (a->street != NULL) {
		xo_start(x, "PstlAdr");
		xo_leaf(x, "StrtNm", a->street);
		xo_leaf(x, "PstCd", a->postcode);
		xo_leaf(x, "TwnNm", a->town);
		xo_leaf(x, "Ctry", a->country);
		xo_end(x);
	}
	xo_end(x);
}

void
p8_group(struct p8 *p, const struct p8_group *g)
{
	struct xmlout *x = p->x;
	char n[24];

	xo_start(x, "GrpHdr");
	xo_leaf(x, "MsgId", g->msg_id);
	xo_leaf(x, "CreDtTm", g->created);
	snprintf(n, sizeof(n), "%ld", g->count);
	xo_leaf(x, "NbOfTxs", n);
	amount(x, "CtrlSum", g->sum, 0);
	xo_start(x, "InitgPty");
	xo_leaf(x, "Nm", g->initiator);
	xo_end(x);
	xo_end(x);
}

void
p8_block(struct p8 *p, const struct p8_block *b)
{
	struct xmlout *x = p->x;
	char n[24], d[DATE_BUFSZ];

	xo_start(x, "PmtInf");
	xo_leaf(x, "PmtInfId", b->pmtinf_id);
	xo_leaf(x, "PmtMtd", "DD");
	snprintf(n, sizeof(n), "%ld", b->count);
	xo_leaf(x, "NbOfTxs", n);
	amount(x, "CtrlSum", b->sum, 0);
	xo_start(x, "PmtTpInf");
	xo_start(x, "SvcLvl");
	xo_leaf(x, "Cd", "SEPA");
	xo_end(x);
	xo_start(x, "LclInstrm");
	xo_leaf(x, "Cd", b->scheme);
	xo_end(x);
	xo_leaf(x, "SeqTp", seq_names[b->seq]);
	xo_end(x);
	xo_leaf(x, "ReqdColltnDt", date_fmt(b->date, d));
	party(x, "Cdtr", b->creditor, &b->address);
	account(x, "CdtrAcct", b->iban);
	agent(p, "CdtrAgt", b->bic, "NOTPROVIDED");
	xo_leaf(x, "ChrgBr", "SLEV");
}

/* CdtrSchmeId: in each transaction, as the banks' example files have it */
static void
scheme_id(struct xmlout *x, const char *id)
{
	xo_start(x, "CdtrSchmeId");
	xo_start(x, "Id");
	xo_start(x, "PrvtId");
	xo_start(x, "Othr");
	xo_leaf(x, "Id", id);
	xo_start(x, "SchmeNm");
	xo_leaf(x, "Prtry", "SEPA");
	xo_end(x);
	xo_end(x);
	xo_end(x);
	xo_end(x);
	xo_end(x);
}

void
p8_debit(struct p8 *p, const struct p8_debit *t)
{
	struct xmlout *x = p->x;
	char d[DATE_BUFSZ];
	int amended = *t->orig_mandate_id || *t->orig_iban || t->new_bank;

	xo_start(x, "DrctDbtTxInf");
	xo_start(x, "PmtId");
	xo_leaf(x, "EndToEndId", t->end_to_end_id);
	xo_end(x);
	amount(x, "InstdAmt", t->amount, 1);
	xo_start(x, "DrctDbtTx");
	xo_start(x, "MndtRltdInf");
	xo_leaf(x, "MndtId", t->mandate_id);
	xo_leaf(x, "DtOfSgntr", date_fmt(t->mandate_date, d));
	xo_leaf(x, "AmdmntInd", amended ? "true" : "false");
	if (amended) {
		xo_start(x, "AmdmntInfDtls");
		if (*t->orig_mandate_id)
			xo_leaf(x, "OrgnlMndtId", t->orig_mandate_id);
		if (*t->orig_iban)
			account(x, "OrgnlDbtrAcct", t->orig_iban);
		if (t->new_bank)
			agent(p, "OrgnlDbtrAgt", NULL, "SMNDA");
		xo_end(x);
	}
	xo_end(x);
	scheme_id(x, t->creditor_id);
	xo_end(x);
	agent(p, "DbtrAgt", t->bic, "NOTPROVIDED");
	party(x, "Dbtr", t->debtor, &t->address);
	account(x, "DbtrAcct", t->iban);
	xo_start(x, "RmtInf");
	xo_leaf(x, "Ustrd", t->remittance);
	xo_end(x);
	xo_end(x);
}

void
p8_block_end(struct p8 *p)
{
	xo_end(p->x);
}

void
p8_close(struct p8 *p)
{
	xo_end(p->x);
	xo_end(p->x);
	xo_close(p->x);
	free(p);
}
