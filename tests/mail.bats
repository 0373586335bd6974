#!/usr/bin/env bats
# Mail (issue 17): send-run and mail against a real SMTP server on
# 127.0.0.1 (tests/smtpd.py, Debian's python3-aiosmtpd), STARTTLS with a
# throwaway self-signed certificate and a login; the send log makes every
# message go once, however often the step is rerun or killed.

load helpers

# base/: the November run of the VOIPZeker sample and its dunning run of
# 16 November (a reminder), on one state; each test works on a copy
setup_file() {
	export LC_ALL=C
	cd "$BATS_FILE_TMPDIR" || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		>/dev/null 2>&1 || return 1
	mkdir -p base/state
	cp -r "$ROOT/samples/voipzeker" base/in
	"$BIN/bill-run" -p 2026-11 -i base/in -o base/2026-11 -s base/state >/dev/null || return 1
	"$BIN/dunning-run" -d 2026-11-16 -i base/in -o base/dunning/2026-11-16 \
		-s base/state >/dev/null || return 1
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	cp -r "$BATS_FILE_TMPDIR/base" b
	export SMTP_USER=billing SMTP_PASSWORD=s3cret-Pw SEND_RETRY_WAIT=0
}

teardown() {
	[ -z "${SMTPD_PID-}" ] || kill "$SMTPD_PID" 2>/dev/null || true
}

# smtpd [ARG...]: the server in srv/ (default: STARTTLS and the login),
# mail.conf pointed at it
smtpd() {
	local i
	/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null ||
		skip "python3-aiosmtpd is not installed (sh tools/deps installs it)"
	mkdir -p srv
	[ $# -gt 0 ] || set -- --tls "$BATS_FILE_TMPDIR/cert.pem" "$BATS_FILE_TMPDIR/key.pem" \
		--auth "$SMTP_USER:$SMTP_PASSWORD"
	/usr/bin/python3 "$ROOT/tests/smtpd.py" srv "$@" >srv/log 2>&1 &
	SMTPD_PID=$!
	for i in $(seq 100); do
		[ -f srv/port ] && break
		sleep 0.1
	done
	[ -f srv/port ] || fail "smtpd did not start: $(cat srv/log)"
	printf 'smtp_url = smtp://127.0.0.1:%s\nfrom = facturen@voipzeker.example\nca_file = %s\n' \
		"$(cat srv/port)" "$BATS_FILE_TMPDIR/cert.pem" >b/in/mail.conf
}

# send DAY [ARG...]: send-run of DAY on the copy
send() {
	local d=$1
	shift
	"$BIN/send-run" -d "$d" -i b/in -o "b/mail/$d" -s b/state "$@"
}

# msg N: message N the server accepted, parsed: "to|subject|body|name:sha..."
msg() {
	/usr/bin/python3 - "srv/$1.eml" <<-'PY'
	import email, email.policy, hashlib, sys
	m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
	parts = list(m.iter_parts())
	print("to", m["To"].addresses[0].addr_spec)
	print("subject", m["Subject"])
	print("id", m["Message-ID"])
	print("body", parts[0].get_content().splitlines()[2])
	for p in parts[1:]:
	    print("file", p.get_filename(), hashlib.sha256(p.get_content()).hexdigest())
	PY
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# ninvoices: the invoices of the November run mailed (all: every customer
# of the sample has an email)
ninvoices() { tail -n +2 b/2026-11/invoices.csv | wc -l; }

@test "send-run mails each invoice of the day over STARTTLS with a login: recipient, subject and body in the customer's language, the PDF and the e-invoice attached byte for byte" {
	smtpd
	run -0 --separate-stderr send 2026-11-01
	assert_equal "$stderr" ''
	assert_output --regexp "^send-run: 2026-11-01: $(ninvoices) sent, 0 sent before, 0 refused, 0 to retry"
	[ "$(ls srv/*.eml | wc -l)" = "$(ninvoices)" ]
	for f in srv/*.rcpt; do
		n=$(basename "$f" .rcpt)
		run -0 msg "$n"
		no=$(sed -n 's/^subject \(Factuur\|Invoice\) \([^ ]*\) .*/\2/p' <<<"$output")
		[ -n "$no" ] || fail "message $n: $output"
		cust=$(pick b/2026-11/invoices.csv invoice_no customer_id | sed -n "s/^$no|//p")
		email=$(pick b/in/customers.csv customer_id email | sed -n "s/^$cust|//p")
		lang=$(pick b/in/customers.csv customer_id language | sed -n "s/^$cust|//p")
		assert_equal "$(cat "$f")" "$email"
		assert_line "to $email"
		if [ "$lang" = en ]; then
			assert_line --regexp "^subject Invoice $no from VOIPZeker"
			assert_line --regexp "^body Please find attached invoice $no "
		else
			assert_line --regexp "^subject Factuur $no van VOIPZeker"
			assert_line --regexp "^body Bijgaand ontvangt u factuur $no "
		fi
		assert_line "id <$no@voipzeker.example>"
		assert_line "file $no.pdf $(sha "b/2026-11/pdf/$no.pdf")"
		if [ -f "b/2026-11/ubl/$no.xml" ]; then
			assert_line "file $no.xml $(sha "b/2026-11/ubl/$no.xml")"
		fi
		assert_equal "$(cat "srv/$n.auth")" billing
	done
	# the non-ASCII name of an English customer, encoded (RFC 2047)
	grep -l 'To: =?UTF-8?B?' srv/*.eml >/dev/null
}

@test "a rerun sends nothing again; the send log holds per message its document, recipient, time and the server's reply" {
	smtpd
	run -0 send 2026-11-01
	run -0 send 2026-11-01
	assert_output --regexp '^send-run: 2026-11-01: 0 sent, [0-9]+ sent before'
	[ "$(ls srv/*.eml | wc -l)" = "$(ninvoices)" ]
	run -0 awk -F, '$6 == "sent"' b/state/sent.csv
	assert_equal "${#lines[@]}" "$(ninvoices)"
	assert_line --regexp '^VZ-2026-000001,C1001,[^,]+@[^,]+,VZ-2026-000001@voipzeker.example,2026-11-01,sent,20[0-9-]+T[0-9:]+Z,250 2.0.0 OK queued as T[0-9]+$'
}

@test "a 451 twice, then the server takes it: sent on a retry within the run" {
	smtpd
	echo 2 >srv/tempfail
	run -0 send 2026-11-01
	[ "$(ls srv/*.eml | wc -l)" = "$(ninvoices)" ]
	[ "$(cat srv/tempfail)" = 0 ]
}

@test "a 451 that outlasts the retries: exit 75, everyone else delivered, the message deferred and sent by the next run" {
	smtpd
	echo 4 >srv/tempfail	# the first message's four tries
	run -75 --separate-stderr send 2026-11-01
	assert_output --regexp "^send-run: 2026-11-01: $(($(ninvoices) - 1)) sent, 0 sent before, 0 refused, 1 to retry"
	[[ $stderr == *"VZ-2026-000001: customer C1001: not sent after 4 tries: 451 4.3.0 try again later"* ]]
	grep -q ',deferred,.*451 4.3.0' b/state/sent.csv
	run -0 send 2026-11-01
	assert_output --regexp '^send-run: 2026-11-01: 1 sent, '
	[ "$(grep -l 'Message-ID: <VZ-2026-000001@' srv/*.eml | wc -l)" = 1 ]
}

@test "a 550 for one recipient: reported with its customer, exit 1, everyone else delivered" {
	smtpd
	pick b/in/customers.csv customer_id email | sed -n 's/^C1003|//p' >srv/reject
	run -1 --separate-stderr send 2026-11-01
	[[ $stderr == *": customer C1003: $(cat srv/reject) refused: 550 5.1.1"* ]] || fail "$stderr"
	assert_output --regexp "^send-run: 2026-11-01: $(($(ninvoices) - 1)) sent, 0 sent before, 1 refused"
	[ "$(ls srv/*.eml | wc -l)" = $(($(ninvoices) - 1)) ]
	grep -q ',C1003,.*,failed,.*550 5.1.1' b/state/sent.csv
	grep -q '^1 refused' <(sed -n '1s/.*, \([0-9]* refused\).*/\1/p' b/mail/2026-11-01/report.txt)
}

@test "killed while the server holds a message: credentials in no argv; the rerun sends that one message again under its Message-ID, and no other twice" {
	smtpd
	echo 3 >srv/hold
	send 2026-11-01 >out 2>err &
	pid=$!
	for i in $(seq 200); do [ -f srv/holding ] && break; sleep 0.1; done
	[ -f srv/holding ] || fail "the server held nothing: $(cat err)"
	# during a send: the password in no process's command line
	for p in $(pgrep -f 'send-run|mailout' || true); do
		! tr '\0' ' ' <"/proc/$p/cmdline" | grep -q s3cret-Pw ||
			fail "the password is in the command line of $p"
	done
	pgrep -x mailout >/dev/null || fail "no mailout process during the send"
	pkill -KILL -x mailout
	wait $pid || true
	# the server had stored the third message, its 250 not yet said: the
	# duplicate window, open
	touch srv/go
	for i in $(seq 100); do [ ! -f srv/go ] && break; sleep 0.1; done
	[ "$(ls srv/*.eml | wc -l)" = 3 ]
	run -0 tail -2 b/state/sent.csv
	assert_line --index 1 --regexp "^VZ-2026-000003,.*,sending,,$"
	rm srv/hold
	run -0 --separate-stderr send 2026-11-01
	[[ $stderr == *"VZ-2026-000003: cut off while it was being sent before: sent again as Message-ID <VZ-2026-000003@voipzeker.example>"* ]]
	# each message once, but the one of the window
	run -0 bash -c "grep -h '^Message-ID:' srv/*.eml | tr -d '\\r' | sort | uniq -d"
	assert_output 'Message-ID: <VZ-2026-000003@voipzeker.example>'
	[ "$(ls srv/*.eml | wc -l)" = $(($(ninvoices) + 1)) ]
}

@test "the connection ends after the message, before the server's answer: not retried in the run, its row left sending, sent again by the next run under its Message-ID" {
	smtpd
	echo 2 >srv/drop
	run -75 --separate-stderr send 2026-11-01
	[[ $stderr == *"VZ-2026-000002: customer C1002: the connection ended after the message, before the server's answer: it may have arrived; the next run sends it again as Message-ID <VZ-2026-000002@voipzeker.example>"* ]] || fail "$stderr"
	assert_output --regexp ": $(($(ninvoices) - 1)) sent, 0 sent before, 0 refused, 1 to retry"
	[ "$(grep -l 'Message-ID: <VZ-2026-000002@' srv/*.eml | wc -l)" = 1 ]
	rm srv/drop
	run -0 send 2026-11-02
	[ "$(grep -l 'Message-ID: <VZ-2026-000002@' srv/*.eml | wc -l)" = 2 ]
	[ "$(ls srv/*.eml | wc -l)" = $(($(ninvoices) + 1)) ]
}

@test "two send-runs at once on one state: the second exits 3 and sends nothing" {
	smtpd
	echo 1 >srv/hold
	send 2026-11-01 >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 200); do [ -f srv/holding ] && break; sleep 0.1; done
	[ -f srv/holding ]
	run -3 --separate-stderr "$BIN/send-run" -d 2026-11-01 -i b/in -o b/mail/other -s b/state
	assert_output ''
	[[ $stderr == *"is in use by another run: try again when it ends" ]]
	[ ! -e b/mail/other ]
	touch srv/go
	wait $pid
	[ "$(ls srv/*.eml | wc -l)" = "$(ninvoices)" ]
}

@test "STARTTLS is required: a server without it gets nothing, unless mail.conf says starttls = no" {
	smtpd --auth "$SMTP_USER:$SMTP_PASSWORD"
	run -1 --separate-stderr send 2026-11-01
	[[ $stderr == *"the server cannot be used as mail.conf says"* ]] || fail "$stderr"
	[ "$(ls srv/*.eml 2>/dev/null | wc -l)" = 0 ]
	echo 'starttls = no' >>b/in/mail.conf
	unset SMTP_USER SMTP_PASSWORD
	kill "$SMTPD_PID"
	rm -rf srv
	smtpd
	kill "$SMTPD_PID"
	rm -rf srv
	mkdir srv
	/usr/bin/python3 "$ROOT/tests/smtpd.py" srv >srv/log 2>&1 &
	SMTPD_PID=$!
	for i in $(seq 100); do [ -f srv/port ] && break; sleep 0.1; done
	printf 'smtp_url = smtp://127.0.0.1:%s\nfrom = facturen@voipzeker.example\nstarttls = no\n' "$(cat srv/port)" >b/in/mail.conf
	run -0 send 2026-11-01
	[ "$(ls srv/*.eml | wc -l)" = "$(ninvoices)" ]
}

@test "a dry run writes each message as an .eml, the same bytes again on a rerun, and sends and logs nothing" {
	printf 'smtp_url = smtp://127.0.0.1:9\nfrom = facturen@voipzeker.example\n' >b/in/mail.conf
	run -0 send 2026-11-01 -n
	assert_output --regexp "^send-run: 2026-11-01: $(ninvoices) written"
	[ "$(ls b/mail/2026-11-01/eml/*.eml | wc -l)" = "$(ninvoices)" ]
	[ ! -e b/state/sent.csv ]
	cp -r b/mail/2026-11-01 first
	run -0 send 2026-11-01 -n
	run -0 diff -r first b/mail/2026-11-01
	grep -q '^Date: Sun, 01 Nov 2026 00:00:00 +0000' b/mail/2026-11-01/eml/VZ-2026-000001.eml
}

@test "letters: the day's letter goes to its customer with the PDF; on another day it is void, counted and not sent" {
	smtpd
	run -0 send 2026-11-16
	assert_output --regexp '^send-run: 2026-11-16: [1-9][0-9]* sent, '
	letter=$(pick b/dunning/2026-11-16/actions.csv letter | sort -u | head -1)
	n=$(grep -l "filename=\"$(basename "$letter")\"" srv/*.eml | head -1)
	[ -n "$n" ] || fail "no message with $letter"
	run -0 msg "$(basename "$n" .eml)"
	assert_line "file $(basename "$letter") $(sha "b/dunning/2026-11-16/$letter")"
	# the same folder on the 17th: void
	run -0 --separate-stderr "$BIN/mailout" -c b/in/terms.conf -C b/in/customers.csv -t "$ROOT/templates" \
		-m b/in/mail.conf -d 2026-11-17 -s b/state b/dunning/2026-11-16
	assert_output --regexp ': 0 sent, 0 sent before, .* [1-9][0-9]* void$'
	[[ $stderr == *"dated 2026-11-16, not the run day 2026-11-17: void, not sent"* ]]
}

@test "a bad mail.conf is named with file, line and column, and nothing is sent or logged" {
	printf 'smtp_url = smtp://user:pw@127.0.0.1:25\nfrom = facturen@voipzeker.example\n' >b/in/mail.conf
	run -1 --separate-stderr send 2026-11-01
	[[ $stderr == *"mail.conf:1:12: smtp_url holds a user or password"* ]] || fail "$stderr"
	printf 'from = facturen@voipzeker.example\npassword = x\n' >b/in/mail.conf
	run -1 --separate-stderr send 2026-11-01
	[[ $stderr == *"mail.conf:2:1: unknown key 'password'"* ]] || fail "$stderr"
	printf 'from = facturen\n' >b/in/mail.conf
	run -1 --separate-stderr send 2026-11-01
	[[ $stderr == *"mail.conf:1:8: bad from 'facturen'"* ]] || fail "$stderr"
	# a login in clear text only to this machine
	printf 'smtp_url = smtp://mail.voipzeker.example:587\nfrom = f@voipzeker.example\nstarttls = no\n' >b/in/mail.conf
	run -1 --separate-stderr send 2026-11-01
	[[ $stderr == *"mail.conf:3: starttls = no: only for a server on this machine"* ]] || fail "$stderr"
	[ ! -e b/state/sent.csv ]
	[ ! -e b/mail/2026-11-01 ]
}

@test "an email that could add a recipient or a header is refused, named with file, line and column; a delivery other than email or post too" {
	printf 'smtp_url = smtp://127.0.0.1:9\nfrom = facturen@voipzeker.example\n' >b/in/mail.conf
	cp b/in/customers.csv c.csv
	col=$(head -1 c.csv | tr ',' '\n' | grep -nx email | cut -d: -f1)
	for bad in 'a@b.example, c@d.example' 'a@b.example>' 'a b@c.example' 'a@b.example;c@d.example' 'a@b@c.example' \
	    $'x@y.example\r\nBcc: z@evil.example'; do
		awk -F, -v OFS=, -v c="$col" -v bad="$bad" 'NR == 3 { $c = "\"" bad "\"" } { print }' c.csv >b/in/customers.csv
		run -1 --separate-stderr send 2026-11-01 -n
		[[ $stderr == *"customers.csv:3:$col: bad email "* ]] || fail "$bad: $stderr"
	done
	printf '%s\n' "$(head -1 c.csv),delivery" >b/in/customers.csv
	tail -n +2 c.csv | sed 's/$/,pigeon/' >>b/in/customers.csv
	run -1 --separate-stderr send 2026-11-01 -n
	[[ $stderr == *"customers.csv:2:$(($(head -1 c.csv | tr ',' '\n' | wc -l) + 1)): bad delivery 'pigeon': expected email or post"* ]] || fail "$stderr"
	[ ! -e b/mail/2026-11-01 ]
}

@test "a customer with delivery = post gets no mail, counted" {
	printf 'smtp_url = smtp://127.0.0.1:9\nfrom = facturen@voipzeker.example\n' >b/in/mail.conf
	awk -F, -v OFS=, 'NR == 1 { print $0, "delivery"; next } { print $0, ($1 == "C1002" ? "post" : "") }' \
		"$BATS_FILE_TMPDIR/base/in/customers.csv" >b/in/customers.csv
	run -0 send 2026-11-01 -n
	assert_output --regexp ", 1 by post, "
	run grep -l "^To: .*$(pick b/in/customers.csv customer_id email | sed -n 's/^C1002|//p')" b/mail/2026-11-01/eml/*.eml
	assert_output ''
}

@test "a reminder that could not go on its day is void: the next dunning run takes it again under its own date; the ones that went stand" {
	smtpd
	letters=$(pick b/dunning/2026-11-16/actions.csv step customer_id | sed -n 's/^reminder|//p' | uniq)
	[ "$(wc -l <<<"$letters")" -ge 2 ] || fail "want two reminders: $letters"
	# the first letter's four tries get a 451: deferred past its day
	c=$(head -1 <<<"$letters")
	echo 4 >srv/tempfail
	run -75 send 2026-11-16
	assert_output --regexp ' 1 to retry, '
	grep -q ",$c,.*,2026-11-16,deferred," b/state/sent.csv
	run -0 "$BIN/dunning-run" -d 2026-11-17 -i b/in -o b/dunning/2026-11-17 -s b/state
	# the deferred one again, dated the 17th, its deadline from then; no other
	run -0 pick b/dunning/2026-11-17/actions.csv date step customer_id
	assert_line "2026-11-17|reminder|$c"
	refute_line --regexp "^2026-11-17\\|reminder\\|($(tail -n +2 <<<"$letters" | paste -sd'|'))$"
	grep -q '^  void letters (again) *1$' b/dunning/2026-11-17/report.txt
	# the 16th's letter is not sent late; the 17th's goes
	run -0 send 2026-11-17
	assert_output --regexp ': 1 sent, '
	[ "$(grep -c "^Message-ID: <2026-11-17.reminder-$c@" srv/*.eml | grep -c ':1$')" = 1 ]
	! grep -q "^Message-ID: <2026-11-16.reminder-$c@" srv/*.eml
	# once sent, it stands: the 18th takes nothing again
	run -0 "$BIN/dunning-run" -d 2026-11-18 -i b/in -o b/dunning/2026-11-18 -s b/state
	! pick b/dunning/2026-11-18/actions.csv step customer_id | grep -qx "reminder|$c"
}

@test "a letter refused for good (a 5xx) stands: no step taken again, the refusal named" {
	smtpd
	c=$(pick b/dunning/2026-11-16/actions.csv step customer_id | sed -n 's/^reminder|//p' | head -1)
	pick b/in/customers.csv customer_id email | sed -n "s/^$c|//p" >srv/reject
	run -1 --separate-stderr send 2026-11-16
	[[ $stderr == *"customer $c: "*"refused: 550 5.1.1"* ]] || fail "$stderr"
	run -0 "$BIN/dunning-run" -d 2026-11-17 -i b/in -o b/dunning/2026-11-17 -s b/state
	! pick b/dunning/2026-11-17/actions.csv step customer_id | grep -qx "reminder|$c"
}

@test "an invoice deferred on its day goes with the next day's mail; the invoices that went do not go again" {
	smtpd
	echo 4 >srv/tempfail
	run -75 send 2026-11-01
	run -0 send 2026-11-02
	assert_output --regexp ': 1 sent, '
	[ "$(ls srv/*.eml | wc -l)" = "$(ninvoices)" ]
	[ "$(grep -l 'Message-ID: <VZ-2026-000001@' srv/*.eml | wc -l)" = 1 ]
}

@test "a server that does not answer: one message's retries, the rest deferred untried, exit 75; the next run sends them all" {
	smtpd
	port=$(cat srv/port)
	kill "$SMTPD_PID"
	wait "$SMTPD_PID" 2>/dev/null || true
	run -75 --separate-stderr send 2026-11-01
	assert_output --regexp ": 0 sent, 0 sent before, 0 refused, $(ninvoices) to retry"
	[ "$(grep -c 'not tried: the server did not answer' b/state/sent.csv)" = $(($(ninvoices) - 1)) ]
	rm -rf srv
	smtpd
	sed -i "s/127.0.0.1:[0-9]*/127.0.0.1:$(cat srv/port)/" b/in/mail.conf
	run -0 send 2026-11-01
	assert_output --regexp ": $(ninvoices) sent, "
}

@test "the login from ~/.netrc when the environment has none; the password in no file the run writes" {
	smtpd
	unset SMTP_USER SMTP_PASSWORD
	mkdir home
	printf 'machine 127.0.0.1 login billing password s3cret-Pw\n' >home/.netrc
	chmod 600 home/.netrc
	HOME=$PWD/home run -0 send 2026-11-01
	assert_output --regexp ": $(ninvoices) sent, "
	[ "$(cat srv/1.auth)" = billing ]
	run grep -rl s3cret-Pw b
	assert_output ''
	# a wrong login: no mail, said, nothing logged as sent
	printf 'machine 127.0.0.1 login billing password wrong\n' >home/.netrc
	rm b/state/sent.csv
	HOME=$PWD/home run -1 --separate-stderr send 2026-11-01
	[[ $stderr == *"535 5.7.8 Authentication credentials invalid: the server cannot be used as mail.conf says (nothing more sent)"* ]] || fail "$stderr"
	! grep -q ',sent,' b/state/sent.csv
	# the run stopped at the first message, logged as not sent
	[ "$(grep -c ',failed,' b/state/sent.csv)" = 1 ]
}

@test "a pdf or letter column that leaves the run's folder is refused, named; so is a run the outbox lists that is gone" {
	printf 'smtp_url = smtp://127.0.0.1:9\nfrom = facturen@voipzeker.example\n' >b/in/mail.conf
	col=$(head -1 b/2026-11/invoices.csv | tr ',' '\n' | grep -nx pdf | cut -d: -f1)
	cp b/2026-11/invoices.csv inv.csv
	awk -F, -v OFS=, -v c="$col" 'NR == 2 { $c = "../../in/customers.csv" } { print }' inv.csv >b/2026-11/invoices.csv
	run -1 --separate-stderr send 2026-11-01 -n
	[[ $stderr == *"invoices.csv:2:$col: invoice VZ-2026-000001: pdf '../../in/customers.csv': expected pdf/VZ-2026-000001.pdf"* ]] || fail "$stderr"
	cp inv.csv b/2026-11/invoices.csv
	col=$(head -1 b/dunning/2026-11-16/actions.csv | tr ',' '\n' | grep -nx letter | cut -d: -f1)
	/usr/bin/python3 - b/dunning/2026-11-16/actions.csv <<-'PY'
	import csv, sys
	rows = list(csv.reader(open(sys.argv[1], newline="")))
	rows[1][rows[0].index("letter")] = "letters/../../../in/customers.csv"
	csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n").writerows(rows)
	PY
	run -1 --separate-stderr send 2026-11-16 -n
	[[ $stderr == *"actions.csv:2:$col: bad letter 'letters/../../../in/customers.csv': expected letters/NAME.pdf"* ]] || fail "$stderr"
	rm -r b/2026-11
	run -1 --separate-stderr send 2026-11-01 -n
	[[ $stderr == *"/2026-11: missing: expected a run's folder"* ]] || fail "$stderr"
}
