/* strmap: string-keyed open-addressing hash map. */
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

struct slot {
	char *key;
	void *val;
	uint64_t h;
};

struct strmap {
	struct slot *s;
	size_t cap, len;	/* cap: a power of two */
	struct strpool keys;
};

struct strmap *
strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof(*m));

	m->cap = 64;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	return m;
}

static struct slot *
find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->s[i].key != NULL &&
	    (m->s[i].h != h || strcmp(m->s[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->s[i];
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	struct slot *s = find(m, key, fnv1a64(key, strlen(key)));

	return s->key ? s->val : NULL;
}

static void
rehash(struct strmap *m)
{
	struct slot *old = m->s;
	size_t oldcap = m->cap, i;

	m->cap *= 2;
	m->s = xcalloc(m->cap, sizeof(*m->s));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].h) = old[i];
	free(old);
}

void *
strmap_put(struct strmap *m, const char *key, void *val)
{
	uint64_t h = fnv1a64(key, strlen(key));
	struct slot *s = find(m, key, h);

	if (s->key != NULL)
		return s->val;
	s->key = pool_dup(&m->keys, key);
	s->val = val;
	s->h = h;
	if (++m->len * 4 > m->cap * 3)
		rehash(m);
	return NULL;
}

void
strmap_set(struct strmap *m, const char *key, void *val)
{
	uint64_t h = fnv1a64(key, strlen(key));
	struct slot *s = find(m, key, h);

	if (s->key != NULL) {
		s->val = val;
		return;
	}
	strmap_put(m, key, val);
}

void
strmap_free(struct strmap *m)
{
	if (m == NULL)
		return;
	pool_free(&m->keys);
	free(m->s);
	free(m);
}
