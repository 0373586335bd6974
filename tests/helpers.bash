# helpers.bash: shared setup of the bats tests.  Load with
#   load helpers
# Programs come from $BILLING_BIN (the sanitizer build under make check),
# else from bin/; the shared folder (spec, reference files) is $SHARED, as
# tools/check resolves it, else ../shared beside the checkout.  Every test
# runs in C locale in its own temp folder.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
BIN=${BILLING_BIN:-$ROOT/bin}
FIX=$BATS_TEST_DIRNAME/fixtures
SHARED=${SHARED:-$ROOT/../shared}

setup() {
	export LC_ALL=C
	export PATH=$BIN:$PATH
	T=$BATS_TEST_TMPDIR
	cd "$T" || return 1
}

# terms PROFILE: write terms.conf for VZ or VW into the current folder
terms() {
	case ${1:-VZ} in
	VZ) cp "$FIX/terms-vz.conf" terms.conf ;;
	VW) cp "$FIX/terms-vw.conf" terms.conf ;;
	esac
}

# snapshot DIR: one line per file under DIR with its checksum, for
# "the state is byte for byte as it was"
snapshot() {
	(cd "$1" && find . -type f -o -type l | LC_ALL=C sort | while read -r f; do
		if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"
		else echo "$f $(cksum <"$f")"; fi
	done)
}

# col FILE NAME: the values of column NAME of a CSV without quoted commas
col() {
	awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
		{ print $c }' "$1"
}

# pick FILE COL...: the named columns of every row of CSV FILE (quoted
# fields allowed), joined by '|'; the stream's 'scope' markers left out
pick() {
	awk -v want="${*:2}" '
	function parse(s,   n, i, c, q, v) {
		n = 0; v = ""; q = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (q && c == "\"" && substr(s, i + 1, 1) == "\"") { v = v c; i++ }
			else if (c == "\"") q = !q
			else if (!q && c == ",") { f[++n] = v; v = "" }
			else v = v c
		}
		f[++n] = v
		return n
	}
	NR == 1 { n = parse($0); for (i = 1; i <= n; i++) col[f[i]] = i
		nw = split(want, w, " "); next }
	{ parse($0); if ("kind" in col && f[col["kind"]] == "scope") next
		out = ""
		for (i = 1; i <= nw; i++) out = out (i > 1 ? "|" : "") f[col[w[i]]]
		print out }' "$1" </dev/null
}

# catchable SIGNALS...: those of SIGNALS (TERM, INT, ...) that this test's
# processes can receive: a shell started in the background ignores SIGINT,
# its children inherit that, and a program rightly keeps a signal ignored
catchable() {
	local sig num ign
	ign=$(awk '/^SigIgn:/ { print $2 }' /proc/self/status)
	for sig in "$@"; do
		num=$(kill -l "$sig")
		(( (0x$ign >> (num - 1)) & 1 )) || echo "$sig"
	done
}
