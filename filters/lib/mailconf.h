/*
 * mailconf: INDIR/mail.conf (formats.md), how mail reaches the server:
 *
 *     smtp_url = smtp://mail.example.nl:587
 *     from = facturen@example.nl
 *     starttls = yes          (default; no only for a test server)
 *     ca_file = /etc/ssl/certs/provider-ca.pem
 *
 * "key = value" lines, '#' comments; an unknown key, a key twice, a bad
 * value is an error naming file, line and column.  Credentials are never
 * here: they come from the environment or ~/.netrc (mailout(1)).
 */
#ifndef MAILCONF_H
#define MAILCONF_H

struct mailconf {
	char *smtp_url;		/* smtp:// or smtps://; "" absent */
	char *from;		/* the sender's address */
	char *ca_file;		/* "" : the system's certificates */
	int starttls;		/* 1: STARTTLS required (smtp://) */
	char *domain;		/* of from, for the Message-IDs */
};

void mailconf_load(const char *path, struct mailconf *m);
void mailconf_free(struct mailconf *m);

#endif
