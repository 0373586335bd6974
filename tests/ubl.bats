#!/usr/bin/env bats
# E-invoices (issue 16, formats.md ubl/): every invoice of a run also as a
# UBL 2.1 Invoice or CreditNote of Peppol BIS Billing 3.0, valid against
# the UBL schema and the CEN and Peppol schematron rules (Saxon HE, once
# over all the folders), with the VAT category of each line, the payment
# means, the PDF embedded, and totals and lines equal to invoices.csv and
# lines.csv.

load helpers

# the purpose-made runs: in run/ (Peppol) and nl/ (NLCIUS), November and
# December; the demo in demo/
setup_file() {
	export LC_ALL=C PATH=$BIN:$PATH
	cd "$BATS_FILE_TMPDIR" || return 1
	mkdir -p run/in run/state
	cp "$FIX/terms-vz.conf" run/in/terms.conf
	cat >run/in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,country,kvk,vat_id,iban,bic,mandate_id,mandate_date,payment_method,reseller,peppol_id,buyer_reference
	B1,Brussel Telecom BV,Wetstraat 1,1000,Brussel,BE,,BE0123456749,BE68539007547034,,,,transfer,,,
	N1,Noord B.V.,Kerkstraat 1,1011 AA,Amsterdam,NL,11111111,NL111111111B01,NL91ABNA0417164300,ABNANL2A,M-N1,2025-01-01,direct_debit,,,PO-4711
	R1,Reseller Telecom B.V.,Dorpsweg 2,3511 AA,Utrecht,NL,22222222,NL001234567B01,NL20INGB0001234567,,,,transfer,yes,,
	U1,Acme Inc.,1 Main Street,10001,New York,US,,,,,,,transfer,,0060:123456789,
	X1,Zonder KvK,Laan 3,2511 AA,Den Haag,NL,,,,,,,transfer,,,
	Z1,Zuid B.V.,Markt 4,5611 AA,Eindhoven,NL,33333333,NL333333333B01,,,,,transfer,,,
	EOF
	cat >run/in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,billed_through
	KB1,B1,Hosted VoIP,50.00,2025-01-01,2026-10-31
	KN1,N1,Hosted VoIP,100.00,2025-01-01,2026-10-31
	KR1,R1,SIP-trunk,80.00,2025-01-01,2026-10-31
	KU1,U1,Hosted VoIP,60.00,2025-01-01,2026-10-31
	KX1,X1,Hosted VoIP,10.00,2025-01-01,2026-10-31
	KZ1,Z1,Hosted VoIP,20.00,2025-01-01,2026-10-31
	EOF
	cat >run/in/charges.csv <<-'EOF'
	charge_id,customer_id,date,description,amount,vat_rate,vat_category,rule
	CH1,Z1,2026-10-20,Doorbelasting leges,12.50,0,Z,
	CH2,Z1,2026-10-20,Verzekering toestel,7.00,,E,
	EOF
	cp -r run nl
	sed -i 's/^einvoice = .*//; $a einvoice = nlcius' nl/in/terms.conf
	for d in run nl; do
		bill-run -p 2026-11 -i $d/in -o $d/2026-11 -s $d/state </dev/null >/dev/null || return 1
		rm $d/in/charges.csv
		# N1's fee lowered from November on: December credits it
		sed -i 's/^KN1,N1,Hosted VoIP,100.00,/KN1,N1,Hosted VoIP,30.00,/' $d/in/contracts.csv
		bill-run -p 2026-12 -i $d/in -o $d/2026-12 -s $d/state </dev/null >/dev/null || return 1
	done
	"$ROOT/tools/demo" demo >/dev/null 2>&1 || return 1
	if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/Saxon-HE.jar ]; then
		export UBL_REF=$SHARED/ref/ubl
		rc=0
		"$ROOT/tools/ubl-check" peppol run/2026-1?/ubl demo/*/20*/ubl >peppol.out 2>&1 || rc=$?
		echo $rc >peppol.rc
		rc=0
		"$ROOT/tools/ubl-check" nlcius nl/2026-1?/ubl >nlcius.out 2>&1 || rc=$?
		echo $rc >nlcius.rc
	fi
}

# saxon: skip, saying why, when no Java runtime could be installed
saxon() {
	[ -f "$BATS_FILE_TMPDIR/peppol.rc" ] ||
		skip "no Java runtime or Saxon HE (apt-get install default-jre-headless libsaxonhe-java)"
}

F() { echo "$BATS_FILE_TMPDIR/$1"; }

# no: the invoice number of customer $2 in run folder $1
no() { no_ "$(F "$1")" "$2"; }
no_() { pick "$1/invoices.csv" customer_id invoice_no | sed -n "s/^$2|//p"; }

# xp FILE XPATH: the XPath's value in an e-invoice, namespaces by local name
xp() { xmllint --xpath "$2" "$1" 2>/dev/null; }

@test "every e-invoice of the demo's runs and of the purpose-made ones passes the UBL schema and the CEN and Peppol rules" {
	saxon
	run cat "$(F peppol.out)"
	refute_output --partial ": fatal "
	assert_line --regexp '^[0-9]+ files, 0 schema errors, 0 fatal$'
	# all of them: the demo's runs and the purpose-made ones
	n=$(find "$(F run)"/2026-1?/ubl "$(F demo)" -path '*/ubl/*.xml' | wc -l)
	[ "$n" -gt 200 ]
	assert_line "$n files, 0 schema errors, 0 fatal"
	[ "$(cat "$(F peppol.rc)")" = 0 ]
}

@test "einvoice = nlcius: the Dutch CustomizationID, valid against the SI-UBL 2.0 rules" {
	saxon
	f=$(F nl/2026-11/ubl/$(no nl/2026-11 N1).xml)
	[ "$(xp "$f" 'string(//*[local-name()="CustomizationID"])')" = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0" ]
	run cat "$(F nlcius.out)"
	refute_output --partial ": fatal "
	assert_line --regexp '^[0-9]+ files, 0 schema errors, 0 fatal$'
	[ "$(cat "$(F nlcius.rc)")" = 0 ]
}

@test "the checker fails on a broken e-invoice: a fatal rule and a schema error are reported" {
	saxon
	mkdir bad
	f=$(F run/2026-11/ubl/$(no run/2026-11 N1).xml)
	# no buyer reference (PEPPOL-EN16931-R003) and an element out of order
	sed 's|<cbc:BuyerReference>.*</cbc:BuyerReference>||' "$f" >bad/a.xml
	sed 's|<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>||; s|<cbc:IssueDate>|<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:IssueDate>|' "$f" >bad/b.xml
	UBL_REF=$SHARED/ref/ubl run "$ROOT/tools/ubl-check" peppol bad
	assert_failure 1
	assert_output --partial "a.xml: fatal PEPPOL-EN16931-R003"
	assert_output --partial "b.xml: "
	assert_line --regexp '^2 files, 1 schema errors, [1-9][0-9]* fatal$'
}

@test "VAT categories: S, Z beside S, E, AE for a Belgian business and for a Dutch reseller, O outside the EU; in lines.csv and in the e-invoice" {
	l=$(F run/2026-11/lines.csv)
	[ "$(head -1 "$l" | awk -F, '{ print $NF }')" = vat_category ]
	run pick "$l" customer_id ref vat_rate vat_category
	assert_line "B1|KB1|0|AE"
	assert_line "N1|KN1|21|S"
	assert_line "R1|KR1|0|AE"
	assert_line "U1|KU1|0|O"
	assert_line "Z1|KZ1|21|S"
	assert_line "Z1|CH1|0|Z"
	assert_line "Z1|CH2|0|E"
	z=$(F run/2026-11/ubl/$(no run/2026-11 Z1).xml)
	run xp "$z" '//*[local-name()="TaxTotal"]/*[local-name()="TaxSubtotal"]/*[local-name()="TaxCategory"]/*[local-name()="ID"]/text()'
	assert_output "$(printf 'S\nZ\nE')"
	[ "$(xp "$z" 'string(//*[local-name()="TaxSubtotal"][*[local-name()="TaxCategory"]/*[local-name()="ID"]="S"]/*[local-name()="TaxAmount"])')" = 4.20 ]
	b=$(F run/2026-11/ubl/$(no run/2026-11 B1).xml)
	[ "$(xp "$b" 'string(//*[local-name()="TaxCategory"]/*[local-name()="TaxExemptionReasonCode"])')" = VATEX-EU-AE ]
	[ "$(xp "$b" 'string(//*[local-name()="AccountingCustomerParty"]//*[local-name()="EndpointID"]/@schemeID)')" = 9925 ]
	[ "$(xp "$b" 'string(//*[local-name()="AccountingCustomerParty"]//*[local-name()="PartyTaxScheme"]/*[local-name()="CompanyID"])')" = BE0123456749 ]
	r=$(F run/2026-11/ubl/$(no run/2026-11 R1).xml)
	[ "$(xp "$r" 'string(//*[local-name()="TaxSubtotal"]/*[local-name()="TaxCategory"]/*[local-name()="ID"])')" = AE ]
	# outside the scope: no VAT identifiers (BR-O-02), the provider's as
	# its tax registration
	u=$(F run/2026-11/ubl/$(no run/2026-11 U1).xml)
	[ "$(xp "$u" 'count(//*[local-name()="PartyTaxScheme"][*[local-name()="TaxScheme"]/*[local-name()="ID"]="VAT"])')" = 0 ]
	[ "$(xp "$u" 'string(//*[local-name()="AccountingSupplierParty"]//*[local-name()="PartyTaxScheme"]/*[local-name()="CompanyID"])')" = NL123456789B01 ]
	[ "$(xp "$u" 'count(//*[local-name()="ClassifiedTaxCategory"]/*[local-name()="Percent"])')" = 0 ]
}

@test "a charge's vat_category is checked: a rate that contradicts it, or a category of the customer's, is refused" {
	mkdir in
	(cd in && terms VZ)
	printf 'customer_id,name,street,postcode,city,payment_method\nC1,A,B,1011 AA,C,transfer\n' >in/customers.csv
	printf 'charge_id,customer_id,date,description,amount,vat_rate,vat_category\nX,C1,2026-11-10,x,1.00,21,E\n' >c.csv
	run charges -p 2026-11 -c in/terms.conf -C in/customers.csv c.csv
	assert_failure
	assert_output --partial "c.csv:2:"
	assert_output --partial "bad vat_rate for vat_category E: expected 0"
	printf 'charge_id,customer_id,date,description,amount,vat_category\nX,C1,2026-11-10,x,1.00,AE\n' >c.csv
	run charges -p 2026-11 -c in/terms.conf -C in/customers.csv c.csv
	assert_failure
	assert_output --partial "bad vat_category 'AE': expected"
}

@test "each e-invoice's totals equal invoices.csv and its lines equal lines.csv; the PDF embedded is pdf/INVOICE_NO.pdf" {
	run /usr/bin/python3 - "$(F run)"/2026-1? "$(F demo)"/*/20* <<-'PY'
	import base64, csv, sys, xml.etree.ElementTree as ET
	from decimal import Decimal as D
	ns = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
	      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
	docs = 0
	for run in sys.argv[1:]:
	    lines = {}
	    for l in csv.DictReader(open(run + "/lines.csv")):
	        lines.setdefault(l["invoice_no"], []).append(l)
	    for inv in csv.DictReader(open(run + "/invoices.csv")):
	        try:
	            root = ET.parse(f"{run}/ubl/{inv['invoice_no']}.xml").getroot()
	        except FileNotFoundError:
	            continue
	        docs += 1
	        no = inv["invoice_no"]
	        cn = root.tag.endswith("CreditNote")
	        s = -1 if cn else 1
	        assert cn == (D(inv["gross"]) < 0), no
	        t = root.find("cac:LegalMonetaryTotal", ns)
	        assert D(t.findtext("cbc:TaxExclusiveAmount", namespaces=ns)) == s * D(inv["net"]), no
	        assert D(t.findtext("cbc:TaxInclusiveAmount", namespaces=ns)) == s * D(inv["gross"]), no
	        assert D(t.findtext("cbc:PayableAmount", namespaces=ns)) == s * D(inv["gross"]), no
	        assert D(root.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=ns)) == s * D(inv["vat"]), no
	        xl = root.findall("cac:CreditNoteLine" if cn else "cac:InvoiceLine", ns)
	        assert len(xl) == len(lines[no]), no
	        for x, l in zip(xl, lines[no]):
	            assert x.findtext("cbc:ID", namespaces=ns) == l["line_no"], no
	            assert D(x.findtext("cbc:LineExtensionAmount", namespaces=ns)) == s * D(l["net"]), (no, l["line_no"])
	            assert x.findtext("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", namespaces=ns) == l["vat_category"], (no, l["line_no"])
	            assert (x.findtext("cbc:Note", namespaces=ns) or "") == l["rule"], (no, l["line_no"])
	            assert x.findtext("cac:Item/cbc:Name", namespaces=ns) == (l["description"] or l["kind"]), (no, l["line_no"])
	        b = root.find("cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject", ns)
	        assert b.get("mimeCode") == "application/pdf" and b.get("filename") == no + ".pdf", no
	        assert base64.b64decode(b.text) == open(f"{run}/{inv['pdf']}", "rb").read(), no
	print(docs, "documents")
	PY
	assert_success
	[ "${output% documents}" -gt 200 ]
}

@test "a credit invoice is a CreditNote with positive amounts, referring to the invoice its first correction corrects" {
	dec=$(no run/2026-12 N1)
	nov=$(no run/2026-11 N1)
	f=$(F run/2026-12/ubl/$dec.xml)
	[ "$(pick "$(F run/2026-12/invoices.csv)" invoice_no gross | sed -n "s/^$dec|//p")" = -48.40 ]
	[ "$(xp "$f" 'local-name(/*)')" = CreditNote ]
	[ "$(xp "$f" 'string(/*/*[local-name()="CreditNoteTypeCode"])')" = 381 ]
	[ "$(xp "$f" 'string(//*[local-name()="LegalMonetaryTotal"]/*[local-name()="PayableAmount"])')" = 48.40 ]
	[ "$(xp "$f" 'string(//*[local-name()="BillingReference"]//*[local-name()="ID"])')" = "$nov" ]
}

@test "payment means: SEPA direct debit with mandate, debited account and creditor id; credit transfer with the provider's IBAN and the RF reference" {
	f=$(F run/2026-12/ubl/$(no run/2026-12 Z1).xml)
	[ "$(xp "$f" 'string(//*[local-name()="PaymentMeansCode"])')" = 58 ]
	[ "$(xp "$f" 'string(//*[local-name()="PayeeFinancialAccount"]/*[local-name()="ID"])')" = NL91ABNA0417164300 ]
	[ "$(xp "$f" 'string(//*[local-name()="PaymentMeans"]/*[local-name()="PaymentID"])')" = "$(pick "$(F run/2026-12/invoices.csv)" customer_id payment_reference | sed -n 's/^Z1|//p')" ]
	# N1's November invoice: its first, by transfer; the demo's direct debits
	d=$(grep -l '<cbc:PaymentMeansCode name="SEPA direct debit">59' "$(F demo)"/voipzeker/2026-12/ubl/*.xml | head -1)
	[ -n "$d" ]
	dno=$(basename "$d" .xml)
	mid=$(xmllint --xpath "string(//*[local-name()='DrctDbtTxInf'][.//*[local-name()='EndToEndId']='$dno']//*[local-name()='MndtId'])" "$(F demo)"/voipzeker/2026-12/sepa/*.xml)
	[ -n "$mid" ]
	[ "$(xp "$d" 'string(//*[local-name()="PaymentMandate"]/*[local-name()="ID"])')" = "$mid" ]
	[ "$(xp "$d" 'string(//*[local-name()="AccountingSupplierParty"]//*[local-name()="PartyIdentification"]/*[local-name()="ID"][@schemeID="SEPA"])')" = "$(sed -n 's/^creditor_id *= *//p' "$ROOT/samples/voipzeker/terms.conf")" ]
	[ -n "$(xp "$d" 'string(//*[local-name()="PaymentMandate"]/*[local-name()="PayerFinancialAccount"]/*[local-name()="ID"])')" ]
	[ "$(xp "$d" 'string(//*[local-name()="BuyerReference"])')" != "" ]
	[ "$(xp "$(F run/2026-11/ubl/$(no run/2026-11 N1).xml)" 'string(//*[local-name()="BuyerReference"])')" = PO-4711 ]
}

@test "a customer without an e-invoice address gets no ubl/ file, counted in report.txt; einvoice = none writes no ubl/" {
	[ ! -e "$(F run/2026-11/ubl/$(no run/2026-11 X1).xml)" ]
	[ "$(ls "$(F run/2026-11/ubl)" | wc -l)" = 5 ]
	grep -q '^e-invoices    5 in ubl/, 1 without an e-invoice address (customers.csv peppol_id)$' "$(F run/2026-11/report.txt)"
	cp -r "$(F run/in)" in
	echo "einvoice = none" >>in/terms.conf
	run bill-run -p 2026-11 -i in -o out -s "$(mkdir st && echo st)" </dev/null
	assert_success
	[ ! -e out/ubl ]
	! grep -q '^e-invoices' out/report.txt
}

@test "a bad peppol_id is named with file, line and column" {
	mkdir in
	(cd in && terms VZ)
	printf 'customer_id,name,street,postcode,city,payment_method,peppol_id\nC1,A,B,1011 AA,C,transfer,0106\n' >in/customers.csv
	printf 'contract_id,customer_id,description,monthly_fee,start_date\nK1,C1,x,1.00,2026-11-01\n' >in/contracts.csv
	run bill-run -p 2026-11 -i in -o out -s "$(mkdir st && echo st)" </dev/null
	assert_failure
	assert_output --partial "customers.csv:2:7: bad peppol_id '0106': expected SCHEME:ID"
	[ ! -e out ]
}

@test "e-invoices without the provider's KvK number are refused, the run leaving no output and the state as it was" {
	mkdir in st
	(cd in && terms VZ)
	sed -i 's/^kvk = .*/kvk =/' in/terms.conf
	printf 'customer_id,name,street,postcode,city,payment_method,kvk\nC1,A,B,1011 AA,C,transfer,11111111\n' >in/customers.csv
	printf 'contract_id,customer_id,description,monthly_fee,start_date\nK1,C1,x,1.00,2026-11-01\n' >in/contracts.csv
	: >st/lock	# the lock, which the first run of a state makes
	before=$(snapshot st)
	run bill-run -p 2026-11 -i in -o out -s st </dev/null
	assert_failure 1
	assert_output --partial "terms.conf: kvk: missing: the e-invoices need the provider's KvK number"
	[ ! -e out ]
	[ "$(snapshot st)" = "$before" ]
	echo "einvoice = none" >>in/terms.conf
	run bill-run -p 2026-11 -i in -o out -s st </dev/null
	assert_success
}

@test "the PDF's VAT text follows the lines' categories: the exempt line marked and explained, reverse charge, outside the scope" {
	z=$(pdftotext -layout "$(F run/2026-11)/$(pick "$(F run/2026-11/invoices.csv)" customer_id pdf | sed -n 's/^Z1|//p')" -)
	grep -q 'Verzekering toestel .* 0 *% E$' <<<"$z"
	grep -q 'Doorbelasting leges .* 0 *%$' <<<"$z"
	grep -q '^E: vrijgesteld van btw$' <<<"$z"
	! grep -q 'BTW verlegd' <<<"$z"
	b=$(pdftotext "$(F run/2026-11)/$(pick "$(F run/2026-11/invoices.csv)" customer_id pdf | sed -n 's/^B1|//p')" -)
	grep -q 'BTW verlegd / VAT reverse charge' <<<"$b"
	! grep -q 'vrijgesteld' <<<"$b"
	u=$(pdftotext "$(F run/2026-11)/$(pick "$(F run/2026-11/invoices.csv)" customer_id pdf | sed -n 's/^U1|//p')" -)
	grep -q 'outside the scope of Dutch VAT' <<<"$u"
}

@test "the e-invoice's exemption reasons are the PDF's words, in the customer's language: a provider's own invoice.conf changes both" {
	cd "$BATS_TEST_TMPDIR"
	cp -r "$(F run/in)" in && mkdir st
	mkdir in/templates
	# each text its own in each language; U1 reads English
	awk '/^\[en\]/ { en = 1 }
	     /^exempt = / { $0 = "exempt = " (en ? "exempt (en)" : "vrijgesteld (nl)") }
	     /^reverse_charge = / { $0 = "reverse_charge = " (en ? "reverse charge (en)" : "btw verlegd (nl)") }
	     /^outside_eu = / { $0 = "outside_eu = " (en ? "outside the scope (en)" : "buiten de reikwijdte (nl)") }
	     { print }' "$ROOT/templates/invoice.conf" >in/templates/invoice.conf
	awk -F, -v OFS=, 'NR == 1 { print $0, "language"; next } { print $0, ($1 == "U1" ? "en" : "nl") }' \
		"$(F run/in/customers.csv)" >in/customers.csv
	cat >in/charges.csv <<-'CSV'
	charge_id,customer_id,date,description,amount,vat_rate,vat_category,rule
	CH2,Z1,2026-10-20,Verzekering toestel,7.00,,E,
	CSV
	run bill-run -p 2026-11 -i in -o out -s st </dev/null
	assert_success
	reason() { xp "out/ubl/$(no_ out "$1").xml" "string(//*[local-name()=\"TaxCategory\"][*[local-name()=\"ID\"]=\"$2\"]/*[local-name()=\"TaxExemptionReason\"])"; }
	pdf() { pdftotext "out/$(pick out/invoices.csv customer_id pdf | sed -n "s/^$1|//p")" -; }
	[ "$(reason Z1 E)" = "vrijgesteld (nl)" ]
	[ "$(reason B1 AE)" = "btw verlegd (nl)" ]
	[ "$(reason U1 O)" = "outside the scope (en)" ]
	pdf Z1 | grep -qx 'E: vrijgesteld (nl)'
	pdf B1 | grep -qx 'btw verlegd (nl)'
	pdf U1 | grep -qx 'outside the scope (en)'
}
