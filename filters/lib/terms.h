/*
 * terms: the provider's terms profile (terms.conf, formats.md): "key = value"
 * lines, '#' comments.  An unknown key, a repeated key or a bad value is
 * fatal, naming the file, line and key.
 *
 * The articles a line cites follow the general terms the profile implements.
 * terms.conf names no terms family, so it is read from the notice regime,
 * the most characteristic setting: end_of_next_month is VOIPZeker's (VZ 4.4),
 * months:N Voiceworks' (VW 2.7.3).  Articles that belong to one setting (the
 * downgrade rule, say) follow that setting.
 */
#ifndef TERMS_H
#define TERMS_H

#include <stdint.h>

enum notice_kind { NOTICE_END_OF_NEXT_MONTH, NOTICE_MONTHS };
enum downgrade_kind { DOWNGRADE_BUYOUT, DOWNGRADE_KEEP_HIGHEST };
enum family { FAMILY_VZ, FAMILY_VW };

struct terms {
	const char *path;
	/* the provider, as on invoices and letters */
	char *provider_name, *street, *postcode, *city, *country, *email;
	char *kvk, *vat_id, *iban, *bic, *creditor_id;
	char *invoice_prefix;
	int64_t vat_rate;		/* hundredths of a percent: 2100 */
	int prorate_days;		/* a day is 1/N of a monthly fee */
	int call_increment;		/* seconds per billed voice unit */
	int payment_days;		/* due date = invoice date + N */
	int collection_days;		/* SEPA collection = invoice date + N */
	char *sepa_scheme;		/* "CORE" or "B2B" */
	int sepa_version;		/* 8 or 2 */
	enum notice_kind notice;
	int notice_months;		/* for NOTICE_MONTHS */
	int64_t early_cancel_percent;	/* hundredths of a percent */
	enum downgrade_kind downgrade;
	int reminder_days, final_notice_days;
	int64_t failed_debit_fee, admin_fee, suspension_fee;	/* cents */
	int64_t reconnection_fee, disconnection_fee;
	char *collection_costs;		/* "wik" */
	char *interest;			/* "commercial" or "statutory" */
	char *interest_period;		/* "day" or "month" */
	int terminate_on_collection;
	int64_t high_usage_factor;	/* hundredths: 3 -> 300 */
	int64_t high_usage_minimum;	/* cents */
	int asterisk_utc;		/* asterisk_timezone is UTC */
	enum family family;
};

/*
 * terms_load: read the profile at path into *t, with the defaults of
 * formats.md for keys that are absent.  Dies on any error.
 */
void terms_load(const char *path, struct terms *t);
void terms_free(struct terms *t);

/* The articles cited for the rules of the profile's terms family. */
const char *art_advance(const struct terms *t);	/* a whole month ahead */
const char *art_buyout(const struct terms *t, int provider);
/* buyout_on_notice: the terms charge the rest of the term on a
 * customer's notice (VZ 4.5); Voiceworks' do not (VW 2.7.5). */
int buyout_on_notice(const struct terms *t);
const char *art_charge(const struct terms *t);	/* one-off work */

#define ART_PART_MONTH "VW 1.12.3"
#define ART_CATCH_UP "VW 2.4.1"
#define ART_DISCOUNT "VZ 7.11"
#define ART_EARLY_CANCEL "VZ 4.1"
#define ART_DOWNGRADE_BUYOUT "VZ 6.7"
#define ART_KEEP_HIGHEST "VW 2.2.2"

#endif
