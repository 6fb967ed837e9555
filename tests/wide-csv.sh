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
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
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
				echo "$s $((v * scale)) $eng $wait $c2c"
			done
		done
	done | fixture "$hdr" '
		if (name == "strategy") v = $1
		else if (name == "version") v = "test"
		else if (name == "wait") v = $4
		else if (name == "placement") v = "cross-node"
		else if (name == "spin") v = "pause"
		else if (name == "lock") v = "qspinlock"
		else if (name == "timing") v = "removal"
		else if (name == "remove_ns_p50") v = $2
		else if (name == "remove_ns_p99") v = 9 * $2 + 1
		else if (name == "remove_net_ns_tmean") v = $2 + 0.5
		else if (name == "round_ns") v = 1.1 * $2 + 0.5
		else if (name == "c2c_ns" || name == "c2c_after_ns") v = $5
		else if (name == "fastpath_pct") v = ($1 == "locked" ? 0 : 99.9)
		else if (name ~ /^hazard_/) v = ($1 == "list_empty" ? 123456 : 0)
		else if (name == "removes") v = 123456789
		else if (name == "disturbed" || name == "floor_moved") v = 0
		else if (name ~ /^inject_/) v = 0
		else if (name == "lock_placement") v = "inline"
		else if (name == "engine") v = $3'
} >"$out"
