/*
 * xmlin: an XML file read as a stream of elements (libxml2's streaming
 * reader), for the programs that read bank files: sepacheck (pain.008)
 * and the bank statements of camt.h.  The reader frees each node once past
 * it, so memory stays the same whatever the size of the file.  No network,
 * no DTD loaded, no entity substituted; big line numbers, so that a file
 * past line 65535 still names its lines.
 *
 * The caller gets each element's start (with the reader, for its
 * attributes and namespace) and its end with the element's own text, and
 * the stack of open elements for where it is.
 */
#ifndef XMLIN_H
#define XMLIN_H

#include <stdio.h>

#include <libxml/xmlreader.h>

#include "util.h"

/* an open element: its local name and the line of its start tag */
struct xin_elem {
	char *name;
	long line;
};

struct xin {
	const char *file;
	xmlTextReaderPtr r;		/* the reader, at the element opened */
	struct xin_elem *st;		/* the open elements, root first */
	size_t depth, cap;
	struct sbuf text;		/* the innermost element's text */
	long text_line;			/* where the last text node ended */
	char *err;			/* libxml2's first error, */
	long err_line;			/* where it found it */
};

struct xin_ops {
	/* an element opened: x->st[x->depth - 1] is e */
	void (*open)(void *arg, struct xin *x, const struct xin_elem *e);
	/* the text of e before a child element (mixed content); may be NULL */
	void (*mixed)(void *arg, struct xin *x, const struct xin_elem *e,
	    const char *text);
	/* e closes, with its text (its children's not included) */
	void (*close)(void *arg, struct xin *x, const struct xin_elem *e,
	    const char *text);
	/* an entity reference, whose text is not read; may be NULL */
	void (*entity)(void *arg, struct xin *x, long line, const char *name);
};

/*
 * xin_read: read fp, named path, through ops.  Returns 0 when the file was
 * well-formed to its end; else -1 with why (malloc'ed, lowercase, no
 * newline) in *err and its line in *line.  The callbacks may stop the
 * reading early with xin_stop.
 */
int xin_read(FILE *fp, const char *path, const struct xin_ops *ops,
    void *arg, char **err, long *line);
void xin_stop(struct xin *x);

/* xin_up: the name of the element n levels above the innermost, "" above
 * the root; xin_is: whether it is name */
const char *xin_up(const struct xin *x, size_t n);
int xin_is(const struct xin *x, size_t n, const char *name);
/* xin_ns: the namespace of the element opened ("" without one) */
const char *xin_ns(const struct xin *x);
/* xin_attr: attribute name of the element opened into b; NULL when it
 * has none */
const char *xin_attr(const struct xin *x, const char *name, struct sbuf *b);

/* xin_empty: whether fp is an empty regular file (libxml2 would call it
 * "extra content at the end") */
int xin_empty(FILE *fp);

#endif
