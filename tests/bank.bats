#!/usr/bin/env bats
# The bank's files (formats.md payments.csv, sepa.md): camt.053, camt.054
# and pain.002 read by reconcile and dunning-run; the reference samples as
# they are; each entry applied once; returns with their codes, and the
# no-retry codes that stop direct debit until a new mandate.

load helpers

SAMPLES=$SHARED/ref/iso20022/samples

# samplestate: a state whose register and debit ledger hold the debits
# that the reference samples return (their EndToEndIds as invoice
# numbers), of customer D1, for a profile on the samples' account
samplestate() {
	mkdir -p in state/gen.000001
	ln -s gen.000001 state/current
	: >state/lock
	terms VZ
	sed 's/^iban = .*/iban = NL77ABNA0574908765/' terms.conf >in/terms.conf
	cat >in/customers.csv <<-CSV
	customer_id,name,street,postcode,city,country,iban,bic,mandate_id,mandate_date
	D1,Debtor 1,Handelsweg 1,3511 AA,Utrecht,NL,NL91ABNA0417164300,ABNANL2A,MANDATEID1,2016-09-01
	M1,3rd party Media,Somestreet 570-A,1276 ML,Huizen,NL,NL69ABNA0522123643,ABNANL2A,MANDATEID9,2016-09-01
	CSV
	echo invoice_no,customer_id,invoice_date,due_date,period,net,vat,gross,payment_method,collection_date,first_invoice,payment_reference >state/current/invoices.csv
	echo period,msg_id,pmtinf_id,invoice_no,customer_id,collection_date,sequence,amount,mandate_id,mandate_date,iban,bic,original_mandate_id,original_iban,new_bank >state/current/debits.csv
	for i in E2EID1 E2EID2 E2EID3 E2EID4 TESTBANK/NL/20141229/01206408; do
		echo "$i,D1,2016-09-25,2016-10-09,2016-09,82.64,17.36,100.00,direct_debit,2016-10-09,no," >>state/current/invoices.csv
		echo "2016-09,MSG1,PMTINFID1,$i,D1,2016-10-09,RCUR,100.00,MANDATEID1,2016-09-01,NL91ABNA0417164300,ABNANL2A,,,no" >>state/current/debits.csv
	done
}

# rec FILE...: reconcile the files on 2026-12-31 into out.csv, un.csv
rec() {
	reconcile -d 2026-12-31 -c in/terms.conf -C in/customers.csv -s state -u un.csv "$@" >out.csv
}

@test "the pain.002 sample: four rejects before settlement, each with its code and the report's date" {
	samplestate
	cp "$SAMPLES"/oca-pain.002.001.03-sdd-rejects-AC01-MS02-MD06-AM04.xml pain.xml
	run rec pain.xml; assert_success
	run pick out.csv payment_id date amount kind invoice_no customer_id reason source
	assert_output - <<-EOF
	pain.002:MSGID99345678912/IDREJ1|2016-10-08|100.00|return|E2EID1|D1|AC01|pain.xml:43
	pain.002:MSGID99345678912/IDREJ2|2016-10-08|100.00|return|E2EID2|D1|MS02|pain.xml:129
	pain.002:MSGID99345678912/IDREJ3|2016-10-08|100.00|return|E2EID3|D1|MD06|pain.xml:211
	pain.002:MSGID99345678912/IDREJ4|2016-10-08|100.00|return|E2EID4|D1|AM04|pain.xml:285
	EOF
	[ "$(wc -l <un.csv)" = 1 ]
}

@test "the camt.054 sample: an unpaid direct debit (AC06) found by its EndToEndId" {
	samplestate
	cp "$SAMPLES"/oca-camt.054.001.02-dd-unpaid-AC06.xml n.xml
	run rec n.xml; assert_success
	run pick out.csv date amount kind invoice_no customer_id reason reference
	assert_output "2016-10-08|100.00|return|E2EID1|D1|AC06|FACTURE DU 15.03.16"
	# no reference of the bank's: a fingerprint, the same on every read
	id=$(pick out.csv payment_id)
	[[ $id =~ ^camt:[0-9a-f]{32}$ ]]
	rec n.xml
	[ "$(pick out.csv payment_id)" = "$id" ]
}

@test "the camt.053 sample: a batch of two returns, a credit by IBAN, money going out skipped" {
	samplestate
	cp "$SAMPLES"/oca-nl-camt.053.001.02-with-dd-return-AC06.xml s.xml
	run rec s.xml; assert_success
	run pick out.csv date amount kind invoice_no customer_id reason iban
	assert_output - <<-EOF
	2014-01-05|564.05|return|TESTBANK/NL/20141229/01206408|D1|AC06|NL46ABNA0499998748
	2014-01-05|1405.31|credit||M1||NL69ABNA0522123643
	EOF
	# the second return names a debit the ledger does not hold
	run pick un.csv amount kind source reason
	assert_output "100.00|return|s.xml:185|no invoice, customer or account matches"
	# the entry of 754.25 going out is nobody's payment
	! grep -q 754.25 out.csv un.csv
}

@test "the PostFinance camt.054.001.04 sample: CHF on another account, nothing applied" {
	samplestate
	cp "$SAMPLES"/postfinance-camt.054.001.04-chdd-refund-MD06.xml pf.xml
	run rec pf.xml; assert_success
	[ "$(wc -l <out.csv)" = 1 ]
	run pick un.csv payment_id amount kind reason
	assert_output - <<-EOF
	camt:TST_201-2091644-9|15.00|credit|an amount in CHF, not EUR
	camt:TST_201-2091644-8|9.00|credit|an amount in CHF, not EUR
	camt:TST_201-13113-5|56.56|credit|an amount in CHF, not EUR
	camt:TST_205-2091679-6|6.00|return|an amount in CHF, not EUR
	camt:TST_205-28529-1|15.53|return|an amount in CHF, not EUR
	EOF
	# in EUR it is still booked on another account than the profile's
	sed 's/Ccy="CHF"/Ccy="EUR"/' pf.xml >eur.xml
	rec eur.xml
	[ "$(pick un.csv reason | sort -u)" = "booked on account CH0309000000250090342, not the provider's" ]
}

# --- dunning-run on bank files -------------------------------------------------

# dd PROFILE: customers F1 and F2 paying by direct debit, billed for
# November (their first invoice: by transfer) and December (debited)
dd() {
	mkdir -p in state
	(cd in && terms "$1")
	cat >in/customers.csv <<-CSV
	customer_id,name,street,postcode,city,country,iban,mandate_id,mandate_date
	F1,Klant F1,Handelsweg 1,3511 AA,Utrecht,NL,NL02ABNA0123456789,MND-F1,2025-12-01
	F2,Klant F2,Handelsweg 2,3511 AA,Utrecht,NL,NL44RABO0123456789,MND-F2,2025-12-01
	CSV
	printf 'contract_id,customer_id,description,monthly_fee,start_date\nK1,F1,Abonnement,30.00,2026-11-01\nK2,F2,Abonnement,40.00,2026-11-01\n' >in/contracts.csv
	bill-run -p 2026-11 -i in -o b11 -s state >/dev/null
	bill-run -p 2026-12 -i in -o b12 -s state >/dev/null
	OWN=$(sed -n 's/^iban = //p' in/terms.conf)
}

# camt FILE ENTRY...: a camt.053 statement of the provider's account, one
# Ntry for each ENTRY "ref|CRDT or DBIT|amount|date|EndToEndId|text|payer
# IBAN|return code" (ref empty: the bank gives none)
camt() {
	local f=$1 e ref cd amt dt e2e txt iban rsn
	shift
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
		echo '<GrpHdr><MsgId>STMT1</MsgId><CreDtTm>2026-12-10T06:00:00</CreDtTm></GrpHdr>'
		echo "<Stmt><Id>S1</Id><CreDtTm>2026-12-10T06:00:00</CreDtTm><Acct><Id><IBAN>${ACCT:-$OWN}</IBAN></Id></Acct>"
		for e in "$@"; do
			IFS='|' read -r ref cd amt dt e2e txt iban rsn <<<"$e"
			echo "<Ntry><Amt Ccy=\"${CCY:-EUR}\">$amt</Amt><CdtDbtInd>$cd</CdtDbtInd><Sts>BOOK</Sts>"
			echo "<BookgDt><Dt>$dt</Dt></BookgDt>"
			[ -z "$ref" ] || echo "<AcctSvcrRef>$ref</AcctSvcrRef>"
			echo "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>$([ "$cd" = DBIT ] && echo IDDT || echo RCDT)</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
			echo "<NtryDtls><TxDtls><Refs><EndToEndId>${e2e:-NOTPROVIDED}</EndToEndId></Refs>"
			echo "<RltdPties><DbtrAcct><Id><IBAN>${iban:-NL18RABO0300065264}</IBAN></Id></DbtrAcct></RltdPties>"
			[ -z "$txt" ] || echo "<RmtInf><Ustrd>$txt</Ustrd></RmtInf>"
			[ -z "$rsn" ] || echo "<RtrInf><Rsn><Cd>$rsn</Cd></Rsn></RtrInf>"
			echo "</TxDtls></NtryDtls></Ntry>"
		done
		echo '</Stmt></BkToCstmrStmt></Document>'
	} >"$f"
}

dun() { dunning-run -d "$1" -i in -o "$2" -s state; }

@test "payments of a camt.053: RF reference, invoice number in the text, unreferenced by IBAN; a return by EndToEndId" {
	dd VZ
	n1=$(pick b11/invoices.csv invoice_no customer_id | sed -n 's/|F1$//p')
	rf2=$(pick b11/invoices.csv customer_id payment_reference | sed -n 's/^F2|//p')
	d1=$(pick b12/invoices.csv invoice_no customer_id | sed -n 's/|F1$//p')
	camt in/stmt.xml \
	    "R1|CRDT|10.00|2026-11-14||betaling ${rf2:0:4} ${rf2:4}||" \
	    "R2|CRDT|36.30|2026-11-14||Factuur ${n1,,} dank u||" \
	    "R3|CRDT|5.00|2026-11-14||geen kenmerk|NL44RABO0123456789|" \
	    "R4|DBIT|36.30|2026-12-10|$d1|||AM04" \
	    "R5|DBIT|99.00|2026-12-10||||"
	run dun 2026-12-10 o; assert_success
	run pick o/steps/receipts.csv payment_id amount kind invoice_no customer_id reason
	assert_output - <<-EOF
	camt:R1/1|10.00|credit|$(pick b11/invoices.csv invoice_no customer_id | sed -n 's/|F2$//p')|F2|
	camt:R2/1|36.30|credit|$n1|F1|
	camt:R3/1|5.00|credit||F2|
	camt:R4/1|36.30|return|$d1|F1|AM04
	EOF
	# the return: a failed_debit letter with the reason, and VZ 8.11's fee
	grep -q ",failed_debit,36.30," o/actions.csv
	pdftotext o/letters/failed_debit-F1.pdf - | grep -q 'onvoldoende saldo'
	grep -q "^failed-debit-$d1,F1,.*,7.50," o/charges.csv
	[ "$(tail -n +2 o/unapplied.csv)" = "" ]
}

@test "a bank file read again, in bank/ or as a notification of the same entries, applies each entry once" {
	dd VZ
	d1=$(pick b12/invoices.csv invoice_no customer_id | sed -n 's/|F1$//p')
	camt in/stmt.xml "R1|CRDT|12.00|2026-12-09|||NL02ABNA0123456789|" "R2|DBIT|36.30|2026-12-09|$d1||NL02ABNA0123456789|MS03"
	run dun 2026-12-10 o1; assert_success
	[ "$(tail -n +2 o1/steps/receipts.csv | wc -l)" = 2 ]
	# the same file again, once more in bank/, and a camt.054 of the same
	# entries (the bank's references): nothing new
	mkdir in/bank
	cp in/stmt.xml in/bank/again.xml
	sed 's/camt.053.001.02/camt.054.001.02/; s/BkToCstmrStmt/BkToCstmrDbtCdtNtfctn/g; s/<Stmt>/<Ntfctn>/; s/<\/Stmt>/<\/Ntfctn>/' \
	    in/stmt.xml >in/bank/note.xml
	run dun 2026-12-11 o2; assert_success
	[ "$(tail -n +2 o2/steps/receipts.csv)" = "" ]
	run grep -c '' state/current/receipts.csv; assert_output 3
	# entries without the bank's reference: a fingerprint, once each, and
	# two equal entries of one file are two payments
	rm -r in/bank
	camt in/stmt.xml "|CRDT|1.00|2026-12-11||x|NL02ABNA0123456789|" "|CRDT|1.00|2026-12-11||x|NL02ABNA0123456789|"
	run dun 2026-12-12 o3; assert_success
	[ "$(tail -n +2 o3/steps/receipts.csv | wc -l)" = 2 ]
	run dun 2026-12-13 o4; assert_success
	[ "$(tail -n +2 o4/steps/receipts.csv)" = "" ]
}

@test "AC04 stops direct debit for the customer until a new mandate; a retry code does not" {
	dd VZ
	d1=$(pick b12/invoices.csv invoice_no customer_id | sed -n 's/|F1$//p')
	d2=$(pick b12/invoices.csv invoice_no customer_id | sed -n 's/|F2$//p')
	camt in/stmt.xml "R1|DBIT|36.30|2026-12-10|$d1|||AC04" "R2|DBIT|48.40|2026-12-10|$d2|||AM04"
	run dun 2026-12-10 o; assert_success
	pdftotext o/letters/failed_debit-F1.pdf - | grep -q 'de rekening is opgeheven'
	rm in/stmt.xml
	bill-run -p 2027-01 -i in -o b01 -s state >/dev/null
	# F1 pays January by transfer, with the reason; F2 is debited again
	[ "$(pick b01/invoices.csv customer_id payment_method | sort)" = "F1|transfer
F2|direct_debit" ]
	run pick b01/steps/uncollected.csv customer_id reason
	assert_output --regexp "^F1\|the direct debit of invoice $d1 came back on 2026-12-10 with AC04 \(the account is closed\): no retry under mandate MND-F1 until a new mandate$"
	grep -q "<EndToEndId>$(pick b01/invoices.csv invoice_no customer_id | sed -n 's/|F2$//p')<" b01/sepa/*.xml
	# the same mandate under a new id (same signature date) is no new one
	sed -i 's/MND-F1,2025-12-01/MND-F1B,2025-12-01/' in/customers.csv
	bill-run -p 2027-02 -i in -o b02 -s state >/dev/null
	[ "$(pick b02/invoices.csv customer_id payment_method | grep F1)" = "F1|transfer" ]
	# a new mandate: debited again, as a first debit
	sed -i 's/MND-F1B,2025-12-01/MND-F1-2,2027-02-10/' in/customers.csv
	bill-run -p 2027-03 -i in -o b03 -s state >/dev/null
	[ "$(pick b03/invoices.csv customer_id payment_method | grep F1)" = "F1|direct_debit" ]
	run grep -A3 '<SeqTp>FRST</SeqTp>' b03/sepa/*.xml
	assert_success
	grep -q '<MndtId>MND-F1-2</MndtId>' b03/sepa/*.xml
}

@test "another currency or another account of a statement waits in unapplied.csv; not an error" {
	dd VZ
	CCY=USD camt in/a.xml "U1|CRDT|10.00|2026-12-09||||"
	ACCT=NL18RABO0300065264 camt in/b.xml "O1|CRDT|11.00|2026-12-09||||"
	run dun 2026-12-10 o; assert_success
	run pick o/unapplied.csv payment_id source reason
	assert_output - <<-EOF
	camt:U1/1|a.xml:9|an amount in USD, not EUR
	camt:O1/1|b.xml:9|booked on account NL18RABO0300065264, not the provider's
	EOF
	[ "$(tail -n +2 o/steps/receipts.csv)" = "" ]
}

@test "malformed bank files are named with file and line; no output, the state untouched" {
	dd VZ
	before=$(snapshot state)
	bad() {	# bad FILE PATTERN: dunning-run fails naming it
		run dunning-run -d 2026-12-10 -i in -o bad -s state
		assert_failure 1
		assert_output --regexp "$1"
		[ ! -e bad ]
		[ "$(snapshot state)" = "$before" ]
	}
	camt in/s.xml "R1|CRDT|10.00|2026-12-09||||"
	sed -i 's|</Ntry>|</Ntr>|' in/s.xml
	bad 's.xml:11: not well-formed XML: '
	camt in/s.xml "R1|CRDT|10,00|2026-12-09||||"
	bad "s.xml:5: bad Amt '10,00': expected "
	camt in/s.xml "R1|CRDT|10.001|2026-12-09||||"
	bad "s.xml:5: bad Amt '10.001': expected "
	camt in/s.xml "R1|CRDT|10.00|2026-12-32||||"
	bad "s.xml:5: bad BookgDt '2026-12-32': expected a date"
	camt in/s.xml "R1|CREDIT|10.00|2026-12-09||||"
	bad "s.xml:5: bad CdtDbtInd 'CREDIT': expected CRDT or DBIT"
	camt in/s.xml "R1|CRDT|10.00|2026-12-09||||"
	sed -i 's|<BookgDt><Dt>2026-12-09</Dt></BookgDt>||' in/s.xml
	bad "s.xml:5: missing BookgDt of Ntry"
	rm in/s.xml
	# a direct-debit file is no bank statement
	cp "$SAMPLES"/ing-pain.008.001.02-voorbeeldbestand.xml in/x.xml
	bad "x.xml:[0-9]+: not a camt.053, camt.054 or pain.002 document \(root Document in namespace 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02'\)"
	: >in/x.xml
	printf '   \n' >in/x.xml
	bad 'x.xml'
	rm in/x.xml
	printf '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<a>\0</a></Document>\n' >in/n.xml
	bad 'n.xml:3: not well-formed XML'
	rm in/n.xml
	mkdir -p in/bank/sub
	bad 'bank/sub: cannot read: a folder'
	rmdir in/bank/sub
	ln -s nowhere in/bank/gone.xml
	bad 'bank/gone.xml: cannot open: a broken link'
}
