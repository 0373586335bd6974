#!/usr/bin/env bats
# cdrs: the CDR adapter (formats.md "cdrs.csv" and "Asterisk CDRs"): a
# cdrs.csv (a header naming cdr_id) or Asterisk cdr_csv Master.csv records
# (no header; 16, 18 or 21 fields) into one stream of normalised CDRs, with
# the customer through accounts.csv, the start in Amsterdam time and the
# rule of a record that costs nothing.  Checked on the filter alone, on the
# real files of /work/shared/ref/cdr, and through bin/bill-run.

load helpers

REF=/work/shared/ref/cdr

# stderr_has REGEX: some line of $stderr matches the extended REGEX
stderr_has() {
	grep -qE -- "$1" <<<"$stderr" ||
		fail "no line of stderr matches /$1/; stderr was: $stderr"
}

# fnv FILE LINE: the FNV-1a 64-bit hash of line LINE of FILE, its bytes
# without the LF, as 16 lowercase hex digits (formats.md), by python3
fnv() {
	python3 -c '
import sys
raw = open(sys.argv[1], "rb").read().split(b"\n")[int(sys.argv[2]) - 1]
h = 0xcbf29ce484222325
for b in raw:
    h = (h ^ b) * 0x100000001b3 % 2**64
print("%016x" % h)' "$1" "$2" </dev/null
}

# base: terms.conf (VZ), two customers, and accounts.csv: acct-10 of C1
# (whose PBX users dial 0 for an outside line), acct-20 of C2, and the
# carrier trunk, never billed
base() {
	terms VZ
	cat >customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,iban,mandate_id,mandate_date
	C1,Alfa BV,Kerkstraat 1,1011 AA,Amsterdam,NL44RABO0123456789,M-C1,2026-10-01
	C2,Bravo BV,Dorpsweg 2,3511 BB,Utrecht,NL70TRIO0123456789,M-C2,2026-10-01
	EOF
	cat >accounts.csv <<-'EOF'
	accountcode,customer_id,strip
	acct-10,C1,0
	acct-20,C2,
	trunk,,
	EOF
}

# adapt [OPTION...] FILE...: cdrs with base's files
adapt() {
	cdrs -c terms.conf -C customers.csv -a accounts.csv "$@" </dev/null
}

# adapted [OPTION...] FILE...: adapt into out.csv
adapted() {
	adapt "$@" >out.csv
}

# rec ACCT DST CHANNEL START BILLSEC DISPOSITION UNIQUEID: one cdr_csv
# record of 18 fields, answered (if ANSWERED) and ended at START
rec() {
	local answer=

	[ "$6" != ANSWERED ] || answer="\"$4\""
	printf '"%s","0301234567","%s","from-internal","""Receptie"" <0301234567>","%s","SIP/trunk-00000002","Dial","SIP/trunk/%s,60","%s",%s,"%s",%s,%s,"%s","DOCUMENTATION","%s",""\n' \
	    "$1" "$2" "$3" "$2" "$4" "$answer" "$4" "$5" "$5" "$6" "$7"
}

# generic: cdrs.csv from stdin, after its header
generic() {
	{
		echo 'cdr_id,customer_id,start,src,dst,service,billsec,units,route_cost'
		cat
	} >cdrs.csv
}

# --- cdrs.csv --------------------------------------------------------------

@test "a cdrs.csv row becomes a CDR with its start in Amsterdam time and its dst's origin" {
	base
	generic <<-'EOF'
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	c2,C2,2026-06-30T22:30:00Z,0301234567,0612345678,sms,,3,
	c3,C1,2026-11-04 09:00:00,0301234567,0201234567,voice,0,,
	c4,C1,2026-11-05T12:00:00+02:00,0301234567,0201234567,voice,120,,0.05
	c5,C2,2026-11-06T12:00:00,0301234567,0612345678,data,,1001,
	EOF
	run -0 --separate-stderr adapted cdrs.csv
	assert_equal "$stderr" ''
	run -0 pick out.csv cdr_id customer_id start service dst billsec units route_cost rule origin
	assert_output - <<-'EOF'
	c1|C1|2026-11-03T10:00:00+01:00|voice|0612345678|61||||cdrs.csv:2:5
	c2|C2|2026-07-01T00:30:00+02:00|sms|0612345678||3|||cdrs.csv:3:5
	c3|C1|2026-11-04T09:00:00+01:00|voice|0201234567|0|||unanswered|cdrs.csv:4:5
	c4|C1|2026-11-05T11:00:00+01:00|voice|0201234567|120||0.05||cdrs.csv:5:5
	c5|C2|2026-11-06T12:00:00+01:00|data|0612345678||1001|||cdrs.csv:6:5
	EOF
	# at: the cdr_id's column, and where the record's bytes are in the file
	run -0 pick out.csv at
	assert_line --index 0 '1:66:53'
	while IFS=: read -r col off len; do
		assert_equal "$col" 1
		tail -c +$((off + 1)) cdrs.csv | head -c "$len" >rec
		grep -qxF "$(cat rec)" cdrs.csv || fail "at $off+$len is not a record"
		[ "$(wc -l <rec)" -eq 0 ] || fail "at $off+$len spans a line end"
	done < <(pick out.csv at)
}

@test "with -p only CDRs that start before the run month, by the Amsterdam date, are passed on" {
	base
	generic <<-'EOF'
	c1,C1,2026-10-01T00:00:00,0301234567,0612345678,,61,,
	c2,C1,2026-11-30T22:59:59Z,0301234567,0612345678,,61,,
	c3,C1,2026-11-30T23:00:00Z,0301234567,0612345678,,61,,
	c4,C1,2026-12-05T10:00:00,0301234567,0612345678,,61,,
	c5,C1,2027-01-02T10:00:00,0301234567,0612345678,,61,,
	c6,C1,2026-11-30T23:59:59,0301234567,0612345678,,61,,
	EOF
	run -0 adapted -p 2026-12 cdrs.csv
	run -0 pick out.csv cdr_id start
	assert_output - <<-'EOF'
	c1|2026-10-01T00:00:00+02:00
	c2|2026-11-30T23:59:59+01:00
	c6|2026-11-30T23:59:59+01:00
	EOF
}

@test "a file in cdr/ whose header names cdr_id is read like cdrs.csv" {
	base
	mkdir cdr
	cat >cdr/extra.csv <<-'EOF'
	"start","dst","customer_id","cdr_id","billsec"
	2026-11-03T10:00:00,0612345678,C1,x1,61
	EOF
	run -0 --separate-stderr adapt cdr/extra.csv
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin,at
	x1,C1,2026-11-03T10:00:00+01:00,voice,0612345678,61,,,,cdr/extra.csv:2:2,4:47:39
	EOF
	assert_equal "$(tail -c +48 cdr/extra.csv | head -c 39)" '2026-11-03T10:00:00,0612345678,C1,x1,61'
}

@test "a cdrs.csv that starts with a UTF-8 BOM is read like one without" {
	base
	printf '\xef\xbb\xbfcdr_id,customer_id,start,dst,billsec\nb1,C1,2026-11-03T10:00:00,0612345678,61\n' >cdrs.csv
	run -0 adapted cdrs.csv
	run -0 pick out.csv cdr_id customer_id dst billsec origin
	assert_output 'b1|C1|0612345678|61|cdrs.csv:2:4'
}

# bad ROW WHERE WHAT: a cdrs.csv whose line 3 is ROW makes cdrs exit 1
# with "cdrs: cdrs.csv:WHERE: WHAT" (extended regexes)
bad() {
	base
	generic <<-EOF
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	$1
	EOF
	run -1 --separate-stderr adapt cdrs.csv
	stderr_has "^cdrs: cdrs\\.csv:$2: $3"
}

@test "an impossible start is named with file, line and column" {
	bad 'c2,C1,2026-02-30T10:00:00,0301234567,0612345678,,61,,' 3:3 "bad start '2026-02-30T10:00:00'"
}

@test "a start that is no timestamp is named with file, line and column" {
	bad 'c2,C1,03-11-2026 10:00,0301234567,0612345678,,61,,' 3:3 "bad start '03-11-2026 10:00'"
}

@test "a negative billsec is named with file, line and column" {
	bad 'c2,C1,2026-11-03T10:00:00,0301234567,0612345678,,-3,,' 3:7 "bad billsec '-3'.*>= 0"
}

@test "a billsec of 12.5 is named with file, line and column" {
	bad 'c2,C1,2026-11-03T10:00:00,0301234567,0612345678,,12.5,,' 3:7 "bad billsec '12\\.5'"
}

@test "an unknown customer_id is named with file, line and column" {
	bad 'c2,C9,2026-11-03T10:00:00,0301234567,0612345678,,61,,' 3:2 "unknown customer 'C9'"
}

@test "an unknown service is named with file, line and column" {
	bad 'c2,C1,2026-11-03T10:00:00,0301234567,0612345678,fax,61,,' 3:6 ".*'fax'"
}

@test "a negative route_cost is named with file, line and column" {
	bad 'c2,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,-0.05' 3:9 ".*'-0\\.05'"
}

@test "a row without a cdr_id is named with file, line and column" {
	bad ',C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,' 3:1 ''
}

# --- Asterisk Master.csv: ids and columns ----------------------------------

@test "an 18-field record's cdr_id is its uniqueid, '-' and the FNV-1a 64 of its bytes" {
	base
	mkdir cdr
	cat >cdr/Master.csv <<-'EOF'
	"acct-20","0301234567","0612345678","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000002","Dial","SIP/trunk/0612345678,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:02:10",130,125,"ANSWERED","DOCUMENTATION","1762765200.1",""
	"acct-20","0301234567","0201234567","from-internal","""Receptie"" <0301234567>","SIP/100-00000003","SIP/trunk-00000004","Dial","SIP/trunk/0201234567,60","2026-11-10 10:00:00",,"2026-11-10 10:00:20",20,0,"NO ANSWER","DOCUMENTATION","1762768800.3",""
	EOF
	run -0 --separate-stderr adapted cdr/Master.csv
	assert_equal "$stderr" ''
	run -0 pick out.csv cdr_id customer_id start service dst billsec rule origin
	assert_output - <<-EOF
	1762765200.1-$(fnv cdr/Master.csv 1)|C2|2026-11-10T10:00:00+01:00|voice|0612345678|125||cdr/Master.csv:1:3
	1762768800.3-$(fnv cdr/Master.csv 2)|C2|2026-11-10T11:00:00+01:00|voice|0201234567|0|unanswered|cdr/Master.csv:2:3
	EOF
}

@test "the legs of one call that share a uniqueid stay two CDRs" {
	base
	mkdir cdr
	{
		rec acct-20 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 0 'NO ANSWER' 1762765200.1
		rec acct-20 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1762765200.1
	} >cdr/Master.csv
	run -0 adapted cdr/Master.csv
	run -0 pick out.csv cdr_id rule
	assert_output - <<-EOF
	1762765200.1-$(fnv cdr/Master.csv 1)|unanswered
	1762765200.1-$(fnv cdr/Master.csv 2)|
	EOF
	[ "$(fnv cdr/Master.csv 1)" != "$(fnv cdr/Master.csv 2)" ]
}

@test "a 16-field record without a uniqueid column gets 'ast-' and the hash" {
	base
	mkdir cdr
	cat >cdr/Master.csv <<-'EOF'
	"acct-20","0301234567","0612345678","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000002","Dial","SIP/trunk/0612345678,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:02:10",130,125,"ANSWERED","DOCUMENTATION"
	EOF
	run -0 adapted cdr/Master.csv
	run -0 pick out.csv cdr_id customer_id dst billsec
	assert_output "ast-$(fnv cdr/Master.csv 1)|C2|0612345678|125"
}

@test "a 21-field record (newcdrcolumns) is read, its cdr_id from its uniqueid" {
	base
	mkdir cdr
	cat >cdr/Master.csv <<-'EOF'
	"acct-20","0301234567","0612345678","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000002","Dial","SIP/trunk/0612345678,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:02:10",130,125,"ANSWERED","DOCUMENTATION","srv1-1762765200.1","","carrier","srv1-1762765200.1",7
	EOF
	run -0 adapted cdr/Master.csv
	run -0 pick out.csv cdr_id customer_id dst billsec
	assert_output "srv1-1762765200.1-$(fnv cdr/Master.csv 1)|C2|0612345678|125"
}

@test "a 17-field record is an error naming the file and line" {
	base
	mkdir cdr
	cat >cdr/Master.csv <<-'EOF'
	"acct-20","0301234567","0612345678","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000002","Dial","SIP/trunk/0612345678,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:02:10",130,125,"ANSWERED","DOCUMENTATION","1762765200.1"
	EOF
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has '^cdrs: cdr/Master\.csv:1(:[0-9]+)?: .*17'
}

@test "a 20-field record is an error naming the file and line" {
	base
	mkdir cdr
	cat >cdr/Master.csv <<-'EOF'
	"acct-20","0301234567","0612345678","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000002","Dial","SIP/trunk/0612345678,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:02:10",130,125,"ANSWERED","DOCUMENTATION","1762765200.1","","carrier","1762765200.1"
	EOF
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has '^cdrs: cdr/Master\.csv:1(:[0-9]+)?: .*20'
}

@test "a file that mixes 18- and 16-field records is an error naming the file and line" {
	base
	mkdir cdr
	cat >cdr/Master.csv <<-'EOF'
	"acct-20","0301234567","0612345678","from-internal","""Receptie"" <0301234567>","SIP/100-00000001","SIP/trunk-00000002","Dial","SIP/trunk/0612345678,60","2026-11-10 09:00:00","2026-11-10 09:00:05","2026-11-10 09:02:10",130,125,"ANSWERED","DOCUMENTATION","1762765200.1",""
	"acct-20","0301234567","0612345678","from-internal","""Receptie"" <0301234567>","SIP/100-00000005","SIP/trunk-00000006","Dial","SIP/trunk/0612345678,60","2026-11-10 11:00:00","2026-11-10 11:00:05","2026-11-10 11:02:10",130,125,"ANSWERED","DOCUMENTATION"
	EOF
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has '^cdrs: cdr/Master\.csv:2(:[0-9]+)?: .*16'
}

@test "the cdr_custom and FreeSWITCH reference files are refused at line 1" {
	base
	mkdir cdr
	cp "$REF/KelySaina-cdr-cdr_custom-Master.csv" cdr/custom.csv
	cp "$REF/spicyramen-freeswitch_samples-mod_cdr_csv-Master.csv" cdr/fs.csv
	run -1 --separate-stderr adapt cdr/custom.csv
	stderr_has '^cdrs: cdr/custom\.csv:1(:[0-9]+)?: .*19'
	run -1 --separate-stderr adapt cdr/fs.csv
	stderr_has '^cdrs: cdr/fs\.csv:1(:[0-9]+)?: .*15'
}

@test "the real cdr_csv reference files are read without error, every record once" {
	local f n

	base
	for f in asterisk-testsuite-self_test-Master.csv \
	    BugaDM-TelephonySwitching-Master.csv BugaDM-TelephonySwitching-100.csv \
	    simularent-asterisk-for-speech-to-text-Master.csv \
	    karthik0112-synk_bug-Master.csv mineevburyat-dj-asterisk-cdr-Master.csv; do
		n=$(wc -l <"$REF/$f")
		run -0 --separate-stderr adapted "$REF/$f"
		assert_equal "$stderr" ''
		run -0 pick out.csv cdr_id
		assert_equal "${#lines[@]}" "$n"
		assert_equal "$(sort -u <<<"$output" | wc -l)" "$n"
		refute_output --regexp '^ast-'
	done
}

@test "bytes that are not UTF-8 in clid are accepted, in dst they are an error" {
	base
	mkdir cdr
	rec acct-20 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1 |
		sed 's/Receptie/Recep\xa5tie/' >cdr/Master.csv
	grep -q $'\xa5' cdr/Master.csv
	run -0 adapted cdr/Master.csv
	run -0 pick out.csv customer_id dst
	assert_output 'C2|0612345678'
	rec acct-20 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1 |
		sed 's/"0612345678"/"06123\xa545678"/' >cdr/Master.csv
	grep -q $'\xa5' cdr/Master.csv
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has '^cdrs: cdr/Master\.csv:1:3: .*UTF-8'
}

@test "a bad billsec or start in a Master.csv is named with file, line and column" {
	base
	mkdir cdr
	{
		rec acct-20 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1
		rec acct-20 0612345678 SIP/100-00000002 '2026-11-10 09:00:00' 30 ANSWERED 1.2 |
			sed 's/,30,30,"ANSWERED"/,30,12.5,"ANSWERED"/'
	} >cdr/Master.csv
	grep -q ',30,12\.5,"ANSWERED"' cdr/Master.csv
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has "^cdrs: cdr/Master\\.csv:2:14: bad billsec '12\\.5'"
	{
		rec acct-20 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1
		rec acct-20 0612345678 SIP/100-00000002 '2026-11-31 09:00:00' 30 ANSWERED 1.2
	} >cdr/Master.csv
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has "^cdrs: cdr/Master\\.csv:2:10: bad start '2026-11-31 09:00:00'"
}

@test "an empty Master.csv, just rotated, adds no CDR" {
	base
	mkdir cdr
	: >cdr/Master.csv
	run -0 --separate-stderr adapt cdr/Master.csv
	assert_equal "$stderr" ''
	assert_output 'cdr_id,customer_id,start,service,dst,billsec,units,route_cost,rule,origin,at'
}

@test "a half-written last record of a Master.csv is an error naming its line" {
	base
	mkdir cdr
	rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 60 ANSWERED 1.1 >cdr/Master.csv
	rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 10:00:00' 60 ANSWERED 1.2 |
		head -c 150 >>cdr/Master.csv
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has '^cdrs: cdr/Master\.csv:2(:[0-9]+)?: '
}

# --- Asterisk: customers and the rules of a free record --------------------

@test "each free record gets the first rule of formats.md that applies" {
	base
	mkdir cdr
	{
		# 1-2 unanswered: not ANSWERED, or billsec 0, whatever the account
		rec nobody 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 12 'NO ANSWER' 1.1
		rec nobody 0612345678 SIP/100-00000002 '2026-11-10 09:00:00' 0 ANSWERED 1.2
		# 3-4 local: a Local channel, even to an extension
		rec nobody 0612345678 'Local/0612345678@out-00000001;2' '2026-11-10 09:00:00' 60 ANSWERED 1.3
		rec '' 100 'Local/100@internal-00000002;1' '2026-11-10 09:00:00' 60 ANSWERED 1.4
		# 5-7 internal: an extension, s, 112, even of an unknown account
		rec nobody 100 SIP/100-00000005 '2026-11-10 09:00:00' 60 ANSWERED 1.5
		rec '' s SIP/100-00000006 '2026-11-10 09:00:00' 60 ANSWERED 1.6
		rec nobody 112 SIP/100-00000007 '2026-11-10 09:00:00' 60 ANSWERED 1.7
		# 8 no-account: no accountcode and no row for it in accounts.csv
		rec '' 0612345678 SIP/100-00000008 '2026-11-10 09:00:00' 60 ANSWERED 1.8
		# 9 not-billed: an account whose customer_id is empty
		rec trunk 0612345678 SIP/trunk-00000009 '2026-11-10 09:00:00' 60 ANSWERED 1.9
		# 10 billed
		rec acct-20 0612345678 SIP/200-00000010 '2026-11-10 09:00:00' 60 ANSWERED 1.10
		# 11 unanswered before local, internal and no-account
		rec '' 100 'Local/100@internal-00000011;1' '2026-11-10 09:00:00' 0 BUSY 1.11
	} >cdr/Master.csv
	run -0 --separate-stderr adapted cdr/Master.csv
	assert_equal "$stderr" ''
	run -0 pick out.csv customer_id dst billsec rule
	assert_output - <<-'EOF'
	|0612345678|12|unanswered
	|0612345678|0|unanswered
	|0612345678|60|local
	|100|60|local
	|100|60|internal
	|s|60|internal
	|112|60|internal
	|0612345678|60|no-account
	|0612345678|60|not-billed
	C2|0612345678|60|
	|100|0|unanswered
	EOF
}

@test "an unknown accountcode on a record that would cost money is an error naming file and line" {
	base
	mkdir cdr
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 60 ANSWERED 1.1
		rec acct-99 0612345678 SIP/990-00000002 '2026-11-10 09:00:00' 60 ANSWERED 1.2
	} >cdr/Master.csv
	run -1 --separate-stderr adapt cdr/Master.csv
	stderr_has "^cdrs: cdr/Master\\.csv:2(:1)?: unknown accountcode 'acct-99'"
}

@test "without accounts.csv a record of an account that would cost money is an error" {
	base
	mkdir cdr
	rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 60 ANSWERED 1.1 >cdr/Master.csv
	run -1 --separate-stderr cdrs -c terms.conf -C customers.csv cdr/Master.csv </dev/null
	stderr_has "^cdrs: cdr/Master\\.csv:1(:1)?: unknown accountcode 'acct-20'"
}

@test "a row of accounts.csv for the empty accountcode bills the records without one" {
	base
	echo ',C1,' >>accounts.csv
	mkdir cdr
	rec '' 0612345678 SIP/100-00000001 '2026-11-10 09:00:00' 60 ANSWERED 1.1 >cdr/Master.csv
	run -0 adapted cdr/Master.csv
	run -0 pick out.csv customer_id dst rule
	assert_output 'C1|0612345678|'
}

@test "accounts.csv strip removes the outside-line digit from dst before normalisation" {
	base
	mkdir cdr
	{
		rec acct-10 00612345678 SIP/100-00000001 '2026-11-10 09:00:00' 60 ANSWERED 1.1
		rec acct-10 000442071234567 SIP/100-00000002 '2026-11-10 09:00:00' 60 ANSWERED 1.2
		rec acct-10 200 SIP/100-00000003 '2026-11-10 09:00:00' 60 ANSWERED 1.3
		rec acct-20 00612345678 SIP/200-00000004 '2026-11-10 09:00:00' 60 ANSWERED 1.4
	} >cdr/Master.csv
	run -0 adapted cdr/Master.csv
	run -0 pick out.csv customer_id dst rule
	assert_output - <<-'EOF'
	C1|0612345678|
	C1|00442071234567|
	C1|200|internal
	C2|00612345678|
	EOF
}

@test "an accounts.csv row of an unknown customer is named with file, line and column" {
	base
	echo 'acct-30,C9,' >>accounts.csv
	generic </dev/null
	run -1 --separate-stderr adapt cdrs.csv
	stderr_has "^cdrs: accounts\\.csv:5:2: unknown customer 'C9'"
}

# --- Asterisk time zone ----------------------------------------------------

@test "Asterisk times are UTC by default and Amsterdam time with asterisk_timezone" {
	base
	mkdir cdr
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-30 23:30:00' 60 ANSWERED 1.1
		rec acct-20 0612345678 SIP/200-00000002 '2026-07-01 12:00:00' 60 ANSWERED 1.2
	} >cdr/Master.csv
	run -0 adapted cdr/Master.csv
	run -0 pick out.csv start
	assert_output - <<-'EOF'
	2026-12-01T00:30:00+01:00
	2026-07-01T14:00:00+02:00
	EOF
	run -0 adapted -p 2026-12 cdr/Master.csv
	run -0 pick out.csv start
	assert_output '2026-07-01T14:00:00+02:00'

	echo 'asterisk_timezone = UTC' >>terms.conf
	run -0 adapted -p 2026-12 cdr/Master.csv
	run -0 pick out.csv start
	assert_output '2026-07-01T14:00:00+02:00'

	sed -i 's|^asterisk_timezone = .*|asterisk_timezone = Europe/Amsterdam|' terms.conf
	run -0 adapted -p 2026-12 cdr/Master.csv
	run -0 pick out.csv start
	assert_output - <<-'EOF'
	2026-11-30T23:30:00+01:00
	2026-07-01T12:00:00+02:00
	EOF
}

# --- through bill-run --------------------------------------------------------

# runin DIR: an input folder with base's files, a contract billed through
# 2027 (so only usage is new) and tariffs for the Netherlands
runin() {
	mkdir -p "$1"
	(cd "$1" && base)
	cat >"$1/contracts.csv" <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date,billed_through
	K1,C1,VoIP basis,10.00,2026-10-01,2027-06-30
	K2,C2,VoIP basis,10.00,2026-10-01,2027-06-30
	EOF
	cat >"$1/tariffs.csv" <<-'EOF'
	prefix,destination,rate
	31,Nederland vast,0.02000
	316,Nederland mobiel,0.03500
	44,Verenigd Koninkrijk,0.12340
	EOF
}

@test "a per-account copy beside Master.csv adds no CDR twice through bill-run" {
	runin in
	mkdir in/cdr
	cp "$REF/BugaDM-TelephonySwitching-Master.csv" in/cdr/Master.csv
	cp "$REF/BugaDM-TelephonySwitching-100.csv" in/cdr/100.csv
	mkdir -p state
	run -0 bill-run -p 2026-12 -i in -o out -s state </dev/null
	run -0 pick out/usage.csv cdr_id
	assert_equal "${#lines[@]}" 105
	assert_equal "$(sort -u <<<"$output" | wc -l)" 105
	# the copy's first record is the Master's, by uniqueid and hash
	grep -qn '"1428419760.34"' in/cdr/Master.csv
	assert_equal "$(fnv in/cdr/100.csv 1)" \
	    "$(fnv in/cdr/Master.csv "$(grep -n '"1428419760.34"' in/cdr/Master.csv | cut -d: -f1)")"
	assert_line "1428419760.34-$(fnv in/cdr/100.csv 1)"
	run -0 pick out/usage.csv amount
	refute_output --regexp '[1-9]'
}

@test "a cdrs.csv-style file in cdr/ is billed like cdrs.csv through bill-run" {
	runin in
	mkdir in/cdr
	cat >in/cdr/extra.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	x1,C1,2026-11-03T10:00:00,0612345678,61
	EOF
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	y1,C2,2026-11-03T10:00:00,0201234567,59
	EOF
	rec acct-10 00044207123456 SIP/100-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1 >in/cdr/Master.csv
	mkdir -p state
	run -0 bill-run -p 2026-12 -i in -o out -s state </dev/null
	run -0 pick out/usage.csv cdr_id customer_id dst destination amount
	assert_line 'x1|C1|0612345678|Nederland mobiel|0.07'
	assert_line 'y1|C2|0201234567|Nederland vast|0.02'
	assert_line "1.1-$(fnv in/cdr/Master.csv 1)|C1|0044207123456|Verenigd Koninkrijk|0.1234"
	assert_equal "${#lines[@]}" 3
}

@test "bill-run refuses an unknown accountcode, naming the file and line, and writes nothing" {
	local before

	runin in
	mkdir -p state
	run -0 bill-run -p 2026-11 -i in -o runs/nov -s state </dev/null
	before=$(snapshot state)
	mkdir in/cdr
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 60 ANSWERED 1.1
		rec acct-99 0612345678 SIP/990-00000002 '2026-11-10 09:00:00' 60 ANSWERED 1.2
	} >in/cdr/Master.csv
	run -1 --separate-stderr bill-run -p 2026-12 -i in -o runs/dec -s state </dev/null
	assert_output ''
	stderr_has "^cdrs: cdr/Master\\.csv:2(:1)?: unknown accountcode 'acct-99'"
	[ ! -e runs/dec ]
	assert_equal "$(ls -A runs)" nov
	assert_equal "$(snapshot state)" "$before"
}

@test "bill-run refuses a bad billsec in cdrs.csv, naming file, line and column, and writes nothing" {
	local before

	runin in
	mkdir -p state
	run -0 bill-run -p 2026-11 -i in -o runs/nov -s state </dev/null
	before=$(snapshot state)
	cat >in/cdrs.csv <<-'EOF'
	cdr_id,customer_id,start,dst,billsec
	c1,C1,2026-11-03T10:00:00,0612345678,61
	c2,C1,2026-11-03T10:00:00,0612345678,-3
	EOF
	run -1 --separate-stderr bill-run -p 2026-12 -i in -o runs/dec -s state </dev/null
	assert_output ''
	stderr_has "^cdrs: cdrs\\.csv:3:5: bad billsec '-3'"
	[ ! -e runs/dec ]
	assert_equal "$(snapshot state)" "$before"
}

# --- the program itself ------------------------------------------------------

@test "cdrs --help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr cdrs --help </dev/null
	assert_output --regexp '^usage: cdrs -c terms\.conf -C customers\.csv'
	assert_equal "$stderr" ''
}

@test "cdrs with a bad option prints the usage on stderr and exits 2" {
	base
	run -2 --separate-stderr cdrs -x -c terms.conf -C customers.csv </dev/null
	assert_output ''
	stderr_has '^usage: cdrs '
}

@test "cdrs without customers.csv is a usage error" {
	base
	run -2 --separate-stderr cdrs -c terms.conf </dev/null
	assert_output ''
	stderr_has '^usage: cdrs '
}

@test "cdrs with a bad period is an error" {
	base
	run -2 --separate-stderr adapt -p 2026-13
	assert_output ''
	stderr_has "^cdrs: bad period '2026-13'"
}

@test "cdrs into a full stdout is a write error and exits 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	base
	generic <<-'EOF'
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	EOF
	run -1 --separate-stderr bash -c 'cdrs -c terms.conf -C customers.csv cdrs.csv </dev/null >/dev/full'
	assert_output ''
	stderr_has '^cdrs: .*write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	base
	generic <<-'EOF'
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,0.05
	c2,C1,2026-06-30T22:30:00Z,0301234567,0612345678,sms,,3,
	EOF
	mkdir cdr
	cp "$REF/mineevburyat-dj-asterisk-cdr-Master.csv" cdr/Master.csv
	run -0 adapted cdrs.csv cdr/Master.csv
	mv out.csv c.csv
	run -0 env LC_ALL=nl_NL.UTF-8 cdrs -c terms.conf -C customers.csv -a accounts.csv cdrs.csv cdr/Master.csv </dev/null
	assert_output "$(cat c.csv)"
	assert_line --partial 'c1,C1,2026-11-03T10:00:00+01:00,voice,0612345678,61,,0.05,'
}
