/*
 * util: program name, error exits and checked allocation shared by every
 * filter.  Messages follow git's house style: "prog: WHERE: WHAT", lowercase,
 * no full stop.  Exit 1 is a data or runtime error, exit 2 a usage error.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

extern const char *progname;

/*
 * prog_init: set progname from argv[0]; answer a lone --help (usage on
 * stdout, exit 0) or --version (exit 0).  usage(fp, status) must print the
 * synopsis to fp and exit with status.
 */
void prog_init(int argc, char *argv[], void (*usage)(FILE *, int));

/* die: print "prog: message" and exit 1.  dieat: with a "where: " prefix. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void dieat(const char *where, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* dieusage: print "prog: message" and exit 2, for a bad option value. */
void dieusage(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* warn: print "prog: message" and go on. */
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that dies on exhaustion or size overflow. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: grow p to n elements of size bytes, overflow checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

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
 * fshut: flush and close fp, dying with "prog: name: write error" when any
 * write failed (a full disk, a closed pipe).  Every output goes through it.
 */
void fshut(FILE *fp, const char *name);

/* xfopen: fopen or die naming the file. */
FILE *xfopen(const char *path, const char *mode);

/* path_join: "dir/name", allocated (the caller frees it). */
char *path_join(const char *dir, const char *name);

/* basename_of: the last path component, for messages that name a file. */
const char *basename_of(const char *path);

/* hash64: FNV-1a 64 over n bytes (formats.md uses it for Asterisk ids). */
uint64_t fnv1a64(const void *p, size_t n);

/*
 * fp128: a 128-bit fingerprint of n bytes (FNV-1a 128 with a final mix),
 * for the sets of billed CDR ids: two ids collide with odds of 2^-128.
 */
struct fp128 {
	uint64_t hi, lo;
};
struct fp128 fp128(const void *p, size_t n);

#endif
