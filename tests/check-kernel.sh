#!/bin/bash
# SPDX-License-Identifier: MIT
# make check-kernel: the kernel engine on Debian's current stock kernel.
# Downloads the kernel (tests/vm/get-kernel.sh, shared with check-numa) and
# its matching headers packages (cached in ~/.cache/fencebench/kernel-
# headers), builds kmod/fencebench.ko against them, boots the kernel under
# qemu (TCG, -cpu max) with 2 and then 4 vCPUs, and inside runs fencebench
# --engine kernel -s all in the poll, callback and sleep wait modes, and
# with --timing both (the untimed loops too) in poll and sleep.  From
# fencebench's own CSV it checks: a row per strategy the kernel has, counts
# that add up, the exactly-once check held (fencebench exits 1 otherwise),
# locked, flag, flag_xchg and finish_wait (in an x86 guest flag_i915 too)
# without hazards, sleep's rows giving the whole wait, the prechecks
# taking the fast path, the threads on the planned CPUs.  Then: a parameter the module refuses (exit 2 and the
# kernel's reason), rmmod during a run, a stuck kthread ended by the
# watchdog, the module unloaded, and a kernel log without WARN, BUG, oops,
# lockdep or RCU-stall lines.  Timings under TCG mean nothing and are never
# looked at.
#   tests/check-kernel.sh [FENCEBENCH]     prints TAP and "N passed, N failed"
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
FB=$(realpath "${1:-./fencebench}")
trap '[ -n "${KEEP_TMP:-}" ] && echo "# kept $tmp" || rm -rf "$tmp"' EXIT	# KEEP_TMP=1: keep the consoles
T0=$(date +%s)

for tool in qemu-system-x86_64 cpio busybox dpkg-deb make gcc; do
	command -v $tool >/dev/null || [ -x /bin/$tool ] ||
		{ echo "check-kernel: $tool missing (EXTRA_PACKAGES='qemu-system-x86 busybox-static cpio xz-utils' tools/install-deps.sh)" >&2; exit 1; }
done
KERNEL=$(tests/vm/get-kernel.sh | tail -1) || { echo "check-kernel: no kernel" >&2; exit 1; }
PKG=$(basename "$KERNEL" .vmlinux)		# linux-image-6.1.0-57-amd64
REL=${PKG#linux-image-}				# 6.1.0-57-amd64

# The headers that match that image: linux-headers-REL, its -common and
# linux-kbuild packages, unpacked (no root, no dpkg database) and pointed
# at their unpacked -common tree.
HDIR=${XDG_CACHE_HOME:-$HOME/.cache}/fencebench/kernel-headers/$REL
KDIR=$HDIR/usr/src/linux-headers-$REL
if [ ! -s "$KDIR/Makefile.fencebench" ]; then
	rm -rf "$HDIR" && mkdir -p "$HDIR/deb" && chmod 777 "$HDIR/deb" || exit 1
	pkgs="linux-headers-$REL $(apt-cache depends "linux-headers-$REL" 2>/dev/null |
		awk '/Depends: linux-(headers|kbuild)-/ { print $2 }')"
	(cd "$HDIR/deb" && apt-get download $pkgs >download.log 2>&1) ||
		{ tail -5 "$HDIR/deb/download.log" >&2; echo "check-kernel: cannot download $pkgs" >&2; exit 1; }
	for d in "$HDIR"/deb/*.deb; do dpkg-deb -x "$d" "$HDIR" || exit 1; done
	rm -rf "$HDIR/deb"
	sed -i "s|^include /usr/src/|include $HDIR/usr/src/|" "$KDIR/Makefile" &&
		touch "$KDIR/Makefile.fencebench" || exit 1
fi
# build in a copy: kmod/ keeps the module for the machine's own kernel
mkdir -p "$tmp/src/kmod"
# the module's sources, and the headers it shares with userspace
cp kmod/Kbuild kmod/*.[ch] "$tmp/src/kmod/" && mkdir -p "$tmp/src/harness" &&
	cp harness/hist_bucket.h harness/round.h "$tmp/src/harness/"
if ! make -s -C "$KDIR" M="$tmp/src/kmod" modules >"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log" >&2
	echo "check-kernel: the module does not build against $REL" >&2
	exit 1
fi
t "the module builds against $REL without a warning" \
  "! grep -v -e 'Skipping BTF' -e '^make' $tmp/build.log | grep -qi 'warning'"
KO=$tmp/src/kmod/fencebench.ko

# boot NAME SMP SCENARIO: console in $tmp/NAME.txt
boot() {
	local name=$1 smp=$2 scen=$3
	cp "$KO" "$tmp/fencebench.ko"
	tests/vm/mkinitramfs.sh "$tmp/$name.cpio.gz" "$scen" "$FB" "$tmp/fencebench.ko" || return 1
	timeout --foreground -k 5 300 qemu-system-x86_64 -machine pc -accel tcg -cpu max \
		-smp "$smp" -m 512M -kernel "$KERNEL" -initrd "$tmp/$name.cpio.gz" \
		-append "console=ttyS0 panic=-1 loglevel=3" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-nographic -no-reboot -nodefaults -serial stdio </dev/null >"$tmp/$name.log" 2>&1
	echo "# $name: qemu exit $? ($(grep -c . "$tmp/$name.log") console lines)"
	tr -d '\r' <"$tmp/$name.log" >"$tmp/$name.txt"
}
# csv NAME TAG: the CSV the guest printed between BEGIN-TAG and END-TAG
csv() { sed -n "/^BEGIN-$2\$/,/^END-$2\$/p" "$tmp/$1.txt" | grep -v -e '^BEGIN-' -e '^END-' -e '^RC-' -e '^fencebench:'; }
# fields FILE: the data rows as "strategy engine fast hit miss removes rounds waiters hazards cpu wcpus"
fields() {
	rows "$1" '{ print $c["strategy"], $c["engine"], $c["fastpath"], $c["slowpath_hit"],
			$c["slowpath_miss"], $c["removes"], $c["rounds"], $c["waiters"],
			$c["hazard_prev_store"] + $c["hazard_func_call"] + $c["hazard_payload_read"] \
			+ $c["hazard_payload_write"], $c["signaler_cpu"], $c["waiter_cpus"] }'
}
# every_strategy FILE: one kernel row for each strategy the kernel has
every_strategy() {
	[ "$(fields "$1" | awk '$2 == "kernel" { print $1 }' | sort | tr '\n' ' ')" = \
	  "finish_wait flag flag_i915 flag_xchg list_empty list_empty_careful locked " ]
}
# models FILE: a flag strategy's model names fencebench.ko's code (flag_xchg
# its i915 form), finish_wait's the kernel's wait queue and finish_wait(),
# the others only the kernel's
models() {
	rows "$1" '{ m = $c["model"]; s = $c["strategy"]
		  if (index(m, "the running kernel") != 1 || (index(m, "fencebench.ko") > 0) != (s ~ /^(flag|finish_wait)/)) bad = 1
		  if (s == "flag_xchg" && !index(m, "i915 xchg")) bad = 1
		  if ((s == "finish_wait") != (index(m, "finish_wait()") > 0)) bad = 1
		  n++ } END { exit bad || !n }'
}
# (each check below also fails when there are no rows at all)
# counts FILE: removes = fast + hit + miss = rounds x waiters, and rounds > 0
counts() { fields "$1" | awk '{ if (!($6 == $3 + $4 + $5 && $6 == $7 * $8 && $7 > 0)) bad = 1 }
	END { exit bad || !NR }'; }
# safe FILE: the ordered forms ($SAFE) without hazards; locked never lockless
safe() { fields "$1" | awk -v safe=" $SAFE " 'index(safe, " " $1 " ") && $9 != 0 { bad = 1 }
	$1 == "locked" && $3 != 0 { bad = 1 } END { exit bad || !NR }'; }
# fast FILE all|some: the prechecks skip the lock on every removal, or on some
fast() { fields "$1" | awk -v how="$2" '$1 ~ /^list_empty/ { n++; if (how == "all" ? $3 != $6 : $3 == 0) bad = 1 }
	END { exit bad || n != 2 }'; }
# slept FILE: every row says wait sleep and has the whole wait and the removal's share
slept() {
	rows "$1" '{ n++; if ($c["wait"] != "sleep" || $c["wait_ns_p50"] == "" || $c["remove_share_pct"] == "") bad = 1 }
		END { exit bad || !n }'
}
# cpus FILE S W: the signaler and waiter CPUs of every row
cpus() { fields "$1" | awk -v s="$2" -v w="$3" '$10 != s || $11 != w { bad = 1 } END { exit bad || !NR }'; }

run_fb='run() {	# TAG fencebench-args...
	tag=$1; shift
	echo "BEGIN-$tag"
	FENCEBENCH_KMOD=/bin/fencebench.ko /bin/fencebench --engine kernel -s all -r 1 \
		--retries 0 -d 300ms -w 20ms -f csv "$@"
	echo "RC-$tag=$?"
	echo "END-$tag"
}
loaded() { grep -q "^fencebench " /proc/modules; }'
dmesg_out='echo BEGIN-DMESG; dmesg; echo END-DMESG'

# ---- 2 vCPUs: both wait modes, then the failure paths
cat >"$tmp/k2.sh" <<EOF2
$run_fb
echo "GUEST-ARCH=\$(uname -m)"
run P -W poll -t 1
run C -W callback -t 1
run S -W sleep -t 1
run T -W poll -t 1 --timing both
run U -W sleep -t 1 --timing both -s list_empty_careful,finish_wait
echo "LOADED-AFTER=\$(loaded && echo yes || echo no)"
# a parameter the module refuses (userspace accepts any warm-up)
FENCEBENCH_KMOD=/bin/fencebench.ko /bin/fencebench --engine kernel -s locked -w 4000s \
	-d 10ms -r 1 -f csv --no-meta 2>/tmp/bad.err
echo "RC-BAD=\$?"; echo "BAD-ERR=\$(cat /tmp/bad.err)"
insmod /bin/fencebench.ko waiter_cpus=9; echo "RC-INSMOD-BAD=\$?"
# rmmod during a run: the run stops, the module is gone, fencebench says so
FENCEBENCH_KMOD=/bin/fencebench.ko /bin/fencebench --engine kernel -s locked -d 20s -r 1 \
	-f csv --no-meta >/dev/null 2>/tmp/rmmod.err & p=\$!
for i in \$(seq 100); do grep -q running /sys/module/fencebench/parameters/state 2>/dev/null && break; sleep 0.1; done
rmmod fencebench; echo "RC-RMMOD=\$?"
wait \$p; echo "RC-RMMOD-FB=\$?"; echo "RMMOD-ERR=\$(cat /tmp/rmmod.err)"
# a waiter that never adds its callback: the watchdog ends the run
FENCEBENCH_TEST_STALL=3 FENCEBENCH_KMOD=/bin/fencebench.ko /bin/fencebench --engine kernel \
	-s locked -d 2s -r 1 --timeout 1s -f csv --no-meta >/dev/null 2>/tmp/stall.err
echo "RC-STALL=\$?"; echo "STALL-ERR=\$(cat /tmp/stall.err)"
echo "LOADED-END=\$(loaded && echo yes || echo no)"
run A -W poll -t 1 -s locked
$dmesg_out
EOF2
boot k2 2 "$tmp/k2.sh"
# flag_i915's fetch_and_zero() is a plain load and store with no barrier:
# only x86-TSO keeps the callback's accesses before its store, so it is held
# to "no hazards" only in an x86 guest (qemu's TCG keeps the guest's order).
SAFE="locked flag flag_xchg finish_wait"
case $(sed -n 's/^GUEST-ARCH=//p' "$tmp/k2.txt") in x86_64 | i?86) SAFE="$SAFE flag_i915" ;; esac
for k in P C S A T U; do csv k2 $k >"$tmp/k2-$k.csv"; done
t "2 vCPUs: guest kernel is $REL" "grep -q 'GUEST-UP kernel=$REL cpus=2' $tmp/k2.txt"
t "2 vCPUs poll: exit 0, a kernel row per strategy" "grep -q '^RC-P=0' $tmp/k2.txt && every_strategy $tmp/k2-P.csv"
t "2 vCPUs callback: exit 0, a kernel row per strategy" "grep -q '^RC-C=0' $tmp/k2.txt && every_strategy $tmp/k2-C.csv"
t "2 vCPUs: removes = fast + hit + miss = rounds x waiters" "counts $tmp/k2-P.csv && counts $tmp/k2-C.csv"
t "2 vCPUs: ${SAFE// /, } without hazards, locked never lockless" "safe $tmp/k2-P.csv && safe $tmp/k2-C.csv"
t "2 vCPUs poll: list_empty and list_empty_careful take the fast path" "fast $tmp/k2-P.csv some"
t "2 vCPUs callback: the prechecks take the fast path every time" "fast $tmp/k2-C.csv all"
t "2 vCPUs sleep: exit 0, a kernel row per strategy, counts add up, ${SAFE// /, } without hazards" \
  "grep -q '^RC-S=0' $tmp/k2.txt && every_strategy $tmp/k2-S.csv && counts $tmp/k2-S.csv && safe $tmp/k2-S.csv"
t "2 vCPUs sleep: every row has the whole wait and the removal's share" "slept $tmp/k2-S.csv"
t "2 vCPUs: signaler on CPU 0, the waiter on CPU 1 (planned)" "cpus $tmp/k2-P.csv 0 1 && cpus $tmp/k2-C.csv 0 1"
t "2 vCPUs: a '# kernel:' line names the release" "grep -q '^# kernel: $REL ' $tmp/k2-P.csv"
# timings FILE N: N strategies, each once timed and once untimed, the
# untimed rows without latencies (the whole wait of a sleep included)
timings() {
	rows "$1" "BEGIN { want = $2 }" '{ n[$c["strategy"] "/" $c["timing"]]++
		  if ($c["timing"] == "none" && ($c["remove_ns_p50"] != "" || $c["wait_ns_p50"] != "")) bad = 1
		  if ($c["timing"] == "removal" && $c["remove_ns_p50"] == "") bad = 1 }
		END { for (k in n) if (n[k] != 1) bad = 1; exit bad || length(n) != 2 * want }'
}
t "2 vCPUs --timing both: exit 0, every strategy timed and untimed (no latency)" \
  "grep -q '^RC-T=0' $tmp/k2.txt && timings $tmp/k2-T.csv 7"
t "2 vCPUs --timing both: counts add up, ${SAFE// /, } without hazards in untimed rounds too" \
  "counts $tmp/k2-T.csv && safe $tmp/k2-T.csv"
t "2 vCPUs poll, untimed: list_empty and list_empty_careful take the fast path" \
  "grep -e '^#' -e '^version,' -e ',none,' $tmp/k2-T.csv >$tmp/k2-Tn.csv && fast $tmp/k2-Tn.csv some"
t "2 vCPUs sleep --timing both: exit 0, finish_wait and list_empty_careful timed and untimed, counts add up" \
  "grep -q '^RC-U=0' $tmp/k2.txt && timings $tmp/k2-U.csv 2 && counts $tmp/k2-U.csv"
t "2 vCPUs sleep --timing both: finish_wait without hazards; the timed rows give the whole wait" \
  "safe $tmp/k2-U.csv && grep -e '^#' -e '^version,' -e ',removal,' $tmp/k2-U.csv >$tmp/k2-Ut.csv && slept $tmp/k2-Ut.csv"
t "2 vCPUs: the model column names fencebench.ko's code for the flag strategies only" \
  "models $tmp/k2-P.csv && models $tmp/k2-C.csv"
t "2 vCPUs: the '#' lines name the running kernel's code and the module's lock, not the model's" \
  "grep -q '^# model: the running kernel.s own dma-fence' $tmp/k2-P.csv &&
   grep -q '^# lock placement: external (' $tmp/k2-P.csv && ! grep -q '^# model: signal and remove_callback' $tmp/k2-P.csv"
t "the module is unloaded after each run" "grep -q '^LOADED-AFTER=no' $tmp/k2.txt && grep -q '^LOADED-END=no' $tmp/k2.txt"
t "a parameter the module refuses: exit 2 and the kernel's reason" \
  "grep -q '^RC-BAD=2' $tmp/k2.txt && grep -q '^BAD-ERR=.*refused its parameters: fencebench: warmup_us' $tmp/k2.txt"
t "insmod with an offline CPU fails and the log says which" \
  "grep -q '^RC-INSMOD-BAD=[1-9]' $tmp/k2.txt && grep -q 'fencebench: waiter_cpus: CPU 9 is not online' $tmp/k2.txt"
t "rmmod during a run: rmmod succeeds, fencebench exits 1 saying so" \
  "grep -q '^RC-RMMOD=0' $tmp/k2.txt && grep -q '^RC-RMMOD-FB=1' $tmp/k2.txt &&
   grep -q '^RMMOD-ERR=.*unloaded during the run' $tmp/k2.txt"
t "a stuck waiter: the watchdog ends the run, exit 1 naming it" \
  "grep -q '^RC-STALL=1' $tmp/k2.txt && grep -q '^STALL-ERR=.*waiter 0 (CPU 1) has not added its callback in round 3' $tmp/k2.txt"
t "the module loads and runs again after all that" "grep -q '^RC-A=0' $tmp/k2.txt"

# ---- 4 vCPUs: three waiters
cat >"$tmp/k4.sh" <<EOF2
$run_fb
run P -W poll -t 3 -d 1s
run C -W callback -t 3 -d 1s
run S -W sleep -t 3 -d 1s
$dmesg_out
EOF2
boot k4 4 "$tmp/k4.sh"
for k in P C S; do csv k4 $k >"$tmp/k4-$k.csv"; done
t "4 vCPUs: both wait modes exit 0, a kernel row per strategy" \
  "grep -q '^RC-P=0' $tmp/k4.txt && grep -q '^RC-C=0' $tmp/k4.txt && every_strategy $tmp/k4-P.csv && every_strategy $tmp/k4-C.csv"
t "4 vCPUs: removes = fast + hit + miss = rounds x waiters" "counts $tmp/k4-P.csv && counts $tmp/k4-C.csv"
t "4 vCPUs: ${SAFE// /, } without hazards" "safe $tmp/k4-P.csv && safe $tmp/k4-C.csv"
t "4 vCPUs callback: the prechecks take the fast path every time" "fast $tmp/k4-C.csv all"
t "4 vCPUs sleep: exit 0, a kernel row per strategy, counts add up, ${SAFE// /, } without hazards, the wait given" \
  "grep -q '^RC-S=0' $tmp/k4.txt && every_strategy $tmp/k4-S.csv && counts $tmp/k4-S.csv && safe $tmp/k4-S.csv && slept $tmp/k4-S.csv"
t "4 vCPUs: signaler on CPU 0, waiters on CPUs 1;2;3 (planned)" "cpus $tmp/k4-P.csv 0 '1;2;3' && cpus $tmp/k4-C.csv 0 '1;2;3'"

# ---- the kernel log of both guests
for g in k2 k4; do sed -n '/^BEGIN-DMESG$/,/^END-DMESG$/p' "$tmp/$g.txt" >"$tmp/$g.dmesg"; done
t "the kernel log of both guests was captured" "[ -s $tmp/k2.dmesg ] && [ -s $tmp/k4.dmesg ]"
t "no WARN, BUG, oops, lockdep, RCU stall, lockup or hung task in the kernel log" \
  "! grep -hE 'WARNING:|BUG:|Oops[: ]|Call Trace|lockdep|possible recursive locking|circular locking|detected stall|soft lockup|hard LOCKUP|hung_task|blocked for more than' $tmp/k2.dmesg $tmp/k4.dmesg"

if [ "$failed" -gt 0 ]; then
	for f in "$tmp"/k2.txt "$tmp"/k4.txt; do echo "# ---- $f"; sed 's/^/# /' "$f"; done | head -400
fi
echo "# check-kernel: $(( $(date +%s) - T0 )) s"
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
