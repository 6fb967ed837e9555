#!/bin/bash
# SPDX-License-Identifier: MIT
# ThreadSanitizer on the whole benchmark.
#  1. build/tsan/fencebench: every strategy and wait mode must run silent;
#     all cross-thread accesses are atomics, so a report is a harness bug.
#  2. fencebench-oracle keeps the callback's payload a plain field: TSan must
#     then report the unsafe strategies (the callback's read of the frame and
#     the waiter's reuse of it are not ordered) and stay silent for locked and
#     flag.  No injected gap: a stall before the call makes the signaler call
#     the trap instead of reading the payload.
set -u
cd "$(dirname "$0")/.." || exit 1
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }

export TSAN_OPTIONS="exitcode=66 report_signal_unsafe=0"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() {	# name binary args...
	local name=$1 bin=$2
	shift 2
	"$bin" -d 0.2 -w 0 -r 1 --retries 0 -f csv --no-meta "$@" >"$out/$name.csv" 2>"$out/$name.err"
	echo $? >"$out/$name.rc"
}

for s in locked list_empty list_empty_careful list_empty_careful_2020 flag; do
	for w in poll callback timeout:200ns; do
		run "tsan-$s-$w" build/tsan/fencebench -s "$s" -W "$w" -t 2
		t "tsan: $s, wait $w, 2 waiters: no report, exit 0" \
		  "[ \$(cat $out/tsan-$s-$w.rc) = 0 ] && ! grep -q 'ThreadSanitizer' $out/tsan-$s-$w.err"
	done
done
# the untimed loops (--timing none) are separate copies: the same check
run tsan-untimed build/tsan/fencebench -s all --timing none -t 2
t "tsan: every strategy with --timing none, 2 waiters: no report, exit 0" \
  "[ \$(cat $out/tsan-untimed.rc) = 0 ] && ! grep -q 'ThreadSanitizer' $out/tsan-untimed.err"

for s in locked flag; do
	run "oracle-$s" ./fencebench-oracle -s "$s"
	t "oracle: $s is race-free (TSan silent)" \
	  "[ \$(cat $out/oracle-$s.rc) = 0 ] && ! grep -q 'WARNING: ThreadSanitizer' $out/oracle-$s.err"
done
for s in list_empty list_empty_careful; do
	run "oracle-$s" ./fencebench-oracle -s "$s"
	t "oracle: $s races on the released frame (TSan reports)" \
	  "grep -q 'WARNING: ThreadSanitizer: data race' $out/oracle-$s.err"
done
echo "1..$n"
