/* sepatext: the SEPA character set, transliteration and identifiers. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sepatext.h"

/* the set: a-z A-Z 0-9 / - ? : ( ) . , ' + and space */
static const unsigned char in_set[128] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['/'] = 1, ['-'] = 1, ['?'] = 1, [':'] = 1, ['('] = 1, [')'] = 1,
	['.'] = 1, [','] = 1, ['\''] = 1, ['+'] = 1, [' '] = 1,
};

int
sepa_char_ok(int c)
{
	return c >= 0 && c < 128 && in_set[c];
}

/* the ASCII marks outside the set, by their nearest inside it */
static const char *
ascii(int c)
{
	static const char from[] = "&\"<>[]{}_=|\\;!*`~#@$%^\t\n\r";
	static const char *const to[] = { "+", "'", "(", ")", "(", ")", "(",
		")", "-", "-", "/", "/", ",", ".", ".", "'", "-", " ", " ",
		" ", " ", " ", " ", " ", " " };
	const char *p = c != '\0' ? strchr(from, c) : NULL;

	return p != NULL ? to[p - from] : NULL;
}

/* Latin-1 Supplement U+00C0..U+00FF */
static const char *const latin1[64] = {
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I",
	"I", "I", "D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U",
	"U", "Y", "TH", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e",
	"e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o",
	"/", "o", "u", "u", "u", "u", "y", "th", "y"
};

/* Latin Extended-A U+0100..U+017F, one letter each; '?' where two */
static const char extended[] =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkkLlLlLlLlLl"
    "NnNnNnnNnOoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/* one code point as SEPA text, NULL when it has none */
static const char *
translit(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		if (sepa_char_ok((int)cp)) {
			buf[0] = (char)cp;
			buf[1] = '\0';
			return buf;
		}
		return ascii((int)cp);
	}
	if (cp >= 0xc0 && cp <= 0xff)
		return latin1[cp - 0xc0];
	if (cp >= 0x100 && cp <= 0x17f) {
		switch (cp) {
		case 0x132: return "IJ";
		case 0x133: return "ij";
		case 0x152: return "OE";
		case 0x153: return "oe";
		}
		buf[0] = extended[cp - 0x100];
		buf[1] = '\0';
		return buf;
	}
	switch (cp) {
	case 0xa0: case 0x2002: case 0x2003: case 0x2009: case 0x202f:
		return " ";
	case 0xab: case 0xbb: case 0x2018: case 0x2019: case 0x201a:
	case 0x201c: case 0x201d: case 0x201e: case 0x2032: case 0xb4:
		return "'";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2212:
		return "-";
	case 0x2026: return "...";
	case 0xb7: case 0x2022: return ".";
	case 0x20ac: return "EUR";
	case 0xa3: return "GBP";
	case 0xa9: return "(c)";
	case 0xae: return "(r)";
	case 0xb0: return " ";
	case 0x218: case 0x15e: return "S";
	case 0x219: case 0x15f: return "s";
	case 0x21a: case 0x162: return "T";
	case 0x21b: case 0x163: return "t";
	}
	return NULL;
}

/* decode: the code point at s (n bytes left) and its length; 0 for an
 * invalid sequence (then one byte is skipped) */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = s[0] >= 0xf5 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 :
	    s[0] >= 0xc2 ? 2 : 0;
	if (len == 0 || len > n)
		return 0;
	*cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && (*cp < 0x10000 ||
	    *cp > 0x10ffff)) || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

char *
sepa_text(const char *s, size_t max, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0, len;
	const char *t;
	char buf[2];
	uint32_t cp;

	while (n > 0 && o < max) {
		if (*p < 0x80 && *p != ' ' && in_set[*p]) {
			out[o++] = (char)*p++;	/* the common case */
			n--;
			continue;
		}
		if ((len = decode(p, n, &cp)) == 0) {
			p++;
			n--;
			continue;
		}
		p += len;
		n -= len;
		if ((t = translit(cp, buf)) == NULL)
			continue;
		for (; *t != '\0' && o < max; t++) {
			/* one space between words, none at the start */
			if (*t == ' ' && (o == 0 || out[o - 1] == ' '))
				continue;
			out[o++] = *t;
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}

const char *
sepa_id_check(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0)
		return "empty: expected an identifier";
	if (n > max)
		return "too long for SEPA";
	for (i = 0; i < n; i++)
		if (!sepa_char_ok((unsigned char)s[i]) || s[i] == ' ')
			return "a character outside the SEPA set: expected "
			    "a-z A-Z 0-9 / - ? : ( ) . , ' +";
	if (s[0] == '/' || s[n - 1] == '/' || strstr(s, "//") != NULL)
		return "starts or ends with '/' or holds '//' (EPC)";
	return NULL;
}
