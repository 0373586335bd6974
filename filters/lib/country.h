/*
 * country: countries as ISO 3166-1 alpha-2 codes, the EU, the EEA and the
 * SEPA area, and the shape of an EU VAT identification number per member
 * state (the EU's VIES formats; the prefix is the country code, EL for
 * Greece).  The shape is checked, not the check digits: a VAT id that fits
 * its country is taken to be the customer's (formats.md).
 */
#ifndef COUNTRY_H
#define COUNTRY_H

/* iso_country: cc is an assigned ISO 3166-1 alpha-2 code ("NL", "CH"). */
int iso_country(const char *cc);
/* eu_member: cc is a member state of the EU. */
int eu_member(const char *cc);
/* eea_member: cc is in the EEA (the EU and IS, LI, NO). */
int eea_member(const char *cc);
/* sepa_country: an IBAN of cc may be debited under the SEPA schemes. */
int sepa_country(const char *cc);

/*
 * vat_id_check: NULL when id is a well-formed VAT id of a customer in
 * country cc, else what is wrong, phrased to follow "bad vat_id 'x': ".
 * For an EU country: its prefix and its shape.  Outside the EU the shape
 * is not known; only the prefix of an EU country is refused there.
 */
const char *vat_id_check(const char *id, const char *cc);

#endif
