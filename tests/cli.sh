#!/bin/bash
# SPDX-License-Identifier: MIT
# The command line end to end: bad input exits 2 with one line naming the
# problem and touches no file; short runs write the documented CSV; the
# outcome counts add up; injected gaps open exactly the windows they should.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

# ---- bad input: the table in tests/bad-input.txt
bad() {	# expected-text args...
	local want=$1 rc lines
	shift
	(cd "$tmp/cwd" && "$FB" "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	n=$((n + 1))
	if [ $rc = 2 ] && [ "$lines" = 1 ] && grep -qF -- "$want" "$tmp/err" && [ ! -s "$tmp/out" ] &&
	   [ -z "$(ls -A "$tmp/cwd")" ]; then
		echo "ok $n - bad input '$*': exit 2, one line: $want"
	else
		echo "not ok $n - bad input '$*': want exit 2 and one line with '$want'," \
		     "got exit $rc: $(head -c 200 "$tmp/err")"
	fi
}
mkdir -p "$tmp/cwd"
FB=$(realpath "$FB")
nbad=0
while IFS=$'\t' read -r want args; do
	case "$want" in '#'* | '') continue ;; esac
	# split on spaces; '' is an empty argument, \x20 a space inside one
	eval "set -- $(printf '%s' "$args" | sed "s/\\\\x20/\\\\ /g")"
	bad "$want" "$@"
	nbad=$((nbad + 1))
done <tests/bad-input.txt
t "the bad-input table has at least 40 cases ($nbad)" "[ $nbad -ge 40 ]"
"$FB" --threads 0 -o "$tmp/never.csv" 2>/dev/null
t "bad input leaves --output untouched" "[ ! -e $tmp/never.csv ] && [ -z \"\$(ls $tmp | grep never)\" ]"

# ---- help and version
"$FB" --help >"$tmp/help" 2>&1
rc=$?
t "--help exits 0 and lists every strategy" \
  "[ $rc = 0 ] && grep -q list_empty_careful_2020 $tmp/help && grep -q ' flag ' $tmp/help"
t "-V prints the version" "$FB -V | grep -q '^fencebench '"

# ---- CSV: header, one row per strategy and repetition, consistent numbers
"$FB" -t 1 -d 0.2 -w 0 -r 2 --retries 1 -f csv >"$tmp/run.csv" 2>"$tmp/run.err"
rc=$?
t "default strategies, 2 repetitions: exit 0, no message but environment warnings" \
  "[ $rc = 0 ] && ! grep -v -e hypervisor -e governor -e numa_balancing -e disturbed $tmp/run.err"
t "meta lines come first and start with '#'" \
  "head -1 $tmp/run.csv | grep -q '^# fencebench' && grep -q '^# machine: ' $tmp/run.csv"
grep -v '^#' "$tmp/run.csv" >"$tmp/data.csv"
t "the CSV header is the one in tests/fixtures/csv-header.txt (new columns go at the end)" \
  "head -1 $tmp/data.csv | cmp -s - tests/fixtures/csv-header.txt"
t "one header and 4 strategies x 2 repetitions" "[ \$(wc -l <$tmp/data.csv) = 9 ]"
t "meta lines name the environment, timer and floor" \
  "grep -q '^# environment: clocksource' $tmp/run.csv && grep -q '^# timer: .*resolution' $tmp/run.csv &&
   grep -q '^# floor: one-way line transfer' $tmp/run.csv"
t "header starts with version,strategy and has the documented columns" \
  "head -1 $tmp/data.csv | grep -q '^version,strategy,wait,waiters,signaler_cpu,waiter_cpus,' &&
   head -1 $tmp/data.csv | grep -q 'remove_ns_p50,remove_ns_p90,remove_ns_p99,remove_ns_p999,remove_ns_max' &&
   head -1 $tmp/data.csv | grep -q 'timer_overhead_ns'"
# every docs/design.md column is in the header and the other way round
t "docs/design.md documents exactly the CSV columns" \
  "diff <(head -1 $tmp/data.csv | tr , '\n' | sort) <(sed -n '/^<!-- columns -->/,/^<!-- \/columns -->/p' docs/design.md | grep -o '^| \`[a-z0-9_]*\`' | tr -d '|\` ' | sort)"
rows "$tmp/data.csv" '{
		bad = 0
		if (NF != length(c)) bad = 1
		if ($c["rounds"] <= 0 || $c["removes"] <= 0 || $c["duration_ns"] <= 0) bad = 1
		if ($c["removes"] != $c["fastpath"] + $c["slowpath_hit"] + $c["slowpath_miss"]) bad = 1
		if ($c["removes"] != $c["rounds"] * $c["waiters"]) bad = 1
		if ($c["remove_ns_p50"] <= 0 || $c["remove_ns_p50"] > $c["remove_ns_p99"]) bad = 1
		if ($c["remove_ns_p99"] > $c["remove_ns_max"] + 0.5) bad = 1
		if ($c["signal_ns_p50"] <= 0 || $c["timer_overhead_ns"] <= 0) bad = 1
		if ($c["c2c_ns"] <= 0 || $c["lock_uncontended_ns"] <= 0) bad = 1
		# a path no removal took has no median: empty, not 0
		if (($c["fastpath"] > 0) != ($c["fastpath_ns_p50"] != "") || $c["fastpath_ns_p50"] == "0.0") bad = 1
		if (($c["slowpath_hit"] + $c["slowpath_miss"] > 0) != ($c["slowpath_ns_p50"] != "")) bad = 1
		if (($c["fastpath_ns_p50"] == "") != ($c["fastpath_net_ns_p50"] == "")) bad = 1
		if ($c["disturbed"] !~ /^[01]$/ || $c["retries"] > 2) bad = 1
		if ($c["strategy"] == "locked" && ($c["fastpath_pct"] != 0 || $c["fastpath"] != 0)) bad = 1
		if ($c["strategy"] == "locked" || $c["strategy"] == "flag")
			if ($c["hazard_prev_store"] + $c["hazard_func_call"] + $c["hazard_payload_read"] + $c["hazard_payload_write"] != 0) bad = 1
		for (i = 1; i <= NF; i++) if ($i ~ /nan|inf/) bad = 1
		if (bad) { print "bad row: " $0; fails++ }
		seen[$c["strategy"] "/" $c["rep"]]++
	}
	END { exit fails || length(seen) != 8 }' >"$tmp/awk.out"
rc=$?
cat "$tmp/awk.out"
t "every row: counts add up, percentiles ordered, locked never fast, locked/flag no hazards" "[ $rc = 0 ]"

"$FB" -s all -r 1 --retries 0 -d 0.1 -w 0 -f csv --no-meta -o "$tmp/all.csv" >"$tmp/stdout" 2>/dev/null
rc=$?
t "--output writes the file, nothing on stdout, no temporary left" \
  "[ $rc = 0 ] && [ ! -s $tmp/stdout ] && [ \$(ls $tmp | grep -c 'all.csv.tmp') = 0 ]"
t "-s all gives all eight strategies, --no-meta no '#' lines" \
  "[ \$(wc -l <$tmp/all.csv) = 9 ] && ! grep -q '^#' $tmp/all.csv"
"$FB" -s locked,flag -r 2 --retries 0 -d 0.05 -w 0 -f csv --no-meta --histogram "$tmp/h.csv" >"$tmp/hr.csv" 2>/dev/null
# the histogram's "strategy,rep count last-cum_fraction" lines, then each
# row of the run's CSV checked against its line
hist_sums() {
	rows "$1" '{ k = $c["strategy"] "," $c["rep"]; n[k] += $c["count"]; last[k] = $c["cum_fraction"] }
		END { for (k in n) print k, n[k], last[k] }'
}
hist_match() {
	hist_sums "$1" | rows "$2" 'BEGIN { while ((getline l <"/dev/stdin") > 0) { split(l, a, " ")
			n[a[1]] = a[2]; last[a[1]] = a[3] } }
		{ k = $c["strategy"] "," $c["rep"]; rows++
		  if (n[k] != $c["removes"] || last[k] != "1.000000") bad++ }
		END { exit bad || rows != 4 }'
}
t "--histogram: per strategy and rep, counts add up to removes, CDF ends at 1" \
  "head -1 $tmp/h.csv | grep -qx 'strategy,rep,bucket_low_ns,count,cum_fraction' &&
   hist_match $tmp/h.csv $tmp/hr.csv"
t "format table prints the strategies" \
  "$FB -s locked,flag -r 1 -d 0.05 -w 0 -f table 2>/dev/null | grep -q '^flag '"
"$FB" -r 1 -d 0.05 -w 0 -o /nonexistent/dir/x.csv >/dev/null 2>"$tmp/err"
rc=$?
t "unwritable --output fails with status 1 before running" "[ $rc = 1 ] && grep -q nonexistent $tmp/err"

# ---- --matrix: every ordered pair of usable CPUs
np=$(nproc)
"$FB" --matrix -s locked,flag -d 5ms -w 0 --retries 0 -o "$tmp/mx.csv" 2>"$tmp/mx.err"
rc=$?
t "--matrix: exit 0, prints its estimate first" \
  "[ $rc = 0 ] && grep -q 'matrix of $np CPUs: $((np * (np - 1))) ordered pairs x 2 strategies' $tmp/mx.err"
t "--matrix: one row per ordered pair and strategy, each pair once, never X=X" \
  "rows $tmp/mx.csv '{ k = \$c[\"signaler_cpu\"] \"/\" \$c[\"waiter_cpus\"] \"/\" \$c[\"strategy\"]; if (seen[k]++ ||
	  \$c[\"signaler_cpu\"] == \$c[\"waiter_cpus\"] || \$c[\"placement\"] != \"explicit\") bad++; n++ }
	END { exit bad || n != $((np * (np - 1) * 2)) }'"

# ---- many short runs back to back: a run's rounds never match an earlier run's
"$FB" -s locked,flag -r 60 -d 1ms -w 0 --retries 0 -f csv --no-meta >"$tmp/short.csv" 2>"$tmp/short.err"
rc=$?
t "120 runs of 1 ms back to back: exactly-once holds, one row each" \
  "[ $rc = 0 ] && [ \$(grep -c '^[^v]' $tmp/short.csv) = 120 ]"

# ---- more waiters than CPUs: must not livelock, must say so
timeout 60 "$FB" -t 4 -s locked,list_empty_careful -r 1 -d 0.1 -w 0 -f csv --no-meta >"$tmp/over.csv" 2>"$tmp/over.err"
rc=$?
t "4 waiters on $(nproc) CPUs: completes, warns, rows say spin=yield" \
  "[ $rc = 0 ] && grep -q 'spin-waits yield' $tmp/over.err && [ \$(grep -c ',yield,' $tmp/over.csv) = 2 ]"

# ---- wait modes
"$FB" -s locked -W timeout:1ns -r 1 --retries 0 -d 0.1 -w 0 -f csv --no-meta >"$tmp/to.csv"
t "wait timeout:1ns removes before the signal (slowpath_hit > 0)" "[ \$(col $tmp/to.csv slowpath_hit) -gt 0 ]"
"$FB" -s flag -W callback -r 1 --retries 0 -d 0.1 -w 0 -f csv --no-meta >"$tmp/cb.csv"
t "wait callback with flag: every removal is a fast path" \
  "[ \$(col $tmp/cb.csv fastpath) -gt 0 ] && [ \$(col $tmp/cb.csv slowpath_miss) = 0 ]"

# ---- the windows, widened: deterministic with thousands of rounds
"$FB" -s locked,list_empty,list_empty_careful,flag -i init-gap:3us -r 1 --retries 0 -d 0.3 -w 0 -f csv --no-meta >"$tmp/gap.csv"
t "init-gap: list_empty shows window A (late prev stores)" "[ \$(col $tmp/gap.csv hazard_prev_store list_empty) -gt 0 ]"
t "init-gap: list_empty_careful shows no window A" "[ \$(col $tmp/gap.csv hazard_prev_store list_empty_careful) = 0 ]"
t "init-gap: locked and flag show no hazard" \
  "[ \$(col $tmp/gap.csv hazard_prev_store locked) = 0 ] && [ \$(col $tmp/gap.csv hazard_prev_store flag) = 0 ]"
"$FB" -s locked,list_empty,list_empty_careful,flag -i pre-func:3us -r 1 --retries 0 -d 0.3 -w 0 -f csv --no-meta >"$tmp/pre.csv"
t "pre-func: list_empty calls through the released frame (window B)" "[ \$(col $tmp/pre.csv hazard_func_call list_empty) -gt 0 ]"
t "pre-func: list_empty_careful calls through the released frame (window B)" "[ \$(col $tmp/pre.csv hazard_func_call list_empty_careful) -gt 0 ]"
t "pre-func: list_empty_careful shows no window A" "[ \$(col $tmp/pre.csv hazard_prev_store list_empty_careful) = 0 ]"
t "pre-func: locked and flag show no hazard of any kind" \
  "[ \$(col $tmp/pre.csv hazard_func_call locked)\$(col $tmp/pre.csv hazard_payload_read locked)\$(col $tmp/pre.csv hazard_payload_write locked) = 000 ] &&
   [ \$(col $tmp/pre.csv hazard_func_call flag)\$(col $tmp/pre.csv hazard_payload_read flag)\$(col $tmp/pre.csv hazard_payload_write flag) = 000 ]"
t "injected gaps are recorded in the rows" "[ \$(col $tmp/pre.csv inject_pre_func_ns flag) = 3000 ]"

# ---- interference: a busy loop on the waiter's CPU is flagged, or fails --strict
if [ "$(nproc)" -ge 2 ]; then
	wcpu=$("$FB" -s locked -r 1 -d 0.05 -w 0 -f csv --no-meta | col /dev/stdin waiter_cpus)
	taskset -c "$wcpu" sh -c 'while :; do :; done' &
	busy=$!
	"$FB" -s locked -r 2 -d 0.1 -w 0 --retries 1 -f csv --no-meta >"$tmp/busy.csv" 2>"$tmp/busy.err"
	rc=$?
	"$FB" -s locked -r 1 -d 0.1 -w 0 --retries 0 --strict -f csv --no-meta >/dev/null 2>"$tmp/strict.err"
	src=$?
	# the only round outlasts the run (robust.sh), under load: retried first
	"$FB" -s locked -r 1 -d 1ms -w 1ms -i pre-func:200ms --retries 1 -f csv --no-meta \
		>/dev/null 2>"$tmp/starved.err"
	zrc=$?
	kill $busy
	wait $busy 2>/dev/null
	t "busy loop on the waiter's CPU: rows flagged disturbed after a retry" \
	  "[ $rc = 0 ] && [ \$(col $tmp/busy.csv disturbed | sort -u) = 1 ] &&
	   [ \$(col $tmp/busy.csv retries | sort -u) = 1 ] && grep -q 'retrying' $tmp/busy.err"
	t "busy loop with --strict: exit 1 naming the disturbance" "[ $src = 1 ] && grep -q 'strict' $tmp/strict.err"
	t "busy loop, a repetition with no round: retried as disturbed, then exit 1" \
	  "[ $zrc = 1 ] && grep -q 'locked rep 1 completed no round (.*other load): retrying' $tmp/starved.err &&
	   grep -q 'locked rep 1: no round completed' $tmp/starved.err"
else
	skip "busy loop on the waiter's CPU: flagged, --strict, retried" "one CPU"
fi

# ---- --engine: the model's rows say so; the kernel engine says what it lacks
t "the user engine's rows have engine user" \
  "[ \"\$(col $tmp/data.csv engine | sort -u)\" = user ]"
FENCEBENCH_KMOD=$tmp/nonexistent.ko "$FB" --engine kernel -s locked -r 1 -d 1ms -w 0 -f csv \
	-o "$tmp/kernel.csv" >/dev/null 2>"$tmp/kernel.err"
rc=$?
t "--engine kernel without the module: exit 1, says make kmod, writes no file" \
  "[ $rc = 1 ] && grep -q 'make kmod' $tmp/kernel.err &&
   [ \$(grep -v -e hypervisor -e governor -e numa_balancing $tmp/kernel.err | wc -l) = 1 ] &&
   [ ! -e $tmp/kernel.csv ]"

echo "1..$n"
