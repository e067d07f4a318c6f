#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so keychain
# tests use a real Secret Service without touching the user's own keyring or needing a desktop.
#   with-keyring.sh PROGRAM [ARGS...]
# HOME and the XDG directories point into a temporary folder that is removed afterwards.
# A missing tool is a failure (exit 1), never a skip: a green run must have tested something.
set -u

missing=""
command -v dbus-run-session >/dev/null 2>&1 || missing="$missing dbus-run-session(dbus)"
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing="$missing gnome-keyring-daemon(gnome-keyring)"
if [ -n "$missing" ]; then
    echo "with-keyring.sh: not installed:$missing; run installer/deps.sh" \
         "(apt-get install dbus gnome-keyring libsecret-1-0)" >&2
    exit 1
fi
if [ $# -eq 0 ]; then
    echo "usage: with-keyring.sh PROGRAM [ARGS...]" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tandem-keyring.XXXXXX") || exit 1

# The daemon usually exits with the bus, but not if the bus goes away while it is still
# starting up. Stop the one started here, found by the unique runtime dir in its environment
# (never by name: other sessions on this machine may run their own).
cleanup() {
    for proc in /proc/[0-9]*; do
        [ "$(cat "$proc/comm" 2>/dev/null)" = "gnome-keyring-d" ] || continue
        if tr '\0' '\n' <"$proc/environ" 2>/dev/null | grep -qx "XDG_RUNTIME_DIR=$tmp/runtime"; then
            kill "${proc#/proc/}" 2>/dev/null
        fi
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
       XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime"
# Never reach the caller's session bus or a desktop's keyring by accident.
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL
# Tells the test it is inside a throwaway keyring (it refuses to write secrets elsewhere).
export TANDEM_KEYRING_SESSION=1

# --unlock reads the password from stdin and creates the default "login" keyring with it.
# The daemon's output goes to /dev/null so it does not hold ctest's pipe open after we exit.
dbus-run-session -- sh -c '
    printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || {
        echo "with-keyring.sh: gnome-keyring-daemon failed to start" >&2; exit 1; }
    exec "$@"' with-keyring "$@"
