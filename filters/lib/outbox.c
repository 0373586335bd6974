/* outbox: the list of the runs' folders. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "date.h"
#include "outbox.h"
#include "util.h"

static const char *const cols[] = { "run_date", "kind", "outdir", NULL };

/* absolute: path made absolute from the working directory */
static char *
absolute(const char *path)
{
	char cwd[PATH_MAX];

	if (*path == '/')
		return xstrdup(path);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		die("cannot tell the working directory: %s", strerror(errno));
	return xasprintf("%s/%s", cwd, path);
}

/* relative: to, relative to from (both absolute, without "." or ".."
 * parts), or to itself when they share nothing but "/" */
static char *
relative(const char *from, const char *to)
{
	struct sbuf b = { 0 };
	size_t i = 0, common = 0;
	const char *p;
	char *r;

	/* the longest common leading run of whole components */
	for (i = 0; from[i] != '\0' && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i;
	if ((from[i] == '\0' || from[i] == '/') && (to[i] == '\0' ||
	    to[i] == '/'))
		common = i;
	if (common == 0)
		return xstrdup(to);
	for (p = from + common; *p != '\0'; p++)
		if (*p == '/')
			sb_add(&b, b.len ? "/.." : "..");
	if (to[common] != '\0')
		sb_addf(&b, "%s%s", b.len ? "" : ".", to + common);
	if (b.len > 2 && strncmp(b.s, "./", 2) == 0) {
		r = xstrdup(b.s + 2);
		sb_free(&b);
		return r;
	}
	r = xstrdup(b.len ? sb_str(&b) : ".");
	sb_free(&b);
	return r;
}

/* listed: the outbox at path has the row (day, kind, rel); with any, a
 * row of that day and kind whatever its folder */
static int
listed(const char *path, const char *day, const char *kind, const char *rel,
    int any)
{
	struct csvr *r;
	FILE *fp;
	int kd, kk, ko, found = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			die("%s: cannot read: %s", path, strerror(errno));
		return 0;
	}
	r = csvr_open(fp, path, 0);
	kd = csvr_need(r, "run_date");
	kk = csvr_need(r, "kind");
	ko = csvr_need(r, "outdir");
	while (!found && csvr_next(r))
		found = strcmp(csvr_get(r, kd), day) == 0 &&
		    strcmp(csvr_get(r, kk), kind) == 0 &&
		    (any || strcmp(csvr_get(r, ko), rel) == 0);
	csvr_close(r);
	return found;
}

void
outbox_add(const char *statedir, int32_t d, const char *kind,
    const char *outdir, int rerun)
{
	char *path = path_join(statedir, "outbox.csv"), *sd, *od, *rel;
	char b[DATE_BUFSZ];
	struct csvw *w;
	struct stat sb;
	FILE *fp;
	int fd;

	sd = absolute(statedir);
	od = absolute(outdir);
	rel = relative(sd, od);
	date_fmt(d, b);
	if (listed(path, b, kind, rel, rerun)) {
		free(rel);
		free(od);
		free(sd);
		free(path);
		return;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0 || fstat(fd, &sb) != 0 || (fp = fdopen(fd, "a")) == NULL)
		die("%s: cannot open: %s", path, strerror(errno));
	w = csvw_open(fp, path);
	if (sb.st_size == 0)
		csvw_header(w, cols);
	csvw_str(w, b);
	csvw_str(w, kind);
	csvw_str(w, rel);
	csvw_end(w);
	csvw_close_sync(w);
	free(rel);
	free(od);
	free(sd);
	free(path);
}

/* runs: the folders of the rows of day d (before: of the bill-runs of
 * days before d), each once */
static char **
runs(const char *statedir, int32_t d, int before, size_t *n, int32_t **days)
{
	char *path = path_join(statedir, "outbox.csv"), **v = NULL, *dir;
	int32_t rd;
	char b[DATE_BUFSZ];
	size_t cap = 0, i;
	struct csvr *r;
	FILE *fp;
	int kd, kk, ko, c;
	const char *o;

	*n = 0;
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno != ENOENT)
			die("%s: cannot read: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	r = csvr_open(fp, path, 0);
	kd = csvr_need(r, "run_date");
	kk = csvr_need(r, "kind");
	ko = csvr_need(r, "outdir");
	date_fmt(d, b);
	while (csvr_next(r)) {
		c = strcmp(csvr_get(r, kd), b);
		if (before ? c >= 0 || strcmp(csvr_get(r, kk), "bill") != 0 :
		    c != 0)
			continue;
		o = csvr_get(r, ko);
		if (*o == '\0')
			csvr_die(r, ko, "no outdir");
		dir = *o == '/' ? xstrdup(o) : path_join(statedir, o);
		for (i = 0; i < *n && strcmp(v[i], dir) != 0; i++)
			;
		if (i < *n) {
			free(dir);
			continue;
		}
		if (days != NULL) {
			if (date_parse(csvr_get(r, kd), &rd) != 0)
				csvr_die(r, kd, "bad run_date '%s'",
				    clip(csvr_get(r, kd)));
			*days = xreallocarray(*days, *n + 1, sizeof(**days));
			(*days)[*n] = rd;
		}
		GROW(v, *n, cap);
		v[(*n)++] = dir;
	}
	csvr_close(r);
	free(path);
	return v;
}

char **
outbox_runs(const char *statedir, int32_t d, size_t *n)
{
	return runs(statedir, d, 0, n, NULL);
}

char **
outbox_bills_before(const char *statedir, int32_t d, size_t *n,
    int32_t **days)
{
	*days = NULL;
	return runs(statedir, d, 1, n, days);
}
