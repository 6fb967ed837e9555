# SPDX-License-Identifier: MIT
# Sourced by the shell tests: work from the top of the tree, count TAP
# lines with t NAME CONDITION (skip NAME WHY for a check this machine
# cannot make), read CSV columns by name with rows and col, and keep scratch files
# in $tmp, removed on exit.  The test ends with: echo "1..$n".
cd "$(dirname "${BASH_SOURCE[1]}")/.." || exit 1
n=0 failed=0
t() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# A fencebench CSV read by column name: '#' lines skipped, the header
# mapped into c[] (c["removes"] is the removes column's number).
csv_header='/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }'
# rows FILE AWK-PROGRAM: the program run over the data rows of FILE (it
# must leave c and h, the header's, alone)
rows() { local f=$1; shift; awk -F, "$csv_header $*" "$f"; }
# col FILE NAME [STRATEGY]: column NAME of each row (of the rows of STRATEGY
# only, if given); "MISSING" when the header has no such column
col() {
	awk -F, -v want="$2" -v s="${3-}" "$csv_header"'
		!(want in c) { print "MISSING"; exit }
		s == "" || $c["strategy"] == s { print $c[want] }' "$1"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
