/* number: E.164 normalisation of destinations. */
#include <string.h>

#include "number.h"

enum number_kind
e164(const char *s, char *out, size_t n)
{
	size_t len = 0;

	if (s[0] == '+') {
		s++;
	} else if (s[0] == '0' && s[1] == '0') {
		s += 2;
	} else if (s[0] == '0') {
		s++;
		if (n < 3)
			return NUMBER_BAD;
		out[len++] = '3';	/* a national number: the Netherlands */
		out[len++] = '1';
	} else {
		return NUMBER_INTERNAL;
	}
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (len + 1 >= n)
				return NUMBER_BAD;
			out[len++] = *s;
		} else if (!strchr(" -.()", *s)) {
			return NUMBER_BAD;
		}
	}
	out[len] = '\0';
	/* E.164 numbers have at most 15 digits; a bare prefix is no number */
	return len >= 3 && len <= 15 ? NUMBER_PUBLIC : NUMBER_BAD;
}
