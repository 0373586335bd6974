# Billing back office: a batch invoicing pipeline of small C filters.
# make          build every program into bin/
# make demo     run the monthly job on samples/ into out/
# make check    unit, bats and acceptance tests (sanitizer build)
# make bench    the benchmarks, printing their figures

CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
SHARED ?= ../shared

# required flags, kept apart from the user's CFLAGS
REQ_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ifilters/lib
LDLIBS_CSV = -lcsv
# the documents: cairo, pango and libqrencode, for render only (looked up
# when used, so that make deps can install them first)
PDF_PKGS = pangocairo cairo-pdf libqrencode
bin/render build/san/bin/render: PROG_CFLAGS = $(shell pkg-config --cflags $(PDF_PKGS))
bin/render build/san/bin/render: PROG_LIBS = $(shell pkg-config --libs $(PDF_PKGS))
# libxml2, for the programs that read bank files (sepacheck, reconcile)
# and the library's readers of them
XML_BINS = bin/sepacheck build/san/bin/sepacheck bin/reconcile \
	build/san/bin/reconcile
XML_OBJS = build/obj/xmlin.o build/san/obj/xmlin.o build/obj/camt.o \
	build/san/obj/camt.o
# libcrypto, for post's SHA-256 digests of the runs
bin/post build/san/bin/post: PROG_CFLAGS = $(shell pkg-config --cflags libcrypto)
bin/post build/san/bin/post: PROG_LIBS = $(shell pkg-config --libs libcrypto)
# libcurl, for mailout (SMTP)
bin/mailout build/san/bin/mailout: PROG_CFLAGS = $(shell pkg-config --cflags libcurl)
bin/mailout build/san/bin/mailout: PROG_LIBS = $(shell pkg-config --libs libcurl)
$(XML_BINS) $(XML_OBJS): PROG_CFLAGS = $(shell pkg-config --cflags libxml-2.0)
$(XML_BINS): PROG_LIBS = $(shell pkg-config --libs libxml-2.0)
SAN_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all

FILTERS = subscriptions charges discount merge ledger invoice post report cdrs once rate bundle usage render sepa sepacheck reconcile dunning ubl workday mailout
DRIVERS = bill-run dunning-run send-run
LIBSRC = $(wildcard filters/lib/*.c)
LIBHDR = $(wildcard filters/lib/*.h)

BINS = $(FILTERS:%=bin/%)
SANBINS = $(FILTERS:%=build/san/bin/%) $(DRIVERS:%=build/san/bin/%) \
	build/san/bin/driver.sh build/san/templates
LIBOBJ = $(LIBSRC:filters/lib/%.c=build/obj/%.o)
SANOBJ = $(LIBSRC:filters/lib/%.c=build/san/obj/%.o)
LIB = build/libbilling.a
SANLIB = build/san/libbilling.a

all: $(BINS)

build/obj/%.o: filters/lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(REQ_CFLAGS) $(PROG_CFLAGS) $(CFLAGS) -c -o $@ $<

build/san/obj/%.o: filters/lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  CC san  $@"
	@$(CC) $(REQ_CFLAGS) $(PROG_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJ)
	@rm -f $@
	@$(AR) rcs $@ $(LIBOBJ)

$(SANLIB): $(SANOBJ)
	@rm -f $@
	@$(AR) rcs $@ $(SANOBJ)

bin/%: filters/%.c $(LIB) $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(REQ_CFLAGS) $(PROG_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS_CSV) $(PROG_LIBS) $(LDFLAGS)

build/san/bin/%: filters/%.c $(SANLIB) $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  LD san  $@"
	@$(CC) $(REQ_CFLAGS) $(PROG_CFLAGS) $(SAN_CFLAGS) -o $@ $< $(SANLIB) $(LDLIBS_CSV) $(PROG_LIBS)

build/san/bin/%: bin/%
	@mkdir -p $(@D)
	@cp $< $@ && chmod +x $@

# the drivers find the templates beside their bin/
build/san/templates:
	@mkdir -p $(@D)
	@ln -sfn ../../templates $@

build/unit: tests/unit.c $(SANLIB) $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  LD san  $@"
	@$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -o $@ tests/unit.c $(SANLIB) $(LDLIBS_CSV)

# the driver of the differential test of the IBAN and creditor id checks
build/idcheck: tests/idcheck.c $(SANLIB) $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  LD san  $@"
	@$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -o $@ tests/idcheck.c $(SANLIB) $(LDLIBS_CSV)

san: $(SANBINS) build/unit build/idcheck

deps:
	@tools/deps

check: deps $(SANBINS) build/unit build/idcheck all
	@tools/check "$(SHARED)"

demo: deps all
	@tools/demo

build/gencdrs: tools/gencdrs.c
	@mkdir -p $(@D)
	@$(CC) $(REQ_CFLAGS) $(CFLAGS) -o $@ tools/gencdrs.c

bench: all build/gencdrs
	@tools/deps bench
	@tools/bench

# installed, the filters' short names (merge, report, post) would meet
# Debian's: only the drivers go on the PATH; the filters and driver.sh in
# PREFIX/lib/billing/, where the drivers look for them, the filters' man
# pages as billing-NAME(1)
LIBEXECDIR = $(PREFIX)/lib/billing
DATADIR = $(PREFIX)/share/billing
MANDIR = $(PREFIX)/share/man
TEMPLATES = templates/invoice.conf templates/letter.conf templates/message.conf \
	templates/logo.png

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBEXECDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/templates
	install -m 755 $(DRIVERS:%=bin/%) $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BINS) $(DESTDIR)$(LIBEXECDIR)
	install -m 644 bin/driver.sh $(DESTDIR)$(LIBEXECDIR)
	for p in $(DRIVERS); do install -m 644 filters/$$p.1 $(DESTDIR)$(MANDIR)/man1 || exit 1; done
	for p in $(FILTERS); do install -m 644 filters/$$p.1 $(DESTDIR)$(MANDIR)/man1/billing-$$p.1 || exit 1; done
	install -m 644 filters/*.5 $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(TEMPLATES) $(DESTDIR)$(DATADIR)/templates

uninstall:
	rm -f $(DRIVERS:%=$(DESTDIR)$(PREFIX)/bin/%) \
		$(FILTERS:%=$(DESTDIR)$(LIBEXECDIR)/%) $(DESTDIR)$(LIBEXECDIR)/driver.sh \
		$(DRIVERS:%=$(DESTDIR)$(MANDIR)/man1/%.1) \
		$(FILTERS:%=$(DESTDIR)$(MANDIR)/man1/billing-%.1) \
		$(patsubst filters/%,$(DESTDIR)$(MANDIR)/man5/%,$(wildcard filters/*.5)) \
		$(TEMPLATES:templates/%=$(DESTDIR)$(DATADIR)/templates/%)
	-rmdir $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)

clean:
	rm -rf build out $(BINS)

.SECONDARY:
.PHONY: all san deps check demo bench install uninstall clean
.SUFFIXES:
