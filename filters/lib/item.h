/*
 * item: the stream between the billing filters (README, "The item
 * stream").  One CSV row is one thing that is owed, or a marker:
 *
 *   customer_id  whose it is; streams are sorted by it (byte order)
 *   key          unique per customer, stable across runs: what the ledger
 *                remembers ("S/K1/2026-11" is contract K1's November)
 *   scope        the contract the item derives from: when a stream holds a
 *                scope, it holds everything that scope now owes, so the
 *                ledger may correct what was billed and is no longer owed;
 *                empty for charges and usage, which are never undone by
 *                their absence
 *   kind         a lines.csv kind, or "scope" for a marker row that only
 *                declares a scope (and a customer's history) present
 *   ref, description, from, to, quantity, unit, unit_price, net, vat_rate,
 *   rule         as the invoice line will show them
 *   history      yes: the customer was invoiced before (by an earlier
 *                system: billed_through), so this is not their first invoice
 *   vat_category E: the line is exempt from VAT (a charge of charges.csv
 *                with vat_category E); empty: the invoice decides
 *                (customer_vat_category); optional when read
 *
 * Amounts: net in cents, unit_price in 0.00001 EUR, vat_rate in hundredths
 * of a percent.
 */
#ifndef ITEM_H
#define ITEM_H

#include <stdint.h>

#include "csvio.h"
#include "util.h"

struct item {
	const char *customer_id, *key, *scope, *kind, *ref, *description;
	const char *unit, *rule;
	int32_t from, to;
	int64_t quantity, unit_price, net, vat_rate;
	int history;
	int exempt;		/* vat_category E */
};

struct itemr;

/* itemr_open: read an item stream (checks its header). */
struct itemr *itemr_open(struct csvr *r);
/* itemr_next: the next item; its strings live until the next call. */
int itemr_next(struct itemr *ir, struct item *it);
struct csvr *itemr_csv(struct itemr *ir);
void itemr_close(struct itemr *ir);

void itemw_header(struct csvw *w);
void itemw_put(struct csvw *w, const struct item *it);

/* item_dup: a deep copy (strings owned); item_release frees one. */
void item_dup(struct item *dst, const struct item *src);
void item_release(struct item *it);

/*
 * keyf: build a key from parts joined by '/', each part with '%' and '/'
 * escaped, into b (emptied first); returns its text, which lives as long
 * as b is not changed.  keyf(&b, "S", "K1", "2026-11", NULL) is
 * "S/K1/2026-11"; a part "a/b" becomes "a%2Fb".
 */
const char *keyf(struct sbuf *b, ...);

/* item_is: it->kind equals kind. */
int item_is(const struct item *it, const char *kind);

/*
 * A customer's items, read together: the stream is sorted by customer_id,
 * and the filters that need a whole customer (discounts on usage, the
 * ledger, the invoice) take one group at a time: memory grows with one
 * customer, never with the stream.
 */
struct group {
	struct item *v;		/* owned copies */
	size_t n, cap;
	struct item next;	/* the first item of the next group */
	int has_next, started;
	char *prev;		/* customer_id of the last group */
	long line, next_line;	/* where the group starts in the stream */
};

/* group_next: read the next customer's items into g; 0 at the end.  Dies
 * when the stream is not sorted by customer_id. */
int group_next(struct itemr *ir, struct group *g);
void group_free(struct group *g);

#endif
