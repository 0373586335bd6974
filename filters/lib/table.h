/*
 * table: a CSV file of one of the project's own formats (a state file, a
 * stream between filters, an output), read by column name.  A format is a
 * NULL-ended list of column names; its module (billed, invoices, runs,
 * totals, item, cdr) numbers them with an enum in the same order and is
 * the only code that names them.  Every column of the format must be in
 * the file's header, in any order; other columns are ignored.
 */
#ifndef TABLE_H
#define TABLE_H

#include "csvio.h"

struct tabr;

/* tabr_open: the reader r (owned) as a file of format cols; dies naming
 * the first column missing from the header. */
struct tabr *tabr_open(struct csvr *r, const char *const *cols);
/* tabr_next: the next row; 0 at the end. */
int tabr_next(struct tabr *t);
/* tabr_get: column i of the format, in the current row. */
const char *tabr_get(const struct tabr *t, int i);
/* tabr_col: the reader's column of format column i (for field.h). */
int tabr_col(const struct tabr *t, int i);
struct csvr *tabr_csv(const struct tabr *t);
/* tabr_copy: the current row to w, in the format's order. */
void tabr_copy(const struct tabr *t, struct csvw *w);
void tabr_close(struct tabr *t);

#endif
