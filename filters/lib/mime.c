/* mime: the writer of e-mail messages. */
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "date.h"
#include "mime.h"
#include "util.h"

static char boundary[40];

int
mime_addr_ok(const char *s)
{
	const char *at = strchr(s, '@');

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f ||
		    strchr("<>()[]\\,;:\"", *s) != NULL)
			return 0;
	return 1;
}

static int
plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* words: s as encoded words, each of a line of at most 76 characters
 * (RFC 2047), the first after "Name: " (used bytes of its line), cut
 * between characters, folded */
static void
words(struct sbuf *m, const char *s, size_t used)
{
	char d[64];
	size_t n = strlen(s), k, room;

	while (n > 0) {
		/* "=?UTF-8?B?" and "?=" are 12; 4 digits for 3 bytes */
		room = used + 12 < 76 ? (76 - used - 12) / 4 * 3 : 3;
		if (room > 45)
			room = 45;
		k = n < room ? n : room;
		/* not inside a UTF-8 sequence */
		while (k < n && k > 1 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		sb_add(m, "=?UTF-8?B?");
		sb_addn(m, d, base64_encode(d, s, k));
		sb_add(m, "?=");
		s += k;
		n -= k;
		if (n > 0)
			sb_add(m, "\r\n ");
		used = 1;
	}
}

void
mime_header(struct sbuf *m, const char *name, const char *value)
{
	sb_addf(m, "%s: ", name);
	if (plain(value))
		sb_add(m, value);
	else
		words(m, value, strlen(name) + 2);
	sb_add(m, "\r\n");
}

void
mime_address(struct sbuf *m, const char *name, const char *display,
    const char *addr)
{
	const char *p;

	sb_addf(m, "%s: ", name);
	if (display != NULL && *display != '\0') {
		if (!plain(display))
			words(m, display, strlen(name) + 2);
		else {
			sb_add(m, "\"");
			for (p = display; *p; p++) {
				if (*p == '"' || *p == '\\')
					sb_add(m, "\\");
				sb_addn(m, p, 1);
			}
			sb_add(m, "\"");
		}
		sb_add(m, " ");
	}
	sb_addf(m, "<%s>\r\n", addr);
}

void
mime_date(struct sbuf *m, int32_t d)
{
	static const char *const wd[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
		"Sat", "Sun" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int y, mo, dd;

	civil_from_days(d, &y, &mo, &dd);
	sb_addf(m, "Date: %s, %02d %s %04d 00:00:00 +0000\r\n",
	    wd[weekday(d)], dd, mon[mo - 1], y);
}

void
mime_begin(struct sbuf *m, const char *msgid)
{
	/* '_' is no base64 digit, so the boundary is in no part */
	snprintf(boundary, sizeof(boundary), "=_%016llx",
	    (unsigned long long)fnv1a64(msgid, strlen(msgid)));
	sb_add(m, "MIME-Version: 1.0\r\n");
	sb_addf(m, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n",
	    boundary);
}

static void
b64_lines(struct sbuf *m, const void *p, size_t n)
{
	const unsigned char *s = p;
	char d[80];
	size_t k;

	for (; n > 0; s += k, n -= k) {
		k = n < 57 ? n : 57;
		sb_addn(m, d, base64_encode(d, s, k));
		sb_add(m, "\r\n");
	}
}

void
mime_text(struct sbuf *m, const char *text)
{
	sb_addf(m, "--%s\r\n", boundary);
	sb_add(m, "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	b64_lines(m, text, strlen(text));
}

void
mime_attach(struct sbuf *m, const char *type, const char *filename,
    const void *p, size_t n)
{
	sb_addf(m, "--%s\r\n", boundary);
	sb_addf(m, "Content-Type: %s; name=\"%s\"\r\n", type, filename);
	sb_add(m, "Content-Transfer-Encoding: base64\r\n");
	sb_addf(m, "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n",
	    filename);
	b64_lines(m, p, n);
}

void
mime_end(struct sbuf *m)
{
	sb_addf(m, "--%s--\r\n", boundary);
}
