/*
 * customer: customers.csv (formats.md), loaded whole: it is a side table of
 * every filter that needs a name, an address, a VAT regime or an IBAN.
 * Every row is checked: the id, the required fields, the country (ISO
 * 3166-1), a present IBAN (mod 97 and length, whatever the payment method),
 * the VAT id by its country's shape (required for a business in another EU
 * country and for a reseller), the mandate of a direct-debit customer (the
 * IBAN of a SEPA country, and the BIC outside the EEA), and unique ids.
 * The VAT regime of each customer is decided here (customer_vat).
 */
#ifndef CUSTOMER_H
#define CUSTOMER_H

#include <stddef.h>
#include <stdint.h>

#include "terms.h"
#include "util.h"

enum vat_regime {
	VAT_NORMAL,		/* Dutch VAT */
	VAT_REVERSE_EU,		/* EU business with a VAT id: btw verlegd */
	VAT_REVERSE_DOMESTIC,	/* Dutch telecom reseller: btw verlegd */
	VAT_OUTSIDE_EU		/* business outside the EU: no Dutch VAT */
};

/* sepa.md: a mandate id is at most 35 characters of the SEPA set */
struct customer {
	char *id, *name, *street, *postcode, *city, *country, *email, *kvk;
	char *vat_id, *iban, *bic, *mandate_id, *language;
	char *peppol_id;	/* SCHEME:ID, the default made; "": none */
	char *buyer_reference;	/* default the customer_id */
	int32_t mandate_date;
	int direct_debit;	/* payment_method is direct_debit */
	int reseller, consumer;
	int post;		/* delivery = post: printed, not mailed */
	long line;
};

struct customers {
	struct customer *v;
	size_t n;
	struct strmap *byid;	/* NULL while the ids come sorted */
	struct strpool pool;	/* the strings of every customer */
	size_t next;		/* customer_seek's guess */
	char *path;
};

/* customers_load: read and check path into *cs; dies on a bad row.  With
 * t, the checks of the terms' family too (VZ serves businesses only). */
void customers_load(const char *path, const struct terms *t,
    struct customers *cs);
/* customer_find: the customer of id, or NULL: a binary search while the
 * file came sorted by customer_id, a hash map from its first row out of
 * order on. */
const struct customer *customer_find(const struct customers *cs,
    const char *id);
/* customer_seek: customer_find for ids that mostly come in the file's
 * order (a run's invoices): the row after the last one found is tried
 * first. */
const struct customer *customer_seek(struct customers *cs, const char *id);
void customers_free(struct customers *cs);

/* customer_vat: the customer's VAT regime (rules.md §8, legal.md). */
enum vat_regime customer_vat(const struct customer *c);
/*
 * customer_vat_category: the EN 16931 / UNCL5305 category of a line of
 * the customer's at rate (hundredths of a percent; exempt: the line's own
 * vat_category E): AE reverse charge (EU and domestic), O outside the
 * scope (outside the EU), else E exempt, Z zero rate, S standard.  The
 * invoice's lines.csv, the PDF's VAT text and the e-invoice follow it.
 */
const char *customer_vat_category(const struct customer *c, int64_t rate,
    int exempt);

#endif
