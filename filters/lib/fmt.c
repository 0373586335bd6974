/* fmt: numbers and dates for readers, in Dutch and in English. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "fmt.h"
#include "money.h"

static const char *const months[2][12] = {
	{ "januari", "februari", "maart", "april", "mei", "juni", "juli",
	  "augustus", "september", "oktober", "november", "december" },
	{ "January", "February", "March", "April", "May", "June", "July",
	  "August", "September", "October", "November", "December" },
};

int
lang_parse(const char *s, enum lang *l)
{
	if (s == NULL || *s == '\0' || strcmp(s, "nl") == 0)
		*l = LANG_NL;
	else if (strcmp(s, "en") == 0)
		*l = LANG_EN;
	else
		return -1;
	return 0;
}

char *
fmt_number(int64_t v, int dec, int min, enum lang l, char *buf)
{
	char plain[MONEY_BUFSZ], *p = plain, *dot, *o = buf;
	size_t nint, i;

	money_fmt_trim(v, dec, min, plain);
	if (*p == '-')
		*o++ = *p++;
	dot = strchr(p, '.');
	nint = dot != NULL ? (size_t)(dot - p) : strlen(p);
	for (i = 0; i < nint; i++) {
		if (i > 0 && (nint - i) % 3 == 0)
			*o++ = l == LANG_NL ? '.' : ',';
		*o++ = p[i];
	}
	if (dot != NULL) {
		*o++ = l == LANG_NL ? ',' : '.';
		strcpy(o, dot + 1);
	} else
		*o = '\0';
	return buf;
}

char *
fmt_money(int64_t cents, enum lang l, char *buf)
{
	return fmt_amount(cents, 2, 2, l, buf);
}

char *
fmt_amount(int64_t v, int dec, int min, enum lang l, char *buf)
{
	char n[MONEY_BUFSZ + 12];

	fmt_number(v, dec, min, l, n);
	if (l == LANG_NL)
		snprintf(buf, FMT_BUFSZ, "€ %s", n);
	else if (n[0] == '-')
		snprintf(buf, FMT_BUFSZ, "-€%s", n + 1);
	else
		snprintf(buf, FMT_BUFSZ, "€%s", n);
	return buf;
}

char *
fmt_pct(int64_t rate, enum lang l, char *buf)
{
	char n[MONEY_BUFSZ + 12];

	fmt_number(rate, 2, 0, l, n);
	snprintf(buf, FMT_BUFSZ, l == LANG_NL ? "%s %%" : "%s%%", n);
	return buf;
}

char *
fmt_date(int32_t d, enum lang l, char *buf)
{
	int y, m, dd;

	civil_from_days(d, &y, &m, &dd);
	if (l == LANG_NL)
		snprintf(buf, FMT_BUFSZ, "%02d-%02d-%04d", dd, m, y);
	else
		snprintf(buf, FMT_BUFSZ, "%d %s %04d", dd, months[1][m - 1], y);
	return buf;
}

char *
fmt_month(int32_t d, enum lang l, char *buf)
{
	int y, m, dd;

	civil_from_days(d, &y, &m, &dd);
	snprintf(buf, FMT_BUFSZ, "%s %04d", months[l][m - 1], y);
	return buf;
}

char *
fmt_month_short(int ym, enum lang l, char *buf)
{
	snprintf(buf, FMT_BUFSZ, "%.3s", months[l][ym % 12]);
	return buf;
}

char *
fmt_time(int64_t utc, int32_t *day, char *buf)
{
	char ts[TS_BUFSZ];

	/* Amsterdam time as date.c writes it: "2026-11-03T14:05:00+01:00" */
	ts_fmt_local(utc, ts);
	*day = ams_date(utc);
	snprintf(buf, FMT_BUFSZ, "%.5s", ts + 11);
	return buf;
}

char *
fmt_duration(long secs, char *buf)
{
	if (secs >= 3600)
		snprintf(buf, FMT_BUFSZ, "%ld:%02ld:%02ld", secs / 3600,
		    secs / 60 % 60, secs % 60);
	else
		snprintf(buf, FMT_BUFSZ, "%ld:%02ld", secs / 60, secs % 60);
	return buf;
}
