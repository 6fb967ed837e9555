#!/bin/bash
# SPDX-License-Identifier: MIT
# The installed tool: make install into a staging DESTDIR gives a binary
# that runs, the man page, the plots and scripts; make uninstall removes
# them.  The man page renders without warnings and names every long option
# of --help and every CSV column, so the three stay in step.
set -u
FB=${1:-./fencebench}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

make -s install DESTDIR="$tmp/stage" PREFIX=/usr >"$tmp/install.log" 2>&1
rc=$?
t "make install DESTDIR=... PREFIX=/usr: exit 0" "[ $rc = 0 ]"
t "installs the binary, the man page and the scripts" \
  "[ -x $tmp/stage/usr/bin/fencebench ] && [ -f $tmp/stage/usr/share/man/man1/fencebench.1 ] &&
   [ -x $tmp/stage/usr/share/fencebench/scripts/lkml-report ]"
t "installs the user tools only: lkml-report, plot, sweep" \
  "[ \"\$(ls $tmp/stage/usr/share/fencebench/scripts | tr '\\n' ' ')\" = 'lkml-report plot regimes sweep ' ]"
t "installs every plots/*.gp there is" \
  "for f in plots/*.gp; do [ -e \"\$f\" ] || continue; [ -f $tmp/stage/usr/share/fencebench/plots/\${f#plots/} ] || exit 1; done"
t "the installed binary prints its version" \
  "$tmp/stage/usr/bin/fencebench --version | grep -q '^fencebench '"
(cd "$tmp" && "$tmp/stage/usr/bin/fencebench" -s locked -r 1 -d 0.02 -w 0 --retries 0 -f csv \
	--no-meta >"$tmp/run.csv" 2>/dev/null)
rc=$?
t "the installed binary runs a short benchmark from another directory" \
  "[ $rc = 0 ] && [ \$(wc -l <$tmp/run.csv) = 2 ]"
make -s uninstall DESTDIR="$tmp/stage" PREFIX=/usr >/dev/null 2>&1
t "make uninstall removes what install put there" \
  "[ -z \"\$(find $tmp/stage -type f)\" ]"

# ---- the man page
if command -v man >/dev/null; then
	MANWIDTH=80 man -l fencebench.1 >"$tmp/man.txt" 2>"$tmp/man.err"
	rc=$?
	t "man -l fencebench.1 renders without warnings" \
	  "[ $rc = 0 ] && [ ! -s $tmp/man.err ] && grep -q 'EXIT STATUS' $tmp/man.txt"
else
	skip "man -l fencebench.1 renders without warnings" "man not installed"
fi
if command -v groff >/dev/null; then
	t "groff -man -ww -z: no warnings" "[ -z \"\$(groff -man -ww -z fencebench.1 2>&1)\" ]"
else
	skip "groff -man -ww -z: no warnings" "groff not installed"
fi
if command -v mandoc >/dev/null; then
	t "mandoc -T lint: clean" "mandoc -T lint -W warning fencebench.1 >/dev/null 2>&1"
else
	skip "mandoc -T lint: clean" "mandoc not installed"
fi
"$FB" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/opts"
missing=$(while read -r o; do grep -q -- "$(sed 's/-/\\\\-/g' <<<"$o")" fencebench.1 || echo "$o"; done <"$tmp/opts")
t "every long option of --help is in the man page${missing:+ (missing: $(echo $missing))}" \
  "[ -s $tmp/opts ] && [ -z '$missing' ]"
"$FB" -s locked -r 1 -d 0.01 -w 0 --retries 0 -f csv --no-meta 2>/dev/null | head -1 | tr , '\n' >"$tmp/cols"
missing=$(while read -r c; do grep -qF -- "$c" fencebench.1 || echo "$c"; done <"$tmp/cols")
t "every CSV column is in the man page${missing:+ (missing: $(echo $missing))}" \
  "[ -s $tmp/cols ] && [ -z '$missing' ]"
echo "1..$n"
