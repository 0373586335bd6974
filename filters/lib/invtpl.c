/* invtpl: the fields of the invoice template. */
#include <string.h>

#include "invtpl.h"
#include "util.h"

static const struct tpl_field style_fields[NSTYLE] = {
	{ "style", "font", T_FONT, NULL, 0 },
	{ "style", "size", T_SIZE, NULL, 0 },
	{ "style", "small", T_SIZE, NULL, 0 },
	{ "style", "title", T_SIZE, NULL, 0 },
	{ "style", "accent", T_COLOUR, NULL, 0 },
	{ "style", "text", T_COLOUR, NULL, 0 },
	{ "style", "muted", T_COLOUR, NULL, 0 },
	{ "style", "light", T_COLOUR, NULL, 0 },
	{ "style", "logo", T_FILE, NULL, 1 },
	{ "style", "logo_width", T_SIZE, NULL, 1 },
	{ "contact", "line", T_LIST, NULL, 1 },
};

static const struct tpl_word words[NWORDS] = {
#define X(e, name, places) { name, places },
	INVTPL_WORDS
#undef X
};

static struct tpl_field fields[NSTYLE + 2 * NWORDS];

void
invtpl_load(struct tpl *t, const char *const *dirs, size_t ndirs)
{
	memcpy(fields, style_fields, sizeof(style_fields));
	tpl_lang_fields(fields + NSTYLE, words, NWORDS);
	tpl_open(t, dirs, ndirs, "invoice.conf", fields, NELEM(fields));
}

const char *
invtpl_word(const struct tpl *t, enum lang l, int w)
{
	return tpl_get(t, NSTYLE + (size_t)l * NWORDS + (size_t)w);
}
