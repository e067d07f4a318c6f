#!/usr/bin/env bash
# Installs what Tandem needs on Debian 12, idempotently: nothing is fetched when every
# package is already there.
#   installer/deps.sh build|test|bench|package          install the packages for that use
#   installer/deps.sh --list build|test|bench|package   print them, one a line (installer/check-deps.sh
#                                               checks the build and the tests need nothing else)
# Packages go in with --no-install-recommends, so every package the build or the tests use
# must be named here or be a hard dependency (Depends, Pre-Depends) of one named here.
set -euo pipefail

build_pkgs=(build-essential cmake ninja-build pkg-config git
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-qpa-plugins libgl1-mesa-dev
    libhiredis-dev libssh-dev libssl-dev qtkeychain-qt6-dev libsecret-1-0 zlib1g-dev
    redis-server redis-tools)
# Making and checking the .debs (installer/package.sh, the package test): dpkg-shlibdeps,
# file (CPack finds the binaries with it), lintian, desktop-file-validate, appstreamcli.
package_pkgs=(dpkg-dev file lintian desktop-file-utils appstream)
test_pkgs=("${package_pkgs[@]}" redis-sentinel openssh-server openssh-client socat iproute2 procps passwd openssl
    xvfb xauth imagemagick dbus dbus-x11 gnome-keyring graphviz)

list=0
if [ "${1:-}" = --list ]; then
    list=1
    shift
fi
case "${1:-build}" in
    build) pkgs=("${build_pkgs[@]}") ;;
    test|bench) pkgs=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
    package) pkgs=("${build_pkgs[@]}" "${package_pkgs[@]}") ;;
    *) echo "usage: $0 [--list] build|test|bench|package" >&2; exit 2 ;;
esac
if [ $list -eq 1 ]; then
    printf '%s\n' "${pkgs[@]}"
    exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The Debian redis-server package starts a service on 6379 where an init system runs;
# Tandem never needs it, its labs and tests start their own servers.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
