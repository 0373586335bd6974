/*
 * terms: the provider's terms profile (terms.conf, formats.md): "key = value"
 * lines, '#' comments.  An unknown key, a repeated key or a bad value is
 * fatal, naming the file, line, column and key.  A key that is absent takes
 * the value of its profile's column in formats.md: the key "terms" says
 * whose general terms the profile implements (VZ or VW); a profile without
 * it is VZ's when its notice is end_of_next_month, else VW's.
 *
 * The provider's own identifiers are checked like a customer's: the IBAN
 * (length and mod 97), the BIC, the SEPA creditor identifier (mod 97-10),
 * the KvK number (8 digits) and the VAT id (the shape of the provider's
 * country).
 */
#ifndef TERMS_H
#define TERMS_H

#include <stdint.h>

enum family { FAMILY_VZ, FAMILY_VW };
enum notice_kind { NOTICE_END_OF_NEXT_MONTH, NOTICE_MONTHS };
enum downgrade_kind { DOWNGRADE_BUYOUT, DOWNGRADE_KEEP_HIGHEST };
enum scheme { SCHEME_CORE, SCHEME_B2B };
enum einvoice { EINVOICE_PEPPOL, EINVOICE_NLCIUS, EINVOICE_NONE };
enum interest { INTEREST_COMMERCIAL, INTEREST_STATUTORY };
enum period_kind { PERIOD_DAY, PERIOD_MONTH };

struct terms {
	const char *path;
	enum family family;		/* terms: whose articles lines cite */
	/* the provider, as on invoices and letters */
	char *provider_name, *street, *postcode, *city, *country, *email;
	char *kvk, *vat_id, *iban, *bic, *creditor_id;
	char *invoice_prefix;
	int64_t vat_rate;		/* hundredths of a percent: 2100 */
	int prorate_days;		/* a day is 1/N of a monthly fee */
	int call_increment;		/* seconds per billed voice unit */
	int payment_days;		/* due date = invoice date + N */
	int collection_days;		/* SEPA collection = invoice date + N */
	enum scheme sepa_scheme;
	int sepa_version;		/* 8 or 2 */
	enum einvoice einvoice;
	enum notice_kind notice;
	int notice_months;		/* for NOTICE_MONTHS */
	int64_t early_cancel_percent;	/* hundredths of a percent */
	enum downgrade_kind downgrade;
	int reminder_days, final_notice_days;
	int64_t failed_debit_fee, admin_fee, suspension_fee;	/* cents */
	int64_t reconnection_fee, disconnection_fee, paper_invoice_fee;
	int route_cost_guard;		/* VZ 7.4 */
	enum interest interest;
	enum period_kind interest_period;
	int terminate_on_collection;
	int64_t high_usage_factor;	/* hundredths: 3 -> 300 */
	int64_t high_usage_minimum;	/* cents */
	int asterisk_utc;		/* asterisk_timezone is UTC */
};

/*
 * terms_load: read the profile at path into *t, with the defaults of
 * formats.md for keys that are absent.  Dies on any error.
 */
void terms_load(const char *path, struct terms *t);
void terms_free(struct terms *t);

/* buyout_on_notice: the terms charge the rest of the term on a
 * customer's notice (VZ 4.5); Voiceworks' do not (VW 2.7.5). */
int buyout_on_notice(const struct terms *t);

#endif
