#!/bin/bash
# SPDX-License-Identifier: MIT
# The matrix of regimes (fencebench --report on several regimes or several
# machines' CSVs, scripts/lkml-report, plots/crossover.gp) from fixtures of
# a near and a far regime whose signs flip, and scripts/regimes' choice of
# CPU-distance classes on the fake topologies of tests/topo/.  Behaviour
# only: the fixtures' numbers are chosen, the expected values computed here.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

hdr=$("$FB" -s locked -r 1 -d 1ms -w 0 --retries 0 -f csv --no-meta 2>/dev/null | head -1)
# rows: "placement wait c2c strategy p50 fast hazards" per line on stdin
mk() {	# file machine
	{
		echo "# fencebench test, 2026-01-01T00:00:00Z"
		echo "# machine: $2; 2 packages, 2 nodes, 32 cores, 64 PUs (64 usable); Linux"
		echo "# command: scripts/regimes"
		echo "$hdr"
		fixture "$hdr" '
			if (name == "strategy") v = $4
			else if (name == "version") v = "test"
			else if (name == "wait") v = $2
			else if (name == "placement") v = $1
			else if (name == "waiter_cpus") v = "1"
			else if (name == "lock") v = "qspinlock"
			else if (name == "engine") v = "user"
			else if (name == "spin") v = "pause"
			else if (name == "c2c_ns" || name == "c2c_after_ns") v = $3
			else if (name == "remove_ns_p50") v = $5
			else if (name == "remove_ns_p99") v = 2 * $5
			else if (name == "fastpath_pct") v = $6
			else if (name == "hazard_prev_store") v = $7
			else if (name ~ /^hazard_|^inject_/ || name == "disturbed" || name == "floor_moved") v = 0
			else if (name == "removes") v = 1000000'
	} >"$1"
}
# near: list_empty -52% when polling; far: +50%; callback -89% in both
regime() {	# placement c2c locked-p50 list_empty-p50 fast callback-p50 hazards
	local r
	for r in 1 2 3; do
		echo "$1 poll $2 locked $(($3 + r - 2)) 0 0"
		echo "$1 poll $2 list_empty $(($4 + r - 2)) $5 $7"
		echo "$1 poll $2 flag $(($3 + 2 * r - 4)) 50 0"
		echo "$1 callback $2 locked $(($3 + r - 2)) 0 0"
		echo "$1 callback $2 list_empty $(($6 + r - 2)) 100 0"
		echo "$1 callback $2 flag $(($6 + r - 2)) 100 0"
	done
}
{ regime llc 27 100 48 95 11 0; regime cross-node 250 400 600 10 44 3; } |
	mk "$tmp/intel.csv" "Intel Xeon Gold 6230"
{ regime smt 12 80 40 98 9 0; regime llc 60 120 150 20 13 0; } |
	mk "$tmp/amd.csv" "AMD EPYC 7B13"
ascii72() { ! LC_ALL=C grep -n '[^ -~]' "$1" && [ "$(awk '{ if (length > m) m = length } END { print m + 0 }' "$1")" -le 72 ]; }

"$FB" --report "$tmp/intel.csv" >"$tmp/one.out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/one.out"
t "several regimes: --report prints the matrix (exit 0), ASCII, <= 72 columns" \
  "[ $rc = 0 ] && ascii72 $tmp/one.out"
t "one row per class with its transfer, nearest first" \
  "grep -n '^same LLC, 27 ns' $tmp/one.out | grep -q . && grep -q '^other node, 250 ns' $tmp/one.out &&
   [ \$(grep -n '^same LLC' $tmp/one.out | cut -d: -f1 | head -1) -lt \$(grep -n '^other node' $tmp/one.out | cut -d: -f1 | head -1) ]"
t "one column per wait mode" "grep -Eq '^ +poll +callback$' $tmp/one.out"
# near: (48 - 100) / 100 = -52%, far: (600 - 400) / 400 = +50%; the spread is
# that of 3 values +-1 around each mean, so both are proven differences
t "near regime, poll: list_empty -52.0%, fast path 95%" \
  "awk '/^same LLC/ { r = 1 } /^other node/ { r = 0 } r && /^  list_empty / { print; exit }' $tmp/one.out |
   grep -Eq '^  list_empty +-52\.0% \+- [0-9.]+% +95 '"
t "far regime, poll: list_empty +50.0% (the sign flips), fast path 10%, hazards marked" \
  "awk '/^other node/ { r = 1 } r && /^  list_empty / { print; exit }' $tmp/one.out |
   grep -Eq '^  list_empty +\+50\.0% \+- [0-9.]+% +10!'"
t "callback: -89% in both regimes" \
  "[ \$(grep -Ec '^  list_empty .* -89\.0% \+- [0-9.]+% +100' $tmp/one.out) = 2 ]"
t "flag, whose p50 equals locked's on average: no difference, with what it could have seen" \
  "grep -Eq '^  flag +same \+- [0-9.]+% +50 ' $tmp/one.out"
t "sentences: faster near, slower far, hazards named" \
  "tr '\n' ' ' <$tmp/one.out | sed 's/  */ /g' >$tmp/flat &&
   grep -q 'same LLC, 27 ns: polling the signaled bit, list_empty is faster than locked (-52%, fast path 95%)' $tmp/flat &&
   grep -q 'other node, 250 ns: polling the signaled bit, list_empty is slower than locked (+50%, fast path 10%)' $tmp/flat &&
   grep -q 'flag shows no difference' $tmp/flat && grep -q 'hazards were counted with list_empty\.' $tmp/flat"

"$FB" --report "$tmp/intel.csv" "$tmp/amd.csv" >"$tmp/two.out" 2>&1
rc=$?
t "two machines: each named from its '#' lines, rows tagged A and B" \
  "[ $rc = 0 ] && ascii72 $tmp/two.out && grep -q '^A: Intel Xeon Gold 6230 (intel.csv, 2026-01-01)' $tmp/two.out &&
   grep -q '^B: AMD EPYC 7B13 (amd.csv' $tmp/two.out && grep -q '^A same LLC 27 ns' $tmp/two.out &&
   grep -q '^B SMT sibling 12 ns' $tmp/two.out && grep -q '^B same LLC 60 ns' $tmp/two.out"
scripts/lkml-report "$tmp/intel.csv" "$tmp/amd.csv" "$tmp/intel.csv" >"$tmp/three.out" 2>&1
rc=$?
t "scripts/lkml-report: three machines' CSVs, one line per machine and regime" \
  "[ $rc = 0 ] && ascii72 $tmp/three.out && grep -q '^C: fencebench test, 2026-01-01; Intel' $tmp/three.out &&
   [ \$(grep -Ec '^[ABC] (poll|callback), ' $tmp/three.out) = 12 ]"
scripts/lkml-report --ministat "$tmp/intel.csv" >"$tmp/lk.out" 2>&1
rc=$?
t "scripts/lkml-report: a CSV of several regimes, a line each with its floor; no ministat of mixed rows" \
  "[ $rc = 0 ] && grep -Eq '^poll, same LLC +27 ns +100 ns +-52 \\+- [0-9]+%' $tmp/lk.out &&
   grep -Eq '^poll, other node +250 ns +400 ns +\\+50 \\+- [0-9]+%' $tmp/lk.out &&
   grep -q '^ministat: only for one CSV of one regime' $tmp/lk.out"

"$FB" --report -f csv "$tmp/intel.csv" "$tmp/amd.csv" >"$tmp/x.csv" 2>&1
rc=$?
t "--report -f csv: one line per machine, regime and strategy" \
  "[ $rc = 0 ] && [ \$(tail -n +2 $tmp/x.csv | wc -l) = 24 ] &&
   grep -q '^A: Intel Xeon Gold 6230,other node,250.0,poll,list_empty,3,600.0,50.00,' $tmp/x.csv"
if command -v gnuplot >/dev/null; then
	gnuplot -e "csv='$tmp/x.csv'; out='$tmp/crossover.png'; metafile='$tmp/intel.csv'" \
		plots/crossover.gp >"$tmp/gp.out" 2>&1
	rc=$?
	t "plots/crossover.gp draws the two machines' four series" \
	  "[ $rc = 0 ] && [ ! -s $tmp/gp.out ] && [ -s $tmp/crossover.png ] &&
	   [ \$(awk -f plots/table.awk -v fig=crossover -v list=1 $tmp/x.csv) = 4 ]"
	t "crossover data: near below zero, far above, sorted by transfer" \
	  "awk -f plots/table.awk -v fig=crossover $tmp/x.csv | sed -n 2,3p | tr '\n' ' ' |
	   grep -Eq '^27\.0,-52\.00,[0-9.]+ 250\.0,50\.00,[0-9.]+ $'"
	mkdir -p "$tmp/plots"
	scripts/plot "$tmp/intel.csv" "$tmp/plots" >"$tmp/plot.out" 2>&1
	sed "s/^/# plot: /" "$tmp/plot.out"
	t "scripts/plot draws crossover.png from a CSV of several regimes" \
	  "grep -q 'crossover.png' $tmp/plot.out && [ -s $tmp/plots/crossover.png ]"
	scripts/plot --with "$tmp/amd.csv" "$tmp/intel.csv" "$tmp/plots2" >"$tmp/plot2.out" 2>&1
	t "scripts/plot --with: crossover.csv holds both machines" \
	  "[ -s $tmp/plots2/crossover.png ] && grep -q '^A: Intel' $tmp/plots2/crossover.csv &&
	   grep -q '^B: AMD EPYC 7B13' $tmp/plots2/crossover.csv"
else
	skip "plots/crossover.gp and scripts/plot on several regimes" "gnuplot not installed"
fi

# plots/hazards.gp: log y, so a natural count below one per million and an
# injected one near 10^6 are both inside the axis, zero on its own line
if command -v gnuplot >/dev/null; then
	edit tests/fixtures/inject.csv '
		$c["strategy"] == "list_empty" && $c["inject_init_gap_ns"] == 0 && $c["inject_pre_func_ns"] == 0 {
			$c["hazard_prev_store"] = 1; $c["removes"] = 1600000 }' >"$tmp/hz.csv"
	gnuplot -e "csv='$tmp/hz.csv'; out='$tmp/hz.png'" plots/hazards.gp \
		-e 'print GPVAL_Y_LOG, GPVAL_Y_MIN, GPVAL_Y_MAX' >"$tmp/hz.out" 2>&1
	rc=$?
	t "hazards.gp: log y from below a natural 0.6/M (and zero) to above the injected counts" \
	  "[ $rc = 0 ] && awk '{ exit !(\$1 == 10 && \$2 < 0.6 && \$3 >= 334677) }' $tmp/hz.out"
else
	skip "hazards.gp: log y" "gnuplot not installed"
fi

# scripts/regimes: the classes the planner accepts, on fake topologies
for x in fake-2s-dist:smt,llc,node,cross-node qemu-2n-smt:smt,llc,cross-node \
	 qemu-4n:llc,cross-node qemu-2n-memonly:llc,cross-node; do
	HWLOC_XMLFILE=tests/topo/${x%%:*}.xml scripts/regimes --dry-run --quick >"$tmp/dry" 2>"$tmp/dry.err"
	rc=$?
	got=$(sed -n 's/.*--placement \([a-z-]*\)$/\1/p' "$tmp/dry" | uniq | paste -sd, -)
	t "scripts/regimes --dry-run on ${x%%:*}: classes ${x#*:}, every wait mode" \
	  "[ $rc = 0 ] && [ '$got' = '${x#*:}' ] && (for w in poll callback check-and-signal sleep; do grep -q -- \"-W \$w \" $tmp/dry || exit 1; done)"
done
HWLOC_XMLFILE=tests/topo/qemu-2n-smt.xml scripts/regimes --dry-run >/dev/null 2>"$tmp/dry.err"
t "a policy landing in a nearer class is skipped, saying so" \
  "grep -q 'node: skipped, its plan is the llc class' $tmp/dry.err"
HWLOC_SYNTHETIC="pack:1 numa:1 l3:1 core:1 pu:1" scripts/regimes --dry-run >/dev/null 2>"$tmp/none.err"
rc=$?
t "no class possible (one PU): exit 2, says why" "[ $rc = 2 ] && grep -q 'no CPU-distance class' $tmp/none.err"
scripts/regimes --waits poll,,callback >/dev/null 2>&1
t "scripts/regimes --waits with an empty item: exit 2" "[ $? = 2 ]"
echo old >"$tmp/keep.csv"
scripts/regimes --quick -W poll,bogus -o "$tmp/keep.csv" >/dev/null 2>"$tmp/bogus.err"
rc=$?
t "scripts/regimes -W bogus: exit 2 naming the mode, -o FILE untouched, no temporary" \
  "[ $rc = 2 ] && grep -q \"unknown mode 'bogus'\" $tmp/bogus.err && [ \"\$(cat $tmp/keep.csv)\" = old ] &&
   [ -z \"\$(ls $tmp | grep 'keep.csv.tmp')\" ]"
scripts/regimes --dry-run --quick >"$tmp/here" 2>/dev/null
t "scripts/regimes --dry-run here: default strategies, 3 repetitions with --quick" \
  "grep -q -- '-s locked\\\\,list_empty' $tmp/here && grep -q -- '-r 3 ' $tmp/here"
echo "1..$n"
