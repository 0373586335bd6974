# driver.sh: what bill-run and dunning-run share, sourced by both after
# they set prog, in, out and state (formats.md "The two drivers"): the
# messages and exit codes, the checks of the folders, the state's lock,
# the work folder built aside, and step.  Not a program of its own.

die() {
	[ -z "${tty:-}" ] || printf '\r\033[K' >&2	# after progress
	echo "$prog: $*" >&2
	exit 1
}

# driver_filters NAME...: each filter the driver runs is in $bindir, so
# that a broken installation is named rather than some other program of
# the same name on the PATH run
driver_filters() {
	local f

	for f in "$@"; do
		[ -f "$bindir/$f" ] && [ -x "$bindir/$f" ] && continue
		[ -f "$bindir/$f" ] && die "$bindir/$f: not executable: a filter of the installation (make install)"
		die "$bindir/$f: $(kind "$bindir/$f"): a filter of the installation (make install)"
	done
}

badusage() {
	echo "$prog: $*" >&2
	synopsis >&2
	exit 2
}

# what PATH is, for a message: "a folder", "a broken link", "missing", ...
kind() {
	if [ -L "$1" ] && [ ! -e "$1" ]; then echo "a broken link"
	elif [ -d "$1" ]; then echo "a folder"
	elif [ -f "$1" ]; then echo "a file"
	elif [ -e "$1" ]; then echo "not a regular file"
	else echo "missing"
	fi
}

# driver_inputs FILE...: the input folder holds these files, readable
driver_inputs() {
	local f

	[ -d "$in" ] || die "$in: $(kind "$in"): expected the input folder"
	for f in "$@"; do
		case $(kind "$in/$f") in
		"a file") [ -r "$in/$f" ] || die "$in/$f: cannot read: permission denied" ;;
		missing) die "$in/$f: missing: expected it in the input folder" ;;
		*) die "$in/$f: $(kind "$in/$f"): expected a file" ;;
		esac
	done
}

# driver_begin: check OUTDIR and STATEDIR, take the state's lock on
# descriptor 9 (exit 3 when another run holds it), and make the work
# folder: sets in, out and state to absolute paths, work, stage, steps
driver_begin() {
	# the state and the outputs hold names, addresses and IBANs
	umask "$(printf '%04o' $(($(umask) | 027)))"
	if [ -n "$state" ]; then
		# formats.md: a typo must never start a new series that reuses numbers
		[ -d "$state" ] || die "$state: $(kind "$state"): expected an existing state folder (-s; an empty one for the first run)"
	fi
	if [ -e "$out" ] || [ -L "$out" ]; then
		[ -d "$out" ] || die "$out: $(kind "$out"): expected a new or empty output folder"
		# send-run replaces the folder of its earlier run of the day
		[ -z "$(ls -A "$out" 2>/dev/null)" ] || [ -n "${out_replaces:-}" ] ||
			die "$out: exists and is not empty: remove it or choose another"
	fi

	in=$(cd "$in" && pwd)
	local outparent err dead
	outparent=$(dirname "$out")
	if ! err=$(mkdir -p "$outparent" 2>&1); then
		die "$outparent: cannot create the folder: ${err##*: }"
	fi
	out=$(cd "$outparent" && pwd)/$(basename "$out")
	fresh=
	if [ -z "$state" ]; then
		state=$(dirname "$out")/state
		if [ ! -e "$state" ]; then
			if ! err=$(mkdir "$state" 2>&1); then
				die "$state: cannot create the state folder: ${err##*: }"
			fi
			fresh=yes
		fi
	fi
	state=$(cd "$state" && pwd)

	# the lock file stays empty and is never removed: a lock another run
	# holds can never be lost (STATEDIR/lock, state.h)
	{ : >>"$state/lock"; } 2>/dev/null || die "$state/lock: cannot open the lock: permission denied?"
	exec 9>>"$state/lock"
	if ! flock -n 9; then
		echo "$prog: $state is in use by another run: try again when it ends" >&2
		exit 3
	fi

	work=
	trap driver_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM

	# a run killed outright (SIGKILL, a power cut) left its work folder:
	# the link .work in the state names it, and only the holder of the
	# lock runs
	if [ -L "$state/.work" ]; then
		dead=$(readlink "$state/.work")
		case $(basename "$dead") in
		.*.bill-run.* | .*.dunning-run.* | .*.send-run.*)
			if [ -f "$dead/.bill-run" ] || [ -f "$dead/.dunning-run" ] ||
			    [ -f "$dead/.send-run" ]; then
				rm -rf "$dead"
			fi
			;;
		esac
		rm -f "$state/.work"
	fi

	work=$(mktemp -d "$(dirname "$out")/.$(basename "$out").$prog.XXXXXX")
	: >"$work/.$prog"
	ln -s "$work" "$state/.work"
	stage=$work/out
	steps=$stage/steps
	mkdir -p "$steps" "$work/err"
}

driver_cleanup() {
	status=$?
	[ -z "$work" ] || rm -rf "$work"
	if [ -n "$work" ] && [ "$(readlink "$state/.work" 2>/dev/null)" = "$work" ]; then
		rm -f "$state/.work"
	fi
	# the default state this run made, and left as it found it: gone
	# again (no other run can hold its lock: this one does)
	if [ $status -ne 0 ] && [ -n "$fresh" ] && [ "$(ls -A "$state")" = lock ]; then
		rm -f "$state/lock"
		rmdir "$state" 2>/dev/null || true
	fi
	exit $status
}

# progress TEXT: where the run is, on one line of stderr that the next
# overwrites, only when stderr is a terminal (cron's mail gets none of it);
# progress_end clears it
tty=
[ ! -t 2 ] || tty=yes
progress() {
	[ -z "$tty" ] || printf '\r\033[K%s: %s' "$prog" "$*" >&2
}
progress_end() {
	[ -z "$tty" ] || printf '\r\033[K' >&2
}

# step CMD...: run one program, its messages kept apart; when it fails,
# show what it said and stop (exit 3 when the state is locked, else 1)
nerr=0
step() {
	local e st

	nerr=$((nerr + 1))
	e=$work/err/$(printf '%02d' $nerr)
	progress "step $nerr: $1"
	"$@" 2>"$e" && return 0
	st=$?
	progress_end
	cat "$e" >&2
	# a bad option value (exit 2) and a locked state (3) say so; the rest 1
	[ $st -eq 2 ] || [ $st -eq 3 ] || st=1
	exit $st
}

# present PATH: an optional input that exists is read, whatever it is, so
# that a folder or a broken link where a file should be is an error
present() { [ -e "$1" ] || [ -L "$1" ]; }

# driver_warnings: what the programs said on the way (a missing interest
# rate, say), shown once the run succeeded; no progress after them, so
# that the summary line stands alone
driver_warnings() {
	local f

	progress_end
	tty=
	for f in "$work"/err/*; do
		[ ! -s "$f" ] || cat "$f" >&2
	done
}
