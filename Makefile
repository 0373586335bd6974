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
$(XML_BINS) $(XML_OBJS): PROG_CFLAGS = $(shell pkg-config --cflags libxml-2.0)
$(XML_BINS): PROG_LIBS = $(shell pkg-config --libs libxml-2.0)
SAN_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all

FILTERS = subscriptions charges discount merge ledger invoice post report cdrs once rate bundle usage render sepa sepacheck reconcile dunning ubl
DRIVERS = bill-run dunning-run
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

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/billing/templates
	install -m 755 $(BINS) $(DRIVERS:%=bin/%) $(DESTDIR)$(PREFIX)/bin
	install -m 644 bin/driver.sh $(DESTDIR)$(PREFIX)/share/billing
	install -m 644 filters/*.1 $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 filters/*.5 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 644 templates/invoice.conf templates/letter.conf templates/logo.png \
		$(DESTDIR)$(PREFIX)/share/billing/templates

clean:
	rm -rf build out $(BINS)

.SECONDARY:
.PHONY: all san deps check demo bench install clean
.SUFFIXES:
