#!/bin/bash
# SPDX-License-Identifier: MIT
# Fetch Debian's current stock kernel for the NUMA guest test and unpack it
# to an uncompressed ELF vmlinux that qemu boots directly (PVH entry), which
# skips the slow in-guest XZ decompression under TCG.  The version is what
# the linux-image-amd64 metapackage depends on today (never pinned); the
# result is cached in DIR (default ~/.cache/fencebench/kernel) and reused
# while the metapackage still points at the same package.
#   tests/vm/get-kernel.sh [DIR]      prints the path of the vmlinux
set -eu		# no pipefail: tail|xz and grep|head end with SIGPIPE by design
export LC_ALL=C	# byte-wise grep -P below
DIR=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/fencebench/kernel}
mkdir -p "$DIR"
cd "$DIR"
chmod 777 . 2>/dev/null || true	# lets apt's _apt user write here

PKG=$(apt-cache depends linux-image-amd64 2>/dev/null |
	awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
if [ -z "$PKG" ]; then
	apt-get update -qq >&2 || true
	PKG=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
fi
[ -n "$PKG" ] || { echo "get-kernel: cannot resolve linux-image-amd64" >&2; exit 1; }
if [ -s "$PKG.vmlinux" ]; then
	echo "$DIR/$PKG.vmlinux"
	exit 0
fi
ls "$PKG"_*.deb >/dev/null 2>&1 || apt-get download "$PKG" >&2
rm -rf x
mkdir x
dpkg -x "$PKG"_*.deb x
VMLINUZ=$(ls x/boot/vmlinuz-*)
off=$(grep -obUaP -m1 '\xfd\x37\x7a\x58\x5a\x00' "$VMLINUZ" | head -1 | cut -d: -f1)
[ -n "$off" ] || { echo "get-kernel: no XZ payload in $VMLINUZ" >&2; exit 1; }
tail -c +$((off + 1)) "$VMLINUZ" | xz -dc --single-stream >"$PKG.vmlinux.tmp" 2>/dev/null || true
head -c 4 "$PKG.vmlinux.tmp" | grep -q ELF || { echo "get-kernel: decompression failed" >&2; exit 1; }
mv "$PKG.vmlinux.tmp" "$PKG.vmlinux"
rm -rf x "$PKG"_*.deb
echo "$DIR/$PKG.vmlinux"
