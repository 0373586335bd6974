/*
 * sepatext: text in the SEPA basic Latin character set (sepa.md): a-z A-Z
 * 0-9 / - ? : ( ) . , ' + and space, which every bank of the scheme takes.
 * Names and remittance texts are transliterated into it and cut to their
 * element's maximum length; identifiers are checked, never changed.
 */
#ifndef SEPATEXT_H
#define SEPATEXT_H

#include <stddef.h>

/* sepa.md: the longest texts and identifiers the EPC takes, in characters
 * of the set (one byte each) */
#define SEPA_NAME_MAX 70	/* Nm */
#define SEPA_STREET_MAX 70	/* StrtNm, AdrLine */
#define SEPA_POSTCODE_MAX 16	/* PstCd */
#define SEPA_TOWN_MAX 35	/* TwnNm */
#define SEPA_USTRD_MAX 140	/* Ustrd, the remittance text */
#define SEPA_ID_MAX 35		/* MsgId, PmtInfId, EndToEndId, MndtId */

/* sepa_char_ok: c is in the SEPA set. */
int sepa_char_ok(int c);

/*
 * sepa_text: the UTF-8 text s in the SEPA set, at most max characters
 * (each one byte then), into out (size > max): letters with diacritics
 * lose them (é -> e, ß -> ss, Æ -> AE, Ł -> L), & becomes +, quotes ',
 * brackets (), other ASCII a near mark, a character with no such
 * equivalent (an emoji, a CJK ideograph) is left out; blanks are folded
 * to one space and trimmed, and a cut never leaves a trailing space.
 * Returns out; "" when nothing is left.  Invalid UTF-8 bytes are left
 * out.  "Café Ærø & Zoë" -> "Cafe AEro + Zoe".
 */
char *sepa_text(const char *s, size_t max, char *out);

/*
 * sepa_id_check: NULL when s may be a SEPA identifier of at most max
 * characters (MsgId, PmtInfId, EndToEndId, MndtId): 1 to max characters
 * of the set, no space, not starting or ending with '/', no "//"; else
 * why not, phrased to follow "bad mandate_id 'x': ".
 */
const char *sepa_id_check(const char *s, size_t max);

#endif
