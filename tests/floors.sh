#!/bin/bash
# SPDX-License-Identifier: MIT
# The floor each repetition stood on: measured right before and right
# after every run (c2c_ns, c2c_after_ns), a repetition whose two floors are
# in different regimes is flagged (floor_moved), retried like a disturbed
# one and fails --strict; the run ends with the range of floors it saw.
# FENCEBENCH_TEST_FLOOR_MOVE fakes a move in a chosen repetition.  No check
# depends on how fast anything ran, nor on where the vCPUs sat.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# awk over fencebench CSV rows, columns by name in c[]
rows() {
	local f=$1
	shift
	awk -F, "\$0 ~ /^#/ { next } !h { for (i = 1; i <= NF; i++) c[\$i] = i; h = 1; next } $*" "$f"
}
run() {	# name env... -- fencebench options
	local name=$1
	shift
	env "$@" >"$tmp/$name.csv" 2>"$tmp/$name.err"
}

# ---- per-repetition floors in a real run
run real "$FB" -s locked,list_empty -r 2 -d 100ms -w 20ms --retries 3 -f csv
t "a run writes c2c_after_ns and floor_moved, last in the header" \
  "grep -v '^#' $tmp/real.csv | head -1 | grep -q ',engine,c2c_after_ns,floor_moved\$'"
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
  "grep -q 'locked rep 2 moved (.*floor [0-9.]* to [0-9.]* ns): retrying' $tmp/once.err &&
   rows $tmp/once.csv '\$c[\"rep\"] == 2 && \$c[\"retries\"] < 1 { bad++ } END { exit bad }'"
run stays FENCEBENCH_TEST_FLOOR_MOVE=1 "$FB" -s locked -r 2 -d 100ms -w 20ms --retries 1 \
	-f csv --no-meta
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
  "[ $rc = 1 ] && grep -q 'locked rep 1: the floor moved during it after 0 retries (--strict)' $tmp/strict.err"
echo "1..$n"
