/*
 * mime: an e-mail message (RFC 5322, MIME): headers with their non-ASCII
 * words encoded (RFC 2047), a text part and base64 attachments in one
 * multipart/mixed, CRLF line ends, built in memory (a message is an
 * invoice's PDF and e-invoice: some 100 kB).  Nothing in it reads the
 * clock: Date and Message-ID come from the caller, the boundary from the
 * Message-ID, so the same message is the same bytes.
 *
 *	struct sbuf m = { 0 };
 *	mime_header(&m, "Subject", "Factuur VZ-2026-000001");
 *	mime_begin(&m, msgid);
 *	mime_text(&m, body);
 *	mime_attach(&m, "application/pdf", "VZ-2026-000001.pdf", pdf, n);
 *	mime_end(&m);
 */
#ifndef MIME_H
#define MIME_H

#include <stddef.h>
#include <stdint.h>

struct sbuf;

/* mime_addr_ok: s is one address as mail sends it, local@domain of
 * printable ASCII without spaces, quotes, brackets, commas or a second
 * '@': nothing that could end a header or add a recipient */
int mime_addr_ok(const char *s);

/* mime_header: "Name: value", value RFC 2047-encoded (UTF-8, B) when it
 * holds other than printable ASCII, folded to lines under 78 */
void mime_header(struct sbuf *m, const char *name, const char *value);
/* mime_address: "Name: display <addr>", the display name quoted or
 * encoded as it needs */
void mime_address(struct sbuf *m, const char *name, const char *display,
    const char *addr);
/* mime_date: "Date:" of day d (date.h) at 00:00 UTC */
void mime_date(struct sbuf *m, int32_t d);
/* mime_begin: the MIME headers of a multipart/mixed whose boundary is
 * made from msgid, and the blank line */
void mime_begin(struct sbuf *m, const char *msgid);
/* mime_text: a text/plain UTF-8 part */
void mime_text(struct sbuf *m, const char *text);
/* mime_attach: an attachment of n bytes, base64 in lines of 76 */
void mime_attach(struct sbuf *m, const char *type, const char *filename,
    const void *p, size_t n);
/* mime_end: the closing boundary */
void mime_end(struct sbuf *m);

#endif
