#!/usr/bin/env bats
# examples: every EXAMPLE of every man page (filters/*.1) is a test here of
# the same name, "NAME.1: " and the example's sentence with its first letter
# in lower case, that runs the example's command lines as the page prints
# them, on the small input folder below, and checks their exit status and
# output (style.md: "Each man page EXAMPLE has a test of the same name").
# The last tests keep pages and tests in step: every example has its test
# and every test its example, each SYNOPSIS is its program's usage line,
# mandoc finds nothing to warn about, and make install puts a page beside
# every program.
#
# The examples all stand in one folder: in/ is the input folder (VZ profile),
# nov/ the output of "bill-run -p 2026-11 -i in -o nov -s state", state/
# its state.  in/ holds
#
#   customers.csv  C1 direct debit, C2 transfer
#   contracts.csv  K1 of C1, 60.00 from 2026-01-01 for 12 months, billed
#                  through 2026-09-30 by an earlier system; K2 of C2, 30.00
#                  from 2026-11-18 (13/30 of a month in November)
#   discounts.csv  D1: 25 % off K1
#   charges.csv    X1 of C1 dated 2026-10-20; X2 of C2 dated 2026-11-20
#   tariffs.csv    31 (0.02) and 316 (0.10) for voice
#   cdrs.csv       A1, A2 of C1 in October; A3 of C1 in November; A4 of C2
#                  in October, to an extension
#   accounts.csv   acme is C1 (strip 0); trunk is never billed
#   bundles.csv    (only in the test of bundle.1) B1 of K1, 1 minute to 316
#   cdr/Master.csv four Asterisk records of October: a call out, a call to
#                  an extension, an unanswered call, a call in on the trunk

load helpers

inputs() {
	mkdir -p in/cdr
	(cd in && terms VZ)
	cat >in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,country,vat_id,iban,bic,mandate_id,mandate_date,payment_method
	C1,Bakkerij Van der Meulen B.V.,Biltstraat 112,3572 BJ,Utrecht,NL,NL365481038B01,NL68RABO1548721395,RABONL2U,VZ-MDT-1,2025-01-20,direct_debit
	C2,Installatiebedrijf De Graaf B.V.,Nijverheidsweg 44,3812 PM,Amersfoort,NL,NL814890234B01,NL86ABNA5417396826,ABNANL2A,,,transfer
	EOF
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,term_months,billed_through
	K1,C1,Cloud PBX,60.00,2026-01-01,12,2026-09-30
	K2,C2,Zakelijk internet,30.00,2026-11-18,12,
	EOF
	cat >in/discounts.csv <<-'EOF'
	discount_id,contract_id,percent,description
	D1,K1,25,Korting looptijd
	EOF
	cat >in/charges.csv <<-'EOF'
	charge_id,customer_id,date,description,amount,quantity
	X1,C1,2026-10-20,Installatie op locatie,60.00,
	X2,C2,2026-11-20,Simkaarten,4.95,3
	EOF
	cat >in/tariffs.csv <<-'EOF'
	prefix,service,destination,rate
	31,voice,Nederland vast,0.02
	316,voice,Nederland mobiel,0.10
	EOF
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,service,billsec
	A1,C1,2026-10-05 09:00:00,0302345678,voice,61
	A2,C1,2026-10-06 10:00:00,0612345678,voice,59
	A3,C1,2026-11-02 11:00:00,0302345678,voice,30
	A4,C2,2026-10-07 12:00:00,201,voice,30
	EOF
	cat >in/accounts.csv <<-'EOF'
	accountcode,customer_id,strip
	acme,C1,0
	trunk,,
	EOF
	cat >in/cdr/Master.csv <<-'EOF'
	"acme","201","00302345678","from-internal","""Piet"" <201>","PJSIP/201-00000001","PJSIP/trunk-00000002","Dial","PJSIP/trunk/0302345678","2026-10-12 08:00:00","2026-10-12 08:00:05","2026-10-12 08:01:10",70,65,"ANSWERED","DOCUMENTATION","1760256000.1",""
	"acme","201","202","from-internal","""Piet"" <201>","PJSIP/201-00000003","PJSIP/202-00000004","Dial","PJSIP/202","2026-10-12 09:00:00","2026-10-12 09:00:03","2026-10-12 09:02:00",120,117,"ANSWERED","DOCUMENTATION","1760259600.3",""
	"acme","201","00612345678","from-internal","""Piet"" <201>","PJSIP/201-00000005","","Dial","PJSIP/trunk/0612345678","2026-10-13 10:00:00","","2026-10-13 10:00:30",30,0,"NO ANSWER","DOCUMENTATION","1760349600.5",""
	"trunk","0612345678","201","from-trunk","<0612345678>","PJSIP/trunk-00000006","PJSIP/201-00000007","Dial","PJSIP/201","2026-10-14 11:00:00","2026-10-14 11:00:02","2026-10-14 11:05:00",300,298,"ANSWERED","DOCUMENTATION","1760439600.6",""
	EOF
}

# november: the inputs, and the run of November that the examples rerun
november() {
	inputs
	mkdir -p state
	bill-run -p 2026-11 -i in -o nov -s state </dev/null
}

# tmpdir: a TMPDIR of the test's own, for once's partitions without -f
tmpdir() {
	export TMPDIR=$T/tmp
	mkdir -p "$TMPDIR"
}

# nlines FILE: its number of lines
nlines() {
	wc -l <"$1" | tr -d ' '
}

# --- bill-run.1 ------------------------------------------------------------

@test "bill-run.1: bill November 2026 from the input folder in, keeping the state in state" {
	inputs
	mkdir state
	run -0 --separate-stderr bill-run -p 2026-11 -i in -o nov -s state </dev/null
	# one summary line on stdout, nothing on stderr (formats.md)
	assert_output "bill-run: 2026-11: 2 invoices (VZ-2026-000001 to VZ-2026-000002), net 163.18, VAT 34.27, gross 197.45 ($T/nov)"
	assert_equal "$stderr" ''
	run -0 cat nov/invoices.csv </dev/null
	assert_line 'VZ-2026-000001,C1,2026-11-01,2026-11-15,2026-11,150.18,31.54,181.72,direct_debit,2026-11-09,no,pdf/VZ-2026-000001.pdf,RF60VZ2026000001'
	assert_line 'VZ-2026-000002,C2,2026-11-01,2026-11-15,2026-11,13.00,2.73,15.73,transfer,,yes,pdf/VZ-2026-000002.pdf,RF33VZ2026000002'
	run -0 head -n 1 nov/report.txt </dev/null
	assert_output 'bill-run report for period 2026-11'
	[ -L state/current ]
	[ -e state/lock ]
	[ ! -s state/lock ]
}

@test "bill-run.1: replay November on a fresh state folder, as an auditor does, and compare the outputs with those of the run" {
	november
	mkdir -p replay/state
	run -0 bill-run -p 2026-11 -i in -o replay/nov -s replay/state </dev/null
	run -0 diff -r nov replay/nov </dev/null
	assert_output ''
	[ -s replay/nov/steps/posting.csv ]
}

@test "bill-run.1: bill December after November, with an invoice date of 3 December" {
	november
	run -0 bill-run -p 2026-12 -i in -o dec -s state --date 2026-12-03 </dev/null
	run -0 col dec/invoices.csv invoice_no </dev/null
	assert_output - <<-'EOF'
	VZ-2026-000003
	VZ-2026-000004
	EOF
	run -0 col dec/invoices.csv invoice_date </dev/null
	assert_output - <<-'EOF'
	2026-12-03
	2026-12-03
	EOF
	# what November billed is not billed again: December's months, X2, A3
	run -0 col dec/lines.csv from </dev/null
	refute_line --partial 2026-10-
	run -0 col dec/usage.csv cdr_id </dev/null
	assert_output 'A3'
}

# --- subscriptions.1 -------------------------------------------------------

@test "subscriptions.1: rerun the subscriptions step of the November run and compare it with what the run wrote" {
	november
	example() {
		subscriptions -p 2026-11 -c in/terms.conf -C in/customers.csv \
		    in/contracts.csv | diff - nov/steps/subscriptions.csv
	}
	run -0 example </dev/null
	assert_output ''
	run -0 grep -c ',subscription,' nov/steps/subscriptions.csv </dev/null
	assert_output 3
}

@test "subscriptions.1: list what contract K2 owes up to the end of December, from its row alone" {
	inputs
	example() {
		grep -e '^contract_id,' -e '^K2,' in/contracts.csv |
		    subscriptions -p 2026-12 -c in/terms.conf
	}
	run -0 --separate-stderr example </dev/null
	assert_output - <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C2,,K2,scope,,,,,0,,0.00,0.00,21,,no,
	C2,S/K2/2026-11,K2,subscription,K2,Zakelijk internet,2026-11-18,2026-11-30,1,13/30 month,30.00,13.00,21,"VZ 8.13, VZ 8.1",no,
	C2,S/K2/2026-12,K2,subscription,K2,Zakelijk internet,2026-12-01,2026-12-31,1,month,30.00,30.00,21,VZ 8.13,no,
	EOF
	assert_equal "$stderr" ''
}

# --- charges.1 -------------------------------------------------------------

@test "charges.1: show the charges that the November run bills, those dated before November" {
	inputs
	run -0 --separate-stderr charges -p 2026-11 -c in/terms.conf -C in/customers.csv in/charges.csv </dev/null
	assert_output - <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C1,C/X1,,charge,X1,Installatie op locatie,2026-10-20,2026-10-20,1,,60.00,60.00,21,VZ 8.15,no,
	EOF
	assert_equal "$stderr" ''
}

@test "charges.1: rerun the charges step of the November run and compare it with what the run wrote" {
	november
	example() {
		charges -p 2026-11 -c in/terms.conf -C in/customers.csv \
		    in/charges.csv | diff - nov/steps/charges.csv
	}
	run -0 example </dev/null
	assert_output ''
	assert_equal "$(nlines nov/steps/charges.csv)" 2
}

# --- discount.1 ------------------------------------------------------------

@test "discount.1: rerun the discount step of the November run on the items it merged, and compare the result with what the run wrote" {
	november
	example() {
		discount -p 2026-11 -c in/terms.conf -k in/contracts.csv \
		    -t in/discounts.csv <nov/steps/owed.csv | diff - nov/steps/discounted.csv
	}
	run -0 example </dev/null
	assert_output ''
	run -0 grep -c ',discount,' nov/steps/discounted.csv </dev/null
	assert_output 2
}

@test "discount.1: show the discount lines of the November run and the lines they reduce" {
	november
	example() {
		discount -p 2026-11 -c in/terms.conf -k in/contracts.csv \
		    -t in/discounts.csv <nov/steps/owed.csv | grep -B1 ',discount,'
	}
	run -0 example </dev/null
	assert_output - <<-'EOF'
	C1,S/K1/2026-10,K1,subscription,K1,Cloud PBX,2026-10-01,2026-10-31,1,month,60.00,60.00,21,"VZ 8.13, VZ 8.1",yes,
	C1,D/D1/S%2FK1%2F2026-10,K1,discount,D1,Korting looptijd,2026-10-01,2026-10-31,1,25%,-15.00,-15.00,21,VZ 7.11,yes,
	C1,S/K1/2026-11,K1,subscription,K1,Cloud PBX,2026-11-01,2026-11-30,1,month,60.00,60.00,21,VZ 8.13,yes,
	C1,D/D1/S%2FK1%2F2026-11,K1,discount,D1,Korting looptijd,2026-11-01,2026-11-30,1,25%,-15.00,-15.00,21,VZ 7.11,yes,
	EOF
}

# --- merge.1 ---------------------------------------------------------------

@test "merge.1: merge the sources of the November run again, in the order bill-run gives them, and compare the result with the items the run merged" {
	november
	example() {
		merge nov/steps/subscriptions.csv nov/steps/usage-items.csv \
		    nov/steps/charges.csv | diff - nov/steps/owed.csv
	}
	run -0 example </dev/null
	assert_output ''
	# C1's items file by file: subscriptions, usage, then the charge
	run -0 col nov/steps/owed.csv kind </dev/null
	assert_output - <<-'EOF'
	scope
	subscription
	subscription
	usage
	usage
	charge
	scope
	subscription
	EOF
}

@test "merge.1: join the subscription items of two shards of customers billed apart" {
	inputs
	mkdir shard1 shard2
	grep -v '^K1,' in/contracts.csv >shard1/contracts.csv
	grep -v '^K2,' in/contracts.csv >shard2/contracts.csv
	subscriptions -p 2026-11 -c in/terms.conf shard1/contracts.csv \
	    </dev/null >shard1/subscriptions.csv
	subscriptions -p 2026-11 -c in/terms.conf shard2/contracts.csv \
	    </dev/null >shard2/subscriptions.csv
	example() {
		merge shard1/subscriptions.csv shard2/subscriptions.csv >subscriptions.csv
	}
	run -0 --separate-stderr example </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	run -0 col subscriptions.csv key </dev/null
	assert_output - <<-'EOF'

	S/K1/2026-10
	S/K1/2026-11

	S/K2/2026-11
	EOF
	run -0 col subscriptions.csv customer_id </dev/null
	assert_output - <<-'EOF'
	C1
	C1
	C1
	C2
	C2
	EOF
}

# --- ledger.1 --------------------------------------------------------------

@test "ledger.1: rerun the ledger step of the November run after it was posted, and compare the result with what the run billed" {
	november
	example() {
		ledger -p 2026-11 -s state <nov/steps/discounted.csv |
		    diff - nov/steps/billable.csv
	}
	run -0 example </dev/null
	assert_output ''
	# what the run billed, not nothing: the posted rows are not counted
	assert_equal "$(nlines nov/steps/billable.csv)" 9
}

@test "ledger.1: see what the December run will bill of the contracts, with the corrections that a changed fee brings" {
	november
	sed -i 's/^K1,C1,Cloud PBX,60\.00,/K1,C1,Cloud PBX,65.00,/' in/contracts.csv
	example() {
		subscriptions -p 2026-12 -c in/terms.conf in/contracts.csv |
		    discount -p 2026-12 -c in/terms.conf -k in/contracts.csv \
		        -t in/discounts.csv |
		    ledger -p 2026-12 -s state
	}
	run -0 --separate-stderr example </dev/null
	assert_output - <<-'EOF'
	customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category
	C1,S/K1/2026-10,K1,correction,K1,Correctie: Cloud PBX (eerder gefactureerd 60.00 op VZ-2026-000001),2026-10-01,2026-10-31,1,,5.00,5.00,21,"VZ 8.13, VZ 8.1",yes,
	C1,D/D1/S%2FK1%2F2026-10,K1,correction,D1,Correctie: Korting looptijd (eerder gefactureerd -15.00 op VZ-2026-000001),2026-10-01,2026-10-31,1,,-1.25,-1.25,21,VZ 7.11,yes,
	C1,S/K1/2026-11,K1,correction,K1,Correctie: Cloud PBX (eerder gefactureerd 60.00 op VZ-2026-000001),2026-11-01,2026-11-30,1,,5.00,5.00,21,"VZ 8.13, VZ 8.1",yes,
	C1,D/D1/S%2FK1%2F2026-11,K1,correction,D1,Correctie: Korting looptijd (eerder gefactureerd -15.00 op VZ-2026-000001),2026-11-01,2026-11-30,1,,-1.25,-1.25,21,VZ 7.11,yes,
	C1,S/K1/2026-12,K1,subscription,K1,Cloud PBX,2026-12-01,2026-12-31,1,month,65.00,65.00,21,VZ 8.13,yes,
	C1,D/D1/S%2FK1%2F2026-12,K1,discount,D1,Korting looptijd,2026-12-01,2026-12-31,1,25%,-16.25,-16.25,21,VZ 7.11,yes,
	C2,S/K2/2026-12,K2,subscription,K2,Zakelijk internet,2026-12-01,2026-12-31,1,month,30.00,30.00,21,VZ 8.13,yes,
	EOF
	assert_equal "$stderr" ''
}

# --- invoice.1 -------------------------------------------------------------

@test "invoice.1: rerun the invoice step of the November run into a scratch folder, render its PDFs with the installed templates (and the run's usage, for the usage specification), and compare its invoices, lines and PDFs with those the run issued" {
	november
	run -0 mkdir check </dev/null
	run -0 --separate-stderr invoice -p 2026-11 -c in/terms.conf -C in/customers.csv -s state \
	    -o check <nov/steps/billable.csv
	assert_output ''
	assert_equal "$stderr" ''
	# render (the function below): the installed templates are this
	# checkout's
	run -0 cp nov/usage.csv check/ </dev/null
	run -0 --separate-stderr render -c in/terms.conf -C in/customers.csv \
	    -t /usr/local/share/billing/templates -s state -o check </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	run -0 diff check/invoices.csv nov/invoices.csv </dev/null
	assert_output ''
	run -0 diff check/lines.csv nov/lines.csv </dev/null
	assert_output ''
	run -0 diff -r check/pdf nov/pdf </dev/null
	assert_output ''
	run -0 col check/invoices.csv invoice_no </dev/null
	assert_output - <<-'EOF'
	VZ-2026-000001
	VZ-2026-000002
	EOF
}

@test "invoice.1: invoice December by hand on 3 December, with the posting file for post" {
	november
	run -0 mkdir dec </dev/null
	example() {
		subscriptions -p 2026-12 -c in/terms.conf in/contracts.csv |
		    discount -p 2026-12 -c in/terms.conf -k in/contracts.csv \
		        -t in/discounts.csv |
		    ledger -p 2026-12 -s state |
		    invoice -p 2026-12 -c in/terms.conf -C in/customers.csv -s state \
		        -o dec -d 2026-12-03 -b dec/posting.csv
	}
	run -0 --separate-stderr example </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	run -0 cat dec/invoices.csv </dev/null
	# the payment reference is the invoice's; the pdf column is render's
	assert_line 'VZ-2026-000003,C1,2026-12-03,2026-12-17,2026-12,45.00,9.45,54.45,direct_debit,2026-12-10,no,,RF06VZ2026000003'
	assert_line 'VZ-2026-000004,C2,2026-12-03,2026-12-17,2026-12,30.00,6.30,36.30,transfer,,no,,RF76VZ2026000004'
	run -0 col dec/posting.csv invoice_no </dev/null
	assert_output - <<-'EOF'
	VZ-2026-000003
	VZ-2026-000003
	VZ-2026-000004
	EOF
}

# --- render.1 -----------------------------------------------------------

# templated PROG ARG...: PROG, the man pages' installed templates
# (/usr/local/share/billing/templates) being this checkout's, so that an
# example runs as the page prints it
templated() {
	local p=$1 a=() x

	shift
	for x in "$@"; do
		a+=("${x/#\/usr\/local\/share\/billing\/templates/$ROOT/templates}")
	done
	command "$p" "${a[@]}"
}
render() { templated render "$@"; }

@test "render.1: render the invoices of the November run again into a scratch copy, and check that they are the run's, byte for byte" {
	november
	run -0 mkdir check </dev/null
	run -0 cp nov/invoices.csv nov/lines.csv nov/usage.csv check/ </dev/null
	# in/templates does not exist, and is no error
	run -0 --separate-stderr render -c in/terms.conf -C in/customers.csv \
	    -t /usr/local/share/billing/templates -t in/templates \
	    -s state -o check </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	run -0 diff -r check/pdf nov/pdf </dev/null
	assert_output ''
	run -0 diff check/invoices.csv nov/invoices.csv </dev/null
	run -0 ls check/pdf </dev/null
	assert_output - <<-'EOF'
	VZ-2026-000001.pdf
	VZ-2026-000002.pdf
	EOF
}

# --- post.1 ----------------------------------------------------------------

@test "post.1: check that December may be billed on this state" {
	november
	before=$(snapshot state)
	run -0 --separate-stderr post -n -p 2026-12 -s state </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	assert_equal "$(snapshot state)" "$before"
}

@test "post.1: ask whether October may still be billed, once November is posted" {
	november
	before=$(snapshot state)
	run -1 --separate-stderr post -n -p 2026-10 -s state </dev/null
	assert_output ''
	assert_equal "$stderr" 'post: period 2026-10 is before the last posted period 2026-11: runs go forward, and only a posted period can be rerun'
	assert_equal "$(snapshot state)" "$before"
}

@test "post.1: post the November run again, which changes nothing since its outputs are those posted" {
	november
	before=$(snapshot state)
	run -0 --separate-stderr post -p 2026-11 -s state -b nov/steps/posting.csv nov </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	assert_equal "$(snapshot state)" "$before"
	run -0 col state/current/runs.csv period </dev/null
	assert_output '2026-11'
}

# --- report.1 --------------------------------------------------------------

@test "report.1: print the report of the November run again" {
	november
	run -0 --separate-stderr report -C in/customers.csv -D nov/steps/debits.csv \
		-U nov/steps/uncollected.csv nov </dev/null
	assert_line --index 0 'bill-run report for period 2026-11'
	assert_line 'SEPA batch    1 debit, 181.72 EUR, collected on 2026-11-09'
	assert_line '  FRST        1, 181.72 EUR'
	assert_line 'invoices      2  (VZ-2026-000001 to VZ-2026-000002)'
	assert_line 'first         1 (paid in advance by transfer)'
	assert_line 'usage                   2           0.18'
	assert_line --regexp '^CDRs +7 listed in usage\.csv$'
	assert_line 'gross                    197.45'
	assert_equal "$stderr" ''
}

@test "report.1: check that the report the November run kept is still that of its invoices" {
	november
	example() {
		report -C in/customers.csv -D nov/steps/debits.csv \
			-U nov/steps/uncollected.csv nov | diff - nov/report.txt
	}
	run -0 example </dev/null
	assert_output ''
	run -0 grep -c -x -e 'gross  *197\.45' -e 'invoices  *2  (VZ-2026-000001 to VZ-2026-000002)' nov/report.txt </dev/null
	assert_output 2
}

# --- sepa.1 ----------------------------------------------------------------

@test "sepa.1: rerun the SEPA step of the November run on a copy of its output, and compare the batch with the one the run wrote" {
	november
	example() {
		cp -R nov again
		sepa -p 2026-11 -c in/terms.conf -C in/customers.csv \
			-k in/contracts.csv -s state -w again/steps/debits.csv \
			-u again/steps/uncollected.csv -o again
		diff -r nov/sepa again/sepa
	}
	run -0 example </dev/null
	assert_output ''
	# the one debit, C1's, in a file named after its message id
	run -0 grep -c '<EndToEndId>VZ-2026-000001</EndToEndId>' nov/sepa/VZ-202611-20261109.xml
	assert_output 1
}

# --- sepacheck.1 -----------------------------------------------------------

@test "sepacheck.1: check the direct-debit batch of the November run" {
	november
	example() {
		sepacheck nov/sepa/*.xml
	}
	run -0 --separate-stderr example </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	# and it is not silent on a batch that is wrong: a CtrlSum off by a cent
	sed 's|<CtrlSum>181.72</CtrlSum>|<CtrlSum>181.73</CtrlSum>|' \
		nov/sepa/VZ-202611-20261109.xml >bad.xml
	run -1 sepacheck bad.xml </dev/null
	assert_output --regexp '^bad\.xml:[0-9]+: .*CtrlSum'
}

@test "sepacheck.1: check the November batch against its schema first, then for the EPC rules" {
	november
	cp "$SHARED/ref/iso20022/pain.008.001.08.xsd" .
	example() {
		xmllint --noout --schema pain.008.001.08.xsd nov/sepa/*.xml && sepacheck nov/sepa/*.xml
	}
	run -0 example </dev/null
	assert_output --partial 'validates'
}

# --- cdrs.1 ----------------------------------------------------------------

@test "cdrs.1: read the cdrs.csv of the input folder and its Asterisk file, keeping the CDRs that started before November" {
	inputs
	run -0 --separate-stderr cdrs -p 2026-11 -c in/terms.conf -C in/customers.csv \
	    -a in/accounts.csv in/cdrs.csv in/cdr/Master.csv </dev/null
	assert_output - <<-'EOF'
	cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin,at
	A1,C1,2026-10-05T09:00:00+02:00,voice,0302345678,61,,,,in/cdrs.csv:2:4,1:45:45
	A2,C1,2026-10-06T10:00:00+02:00,voice,0612345678,59,,,,in/cdrs.csv:3:4,1:91:45
	A4,C2,2026-10-07T12:00:00+02:00,voice,201,30,,,internal,in/cdrs.csv:5:4,1:183:38
	1760256000.1-749f7e8d970b6a1f,C1,2026-10-12T10:00:00+02:00,voice,0302345678,65,,,,in/cdr/Master.csv:1:3,17:0:252
	1760259600.3-4efc56e2c761d39c,C1,2026-10-12T11:00:00+02:00,voice,202,117,,,internal,in/cdr/Master.csv:2:3,17:253:231
	1760349600.5-ebfba05e94177439,C1,2026-10-13T12:00:00+02:00,voice,0612345678,0,,,unanswered,in/cdr/Master.csv:3:3,17:485:213
	1760439600.6-2aaf1eeaf715632b,,2026-10-14T13:00:00+02:00,voice,201,298,,,internal,in/cdr/Master.csv:4:3,17:699:236
	EOF
	assert_equal "$stderr" ''
}

@test "cdrs.1: list the Asterisk records with the reason each costs nothing, if any" {
	inputs
	example() {
		cdrs -c in/terms.conf -C in/customers.csv -a in/accounts.csv \
		    in/cdr/Master.csv | cut -d, -f1,9
	}
	run -0 --separate-stderr example </dev/null
	assert_output - <<-'EOF'
	cdr_id,rule
	1760256000.1-749f7e8d970b6a1f,
	1760259600.3-4efc56e2c761d39c,internal
	1760349600.5-ebfba05e94177439,unanswered
	1760439600.6-2aaf1eeaf715632b,internal
	EOF
	assert_equal "$stderr" ''
}

# --- once.1 ----------------------------------------------------------------

@test "once.1: keep the CDRs that no earlier run billed, as the December run will" {
	november
	tmpdir
	prepare() {
		cdrs -p 2026-12 -c in/terms.conf -C in/customers.csv in/cdrs.csv >cdrs.csv
	}
	run -0 --separate-stderr prepare </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	run -0 --separate-stderr once -p 2026-12 -s state cdrs.csv </dev/null
	assert_output - <<-'EOF'
	cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin,at
	A3,C1,2026-11-02T11:00:00+01:00,voice,0302345678,30,,,,in/cdrs.csv:4:4,1:137:45
	EOF
	assert_equal "$stderr" ''
}

@test "once.1: rerun the once step of the November run after it was posted, which keeps what it kept then" {
	november
	tmpdir
	prepare() {
		cdrs -p 2026-11 -c in/terms.conf -C in/customers.csv in/cdrs.csv >cdrs.csv
	}
	run -0 --separate-stderr prepare </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	run -0 --separate-stderr once -p 2026-11 -s state cdrs.csv </dev/null
	assert_output - <<-'EOF'
	cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin,at
	A1,C1,2026-10-05T09:00:00+02:00,voice,0302345678,61,,,,in/cdrs.csv:2:4,1:45:45
	A2,C1,2026-10-06T10:00:00+02:00,voice,0612345678,59,,,,in/cdrs.csv:3:4,1:91:45
	A4,C2,2026-10-07T12:00:00+02:00,voice,201,30,,,internal,in/cdrs.csv:5:4,1:183:38
	EOF
	assert_equal "$stderr" ''
}

# --- rate.1 ----------------------------------------------------------------

@test "rate.1: rate a cdrs.csv by hand" {
	inputs
	run -0 --separate-stderr rate -c in/terms.conf -t in/tariffs.csv in/cdrs.csv </dev/null
	assert_output - <<-'EOF'
	cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,amount,rule,origin,at,setup
	A1,C1,2026-10-05 09:00:00,voice,0302345678,Nederland vast,61,2,0.02,0.04,VZ 7.3,in/cdrs.csv:2:4,1:45:45,0.00
	A2,C1,2026-10-06 10:00:00,voice,0612345678,Nederland mobiel,59,1,0.10,0.10,VZ 7.3,in/cdrs.csv:3:4,1:91:45,0.00
	A3,C1,2026-11-02 11:00:00,voice,0302345678,Nederland vast,30,1,0.02,0.02,VZ 7.3,in/cdrs.csv:4:4,1:137:45,0.00
	A4,C2,2026-10-07 12:00:00,voice,201,,30,0,0.00,0.00,internal,in/cdrs.csv:5:4,1:183:38,0.00
	EOF
	assert_equal "$stderr" ''
}

@test "rate.1: check before a run that every CDR has a tariff, as rate names the first CDR without one" {
	inputs
	echo 'A5,C2,2026-10-08 09:00:00,+3212345678,voice,42' >>in/cdrs.csv
	echo 'A6,C2,2026-10-09 09:00:00,+4412345678,voice,42' >>in/cdrs.csv
	example() {
		rate -c in/terms.conf -t in/tariffs.csv in/cdrs.csv >/dev/null
	}
	run -1 --separate-stderr example </dev/null
	assert_output ''
	assert_equal "$stderr" "rate: in/cdrs.csv:6:4: no tariff for voice to '+3212345678' (3212345678) on 2026-10-08: expected a prefix of it in in/tariffs.csv"
}

# --- bundle.1 --------------------------------------------------------------

@test "bundle.1: show which of the November run's calls a bundle covered, and how much" {
	november
	tmpdir
	# a bundle of one minute a month to Dutch mobiles on K1: October's A2
	# (59 s to 06) is covered, A1 (61 s to 030) is not
	cat >in/bundles.csv <<-'EOF'
	bundle_id,contract_id,service,units,prefixes,description
	B1,K1,voice,1,316,Mobiel bellen 1 min
	EOF
	cdrs -p 2026-11 -c in/terms.conf -C in/customers.csv \
	    -a in/accounts.csv in/cdrs.csv in/cdr/Master.csv >cdrs.csv </dev/null
	example() {
		once -p 2026-11 -s state cdrs.csv | rate -c in/terms.conf \
		    -t in/tariffs.csv | bundle -p 2026-11 -c in/terms.conf -s state \
		    -k in/contracts.csv -b in/bundles.csv -l lines.csv |
		    awk -F, 'NR > 1 && $15 > 0'
	}
	run -0 --separate-stderr example </dev/null
	assert_equal "$stderr" ''
	assert_output --regexp '^A2,C1,2026-10-06T10:00:00\+02:00,voice,0612345678,Nederland mobiel,59,1,0\.10,0\.00,VZ 7\.3,in/cdrs\.csv:3:4,[^,]*,0\.00,1$'
	assert_equal "${#lines[@]}" 1
	run -0 pick lines.csv customer_id kind ref description quantity net rule
	assert_output 'C1|usage|B1|Mobiel bellen 1 min (tegoed 1 min)|1|0.00|VZ 7.3'
}

# --- usage.1 ---------------------------------------------------------------

@test "usage.1: rebuild the usage of the November run from its inputs into a scratch folder, and compare it with what the run wrote" {
	november
	tmpdir
	run -0 mkdir check </dev/null
	prepare() {
		cdrs -p 2026-11 -c in/terms.conf -C in/customers.csv \
		    -a in/accounts.csv in/cdrs.csv in/cdr/Master.csv >cdrs.csv
	}
	run -0 --separate-stderr prepare </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	example() {
		once -p 2026-11 -s state cdrs.csv | rate -c in/terms.conf \
		    -t in/tariffs.csv | bundle -p 2026-11 -c in/terms.conf -s state |
		    usage -p 2026-11 -c in/terms.conf -s state -o check |
		    diff - nov/steps/usage-items.csv
	}
	run -0 example </dev/null
	assert_output ''
	run -0 diff check/usage.csv nov/usage.csv </dev/null
	assert_output ''
	run -0 col check/usage.csv rule </dev/null
	assert_output - <<-'EOF'
	internal
	VZ 7.3
	VZ 7.3
	VZ 7.3
	internal
	unanswered
	internal
	EOF
	run -0 col nov/steps/usage-items.csv net </dev/null
	assert_output - <<-'EOF'
	0.10
	0.08
	EOF
}

# --- mailout.1 -------------------------------------------------------------

mailout() { templated mailout "$@"; }

@test "mailout.1: write the messages of the November run of the demo as files, to open in a mail program" {
	november
	awk -F, -v OFS=, 'NR == 1 { print $0, "email"; next } { print $0, tolower($1) "@example.nl" }' \
		in/customers.csv >c.csv && mv c.csv in/customers.csv
	printf 'smtp_url = smtp://mail.example.nl:587\nfrom = facturen@example.nl\n' >in/mail.conf
	run -0 --separate-stderr mailout -c in/terms.conf -C in/customers.csv -t /usr/local/share/billing/templates -m in/mail.conf -d 2026-11-01 -n eml nov
	assert_output 'mailout: 2026-11-01: 2 written, 0 sent before, 0 refused, 0 to retry, 0 by post, 0 without an address, 0 void'
	assert_equal "$stderr" ''
	run -0 ls eml
	assert_output "$(printf 'VZ-2026-000001.eml\nVZ-2026-000002.eml')"
	grep -q '^To: "Bakkerij Van der Meulen B.V." <c1@example.nl>' eml/VZ-2026-000001.eml
}

# --- workday.1 -------------------------------------------------------------

@test "workday.1: the first working day of December 2026 is Tuesday the 1st; of November, whose 1st is a Sunday, Monday the 2nd; Christmas is no working day (each prints its word)" {
	run -0 bash -c 'workday -f 2026-12-01 && echo first'
	assert_output first
	run -0 bash -c 'workday -f 2026-11-01 || echo no'
	assert_output no
	run -0 bash -c 'workday -f 2026-11-02 && echo first'
	assert_output first
	run -0 bash -c 'workday 2026-12-25 || echo holiday'
	assert_output holiday
}

# --- the pages and the tests in step ---------------------------------------

# examples PAGE: the examples of man page PAGE, one per line: its title as
# a test name ("NAME.1: sentence"), a tab, and its commands separated by
# \x1e (a command's own lines by \x1f), with "$ " and mdoc escapes removed
examples() {
	awk -v page="$(basename "$1")" '
	function unesc(s) {
		gsub(/\\&/, "", s); gsub(/\\-/, "-", s); gsub(/\\e/, "\\", s)
		return s
	}
	function flush() {
		if (cmd != "") cmds = cmds (cmds == "" ? "" : "\036") cmd
		cmd = ""
	}
	/^\.Sh / { in_ex = ($2 == "EXAMPLES"); next }
	!in_ex { next }
	/^\.Pp/ { title = ""; next }
	/^\.Bd -literal/ { lit = 1; cmds = ""; cmd = ""; next }
	/^\.Ed/ {
		flush()
		sub(/:$/, "", title)
		print page ": " tolower(substr(title, 1, 1)) substr(title, 2) "\t" cmds
		lit = 0; title = ""; next
	}
	lit && /^\$ / { flush(); cmd = unesc(substr($0, 3)); next }
	lit { sub(/^[ \t]+/, ""); cmd = cmd "\037" unesc($0); next }
	/^\./ { next }
	{ title = title (title == "" ? "" : " ") $0 }
	' "$1"
}

# body NAME: the lines of test NAME of this file, leading blanks removed
body() {
	awk -v name="$1" '
	index($0, "@test \"" name "\" {") == 1 { on = 1; next }
	on && /^}/ { exit }
	on { sub(/^[ \t]+/, ""); print }
	' "$BATS_TEST_FILENAME"
}

@test "every example of every man page has a test here of the same name that runs its command lines" {
	local page name cmds cmd text list missing=
	for page in "$ROOT"/filters/*.1; do
		while IFS=$'\t' read -r name cmds; do
			text=$(body "$name")
			if [ -z "$text" ]; then
				missing+="no test '$name'"$'\n'
				continue
			fi
			IFS=$'\036' read -r -a list <<<"$cmds"
			for cmd in "${list[@]}"; do
				cmd=${cmd//$'\037'/$'\n'}
				[[ $text == *"$cmd"* ]] ||
					missing+="test '$name' does not run: $cmd"$'\n'
			done
		done < <(examples "$page")
	done
	assert_equal "$missing" ''
}

@test "every test named after a man page example has its example" {
	local name orphans=
	while read -r name; do
		grep -qxF "$name" <(for p in "$ROOT"/filters/*.1; do
			examples "$p" | cut -f1; done) ||
			orphans+="$name"$'\n'
	done < <(sed -n 's/^@test "\([a-z-]*\.1: [^"]*\)" {$/\1/p' "$BATS_TEST_FILENAME")
	assert_equal "$orphans" ''
}

# manpage PAGE: the page as plain text, wide enough not to wrap a synopsis
manpage() {
	if command -v mandoc >/dev/null; then
		mandoc -T ascii -O width=300 "$1" | sed 's/.\x08//g'
	else
		MANWIDTH=300 man -l "$1" 2>/dev/null
	fi
}

@test "each man page's SYNOPSIS is its program's usage line" {
	command -v mandoc >/dev/null || command -v man >/dev/null ||
		skip "neither mandoc nor man is installed"
	local page prog want got diffs=
	for page in "$ROOT"/filters/*.1; do
		prog=$(basename "$page" .1)
		want=$("$prog" --help </dev/null | sed '/^$/,$d; s/^usage: //; s/^ *//')
		got=$(manpage "$page" | awk '/^SYNOPSIS/ { on = 1; next }
			/^[A-Z]/ { on = 0 } on && NF { sub(/^ +/, ""); print }')
		[ "$want" = "$got" ] || diffs+="$prog: '$got' is not '$want'"$'\n'
	done
	assert_equal "$diffs" ''
}

@test "mandoc finds nothing to warn about in the man pages" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run -0 --separate-stderr mandoc -T lint -W warning "$ROOT"/filters/*.1 </dev/null
	assert_output ''
	assert_equal "$(grep -v 'mandoc\.db' <<<"$stderr")" ''
}

@test "make install puts a man page in share/man/man1 for every program it installs: the drivers' own, the filters' as billing-NAME" {
	local prog missing=
	run -0 make -C "$ROOT" install PREFIX="$T/inst" DESTDIR= </dev/null
	for prog in "$T"/inst/bin/*; do
		prog=$(basename "$prog")
		[ -f "$T/inst/share/man/man1/$prog.1" ] || missing+="$prog "
	done
	for prog in "$T"/inst/lib/billing/*; do
		prog=$(basename "$prog")
		[ "$prog" = driver.sh ] || [ -f "$T/inst/share/man/man1/billing-$prog.1" ] ||
			missing+="$prog "
	done
	assert_equal "$missing" ''
	run -0 ls "$T/inst/share/man/man1" </dev/null
	assert_line bill-run.1
	assert_line billing-rate.1
	refute_line rate.1
	assert_equal "${#lines[@]}" "$(ls "$ROOT"/filters/*.1 | wc -l)"
	command -v man >/dev/null || return 0
	run -0 man -l "$T/inst/share/man/man1/bill-run.1" </dev/null
	assert_line --partial 'bill-run -p YYYY-MM -i INDIR -o OUTDIR [-s STATEDIR] [--date YYYY-MM-DD]'
}

@test "every program says 'unknown option -Z' with its usage, and --help lists each option of its synopsis" {
	local page prog opt missing=
	for page in "$ROOT"/filters/*.1; do
		prog=$(basename "$page" .1)
		run -2 --separate-stderr "$prog" -Z </dev/null
		assert_output ''
		[[ $stderr == "$prog: unknown option -Z"$'\n'"usage: $prog "* ]] ||
			missing+="$prog -Z: $stderr"$'\n'
		run -0 --separate-stderr "$prog" --help </dev/null
		for opt in $(sed -n '1,/^$/p' <<<"$output" | grep -oE '(^| |\[)-[A-Za-z0-9-]+' |
		    tr -d ' [' | sort -u); do
			grep -qE "^  $opt( |$)" <<<"$output" ||
				missing+="$prog --help: no line for $opt"$'\n'
		done
	done
	assert_equal "$missing" ''
}
