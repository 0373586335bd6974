/*
 * money: exact amounts as int64_t in minor units.  Money is in cents
 * (MONEY_CENTS decimals); rates and per-call amounts in 0.00001 EUR
 * (MONEY_MICRO decimals); percentages in hundredths of a percent
 * (MONEY_CENTS decimals: "21" is 2100, "12.5" is 1250).  No double ever
 * touches an amount.  Rounding is half away from zero, in one place.
 */
#ifndef MONEY_H
#define MONEY_H

#include <stdint.h>

enum { MONEY_CENTS = 2, MONEY_MICRO = 5 };

/* 0.00001-EUR units in a cent */
#define MICRO_PER_CENT 1000

/* micro: an amount in cents as 0.00001-EUR units (a unit price on a line);
 * dies on overflow, which the readers of amounts rule out first. */
int64_t micro(int64_t cents);

/* Results of money_parse. */
enum money_err {
	MONEY_OK = 0,
	MONEY_EMPTY,	/* "" */
	MONEY_SYNTAX,	/* not -?digits[.digits]: a comma, an exponent, a sign */
	MONEY_DECIMALS,	/* more decimals than allowed */
	MONEY_RANGE	/* does not fit int64_t minor units */
};

/*
 * money_parse: read s by the grammar -?digits[.digits] with at most dec
 * decimals into *v, scaled by 10^dec ("12.5", 2 -> 1250).  No spaces, no
 * '+', no thousands separators, no exponent.  Returns MONEY_OK or the
 * reason; *v is untouched on error.
 */
enum money_err money_parse(const char *s, int dec, int64_t *v);

/* money_strerror: the "expected ..." part of a message for err. */
const char *money_strerror(enum money_err err);

/*
 * money_fmt: write v (scaled by 10^dec) with exactly dec decimals into buf
 * (at least MONEY_BUFSZ bytes): -1250, 2 -> "-12.50".  Returns buf.
 */
#define MONEY_BUFSZ 32
char *money_fmt(int64_t v, int dec, char *buf);

/*
 * money_fmt_trim: like money_fmt but drops trailing zero decimals down to
 * min decimals: 12340, 5, 2 -> "0.1234"; 10500, 5, 0 -> "0.105".
 */
char *money_fmt_trim(int64_t v, int dec, int min, char *buf);

/*
 * muldiv: *out = round(a * b / c), half away from zero, computed exactly in
 * 128 bits.  Returns -1 when c is 0 or the result does not fit int64_t.
 * Example: muldiv(2985, 13, 30) = 1294 (29.85 × 13/30 = 12.935 -> 12.94).
 */
int muldiv(int64_t a, int64_t b, int64_t c, int64_t *out);

/* muldiv3: *out = round(a * b * d / c), exactly. Returns -1 on overflow. */
int muldiv3(int64_t a, int64_t b, int64_t d, int64_t c, int64_t *out);

/* pct_of: *out = round(v × pct / 100) for pct in hundredths of a
 * percent (2100 is 21 %), half away from zero: VAT per rate (VW 1.12.1),
 * a percentage discount.  Returns -1 on overflow. */
int pct_of(int64_t v, int64_t pct, int64_t *out);

/* rescale: round v from dec decimals to to decimals (to <= dec). */
int64_t rescale(int64_t v, int dec, int to);

/* madd, mmul: checked + and *; return -1 on overflow. */
int madd(int64_t a, int64_t b, int64_t *out);
int mmul(int64_t a, int64_t b, int64_t *out);

#endif
