/*
 * idset: a set of ids by their 128-bit fingerprints (util.h fp128), each
 * with two 64-bit values of the caller's, open addressing: 32 bytes a
 * member and no copy of the id, for telling whether an entry was seen
 * before when there are millions of them (reconcile's receipts).  Two ids
 * share a fingerprint with odds of 2^-128.
 */
#ifndef IDSET_H
#define IDSET_H

#include <stddef.h>
#include <stdint.h>

struct idset;

struct idset *idset_new(void);
/* idset_put: add the id of n bytes with values a and b, or, when it is
 * present, store its values in *olda and *oldb and return 1. */
int idset_put(struct idset *s, const void *id, size_t n, uint64_t a,
    uint64_t b, uint64_t *olda, uint64_t *oldb);
size_t idset_len(const struct idset *s);
void idset_free(struct idset *s);

#endif
