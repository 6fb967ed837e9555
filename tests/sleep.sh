#!/bin/bash
# SPDX-License-Identifier: MIT
# --wait sleep end to end: the waiter sleeps on a futex that its callback
# wakes.  Every strategy completes (a lost wake would hang the round, and
# the watchdog would end the run with exit 1), the exactly-once check
# holds, the rows carry the whole wait and the removal's share of it, and
# those columns stay empty in the spinning wait modes; --report prints
# them beside the removal.  No timing is
# checked, only the arithmetic between columns.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

all=locked,list_empty,list_empty_careful,flag,flag_i915,flag_xchg,finish_wait
timeout 300 "$FB" -s "$all" -W sleep -t 1 -r 1 --retries 0 -d 0.15 -w 0 -f csv -o "$tmp/s.csv" \
	>/dev/null 2>"$tmp/s.err"
rc=$?
# a failed run says why (a watchdog, a sanitizer report) in the TAP output
[ $rc = 0 ] || sed 's/^/# /' "$tmp/s.err" | head -20
t "--wait sleep, every strategy: exit 0 (every callback called or removed once, no lost wake)" \
  "[ $rc = 0 ] && [ \$(rows $tmp/s.csv '{ n++ } END { print n + 0 }') = 7 ]"
t "--wait sleep: rows say wait sleep; counts add up" \
  "rows $tmp/s.csv '{ if (\$c[\"wait\"] != \"sleep\" || \$c[\"removes\"] != \$c[\"rounds\"] * \$c[\"waiters\"] ||
	\$c[\"removes\"] != \$c[\"fastpath\"] + \$c[\"slowpath_hit\"] + \$c[\"slowpath_miss\"]) bad++ }
	END { exit !!bad }'"
t "--wait sleep: wait_ns_mean, _p50, _p99 and remove_share_pct on every row, p50 <= p99" \
  "rows $tmp/s.csv '{ if (\$c[\"wait_ns_mean\"] == \"\" || \$c[\"wait_ns_p50\"] == \"\" ||
	\$c[\"wait_ns_p99\"] == \"\" || \$c[\"remove_share_pct\"] == \"\" ||
	\$c[\"wait_ns_p50\"] + 0 > \$c[\"wait_ns_p99\"] + 0 || \$c[\"wait_ns_mean\"] <= 0) bad++ }
	END { exit !!bad }'"
t "--wait sleep: remove_share_pct = 100 * remove_ns_mean / (wait_ns_mean + remove_ns_mean)" \
  "rows $tmp/s.csv '{ m = \$c[\"remove_ns_mean\"]; w = \$c[\"wait_ns_mean\"]; p = 100 * m / (w + m)
	d = p - \$c[\"remove_share_pct\"]; if (d > 0.06 || d < -0.06 || p <= 0 || p >= 100) bad++ }
	END { exit !!bad }'"
t "--wait sleep: locked, flag, flag_xchg and finish_wait count no hazard" \
  "rows $tmp/s.csv '\$c[\"strategy\"] ~ /^(locked|flag|flag_xchg|finish_wait)\$/ {
	hz = \$c[\"hazard_prev_store\"] + \$c[\"hazard_func_call\"]
	hz += \$c[\"hazard_payload_read\"] + \$c[\"hazard_payload_write\"]
	if (hz != 0) bad++; n++ } END { exit !(n == 4 && !bad) }'"

# --report: the whole wait beside the removal, each strategy, the share of the p50s
"$FB" --report "$tmp/s.csv" >"$tmp/s.rep" 2>&1
rc=$?
sed -n '/^strategy  *wait p50 ns/,/^$/p' "$tmp/s.rep" | sed 's/^/# /'
want=$(rows "$tmp/s.csv" '{ w = $c["wait_ns_p50"]; r = $c["remove_ns_p50"]
	printf "%s %.0f %.0f %.0f %.1f\n", $c["strategy"], w, r, 100 * r / (w + r), $c["remove_share_pct"] }')
got=$(sed -n '/^strategy  *wait p50 ns/,/^$/p' "$tmp/s.rep" | awk 'NF == 5 && $1 != "strategy"')
t "--report of a sleeping run: the wait, the removal and both shares, per strategy" \
  "[ $rc = 0 ] && [ -n \"\$got\" ] && [ \"\$(echo \"\$got\" | tr -s ' ')\" = \"\$want\" ]"

timeout 120 "$FB" -s locked,flag -W poll -r 1 --retries 0 -d 0.05 -w 0 -f csv -o "$tmp/p.csv" \
	>/dev/null 2>&1
t "--wait poll: the wait_ns_* and remove_share_pct columns are empty" \
  "rows $tmp/p.csv '{ n++; if (\$c[\"wait_ns_mean\"] \$c[\"wait_ns_p50\"] \$c[\"wait_ns_p99\"] \$c[\"remove_share_pct\"] != \"\") bad++ }
	END { exit !(n == 2 && !bad) }'"
"$FB" --report "$tmp/p.csv" >"$tmp/p.rep" 2>&1
t "--report of a polling run: no wait table" "[ -s $tmp/p.rep ] && ! grep -q 'wait p50 ns' $tmp/p.rep"

timeout 120 "$FB" -s locked,finish_wait -W sleep -t 2 -r 1 --retries 0 -d 0.1 -w 0 -f csv \
	-o "$tmp/s2.csv" >/dev/null 2>&1
rc=$?
t "--wait sleep, 2 waiters (more threads than spare CPUs on small machines): exit 0, counts add up" \
  "[ $rc = 0 ] && rows $tmp/s2.csv '{ n++; if (\$c[\"removes\"] != \$c[\"rounds\"] * 2) bad++ } END { exit !(n == 2 && !bad) }'"
echo "1..$n"
