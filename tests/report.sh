#!/bin/bash
# SPDX-License-Identifier: MIT
# fencebench --report: the statistics printed match independently computed
# values, every line is ASCII and at most 72 columns (on wide fixtures too:
# single, before/after, three CSVs, several regimes), and bad input is
# refused with the documented exit codes.  scripts/lkml-report: tests/lkml-report.sh.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# A fixture with the real header and chosen per-repetition p50 values.
hdr=$("$FB" -s locked -r 1 -d 1ms -w 0 --retries 0 -f csv --no-meta 2>/dev/null | head -1)
mk() {	# file, then "strategy p50" pairs
	local f=$1
	shift
	{
		echo "# machine: Test CPU; 1 packages, 1 nodes, 2 cores, 2 PUs (2 usable); Linux"
		echo "# command: ./fencebench -r 5"
		echo "$hdr"
		printf '%s %s\n' "$@" | fixture "$hdr" '
			if (name == "strategy") v = $1
			else if (name == "version") v = "test"
			else if (name == "wait") v = "poll"
			else if (name == "waiter_cpus") v = "1"
			else if (name == "spin") v = "pause"
			else if (name == "remove_ns_p50") v = $2
			else if (name == "remove_ns_p99") v = 2 * $2
			else if (name == "fastpath_pct") v = ($1 == "locked" ? 0 : 90)
			else if (name ~ /^hazard_/) v = ($1 == "list_empty" ? 1 : 0)
			else if (name == "removes") v = 1000000
			else if (name == "disturbed" || name == "floor_moved") v = 0
			else if (name == "engine") v = "user"'
	} >"$f"
}
mk "$tmp/a.csv" locked 100 list_empty 60 locked 104 list_empty 62 locked 98 list_empty 59 \
	locked 102 list_empty 61 locked 101 list_empty 63
"$FB" --report "$tmp/a.csv" >"$tmp/a.out" 2>&1
rc=$?
cat "$tmp/a.out" | sed 's/^/# /'
# Expected values from mpmath (Welch-Satterthwaite df 7.2, t 2.35137):
# locked mean 101, 95% CI half 2.776 * sd/sqrt(5) = 2.0 ... printed rounded;
# list_empty vs locked: -39.60% +- 2.85%.
t "--report exits 0" "[ $rc = 0 ]"
t "locked: mean p50 101 +- 3 over 5 repetitions" "grep -Eq '^locked +5 +101 \+- 3 ' $tmp/a.out"
t "list_empty: -39.6% +- 2.9% against locked (Welch)" "grep -q 'list_empty .*-39.6% +- 2.9%' $tmp/a.out"
t "hazards are reported per million" "grep -q 'hazards list_empty .*(4.00/M)' $tmp/a.out"
t "every line ASCII and at most 72 columns" \
  "! LC_ALL=C grep -n '[^ -~]' $tmp/a.out && [ \$(awk '{ if (length > m) m = length } END { print m + 0 }' $tmp/a.out) -le 72 ]"

# a mixed CSV: the same rows again from the kernel engine, with its own lock
lockcol=$(head -3 "$tmp/a.csv" | tail -1 | tr , '\n' | grep -n '^lock$' | cut -d: -f1)
engcol=$(head -3 "$tmp/a.csv" | tail -1 | tr , '\n' | grep -n '^engine$' | cut -d: -f1)
{ cat "$tmp/a.csv"; grep -v '^#' "$tmp/a.csv" | tail -n +2 |
	awk -F, -v OFS=, -v e="$engcol" '{ $e = "kernel"; print }'; } >"$tmp/m.csv"
awk -F, -v OFS=, -v k="$lockcol" -v e="$engcol" '$e == "kernel" { $k = "native" } { print }' \
	"$tmp/m.csv" >"$tmp/m2.csv"
"$FB" --report "$tmp/m2.csv" >"$tmp/m.out" 2>&1
rc=$?
t "a mixed user/kernel CSV: kernel/STRATEGY rows, each engine against its own locked" \
  "[ $rc = 0 ] && grep -q '^kernel/locked .* - ' $tmp/m.out &&
   grep -q '^list_empty .*-39.6% +- 2.9%' $tmp/m.out && grep -q '^kernel/list_empty .*-39.6% +- 2.9%' $tmp/m.out &&
   [ \$(awk '{ if (length > m) m = length } END { print m + 0 }' $tmp/m.out) -le 72 ]"

mk "$tmp/b.csv" locked 100 locked 101 locked 99 list_empty 61 list_empty 60 list_empty 62
mk "$tmp/c.csv" locked 100 locked 102 locked 98 list_empty 61 list_empty 60 list_empty 62
"$FB" --report "$tmp/b.csv" "$tmp/c.csv" >"$tmp/bc.out" 2>&1
t "before/after with equal means: no difference proven" \
  "grep -Eq '^locked .*no difference' $tmp/bc.out && grep -Eq '^list_empty .*no difference' $tmp/bc.out"
mk "$tmp/d.csv" locked 80 locked 81 locked 79 list_empty 61 list_empty 60 list_empty 62
"$FB" --report "$tmp/b.csv" "$tmp/d.csv" >"$tmp/bd.out" 2>&1
t "before/after: locked -20.0% is a proven difference" "grep -Eq '^locked .*-20.0% \+-' $tmp/bd.out"

# Wide values everywhere a mail block is printed: four-digit ns, three-digit
# % intervals, the longest strategy names on both engines, a long machine
# line.  Every line ASCII, at most 72 columns, and no name cut short.
tests/wide-csv.sh "$FB" "$tmp/w1.csv" 1 poll
tests/wide-csv.sh "$FB" "$tmp/w2.csv" 3 poll 2345.6
tests/wide-csv.sh "$FB" "$tmp/w3.csv" 2 callback
{ cat "$tmp/w1.csv"; grep -v '^#' "$tmp/w3.csv" | tail -n +2; } >"$tmp/w13.csv"
narrow() {	# file: ASCII, at most 72 columns, names whole, something printed
	! LC_ALL=C grep -q '[^ -~]' "$1" &&
	[ "$(awk '{ if (length > m) m = length } END { print m + 0 }' "$1")" -le 72 ] &&
	grep -Eq '(^| )kernel/list_empty_careful_2020( |$)' "$1" &&
	grep -Eq '(^| )list_empty_careful_2020( |$)' "$1"
}
"$FB" --report "$tmp/w1.csv" >"$tmp/w1.out" 2>&1
t "wide values, one CSV: at most 72 columns, every name whole" "narrow $tmp/w1.out"
t "wide values, one CSV: three-digit % intervals are printed" "grep -Eq '\+[0-9]{3}(\.[0-9])?% \+- [0-9]{3}' $tmp/w1.out"
"$FB" --report "$tmp/w1.csv" "$tmp/w2.csv" >"$tmp/w12.out" 2>&1
t "wide values, before/after on other floors: at most 72 columns" \
  "narrow $tmp/w12.out && grep -q 'floor-normalised' $tmp/w12.out"
"$FB" --report "$tmp/w1.csv" "$tmp/w2.csv" "$tmp/w3.csv" >"$tmp/w123.out" 2>&1
t "wide values, the matrix of three CSVs: at most 72 columns" \
  "narrow $tmp/w123.out && grep -q '^C ' $tmp/w123.out"
"$FB" --report "$tmp/w13.csv" >"$tmp/wm.out" 2>&1
t "wide values, one CSV of two wait modes: at most 72 columns" \
  "narrow $tmp/wm.out && grep -Eq '^ +poll +callback$' $tmp/wm.out"
t "a kernel strategy in the matrix is compared with the kernel's locked" \
  "grep -Eq '^  kernel/locked +- ' $tmp/wm.out"

"$FB" --report /nonexistent.csv >/dev/null 2>"$tmp/e1"
rc=$?
t "--report of a missing file: exit 1, one line" "[ $rc = 1 ] && [ \$(wc -l <$tmp/e1) = 1 ]"
"$FB" --report /etc/passwd >/dev/null 2>"$tmp/e2"
rc=$?
t "--report of a file that is not fencebench CSV: exit 2, names the problem" \
  "[ $rc = 2 ] && grep -q 'not a fencebench CSV' $tmp/e2"
"$FB" --report $(seq 1 27) >/dev/null 2>"$tmp/e3"
rc=$?
t "--report with 27 files: exit 2" "[ $rc = 2 ] && grep -q 'at most 26' $tmp/e3"
{ cat "$tmp/a.csv"; echo "test,locked,poll"; } >"$tmp/short.csv"
"$FB" --report "$tmp/short.csv" >/dev/null 2>"$tmp/e4"
rc=$?
t "--report of a truncated row: exit 2, names the line" "[ $rc = 2 ] && grep -q 'short.csv:14' $tmp/e4"
"$FB" --report -f json "$tmp/a.csv" >"$tmp/j.out" 2>"$tmp/e6"
rc=$?
t "--report -f json: exit 2, one line naming it, nothing on stdout" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/e6) = 1 ] && grep -q 'f json' $tmp/e6 && [ ! -s $tmp/j.out ]"
# two configurations in one file are not averaged: each is a regime of the matrix
{ cat "$tmp/a.csv"; edit "$tmp/a.csv" '{ $c["wait"] = "callback" }' | tail -1; } >"$tmp/mixed.csv"
"$FB" --report "$tmp/mixed.csv" >"$tmp/mixed.out" 2>"$tmp/e5"
rc=$?
t "--report of rows from two configurations: the matrix, one column per wait mode" \
  "[ $rc = 0 ] && grep -Eq '^ +poll +callback$' $tmp/mixed.out"
echo "1..$n"
