/*
 * iban: account identifiers of sepa.md.  An IBAN is country + 2 check
 * digits + BBAN, of the fixed length of its country, and mod 97 of its
 * rearranged digits is 1.
 */
#ifndef IBAN_H
#define IBAN_H

#include <stddef.h>

/*
 * iban_check: normalise s (spaces removed) into out (size >= 35) and check
 * it.  Returns NULL when valid, else the reason, phrased to follow "bad
 * IBAN 'x': " ("check digits do not match (mod 97)").
 */
const char *iban_check(const char *s, char *out, size_t outsz);
/* kvk_valid: a Dutch chamber of commerce (KvK) number: 8 digits. */
int kvk_valid(const char *s);
/* bic_valid: 8 or 11 characters: 4 letters, 2 letters, 2 alnum, 3 alnum. */
int bic_valid(const char *s);
/*
 * creditor_id_check: NULL when s is a SEPA creditor identifier (country,
 * 2 check digits, a 3-character business code, the national id; at most
 * 35), ISO 7064 mod 97-10 over the national id + country + "00", the
 * business code skipped; else why not.  creditor_id_valid: the same, yes
 * or no.
 */
const char *creditor_id_check(const char *s);
int creditor_id_valid(const char *s);

/*
 * rf_reference: the ISO 11649 structured creditor reference of s (an
 * invoice number): "RF", two check digits, then the letters (upper-cased)
 * and digits of s, at most RF_BODY_MAX of them; mod 97 of the body
 * followed by "RF" and the check digits is 1.  Returns out (size >= 26),
 * or NULL when s has no letter or digit or more than RF_BODY_MAX.
 * "VZ-2026-000001" -> "RF..VZ2026000001".
 */
#define RF_BODY_MAX 21
#define RF_BUFSZ (RF_BODY_MAX + 5)
char *rf_reference(const char *s, char *out, size_t outsz);
/* rf_valid: s is an RF reference with matching check digits. */
int rf_valid(const char *s);

#endif
