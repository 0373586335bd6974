/* money: exact decimal amounts in int64_t minor units. */
#include <string.h>

#include "money.h"
#include "util.h"

static const int64_t pow10[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000
};

enum money_err
money_parse(const char *s, int dec, int64_t *v)
{
	int64_t x = 0;
	int neg = 0, ndec = 0, nint = 0;
	const char *p = s;

	if (*p == '\0')
		return MONEY_EMPTY;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, nint++) {
		if (__builtin_mul_overflow(x, 10, &x) ||
		    __builtin_add_overflow(x, *p - '0', &x))
			return MONEY_RANGE;
	}
	if (nint == 0)
		return MONEY_SYNTAX;
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++, ndec++) {
			if (ndec >= dec)
				return MONEY_DECIMALS;
			if (__builtin_mul_overflow(x, 10, &x) ||
			    __builtin_add_overflow(x, *p - '0', &x))
				return MONEY_RANGE;
		}
		if (ndec == 0)
			return MONEY_SYNTAX;
	}
	if (*p != '\0')
		return MONEY_SYNTAX;
	if (__builtin_mul_overflow(x, pow10[dec - ndec], &x))
		return MONEY_RANGE;
	*v = neg ? -x : x;
	return MONEY_OK;
}

const char *
money_strerror(enum money_err err)
{
	switch (err) {
	case MONEY_OK:
		return "ok";
	case MONEY_EMPTY:
		return "expected an amount";
	case MONEY_SYNTAX:
		return "expected digits with '.' as decimal point "
		       "(no comma, exponent, sign or separator)";
	case MONEY_DECIMALS:
		return "too many decimals";
	case MONEY_RANGE:
		return "amount out of range";
	}
	return "bad amount";
}

char *
money_fmt(int64_t v, int dec, char *buf)
{
	return money_fmt_trim(v, dec, dec, buf);
}

char *
money_fmt_trim(int64_t v, int dec, int min, char *buf)
{
	/* format sign and magnitude apart: -5 / 100 == 0 in C */
	uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	uint64_t ip = a / (uint64_t)pow10[dec], fp = a % (uint64_t)pow10[dec];
	char tmp[MONEY_BUFSZ], *p = tmp + sizeof(tmp);
	int i, keep = dec;

	while (keep > min && fp % 10 == 0) {
		fp /= 10;
		keep--;
	}
	*--p = '\0';
	for (i = 0; i < keep; i++) {
		*--p = (char)('0' + fp % 10);
		fp /= 10;
	}
	if (keep > 0)
		*--p = '.';
	do {
		*--p = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	if (v < 0)
		*--p = '-';
	memcpy(buf, p, (size_t)(tmp + sizeof(tmp) - p));
	return buf;
}

/* round n / d half away from zero, d > 0 */
static __int128
rdiv(__int128 n, __int128 d)
{
	__int128 q, r;

	if (d < 0) {
		n = -n;
		d = -d;
	}
	q = n / d;
	r = n % d;
	if (r < 0)
		r = -r;
	if (2 * r >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

static int
fit(__int128 v, int64_t *out)
{
	if (v > INT64_MAX || v < INT64_MIN)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
muldiv(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	if (c == 0)
		return -1;
	return fit(rdiv((__int128)a * b, c), out);
}

int
muldiv3(int64_t a, int64_t b, int64_t d, int64_t c, int64_t *out)
{
	__int128 ab = (__int128)a * b, abd;

	if (c == 0 || __builtin_mul_overflow(ab, (__int128)d, &abd))
		return -1;
	return fit(rdiv(abd, c), out);
}

int
pct_of(int64_t v, int64_t pct, int64_t *out)
{
	return muldiv(v, pct, 10000, out);
}

int64_t
rescale(int64_t v, int dec, int to)
{
	return (int64_t)rdiv(v, pow10[dec - to]);
}

int
madd(int64_t a, int64_t b, int64_t *out)
{
	return __builtin_add_overflow(a, b, out) ? -1 : 0;
}

int
mmul(int64_t a, int64_t b, int64_t *out)
{
	return __builtin_mul_overflow(a, b, out) ? -1 : 0;
}

int64_t
micro(int64_t cents)
{
	int64_t v;

	if (__builtin_mul_overflow(cents, MICRO_PER_CENT, &v))
		die("amount out of range: %lld cents", (long long)cents);
	return v;
}
