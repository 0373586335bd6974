/* field: typed, checked fields of a CSV record. */
#include <string.h>

#include "field.h"
#include "money.h"

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

int32_t
fld_date(const struct csvr *r, int col, int required)
{
	const char *s = fld_str(r, col, required);
	int32_t d;

	if (*s == '\0')
		return DATE_NONE;
	if (date_parse(s, &d) != 0)
		csvr_die(r, col, "bad %s '%s': expected a calendar date "
		    "YYYY-MM-DD", csvr_colname(r, col), s);
	return d;
}

int64_t
fld_money(const struct csvr *r, int col, int dec, int required, int64_t dflt)
{
	const char *s = fld_str(r, col, required);
	enum money_err e;
	int64_t v;

	if (*s == '\0')
		return dflt;
	if ((e = money_parse(s, dec, &v)) != MONEY_OK) {
		if (e == MONEY_DECIMALS)
			csvr_die(r, col, "bad %s '%s': expected at most %d "
			    "decimals", csvr_colname(r, col), s, dec);
		csvr_die(r, col, "bad %s '%s': %s", csvr_colname(r, col), s,
		    money_strerror(e));
	}
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
	const char *s = csvr_get(r, col), *p;
	long v = 0;

	if (*s == '\0')
		return dflt;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000000L)
			goto bad;
		v = v * 10 + (*p - '0');
	}
	if (v >= lo && v <= hi)
		return v;
bad:
	if (hi >= 1000000000)	/* no upper bound worth naming */
		csvr_die(r, col, "bad %s '%s': expected a whole number >= %ld",
		    csvr_colname(r, col), s, lo);
	csvr_die(r, col, "bad %s '%s': expected a whole number from %ld to %ld",
	    csvr_colname(r, col), s, lo, hi);
}

int
fld_enum(const struct csvr *r, int col, const char *const *names, int dflt)
{
	const char *s = csvr_get(r, col);
	char want[256] = "";
	int i;

	if (*s == '\0')
		return dflt;
	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(s, names[i]) == 0)
			return i;
		if (i > 0)
			strncat(want, names[i + 1] ? ", " : " or ",
			    sizeof(want) - strlen(want) - 1);
		strncat(want, names[i], sizeof(want) - strlen(want) - 1);
	}
	csvr_die(r, col, "bad %s '%s': expected %s", csvr_colname(r, col), s,
	    want);
}

int
fld_yesno(const struct csvr *r, int col, int dflt)
{
	static const char *const yn[] = { "no", "yes", NULL };

	return fld_enum(r, col, yn, dflt);
}
