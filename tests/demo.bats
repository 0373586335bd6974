#!/usr/bin/env bats
# demo: the monthly job on samples/ as make demo runs it (October 2026 to
# January 2027 on a fresh state per provider), and what its output must
# show an accountant and an auditor: every line reads quantity x unit price
# = net, every line cites its own provider's terms, samples/README.md's
# tables are the output's, and the sample calls fall inside their
# customers' contracts.

load helpers

PERIODS="2026-10 2026-11 2026-12 2027-01"

# both sample providers into out/ by tools/demo itself (each month's input
# in out/PROVIDER/input/PERIOD: the sample with its changes/ of that month)
setup_file() {
	export LC_ALL=C
	export PATH=${BILLING_BIN:-$BATS_TEST_DIRNAME/../bin}:$PATH
	cd "$BATS_FILE_TMPDIR" &&
		BILLING_BIN=$(dirname "$(command -v bill-run)") \
		"$BATS_TEST_DIRNAME/../tools/demo" "$BATS_FILE_TMPDIR/out" >/dev/null
}

setup() {
	export LC_ALL=C
	cd "$BATS_FILE_TMPDIR" || return 1
}

# lines_ok FILE...: every line of lines.csv with a unit price reads
# quantity x unit price = net after one rounding, or, for a part month (a
# subscription, discount, correction, buyout or downgrade line that is not
# a whole calendar month), quantity x unit price x min(days, 30) / 30
# (rules.md §8); prints the lines that do not
lines_ok() {
	python3 - "$@" <<-'EOF'
	import csv, sys, datetime as dt
	from decimal import Decimal as D, ROUND_HALF_UP
	def cents(x):
	    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)
	def whole(r):
	    f, t = r["from"], r["to"]
	    if not f or f[:7] != t[:7] or f[8:] != "01":
	        return False
	    return (dt.date.fromisoformat(t) + dt.timedelta(days=1)).day == 1
	n = bad = 0
	for p in sys.argv[1:]:
	    for r in csv.DictReader(open(p, newline="", encoding="utf-8")):
	        if not r["unit_price"]:
	            continue
	        n += 1
	        q, up, net = D(r["quantity"] or "1"), D(r["unit_price"]), D(r["net"])
	        if cents(q * up) == net:
	            continue
	        if r["kind"] in ("subscription", "discount", "correction", "buyout",
	                         "downgrade") and not whole(r):
	            days = (dt.date.fromisoformat(r["to"]) -
	                    dt.date.fromisoformat(r["from"])).days + 1
	            if cents(q * up * min(days, 30) / 30) == net:
	                continue
	        bad += 1
	        print(p, r["invoice_no"], r["line_no"], r["kind"], r["ref"], r["from"],
	              r["to"], r["quantity"], "x", r["unit_price"], "!=", r["net"])
	print(n, "lines,", bad, "wrong")
	sys.exit(1 if bad or n == 0 else 0)
	EOF
}

@test "every line of the demo reads quantity x unit price = net, rounded once" {
	run -0 lines_ok out/*/*/lines.csv
	assert_line --regexp '^[0-9]{3,} lines, 0 wrong$'
}

@test "the quantity x unit price check finds a line that does not add up" {
	cp out/voipzeker/2026-11/lines.csv bad.csv
	# the first subscription line's net one cent off
	awk -F, -v OFS=, 'NR > 1 && !done && $4 == "subscription" {
		$12 = sprintf("%.2f", $12 + 0.01); done = 1 } { print }' \
	    out/voipzeker/2026-11/lines.csv >bad.csv
	run -1 lines_ok bad.csv
	assert_line --regexp ' subscription .* != '
	assert_line --regexp ' 1 wrong$'
}

@test "every line and every rated CDR of the demo cites its own provider's terms only" {
	# grep finds nothing: exit 1
	run -1 grep -l 'VW [0-9]' out/voipzeker/*/lines.csv out/voipzeker/*/usage.csv \
	    out/voipzeker/*/high_usage.csv
	run -1 grep -l 'VZ [0-9]' out/voiceworks/*/lines.csv out/voiceworks/*/usage.csv \
	    out/voiceworks/*/high_usage.csv
	# and both cite their own
	run -0 grep -c 'VZ 8\.13' out/voipzeker/2026-11/lines.csv
	run -0 grep -c 'VW 2\.4\.2' out/voiceworks/2026-11/lines.csv
	# and each line cites an article at all
	run -0 awk -F, 'FNR > 1 && $NF == "" { print FILENAME ": " $0 }' \
	    out/*/*/lines.csv
	assert_output ''
}

@test "samples/README.md's totals table and bold amounts are the demo's output" {
	run -0 --separate-stderr "$ROOT/tools/sample-table" --check out "$ROOT/samples/README.md"
	assert_equal "$stderr" ''
}

@test "a README amount that is not the demo's is caught" {
	sed 's/\*\*13\.00\*\* (rules\.md §2 example)/**13.01** (rules.md §2 example)/' \
	    "$ROOT/samples/README.md" >README.md
	! cmp -s README.md "$ROOT/samples/README.md"
	run -1 --separate-stderr "$ROOT/tools/sample-table" --check out README.md
	assert_regex "$stderr" "C1010-1.*13\.01"
}

@test "every sample call falls inside a contract period of its customer" {
	local provider
	for provider in voipzeker voiceworks; do
		# the days each contract is in service: from its start to the last
		# day of its last month subscriptions bills (billed_through lines
		# start earlier, hence the start from contracts.csv)
		(cd "$ROOT/samples/$provider" && subscriptions -p 2027-01 \
		    -c terms.conf contracts.csv </dev/null) >"$provider-items.csv"
		run -0 python3 - "$ROOT/samples/$provider/contracts.csv" \
		    "$provider-items.csv" out/$provider/*/usage.csv <<-'EOF'
		import csv, sys
		ks = {r["contract_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
		span = {}
		for r in csv.DictReader(open(sys.argv[2])):
		    if r["kind"] != "subscription":
		        continue
		    a, b = span.get(r["ref"], (ks[r["ref"]]["start_date"], r["to"]))
		    span[r["ref"]] = (a, max(b, r["to"]))
		bycust = {}
		for k, (a, b) in span.items():
		    bycust.setdefault(ks[k]["customer_id"], []).append((a, b))
		out = 0
		for f in sys.argv[3:]:
		    for r in csv.DictReader(open(f)):
		        if not r["customer_id"] or r["rule"] in ("unanswered", "not-billed"):
		            continue
		        d = r["start"][:10]
		        if not any(a <= d <= b for a, b in bycust.get(r["customer_id"], [])):
		            out += 1
		            print("outside:", f, r["cdr_id"], r["customer_id"], d)
		print(out, "outside")
		EOF
		assert_line '0 outside'
	done
}

@test "the demo's usage lines hold the calls of one calendar month, their period that month" {
	run -0 awk -F, 'FNR > 1 && $4 == "usage" && (substr($7, 1, 7) != substr($8, 1, 7) ||
	    substr($7, 9) != "01") { print FILENAME ": " $0 }' out/*/*/lines.csv
	assert_output ''
}

@test "the demo bills customers outside the EU without Dutch VAT" {
	run -0 pick out/voipzeker/2026-11/invoices.csv customer_id vat
	assert_line 'C1031|0.00'
	run -0 pick out/voiceworks/2026-11/invoices.csv customer_id vat
	assert_line 'W2031|0.00'
	run -0 grep -c 'outside the EU' out/voipzeker/2026-11/report.txt
}

@test "the README's rerun-a-step block runs as written from the project folder, its diffs empty" {
	local block
	# the project as make demo leaves it: bin/, samples/, templates/, out/
	mkdir -p proj
	ln -s "$(command -v bill-run | xargs dirname)" proj/bin
	cp -r "$ROOT/samples" proj/samples
	ln -s "$ROOT/templates" proj/templates
	ln -s ../out proj/out
	block=$(awk '/^## Rerunning one step by hand/ { on = 1 }
		on && /^```$/ { if (inblk) exit; inblk = 1; next }
		inblk { print }' "$ROOT/README.md")
	[[ $block == "export PATH=\$PWD/bin:\$PATH"* ]] ||
		fail "the block does not start with the PATH line: $block"
	cd proj
	run -0 --separate-stderr bash -e -o pipefail -c "$block" </dev/null
	assert_equal "$stderr" ''
	# only the priced CDRs print (their header and two rows)
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --regexp '^cdr_id,customer_id,start,service,dst,destination,'
}

@test "the demo's batches validate and show FRST, RCUR, FNAL and each kind of amendment" {
	local f v
	for f in out/*/*/sepa/*.xml; do
		v=$(grep -o 'pain\.008\.001\.0[28]' "$f" | head -1)
		run -0 xmllint --noout --schema "$SHARED/ref/iso20022/$v.xsd" "$f"
	done
	run -0 --separate-stderr sepacheck out/*/*/sepa/*.xml
	assert_output ''
	# October collects every direct-debit customer for the first time
	run -0 pick out/voipzeker/2026-10/steps/debits.csv sequence
	refute_output --partial RCUR
	# November: RCUR for them, FRST only for customers new in October
	run -0 pick out/voipzeker/2026-11/steps/debits.csv customer_id sequence
	assert_line 'C1002|RCUR'
	# December: C1002's new account at ABN AMRO; C1005's contracts ended
	run -0 pick out/voipzeker/2026-12/steps/debits.csv customer_id sequence original_iban
	assert_line 'C1002|RCUR|NL86ABNA5417396826'
	assert_line 'C1005|FNAL|'
	# January: C1004's renamed mandate, C1008 moved from Rabobank to ING
	run -0 pick out/voipzeker/2027-01/steps/debits.csv customer_id sequence original_mandate_id new_bank
	assert_line 'C1004|RCUR|VZ-MDT-1004|no'
	assert_line 'C1008|FRST||yes'
	run -0 grep -c '<Id>SMNDA</Id>' out/voipzeker/2027-01/sepa/VZ-202701-20270108.xml
	assert_output 1
	# the state's ledger holds every debit of the four runs once
	run -0 bash -c "cat out/voipzeker/20*/steps/debits.csv | grep -vc '^period,'"
	assert_equal "$output" "$(($(wc -l <out/voipzeker/state/current/debits.csv) - 1))"
}

# the demo's dunning: every run of a provider's days, one column of its
# actions.csv files (a step's rows, as "customer|invoice|step|...")
acts() {
	cat out/"$1"/dunning/*/actions.csv | awk -F, '$1 != "date"'
}

@test "the demo's daily dunning takes every kind of step, each with its letter, in Dutch and English" {
	local p step f
	for p in voipzeker voiceworks; do
		for step in failed_debit reminder final_notice collection suspend reactivate; do
			[ "$p/$step" = voipzeker/reactivate ] && continue
			acts "$p" | awk -F, -v s="$step" '$4 == s { n++ } END { exit !n }' ||
				fail "$p: no $step step in the demo"
		done
	done
	acts voipzeker | grep -q ',C1025,VZ-2026-000023,terminate,'
	# each letter a step names is there, a PDF for that customer
	n=0
	for p in voipzeker voiceworks; do
		while IFS=, read -r day cust letter; do
			f=out/$p/dunning/$day/$letter
			[ -f "$f" ] || fail "$f: missing"
			pdftotext "$f" - | grep -q "$cust" || fail "$f: not $cust's letter"
			n=$((n + 1))
		done < <(acts "$p" | awk -F, '$NF != "" { print $1 "," $2 "," $NF }' | sort -u)
	done
	[ "$n" -gt 20 ]
	pdftotext out/voiceworks/dunning/2026-11-11/letters/failed_debit-W2020.pdf - |
		grep -q 'insufficient funds (AM04)'
	pdftotext out/voipzeker/dunning/2026-10-12/letters/failed_debit-C1017.pdf - |
		grep -qi 'saldo'
}

@test "samples/README.md's payments and dunning table is the demo's" {
	# C1018: 70.00 without reference pays the oldest invoice, 3.24 credit
	# pays November's invoice as soon as it is posted
	run -0 pick out/voipzeker/dunning/2026-11-02/open.csv invoice_no paid outstanding
	assert_line 'VZ-2026-000046|3.24|63.16'
	# C1017's returned debit: the letter at once, the fee on November's invoice
	acts voipzeker | grep -q '^2026-10-12,C1017,VZ-2026-000015,failed_debit,187.31,0.00,0.00,7.50,'
	run -0 pick out/voipzeker/2026-11/lines.csv customer_id kind ref net rule
	assert_line 'C1017|fee|failed-debit-VZ-2026-000015|7.50|VZ 8.11'
	# C1025 at collection on 23 October, terminated: November credits the
	# rest of October and bills no subscription
	acts voipzeker | grep -q '^2026-10-23,C1025,VZ-2026-000023,collection,42.29,0.09,40.00,15.00,'
	run -0 pick out/voipzeker/2026-11/lines.csv customer_id kind
	refute_line 'C1025|subscription'
	assert_line 'C1025|correction'
	# C1006's MD01: no retry, December by transfer
	run -0 pick out/voipzeker/2026-12/invoices.csv customer_id payment_method
	assert_line 'C1006|transfer'
	# W2017 and W2014 paid in full: reactivated, the fee on December's invoice
	acts voiceworks | grep -q '^2026-11-20,W2017,VW-2026-000015,reactivate,'
	acts voiceworks | grep -q '^2026-11-24,W2014,VW-2026-000013,reactivate,'
	run -0 pick out/voiceworks/2026-12/lines.csv customer_id kind net rule
	assert_line 'W2017|fee|25.00|VW 1.13.2'
	assert_line 'W2014|fee|25.00|VW 1.13.2'
	# the stranger's 25.00 waits in unapplied.csv and report.txt
	run -0 pick out/voipzeker/dunning/2026-11-05/unapplied.csv amount iban
	assert_output '25.00|NL20INGB0001234567'
	grep -Eq '^  not applied +1 +25.00$' out/voipzeker/dunning/2026-11-05/report.txt
}

@test "the samples' bank statements are valid camt.053, and each entry is applied once however often it was read" {
	local f
	for f in "$ROOT"/samples/*/bank/*.xml; do
		run -0 xmllint --noout --schema "$SHARED/ref/iso20022/camt.053.001.02.xsd" "$f"
	done
	# every statement is read on every day of its month and after: the
	# receipts log holds each entry once, and by the last day all of them
	# but those still in unapplied.csv
	for p in voipzeker voiceworks; do
		n=$(cat "$ROOT"/samples/$p/bank/*.xml | grep -c '<Ntry>')
		u=$(grep -c '^camt:' out/$p/dunning/2027-01-29/unapplied.csv || true)
		run -0 bash -c "grep -c '^camt:' out/$p/state/current/receipts.csv"
		assert_output "$((n - u))"
		run -0 bash -c "cut -d, -f1 out/$p/state/current/receipts.csv | sort | uniq -d"
		assert_output ''
	done
}

@test "the README's digest check: the sha256sum of a run folder's CSVs and SEPA files, hashed, is the digest runs.csv keeps" {
	local block
	block=$(awk '/coreutils alone:/ { on = 1 }
		on && /^```$/ { if (inblk) exit; inblk = 1; next }
		inblk { print }' "$ROOT/README.md")
	[[ $block == "cd out/voipzeker/2026-11"* ]] || fail "the block: $block"
	run -0 bash -e -o pipefail -c "$block" </dev/null
	assert_equal "${#lines[@]}" 2
	[[ ${lines[0]} =~ ^[0-9a-f]{64}\ \ -$ ]] || fail "${lines[0]}"
	assert_equal "${lines[0]%  -}" "${lines[1]}"
}
