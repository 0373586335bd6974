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
	struct strmap *last;	/* document -> status + 0 */
	FILE *fp;
	struct csvw *w;
};

/* load: the last status of each document of path, into l */
static void
load(struct sentlog *l)
{
	struct csvr *r;
	FILE *fp;
	const char *st;
	int kd, ks, i;

	if ((fp = fopen(l->path, "r")) == NULL)
		die("%s: cannot read: %s", l->path, strerror(errno));
	r = csvr_open(fp, l->path, 0);
	kd = csvr_need(r, "document");
	ks = csvr_need(r, "status");
	while (csvr_next(r)) {
		st = csvr_get(r, ks);
		for (i = 1; i < 5 && strcmp(st, names[i]) != 0; i++)
			;
		if (i == 5)
			csvr_die(r, ks, "bad status '%s': expected sending, "
			    "sent, failed or deferred", clip(st));
		strmap_set(l->last, csvr_get(r, kd), (void *)(intptr_t)i);
	}
	csvr_close(r);
}

struct sentlog *
sentlog_open(const char *statedir)
{
	struct sentlog *l = xcalloc(1, sizeof(*l));
	int fd, fresh;
	struct stat sb;

	l->path = path_join(statedir, "sent.csv");
	l->last = strmap_new();
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
	l = xcalloc(1, sizeof(*l));
	l->path = path;
	l->last = strmap_new();
	load(l);
	return l;
}

const char *
sentlog_letter(struct sbuf *b, int32_t d, const char *letter)
{
	const char *base = strrchr(letter, '/');
	char day[DATE_BUFSZ];

	base = base != NULL ? base + 1 : letter;
	sb_reset(b);
	sb_addf(b, "%s/%.*s", date_fmt(d, day), (int)strcspn(base, "."),
	    base);
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
	strmap_set(l->last, doc, (void *)(intptr_t)st);
}

void
sentlog_close(struct sentlog *l)
{
	if (l->w != NULL)
		csvw_close(l->w);
	strmap_free(l->last);
	free(l->path);
	free(l);
}
