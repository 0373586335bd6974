#!/usr/bin/env bats
# Post (issue 17, VZ 8.4, VW 2.4.6): the invoices of customers with
# delivery = post in one print-ready PDF per run (print/invoices.pdf), in
# postcode order, each document starting on an odd page; no mail for
# them; the profile's paper_invoice_fee billed on the next run, once per
# invoice sent by post.

load helpers

POST="C1002 C1005 C1020 C1011"

setup_file() {
	export LC_ALL=C
	cd "$BATS_FILE_TMPDIR" || return 1
	mkdir -p st
	cp -r "$ROOT/samples/voipzeker" in
	awk -F, -v OFS=, -v post=" $POST " 'NR == 1 { print $0, "delivery"; next }
		{ print $0, (index(post, " " $1 " ") ? "post" : "email") }' \
		"$ROOT/samples/voipzeker/customers.csv" >in/customers.csv
	for p in 2026-11 2026-12 2027-01; do
		"$BIN/bill-run" -p "$p" -i in -o "$p" -s st >/dev/null || return 1
	done
}

F() { echo "$BATS_FILE_TMPDIR/$1"; }

# starts RUN: "PAGE INVOICE_NO" for the first page of each document of the
# run's print batch
starts() {
	local f n i no last=
	f=$(F "$1/print/invoices.pdf")
	n=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
	for i in $(seq "$n"); do
		no=$(pdftotext -f "$i" -l "$i" -layout "$f" - | grep -o 'VZ-20[0-9][0-9]-[0-9]\{6\}' | head -1)
		if [ -n "$no" ] && [ "$no" != "$last" ]; then
			echo "$i $no"
			last=$no
		fi
	done
}

@test "the print batch holds the invoices of the customers with delivery = post, Dutch postcodes in order and then abroad, each from an odd page on" {
	run -0 starts 2026-11
	# what the batch should hold: the post customers' invoices, sorted
	# as a postman would (NL by postcode without its space, then abroad)
	want=$(for c in $POST; do
		no=$(pick "$(F 2026-11/invoices.csv)" customer_id invoice_no | sed -n "s/^$c|//p")
		pick "$(F in/customers.csv)" customer_id country postcode | sed -n "s/^$c|//p" |
			awk -F'|' -v no="$no" '{ gsub(/ /, "", $2); print ($1 == "NL" ? 0 : 1), $1, $2, no }'
	done | sort | awk '{ print $4 }')
	assert_equal "$(cut -d' ' -f2 <<<"$output")" "$want"
	assert_equal "${#lines[@]}" 4
	for l in "${lines[@]}"; do
		(( ${l%% *} % 2 == 1 )) || fail "document ${l#* } starts on page ${l%% *}"
	done
	# each document's own pages, and a blank page only to make the next start odd
	total=$(pdfinfo "$(F 2026-11/print/invoices.pdf)" | awk '/^Pages:/ { print $2 }')
	sum=0
	for c in $POST; do
		no=$(pick "$(F 2026-11/invoices.csv)" customer_id invoice_no | sed -n "s/^$c|//p")
		p=$(pdfinfo "$(F 2026-11/pdf/$no.pdf)" | awk '/^Pages:/ { print $2 }')
		sum=$((sum + p + p % 2))
	done
	last=$(pdfinfo "$(F "2026-11/pdf/$(tail -1 <<<"$want").pdf")" | awk '/^Pages:/ { print $2 }')
	assert_equal "$total" $((sum - last % 2))
}

@test "the paper invoice fee: billed on the next run, once per invoice sent by post, with VZ 8.4, and never again" {
	for c in $POST; do
		nov=$(pick "$(F 2026-11/invoices.csv)" customer_id invoice_no | sed -n "s/^$c|//p")
		run -0 grep -h ",fee,paper-$nov," "$(F 2026-11/lines.csv)" "$(F 2026-12/lines.csv)" "$(F 2027-01/lines.csv)"
		assert_equal "${#lines[@]}" 1
		[[ $output == *",2.50,2.50,"*",VZ 8.4,"* ]] || fail "$output"
		# on December's invoice of the same customer
		dec=$(pick "$(F 2026-12/invoices.csv)" customer_id invoice_no | sed -n "s/^$c|//p")
		[[ $output == "$dec,$c,"* ]] || fail "not on $dec: $output"
	done
	# only the post customers pay it
	run -0 bash -c "grep -h ',fee,paper-' '$(F 2026-12/lines.csv)' | cut -d, -f2 | sort | tr '\n' ' '"
	assert_output "$(tr ' ' '\n' <<<"$POST" | sort | tr '\n' ' ')"
}

@test "the customers with delivery = post get no mail: counted, the others' messages written" {
	printf 'smtp_url = smtp://127.0.0.1:9\nfrom = facturen@voipzeker.example\n' >mail.conf
	run -0 "$BIN/mailout" -c "$(F in/terms.conf)" -C "$(F in/customers.csv)" -t "$ROOT/templates" \
		-m mail.conf -d 2026-11-01 -n eml "$(F 2026-11)"
	assert_output --regexp ': 26 written, .* 4 by post, '
	for c in $POST; do
		no=$(pick "$(F 2026-11/invoices.csv)" customer_id invoice_no | sed -n "s/^$c|//p")
		[ ! -e "eml/$no.eml" ]
	done
}

@test "a run without customers by post has no print/ and posts no fee" {
	mkdir st2
	run -0 "$BIN/bill-run" -p 2026-11 -i "$ROOT/samples/voipzeker" -o nov -s st2
	[ ! -e nov/print ]
	[ "$(wc -l <nov/steps/paper-fees.csv)" = 1 ]
	# no fees.csv at all, or one without a paper fee
	! grep -q '^paper-' st2/current/fees.csv 2>/dev/null
}

@test "a dunning run's letters to customers with delivery = post go into print/letters.pdf, the others not" {
	mkdir st3
	run -0 "$BIN/bill-run" -p 2026-11 -i "$(F in)" -o nov -s st3
	run -0 "$BIN/dunning-run" -d 2026-11-16 -i "$(F in)" -o d16 -s st3
	# the letters of the day, and which of them go by post
	run -0 bash -c "ls d16/letters | sed 's/.*-\(C[0-9]*\)\.pdf/\1/' | sort"
	all=$output
	want=$(for c in $all; do if [[ " $POST " == *" $c "* ]]; then echo "$c"; fi; done)
	[ -n "$want" ] || fail "no letter for a customer by post: $all"
	[ "$want" != "$all" ] || fail "every letter goes by post: $all"
	f=d16/print/letters.pdf
	n=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
	got=$(for i in $(seq "$n"); do pdftotext -f "$i" -l "$i" "$f" - |
		grep -o 'C10[0-9][0-9]' | head -1; done | awk 'NF && $0 != last { print; last = $0 }')
	assert_equal "$got" "$want"
	# no fee for a letter (VZ 8.4: invoices only)
	[ ! -e d16/steps/paper-fees.csv ] || ! grep -q paper- d16/steps/paper-fees.csv
}
