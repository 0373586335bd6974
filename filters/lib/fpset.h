/*
 * fpset: the state's sets of billed CDRs, cdrs.MONTH.RUN.fp: the 128-bit
 * fingerprints (util.h fp128) of the cdr_ids of the CDRs that started in
 * MONTH and were billed by the run of period RUN, sorted, each 16 bytes
 * big-endian after the 8-byte magic "BILLFP01".  once reads and writes
 * them; post adds a run's new sets to the state.
 */
#ifndef FPSET_H
#define FPSET_H

#include <stddef.h>
#include <stdint.h>

#define FPSET_NAMESZ 24

struct fpset {
	char *path;
	int month, run;
	int fd;
	uint64_t n;		/* fingerprints */
};

/* fpset_name: "cdrs.2026-10.2026-11.fp" into buf (FPSET_NAMESZ). */
char *fpset_name(int month, int run, char *buf);
/* fpset_parse: 0 when name is a set's name, with its month and run. */
int fpset_parse(const char *name, int *month, int *run);

/* fpsets_load: the sets in folder dir (NULL: none) of runs before the
 * period before, open for reading, into *v (*n of them). */
void fpsets_load(const char *dir, int before, struct fpset **v, size_t *n);
void fpsets_free(struct fpset *v, size_t n);

/* fpset_get: the fingerprint at index i. */
void fpset_get(const struct fpset *s, uint64_t i, uint64_t *hi,
    uint64_t *lo);
/* fpset_read: up to max fingerprints from index i into buf (16 bytes
 * each); returns how many. */
size_t fpset_read(const struct fpset *s, uint64_t i, unsigned char *buf,
    size_t max);
/* fpset_bound: in [a, b), the first index not below (hi, lo), or with
 * upper the first above it. */
uint64_t fpset_bound(const struct fpset *s, uint64_t a, uint64_t b,
    uint64_t hi, uint64_t lo, int upper);

int fp_cmp(uint64_t ahi, uint64_t alo, uint64_t bhi, uint64_t blo);
/* fp_load, fp_store: 16 big-endian bytes. */
void fp_load(const unsigned char *b, uint64_t *hi, uint64_t *lo);
void fp_store(unsigned char *b, uint64_t hi, uint64_t lo);

/* Writing a set: fingerprints in ascending order; every write checked,
 * fsynced at fpw_close.  Dies on error. */
struct fpw;
struct fpw *fpw_create(const char *path);
void fpw_put(struct fpw *w, uint64_t hi, uint64_t lo);
void fpw_close(struct fpw *w);

#endif
