#!/bin/bash
# SPDX-License-Identifier: MIT
# The docs name files that exist: every source file the docs cite in
# backquotes (`harness/plan.[ch]`, `histogram.c`, `tests/run.sh`) is in
# the tree, and docs/design.md's file table names every harness/ file.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

files=$(git ls-files 2>/dev/null || find . -type f | sed 's|^\./||')
cited=$(grep -oh '`[A-Za-z0-9_./-]*\.\([ch]\|\[ch\]\|sh\|gp\|awk\)`' docs/*.md README.md plots/README.md |
	tr -d '`' | sort -u)
stale=
for f in $cited; do
	case $f in
	include/linux/*|kernel/*|drivers/*) continue ;;	# the kernel's own files
	reproduce.sh) continue ;;	# in an lkp-tests result directory
	*.\[ch\]) f=${f%.\[ch\]}.c ;;
	esac
	grep -qE "(^|/)$f\$" <<<"$files" || stale="$stale $f"
done
t "every file the docs cite exists${stale:+ (missing:$stale)}" "[ -z '$stale' ]"

absent=
for f in harness/*.[ch] harness/*/*.[ch]; do
	grep -qF -e "\`$f\`" -e "\`${f%.[ch]}.[ch]\`" docs/design.md || absent="$absent $f"
done
t "docs/design.md's file table names every harness/ file${absent:+ (not:$absent)}" "[ -z '$absent' ]"
echo "1..$n"
