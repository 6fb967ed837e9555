#!/bin/bash
# SPDX-License-Identifier: MIT
# scripts/lkml-report --litmus: the LKMM verdict of every strategy in the
# reported CSV, per window, from a check-litmus results file (a data race
# as one); strategies without a test say so; bad results files are refused
# with exit 2.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

FENCEBENCH=$FB
export FENCEBENCH
tests/wide-csv.sh "$FB" "$tmp/run.csv" 1 poll 30 locked,list_empty,flag user
# made-up verdicts in the format of make check-litmus, not herd7's
cp tests/fixtures/litmus-results.csv "$tmp/results.csv"

scripts/lkml-report --litmus "$tmp/results.csv" "$tmp/run.csv" >"$tmp/out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/out"
row() { grep -E "^$1 +$hz +$hz +$2 +$3\$" "$tmp/out" >/dev/null; }
hz="[0-9.]+( \\([0-9.]+/M\\))?"   # 0, or "2 (114/M)"
t "--litmus: exit 0" "[ $rc = 0 ]"
t "--litmus: names the model the verdicts come from" "grep -q 'linux-source-6.1 6.1.192-3' $tmp/out"
t "--litmus: locked is never in both windows" "row locked never never"
t "--litmus: list_empty, window B, is a data race" "row list_empty sometimes 'data race'"
t "--litmus: a strategy without a test says so" "row flag 'no test' 'no test'"
t "--litmus: only the reported strategies" "! grep -q '^list_empty_careful ' $tmp/out"
t "--litmus: the speed lines are still there" "grep -q '^Speed' $tmp/out"
t "--litmus: ASCII, at most 72 columns" \
  "! LC_ALL=C grep -n '[^ -~]' $tmp/out && [ \$(awk '{ if (length > m) m = length } END { print m + 0 }' $tmp/out) -le 72 ]"
scripts/lkml-report --litmus="$tmp/results.csv" <"$tmp/run.csv" >"$tmp/out2" 2>&1
t "--litmus=FILE with the CSV on standard input" "[ $? = 0 ] && cmp -s $tmp/out $tmp/out2"

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
