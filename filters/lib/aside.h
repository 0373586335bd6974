/*
 * aside: write a named file atomically.  The data goes to a temporary file
 * beside the target (mkstemp in the same folder); the writer fsyncs and
 * closes it and aside_commit renames it over the target.  A program that
 * dies before the commit, by an error or a signal, leaves the target as it
 * was: the temporary file is removed (util.h tmp_add).
 */
#ifndef ASIDE_H
#define ASIDE_H

#include <stdio.h>

struct aside;

/* aside_open: start writing path; returns the stream to write to, which
 * the writer closes after an fsync (csvw_close_sync). */
struct aside *aside_open(const char *path, FILE **fp);
/* aside_commit: rename the closed file into place; dies on error. */
void aside_commit(struct aside *a);

/* fsync_dir: fsync the folder dir, or die.  fsync_dir_try: the same,
 * returning -1 (errno set) instead of dying. */
void fsync_dir(const char *dir);
int fsync_dir_try(const char *dir);

#endif
