#!/usr/bin/env bats
# invoice: one invoice per customer of the items to bill (rules.md §8):
# VAT per rate, reverse charge, payment method and collection date, due
# date, gapless numbering.

load helpers

# start: the VZ profile, the customers of fixtures/invoice (C1 pays by
# direct debit; C2 is a Belgian business, C3 a Dutch telecom reseller, C4
# pays by transfer) and an item stream without items
start() {
	terms VZ
	cp "$FIX/invoice/customers.csv" .
	echo "$HEAD" >items.csv
}

HEAD=customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history

# item CUSTOMER KEY NET [VAT_RATE [HISTORY]]: append a charge item
item() {
	echo "$1,$2,,charge,$2,Werk,2026-10-05,2026-10-05,1,,$3,$3,${4:-21},VZ 8.15,${5:-no}" >>items.csv
}

# invoiced PERIOD [OPTION...]: invoice items.csv for PERIOD into a fresh
# out/, the posting file into posting.csv, with the state in state/
invoiced() {
	local p=$1
	shift
	rm -rf out && mkdir -p out state &&
		invoice -p "$p" -c terms.conf -C customers.csv -s state -o out \
			-b posting.csv "$@" <items.csv
}

# on_full_disk CMD...: CMD with every write to a file failing as on a full
# disk (file size limit 0, SIGXFSZ ignored); its stderr comes through a pipe
on_full_disk() {
	(trap '' XFSZ; ulimit -f 0; exec "$@") 2>&1 | cat
	return "${PIPESTATUS[0]}"
}

@test "VAT on 1,234.56 at 21 % is 259.26, gross 1,493.82" {
	start
	item C1 X1 1234.56
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv invoice_no customer_id net vat gross
	assert_output 'VZ-2026-000001|C1|1234.56|259.26|1493.82'
}

@test "VAT is rounded once on the sum per rate, not per line" {
	start
	# each 0.07 would be 0.0147 -> 0.01, three of them 0.03; the sum
	# 0.21 gives 0.0441 -> 0.04
	item C1 X1 0.07
	item C1 X2 0.07
	item C1 X3 0.07
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv net vat gross
	assert_output '0.21|0.04|0.25'
}

@test "VAT rounds half away from zero: 0.105 is 0.11, -0.105 is -0.11" {
	start
	item C1 X1 0.50
	item C4 X2 -0.50
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv customer_id net vat gross
	assert_output - <<-'EOF'
	C1|0.50|0.11|0.61
	C4|-0.50|-0.11|-0.61
	EOF
}

@test "two VAT rates on one invoice each get their own VAT" {
	start
	item C1 X1 100.00 21
	item C1 X2 50.00 9
	item C1 X3 0.10 9
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv net vat gross
	# 21.00 + round(50.10 x 9 %) = 21.00 + 4.51
	assert_output '150.10|25.51|175.61'
	run -0 pick out/lines.csv line_no ref net vat_rate
	assert_output - <<-'EOF'
	1|X1|100.00|21
	2|X2|50.00|9
	3|X3|0.10|9
	EOF
}

@test "a Belgian business with a VAT id is reverse-charged: VAT 0.00, lines at rate 0" {
	start
	item C2 X1 1234.56
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv customer_id net vat gross
	assert_output 'C2|1234.56|0.00|1234.56'
	run -0 pick out/lines.csv customer_id net vat_rate
	assert_output 'C2|1234.56|0'
}

@test "a Dutch telecom reseller is reverse-charged (reseller = yes)" {
	start
	item C3 X1 100.00
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv customer_id net vat gross
	assert_output 'C3|100.00|0.00|100.00'
	run -0 pick out/lines.csv vat_rate
	assert_output '0'
}

@test "a business outside the EU pays no Dutch VAT and needs no VAT id (rules.md §8)" {
	start
	cat >>customers.csv <<-'EOF'
	C5,Alpen AG,Bahnhofstrasse 1,8001,Zürich,CH,,,,,,transfer,
	C6,Harbor LLC,Park Avenue 1,NY 10166,New York,US,,,,,,transfer,
	EOF
	item C5 X1 100.00
	item C6 X2 200.00 9
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv customer_id net vat gross
	assert_output - <<-'EOF'
	C5|100.00|0.00|100.00
	C6|200.00|0.00|200.00
	EOF
	run -0 pick out/lines.csv customer_id net vat_rate
	assert_output - <<-'EOF'
	C5|100.00|0
	C6|200.00|0
	EOF
	run -0 report -C customers.csv out </dev/null
	assert_output --regexp 'outside the EU +2 +300\.00 +0\.00'
}

@test "one invoice per customer, numbered in customer order from VZ-2026-000001" {
	start
	item C1 X1 10.00
	item C1 X2 20.00
	item C2 X3 30.00
	item C4 X4 40.00
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv invoice_no customer_id net
	assert_output - <<-'EOF'
	VZ-2026-000001|C1|30.00
	VZ-2026-000002|C2|30.00
	VZ-2026-000003|C4|40.00
	EOF
	run -0 pick out/lines.csv invoice_no line_no ref
	assert_output - <<-'EOF'
	VZ-2026-000001|1|X1
	VZ-2026-000001|2|X2
	VZ-2026-000002|1|X3
	VZ-2026-000003|1|X4
	EOF
}

@test "the invoice date is the first of the run month, the due date 14 days later even on a Sunday" {
	start
	item C4 X1 10.00
	run -0 invoiced 2026-11
	run -0 pick out/invoices.csv invoice_date due_date period
	assert_output '2026-11-01|2026-11-15|2026-11'
	run -0 invoiced 2026-12 -d 2026-12-20
	run -0 pick out/invoices.csv invoice_date due_date period
	assert_output '2026-12-20|2027-01-03|2026-12'
}

@test "a first invoice is paid by transfer, a later one collected by direct debit 7 days on" {
	start
	item C1 X1 10.00 21 no
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv payment_method collection_date first_invoice
	assert_output 'transfer||yes'
	echo "$HEAD" >items.csv
	item C1 X1 10.00 21 yes
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv payment_method collection_date first_invoice
	assert_output 'direct_debit|2026-12-08|no'
}

@test "a transfer customer's later invoice is not collected" {
	start
	item C4 X1 10.00 21 yes
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv payment_method collection_date first_invoice
	assert_output 'transfer||no'
}

@test "a collection date on Christmas Day moves to the next TARGET2 day" {
	start
	item C1 X1 10.00 21 yes
	# 18 December + 7 = Friday 25 December; 26 and 27 are closed too
	run -0 invoiced 2026-12 -d 2026-12-18
	run -0 pick out/invoices.csv invoice_date due_date collection_date
	assert_output '2026-12-18|2027-01-01|2026-12-28'
}

@test "a collection date on Good Friday moves past Easter Monday" {
	start
	item C1 X1 10.00 21 yes
	# Easter 2027 is 28 March: 26 (Good Friday) to 29 (Easter Monday) are closed
	run -0 invoiced 2027-03 -d 2027-03-19
	run -0 pick out/invoices.csv invoice_date due_date collection_date
	assert_output '2027-03-19|2027-04-02|2027-03-30'
}

@test "an invoice with a total of zero or less is never collected" {
	start
	item C1 X1 -10.00 21 yes
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv gross payment_method collection_date
	assert_output '-12.10|transfer|'
	echo "$HEAD" >items.csv
	item C1 X1 10.00 21 yes
	item C1 X2 -10.00 21 yes
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv gross payment_method collection_date
	assert_output '0.00|transfer|'
}

@test "numbering continues from the state's register, and a rerun reuses its numbers" {
	start
	item C1 X1 10.00
	item C4 X2 20.00
	run -0 invoiced 2026-11
	mkdir -p state
	run -0 post -p 2026-11 -s state -b posting.csv out </dev/null
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv invoice_no customer_id first_invoice
	assert_output - <<-'EOF'
	VZ-2026-000003|C1|no
	VZ-2026-000004|C4|no
	EOF
	run -0 invoiced 2026-11
	run -0 pick out/invoices.csv invoice_no customer_id first_invoice
	assert_output - <<-'EOF'
	VZ-2026-000001|C1|yes
	VZ-2026-000002|C4|yes
	EOF
}

@test "a new year starts a new series at 000001" {
	start
	item C1 X1 10.00
	run -0 invoiced 2026-12
	mkdir -p state
	run -0 post -p 2026-12 -s state -b posting.csv out </dev/null
	run -0 invoiced 2027-01
	run -0 pick out/invoices.csv invoice_no
	assert_output 'VZ-2027-000001'
}

@test "the VW profile numbers its own series from VW-2026-000001" {
	start
	terms VW
	item C1 X1 10.00
	run -0 invoiced 2026-12
	run -0 pick out/invoices.csv invoice_no
	assert_output 'VW-2026-000001'
}

@test "the posting file holds every line with its key, period and invoice number" {
	start
	item C1 X1 10.00
	item C2 X2 20.00
	run -0 invoiced 2026-12
	run -0 pick posting.csv customer_id key net vat_rate period invoice_no
	assert_output - <<-'EOF'
	C1|X1|10.00|21|2026-12|VZ-2026-000001
	C2|X2|20.00|21|2026-12|VZ-2026-000002
	EOF
}

@test "an unknown customer is an error and leaves no output files" {
	start
	item C9 X1 10.00
	run -1 --separate-stderr invoiced 2026-12
	assert_regex "$stderr" "unknown customer 'C9'"
	run -0 ls -A out </dev/null
	assert_output ''
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr invoice --help </dev/null
	assert_line --index 0 --regexp '^usage: invoice -p YYYY-MM -c terms\.conf -C customers\.csv'
	assert_equal "$stderr" ''
}

@test "--help into a full stdout is a write error and exits 1" {
	# invoice writes its outputs into -o; --help is what it prints on stdout
	run -1 --separate-stderr bash -c 'invoice --help </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a full disk is a write error and leaves no output file behind" {
	start
	item C1 X1 10.00
	mkdir out state
	run -1 on_full_disk invoice -p 2026-12 -c terms.conf -C customers.csv -s state -o out -b out/posting.csv <items.csv
	assert_output --regexp '^invoice: out/[a-z]+\.csv: write error'
	run -0 ls -A out </dev/null
	assert_output ''
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	start
	item C1 X1 1234.56 21 yes
	item C1 X2 50.10 9 yes
	run -0 invoiced 2026-12
	mv out c && mv posting.csv c/
	run -0 env LC_ALL=nl_NL.UTF-8 bash -c 'mkdir out && invoice -p 2026-12 -c terms.conf -C customers.csv -s state -o out -b out/posting.csv <items.csv'
	run -0 diff -r c out </dev/null
	run -0 cat out/invoices.csv </dev/null
	assert_line --partial ',1284.66,263.77,1548.43,'
}

@test "an invoice date before the last one of its series is refused, since numbers follow dates (rules.md §8)" {
	start
	item C1 X1 10.00
	mkdir -p state
	# November invoiced on 5 December, in the series VZ-2026
	run -0 invoiced 2026-11 -d 2026-12-05
	run -0 post -p 2026-11 -s state -d 2026-12-05 -b posting.csv out </dev/null
	run -1 --separate-stderr invoiced 2026-12
	assert_regex "$stderr" '^invoice: bad invoice date 2026-12-01: before 2026-12-05, the last invoice date of its series'
	run -1 --separate-stderr invoiced 2026-12 -d 2026-12-04
	assert_regex "$stderr" '^invoice: bad invoice date 2026-12-04: before 2026-12-05'
	run -0 invoiced 2026-12 -d 2026-12-05
	run -0 pick out/invoices.csv invoice_no invoice_date
	assert_output 'VZ-2026-000002|2026-12-05'
	# a new year is a new series: its first date may be any day
	run -0 invoiced 2026-12 -d 2027-01-02
	run -0 pick out/invoices.csv invoice_no
	assert_output 'VZ-2027-000001'
}

@test "an invoice date outside the run month and the month after is refused" {
	start
	item C1 X1 10.00
	run -1 --separate-stderr invoiced 2026-12 -d 2026-11-30
	assert_regex "$stderr" '^invoice: bad invoice date 2026-11-30: expected a day of the run month 2026-12 or of the month after it, 2027-01'
	run -1 --separate-stderr invoiced 2026-12 -d 2027-02-01
	assert_regex "$stderr" '^invoice: bad invoice date 2027-02-01: '
	run -0 invoiced 2026-12 -d 2027-01-31
	[ ! -e out/invoices.csv ] || run -0 pick out/invoices.csv invoice_date
	assert_output '2027-01-31'
}
