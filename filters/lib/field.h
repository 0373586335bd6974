/*
 * field: typed fields of the current CSV record.  Each reads column col
 * (from csvr_col/csvr_need; -1 means the column is absent) and dies with
 * "FILE:LINE:COL: bad NAME 'value': expected ..." when the value is wrong,
 * or "missing NAME" when a required value is empty.
 */
#ifndef FIELD_H
#define FIELD_H

#include <stdint.h>

#include "csvio.h"

/* fld_str: the text; required: "" is an error.  */
const char *fld_str(const struct csvr *r, int col, int required);
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

#endif
