#!/usr/bin/env bats
# usage: the usage of a run (rules.md §7; formats.md usage.csv): usage.csv
# lists every rated CDR, also those that cost nothing; the usage lines
# group the calls per customer, service and destination, each group's
# total rounded to cents once; high_usage.csv lists the customers whose
# usage in a month is over high_usage_factor × their average of the three
# months before and over high_usage_minimum (VW 2.4.4, 2.6.1, 2.6.5).
# Checked on the filter alone and over runs of bin/bill-run on one state.

load helpers

# stderr_has REGEX: some line of $stderr matches the extended REGEX
stderr_has() {
	grep -qE -- "$1" <<<"$stderr" ||
		fail "no line of stderr matches /$1/; stderr was: $stderr"
}

on_full_disk() {
	(trap '' XFSZ; ulimit -f 0; exec "$@") 2>&1 | cat
	return "${PIPESTATUS[0]}"
}

RATED_HEADER='cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule'
USAGE_HEADER="$RATED_HEADER,covered_units"
HIGH_HEADER='customer_id,month,usage,average,factor,minimum,rule'

# rated: rate's stream (cdr.h) from stdin, after its header, into rated.csv;
# the rows end with origin, and get an empty at and setup fee
rated() {
	{
		echo "$RATED_HEADER,origin,at,setup"
		sed 's/$/,,/'
	} >rated.csv
}

# used [OUT]: usage of rated.csv for 2026-12 into OUT (default out),
# the usage lines into items.csv; on state/, an empty folder (a fresh
# state) if there is none yet
used() {
	mkdir -p "${1:-out}" state
	usage -p 2026-12 -c terms.conf -s state -o "${1:-out}" rated.csv \
	    </dev/null >items.csv
}

# --- the filter alone ------------------------------------------------------

@test "usage.csv lists every rated CDR in its columns, also those that cost nothing" {
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,61,2,0.02,0.04,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-03T11:00:00+01:00,voice,100,,61,0,0,0,internal,cdrs.csv:3:5
	c,C2,2026-11-04T09:00:00+01:00,voice,0201234567,,0,0,0,0,unanswered,cdrs.csv:4:5
	d,,2026-11-04T09:00:00+01:00,voice,0612345678,,60,0,0,0,not-billed,cdr/Master.csv:1:3
	EOF
	run -0 --separate-stderr used
	assert_equal "$stderr" ''
	run -0 cat out/usage.csv </dev/null
	assert_output - <<-EOF
	$USAGE_HEADER
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,61,2,0.02,0.04,VZ 7.3,0
	b,C1,2026-11-03T11:00:00+01:00,voice,100,,61,0,0,0,internal,0
	c,C2,2026-11-04T09:00:00+01:00,voice,0201234567,,0,0,0,0,unanswered,0
	d,,2026-11-04T09:00:00+01:00,voice,0612345678,,60,0,0,0,not-billed,0
	EOF
	run -0 pick items.csv customer_id kind ref quantity net
	assert_output 'C1|usage|Nederland vast|2|0.04'
}

@test "each customer, service, destination, rate and month is one usage line, rounded once: 3 × 0.004 = 0.01" {
	terms VZ
	rated <<-'EOF'
	a,C2,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.006,0.006,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.004,0.004,VZ 7.3,cdrs.csv:3:5
	c,C1,2026-11-04T10:00:00+01:00,voice,0301234567,Nederland vast,6,1,0.004,0.004,VZ 7.3,cdrs.csv:4:5
	d,C2,2026-11-05T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.006,0.006,VZ 7.3,cdrs.csv:5:5
	e,C1,2026-11-05T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.004,0.004,VZ 7.3,cdrs.csv:6:5
	f,C1,2026-11-05T10:00:00+01:00,sms,0201234567,Nederland vast,0,1,0.005,0.005,VZ 7.3,cdrs.csv:7:5
	g,C1,2026-11-06T10:00:00+01:00,voice,0612345678,Nederland mobiel,6,1,0.0149,0.0149,VZ 7.3,cdrs.csv:8:5
	h,C1,2026-11-06T10:00:00+01:00,voice,100,,6,0,0,0,internal,cdrs.csv:9:5
	EOF
	run -0 used
	# sorted by customer, then service (voice, sms, data) and destination;
	# each line is the calendar month of its calls (rules.md §7)
	run -0 pick items.csv customer_id kind ref from to quantity unit net
	assert_output - <<-'EOF'
	C1|usage|Nederland mobiel|2026-11-01|2026-11-30|1|min|0.01
	C1|usage|Nederland vast|2026-11-01|2026-11-30|3|min|0.01
	C1|usage|Nederland vast|2026-11-01|2026-11-30|1|sms|0.01
	C2|usage|Nederland vast|2026-11-01|2026-11-30|2|min|0.01
	EOF
	run -0 pick items.csv customer_id description
	assert_line 'C1|SMS Nederland vast'
	assert_line 'C1|Bellen Nederland vast'
}

@test "a group's total is rounded half away from zero: 0.015 is 0.02" {
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.005,0.005,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.005,0.005,VZ 7.3,cdrs.csv:3:5
	c,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.005,0.005,VZ 7.3,cdrs.csv:4:5
	d,C1,2026-11-03T10:00:00+01:00,voice,0612345678,Nederland mobiel,6,1,0.01499,0.01499,VZ 7.3,cdrs.csv:5:5
	EOF
	run -0 used
	run -0 pick items.csv ref net
	assert_output - <<-'EOF'
	Nederland mobiel|0.01
	Nederland vast|0.02
	EOF
}

@test "a run without CDRs writes usage.csv and high_usage.csv with their headers" {
	terms VZ
	rated </dev/null
	run -0 used
	run -0 cat out/usage.csv </dev/null
	assert_output "$USAGE_HEADER"
	run -0 cat out/high_usage.csv </dev/null
	assert_output "$HIGH_HEADER"
	run -0 pick items.csv customer_id
	assert_output ''
}

# --- the lines: months, rates, route cost, setup fees ----------------------

# rated_setup: like rated, but each row from stdin ends with its own at and
# setup (the part of amount that is the setup fee)
rated_setup() {
	{
		echo "$RATED_HEADER,origin,at,setup"
		cat
	} >rated.csv
}

# off FILE: the lines of FILE (usage items, or lines.csv) whose net is not
# quantity × unit_price, up to the one rounding to cents
off() {
	pick "$1" quantity unit_price net description |
		awk -F'|' '{ d = $1 * $2 - $3; if (d < 0) d = -d; if (d > 0.005 + 1e-9) print }'
}

@test "a late call of an earlier month is a line of its own, from and to that month's first and last day" {
	terms VZ
	rated <<-'EOF'
	a,C1,2026-10-28T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.02,0.02,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.02,0.02,VZ 7.3,cdrs.csv:3:5
	c,C1,2026-11-04T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.04,VZ 7.3,cdrs.csv:4:5
	d,C1,2026-02-10T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.02,0.02,VZ 7.3,cdrs.csv:5:5
	e,C1,2026-10-31T23:30:00Z,voice,0201234567,Nederland vast,60,1,0.02,0.02,VZ 7.3,cdrs.csv:6:5
	EOF
	run -0 --separate-stderr used
	assert_equal "$stderr" ''
	# e started on 1 November in Amsterdam
	run -0 pick items.csv customer_id kind ref description from to quantity unit_price net
	assert_output - <<-'EOF'
	C1|usage|Nederland vast|Bellen Nederland vast|2026-02-01|2026-02-28|1|0.02|0.02
	C1|usage|Nederland vast|Bellen Nederland vast|2026-10-01|2026-10-31|1|0.02|0.02
	C1|usage|Nederland vast|Bellen Nederland vast|2026-11-01|2026-11-30|4|0.02|0.08
	EOF
	run -0 pick items.csv key
	assert_equal "$(sort -u <<<"$output" | wc -l)" 3
}

@test "a tariff change within the month makes two lines, one per rate" {
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.02,0.02,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-20T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.03,0.03,VZ 7.3,cdrs.csv:3:5
	c,C1,2026-11-10T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.02,0.04,VZ 7.3,cdrs.csv:4:5
	d,C1,2026-11-25T10:00:00+01:00,sms,0612345678,SMS Nederland,0,2,0.10,0.20,VZ 7.3,cdrs.csv:5:5
	e,C1,2026-11-26T10:00:00+01:00,sms,0612345678,SMS Nederland,0,1,0.12,0.12,VZ 7.3,cdrs.csv:6:5
	EOF
	run -0 used
	run -0 pick items.csv ref from to quantity unit unit_price net
	assert_output - <<-'EOF'
	Nederland vast|2026-11-01|2026-11-30|3|min|0.02|0.06
	Nederland vast|2026-11-01|2026-11-30|1|min|0.03|0.03
	SMS Nederland|2026-11-01|2026-11-30|2|sms|0.10|0.20
	SMS Nederland|2026-11-01|2026-11-30|1|sms|0.12|0.12
	EOF
}

@test "calls billed at their route cost are a line of their own, citing VZ 7.4, even at the tariff's rate" {
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.05,0.05,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-04T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.05,0.10,VZ 7.4,cdrs.csv:3:5
	c,C1,2026-11-05T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.07,0.07,VZ 7.4,cdrs.csv:4:5
	EOF
	run -0 used
	run -0 pick items.csv ref quantity unit_price net rule
	assert_output - <<-'EOF'
	Nederland vast|1|0.05|0.05|VZ 8.14, VZ 7.3
	Nederland vast|2|0.05|0.10|VZ 8.14, VZ 7.4
	Nederland vast|1|0.07|0.07|VZ 8.14, VZ 7.4
	EOF
}

@test "setup fees are a line per destination and month: quantity the answered calls, unit price the fee" {
	terms VZ
	rated_setup <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,61,2,0.02,0.14,VZ 7.3,cdrs.csv:2:5,1:0:0,0.10
	b,C1,2026-11-04T10:00:00+01:00,voice,0201234567,Nederland vast,30,1,0.02,0.12,VZ 7.3,cdrs.csv:3:5,1:0:0,0.10
	c,C1,2026-11-04T11:00:00+01:00,voice,0201234567,,0,0,0,0,unanswered,cdrs.csv:4:5,1:0:0,0
	d,C1,2026-10-30T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.02,0.12,VZ 7.3,cdrs.csv:5:5,1:0:0,0.10
	e,C1,2026-11-05T10:00:00+01:00,voice,0612345678,Nederland mobiel,60,1,0.035,0.185,VZ 7.3,cdrs.csv:6:5,1:0:0,0.15
	EOF
	run -0 used
	run -0 pick items.csv ref description from to quantity unit unit_price net rule
	assert_output - <<-'EOF'
	Nederland mobiel|Bellen Nederland mobiel|2026-11-01|2026-11-30|1|min|0.035|0.04|VZ 8.14, VZ 7.3
	Nederland mobiel|Opzetkosten Nederland mobiel|2026-11-01|2026-11-30|1|call|0.15|0.15|VZ 7.3
	Nederland vast|Bellen Nederland vast|2026-10-01|2026-10-31|1|min|0.02|0.02|VZ 8.14, VZ 7.3
	Nederland vast|Opzetkosten Nederland vast|2026-10-01|2026-10-31|1|call|0.10|0.10|VZ 7.3
	Nederland vast|Bellen Nederland vast|2026-11-01|2026-11-30|3|min|0.02|0.06|VZ 8.14, VZ 7.3
	Nederland vast|Opzetkosten Nederland vast|2026-11-01|2026-11-30|2|call|0.10|0.20|VZ 7.3
	EOF
	# the lines add up to the calls' amounts
	run -0 awk -F, 'NR > 1 { s += $12 } END { printf "%.2f\n", s }' items.csv </dev/null
	assert_output '0.57'
}

@test "a destination that already names its service is not prefixed with it again" {
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,sms,0612345678,SMS Nederland,0,1,0.10,0.10,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-03T10:00:00+01:00,sms,0612345678,sms buitenland,0,1,0.10,0.10,VZ 7.3,cdrs.csv:3:5
	c,C1,2026-11-03T10:00:00+01:00,sms,0612345678,Nederland mobiel,0,1,0.10,0.10,VZ 7.3,cdrs.csv:4:5
	d,C1,2026-11-03T10:00:00+01:00,sms,0612345678,SMSdienst,0,1,0.10,0.10,VZ 7.3,cdrs.csv:5:5
	e,C1,2026-11-03T10:00:00+01:00,data,+31,Data Nederland,0,1,0.50,0.50,VZ 7.3,cdrs.csv:6:5
	f,C1,2026-11-03T10:00:00+01:00,data,+32,België,0,1,0.01,0.01,VZ 7.3,cdrs.csv:7:5
	g,C1,2026-11-03T10:00:00+01:00,data,+33,Data,0,1,0.20,0.20,VZ 7.3,cdrs.csv:8:5
	h,C1,2026-11-03T10:00:00+01:00,voice,0044207123456,Bellen buitenland,60,1,0.12,0.12,VZ 7.3,cdrs.csv:9:5
	i,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,60,1,0.02,0.02,VZ 7.3,cdrs.csv:10:5
	EOF
	run -0 used
	run -0 pick items.csv ref description
	assert_output - <<-'EOF'
	Bellen buitenland|Bellen buitenland
	Nederland vast|Bellen Nederland vast
	Nederland mobiel|SMS Nederland mobiel
	SMS Nederland|SMS Nederland
	SMSdienst|SMS SMSdienst
	sms buitenland|sms buitenland
	België|Data België
	Data|Data
	Data Nederland|Data Nederland
	EOF
	run -0 pick items.csv description
	refute_output --regexp '^([A-Za-z]+) \1( |$)'
	refute_output --regexp '^(SMS|sms) (SMS|sms)( |$)'
}

@test "every usage line reads quantity × unit price = net, up to the one rounding" {
	terms VZ
	rated_setup <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,61,2,0.02,0.14,VZ 7.3,cdrs.csv:2:5,1:0:0,0.10
	b,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.004,0.004,VZ 7.3,cdrs.csv:3:5,1:0:0,0
	c,C1,2026-11-04T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.004,0.004,VZ 7.3,cdrs.csv:4:5,1:0:0,0
	d,C1,2026-11-05T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.004,0.004,VZ 7.3,cdrs.csv:5:5,1:0:0,0
	e,C1,2026-11-05T10:00:00+01:00,voice,0201234567,Nederland vast,120,2,0.05123,0.10246,VZ 7.4,cdrs.csv:6:5,1:0:0,0
	f,C1,2026-10-05T10:00:00+01:00,voice,0612345678,Nederland mobiel,600,10,0.03333,0.3333,VZ 7.3,cdrs.csv:7:5,1:0:0,0
	g,C1,2026-11-05T10:00:00+01:00,sms,0612345678,SMS Nederland,0,3,0.10001,0.30003,VZ 7.3,cdrs.csv:8:5,1:0:0,0
	h,C1,2026-11-05T10:00:00+01:00,data,+32,Data België,0,301,0.01,3.01,VZ 7.3,cdrs.csv:9:5,1:0:0,0
	i,C2,2026-11-06T10:00:00+01:00,voice,0612345678,Nederland mobiel,60,1,0.035,0.185,VZ 7.3,cdrs.csv:10:5,1:0:0,0.15
	EOF
	run -0 used
	run -0 pick items.csv kind
	assert_equal "${#lines[@]}" 9
	run -0 off items.csv
	assert_output ''
}

# --- through bill-run --------------------------------------------------------

# input: an input folder in/ (VZ) with customers C1..C4, each with a
# contract; the test writes in/cdrs.csv
input() {
	local c

	mkdir -p in
	(cd in && terms VZ)
	echo 'customer_id,name,street,postcode,city,iban,mandate_id,mandate_date' >in/customers.csv
	echo 'contract_id,customer_id,description,monthly_fee,start_date,billed_through' >in/contracts.csv
	for c in 1 2 3 4; do
		echo "C$c,Klant $c BV,Kerkstraat $c,1011 AA,Amsterdam,NL44RABO0123456789,M-C$c,2026-01-01" >>in/customers.csv
		echo "K$c,C$c,VoIP basis,10.00,2026-01-01,2027-06-30" >>in/contracts.csv
	done
	echo 'cdr_id,customer_id,start,src,dst,service,billsec,units,route_cost' >in/cdrs.csv
}

# billrun PERIOD [OUT]: bill-run for PERIOD on in/ and state/, into OUT
# (default out-PERIOD)
billrun() {
	mkdir -p state
	bill-run -p "$1" -i in -o "${2:-out-$1}" -s state </dev/null
}

@test "the usage lines of rules.md's example add up to 0.66, each destination rounded once" {
	input
	cat >in/tariffs.csv <<-'EOF'
	prefix,service,destination,rate
	31,voice,Nederland vast,0.02000
	316,voice,Nederland mobiel,0.03500
	3185,voice,Nederland 085,0.03000
	44,voice,Verenigd Koninkrijk,0.12340
	EOF
	cat >>in/cdrs.csv <<-'EOF'
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	c2,C1,2026-11-03T11:00:00,0301234567,+31201234567,,59,,
	c3,C1,2026-11-04 09:00:00,0301234567,0031612345678,,0,,
	c4,C1,2026-11-05T12:00:00,0301234567,0201234567,,120,,0.05
	c5,C1,2026-11-06T12:00:00,0301234567,0612345678,,600,,0.01
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	c6,C1,2026-11-30T23:59:00+01:00,0301234567,0044207123456,,30,,
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/usage.csv cdr_id billed_units amount
	assert_output - <<-'EOF'
	c1|2|0.07
	c2|1|0.02
	c3|0|0.00
	c4|2|0.10
	c5|10|0.35
	c6|1|0.1234
	EOF
	run -0 pick out-2026-12/lines.csv customer_id kind ref quantity net
	assert_output - <<-'EOF'
	C1|usage|Nederland mobiel|12|0.42
	C1|usage|Nederland vast|1|0.02
	C1|usage|Nederland vast|2|0.10
	C1|usage|Verenigd Koninkrijk|1|0.12
	EOF
	run -0 pick out-2026-12/invoices.csv customer_id net vat gross
	assert_output 'C1|0.66|0.14|0.80'
}

# call ID CUSTOMER START MINUTES: a call of MINUTES to 020 into in/cdrs.csv
call() {
	echo "$1,$2,$3,0301234567,0201234567,,$(($4 * 60)),," >>in/cdrs.csv
}

# history: calls at 1.00 a minute: September to November C1 50, C2 100,
# C3 10, C4 80 a month; December C1 300, C2 300, C3 250, C4 260
history() {
	local m c n

	cat >in/tariffs.csv <<-'EOF'
	prefix,destination,rate
	31,Nederland,1.00000
	EOF
	for m in 09 10 11; do
		n=1
		for c in 50 100 10 80; do
			call "m$m-$n" "C$n" "2026-$m-15T12:00:00" "$c"
			n=$((n + 1))
		done
	done
	call d-1 C1 2026-12-15T12:00:00 300
	call d-2 C2 2026-12-15T12:00:00 300
	call d-3 C3 2026-12-15T12:00:00 250
	call d-4 C4 2026-12-15T12:00:00 260
}

@test "high usage is over factor × the average of the three months before and over the minimum" {
	input
	history
	run -0 billrun 2026-10
	run -0 billrun 2026-11
	run -0 billrun 2026-12
	for m in 2026-10 2026-11 2026-12; do
		run -0 cat "out-$m/high_usage.csv" </dev/null
		assert_output "$HIGH_HEADER"
	done
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv customer_id amount
	assert_output - <<-'EOF'
	C1|300.00
	C2|300.00
	C3|250.00
	C4|260.00
	EOF
	# C2: 300 is not over 3 × 100; C3: 250 is not over the minimum 250
	run -0 cat out-2027-01/high_usage.csv </dev/null
	assert_output - <<-EOF
	$HIGH_HEADER
	C1,2026-12,300.00,50.00,3,250.00,VZ 8.24
	C4,2026-12,260.00,80.00,3,250.00,VZ 8.24
	EOF
}

@test "high usage follows the profile's high_usage_factor and high_usage_minimum" {
	input
	sed -i -e 's/^high_usage_factor = .*/high_usage_factor = 2/' \
	    -e 's/^high_usage_minimum = .*/high_usage_minimum = 100/' in/terms.conf
	grep -qx 'high_usage_factor = 2' in/terms.conf
	grep -qx 'high_usage_minimum = 100' in/terms.conf
	history
	call more-2 C2 2026-10-16T12:00:00 1
	# September: C2's 100 is not over the minimum 100
	run -0 billrun 2026-10
	run -0 cat out-2026-10/high_usage.csv </dev/null
	assert_output "$HIGH_HEADER"
	# October: C2's 101 is over 100 and over 2 × (0 + 0 + 100) / 3
	run -0 billrun 2026-11
	run -0 pick out-2026-11/high_usage.csv customer_id month usage average factor minimum
	assert_output 'C2|2026-10|101.00|33.33|2|100.00'
	# November: C2's 100 is over 2 × (0 + 100 + 101) / 3, not over 100
	run -0 billrun 2026-12
	run -0 cat out-2026-12/high_usage.csv </dev/null
	assert_output "$HIGH_HEADER"
	run -0 billrun 2027-01
	run -0 pick out-2027-01/high_usage.csv customer_id month usage average factor minimum
	assert_output - <<-'EOF'
	C1|2026-12|300.00|50.00|2|100.00
	C2|2026-12|300.00|100.33|2|100.00
	C3|2026-12|250.00|10.00|2|100.00
	C4|2026-12|260.00|80.00|2|100.00
	EOF
}

@test "a month's usage billed over two runs counts once as that month's usage" {
	input
	history
	for m in 2026-10 2026-11 2026-12 2027-01; do
		run -0 billrun "$m"
	done
	# C3's December was 250, not over the minimum; 10 more come late
	call late-3 C3 2026-12-20T12:00:00 10
	run -0 billrun 2027-02
	run -0 pick out-2027-02/usage.csv cdr_id
	assert_output 'late-3'
	run -0 cat out-2027-02/high_usage.csv </dev/null
	assert_output - <<-EOF
	$HIGH_HEADER
	C3,2026-12,260.00,10.00,3,250.00,VZ 8.24
	EOF
}

@test "a late CDR of the month before counts in the average, in the run that bills it" {
	input
	history
	for m in 2026-10 2026-11 2026-12; do
		run -0 billrun "$m"
	done
	# C1's November grows from 50 to 200: the average of September to
	# November is 100, and December's 300 is not over 3 × 100
	call late-1 C1 2026-11-20T12:00:00 150
	run -0 billrun 2027-01
	run -0 pick out-2027-01/usage.csv cdr_id
	assert_line late-1
	run -0 pick out-2027-01/high_usage.csv customer_id month usage average
	assert_output 'C4|2026-12|260.00|80.00'
}

@test "a rerun of a posted period reproduces usage.csv and high_usage.csv byte for byte" {
	input
	history
	for m in 2026-10 2026-11 2026-12 2027-01; do
		run -0 billrun "$m"
	done
	run -0 billrun 2027-01 rerun-2027-01
	run -0 cmp out-2027-01/usage.csv rerun-2027-01/usage.csv </dev/null
	run -0 cmp out-2027-01/high_usage.csv rerun-2027-01/high_usage.csv </dev/null
	run -0 pick rerun-2027-01/high_usage.csv customer_id usage
	assert_output - <<-'EOF'
	C1|300.00
	C4|260.00
	EOF
}

@test "through bill-run lines.csv has a line per month, rate, route cost and setup fee, each quantity × unit price = net" {
	input
	cat >in/tariffs.csv <<-'EOF'
	prefix,service,destination,rate,setup,valid_from,valid_to
	31,voice,Nederland vast,0.02000,0.10000,,2026-11-15
	31,voice,Nederland vast,0.03000,0.10000,2026-11-16,
	316,sms,SMS Nederland,0.10000,,,
	31,data,Data Nederland,0.50000,,,
	32,data,Data België,0.01000,,,
	EOF
	cat >>in/cdrs.csv <<-'EOF'
	a,C1,2026-11-03T10:00:00,0301234567,0201234567,,61,,
	b,C1,2026-11-20T10:00:00,0301234567,0201234567,,60,,
	c,C1,2026-10-30T10:00:00,0301234567,0201234567,,60,,
	d,C1,2026-11-21T10:00:00,0301234567,0201234567,,120,,0.05
	e,C1,2026-11-05T10:00:00,0301234567,0612345678,sms,,3,
	f,C1,2026-11-05T10:00:00,0301234567,+31,data,,300000,
	g,C1,2026-11-06T10:00:00,0301234567,+32,data,,301000,
	EOF
	run -0 --separate-stderr billrun 2026-12
	assert_equal "$stderr" ''
	run -0 pick out-2026-12/lines.csv ref description from to quantity unit unit_price net rule
	assert_output - <<-'EOF'
	Nederland vast|Bellen Nederland vast|2026-10-01|2026-10-31|1|min|0.02|0.02|VZ 8.14, VZ 7.3
	Nederland vast|Opzetkosten Nederland vast|2026-10-01|2026-10-31|1|call|0.10|0.10|VZ 7.3
	Nederland vast|Bellen Nederland vast|2026-11-01|2026-11-30|2|min|0.02|0.04|VZ 8.14, VZ 7.3
	Nederland vast|Bellen Nederland vast|2026-11-01|2026-11-30|1|min|0.03|0.03|VZ 8.14, VZ 7.3
	Nederland vast|Bellen Nederland vast|2026-11-01|2026-11-30|2|min|0.05|0.10|VZ 8.14, VZ 7.4
	Nederland vast|Opzetkosten Nederland vast|2026-11-01|2026-11-30|3|call|0.10|0.30|VZ 7.3
	SMS Nederland|SMS Nederland|2026-11-01|2026-11-30|3|sms|0.10|0.30|VZ 8.14, VZ 7.3
	Data België|Data België|2026-11-01|2026-11-30|301|MB|0.01|3.01|VZ 8.14, VZ 7.3
	Data Nederland|Data Nederland|2026-11-01|2026-11-30|300|MB|0.50|150.00|VZ 8.14, VZ 7.3
	EOF
	run -0 off out-2026-12/lines.csv
	assert_output ''
}

# increments INC RATE N BILLSEC: N calls of BILLSEC seconds of C1 to 020
# at RATE a minute, billed per INC seconds, through bill-run into out-INC
increments() {
	local i

	input
	sed -i "s/^call_increment = .*/call_increment = $1/" in/terms.conf
	grep -qx "call_increment = $1" in/terms.conf
	printf 'prefix,destination,rate\n31,Nederland vast,%s\n' "$2" >in/tariffs.csv
	for i in $(seq "$3"); do
		echo "c$i,C1,2026-11-03T10:00:00,0301234567,0201234567,,$4,," >>in/cdrs.csv
	done
	run -0 --separate-stderr billrun 2026-12 "out-$1"
	assert_equal "$stderr" ''
	run -0 pick "out-$1/lines.csv" kind
	assert_output 'usage'
}

@test "billed per second, every line still reads quantity × unit price = net: 10000 s at 0.01 a minute" {
	increments 1 0.01000 100 100
	run -0 off out-1/lines.csv
	assert_output ''
}

@test "billed per 30 s, every line still reads quantity × unit price = net: 3000 units at 0.03333 a minute" {
	increments 30 0.03333 1000 90
	run -0 off out-30/lines.csv
	assert_output ''
}

# --- the program itself ------------------------------------------------------

@test "usage --help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr usage --help </dev/null
	assert_output --regexp '^usage: usage -p YYYY-MM -c terms\.conf -s STATEDIR -o OUTDIR'
	assert_equal "$stderr" ''
}

@test "usage with a bad option prints the usage on stderr and exits 2" {
	terms VZ
	rated </dev/null
	mkdir out
	run -2 --separate-stderr usage -x -p 2026-12 -c terms.conf -s state -o out rated.csv </dev/null
	assert_output ''
	stderr_has '^usage: usage '
	run -0 ls -A out </dev/null
	assert_output ''
}

@test "usage without an output folder is a usage error" {
	terms VZ
	rated </dev/null
	run -2 --separate-stderr usage -p 2026-12 -c terms.conf -s state rated.csv </dev/null
	assert_output ''
	stderr_has '^usage: usage '
}

@test "a full disk is a write error and leaves no file in the output folder" {
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,61,2,0.02,0.04,VZ 7.3,cdrs.csv:2:5
	EOF
	mkdir out state
	run -1 on_full_disk usage -p 2026-12 -c terms.conf -s state -o out rated.csv </dev/null
	assert_output --regexp '^usage: out/[a-z_]+\.csv: write error'
	run -0 ls -A out </dev/null
	assert_output ''
}

@test "a full stdout is a write error and exits 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,61,2,0.02,0.04,VZ 7.3,cdrs.csv:2:5
	EOF
	mkdir out state
	run -1 --separate-stderr bash -c 'usage -p 2026-12 -c terms.conf -s state -o out rated.csv </dev/null >/dev/full'
	assert_output ''
	stderr_has '^usage: .*write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	terms VZ
	rated <<-'EOF'
	a,C1,2026-11-03T10:00:00+01:00,voice,0201234567,Nederland vast,61,2,0.02,0.04,VZ 7.3,cdrs.csv:2:5
	b,C1,2026-11-04T10:00:00+01:00,voice,0201234567,Nederland vast,6,1,0.004,0.004,VZ 7.3,cdrs.csv:3:5
	c,C2,2026-11-05T10:00:00+01:00,voice,0612345678,Nederland mobiel,18000,300,1,300,VZ 7.3,cdrs.csv:4:5
	EOF
	run -0 used c
	mv items.csv c.csv
	mkdir nl
	run -0 env LC_ALL=nl_NL.UTF-8 usage -p 2026-12 -c terms.conf -s state -o nl rated.csv </dev/null
	assert_output "$(cat c.csv)"
	assert_line --partial ',2026-11-01,2026-11-30,2,min,0.02,0.04,'
	run -0 diff -r c nl </dev/null
	run -0 cat nl/high_usage.csv </dev/null
	assert_line 'C2,2026-11,300.00,0.00,3,250.00,VZ 8.24'
}
