/*
 * tpl: a document template (billing-template(5)): sections of
 * "key = value" lines,
 *
 *     # a comment
 *     [style]
 *     accent = #1f4e79
 *     [nl]
 *     page = pagina {page} van {pages}
 *
 * checked against the caller's table of fields: an unknown section or
 * field, a field set twice or missing, a bad colour, size or file name, an
 * unknown {placeholder} is an error naming the file, line and column.  A
 * T_LIST field may be given several times (its lines, in order).
 */
#ifndef TPL_H
#define TPL_H

#include <stddef.h>

enum tpl_type {
	T_TEXT,		/* words, with the placeholders of its field */
	T_COLOUR,	/* #rrggbb */
	T_SIZE,		/* a number > 0, up to two decimals (points, mm) */
	T_FONT,		/* a font family name */
	T_FILE,		/* a file name in the template's folders, no '/' */
	T_LIST		/* T_TEXT, any number of times, optional */
};

struct tpl_field {
	const char *section, *name;
	enum tpl_type type;
	const char *places;	/* T_TEXT: "a b c", the placeholders allowed */
	int optional;
};

struct tpl {
	char *path;
	const struct tpl_field *fields;
	size_t n;
	char **val;		/* per field; T_LIST: lines joined by '\n' */
	long *line;		/* where each was set, for later messages */
};

/* a text of a template, once in each language's section ([nl], [en]):
 * its field and the placeholders it may hold */
struct tpl_word {
	const char *name, *places;
};

/* tpl_find: the path of name in the last of dirs (n of them) that holds
 * it, or NULL. */
char *tpl_find(const char *const *dirs, size_t n, const char *name);
/* tpl_load: read and check path against fields (n of them). */
void tpl_load(struct tpl *t, const char *path, const struct tpl_field *fields,
    size_t n);
/* tpl_dir_add: dir as the next of the folders of -t (*n of max so far):
 * more is a usage error */
void tpl_dir_add(const char **dirs, size_t *n, size_t max, const char *dir);
/* tpl_open: tpl_load of name as tpl_find finds it in dirs (ndirs of them),
 * or an error naming the first folder. */
void tpl_open(struct tpl *t, const char *const *dirs, size_t ndirs,
    const char *name, const struct tpl_field *fields, size_t n);
/* tpl_lang_fields: the n words w as the fields of [nl], then of [en]: 2 n
 * of them into f, the field of word i in language l at l * n + i (enum
 * lang, fmt.h) */
void tpl_lang_fields(struct tpl_field *f, const struct tpl_word *w, size_t n);
/* tpl_get: field i's value ("" when an optional one is absent). */
const char *tpl_get(const struct tpl *t, size_t i);
/* tpl_colour: field i (T_COLOUR) as r, g, b in 0..1. */
void tpl_colour(const struct tpl *t, size_t i, double rgb[3]);
/* tpl_size: field i (T_SIZE) as a number. */
double tpl_size(const struct tpl *t, size_t i);
/* tpl_die: a message about field i, naming where it was set. */
void tpl_die(const struct tpl *t, size_t i, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void tpl_free(struct tpl *t);

/*
 * tpl_expand: text with each {name} replaced by value(name, arg) into b
 * (appended); "{{" is a "{".  The names were checked when loading.
 */
struct sbuf;
void tpl_expand(struct sbuf *b, const char *text,
    const char *(*value)(const char *name, size_t len, void *arg), void *arg);

#endif
