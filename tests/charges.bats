#!/usr/bin/env bats
# charges: one-off charges billed in arrears (rules.md §1, VZ 8.15, 7.10),
# checked on the item stream it writes.

load helpers

# charged PERIOD: the items of charges.csv for PERIOD, into items.csv
charged() {
	charges -p "$1" -c terms.conf charges.csv </dev/null >items.csv
}

write_charges() {
	cat >charges.csv <<-'EOF'
	charge_id,customer_id,date,description,amount,quantity,rule,vat_rate
	X1,C2,2026-10-31,Nummerbehoud,25.00,,,
	X2,C1,2026-11-01,Werk in de run-maand,10.00,,,
	X3,C1,2026-10-15,Simkaarten,4.95,3,,
	X4,C1,2026-10-20,Storno-kosten,7.50,,VZ 8.11,
	X5,C2,2026-12-01,Later werk,10.00,,,
	X6,C1,2026-10-21,Installatie,60.00,,VZ 13.6,9
	EOF
}

@test "only charges dated before the run month are billed (in arrears)" {
	terms VZ
	write_charges
	run -0 charged 2026-11
	run -0 pick items.csv ref from to
	assert_output - <<-'EOF'
	X3|2026-10-15|2026-10-15
	X4|2026-10-20|2026-10-20
	X6|2026-10-21|2026-10-21
	X1|2026-10-31|2026-10-31
	EOF
	run -0 charged 2026-10
	run -0 pick items.csv ref
	assert_output ''
}

@test "a charge is amount x quantity: 3 x 4.95 = 14.85" {
	terms VZ
	write_charges
	run -0 charged 2026-11
	run -0 pick items.csv key kind quantity unit_price net
	assert_line 'C/X3|charge|3|4.95|14.85'
	assert_line 'C/X1|charge|1|25.00|25.00'
}

@test "a charge without a rule cites VZ 8.15, or VW 2.4.1 under the VW profile" {
	write_charges
	terms VZ
	run -0 charged 2026-11
	run -0 pick items.csv ref rule
	assert_line 'X1|VZ 8.15'
	assert_line 'X3|VZ 8.15'
	assert_line 'X6|VZ 13.6'
	terms VW
	sed -i '/^X4,/d; s/,VZ 13\.6,/,VW 1.5.1,/' charges.csv
	run -0 charged 2026-11
	run -0 pick items.csv ref rule
	assert_line 'X1|VW 2.4.1'
	assert_line 'X3|VW 2.4.1'
	assert_line 'X6|VW 1.5.1'
}

@test "a charge citing the other provider's terms is a bad row (rules.md §12)" {
	write_charges
	terms VW
	run -1 --separate-stderr charged 2026-11
	assert_output ''
	assert_regex "$stderr" "^charges: charges\.csv:5:7: bad rule 'VZ 8\.11': an article of VOIPZeker's terms"
	terms VZ
	sed -i '/^X4,/d; s/,VZ 13\.6,/,VW 1.5.1,/' charges.csv
	run -1 --separate-stderr charged 2026-11
	assert_regex "$stderr" "^charges: charges\.csv:6:7: bad rule 'VW 1\.5\.1': an article of Voiceworks's terms"
}

@test "a charge for rule VZ 8.11 is of kind fee, other work of kind charge" {
	terms VZ
	write_charges
	run -0 charged 2026-11
	run -0 pick items.csv ref kind rule
	assert_line 'X4|fee|VZ 8.11'
	assert_line 'X6|charge|VZ 13.6'
	assert_line 'X1|charge|VZ 8.15'
}

@test "a charge keeps its own VAT rate, others get the profile's" {
	terms VZ
	write_charges
	run -0 charged 2026-11
	run -0 pick items.csv ref vat_rate
	assert_line 'X6|9'
	assert_line 'X3|21'
}

@test "items come sorted by customer, in file order within a customer" {
	terms VZ
	write_charges
	run -0 charged 2026-11
	run -0 pick items.csv customer_id key scope
	assert_output - <<-'EOF'
	C1|C/X3|
	C1|C/X4|
	C1|C/X6|
	C2|C/X1|
	EOF
}

@test "a duplicate charge_id is an error naming the first line" {
	terms VZ
	cat >charges.csv <<-'EOF'
	charge_id,customer_id,date,description,amount
	X1,C1,2026-10-01,Werk,10.00
	X1,C1,2026-10-02,Werk,10.00
	EOF
	run -1 --separate-stderr charges -p 2026-11 -c terms.conf charges.csv </dev/null
	assert_equal "$stderr" "charges: charges.csv:3:1: duplicate charge_id 'X1': first on line 2"
	assert_output ''
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr charges --help </dev/null
	assert_line --index 0 --regexp '^usage: charges -p YYYY-MM -c terms\.conf'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported and exits 1" {
	terms VZ
	write_charges
	run -1 --separate-stderr bash -c 'charges -p 2026-11 -c terms.conf charges.csv </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	terms VZ
	write_charges
	run -0 charges -p 2026-11 -c terms.conf charges.csv </dev/null
	c=$output
	assert_line --partial ',4.95,14.85,'
	run -0 env LC_ALL=nl_NL.UTF-8 charges -p 2026-11 -c terms.conf charges.csv </dev/null
	assert_equal "$output" "$c"
}
