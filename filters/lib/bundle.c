/* bundle: bundles.csv, and the allowance of a month. */
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "cdr.h"
#include "csvio.h"
#include "date.h"
#include "field.h"
#include "money.h"
#include "number.h"
#include "strmap.h"
#include "util.h"

/* by_customer: by customer, then bundle_id (the order bundles pay in) */
static int
by_customer(const void *a, const void *b)
{
	const struct bundle *x = a, *y = b;
	int c = strcmp(x->customer_id, y->customer_id);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/* prefixes: the space-separated E.164 prefixes of field col */
static char **
prefixes(const struct csvr *r, int col)
{
	const char *s = csvr_get(r, col);
	char **v = NULL, *p;
	size_t n = 0, cap = 0, len;

	for (;;) {
		s += strspn(s, " ");
		if (*s == '\0')
			break;
		len = strcspn(s, " ");
		p = xmalloc(len + 1);
		memcpy(p, s, len);
		p[len] = '\0';
		if (strspn(p, "0123456789") != len)
			csvr_die(r, col, "bad prefix '%s': expected digits of "
			    "E.164 numbers (31, 3161), separated by spaces",
			    clip(p));
		if (len > E164_MAX)
			csvr_die(r, col, "bad prefix '%s': expected at most "
			    "%d digits", clip(p), E164_MAX);
		GROW(v, n, cap);
		v[n++] = p;
		s += len;
	}
	if (n == 0)
		return NULL;
	GROW(v, n, cap);
	v[n] = NULL;
	return v;
}

void
bundles_load(const char *path, const struct terms *t,
    const struct contracts *ks, struct bundles *bs)
{
	struct csvr *r = csvr_openpath(path, 0);
	int cid = csvr_need(r, "bundle_id"), ck = csvr_need(r, "contract_id");
	int cs = csvr_need(r, "service"), cu = csvr_need(r, "units");
	int cp = csvr_col(r, "prefixes"), cd = csvr_col(r, "description");
	int cvf = csvr_col(r, "valid_from"), cvu = csvr_col(r, "valid_until");
	const struct contract *k;
	struct bundle *b;
	size_t cap = 0, i;
	long units;
	void *dup;

	memset(bs, 0, sizeof(*bs));
	bs->byid = strmap_new();
	bs->bycustomer = strmap_new();
	bs->increment = t->call_increment;
	bs->days = t->prorate_days;
	while (csvr_next(r)) {
		GROW(bs->v, bs->n, cap);
		b = &bs->v[bs->n];
		memset(b, 0, sizeof(*b));
		b->line = csvr_line(r);
		b->id = xstrdup(fld_id(r, cid, 1));
		if ((dup = strmap_put(bs->byid, b->id,
		    (void *)(uintptr_t)b->line)) != NULL)
			csvr_die(r, cid, "duplicate bundle_id '%s': first on "
			    "line %ld", b->id, (long)(uintptr_t)dup);
		b->contract_id = xstrdup(fld_id(r, ck, 1));
		if ((k = contract_find(ks, b->contract_id)) == NULL)
			csvr_die(r, ck, "unknown contract '%s': expected a "
			    "contract_id of contracts.csv", b->contract_id);
		b->customer_id = xstrdup(k->customer_id);
		b->qty = k->qty;
		if ((b->service = fld_enum(r, cs, services, -1)) < 0)
			csvr_die(r, cs, "missing service: expected voice, sms "
			    "or data");
		/* a whole number: 1,000,000,000 MB is a petabyte a month */
		units = fld_int(r, cu, 0, 1000000000L, -1);
		if (units < 0)
			csvr_die(r, cu, "missing units: expected a whole number "
			    "of %s a month", b->service == SVC_VOICE ?
			    "minutes" : b->service == SVC_SMS ? "messages" :
			    "megabytes");
		b->units = units;
		b->prefixes = prefixes(r, cp);
		b->description = xstrdup(fld_str(r, cd, 0));
		if (*b->description == '\0') {
			free(b->description);
			b->description = xasprintf("%s %ld %s",
			    b->service == SVC_VOICE ? "Belbundel" :
			    b->service == SVC_SMS ? "SMS-bundel" : "Databundel",
			    units, b->service == SVC_VOICE ? "min" :
			    b->service == SVC_SMS ? "sms" : "MB");
		}
		/* the days both the service and the bundle run */
		b->from = fld_date(r, cvf, 0);
		b->to = fld_date(r, cvu, 0);
		if (b->from != DATE_NONE && b->to != DATE_NONE && b->to < b->from)
			csvr_die(r, cvu, "bad valid_until '%s': expected a day "
			    "on or after valid_from", csvr_get(r, cvu));
		if (b->from == DATE_NONE || b->from < k->start)
			b->from = k->start;
		if (k->end != DATE_NONE && (b->to == DATE_NONE || b->to > k->end))
			b->to = k->end;
		bs->n++;
	}
	csvr_close(r);
	if (bs->n > 0)
		qsort(bs->v, bs->n, sizeof(*bs->v), by_customer);
	for (i = bs->n; i-- > 0;) {
		strmap_set(bs->bycustomer, bs->v[i].customer_id,
		    (void *)(uintptr_t)(i + 1));
		strmap_set(bs->byid, bs->v[i].id, (void *)(uintptr_t)(i + 1));
	}
}

void
bundles_free(struct bundles *bs)
{
	size_t i;
	char **p;

	for (i = 0; i < bs->n; i++) {
		free(bs->v[i].id);
		free(bs->v[i].contract_id);
		free(bs->v[i].customer_id);
		free(bs->v[i].description);
		for (p = bs->v[i].prefixes; p != NULL && *p != NULL; p++)
			free(*p);
		free(bs->v[i].prefixes);
	}
	free(bs->v);
	strmap_free(bs->byid);
	strmap_free(bs->bycustomer);
	memset(bs, 0, sizeof(*bs));
}

const struct bundle *
bundles_of(const struct bundles *bs, const char *cust)
{
	uintptr_t i = (uintptr_t)strmap_get(bs->bycustomer, cust);

	return i ? &bs->v[i - 1] : NULL;
}

const struct bundle *
bundle_find(const struct bundles *bs, const char *id)
{
	uintptr_t i = (uintptr_t)strmap_get(bs->byid, id);

	return i ? &bs->v[i - 1] : NULL;
}

const struct bundle *
bundle_next(const struct bundles *bs, const struct bundle *b)
{
	if ((size_t)(b - bs->v) + 1 >= bs->n ||
	    strcmp(b[1].customer_id, b->customer_id) != 0)
		return NULL;
	return b + 1;
}

int
bundle_runs(const struct bundle *b, int32_t d)
{
	return d >= b->from && (b->to == DATE_NONE || d <= b->to);
}

int64_t
bundle_allowance(const struct bundles *bs, const struct bundle *b, int ym)
{
	int32_t a = period_first(ym), e = period_last(ym);
	int64_t v;
	int whole, days;

	if (b->from > a)
		a = b->from;
	if (b->to != DATE_NONE && b->to < e)
		e = b->to;
	if (a > e)
		return 0;
	/* rules.md §7: floor on a part month, days counted as for a fee */
	days = days_counted(a, e, bs->days, &whole);
	if (mmul(b->units, b->qty, &v) != 0 || mmul(v, days, &v) != 0)
		return -1;
	v /= bs->days;
	/* a voice bundle's minutes, in units of call_increment seconds */
	if (b->service == SVC_VOICE && (mmul(v, 60, &v) != 0))
		return -1;
	if (b->service == SVC_VOICE)
		v /= bs->increment;
	return v;
}

int
bundle_covers(const struct bundle *b, const char *num)
{
	char *const *p;

	if (b->prefixes == NULL)
		return 1;
	for (p = b->prefixes; *p != NULL; p++)
		if (strncmp(num, *p, strlen(*p)) == 0)
			return 1;
	return 0;
}
