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
	if [ -n "${holder-}" ]; then
		kill "$holder" 2>/dev/null || true
		wait "$holder" 2>/dev/null || true
	fi
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
