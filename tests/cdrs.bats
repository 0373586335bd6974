#!/usr/bin/env bats
# cdrs: the CDR adapter (formats.md "cdrs.csv" and "Asterisk CDRs"): a
# cdrs.csv (a header naming cdr_id) or Asterisk cdr_csv Master.csv records
# (no header; 16, 18 or 21 fields) into one stream of normalised CDRs, with
# the customer through accounts.csv, the start in Amsterdam time and the
# rule of a record that costs nothing.  Checked on the filter alone, on the
# real files of the shared folder's ref/cdr, and through bin/bill-run.

load helpers

REF=$SHARED/ref/cdr

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

# --- cdrs.csv: bytes, ids and long fields ----------------------------------

# bad_bytes ROW WHERE WHAT: like bad, with line 3 written by printf's %b
# (for bytes a here-document cannot hold: a NUL, a BOM); the bad row is not
# passed on
bad_bytes() {
	base
	generic <<-'EOF'
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	EOF
	printf '%b\n' "$1" >>cdrs.csv
	run -1 --separate-stderr adapt cdrs.csv
	stderr_has "^cdrs: cdrs\\.csv:$2: $3"
	refute_output --regexp '^c2,'
}

# has_nul FILE: FILE holds a NUL byte
has_nul() {
	[ "$(tr -d '\0' <"$1" | wc -c)" -lt "$(wc -c <"$1")" ] ||
		fail "$1 holds no NUL byte"
}

@test "a NUL byte in a billsec is refused with file, line and column: '6' NUL is not read as 6" {
	bad_bytes 'c2,C1,2026-11-03T10:00:00,0301234567,0612345678,,6\x00,,' 3:7 'NUL byte in field: expected text without NUL bytes'
	has_nul cdrs.csv
}

@test "a NUL byte inside a billsec is refused: '6' NUL '0' is not read as 6 nor as 60" {
	bad_bytes 'c2,C1,2026-11-03T10:00:00,0301234567,0612345678,,6\x000,,' 3:7 'NUL byte in field'
	has_nul cdrs.csv
	grep -q ',60,,$' <(tr -d '\0' <cdrs.csv)
}

@test "a NUL byte in a quoted dst is refused with file, line and column" {
	bad_bytes 'c2,C1,2026-11-03T10:00:00,0301234567,"06123\x0045678",,60,,' 3:5 'NUL byte in field: expected text without NUL bytes'
	has_nul cdrs.csv
}

@test "a BOM at the start of line 3 is refused, not made part of the cdr_id" {
	bad_bytes '\xef\xbb\xbfc2,C1,2026-11-03T10:00:00,0301234567,0612345678,,60,,' 3:1 'byte order mark \(U\+FEFF\) in field: expected one only at the start of the file'
}

@test "a cdr_id with a space at an end, a slash, a control, a BOM or an invisible character is refused" {
	local id what

	base
	while IFS='|' read -r id what; do
		generic <<-'EOF'
		c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
		EOF
		printf '%b,C1,2026-11-03T10:00:00,0301234567,0612345678,,60,,\n' "$id" >>cdrs.csv
		run -1 --separate-stderr adapt cdrs.csv
		stderr_has "^cdrs: cdrs\\.csv:3:1: ($what)"
		refute_output --partial 'cdrs.csv:3:'
	done <<-'EOF'
	 c2|bad cdr_id ' c2': a leading space
	c2 |bad cdr_id 'c2 ': a trailing space
	\xc2\xa0c2|bad cdr_id .*: a leading space
	c2\xc2\xa0|bad cdr_id .*: a trailing space
	c/2|bad cdr_id 'c/2': a '/'
	c\\2|bad cdr_id 'c\\2': a '/' or '\\'
	c\t2|bad cdr_id .*: a control or invisible character
	c\x7f2|bad cdr_id .*: a control or invisible character
	c\xc2\x852|bad cdr_id .*: a control or invisible character
	c\xe2\x80\x8b2|bad cdr_id .*: a control or invisible character
	c\xe2\x80\xae2|bad cdr_id .*: a control or invisible character
	c\xe2\x81\xa02|bad cdr_id .*: a control or invisible character
	c\xef\xbb\xbf2|byte order mark|bad cdr_id .*invisible
	EOF
}

@test "a cdr_id of 64 bytes is accepted and one of 65 bytes refused" {
	local id64

	base
	printf -v id64 '%064d' 7
	generic <<-EOF
	$id64,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	EOF
	run -0 --separate-stderr adapted cdrs.csv
	assert_equal "$stderr" ''
	run -0 pick out.csv cdr_id
	assert_output "$id64"
	generic <<-EOF
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	${id64}8,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	EOF
	run -1 --separate-stderr adapt cdrs.csv
	assert_equal "$stderr" "cdrs: cdrs.csv:3:1: bad cdr_id '${id64}8': 65 bytes: expected an id of at most 64"
}

@test "a customer_id with a space at an end, a slash, a control, a BOM or a zero-width space is refused" {
	local id what

	base
	while IFS='|' read -r id what; do
		generic <<-'EOF'
		c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
		EOF
		printf 'c2,%b,2026-11-03T10:00:00,0301234567,0612345678,,60,,\n' "$id" >>cdrs.csv
		run -1 --separate-stderr adapt cdrs.csv
		stderr_has "^cdrs: cdrs\\.csv:3:2: ($what)"
	done <<-'EOF'
	 C1|bad customer_id ' C1': a leading space
	C1 |bad customer_id 'C1 ': a trailing space
	C/1|bad customer_id 'C/1': a '/'
	C\x011|bad customer_id .*: a control or invisible character
	C1\xe2\x80\x8b|bad customer_id .*: a control or invisible character
	\xef\xbb\xbfC1|byte order mark|bad customer_id .*invisible
	EOF
}

@test "a customer_id of 64 bytes is accepted and one of 65 bytes refused" {
	local id64

	base
	printf -v id64 '%064d' 3
	echo "$id64,Lang BV,Kerkstraat 9,1011 AA,Amsterdam,NL44RABO0123456789,M-C3,2026-10-01" >>customers.csv
	generic <<-EOF
	c1,$id64,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	EOF
	run -0 --separate-stderr adapted cdrs.csv
	assert_equal "$stderr" ''
	run -0 pick out.csv cdr_id customer_id
	assert_output "c1|$id64"
	generic <<-EOF
	c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	c2,${id64}3,2026-11-03T10:00:00,0301234567,0612345678,,61,,
	EOF
	run -1 --separate-stderr adapt cdrs.csv
	assert_equal "$stderr" "cdrs: cdrs.csv:3:2: bad customer_id '${id64}3': 65 bytes: expected an id of at most 64"
}

@test "a bad field of 100 kB is quoted clipped, with its length, in a short message" {
	local big col name f

	base
	big=$(head -c 100000 /dev/zero | tr '\0' 9)
	while IFS='|' read -r col name; do
		f=(c2 C1 2026-11-03T10:00:00 0301234567 0612345678 '' 61 '' '')
		f[col - 1]=$big
		[ "$name" != dst ] || f[col - 1]=0$big
		generic <<-'EOF'
		c1,C1,2026-11-03T10:00:00,0301234567,0612345678,,61,,
		EOF
		(IFS=,; echo "${f[*]}") >>cdrs.csv
		[ "$(wc -c <cdrs.csv)" -gt 100000 ]
		run -1 --separate-stderr adapt cdrs.csv
		stderr_has "^cdrs: cdrs\\.csv:3:$col: bad $name '0?9{10,}"
		stderr_has "\\[10000[01] bytes\\]"
		[ "${#stderr}" -lt 300 ] || fail "a message of ${#stderr} bytes for a 100 kB $name"
	done <<-'EOF'
	1|cdr_id
	2|customer_id
	3|start
	5|dst
	6|service
	7|billsec
	8|units
	9|route_cost
	EOF
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

@test "a NUL byte in an Asterisk dst, disposition or userfield is refused with file, line and column" {
	local expr col

	base
	mkdir cdr
	rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1 >good.csv
	run -0 adapted good.csv
	while IFS='|' read -r expr col; do
		{
			cat good.csv
			rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 09:00:00' 30 ANSWERED 1.2 |
				sed "$expr"
		} >cdr/Master.csv
		has_nul cdr/Master.csv
		run -1 --separate-stderr adapt cdr/Master.csv
		assert_equal "$stderr" "cdrs: cdr/Master.csv:2:$col: NUL byte in field: expected text without NUL bytes"
	done <<-'EOF'
	s/"0612345678"/"06123\x0045678"/|3
	s/"ANSWERED"/"ANSWERED\x00x"/|15
	s/"ANSWERED"/"ANSWERED\x00"/|15
	s/,30,30,/,30,3\x000,/|14
	s/,""$/,"note\x00x"/|18
	s/Receptie/Rec\x00eptie/|5
	EOF
}

@test "a bad answer, end, duration, billsec or disposition in a Master.csv is named with its column" {
	local expr col what

	base
	mkdir cdr
	while IFS='|' read -r expr col what; do
		{
			rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1
			rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 09:00:00' 30 ANSWERED 1.2 |
				sed "$expr"
		} >cdr/Master.csv
		[ "$(sed -n 2p cdr/Master.csv)" != "$(rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 09:00:00' 30 ANSWERED 1.2)" ] ||
			fail "$expr changes nothing"
		run -1 --separate-stderr adapt cdr/Master.csv
		assert_equal "${#stderr_lines[@]}" 1
		stderr_has "^cdrs: cdr/Master\\.csv:2:$col: $what"
	done <<-'EOF'
	s/"2026-11-10 09:00:00","2026-11-10 09:00:00",30,30/"2026-11-10 25:00:00","2026-11-10 09:00:00",30,30/|11|bad answer '2026-11-10 25:00:00': expected
	s/"2026-11-10 09:00:00","2026-11-10 09:00:00",30,30/"soon","2026-11-10 09:00:00",30,30/|11|bad answer 'soon': expected
	s/"2026-11-10 09:00:00",30,30/"yesterday",30,30/|12|bad end 'yesterday': expected
	s/"2026-11-10 09:00:00",30,30/,30,30/|12|bad end '': expected
	s/,30,30,/,3x,30,/|13|bad duration '3x': expected a whole number
	s/,30,30,/,-30,30,/|13|bad duration '-30': expected a whole number
	s/,30,30,/,,30,/|13|missing duration: expected a whole number
	s/,30,30,/,30,1.5,/|14|bad billsec '1\.5': expected a whole number
	s/,30,30,/,30,,/|14|missing billsec: expected a whole number
	s/,30,30,/,20,30,/|14|bad billsec '30': more than the duration 20: expected billsec <= duration
	s/"ANSWERED"/"answered"/|15|bad disposition 'answered': expected ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION
	s/"ANSWERED"/"ANSWERED "/|15|bad disposition 'ANSWERED ': expected
	s/"ANSWERED"/"NOANSWER"/|15|bad disposition 'NOANSWER': expected
	s/"ANSWERED"/""/|15|bad disposition '': expected
	EOF
}

@test "a billsec equal to the duration is accepted, and an unanswered call with an empty answer" {
	base
	mkdir cdr
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1
		rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 09:00:00' 0 'NO ANSWER' 1.2
		rec acct-20 0612345678 SIP/200-00000003 '2026-11-10 09:00:00' 0 BUSY 1.3 |
			sed 's/,,"2026-11-10 09:00:00",0,0,/,"","2026-11-10 09:00:00",0,0,/'
		rec acct-20 0612345678 SIP/200-00000004 '2026-11-10 09:00:00' 0 FAILED 1.4 |
			sed 's/,,"2026-11-10 09:00:00",0,0,/,,"2026-11-10 09:00:20",20,0,/'
		rec acct-20 0612345678 SIP/200-00000005 '2026-11-10 09:00:00' 0 CONGESTION 1.5
	} >cdr/Master.csv
	grep -q ',"","2026-11-10 09:00:00",0,0,"BUSY"' cdr/Master.csv
	grep -q ',,"2026-11-10 09:00:20",20,0,"FAILED"' cdr/Master.csv
	run -0 --separate-stderr adapted cdr/Master.csv
	assert_equal "$stderr" ''
	run -0 pick out.csv customer_id billsec rule
	assert_output - <<-'EOF'
	C2|30|
	C2|0|unanswered
	C2|0|unanswered
	C2|0|unanswered
	C2|0|unanswered
	EOF
}

@test "two calls whose 600-byte uniqueids differ only at the end stay two CDRs, each cdr_id with the whole uniqueid" {
	local u

	base
	mkdir cdr
	printf -v u '%0599d' 1762765200
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED "${u}1"
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED "${u}2"
	} >cdr/Master.csv
	run -0 --separate-stderr adapted cdr/Master.csv
	assert_equal "$stderr" ''
	run -0 pick out.csv cdr_id
	assert_output - <<-EOF
	${u}1-$(fnv cdr/Master.csv 1)
	${u}2-$(fnv cdr/Master.csv 2)
	EOF
	assert_equal "${#lines[0]}" 617
	assert_equal "${#lines[1]}" 617
}

@test "a bad Asterisk field of 100 kB is quoted clipped, with its length, in a short message" {
	local big expr col name

	base
	mkdir cdr
	big=$(head -c 100000 /dev/zero | tr '\0' 9)
	while IFS='|' read -r expr col name; do
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1 |
			sed "$expr" >cdr/Master.csv
		[ "$(wc -c <cdr/Master.csv)" -gt 100000 ]
		run -1 --separate-stderr adapt cdr/Master.csv
		stderr_has "^cdrs: cdr/Master\\.csv:1:$col: (bad|unknown) $name '9{10,}"
		stderr_has "\\[10000[01] bytes\\]"
		[ "${#stderr}" -lt 300 ] || fail "a message of ${#stderr} bytes for a 100 kB $name"
	done <<-EOF
	s/"ANSWERED"/"$big"/|15|disposition
	s/,30,30,/,$big,30,/|13|duration
	s/,30,30,/,30,$big,/|14|billsec
	s/,"2026-11-10 09:00:00",30,30,/,"$big",30,30,/|12|end
	s/^"acct-20"/"$big"/|1|accountcode
	s/"1\\.1"/"$big\\/"/|17|uniqueid
	EOF
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

@test "two calls with 600-byte uniqueids that differ only at the end are billed as two through bill-run" {
	local u

	runin in
	mkdir in/cdr
	printf -v u '%0599d' 1762765200
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED "${u}1"
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED "${u}2"
	} >in/cdr/Master.csv
	mkdir -p state
	run -0 --separate-stderr bill-run -p 2026-12 -i in -o out -s state </dev/null
	assert_equal "$stderr" ''
	run -0 pick out/usage.csv cdr_id amount
	assert_output - <<-EOF
	${u}1-$(fnv in/cdr/Master.csv 1)|0.035
	${u}2-$(fnv in/cdr/Master.csv 2)|0.035
	EOF
	run -0 pick out/lines.csv ref quantity net
	assert_output 'Nederland mobiel|2|0.07'
}

# either NAME BAD GOOD: BAD when NAME is in $keep, else GOOD
either() {
	case " $keep " in
	*" $1 "*) echo "$2" ;;
	*) echo "$3" ;;
	esac
}

# delivery DIR [NAME...]: DIR/cdrs.csv and DIR/cdr/Master.csv with bad CDR
# rows of several kinds between good ones: b1 a bad billsec, b2 an unknown
# customer, b3 an impossible start, n1 a destination without a tariff, m2
# a bad disposition (line 2 of Master.csv).  The bad rows not NAMEd (all
# when none is) are replaced by good calls, so that every line stays put.
delivery() {
	local keep="${*:2}"

	[ $# -gt 1 ] || keep='b1 b2 b3 n1 m2'
	{
		echo 'cdr_id,customer_id,start,dst,billsec'
		echo 'g1,C1,2026-11-03T10:00:00,0201234567,60'
		either b1 'b1,C1,2026-11-03T10:00:00,0201234567,-3' 'f1,C1,2026-11-03T11:00:00,0201234567,60'
		either b2 'b2,C9,2026-11-03T10:00:00,0201234567,60' 'f2,C1,2026-11-03T12:00:00,0201234567,60'
		either b3 'b3,C1,2026-11-31T10:00:00,0201234567,60' 'f3,C1,2026-11-03T13:00:00,0201234567,60'
		either n1 'n1,C2,2026-11-03T10:00:00,0049301234567,60' 'f4,C2,2026-11-03T14:00:00,0201234567,60'
		echo 'g2,C2,2026-11-04T10:00:00,0612345678,60'
	} >"$1/cdrs.csv"
	mkdir -p "$1/cdr"
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1
		either m2 "$(rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 10:00:00' 30 ANSWERED 1.2 |
			sed 's/"ANSWERED"/"ANSWER"/')" \
		    "$(rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 10:00:00' 30 ANSWERED 1.2)"
	} >"$1/cdr/Master.csv"
}

@test "with --keep-going bad CDR rows go to rejects.csv as they stood, the rest is billed, report.txt counts them" {
	local file line rec

	runin in
	delivery in
	mkdir -p state
	run -0 --separate-stderr bill-run -p 2026-12 -i in -o out -s state --keep-going </dev/null
	assert_equal "$stderr" ''
	assert_output --regexp '^bill-run: 2026-12: .*, 5 bad CDR rows set aside \('
	run -0 pick out/rejects.csv file line column message
	assert_output - <<-'EOF'
	cdrs.csv|3|5|bad billsec '-3': expected a whole number >= 0
	cdrs.csv|4|2|unknown customer 'C9': expected a customer_id of customers.csv
	cdrs.csv|5|3|bad start '2026-11-31T10:00:00': expected YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS, with an optional offset
	cdr/Master.csv|2|15|bad disposition 'ANSWER': expected ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION
	cdrs.csv|6|4|no tariff for voice to '0049301234567' (49301234567) on 2026-11-03: expected a prefix of it in tariffs.csv
	EOF
	# the record as it stood in its file, byte for byte
	while IFS='|' read -r file line rec; do
		assert_equal "$rec" "$(sed -n "${line}p" "in/$file")"
	done < <(pick out/rejects.csv file line record)
	run -0 head -1 out/rejects.csv </dev/null
	assert_output 'file,line,column,message,record'
	run -0 grep -x 'rejected *5 bad CDR rows set aside in rejects\.csv (not billed)' out/report.txt </dev/null
	run -0 pick out/usage.csv cdr_id customer_id amount
	assert_output - <<-EOF
	g1|C1|0.02
	g2|C2|0.035
	1.1-$(fnv in/cdr/Master.csv 1)|C2|0.035
	EOF
	run -0 pick out/lines.csv customer_id ref quantity net
	assert_output - <<-'EOF'
	C1|Nederland vast|1|0.02
	C2|Nederland mobiel|2|0.07
	EOF
}

@test "with --keep-going each row set aside has the message the run without it gives" {
	local row file line column message name

	runin in
	delivery in
	mkdir -p state alone-state
	run -0 bill-run -p 2026-12 -i in -o out -s state --keep-going </dev/null
	run -0 pick out/rejects.csv file line column message
	assert_equal "${#lines[@]}" 5
	for row in "${lines[@]}"; do
		IFS='|' read -r file line column message <<<"$row"
		case $file:$line in
		cdrs.csv:3) name=b1 ;;
		cdrs.csv:4) name=b2 ;;
		cdrs.csv:5) name=b3 ;;
		cdrs.csv:6) name=n1 ;;
		cdr/Master.csv:2) name=m2 ;;
		*) fail "an unexpected reject: $row" ;;
		esac
		rm -rf alone
		runin alone
		delivery alone "$name"
		run -1 --separate-stderr bill-run -p 2026-12 -i alone -o out-alone -s alone-state </dev/null
		assert_output ''
		assert_equal "${#stderr_lines[@]}" 1
		assert_equal "${stderr#*: }" "$file:$line:$column: $message"
		[ ! -e out-alone ]
	done
	run -0 ls -A alone-state </dev/null
	assert_output 'lock'
}

@test "without --keep-going a bad CDR row fails the run with the first failing program's message only" {
	local prog row

	runin in
	mkdir -p state
	while IFS='|' read -r prog row; do
		{
			echo 'cdr_id,customer_id,start,dst,billsec'
			echo 'g1,C1,2026-11-03T10:00:00,0201234567,60'
			printf '%b\n' "$row"
			echo 'g2,C2,2026-11-04T10:00:00,0612345678,60'
		} >in/cdrs.csv
		run -1 --separate-stderr bill-run -p 2026-12 -i in -o out -s state </dev/null
		assert_output ''
		assert_equal "${#stderr_lines[@]}" 1
		stderr_has "^$prog: cdrs\\.csv:[23]:[0-9]+: "
		[ ! -e out ]
	done <<-'EOF'
	cdrs|b1,C1,2026-11-03T10:00:00,0201234567,-3
	cdrs|b3,C1,2026-11-03T10:00:00,0201234567,6\x00
	once|g1,C1,2026-11-03T10:00:00,0201234567,61
	rate|n1,C2,2026-11-03T10:00:00,0049301234567,60
	EOF
	run -0 ls -A state </dev/null
	assert_output 'lock'
}

@test "with --keep-going a row with a NUL byte is set aside and the rest is billed" {
	runin in
	{
		echo 'cdr_id,customer_id,start,dst,billsec'
		echo 'g1,C1,2026-11-03T10:00:00,0201234567,60'
		printf 'b1,C1,2026-11-03T10:00:00,0201234567,6\0\n'
		echo 'g2,C2,2026-11-04T10:00:00,0612345678,60'
	} >in/cdrs.csv
	has_nul in/cdrs.csv
	mkdir -p state
	run -0 --separate-stderr bill-run -p 2026-12 -i in -o out -s state --keep-going </dev/null
	assert_equal "$stderr" ''
	# rejects.csv stays text: the NUL is written as \x00, and the
	# message says so
	run -0 pick out/rejects.csv file line column message record
	assert_output 'cdrs.csv|3|5|NUL byte in field: expected text without NUL bytes (the record'"'"'s bytes that are not text are written as \xHH, a backslash as \\)|b1,C1,2026-11-03T10:00:00,0201234567,6\x00'
	run -0 pick out/usage.csv cdr_id amount
	assert_output - <<-'EOF'
	g1|0.02
	g2|0.035
	EOF
}

@test "with --keep-going an Asterisk row with other bytes than UTF-8 in clid is set aside, those bytes as \\xHH" {
	runin in
	mkdir in/cdr
	{
		rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1
		rec acct-20 0612345678 SIP/200-00000002 '2026-11-10 10:00:00' 30 ANSWERED 1.2 |
			sed 's/Receptie/Recep\xa5tie/; s/,30,30,/,20,30,/'
	} >in/cdr/Master.csv
	grep -q $'\xa5' in/cdr/Master.csv
	mkdir -p state
	run -0 --separate-stderr bill-run -p 2026-12 -i in -o out -s state --keep-going </dev/null
	assert_equal "$stderr" ''
	run -0 pick out/rejects.csv file line column message record
	assert_output "cdr/Master.csv|2|14|bad billsec '30': more than the duration 20: expected billsec <= duration (the record's bytes that are not text are written as \\xHH, a backslash as \\\\)|$(sed -n 2p in/cdr/Master.csv | sed 's/\xa5/\\xA5/')"
	run -0 pick out/usage.csv cdr_id
	assert_output "1.1-$(fnv in/cdr/Master.csv 1)"
}

@test "with --keep-going a Master.csv of 17 fields still fails the run, and writes nothing" {
	local before

	runin in
	mkdir -p state
	run -0 bill-run -p 2026-11 -i in -o runs/nov -s state </dev/null
	before=$(snapshot state)
	mkdir in/cdr
	rec acct-20 0612345678 SIP/200-00000001 '2026-11-10 09:00:00' 30 ANSWERED 1.1 |
		sed 's/,""$//' >in/cdr/Master.csv
	run -1 --separate-stderr bill-run -p 2026-12 -i in -o runs/dec -s state --keep-going </dev/null
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	stderr_has '^cdrs: cdr/Master\.csv:1(:[0-9]+)?: 17 fields'
	[ ! -e runs/dec ]
	assert_equal "$(snapshot state)" "$before"
}

@test "with --keep-going a bad row of customers.csv still fails the run, and writes nothing" {
	local before

	runin in
	mkdir -p state
	run -0 bill-run -p 2026-11 -i in -o runs/nov -s state </dev/null
	before=$(snapshot state)
	delivery in
	echo 'C3 ,Charlie BV,Laan 3,1011 AA,Amsterdam,NL44RABO0123456789,M-C3,2026-10-01' >>in/customers.csv
	run -1 --separate-stderr bill-run -p 2026-12 -i in -o runs/dec -s state --keep-going </dev/null
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	stderr_has "^[a-z-]+: customers\\.csv:4:1: bad customer_id 'C3 '"
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
