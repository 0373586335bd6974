/*
 * cdr: the CDR streams between the usage filters (README, "The usage
 * path").  The adapter cdrs writes normalised CDRs:
 *
 *   cdr_id, customer_id, start, service, dst, billsec, units, route_cost,
 *   rule, origin
 *
 * start is Amsterdam local time with its offset; rule is empty, or the
 * reason the record costs nothing (unanswered, local, internal, no-account,
 * not-billed); origin is "file:line:column" of the record's dst field, for messages.  rate
 * adds destination, billed_units, rate and amount (usage.csv's columns,
 * plus origin); it also reads a plain cdrs.csv of formats.md.
 */
#ifndef CDR_H
#define CDR_H

extern const char *const cdr_cols[];	/* the adapter's output */
extern const char *const rated_cols[];	/* rate's output */
extern const char *const usage_cols[];	/* usage.csv (formats.md) */

#endif
