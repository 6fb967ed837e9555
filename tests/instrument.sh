#!/bin/bash
# SPDX-License-Identifier: MIT
# The instrument's own figures: round_ns is the run's duration over its
# rounds in every row; --timing none leaves the latency columns empty but
# keeps every count and the exactly-once check; net latencies are the raw
# ones less the measured timer, never below zero; --report compares round
# costs as a hand computation (and ministat) does, and warns when two runs
# stand on different floors.  No check depends on how fast anything ran.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
fx=tests/fixtures

# ---- a real run with both timing modes
"$FB" -s locked,list_empty --timing both -r 2 -d 200ms -w 20ms --retries 0 -f csv --no-meta \
	>"$tmp/both.csv" 2>"$tmp/both.err"
rc=$?
t "--timing both runs" "[ $rc = 0 ]"
t "each strategy and repetition has a timed and an untimed row" \
  "[ \"\$(rows $tmp/both.csv '\$c[\"timing\"] == \"none\" { u++ } \$c[\"timing\"] == \"removal\" { r++ }
	END { print u + 0, r + 0 }')\" = '4 4' ]"
t "round_ns = duration_ns / rounds in every row (empty without rounds)" \
  "rows $tmp/both.csv '{ n++ }
	\$c[\"rounds\"] > 0 { d = \$c[\"round_ns\"] - \$c[\"duration_ns\"] / \$c[\"rounds\"]; if (d > 0.051 || d < -0.051) bad++ }
	\$c[\"rounds\"] == 0 && \$c[\"round_ns\"] != \"\" { bad++ }
	END { exit !(n == 8 && !bad) }'"
t "net percentiles = raw - timer_overhead_ns, floored at 0, in every timed row" \
  "rows $tmp/both.csv 'function net(r, o) { return r > o ? r - o : 0 }
	function off(a, b) { return a - b > 0.11 || b - a > 0.11 }
	\$c[\"timing\"] == \"removal\" { n++
		o = \$c[\"timer_overhead_ns\"]
		if (off(\$c[\"remove_net_ns_p50\"], net(\$c[\"remove_ns_p50\"], o))) bad++
		if (off(\$c[\"remove_net_ns_p90\"], net(\$c[\"remove_ns_p90\"], o))) bad++
		if (off(\$c[\"remove_net_ns_p99\"], net(\$c[\"remove_ns_p99\"], o))) bad++
		if (off(\$c[\"remove_net_ns_p999\"], net(\$c[\"remove_ns_p999\"], o))) bad++
		if (off(\$c[\"fastpath_net_ns_p50\"], net(\$c[\"fastpath_ns_p50\"], o))) bad++
		if (off(\$c[\"remove_net_ns_tmean\"], net(\$c[\"remove_ns_tmean\"], \$c[\"timer_overhead_mean_ns\"]))) bad++
	} END { exit !(n == 4 && !bad) }'"

# ---- --timing none
"$FB" -s all --timing none -r 1 -d 200ms -w 20ms --retries 0 -f csv --no-meta \
	>"$tmp/none.csv" 2>"$tmp/none.err"
rc=$?
t "--timing none runs every strategy" \
  "[ $rc = 0 ] && [ \$(rows $tmp/none.csv '\$c[\"timing\"] == \"none\" { n++ } END { print n + 0 }') = \
	\$(\"$FB\" --help | awk '/^Strategies:/ { s = 1; next } s && /^  [a-z]/ { n++ } END { print n }') ]"
t "--timing none: every latency column is empty" \
  "rows $tmp/none.csv '{ for (k in c) if ((k ~ /^(remove|fastpath|slowpath|signal)_.*ns/) && \$c[k] != \"\") bad++ }
	END { exit !!bad }'"
t "--timing none: counts kept (removes = fast + slow hit + miss = rounds x waiters)" \
  "rows $tmp/none.csv '{ if (\$c[\"removes\"] != \$c[\"fastpath\"] + \$c[\"slowpath_hit\"] + \$c[\"slowpath_miss\"] ||
	\$c[\"removes\"] != \$c[\"rounds\"] * \$c[\"waiters\"] || \$c[\"round_ns\"] == \"\" && \$c[\"rounds\"] > 0) bad++ }
	END { exit !!bad }'"
t "--timing none: round_ns = duration_ns / rounds" \
  "rows $tmp/none.csv '\$c[\"rounds\"] > 0 { d = \$c[\"round_ns\"] - \$c[\"duration_ns\"] / \$c[\"rounds\"]; if (d > 0.051 || d < -0.051) bad++ }
	END { exit !!bad }'"
for mode in none removal; do
	FENCEBENCH_TEST_MISCOUNT=1 "$FB" -s list_empty --timing "$mode" -r 1 -d 200ms -w 20ms \
		--retries 0 -f csv --no-meta >/dev/null 2>"$tmp/miscount.err"
	rc=$?
	t "--timing $mode: a miscounted removal breaks the exactly-once check (exit 1)" \
	  "[ $rc = 1 ] && grep -q 'invariant broken in round 1' $tmp/miscount.err"
done
"$FB" --timing sometimes >/dev/null 2>"$tmp/bad.err"
rc=$?
t "--timing with an unknown mode: exit 2, one line" \
  "[ $rc = 2 ] && [ \$(wc -l <$tmp/bad.err) = 1 ] && grep -q 'removal, none or both' $tmp/bad.err"
"$FB" --help >"$tmp/help"
t "--help and the man page name --timing" \
  "grep -q -- '--timing MODE' $tmp/help && grep -q 'timing' fencebench.1"

# ---- round cost in the summary, against a hand computation
# floor-near.csv, untimed rows: locked round_ns 310.2 305.8 312.4 308.9 309.7
# (mean 309.40, s 2.4321), list_empty 281.4 284.0 279.9 283.2 282.5 (mean
# 282.20, s 1.6078); Welch: diff -27.20, se 1.3040, df 6.982, t(0.975, df)
# 2.36589, half 3.0852: -8.79% +- 0.99%.  floor-far.csv: locked 704.90
# (s 4.5112), list_empty 611.62 (s 2.6687); se 2.3440, df 6.557, t 2.39743,
# half 5.6196: -13.23% +- 0.80%.  (t quantiles by bisection on a Simpson
# integral of the t density, independent of harness/report/inference.c.)
"$FB" --report "$fx/floor-near.csv" >"$tmp/near.out" 2>&1
"$FB" --report "$fx/floor-far.csv" >"$tmp/far.out" 2>&1
t "near: round cost locked 309 +- 3, list_empty -8.8% +- 1.0% vs locked" \
  "grep -Eq '^locked .* 309 \+- 3 ' $tmp/near.out && grep -Eq '^list_empty .* 282 \+- 2 +-8\.8% \+- 1\.0%$' $tmp/near.out"
t "far: round cost list_empty -13.2% +- 0.8% vs locked" \
  "grep -Eq '^list_empty .* 612 \+- 3 +-13\.2% \+- 0\.8%$' $tmp/far.out"
t "the timer's spread is shown" "grep -q '^timer spread: sd 4.0 ns per reading' $tmp/near.out"
t "the round cost comes from the untimed rows, and says so" \
  "grep -q 'from the untimed runs (--timing none)' $tmp/near.out"
t "summary lines are ASCII and at most 72 columns" \
  "! LC_ALL=C grep -qn '[^ -~]' $tmp/near.out && [ \$(awk '{ if (length > m) m = length } END { print m + 0 }' $tmp/near.out) -le 72 ]"
if command -v ministat >/dev/null; then
	rows "$fx/floor-near.csv" '$c["timing"] == "none" { print $c["round_ns"] > ("'"$tmp"'/" $c["strategy"]) }'
	ministat -c 95 "$tmp/locked" "$tmp/list_empty" >"$tmp/ministat.out"
	# ministat pools the variances (Student's t); the summary uses Welch's:
	# the same difference, and half-widths within 0.1 points here
	t "ministat agrees on the near round cost: -8.8%, half-width within 0.1 points" \
	  "awk '/%.*\+\/-/ { d = \$1; h = \$3; sub(/%/, \"\", d); sub(/%/, \"\", h)
		exit !(sprintf(\"%.1f\", d) == \"-8.8\" && h - 0.99 < 0.1 && 0.99 - h < 0.1) }' $tmp/ministat.out"
	scripts/lkml-report --ministat "$fx/floor-near.csv" >"$tmp/lkml.out" 2>&1
	t "lkml-report --ministat runs ministat on the untimed round costs too" \
	  "grep -q '^round ns per repetition (untimed runs), each' $tmp/lkml.out &&
	   [ \$(grep -c '^x locked, + list_empty$' $tmp/lkml.out) = 2 ]"
else
	skip "ministat agrees on the near round cost; lkml-report runs it" "ministat not installed"
fi

# ---- floors
"$FB" --report "$fx/floor-near.csv" "$fx/floor-far.csv" >"$tmp/nf.out" 2>&1
rc=$?
t "near vs far: a warning above the tables names the line transfers" \
  "[ $rc = 0 ] && awk '/^WARNING: the two runs stand on different floors/ { w = NR }
	/line transfer +33\.0 \+- 1\.5 ns before, +209\.3 \+- 4\.1 ns after/ { l = NR }
	/^strategy/ && !s { s = NR } END { exit !(w && l && w < s && l < s) }' $tmp/nf.out"
t "near vs far: lock and timer agree, so they are not named" \
  "! grep -q '^  lock+unlock\|^  timer' $tmp/nf.out"
t "near vs far: floor-normalised tables follow" \
  "grep -q '^floor-normalised: p50 / line transfer' $tmp/nf.out && grep -q '^floor-normalised: round cost' $tmp/nf.out"
"$FB" --report "$fx/floor-near.csv" "$fx/floor-near2.csv" >"$tmp/nn.out" 2>&1
t "near vs near: no warning, no normalised table" \
  "! grep -q 'WARNING\|floor-normalised' $tmp/nn.out"
t "near vs near: the mean net latency tells 3 ns apart where the p50 cannot" \
  "grep -Eq '^list_empty +60 \+- 5 +60 \+- 5 +no difference \+- 16\.8%' $tmp/nn.out &&
   grep -Eq '^list_empty +41\.3 \+- 0\.4 +38\.2 \+- 0\.3 +-7\.5% \+- 1\.1%' $tmp/nn.out"
sed 's/^# machine: AMD EPYC/# machine: Intel Xeon/' "$fx/floor-near2.csv" >"$tmp/other.csv"
"$FB" --report "$fx/floor-near.csv" "$tmp/other.csv" >"$tmp/xm.out" 2>&1
t "another machine on the same floor: a note, no warning" \
  "grep -q 'NOTE: the two runs come from different machines' $tmp/xm.out && ! grep -q WARNING $tmp/xm.out"
scripts/lkml-report "$fx/floor-near.csv" "$fx/floor-far.csv" >"$tmp/lk2.out" 2>&1
t "lkml-report before.csv after.csv carries the floor warning, before the speed lines" \
  "grep -q '^WARNING: the two runs stand on different floors' $tmp/lk2.out &&
   [ \$(grep -n '^WARNING' $tmp/lk2.out | cut -d: -f1) -lt \$(grep -n '^Speed' $tmp/lk2.out | cut -d: -f1) ]"
echo "1..$n"
