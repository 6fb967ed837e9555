#!/bin/bash
# SPDX-License-Identifier: MIT
# Faults and odd environments: a waiter that stops for good, in a round or
# at startup (the watchdog names it), a repetition with no round (exit 1),
# INT, TERM, HUP, PIPE and XFSZ in the middle of a run (completed rows
# kept, marked, exit 128 + the signal) and at start-up (within seconds,
# nothing written), a reader that goes away and a file size limit (no
# temporary left), outputs (devices written in place, in a private mount
# namespace as root; FIFOs; links; fail before measuring; all replaced or
# none; the mode kept), --append (header and last newline checked, earlier
# rows kept, nothing added by a run with no row), a one-CPU cpuset
# (spin-waits yield, the run completes).
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
cols=$("$FB" -s locked -r 1 -d 1ms -w 0 --retries 0 -f csv --no-meta 2>/dev/null | head -1 | tr , '\n' | wc -l)

# ---- watchdog: every waiter stops in round 50 (FENCEBENCH_TEST_STALL)
start=$(date +%s)
FENCEBENCH_TEST_STALL=50 timeout 120 "$FB" -s locked -r 1 -d 60s --timeout 1s -o "$tmp/w.csv" \
	>/dev/null 2>"$tmp/w.err"
rc=$?
took=$(( $(date +%s) - start ))
t "watchdog: a stuck waiter ends the run with exit 1 (not a hang)" "[ $rc = 1 ]"
t "watchdog: the message names the thread, its CPU and the round" \
  "grep -q 'watchdog: no progress for .* s: waiter 0 (CPU [0-9]*) has not added its callback in round 50' $tmp/w.err"
t "watchdog: it fired long before the run's own end of 60 s (${took}s)" "[ $took -lt 40 ]"
t "watchdog: no half-written output file" "[ -z \"\$(ls $tmp | grep w.csv)\" ]"

# ---- watchdog at startup: a waiter stuck before the floor's ping-pong, or
# before the first run's start, ends the run the same way
for where in floor start; do
	start=$(date +%s)
	FENCEBENCH_TEST_STALL=$where timeout 120 "$FB" -s locked -r 1 -d 60s --timeout 1s \
		-o "$tmp/s-$where.csv" >/dev/null 2>"$tmp/s-$where.err"
	rc=$?
	took=$(( $(date +%s) - start ))
	t "watchdog, stuck at $where: exit 1 within 40 s (${took}s), no output file" \
	  "[ $rc = 1 ] && [ $took -lt 40 ] && [ -z \"\$(ls $tmp | grep s-$where.csv)\" ]"
done
t "watchdog, stuck before the floor: the message names waiter 0 and the floor" \
  "grep -q 'watchdog: no progress for .* s: waiter 0 (CPU [0-9]*) has not finished measuring the floor' $tmp/s-floor.err && [ \$(wc -l <$tmp/s-floor.err) -le 2 ]"
t "watchdog, stuck before the start: the message names waiter 0 and the start" \
  "grep -q 'watchdog: no progress for .* s: waiter 0 (CPU [0-9]*) has not started the run' $tmp/s-start.err"

# ---- a repetition that completes no round: the warm-up's one round (the
# signaler stalls 200 ms in it) outlasts warm-up and measurement together
"$FB" -s locked -r 1 -d 1ms -w 1ms -i pre-func:200ms --retries 0 -f csv --no-meta \
	-o "$tmp/zero.csv" >/dev/null 2>"$tmp/zero.err"
rc=$?
t "no round completed: exit 1, one line naming the strategy, no row of zeros" \
  "[ $rc = 1 ] && grep -q 'locked rep 1: no round completed' $tmp/zero.err &&
   [ \$(grep -vc 'running under a hypervisor' $tmp/zero.err) = 1 ] && [ ! -e $tmp/zero.csv ]"

# ---- interrupts: completed rows are written and marked, the partial one dropped
for sig in INT TERM HUP PIPE XFSZ; do
	"$FB" -s locked,flag -r 100 -d 50ms -w 0 --retries 0 -o "$tmp/$sig.csv" \
		--histogram "$tmp/$sig.hist.csv" 2>"$tmp/$sig.err" &
	pid=$!
	# no fixed sleep: wait until a row is in the temporary file, at most 30 s
	for ((k = 0; k < 300; k++)); do
		[ "$(cat "$tmp/$sig.csv".tmp.* 2>/dev/null | grep -vc '^#')" -ge 2 ] && break
		sleep 0.1
	done
	kill -$sig $pid
	wait $pid
	rc=$?
	want=$((128 + $(kill -l $sig)))
	t "SIG$sig: exit $want, says so" "[ $rc = $want ] && grep -q interrupted $tmp/$sig.err"
	t "SIG$sig: the file is in place, ends with the interrupted line" \
	  "[ -f $tmp/$sig.csv ] && tail -1 $tmp/$sig.csv | grep -q '^# interrupted by signal'"
	t "SIG$sig: every row written is whole ($cols columns), at least one" \
	  "grep -v '^#' $tmp/$sig.csv | awk -F, -v c=$cols 'NF != c { bad++ } END { exit bad || NR < 2 }'"
	t "SIG$sig: no temporary file left, the histogram written too" \
	  "[ -z \"\$(ls $tmp | grep '$sig.*tmp')\" ] && [ \$(grep -c '^locked,' $tmp/$sig.hist.csv) -gt 0 ]"
done

# ---- signals at start-up: a waiter stuck before the floor, the watchdog
# far away: the signal still ends the run at once, and nothing is written
for sig in INT TERM; do
	echo old >"$tmp/up-$sig.csv"
	start=$(date +%s)
	FENCEBENCH_TEST_STALL=floor "$FB" -s locked -r 1 -d 1s --timeout 100s \
		-o "$tmp/up-$sig.csv" 2>"$tmp/up-$sig.err" &
	pid=$!
	sleep 1
	kill -$sig $pid
	wait $pid
	rc=$?
	took=$(( $(date +%s) - start ))
	t "SIG$sig at start-up (floor): exit $((128 + $(kill -l $sig))) in ${took}s, not after the 100 s watchdog" \
	  "[ $rc = $((128 + $(kill -l $sig))) ] && [ $took -lt 20 ] && grep -q 'interrupted before' $tmp/up-$sig.err"
	t "SIG$sig at start-up: the old file kept, no temporary" \
	  "[ \"\$(cat $tmp/up-$sig.csv)\" = old ] && [ -z \"\$(ls $tmp | grep 'up-$sig.csv.tmp')\" ]"
done
# more waiters than CPUs: the floor and the start barrier are slow there
np=$(nproc)
start=$(date +%s)
"$FB" -s locked -r 1 -d 1s -t $((8 * np)) --timeout 100s -o "$tmp/over.csv" 2>"$tmp/over.err" &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$?
took=$(( $(date +%s) - start ))
t "SIGTERM with $((8 * np)) waiters on $np CPUs: exit 143 in ${took}s, nothing written" \
  "[ $rc = 143 ] && [ $took -lt 20 ] && [ -z \"\$(ls $tmp | grep over.csv)\" ]"

# ---- a reader that goes away: the run stops, the other outputs are kept
"$FB" -s locked,flag -r 100 -d 50ms -w 0 --retries 0 -o - --histogram "$tmp/pipe.hist.csv" \
	2>"$tmp/pipe.err" | head -c 1 >/dev/null
rc=${PIPESTATUS[0]}
t "'-o - | head -c 1': exit 141, the histogram's rows kept, no temporary" \
  "[ $rc = 141 ] && [ \$(grep -c '^locked,' $tmp/pipe.hist.csv) -gt 0 ] &&
   [ -z \"\$(ls $tmp | grep 'pipe.*tmp')\" ]"
# ---- a file size limit the CSV outgrows: no half-written file, no temporary
echo old >"$tmp/fsz.csv"
(ulimit -f 8; exec "$FB" -s locked,flag -r 100 -d 20ms -w 0 --retries 0 -o "$tmp/fsz.csv") 2>"$tmp/fsz.err"
rc=$?
t "ulimit -f 8 (4 KiB): exit 1 or 153, the old file kept, no temporary" \
  "{ [ $rc = 1 ] || [ $rc = 153 ]; } && [ \"\$(cat $tmp/fsz.csv)\" = old ] &&
   [ -z \"\$(ls $tmp | grep 'fsz.csv.tmp')\" ]"

# ---- --append
"$FB" -s locked -r 1 -d 5ms -w 0 --retries 0 --append -o "$tmp/a.csv" 2>/dev/null
cp "$tmp/a.csv" "$tmp/a0.csv"
"$FB" -s flag -r 2 -d 5ms -w 0 --retries 0 --append -o "$tmp/a.csv" 2>/dev/null
rc=$?
t "--append: exit 0, one header, three rows" \
  "[ $rc = 0 ] && [ \$(grep -c '^version,' $tmp/a.csv) = 1 ] && [ \$(grep -vc '^#' $tmp/a.csv) = 4 ]"
t "--append: the earlier content is kept byte for byte" \
  "cmp -s $tmp/a0.csv <(head -c \$(stat -c %s $tmp/a0.csv) $tmp/a.csv)"
printf 'some,other,columns\n1,2,3\n' >"$tmp/other.csv"
cp "$tmp/other.csv" "$tmp/other0.csv"
"$FB" -s locked -r 1 -d 5ms --append -o "$tmp/other.csv" >/dev/null 2>"$tmp/o.err"
rc=$?
t "--append to a CSV with other columns: exit 2, file untouched" \
  "[ $rc = 2 ] && grep -q 'other columns' $tmp/o.err && cmp -s $tmp/other.csv $tmp/other0.csv"

# ---- a one-CPU cpuset: the signaler and the waiter share it, spin-waits yield
if command -v taskset >/dev/null; then
	timeout 60 taskset -c 0 "$FB" -s locked,list_empty_careful -r 1 -d 50ms -w 0 -f csv --no-meta \
		>"$tmp/one.csv" 2>"$tmp/one.err"
	rc=$?
	t "taskset -c 0: completes, warns, rows say spin=yield on CPU 0" \
	  "[ $rc = 0 ] && grep -q 'yield the CPU' $tmp/one.err &&
	   [ \$(grep -c ',0,0,.*yield' $tmp/one.csv) = 2 ]"
fi
# ---- /proc/stat and /proc/cpuinfo unreadable (a private mount namespace hides them)
if unshare -m true 2>/dev/null; then
	unshare -m sh -c 'mount --bind /dev/null /proc/stat && mount --bind /dev/null /proc/cpuinfo &&
		exec "$0" -s locked -r 1 -d 20ms -w 0 -f csv' "$FB" >"$tmp/noproc.csv" 2>"$tmp/noproc.err"
	rc=$?
	t "/proc/stat and /proc/cpuinfo unreadable: the run completes, the header says unknown" \
	  "[ $rc = 0 ] && grep -q '^# machine: unknown CPU' $tmp/noproc.csv &&
	   grep -q 'virtualisation unknown' $tmp/noproc.csv && [ \$(grep -vc '^#' $tmp/noproc.csv) = 2 ]"
	t "/proc/stat unreadable: other load reads 0, nothing is flagged disturbed" \
	  "grep -v '^#' $tmp/noproc.csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		{ exit !(\$c[\"other_load_pct\"] == 0 && \$c[\"disturbed\"] == 0) }'"
else
	echo "# unshare -m is not allowed here: the unreadable-/proc case is not tested"
fi

echo "1..$n"
