/* country: ISO 3166 codes, the EU, EEA and SEPA, and EU VAT id shapes. */
#include <stdio.h>
#include <string.h>

#include "country.h"
#include "util.h"

/* the 249 codes ISO 3166-1 assigns, in order */
static const char iso[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
    "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
    "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
    "HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP "
    "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
    "NA NC NE NF NG NI NL NO NP NR NU NZ OM "
    "PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
    "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
    "UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

static const char eu[] = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT "
    "LT LU LV MT NL PL PT RO SE SI SK";
/* the EPC's list of SEPA countries beyond the EEA (2026) */
static const char sepa_more[] = "AD AL CH GB MC MD ME MK RS SM VA";

/* in: cc is one of the codes of list (two letters and a space each).  Each
 * list becomes a table of the 26 x 26 letter pairs when first asked: every
 * row of customers.csv asks a few times */
static int
in(const char *list, const char *cc)
{
	static struct {
		const char *list;
		unsigned char has[26 * 26];
	} sets[8];
	static size_t nsets;
	const char *p;
	size_t i;

	if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' ||
	    cc[2] != '\0')
		return 0;
	for (i = 0; i < nsets && sets[i].list != list; i++)
		;
	if (i == nsets) {
		if (nsets == NELEM(sets))
			die("country: too many lists");
		sets[i].list = list;
		for (p = list; *p; p += p[2] ? 3 : 2)
			sets[i].has[(p[0] - 'A') * 26 + (p[1] - 'A')] = 1;
		nsets++;
	}
	return sets[i].has[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
}

int
iso_country(const char *cc)
{
	return in(iso, cc);
}

int
eu_member(const char *cc)
{
	return in(eu, cc);
}

int
eea_member(const char *cc)
{
	static const char efta[] = "IS LI NO";

	return eu_member(cc) || in(efta, cc);
}

int
sepa_country(const char *cc)
{
	return eea_member(cc) || in(sepa_more, cc);
}

/*
 * The shapes after the prefix, alternatives separated by '|': 'd' a digit,
 * 'a' a letter, 'x' a letter or digit, '*' a letter, digit, '+' or '*'
 * (Ireland's old numbers), anything else itself.
 */
static const struct {
	char cc[3], prefix[3];
	const char *shape;
} vat[] = {
	{ "AT", "AT", "Udddddddd" },
	{ "BE", "BE", "0ddddddddd|1ddddddddd" },
	{ "BG", "BG", "ddddddddd|dddddddddd" },
	{ "CY", "CY", "dddddddda" },
	{ "CZ", "CZ", "dddddddd|ddddddddd|dddddddddd" },
	{ "DE", "DE", "ddddddddd" },
	{ "DK", "DK", "dddddddd" },
	{ "EE", "EE", "ddddddddd" },
	{ "ES", "ES", "xdddddddx" },
	{ "FI", "FI", "dddddddd" },
	{ "FR", "FR", "xxddddddddd" },
	{ "GR", "EL", "ddddddddd" },
	{ "HR", "HR", "ddddddddddd" },
	{ "HU", "HU", "dddddddd" },
	{ "IE", "IE", "d*ddddda|d*dddddaa" },
	{ "IT", "IT", "ddddddddddd" },
	{ "LT", "LT", "ddddddddd|dddddddddddd" },
	{ "LU", "LU", "dddddddd" },
	{ "LV", "LV", "ddddddddddd" },
	{ "MT", "MT", "dddddddd" },
	{ "NL", "NL", "dddddddddBdd" },
	{ "PL", "PL", "dddddddddd" },
	{ "PT", "PT", "ddddddddd" },
	{ "RO", "RO", "dd|ddd|dddd|ddddd|dddddd|ddddddd|dddddddd|ddddddddd|"
	    "dddddddddd" },
	{ "SE", "SE", "dddddddddd01" },
	{ "SI", "SI", "dddddddd" },
	{ "SK", "SK", "dddddddddd" },
};

static int
fits_one(const char *s, const char *shape, size_t n)
{
	size_t i;
	char c;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++) {
		c = s[i];
		switch (shape[i]) {
		case 'd':
			if (c < '0' || c > '9')
				return 0;
			break;
		case 'a':
			if (c < 'A' || c > 'Z')
				return 0;
			break;
		case 'x':
			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
				return 0;
			break;
		case '*':
			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '+' || c == '*'))
				return 0;
			break;
		default:
			if (c != shape[i])
				return 0;
		}
	}
	return 1;
}

static int
fits(const char *s, const char *shapes)
{
	const char *p = shapes, *bar;

	for (;;) {
		bar = strchr(p, '|');
		if (fits_one(s, p, bar ? (size_t)(bar - p) : strlen(p)))
			return 1;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

const char *
vat_id_check(const char *id, const char *cc)
{
	static char buf[160];
	size_t i;

	for (i = 0; i < NELEM(vat); i++) {
		if (strcmp(vat[i].cc, cc) == 0) {
			if (strncmp(id, vat[i].prefix, 2) != 0) {
				snprintf(buf, sizeof(buf), "expected the prefix "
				    "%s of the customer's country %s", vat[i].prefix,
				    cc);
				return buf;
			}
			if (!fits(id + 2, vat[i].shape)) {
				snprintf(buf, sizeof(buf), "expected the shape "
				    "of a VAT id of %s: %s then %s (d a digit, a "
				    "a letter, x either)", cc, vat[i].prefix,
				    vat[i].shape);
				return buf;
			}
			return NULL;
		}
	}
	for (i = 0; i < NELEM(vat); i++)
		if (strncmp(id, vat[i].prefix, 2) == 0) {
			snprintf(buf, sizeof(buf), "the prefix %s is %s's: "
			    "expected a VAT id of the customer's country %s",
			    vat[i].prefix, vat[i].cc, cc);
			return buf;
		}
	return NULL;
}
