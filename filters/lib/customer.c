/* customer: the customers.csv side table. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "customer.h"
#include "field.h"
#include "iban.h"
#include "strmap.h"
#include "util.h"

int
eu_member(const char *cc)
{
	static const char eu[] = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU "
	    "IE IT LT LU LV MT NL PL PT RO SE SI SK";
	const char *p;

	if (strlen(cc) != 2)
		return 0;
	for (p = eu; *p; p += 3)
		if (p[0] == cc[0] && p[1] == cc[1])
			return 1;
	return 0;
}

enum vat_regime
customer_vat(const struct customer *c)
{
	if (strcmp(c->country, "NL") == 0)
		return c->reseller ? VAT_REVERSE_DOMESTIC : VAT_NORMAL;
	return eu_member(c->country) ? VAT_REVERSE_EU : VAT_OUTSIDE_EU;
}

static int
digits_only(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

void
customers_load(const char *path, struct customers *cs)
{
	static const char *const methods[] = { "transfer", "direct_debit",
		NULL };
	static const char *const langs[] = { "nl", "en", NULL };
	struct csvr *r = csvr_openpath(path, 0);
	int cid = csvr_need(r, "customer_id"), cname = csvr_need(r, "name");
	int cstreet = csvr_need(r, "street"), cpost = csvr_need(r, "postcode");
	int ccity = csvr_need(r, "city"), ccountry = csvr_col(r, "country");
	int cemail = csvr_col(r, "email"), ckvk = csvr_col(r, "kvk");
	int cvat = csvr_col(r, "vat_id"), ciban = csvr_col(r, "iban");
	int cbic = csvr_col(r, "bic"), cmid = csvr_col(r, "mandate_id");
	int cmdate = csvr_col(r, "mandate_date");
	int cmethod = csvr_col(r, "payment_method");
	int clang = csvr_col(r, "language"), cres = csvr_col(r, "reseller");
	size_t cap = 0;
	char iban[40];
	const char *s, *why;
	struct customer *c;
	void *dup;

	memset(cs, 0, sizeof(*cs));
	cs->path = xstrdup(path);
	cs->byid = strmap_new();
	while (csvr_next(r)) {
		GROW(cs->v, cs->n, cap);
		c = &cs->v[cs->n];
		memset(c, 0, sizeof(*c));
		c->line = csvr_line(r);
		c->id = xstrdup(fld_str(r, cid, 1));
		c->name = xstrdup(fld_str(r, cname, 1));
		c->street = xstrdup(fld_str(r, cstreet, 1));
		c->postcode = xstrdup(fld_str(r, cpost, 1));
		c->city = xstrdup(fld_str(r, ccity, 1));
		s = fld_str(r, ccountry, 0);
		if (*s != '\0' && (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' ||
		    s[1] < 'A' || s[1] > 'Z'))
			csvr_die(r, ccountry, "bad country '%s': expected an "
			    "ISO 3166 alpha-2 code such as NL", s);
		c->country = xstrdup(*s ? s : "NL");
		c->email = xstrdup(fld_str(r, cemail, 0));
		if (*c->email && strchr(c->email, '@') == NULL)
			csvr_die(r, cemail, "bad email '%s': expected an "
			    "address with '@'", c->email);
		c->kvk = xstrdup(fld_str(r, ckvk, 0));
		if (*c->kvk && !digits_only(c->kvk, 8))
			csvr_die(r, ckvk, "bad kvk '%s': expected 8 digits",
			    c->kvk);
		c->vat_id = xstrdup(fld_str(r, cvat, 0));
		if (strcmp(c->country, "NL") != 0 && *c->vat_id == '\0')
			csvr_die(r, cvat < 0 ? ccountry : cvat, "missing vat_id:"
			    " expected one for a customer outside NL (%s)",
			    c->country);
		s = fld_str(r, ciban, 0);
		if (*s != '\0' && (why = iban_check(s, iban, sizeof(iban))))
			csvr_die(r, ciban, "bad iban '%s': %s", s, why);
		c->iban = xstrdup(*s ? iban : "");
		c->bic = xstrdup(fld_str(r, cbic, 0));
		if (*c->bic && !bic_valid(c->bic))
			csvr_die(r, cbic, "bad bic '%s': expected 8 or 11 "
			    "letters and digits (BANKCCLL[BBB])", c->bic);
		c->mandate_id = xstrdup(fld_str(r, cmid, 0));
		c->mandate_date = fld_date(r, cmdate, 0);
		c->direct_debit = fld_enum(r, cmethod, methods, 1);
		c->language = xstrdup(langs[fld_enum(r, clang, langs, 0)]);
		c->reseller = fld_yesno(r, cres, 0);
		if (c->direct_debit) {
			if (*c->iban == '\0')
				csvr_die(r, ciban < 0 ? cmethod : ciban,
				    "missing iban: expected one for direct "
				    "debit");
			if (*c->mandate_id == '\0')
				csvr_die(r, cmid < 0 ? cmethod : cmid,
				    "missing mandate_id: expected one for "
				    "direct debit");
			if (c->mandate_date == DATE_NONE)
				csvr_die(r, cmdate < 0 ? cmethod : cmdate,
				    "missing mandate_date: expected one for "
				    "direct debit");
		}
		/* the map holds index + 1: cs->v moves as it grows */
		if ((dup = strmap_put(cs->byid, c->id,
		    (void *)(uintptr_t)(cs->n + 1))) != NULL)
			csvr_die(r, cid, "duplicate customer_id '%s': first on "
			    "line %ld", c->id, cs->v[(uintptr_t)dup - 1].line);
		cs->n++;
	}
	csvr_close(r);
}

const struct customer *
customer_find(const struct customers *cs, const char *id)
{
	uintptr_t i = (uintptr_t)strmap_get(cs->byid, id);

	return i ? &cs->v[i - 1] : NULL;
}

void
customers_free(struct customers *cs)
{
	size_t i;
	struct customer *c;

	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		free(c->id);
		free(c->name);
		free(c->street);
		free(c->postcode);
		free(c->city);
		free(c->country);
		free(c->email);
		free(c->kvk);
		free(c->vat_id);
		free(c->iban);
		free(c->bic);
		free(c->mandate_id);
		free(c->language);
	}
	free(cs->v);
	strmap_free(cs->byid);
	free(cs->path);
}
