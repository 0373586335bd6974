/* util: program name, errors, allocation, strings, temporary files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

const char *progname = "billing";
static const char *synopsis_ = "", *options_ = "";
static const char *optstring_ = "";
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

/* --- temporary files ---------------------------------------------------- */

#define NTMP 64

struct tmpref {
	char *path;
	int tree;
};

/* the handler reads these: they change only with the signals blocked */
static struct tmpref *volatile tmps[NTMP];
static const int deadly[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

static void
block(sigset_t *old)
{
	sigset_t all;
	size_t i;

	sigemptyset(&all);
	for (i = 0; i < NELEM(deadly); i++)
		sigaddset(&all, deadly[i]);
	sigprocmask(SIG_BLOCK, &all, old);
}

/*
 * rmtree_at: remove the folder name in dirfd with everything in it, by
 * system calls alone (getdents64, unlinkat): safe in a signal handler.
 */
static void
rmtree_at(int dirfd, const char *name, int depth)
{
	char buf[4096];
	long n, off;
	int fd;

	if (depth > 8)
		return;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd < 0) {
		unlinkat(dirfd, name, 0);
		return;
	}
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n;) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (void *)(buf + off);

			off += d->reclen;
			if (strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0)
				continue;
			if (d->type == DT_DIR)
				rmtree_at(fd, d->name, depth + 1);
			else if (unlinkat(fd, d->name, 0) != 0 && errno == EISDIR)
				rmtree_at(fd, d->name, depth + 1);
		}
	}
	close(fd);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

void
rmtree(const char *path)
{
	rmtree_at(AT_FDCWD, path, 0);
}

static void
remove_path(const struct tmpref *t)
{
	if (t->tree)
		rmtree_at(AT_FDCWD, t->path, 0);
	else
		unlink(t->path);
}

static void
remove_all(void)
{
	size_t i;

	for (i = 0; i < NTMP; i++)
		if (tmps[i] != NULL)
			remove_path(tmps[i]);
}

static void
on_exit_remove(void)
{
	sigset_t old;

	block(&old);
	remove_all();
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void
on_signal(int sig)
{
	int e = errno;

	remove_all();
	signal(sig, SIG_DFL);
	errno = e;
	raise(sig);
}

struct tmpref *
tmp_add(const char *path, int tree)
{
	struct tmpref *t = xmalloc(sizeof(*t));
	sigset_t old;
	size_t i;

	t->path = xstrdup(path);
	t->tree = tree;
	block(&old);
	for (i = 0; i < NTMP && tmps[i] != NULL; i++)
		;
	if (i < NTMP)
		tmps[i] = t;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (i == NTMP)
		die("%s: too many temporary files at once", path);
	return t;
}

static void
forget(struct tmpref *t)
{
	sigset_t old;
	size_t i;

	block(&old);
	for (i = 0; i < NTMP; i++)
		if (tmps[i] == t)
			tmps[i] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(t->path);
	free(t);
}

void
tmp_keep(struct tmpref *t)
{
	if (t != NULL)
		forget(t);
}


static sigset_t held_mask;
static int held;

void
tmp_hold(void)
{
	sigset_t old;

	block(&old);
	if (held++ == 0)
		held_mask = old;
}

void
tmp_release(void)
{
	if (held > 0 && --held == 0)
		sigprocmask(SIG_SETMASK, &held_mask, NULL);
}

FILE *
scratch_file(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s.XXXXXX", dir, name);
	FILE *fp;
	int fd;

	tmp_hold();
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	tmp_release();
	if (fd < 0)
		die("%s: cannot make a temporary file: %s", dir,
		    strerror(errno));
	if ((fp = fdopen(fd, "w+")) == NULL)
		die("%s: %s", dir, strerror(errno));
	free(path);
	return fp;
}

static void
catch_signals(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NELEM(deadly); i++)
		sigaddset(&sa.sa_mask, deadly[i]);
	for (i = 0; i < NELEM(deadly); i++) {
		/* a signal the caller ignores (nohup, a shell's trap '') stays
		 * ignored */
		if (sigaction(deadly[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(deadly[i], &sa, NULL);
	}
}

/* --- program, usage, options -------------------------------------------- */

void
usage(FILE *fp, int status)
{
	const char *s = synopsis_, *nl;
	int first = 1;

	do {
		nl = strchr(s, '\n');
		fprintf(fp, "%s %s %.*s\n", first ? "usage:" : "      ", progname,
		    (int)(nl ? (size_t)(nl - s) : strlen(s)), s);
		first = 0;
		s = nl ? nl + 1 : NULL;
	} while (s != NULL);
	if (fp == stdout && *options_)
		fprintf(fp, "\n%s", options_);
	exit(status);
}

void
prog_init(int argc, char *argv[], const char *synopsis, const char *options)
{
	const char *p;
	mode_t m;

	if (argc > 0 && argv[0] != NULL) {
		p = strrchr(argv[0], '/');
		progname = p ? p + 1 : argv[0];
	}
	synopsis_ = synopsis;
	options_ = options ? options : "";
	m = umask(027);
	umask(m | 027);
	atexit(check_stdout);
	atexit(on_exit_remove);
	catch_signals();
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage(stdout, 0);
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("%s 0.2\n", progname);
		exit(0);
	}
}

int
opt(int argc, char *argv[], const char *optstring)
{
	const char *p;
	int ch;

	optstring_ = optstring;
	opterr = 0;
	ch = getopt(argc, argv, optstring);
	if (ch != '?')
		return ch;
	p = optopt ? strchr(optstring_, optopt) : NULL;
	if (p != NULL && p[1] == ':')
		fprintf(stderr, "%s: option -%c needs a value\n", progname,
		    optopt);
	else if (optopt)
		fprintf(stderr, "%s: unknown option -%c\n", progname, optopt);
	else
		fprintf(stderr, "%s: unknown option %s\n", progname,
		    argv[optind - 1]);
	usage(stderr, 2);
}

static void
vmsg(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(1);
}

void
dieusage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(2);
}



const char *
clip(const char *s)
{
	static char buf[4][CLIP_MAX + 48];
	static int next;
	size_t n = strlen(s), keep = CLIP_MAX - 16;
	char *b;

	if (n <= CLIP_MAX)
		return s;
	/* back up to the first byte of a UTF-8 character */
	while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
		keep--;
	b = buf[next++ % 4];
	snprintf(b, sizeof(buf[0]), "%.*s… [%zu bytes]", (int)keep, s, n);
	return b;
}

/* --- allocation and strings --------------------------------------------- */

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

void
sortv(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
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

#define POOL_CHUNK 65536

char *
pool_dup(struct strpool *p, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d;

	if (n > p->left) {
		GROW(p->chunk, p->n, p->cap);
		if (n > POOL_CHUNK / 4) {
			/* a long string has a chunk of its own, so that the
			 * free space of the current one is not lost */
			p->chunk[p->n++] = d = xmalloc(n);
			return memcpy(d, s, n);
		}
		p->chunk[p->n++] = p->cur = xmalloc(POOL_CHUNK);
		p->left = POOL_CHUNK;
	}
	d = memcpy(p->cur, s, n);
	p->cur += n;
	p->left -= n;
	return d;
}

void
pool_free(struct strpool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->chunk[i]);
	free(p->chunk);
	memset(p, 0, sizeof(*p));
}

char *
xasprintf(const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&b, fmt, ap);
	va_end(ap);
	return b.s ? b.s : xstrdup("");
}

static void
sb_room(struct sbuf *b, size_t more)
{
	size_t need;

	if (__builtin_add_overflow(b->len, more + 1, &need))
		die("out of memory (a string of %zu bytes)", b->len);
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
	sb_room(b, n);
	if (n > 0)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void
sb_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		die("cannot format a message");
	sb_room(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
sb_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(b, fmt, ap);
	va_end(ap);
}

void
sb_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

const char *
sb_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

void
sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

/* --- files --------------------------------------------------------------- */

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
xfopen_try(const char *path, const char *mode, char *why, size_t n)
{
	FILE *fp = fopen(path, mode);
	struct stat st;
	int e = errno;

	if (fp == NULL) {
		if (e == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			snprintf(why, n, "cannot open: a broken link: expected "
			    "a file");
		else if (e == EISDIR)
			snprintf(why, n, "cannot open: a folder: expected a "
			    "file");
		else
			snprintf(why, n, "cannot open: %s", strerror(e));
		return NULL;
	}
	if (*mode == 'r' && fstat(fileno(fp), &st) == 0 &&
	    !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !S_ISCHR(st.st_mode) && !S_ISSOCK(st.st_mode)) {
		snprintf(why, n, "cannot read: %s: expected a file",
		    S_ISDIR(st.st_mode) ? "a folder" : "not a regular file");
		fclose(fp);
		return NULL;
	}
	return fp;
}

FILE *
xfopen(const char *path, const char *mode)
{
	char why[128];
	FILE *fp = xfopen_try(path, mode, why, sizeof(why));

	if (fp == NULL)
		die("%s: %s", path, why);
	return fp;
}

unsigned
file_mode(void)
{
	mode_t m = umask(0);

	umask(m);
	return 0666u & ~(unsigned)m;
}

char *
u64_before(char *p, uint64_t v)
{
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	return p;
}

void
dir_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || syncfs(fd) != 0)
		die("%s: cannot sync: %s", dir, strerror(errno));
	close(fd);
}

char *
path_join(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

void
dir_make(const char *dir)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die("%s: cannot create: %s", dir, strerror(errno));
}

unsigned char *
file_read(const char *path, size_t *n)
{
	FILE *fp = xfopen(path, "rb");
	unsigned char *b = NULL;
	size_t cap = 0, k;

	*n = 0;
	do {
		if (*n == cap) {
			cap = cap ? cap * 2 : 65536;
			b = xrealloc(b, cap);
		}
		k = fread(b + *n, 1, cap - *n, fp);
		*n += k;
	} while (k > 0);
	if (ferror(fp))
		die("%s: read error: %s", path, strerror(errno));
	fclose(fp);
	return b;
}


uint64_t
fnv1a64_more(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
fnv1a64(const void *p, size_t n)
{
	return fnv1a64_more(FNV64_BASIS, p, n);
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

int
fd_opt(char opt, const char *arg)
{
	if (*arg == '\0' || strspn(arg, "0123456789") != strlen(arg) ||
	    strlen(arg) > 4 || atoi(arg) > 1000)
		dieusage("bad -%c '%s': expected a file descriptor number", opt,
		    clip(arg));
	return atoi(arg);
}
