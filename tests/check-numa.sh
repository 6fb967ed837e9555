#!/bin/bash
# SPDX-License-Identifier: MIT
# make check-numa: boots Debian's stock kernel under qemu (TCG, no KVM)
# as machines with 2 nodes, 4 nodes, 2 SMT sockets and a CPU-less memory
# node, runs fencebench inside with --placement cross-node --fence-node 1
# (and smt / interleave / the CPU-less node), and checks from fencebench's
# own CSV that every thread ran on a CPU of the node the plan promised
# (fencebench itself fails when a thread is not on its planned CPU) and
# that move_pages found the fences on the requested node.  The guest's
# sysfs node view is the independent reference.  One more guest has qemu's
# default CPU model, qemu64, which has no rdtscp: fencebench must run
# there and say it times with lfence;rdtsc.  Timings inside the guest
# mean nothing and are not looked at.
#   tests/check-numa.sh [FENCEBENCH]      prints TAP and "N passed, N failed"
#   DUMP_XML=FILE: also save the CPU-less-node guest's topology as hwloc XML
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
FB=$(realpath "${1:-./fencebench}")

for tool in qemu-system-x86_64 cpio busybox; do
	command -v $tool >/dev/null || [ -x /bin/$tool ] ||
		{ echo "check-numa: $tool missing (EXTRA_PACKAGES='qemu-system-x86 busybox-static cpio xz-utils' tools/install-deps.sh)" >&2; exit 1; }
done
KERNEL=$(tests/vm/get-kernel.sh | tail -1) || { echo "check-numa: no kernel" >&2; exit 1; }

# boot NAME NODES SMP THREADS MEMONLY SCENARIO [CPU]: console in $tmp/NAME.log
boot() {
	local name=$1 nodes=$2 smp=$3 threads=$4 memonly=$5 scen=$6
	local per=$((smp / nodes)) args=() i j d N=$nodes cpu=${7:-max}
	[ "$memonly" = 1 ] && N=$((nodes + 1))
	[ "$threads" -gt 1 ] && cpu=max,vendor=GenuineIntel	# with AMD, TCG hides SMT
	args=(-smp "$smp,sockets=$nodes,cores=$((per / threads)),threads=$threads"
	      -m "$((N * 256))M")
	for ((i = 0; i < nodes; i++)); do
		args+=(-object "memory-backend-ram,id=m$i,size=256M"
		       -numa "node,nodeid=$i,cpus=$((i * per))-$((i * per + per - 1)),memdev=m$i")
	done
	[ "$memonly" = 1 ] && args+=(-object "memory-backend-ram,id=m$nodes,size=256M"
				     -numa "node,nodeid=$nodes,memdev=m$nodes")
	for ((i = 0; i < N; i++)); do
		for ((j = i + 1; j < N; j++)); do
			d=$((nodes > 2 ? 31 : 21))
			[ $j = "$nodes" ] && d=$((d + 10))
			args+=(-numa "dist,src=$i,dst=$j,val=$d")
		done
	done
	tests/vm/mkinitramfs.sh "$tmp/$name.cpio.gz" "$scen" "$FB" \
		"$(command -v lstopo-no-graphics || echo /bin/true)" || return 1
	timeout --foreground -k 5 300 qemu-system-x86_64 -machine pc -accel tcg -cpu "$cpu" \
		"${args[@]}" -kernel "$KERNEL" -initrd "$tmp/$name.cpio.gz" \
		-append "console=ttyS0 panic=-1 loglevel=3" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-nographic -no-reboot -nodefaults -serial stdio </dev/null >"$tmp/$name.log" 2>&1
	echo "# $name: qemu exit $? ($(grep -c . "$tmp/$name.log") console lines)"
	tr -d '\r' <"$tmp/$name.log" >"$tmp/$name.txt"
}

# csv NAME TAG: the CSV the guest printed between BEGIN-TAG and END-TAG
# (the console mixes fencebench's stderr in: its lines start with "fencebench:")
csv() { sed -n "/^BEGIN-$2\$/,/^END-$2\$/p" "$tmp/$1.txt" | grep -v -e '^BEGIN-' -e '^END-' -e '^fencebench:'; }
# col1 FILE NAME: that column of the first data row
col1() { col "$1" "$2" | head -1; }
# node_cpus NAME NODE: the guest kernel's cpulist of that node, expanded
node_cpus() {
	sed -n "s/^SYSFS-NODE $2 cpus=\([^ ]*\).*/\1/p" "$tmp/$1.txt" | tr ',' '\n' |
		awk -F- 'NF { b = NF > 1 ? $2 : $1; for (i = $1; i <= b; i++) print i }'
}
# placed NAME CSV: every thread ran on a CPU of the node its column names
placed() {
	local name=$1 f=$2 cpu node i
	local -a cpus nodes
	node_cpus "$name" "$(col1 "$f" signaler_node)" | grep -qx "$(col1 "$f" signaler_cpu)" || return 1
	IFS=';' read -r -a cpus <<<"$(col1 "$f" waiter_cpus)"
	IFS=';' read -r -a nodes <<<"$(col1 "$f" waiter_nodes)"
	[ "${#cpus[@]}" = "${#nodes[@]}" ] && [ "${#cpus[@]}" -gt 0 ] || return 1
	for i in "${!cpus[@]}"; do
		node_cpus "$name" "${nodes[$i]}" | grep -qx "${cpus[$i]}" || return 1
	done
}
# other_nodes CSV: no waiter on the signaler's node
other_nodes() {
	local s
	s=$(col1 "$1" signaler_node)
	! tr ';' '\n' <<<"$(col1 "$1" waiter_nodes)" | grep -qx "$s"
}

run_fb='run() {	# TAG fencebench-args...
	tag=$1; shift
	echo "BEGIN-$tag"
	/bin/fencebench -s locked -r 1 --retries 0 -d 20ms -w 0 -f csv --no-meta "$@"
	echo "RC-$tag=$?"
	echo "END-$tag"
}'

# ---- 2 nodes x 2 CPUs, SLIT 21
cat >"$tmp/2n.sh" <<EOF2
$run_fb
/bin/fencebench --topology --placement cross-node --threads 2 --fence-node 1
run X --placement cross-node --fence-node 1 -t 2
run I --placement cross-node --fence-node interleave -t 1
EOF2
boot 2n 2 4 1 0 "$tmp/2n.sh"
csv 2n X >"$tmp/2n-x.csv"
csv 2n I >"$tmp/2n-i.csv"
sed -n '/^topology:/,/^BEGIN-X/p' "$tmp/2n.txt" | grep -v '^BEGIN' | sed 's/^/# /'	# docs/placement.md's example
t "2 nodes: fencebench exit 0" "grep -q '^RC-X=0' $tmp/2n.txt"
t "2 nodes: --topology shows both nodes and the distance 21" \
  "grep -q '^  node 1: cpus 2-3' $tmp/2n.txt && grep -Eq '^ +0 +10 +21' $tmp/2n.txt"
t "2 nodes: cross-node puts the signaler on node 0, the waiters on node 1" \
  "[ \"\$(col1 $tmp/2n-x.csv signaler_node)/\$(col1 $tmp/2n-x.csv waiter_nodes)\" = 0/1\;1 ]"
t "2 nodes: every thread ran on a CPU of its node (guest sysfs)" "placed 2n $tmp/2n-x.csv"
t "2 nodes: fence pages requested on node 1 and found there (move_pages)" \
  "[ \"\$(col1 $tmp/2n-x.csv fence_node_req)/\$(col1 $tmp/2n-x.csv fence_node_actual)\" = 1/1 ]"
t "2 nodes: numa_distance is 21/21;21" "[ \"\$(col1 $tmp/2n-x.csv numa_distance)\" = '21/21;21' ]"
t "2 nodes: interleave puts the ring slots on 0;1;0;1 and they are there" \
  "grep -q '^RC-I=0' $tmp/2n.txt && [ \"\$(col1 $tmp/2n-i.csv fence_node_actual)\" = '0;1;0;1' ] &&
   [ \"\$(col1 $tmp/2n-i.csv fence_node_req)\" = '0;1;0;1' ]"

# ---- 4 nodes x 2 CPUs, SLIT 31
cat >"$tmp/4n.sh" <<EOF2
$run_fb
run X --placement cross-node --fence-node 1 -t 3
EOF2
boot 4n 4 8 1 0 "$tmp/4n.sh"
csv 4n X >"$tmp/4n-x.csv"
t "4 nodes: fencebench exit 0" "grep -q '^RC-X=0' $tmp/4n.txt"
t "4 nodes: one waiter on each other node (equally near)" \
  "[ \"\$(col1 $tmp/4n-x.csv signaler_node)/\$(col1 $tmp/4n-x.csv waiter_nodes)\" = '0/1;2;3' ]"
t "4 nodes: every thread ran on a CPU of its node" "placed 4n $tmp/4n-x.csv && other_nodes $tmp/4n-x.csv"
t "4 nodes: fences found on node 1, distances 31" \
  "[ \"\$(col1 $tmp/4n-x.csv fence_node_actual)\" = 1 ] && [ \"\$(col1 $tmp/4n-x.csv numa_distance)\" = '31/31;31;31' ]"

# ---- 2 sockets x 2 cores x 2 SMT threads
cat >"$tmp/smt.sh" <<EOF2
$run_fb
run X --placement cross-node --fence-node 1 -t 3
run S --placement smt -t 1
run L --placement llc -t 1
EOF2
boot smt 2 8 2 0 "$tmp/smt.sh"
for k in X S L; do csv smt $k >"$tmp/smt-$k.csv"; done
t "SMT: fencebench exit 0 for cross-node, smt and llc" \
  "grep -q '^RC-X=0' $tmp/smt.txt && grep -q '^RC-S=0' $tmp/smt.txt && grep -q '^RC-L=0' $tmp/smt.txt"
t "SMT: cross-node waiters on node 1, on CPUs of node 1, fences on node 1" \
  "placed smt $tmp/smt-X.csv && other_nodes $tmp/smt-X.csv && [ \"\$(col1 $tmp/smt-X.csv fence_node_actual)\" = 1 ]"
t "SMT: smt puts the waiter on CPU 1, the sibling of CPU 0 (per the guest's sysfs)" \
  "[ \"\$(col1 $tmp/smt-S.csv signaler_cpu),\$(col1 $tmp/smt-S.csv waiter_cpus)\" = 0,1 ] &&
   grep -q '^SMT-SIBLINGS 0-1\$' $tmp/smt.txt"
t "SMT: llc puts the waiter on another core of the same socket" \
  "[ \"\$(col1 $tmp/smt-L.csv signaler_cpu),\$(col1 $tmp/smt-L.csv waiter_cpus)\" = 0,2 ]"

# ---- 2 nodes plus a CPU-less memory node (CXL/PMEM-like)
cat >"$tmp/mem.sh" <<EOF2
$run_fb
run X --placement cross-node --fence-node 2 -t 1
${DUMP_XML:+echo BEGIN-XML; lstopo-no-graphics --of xml --no-io -; echo END-XML}
EOF2
boot mem 2 4 1 1 "$tmp/mem.sh"
csv mem X >"$tmp/mem-x.csv"
t "CPU-less node: cross-node skips it, fences land on it" \
  "grep -q '^RC-X=0' $tmp/mem.txt && [ \"\$(col1 $tmp/mem-x.csv waiter_nodes)\" = 1 ] &&
   [ \"\$(col1 $tmp/mem-x.csv fence_node_actual)\" = 2 ]"
[ -n "${DUMP_XML:-}" ] && csv mem XML >"$DUMP_XML"

# ---- qemu64: no rdtscp (nor invariant TSC); the timer must fall back
cat >"$tmp/q64.sh" <<EOF2
echo BEGIN-Q
/bin/fencebench -s locked,flag_i915 -r 1 --retries 0 -d 20ms -w 0 -f csv
echo RC-Q=\$?
echo END-Q
EOF2
boot q64 1 2 1 0 "$tmp/q64.sh" qemu64
csv q64 Q >"$tmp/q64.csv"
t "qemu64 (no rdtscp): fencebench runs, exit 0, two rows" \
  "grep -q '^RC-Q=0' $tmp/q64.txt && [ \$(grep -Ec '^[^,]+,(locked|flag_i915),poll,' $tmp/q64.csv) = 2 ]"
t "qemu64: the timer line names lfence;rdtsc and says CPUID has no rdtscp" \
  "grep -q '^# timer: lfence;rdtsc at .*no rdtscp (CPUID)' $tmp/q64.csv"

if [ "$failed" -gt 0 ]; then
	for f in "$tmp"/*.txt; do echo "# ---- $f"; sed 's/^/# /' "$f"; done | head -400
fi
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
