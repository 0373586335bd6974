#!/usr/bin/env bats
# bundle: the minutes, messages and megabytes a contract's bundles include
# (rules.md §7 "Bundles"; formats.md bundles.csv and usage.csv; issue 12).
# Each calendar month has its own allowance: units × the contract's
# quantity for a whole month, floor(units × quantity × min(days, 30) / 30)
# for a part month, the days being those on which both the contract's
# service and the bundle run; only a call on such a day uses it.  A
# customer's calls of a month use it in start order (the instant), then by
# cdr_id; a call's units come from the bundles whose scope holds its
# destination, in bundle_id order; setup fees are never covered.  usage.csv
# shows covered_units, amount = (billed_units − covered_units) × rate +
# setup; each bundle has a line per month with use (ref the bundle_id,
# quantity the units used, net 0.00, "(tegoed N unit)", and ", eerder
# gebruikt N unit" when an earlier run used some); the state's
# allowances.csv keeps what each run used, so a late call of a billed month
# gets only what is left and a rerun of a period gives the same split.
# Bad rows of bundles.csv are named with file, line and column and change
# nothing.  The filter's external sort (-m MB, -T DIR) spills to disk and
# gives the same result.  Checked over runs of bin/bill-run on one state,
# and on the filter alone where that is clearer.
#
# Every expected number is worked out from rules.md in the comment above
# its assertion.  Tariffs (tariffs_csv): voice 31 Nederland vast 0.02/min,
# 316 Nederland mobiel 0.035, 33 Frankrijk 0.05, 44 Verenigd Koninkrijk
# 0.1234; sms 31 0.10/message; data 31 and 32 0.01/MB, 90 2.50/MB.
# Voice is billed per started minute (call_increment 60), data per started
# MB of 1000 kB.

load helpers

USAGE_HEADER='cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule,covered_units'
ALLOW_HEADER='bundle_id,month,allowance,used,period'

# stderr_has REGEX: some line of $stderr matches the extended REGEX
stderr_has() {
	grep -qE -- "$1" <<<"$stderr" ||
		fail "no line of stderr matches /$1/; stderr was: $stderr"
}

# input [PROFILE]: an input folder in/ (VW by default) with customers C1
# and C2 and the tariffs above; contracts, bundles and CDRs come from the
# test (contracts, bundles, deliver)
input() {
	mkdir -p in
	(cd in && terms "${1:-VW}")
	cat >in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,iban,mandate_id,mandate_date
	C1,Alfa BV,Kerkstraat 1,1011 AA,Amsterdam,NL44RABO0123456789,M-C1,2026-01-01
	C2,Beta BV,Dorpsweg 2,3511 AA,Utrecht,NL70TRIO0123456789,M-C2,2026-01-01
	EOF
	cat >in/tariffs.csv <<-'EOF'
	prefix,service,destination,rate,setup
	31,voice,Nederland vast,0.02000,
	316,voice,Nederland mobiel,0.03500,
	33,voice,Frankrijk,0.05000,
	44,voice,Verenigd Koninkrijk,0.12340,
	31,sms,Nederland,0.10000,
	31,data,Data Nederland,0.01000,
	32,data,Data Belgie,0.01000,
	90,data,Data Turkije,2.50000,
	EOF
}

# contracts: in/contracts.csv, its rows from stdin after the header
# contract_id,customer_id,description,monthly_fee,quantity,start_date,
# end_date,billed_through
contracts() {
	echo 'contract_id,customer_id,description,monthly_fee,quantity,start_date,end_date,billed_through' >in/contracts.csv
	cat >>in/contracts.csv
}

# bundles: in/bundles.csv, its rows from stdin after the header
# (columns 1 bundle_id 2 contract_id 3 service 4 units 5 prefixes
# 6 description 7 valid_from 8 valid_until)
bundles() {
	echo 'bundle_id,contract_id,service,units,prefixes,description,valid_from,valid_until' >in/bundles.csv
	cat >>in/bundles.csv
}

# deliver: in/cdrs.csv, its rows from stdin after the header
# cdr_id,customer_id,start,service,dst,billsec,units (starts without an
# offset are Amsterdam time)
deliver() {
	echo 'cdr_id,customer_id,start,service,dst,billsec,units' >in/cdrs.csv
	cat >>in/cdrs.csv
}

# billrun PERIOD [OUT]: bill-run for PERIOD on in/ and state/ (an empty
# folder, a fresh state, when there is none yet), into OUT (default
# out-PERIOD)
billrun() {
	mkdir -p state
	bill-run -p "$1" -i in -o "${2:-out-$1}" -s state </dev/null
}

# covered OUT: "cdr_id|billed_units|covered_units|amount" of OUT/usage.csv
covered() {
	pick "$1/usage.csv" cdr_id billed_units covered_units amount
}

# bundle_lines OUT: "ref|from|quantity|unit|unit_price|net|description" of
# the bundle lines of OUT/lines.csv (those whose ref is a bundle_id of
# in/bundles.csv)
bundle_lines() {
	local ids

	ids=$(pick in/bundles.csv bundle_id | tr '\n' ' ')
	pick "$1/lines.csv" kind ref from quantity unit unit_price net description |
		awk -F'|' -v ids=" $ids" '$1 == "usage" && index(ids, " " $2 " ") {
			print $2 "|" $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 }'
}

# --- the allowance of a month ------------------------------------------------

@test "a contract that starts mid-month has floor(units × days/30) that month and the whole allowance the next" {
	input
	# K1 from 15 October: October 15–31 is 17 days; K2 from 2 October:
	# 2–31 is 30 days of a 31-day month, min(30, 30)/30: the whole 100
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-10-15,,
	K2,C2,Mobiel,10.00,,2026-10-02,,
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,100,31,100 belminuten,,
	BV2,K2,voice,100,31,100 belminuten,,
	EOF
	deliver <<-'EOF'
	o1,C1,2026-10-20T10:00:00,voice,0201234567,3600,
	n1,C1,2026-11-03T10:00:00,voice,0201234567,3600,
	o2,C2,2026-10-05T10:00:00,voice,0201234567,6060,
	EOF
	run -0 billrun 2026-12
	# o1: 3600 s = 60 min; October's allowance floor(100 × 17/30) =
	#     floor(56.67) = 56 covered, 60 − 56 = 4 × 0.02 = 0.08
	# n1: 60 min of November, a whole month: 100, all 60 covered, 0.00
	# o2: 6060 s = 101 min; K2's October is 30 days: 100 covered,
	#     1 × 0.02 = 0.02
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	o1|60|56|0.08
	n1|60|60|0.00
	o2|101|100|0.02
	EOF
	# a line per bundle and month with use, quantity the units used
	run -0 bundle_lines out-2026-12
	assert_output - <<-'EOF'
	BV1|2026-10-01|56|min|0.00|0.00|100 belminuten (tegoed 56 min)
	BV1|2026-11-01|60|min|0.00|0.00|100 belminuten (tegoed 100 min)
	BV2|2026-10-01|100|min|0.00|0.00|100 belminuten (tegoed 100 min)
	EOF
}

@test "a contract that ends mid-month has floor(units × days/30) that month, and a call after its end pays in full" {
	input
	# K1 ends on 10 November: November 1–10 is 10 days
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,2026-11-10,2026-11-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,100,,Bellen 100 min,,
	EOF
	deliver <<-'EOF'
	n1,C1,2026-11-05T10:00:00,voice,0201234567,1200,
	n2,C1,2026-11-10T23:00:00,voice,0612345678,1200,
	n3,C1,2026-11-11T09:00:00,voice,0201234567,60,
	EOF
	run -0 billrun 2026-12
	# allowance floor(100 × 10/30) = floor(33.33) = 33
	# n1: 1200 s = 20 min, all covered (13 left)
	# n2: 20 min on the last day of service: 13 covered,
	#     7 × 0.035 = 0.245
	# n3: 1 min the day after the end: the bundle does not run, 0.02
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	n1|20|20|0.00
	n2|20|13|0.245
	n3|1|0|0.02
	EOF
	run -0 bundle_lines out-2026-12
	assert_output 'BV1|2026-11-01|33|min|0.00|0.00|Bellen 100 min (tegoed 33 min)'
}

@test "quantity 3 multiplies the allowance: units × 3 for a whole month, floor(units × 3 × days/30) for a part" {
	input
	contracts <<-'EOF'
	K1,C1,3 SIMs,10.00,3,2026-01-01,,2026-11-30
	K2,C2,3 SIMs,10.00,3,2026-10-15,,
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,100,,Bellen 100 min,,
	BV2,K2,voice,100,,Bellen 100 min,,
	EOF
	deliver <<-'EOF'
	a,C1,2026-11-03T10:00:00,voice,0201234567,18060,
	b,C2,2026-10-20T10:00:00,voice,0201234567,10800,
	EOF
	run -0 billrun 2026-12
	# a: 18060 s = 301 min; November whole: 100 × 3 = 300 covered,
	#    1 × 0.02 = 0.02
	# b: 10800 s = 180 min; October 15–31 = 17 days:
	#    floor(100 × 3 × 17/30) = floor(170) = 170 (not 3 × floor(56.67)
	#    = 168) covered, 10 × 0.02 = 0.20
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	a|301|300|0.02
	b|180|170|0.20
	EOF
	run -0 bundle_lines out-2026-12
	assert_output - <<-'EOF'
	BV1|2026-11-01|300|min|0.00|0.00|Bellen 100 min (tegoed 300 min)
	BV2|2026-10-01|170|min|0.00|0.00|Bellen 100 min (tegoed 170 min)
	EOF
}

@test "a bundle that ends mid-month (valid_until) or starts mid-month (valid_from) is prorated, and a call outside its days pays" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	K2,C2,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,30,,Bellen 30 min,,2026-11-20
	BV2,K2,voice,30,,Bellen 30 min,2026-11-16,
	EOF
	deliver <<-'EOF'
	a1,C1,2026-11-05T10:00:00,voice,0201234567,600,
	a2,C1,2026-11-20T23:30:00,voice,0201234567,300,
	a3,C1,2026-11-20T23:40:00Z,voice,0201234567,120,
	a4,C1,2026-11-22T10:00:00,voice,0201234567,60,
	b1,C2,2026-11-15T23:59:00,voice,0201234567,60,
	b2,C2,2026-11-16T00:00:00,voice,0201234567,600,
	EOF
	run -0 billrun 2026-12
	# BV1 runs 1–20 November: floor(30 × 20/30) = 20 min
	# a1: 10 min covered (10 left); a2: 23:30 on the 20th, 5 min covered
	# (5 left); a3: 23:40 UTC is 00:40 on the 21st in Amsterdam, after
	# the bundle: 2 × 0.02 = 0.04, though 5 are left; a4: 0.02
	# BV2 runs 16–30 November: floor(30 × 15/30) = 15 min
	# b1: the 15th, before it: 1 × 0.02 = 0.02; b2: 10 min covered
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	a1|10|10|0.00
	a2|5|5|0.00
	a3|2|0|0.04
	a4|1|0|0.02
	b1|1|0|0.02
	b2|10|10|0.00
	EOF
	run -0 bundle_lines out-2026-12
	assert_output - <<-'EOF'
	BV1|2026-11-01|15|min|0.00|0.00|Bellen 30 min (tegoed 20 min)
	BV2|2026-11-01|10|min|0.00|0.00|Bellen 30 min (tegoed 15 min)
	EOF
}

# --- which calls use it, and in what order -----------------------------------

@test "a call that straddles the end of the allowance: the covered part costs nothing, the rest the rate" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,10,316,Mobiel 10 min,,
	EOF
	deliver <<-'EOF'
	a,C1,2026-11-03T10:00:00,voice,0612345678,360,
	b,C1,2026-11-04T10:00:00,voice,0612345678,241,
	c,C1,2026-11-05T10:00:00,voice,0612345678,60,
	EOF
	run -0 billrun 2026-12
	# allowance 10 (whole month); a: 360 s = 6 min covered (4 left)
	# b: 241 s = 5 min: 4 covered, 1 × 0.035 = 0.035
	# c: 1 min, nothing left: 0.035
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	a|6|6|0.00
	b|5|4|0.035
	c|1|0|0.035
	EOF
	# the uncovered minutes are an ordinary usage line: 2 × 0.035 = 0.07
	run -0 pick out-2026-12/lines.csv kind ref quantity unit_price net
	assert_line 'usage|Nederland mobiel|2|0.035|0.07'
	assert_line 'usage|BV1|10|0.00|0.00'
}

@test "two bundles with different scopes: each call uses the one whose prefixes hold its destination" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BNL,K1,voice,10,31,Bellen Nederland,,
	BUK,K1,voice,5,44,Bellen VK,,
	EOF
	deliver <<-'EOF'
	a,C1,2026-11-03T10:00:00,voice,0201234567,300,
	b,C1,2026-11-04T10:00:00,voice,0044207123456,240,
	c,C1,2026-11-05T10:00:00,voice,+44207123456,180,
	d,C1,2026-11-06T10:00:00,voice,0612345678,360,
	EOF
	run -0 billrun 2026-12
	# a: 5 min to 31 from BNL (5 left); b: 4 min to 44 from BUK (1 left)
	# c: 3 min to 44: 1 from BUK, 2 × 0.1234 = 0.2468 (BNL's 5 are not
	#    for 44)
	# d: 6 min to 316 (in 31): 5 from BNL, 1 × 0.035 = 0.035
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	a|5|5|0.00
	b|4|4|0.00
	c|3|1|0.2468
	d|6|5|0.035
	EOF
	run -0 bundle_lines out-2026-12
	assert_output - <<-'EOF'
	BNL|2026-11-01|10|min|0.00|0.00|Bellen Nederland (tegoed 10 min)
	BUK|2026-11-01|5|min|0.00|0.00|Bellen VK (tegoed 5 min)
	EOF
}

@test "two bundles with the same scope pay in bundle_id order, the first until it is used up, whatever the file's order" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	K2,C1,Extra,5.00,,2026-01-01,,2026-11-30
	EOF
	# BB first in the file, on another contract of the same customer
	bundles <<-'EOF'
	BB,K2,voice,10,31,Bundel B,,
	BA,K1,voice,3,31,Bundel A,,
	EOF
	deliver <<-'EOF'
	a,C1,2026-11-03T10:00:00,voice,0201234567,240,
	b,C1,2026-11-04T10:00:00,voice,0201234567,240,
	EOF
	run -0 billrun 2026-12
	# a: 4 min, BA's 3 then 1 from BB (9 left); b: 4 min from BB (5 left)
	# (in the file's order BB would give all 8 and BA nothing)
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	a|4|4|0.00
	b|4|4|0.00
	EOF
	run -0 bundle_lines out-2026-12
	assert_output - <<-'EOF'
	BA|2026-11-01|3|min|0.00|0.00|Bundel A (tegoed 3 min)
	BB|2026-11-01|5|min|0.00|0.00|Bundel B (tegoed 10 min)
	EOF
	run -0 pick state/current/allowances.csv bundle_id month allowance used period
	assert_output - <<-'EOF'
	BA|2026-11|3|3|2026-12
	BB|2026-11|10|5|2026-12
	EOF
}

@test "a destination outside every scope pays in full, and one customer's bundle never covers another's calls" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	K2,C2,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,100,31 44,Bellen NL en VK,,
	BD1,K1,data,1000,31 32,Databundel 1 GB,,
	EOF
	deliver <<-'EOF'
	f1,C1,2026-11-03T10:00:00,voice,0033123456789,120,
	t1,C1,2026-11-04T10:00:00,data,+90,,1500
	u1,C1,2026-11-05T10:00:00,voice,0201234567,0,
	x1,C2,2026-11-03T10:00:00,voice,0201234567,60,
	EOF
	run -0 billrun 2026-12
	# f1: 2 min to France (33, not in "31 44"): 2 × 0.05 = 0.10
	# t1: 1500 kB = 2 started MB in Turkey (90, not in "31 32"):
	#     2 × 2.50 = 5.00
	# u1: unanswered, nothing to cover; x1: C2 has no bundle: 0.02
	run -0 pick out-2026-12/usage.csv cdr_id covered_units amount
	assert_output - <<-'EOF'
	f1|0|0.10
	t1|0|5.00
	u1|0|0.00
	x1|0|0.02
	EOF
	run -0 head -n 1 out-2026-12/usage.csv
	assert_output "$USAGE_HEADER"
	# no use, no bundle line
	run -0 bundle_lines out-2026-12
	assert_output ''
	run -0 pick state/current/allowances.csv bundle_id
	assert_output ''
}

@test "CDRs delivered in the opposite order give the same split: by start instant (also across the clock going back), then cdr_id" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	K2,C2,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,10,31,Bellen 10 min,,
	EOF
	# 25 October 2026 the clock goes back at 03:00: x1's 02:30 (+02:00,
	# 00:30 UTC) comes before x2's 02:15 (+01:00, 01:15 UTC), though its
	# local time reads later; x3 and x4 start at the same instant
	deliver <<-'EOF'
	x1,C1,2026-10-25T02:30:00+02:00,voice,0201234567,300,
	x2,C1,2026-10-25T02:15:00+01:00,voice,0201234567,480,
	y1,C2,2026-10-25T01:00:00Z,voice,0201234567,60,
	x4,C1,2026-11-03T10:00:00,voice,0201234567,480,
	x3,C1,2026-11-03T10:00:00,voice,0201234567,300,
	y2,C2,2026-11-01T10:00:00,voice,0201234567,60,
	EOF
	run -0 billrun 2026-12 fwd
	{ head -n 1 in/cdrs.csv; tail -n +2 in/cdrs.csv | tac; } >rev.csv
	mv rev.csv in/cdrs.csv
	run -0 sed -n 2p in/cdrs.csv
	assert_output 'y2,C2,2026-11-01T10:00:00,voice,0201234567,60,'
	rm -rf state
	run -0 billrun 2026-12 rev
	# October, allowance 10: x1 5 min covered (5 left); x2 8 min: 5
	# covered, 3 × 0.02 = 0.06
	# November, allowance 10: x3 (the lower cdr_id) 5 min covered;
	# x4 8 min: 5 covered, 3 × 0.02 = 0.06.  C2 has no bundle.
	run -0 covered rev
	assert_output - <<-'EOF'
	x1|5|5|0.00
	x2|8|5|0.06
	x3|5|5|0.00
	x4|8|5|0.06
	y1|1|0|0.02
	y2|1|0|0.02
	EOF
	run -0 cmp fwd/usage.csv rev/usage.csv
	run -0 cmp fwd/lines.csv rev/lines.csv
}

# --- later runs: what a billed month has left --------------------------------

@test "a late CDR uses what its month left, with 'eerder gebruikt'; one finding nothing left pays in full; later months get their own" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2027-06-30
	EOF
	bundles <<-'EOF'
	BD1,K1,data,1000,31 32,Databundel 1 GB,,
	BV1,K1,voice,10,31,Bellen 10 min,,
	EOF
	deliver <<-'EOF'
	d1,C1,2026-10-10T10:00:00,data,+31,,400000
	v1,C1,2026-10-11T10:00:00,voice,0201234567,600,
	EOF
	run -0 billrun 2026-11
	# d1 400 MB of October's 1000 (600 left); v1 10 min, all of BV1's
	run -0 covered out-2026-11
	assert_output - <<-'EOF'
	d1|400|400|0.00
	v1|10|10|0.00
	EOF

	cat >>in/cdrs.csv <<-'EOF'
	d2,C1,2026-10-20T10:00:00,data,+32,,500500
	d3,C1,2026-10-28T10:00:00,data,+31,,150000
	v2,C1,2026-10-29T10:00:00,voice,0201234567,120,
	v3,C1,2026-11-02T10:00:00,voice,0201234567,120,
	EOF
	run -0 billrun 2026-12
	# October has left 1000 − 400 = 600 MB and 10 − 10 = 0 min:
	# d2 500500 kB = 501 MB covered (99 left); d3 150 MB: 99 covered,
	# 51 × 0.01 = 0.51; v2 2 min, nothing left: 2 × 0.02 = 0.04
	# v3: November's own 10 min: 2 covered
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	d2|501|501|0.00
	d3|150|99|0.51
	v2|2|0|0.04
	v3|2|2|0.00
	EOF
	# BD1's October line: 501 + 99 = 600 used now, 400 earlier; no line
	# for BV1's October (nothing used now)
	run -0 bundle_lines out-2026-12
	assert_output - <<-'EOF'
	BD1|2026-10-01|600|MB|0.00|0.00|Databundel 1 GB (tegoed 1000 MB, eerder gebruikt 400 MB)
	BV1|2026-11-01|2|min|0.00|0.00|Bellen 10 min (tegoed 10 min)
	EOF

	cat >>in/cdrs.csv <<-'EOF'
	d4,C1,2026-10-30T10:00:00,data,+31,,500
	EOF
	run -0 billrun 2027-01
	# October's data: 1000 − 400 − 600 = 0 left: 1 MB × 0.01 = 0.01
	run -0 covered out-2027-01
	assert_output 'd4|1|0|0.01'
	run -0 bundle_lines out-2027-01
	assert_output ''
	run -0 pick state/current/allowances.csv bundle_id month allowance used period
	assert_output - <<-'EOF'
	BD1|2026-10|1000|400|2026-11
	BV1|2026-10|10|10|2026-11
	BD1|2026-10|1000|600|2026-12
	BV1|2026-11|10|2|2026-12
	EOF
}

@test "a billed month keeps the allowance its first run stored, even when bundles.csv changed since" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2027-06-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,3,31,Bellen,,
	EOF
	deliver <<-'EOF'
	a,C1,2026-10-03T10:00:00,voice,0201234567,300,
	EOF
	run -0 billrun 2026-11
	# a: 5 min, October's 3 covered, 2 × 0.02 = 0.04
	run -0 covered out-2026-11
	assert_output 'a|5|3|0.04'
	sed -i 's/,voice,3,/,voice,100,/' in/bundles.csv
	cat >>in/cdrs.csv <<-'EOF'
	b,C1,2026-10-04T10:00:00,voice,0201234567,120,
	c,C1,2026-11-04T10:00:00,voice,0201234567,120,
	EOF
	run -0 billrun 2026-12
	# b: October's stored allowance 3, all used: 2 × 0.02 = 0.04 (not a
	# new 100); c: November is new, 100 now: 2 covered
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	b|2|0|0.04
	c|2|2|0.00
	EOF
	run -0 bundle_lines out-2026-12
	assert_output 'BV1|2026-11-01|2|min|0.00|0.00|Bellen (tegoed 100 min)'
}

@test "a rerun of a period gives identical outputs: it ignores the allowance rows of that period and changes nothing in the state" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2027-06-30
	EOF
	bundles <<-'EOF'
	BD1,K1,data,1000,31 32,Databundel 1 GB,,
	EOF
	deliver <<-'EOF'
	d1,C1,2026-10-10T10:00:00,data,+31,,400000
	d2,C1,2026-10-12T10:00:00,data,+32,,700000
	EOF
	run -0 billrun 2026-11
	# d1 400 MB covered; d2 700 MB: 600 covered, 100 × 0.01 = 1.00
	run -0 covered out-2026-11
	assert_output - <<-'EOF'
	d1|400|400|0.00
	d2|700|600|1.00
	EOF
	before=$(snapshot state)
	cp state/current/allowances.csv allowances.before
	# had the rerun counted its own 1000 used, d1 and d2 would pay in full
	run -0 billrun 2026-11 rerun-2026-11
	run -0 diff -r out-2026-11 rerun-2026-11
	assert_output ''
	run -0 cmp allowances.before state/current/allowances.csv
	assert_equal "$(snapshot state)" "$before"

	# and the same for a period with a late call of a billed month
	cat >>in/cdrs.csv <<-'EOF'
	d3,C1,2026-10-20T10:00:00,data,+31,,5000
	EOF
	run -0 billrun 2026-12
	# October is used up: d3 5 MB × 0.01 = 0.05
	run -0 covered out-2026-12
	assert_output 'd3|5|0|0.05'
	before=$(snapshot state)
	run -0 billrun 2026-12 rerun-2026-12
	run -0 diff -r out-2026-12 rerun-2026-12
	assert_output ''
	assert_equal "$(snapshot state)" "$before"
}

# --- services, setup fees, the report ----------------------------------------

@test "an SMS bundle covers messages and a voice bundle minutes, each only its own service (VZ: rule VZ 7.3)" {
	input VZ
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BS1,K1,sms,50,,50 sms,,
	BV1,K1,voice,10,,Bellen 10 min,,
	EOF
	deliver <<-'EOF'
	s1,C1,2026-11-03T10:00:00,sms,0612345678,,30
	v1,C1,2026-11-03T11:00:00,voice,0612345678,660,
	s2,C1,2026-11-04T10:00:00,sms,0612345678,,25
	EOF
	run -0 billrun 2026-12
	# s1: 30 messages from BS1 (20 left); v1: 660 s = 11 min: 10 from
	# BV1 (not from BS1's messages), 1 × 0.035 = 0.035; s2: 25
	# messages: 20 covered, 5 × 0.10 = 0.50
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	s1|30|30|0.00
	v1|11|10|0.035
	s2|25|20|0.50
	EOF
	run -0 pick out-2026-12/lines.csv ref quantity net rule description
	assert_line 'BS1|50|0.00|VZ 7.3|50 sms (tegoed 50 sms)'
	assert_line 'BV1|10|0.00|VZ 7.3|Bellen 10 min (tegoed 10 min)'
}

@test "setup fees are never covered: a covered call still pays its setup fee" {
	input
	cat >in/tariffs.csv <<-'EOF'
	prefix,service,destination,rate,setup
	31,voice,Nederland vast,0.02000,0.08000
	EOF
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,10,,Bellen 10 min,,
	EOF
	deliver <<-'EOF'
	a,C1,2026-11-03T10:00:00,voice,0201234567,300,
	b,C1,2026-11-04T10:00:00,voice,0201234567,420,
	EOF
	run -0 billrun 2026-12
	# a: 5 min covered: amount = the setup fee 0.08
	# b: 7 min: 5 covered, 2 × 0.02 + 0.08 = 0.12
	run -0 covered out-2026-12
	assert_output - <<-'EOF'
	a|5|5|0.08
	b|7|5|0.12
	EOF
	# lines: the 2 uncovered minutes 2 × 0.02 = 0.04, and the setup fees
	# of both answered calls 2 × 0.08 = 0.16
	run -0 pick out-2026-12/lines.csv kind quantity unit_price net
	assert_line 'usage|2|0.02|0.04'
	assert_line 'usage|2|0.08|0.16'
	assert_line 'usage|10|0.00|0.00'
}

@test "report.txt shows the units the bundles covered, per service" {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-11-30
	K2,C2,Mobiel,10.00,,2026-01-01,,2026-11-30
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,10,,Bellen 10 min,,
	BS1,K1,sms,50,,50 sms,,
	BD1,K1,data,1000,,Databundel 1 GB,,
	BV2,K2,voice,10,,Bellen 10 min,,
	EOF
	deliver <<-'EOF'
	v1,C1,2026-11-03T10:00:00,voice,0201234567,660,
	s1,C1,2026-11-03T11:00:00,sms,0612345678,,7
	d1,C1,2026-11-03T12:00:00,data,+31,,250100
	v2,C2,2026-11-03T10:00:00,voice,0201234567,180,
	EOF
	run -0 billrun 2026-12
	# voice: v1 11 min, 10 covered; v2 3 min, 3 covered: 13
	# sms: s1 7 messages covered; data: 250100 kB = 251 MB covered
	run -0 grep '^bundles ' out-2026-12/report.txt
	assert_output - <<-'EOF'
	bundles       13 voice units covered
	bundles       7 SMS covered
	bundles       251 MB of data covered
	EOF
	# a run where nothing is covered has no such line
	deliver </dev/null
	run -0 billrun 2027-01
	run -1 grep '^bundles ' out-2027-01/report.txt
}

# --- bad bundles.csv -----------------------------------------------------------

# bad_setup: inputs with a good bundle on row 2 of in/bundles.csv, and a
# state on which a good 2026-11 run posted (runs/nov); its snapshot in
# $before
bad_setup() {
	input
	contracts <<-'EOF'
	K1,C1,Mobiel,10.00,,2026-01-01,,2026-10-31
	EOF
	bundles <<-'EOF'
	BV1,K1,voice,10,31,Bellen 10 min,,
	EOF
	deliver <<-'EOF'
	v1,C1,2026-10-03T10:00:00,voice,0201234567,60,
	v2,C1,2026-11-03T10:00:00,voice,0201234567,60,
	EOF
	mkdir runs
	run -0 billrun 2026-11 runs/nov
	before=$(snapshot state)
}

# refused_run WHERE WHAT: bill-run of 2026-12 on that state exits 1, says
# "bundle: WHERE: ...WHAT" (extended regexes) on stderr and nothing on
# stdout, leaves no OUTDIR (nor a work folder beside it), and the state
# byte for byte as it was
refused_run() {
	run -1 --separate-stderr billrun 2026-12 runs/dec
	assert_output ''
	stderr_has "^bundle: $1: .*$2"
	[ ! -e runs/dec ] || fail "runs/dec was left behind"
	assert_equal "$(ls -A runs)" nov
	assert_equal "$(snapshot state)" "$before"
}

# refused ROW WHERE WHAT: the same with ROW as row 3 of in/bundles.csv
refused() {
	bad_setup
	echo "$1" >>in/bundles.csv
	refused_run "$2" "$3"
}

@test "a bundle on an unknown contract is refused, naming bundles.csv:3:2" {
	refused 'BX,K9,voice,10,31,x,,' 'bundles\.csv:3:2' "unknown contract 'K9'"
}

@test "a service other than voice, sms or data is refused, naming bundles.csv:3:3" {
	refused 'BX,K1,fax,10,31,x,,' 'bundles\.csv:3:3' "'fax'"
}

@test "units 1.5 (not a whole number) are refused, naming bundles.csv:3:4" {
	refused 'BX,K1,voice,1.5,31,x,,' 'bundles\.csv:3:4' "'1\\.5'"
}

@test "units -3 are refused, naming bundles.csv:3:4" {
	refused 'BX,K1,voice,-3,31,x,,' 'bundles\.csv:3:4' "'-3'"
}

@test "empty units are refused, naming bundles.csv:3:4" {
	refused 'BX,K1,voice,,31,x,,' 'bundles\.csv:3:4' 'units'
}

@test "a prefix that is not digits ('31 3x') is refused, naming bundles.csv:3:5" {
	refused 'BX,K1,voice,10,31 3x,x,,' 'bundles\.csv:3:5' "'3x'"
}

@test "a duplicate bundle_id is refused, naming bundles.csv:3:1" {
	refused 'BV1,K1,sms,10,31,x,,' 'bundles\.csv:3:1' "'BV1'"
}

@test "a valid_until before valid_from is refused, naming bundles.csv:3:8" {
	refused 'BX,K1,voice,10,31,x,2026-11-10,2026-11-09' 'bundles\.csv:3:8' "'2026-11-09'"
}

@test "bundles.csv that is a folder is an error, not 'no bundles'" {
	bad_setup
	rm in/bundles.csv
	mkdir in/bundles.csv
	refused_run 'bundles\.csv' 'folder'
}

@test "bundles.csv that is a broken symbolic link is an error, not 'no bundles'" {
	bad_setup
	rm in/bundles.csv
	ln -s nowhere.csv in/bundles.csv
	refused_run 'bundles\.csv' 'broken link'
}

# --- the filter alone ----------------------------------------------------------

# gen N: a rated stream (rate's columns) of N voice CDRs of customers C1..C7
# into rated.csv, in an order that is neither the customers', the starts'
# nor the cdr_ids': CDR i (1..N) has cdr_id g(N+1−i), customer C(1 + i%7),
# start 2026-11-01 00:00 (+01:00) + ((i × 7919) % 4200) × 600 s (each
# customer's starts repeat about 7 times, cdr_ids descending in input
# order), and 1 + i%300 s of billsec, that many started minutes at 0.02;
# and contracts.csv / bundles.csv: K1..K7, each with a 1000-minute bundle
gen() {
	awk -v n="$1" 'BEGIN {
		print "cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule,origin,at,setup"
		for (i = 1; i <= n; i++) {
			s = ((i * 7919) % 4200) * 600
			d = int(s / 86400) + 1; s %= 86400
			h = int(s / 3600); s %= 3600
			m = int(s / 60); s %= 60
			sec = 1 + i % 300; u = int((sec + 59) / 60)
			printf "g%05d,C%d,2026-11-%02dT%02d:%02d:%02d+01:00,voice,0201234567,Nederland vast,%d,%d,0.02,%.2f,VW 1.12.2,cdrs.csv:%d:5,,\n",
			    n + 1 - i, 1 + i % 7, d, h, m, s, sec, u, u * 0.02, i + 1
		}
	}' >rated.csv
	echo 'contract_id,customer_id,description,monthly_fee,start_date' >contracts.csv
	echo 'bundle_id,contract_id,service,units,prefixes,description' >bundles.csv
	for i in 1 2 3 4 5 6 7; do
		echo "K$i,C$i,Mobiel,10.00,2026-01-01" >>contracts.csv
		echo "B$i,K$i,voice,1000,31,Bellen 1000 min" >>bundles.csv
	done
}

# sorted: bundle of rated.csv for 2026-12 on an empty state; further
# options from the arguments
sorted() {
	mkdir -p state
	bundle -p 2026-12 -c terms.conf -s state -k contracts.csv -b bundles.csv \
	    "$@" rated.csv </dev/null
}

@test "a sort that spills to disk (-m 1) gives the output of one in memory, sorted by customer_id, start and cdr_id, and leaves no file behind" {
	terms VW
	gen 30000
	mkdir spill
	sorted -l items-mem.csv -w allow-mem.csv >mem.csv
	sorted -m 1 -T spill -l items-disk.csv -w allow-disk.csv >disk.csv
	run -0 cmp mem.csv disk.csv
	run -0 cmp items-mem.csv items-disk.csv
	run -0 cmp allow-mem.csv allow-disk.csv
	# nothing left in the spill folder
	run -0 ls -A spill
	assert_output ''
	# -m 1 does spill: without a folder to spill to it fails, and the
	# default budget (64 MB) holds the 30,000 CDRs without one
	run -1 sorted -m 1 -T "$T/missing"
	run -0 sorted -T "$T/missing"
	# every CDR once, sorted: customer_id, start (one offset, so the text
	# orders as the instant), then cdr_id
	run -0 awk 'END { print NR - 1 }' disk.csv
	assert_output 30000
	run -0 sh -c 'tail -n +2 disk.csv | LC_ALL=C sort -c -t, -k2,2 -k3,3 -k1,1'
	run -0 sh -c 'tail -n +2 disk.csv | cut -d, -f1 | LC_ALL=C sort -u | wc -l'
	assert_output 30000
	# each customer has about 4,300 calls of 1 to 5 minutes: the 1000 of
	# its bundle are used up, and every row's amount is
	# (billed_units − covered_units) × 0.02
	run -0 awk -F, 'NR > 1 { c[$2] += $15
		if (sprintf("%.2f", ($8 - $15) * 0.02) != sprintf("%.2f", $10)) bad++ }
		END { for (k in c) print k, c[k]; print "bad", bad + 0 }' disk.csv
	assert_line 'C1 1000'
	assert_line 'C7 1000'
	assert_line 'bad 0'
	assert_equal "${#lines[@]}" 8
	run -0 pick allow-disk.csv bundle_id month allowance used period
	assert_line 'B1|2026-11|1000|1000|2026-12'
	assert_equal "${#lines[@]}" 7
}

@test "a sort of more runs than it merges at once (600,000 CDRs in 1 MB runs) gives the output of one in memory" {
	terms VW
	gen 600000
	mkdir spill
	# a record is about 110 bytes of fields and 32 of bookkeeping: 1 MB
	# holds some 7,400, so 600,000 make about 80 runs, past the 64 that
	# are merged at once (filters/lib/xsort.c MAXRUNS)
	sorted -m 1 -T spill >disk.csv
	run -0 ls -A spill
	assert_output ''
	sorted -m 500 | cmp - disk.csv
	run -0 sh -c 'tail -n +2 disk.csv | LC_ALL=C sort -c -t, -k2,2 -k3,3 -k1,1'
	run -0 awk 'END { print NR - 1 }' disk.csv
	assert_output 600000
	# where strace is at hand: it did make more than 64 runs
	if command -v strace >/dev/null; then
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		    strace -f -e trace=openat -o trace.txt bundle -p 2026-12 \
		    -c terms.conf -s state -k contracts.csv -b bundles.csv \
		    -m 1 -T spill rated.csv </dev/null >/dev/null
		run -0 grep -c '\.xsort\.' trace.txt
		(( output > 64 )) || fail "only $output temporary runs"
	fi
}

@test "bundle alone: covered_units is added after the columns of rate's stream; -w writes what each allowance gave" {
	terms VW
	mkdir state
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Mobiel,10.00,2026-01-01
	EOF
	cat >bundles.csv <<-'EOF'
	bundle_id,contract_id,service,units,prefixes,description
	B1,K1,voice,3,31,Bellen 3 min
	EOF
	cat >rated.csv <<-'EOF'
	cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule,origin,at,setup
	b,C1,2026-11-04T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.04,VW 1.12.2,cdrs.csv:3:5,,
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.04,VW 1.12.2,cdrs.csv:2:5,,
	EOF
	run -0 --separate-stderr bundle -p 2026-12 -c terms.conf -s state \
	    -k contracts.csv -b bundles.csv -l items.csv -w allow.csv rated.csv </dev/null
	assert_equal "$stderr" ''
	# a first: 2 of 3 covered; b: 1 covered, 1 × 0.02 = 0.02
	assert_output - <<-'EOF'
	cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule,origin,at,setup,covered_units
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.00,VW 1.12.2,cdrs.csv:2:5,,,2
	b,C1,2026-11-04T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.02,VW 1.12.2,cdrs.csv:3:5,,,1
	EOF
	run -0 cat allow.csv
	assert_output - <<-EOF
	$ALLOW_HEADER
	B1,2026-11,3,3,2026-12
	EOF
	run -0 pick items.csv customer_id key kind ref from to quantity unit_price net rule description
	assert_output 'C1|B/B1/2026-11|usage|B1|2026-11-01|2026-11-30|3|0.00|0.00|VW 1.12.2|Bellen 3 min (tegoed 3 min)'
	# without -b: only sorted, nothing covered
	run -0 bash -c 'bundle -p 2026-12 -c terms.conf -s state rated.csv </dev/null | cut -d, -f1,10,15'
	assert_output - <<-'EOF'
	cdr_id,amount,covered_units
	a,0.04,0
	b,0.04,0
	EOF
}

@test "bundle alone: a bad rated row is named with file, line and column, and leaves no -l or -w file, nor a temporary one" {
	terms VW
	mkdir state out
	printf 'contract_id,customer_id,description,monthly_fee,start_date\nK1,C1,Mobiel,10.00,2026-01-01\n' >contracts.csv
	printf 'bundle_id,contract_id,service,units\nB1,K1,voice,3\n' >bundles.csv
	cat >rated.csv <<-'EOF'
	cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule,origin,at,setup
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.04,VW 1.12.2,cdrs.csv:2:5,,
	b,C1,2026-11-31T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.04,VW 1.12.2,cdrs.csv:3:5,,
	EOF
	run -1 --separate-stderr bundle -p 2026-12 -c terms.conf -s state -k contracts.csv \
	    -b bundles.csv -l out/items.csv -w out/allow.csv -T out rated.csv </dev/null
	stderr_has "^bundle: rated\\.csv:3:3: bad start '2026-11-31T10:00:00\\+01:00'"
	run -0 ls -A out
	assert_output ''
}

@test "bundle: -b without -k, -m 0 and a missing -s are usage errors (exit 2)" {
	terms VW
	mkdir state
	run -2 bundle -p 2026-12 -c terms.conf -s state -b bundles.csv </dev/null
	run -2 bundle -p 2026-12 -c terms.conf -s state -m 0 </dev/null
	assert_output --partial "-m '0'"
	run -2 bundle -p 2026-12 -c terms.conf </dev/null
	run -0 bundle --help </dev/null
	assert_line --partial 'usage: bundle -p YYYY-MM'
}
