#!/usr/bin/env bats
# ledger: only what no earlier invoice covered is billed, and a changed
# input is corrected on the next run (rules.md §1).  Checked over runs of
# bin/bill-run on one state, and on the filter alone.

load helpers

# input: an input folder in/ with the VZ profile and two customers; the
# test writes in/contracts.csv
input() {
	mkdir -p in
	(cd in && terms VZ)
	cat >in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,iban,bic,mandate_id,mandate_date
	C1,Alfa BV,Dorpsstraat 1,1000 AA,Amsterdam,NL91ABNA0417164300,ABNANL2A,M1,2026-01-01
	C2,Beta BV,Kerkweg 2,2000 BB,Haarlem,NL91ABNA0417164300,ABNANL2A,M2,2026-01-01
	EOF
}

# billrun PERIOD [OUT]: bill-run for PERIOD on in/ and state/, into OUT
# (default out-PERIOD)
billrun() {
	mkdir -p state
	bill-run -p "$1" -i in -o "${2:-out-$1}" -s state </dev/null
}

@test "a second run bills only the new month, nothing twice" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-10-15
	EOF
	run -0 billrun 2026-11
	run -0 pick out-2026-11/lines.csv invoice_no kind from to net
	assert_output - <<-'EOF'
	VZ-2026-000001|subscription|2026-10-15|2026-10-31|34.00
	VZ-2026-000001|subscription|2026-11-01|2026-11-30|60.00
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/lines.csv invoice_no kind from to net
	assert_output 'VZ-2026-000002|subscription|2026-12-01|2026-12-31|60.00'
}

@test "a customer with nothing new to bill gets no invoice" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,end_date
	K1,C1,Hosted PBX,60.00,2026-11-01,2026-11-30
	K2,C2,Trunk,30.00,2026-11-01,
	EOF
	run -0 billrun 2026-11
	run -0 billrun 2026-12
	run -0 pick out-2026-12/invoices.csv customer_id net
	assert_output 'C2|30.00'
}

@test "a rerun of a posted period reproduces invoices.csv and lines.csv byte for byte" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months
	K1,C1,Hosted PBX,60.00,2026-10-15,12
	K2,C2,Trunk,30.00,2026-11-01,
	EOF
	run -0 billrun 2026-11
	run -0 billrun 2026-12
	run -0 billrun 2026-11 rerun-11
	run -0 cmp out-2026-11/invoices.csv rerun-11/invoices.csv </dev/null
	run -0 cmp out-2026-11/lines.csv rerun-11/lines.csv </dev/null
	run -0 billrun 2026-12 rerun-12
	run -0 cmp out-2026-12/invoices.csv rerun-12/invoices.csv </dev/null
	run -0 cmp out-2026-12/lines.csv rerun-12/lines.csv </dev/null
	run -0 pick rerun-11/invoices.csv invoice_no
	assert_output - <<-'EOF'
	VZ-2026-000001
	VZ-2026-000002
	EOF
}

@test "a changed monthly_fee after billing is corrected by the difference on the next run" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	run -0 billrun 2026-12
	sed -i 's/,60\.00,/,70.00,/' in/contracts.csv
	run -0 billrun 2027-01
	run -0 pick out-2027-01/lines.csv kind ref from to net
	assert_output - <<-'EOF'
	correction|K1|2026-11-01|2026-11-30|10.00
	correction|K1|2026-12-01|2026-12-31|10.00
	subscription|K1|2027-01-01|2027-01-31|70.00
	EOF
	run -0 pick out-2027-01/lines.csv description
	assert_line --index 0 --partial 'VZ-2026-000001'
	assert_line --index 1 --partial 'VZ-2026-000002'
}

@test "a back-dated end_date gives negative corrections for the months no longer owed" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Trunk,30.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	run -0 billrun 2026-12
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,end_date
	K1,C1,Trunk,30.00,2026-11-01,2026-11-15
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/lines.csv kind ref from to net
	assert_output - <<-'EOF'
	correction|K1|2026-11-01|2026-11-15|-15.00
	correction|K1|2026-12-01|2026-12-31|-30.00
	EOF
	run -0 pick out-2027-01/invoices.csv net vat gross payment_method collection_date
	assert_output '-45.00|-9.45|-54.45|transfer|'
}

@test "corrections are billed once: the run after them bills only the new month" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	sed -i 's/,60\.00,/,70.00,/' in/contracts.csv
	run -0 billrun 2026-12
	run -0 pick out-2026-12/lines.csv kind net
	assert_output - <<-'EOF'
	correction|10.00
	subscription|70.00
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/lines.csv kind net
	assert_output 'subscription|70.00'
}

@test "the VZ buyout of 480.00 is on the December invoice and never again" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date
	K1,C1,Hosted PBX,40.00,2026-11-01,14,2026-11-15
	EOF
	run -0 billrun 2026-11
	run -0 pick out-2026-11/lines.csv kind
	refute_line 'buyout'
	run -0 billrun 2026-12
	run -0 pick out-2026-12/lines.csv kind from to net
	assert_output - <<-'EOF'
	subscription|2026-12-01|2026-12-31|40.00
	buyout|2027-01-01|2027-12-31|480.00
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/invoices.csv invoice_no
	assert_output ''
}

@test "a once discount is on the first invoice only" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,30.00,2026-11-01
	EOF
	cat >in/discounts.csv <<-'EOF'
	discount_id,contract_id,amount,once
	W,K1,10.00,yes
	EOF
	run -0 billrun 2026-11
	run -0 pick out-2026-11/lines.csv kind ref net rule
	assert_output - <<-'EOF'
	subscription|K1|30.00|VZ 8.13
	discount|W|-10.00|VZ 7.11
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/lines.csv kind ref net
	assert_output 'subscription|K1|30.00'
}

@test "an early cancellation is billed once, by the run of the month it was received" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date,end_reason
	K1,C1,Hosted PBX,100.00,2027-01-01,12,2026-12-10,early_cancel
	K2,C2,Trunk,30.00,2026-11-01,,,
	EOF
	run -0 billrun 2026-12
	run -0 pick out-2026-12/lines.csv customer_id kind net rule
	assert_line 'C1|early_cancel|240.00|VZ 4.1'
	run -0 billrun 2027-01
	run -0 pick out-2027-01/lines.csv customer_id
	refute_line 'C1'
}

@test "a contract registered late is caught up on the next run, once" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	echo 'K2,C1,Extra line,30.00,2026-10-20' >>in/contracts.csv
	run -0 billrun 2026-12
	run -0 pick out-2026-12/lines.csv kind ref from to net rule
	assert_output - <<-'EOF'
	subscription|K1|2026-12-01|2026-12-31|60.00|VZ 8.13
	subscription|K2|2026-10-20|2026-10-31|12.00|VZ 8.13, VZ 8.1
	subscription|K2|2026-11-01|2026-11-30|30.00|VZ 8.13, VZ 8.1
	subscription|K2|2026-12-01|2026-12-31|30.00|VZ 8.13
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/lines.csv ref from net
	assert_output - <<-'EOF'
	K1|2027-01-01|60.00
	K2|2027-01-01|30.00
	EOF
}

@test "a one-off charge is billed by the next run, once" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	cat >in/charges.csv <<-'EOF'
	charge_id,customer_id,date,description,amount,quantity
	X1,C1,2026-11-20,Simkaarten,4.95,3
	EOF
	run -0 billrun 2026-11
	run -0 pick out-2026-11/lines.csv kind
	refute_line 'charge'
	run -0 billrun 2026-12
	run -0 pick out-2026-12/lines.csv kind ref from quantity unit_price net rule
	assert_output - <<-'EOF'
	subscription|K1|2026-12-01|1|60.00|60.00|VZ 8.13
	charge|X1|2026-11-20|3|4.95|14.85|VZ 8.15
	EOF
	run -0 billrun 2027-01
	run -0 pick out-2027-01/lines.csv kind ref
	assert_output 'subscription|K1'
}

# the filter alone, on the state the runs above write

@test "the ledger drops items billed before and passes new ones" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	cat >owed.csv <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C1,,K1,scope,,,,,0,,0.00,0.00,21,,no,
	C1,S/K1/2026-11,K1,subscription,K1,Hosted PBX,2026-11-01,2026-11-30,1,month,60.00,60.00,21,VZ 8.13,no,
	C1,S/K1/2026-12,K1,subscription,K1,Hosted PBX,2026-12-01,2026-12-31,1,month,60.00,60.00,21,VZ 8.13,no,
	C1,C/X1,,charge,X1,Werk,2026-11-20,2026-11-20,1,,25.00,25.00,21,VZ 8.15,no,
	EOF
	run -0 --separate-stderr ledger -p 2026-12 -s state <owed.csv
	assert_output - <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C1,S/K1/2026-12,K1,subscription,K1,Hosted PBX,2026-12-01,2026-12-31,1,month,60.00,60.00,21,VZ 8.13,yes,
	C1,C/X1,,charge,X1,Werk,2026-11-20,2026-11-20,1,,25.00,25.00,21,VZ 8.15,yes,
	EOF
	assert_equal "$stderr" ''
}

@test "a month billed before and no longer owed is reversed only when its contract's scope is in the stream" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	echo customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category >none.csv
	cp none.csv scoped.csv
	echo 'C1,,K1,scope,,,,,0,,0.00,0.00,21,,no,' >>scoped.csv
	run -0 ledger -p 2026-12 -s state <scoped.csv
	run -0 pick <(echo "$output") kind ref from to net
	assert_output 'correction|K1|2026-11-01|2026-11-30|-60.00'
	run -0 ledger -p 2026-12 -s state <none.csv
	assert_output "$(cat none.csv)"
}

@test "a rerun of a period ignores what that period and later ones billed" {
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	run -0 billrun 2026-12
	cat >owed.csv <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C1,S/K1/2026-11,K1,subscription,K1,Hosted PBX,2026-11-01,2026-11-30,1,month,60.00,60.00,21,VZ 8.13,no,
	EOF
	run -0 ledger -p 2026-11 -s state <owed.csv
	assert_output "$(cat owed.csv)"
}

@test "with a fresh state every item passes" {
	cat >owed.csv <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C1,,K1,scope,,,,,0,,0.00,0.00,21,,no,
	C1,S/K1/2026-11,K1,subscription,K1,Hosted PBX,2026-11-01,2026-11-30,1,month,60.00,60.00,21,VZ 8.13,no,
	C2,C/X1,,charge,X1,Werk,2026-10-20,2026-10-20,1,,25.00,25.00,21,VZ 8.15,no,
	EOF
	mkdir fresh-state
	run -0 ledger -p 2026-11 -s fresh-state <owed.csv
	run -0 pick <(echo "$output") key history
	assert_output - <<-'EOF'
	S/K1/2026-11|no
	C/X1|no
	EOF
}

@test "a state folder that does not exist is an error, not a fresh state" {
	cat >owed.csv <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C2,C/X1,,charge,X1,Werk,2026-10-20,2026-10-20,1,,25.00,25.00,21,VZ 8.15,no,
	EOF
	run -1 --separate-stderr ledger -p 2026-11 -s no-such-state <owed.csv
	assert_output ''
	assert_regex "$stderr" '^ledger: no-such-state: no such state folder'
	assert [ ! -e no-such-state ]
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr ledger --help </dev/null
	assert_line --index 0 --regexp '^usage: ledger -p YYYY-MM -s STATEDIR'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported and exits 1" {
	printf '%s\n' customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history \
		'C2,C/X1,,charge,X1,Werk,2026-10-20,2026-10-20,1,,25.00,25.00,21,VZ 8.15,no' >owed.csv
	mkdir state
	run -1 --separate-stderr bash -c 'ledger -p 2026-11 -s state <owed.csv >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	input
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	run -0 billrun 2026-11
	sed -i 's/,60\.00,/,70.50,/' in/contracts.csv
	subscriptions -p 2026-12 -c in/terms.conf in/contracts.csv </dev/null >owed.csv
	run -0 ledger -p 2026-12 -s state <owed.csv
	c=$output
	assert_line --partial ',10.50,10.50,'
	run -0 env LC_ALL=nl_NL.UTF-8 ledger -p 2026-12 -s state <owed.csv
	assert_equal "$output" "$c"
}
