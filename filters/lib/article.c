/* article: rules.md §12, the articles per event and profile. */
#include <string.h>

#include "article.h"
#include "util.h"

static const struct {
	enum art a;
	const char *vz, *vw;
} table[] = {
	{ ART_WHOLE_MONTH, "VZ 8.13", "VW 2.4.2" },
	{ ART_PART_MONTH, "VZ 8.13", "VW 1.12.3" },
	{ ART_CATCH_UP, "VZ 8.1", "VW 2.4.1" },
	{ ART_USAGE, "VZ 8.14, VZ 7.3", "VW 1.12.2" },
	{ ART_ROUTE_COST, "VZ 8.14, VZ 7.4", NULL },
	{ ART_TARIFF, "VZ 7.3", "VW 1.12.2" },
	{ ART_GUARD, "VZ 7.4", NULL },
	{ ART_SETUP, "VZ 7.3", "VW 1.12.2" },
	{ ART_BUNDLE, "VZ 7.3", "VW 1.12.2" },
	{ ART_DISCOUNT, "VZ 7.11", "VW 1.12.1" },
	{ ART_CHARGE, "VZ 8.15", "VW 2.4.1" },
	{ ART_BUYOUT_NOTICE, "VZ 4.5, VZ 8.2", NULL },
	{ ART_BUYOUT_PROVIDER, "VZ 4.12, VZ 4.5", "VW 2.7.7" },
	{ ART_BUYOUT_COLLECTION, "VZ 8.21, VZ 4.5", "VW 2.7.6, VW 2.7.7" },
	{ ART_EARLY_CANCEL, "VZ 4.1", NULL },
	{ ART_DOWNGRADE, "VZ 6.7", "VW 2.2.2" },
	{ ART_FAILED_DEBIT, "VZ 8.11", NULL },
	{ ART_PAYMENT_COSTS, "VZ 8.12", NULL },
	{ ART_POST, "VZ 8.4", "VW 2.4.6" },
	{ ART_CONSUMER_NOTICE, NULL, "VW 2.5.2" },
	{ ART_HIGH_USAGE, "VZ 8.24", "VW 2.4.4" },
	{ ART_DEFAULT, "VZ 8.16", "VW 2.5.1" },
	{ ART_DEBIT_NOTICE, "VZ 8.10", "VW 2.5.1" },
	{ ART_REMINDER, "VZ 8.17", "VW 2.5.3" },
	{ ART_COLLECTION_COSTS, "VZ 8.23", "VW 2.5.2" },
	{ ART_INTEREST, "VZ 8.19", "VW 2.5.2" },
	{ ART_ADMIN_FEE, "VZ 8.19", "VW 2.5.2" },
	{ ART_SUSPENSION, "VZ 4.10, VZ 8.27", "VW 1.13.1, VW 2.5.3" },
	{ ART_TERMINATION, "VZ 8.21", "VW 2.7.6" },
	{ ART_REACTIVATION, "VZ 8.28", "VW 1.13.2" },
	{ ART_DEPOSIT, "VZ 8.24", "VW 2.6" },
};

const char *
article(const struct terms *t, enum art a)
{
	size_t i;

	for (i = 0; i < NELEM(table); i++)
		if (table[i].a == a)
			return t->family == FAMILY_VZ ? table[i].vz : table[i].vw;
	die("article: no row for event %d", (int)a);
}

int
article_is_fee(const struct terms *t, const char *rule)
{
	static const enum art fees[] = { ART_FAILED_DEBIT, ART_PAYMENT_COSTS,
		ART_POST,
		ART_REACTIVATION, ART_ADMIN_FEE, ART_SUSPENSION };
	const char *s;
	size_t i;

	for (i = 0; i < NELEM(fees); i++)
		if ((s = article(t, fees[i])) != NULL && strcmp(rule, s) == 0)
			return 1;
	return 0;
}

const char *
article_foreign(const struct terms *t, const char *rule)
{
	const char *other = t->family == FAMILY_VZ ? "VW " : "VZ ";
	const char *p;

	for (p = rule; (p = strstr(p, other)) != NULL; p++)
		if ((p == rule || p[-1] == ' ' || p[-1] == ',') &&
		    p[3] >= '0' && p[3] <= '9')
			return t->family == FAMILY_VZ ? "Voiceworks" : "VOIPZeker";
	return NULL;
}
