#!/usr/bin/env bash
# Configures and builds Tandem into ${BUILD_DIR:-build}. Extra arguments go to cmake.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
start=$(date +%s)
cmake -S "$root" -B "$build_dir" -G Ninja "$@" >/dev/null
cmake --build "$build_dir" -j"${JOBS:-2}"
echo "build took $(( $(date +%s) - start )) s"
