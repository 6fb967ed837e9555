#!/bin/bash
# SPDX-License-Identifier: MIT
# Every command that README.md, plots/README.md and docs/*.md show in a
# code block runs, as written, in a fresh copy of the tree (the files git
# tracks or would track, nothing built), in the order the docs give them,
# and exits 0.  The commands are found by parsing the code blocks (fenced,
# or indented by four spaces); a line is a command when its first word is a
# program the docs use (the list in is_command below), a line ending in \
# continues it, and the rest of a block (sample output) is left alone.
#
# Skipped: the commands matched by tests/doc-commands.skip, each with its
# reason (root, packages, a network, herd7 or qemu, or make check itself);
# every pattern there must still match a command.
#
# Quick forms, so that make check stays short: a fencebench run gets
# -d 50ms -w 10ms in place of its own duration and warm-up, and at most 2
# repetitions; comments are dropped; make runs with -j2; scripts/sweep
# and scripts/regimes get --quick; DESTDIR=/tmp/stage becomes a directory
# of this test's, and "make uninstall" (same PREFIX and DESTDIR, README
# says) takes those of the install before it.  Input files the docs name without making them (run.csv,
# before.csv, after.csv, one CSV per machine) are hand-made fixtures
# (tests/wide-csv.sh) in the copy's top directory.  A bare "fencebench"
# is the copy's own build, on PATH as make install would put it.
#
# On a loaded machine a short run can be disturbed beyond its retries: a
# command that exits 1 is run once more, and the retry is reported; one
# that fails again because a round outlasted the run (fencebench's "no
# round completed"), or because such a run did not make its input, is
# reported as skipped for the load.  At least 15 commands must run to
# their end whatever the load: the ones that read fixtures.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

docs=(README.md plots/README.md docs/*.md)

# ---- the commands of the docs' code blocks: FILE:LINE<TAB>COMMAND
is_command='^(\./fencebench|fencebench|make|scripts/[a-z-]+|tools/[a-z.-]+|tests/[a-z-]+\.sh|gnuplot|sudo|lkp|git|cd|cp|patch|printf|scp|rake|rspec|[A-Z_]+=[^ ]*)( |$)'
awk -v cmd="$is_command" '
	FNR == 1 { fence = 0; blank = 1; block = 0; cont = "" }
	function take(l) {
		if (cont != "") { l = cont " " l; cont = "" }
		else { if (l !~ cmd) return; at = FILENAME ":" FNR }
		if (l ~ /\\$/) { cont = substr(l, 1, length(l) - 1); return }
		print at "\t" l
	}
	/^```/ { fence = !fence; next }
	fence { l = $0; sub(/^[ \t]+/, "", l); take(l); next }
	/^    / && (blank || block) { block = 1; l = $0; sub(/^    /, "", l); take(l); blank = 0; next }
	{ block = 0; blank = ($0 ~ /^[ \t]*$/) }' "${docs[@]}" >"$tmp/cmds"
# DOC_COMMANDS_LIST=1: print what was found and stop
[ -z "${DOC_COMMANDS_LIST:-}" ] || { cat "$tmp/cmds"; exit 0; }
ncmds=$(wc -l <"$tmp/cmds")
t "the docs show commands to run ($ncmds found; at least 40)" "[ $ncmds -ge 40 ]"
for f in README.md plots/README.md; do
	t "$f shows commands" "grep -q '^$f:' $tmp/cmds"
done
t "at least five files of docs/ show commands" \
  "[ \$(grep '^docs/' $tmp/cmds | cut -d: -f1 | sort -u | wc -l) -ge 5 ]"

# ---- the skip list: PATTERN<TAB>REASON, every pattern still in use
grep -v '^#' tests/doc-commands.skip | grep . >"$tmp/skip"
while IFS=$'\t' read -r pat why; do
	cut -f2- "$tmp/cmds" | grep -Eq -- "$pat"
	t "skip list: a pattern ($why) matches a documented command" "[ $? = 0 ]"
done <"$tmp/skip"

# ---- a fresh copy of the tree: no build, no build/
clone=$tmp/clone
mkdir -p "$clone"
git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$clone" -- 2>/dev/null
t "the copy holds the tree and nothing built" \
  "[ -f $clone/Makefile ] && [ -f $clone/README.md ] && [ ! -e $clone/fencebench ] && [ ! -e $clone/build ]"

# fixtures for the input files the docs name without making them
wide() { tests/wide-csv.sh "$FB" "$clone/$1" 1 "$2" "$3" locked,list_empty,list_empty_careful,flag user; }
wide run.csv poll 30
wide before.csv poll 30
wide after.csv poll 210
wide amd-epyc.csv poll 30
wide intel-spr.csv poll 60
wide epyc.csv poll 30
wide xeon.csv poll 60
wide arm64.csv poll 90
wide callback.csv callback 30
{ cat "$clone/amd-epyc.csv"; grep -v '^#' "$clone/callback.csv" | tail -n +2; } >"$clone/amd-epyc-sweep.csv"
rm "$clone/callback.csv"

quick() {	# the command's quick form
	local c
	c=$(sed -E 's/[[:space:]]+#.*$//' <<<"$1")	# its comment, which may name options
	case $c in
	*fencebench\ --report* | *fencebench\ -h* | *fencebench\ --help*) ;;
	*fencebench*)
		c=$(sed -E 's/ (-d|--duration|-w|--warmup)[ =][^ ]+//g
			s/ (-r|--repeat)[ =]([3-9]|[1-9][0-9]+)( |$)/ \1 2\3/g
			s#(^|[ |&;(])(\./fencebench|fencebench)( |$)#\1\2 -d 50ms -w 10ms\3#' <<<"$c") ;;
	esac
	case $c in
	*scripts/sweep* | *scripts/regimes*)
		if ! grep -Eq -- ' (--quick|-q|-n|--dry-run)( |$)' <<<"$c"; then
			c=$(sed -E 's#(scripts/(sweep|regimes))( |$)#\1 --quick\3#g' <<<"$c")
		fi ;;
	esac
	# "make uninstall  # same PREFIX and DESTDIR": those of the install above
	case $c in make\ uninstall*) c="make uninstall PREFIX=/usr DESTDIR=/tmp/stage" ;; esac
	sed "s#DESTDIR=/tmp/stage#DESTDIR=$tmp/stage#g" <<<"$c"
}

export PATH="$clone:$PATH" MAKEFLAGS=-j2
unset FENCEBENCH
ran=0 loaded=0 lastfile='' lastloaded=0
run_one() {	# command: its output in $tmp/out, its status returned
	(cd "$clone" && timeout -s KILL 300 bash -c "$1") >"$tmp/out" 2>&1 </dev/null
}
too_loaded() { grep -q 'no round completed in the measured' "$tmp/out"; }
while IFS=$'\t' read -r at c; do
	[ "${at%%:*}" = "$lastfile" ] || lastloaded=0
	lastfile=${at%%:*}
	why=
	while IFS=$'\t' read -r pat reason; do
		if grep -Eq -- "$pat" <<<"$c"; then why=$reason; break; fi
	done <"$tmp/skip"
	if [ -n "$why" ]; then
		skip "$at: $c" "$why"
		continue
	fi
	q=$(quick "$c")
	run_one "$q"
	rc=$?
	if [ "$rc" = 1 ] || { [ "$rc" != 0 ] && too_loaded; }; then
		echo "# $at: exit $rc, run once more (a loaded machine): $(tail -1 "$tmp/out")"
		run_one "$q"
		rc=$?
	fi
	# a machine too loaded for a short run (a round outlasted it), or a
	# command whose input such a run should have made: not the docs' fault
	if [ "$rc" != 0 ] && { too_loaded || { [ $lastloaded = 1 ] &&
		grep -q 'No such file\|cannot read\|no result rows\|no figure drawn' "$tmp/out"; }; }; then
		loaded=$((loaded + 1)) lastloaded=1
		skip "$at: $c" "this machine was too loaded: $(tail -1 "$tmp/out" | cut -c1-120)"
		continue
	fi
	[ "$rc" = 0 ] || sed 's/^/#   /' "$tmp/out" | tail -15
	ran=$((ran + 1))
	t "$at: $c$([ "$q" = "$(sed -E 's/[[:space:]]+#.*$//' <<<"$c")" ] || echo " (as: $q)")" "[ $rc = 0 ]"
done <"$tmp/cmds"
t "most documented commands ran to the end ($ran; at least 15; $loaded stopped by the load)" "[ $ran -ge 15 ]"
echo "1..$n"
