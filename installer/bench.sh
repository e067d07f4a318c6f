#!/usr/bin/env bash
# Builds and runs the benchmarks under tests/bench. Each prints ratios against a baseline
# measured in the same run (absolute times on shared machines are not stable).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installer/deps.sh" bench
"$root/installer/build.sh" -DTANDEM_BUILD_BENCH=ON
build_dir=${BUILD_DIR:-$root/build}
status=0
for bench in "$build_dir"/tests/bench/bench_*; do
    [ -x "$bench" ] || continue
    echo "== $(basename "$bench")"
    "$bench" "$@" || status=$?
done
exit $status
