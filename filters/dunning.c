/*
 * dunning: the debtor ledger of day D and the dunning steps due on it
 * (rules.md §9, §10).
 *
 * Nothing is kept but facts: the invoices issued (the register), the
 * debits sent (the debit ledger), the receipts applied (the receipts log,
 * and the new ones reconcile resolved for this run) and the steps taken
 * (the steps log).  From them, replayed per customer in the order of their
 * dates up to and including D, every open item is computed anew: what each
 * payment paid (a named invoice, else the oldest due first, art. 6:43 BW;
 * within an invoice costs and fees, then interest, then principal, art.
 * 6:44 BW), the interest by day or by started month, compounded yearly,
 * and what each step claimed.  So a run for any day, rerun or late or out
 * of order, sees the ledger as it stood on that day, and takes a step only
 * where the log holds none for that invoice on or after that day: no step
 * is ever taken twice.
 *
 * Writes to OUTDIR actions.csv (the steps taken today, a letter's rows
 * together), open.csv, charges.csv (the fees for the next bill-run),
 * agency.csv and report.txt.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions.h"
#include "article.h"
#include "aside.h"
#include "claim.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "debits.h"
#include "invoices.h"
#include "money.h"
#include "openitems.h"
#include "receipts.h"
#include "sentlog.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "util.h"

static const char synopsis[] =
    "-d YYYY-MM-DD -c terms.conf -C customers.csv -s STATEDIR "
    "[-r receipts.csv] [-u unapplied.csv] [-t disputes.csv] "
    "[-I interest.csv] -o OUTDIR";
static const char options[] =
    "  -d YYYY-MM-DD    the run date D: payments dated after it wait\n"
    "  -c terms.conf    the provider's terms profile\n"
    "  -C customers.csv the customers (consumer, language, name)\n"
    "  -s STATEDIR      the state: register, debits, receipts and steps\n"
    "  -r receipts.csv  the receipts of this run (from reconcile)\n"
    "  -u unapplied.csv what reconcile could not apply, for report.txt\n"
    "  -t disputes.csv  the objections to invoices\n"
    "  -I interest.csv  the statutory rates, instead of legal.md's table\n"
    "  -o OUTDIR        where actions.csv, open.csv, charges.csv, agency.csv\n"
    "                   and report.txt go\n";

static struct terms terms;
static struct customers cs;
static struct rates rates;
static struct strpool pool;
static int32_t today;

struct cust;

/* an invoice as an open item */
struct item {
	const char *no;
	struct cust *cu;
	int32_t date, due, edue;	/* edue: in default the day after */
	int64_t gross, prin, costs, fees, ipaid, paid, disputed;
	int64_t coll_prin, costs_claimed;
	struct accrual acc, cacc;	/* on the principal; on the costs */
	int issued, level, in_coll, returned, fd_done, has_step;
	enum step last;
	int32_t step_date, deadline, logged;
	int32_t warn;			/* an uncovered day of its interest */
	const char *ret_code;
	int64_t debit;			/* collected by direct debit */
	int32_t debit_date;
};

struct cust {
	const char *id;
	const struct customer *c;
	size_t rank;
	struct item **v;
	size_t n, cap;
	int64_t credit;
	int suspended, terminated;
	const char *susp_no;		/* the invoice that suspended */
	int32_t logged;
};

static struct item **items;
static size_t nitems, capitems;
static struct strmap *byno, *bycust;
static struct cust **custs;
static size_t ncusts, capcusts;

enum evtype { EV_ISSUE, EV_DEBIT, EV_DISPUTE, EV_RESOLVE, EV_PAY, EV_RETURN,
	EV_STEP };

struct rcpt {
	struct cust *cu;
	struct item *it;
	int32_t date;
	int64_t amount;
	enum pay_kind kind;
	const char *reason;
	int fresh;			/* this run's */
};

struct logstep {
	struct item *it;
	struct action a;
};

struct ev {
	size_t rank;
	int32_t date;
	enum evtype type;
	size_t seq;
	void *p;
	int64_t amount;
};

static struct ev *evs;
static size_t nevs, capevs;

/* the totals of report.txt */
static struct {
	size_t in_n, ret_n, un_n;
	int64_t in_amt, ret_amt, un_amt;
	size_t steps[NSTEPS];
	int64_t step_amt[NSTEPS];
	int64_t credit;
} rep;

static struct cust *
cust_get(const char *id)
{
	struct cust *cu = strmap_get(bycust, id);

	if (cu == NULL) {
		cu = xcalloc(1, sizeof(*cu));
		cu->id = pool_dup(&pool, id);
		cu->c = customer_find(&cs, id);
		cu->logged = DATE_NONE;
		strmap_put(bycust, cu->id, cu);
		GROW(custs, ncusts, capcusts);
		custs[ncusts++] = cu;
	}
	return cu;
}

static void
ev_add(int32_t date, enum evtype type, void *p, int64_t amount)
{
	struct ev *e;

	GROW(evs, nevs, capevs);
	e = &evs[nevs];
	e->date = date;
	e->type = type;
	e->seq = nevs;
	e->p = p;
	e->amount = amount;
	nevs++;
}

/* --- loading the facts ------------------------------------------------------ */

static void
load_register(const char *statedir)
{
	struct invoice inv;
	struct invr *ir;
	struct item *it;
	char *path;
	FILE *fp = state_open(statedir, "invoices.csv", &path);

	if (fp != NULL) {
		ir = invr_open(csvr_open(fp, path, 0), INV_REGISTER);
		while (invr_next(ir, &inv)) {
			if (inv.invoice_date > today)
				continue;
			if (strmap_get(byno, inv.invoice_no) != NULL)
				csvr_die(invr_csv(ir), -1, "invoice %s again",
				    clip(inv.invoice_no));
			it = xcalloc(1, sizeof(*it));
			it->no = pool_dup(&pool, inv.invoice_no);
			it->cu = cust_get(inv.customer_id);
			it->date = inv.invoice_date;
			it->due = it->edue = inv.due_date;
			it->gross = inv.gross;
			it->logged = it->step_date = it->deadline = DATE_NONE;
			it->debit_date = it->warn = DATE_NONE;
			accrual_start(&it->acc, it->edue + 1);
			strmap_put(byno, it->no, it);
			GROW(items, nitems, capitems);
			items[nitems++] = it;
			GROW(it->cu->v, it->cu->n, it->cu->cap);
			it->cu->v[it->cu->n++] = it;
		}
		invr_close(ir);
	}
	free(path);
}

static void
load_debits(const char *statedir)
{
	struct debit d;
	struct debr *dr;
	struct item *it;
	char *path;
	FILE *fp = state_open(statedir, "debits.csv", &path);

	if (fp != NULL) {
		dr = debr_open(csvr_open(fp, path, 0));
		while (debr_next(dr, &d)) {
			if ((it = strmap_get(byno, d.invoice_no)) == NULL)
				continue;	/* dated after the run day */
			it->debit = d.amount;
			it->debit_date = d.collection_date;
		}
		debr_close(dr);
	}
	free(path);
}

static struct rcpt *rcpts;
static size_t nrcpts, caprcpts;

static void
load_receipts(const char *path, FILE *fp, int fresh)
{
	struct receipt p;
	struct rcptr *rr = rcptr_open(csvr_open(fp, path, 0));
	struct rcpt *r;

	while (rcptr_next(rr, &p)) {
		if (p.date > today)
			continue;
		GROW(rcpts, nrcpts, caprcpts);
		r = &rcpts[nrcpts++];
		r->cu = cust_get(p.customer_id);
		r->it = NULL;
		if (*p.invoice_no != '\0' && (r->it = strmap_get(byno,
		    p.invoice_no)) == NULL && p.kind == PAY_RETURN)
			csvr_die(rcptr_csv(rr), -1, "return of unknown invoice "
			    "%s", clip(p.invoice_no));
		if (r->it != NULL && r->it->cu != r->cu)
			r->it = NULL;	/* not theirs: pays their own */
		r->date = p.date;
		r->amount = p.amount;
		r->kind = p.kind;
		r->reason = pool_dup(&pool, p.reason);
		r->fresh = fresh;
	}
	rcptr_close(rr);
}

static struct logstep *steps;
static size_t nsteps, capsteps;
static struct sentlog *sent;	/* the send log, when mail is in use */
static size_t nvoid;

/*
 * void_letter: a reminder or final notice of an earlier day whose letter
 * mail tried and could not send on its day (rules.md §10, VZ 8.3): its
 * last row in the send log is "deferred" (mailout does not send a letter
 * after its day).  It is void: not replayed, so that the step is due
 * again and taken under today's date, its deadline counted from the day
 * the letter goes.  A letter never tried (printed, or of before mail) or
 * refused for good (a bad address, which a person must mend: mailout
 * names it) stands, as does one cut off while sending (it may have
 * arrived); so do the steps whose letter only tells of what happened
 * (collection, suspension, a failed debit).
 */
static int
void_letter(const struct action *a)
{
	struct sbuf b = { 0 };
	enum sent_status st;

	if (sent == NULL || *a->letter == '\0' || a->date >= today ||
	    (a->step != STEP_REMINDER && a->step != STEP_FINAL_NOTICE))
		return 0;
	st = sentlog_status(sent, sentlog_letter(&b, a->date, a->letter));
	sb_free(&b);
	return st == SENT_DEFERRED;
}

static void
load_steps(const char *statedir)
{
	struct action a;
	struct actr *ar;
	struct item *it;
	struct logstep *s;
	char *path;
	FILE *fp = state_open(statedir, "steps.csv", &path);

	if (fp != NULL) {
		ar = actr_open(csvr_open(fp, path, 0));
		while (actr_next(ar, &a)) {
			if ((it = strmap_get(byno, a.invoice_no)) == NULL)
				continue;	/* an invoice after the run day */
			if (it->logged == DATE_NONE || a.date > it->logged)
				it->logged = a.date;
			if (it->cu->logged == DATE_NONE || a.date >
			    it->cu->logged)
				it->cu->logged = a.date;
			if (a.date > today)
				continue;
			if (void_letter(&a)) {
				nvoid++;
				continue;
			}
			GROW(steps, nsteps, capsteps);
			s = &steps[nsteps++];
			s->it = it;
			s->a = a;
			s->a.customer_id = it->cu->id;
			s->a.invoice_no = it->no;
			s->a.rule = s->a.letter = "";
		}
		actr_close(ar);
	}
	free(path);
}

struct disp {
	struct item *it;
	int64_t amount;
};

static void
load_disputes(const char *path)
{
	struct csvr *r = csvr_openpath(path, 0);
	struct dispr *dr = dispr_open(r);
	struct dispute d;
	struct disp *x;
	struct item *it;

	while (dispr_next(dr, &d)) {
		if ((it = strmap_get(byno, d.invoice_no)) == NULL) {
			/* an invoice not issued by D: it waits */
			if (d.date <= today)
				csvr_die(r, csvr_col(r, "invoice_no"), "unknown "
				    "invoice '%s': expected an issued invoice",
				    clip(d.invoice_no));
			continue;
		}
		if (d.date > today)
			continue;
		x = xcalloc(1, sizeof(*x));
		x->it = it;
		x->amount = d.amount < 0 ? it->gross : d.amount;
		if (x->amount > it->gross)
			csvr_die(r, csvr_col(r, "amount"), "bad amount: more "
			    "than the invoice's %s", it->no);
		ev_add(d.date, EV_DISPUTE, x, x->amount);
		if (d.resolved != DATE_NONE && d.resolved <= today)
			ev_add(d.resolved, EV_RESOLVE, x, x->amount);
	}
	dispr_close(dr);
	csvr_close(r);
}

/* --- the replay ---------------------------------------------------------------- */

static enum interest
interest_kind(const struct cust *cu)
{
	if (cu->c != NULL && cu->c->consumer)
		return INTEREST_STATUTORY;	/* art. 6:119 BW */
	return terms.interest;
}

/* under VW the collection costs bear interest from their claim (VW 2.5.2) */
static int
costs_bear_interest(void)
{
	return terms.family == FAMILY_VW;
}

static void
accrue(struct item *it, int32_t d)
{
	enum interest k = interest_kind(it->cu);
	int32_t warned = rates.warned;

	accrual_run(&it->acc, terms.interest_period, it->prin - it->disputed,
	    d, &rates, k);
	if (it->in_coll && costs_bear_interest())
		accrual_run(&it->cacc, PERIOD_MONTH, it->costs, d, &rates, k);
	/* legal.md: the warning is for a run that claims such interest:
	 * kept with the item until it is claimed */
	if (rates.warned != warned) {
		if (it->warn == DATE_NONE || rates.warned < it->warn)
			it->warn = rates.warned;
		rates.warned = warned;
	}
}

/* the interest owed: claimed from the collection step on */
static int64_t
interest_owed(const struct item *it)
{
	int64_t i;

	if (!it->in_coll)
		return 0;
	/* rounded once per invoice (rules.md §10) */
	i = accrual_cents(&it->acc, costs_bear_interest() ? &it->cacc : NULL);
	return i - it->ipaid;
}

static int64_t
owed(const struct item *it)
{
	return it->prin + it->costs + it->fees + interest_owed(it);
}

static int64_t
take(int64_t *left, int64_t *part)
{
	int64_t t = *left < *part ? *left : *part;

	*left -= t;
	*part -= t;
	return t;
}

/* pay_item: amount paid on d to it: costs and fees, then interest, then
 * principal (art. 6:44 BW); returns what is left */
static int64_t
pay_item(struct item *it, int64_t amount, int32_t d)
{
	int64_t left = amount, i, t;

	accrue(it, d);
	take(&left, &it->costs);
	take(&left, &it->fees);
	if ((i = interest_owed(it)) > 0) {
		t = take(&left, &i);
		it->ipaid += t;
		accrual_paid(&it->acc, t);
	}
	take(&left, &it->prin);
	it->paid += amount - left;
	return left;
}

/* pay_customer: what no invoice named pays the customer's invoices, the
 * oldest due first (art. 6:43 BW); the rest stays as credit */
static void
pay_customer(struct cust *cu, int64_t amount, int32_t d)
{
	size_t i;

	for (i = 0; i < cu->n && amount > 0; i++) {
		if (!cu->v[i]->issued)
			continue;
		accrue(cu->v[i], d);
		if (owed(cu->v[i]) > 0)
			amount = pay_item(cu->v[i], amount, d);
	}
	cu->credit += amount;
}

static void
apply_step(struct item *it, const struct action *a)
{
	struct cust *cu = it->cu;

	accrue(it, a->date);
	it->has_step = 1;
	it->last = a->step;
	it->step_date = a->date;
	switch (a->step) {
	case STEP_REMINDER:
	case STEP_FINAL_NOTICE:
		it->level = a->step == STEP_REMINDER ? 1 : 2;
		it->deadline = a->deadline;
		break;
	case STEP_FAILED_DEBIT:
		it->fd_done = 1;
		if (it->level == 0)
			it->deadline = a->deadline;
		break;
	case STEP_COLLECTION:
		it->level = 3;
		it->in_coll = 1;
		it->deadline = a->deadline;
		it->coll_prin = a->principal;
		it->costs += a->costs;
		it->costs_claimed += a->costs;
		it->fees += a->fees;
		accrual_start(&it->cacc, a->date);
		accrue(it, a->date);
		break;
	case STEP_SUSPEND:
		cu->suspended = 1;
		cu->susp_no = it->no;
		it->fees += a->fees;
		break;
	case STEP_TERMINATE:
		cu->terminated = 1;
		it->fees += a->fees;
		break;
	case STEP_REACTIVATE:
		cu->suspended = 0;
		break;
	case NSTEPS:
		break;
	}
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
cust_cmp(const void *a, const void *b)
{
	const struct cust *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* the customer's invoices, the oldest due first */
static int
item_cmp(const void *a, const void *b)
{
	const struct item *const *x = a, *const *y = b;

	if ((*x)->due != (*y)->due)
		return (*x)->due < (*y)->due ? -1 : 1;
	if ((*x)->date != (*y)->date)
		return (*x)->date < (*y)->date ? -1 : 1;
	return strcmp((*x)->no, (*y)->no);
}

static struct cust *
ev_cust(const struct ev *e)
{
	switch (e->type) {
	case EV_ISSUE:
	case EV_DEBIT:
		return ((struct item *)e->p)->cu;
	case EV_DISPUTE:
	case EV_RESOLVE:
		return ((struct disp *)e->p)->it->cu;
	case EV_PAY:
	case EV_RETURN:
		return ((struct rcpt *)e->p)->cu;
	case EV_STEP:
		return ((struct logstep *)e->p)->it->cu;
	}
	return NULL;
}

static void
build_events(void)
{
	struct strmap *returned = strmap_new();
	struct item *it;
	size_t i;

	for (i = 0; i < nrcpts; i++)
		if (rcpts[i].kind == PAY_RETURN && rcpts[i].it != NULL)
			strmap_set(returned, rcpts[i].it->no, &rcpts[i]);
	for (i = 0; i < nitems; i++) {
		it = items[i];
		ev_add(it->date, EV_ISSUE, it, it->gross);
		/* a debit counts as paid on its collection date, unless it
		 * came back: then it was never paid (rules.md §9) */
		if (it->debit_date != DATE_NONE && it->debit_date <= today &&
		    strmap_get(returned, it->no) == NULL)
			ev_add(it->debit_date, EV_DEBIT, it, it->debit);
	}
	for (i = 0; i < nrcpts; i++)
		ev_add(rcpts[i].date, rcpts[i].kind == PAY_RETURN ?
		    EV_RETURN : EV_PAY, &rcpts[i], rcpts[i].amount);
	for (i = 0; i < nsteps; i++)
		ev_add(steps[i].a.date, EV_STEP, &steps[i], 0);
	strmap_free(returned);
	sortv(custs, ncusts, sizeof(*custs), cust_cmp);
	for (i = 0; i < ncusts; i++) {
		custs[i]->rank = i;
		sortv(custs[i]->v, custs[i]->n, sizeof(*custs[i]->v),
		    item_cmp);
	}
	for (i = 0; i < nevs; i++)
		evs[i].rank = ev_cust(&evs[i])->rank;
	sortv(evs, nevs, sizeof(*evs), ev_cmp);
}

static void
replay(const struct ev *e)
{
	struct item *it;
	struct rcpt *r;
	struct disp *x;
	int64_t left;

	switch (e->type) {
	case EV_ISSUE:
		it = e->p;
		it->issued = 1;
		if (it->gross > 0) {
			it->prin = it->gross;
			if (it->cu->credit > 0) {
				left = it->cu->credit < it->prin ?
				    it->cu->credit : it->prin;
				it->cu->credit -= left;
				pay_item(it, left, e->date);
			}
		} else
			it->cu->credit -= it->gross;
		break;
	case EV_DEBIT:
		it = e->p;
		if ((left = pay_item(it, it->debit, e->date)) > 0)
			pay_customer(it->cu, left, e->date);
		break;
	case EV_DISPUTE:
	case EV_RESOLVE:
		x = e->p;
		accrue(x->it, e->date - 1);
		x->it->disputed += e->type == EV_DISPUTE ? x->amount :
		    -x->amount;
		break;
	case EV_PAY:
		r = e->p;
		left = r->amount;
		if (r->it != NULL && r->it->issued)
			left = pay_item(r->it, left, e->date);
		if (left > 0)
			pay_customer(r->cu, left, e->date);
		if (r->fresh) {
			rep.in_n++;
			rep.in_amt += r->amount;
		}
		break;
	case EV_RETURN:
		r = e->p;
		it = r->it;
		if (it == NULL)
			break;
		it->returned = 1;
		it->ret_code = r->reason;
		/* under VW in default at once (VW 2.5.1) */
		if (terms.family == FAMILY_VW && e->date - 1 < it->edue) {
			it->edue = e->date - 1;
			if (it->acc.through < it->acc.start)
				accrual_start(&it->acc, it->edue + 1);
		}
		if (r->fresh) {
			rep.ret_n++;
			rep.ret_amt += r->amount;
		}
		break;
	case EV_STEP:
		apply_step(((struct logstep *)e->p)->it,
		    &((struct logstep *)e->p)->a);
		break;
	}
}

/* --- today's steps ---------------------------------------------------------------- */

static struct csvw *wact, *wopen, *wfee, *wagency;

/* today's actions of one customer, written grouped by step */
static struct action *acts;
static size_t nacts, capacts;

static const char *
rule_join(enum art a, enum art b, enum art c)
{
	const char *s[3] = { article(&terms, a), b != NART ? article(&terms, b) :
	    NULL, c != NART ? article(&terms, c) : NULL };
	struct sbuf sb = { 0 };
	const char *r;
	size_t i;

	for (i = 0; i < 3; i++) {
		if (s[i] == NULL || (sb.len > 0 && strstr(sb_str(&sb), s[i]) !=
		    NULL))
			continue;
		if (sb.len > 0)
			sb_add(&sb, ", ");
		sb_add(&sb, s[i]);
	}
	r = pool_dup(&pool, sb_str(&sb));
	sb_free(&sb);
	return r;
}

static int32_t
deadline_in(int days)
{
	return next_working_day(today + days);
}

static struct action *
act_new(struct item *it, enum step st, const char *rule, int32_t deadline)
{
	struct action *a;
	char buf[256];

	GROW(acts, nacts, capacts);
	a = &acts[nacts++];
	memset(a, 0, sizeof(*a));
	a->date = today;
	a->customer_id = it->cu->id;
	a->invoice_no = it->no;
	a->step = st;
	a->rule = rule;
	a->deadline = deadline;
	a->principal = it->prin - it->disputed;
	if (a->principal < 0)
		a->principal = 0;
	snprintf(buf, sizeof(buf), "letters/%s-%s.pdf", action_steps[st],
	    it->cu->id);
	a->letter = pool_dup(&pool, buf);
	return a;
}

static void
fee_charge(const struct cust *cu, const char *what, const char *no,
    int64_t amount, enum art art)
{
	int en = cu->c != NULL && strcmp(cu->c->language, "en") == 0;
	struct fee f;
	char id[128], desc[256];

	if (amount <= 0)
		return;
	snprintf(id, sizeof(id), "%s-%s", what, no);
	if (art == ART_FAILED_DEBIT)
		snprintf(desc, sizeof(desc), en ? "Administration fee: the "
		    "direct debit of invoice %s came back" : "Administratie"
		    "kosten mislukte incasso factuur %s", no);
	else
		snprintf(desc, sizeof(desc), en ? "Reconnection fee after the "
		    "suspension for invoice %s" : "Kosten heraansluiting na "
		    "opschorting wegens factuur %s", no);
	f.charge_id = id;
	f.customer_id = cu->id;
	f.description = desc;
	f.rule = article(&terms, art);
	f.date = today;
	f.amount = amount;
	feew_put(wfee, &f);
}

static int
is_consumer(const struct cust *cu)
{
	return cu->c != NULL && cu->c->consumer;
}

/* the collection costs (WIK) of the invoices in coll[], given those
 * already in collection and still owed (rules.md §10) */
static void
collection_costs(struct cust *cu, struct item **coll, size_t n, int64_t *out)
{
	int64_t base = 0, claimed = 0, total, *w = xcalloc(n, sizeof(*w));
	size_t i;

	for (i = 0; i < cu->n; i++)
		if (cu->v[i]->in_coll && owed(cu->v[i]) > 0) {
			base += cu->v[i]->coll_prin;
			claimed += cu->v[i]->costs_claimed;
		}
	for (i = 0; i < n; i++) {
		w[i] = coll[i]->prin - coll[i]->disputed;
		base += w[i];
	}
	total = wik_costs(base) - claimed;
	split(total > 0 ? total : 0, w, n, out);
	free(w);
}

static void
decide(struct cust *cu)
{
	struct item *it, **coll = xcalloc(cu->n + 1, sizeof(*coll));
	struct item **fin = xcalloc(cu->n + 1, sizeof(*fin));
	struct action *a;
	int64_t *costs;
	size_t i, ncoll = 0, nfin = 0;
	int overdue = 0;

	nacts = 0;
	for (i = 0; i < cu->n; i++) {
		it = cu->v[i];
		if (!it->issued)
			continue;
		accrue(it, today);
		/* the log already holds this day or a later one: taken */
		if (it->logged != DATE_NONE && it->logged >= today)
			continue;
		if (owed(it) <= 0)
			continue;
		if (it->returned && !it->fd_done) {
			/* tell the customer at once (VZ 8.10; VW 2.5.1) */
			a = act_new(it, STEP_FAILED_DEBIT, rule_join(
			    ART_DEBIT_NOTICE, terms.failed_debit_fee > 0 ?
			    ART_FAILED_DEBIT : NART, NART), terms.family ==
			    FAMILY_VW ? today : (it->due > today ? it->due :
			    deadline_in(terms.reminder_days)));
			a->fees = terms.failed_debit_fee;
			fee_charge(cu, "failed-debit", it->no, a->fees,
			    ART_FAILED_DEBIT);
			continue;
		}
		if (it->prin - it->disputed <= 0 || it->edue >= today)
			continue;
		if (it->deadline != DATE_NONE && it->deadline >= today)
			continue;
		switch (it->level) {
		case 0:
			act_new(it, STEP_REMINDER, rule_join(ART_DEFAULT,
			    ART_REMINDER, NART), deadline_in(
			    terms.reminder_days));
			break;
		case 1:
			fin[nfin++] = it;
			break;
		case 2:
			coll[ncoll++] = it;
			break;
		}
	}
	/* final notices, each stating the collection costs that will
	 * otherwise be due; for a consumer the 14-day letter of art. 6:96
	 * lid 6 BW */
	if (nfin > 0) {
		costs = xcalloc(nfin, sizeof(*costs));
		collection_costs(cu, fin, nfin, costs);
		for (i = 0; i < nfin; i++) {
			a = is_consumer(cu) ? act_new(fin[i], STEP_FINAL_NOTICE,
			    rule_join(ART_CONSUMER_NOTICE, NART, NART),
			    next_working_day(today + 14)) : act_new(fin[i],
			    STEP_FINAL_NOTICE, rule_join(ART_REMINDER, NART,
			    NART), deadline_in(terms.final_notice_days));
			/* stated, not claimed: what collection will add */
			a->costs = costs[i];
		}
		free(costs);
	}
	if (ncoll > 0) {
		costs = xcalloc(ncoll, sizeof(*costs));
		collection_costs(cu, coll, ncoll, costs);
		for (i = 0; i < ncoll; i++) {
			a = act_new(coll[i], STEP_COLLECTION, rule_join(
			    ART_INTEREST, ART_COLLECTION_COSTS, terms.admin_fee
			    > 0 && i == 0 ? ART_ADMIN_FEE : NART),
			    deadline_in(terms.reminder_days));
			a->costs = costs[i];
			a->fees = i == 0 ? terms.admin_fee : 0;
		}
		free(costs);
		if (!cu->suspended) {
			a = act_new(coll[0], STEP_SUSPEND, rule_join(
			    ART_SUSPENSION, NART, NART), DATE_NONE);
			a->fees = terms.suspension_fee;
		}
		if (terms.terminate_on_collection && !cu->terminated) {
			a = act_new(coll[0], STEP_TERMINATE, rule_join(
			    ART_TERMINATION, NART, NART), DATE_NONE);
			a->fees = terms.disconnection_fee;
		}
	}
	/* reactivation once everything due is paid (VZ 8.28; VW 1.13.2) */
	if (cu->suspended && nacts == 0 && (cu->logged == DATE_NONE ||
	    cu->logged < today)) {
		for (i = 0; i < cu->n; i++)
			if (cu->v[i]->issued && cu->v[i]->edue < today &&
			    owed(cu->v[i]) - cu->v[i]->disputed > 0)
				overdue = 1;
		if (!overdue && (it = strmap_get(byno, cu->susp_no)) != NULL) {
			a = act_new(it, STEP_REACTIVATE, rule_join(
			    ART_REACTIVATION, NART, NART), DATE_NONE);
			a->principal = 0;
			a->fees = terms.reconnection_fee;
			fee_charge(cu, "reconnection", it->no, a->fees,
			    ART_REACTIVATION);
		}
	}
	free(coll);
	free(fin);
}

/* take today's actions: into the ledger, actions.csv, agency.csv */
static void
take_actions(struct cust *cu)
{
	struct claimrow cr;
	struct item *it;
	size_t i;

	/* the letters' rows together, in the order of the steps, each
	 * step's rows in the order they were taken (a stable sort: a day's
	 * actions of one customer are few) */
	for (i = 1; i < nacts; i++) {
		struct action a = acts[i];
		size_t j;

		for (j = i; j > 0 && acts[j - 1].step > a.step; j--)
			acts[j] = acts[j - 1];
		acts[j] = a;
	}
	for (i = 0; i < nacts; i++) {
		it = strmap_get(byno, acts[i].invoice_no);
		apply_step(it, &acts[i]);
		if (acts[i].step == STEP_COLLECTION)
			acts[i].interest = interest_owed(it);
	}
	/* the claims, with every fee of the day's steps */
	for (i = 0; i < nacts; i++) {
		it = strmap_get(byno, acts[i].invoice_no);
		if (acts[i].step == STEP_COLLECTION) {
			cr.date = today;
			cr.customer_id = cu->id;
			cr.name = cu->c != NULL ? cu->c->name : "";
			cr.invoice_no = it->no;
			cr.invoice_date = it->date;
			cr.due_date = it->due;
			cr.principal = acts[i].principal;
			cr.interest = acts[i].interest;
			cr.costs = acts[i].costs;
			cr.fees = it->fees;
			cr.rule = acts[i].rule;
			agencyw_put(wagency, &cr);
		}
		actw_put(wact, &acts[i]);
		rep.steps[acts[i].step]++;
		rep.step_amt[acts[i].step] += acts[i].principal +
		    acts[i].interest + acts[i].costs + acts[i].fees;
	}
}

/* --- open.csv and report.txt ------------------------------------------------------- */

static struct {
	int64_t amt[5];
	size_t n[5];
} age;

static const char *
step_name(const struct item *it)
{
	if (it->has_step && it->level > 0)
		return action_steps[it->level == 1 ? STEP_REMINDER :
		    it->level == 2 ? STEP_FINAL_NOTICE : STEP_COLLECTION];
	if (it->has_step)
		return action_steps[it->last];
	return it->edue < today ? "default" : "";
}

static void
open_rows(struct cust *cu)
{
	struct openitem o;
	struct item *it;
	size_t i;
	int b;

	for (i = 0; i < cu->n; i++) {
		it = cu->v[i];
		if (!it->issued || owed(it) <= 0)
			continue;
		o.invoice_no = it->no;
		o.customer_id = cu->id;
		o.invoice_date = it->date;
		o.due_date = it->due;
		o.days_overdue = today > it->edue ? today - it->edue : 0;
		o.principal = it->prin;
		o.interest = interest_owed(it);
		o.costs = it->costs;
		o.fees = it->fees;
		o.paid = it->paid;
		o.outstanding = owed(it);
		o.step = step_name(it);
		o.disputed = it->disputed;
		openw_put(wopen, &o);
		if (it->in_coll && it->warn != DATE_NONE &&
		    (rates.warned == DATE_NONE || it->warn < rates.warned))
			rates.warned = it->warn;
		b = o.days_overdue == 0 ? 0 : o.days_overdue <= 30 ? 1 :
		    o.days_overdue <= 60 ? 2 : o.days_overdue <= 90 ? 3 : 4;
		age.amt[b] += o.outstanding;
		age.n[b]++;
	}
	rep.credit += cu->credit;
}

/* count_unapplied: what came in and matched nothing, for report.txt */
static void
count_unapplied(const char *path)
{
	struct csvr *r = csvr_openpath(path, 0);
	struct unapr *ur = unapr_open(r);
	struct receipt p;
	const char *why;

	while (unapr_next(ur, &p, &why)) {
		rep.un_n++;
		rep.un_amt += p.amount;
	}
	unapr_close(ur);
}

static void
report(FILE *fp, const char *warning)
{
	static const char *const band[] = { "not yet due", "0-30 days",
		"31-60 days", "61-90 days", "over 90 days" };
	char d[DATE_BUFSZ], m[MONEY_BUFSZ];
	size_t i;

	fprintf(fp, "dunning run %s\n\nreceived\n", date_fmt(today, d));
	fprintf(fp, "  payments applied      %8zu %14s\n", rep.in_n,
	    money_fmt(rep.in_amt, MONEY_CENTS, m));
	fprintf(fp, "  debits returned       %8zu %14s\n", rep.ret_n,
	    money_fmt(rep.ret_amt, MONEY_CENTS, m));
	fprintf(fp, "  not applied           %8zu %14s\n", rep.un_n,
	    money_fmt(rep.un_amt, MONEY_CENTS, m));
	fprintf(fp, "  credit held           %8s %14s\n", "",
	    money_fmt(rep.credit, MONEY_CENTS, m));
	fprintf(fp, "\nsteps taken\n");
	for (i = 0; i < NSTEPS; i++)
		fprintf(fp, "  %-21s %8zu %14s\n", action_steps[i],
		    rep.steps[i], money_fmt(rep.step_amt[i], MONEY_CENTS, m));
	if (nvoid > 0)
		fprintf(fp, "  %-21s %8zu\n", "void letters (again)", nvoid);
	fprintf(fp, "\nopen items by days overdue\n");
	for (i = 0; i < 5; i++)
		fprintf(fp, "  %-21s %8zu %14s\n", band[i], age.n[i],
		    money_fmt(age.amt[i], MONEY_CENTS, m));
	if (warning != NULL)
		fprintf(fp, "\nwarning: %s\n", warning);
}

/* --- main ------------------------------------------------------------------------------ */

static struct csvw *
out_open(const char *outdir, const char *name, struct aside **as,
    void (*header)(struct csvw *))
{
	char *path = path_join(outdir, name);
	FILE *fp;
	struct csvw *w;

	*as = aside_open(path, &fp);
	w = csvw_open(fp, path);
	header(w);
	free(path);
	return w;
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *custf = NULL, *statedir = NULL;
	const char *rcptf = NULL, *dispf = NULL, *ratef = NULL, *outdir = NULL;
	const char *unapf = NULL;
	struct aside *aact, *aopen, *afee, *aagency, *arep;
	struct cust *cu;
	char wbuf[512], *path, d[DATE_BUFSZ], m[MONEY_BUFSZ];
	const char *warning;
	size_t n, nopen;
	int64_t out;
	FILE *fp;
	size_t i;
	int ch;

	prog_init(argc, argv, synopsis, options);
	today = DATE_NONE;
	while ((ch = opt(argc, argv, "d:c:C:s:r:u:t:I:o:")) != -1) {
		switch (ch) {
		case 'd': today = date_opt(optarg); break;
		case 'c': termsf = optarg; break;
		case 'C': custf = optarg; break;
		case 's': statedir = optarg; break;
		case 'r': rcptf = optarg; break;
		case 'u': unapf = optarg; break;
		case 't': dispf = optarg; break;
		case 'I': ratef = optarg; break;
		case 'o': outdir = optarg; break;
		default: usage(stderr, 2);
		}
	}
	if (today == DATE_NONE || termsf == NULL || custf == NULL ||
	    statedir == NULL || outdir == NULL || optind != argc)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(custf, &terms, &cs);
	rates_load(ratef, &rates);
	byno = strmap_new();
	bycust = strmap_new();

	load_register(statedir);
	load_debits(statedir);
	if ((fp = state_open(statedir, "receipts.csv", &path)) != NULL) {
		load_receipts(path, fp, 0);
	}
	free(path);
	if (rcptf != NULL) {
		if ((fp = fopen(rcptf, "r")) == NULL)
			die("%s: cannot open: %s", rcptf, strerror(errno));
		load_receipts(rcptf, fp, 1);
	}
	if (unapf != NULL)
		count_unapplied(unapf);
	sent = sentlog_read(statedir);
	load_steps(statedir);
	if (sent != NULL)
		sentlog_close(sent);
	if (dispf != NULL)
		load_disputes(dispf);
	build_events();

	wact = out_open(outdir, "actions.csv", &aact, actw_header);
	wopen = out_open(outdir, "open.csv", &aopen, openw_header);
	wfee = out_open(outdir, "charges.csv", &afee, feew_header);
	wagency = out_open(outdir, "agency.csv", &aagency, agencyw_header);
	for (i = 0; i <= nevs; i++) {
		/* a customer's facts replayed: today's steps, its rows */
		if (i > 0 && (i == nevs || evs[i].rank != evs[i - 1].rank)) {
			cu = custs[evs[i - 1].rank];
			decide(cu);
			take_actions(cu);
			open_rows(cu);
		}
		if (i < nevs)
			replay(&evs[i]);
	}
	warning = rates_warning(&rates, (enum interest)terms.interest, wbuf,
	    sizeof(wbuf));
	csvw_close_sync(wact);
	csvw_close_sync(wopen);
	csvw_close_sync(wfee);
	csvw_close_sync(wagency);
	path = path_join(outdir, "report.txt");
	arep = aside_open(path, &fp);
	report(fp, warning);
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0)
		die("%s: write error: %s", path, strerror(errno));
	fshut(fp, path);
	free(path);
	aside_commit(aact);
	aside_commit(aopen);
	aside_commit(afee);
	aside_commit(aagency);
	aside_commit(arep);
	if (warning != NULL)
		fprintf(stderr, "dunning: warning: %s\n", warning);
	/* the summary line of dunning-run */
	for (i = 0, n = 0; i < NSTEPS; i++)
		n += rep.steps[i];
	for (i = 0, nopen = 0, out = 0; i < 5; i++) {
		nopen += age.n[i];
		out += age.amt[i];
	}
	printf("%s: %zu steps taken, %zu payments and %zu returns applied, "
	    "%zu open items %s\n", date_fmt(today, d), n, rep.in_n,
	    rep.ret_n, nopen, money_fmt(out, MONEY_CENTS, m));
	return 0;
}
