/* base64: two digits at a time from a table of all 4096 pairs. */
#include <string.h>

#include "base64.h"

static char pair[4096][2];

static void
init(void)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v;

	for (v = 0; v < 4096; v++) {
		pair[v][0] = abc[v >> 6];
		pair[v][1] = abc[v & 63];
	}
}

size_t
base64_encode(char *dst, const void *src, size_t n)
{
	const unsigned char *s = src;
	char *o = dst;
	unsigned long v;

	if (pair[4095][0] == '\0')
		init();
	for (; n >= 3; n -= 3, s += 3, o += 4) {
		v = (unsigned long)s[0] << 16 | (unsigned long)s[1] << 8 | s[2];
		memcpy(o, pair[v >> 12], 2);
		memcpy(o + 2, pair[v & 4095], 2);
	}
	if (n > 0) {
		v = (unsigned long)s[0] << 16 |
		    (n > 1 ? (unsigned long)s[1] << 8 : 0);
		memcpy(o, pair[v >> 12], 2);
		o[2] = n > 1 ? pair[v & 4095][0] : '=';
		o[3] = '=';
		o += 4;
	}
	return (size_t)(o - dst);
}
