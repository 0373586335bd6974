#!/usr/bin/env bats
# The drivers under cron (issue 17): the README's crontab line run as cron
# would for a given day, progress only on a terminal, one summary line.

load helpers

# job DAY: the README's first crontab job line run as cron runs it (its
# variables set, \% turned into %, by /bin/sh), with DAY as the clock's
# day and B the test's folder
job() {
	local line
	line=$(awk '/^## Running it from cron/ { on = 1 }
		on && /^```$/ { if (inblk) exit; inblk = 1; next }
		inblk && /^[0-9]/ { print; exit }' "$ROOT/README.md")
	[ -n "$line" ] || fail "no job line in the README's crontab"
	# the five time fields off, cron's \% unescaped; the mail as a dry
	# run (tests/mail.bats sends it to a real server)
	line=$(sed -E 's/^([^ ]+ +){5}//; s/\\%/%/g; s/send-run /send-run -n /' <<<"$line")
	mkdir -p clock
	printf '#!/bin/sh\n[ "$1" = +%%F ] && echo %s && exit\nexec /bin/date "$@"\n' "$1" >clock/date
	chmod +x clock/date
	# cron's bare environment, but the sanitizer build's options
	local keep=() v
	for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS; do
		[ -z "${!v-}" ] || keep+=("$v=${!v}")
	done
	env -i "${keep[@]}" B="$PWD/srv" PATH="$PWD/clock:$BIN:/usr/bin:/bin" /bin/sh -c "$line"
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir -p srv/voipzeker/state
	cp -r "$ROOT/samples/voipzeker" srv/voipzeker/input
}

@test "the README's crontab line on a Sunday does nothing and prints nothing" {
	run -0 job 2026-11-01
	assert_output ''
	[ -z "$(ls -A srv/voipzeker/state)" ]
	[ "$(ls srv/voipzeker)" = "$(printf 'input\nstate')" ]
}

@test "the README's crontab line on the month's first working day bills the month dated that day, then runs the day's dunning; on the next day only the dunning" {
	run -0 --separate-stderr job 2026-11-02
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --regexp '^bill-run: 2026-11: [0-9]+ invoices '
	assert_line --index 1 --regexp '^dunning-run: 2026-11-02: '
	assert_line --index 2 --regexp '^send-run: 2026-11-02: [0-9]+ written, '
	[ "$(pick srv/voipzeker/2026-11/invoices.csv invoice_date | sort -u)" = 2026-11-02 ]
	[ -f srv/voipzeker/dunning/2026-11-02/actions.csv ]
	# the day's invoices, as messages
	[ "$(ls srv/voipzeker/mail/2026-11-02/eml/VZ-*.eml | wc -l)" = \
	    "$(tail -n +2 srv/voipzeker/2026-11/invoices.csv | wc -l)" ]
	run -0 --separate-stderr job 2026-11-03
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp '^dunning-run: 2026-11-03: '
	assert_line --index 1 --regexp '^send-run: 2026-11-03: '
	[ "$(ls srv/voipzeker/dunning)" = "$(printf '2026-11-02\n2026-11-03')" ]
}

@test "a driver shows its progress on a terminal only: the step at work on stderr, cleared before the summary" {
	command -v script >/dev/null || skip "script (bsdutils) is not installed"
	mkdir st
	script -qec "$BIN/bill-run -p 2026-11 -i srv/voipzeker/input -o out -s st" typescript >/dev/null
	grep -aq $'\r\e\\[Kbill-run: step 1: ' typescript
	grep -aq 'bill-run: step [0-9]*: render' typescript
	# the summary on a line of its own, after the progress is cleared
	grep -aq $'\r\e\\[Kbill-run: 2026-11: ' typescript
	# not on a pipe or file
	mkdir st2
	run -0 --separate-stderr "$BIN/bill-run" -p 2026-11 -i srv/voipzeker/input -o out2 -s st2
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" 1
}

@test "another run holding the lock: the crontab line's drivers exit 3 and do nothing" {
	run job 2026-11-02
	assert_success
	before=$(cd srv/voipzeker/state && find . -type f -exec md5sum {} + | sort)
	exec 8>>srv/voipzeker/state/lock
	flock -n 8
	run -3 --separate-stderr job 2026-11-04
	exec 8>&-
	assert_equal "$stderr" "$(printf '%s: %s is in use by another run: try again when it ends\n' \
		dunning-run "$PWD/srv/voipzeker/state" send-run "$PWD/srv/voipzeker/state")"
	[ ! -e srv/voipzeker/mail/2026-11-04 ]
	[ ! -e srv/voipzeker/dunning/2026-11-04 ]
	[ "$(cd srv/voipzeker/state && find . -type f -exec md5sum {} + | sort)" = "$before" ]
}
