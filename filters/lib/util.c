/* util: program name, errors, allocation and output closing. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

const char *progname = "billing";
static int stdout_closed;

/* at exit, a write error on stdout not yet reported (--help into a full
 * disk) still fails the program */
static void
check_stdout(void)
{
	if (stdout_closed)
		return;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: <stdout>: write error: %s\n", progname,
		    strerror(errno ? errno : EIO));
		_exit(1);
	}
}

void
prog_init(int argc, char *argv[], void (*usage)(FILE *, int))
{
	const char *p;

	if (argc > 0 && argv[0] != NULL) {
		p = strrchr(argv[0], '/');
		progname = p ? p + 1 : argv[0];
	}
	atexit(check_stdout);
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage(stdout, 0);
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("%s 0.1\n", progname);
		exit(0);
	}
}

static void
vmsg(const char *where, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	if (where != NULL)
		fprintf(stderr, "%s: ", where);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	exit(1);
}

void
dieusage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	exit(2);
}

void
dieat(const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(where, fmt, ap);
	va_end(ap);
	exit(1);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		die("out of memory (%zu × %zu bytes)", n, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		die("out of memory (%zu × %zu bytes)", n, size);
	return xrealloc(p, bytes);
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void
fshut(FILE *fp, const char *name)
{
	int bad;

	bad = fflush(fp) != 0 || ferror(fp);
	if (fp == stdout)
		stdout_closed = 1;
	if (fclose(fp) != 0)
		bad = 1;
	if (bad)
		die("%s: write error: %s", name, strerror(errno ? errno : EIO));
}

FILE *
xfopen(const char *path, const char *mode)
{
	FILE *fp = fopen(path, mode);

	if (fp == NULL)
		die("%s: cannot open: %s", path, strerror(errno));
	return fp;
}

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

const char *
basename_of(const char *path)
{
	const char *p = strrchr(path, '/');

	return p && p[1] ? p + 1 : path;
}

uint64_t
fnv1a64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* fmix64: MurmurHash3's finaliser, to spread FNV's high bits */
static uint64_t
fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

struct fp128
fp128(const void *p, size_t n)
{
	const unsigned char *s = p;
	/* FNV-1a 128: offset basis and prime 2^88 + 2^8 + 0x3b */
	unsigned __int128 h = ((unsigned __int128)0x6c62272e07bb0142ULL << 64) |
	    0x62b821756295c58dULL;
	const unsigned __int128 prime = ((unsigned __int128)1 << 88) | 0x13b;
	struct fp128 f;

	while (n-- > 0) {
		h ^= *s++;
		h *= prime;
	}
	f.hi = fmix64((uint64_t)(h >> 64) ^ (uint64_t)h);
	f.lo = fmix64((uint64_t)h + 0x9e3779b97f4a7c15ULL) ^ (uint64_t)(h >> 64);
	return f;
}
