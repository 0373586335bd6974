/*
 * csvio: the only way CSV enters or leaves a program.  Reading goes through
 * libcsv in strict mode (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL,
 * nothing trimmed); columns are found by header name; a UTF-8 BOM is
 * stripped; every field is checked to be UTF-8 unless its column is exempt;
 * every record must have as many fields as the header.  Any error ends the
 * program with "prog: FILE:LINE:COLUMN: message" (exit 1), where LINE is the
 * line the record starts on and COLUMN the 1-based field number.
 *
 * Writing quotes a field only where RFC 4180 needs it and ends rows with LF.
 */
#ifndef CSVIO_H
#define CSVIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "date.h"

struct csvr;
struct csvw;

enum {
	CSVR_NOHEADER = 1	/* no header row; columns are numbered */
};

/*
 * csvr_open: read CSV from fp, naming it name in messages ("<stdin>" for
 * stdin).  Unless CSVR_NOHEADER, the header row is read at once.  The reader
 * owns fp and closes it in csvr_close.
 */
struct csvr *csvr_open(FILE *fp, const char *name, int flags);
/* csvr_openpath: open path ("-" is stdin) or die naming it. */
struct csvr *csvr_openpath(const char *path, int flags);

/* csvr_col: index of the column named name, or -1 when absent. */
int csvr_col(const struct csvr *r, const char *name);
/* csvr_need: like csvr_col, but a missing column is fatal (line 1). */
int csvr_need(const struct csvr *r, const char *name);
/* csvr_ncols: number of columns (header fields, or of the first record). */
int csvr_ncols(const struct csvr *r);
const char *csvr_colname(const struct csvr *r, int col);
/* csvr_names: names for the columns of a headerless file, NULL-ended, for
 * messages ("bad billsec" rather than a bare column number). */
void csvr_names(struct csvr *r, const char *const *names);
/* csvr_rawcol: do not check UTF-8 in column col (Asterisk's free text). */
void csvr_rawcol(struct csvr *r, int col);

/* csvr_next: advance to the next record: 1, or 0 at the end of input. */
int csvr_next(struct csvr *r);
/* csvr_get: field col of the current record; "" when col < 0. */
const char *csvr_get(const struct csvr *r, int col);
/* csvr_getn: like csvr_get, with the field's length in *n. */
const char *csvr_getn(const struct csvr *r, int col, size_t *n);
/* csvr_raw: the record's bytes as in the file, without its line ending,
 * for a reader with a raw column (csvr_rawcol); NULL for a record that
 * spans lines. */
const char *csvr_raw(const struct csvr *r, size_t *len);
long csvr_line(const struct csvr *r);
const char *csvr_name(const struct csvr *r);

/*
 * csvr_die: "prog: NAME:LINE:COL: message" for field col (-1: no column)
 * of the current record, then exit 1.
 */
void csvr_die(const struct csvr *r, int col, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
/* csvr_where: "NAME:LINE:COL" of field col into buf (size n). */
char *csvr_where(const struct csvr *r, int col, char *buf, size_t n);
void csvr_close(struct csvr *r);

/* csvw_open: write CSV to fp (owned; closed by csvw_close). */
struct csvw *csvw_open(FILE *fp, const char *name);
/* csvw_header: write the row of NULL-terminated column names. */
void csvw_header(struct csvw *w, const char *const *cols);
void csvw_str(struct csvw *w, const char *s);
/* csvw_copy: field col of the reader's current record, as it came. */
void csvw_copy(struct csvw *w, const struct csvr *r, int col);
void csvw_strn(struct csvw *w, const char *s, size_t n);
void csvw_money(struct csvw *w, int64_t v, int dec);
/* csvw_amount: v with dec decimals, trailing zeros dropped down to min. */
void csvw_amount(struct csvw *w, int64_t v, int dec, int min);
/* csvw_plain: n bytes known to need no quotes (digits, a fixed word). */
void csvw_plain(struct csvw *w, const char *s, size_t n);
void csvw_int(struct csvw *w, long long v);
/* csvw_date: a day number as YYYY-MM-DD; DATE_NONE writes "". */
void csvw_date(struct csvw *w, int32_t day);
void csvw_end(struct csvw *w);
/* csvw_close: flush, check for write errors, close; dies on failure. */
void csvw_close(struct csvw *w);
/* csvw_close_sync: csvw_close, with an fsync first (for a file that
 * aside_commit then renames into place). */
void csvw_close_sync(struct csvw *w);

/* utf8_valid: s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t n);

#endif
