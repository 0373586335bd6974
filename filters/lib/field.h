/*
 * field: typed fields of the current CSV record.  Each fld_ function reads
 * column col (from csvr_col/csvr_need; -1 means the column is absent) and
 * dies with "FILE:LINE:COL: bad NAME 'value': expected ..." when the value
 * is wrong, or "missing NAME" when a required value is empty.
 *
 * The val_ functions under them check a string and return NULL, or what
 * is wrong with it phrased to follow "bad NAME 'value': ", so that a
 * caller that must not die on a bad row (bill-run --keep-going) can set
 * the row aside with the same message.
 */
#ifndef FIELD_H
#define FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"

/* formats.md: ids are 1-64 bytes */
#define ID_MAX 64

/*
 * val_id: s as an id of formats.md: 1 to max bytes (0: no limit) of
 * printable UTF-8 without '/', '\', control or invisible format characters
 * (a BOM, a bidirectional override, a zero-width space), and without
 * leading or trailing spaces.  An id is compared byte for byte and may end
 * up in a file name: nothing may make two ids look alike or steer a path.
 */
const char *val_id(const char *s, size_t max);
/* val_int: a whole number in [lo, hi] into *v. */
const char *val_int(const char *s, long lo, long hi, long *v);
/* val_money: an amount with at most dec decimals into *v (money_parse). */
const char *val_money(const char *s, int dec, int64_t *v);
/* val_date: YYYY-MM-DD into *d; buf (96 bytes) holds a message. */
const char *val_date(const char *s, int32_t *d, char *buf, size_t n);

/* fld_str: the text; required: "" is an error.  */
const char *fld_str(const struct csvr *r, int col, int required);
/* fld_id: an id (val_id, at most ID_MAX bytes); "" when absent and not
 * required. */
const char *fld_id(const struct csvr *r, int col, int required);
/* fld_date: YYYY-MM-DD as a day number; empty: DATE_NONE (or an error). */
int32_t fld_date(const struct csvr *r, int col, int required);
/* fld_money: an amount with at most dec decimals; empty gives dflt. */
int64_t fld_money(const struct csvr *r, int col, int dec, int required,
    int64_t dflt);
/* fld_pct: a percentage 0-100 in hundredths; empty gives dflt. */
int64_t fld_pct(const struct csvr *r, int col, int64_t dflt);
/* fld_int: a whole number in [lo, hi]; empty gives dflt. */
long fld_int(const struct csvr *r, int col, long lo, long hi, long dflt);
/* fld_yesno: yes -> 1, no -> 0; empty gives dflt. */
int fld_yesno(const struct csvr *r, int col, int dflt);
/* fld_enum: index of the value in the NULL-terminated list; empty: dflt. */
int fld_enum(const struct csvr *r, int col, const char *const *names,
    int dflt);
/* enum_want: "a, b or c" for names, into buf (size n). */
char *enum_want(const char *const *names, char *buf, size_t n);

#endif
