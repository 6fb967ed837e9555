#!/bin/bash
# SPDX-License-Identifier: MIT
# The fence lock, hardware counters and JSON output end to end: --lock
# picks each of the four locks and the rows name it, the lock-stat columns
# are consistent, a bad --lock exits 2 with one line.  No timing is checked.
set -u
FB=${1:-./fencebench}
cd "$(dirname "$0")/.." || exit 1
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
col() { awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next } { print $c }' "$1"; }

"$FB" --lock mcs -d 0.05 >"$tmp/out" 2>"$tmp/err"
rc=$?
t "bad --lock: exit 2, one line naming --lock" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q -- '--lock' $tmp/err && [ ! -s $tmp/out ]"
"$FB" --lock >"$tmp/out" 2>"$tmp/err"
rc=$?
t "--lock without a value: exit 2" "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ]"

"$FB" -s locked -r 1 --retries 0 -d 0.05 -w 0 -f csv --no-meta >"$tmp/default.csv" 2>/dev/null
t "the default lock is qspinlock" "[ \"\$(col $tmp/default.csv lock)\" = qspinlock ]"

for l in qspinlock ticket ttas pthread; do
	timeout 60 "$FB" --lock "$l" -s locked,flag -t 3 -r 1 --retries 0 -d 0.05 -w 0 -f csv \
		--no-meta >"$tmp/$l.csv" 2>"$tmp/$l.err"
	rc=$?
	t "--lock $l, 3 waiters (oversubscribed): runs, every row says lock $l" \
	  "[ $rc = 0 ] && [ \"\$(col $tmp/$l.csv lock | sort -u)\" = $l ] && [ \$(col $tmp/$l.csv lock | wc -l) = 2 ]"
	t "--lock $l: lock_contentions and lock_handoffs are counts, locked contends" \
	  "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
	    { if (\$c[\"lock_contentions\"] !~ /^[0-9]+\$/ || \$c[\"lock_handoffs\"] !~ /^[0-9]+\$/) bad++
	      if (\$c[\"strategy\"] == \"locked\" && \$c[\"lock_handoffs\"] == 0) bad++ }
	    END { exit bad }' $tmp/$l.csv"
done

# ---- hardware counters: numbers where a PMU is, else empty columns and the reason
cnt4() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["cycles_per_remove"] "|" $c["instructions_per_remove"] "|" $c["cache_misses_per_remove"] "|" $c["hitm_per_remove"] }' "$1"; }
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
fi
"$FB" --counters maybe >"$tmp/out" 2>"$tmp/err"
rc=$?
t "bad --counters: exit 2, one line" "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q -- --counters $tmp/err"

# ThreadSanitizer on the whole benchmark with each lock: must stay silent
if [ -x build/tsan/fencebench ]; then
	for l in qspinlock ticket ttas pthread; do
		TSAN_OPTIONS="exitcode=66 report_signal_unsafe=0" timeout 120 build/tsan/fencebench \
			--lock "$l" -s locked,list_empty -t 2 -r 1 --retries 0 -d 0.1 -w 0 -f csv \
			--no-meta >"$tmp/tsan-$l.csv" 2>"$tmp/tsan-$l.err"
		rc=$?
		t "tsan: --lock $l, 2 waiters: no report, exit 0" \
		  "[ $rc = 0 ] && ! grep -q ThreadSanitizer $tmp/tsan-$l.err"
	done
fi
echo "1..$n"
