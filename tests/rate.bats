#!/usr/bin/env bats
# rate: the price of each CDR (rules.md §7; VZ 7.3, 7.4; VW 1.12.2): the
# tariff with the longest prefix of the normalised destination, for the
# CDR's service, valid on the call's Amsterdam date; voice per started
# call_increment, SMS per message, data per started MB; the least-cost-
# routing guard; internal and unanswered calls free; a destination without
# a tariff is an error.  Checked on the filter alone (fed a plain cdrs.csv
# of formats.md, which rate reads too) and through bin/bill-run.

load helpers

# calls: cdrs.csv from stdin, one "cdr_id start dst service billsec units
# route_cost" per line ('-' for an empty field), all of customer C1
calls() {
	local id start dst svc bs units rc

	echo 'cdr_id,customer_id,start,src,dst,service,billsec,units,route_cost'
	while read -r id start dst svc bs units rc; do
		[ "$svc" != - ] || svc=
		[ "$bs" != - ] || bs=
		[ "$units" != - ] || units=
		[ "$rc" != - ] || rc=
		echo "$id,C1,$start,0301234567,$dst,$svc,$bs,$units,$rc"
	done
}

# dutch: the tariffs of the acceptance checks, plus a longer mobile prefix
dutch() {
	cat >tariffs.csv <<-'EOF'
	prefix,service,destination,rate,setup,valid_from,valid_to
	31,voice,Nederland vast,0.02000,,,
	316,voice,Nederland mobiel,0.03500,,,
	3161,voice,Nederland mobiel 061,0.05000,,,
	3185,voice,Nederland 085,0.03000,,,
	44,voice,Verenigd Koninkrijk,0.12340,,,
	316,sms,SMS Nederland,0.10000,,,
	31,data,Data Nederland,0.50000,,,
	EOF
}

# rated: rate of cdrs.csv with tariffs.csv under terms.conf, into rated.csv
rated() {
	rate -c terms.conf -t tariffs.csv cdrs.csv </dev/null >rated.csv
}

# stderr_has REGEX: some line of $stderr matches the extended REGEX
stderr_has() {
	grep -qE -- "$1" <<<"$stderr" ||
		fail "no line of stderr matches /$1/; stderr was: $stderr"
}

# --- longest prefix ------------------------------------------------------

@test "the longest prefix of the destination wins: 31, 316 or 3161" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 60 - -
	b 2026-11-03T10:00:00 0621234567 - 60 - -
	c 2026-11-03T10:00:00 0612345678 - 60 - -
	d 2026-11-03T10:00:00 0851234567 - 60 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination rate amount
	assert_output - <<-'EOF'
	a|Nederland vast|0.02|0.02
	b|Nederland mobiel|0.035|0.035
	c|Nederland mobiel 061|0.05|0.05
	d|Nederland 085|0.03|0.03
	EOF
}

@test "0031, +31, a national 0 and 00CC are normalised before the lookup" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0031621234567 - 60 - -
	b 2026-11-03T10:00:00 +31621234567 - 60 - -
	c 2026-11-03T10:00:00 0621234567 - 60 - -
	d 2026-11-03T10:00:00 0044207123456 - 60 - -
	e 2026-11-03T10:00:00 +44207123456 - 60 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id dst destination amount
	assert_output - <<-'EOF'
	a|0031621234567|Nederland mobiel|0.035
	b|+31621234567|Nederland mobiel|0.035
	c|0621234567|Nederland mobiel|0.035
	d|0044207123456|Verenigd Koninkrijk|0.1234
	e|+44207123456|Verenigd Koninkrijk|0.1234
	EOF
}

@test "two rows of one prefix and service valid on a common day are an error naming tariffs.csv and the line" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,service,destination,rate,valid_from,valid_to
	316,voice,Nederland mobiel,0.03500,2026-01-01,2026-06-30
	31,voice,Nederland vast,0.02000,,
	316,voice,Nederland mobiel nieuw,0.04000,2026-06-30,
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 60 - -
	EOF
	run -1 --separate-stderr rated
	assert_equal "$stderr" "rate: tariffs.csv:4:1: prefix '316' for voice is also on line 2 for days in common: expected one tariff per prefix, service and day"
	run -0 cat rated.csv
	assert_output ''
}

@test "two undated rows of one prefix and service are an error naming tariffs.csv and the line" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate
	31,Nederland vast,0.02000
	316,Nederland mobiel,0.03500
	316,Nederland mobiel bis,0.03600
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 60 - -
	EOF
	run -1 --separate-stderr rated
	stderr_has "^rate: tariffs\.csv:4(:[0-9]+)?: .*'316'.*line 3"
	run -0 cat rated.csv
	assert_output ''
}

@test "a bad row of tariffs.csv is named with file, line and column" {
	local row where

	terms VZ
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 60 - -
	EOF
	while IFS='|' read -r row where; do
		printf 'prefix,service,destination,rate,setup,valid_from,valid_to\n31,voice,NL,0.02,,,\n%s\n' "$row" >tariffs.csv
		run -1 --separate-stderr rated
		stderr_has "^rate: tariffs\.csv:3:$where: "
	done <<-'EOF'
	+316,voice,X,0.02,,,|1
	316,voice,X,"0,02",,,|4
	316,voice,X,0.123456,,,|4
	316,voice,X,-0.02,,,|4
	316,voice,X,0.02,-1,,|5
	316,fax,X,0.02,,,|2
	316,voice,X,0.02,,2026-07-01,2026-06-30|7
	316,voice,X,0.02,,2026-02-30,|6
	EOF
}

@test "one prefix for two services, or for two periods that do not meet, is no tie" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,service,destination,rate,valid_from,valid_to
	316,voice,Mobiel oud,0.03000,,2026-06-30
	316,voice,Mobiel nieuw,0.04000,2026-07-01,
	316,sms,SMS mobiel,0.10000,,
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-06-15T10:00:00 0621234567 - 60 - -
	b 2026-07-15T10:00:00 0621234567 - 60 - -
	c 2026-07-15T10:00:00 0621234567 sms - 1 -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination amount
	assert_output - <<-'EOF'
	a|Mobiel oud|0.03
	b|Mobiel nieuw|0.04
	c|SMS mobiel|0.10
	EOF
}

@test "a longer prefix only for another service falls back to the shorter one" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,service,destination,rate
	31,voice,Nederland vast,0.02000
	316,sms,SMS mobiel,0.10000
	31,sms,SMS Nederland,0.08000
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 voice 60 - -
	b 2026-11-03T10:00:00 0621234567 sms - 1 -
	c 2026-11-03T10:00:00 0201234567 sms - 1 -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination amount
	assert_output - <<-'EOF'
	a|Nederland vast|0.02
	b|SMS mobiel|0.10
	c|SMS Nederland|0.08
	EOF
}

@test "a longer prefix not valid on the call's date falls back to the shorter one" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate,valid_from,valid_to
	31,Nederland vast,0.02000,,
	316,Nederland mobiel,0.03500,2027-01-01,
	3161,Nederland 061,0.05000,,2026-10-31
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 - 60 - -
	b 2026-11-03T10:00:00 0612345678 - 60 - -
	c 2027-01-03T10:00:00 0612345678 - 60 - -
	d 2026-10-31T10:00:00 0612345678 - 60 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination amount
	assert_output - <<-'EOF'
	a|Nederland vast|0.02
	b|Nederland vast|0.02
	c|Nederland mobiel|0.035
	d|Nederland 061|0.05
	EOF
}

# --- validity by the Amsterdam date --------------------------------------

@test "2026-06-30T22:30:00Z is 1 July in Amsterdam and takes July's tariff" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate,valid_from,valid_to
	31,Juni,0.02000,,2026-06-30
	31,Juli,0.04000,2026-07-01,
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-06-30T22:30:00Z 0201234567 - 60 - -
	b 2026-06-30T21:59:59Z 0201234567 - 60 - -
	c 2026-06-30T23:30:00+01:00 0201234567 - 60 - -
	d 2026-06-30T23:59:59 0201234567 - 60 - -
	e 2026-07-01T00:00:00 0201234567 - 60 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination rate
	assert_output - <<-'EOF'
	a|Juli|0.04
	b|Juni|0.02
	c|Juli|0.04
	d|Juni|0.02
	e|Juli|0.04
	EOF
}

@test "2026-12-31T23:30:00Z is 1 January in Amsterdam and takes the new year's tariff" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate,valid_from,valid_to
	31,Tarief 2026,0.02000,2026-01-01,2026-12-31
	31,Tarief 2027,0.03000,2027-01-01,2027-12-31
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-12-31T23:30:00Z 0201234567 - 60 - -
	b 2026-12-31T22:59:59Z 0201234567 - 60 - -
	c 2026-12-31T23:00:00Z 0201234567 - 60 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination rate
	assert_output - <<-'EOF'
	a|Tarief 2027|0.03
	b|Tarief 2026|0.02
	c|Tarief 2027|0.03
	EOF
}

@test "a call on a day between two tariffs' validity has no tariff and is an error" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate,valid_from,valid_to
	31,Oud,0.02000,,2026-06-30
	31,Nieuw,0.04000,2026-07-02,
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-06-30T12:00:00 0201234567 - 60 - -
	b 2026-06-30T22:30:00Z 0201234567 - 60 - -
	EOF
	run -1 --separate-stderr rated
	stderr_has "^rate: cdrs\.csv:3(:5)?: no tariff for voice to '0201234567'.* on 2026-07-01"
}

# --- units ---------------------------------------------------------------

@test "voice is billed per started minute: 61 s is 2, 59 s is 1, 120 s is 2" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 - 61 - -
	b 2026-11-03T10:00:00 0621234567 - 59 - -
	c 2026-11-03T10:00:00 0621234567 - 120 - -
	d 2026-11-03T10:00:00 0621234567 - 60 - -
	e 2026-11-03T10:00:00 0621234567 - 1 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id billsec billed_units rate amount rule
	assert_output - <<-'EOF'
	a|61|2|0.035|0.07|VZ 7.3
	b|59|1|0.035|0.035|VZ 7.3
	c|120|2|0.035|0.07|VZ 7.3
	d|60|1|0.035|0.035|VZ 7.3
	e|1|1|0.035|0.035|VZ 7.3
	EOF
}

@test "with call_increment 30 a voice unit is 30 s and the rate stays per minute" {
	terms VZ
	sed -i 's/^call_increment = .*/call_increment = 30/' terms.conf
	grep -qx 'call_increment = 30' terms.conf
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate
	31,Nederland vast,0.06000
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 61 - -
	b 2026-11-03T10:00:00 0201234567 - 59 - -
	c 2026-11-03T10:00:00 0201234567 - 30 - -
	d 2026-11-03T10:00:00 0201234567 - 120 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id billed_units rate amount
	assert_output - <<-'EOF'
	a|3|0.06|0.09
	b|2|0.06|0.06
	c|1|0.06|0.03
	d|4|0.06|0.12
	EOF
}

@test "a setup fee is added to each answered call, not to an unanswered one nor an SMS" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,service,destination,rate,setup
	31,voice,Nederland vast,0.02000,0.10000
	31,sms,SMS Nederland,0.08000,0.10000
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 61 - -
	b 2026-11-03T10:00:00 0201234567 - 0 - -
	c 2026-11-03T10:00:00 0201234567 - 1 - -
	d 2026-11-03T10:00:00 0201234567 sms - 2 -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id billed_units amount rule
	assert_output - <<-'EOF'
	a|2|0.14|VZ 7.3
	b|0|0.00|unanswered
	c|1|0.12|VZ 7.3
	d|2|0.16|VZ 7.3
	EOF
}

@test "an SMS is billed per message" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 sms - 1 -
	b 2026-11-03T10:00:00 0621234567 sms - 3 -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id service destination billed_units rate amount rule
	assert_output - <<-'EOF'
	a|sms|SMS Nederland|1|0.10|0.10|VZ 7.3
	b|sms|SMS Nederland|3|0.10|0.30|VZ 7.3
	EOF
}

@test "data is billed per started megabyte of 1000 kB: 1001 kB is 2 MB" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 data - 1001 -
	b 2026-11-03T10:00:00 0621234567 data - 1000 -
	c 2026-11-03T10:00:00 0621234567 data - 1 -
	d 2026-11-03T10:00:00 0621234567 data - 2500 -
	e 2026-11-03T10:00:00 0621234567 data - 1024 -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination billed_units amount
	assert_output - <<-'EOF'
	a|Data Nederland|2|1.00
	b|Data Nederland|1|0.50
	c|Data Nederland|1|0.50
	d|Data Nederland|3|1.50
	e|Data Nederland|2|1.00
	EOF
}

@test "under the VW profile a call cites VW 1.12.2" {
	terms VW
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 - 61 - -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id amount rule
	assert_output 'a|0.07|VW 1.12.2'
}

# --- least-cost-routing guard (VZ 7.4) ----------------------------------

@test "a route_cost above the rate bills the call at route_cost and cites VZ 7.4" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	c4 2026-11-05T12:00:00 0201234567 - 120 - 0.05
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination billed_units rate amount rule
	assert_output 'c4|Nederland vast|2|0.05|0.10|VZ 7.4'
}

@test "a route_cost below or equal to the rate leaves the tariff's rate" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	c5 2026-11-06T12:00:00 0621234567 - 600 - 0.01
	c6 2026-11-06T12:00:00 0621234567 - 600 - 0.035
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id billed_units rate amount rule
	assert_output - <<-'EOF'
	c5|10|0.035|0.35|VZ 7.3
	c6|10|0.035|0.35|VZ 7.3
	EOF
}

# --- free calls ----------------------------------------------------------

@test "an extension, 's' and 112 are internal: free, rule internal, no tariff needed" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate
	44,Verenigd Koninkrijk,0.12340
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 100 - 61 - -
	b 2026-11-03T10:00:00 s - 61 - -
	c 2026-11-03T10:00:00 112 - 61 - 0.50
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id dst destination billed_units amount rule
	assert_output - <<-'EOF'
	a|100||0|0.00|internal
	b|s||0|0.00|internal
	c|112||0|0.00|internal
	EOF
}

@test "an unanswered call is free, rule unanswered, and needs no tariff" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate
	44,Verenigd Koninkrijk,0.12340
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 0 - 0.05
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id billed_units amount rule
	assert_output 'a|0|0.00|unanswered'
}

# --- bad CDRs ------------------------------------------------------------

@test "a destination without a tariff is an error naming cdrs.csv and its line" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,destination,rate
	31,Nederland vast,0.02000
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 60 - -
	b 2026-11-03T10:00:00 0044207123456 - 60 - -
	EOF
	run -1 --separate-stderr rated
	stderr_has "^rate: cdrs\.csv:3(:5)?: no tariff for voice to '0044207123456'"
}

@test "a dst that is not a number is an error naming cdrs.csv, its line and the dst column" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 60 - -
	b 2026-11-03T10:00:00 06x12345678 - 60 - -
	EOF
	run -1 --separate-stderr rated
	stderr_has "^rate: cdrs\.csv:3:5: bad dst '06x12345678'"
}

@test "a billsec of 12.5 is an error naming cdrs.csv, line and column" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 12.5 - -
	EOF
	run -1 --separate-stderr rated
	stderr_has "^rate: cdrs\.csv:2:7: bad billsec '12\.5'"
}

# --- data: a country code alone -------------------------------------------

# roaming: data tariffs per country code, and a voice one for Belgium
roaming() {
	cat >tariffs.csv <<-'EOF'
	prefix,service,destination,rate
	31,data,Data Nederland,0.50000
	32,data,Data België,0.01000
	3,data,Data Europa,0.20000
	90,data,Data Turkije,2.50000
	32,voice,België,0.10000
	EOF
}

@test "a data session's bare country code is rated by the longest prefix: +32 and 0032 by the 32 tariff" {
	terms VZ
	roaming
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 +32 data - 1500 -
	b 2026-11-03T10:00:00 0032 data - 1500 -
	c 2026-11-03T10:00:00 +31 data - 1500 -
	d 2026-11-03T10:00:00 +33 data - 1500 -
	e 2026-11-03T10:00:00 +90 data - 1500 -
	f 2026-11-03T10:00:00 +32470123456 data - 1500 -
	EOF
	run -0 --separate-stderr rated
	assert_equal "$stderr" ''
	run -0 pick rated.csv cdr_id dst destination billed_units rate amount rule
	assert_output - <<-'EOF'
	a|+32|Data België|2|0.01|0.02|VZ 7.3
	b|0032|Data België|2|0.01|0.02|VZ 7.3
	c|+31|Data Nederland|2|0.50|1.00|VZ 7.3
	d|+33|Data Europa|2|0.20|0.40|VZ 7.3
	e|+90|Data Turkije|2|2.50|5.00|VZ 7.3
	f|+32470123456|Data België|2|0.01|0.02|VZ 7.3
	EOF
}

@test "roaming data as in rules.md's example: 300 MB at home, 301 MB in Belgium, 2 MB in Turkey" {
	terms VW
	roaming
	calls >cdrs.csv <<-'EOF'
	home 2026-10-20T10:00:00 +31 data - 300000 -
	be 2026-10-21T10:00:00 +32 data - 301000 -
	tr 2026-10-22T10:00:00 +90 data - 2000 -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination billed_units amount rule
	assert_output - <<-'EOF'
	home|Data Nederland|300|150.00|VW 1.12.2
	be|Data België|301|3.01|VW 1.12.2
	tr|Data Turkije|2|5.00|VW 1.12.2
	EOF
}

@test "a data dst of '+' or '00' alone is refused naming the dst column; a voice call to '+32' too" {
	local dst svc want

	terms VZ
	roaming
	while IFS='|' read -r dst svc want; do
		calls >cdrs.csv <<-EOF
		a 2026-11-03T10:00:00 +31 data - 1 -
		b 2026-11-03T10:00:00 $dst $svc 60 1 -
		EOF
		run -1 --separate-stderr rated
		assert_equal "$stderr" "rate: cdrs.csv:3:5: bad dst '$dst': expected a number with 0, 00 or + and up to 15 digits$want"
	done <<-'EOF'
	+|data|, or a country code
	00|data|, or a country code
	+32|voice|
	0032|voice|
	EOF
}

# --- quoting --------------------------------------------------------------

@test "a tariff destination with a comma or a quote is written quoted, and the columns stay in place" {
	terms VZ
	cat >tariffs.csv <<-'EOF'
	prefix,service,destination,rate,setup
	31,voice,"Nederland, vast",0.02000,0.10000
	316,voice,"Mobiel ""premium""",0.03500,
	32,data,"Data België, roaming",0.01000,
	EOF
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 61 - -
	b 2026-11-03T10:00:00 0612345678 - 61 - 0.05
	c 2026-11-03T10:00:00 +32 data - 1500 -
	EOF
	run -0 rated
	run -0 pick rated.csv cdr_id destination billsec billed_units rate amount rule origin setup
	assert_output - <<-'EOF'
	a|Nederland, vast|61|2|0.02|0.14|VZ 7.3|cdrs.csv:2:5|0.10
	b|Mobiel "premium"|61|2|0.05|0.10|VZ 7.4|cdrs.csv:3:5|0.00
	c|Data België, roaming||2|0.01|0.02|VZ 7.3|cdrs.csv:4:5|0.00
	EOF
	run -0 grep -c '^a,C1,.*,"Nederland, vast",61,' rated.csv </dev/null
	run -0 grep -c '"Mobiel ""premium""",' rated.csv </dev/null
}

@test "a bad start or route_cost of a plain cdrs.csv is named with its own column" {
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 60 - -0.05
	EOF
	run -1 --separate-stderr rated
	assert_equal "$stderr" "rate: cdrs.csv:2:9: bad route_cost '-0.05': expected EUR per minute >= 0"
	calls >cdrs.csv <<-'EOF'
	a 2026-11-31T10:00:00 0201234567 - 60 - -
	EOF
	run -1 --separate-stderr rated
	stderr_has "^rate: cdrs\\.csv:2:3: bad start '2026-11-31T10:00:00'"
}

# --- through bill-run -----------------------------------------------------

# usagein DIR: an input folder with one customer and a contract billed
# through December (so only usage is new), the Dutch tariffs and a cdrs.csv
# from stdin (calls' format)
usagein() {
	mkdir -p "$1"
	(cd "$1" && terms VZ && dutch)
	cat >"$1/customers.csv" <<-'EOF'
	customer_id,name,street,postcode,city,iban,mandate_id,mandate_date
	C1,Alfa BV,Kerkstraat 1,1011 AA,Amsterdam,NL44RABO0123456789,M-C1,2026-10-01
	EOF
	cat >"$1/contracts.csv" <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,billed_through
	K1,C1,VoIP basis,10.00,2026-10-01,2027-06-30
	EOF
	calls >"$1/cdrs.csv"
}

# refused_run WHERE WHAT: after a posted November, bill-run of December on
# in/ fails with "prog: WHERE: ...WHAT", writes nothing and leaves the
# state byte for byte as it was
refused_run() {
	local before

	mkdir good
	cp -r in/. good/
	calls >good/cdrs.csv <<-'EOF'
	n1 2026-10-03T10:00:00 0201234567 - 60 - -
	EOF
	mkdir -p state
	run -0 bill-run -p 2026-11 -i good -o runs/nov -s state </dev/null
	before=$(snapshot state)
	run -1 --separate-stderr bill-run -p 2026-12 -i in -o runs/dec -s state </dev/null
	assert_output ''
	stderr_has "^[a-z-]+: $1: .*$2"
	[ ! -e runs/dec ]
	assert_equal "$(ls -A runs)" nov
	assert_equal "$(snapshot state)" "$before"
}

@test "bill-run refuses a CDR without a tariff, naming cdrs.csv and its line, and writes nothing" {
	usagein in <<-'EOF'
	c1 2026-11-03T10:00:00 0201234567 - 60 - -
	c2 2026-11-03T10:00:00 0044207123456 - 60 - -
	c3 2026-11-03T10:00:00 0049301234567 - 60 - -
	EOF
	refused_run 'cdrs\.csv:4(:5)?' "no tariff.*'0049301234567'"
}

@test "bill-run refuses a dst that is not a number, naming cdrs.csv, line and column" {
	usagein in <<-'EOF'
	c1 2026-11-03T10:00:00 0201234567 - 60 - -
	c2 2026-11-03T10:00:00 +31-20-12x4567 - 60 - -
	EOF
	refused_run 'cdrs\.csv:3:5' "bad dst '\+31-20-12x4567'"
}

@test "through bill-run the acceptance calls are priced as rules.md §7 says" {
	usagein in <<-'EOF'
	c1 2026-11-03T10:00:00 0612345678 - 61 - -
	c2 2026-11-03T11:00:00 +31201234567 - 59 - -
	c3 2026-11-04T09:00:00 0031612345678 - 0 - -
	c4 2026-11-05T12:00:00 0201234567 - 120 - 0.05
	c5 2026-11-06T12:00:00 0621234567 - 600 - 0.01
	c6 2026-11-30T23:59:00+01:00 0044207123456 - 30 - -
	EOF
	mkdir -p state
	run -0 bill-run -p 2026-12 -i in -o out -s state </dev/null
	run -0 pick out/usage.csv cdr_id billed_units rate amount rule
	assert_output - <<-'EOF'
	c1|2|0.05|0.10|VZ 7.3
	c2|1|0.02|0.02|VZ 7.3
	c3|0|0.00|0.00|unanswered
	c4|2|0.05|0.10|VZ 7.4
	c5|10|0.035|0.35|VZ 7.3
	c6|1|0.1234|0.1234|VZ 7.3
	EOF
}

@test "through bill-run a destination with a comma stays one column of usage.csv and lines.csv" {
	usagein in </dev/null
	cat >in/tariffs.csv <<-'EOF'
	prefix,destination,rate,setup
	31,"Nederland, vast",0.02000,0.10000
	EOF
	calls >in/cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0201234567 - 61 - -
	EOF
	mkdir -p state
	run -0 --separate-stderr bill-run -p 2026-12 -i in -o out -s state </dev/null
	assert_equal "$stderr" ''
	run -0 pick out/usage.csv cdr_id destination billsec billed_units rate amount rule
	assert_output 'a|Nederland, vast|61|2|0.02|0.14|VZ 7.3'
	run -0 pick out/lines.csv ref description quantity unit unit_price net rule
	assert_output - <<-'EOF'
	Nederland, vast|Bellen Nederland, vast|2|min|0.02|0.04|VZ 8.14, VZ 7.3
	Nederland, vast|Opzetkosten Nederland, vast|1|call|0.10|0.10|VZ 7.3
	EOF
}

# --- the program itself ---------------------------------------------------

@test "rate --help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr rate --help </dev/null
	assert_output --regexp '^usage: rate -c terms\.conf'
	assert_equal "$stderr" ''
}

@test "rate with a bad option prints the usage on stderr and exits 2" {
	terms VZ
	run -2 --separate-stderr rate -x -c terms.conf </dev/null
	assert_output ''
	stderr_has '^usage: rate '
}

@test "rate without terms.conf is a usage error" {
	run -2 --separate-stderr rate </dev/null
	assert_output ''
	stderr_has '^usage: rate '
}

@test "rate into a full stdout is a write error and exits 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 - 61 - -
	EOF
	run -1 --separate-stderr bash -c 'rate -c terms.conf -t tariffs.csv cdrs.csv </dev/null >/dev/full'
	assert_output ''
	stderr_has '^rate: .*write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	terms VZ
	dutch
	calls >cdrs.csv <<-'EOF'
	a 2026-11-03T10:00:00 0621234567 - 61 - 0.04
	b 2026-11-03T10:00:00 0044207123456 - 30 - -
	c 2026-11-03T10:00:00 0621234567 data - 1001 -
	EOF
	run -0 rated
	mv rated.csv c.csv
	run -0 env LC_ALL=nl_NL.UTF-8 rate -c terms.conf -t tariffs.csv cdrs.csv </dev/null
	assert_output "$(cat c.csv)"
	assert_output --partial ',0.04,0.08,VZ 7.4,'
	assert_output --partial ',0.1234,0.1234,'
}
