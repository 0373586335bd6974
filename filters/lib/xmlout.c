/* xmlout: a streaming XML writer with one escaping function. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "util.h"
#include "xmlout.h"

/* the output is gathered in a buffer and written in large pieces: a batch
 * of a million debits is some thirty million elements */
#define XO_BUFSZ 65536

struct xmlout {
	FILE *fp;
	char *name;
	const char **open;	/* the names of the open elements */
	size_t depth, cap;
	int in_tag;		/* the last start tag is not yet closed by '>' */
	size_t base;		/* the depth of a fragment's elements */
	size_t len;
	char buf[XO_BUFSZ];
};

static void
flush(struct xmlout *x)
{
	if (x->len > 0 && fwrite(x->buf, 1, x->len, x->fp) != x->len)
		die("%s: write error", x->name);
	x->len = 0;
}

static void
put(struct xmlout *x, const char *s, size_t n)
{
	if (x->len + n > sizeof(x->buf)) {
		flush(x);
		if (n > sizeof(x->buf)) {
			if (fwrite(s, 1, n, x->fp) != n)
				die("%s: write error", x->name);
			return;
		}
	}
	memcpy(x->buf + x->len, s, n);
	x->len += n;
}

static void
puts_(struct xmlout *x, const char *s)
{
	put(x, s, strlen(s));
}

static void
putc_(struct xmlout *x, char c)
{
	if (x->len == sizeof(x->buf))
		flush(x);
	x->buf[x->len++] = c;
}

struct xmlout *
xo_open(FILE *fp, const char *name)
{
	struct xmlout *x = xcalloc(1, sizeof(*x));

	x->fp = fp;
	x->name = xstrdup(name);
	puts_(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	return x;
}

static void close_tag(struct xmlout *x);

struct xmlout *
xo_fragment(FILE *fp, const char *name, size_t depth)
{
	struct xmlout *x = xcalloc(1, sizeof(*x));
	size_t i;

	x->fp = fp;
	x->name = xstrdup(name);
	x->base = depth;
	for (i = 0; i < depth; i++) {
		GROW(x->open, x->depth, x->cap);
		x->open[x->depth++] = NULL;
	}
	return x;
}

void
xo_insert(struct xmlout *x, FILE *fp)
{
	char chunk[65536];
	size_t n;

	close_tag(x);
	flush(x);
	if (fflush(x->fp) != 0 || fseeko(fp, 0, SEEK_SET) != 0)
		die("%s: write error", x->name);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (fwrite(chunk, 1, n, x->fp) != n)
			die("%s: write error", x->name);
	if (ferror(fp))
		die("%s: read error", x->name);
}

static void
tag_ok(const struct xmlout *x, const char *tag)
{
	const char *p;

	if (*tag == '\0' || strchr("0123456789-.", *tag) != NULL)
		die("%s: bad element or attribute name '%s'", x->name,
		    clip(tag));
	for (p = tag; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(":_-.", *p) != NULL))
			die("%s: bad element or attribute name '%s'", x->name,
			    clip(tag));
}

static void
indent(struct xmlout *x)
{
	static const char spaces[] = "\n                                "
	    "                                ";
	size_t n = 2 * x->depth;

	if (n + 1 < sizeof(spaces)) {
		put(x, spaces, n + 1);
	} else {
		putc_(x, '\n');
		while (n-- > 0)
			putc_(x, ' ');
	}
}

static void
close_tag(struct xmlout *x)
{
	if (x->in_tag) {
		putc_(x, '>');
		x->in_tag = 0;
	}
}

void
xo_start(struct xmlout *x, const char *tag)
{
	tag_ok(x, tag);
	close_tag(x);
	indent(x);
	putc_(x, '<');
	puts_(x, tag);
	GROW(x->open, x->depth, x->cap);
	x->open[x->depth++] = tag;
	x->in_tag = 1;
}

/* check: NULL when s may stand in XML 1.0, else why not */
static const char *
check(const char *s, size_t len)
{
	static char why[48];
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	size_t n;

	for (; p < e && *p >= 0x20 && *p < 0x80; p++)
		;
	if (p == e)
		return NULL;	/* printable ASCII: the common case */
	if (text_check(s, len) == TEXT_UTF8)
		return "invalid UTF-8";
	for (p = (const unsigned char *)s; p < e; p += n) {
		n = utf8_len(*p);
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			snprintf(why, sizeof(why), "control character U+%04X",
			    *p);
			return why;
		}
		/* U+FFFE and U+FFFF: EF BF BE, EF BF BF */
		if (n == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
			return "a noncharacter (U+FFFE or U+FFFF)";
	}
	return NULL;
}

/* escape: s, checked, as text or an attribute value */
static void
escape(struct xmlout *x, const char *s, size_t len, int attr)
{
	const char *p = s, *e = s + len, *run = s, *rep;

	for (; p < e; p++) {
		if (*p != '&' && *p != '<' && *p != '>' && *p != '"')
			continue;
		rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ?
		    "&gt;" : attr ? "&quot;" : NULL;
		if (rep == NULL)
			continue;
		put(x, run, (size_t)(p - run));
		puts_(x, rep);
		run = p + 1;
	}
	put(x, run, (size_t)(e - run));
}

static void
escape_or_die(struct xmlout *x, const char *where, const char *s, int attr)
{
	size_t len = strlen(s);
	const char *why = check(s, len);

	if (why != NULL)
		die("%s: %s '%s': %s: XML 1.0 forbids it", x->name, where,
		    clip(s), why);
	escape(x, s, len, attr);
}

void
xo_attr(struct xmlout *x, const char *name, const char *value)
{
	if (!x->in_tag)
		die("%s: attribute %s after the content of <%s>", x->name,
		    name, x->depth > 0 ? x->open[x->depth - 1] : "");
	tag_ok(x, name);
	putc_(x, ' ');
	puts_(x, name);
	put(x, "=\"", 2);
	escape_or_die(x, name, value, 1);
	putc_(x, '"');
}

void
xo_leaf_attr(struct xmlout *x, const char *tag, const char *aname,
    const char *avalue, const char *text)
{
	xo_start(x, tag);
	if (aname != NULL)
		xo_attr(x, aname, avalue);
	close_tag(x);
	escape_or_die(x, tag, text, 0);
	put(x, "</", 2);
	puts_(x, tag);
	putc_(x, '>');
	x->depth--;
}

void
xo_leaf(struct xmlout *x, const char *tag, const char *text)
{
	xo_leaf_attr(x, tag, NULL, NULL, text);
}

void
xo_end(struct xmlout *x)
{
	const char *tag;

	if (x->depth <= x->base)
		die("%s: no element to close", x->name);
	tag = x->open[--x->depth];
	if (x->in_tag) {
		put(x, "/>", 2);
		x->in_tag = 0;
	} else {
		indent(x);
		put(x, "</", 2);
		puts_(x, tag);
		putc_(x, '>');
	}
}

void
xo_close(struct xmlout *x)
{
	if (x->depth > x->base)
		die("%s: <%s> is still open", x->name, x->open[x->depth - 1]);
	if (x->base == 0)
		putc_(x, '\n');
	flush(x);
	if (fflush(x->fp) != 0 || ferror(x->fp))
		die("%s: write error", x->name);
	free(x->open);
	free(x->name);
	free(x);
}

const char *
xo_escape(FILE *fp, const char *s, size_t len, int attr)
{
	struct xmlout *x;
	const char *why = check(s, len);

	if (why != NULL)
		return why;
	x = xcalloc(1, sizeof(*x));
	x->fp = fp;
	x->name = "<xo_escape>";
	escape(x, s, len, attr);
	flush(x);
	free(x);
	return NULL;
}
