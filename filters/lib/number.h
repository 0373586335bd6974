/*
 * number: telephone numbers as E.164 digits (rules.md §7).  "+31…" and
 * "0031…" become "31…", a national "0…" becomes "31…" (the 0 dropped),
 * "00CC…" becomes "CC…".  A destination without a leading 0, 00 or + (an
 * extension, a feature code, "s", 112) is not a public number.  A data
 * session's destination is the country code of the network it used: for
 * data a country code alone ("+31", "+32") is public.
 */
#ifndef NUMBER_H
#define NUMBER_H

#include <stddef.h>

enum number_kind {
	NUMBER_PUBLIC,		/* *out holds the E.164 digits */
	NUMBER_INTERNAL,	/* not a public number: costs nothing */
	NUMBER_BAD		/* starts like a public number, but is not */
};

/* E.164: at most 15 digits; out needs one more byte */
#define E164_MAX 15

/*
 * e164: classify dst and, for a public number, write its digits to out
 * (size n, at least E164_MAX + 1).  Spaces, '-', '.', '(' and ')' inside
 * the number are ignored.  data: a data session's country code, public
 * with one digit or more (else three at the least).
 * Example: e164("0612345678", buf, sizeof(buf), 0) -> NUMBER_PUBLIC,
 * "31612345678"; e164("+32", buf, sizeof(buf), 1) -> NUMBER_PUBLIC, "32".
 */
enum number_kind e164(const char *dst, char *out, size_t n, int data);

#endif
