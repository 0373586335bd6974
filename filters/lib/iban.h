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
 * creditor_id_valid: a SEPA creditor identifier, ISO 7064 mod 97-10 over
 * the national id + country + "00", the business code skipped.
 */
int creditor_id_valid(const char *s);

#endif
