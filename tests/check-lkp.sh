#!/bin/bash
# SPDX-License-Identifier: MIT
# make check-lkp: fencebench as an lkp-tests job, run by lkp itself.
# Copies the lkp-tests checkout named by LKP_SRC (never changed), lays
# contrib/lkp-tests/ over the copy and applies its lkp-tests.patch, writes
# hosts/$(hostname) when the checkout has none, builds lkp's event helper,
# builds fencebench with pkg/PKGBUILD and lkp's makepkg from this tree's
# git repository (HEAD) into /lkp/benchmarks, then `lkp split-job` the job with
# short durations and `lkp run` each atomic job.  Checks that the patch
# applies, that the package builds, that every run exits 0 with no failure
# in lkp's last_state and leaves fencebench.csv, and that stats.json holds
# every number the CSV gives, recomputed here with awk, not with
# programs/fencebench/parse.
#
# lkp keeps its results under /lkp (lib/constant.rb: RESULT_ROOT_DIR is
# /lkp/result, and bin/run-stats reads the test case from that path), so
# every lkp command runs in a private mount namespace (unshare -m) with a
# temporary directory bound on /lkp: nothing is written to the machine's
# /lkp.  When /lkp does not exist an empty directory is made as the mount
# point and removed at the end.  lkp's scratch directory /tmp/lkp-$USER
# gets a USER of its own and is removed too.
#   LKP_SRC=DIR tests/check-lkp.sh [FENCEBENCH]   prints TAP and "N passed, N failed"
#   LKP_RUNTIME=10s: the runtime given to split-job (the job's is 300s): 500 ms
#   per repetition, so that each completes rounds on a busy machine (200 ms
#   did not always, with 2 vCPUs shared by several builds)
# Needs root (mount namespace, apt-get for lkp's Debian packages).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
FB=$(realpath "${1:-./fencebench}")

skip_all() {
	echo "check-lkp: skipped: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}
if [ -z "${LKP_SRC:-}" ]; then
	skip_all "LKP_SRC is not set.  Get lkp-tests with
	git clone https://github.com/intel/lkp-tests.git
and run make check-lkp LKP_SRC=\$PWD/lkp-tests"
fi
[ -x "$LKP_SRC/bin/lkp" ] || { echo "check-lkp: LKP_SRC=$LKP_SRC: no bin/lkp there" >&2; exit 2; }
[ "$(id -u)" = 0 ] || skip_all "needs root: lkp run, and the private mount on /lkp"
if [ -e /lkp ] && [ ! -d /lkp ]; then
	skip_all "/lkp exists and is not a directory: no mount point for the results"
fi

# lkp's Debian packages, and libarchive-tools (bsdtar) for its makepkg
EXTRA_PACKAGES="ruby ruby-activesupport ruby-colorize ruby-git ruby-gnuplot
	ruby-term-ansicolor ruby-tty-command rake libarchive-tools" tools/install-deps.sh || exit 1

L=$tmp/lkp-tests	# the copy lkp runs from
root=$tmp/lkp		# bound on /lkp
user=fencebench-check-lkp.$$
made_lkp=
cleanup() {
	# lkp leaves its event helpers waiting (wakeup activate-monitor, pre-test)
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$L/bin/event/wakeup" ] && kill "${p#/proc/}" 2>/dev/null
	done
	rm -rf "$tmp" "/tmp/lkp-$user"
	[ -n "$made_lkp" ] && rmdir /lkp
}
trap cleanup EXIT
if [ ! -e /lkp ]; then
	mkdir /lkp && made_lkp=1
fi

mkdir -p "$L" "$root" "$tmp/jobs"
tar -C "$LKP_SRC" --exclude=.git -cf - . | tar -C "$L" -xf -
(cd contrib/lkp-tests && find . -type f ! -name '*.patch' -exec cp --parents {} "$L" \;)
t "contrib/lkp-tests/lkp-tests.patch applies to the checkout" \
  "patch -s -d $L -p1 <contrib/lkp-tests/lkp-tests.patch"
host=$(uname -n)
for h in "$host" "$(sed -E 's/-[0-9]+$//; s/-[0-9]+-/-/' <<<"$host")"; do	# lib/result.rb: tbox_group
	[ -e "$L/hosts/$h" ] && continue
	printf 'nr_cpu: %s\nmemory: %sG\n' "$(nproc)" \
		"$(awk '/^MemTotal:/ { print int($2 / 1048576 + 0.5) }' /proc/meminfo)" >"$L/hosts/$h"
done
# lkp install builds it; without it every job waits minutes for its monitors
make -s -C "$L/bin/event" wakeup >/dev/null || exit 1

# pkg/PKGBUILD, built as lkp install does (lkp's makepkg, without installing)
# from this tree's git repository: the committed HEAD, not uncommitted changes
top=$PWD
(cd "$L/programs/fencebench/pkg" &&
	FENCEBENCH_GIT="file://$top" LKP_SRC="$L" PACMAN="$L/sbin/pacman-LKP" CARCH=$(uname -m) \
		BUILDDIR="$tmp/makepkg" "$L/sbin/makepkg" --config "$L/etc/makepkg.conf" \
		--skippgpcheck) >"$tmp/makepkg.log" 2>&1
pkg=("$L"/programs/fencebench/pkg/fencebench-*.pkg.tar*)
mkdir -p "$tmp/pkg"
[ -f "${pkg[0]}" ] && bsdtar -xf "${pkg[0]}" -C "$tmp/pkg"
t "pkg/PKGBUILD: lkp's makepkg builds fencebench into lkp/benchmarks/fencebench/bin" \
  "[ -x $tmp/pkg/lkp/benchmarks/fencebench/bin/fencebench ]"
# the jobs run that build; this tree's when the package could not be made
if [ -x "$tmp/pkg/lkp/benchmarks/fencebench/bin/fencebench" ]; then
	mkdir -p "$root/benchmarks" && cp -a "$tmp/pkg/lkp/benchmarks/fencebench" "$root/benchmarks/"
else
	tail -20 "$tmp/makepkg.log" | sed 's/^/# makepkg: /'
	install -D -m 755 "$FB" "$root/benchmarks/fencebench/bin/fencebench" || exit 1
fi

# lkp split-job and lkp run, in a private mount namespace with $root on /lkp
# shellcheck disable=SC2016  # $1 and $@ belong to the inner sh
in_lkp() {
	unshare --mount --propagation private \
		sh -c 'mount --bind "$1" /lkp && shift && exec "$@"' sh "$root" \
		env LKP_SRC="$L" USER="$user" "$@"
}
# --no-defaults: without lkp's monitors, which need packages not installed here
(cd "$tmp/jobs" && in_lkp "$L/bin/lkp" split-job --no-defaults \
	-s "runtime: ${LKP_RUNTIME:-10s}" "$L/jobs/fencebench.yaml") >"$tmp/split.log" 2>&1
jobs=("$tmp"/jobs/*.yaml)
t "lkp split-job jobs/fencebench.yaml: 8 atomic jobs" "[ ${#jobs[@]} = 8 ] && [ -f '${jobs[0]}' ]"

# expected STAT VALUE lines from fencebench.csv, computed independently of parse
expected() {
	rows "$1" '
	function part(s) { gsub(/[^a-zA-Z0-9_-]/, "_", s); return s }
	!NF { next }
	{
		k = part($c["strategy"]) "." part($c["wait"]) "." part($c["lock"])
		if (!(k in nr)) order[++groups] = k
		nr[k]++
		p50[k] += $c["remove_ns_p50"]; p99[k] += $c["remove_ns_p99"]
		fast[k] += $c["fastpath_pct"]; rps[k] += $c["rounds_per_sec"]
		rm[k] += $c["removes"]
		hz[k] += $c["hazard_prev_store"] + $c["hazard_func_call"] + \
			 $c["hazard_payload_read"] + $c["hazard_payload_write"]
		f = "floor." part($c["wait"]) "." part($c["lock"])
		fn[f]++; c2c[f] += $c["c2c_ns"]; lu[f] += $c["lock_uncontended_ns"]
	}
	END {
		for (g = 1; g <= groups; g++) {
			k = order[g]
			printf "fencebench.%s.remove_ns_p50 %.17g\n", k, p50[k] / nr[k]
			printf "fencebench.%s.remove_ns_p99 %.17g\n", k, p99[k] / nr[k]
			printf "fencebench.%s.fastpath_pct %.17g\n", k, fast[k] / nr[k]
			printf "fencebench.%s.rounds_per_sec %.17g\n", k, rps[k] / nr[k]
			printf "fencebench.%s.hazards_per_million %.17g\n", k, rm[k] ? hz[k] * 1e6 / rm[k] : 0
		}
		for (f in fn) {
			printf "fencebench.%s.c2c_ns %.17g\n", f, c2c[f] / fn[f]
			printf "fencebench.%s.lock_uncontended_ns %.17g\n", f, lu[f] / fn[f]
		}
	}'
}
# stats.json as STAT VALUE lines (its fencebench.* keys but lkp's time ones)
stats() {
	ruby -rjson -e 'JSON.parse(File.read(ARGV[0])).each { |k, v|
		puts "#{k} #{v.is_a?(Array) ? v.join(",") : v}" if k =~ /^fencebench\./ && k !~ /^fencebench\.time\./ }' "$1"
}
# every expected stat is in stats.json with the same number (to the 6
# decimals parse prints); lkp drops a stat that is 0 in every record, so
# a 0 may be absent.  Nothing else is there.  Prints what differs.
compare() {
	awk '
	FNR == NR { want[$1] = $2; next }
	{ got[$1] = $2 }
	END {
		for (k in want) {
			if (!(k in got)) { if (want[k] != 0) { print "missing " k; bad = 1 } continue }
			d = got[k] - want[k]
			if (d < 0) d = -d
			if (d > 5e-7 + 1e-9 * (want[k] < 0 ? -want[k] : want[k])) {
				print k ": stats.json " got[k] ", CSV " want[k]; bad = 1
			}
			if (got[k] != 0) nonzero++
		}
		for (k in got) if (!(k in want)) { print "unexpected " k; bad = 1 }
		if (!nonzero) { print "no non-zero stat compared"; bad = 1 }
		exit bad
	}' "$1" "$2"
}

i=0
for job in "${jobs[@]}"; do
	i=$((i + 1))
	name=$(basename "$job" .yaml)
	(cd "$tmp" && in_lkp "$L/bin/lkp" run -o "$tmp/result-$i" "$job") >"$tmp/run-$i.log" 2>&1
	rc=$?
	rt=$(readlink "$tmp/result-$i")	# /lkp/result/fencebench/<params>/<host>/.../<n>
	rt=$root${rt#/lkp}
	echo "# $name: lkp run exit $rc, RESULT_ROOT ${rt#"$root"/}"
	# lkp run exits 0 even when the test dies; lkp notes failures in last_state
	t "$name: lkp run exits 0, notes no failure and leaves fencebench.csv and stats.json" \
	  "[ $rc = 0 ] && [ ! -e '$rt/last_state' ] && [ -s '$rt/fencebench.csv' ] && [ -s '$rt/stats.json' ]"
	[ -e "$rt/last_state" ] && sed 's/^/#   last_state: /' "$rt/last_state"
	expected "$rt/fencebench.csv" >"$tmp/want-$i" 2>/dev/null
	stats "$rt/stats.json" >"$tmp/got-$i" 2>/dev/null
	t "$name: stats.json holds the numbers of fencebench.csv" \
	  "compare $tmp/want-$i $tmp/got-$i >$tmp/diff-$i 2>&1"
	sed 's/^/#   /' "$tmp/diff-$i"
	[ "$i" = 1 ] && {
		# lkp's own fixture convention (spec/fixtures/stats): parse's output for the
		# run's stdout, as `rake spec spec=stats` checks it
		f=$L/spec/fixtures/stats/fencebench/fencebench
		t "spec/fixtures/stats/fencebench: parse prints fencebench.yaml" \
		  "LKP_SRC=$L $L/programs/fencebench/parse <$f | cmp -s - $f.yaml"
	}
done

if [ "$failed" -gt 0 ]; then
	for f in "$tmp"/split.log "$tmp"/run-*.log; do
		[ -f "$f" ] && { echo "# ---- $(basename "$f")"; tail -30 "$f" | sed 's/^/# /'; }
	done
fi
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
