#!/usr/bin/env bash
# Builds Tandem with warnings as errors and runs the whole test suite (unit, integration
# with real redis-server/sshd/TLS, offscreen GUI). Extra arguments go to ctest, e.g. -L unit.
# Before the tests, installer/check-deps.sh fails the run if the build or the tests use
# anything installer/deps.sh does not install (a fresh machine would not have it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installer/deps.sh" test
"$root/installer/build.sh" -DTANDEM_BUILD_TESTS=ON -DTANDEM_WERROR=ON
build_dir=${BUILD_DIR:-$root/build}
"$root/installer/check-deps.sh" --build-dir "$build_dir" --mode test
start=$(date +%s)
status=0
ctest --test-dir "$build_dir" --output-on-failure -j"${JOBS:-2}" "$@" || status=$?
echo "test suite took $(( $(date +%s) - start )) s"
exit $status
