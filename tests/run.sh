#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs the test programs and scripts of the table below, echoes their TAP,
# and ends with the line "N passed, N failed" (", N skipped" follows when
# a check or a whole program was skipped).  Exit 1 if any test failed.
# Run from the top of the tree (the make targets do).
#
#   tests/run.sh              every test of this build (make check)
#   tests/run.sh --quick      the unit tests and the fast scripts (make check-quick)
#   tests/run.sh NAME...      the named tests only (make check T="NAME...")
#
# A test fails if it exits non-zero, prints "not ok", or does not print
# exactly one plan ("1..N") matching the checks it ran: a program that
# stops early, or runs checks it did not plan, fails.  "ok N # SKIP why"
# counts as skipped; a program that exits 4 ("1..0 # SKIP why") counts
# as one skipped test.
#
# make check-cross sets B (the build directory, e.g. build/aarch64),
# RUN_PREFIX (the emulator, e.g. qemu-aarch64-static) and CROSS_ARCH: the
# tests marked "cross" then run their binaries under the emulator, each
# killed after TEST_TIMEOUT seconds (300); every other test is counted as
# skipped, with the reason.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
FB=./fencebench
CROSS_ARCH=${CROSS_ARCH:-}
RUN=()
if [ -n "${RUN_PREFIX:-}" ]; then
	# shellcheck disable=SC2206
	RUN=(timeout -s KILL "${TEST_TIMEOUT:-300}" $RUN_PREFIX)
fi

# name, where it runs, command.  Where: "quick" (make check-quick runs
# it), "cross" (check-cross runs it under the emulator), "xonly" (only
# check-cross runs it), "-" (native make check only).  $B and $FB are
# expanded; the commands hold no other shell syntax.
# shellcheck disable=SC2016
table='
test_list          quick,cross  $B/test_list
test_stats         quick,cross  $B/test_stats
test_fence         quick,cross  $B/test_fence
test_windows       quick,cross  $B/test_windows
test_wake          quick,cross  $B/test_wake
test_alloc         quick,cross  $B/test_alloc
test_engine_kernel quick,cross  $B/test_engine_kernel
test_topology      quick,cross  $B/test_topology
test_locks         quick,cross  $B/test_locks
test_fence-llsc    xonly        $B/test_fence-llsc
test_fence-lse     xonly        $B/test_fence-lse
cross              xonly        tests/cross.sh $B
tsan/test_fence    -            $B/tsan/test_fence
tsan/test_windows  -            $B/tsan/test_windows
tsan/test_locks    -            $B/tsan/test_locks
cli                -            tests/cli.sh $FB
options            quick        tests/options.sh $FB
report             quick        tests/report.sh $FB
golden             quick        tests/golden.sh $FB
regimes            -            tests/regimes.sh $FB
lkp-result         quick        tests/lkp-result.sh $FB
instrument         -            tests/instrument.sh $FB
floors             quick        tests/floors.sh $FB
trace              -            tests/trace.sh $FB
lkml-litmus        quick        tests/lkml-litmus.sh $FB
lkml-report        quick        tests/lkml-report.sh $FB
litmus-harness     -            tests/litmus-harness.sh
placement          -            tests/placement.sh $FB
robust             -            tests/robust.sh $FB
locks              -            tests/locks.sh $FB
finish_wait        -            tests/finish_wait.sh $FB
sleep              -            tests/sleep.sh $FB
forms              -            tests/forms.sh $FB
install            -            tests/install.sh $FB
tsan/fencebench    -            tests/tsan.sh
plots              -            tests/plots.sh
doc-commands       -            tests/doc-commands.sh $FB
tap-plan           quick        tests/tap-plan.sh
docs               quick        tests/docs.sh $FB
'

# RUN_TABLE: a table of the same shape in its place (tests/tap-plan.sh)
table=${RUN_TABLE:-$table}
passed=0 failed=0 skipped=0

# name, then the command: its TAP echoed and added up
run() {
	local name=$1 out rc p f s plans planned why
	shift
	echo "# --- $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ "$rc" = 4 ]; then
		skipped=$((skipped + 1))
		echo "# $name: skipped"
		return
	fi
	p=$(grep -Ec '^ok [0-9]+' <<<"$out")
	s=$(grep -Ec '^ok [0-9]+[^#]*# *SKIP' <<<"$out")
	f=$(grep -Ec '^not ok( |$)' <<<"$out")
	plans=$(grep -Ec '^1\.\.[0-9]+' <<<"$out")
	planned=$(grep -Eo -m1 '^1\.\.[0-9]+' <<<"$out" | cut -c4-)
	# the plan: a test that already failed is not failed twice for stopping short
	why=
	if [ "$plans" != 1 ]; then
		why="printed $plans plans (\"1..N\"), not one"
	elif [ "$planned" != $((p + f)) ]; then
		why="planned $planned checks and ran $((p + f))"
	fi
	if [ -n "$why" ] && [ "$f" = 0 ]; then
		echo "not ok - $name $why"
		f=1
	elif [ -n "$why" ]; then
		echo "# $name $why"
	fi
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1	# died without saying which test: count the program as one failure
		echo "not ok - $name exited with status $rc"
	fi
	passed=$((passed + p - s))
	skipped=$((skipped + s))
	failed=$((failed + f))
}

quick= want=" $* "
if [ "${1:-}" = --quick ]; then
	quick=1 want="  "
fi
known=" $(awk 'NF { printf "%s ", $1 }' <<<"$table")"
for w in $want; do
	case "$known" in
	*" $w "*) ;;
	*) echo "tests/run.sh: no test named '$w'; the tests are:$known" >&2; exit 2 ;;
	esac
done

while read -r name where cmd; do
	[ -n "$name" ] || continue
	[ "$want" = "  " ] || [[ "$want" == *" $name "* ]] || continue
	cmd=${cmd//'$B'/$B}
	cmd=${cmd//'$FB'/$FB}
	# shellcheck disable=SC2086	# the table's commands are words
	if [ -n "$CROSS_ARCH" ]; then
		case "$where" in
		*cross*|xonly) ;;
		*)	echo "# --- $name"
			echo "ok 1 - $name # SKIP native only (not marked cross in tests/run.sh)"
			skipped=$((skipped + 1))
			continue ;;
		esac
		case "$name" in
		cross)	run "cross ($CROSS_ARCH)" $cmd "$CROSS_ARCH" "${RUN[@]}" ;;
		*)	run "$name" "${RUN[@]}" $cmd ;;
		esac
	else
		[ "$where" != xonly ] || continue
		[ -z "$quick" ] || [[ "$where" == *quick* ]] || continue
		case "$name" in
		tsan/test_*) TSAN_OPTIONS="halt_on_error=1 exitcode=66" run "$name" $cmd ;;
		*)	run "$name" $cmd ;;
		esac
	fi
done <<<"$table"

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
