/* sentlog: the send log's reader and appender. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "date.h"
#include "sentlog.h"
#include "strmap.h"
#include "util.h"

static const char *const cols[] = { "document", "customer_id", "recipient",
	"message_id", "run_date", "status", "time", "reply", NULL };
static const char *const names[] = { "", "sending", "sent", "failed",
	"deferred" };

struct sentlog {
	char *path;
	struct strmap *last;	/* document -> its last row's status */
	struct strmap *day;	/* document -> its last row's run date + 1 */
	struct strmap *seen;	/* the documents in docs */
	char **docs;		/* every document, in the order first met */
	size_t ndocs, capdocs;
	FILE *fp;
	struct csvw *w;
};

static struct sentlog *
newlog(char *path)
{
	struct sentlog *l = xcalloc(1, sizeof(*l));

	l->path = path;
	l->last = strmap_new();
	l->day = strmap_new();
	l->seen = strmap_new();
	return l;
}

/* note: doc's last row, of status st and run date d, in l */
static void
note(struct sentlog *l, const char *doc, int st, int32_t d)
{
	strmap_set(l->last, doc, (void *)(intptr_t)st);
	strmap_set(l->day, doc, (void *)(intptr_t)(d + 1));
	if (strmap_put(l->seen, doc, (void *)1) == NULL) {
		GROW(l->docs, l->ndocs, l->capdocs);
		l->docs[l->ndocs++] = xstrdup(doc);
	}
}

/* load: the last status of each document of path, into l */
static void
load(struct sentlog *l)
{
	struct csvr *r;
	FILE *fp;
	const char *st;
	int kd, ks, kr, i;
	int32_t rd;

	if ((fp = fopen(l->path, "r")) == NULL)
		die("%s: cannot read: %s", l->path, strerror(errno));
	r = csvr_open(fp, l->path, 0);
	kd = csvr_need(r, "document");
	ks = csvr_need(r, "status");
	kr = csvr_need(r, "run_date");
	while (csvr_next(r)) {
		if (date_parse(csvr_get(r, kr), &rd) != 0)
			csvr_die(r, kr, "bad run_date '%s'",
			    clip(csvr_get(r, kr)));
		st = csvr_get(r, ks);
		for (i = 1; i < 5 && strcmp(st, names[i]) != 0; i++)
			;
		if (i == 5)
			csvr_die(r, ks, "bad status '%s': expected sending, "
			    "sent, failed or deferred", clip(st));
		note(l, csvr_get(r, kd), i, rd);
	}
	csvr_close(r);
}

struct sentlog *
sentlog_open(const char *statedir)
{
	struct sentlog *l = newlog(path_join(statedir, "sent.csv"));
	int fd, fresh;
	struct stat sb;

	fd = open(l->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0 || fstat(fd, &sb) != 0)
		die("%s: cannot open: %s", l->path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		die("%s: not a regular file", l->path);
	fresh = sb.st_size == 0;
	if (!fresh)
		load(l);
	if ((l->fp = fdopen(fd, "a")) == NULL)
		die("%s: %s", l->path, strerror(errno));
	l->w = csvw_open(l->fp, l->path);
	if (fresh) {
		csvw_header(l->w, cols);
		csvw_sync(l->w);
	}
	return l;
}

struct sentlog *
sentlog_read(const char *statedir)
{
	struct sentlog *l;
	char *path = path_join(statedir, "sent.csv");

	if (access(path, F_OK) != 0) {
		free(path);
		return NULL;
	}
	l = newlog(path);
	load(l);
	return l;
}

const char *
sentlog_letter(struct sbuf *b, int32_t d, const char *letter)
{
	const char *base = strrchr(letter, '/');
	char day[DATE_BUFSZ];
	size_t n;

	base = base != NULL ? base + 1 : letter;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".pdf") == 0)
		n -= 4;		/* only the extension: a NAME may hold dots */
	sb_reset(b);
	sb_addf(b, "%s/%.*s", date_fmt(d, day), (int)n, base);
	return sb_str(b);
}

enum sent_status
sentlog_status(const struct sentlog *l, const char *doc)
{
	return (enum sent_status)(intptr_t)strmap_get(l->last, doc);
}

void
sentlog_put(struct sentlog *l, const char *doc, const char *customer,
    const char *to, const char *msgid, const char *run_date,
    enum sent_status st, const char *time, const char *reply)
{
	int32_t d;

	csvw_str(l->w, doc);
	csvw_str(l->w, customer);
	csvw_str(l->w, to);
	csvw_str(l->w, msgid);
	csvw_str(l->w, run_date);
	csvw_str(l->w, names[st]);
	csvw_str(l->w, time);
	csvw_str(l->w, reply);
	csvw_end(l->w);
	csvw_sync(l->w);
	if (date_parse(run_date, &d) != 0)
		die("%s: bad run date '%s'", l->path, clip(run_date));
	note(l, doc, st, d);
}

size_t
sentlog_unfinished(const struct sentlog *l, int32_t d)
{
	size_t i, n = 0;
	int st;

	for (i = 0; i < l->ndocs; i++) {
		st = (int)(intptr_t)strmap_get(l->last, l->docs[i]);
		if ((st == SENT_DEFERRED || st == SENT_SENDING) &&
		    (int32_t)((intptr_t)strmap_get(l->day, l->docs[i]) - 1) == d)
			n++;
	}
	return n;
}

void
sentlog_close(struct sentlog *l)
{
	size_t i;

	if (l->w != NULL)
		csvw_close(l->w);
	for (i = 0; i < l->ndocs; i++)
		free(l->docs[i]);
	free(l->docs);
	strmap_free(l->last);
	strmap_free(l->day);
	strmap_free(l->seen);
	free(l->path);
	free(l);
}
