#!/usr/bin/env bash
# Builds and launches the Tandem GUI. Without arguments it opens a local lab of real
# redis-server processes (1 master + 2 replicas); with arguments, they go to tandem, e.g.
#   installer/run.sh --connect redis://10.0.0.5:6379
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installer/deps.sh" build
"$root/installer/build.sh" -DTANDEM_BUILD_TESTS=OFF
build_dir=${BUILD_DIR:-$root/build}
if [ $# -eq 0 ]; then
    set -- --lab
fi
exec "$build_dir/app/tandem" "$@"
