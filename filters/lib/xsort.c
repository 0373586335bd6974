/* xsort: an external merge sort of byte records. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "xsort.h"

struct ent {
	size_t off;		/* in the arena; also the order of arrival */
	uint32_t len;
};

struct run {
	FILE *fp;
	char *buf;		/* its current record */
	size_t cap;
	uint32_t len;
};

struct xsort {
	xsort_cmp *cmp;
	size_t budget;
	char *tmpdir;
	char *arena;
	size_t used, acap;
	struct ent *ev;
	size_t nev, ecap, next;
	struct run *rv;
	size_t nrv, rcap;
	struct run out;		/* the record handed out while merging */
	size_t *heap;		/* run indexes */
	size_t nheap;
	int merging, started;
};

static const struct xsort *sorting;

static int
by_record(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = sorting->cmp(sorting->arena + x->off, x->len,
	    sorting->arena + y->off, y->len);

	if (c != 0)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

struct xsort *
xsort_new(size_t budget, const char *tmpdir, xsort_cmp *cmp)
{
	struct xsort *x = xcalloc(1, sizeof(*x));
	const char *t = tmpdir;

	if (t == NULL && ((t = getenv("TMPDIR")) == NULL || *t == '\0'))
		t = "/tmp";
	x->tmpdir = xstrdup(t);
	x->budget = budget;
	x->cmp = cmp;
	return x;
}

static void
put(FILE *fp, const void *p, size_t n, const char *dir)
{
	if (fwrite(p, 1, n, fp) != n)
		die("%s: cannot write a temporary file: %s", dir,
		    strerror(errno));
}

/* spill: the records held, sorted, as a run on disk */
static void
spill(struct xsort *x)
{
	char *path = path_join(x->tmpdir, ".xsort.XXXXXX");
	struct run *r;
	size_t i;
	int fd;

	sorting = x;
	qsort(x->ev, x->nev, sizeof(*x->ev), by_record);
	tmp_hold();
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	tmp_release();
	if (fd < 0)
		die("%s: cannot make a temporary file: %s", x->tmpdir,
		    strerror(errno));
	GROW(x->rv, x->nrv, x->rcap);
	r = &x->rv[x->nrv++];
	memset(r, 0, sizeof(*r));
	if ((r->fp = fdopen(fd, "w+")) == NULL)
		die("%s: %s", x->tmpdir, strerror(errno));
	for (i = 0; i < x->nev; i++) {
		put(r->fp, &x->ev[i].len, sizeof(x->ev[i].len), x->tmpdir);
		put(r->fp, x->arena + x->ev[i].off, x->ev[i].len, x->tmpdir);
	}
	if (fflush(r->fp) != 0 || ferror(r->fp))
		die("%s: cannot write a temporary file: %s", x->tmpdir,
		    strerror(errno));
	x->nev = 0;
	x->used = 0;
	free(path);
}

void
xsort_add(struct xsort *x, const void *rec, size_t len)
{
	size_t need;

	if (len > UINT32_MAX)
		die("a record of %zu bytes: too long to sort", len);
	need = len + sizeof(struct ent);
	if (x->nev > 0 && (x->used + x->nev * sizeof(struct ent) + need) >
	    x->budget)
		spill(x);
	if (x->used + len > x->acap) {
		while (x->used + len > x->acap)
			x->acap = x->acap ? x->acap * 2 : 65536;
		/* never much past the budget */
		if (x->acap > x->budget && x->used + len <= x->budget)
			x->acap = x->budget;
		x->arena = xrealloc(x->arena, x->acap);
	}
	GROW(x->ev, x->nev, x->ecap);
	x->ev[x->nev].off = x->used;
	x->ev[x->nev++].len = (uint32_t)len;
	memcpy(x->arena + x->used, rec, len);
	x->used += len;
}

/* the run's next record; 0 at its end */
static int
pull(struct xsort *x, struct run *r)
{
	size_t n = fread(&r->len, 1, sizeof(r->len), r->fp);

	if (n == 0 && feof(r->fp))
		return 0;
	if (n != sizeof(r->len))
		die("%s: cannot read a temporary file back", x->tmpdir);
	if (r->len > r->cap) {
		r->cap = r->len;
		r->buf = xrealloc(r->buf, r->cap);
	}
	if (fread(r->buf, 1, r->len, r->fp) != r->len)
		die("%s: cannot read a temporary file back", x->tmpdir);
	return 1;
}

/* run a before run b: its record first, the earlier run on a tie */
static int
before(const struct xsort *x, size_t a, size_t b)
{
	const struct run *p = &x->rv[a], *q = &x->rv[b];
	int c = x->cmp(p->buf, p->len, q->buf, q->len);

	return c != 0 ? c < 0 : a < b;
}

static void
sift(struct xsort *x, size_t i)
{
	size_t l, m, t;

	for (;;) {
		m = i;
		l = 2 * i + 1;
		if (l < x->nheap && before(x, x->heap[l], x->heap[m]))
			m = l;
		if (l + 1 < x->nheap && before(x, x->heap[l + 1], x->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		t = x->heap[i];
		x->heap[i] = x->heap[m];
		x->heap[m] = t;
		i = m;
	}
}

static void
start(struct xsort *x)
{
	size_t i;

	x->started = 1;
	if (x->nrv == 0) {
		sorting = x;
		if (x->nev > 0)
			qsort(x->ev, x->nev, sizeof(*x->ev), by_record);
		return;
	}
	if (x->nev > 0)
		spill(x);
	free(x->arena);
	free(x->ev);
	x->arena = NULL;
	x->ev = NULL;
	x->acap = x->ecap = 0;
	x->merging = 1;
	x->heap = xreallocarray(NULL, x->nrv, sizeof(*x->heap));
	for (i = 0; i < x->nrv; i++) {
		if (fseek(x->rv[i].fp, 0, SEEK_SET) != 0)
			die("%s: cannot read a temporary file back: %s",
			    x->tmpdir, strerror(errno));
		setvbuf(x->rv[i].fp, NULL, _IOFBF, 65536);
		if (pull(x, &x->rv[i]))
			x->heap[x->nheap++] = i;
	}
	for (i = x->nheap / 2; i-- > 0;)
		sift(x, i);
}

const void *
xsort_next(struct xsort *x, size_t *len)
{
	struct run *r, t;

	if (!x->started)
		start(x);
	if (!x->merging) {
		if (x->next >= x->nev)
			return NULL;
		*len = x->ev[x->next].len;
		return x->arena + x->ev[x->next++].off;
	}
	if (x->nheap == 0)
		return NULL;
	/* hand out the smallest run's record; refill it from its file */
	r = &x->rv[x->heap[0]];
	t = x->out;
	x->out.buf = r->buf;
	x->out.len = r->len;
	x->out.cap = r->cap;
	r->buf = t.buf;
	r->cap = t.cap;
	if (!pull(x, r))
		x->heap[0] = x->heap[--x->nheap];
	if (x->nheap > 0)
		sift(x, 0);
	*len = x->out.len;
	return x->out.buf;
}

size_t
xsort_runs(const struct xsort *x)
{
	return x->nrv;
}

void
xsort_free(struct xsort *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nrv; i++) {
		fclose(x->rv[i].fp);
		free(x->rv[i].buf);
	}
	free(x->rv);
	free(x->heap);
	free(x->out.buf);
	free(x->arena);
	free(x->ev);
	free(x->tmpdir);
	free(x);
}
