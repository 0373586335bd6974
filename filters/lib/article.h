/*
 * article: which article of the provider's own general terms a line or a
 * step cites (rules.md §12), in one table.  A VOIPZeker invoice cites
 * VOIPZeker's terms and a Voiceworks invoice Voiceworks': never the other
 * provider's.  Where the terms have no clause for a rule the profile
 * applies anyway, the table names the nearest article of the same terms
 * that makes the amount due.
 */
#ifndef ARTICLE_H
#define ARTICLE_H

#include "terms.h"

enum art {
	ART_WHOLE_MONTH,	/* a whole month of a subscription */
	ART_PART_MONTH,		/* a part month, 1/30 a day */
	ART_CATCH_UP,		/* an earlier month, added to the above */
	ART_USAGE,		/* a line of calls, SMS, data */
	ART_ROUTE_COST,		/* a line of calls billed at their route cost */
	ART_TARIFF,		/* one CDR priced by the tariff */
	ART_GUARD,		/* one call priced at its route cost */
	ART_SETUP,		/* the setup fees of a destination */
	ART_BUNDLE,		/* the units used of an allowance */
	ART_DISCOUNT,
	ART_CHARGE,		/* a one-off charge without its own rule */
	ART_BUYOUT_NOTICE,	/* the rest of the term, customer's notice */
	ART_BUYOUT_PROVIDER,	/* the same after the provider's termination */
	ART_BUYOUT_COLLECTION,	/* the same after termination at collection */
	ART_EARLY_CANCEL,
	ART_DOWNGRADE,		/* a cheaper plan within the term */
	ART_FAILED_DEBIT,	/* the fee for a direct debit that came back */
	ART_PAYMENT_COSTS,	/* costs of paying otherwise than by debit */
	ART_POST,		/* an invoice sent by post */
	ART_CONSUMER_NOTICE,	/* the 14-day letter to a consumer */
	ART_HIGH_USAGE,		/* the high-usage review */
	ART_DEFAULT,
	ART_DEBIT_NOTICE,	/* telling the customer a debit failed */
	ART_REMINDER,		/* reminder and final notice */
	ART_COLLECTION_COSTS,
	ART_INTEREST,
	ART_ADMIN_FEE,		/* the administration fee at collection */
	ART_SUSPENSION,		/* suspension and its fee */
	ART_TERMINATION,	/* termination at collection */
	ART_REACTIVATION,	/* the reconnection fee */
	ART_DEPOSIT,		/* a security deposit */
	NART
};

/* article: what a's lines cite under t's terms; NULL where those terms
 * have no such rule at all (VW's buyout after a customer's notice). */
const char *article(const struct terms *t, enum art a);

/* article_is_fee: rule is the article of one of the terms' fees (failed
 * debit, post, reactivation, administration, suspension): a charge citing
 * it is an invoice line of kind 'fee'. */
int article_is_fee(const struct terms *t, const char *rule);

/* article_foreign: rule cites an article of the other provider's terms
 * ("VZ 8.11" under VW): NULL, or the family's name ("VOIPZeker"). */
const char *article_foreign(const struct terms *t, const char *rule);

#endif
