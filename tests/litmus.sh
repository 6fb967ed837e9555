#!/bin/bash
# SPDX-License-Identifier: MIT
# make check-litmus: run herd7 with the Linux-kernel memory model on every
# test in litmus/ and compare each observation with the test's
# "Result:" line (Always, Sometimes or Never, then DATARACE when the
# model must flag a data race, as the kernel's judgelitmus.sh reads it).
# Then check that the suite can fail: a copy of flag-B with its release
# store weakened to WRITE_ONCE() must come out Sometimes.
#
#   tests/litmus.sh [-o RESULTS.csv] [TEST.litmus...]
#
# TAP lines, then "N passed, N failed"; exit 1 on any failure.  The
# results (test,strategy,window,expected,observed) go to
# build/litmus-results.csv, which scripts/lkml-report --litmus reads.
# herd7 comes from HERD7= or PATH; without it this says how to get it and
# exits 0 with a SKIP line.  The model comes from tests/lkmm-model.sh.
set -u
cd "$(dirname "$0")/.." || exit 1

results=build/litmus-results.csv
if [ "${1:-}" = -o ]; then
	if [ $# -lt 2 ] || [ -z "$2" ]; then
		echo "litmus: -o needs a file name" >&2
		exit 2
	fi
	results=$2
	shift 2
fi
case ${1:-} in -*) echo "litmus: unknown option '$1'" >&2; exit 2 ;; esac
if [ $# = 0 ]; then
	set -- litmus/*.litmus
fi
for f in "$@"; do
	[ -r "$f" ] || { echo "litmus: cannot read $f" >&2; exit 2; }
done

herd=${HERD7:-$(command -v herd7 || true)}
if [ -z "$herd" ]; then
	echo "SKIP: check-litmus: herd7 not found. Install it with 'opam install herdtools7'," \
	     "or build herdtools7 from source (https://github.com/herd/herdtools7)," \
	     "then run: make check-litmus HERD7=/path/to/herd7"
	exit 0
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

n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -n "${2:-}" ] && sed 's/^/#   /' "$2" | tail -20
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

# The suite can fail: flag-B without its release must be Sometimes.
weak=$tmp/flag-B+weak.litmus
sed -e 's/^C flag-B$/C flag-B+weak/' \
    -e 's/smp_store_release(tsk, 0);/WRITE_ONCE(*tsk, 0);/' litmus/flag-B.litmus >"$weak"
if ! grep -q '^[[:space:]]*WRITE_ONCE(\*tsk, 0);' "$weak" ||
   grep -q '^[[:space:]]*smp_store_release(' "$weak"; then
	fail "flag-B+weak: litmus/flag-B.litmus no longer has smp_store_release(tsk, 0) to weaken"
else
	obs=$(observe "$weak" "$tmp/weak.out")
	case $obs in
	Sometimes*) ok "flag-B with WRITE_ONCE() for its release store: $obs (herd7 can say no)" ;;
	*) fail "flag-B with WRITE_ONCE() for its release store: expected Sometimes, observed $obs" \
		"$tmp/weak.out" ;;
	esac
fi

# written whole, then renamed: never a half-written results file
if ! { mkdir -p "$(dirname "$results")" &&
       { echo "# herd7 $version; linux-kernel.cfg from $source"; cat "$tmp/results.csv"; } \
		>"$results.tmp" && mv "$results.tmp" "$results"; }; then
	echo "litmus: cannot write $results" >&2
	exit 1
fi
echo "# results: $results"
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
