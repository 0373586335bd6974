/*
 * sepa: the direct-debit batch of a run (rules.md §8, sepa.md): the
 * invoices of OUTDIR/invoices.csv that are collected, as pain.008 files
 * under OUTDIR/sepa/ (one per collection date, one block per sequence
 * type), the run's rows of the debit ledger, the invoices that stay due
 * by transfer with the reason, and invoices.csv again with the payment
 * method and the collection date of each invoice as the batch has it.
 * Every check comes before the first file is written; a failed run
 * leaves OUTDIR as it was.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aside.h"
#include "contract.h"
#include "country.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "debits.h"
#include "invoices.h"
#include "mandate.h"
#include "money.h"
#include "pain008.h"
#include "sepatext.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

static const char synopsis[] =
    "-p YYYY-MM -c terms.conf -C customers.csv [-k contracts.csv] "
    "-s STATEDIR -w debits.csv -u uncollected.csv -o OUTDIR";
static const char options[] =
    "  -p YYYY-MM         the run month\n"
    "  -c terms.conf      the provider's profile: creditor, scheme, "
    "version\n"
    "  -C customers.csv   the customers: mandates and accounts\n"
    "  -k contracts.csv   the contracts: a customer whose contracts all "
    "ended\n"
    "                     is debited a last time (FNAL)\n"
    "  -s STATEDIR        the state: the debit ledger of earlier runs\n"
    "  -w debits.csv      write the run's debits (for post -D)\n"
    "  -u uncollected.csv write the invoices not collected, with the "
    "reason\n"
    "  -o OUTDIR          the run's folder: reads and rewrites invoices.csv,"
    "\n"
    "                     writes sepa/\n";

static struct terms terms;
static struct customers cs;
static struct contracts ks;
static struct ledger *ledger;
static struct strmap *service;	/* customer_id -> last day of service */
static int period;
static const char *outdir;

/*
 * The blocks of the batch: one per collection date and sequence type.
 * Pass one keeps each block's debits in a scratch file of its own, as
 * records of what only the debit knows (the customer's by its index); pass
 * two, once the counts and sums are known, writes the XML from them, once.
 */
struct block {
	int32_t date;
	enum seqtype seq;
	long count;
	int64_t sum;
	char msg_id[48], pmtinf_id[48];
	FILE *fp;		/* its records (keep, rec_get) */
};

static struct block *blocks;
static size_t nblocks, capblocks;
static int32_t run_date = DATE_NONE;

static enum p8version
version(void)
{
	return terms.sepa_version == 2 ? P8_V02 : P8_V08;
}

/* the batch's ids, from the run and the date, never from the clock:
 * PREFIX-YYYYMM-YYYYMMDD (at most 25 characters), + "-" SEQ for a block */
static void
msg_id(int32_t date, char *buf, size_t n)
{
	char ym[8], d[DATE_BUFSZ];

	period_fmt(period, ym);
	date_fmt(date, d);
	snprintf(buf, n, "%s-%.4s%.2s-%.4s%.2s%.2s", terms.invoice_prefix, ym,
	    ym + 5, d, d + 5, d + 8);
}

static void
pmtinf_id(int32_t date, enum seqtype seq, char *buf, size_t n)
{
	size_t len;

	msg_id(date, buf, n);
	len = strlen(buf);
	snprintf(buf + len, n - len, "-%s", seq_names[seq]);
}

static struct block *
block_of(int32_t date, enum seqtype seq)
{
	struct block *b;
	size_t i;

	for (i = 0; i < nblocks; i++)
		if (blocks[i].date == date && blocks[i].seq == seq)
			return &blocks[i];
	GROW(blocks, nblocks, capblocks);
	b = &blocks[nblocks++];
	memset(b, 0, sizeof(*b));
	b->date = date;
	b->seq = seq;
	msg_id(date, b->msg_id, sizeof(b->msg_id));
	pmtinf_id(date, seq, b->pmtinf_id, sizeof(b->pmtinf_id));
	b->fp = scratch_file(outdir, ".sepa");
	return b;
}

static int
block_cmp(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (int)x->seq - (int)y->seq;
}

/* the last day of service of each customer: the latest end of its
 * contracts, INT32_MAX while one runs on (its slot in service_end) */
static int32_t *service_end;

static void
load_service(void)
{
	int32_t *v;
	size_t i;

	service = strmap_new();
	service_end = xcalloc(ks.n + 1, sizeof(*service_end));
	for (i = 0; i < ks.n; i++) {
		const struct contract *k = &ks.v[i];
		int32_t end = k->end == DATE_NONE ? INT32_MAX : k->end;

		if ((v = strmap_get(service, k->customer_id)) == NULL) {
			service_end[i] = end;
			strmap_set(service, k->customer_id, &service_end[i]);
		} else if (end > *v) {
			*v = end;
		}
	}
}

static int32_t
last_service(const char *customer_id)
{
	const int32_t *v = service ? strmap_get(service, customer_id) : NULL;

	return v == NULL || *v == INT32_MAX ? DATE_NONE : *v;
}

/* the debtor's address: written only for a bank outside the EEA, where
 * the scheme asks it (sepa.md), and then structured */
struct texts {
	char name[SEPA_NAME_MAX + 1], street[SEPA_STREET_MAX + 1];
	char postcode[SEPA_POSTCODE_MAX + 1], town[SEPA_TOWN_MAX + 1];
	int address;
};

/* a debit as its block keeps it for pass two: the rest is the customer's */
struct rec {
	uint32_t customer;	/* its index in cs.v */
	uint8_t new_bank, address;
	int64_t amount;
	char invoice_no[SEPA_ID_MAX + 1], orig_mandate_id[SEPA_ID_MAX + 1];
	char orig_iban[SEPA_ID_MAX + 1];
	struct texts x;
};

/* put_str, get_str: a string of a record, its length in one byte first */
static void
put_str(FILE *fp, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max)
		die("%s: '%s': longer than %zu characters", outdir, clip(s),
		    max);
	putc((int)n, fp);
	fwrite(s, 1, n, fp);
}

static void
get_str(FILE *fp, char *buf, size_t size)
{
	int n = getc(fp);

	if (n == EOF || (size_t)n >= size ||
	    fread(buf, 1, (size_t)n, fp) != (size_t)n)
		die("%s: a scratch file of the batch reads back short",
		    outdir);
	buf[n] = '\0';
}

/* rec_get: the next record of fp into r; 0 at the end */
static int
rec_get(FILE *fp, struct rec *r)
{
	int nb, ad;

	if (fread(&r->customer, sizeof(r->customer), 1, fp) != 1) {
		if (ferror(fp))
			die("%s: a scratch file of the batch: read error",
			    outdir);
		return 0;
	}
	if (fread(&r->amount, sizeof(r->amount), 1, fp) != 1 ||
	    (nb = getc(fp)) == EOF || (ad = getc(fp)) == EOF)
		die("%s: a scratch file of the batch reads back short",
		    outdir);
	r->new_bank = (uint8_t)nb;
	r->address = (uint8_t)ad;
	get_str(fp, r->invoice_no, sizeof(r->invoice_no));
	get_str(fp, r->orig_mandate_id, sizeof(r->orig_mandate_id));
	get_str(fp, r->orig_iban, sizeof(r->orig_iban));
	get_str(fp, r->x.name, sizeof(r->x.name));
	r->x.address = r->address;
	if (r->address) {
		get_str(fp, r->x.street, sizeof(r->x.street));
		get_str(fp, r->x.postcode, sizeof(r->x.postcode));
		get_str(fp, r->x.town, sizeof(r->x.town));
	}
	return 1;
}

static const char *
debtor_texts(const struct customer *c, struct texts *t)
{
	char cc[3] = { 0 };

	memcpy(cc, c->iban, 2);
	if (*sepa_text(c->name, SEPA_NAME_MAX, t->name) == '\0')
		return "the name has no letter or digit of the SEPA character "
		    "set";
	t->address = !eea_member(cc);
	if (t->address && (*sepa_text(c->street, SEPA_STREET_MAX,
	    t->street) == '\0' || *sepa_text(c->postcode, SEPA_POSTCODE_MAX,
	    t->postcode) == '\0' || *sepa_text(c->city, SEPA_TOWN_MAX,
	    t->town) == '\0'))
		return "the address, needed for a bank outside the EEA, has "
		    "a part without a letter or digit of the SEPA character "
		    "set";
	return NULL;
}

/*
 * decide: the debit of invoice v, or why it is not collected (into why,
 * size n).  An invoice is a candidate when its customer pays by direct
 * debit and it is not the first nor zero or less (mandate_candidate).
 */
static const char *
decide(const struct csvr *r, const struct invoice *v,
    const struct customer *c, struct debit *d, struct texts *t, char *why,
    size_t n)
{
	struct mandate_use u;
	const char *e, *batch;
	char buf[160];

	if ((batch = ledger_batch(ledger, v->invoice_no)) != NULL)
		csvr_die(r, -1, "invoice %s: already collected in batch %s: "
		    "an invoice is debited once", v->invoice_no, batch);
	if ((e = collection_date(v->invoice_date, v->due_date,
	    terms.collection_days, &d->collection_date, buf, sizeof(buf))))
		csvr_die(r, -1, "invoice %s: %s (collection_days %d, "
		    "payment_days %d)", v->invoice_no, e,
		    terms.collection_days, terms.payment_days);
	if ((e = debtor_texts(c, t)) != NULL) {
		snprintf(why, n, "%s", e);
		return why;
	}
	if ((e = mandate_use(c, ledger_last(ledger, c->id),
	    ledger_noretry(ledger, c->id), last_service(c->id),
	    v->invoice_date, v->gross,
	    d->collection_date, &u, why, n)) != NULL)
		return e;
	d->period = period;
	d->invoice_no = v->invoice_no;
	d->customer_id = c->id;
	d->seq = u.seq;
	d->amount = v->gross;
	d->mandate_id = c->mandate_id;
	d->mandate_date = c->mandate_date;
	d->iban = c->iban;
	d->bic = c->bic;
	d->orig_mandate_id = u.orig_mandate_id;
	d->orig_iban = u.orig_iban;
	d->new_bank = u.new_bank;
	return NULL;
}

/* remittance: the text of a debit: the invoice number and its period */
static void
remittance(const struct customer *c, const char *no, char *buf)
{
	char ym[8], raw[256];
	int en = strcmp(c->language, "en") == 0;

	snprintf(raw, sizeof(raw), "%s %s %s %s", en ? "Invoice" : "Factuur",
	    no, en ? "period" : "periode", period_fmt(period, ym));
	sepa_text(raw, SEPA_USTRD_MAX, buf);
}

/* write_debit: the transaction of record r into document p */
static void
write_debit(struct p8 *p, const struct rec *r)
{
	const struct customer *c = &cs.v[r->customer];
	struct p8_debit t;
	char ustrd[SEPA_USTRD_MAX + 1];

	memset(&t, 0, sizeof(t));
	t.end_to_end_id = r->invoice_no;
	t.mandate_id = c->mandate_id;
	t.mandate_date = c->mandate_date;
	t.amount = r->amount;
	t.orig_mandate_id = r->orig_mandate_id;
	t.orig_iban = r->orig_iban;
	t.new_bank = r->new_bank;
	t.creditor_id = terms.creditor_id ? terms.creditor_id : "";
	t.bic = c->bic;
	t.debtor = r->x.name;
	t.iban = c->iban;
	remittance(c, r->invoice_no, ustrd);
	t.remittance = ustrd;
	if (r->address) {
		t.address.street = r->x.street;
		t.address.postcode = r->x.postcode;
		t.address.town = r->x.town;
		t.address.country = c->country;
	}
	p8_debit(p, &t);
}

/* keep: debit d of customer c, with its texts x, in its block (the
 * record rec_get reads) */
static void
keep(struct block *b, const struct debit *d, const struct customer *c,
    const struct texts *x)
{
	uint32_t i = (uint32_t)(c - cs.v);
	FILE *fp = b->fp;

	fwrite(&i, sizeof(i), 1, fp);
	fwrite(&d->amount, sizeof(d->amount), 1, fp);
	putc(d->new_bank != 0, fp);
	putc(x->address != 0, fp);
	put_str(fp, d->invoice_no, SEPA_ID_MAX);
	put_str(fp, d->orig_mandate_id, SEPA_ID_MAX);
	put_str(fp, d->orig_iban, SEPA_ID_MAX);
	put_str(fp, x->name, SEPA_NAME_MAX);
	if (x->address) {
		put_str(fp, x->street, SEPA_STREET_MAX);
		put_str(fp, x->postcode, SEPA_POSTCODE_MAX);
		put_str(fp, x->town, SEPA_TOWN_MAX);
	}
}

/* check_ids: the customer's mandate id, checked when customers.csv was
 * read, and the invoice number, used as EndToEndId */
static void
check_ids(const struct csvr *r, const struct invoice *v)
{
	const char *e;

	if ((e = sepa_id_check(v->invoice_no, SEPA_ID_MAX)) != NULL)
		csvr_die(r, -1, "invoice %s: not an EndToEndId: %s",
		    clip(v->invoice_no), e);
}

/*
 * pass one: every invoice decided, invoices.csv and the run's debits
 * written aside, the blocks counted.  Returns the number of debits.
 */
static long
decide_all(const char *debf, struct aside **adeb, struct csvw **wdeb,
    struct aside **ainv, struct csvw **winv, struct csvw *wunc)
{
	struct invr *ir;
	struct invoice v;
	struct debit d;
	struct uncollected u;
	struct block *b;
	struct texts x;
	const struct customer *c;
	char *pi = path_join(outdir, "invoices.csv"), why[256], m[48];
	char p[48], ym[8];
	FILE *fi, *fd;
	long n = 0;

	ir = invr_open(csvr_openpath(pi, 0), INV_RUN);
	*ainv = aside_open(pi, &fi);
	*winv = csvw_open(fi, pi);
	invw_header(*winv, INV_RUN);
	*adeb = aside_open(debf, &fd);
	*wdeb = csvw_open(fd, debf);
	debw_header(*wdeb);
	while (invr_next(ir, &v)) {
		const struct csvr *r = invr_csv(ir);

		if (v.period != period)
			csvr_die(r, -1, "invoice %s: of period %s: expected "
			    "the run's, %s", v.invoice_no, period_fmt(v.period,
			    ym), period_fmt(period, p));
		if ((c = customer_seek(&cs, v.customer_id)) == NULL)
			csvr_die(r, -1, "invoice %s: unknown customer '%s': "
			    "expected a customer_id of %s", v.invoice_no,
			    clip(v.customer_id), cs.path);
		if (run_date == DATE_NONE)
			run_date = v.invoice_date;
		else if (v.invoice_date != run_date)
			csvr_die(r, -1, "invoice %s: dated %s: expected the "
			    "run's invoice date, %s", v.invoice_no,
			    date_fmt(v.invoice_date, p), date_fmt(run_date, m));
		v.direct_debit = 0;
		v.collection_date = DATE_NONE;
		if (mandate_candidate(c, v.first, v.gross)) {
			check_ids(r, &v);
			if (decide(r, &v, c, &d, &x, why, sizeof(why)) ==
			    NULL) {
				b = block_of(d.collection_date, d.seq);
				d.msg_id = b->msg_id;
				d.pmtinf_id = b->pmtinf_id;
				debw_put(*wdeb, &d);
				keep(b, &d, c, &x);
				b->count++;
				if (madd(b->sum, d.amount, &b->sum) != 0)
					die("%s: the batch's sum overflows",
					    pi);
				v.direct_debit = 1;
				v.collection_date = d.collection_date;
				n++;
			} else {
				u.invoice_no = v.invoice_no;
				u.customer_id = c->id;
				u.reason = why;
				uncw_put(wunc, &u);
			}
		}
		invw_put(*winv, &v, INV_RUN);
	}
	invr_close(ir);
	free(pi);
	return n;
}

/* the provider as creditor: what a batch cannot go without */
struct creditor {
	char name[SEPA_NAME_MAX + 1], street[SEPA_STREET_MAX + 1];
	char postcode[SEPA_POSTCODE_MAX + 1], town[SEPA_TOWN_MAX + 1];
	struct p8_address address;
};

static void
need(const char *key, const char *v, long n)
{
	if (v == NULL || *v == '\0')
		die("%s: %s: missing: needed to collect %ld direct debit%s",
		    terms.path, key, n, n == 1 ? "" : "s");
}

static void
creditor(struct creditor *cr, long n)
{
	need("provider_name", terms.provider_name, n);
	need("iban", terms.iban, n);
	need("creditor_id", terms.creditor_id, n);
	if (*sepa_text(terms.provider_name, SEPA_NAME_MAX, cr->name) == '\0')
		die("%s: provider_name '%s': no letter or digit of the SEPA "
		    "character set", terms.path, clip(terms.provider_name));
	memset(&cr->address, 0, sizeof(cr->address));
	if (terms.street && *sepa_text(terms.street, SEPA_STREET_MAX,
	    cr->street) && terms.postcode && *sepa_text(terms.postcode,
	    SEPA_POSTCODE_MAX, cr->postcode) && terms.city &&
	    *sepa_text(terms.city, SEPA_TOWN_MAX, cr->town) && terms.country &&
	    *terms.country) {
		cr->address.street = cr->street;
		cr->address.postcode = cr->postcode;
		cr->address.town = cr->town;
		cr->address.country = terms.country;
	}
}

/* pass two: one file per collection date, its blocks in sequence order,
 * each block's debits put in from where pass one wrote them */
static void
write_file(const char *sepadir, size_t first, size_t end,
    const struct creditor *cr, struct aside **out)
{
	struct p8_group g;
	struct p8_block b;
	struct p8 *p;
	struct rec r;
	char m[48], pid[48], created[32], dd[DATE_BUFSZ], *path, *name;
	size_t i;
	FILE *fp;

	msg_id(blocks[first].date, m, sizeof(m));
	name = xasprintf("%s.xml", m);
	path = path_join(sepadir, name);
	*out = aside_open(path, &fp);
	snprintf(created, sizeof(created), "%sT00:00:00", date_fmt(run_date,
	    dd));
	memset(&g, 0, sizeof(g));
	g.msg_id = m;
	g.created = created;
	g.initiator = cr->name;
	for (i = first; i < end; i++) {
		g.count += blocks[i].count;
		if (madd(g.sum, blocks[i].sum, &g.sum) != 0)
			die("%s: the batch's sum overflows", path);
	}
	p = p8_open(fp, path, version());
	p8_group(p, &g);
	for (i = first; i < end; i++) {
		memset(&b, 0, sizeof(b));
		pmtinf_id(blocks[i].date, blocks[i].seq, pid, sizeof(pid));
		b.pmtinf_id = pid;
		b.scheme = terms.sepa_scheme == SCHEME_B2B ? "B2B" : "CORE";
		b.seq = blocks[i].seq;
		b.count = blocks[i].count;
		b.sum = blocks[i].sum;
		b.date = blocks[i].date;
		b.creditor = cr->name;
		b.iban = terms.iban;
		b.bic = terms.bic ? terms.bic : "";
		b.creditor_id = terms.creditor_id;
		b.address = cr->address;
		p8_block(p, &b);
		if (fflush(blocks[i].fp) != 0 || fseeko(blocks[i].fp, 0,
		    SEEK_SET) != 0)
			die("%s: a scratch file of the batch: %s", outdir,
			    strerror(errno));
		while (rec_get(blocks[i].fp, &r))
			write_debit(p, &r);
		fclose(blocks[i].fp);
		p8_block_end(p);
	}
	p8_close(p);
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0)
		die("%s: write error: %s", path, strerror(errno));
	free(path);
	free(name);
}

/* remove_stale: the files of an earlier run of this step that this one
 * does not write again */
static void
remove_stale(const char *sepadir)
{
	DIR *dir = opendir(sepadir);
	struct dirent *e;
	char m[48], *want, *p;
	size_t i, len;
	int keep;

	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		keep = 0;
		for (i = 0; i < nblocks && !keep; i++) {
			msg_id(blocks[i].date, m, sizeof(m));
			want = xasprintf("%s.xml", m);
			keep = strcmp(want, e->d_name) == 0;
			free(want);
		}
		if (keep)
			continue;
		p = path_join(sepadir, e->d_name);
		if (unlink(p) != 0)
			die("%s: cannot remove: %s", p, strerror(errno));
		free(p);
	}
	closedir(dir);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *cf = NULL, *kf = NULL, *statedir = NULL;
	const char *debf = NULL, *uncf = NULL;
	struct aside *adeb, *ainv, *aunc, **afiles;
	struct csvw *wdeb, *winv, *wunc;
	struct creditor cr;
	char *sepadir;
	size_t i, j, nfiles;
	long n;
	int ch;
	FILE *fu;

	prog_init(argc, argv, synopsis, options);
	period = -1;
	while ((ch = opt(argc, argv, "p:c:C:k:s:w:u:o:")) != -1) {
		switch (ch) {
		case 'p':
			period = period_opt(optarg);
			break;
		case 'c':
			termsf = optarg;
			break;
		case 'C':
			cf = optarg;
			break;
		case 'k':
			kf = optarg;
			break;
		case 's':
			statedir = optarg;
			break;
		case 'w':
			debf = optarg;
			break;
		case 'u':
			uncf = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		}
	}
	if (period < 0 || termsf == NULL || cf == NULL || statedir == NULL ||
	    debf == NULL || uncf == NULL || outdir == NULL || optind != argc)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(cf, &terms, &cs);
	if (kf != NULL) {
		contracts_load(kf, &terms, &cs, statedir, &ks);
		load_service();
	}
	ledger = ledger_load(statedir, period);

	aunc = aside_open(uncf, &fu);
	wunc = csvw_open(fu, uncf);
	uncw_header(wunc);
	n = decide_all(debf, &adeb, &wdeb, &ainv, &winv, wunc);
	csvw_close_sync(wdeb);
	if (n > 0)
		creditor(&cr, n);

	/* the files, aside until every one is written */
	if (nblocks > 1)
		qsort(blocks, nblocks, sizeof(blocks[0]), block_cmp);
	sepadir = path_join(outdir, "sepa");
	afiles = xcalloc(nblocks + 1, sizeof(*afiles));
	nfiles = 0;
	if (nblocks > 0)
		dir_make(sepadir);
	for (i = 0; i < nblocks; i = j) {
		for (j = i; j < nblocks && blocks[j].date == blocks[i].date; j++)
			;
		write_file(sepadir, i, j, &cr, &afiles[nfiles++]);
	}
	csvw_close_sync(winv);
	csvw_close_sync(wunc);

	remove_stale(sepadir);
	for (i = 0; i < nfiles; i++)
		aside_commit(afiles[i]);
	if (nfiles > 0)
		fsync_dir(sepadir);
	aside_commit(adeb);
	aside_commit(aunc);
	aside_commit(ainv);

	free(afiles);
	free(sepadir);
	free(blocks);
	ledger_free(ledger);
	if (kf != NULL) {
		strmap_free(service);
		free(service_end);
		contracts_free(&ks);
	}
	customers_free(&cs);
	terms_free(&terms);
	return 0;
}
