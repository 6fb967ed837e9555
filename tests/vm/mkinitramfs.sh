#!/bin/bash
# SPDX-License-Identifier: MIT
# A small initramfs for the NUMA test guest: busybox-static, the guest's
# init (tests/vm/init), a scenario script, fencebench and
# lstopo-no-graphics with exactly the shared libraries ldd lists.
#   tests/vm/mkinitramfs.sh OUT.cpio.gz SCENARIO [BINARY...]
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:?output file}
SCENARIO=${2:?scenario script}
shift 2
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT"/{bin,sbin,usr/bin,proc,sys,dev,tmp,etc}
cp /bin/busybox "$ROOT/bin/busybox"
cp "$TOP/tests/vm/init" "$ROOT/init"
cp "$SCENARIO" "$ROOT/scenario"
copy_with_libs() {	# binary destination
	cp "$1" "$ROOT$2"
	ldd "$1" >/dev/null 2>&1 || return 0
	ldd "$1" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | while read -r lib; do
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -L "$lib" "$ROOT$lib"
	done
}
for x in "$@"; do
	copy_with_libs "$x" "/bin/$(basename "$x")"
done
(cd "$ROOT" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT"
