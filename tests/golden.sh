#!/bin/bash
# SPDX-License-Identifier: MIT
# Pins what a reader sees, byte for byte: the CSV header
# (tests/fixtures/csv-header.txt), and --report on
# the committed fixtures (one CSV, one with the user and the kernel
# engine's rows, a directory, two CSVs, the matrix of three and four).  A change that means to alter that output regenerates
# the expected files on purpose and commits them with the change:
#
#   make check T=golden UPDATE=1      (or: UPDATE=1 tests/golden.sh)
#
# then reads `git diff tests/golden/` as a reviewer will.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
export LC_ALL=C
F=tests/fixtures G=tests/golden

# name, then the arguments of --report (one case per line)
cases="report-near          $F/floor-near.csv
report-engines       $F/engines.csv
report-inject        $F/inject.csv
report-sweep         $F/sweep.csv
report-placement     $F/placement.csv
report-matrix        $F/matrix.csv
report-lkp-dir       $F/lkp-result
report-two-floors    $F/floor-near.csv $F/floor-far.csv
report-two-same      $F/floor-near.csv $F/floor-near2.csv
report-three         $F/floor-near.csv $F/floor-far.csv $F/placement.csv
report-four          $F/sweep.csv $F/inject.csv $F/placement.csv $F/matrix.csv"

# name, expected file, then the command whose standard output it pins
pin() {
	local name=$1 out=$2 rc
	shift 2
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	if [ "${UPDATE:-}" = 1 ] && [ "$rc" = 0 ] && [ ! -s "$tmp/$name.err" ]; then
		cp "$tmp/$name.out" "$out"
		echo "# $out written"
	fi
	t "$name: exit 0, nothing on stderr, output identical to $out" \
	  "[ $rc = 0 ] && [ ! -s $tmp/$name.err ] && cmp -s $out $tmp/$name.out"
	[ -f "$out" ] && ! cmp -s "$out" "$tmp/$name.out" &&
		diff -u "$out" "$tmp/$name.out" | head -20 | sed 's/^/# /'
	return 0
}

mkdir -p "$G"
# sed reads to the end: a reader that left early would end the run with SIGPIPE
header() { "$FB" -s locked -r 1 -d 1ms -w 0 --retries 0 -f csv --no-meta | sed -n 1p; }
# the header is also cli.sh's (new columns go at the end)
pin csv-header "$F/csv-header.txt" header
while read -r name args; do
	# shellcheck disable=SC2086	# the fixtures' paths hold no blanks
	pin "$name" "$G/$name.out" "$FB" --report $args
done <<<"$cases"

# every expected file is a case's: none left behind by a renamed case
stale=$(cd "$G" && for f in *.out; do
	grep -q "^${f%.out} " <<<"$cases" || echo "$f"
done)
t "tests/golden/ holds no file without a case" "[ -z '$stale' ]"
echo "1..$n"
