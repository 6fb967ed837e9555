#!/bin/bash
# SPDX-License-Identifier: MIT
# The kernel forms end to end: --lock-placement, --wait check-and-signal,
# the flag_i915 and flag_xchg strategies, --lock pvqspinlock, the model
# column and '#' lines, and the timer fallback forced with
# FENCEBENCH_TIMER=lfence.  Every run must keep the exactly-once invariant
# (fencebench exits 1 otherwise) and its counts must add up.  Nothing
# here checks a timing.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
# adds_up FILE: removes = rounds x waiters = fastpath + hits + misses on every row
adds_up() {
	rows "$1" '{ n++; if ($c["removes"] != $c["rounds"] * $c["waiters"] || $c["rounds"] == 0 ||
	  $c["fastpath"] + $c["slowpath_hit"] + $c["slowpath_miss"] != $c["removes"] ||
	  $c["waiter_signalled_rounds"] > $c["rounds"]) bad++ }
	END { exit bad || !n }'
}
x86=false
case $(uname -m) in x86_64 | i?86) x86=true ;; esac
run() { run_csv "$1" 120 -r 1 --retries 0 -d 0.1 -w 0 -f csv "${@:2}"; }	# NAME fencebench-args...

# ---- the new columns, in this order (the engine column follows them)
run cols -s locked
t "CSV has lock_placement,inject_irq_delay_ns,waiter_signalled_rounds,model" \
  "[ \$(rc cols) = 0 ] && grep -v '^#' $tmp/cols.csv | head -1 |
   grep -q ',lock_placement,inject_irq_delay_ns,waiter_signalled_rounds,model,'"
t "the default placement is inline (v7.1), the model says so" \
  "[ \$(col $tmp/cols.csv lock_placement locked) = inline ] &&
   col $tmp/cols.csv model locked | grep -q 'dma-fence v7.1 inline lock'"
t "'#' lines name the model and what each placement corresponds to" \
  "grep -q '^# model: .*detach of ops at signal, not modelled.*list.h v5.19+' $tmp/cols.csv &&
   grep -q '^# lock placement: inline (inline = v7.1 .*next-line = i915 to v7.0.*shared = amdgpu' $tmp/cols.csv"

# ---- lock placement: each runs, counts add up, the row and model say which
for at in inline next-line shared; do
	run "at-$at" --lock-placement "$at" -s locked,list_empty_careful,flag -t 2
	t "--lock-placement $at, 2 waiters: exit 0, counts add up, rows say $at" \
	  "[ \$(rc at-$at) = 0 ] && adds_up $tmp/at-$at.csv &&
	   [ \"\$(col $tmp/at-$at.csv lock_placement locked)\$(col $tmp/at-$at.csv lock_placement flag)\" = $at$at ]"
done
t "next-line names i915, shared names the timeline lock" \
  "col $tmp/at-next-line.csv model locked | grep -q \"i915's rq->lock in the next line\" &&
   col $tmp/at-shared.csv model locked | grep -q 'one lock per timeline'"
t "locked takes the lock in every placement (lock_handoffs > 0)" \
  "[ \$(col $tmp/at-inline.csv lock_handoffs locked) -gt 0 ] && [ \$(col $tmp/at-next-line.csv lock_handoffs locked) -gt 0 ] &&
   [ \$(col $tmp/at-shared.csv lock_handoffs locked) -gt 0 ]"

# ---- list.h forms in the model column
run lists -s list_empty_careful,list_empty_careful_2020
t "list_empty_careful_2020 is modelled as the July 2020 list.h, the others as v5.19+" \
  "col $tmp/lists.csv model list_empty_careful_2020 | grep -q '^list.h v5.8' &&
   col $tmp/lists.csv model list_empty_careful | grep -q '^list.h v5.19+'"

# ---- i915's flag, both forms: no hazard on x86 even with the windows held open
run flags -s flag_i915,flag_xchg,list_empty_careful -t 2
t "flag_i915 and flag_xchg: exit 0, counts add up, the model names the form" \
  "[ \$(rc flags) = 0 ] && adds_up $tmp/flags.csv &&
   col $tmp/flags.csv model flag_i915 | grep -q 'i915 fetch_and_zero' &&
   col $tmp/flags.csv model flag_xchg | grep -q 'i915 xchg (2026)'"
hz() { echo "$(col "$1" hazard_prev_store "$2")$(col "$1" hazard_func_call "$2")$(col "$1" hazard_payload_read "$2")$(col "$1" hazard_payload_write "$2")"; }
if $x86; then
	# (that pre-func opens window B for the list prechecks is cli.sh's test)
	run pre -s flag_i915,flag_xchg -i pre-func:3us -d 0.3
	t "pre-func (window B held open): flag_i915 and flag_xchg show no hazard on x86 (TSO)" \
	  "[ \$(rc pre) = 0 ] && [ \$(hz $tmp/pre.csv flag_i915) = 0000 ] && [ \$(hz $tmp/pre.csv flag_xchg) = 0000 ]"
	run gap -s flag_i915,flag_xchg -i init-gap:3us -d 0.3
	t "init-gap: flag_i915 and flag_xchg show no hazard on x86" \
	  "[ \$(rc gap) = 0 ] && [ \$(hz $tmp/gap.csv flag_i915) = 0000 ] && [ \$(hz $tmp/gap.csv flag_xchg) = 0000 ]"
else
	skip "pre-func and init-gap: flag_i915 and flag_xchg on x86 (TSO)" "not x86"
fi

# ---- check-and-signal: the waiter may signal; exactly-once still holds
run cs -s locked,list_empty,flag_i915 -W check-and-signal -t 2
t "check-and-signal, 2 waiters: exit 0, counts add up, wait column says so" \
  "[ \$(rc cs) = 0 ] && adds_up $tmp/cs.csv && [ \$(col $tmp/cs.csv wait locked) = check-and-signal ]"
t "check-and-signal: no removal finds its callback queued (the fence is signalled first)" \
  "[ \$(col $tmp/cs.csv slowpath_hit locked)\$(col $tmp/cs.csv slowpath_hit list_empty)\$(col $tmp/cs.csv slowpath_hit flag_i915) = 000 ]"
t "check-and-signal: the model says ->signaled signals in the waiter" \
  "col $tmp/cs.csv model locked | grep -q -- '->signaled signals in the waiter'"
run csd -s locked,flag_i915 -W check-and-signal -i irq-delay:200us -d 0.3
t "irq-delay 200us: waiters signal rounds themselves (0 < waiter_signalled_rounds <= rounds)" \
  "[ \$(rc csd) = 0 ] && adds_up $tmp/csd.csv && [ \$(col $tmp/csd.csv waiter_signalled_rounds locked) -gt 0 ] &&
   [ \$(col $tmp/csd.csv waiter_signalled_rounds flag_i915) -gt 0 ] && [ \$(col $tmp/csd.csv inject_irq_delay_ns locked) = 200000 ]"
t "poll: no waiter ever signals (waiter_signalled_rounds = 0)" \
  "[ \$(col $tmp/at-inline.csv waiter_signalled_rounds locked)\$(col $tmp/at-inline.csv waiter_signalled_rounds flag) = 00 ]"

# ---- the paravirt qspinlock end to end
run pv --lock pvqspinlock -s locked,list_empty -t 2
t "--lock pvqspinlock: exit 0, counts add up, rows say pvqspinlock, model says paravirt" \
  "[ \$(rc pv) = 0 ] && adds_up $tmp/pv.csv && [ \$(col $tmp/pv.csv lock locked) = pvqspinlock ] &&
   col $tmp/pv.csv model locked | grep -q 'paravirt qspinlock'"

# ---- JSON carries the new columns and the model line
"$FB" -s locked -r 1 --retries 0 -d 0.05 -w 0 -f json >"$tmp/j.json" 2>/dev/null
t "JSON: header has the model line; rows have model and waiter_signalled_rounds" \
  "head -1 $tmp/j.json | grep -q '\"model\":' && sed -n 2p $tmp/j.json | grep -q '\"waiter_signalled_rounds\":0' &&
   sed -n 2p $tmp/j.json | grep -q '\"lock_placement\":\"inline\"'"

# ---- timer fallback, forced
FENCEBENCH_TIMER=lfence run lf -s locked,flag
if $x86; then
	t "FENCEBENCH_TIMER=lfence: lfence;rdtsc is named, the run completes" \
	  "[ \$(rc lf) = 0 ] && grep -q '^# timer: lfence;rdtsc at ' $tmp/lf.csv && adds_up $tmp/lf.csv"
else
	t "FENCEBENCH_TIMER=lfence: ignored off x86, the run completes" "[ \$(rc lf) = 0 ] && adds_up $tmp/lf.csv"
fi
FENCEBENCH_TIMER=rdtscq "$FB" -s locked -d 0.05 >"$tmp/out" 2>"$tmp/err"
r=$?
t "a bad FENCEBENCH_TIMER: exit 2, one line naming it" \
  "[ $r = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q FENCEBENCH_TIMER $tmp/err && [ ! -s $tmp/out ]"

echo "1..$n"
