/*
 * state: the folder that outlives runs (formats.md STATEDIR).  Its files
 * live in a generation folder gen.NNNNNN that the symbolic link "current"
 * names.  A run that changes the state writes a whole new generation
 * (unchanged files hard-linked), fsyncs it and swaps the link with one
 * rename: the only step that changes what the state is.  A crash before it
 * leaves the state as it was; the leftover folder is removed by the next
 * commit.  The lock file STATEDIR/lock (empty, for flock) is taken by the
 * drivers around a whole run, not here.
 *
 * Files (README, "State"): billed.csv (every item billed, by customer),
 * invoices.csv (the register of issued invoices), runs.csv (one row per
 * posted run, with a digest of its outputs).
 */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>
#include <stdio.h>

/*
 * state_open: open file name of the current generation of dir for reading;
 * NULL when the state is fresh or the file does not exist yet.  A dir that
 * does not exist is an error: a fresh state is an empty folder.  *path gets
 * the path, for messages (owned by the caller).
 */
FILE *state_open(const char *dir, const char *name, char **path);

/*
 * Columns of billed.csv (and of the posting file the invoice step writes
 * for post): one row per billed item, or per correction of one.
 */
extern const char *const billed_cols[];
/* Columns of the register invoices.csv: invoices.csv of a run but 'pdf'. */
extern const char *const register_cols[];
/* Columns of runs.csv. */
extern const char *const runs_cols[];

/* state_dir: the path of the current generation of dir, or NULL when the
 * state is fresh (owned by the caller). */
char *state_dir(const char *dir);

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
/* gen_commit: make the generation current, atomically, and remove the old. */
void gen_commit(struct gen *g);

#endif
