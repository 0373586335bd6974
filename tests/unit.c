/*
 * unit: table-driven tests of the shared library (filters/lib): money,
 * calendars, Amsterdam time, IBANs, pro-rating, the CSV reader (also
 * against a reference parser and libcsv on generated documents) and
 * writer, item keys, E.164 numbers, ids, countries and VAT ids, and the
 * articles of rules.md §12.  Every worked example of rules.md §2-§3 that
 * the library computes is a row here.
 * Prints "FAIL file:line" per failed check and "N passed, N failed" last.
 */
#include <csv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "article.h"
#include "bundle.h"
#include "cdr.h"
#include "contract.h"
#include "country.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "fmt.h"
#include "iban.h"
#include "item.h"
#include "mandate.h"
#include "money.h"
#include "number.h"
#include "pain008.h"
#include "sepatext.h"
#include "terms.h"
#include "tpl.h"
#include "util.h"
#include "claim.h"
#include "xmlout.h"
#include "mime.h"
#include "xsort.h"
#include "idset.h"

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
		/* 02, 98 and 97 are issued; 99, 01 and 00 in their place keep
		 * mod 97 = 1 but ISO 7064 never gives them */
		{ "NL02ABNA0417164350", 1 },
		{ "NL99ABNA0417164350", 0 },
		{ "NL98ABNA0417164368", 1 },
		{ "NL01ABNA0417164368", 0 },
		{ "NL97ABNA0417164386", 1 },
		{ "NL00ABNA0417164386", 0 },
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
	CHECK(creditor_id_valid("NL02ZZZ123456780042") &&
	    !creditor_id_valid("NL99ZZZ123456780042"), "creditor id 99");
	CHECK(creditor_id_valid("NL97ZZZ123456780078") &&
	    !creditor_id_valid("NL00ZZZ123456780078"), "creditor id 00");
	CHECK(bic_valid("ABNANL2A") && bic_valid("INGBNL2AXXX"), "BICs");
	CHECK(!bic_valid("ABNANL2") && !bic_valid("abnanl2a"), "bad BICs");
}

/* ISO 11649: toolchain.md's example, and references of invoice numbers */
static void
test_rf(void)
{
	static const struct {
		const char *no, *want;
	} t[] = {
		{ "539007547034", "RF18539007547034" },	/* toolchain.md */
		{ "VZ-2026-000001", "RF60VZ2026000001" },
		{ "VZ-2026-000002", "RF33VZ2026000002" },
		{ "vw-2027-000123", "RF06VW2027000123" },
	};
	char out[RF_BUFSZ];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		CHECK(rf_reference(t[i].no, out, sizeof(out)) != NULL &&
		    strcmp(out, t[i].want) == 0, "rf_reference(%s) = %s, want "
		    "%s", t[i].no, out, t[i].want);
		CHECK(rf_valid(t[i].want), "rf_valid(%s)", t[i].want);
	}
	CHECK(!rf_valid("RF19539007547034"), "a wrong check digit");
	CHECK(!rf_valid("RF18539007547034X"), "a changed body");
	CHECK(rf_reference("ABCDEFGHIJ-2026-1234567", out, sizeof(out)) !=
	    NULL && strlen(out) == 25, "21 characters fit");
	CHECK(rf_reference("ABCDEFGHIJ-2026-12345678", out, sizeof(out)) ==
	    NULL, "22 characters do not");
	CHECK(rf_reference("--", out, sizeof(out)) == NULL, "no body");
}

/* sepa.md: names in the SEPA set, cut at their maximum; identifiers */
static void
test_sepatext(void)
{
	static const struct {
		const char *in;
		size_t max;
		const char *want;
	} t[] = {
		{ "Café Ærø & Zoë", 70, "Cafe AEro + Zoe" },
		{ "Straße 5", 70, "Strasse 5" },
		{ "“Quoted” ‘name’ \"x\"", 70, "'Quoted' 'name' 'x'" },
		{ "A&B <Holding>", 70, "A+B (Holding)" },
		{ "Bakkerij 🍞 De Korf", 70, "Bakkerij De Korf" },
		{ "Łódź Żółć Škoda Œuvre", 70, "Lodz Zolc Skoda OEuvre" },
		{ "  many   blanks\there  ", 70, "many blanks here" },
		{ "Factuur VZ-2026-000001 december 2026", 140,
		  "Factuur VZ-2026-000001 december 2026" },
		{ "abc def", 4, "abc" },	/* no trailing space */
		{ "\xff\xfeok", 70, "ok" },	/* invalid bytes left out */
		{ "日本", 70, "" },
		{ "Ünïcödé–dash €5", 70, "Unicode-dash EUR5" },
	};
	char out[256], big[700];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		sepa_text(t[i].in, t[i].max, out);
		CHECK(strcmp(out, t[i].want) == 0, "sepa_text('%s') = '%s', "
		    "want '%s'", t[i].in, out, t[i].want);
	}
	/* 200 characters of a name with accents: 70 of the set */
	for (i = 0; i < 200; i++)
		memcpy(big + 2 * i, "é", 2);
	big[400] = '\0';
	sepa_text(big, 70, out);
	CHECK(strlen(out) == 70 && strspn(out, "e") == 70, "a long name: %zu",
	    strlen(out));
	for (i = 0; out[i]; i++)
		CHECK(sepa_char_ok((unsigned char)out[i]), "char %zu", i);
	CHECK(sepa_id_check("VZ-2026-000001", 35) == NULL, "an invoice number");
	CHECK(sepa_id_check("VZ-MDT-1001", 35) == NULL, "a mandate id");
	CHECK(sepa_id_check("/abc", 35) != NULL && sepa_id_check("abc/", 35) !=
	    NULL && sepa_id_check("a//b", 35) != NULL, "slashes");
	CHECK(sepa_id_check("a b", 35) != NULL && sepa_id_check("a_b", 35) !=
	    NULL && sepa_id_check("", 35) != NULL, "outside the set");
	CHECK(sepa_id_check("123456789012345678901234567890123456", 35) !=
	    NULL, "36 characters");
}

/* xmlout: structure, escaping, and what XML 1.0 forbids */
static void
test_xmlout(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct xmlout *x = xo_open(fp, "t.xml");
	FILE *nul = fopen("/dev/null", "w");

	xo_start(x, "Document");
	xo_attr(x, "xmlns", "urn:x");
	xo_start(x, "A");
	xo_leaf(x, "Nm", "A&B <Holding> \"x\"");
	xo_leaf_attr(x, "InstdAmt", "Ccy", "EUR", "60.44");
	xo_start(x, "Empty");
	xo_end(x);
	xo_end(x);
	xo_end(x);
	xo_close(x);
	fclose(fp);
	CHECK(strcmp(buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Document xmlns=\"urn:x\">\n\t<A>\n"
	    "\t\t<Nm>A&amp;B &lt;Holding&gt; \"x\"</Nm>\n"
	    "\t\t<InstdAmt Ccy=\"EUR\">60.44</InstdAmt>\n\t\t<Empty/>\n"
	    "\t</A>\n</Document>\n") == 0, "xmlout document:\n%s", buf);
	free(buf);
	CHECK(xo_escape(nul, "a\x01b", 3, 0) != NULL, "U+0001 refused");
	CHECK(xo_escape(nul, "a\tb\n", 4, 0) == NULL, "tab, newline kept");
	CHECK(xo_escape(nul, "\xef\xbf\xbe", 3, 0) != NULL, "U+FFFE refused");
	CHECK(xo_escape(nul, "\xc3", 1, 0) != NULL, "invalid UTF-8 refused");
	CHECK(xo_escape(nul, "é€🍞", strlen("é€🍞"), 0) == NULL, "UTF-8 kept");
	fclose(nul);
}

/* b64: the plain encoding of RFC 4648, one group at a time, for comparing */
static void
b64(const unsigned char *s, size_t n, char *o)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i < n; i += 3, o += 4) {
		unsigned long v = (unsigned long)s[i] << 16 |
		    (i + 1 < n ? (unsigned long)s[i + 1] << 8 : 0) |
		    (i + 2 < n ? s[i + 2] : 0);

		o[0] = abc[v >> 18 & 63];
		o[1] = abc[v >> 12 & 63];
		o[2] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		o[3] = i + 2 < n ? abc[v & 63] : '=';
	}
	*o = '\0';
}

/* xmlout's base64: RFC 4648's vectors, and lengths about its buffer's */
static void
test_base64(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	static const size_t lens[] = { 49149, 49150, 49151, 49152, 49153,
		65535, 65536, 200001 };
	unsigned char *in = xmalloc(200001);
	char *want = xmalloc(4 * 200001 / 3 + 8), *buf, *got;
	size_t i, len;
	FILE *fp;
	struct xmlout *x;

	for (i = 0; i < 200001; i++)
		in[i] = (unsigned char)(i * 2654435761u >> 13);
	for (i = 0; i < sizeof(t) / sizeof(t[0]) + sizeof(lens) /
	    sizeof(lens[0]); i++) {
		const unsigned char *s = i < sizeof(t) / sizeof(t[0]) ?
		    (const unsigned char *)t[i].in : in;
		size_t n = i < sizeof(t) / sizeof(t[0]) ? strlen(t[i].in) :
		    lens[i - sizeof(t) / sizeof(t[0])];

		buf = NULL;
		fp = open_memstream(&buf, &len);
		x = xo_open(fp, "t.xml");
		/* after some text, so the groups do not start at the
		 * same place in the buffer */
		xo_start(x, "D");
		xo_leaf(x, "P", "abcdef" + n % 7);
		xo_start(x, "B");
		xo_base64(x, "", 0);
		xo_base64(x, s, n);
		xo_end(x);
		xo_end(x);
		xo_close(x);
		fclose(fp);
		if (i < sizeof(t) / sizeof(t[0]))
			strcpy(want, t[i].want);
		else
			b64(s, n, want);
		got = strstr(buf, "<B>");
		CHECK(got != NULL && strncmp(got + 3, want, strlen(want)) == 0
		    && strncmp(got + 3 + strlen(want), "</B>", 4) == 0,
		    "base64 of %zu bytes", n);
		free(buf);
	}
	free(in);
	free(want);
}

/* unb64: decode base64 digits (no checks: the test's own input) */
static size_t
unb64(const char *s, size_t n, unsigned char *o)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long v = 0;
	size_t i, k = 0, bits = 0;

	for (i = 0; i < n && s[i] != '='; i++) {
		v = v << 6 | (unsigned long)(strchr(abc, s[i]) - abc);
		if ((bits += 6) >= 8) {
			bits -= 8;
			o[k++] = (unsigned char)(v >> bits);
		}
	}
	return k;
}

/* mime: encoded words of at most 75 characters in lines of at most 76, cut
 * between characters, that decode to the text; plain ASCII kept; the
 * address check */
static void
test_mime(void)
{
	const char *subj = "Factuur van Müller Logistik GmbH — Jülicher Straße "
	    "180, 52070 Aachen: €1.234,56 vóór 15-12-2026 (ÄÖÜ äöü ß)";
	struct sbuf m = { 0 };
	unsigned char dec[512], *d = dec;
	const char *p, *e, *w;
	size_t ok = 1;

	mime_header(&m, "Subject", subj);
	for (p = sb_str(&m); *p; p = e + 2) {
		e = strstr(p, "\r\n");
		if (e == NULL || e - p > 76)
			ok = 0;
		if (e == NULL)
			break;
		for (w = p; (w = strstr(w, "=?UTF-8?B?")) != NULL && w < e;
		    w = strstr(w, "?=") + 2) {
			const char *q = w + 10, *z = strstr(q, "?=");
			size_t k = unb64(q, (size_t)(z - q), d);

			if (z + 2 - w > 75 || (k > 0 && (*d & 0xc0) == 0x80))
				ok = 0;
			d += k;
		}
	}
	*d = '\0';
	CHECK(ok && strcmp((char *)dec, subj) == 0, "RFC 2047 subject:\n%s",
	    sb_str(&m));
	sb_reset(&m);
	mime_header(&m, "Subject", "Factuur VZ-2026-000001");
	CHECK(strcmp(sb_str(&m), "Subject: Factuur VZ-2026-000001\r\n") == 0,
	    "ASCII subject: %s", sb_str(&m));
	sb_reset(&m);
	mime_address(&m, "To", "De \"Graaf\" B.V.", "a@b.nl");
	CHECK(strcmp(sb_str(&m), "To: \"De \\\"Graaf\\\" B.V.\" <a@b.nl>\r\n") == 0,
	    "quoted display name: %s", sb_str(&m));
	sb_reset(&m);
	mime_address(&m, "To", "A\r\nBcc: x@y.nl", "a@b.nl");
	CHECK(strstr(sb_str(&m), "\nBcc") == NULL, "a CR LF in a name encoded: %s",
	    sb_str(&m));
	sb_free(&m);
	CHECK(mime_addr_ok("info@example.nl") && !mime_addr_ok("a@b.nl, c@d.nl")
	    && !mime_addr_ok("a@b.nl\r\nBcc: c@d.nl") && !mime_addr_ok("@b.nl")
	    && !mime_addr_ok("a@") && !mime_addr_ok("a@b@c") &&
	    !mime_addr_ok("<a@b.nl>") && !mime_addr_ok("a b@c.nl"),
	    "mime_addr_ok");
}

/* formats.md: Dutch and English amounts and dates */
static void
test_fmt(void)
{
	static const struct {
		int64_t cents;
		const char *nl, *en;
	} m[] = {
		{ 123456, "€ 1.234,56", "€1,234.56" },
		{ 6044, "€ 60,44", "€60.44" },
		{ 0, "€ 0,00", "€0.00" },
		{ -2420, "€ -24,20", "-€24.20" },
		{ 100000000, "€ 1.000.000,00", "€1,000,000.00" },
		{ -99999999, "€ -999.999,99", "-€999,999.99" },
	};
	char buf[FMT_BUFSZ];
	size_t i;

	for (i = 0; i < NELEM(m); i++) {
		CHECK(strcmp(fmt_money(m[i].cents, LANG_NL, buf), m[i].nl) == 0,
		    "fmt_money nl %lld: %s", (long long)m[i].cents, buf);
		CHECK(strcmp(fmt_money(m[i].cents, LANG_EN, buf), m[i].en) == 0,
		    "fmt_money en %lld: %s", (long long)m[i].cents, buf);
	}
	CHECK(strcmp(fmt_date(D("2026-11-15"), LANG_NL, buf), "15-11-2026") ==
	    0, "date nl: %s", buf);
	CHECK(strcmp(fmt_date(D("2026-11-15"), LANG_EN, buf),
	    "15 November 2026") == 0, "date en: %s", buf);
	CHECK(strcmp(fmt_date(D("2027-01-01"), LANG_EN, buf),
	    "1 January 2027") == 0, "date en: %s", buf);
	CHECK(strcmp(fmt_month(D("2026-12-19"), LANG_NL, buf),
	    "december 2026") == 0, "month nl: %s", buf);
	CHECK(strcmp(fmt_pct(2100, LANG_NL, buf), "21 %") == 0, "pct %s", buf);
	CHECK(strcmp(fmt_pct(1250, LANG_NL, buf), "12,5 %") == 0, "pct %s",
	    buf);
	CHECK(strcmp(fmt_pct(900, LANG_EN, buf), "9%") == 0, "pct %s", buf);
	CHECK(strcmp(fmt_number(3500, MONEY_MICRO, 2, LANG_NL, buf), "0,035") ==
	    0, "rate %s", buf);
	CHECK(strcmp(fmt_number(1250000, MONEY_MICRO, 2, LANG_EN, buf),
	    "12.50") == 0, "price %s", buf);
	{
		int64_t utc;
		int32_t day;

		/* CET and, past midnight in summer, CEST */
		ts_parse("2026-11-03T13:05:00Z", TZ_UTC, &utc);
		CHECK(strcmp(fmt_time(utc, &day, buf), "14:05") == 0 && day ==
		    D("2026-11-03"), "time %s", buf);
		ts_parse("2026-07-01T22:30:00Z", TZ_UTC, &utc);
		CHECK(strcmp(fmt_time(utc, &day, buf), "00:30") == 0 && day ==
		    D("2026-07-02"), "time %s", buf);
	}
	CHECK(strcmp(fmt_duration(3725, buf), "1:02:05") == 0 &&
	    strcmp(fmt_duration(65, buf), "1:05") == 0, "duration %s", buf);
}

/* tpl: a template read back, and each fault named by line and column */
static void
test_tpl(void)
{
	static const struct tpl_field f[] = {
		{ "style", "accent", T_COLOUR, NULL, 0 },
		{ "style", "size", T_SIZE, NULL, 0 },
		{ "style", "logo", T_FILE, NULL, 1 },
		{ "nl", "page", T_TEXT, "page pages", 0 },
		{ "contact", "line", T_LIST, NULL, 1 },
	};
	static const struct {
		const char *text, *err;	/* err: the start of the message */
	} bad[] = {
		{ "[style]\naccent = #12345\n", "t.conf:2:10: bad accent" },
		{ "[style]\ncolour = #123456\n", "t.conf:2:1: unknown field" },
		{ "[stijl]\n", "t.conf:1:1: unknown section" },
		{ "accent = #123456\n", "t.conf:1:1: a field before" },
		{ "[style]\naccent = #123456\nsize = 1.234\n",
		  "t.conf:3:8: bad size" },
		{ "[style]\naccent = #123456\nsize = 9\n[nl]\n"
		  "page = {page} of {nope}\n", "t.conf:5:18: bad page" },
		{ "[style]\naccent = #123456\nsize = 9\n",
		  "t.conf:4:1: missing field 'page'" },
		{ "[style]\naccent = #123456\naccent = #123456\n",
		  "t.conf:3:1: field 'accent' set twice" },
		{ "[style]\nlogo = ../x.png\n", "t.conf:2:8: bad logo" },
	};
	struct tpl t;
	struct sbuf b = { 0 };
	char err[256];
	size_t i;
	double rgb[3];
	FILE *fp;
	int st;

	fp = fopen("t.conf", "w");
	fputs("# a comment\n[style]\naccent = #1f4e79\nsize = 8.5\n[nl]\n"
	    "page = pagina {page} van {pages} {{x}\n[contact]\nline = a\n"
	    "line = b\n", fp);
	fclose(fp);
	tpl_load(&t, "t.conf", f, NELEM(f));
	tpl_colour(&t, 0, rgb);
	CHECK(rgb[0] > 0.12 && rgb[0] < 0.13 && rgb[2] > 0.47 && rgb[2] < 0.48,
	    "colour");
	CHECK(tpl_size(&t, 1) == 8.5, "size");
	CHECK(strcmp(tpl_get(&t, 2), "") == 0, "an optional field absent");
	CHECK(strcmp(tpl_get(&t, 4), "a\nb") == 0, "a list");
	tpl_free(&t);
	for (i = 0; i < NELEM(bad); i++) {
		fflush(stdout);
		if (fork() == 0) {
			if (freopen("t.err", "w", stderr) == NULL)
				_exit(3);
			fp = fopen("t.conf", "w");
			fputs(bad[i].text, fp);
			fclose(fp);
			tpl_load(&t, "t.conf", f, NELEM(f));
			_exit(0);
		}
		wait(&st);
		fp = fopen("t.err", "r");
		err[0] = '\0';
		if (fp != NULL) {
			if (fgets(err, sizeof(err), fp) == NULL)
				err[0] = '\0';
			fclose(fp);
		}
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1 && strstr(err,
		    bad[i].err) != NULL, "template fault %zu: got '%s', want "
		    "'%s'", i, err, bad[i].err);
	}
	unlink("t.conf");
	unlink("t.err");
	sb_free(&b);
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
csv_fails(const char *text, const char *want)
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
	csv_fails("a,b\n1,2\n3\n", "t.csv:3:2: 1 fields: expected 2");
	csv_fails("a,b\n1,2\n3,4,5\n", "t.csv:3:3: 3 fields: expected 2");
	csv_fails("a,b\n1,\"2\n3,4\n", "t.csv:2:2: unterminated quoted field");
	csv_fails("a,b\n1,2\"x\"\n", "t.csv:2:2: malformed quoting");
	csv_fails("a,b\n1,\"2\"x\n", "t.csv:2:2: malformed quoting");
	csv_fails("a,b\n1,2\nx,caf\xe9\n", "t.csv:3:2: invalid UTF-8");
	csv_fails("a,a\n1,2\n", "t.csv:1:2: duplicate column 'a'");
	csv_fails("", "t.csv:1:1: empty file");
}

/* esc: s[0..n) printable in a message (CR, LF, tab, quotes and bytes
 * beyond ASCII escaped), clipped; lives until the fourth next call */
static const char *
esc(const char *s, size_t n)
{
	static char buf[4][200];
	static int k;
	char *b = buf[k++ % 4], *p = b;
	size_t i;

	for (i = 0; i < n && p < b + sizeof(buf[0]) - 8; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r' || c == '\n' || c == '\t' || c == '"' ||
		    c == '\\') {
			*p++ = '\\';
			*p++ = c == '\r' ? 'r' : c == '\n' ? 'n' : c == '\t' ?
			    't' : (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			p += sprintf(p, "\\x%02x", c);
		} else {
			*p++ = (char)c;
		}
	}
	if (i < n)
		p += sprintf(p, "...");
	*p = '\0';
	return b;
}

/* --- the CSV reader against a reference, on generated documents -------- */

/* splitmix64 from a fixed seed: the same documents on every run */
static uint64_t rng = 20261130;

static uint64_t
rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
rn(size_t n)
{
	return (size_t)(rnd() % n);
}

/*
 * Records as some parser made them: the fields as spans of fb; for each
 * record the line it starts on and where its bytes are in the document
 * (offset, and length without the line ending; -1 where a parser does not
 * tell).
 */
struct span {
	size_t o, n;
};

struct rec1 {
	size_t f0, nf;
	long line;
	long long off, len;
};

struct recs {
	struct sbuf fb;
	struct span *f;
	size_t nf, fcap;
	struct rec1 *r;
	size_t nr, rcap;
	int open;		/* libcsv: a record has begun */
	long rawbad;		/* csvr_raw differs from the record's bytes */
	long getbad;		/* csvr_get differs from csvr_getn, or no NUL */
};

static void
recs_begin(struct recs *x, long line, long long off)
{
	GROW(x->r, x->nr, x->rcap);
	x->r[x->nr].f0 = x->nf;
	x->r[x->nr].nf = 0;
	x->r[x->nr].line = line;
	x->r[x->nr].off = off;
	x->r[x->nr].len = -1;
	x->nr++;
}

static void
recs_field(struct recs *x, const char *s, size_t n)
{
	GROW(x->f, x->nf, x->fcap);
	x->f[x->nf].o = x->fb.len;
	x->f[x->nf].n = n;
	x->nf++;
	x->r[x->nr - 1].nf++;
	sb_addn(&x->fb, s, n);
}

static const char *
recs_get(const struct recs *x, size_t i)
{
	return sb_str(&x->fb) + x->f[i].o;
}

static void
recs_free(struct recs *x)
{
	sb_free(&x->fb);
	free(x->f);
	free(x->r);
	memset(x, 0, sizeof(*x));
}

enum { CMP_FIELDS = 0, CMP_LINES = 1, CMP_BYTES = 2 };

/* recs_diff: 0 when got has want's records (and, by what, their lines and
 * bytes); else 1, with the first difference in why */
static int
recs_diff(const struct recs *got, const struct recs *want, int what,
    char *why, size_t n)
{
	const struct rec1 *g, *w;
	const struct span *gs, *ws;
	size_t i, j;

	for (i = 0; i < got->nr && i < want->nr; i++) {
		g = &got->r[i];
		w = &want->r[i];
		if (g->nf != w->nf) {
			snprintf(why, n, "record %zu: %zu fields, want %zu",
			    i + 1, g->nf, w->nf);
			return 1;
		}
		for (j = 0; j < g->nf; j++) {
			gs = &got->f[g->f0 + j];
			ws = &want->f[w->f0 + j];
			if (gs->n != ws->n || memcmp(recs_get(got, g->f0 + j),
			    recs_get(want, w->f0 + j), ws->n) != 0) {
				snprintf(why, n, "record %zu (line %ld) field "
				    "%zu: \"%s\" (%zu bytes), want \"%s\" (%zu "
				    "bytes)", i + 1, w->line, j + 1,
				    esc(recs_get(got, g->f0 + j), gs->n), gs->n,
				    esc(recs_get(want, w->f0 + j), ws->n),
				    ws->n);
				return 1;
			}
		}
		if ((what & CMP_LINES) && g->line != w->line) {
			snprintf(why, n, "record %zu: line %ld, want %ld", i + 1,
			    g->line, w->line);
			return 1;
		}
		if ((what & CMP_BYTES) && (g->off != w->off || g->len !=
		    w->len)) {
			snprintf(why, n, "record %zu (line %ld): bytes %lld+%lld, "
			    "want %lld+%lld", i + 1, w->line, g->off, g->len,
			    w->off, w->len);
			return 1;
		}
	}
	if (got->nr != want->nr) {
		snprintf(why, n, "%zu records, want %zu", got->nr, want->nr);
		return 1;
	}
	return 0;
}

/* the alphabet of the generated fields; the specials need quotes */
static const char *const plain_piece[] = { "a", "b", "Z", "0", "7", " ",
	"\t", "x y", ";", "'", "\xc3\xa9", "\xe2\x82\xac",
	"\xf0\x9f\x98\x80" };
static const char *const special_piece[] = { ",", "\"", "\r", "\n", "\r\n",
	"\"\"", "\",\"", ",\n", "\n\n" };

/* gen_field: empty one time in five, else 1 to maxp pieces, each special
 * one time in 'special' (0: never) */
static void
gen_field(struct sbuf *b, size_t special, size_t maxp)
{
	size_t k;

	sb_reset(b);
	if (rn(5) == 0)
		return;
	for (k = 1 + rn(maxp); k > 0; k--)
		sb_add(b, special && rn(special) == 0 ?
		    special_piece[rn(NELEM(special_piece))] :
		    plain_piece[rn(NELEM(plain_piece))]);
}

static int
needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

static void
put_field(struct sbuf *d, const char *s, size_t n, int quote)
{
	const char *p;

	if (!quote) {
		sb_addn(d, s, n);
		return;
	}
	sb_add(d, "\"");
	while ((p = memchr(s, '"', n)) != NULL) {
		sb_addn(d, s, (size_t)(p - s) + 1);
		sb_add(d, "\"");
		n -= (size_t)(p - s) + 1;
		s = p + 1;
	}
	sb_addn(d, s, n);
	sb_add(d, "\"");
}

/*
 * gen_doc: nrec records of ncols random fields, each line ending in LF or
 * CRLF (the last one now and then in nothing), blank lines now and then,
 * written twice: doc[0] quoted only where a field needs it (a lone empty
 * field too, or it would be a blank line), so that most lines are left
 * to fast_split, and doc[1] with every field quoted, so that every line
 * goes through libcsv.  want[k] is what a reader must make of doc[k].
 */
static void
gen_doc(size_t ncols, size_t nrec, size_t special, size_t maxp,
    struct sbuf doc[2], struct recs want[2])
{
	struct sbuf f = { 0 };
	const char *eol, *p;
	long line = 1;
	size_t i, j, k;

	for (i = 0; i < nrec; i++) {
		while (rn(12) == 0) {
			eol = rn(2) ? "\n" : "\r\n";
			for (k = 0; k < 2; k++)
				sb_add(&doc[k], eol);
			line++;
		}
		for (k = 0; k < 2; k++)
			recs_begin(&want[k], line, (long long)doc[k].len);
		for (j = 0; j < ncols; j++) {
			gen_field(&f, special, maxp);
			for (k = 0; k < 2; k++) {
				if (j > 0)
					sb_add(&doc[k], ",");
				put_field(&doc[k], sb_str(&f), f.len, k == 1 ||
				    needs_quotes(sb_str(&f), f.len) ||
				    (ncols == 1 && f.len == 0));
				recs_field(&want[k], sb_str(&f), f.len);
			}
			for (p = sb_str(&f); (p = strchr(p, '\n')) != NULL; p++)
				line++;
		}
		for (k = 0; k < 2; k++)
			want[k].r[want[k].nr - 1].len = (long long)doc[k].len -
			    want[k].r[want[k].nr - 1].off;
		eol = i + 1 == nrec && rn(5) == 0 ? "" : rn(3) == 0 ? "\r\n" :
		    "\n";
		for (k = 0; k < 2; k++)
			sb_add(&doc[k], eol);
		if (*eol != '\0')
			line++;
	}
	if (doc[0].s[doc[0].len - 1] == '\n' && rn(8) == 0)
		for (k = 0; k < 2; k++)
			sb_add(&doc[k], "\n");
	sb_free(&f);
}

/*
 * ref_parse: a reference RFC 4180 parser: strict (a quote only around a
 * whole field, doubled inside it), lines ending in LF or CRLF, blank lines
 * skipped as libcsv skips them.  0, or -1 for text it refuses.
 */
static int
ref_parse(const char *s, size_t len, struct recs *x)
{
	struct sbuf f = { 0 };
	size_t i = 0, start;
	long line = 1;

	while (i < len) {
		if (s[i] == '\n' || (s[i] == '\r' && i + 1 < len &&
		    s[i + 1] == '\n')) {
			i += s[i] == '\r' ? 2 : 1;
			line++;
			continue;
		}
		start = i;
		recs_begin(x, line, (long long)i);
		for (;;) {
			sb_reset(&f);
			if (i < len && s[i] == '"') {
				for (i++;; i++) {
					if (i == len)
						goto bad;
					if (s[i] == '"' && i + 1 < len &&
					    s[i + 1] == '"') {
						sb_addn(&f, "\"", 1);
						i++;
					} else if (s[i] == '"') {
						i++;
						break;
					} else {
						if (s[i] == '\n')
							line++;
						sb_addn(&f, s + i, 1);
					}
				}
				if (i < len && s[i] != ',' && s[i] != '\r' &&
				    s[i] != '\n')
					goto bad;
			} else {
				for (; i < len && s[i] != ',' && s[i] != '\r' &&
				    s[i] != '\n'; i++) {
					if (s[i] == '"')
						goto bad;
					sb_addn(&f, s + i, 1);
				}
			}
			recs_field(x, sb_str(&f), f.len);
			if (i < len && s[i] == ',') {
				i++;
				continue;
			}
			break;
		}
		x->r[x->nr - 1].len = (long long)(i - start);
		if (i < len && s[i] == '\r') {
			if (i + 1 < len && s[i + 1] != '\n')
				goto bad;	/* a lone CR ends no line */
			i++;
		}
		if (i < len && s[i] == '\n') {
			i++;
			line++;
		}
	}
	sb_free(&f);
	return 0;
bad:
	sb_free(&f);
	return -1;
}

static int
lc_nospace(unsigned char c)
{
	(void)c;
	return 0;
}

static void
lc_field(void *s, size_t n, void *data)
{
	struct recs *x = data;

	if (!x->open) {
		recs_begin(x, -1, -1);
		x->open = 1;
	}
	recs_field(x, s ? s : "", n);
}

static void
lc_row(int c, void *data)
{
	struct recs *x = data;

	(void)c;
	x->open = 0;
}

/* lc_parse: libcsv itself on the whole text, strict, trimming nothing */
static int
lc_parse(const char *s, size_t len, struct recs *x)
{
	struct csv_parser p;
	int rc = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	csv_set_space_func(&p, lc_nospace);
	if (csv_parse(&p, s, len, lc_field, lc_row, x) != len ||
	    csv_fini(&p, lc_field, lc_row, x) != 0)
		rc = -1;
	csv_free(&p);
	return rc;
}

/* read_recs: the document through csvr (dies on what it refuses) */
static void
read_recs(const char *s, size_t len, const char *name, int flags,
    struct recs *x)
{
	FILE *fp = fmemopen((void *)s, len, "r");
	struct csvr *r;
	const char *f, *raw;
	size_t i, n, rl;
	int64_t off;

	if (fp == NULL) {
		perror("fmemopen");
		exit(1);
	}
	r = csvr_open(fp, name, CSVR_NOHEADER | flags);
	while (csvr_next(r)) {
		csvr_offset(r, &off, &n);
		recs_begin(x, csvr_line(r), (long long)off);
		x->r[x->nr - 1].len = (long long)n;
		if (flags & CSVR_RAW) {
			raw = csvr_raw(r, &rl);
			if (raw == NULL || rl != n || off < 0 || (size_t)off + n >
			    len || memcmp(raw, s + off, n) != 0)
				x->rawbad++;
		}
		for (i = 0; i < (size_t)csvr_ncols(r); i++) {
			f = csvr_getn(r, (int)i, &n);
			if (f[n] != '\0' || csvr_get(r, (int)i) != f)
				x->getbad++;
			recs_field(x, f, n);
		}
	}
	csvr_close(r);
}

/* write_recs: the records through csvw, into *out (allocated) */
static void
write_recs(const struct recs *x, char **out, size_t *len)
{
	FILE *fp = open_memstream(out, len);
	struct csvw *w;
	size_t i, j;

	if (fp == NULL) {
		perror("open_memstream");
		exit(1);
	}
	w = csvw_open(fp, "mem");
	for (i = 0; i < x->nr; i++) {
		for (j = 0; j < x->r[i].nf; j++)
			csvw_strn(w, recs_get(x, x->r[i].f0 + j),
			    x->f[x->r[i].f0 + j].n);
		csvw_end(w);
	}
	csvw_close(w);
}

enum {
	D_REF,		/* the reference parser, both documents */
	D_LIBCSV,	/* libcsv on the whole text, both documents */
	D_FAST,		/* csvr on doc[0]: fast_split where it can */
	D_FAST_RAW,	/* the same with CSVR_RAW (the raw copy first) */
	D_QUOTED,	/* csvr on doc[1]: every line through libcsv */
	D_QUOTED_RAW,
	D_ROUNDTRIP,	/* csvw, then csvr */
	D_BYTES,	/* csvr_offset and csvr_raw, in the four csvr passes */
	D_N
};

static void
test_csv_differential(void)
{
	static const char *const what[D_N] = {
		"reference parser vs the generated fields",
		"libcsv (strict, no trimming) vs the generated fields",
		"csvr (fast_split where it can) vs the generated fields",
		"csvr with CSVR_RAW vs the generated fields",
		"csvr, every field quoted (libcsv only) vs the generated fields",
		"csvr with CSVR_RAW, every field quoted, vs the generated fields",
		"csvw then csvr vs the generated fields",
		"csvr_offset and csvr_raw vs each record's bytes",
	};
	struct {
		long bad;
		char first[700];
	} res[D_N];
	struct sbuf doc[2];
	struct recs want[2], got;
	char why[600], why2[600], name[64];
	const int flags[D_N] = { 0, 0, 0, CSVR_RAW, 0, CSVR_RAW, 0, 0 };
	size_t d, k, i, ncols, nrec, special, maxp, ndocs = 264;
	long fast = 0, slow = 0, records = 0, lines = 0;
	char *out;
	size_t outlen;
	int c, bad, bytes;

	memset(res, 0, sizeof(res));
	for (d = 0; d < ndocs; d++) {
		/* one document a sample: most lines plain, some quoted */
		memset(doc, 0, sizeof(doc));
		memset(want, 0, sizeof(want));
		ncols = 1 + rn(5);
		nrec = 1 + rn(24);
		special = rn(4) == 0 ? 0 : 4 + rn(30);
		maxp = 1 + rn(6);
		if (d == ndocs - 3) {
			/* lines across the reader's 64 kB reads */
			ncols = 3;
			nrec = 3000;
			special = 60;
			maxp = 24;
		} else if (d == ndocs - 2) {
			/* fields longer than a read */
			ncols = 2;
			nrec = 6;
			special = 300;
			maxp = 60000;
		} else if (d == ndocs - 1) {
			/* one column: a lone empty field must be quoted */
			ncols = 1;
			nrec = 200;
			special = 6;
			maxp = 3;
		}
		gen_doc(ncols, nrec, special, maxp, doc, want);
		records += (long)want[0].nr;
		for (i = 0; i < doc[0].len; i++)
			lines += doc[0].s[i] == '\n';
		for (i = 0; i < want[0].nr; i++) {
			/* what fast_split leaves to libcsv */
			if (memchr(doc[0].s + want[0].r[i].off, '"',
			    (size_t)want[0].r[i].len) != NULL)
				slow++;
			else
				fast++;
		}
		for (c = 0; c < D_BYTES; c++) {
			memset(&got, 0, sizeof(got));
			k = c == D_QUOTED || c == D_QUOTED_RAW;
			snprintf(name, sizeof(name), "gen-%zu-%s.csv", d,
			    k ? "quoted" : "plain");
			bad = 0;
			switch (c) {
			case D_REF:
			case D_LIBCSV:
				for (k = 0; k < 2 && !bad; k++) {
					recs_free(&got);
					snprintf(name, sizeof(name), "gen-%zu-%s"
					    ".csv", d, k ? "quoted" : "plain");
					if ((c == D_REF ? ref_parse : lc_parse)(
					    doc[k].s, doc[k].len, &got) != 0) {
						snprintf(why, sizeof(why), "refused");
						bad = 1;
					} else {
						bad = recs_diff(&got, &want[k], c ==
						    D_REF ? CMP_LINES | CMP_BYTES :
						    CMP_FIELDS, why, sizeof(why));
					}
				}
				break;
			case D_ROUNDTRIP:
				/* a lone empty field: test_csvw, once */
				if (ncols == 1)
					break;
				write_recs(&want[0], &out, &outlen);
				read_recs(out, outlen, name, 0, &got);
				bad = recs_diff(&got, &want[0], CMP_FIELDS, why,
				    sizeof(why));
				free(out);
				break;
			default:
				read_recs(doc[k].s, doc[k].len, name, flags[c],
				    &got);
				bad = recs_diff(&got, &want[k], CMP_LINES, why,
				    sizeof(why));
				if (!bad && got.getbad) {
					snprintf(why, sizeof(why), "%ld fields' "
					    "csvr_get differs from csvr_getn",
					    got.getbad);
					bad = 1;
				}
				/* the bytes apart: their own check */
				bytes = !bad && recs_diff(&got, &want[k],
				    CMP_BYTES, why2, sizeof(why2));
				if (!bad && !bytes && got.rawbad) {
					snprintf(why2, sizeof(why2), "%ld records' "
					    "csvr_raw differs from their bytes",
					    got.rawbad);
					bytes = 1;
				}
				if (bytes && res[D_BYTES].bad++ == 0)
					snprintf(res[D_BYTES].first,
					    sizeof(res[D_BYTES].first), "%s%s: %s",
					    name, flags[c] ? " (CSVR_RAW)" : "",
					    why2);
				break;
			}
			if (bad && res[c].bad++ == 0)
				snprintf(res[c].first, sizeof(res[c].first),
				    "%s: %s", name, why);
			recs_free(&got);
		}
		for (k = 0; k < 2; k++) {
			sb_free(&doc[k]);
			recs_free(&want[k]);
		}
	}
	CHECK(fast > 2000 && slow > 2000 && lines > 5000, "generated %ld "
	    "records on %ld lines: %ld for fast_split, %ld for libcsv", records,
	    lines, fast, slow);
	for (c = 0; c < D_N; c++)
		CHECK(res[c].bad == 0, "%s: %ld %s, the first %s", what[c],
		    res[c].bad, c == D_BYTES ? "passes over a document differ" :
		    "documents differ", res[c].first);
}

/*
 * in_child: fn in a child process, its counts added to ours: the reader
 * dies on what it refuses, and a generated document it wrongly refuses
 * must fail one check, not end the test.
 */
static void
in_child(void (*fn)(void), const char *name)
{
	int fd[2], status, c[2] = { 0, 0 };
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) != 0) {
		perror("pipe");
		exit(1);
	}
	if ((pid = fork()) == 0) {
		close(fd[0]);
		passed = failed = 0;
		fn();
		c[0] = passed;
		c[1] = failed;
		if (write(fd[1], c, sizeof(c)) != (ssize_t)sizeof(c))
			_exit(3);
		close(fd[1]);
		exit(0);	/* LeakSanitizer looks at the child too */
	}
	close(fd[1]);
	n = read(fd[0], c, sizeof(c));
	close(fd[0]);
	waitpid(pid, &status, 0);
	if (n == (ssize_t)sizeof(c)) {
		passed += c[0];
		failed += c[1];
	}
	CHECK(n == (ssize_t)sizeof(c) && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, "%s: the child ended with status %d "
	    "(died in the reader, or leaked)", name, status);
}

/* --- the CSV writer --------------------------------------------------- */

/* memw: a writer into memory: after csvw_close, *buf holds the text
 * (*len bytes; the caller frees it) */
static struct csvw *
memw(char **buf, size_t *len)
{
	FILE *fp = open_memstream(buf, len);

	if (fp == NULL) {
		perror("open_memstream");
		exit(1);
	}
	return csvw_open(fp, "mem");
}

static void
test_csvw(void)
{
	static const struct {
		const char *in[4];	/* one row's fields, NULL-ended */
		const char *want;
	} t[] = {
		{ { "abc", NULL }, "abc\n" },
		{ { "a", "b", "c", NULL }, "a,b,c\n" },
		{ { "a,b", NULL }, "\"a,b\"\n" },
		{ { "say \"hi\"", NULL }, "\"say \"\"hi\"\"\"\n" },
		{ { "\"", NULL }, "\"\"\"\"\n" },
		{ { "\"\"", NULL }, "\"\"\"\"\"\"\n" },
		{ { "a\rb", NULL }, "\"a\rb\"\n" },
		{ { "a\nb", NULL }, "\"a\nb\"\n" },
		{ { "a\r\nb", NULL }, "\"a\r\nb\"\n" },
		{ { "x", "", "y", NULL }, "x,,y\n" },
		{ { "", "", NULL }, ",\n" },
		{ { "", "a", NULL }, ",a\n" },
		{ { "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", NULL },
		  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n" },
		{ { " a ", "\tb", NULL }, " a ,\tb\n" },
		{ { "'a'", "a;b", NULL }, "'a',a;b\n" },
		{ { "\"a\",b", "c", NULL }, "\"\"\"a\"\",b\",c\n" },
		/* a lone empty field: a blank line would be no record at all
		 * for the reader (libcsv skips blank lines) */
		{ { "", NULL }, "\"\"\n" },
	};
	enum { W_INT, W_MONEY, W_AMOUNT, W_DATE, W_YESNO };
	static const struct {
		int kind;
		long long v;
		int dec, min;
		const char *want;	/* W_DATE: also its input */
	} v[] = {
		{ W_INT, 0, 0, 0, "0" },
		{ W_INT, 42, 0, 0, "42" },
		{ W_INT, -42, 0, 0, "-42" },
		{ W_INT, LLONG_MAX, 0, 0, "9223372036854775807" },
		{ W_INT, LLONG_MIN, 0, 0, "-9223372036854775808" },
		{ W_MONEY, 1250, 2, 0, "12.50" },
		{ W_MONEY, -5, 2, 0, "-0.05" },
		{ W_MONEY, -1234, 2, 0, "-12.34" },
		{ W_MONEY, -100, 2, 0, "-1.00" },
		{ W_MONEY, 0, 2, 0, "0.00" },
		{ W_MONEY, 12340, 5, 0, "0.12340" },
		{ W_MONEY, INT64_MIN, 2, 0, "-92233720368547758.08" },
		{ W_AMOUNT, 12340, 5, 2, "0.1234" },
		{ W_AMOUNT, 10500, 5, 0, "0.105" },
		{ W_AMOUNT, 100000, 5, 2, "1.00" },
		{ W_AMOUNT, 100000, 5, 0, "1" },
		{ W_AMOUNT, 995000, 5, 2, "9.95" },
		{ W_AMOUNT, -100, 5, 0, "-0.001" },
		{ W_AMOUNT, -500, 5, 2, "-0.005" },
		{ W_AMOUNT, -5, 2, 0, "-0.05" },
		{ W_AMOUNT, -2100, 2, 0, "-21" },
		{ W_AMOUNT, 0, 5, 0, "0" },
		{ W_DATE, 0, 0, 0, "2026-11-30" },
		{ W_DATE, 0, 0, 0, "2028-02-29" },
		{ W_DATE, DATE_NONE, 0, 0, "" },
		{ W_YESNO, 1, 0, 0, "yes" },
		{ W_YESNO, 0, 0, 0, "no" },
		{ W_YESNO, 7, 0, 0, "yes" },
	};
	struct csvw *w;
	struct csvr *r;
	struct sbuf want = { 0 }, big = { 0 };
	char *buf;
	size_t len, i, j, n;

	for (i = 0; i < NELEM(t); i++) {
		w = memw(&buf, &len);
		for (j = 0; t[i].in[j] != NULL; j++)
			csvw_str(w, t[i].in[j]);
		csvw_end(w);
		csvw_close(w);
		CHECK(len == strlen(t[i].want) && strcmp(buf, t[i].want) == 0,
		    "csvw row %zu: \"%s\", want \"%s\"", i, esc(buf, len),
		    esc(t[i].want, strlen(t[i].want)));
		free(buf);
	}
	for (i = 0; i < NELEM(v); i++) {
		w = memw(&buf, &len);
		csvw_str(w, "x");
		switch (v[i].kind) {
		case W_INT:
			csvw_int(w, v[i].v);
			break;
		case W_MONEY:
			csvw_money(w, v[i].v, v[i].dec);
			break;
		case W_AMOUNT:
			csvw_amount(w, v[i].v, v[i].dec, v[i].min);
			break;
		case W_DATE:
			csvw_date(w, v[i].v == DATE_NONE ? DATE_NONE :
			    D(v[i].want));
			break;
		case W_YESNO:
			csvw_yesno(w, (int)v[i].v);
			break;
		}
		csvw_end(w);
		csvw_close(w);
		sb_reset(&want);
		sb_addf(&want, "x,%s\n", v[i].want);
		CHECK(strcmp(buf, sb_str(&want)) == 0, "csvw value %zu (%lld): "
		    "\"%s\", want \"%s\"", i, v[i].v, esc(buf, len),
		    esc(sb_str(&want), want.len));
		free(buf);
	}

	/* csvw_strn takes n bytes, not the string */
	w = memw(&buf, &len);
	csvw_strn(w, "ab,c", 2);
	csvw_strn(w, "a\"bc", 2);
	csvw_strn(w, "xyz", 0);
	csvw_end(w);
	csvw_close(w);
	CHECK(strcmp(buf, "ab,\"a\"\"\",\n") == 0, "csvw_strn: \"%s\"",
	    esc(buf, len));
	free(buf);

	/* a field beyond the writer's 64 kB buffer, quotes doubled, whole */
	for (i = 0; i < 30000; i++)
		sb_add(&big, i % 1000 == 0 ? "\"q\"" : "ab");
	sb_reset(&want);
	sb_add(&want, "x,\"");
	for (i = 0; i < 30000; i++)
		sb_add(&want, i % 1000 == 0 ? "\"\"q\"\"" : "ab");
	sb_add(&want, "\"\n");
	w = memw(&buf, &len);
	csvw_str(w, "x");
	csvw_str(w, sb_str(&big));
	csvw_end(w);
	csvw_close(w);
	CHECK(len == want.len && memcmp(buf, want.s, len) == 0, "csvw field "
	    "of %zu bytes: %zu written, want %zu", big.len, len, want.len);
	free(buf);

	/* what csvw writes, csvr reads back, a lone empty field too */
	w = memw(&buf, &len);
	for (i = 0; i < NELEM(t); i++) {
		for (j = 0; t[i].in[j] != NULL; j++)
			;
		if (j != 1)
			continue;
		csvw_str(w, t[i].in[0]);
		csvw_end(w);
	}
	csvw_close(w);
	r = csvr_open(fmemopen(buf, len, "r"), "mem", CSVR_NOHEADER);
	for (i = 0; i < NELEM(t); i++) {
		for (j = 0; t[i].in[j] != NULL; j++)
			;
		if (j != 1)
			continue;
		if (!csvr_next(r)) {
			CHECK(0, "csvw then csvr: no record for \"%s\"",
			    esc(t[i].in[0], strlen(t[i].in[0])));
			break;
		}
		csvr_getn(r, 0, &n);
		CHECK(n == strlen(t[i].in[0]) && strcmp(csvr_get(r, 0),
		    t[i].in[0]) == 0, "csvw then csvr: \"%s\", want \"%s\"",
		    esc(csvr_get(r, 0), n), esc(t[i].in[0],
		    strlen(t[i].in[0])));
	}
	csvr_close(r);
	free(buf);
	sb_free(&want);
	sb_free(&big);
}

/* --- item keys -------------------------------------------------------- */

static void
test_keyf(void)
{
	static const struct {
		const char *in[5];	/* the parts, NULL-ended */
		const char *want;
	} t[] = {
		{ { "S", "K1", "2026-11", NULL }, "S/K1/2026-11" },
		{ { "C", "CH-7", NULL }, "C/CH-7" },
		{ { "a/b", NULL }, "a%2Fb" },
		{ { "a", "b", NULL }, "a/b" },
		{ { "100%", "x", NULL }, "100%25/x" },
		{ { "%2F", NULL }, "%252F" },
		{ { "/", "%", "/%", "%/", NULL }, "%2F/%25/%2F%25/%25%2F" },
		{ { "//", NULL }, "%2F%2F" },
		{ { "", "x", NULL }, "/x" },
		{ { "x", "", NULL }, "x/" },
		{ { "", "", NULL }, "/" },
		{ { "", NULL }, "" },
		{ { NULL }, "" },
		{ { "caf\xc3\xa9", "\xe2\x82\xac/\xf0\x9f\x98\x80", NULL },
		  "caf\xc3\xa9/\xe2\x82\xac%2F\xf0\x9f\x98\x80" },
		{ { "a b", " ", NULL }, "a b/ " },
	};
	struct sbuf b = { 0 }, c = { 0 }, part = { 0 }, want = { 0 };
	const char *s;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		/* keyf stops at the first NULL */
		s = keyf(&b, t[i].in[0], t[i].in[1], t[i].in[2], t[i].in[3],
		    NULL);
		CHECK(strcmp(s, t[i].want) == 0 && s == sb_str(&b) &&
		    b.len == strlen(t[i].want), "keyf row %zu: \"%s\", want "
		    "\"%s\"", i, s, t[i].want);
	}
	/* escaping keeps keys apart: a part with '/' is not two parts */
	CHECK(strcmp(keyf(&b, "a/b", NULL), keyf(&c, "a", "b", NULL)) != 0,
	    "keyf(a/b) != keyf(a, b)");
	CHECK(strcmp(keyf(&b, "a%2Fb", NULL), keyf(&c, "a/b", NULL)) != 0,
	    "keyf(a%%2Fb) != keyf(a/b)");
	/* b is emptied first */
	keyf(&b, "first", "key", NULL);
	s = keyf(&b, "K", NULL);
	CHECK(strcmp(s, "K") == 0, "keyf reuses b: \"%s\"", s);
	/* a part of 10 kB comes out whole */
	for (i = 0; i < 10240; i++)
		sb_add(&part, i == 5000 ? "/" : i == 7000 ? "%" : "x");
	sb_add(&want, "U/");
	for (i = 0; i < 10240; i++)
		sb_add(&want, i == 5000 ? "%2F" : i == 7000 ? "%25" : "x");
	sb_add(&want, "/end");
	s = keyf(&b, "U", sb_str(&part), "end", NULL);
	CHECK(strlen(s) == want.len && strcmp(s, sb_str(&want)) == 0, "keyf "
	    "of a 10 kB part: %zu bytes, want %zu", strlen(s), want.len);
	sb_free(&b);
	sb_free(&c);
	sb_free(&part);
	sb_free(&want);
}

/* --- E.164 -------------------------------------------------------------- */

static void
test_e164(void)
{
	static const struct {
		const char *in;
		int data;
		enum number_kind want;
		const char *digits;
	} t[] = {
		{ "0612345678", 0, NUMBER_PUBLIC, "31612345678" },
		{ "+31201234567", 0, NUMBER_PUBLIC, "31201234567" },
		{ "0031201234567", 0, NUMBER_PUBLIC, "31201234567" },
		{ "00442071234567", 0, NUMBER_PUBLIC, "442071234567" },
		{ "+44 20 7123 4567", 0, NUMBER_PUBLIC, "442071234567" },
		{ "06-12345678", 0, NUMBER_PUBLIC, "31612345678" },
		{ "06.1234.5678", 0, NUMBER_PUBLIC, "31612345678" },
		{ "020 (123) 45-67", 0, NUMBER_PUBLIC, "31201234567" },
		{ "+1 (212) 555-0100", 0, NUMBER_PUBLIC, "12125550100" },
		{ "+123456789012345", 0, NUMBER_PUBLIC, "123456789012345" },
		{ "0" "1234567890123", 0, NUMBER_PUBLIC, "311234567890123" },
		{ "201", 0, NUMBER_INTERNAL, NULL },
		{ "s", 0, NUMBER_INTERNAL, NULL },
		{ "112", 0, NUMBER_INTERNAL, NULL },
		{ "*21#", 0, NUMBER_INTERNAL, NULL },
		{ "", 0, NUMBER_INTERNAL, NULL },
		{ "112", 1, NUMBER_INTERNAL, NULL },
		{ "06x1", 0, NUMBER_BAD, NULL },
		{ "+", 0, NUMBER_BAD, NULL },
		{ "00", 0, NUMBER_BAD, NULL },
		{ "0", 0, NUMBER_BAD, NULL },
		{ "+31", 0, NUMBER_BAD, NULL },
		{ "+32", 0, NUMBER_BAD, NULL },
		{ "+-", 0, NUMBER_BAD, NULL },
		{ "+31 20 abc", 0, NUMBER_BAD, NULL },
		{ "0612345678#", 0, NUMBER_BAD, NULL },
		{ "+1234567890123456", 0, NUMBER_BAD, NULL },	/* 16 digits */
		{ "0" "12345678901234", 0, NUMBER_BAD, NULL },	/* 31 + 14 */
		{ "+31", 1, NUMBER_PUBLIC, "31" },
		{ "+32", 1, NUMBER_PUBLIC, "32" },
		{ "0032", 1, NUMBER_PUBLIC, "32" },
		{ "+3", 1, NUMBER_PUBLIC, "3" },
		{ "+", 1, NUMBER_BAD, NULL },
		{ "00", 1, NUMBER_BAD, NULL },
		{ "+1234567890123456", 1, NUMBER_BAD, NULL },
	};
	char buf[E164_MAX + 1], small[E164_MAX];
	enum number_kind k;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		memset(buf, 'X', sizeof(buf));
		k = e164(t[i].in, buf, sizeof(buf), t[i].data);
		CHECK(k == t[i].want && (k != NUMBER_PUBLIC ||
		    (memchr(buf, '\0', sizeof(buf)) != NULL &&
		    strcmp(buf, t[i].digits) == 0)), "e164(\"%s\", data %d) = "
		    "%d \"%.*s\", want %d \"%s\"", t[i].in, t[i].data, k,
		    k == NUMBER_PUBLIC ? (int)sizeof(buf) : 0, buf, t[i].want,
		    t[i].digits ? t[i].digits : "");
	}
	CHECK(e164("0612345678", small, sizeof(small), 0) == NUMBER_BAD,
	    "e164 into %zu bytes: refused", sizeof(small));
	CHECK(e164("+31", small, sizeof(small), 1) == NUMBER_BAD,
	    "e164 data into %zu bytes: refused", sizeof(small));
}

/* --- ids ---------------------------------------------------------------- */

static void
test_val_id(void)
{
	static const struct {
		const char *in;
		size_t max;
		int ok;
	} t[] = {
		{ "K1", ID_MAX, 1 },
		{ "cust-001", ID_MAX, 1 },
		{ "ACME_BV.2026", ID_MAX, 1 },
		{ "a b", ID_MAX, 1 },
		{ "Caf\xc3\xa9", ID_MAX, 1 },
		{ "\xe2\x82\xac\xf0\x9f\x98\x80", ID_MAX, 1 },
		{ "x", 1, 1 },
		{ "", ID_MAX, 0 },
		{ "", 0, 0 },
		{ "xy", 1, 0 },
		{ " K1", ID_MAX, 0 },
		{ "K1 ", ID_MAX, 0 },
		{ " ", ID_MAX, 0 },
		{ "\xc2\xa0K1", ID_MAX, 0 },		/* NBSP first */
		{ "K1\xc2\xa0", ID_MAX, 0 },		/* NBSP last */
		{ "a/b", ID_MAX, 0 },
		{ "/", ID_MAX, 0 },
		{ "..\\x", ID_MAX, 0 },
		{ "a\tb", ID_MAX, 0 },
		{ "a\nb", ID_MAX, 0 },
		{ "a\rb", ID_MAX, 0 },
		{ "\x01K", ID_MAX, 0 },
		{ "K\x1f", ID_MAX, 0 },
		{ "K\x7f", ID_MAX, 0 },
		{ "K\xc2\x85" "1", ID_MAX, 0 },		/* U+0085, C1 */
		{ "K\xc2\x9f" "1", ID_MAX, 0 },		/* U+009F, C1 */
		{ "\xef\xbb\xbfK1", ID_MAX, 0 },	/* U+FEFF */
		{ "K\xef\xbb\xbf" "1", ID_MAX, 0 },
		{ "K\xe2\x80\x8b" "1", ID_MAX, 0 },	/* U+200B */
		{ "K\xe2\x80\x8f" "1", ID_MAX, 0 },	/* U+200F */
		{ "K\xe2\x80\xae" "1", ID_MAX, 0 },	/* U+202E */
		{ "K\xe2\x80\xa8" "1", ID_MAX, 0 },	/* U+2028 */
		{ "K\xe2\x81\xa6" "1", ID_MAX, 0 },	/* U+2066 */
		{ "K\xd8\x9c" "1", ID_MAX, 0 },		/* U+061C, bidi mark */
		{ "K\xc2\xad" "1", ID_MAX, 0 },		/* U+00AD, soft hyphen */
		{ "caf\xe9", ID_MAX, 0 },		/* Latin-1 */
	};
	struct sbuf b = { 0 };
	const char *why;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		why = val_id(t[i].in, t[i].max);
		CHECK((why == NULL) == t[i].ok, "val_id(\"%s\", %zu): %s, want "
		    "%s", esc(t[i].in, strlen(t[i].in)), t[i].max, why ? why :
		    "ok", t[i].ok ? "ok" : "refused");
	}
	for (i = 0; i < 64; i++)
		sb_add(&b, "a");
	CHECK(val_id(sb_str(&b), ID_MAX) == NULL, "an id of 64 bytes");
	sb_add(&b, "a");
	why = val_id(sb_str(&b), ID_MAX);
	CHECK(why != NULL && strstr(why, "65 bytes") != NULL, "an id of 65 "
	    "bytes refused: %s", why ? why : "ok");
	CHECK(val_id(sb_str(&b), 0) == NULL, "max 0: no limit at 65 bytes");
	for (i = 0; i < 10000; i++)
		sb_add(&b, "b");
	CHECK(val_id(sb_str(&b), 0) == NULL, "max 0: no limit at 10 kB");
	/* the limit is bytes: 32 é are 64 bytes, 33 are 66 */
	sb_reset(&b);
	for (i = 0; i < 32; i++)
		sb_add(&b, "\xc3\xa9");
	CHECK(val_id(sb_str(&b), ID_MAX) == NULL, "32 × é: 64 bytes");
	sb_add(&b, "\xc3\xa9");
	CHECK(val_id(sb_str(&b), ID_MAX) != NULL, "33 × é: 66 bytes refused");
	sb_free(&b);
}

/* --- text of a field ---------------------------------------------------- */

static void
test_text_check(void)
{
	static const struct {
		const char *in;
		size_t n;
		enum text_err want;
	} t[] = {
		{ "", 0, TEXT_OK },
		{ "valid text", 10, TEXT_OK },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, TEXT_OK },
		{ "0123456789abcdef", 16, TEXT_OK },
		{ "\t\r\n\x01\x7f", 5, TEXT_OK },
		{ "\0", 1, TEXT_NUL },
		{ "a\0b", 3, TEXT_NUL },
		{ "1234567\0", 8, TEXT_NUL },		/* in the first word */
		{ "\0" "1234567", 8, TEXT_NUL },
		{ "12345678\0", 9, TEXT_NUL },		/* after 8 bytes */
		{ "12345678\0" "abcdefg", 16, TEXT_NUL },	/* in word 2 */
		{ "123456789abcdef\0", 16, TEXT_NUL },
		{ "ab\0", 2, TEXT_OK },			/* n, not strlen */
		{ "\xef\xbb\xbf", 3, TEXT_BOM },
		{ "\xef\xbb\xbf" "abc", 6, TEXT_BOM },
		{ "abc\xef\xbb\xbf", 6, TEXT_BOM },
		{ "123456789\xef\xbb\xbf", 12, TEXT_BOM },	/* after 9 */
		{ "12345678\xef\xbb\xbf", 11, TEXT_BOM },
		{ "caf\xe9", 4, TEXT_UTF8 },		/* Latin-1 */
		{ "1234567\x80", 8, TEXT_UTF8 },	/* a stray byte */
		{ "12345678\xc3", 9, TEXT_UTF8 },	/* cut short */
		{ "\xc3\xa9", 1, TEXT_UTF8 },
		{ "abc\xe2\x82", 5, TEXT_UTF8 },
		{ "\xf0\x9f\x98", 3, TEXT_UTF8 },
		{ "\xc0\x80", 2, TEXT_UTF8 },		/* overlong NUL */
		{ "\xc1\xbf", 2, TEXT_UTF8 },
		{ "\xe0\x80\x80", 3, TEXT_UTF8 },
		{ "\xe0\x9f\xbf", 3, TEXT_UTF8 },
		{ "\xf0\x80\x80\x80", 4, TEXT_UTF8 },
		{ "\xf0\x8f\xbf\xbf", 4, TEXT_UTF8 },
		{ "\xed\xbf\xbf", 3, TEXT_UTF8 },	/* U+DFFF */
		{ "\xf5\x80\x80\x80", 4, TEXT_UTF8 },
		{ "\xff", 1, TEXT_UTF8 },
		{ "\x80", 1, TEXT_UTF8 },
		{ "\xc3\x28", 2, TEXT_UTF8 },
		{ "\xe0\xa0\x80", 3, TEXT_OK },		/* U+0800 */
		{ "\xed\x9f\xbf", 3, TEXT_OK },		/* U+D7FF */
		{ "\xee\x80\x80", 3, TEXT_OK },		/* U+E000 */
		{ "\xef\xbf\xbf", 3, TEXT_OK },		/* U+FFFF */
		{ "\xef\xbb\xbe", 3, TEXT_OK },		/* U+FEFE */
		{ "\xf0\x90\x80\x80", 4, TEXT_OK },	/* U+10000 */
		{ "\xf4\x8f\xbf\xbf", 4, TEXT_OK },	/* U+10FFFF */
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++)
		CHECK(text_check(t[i].in, t[i].n) == t[i].want, "text_check(\"%s\""
		    ", %zu) = %d, want %d", esc(t[i].in, t[i].n), t[i].n,
		    text_check(t[i].in, t[i].n), t[i].want);
}

/* --- direct debits: collection dates, banks, sequence types ------------ */

static void
test_collection_date(void)
{
	static const struct {
		const char *inv, *due;
		int days;
		const char *want;	/* NULL: no date can be met */
	} t[] = {
		{ "2026-12-01", "2026-12-15", 7, "2026-12-08" },
		/* Christmas, 26 December and the weekend after */
		{ "2026-12-18", "2027-01-01", 7, "2026-12-28" },
		/* New Year's Day, a Friday */
		{ "2026-12-25", "2027-01-08", 7, "2027-01-04" },
		/* Good Friday and Easter Monday 2027 */
		{ "2027-03-19", "2027-04-02", 7, "2027-03-30" },
		/* 1 May 2026, a Friday */
		{ "2026-04-24", "2026-05-08", 7, "2026-05-04" },
		/* on or after the due date: the last TARGET2 day before it */
		{ "2026-12-18", "2026-12-28", 7, "2026-12-24" },
		{ "2026-12-01", "2026-12-08", 7, "2026-12-07" },
		/* never before the first TARGET2 day after the run date (D-1) */
		{ "2026-12-04", "2026-12-31", 0, "2026-12-07" },
		{ "2026-12-24", "2027-01-15", 0, "2026-12-28" },
		/* due the day after: the bank cannot have the file in time */
		{ "2026-12-01", "2026-12-02", 7, NULL },
		{ "2026-12-24", "2026-12-28", 7, NULL },
	};
	char buf[200], d[DATE_BUFSZ];
	const char *e;
	int32_t out;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out = DATE_NONE;
		e = collection_date(D(t[i].inv), D(t[i].due), t[i].days, &out,
		    buf, sizeof(buf));
		if (t[i].want == NULL)
			CHECK(e != NULL && strstr(e, "no collection date") != NULL,
			    "collection %s due %s: expected none, got %s",
			    t[i].inv, t[i].due, e ? e : date_fmt(out, d));
		else
			CHECK(e == NULL && out == D(t[i].want),
			    "collection %s + %d due %s: %s, expected %s",
			    t[i].inv, t[i].days, t[i].due, e ? e :
			    date_fmt(out, d), t[i].want);
	}
}

static void
test_same_bank(void)
{
	CHECK(same_bank("NL91ABNA0417164300", "NL02ABNA0123456789"),
	    "two ABN AMRO accounts");
	CHECK(!same_bank("NL91ABNA0417164300", "NL20INGB0001234567"),
	    "ABN AMRO and ING");
	CHECK(same_bank("BE68539007547034", "BE71539000000069"),
	    "Belgian bank code 539");
	CHECK(!same_bank("BE68539007547034", "BE71096123456769"),
	    "Belgian banks 539 and 096");
	CHECK(same_bank("DE89370400440532013000", "DE02370400440000000001"),
	    "German Bankleitzahl 37040044");
	CHECK(!same_bank("DE89370400440532013000", "DE02370400450532013000"),
	    "German 37040044 and 37040045");
	CHECK(!same_bank("NL91ABNA0417164300", "BE68539007547034"),
	    "another country");
	/* a layout not known here: another bank, so SMNDA, the safe side */
	CHECK(!same_bank("FR1420041010050500013M02606",
	    "FR1420041010050500013M02607"), "French accounts");
}

/* mandate_use for customer c against its last debit l (NULL: none) */
static const char *
use(const struct customer *c, const struct debit *l, const char *ended,
    struct mandate_use *u)
{
	static char why[200];

	return mandate_use(c, l, NULL, ended ? D(ended) : DATE_NONE,
	    D("2026-12-01"), 1234, D("2026-12-08"), u, why, sizeof(why));
}

static void
test_mandate_use(void)
{
	struct customer c;
	struct debit l;
	struct mandate_use u;
	const char *e;

	memset(&c, 0, sizeof(c));
	c.id = "C1";
	c.direct_debit = 1;
	c.mandate_id = "M-1";
	c.mandate_date = D("2025-01-01");
	c.iban = "NL91ABNA0417164300";
	c.bic = "ABNANL2A";
	memset(&l, 0, sizeof(l));
	l.invoice_no = "VZ-2026-000001";
	l.seq = SEQ_FRST;
	l.mandate_id = "M-1";
	l.mandate_date = D("2025-01-01");
	l.iban = "NL91ABNA0417164300";
	l.orig_mandate_id = l.orig_iban = "";

	CHECK(mandate_candidate(&c, 0, 1) && !mandate_candidate(&c, 1, 1000) &&
	    !mandate_candidate(&c, 0, 0) && !mandate_candidate(&c, 0, -5),
	    "candidates: not the first invoice, above zero");
	c.direct_debit = 0;
	CHECK(!mandate_candidate(&c, 0, 1000), "a transfer customer");
	c.direct_debit = 1;

	e = use(&c, NULL, NULL, &u);
	CHECK(e == NULL && u.seq == SEQ_FRST && !*u.orig_mandate_id &&
	    !*u.orig_iban && !u.new_bank, "never debited: FRST");
	e = use(&c, &l, NULL, &u);
	CHECK(e == NULL && u.seq == SEQ_RCUR && !*u.orig_iban, "after FRST: RCUR");
	l.seq = SEQ_RCUR;
	e = use(&c, &l, NULL, &u);
	CHECK(e == NULL && u.seq == SEQ_RCUR, "after RCUR: RCUR");

	/* a new account at the same bank: OrgnlDbtrAcct, still RCUR */
	c.iban = "NL02ABNA0123456789";
	e = use(&c, &l, NULL, &u);
	CHECK(e == NULL && u.seq == SEQ_RCUR &&
	    strcmp(u.orig_iban, "NL91ABNA0417164300") == 0 && !u.new_bank,
	    "same bank: OrgnlDbtrAcct");
	/* another bank: SMNDA, sent as FRST */
	c.iban = "NL20INGB0001234567";
	e = use(&c, &l, NULL, &u);
	CHECK(e == NULL && u.seq == SEQ_FRST && u.new_bank && !*u.orig_iban,
	    "another bank: SMNDA as FRST");
	c.iban = "NL91ABNA0417164300";

	/* a renamed mandate (same date): OrgnlMndtId; a new one: FRST */
	c.mandate_id = "M-1-NEW";
	e = use(&c, &l, NULL, &u);
	CHECK(e == NULL && u.seq == SEQ_RCUR &&
	    strcmp(u.orig_mandate_id, "M-1") == 0, "renamed: OrgnlMndtId");
	c.mandate_date = D("2026-11-20");
	e = use(&c, &l, NULL, &u);
	CHECK(e == NULL && u.seq == SEQ_FRST && !*u.orig_mandate_id,
	    "a new mandate: FRST, no amendment");
	/* signed after the collection date: not collected */
	c.mandate_date = D("2026-12-09");
	e = use(&c, &l, NULL, &u);
	CHECK(e != NULL && strstr(e, "after the collection date") != NULL,
	    "a mandate signed after the collection date");
	c.mandate_id = "M-1";
	c.mandate_date = D("2025-01-01");

	/* every contract ended before the invoice date: FNAL, then none */
	e = use(&c, &l, "2026-11-30", &u);
	CHECK(e == NULL && u.seq == SEQ_FNAL, "ended: FNAL");
	e = use(&c, NULL, "2026-11-30", &u);
	CHECK(e == NULL && u.seq == SEQ_FNAL, "ended, never debited: FNAL");
	c.iban = "NL20INGB0001234567";
	e = use(&c, &l, "2026-11-30", &u);
	CHECK(e == NULL && u.seq == SEQ_FNAL && u.new_bank,
	    "ended after a move to another bank: FNAL with SMNDA");
	c.iban = "NL91ABNA0417164300";
	e = use(&c, &l, "2026-12-01", &u);
	CHECK(e == NULL && u.seq == SEQ_RCUR,
	    "a contract in service on the invoice date: not yet FNAL");
	l.seq = SEQ_FNAL;
	e = use(&c, &l, "2026-11-30", &u);
	CHECK(e != NULL && strstr(e, "final collection") != NULL,
	    "after FNAL: nothing more");
	l.seq = SEQ_RCUR;

	/* amounts: 0.01 to 999,999,999.99 */
	{
		char why[200];

		CHECK(mandate_use(&c, &l, NULL, DATE_NONE, D("2026-12-01"),
		    P8_AMOUNT_MAX, D("2026-12-08"), &u, why, sizeof(why)) ==
		    NULL && mandate_use(&c, &l, NULL, DATE_NONE,
		    D("2026-12-01"), P8_AMOUNT_MAX + 1, D("2026-12-08"), &u,
		    why, sizeof(why)) != NULL,
		    "the largest amount a debit takes");
	}

	/* a no-retry return stops the mandate it was debited under, from
	 * its date, until a new mandate (new id and new date) */
	{
		struct noretry s1 = { "VZ-2026-000001", "M-1", "AC04",
			D("2025-01-01"), D("2026-11-20"), NULL };
		struct noretry s0 = { "VZ-2025-000009", "M-0", "MD01",
			D("2024-01-01"), D("2025-06-01"), &s1 };
		char why[200];

#define STOPPED(s, inv) mandate_use(&c, &l, s, DATE_NONE, D(inv), 1234, \
		    D("2026-12-08"), &u, why, sizeof(why))
		e = STOPPED(&s1, "2026-12-01");
		CHECK(e != NULL && strstr(e, "VZ-2026-000001") != NULL &&
		    strstr(e, "AC04") != NULL && strstr(e, "new mandate"),
		    "AC04 stops the mandate: %s", e ? e : "collected");
		CHECK(STOPPED(&s1, "2026-11-19") == NULL,
		    "a return after the invoice date stops later invoices");
		c.mandate_id = "M-1-RENAMED";
		CHECK(STOPPED(&s1, "2026-12-01") != NULL,
		    "a renamed mandate (same date) is the same mandate");
		c.mandate_id = "M-1";
		c.mandate_date = D("2026-11-25");
		CHECK(STOPPED(&s1, "2026-12-01") != NULL,
		    "the same id signed again is the same mandate");
		c.mandate_id = "M-2";
		CHECK(STOPPED(&s1, "2026-12-01") == NULL && u.seq == SEQ_FRST,
		    "a new mandate: collected again, FRST");
		CHECK(STOPPED(&s0, "2026-12-01") == NULL,
		    "an older mandate's stop does not stop the new one");
		c.mandate_id = "M-1";
		c.mandate_date = D("2025-01-01");
		CHECK(STOPPED(&s0, "2026-12-01") != NULL,
		    "the list is read to its end");
#undef STOPPED
	}
}

/* --- countries and VAT ids ---------------------------------------------- */

static void
test_country(void)
{
	static const struct {
		const char *cc;
		int iso, eu;
	} c[] = {
		{ "NL", 1, 1 },
		{ "GR", 1, 1 },
		{ "DE", 1, 1 },
		{ "AT", 1, 1 },
		{ "CH", 1, 0 },
		{ "US", 1, 0 },
		{ "GB", 1, 0 },
		{ "NO", 1, 0 },
		{ "ZW", 1, 0 },
		{ "AD", 1, 0 },
		{ "EL", 0, 0 },
		{ "XX", 0, 0 },
		{ "EU", 0, 0 },
		{ "UK", 0, 0 },
		{ "nl", 0, 0 },
		{ "N", 0, 0 },
		{ "NLD", 0, 0 },
		{ "", 0, 0 },
	};
	static const struct {
		const char *id, *cc;
		int ok;
	} v[] = {
		{ "NL123456789B01", "NL", 1 },
		{ "NL12345678B01", "NL", 0 },
		{ "NL1234567890B01", "NL", 0 },
		{ "NL123456789X01", "NL", 0 },
		{ "nl123456789b01", "NL", 0 },
		{ "123456789B01", "NL", 0 },
		{ "BE0123456749", "BE", 1 },
		{ "BE1123456789", "BE", 1 },
		{ "BE2123456789", "BE", 0 },
		{ "BE012345674", "BE", 0 },
		{ "DE123456789", "DE", 1 },
		{ "DE12345678", "DE", 0 },
		{ "DE1234567890", "DE", 0 },
		{ "EL123456789", "GR", 1 },
		{ "GR123456789", "GR", 0 },
		{ "ATU12345678", "AT", 1 },
		{ "AT12345678", "AT", 0 },
		{ "FRXX123456789", "FR", 1 },
		{ "FR12123456789", "FR", 1 },
		{ "FRX123456789", "FR", 0 },
		{ "DE123456789", "NL", 0 },		/* another's prefix */
		{ "NL123456789B01", "BE", 0 },
		{ "NL123456789B01", "CH", 0 },		/* EU prefix, CH */
		{ "DE123456789", "CH", 0 },
		{ "EL123456789", "CH", 0 },
		{ "CHE-123.456.789", "CH", 1 },
		{ "CHE-123.456.789 MWST", "CH", 1 },
		{ "GB123456789", "GB", 1 },
		{ "", "", 1 },
	};
	size_t i;
	const char *why;

	for (i = 0; i < NELEM(c); i++) {
		CHECK(iso_country(c[i].cc) == c[i].iso, "iso_country(\"%s\") "
		    "!= %d", c[i].cc, c[i].iso);
		CHECK(eu_member(c[i].cc) == c[i].eu, "eu_member(\"%s\") != %d",
		    c[i].cc, c[i].eu);
	}
	for (i = 0; i < NELEM(v); i++) {
		why = vat_id_check(v[i].id, v[i].cc);
		CHECK((why == NULL) == v[i].ok, "vat_id_check(\"%s\", %s): %s, "
		    "want %s", v[i].id, v[i].cc, why ? why : "ok", v[i].ok ?
		    "ok" : "refused");
	}
}

/* --- articles (rules.md §12) -------------------------------------------- */

/* load_terms: a profile of the given terms through terms_load */
static void
load_terms(struct terms *t, char *path, const char *family)
{
	FILE *fp;
	int fd;

	strcpy(path, "/tmp/unit-terms-XXXXXX");
	if ((fd = mkstemp(path)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		perror("mkstemp");
		exit(1);
	}
	fprintf(fp, "# a test profile\nterms = %s\nprovider_name = Test BV\n",
	    family);
	if (fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	terms_load(path, t);
	unlink(path);
}

static void
test_article(void)
{
	static const struct {
		int vw;			/* 0: VZ's terms, 1: VW's */
		enum art a;
		const char *want;	/* NULL: these terms have none */
	} t[] = {
		{ 0, ART_WHOLE_MONTH, "VZ 8.13" },
		{ 1, ART_WHOLE_MONTH, "VW 2.4.2" },
		{ 0, ART_PART_MONTH, "VZ 8.13" },
		{ 1, ART_PART_MONTH, "VW 1.12.3" },
		{ 0, ART_CATCH_UP, "VZ 8.1" },
		{ 1, ART_CATCH_UP, "VW 2.4.1" },
		{ 0, ART_USAGE, "VZ 8.14, VZ 7.3" },
		{ 1, ART_USAGE, "VW 1.12.2" },
		{ 0, ART_GUARD, "VZ 7.4" },
		{ 1, ART_GUARD, NULL },
		{ 1, ART_ROUTE_COST, NULL },
		{ 0, ART_DISCOUNT, "VZ 7.11" },
		{ 1, ART_DISCOUNT, "VW 1.12.1" },
		{ 0, ART_CHARGE, "VZ 8.15" },
		{ 1, ART_CHARGE, "VW 2.4.1" },
		{ 0, ART_BUYOUT_NOTICE, "VZ 4.5, VZ 8.2" },
		{ 1, ART_BUYOUT_NOTICE, NULL },
		{ 0, ART_BUYOUT_PROVIDER, "VZ 4.12, VZ 4.5" },
		{ 1, ART_BUYOUT_PROVIDER, "VW 2.7.7" },
		{ 0, ART_EARLY_CANCEL, "VZ 4.1" },
		{ 1, ART_EARLY_CANCEL, NULL },
		{ 0, ART_DOWNGRADE, "VZ 6.7" },
		{ 1, ART_DOWNGRADE, "VW 2.2.2" },
		{ 0, ART_FAILED_DEBIT, "VZ 8.11" },
		{ 1, ART_FAILED_DEBIT, NULL },
		{ 0, ART_POST, "VZ 8.4" },
		{ 1, ART_POST, "VW 2.4.6" },
		{ 0, ART_CONSUMER_NOTICE, NULL },
		{ 1, ART_CONSUMER_NOTICE, "VW 2.5.2" },
		{ 0, ART_HIGH_USAGE, "VZ 8.24" },
		{ 1, ART_HIGH_USAGE, "VW 2.4.4" },
		{ 0, ART_DEFAULT, "VZ 8.16" },
		{ 1, ART_DEFAULT, "VW 2.5.1" },
		{ 0, ART_REMINDER, "VZ 8.17" },
		{ 1, ART_REMINDER, "VW 2.5.3" },
		{ 0, ART_COLLECTION_COSTS, "VZ 8.23" },
		{ 1, ART_COLLECTION_COSTS, "VW 2.5.2" },
		{ 0, ART_INTEREST, "VZ 8.19" },
		{ 1, ART_INTEREST, "VW 2.5.2" },
		{ 0, ART_SUSPENSION, "VZ 4.10, VZ 8.27" },
		{ 1, ART_SUSPENSION, "VW 1.13.1, VW 2.5.3" },
		{ 0, ART_TERMINATION, "VZ 8.21" },
		{ 1, ART_TERMINATION, "VW 2.7.6" },
		{ 0, ART_REACTIVATION, "VZ 8.28" },
		{ 1, ART_REACTIVATION, "VW 1.13.2" },
		{ 0, ART_DEPOSIT, "VZ 8.24" },
		{ 1, ART_DEPOSIT, "VW 2.6" },
	};
	static const struct {
		int vw;
		const char *rule;
		int fee;
	} f[] = {
		{ 0, "VZ 8.11", 1 },		/* failed debit */
		{ 0, "VZ 8.4", 1 },		/* post */
		{ 0, "VZ 8.28", 1 },		/* reconnection */
		{ 0, "VZ 4.10, VZ 8.27", 1 },	/* suspension */
		{ 0, "VZ 8.15", 0 },		/* a charge */
		{ 0, "VZ 8.13", 0 },
		{ 0, "VZ 8.1", 0 },
		{ 0, "VW 2.4.6", 0 },		/* VW's post, under VZ */
		{ 0, "", 0 },
		{ 1, "VW 2.4.6", 1 },
		{ 1, "VW 1.13.2", 1 },
		{ 1, "VW 1.13.1, VW 2.5.3", 1 },
		{ 1, "VW 2.4.1", 0 },
		{ 1, "VW 1.12.3", 0 },
		{ 1, "VZ 8.11", 0 },
		{ 1, "VZ 8.4", 0 },
	};
	static const struct {
		int vw;
		const char *rule, *want;
	} o[] = {
		{ 0, "VW 1.12.3", "Voiceworks" },
		{ 0, "VZ 8.15, VW 2.4.1", "Voiceworks" },
		{ 0, "see VW 2.4.1", "Voiceworks" },
		{ 0, "VZ 8.11", NULL },
		{ 0, "", NULL },
		{ 0, "VW", NULL },
		{ 0, "VWX 1", NULL },
		{ 1, "VZ 8.11", "VOIPZeker" },
		{ 1, "VW 2.4.1,VZ 8.15", "VOIPZeker" },
		{ 1, "VW 2.4.1", NULL },
		{ 1, "VW 1.13.1, VW 2.5.3", NULL },
	};
	struct terms tm[2];
	char path[2][64];
	const char *s;
	size_t i;
	int a;

	load_terms(&tm[0], path[0], "VZ");
	load_terms(&tm[1], path[1], "VW");
	CHECK(tm[0].family == FAMILY_VZ && tm[1].family == FAMILY_VW,
	    "terms = VZ / VW: families %d, %d", tm[0].family, tm[1].family);
	for (i = 0; i < NELEM(t); i++) {
		s = article(&tm[t[i].vw], t[i].a);
		CHECK(t[i].want == NULL ? s == NULL : s != NULL &&
		    strcmp(s, t[i].want) == 0, "article(%s, %d) = \"%s\", want "
		    "\"%s\"", t[i].vw ? "VW" : "VZ", (int)t[i].a, s ? s : "NULL",
		    t[i].want ? t[i].want : "NULL");
	}
	/* rules.md §12: a route-cost line cites VZ 7.4 */
	s = article(&tm[0], ART_ROUTE_COST);
	CHECK(s != NULL && strstr(s, "VZ 7.4") != NULL, "article(VZ, "
	    "ART_ROUTE_COST) = \"%s\", want it to cite VZ 7.4", s ? s : "NULL");
	/* a line never cites the other provider's terms */
	for (i = 0; i < 2; i++)
		for (a = 0; a < NART; a++) {
			s = article(&tm[i], (enum art)a);
			CHECK(s == NULL || (strncmp(s, i ? "VW " : "VZ ", 3) ==
			    0 && article_foreign(&tm[i], s) == NULL), "article"
			    "(%s, %d) = \"%s\": not its own terms", i ? "VW" :
			    "VZ", a, s);
		}
	for (i = 0; i < NELEM(f); i++)
		CHECK(article_is_fee(&tm[f[i].vw], f[i].rule) == f[i].fee,
		    "article_is_fee(%s, \"%s\") != %d", f[i].vw ? "VW" : "VZ",
		    f[i].rule, f[i].fee);
	for (i = 0; i < NELEM(o); i++) {
		s = article_foreign(&tm[o[i].vw], o[i].rule);
		CHECK(o[i].want == NULL ? s == NULL : s != NULL &&
		    strcmp(s, o[i].want) == 0, "article_foreign(%s, \"%s\") = "
		    "\"%s\", want \"%s\"", o[i].vw ? "VW" : "VZ", o[i].rule,
		    s ? s : "NULL", o[i].want ? o[i].want : "NULL");
	}
	terms_free(&tm[0]);
	terms_free(&tm[1]);
}

/* xsort: in key order, stable, the same whether it spills or not */
static void
test_xsort(void)
{
	static const size_t budgets[] = { 1 << 20, 4096, 64 };
	char rec[64], prev[64];
	const char *p;
	size_t b, i, n, len, plen = 0, klen;
	unsigned seq, pseq = 0;
	struct xsort *x;
	uint32_t r;
	int bad;

	for (b = 0; b < NELEM(budgets); b++) {
		x = xsort_new(budgets[b], NULL);
		r = 12345;
		/* keys of 1 to 20 bytes over a small alphabet, with NULs, so
		 * that ties, prefixes and the 16-byte prefix all happen; the
		 * payload is the order of arrival */
		for (i = 0; i < 20000; i++) {
			r = r * 1103515245u + 12345u;
			klen = 1 + (r >> 16) % 20;
			for (n = 0; n < klen; n++) {
				r = r * 1103515245u + 12345u;
				rec[n] = "\0ab"[(r >> 16) % 3];
			}
			seq = (unsigned)i;
			memcpy(rec + klen, &seq, sizeof(seq));
			rec[klen + sizeof(seq)] = (char)klen;
			xsort_add(x, rec, klen + sizeof(seq) + 1, klen);
		}
		bad = 0;
		for (n = 0; (p = xsort_next(x, &len)) != NULL; n++) {
			klen = (unsigned char)p[len - 1];
			memcpy(&seq, p + klen, sizeof(seq));
			if (n > 0) {
				int c = memcmp(prev, p, plen < klen ? plen : klen);

				if (c > 0 || (c == 0 && plen > klen) ||
				    (c == 0 && plen == klen && pseq > seq))
					bad++;
			}
			memcpy(prev, p, klen);
			plen = klen;
			pseq = seq;
		}
		CHECK(n == 20000 && bad == 0, "xsort budget %zu: %zu records, "
		    "%d out of order", budgets[b], n, bad);
		CHECK((budgets[b] < 100000) == (xsort_runs(x) > 1),
		    "xsort budget %zu spills: %zu runs", budgets[b],
		    xsort_runs(x));
		xsort_free(x);
	}
	x = xsort_new(1024, NULL);
	CHECK(xsort_next(x, &len) == NULL, "xsort of nothing");
	xsort_free(x);
}

/* the allowance of a month (rules.md §7): whole months, part months
 * rounded down, the contract's quantity, voice in units of call_increment */
static void
test_allowance(void)
{
	static const struct {
		int svc;
		int64_t units;
		long qty;
		const char *from, *to, *month;
		int increment;
		int64_t want;
	} t[] = {
		/* rules.md §7: from 15 October, 1,000 MB: 17 days */
		{ SVC_DATA, 1000, 1, "2026-10-15", NULL, "2026-10", 60, 566 },
		{ SVC_VOICE, 60, 1, "2026-10-15", NULL, "2026-10", 60, 34 },
		{ SVC_DATA, 1000, 1, "2026-10-15", NULL, "2026-11", 60, 1000 },
		/* three SIMs, three bundles */
		{ SVC_DATA, 5000, 3, "2025-01-01", NULL, "2026-11", 60, 15000 },
		/* ends 9 December: 9 days of 2 × 5000 */
		{ SVC_DATA, 5000, 2, "2023-06-01", "2026-12-09", "2026-12", 60,
		  3000 },
		/* a 31-day month from the 2nd: 30 days count as the whole */
		{ SVC_SMS, 50, 1, "2026-01-02", NULL, "2026-01", 60, 50 },
		/* February from the 10th: 19 days, floor(100 × 19/30) = 63 */
		{ SVC_SMS, 100, 1, "2026-02-10", NULL, "2026-02", 60, 63 },
		/* the whole of February is a whole month */
		{ SVC_SMS, 100, 1, "2026-02-01", NULL, "2026-02", 60, 100 },
		/* not running: before the start, after the end */
		{ SVC_DATA, 1000, 1, "2026-10-15", NULL, "2026-09", 60, 0 },
		{ SVC_DATA, 1000, 1, "2026-01-01", "2026-05-31", "2026-06", 60,
		  0 },
		/* voice in units of 30 s: 10 minutes are 20 units; of 45 s,
		 * 13 (600 / 45 rounded down) */
		{ SVC_VOICE, 10, 1, "2026-01-01", NULL, "2026-03", 30, 20 },
		{ SVC_VOICE, 10, 1, "2026-01-01", NULL, "2026-03", 45, 13 },
	};
	struct bundles bs;
	struct bundle b;
	size_t i;
	int ym;
	int64_t v;

	memset(&bs, 0, sizeof(bs));
	bs.days = 30;
	for (i = 0; i < NELEM(t); i++) {
		memset(&b, 0, sizeof(b));
		b.id = "B";
		b.service = t[i].svc;
		b.units = t[i].units;
		b.qty = t[i].qty;
		b.from = D(t[i].from);
		b.to = t[i].to ? D(t[i].to) : DATE_NONE;
		bs.increment = t[i].increment;
		period_parse(t[i].month, &ym);
		v = bundle_allowance(&bs, &b, ym);
		CHECK(v == t[i].want, "allowance of %lld × %ld from %s in %s: "
		    "%lld, want %lld", (long long)t[i].units, t[i].qty,
		    t[i].from, t[i].month, (long long)v, (long long)t[i].want);
	}
	memset(&b, 0, sizeof(b));
	b.units = INT64_MAX / 2;
	b.qty = 3;
	b.from = D("2026-01-01");
	b.to = DATE_NONE;
	period_parse("2026-03", &ym);
	CHECK(bundle_allowance(&bs, &b, ym) == -1, "allowance overflow");
	{
		char *p31[] = { "31", NULL }, *p3x[] = { "316", "44", NULL };

		b.prefixes = NULL;
		CHECK(bundle_covers(&b, "447700900123"), "no prefixes: all");
		b.prefixes = p31;
		CHECK(bundle_covers(&b, "31612345678") &&
		    !bundle_covers(&b, "32"), "scope 31");
		b.prefixes = p3x;
		CHECK(bundle_covers(&b, "447700900123") &&
		    !bundle_covers(&b, "31201234567") &&
		    bundle_covers(&b, "31612345678"), "scope 316 44");
		b.prefixes = NULL;
	}
	b.from = D("2026-10-15");
	b.to = D("2026-12-09");
	CHECK(!bundle_runs(&b, D("2026-10-14")) && bundle_runs(&b,
	    D("2026-10-15")) && bundle_runs(&b, D("2026-12-09")) &&
	    !bundle_runs(&b, D("2026-12-10")), "bundle_runs on its days");
}

/* claim.c: the WIK scale (legal.md's table and every bracket edge),
 * split, and statutory interest by day and by started month */
static void
test_claim(void)
{
	static const struct {
		int64_t p, want;
	} wik[] = { { 0, 0 }, { 1, 4000 }, { 10000, 4000 }, { 12100, 4000 },
		{ 26667, 4000 }, { 26700, 4005 }, { 100000, 15000 },
		{ 249999, 37500 }, { 250000, 37500 }, { 250001, 37500 },
		{ 300000, 42500 }, { 500000, 62500 }, { 500100, 62505 },
		{ 1000000, 87500 }, { 1000100, 87501 }, { 1200000, 89500 },
		{ 20000000, 277500 }, { 20000200, 277501 },
		{ 100000000, 677500 }, { 200000000, 677500 },
		{ 100000000000LL, 677500 } };
	int64_t w[3] = { 6044, 3000, 956 }, out[3], e[2] = { 1, 1 }, o2[2];
	struct rates rs;
	struct accrual a;
	size_t i;

	for (i = 0; i < NELEM(wik); i++)
		CHECK(wik_costs(wik[i].p) == wik[i].want, "wik_costs(%lld) = "
		    "%lld, want %lld", (long long)wik[i].p, (long long)
		    wik_costs(wik[i].p), (long long)wik[i].want);
	split(4000, w, 3, out);
	CHECK(out[0] == 2418 && out[1] == 1200 && out[2] == 382 && out[0] +
	    out[1] + out[2] == 4000, "split 40.00: %lld %lld %lld",
	    (long long)out[0], (long long)out[1], (long long)out[2]);
	split(1, e, 2, o2);
	CHECK(o2[0] == 1 && o2[1] == 0, "a cent left to the first of equals");

	rates_load(NULL, &rs);
	/* rules.md §10: 60.44 for 9 days from 16 Nov 2026 at 10.15 % */
	accrual_start(&a, D("2026-11-16"));
	accrual_run(&a, PERIOD_DAY, 6044, D("2026-11-24"), &rs,
	    INTEREST_COMMERCIAL);
	CHECK(accrual_cents(&a, NULL) == 15, "9 days: %lld", (long long)
	    accrual_cents(&a, NULL));
	CHECK(rs.warned == D("2026-07-01") || rs.warned == D("2026-11-16"),
	    "a day past the table is noticed");
	/* across 1 July 2025: 6 days at 11.15 %, 5 at 10.15 % */
	rs.warned = DATE_NONE;
	accrual_start(&a, D("2025-06-25"));
	accrual_run(&a, PERIOD_DAY, 100000, D("2025-06-28"), &rs,
	    INTEREST_COMMERCIAL);
	accrual_run(&a, PERIOD_DAY, 100000, D("2025-07-05"), &rs,
	    INTEREST_COMMERCIAL);
	CHECK(accrual_cents(&a, NULL) == 322, "across 1 July: %lld", (long long)
	    accrual_cents(&a, NULL));
	CHECK(rs.warned == DATE_NONE, "no warning inside the table");
	/* a full year, then its interest bears interest: 2024 earns
	 * 124.08; 1 Jan 2025 at 11.15 % on 1,124.08 */
	accrual_start(&a, D("2024-01-01"));
	accrual_run(&a, PERIOD_DAY, 100000, D("2025-01-01"), &rs,
	    INTEREST_COMMERCIAL);
	CHECK(accrual_cents(&a, NULL) == 12443, "compounded after a year: %lld",
	    (long long)accrual_cents(&a, NULL));
	accrual_start(&a, D("2024-01-01"));
	accrual_run(&a, PERIOD_DAY, 100000, D("2024-12-31"), &rs,
	    INTEREST_COMMERCIAL);
	CHECK(accrual_cents(&a, NULL) == 12408, "one year, not compounded: %lld",
	    (long long)accrual_cents(&a, NULL));
	/* the statutory rate: 2024 at 7 % */
	accrual_start(&a, D("2024-01-01"));
	accrual_run(&a, PERIOD_DAY, 100000, D("2024-12-31"), &rs,
	    INTEREST_STATUTORY);
	CHECK(accrual_cents(&a, NULL) == 7019, "statutory 2024 (366 days): %lld",
	    (long long)accrual_cents(&a, NULL));
	/* VW 2.5.2: a started month is a month, at its first day's rate */
	accrual_start(&a, D("2026-11-16"));
	accrual_run(&a, PERIOD_MONTH, 6044, D("2026-11-24"), &rs,
	    INTEREST_COMMERCIAL);
	CHECK(accrual_cents(&a, NULL) == 51, "one started month: %lld",
	    (long long)accrual_cents(&a, NULL));
	accrual_start(&a, D("2025-06-20"));
	accrual_run(&a, PERIOD_MONTH, 100000, D("2025-07-25"), &rs,
	    INTEREST_COMMERCIAL);
	CHECK(accrual_cents(&a, NULL) == 1775, "two months across 1 July: %lld",
	    (long long)accrual_cents(&a, NULL));
	accrual_start(&a, D("2025-06-20"));
	accrual_run(&a, PERIOD_MONTH, 100000, D("2025-07-19"), &rs,
	    INTEREST_COMMERCIAL);
	CHECK(accrual_cents(&a, NULL) == 929, "the first month only: %lld",
	    (long long)accrual_cents(&a, NULL));
	rates_free(&rs);
}

/* idset: every id once, with the values it was added with, through growth */
static void
test_idset(void)
{
	struct idset *s = idset_new();
	uint64_t a, b;
	char id[32];
	int i, n;

	for (i = 0; i < 5000; i++) {
		n = snprintf(id, sizeof(id), "B%09d", i);
		CHECK(idset_put(s, id, (size_t)n, (uint64_t)i, ~(uint64_t)i, &a,
		    &b) == 0, "idset: %s new", id);
	}
	CHECK(idset_len(s) == 5000, "idset: 5000 members, not %zu",
	    idset_len(s));
	for (i = 0; i < 5000; i += 7) {
		n = snprintf(id, sizeof(id), "B%09d", i);
		a = b = 0;
		CHECK(idset_put(s, id, (size_t)n, 1, 1, &a, &b) == 1 &&
		    a == (uint64_t)i && b == ~(uint64_t)i,
		    "idset: %s present with its values", id);
	}
	CHECK(idset_put(s, "B00000000", 9, 0, 0, &a, &b) == 0,
	    "idset: a prefix of a member is another id");
	CHECK(idset_put(s, "", 0, 0, 0, &a, &b) == 0 &&
	    idset_put(s, "", 0, 5, 5, &a, &b) == 1, "idset: the empty id");
	CHECK(idset_len(s) == 5002, "idset: 5002 members");
	idset_free(s);
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
	test_rf();
	test_sepatext();
	test_xmlout();
	test_base64();
	test_mime();
	test_fmt();
	test_tpl();
	test_prorate();
	test_xsort();
	test_allowance();
	test_csv();
	test_csv_errors();
	in_child(test_csv_differential, "csv differential");
	test_csvw();
	test_keyf();
	test_e164();
	test_val_id();
	test_text_check();
	test_country();
	test_collection_date();
	test_same_bank();
	test_mandate_use();
	test_article();
	test_claim();
	test_idset();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
