/* terms: the terms.conf reader. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "terms.h"
#include "util.h"

enum ktype { K_STR, K_INT, K_PCT, K_CENTS, K_FACTOR, K_SPECIAL };

struct key {
	const char *name;
	enum ktype type;
	size_t off;
	int lo, hi;		/* K_INT range */
	int required;
};

#define S(f) offsetof(struct terms, f)
static const struct key keys[] = {
	{ "provider_name", K_STR, S(provider_name), 0, 0, 1 },
	{ "street", K_STR, S(street), 0, 0, 0 },
	{ "postcode", K_STR, S(postcode), 0, 0, 0 },
	{ "city", K_STR, S(city), 0, 0, 0 },
	{ "country", K_STR, S(country), 0, 0, 0 },
	{ "email", K_STR, S(email), 0, 0, 0 },
	{ "kvk", K_STR, S(kvk), 0, 0, 0 },
	{ "vat_id", K_STR, S(vat_id), 0, 0, 0 },
	{ "iban", K_STR, S(iban), 0, 0, 0 },
	{ "bic", K_STR, S(bic), 0, 0, 0 },
	{ "creditor_id", K_STR, S(creditor_id), 0, 0, 0 },
	{ "invoice_prefix", K_SPECIAL, 0, 0, 0, 1 },
	{ "vat_rate", K_PCT, S(vat_rate), 0, 0, 0 },
	{ "prorate_days", K_INT, S(prorate_days), 28, 31, 0 },
	{ "call_increment", K_INT, S(call_increment), 1, 3600, 0 },
	{ "payment_days", K_INT, S(payment_days), 0, 365, 0 },
	{ "collection_days", K_INT, S(collection_days), 0, 365, 0 },
	{ "sepa_scheme", K_SPECIAL, 0, 0, 0, 0 },
	{ "sepa_version", K_SPECIAL, 0, 0, 0, 0 },
	{ "notice", K_SPECIAL, 0, 0, 0, 1 },
	{ "early_cancel_percent", K_PCT, S(early_cancel_percent), 0, 0, 1 },
	{ "downgrade", K_SPECIAL, 0, 0, 0, 1 },
	{ "reminder_days", K_INT, S(reminder_days), 0, 365, 0 },
	{ "final_notice_days", K_INT, S(final_notice_days), 0, 365, 0 },
	{ "failed_debit_fee", K_CENTS, S(failed_debit_fee), 0, 0, 0 },
	{ "admin_fee", K_CENTS, S(admin_fee), 0, 0, 0 },
	{ "suspension_fee", K_CENTS, S(suspension_fee), 0, 0, 0 },
	{ "reconnection_fee", K_CENTS, S(reconnection_fee), 0, 0, 0 },
	{ "disconnection_fee", K_CENTS, S(disconnection_fee), 0, 0, 0 },
	{ "collection_costs", K_SPECIAL, 0, 0, 0, 0 },
	{ "interest", K_SPECIAL, 0, 0, 0, 0 },
	{ "interest_period", K_SPECIAL, 0, 0, 0, 0 },
	{ "terminate_on_collection", K_SPECIAL, 0, 0, 0, 0 },
	{ "high_usage_factor", K_FACTOR, S(high_usage_factor), 0, 0, 0 },
	{ "high_usage_minimum", K_CENTS, S(high_usage_minimum), 0, 0, 0 },
	{ "asterisk_timezone", K_SPECIAL, 0, 0, 0, 0 },
};
#undef S

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static void
bad(const struct terms *t, long line, const char *key, const char *val,
    const char *want)
{
	die("%s:%ld: bad %s '%s': expected %s", t->path, line, key, val, want);
}

static int
whole(const char *s, int *v)
{
	long x = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > 100000000)
			return -1;
		x = x * 10 + (*s - '0');
	}
	*v = (int)x;
	return 0;
}

static int
special(struct terms *t, const char *k, const char *v)
{
	int n;

	if (strcmp(k, "invoice_prefix") == 0) {
		const char *p;

		if (*v == '\0' || strlen(v) > 10)
			return -1;
		for (p = v; *p; p++)
			if (!((*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9')))
				return -1;
		free(t->invoice_prefix);
		t->invoice_prefix = xstrdup(v);
	} else if (strcmp(k, "sepa_scheme") == 0) {
		if (strcmp(v, "CORE") != 0 && strcmp(v, "B2B") != 0)
			return -1;
		free(t->sepa_scheme);
		t->sepa_scheme = xstrdup(v);
	} else if (strcmp(k, "sepa_version") == 0) {
		if (strcmp(v, "08") == 0)
			t->sepa_version = 8;
		else if (strcmp(v, "02") == 0)
			t->sepa_version = 2;
		else
			return -1;
	} else if (strcmp(k, "notice") == 0) {
		if (strcmp(v, "end_of_next_month") == 0) {
			t->notice = NOTICE_END_OF_NEXT_MONTH;
		} else if (strncmp(v, "months:", 7) == 0 &&
		    whole(v + 7, &n) == 0 && n >= 1 && n <= 120) {
			t->notice = NOTICE_MONTHS;
			t->notice_months = n;
		} else {
			return -1;
		}
	} else if (strcmp(k, "downgrade") == 0) {
		if (strcmp(v, "buyout") == 0)
			t->downgrade = DOWNGRADE_BUYOUT;
		else if (strcmp(v, "keep_highest") == 0)
			t->downgrade = DOWNGRADE_KEEP_HIGHEST;
		else
			return -1;
	} else if (strcmp(k, "collection_costs") == 0) {
		if (strcmp(v, "wik") != 0)
			return -1;
	} else if (strcmp(k, "interest") == 0) {
		if (strcmp(v, "commercial") != 0 && strcmp(v, "statutory") != 0)
			return -1;
		free(t->interest);
		t->interest = xstrdup(v);
	} else if (strcmp(k, "interest_period") == 0) {
		if (strcmp(v, "day") != 0 && strcmp(v, "month") != 0)
			return -1;
		free(t->interest_period);
		t->interest_period = xstrdup(v);
	} else if (strcmp(k, "terminate_on_collection") == 0) {
		if (strcmp(v, "yes") == 0)
			t->terminate_on_collection = 1;
		else if (strcmp(v, "no") == 0)
			t->terminate_on_collection = 0;
		else
			return -1;
	} else if (strcmp(k, "asterisk_timezone") == 0) {
		if (strcmp(v, "UTC") == 0)
			t->asterisk_utc = 1;
		else if (strcmp(v, "Europe/Amsterdam") == 0)
			t->asterisk_utc = 0;
		else
			return -1;
	}
	return 0;
}

static const char *
special_want(const char *k)
{
	static const struct {
		const char *k, *want;
	} w[] = {
		{ "invoice_prefix", "1 to 10 capital letters or digits" },
		{ "sepa_scheme", "CORE or B2B" },
		{ "sepa_version", "08 or 02" },
		{ "notice", "end_of_next_month or months:N" },
		{ "downgrade", "buyout or keep_highest" },
		{ "collection_costs", "wik" },
		{ "interest", "commercial or statutory" },
		{ "interest_period", "day or month" },
		{ "terminate_on_collection", "yes or no" },
		{ "asterisk_timezone", "UTC or Europe/Amsterdam" },
	};
	size_t i;

	for (i = 0; i < NELEM(w); i++)
		if (strcmp(w[i].k, k) == 0)
			return w[i].want;
	return "a valid value";
}

static void
set(struct terms *t, const struct key *k, const char *v, long line)
{
	char *base = (char *)t, want[64];
	int64_t x;
	enum money_err e;
	int n;

	switch (k->type) {
	case K_STR:
		free(*(char **)(base + k->off));
		*(char **)(base + k->off) = xstrdup(v);
		break;
	case K_INT:
		if (whole(v, &n) != 0 || n < k->lo || n > k->hi) {
			snprintf(want, sizeof(want), "a whole number from %d "
			    "to %d", k->lo, k->hi);
			bad(t, line, k->name, v, want);
		}
		*(int *)(base + k->off) = n;
		break;
	case K_PCT:
		if ((e = money_parse(v, MONEY_CENTS, &x)) != MONEY_OK ||
		    x < 0 || x > 10000)
			bad(t, line, k->name, v, "a percentage from 0 to 100");
		*(int64_t *)(base + k->off) = x;
		break;
	case K_CENTS:
		if ((e = money_parse(v, MONEY_CENTS, &x)) != MONEY_OK || x < 0)
			bad(t, line, k->name, v, "an amount >= 0 with at most "
			    "2 decimals");
		*(int64_t *)(base + k->off) = x;
		break;
	case K_FACTOR:
		if ((e = money_parse(v, MONEY_CENTS, &x)) != MONEY_OK || x <= 0)
			bad(t, line, k->name, v, "a number > 0");
		*(int64_t *)(base + k->off) = x;
		break;
	case K_SPECIAL:
		if (special(t, k->name, v) != 0)
			bad(t, line, k->name, v, special_want(k->name));
		break;
	}
}

static void
defaults(struct terms *t)
{
	t->vat_rate = 2100;
	t->prorate_days = 30;
	t->call_increment = 60;
	t->payment_days = 14;
	t->collection_days = 7;
	t->sepa_scheme = xstrdup("CORE");
	t->sepa_version = 8;
	t->reminder_days = 14;
	t->final_notice_days = 7;
	t->interest = xstrdup("commercial");
	t->interest_period = xstrdup("day");
	t->high_usage_factor = 300;
	t->high_usage_minimum = 25000;
	t->asterisk_utc = 1;
	t->country = xstrdup("NL");
}

void
terms_load(const char *path, struct terms *t)
{
	FILE *fp = xfopen(path, "r");
	char *line = NULL, *k, *v, *eq;
	size_t cap = 0, i;
	long n = 0;
	unsigned char seen[NELEM(keys)] = { 0 };

	memset(t, 0, sizeof(*t));
	t->path = path;
	defaults(t);
	while (getline(&line, &cap, fp) != -1) {
		n++;
		k = trim(line);
		if (n == 1 && strncmp(k, "\xef\xbb\xbf", 3) == 0)
			k += 3;
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL)
			die("%s:%ld: '%s': expected 'key = value'", path, n, k);
		*eq = '\0';
		v = trim(eq + 1);
		k = trim(k);
		for (i = 0; i < NELEM(keys); i++)
			if (strcmp(keys[i].name, k) == 0)
				break;
		if (i == NELEM(keys))
			die("%s:%ld: unknown key '%s': expected one of the keys "
			    "of formats.md (a typo?)", path, n, k);
		if (seen[i])
			die("%s:%ld: key '%s' set twice", path, n, k);
		seen[i] = 1;
		set(t, &keys[i], v, n);
	}
	if (ferror(fp))
		die("%s: read error", path);
	free(line);
	fclose(fp);
	for (i = 0; i < NELEM(keys); i++)
		if (keys[i].required && !seen[i])
			die("%s:%ld: missing key '%s'", path, n + 1,
			    keys[i].name);
	t->family = t->notice == NOTICE_END_OF_NEXT_MONTH ? FAMILY_VZ :
	    FAMILY_VW;
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
	free(t->sepa_scheme);
	free(t->interest);
	free(t->interest_period);
}

const char *
art_advance(const struct terms *t)
{
	return t->family == FAMILY_VZ ? "VZ 8.13" : "VW 2.4.2";
}

const char *
art_buyout(const struct terms *t, int provider)
{
	if (t->family == FAMILY_VW)
		return "VW 2.7.7";
	return provider ? "VZ 4.12, VZ 4.5" : "VZ 4.5, VZ 8.2";
}

int
buyout_on_notice(const struct terms *t)
{
	return t->family == FAMILY_VZ;
}

const char *
art_charge(const struct terms *t)
{
	return t->family == FAMILY_VZ ? "VZ 8.15" : "VW 1.12.2";
}
