#!/usr/bin/env bats
# sepa: the direct-debit batch of a run (rules.md §8, sepa.md, formats.md
# invoices.csv and sepa/*.xml; issue 14).  An invoice is collected when its
# customer pays by direct debit, it is not the first (VZ 8.6) and its total
# is above zero; on invoice date + collection_days moved to the next TARGET2
# day, before the due date (else the last TARGET2 day before it), and never
# before the first TARGET2 day after the run date (D-1).  FRST the first
# time under a mandate, RCUR after, FNAL for the first invoice after every
# contract ended (then nothing more); a renamed mandate (same signature
# date) is sent with OrgnlMndtId, a new account at the same bank with
# OrgnlDbtrAcct, a move to another bank with SMNDA as FRST.  The debit
# ledger in the state (debits.csv) holds what was sent; a rerun writes the
# same bytes.  Checked over runs of bin/bill-run and on the filter alone.

load helpers

# stderr_has REGEX: some line of $stderr matches the extended REGEX
stderr_has() {
	grep -qE -- "$1" <<<"$stderr" ||
		fail "no line of stderr matches /$1/; stderr was: $stderr"
}

# input [PROFILE]: in/ with customers C1 (ABN AMRO), C2 (ING) and C3 (pays
# by transfer), each with a contract of 30.00, 12.34 and 99.00 a month
# since before November that an earlier system billed through October: so
# the November invoices are not the first and are collected
input() {
	mkdir -p in state
	(cd in && terms "${1:-VZ}")
	cat >in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,country,iban,bic,mandate_id,mandate_date,payment_method
	C1,Alfa B.V.,Kerkstraat 1,1011 AA,Amsterdam,NL,NL91ABNA0417164300,ABNANL2A,M-C1,2025-01-01,direct_debit
	C2,Beta B.V.,Dorpsweg 2,3511 AA,Utrecht,NL,NL20INGB0001234567,,M-C2,2025-02-01,direct_debit
	C3,Gamma B.V.,Laan 3,2511 AA,Den Haag,NL,,,,,transfer
	EOF
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,billed_through,end_date
	K1,C1,Abonnement,30.00,2025-01-01,2026-10-31,
	K2,C2,Abonnement,12.34,2025-02-01,2026-10-31,
	K3,C3,Abonnement,99.00,2025-03-01,2026-10-31,
	EOF
}

# bill PERIOD OUTDIR [OPTION...]: bill-run on in/ and state/
bill() {
	local p=$1 o=$2

	shift 2
	bill-run -p "$p" -i in -o "$o" -s state "$@" </dev/null
}

# setcol FILE ID COLUMN VALUE: in the CSV FILE, the row whose first field
# is ID gets VALUE in the named column (no quoted commas)
setcol() {
	awk -F, -v OFS=, -v id="$2" -v name="$3" -v val="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i
			  if (!c) { print "no column " name >"/dev/stderr"; exit 1 } }
		NR > 1 && $1 == id { $c = val } { print }' "$1" >"$1.new" &&
		mv "$1.new" "$1"
}

# xml OUTDIR: the one batch file of a run
xml() {
	local f=("$1"/sepa/*.xml)

	[ "${#f[@]}" -eq 1 ] && [ -f "${f[0]}" ] ||
		fail "expected one file in $1/sepa, found: ${f[*]}"
	echo "${f[0]}"
}

# valid FILE...: each validates against the schema of its namespace
valid() {
	local f v

	for f in "$@"; do
		v=$(grep -o 'pain\.008\.001\.0[28]' "$f" | head -1)
		[ -n "$v" ] || fail "$f: no pain.008 namespace"
		run -0 xmllint --noout --schema "$SHARED/ref/iso20022/$v.xsd" "$f"
	done
}

# tx FILE INVOICE: the DrctDbtTxInf element of the invoice, on one line
tx() {
	tr -d '\n\t' <"$1" | sed 's|<DrctDbtTxInf>|\n&|g; s|</PmtInf>|\n|g' |
		grep "<EndToEndId>$2</EndToEndId>"
}

# seq FILE INVOICE: the sequence type of the block that holds the invoice
seq_of() {
	tr -d '\n\t' <"$1" | sed 's|<PmtInf>|\n|g' |
		grep "<EndToEndId>$2</EndToEndId>" | grep -o '<SeqTp>[A-Z]*' |
		sed 's/<SeqTp>//'
}

# inv OUTDIR CUSTOMER: that customer's invoice number in the run
inv() {
	awk -F, -v c="$2" '$2 == c { print $1 }' "$1/invoices.csv"
}

# --- the batch ---------------------------------------------------------------

@test "the November batch collects C1 and C2 on 2026-11-09 under B2B, schema-valid, with the creditor" {
	input
	run -0 bill 2026-11 nov
	f=$(xml nov)
	valid "$f"
	# 2026-11-01 + 7 = Sunday 8 November: the next TARGET2 day is Monday 9
	run -0 grep -c '<ReqdColltnDt>2026-11-09</ReqdColltnDt>' "$f"
	assert_output 1
	run -0 grep -c '<DrctDbtTxInf>' "$f"
	assert_output 2
	# group and block: 2 debits, 36.30 + 14.93 = 51.23 (VAT 21 %)
	run -0 grep -c '<NbOfTxs>2</NbOfTxs>' "$f"
	assert_output 2
	run -0 grep -c '<CtrlSum>51.23</CtrlSum>' "$f"
	assert_output 2
	grep -q '<Cd>B2B</Cd>' "$f"
	grep -q '<Id>NL69ZZZ123456780000</Id>' "$f"
	grep -q '<IBAN>NL91ABNA0417164300</IBAN>' "$f"
	grep -q '<BICFI>ABNANL2A</BICFI>' "$f"
	# C2 has no BIC: the debtor's agent is NOTPROVIDED
	run -0 tx "$f" "$(inv nov C2)"
	assert_output --regexp '<DbtrAgt> *<FinInstnId> *<Othr> *<Id>NOTPROVIDED</Id>'
	assert_output --partial '<InstdAmt Ccy="EUR">14.93</InstdAmt>'
	assert_output --partial '<MndtId>M-C2</MndtId>'
	assert_output --partial '<DtOfSgntr>2025-02-01</DtOfSgntr>'
	assert_output --partial '<AmdmntInd>false</AmdmntInd>'
	assert_output --partial "<Ustrd>Factuur $(inv nov C2) periode 2026-11</Ustrd>"
	# the invoices say how they are paid
	run -0 pick nov/invoices.csv customer_id payment_method collection_date
	assert_output "$(printf 'C1|direct_debit|2026-11-09\nC2|direct_debit|2026-11-09\nC3|transfer|')"
	# the state's ledger has the two debits
	run -0 pick state/current/debits.csv customer_id sequence amount msg_id
	assert_output "$(printf 'C1|FRST|36.30|VZ-202611-20261109\nC2|FRST|14.93|VZ-202611-20261109')"
	run -0 grep -F 'SEPA batch    2 debits, 51.23 EUR, collected on 2026-11-09' nov/report.txt
}

@test "FRST the first time under a mandate, RCUR the next month" {
	input
	run -0 bill 2026-11 nov
	run -0 bill 2026-12 dec
	assert_equal "$(seq_of "$(xml nov)" "$(inv nov C1)")" FRST
	assert_equal "$(seq_of "$(xml dec)" "$(inv dec C1)")" RCUR
	assert_equal "$(seq_of "$(xml dec)" "$(inv dec C2)")" RCUR
	# one block per sequence type, each with its own count and sum
	run -0 grep -c '<PmtInf>' "$(xml dec)"
	assert_output 1
	grep -q '<PmtInfId>VZ-202612-20261208-RCUR</PmtInfId>' "$(xml dec)"
	valid nov/sepa/*.xml dec/sepa/*.xml
}

@test "no debit for a first invoice, a transfer customer, or a total of zero or less" {
	input
	# C1's contract is new: its first invoice is paid in advance by transfer
	setcol in/contracts.csv K1 billed_through ''
	setcol in/contracts.csv K1 start_date 2026-11-01
	# C2's November invoice is all credited: 12.34 less 12.34
	cat >in/discounts.csv <<-'EOF'
	discount_id,contract_id,amount,description
	D1,K2,12.34,Welkomstkorting
	EOF
	run -0 bill 2026-11 nov
	[ ! -e nov/sepa ] || [ -z "$(ls nov/sepa)" ]
	run -0 pick nov/invoices.csv customer_id payment_method first_invoice gross
	assert_output "$(printf 'C1|transfer|yes|36.30\nC2|transfer|no|0.00\nC3|transfer|no|119.79')"
	run -0 grep -F 'SEPA batch    0 debits' nov/report.txt
	[ ! -s state/current/debits.csv ] || [ "$(wc -l <state/current/debits.csv)" -eq 1 ]
}

@test "FNAL for the first invoice after every contract ended, then the invoices are paid by transfer" {
	input
	# K1 ends on 30 November; calls and charges still come after it
	setcol in/contracts.csv K1 end_date 2026-11-30
	cat >in/charges.csv <<-'EOF'
	charge_id,customer_id,date,description,amount
	X1,C1,2026-11-20,Nummerbehoud,10.00
	X2,C1,2026-12-10,Nummerbehoud,10.00
	EOF
	run -0 bill 2026-11 nov
	run -0 bill 2026-12 dec
	run -0 bill 2027-01 jan
	assert_equal "$(seq_of "$(xml nov)" "$(inv nov C1)")" FRST
	assert_equal "$(seq_of "$(xml dec)" "$(inv dec C1)")" FNAL
	grep -q '<SeqTp>FNAL</SeqTp>' "$(xml dec)"
	# January: the mandate ended with December's final collection
	run -0 pick jan/invoices.csv customer_id payment_method
	assert_line 'C1|transfer'
	run -0 grep -F "not collected C1 $(inv jan C1): mandate M-C1 ended with the final collection of invoice $(inv dec C1) (FNAL) (due by transfer)" jan/report.txt
	run -0 pick jan/steps/uncollected.csv customer_id
	assert_output C1
	valid dec/sepa/*.xml jan/sepa/*.xml
}

@test "a new IBAN at the same bank is an amendment with OrgnlDbtrAcct, still RCUR" {
	input
	run -0 bill 2026-11 nov
	# ABN AMRO to ABN AMRO: bank identifier ABNA in positions 5-8
	setcol in/customers.csv C1 iban NL02ABNA0123456789
	run -0 bill 2026-12 dec
	f=$(xml dec)
	valid "$f"
	run -0 tx "$f" "$(inv dec C1)"
	assert_output --partial '<AmdmntInd>true</AmdmntInd>'
	assert_output --regexp '<AmdmntInfDtls> *<OrgnlDbtrAcct> *<Id> *<IBAN>NL91ABNA0417164300</IBAN>'
	assert_output --partial '<IBAN>NL02ABNA0123456789</IBAN>'
	refute_output --partial SMNDA
	assert_equal "$(seq_of "$f" "$(inv dec C1)")" RCUR
	# C2, unchanged, is not amended
	run -0 tx "$f" "$(inv dec C2)"
	assert_output --partial '<AmdmntInd>false</AmdmntInd>'
	run -0 pick state/current/debits.csv period customer_id original_iban new_bank
	assert_line '2026-12|C1|NL91ABNA0417164300|no'
	run -0 grep -F 'amended     1' dec/report.txt
}

@test "a move to another bank is sent with SMNDA as FRST, and RCUR after" {
	input
	run -0 bill 2026-11 nov
	setcol in/customers.csv C1 iban NL20INGB0001234567
	setcol in/customers.csv C1 bic INGBNL2A
	run -0 bill 2026-12 dec
	run -0 bill 2027-01 jan
	run -0 tx "$(xml dec)" "$(inv dec C1)"
	assert_output --partial '<AmdmntInd>true</AmdmntInd>'
	assert_output --regexp '<OrgnlDbtrAgt> *<FinInstnId> *<Othr> *<Id>SMNDA</Id>'
	refute_output --partial OrgnlDbtrAcct
	assert_equal "$(seq_of "$(xml dec)" "$(inv dec C1)")" FRST
	# the amendment is sent once: January is a plain RCUR
	run -0 tx "$(xml jan)" "$(inv jan C1)"
	assert_output --partial '<AmdmntInd>false</AmdmntInd>'
	assert_equal "$(seq_of "$(xml jan)" "$(inv jan C1)")" RCUR
	valid dec/sepa/*.xml jan/sepa/*.xml
}

@test "a changed mandate id signed on the same date is an amendment with OrgnlMndtId" {
	input
	run -0 bill 2026-11 nov
	setcol in/customers.csv C2 mandate_id M-C2-NEW
	run -0 bill 2026-12 dec
	run -0 tx "$(xml dec)" "$(inv dec C2)"
	assert_output --partial '<MndtId>M-C2-NEW</MndtId>'
	assert_output --regexp '<AmdmntInd>true</AmdmntInd> *<AmdmntInfDtls> *<OrgnlMndtId>M-C2</OrgnlMndtId> *</AmdmntInfDtls>'
	assert_equal "$(seq_of "$(xml dec)" "$(inv dec C2)")" RCUR
	valid dec/sepa/*.xml
}

@test "a new mandate signed on another date starts again with FRST, not an amendment" {
	input
	run -0 bill 2026-11 nov
	setcol in/customers.csv C2 mandate_id M-C2-2026
	setcol in/customers.csv C2 mandate_date 2026-11-20
	run -0 bill 2026-12 dec
	run -0 tx "$(xml dec)" "$(inv dec C2)"
	assert_output --partial '<AmdmntInd>false</AmdmntInd>'
	assert_equal "$(seq_of "$(xml dec)" "$(inv dec C2)")" FRST
	assert_equal "$(seq_of "$(xml dec)" "$(inv dec C1)")" RCUR
	# two blocks, FRST before RCUR, each with its own count and sum
	run -0 grep -o '<PmtInfId>[^<]*' "$(xml dec)"
	assert_output "$(printf '<PmtInfId>VZ-202612-20261208-FRST\n<PmtInfId>VZ-202612-20261208-RCUR')"
	valid dec/sepa/*.xml
}

@test "a mandate signed after the collection date is not collected: named in report.txt, due by transfer" {
	input
	setcol in/customers.csv C2 mandate_date 2026-11-20
	run -0 bill 2026-11 nov
	run -0 pick nov/invoices.csv customer_id payment_method collection_date
	assert_line 'C2|transfer|'
	run -0 grep -F "not collected C2 $(inv nov C2): mandate M-C2 was signed on 2026-11-20, after the collection date 2026-11-09 (due by transfer)" nov/report.txt
	run -0 grep -c '<DrctDbtTxInf>' "$(xml nov)"
	assert_output 1
	# the PDF asks for a transfer with its reference
	run -0 pdftotext "nov/pdf/$(inv nov C2).pdf" -
	assert_output --partial "$(awk -F, -v c=C2 '$2 == c { print $13 }' nov/invoices.csv)"
}

@test "a rerun of the period writes the identical batch and posts no second debit" {
	input
	run -0 bill 2026-11 nov
	run -0 bill 2026-12 dec
	before=$(snapshot state)
	run -0 bill 2026-12 dec2
	run -0 diff -r dec/sepa dec2/sepa
	run -0 cmp "$(xml dec)" "$(xml dec2)"
	assert_equal "$(snapshot state)" "$before"
	run -0 grep -c '^2026-12,' state/current/debits.csv
	assert_output 2
	# MsgId and CreDtTm come from the run, never the clock
	grep -q '<MsgId>VZ-202612-20261208</MsgId>' "$(xml dec)"
	grep -q '<CreDtTm>2026-12-01T00:00:00</CreDtTm>' "$(xml dec)"
}

@test "a rerun whose batch would differ is refused and changes nothing" {
	input
	run -0 bill 2026-11 nov
	before=$(snapshot state)
	setcol in/customers.csv C1 iban NL02ABNA0123456789
	run -1 --separate-stderr bill 2026-11 nov2
	stderr_has 'period 2026-11 was posted with other results'
	[ ! -e nov2 ]
	assert_equal "$(snapshot state)" "$before"
}

@test "pain.008.001.02 when the profile says sepa_version = 02: BIC, not BICFI, and valid" {
	input VW
	sed -i 's/^sepa_version.*//' in/terms.conf
	echo 'sepa_version = 02' >>in/terms.conf
	run -0 bill 2026-11 nov
	f=$(xml nov)
	grep -q 'xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"' "$f"
	grep -q '<BIC>ABNANL2A</BIC>' "$f"
	run -1 grep -q BICFI "$f"
	# the VW profile collects under CORE
	grep -q '<Cd>CORE</Cd>' "$f"
	valid "$f"
}

@test "both versions write their elements in the order of the ING and ABN AMRO example files" {
	local v f

	for v in 08 02; do
		rm -rf in state nov dec
		input
		sed -i 's/^sepa_version.*//' in/terms.conf
		echo "sepa_version = $v" >>in/terms.conf
		run -0 bill 2026-11 nov
		# December: C1 with a new account at its bank (an amendment),
		# C2 renamed its mandate
		setcol in/customers.csv C1 iban NL02ABNA0123456789
		setcol in/customers.csv C2 mandate_id M-C2-NEW
		run -0 bill 2026-12 dec
		for f in nov/sepa/*.xml dec/sepa/*.xml; do
			valid "$f"
			run -0 python3 "$ROOT/tests/xml-order.py" "$f" \
				"$SHARED"/ref/iso20022/samples/ing-pain.008.001.02-voorbeeldbestand.xml \
				"$SHARED"/ref/iso20022/samples/abnamro-pain.008.001.02-voorbeeldbestand.xml
			assert_output --regexp '^[1-9][0-9]+ pairs of elements compared, same order$'
		done
	done
	# and the comparison sees a swap: Dbtr written after DbtrAcct
	tr -d '\n\t' <dec/sepa/*.xml |
		sed -E 's|(<Dbtr>.*</Dbtr>)( *<DbtrAcct>.*</DbtrAcct>)|\2\1|' >swapped.xml
	run -1 python3 "$ROOT/tests/xml-order.py" swapped.xml \
		"$SHARED"/ref/iso20022/samples/ing-pain.008.001.02-voorbeeldbestand.xml
	assert_output --partial 'DbtrAcct before Dbtr'
}

@test "odd names come out in the SEPA character set, cut at 70, and the file stays valid" {
	input
	long=$(printf 'Zeer lange naam %.0s' $(seq 1 13))
	setcol in/customers.csv C1 name "\"Straße & Söhne “Zoë” l'Été 🎉 Øresund\""
	setcol in/customers.csv C2 name "$long"
	run -0 bill 2026-11 nov
	f=$(xml nov)
	valid "$f"
	run -0 grep -o '<Dbtr> *<Nm>[^<]*' <(tr -d '\n\t' <"$f")
	assert_line --partial "Strasse + Sohne 'Zoe' l'Ete Oresund"
	n=$(grep -o '<Nm>Zeer[^<]*' "$f" | sed 's/<Nm>//')
	[ "${#n}" -le 70 ] || fail "name of ${#n} characters: $n"
	[ "${#n}" -ge 60 ]
	[ "${n% }" = "$n" ] || fail "a cut left a trailing space: '$n'"
	# no text of the file outside a-z A-Z 0-9 / - ? : ( ) . , ' + space
	run -1 grep -P '>[^<]*[^a-zA-Z0-9/\-?:().,'"'"'+ <][^<]*</' "$f"
}

@test "an invalid IBAN of a direct-debit customer is named with file, line and column" {
	input
	setcol in/customers.csv C2 iban NL20INGB0001234568
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has "customers\.csv:3:7: bad iban 'NL20INGB0001234568'"
	[ ! -e nov ]
	assert_equal "$(ls -A state)" lock
}

@test "an invalid BIC is named with file, line and column" {
	input
	setcol in/customers.csv C1 bic ABNA2A
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has "customers\.csv:2:8: bad bic 'ABNA2A'"
	[ ! -e nov ]
}

@test "an invalid creditor identifier in terms.conf is named with file, line and column" {
	input
	sed -i 's/^creditor_id = .*/creditor_id = NL70ZZZ123456780000/' in/terms.conf
	line=$(grep -n '^creditor_id' in/terms.conf | cut -d: -f1)
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has "terms\.conf:$line:15: bad creditor_id 'NL70ZZZ123456780000'"
	[ ! -e nov ]
}

@test "a missing creditor identifier is an error once there is something to collect" {
	input
	sed -i '/^creditor_id/d' in/terms.conf
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has 'terms\.conf: creditor_id: missing: needed to collect 2 direct debits'
	[ ! -e nov ]
}

@test "a missing mandate, a missing mandate date and a mandate id outside the SEPA set are named with file, line and column" {
	input
	setcol in/customers.csv C2 mandate_id ''
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has 'customers\.csv:3:9: missing mandate_id: expected one for direct debit'
	input
	setcol in/customers.csv C2 mandate_date ''
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has 'customers\.csv:3:10: missing mandate_date'
	input
	setcol in/customers.csv C2 mandate_id 'M_C2'
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has "customers\.csv:3:9: bad mandate_id 'M_C2'"
	input
	setcol in/customers.csv C2 mandate_id 'M//C2'
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has "customers\.csv:3:9: bad mandate_id 'M//C2'"
	[ ! -e nov ]
}

# --- collection dates: the filter on one invoice -------------------------------

# collect INVOICE_DATE [DUE_DATE]: sepa on a run of one invoice of C1 of that
# date (due 14 days later unless given); prints its collection date
collect() {
	local d=$1 due=${2-} p=${1:0:7}

	[ -n "$due" ] || due=$(date -u -d "$d + 14 days" +%F)
	rm -rf o && mkdir -p o s
	cat >o/invoices.csv <<-EOF
	invoice_no,customer_id,invoice_date,due_date,period,net,vat,gross,payment_method,collection_date,first_invoice,pdf,payment_reference
	VZ-2026-000001,C1,$d,$due,$p,10.00,2.10,12.10,direct_debit,,no,,
	EOF
	sepa -p "$p" -c in/terms.conf -C in/customers.csv -s s -w o/debits.csv \
		-u o/uncollected.csv -o o && awk -F, 'NR == 2 { print $10 }' o/invoices.csv
}

@test "the collection date moves past weekends and every TARGET2 holiday" {
	input
	# Saturday 12 December 2026 -> Monday 14
	run -0 collect 2026-12-05
	assert_output 2026-12-14
	# Good Friday 26 March 2027, then Easter Monday 29 -> Tuesday 30
	run -0 collect 2027-03-19
	assert_output 2027-03-30
	# Easter Monday 6 April 2026 -> Tuesday 7
	run -0 collect 2026-03-30
	assert_output 2026-04-07
	# Friday 1 May 2026 (Labour Day) -> Monday 4 May
	run -0 collect 2026-04-24
	assert_output 2026-05-04
	# Christmas Friday 25 December 2026, a weekend -> Monday 28
	run -0 collect 2026-12-18
	assert_output 2026-12-28
	# 26 December 2028 is a Tuesday -> Wednesday 27
	run -0 collect 2028-12-19
	assert_output 2028-12-27
	# New Year Friday 1 January 2027 -> Monday 4
	run -0 collect 2026-12-25
	assert_output 2027-01-04
	# a plain Tuesday stays: 1 December 2026 + 7
	run -0 collect 2026-12-01
	assert_output 2026-12-08
}

@test "the collection date stays before the due date, and one that cannot be met is an error naming the invoice" {
	input
	# due on Tuesday 8 December: + 7 is the due date itself -> Monday 7
	run -0 collect 2026-12-01 2026-12-08
	assert_output 2026-12-07
	# due on Monday 28 December: Christmas and the weekend before it ->
	# Thursday 24 December
	run -0 collect 2026-12-17 2026-12-28
	assert_output 2026-12-24
	# due the day after the run: no TARGET2 day after the run date is before it
	run -1 --separate-stderr collect 2026-12-01 2026-12-02
	stderr_has 'invoices\.csv:2: invoice VZ-2026-000001: no collection date: the first TARGET2 day after the run date 2026-12-01 is 2026-12-02, not before the due date 2026-12-02'
	# nothing was written
	[ ! -e o/sepa ]
	[ ! -e o/debits.csv ]
	run -0 awk -F, 'NR == 2 { print $9 }' o/invoices.csv
	assert_output direct_debit
}

@test "the same error through bill-run names the invoice and leaves no output" {
	input
	sed -i 's/^payment_days.*/payment_days = 1/' in/terms.conf
	run -1 --separate-stderr bill 2026-11 nov
	stderr_has 'invoice VZ-2026-00000[12]: no collection date'
	[ ! -e nov ]
}

# --- the ledger, exactly once ----------------------------------------------------

@test "an invoice an earlier batch holds is never collected again" {
	input
	run -0 bill 2026-11 nov
	mkdir -p o
	# November's C1 invoice offered again in a December run
	n=$(inv nov C1)
	awk -F, -v OFS=, -v n="$n" 'NR == 1 || $1 == n { if (NR > 1) { $3 = "2026-12-01"; $4 = "2026-12-15"; $5 = "2026-12" } print }' nov/invoices.csv >o/invoices.csv
	run -1 --separate-stderr sepa -p 2026-12 -c in/terms.conf -C in/customers.csv \
		-s state -w o/debits.csv -u o/uncollected.csv -o o
	stderr_has "invoice $n: already collected in batch VZ-202611-20261109"
	[ ! -e o/sepa ]
}

@test "sepa run again by hand on its own output gives the same files" {
	input
	run -0 bill 2026-11 nov
	cp -R nov again
	run -0 sepa -p 2026-11 -c in/terms.conf -C in/customers.csv -s state \
		-w again/steps/debits.csv -u again/steps/uncollected.csv -o again
	# the state now holds November: a hand rerun ignores its own period
	run -0 diff -r nov/sepa again/sepa
	run -0 cmp nov/invoices.csv again/invoices.csv
	run -0 cmp nov/steps/debits.csv again/steps/debits.csv
}

@test "a sepa whose rename fails leaves invoices.csv and sepa/ as they were" {
	command -v strace >/dev/null || skip "strace is not installed"
	input
	run -0 bill 2026-11 nov
	rm -rf nov/sepa
	before=$(snapshot nov)
	mkdir -p s0
	for n in 1 2 3 4; do
		run -1 --separate-stderr strace -f -o /dev/null -e trace=rename \
			-e inject=rename:error=EIO:when=$n \
			"$BIN/sepa" -p 2026-11 -c in/terms.conf -C in/customers.csv \
			-s s0 -w nov/steps/debits.csv -u nov/steps/uncollected.csv -o nov
		[ $n -gt 1 ] || assert_equal "$(snapshot nov)" "$before"
	done
	[ -z "$(find nov -name '.*.??????')" ] || fail "temporary files left: $(find nov -name '.*')"
}

@test "sepa without its required options prints the usage and exits 2" {
	run -2 --separate-stderr sepa -p 2026-11
	assert_output ''
	stderr_has '^usage: sepa '
	run -0 sepa --help
	assert_output --partial '-w debits.csv'
}

@test "customers.csv in any order gives the same batch, and a customer_id twice is refused however far apart" {
	input
	run -0 bill 2026-11 sorted
	rm -rf state && mkdir state
	# the rows of C1 and C3 swapped: out of order from the second row on
	{ sed -n 1p in/customers.csv; sed -n 4p in/customers.csv
	  sed -n 3p in/customers.csv; sed -n 2p in/customers.csv; } >c.csv
	mv c.csv in/customers.csv
	run -0 bill 2026-11 shuffled
	diff -r sorted/sepa shuffled/sepa
	cmp sorted/invoices.csv shuffled/invoices.csv
	# C3 again on the last line, three lines after it
	rm -rf state && mkdir state
	sed -n 2p in/customers.csv >>in/customers.csv
	run -1 --separate-stderr bill 2026-11 dup
	stderr_has "customers\.csv:5:1: .*duplicate customer_id 'C3': first on line 2"
	[ ! -e dup ]
	# and in a file in order up to the duplicate: C1, C2, C3, then C1
	input
	sed -n 2p in/customers.csv >>in/customers.csv
	run -1 --separate-stderr bill 2026-11 dup
	stderr_has "customers\.csv:5:1: .*duplicate customer_id 'C1': first on line 2"
	[ ! -e dup ]
}
