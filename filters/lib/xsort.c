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
	uint64_t pre[2];	/* the key's first 16 bytes, big-endian */
	size_t off;		/* in the arena; also the order of arrival */
	uint32_t len;
	uint16_t klen;
};

struct run {
	FILE *fp;
	char *buf;		/* its current record */
	size_t cap;
	uint32_t len;
	uint16_t klen;
};

struct xsort {
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
	size_t spills;		/* runs written, for xsort_runs */
	int merging, started;
};

static const char *sorting;	/* the arena that by_record sorts */

/* keys: the order of two keys, memcmp with the shorter first on a tie */
static int
keys(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int
by_record(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c;

	/* most keys differ in their first bytes: no look at the arena */
	if (x->pre[0] != y->pre[0])
		return x->pre[0] < y->pre[0] ? -1 : 1;
	if (x->pre[1] != y->pre[1])
		return x->pre[1] < y->pre[1] ? -1 : 1;
	if ((c = keys(sorting + x->off, x->klen, sorting + y->off,
	    y->klen)) != 0)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

struct xsort *
xsort_new(size_t budget, const char *tmpdir)
{
	struct xsort *x = xcalloc(1, sizeof(*x));
	const char *t = tmpdir;

	if (t == NULL && ((t = getenv("TMPDIR")) == NULL || *t == '\0'))
		t = "/tmp";
	x->tmpdir = xstrdup(t);
	x->budget = budget;
	return x;
}

/* the most runs merged at once: past it they are merged into one first,
 * so that the open files stay few whatever the budget */
#define MAXRUNS 64

/* new_run: an empty run in a temporary file, unlinked at once */
static struct run *
new_run(struct xsort *x)
{
	struct run *r;

	GROW(x->rv, x->nrv, x->rcap);
	r = &x->rv[x->nrv++];
	memset(r, 0, sizeof(*r));
	r->fp = scratch_file(x->tmpdir, ".xsort");
	setvbuf(r->fp, NULL, _IOFBF, 65536);
	return r;
}

static void
write_rec(struct xsort *x, FILE *fp, const void *p, uint32_t len,
    uint16_t klen)
{
	if (fwrite(&len, sizeof(len), 1, fp) != 1 ||
	    fwrite(&klen, sizeof(klen), 1, fp) != 1 ||
	    fwrite(p, 1, len, fp) != len)
		die("%s: cannot write a temporary file: %s", x->tmpdir,
		    strerror(errno));
}

static void
end_run(struct xsort *x, struct run *r)
{
	if (fflush(r->fp) != 0 || ferror(r->fp))
		die("%s: cannot write a temporary file: %s", x->tmpdir,
		    strerror(errno));
}

static void merge_all(struct xsort *x);

/* spill: the records held, sorted, as a run on disk */
static void
spill(struct xsort *x)
{
	struct run *r;
	size_t i;

	sorting = x->arena;
	qsort(x->ev, x->nev, sizeof(*x->ev), by_record);
	r = new_run(x);
	for (i = 0; i < x->nev; i++)
		write_rec(x, r->fp, x->arena + x->ev[i].off, x->ev[i].len,
		    x->ev[i].klen);
	end_run(x, r);
	x->spills++;
	x->nev = 0;
	x->used = 0;
	if (x->nrv == MAXRUNS)
		merge_all(x);
}

void
xsort_add(struct xsort *x, const void *rec, size_t len, size_t klen)
{
	const unsigned char *k = rec;
	uint64_t pre[2] = { 0, 0 };
	size_t i;

	if (len > UINT32_MAX || klen > UINT16_MAX || klen > len)
		die("a record of %zu bytes, its key %zu: too long to sort", len,
		    klen);
	if (x->nev > 0 && x->used + len + (x->nev + 1) * sizeof(struct ent) >
	    x->budget)
		spill(x);
	if (x->used + len > x->acap) {
		/* the budget at once: its pages are touched only as used,
		 * and the arena is never copied to grow */
		x->acap = x->used + len > x->budget ? x->used + len : x->budget;
		x->arena = xrealloc(x->arena, x->acap);
	}
	GROW(x->ev, x->nev, x->ecap);
	for (i = 0; i < 16; i++)
		pre[i / 8] = pre[i / 8] << 8 | (i < klen ? k[i] : 0);
	x->ev[x->nev].pre[0] = pre[0];
	x->ev[x->nev].pre[1] = pre[1];
	x->ev[x->nev].off = x->used;
	x->ev[x->nev].len = (uint32_t)len;
	x->ev[x->nev++].klen = (uint16_t)klen;
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
	if (n != sizeof(r->len) || fread(&r->klen, 1, sizeof(r->klen),
	    r->fp) != sizeof(r->klen))
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
	int c = keys(p->buf, p->klen, q->buf, q->klen);

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

/* heap_init: every run from its start, the heap of their first records */
static void
heap_init(struct xsort *x)
{
	size_t i;

	x->heap = xreallocarray(x->heap, x->nrv, sizeof(*x->heap));
	x->nheap = 0;
	for (i = 0; i < x->nrv; i++) {
		if (fseek(x->rv[i].fp, 0, SEEK_SET) != 0)
			die("%s: cannot read a temporary file back: %s",
			    x->tmpdir, strerror(errno));
		if (pull(x, &x->rv[i]))
			x->heap[x->nheap++] = i;
	}
	for (i = x->nheap / 2; i-- > 0;)
		sift(x, i);
}

/* advance: the top run has been used; its next record, or it leaves */
static void
advance(struct xsort *x)
{
	if (!pull(x, &x->rv[x->heap[0]]))
		x->heap[0] = x->heap[--x->nheap];
	if (x->nheap > 0)
		sift(x, 0);
}

/* merge_all: the runs on disk merged into one (their order kept for the
 * ties: the merged run stands first, before the runs spilled after it) */
static void
merge_all(struct xsort *x)
{
	struct run *r, *m;
	size_t i, n = x->nrv;

	heap_init(x);
	m = new_run(x);		/* may move rv: the heap holds indexes */
	while (x->nheap > 0) {
		r = &x->rv[x->heap[0]];
		write_rec(x, m->fp, r->buf, r->len, r->klen);
		advance(x);
	}
	end_run(x, m);
	for (i = 0; i < n; i++) {
		fclose(x->rv[i].fp);
		free(x->rv[i].buf);
	}
	x->rv[0] = x->rv[n];
	x->nrv = 1;
}

static void
start(struct xsort *x)
{
	x->started = 1;
	if (x->nrv == 0) {
		sorting = x->arena;
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
	heap_init(x);
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
	advance(x);
	*len = x->out.len;
	return x->out.buf;
}

size_t
xsort_runs(const struct xsort *x)
{
	return x->spills;
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
