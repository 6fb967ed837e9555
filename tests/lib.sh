# SPDX-License-Identifier: MIT
# Sourced by the shell tests: work from the top of the tree, count TAP
# lines with t NAME CONDITION (skip NAME WHY for a check this machine
# cannot make), read CSV columns by name with col, and keep scratch files
# in $tmp, removed on exit.  The test ends with: echo "1..$n".
cd "$(dirname "${BASH_SOURCE[1]}")/.." || exit 1
n=0 failed=0
t() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# col FILE NAME [STRATEGY]: column NAME of each row of the CSV FILE (of the
# rows of STRATEGY only, if given), '#' lines skipped; "MISSING" when the
# header has no such column
col() {
	awk -F, -v want="$2" -v s="${3-}" '/^#/ { next }
		!h { h = 1; for (i = 1; i <= NF; i++) { if ($i == want) c = i; if ($i == "strategy") k = i }
		     if (!c) { print "MISSING"; exit } next }
		s == "" || $k == s { print $c }' "$1"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
