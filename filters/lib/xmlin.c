/* xmlin: an XML file read as a stream of elements through libxml2. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xmlin.h"

struct walk {
	struct xin x;
	const struct xin_ops *ops;
	void *arg;
	int stop;
};

/*
 * line: the line of the reader's current node.  libxml2 keeps an
 * element's line in 16 bits, 65535 meaning "or more", and the full line
 * (XML_PARSE_BIG_LINES) of a text node only, which is where the text ended:
 * where the next tag starts.  So past 65535 an element is on the line of
 * the text (the indentation at the least) just before it, and so is an
 * entity reference, which has no line of its own.  The parser's own line
 * (xmlTextReaderGetParserLineNumber) runs up to a read buffer ahead of the
 * node.
 */
static long
line(const struct xin *x)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(x->r);

	if (n != NULL && n->line > 0 && n->line < 65535)
		return n->line;
	return x->text_line;
}

static void
start(struct walk *w)
{
	struct xin *x = &w->x;
	struct xin_elem *e;

	/* text before a child element (mixed content) */
	if (x->depth > 0 && x->text.len > 0 && w->ops->mixed != NULL)
		w->ops->mixed(w->arg, x, &x->st[x->depth - 1],
		    sb_str(&x->text));
	sb_reset(&x->text);
	GROW(x->st, x->depth, x->cap);
	e = &x->st[x->depth++];
	e->name = xstrdup((const char *)xmlTextReaderConstLocalName(x->r));
	e->line = line(x);
	w->ops->open(w->arg, x, e);
}

static void
end(struct walk *w)
{
	struct xin *x = &w->x;
	struct xin_elem *e = &x->st[x->depth - 1];

	w->ops->close(w->arg, x, e, sb_str(&x->text));
	sb_reset(&x->text);
	free(e->name);
	x->depth--;
}

/* on_error: keep libxml2's first error, the one that stops the reader */
static void
on_error(void *arg, xmlErrorPtr err)
{
	struct xin *x = arg;
	size_t n;

	if (err == NULL || err->level < XML_ERR_ERROR || x->err != NULL)
		return;
	x->err = xstrdup(err->message ? err->message : "unreadable");
	n = strlen(x->err);
	while (n > 0 && (x->err[n - 1] == '\n' || x->err[n - 1] == ' '))
		x->err[--n] = '\0';
	/* house style: a message starts lowercase */
	if (x->err[0] >= 'A' && x->err[0] <= 'Z' && !(x->err[1] >= 'A' &&
	    x->err[1] <= 'Z'))
		x->err[0] = (char)(x->err[0] - 'A' + 'a');
	x->err_line = err->line;
}

void
xin_stop(struct xin *x)
{
	((struct walk *)x)->stop = 1;
}

int
xin_read(FILE *fp, const char *path, const struct xin_ops *ops, void *arg,
    char **err, long *errline)
{
	struct walk w;
	struct xin *x = &w.x;
	int ret = 0, bad;

	memset(&w, 0, sizeof(w));
	w.ops = ops;
	w.arg = arg;
	x->file = path;
	xmlSetStructuredErrorFunc(x, on_error);
	x->r = xmlReaderForFd(fileno(fp), path, NULL, XML_PARSE_NONET |
	    XML_PARSE_BIG_LINES);
	if (x->r == NULL) {
		*err = x->err != NULL ? x->err : xstrdup("out of memory");
		*errline = 0;
		xmlSetStructuredErrorFunc(NULL, NULL);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	while (!w.stop && x->err == NULL && (ret = xmlTextReaderRead(x->r)) ==
	    1) {
		switch (xmlTextReaderNodeType(x->r)) {
		case XML_READER_TYPE_ELEMENT:
			start(&w);
			if (xmlTextReaderIsEmptyElement(x->r))
				end(&w);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (x->depth > 0)
				end(&w);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
			sb_add(&x->text, (const char *)
			    xmlTextReaderConstValue(x->r));
			/* FALLTHROUGH */
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			x->text_line = xmlGetLineNo(xmlTextReaderCurrentNode(
			    x->r));
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
			if (ops->entity != NULL)
				ops->entity(arg, x, line(x), (const char *)
				    xmlTextReaderConstLocalName(x->r));
			break;
		default:
			break;
		}
	}
	bad = x->err != NULL || ret < 0;
	if (bad) {
		*errline = x->err != NULL ? x->err_line :
		    (long)xmlTextReaderGetParserLineNumber(x->r);
		*err = x->err != NULL ? x->err : xstrdup("unreadable");
		x->err = NULL;
	}
	xmlFreeTextReader(x->r);
	xmlSetStructuredErrorFunc(NULL, NULL);
	while (x->depth > 0)
		free(x->st[--x->depth].name);
	free(x->st);
	sb_free(&x->text);
	free(x->err);
	return bad ? -1 : 0;
}

const char *
xin_up(const struct xin *x, size_t n)
{
	return n < x->depth ? x->st[x->depth - 1 - n].name : "";
}

int
xin_is(const struct xin *x, size_t n, const char *name)
{
	return streq(xin_up(x, n), name);
}

const char *
xin_ns(const struct xin *x)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(x->r);

	return ns != NULL ? (const char *)ns : "";
}

const char *
xin_attr(const struct xin *x, const char *name, struct sbuf *b)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->r, BAD_CAST name);

	if (v == NULL)
		return NULL;
	sb_reset(b);
	sb_add(b, (const char *)v);
	xmlFree(v);
	return sb_str(b);
}

int
xin_empty(FILE *fp)
{
	struct stat st;

	return fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size == 0;
}
