/* field: typed, checked fields of a CSV record. */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "money.h"
#include "util.h"

/* invisible: the UTF-8 character at s (n bytes long) is a control or an
 * invisible format character (C1 controls, the soft hyphen, zero-width and
 * bidirectional marks, variation selectors, line and paragraph
 * separators, the BOM) */
static int
invisible(const unsigned char *s, size_t n)
{
	unsigned c;

	if (n == 1)
		return s[0] < 0x20 || s[0] == 0x7f;
	if (n == 2) {
		c = (unsigned)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		/* C1 controls, the soft hyphen, the combining grapheme
		 * joiner, the Arabic letter mark */
		return (c >= 0x80 && c <= 0x9f) || c == 0xad || c == 0x34f ||
		    c == 0x61c;
	}
	if (n == 3) {
		c = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 |
		    (s[2] & 0x3f);
		return c == 0x180e || (c >= 0xfe00 && c <= 0xfe0f) ||
		    (c >= 0x200b && c <= 0x200f) ||
		    (c >= 0x2028 && c <= 0x202e) ||
		    (c >= 0x2060 && c <= 0x2069) || c == 0xfeff ||
		    (c >= 0xfff9 && c <= 0xfffb);
	}
	return 0;
}

static int
space_at(const unsigned char *s, size_t n)
{
	return (n >= 1 && s[0] == ' ') || (n >= 2 && s[0] == 0xc2 &&
	    s[1] == 0xa0);
}

const char *
val_id(const char *str, size_t max)
{
	static char buf[96];
	const unsigned char *s = (const unsigned char *)str, *p;
	size_t n = strlen(str), k;

	if (n == 0)
		return "expected an id of at least one character";
	if (max > 0 && n > max) {
		snprintf(buf, sizeof(buf), "%zu bytes: expected an id of at "
		    "most %zu", n, max);
		return buf;
	}
	if (text_check(str, n) != TEXT_OK)
		return "expected an id of UTF-8 text";
	if (space_at(s, n))
		return "a leading space: expected an id without one";
	if (s[n - 1] == ' ' || (n >= 2 && s[n - 2] == 0xc2 && s[n - 1] == 0xa0))
		return "a trailing space: expected an id without one";
	for (p = s; p < s + n; p += k) {
		k = utf8_len(*p);
		if (*p == '/' || *p == '\\')
			return "a '/' or '\\': expected an id without one (ids "
			    "may name files)";
		if (invisible(p, k))
			return "a control or invisible character: expected "
			    "printable text";
	}
	return NULL;
}

const char *
val_int(const char *s, long lo, long hi, long *v)
{
	static char buf[96];
	const char *p;
	long x = 0;

	if (*s == '\0')
		goto bad;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || x > 100000000000L)
			goto bad;
		x = x * 10 + (*p - '0');
	}
	if (x >= lo && x <= hi) {
		*v = x;
		return NULL;
	}
bad:
	if (hi >= 1000000000)	/* no upper bound worth naming */
		snprintf(buf, sizeof(buf), "expected a whole number >= %ld", lo);
	else
		snprintf(buf, sizeof(buf), "expected a whole number from %ld "
		    "to %ld", lo, hi);
	return buf;
}

const char *
val_money(const char *s, int dec, int64_t *v)
{
	static char buf[64];
	enum money_err e = money_parse(s, dec, v);

	if (e == MONEY_OK)
		return NULL;
	if (e == MONEY_DECIMALS) {
		snprintf(buf, sizeof(buf), "expected at most %d decimals", dec);
		return buf;
	}
	return money_strerror(e);
}

const char *
val_date(const char *s, int32_t *d, char *buf, size_t n)
{
	if (date_parse(s, d) == 0)
		return NULL;
	return date_why(s, buf, n);
}

static void
missing(const struct csvr *r, int col)
{
	csvr_die(r, col, "missing %s: expected a value", csvr_colname(r, col));
}

const char *
fld_str(const struct csvr *r, int col, int required)
{
	const char *s = csvr_get(r, col);

	if (required && *s == '\0')
		missing(r, col);
	return s;
}

const char *
fld_id(const struct csvr *r, int col, int required)
{
	const char *s = fld_str(r, col, required), *why;

	if (*s != '\0' && (why = val_id(s, ID_MAX)) != NULL)
		csvr_die(r, col, "bad %s '%s': %s", csvr_colname(r, col), s,
		    why);
	return s;
}

int32_t
fld_date(const struct csvr *r, int col, int required)
{
	const char *s = fld_str(r, col, required), *why;
	char buf[96];
	int32_t d;

	if (*s == '\0')
		return DATE_NONE;
	if ((why = val_date(s, &d, buf, sizeof(buf))) != NULL)
		csvr_die(r, col, "bad %s '%s': %s", csvr_colname(r, col), s,
		    why);
	return d;
}

int64_t
fld_money(const struct csvr *r, int col, int dec, int required, int64_t dflt)
{
	const char *s = fld_str(r, col, required), *why;
	int64_t v;

	if (*s == '\0')
		return dflt;
	if ((why = val_money(s, dec, &v)) != NULL)
		csvr_die(r, col, "bad %s '%s': %s", csvr_colname(r, col), s,
		    why);
	return v;
}

int64_t
fld_pct(const struct csvr *r, int col, int64_t dflt)
{
	const char *s = csvr_get(r, col);
	int64_t v = fld_money(r, col, MONEY_CENTS, 0, dflt);

	if (*s != '\0' && (v < 0 || v > 10000))
		csvr_die(r, col, "bad %s '%s': expected a percentage from 0 "
		    "to 100", csvr_colname(r, col), s);
	return v;
}

long
fld_int(const struct csvr *r, int col, long lo, long hi, long dflt)
{
	const char *s = csvr_get(r, col), *why;
	long v;

	if (*s == '\0')
		return dflt;
	if ((why = val_int(s, lo, hi, &v)) != NULL)
		csvr_die(r, col, "bad %s '%s': %s", csvr_colname(r, col), s,
		    why);
	return v;
}

char *
enum_want(const char *const *names, char *buf, size_t n)
{
	struct sbuf b = { 0 };
	int i;

	for (i = 0; names[i] != NULL; i++) {
		if (i > 0)
			sb_add(&b, names[i + 1] ? ", " : " or ");
		sb_add(&b, names[i]);
	}
	snprintf(buf, n, "%s", sb_str(&b));
	sb_free(&b);
	return buf;
}

int
fld_enum(const struct csvr *r, int col, const char *const *names, int dflt)
{
	const char *s = csvr_get(r, col);
	char want[256];
	int i;

	if (*s == '\0')
		return dflt;
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	csvr_die(r, col, "bad %s '%s': expected %s", csvr_colname(r, col), s,
	    enum_want(names, want, sizeof(want)));
}

int
fld_yesno(const struct csvr *r, int col, int dflt)
{
	static const char *const yn[] = { "no", "yes", NULL };

	return fld_enum(r, col, yn, dflt);
}
