/*
 * xsort: sort records of bytes that may not fit in memory.  Records are
 * kept in memory up to a budget; past it the records held are sorted and
 * written to a temporary file as a sorted run, and the runs are merged in
 * the end.  Memory stays within the budget (plus one record per run),
 * whatever the number of records.  The temporary files are unlinked as
 * soon as they are made: nothing is left behind, whatever ends the
 * program.
 *
 * A record's first klen bytes are its key: records are ordered by their
 * keys' bytes (memcmp; a key that is a prefix of another comes first), and
 * the sort is stable: records of equal keys come out in the order they
 * went in.  A caller makes the key compare the way it needs: strings ended
 * by a NUL, numbers big-endian with the sign bit flipped.
 */
#ifndef XSORT_H
#define XSORT_H

#include <stddef.h>

struct xsort;

/* xsort_new: a sort with a memory budget of budget bytes, its runs in
 * tmpdir (NULL: $TMPDIR, else /tmp). */
struct xsort *xsort_new(size_t budget, const char *tmpdir);
/* xsort_add: one record of len bytes (copied), the first klen its key
 * (klen <= len, at most 65535). */
void xsort_add(struct xsort *x, const void *rec, size_t len, size_t klen);
/* xsort_next: the records in order, after the last xsort_add; NULL at the
 * end.  A record lives until the next call. */
const void *xsort_next(struct xsort *x, size_t *len);
/* xsort_runs: how many sorted runs went to disk (0: it all fit). */
size_t xsort_runs(const struct xsort *x);
void xsort_free(struct xsort *x);

#endif
