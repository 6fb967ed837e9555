#!/bin/bash
# SPDX-License-Identifier: MIT
# Faults and odd environments: a waiter that stops for good, in a round or
# at startup (the watchdog names it), a repetition with no round (exit 1),
# INT, TERM, HUP, PIPE, XFSZ, ALRM, USR1 and USR2 in the middle of a run (completed rows
# kept, marked, exit 128 + the signal), at start-up (within seconds,
# nothing written) and in the floor after a run, a reader that goes away
# and a file size limit (no temporary left), outputs (devices written in place, in a private mount
# namespace as root; FIFOs; links; fail before measuring; all replaced or
# none; the mode kept), --append (header and last newline checked, earlier
# rows kept, nothing added by a run with no row), a one-CPU cpuset
# (spin-waits yield, the run completes).
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
cols=$("$FB" -s locked -r 1 -d 1ms -w 0 --retries 0 -f csv --no-meta 2>/dev/null | head -1 | tr , '\n' | wc -l)

# signalled SECONDS SIGNAL ERR ARGS...: fencebench ARGS in the background,
# its stderr in ERR, sent SIGNAL after SECONDS; sets rc, its exit status,
# and took, the whole seconds from its start to its exit
signalled() {
	local after=$1 sig=$2 err=$3 pid start
	shift 3
	start=$(date +%s)
	"$FB" "$@" 2>"$err" &
	pid=$!
	sleep "$after"
	kill -"$sig" $pid
	wait $pid
	rc=$?
	took=$(( $(date +%s) - start ))
}

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
for sig in INT TERM HUP PIPE XFSZ ALRM USR1 USR2; do
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
# far away: the signal still ends the run at once, and nothing is written;
# and in the floor after the first run (waiter 0 holds it until the signal):
# every thread stops at once, the interrupted repetition is not reported
for where in floor rep-floor; do
	for sig in INT TERM; do
		f=$tmp/up-$where-$sig
		echo old >"$f.csv"
		FENCEBENCH_TEST_STALL=$where signalled 2 "$sig" "$f.err" \
			-s locked -r 2 -d 100ms --timeout 100s -o "$f.csv"
		t "SIG$sig stalled in $where: exit $((128 + $(kill -l $sig))) in ${took}s, not after the 100 s watchdog, every thread stopped" \
		  "[ $rc = $((128 + $(kill -l $sig))) ] && [ $took -lt 20 ] && grep -q 'interrupted before' $f.err && ! grep -q 'did not stop' $f.err"
		t "SIG$sig stalled in $where: the old file kept, no temporary" \
		  "[ \"\$(cat $f.csv)\" = old ] && [ -z \"\$(ls $tmp | grep 'up-$where-$sig.csv.tmp')\" ]"
	done
done
# more waiters than CPUs: the floor and the start barrier are slow there
np=$(nproc)
signalled 1 TERM "$tmp/over.err" -s locked -r 1 -d 1s -t $((4 * np)) --timeout 100s -o "$tmp/over.csv"
t "SIGTERM with $((4 * np)) waiters on $np CPUs: exit 143 in ${took}s, nothing written" \
  "[ $rc = 143 ] && [ $took -lt 20 ] && [ -z \"\$(ls $tmp | grep over.csv)\" ]"
t "an oversubscribed run's first line gives its expected time" \
  "head -1 $tmp/over.err | grep -q '$((4 * np + 1)) threads on $np usable CPUs: expected about [0-9]* s'"

# ---- oversubscription: past 8 threads per CPU only when asked; the dry
# run gives the expected time and the watchdog
"$FB" --dry-run -t $((8 * np)) >"$tmp/ov.out" 2>"$tmp/ov.err"
rc=$?
t "-t $((8 * np)) on $np CPUs ($((8 * np + 1)) threads): refused, exit 2, one line naming --oversubscribe" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/ov.err) = 1 ] && grep -q 'past 8 per CPU.*--oversubscribe' $tmp/ov.err && [ ! -s $tmp/ov.out ]"
"$FB" --dry-run -t $((8 * np)) --oversubscribe >"$tmp/ov.out" 2>&1
t "--oversubscribe: the dry run says the expected time and the threads per CPU" \
  "grep -q '^expected: about [0-9.]* s ($((8 * np + 1)) threads on $np usable CPUs' $tmp/ov.out"
"$FB" --dry-run -t 2 -i init-gap:6s -i pre-func:1s >"$tmp/wd.out" 2>&1
t "the default watchdog covers every waiter's injected gaps (2 x 2 x 7 s + 5 s)" \
  "grep -q 'watchdog 33.0 s$' $tmp/wd.out"
# ---- FENCEBENCH_KMOD naming a FIFO: refused at once, not blocked on
if [ "$(id -u)" = 0 ]; then
	mkfifo "$tmp/kmod.fifo"
	start=$(date +%s)
	FENCEBENCH_KMOD=$tmp/kmod.fifo timeout 60 "$FB" --engine kernel -s locked -r 1 -d 5ms \
		-o "$tmp/k.csv" >/dev/null 2>"$tmp/kmod.err"
	rc=$?
	t "FENCEBENCH_KMOD a FIFO: exit 1 at once ($(( $(date +%s) - start ))s), not a regular file, no output" \
	  "[ $rc = 1 ] && grep -q 'kmod.fifo: not a regular file' $tmp/kmod.err && [ ! -e $tmp/k.csv ]"
fi

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

# ---- outputs: what is checked before the first measurement
quick=(-s locked -r 1 -d 5ms -w 0 --retries 0)
start=$(date +%s)
"$FB" "${quick[@]}" -d 60s -o "$tmp/no/such/dir.csv" >/dev/null 2>"$tmp/nodir.err"
rc=$?
t "-o in a missing directory: exit 1 before measuring (one line, $(( $(date +%s) - start ))s of a 60 s run)" \
  "[ $rc = 1 ] && [ \$(wc -l <$tmp/nodir.err) = 1 ] && grep -q 'no/such/dir.csv: cannot write here' $tmp/nodir.err"
mkfifo "$tmp/fifo"
timeout 60 "$FB" "${quick[@]}" -o "$tmp/fifo" >/dev/null 2>"$tmp/fifo.err"
rc=$?
t "-o a FIFO with no reader: exit 1 at once (not blocked), the FIFO kept" \
  "[ $rc = 1 ] && grep -q 'FIFO with no reader' $tmp/fifo.err && [ -p $tmp/fifo ]"
# the shell holds the FIFO open (a reader there before the writer opens
# it), then reads what came; the CSV is far smaller than a pipe's buffer
exec 7<>"$tmp/fifo"
"$FB" "${quick[@]}" -f csv -o "$tmp/fifo" 2>/dev/null
rc=$?
timeout 2 cat <&7 >"$tmp/fifo.out"
exec 7<&-
t "-o a FIFO with a reader: written in place, the FIFO kept" \
  "[ $rc = 0 ] && [ -p $tmp/fifo ] && [ \$(grep -c '^[0-9a-f].*,locked,' $tmp/fifo.out) = 1 ]"
# a link is followed: the file it names is replaced, the link stays; its mode is kept
echo old >"$tmp/target.csv"
chmod 640 "$tmp/target.csv"
ln -s target.csv "$tmp/link.csv"
"$FB" "${quick[@]}" -o "$tmp/link.csv" 2>/dev/null
rc=$?
t "-o a symbolic link: the file it names replaced (mode 640 kept), the link kept" \
  "[ $rc = 0 ] && [ -L $tmp/link.csv ] && [ \$(stat -c %a $tmp/target.csv) = 640 ] &&
   grep -q ',locked,' $tmp/target.csv"
ln -s nowhere.csv "$tmp/dangling.csv"
"$FB" "${quick[@]}" -o "$tmp/dangling.csv" >/dev/null 2>"$tmp/dangling.err"
rc=$?
t "-o a link to nothing: exit 2, one line, nothing created" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/dangling.err) = 1 ] && [ ! -e $tmp/nowhere.csv ] && [ -L $tmp/dangling.csv ]"

# ---- devices, as root: written in place or refused, never replaced.  In a
# private mount namespace with its own /dev (a tmpfs and mknod): the real
# /dev is never touched, whatever happens.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	echo old >"$tmp/keep.csv"
	unshare -m bash -c '
		FB=$1 tmp=$2
		shift 2
		mount -t tmpfs fencebench-test /dev || exit 9
		mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7 &&
			mknod -m 600 /dev/blk b 7 250 && ln -s /proc/self/fd /dev/fd &&
			ln -s /proc/self/fd/1 /dev/stdout || exit 9
		"$FB" "$@" -o /dev/null; echo "null $?"
		"$FB" "$@" -o "$tmp/dev-h.csv" --histogram /dev/null; echo "hist-null $?"
		"$FB" "$@" -f csv -o /dev/stdout >"$tmp/dev-stdout.csv"; echo "stdout $?"
		"$FB" "$@" -o /dev/full; echo "full $?"
		"$FB" "$@" -o "$tmp/keep.csv" --histogram /dev/full; echo "keep $?"
		"$FB" "$@" -o /dev/blk; echo "blk $?"
		"$FB" "$@" -o "$tmp/dev-t.csv" --trace /dev/full; echo "trace $?"
		"$FB" "$@" -o /dev/null --histogram /dev/null; echo "null-twice $?"
		stat -c "%n %F" /dev/null /dev/full /dev/blk /dev/stdout
		ls -A /dev | tr "\n" " "; echo
	' sh "$FB" "$tmp" "${quick[@]}" >"$tmp/dev.out" 2>"$tmp/dev.err"
	dev() { grep -q "^$1$" "$tmp/dev.out"; }
	t "devices (namespace): -o /dev/null: exit 0" "dev 'null 0'"
	t "devices: --histogram /dev/null: exit 0, the CSV written" "dev 'hist-null 0' && grep -q ',locked,' $tmp/dev-h.csv"
	t "devices: -o /dev/stdout: the rows on standard output" "dev 'stdout 0' && grep -q ',locked,' $tmp/dev-stdout.csv"
	t "devices: -o /dev/full: exit 1 (no space)" "dev 'full 1' && grep -q '/dev/full: No space left' $tmp/dev.err"
	t "devices: a --histogram that fails replaces no --output either (all or none)" \
	  "dev 'keep 1' && [ \"\$(cat $tmp/keep.csv)\" = old ] && [ -z \"\$(ls $tmp | grep 'keep.csv.tmp')\" ]"
	t "devices: -o a block device: refused, exit 2" "dev 'blk 2' && grep -q '/dev/blk is a block device' $tmp/dev.err"
	t "devices: --trace /dev/full: fails (exit 1, or 2 where --trace is not supported), -o not replaced" \
	  "{ dev 'trace 1' || dev 'trace 2'; } && [ ! -e $tmp/dev-t.csv ]"
	t "devices: -o and --histogram both /dev/null: allowed" "dev 'null-twice 0'"
	t "devices: every node is still what it was, nothing else appeared in /dev" \
	  "dev '/dev/null character special file' && dev '/dev/full character special file' &&
	   dev '/dev/blk block special file' && dev '/dev/stdout symbolic link' &&
	   dev 'blk fd full null stdout '"
else
	echo "# not root, or unshare -m not allowed: device outputs are not tested"
fi

# ---- another user's file in a sticky directory (/tmp): rename() would fail
# at the end of the run, so it is refused before measuring
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups "$FB" --version >/dev/null 2>&1; then
	mkdir -m 755 "$tmp/pub" && mkdir -m 1777 "$tmp/pub/sticky" && chmod 755 "$tmp"
	echo old >"$tmp/pub/sticky/root.csv"
	start=$(date +%s)
	setpriv --reuid=65534 --regid=65534 --clear-groups "$FB" "${quick[@]}" -d 60s \
		-o "$tmp/pub/sticky/root.csv" >/dev/null 2>"$tmp/sticky.err"
	rc=$?
	t "another user's file in a sticky directory: exit 1 at once ($(( $(date +%s) - start ))s of a 60 s run), one line, file kept" \
	  "[ $rc = 1 ] && [ \$(wc -l <$tmp/sticky.err) = 1 ] && grep -q 'sticky directory' $tmp/sticky.err &&
	   [ \"\$(cat $tmp/pub/sticky/root.csv)\" = old ] && [ \$(ls $tmp/pub/sticky | wc -l) = 1 ]"
	chmod 700 "$tmp"
fi

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
head -c -1 "$tmp/a0.csv" >"$tmp/cut.csv"
cp "$tmp/cut.csv" "$tmp/cut0.csv"
"$FB" -s locked -r 1 -d 5ms --append -o "$tmp/cut.csv" >/dev/null 2>"$tmp/cut.err"
rc=$?
t "--append to a CSV whose last row has no newline: exit 2, file untouched" \
  "[ $rc = 2 ] && grep -q 'does not end with a newline' $tmp/cut.err && cmp -s $tmp/cut.csv $tmp/cut0.csv"
chmod 604 "$tmp/a.csv"
cp -p "$tmp/a.csv" "$tmp/a1.csv"
FENCEBENCH_TEST_STALL=floor signalled 1 INT /dev/null -s locked -r 1 -d 1s --timeout 100s --append -o "$tmp/a.csv"
t "--append interrupted before its first row: the file untouched (no '#' lines added)" \
  "cmp -s $tmp/a.csv $tmp/a1.csv"
"$FB" -s locked -r 1 -d 5ms -w 0 --retries 0 --append -o "$tmp/a.csv" 2>/dev/null
t "--append keeps the file's mode (604)" "[ \$(stat -c %a $tmp/a.csv) = 604 ] && [ \$(grep -vc '^#' $tmp/a.csv) = 5 ]"

# ---- a one-CPU cpuset: the signaler and the waiter share it, spin-waits yield
if command -v taskset >/dev/null; then
	timeout 60 taskset -c 0 "$FB" -s locked,list_empty_careful -r 1 -d 50ms -w 0 -f csv --no-meta \
		>"$tmp/one.csv" 2>"$tmp/one.err"
	rc=$?
	t "taskset -c 0: completes, warns, rows say spin=yield on CPU 0" \
	  "[ $rc = 0 ] && grep -q 'yield the CPU' $tmp/one.err &&
	   [ \$(grep -c ',0,0,.*yield' $tmp/one.csv) = 2 ]"
else
	skip "taskset -c 0: completes" "taskset not installed"
fi
# ---- /proc/stat and /proc/cpuinfo unreadable (a private mount namespace hides them)
if unshare -m true 2>/dev/null; then
	unshare -m sh -c 'mount --bind /dev/null /proc/stat && mount --bind /dev/null /proc/cpuinfo &&
		exec "$0" -s locked -r 1 -d 20ms -w 0 -f csv' "$FB" >"$tmp/noproc.csv" 2>"$tmp/noproc.err"
	rc=$?
	t "/proc/stat and /proc/cpuinfo unreadable: the run completes, the header says unknown" \
	  "[ $rc = 0 ] && grep -q '^# machine: unknown CPU' $tmp/noproc.csv &&
	   grep -q 'virtualisation unknown' $tmp/noproc.csv && [ \$(grep -vc '^#' $tmp/noproc.csv) = 2 ]"
	t "/proc/stat unreadable: other load and disturbed are empty (unknown), not 0, and stderr says so" \
	  "rows $tmp/noproc.csv '{ exit !(\$c[\"other_load_pct\"] == \"\" && \$c[\"disturbed\"] == \"\") }' &&
	   [ \$(grep -c 'cannot read /proc/stat: other load unknown' $tmp/noproc.err) = 1 ]"
else
	skip "/proc/stat and /proc/cpuinfo unreadable" "unshare -m is not allowed here"
fi

echo "1..$n"
