/*
 * util: program name, usage and option errors, error exits, checked
 * allocation, growing strings, the temporary files a program must not leave
 * behind, and output closing, shared by every filter.  Messages follow
 * git's house style: "prog: WHERE: WHAT", lowercase, no full stop.  Exit 1
 * is a data or runtime error, exit 2 a usage error.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

extern const char *progname;

/*
 * prog_init: set progname from argv[0], make every file the program
 * creates private to its owner and group (umask 027 at the least: the
 * state and the outputs hold names, addresses and IBANs), remove the
 * registered temporary files when a signal ends the program, and answer a
 * lone --help (usage and the option list on stdout, exit 0) or --version.
 * synopsis is the usage line after the program name (lines of another form
 * of the command separated by '\n'); options lists the options, one line
 * each, for --help.
 */
void prog_init(int argc, char *argv[], const char *synopsis,
    const char *options);
/* usage: the synopsis on fp (with the options when fp is stdout), then
 * exit with status. */
void usage(FILE *fp, int status) __attribute__((noreturn));
/*
 * opt: getopt(3) that answers an unknown option ("unknown option -x") or
 * one without its value ("option -p needs a value") with the synopsis on
 * stderr and exit 2.
 */
int opt(int argc, char *argv[], const char *optstring);

/* die: print "prog: message" and exit 1. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* fd_opt: option -opt's value, a file descriptor number 0..1000, or a
 * usage error naming it */
int fd_opt(char opt, const char *arg);
/* dieusage: print "prog: message" and exit 2, for a bad option value. */
void dieusage(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/*
 * clip: s itself when it is short enough to quote in a message (CLIP_MAX
 * bytes), else its first bytes, cut at a character boundary, with "…" and
 * its length: a bad field of 100 kB is named, not printed.  The result
 * lives until the fourth next call.
 */
#define CLIP_MAX 80
const char *clip(const char *s);

/* Allocation that dies on exhaustion or size overflow. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: grow p to n elements of size bytes, overflow checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
/* sortv: qsort(3) that takes an empty array as a null pointer too (a
 * never-grown vector); qsort's arguments must not be null. */
void sortv(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *));
/* xasprintf: an allocated, formatted string (the caller frees it). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * strpool: strings that live as long as a table loaded whole, copied into
 * large chunks rather than each into a malloc of its own (a million
 * customers are thirteen million strings).  A zeroed pool is empty;
 * pool_free frees every string of it at once.
 */
struct strpool {
	char *cur;		/* free space of the last chunk */
	size_t left;
	char **chunk;
	size_t n, cap;
};

char *pool_dup(struct strpool *p, const char *s);
void pool_free(struct strpool *p);

/*
 * grow: make room for one more element in a vector (*p, *len, *cap).
 * Usage: GROW(v, n, cap); v[n++] = x;
 */
#define GROW(p, len, cap)                                                  \
	do {                                                               \
		if ((len) >= (cap)) {                                      \
			(cap) = (cap) ? 2 * (cap) : 16;                    \
			(p) = xreallocarray((p), (cap), sizeof(*(p)));     \
		}                                                          \
	} while (0)

/*
 * sbuf: a string that grows as it is written, so no text is ever cut to
 * a buffer's size.  A zeroed sbuf is empty; sb_str of it is "".
 *
 *	struct sbuf b = { 0 };
 *	sb_addf(&b, "Correctie: %s", desc);
 *	use(sb_str(&b));
 *	sb_free(&b);
 */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_add(struct sbuf *b, const char *s);
void sb_addf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct sbuf *b, const char *fmt, va_list ap);
/* sb_reset: empty it, keeping its memory. */
void sb_reset(struct sbuf *b);
const char *sb_str(const struct sbuf *b);
void sb_free(struct sbuf *b);

/*
 * Temporary files and folders: a registered path is removed when the
 * program exits without releasing it, and when SIGINT, SIGTERM, SIGHUP or
 * SIGPIPE ends it (the handler removes them with async-signal-safe calls
 * only, then dies of the same signal).  tmp_add copies path; tree says it
 * is a folder to remove with what it holds.
 */
struct tmpref;
struct tmpref *tmp_add(const char *path, int tree);
/* tmp_keep: forget it: the path is no longer temporary (renamed into
 * place, or now part of the state). */
void tmp_keep(struct tmpref *t);
/*
 * tmp_hold, tmp_release: hold off the signals that remove temporary files
 * while a path is created and registered (mkstemp, then tmp_add), or
 * renamed into place and forgotten (rename, then tmp_keep): a signal in
 * between would leave the one or remove the other.  They nest.
 */
void tmp_hold(void);
void tmp_release(void);
/* scratch_file: a file in dir to write and read back ("w+"), unlinked at
 * once, so that nothing is left of it whatever ends the program; name
 * (".xsort", ".sepa") starts its short-lived name. */
FILE *scratch_file(const char *dir, const char *name);
/* rmtree: remove the folder path and everything in it (or the file);
 * errors are ignored: what is left is what could not be removed. */
void rmtree(const char *path);

/*
 * fshut: flush and close fp, dying with "prog: name: write error" when any
 * write failed (a full disk, a closed pipe).  Every output goes through it.
 */
void fshut(FILE *fp, const char *name);

/*
 * xfopen: fopen path for reading or writing, or die naming it and why: it
 * does not exist, it is a broken link, it is a folder, it cannot be read.
 * A file read must be a regular file, a pipe or a character device.
 */
FILE *xfopen(const char *path, const char *mode);
/* xfopen_try: the same, returning NULL and why (into why, size n) instead
 * of dying, for a program that goes on with its next file. */
FILE *xfopen_try(const char *path, const char *mode, char *why, size_t n);
/* file_mode: the permissions of a file the program creates (0666 less
 * the umask): what a file made by mkstemp is given. */
unsigned file_mode(void);

/* u64_before: v in decimal written backwards ending just before end;
 * returns where it starts (room: 20 bytes).  For the writers called once
 * per CDR, which do without printf. */
char *u64_before(char *end, uint64_t v);

/* dir_sync: what was written to dir's file system reaches the disk, once
 * for a folder of documents rather than a fsync each; dies on error. */
void dir_sync(const char *dir);
/* path_join: "dir/name", allocated (the caller frees it). */
char *path_join(const char *dir, const char *name);
/* dir_make: the folder dir made (its parent must exist), or there
 * already; dies naming it otherwise */
void dir_make(const char *dir);
/* file_read: the whole file at path, *n bytes (the caller frees it); dies
 * naming it when it cannot be read */
unsigned char *file_read(const char *path, size_t *n);

/* hash64: FNV-1a 64 over n bytes (formats.md uses it for Asterisk ids). */
uint64_t fnv1a64(const void *p, size_t n);
/* fnv1a64_more: continue the hash h over n more bytes. */
uint64_t fnv1a64_more(uint64_t h, const void *p, size_t n);
#define FNV64_BASIS 0xcbf29ce484222325ULL

/*
 * fp128: a 128-bit fingerprint of n bytes (FNV-1a 128 with a final mix),
 * for the sets of billed CDR ids: two ids collide with odds of 2^-128.
 */
struct fp128 {
	uint64_t hi, lo;
};
struct fp128 fp128(const void *p, size_t n);

/* streq: a and b equal; the first bytes are compared inline, so that a
 * chain of tests against names (the elements of a bank file) costs a call
 * only where the first letter matches. */
static inline int
streq(const char *a, const char *b)
{
	return *a == *b && strcmp(a, b) == 0;
}

#endif
