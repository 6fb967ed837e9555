# SPDX-License-Identifier: MIT
# Sourced by the shell tests: work from the top of the tree, count TAP
# lines with t NAME CONDITION (skip NAME WHY for a check this machine
# cannot make), run fencebench into $tmp with run_csv, read CSV columns
# by name with rows and col, change them by name with edit, write
# hand-made rows with fixture, and keep scratch files in $tmp, removed on
# exit.  The test ends with: echo "1..$n".
cd "$(dirname "${BASH_SOURCE[1]}")/.." || exit 1
n=0 failed=0
t() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# A fencebench CSV read by column name: '#' lines skipped (printed, with
# the header, when keep is set), the header mapped into c[] (c["removes"]
# is the removes column's number).
csv_header='/^#/ { if (keep) print; next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; if (keep) print; next }'
# rows FILE AWK-PROGRAM: the program run over the data rows of FILE (it
# must leave c and h, the header's, alone)
rows() { local f=$1; shift; awk -F, "$csv_header $*" "$f"; }
# edit FILE AWK-PROGRAM: FILE again, each data row printed after the
# program ran on it: $c["wait"] = "callback" sets a column by name
edit() { local f=$1; shift; awk -F, -v OFS=, -v keep=1 "$csv_header $* { print }" "$f"; }
# fixture HEADER AWK-STATEMENTS: a hand-made row under HEADER for each
# line of stdin: the statements run once a column, with name the
# column's name and the line's words in $1..$NF, and set v (else 1)
fixture() {
	awk -v h="$1" 'BEGIN { n = split(h, names, ",") }
		{ out = ""
		  for (i = 1; i <= n; i++) { name = names[i]; v = 1; '"$2"'
			out = out (i > 1 ? "," : "") v }
		  print out }'
}
# col FILE NAME [STRATEGY]: column NAME of each row (of the rows of STRATEGY
# only, if given); "MISSING" when the header has no such column
col() {
	awk -F, -v want="$2" -v s="${3-}" "$csv_header"'
		!(want in c) { print "MISSING"; exit }
		s == "" || $c["strategy"] == s { print $c[want] }' "$1"
}
# run_csv NAME SECONDS ARGS...: $FB ARGS killed after SECONDS, its stdout
# in $tmp/NAME.csv, its stderr in NAME.err, its exit status in NAME.rc,
# which rc NAME prints
run_csv() {
	local name=$1 secs=$2
	shift 2
	timeout "$secs" "$FB" "$@" >"$tmp/$name.csv" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}
rc() { cat "$tmp/$1.rc"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
