# SPDX-License-Identifier: MIT
# Sourced by the shell tests: work from the top of the tree, count TAP
# lines with t NAME CONDITION, and keep scratch files in $tmp, removed on
# exit.  The test ends with: echo "1..$n".
cd "$(dirname "${BASH_SOURCE[1]}")/.." || exit 1
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
