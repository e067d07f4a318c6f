#!/usr/bin/env bash
# Builds Tandem for release and makes the Debian packages tandem (GUI) and tandemctl (command
# line) in dist/, then checks them with lintian.
#
#   installer/package.sh [--no-lintian] [extra cmake arguments]
#
# The build lands in ${BUILD_DIR:-build-package} (its own tree: Release with Debian's
# hardening flags, no tests), JOBS sets parallelism (default 2), DIST_DIR the output folder.
# Install the result with: apt-get install ./dist/*.deb
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lintian=1
if [ "${1:-}" = --no-lintian ]; then
    lintian=0
    shift
fi
export BUILD_DIR=${BUILD_DIR:-$root/build-package}
dist=${DIST_DIR:-$root/dist}

"$root/installer/deps.sh" package
start=$(date +%s)
# The hardening flags Debian builds its own packages with (fortify, stack protector, relro,
# bindnow); optimisation stays CMake's Release setting and the debug info it would strip
# anyway is not produced.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CXXFLAGS_MAINT_STRIP="-g -O2"
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
export CXXFLAGS LDFLAGS
"$root/installer/build.sh" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DTANDEM_BUILD_TESTS=OFF "$@"

mkdir -p "$dist"
rm -f "$dist"/tandem_*.deb "$dist"/tandemctl_*.deb
(cd "$BUILD_DIR" && cpack -G DEB -B "$BUILD_DIR/cpack" >/dev/null)
cp "$BUILD_DIR"/cpack/*.deb "$dist/"
echo "packages in $dist ($(( $(date +%s) - start )) s):"
for deb in "$dist"/tandem_*.deb "$dist"/tandemctl_*.deb; do
    printf '  %s  %s KiB\n' "$(basename "$deb")" "$(( $(stat -c %s "$deb") / 1024 ))"
done
if [ $lintian -eq 1 ]; then
    # Errors fail the run; the README lists the warnings that remain and why.
    lintian --fail-on error --tag-display-limit 0 "$dist"/tandem_*.deb "$dist"/tandemctl_*.deb
fi
