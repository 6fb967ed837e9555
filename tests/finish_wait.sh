#!/bin/bash
# SPDX-License-Identifier: MIT
# Strategy finish_wait end to end: the wait-queue order on the signaler
# (func, then list_del_init_careful()) with finish_wait()'s lockless
# list_empty_careful() in the waiter.  With both windows held open by
# --inject, every repetition in which list_empty_careful (dma-fence's order)
# counts a late access must show none for finish_wait; the exactly-once
# check holds (fencebench exits 1 otherwise).  Nothing here checks a timing.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# hz FILE: "strategy rep hazards" per row, hazards the sum of the four counters
hz() {
	rows "$1" '{ hz = $c["hazard_prev_store"] + $c["hazard_func_call"]
	  hz += $c["hazard_payload_read"] + $c["hazard_payload_write"]
	  print $c["strategy"], $c["rep"], hz }'
}
# clean_where_careful_fails FILE [some]: exit 0 when finish_wait counted no
# hazard in any rep, in particular none in a rep where list_empty_careful
# counted some; with "some", list_empty_careful must have counted some in
# at least one rep (held open by pre-func alone it does: the check lands in
# the window; with init-gap too, the waiter mostly checks during the gap,
# sees prev not yet home and waits at the lock)
clean_where_careful_fails() {
	hz "$1" | awk -v need="${2:-}" '$1 == "list_empty_careful" && $3 > 0 { some[$2] = 1 }
		$1 == "finish_wait" { fw[$2] = $3; rows++ }
		END { for (r in some) { n++; if (fw[r] != 0) bad++ }
		      for (r in fw) if (fw[r] != 0) bad++
		      exit !(rows > 0 && !bad && (need == "" || n > 0)) }'
}
run() { run_csv "$1" 180 -r 2 --retries 0 -d 0.2 -w 0 -f csv "${@:2}"; }	# NAME fencebench-args...

run both -s list_empty_careful,finish_wait -i pre-func:1us -i init-gap:1us
t "pre-func:1us and init-gap:1us: exit 0 (every callback called or removed, once)" "[ \$(rc both) = 0 ]"
t "both windows held open: finish_wait counts no hazard in any rep (nor where list_empty_careful does)" \
  "clean_where_careful_fails $tmp/both.csv"
run pre -s list_empty_careful,finish_wait -i pre-func:1us
t "pre-func:1us alone: finish_wait counts no hazard in any rep; list_empty_careful some" \
  "[ \$(rc pre) = 0 ] && clean_where_careful_fails $tmp/pre.csv some"
run gap -s finish_wait -i init-gap:1us
t "init-gap:1us alone (between the careful unlink's prev store and its release): no hazard" \
  "[ \$(rc gap) = 0 ] && [ \"\$(hz $tmp/gap.csv | awk '{ s += \$3 } END { print s + 0 }')\" = 0 ]"
t "the model column names the wait-queue order and finish_wait()" \
  "grep -v '^#' $tmp/both.csv | grep '^[^,]*,finish_wait,' | head -1 |
   grep -q 'autoremove_wake_function (func then list_del_init_careful); removal as finish_wait()'"
t "the other strategy's model column does not" \
  "! grep -v '^#' $tmp/both.csv | grep '^[^,]*,list_empty_careful,' | grep -q finish_wait"
echo "1..$n"
