/*
 * unit: table-driven tests of the shared library (filters/lib): money,
 * calendars, Amsterdam time, IBANs, pro-rating and the CSV reader.  Every
 * worked example of rules.md §2-§3 that the library computes is a row here.
 * Prints "ok"/"FAIL file:line" per check and "N passed, N failed" last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "contract.h"
#include "csvio.h"
#include "date.h"
#include "iban.h"
#include "money.h"

static int passed, failed;

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (cond) {                                               \
			passed++;                                         \
		} else {                                                  \
			failed++;                                         \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);       \
			printf(__VA_ARGS__);                              \
			printf("\n");                                     \
		}                                                         \
	} while (0)

static int32_t
D(const char *s)
{
	int32_t d;

	if (date_parse(s, &d) != 0) {
		printf("FAIL bad test date %s\n", s);
		exit(1);
	}
	return d;
}

static void
test_money_parse(void)
{
	static const struct {
		const char *in;
		int dec;
		enum money_err err;
		int64_t want;
	} t[] = {
		{ "12.50", 2, MONEY_OK, 1250 },
		{ "12.5", 2, MONEY_OK, 1250 },
		{ "12", 2, MONEY_OK, 1200 },
		{ "0", 2, MONEY_OK, 0 },
		{ "-0.01", 2, MONEY_OK, -1 },
		{ "-12.34", 2, MONEY_OK, -1234 },
		{ "0.12340", 5, MONEY_OK, 12340 },
		{ "0.035", 5, MONEY_OK, 3500 },
		{ "92233720368547758.07", 2, MONEY_OK, INT64_MAX },
		{ "-92233720368547758.07", 2, MONEY_OK, -INT64_MAX },
		{ "92233720368547758.08", 2, MONEY_RANGE, 0 },
		{ "999999999999999999999", 2, MONEY_RANGE, 0 },
		{ "12,50", 2, MONEY_SYNTAX, 0 },
		{ "1e3", 2, MONEY_SYNTAX, 0 },
		{ "1.5E2", 2, MONEY_SYNTAX, 0 },
		{ "12.505", 2, MONEY_DECIMALS, 0 },
		{ "0.123456", 5, MONEY_DECIMALS, 0 },
		{ "", 2, MONEY_EMPTY, 0 },
		{ "-", 2, MONEY_SYNTAX, 0 },
		{ "+1", 2, MONEY_SYNTAX, 0 },
		{ " 1", 2, MONEY_SYNTAX, 0 },
		{ "1 ", 2, MONEY_SYNTAX, 0 },
		{ ".5", 2, MONEY_SYNTAX, 0 },
		{ "5.", 2, MONEY_SYNTAX, 0 },
		{ "1.000", 2, MONEY_DECIMALS, 0 },
		{ "1,000.00", 2, MONEY_SYNTAX, 0 },
		{ "€5", 2, MONEY_SYNTAX, 0 },
		{ "--1", 2, MONEY_SYNTAX, 0 },
		{ "0x10", 2, MONEY_SYNTAX, 0 },
	};
	size_t i;
	int64_t v;
	enum money_err e;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = 0;
		e = money_parse(t[i].in, t[i].dec, &v);
		CHECK(e == t[i].err, "money_parse('%s'): err %d, want %d",
		    t[i].in, e, t[i].err);
		if (e == MONEY_OK)
			CHECK(v == t[i].want, "money_parse('%s') = %lld, want "
			    "%lld", t[i].in, (long long)v, (long long)t[i].want);
	}
}

static void
test_money_fmt(void)
{
	static const struct {
		int64_t v;
		int dec, min;
		const char *want;
	} t[] = {
		{ 1250, 2, 2, "12.50" },
		{ -5, 2, 2, "-0.05" },
		{ -1234, 2, 2, "-12.34" },
		{ 0, 2, 2, "0.00" },
		{ INT64_MAX, 2, 2, "92233720368547758.07" },
		{ -INT64_MAX, 2, 2, "-92233720368547758.07" },
		{ INT64_MIN, 2, 2, "-92233720368547758.08" },
		{ 12340, 5, 0, "0.1234" },
		{ 10500, 5, 0, "0.105" },
		{ 3500, 5, 2, "0.035" },
		{ 995000, 5, 2, "9.95" },
		{ 0, 5, 0, "0" },
		{ 2100, 2, 0, "21" },
		{ 1250, 2, 0, "12.5" },
	};
	char buf[MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		money_fmt_trim(t[i].v, t[i].dec, t[i].min, buf);
		CHECK(strcmp(buf, t[i].want) == 0, "money_fmt(%lld) = '%s', "
		    "want '%s'", (long long)t[i].v, buf, t[i].want);
	}
}

static void
test_rounding(void)
{
	static const struct {
		int64_t a, b, c, want;
	} t[] = {
		/* rules.md §2: 3 × 9.95 for 13 of 30 days: 12.935 -> 12.94 */
		{ 2985, 13, 30, 1294 },
		{ -2985, 13, 30, -1294 },	/* ties away from zero */
		{ 2500, 19, 30, 1583 },		/* 15.8333 -> 15.83 */
		{ 3000, 13, 30, 1300 },
		{ 6000, 14, 30, 2800 },
		{ 5, 1, 10, 1 },		/* 0.5 -> 1 */
		{ -5, 1, 10, -1 },		/* -0.5 -> -1 */
		{ 4, 1, 10, 0 },
		{ -4, 1, 10, 0 },
		{ 15, 1, 10, 2 },		/* 1.5 -> 2 */
		{ 25, 1, 10, 3 },		/* 2.5 -> 3, not banker's 2 */
		{ -25, 1, 10, -3 },
		/* VAT: 1,234.56 at 21 % -> 259.26 */
		{ 123456, 2100, 10000, 25926 },
		{ INT64_MAX, 1, 1, INT64_MAX },
		{ INT64_MAX, 2, 2, INT64_MAX },	/* exact in 128 bits */
	};
	size_t i;
	int64_t v;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK(muldiv(t[i].a, t[i].b, t[i].c, &v) == 0 && v == t[i].want,
		    "muldiv(%lld, %lld, %lld) = %lld, want %lld",
		    (long long)t[i].a, (long long)t[i].b, (long long)t[i].c,
		    (long long)v, (long long)t[i].want);
	}
	CHECK(muldiv(INT64_MAX, 2, 1, &v) != 0, "muldiv overflow detected");
	CHECK(muldiv(1, 1, 0, &v) != 0, "muldiv by zero refused");
	CHECK(muldiv3(6000, 12, 2000, 10000, &v) == 0 && v == 14400,
	    "20 %% of 12 × 60.00 = %lld", (long long)v);
	CHECK(rescale(1234567, 5, 2) == 1235, "rescale 12.34567 -> 12.35");
	CHECK(rescale(-1234500, 5, 2) == -1235, "rescale -12.345 -> -12.35");
	CHECK(madd(INT64_MAX, 1, &v) != 0, "madd overflow detected");
	CHECK(mmul(INT64_MAX / 2 + 1, 2, &v) != 0, "mmul overflow detected");
}

static void
test_dates(void)
{
	static const char *const bad[] = { "2026-02-29", "2026-02-30",
		"2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01",
		"26-01-01", "2026/01/01", "2026-01-01 ", "", "20260101",
		"2026-01-0a", "1899-12-31" };
	static const struct {
		const char *start;
		int n;
		const char *want;
	} maand[] = {
		/* rules.md §3 */
		{ "2026-01-15", 12, "2027-01-14" },
		{ "2026-01-31", 1, "2026-02-28" },
		{ "2026-01-30", 1, "2026-02-28" },
		{ "2026-01-29", 1, "2026-02-28" },
		{ "2026-01-28", 1, "2026-02-27" },
		{ "2028-01-30", 1, "2028-02-29" },
		{ "2028-01-29", 1, "2028-02-28" },
		{ "2026-11-15", 3, "2027-02-14" },	/* VW 2.7.3 example */
		{ "2026-01-01", 24, "2027-12-31" },
		{ "2025-01-01", 12, "2025-12-31" },
		{ "2026-12-31", 2, "2027-02-28" },
		{ "2026-03-31", 1, "2026-04-30" },
	};
	char buf[DATE_BUFSZ];
	int32_t d;
	size_t i;
	int y, m, dd;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(date_parse(bad[i], &d) != 0, "date_parse('%s') refused",
		    bad[i]);
	CHECK(date_parse("2028-02-29", &d) == 0, "2028-02-29 is a leap day");
	CHECK(date_parse("2000-02-29", &d) == 0, "2000-02-29 is a leap day");
	CHECK(date_parse("2100-02-29", &d) != 0, "2100-02-29 is not");
	CHECK(D("1970-01-01") == 0, "epoch day 0");
	for (d = D("1999-12-25"); d < D("2031-01-10"); d++) {
		civil_from_days(d, &y, &m, &dd);
		if (days_from_civil(y, m, dd) != d || date_parse(date_fmt(d, buf),
		    &d) != 0) {
			CHECK(0, "civil round trip at %s", buf);
			break;
		}
	}
	for (i = 0; i < sizeof(maand) / sizeof(maand[0]); i++) {
		date_fmt(maand_end(D(maand[i].start), maand[i].n), buf);
		CHECK(strcmp(buf, maand[i].want) == 0, "maand_end(%s, %d) = %s, "
		    "want %s", maand[i].start, maand[i].n, buf, maand[i].want);
	}
	CHECK(weekday(D("2026-11-15")) == 6, "2026-11-15 is a Sunday");
	CHECK(weekday(D("2026-11-21")) == 5, "2026-11-21 is a Saturday");
	CHECK(month_last(D("2026-02-10")) == D("2026-02-28"), "month_last");
	CHECK(month_first(D("2026-02-10")) == D("2026-02-01"), "month_first");
}

static void
test_calendars(void)
{
	static const struct {
		const char *day;
		int holiday, target2;
	} t[] = {
		{ "2026-01-01", 1, 1 },
		{ "2026-04-03", 1, 1 },		/* Good Friday */
		{ "2026-04-05", 0, 1 },		/* Easter Sunday */
		{ "2026-04-06", 1, 1 },		/* Easter Monday */
		{ "2026-04-27", 1, 0 },		/* King's Day, a Monday */
		{ "2025-04-26", 1, 1 },		/* Saturday: 27 Apr 2025 is a Sunday */
		{ "2025-04-27", 0, 1 },
		{ "2026-05-01", 0, 1 },		/* TARGET2 closed, not a NL holiday */
		{ "2026-05-05", 1, 0 },		/* Liberation Day */
		{ "2026-05-14", 1, 0 },		/* Ascension */
		{ "2026-05-25", 1, 0 },		/* Whit Monday */
		{ "2026-12-25", 1, 1 },
		{ "2026-12-26", 1, 1 },
		{ "2026-12-28", 0, 0 },
		{ "2027-03-26", 1, 1 },		/* Good Friday 2027 */
		{ "2027-03-29", 1, 1 },		/* Easter Monday 2027 */
		{ "2026-11-16", 0, 0 },
	};
	size_t i;
	char buf[DATE_BUFSZ];

	CHECK(easter(2026) == D("2026-04-05"), "Easter 2026");
	CHECK(easter(2027) == D("2027-03-28"), "Easter 2027");
	CHECK(easter(2000) == D("2000-04-23"), "Easter 2000");
	CHECK(easter(2038) == D("2038-04-25"), "Easter 2038");
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK(nl_holiday(D(t[i].day)) == t[i].holiday,
		    "nl_holiday(%s) != %d", t[i].day, t[i].holiday);
		CHECK(target2_closed(D(t[i].day)) == t[i].target2,
		    "target2_closed(%s) != %d", t[i].day, t[i].target2);
	}
	/* rules.md §10: 24 hours from Saturday 21 Nov ends Monday 23 Nov */
	date_fmt(next_working_day(D("2026-11-22")), buf);
	CHECK(strcmp(buf, "2026-11-23") == 0, "next working day %s", buf);
	date_fmt(next_working_day(D("2026-12-25")), buf);
	CHECK(strcmp(buf, "2026-12-28") == 0, "after Christmas %s", buf);
	date_fmt(next_target2_day(D("2026-12-08")), buf);
	CHECK(strcmp(buf, "2026-12-08") == 0, "collection 2026-12-08: %s", buf);
	date_fmt(next_target2_day(D("2026-04-03")), buf);
	CHECK(strcmp(buf, "2026-04-07") == 0, "after Easter %s", buf);
	date_fmt(prev_target2_day(D("2026-12-27")), buf);
	CHECK(strcmp(buf, "2026-12-24") == 0, "before Christmas %s", buf);
}

static void
test_time(void)
{
	static const struct {
		const char *in;
		enum tzone z;
		long long utc;		/* -1: must be refused */
		const char *local;	/* Amsterdam date */
	} t[] = {
		{ "2026-11-30T23:59:00+01:00", TZ_UTC, 1796079540, "2026-11-30" },
		{ "2026-11-30T23:30:00Z", TZ_UTC, 1796081400, "2026-12-01" },
		{ "2026-11-30 23:30:00", TZ_AMSTERDAM, 1796077800, "2026-11-30" },
		{ "2026-07-01T00:30:00", TZ_AMSTERDAM, 1782858600, "2026-07-01" },
		{ "2026-06-30T22:30:00Z", TZ_UTC, 1782858600, "2026-07-01" },
		{ "2026-03-29T00:59:59Z", TZ_UTC, 1774745999, "2026-03-29" },
		{ "2026-03-29T02:30:00", TZ_AMSTERDAM, 1774747800, "2026-03-29" },
		{ "2026-10-25T02:30:00", TZ_AMSTERDAM, 1792888200, "2026-10-25" },
		{ "2026-12-31T23:00:00Z", TZ_UTC, 1798758000, "2027-01-01" },
		{ "2026-11-10 09:00:00", TZ_UTC, 1794301200, "2026-11-10" },
		{ "2026-11-10T09:00:00-05:30", TZ_UTC, 1794321000, "2026-11-10" },
		{ "2026-11-10T24:00:00", TZ_UTC, -1, NULL },
		{ "2026-11-10T09:00", TZ_UTC, -1, NULL },
		{ "2026-11-10T09:00:00+0100", TZ_UTC, -1, NULL },
		{ "2026-02-30T09:00:00", TZ_UTC, -1, NULL },
		{ "2026-11-10X09:00:00", TZ_UTC, -1, NULL },
	};
	char buf[DATE_BUFSZ];
	int64_t utc;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rc = ts_parse(t[i].in, t[i].z, &utc);
		if (t[i].utc < 0) {
			CHECK(rc != 0, "ts_parse('%s') refused", t[i].in);
			continue;
		}
		CHECK(rc == 0 && utc == t[i].utc, "ts_parse('%s') = %lld, want "
		    "%lld", t[i].in, (long long)utc, t[i].utc);
		date_fmt(ams_date(utc), buf);
		CHECK(strcmp(buf, t[i].local) == 0, "ams_date('%s') = %s, want "
		    "%s", t[i].in, buf, t[i].local);
	}
	CHECK(ams_offset(1774745999) == 3600, "winter time before the switch");
	CHECK(ams_offset(1774746000) == 7200, "summer time from 01:00 UTC");
}

static void
test_iban(void)
{
	static const struct {
		const char *in;
		int ok;
	} t[] = {
		{ "NL91ABNA0417164300", 1 },
		{ "NL91ABNA0417164301", 0 },	/* sepa.md */
		{ "NL91 ABNA 0417 1643 00", 1 },
		{ "nl91abna0417164300", 0 },
		{ "NL91ABNA041716430", 0 },	/* too short for NL */
		{ "BE68539007547034", 1 },
		{ "DE89370400440532013000", 1 },
		{ "GB29NWBK60161331926819", 1 },
		{ "NL44RABO0123456789", 1 },
		{ "XX91ABNA0417164300", 0 },
		{ "", 0 },
	};
	char out[40];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK((iban_check(t[i].in, out, sizeof(out)) == NULL) == t[i].ok,
		    "iban_check('%s') should be %s", t[i].in, t[i].ok ?
		    "valid" : "refused");
	CHECK(creditor_id_valid("NL69ZZZ123456780000"), "creditor id 1");
	CHECK(creditor_id_valid("NL51ZZZ405365330000"), "creditor id 2");
	CHECK(!creditor_id_valid("NL89ZZZ011234567890"), "placeholder id");
	CHECK(bic_valid("ABNANL2A") && bic_valid("INGBNL2AXXX"), "BICs");
	CHECK(!bic_valid("ABNANL2") && !bic_valid("abnanl2a"), "bad BICs");
}

static void
test_prorate(void)
{
	static const struct {
		int64_t monthly;
		const char *a, *b;
		int64_t want;
		int whole;
	} t[] = {
		/* the table of rules.md §2 */
		{ 3000, "2026-11-18", "2026-11-30", 1300, 0 },
		{ 2500, "2026-02-10", "2026-02-28", 1583, 0 },
		{ 4995, "2026-01-02", "2026-01-31", 4995, 0 },
		{ 4995, "2026-03-01", "2026-03-31", 4995, 1 },
		{ 6000, "2026-02-01", "2026-02-14", 2800, 0 },
		{ 6000, "2026-02-01", "2026-02-28", 6000, 1 },
		{ 2985, "2026-11-18", "2026-11-30", 1294, 0 },
		{ 3000, "2026-01-01", "2026-01-31", 3000, 1 },
		{ 3000, "2026-01-01", "2026-01-30", 3000, 0 },	/* 30 days */
		{ 3000, "2026-01-15", "2026-01-15", 100, 0 },
	};
	size_t i;
	int whole, months, days;
	int64_t v;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = prorate(t[i].monthly, D(t[i].a), D(t[i].b), 30, &whole);
		CHECK(v == t[i].want && whole == t[i].whole, "prorate(%lld, %s, "
		    "%s) = %lld/%d, want %lld/%d", (long long)t[i].monthly,
		    t[i].a, t[i].b, (long long)v, whole, (long long)t[i].want,
		    t[i].whole);
	}
	/* rules.md §4: 12 months of 2027 at 40.00 */
	v = prorate_span(4000, D("2027-01-01"), D("2027-12-31"), 30, &months,
	    &days);
	CHECK(v == 48000 && months == 12 && days == 0, "buyout 480.00: %lld",
	    (long long)v);
	/* rules.md §5: 19 months × 15.00 */
	v = prorate_span(1500, D("2026-06-01"), D("2027-12-31"), 30, &months,
	    &days);
	CHECK(v == 28500 && months == 19, "downgrade 285.00: %lld",
	    (long long)v);
	v = prorate_span(4000, D("2026-12-16"), D("2027-01-31"), 30, &months,
	    &days);
	CHECK(v == 2133 + 4000 && months == 1 && days == 16, "16 days + 1 "
	    "month: %lld", (long long)v);
}

/* csv: parse text through the reader; returns "f1|f2;f1|f2;" */
static void
csv(const char *text, char *got, size_t n, long *lines)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct csvr *r = csvr_open(fp, "t.csv", 0);
	int i;

	got[0] = '\0';
	while (csvr_next(r)) {
		for (i = 0; i < csvr_ncols(r); i++) {
			strncat(got, csvr_get(r, i), n - strlen(got) - 1);
			strncat(got, i + 1 < csvr_ncols(r) ? "|" : ";",
			    n - strlen(got) - 1);
		}
		*lines++ = csvr_line(r);
	}
	csvr_close(r);
}

static void
test_csv(void)
{
	static const struct {
		const char *in, *want;
		long l1, l2;
	} t[] = {
		{ "a,b\n1,2\n3,4\n", "1|2;3|4;", 2, 3 },
		{ "a,b\r\n1,2\r\n3,4\r\n", "1|2;3|4;", 2, 3 },
		{ "\xef\xbb\xbf" "a,b\n1,2\n3,4", "1|2;3|4;", 2, 3 },
		{ "a,b\n\"x\ny\",2\n3,4\n", "x\ny|2;3|4;", 2, 4 },
		{ "a,b\n\"say \"\"hi\"\"\",2\n3, 4 \n", "say \"hi\"|2;3| 4 ;", 2,
		  3 },
		{ "a,b\n1,2\n\n3,4\n", "1|2;3|4;", 2, 4 },
		{ "a,b\n,\n3,\"\"\n", "|;3|;", 2, 3 },
	};
	char got[256];
	long lines[8];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(lines, 0, sizeof(lines));
		csv(t[i].in, got, sizeof(got), lines);
		CHECK(strcmp(got, t[i].want) == 0, "csv %zu: '%s', want '%s'",
		    i, got, t[i].want);
		CHECK(lines[0] == t[i].l1 && lines[1] == t[i].l2, "csv %zu: "
		    "lines %ld,%ld want %ld,%ld", i, lines[0], lines[1],
		    t[i].l1, t[i].l2);
	}
	CHECK(text_check("caf\xc3\xa9", 5) == TEXT_OK, "UTF-8 é");
	CHECK(text_check("caf\xe9", 4) == TEXT_UTF8, "Latin-1 é refused");
	CHECK(text_check("\xc0\xaf", 2) == TEXT_UTF8, "overlong refused");
	CHECK(text_check("\xed\xa0\x80", 3) == TEXT_UTF8, "surrogate refused");
	CHECK(text_check("\xf0\x9f\x93\x9e", 4) == TEXT_OK, "emoji");
	CHECK(text_check("\xf4\x90\x80\x80", 4) == TEXT_UTF8, "beyond U+10FFFF refused");
}

/* the reader's fatal errors: run in a child, compare its stderr */
static void
csv_error(const char *text, const char *want)
{
	char buf[512] = "";
	int fd[2], status;
	pid_t pid;
	ssize_t n;
	size_t len = 0;

	if (pipe(fd) != 0)
		exit(1);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		FILE *fp = fmemopen((void *)text, strlen(text), "r");
		struct csvr *r;

		dup2(fd[1], 2);
		close(fd[0]);
		r = csvr_open(fp, "t.csv", 0);
		while (csvr_next(r))
			;
		_exit(0);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fd[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1 &&
	    strstr(buf, want) != NULL, "csv error for %.20s...: got '%s', want "
	    "'%s'", text, buf, want);
}

static void
test_csv_errors(void)
{
	csv_error("a,b\n1,2\n3\n", "t.csv:3:2: 1 fields: expected 2");
	csv_error("a,b\n1,2\n3,4,5\n", "t.csv:3:3: 3 fields: expected 2");
	csv_error("a,b\n1,\"2\n3,4\n", "t.csv:2:2: unterminated quoted field");
	csv_error("a,b\n1,2\"x\"\n", "t.csv:2:2: malformed quoting");
	csv_error("a,b\n1,\"2\"x\n", "t.csv:2:2: malformed quoting");
	csv_error("a,b\n1,2\nx,caf\xe9\n", "t.csv:3:2: invalid UTF-8");
	csv_error("a,a\n1,2\n", "t.csv:1:2: duplicate column 'a'");
	csv_error("", "t.csv:1:1: empty file");
}

int
main(void)
{
	test_money_parse();
	test_money_fmt();
	test_rounding();
	test_dates();
	test_calendars();
	test_time();
	test_iban();
	test_prorate();
	test_csv();
	test_csv_errors();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
