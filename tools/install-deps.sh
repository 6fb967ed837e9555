#!/bin/sh
# SPDX-License-Identifier: MIT
# Install what fencebench needs to build and plot: a C compiler, make,
# pkg-config, hwloc and libnuma (development files) and gnuplot.
#   tools/install-deps.sh          install what is missing (Debian/Ubuntu)
#   tools/install-deps.sh --check  only say what is missing; exit 1 if anything is
#   tools/install-deps.sh --cross-arm64  also what make CROSS=aarch64-linux-gnu-
#                                    check-cross needs: the cross compiler, qemu-user
#                                    and hwloc/libnuma for arm64 (adds the dpkg
#                                    architecture arm64, multiarch)
#   tools/install-deps.sh --kernel  also the headers of the running kernel,
#                                    which make kmod (--engine kernel) needs
#   EXTRA_PACKAGES="..." adds packages (CI uses it for clang, qemu, ...)
set -eu

check="" cross="" kernel=""
for arg in "$@"; do
	case $arg in
	--check) check=1 ;;
	--cross-arm64) cross=arm64 ;;
	--kernel) kernel=1 ;;
	*) echo "install-deps: unknown option '$arg'" >&2; exit 2 ;;
	esac
done

PACKAGES="build-essential pkg-config libhwloc-dev libnuma-dev gnuplot-nox ${EXTRA_PACKAGES:-}"
if [ "$cross" = arm64 ]; then
	PACKAGES="$PACKAGES gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static
		  libhwloc-dev:arm64 libnuma-dev:arm64"
fi

if [ -n "$kernel" ]; then
	# Debian's headers for this kernel; elsewhere say what to get
	rel=$(uname -r)
	if [ -e "/lib/modules/$rel/build/Makefile" ]; then
		:
	elif apt-cache show "linux-headers-$rel" >/dev/null 2>&1; then
		PACKAGES="$PACKAGES linux-headers-$rel"
	else
		echo "install-deps: no package linux-headers-$rel here: install the headers of" \
		     "the running kernel $rel (they must match uname -r), or build with KDIR=" >&2
		[ -n "$check" ] || exit 1
		unpackaged=" linux-headers-$rel(no package)"
	fi
fi

missing="${unpackaged:-}"
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

if [ -n "$check" ]; then
	[ -z "$missing" ] && { echo "install-deps: nothing missing"; exit 0; }
	echo "install-deps: missing:$missing"
	exit 1
fi
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: no apt-get here; please install:$missing" \
	     "(or your distribution's hwloc, numactl/libnuma and gnuplot packages)" >&2
	exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install:$missing" >&2; exit 1; }
	SUDO=sudo
fi
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if [ "$cross" = arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "install-deps: adding the dpkg architecture arm64" >&2
	$SUDO dpkg --add-architecture arm64
fi
# apt's and dpkg's chatter goes to a log, shown only when something fails
log=$(mktemp "${TMPDIR:-/tmp}/install-deps.XXXXXX")
# shellcheck disable=SC2086
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing; } \
	>"$log" 2>&1; then
	tail -20 "$log" >&2
	echo "install-deps: apt-get failed (the lines above are the end of $log)" >&2
	exit 1
fi
rm -f "$log"
echo "install-deps: done" >&2
