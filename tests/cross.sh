#!/bin/bash
# SPDX-License-Identifier: MIT
# The cross-built benchmark under an emulator (make check-cross):
#   tests/cross.sh BUILD_DIR ARCH RUNNER...
#  1. every build variant (toolchain default, LL/SC, LSE on arm64) runs all
#     strategies to completion and writes sane CSV: the counts add up, the
#     exactly-once invariant held, locked and flag show no hazard, the timer
#     line names the architecture's counter;
#  2. an oversubscribed run completes (the sched_yield spin path) and an
#     injected init-gap still opens window A for list_empty only;
#  3. on arm64, the generated assembly of the strategy loops: today's
#     list_empty_careful loads next with ldar, the July 2020 form with ldr,
#     and that is the only instruction in which the two loops differ;
#  4. on arm64, --trace's stamps keep the order of the code and of causes.
# Timing figures are not checked: an emulator's clock says nothing.
set -u
B=$1 ARCH=$2
shift 2
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

case $ARCH in
aarch64) counter=cntvct_el0 ;;
x86_64|i?86) counter=rdtsc ;;
*) counter=clock_gettime ;;
esac

# CSV sanity, the same invariants as cli.sh minus the timing ones
sane() {	# csv rows
	rows "$1" "BEGIN { want = $2 }" '{
			bad = 0
			if (NF != length(c)) bad = 1
			if ($c["rounds"] <= 0 || $c["removes"] != $c["rounds"] * $c["waiters"]) bad = 1
			if ($c["removes"] != $c["fastpath"] + $c["slowpath_hit"] + $c["slowpath_miss"]) bad = 1
			if ($c["remove_ns_p50"] > $c["remove_ns_p99"] || $c["remove_ns_p99"] > $c["remove_ns_max"] + 0.5) bad = 1
			if ($c["strategy"] == "locked" && $c["fastpath"] != 0) bad = 1
			if ($c["strategy"] == "locked" || $c["strategy"] == "flag" || $c["strategy"] == "finish_wait")
				if ($c["hazard_prev_store"] + $c["hazard_func_call"] + $c["hazard_payload_read"] + $c["hazard_payload_write"] != 0) bad = 1
			for (i = 1; i <= NF; i++) if ($i ~ /nan|inf/) bad = 1
			if (bad) { print "# bad row: " $0; fails++ }
			rows++
		}
		END { exit fails || rows != want }'
}

for v in fencebench fencebench-llsc fencebench-lse; do
	[ -x "$B/$v" ] || continue
	"$@" "$B/$v" -s all -t 1 -r 1 --retries 0 -d 0.1 -w 0 -f csv -o "$tmp/$v.csv" >"$tmp/$v.out" 2>"$tmp/$v.err"
	rc=$?
	sed 's/^/# /' "$tmp/$v.err"
	t "$v: all strategies run to completion (exit $rc), no message but environment warnings" \
	  "[ $rc = 0 ] && ! grep -v -e hypervisor -e governor -e numa_balancing -e disturbed $tmp/$v.err && [ -s $tmp/$v.csv ]"
	t "$v: the timer line names $counter" "grep -q '^# timer: $counter at ' $tmp/$v.csv"
	grep -v '^#' "$tmp/$v.csv" >"$tmp/$v.data" 2>/dev/null
	t "$v: 8 sane rows, one per strategy (counts add up, locked/flag/finish_wait no hazard)" "sane $tmp/$v.data 8"
done

FB=$B/fencebench
"$@" "$FB" -t 3 -s locked,list_empty_careful -r 1 --retries 0 -d 0.1 -w 0 -f csv --no-meta >"$tmp/over.csv" 2>"$tmp/over.err"
rc=$?
t "3 waiters on $(nproc) CPUs: completes (yielding spins), rows say spin=yield" \
  "[ $rc = 0 ] && grep -q 'spin-waits yield' $tmp/over.err && [ \$(grep -c ',yield,' $tmp/over.csv) = 2 ] && sane $tmp/over.csv 2"

"$@" "$FB" -s locked,list_empty,list_empty_careful,flag -i init-gap:20us -r 1 --retries 0 -d 0.3 -w 0 -f csv --no-meta >"$tmp/gap.csv" 2>/dev/null
t "init-gap: list_empty shows window A, list_empty_careful, locked and flag do not" \
  "[ \"\$(col $tmp/gap.csv hazard_prev_store list_empty)\" -gt 0 ] &&
   [ \$(col $tmp/gap.csv hazard_prev_store list_empty_careful)\$(col $tmp/gap.csv hazard_prev_store locked)\$(col $tmp/gap.csv hazard_prev_store flag) = 000 ]"

# --trace where the counter is comparable across CPUs: arm64's cntvct_el0
# (under qemu-user, the host's clock); the stamps keep their order
if [ "$ARCH" = aarch64 ]; then
	"$@" "$FB" -s locked,list_empty -r 1 -d 0.1 -w 0 -f csv --no-meta \
		--trace "$tmp/a.trace" --trace-rounds 20 >/dev/null 2>"$tmp/trace.err"
	rc=$?
	t "--trace on arm64: exit 0, stamps in the order of the code and of causes" \
	  "[ $rc = 0 ] && [ \$(grep -c '^# traced: .* rounds=[1-9]' $tmp/a.trace) = 2 ] &&
	   awk -f tests/trace-check.awk $tmp/a.trace"
fi

if [ "$ARCH" = aarch64 ]; then
	# body of a function in a .s file, from its label to its .size
	body() { awk -v f="$2" '$0 == f":" { p = 1 } p { print } p && $1 == ".size" && $2 == f"," { exit }' "$1"; }
	# the first load after cycles_start() (isb; mrs cntvct_el0; isb) is the precheck's load of next
	first_load() { body "$1" "$2" | awk '/isb; mrs .*cntvct_el0; isb/ && !/dsb/ { p = 1; next } p && $1 ~ /^ld/ { print $1; exit }'; }
	insns() { awk '$0 ~ /^\t[a-z]/ { $1 = $1; gsub(/\.L[A-Z]*[0-9]+/, ".L"); print }'; }
	for s in bench bench-lse; do
		f=$B/$s.s
		if [ ! -s "$f" ]; then
			t "$s.s exists (make asm-cross)" false
			continue
		fi
		c=$(first_load "$f" loop_careful) c20=$(first_load "$f" loop_careful_2020)
		echo "# $s.s: precheck load of next: loop_careful $c, loop_careful_2020 $c20"
		t "$s.s: loop_careful's precheck loads next with ldar (list_empty_careful)" "[ '$c' = ldar ]"
		t "$s.s: loop_careful_2020's precheck loads next with a plain ldr" "[ '$c20' = ldr ]"
		# instructions only, local labels unnumbered
		body "$f" loop_careful | insns >"$tmp/c.s"
		body "$f" loop_careful_2020 | insns >"$tmp/c20.s"
		diff "$tmp/c.s" "$tmp/c20.s" | grep '^[<>]' >"$tmp/diff"
		sed 's/^/# /' "$tmp/diff"
		t "$s.s: the two loops differ in one instruction, ldar against ldr of the same operands" \
		  "[ \$(wc -l <$tmp/diff) = 2 ] && [ \"\$(sed -n '1s/^< ldar //p' $tmp/diff)\" = \"\$(sed -n '2s/^> ldr //p' $tmp/diff)\" ] &&
		   [ -n \"\$(sed -n '1s/^< ldar //p' $tmp/diff)\" ]"
	done
	t "bench.s uses LL/SC (ldaxr/stxr), bench-lse.s LSE (ldadd*/cas*)" \
	  "grep -qw ldaxr $B/bench.s && ! grep -qE '\\b(ldadda?l?|casa?l?)\\b' $B/bench.s && grep -qE '\\b(ldadda?l?|casa?l?)\\b' $B/bench-lse.s"
fi
echo "1..$n"
