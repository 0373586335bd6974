/*
 * xsort: sort records of bytes that may not fit in memory.  Records are
 * kept in memory up to a budget; past it the records held are sorted and
 * written to a temporary file as a sorted run, and the runs are merged in
 * the end.  Memory stays within the budget (plus one record per run),
 * whatever the number of records.  The temporary files are unlinked as
 * soon as they are made: nothing is left behind, whatever ends the
 * program.  The sort is stable: records that compare equal come out in
 * the order they went in.
 */
#ifndef XSORT_H
#define XSORT_H

#include <stddef.h>

/* xsort_cmp: order of two records (their bytes, their lengths). */
typedef int xsort_cmp(const void *a, size_t alen, const void *b, size_t blen);

struct xsort;

/* xsort_new: a sort with a memory budget of budget bytes, its runs in
 * tmpdir (NULL: $TMPDIR, else /tmp). */
struct xsort *xsort_new(size_t budget, const char *tmpdir, xsort_cmp *cmp);
/* xsort_add: one record of len bytes (copied). */
void xsort_add(struct xsort *x, const void *rec, size_t len);
/* xsort_next: the records in order, after the last xsort_add; NULL at the
 * end.  A record lives until the next call. */
const void *xsort_next(struct xsort *x, size_t *len);
/* xsort_runs: how many runs went to disk (for a report). */
size_t xsort_runs(const struct xsort *x);
void xsort_free(struct xsort *x);

#endif
