# helpers.bash: shared setup of the bats tests.  Load with
#   load helpers
# Programs come from $BILLING_BIN (the sanitizer build under make check),
# else from bin/.  Every test runs in C locale in its own temp folder.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
BIN=${BILLING_BIN:-$ROOT/bin}
FIX=$BATS_TEST_DIRNAME/fixtures

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
