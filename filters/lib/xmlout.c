/* xmlout: a streaming XML writer with one escaping function. */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
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
	int in_text;		/* text was written into the innermost element */
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

/* the bytes of a name: 1 any, 2 not first (digits, '-', '.') */
static const unsigned char name_byte[256] = {
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, [':'] = 1, ['_'] = 1,
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2,
	['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2, ['-'] = 2, ['.'] = 2,
};

/* tag_ok: the length of name tag, or death when it is none */
static size_t
tag_ok(const struct xmlout *x, const char *tag)
{
	const unsigned char *p = (const unsigned char *)tag;

	if (name_byte[*p] == 1)
		while (name_byte[*++p] != 0)
			;
	if (p == (const unsigned char *)tag || *p != '\0')
		die("%s: bad element or attribute name '%s'", x->name,
		    clip(tag));
	return (size_t)(p - (const unsigned char *)tag);
}

/* indent: a new line, a tab a level, as the banks' example files have */
static void
indent(struct xmlout *x)
{
	static const char tabs[] = "\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
	size_t n = x->depth;

	if (n + 1 < sizeof(tabs)) {
		put(x, tabs, n + 1);
	} else {
		putc_(x, '\n');
		while (n-- > 0)
			putc_(x, '\t');
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
	size_t n = tag_ok(x, tag);

	if (x->in_text)
		die("%s: element <%s> in the text of <%s>", x->name, tag,
		    x->open[x->depth - 1]);

	close_tag(x);
	indent(x);
	putc_(x, '<');
	put(x, tag, n);
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

/* the bytes text may hold as they are: printable ASCII but & < > " */
static const unsigned char plain[256] = {
	[' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['\''] = 1,
	['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1,
	['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
	['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	[':'] = 1, [';'] = 1, ['='] = 1, ['?'] = 1, ['@'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1, ['['] = 1, ['\\'] = 1, [']'] = 1, ['^'] = 1,
	['_'] = 1, ['`'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
};

static void
escape_or_die(struct xmlout *x, const char *where, const char *s, int attr)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	const char *why;

	while (plain[*p])
		p++;
	len = (size_t)((const char *)p - s);
	if (*p == '\0') {
		put(x, s, len);	/* nothing to escape nor check: most text */
		return;
	}
	len += strlen((const char *)p);
	why = check(s, len);

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
	size_t n = tag_ok(x, name);

	putc_(x, ' ');
	put(x, name, n);
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
xo_text(struct xmlout *x, const char *text)
{
	if (x->depth == 0)
		die("%s: text outside the document", x->name);
	close_tag(x);
	escape_or_die(x, x->open[x->depth - 1], text, 0);
	x->in_text = 1;
}

void
xo_base64(struct xmlout *x, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t k;

	if (x->depth == 0)
		die("%s: text outside the document", x->name);
	close_tag(x);
	/* whole groups of three bytes straight into the buffer, a
	 * buffer-full at a time; the last, padded, group after them */
	while (n > 0) {
		k = (sizeof(x->buf) - x->len) / 4 * 3;
		if (k == 0) {
			flush(x);
			continue;
		}
		if (k >= n)
			k = n;
		x->len += base64_encode(x->buf + x->len, s, k);
		s += k;
		n -= k;
	}
	x->in_text = 1;
}

void
xo_end(struct xmlout *x)
{
	const char *tag;

	if (x->depth == 0)
		die("%s: no element to close", x->name);
	tag = x->open[--x->depth];
	if (x->in_text) {
		put(x, "</", 2);
		puts_(x, tag);
		putc_(x, '>');
		x->in_text = 0;
	} else if (x->in_tag) {
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
	if (x->depth > 0)
		die("%s: <%s> is still open", x->name, x->open[x->depth - 1]);
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
