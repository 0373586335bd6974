#!/usr/bin/env bats
# bill-run: the monthly job end to end (formats.md "The two drivers"; README
# non-negotiables 3 to 5).  The inputs are a copy of fixtures/bill-run/basic
# under the VZ profile:
#
#   customers.csv  2 C1 direct debit   3 C2 direct debit   4 C3 transfer
#                  columns: 1 customer_id 2 name 3 street 4 postcode 5 city
#                  6 iban 7 mandate_id 8 mandate_date 9 payment_method
#   contracts.csv  2 K1 of C1 from 2026-11-01   3 K2 of C2 from 2026-11-18
#                  4 K3 of C3 from 2026-11-01
#                  columns: 1 contract_id 2 customer_id 3 description
#                  4 monthly_fee 5 start_date 6 term_months
#   charges.csv    2 X1 of C1 dated 2026-10-20   3 X2 of C2 dated 2026-11-20
#                  columns: 1 charge_id 2 customer_id 3 date 4 description
#                  5 amount
#   discounts.csv  2 D1 on K1; columns: 1 discount_id 2 contract_id ...
#
# A test breaks one field of the copy; the FILE:LINE:COLUMN it expects
# follows from this table (the numbers are the file's line numbers).

load helpers

# inputs DIR: a copy of the basic inputs, with the VZ profile
inputs() {
	mkdir -p "$1"
	cp "$FIX"/bill-run/basic/*.csv "$1"
	(cd "$1" && terms VZ)
}

# bill PERIOD INDIR OUTDIR STATEDIR [OPTION...]: bill-run, stdin closed,
# on the state folder STATEDIR, made first when missing (-s must exist)
bill() {
	local period=$1 in=$2 out=$3 state=$4

	shift 4
	mkdir -p "$state"
	bill-run -p "$period" -i "$in" -o "$out" -s "$state" "$@" </dev/null
}

# stderr_has REGEX: some line of $stderr matches the extended REGEX
stderr_has() {
	grep -qE -- "$1" <<<"$stderr" ||
		fail "no line of stderr matches /$1/; stderr was: $stderr"
}

# cols FILE NAME...: the named columns of every row of a CSV without quoted
# commas, joined by commas
cols() {
	awk -F, -v names="${*:2}" '
		NR == 1 { n = split(names, want, " ")
			for (i = 1; i <= NF; i++) at[$i] = i; next }
		{ s = ""
		  for (j = 1; j <= n; j++) s = s (j > 1 ? "," : "") $(at[want[j]])
		  print s }' "$1"
}

# refused WHERE WHAT: bill-run of 2026-12 on the (broken) inputs in in/
# must exit 1 with "prog: WHERE: ...WHAT" on stderr (both extended regexes)
# and nothing on stdout, leave no output folder (nor a half-built one
# beside it), and leave the state as it was: the default state folder
# OUTDIR/../state that the run made is gone again, an empty one gets
# nothing but possibly the empty lock file formats.md allows, and the state
# of a posted 2026-11 stays byte for byte the same.
refused() {
	local re="^[a-z-]+: $1: .*$2" before

	mkdir -p runs
	run -1 --separate-stderr bill-run -p 2026-12 -i in -o runs/dec </dev/null
	assert_output ''
	stderr_has "$re"
	[ ! -e runs/dec ]
	assert_equal "$(ls -A runs)" ''

	mkdir empty
	run -1 --separate-stderr bill 2026-12 in runs/dec empty
	assert_output ''
	stderr_has "$re"
	[ ! -e runs/dec ]
	assert_equal "$(ls -A empty | grep -vx lock)" ''
	[ ! -s empty/lock ]

	inputs good
	run -0 bill 2026-11 good runs/nov posted
	before=$(snapshot posted)
	run -1 --separate-stderr bill 2026-12 in runs/dec posted
	assert_output ''
	stderr_has "$re"
	[ ! -e runs/dec ]
	assert_equal "$(ls -A runs)" nov
	assert_equal "$(snapshot posted)" "$before"
}

teardown() {
	local g

	if [ -n "${holder-}" ]; then
		kill "$holder" 2>/dev/null || true
		wait "$holder" 2>/dev/null || true
	fi
	# runs a test left in the background, each a process group of its own
	for g in ${apid-} ${bpid-} ${opid-}; do
		kill -KILL -- "-$g" 2>/dev/null || kill -KILL "$g" 2>/dev/null || true
		wait "$g" 2>/dev/null || true
	done
}

# --- bad input: named with file, line and column; nothing written -------

@test "an impossible start_date in contracts.csv is named with file, line and column" {
	inputs in
	sed -i '3s/2026-11-18/2026-02-30/' in/contracts.csv
	refused 'contracts\.csv:3:5' "'2026-02-30'"
}

@test "an impossible mandate_date in customers.csv is named with file, line and column" {
	inputs in
	sed -i '3s/2026-10-01/2026-02-30/' in/customers.csv
	refused 'customers\.csv:3:8' "'2026-02-30'"
}

@test "a comma decimal in monthly_fee is named with file, line and column" {
	inputs in
	sed -i '3s/,49\.95,/,"12,50",/' in/contracts.csv
	refused 'contracts\.csv:3:4' "'12,50'"
}

@test "an exponent in a charge amount is named with file, line and column" {
	inputs in
	sed -i '3s/,25\.00$/,1e3/' in/charges.csv
	refused 'charges\.csv:3:5' "'1e3'"
}

@test "three decimals in monthly_fee are named with file, line and column" {
	inputs in
	sed -i '3s/,49\.95,/,12.505,/' in/contracts.csv
	refused 'contracts\.csv:3:4' "'12\.505'"
}

@test "a contracts.csv without a monthly_fee column is named with file, line and column" {
	inputs in
	cut -d, -f1-3,5- in/contracts.csv >tmp && mv tmp in/contracts.csv
	refused 'contracts\.csv:1:[0-9]+' 'monthly_fee'
}

@test "a customers.csv without a name column is named with file, line and column" {
	inputs in
	cut -d, -f1,3- in/customers.csv >tmp && mv tmp in/customers.csv
	refused 'customers\.csv:1:[0-9]+' 'name'
}

@test "a contract of a customer missing from customers.csv is named with file, line and column" {
	inputs in
	sed -i '3s/^K2,C2,/K2,C9,/' in/contracts.csv
	refused 'contracts\.csv:3:2' "'C9'"
}

@test "a charge of a customer missing from customers.csv is named with file, line and column" {
	inputs in
	sed -i '3s/^X2,C2,/X2,C9,/' in/charges.csv
	refused 'charges\.csv:3:2' "'C9'"
}

@test "a duplicate customer_id is named with file, line and column" {
	inputs in
	sed -i '3s/^C2,/C1,/' in/customers.csv
	refused 'customers\.csv:3:1' "'C1'"
}

@test "a duplicate contract_id is named with file, line and column" {
	inputs in
	sed -i '3s/^K2,/K1,/' in/contracts.csv
	refused 'contracts\.csv:3:1' "'K1'"
}

@test "a duplicate charge_id is named with file, line and column" {
	inputs in
	sed -i '3s/^X2,/X1,/' in/charges.csv
	refused 'charges\.csv:3:1' "'X1'"
}

@test "a duplicate discount_id is named with file, line and column" {
	inputs in
	echo 'D1,K2,5,,Loyalty' >>in/discounts.csv
	refused 'discounts\.csv:3:1' "'D1'"
}

@test "an invalid UTF-8 byte in a description is named with file, line and column" {
	inputs in
	sed -i '3s/Internet/Inter\xffnet/' in/contracts.csv
	grep -q $'\xff' in/contracts.csv
	refused 'contracts\.csv:3:3' 'UTF-8'
}

@test "an unterminated quote is named with file, line and column" {
	inputs in
	sed -i '4s/,VoIP basis,/,"VoIP basis,/' in/contracts.csv
	refused 'contracts\.csv:4:3' 'quot'
}

@test "an invalid IBAN of a direct-debit customer is named with file, line and column" {
	inputs in
	sed -i '3s/NL70TRIO0123456789/NL91ABNA0417164301/' in/customers.csv
	refused 'customers\.csv:3:6' "'NL91ABNA0417164301'"
}

@test "an unknown key in terms.conf is named with its line" {
	local line

	inputs in
	sed -i 's/^payment_days =/paymnet_days =/' in/terms.conf
	line=$(grep -n '^paymnet_days =' in/terms.conf | cut -d: -f1)
	[ -n "$line" ]
	refused "terms\\.conf:$line(:[0-9]+)?" "'?paymnet_days'?"
}

# --- reproducible whatever the environment ------------------------------

@test "outputs are byte-identical under any TZ and locale" {
	local p

	locale -a | grep -qiE '^nl_NL\.utf-?8$' ||
		skip "locale nl_NL.UTF-8 is not installed (tools/deps installs it)"
	inputs in
	mkdir -p east/state west/state
	for p in 2026-11 2026-12; do
		run -0 env TZ=Pacific/Kiritimati LC_ALL=nl_NL.UTF-8 \
		    bill-run -p $p -i in -o east/$p -s east/state </dev/null
		run -0 env TZ=America/Los_Angeles LC_ALL=C \
		    bill-run -p $p -i in -o west/$p -s west/state </dev/null
	done
	assert_equal "$(col east/2026-11/invoices.csv invoice_no | wc -l)" 3
	run -0 diff -r east/2026-11 west/2026-11
	run -0 diff -r east/2026-12 west/2026-12
	run -0 diff -r east/state west/state
}

# --- reruns and the state -----------------------------------------------

@test "rerunning a posted period gives the same output and leaves the state as it was" {
	local before

	inputs in
	run -0 bill 2026-11 in out1 state
	before=$(snapshot state)
	run -0 bill 2026-11 in out2 state
	run -0 diff -r out1 out2
	assert_equal "$(snapshot state)" "$before"
	assert_equal "$(col out1/invoices.csv invoice_no | wc -l)" 3
}

@test "rerunning an earlier period after a later one is posted reuses its numbers" {
	local before

	inputs in
	run -0 bill 2026-11 in nov1 state
	run -0 bill 2026-12 in dec state
	before=$(snapshot state)
	run -0 bill 2026-11 in nov2 state
	run -0 diff -r nov1 nov2
	assert_equal "$(snapshot state)" "$before"
}

@test "rerunning a posted period after a fee changed is refused and changes nothing" {
	local before

	inputs in
	run -0 bill 2026-11 in nov state
	before=$(snapshot state)
	sed -i '2s/,30\.00,/,35.00,/' in/contracts.csv
	run -1 --separate-stderr bill 2026-11 in nov2 state
	assert_output ''
	stderr_has '2026-11.*posted|posted.*2026-11'
	[ ! -e nov2 ]
	assert_equal "$(snapshot state)" "$before"
	# the change is billed by the next period instead (rules.md §1)
	run -0 bill 2026-12 in dec state
	run -0 cols dec/lines.csv customer_id kind ref from net
	assert_line 'C1,correction,K1,2026-11-01,5.00'
}

@test "a run for a period before the last posted one is refused" {
	local before

	inputs in
	run -0 bill 2026-12 in dec state
	before=$(snapshot state)
	run -1 --separate-stderr bill 2026-11 in nov state
	assert_output ''
	stderr_has '2026-11'
	stderr_has '2026-12'
	[ ! -e nov ]
	assert_equal "$(snapshot state)" "$before"
}

@test "an output folder that exists and is not empty is refused and kept" {
	local before

	inputs in
	run -0 bill 2026-11 in nov state
	before=$(snapshot state)
	mkdir dec
	echo keep >dec/notes.txt
	run -1 --separate-stderr bill 2026-12 in dec state
	assert_output ''
	stderr_has 'dec.*not empty'
	assert_equal "$(ls -A dec)" notes.txt
	assert_equal "$(cat dec/notes.txt)" keep
	assert_equal "$(snapshot state)" "$before"

	# the same with the default state, dec/../state
	run -1 --separate-stderr bill-run -p 2026-12 -i in -o dec </dev/null
	stderr_has 'dec.*not empty'
	assert_equal "$(snapshot state)" "$before"
}

@test "an output folder that exists and is empty is filled" {
	inputs in
	mkdir nov
	run -0 bill 2026-11 in nov state
	assert_equal "$(col nov/invoices.csv invoice_no | wc -l)" 3
}

@test "a run while another process holds the state lock is refused as in use" {
	local before

	inputs in
	run -0 bill 2026-11 in nov state
	before=$(snapshot state)
	# take the lock here, hand it to a background process, let go of it
	exec 8>>state/lock
	flock -n 8
	sleep 30 3>&- </dev/null >/dev/null 2>&1 &
	holder=$!
	exec 8>&-
	run -3 --separate-stderr bill 2026-12 in dec state
	assert_output ''
	stderr_has 'in use'
	[ ! -e dec ]
	assert_equal "$(snapshot state)" "$before"

	kill "$holder"
	wait "$holder" || true
	holder=
	run -0 bill 2026-12 in dec state
}

# --- invoice numbers and payment ----------------------------------------

@test "invoice numbers are gapless across runs and restart in January" {
	inputs in
	# C2 leaves after November and has nothing in December or January
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,end_date
	K1,C1,VoIP basis,30.00,2026-11-01,12,
	K2,C2,Internet,49.95,2026-11-18,0,2026-11-30
	K3,C3,VoIP basis,20.00,2026-11-01,0,
	EOF
	sed -i '/^X2,/d' in/charges.csv

	run -0 bill 2026-11 in nov state
	run -0 cols nov/invoices.csv invoice_no customer_id
	assert_output - <<-'EOF'
	VZ-2026-000001,C1
	VZ-2026-000002,C2
	VZ-2026-000003,C3
	EOF

	# a refused run uses up no number
	cp in/contracts.csv contracts.keep
	sed -i '2s/,30\.00,/,"30,00",/' in/contracts.csv
	run -1 --separate-stderr bill 2026-12 in dec state
	cp contracts.keep in/contracts.csv

	run -0 bill 2026-12 in dec state
	run -0 cols dec/invoices.csv invoice_no customer_id
	assert_output - <<-'EOF'
	VZ-2026-000004,C1
	VZ-2026-000005,C3
	EOF

	run -0 bill 2027-01 in jan state
	run -0 cols jan/invoices.csv invoice_no customer_id
	assert_output - <<-'EOF'
	VZ-2027-000001,C1
	VZ-2027-000002,C3
	EOF
}

@test "a first invoice is paid by transfer and the next one by direct debit" {
	inputs in
	run -0 bill 2026-11 in nov state
	run -0 cols nov/invoices.csv customer_id payment_method collection_date first_invoice
	assert_output - <<-'EOF'
	C1,transfer,,yes
	C2,transfer,,yes
	C3,transfer,,yes
	EOF

	# invoice date 2026-12-01 + 7 days = Tuesday 2026-12-08, due 2026-12-15;
	# C3 pays by transfer and stays with it
	run -0 bill 2026-12 in dec state
	run -0 cols dec/invoices.csv customer_id payment_method collection_date first_invoice due_date
	assert_output - <<-'EOF'
	C1,direct_debit,2026-12-08,no,2026-12-15
	C2,direct_debit,2026-12-08,no,2026-12-15
	C3,transfer,,no,2026-12-15
	EOF
}

# migrated DIR: C4, billed by an earlier system through October 2026, and
# C5, new, both paying by direct debit
migrated() {
	mkdir -p "$1"
	(cd "$1" && terms VZ)
	cat >"$1/customers.csv" <<-'EOF'
	customer_id,name,street,postcode,city,iban,mandate_id,mandate_date
	C4,Delta BV,Weg 4,1011 AA,Amsterdam,NL71INGB0009876543,M-C4,2024-12-01
	C5,Echo BV,Plein 5,1012 BB,Amsterdam,NL39RABO0300065264,M-C5,2026-10-15
	EOF
	cat >"$1/contracts.csv" <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,billed_through
	K4,C4,VoIP,40.00,2025-01-01,24,2026-10-31
	K5,C5,VoIP,40.00,2026-11-01,12,
	EOF
}

@test "a migrated customer's first invoice here is collected, on the next TARGET2 day" {
	migrated in
	# 2026-11-01 + 7 days is Sunday 2026-11-08: collected Monday 2026-11-09
	run -0 bill 2026-11 in nov state
	run -0 cols nov/invoices.csv customer_id payment_method collection_date first_invoice
	assert_output - <<-'EOF'
	C4,direct_debit,2026-11-09,no
	C5,transfer,,yes
	EOF
}

@test "a collection date over Christmas moves to the next TARGET2 day" {
	migrated in
	# 2026-12-18 + 7 days is Friday 25 December; 26 and 27 are closed too
	run -0 bill 2026-12 in dec state --date 2026-12-18
	run -0 cols dec/invoices.csv customer_id invoice_date due_date collection_date
	assert_line 'C4,2026-12-18,2027-01-01,2026-12-28'
}

@test "a collection date is never after the due date" {
	migrated in
	sed -i 's/^collection_days = .*/collection_days = 14/' in/terms.conf
	grep -qx 'collection_days = 14' in/terms.conf
	# invoice Saturday 2026-12-05, due Saturday 2026-12-19: the next TARGET2
	# day (Monday 21) is too late, so the last one before it, Friday 18
	run -0 bill 2026-12 in dec state --date 2026-12-05
	run -0 cols dec/invoices.csv customer_id due_date collection_date
	assert_line 'C4,2026-12-19,2026-12-18'
}

# --- the programs themselves --------------------------------------------

@test "subscriptions says write error when stdout is a full disk" {
	[ -w /dev/full ] || skip "no /dev/full"
	inputs in
	cd in
	full() {
		subscriptions -p 2026-11 -c terms.conf contracts.csv \
		    </dev/null >/dev/full
	}
	run -1 --separate-stderr full
	assert_output ''
	stderr_has 'write error'
}

@test "bill-run --help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr bill-run --help </dev/null
	assert_output --regexp '^usage: bill-run -p YYYY-MM -i INDIR -o OUTDIR'
	assert_equal "$stderr" ''
}

@test "bill-run with a bad option prints the usage on stderr and exits 2" {
	run -2 --separate-stderr bill-run -x -p 2026-11 -i in -o out </dev/null
	assert_output ''
	stderr_has '^usage: bill-run '
	[ ! -e out ]
}

@test "bill-run with an option missing its value prints the usage on stderr and exits 2" {
	run -2 --separate-stderr bill-run -p </dev/null
	assert_output ''
	stderr_has '^usage: bill-run '
}

@test "bill-run without the required options exits 2" {
	run -2 --separate-stderr bill-run -p 2026-11 -i in </dev/null
	assert_output ''
	stderr_has '^usage: bill-run '
}

# current STATE: the checksum of every file of the state's current
# generation (a dead run's unfinished generation beside it is not the state)
current() {
	(cd "$1/$(readlink "$1/current")" && find . -type f | LC_ALL=C sort |
		while read -r f; do echo "$f $(cksum <"$f")"; done)
}

# a run killed at any moment leaves the state as it was or as the run would
# leave it, never in between, and a rerun gives the uninterrupted result
@test "a bill-run killed at any moment leaves the state old or new, and a rerun gives the same result" {
	inputs in
	run -0 bill 2026-11 in ref-nov ref-state
	run -0 bill 2026-12 in ref-dec ref-state
	run -0 bill 2026-11 in nov s-nov
	old=$(current s-nov)
	new=$(current ref-state)
	for delay in 0.00 0.02 0.05 0.08 0.12 0.16 0.20 0.25 0.30 0.40; do
		rm -rf s out
		cp -a s-nov s
		setsid bash -c 'exec bill-run -p 2026-12 -i in -o out -s s </dev/null >/dev/null 2>&1' &
		pid=$!
		sleep "$delay"
		kill -9 -- "-$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		now=$(current s)
		[ "$now" = "$old" ] || [ "$now" = "$new" ] ||
			fail "after a kill at $delay s the state is neither November's nor December's"
		# the output folder is complete or absent
		if [ -e out ]; then
			run -0 diff -r out ref-dec
		fi
		# a rerun (or the first complete run) gives December's result
		rm -rf out
		run -0 bill 2026-12 in out s
		run -0 diff -r out ref-dec
		[ "$(current s)" = "$new" ] ||
			fail "the state after a kill at $delay s and a rerun is not December's"
	done
}

# --- one run at a time, kills and signals, made deterministic ------------
#
# A run is held at a chosen system call of one of its programs by strace
# (bin/ below: the programs' folder again, with wrappers), and the test
# waits, by polling with a bound, until it is there; no sleep races a run.

# cdrinputs DIR: the basic inputs with calls and tariffs: two October calls
# that November's run bills and two November calls for December's
cdrinputs() {
	inputs "$1"
	cat >"$1/tariffs.csv" <<-'EOF'
	prefix,destination,rate
	31,Nederland,0.02000
	316,Nederland mobiel,0.10000
	EOF
	cat >"$1/cdrs.csv" <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	c1,C1,2026-10-20T10:00:00+02:00,0201234567,60
	c2,C2,2026-10-21T11:00:00+02:00,0201234567,125
	c3,C1,2026-11-05T09:00:00+01:00,0201234567,300
	c4,C3,2026-11-06T09:00:00+01:00,0612345678,30
	EOF
}

# need_strace: skip unless strace can trace here (ptrace may be forbidden)
need_strace() {
	command -v strace >/dev/null || skip "strace is not installed"
	strace -f -o /dev/null true </dev/null >/dev/null 2>&1 ||
		skip "strace cannot trace here"
}

# traced NAME...: ./bin, the programs' folder again (links; bill-run finds
# its programs beside itself), in which each program NAME is a wrapper
# that runs it under strace -f when $STRACE_NAME (NAME in capitals) holds
# strace's options (the trace goes to /dev/null unless they say -o FILE);
# post's dry check (-n) runs untraced.  When the traced program ends of
# the signal $THEN_SIGNAL (which strace injected), the wrapper sends that
# signal on to its whole process group: bill-run and all its programs get
# it at that very call, as from a kill of the run's group (a SIGKILL: as
# a power cut).  It never signals the test's own group ($TEST_PGID).
# LeakSanitizer cannot work under ptrace: it is off in a traced program.
traced() {
	local p name var

	need_strace
	mkdir -p bin
	for p in "$BIN"/*; do
		ln -sfn "$p" "bin/${p##*/}"
	done
	for name in "$@"; do
		var=STRACE_${name^^}
		rm -f "bin/$name"
		cat >"bin/$name" <<-EOF
		#!/bin/bash
		# $name under strace when \$$var holds its options (tests/bill-run.bats)
		[ -n "\${$var-}" ] && [ "\${1-}" != -n ] || exec "$BIN/$name" "\$@"
		ASAN_OPTIONS=\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}detect_leaks=0 \\
		    strace -f -o /dev/null \$$var "$BIN/$name" "\$@"
		st=\$?
		if [ -n "\${THEN_SIGNAL-}" ] &&
		    [ \$st -eq \$((128 + \$(kill -l "\$THEN_SIGNAL"))) ]; then
			pg=\$(ps -o pgid= -p \$\$)
			pg=\${pg//[^0-9]/}
			[ -z "\${TEST_PGID-}" ] || [ "\$pg" = "\$TEST_PGID" ] ||
			    kill -s "\$THEN_SIGNAL" -- "-\$pg"
		fi
		exit \$st
		EOF
		chmod +x "bin/$name"
	done
	TEST_PGID=$(ps -o pgid= -p $$ | tr -d ' ')
	export TEST_PGID
}

# poll CMD...: run CMD every 0.1 s until it succeeds, 30 s at most
poll() {
	local n

	for ((n = 0; n < 300; n++)); do
		! "$@" || return 0
		sleep 0.1
	done
	return 1
}

# gens STATE: the generation folders in STATE, one a line
gens() {
	(cd "$1" && for g in gen.*; do [ ! -e "$g" ] || echo "$g"; done)
}

# leftovers: what a run or a program may not leave behind anywhere in the
# test's folder: work folders (.OUTDIR.bill-run.XXXXXX), once's partitions
# (.once.XXXXXX), files written aside (.NAME.XXXXXX), .current.new, .work
leftovers() {
	find "$T" \( -name '.*.bill-run.*' -o -name '.once.*' -o \
	    -name .current.new -o -name .work -o -regextype posix-extended \
	    -regex '.*/\.[^/]+\.[A-Za-z0-9]{6}' \) -print </dev/null
}

# problems: the checks of a loop that failed, reported together at its end
problems=()
note() { problems+=("$*"); }
verdict() {
	[ ${#problems[@]} -eq 0 ] || fail "$(printf '%s\n' "${problems[@]}")"
}

# refs: the reference runs, uninterrupted, on a fresh state: ref/PERIOD
# the output and ref/cur.PERIOD the current generation after it, for
# 2026-11, 2026-12 and 2027-01
refs() {
	local p

	for p in 2026-11 2026-12 2027-01; do
		bill "$p" in "ref/$p" ref/state >/dev/null
		current ref/state >"ref/cur.$p"
	done
}

# hold_a ARG...: bill-run ARG... started in the background as run A, in a
# session of its own, its post stopped (SIGSTOP, by strace) right after
# the rename that switches the state, while A holds the lock; returns
# when it is stopped there.  $apid is A (and its group), $postpid its post.
hold_a() {
	rm -f a.trace
	STRACE_POST="-o $T/a.trace -e trace=rename -e inject=rename:signal=SIGSTOP:when=1" \
	    setsid bin/bill-run "$@" </dev/null >a.out 2>a.err &
	apid=$!
	poll eval 'grep -qs "stopped by SIGSTOP" a.trace || ! kill -0 "$apid" 2>/dev/null' ||
		fail "run A's post did not reach its switch in 30 s"
	postpid=$(awk '/stopped by SIGSTOP/ { print $1; exit }' a.trace 2>/dev/null)
	[ -n "$postpid" ] || fail "run A ended before its post reached the switch: $(cat a.err)"
}

# release_a: let run A's post go on and wait for A: its status in $astatus
release_a() {
	kill -CONT "$postpid"
	astatus=0
	wait "$apid" || astatus=$?
	apid=
}

# contend KIND N: run A, on a state of KIND, is held in post just after
# its switch while N-1 other runs of the same period start at once on the
# same state: each must exit 3, in use, without touching anything, and
# the lock file must stay the one A holds; runs that fail for another
# reason and post by hand meanwhile remove nothing either.  Then A goes
# on: the state is exactly the uninterrupted run's, with one generation,
# and the next period numbers on from it.  KIND: lockonly (a state folder
# holding only its lock, as a refused first run leaves it), empty (an
# empty folder, no lock file), lockless (a posted state whose lock file was
# deleted, as when restored from a backup: A bills 2026-12), default (no
# -s: the default OUTDIR/../state, which does not exist yet).  Needs refs.
contend() {
	local kind=$1 n=$2 p=2026-11 next=2026-12 s=state st=(-s state)
	local ino before listing k rc pids=()

	rm -rf state runs r.* bad
	mkdir -p runs/full
	: >runs/full/keep
	case $kind in
	lockonly) mkdir state; : >state/lock ;;
	empty) mkdir state ;;
	lockless)
		bill 2026-11 in runs/nov state >/dev/null
		rm state/lock
		p=2026-12 next=2027-01
		;;
	default) s=runs/state st=() ;;
	esac
	hold_a -p "$p" -i in -o runs/a "${st[@]}"
	# A holds the lock
	run -1 flock -n "$s/lock" true </dev/null
	ino=$(stat -c %i "$s/lock")
	before=$(snapshot "$s")
	listing=$(ls -A runs)

	for ((k = 1; k < n; k++)); do
		bill-run -p "$p" -i in -o "runs/r$k" "${st[@]}" </dev/null \
		    >"r.$k.out" 2>"r.$k.err" &
		pids+=($!)
	done
	for ((k = 1; k < n; k++)); do
		rc=0
		wait "${pids[k - 1]}" || rc=$?
		assert_equal "$kind: run $((k + 1)) of $n exited $rc" "$kind: run $((k + 1)) of $n exited 3"
		assert_equal "$(cat "r.$k.out")" ''
		grep -q "is in use by another run" "r.$k.err" ||
			fail "run $((k + 1)): no 'in use' on stderr: $(cat "r.$k.err")"
	done
	# runs refused for another reason meanwhile, and post by hand
	cp -r in bad
	rm bad/customers.csv
	run -1 --separate-stderr bill-run -p "$p" -i bad -o runs/bad "${st[@]}" </dev/null
	assert_output ''
	stderr_has 'customers\.csv'
	run -1 --separate-stderr bill-run -p "$p" -i in -o runs/full "${st[@]}" </dev/null
	assert_output ''
	stderr_has 'not empty'
	[ -d post-run ] || cp -r "$FIX/post/2026-11" post-run
	run -3 --separate-stderr post -p "$p" -s "$s" -b post-run/posting.csv post-run </dev/null
	assert_output ''
	stderr_has 'in use by another run'

	# nobody touched the state, its lock or the folder of the outputs
	assert_equal "$(snapshot "$s")" "$before"
	assert_equal "$(stat -c %i "$s/lock")" "$ino"
	run -1 flock -n "$s/lock" true </dev/null
	assert_equal "$(ls -A runs)" "$listing"

	release_a
	assert_equal "$kind: run A exited $astatus" "$kind: run A exited 0"
	assert_equal "$(cat a.err)" ''
	grep -q "^bill-run: $p: 3 invoices" a.out
	run -0 diff -r runs/a "ref/$p"
	assert_equal "$(current "$s")" "$(cat "ref/cur.$p")"
	assert_equal "$(gens "$s")" "$(readlink "$s/current")"
	assert_equal "$(stat -c %i "$s/lock")" "$ino"
	run -0 col "$s/current/invoices.csv" invoice_no
	if [ "$p" = 2026-11 ]; then
		assert_equal "${lines[*]}" 'VZ-2026-000001 VZ-2026-000002 VZ-2026-000003'
	else
		assert_equal "${lines[*]}" 'VZ-2026-000001 VZ-2026-000002 VZ-2026-000003 VZ-2026-000004 VZ-2026-000005 VZ-2026-000006'
	fi
	[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"
	# the next period numbers on from there
	run -0 --separate-stderr bill-run -p "$next" -i in -o runs/next "${st[@]}" </dev/null
	run -0 diff -r runs/next "ref/$next"
	assert_equal "$(current "$s")" "$(cat "ref/cur.$next")"
}

@test "concurrent runs on a fresh state folder holding only its lock: all but one exit 3 and the state is the one run's" {
	inputs in
	traced post
	refs
	contend lockonly 2
	contend lockonly 4
}

@test "concurrent runs on an empty state folder without a lock file: all but one exit 3 and the state is the one run's" {
	inputs in
	traced post
	refs
	contend empty 2
	contend empty 4
}

@test "concurrent runs on a posted state whose lock file was deleted: all but one exit 3 and the state is the one run's" {
	inputs in
	traced post
	refs
	contend lockless 2
	contend lockless 4
}

@test "concurrent runs on a default state that does not exist yet: all but one exit 3 and the state is the one run's" {
	inputs in
	traced post
	refs
	contend default 2
	contend default 4
}

# fakeflock: ./fl/flock, a flock(1) that stops a run at its lock: with
# FLOCK_HOLD=before it waits for the file $FLOCK_GO before it locks, with
# after it waits once it got the lock; either first makes the file
# $FLOCK_AT to say it is there.  The wait is bounded (30 s).
fakeflock() {
	local real

	real=$(command -v flock)
	mkdir -p fl
	cat >fl/flock <<-EOF
	#!/bin/bash
	hold() {
		: >"\$FLOCK_AT"
		for ((n = 0; n < 300; n++)); do
			[ ! -e "\$FLOCK_GO" ] || return 0
			sleep 0.1
		done
	}
	case \${FLOCK_HOLD-} in
	before) hold; exec "$real" "\$@" ;;
	after) "$real" "\$@" || exit; hold; exit 0 ;;
	esac
	exec "$real" "\$@"
	EOF
	chmod +x fl/flock
}

@test "of two first runs on a default state that does not exist yet, the one refused as in use leaves the lock the other holds" {
	local ino st

	inputs in
	fakeflock
	run -0 bill 2026-11 in ref-nov ref-state
	mkdir runs
	# A makes the default state and opens its lock, and waits before it
	# locks it
	FLOCK_HOLD=before FLOCK_AT=$T/a.at FLOCK_GO=$T/a.go PATH=$T/fl:$PATH \
	    setsid bill-run -p 2026-11 -i in -o runs/a </dev/null >a.out 2>a.err &
	apid=$!
	poll eval '[ -e a.at ] || ! kill -0 "$apid" 2>/dev/null'
	[ -e a.at ] || fail "run A ended before its lock: $(cat a.err)"
	[ -f runs/state/lock ]
	# B finds the state made, and takes the lock first
	FLOCK_HOLD=after FLOCK_AT=$T/b.at FLOCK_GO=$T/b.go PATH=$T/fl:$PATH \
	    setsid bill-run -p 2026-11 -i in -o runs/b </dev/null >b.out 2>b.err &
	bpid=$!
	poll eval '[ -e b.at ] || ! kill -0 "$bpid" 2>/dev/null'
	[ -e b.at ] || fail "run B ended before it held the lock: $(cat b.err)"
	run -1 flock -n runs/state/lock true </dev/null
	ino=$(stat -c %i runs/state/lock)
	# A finds it locked: refused, in use
	: >a.go
	st=0
	wait "$apid" || st=$?
	apid=
	assert_equal "$st" 3
	grep -q 'is in use by another run' a.err
	[ ! -e runs/a ]
	# the lock B holds is still the state's lock file
	[ -e runs/state/lock ] ||
		fail "run A, refused as in use, removed the lock file run B holds (runs/ now holds: $(ls -A runs | tr '\n' ' '))"
	assert_equal "$(stat -c %i runs/state/lock)" "$ino"
	run -1 flock -n runs/state/lock true </dev/null
	: >b.go
	st=0
	wait "$bpid" || st=$?
	bpid=
	assert_equal "$st" 0
	run -0 diff -r runs/b ref-nov
	assert_equal "$(current runs/state)" "$(current ref-state)"
}

# killed_at CALL N SIGNAL [PROG]: bill-run of 2026-12 on in/ into out/ and
# s/ (a copy of s-nov/), with program PROG (default post) getting SIGNAL
# at its Nth call of CALL, and then the run's whole group the same signal
killed_at() {
	local var=STRACE_${4:-post}

	rm -rf s out
	cp -a s-nov s
	env "${var^^}=-e trace=$1 -e inject=$1:signal=SIG$3:when=$2" THEN_SIGNAL="$3" \
	    setsid -w bin/bill-run -p 2026-12 -i in -o out -s s </dev/null
}

# KILL_CALLS: the calls by which post changes the disk, and its exit
KILL_CALLS='mkdir link unlink unlinkat write fsync symlink rename exit_group'

@test "a bill-run killed at each call of post that changes the disk leaves the state old or new, and a rerun gives the same result and no leftovers" {
	local c k n old new now calls

	cdrinputs in
	traced post
	run -0 bill 2026-11 in ref-nov ref-state
	run -0 bill 2026-12 in ref-dec ref-state
	run -0 bill 2026-11 in nov s-nov
	old=$(current s-nov)
	new=$(current ref-state)
	# post's calls on this very run, counted
	rm -rf s out
	cp -a s-nov s
	run -0 env STRACE_POST="-o $T/count.trace -e trace=${KILL_CALLS// /,}" \
	    bin/bill-run -p 2026-12 -i in -o out -s s </dev/null
	run -0 diff -r out ref-dec
	calls=$(sed -nE 's/^[0-9]+ +([a-z_0-9]+)\(.*/\1/p' count.trace | sort | uniq -c)
	for c in $KILL_CALLS; do
		[ "$c" = unlinkat ] || grep -qE " $c\$" <<<"$calls" ||
			fail "post made no $c call: $calls"
	done
	for c in $KILL_CALLS; do
		n=$(awk -v c="$c" '$2 == c { print $1 }' <<<"$calls")
		for ((k = 1; k <= ${n:-0}; k++)); do
			echo "# killed at post's $c number $k"
			run -137 --separate-stderr killed_at "$c" "$k" KILL
			assert_output ''
			now=$(current s)
			[ -n "$now" ] && { [ "$now" = "$old" ] || [ "$now" = "$new" ]; } ||
				note "$c #$k: the state is neither November's nor December's (current: $(readlink s/current); $(gens s | tr '\n' ' '))"
			if [ -e out ] && ! diff -r out ref-dec >/dev/null; then
				note "$c #$k: the output folder is there but not complete"
			fi
			rm -rf out
			run -0 --separate-stderr bill 2026-12 in out s
			diff -r out ref-dec >/dev/null ||
				note "$c #$k: the rerun's output is not the uninterrupted run's"
			[ "$(current s)" = "$new" ] ||
				note "$c #$k: after the rerun the state is not December's"
			[ -z "$(leftovers)" ] ||
				note "$c #$k: after the rerun left behind: $(leftovers | sed "s|^$T/||" | tr '\n' ' ')"
			[ "$(gens s)" = "$(readlink s/current)" ] ||
				note "$c #$k: after the rerun the state holds $(gens s | tr '\n' ' ')besides current -> $(readlink s/current)"
		done
	done
	verdict
}

@test "the run after a bill-run killed outright removes the dead run's work folder, wherever its output goes" {
	local dead

	cdrinputs in
	traced post once
	run -0 bill 2026-11 in ref-nov ref-state
	run -0 bill 2026-12 in ref-dec ref-state
	run -0 bill 2026-11 in nov s-nov
	# killed while once writes its partitions, and while post writes the
	# new generation
	for at in 'write 1 KILL once' 'symlink 1 KILL post'; do
		echo "# killed at: $at"
		run -137 --separate-stderr killed_at $at
		assert_output ''
		[ ! -e out ]
		dead=$(ls -d .out.bill-run.*)
		[ -f "$dead/.bill-run" ]
		assert_equal "$(readlink s/.work)" "$T/$dead"
		rm -rf elsewhere
		run -0 --separate-stderr bill 2026-12 in elsewhere/dec s
		assert_equal "$stderr" ''
		[ ! -e "$dead" ]
		[ ! -L s/.work ]
		[ -z "$(leftovers)" ] || fail "left behind: $(leftovers)"
		run -0 diff -r elsewhere/dec ref-dec
		assert_equal "$(current s)" "$(current ref-state)"
		assert_equal "$(gens s)" "$(readlink s/current)"
	done
}

@test "SIGTERM or SIGINT to a run while once or post is at work leaves no temporary file and the state as it was" {
	local sig num at

	cdrinputs in
	traced post once
	run -0 bill 2026-11 in nov s-nov
	for sig in $(catchable TERM INT); do
		num=$(kill -l "$sig")
		# once among its partitions; post making, filling and syncing
		# the new generation, and linking it as .current.new
		for at in 'write 1 once' 'mkdir 1 post' 'link 1 post' \
		    'write 1 post' 'fsync 1 post' 'symlink 1 post'; do
			set -- $at
			echo "# SIG$sig at $3's $1 number $2"
			run -$((128 + num)) --separate-stderr killed_at "$1" "$2" "$sig" "$3"
			assert_output ''
			[[ $stderr != *"invoices ("* ]]
			[ ! -e out ] || note "SIG$sig at $at: the output folder is there"
			[ -z "$(leftovers)" ] ||
				note "SIG$sig at $at: left behind: $(leftovers | sed "s|^$T/||" | tr '\n' ' ')"
			[ "$(gens s)" = "$(gens s-nov)" ] ||
				note "SIG$sig at $at: the state holds $(gens s | tr '\n' ' ')instead of $(gens s-nov)"
			[ "$(snapshot s)" = "$(snapshot s-nov)" ] ||
				note "SIG$sig at $at: the state changed"
		done
	done
	verdict
}

@test "SIGTERM or SIGHUP to once while it writes its partitions leaves none in TMPDIR" {
	local sig pid st

	need_strace
	mkdir state tmp
	cat >stream.csv <<-'EOF'
	cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin
	a,C1,2026-11-03T10:00:00+01:00,voice,0612345678,61,,,,cdrs.csv:2:5
	b,C1,2026-11-04T10:00:00+01:00,voice,0612345678,61,,,,cdrs.csv:3:5
	c,C2,2026-11-05T10:00:00+01:00,voice,0612345678,61,,,,cdrs.csv:4:5
	EOF
	# (SIGINT is left out: a background job of a script ignores it)
	for sig in TERM HUP; do
		rm -f o.trace
		TMPDIR=$T/tmp ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		    strace -f -o o.trace -e trace=write -e inject=write:signal=SIGSTOP:when=1 \
		    "$BIN/once" -p 2026-12 -s state stream.csv </dev/null >kept.csv 2>once.err &
		opid=$!
		poll eval 'grep -qs "stopped by SIGSTOP" o.trace || ! kill -0 "$opid" 2>/dev/null'
		pid=$(awk '/stopped by SIGSTOP/ { print $1; exit }' o.trace)
		[ -n "$pid" ] || fail "once ended before its first write: $(cat once.err)"
		# held after its first write: its partitions are there
		run -0 find tmp -path 'tmp/.once.*/part.*' </dev/null
		[ "${#lines[@]}" -gt 0 ]
		kill -s "$sig" "$pid"
		kill -CONT "$pid"
		st=0
		wait "$opid" || st=$?
		opid=
		assert_equal "$st" $((128 + $(kill -l "$sig")))
		run -0 find tmp -mindepth 1 </dev/null
		assert_output ''
	done
}

@test "a run under umask 000 creates no file or folder that others may use, or its group write" {
	cdrinputs in
	open_umask() { umask 000; bill-run "$@" </dev/null; }
	# the default state and the missing parent of OUTDIR made by the run
	run -0 --separate-stderr open_umask -p 2026-11 -i in -o runs/2026-11
	assert_equal "$stderr" ''
	run -0 --separate-stderr open_umask -p 2026-12 -i in -o runs/2026-12 -s runs/state
	assert_equal "$stderr" ''
	[ -f runs/state/lock ] && [ -f runs/2026-12/usage.csv ]
	ls runs/state/current/cdrs.*.fp >/dev/null
	run -0 find runs ! -type l -perm /g=w,o=rwx </dev/null
	assert_output ''
}

@test "a -s that names a missing folder, a file or a broken link is refused, naming it, and creates nothing" {
	local before

	# (in a folder of its own: bats keeps files of its own in the test's)
	mkdir here
	cd here
	inputs in
	: >statefile
	ln -s gone brokenstate
	before=$(ls -lA)
	run -1 --separate-stderr bill-run -p 2026-11 -i in -o runs/deep/nov -s nostate </dev/null
	assert_output ''
	stderr_has '^bill-run: nostate: missing'
	run -1 --separate-stderr bill-run -p 2026-11 -i in -o runs/deep/nov -s statefile </dev/null
	assert_output ''
	stderr_has '^bill-run: statefile: a file'
	run -1 --separate-stderr bill-run -p 2026-11 -i in -o runs/deep/nov -s brokenstate </dev/null
	assert_output ''
	stderr_has '^bill-run: brokenstate: a broken link'
	run -1 --separate-stderr bill-run -p 2026-11 -i in -o runs/deep/nov -s no/such/state </dev/null
	assert_output ''
	stderr_has '^bill-run: no/such/state: missing'
	# no OUTDIR, no parent of it, no state folder, no lock
	assert_equal "$(ls -lA)" "$before"
	[ ! -s statefile ]
	[ ! -e gone ]
}

@test "SIGTERM or SIGINT to a run just as post switches the state leaves the new state with its generation, and a rerun completes the run" {
	local sig num

	cdrinputs in
	traced post
	run -0 bill 2026-11 in ref-nov ref-state
	run -0 bill 2026-12 in ref-dec ref-state
	run -0 bill 2026-11 in nov s-nov
	for sig in $(catchable TERM INT); do
		num=$(kill -l "$sig")
		echo "# SIG$sig at post's rename"
		# the rename is made, then the signal is handled
		run -$((128 + num)) --separate-stderr killed_at rename 1 "$sig"
		assert_output ''
		[ ! -e out ]
		assert_equal "$(readlink s/current)" gen.000002
		[ -d s/gen.000002 ] ||
			fail "SIG$sig: current names gen.000002, which post removed (the state holds $(gens s | tr '\n' ' '))"
		assert_equal "$(current s)" "$(current ref-state)"
		run -0 --separate-stderr bill 2026-12 in out s
		run -0 diff -r out ref-dec
	done
}

# --- input files that are not what they seem; messages that do not mislead --

@test "an input file that is a folder or a broken link is an error, never taken for an absent one" {
	local f

	for f in charges.csv tariffs.csv discounts.csv accounts.csv cdrs.csv; do
		rm -rf in
		inputs in
		rm -f "in/$f"
		mkdir "in/$f"
		run -1 --separate-stderr bill 2026-11 in "out-$f" state
		assert_output ''
		stderr_has "in/$f|$f: .*a folder"
		[ ! -e "out-$f" ]
		rm -rf "in/$f"
		ln -s nowhere.csv "in/$f"
		run -1 --separate-stderr bill 2026-11 in "out-$f" state
		stderr_has "$f: .*a broken link"
		[ ! -e "out-$f" ]
	done
}

@test "a broken tariffs.csv link is named as such, not as tariffs.csv (none given)" {
	inputs in
	printf '%s\n' 'cdr_id,customer_id,start,dst,billsec' \
	    'x1,C1,2026-10-05T10:00:00,0201234567,60' >in/cdrs.csv
	ln -s gone.csv in/tariffs.csv
	run -1 --separate-stderr bill 2026-11 in out state
	stderr_has '^rate: tariffs\.csv: cannot open: a broken link'
	refute_output --partial 'none given'
	[[ $stderr != *'none given'* ]] || fail "$stderr"
}

@test "cdr/ that is a file, a broken link, or holds a folder or a broken link named .csv, is an error" {
	inputs in
	echo x >in/cdr
	run -1 --separate-stderr bill 2026-11 in out state
	stderr_has "in/cdr: a file: expected a folder of CDR files"
	rm in/cdr
	ln -s nowhere in/cdr
	run -1 --separate-stderr bill 2026-11 in out state
	stderr_has "in/cdr: a broken link: expected a folder"
	rm in/cdr
	mkdir -p in/cdr/old.csv
	run -1 --separate-stderr bill 2026-11 in out state
	stderr_has "^cdrs: cdr/old\\.csv: cannot (open|read): a folder"
	rmdir in/cdr/old.csv
	ln -s nowhere in/cdr/Master.csv
	run -1 --separate-stderr bill 2026-11 in out state
	stderr_has "^cdrs: cdr/Master\\.csv: cannot open: a broken link"
	[ ! -e out ]
}

@test "a required input that is a folder is called a folder, not missing" {
	inputs in
	rm in/customers.csv
	mkdir in/customers.csv
	run -1 --separate-stderr bill 2026-11 in out state
	stderr_has 'customers\.csv: a folder: expected a file'
	[[ $stderr != *missing* ]] || fail "$stderr"
	rmdir in/customers.csv
	run -1 --separate-stderr bill 2026-11 in out state
	stderr_has 'customers\.csv: missing: expected it in the input folder'
}

@test "an output folder that cannot be made is said so, without mkdir's own message" {
	inputs in
	echo x >afile
	run -1 --separate-stderr bill 2026-11 in afile/sub/nov state
	assert_output ''
	stderr_has '^bill-run: afile/sub: cannot create the folder: Not a directory'
	[[ $stderr != *"mkdir:"* ]] || fail "$stderr"
}

@test "when a program of the run fails, only its message is shown, not the later programs' complaints" {
	inputs in
	printf '%s\n' 'cdr_id,customer_id,start,dst,billsec' \
	    'x1,C1,2026-10-05T10:00:00,00999123,60' >in/cdrs.csv
	printf '%s\n' 'prefix,destination,rate' '31,Nederland,0.02' >in/tariffs.csv
	run -1 --separate-stderr bill 2026-11 in out state
	assert_output ''
	assert_equal "$(wc -l <<<"$stderr")" 1
	stderr_has "^rate: cdrs\\.csv:2:4: no tariff for voice to '00999123'"
	[[ $stderr != *"usage:"* ]] || fail "a later program's complaint: $stderr"
}

@test "an invoice date of a day that does not exist is a usage error saying so" {
	inputs in
	run -2 --separate-stderr bill 2026-11 in out state --date 2026-02-30
	stderr_has "bad date '2026-02-30': no such day: February 2026 has 28 days"
	[ ! -e out ]
	run -1 --separate-stderr bill 2026-11 in out state --date 2026-10-31
	stderr_has "bad invoice date 2026-10-31: expected a day of the run month 2026-11 or of the month after it"
	[ ! -e out ]
}

@test "bill-run -x says unknown option -x, and --help lists every option with one line" {
	run -2 --separate-stderr bill-run -x -p 2026-11 -i in -o out </dev/null
	stderr_has '^bill-run: unknown option -x$'
	stderr_has '^usage: bill-run '
	run -2 --separate-stderr bill-run -p 2026-11 -i in -o </dev/null
	stderr_has '^bill-run: option -o needs a value$'
	run -0 --separate-stderr bill-run --help </dev/null
	for o in -p -i -o -s --date --keep-going -j; do
		assert_line --regexp "^  $o "
	done
}
