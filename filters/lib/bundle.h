/*
 * bundle: bundles.csv (formats.md), loaded whole and checked, and the rules
 * of an allowance, decided here only (rules.md §7 "Bundles"): on which days
 * a bundle runs, what it includes in a calendar month, which destinations
 * it covers.
 *
 * A bundle runs on the days on which both its contract's service and its
 * own validity run (valid_from, valid_until: default the service).  The
 * allowance of a calendar month is units × the contract's quantity when it
 * runs the whole month, floor(units × quantity × min(days, n) / n) on a
 * part month (n: the profile's prorate_days), in billed units: a voice
 * bundle's minutes are units of call_increment seconds (60 / increment of
 * them a minute, rounded down once).  Only a call on a day the bundle runs
 * uses it: the allowance ends with the contract (VW 2.7.9).
 */
#ifndef BUNDLE_H
#define BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "contract.h"
#include "terms.h"

struct bundle {
	char *id, *contract_id, *customer_id, *description;
	int service;		/* enum service */
	int64_t units;		/* a whole month, one contract quantity */
	long qty;		/* the contract's quantity */
	char **prefixes;	/* NULL-ended; none: every destination */
	int32_t from, to;	/* the days it runs; to DATE_NONE: open */
	long line;
};

struct bundles {
	struct bundle *v;	/* by customer_id, then bundle_id */
	size_t n;
	struct strmap *bycustomer;	/* index + 1 of the first */
	struct strmap *byid;		/* index + 1 */
	int increment;		/* call_increment, seconds */
	int days;		/* prorate_days */
};

/*
 * bundles_load: read and check path against the contracts ks (their
 * service days, quantity and customer).  Dies on a bad row, naming file,
 * line and column.
 */
void bundles_load(const char *path, const struct terms *t,
    const struct contracts *ks, struct bundles *bs);
void bundles_free(struct bundles *bs);

/* bundles_of: the first bundle of a customer (the rest follow it while
 * their customer_id is the same), or NULL. */
const struct bundle *bundles_of(const struct bundles *bs, const char *cust);
const struct bundle *bundle_find(const struct bundles *bs, const char *id);
/* bundle_next: the customer's next bundle after b, or NULL. */
const struct bundle *bundle_next(const struct bundles *bs,
    const struct bundle *b);

/* bundle_runs: b runs on day d. */
int bundle_runs(const struct bundle *b, int32_t d);
/* bundle_allowance: what b includes in calendar month ym, in billed units
 * (0 when it does not run then); -1 on overflow. */
int64_t bundle_allowance(const struct bundles *bs, const struct bundle *b,
    int ym);
/* bundle_covers: b's scope holds the E.164 destination num. */
int bundle_covers(const struct bundle *b, const char *num);

#endif
