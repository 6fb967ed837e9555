#!/bin/bash
# SPDX-License-Identifier: MIT
# fencebench --report and scripts/lkml-report read an lkp-tests result
# directory (tests/fixtures/lkp-result: what `lkp run` of
# contrib/lkp-tests/jobs/fencebench.yaml left, cut to three files) as they
# read the fencebench.csv inside it; a directory without one is bad input.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
dir=tests/fixtures/lkp-result

"$FB" --report "$dir" >"$tmp/dir.out" 2>&1
rc=$?
"$FB" --report "$dir/fencebench.csv" >"$tmp/csv.out" 2>&1
t "--report DIR exits 0" "[ $rc = 0 ]"
t "--report DIR prints what --report DIR/fencebench.csv prints" \
  "[ -s $tmp/csv.out ] && cmp -s $tmp/dir.out $tmp/csv.out"

"$FB" --report "$dir" "$dir/fencebench.csv" >"$tmp/cmp.out" 2>&1
rc=$?
t "--report DIR CSV compares the two (exit 0, every strategy)" \
  "[ $rc = 0 ] && [ \$(grep -c 'no difference +- [0-9]' $tmp/cmp.out) = 4 ]"

mkdir "$tmp/empty"
"$FB" --report "$tmp/empty" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
t "a directory without fencebench.csv: exit 2, one line naming it, no output" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/bad.err) = 1 ] && grep -q '$tmp/empty' $tmp/bad.err &&
   [ ! -s $tmp/bad.out ]"

FENCEBENCH=$FB scripts/lkml-report "$dir" >"$tmp/lkml-dir.out" 2>&1
rc=$?
FENCEBENCH=$FB scripts/lkml-report "$dir/fencebench.csv" >"$tmp/lkml-csv.out" 2>&1
t "lkml-report DIR exits 0 and prints what it prints for the CSV" \
  "[ $rc = 0 ] && cmp -s $tmp/lkml-dir.out $tmp/lkml-csv.out"
if command -v ministat >/dev/null 2>&1; then
	FENCEBENCH=$FB scripts/lkml-report --ministat "$dir" >"$tmp/lkml-m.out" 2>&1
	t "lkml-report --ministat DIR: ministat finds the per-repetition p50 in the directory" \
	  "grep -q '^p50 ns per repetition' $tmp/lkml-m.out && grep -q '^x locked, + flag$' $tmp/lkml-m.out"
else
	skip "lkml-report --ministat DIR: ministat finds the per-repetition p50" "ministat not installed"
fi
# ---- hostile input for the lkp-tests programs: a job's values and a CSV
# are data.  lkp-tests' own libraries are stood in for by the few functions
# run and parse use.
mkdir -p "$tmp/lkp/lib" "$tmp/res" "$tmp/bin"
echo 'die() { echo "$*" >&2; exit 1; }' >"$tmp/lkp/lib/debug.sh"
echo 'has_cmd() { command -v "$1" >/dev/null; }' >"$tmp/lkp/lib/env.sh"
: >"$tmp/lkp/lib/reproduce-log.sh"
echo 'log_cmd() { "$@"; }' >"$tmp/lkp/lib/run.sh"
pw=$tmp/pwned
ln -s "$(realpath "$FB")" "$tmp/bin/fencebench"
for v in "runtime=a[\$(touch $pw)]" "iterations=x[\$(touch $pw)]+1" "runtime=1;touch $pw"; do
	env "${v%%=*}=${v#*=}" LKP_SRC="$tmp/lkp" TMP_RESULT_ROOT="$tmp/res" BENCHMARK_ROOT="$tmp/none" \
		PATH="$tmp/bin:$PATH" bash contrib/lkp-tests/programs/fencebench/run >/dev/null 2>"$tmp/run.err"
	rc=$?
	t "lkp run: a hostile job value (${v%%=*}=...) is refused, not evaluated" \
	  "[ $rc = 1 ] && grep -q 'not a' $tmp/run.err && [ ! -e $pw ] && [ ! -e $tmp/res/fencebench.csv ]"
done
if command -v ruby >/dev/null 2>&1; then
	echo 'class Array; def average; empty? ? 0 : sum / size.to_f; end; end' >"$tmp/lkp/lib/statistics.rb"
	{ grep '^#' "$dir/fencebench.csv"; grep -v '^#' "$dir/fencebench.csv" | head -1
	  S="../x\$(touch $pw)\`touch $pw\`: 1" edit "$dir/fencebench.csv" '{ $c["strategy"] = ENVIRON["S"] }' |
		grep -v '^#' | sed -n 2p
	  printf 'a,b\n\n,,,\n'; } >"$tmp/hostile.csv"
	LKP_SRC="$tmp/lkp" ruby contrib/lkp-tests/programs/fencebench/parse <"$tmp/hostile.csv" \
		>"$tmp/parse.out" 2>"$tmp/parse.err"
	rc=$?
	t "lkp parse: a hostile strategy name is one key of [A-Za-z0-9_.-], nothing run" \
	  "[ $rc = 0 ] && [ -s $tmp/parse.out ] && ! grep -qv '^[A-Za-z0-9_.-]*: [-0-9.e+]*\$' $tmp/parse.out &&
	   [ ! -e $pw ]"
fi

echo "1..$n"
