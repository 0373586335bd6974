/* aside: atomic replacement of named files. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aside.h"
#include "util.h"

struct aside {
	char *path, *tmp;
	FILE *fp;
	struct aside *next;
};

static struct aside *pending;	/* not yet committed: removed at exit */

static void
cleanup(void)
{
	struct aside *a;

	for (a = pending; a != NULL; a = a->next)
		unlink(a->tmp);
}

struct aside *
aside_open(const char *path, FILE **fp)
{
	static int registered;
	struct aside *a = xcalloc(1, sizeof(*a));
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path + 1) : 0;
	int fd;

	a->path = xstrdup(path);
	a->tmp = xmalloc(strlen(path) + 16);
	memcpy(a->tmp, path, dl);
	sprintf(a->tmp + dl, ".%s.XXXXXX", path + dl);
	if ((fd = mkstemp(a->tmp)) < 0)
		die("%s: cannot create: %s", path, strerror(errno));
	/* mkstemp makes 0600; outputs are ordinary files */
	if (fchmod(fd, 0644) != 0 || (a->fp = fdopen(fd, "w")) == NULL)
		die("%s: %s", a->tmp, strerror(errno));
	if (!registered) {
		atexit(cleanup);
		registered = 1;
	}
	a->next = pending;
	pending = a;
	*fp = a->fp;
	return a;
}

void
aside_commit(struct aside *a)
{
	struct aside **p;

	if (rename(a->tmp, a->path) != 0)
		die("%s: cannot rename into place: %s", a->path,
		    strerror(errno));
	for (p = &pending; *p != a; p = &(*p)->next)
		;
	*p = a->next;
	free(a->path);
	free(a->tmp);
	free(a);
}

void
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || fsync(fd) != 0)
		die("%s: cannot sync folder: %s", dir, strerror(errno));
	close(fd);
}
