#!/bin/bash
# SPDX-License-Identifier: MIT
# make check-litmus: run herd7 with the Linux-kernel memory model on every
# test in litmus/ and compare each observation with the test's "Result:"
# line (Always, Sometimes or Never, then DATARACE when herd7 flags a data
# race: its "Flag data-race" line, which the kernel's own judgelitmus.sh
# of 6.1 does not read).  Before that, check each test's header: its
# "Kernel:" lines, and "Mirrors: FILE:N-M NAME" lines whose NAME must be
# in lines N-M of FILE (so a header cannot point at code that moved).
# Then check that the suite can fail and tells the forms apart:
#  - flag-A with its release store weakened to WRITE_ONCE() is Sometimes;
#  - flag_xchg-A with the reuse moved inside "if (!tsk)" (a control
#    dependency the kernel's code does not have) is Never.
# Run on the whole suite, the verdicts must equal litmus/results.csv, the
# file shipped for scripts/lkml-report; --update rewrites it.
#
#   tests/litmus.sh [-o RESULTS.csv] [--update | --shipped FILE] [TEST.litmus...]
#
# TAP lines, then "N passed, N failed"; exit 1 on any failure.  The
# results (test,strategy,window,expected,observed) go to
# build/litmus-results.csv.  herd7 comes from HERD7= or PATH; without it
# this checks the headers, says how to get herd7 and exits 0 with a SKIP
# line.  The model comes from tests/lkmm-model.sh.
set -u
cd "$(dirname "$0")/.." || exit 1

results=build/litmus-results.csv
shipped='' update=''
while [ $# -gt 0 ]; do
	case $1 in
	-o|--shipped)
		if [ $# -lt 2 ] || [ -z "$2" ]; then
			echo "litmus: $1 needs a file name" >&2
			exit 2
		fi
		if [ "$1" = -o ]; then results=$2; else shipped=$2; fi
		shift 2 ;;
	--update) update=1; shift ;;
	--) shift; break ;;
	-*) echo "litmus: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# = 0 ]; then
	set -- litmus/*.litmus
	[ -n "$shipped" ] || shipped=litmus/results.csv
fi
if [ -n "$update" ] && [ "$shipped" != litmus/results.csv ]; then
	echo "litmus: --update rewrites litmus/results.csv from the whole suite: give no test and no --shipped" >&2
	exit 2
fi
for f in "$@"; do
	[ -r "$f" ] || { echo "litmus: cannot read $f" >&2; exit 2; }
done

n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -n "${2:-}" ] && sed 's/^/#   /' "$2" | tail -20
}

# Print what is wrong with a test's header, nothing when it is right.
header_problems() {
	awk -v test="$1" '
		function check(file, from, to, name,   line, i, found) {
			if ((getline line < file) < 0) { print "Mirrors: cannot read " file; return }
			i = 1; found = 0
			do {
				if ((to == "" || (i >= from && i <= to)) && index(line, name)) found = 1
				i++
			} while ((getline line < file) > 0)
			close(file)
			if (to == "") { if (!found) print "Mirrors: " name " is not in " file; return }
			if (from > to || to >= i) print "Mirrors: " file ":" from "-" to " is not a line range of " file
			else if (!found) print "Mirrors: " name " is not in " file " lines " from "-" to " (did the code move?)"
		}
		/^ \* Kernel: / { kernel++ }
		/^ \* Mirrors: / {
			mirrors++
			if (match($3, /^[A-Za-z0-9_.\/-]+:[0-9]+-[0-9]+$/)) {
				split($3, a, /[:-]/); check(a[1], a[2] + 0, a[3] + 0, $4)
			} else if ($3 ~ /^[A-Za-z0-9_.\/-]+$/ && $4 != "")
				check($3, 1, "", $4)
			else print "Mirrors: want FILE:N-M NAME or FILE NAME, got: " $0
		}
		END {
			if (!kernel) print "no \" * Kernel:\" line naming the kernel function and version"
			if (!mirrors) print "no \" * Mirrors:\" line naming the fencebench lines it models"
		}' "$1"
}

for f in "$@"; do
	name=${f##*/}
	name=${name%.litmus}
	problems=$(header_problems "$f")
	if [ -z "$problems" ]; then
		ok "$name: header names the kernel and the lines it mirrors"
	else
		fail "$name: header"
		sed 's/^/#   /' <<<"$problems"
	fi
done

herd=${HERD7:-$(command -v herd7 || true)}
if [ -z "$herd" ] && [ -n "$update" ]; then
	echo "litmus: --update needs herd7 (HERD7=/path/to/herd7): litmus/results.csv not rewritten" >&2
	exit 2
fi
if [ -z "$herd" ]; then
	echo "SKIP: check-litmus: herd7 not found. Install it with 'opam install herdtools7'," \
	     "or build herdtools7 from source (https://github.com/herd/herdtools7)," \
	     "then run: make check-litmus HERD7=/path/to/herd7"
	echo "1..$n"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
fi
command -v "$herd" >/dev/null 2>&1 || { echo "litmus: HERD7=$herd is not a command" >&2; exit 2; }
herd=$(command -v "$herd")
case $herd in /*) ;; *) herd=$PWD/$herd ;; esac
model=$(tests/lkmm-model.sh) || exit $?

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$("$herd" -version 2>/dev/null | head -1)
source=$(cat "$model/SOURCE" 2>/dev/null || echo "$model")
echo "# herd7 $version; linux-kernel.cfg from $source"

# Print a test's expected outcome: its "Result:" word, then DATARACE if present.
expected() {
	sed -n 's/^ \* Result: *//p' "$1" | head -1 | awk '
		$1 ~ /^(Always|Sometimes|Never)$/ && (NF == 1 || (NF == 2 && $2 == "DATARACE")) {
			print; ok = 1 }
		END { exit !ok }'
}

# Run herd7 on a test (from the model's directory, where linux-kernel.cfg
# finds its .cat and .bell); print the observation, then DATARACE if
# herd7 flagged a data race, or "error".  herd7's output goes to $2.
observe() {
	local abs
	abs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	(cd "$model" && timeout 300 "$herd" -conf linux-kernel.cfg "$abs") >"$2" 2>&1
	awk '
		/^Observation / { obs = $3 }
		/^Flag data-race/ { race = 1 }
		END { if (obs == "") print "error"; else print obs (race ? " DATARACE" : "") }' "$2"
}

echo "test,strategy,window,expected,observed" >"$tmp/results.csv"
for f in "$@"; do
	name=$(basename "$f" .litmus)
	if ! exp=$(expected "$f"); then
		fail "$name: no valid ' * Result:' line (Always|Sometimes|Never [DATARACE])"
		continue
	fi
	obs=$(observe "$f" "$tmp/$name.out")
	echo "$name,${name%-*},${name##*-},$exp,$obs" >>"$tmp/results.csv"
	if [ "$obs" = "$exp" ]; then
		ok "$name: $obs"
	else
		fail "$name: expected $exp, observed $obs" "$tmp/$name.out"
	fi
done

# mutant NAME FROM SED-EXPR CHECK-REGEX WANT DESCRIPTION: herd7 on a copy of
# litmus/FROM.litmus changed by SED-EXPR (which must have changed the line
# CHECK-REGEX finds) must observe WANT (a prefix: the race flag aside).
mutant() {
	local m=$tmp/$1.litmus obs
	[ -r "litmus/$2.litmus" ] || return 0	# not in this tree
	sed -e "s/^C $2\$/C $1/" -e "$3" "litmus/$2.litmus" >"$m"
	if ! grep -q "$4" "$m"; then
		fail "$1: litmus/$2.litmus no longer has the line this check changes"
		return
	fi
	obs=$(observe "$m" "$tmp/$1.out")
	case $obs in
	"$5"*) ok "$6: $obs" ;;
	*) fail "$6: expected $5, observed $obs" "$tmp/$1.out" ;;
	esac
}
mutant flag-A+weak flag-A 's/smp_store_release(tsk, 0);/WRITE_ONCE(*tsk, 0);/' \
	'^[[:space:]]*WRITE_ONCE(\*tsk, 0);' Sometimes \
	"flag-A with WRITE_ONCE() for its release store (herd7 can say no)"
mutant flag_xchg-A+ctrl flag_xchg-A 's/^\tWRITE_ONCE(\*prev, poison);/\tif (r2 == 0)\n\t\tWRITE_ONCE(*prev, poison);/' \
	'^[[:space:]]*if (r2 == 0)$' Never \
	"flag_xchg-A with the reuse inside 'if (!tsk)': the control dependency closes it"

# written whole, then renamed: never a half-written results file
{ echo "# herd7 $version; linux-kernel.cfg from $source"; cat "$tmp/results.csv"; } >"$tmp/final.csv"
if ! { mkdir -p "$(dirname "$results")" && cp "$tmp/final.csv" "$results.tmp" &&
       mv "$results.tmp" "$results"; }; then
	echo "litmus: cannot write $results" >&2
	exit 1
fi
echo "# results: $results"

# The shipped verdicts: the same rows as this run, or stale.
if [ -n "$update" ]; then
	if [ "$failed" = 0 ] && cp "$tmp/final.csv" litmus/results.csv.tmp &&
	   mv litmus/results.csv.tmp litmus/results.csv; then
		echo "# updated: litmus/results.csv"
	else
		fail "--update: litmus/results.csv not rewritten (a check failed, or it cannot be written)"
	fi
elif [ -n "$shipped" ]; then
	if [ ! -r "$shipped" ]; then
		fail "$shipped: missing; write it with: make litmus-results HERD7=$herd"
	elif grep -v '^#' "$shipped" | cmp -s - "$tmp/results.csv"; then
		ok "$shipped holds the verdicts herd7 gives now"
		head -1 "$shipped" | cmp -s - <(head -1 "$tmp/final.csv") ||
			echo "# note: $shipped was made with $(head -1 "$shipped" | sed 's/^# //'); same verdicts"
	else
		grep -v '^#' "$shipped" | diff - "$tmp/results.csv" | sed -n 's/^</shipped:/p; s/^>/now:    /p' >"$tmp/stale"
		echo "refresh it with: make litmus-results HERD7=$herd (tests/litmus.sh --update), and commit it" >>"$tmp/stale"
		fail "$shipped is stale: herd7's verdicts differ from it" "$tmp/stale"
	fi
fi
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
