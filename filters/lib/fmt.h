/*
 * fmt: amounts, numbers and dates as a reader sees them, in Dutch or in
 * English (formats.md): "€ 1.234,56" and "15-11-2026" in Dutch, "€1,234.56"
 * and "15 November 2026" in English.  The CSV files never use these: they
 * write money_fmt and date_fmt.
 */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>
#include <stdint.h>

enum lang { LANG_NL, LANG_EN };

/* lang_parse: "nl" or "en" (customers.csv language; empty: nl). */
int lang_parse(const char *s, enum lang *l);

#define FMT_BUFSZ 64
/* fmt_money: cents with the euro sign: "€ -1.234,56", "-€1,234.56". */
char *fmt_money(int64_t cents, enum lang l, char *buf);
/* fmt_amount: v scaled by 10^dec with the euro sign, its trailing zero
 * decimals dropped down to min: a call's 0.03500 -> "€ 0,035". */
char *fmt_amount(int64_t v, int dec, int min, enum lang l, char *buf);
/* fmt_number: v scaled by 10^dec, its trailing zero decimals dropped
 * down to min, with the thousands grouped: 1.234,5 / 1,234.5. */
char *fmt_number(int64_t v, int dec, int min, enum lang l, char *buf);
/* fmt_pct: a rate in hundredths of a percent: "21 %", "12,5 %"; "21%". */
char *fmt_pct(int64_t rate, enum lang l, char *buf);
/* fmt_date: "15-11-2026"; "15 November 2026". */
char *fmt_date(int32_t d, enum lang l, char *buf);
/* fmt_month: a calendar month by a day of it: "november 2026",
 * "November 2026". */
char *fmt_month(int32_t d, enum lang l, char *buf);

/* fmt_month_short: "nov", "Nov"; fmt_time: "14:05" (Amsterdam time of
 * the instant utc), and the date of it in *day. */
char *fmt_month_short(int ym, enum lang l, char *buf);
char *fmt_time(int64_t utc, int32_t *day, char *buf);
/* fmt_duration: seconds as "m:ss" or "h:mm:ss". */
char *fmt_duration(long secs, char *buf);

#endif
