#!/usr/bin/env bash
# Tries the README's two commands as a newcomer would: in a clean Debian 12 root with nothing
# but the Essential packages, apt and ca-certificates, on a copy of the committed tree
# (git archive HEAD), as root. Needs root, mmdebstrap and network access to the Debian mirror.
#
#   installer/fresh-debian.sh [--keep] [--no-run] [--no-test] [--mirror URL] [--ctest "ARGS"]
#   installer/fresh-debian.sh --packages [DIR] [--keep] [--mirror URL]
#
# 1. mmdebstrap --variant=apt --include=ca-certificates bookworm, unpacked, /proc /sys /dev bound;
# 2. installer/run.sh: builds and starts the GUI on its lab under Xvfb (the screenshot harness
#    alone installs xvfb and imagemagick first); a screenshot is saved and the window checked;
# 3. CI=true installer/test.sh: builds and passes every test (check-deps included).
# Logs, timings and the screenshot land in the work folder it prints; --keep keeps the root.
#
# --packages instead installs the .debs of DIR (default dist/; installer/package.sh makes them
# when there are none) as the README says, `apt-get install ./dist/*.deb`, and checks
# `tandem --version`, `tandemctl --version`, `tandemctl help`, `tandemctl lab` and the GUI
# starting offscreen on its lab (it stays up, its redis-server processes run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
keep=0 do_run=1 do_test=1 mirror="" ctest_args="" debs=""
while [ $# -gt 0 ]; do
    case "$1" in
        --packages)
            do_run=0 do_test=0 debs=$root/dist
            if [ $# -gt 1 ] && [ "${2#-}" = "$2" ]; then debs=$(cd "$2" && pwd); shift; fi
            shift ;;
        --keep) keep=1; shift ;;
        --no-run) do_run=0; shift ;;
        --no-test) do_test=0; shift ;;
        --mirror) mirror=$2; shift 2 ;;
        --ctest) ctest_args=$2; shift 2 ;;
        *) echo "usage: $0 [--keep] [--no-run] [--no-test] [--packages [DIR]] [--mirror URL] [--ctest \"ARGS\"]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian.sh: run as root (chroot and bind mounts)" >&2; exit 2; }
command -v mmdebstrap >/dev/null || { echo "fresh-debian.sh: apt-get install mmdebstrap" >&2; exit 2; }
if [ -n "$debs" ] && ! ls "$debs"/tandem_*.deb "$debs"/tandemctl_*.deb >/dev/null 2>&1; then
    echo "no packages in $debs: making them with installer/package.sh"
    DIST_DIR=$debs "$root/installer/package.sh"
fi

work=$(mktemp -d /var/tmp/tandem-fresh.XXXXXX)
fs=$work/root
echo "work folder: $work"
umount_all() {
    if mountpoint -q "$fs"; then umount -R -l "$fs"; fi
}
# The processes running inside the root, by name (all of them without one). The root shares
# this machine's process table: pgrep/pkill inside it would see and hit every process here.
pids_in_root() {
    local proc
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/root" 2>/dev/null)" = "$fs" ] || continue
        [ -z "${1:-}" ] || [ "$(cat "$proc/comm" 2>/dev/null)" = "$1" ] || continue
        echo "${proc#/proc/}"
    done
}
stop_in_root() {  # stop_in_root NAME...
    local name pid
    for name in "$@"; do
        for pid in $(pids_in_root "$name"); do kill "$pid" 2>/dev/null || true; done
    done
}
cleanup() {
    # Stop whatever the check left running inside the root before its mounts go.
    for pid in $(pids_in_root); do kill -9 "$pid" 2>/dev/null; done
    umount_all
    if [ $keep -eq 0 ]; then rm -rf "$fs" "$work/root.tar"; fi
}
trap cleanup EXIT

stamp() { date +%s; }
t0=$(stamp)
mmdebstrap --quiet --variant=apt --include=ca-certificates bookworm "$work/root.tar" ${mirror:+"$mirror"}
mkdir -p "$fs"
tar -C "$fs" -xf "$work/root.tar"
# What a real machine has and a chroot lacks: / is a mount point (ip netns exec, used by the
# SSH tests, remounts it), /proc /sys /dev, a resolver, and /etc/hosts naming localhost
# (mmdebstrap writes none; installers and container runtimes do).
mount --bind "$fs" "$fs"
for m in proc sys dev; do
    mkdir -p "$fs/$m"
    mount --rbind "/$m" "$fs/$m"
done
cp /etc/resolv.conf "$fs/etc/resolv.conf"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$fs/etc/hosts"
# As in any chroot: packages must not start their services (redis-server's would listen on
# this machine's port 6379). Tandem never needs them.
printf '#!/bin/sh\nexit 101\n' >"$fs/usr/sbin/policy-rc.d"
chmod 755 "$fs/usr/sbin/policy-rc.d"
mkdir -p "$fs/src"
git -C "$root" archive HEAD | tar -C "$fs/src" -x
echo "root ready in $(( $(stamp) - t0 )) s"

inroot() {
    chroot "$fs" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

status=0
if [ -n "$debs" ]; then
    mkdir -p "$fs/dist"
    cp "$debs"/tandem_*.deb "$debs"/tandemctl_*.deb "$fs/dist/"
    for deb in "$fs"/dist/*.deb; do
        echo "$(basename "$deb"): $(( $(stat -c %s "$deb") / 1024 )) KiB, Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB"
    done
    t=$(stamp)
    if inroot sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y ./dist/*.deb' \
        >"$work/packages-apt.log" 2>&1; then
        echo "apt-get install ./dist/*.deb: $(( $(stamp) - t )) s"
        grep -E '^(Need to get|After this operation)|newly installed' "$work/packages-apt.log" || true
    else
        echo "apt-get install ./dist/*.deb FAILED; see $work/packages-apt.log" >&2
        tail -20 "$work/packages-apt.log" >&2
        exit 1
    fi
    check() {  # check WHAT COMMAND...: runs it in the root, shows the first lines
        local what=$1 out rc=0
        shift
        out=$(inroot "$@" 2>&1) || rc=$?
        if [ $rc -eq 0 ]; then
            echo "ok: $what: $(printf '%s' "$out" | head -1)"
        else
            echo "FAILED ($rc): $what" >&2
            printf '%s\n' "$out" | tail -20 >&2
            status=1
        fi
    }
    check "tandem --version" tandem --version
    check "tandemctl --version" tandemctl --version
    check "tandemctl help" sh -c 'tandemctl help | grep -q "export bundle" && tandemctl help | head -1'
    check "man tandemctl" sh -c 'gzip -dc /usr/share/man/man1/tandemctl.1.gz | grep -c "^\.TP" | sed "s/$/ entries/"'
    check "tandemctl lab up" tandemctl lab up --dir /tmp/cli-lab
    n=$(pids_in_root redis-server | wc -l)
    check "tandemctl lab down" tandemctl lab down --dir /tmp/cli-lab
    sleep 1
    echo "tandemctl lab: $n redis-server processes up, $(pids_in_root redis-server | wc -l) left after down"
    [ "$n" -ge 3 ] || status=1
    stop_in_root redis-server
    # The GUI with no display: up for 8 s on its lab, then stopped by timeout (exit 124).
    inroot sh -c 'QT_QPA_PLATFORM=offscreen exec timeout 8 tandem --lab' >"$work/gui.log" 2>&1 &
    gui_pid=$!
    sleep 6
    n=$(pids_in_root redis-server | wc -l)
    rc=0
    wait $gui_pid || rc=$?
    sleep 1
    echo "tandem --lab offscreen: exit $rc after 8 s (124: still running when timeout stopped it)," \
         "$n redis-server processes of its lab at 6 s, $(pids_in_root redis-server | wc -l) left after it quit"
    if [ $rc -ne 124 ] || [ "$n" -lt 3 ]; then
        echo "FAILED: tandem --lab offscreen; see $work/gui.log" >&2
        tail -20 "$work/gui.log" >&2
        status=1
    fi
    stop_in_root redis-server
fi
if [ $do_run -eq 1 ]; then
    # The display and the camera are the harness's, not Tandem's: installed before run.sh.
    inroot sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb imagemagick x11-utils' \
        >"$work/harness-apt.log" 2>&1
    inroot sh -c 'Xvfb :42 -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &'
    t=$(stamp)
    inroot sh -c 'cd /src && DISPLAY=:42 exec installer/run.sh' >"$work/run.log" 2>&1 &
    run_pid=$!
    # run.sh installs, builds, then starts tandem: wait for its window.
    shown=0
    for _ in $(seq 1 1800); do
        if inroot sh -c 'DISPLAY=:42 xwininfo -root -children 2>/dev/null | grep -q "Tandem"'; then
            shown=1
            break
        fi
        kill -0 $run_pid 2>/dev/null || break
        sleep 1
    done
    if [ $shown -eq 1 ]; then
        echo "run.sh: window up $(( $(stamp) - t )) s after start (install + build + launch)"
        build_line=$(grep -m1 -o 'build took [0-9]* s' "$work/run.log" || true)
        [ -n "$build_line" ] && echo "run.sh: $build_line"
        sleep 8  # let the lab's first poll draw the topology
        inroot sh -c 'DISPLAY=:42 import -window root /tmp/run-shot.png'
        cp "$fs/tmp/run-shot.png" "$work/run-shot.png"
        echo "screenshot: $work/run-shot.png"
    else
        echo "run.sh: no Tandem window appeared; see $work/run.log" >&2
        tail -20 "$work/run.log" >&2
        status=1
    fi
    kill $run_pid 2>/dev/null || true
    stop_in_root tandem Xvfb redis-server
    wait $run_pid 2>/dev/null || true
fi

if [ $do_test -eq 1 ]; then
    t=$(stamp)
    # shellcheck disable=SC2086
    if inroot sh -c "cd /src && CI=true installer/test.sh $ctest_args" >"$work/test.log" 2>&1; then
        echo "test.sh: passed in $(( $(stamp) - t )) s"
    else
        echo "test.sh: FAILED after $(( $(stamp) - t )) s; see $work/test.log" >&2
        tail -40 "$work/test.log" >&2
        status=1
    fi
    grep -E 'tests passed|test suite took|check-deps:' "$work/test.log" || true
fi
exit $status
