#!/usr/bin/env bats
# make install and make uninstall (issue 17): only the drivers on the PATH
# (the filters' short names, merge, report, post, would meet Debian's), the
# filters in PREFIX/lib/billing/, the templates in PREFIX/share/billing/,
# the man pages in sections 1 and 5; the demo runs from the installed tree
# as from the checkout, byte for byte.

load helpers

setup_file() {
	export LC_ALL=C
	cd "$BATS_FILE_TMPDIR" || return 1
	make -s -C "$ROOT" install DESTDIR="$BATS_FILE_TMPDIR/dest" PREFIX=/usr >make.out 2>&1 ||
		{ cat make.out >&2; return 1; }
}

@test "make install: the drivers in PREFIX/bin and nothing else; the filters, driver.sh, templates and man pages where the drivers and man look" {
	d=$BATS_FILE_TMPDIR/dest/usr
	run -0 ls "$d/bin"
	assert_output "$(printf '%s\n' bill-run dunning-run send-run)"
	for f in merge report post rate render ubl mailout workday driver.sh; do
		[ -f "$d/lib/billing/$f" ] || fail "no lib/billing/$f"
	done
	[ -x "$d/lib/billing/rate" ]
	[ ! -x "$d/lib/billing/driver.sh" ]
	for f in invoice.conf letter.conf message.conf logo.png; do
		cmp "$ROOT/templates/$f" "$d/share/billing/templates/$f"
	done
	[ -f "$d/share/man/man1/bill-run.1" ]
	[ -f "$d/share/man/man1/billing-merge.1" ]
	[ ! -e "$d/share/man/man1/merge.1" ]
	[ -f "$d/share/man/man5/billing-template.5" ]
	# no path of the build tree in what was installed
	run grep -rlI "$ROOT" "$d"
	assert_output ''
}

@test "the demo run by the installed drivers (through a link on the PATH, as a packager might) equals the checkout's, byte for byte" {
	mkdir -p links
	ln -s "$BATS_FILE_TMPDIR/dest/usr/bin/bill-run" links/bill-run
	ln -s "$BATS_FILE_TMPDIR/dest/usr/bin/dunning-run" links/dunning-run
	ln -s "$BATS_FILE_TMPDIR/dest/usr/bin/send-run" links/send-run
	BILLING_BIN=$PWD/links run -0 "$ROOT/tools/demo" installed
	BILLING_BIN=$ROOT/bin run -0 "$ROOT/tools/demo" checkout
	run diff -r installed checkout
	assert_output ''
	[ "$(find installed -name '*.pdf' | wc -l)" -gt 100 ]
}

@test "the installed drivers refuse to run without their filters, naming what is missing" {
	cp -a "$BATS_FILE_TMPDIR/dest" broken
	rm broken/usr/lib/billing/rate
	mkdir st
	run broken/usr/bin/bill-run -p 2026-11 -i "$ROOT/samples/voipzeker" -o out -s st </dev/null
	assert_failure 1
	assert_output "bill-run: $PWD/broken/usr/bin/../lib/billing/rate: missing: a filter of the installation (make install)"
	[ ! -e out ]
	[ -z "$(ls -A st)" ]
}

@test "make uninstall removes every file make install put there" {
	cp -a "$BATS_FILE_TMPDIR/dest" un
	run -0 make -s -C "$ROOT" uninstall DESTDIR="$PWD/un" PREFIX=/usr
	run find un -type f
	assert_output ''
}
