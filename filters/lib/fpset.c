/* fpset: the sets of billed CDR fingerprints. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "fpset.h"
#include "util.h"

#define MAGIC "BILLFP01"

char *
fpset_name(int month, int run, char *buf)
{
	char m[8], r[8];

	snprintf(buf, FPSET_NAMESZ, "cdrs.%s.%s.fp", period_fmt(month, m),
	    period_fmt(run, r));
	return buf;
}

int
fpset_parse(const char *name, int *month, int *run)
{
	char m[8], r[8];

	if (strncmp(name, "cdrs.", 5) != 0 || strlen(name) != 23 ||
	    name[12] != '.' || strcmp(name + 20, ".fp") != 0)
		return -1;
	memcpy(m, name + 5, 7);
	memcpy(r, name + 13, 7);
	m[7] = r[7] = '\0';
	if (period_parse(m, month) != 0 || period_parse(r, run) != 0)
		return -1;
	return 0;
}

void
fpsets_load(const char *dir, int before, struct fpset **v, size_t *n)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	struct fpset *s;
	size_t cap = 0;
	char magic[8];
	int month, run;

	*v = NULL;
	*n = 0;
	if (dir == NULL)
		return;
	if ((d = opendir(dir)) == NULL)
		die("%s: cannot read: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "cdrs.", 5) != 0)
			continue;
		if (fpset_parse(e->d_name, &month, &run) != 0)
			die("%s/%s: unexpected name: expected "
			    "cdrs.YYYY-MM.YYYY-MM.fp", dir, e->d_name);
		if (run >= before)
			continue;	/* a later run: a rerun ignores it */
		GROW(*v, *n, cap);
		s = &(*v)[(*n)++];
		s->path = path_join(dir, e->d_name);
		s->month = month;
		s->run = run;
		if ((s->fd = open(s->path, O_RDONLY)) < 0 ||
		    fstat(s->fd, &st) != 0)
			die("%s: cannot open: %s", s->path, strerror(errno));
		if (st.st_size < 8 || (st.st_size - 8) % 16 != 0 ||
		    pread(s->fd, magic, 8, 0) != 8 ||
		    memcmp(magic, MAGIC, 8) != 0)
			die("%s: not a set of billed CDRs", s->path);
		s->n = (uint64_t)(st.st_size - 8) / 16;
	}
	closedir(d);
}

void
fpsets_free(struct fpset *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		close(v[i].fd);
		free(v[i].path);
	}
	free(v);
}

void
fp_store(unsigned char *b, uint64_t hi, uint64_t lo)
{
	int i;

	for (i = 7; i >= 0; i--, hi >>= 8, lo >>= 8) {
		b[i] = (unsigned char)hi;
		b[8 + i] = (unsigned char)lo;
	}
}

void
fp_load(const unsigned char *b, uint64_t *hi, uint64_t *lo)
{
	int i;

	*hi = *lo = 0;
	for (i = 0; i < 8; i++) {
		*hi = *hi << 8 | b[i];
		*lo = *lo << 8 | b[8 + i];
	}
}

int
fp_cmp(uint64_t ahi, uint64_t alo, uint64_t bhi, uint64_t blo)
{
	if (ahi != bhi)
		return ahi < bhi ? -1 : 1;
	return alo < blo ? -1 : alo > blo;
}

size_t
fpset_read(const struct fpset *s, uint64_t i, unsigned char *buf, size_t max)
{
	size_t want = max;
	ssize_t got;

	if (i >= s->n)
		return 0;
	if (s->n - i < want)
		want = (size_t)(s->n - i);
	got = pread(s->fd, buf, want * 16, 8 + (off_t)i * 16);
	if (got != (ssize_t)(want * 16))
		die("%s: read error: %s", s->path, got < 0 ? strerror(errno) :
		    "the file is shorter than it was");
	return want;
}

void
fpset_get(const struct fpset *s, uint64_t i, uint64_t *hi, uint64_t *lo)
{
	unsigned char b[16];

	if (fpset_read(s, i, b, 1) != 1)
		die("%s: no fingerprint %llu", s->path, (unsigned long long)i);
	fp_load(b, hi, lo);
}

uint64_t
fpset_bound(const struct fpset *s, uint64_t a, uint64_t b, uint64_t hi,
    uint64_t lo, int upper)
{
	uint64_t m, h, l;
	int c;

	while (a < b) {
		m = a + (b - a) / 2;
		fpset_get(s, m, &h, &l);
		c = fp_cmp(h, l, hi, lo);
		if (c < 0 || (upper && c == 0))
			a = m + 1;
		else
			b = m;
	}
	return a;
}

struct fpw {
	char *path;
	FILE *fp;
};

static void
wfail(const struct fpw *w)
{
	die("%s: write error: %s", w->path, strerror(errno ? errno : EIO));
}

struct fpw *
fpw_create(const char *path)
{
	struct fpw *w = xcalloc(1, sizeof(*w));

	w->path = xstrdup(path);
	if ((w->fp = fopen(path, "w")) == NULL)
		die("%s: cannot create: %s", path, strerror(errno));
	if (fwrite(MAGIC, 1, 8, w->fp) != 8)
		wfail(w);
	return w;
}

void
fpw_put(struct fpw *w, uint64_t hi, uint64_t lo)
{
	unsigned char b[16];

	fp_store(b, hi, lo);
	if (fwrite(b, 1, 16, w->fp) != 16)
		wfail(w);
}

void
fpw_close(struct fpw *w)
{
	if (fflush(w->fp) != 0 || ferror(w->fp) || fsync(fileno(w->fp)) != 0)
		wfail(w);
	if (fclose(w->fp) != 0)
		wfail(w);
	free(w->path);
	free(w);
}
