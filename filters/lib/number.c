/* number: E.164 normalisation of destinations. */
#include <string.h>

#include "number.h"

enum number_kind
e164(const char *s, char *out, size_t n, int data)
{
	size_t len = 0;

	if (n < E164_MAX + 1)
		return NUMBER_BAD;
	if (s[0] == '+') {
		s++;
	} else if (s[0] == '0' && s[1] == '0') {
		s += 2;
	} else if (s[0] == '0') {
		s++;
		out[len++] = '3';	/* a national number: the Netherlands */
		out[len++] = '1';
	} else {
		return NUMBER_INTERNAL;
	}
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (len >= E164_MAX)
				return NUMBER_BAD;
			out[len++] = *s;
		} else if (!strchr(" -.()", *s)) {
			return NUMBER_BAD;
		}
	}
	out[len] = '\0';
	/* a bare prefix is no number; a country code is a network */
	return len >= (data ? 1u : 3u) ? NUMBER_PUBLIC : NUMBER_BAD;
}
