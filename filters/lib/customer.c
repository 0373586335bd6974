/* customer: the customers.csv side table. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "csvio.h"
#include "customer.h"
#include "field.h"
#include "iban.h"
#include "sepatext.h"
#include "strmap.h"
#include "mime.h"
#include "util.h"

const char *
customer_vat_category(const struct customer *c, int64_t rate, int exempt)
{
	switch (customer_vat(c)) {
	case VAT_REVERSE_EU:
	case VAT_REVERSE_DOMESTIC:
		return "AE";
	case VAT_OUTSIDE_EU:
		return "O";
	case VAT_NORMAL:
		break;
	}
	if (exempt)
		return "E";
	return rate == 0 ? "Z" : "S";
}

enum vat_regime
customer_vat(const struct customer *c)
{
	if (strcmp(c->country, "NL") == 0)
		return c->reseller ? VAT_REVERSE_DOMESTIC : VAT_NORMAL;
	return eu_member(c->country) ? VAT_REVERSE_EU : VAT_OUTSIDE_EU;
}

struct cols {
	int id, name, street, post, city, country, email, kvk, vat, iban, bic;
	int mid, mdate, method, lang, res, cons, peppol, bref, delivery;
};


/*
 * check_peppol: the e-invoice address, SCHEME:ID with a four-digit scheme
 * of the Peppol EAS list (0106 KvK, 9925 Belgian VAT, ...); by default
 * 0106 and the KvK number of a Dutch customer with one, 9925 and the VAT
 * id of a Belgian one (formats.md), else none.
 */
static void
check_peppol(const struct csvr *r, const struct cols *k, struct customer *c,
    struct strpool *pool)
{
	const char *s = fld_str(r, k->peppol, 0), *p;
	char buf[64];
	size_t i;

	if (*s == '\0') {
		*buf = '\0';
		if (strcmp(c->country, "NL") == 0 && *c->kvk != '\0')
			snprintf(buf, sizeof(buf), "0106:%s", c->kvk);
		else if (strcmp(c->country, "BE") == 0 && *c->vat_id != '\0')
			snprintf(buf, sizeof(buf), "9925:%s", c->vat_id);
		c->peppol_id = pool_dup(pool, buf);
		return;
	}
	for (i = 0; i < 4 && isdigit((unsigned char)s[i]); i++)
		;
	p = i == 4 && s[4] == ':' ? s + 5 : "";
	if (*p == '\0' || strlen(p) > 100 ||
	    strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-._:") != strlen(p))
		csvr_die(r, k->peppol, "bad peppol_id '%s': expected SCHEME:ID, "
		    "a four-digit scheme (0106 KvK, 9925 Belgian VAT, ...) and "
		    "an id of letters, digits and - . _ :", clip(s));
	c->peppol_id = pool_dup(pool, s);
}

/* the VAT id: its shape, and whether the customer must have one */
static void
check_vat(const struct csvr *r, const struct cols *k, struct customer *c)
{
	const char *why;
	int abroad = strcmp(c->country, "NL") != 0 && eu_member(c->country);

	if (*c->vat_id != '\0') {
		if ((why = vat_id_check(c->vat_id, c->country)) != NULL)
			csvr_die(r, k->vat, "bad vat_id '%s': %s", c->vat_id, why);
		return;
	}
	if (abroad && !c->consumer)
		csvr_die(r, k->vat < 0 ? k->country : k->vat, "missing vat_id: "
		    "expected one for a business in another EU country (%s): "
		    "reverse charge needs it", c->country);
	if (c->reseller)
		csvr_die(r, k->vat < 0 ? k->res : k->vat, "missing vat_id: "
		    "expected one for a reseller (domestic reverse charge)");
}

/* the account and the mandate of a direct-debit customer (sepa.md) */
static void
check_mandate(const struct csvr *r, const struct cols *k, struct customer *c)
{
	char cc[3] = { 0 };
	const char *why;

	if (*c->iban == '\0')
		csvr_die(r, k->iban < 0 ? k->method : k->iban, "missing iban: "
		    "expected one for direct debit");
	memcpy(cc, c->iban, 2);
	if (!sepa_country(cc))
		csvr_die(r, k->iban, "bad iban '%s': %s is not in the SEPA "
		    "area: expected an account that can be debited, or "
		    "payment_method transfer", c->iban, cc);
	if (!eea_member(cc) && *c->bic == '\0')
		csvr_die(r, k->bic < 0 ? k->iban : k->bic, "missing bic: "
		    "expected one for an account outside the EEA (%s)", cc);
	if (*c->mandate_id == '\0')
		csvr_die(r, k->mid < 0 ? k->method : k->mid, "missing "
		    "mandate_id: expected one for direct debit");
	/* it goes into the batch as MndtId (sepa.md) */
	if ((why = sepa_id_check(c->mandate_id, SEPA_ID_MAX)) != NULL)
		csvr_die(r, k->mid, "bad mandate_id '%s': %s", clip(c->mandate_id),
		    why);
	if (c->mandate_date == DATE_NONE)
		csvr_die(r, k->mdate < 0 ? k->method : k->mdate, "missing "
		    "mandate_date: expected one for direct debit");
}

static void
read_row(const struct csvr *r, const struct cols *k, const struct terms *t,
    struct strpool *pool, struct customer *c)
{
	static const char *const methods[] = { "transfer", "direct_debit",
		NULL };
	static const char *const langs[] = { "nl", "en", NULL };
	char iban[40];
	const char *s, *why;

	memset(c, 0, sizeof(*c));
	c->line = csvr_line(r);
	c->id = pool_dup(pool, fld_id(r, k->id, 1));
	c->name = pool_dup(pool, fld_str(r, k->name, 1));
	c->street = pool_dup(pool, fld_str(r, k->street, 1));
	c->postcode = pool_dup(pool, fld_str(r, k->post, 1));
	c->city = pool_dup(pool, fld_str(r, k->city, 1));
	s = fld_str(r, k->country, 0);
	if (*s != '\0' && !iso_country(s))
		csvr_die(r, k->country, "bad country '%s': expected an ISO "
		    "3166-1 alpha-2 code such as NL, BE or CH", s);
	c->country = pool_dup(pool, *s ? s : "NL");
	c->email = pool_dup(pool, fld_str(r, k->email, 0));
	if (*c->email && !mime_addr_ok(c->email))
		csvr_die(r, k->email, "bad email '%s': expected one address "
		    "such as info@example.nl", clip(c->email));
	s = fld_str(r, k->delivery, 0);
	if (*s != '\0' && strcmp(s, "email") != 0 && strcmp(s, "post") != 0)
		csvr_die(r, k->delivery, "bad delivery '%s': expected email "
		    "or post", clip(s));
	c->post = strcmp(s, "post") == 0;
	c->kvk = pool_dup(pool, fld_str(r, k->kvk, 0));
	if (*c->kvk && !kvk_valid(c->kvk))
		csvr_die(r, k->kvk, "bad kvk '%s': expected 8 digits", c->kvk);
	c->reseller = fld_yesno(r, k->res, 0);
	c->consumer = fld_yesno(r, k->cons, 0);
	if (c->consumer && t != NULL && t->family == FAMILY_VZ)
		csvr_die(r, k->cons, "bad consumer 'yes': VOIPZeker contracts "
		    "with businesses only (VZ 2.12, 3.2)");
	if (c->consumer && strcmp(c->country, "NL") != 0)
		csvr_die(r, k->cons, "bad consumer 'yes' in %s: the VAT of a "
		    "consumer's own country is not supported", c->country);
	c->vat_id = pool_dup(pool, fld_str(r, k->vat, 0));
	check_vat(r, k, c);
	s = fld_str(r, k->iban, 0);
	if (*s != '\0' && (why = iban_check(s, iban, sizeof(iban))))
		csvr_die(r, k->iban, "bad iban '%s': %s", s, why);
	c->iban = pool_dup(pool, *s ? iban : "");
	c->bic = pool_dup(pool, fld_str(r, k->bic, 0));
	if (*c->bic && !bic_valid(c->bic))
		csvr_die(r, k->bic, "bad bic '%s': expected 8 or 11 letters and "
		    "digits (BANKCCLL[BBB])", c->bic);
	c->mandate_id = pool_dup(pool, fld_id(r, k->mid, 0));
	c->mandate_date = fld_date(r, k->mdate, 0);
	c->direct_debit = fld_enum(r, k->method, methods, 1);
	c->language = pool_dup(pool, langs[fld_enum(r, k->lang, langs, 0)]);
	check_peppol(r, k, c, pool);
	s = fld_str(r, k->bref, 0);
	c->buyer_reference = pool_dup(pool, *s ? s : c->id);
	if (c->direct_debit)
		check_mandate(r, k, c);
}

/* index_all: the map of the customers so far, once one came out of order
 * (while they come in order of customer_id, a binary search finds them) */
static void
index_all(struct customers *cs)
{
	size_t i;

	cs->byid = strmap_new();
	for (i = 0; i < cs->n; i++)
		strmap_put(cs->byid, cs->v[i].id, (void *)(uintptr_t)(i + 1));
}

void
customers_load(const char *path, const struct terms *t, struct customers *cs)
{
	struct csvr *r = csvr_openpath(path, 0);
	struct cols k;
	size_t cap = 0;
	struct customer *c;
	void *dup;
	int cmp;

	k.id = csvr_need(r, "customer_id");
	k.name = csvr_need(r, "name");
	k.street = csvr_need(r, "street");
	k.post = csvr_need(r, "postcode");
	k.city = csvr_need(r, "city");
	k.country = csvr_col(r, "country");
	k.email = csvr_col(r, "email");
	k.kvk = csvr_col(r, "kvk");
	k.vat = csvr_col(r, "vat_id");
	k.iban = csvr_col(r, "iban");
	k.bic = csvr_col(r, "bic");
	k.mid = csvr_col(r, "mandate_id");
	k.mdate = csvr_col(r, "mandate_date");
	k.method = csvr_col(r, "payment_method");
	k.lang = csvr_col(r, "language");
	k.res = csvr_col(r, "reseller");
	k.cons = csvr_col(r, "consumer");
	k.peppol = csvr_col(r, "peppol_id");
	k.bref = csvr_col(r, "buyer_reference");
	k.delivery = csvr_col(r, "delivery");
	memset(cs, 0, sizeof(*cs));
	cs->path = xstrdup(path);
	while (csvr_next(r)) {
		GROW(cs->v, cs->n, cap);
		c = &cs->v[cs->n];
		read_row(r, &k, t, &cs->pool, c);
		if (cs->byid == NULL && cs->n > 0 &&
		    (cmp = strcmp(cs->v[cs->n - 1].id, c->id)) >= 0) {
			if (cmp == 0)
				csvr_die(r, k.id, "duplicate customer_id '%s': "
				    "first on line %ld", c->id,
				    cs->v[cs->n - 1].line);
			index_all(cs);	/* out of order: a map from here on */
		}
		/* the map holds index + 1: cs->v moves as it grows */
		if (cs->byid != NULL && (dup = strmap_put(cs->byid, c->id,
		    (void *)(uintptr_t)(cs->n + 1))) != NULL)
			csvr_die(r, k.id, "duplicate customer_id '%s': first on "
			    "line %ld", c->id, cs->v[(uintptr_t)dup - 1].line);
		cs->n++;
	}
	csvr_close(r);
}

const struct customer *
customer_find(const struct customers *cs, const char *id)
{
	size_t lo = 0, hi = cs->n, mid;
	uintptr_t i;
	int cmp;

	if (cs->byid != NULL) {
		i = (uintptr_t)strmap_get(cs->byid, id);
		return i ? &cs->v[i - 1] : NULL;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((cmp = strcmp(cs->v[mid].id, id)) == 0)
			return &cs->v[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct customer *
customer_seek(struct customers *cs, const char *id)
{
	const struct customer *c;

	if (cs->next < cs->n && strcmp(cs->v[cs->next].id, id) == 0)
		c = &cs->v[cs->next];
	else if ((c = customer_find(cs, id)) == NULL)
		return NULL;
	cs->next = (size_t)(c - cs->v) + 1;
	return c;
}

void
customers_free(struct customers *cs)
{
	free(cs->v);
	strmap_free(cs->byid);
	pool_free(&cs->pool);
	free(cs->path);
}
