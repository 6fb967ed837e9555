#!/bin/bash
# SPDX-License-Identifier: MIT
# --trace on real runs: the stamps keep the order of the code within each
# thread and the order of causes across threads (within the skew the run
# measured), in poll, callback and sleep mode (tests/trace-check.awk); the checker
# catches a broken trace; --trace is refused where the counter is not
# comparable across CPUs, and bad input exits 2 without writing a file.
# No check depends on how fast anything ran.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
chk="awk -f tests/trace-check.awk"
S=locked,list_empty,list_empty_careful,flag,finish_wait
nS=5

# real runs need a counter comparable across CPUs (x86 invariant TSC, arm64)
if "$FB" --trace "$tmp/probe.trace" --dry-run >/dev/null 2>"$tmp/probe.err"; then
	waits="poll callback sleep timeout:100ns"	# the timeout: removals before the signal too
else
	waits=""
	skip "real traces" "$(cat "$tmp/probe.err")"
fi
# refused where the counter is not comparable
FENCEBENCH_TEST_NOT_COMPARABLE=1 "$FB" -d 10ms -r 1 --trace "$tmp/no.trace" \
	>"$tmp/no.out" 2>"$tmp/no.err"
rc=$?
t "a counter not comparable across CPUs: exit 2, one line, no file" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/no.err) = 1 ] && grep -q 'not comparable across CPUs' $tmp/no.err &&
   [ ! -e $tmp/no.trace ] && [ ! -s $tmp/no.out ]"

# bad input
bad() {
	local rc
	"$FB" "$@" >"$tmp/bad.out" 2>"$tmp/bad.err"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l <"$tmp/bad.err")" = 1 ] && [ ! -e "$tmp/bad.trace" ]
}
t "--trace-rounds 0 is refused" "bad --trace $tmp/bad.trace --trace-rounds 0"
t "--trace-rounds x is refused" "bad --trace $tmp/bad.trace --trace-rounds x"
t "--trace-rounds without --trace is refused" "bad --trace-rounds 5"
t "--trace with an empty name is refused" "bad --trace ''"
t "--trace with --matrix is refused" "bad --matrix --trace $tmp/bad.trace"
t "--trace without a file is refused" "bad --trace"
t "--trace into the --output file is refused" "bad -o $tmp/bad.trace --trace $tmp/bad.trace"
t "--trace into the --histogram file is refused" \
  "bad --histogram $tmp/bad.trace --trace $tmp/bad.trace"
if [ -n "$waits" ]; then
	"$FB" -d 10ms -r 1 --trace "$tmp/nodir/x.trace" >/dev/null 2>"$tmp/nodir.err"
	rc=$?
	t "--trace into a missing directory: exit 1, nothing written" \
	  "[ $rc = 1 ] && [ ! -e $tmp/nodir ]"
else
	skip "--trace into a missing directory" "no real traces here"
fi

# TRACE CSV: each '# traced:' line's fields (split at ' ' and '=': 4
# strategy, 10 traced fast-path share, 12 measured share, 14 traced p50,
# 16 measured p50) against the CSV's row of its strategy, one line for
# each of the nS strategies
traced_as_measured() {
	awk '/^# traced: / { split($0, a, /[ =]/); print a[4], a[12], a[10], a[16], a[14] }' "$1" |
	rows "$2" 'BEGIN { while ((getline l <"/dev/stdin") > 0) { split(l, a, " ")
			m[a[1]] = a[2]; p[a[1]] = a[3]; q[a[1]] = a[4]; r[a[1]] = a[5] } }
		{ s = $c["strategy"] }
		function off(a, b) { return a - b > 0.051 || b - a > 0.051 }	# %.1f of a %.3f column
		!(s in m) || off(m[s], $c["fastpath_pct"]) { bad = 1 }
		q[s] != sprintf("%.1f", $c["remove_ns_p50"]) || !(r[s] > 0) { bad = 1 }
		s == "locked" && p["locked"] != "0.0" { bad = 1 }
		END { exit bad || length(m) != '"$nS"' }'
}
for wait in $waits; do
	"$FB" -s $S -W $wait -r 1 -d 100ms -w 20ms -f csv --no-meta \
		--trace "$tmp/$wait.trace" --trace-rounds 50 >"$tmp/$wait.csv" 2>"$tmp/$wait.err"
	rc=$?
	t "--trace with --wait $wait runs" "[ $rc = 0 ] && [ -s $tmp/$wait.trace ]"
	t "$wait: the skew of each waiter is on stderr and in the file" \
	  "grep -q 'trace: counter skew of waiter 0' $tmp/$wait.err &&
	   grep -q '^# skew: waiter=0 cpu=[0-9]* lo_cycles=-*[0-9]* hi_cycles=' $tmp/$wait.trace &&
	   grep -q '^# cycles_per_ns: [0-9.]*$' $tmp/$wait.trace"
	t "$wait: every strategy traced some rounds" \
	  "[ \$(grep -c '^# traced: strategy=.* rounds=[1-9]' $tmp/$wait.trace) = $nS ]"
	t "$wait: order within each thread, and causes across threads within the skew" \
	  "$chk $tmp/$wait.trace"
	t "$wait: the measured rows are written as without --trace" \
	  "[ \$(grep -vc '^#' $tmp/$wait.csv) = $((nS + 1)) ]"
	# each '# traced:' line sets the traced run's fast-path share and removal
	# median beside the measured row's
	t "$wait: each trace names its measured fast-path share and p50, as the CSV row has them" \
	  "traced_as_measured $tmp/$wait.trace $tmp/$wait.csv"
done

# a run that fails after the trace was opened leaves no file, not even its temporary
if [ -n "$waits" ]; then
	mkdir "$tmp/fail"
	FENCEBENCH_TEST_MISCOUNT=100 "$FB" -s locked -r 1 -d 50ms -w 10ms -f csv \
		-o "$tmp/fail/r.csv" --trace "$tmp/fail/t.trace" >/dev/null 2>"$tmp/fail.err"
	rc=$?
	t "a broken invariant with --trace: exit 1, no trace and no temporary left" \
	  "[ $rc = 1 ] && grep -q 'invariant broken' $tmp/fail.err && [ -z \"\$(ls -A $tmp/fail)\" ]"
else
	skip "a broken invariant with --trace" "no real traces here"
fi

# check-and-signal with a late interrupt: the waiter signals every round
# itself, the signaler's S1 never happens, and the trace says so
if [ -n "$waits" ]; then
	"$FB" -s locked -W check-and-signal -i irq-delay:50us -r 1 -d 50ms -w 10ms -f csv \
		--no-meta --trace "$tmp/self.trace" --trace-rounds 20 >/dev/null 2>"$tmp/self.err"
	rc=$?
	t "a waiter signalling every kept round: exit 0, no stamp rows, stderr says why" \
	  "[ $rc = 0 ] && grep -q 'a waiter signalled the fence first in each' $tmp/self.err &&
	   [ \$(grep -vc '^#' $tmp/self.trace) = 1 ] && grep -q '^# traced: strategy=locked rounds=0 ' $tmp/self.trace"
else
	skip "a waiter signalling every kept round" "no real traces here"
fi

# The measured loops pay nothing: bench.o's timed and untimed loops cost
# what those of bench.c built without the stamps (-DFENCEBENCH_NO_STAMPS,
# make check builds it) cost, function by function: as many instructions
# (padding aside), memory accesses, calls, counter reads and atomics.  Not
# the same text: which registers the allocator picks, and which way a
# branch is laid out, follow what else the file holds, and change with
# it.  The traced copies differ, which shows the comparison can fail.
loops() {	# object, function-name pattern: one line per instruction, by function
	objdump -d --no-show-raw-insn "$1" | awk -v want="$2" '
		/^[0-9a-f]+ <.*>:$/ { f = $2; gsub(/[<>:]/, "", f); next }
		f ~ want && /^ *[0-9a-f]+:\t/ {
			sub(/^ *[0-9a-f]+:\t/, "")
			if ($0 ~ /^(cs |data16 )*nop|^xchg +%ax,%ax/) next
			gsub(/[0-9a-f]+ <[^>]*>/, "T"); gsub(/0x[0-9a-f]+\(%rip\)/, "X(%rip)")
			sub(/[ \t]*#.*/, ""); print f ": " $0
		}' | sort -s -t: -k1,1
}
cost() {	# object, pattern: per function, the counts the stamps would change
	loops "$1" "$2" | awk -F': ' '{ f = $1; i = $2; n[f]++
		if (i ~ /\(/ && i !~ /^lea/) m[f]++
		if (i ~ /^call/) c[f]++
		if (i ~ /^(rdtscp?|lfence|rdpmc|mrs|isb)/) r[f]++
		if (i ~ /^(lock|xchg)/) a[f]++ }
		END { for (f in n) printf "%s: %d insns, %d memory, %d calls, %d counter, %d atomic\n",
			f, n[f], m[f], c[f], r[f], a[f] }' | sort
}
obj=build/bench.o nostamps=${NOSTAMPS_OBJ:-build/bench-nostamps.o}
if [ -f "$obj" ] && objdump -t "$obj" 2>/dev/null | grep -q '__[at]san_'; then
	# a sanitizer's instrumentation lays out frames its own way
	skip "the loops' code" "a sanitizer build (the check is of the optimised one)"
elif [ -f "$obj" ] && objdump -h "$obj" 2>/dev/null | grep -q '\.gnu\.lto_'; then
	# -flto: the objects hold no machine code yet
	skip "the loops' code" "$obj is LTO bytecode"
elif command -v objdump >/dev/null && [ -f "$obj" ] && [ -f "$nostamps" ]; then
	measured='^(loop_[a-z0-9_]+|signaler_(timed|untimed))$'
	cost "$obj" "$measured" | grep -v '_traced: ' >"$tmp/with.s"
	cost "$nostamps" "$measured" | grep -v '_traced: ' >"$tmp/without.s"
	diff "$tmp/with.s" "$tmp/without.s" | sed 's/^/# /'
	t "the measured loops cost the same with and without the stamps" \
	  "[ -s $tmp/with.s ] && [ \$(cut -d: -f1 $tmp/with.s | sort -u | wc -l) -ge 16 ] &&
	   cmp -s $tmp/with.s $tmp/without.s"
	cost "$obj" '^loop_list_empty_traced$' >"$tmp/traced-with.s"
	cost "$nostamps" '^loop_list_empty_traced$' >"$tmp/traced-without.s"
	t "the traced copies differ (the comparison can fail)" \
	  "[ -s $tmp/traced-with.s ] && ! cmp -s $tmp/traced-with.s $tmp/traced-without.s"
else
	skip "the loops' code" "needs objdump, $obj and $nostamps"
fi

# the checker can fail: a wait exit moved far before S1, an unlock before the call
if [ -z "$waits" ]; then
	skip "the checker catches broken traces; plots/timeline.gp" "no real traces here"
	echo "1..$n"
	exit 0
fi
edit "$tmp/poll.trace" '$c["event"] == "wait_exit" && !done { $c["cycles"] -= 100000000; done = 1 }' \
	>"$tmp/early.trace"
t "a waiter leaving its poll before S1 is caught" "! $chk $tmp/early.trace 2>/dev/null"
edit "$tmp/poll.trace" '$c["event"] == "unlock" && !done { $c["cycles"] = 1; done = 1 }' \
	>"$tmp/unlock.trace"
t "an unlock before the call is caught" "! $chk $tmp/unlock.trace 2>/dev/null"
edit "$tmp/poll.trace" '$c["event"] == "return" && !done { $c["cycles"] += 100000000; done = 1 }' \
	>"$tmp/late.trace"
t "a waiter returning after the signaler saw it done is caught" "! $chk $tmp/late.trace 2>/dev/null"
edit "$tmp/poll.trace" '$c["strategy"] == "locked" && $c["thread"] == "waiter0" { $c["outcome"] = "fastpath" }' \
	>"$tmp/fast.trace"
t "a fast path with a lock stamp is caught" "! $chk $tmp/fast.trace 2>/dev/null"
# a sleeping waiter running again before S1: nothing could have woken it
edit "$tmp/sleep.trace" '$c["wait"] == "sleep" && $c["event"] == "wait_exit" && !done {
	$c["cycles"] -= 100000000; done = 1 }' >"$tmp/woke.trace"
t "a sleeping waiter leaving its sleep before S1 is caught" "! $chk $tmp/woke.trace 2>/dev/null"

# the figure, where gnuplot is installed
if command -v gnuplot >/dev/null; then
	t "plots/timeline.gp draws a real trace" \
	  "gnuplot -e \"csv='$tmp/poll.trace'; out='$tmp/t.png'; strategy='list_empty'\" plots/timeline.gp &&
	   [ -s $tmp/t.png ]"
	t "plots/timeline.gp refuses a strategy the trace lacks (exit 1)" \
	  "! gnuplot -e \"csv='$tmp/poll.trace'; out='$tmp/u.png'; strategy='flag_xchg'\" plots/timeline.gp 2>/dev/null"
else
	skip "plots/timeline.gp on a real trace" "gnuplot not installed"
fi

echo "1..$n"
