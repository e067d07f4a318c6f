#!/usr/bin/env bash
# Fails when the build or the tests use something installer/deps.sh does not install.
#
# A fresh Debian 12 machine has the Essential packages and apt; deps.sh adds its list with
# --no-install-recommends. So whatever the build found and the tests start must come from a
# package in the hard-dependency closure (Depends, Pre-Depends; never Recommends) of those.
# Checked, each by asking dpkg which package owns the file:
#   - every package configuration CMake found (the *_DIR entries of CMakeCache.txt),
#   - every pkg-config module CMake asked for, and every file CMake cached (FILEPATH),
#   - every program the tests start: the names tests/ asks TestEnv for, plus the tools the
#     test scripts run.
# A machine with more installed (as a developer's usually has) passes only if the list is right.
#
#   installer/check-deps.sh [--build-dir DIR | --cache FILE] [--packages "P..."]
#                           [--programs "NAME..."] [--mode build|test]
# --packages replaces deps.sh's list, --programs the programs (tests use both to show the
# checker fails). Exit 0: all accounted for; 1: something is not (each named on stderr);
# 2: usage or no dpkg.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

cache=""
build_dir=${BUILD_DIR:-$root/build}
packages=""
programs=""
programs_given=0
mode=test
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) build_dir=$2; shift 2 ;;
        --cache) cache=$2; shift 2 ;;
        --packages) packages=$2; shift 2 ;;
        --programs) programs=$2; programs_given=1; shift 2 ;;
        --mode) mode=$2; shift 2 ;;
        *) echo "usage: $0 [--build-dir DIR | --cache FILE] [--packages \"P...\"] [--programs \"NAME...\"] [--mode build|test]" >&2
           exit 2 ;;
    esac
done
[ -n "$cache" ] || cache=$build_dir/CMakeCache.txt
if ! command -v dpkg-query >/dev/null; then
    echo "check-deps: dpkg-query not found: this check runs on Debian" >&2
    exit 2
fi
if [ ! -r "$cache" ]; then
    echo "check-deps: no CMake cache at $cache (build first)" >&2
    exit 2
fi
[ -n "$packages" ] || packages=$("$root/installer/deps.sh" --list "$mode" | tr '\n' ' ')

# The programs the tests start. TestEnv::requireBinary/findBinary name them in the sources;
# the shell wrappers and the screenshot tooling run the rest.
if [ $programs_given -eq 0 ]; then
    programs=$(grep -rhoE '(requireBinary|findBinary)\(QStringLiteral\("[^"]+"\)' "$root/tests" \
                   | sed -E 's/.*\("([^"]+)"\)/\1/' | sort -u | tr '\n' ' ')
    programs+=" sh dbus-run-session gnome-keyring-daemon Xvfb xauth import"
fi

# --- the closure -----------------------------------------------------------------------
# One pass over dpkg's status: name, Essential, Provides and the hard dependencies of every
# installed package. An alternative (a | b) counts as the first one installed, as apt picks.
closure=$(dpkg-query -W -f='${Package}\t${Status}\t${Essential}\t${Provides}\t${Pre-Depends}, ${Depends}\n' \
    | awk -F'\t' -v roots="$packages apt" '
    function bare(s) { sub(/^[ \t]+/, "", s); sub(/[ \t(].*$/, "", s); sub(/:.*$/, "", s); return s }
    $2 !~ /install ok installed/ { next }
    {
        pkg = $1; installed[pkg] = 1; deps[pkg] = $5
        if ($3 == "yes") essential[pkg] = 1
        n = split($4, pv, ",")
        for (i = 1; i <= n; i++) { v = bare(pv[i]); if (v != "" && !(v in provider)) provider[v] = pkg }
    }
    function resolve(name) {
        if (name in installed) return name
        if (name in provider) return provider[name]
        return ""
    }
    function add(p) { if (p != "" && !(p in seen)) { seen[p] = 1; queue[++qn] = p } }
    END {
        n = split(roots, r, " ")
        for (i = 1; i <= n; i++) add(resolve(r[i]))
        for (p in essential) add(p)
        for (qi = 1; qi <= qn; qi++) {
            m = split(deps[queue[qi]], d, ",")
            for (j = 1; j <= m; j++) {
                k = split(d[j], alt, "|")
                for (a = 1; a <= k; a++) {
                    got = resolve(bare(alt[a]))
                    if (got != "") { add(got); break }
                }
            }
        }
        for (p in seen) print p
    }')
declare -A in_closure=()
while read -r p; do in_closure[$p]=1; done <<<"$closure"
# A root that is not installed here cannot vouch for anything; say so rather than guess.
for p in $packages; do
    if [ -z "${in_closure[$p]:-}" ]; then
        echo "check-deps: deps.sh lists $p, which is not installed on this machine" >&2
    fi
done

# --- what the build and the tests use ------------------------------------------------
cache_dir=$(cd "$(dirname "$cache")" && pwd)
source_dir=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$cache")
[ -n "$source_dir" ] || source_dir=$root
ninja_files=""
if [ -f "$cache_dir/build.ninja" ]; then
    ninja_files="$cache_dir/build.ninja"
    [ -f "$cache_dir/CMakeFiles/rules.ninja" ] && ninja_files+=" $cache_dir/CMakeFiles/rules.ninja"
fi
# what[i] says who needs it, file[i] is the file that must come from a package.
what=()
file=()
need() { what+=("$1"); file+=("$2"); }

while IFS= read -r line; do
    case "$line" in
        \#*|//*|"") continue ;;
    esac
    key=${line%%:*}
    value=${line#*=}
    type=${line#*:}; type=${type%%=*}
    if [[ $key == *_DIR && $type == PATH && -d $value ]]; then
        # A package configuration directory: its *Config.cmake / *-config.cmake names it.
        for f in "$value"/*[Cc]onfig.cmake; do
            [[ -f $f && $f != *[Vv]ersion.cmake ]] || continue
            need "CMake package ${key%_DIR}" "$f"
            break
        done
    elif [[ $key == __pkg_config_arguments_* ]]; then
        IFS=';' read -r -a args <<<"$value"
        for m in "${args[@]}"; do
            case "$m" in REQUIRED|QUIET|IMPORTED_TARGET|GLOBAL|NO_CMAKE_PATH|NO_CMAKE_ENVIRONMENT_PATH|"") continue ;; esac
            m=${m%%[<>=]*}
            pc=$(pkg-config --path "$m" 2>/dev/null || true)
            if [ -n "$pc" ]; then need "pkg-config module $m" "$pc"; else need "pkg-config module $m" "(not found by pkg-config)"; fi
        done
    elif [[ $type == FILEPATH && -f $value && $value != "$cache_dir"/* && $value != "$source_dir"/* ]]; then
        # Optional finds (FindOpenGL's GLU, say) land in the cache too; with the build's
        # ninja files at hand, only what a compile or link line names counts.
        if [ -z "$ninja_files" ] || grep -qF -- "$value" $ninja_files; then
            need "CMake's $key" "$value"
        fi
    fi
done <"$cache"

# Every header a compile read, as recorded by ninja: an #include of a package nobody
# installs compiles here and nowhere else.
if [ -n "$ninja_files" ] && command -v ninja >/dev/null; then
    while read -r header; do
        need "#include" "$header"
    done < <(ninja -C "$cache_dir" -t deps 2>/dev/null | awk '/^    \// { print $1 }' | sort -u \
             | grep -v -e "^$source_dir/" -e "^$cache_dir/")
fi

for prog in $programs; do
    path=$(PATH="$PATH:/usr/sbin:/sbin" command -v "$prog" 2>/dev/null || true)
    need "program $prog (tests)" "${path:-(not installed)}"
done

# --- owners --------------------------------------------------------------------------
# The same file can be reached through an alternatives link or the merged /usr; try the path
# as given, then its real path, then the other half of the /usr merge.
variants() {
    local p=$1 r
    echo "$p"
    r=$(readlink -f "$p" 2>/dev/null || true)
    [ -n "$r" ] && echo "$r"
    for q in "$p" "$r"; do
        case "$q" in
            /usr/lib/*|/usr/bin/*|/usr/sbin/*) echo "${q#/usr}" ;;
            /lib/*|/bin/*|/sbin/*|/lib64/*) echo "/usr$q" ;;
        esac
    done
}
# dpkg's file lists, read once, answer for every path at a time.
declare -A owner=()
wanted=$(mktemp)
trap 'rm -f "$wanted"' EXIT
for f in "${file[@]}"; do
    if [[ $f == /* ]]; then variants "$f"; fi
done | awk 'NF && !seen[$0]++' >"$wanted"
while IFS=$'\t' read -r path pkgs; do
    owner[$path]=$pkgs
done < <(awk -v OFS='\t' '
    FNR == NR { want[$0] = 1; next }
    FNR == 1 { pkg = FILENAME; sub(/^.*\//, "", pkg); sub(/\.list$/, "", pkg); sub(/:.*$/, "", pkg) }
    ($0 in want) { prev = ($0 in owners) ? owners[$0] " " : ""; owners[$0] = prev pkg }
    END { for (p in owners) print p, owners[p] }' "$wanted" /var/lib/dpkg/info/*.list)

status=0
for i in "${!file[@]}"; do
    f=${file[$i]}
    if [[ $f != /* ]]; then
        echo "check-deps: ${what[$i]}: $f" >&2
        status=1
        continue
    fi
    owners=""
    while read -r v; do
        if [ -n "${owner[$v]:-}" ]; then owners=${owner[$v]}; break; fi
    done < <(variants "$f")
    if [ -z "$owners" ]; then
        echo "check-deps: ${what[$i]} uses $f, which no Debian package installed (a hand-made install deps.sh cannot repeat)" >&2
        status=1
        continue
    fi
    ok=0
    for o in $owners; do
        [ -n "${in_closure[$o]:-}" ] && ok=1
    done
    if [ $ok -eq 0 ]; then
        echo "check-deps: ${what[$i]} uses $f from package ${owners// / or }, which installer/deps.sh does not install (add it to the list there)" >&2
        status=1
    fi
done
if [ $status -eq 0 ]; then
    echo "check-deps: ${#file[@]} files the build and tests use all come from what installer/deps.sh installs"
fi
exit $status
