#!/bin/bash
# SPDX-License-Identifier: MIT
# ThreadSanitizer on the whole benchmark.
#  1. build/tsan/fencebench: every strategy and wait mode must run silent;
#     all cross-thread accesses are atomics, so a report is a harness bug.
#  2. fencebench-oracle keeps the callback's payload a plain field: TSan must
#     then report the unsafe strategies (the callback's read of the frame and
#     the waiter's reuse of it are not ordered) and stay silent for locked,
#     flag and finish_wait (the careful unlink's release, last, pairs with
#     list_empty_careful()'s acquire).  No injected gap: a stall before the call makes the signaler call
#     the trap instead of reading the payload.  flag_i915 races too: its
#     plain fetch_and_zero orders nothing in C11 (safe on x86-TSO only).
#     flag_xchg is not asserted either way: the LKMM orders the waiter's
#     later stores by its branch on the value (a control dependency), C11
#     does not, so TSan may report what the kernel's model calls safe.
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

for s in locked list_empty list_empty_careful list_empty_careful_2020 flag flag_i915 flag_xchg finish_wait; do
	for w in poll callback timeout:200ns check-and-signal sleep; do
		run "tsan-$s-$w" build/tsan/fencebench -s "$s" -W "$w" -t 2
		t "tsan: $s, wait $w, 2 waiters: no report, exit 0" \
		  "[ \$(cat $out/tsan-$s-$w.rc) = 0 ] && ! grep -q 'ThreadSanitizer' $out/tsan-$s-$w.err"
	done
done
# the untimed loops (--timing none) are separate copies: the same check
run tsan-untimed build/tsan/fencebench -s all --timing none -t 2
t "tsan: every strategy with --timing none, 2 waiters: no report, exit 0" \
  "[ \$(cat $out/tsan-untimed.rc) = 0 ] && ! grep -q 'ThreadSanitizer' $out/tsan-untimed.err"

for at in next-line shared; do
	run "tsan-at-$at" build/tsan/fencebench -s locked,list_empty -W check-and-signal -t 2 \
		--lock-placement "$at"
	t "tsan: --lock-placement $at, check-and-signal, 2 waiters: no report, exit 0" \
	  "[ \$(cat $out/tsan-at-$at.rc) = 0 ] && ! grep -q 'ThreadSanitizer' $out/tsan-at-$at.err"
done

for s in locked flag finish_wait; do
	run "oracle-$s" ./fencebench-oracle -s "$s"
	t "oracle: $s is race-free (TSan silent)" \
	  "[ \$(cat $out/oracle-$s.rc) = 0 ] && ! grep -q 'WARNING: ThreadSanitizer' $out/oracle-$s.err"
done
for s in list_empty list_empty_careful flag_i915; do
	run "oracle-$s" ./fencebench-oracle -s "$s"
	t "oracle: $s races on the released frame (TSan reports)" \
	  "grep -q 'WARNING: ThreadSanitizer: data race' $out/oracle-$s.err"
done
echo "1..$n"
