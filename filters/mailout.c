/*
 * mailout: the documents of runs to the customers by e-mail (issue 17, VZ
 * 8.3): each invoice of a bill-run folder (its PDF, and its e-invoice
 * where ubl/ has one) and each letter of a dunning-run folder dated the
 * run day, as one MIME message to the customer's email, over SMTP with
 * libcurl (STARTTLS required unless mail.conf says otherwise), each
 * message logged in the state's send log (sentlog.h) before and after it
 * goes, so that none goes twice however often this is rerun or killed.
 * With -n the messages are written as .eml files instead, and nothing is
 * sent or logged.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "aside.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "fmt.h"
#include "invoices.h"
#include "mailconf.h"
#include "mime.h"
#include "outbox.h"
#include "sentlog.h"
#include "state.h"
#include "terms.h"
#include "tpl.h"
#include "util.h"

static const char synopsis[] =
    "-c terms.conf -C customers.csv -t TEMPLATES [-t TEMPLATES ...] "
    "-m mail.conf -d YYYY-MM-DD [-s STATEDIR] [-l FD] [-n EMLDIR] "
    "[-w SECONDS] [RUNDIR ...]";
static const char options[] =
    "  -c terms.conf     the provider's profile (its name, the sender's)\n"
    "  -C customers.csv  the customers: email, delivery, language\n"
    "  -t TEMPLATES      message.conf: the subjects and bodies; a later\n"
    "                    folder's file replaces an earlier one's\n"
    "  -m mail.conf      the server (smtp_url, from, starttls, ca_file)\n"
    "  -d YYYY-MM-DD     the run day: the letters of that day go, others\n"
    "                    are void (rules.md 10); the messages' Date\n"
    "  -s STATEDIR       the state: its send log (sent.csv), its lock, and\n"
    "                    the runs of the day (outbox.csv) when no RUNDIR\n"
    "  -l FD             the state's lock is held on descriptor FD (send-run)\n"
    "  -n EMLDIR         write each message as EMLDIR/DOCUMENT.eml instead\n"
    "  -w SECONDS        the first wait before a retry (default 5; doubled\n"
    "                    for each of the three retries)\n"
    "  RUNDIR            a bill-run folder (invoices.csv, pdf/, ubl/) or a\n"
    "                    dunning-run folder (actions.csv, letters/);\n"
    "                    none: the runs of day -d that the state lists\n";

/* the words of message.conf, per language */
#define MWORDS \
	X(SUBJECT_INVOICE, "subject_invoice", T_TEXT, "invoice_no provider") \
	X(BODY_INVOICE, "body_invoice", T_LIST, \
	    "invoice_no provider amount due_date") \
	X(SUBJECT_LETTER, "subject_letter", T_TEXT, "provider date") \
	X(BODY_LETTER, "body_letter", T_LIST, "provider date")

enum {
#define X(e, name, type, places) M_##e,
	MWORDS
#undef X
	NMWORDS
};

static struct terms terms;
static struct customers cs;
static struct mailconf mc;
static struct tpl tpl;
static struct sentlog *slog;
static const char *emldir;
static int32_t day;
static char dayb[DATE_BUFSZ];
static unsigned wait0 = 5;
static CURL *curl;
/* what became of the messages */
static long nsent, nbefore, nfailed, ndeferred, npost, nvoid, nnoaddr;

static const char *
mword(enum lang l, int w)
{
	return tpl_get(&tpl, (size_t)l * NMWORDS + (size_t)w);
}

static void
tpl_init(const char *const *dirs, size_t ndirs)
{
	static const struct tpl_word w[NMWORDS] = {
#define X(e, name, type, places) { name, places },
		MWORDS
#undef X
	};
	static const enum tpl_type types[NMWORDS] = {
#define X(e, name, type, places) type,
		MWORDS
#undef X
	};
	static struct tpl_field f[2 * NMWORDS];
	size_t i;

	tpl_lang_fields(f, w, NMWORDS);
	for (i = 0; i < 2 * NMWORDS; i++)
		f[i].type = types[i % NMWORDS];	/* the bodies: lines */
	tpl_open(&tpl, dirs, ndirs, "message.conf", f, NELEM(f));
}

/* the placeholders' values of one message */
struct vals {
	const char *const *names, *const *values;
	size_t n;
};

static const char *
val(const char *name, size_t len, void *arg)
{
	const struct vals *v = arg;
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strlen(v->names[i]) == len &&
		    strncmp(v->names[i], name, len) == 0)
			return v->values[i];
	return "";
}

static void
expand(struct sbuf *b, const char *text, const struct vals *v)
{
	tpl_expand(b, text, val, (void *)v);
}

/* warn: "mailout: message" on stderr, the run going on */
static void __attribute__((format(printf, 1, 2)))
warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* --- one message ------------------------------------------------------ */

struct msg {
	const char *doc;		/* the send log's key */
	const struct customer *c;
	struct sbuf id, text;		/* Message-ID, the whole message */
};

/* atom: s as the letters, digits and "-._" a Message-ID's left part and
 * a file name may hold: a '/' as '.', any other byte as =XX, so that two
 * documents never share one (an id of customers.csv may hold spaces,
 * quotes or UTF-8) */
static void
atom(struct sbuf *b, const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._", *s) != NULL)
			sb_addn(b, s, 1);
		else if (*s == '/')
			sb_add(b, ".");
		else
			sb_addf(b, "=%02X", (unsigned char)*s);
}

static void
attach(struct msg *m, const char *type, const char *path)
{
	size_t n;
	unsigned char *p = file_read(path, &n);
	const char *base = strrchr(path, '/');
	struct sbuf name = { 0 };

	atom(&name, base != NULL ? base + 1 : path);
	mime_attach(&m->text, type, sb_str(&name), p, n);
	sb_free(&name);
	free(p);
}

/* head: the headers of m, to its customer, with subject s */
static void
head(struct msg *m, const char *subject)
{
	atom(&m->id, m->doc);
	sb_addf(&m->id, "@%s", mc.domain);
	mime_address(&m->text, "From", terms.provider_name, mc.from);
	mime_address(&m->text, "To", m->c->name, m->c->email);
	mime_header(&m->text, "Subject", subject);
	mime_date(&m->text, day);
	sb_addf(&m->text, "Message-ID: <%s>\r\n", sb_str(&m->id));
	mime_begin(&m->text, sb_str(&m->id));
}

/* --- sending ---------------------------------------------------------- */

struct reader {
	const char *p;
	size_t left;
	int done;		/* the whole message handed to libcurl */
};

static size_t
feed(char *buf, size_t size, size_t nitems, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nitems < r->left ? size * nitems : r->left;

	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	if (n == 0)
		r->done = 1;
	return n;
}

/* the server's reply for the log: its first refusal, else its last
 * reply before QUIT's 221 (DATA's 250, "queued as") */
static char reply[512];
static int refused;
/* 0 once a message's retries ended with no server to answer: the rest
 * are deferred untried, so that an outage costs one message's waits */
static int reached = 1;

static int
debug(CURL *h, curl_infotype t, char *data, size_t n, void *arg)
{
	(void)h;
	(void)arg;
	if (t == CURLINFO_HEADER_IN && !refused && !(n >= 3 &&
	    strncmp(data, "221", 3) == 0)) {
		refused = n >= 1 && (data[0] == '4' || data[0] == '5');
		while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
			n--;
		if (n >= sizeof(reply))
			n = sizeof(reply) - 1;
		memcpy(reply, data, n);
		reply[n] = '\0';
		/* a reply of printable ASCII only, as it is logged */
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)reply[i] < 0x20 ||
			    (unsigned char)reply[i] > 0x7e)
				reply[i] = '?';
	}
	return 0;
}

/* O_UNKNOWN: the message went whole, and the connection ended before
 * the server's answer: it may have it (the duplicate window) */
enum outcome { O_SENT, O_TEMPORARY, O_PERMANENT, O_FATAL, O_UNKNOWN };

static enum outcome
send_once(const struct msg *m, long *code, CURLcode *rc)
{
	struct curl_slist *to = NULL;
	struct reader r = { m->text.s, m->text.len, 0 };
	char *from = xasprintf("<%s>", mc.from), *rcpt;
	const char *u = getenv("SMTP_USER"), *pw = getenv("SMTP_PASSWORD");

	rcpt = xasprintf("<%s>", m->c->email);
	to = curl_slist_append(to, rcpt);
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, mc.smtp_url);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, mc.starttls ?
	    (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
	if (*mc.ca_file != '\0')
		curl_easy_setopt(curl, CURLOPT_CAINFO, mc.ca_file);
	/* credentials: the environment, else ~/.netrc */
	if (u != NULL && *u != '\0') {
		curl_easy_setopt(curl, CURLOPT_USERNAME, u);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, pw != NULL ? pw : "");
	} else
		curl_easy_setopt(curl, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, feed);
	curl_easy_setopt(curl, CURLOPT_READDATA, &r);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, debug);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
	*reply = '\0';
	refused = 0;
	*code = 0;
	*rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
	curl_slist_free_all(to);
	free(from);
	free(rcpt);
	if (*rc == CURLE_OK)
		return O_SENT;
	/* the server, not this message: no STARTTLS, a certificate that
	 * does not verify, a login refused (530, 534, 535) */
	if (*rc == CURLE_USE_SSL_FAILED || *rc == CURLE_LOGIN_DENIED ||
	    *rc == CURLE_PEER_FAILED_VERIFICATION ||
	    *rc == CURLE_URL_MALFORMAT || *code == 530 || *code == 534 ||
	    *code == 535)
		return O_FATAL;
	if (*code >= 500 && *code < 600)
		return O_PERMANENT;
	if (r.done && (*code == 0 || *code == 354))
		return O_UNKNOWN;	/* after the data, no answer to it */
	if (*code == 0 || *code == 421)
		reached = 0;	/* no server to speak to, or it closes */
	return O_TEMPORARY;	/* 4xx, no connection, a timeout */
}

static void
now(char *b, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(b, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
deliver(struct msg *m)
{
	enum sent_status st = sentlog_status(slog, m->doc);
	enum outcome o;
	long code;
	CURLcode rc;
	unsigned i, w = wait0;
	char t[32];

	if (st == SENT_SENT) {
		nbefore++;
		return;
	}
	if (!reached) {
		now(t, sizeof(t));
		sentlog_put(slog, m->doc, m->c->id, m->c->email,
		    sb_str(&m->id), dayb, SENT_DEFERRED, t, "not tried: the "
		    "server did not answer the messages before");
		ndeferred++;
		return;
	}
	if (st == SENT_SENDING)
		warn("%s: cut off while it was being sent before: sent again "
		    "as Message-ID <%s>", m->doc, sb_str(&m->id));
	sentlog_put(slog, m->doc, m->c->id, m->c->email, sb_str(&m->id),
	    dayb, SENT_SENDING, "", "");
	for (i = 0;; i++) {
		reached = 1;
		o = send_once(m, &code, &rc);
		if (o != O_TEMPORARY || i == 3)
			break;
		sleep(w);
		w *= 2;
	}
	now(t, sizeof(t));
	switch (o) {
	case O_UNKNOWN:
		/* its row stays "sending": the next run sends it again,
		 * under the same Message-ID */
		warn("%s: customer %s: the connection ended after the message, "
		    "before the server's answer: it may have arrived; the "
		    "next run sends it again as Message-ID <%s>", m->doc,
		    m->c->id, sb_str(&m->id));
		ndeferred++;
		break;
	case O_FATAL:
		/* logged as not sent, so that no rerun takes it for cut off */
		sentlog_put(slog, m->doc, m->c->id, m->c->email,
		    sb_str(&m->id), dayb, SENT_FAILED, t, *reply ? reply :
		    curl_easy_strerror(rc));
		die("%s: %s%s%s: the server cannot be used as mail.conf says "
		    "(nothing more sent)", mc.smtp_url, curl_easy_strerror(rc),
		    *reply ? ": " : "", reply);
	case O_SENT:
		sentlog_put(slog, m->doc, m->c->id, m->c->email,
		    sb_str(&m->id), dayb, SENT_SENT, t, reply);
		nsent++;
		break;
	case O_PERMANENT:
		sentlog_put(slog, m->doc, m->c->id, m->c->email,
		    sb_str(&m->id), dayb, SENT_FAILED, t, reply);
		warn("%s: customer %s: %s refused: %s", m->doc, m->c->id,
		    m->c->email, reply);
		nfailed++;
		break;
	case O_TEMPORARY:
		sentlog_put(slog, m->doc, m->c->id, m->c->email,
		    sb_str(&m->id), dayb, SENT_DEFERRED, t, *reply ? reply :
		    curl_easy_strerror(rc));
		warn("%s: customer %s: not sent after 4 tries: %s", m->doc,
		    m->c->id, *reply ? reply : curl_easy_strerror(rc));
		ndeferred++;
		break;
	}
}

static void
eml(const struct msg *m)
{
	struct sbuf name = { 0 };
	struct aside *a;
	char *path;
	FILE *fp;

	/* the file's name as the Message-ID's: letters, digits, "-._" */
	atom(&name, m->doc);
	sb_add(&name, ".eml");
	path = path_join(emldir, sb_str(&name));
	a = aside_open(path, &fp);
	if (fwrite(m->text.s, 1, m->text.len, fp) != m->text.len)
		die("%s: write error: %s", path, strerror(errno));
	fshut(fp, path);
	aside_commit(a);
	free(path);
	sb_free(&name);
	nsent++;
}

static void
done(struct msg *m)
{
	mime_end(&m->text);
	if (emldir != NULL)
		eml(m);
	else
		deliver(m);
	sb_free(&m->id);
	sb_free(&m->text);
}

/* reachable: c gets mail (not post, an address); counts the rest */
static int
reachable(const struct customer *c, const char *doc)
{
	if (c->post) {
		npost++;
		return 0;
	}
	if (*c->email == '\0') {
		warn("%s: customer %s: no email in customers.csv: not sent",
		    doc, c->id);
		nnoaddr++;
		return 0;
	}
	return 1;
}

static enum lang
lang_of(const struct customer *c)
{
	enum lang l;

	return lang_parse(c->language, &l) == 0 ? l : LANG_NL;
}

/* --- the runs --------------------------------------------------------- */

static const struct customer *
find(struct csvr *r, const char *id)
{
	const struct customer *c = customer_find(&cs, id);

	if (c == NULL)
		csvr_die(r, -1, "unknown customer '%s': expected one of %s",
		    clip(id), cs.path);
	return c;
}

/*
 * invoices: the invoices of the bill-run in dir; with retry (a run of an
 * earlier day) only those a run of their day began and did not finish
 * (deferred, or cut off while sending), so that no invoice waits for
 * ever on a server that was away, and none of before the send log is
 * mailed late
 */
static void
invoices(const char *dir, const char *path, int retry)
{
	struct invr *ir = invr_open(csvr_openpath(path, 0), INV_RUN);
	struct invoice inv;
	struct msg m;
	struct sbuf s = { 0 }, want = { 0 };
	char amount[64], due[64], *p;
	enum sent_status st;
	enum lang l;

	while (invr_next(ir, &inv)) {
		const struct customer *c = find(invr_csv(ir), inv.customer_id);

		if (retry && ((st = sentlog_status(slog, inv.invoice_no)) !=
		    SENT_DEFERRED && st != SENT_SENDING))
			continue;
		if (!reachable(c, inv.invoice_no))
			continue;
		/* the column names the run's own file, and no other */
		sb_reset(&want);
		sb_addf(&want, "pdf/%s.pdf", inv.invoice_no);
		if (strcmp(inv.pdf, sb_str(&want)) != 0 ||
		    strchr(inv.invoice_no, '/') != NULL)
			csvr_die(invr_csv(ir), csvr_col(invr_csv(ir), "pdf"),
			    "invoice %s: pdf '%s': expected %s (a run rendered "
			    "by bill-run)", inv.invoice_no, clip(inv.pdf),
			    sb_str(&want));
		l = lang_of(c);
		memset(&m, 0, sizeof(m));
		m.doc = inv.invoice_no;
		m.c = c;
		fmt_money(inv.gross, l, amount);
		fmt_date(inv.due_date, l, due);
		struct vals v = { (const char *[]){ "invoice_no", "provider",
		    "amount", "due_date" }, (const char *[]){ inv.invoice_no,
		    terms.provider_name, amount, due }, 4 };
		sb_reset(&s);
		expand(&s, mword(l, M_SUBJECT_INVOICE), &v);
		head(&m, sb_str(&s));
		sb_reset(&s);
		expand(&s, mword(l, M_BODY_INVOICE), &v);
		sb_add(&s, "\n");
		mime_text(&m.text, sb_str(&s));
		p = path_join(dir, inv.pdf);
		attach(&m, "application/pdf", p);
		free(p);
		p = xasprintf("%s/ubl/%s.xml", dir, inv.invoice_no);
		if (access(p, F_OK) == 0)
			attach(&m, "application/xml", p);
		free(p);
		done(&m);
	}
	invr_close(ir);
	sb_free(&s);
	sb_free(&want);
}

static void
letters(const char *dir, const char *path)
{
	struct csvr *r = csvr_openpath(path, 0);
	struct actr *ar = actr_open(r);
	struct action a;
	struct msg m;
	struct sbuf s = { 0 }, last = { 0 }, doc = { 0 };
	char date[64], *p;
	enum lang l;

	while (actr_next(ar, &a)) {
		if (*a.letter == '\0' || strcmp(a.letter, sb_str(&last)) == 0)
			continue;	/* a letter of several invoices: once */
		if (!action_letter_ok(a.letter))
			csvr_die(r, csvr_col(r, "letter"), "bad letter '%s': "
			    "expected letters/NAME.pdf", clip(a.letter));
		sb_reset(&last);
		sb_add(&last, a.letter);
		const struct customer *c = find(r, a.customer_id);
		sentlog_letter(&doc, a.date, a.letter);
		date_fmt(a.date, date);
		if (a.date != day) {
			/* rules.md §10: sent on its day or not at all */
			warn("%s: dated %s, not the run day %s: void, not sent",
			    sb_str(&doc), date, dayb);
			nvoid++;
			continue;
		}
		if (!reachable(c, sb_str(&doc)))
			continue;
		l = lang_of(c);
		memset(&m, 0, sizeof(m));
		m.doc = sb_str(&doc);
		m.c = c;
		fmt_date(a.date, l, date);
		struct vals v = { (const char *[]){ "provider", "date" },
		    (const char *[]){ terms.provider_name, date }, 2 };
		sb_reset(&s);
		expand(&s, mword(l, M_SUBJECT_LETTER), &v);
		head(&m, sb_str(&s));
		sb_reset(&s);
		expand(&s, mword(l, M_BODY_LETTER), &v);
		sb_add(&s, "\n");
		mime_text(&m.text, sb_str(&s));
		p = path_join(dir, a.letter);
		attach(&m, "application/pdf", p);
		free(p);
		done(&m);
	}
	actr_close(ar);
	sb_free(&s);
	sb_free(&last);
	sb_free(&doc);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *custf = NULL, *mailf = NULL;
	const char *statedir = NULL, *dirs[8];
	size_t ndirs = 0, nruns = 0, nold = 0, cap = 0, i;
	int ch, lockfd = -1;
	char *p, **runs = NULL, **old = NULL;
	int32_t *olddays = NULL;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "c:C:t:m:d:s:l:n:w:")) != -1) {
		switch (ch) {
		case 'c': termsf = optarg; break;
		case 'C': custf = optarg; break;
		case 't':
			tpl_dir_add(dirs, &ndirs, NELEM(dirs), optarg);
			break;
		case 'm': mailf = optarg; break;
		case 'd': day = date_opt(optarg); break;
		case 's': statedir = optarg; break;
		case 'l':
			lockfd = fd_opt('l', optarg);
			break;
		case 'n': emldir = optarg; break;
		case 'w':
			if (strspn(optarg, "0123456789") != strlen(optarg) ||
			    *optarg == '\0' || strlen(optarg) > 4)
				dieusage("bad -w '%s': expected seconds",
				    clip(optarg));
			wait0 = (unsigned)atoi(optarg);
			break;
		default: usage(stderr, 2);
		}
	}
	if (!termsf || !custf || !mailf || ndirs == 0 || day == 0 ||
	    (optind == argc && statedir == NULL) || (emldir == NULL &&
	    statedir == NULL))
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(custf, &terms, &cs);
	mailconf_load(mailf, &mc);
	tpl_init(dirs, ndirs);
	date_fmt(day, dayb);
	if (emldir == NULL) {
		if (*mc.smtp_url == '\0')
			die("%s: smtp_url: missing: expected the server to "
			    "send with (or -n)", mailf);
		state_lock(statedir, lockfd);
		slog = sentlog_open(statedir);
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
		    (curl = curl_easy_init()) == NULL)
			die("cannot start libcurl");
	} else
		dir_make(emldir);
	if (optind == argc) {
		runs = outbox_runs(statedir, day, &nruns);
		/* and what the bill-runs of earlier days left unfinished */
		if (slog != NULL)
			old = outbox_bills_before(statedir, day, &nold,
			    &olddays);
	} else
		for (; optind < argc; optind++) {
			GROW(runs, nruns, cap);
			runs[nruns++] = xstrdup(argv[optind]);
		}
	for (i = 0; i < nold; i++) {
		/* only a run the send log has unfinished mail of: the
		 * folders of the others may have been archived */
		if (sentlog_unfinished(slog, olddays[i]) > 0) {
			p = path_join(old[i], "invoices.csv");
			if (access(p, F_OK) != 0)
				die("%s: missing: the state's outbox.csv lists "
				    "it, with mail not yet sent", old[i]);
			invoices(old[i], p, 1);
			free(p);
		}
		free(old[i]);
	}
	free(old);
	free(olddays);
	for (i = 0; i < nruns; i++) {
		int found = 0;

		p = path_join(runs[i], "invoices.csv");
		if (access(p, F_OK) == 0) {
			invoices(runs[i], p, 0);
			found = 1;
		}
		free(p);
		p = path_join(runs[i], "actions.csv");
		if (access(p, F_OK) == 0) {
			letters(runs[i], p);
			found = 1;
		}
		free(p);
		if (!found)
			die("%s: %s: expected a run's folder (invoices.csv or "
			    "actions.csv)", runs[i], access(runs[i], F_OK) == 0 ?
			    "no invoices.csv or actions.csv" : "missing");
		free(runs[i]);
	}
	free(runs);
	if (emldir != NULL)
		dir_sync(emldir);
	if (curl != NULL) {
		curl_easy_cleanup(curl);
		curl_global_cleanup();
	}
	if (slog != NULL)
		sentlog_close(slog);
	printf("%s: %s: %ld %s, %ld sent before, %ld refused, %ld to retry, "
	    "%ld by post, %ld without an address, %ld void\n", progname, dayb,
	    nsent,
	    emldir ? "written" : "sent", nbefore, nfailed, ndeferred, npost,
	    nnoaddr, nvoid);
	tpl_free(&tpl);
	mailconf_free(&mc);
	customers_free(&cs);
	if (ndeferred > 0)
		return 75;
	return nfailed > 0 || nnoaddr > 0 ? 1 : 0;
}
