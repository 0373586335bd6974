/* table: the project's own CSV formats, by column name. */
#include <stdlib.h>

#include "table.h"
#include "util.h"

struct tabr {
	struct csvr *r;
	const char *const *cols;
	int n;
	int *c;		/* the reader's column of each format column */
};

struct tabr *
tabr_open(struct csvr *r, const char *const *cols)
{
	struct tabr *t = xcalloc(1, sizeof(*t));
	int i;

	t->r = r;
	t->cols = cols;
	for (t->n = 0; cols[t->n] != NULL; t->n++)
		;
	t->c = xreallocarray(NULL, (size_t)t->n, sizeof(*t->c));
	for (i = 0; i < t->n; i++)
		t->c[i] = csvr_need(r, cols[i]);
	return t;
}

int
tabr_next(struct tabr *t)
{
	return csvr_next(t->r);
}

const char *
tabr_get(const struct tabr *t, int i)
{
	return csvr_get(t->r, t->c[i]);
}

int
tabr_col(const struct tabr *t, int i)
{
	return t->c[i];
}

struct csvr *
tabr_csv(const struct tabr *t)
{
	return t->r;
}

void
tabr_copy(const struct tabr *t, struct csvw *w)
{
	int i;

	for (i = 0; i < t->n; i++)
		csvw_copy(w, t->r, t->c[i]);
	csvw_end(w);
}

void
tabr_close(struct tabr *t)
{
	if (t == NULL)
		return;
	csvr_close(t->r);
	free(t->c);
	free(t);
}
