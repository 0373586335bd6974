#!/usr/bin/env bats
# once: every CDR is billed exactly once, however often it is delivered
# (rules.md §1 and §7; formats.md usage.csv): duplicates in one delivery,
# CDRs delivered again next month, late CDRs, CDRs of the run month that
# wait for the next run, reruns.  The state keeps one set of billed
# fingerprints per start month and run, cdrs.MONTH.RUN.fp in
# STATE/current/.  Checked on the filter alone and over runs of
# bin/bill-run on one state.

load helpers

# once without -f makes its work folder in TMPDIR: the test's own folder
eval "helpers_$(declare -f setup)"
setup() {
	helpers_setup
	export TMPDIR=$T
}

# stderr_has REGEX: some line of $stderr matches the extended REGEX
stderr_has() {
	grep -qE -- "$1" <<<"$stderr" ||
		fail "no line of stderr matches /$1/; stderr was: $stderr"
}

# stream: the adapter's CDR stream (cdr.h) from stdin, one "cdr_id start"
# per line, into stream.csv; and state/, if there is none yet, as an empty
# folder: a fresh state (a state folder that does not exist is an error)
stream() {
	local id start n=1

	mkdir -p state
	echo 'cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin' >stream.csv
	while read -r id start; do
		n=$((n + 1))
		echo "$id,C1,$start,voice,0612345678,61,,,,cdrs.csv:$n:5" >>stream.csv
	done
}

# kept PERIOD: once of stream.csv against state/, into kept.csv
kept() {
	once -p "$1" -s state stream.csv </dev/null >kept.csv
}

# fps DIR: "NAME SIZE" of every fingerprint set in DIR
fps() {
	(cd "$1" && for f in cdrs.*.fp; do
		if [ -e "$f" ]; then echo "$f $(stat -L -c %s "$f")"; fi
	done) </dev/null
}

# input: an input folder in/ (VZ) with one customer, a contract already
# billed through mid 2027 (so each run bills only usage) and one tariff:
# 0.02 per minute, so a 60 s call costs 0.02
input() {
	mkdir -p in
	(cd in && terms VZ)
	cat >in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,iban,mandate_id,mandate_date
	C1,Alfa BV,Kerkstraat 1,1011 AA,Amsterdam,NL44RABO0123456789,M-C1,2026-01-01
	EOF
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,billed_through
	K1,C1,VoIP basis,10.00,2026-01-01,2027-06-30
	EOF
	cat >in/tariffs.csv <<-'EOF'
	prefix,destination,rate
	31,Nederland,0.02000
	EOF
}

# deliver: in/cdrs.csv from stdin, one "cdr_id start" per line, each a
# 60 s call of C1
deliver() {
	local id start

	echo 'cdr_id,customer_id,start,dst,billsec' >in/cdrs.csv
	while read -r id start; do
		echo "$id,C1,$start,0201234567,60" >>in/cdrs.csv
	done
}

# billrun PERIOD [OUT]: bill-run for PERIOD on in/ and state/, into OUT
# (default out-PERIOD)
billrun() {
	mkdir -p state
	bill-run -p "$1" -i in -o "${2:-out-$1}" -s state </dev/null
}

# --- the filter alone ------------------------------------------------------

@test "the same cdr_id twice in one delivery is kept once, in the order of first delivery" {
	stream <<-'EOF'
	c2 2026-11-03T10:00:00+01:00
	c1 2026-11-03T11:00:00+01:00
	c2 2026-11-03T10:00:00+01:00
	c3 2026-11-04T10:00:00+01:00
	c1 2026-11-03T11:00:00+01:00
	c2 2026-11-03T10:00:00+01:00
	EOF
	run -0 --separate-stderr once -p 2026-12 -s state stream.csv </dev/null
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin
	c2,C1,2026-11-03T10:00:00+01:00,voice,0612345678,61,,,,cdrs.csv:2:5
	c1,C1,2026-11-03T11:00:00+01:00,voice,0612345678,61,,,,cdrs.csv:3:5
	c3,C1,2026-11-04T10:00:00+01:00,voice,0612345678,61,,,,cdrs.csv:5:5
	EOF
}

@test "-f writes one fingerprint set per Amsterdam start month, named cdrs.MONTH.RUN.fp" {
	stream <<-'EOF'
	a 2026-10-15T10:00:00+02:00
	b 2026-10-31T22:59:59Z
	c 2026-10-31T23:00:00Z
	d 2026-11-03T10:00:00+01:00
	d 2026-11-03T10:00:00+01:00
	e 2026-09-30T22:30:00Z
	EOF
	mkdir new
	run -0 once -p 2026-12 -s state -f new stream.csv </dev/null
	assert_equal "${#lines[@]}" 6
	# 8 bytes of magic, then 16 per CDR: Oct a b e, Nov c d
	run -0 fps new
	assert_output - <<-'EOF'
	cdrs.2026-10.2026-12.fp 56
	cdrs.2026-11.2026-12.fp 40
	EOF
	run -0 head -c 8 new/cdrs.2026-10.2026-12.fp </dev/null
	assert_output 'BILLFP01'
}

@test "a delivery with no CDRs gives the header and no fingerprint set" {
	stream </dev/null
	mkdir new
	run -0 once -p 2026-12 -s state -f new stream.csv </dev/null
	assert_output 'cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin'
	run -0 fps new
	assert_output ''
}

@test "once leaves no temporary file behind, in NEWDIR nor in TMPDIR" {
	stream <<-'EOF'
	c1 2026-11-03T10:00:00+01:00
	c2 2026-10-03T10:00:00+02:00
	EOF
	mkdir new tmp
	run -0 env TMPDIR="$T/tmp" once -p 2026-12 -s state -f new stream.csv </dev/null
	run -0 ls -A new </dev/null
	assert_output - <<-'EOF'
	cdrs.2026-10.2026-12.fp
	cdrs.2026-11.2026-12.fp
	EOF
	run -0 env TMPDIR="$T/tmp" once -p 2026-12 -s state stream.csv </dev/null
	assert_equal "${#lines[@]}" 3
	run -0 ls -A tmp </dev/null
	assert_output ''
}

@test "once drops what an earlier run billed, but not on a rerun of that run" {
	input
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	EOF
	run -0 billrun 2026-12
	stream <<-'EOF'
	c1 2026-11-03T10:00:00+01:00
	c2 2026-11-04T10:00:00+01:00
	EOF
	run -0 kept 2027-01
	run -0 pick kept.csv cdr_id
	assert_output 'c2'
	run -0 kept 2026-12
	run -0 pick kept.csv cdr_id
	assert_output - <<-'EOF'
	c1
	c2
	EOF
}

@test "a bad start is named with file, line and column" {
	stream <<-'EOF'
	c1 2026-11-03T10:00:00+01:00
	c2 2026-11-31T10:00:00+01:00
	EOF
	run -1 --separate-stderr once -p 2026-12 -s state stream.csv </dev/null
	stderr_has "^once: stream\\.csv:3:3: bad start '2026-11-31T10:00:00\\+01:00'"
}

# --- two records with one cdr_id -------------------------------------------

@test "two different records with one cdr_id are an error naming both lines; the same record twice is not" {
	mkdir -p state
	cat >stream.csv <<-'EOF'
	cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin,at
	c2,C1,2026-11-03T09:00:00+01:00,voice,0612345678,30,,,,cdrs.csv:2:5,1:40:60
	c1,C1,2026-11-03T10:00:00+01:00,voice,0612345678,61,,,,cdrs.csv:3:5,1:101:60
	c2,C1,2026-11-03T09:00:00+01:00,voice,0612345678,30,,,,cdrs.csv:4:5,1:162:60
	c1,C1,2026-11-03T10:00:00+01:00,voice,0612345678,62,,,,cdr/x.csv:7:5,3:300:60
	EOF
	run -1 --separate-stderr once -p 2026-12 -s state stream.csv </dev/null
	assert_equal "$stderr" "once: cdrs.csv:3:1: cdr_id 'c1' is also that of another record, on cdr/x.csv:7:3: expected one record per cdr_id (the same record twice is one CDR)"
	refute_output --partial 'c1,'
	# without the second c1, the two c2 are one CDR
	sed -i '$d' stream.csv
	run -0 --separate-stderr kept 2026-12
	assert_equal "$stderr" ''
	run -0 pick kept.csv cdr_id billsec
	assert_output - <<-'EOF'
	c2|30
	c1|61
	EOF
}

@test "with -r both records of a cdr_id with two different records are set aside, each naming the other" {
	input
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	g1,C1,2026-11-03T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,60
	g2,C1,2026-11-05T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,61
	g1,C1,2026-11-03T10:00:00,0201234567,60
	EOF
	mkdir -p state
	cd in
	run -0 cdrs -c terms.conf -C customers.csv cdrs.csv </dev/null
	echo "$output" >../stream.csv
	run -0 --separate-stderr once -p 2026-12 -s ../state -r ../rejects.csv ../stream.csv </dev/null
	assert_equal "$stderr" ''
	cd ..
	echo "$output" >kept.csv
	run -0 pick kept.csv cdr_id
	assert_output - <<-'EOF'
	g1
	g2
	EOF
	run -0 pick rejects.csv file line column message record
	assert_output - <<-'EOF'
	cdrs.csv|3|1|cdr_id 'd1' is also that of another record, on cdrs.csv:5:1: expected one record per cdr_id (the same record twice is one CDR)|d1,C1,2026-11-04T10:00:00,0201234567,60
	cdrs.csv|5|1|cdr_id 'd1' is also that of another record, on cdrs.csv:3:1: expected one record per cdr_id (the same record twice is one CDR)|d1,C1,2026-11-04T10:00:00,0201234567,61
	EOF
}

# --- over runs of bill-run ---------------------------------------------------

@test "the same cdr_id twice in one delivery is billed once and listed once in usage.csv" {
	input
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	c2 2026-11-04T10:00:00
	c1 2026-11-03T10:00:00
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/usage.csv cdr_id amount
	assert_output - <<-'EOF'
	c1|0.02
	c2|0.02
	EOF
	run -0 pick out-2026-12/lines.csv kind quantity net
	assert_output 'usage|2|0.04'
}

@test "a CDR billed in December and delivered again in January is not billed again" {
	input
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/usage.csv cdr_id
	assert_output 'c1'
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	c2 2026-12-03T10:00:00
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv cdr_id
	assert_output 'c2'
	run -0 pick out-2027-01/lines.csv kind quantity net
	assert_output 'usage|1|0.02'
	# and in February nothing at all
	run -0 billrun 2027-02
	run -0 cat out-2027-02/usage.csv </dev/null
	assert_output 'cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule,covered_units'
	run -0 pick out-2027-02/lines.csv kind
	assert_output ''
}

@test "a CDR of November arriving late is billed by the January run" {
	input
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	EOF
	run -0 billrun 2026-12
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	c7 2026-11-29T08:00:00
	c8 2026-12-02T08:00:00
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv cdr_id start
	assert_output - <<-'EOF'
	c7|2026-11-29T08:00:00+01:00
	c8|2026-12-02T08:00:00+01:00
	EOF
	run -0 pick out-2027-01/lines.csv kind from to quantity net
	# a usage line holds the calls of one calendar month (rules.md §7)
	assert_output - <<-'EOF'
	usage|2026-11-01|2026-11-30|1|0.02
	usage|2026-12-01|2026-12-31|1|0.02
	EOF
}

@test "CDRs that start in the run month or later wait for the next run" {
	input
	deliver <<-'EOF'
	c1 2026-11-30T23:59:59
	c2 2026-11-30T23:30:00Z
	c3 2026-12-05T10:00:00
	c4 2027-01-02T10:00:00
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/usage.csv cdr_id
	assert_output 'c1'
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv cdr_id start
	assert_output - <<-'EOF'
	c2|2026-12-01T00:30:00+01:00
	c3|2026-12-05T10:00:00+01:00
	EOF
	run -0 billrun 2027-02
	run -0 pick out-2027-02/usage.csv cdr_id
	assert_output 'c4'
}

@test "a Master.csv read again next month, grown by new records, bills only the new ones" {
	input
	echo 'accountcode,customer_id' >in/accounts.csv
	echo 'acct-1,C1' >>in/accounts.csv
	mkdir in/cdr
	cat >in/cdr/Master.csv <<-'EOF'
	"acct-1","0301234567","0201234567","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000002","Dial","SIP/trunk/0201234567,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:01:05",65,60,"ANSWERED","DOCUMENTATION","1762765200.1",""
	"acct-1","0301234567","0201234567","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000003","Dial","SIP/trunk/0201234567,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:01:05",65,60,"ANSWERED","DOCUMENTATION","1762765200.1","leg2"
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/usage.csv cdr_id amount
	assert_equal "${#lines[@]}" 2
	assert_line --regexp '^1762765200\.1-[0-9a-f]{16}\|0\.02$'
	cat >>in/cdr/Master.csv <<-'EOF'
	"acct-1","0301234567","0201234567","from-internal","""Receptie"" <0301234567>","SIP/100-00000009","SIP/trunk-0000000a","Dial","SIP/trunk/0201234567,60","2026-12-10 09:00:00","2026-12-10 09:00:05","2026-12-10 09:01:05",65,60,"ANSWERED","DOCUMENTATION","1765357200.9",""
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv cdr_id amount
	assert_output --regexp '^1765357200\.9-[0-9a-f]{16}\|0\.02$'
}

@test "a rerun of a posted period reproduces usage.csv byte for byte" {
	input
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	c2 2026-10-04T10:00:00
	c1 2026-11-03T10:00:00
	c3 2026-12-04T10:00:00
	EOF
	run -0 billrun 2026-12
	run -0 billrun 2026-12 rerun-2026-12
	run -0 cmp out-2026-12/usage.csv rerun-2026-12/usage.csv </dev/null
	# in start order (formats.md): October's c2 first
	run -0 pick rerun-2026-12/usage.csv cdr_id
	assert_output - <<-'EOF'
	c2
	c1
	EOF
	# and the rerun did not make January forget them
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv cdr_id
	assert_output 'c3'
}

@test "the state holds one fingerprint set per start month and run, in current/" {
	input
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	c2 2026-10-04T10:00:00
	c3 2026-11-05T10:00:00
	c1 2026-11-03T10:00:00
	EOF
	run -0 billrun 2026-12
	run -0 fps state/current
	assert_output - <<-'EOF'
	cdrs.2026-10.2026-12.fp 24
	cdrs.2026-11.2026-12.fp 40
	EOF
	run -0 head -c 8 state/current/cdrs.2026-11.2026-12.fp </dev/null
	assert_output 'BILLFP01'

	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	c2 2026-10-04T10:00:00
	c3 2026-11-05T10:00:00
	c4 2026-11-20T10:00:00
	c5 2026-12-01T10:00:00
	c6 2026-12-02T10:00:00
	EOF
	run -0 billrun 2027-01
	run -0 fps state/current
	assert_output - <<-'EOF'
	cdrs.2026-10.2026-12.fp 24
	cdrs.2026-11.2026-12.fp 40
	cdrs.2026-11.2027-01.fp 24
	cdrs.2026-12.2027-01.fp 40
	EOF

	# a run that bills no CDR adds no set
	run -0 billrun 2027-02
	run -0 fps state/current
	assert_equal "${#lines[@]}" 4
	refute_output --partial '.2027-02.fp'
}

@test "a rerun replaces its own sets instead of adding to them" {
	input
	deliver <<-'EOF'
	c1 2026-11-03T10:00:00
	c2 2026-11-04T10:00:00
	EOF
	run -0 billrun 2026-12
	local before
	before=$(fps state/current)
	run -0 billrun 2026-12 rerun-2026-12
	run -0 fps state/current
	assert_output "$before"
	assert_output 'cdrs.2026-11.2026-12.fp 40'
}

@test "two different records with one cdr_id in one cdrs.csv fail the run, naming both lines, and write nothing" {
	input
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	g1,C1,2026-11-03T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,61
	EOF
	run -1 --separate-stderr billrun 2026-12
	assert_output ''
	assert_equal "$stderr" "once: cdrs.csv:3:1: cdr_id 'd1' is also that of another record, on cdrs.csv:4:1: expected one record per cdr_id (the same record twice is one CDR)"
	[ ! -e out-2026-12 ]
	run -0 ls -A state </dev/null
	assert_output 'lock'
}

@test "two different records with one cdr_id in cdrs.csv and cdr/x.csv fail the run, naming both files" {
	input
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	g1,C1,2026-11-03T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,60
	EOF
	mkdir in/cdr
	cat >in/cdr/x.csv <<-'EOF'
	start,dst,customer_id,cdr_id,billsec
	2026-11-05T10:00:00,0201234567,C1,g2,60
	2026-11-04T10:00:00,0201234567,C1,d1,90
	EOF
	run -1 --separate-stderr billrun 2026-12
	assert_output ''
	assert_equal "$stderr" "once: cdrs.csv:3:1: cdr_id 'd1' is also that of another record, on cdr/x.csv:3:4: expected one record per cdr_id (the same record twice is one CDR)"
	[ ! -e out-2026-12 ]
}

@test "the same record in cdrs.csv and in cdr/x.csv, its columns in another order, is billed once" {
	input
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	d1,C1,2026-11-04T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,60
	EOF
	mkdir in/cdr
	cat >in/cdr/x.csv <<-'EOF'
	start,dst,customer_id,cdr_id,billsec
	2026-11-04 10:00:00,0201234567,C1,d1,60
	2026-11-05T10:00:00,0201234567,C1,g2,60
	EOF
	run -0 --separate-stderr billrun 2026-12
	assert_equal "$stderr" ''
	run -0 pick out-2026-12/usage.csv cdr_id amount
	assert_output - <<-'EOF'
	d1|0.02
	g2|0.02
	EOF
	run -0 pick out-2026-12/lines.csv kind quantity net
	assert_output 'usage|2|0.04'
}

@test "with --keep-going both records of a duplicated cdr_id are set aside, not billed, and billed once corrected" {
	input
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	g1,C1,2026-11-03T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,60
	d1,C1,2026-11-04T10:00:00,0201234567,61
	g2,C1,2026-11-05T10:00:00,0201234567,60
	EOF
	mkdir -p state
	run -0 --separate-stderr bill-run -p 2026-12 -i in -o out-2026-12 -s state --keep-going </dev/null
	assert_equal "$stderr" ''
	run -0 pick out-2026-12/rejects.csv file line column message record
	assert_output - <<-'EOF'
	cdrs.csv|3|1|cdr_id 'd1' is also that of another record, on cdrs.csv:4:1: expected one record per cdr_id (the same record twice is one CDR)|d1,C1,2026-11-04T10:00:00,0201234567,60
	cdrs.csv|4|1|cdr_id 'd1' is also that of another record, on cdrs.csv:3:1: expected one record per cdr_id (the same record twice is one CDR)|d1,C1,2026-11-04T10:00:00,0201234567,61
	EOF
	run -0 grep -x 'rejected *2 bad CDR rows set aside in rejects\.csv (not billed)' out-2026-12/report.txt </dev/null
	run -0 pick out-2026-12/usage.csv cdr_id
	assert_output - <<-'EOF'
	g1
	g2
	EOF
	run -0 fps state/current
	assert_output 'cdrs.2026-11.2026-12.fp 40'
	# January: the delivery corrected, d1 once
	sed -i '3d' in/cdrs.csv
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv cdr_id billsec amount
	assert_output 'd1|61|0.04'
}

@test "a CDR set aside by --keep-going is not marked billed: its corrected delivery is billed by the next run" {
	input
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	g1,C1,2026-11-03T10:00:00,0201234567,60
	b1,C1,2026-11-04T10:00:00,0201234567,-3
	b2,C9,2026-11-05T10:00:00,0201234567,60
	n1,C1,2026-11-06T10:00:00,0044207123456,60
	g2,C1,2026-11-07T10:00:00,0201234567,60
	EOF
	mkdir -p state
	run -0 --separate-stderr bill-run -p 2026-12 -i in -o out-2026-12 -s state --keep-going </dev/null
	assert_equal "$stderr" ''
	run -0 pick out-2026-12/rejects.csv file line column
	assert_output - <<-'EOF'
	cdrs.csv|3|5
	cdrs.csv|4|2
	cdrs.csv|5|4
	EOF
	run -0 pick out-2026-12/usage.csv cdr_id
	assert_output - <<-'EOF'
	g1
	g2
	EOF
	# the sets hold g1 and g2 only: 8 bytes of magic and 16 a CDR
	run -0 fps state/current
	assert_output 'cdrs.2026-11.2026-12.fp 40'
	# January: b1 and b2 corrected, a tariff for n1's destination
	sed -i -e 's/^b1,\(.*\),-3$/b1,\1,60/' -e 's/^b2,C9,/b2,C1,/' in/cdrs.csv
	echo '44,Verenigd Koninkrijk,0.12340' >>in/tariffs.csv
	run -0 --separate-stderr bill-run -p 2027-01 -i in -o out-2027-01 -s state --keep-going </dev/null
	assert_equal "$stderr" ''
	run -0 pick out-2027-01/usage.csv cdr_id amount
	assert_output - <<-'EOF'
	b1|0.02
	b2|0.02
	n1|0.1234
	EOF
	run -0 pick out-2027-01/rejects.csv file
	assert_output ''
	run -0 fps state/current
	assert_output - <<-'EOF'
	cdrs.2026-11.2026-12.fp 40
	cdrs.2026-11.2027-01.fp 56
	EOF
}

# --- the program itself ------------------------------------------------------

@test "once --help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr once --help </dev/null
	assert_output --regexp '^usage: once -p YYYY-MM -s STATEDIR'
	assert_equal "$stderr" ''
}

@test "once with a bad option prints the usage on stderr and exits 2" {
	stream </dev/null
	run -2 --separate-stderr once -x -p 2026-12 -s state stream.csv </dev/null
	assert_output ''
	stderr_has '^usage: once '
}

@test "once without a state folder is a usage error" {
	stream </dev/null
	run -2 --separate-stderr once -p 2026-12 stream.csv </dev/null
	assert_output ''
	stderr_has '^usage: once '
}

@test "once with a state folder that does not exist is an error, not a fresh state" {
	stream <<-'EOF'
	c1 2026-11-03T10:00:00+01:00
	EOF
	mkdir new
	run -1 --separate-stderr once -p 2026-12 -s no-such-state -f new stream.csv </dev/null
	assert_output ''
	stderr_has '^once: no-such-state: no such state folder'
	assert [ ! -e no-such-state ]
	run -0 ls -A new </dev/null
	assert_output ''
}

@test "once into a full stdout is a write error and exits 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	stream <<-'EOF'
	c1 2026-11-03T10:00:00+01:00
	EOF
	run -1 --separate-stderr bash -c 'once -p 2026-12 -s state stream.csv </dev/null >/dev/full'
	assert_output ''
	stderr_has '^once: .*write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	stream <<-'EOF'
	c2 2026-11-03T10:00:00+01:00
	c1 2026-10-31T23:30:00Z
	c2 2026-11-03T10:00:00+01:00
	EOF
	mkdir c nl
	once -p 2026-12 -s state -f c stream.csv </dev/null >c.csv
	run -0 env LC_ALL=nl_NL.UTF-8 once -p 2026-12 -s state -f nl stream.csv </dev/null
	assert_output "$(cat c.csv)"
	assert_equal "${#lines[@]}" 3
	run -0 fps nl
	assert_output 'cdrs.2026-11.2026-12.fp 40'
	run -0 cmp c/cdrs.2026-11.2026-12.fp nl/cdrs.2026-11.2026-12.fp </dev/null
}

@test "a CDR delivered again with its start moved across the month boundary is billed once" {
	mkdir -p in
	terms VZ
	cp terms.conf in/
	printf 'customer_id,name,street,postcode,city,payment_method\nC1,K,S 1,1234 AB,U,transfer\n' >in/customers.csv
	printf 'contract_id,customer_id,description,monthly_fee,start_date\nK1,C1,A,10.00,2026-11-01\n' >in/contracts.csv
	printf 'prefix,destination,rate\n31,NL,0.02\n' >in/tariffs.csv
	# 30 November 23:30 in Amsterdam ...
	printf 'cdr_id,customer_id,start,dst,billsec\nx1,C1,2026-11-30T23:30:00+01:00,0201234567,60\n' >in/cdrs.csv
	mkdir -p st
	run -0 bill-run -p 2026-12 -i in -o o12 -s st </dev/null
	# ... exported again as if it were UTC: 1 December in Amsterdam
	printf 'cdr_id,customer_id,start,dst,billsec\nx1,C1,2026-11-30T23:30:00Z,0201234567,60\nx2,C1,2026-12-02T10:00:00,0201234567,60\n' >in/cdrs.csv
	run -0 bill-run -p 2027-01 -i in -o o01 -s st </dev/null
	run -0 col o12/usage.csv cdr_id
	assert_output x1
	run -0 col o01/usage.csv cdr_id
	assert_output x2
}
