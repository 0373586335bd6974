/*
 * actions: the dunning steps a run took (formats.md, dunning-run's
 * actions.csv), one row per invoice and step:
 *
 *   date, customer_id, invoice_no, step, principal, interest, costs, fees,
 *   deadline, rule, letter
 *
 * step is one of action_steps; amounts in cents (a final notice's costs
 * are those it states will otherwise be due, not claimed: they are owed
 * only from the collection step on); deadline may be absent;
 * letter is the path, relative to the output folder, of the letter that
 * tells the customer (letters/NAME.pdf), empty for a step without one.
 * The rows of one letter follow each other.
 *
 * STATEDIR/steps.csv, the log of every step ever taken, has the same
 * columns: a run's actions.csv is added to it when the run is posted.
 */
#ifndef ACTIONS_H
#define ACTIONS_H

#include <stdint.h>

#include "csvio.h"

enum step { STEP_REMINDER, STEP_FINAL_NOTICE, STEP_COLLECTION, STEP_SUSPEND,
	STEP_TERMINATE, STEP_REACTIVATE, STEP_FAILED_DEBIT, NSTEPS };
extern const char *const action_steps[];	/* NULL-ended, by enum step */

struct action {
	const char *customer_id, *invoice_no, *rule, *letter;
	int32_t date, deadline;
	enum step step;
	int64_t principal, interest, costs, fees;
};

/* action_letter_ok: a letter's path as actions.csv may name it,
 * letters/NAME.pdf, NAME without '/' and not starting with '.' (so that
 * no reader of the column leaves the run's folder) */
int action_letter_ok(const char *p);

struct actr;
struct actr *actr_open(struct csvr *r);
/* actr_next: the next row, checked; strings live until the next call. */
int actr_next(struct actr *ar, struct action *a);
struct csvr *actr_csv(const struct actr *ar);
/* actr_copy: the current row to w, as it stands */
void actr_copy(const struct actr *ar, struct csvw *w);
void actr_close(struct actr *ar);
void actw_header(struct csvw *w);
void actw_put(struct csvw *w, const struct action *a);

#endif
