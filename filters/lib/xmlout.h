/*
 * xmlout: XML written as a stream (style.md): elements opened and closed
 * in order, each on its own line indented by two spaces a level, text
 * and attribute values through one escaping function, xo_escape, which
 * also refuses what XML 1.0 forbids (control characters other than tab,
 * line feed and carriage return, U+FFFE, U+FFFF, invalid UTF-8): the
 * writer dies naming the element rather than write a file no reader
 * takes.  Memory stays that of a 64 kB buffer and the open elements.
 *
 *     struct xmlout *x = xo_open(fp, "out.xml");
 *     xo_start(x, "Document");
 *     xo_attr(x, "xmlns", "urn:iso:std:iso:20022:tech:xsd:pain.008.001.08");
 *     xo_leaf(x, "MsgId", "VZ-2026-12");
 *     xo_end(x);
 *     xo_close(x);
 */
#ifndef XMLOUT_H
#define XMLOUT_H

#include <stdio.h>

struct xmlout;

/* xo_open: write to fp (not owned), the XML declaration first; name is
 * the file's, for messages. */
struct xmlout *xo_open(FILE *fp, const char *name);
/*
 * xo_fragment: a writer of elements that stand at depth (so many elements
 * open around them) in another document, on fp, without the declaration:
 * written apart, then put in place with xo_insert.  xo_close ends it with
 * every element it opened closed.
 */
struct xmlout *xo_fragment(FILE *fp, const char *name, size_t depth);
/* xo_insert: the whole of fp (a closed fragment's stream, read from its
 * start) at this point of x, whose depth is the fragment's. */
void xo_insert(struct xmlout *x, FILE *fp);
/* xo_start: open element tag (a name of letters, digits, ':' '_' '-' '.'),
 * which must stay valid until its xo_end (a literal, as a rule).
 * Attributes may follow until its content or the next element starts. */
void xo_start(struct xmlout *x, const char *tag);
/* xo_attr: an attribute of the element just started. */
void xo_attr(struct xmlout *x, const char *name, const char *value);
/* xo_leaf: an element holding text only: <tag>text</tag>. */
void xo_leaf(struct xmlout *x, const char *tag, const char *text);
/* xo_leaf_attr: the same with one attribute: <InstdAmt Ccy="EUR">. */
void xo_leaf_attr(struct xmlout *x, const char *tag, const char *aname,
    const char *avalue, const char *text);
/* xo_end: close the innermost open element. */
void xo_end(struct xmlout *x);
/* xo_close: every element closed, the last line ended, checked for write
 * errors; fp stays open.  Dies when elements are still open. */
void xo_close(struct xmlout *x);

/*
 * xo_escape: s of len bytes as XML text into fp: & < > and, with attr,
 * " escaped.  Returns NULL, or why s cannot stand in XML 1.0 ("control
 * character U+0001", "invalid UTF-8").
 */
const char *xo_escape(FILE *fp, const char *s, size_t len, int attr);

#endif
