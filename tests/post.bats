#!/usr/bin/env bats
# post: a run's invoices become part of the state (rules.md §1, §8),
# atomically; reruns change nothing or are refused; runs go forward.
# The runs of fixtures/post/PERIOD are an output folder each, with the
# posting file the invoice step wrote beside them.

load helpers

# runfix PERIOD: a copy of the fixture run of PERIOD in ./PERIOD
runfix() {
	cp -r "$FIX/post/$1" "$1"
}

# posted PERIOD [OPTION...]: post ./PERIOD to state/
posted() {
	local p=$1
	shift
	post -p "$p" -s state "$@" -b "$p/posting.csv" "$p" </dev/null
}

# on_full_disk CMD...: CMD with every write to a file failing as on a full
# disk (file size limit 0, SIGXFSZ ignored); its stderr comes through a pipe
on_full_disk() {
	(trap '' XFSZ; ulimit -f 0; exec "$@") 2>&1 | cat
	return "${PIPESTATUS[0]}"
}

@test "posting a run adds its items, its invoices and a run row to the state" {
	mkdir state
	runfix 2026-11
	run -0 --separate-stderr posted 2026-11
	assert_output ''
	assert_equal "$stderr" ''
	run -0 cat state/current/billed.csv </dev/null
	assert_output "$(cat 2026-11/posting.csv)"
	run -0 cat state/current/invoices.csv </dev/null
	assert_output - <<-'EOF'
	invoice_no,customer_id,invoice_date,due_date,period,net,vat,gross,payment_method,collection_date,first_invoice,payment_reference
	VZ-2026-000001,C1,2026-11-01,2026-11-15,2026-11,94.00,19.74,113.74,transfer,,yes,
	VZ-2026-000002,C2,2026-11-01,2026-11-15,2026-11,30.00,0.00,30.00,transfer,,yes,
	EOF
	run -0 cut -d, -f1-8 state/current/runs.csv </dev/null
	assert_output - <<-'EOF'
	period,invoice_date,invoices,first_invoice_no,last_invoice_no,net,vat,gross
	2026-11,2026-11-01,2,VZ-2026-000001,VZ-2026-000002,124.00,19.74,143.74
	EOF
}

@test "a second period's items join billed.csv by customer" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	run -0 posted 2026-12
	run -0 pick state/current/billed.csv customer_id key rule invoice_no
	assert_output - <<-'EOF'
	C1|S/K1/2026-10|VW 1.12.3, VW 2.4.1|VZ-2026-000001
	C1|S/K1/2026-11|VZ 8.13|VZ-2026-000001
	C1|S/K1/2026-12|VZ 8.13|VZ-2026-000003
	C2|S/K2/2026-11|VZ 8.13|VZ-2026-000002
	C2|S/K2/2026-12|VZ 8.13|VZ-2026-000004
	EOF
	run -0 cut -d, -f1 state/current/invoices.csv </dev/null
	assert_equal "${lines[*]}" 'invoice_no VZ-2026-000001 VZ-2026-000002 VZ-2026-000003 VZ-2026-000004'
	run -0 cut -d, -f1,2 state/current/runs.csv </dev/null
	assert_equal "${lines[*]}" 'period,invoice_date 2026-11,2026-11-01 2026-12,2026-12-01'
}

@test "-n accepts a first period, a rerun of the posted one and a later one" {
	mkdir state
	run -0 --separate-stderr post -n -p 2026-11 -s state </dev/null
	assert_equal "$stderr" ''
	runfix 2026-11
	run -0 posted 2026-11
	run -0 post -n -p 2026-11 -s state </dev/null
	run -0 post -n -p 2026-12 -s state </dev/null
	run -0 post -n -p 2027-03 -s state -d 2027-03-05 </dev/null
}

@test "-n refuses a period before the last posted one and leaves the state as it was" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	run -0 posted 2026-12
	snapshot state >before
	run -1 --separate-stderr post -n -p 2026-10 -s state </dev/null
	assert_equal "$stderr" "post: period 2026-10 is before the last posted period 2026-12: runs go forward, and only a posted period can be rerun"
	run -0 diff before <(snapshot state) </dev/null
}

@test "a rerun of a posted period may not change its invoice date" {
	mkdir state
	runfix 2026-11
	run -0 posted 2026-11
	run -1 --separate-stderr post -n -p 2026-11 -s state -d 2026-11-02 </dev/null
	assert_regex "$stderr" '^post: period 2026-11 was invoiced on 2026-11-01: a rerun must use the same invoice date'
	run -1 --separate-stderr posted 2026-11 -d 2026-11-02
	assert_regex "$stderr" 'same invoice date'
}

@test "an invoice date outside the run month and the month after is refused (rules.md §8)" {
	mkdir state
	runfix 2026-11
	run -0 posted 2026-11
	run -1 --separate-stderr post -n -p 2026-12 -s state -d 2026-10-31 </dev/null
	assert_regex "$stderr" '^post: bad invoice date 2026-10-31: expected a day of the run month 2026-12 or of the month after it, 2027-01'
	run -1 --separate-stderr post -n -p 2026-12 -s state -d 2026-11-30 </dev/null
	assert_regex "$stderr" '^post: bad invoice date 2026-11-30: '
	run -1 --separate-stderr post -n -p 2026-12 -s state -d 2027-02-01 </dev/null
	assert_regex "$stderr" '^post: bad invoice date 2027-02-01: '
	run -0 post -n -p 2026-12 -s state -d 2026-12-01 </dev/null
	run -0 post -n -p 2026-12 -s state -d 2027-01-31 </dev/null
}

@test "a rerun with identical outputs leaves the state byte for byte unchanged" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	run -0 posted 2026-12
	snapshot state >before
	run -0 --separate-stderr posted 2026-11
	assert_equal "$stderr" ''
	run -0 posted 2026-12
	run -0 diff before <(snapshot state) </dev/null
	run -0 cat before </dev/null
	assert_line --regexp '^\./current -> gen\.[0-9]+$'
	assert_line --regexp '^\./gen\.[0-9]+/billed\.csv '
}

@test "a rerun whose outputs differ is refused and leaves the state unchanged" {
	mkdir state
	runfix 2026-11
	run -0 posted 2026-11
	snapshot state >before
	sed -i 's/Hosted PBX,2026-11-01/Hosted PBX (new),2026-11-01/' 2026-11/lines.csv
	run -1 --separate-stderr posted 2026-11
	assert_equal "$stderr" "post: period 2026-11 was posted with other results: the inputs changed since; an issued invoice is never changed, so bill the change in the next period"
	run -0 diff before <(snapshot state) </dev/null
}

@test "through bill-run, a refused rerun leaves no output folder and the state as it was" {
	mkdir in
	(cd in && terms VZ)
	cat >in/customers.csv <<-'EOF'
	customer_id,name,street,postcode,city,payment_method
	C1,Alfa BV,Dorpsstraat 1,1000 AA,Amsterdam,transfer
	EOF
	cat >in/contracts.csv <<-'EOF'
	contract_id,customer_id,description,monthly_fee,start_date
	K1,C1,Hosted PBX,60.00,2026-11-01
	EOF
	mkdir -p state
	run -0 bill-run -p 2026-11 -i in -o out -s state </dev/null
	snapshot state >before
	sed -i 's/,60\.00,/,65.00,/' in/contracts.csv
	run -1 --separate-stderr bill-run -p 2026-11 -i in -o rerun -s state </dev/null
	assert_regex "$stderr" '^post: period 2026-11 was posted with other results'
	[ ! -e rerun ]
	run -0 diff before <(snapshot state) </dev/null
	run -1 --separate-stderr bill-run -p 2026-10 -i in -o early -s state </dev/null
	assert_regex "$stderr" '^post: period 2026-10 is before the last posted period 2026-11'
	[ ! -e early ]
	run -0 diff before <(snapshot state) </dev/null
}

@test "a full disk while posting leaves the state as it was" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	snapshot state >before
	run -1 on_full_disk post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
	assert_output --partial 'write error'
	run -0 diff before <(snapshot state) </dev/null
	run -0 posted 2026-12
	run -0 cut -d, -f1 state/current/runs.csv </dev/null
	assert_equal "${lines[*]}" 'period 2026-11 2026-12'
}

@test "neither -n nor -b with an output folder is a usage error" {
	mkdir state
	run -2 --separate-stderr post -p 2026-11 -s state </dev/null
	assert_regex "$stderr" '^usage: post '
	run -0 find state </dev/null
	assert_output 'state'
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr post --help </dev/null
	assert_line --index 0 --regexp '^usage: post -p YYYY-MM -s STATEDIR'
	assert_equal "$stderr" ''
}

@test "--help into a full stdout is a write error and exits 1" {
	# post writes only the state; --help is what it prints on stdout
	run -1 --separate-stderr bash -c 'post --help </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same state as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	runfix 2026-11
	mkdir state c
	run -0 post -p 2026-11 -s c -b 2026-11/posting.csv 2026-11 </dev/null
	run -0 env LC_ALL=nl_NL.UTF-8 post -p 2026-11 -s state -b 2026-11/posting.csv 2026-11 </dev/null
	run -0 diff <(snapshot c) <(snapshot state) </dev/null
	run -0 cat state/current/runs.csv </dev/null
	assert_line --partial ',124.00,19.74,143.74,'
}

# --- the lock, faults and signals while posting ---------------------------

teardown() {
	if [ -n "${holder-}" ]; then
		kill "$holder" 2>/dev/null || true
		wait "$holder" 2>/dev/null || true
	fi
}

# current STATE: the checksum of every file of the generation STATE/current
# names (nothing when it names none, or one that does not exist)
current() {
	local g

	g=$(readlink "$1/current") && [ -d "$1/$g" ] || return 0
	(cd "$1/$g" && find . -type f | LC_ALL=C sort |
		while read -r f; do echo "$f $(cksum <"$f")"; done)
}

# gens STATE: the generation folders in STATE, one a line
gens() {
	(cd "$1" && for g in gen.*; do [ ! -e "$g" ] || echo "$g"; done)
}

# two_states: nov/, a state with 2026-11 posted, and ref/, the same after
# posting 2026-12, with $old and $new the checksums of their current
# generations; the runs in ./2026-11 and ./2026-12
two_states() {
	mkdir nov
	runfix 2026-11
	runfix 2026-12
	post -p 2026-11 -s nov -b 2026-11/posting.csv 2026-11 </dev/null
	cp -a nov ref
	post -p 2026-12 -s ref -b 2026-12/posting.csv 2026-12 </dev/null
	old=$(current nov)
	new=$(current ref)
	[ -n "$old" ] && [ -n "$new" ] && [ "$old" != "$new" ]
}

# need_strace: skip unless strace can trace here (ptrace may be forbidden)
need_strace() {
	command -v strace >/dev/null || skip "strace is not installed"
	strace -f -o /dev/null true </dev/null >/dev/null 2>&1 ||
		skip "strace cannot trace here"
}

# straced OPTION... CMD...: CMD under strace -f with the OPTIONs (its trace
# to /dev/null unless an option says otherwise); LeakSanitizer cannot run
# under ptrace, so it is off in the traced program
straced() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -o /dev/null "$@"
}

# CALLS: the system calls by which post changes the disk
CALLS='write fsync link mkdir unlink unlinkat symlink rename'

# count_calls: post's calls of CALLS while posting 2026-12 on a copy of
# nov/, one a line in ./calls ("NAME ARGS..."), in order
count_calls() {
	rm -rf counted
	cp -a nov counted
	straced -o trace -e trace="${CALLS// /,}" post -p 2026-12 -s counted \
	    -b 2026-12/posting.csv 2026-12 </dev/null
	sed -nE 's/^[0-9]+ +([a-z_0-9]+)\((.*)$/\1 \2/p' trace >calls
	rm -rf counted
	# the count is of a real posting: every kind of call is made
	for c in write fsync link mkdir unlink symlink rename; do
		grep -q "^$c " calls || fail "post made no $c call: $(cat calls)"
	done
}

# nth NAME N: the Nth call of NAME in ./calls, and its line number there
nth() {
	awk -v c="$1" -v n="$2" '$1 == c && ++k == n { print NR ": " $0 }' calls
}

# problems: the checks of a loop that failed, reported together at its end
problems=()
note() { problems+=("$*"); }
verdict() {
	[ ${#problems[@]} -eq 0 ] || fail "$(printf '%s\n' "${problems[@]}")"
}

# old_or_new WHAT: the state in state/ is exactly nov/ or exactly ref/ as
# far as its current generation goes, and that generation exists; when it
# is still the old one, nothing of the failed posting is left (no other
# generation, no .current.new).  Sets got to "old" or "new" (or "").
old_or_new() {
	local now

	got=
	if [ ! -d "state/$(readlink state/current)" ]; then
		note "$1: current names '$(readlink state/current)', which does not exist"
		return 0
	fi
	now=$(current state)
	if [ "$now" = "$old" ]; then
		got=old
		[ "$(gens state)" = "$(gens nov)" ] ||
			note "$1: the state is the old one but generations $(gens state | tr '\n' ' ')are left"
		[ ! -L state/.current.new ] ||
			note "$1: the state is the old one but .current.new is left"
	elif [ "$now" = "$new" ]; then
		got=new
	else
		note "$1: the current generation is neither the old nor the new one"
	fi
}

@test "post -l with a descriptor open on another file is refused and changes nothing" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	snapshot state >before
	: >other
	on_other() { exec 8>>other; posted 2026-12 -l 8; }
	run -1 --separate-stderr on_other
	assert_output ''
	assert_regex "$stderr" "^post: state/lock: the lock held is not this file"
	run -0 diff before <(snapshot state) </dev/null
	# nor with a descriptor that is not open at all
	run -1 --separate-stderr posted 2026-12 -l 987
	assert_output ''
	assert_regex "$stderr" '^post: state/lock: cannot lock'
	run -0 diff before <(snapshot state) </dev/null
	run -0 posted 2026-12
}

@test "post -l with the lock file replaced after it was opened is refused and changes nothing" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	# the descriptor is on the old lock file; the state's lock is another
	replaced() {
		exec 8>>state/lock
		rm state/lock
		: >state/lock
		snapshot state >before
		posted 2026-12 -l 8
	}
	run -1 --separate-stderr replaced
	assert_output ''
	assert_regex "$stderr" "^post: state/lock: the lock held is not this file: refusing to change the state"
	run -0 diff before <(snapshot state) </dev/null
	# the lock file removed and not made again: refused too, and not made
	removed() {
		exec 8>>state/lock
		rm state/lock
		snapshot state >before
		posted 2026-12 -l 8
	}
	run -1 --separate-stderr removed
	assert_output ''
	assert_regex "$stderr" '^post: state/lock'
	run -0 diff before <(snapshot state) </dev/null
	[ ! -e state/lock ]
}

@test "post with or without -l exits 3 while another process holds the state's lock, changing nothing" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	run -0 posted 2026-11
	snapshot state >before
	# another open file of the same lock, held by a background process
	exec 8>>state/lock
	flock -n 8
	sleep 300 3>&- </dev/null >/dev/null 2>&1 &
	holder=$!
	exec 8>&-
	run -1 flock -n state/lock true </dev/null
	run -3 --separate-stderr posted 2026-12
	assert_output ''
	assert_regex "$stderr" '^post: state is in use by another run'
	own_fd() { exec 8>>state/lock; posted 2026-12 -l 8; }
	run -3 --separate-stderr own_fd
	assert_output ''
	assert_regex "$stderr" '^post: state is in use by another run'
	run -0 diff before <(snapshot state) </dev/null
	kill "$holder"
	wait "$holder" || true
	holder=
	run -0 posted 2026-12
}

@test "post on a state folder that does not exist is refused and creates nothing" {
	runfix 2026-11
	run -1 --separate-stderr post -p 2026-11 -s nostate -b 2026-11/posting.csv 2026-11 </dev/null
	assert_output ''
	assert_regex "$stderr" "^post: nostate: "
	[ ! -e nostate ]
	: >afile
	run -1 --separate-stderr post -p 2026-11 -s afile -b 2026-11/posting.csv 2026-11 </dev/null
	assert_output ''
	assert_regex "$stderr" "^post: afile: "
	[ -f afile ] && [ ! -s afile ]
}

@test "post under umask 000 makes no file or folder that others may use" {
	mkdir state
	runfix 2026-11
	runfix 2026-12
	open_umask() { umask 000; posted "$1"; }
	run -0 --separate-stderr open_umask 2026-11
	run -0 --separate-stderr open_umask 2026-12
	assert_equal "$stderr" ''
	[ -f state/lock ] && [ -d state/current ]
	run -0 find state -mindepth 1 ! -type l -perm /g=w,o=rwx </dev/null
	assert_output ''
}

@test "an error at any write, fsync, link, mkdir, unlink, symlink or rename of post leaves the state old or new, and a rerun makes it new" {
	local c k n at want what err got switch

	need_strace
	two_states
	count_calls
	switch=$(grep -n '^rename ' calls | cut -d: -f1)
	for c in $CALLS; do
		n=$(grep -c "^$c " calls || true)
		for ((k = 1; k <= n; k++)); do
			what=$(nth "$c" "$k")
			at=${what%%:*}
			# harmless, so post goes on: the removal of a stale
			# .current.new (made anew at once) and every removal by
			# rmtree (unlinkat: what it could not remove is removed
			# by the next posting)
			want=1
			case $c:$what in
			unlink:*/.current.new*) want=0 ;;
			unlinkat:*) want=0 ;;
			esac
			err=EIO
			[ "$c" != write ] || err=ENOSPC
			echo "# $c number $k fails with $err: $what"
			rm -rf state
			cp -a nov state
			run -"$want" --separate-stderr straced -e trace="$c" \
			    -e inject="$c:error=$err:when=$k" \
			    post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
			assert_output ''
			if [ "$want" = 0 ]; then
				assert_equal "$stderr" ''
			else
				assert_regex "$stderr" '^post: '
			fi
			old_or_new "$c #$k ($what)"
			# the posting goes through when post goes on, or when
			# the call came after the switch
			if [ "$want" = 0 ] || [ "$at" -gt "$switch" ]; then
				[ "$got" = new ] ||
					note "$c #$k ($what): post exited $status, the state is '$got', expected the new one"
			else
				[ "$got" = old ] ||
					note "$c #$k ($what): post failed before the switch, the state is '$got', expected the old one"
			fi
			if [ "$want" = 1 ] && [ "$at" -gt "$switch" ]; then
				[[ $stderr == *"the state is now gen."* ]] ||
					note "$c #$k ($what): failed after the switch without saying so: $stderr"
			fi
			# a rerun, without the fault, gives the new state
			run -0 --separate-stderr post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
			[ "$(current state)" = "$new" ] ||
				note "$c #$k ($what): after a rerun the state is not the new one"
		done
	done
	verdict
}

@test "a failed fsync of the state folder after the switch exits 1, says so and keeps the new generation as the state" {
	local n

	need_strace
	two_states
	count_calls
	# the last fsync is the state folder's, after the rename
	n=$(grep -c '^fsync ' calls)
	[ "$(grep -n '^fsync ' calls | tail -1 | cut -d: -f1)" -gt "$(grep -n '^rename ' calls | cut -d: -f1)" ]
	rm -rf state
	cp -a nov state
	run -1 --separate-stderr straced -e trace=fsync -e inject=fsync:error=EIO:when="$n" \
	    post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
	assert_output ''
	assert_regex "$stderr" '^post: state: the state is now gen\.000002, but the folder could not be synced'
	assert_equal "$(readlink state/current)" gen.000002
	[ -d state/gen.000002 ]
	assert_equal "$(current state)" "$new"
	# the earlier generation is kept, in case the switch did not reach
	# the disk
	[ -d state/gen.000001 ]
	run -0 diff -r nov/gen.000001 state/gen.000001
}

@test "a rerun after a posting that failed past its switch leaves the state exactly as one uninterrupted posting" {
	local c k n what switch at want

	need_strace
	two_states
	count_calls
	switch=$(grep -n '^rename ' calls | cut -d: -f1)
	# every call after the switch that can fail: the fsync of the state
	# folder and the removals of the old generation
	for c in fsync unlinkat; do
		n=$(grep -c "^$c " calls || true)
		for ((k = 1; k <= n; k++)); do
			what=$(nth "$c" "$k")
			at=${what%%:*}
			[ "$at" -gt "$switch" ] || continue
			echo "# $c number $k fails: $what"
			rm -rf state
			cp -a nov state
			# the sync fails the run; a removal that fails does not
			want=1
			[ "$c" != unlinkat ] || want=0
			run -"$want" --separate-stderr straced -e trace="$c" -e inject="$c:error=EIO:when=$k" \
			    post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
			run -0 --separate-stderr post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
			assert_equal "$stderr" ''
			[ "$(snapshot state)" = "$(snapshot ref)" ] ||
				note "$c #$k ($what): after the rerun the state holds $(gens state | tr '\n' ' ')(expected only $(gens ref))"
		done
	done
	verdict
}

@test "a SIGTERM, SIGINT or SIGHUP at any call of post that changes the disk leaves the state old or new, never without its generation" {
	local c k n sig num what at switch got

	need_strace
	two_states
	count_calls
	switch=$(grep -n '^rename ' calls | cut -d: -f1)
	for sig in $(catchable TERM INT HUP); do
		num=$(kill -l "$sig")
		for c in $CALLS; do
			n=$(grep -c "^$c " calls || true)
			for ((k = 1; k <= n; k++)); do
				what=$(nth "$c" "$k")
				at=${what%%:*}
				echo "# SIG$sig at $c number $k: $what"
				rm -rf state
				cp -a nov state
				# the signal comes as the call is made: the call
				# is done, then the handler runs
				run -$((128 + num)) --separate-stderr straced -e trace="$c" \
				    -e inject="$c:signal=SIG$sig:when=$k" \
				    post -p 2026-12 -s state -b 2026-12/posting.csv 2026-12 </dev/null
				assert_output ''
				old_or_new "SIG$sig at $c #$k ($what)"
				if [ "$at" -ge "$switch" ]; then
					[ "$got" = new ] || [ -z "$got" ] ||
						note "SIG$sig at $c #$k ($what): the switch was made, yet the state is '$got'"
				else
					[ "$got" = old ] || [ -z "$got" ] ||
						note "SIG$sig at $c #$k ($what): before the switch, yet the state is '$got'"
				fi
			done
		done
	done
	verdict
}

@test "runs.csv's digest is what coreutils computes: sha256sum of the run's CSVs and SEPA files, as the README says, hashed again" {
	mkdir state
	runfix 2026-11
	mkdir 2026-11/sepa
	printf '<Document/>\n' >2026-11/sepa/B-2.xml
	printf '<Document>1</Document>\n' >2026-11/sepa/A-1.xml
	run -0 posted 2026-11
	want=$(cd 2026-11 && LC_ALL=C sha256sum invoices.csv lines.csv $(LC_ALL=C ls usage.csv 2>/dev/null) \
		$(LC_ALL=C ls sepa/*.xml 2>/dev/null) | sha256sum | cut -d' ' -f1)
	[ "${#want}" = 64 ]
	assert_equal "$(tail -1 state/current/runs.csv | awk -F, '{ print $NF }')" "$want"
	# a faithful rerun is that digest again; one SEPA byte more is not
	run -0 posted 2026-11
	printf ' ' >>2026-11/sepa/A-1.xml
	run -1 --separate-stderr posted 2026-11
	[[ $stderr == *"period 2026-11 was posted with other results"* ]]
}

@test "a period a state of before SHA-256 posted (a 16-digit FNV-1a digest) is still told faithful or not" {
	mkdir state
	runfix 2026-11
	run -0 posted 2026-11
	# the digest as the earlier post wrote it: FNV-1a 64 over each file's
	# name and bytes, in the same order
	fnv=$(cd 2026-11 && /usr/bin/python3 -c '
import os
h = 0xcbf29ce484222325
for f in ["invoices.csv", "lines.csv", "usage.csv"] + sorted("sepa/" + x for x in (os.listdir("sepa") if os.path.isdir("sepa") else []) if x.endswith(".xml")):
    if not os.path.exists(f):
        continue
    for b in f.encode() + open(f, "rb").read():
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print("%016x" % h)')
	g=$(readlink state/current)
	sed -i "\$s/,[0-9a-f]*\$/,$fnv/" "state/$g/runs.csv"
	before=$(snapshot state)
	run -0 posted 2026-11
	assert_equal "$(snapshot state)" "$before"
	printf ' ' >>2026-11/lines.csv
	run -1 --separate-stderr posted 2026-11
	[[ $stderr == *"period 2026-11 was posted with other results"* ]]
}
