/* mailconf: the reader of mail.conf. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "mailconf.h"
#include "mime.h"
#include "util.h"

enum { K_URL, K_FROM, K_TLS, K_CA, NKEYS };
static const char *const keys[NKEYS] = { "smtp_url", "from", "starttls",
	"ca_file" };


/* loopback: the host of HOST[:PORT][/...] is this machine */
static int
loopback(const char *h)
{
	static const char *const local[] = { "127.0.0.1", "[::1]",
		"localhost" };
	size_t i, n;

	for (i = 0; i < NELEM(local); i++) {
		n = strlen(local[i]);
		if (strncmp(h, local[i], n) == 0 && (h[n] == '\0' ||
		    h[n] == ':' || h[n] == '/'))
			return 1;
	}
	return 0;
}

void
mailconf_load(const char *path, struct mailconf *m)
{
	FILE *fp = xfopen(path, "r");
	char *line = NULL, *p, *k, *v, *val[NKEYS] = { 0 };
	long n = 0, at[NKEYS] = { 0 };
	size_t cap = 0;
	ssize_t len;
	int i, col, r;

	while ((len = getline(&line, &cap, fp)) != -1) {
		n++;
		p = line;
		if (n == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			len -= 3;
		}
		/* NUL bytes, a BOM mid-file, bad UTF-8: named */
		line_check(path, n, p, (size_t)len);
		if ((r = conf_split(p, &k, &v)) == 0)
			continue;
		col = (int)(k - p) + 1;
		if (r < 0)
			die("%s:%ld:%d: '%s': expected 'key = value'", path, n,
			    col, clip(k));
		for (i = 0; i < NKEYS && strcmp(keys[i], k) != 0; i++)
			;
		if (i == NKEYS)
			die("%s:%ld:%d: unknown key '%s': expected smtp_url, "
			    "from, starttls or ca_file (credentials come from "
			    "the environment or ~/.netrc)", path, n, col,
			    clip(k));
		if (val[i] != NULL)
			die("%s:%ld:%d: key '%s' set twice: first on line %ld",
			    path, n, col, k, at[i]);
		col = (int)(v - p) + 1;
		if (i == K_URL && strncmp(v, "smtp://", 7) != 0 &&
		    strncmp(v, "smtps://", 8) != 0)
			die("%s:%ld:%d: bad smtp_url '%s': expected "
			    "smtp://HOST[:PORT] or smtps://HOST[:PORT], no "
			    "user or password", path, n, col, clip(v));
		if (i == K_URL && strchr(v, '@') != NULL)
			die("%s:%ld:%d: smtp_url holds a user or password: "
			    "they belong in the environment or ~/.netrc, never "
			    "here", path, n, col);
		if (i == K_FROM && !mime_addr_ok(v))
			die("%s:%ld:%d: bad from '%s': expected one address "
			    "such as facturen@example.nl", path, n, col, clip(v));
		if (i == K_TLS && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			die("%s:%ld:%d: bad starttls '%s': expected yes or no",
			    path, n, col, clip(v));
		val[i] = xstrdup(v);
		at[i] = n;
	}
	if (ferror(fp))
		die("%s: read error", path);
	fclose(fp);
	free(line);
	if (val[K_FROM] == NULL)
		die("%s: from: missing: expected the sender's address", path);
	m->smtp_url = val[K_URL] != NULL ? val[K_URL] : xstrdup("");
	m->from = val[K_FROM];
	m->ca_file = val[K_CA] != NULL ? val[K_CA] : xstrdup("");
	m->starttls = val[K_TLS] == NULL || strcmp(val[K_TLS], "yes") == 0;
	/* a login in clear text only to a server on this machine */
	if (!m->starttls && strncmp(m->smtp_url, "smtp://", 7) == 0 &&
	    !loopback(m->smtp_url + 7))
		die("%s:%ld: starttls = no: only for a server on this machine "
		    "(127.0.0.1, [::1] or localhost), not %s", path, at[K_TLS],
		    clip(m->smtp_url));
	free(val[K_TLS]);
	m->domain = xstrdup(strchr(m->from, '@') + 1);
}

void
mailconf_free(struct mailconf *m)
{
	free(m->smtp_url);
	free(m->from);
	free(m->ca_file);
	free(m->domain);
}
