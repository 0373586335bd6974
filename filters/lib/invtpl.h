/*
 * invtpl: the invoice template, templates/invoice.conf (billing-template(5)):
 * its fields, for render, which draws the PDF with them, and ubl, whose
 * e-invoice says what the PDF says (the VAT texts).
 */
#ifndef INVTPL_H
#define INVTPL_H

#include <stddef.h>

#include "fmt.h"
#include "tpl.h"

/* [style] and [contact] */
enum {
	F_FONT, F_SIZE, F_SMALL, F_TITLE, F_ACCENT, F_TEXT, F_MUTED, F_LIGHT,
	F_LOGO, F_LOGO_WIDTH, F_CONTACT, NSTYLE
};

/* the words, once per language: X(field, placeholders) */
#define INVTPL_WORDS \
	X(INVOICE, "invoice", "") \
	X(CREDIT_NOTE, "credit_note", "") \
	X(CONTINUED, "continued", "") \
	X(INVOICE_NO, "invoice_no", "") \
	X(INVOICE_DATE, "invoice_date", "") \
	X(DUE_DATE, "due_date", "") \
	X(CUSTOMER_NO, "customer_no", "") \
	X(PERIOD, "period", "") \
	X(PAYMENT_METHOD, "payment_method", "") \
	X(CUSTOMER_VAT, "customer_vat", "") \
	X(COL_DESCRIPTION, "col_description", "") \
	X(COL_PERIOD, "col_period", "") \
	X(COL_QUANTITY, "col_quantity", "") \
	X(COL_PRICE, "col_price", "") \
	X(COL_AMOUNT, "col_amount", "") \
	X(COL_VAT, "col_vat", "") \
	X(GROUP_SUBSCRIPTION, "group_subscription", "") \
	X(GROUP_USAGE, "group_usage", "") \
	X(GROUP_CHARGE, "group_charge", "") \
	X(GROUP_CORRECTION, "group_correction", "") \
	X(PART_MONTH, "part_month", "days of") \
	X(ARTICLE, "article", "rule") \
	X(SUBTOTAL, "subtotal", "") \
	X(VAT_LINE, "vat_line", "rate base") \
	X(TOTAL, "total", "") \
	X(REVERSE_CHARGE, "reverse_charge", "") \
	X(REVERSE_IDS, "reverse_ids", "customer_vat provider_vat") \
	X(OUTSIDE_EU, "outside_eu", "") \
	X(EXEMPT, "exempt", "") \
	X(METHOD_DEBIT, "method_debit", "") \
	X(METHOD_TRANSFER, "method_transfer", "") \
	X(DEBIT, "debit", "amount date iban") \
	X(DEBIT_IDS, "debit_ids", "mandate creditor") \
	X(TRANSFER, "transfer", "amount date iban bic provider reference") \
	X(FIRST, "first", "") \
	X(CREDIT, "credit", "amount") \
	X(REFERENCE, "reference", "") \
	X(SCAN, "scan", "") \
	X(PAGE, "page", "page pages") \
	X(KVK, "kvk", "") \
	X(VAT_ID, "vat_id", "") \
	X(IBAN, "iban", "") \
	X(BIC, "bic", "") \
	X(MONTH, "month", "") \
	X(MONTHS, "months", "") \
	X(METHOD_CREDIT, "method_credit", "") \
	X(CHART, "chart", "") \
	X(SPEC_TITLE, "spec_title", "") \
	X(SPEC_DESTINATIONS, "spec_destinations", "") \
	X(SPEC_LARGEST, "spec_largest", "n") \
	X(COL_SERVICE, "col_service", "") \
	X(COL_DESTINATION, "col_destination", "") \
	X(COL_COUNT, "col_count", "") \
	X(COL_VOLUME, "col_volume", "") \
	X(COL_DATE, "col_date", "") \
	X(COL_TIME, "col_time", "") \
	X(COL_NUMBER, "col_number", "") \
	X(COL_DURATION, "col_duration", "") \
	X(SVC_VOICE, "svc_voice", "") \
	X(SVC_SMS, "svc_sms", "") \
	X(SVC_DATA, "svc_data", "")

enum {
#define X(e, name, places) W_##e,
	INVTPL_WORDS
#undef X
	NWORDS
};

/* invtpl_load: invoice.conf as found in dirs (ndirs of them, a later
 * one's replacing an earlier one's), checked */
void invtpl_load(struct tpl *t, const char *const *dirs, size_t ndirs);
/* invtpl_word: word w (W_...) in language l */
const char *invtpl_word(const struct tpl *t, enum lang l, int w);

#endif
