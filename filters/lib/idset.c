/* idset: fingerprints of ids, open addressing with linear probing. */
#include <stdlib.h>

#include "idset.h"
#include "util.h"

struct slot {
	uint64_t hi, lo;	/* hi == 0 && lo == 0: free */
	uint64_t a, b;
};

struct idset {
	struct slot *s;
	size_t cap, len;	/* cap: a power of two */
};

struct idset *
idset_new(void)
{
	struct idset *s = xcalloc(1, sizeof(*s));

	s->cap = 1024;
	s->s = xcalloc(s->cap, sizeof(*s->s));
	return s;
}

static struct slot *
find(const struct idset *s, uint64_t hi, uint64_t lo)
{
	size_t i = hi & (s->cap - 1);

	while ((s->s[i].hi | s->s[i].lo) != 0 &&
	    (s->s[i].hi != hi || s->s[i].lo != lo))
		i = (i + 1) & (s->cap - 1);
	return &s->s[i];
}

static void
grow(struct idset *s)
{
	struct slot *old = s->s;
	size_t oldcap = s->cap, i;

	s->cap *= 2;
	s->s = xcalloc(s->cap, sizeof(*s->s));
	for (i = 0; i < oldcap; i++)
		if ((old[i].hi | old[i].lo) != 0)
			*find(s, old[i].hi, old[i].lo) = old[i];
	free(old);
}

int
idset_put(struct idset *s, const void *id, size_t n, uint64_t a, uint64_t b,
    uint64_t *olda, uint64_t *oldb)
{
	struct fp128 f = fp128(id, n);
	struct slot *p;

	if ((f.hi | f.lo) == 0)
		f.lo = 1;	/* the free mark; odds of 2^-128 */
	p = find(s, f.hi, f.lo);
	if ((p->hi | p->lo) != 0) {
		*olda = p->a;
		*oldb = p->b;
		return 1;
	}
	p->hi = f.hi;
	p->lo = f.lo;
	p->a = a;
	p->b = b;
	if (++s->len * 3 > s->cap * 2)
		grow(s);
	return 0;
}

size_t
idset_len(const struct idset *s)
{
	return s->len;
}

void
idset_free(struct idset *s)
{
	if (s == NULL)
		return;
	free(s->s);
	free(s);
}
