/* terms: the terms.conf reader, one row of the table below per key. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "csvio.h"
#include "field.h"
#include "iban.h"
#include "money.h"
#include "terms.h"
#include "util.h"

enum ktype {
	K_TEXT,		/* any text */
	K_WORD,		/* one of the words of 'words', stored as its value */
	K_INT,		/* a whole number in [lo, hi] */
	K_PCT,		/* a percentage, hundredths */
	K_CENTS,	/* an amount >= 0, cents */
	K_FACTOR,	/* a number > 0, hundredths */
	K_PREFIX,	/* an invoice series prefix */
	K_NOTICE	/* end_of_next_month or months:N */
};

/* checks of the provider's identifiers, made once every key is read */
enum kcheck { C_NONE, C_IBAN, C_BIC, C_CREDITOR, C_KVK, C_VAT, C_COUNTRY,
	C_EMAIL };

struct key {
	const char *name;
	enum ktype type;
	size_t off;
	const char *vz, *vw;	/* formats.md's columns; NULL: none, 0 */
	const char *words;	/* K_WORD: "a|b|c" */
	const int *vals;	/* their values; NULL: 0, 1, 2 ... */
	int lo, hi;		/* K_INT */
	enum kcheck check;
	int required;
};

static const int v_version[] = { 8, 2 };

#define S(f) offsetof(struct terms, f)
/* formats.md, "terms.conf" */
static const struct key keys[] = {
	{ "provider_name", K_TEXT, S(provider_name), 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "street", K_TEXT, S(street), 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "postcode", K_TEXT, S(postcode), 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "city", K_TEXT, S(city), 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "country", K_TEXT, S(country), "NL", "NL", 0, 0, 0, 0, C_COUNTRY, 0 },
	{ "email", K_TEXT, S(email), 0, 0, 0, 0, 0, 0, C_EMAIL, 0 },
	{ "kvk", K_TEXT, S(kvk), 0, 0, 0, 0, 0, 0, C_KVK, 0 },
	{ "vat_id", K_TEXT, S(vat_id), 0, 0, 0, 0, 0, 0, C_VAT, 0 },
	{ "iban", K_TEXT, S(iban), 0, 0, 0, 0, 0, 0, C_IBAN, 0 },
	{ "bic", K_TEXT, S(bic), 0, 0, 0, 0, 0, 0, C_BIC, 0 },
	{ "creditor_id", K_TEXT, S(creditor_id), 0, 0, 0, 0, 0, 0, C_CREDITOR,
	  0 },
	{ "terms", K_WORD, S(family), "VZ", "VW", "VZ|VW", 0, 0, 0, 0, 0 },
	{ "invoice_prefix", K_PREFIX, S(invoice_prefix), "VZ", "VW", 0, 0, 0, 0,
	  0, 0 },
	{ "vat_rate", K_PCT, S(vat_rate), "21", "21", 0, 0, 0, 0, 0, 0 },
	{ "prorate_days", K_INT, S(prorate_days), "30", "30", 0, 0, 28, 31, 0,
	  0 },
	{ "call_increment", K_INT, S(call_increment), "60", "60", 0, 0, 1,
	  3600, 0, 0 },
	{ "payment_days", K_INT, S(payment_days), "14", "14", 0, 0, 0, 365, 0,
	  0 },
	{ "collection_days", K_INT, S(collection_days), "7", "7", 0, 0, 0, 365,
	  0, 0 },
	{ "sepa_scheme", K_WORD, S(sepa_scheme), "B2B", "CORE", "CORE|B2B", 0,
	  0, 0, 0, 0 },
	{ "sepa_version", K_WORD, S(sepa_version), "08", "08", "08|02",
	  v_version, 0, 0, 0, 0 },
	{ "einvoice", K_WORD, S(einvoice), "peppol", "peppol",
	  "peppol|nlcius|none", 0, 0, 0, 0, 0 },
	{ "notice", K_NOTICE, 0, "end_of_next_month", "months:3", 0, 0, 0, 0, 0,
	  0 },
	{ "early_cancel_percent", K_PCT, S(early_cancel_percent), "20", "0", 0,
	  0, 0, 0, 0, 0 },
	{ "downgrade", K_WORD, S(downgrade), "buyout", "keep_highest",
	  "buyout|keep_highest", 0, 0, 0, 0, 0 },
	{ "reminder_days", K_INT, S(reminder_days), "4", "14", 0, 0, 0, 365, 0,
	  0 },
	{ "final_notice_days", K_INT, S(final_notice_days), "1", "7", 0, 0, 0,
	  365, 0, 0 },
	{ "failed_debit_fee", K_CENTS, S(failed_debit_fee), "7.50", "0.00", 0,
	  0, 0, 0, 0, 0 },
	{ "route_cost_guard", K_WORD, S(route_cost_guard), "yes", "no",
	  "no|yes", 0, 0, 0, 0, 0 },
	{ "admin_fee", K_CENTS, S(admin_fee), 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "suspension_fee", K_CENTS, S(suspension_fee), 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "reconnection_fee", K_CENTS, S(reconnection_fee), 0, 0, 0, 0, 0, 0, 0,
	  0 },
	{ "disconnection_fee", K_CENTS, S(disconnection_fee), 0, 0, 0, 0, 0, 0,
	  0, 0 },
	{ "paper_invoice_fee", K_CENTS, S(paper_invoice_fee), "2.50", "2.50", 0,
	  0, 0, 0, 0, 0 },
	{ "collection_costs", K_WORD, 0, "wik", "wik", "wik", 0, 0, 0, 0, 0 },
	{ "interest", K_WORD, S(interest), "commercial", "commercial",
	  "commercial|statutory", 0, 0, 0, 0, 0 },
	{ "interest_period", K_WORD, S(interest_period), "day", "month",
	  "day|month", 0, 0, 0, 0, 0 },
	{ "terminate_on_collection", K_WORD, S(terminate_on_collection), "yes",
	  "no", "no|yes", 0, 0, 0, 0, 0 },
	{ "high_usage_factor", K_FACTOR, S(high_usage_factor), "3", "3", 0, 0,
	  0, 0, 0, 0 },
	{ "high_usage_minimum", K_CENTS, S(high_usage_minimum), "250", "250", 0,
	  0, 0, 0, 0, 0 },
	{ "asterisk_timezone", K_WORD, S(asterisk_utc), "UTC", "UTC",
	  "Europe/Amsterdam|UTC", 0, 0, 0, 0, 0 },
};
#undef S

enum { NKEYS = NELEM(keys) };

/* where a key was given: the line and the columns of key and value */
struct given {
	char *value;
	long line;
	int kcol, vcol;
};

static void
bad(const struct terms *t, const struct given *g, const char *key,
    const char *why)
{
	die("%s:%ld:%d: bad %s '%s': %s", t->path, g->line, g->vcol, key,
	    clip(g->value), why);
}

/* word: the index of v in "a|b|c", or -1 */
static int
word(const char *words, const char *v)
{
	const char *p = words, *bar;
	size_t n = strlen(v);
	int i;

	for (i = 0;; i++) {
		bar = strchr(p, '|');
		if ((bar ? (size_t)(bar - p) : strlen(p)) == n &&
		    strncmp(p, v, n) == 0)
			return i;
		if (bar == NULL)
			return -1;
		p = bar + 1;
	}
}

/* whole: a whole number from lo to hi (field.h val_int) */
static int
whole(const char *s, long lo, long hi, int *v)
{
	long x;

	if (val_int(s, lo, hi, &x) != NULL)
		return -1;
	*v = (int)x;
	return 0;
}

static int
prefix_ok(const char *v)
{
	const char *p;

	if (*v == '\0' || strlen(v) > 10)
		return 0;
	for (p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/* set: key k to v; returns NULL or why v is bad */
static const char *
set(struct terms *t, const struct key *k, const char *v)
{
	static char want[200];
	char *base = (char *)t;
	int64_t x;
	int n;

	switch (k->type) {
	case K_TEXT:
		free(*(char **)(base + k->off));
		*(char **)(base + k->off) = xstrdup(v);
		return NULL;
	case K_WORD:
		if ((n = word(k->words, v)) < 0) {
			snprintf(want, sizeof(want), "expected %s", k->words);
			for (char *p = want; *p; p++)
				if (*p == '|')
					*p = ',';
			return want;
		}
		if (k->off != 0)	/* 0: a key with one value, kept nowhere */
			*(int *)(base + k->off) = k->vals ? k->vals[n] : n;
		return NULL;
	case K_INT:
		if (whole(v, k->lo, k->hi, &n) != 0) {
			snprintf(want, sizeof(want), "expected a whole number "
			    "from %d to %d", k->lo, k->hi);
			return want;
		}
		*(int *)(base + k->off) = n;
		return NULL;
	case K_PCT:
		if (money_parse(v, MONEY_CENTS, &x) != MONEY_OK || x < 0 ||
		    x > 10000)
			return "expected a percentage from 0 to 100";
		*(int64_t *)(base + k->off) = x;
		return NULL;
	case K_CENTS:
		if (money_parse(v, MONEY_CENTS, &x) != MONEY_OK || x < 0)
			return "expected an amount >= 0 with at most 2 decimals";
		*(int64_t *)(base + k->off) = x;
		return NULL;
	case K_FACTOR:
		if (money_parse(v, MONEY_CENTS, &x) != MONEY_OK || x <= 0)
			return "expected a number > 0 with at most 2 decimals";
		*(int64_t *)(base + k->off) = x;
		return NULL;
	case K_PREFIX:
		if (!prefix_ok(v))
			return "expected 1 to 10 capital letters or digits";
		free(t->invoice_prefix);
		t->invoice_prefix = xstrdup(v);
		return NULL;
	case K_NOTICE:
		if (strcmp(v, "end_of_next_month") == 0) {
			t->notice = NOTICE_END_OF_NEXT_MONTH;
		} else if (strncmp(v, "months:", 7) == 0 &&
		    whole(v + 7, 1, 120, &n) == 0) {
			t->notice = NOTICE_MONTHS;
			t->notice_months = n;
		} else {
			return "expected end_of_next_month or months:N (N from "
			    "1 to 120)";
		}
		return NULL;
	}
	return "a value of an unknown kind";
}

static const char *
check(const struct terms *t, const struct key *k, const char *v)
{
	static char why[200];
	char norm[40];
	const char *e;

	if (*v == '\0')
		return NULL;
	switch (k->check) {
	case C_NONE:
		return NULL;
	case C_IBAN:
		if ((e = iban_check(v, norm, sizeof(norm))) != NULL) {
			snprintf(why, sizeof(why), "%s", e);
			return why;
		}
		return NULL;
	case C_BIC:
		return bic_valid(v) ? NULL : "expected 8 or 11 letters and "
		    "digits (BANKCCLL[BBB])";
	case C_CREDITOR:
		return creditor_id_valid(v) ? NULL : "expected a SEPA creditor "
		    "identifier (NL, 2 check digits, a business code, the KvK "
		    "number and 4 digits; mod 97-10)";
	case C_KVK:
		return kvk_valid(v) ? NULL : "expected 8 digits";
	case C_VAT:
		return vat_id_check(v, t->country);
	case C_COUNTRY:
		return iso_country(v) ? NULL : "expected an ISO 3166-1 alpha-2 "
		    "code such as NL";
	case C_EMAIL:
		return strchr(v, '@') != NULL ? NULL : "expected an address "
		    "with '@'";
	}
	return NULL;
}

static void
defaults(struct terms *t, enum family f)
{
	const char *v;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		v = f == FAMILY_VZ ? keys[i].vz : keys[i].vw;
		if (v != NULL && set(t, &keys[i], v) != NULL)
			die("terms: bad default of %s", keys[i].name);
	}
}

/* one line: key = value, or a comment; returns the key's index or -1 */
static int
parse_line(const struct terms *t, char *line, long n, struct given *g)
{
	char *k, *v;
	size_t i;
	int r = conf_split(line, &k, &v);

	if (r == 0)
		return -1;
	if (r < 0)
		die("%s:%ld:%d: '%s': expected 'key = value'", t->path, n,
		    (int)(k - line) + 1, clip(k));
	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, k) == 0)
			break;
	if (i == NKEYS)
		die("%s:%ld:%d: unknown key '%s': expected one of the keys of "
		    "formats.md (a typo?)", t->path, n, (int)(k - line) + 1,
		    clip(k));
	if (g[i].value != NULL)
		die("%s:%ld:%d: key '%s' set twice: first on line %ld",
		    t->path, n, (int)(k - line) + 1, k, g[i].line);
	g[i].value = xstrdup(v);
	g[i].line = n;
	g[i].kcol = (int)(k - line) + 1;
	g[i].vcol = (int)(v - line) + 1;
	return (int)i;
}

static size_t
key_index(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return i;
	die("terms: no key %s", name);
}

/* the settings rules.md §12 says a profile of these terms cannot have */
static void
consistent(const struct terms *t, const struct given *g)
{
	static const struct {
		const char *key;
		const char *why;
	} vw_none[] = {
		{ "route_cost_guard", "VW's terms have no least-cost-routing "
		  "guard (VZ 7.4 is VOIPZeker's): expected no" },
		{ "early_cancel_percent", "VW's terms charge nothing for an "
		  "early cancellation (VZ 4.1 is VOIPZeker's): expected 0" },
		{ "failed_debit_fee", "VW's terms give no fee for a failed "
		  "debit (VZ 8.11 is VOIPZeker's): expected 0.00" },
	};
	size_t i, k;
	int on;

	if (t->family != FAMILY_VW)
		return;
	for (i = 0; i < NELEM(vw_none); i++) {
		k = key_index(vw_none[i].key);
		on = i == 0 ? t->route_cost_guard : i == 1 ?
		    t->early_cancel_percent != 0 : t->failed_debit_fee != 0;
		if (on && g[k].value != NULL)
			bad(t, &g[k], keys[k].name, vw_none[i].why);
	}
}

void
terms_load(const char *path, struct terms *t)
{
	FILE *fp = xfopen(path, "r");
	struct given g[NKEYS];
	char *line = NULL, *p;
	size_t cap = 0, i;
	ssize_t len;
	long n = 0;
	const char *why;
	size_t kt = key_index("terms"), kn = key_index("notice");

	memset(t, 0, sizeof(*t));
	memset(g, 0, sizeof(g));
	t->path = path;
	while ((len = getline(&line, &cap, fp)) != -1) {
		n++;
		p = line;
		if (n == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			len -= 3;
		}
		line_check(path, n, p, (size_t)len);
		parse_line(t, p, n, g);
	}
	if (ferror(fp))
		die("%s: read error", path);
	free(line);
	fclose(fp);

	/* whose terms: the key, or an older profile's notice regime */
	if (g[kt].value != NULL)
		t->family = word(keys[kt].words, g[kt].value) == 1 ? FAMILY_VW :
		    FAMILY_VZ;
	else
		t->family = g[kn].value != NULL && strcmp(g[kn].value,
		    "end_of_next_month") == 0 ? FAMILY_VZ : FAMILY_VW;
	defaults(t, t->family);
	for (i = 0; i < NKEYS; i++)
		if (g[i].value != NULL && (why = set(t, &keys[i],
		    g[i].value)) != NULL)
			bad(t, &g[i], keys[i].name, why);
	for (i = 0; i < NKEYS; i++) {
		if (keys[i].required && (g[i].value == NULL ||
		    *g[i].value == '\0'))
			die("%s:%ld:1: missing key '%s': expected it in the "
			    "profile", path, n + 1, keys[i].name);
		if (g[i].value != NULL && (why = check(t, &keys[i],
		    g[i].value)) != NULL)
			bad(t, &g[i], keys[i].name, why);
	}
	consistent(t, g);
	for (i = 0; i < NKEYS; i++)
		free(g[i].value);
}

void
terms_free(struct terms *t)
{
	free(t->provider_name);
	free(t->street);
	free(t->postcode);
	free(t->city);
	free(t->country);
	free(t->email);
	free(t->kvk);
	free(t->vat_id);
	free(t->iban);
	free(t->bic);
	free(t->creditor_id);
	free(t->invoice_prefix);
}

int
buyout_on_notice(const struct terms *t)
{
	return t->family == FAMILY_VZ;
}
