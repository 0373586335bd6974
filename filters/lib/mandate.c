/* mandate: collection dates, sequence types and amendments. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "mandate.h"
#include "money.h"
#include "pain008.h"
#include "receipts.h"

int
mandate_candidate(const struct customer *c, int first, int64_t gross)
{
	return c->direct_debit && !first && gross > 0;
}

const char *
collection_date(int32_t invoice_date, int32_t due_date, int days,
    int32_t *out, char *buf, size_t n)
{
	int32_t d, first = next_target2_day(invoice_date + 1);
	char d1[DATE_BUFSZ], d2[DATE_BUFSZ], d3[DATE_BUFSZ];

	d = next_target2_day(invoice_date + days);
	if (d < first)
		d = first;
	if (d >= due_date)
		d = prev_target2_day(due_date - 1);
	if (d < first) {
		snprintf(buf, n, "no collection date: the first TARGET2 day "
		    "after the run date %s is %s, not before the due date %s",
		    date_fmt(invoice_date, d1), date_fmt(first, d2),
		    date_fmt(due_date, d3));
		return buf;
	}
	*out = d;
	return NULL;
}

/* the length of the bank identifier after the check digits, by country */
static int
bank_len(const char *iban)
{
	static const struct {
		char cc[3];
		int len;
	} banks[] = { { "NL", 4 }, { "BE", 3 }, { "DE", 8 } };
	size_t i;

	for (i = 0; i < sizeof(banks) / sizeof(banks[0]); i++)
		if (strncmp(iban, banks[i].cc, 2) == 0)
			return banks[i].len;
	return 0;
}

int
same_bank(const char *a, const char *b)
{
	int len = bank_len(a);

	if (len == 0 || strncmp(a, b, 2) != 0 || strlen(a) < (size_t)4 + len
	    || strlen(b) < (size_t)4 + len)
		return 0;
	return memcmp(a + 4, b + 4, (size_t)len) == 0;
}

/* same_mandate: c's mandate is the one of that id or signed on that date
 * (a changed id under the same signature date is an amendment; a new
 * mandate has a new id and a new date) */
static int
same_mandate(const struct customer *c, const char *id, int32_t signed_on)
{
	return strcmp(id, c->mandate_id) == 0 || signed_on == c->mandate_date;
}

const char *
mandate_use(const struct customer *c, const struct debit *last,
    const struct noretry *stopped, int32_t last_service,
    int32_t invoice_date, int64_t amount, int32_t date,
    struct mandate_use *u, char *buf, size_t n)
{
	char d1[DATE_BUFSZ], d2[DATE_BUFSZ], m[MONEY_BUFSZ];
	int renamed;

	memset(u, 0, sizeof(*u));
	u->orig_mandate_id = u->orig_iban = "";
	if (amount <= 0 || amount > P8_AMOUNT_MAX) {
		snprintf(buf, n, "amount %s: a direct debit is 0.01 to "
		    "999999999.99", money_fmt(amount, 2, m));
		return buf;
	}
	if (c->mandate_date > date) {
		snprintf(buf, n, "mandate %s was signed on %s, after the "
		    "collection date %s", c->mandate_id,
		    date_fmt(c->mandate_date, d1), date_fmt(date, d2));
		return buf;
	}
	for (; stopped != NULL; stopped = stopped->next)
		if (stopped->date <= invoice_date && same_mandate(c,
		    stopped->mandate_id, stopped->mandate_date)) {
			snprintf(buf, n, "the direct debit of invoice %s came "
			    "back on %s with %s (%s): no retry under mandate "
			    "%s until a new mandate", stopped->invoice_no,
			    date_fmt(stopped->date, d1), stopped->code,
			    return_reason(stopped->code, 1),
			    stopped->mandate_id);
			return buf;
		}
	u->seq = SEQ_FRST;
	if (last != NULL && same_mandate(c, last->mandate_id,
	    last->mandate_date)) {
		/* the same mandate, perhaps under a new id */
		if (last->seq == SEQ_FNAL || last->seq == SEQ_OOFF) {
			snprintf(buf, n, "mandate %s ended with the final "
			    "collection of invoice %s (%s)", last->mandate_id,
			    last->invoice_no, seq_names[last->seq]);
			return buf;
		}
		u->seq = SEQ_RCUR;
		renamed = strcmp(last->mandate_id, c->mandate_id) != 0;
		if (renamed)
			u->orig_mandate_id = last->mandate_id;
		if (strcmp(last->iban, c->iban) != 0) {
			if (same_bank(last->iban, c->iban)) {
				u->orig_iban = last->iban;
			} else {
				u->new_bank = 1;
				u->seq = SEQ_FRST;
			}
		}
	}
	if (last_service != DATE_NONE && last_service < invoice_date)
		u->seq = SEQ_FNAL;
	return NULL;
}
