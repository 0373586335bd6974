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
	struct tmpref *ref;
};

struct aside *
aside_open(const char *path, FILE **fp)
{
	struct aside *a = xcalloc(1, sizeof(*a));
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path + 1) : 0;
	int fd;

	a->path = xstrdup(path);
	a->tmp = xasprintf("%.*s.%s.XXXXXX", (int)dl, path, path + dl);
	tmp_hold();
	if ((fd = mkstemp(a->tmp)) < 0)
		die("%s: cannot create: %s", path, strerror(errno));
	a->ref = tmp_add(a->tmp, 0);
	tmp_release();
	/* mkstemp makes 0600; an output has the mode of any file made here */
	if (fchmod(fd, (mode_t)file_mode()) != 0 ||
	    (*fp = fdopen(fd, "w")) == NULL)
		die("%s: %s", a->tmp, strerror(errno));
	return a;
}

void
aside_commit(struct aside *a)
{
	tmp_hold();
	if (rename(a->tmp, a->path) != 0)
		die("%s: cannot rename into place: %s", a->path,
		    strerror(errno));
	tmp_keep(a->ref);
	tmp_release();
	free(a->path);
	free(a->tmp);
	free(a);
}

int
fsync_dir_try(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), e;

	if (fd < 0)
		return -1;
	if (fsync(fd) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

void
fsync_dir(const char *dir)
{
	if (fsync_dir_try(dir) != 0)
		die("%s: cannot sync folder: %s", dir, strerror(errno));
}
