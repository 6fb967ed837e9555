#!/bin/bash
# SPDX-License-Identifier: MIT
# scripts/lkml-report --litmus: the LKMM verdict of every strategy in the
# reported CSV, per window, from a check-litmus results file; strategies
# without a test say so; bad results files are refused with exit 2.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

FENCEBENCH=$FB
export FENCEBENCH
"$FB" -s locked,list_empty,flag -r 1 -d 2ms -w 0 --retries 0 -f csv -o "$tmp/run.csv" 2>/dev/null
{
	echo "# herd7 7.57; linux-kernel.cfg from linux-source-6.1 6.1.192-3"
	echo "test,strategy,window,expected,observed"
	echo "locked-A,locked,A,Never,Never"
	echo "locked-B,locked,B,Never,Never"
	echo "list_empty-A,list_empty,A,Sometimes,Sometimes"
	echo "list_empty-B,list_empty,B,Sometimes DATARACE,Sometimes DATARACE"
	echo "list_empty_careful-A,list_empty_careful,A,Never,Never"
	echo "flag-B,flag,B,Never DATARACE,Never DATARACE"
} >"$tmp/results.csv"

scripts/lkml-report --litmus "$tmp/results.csv" "$tmp/run.csv" >"$tmp/out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/out"
row() { grep -E "^$1 +$2 +$3\$" "$tmp/out" >/dev/null; }
t "--litmus: exit 0" "[ $rc = 0 ]"
t "--litmus: names the model the verdicts come from" "grep -q 'linux-source-6.1 6.1.192-3' $tmp/out"
t "--litmus: locked is Never in both windows" "row locked Never Never"
t "--litmus: list_empty, window B, carries the data race" "row list_empty Sometimes 'Sometimes, data race'"
t "--litmus: a strategy without a test says so" "row flag 'no test' '.*'"
t "--litmus: Never with a data race is a data race, not Never" "row flag '.*' 'data race'"
t "--litmus: only the reported strategies" "! grep -q '^list_empty_careful ' $tmp/out"
t "--litmus: the report itself is still there" "grep -Eq '^locked +1 ' $tmp/out"
t "--litmus: ASCII, at most 72 columns" \
  "! LC_ALL=C grep -n '[^ -~]' $tmp/out && [ \$(awk '{ if (length > m) m = length } END { print m + 0 }' $tmp/out) -le 72 ]"
scripts/lkml-report --litmus="$tmp/results.csv" <"$tmp/run.csv" >"$tmp/out2" 2>&1
t "--litmus=FILE with the CSV on standard input" "[ $? = 0 ] && grep -Eq '^locked +Never +Never\$' $tmp/out2"

scripts/lkml-report --litmus /nonexistent.csv "$tmp/run.csv" >"$tmp/o3" 2>"$tmp/e3"
rc=$?
t "--litmus of a missing file: exit 2, one line, nothing on stdout" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/e3) = 1 ] && [ ! -s $tmp/o3 ]"
scripts/lkml-report --litmus "$tmp/run.csv" "$tmp/run.csv" >/dev/null 2>"$tmp/e4"
rc=$?
t "--litmus of a file that is not check-litmus results: exit 2, says so" \
  "[ $rc = 2 ] && grep -q 'not a check-litmus results file' $tmp/e4"
scripts/lkml-report --litmus >/dev/null 2>"$tmp/e5"
t "--litmus without a file: exit 2" "[ $? = 2 ]"
echo "1..$n"
