/*
 * pain008: an ISO 20022 customer direct-debit initiation (pain.008), the
 * file a creditor sends its bank, written as a stream through xmlout in
 * the element order of the schema and of the example files of ING and ABN
 * AMRO: the group header, then one block (PmtInf) per sequence type, each
 * with its transactions.  The caller knows every count and sum before it
 * starts (they head the group and each block) and passes text already in
 * the SEPA set (sepatext.h).  Version 08 (pain.008.001.08, the default)
 * names a BIC BICFI, version 02 (pain.008.001.02) BIC; an agent without a
 * BIC is Othr/Id NOTPROVIDED.  Addresses are structured only (sepa.md).
 *
 *     struct p8 *p = p8_open(fp, "sepa/VZ-202612-20261208.xml", P8_V08);
 *     p8_group(p, &group);
 *     p8_block(p, &block);
 *     p8_debit(p, &debit);  ...
 *     p8_block_end(p);
 *     p8_close(p);
 */
#ifndef PAIN008_H
#define PAIN008_H

#include <stdint.h>
#include <stdio.h>

#include "debits.h"

enum p8version { P8_V02, P8_V08 };

/* sepa.md: an InstdAmt is 0.01 to 999,999,999.99 EUR; this, in cents */
#define P8_AMOUNT_MAX INT64_C(99999999999)

/* a structured postal address; all four or none (street NULL) */
struct p8_address {
	const char *street, *postcode, *town, *country;
};

struct p8_group {
	const char *msg_id, *created;	/* created: YYYY-MM-DDTHH:MM:SS */
	long count;
	int64_t sum;			/* cents */
	const char *initiator;		/* InitgPty/Nm */
};

struct p8_block {
	const char *pmtinf_id, *scheme;	/* scheme CORE or B2B */
	enum seqtype seq;
	long count;
	int64_t sum;
	int32_t date;			/* ReqdColltnDt */
	const char *creditor, *iban, *bic, *creditor_id;	/* bic "" */
	struct p8_address address;
};

struct p8_debit {
	const char *end_to_end_id, *mandate_id;
	int32_t mandate_date;
	int64_t amount;
	const char *orig_mandate_id, *orig_iban;	/* "" unless amended */
	int new_bank;
	const char *creditor_id;
	const char *bic, *debtor, *iban, *remittance;	/* bic "" */
	struct p8_address address;
};

struct p8;
/* p8_open: a document of version v on fp (not owned); name for messages */
struct p8 *p8_open(FILE *fp, const char *name, enum p8version v);
void p8_group(struct p8 *p, const struct p8_group *g);
void p8_block(struct p8 *p, const struct p8_block *b);
void p8_debit(struct p8 *p, const struct p8_debit *d);
void p8_block_end(struct p8 *p);
/* p8_close: the document ended and checked for write errors; fp stays
 * open. */
void p8_close(struct p8 *p);

#endif
