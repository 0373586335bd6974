/*
 * strmap: a hash map from strings to pointers, open addressing.  Keys are
 * copied; values are the caller's.  For the side tables every filter loads
 * (customers, contracts, tariffs by id).
 */
#ifndef STRMAP_H
#define STRMAP_H

#include <stddef.h>

struct strmap;

struct strmap *strmap_new(void);
/* strmap_get: the value stored under key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* strmap_put: store val under key unless key is present: returns the old
 * value then (and stores nothing), else NULL. */
void *strmap_put(struct strmap *m, const char *key, void *val);
/* strmap_set: store val under key, replacing any value. */
void strmap_set(struct strmap *m, const char *key, void *val);
void strmap_free(struct strmap *m);

#endif
