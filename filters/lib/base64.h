/*
 * base64: RFC 4648 encoding, for the PDFs embedded in e-invoices (xmlout)
 * and the attachments of mail (mime).
 */
#ifndef BASE64_H
#define BASE64_H

#include <stddef.h>

/* BASE64_LEN: the digits of n bytes, padding included */
#define BASE64_LEN(n) (((n) + 2) / 3 * 4)

/* base64_encode: the n bytes of src as BASE64_LEN(n) digits into dst (no
 * NUL); '=' pads a last group short of three bytes, so a piece that is not
 * the last is a multiple of 3 bytes long.  Returns the digits written. */
size_t base64_encode(char *dst, const void *src, size_t n);

#endif
