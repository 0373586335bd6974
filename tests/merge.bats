#!/usr/bin/env bats
# merge: a k-way merge of item streams sorted by customer_id, keeping the
# order of the files for equal customers.

load helpers

HEAD=customer_id,key,scope,kind,ref,description,from,to,quantity,unit,unit_price,net,vat_rate,rule,history,vat_category

# stream FILE CUSTOMER/KEY...: an item stream of one 1.00 charge per
# argument, e.g. stream a.csv A/a1 B/b1
stream() {
	local f=$1 x
	shift
	echo "$HEAD" >"$f"
	for x; do
		echo "${x%%/*},${x#*/},,charge,R,Werk,2026-10-01,2026-10-01,1,,1.00,1.00,21,VZ 8.15,no," >>"$f"
	done
}

# keys: customer and key of each item of $output
keys() {
	cut -d, -f1,2 <<<"$output" | tail -n +2
}

@test "items come out by customer, equal customers in the order of the files" {
	stream one.csv A/a1 B/b1 B/b2
	stream two.csv B/b3 C/c1
	stream three.csv A/a0 B/b0
	run -0 merge two.csv one.csv three.csv </dev/null
	assert_line --index 0 "$HEAD"
	run -0 keys
	assert_output - <<-'EOF'
	A,a1
	A,a0
	B,b3
	B,b1
	B,b2
	B,b0
	C,c1
	EOF
}

@test "customers compare by bytes, not by locale or number" {
	stream one.csv C10/x C9/y
	stream two.csv C2/z c1/w
	run -0 merge one.csv two.csv </dev/null
	run -0 keys
	assert_output - <<-'EOF'
	C10,x
	C2,z
	C9,y
	c1,w
	EOF
}

@test "one file passes through byte for byte" {
	stream one.csv A/a1 B/b1 B/b2
	run -0 merge one.csv </dev/null
	assert_equal "$output" "$(cat one.csv)"
}

@test "an empty stream merges into the header alone" {
	stream empty.csv
	stream one.csv A/a1
	run -0 merge empty.csv one.csv </dev/null
	assert_equal "${#lines[@]}" 2
	run -0 merge empty.csv </dev/null
	assert_output "$HEAD"
}

@test "an unsorted input is an error naming the file and the line" {
	stream good.csv A/a1 C/c1
	stream bad.csv B/b1 A/a2
	run -1 --separate-stderr merge good.csv bad.csv </dev/null
	assert_equal "$stderr" "merge: bad.csv:3: customer 'A' after 'B': expected items sorted by customer_id"
}

@test "an input without the item columns is an error naming the file" {
	printf 'customer_id,key\nA,a1\n' >short.csv
	run -1 --separate-stderr merge short.csv </dev/null
	assert_regex "$stderr" "^merge: short\.csv:1"
}

@test "no file operand is a usage error" {
	run -2 --separate-stderr merge </dev/null
	assert_regex "$stderr" '^usage: merge '
	assert_output ''
}

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr merge --help </dev/null
	assert_line --index 0 --regexp '^usage: merge file'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported and exits 1" {
	stream one.csv A/a1 B/b1
	run -1 --separate-stderr bash -c 'merge one.csv </dev/null >/dev/full'
	assert_regex "$stderr" 'write error'
}

@test "a comma-decimal locale gives the same bytes as the C locale" {
	locale -a | grep -qiE '^nl_NL\.utf-?8$' || skip "no nl_NL.UTF-8 locale"
	stream one.csv A/a1 B/b1
	stream two.csv A/a2
	run -0 merge one.csv two.csv </dev/null
	c=$output
	assert_line --partial ',1.00,1.00,'
	run -0 env LC_ALL=nl_NL.UTF-8 merge one.csv two.csv </dev/null
	assert_equal "$output" "$c"
}
