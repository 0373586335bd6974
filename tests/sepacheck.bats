#!/usr/bin/env bats
# sepacheck: the EPC rules of a pain.008 file that its schema does not
# check.  fixtures/sepacheck/valid-08.xml is a clean pain.008.001.08 batch
# (B2B: a FRST block of two debits, one with a BICFI and one NOTPROVIDED;
# a RCUR block with an amended mandate and IBAN and the creditor id at
# block level); valid-02.xml a clean pain.008.001.02 one (CORE: a FRST
# block with a hybrid creditor address and a move to another bank, SMNDA;
# a FNAL block).  Each test of a check spoils one line of one of them.

load helpers

# spoil FIXTURE SED: FIXTURE with one line changed (or deleted) by the sed
# script SED, as ./bad.xml; fails unless exactly that one line changed
spoil() {
	local f=$FIX/sepacheck/$1
	sed "$2" "$f" >bad.xml
	[ "$(diff "$f" bad.xml | grep -c '^<')" -eq 1 ] &&
		[ "$(diff "$f" bad.xml | grep -c '^>')" -le 1 ] || {
		echo "spoil $1 '$2' changed other than one line" >&2
		return 1
	}
}

# sample NAME: a copy of a bank's example file from the shared reference
# files, as ./NAME.xml
sample() {
	cp "$SHARED/ref/iso20022/samples/$1-pain.008.001.02-voorbeeldbestand.xml" "$1.xml"
}

# --- the banks' example files ---------------------------------------------

# Besides the placeholders sepa.md names, both files have a creditor
# address of AdrLine and Ctry alone (refused since 15 November 2026; the
# files are of 2012), and ING's collection date is a Sunday, which its bank
# would move to the Monday: a file of ours must not need that (legal.md).
@test "ING's example file fails on its placeholder creditor id, its Sunday collection date and its address lines only" {
	sample ing
	run -1 --separate-stderr sepacheck ing.xml </dev/null
	assert_output - <<-'EOF'
	ing.xml:27: bad ReqdColltnDt '2012-02-05' in PmtInf: a Sunday: expected a TARGET2 day
	ing.xml:30: unstructured PstlAdr in Cdtr: AdrLine without TwnNm: expected TwnNm and Ctry (refused since 15 November 2026)
	ing.xml:63: bad creditor id 'NL89ZZZ011234567890' in CdtrSchmeId: check digits do not match (ISO 7064 mod 97-10)
	EOF
	assert_equal "$stderr" ''
}

@test "ABN AMRO's example file fails on its placeholder creditor id and IBANs and its address lines only" {
	sample abnamro
	run -1 --separate-stderr sepacheck abnamro.xml </dev/null
	assert_output - <<-'EOF'
	abnamro.xml:24: unstructured PstlAdr in Cdtr: AdrLine without TwnNm: expected TwnNm and Ctry (refused since 15 November 2026)
	abnamro.xml:31: bad IBAN 'DE12345678901234567890' in CdtrAcct: check digits do not match (mod 97)
	abnamro.xml:51: bad creditor id 'NL89ZZZ011234567890' in CdtrSchmeId: check digits do not match (ISO 7064 mod 97-10)
	abnamro.xml:72: bad IBAN 'DE12345678901234567890' in DbtrAcct: check digits do not match (mod 97)
	EOF
	assert_equal "$stderr" ''
}

@test "ING's example file with a TwnNm and a Monday collection date fails on its creditor id alone" {
	sample ing
	sed -i '27s/2012-02-05/2012-02-06/
		31s|<Ctry>NL</Ctry>|<TwnNm>Amsterdam</TwnNm><Ctry>NL</Ctry>|' ing.xml
	run -0 xmllint --noout --schema "$SHARED/ref/iso20022/pain.008.001.02.xsd" ing.xml </dev/null
	run -1 --separate-stderr sepacheck ing.xml </dev/null
	assert_output "ing.xml:63: bad creditor id 'NL89ZZZ011234567890' in CdtrSchmeId: check digits do not match (ISO 7064 mod 97-10)"
	assert_equal "$stderr" ''
}

# --- clean files ------------------------------------------------------------

@test "a clean pain.008.001.08 file valid against its schema passes with no output" {
	run -0 xmllint --noout --schema "$SHARED/ref/iso20022/pain.008.001.08.xsd" "$FIX/sepacheck/valid-08.xml" </dev/null
	run -0 --separate-stderr sepacheck "$FIX/sepacheck/valid-08.xml" </dev/null
	assert_output ''
	assert_equal "$stderr" ''
}

@test "a clean pain.008.001.02 file valid against its schema passes with no output" {
	run -0 xmllint --noout --schema "$SHARED/ref/iso20022/pain.008.001.02.xsd" "$FIX/sepacheck/valid-02.xml" </dev/null
	run -0 --separate-stderr sepacheck "$FIX/sepacheck/valid-02.xml" </dev/null
	assert_output ''
	assert_equal "$stderr" ''
}

@test "the spoiled copies stay valid against the schema, so the schema would not catch what sepacheck does" {
	spoil valid-08.xml '88s/NL20INGB/NL21INGB/'
	run -0 xmllint --noout --schema "$SHARED/ref/iso20022/pain.008.001.08.xsd" bad.xml </dev/null
	spoil valid-08.xml '7s/>3</>4</'
	run -0 xmllint --noout --schema "$SHARED/ref/iso20022/pain.008.001.08.xsd" bad.xml </dev/null
	spoil valid-02.xml '31d'
	run -0 xmllint --noout --schema "$SHARED/ref/iso20022/pain.008.001.02.xsd" bad.xml </dev/null
}

# --- counts and sums --------------------------------------------------------

@test "a GrpHdr NbOfTxs one more than the file's transactions is a problem on its line" {
	spoil valid-08.xml '7s/>3</>4</'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:7: bad NbOfTxs '4' in GrpHdr: the file has 3 DrctDbtTxInf"
	assert_equal "$stderr" ''
}

@test "a PmtInf NbOfTxs one less than its transactions is a problem on its line" {
	spoil valid-02.xml '16s/>2</>1</'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:16: bad NbOfTxs '1' in PmtInf: it has 2 DrctDbtTxInf"
}

@test "a GrpHdr CtrlSum a cent off the sum of InstdAmt is a problem on its line" {
	spoil valid-08.xml '8s/1296.40/1296.41/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:8: bad CtrlSum '1296.41' in GrpHdr: the InstdAmt of the file sum to 1296.40"
	assert_equal "$stderr" ''
}

@test "a PmtInf CtrlSum a cent off its transactions' sum is a problem on its line" {
	spoil valid-08.xml '17s/96.40/96.39/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:17: bad CtrlSum '96.39' in PmtInf: its InstdAmt sum to 96.40"
}

@test "sums are exact in cents where a double would be a cent off" {
	# 0.1 + 0.2 != 0.3 in binary floating point
	spoil valid-08.xml '52s/60.50/0.10/'
	sed -i '99s/35.90/0.20/; 17s/96.40/0.30/; 8s/1296.40/1200.30/' bad.xml
	run -0 --separate-stderr sepacheck bad.xml </dev/null
	assert_output ''
}

@test "a CtrlSum absent from a PmtInf is not compared" {
	spoil valid-02.xml '17d'
	run -0 --separate-stderr sepacheck bad.xml </dev/null
	assert_output ''
}

# --- amounts ----------------------------------------------------------------

@test "an InstdAmt with three decimals is a problem, the schema's five notwithstanding" {
	spoil valid-08.xml '52s/60.50/60.505/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:52: bad InstdAmt '60.505' in DrctDbtTxInf: expected at most two decimals"
}

@test "an InstdAmt of 0.00 is a problem: expected 0.01 to 999999999.99" {
	spoil valid-02.xml '51s/12.34/0.00/'
	sed -i '17s/99.99/87.65/; 8s/174.24/161.90/' bad.xml
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:51: bad InstdAmt '0.00' in DrctDbtTxInf: expected 0.01 to 999999999.99"
}

@test "an InstdAmt with a decimal comma is a problem" {
	spoil valid-02.xml '51s/12.34/12,34/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:51: bad InstdAmt '12,34' in DrctDbtTxInf: expected digits with '.' as decimal point (no comma, exponent, sign or separator)"
}

@test "an InstdAmt in another currency than EUR is a problem" {
	spoil valid-08.xml '52s/"EUR"/"USD"/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:52: bad Ccy 'USD' of InstdAmt: expected EUR"
}

# --- codes ------------------------------------------------------------------

@test "SeqTp RPRE is a problem: the EPC allows FRST, RCUR, FNAL and OOFF" {
	spoil valid-08.xml '151s/RCUR/RPRE/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:151: bad SeqTp 'RPRE' in PmtTpInf: expected FRST, RCUR, FNAL or OOFF"
}

@test "an empty SeqTp is a problem" {
	spoil valid-08.xml '25s/FRST//'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:25: bad SeqTp '' in PmtTpInf: expected FRST, RCUR, FNAL or OOFF"
}

@test "a PmtInf without SeqTp is a problem on the PmtInf's line" {
	spoil valid-02.xml '159d'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:147: missing SeqTp in PmtInf: expected FRST, RCUR, FNAL or OOFF"
}

@test "LclInstrm COR1 is a problem: expected CORE or B2B" {
	spoil valid-02.xml '23s/CORE/COR1/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:23: bad Cd 'COR1' in LclInstrm: expected CORE or B2B"
}

@test "a service level other than SEPA is a problem" {
	spoil valid-08.xml '20s/SEPA/NURG/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:20: bad Cd 'NURG' in SvcLvl: expected SEPA"
}

@test "a payment method other than DD is a problem" {
	spoil valid-08.xml '15s/DD/TRF/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:15: bad PmtMtd 'TRF' in PmtInf: expected DD"
}

@test "a charge bearer other than SLEV is a problem" {
	spoil valid-02.xml '175s/SLEV/SHAR/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:175: bad ChrgBr 'SHAR' in PmtInf: expected SLEV"
}

# --- dates ------------------------------------------------------------------

@test "a collection date on a Saturday is a problem: expected a TARGET2 day" {
	spoil valid-08.xml '27s/2026-12-08/2026-12-12/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:27: bad ReqdColltnDt '2026-12-12' in PmtInf: a Saturday: expected a TARGET2 day"
	assert_equal "$stderr" ''
}

@test "a collection date on Boxing Day, a weekday, is a problem" {
	spoil valid-08.xml '153s/2026-12-08/2025-12-26/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:153: bad ReqdColltnDt '2025-12-26' in PmtInf: a TARGET2 holiday: expected a TARGET2 day"
}

@test "a mandate signed after the collection date of its block is a problem" {
	spoil valid-08.xml '103s/2026-12-08/2026-12-09/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:103: bad DtOfSgntr '2026-12-09' in MndtRltdInf: after the collection date 2026-12-08 of its PmtInf"
}

@test "a mandate signed on the collection date passes" {
	run -0 grep -c '<DtOfSgntr>2026-12-08<' "$FIX/sepacheck/valid-08.xml" </dev/null
	assert_output 1
}

# --- identifiers ------------------------------------------------------------

@test "a debtor IBAN with wrong check digits is a problem naming DbtrAcct" {
	spoil valid-08.xml '88s/NL20INGB/NL21INGB/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:88: bad IBAN 'NL21INGB0001234567' in DbtrAcct: check digits do not match (mod 97)"
	assert_equal "$stderr" ''
}

@test "an original debtor IBAN of the wrong length is a problem naming OrgnlDbtrAcct" {
	spoil valid-08.xml '194s/NL44RABO0123456789/NL44RABO012345678/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:194: bad IBAN 'NL44RABO012345678' in OrgnlDbtrAcct: wrong length for its country"
}

@test "a BIC of seven characters is a problem naming the agent" {
	spoil valid-02.xml '73s/DEUTDEFF500/DEUTDEF/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:73: bad BIC 'DEUTDEF' in DbtrAgt: expected 8 or 11 characters: 6 letters, then letters or digits"
}

@test "BICFI in a pain.008.001.02 file is a problem: that version names it BIC" {
	spoil valid-02.xml '43s/BIC>/BICFI>/g'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:43: bad element BICFI in CdtrAgt: pain.008.001.02 names it BIC"
}

@test "BIC in a pain.008.001.08 file is a problem: that version names it BICFI" {
	spoil valid-08.xml '74s/BICFI>/BIC>/g'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:74: bad element BIC in DbtrAgt: pain.008.001.08 names it BICFI"
}

@test "a creditor id with wrong check digits is a problem on its line" {
	spoil valid-02.xml '180s/NL51ZZZ/NL52ZZZ/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:180: bad creditor id 'NL52ZZZ405365330000' in CdtrSchmeId: check digits do not match (ISO 7064 mod 97-10)"
	assert_equal "$stderr" ''
}

@test "a creditor id scheme other than SEPA is a problem" {
	spoil valid-08.xml '65s/SEPA/CUST/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:65: bad Prtry 'CUST' in CdtrSchmeId: expected SEPA"
}

@test "a transaction without a creditor id, in it or in its block, is a problem" {
	spoil valid-08.xml '63d'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:48: missing CdtrSchmeId in DrctDbtTxInf: expected the creditor id in it or in its PmtInf"
}

@test "an EndToEndId holding // is a problem" {
	spoil valid-08.xml '50s|VZ-2026-000101|VZ//2026-000101|'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:50: bad EndToEndId 'VZ//2026-000101' in PmtId: starts or ends with '/' or holds '//' (EPC)"
	assert_equal "$stderr" ''
}

@test "a MndtId of 36 characters is a problem: expected at most 35" {
	spoil valid-02.xml '54s|VW-MANDAAT-2020|VW-MANDAAT-2020-ABCDEFGHIJKLMNOPQRST|'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:54: bad MndtId 'VW-MANDAAT-2020-ABCDEFGHIJKLMNOPQRST' in MndtRltdInf: 36 characters: expected at most 35"
}

@test "a MsgId with a space is a problem" {
	spoil valid-02.xml '5s|VW-202612-20270104|VW 202612|'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:5: bad MsgId 'VW 202612' in GrpHdr: a space: expected an identifier without"
}

@test "an original debtor agent other than SMNDA is a problem" {
	spoil valid-02.xml '108s/SMNDA/NOTPROVIDED/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:108: bad Id 'NOTPROVIDED' in OrgnlDbtrAgt: expected SMNDA"
}

@test "a debtor agent without a BIC says NOTPROVIDED, or it is a problem" {
	spoil valid-08.xml '122s/NOTPROVIDED/UNKNOWN/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:122: bad Id 'UNKNOWN' in DbtrAgt: expected NOTPROVIDED or a BIC"
}

# --- text -------------------------------------------------------------------

@test "an é in a debtor's Nm is a problem quoting the character" {
	spoil valid-02.xml '135s/J. de Vries/J. Desirée de Vries/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:135: bad Nm 'J. Desirée de Vries' in Dbtr: 'é' is outside the SEPA character set"
	assert_equal "$stderr" ''
}

@test "an & in a Ustrd, escaped as XML has it, is a problem" {
	spoil valid-08.xml '92s/, november/ \&amp; november/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:92: bad Ustrd 'Factuur VZ-2026-000101 & november 2026' in RmtInf: '&' is outside the SEPA character set"
}

@test "a Nm of 71 characters is a problem and one of 70 passes" {
	local nm70=Installatietechniek-Van-der-Berg-en-Zonen-Loodgieters-Utrecht-Noord-BV
	assert_equal "${#nm70}" 70
	spoil valid-08.xml "206s/Installatietechniek Van der Berg B.V./${nm70}/"
	run -0 sepacheck bad.xml </dev/null
	spoil valid-08.xml "206s/Installatietechniek Van der Berg B.V./${nm70}X/"
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:206: bad Nm '${nm70}X' in Dbtr: 71 characters: expected at most 70"
	assert_equal "$stderr" ''
}

@test "a newline in a Nm is a problem shown as \\n on one line" {
	spoil valid-02.xml '206s|Het Open Net|Het Open\&#10;Net|'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:206: bad Nm 'Stichting Het Open\\nNet' in Dbtr: '\\n' is outside the SEPA character set"
}

@test "an address of AdrLine and Ctry without TwnNm is a problem: unstructured" {
	spoil valid-02.xml '31d'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:30: unstructured PstlAdr in Cdtr: AdrLine without TwnNm: expected TwnNm and Ctry (refused since 15 November 2026)"
	assert_equal "$stderr" ''
}

@test "an entity reference is a problem: its text would go unchecked" {
	spoil valid-08.xml '1s/$/<!DOCTYPE Document [<!ENTITY bv "B.V.">]>/'
	sed -i '10s/B\.V\./\&bv;/' bad.xml
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:10: bad entity reference '&bv;' in Nm: expected plain text"
}

# --- amendments -------------------------------------------------------------

@test "AmdmntInd true without AmdmntInfDtls is a problem" {
	spoil valid-08.xml '104s/false/true/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:104: bad AmdmntInd 'true' in MndtRltdInf: expected AmdmntInfDtls with it"
}

@test "AmdmntInd false with AmdmntInfDtls is a problem" {
	spoil valid-02.xml '103s/true/false/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:103: bad AmdmntInd 'false' in MndtRltdInf: expected true, as AmdmntInfDtls follows"
}

# --- the document -----------------------------------------------------------

@test "a namespace other than pain.008.001.02 or .08 is a problem" {
	spoil valid-08.xml '2s/pain\.008\.001\.08/pain.008.001.09/'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output "bad.xml:2: bad namespace 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.09' of Document: expected urn:iso:std:iso:20022:tech:xsd:pain.008.001.02 or urn:iso:std:iso:20022:tech:xsd:pain.008.001.08"
}

@test "a file that is not well-formed XML is an error on stderr naming its line" {
	spoil valid-08.xml '10s|</Nm>|</Nam>|'
	run -1 --separate-stderr sepacheck bad.xml </dev/null
	assert_output ''
	assert_equal "$stderr" 'sepacheck: bad.xml:10: not well-formed XML: opening and ending tag mismatch: Nm line 10 and Nam'
}

@test "an empty file is an error" {
	: >empty.xml
	run -1 --separate-stderr sepacheck empty.xml </dev/null
	assert_output ''
	assert_equal "$stderr" 'sepacheck: empty.xml: empty: expected a pain.008 document'
}

@test "a missing file is an error naming it" {
	run -1 --separate-stderr sepacheck missing.xml </dev/null
	assert_output ''
	assert_equal "$stderr" 'sepacheck: missing.xml: cannot open: No such file or directory'
}

@test "a folder given as a file is an error naming it" {
	mkdir batch
	run -1 --separate-stderr sepacheck batch </dev/null
	assert_output ''
	assert_equal "$stderr" 'sepacheck: batch: cannot read: a folder: expected a file'
}

@test "a file that cannot be read does not stop the check of the next ones" {
	spoil valid-08.xml '7s/>3</>4</'
	run -1 --separate-stderr sepacheck missing.xml "$FIX/sepacheck/valid-02.xml" bad.xml </dev/null
	assert_output "bad.xml:7: bad NbOfTxs '4' in GrpHdr: the file has 3 DrctDbtTxInf"
	assert_equal "$stderr" 'sepacheck: missing.xml: cannot open: No such file or directory'
}

@test "a line past 65535 is named by its own number" {
	# the first block with 1500 copies of its first debit: 70,000 lines
	awk 'NR < 48 { print; next } NR <= 94 { tx = tx $0 "\n"; next }
		NR == 95 { for (i = 0; i < 1500; i++) printf "%s", tx }
		NR >= 138 { print }' "$FIX/sepacheck/valid-08.xml" |
		sed '7s/>3</>1501</; 8s/1296.40/91950.00/
		16s/>2</>1500</; 17s/96.40/90750.00/' >big.xml
	run -0 --separate-stderr sepacheck big.xml </dev/null
	# the IBAN of the last debit, 70,000 lines down
	n=$(grep -n NL20INGB0001234567 big.xml | tail -1 | cut -d: -f1)
	[ "$n" -gt 65535 ]
	sed -i "${n}s/NL20INGB/NL21INGB/" big.xml
	run -1 --separate-stderr sepacheck big.xml </dev/null
	assert_output "big.xml:$n: bad IBAN 'NL21INGB0001234567' in DbtrAcct: check digits do not match (mod 97)"
}

# --- the command ------------------------------------------------------------

@test "-q prints nothing, and the status still says a file has a problem" {
	spoil valid-08.xml '7s/>3</>4</'
	run -1 --separate-stderr sepacheck -q bad.xml </dev/null
	assert_output ''
	assert_equal "$stderr" ''
	run -0 --separate-stderr sepacheck -q "$FIX/sepacheck/valid-08.xml" </dev/null
	assert_output ''
}

@test "-q still names a file that cannot be read on stderr, as grep -q does" {
	run -1 --separate-stderr sepacheck -q missing.xml </dev/null
	assert_output ''
	assert_equal "$stderr" 'sepacheck: missing.xml: cannot open: No such file or directory'
}

@test "no file operand is a usage error" {
	run -2 --separate-stderr sepacheck </dev/null
	assert_output ''
	assert_equal "$stderr" 'usage: sepacheck [-q] file ...'
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr sepacheck --help </dev/null
	assert_line --index 0 'usage: sepacheck [-q] file ...'
	assert_line --regexp '^  -q +print no problems'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported and exits 1" {
	spoil valid-08.xml '7s/>3</>4</'
	run -1 --separate-stderr bash -c 'sepacheck bad.xml </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	spoil valid-08.xml '17s/96.40/96.39/'
	run -1 sepacheck bad.xml </dev/null
	c=$output
	assert_output --partial "its InstdAmt sum to 96.40"
	run -1 env LC_ALL=nl_NL.UTF-8 sepacheck bad.xml </dev/null
	assert_equal "$output" "$c"
}
