#!/usr/bin/env bash
# Builds and runs the benchmarks under tests/bench. Each prints ratios against a baseline
# measured in the same run (absolute times on shared machines are not stable).
# BENCH_ONLY=switchover runs one of them; extra arguments go to every benchmark run, and
# SWITCHOVER_ARGS (e.g. "--runs 30 --json") only to bench_switchover, which compares the
# coordinated promote, the FAILOVER command and the naive procedure under a full-speed writer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installer/deps.sh" bench
"$root/installer/build.sh" -DTANDEM_BUILD_BENCH=ON
build_dir=${BUILD_DIR:-$root/build}
only=${BENCH_ONLY:-}
status=0
for bench in "$build_dir"/tests/bench/bench_*; do
    [ -x "$bench" ] || continue
    name=$(basename "$bench")
    [ -z "$only" ] || [ "$name" = "bench_$only" ] || continue
    args=("$@")
    if [ "$name" = bench_switchover ] && [ -n "${SWITCHOVER_ARGS:-}" ]; then
        read -r -a extra <<<"$SWITCHOVER_ARGS"
        args+=("${extra[@]}")
    fi
    echo "== $name"
    "$bench" "${args[@]}" || status=$?
done
exit $status
