#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs every test program and script, echoes their TAP, and ends with the
# line "N passed, N failed" (N skipped when any skipped).  Exit 1 if any
# test failed.  Run from the top of the tree (make check does).
#
# make check-cross sets B (the build directory, e.g. build/aarch64),
# RUN_PREFIX (the emulator, e.g. qemu-aarch64-static) and CROSS_ARCH: the
# target's binaries then run under the emulator, each killed after
# TEST_TIMEOUT seconds (300), and the native-only tests (ThreadSanitizer,
# cli.sh's timing checks) give way to tests/cross.sh.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
CROSS_ARCH=${CROSS_ARCH:-}
RUN=()
if [ -n "${RUN_PREFIX:-}" ]; then
	# shellcheck disable=SC2206
	RUN=(timeout -s KILL "${TEST_TIMEOUT:-300}" $RUN_PREFIX)
fi

passed=0 failed=0 skipped=0

run() {
	local name=$1 out rc p f
	shift
	echo "# --- $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(grep -c '^ok ' <<<"$out")
	f=$(grep -c '^not ok ' <<<"$out")
	if [ "$rc" = 4 ]; then
		skipped=$((skipped + 1))
		echo "# $name: skipped"
		return
	fi
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1	# died without saying which test: count the program as one failure
		echo "not ok - $name exited with status $rc"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

run test_list "${RUN[@]}" "$B/test_list"
run test_stats "${RUN[@]}" "$B/test_stats"
run test_fence "${RUN[@]}" "$B/test_fence"
run test_windows "${RUN[@]}" "$B/test_windows"
run test_alloc "${RUN[@]}" "$B/test_alloc"
[ -x "$B/test_engine_kernel" ] && run test_engine_kernel "${RUN[@]}" "$B/test_engine_kernel"
if [ -n "$CROSS_ARCH" ]; then
	for v in llsc lse; do
		[ -x "$B/test_fence-$v" ] && run "test_fence-$v" "${RUN[@]}" "$B/test_fence-$v"
	done
	run "cross ($CROSS_ARCH)" tests/cross.sh "$B" "$CROSS_ARCH" "${RUN[@]}"
	for name in test_topology tsan cli options report lkml-report lkp-result instrument placement robust plots doc-commands; do
		echo "# --- $name"
		echo "# $name: skipped (native only: ThreadSanitizer, fixtures, timing checks)"
		skipped=$((skipped + 1))
	done
else
	run test_topology build/test_topology
	run test_locks build/test_locks
	# ThreadSanitizer: every cross-thread access is a C11 atomic, so any report is a bug.
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" run tsan/test_fence build/tsan/test_fence
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" run tsan/test_windows build/tsan/test_windows
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" run tsan/test_locks build/tsan/test_locks
	run cli tests/cli.sh ./fencebench
	run options tests/options.sh ./fencebench
	run report tests/report.sh ./fencebench
	run regimes tests/regimes.sh ./fencebench
	run lkp-result tests/lkp-result.sh ./fencebench
	run instrument tests/instrument.sh ./fencebench
	run floors tests/floors.sh ./fencebench
	run trace tests/trace.sh ./fencebench
	run lkml-litmus tests/lkml-litmus.sh ./fencebench
	run lkml-report tests/lkml-report.sh ./fencebench
	run litmus-harness tests/litmus-harness.sh
	run placement tests/placement.sh ./fencebench
	run robust tests/robust.sh ./fencebench
	run locks tests/locks.sh ./fencebench
	run finish_wait tests/finish_wait.sh ./fencebench
	run sleep tests/sleep.sh ./fencebench
	run forms tests/forms.sh ./fencebench
	run install tests/install.sh ./fencebench
	run tsan/fencebench tests/tsan.sh
	run plots tests/plots.sh
	run doc-commands tests/doc-commands.sh ./fencebench
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
