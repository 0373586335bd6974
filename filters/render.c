/*
 * render: the run's invoices as PDF (rules.md §8, formats.md pdf/): one A4
 * document per invoice of OUTDIR/invoices.csv, with its lines of
 * OUTDIR/lines.csv, laid out by the template invoice.conf (billing-
 * template(5)) with cairo and pango.  Writes OUTDIR/pdf/INVOICE_NO.pdf
 * (aside, then renamed into place; the file system synced once at the
 * end) and the pdf column of OUTDIR/invoices.csv.  One document at a time:
 * memory does not grow with the number of invoices.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "actions.h"
#include "article.h"
#include "aside.h"
#include "cdr.h"
#include "csvio.h"
#include "customer.h"
#include "date.h"
#include "fmt.h"
#include "iban.h"
#include "invoices.h"
#include "invtpl.h"
#include "money.h"
#include "openitems.h"
#include "receipts.h"
#include "state.h"
#include "strmap.h"
#include "terms.h"
#include "tpl.h"
#include "util.h"

static const char synopsis[] =
    "-c terms.conf -C customers.csv -t TEMPLATES [-t TEMPLATES ...] "
    "[-s STATEDIR] [-k invoices | letters] [-R receipts.csv] [-F fees.csv] "
    "-o OUTDIR";
static const char options[] =
    "  -c terms.conf     the provider's terms profile (the provider's block)\n"
    "  -C customers.csv  the customers (addresses, language, mandates)\n"
    "  -t TEMPLATES      a folder of templates; a later one's files replace\n"
    "                    an earlier one's of the same name\n"
    "  -s STATEDIR       the state: the earlier invoices, for the chart; the\n"
    "                    receipts log, for why a debit failed\n"
    "  -k KIND           invoices (default: invoices.csv and lines.csv) or\n"
    "                    letters (the letters actions.csv names)\n"
    "  -R receipts.csv   the run's receipts, for why a debit failed\n"
    "  -F fees.csv       the paper_invoice_fee of each invoice sent by post\n"
    "                    (delivery = post: print/invoices.pdf), for post -F\n"
    "  -o OUTDIR         the run's folder: reads invoices.csv and lines.csv,\n"
    "                    writes pdf/ and the pdf column of invoices.csv\n";

/* --- the template ---------------------------------------------------------- */

static struct tpl tpl;

/* word: a text of the template in language l */
static const char *
word(enum lang l, int w)
{
	return invtpl_word(&tpl, l, w);
}

/* --- the page ---------------------------------------------------------------- */

#define MM(x) ((x) * 72.0 / 25.4)
#define PAGE_W MM(210.0)
#define PAGE_H MM(297.0)
#define LEFT MM(20.0)
#define RIGHT MM(190.0)
#define BOTTOM MM(272.0)	/* the last row ends above it */

enum style { S_BODY, S_BOLD, S_SMALL, S_TITLE, S_HEAD, NSTYLES };
enum align { A_LEFT, A_RIGHT, A_CENTER };

static PangoContext *pctx;
static PangoLayout *lay[NSTYLES];
static double accent[3], ink[3], muted[3], light[3];
static cairo_surface_t *logo;
static double logo_w, logo_h;	/* points */
static cairo_t *cr;

static void
styles_init(void)
{
	PangoFontMap *fm = pango_cairo_font_map_new();
	cairo_font_options_t *fo = cairo_font_options_create();
	PangoFontDescription *d;
	PangoAttrList *al;
	double size[NSTYLES];
	int i;

	/* points as they will print: no hinting, no metrics of a screen */
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72);
	pctx = pango_font_map_create_context(fm);
	g_object_unref(fm);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pctx, fo);
	cairo_font_options_destroy(fo);
	size[S_BODY] = size[S_BOLD] = tpl_size(&tpl, F_SIZE);
	size[S_SMALL] = tpl_size(&tpl, F_SMALL);
	size[S_TITLE] = tpl_size(&tpl, F_TITLE);
	size[S_HEAD] = tpl_size(&tpl, F_SIZE) * 1.25;
	/* amounts in tabular figures, so that columns of them align */
	al = pango_attr_list_new();
	pango_attr_list_insert(al, pango_attr_font_features_new("tnum 1"));
	for (i = 0; i < NSTYLES; i++) {
		d = pango_font_description_new();
		pango_font_description_set_family(d, tpl_get(&tpl, F_FONT));
		pango_font_description_set_absolute_size(d, size[i] *
		    PANGO_SCALE);
		if (i == S_BOLD || i == S_TITLE || i == S_HEAD)
			pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
		lay[i] = pango_layout_new(pctx);
		pango_layout_set_font_description(lay[i], d);
		pango_layout_set_attributes(lay[i], al);
		pango_layout_set_wrap(lay[i], PANGO_WRAP_WORD_CHAR);
		pango_font_description_free(d);
	}
	pango_attr_list_unref(al);
	tpl_colour(&tpl, F_ACCENT, accent);
	tpl_colour(&tpl, F_TEXT, ink);
	tpl_colour(&tpl, F_MUTED, muted);
	tpl_colour(&tpl, F_LIGHT, light);
}

static void
styles_free(void)
{
	int i;

	for (i = 0; i < NSTYLES; i++)
		g_object_unref(lay[i]);
	g_object_unref(pctx);
	if (logo != NULL)
		cairo_surface_destroy(logo);
}

/* set: the layout of style s holding text (never markup), w wide (0: one
 * line, as wide as it is) */
static PangoLayout *
set(enum style s, const char *text, double w, enum align a)
{
	PangoLayout *l = lay[s];

	pango_layout_set_text(l, text, -1);
	pango_layout_set_width(l, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_alignment(l, a == A_RIGHT ? PANGO_ALIGN_RIGHT :
	    a == A_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	return l;
}

/* height: of text in style s, w wide */
static double
height(enum style s, const char *text, double w)
{
	int ph;

	pango_layout_get_size(set(s, text, w, A_LEFT), NULL, &ph);
	return (double)ph / PANGO_SCALE;
}

/* text: draw text in style s and colour rgb, its box at x, y, w wide
 * (right-aligned: its right edge at x + w); returns its height */
static double
text(enum style s, const double rgb[3], double x, double y, double w,
    enum align a, const char *t)
{
	PangoLayout *l = set(s, t, w, a);
	int ph;

	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_size(l, NULL, &ph);
	return (double)ph / PANGO_SCALE;
}

/* right: one line of text ending at x */
static double
right(enum style s, const double rgb[3], double x, double y, const char *t)
{
	return text(s, rgb, x - MM(60), y, MM(60), A_RIGHT, t);
}

static void
rule_line(double x0, double x1, double y, const double rgb[3], double w)
{
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	cairo_set_line_width(cr, w);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

/* the logo's resolution on paper: enough for print, and every document
 * embeds (and compresses) it anew */
#define LOGO_DPI 200

/*
 * logo_fit: the logo at LOGO_DPI for its width on the page, once, and
 * without an alpha channel when it has no transparency (one image stream
 * in each PDF instead of two)
 */
static void
logo_fit(void)
{
	int w = cairo_image_surface_get_width(logo);
	int h = cairo_image_surface_get_height(logo);
	int nw = (int)(logo_w / 72.0 * LOGO_DPI + 0.5), nh, x, y, opaque = 1;
	cairo_surface_t *s;
	unsigned char *p;
	int stride;
	cairo_t *c;

	if (nw > w)
		nw = w;
	if (nw < 1)
		nw = 1;
	nh = (int)((double)h * nw / w + 0.5);
	if (nh < 1)
		nh = 1;
	cairo_surface_flush(logo);
	if (cairo_image_surface_get_format(logo) == CAIRO_FORMAT_ARGB32) {
		p = cairo_image_surface_get_data(logo);
		stride = cairo_image_surface_get_stride(logo);
		for (y = 0; y < h && opaque; y++)
			for (x = 0; x < w && opaque; x++)
				opaque = (((uint32_t *)(void *)(p + y * stride))[x]
				    >> 24) == 0xff;
	}
	s = cairo_image_surface_create(opaque ? CAIRO_FORMAT_RGB24 :
	    CAIRO_FORMAT_ARGB32, nw, nh);
	c = cairo_create(s);
	cairo_scale(c, (double)nw / w, (double)nh / h);
	cairo_set_source_surface(c, logo, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(c), CAIRO_FILTER_BEST);
	/* the edge pixels continue past it: no dark seam round the logo */
	cairo_pattern_set_extend(cairo_get_source(c), CAIRO_EXTEND_PAD);
	cairo_paint(c);
	cairo_destroy(c);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		die("the logo: %s", cairo_status_to_string(
		    cairo_surface_status(s)));
	cairo_surface_destroy(logo);
	logo = s;
}

static void
logo_load(const char *const *dirs, size_t ndirs)
{
	const char *name = tpl_get(&tpl, F_LOGO);
	char *path;

	if (*name == '\0')
		return;
	if ((path = tpl_find(dirs, ndirs, name)) == NULL)
		tpl_die(&tpl, F_LOGO, "'%s' is in none of the template folders",
		    clip(name));
	logo = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(logo) != CAIRO_STATUS_SUCCESS)
		die("%s: cannot read the logo: %s (expected a PNG image)",
		    path, cairo_status_to_string(cairo_surface_status(logo)));
	logo_w = MM(tpl_get(&tpl, F_LOGO_WIDTH)[0] != '\0' ?
	    tpl_size(&tpl, F_LOGO_WIDTH) : 40.0);
	logo_h = logo_w * cairo_image_surface_get_height(logo) /
	    cairo_image_surface_get_width(logo);
	logo_fit();
	free(path);
}

static void
draw_logo(double x, double y)
{
	double s;

	if (logo == NULL)
		return;
	s = logo_w / cairo_image_surface_get_width(logo);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, s, s);
	cairo_set_source_surface(cr, logo, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

/* --- one invoice ---------------------------------------------------------------- */

/* the groups of lines, in the order the invoice shows them (issue 13):
 * subscriptions for the month ahead, usage of the month before, one-off
 * charges and fees, corrections */
enum group { G_SUB, G_USAGE, G_CHARGE, G_CORR, NGROUPS };

struct dline {
	struct line l;
	enum group g;
	int discount;		/* under the line before it */
	int days, of;		/* a part month: days of of; 0: none */
	double h;		/* its height on the page */
	int page;
	double y;
};

/* the usage specification: per service and destination, and the most
 * expensive calls */
#define TOP_CALLS 20
struct dest {
	enum service svc;
	char *name;
	long n, secs;
	int64_t units, amount;	/* amount in 0.00001 EUR */
};
struct call {
	int64_t start, amount;
	long billsec;
	char *id, *dst, *destination;
};

struct doc {
	struct invoice inv;
	const struct customer *c;
	enum lang lang;
	struct dline *v;
	size_t n, cap;
	size_t *order;		/* the lines in the order shown */
	int *head;		/* order[i] opens its group: the heading */
	struct vatsum vs[VATSUM_MAX];
	size_t nvs;
	int pages;		/* all of them, the specification's too */
	int inv_pages;		/* the invoice's */
	double totals_y;	/* where the totals start, on the last page */
	struct dest *dv;
	size_t nd, dcap;
	struct call top[TOP_CALLS];
	size_t ntop;
	const struct hist_row *hist;
};

static struct terms terms;
static struct customers cs;

/* masthead: the top of every page: the provider's name, the logo */
static void
masthead(void)
{
	draw_logo(RIGHT - logo_w, MM(14));
	text(S_HEAD, accent, LEFT, MM(16), MM(100), A_LEFT,
	    terms.provider_name);
}

static const char *outdir;
static struct sbuf sb;

static enum group
group_of(const char *kind)
{
	if (strcmp(kind, "subscription") == 0)
		return G_SUB;
	if (strcmp(kind, "usage") == 0)
		return G_USAGE;
	if (strcmp(kind, "correction") == 0)
		return G_CORR;
	return G_CHARGE;	/* charge, fee, buyout, early_cancel, downgrade */
}

static void
doc_clear(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		line_release(&d->v[i].l);
	d->n = 0;
	d->nvs = 0;
	for (i = 0; i < d->nd; i++)
		free(d->dv[i].name);
	d->nd = 0;
	for (i = 0; i < d->ntop; i++) {
		free(d->top[i].id);
		free(d->top[i].dst);
		free(d->top[i].destination);
	}
	d->ntop = 0;
}

/* a call before another in the list of the most expensive: the larger
 * amount, then the earlier start, then the cdr_id */
static int
dearer(const struct usage_row *u, const struct call *c)
{
	int k;

	if (u->amount != c->amount)
		return u->amount > c->amount;
	if (u->start != c->start)
		return u->start < c->start;
	k = strcmp(u->cdr_id, c->id);
	return k < 0;
}

/* doc_usage: one row of usage.csv of the invoice's customer; -1 when a
 * sum overflows */
static int
doc_usage(struct doc *d, const struct usage_row *u)
{
	struct dest *x = NULL;
	struct call c;
	size_t i;

	/* a record that costs nothing by a rule (unanswered, internal, not
	 * billed) is no usage of the invoice */
	if (cdr_rule_free(u->rule))
		return 0;
	for (i = 0; i < d->nd; i++)
		if (d->dv[i].svc == u->service && strcmp(d->dv[i].name,
		    u->destination) == 0) {
			x = &d->dv[i];
			break;
		}
	if (x == NULL) {
		GROW(d->dv, d->nd, d->dcap);
		x = &d->dv[d->nd++];
		memset(x, 0, sizeof(*x));
		x->svc = u->service;
		x->name = xstrdup(u->destination);
	}
	x->n++;
	x->secs += u->billsec;
	if (madd(x->units, u->billed_units, &x->units) != 0 ||
	    madd(x->amount, u->amount, &x->amount) != 0)
		return -1;
	if (u->service != SVC_VOICE)
		return 0;
	/* the most expensive calls, in order: insert, the last falls off */
	for (i = d->ntop; i > 0 && dearer(u, &d->top[i - 1]); i--)
		;
	if (i == TOP_CALLS)
		return 0;
	if (d->ntop == TOP_CALLS) {
		free(d->top[TOP_CALLS - 1].id);
		free(d->top[TOP_CALLS - 1].dst);
		free(d->top[TOP_CALLS - 1].destination);
		d->ntop--;
	}
	memmove(&d->top[i + 1], &d->top[i], (d->ntop - i) * sizeof(c));
	c.start = u->start;
	c.amount = u->amount;
	c.billsec = u->billsec;
	c.id = xstrdup(u->cdr_id);
	c.dst = xstrdup(u->dst);
	c.destination = xstrdup(u->destination);
	d->top[i] = c;
	d->ntop++;
	return 0;
}

static int
by_dest(const void *a, const void *b)
{
	const struct dest *x = a, *y = b;

	if (x->svc != y->svc)
		return x->svc < y->svc ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
doc_add(struct doc *d, const struct line *l)
{
	struct dline *x;
	int days, of;

	GROW(d->v, d->n, d->cap);
	x = &d->v[d->n++];
	memset(x, 0, sizeof(*x));
	line_dup(&x->l, l);
	x->discount = strcmp(l->kind, "discount") == 0;
	x->g = group_of(l->kind);
	/* a part month: its unit says the days ("13/30 month") */
	if (sscanf(l->unit, "%d/%d month", &days, &of) == 2) {
		x->days = days;
		x->of = of;
	}
	vat_add(d->vs, &d->nvs, l->vat_rate, l->net, l->invoice_no);
}

/* arrange: the lines grouped, each discount under the line it reduces
 * (the one before it in lines.csv), stable within a group */
static void
arrange(struct doc *d)
{
	size_t i, k = 0;
	int g;

	d->order = xreallocarray(d->order, d->n + 1, sizeof(*d->order));
	d->head = xreallocarray(d->head, d->n + 1, sizeof(*d->head));
	for (i = 1; i < d->n; i++)
		if (d->v[i].discount)
			d->v[i].g = d->v[i - 1].g;
	for (g = 0; g < NGROUPS; g++)
		for (i = 0; i < d->n; i++)
			if ((int)d->v[i].g == g) {
				d->head[k] = k == 0 ||
				    (int)d->v[d->order[k - 1]].g != g;
				d->order[k++] = i;
			}
}

/* the values of a text's placeholders */
struct vals {
	const char *name[8], *value[8];
	size_t n;
};

static const char *
val(const char *name, size_t len, void *arg)
{
	struct vals *v = arg;
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strlen(v->name[i]) == len && strncmp(v->name[i], name,
		    len) == 0)
			return v->value[i];
	return "";
}

/* say: word w of language l with its placeholders filled, in sb */
static const char *
say(enum lang l, int w, struct vals *v)
{
	sb_reset(&sb);
	tpl_expand(&sb, word(l, w), val, v);
	return sb_str(&sb);
}

#define VALS(...) (&(struct vals){ __VA_ARGS__ })

/* the columns of the table (points): description, period, quantity,
 * price, amount, VAT; the right-aligned ones by their right edge */
#define X_DESC LEFT
#define DESC_W MM(74)
#define X_PERIOD MM(96)
#define R_QTY MM(142)
#define R_PRICE MM(160)
#define R_AMOUNT MM(179)
#define R_VAT RIGHT
#define ROW_GAP MM(1.6)
#define R_LABEL MM(146)	/* the totals' labels end here */

static const char *
period_text(const struct dline *x, enum lang l, char *buf)
{
	char a[FMT_BUFSZ], b[FMT_BUFSZ];
	int32_t to = x->l.to != DATE_NONE ? x->l.to : x->l.from;
	int y, m, d, y2, m2, d2;

	if (x->l.from == DATE_NONE)
		return "";
	/* a whole calendar month reads as its month */
	if (x->l.from == month_first(x->l.from) && to == month_last(x->l.from))
		return fmt_month(x->l.from, l, buf);
	civil_from_days(x->l.from, &y, &m, &d);
	civil_from_days(to, &y2, &m2, &d2);
	fmt_date(to, l, b);
	if (to == x->l.from)
		return strcpy(buf, b);
	/* days of one month: "19 t/m 31-12-2026", "19–31 December 2026" */
	if (y == y2 && m == m2 && l == LANG_NL)
		snprintf(buf, 2 * FMT_BUFSZ + 4, "%d t/m %s", d, b);
	else if (y == y2 && m == m2)
		snprintf(buf, 2 * FMT_BUFSZ + 4, "%d–%s", d, b);
	else
		snprintf(buf, 2 * FMT_BUFSZ + 4, l == LANG_NL ? "%s t/m %s" :
		    "%s – %s", fmt_date(x->l.from, l, a), b);
	return buf;
}

/* the small print under a line: its article and, for a part month, the
 * days */
static const char *
small_print(const struct dline *x, enum lang l)
{
	struct sbuf *b = &sb;
	char d[16], o[16];

	sb_reset(b);
	tpl_expand(b, word(l, W_ARTICLE), val, VALS({ "rule" }, {
	    x->l.rule }, 1));
	if (x->of > 0) {
		snprintf(d, sizeof(d), "%d", x->days);
		snprintf(o, sizeof(o), "%d", x->of);
		sb_add(b, " · ");
		tpl_expand(b, word(l, W_PART_MONTH), val, VALS({ "days", "of" },
		    { d, o }, 2));
	}
	return sb_str(b);
}

/* a discount stands indented under the line it reduces */
#define INDENT(x) ((x)->discount ? MM(4) : 0)
#define PERIOD_W MM(28)

/* line_height: what the line takes: its description and small print, or
 * its period where that wraps further */
static double
line_height(const struct dline *x, enum lang l)
{
	char buf[2 * FMT_BUFSZ + 8];
	double w = DESC_W - INDENT(x);
	double h = height(S_BODY, x->l.description, w) +
	    height(S_SMALL, small_print(x, l), w);
	double hp = height(S_BODY, period_text(x, l, buf), PERIOD_W);

	return (hp > h ? hp : h) + ROW_GAP;
}

/* the quantity as the reader says it: months, minutes, a discount's
 * percentage as it is */
static const char *
quantity_text(const struct dline *x, enum lang l, char *q, size_t qn)
{
	char n[FMT_BUFSZ];

	if (x->discount && strchr(x->l.unit, '%') != NULL)
		return x->l.unit;
	fmt_number(x->l.quantity, 0, 0, l, n);
	if (strcmp(x->l.unit, "month") == 0 || x->of > 0)
		snprintf(q, qn, "%s %s", n, word(l, x->l.quantity == 1 ||
		    x->of > 0 ? W_MONTH : W_MONTHS));
	else if (*x->l.unit != '\0')
		snprintf(q, qn, "%s %s", n, x->l.unit);
	else
		snprintf(q, qn, "%s", n);
	return q;
}

static void
draw_line(const struct dline *x, enum lang l, double y)
{
	char buf[2 * FMT_BUFSZ + 8], q[FMT_BUFSZ + 40], n[FMT_BUFSZ];
	double h;
	const double *c = x->discount ? muted : ink;
	double indent = INDENT(x);

	h = text(S_BODY, c, X_DESC + indent, y, DESC_W - indent, A_LEFT,
	    x->l.description);
	text(S_SMALL, muted, X_DESC + indent, y + h, DESC_W - indent, A_LEFT,
	    small_print(x, l));
	text(S_BODY, c, X_PERIOD, y, PERIOD_W, A_LEFT, period_text(x, l, buf));
	right(S_BODY, c, R_QTY, y, quantity_text(x, l, q, sizeof(q)));
	fmt_number(x->l.unit_price, MONEY_MICRO, 2, l, n);
	right(S_BODY, c, R_PRICE, y, n);
	right(S_BODY, c, R_AMOUNT, y, fmt_money(x->l.net, l, n));
	fmt_pct(x->l.vat_rate, l, n);
	/* an exempt line is marked, the mark explained under the totals */
	if (strcmp(x->l.vat_category, "E") == 0 && strlen(n) + 3 <= sizeof(n))
		strcat(n, " E");
	right(S_BODY, c, R_VAT, y, n);
}

static double
group_height(void)
{
	return height(S_BOLD, "Ag", 0) + MM(1.5);
}

/* band: the light band behind a table's column heads */
static void
band(double y)
{
	double h = height(S_BOLD, "Ag", 0) + MM(2);

	cairo_set_source_rgb(cr, light[0], light[1], light[2]);
	cairo_rectangle(cr, LEFT - MM(1.5), y - MM(1), RIGHT - LEFT + MM(3),
	    h);
	cairo_fill(cr);
}

static void
table_head(enum lang l, double y)
{
	band(y);
	text(S_BOLD, accent, X_DESC, y, DESC_W, A_LEFT,
	    word(l, W_COL_DESCRIPTION));
	text(S_BOLD, accent, X_PERIOD, y, MM(30), A_LEFT,
	    word(l, W_COL_PERIOD));
	right(S_BOLD, accent, R_QTY, y, word(l, W_COL_QUANTITY));
	right(S_BOLD, accent, R_PRICE, y, word(l, W_COL_PRICE));
	right(S_BOLD, accent, R_AMOUNT, y, word(l, W_COL_AMOUNT));
	right(S_BOLD, accent, R_VAT, y, word(l, W_COL_VAT));
}

static double
table_head_height(void)
{
	return height(S_BOLD, "Ag", 0) + MM(4);
}

/* where the table starts on page 1 and on the pages after it */
#define TABLE_Y1 MM(124)
#define TABLE_YN MM(48)

/* --- the totals and the payment block ------------------------------------------- */

static int
by_transfer(const struct doc *d)
{
	return !d->inv.direct_debit && d->inv.gross > 0;
}

/* totals: draw (or with draw 0 only measure) the totals, the VAT texts
 * and the payment block from y; returns the height */
static double qr_draw(const struct doc *d, double x, double y, double size);
static void chart(const struct doc *d, double x, double y);
static double chart_height(void);

/* has_category: a line of d in VAT category cat (NULL: in any: lines.csv
 * has the column) */
static int
has_category(const struct doc *d, const char *cat)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (*d->v[i].l.vat_category != '\0' && (cat == NULL ||
		    strcmp(d->v[i].l.vat_category, cat) == 0))
			return 1;
	return 0;
}

static double
totals(const struct doc *d, double y, int draw)
{
	enum lang l = d->lang;
	char a[FMT_BUFSZ], b[FMT_BUFSZ], r[FMT_BUFSZ];
	double y0 = y, h = height(S_BODY, "Ag", 0) + MM(1), w, t;
	size_t j;
	enum vat_regime vr = customer_vat(d->c);
	const char *s;
	char iban[64];

	if (draw) {
		rule_line(MM(110), RIGHT, y, accent, 0.6);
		right(S_BODY, ink, R_LABEL, y + MM(1.5), word(l, W_SUBTOTAL));
		right(S_BODY, ink, R_AMOUNT, y + MM(1.5), fmt_money(d->inv.net,
		    l, a));
	}
	y += MM(1.5) + h;
	for (j = 0; j < d->nvs; j++) {
		if (draw) {
			s = say(l, W_VAT_LINE, VALS({ "rate", "base" }, {
			    fmt_pct(d->vs[j].rate, l, r), fmt_money(d->vs[j].net,
			    l, b) }, 2));
			right(S_BODY, ink, R_LABEL, y, s);
			right(S_BODY, ink, R_AMOUNT, y, fmt_money(d->vs[j].vat,
			    l, a));
		}
		y += h;
	}
	if (draw) {
		rule_line(MM(110), RIGHT, y + MM(0.5), accent, 0.6);
		right(S_HEAD, accent, R_LABEL, y + MM(1.5), word(l, W_TOTAL));
		right(S_HEAD, accent, R_AMOUNT, y + MM(1.5),
		    fmt_money(d->inv.gross, l, a));
	}
	y += MM(1.5) + height(S_HEAD, "Ag", 0) + MM(4);
	/* the chart, left of the totals */
	if (draw)
		chart(d, LEFT, y0 + MM(1));
	if (y < y0 + chart_height() + MM(2))
		y = y0 + chart_height() + MM(2);

	/* the VAT regime (rules.md §8), from the lines' categories, as the
	 * e-invoice has them (a run of before them: the customer's) */
	w = RIGHT - LEFT;
	if (has_category(d, "AE") || (vr != VAT_NORMAL && vr != VAT_OUTSIDE_EU &&
	    !has_category(d, NULL))) {
		t = draw ? text(S_BOLD, ink, LEFT, y, w, A_LEFT,
		    word(l, W_REVERSE_CHARGE)) : height(S_BOLD,
		    word(l, W_REVERSE_CHARGE), w);
		y += t;
		s = say(l, W_REVERSE_IDS, VALS({ "customer_vat",
		    "provider_vat" }, { d->c->vat_id, terms.vat_id }, 2));
		y += (draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BODY, s, w)) + MM(3);
	} else if (has_category(d, "O") || (vr == VAT_OUTSIDE_EU &&
	    !has_category(d, NULL))) {
		s = word(l, W_OUTSIDE_EU);
		y += (draw ? text(S_BOLD, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BOLD, s, w)) + MM(3);
	}
	if (has_category(d, "E")) {
		/* the mark of the VAT column, explained */
		sb_reset(&sb);
		sb_addf(&sb, "E: %s", word(l, W_EXEMPT));
		s = sb_str(&sb);
		y += (draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BODY, s, w)) + MM(3);
	}

	/* how it is paid (rules.md §8, VZ 8.6, 8.7, 8.9) */
	if (draw)
		rule_line(LEFT, RIGHT, y, light, 1.2);
	y += MM(3);
	t = y;
	w = by_transfer(d) ? MM(125) : RIGHT - LEFT;
	if (d->inv.gross < 0) {
		s = say(l, W_CREDIT, VALS({ "amount" }, { fmt_money(
		    -d->inv.gross, l, a) }, 1));
		y += draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BODY, s, w);
	} else if (d->inv.direct_debit) {
		iban_check(d->c->iban, iban, sizeof(iban));
		s = say(l, W_DEBIT, VALS({ "amount", "date", "iban" }, {
		    fmt_money(d->inv.gross, l, a), fmt_date(
		    d->inv.collection_date, l, b), iban }, 3));
		y += draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BODY, s, w);
		s = say(l, W_DEBIT_IDS, VALS({ "mandate", "creditor" }, {
		    d->c->mandate_id, terms.creditor_id }, 2));
		y += draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BODY, s, w);
	} else if (d->inv.gross > 0) {
		if (d->inv.first) {
			s = word(l, W_FIRST);
			y += draw ? text(S_BOLD, ink, LEFT, y, w, A_LEFT, s) :
			    height(S_BOLD, s, w);
		}
		s = say(l, W_TRANSFER, VALS({ "amount", "date", "iban", "bic",
		    "provider", "reference" }, { fmt_money(d->inv.gross, l, a),
		    fmt_date(d->inv.due_date, l, b), terms.iban, terms.bic,
		    terms.provider_name, d->inv.payment_reference }, 6));
		y += draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BODY, s, w);
		sb_reset(&sb);
		sb_addf(&sb, "%s: %s", word(l, W_REFERENCE),
		    d->inv.payment_reference);
		y += MM(1) + (draw ? text(S_HEAD, accent, LEFT, y + MM(1), w,
		    A_LEFT, sb_str(&sb)) : height(S_HEAD, sb_str(&sb), w));
		/* the EPC QR code beside it */
		if (draw)
			qr_draw(d, RIGHT - MM(28), t - MM(1), MM(28));
		if (y < t + MM(34))
			y = t + MM(34);
	}
	return y - y0;
}

/* --- EPC QR (EPC069-12, version 002) --------------------------------------------- */

/* epc_payload: the lines a banking app reads: service tag, version,
 * UTF-8, SCT, BIC, name (at most 70 characters), IBAN, amount, no
 * purpose, the structured reference */
static const char *
epc_payload(const struct doc *d)
{
	const char *n = terms.provider_name;
	size_t cut = 0, chars = 0;
	char a[MONEY_BUFSZ];

	while (n[cut] != '\0' && chars < 70) {
		cut += utf8_len((unsigned char)n[cut]);
		chars++;
	}
	sb_reset(&sb);
	sb_addf(&sb, "BCD\n002\n1\nSCT\n%s\n%.*s\n%s\nEUR%s\n\n%s",
	    terms.bic != NULL ? terms.bic : "", (int)cut, n, terms.iban,
	    money_fmt(d->inv.gross, MONEY_CENTS, a), d->inv.payment_reference);
	return sb_str(&sb);
}

static double
qr_draw(const struct doc *d, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(epc_payload(d), 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1);
	cairo_surface_t *img;
	cairo_pattern_t *pat;
	unsigned char *px;
	double m;
	int i, j, w, stride;

	if (q == NULL)
		die("invoice %s: cannot make its QR code: %s",
		    d->inv.invoice_no, strerror(errno));
	/* the modules as a mask of one pixel each, four of quiet zone on
	 * every side, scaled without smoothing: a small image, not a
	 * thousand rectangles */
	w = q->width + 8;
	img = cairo_image_surface_create(CAIRO_FORMAT_A8, w, w);
	cairo_surface_flush(img);
	px = cairo_image_surface_get_data(img);
	stride = cairo_image_surface_get_stride(img);
	memset(px, 0, (size_t)stride * (size_t)w);
	for (i = 0; i < q->width; i++)
		for (j = 0; j < q->width; j++)
			if (q->data[i * q->width + j] & 1)
				px[(i + 4) * stride + j + 4] = 0xff;
	cairo_surface_mark_dirty(img);
	m = size / w;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, m, m);
	cairo_set_source_rgb(cr, 0, 0, 0);
	pat = cairo_pattern_create_for_surface(img);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
	cairo_mask(cr, pat);
	cairo_pattern_destroy(pat);
	cairo_restore(cr);
	cairo_surface_destroy(img);
	QRcode_free(q);
	text(S_SMALL, muted, x, y + size, size, A_LEFT, word(d->lang, W_SCAN));
	return size;
}

/* --- the usage specification, after the invoice ------------------------------------ */

/* masked: the number with its last four digits hidden (the last two of a
 * short one) */
static const char *
masked(const char *dst, char *buf, size_t n)
{
	size_t len = strlen(dst), hide = len > 6 ? 4 : len / 2, i;

	snprintf(buf, n, "%s", dst);
	for (i = len > n - 1 ? n - 1 : len; i > 0 && hide > 0; i--)
		if (buf[i - 1] >= '0' && buf[i - 1] <= '9') {
			buf[i - 1] = '*';
			hide--;
		}
	return buf;
}

static double
row_h(void)
{
	return height(S_BODY, "Ag", 0) + MM(1.2);
}

/* the columns of the two tables of the specification */
#define SX_DEST (LEFT + MM(22))
#define SR_COUNT MM(128)
#define SR_VOLUME MM(158)
#define SX_TIME (LEFT + MM(30))
#define SX_NUMBER (LEFT + MM(44))
#define SX_CALLDEST (LEFT + MM(76))

static void
spec_head(enum lang l, int table, double y)
{
	band(y);
	if (table == 0) {
		text(S_BOLD, accent, LEFT, y, MM(22), A_LEFT,
		    word(l, W_COL_SERVICE));
		text(S_BOLD, accent, SX_DEST, y, MM(60), A_LEFT,
		    word(l, W_COL_DESTINATION));
		right(S_BOLD, accent, SR_COUNT, y, word(l, W_COL_COUNT));
		right(S_BOLD, accent, SR_VOLUME, y, word(l, W_COL_VOLUME));
	} else {
		text(S_BOLD, accent, LEFT, y, MM(30), A_LEFT,
		    word(l, W_COL_DATE));
		text(S_BOLD, accent, SX_TIME, y, MM(14), A_LEFT,
		    word(l, W_COL_TIME));
		text(S_BOLD, accent, SX_NUMBER, y, MM(34), A_LEFT,
		    word(l, W_COL_NUMBER));
		text(S_BOLD, accent, SX_CALLDEST, y, MM(50), A_LEFT,
		    word(l, W_COL_DESTINATION));
		right(S_BOLD, accent, SR_VOLUME, y, word(l, W_COL_DURATION));
	}
	right(S_BOLD, accent, RIGHT, y, word(l, W_COL_AMOUNT));
}

static void
spec_row(const struct doc *d, int table, size_t i, double y)
{
	static const int sw[] = { W_SVC_VOICE, W_SVC_SMS, W_SVC_DATA };
	enum lang l = d->lang;
	char a[FMT_BUFSZ + 8], b[FMT_BUFSZ + 8];
	int32_t day;

	if (table == 0) {
		const struct dest *x = &d->dv[i];

		text(S_BODY, ink, LEFT, y, MM(22), A_LEFT, word(l, sw[x->svc]));
		text(S_BODY, ink, SX_DEST, y, SR_COUNT - MM(16) - SX_DEST,
		    A_LEFT, x->name);
		snprintf(a, sizeof(a), "%ld", x->n);
		right(S_BODY, ink, SR_COUNT, y, a);
		if (x->svc == SVC_VOICE)
			fmt_duration(x->secs, b);
		else if (x->svc == SVC_DATA)
			snprintf(b, sizeof(b), "%lld MB", (long long)x->units);
		else
			snprintf(b, sizeof(b), "%lld", (long long)x->units);
		right(S_BODY, ink, SR_VOLUME, y, b);
		right(S_BODY, ink, RIGHT, y, fmt_amount(x->amount, MONEY_MICRO, 2, l, a));
	} else {
		const struct call *c = &d->top[i];

		fmt_time(c->start, &day, b);
		text(S_BODY, ink, LEFT, y, MM(30), A_LEFT, fmt_date(day, l, a));
		text(S_BODY, ink, SX_TIME, y, MM(14), A_LEFT, b);
		text(S_BODY, ink, SX_NUMBER, y, MM(34), A_LEFT, masked(c->dst,
		    a, sizeof(a)));
		text(S_BODY, ink, SX_CALLDEST, y, SR_VOLUME - MM(18) -
		    SX_CALLDEST, A_LEFT, c->destination);
		right(S_BODY, ink, SR_VOLUME, y, fmt_duration(c->billsec, b));
		right(S_BODY, ink, RIGHT, y, fmt_amount(c->amount, MONEY_MICRO, 2, l, a));
	}
}

static void page_done(const struct doc *d, int page);

static void
spec_header(const struct doc *d)
{
	enum lang l = d->lang;

	masthead();
	sb_reset(&sb);
	sb_addf(&sb, "%s · %s %s · %s", word(l, W_SPEC_TITLE), word(l,
	    d->inv.gross < 0 ? W_CREDIT_NOTE : W_INVOICE), d->inv.invoice_no,
	    d->c->name);
	text(S_BOLD, ink, LEFT, MM(34), RIGHT - LEFT, A_LEFT, sb_str(&sb));
}

/*
 * spec: the usage specification from page page0 + 1 on: with draw 0 only
 * its pages are counted.  Its two tables, each with its heading, continue
 * on the next page with their column heads repeated.
 */
static int
spec(const struct doc *d, int draw, int page0)
{
	double y = BOTTOM, rh = row_h(), th = table_head_height();
	double sh = height(S_HEAD, "Ag", 0) + MM(3);
	size_t i, n;
	int page = 0, t;
	char num[16];

	if (d->nd == 0)
		return 0;
	for (t = 0; t < 2; t++) {
		n = t == 0 ? d->nd : d->ntop;
		if (n == 0)
			continue;
		if (y + sh + th + rh > BOTTOM) {
			if (draw && page > 0)
				page_done(d, page0 + page);
			page++;
			if (draw)
				spec_header(d);
			y = MM(46);
		}
		if (draw) {
			snprintf(num, sizeof(num), "%zu", d->ntop);
			text(S_HEAD, accent, LEFT, y, RIGHT - LEFT, A_LEFT, t == 0 ?
			    word(d->lang, W_SPEC_DESTINATIONS) : say(d->lang,
			    W_SPEC_LARGEST, VALS({ "n" }, { num }, 1)));
			spec_head(d->lang, t, y + sh);
		}
		y += sh + th;
		for (i = 0; i < n; i++) {
			if (y + rh > BOTTOM) {
				if (draw)
					page_done(d, page0 + page);
				page++;
				if (draw) {
					spec_header(d);
					spec_head(d->lang, t, MM(46));
				}
				y = MM(46) + th;
			}
			if (draw)
				spec_row(d, t, i, y);
			y += rh;
		}
		y += MM(6);
	}
	if (draw)
		page_done(d, page0 + page);
	return page;
}

/* --- the chart of the last six months ---------------------------------------------- */

#define CHART_W MM(72)
#define CHART_H MM(20)

/* chart_height: what the chart takes, its caption and labels too */
static double
chart_height(void)
{
	return height(S_SMALL, "Ag", 0) * 2 + CHART_H + MM(3);
}

/* chart: the customer's invoice totals of the six months up to this one,
 * as bars from a zero line, in the template's colours */
static void
chart(const struct doc *d, double x, double y)
{
	int64_t v[HIST_MONTHS], lo = 0, hi = 0;
	int has[HIST_MONTHS], i;
	double hs = height(S_SMALL, "Ag", 0), bw = CHART_W / HIST_MONTHS;
	double base, scale, top, bh;
	char m[FMT_BUFSZ];

	for (i = 0; i < HIST_MONTHS - 1; i++) {
		v[i] = d->hist != NULL ? d->hist->gross[i] : 0;
		has[i] = d->hist != NULL && d->hist->has[i];
	}
	v[HIST_MONTHS - 1] = d->inv.gross;
	has[HIST_MONTHS - 1] = 1;
	for (i = 0; i < HIST_MONTHS; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	text(S_SMALL, muted, x, y, CHART_W + MM(20), A_LEFT, word(d->lang,
	    W_CHART));
	top = y + hs + MM(1);
	scale = hi - lo > 0 ? CHART_H / (double)(hi - lo) : 0;
	base = top + (double)hi * scale;
	for (i = 0; i < HIST_MONTHS; i++) {
		const double *c = i == HIST_MONTHS - 1 ? accent : muted;

		fmt_month_short(d->inv.period - (HIST_MONTHS - 1) + i, d->lang,
		    m);
		text(S_SMALL, muted, x + i * bw, top + CHART_H + MM(1), bw *
		    0.9, A_CENTER, m);
		if (!has[i])
			continue;
		bh = (double)v[i] * scale;
		cairo_set_source_rgb(cr, c[0], c[1], c[2]);
		cairo_rectangle(cr, x + i * bw + bw * 0.15, bh >= 0 ? base -
		    bh : base, bw * 0.6, bh >= 0 ? bh : -bh);
		cairo_fill(cr);
	}
	rule_line(x, x + CHART_W, base, muted, 0.5);
}

/* --- the frame of every page ------------------------------------------------------ */

static void
footer(enum lang l, int page, int pages)
{
	char p[16], n[16];
	const char *s;

	sb_reset(&sb);
	sb_addf(&sb, "%s · %s %s · %s %s", terms.provider_name,
	    word(l, W_KVK), terms.kvk, word(l, W_VAT_ID), terms.vat_id);
	if (terms.iban != NULL && *terms.iban != '\0')
		sb_addf(&sb, " · %s %s", word(l, W_IBAN), terms.iban);
	rule_line(LEFT, RIGHT, MM(280), light, 0.8);
	text(S_SMALL, muted, LEFT, MM(282), MM(130), A_LEFT, sb_str(&sb));
	snprintf(p, sizeof(p), "%d", page);
	snprintf(n, sizeof(n), "%d", pages);
	s = say(l, W_PAGE, VALS({ "page", "pages" }, { p, n }, 2));
	right(S_SMALL, muted, RIGHT, MM(282), s);
}

/* the provider's block: address, contact lines, ids, bank */
static void
provider_block(enum lang l, double x, double y)
{
	const char *p, *e;
	double h = height(S_SMALL, "Ag", 0);

	y += text(S_BOLD, ink, x, y, RIGHT - x, A_LEFT, terms.provider_name);
	sb_reset(&sb);
	sb_addf(&sb, "%s\n%s  %s", terms.street, terms.postcode, terms.city);
	if (terms.country != NULL && strcmp(terms.country, "NL") != 0)
		sb_addf(&sb, "\n%s", terms.country);
	y += text(S_SMALL, ink, x, y, RIGHT - x, A_LEFT, sb_str(&sb));
	if (terms.email != NULL && *terms.email != '\0')
		y += text(S_SMALL, ink, x, y, RIGHT - x, A_LEFT, terms.email);
	for (p = tpl_get(&tpl, F_CONTACT); *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		sb_reset(&sb);
		sb_addn(&sb, p, (size_t)(e - p));
		y += text(S_SMALL, ink, x, y, RIGHT - x, A_LEFT, sb_str(&sb));
	}
	y += h / 2;
	sb_reset(&sb);
	sb_addf(&sb, "%s %s\n%s %s", word(l, W_KVK), terms.kvk,
	    word(l, W_VAT_ID), terms.vat_id);
	if (terms.iban != NULL && *terms.iban != '\0')
		sb_addf(&sb, "\n%s %s", word(l, W_IBAN), terms.iban);
	if (terms.bic != NULL && *terms.bic != '\0')
		sb_addf(&sb, "\n%s %s", word(l, W_BIC), terms.bic);
	text(S_SMALL, ink, x, y, RIGHT - x, A_LEFT, sb_str(&sb));
}

/* the customer's address, in the window of a left-window envelope
 * (billing-template(5)): 22 mm from the left, 50 mm from the top */
static void
address_block(const struct customer *c)
{
	sb_reset(&sb);
	sb_addf(&sb, "%s\n%s\n%s  %s", c->name, c->street, c->postcode,
	    c->city);
	if (c->country != NULL && strcmp(c->country, "NL") != 0)
		sb_addf(&sb, "\n%s", c->country);
	text(S_BODY, ink, MM(22), MM(50), MM(85), A_LEFT, sb_str(&sb));
}

static void
meta_row(double x, double y, const char *k, const char *v)
{
	text(S_SMALL, muted, x, y, MM(32), A_LEFT, k);
	text(S_BODY, ink, x + MM(32), y - MM(0.4), MM(50), A_LEFT, v);
}

static void
first_page(const struct doc *d)
{
	enum lang l = d->lang;
	const struct invoice *v = &d->inv;
	char a[FMT_BUFSZ], b[FMT_BUFSZ];
	double y = MM(98), h = MM(5);

	masthead();
	provider_block(l, MM(135), MM(42));
	address_block(d->c);
	text(S_TITLE, accent, LEFT, MM(84), MM(120), A_LEFT,
	    word(l, v->gross < 0 ? W_CREDIT_NOTE : W_INVOICE));
	meta_row(LEFT, y, word(l, W_INVOICE_NO), v->invoice_no);
	meta_row(LEFT, y + h, word(l, W_INVOICE_DATE), fmt_date(
	    v->invoice_date, l, a));
	/* a credit invoice is not paid: no due date */
	if (v->gross >= 0)
		meta_row(LEFT, y + 2 * h, word(l, W_DUE_DATE),
		    fmt_date(v->due_date, l, a));
	meta_row(MM(110), y, word(l, W_CUSTOMER_NO), v->customer_id);
	meta_row(MM(110), y + h, word(l, W_PERIOD), fmt_month(
	    period_first(v->period), l, b));
	meta_row(MM(110), y + 2 * h, word(l, W_PAYMENT_METHOD), word(l,
	    v->gross < 0 ? W_METHOD_CREDIT : v->direct_debit ? W_METHOD_DEBIT :
	    W_METHOD_TRANSFER));
	if (d->c->vat_id != NULL && *d->c->vat_id != '\0')
		meta_row(LEFT, y + 3 * h, word(l, W_CUSTOMER_VAT),
		    d->c->vat_id);
}

static void
next_page(const struct doc *d)
{
	enum lang l = d->lang;

	masthead();
	sb_reset(&sb);
	sb_addf(&sb, "%s %s (%s) · %s", word(l, d->inv.gross < 0 ?
	    W_CREDIT_NOTE : W_INVOICE), d->inv.invoice_no, word(l,
	    W_CONTINUED), d->c->name);
	text(S_BOLD, ink, LEFT, MM(34), RIGHT - LEFT, A_LEFT, sb_str(&sb));
}

/* --- layout and drawing ------------------------------------------------------------ */

/* paginate: each row's page and place; a group heading stays with its
 * first line, a line with the discounts under it, the totals whole on
 * the last page */
static void
paginate(struct doc *d)
{
	double y = TABLE_Y1 + table_head_height(), hb, gh = group_height();
	int page = 1;
	size_t i, j;

	for (i = 0; i < d->n; i++)
		d->v[i].h = line_height(&d->v[i], d->lang);
	for (i = 0; i < d->n; i = j) {
		hb = (d->head[i] ? gh : 0) + d->v[d->order[i]].h;
		for (j = i + 1; j < d->n && d->v[d->order[j]].discount &&
		    !d->head[j]; j++)
			hb += d->v[d->order[j]].h;
		if (y + hb > BOTTOM && y > TABLE_YN + table_head_height() +
		    MM(1)) {
			page++;
			y = TABLE_YN + table_head_height();
		}
		for (size_t k = i; k < j; k++) {
			if (d->head[k])
				y += gh;
			d->v[d->order[k]].page = page;
			d->v[d->order[k]].y = y;
			y += d->v[d->order[k]].h;
		}
	}
	y += MM(2);
	if (y + totals(d, y, 0) > BOTTOM) {
		page++;
		y = TABLE_YN;
	}
	d->totals_y = y;
	d->inv_pages = page;
	if (d->nd > 0)
		qsort(d->dv, d->nd, sizeof(*d->dv), by_dest);
	d->pages = page + spec(d, 0, page);
}

/* page_out: the page's footer, and the page out; what names the document
 * in a message */
static void
page_out(enum lang l, int page, int pages, const char *what)
{
	footer(l, page, pages);
	cairo_show_page(cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		die("%s: page %d: %s", what, page, cairo_status_to_string(
		    cairo_status(cr)));
}

static void
page_done(const struct doc *d, int page)
{
	char what[96];

	snprintf(what, sizeof(what), "invoice %s", d->inv.invoice_no);
	page_out(d->lang, page, d->pages, what);
}

static void
draw_pages(struct doc *d)
{
	static const int gw[NGROUPS] = { W_GROUP_SUBSCRIPTION, W_GROUP_USAGE,
		W_GROUP_CHARGE, W_GROUP_CORRECTION };
	size_t k = 0;
	int page;
	struct dline *x;

	for (page = 1; page <= d->inv_pages; page++) {
		if (page == 1)
			first_page(d);
		else
			next_page(d);
		if (k < d->n || page == 1)
			table_head(d->lang, page == 1 ? TABLE_Y1 : TABLE_YN);
		for (; k < d->n && d->v[d->order[k]].page == page; k++) {
			x = &d->v[d->order[k]];
			if (d->head[k])
				text(S_BOLD, accent, X_DESC, x->y -
				    group_height(), DESC_W, A_LEFT,
				    word(d->lang, gw[x->g]));
			draw_line(x, d->lang, x->y);
		}
		if (page == d->inv_pages)
			totals(d, d->totals_y, 1);
		page_done(d, page);
	}
	spec(d, 1, d->inv_pages);
}

static cairo_status_t
write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/*
 * A document being written: a PDF surface over a file aside, its metadata
 * set (never the clock: the document's date, toolchain.md).  pdf_end
 * finishes it, checks cairo's status and renames the file into place.
 */
struct pdf {
	cairo_surface_t *s;
	struct aside *a;
	FILE *fp;
	const char *path;
};

static void
pdf_begin(struct pdf *p, const char *path, int32_t date, const char *title,
    const char *subject)
{
	char d[40];

	p->path = path;
	p->a = aside_open(path, &p->fp);
	p->s = cairo_pdf_surface_create_for_stream(write_fp, p->fp, PAGE_W,
	    PAGE_H);
	snprintf(d, sizeof(d), "%sT00:00:00", date_fmt(date,
	    (char[DATE_BUFSZ]){ 0 }));
	cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATE_DATE, d);
	cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_AUTHOR,
	    terms.provider_name);
	cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_SUBJECT,
	    subject);
	cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATOR,
	    "billing render");
	cr = cairo_create(p->s);
}

static void
pdf_end(struct pdf *p)
{
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(p->s);
	if (cairo_surface_status(p->s) != CAIRO_STATUS_SUCCESS)
		die("%s: %s", p->path, cairo_status_to_string(
		    cairo_surface_status(p->s)));
	cairo_surface_destroy(p->s);
	fshut(p->fp, p->path);
	aside_commit(p->a);
}

/* render: the invoice's PDF, pdf/NO.pdf */
static void
render(struct doc *d, const char *path)
{
	struct pdf p;
	char title[128];

	arrange(d);
	paginate(d);
	snprintf(title, sizeof(title), "%s %s", word(d->lang, d->inv.gross <
	    0 ? W_CREDIT_NOTE : W_INVOICE), d->inv.invoice_no);
	pdf_begin(&p, path, d->inv.invoice_date, title, d->inv.invoice_no);
	draw_pages(d);
	pdf_end(&p);
}

/* --- the print batch (VZ 8.4, VW 2.4.6) ------------------------------------------- */

/* the invoices of customers with delivery = post, kept as drawn, for one
 * print-ready PDF in postcode order */
static struct doc *kept;
static size_t nkept, capkept;
static struct strpool keptpool;

/* keep: d moved into kept (its strings its own), d left empty */
static void
keep(struct doc *d)
{
	struct doc *k;

	GROW(kept, nkept, capkept);
	k = &kept[nkept++];
	*k = *d;
	k->inv.invoice_no = pool_dup(&keptpool, d->inv.invoice_no);
	k->inv.customer_id = pool_dup(&keptpool, d->inv.customer_id);
	k->inv.pdf = "";
	k->inv.payment_reference = pool_dup(&keptpool,
	    d->inv.payment_reference);
	d->v = NULL;
	d->n = d->cap = 0;
	d->order = NULL;
	d->head = NULL;
	d->dv = NULL;
	d->nd = d->dcap = 0;
	d->ntop = 0;
}

/* postal: the order a postman would want: Dutch addresses first, then by
 * country, then by postcode without spaces or case */
static int
postal(const struct customer *x, const struct customer *y)
{
	const char *p = x->postcode, *q = y->postcode;
	int nx = strcmp(x->country, "NL") != 0;
	int ny = strcmp(y->country, "NL") != 0;
	int k;

	if (nx != ny)
		return nx - ny;
	if (nx && (k = strcmp(x->country, y->country)) != 0)
		return k;
	for (;;) {
		while (*p == ' ')
			p++;
		while (*q == ' ')
			q++;
		if (*p == '\0' || *q == '\0' || toupper((unsigned char)*p) !=
		    toupper((unsigned char)*q))
			break;
		p++;
		q++;
	}
	return toupper((unsigned char)*p) - toupper((unsigned char)*q);
}

/* by_post: kept invoices in postal order, then by customer and number */
static int
by_post(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;
	int k;

	if ((k = postal(x->c, y->c)) != 0)
		return k;
	if ((k = strcmp(x->inv.customer_id, y->inv.customer_id)) != 0)
		return k;
	return strcmp(x->inv.invoice_no, y->inv.invoice_no);
}

/* print_open: OUTDIR/print/NAME, made, begun as a PDF of day date */
static void
print_open(struct pdf *p, const char *name, int32_t date, char **path)
{
	char *dir = path_join(outdir, "print");

	dir_make(dir);
	*path = path_join(dir, name);
	pdf_begin(p, *path, date, "Print", "documents by post");
	free(dir);
}

/* print_gap: after a document of the batch, a blank page when *pages is
 * odd and another document follows, so that each starts on an odd page */
static void
print_gap(long *pages, int more)
{
	if (*pages % 2 != 0 && more) {
		cairo_show_page(cr);
		++*pages;
	}
}

/*
 * print_batch: print/invoices.pdf, the kept invoices in postcode order,
 * each starting on an odd page (a blank page after one of an odd number
 * of pages) so that duplex printing keeps them apart; and for each a fee
 * of the profile's paper_invoice_fee into fees (charges.csv columns),
 * which post adds to the state for the next run to bill, once.
 */
static void
print_batch(const char *feesf, int32_t date)
{
	char *path, id[128], desc[256];
	struct csvw *w = NULL;
	struct aside *a = NULL;
	struct pdf p;
	struct fee f;
	FILE *fp;
	long pages = 0;
	size_t i;

	if (feesf != NULL) {
		a = aside_open(feesf, &fp);
		w = csvw_open(fp, feesf);
		feew_header(w);
	}
	if (nkept > 0) {
		qsort(kept, nkept, sizeof(*kept), by_post);
		print_open(&p, "invoices.pdf", date, &path);
		for (i = 0; i < nkept; i++) {
			draw_pages(&kept[i]);
			pages += kept[i].pages;
			print_gap(&pages, i + 1 < nkept);
		}
		pdf_end(&p);
		free(path);
	}
	for (i = 0; w != NULL && i < nkept; i++) {
		if (terms.paper_invoice_fee <= 0)
			break;
		snprintf(id, sizeof(id), "paper-%s", kept[i].inv.invoice_no);
		snprintf(desc, sizeof(desc), kept[i].lang == LANG_EN ?
		    "Paper invoice %s by post" : "Papieren factuur %s per post",
		    kept[i].inv.invoice_no);
		f.charge_id = id;
		f.customer_id = kept[i].inv.customer_id;
		f.description = desc;
		f.rule = article(&terms, ART_POST);
		f.date = kept[i].inv.invoice_date;
		f.amount = terms.paper_invoice_fee;
		feew_put(w, &f);
	}
	if (w != NULL) {
		csvw_close_sync(w);
		aside_commit(a);
	}
	for (i = 0; i < nkept; i++)
		doc_clear(&kept[i]);
	for (i = 0; i < nkept; i++) {
		free(kept[i].v);
		free(kept[i].order);
		free(kept[i].head);
		free(kept[i].dv);
	}
	free(kept);
	pool_free(&keptpool);
}

/* --- the run ---------------------------------------------------------------------- */

/* usage_next: the next row of usage.csv, which formats.md sorts by
 * customer_id: one out of that order is an error, not a specification
 * silently left out; *last the customer of the row before */
static int
usage_next(struct usager *ur, struct usage_row *u, char **last)
{
	if (!usager_next(ur, u))
		return 0;
	if (*last != NULL && strcmp(*last, u->customer_id) > 0)
		csvr_die(usager_csv(ur), -1, "customer '%s' after '%s': "
		    "expected the rows in customer_id order", clip(
		    u->customer_id), clip(*last));
	if (*last == NULL || strcmp(*last, u->customer_id) != 0) {
		free(*last);
		*last = xstrdup(u->customer_id);
	}
	return 1;
}

/* run_invoices: every invoice of OUTDIR/invoices.csv as a PDF, and the
 * pdf column */
static void
run_invoices(const char *termsf, const char *statedir, const char *feesf)
{
	struct hist *hist = NULL;
	struct usager *ur = NULL;
	struct usage_row u;
	char *pu, *lastc = NULL, *lastu = NULL;
	int uhave = 0;
	struct invr *ir;
	struct liner *lr;
	struct invoice inv;
	struct line l;
	struct doc d = { 0 };
	struct aside *ai;
	struct csvw *w;
	struct csvr *r;
	char *pi, *pl, *pdfdir, *rel, *path;
	FILE *fi;
	int have;
	int32_t date = DATE_NONE;

	pi = path_join(outdir, "invoices.csv");
	pl = path_join(outdir, "lines.csv");
	pdfdir = path_join(outdir, "pdf");
	dir_make(pdfdir);
	ir = invr_open(csvr_openpath(pi, 0), INV_RUN);
	lr = liner_open(r = csvr_openpath(pl, 0));
	ai = aside_open(pi, &fi);
	w = csvw_open(fi, pi);
	invw_header(w, INV_RUN);
	have = liner_next(lr, &l);
	/* usage.csv, when the run has one: sorted by customer, as the
	 * invoices are */
	pu = path_join(outdir, "usage.csv");
	if (access(pu, F_OK) == 0) {
		ur = usager_open(csvr_openpath(pu, 0));
		uhave = usage_next(ur, &u, &lastu);
	}
	while (invr_next(ir, &inv)) {
		if (lastc != NULL && strcmp(lastc, inv.customer_id) >= 0)
			csvr_die(invr_csv(ir), -1, "invoice %s: not in "
			    "customer_id order", inv.invoice_no);
		free(lastc);
		lastc = xstrdup(inv.customer_id);
		if (hist == NULL && statedir != NULL)
			hist = hist_load(statedir, inv.period);
		d.inv = inv;
		if ((d.c = customer_find(&cs, inv.customer_id)) == NULL)
			csvr_die(invr_csv(ir), -1, "invoice %s: unknown "
			    "customer '%s'", inv.invoice_no,
			    clip(inv.customer_id));
		if (lang_parse(d.c->language, &d.lang) != 0)
			d.lang = LANG_NL;
		if (by_transfer(&d) && (terms.iban == NULL ||
		    *terms.iban == '\0'))
			die("%s: iban: missing: needed for invoice %s, paid by "
			    "transfer", termsf, inv.invoice_no);
		doc_clear(&d);
		for (; have && strcmp(l.invoice_no, inv.invoice_no) == 0;
		    have = liner_next(lr, &l))
			doc_add(&d, &l);
		if (d.n == 0)
			csvr_die(invr_csv(ir), -1, "invoice %s has no lines in "
			    "%s", inv.invoice_no, pl);
		for (; uhave && strcmp(u.customer_id, inv.customer_id) <= 0;
		    uhave = usage_next(ur, &u, &lastu))
			if (strcmp(u.customer_id, inv.customer_id) == 0 &&
			    doc_usage(&d, &u) != 0)
				csvr_die(usager_csv(ur), -1, "amount overflow");
		d.hist = hist != NULL ? hist_get(hist, inv.customer_id) : NULL;
		if (vat_total(d.vs, d.nvs, inv.invoice_no) != inv.vat)
			csvr_die(invr_csv(ir), -1, "invoice %s: its VAT differs "
			    "from that of its lines in %s", inv.invoice_no, pl);
		rel = xasprintf("pdf/%s.pdf", inv.invoice_no);
		path = path_join(outdir, rel);
		render(&d, path);
		d.inv.pdf = rel;
		invw_put(w, &d.inv, INV_RUN);
		if (d.c->post)
			keep(&d);
		free(rel);
		free(path);
		date = inv.invoice_date;
	}
	if (have)
		csvr_die(r, -1, "invoice %s is not in %s (or not in its "
		    "order)", l.invoice_no, pi);
	for (; uhave; uhave = usage_next(ur, &u, &lastu))
		;
	print_batch(feesf, date);
	dir_sync(outdir);
	csvw_close_sync(w);
	aside_commit(ai);

	doc_clear(&d);
	free(d.v);
	free(d.order);
	free(d.head);
	invr_close(ir);
	liner_close(lr);
	usager_close(ur);
	hist_free(hist);
	free(lastc);
	free(lastu);
	free(pu);
	free(d.dv);
	free(pi);
	free(pl);
	free(pdfdir);
}

/* --- letters (dunning-run: rules.md §10) ---------------------------------------------- */

/* the words of letter.conf, once per language: X(field, placeholders) */
#define BODY_PLACES "date deadline amount costs customer provider"
#define LWORDS \
	X(DATE, "date", "") \
	X(CUSTOMER_NO, "customer_no", "") \
	X(TITLE_REMINDER, "title_reminder", "") \
	X(BODY_REMINDER, "body_reminder", BODY_PLACES) \
	X(TITLE_FINAL_NOTICE, "title_final_notice", "") \
	X(BODY_FINAL_NOTICE, "body_final_notice", BODY_PLACES) \
	X(TITLE_COLLECTION, "title_collection", "") \
	X(BODY_COLLECTION, "body_collection", BODY_PLACES) \
	X(TITLE_SUSPEND, "title_suspend", "") \
	X(BODY_SUSPEND, "body_suspend", BODY_PLACES) \
	X(TITLE_TERMINATE, "title_terminate", "") \
	X(BODY_TERMINATE, "body_terminate", BODY_PLACES) \
	X(TITLE_REACTIVATE, "title_reactivate", "") \
	X(BODY_REACTIVATE, "body_reactivate", BODY_PLACES) \
	X(TITLE_FAILED_DEBIT, "title_failed_debit", "") \
	X(BODY_FAILED_DEBIT, "body_failed_debit", BODY_PLACES " reason") \
	X(COL_INVOICE, "col_invoice", "") \
	X(COL_REFERENCE, "col_reference", "") \
	X(COL_PRINCIPAL, "col_principal", "") \
	X(COL_INTEREST, "col_interest", "") \
	X(COL_COSTS, "col_costs", "") \
	X(COL_AMOUNT, "col_amount", "") \
	X(TOTAL, "total", "") \
	X(PAY, "pay", "amount deadline iban bic provider") \
	X(ARTICLE, "article", "rule") \
	X(CLOSING, "closing", "")

enum {
#define X(e, name, places) L_##e,
	LWORDS
#undef X
	NLWORDS
};

static const struct tpl_word lwords[NLWORDS] = {
#define X(e, name, places) { name, places },
	LWORDS
#undef X
};

static struct tpl_field lfields[2 * NLWORDS];
static struct tpl ltpl;

static const char *
lword(enum lang l, int w)
{
	return tpl_get(&ltpl, (size_t)l * NLWORDS + (size_t)w);
}

static const char *
lsay(enum lang l, int w, struct vals *v)
{
	sb_reset(&sb);
	tpl_expand(&sb, lword(l, w), val, v);
	return sb_str(&sb);
}

/* one row of a letter's table: an invoice and what it owes */
struct lrow {
	char *invoice_no, *rule;
	int64_t principal, interest, costs;	/* costs: with the fees */
	int64_t stated;		/* costs a final notice says will follow */
};

struct letter {
	char *path, *customer_id;
	const struct customer *c;
	enum lang lang;
	int32_t date, deadline;
	enum step step;
	struct lrow *v;
	size_t n, cap;
	int64_t total;
	int pages;
};

static void
letter_clear(struct letter *L)
{
	size_t i;

	for (i = 0; i < L->n; i++) {
		free(L->v[i].invoice_no);
		free(L->v[i].rule);
	}
	L->n = 0;
	L->total = 0;
	free(L->path);
	free(L->customer_id);
	L->path = L->customer_id = NULL;
}

/* the letter's columns: invoice, reference, principal, interest, costs,
 * amount (the right-aligned ones by their right edge) */
#define LX_REF (LEFT + MM(36))
#define LR_PRINCIPAL MM(118)
#define LR_INTEREST MM(142)
#define LR_COSTS MM(166)

static void
letter_head(enum lang l, double y)
{
	band(y);
	text(S_BOLD, accent, LEFT, y, MM(36), A_LEFT, lword(l, L_COL_INVOICE));
	text(S_BOLD, accent, LX_REF, y, MM(40), A_LEFT,
	    lword(l, L_COL_REFERENCE));
	right(S_BOLD, accent, LR_PRINCIPAL, y, lword(l, L_COL_PRINCIPAL));
	right(S_BOLD, accent, LR_INTEREST, y, lword(l, L_COL_INTEREST));
	right(S_BOLD, accent, LR_COSTS, y, lword(l, L_COL_COSTS));
	right(S_BOLD, accent, RIGHT, y, lword(l, L_COL_AMOUNT));
}

static void
letter_row(const struct letter *L, size_t i, double y)
{
	const struct lrow *r = &L->v[i];
	char a[FMT_BUFSZ], ref[RF_BUFSZ];
	int64_t sum = r->principal + r->interest + r->costs;

	text(S_BODY, ink, LEFT, y, MM(36), A_LEFT, r->invoice_no);
	text(S_BODY, ink, LX_REF, y, MM(40), A_LEFT, rf_reference(
	    r->invoice_no, ref, sizeof(ref)) != NULL ? ref : "");
	right(S_BODY, ink, LR_PRINCIPAL, y, fmt_money(r->principal, L->lang,
	    a));
	right(S_BODY, ink, LR_INTEREST, y, fmt_money(r->interest, L->lang, a));
	right(S_BODY, ink, LR_COSTS, y, fmt_money(r->costs, L->lang, a));
	right(S_BODY, ink, RIGHT, y, fmt_money(sum, L->lang, a));
}

/* why debits failed: invoice_no -> the code of its latest return */
static struct strmap *returned;
static struct strpool rpool;

static void
reasons_read(struct csvr *r)
{
	struct receipt p;
	struct rcptr *rr = rcptr_open(r);

	while (rcptr_next(rr, &p))
		if (p.kind == PAY_RETURN)
			strmap_set(returned, p.invoice_no, pool_dup(&rpool,
			    p.reason));
	rcptr_close(rr);
}

static void
reasons_load(const char *statedir, const char *run)
{
	char *path = NULL;
	FILE *fp;

	returned = strmap_new();
	if (statedir != NULL && (fp = state_open(statedir, "receipts.csv",
	    &path)) != NULL)
		reasons_read(csvr_open(fp, path, 0));
	free(path);
	if (run != NULL)
		reasons_read(csvr_openpath(run, 0));
}

/* reason: why the debits of a failed_debit letter came back, in the
 * customer's words, each code once: "onvoldoende saldo (AM04)" */
static const char *
reason(const struct letter *L, struct sbuf *b)
{
	const char *code;
	size_t i, j;

	sb_reset(b);
	for (i = 0; L->step == STEP_FAILED_DEBIT && i < L->n; i++) {
		if ((code = strmap_get(returned, L->v[i].invoice_no)) == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (strmap_get(returned, L->v[j].invoice_no) != NULL &&
			    strcmp(strmap_get(returned, L->v[j].invoice_no),
			    code) == 0)
				break;
		if (j < i)
			continue;
		sb_addf(b, "%s%s (%s)", b->len > 0 ? "; " : "",
		    return_reason(code, L->lang == LANG_EN), code);
	}
	return sb_str(b);
}

/* the text of the letter's step, its placeholders filled, in sb */
static const char *
letter_body(const struct letter *L)
{
	char d[FMT_BUFSZ], dl[FMT_BUFSZ], a[FMT_BUFSZ], c[FMT_BUFSZ];
	static struct sbuf why;
	int64_t costs = 0;
	size_t i;

	for (i = 0; i < L->n; i++)
		costs += L->step == STEP_FINAL_NOTICE ? L->v[i].stated :
		    L->v[i].costs;
	return lsay(L->lang, L_BODY_REMINDER + 2 * (int)L->step, VALS({ "date",
	    "deadline", "amount", "costs", "customer", "provider", "reason" }, {
	    fmt_date(L->date, L->lang, d), L->deadline != DATE_NONE ?
	    fmt_date(L->deadline, L->lang, dl) : "", fmt_money(L->total,
	    L->lang, a), fmt_money(costs, L->lang, c), L->c->name,
	    terms.provider_name, reason(L, &why) }, 7));
}

/* the end of the letter: total, how to pay, the articles, the closing;
 * draws it from y (or with draw 0 only measures it) */
static double
letter_end(const struct letter *L, double y, int draw)
{
	enum lang l = L->lang;
	char a[FMT_BUFSZ], dl[FMT_BUFSZ];
	double y0 = y, w = RIGHT - LEFT, h;
	const char *s;
	struct sbuf rules = { 0 };
	size_t i, j;

	if (draw) {
		rule_line(MM(110), RIGHT, y, accent, 0.6);
		right(S_HEAD, accent, LR_COSTS, y + MM(1.5), lword(l, L_TOTAL));
		right(S_HEAD, accent, RIGHT, y + MM(1.5), fmt_money(L->total, l,
		    a));
	}
	y += MM(1.5) + height(S_HEAD, "Ag", 0) + MM(4);
	if (L->total > 0 && L->deadline != DATE_NONE) {
		s = lsay(l, L_PAY, VALS({ "amount", "deadline", "iban", "bic",
		    "provider" }, { fmt_money(L->total, l, a), fmt_date(
		    L->deadline, l, dl), terms.iban != NULL ? terms.iban : "",
		    terms.bic != NULL ? terms.bic : "", terms.provider_name }, 5));
		h = draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, s) :
		    height(S_BODY, s, w);
		y += h + MM(3);
	}
	/* the articles the steps apply, each once */
	for (i = 0; i < L->n; i++) {
		for (j = 0; j < i && strcmp(L->v[j].rule, L->v[i].rule) != 0;
		    j++)
			;
		if (j == i && *L->v[i].rule != '\0') {
			if (rules.len > 0)
				sb_add(&rules, ", ");
			sb_add(&rules, L->v[i].rule);
		}
	}
	if (rules.len > 0) {
		sb_reset(&sb);
		tpl_expand(&sb, lword(l, L_ARTICLE), val, VALS({ "rule" }, {
		    sb_str(&rules) }, 1));
		y += (draw ? text(S_SMALL, muted, LEFT, y, w, A_LEFT,
		    sb_str(&sb)) : height(S_SMALL, sb_str(&sb), w)) + MM(4);
	}
	sb_free(&rules);
	y += (draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, lword(l,
	    L_CLOSING)) : height(S_BODY, lword(l, L_CLOSING), w)) + MM(1);
	y += draw ? text(S_BOLD, ink, LEFT, y, w, A_LEFT,
	    terms.provider_name) : height(S_BOLD, terms.provider_name, w);
	return y - y0;
}

/*
 * letter_pages: the letter, from its first page: the masthead, the
 * provider's block, the address in the window, the title of its step,
 * its date and the customer number, the text, the table of its invoices
 * (column heads repeated on a new page) and its end, whole on the last
 * page.  With draw 0 only its pages are counted.
 */
static int
letter_pages(const struct letter *L, int draw)
{
	enum lang l = L->lang;
	double y = MM(98), rh = row_h(), th = table_head_height(), w;
	char a[FMT_BUFSZ], what[160];
	int page = 1;
	size_t i;

	snprintf(what, sizeof(what), "letter %s", L->path);
	if (draw) {
		masthead();
		provider_block(l, MM(135), MM(42));
		address_block(L->c);
		text(S_TITLE, accent, LEFT, MM(84), RIGHT - LEFT, A_LEFT,
		    lword(l, L_TITLE_REMINDER + 2 * (int)L->step));
		meta_row(LEFT, y, lword(l, L_DATE), fmt_date(L->date, l, a));
		meta_row(MM(110), y, lword(l, L_CUSTOMER_NO), L->c->id);
	}
	y += MM(9);
	w = RIGHT - LEFT;
	y += (draw ? text(S_BODY, ink, LEFT, y, w, A_LEFT, letter_body(L)) :
	    height(S_BODY, letter_body(L), w)) + MM(5);
	if (draw)
		letter_head(l, y);
	y += th;
	for (i = 0; i < L->n; i++) {
		if (y + rh > BOTTOM) {
			if (draw) {
				page_out(l, page, L->pages, what);
				masthead();
				letter_head(l, TABLE_YN);
			}
			page++;
			y = TABLE_YN + th;
		}
		if (draw)
			letter_row(L, i, y);
		y += rh;
	}
	y += MM(2);
	if (y + letter_end(L, y, 0) > BOTTOM) {
		if (draw) {
			page_out(l, page, L->pages, what);
			masthead();
		}
		page++;
		y = TABLE_YN;
	}
	if (draw) {
		letter_end(L, y, 1);
		page_out(l, page, L->pages, what);
	}
	return page;
}

static void
letter_render(struct letter *L)
{
	struct pdf p;
	char *path = path_join(outdir, L->path);
	char title[160];

	L->pages = letter_pages(L, 0);
	snprintf(title, sizeof(title), "%s %s", lword(L->lang,
	    L_TITLE_REMINDER + 2 * (int)L->step), L->c->id);
	pdf_begin(&p, path, L->date, title, L->path);
	letter_pages(L, 1);
	pdf_end(&p);
	free(path);
}

/* the letters of customers with delivery = post, kept for the batch */
static struct letter *lkept;
static size_t nlkept, caplkept;

static int
by_post_letter(const void *a, const void *b)
{
	const struct letter *x = a, *y = b;
	int k;

	if ((k = postal(x->c, y->c)) != 0)
		return k;
	return strcmp(x->path, y->path);
}

/* print_letters: print/letters.pdf, the kept letters in postal order,
 * each from an odd page on (letters cost nothing extra: VZ 8.4) */
static void
print_letters(void)
{
	struct pdf p;
	char *path;
	long pages = 0;
	size_t i;

	if (nlkept == 0)
		return;
	qsort(lkept, nlkept, sizeof(*lkept), by_post_letter);
	print_open(&p, "letters.pdf", lkept[0].date, &path);
	for (i = 0; i < nlkept; i++) {
		letter_pages(&lkept[i], 1);
		pages += lkept[i].pages;
		print_gap(&pages, i + 1 < nlkept);
	}
	pdf_end(&p);
	free(path);
	for (i = 0; i < nlkept; i++) {
		letter_clear(&lkept[i]);
		free(lkept[i].v);
	}
	free(lkept);
}

/* run_letters: every letter OUTDIR/actions.csv names, as a PDF */
static void
run_letters(const char *const *dirs, size_t ndirs, const char *statedir,
    const char *receipts)
{
	struct strmap *done = strmap_new();
	struct letter L = { 0 };
	struct action a;
	struct actr *ar;
	struct lrow *r;
	struct csvr *cr_;
	char *pa = path_join(outdir, "actions.csv");
	char *dir = path_join(outdir, "letters");
	int have;

	tpl_lang_fields(lfields, lwords, NLWORDS);
	reasons_load(statedir, receipts);
	tpl_open(&ltpl, dirs, ndirs, "letter.conf", lfields, NELEM(lfields));
	dir_make(dir);
	ar = actr_open(cr_ = csvr_openpath(pa, 0));
	have = actr_next(ar, &a);
	while (have) {
		if (*a.letter == '\0') {
			have = actr_next(ar, &a);
			continue;
		}
		if (!action_letter_ok(a.letter))
			csvr_die(cr_, csvr_col(cr_, "letter"), "bad letter '%s': "
			    "expected letters/NAME.pdf", clip(a.letter));
		if (strmap_put(done, a.letter, (void *)1) != NULL)
			csvr_die(cr_, csvr_col(cr_, "letter"), "letter '%s' "
			    "again, after other rows: expected a letter's rows "
			    "together", clip(a.letter));
		L.path = xstrdup(a.letter);
		L.customer_id = xstrdup(a.customer_id);
		if ((L.c = customer_find(&cs, a.customer_id)) == NULL)
			csvr_die(cr_, csvr_col(cr_, "customer_id"), "unknown "
			    "customer '%s'", clip(a.customer_id));
		if (lang_parse(L.c->language, &L.lang) != 0)
			L.lang = LANG_NL;
		L.date = a.date;
		L.step = a.step;
		L.deadline = a.deadline;
		for (; have && strcmp(a.letter, L.path) == 0;
		    have = actr_next(ar, &a)) {
			if (strcmp(a.customer_id, L.customer_id) != 0 ||
			    a.date != L.date || a.step != L.step)
				csvr_die(cr_, -1, "letter '%s': another customer, "
				    "date or step than its first row's",
				    clip(L.path));
			if (L.deadline == DATE_NONE || (a.deadline != DATE_NONE &&
			    a.deadline < L.deadline))
				L.deadline = a.deadline;
			GROW(L.v, L.n, L.cap);
			r = &L.v[L.n++];
			r->invoice_no = xstrdup(a.invoice_no);
			r->rule = xstrdup(a.rule);
			r->principal = a.principal;
			r->interest = a.interest;
			/* a final notice states the costs collection will
			 * add (actions.h): in its text, not in what is due */
			r->stated = a.step == STEP_FINAL_NOTICE ? a.costs : 0;
			if (madd(a.step == STEP_FINAL_NOTICE ? 0 : a.costs, a.fees,
			    &r->costs) != 0 ||
			    madd(L.total, r->principal, &L.total) != 0 ||
			    madd(L.total, r->interest, &L.total) != 0 ||
			    madd(L.total, r->costs, &L.total) != 0)
				csvr_die(cr_, -1, "amount overflow");
		}
		letter_render(&L);
		if (L.c->post) {
			GROW(lkept, nlkept, caplkept);
			lkept[nlkept++] = L;
			L.v = NULL;
			L.n = L.cap = 0;
			L.path = L.customer_id = NULL;
			L.total = 0;
		} else
			letter_clear(&L);
	}
	print_letters();
	dir_sync(outdir);
	actr_close(ar);
	strmap_free(done);
	strmap_free(returned);
	pool_free(&rpool);
	free(L.v);
	tpl_free(&ltpl);
	free(pa);
	free(dir);
}

int
main(int argc, char *argv[])
{
	const char *termsf = NULL, *cf = NULL, *statedir = NULL, *dirs[8];
	const char *kind = "invoices", *receipts = NULL, *feesf = NULL;
	size_t ndirs = 0;
	int ch;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "c:C:t:s:o:k:R:F:")) != -1) {
		switch (ch) {
		case 'c':
			termsf = optarg;
			break;
		case 'C':
			cf = optarg;
			break;
		case 't':
			tpl_dir_add(dirs, &ndirs, NELEM(dirs), optarg);
			break;
		case 's':
			statedir = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'R':
			receipts = optarg;
			break;
		case 'F':
			feesf = optarg;
			break;
		case 'k':
			kind = optarg;
			if (strcmp(kind, "invoices") != 0 && strcmp(kind,
			    "letters") != 0)
				dieusage("bad -k '%s': expected invoices or "
				    "letters", clip(kind));
			break;
		}
	}
	if (optind != argc || !termsf || !cf || !outdir || ndirs == 0)
		usage(stderr, 2);
	terms_load(termsf, &terms);
	customers_load(cf, &terms, &cs);
	invtpl_load(&tpl, dirs, ndirs);
	styles_init();
	logo_load(dirs, ndirs);
	if (strcmp(kind, "letters") == 0)
		run_letters(dirs, ndirs, statedir, receipts);
	else
		run_invoices(termsf, statedir, feesf);
	styles_free();
	tpl_free(&tpl);
	customers_free(&cs);
	terms_free(&terms);
	sb_free(&sb);
	return 0;
}
