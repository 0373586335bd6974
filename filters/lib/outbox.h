/*
 * outbox: STATEDIR/outbox.csv, where the runs' documents are, for mailout:
 *
 *     run_date,kind,outdir
 *
 * one row per run posted (post -O): its run date (a bill-run's invoice
 * date, a dunning-run's day), bill or dunning, and its output folder,
 * relative to STATEDIR where it can be (the drivers' default layout keeps
 * it beside the state, so a copy of the whole tree still finds it).
 * Appended and synced, never rewritten.  Like the send log it lives beside
 * the state's generations.
 */
#ifndef OUTBOX_H
#define OUTBOX_H

#include <stdint.h>

/* outbox_add: the row of a run of day d, kind "bill" or "dunning", whose
 * folder is outdir (absolute, or relative to the working directory),
 * unless the same row is there; with rerun (a run posted before, found
 * the same) only when no run of that kind and day is listed at all, so
 * that a faithful rerun changes nothing but mends a row that a crash
 * after the state's switch left out */
void outbox_add(const char *statedir, int32_t d, const char *kind,
    const char *outdir, int rerun);
/* outbox_runs: the folders of the runs of day d, each once, in the order
 * they were posted, as paths usable from the working directory; *n of
 * them (the caller frees each and the array) */
char **outbox_runs(const char *statedir, int32_t d, size_t *n);

/* outbox_bills_before: the folders of the bill-runs of days before d,
 * each once, as outbox_runs, and in *days (the caller frees it) their
 * run dates */
char **outbox_bills_before(const char *statedir, int32_t d, size_t *n,
    int32_t **days);

#endif
