#!/bin/bash
# SPDX-License-Identifier: MIT
# Writes a fencebench CSV made to stretch a mail block: every strategy on
# both engines (the longest names, "kernel/list_empty_careful_2020"),
# five repetitions of four-digit p50s spread widely enough that the
# changes against locked carry three-digit % intervals, five-digit p99s,
# a long machine line and command, hazards in the millions.  Not a
# measurement: hand-made rows with the real header.
#   tests/wide-csv.sh FENCEBENCH OUT.csv [SCALE [WAIT [LINE_TRANSFER_NS
#                     [STRATEGIES [ENGINES]]]]]
# STRATEGIES: a comma-separated list (default: all), ENGINES: user,kernel.
set -eu
FB=$1 out=$2 scale=${3:-1} wait=${4:-poll} c2c=${5:-1234.5} only=${6:-} engines=${7:-user,kernel}
hdr=$("$FB" -s locked -r 1 -d 1ms -w 0 --retries 0 -f csv --no-meta 2>/dev/null | head -1)
strategies=$("$FB" --help | awk '/^Strategies:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
[ -z "$only" ] || strategies=${only//,/ }
[ -n "$strategies" ] || { echo "wide-csv.sh: no strategies in $FB --help" >&2; exit 1; }
{
	echo "# fencebench test, 2026-12-07T04:00:00Z"
	echo "# machine: Intel(R) Xeon(R) Platinum 8480+ with a very long model name; 2 packages, 2 nodes, 112 cores, 224 PUs (224 usable); Linux"
	echo "# command: ./fencebench -s all -r 5 --placement cross-node --waiter-cpus 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"
	echo "# floor: one-way line transfer 1234.5 ns (signaler to waiters, median), uncontended lock+unlock 1234.5 ns"
	echo "$hdr"
	for eng in ${engines//,/ }; do
		for s in $strategies; do
			k=0
			for base in 1000 1500 500 1900 700; do
				k=$((k + 1))
				case $s in
				locked) v=$base ;;
				*) v=$(( (base * 7 + k * 1300 * ${#s}) % 9000 + 1000 )) ;;
				esac
				awk -F, -v OFS=, -v s="$s" -v p="$((v * scale))" -v e="$eng" -v w="$wait" -v c2c="$c2c" '{
					for (i = 1; i <= NF; i++) {
						x = 1
						if ($i == "strategy") x = s
						else if ($i == "version") x = "test"
						else if ($i == "wait") x = w
						else if ($i == "placement") x = "cross-node"
						else if ($i == "spin") x = "pause"
						else if ($i == "lock") x = "qspinlock"
						else if ($i == "timing") x = "removal"
						else if ($i == "remove_ns_p50") x = p
						else if ($i == "remove_ns_p99") x = 9 * p + 1
						else if ($i == "remove_net_ns_tmean") x = p + 0.5
						else if ($i == "round_ns") x = 1.1 * p + 0.5
						else if ($i == "c2c_ns" || $i == "c2c_after_ns") x = c2c
						else if ($i == "fastpath_pct") x = (s == "locked" ? 0 : 99.9)
						else if ($i ~ /^hazard_/) x = (s == "list_empty" ? 123456 : 0)
						else if ($i == "removes") x = 123456789
						else if ($i == "disturbed" || $i == "floor_moved") x = 0
						else if ($i ~ /^inject_/) x = 0
						else if ($i == "lock_placement") x = "inline"
						else if ($i == "engine") x = e
						out = out (i > 1 ? OFS : "") x
					}
					print out }' <<<"$hdr"
			done
		done
	done
} >"$out"
