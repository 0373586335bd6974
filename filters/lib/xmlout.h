/*
 * xmlout: XML written as a stream (style.md): elements opened and closed
 * in order, each on its own line indented by a tab a level, text
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
/* xo_text: text in the innermost open element, after its attributes:
 * the element then holds text only, up to its xo_end. */
void xo_text(struct xmlout *x, const char *text);
/* xo_base64: n bytes, base64-encoded (RFC 4648, one line), as text of the
 * innermost open element, as xo_text. */
void xo_base64(struct xmlout *x, const void *p, size_t n);
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
