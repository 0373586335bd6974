#!/usr/bin/env bats
# subscriptions: what each contract owes up to the end of the run month
# (rules.md §1-§5), checked on the item stream it writes.

load helpers

# owed PERIOD: the items of contracts.csv for PERIOD, into items.csv
owed() {
	subscriptions -p "$1" -c terms.conf contracts.csv </dev/null >items.csv
}

# one START END FEE PERIOD [QTY]: a single contract K, owed for PERIOD
one() {
	echo "contract_id,customer_id,description,monthly_fee,quantity,start_date,end_date" >contracts.csv
	echo "K,C1,Line,$3,${5-},$1,$2" >>contracts.csv
	owed "$4"
}

# §2 pro-rating: one test per row of the table

@test "13 days of November cost 13/30 of the fee: 13.00 of 30.00" {
	terms VZ
	run -0 one 2026-11-18 '' 30.00 2026-11
	run -0 pick items.csv key from to quantity unit_price net unit rule
	assert_output 'S/K/2026-11|2026-11-18|2026-11-30|1|30.00|13.00|13/30 month|VZ 8.13'
}

@test "19 days of a 28-day February cost 19/30 of the fee: 15.83 of 25.00" {
	terms VZ
	run -0 one 2026-02-10 '' 25.00 2026-02
	run -0 pick items.csv key from to net unit rule
	assert_output 'S/K/2026-02|2026-02-10|2026-02-28|15.83|19/30 month|VZ 8.13'
}

@test "30 days of a 31-day January cost the whole fee but are still a part month" {
	terms VZ
	run -0 one 2026-01-02 '' 49.95 2026-01
	run -0 pick items.csv key from to net unit rule
	assert_output 'S/K/2026-01|2026-01-02|2026-01-31|49.95|30/30 month|VZ 8.13'
}

@test "a whole March costs the whole fee and cites advance billing VZ 8.13" {
	terms VZ
	run -0 one 2026-03-01 '' 49.95 2026-03
	run -0 pick items.csv key from to net unit rule
	assert_output 'S/K/2026-03|2026-03-01|2026-03-31|49.95|month|VZ 8.13'
}

@test "service ending on 14 February costs 14/30 of the fee: 28.00 of 60.00" {
	terms VZ
	run -0 one 2026-02-01 2026-02-14 60.00 2026-02
	run -0 pick items.csv key from to net unit rule
	assert_output 'S/K/2026-02|2026-02-01|2026-02-14|28.00|14/30 month|VZ 8.13'
}

@test "a whole February costs the whole fee of 60.00, whatever its length" {
	terms VZ
	run -0 one 2026-02-01 '' 60.00 2026-02
	run -0 pick items.csv key from to net unit rule
	assert_output 'S/K/2026-02|2026-02-01|2026-02-28|60.00|month|VZ 8.13'
}

@test "quantity multiplies the fee before pro-rating: 3 x 9.95 for 13 days is 12.94" {
	terms VZ
	run -0 one 2026-11-18 '' 9.95 2026-11 3
	run -0 pick items.csv key quantity unit_price net unit rule
	assert_output 'S/K/2026-11|3|9.95|12.94|13/30 month|VZ 8.13'
}

@test "under the VW profile a whole month cites VW 2.4.2 and a part month VW 1.12.3" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Whole,60.00,2026-11-01
	K2,C2,Part,30.00,2026-11-18
	EOF
	run -0 owed 2026-11
	run -0 pick items.csv key net unit rule
	assert_output - <<-'EOF'
	S/K1/2026-11|60.00|month|VW 2.4.2
	S/K2/2026-11|13.00|13/30 month|VW 1.12.3
	EOF
}

@test "months before the run month are caught up one line per month, also citing VZ 8.1" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Late,30.00,2026-09-18
	EOF
	run -0 owed 2026-11
	run -0 pick items.csv key from to net rule
	assert_output - <<-'EOF'
	S/K/2026-09|2026-09-18|2026-09-30|13.00|VZ 8.13, VZ 8.1
	S/K/2026-10|2026-10-01|2026-10-31|30.00|VZ 8.13, VZ 8.1
	S/K/2026-11|2026-11-01|2026-11-30|30.00|VZ 8.13
	EOF
}

@test "a catch-up month under the VW profile cites VW 2.4.2 and VW 2.4.1" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Late,30.00,2026-10-01
	EOF
	run -0 owed 2026-11
	run -0 pick items.csv key rule
	assert_output - <<-'EOF'
	S/K/2026-10|VW 2.4.2, VW 2.4.1
	S/K/2026-11|VW 2.4.2
	EOF
}

@test "nothing up to billed_through is billed again, and the items carry history" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,billed_through
	K,C1,Migrated,30.00,2025-06-01,2026-10-31
	EOF
	run -0 owed 2026-11
	run -0 pick items.csv key from to net rule history
	assert_output 'S/K/2026-11|2026-11-01|2026-11-30|30.00|VZ 8.13|yes'
}

# §3 term, notice, end date

@test "a 12-month term from 15 January 2026 ends on 14 January 2027" {
	terms VZ
	# the buyout of a provider termination runs to the term's last day
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,end_date,end_reason
	K,C1,Line,10.00,2026-01-15,12,2026-06-30,provider
	EOF
	run -0 owed 2026-06
	run -0 pick items.csv key from to
	# the whole months, then the part month the term ends in
	assert_line 'B/K|2026-07-01|2026-12-31'
	assert_line 'B/K/2027-01|2027-01-01|2027-01-14'
}

@test "a one-month term from 31 or 30 January ends on 28 February 2026" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,end_date,end_reason
	K31,C1,Line,10.00,2026-01-31,1,2026-02-10,provider
	K30,C1,Line,10.00,2026-01-30,1,2026-02-10,provider
	EOF
	run -0 owed 2026-02
	run -0 pick items.csv key from to
	assert_line 'B/K31/2026-02|2026-02-11|2026-02-28'
	assert_line 'B/K30/2026-02|2026-02-11|2026-02-28'
}

@test "VZ: notice received 15 November ends the service on 31 December" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,notice_date
	K,C1,Line,30.00,2026-11-01,2026-11-15
	EOF
	run -0 owed 2027-02
	run -0 pick items.csv key from to net
	assert_output - <<-'EOF'
	S/K/2026-11|2026-11-01|2026-11-30|30.00
	S/K/2026-12|2026-12-01|2026-12-31|30.00
	EOF
}

@test "VW: notice received 15 November after the term ends the service on 14 February" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date
	K,C1,Line,30.00,2025-11-01,12,2026-11-15
	EOF
	run -0 owed 2027-04
	run -0 pick items.csv key from to net unit
	assert_line 'S/K/2027-01|2027-01-01|2027-01-31|30.00|month'
	assert_line 'S/K/2027-02|2027-02-01|2027-02-14|14.00|14/30 month'
	refute_line --regexp '^S/K/2027-0[34]'
	refute_line --regexp '^B/'
}

@test "VW: notice during the term ends the service at the term end, never bought out" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date
	K,C1,Line,40.00,2026-01-01,24,2026-11-15
	EOF
	run -0 owed 2028-02
	run -0 pick items.csv key from to net
	assert_line 'S/K/2027-12|2027-12-01|2027-12-31|40.00'
	refute_line --regexp '^S/K/2028-'
	refute_line --regexp '^B/'
	assert_equal "${#lines[@]}" 24
}

@test "an explicit end_date overrides the date the notice rule gives" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,notice_date,end_date
	K,C1,Line,30.00,2026-10-01,2026-11-15,2026-11-20
	EOF
	run -0 owed 2027-01
	run -0 pick items.csv key from to net
	assert_output - <<-'EOF'
	S/K/2026-10|2026-10-01|2026-10-31|30.00
	S/K/2026-11|2026-11-01|2026-11-20|20.00
	EOF
}

@test "an explicit end_date during the term is still bought out from the day after" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date,end_date
	K,C1,Line,20.00,2026-01-01,24,2026-11-15,2026-11-30
	EOF
	run -0 owed 2026-11
	run -0 pick items.csv key from to quantity net
	assert_line 'B/K|2026-12-01|2027-12-31|13|260.00'
	refute_line --regexp '^S/K/2026-12'
}

# §4 termination charges

@test "VZ: notice 15 November in a 24-month term buys out 12 x 40.00 = 480.00 in December" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date
	K,C1,Line,40.00,2026-01-01,24,2026-11-15
	EOF
	run -0 owed 2026-11
	run -0 pick items.csv kind
	refute_line 'buyout'
	run -0 owed 2026-12
	run -0 pick items.csv key kind from to quantity unit unit_price net
	assert_line 'B/K|buyout|2027-01-01|2027-12-31|12|month|40.00|480.00'
	run -0 pick items.csv key rule
	assert_line --regexp '^B/K\|(.*, )?VZ 4\.5(,.*)?$'
}

@test "a buyout of a part month charges 1/30 of the full fee per day" {
	terms VZ
	# term to 14 January 2027, service to 20 June: 10 days of June,
	# July to December, 14 days of January
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,end_date,end_reason
	K,C1,Line,45.00,2026-01-15,12,2026-06-20,provider
	EOF
	run -0 owed 2026-06
	run -0 pick items.csv key kind from to quantity unit_price net
	# one line per part month and one for the whole months, each reading
	# quantity x unit price (x days/30) = net (rules.md §8): 306.00 in all
	assert_line 'B/K/2026-06|buyout|2026-06-21|2026-06-30|1|45.00|15.00'
	assert_line 'B/K|buyout|2026-07-01|2026-12-31|6|45.00|270.00'
	assert_line 'B/K/2027-01|buyout|2027-01-01|2027-01-14|1|45.00|21.00'
	assert_line 'S/K/2026-06|subscription|2026-06-01|2026-06-20|1|45.00|30.00'
}

@test "VZ: a provider termination during the term is bought out" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,end_date,end_reason
	K,C1,Line,40.00,2026-01-01,12,2026-09-30,provider
	EOF
	run -0 owed 2026-09
	run -0 pick items.csv key kind from to net
	assert_line 'B/K|buyout|2026-10-01|2026-12-31|120.00'
	run -0 pick items.csv key rule
	assert_line --regexp '^B/K\|VZ 4\.'
}

@test "VW: a provider termination during the term is bought out (VW 2.7.7)" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,end_date,end_reason
	K,C1,Line,40.00,2026-01-01,12,2026-09-30,provider
	EOF
	run -0 owed 2026-09
	run -0 pick items.csv key kind from to net rule
	assert_line 'B/K|buyout|2026-10-01|2026-12-31|120.00|VW 2.7.7'
}

@test "VW: a customer's notice during the term is never bought out, even with an end_date" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date,end_date
	K,C1,Line,40.00,2026-01-01,24,2026-11-15,2026-11-30
	EOF
	run -0 owed 2026-12
	run -0 pick items.csv kind
	refute_line 'buyout'
	assert_line 'subscription'
}

@test "VZ: early cancellation costs 20 % of the term, 240.00, and no fee is billed" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date,end_reason
	K,C1,Line,100.00,2027-01-01,12,2026-12-10,early_cancel
	EOF
	run -0 owed 2026-11
	run -0 pick items.csv key
	assert_output ''
	run -0 owed 2027-02
	run -0 pick items.csv key kind from to net rule
	assert_output 'E/K|early_cancel|2026-12-10|2026-12-10|240.00|VZ 4.1'
}

@test "VW: early cancellation costs nothing (early_cancel_percent 0)" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,notice_date,end_reason
	K,C1,Line,100.00,2027-01-01,12,2026-12-10,early_cancel
	EOF
	run -0 owed 2027-02
	run -0 pick items.csv key net
	assert_output ''
}

# §5 plan changes

@test "an upgrade bills the old plan to the day before and the new one from the change" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,replaces
	OLD,C1,Old,30.00,2026-01-01,12,
	NEW,C1,New,45.00,2026-06-15,12,OLD
	EOF
	run -0 owed 2026-07
	run -0 pick items.csv key kind from to net
	assert_output - <<-'EOF'
	S/OLD/2026-01|subscription|2026-01-01|2026-01-31|30.00
	S/OLD/2026-02|subscription|2026-02-01|2026-02-28|30.00
	S/OLD/2026-03|subscription|2026-03-01|2026-03-31|30.00
	S/OLD/2026-04|subscription|2026-04-01|2026-04-30|30.00
	S/OLD/2026-05|subscription|2026-05-01|2026-05-31|30.00
	S/OLD/2026-06|subscription|2026-06-01|2026-06-14|14.00
	S/NEW/2026-06|subscription|2026-06-15|2026-06-30|24.00
	S/NEW/2026-07|subscription|2026-07-01|2026-07-31|45.00
	EOF
}

@test "VZ: a downgrade during the old term buys out 19 x 15.00 = 285.00 (VZ 6.7)" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,replaces
	OLD,C1,Old,50.00,2026-01-01,24,
	NEW,C1,New,35.00,2026-06-01,12,OLD
	EOF
	run -0 owed 2026-06
	run -0 pick items.csv key kind ref from to quantity unit_price net rule
	assert_line 'G/NEW|downgrade|NEW|2026-06-01|2027-12-31|19|15.00|285.00|VZ 6.7'
	assert_line --regexp '^S/NEW/2026-06\|subscription\|NEW\|.*\|35.00\|'
	# the replaced plan is not bought out (§4)
	refute_line --regexp '^B/'
}

@test "VW: after a downgrade the higher fee stays due until the old term ends, then not" {
	terms VW
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,replaces
	OLD,C1,Old,50.00,2026-01-01,24,
	NEW,C1,New,35.00,2026-06-01,12,OLD
	EOF
	run -0 owed 2028-01
	run -0 pick items.csv key kind from to net rule
	assert_line 'H/NEW/2026-06|downgrade|2026-06-01|2026-06-30|15.00|VW 2.2.2'
	assert_line 'H/NEW/2027-12|downgrade|2027-12-01|2027-12-31|15.00|VW 2.2.2'
	refute_line --regexp '^H/NEW/2028-'
	assert_line 'S/NEW/2028-01|subscription|2028-01-01|2028-01-31|35.00|VW 2.4.2'
	refute_line --regexp '^G/'
	run -0 pick items.csv kind
	assert_equal "$(grep -c '^downgrade$' <<<"$output")" 19
}

@test "a downgrade after the old term ended costs nothing under either profile" {
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,replaces
	OLD,C1,Old,50.00,2025-01-01,12,
	NEW,C1,New,35.00,2026-06-01,12,OLD
	EOF
	terms VZ
	run -0 owed 2026-07
	run -0 pick items.csv kind
	refute_line 'downgrade'
	terms VW
	run -0 owed 2026-07
	run -0 pick items.csv kind
	refute_line 'downgrade'
	assert_line 'subscription'
}

# the program itself

@test "a bad monthly_fee is an error naming file, line and column" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K,C1,Line,12.345,2026-11-01
	EOF
	run -1 --separate-stderr subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null
	assert_regex "$stderr" '^subscriptions: contracts\.csv:2:4: '
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr subscriptions --help </dev/null
	assert_line --index 0 --regexp '^usage: subscriptions -p YYYY-MM -c terms\.conf'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported and exits 1" {
	terms VZ
	one 2026-11-18 '' 30.00 2026-11
	run -1 --separate-stderr bash -c 'subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	terms VZ
	one 2026-11-18 '' 9.95 2026-11 3
	run -0 subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null
	c=$output
	assert_line --partial ',9.95,12.94,'
	run -0 env LC_ALL=nl_NL.UTF-8 subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null
	assert_equal "$output" "$c"
}

# --- bad input: customers.csv, contracts.csv, terms.conf -------------------
# Each case is a bad row named with file, line and column, exit 1 and no
# output, as subscriptions reads them (every program that loads the file
# checks it the same way: lib/customer.c, lib/contract.c, lib/terms.c).

CHEAD=customer_id,name,street,postcode,city,country,vat_id,iban,bic,mandate_id,mandate_date,payment_method,reseller,consumer

# customers ROW...: customers.csv with a good first customer C1 and ROWs
customers() {
	{
		echo "$CHEAD"
		echo "C1,Alfa BV,Dorpsstraat 1,1000 AA,Amsterdam,NL,,NL91ABNA0417164300,,M1,2026-01-01,direct_debit,,"
		printf '%s\n' "$@"
	} >customers.csv
	echo "contract_id,customer_id,description,monthly_fee,start_date" >contracts.csv
	echo "K1,C1,Line,10.00,2026-11-01" >>contracts.csv
}

# refused_row WHERE REGEX: subscriptions with -C fails naming WHERE
refused_row() {
	run -1 --separate-stderr subscriptions -p 2026-11 -c terms.conf \
	    -C customers.csv contracts.csv </dev/null
	assert_output ''
	assert_regex "$stderr" "^subscriptions: $1: .*$2"
}

# accepted_row: subscriptions with -C reads the customers
accepted_row() {
	run -0 --separate-stderr subscriptions -p 2026-11 -c terms.conf \
	    -C customers.csv contracts.csv </dev/null
	assert_equal "$stderr" ''
}

@test "a country that is not an ISO 3166-1 code is a bad row" {
	terms VZ
	customers "C2,Beta,Weg 1,1000,Brussel,XX,,,,,,transfer,,"
	refused_row 'customers\.csv:3:6' "bad country 'XX': expected an ISO 3166-1 alpha-2 code"
	customers "C2,Beta,Weg 1,1000,Brussel,be,,,,,,transfer,,"
	refused_row 'customers\.csv:3:6' "bad country 'be'"
	customers "C2,Beta,Weg 1,1000,Brussel,UK,,,,,,transfer,,"
	refused_row 'customers\.csv:3:6' "bad country 'UK'"
}

@test "a business in another EU country needs a VAT id of its own country's shape" {
	terms VZ
	customers "C2,Beta NV,Rue 1,1000,Brussel,BE,,,,,,transfer,,"
	refused_row 'customers\.csv:3:7' "missing vat_id: expected one for a business in another EU country \(BE\)"
	customers "C2,Beta NV,Rue 1,1000,Brussel,BE,NL123456789B01,,,,,transfer,,"
	refused_row 'customers\.csv:3:7' "bad vat_id 'NL123456789B01': expected the prefix BE of the customer's country BE"
	customers "C2,Beta NV,Rue 1,1000,Brussel,BE,BE012345674,,,,,transfer,,"
	refused_row 'customers\.csv:3:7' "bad vat_id 'BE012345674': expected the shape of a VAT id of BE"
	customers "C2,Gamma AE,Odos 1,10431,Athina,GR,GR123456789,,,,,transfer,,"
	refused_row 'customers\.csv:3:7' "bad vat_id 'GR123456789': expected the prefix EL of the customer's country GR"
	customers "C2,Gamma AE,Odos 1,10431,Athina,GR,EL123456789,,,,,transfer,,"
	accepted_row
	customers "C2,Beta NV,Rue 1,1000,Brussel,BE,BE0123456749,,,,,transfer,,"
	accepted_row
}

@test "a Dutch customer's VAT id has the Dutch shape, and a reseller needs one" {
	terms VZ
	customers "C2,Beta BV,Weg 1,1000 AA,Amsterdam,NL,NL12345678B01,,,,,transfer,,"
	refused_row 'customers\.csv:3:7' "bad vat_id 'NL12345678B01': expected the shape of a VAT id of NL"
	customers "C2,Beta BV,Weg 1,1000 AA,Amsterdam,NL,DE123456789,,,,,transfer,,"
	refused_row 'customers\.csv:3:7' "bad vat_id 'DE123456789': expected the prefix NL"
	customers "C2,Beta BV,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,yes,"
	refused_row 'customers\.csv:3:7' "missing vat_id: expected one for a reseller"
}

@test "a business outside the EU needs no VAT id, but one with an EU prefix is refused" {
	terms VZ
	customers "C2,Alpen AG,Bahnhofstrasse 1,8001,Zürich,CH,,,,,,transfer,," \
	    "C3,Harbor LLC,Park Avenue 1,NY 10166,New York,US,,,,,,transfer,,"
	accepted_row
	customers "C2,Alpen AG,Bahnhofstrasse 1,8001,Zürich,CH,CHE-116.281.710 MWST,,,,,transfer,,"
	accepted_row
	customers "C2,Alpen AG,Bahnhofstrasse 1,8001,Zürich,CH,DE123456789,,,,,transfer,,"
	refused_row 'customers\.csv:3:7' "bad vat_id 'DE123456789': the prefix DE is DE's: expected a VAT id of the customer's country CH"
}

@test "a direct-debit IBAN outside the SEPA area is refused, and one outside the EEA needs its BIC" {
	terms VZ
	customers "C2,Beta,Rua 1,01000-000,Sao Paulo,BR,,BR1800360305000010009795493C1,,M2,2026-01-01,direct_debit,,"
	refused_row 'customers\.csv:3:8' "bad iban 'BR1800360305000010009795493C1': BR is not in the SEPA area"
	customers "C2,Alpen AG,Bahnhofstrasse 1,8001,Zürich,CH,,CH9300762011623852957,,M2,2026-01-01,direct_debit,,"
	refused_row 'customers\.csv:3:(9|8)' "missing bic: expected one for an account outside the EEA \(CH\)"
	customers "C2,Alpen AG,Bahnhofstrasse 1,8001,Zürich,CH,,CH9300762011623852957,UBSWCHZH80A,M2,2026-01-01,direct_debit,,"
	accepted_row
	# paying by transfer, any valid IBAN will do
	customers "C2,Beta,Rua 1,01000-000,Sao Paulo,BR,,BR1800360305000010009795493C1,,,,transfer,,"
	accepted_row
}

@test "a consumer is a bad row under VOIPZeker's terms, which serve businesses only" {
	terms VZ
	customers "C2,Jan Jansen,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,yes"
	refused_row 'customers\.csv:3:14' "bad consumer 'yes': VOIPZeker contracts with businesses only"
	terms VW
	accepted_row
}

@test "an id with a space at an edge, a slash, a control character or a BOM is a bad row" {
	terms VZ
	customers " C2,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,"
	refused_row 'customers\.csv:3:1' "bad customer_id ' C2': a leading space"
	customers "C2 ,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,"
	refused_row 'customers\.csv:3:1' "bad customer_id 'C2 ': a trailing space"
	customers "../C2,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,"
	refused_row 'customers\.csv:3:1' "bad customer_id '\\.\\./C2': a '/' or"
	customers $'C\x012,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,'
	refused_row 'customers\.csv:3:1' "a control or invisible character"
	customers $'C\xe2\x80\x8b2,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,'
	refused_row 'customers\.csv:3:1' "a control or invisible character"
	customers "$(printf 'C%065d' 2),Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,"
	refused_row 'customers\.csv:3:1' "66 bytes: expected an id of at most 64"
	customers "$(printf 'C%063d' 2),Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,"
	accepted_row
}

@test "a BOM inside customers.csv is blamed on customers.csv, not on the contract that names the customer" {
	terms VZ
	customers $'\xef\xbb\xbfC2,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,'
	echo "K2,C2,Line,10.00,2026-11-01" >>contracts.csv
	refused_row 'customers\.csv:3:1' 'byte order mark \(U\+FEFF\) in field'
}

@test "a NUL byte in any field is a bad row, never a cut field" {
	terms VZ
	customers "C2,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,"
	printf 'K2,C1,Line,8\0009.00,2026-11-01\n' >>contracts.csv
	run -1 --separate-stderr subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null
	assert_output ''
	assert_regex "$stderr" '^subscriptions: contracts\.csv:3:4: NUL byte in field'
	# in a quoted field, read by libcsv rather than the quote-free split
	customers "C2,Beta,Weg 1,1000 AA,Amsterdam,NL,,,,,,transfer,,"
	printf 'K2,C1,"Li\000ne",8.00,2026-11-01\n' >>contracts.csv
	run -1 --separate-stderr subscriptions -p 2026-11 -c terms.conf contracts.csv </dev/null
	assert_regex "$stderr" '^subscriptions: contracts\.csv:3:3: NUL byte in field'
}

@test "an end_date before the start, or a notice before it that is no early cancellation, is a bad row" {
	terms VZ
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,notice_date,end_date,end_reason
	K1,C1,Line,10.00,2026-11-01,,2026-10-31,
	EOF
	run -1 --separate-stderr owed 2026-11
	assert_regex "$stderr" "^subscriptions: contracts\.csv:2:7: bad end_date '2026-10-31': expected a day on or after start_date 2026-11-01"
	cat >contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,notice_date,end_date,end_reason
	K1,C1,Line,10.00,2026-11-01,2026-10-15,,notice
	EOF
	run -1 --separate-stderr owed 2026-11
	assert_regex "$stderr" "^subscriptions: contracts\.csv:2:6: bad notice_date '2026-10-15': before start_date 2026-11-01"
	# an early cancellation is received before the start (VZ 4.1)
	sed -i 's/,notice$/,early_cancel/' contracts.csv
	run -0 owed 2026-11
}

@test "a date that does not exist says so, naming its month's length" {
	terms VZ
	run -1 --separate-stderr one 2026-02-30 '' 10.00 2026-03
	assert_regex "$stderr" "^subscriptions: contracts\.csv:2:6: bad start_date '2026-02-30': no such day: February 2026 has 28 days"
	run -1 --separate-stderr one 2026-13-01 '' 10.00 2026-03
	assert_regex "$stderr" "bad start_date '2026-13-01': no such month"
	run -1 --separate-stderr one 2026-2-3 '' 10.00 2026-03
	assert_regex "$stderr" "bad start_date '2026-2-3': expected a date YYYY-MM-DD"
}

@test "a field of 100 kB is kept whole in a description, and clipped when a message quotes it" {
	local big
	terms VZ
	big=$(head -c 100000 /dev/zero | tr '\0' 'x')
	echo "contract_id,customer_id,description,monthly_fee,start_date" >contracts.csv
	echo "K1,C1,$big,10.00,2026-11-01" >>contracts.csv
	run -0 owed 2026-11
	run -0 pick items.csv description
	assert_line "$big"
	echo "K2,C1,Line,$big,2026-11-01" >>contracts.csv
	run -1 --separate-stderr owed 2026-11
	assert_regex "$stderr" "^subscriptions: contracts\.csv:3:4: bad monthly_fee 'x{64}… \[100000 bytes\]'"
	[ "${#stderr}" -lt 300 ] || fail "a message of ${#stderr} bytes"
}

@test "terms.conf names the line and column of an unknown key and of a bad value" {
	terms VZ
	one 2026-11-18 '' 30.00 2026-11
	echo '  paymnet_days = 14' >>terms.conf
	line=$(wc -l <terms.conf)
	run -1 --separate-stderr owed 2026-11
	assert_regex "$stderr" "^subscriptions: terms\.conf:$line:3: unknown key 'paymnet_days'"
	sed -i '$d' terms.conf
	sed -i 's/^payment_days = 14/payment_days =  fourteen/' terms.conf
	line=$(grep -n '^payment_days' terms.conf | cut -d: -f1)
	run -1 --separate-stderr owed 2026-11
	assert_regex "$stderr" "^subscriptions: terms\.conf:$line:17: bad payment_days 'fourteen': expected a whole number from 0 to 365"
}

@test "terms.conf checks the provider's own IBAN, BIC, creditor id, KvK and VAT id" {
	local key bad line
	terms VZ
	one 2026-11-18 '' 30.00 2026-11
	for key in 'iban NL91ABNA0417164301 mod 97' 'bic ABN2A expected' \
	    'creditor_id NL69ZZZ123456780001 creditor' 'kvk 1234567 8 digits' \
	    'vat_id NL123456789 shape'; do
		set -- $key
		terms VZ
		sed -i "s/^$1 = .*/$1 = $2/" terms.conf
		line=$(grep -n "^$1 = " terms.conf | cut -d: -f1)
		run -1 --separate-stderr owed 2026-11
		assert_regex "$stderr" "^subscriptions: terms\.conf:$line:[0-9]+: bad $1 '$2': .*$3"
	done
}

@test "terms.conf refuses a NUL byte, and a BOM anywhere but at its start" {
	terms VZ
	one 2026-11-18 '' 30.00 2026-11
	printf 'email = a\000b@x.example\n' >>terms.conf
	run -1 --separate-stderr owed 2026-11
	assert_regex "$stderr" "^subscriptions: terms\.conf:[0-9]+:10: NUL byte"
	terms VZ
	{ printf '\xef\xbb\xbf'; cat terms.conf; } >t && mv t terms.conf
	run -0 owed 2026-11
	printf '\xef\xbb\xbf# a second BOM\n' >>terms.conf
	run -1 --separate-stderr owed 2026-11
	assert_regex "$stderr" "^subscriptions: terms\.conf:[0-9]+:1: byte order mark"
}

@test "a Voiceworks profile may not set what Voiceworks' terms do not have (rules.md §12)" {
	local kv
	terms VZ
	one 2026-11-18 '' 30.00 2026-11
	for kv in 'route_cost_guard yes' 'early_cancel_percent 20' 'failed_debit_fee 7.50'; do
		set -- $kv
		terms VW
		sed -i "s/^$1 = .*/$1 = $2/" terms.conf
		grep -q "^$1 = $2\$" terms.conf
		run -1 --separate-stderr owed 2026-11
		assert_regex "$stderr" "^subscriptions: terms\.conf:[0-9]+:[0-9]+: bad $1 '$2': VW's terms"
	done
}

@test "without a terms key, the notice regime says whose terms a profile is; the key overrides it" {
	terms VZ
	one 2026-11-18 '' 30.00 2026-11
	terms VZ
	sed -i '/^terms = /d' terms.conf
	run -0 owed 2026-11
	run -0 pick items.csv rule
	assert_output 'VZ 8.13'
	terms VW
	sed -i '/^terms = /d' terms.conf
	run -0 owed 2026-11
	run -0 pick items.csv rule
	assert_output 'VW 1.12.3'
	# an absent key takes its value from the profile's column of formats.md
	printf 'terms = VW\nprovider_name = X B.V.\n' >terms.conf
	run -0 owed 2026-11
	run -0 pick items.csv rule
	assert_output 'VW 1.12.3'
	printf 'terms = VZ\nprovider_name = X B.V.\n' >terms.conf
	run -0 owed 2026-11
	run -0 pick items.csv rule
	assert_output 'VZ 8.13'
}
