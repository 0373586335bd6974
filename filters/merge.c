/*
 * merge: merge item streams that are each sorted by customer_id into one,
 * keeping the order of the files for a customer (like sort -m, but for
 * CSV).  The filter that joins the sources of a run, or its shards.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "item.h"
#include "util.h"

struct src {
	struct itemr *ir;
	struct item it;
	int live;
	char *last;
};

static const char synopsis[] = "file ...";
static const char options[] =
    "  file   an item stream sorted by customer_id (- for stdin)\n"
    "The merged stream goes to stdout.\n";

static void
advance(struct src *s)
{
	s->live = itemr_next(s->ir, &s->it);
	if (!s->live)
		return;
	if (s->last != NULL && strcmp(s->it.customer_id, s->last) < 0)
		csvr_die(itemr_csv(s->ir), -1, "customer '%s' after '%s': "
		    "expected items sorted by customer_id", s->it.customer_id,
		    s->last);
	free(s->last);
	s->last = xstrdup(s->it.customer_id);
}

int
main(int argc, char *argv[])
{
	struct src *s;
	struct csvw *out;
	int n, i, best;

	prog_init(argc, argv, synopsis, options);
	if (opt(argc, argv, "") != -1)
		usage(stderr, 2);
	n = argc - optind;
	if (n < 1)
		usage(stderr, 2);
	s = xcalloc((size_t)n, sizeof(*s));
	for (i = 0; i < n; i++) {
		s[i].ir = itemr_open(csvr_openpath(argv[optind + i], 0));
		advance(&s[i]);
	}
	out = csvw_open(stdout, "<stdout>");
	itemw_header(out);
	for (;;) {
		best = -1;
		for (i = 0; i < n; i++)
			if (s[i].live && (best < 0 || strcmp(s[i].it.customer_id,
			    s[best].it.customer_id) < 0))
				best = i;
		if (best < 0)
			break;
		itemw_put(out, &s[best].it);
		advance(&s[best]);
	}
	csvw_close(out);
	for (i = 0; i < n; i++) {
		itemr_close(s[i].ir);
		free(s[i].last);
	}
	free(s);
	return 0;
}
