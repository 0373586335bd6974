/*
 * sentlog: STATEDIR/sent.csv, the send log of mailout (issue 17, VZ 8.3): one
 * row per attempt at a message and one per outcome, appended and synced
 * row by row, so that what the server accepted stays logged whatever
 * happens to the run after it:
 *
 *     document,customer_id,recipient,message_id,run_date,status,time,reply
 *
 * status: sending (written and synced before the message goes), sent (the
 * server's 250, with its reply), failed (a permanent refusal, with the
 * reply), deferred (a temporary failure still there after the retries:
 * the next run sends it).  A document whose last row is "sending" was cut off between
 * the two: the server may or may not have it (the one duplicate window,
 * README); mailout sends it again under the same Message-ID, so that the
 * recipient's system can tell.  time is when the server answered, in UTC
 * (the one reading of the clock, for VZ 8.3's day of receipt), "" on
 * sending.  The file lives beside the state's generations: a send is a
 * fact of the world, not of a run, and is never undone.
 */
#ifndef SENTLOG_H
#define SENTLOG_H

#include <stdint.h>
#include <stdio.h>

struct sbuf;

enum sent_status { SENT_NONE, SENT_SENDING, SENT_SENT, SENT_FAILED,
	SENT_DEFERRED };

struct sentlog;

/* sentlog_open: read STATEDIR/sent.csv (absent: empty) and open it for
 * appending (made with its header when new) */
struct sentlog *sentlog_open(const char *statedir);
/* sentlog_read: read it only; NULL when there is none (no mail sent from
 * this state yet) */
struct sentlog *sentlog_read(const char *statedir);
/* sentlog_letter: the document key of a letter (actions.csv's letter
 * column, letters/NAME.pdf) of day d: "YYYY-MM-DD/NAME", into b */
const char *sentlog_letter(struct sbuf *b, int32_t d, const char *letter);
/* sentlog_status: the last status of document */
enum sent_status sentlog_status(const struct sentlog *l, const char *doc);
/* sentlog_unfinished: documents of run date d whose last row is deferred
 * or sending: begun, not done */
size_t sentlog_unfinished(const struct sentlog *l, int32_t d);
/* sentlog_put: a row, flushed and synced before it returns */
void sentlog_put(struct sentlog *l, const char *doc, const char *customer,
    const char *to, const char *msgid, const char *run_date,
    enum sent_status st, const char *time, const char *reply);
void sentlog_close(struct sentlog *l);

#endif
