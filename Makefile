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
SAN_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all

FILTERS = subscriptions charges discount merge ledger invoice post report
DRIVERS = bill-run
LIBSRC = $(wildcard filters/lib/*.c)
LIBHDR = $(wildcard filters/lib/*.h)

BINS = $(FILTERS:%=bin/%)
SANBINS = $(FILTERS:%=build/san/bin/%) $(DRIVERS:%=build/san/bin/%)
LIBOBJ = $(LIBSRC:filters/lib/%.c=build/obj/%.o)
SANOBJ = $(LIBSRC:filters/lib/%.c=build/san/obj/%.o)

all: $(BINS)

build/obj/%.o: filters/lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(REQ_CFLAGS) $(CFLAGS) -c -o $@ $<

build/san/obj/%.o: filters/lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

bin/%: filters/%.c $(LIBOBJ) $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(REQ_CFLAGS) $(CFLAGS) -o $@ $< $(LIBOBJ) $(LDLIBS_CSV) $(LDFLAGS)

build/san/bin/%: filters/%.c $(SANOBJ) $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -o $@ $< $(SANOBJ) $(LDLIBS_CSV)

build/san/bin/%: bin/%
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

build/unit: tests/unit.c $(SANOBJ) $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -o $@ tests/unit.c $(SANOBJ) $(LDLIBS_CSV)

san: $(SANBINS) build/unit

deps:
	@tools/deps

check: deps $(SANBINS) build/unit all
	@tools/check "$(SHARED)"

demo: deps all
	@tools/demo

bench: deps all
	@tools/bench

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BINS) $(DRIVERS:%=bin/%) $(DESTDIR)$(PREFIX)/bin
	install -m 644 filters/*.1 $(DESTDIR)$(PREFIX)/share/man/man1

clean:
	rm -rf build out $(BINS)

.PHONY: all san deps check demo bench install clean
.SUFFIXES:
