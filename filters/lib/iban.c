/* iban: IBAN, BIC and creditor identifier checks. */
#include <string.h>

#include "iban.h"

/* IBAN lengths by country (SWIFT IBAN registry). */
static const struct {
	char cc[3];
	int len;
} lengths[] = {
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 },
	{ "BA", 20 }, { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BI", 27 },
	{ "BR", 29 }, { "BY", 28 }, { "CH", 21 }, { "CR", 22 }, { "CY", 28 },
	{ "CZ", 24 }, { "DE", 22 }, { "DJ", 27 }, { "DK", 18 }, { "DO", 28 },
	{ "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 }, { "FK", 18 },
	{ "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 },
	{ "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HR", 21 }, { "HU", 28 },
	{ "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 }, { "IT", 27 },
	{ "JO", 30 }, { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 },
	{ "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 }, { "LY", 25 },
	{ "MC", 27 }, { "MD", 24 }, { "ME", 22 }, { "MK", 19 }, { "MN", 20 },
	{ "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 }, { "NL", 18 },
	{ "NO", 15 }, { "OM", 23 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
	{ "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 },
	{ "SA", 24 }, { "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 },
	{ "SK", 24 }, { "SM", 27 }, { "SO", 23 }, { "ST", 25 }, { "SV", 28 },
	{ "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 },
	{ "VG", 24 }, { "XK", 20 }, { "YE", 30 },
};

static int
isup(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* mod97: of the digits of s, letters as 10..35, after prefix rotated */
static int
mod97(const char *s, size_t n)
{
	unsigned r = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (isdig(s[i]))
			r = (r * 10 + (unsigned)(s[i] - '0')) % 97;
		else
			r = (r * 100 + (unsigned)(s[i] - 'A' + 10)) % 97;
	}
	return (int)r;
}

/*
 * alias: check digits 00, 01 or 99 at s.  They pass mod 97 = 1 like the
 * 97, 98 and 02 they stand for, but ISO 7064 (IBAN, creditor id, RF)
 * computes 98 - mod 97, so a real one is always 02..98.
 */
static int
alias(const char *s)
{
	int d = (s[0] - '0') * 10 + (s[1] - '0');

	return d < 2 || d > 98;
}

const char *
iban_check(const char *s, char *out, size_t outsz)
{
	char rot[40];
	size_t n = 0, i;
	int want = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (!isup(*s) && !isdig(*s))
			return "expected capital letters and digits only";
		if (n + 1 >= outsz)
			return "too long: expected at most 34 characters";
		out[n++] = *s;
	}
	out[n] = '\0';
	if (n < 5 || !isup(out[0]) || !isup(out[1]) || !isdig(out[2]) ||
	    !isdig(out[3]))
		return "expected a country code and two check digits first";
	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
		if (memcmp(lengths[i].cc, out, 2) == 0)
			want = lengths[i].len;
	if (want == 0)
		return "unknown IBAN country";
	if ((int)n != want)
		return "wrong length for its country";
	memcpy(rot, out + 4, n - 4);
	memcpy(rot + n - 4, out, 4);
	if (alias(out + 2))
		return "check digits 00, 01 and 99 are never issued: expected 02 to 98";
	if (mod97(rot, n) != 1)
		return "check digits do not match (mod 97)";
	return NULL;
}

int
kvk_valid(const char *s)
{
	return strlen(s) == 8 && strspn(s, "0123456789") == 8;
}

int
bic_valid(const char *s)
{
	size_t n = strlen(s), i;

	if (n != 8 && n != 11)
		return 0;
	for (i = 0; i < 6; i++)
		if (!isup(s[i]))
			return 0;
	for (i = 6; i < n; i++)
		if (!isup(s[i]) && !isdig(s[i]))
			return 0;
	return 1;
}

const char *
creditor_id_check(const char *s)
{
	char buf[40];
	size_t n = strlen(s), id, i;
	int shape = n >= 8 && n <= 35 && isup(s[0]) && isup(s[1]) &&
	    isdig(s[2]) && isdig(s[3]);

	for (i = 4; shape && i < n; i++)
		shape = isup(s[i]) || isdig(s[i]);
	if (!shape)
		return "expected a country code, 2 check digits, a business "
		    "code and the national id";
	if (alias(s + 2))
		return "check digits 00, 01 and 99 are never issued: expected "
		    "02 to 98";
	id = n - 7;
	memcpy(buf, s + 7, id);
	memcpy(buf + id, s, 4);
	if (mod97(buf, id + 4) != 1)
		return "check digits do not match (ISO 7064 mod 97-10)";
	return NULL;
}

int
creditor_id_valid(const char *s)
{
	return creditor_id_check(s) == NULL;
}

char *
rf_reference(const char *s, char *out, size_t outsz)
{
	char body[RF_BODY_MAX + 4];
	size_t n = 0;
	int check;

	for (; *s; s++) {
		char c = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;

		if (!isup(c) && !isdig(c))
			continue;
		if (n == RF_BODY_MAX)
			return NULL;
		body[n++] = c;
	}
	if (n == 0 || outsz < n + 5)
		return NULL;
	memcpy(body + n, "RF00", 4);
	check = 98 - mod97(body, n + 4);
	out[0] = 'R';
	out[1] = 'F';
	out[2] = (char)('0' + check / 10);
	out[3] = (char)('0' + check % 10);
	memcpy(out + 4, body, n);
	out[n + 4] = '\0';
	return out;
}

int
rf_valid(const char *s)
{
	char buf[RF_BODY_MAX + 4];
	size_t n = strlen(s), i;

	if (n < 5 || n > RF_BODY_MAX + 4 || s[0] != 'R' || s[1] != 'F' ||
	    !isdig(s[2]) || !isdig(s[3]) || alias(s + 2))
		return 0;
	for (i = 4; i < n; i++)
		if (!isup(s[i]) && !isdig(s[i]))
			return 0;
	memcpy(buf, s + 4, n - 4);
	memcpy(buf + n - 4, s, 4);
	return mod97(buf, n) == 1;
}
