/*
 * invoices: the invoices of a run and the state's register of issued
 * invoices, and the rules their numbers and dates follow (rules.md §8).
 *
 * invoices.csv of a run (formats.md):
 *   invoice_no, customer_id, invoice_date, due_date, period, net, vat,
 *   gross, payment_method, collection_date, first_invoice, pdf,
 *   payment_reference
 * the register STATEDIR/invoices.csv: the same columns but pdf, one row
 * per invoice ever issued.
 * lines.csv of a run:
 *   invoice_no, customer_id, line_no, kind, ref, description, from, to,
 *   quantity, unit, unit_price, net, vat_rate, rule, vat_category (read
 *   when present: runs before the e-invoices have none)
 */
#ifndef INVOICES_H
#define INVOICES_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"

struct invoice {
	const char *invoice_no, *customer_id, *pdf, *payment_reference;
	int32_t invoice_date, due_date, collection_date;
	int period;
	int64_t net, vat, gross;	/* cents */
	int direct_debit, first;
};

/* The two files of invoices: a run's, and the register. */
enum invfile { INV_RUN, INV_REGISTER };

struct invr;
struct invr *invr_open(struct csvr *r, enum invfile which);
/* invr_next: the next invoice (strings live until the next call). */
int invr_next(struct invr *ir, struct invoice *inv);
struct csvr *invr_csv(const struct invr *ir);
/* invr_copy: the current row to w, in the columns of which. */
void invr_copy(const struct invr *ir, struct csvw *w, enum invfile which);
void invr_close(struct invr *ir);
void invw_header(struct csvw *w, enum invfile which);
void invw_put(struct csvw *w, const struct invoice *inv, enum invfile which);

struct line {
	const char *invoice_no, *customer_id, *kind, *ref, *description;
	const char *unit, *rule;
	long line_no;
	int32_t from, to;
	int64_t quantity, unit_price, net, vat_rate;	/* unit_price 0.00001 */
	const char *vat_category;	/* S, Z, E, AE, O (customer.h) */
};

struct liner;
struct liner *liner_open(struct csvr *r);
int liner_next(struct liner *lr, struct line *l);
void liner_close(struct liner *lr);
/* line_dup: a deep copy (strings owned); line_release frees one. */
void line_dup(struct line *dst, const struct line *src);
void line_release(struct line *l);
void linew_header(struct csvw *w);
void linew_put(struct csvw *w, const struct line *l);

/*
 * VAT (VW 1.12.1, rules.md §8): per VAT rate, on the sum of the lines at
 * that rate, rounded to cents once.  vat_add adds a line's net at rate
 * (hundredths of a percent) to the sums of an invoice (at most VATSUM_MAX
 * rates; no names it in a message); vat_total is the invoice's VAT.
 */
#define VATSUM_MAX 16
struct vatsum {
	int64_t rate, net, vat;
};
void vat_add(struct vatsum *vs, size_t *nvs, int64_t rate, int64_t net,
    const char *no);
int64_t vat_total(struct vatsum *vs, size_t nvs, const char *no);

/*
 * The register as a run before a period sees it (a rerun ignores what
 * its own and later periods issued): the customers invoiced, and per
 * series (PREFIX-YYYY) its last number and its last invoice date.
 */
struct reg;
/* reg_load: from the register of statedir; an empty reg if fresh. */
struct reg *reg_load(const char *statedir, int period);
int reg_invoiced(const struct reg *g, const char *customer_id);
long reg_last_no(const struct reg *g, const char *series);
int32_t reg_last_date(const struct reg *g, const char *series);
void reg_free(struct reg *g);

/*
 * The history of each customer's invoices, for the chart of an invoice:
 * the gross totals per month of the HIST_MONTHS - 1 periods before period,
 * from the register (a rerun ignores its own and later periods).
 * hist_get: oldest first, period - 5 .. period - 1; NULL when the customer
 * had no invoice in them.  has[i] says that month had one.
 */
#define HIST_MONTHS 6
struct hist_row {
	int64_t gross[HIST_MONTHS - 1];
	int has[HIST_MONTHS - 1];
};
struct hist;
struct hist *hist_load(const char *statedir, int period);
const struct hist_row *hist_get(const struct hist *h, const char *customer_id);
void hist_free(struct hist *h);

/* series_of: "PREFIX-YYYY", the series of an invoice dated date. */
char *series_of(const char *prefix, int32_t date, char *buf, size_t n);

/*
 * invoice_date_check: rules.md §8: NULL when date may be the invoice date
 * of a run for period: a day of the run month or of the month after, and
 * not before last, the last invoice date of its series (DATE_NONE: none),
 * since numbers follow dates; else why not, phrased to follow
 * "bad invoice date 2026-12-05: ".
 */
const char *invoice_date_check(int period, int32_t date, int32_t last,
    char *buf, size_t n);

#endif
