#!/bin/bash
# SPDX-License-Identifier: MIT
# The floor each repetition stood on: measured right before and right
# after every run (c2c_ns, c2c_after_ns), a repetition whose two floors are
# in different regimes is flagged (floor_moved), retried like a disturbed
# one and fails --strict; the run ends with the range of floors it saw.
# FENCEBENCH_TEST_FLOOR_MOVE fakes a move in a chosen repetition.  No check
# depends on how fast anything ran, nor on where the vCPUs sat.
# Then what --report makes of them: every summary names its floors, the
# repetitions of floors in different regimes are never pooled, no interval
# narrower than the timer's step, no percentage from a value within the
# timer's spread, and "no difference" always with what the run could see;
# the matrix matches floor groups across wait modes.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

run() {	# name env... -- fencebench options
	local name=$1
	shift
	env "$@" >"$tmp/$name.csv" 2>"$tmp/$name.err"
}

# ---- per-repetition floors in a real run
run real "$FB" -s locked,list_empty -r 2 -d 100ms -w 20ms --retries 3 -f csv
t "a run writes c2c_after_ns and floor_moved right after engine, the columns added later behind them" \
  "grep -v '^#' $tmp/real.csv | head -1 | grep -q ',engine,c2c_after_ns,floor_moved,wait_ns_mean,'"
t "every row has a floor before and after it, both > 0" \
  "rows $tmp/real.csv '{ n++ } !(\$c[\"c2c_ns\"] > 0 && \$c[\"c2c_after_ns\"] > 0) { bad++ }
	END { exit !(n == 4 && !bad) }'"
res=$(sed -n 's/^# timer: .*resolution \([0-9.]*\) ns.*/\1/p' "$tmp/real.csv")
t "floor_moved is 1 exactly when the floors are > 2x and > 2 timer steps apart" \
  "rows $tmp/real.csv '{ a = \$c[\"c2c_ns\"]; b = \$c[\"c2c_after_ns\"]
	lo = a < b ? a : b; hi = a < b ? b : a
	want = hi > 2 * lo && hi - lo > 2 * $res
	if (want != \$c[\"floor_moved\"]) bad++ } END { exit bad }'"
t "the '# floor:' line above keeps the first measurement" \
  "grep -q '^# floor: one-way line transfer [0-9.]* ns' $tmp/real.csv"
lo=$(tail -1 "$tmp/real.csv" | sed -n 's/^# floor over the run: one-way line transfer \([0-9.]*\) to \([0-9.]*\) ns, before and after each of 4 runs; [0-9]* moved.*/\1 \2/p')
t "the last line names the range of floors over the run, which holds every row's" \
  "[ -n \"$lo\" ] && rows $tmp/real.csv 'BEGIN { split(\"$lo\", m, \" \") }
	\$c[\"c2c_ns\"] < m[1] || \$c[\"c2c_ns\"] > m[2] || \$c[\"c2c_after_ns\"] > m[2] { bad++ }
	END { exit bad }'"

# ---- a faked move: retried, flagged when it persists, fatal with --strict
run once FENCEBENCH_TEST_FLOOR_MOVE=2:1 "$FB" -s locked,list_empty -r 2 -d 100ms -w 20ms \
	--retries 3 -f csv --no-meta
t "a move in one attempt is retried like a disturbed run and said so" \
  "grep -q 'locked rep 2: its floor moved (.*floor [0-9.]* to [0-9.]* ns): retrying' $tmp/once.err &&
   rows $tmp/once.csv '\$c[\"rep\"] == 2 && \$c[\"retries\"] < 1 { bad++ } END { exit bad }'"
run stays FENCEBENCH_TEST_FLOOR_MOVE=1 "$FB" -s locked -r 2 -d 100ms -w 20ms --retries 1 \
	-f csv
t "a move that persists stays flagged: floor_moved 1, the floor after it kept" \
  "rows $tmp/stays.csv '\$c[\"rep\"] == 1 { m += \$c[\"floor_moved\"] == 1 && \$c[\"retries\"] == 1
		d = \$c[\"c2c_after_ns\"] - (4 * \$c[\"c2c_ns\"] + 100); if (d > 0.3 || d < -0.3) bad++ }
	END { exit !(m == 1 && !bad) }'"
t "the closing range counts the moved repetition" \
  "tail -1 $tmp/stays.csv | grep -q '; [1-9][0-9]* moved during the run (column floor_moved)'"
run strict FENCEBENCH_TEST_FLOOR_MOVE=1 "$FB" -s locked -r 1 -d 100ms -w 20ms --retries 0 \
	--strict -f csv --no-meta
rc=$?
t "--strict: a moved repetition fails the run (exit 1) and says why" \
  "[ $rc = 1 ] && grep -q 'locked rep 1: its floor moved after 0 retries (--strict)' $tmp/strict.err"

# ---- every summary names the floors it stands on
fx=tests/fixtures
"$FB" --report "$tmp/real.csv" >"$tmp/real.out" 2>&1
t "--report of a run: its floor, the mean over the runs summarised and their range" \
  "grep -A1 '^floor: one-way line transfer [0-9.]* ns, mean over the [0-9]* runs' $tmp/real.out |
   grep -q 'to [0-9.]* ns before and after each'"
"$FB" -s locked,list_empty -r 2 -d 50ms -w 10ms --retries 3 -f table >"$tmp/table.out" 2>&1
t "the terminal table's summary names the floors of its runs too" \
  "grep -q '^floor: one-way line transfer [0-9.]* ns, mean over the 4 runs' $tmp/table.out"
"$FB" --report "$fx/floor-near.csv" >"$tmp/old.out" 2>&1
t "a CSV from before the floor per repetition still reads, with its single floor" \
  "grep -q '^floor: one-way line transfer 33.0 ns, measured once before the' $tmp/old.out"

# ---- a VM that moved within one run: floor groups, summarised apart
"$FB" --report "$fx/floor-moving.csv" >"$tmp/mv.out" 2>&1
rc=$?
t "--report of a run on two floors: one line names both, before any table" \
  "[ $rc = 0 ] && tr '\n' ' ' <$tmp/mv.out | sed 's/  */ /g' |
   grep -q '^NOTE: the repetitions stood on floors in 2 regimes (more than 2x apart), never pooled: line transfer 33.0 ns in 12 runs, line transfer 209.3 ns in 12 runs'"
t "each floor group is summarised apart: -28% near, -46% far, never a pooled figure" \
  "grep -q '^--- floor group 1 of 2: line transfer 33.0 ns ---' $tmp/mv.out &&
   grep -q '^--- floor group 2 of 2: line transfer 209.3 ns ---' $tmp/mv.out &&
   grep -Eq '^list_empty +3 .* -28\.0% \+- ' $tmp/mv.out && grep -Eq '^list_empty +3 .* -46\.0% \+- ' $tmp/mv.out &&
   [ \$(grep -c '^list_empty ' $tmp/mv.out) = 4 ]"
t "each group's floor line holds its own range" \
  "grep -q 'floor: one-way line transfer 33.0 ns, mean over the 12 runs' $tmp/mv.out &&
   grep -q 'floor: one-way line transfer 209.3 ns, mean over the 12 runs' $tmp/mv.out"
t "the runs whose floor moved are left out, and said so" \
  "grep -q '^2 run(s) left out: their floor moved during them (floor_moved)' $tmp/mv.out"
"$FB" --report "$fx/floor-moving.csv" "$fx/floor-far.csv" >"$tmp/mvf.out" 2>&1
t "before/after: the groups on the nearest floors are compared, the others named" \
  "grep -q '^floor before: one-way line transfer 209.3 ns' $tmp/mvf.out &&
   grep -q '^floor after:  one-way line transfer 209.3 ns' $tmp/mvf.out &&
   grep -q '^NOTE: before: the repetitions stood on floors in 2 regimes' $tmp/mvf.out &&
   ! grep -q WARNING $tmp/mvf.out"
"$FB" --report -f csv "$fx/floor-moving.csv" >"$tmp/mv-regimes.csv" 2>&1
t "the regimes matrix (and the crossover figure's data) places each group by its floor" \
  "rows $tmp/mv-regimes.csv '\$c[\"strategy\"] == \"list_empty\" { t[\$c[\"transfer_ns\"]] = \$c[\"change_pct\"] } END {
	exit !(length(t) == 2 && t[\"33.0\"] == -28.00 && t[\"209.3\"] == -45.97) }'"

# ---- no precision finer than the timer's step
# NAME AWK: floor-near.csv (timer step 10 ns, sd 4 ns) with AWK run on its
# removal-timed rows, then its --report in NAME.out
edited() {
	edit "$fx/floor-near.csv" "\$c[\"timing\"] == \"removal\" { $2 }" >"$tmp/$1.csv"
	"$FB" --report "$tmp/$1.csv" >"$tmp/$1.out" 2>&1
}
edited step1 '$c["remove_ns_p50"] = $c["strategy"] == "locked" ? "70.0" : "60.0"'
t "identical per-repetition p50s: the interval is the step's, never +- 0" \
  "grep -Eq '^list_empty +5 +60 \+- 5 ' $tmp/step1.out && ! grep -Eq '\+- 0(\.0)?%|\+- 0 ' $tmp/step1.out"
t "a change of one timer step (10 ns) is no difference, with what the run could see" \
  "grep -Eq '^list_empty +5 .* no difference \+- 14\.4%' $tmp/step1.out"
edited step2 '$c["remove_ns_p50"] = $c["strategy"] == "locked" ? "80.0" : "60.0"'
t "two steps (20 ns) are a change" \
  "grep -Eq '^list_empty +5 .* -25\.0% \+- 12\.6%' $tmp/step2.out"
edited net0 'if ($c["strategy"] == "list_empty") $c["remove_net_ns_tmean"] = "0.0"'
t "a mean net within the timer's spread: a bound, and no percentage from it" \
  "grep -Eq '^list_empty +< 4 +below timer ' $tmp/net0.out && ! grep -q -- '-100' $tmp/net0.out"
for f in "$fx"/floor-*.csv "$tmp"/step*.csv "$tmp"/net0.csv; do
	"$FB" --report "$f"
done >"$tmp/all.out" 2>&1
"$FB" --report "$fx/floor-near.csv" "$fx/floor-near2.csv" >>"$tmp/all.out" 2>&1
t "no report prints +- 0.0% (or +- 0%) from quantised values" \
  "! grep -Eq '\+- ?0(\.0)?%' $tmp/all.out"
# the matrix's rows match floor groups across wait modes: a run whose poll
# repetitions stood far then near, and whose callback ones near then far,
# gives a row per floor, never one wait's near beside another's far
for part in poll:250.0 poll:30.0 callback:30.0 callback:250.0; do
	tests/wide-csv.sh "$FB" "$tmp/part.csv" 1 "${part%:*}" "${part#*:}" locked,list_empty user
	if [ -e "$tmp/mixed.csv" ]; then grep -v '^#' "$tmp/part.csv" | tail -n +2; else cat "$tmp/part.csv"; fi
	: >"$tmp/mixed.csv"
done >"$tmp/mixed.all"
"$FB" --report -f csv "$tmp/mixed.all" >"$tmp/mixed.mx" 2>"$tmp/mixed.err"
rc=$?
t "the matrix: one row per floor, each the same floor in every wait column" \
  "[ $rc = 0 ] && [ \$(rows $tmp/mixed.mx '{ print \$c[\"class\"] }' | sort -u | wc -l) = 2 ] &&
   rows $tmp/mixed.mx '{ k = \$c[\"class\"]; t = \$c[\"transfer_ns\"] + 0
	if (!(k in lo) || t < lo[k]) lo[k] = t; if (t > hi[k]) hi[k] = t }
	END { for (k in lo) if (hi[k] > 2 * lo[k]) exit 1 }'"
echo "1..$n"
