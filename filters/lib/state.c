/* state: generations of the state folder, swapped atomically. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aside.h"
#include "state.h"
#include "util.h"

struct gen {
	char *dir;		/* the state folder */
	char *name;		/* gen.NNNNNN */
	char *path;		/* dir/gen.NNNNNN */
	char *old;		/* the current generation's name, or NULL */
	struct tmpref *tmp;	/* removed if the run dies before the switch */
};

/* current: the name of the current generation, or NULL */
static char *
current(const char *dir)
{
	char *link = path_join(dir, "current"), buf[256];
	ssize_t n;
	struct stat st;

	/* a typo in -s must not look like a fresh state and bill it all
	 * again: a fresh state is an existing, empty folder */
	if (stat(dir, &st) != 0)
		die("%s: no such state folder: expected an existing one (an "
		    "empty folder before the first run)", dir);
	if (!S_ISDIR(st.st_mode))
		die("%s: not a folder: expected the state folder", dir);
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n < 0) {
		if (errno != ENOENT)
			die("%s: %s", link, strerror(errno));
		free(link);
		return NULL;
	}
	free(link);
	if ((size_t)n >= sizeof(buf) - 1)
		die("%s/current: link target too long: expected gen.N", dir);
	buf[n] = '\0';
	if (strncmp(buf, "gen.", 4) != 0 || strchr(buf, '/') != NULL)
		die("%s/current: unexpected link target '%s': expected gen.N",
		    dir, buf);
	return xstrdup(buf);
}

char *
state_dir(const char *dir)
{
	char *cur = current(dir), *p;

	if (cur == NULL)
		return NULL;
	p = path_join(dir, cur);
	free(cur);
	return p;
}

FILE *
state_open(const char *dir, const char *name, char **path)
{
	char *g = state_dir(dir);
	FILE *fp;

	*path = NULL;
	if (g == NULL)
		return NULL;
	*path = path_join(g, name);
	free(g);
	if ((fp = fopen(*path, "r")) == NULL && errno != ENOENT)
		die("%s: cannot open: %s", *path, strerror(errno));
	return fp;
}

void
state_lock(const char *dir, int fd)
{
	char *p = path_join(dir, "lock");
	struct stat a, b;

	free(current(dir));	/* an existing state folder */
	if (fd < 0 && (fd = open(p, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0666)) < 0)
		die("%s: cannot open the lock: %s", p, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			fprintf(stderr, "%s: %s is in use by another run: try "
			    "again when it ends\n", progname, dir);
			exit(EXIT_LOCKED);
		}
		die("%s: cannot lock: %s", p, strerror(errno));
	}
	/* the lock held must be the state's: a lock file removed and made
	 * anew by someone else would let two runs in at once */
	if (fstat(fd, &a) != 0 || stat(p, &b) != 0 || a.st_dev != b.st_dev ||
	    a.st_ino != b.st_ino)
		die("%s: the lock held is not this file: refusing to change "
		    "the state", p);
	free(p);
}

/* sweep: remove generations other than keep (leftovers of dead runs) */
static void
sweep(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *p;

	if (d == NULL)
		die("%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "gen.", 4) != 0 ||
		    (keep && strcmp(e->d_name, keep) == 0))
			continue;
		p = path_join(dir, e->d_name);
		rmtree(p);
		free(p);
	}
	closedir(d);
}

static void gen_keep(struct gen *g, const char *name);

/* keep_all: link every file of the current generation into the new one */
static void
keep_all(struct gen *g)
{
	char *old;
	DIR *d;
	struct dirent *e;

	if (g->old == NULL)
		return;
	old = path_join(g->dir, g->old);
	if ((d = opendir(old)) == NULL)
		die("%s: %s", old, strerror(errno));
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			gen_keep(g, e->d_name);
	closedir(d);
	free(old);
}

struct gen *
gen_begin(const char *dir)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	unsigned long n = 0;
	char buf[32];

	g->dir = xstrdup(dir);
	g->old = current(dir);
	if (g->old != NULL)
		n = strtoul(g->old + 4, NULL, 10);
	snprintf(buf, sizeof(buf), "gen.%06lu", n + 1);
	g->name = xstrdup(buf);
	g->path = path_join(dir, g->name);
	rmtree(g->path);	/* a dead run's leftover of the same number */
	tmp_hold();
	if (mkdir(g->path, 0777) != 0)
		die("%s: cannot create: %s", g->path, strerror(errno));
	g->tmp = tmp_add(g->path, 1);
	tmp_release();
	keep_all(g);
	return g;
}

FILE *
gen_create(struct gen *g, const char *name)
{
	char *p = path_join(g->path, name);
	FILE *fp;

	/* the name may be a hard link into the current generation: never
	 * write through it */
	if (unlink(p) != 0 && errno != ENOENT)
		die("%s: %s", p, strerror(errno));
	if ((fp = fopen(p, "w")) == NULL)
		die("%s: cannot create: %s", p, strerror(errno));
	free(p);
	return fp;
}

void
gen_close(struct gen *g, FILE *fp, const char *name)
{
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;

	if (fclose(fp) != 0 || bad)
		die("%s/%s: write error: %s", g->path, name,
		    strerror(errno ? errno : EIO));
}

static void
gen_keep(struct gen *g, const char *name)
{
	char *from, *to, *old;

	if (g->old == NULL)
		return;
	old = path_join(g->dir, g->old);
	from = path_join(old, name);
	to = path_join(g->path, name);
	if (link(from, to) != 0 && errno != ENOENT)
		die("%s: cannot link into the new state: %s", from,
		    strerror(errno));
	free(old);
	free(from);
	free(to);
}

void
gen_import(struct gen *g, const char *src, const char *name)
{
	char *to = path_join(g->path, name), buf[65536];
	FILE *in, *out;
	size_t n;

	if (link(src, to) == 0) {
		free(to);
		return;
	}
	in = xfopen(src, "r");
	out = gen_create(g, name);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	if (ferror(in))
		die("%s: read error", src);
	fclose(in);
	gen_close(g, out, name);
	free(to);
}

void
gen_commit(struct gen *g)
{
	char *tmp = path_join(g->dir, ".current.new");
	char *cur = path_join(g->dir, "current");
	struct tmpref *t;

	fsync_dir(g->path);
	unlink(tmp);
	tmp_hold();
	if (symlink(g->name, tmp) != 0)
		die("%s: %s", tmp, strerror(errno));
	t = tmp_add(tmp, 0);
	tmp_release();
	/* no signal between the switch and forgetting the generation: from
	 * the rename on it is the state, never to be removed */
	tmp_hold();
	if (rename(tmp, cur) != 0)
		die("%s: cannot switch the state: %s", cur, strerror(errno));
	tmp_keep(t);
	tmp_keep(g->tmp);
	tmp_release();
	if (fsync_dir_try(g->dir) != 0)
		die("%s: the state is now %s, but the folder could not be "
		    "synced (%s): the earlier generation is kept; rerun the "
		    "period to rebuild its output", g->dir, g->name,
		    strerror(errno));
	sweep(g->dir, g->name);
	free(tmp);
	free(cur);
	free(g->dir);
	free(g->name);
	free(g->path);
	free(g->old);
	free(g);
}

void
state_tidy(const char *dir)
{
	char *cur = current(dir);

	if (cur == NULL)
		return;
	fsync_dir(dir);
	sweep(dir, cur);
	free(cur);
}
