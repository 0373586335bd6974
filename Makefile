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

FILTERS = subscriptions charges discount merge ledger invoice post report cdrs once rate bundle usage
DRIVERS = bill-run
LIBSRC = $(wildcard filters/lib/*.c)
LIBHDR = $(wildcard filters/lib/*.h)

BINS = $(FILTERS:%=bin/%)
SANBINS = $(FILTERS:%=build/san/bin/%) $(DRIVERS:%=build/san/bin/%)
LIBOBJ = $(LIBSRC:filters/lib/%.c=build/obj/%.o)
SANOBJ = $(LIBSRC:filters/lib/%.c=build/san/obj/%.o)
LIB = build/libbilling.a
SANLIB = build/san/libbilling.a

all: $(BINS)

build/obj/%.o: filters/lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(REQ_CFLAGS) $(CFLAGS) -c -o $@ $<

build/san/obj/%.o: filters/lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  CC san  $@"
	@$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJ)
	@rm -f $@
	@$(AR) rcs $@ $(LIBOBJ)

$(SANLIB): $(SANOBJ)
	@rm -f $@
	@$(AR) rcs $@ $(SANOBJ)

bin/%: filters/%.c $(LIB) $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(REQ_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS_CSV) $(LDFLAGS)

build/san/bin/%: filters/%.c $(SANLIB) $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  LD san  $@"
	@$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -o $@ $< $(SANLIB) $(LDLIBS_CSV)

build/san/bin/%: bin/%
	@mkdir -p $(@D)
	@cp $< $@ && chmod +x $@

build/unit: tests/unit.c $(SANLIB) $(LIBHDR)
	@mkdir -p $(@D)
	@echo "  LD san  $@"
	@$(CC) $(REQ_CFLAGS) $(SAN_CFLAGS) -o $@ tests/unit.c $(SANLIB) $(LDLIBS_CSV)

san: $(SANBINS) build/unit

deps:
	@tools/deps

check: deps $(SANBINS) build/unit all
	@tools/check "$(SHARED)"

demo: deps all
	@tools/demo

build/gencdrs: tools/gencdrs.c
	@mkdir -p $(@D)
	@$(CC) $(REQ_CFLAGS) $(CFLAGS) -o $@ tools/gencdrs.c

bench: deps all build/gencdrs
	@tools/bench

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BINS) $(DRIVERS:%=bin/%) $(DESTDIR)$(PREFIX)/bin
	install -m 644 filters/*.1 $(DESTDIR)$(PREFIX)/share/man/man1

clean:
	rm -rf build out $(BINS)

.SECONDARY:
.PHONY: all san deps check demo bench install clean
.SUFFIXES:
