/*
 * reject: the bad CDR rows that bill-run --keep-going sets aside instead of
 * failing the run (formats.md, OUTDIR/rejects.csv):
 *
 *   file, line, column, message, record
 *
 * message is what the run would have said without --keep-going (after
 * "prog: FILE:LINE:COL: "); record is the record's bytes as they stood in
 * the file.  A record that is not UTF-8 text (a NUL byte, a stray byte in
 * an Asterisk free-text column) is written with each byte that is not
 * text as \xHH and each backslash as \\, and its message says so: the file
 * stays text that any CSV reader takes.  A rejected CDR is not billed and not marked billed, so a
 * corrected delivery is billed by a later run.
 */
#ifndef REJECT_H
#define REJECT_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"

struct rejw;

/* rejw_open: write rejects to path (atomically, at rejw_close). */
struct rejw *rejw_open(const char *path);
/* rejw_put: one bad record (col 0-based, -1: the record as a whole). */
void rejw_put(struct rejw *w, const char *file, long line, int col,
    const char *msg, const char *rec, size_t n);
/* rejw_csv: the current record of r, from its raw bytes. */
void rejw_csv(struct rejw *w, const struct csvr *r, int col, const char *msg);
/*
 * rejw_origin: a CDR of the stream, by its origin ("FILE:LINE:COL") and
 * at ("IDCOL:OFFSET:LENGTH") columns: the record is read back from FILE
 * (a path relative to the folder the run reads its inputs in).  idcol:
 * name the id's column rather than the destination's.
 */
void rejw_origin(struct rejw *w, const char *origin, const char *at,
    int idcol, const char *msg);
void rejw_close(struct rejw *w);

/* origin_split: FILE, LINE and COL of an origin ("a:b.csv:14:6"): the
 * file is everything before the last two colons.  Returns 0 or -1. */
int origin_split(const char *origin, char *file, size_t n, long *line,
    int *col);

#endif
