/*
 * cdr: the CDR streams between the usage filters (README, "The usage
 * path"), and the rules that make a call cost nothing, decided here only.
 *
 * The adapter cdrs writes normalised CDRs, once keeps those not billed:
 *
 *   cdr_id, customer_id, start, service, dst, billsec, units, route_cost,
 *   rule, origin, at
 *
 * start is Amsterdam local time with its offset; rule is empty, or the
 * reason the record costs nothing (cdr_free); origin is "FILE:LINE:COL" of
 * the record's dst field, for messages; at is "IDCOL:OFFSET:LENGTH", the
 * column of its id and where its bytes are in FILE, to set a bad record
 * aside as it stood (bill-run --keep-going).  rate adds the price:
 *
 *   cdr_id, customer_id, start, service, dst, destination, billsec,
 *   billed_units, rate, amount, rule, origin, at, setup
 *
 * (setup: the part of amount that is the setup fee).  bundle sorts them by
 * customer_id, start (the instant) and cdr_id, and adds the units its
 * bundles covered; amount is then what the uncovered units and the setup
 * fee cost:
 *
 *   ... the columns of rate ..., covered_units
 *
 * usage.csv holds the columns of usage_cols.
 */
#ifndef CDR_H
#define CDR_H

#include <stddef.h>
#include <stdint.h>

extern const char *const cdr_cols[];	/* the adapter's output */
extern const char *const rated_cols[];	/* rate's output */
extern const char *const bundled_cols[];	/* bundle's output */
extern const char *const usage_cols[];	/* usage.csv (formats.md) */

/*
 * cdr_cols_of: the columns of a cdrs.csv of formats.md, or of the CDR
 * stream (which adds rule, origin and at), in reader r: cdr_id,
 * customer_id, start and dst must be there, the others are -1 when not.
 */
struct cdrcols {
	int id, cust, start, svc, dst, billsec, units, rc, rule, origin, at;
};
struct csvr;
void cdr_cols_of(const struct csvr *r, struct cdrcols *k);

/* Services of a CDR, and their names. */
enum service { SVC_VOICE, SVC_SMS, SVC_DATA };
extern const char *const services[];	/* NULL-ended */

/*
 * usage.csv read back (a run's output, for the documents): each row
 * checked, its strings living until the next call.  start is the instant
 * (UTC seconds); amount in 0.00001 EUR.
 */
struct usage_row {
	const char *cdr_id, *customer_id, *dst, *destination, *rule;
	int64_t start, amount, billed_units, covered_units;
	long billsec;
	enum service service;
};
struct usager;
struct usager *usager_open(struct csvr *r);
int usager_next(struct usager *u, struct usage_row *row);
struct csvr *usager_csv(const struct usager *u);
void usager_close(struct usager *u);

/* The reasons a record costs nothing, in the order formats.md applies them. */
enum cdr_free { FREE_NONE, FREE_UNANSWERED, FREE_LOCAL, FREE_INTERNAL,
	FREE_NO_ACCOUNT, FREE_NOT_BILLED };

/* What a record says about itself, for cdr_free_why. */
struct cdr_facts {
	enum service service;
	long billsec;
	int answered;		/* not an Asterisk record with another
				 * disposition than ANSWERED */
	int local_channel;	/* an Asterisk Local/ channel */
	int public_dst;		/* e164 says NUMBER_PUBLIC */
	int asterisk;		/* the account rules below apply */
	int has_accountcode, account_known, account_billed;
};

/* cdr_free_why: the first rule of formats.md that makes the record cost
 * nothing, or FREE_NONE. */
enum cdr_free cdr_free_why(const struct cdr_facts *f);
/* cdr_free_name: the rule's name in the stream ("unanswered"), "" for
 * FREE_NONE. */
const char *cdr_free_name(enum cdr_free why);
/* cdr_rule_free: a stream's rule names a reason to cost nothing. */
int cdr_rule_free(const char *rule);

/*
 * unit_price: the price of one billed unit of a service, in 0.00001 EUR,
 * from its tariff's rate (per minute for voice, per message, per MB): for
 * voice a unit is increment seconds, its price rate × increment / 60
 * rounded to 0.00001 EUR once, so that a call costs units × unit price and
 * an invoice line reads quantity × unit price = net (rules.md §7, §8).
 * Returns -1 on overflow.
 */
int unit_price(enum service svc, int64_t rate, int increment, int64_t *out);

/* cdr_unit: what one billed unit of a service is on an invoice line: "min"
 * (or "N s" for another call_increment), "sms", "MB"; buf (16 bytes) may
 * hold it. */
const char *cdr_unit(enum service svc, int increment, char *buf, size_t n);

/* cdr_at: format and read the at column. */
char *cdr_at_fmt(char *buf, size_t n, int idcol, int64_t off, size_t len);
int cdr_at_parse(const char *s, int *idcol, int64_t *off, size_t *len);

#endif
