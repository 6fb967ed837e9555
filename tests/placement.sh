#!/bin/bash
# SPDX-License-Identifier: MIT
# Placement from the command line: --topology and --dry-run on fake
# topologies (tests/topo/, HWLOC_XMLFILE / HWLOC_SYNTHETIC: planning only),
# impossible requests (exit 2, one line saying what the machine has), bad
# placement options, and the placement columns of a short real run.  Needs
# one node only; checks behaviour, never timing.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
col1() { col "$1" "$2" | head -1; }	# the first row's

# ---- a 2-node XML topology, on any machine
for x in qemu-2n-smt fake-2s-dist qemu-4n; do
	HWLOC_XMLFILE=tests/topo/$x.xml "$FB" --topology --placement cross-node --threads 3 \
		>"$tmp/$x" 2>"$tmp/$x.err"
	rc=$?
	t "$x: --topology --placement cross-node -t 3: exit 0, signaler on node 0" \
	  "[ $rc = 0 ] && [ ! -s $tmp/$x.err ] && grep -Eq '^  signaler +CPU 0: node 0' $tmp/$x"
	t "$x: no waiter on node 0" \
	  "[ \$(grep -c '^  waiter' $tmp/$x) = 3 ] && ! grep -Eq '^  waiter .*: node 0,' $tmp/$x"
done
t "qemu-2n-smt: summary has nodes, distances and the usable cpuset" \
  "grep -q '^  node 1: cpus 4-7' $tmp/qemu-2n-smt && grep -Eq '^ +1 +21 +10' $tmp/qemu-2n-smt &&
   grep -q 'usable PUs .*: 0-7 (8)' $tmp/qemu-2n-smt"
HWLOC_XMLFILE=tests/topo/qemu-2n-smt.xml "$FB" --dry-run --placement smt -s locked >"$tmp/dry" 2>&1
rc=$?
t "--dry-run prints the plan and runs nothing" \
  "[ $rc = 0 ] && grep -q '^dry run: 1 strategy' $tmp/dry && grep -Eq '^  waiter 0 +CPU 1: node 0' $tmp/dry &&
   ! grep -q '^version,' $tmp/dry"
"$FB" --dry-run -d 0.05 -o "$tmp/never.csv" >/dev/null 2>&1
t "--dry-run leaves --output alone" "[ ! -e $tmp/never.csv ]"

# ---- impossible requests: exit 2, one line saying what the machine has
bad() {	# expected-text args...
	local want=$1 rc
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	t "'${*#env }': exit 2, one line with '$want'" \
	  "[ $rc = 2 ] && [ \$(wc -l <$tmp/err) = 1 ] && grep -q -- \"$want\" $tmp/err && [ ! -s $tmp/out ]"
}
one="pack:1 numa:1 l3:1 core:2 pu:1"
bad "cross-node needs 2 NUMA nodes with CPUs; this machine has 1" \
    env HWLOC_SYNTHETIC="$one" "$FB" --placement cross-node --topology
bad "smt needs 1 usable PU" env HWLOC_SYNTHETIC="$one" "$FB" --placement smt --topology
bad "llc needs 2 usable PUs" env HWLOC_SYNTHETIC="$one" "$FB" --placement llc -t 2
bad "cross-node needs 5 usable PUs" \
    env HWLOC_XMLFILE=tests/topo/qemu-2n-smt.xml "$FB" --placement cross-node -t 5
bad "--fence-node: node 7 does not exist" env HWLOC_SYNTHETIC="$one" "$FB" --fence-node 7
bad "--placement: unknown policy" "$FB" --placement bogus
bad "--fence-node" "$FB" --fence-node nowhere
bad "--waiter-cpus" "$FB" --waiter-cpus 1-
bad "--waiter-cpus: CPU 99999 is not usable" "$FB" --waiter-cpus 99999
bad "--signaler-cpus" "$FB" --signaler-cpus x
bad "--waiter-cpus: 3 CPUs for 2 waiters" \
    env HWLOC_SYNTHETIC="$one" "$FB" --topology -t 2 --waiter-cpus 0-1,1

# ---- this machine
nodes=$("$FB" --topology | sed -n 's/^  [0-9]* packages, \([0-9]*\) NUMA nodes.*/\1/p')
if [ "$nodes" = 1 ]; then
	bad "cross-node needs 2 NUMA nodes with CPUs; this machine has 1" "$FB" --placement cross-node
else
	skip "cross-node refused on a one-node machine" "this machine has $nodes nodes"
fi
for p in llc node; do
	"$FB" --placement $p -s locked -d 20ms -w 0 -f csv --no-meta >"$tmp/$p.csv" 2>"$tmp/$p.err"
	rc=$?
	t "this machine: --placement $p runs (columns say $p) or says why not (exit 2, one line)" \
	  "{ [ $rc = 0 ] && [ \"\$(col1 $tmp/$p.csv placement)\" = $p ]; } ||
	   { [ $rc = 2 ] && [ \$(wc -l <$tmp/$p.err) = 1 ] && grep -q -- '--placement: $p needs' $tmp/$p.err; }"
done
"$FB" -s locked -d 20ms -w 0 -f csv --no-meta >"$tmp/run.csv" 2>"$tmp/run.err"
rc=$?
t "default run: placement compact, fences found where planned (move_pages)" \
  "[ $rc = 0 ] && [ \"\$(col1 $tmp/run.csv placement)\" = compact ] &&
   [ \"\$(col1 $tmp/run.csv fence_node_req)\" = \"\$(col1 $tmp/run.csv fence_node_actual)\" ] &&
   [ \"\$(col1 $tmp/run.csv fence_node_req)\" = \"\$(col1 $tmp/run.csv signaler_node)\" ]"
t "numa_distance is FENCE/WAITERS" \
  "col1 $tmp/run.csv numa_distance | grep -Eqx -- '-?[0-9]+(;-?[0-9]+)*/-?[0-9]+(;-?[0-9]+)*'"
last=$("$FB" --topology | sed -n 's/^  usable PUs[^:]*: \([^ ]*\) .*/\1/p' | tr ',' '\n' | tail -1 | sed 's/.*-//')
"$FB" --signaler-cpus "$last" --waiter-cpus "$last" -s locked -d 20ms -w 0 -f csv --no-meta \
	>"$tmp/ex.csv" 2>"$tmp/ex.err"
rc=$?
t "explicit CPU lists: one waiter per listed CPU, placement explicit, shared CPU yields" \
  "[ $rc = 0 ] && [ \"\$(col1 $tmp/ex.csv placement)\" = explicit ] && [ \"\$(col1 $tmp/ex.csv waiters)\" = 1 ] &&
   [ \"\$(col1 $tmp/ex.csv signaler_cpu)\" = $last ] && [ \"\$(col1 $tmp/ex.csv spin)\" = yield ]"
"$FB" --fence-node interleave -s locked -d 20ms -w 0 -f csv --no-meta >"$tmp/il.csv" 2>/dev/null
t "interleave on one node: every slot on that node" \
  "[ \"\$(col1 $tmp/il.csv fence_node_actual)\" = \"\$(col1 $tmp/il.csv fence_node_req)\" ]"
"$FB" --help >"$tmp/help"
t "--help documents every placement option" \
  "grep -q -- '--placement POLICY' $tmp/help && grep -q cross-node $tmp/help &&
   grep -q -- '--fence-node' $tmp/help && grep -q -- '--topology' $tmp/help && grep -q -- '--dry-run' $tmp/help"
echo "1..$n"
