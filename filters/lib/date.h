/*
 * date: civil dates as day numbers (days since 1970-01-01), the "Maand"
 * arithmetic of the terms, Dutch working days, TARGET2 days, periods and
 * Europe/Amsterdam local dates, all computed here: no mktime, strptime, TZ
 * or locale is consulted, so results never depend on the environment.
 */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_BUFSZ 11		/* "YYYY-MM-DD" and NUL */
#define DATE_NONE INT32_MIN	/* an absent date */

/* days_from_civil: day number of y-m-d (proleptic Gregorian). */
int32_t days_from_civil(int y, int m, int d);
/* civil_from_days: y, m, d of day number z. */
void civil_from_days(int32_t z, int *y, int *m, int *d);
int days_in_month(int y, int m);

/*
 * date_parse: read exactly "YYYY-MM-DD" (a real calendar day, years
 * 1900-9999) into *d.  Returns 0, or -1 for anything else ("2026-02-30",
 * "2026-2-3", "").
 */
int date_parse(const char *s, int32_t *d);
/*
 * date_why: why s is not a date date_parse takes, as the end of a message
 * "bad start_date '2026-02-30': " ..., into buf (at least 96 bytes):
 * "no such day: February 2026 has 28 days", or "expected a date
 * YYYY-MM-DD".  Returns buf.
 */
char *date_why(const char *s, char *buf, size_t n);
/* date_fmt: write d as "YYYY-MM-DD" into buf (DATE_BUFSZ).  Returns buf. */
char *date_fmt(int32_t d, char *buf);

int32_t month_first(int32_t d);
int32_t month_last(int32_t d);
/* weekday: 0 = Monday ... 6 = Sunday. */
int weekday(int32_t d);

/*
 * maand_end: the last day of n Maanden from d (rules.md §3, VW 1.1): the day
 * before the same date n months later; where that date does not exist, the
 * last day of that month.  2026-01-15 + 12 -> 2027-01-14; 2026-01-31 + 1
 * and 2026-01-30 + 1 -> 2026-02-28.
 */
int32_t maand_end(int32_t d, int n);

/* Periods "YYYY-MM" as month indexes y * 12 + (m - 1). */
int period_parse(const char *s, int *ym);
char *period_fmt(int ym, char *buf);	/* buf: at least 8 bytes */
int32_t period_first(int ym);
int32_t period_last(int ym);
int period_of(int32_t d);

/* period_opt, date_opt: an option's YYYY-MM or YYYY-MM-DD, or a usage
 * error (exit 2) naming the bad value. */
int period_opt(const char *arg);
int32_t date_opt(const char *arg);

/* easter: day number of Easter Sunday of year y (Gregorian). */
int32_t easter(int y);
/*
 * nl_holiday: d is a generally recognised public holiday of the Algemene
 * termijnenwet (legal.md): New Year, Good Friday, Easter Monday, King's Day,
 * 5 May, Ascension, Whit Monday, Christmas and Boxing Day.
 */
int nl_holiday(int32_t d);
/* next_working_day: the first Werkdag (VW 1.1) on or after d. */
int32_t next_working_day(int32_t d);
/* target2_closed: no SEPA settlement on d (weekend, 1 Jan, Good Friday,
 * Easter Monday, 1 May, 25 and 26 Dec). */
int target2_closed(int32_t d);
int32_t next_target2_day(int32_t d);	/* first open day >= d */
int32_t prev_target2_day(int32_t d);	/* last open day <= d */

/* Zones a timestamp without an offset is read in. */
enum tzone { TZ_AMSTERDAM, TZ_UTC };

/*
 * ts_parse: read "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD HH:MM:SS", with an
 * optional "Z" or "+HH:MM"/"-HH:MM", into seconds since the epoch (UTC).
 * Without an offset the time is local in zone: for Amsterdam a time in the
 * repeated autumn hour is read as summer time, a time in the skipped spring
 * hour as winter time.  Returns 0 or -1.
 */
int ts_parse(const char *s, enum tzone zone, int64_t *utc);
/* ams_offset: seconds Amsterdam is ahead of UTC at utc (3600 or 7200). */
int ams_offset(int64_t utc);
/* ams_date: the Europe/Amsterdam calendar day of utc. */
int32_t ams_date(int64_t utc);
/*
 * ts_fmt_local: utc as Amsterdam local time with its offset,
 * "2026-11-10T10:00:00+01:00", into buf (TS_BUFSZ).
 */
#define TS_BUFSZ 26
char *ts_fmt_local(int64_t utc, char *buf);
/* utc_date: the UTC calendar day of utc. */
int32_t utc_date(int64_t utc);

#endif
