/* xmlout: a streaming XML writer with one escaping function. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "util.h"
#include "xmlout.h"

struct xmlout {
	FILE *fp;
	char *name;
	char **open;		/* the names of the open elements */
	size_t depth, cap;
	int in_tag;		/* the last start tag is not yet closed by '>' */
};

struct xmlout *
xo_open(FILE *fp, const char *name)
{
	struct xmlout *x = xcalloc(1, sizeof(*x));

	x->fp = fp;
	x->name = xstrdup(name);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", fp);
	return x;
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
	size_t i;

	fputc('\n', x->fp);
	for (i = 0; i < x->depth; i++)
		fputs("  ", x->fp);
}

static void
close_tag(struct xmlout *x)
{
	if (x->in_tag) {
		fputc('>', x->fp);
		x->in_tag = 0;
	}
}

void
xo_start(struct xmlout *x, const char *tag)
{
	tag_ok(x, tag);
	close_tag(x);
	indent(x);
	fprintf(x->fp, "<%s", tag);
	GROW(x->open, x->depth, x->cap);
	x->open[x->depth++] = xstrdup(tag);
	x->in_tag = 1;
}

static void
escape_or_die(struct xmlout *x, const char *where, const char *s, int attr)
{
	const char *why = xo_escape(x->fp, s, strlen(s), attr);

	if (why != NULL)
		die("%s: %s '%s': %s: XML 1.0 forbids it", x->name, where,
		    clip(s), why);
}

void
xo_attr(struct xmlout *x, const char *name, const char *value)
{
	if (!x->in_tag)
		die("%s: attribute %s after the content of <%s>", x->name,
		    name, x->depth > 0 ? x->open[x->depth - 1] : "");
	tag_ok(x, name);
	fprintf(x->fp, " %s=\"", name);
	escape_or_die(x, name, value, 1);
	fputc('"', x->fp);
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
	fprintf(x->fp, "</%s>", tag);
	free(x->open[--x->depth]);
}

void
xo_leaf(struct xmlout *x, const char *tag, const char *text)
{
	xo_leaf_attr(x, tag, NULL, NULL, text);
}

void
xo_end(struct xmlout *x)
{
	char *tag;

	if (x->depth == 0)
		die("%s: no element to close", x->name);
	tag = x->open[--x->depth];
	if (x->in_tag) {
		fputs("/>", x->fp);
		x->in_tag = 0;
	} else {
		indent(x);
		fprintf(x->fp, "</%s>", tag);
	}
	free(tag);
}

void
xo_close(struct xmlout *x)
{
	if (x->depth > 0)
		die("%s: <%s> is still open", x->name, x->open[x->depth - 1]);
	fputc('\n', x->fp);
	if (fflush(x->fp) != 0 || ferror(x->fp))
		die("%s: write error", x->name);
	free(x->open);
	free(x->name);
	free(x);
}

const char *
xo_escape(FILE *fp, const char *s, size_t len, int attr)
{
	static char why[48];
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	const unsigned char *run = p;
	size_t n;

	if (text_check(s, len) == TEXT_UTF8)
		return "invalid UTF-8";
	for (; p < e; p += n) {
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
	for (p = run; p < e; p++) {
		const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" :
		    *p == '>' ? "&gt;" : attr && *p == '"' ? "&quot;" : NULL;

		if (rep == NULL)
			continue;
		fwrite(run, 1, (size_t)(p - run), fp);
		fputs(rep, fp);
		run = p + 1;
	}
	fwrite(run, 1, (size_t)(e - run), fp);
	return NULL;
}
