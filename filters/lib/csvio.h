/*
 * csvio: the only way CSV enters or leaves a program.  Reading goes through
 * libcsv in strict mode (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL,
 * nothing trimmed); columns are found by header name; a UTF-8 BOM at the
 * start of the file is stripped; every field is checked to be UTF-8 text
 * without a NUL byte and without a BOM (one inside the file is an error),
 * unless its column is raw (then only a NUL is an error); every record must
 * have as many fields as the header.  Any error ends the program with
 * "prog: FILE:LINE:COLUMN: message" (exit 1), where LINE is the line the
 * record starts on and COLUMN the 1-based field number; a field quoted in
 * a message is clipped to a readable length (clip).
 *
 * In soft mode (CSVR_SOFT, for bill-run --keep-going) an error of one
 * record (its text, its number of fields) does not end the program: the
 * record is delivered and csvr_bad names what is wrong with it.  Errors of
 * the file itself (a missing header, broken quoting) still do.
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
	CSVR_NOHEADER = 1,	/* no header row; columns are numbered */
	CSVR_SOFT = 2,		/* a bad record is delivered, not fatal */
	CSVR_RAW = 4		/* keep every record's bytes (csvr_raw) */
};

/* What is wrong with a field's text (text_check). */
enum text_err { TEXT_OK, TEXT_UTF8, TEXT_NUL, TEXT_BOM };

/*
 * text_check: s[0..n) as the text of a field: TEXT_OK, or what is wrong:
 * not UTF-8 (an overlong form, a surrogate, a stray byte), a NUL byte, or
 * a byte order mark.
 */
enum text_err text_check(const char *s, size_t n);
/* utf8_len: the bytes of the UTF-8 character whose first byte is c. */
size_t utf8_len(unsigned char c);
/* text_strerror: the message for err, "NUL byte in field: expected …". */
const char *text_strerror(enum text_err err);
/* line_check: die naming path:n:column when the line p of len bytes is
 * not text (a NUL byte, invalid UTF-8, a byte order mark). */
void line_check(const char *path, long n, const char *p, size_t len);
/*
 * conf_split: a line of "key = value" text (terms.conf, the templates,
 * mail.conf), split in place: leading blanks skipped, trailing blanks and
 * the line end cut.  0 for a blank line or a '#' comment; 1 with *key
 * (its blanks before '=' cut) and *val (past the blanks after '='); -1 for
 * a line without '=', *key its text and *val NULL.  Columns are
 * *key - line + 1 and *val - line + 1.
 */
int conf_split(char *line, char **key, char **val);

/*
 * csvr_open: read CSV from fp, naming it name in messages ("<stdin>" for
 * stdin).  Unless CSVR_NOHEADER, the header row is read at once.  The reader
 * owns fp and closes it in csvr_close.
 */
struct csvr *csvr_open(FILE *fp, const char *name, int flags);
/* csvr_openpath: open path ("-" is stdin) or die naming it and why. */
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
/* csvr_rawcol: check only for NUL bytes in column col (Asterisk's free
 * text, which may be in any encoding); call before the first record. */
void csvr_rawcol(struct csvr *r, int col);

/* csvr_next: advance to the next record: 1, or 0 at the end of input. */
int csvr_next(struct csvr *r);
/* csvr_bad: in soft mode, what is wrong with the current record (and the
 * 0-based column in *col, -1 for the record), or NULL when nothing is. */
const char *csvr_bad(const struct csvr *r, int *col);
/* csvr_get: field col of the current record; "" when col < 0. */
const char *csvr_get(const struct csvr *r, int col);
/* csvr_getn: like csvr_get, with the field's length in *n. */
const char *csvr_getn(const struct csvr *r, int col, size_t *n);
/* csvr_raw: the record's bytes as in the file, without its line ending,
 * for a reader with CSVR_RAW, CSVR_SOFT or a raw column; NULL otherwise. */
const char *csvr_raw(const struct csvr *r, size_t *len);
/* csvr_offset: where the current record's bytes start in the file, and
 * how many there are (without the line ending). */
void csvr_offset(const struct csvr *r, int64_t *off, size_t *len);
/* csvr_lines: the record spans more than one line. */
int csvr_lines(const struct csvr *r);
long csvr_line(const struct csvr *r);
const char *csvr_name(const struct csvr *r);

/*
 * csvr_die: "prog: NAME:LINE:COL: message" for field col (-1: no column)
 * of the current record, then exit 1.  A long field of the record quoted
 * in the message is clipped.
 */
void csvr_die(const struct csvr *r, int col, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
/* csvr_where: "NAME:LINE:COL" (col -1: "NAME:LINE") of the current record,
 * into buf (size n, at least 64): a name too long for buf is cut there. */
char *csvr_where(const struct csvr *r, int col, char *buf, size_t n);
void csvr_close(struct csvr *r);

/* csvw_open: write CSV to fp (owned; closed by csvw_close). */
struct csvw *csvw_open(FILE *fp, const char *name);
/* csvw_header: write the row of NULL-terminated column names. */
void csvw_header(struct csvw *w, const char *const *cols);
/* csvw_str, csvw_strn: a field, quoted where RFC 4180 needs it (a comma,
 * a quote, a CR or an LF in it). */
void csvw_str(struct csvw *w, const char *s);
void csvw_strn(struct csvw *w, const char *s, size_t n);
/* csvw_copy: field col of the reader's current record, as it came. */
void csvw_copy(struct csvw *w, const struct csvr *r, int col);
void csvw_money(struct csvw *w, int64_t v, int dec);
/* csvw_amount: v with dec decimals, trailing zeros dropped down to min. */
void csvw_amount(struct csvw *w, int64_t v, int dec, int min);
void csvw_int(struct csvw *w, long long v);
/* csvw_date: a day number as YYYY-MM-DD; DATE_NONE writes "". */
void csvw_date(struct csvw *w, int32_t day);
/* csvw_yesno: "yes" or "no". */
void csvw_yesno(struct csvw *w, int yes);
void csvw_end(struct csvw *w);
/* csvw_sync: what was written so far on the disk (flushed and synced),
 * for a log appended row by row; dies on failure. */
void csvw_sync(struct csvw *w);
/* csvw_close: flush, check for write errors, close; dies on failure. */
void csvw_close(struct csvw *w);
/* csvw_close_sync: csvw_close, with an fsync first (for a file that
 * aside_commit then renames into place). */
void csvw_close_sync(struct csvw *w);

#endif
