#!/usr/bin/env bats
# post: a run's invoices become part of the state (rules.md §1, §8),
# atomically; reruns change nothing or are refused; runs go forward.
# The runs of fixtures/post/PERIOD are an output folder each, with the
# posting file the invoice step wrote beside them.

load helpers

# runfix PERIOD: a copy of the fixture run of PERIOD in ./PERIOD
runfix() {
	cp -r "$FIX/post/$1" "$1"
}

# posted PERIOD [OPTION...]: post ./PERIOD to state/
posted() {
	local p=$1
	shift
	post -p "$p" -s state "$@" -b "$p/posting.csv" "$p" </dev/null
}

# on_full_disk CMD...: CMD with every write to a file failing as on a full
# disk (file size limit 0, SIGXFSZ ignored); its stderr comes through a pipe
on_full_disk() {
	(trap '' XFSZ; ulimit -f 0; exec "$@") 2>&1 | cat
	return "${PIPESTATUS[0]}"
}

@test "posting a run adds its items, its invoices and a run row to the state" {
	mkdir state
	runfix 2026-11
	run -0 --separate-stderr posted 2026-11
	assert_output ''
	assert_equal "$stderr" ''
	run -0 cat state/current/billed.csv </dev/null
	assert_output "$(cat 2026-11/posting.csv)"
	run -0 cat state/current/invoices.csv </dev/null
	assert_output - <<-'EOF'
	invoice_no,customer_id,invoice_date,due_date,period,net,vat,gross,payment_method,collection_date,first_invoice,payment_reference
	VZ-2026-000001,C1,2026-11-01,2026-11-15,2026-11,94.00,19.74,113.74,transfer,,yes,
	VZ-2026-000002,C2,2026-11-01,2026-11-15,2026-11,30.00,0.00,30.00,transfer,,yes,
	EOF
	run -0 cut -d, -f1-8 state/current/runs.csv </dev/null
	assert_output - <<-'EOF'
	period,invoice_date,invoices,first_invoice_no,last_invoice_no,net,vat,gross
	2026-11,2026-11-01,2,VZ-2026-000001,VZ-2026-000002,124.00,19.74,143.74
	EOF
}

@test "a second period's items join billed.csv by customer" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	run -0 posted 2026-12
	run -0 pick state/current/billed.csv customer_id key rule invoice_no
	assert_output - <<-'EOF'
	C1|S/K1/2026-10|VW 1.12.3, VW 2.4.1|VZ-2026-000001
	C1|S/K1/2026-11|VZ 8.13|VZ-2026-000001
	C1|S/K1/2026-12|VZ 8.13|VZ-2026-000003
	C2|S/K2/2026-11|VZ 8.13|VZ-2026-000002
	C2|S/K2/2026-12|VZ 8.13|VZ-2026-000004
	EOF
	run -0 cut -d, -f1 state/current/invoices.csv </dev/null
	assert_equal "${lines[*]}" 'invoice_no VZ-2026-000001 VZ-2026-000002 VZ-2026-000003 VZ-2026-000004'
	run -0 cut -d, -f1,2 state/current/runs.csv </dev/null
	assert_equal "${lines[*]}" 'period,invoice_date 2026-11,2026-11-01 2026-12,2026-12-01'
}

@test "-n accepts a first period, a rerun of the posted one and a later one" {
	mkdir state
	run -0 --separate-stderr post -n -p 2026-11 -s state </dev/null
	assert_equal "$stderr" ''
	runfix 2026-11
	run -0 posted 2026-11
	run -0 post -n -p 2026-11 -s state </dev/null
	run -0 post -n -p 2026-12 -s state </dev/null
	run -0 post -n -p 2027-03 -s state -d 2027-03-05 </dev/null
}

@test "-n refuses a period before the last posted one and leaves the state as it was" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	run -0 posted 2026-12
	snapshot state >before
	run -1 --separate-stderr post -n -p 2026-10 -s state </dev/null
	assert_equal "$stderr" "post: period 2026-10 is before the last posted period 2026-12: runs go forward, and only a posted period can be rerun"
	run -0 diff before <(snapshot state) </dev/null
}

@test "a rerun of a posted period may not change its invoice date" {
	mkdir state
	runfix 2026-11
	run -0 posted 2026-11
	run -1 --separate-stderr post -n -p 2026-11 -s state -d 2026-11-02 </dev/null
	assert_regex "$stderr" '^post: period 2026-11 was invoiced on 2026-11-01: a rerun must use the same invoice date'
	run -1 --separate-stderr posted 2026-11 -d 2026-11-02
	assert_regex "$stderr" 'same invoice date'
}

@test "an invoice date outside the run month and the month after is refused (rules.md §8)" {
	mkdir state
	runfix 2026-11
	run -0 posted 2026-11
	run -1 --separate-stderr post -n -p 2026-12 -s state -d 2026-10-31 </dev/null
	assert_regex "$stderr" '^post: bad invoice date 2026-10-31: expected a day of the run month 2026-12 or of the month after it, 2027-01'
	run -1 --separate-stderr post -n -p 2026-12 -s state -d 2026-11-30 </dev/null
	assert_regex "$stderr" '^post: bad invoice date 2026-11-30: '
	run -1 --separate-stderr post -n -p 2026-12 -s state -d 2027-02-01 </dev/null
	assert_regex "$stderr" '^post: bad invoice date 2027-02-01: '
	run -0 post -n -p 2026-12 -s state -d 2026-12-01 </dev/null
	run -0 post -n -p 2026-12 -s state -d 2027-01-31 </dev/null
}

@test "a rerun with identical outputs leaves the state byte for byte unchanged" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	run -0 posted 2026-12
	snapshot state >before
	run -0 --separate-stderr posted 2026-11
	assert_equal "$stderr" ''
	run -0 posted 2026-12
	run -0 diff before <(snapshot state) </dev/null
	run -0 cat before </dev/null
	assert_line --regexp '^\./current -> gen\.[0-9]+$'
	assert_line --regexp '^\./gen\.[0-9]+/billed\.csv '
}

@test "a rerun whose outputs differ is refused and leaves the state unchanged" {
	mkdir state
	runfix 2026-11
	run -0 posted 2026-11
	snapshot state >before
	sed -i 's/Hosted PBX,2026-11-01/Hosted PBX (new),2026-11-01/' 2026-11/lines.csv
	run -1 --separate-stderr posted 2026-11
	assert_equal "$stderr" "post: period 2026-11 was posted with other results: the inputs changed since; an issued invoice is never changed, so bill the change in the next period"
	run -0 diff before <(snapshot state) </dev/null
}

@test "through bill-run, a refused rerun leaves no output folder and the state as it was" {
	mkdir in
	(cd in && terms VZ)
	cat >in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,payment_method
	C1,Alfa BV,Dorpsstraat 1,1000 AA,Amsterdam,transfer
	EOF
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	mkdir -p state
	run -0 bill-run -p 2026-11 -i in -o out -s state </dev/null
	snapshot state >before
	sed -i 's/,60\.00,/,65.00,/' in/contracts.csv
	run -1 --separate-stderr bill-run -p 2026-11 -i in -o rerun -s state </dev/null
	assert_regex "$stderr" '^post: period 2026-11 was posted with other results'
	[ ! -e rerun ]
	run -0 diff before <(snapshot state) </dev/null
	run -1 --separate-stderr bill-run -p 2026-10 -i in -o early -s state </dev/null
	assert_regex "$stderr" '^post: period 2026-10 is before the last posted period 2026-11'
	[ ! -e early ]
	run -0 diff before <(snapshot state) </dev/null
}

@test "a full disk while posting leaves the state as it was" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	snapshot state >before
	run -1 on_full_disk post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
	assert_output --partial 'write error'
	run -0 diff before <(snapshot state) </dev/null
	run -0 posted 2026-12
	run -0 cut -d, -f1 state/current/runs.csv </dev/null
	assert_equal "${lines[*]}" 'period 2026-11 2026-12'
}

@test "neither -n nor -b with an output folder is a usage error" {
	mkdir state
	run -2 --separate-stderr post -p 2026-11 -s state </dev/null
	assert_regex "$stderr" '^usage: post '
	run -0 find state </dev/null
	assert_output 'state'
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr post --help </dev/null
	assert_line --index 0 --regexp '^usage: post -p YYYY-MM -s STATEDIR'
	assert_equal "$stderr" ''
}

@test "--help into a full stdout is a write error and exits 1" {
	# post writes only the state; --help is what it prints on stdout
	run -1 --separate-stderr bash -c 'post --help </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same state as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	runfix 2026-11
	mkdir state c
	run -0 post -p 2026-11 -s c -b 2026-11/posting.csv 2026-11 </dev/null
	run -0 env LC_ALL=nl_NL.UTF-8 post -p 2026-11 -s state -b 2026-11/posting.csv 2026-11 </dev/null
	run -0 diff <(snapshot c) <(snapshot state) </dev/null
	run -0 cat state/current/runs.csv </dev/null
	assert_line --partial ',124.00,19.74,143.74,'
}
