/* date: civil calendar, Dutch and TARGET2 calendars, Amsterdam time. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "util.h"

/* Howard Hinnant's days_from_civil / civil_from_days, era-based. */
int32_t
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return n[m - 1];
}

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* put: v as n digits, zero-padded (years 0-9999) */
static void
put(char *s, int v, int n)
{
	while (n-- > 0) {
		s[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* ymd: parse "YYYY-MM-DD" at s (no terminator check). */
static int
ymd(const char *s, int32_t *out)
{
	int y, m, d;

	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

int
date_parse(const char *s, int32_t *d)
{
	if (strlen(s) != 10)
		return -1;
	return ymd(s, d);
}

char *
date_why(const char *s, char *buf, size_t n)
{
	static const char *const months[] = { "January", "February", "March",
		"April", "May", "June", "July", "August", "September", "October",
		"November", "December" };
	int y, m, d;

	if (strlen(s) == 10 && digits(s, 4, &y) == 0 && s[4] == '-' &&
	    digits(s + 5, 2, &m) == 0 && s[7] == '-' &&
	    digits(s + 8, 2, &d) == 0) {
		if (y < 1900)
			snprintf(buf, n, "no such year here: expected 1900 "
			    "to 9999");
		else if (m < 1 || m > 12)
			snprintf(buf, n, "no such month: expected 01 to 12");
		else if (d < 1 || d > days_in_month(y, m))
			snprintf(buf, n, "no such day: %s %d has %d days",
			    months[m - 1], y, days_in_month(y, m));
		else
			snprintf(buf, n, "expected a date YYYY-MM-DD");
		return buf;
	}
	snprintf(buf, n, "expected a date YYYY-MM-DD");
	return buf;
}

char *
date_fmt(int32_t z, char *buf)
{
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	put(buf, y, 4);
	buf[4] = '-';
	put(buf + 5, m, 2);
	buf[7] = '-';
	put(buf + 8, d, 2);
	buf[10] = '\0';
	return buf;
}

int32_t
month_first(int32_t z)
{
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	return z - (d - 1);
}

int32_t
month_last(int32_t z)
{
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	return z + (days_in_month(y, m) - d);
}

int
weekday(int32_t z)
{
	/* 1970-01-01 was a Thursday (3) */
	int w = (int)((z % 7 + 7) % 7);

	return (w + 3) % 7;
}

int32_t
maand_end(int32_t z, int n)
{
	int y, m, d, ym;

	civil_from_days(z, &y, &m, &d);
	ym = y * 12 + (m - 1) + n;
	y = ym / 12;
	m = ym % 12 + 1;
	if (d > days_in_month(y, m))
		return days_from_civil(y, m, days_in_month(y, m));
	return days_from_civil(y, m, d) - 1;
}

int
period_parse(const char *s, int *ym)
{
	int y, m;

	if (strlen(s) != 7 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &m) || y < 1900 || m < 1 || m > 12)
		return -1;
	*ym = y * 12 + (m - 1);
	return 0;
}

char *
period_fmt(int ym, char *buf)
{
	put(buf, ym / 12, 4);
	buf[4] = '-';
	put(buf + 5, ym % 12 + 1, 2);
	buf[7] = '\0';
	return buf;
}

int32_t
period_first(int ym)
{
	return days_from_civil(ym / 12, ym % 12 + 1, 1);
}

int32_t
period_last(int ym)
{
	return month_last(period_first(ym));
}

int
period_of(int32_t z)
{
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	return y * 12 + (m - 1);
}

int32_t
easter(int y)
{
	/* the anonymous Gregorian algorithm (Meeus/Jones/Butcher) */
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;

	return days_from_civil(y, month, day);
}

int
nl_holiday(int32_t z)
{
	int y, m, d;
	int32_t e;

	civil_from_days(z, &y, &m, &d);
	if ((m == 1 && d == 1) || (m == 5 && d == 5) ||
	    (m == 12 && (d == 25 || d == 26)))
		return 1;
	/* King's Day: 27 April, or the 26th when the 27th is a Sunday */
	if (m == 4 && d == 27 && weekday(z) != 6)
		return 1;
	if (m == 4 && d == 26 && weekday(z + 1) == 6)
		return 1;
	e = easter(y);
	return z == e - 2 || z == e + 1 || z == e + 39 || z == e + 50;
}

int32_t
next_working_day(int32_t z)
{
	while (weekday(z) >= 5 || nl_holiday(z))
		z++;
	return z;
}

int
target2_closed(int32_t z)
{
	int y, m, d;
	int32_t e;

	if (weekday(z) >= 5)
		return 1;
	civil_from_days(z, &y, &m, &d);
	if ((m == 1 && d == 1) || (m == 5 && d == 1) ||
	    (m == 12 && (d == 25 || d == 26)))
		return 1;
	e = easter(y);
	return z == e - 2 || z == e + 1;
}

int32_t
next_target2_day(int32_t z)
{
	while (target2_closed(z))
		z++;
	return z;
}

int32_t
prev_target2_day(int32_t z)
{
	while (target2_closed(z))
		z--;
	return z;
}

/* last Sunday of month m in year y, as a day number */
static int32_t
last_sunday(int y, int m)
{
	int32_t z = days_from_civil(y, m, days_in_month(y, m));

	return z - (weekday(z) + 1) % 7;
}

int
ams_offset(int64_t utc)
{
	/* the year of the last call, cached: CDRs come in runs of a month */
	static int64_t y0 = 1, y1 = 0, on, off;
	int y, m, d;

	if (utc < y0 || utc >= y1) {
		civil_from_days(utc_date(utc), &y, &m, &d);
		y0 = (int64_t)days_from_civil(y, 1, 1) * 86400;
		y1 = (int64_t)days_from_civil(y + 1, 1, 1) * 86400;
		/* EU summer time: from 01:00 UTC on the last Sunday of March
		 * to 01:00 UTC on the last Sunday of October */
		on = (int64_t)last_sunday(y, 3) * 86400 + 3600;
		off = (int64_t)last_sunday(y, 10) * 86400 + 3600;
	}
	return utc >= on && utc < off ? 7200 : 3600;
}

int32_t
utc_date(int64_t utc)
{
	int64_t q = utc / 86400;

	if (utc % 86400 < 0)
		q--;
	return (int32_t)q;
}

int32_t
ams_date(int64_t utc)
{
	return utc_date(utc + ams_offset(utc));
}

int
ts_parse(const char *s, enum tzone zone, int64_t *utc)
{
	int32_t day;
	int hh, mm, ss, oh, om;
	int64_t local;
	size_t n = strlen(s);

	if (n < 19 || ymd(s, &day) || (s[10] != 'T' && s[10] != ' ') ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm) ||
	    s[16] != ':' || digits(s + 17, 2, &ss) || hh > 23 || mm > 59 ||
	    ss > 59)
		return -1;
	local = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss;
	s += 19;
	if (*s == '\0') {
		if (zone == TZ_UTC) {
			*utc = local;
		} else if (ams_offset(local - 7200) == 7200) {
			*utc = local - 7200;
		} else {
			*utc = local - 3600;
		}
		return 0;
	}
	if (strcmp(s, "Z") == 0) {
		*utc = local;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 ||
	    digits(s + 1, 2, &oh) || s[3] != ':' || digits(s + 4, 2, &om) ||
	    oh > 23 || om > 59)
		return -1;
	*utc = local - (s[0] == '-' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
	return 0;
}

char *
ts_fmt_local(int64_t utc, char *buf)
{
	int off = ams_offset(utc);
	int64_t local = utc + off;
	int32_t day = utc_date(local);
	int secs = (int)(local - (int64_t)day * 86400);

	date_fmt(day, buf);
	buf[10] = 'T';
	put(buf + 11, secs / 3600, 2);
	buf[13] = ':';
	put(buf + 14, secs / 60 % 60, 2);
	buf[16] = ':';
	put(buf + 17, secs % 60, 2);
	memcpy(buf + 19, off == 7200 ? "+02:00" : "+01:00", 7);
	return buf;
}

int
period_opt(const char *arg)
{
	int ym;

	if (period_parse(arg, &ym) != 0)
		dieusage("bad period '%s': expected YYYY-MM", arg);
	return ym;
}

int32_t
date_opt(const char *arg)
{
	int32_t d;
	char why[96];

	if (date_parse(arg, &d) != 0)
		dieusage("bad date '%s': %s", arg, date_why(arg, why,
		    sizeof(why)));
	return d;
}
