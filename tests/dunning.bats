#!/usr/bin/env bats
# dunning-run (rules.md §9-§10): the timelines of both profiles, payments
# in the order of art. 6:43/6:44 BW, reruns, gaps, days out of order, the
# fees billed once, disputes, reactivation and bad payment rows.

load helpers

# mk PROFILE [consumer]: an input folder in/ with one customer C1 (by
# transfer) and a subscription of 49.95 from 1 Nov 2026 (gross 60.44, due
# 15 Nov), billed for November into state/
mk() {
	mkdir -p in state
	(cd in && terms "$1")
	cat >in/customers.csv <<-CSV
	customer_id,name,street,postcode,city,country,iban,payment_method,language,consumer
	C1,Klant C1,Handelsweg 1,3511 AA,Utrecht,NL,NL91ABNA0417164300,transfer,nl,${2:-}
	CSV
	cat >in/contracts.csv <<-CSV
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Abonnement K1,49.95,2026-11-01
	CSV
	bill-run -p 2026-11 -i in -o bill-11 -s state >/dev/null
}

# dun DAY: a dunning run into dun-N-DAY; last: the latest of them
dun() { dunning-run -d "$1" -i in -o "dun-$(($(ls -d dun-* 2>/dev/null | wc -l) + 1))-$1" -s state; }
last() { ls -d dun-* | sort -t- -k2,2n | tail -1; }
steps() { tail -n +2 "$(last)/actions.csv" | cut -d, -f2,4 | tr '\n' ' '; }
col() {	# col FILE INVOICE COLUMN: a column of open.csv's row of INVOICE
	awk -F, -v inv="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$1 == inv { print $h[c] }' "$1"
}
pay() {	# pay ID DATE AMOUNT [INVOICE] [IBAN]: a row of payments.csv
	[ -f in/payments.csv ] || echo "payment_id,date,amount,kind,invoice_no,iban" >in/payments.csv
	echo "$1,$2,$3,credit,${4:-},${5:-}" >>in/payments.csv
}
NOV=VZ-2026-000001

@test "VZ: reminder, final notice to a working day, collection with WIK, interest, suspension and termination" {
	mk VZ
	run dun 2026-11-15; assert_success; [ "$(steps)" = "" ]
	run dun 2026-11-16; assert_success; [ "$(steps)" = "C1,reminder " ]
	grep -q ',reminder,60.44,0.00,0.00,0.00,2026-11-20,"VZ 8.16, VZ 8.17",letters/reminder-C1.pdf' "$(last)/actions.csv"
	pdftotext "$(last)/letters/reminder-C1.pdf" - | grep -q Herinnering
	for d in 2026-11-16 2026-11-18 2026-11-20; do
		run dun $d; assert_success; [ "$(steps)" = "" ]
	done
	run dun 2026-11-21; [ "$(steps)" = "C1,final_notice " ]
	grep -q ',final_notice,.*,2026-11-23,' "$(last)/actions.csv"
	run dun 2026-11-23; [ "$(steps)" = "" ]
	run dun 2026-11-24
	[ "$(steps)" = "C1,collection C1,suspend C1,terminate " ]
	# 60.44 × 10.15 % × 9 / 365 = 0.15; WIK minimum 40.00; admin fee 15.00
	grep -q ',collection,60.44,0.15,40.00,15.00,' "$(last)/actions.csv"
	grep -q ',suspend,60.44,0.00,0.00,25.00,' "$(last)/actions.csv"
	grep -q "C1,Klant C1,$NOV,2026-11-01,2026-11-15,60.44,0.15,40.00,40.00,140.59" "$(last)/agency.csv"
	[ "$(col "$(last)/open.csv" $NOV outstanding)" = 140.59 ]
	[ "$(col "$(last)/open.csv" $NOV step)" = collection ]
	run dun 2026-11-24; [ "$(steps)" = "" ]
	run dun 2026-11-25; [ "$(steps)" = "" ]
	# interest runs on: 10 days
	[ "$(col "$(last)/open.csv" $NOV interest)" = 0.17 ]
}

@test "VW consumer: 14-day letter stating the costs, statutory interest by started month, on the costs too" {
	mk VW yes
	NOV=VW-2026-000001
	run dun 2026-11-16; [ "$(steps)" = "C1,reminder " ]
	grep -q ',reminder,.*,2026-11-30,"VW 2.5.1, VW 2.5.3",' "$(last)/actions.csv"
	run dun 2026-11-30; [ "$(steps)" = "" ]
	run dun 2026-12-01; [ "$(steps)" = "C1,final_notice " ]
	# 14 days from the day after receipt: 15 Dec; the costs it states
	grep -q ',final_notice,60.44,0.00,40.00,0.00,2026-12-15,VW 2.5.2,' "$(last)/actions.csv"
	pdftotext "$(last)/letters/final_notice-C1.pdf" - | tr '\n' ' ' | grep -q '40,00'
	# stated, not yet due: the letter asks for the principal only
	! pdftotext "$(last)/letters/final_notice-C1.pdf" - | grep -q '100,44'
	run dun 2026-12-15; [ "$(steps)" = "" ]
	run dun 2026-12-16
	[ "$(steps)" = "C1,collection C1,suspend " ]
	# two months started (16 Nov, 16 Dec) at 4 % on 60.44 = 0.40293, one
	# month at 4 % on the costs of 40.00 = 0.13333: 0.54
	grep -q ',collection,60.44,0.54,40.00,15.00,' "$(last)/actions.csv"
}

@test "a partial payment pays costs and fees, then interest, then principal (art. 6:44 BW)" {
	mk VZ
	for d in 2026-11-16 2026-11-21 2026-11-24; do dun $d >/dev/null; done
	pay P1 2026-11-25 50.00 $NOV
	run dun 2026-11-25; assert_success
	o=$(last)/open.csv
	[ "$(col $o $NOV costs)" = 0.00 ] && [ "$(col $o $NOV fees)" = 30.00 ]
	[ "$(col $o $NOV interest)" = 0.17 ] && [ "$(col $o $NOV principal)" = 60.44 ]
	[ "$(col $o $NOV paid)" = 50.00 ]
	pay P2 2026-11-26 40.00 $NOV
	run dun 2026-11-26; assert_success
	o=$(last)/open.csv
	# fees 30.00, interest of 11 days 0.18, principal 60.44 - 9.82
	[ "$(col $o $NOV fees)" = 0.00 ] && [ "$(col $o $NOV interest)" = 0.00 ]
	[ "$(col $o $NOV principal)" = 50.62 ]
}

@test "a payment without a reference pays the oldest due invoice first (art. 6:43 BW), found by IBAN" {
	mk VZ
	bill-run -p 2026-12 -i in -o bill-12 -s state >/dev/null
	pay P1 2026-12-20 70.00 "" NL91ABNA0417164300
	run dun 2026-12-20; assert_success
	o=$(last)/open.csv
	[ -z "$(col $o $NOV outstanding)" ]
	[ "$(col $o VZ-2026-000002 outstanding)" = 50.88 ]
	grep -q "^P1,2026-12-20,70.00,credit,,C1," state/current/receipts.csv
}

@test "an overpayment stays as credit and pays the next invoice" {
	mk VZ
	pay P1 2026-11-10 100.00 $NOV
	run dun 2026-11-20; assert_success
	[ "$(tail -n +2 "$(last)/open.csv")" = "" ]
	grep -q 'credit held  *39.56' "$(last)/report.txt"
	bill-run -p 2026-12 -i in -o bill-12 -s state >/dev/null
	run dun 2026-12-02; assert_success
	[ "$(col "$(last)/open.csv" VZ-2026-000002 outstanding)" = 20.88 ]
	grep -q 'credit held  *0.00' "$(last)/report.txt"
}

@test "days skipped take the next step due only; days out of order and reruns take none" {
	mk VZ
	run dun 2026-11-16; [ "$(steps)" = "C1,reminder " ]
	run dun 2026-11-25; [ "$(steps)" = "C1,final_notice " ]
	run dun 2026-11-22; assert_success; [ "$(steps)" = "" ]
	run dun 2026-11-16; assert_success; [ "$(steps)" = "" ]
	run dun 2026-11-25; [ "$(steps)" = "" ]
	run dun 2026-11-26; [ "$(steps)" = "" ]
	run dun 2026-11-27; [ "$(steps)" = "C1,collection C1,suspend C1,terminate " ]
	[ "$(grep -c ',reminder,' state/current/steps.csv)" = 1 ]
	[ "$(grep -c ',final_notice,' state/current/steps.csv)" = 1 ]
}

@test "a run for day D ignores payments dated after D; the same payments file read twice applies once" {
	mk VZ
	pay P1 2026-11-18 60.44 $NOV
	run dun 2026-11-16; [ "$(steps)" = "C1,reminder " ]
	[ "$(col "$(last)/open.csv" $NOV outstanding)" = 60.44 ]
	run dun 2026-11-21; [ "$(steps)" = "" ]
	[ "$(tail -n +2 "$(last)/open.csv")" = "" ]
	run dun 2026-11-22; [ "$(steps)" = "" ]
	[ "$(grep -c '^P1,' state/current/receipts.csv)" = 1 ]
	# the same id with other figures is refused, the state untouched
	sed -i 's/^P1,2026-11-18,60.44/P1,2026-11-18,60.45/' in/payments.csv
	before=$(snapshot state)
	run dun 2026-11-23
	assert_failure
	assert_output --regexp "payments.csv:2: payment 'P1' differs from the one of that id applied before \(.*/receipts.csv:2\)"
	[ "$(snapshot state)" = "$before" ]
	# and so is one that differs from an earlier row of the same run
	sed -i 's/^P1,2026-11-18,60.45/P1,2026-11-18,60.44/' in/payments.csv
	pay P2 2026-11-20 1.00
	pay P2 2026-11-20 2.00
	run dun 2026-11-23
	assert_failure
	assert_output --partial "payments.csv:4: payment 'P2' differs from the one of that id applied earlier (payments.csv:3)"
	[ "$(snapshot state)" = "$before" ]
}

@test "a dispute of part of an invoice holds that part only" {
	mk VZ
	printf 'invoice_no,date,amount\n%s,2026-11-10,30.00\n' $NOV >in/disputes.csv
	run dun 2026-11-16; [ "$(steps)" = "C1,reminder " ]
	grep -q ',reminder,30.44,' "$(last)/actions.csv"
	[ "$(col "$(last)/open.csv" $NOV disputed)" = 30.00 ]
	pay P1 2026-11-17 30.44 $NOV
	run dun 2026-11-21; [ "$(steps)" = "" ]
	printf 'invoice_no,date,amount\n%s,2026-11-10,60.44\n' $NOV >in/disputes.csv
	run dun 2026-11-22; [ "$(steps)" = "" ]
}

@test "paid in full after suspension: reactivation, its fee billed once by the next bill-run" {
	mk VZ
	for d in 2026-11-16 2026-11-21 2026-11-24; do dun $d >/dev/null; done
	pay P1 2026-11-26 200.00 $NOV
	run dun 2026-11-26; [ "$(steps)" = "C1,reactivate " ]
	grep -q "^reconnection-$NOV,C1,2026-11-26,.*,25.00,1,VZ 8.28," "$(last)/charges.csv"
	run dun 2026-11-27; [ "$(steps)" = "" ]
	bill-run -p 2026-12 -i in -o bill-12 -s state >/dev/null
	grep -q ",fee,reconnection-$NOV,.*,25.00,21,VZ 8.28" bill-12/lines.csv
	bill-run -p 2027-01 -i in -o bill-01 -s state >/dev/null
	! grep -q "reconnection-" bill-01/lines.csv
}

@test "VW: a returned debit is a default at once, with no fee" {
	mkdir -p in state
	(cd in && terms VW)
	cat >in/customers.csv <<-CSV
	customer_id,name,street,postcode,city,country,iban,mandate_id,mandate_date
	F1,Klant F1,Handelsweg 1,3511 AA,Utrecht,NL,NL91ABNA0417164300,MND-F1,2025-12-01
	CSV
	printf 'contract_id,customer_id,description,monthly_fee,start_date\nK1,F1,Abonnement,30.00,2026-11-01\n' >in/contracts.csv
	bill-run -p 2026-11 -i in -o b11 -s state >/dev/null
	bill-run -p 2026-12 -i in -o b12 -s state >/dev/null
	inv=$(awk -F, 'NR == 2 { print $1 }' b12/invoices.csv)
	printf 'payment_id,date,amount,kind,invoice_no,reason\nR1,2026-12-09,36.30,return,%s,AM04\n' "$inv" >in/payments.csv
	pay P1 2026-11-14 36.30 VW-2026-000001
	run dun 2026-12-09; assert_success
	[ "$(steps)" = "F1,failed_debit " ]
	grep -q ',failed_debit,36.30,0.00,0.00,0.00,2026-12-09,VW 2.5.1,' "$(last)/actions.csv"
	[ "$(tail -n +2 "$(last)/charges.csv")" = "" ]
	pdftotext "$(last)/letters/failed_debit-F1.pdf" - | grep -q 'mislukt'
	run dun 2026-12-10; [ "$(steps)" = "F1,reminder " ]
	run dun 2026-12-10; [ "$(steps)" = "" ]
}

@test "bad payments rows are named with file, line and column; no output, the state untouched" {
	mk VZ
	before=$(snapshot state)
	for row in "P1,2026-11-20,12\,50,credit,," "P1,2026-11-31,10.00,credit,," "P1,2026-11-20,-5.00,credit,," \
	    "P1,2026-11-20,5.00,refund,," "P/1,2026-11-20,5.00,credit,,"; do
		printf 'payment_id,date,amount,kind,invoice_no,iban\n%s\n' "$row" >in/payments.csv
		run dunning-run -d 2026-11-20 -i in -o bad -s state
		assert_failure 1
		assert_output --regexp 'payments.csv:2:[0-9]+: '
		[ ! -e bad ]
		[ "$(snapshot state)" = "$before" ]
	done
	printf 'payment_id,date,amount,invoice_no\nP1,2026-11-20,5.00,%s\nP1,2026-11-20,5.00,%s\nP2,2026-11-20,1.00,%s\n' $NOV $NOV $NOV >in/payments.csv
	run dunning-run -d 2026-11-20 -i in -o ok -s state
	assert_success
	[ "$(grep -c '^P1,' ok/steps/receipts.csv)" = 1 ]
	[ "$(col ok/open.csv $NOV paid)" = 6.00 ]
	# a payment nothing matches waits in unapplied.csv: not an error
	printf 'payment_id,date,amount,reference\nP9,2026-11-20,5.00,hello\n' >in/payments.csv
	run dunning-run -d 2026-11-21 -i in -o un -s state
	assert_success
	grep -q '^P9,2026-11-20,5.00,credit,hello,,payments.csv:2,"no invoice' un/unapplied.csv
}

@test "VZ: termination at collection ends the contract that day; the next bill-run corrects the month and bills the buyout once (VZ 8.21, 4.5)" {
	mk VZ
	# a 12-month term: the rest of it is bought out
	sed -i 's/^contract_id,.*/&,term_months/; s/^K1,.*/&,12/' in/contracts.csv
	for d in 2026-11-16 2026-11-21 2026-11-24; do dun $d >/dev/null; done
	[ "$(steps)" = "C1,collection C1,suspend C1,terminate " ]
	bill-run -p 2026-12 -i in -o bill-12 -s state >/dev/null
	run pick bill-12/lines.csv kind from to quantity net rule
	# November was billed whole: the line for 1-24 Nov replaces it (the 6
	# days after the 24th come back); the buyout: 6/30 of 49.95 for 25-30
	# Nov and the 11 whole months of the term, Dec-Oct, at the full fee
	assert_output - <<-EOF2
	correction|2026-11-01|2026-11-24|1|-9.99|VZ 8.13, VZ 8.1
	buyout|2026-11-25|2026-11-30|1|9.99|VZ 8.21, VZ 4.5
	buyout|2026-12-01|2027-10-31|11|549.45|VZ 8.21, VZ 4.5
	EOF2
	bill-run -p 2027-01 -i in -o bill-01 -s state >/dev/null
	[ "$(tail -n +2 bill-01/lines.csv)" = "" ]
}

# since PROFILE START: customer C1 (by transfer) with a subscription of
# 49.95 from START (a month's first day), billed for that month (gross
# 60.44, due 14 days later), taken through reminder, final notice and
# collection on the working days after the due date
since() {
	mkdir -p in state
	(cd in && terms "$1")
	printf 'customer_id,name,street,postcode,city,country,iban,payment_method\nC1,Klant C1,Handelsweg 1,3511 AA,Utrecht,NL,NL91ABNA0417164300,transfer\n' >in/customers.csv
	printf 'contract_id,customer_id,description,monthly_fee,start_date\nK1,C1,Abonnement K1,49.95,%s\n' "$2" >in/contracts.csv
	bill-run -p "${2%-01}" -i in -o bill -s state >/dev/null
}

@test "VZ interest by day across 1 July and 1 January, compounded after a full year of default" {
	since VZ 2025-06-01
	inv=$(pick bill/invoices.csv invoice_no)
	# due Sunday 15 June 2025: reminder 16th, final notice 21st (24 h: to
	# Monday the 23rd), collection on the 24th
	for d in 2025-06-16 2025-06-21 2025-06-24; do dun $d >/dev/null; done
	[ "$(steps)" = "C1,collection C1,suspend C1,terminate " ]
	# 9 days at 11.15 % on 60.44: 0.16617
	grep -q ",collection,60.44,0.17,40.00,15.00," "$(last)/actions.csv"
	# 2025-06-16..30 at 11.15 %, then at 10.15 % (1 July 2025) and on
	# through 1 January (10.15 % again) to 15 June 2026: 365 days, a full
	# year: 60.44 × (15 × 11.15 % + 350 × 10.15 %) / 365 = 6.15950, added to
	# the principal; then 16 June-10 July 2026, 25 days at 10.15 % (no rate
	# known from 1 July 2026: the last one stays, with a warning) on
	# 66.59950: 0.46300; together 6.62
	run dun 2026-07-10; assert_success
	assert_output --partial "no commercial (art. 6:119a BW) interest rate is known from 2026-07-01 on: used 10.15 %"
	[ "$(col "$(last)/open.csv" "$inv" interest)" = 6.62 ]
	# one day less: the year is not full on 15 June 2026; 365 days on
	# 60.44 only: 6.15950 → 6.16
	run dun 2026-06-15; assert_success
	[ "$(col "$(last)/open.csv" "$inv" interest)" = 6.16 ]
	# 1 July 2026's rate from interest.csv: 10 days of year 2 at 9.00 %,
	# 15 at 10.15 %: 66.59950 × (15 × 10.15 % + 10 × 9.00 %) / 365 = 0.44198
	{ echo from,commercial,statutory
	  sed -n 's/^| \(20[0-9-]*\) | \([0-9.]*\) | \([0-9.]*\) |$/\1,\2,\3/p' "$SHARED/spec/legal.md"
	  echo 2026-07-01,9.00,4.00; } >in/interest.csv
	run dun 2026-07-10; assert_success
	refute_output --partial "no commercial"
	[ "$(col "$(last)/open.csv" "$inv" interest)" = 6.60 ]
}

@test "the WIK scale over the customer's overdue principal at every bracket edge, and its maximum" {
	mkdir -p in state
	(cd in && terms VZ)
	echo customer_id,name,street,postcode,city,country,iban,payment_method >in/customers.csv
	echo contract_id,customer_id,description,monthly_fee,start_date,vat_rate >in/contracts.csv
	# principals (no VAT) 2,500.00 / 2,500.01 / 5,000 / 10,000 / 200,000 /
	# 1,000,000 / 2,000,000, and 121.00 under the minimum
	for p in 2500.00 2500.01 5000.00 10000.00 200000.00 1000000.00 2000000.00 121.00; do
		c=C${p%.*}${p#*.}
		echo "$c,Klant $c,Handelsweg 1,3511 AA,Utrecht,NL,NL91ABNA0417164300,transfer" >>in/customers.csv
		echo "K$c,$c,Abonnement,$p,2026-11-01,0" >>in/contracts.csv
	done
	bill-run -p 2026-11 -i in -o bill -s state >/dev/null
	for d in 2026-11-16 2026-11-21 2026-11-24; do dun $d >/dev/null; done
	# 15 % of 2,500 = 375.00; + 10 % of 0.01 = 0.001: 375.00; + 10 % of
	# 2,500 = 625.00; + 5 % of 5,000 = 875.00; + 1 % of 190,000 = 2,775.00;
	# + 0.5 % of 800,000 = 6,775.00 = the maximum; 2,000,000: 11,775.00 →
	# at most 6,775.00; 15 % of 121.00 = 18.15 → at least 40.00
	run awk -F, '$4 == "collection" { print $2 "|" $5 "|" $7 }' "$(last)/actions.csv"
	assert_output - <<-EOF2
	C1000000|10000.00|875.00
	C100000000|1000000.00|6775.00
	C12100|121.00|40.00
	C20000000|200000.00|2775.00
	C200000000|2000000.00|6775.00
	C250000|2500.00|375.00
	C250001|2500.01|375.00
	C500000|5000.00|625.00
	EOF2
}

@test "the WIK scale is over all the customer's invoices in collection, less what was claimed before" {
	since VZ 2026-11-01
	# not terminated at collection: December is billed too, with a second
	# contract of 2,000.00 a month
	sed -i 's/^terminate_on_collection = .*/terminate_on_collection = no/' in/terms.conf
	echo "K2,C1,Abonnement K2,2000.00,2026-12-01" >>in/contracts.csv
	bill-run -p 2026-12 -i in -o bill-12 -s state >/dev/null
	[ "$(pick bill-12/invoices.csv gross)" = 2480.44 ]
	for d in 2026-11-16 2026-11-21 2026-11-24; do dun $d >/dev/null; done
	grep -q ",collection,60.44,.*,40.00,15.00," "$(last)/actions.csv"
	# December (due 15 Dec): reminder on the 16th (to Monday the 21st),
	# final notice on the 22nd (to the 23rd), collection on the 24th; the
	# scale over 60.44 + 2,480.44 = 2,540.88: 375.00 + 10 % of 40.88 =
	# 379.09, less the 40.00 claimed in November: 339.09, stated on the
	# final notice and claimed at collection
	for d in 2026-12-16 2026-12-22 2026-12-24; do dun $d >/dev/null; done
	grep -q ",final_notice,2480.44,0.00,339.09,0.00,2026-12-23," dun-5-2026-12-22/actions.csv
	run awk -F, '$4 == "collection" { print $3 "|" $5 "|" $7 }' "$(last)/actions.csv"
	assert_output "VZ-2026-000002|2480.44|339.09"
}
