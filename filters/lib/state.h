/*
 * state: the folder that outlives runs (formats.md STATEDIR).  Its files
 * live in a generation folder gen.NNNNNN that the symbolic link "current"
 * names.  A run that changes the state writes a whole new generation
 * (unchanged files hard-linked), fsyncs it and swaps the link with one
 * rename: the only step that changes what the state is.  A crash, a kill or
 * an error before the rename leaves the state as it was (the unfinished
 * generation is removed, or by the next commit); from the rename on the
 * new generation is the state and is never removed.
 *
 * One run at a time: the drivers hold an flock on STATEDIR/lock (an empty
 * file, created when missing and never removed, so that no run can lose a
 * lock another holds) for the whole run, and the step that switches the
 * generation checks that it holds that lock (state_lock).
 *
 * The files of a generation and their owners: billed.csv (billed.h),
 * invoices.csv (invoices.h, the register), runs.csv (runs.h),
 * usage-totals.csv (totals.h), allowances.csv (allowance.h),
 * cdrs.MONTH.RUN.fp (fpset.h).
 */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>
#include <stdio.h>

/* exit status of a program that finds the state locked by another run */
#define EXIT_LOCKED 3

/*
 * state_open: open file name of the current generation of dir for reading;
 * NULL when the state is fresh or the file does not exist yet.  A dir that
 * does not exist is an error: a fresh state is an empty folder.  *path gets
 * the path, for messages (owned by the caller).
 */
FILE *state_open(const char *dir, const char *name, char **path);

/* state_dir: the path of the current generation of dir, or NULL when the
 * state is fresh (owned by the caller). */
char *state_dir(const char *dir);

/*
 * state_lock: make sure this process holds the lock of the state dir.
 * fd >= 0: the descriptor the driver took it on (bill-run passes it down):
 * it must be dir/lock itself, and locked.  fd < 0: take it here, on a
 * step run by hand.  Another run holding it ends the program with
 * EXIT_LOCKED; a lock that is not dir/lock's (the file was replaced) with 1.
 */
void state_lock(const char *dir, int fd);

/* state_tidy: finish what a switch left undone when it failed or was
 * killed after its rename: sync dir, then remove the generations that are
 * not current.  Under the lock. */
void state_tidy(const char *dir);

struct gen;

/* gen_begin: start a new generation of dir, holding (hard links to) the
 * files of the current one until they are created anew. */
struct gen *gen_begin(const char *dir);
/* gen_create: a new file of the generation, to write (closed by gen_close);
 * it replaces the carried-over file of that name. */
FILE *gen_create(struct gen *g, const char *name);
/* gen_close: flush, fsync and close a file from gen_create; dies on error. */
void gen_close(struct gen *g, FILE *fp, const char *name);
/* gen_import: hard-link (or else copy) file src into the generation as
 * name: how a run's new sets of billed CDRs enter the state. */
void gen_import(struct gen *g, const char *src, const char *name);
/* gen_commit: make the generation current, atomically, then remove the
 * old ones.  Dies when it could not; a failure after the switch (the
 * fsync of dir) keeps both generations and says so. */
void gen_commit(struct gen *g);

#endif
