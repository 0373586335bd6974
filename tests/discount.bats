#!/usr/bin/env bats
# discount: discount lines under the lines they reduce (rules.md §6,
# VZ 4.3 and 7.11), checked on the item stream of subscriptions.

load helpers

# discounted PERIOD: what contracts.csv owes for PERIOD (owed.csv), with
# the discounts of discounts.csv (items.csv)
discounted() {
	subscriptions -p "$1" -c terms.conf contracts.csv </dev/null >owed.csv &&
		discount -p "$1" -c terms.conf -k contracts.csv -t discounts.csv \
			<owed.csv >items.csv
}

DHEAD=discount_id,contract_id,customer_id,applies_to,percent,amount,valid_from,valid_until,months,once,description

@test "25 % for the term: -15.00 under December 2026, nothing under January 2027" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months
	K,C1,Line,60.00,2026-01-01,12
	EOF
	printf '%s\n' "$DHEAD" 'D1,K,,,25,,,,,,Welkomstkorting' >discounts.csv
	run -0 discounted 2027-01
	run -0 pick items.csv key kind ref from to unit net rule
	# directly under the line it reduces, and gone after the term
	assert_output --partial - <<-'EOF'
	S/K/2026-12|subscription|K|2026-12-01|2026-12-31|month|60.00|VZ 8.13, VZ 8.1
	D/D1/S%2FK%2F2026-12|discount|D1|2026-12-01|2026-12-31|25%|-15.00|VZ 7.11
	S/K/2027-01|subscription|K|2027-01-01|2027-01-31|month|60.00|VZ 8.13
	EOF
	assert_equal "${lines[-1]}" 'S/K/2027-01|subscription|K|2027-01-01|2027-01-31|month|60.00|VZ 8.13'
	run -0 pick items.csv kind
	assert_equal "$(grep -c '^discount$' <<<"$output")" 12
}

@test "a once discount of 10.00 is given on the first month only" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,30.00,2026-11-01
	EOF
	printf '%s\n' "$DHEAD" 'D2,K,,,,10.00,,,,yes,Eenmalig' >discounts.csv
	run -0 discounted 2027-01
	run -0 pick items.csv key kind net
	assert_output - <<-'EOF'
	S/K/2026-11|subscription|30.00
	DO/D2|discount|-10.00
	S/K/2026-12|subscription|30.00
	S/K/2027-01|subscription|30.00
	EOF
}

@test "a discount for 3 months lapses after the third month" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,20.00,2026-01-01
	EOF
	printf '%s\n' "$DHEAD" 'D3,K,,,,5.00,2026-01-01,,3,,' >discounts.csv
	run -0 discounted 2026-05
	run -0 pick items.csv key net
	assert_output - <<-'EOF'
	S/K/2026-01|20.00
	D/D3/S%2FK%2F2026-01|-5.00
	S/K/2026-02|20.00
	D/D3/S%2FK%2F2026-02|-5.00
	S/K/2026-03|20.00
	D/D3/S%2FK%2F2026-03|-5.00
	S/K/2026-04|20.00
	S/K/2026-05|20.00
	EOF
}

@test "months count from valid_from like a Maand: from 15 March, 2 months end 14 May" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,30.00,2026-03-01
	EOF
	printf '%s\n' "$DHEAD" 'D,K,,,,30.00,2026-03-15,,2,,' >discounts.csv
	run -0 discounted 2026-06
	run -0 pick items.csv key from to net
	assert_output - <<-'EOF'
	S/K/2026-03|2026-03-01|2026-03-31|30.00
	D/D/S%2FK%2F2026-03|2026-03-15|2026-03-31|-17.00
	S/K/2026-04|2026-04-01|2026-04-30|30.00
	D/D/S%2FK%2F2026-04|2026-04-01|2026-04-30|-30.00
	S/K/2026-05|2026-05-01|2026-05-31|30.00
	D/D/S%2FK%2F2026-05|2026-05-01|2026-05-14|-14.00
	S/K/2026-06|2026-06-01|2026-06-30|30.00
	EOF
}

@test "a discount valid until 15 February takes 15/30 of itself off February" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,20.00,2026-01-01
	EOF
	printf '%s\n' "$DHEAD" 'D4,K,,,10,,,2026-02-15,,,' >discounts.csv
	run -0 discounted 2026-03
	run -0 pick items.csv key from to unit net
	assert_output - <<-'EOF'
	S/K/2026-01|2026-01-01|2026-01-31|month|20.00
	D/D4/S%2FK%2F2026-01|2026-01-01|2026-01-31|10%|-2.00
	S/K/2026-02|2026-02-01|2026-02-28|month|20.00
	D/D4/S%2FK%2F2026-02|2026-02-01|2026-02-15|10%|-1.00
	S/K/2026-03|2026-03-01|2026-03-31|month|20.00
	EOF
}

@test "a discount on a part month is pro-rated exactly like the fee" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,30.00,2026-11-18
	EOF
	printf '%s\n' "$DHEAD" 'PCT,K,,,25,,,,,,' 'FIX,K,,,,10.00,,,,,' >discounts.csv
	run -0 discounted 2026-11
	run -0 pick items.csv key from to net
	# 13/30 of 30.00 is 13.00; 25 % of it 3.25; 13/30 of 10.00 is 4.33
	assert_output - <<-'EOF'
	S/K/2026-11|2026-11-18|2026-11-30|13.00
	D/PCT/S%2FK%2F2026-11|2026-11-18|2026-11-30|-3.25
	D/FIX/S%2FK%2F2026-11|2026-11-18|2026-11-30|-4.33
	EOF
}

@test "a part-month discount is never worth more per day than the fee it reduces (rules.md §6)" {
	terms VZ
	# 7.50 a month, 10.00 off from 18 December: 14 days,
	# min(10.00, 7.50) x 14/30 = 3.50, not 10.00 x 14/30 = 4.67
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,billed_through
	K,C1,Line,7.50,2026-11-01,2026-11-30
	EOF
	printf '%s\n' "$DHEAD" 'D,K,,,,10.00,2026-12-18,,,,' >discounts.csv
	run -0 discounted 2026-12
	run -0 pick items.csv kind from to quantity unit_price net
	assert_output - <<-'EOF'
	subscription|2026-12-01|2026-12-31|1|7.50|7.50
	discount|2026-12-18|2026-12-31|1|-7.50|-3.50
	EOF
}

@test "a percentage off a part month shows the monthly discount as its unit price, net its days" {
	terms VZ
	# 2 x 30.00 from 10 December (22 days): 44.00; 25 % of 60.00 = 15.00 a
	# month, x 22/30 = 11.00
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,quantity,start_date
	K,C1,Line,30.00,2,2026-12-10
	EOF
	printf '%s\n' "$DHEAD" 'D,K,,,25,,,,,,' >discounts.csv
	run -0 discounted 2026-12
	run -0 pick items.csv kind from to quantity unit unit_price net rule
	assert_output - <<-'EOF'
	subscription|2026-12-10|2026-12-31|2|22/30 month|30.00|44.00|VZ 8.13
	discount|2026-12-10|2026-12-31|1|25%|-15.00|-11.00|VZ 7.11
	EOF
	terms VW
	run -0 discounted 2026-12
	run -0 pick items.csv kind rule
	assert_line 'discount|VW 1.12.1'
}

@test "two discounts cut to what is left of the line still read unit price x days/30 = net" {
	terms VZ
	# 20.00 for 14 days of December: 9.33; 60 % and 60 % off: the first
	# 12.00 x 14/30 = 5.60, the second only the 3.73 left
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,20.00,2026-12-18
	EOF
	printf '%s\n' "$DHEAD" 'D1,K,,,60,,,,,,' 'D2,K,,,60,,,,,,' >discounts.csv
	run -0 discounted 2026-12
	run -0 pick items.csv ref net
	assert_output - <<-'EOF'
	K|9.33
	D1|-5.60
	D2|-3.73
	EOF
	# the second's unit price is the whole-cent amount whose 14/30 is
	# what is left: 7.99 x 14/30 = 3.7287 -> 3.73
	run -0 pick items.csv unit_price
	assert_line --index 2 '-7.99'
}

@test "a discount never makes a line negative" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,One,30.00,2026-11-01
	K2,C2,Two,30.00,2026-11-01
	EOF
	printf '%s\n' "$DHEAD" 'BIG,K1,,,,50.00,,,,,' 'A,K2,,,,20.00,,,,,' \
		'B,K2,,,,20.00,,,,,' 'C,K2,,,50,,,,,,' >discounts.csv
	run -0 discounted 2026-11
	run -0 pick items.csv key net
	assert_output - <<-'EOF'
	S/K1/2026-11|30.00
	D/BIG/S%2FK1%2F2026-11|-30.00
	S/K2/2026-11|30.00
	D/A/S%2FK2%2F2026-11|-20.00
	D/B/S%2FK2%2F2026-11|-10.00
	EOF
}

@test "a customer's usage discount adds nothing while there is no usage" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,30.00,2026-11-01
	EOF
	printf '%s\n' "$DHEAD" 'U1,,C1,usage,10,,,,,,' 'U2,,C1,usage,,5.00,,,,,' \
		'U3,,C1,usage,,5.00,,,,yes,' >discounts.csv
	run -0 discounted 2026-12
	run -0 pick items.csv kind
	refute_line 'discount'
	run -0 cmp owed.csv items.csv </dev/null
}

@test "a buyout is charged at the full fee: the discount reduces only the months" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,end_date,end_reason
	K,C1,Line,45.00,2026-01-15,12,2026-06-20,provider
	EOF
	printf '%s\n' "$DHEAD" 'D,K,,,25,,2026-06-01,,,,' >discounts.csv
	run -0 discounted 2026-06
	run -0 pick items.csv key kind net
	# 25 % of 45.00 = 11.25 a month, 20 of 30 days of June: 7.50; the
	# buyout's three lines (15.00, 6 x 45.00, 21.00) are the full fee
	assert_output --partial - <<-'EOF'
	S/K/2026-06|subscription|30.00
	D/D/S%2FK%2F2026-06|discount|-7.50
	B/K/2026-06|buyout|15.00
	B/K|buyout|270.00
	B/K/2027-01|buyout|21.00
	EOF
	assert_equal "${lines[-1]}" 'B/K/2027-01|buyout|21.00'
}

@test "discounts of a contract and of its customer apply in file order" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,40.00,2026-11-01
	EOF
	printf '%s\n' "$DHEAD" 'CUST,,C1,,10,,,,,,' 'CON,K,,,,5.00,,,,,' >discounts.csv
	run -0 discounted 2026-11
	run -0 pick items.csv key ref net rule
	assert_output - <<-'EOF'
	S/K/2026-11|K|40.00|VZ 8.13
	D/CUST/S%2FK%2F2026-11|CUST|-4.00|VZ 7.11
	D/CON/S%2FK%2F2026-11|CON|-5.00|VZ 7.11
	EOF
}

@test "a discount on an unknown contract is an error naming file, line and column" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,40.00,2026-11-01
	EOF
	printf '%s\n' "$DHEAD" 'D,K,,,10,,,,,,' 'E,NOPE,,,10,,,,,,' >discounts.csv
	subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null >owed.csv
	run -1 --separate-stderr discount -p 2026-11 -c terms.conf -k contracts.csv -t discounts.csv <owed.csv
	assert_regex "$stderr" "^discount: discounts\.csv:3:2: unknown contract 'NOPE'"
	assert_output ''
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr discount --help </dev/null
	assert_line --index 0 --regexp '^usage: discount -p YYYY-MM -c terms\.conf -k contracts\.csv'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported and exits 1" {
	terms VZ
	printf '%s\n' contract_id,customer_id,description,monthly_fee,start_date \
		K,C1,Line,40.00,2026-11-01 >contracts.csv
	printf '%s\n' "$DHEAD" 'D,K,,,10,,,,,,' >discounts.csv
	subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null >owed.csv
	run -1 --separate-stderr bash -c 'discount -p 2026-11 -c terms.conf -k contracts.csv -t discounts.csv <owed.csv >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	terms VZ
	printf '%s\n' contract_id,customer_id,description,monthly_fee,start_date \
		K,C1,Line,30.00,2026-11-18 >contracts.csv
	printf '%s\n' "$DHEAD" 'D,K,,,12.5,,,,,,' >discounts.csv
	subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null >owed.csv
	run -0 discount -p 2026-11 -c terms.conf -k contracts.csv -t discounts.csv <owed.csv
	c=$output
	assert_line --partial ',12.5%,-3.75,-1.63,'
	run -0 env LC_ALL=nl_NL.UTF-8 discount -p 2026-11 -c terms.conf -k contracts.csv -t discounts.csv <owed.csv
	assert_equal "$output" "$c"
}
