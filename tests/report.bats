#!/usr/bin/env bats
# report: a run's counts and totals per kind and per VAT rate, summed again
# from lines.csv and checked against invoices.csv.  fixtures/report/run is
# an output folder of three invoices: C1 at 21 % and 9 %, C2 a Belgian
# business and C3 a Dutch telecom reseller (both reverse-charged).

load helpers

# runfix: a copy of the fixture run in ./run, with its customers
runfix() {
	cp -r "$FIX/report/run" run
	cp "$FIX/report/customers.csv" .
}

# total FILE COL: the sum of a column of amounts >= 0 with two decimals
# (of a CSV without quoted commas), added up in whole cents
total() {
	col "$1" "$2" | tr -d . |
		awk '{ s += $1 } END { printf "%d.%02d\n", int(s / 100), s % 100 }'
}

@test "the totals per kind and per VAT rate add up to the invoices' totals" {
	runfix
	run -0 --separate-stderr report -C customers.csv run </dev/null
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	bill-run report for period 2026-12

	invoices      3  (VZ-2026-000007 to VZ-2026-000009)
	first         1 (paid in advance by transfer)
	direct debit  1
	transfer      2

	kind                lines            net
	subscription            3         130.00
	discount                1         -15.00
	charge                  1          50.10
	fee                     1           7.50
	correction              1          32.50

	VAT rate                      lines            net          VAT
	21%                               4          85.00        17.85
	9%                                1          50.10         4.51
	reverse charge, EU                1          30.00         0.00
	reverse charge, NL telecom        1          40.00         0.00

	net                      205.10
	VAT                       22.36
	gross                    227.46
	EOF
	# the same figures, summed from the run's own files
	assert_equal "$(total run/invoices.csv net)" 205.10
	assert_equal "$(total run/invoices.csv vat)" 22.36
	assert_equal "$(total run/invoices.csv gross)" 227.46
}

@test "without customers the reverse-charged lines count at their 0 % rate" {
	runfix
	run -0 report run </dev/null
	assert_line --regexp '^21% +4 +85\.00 +17\.85$'
	assert_line --regexp '^9% +1 +50\.10 +4\.51$'
	assert_line --regexp '^0% +2 +70\.00 +0\.00$'
	refute_line --partial 'reverse charge'
}

@test "lines that do not sum to their invoices are an error" {
	runfix
	sed -i 's/,7\.50,7\.50,21,VZ 8\.11$/,7.50,7.51,21,VZ 8.11/' run/lines.csv
	run -1 --separate-stderr report -C customers.csv run </dev/null
	assert_equal "$stderr" 'report: run: the lines sum to 205.11, the invoices to 205.10'
	assert_output ''
}

@test "VAT that is not the lines' VAT per invoice and rate is an error" {
	runfix
	# the invoices say 22.37: one cent more than 17.85 + 4.51
	sed -i 's/,22\.36,157\.46,/,22.37,157.47,/' run/invoices.csv
	run -0 grep -c ',22.37,157.47,' run/invoices.csv
	assert_output 1
	run -1 --separate-stderr report -C customers.csv run </dev/null
	assert_equal "$stderr" "report: run: the VAT of the lines per invoice and rate sums to 22.36, the invoices' to 22.37"
	assert_output ''
}

@test "a run without invoices reports zero invoices and zero totals" {
	mkdir run
	head -1 "$FIX/report/run/invoices.csv" >run/invoices.csv
	head -1 "$FIX/report/run/lines.csv" >run/lines.csv
	run -0 report run </dev/null
	assert_line --index 1 'invoices      0'
	assert_line --regexp '^gross +0\.00$'
}

@test "a missing lines.csv is an error naming it" {
	runfix
	rm run/lines.csv
	run -1 --separate-stderr report run </dev/null
	assert_regex "$stderr" '^report: run/lines\.csv'
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr report --help </dev/null
	assert_line --index 0 --regexp '^usage: report \[-1\] \[-C customers\.csv\] \[-D debits\.csv\] \[-U uncollected\.csv\] OUTDIR'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported and exits 1" {
	runfix
	run -1 --separate-stderr bash -c 'report -C customers.csv run </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	runfix
	run -0 report -C customers.csv run </dev/null
	c=$output
	assert_line --regexp '^net +205\.10$'
	run -0 env LC_ALL=nl_NL.UTF-8 report -C customers.csv run </dev/null
	assert_equal "$output" "$c"
}
