#!/bin/bash
# SPDX-License-Identifier: MIT
# The fence lock, hardware counters and JSON output end to end: --lock
# picks each of the five locks and the rows name it, the lock-stat columns
# are consistent, a bad --lock exits 2 with one line.  No timing is checked.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

"$FB" --lock mcs -d 0.05 >"$tmp/out" 2>"$tmp/err"
rc=$?
t "bad --lock: exit 2, one line naming --lock" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q -- '--lock' $tmp/err && [ ! -s $tmp/out ]"
"$FB" --lock >"$tmp/out" 2>"$tmp/err"
rc=$?
t "--lock without a value: exit 2" "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ]"

"$FB" -s locked -r 1 --retries 0 -d 0.05 -w 0 -f csv --no-meta >"$tmp/default.csv" 2>/dev/null
t "the default lock is qspinlock" "[ \"\$(col $tmp/default.csv lock)\" = qspinlock ]"

for l in qspinlock ticket ttas pthread pvqspinlock; do
	timeout 60 "$FB" --lock "$l" -s locked,flag -t 3 -r 1 --retries 0 -d 0.05 -w 0 -f csv \
		--no-meta >"$tmp/$l.csv" 2>"$tmp/$l.err"
	rc=$?
	t "--lock $l, 3 waiters (oversubscribed): runs, every row says lock $l" \
	  "[ $rc = 0 ] && [ \"\$(col $tmp/$l.csv lock | sort -u)\" = $l ] && [ \$(col $tmp/$l.csv lock | wc -l) = 2 ]"
	t "--lock $l: lock_contentions and lock_handoffs are counts, locked contends" \
	  "rows $tmp/$l.csv '{ if (\$c[\"lock_contentions\"] !~ /^[0-9]+\$/ || \$c[\"lock_handoffs\"] !~ /^[0-9]+\$/) bad++
	      if (\$c[\"strategy\"] == \"locked\" && \$c[\"lock_handoffs\"] == 0) bad++ }
	    END { exit bad }'"
done

# ---- hardware counters: numbers where a PMU is, else empty columns and the reason
cnt4() { rows "$1" '{ printf "%s|%s|%s|%s\n", $c["cycles_per_remove"], $c["instructions_per_remove"],
	$c["cache_misses_per_remove"], $c["hitm_per_remove"] }'; }
"$FB" -s locked -r 1 --retries 0 -d 0.05 -w 0 -f csv >"$tmp/cnt.csv" 2>/dev/null
grep -v '^#' "$tmp/cnt.csv" >"$tmp/cnt-data.csv"
if grep -q '^# counters: unavailable: perf_event_open cycles: ' "$tmp/cnt.csv"; then
	t "no PMU: '# counters:' says why, the four counter columns are empty" \
	  "[ \"\$(cnt4 $tmp/cnt-data.csv)\" = '|||' ]"
else
	t "PMU: cycles and instructions per removal are numbers" \
	  "grep -q '^# counters: cycles' $tmp/cnt.csv && cnt4 $tmp/cnt-data.csv | grep -Eq '^[0-9.]+\\|[0-9.]+\\|'"
fi
"$FB" -s locked -r 1 --retries 0 -d 0.05 -w 0 -f table --counters off >"$tmp/cnt.txt" 2>/dev/null
t "--counters off: the table says so" "grep -q 'counters: off' $tmp/cnt.txt"
"$FB" -s locked -r 1 --retries 0 -d 0.05 -w 0 -f csv --counters off >"$tmp/off.csv" 2>/dev/null
t "--counters off: '# counters: off', empty columns" \
  "grep -q '^# counters: off' $tmp/off.csv && [ \"\$(grep -v '^#' $tmp/off.csv | cnt4 /dev/stdin)\" = '|||' ]"
if command -v strace >/dev/null; then
	strace -f -e trace=perf_event_open -o "$tmp/strace" "$FB" -s locked -r 1 -d 0.02 -w 0 -f csv \
		--counters off >/dev/null 2>&1
	t "--counters off makes no perf_event_open call" "! grep -q perf_event_open $tmp/strace"
else
	skip "--counters off makes no perf_event_open call" "strace not installed"
fi
"$FB" --counters maybe >"$tmp/out" 2>"$tmp/err"
rc=$?
t "bad --counters: exit 2, one line" "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q -- --counters $tmp/err"

# ---- --format json: JSON Lines, a header object and one object per row
"$FB" -s locked,flag -r 2 --retries 0 -d 0.05 -w 0 -f json -o "$tmp/we\"ird\\name.jsonl" 2>/dev/null
rc=$?
t "--format json: exit 0, every line parses with python3's json" \
  "[ $rc = 0 ] && python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' <\"$tmp/we\\\"ird\\\\name.jsonl\""
t "--format json: a header with the run's facts, then 4 rows with the CSV columns as keys" \
  "python3 - \"$tmp/we\\\"ird\\\\name.jsonl\" <<'PY'
import json, sys
ls = [json.loads(l) for l in open(sys.argv[1])]
h, rows = ls[0], ls[1:]
assert h['type'] == 'header' and h['version'] and h['machine'] and h['counters'] and h['lock'] == 'qspinlock'
# the facts of the '#' lines, numbers as JSON numbers
m, tm, fl = h['machine'], h['timer'], h['floor']
assert all(type(m[k]) is int for k in ('packages', 'nodes', 'cores', 'pus', 'usable_pus')), m
assert 1 <= m['packages'] <= m['cores'] <= m['pus'] and 1 <= m['usable_pus'] <= m['pus'], m
assert m['cpu'] and m['kernel'] and tm['source'], h
assert all(type(tm[k]) is float and tm[k] >= 0 for k in ('ghz', 'resolution_ns', 'overhead_ns')), tm
assert tm['ghz'] > 0 and type(fl['line_transfer_ns']) is float and type(fl['lock_unlock_ns']) is float, fl
assert type(h['environment']['virtualised']) in (bool, type(None)), h['environment']
assert h['model'].startswith('signal and remove_callback') and h['lock_placement'].startswith('inline')
assert h['argv'][-1].endswith('we\"ird\\\\name.jsonl'), h['argv']
assert len(rows) == 4 and all(r['type'] == 'row' for r in rows)
for r in rows:
    assert set(r) == set(h['columns']) | {'type'}
    assert isinstance(r['removes'], int) and isinstance(r['remove_ns_p50'], float)
    assert isinstance(r['strategy'], str) and r['lock'] == 'qspinlock'
    assert r['removes'] == r['fastpath'] + r['slowpath_hit'] + r['slowpath_miss']
    if h['counters'].startswith('unavailable'):
        assert r['cycles_per_remove'] is None
PY"
"$FB" -s locked -r 1 --retries 0 -d 0.05 -w 0 -f json --no-meta 2>/dev/null >"$tmp/nometa.jsonl"
t "--format json --no-meta: rows only" \
  "[ \$(wc -l <$tmp/nometa.jsonl) = 1 ] && grep -q '^{\"type\":\"row\"' $tmp/nometa.jsonl"

# ThreadSanitizer on the whole benchmark with each lock: must stay silent
if [ -x build/tsan/fencebench ]; then
	for l in qspinlock ticket ttas pthread pvqspinlock; do
		TSAN_OPTIONS="exitcode=66 report_signal_unsafe=0" timeout 120 build/tsan/fencebench \
			--lock "$l" -s locked,list_empty -t 2 -r 1 --retries 0 -d 0.1 -w 0 -f csv \
			--no-meta >"$tmp/tsan-$l.csv" 2>"$tmp/tsan-$l.err"
		rc=$?
		t "tsan: --lock $l, 2 waiters: no report, exit 0" \
		  "[ $rc = 0 ] && ! grep -q ThreadSanitizer $tmp/tsan-$l.err"
	done
else
	skip "tsan: --lock, 2 waiters" "build/tsan/fencebench not built (make check builds it)"
fi
echo "1..$n"
