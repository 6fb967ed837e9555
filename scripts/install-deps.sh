#!/bin/sh
# SPDX-License-Identifier: MIT
# Install what fencebench needs to build and plot: a C compiler, make,
# pkg-config, hwloc and libnuma (development files) and gnuplot.
#   scripts/install-deps.sh          install what is missing (Debian/Ubuntu)
#   scripts/install-deps.sh --check  only say what is missing; exit 1 if anything is
#   EXTRA_PACKAGES="..." adds packages (CI uses it for clang, qemu, ...)
set -eu

PACKAGES="build-essential pkg-config libhwloc-dev libnuma-dev gnuplot-nox ${EXTRA_PACKAGES:-}"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

if [ "${1:-}" = "--check" ]; then
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
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
