#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/run.sh's accounting, on stand-in tests: a program that runs fewer or
# more checks than its plan, prints no plan or two, or dies without saying
# which check failed, fails; "ok N # SKIP why" and exit 4 count as skipped,
# not passed; the closing line is "N passed, N failed" with ", N skipped"
# only when something was skipped; an unknown test name is refused.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

stand_in() {	# name, then the lines it prints; exit status from $RC (0)
	local f=$tmp/$1 l
	shift
	{
		echo '#!/bin/sh'
		for l in "$@"; do printf "echo '%s'\n" "$l"; done
		echo "exit \${RC:-0}"
	} >"$f"
	chmod +x "$f"
}
# table, then what run.sh's closing line must be and its exit status
runs() {
	local table=$1 want=$2 want_rc=$3 rc
	RUN_TABLE=$table tests/run.sh >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" = "$want_rc" ] && [ "$(tail -1 "$tmp/out")" = "$want" ]
}
stand_in good 'ok 1 - a' 'ok 2 - b' '1..2'
stand_in fewer '1..3' 'ok 1 - a' 'ok 2 - b'
stand_in more '1..1' 'ok 1 - a' 'ok 2 - b'
stand_in noplan 'ok 1 - a'
stand_in twoplans '1..1' 'ok 1 - a' '1..1'
stand_in skips 'ok 1 - a' 'ok 2 - b # SKIP no such tool' 'ok 3 - c' '1..3'
stand_in skipall '1..0 # SKIP nothing to test here'
stand_in failing 'ok 1 - a' 'not ok 2 - b' '1..2'
stand_in timeout '1..3' 'ok 1 - a' 'not ok - timeout'

t "a test that runs its plan passes; no skipped count in the closing line" \
  "runs 'good - $tmp/good' '2 passed, 0 failed' 0"
t "a test that runs fewer checks than planned fails" \
  "runs 'fewer - $tmp/fewer' '2 passed, 1 failed' 1 && grep -q 'planned 3 checks and ran 2' $tmp/out"
t "a test that runs more checks than planned fails" \
  "runs 'more - $tmp/more' '2 passed, 1 failed' 1"
t "a test without a plan fails" "runs 'noplan - $tmp/noplan' '1 passed, 1 failed' 1"
t "a test with two plans fails" "runs 'twoplans - $tmp/twoplans' '1 passed, 1 failed' 1"
t "a check marked SKIP counts as skipped, not passed" \
  "runs 'skips - $tmp/skips' '2 passed, 0 failed, 1 skipped' 0"
t "a program exiting 4 counts as one skipped test" \
  "RC=4 runs 'skipall - $tmp/skipall' '0 passed, 0 failed, 1 skipped' 0"
t "not ok fails the run" "runs 'failing - $tmp/failing' '1 passed, 1 failed' 1"
t "a program that exits 1 having printed only ok lines fails" \
  "RC=1 runs 'good - $tmp/good' '2 passed, 1 failed' 1"
t "a test that says why it stopped short fails once, not twice" \
  "RC=1 runs 'timeout - $tmp/timeout' '1 passed, 1 failed' 1 && grep -q '^# timeout planned 3 checks and ran 2' $tmp/out"
t "the counts add up across tests" \
  "runs 'good - $tmp/good
skips - $tmp/skips
fewer - $tmp/fewer' '6 passed, 1 failed, 1 skipped' 1"
RUN_TABLE="good - $tmp/good" tests/run.sh nosuch >"$tmp/out" 2>"$tmp/err"
rc=$?
t "an unknown test name: exit 2, one line naming it" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q \"no test named 'nosuch'\" $tmp/err && [ ! -s $tmp/out ]"
RUN_TABLE="good - $tmp/good
fewer - $tmp/fewer" tests/run.sh good >"$tmp/out" 2>&1
t "tests/run.sh NAME runs that test alone" "[ \"\$(tail -1 $tmp/out)\" = '2 passed, 0 failed' ]"
echo "1..$n"
