#!/bin/bash
# SPDX-License-Identifier: MIT
# The docs name files that exist: every source file the docs cite in
# backquotes (`harness/plan.[ch]`, `histogram.c`, `tests/run.sh`) is in
# the tree, docs/design.md's file table names every harness/ file, and
# every strategy of the table (harness/strategy.c) has a row in
# docs/design.md's and README.md's strategy tables, a line in --help and
# its name in the man page's list; docs/options.md lists the strategies
# the table gives fencebench.ko.
set -u
FB=${1:-./fencebench}
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

# the table's entries: [REMOVE_X] = { "name", ...; as many as the enum has
names=$(sed -n 's/^\t\[REMOVE_[A-Z0-9_]*\] = { "\([a-z0-9_]*\)".*/\1/p' harness/strategy.c)
nr_enum=$(sed -n '/^enum remove_strategy {/,/^};/p' harness/strategy.h | grep -c '^[[:space:]]*REMOVE_[A-Z0-9_]*,')
nr_names=$(wc -w <<<"$names")
t "every strategy of harness/strategy.c is read ($nr_names of $nr_enum)" \
  "[ $nr_names -gt 0 ] && [ $nr_names = $nr_enum ]"
"$FB" --help >"$tmp/help" 2>&1
undocumented= unread= unhelped= unmanned=
for s in $names; do
	grep -q "^| \`$s\` |" docs/design.md || undocumented="$undocumented $s"
	grep -q "^| \`$s\` |" README.md || unread="$unread $s"
	sed -n '/^Strategies:/,/^\.SH/p' fencebench.1 | grep -qx "\.B $s" || unmanned="$unmanned $s"
	awk '/^Strategies:/ { on = 1; next } on && !NF { exit } on { print $1 }' "$tmp/help" |
		grep -qx "$s" || unhelped="$unhelped $s"
done
t "docs/design.md's strategy table has every strategy${undocumented:+ (not:$undocumented)}" \
  "[ -z '$undocumented' ]"
t "README.md's strategy table has every strategy${unread:+ (not:$unread)}" "[ -z '$unread' ]"
t "--help lists every strategy${unhelped:+ (not:$unhelped)}" "[ -z '$unhelped' ]"
t "the man page's strategy list has every strategy${unmanned:+ (not:$unmanned)}" \
  "[ -z '$unmanned' ]"
# the strategies the table gives fencebench.ko (.kernel = true), as
# docs/options.md's --engine row lists them
kern=$(awk '/^\t\[REMOVE_/ { if (k) print s; k = 0; s = $0; sub(/^[^"]*"/, "", s); sub(/".*/, "", s) }
	/\.kernel = true/ { k = 1 } /^};/ { if (k) print s; exit }' harness/strategy.c | paste -sd, -)
listed=$(sed -n 's/^| `--engine ENGINE` |.*; strategies \([a-z0-9_, ]*\);.*/\1/p' docs/options.md | tr -d ' ')
t "docs/options.md's --engine row lists the kernel's strategies as the table has them ($kern)" \
  "[ -n '$kern' ] && [ '$listed' = '$kern' ]"
echo "1..$n"
