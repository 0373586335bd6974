/* tpl: the reader of document templates. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "tpl.h"
#include "util.h"

char *
tpl_find(const char *const *dirs, size_t n, const char *name)
{
	char *p;

	while (n-- > 0) {
		p = path_join(dirs[n], name);
		if (access(p, F_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

void
tpl_dir_add(const char **dirs, size_t *n, size_t max, const char *dir)
{
	if (*n == max)
		dieusage("more than %zu template folders", max);
	dirs[(*n)++] = dir;
}

void
tpl_open(struct tpl *t, const char *const *dirs, size_t ndirs,
    const char *name, const struct tpl_field *fields, size_t n)
{
	char *p = tpl_find(dirs, ndirs, name);

	if (p == NULL)
		die("%s: no %s: expected the installed templates", dirs[0],
		    name);
	tpl_load(t, p, fields, n);
	free(p);
}

void
tpl_lang_fields(struct tpl_field *f, const struct tpl_word *w, size_t n)
{
	static const char *const langs[] = { "nl", "en" };
	size_t i, l;

	for (l = 0; l < 2; l++)
		for (i = 0; i < n; i++) {
			f[l * n + i].section = langs[l];
			f[l * n + i].name = w[i].name;
			f[l * n + i].type = T_TEXT;
			f[l * n + i].places = w[i].places;
			f[l * n + i].optional = 0;
		}
}

static int
is_word(const char *s, size_t n, const char *list)
{
	const char *p = list, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, ' ');
		if ((e != NULL ? (size_t)(e - p) : strlen(p)) == n &&
		    strncmp(p, s, n) == 0)
			return 1;
		p = e != NULL ? e + 1 : NULL;
	}
	return 0;
}

/* the value's fault, phrased to follow "bad NAME 'v': ", with the column
 * within v where it lies; NULL when v is good */
static const char *
check(const struct tpl_field *f, const char *v, size_t *at)
{
	const char *p, *e;
	size_t i, dots;

	*at = 0;
	switch (f->type) {
	case T_COLOUR:
		if (strlen(v) != 7 || v[0] != '#' || strspn(v + 1,
		    "0123456789abcdefABCDEF") != 6)
			return "expected a colour #rrggbb";
		return NULL;
	case T_SIZE:
		for (i = dots = 0; v[i] != '\0'; i++)
			if (v[i] == '.')
				dots++;
			else if (v[i] < '0' || v[i] > '9')
				break;
		p = strchr(v, '.');
		if (v[i] != '\0' || i == 0 || dots > 1 || v[0] == '.' ||
		    (p != NULL && strlen(p + 1) > 2) || (p != NULL &&
		    p[1] == '\0') || strtod(v, NULL) <= 0 || strtod(v,
		    NULL) > 1000)
			return "expected a number from 0.01 to 1000 with at "
			    "most two decimals";
		return NULL;
	case T_FONT:
		if (*v == '\0' || strpbrk(v, ",;") != NULL)
			return "expected a font family name (\"DejaVu Sans\")";
		return NULL;
	case T_FILE:
		if (*v == '\0' || strchr(v, '/') != NULL || strcmp(v, ".") ==
		    0 || strcmp(v, "..") == 0)
			return "expected a file name in the template's folder";
		return NULL;
	case T_TEXT:
	case T_LIST:
		for (p = v; (p = strchr(p, '{')) != NULL; p = e + 1) {
			if (p[1] == '{') {
				e = p + 1;
				continue;
			}
			e = strchr(p, '}');
			*at = (size_t)(p - v);
			if (e == NULL)
				return "'{' without its '}': expected "
				    "{placeholder}, or {{ for a brace";
			if (!is_word(p + 1, (size_t)(e - p - 1), f->places))
				return f->places == NULL || *f->places == '\0' ?
				    "unknown placeholder: this field has none" :
				    "unknown placeholder: expected one of the "
				    "field's (billing-template(5))";
		}
		return NULL;
	}
	return NULL;
}

static char *
trim(char *s, char **end)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	*e = '\0';
	if (end != NULL)
		*end = e;
	return s;
}

/* one line of the template: a section, a field, a comment or blank */
static void
parse_line(struct tpl *t, char *line, long n, const char **section)
{
	char *k, *v, *e;
	const char *why;
	size_t i, at;

	k = trim(line, &e);
	if (*k == '\0' || *k == '#')
		return;
	if (*k == '[') {
		if (e[-1] != ']')
			die("%s:%ld:%d: '%s': expected a section '[name]'",
			    t->path, n, (int)(k - line) + 1, clip(k));
		e[-1] = '\0';
		for (i = 0; i < t->n; i++)
			if (strcmp(t->fields[i].section, k + 1) == 0)
				break;
		if (i == t->n)
			die("%s:%ld:%d: unknown section '[%s]': expected one "
			    "of billing-template(5)", t->path, n,
			    (int)(k - line) + 1, clip(k + 1));
		*section = t->fields[i].section;
		return;
	}
	/* k is trimmed already: the split keeps it where it is */
	if (conf_split(k, &k, &v) < 0)
		die("%s:%ld:%d: '%s': expected 'field = value'", t->path, n,
		    (int)(k - line) + 1, clip(k));
	if (*section == NULL)
		die("%s:%ld:%d: a field before the first section: expected "
		    "'[name]' first", t->path, n, (int)(k - line) + 1);
	for (i = 0; i < t->n; i++)
		if (strcmp(t->fields[i].section, *section) == 0 &&
		    strcmp(t->fields[i].name, k) == 0)
			break;
	if (i == t->n)
		die("%s:%ld:%d: unknown field '%s' in [%s]: expected one of "
		    "billing-template(5)", t->path, n, (int)(k - line) + 1,
		    clip(k), *section);
	if ((why = check(&t->fields[i], v, &at)) != NULL)
		die("%s:%ld:%d: bad %s '%s': %s", t->path, n,
		    (int)(v - line + (long)at) + 1, k, clip(v), why);
	if (t->val[i] != NULL && t->fields[i].type != T_LIST)
		die("%s:%ld:%d: field '%s' set twice in [%s]: first on line "
		    "%ld", t->path, n, (int)(k - line) + 1, k, *section,
		    t->line[i]);
	if (t->val[i] != NULL) {
		char *j = xasprintf("%s\n%s", t->val[i], v);

		free(t->val[i]);
		t->val[i] = j;
	} else
		t->val[i] = xstrdup(v);
	t->line[i] = n;
}

void
tpl_load(struct tpl *t, const char *path, const struct tpl_field *fields,
    size_t n)
{
	FILE *fp = xfopen(path, "r");
	char *line = NULL, *p;
	const char *section = NULL;
	size_t cap = 0, i;
	ssize_t len;
	long ln = 0;

	t->path = xstrdup(path);
	t->fields = fields;
	t->n = n;
	t->val = xcalloc(n, sizeof(*t->val));
	t->line = xcalloc(n, sizeof(*t->line));
	while ((len = getline(&line, &cap, fp)) != -1) {
		ln++;
		p = line;
		if (ln == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			len -= 3;
		}
		line_check(path, ln, p, (size_t)len);
		parse_line(t, p, ln, &section);
	}
	if (ferror(fp))
		die("%s: read error", path);
	free(line);
	fclose(fp);
	for (i = 0; i < n; i++)
		if (t->val[i] == NULL && !fields[i].optional &&
		    fields[i].type != T_LIST)
			die("%s:%ld:1: missing field '%s' in [%s]: a template "
			    "that replaces the installed one gives every field",
			    path, ln + 1, fields[i].name, fields[i].section);
}

const char *
tpl_get(const struct tpl *t, size_t i)
{
	return t->val[i] != NULL ? t->val[i] : "";
}

void
tpl_colour(const struct tpl *t, size_t i, double rgb[3])
{
	unsigned long v = strtoul(tpl_get(t, i) + 1, NULL, 16);

	rgb[0] = (double)(v >> 16 & 0xff) / 255;
	rgb[1] = (double)(v >> 8 & 0xff) / 255;
	rgb[2] = (double)(v & 0xff) / 255;
}

double
tpl_size(const struct tpl *t, size_t i)
{
	return strtod(tpl_get(t, i), NULL);
}

void
tpl_die(const struct tpl *t, size_t i, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&b, fmt, ap);
	va_end(ap);
	die("%s:%ld:1: %s: %s", t->path, t->line[i], t->fields[i].name,
	    sb_str(&b));
}

void
tpl_free(struct tpl *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->val[i]);
	free(t->val);
	free(t->line);
	free(t->path);
}

void
tpl_expand(struct sbuf *b, const char *text,
    const char *(*value)(const char *name, size_t len, void *arg), void *arg)
{
	const char *p = text, *o, *e;

	while ((o = strchr(p, '{')) != NULL) {
		sb_addn(b, p, (size_t)(o - p));
		if (o[1] == '{') {
			sb_addn(b, "{", 1);
			p = o + 2;
			continue;
		}
		e = strchr(o, '}');
		sb_add(b, value(o + 1, (size_t)(e - o - 1), arg));
		p = e + 1;
	}
	sb_add(b, p);
}
