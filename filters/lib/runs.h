/*
 * runs: runs.csv of the state, one row per posted run:
 *   period, invoice_date, invoices, first_invoice_no, last_invoice_no,
 *   net, vat, gross, digest
 * digest is of the run's invoices.csv, lines.csv, usage.csv and SEPA
 * batch: the SHA-256 of what sha256sum prints for them (post.c; README),
 * 64 hex digits (16 in a state of before: FNV-1a); a rerun with the same
 * digest is faithful and changes nothing.
 */
#ifndef RUNS_H
#define RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"

struct run {
	int period;
	int32_t invoice_date;
	long invoices;
	char *first_no, *last_no, *digest;
	int64_t net, vat, gross;
};

struct runs {
	struct run *v;
	size_t n, cap;
};

/* runs_load: the posted runs of statedir (none when fresh). */
void runs_load(const char *statedir, struct runs *rs);
/* runs_add: a copy of *run at the end. */
void runs_add(struct runs *rs, const struct run *run);
/* runs_write: every run to w, with the header. */
void runs_write(struct csvw *w, const struct runs *rs);
void runs_free(struct runs *rs);

#endif
