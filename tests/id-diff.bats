#!/usr/bin/env bats
# id-diff.bats: the IBAN and creditor identifier checks of filters/lib/iban.c
# against two independent implementations from npm (ibantools, npm sepa),
# on a few thousand generated cases; tests/id-diff.js does the comparing.
# Needs node and the packages of tools/npm-deps; skipped with the reason
# when they are missing.

load helpers

need_npm() {
	command -v node >/dev/null ||
		skip "node is not installed: apt-get install -y nodejs npm"
	[ -x "$ROOT/build/idcheck" ] || skip "build/idcheck is not built (make san)"
	"$ROOT/tools/npm-deps" 2>/dev/null ||
		skip "npm sepa and ibantools are not installed (tools/npm-deps)"
}

@test "every IBAN and creditor id verdict that differs from ibantools' or npm sepa's is explained" {
	need_npm
	run node "$ROOT/tests/id-diff.js" "$ROOT/build/idcheck" --cases cases.txt
	assert_success
	assert_output --regexp 'iban: [0-9]{4} cases \([0-9]+ valid'
	assert_output --regexp '[0-9]+ cases, [0-9]+ agree, [0-9]+ disagree \([0-9]+ explained, 0 unexplained\)'
	refute_output --partial 'DISAGREE'
	# the cases cover both verdicts of both checks
	grep -c '^iban ' cases.txt | awk '$1 >= 1000 { ok = 1 } END { exit !ok }'
	grep -c '^creditor ' cases.txt | awk '$1 >= 1000 { ok = 1 } END { exit !ok }'
}

@test "the comparison fails when a check says the opposite of what it should" {
	need_npm
	# a checker that calls everything valid must be caught
	printf '#!/bin/sh\nwhile read -r k v; do echo 1; done\n' >yes
	chmod +x yes
	run node "$ROOT/tests/id-diff.js" ./yes
	assert_failure 1
	assert_output --partial 'DISAGREE'
	assert_output --regexp '[1-9][0-9]* unexplained'
}
