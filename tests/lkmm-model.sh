#!/bin/sh
# SPDX-License-Identifier: MIT
# Print the directory holding the Linux-kernel memory model
# (tools/memory-model: linux-kernel.cfg, .cat, .bell, .def), which herd7
# needs to run the tests in litmus/.
#
# LKMM_DIR=DIR uses DIR as it is.  Otherwise the model comes from Debian's
# linux-source-6.1 package (installed through install-deps.sh when
# missing) and is extracted once into ${XDG_CACHE_HOME:-~/.cache}/
# fencebench/lkmm; the repository never holds a copy (GPL-2.0).  The
# cache's SOURCE file names the package version.  Exit 1 when the model
# cannot be had.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PKG=linux-source-6.1
TARBALL=/usr/src/$PKG.tar.xz

if [ -n "${LKMM_DIR:-}" ]; then
	[ -r "$LKMM_DIR/linux-kernel.cfg" ] ||
		{ echo "lkmm-model: LKMM_DIR=$LKMM_DIR holds no linux-kernel.cfg" >&2; exit 2; }
	echo "$LKMM_DIR"
	exit 0
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}/fencebench/lkmm
if [ -r "$cache/linux-kernel.cfg" ]; then
	echo "$cache"
	exit 0
fi

if [ ! -r "$TARBALL" ]; then
	echo "lkmm-model: installing $PKG for tools/memory-model" >&2
	for d in "$top/tools" "$top/scripts"; do
		[ -x "$d/install-deps.sh" ] && { EXTRA_PACKAGES=$PKG "$d/install-deps.sh" >&2 || true; break; }
	done
	[ -r "$TARBALL" ] ||
		{ echo "lkmm-model: $TARBALL missing (apt-get install $PKG, or set LKMM_DIR)" >&2; exit 1; }
fi

# Extract next to the cache and rename, so an interrupted run leaves no
# half-extracted model behind.
mkdir -p "$(dirname "$cache")"
tmp=$(mktemp -d "$cache.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "lkmm-model: extracting tools/memory-model from $TARBALL into $cache" >&2
tar -xJf "$TARBALL" -C "$tmp" --strip-components=3 "$PKG/tools/memory-model" ||
	{ echo "lkmm-model: cannot extract tools/memory-model from $TARBALL" >&2; exit 1; }
[ -r "$tmp/linux-kernel.cfg" ] ||
	{ echo "lkmm-model: $TARBALL has no tools/memory-model/linux-kernel.cfg" >&2; exit 1; }
echo "$PKG $(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null || echo unknown)" >"$tmp/SOURCE"
rm -rf "$cache"
mv "$tmp" "$cache"
trap - EXIT
echo "$cache"
