# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the zcnic build/boot tooling (sourced, not run).

ZCNIC_ROOT=${ZCNIC_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
ZCNIC_CACHE=${ZCNIC_CACHE:-$HOME/.cache/zcnic}
ZCNIC_QEMU_SERIES=${ZCNIC_QEMU_SERIES:-10.0}
ZCNIC_KERNEL_META=${ZCNIC_KERNEL_META:-linux-headers-6.12-amd64}
export CCACHE_DIR=${CCACHE_DIR:-$ZCNIC_CACHE/ccache}

# Tools must see Debian's python (meson lives there), not a pyenv one.
ZCNIC_PYTHON=/usr/bin/python3

ZCNIC_STEP=""

# Print a progress line and remember the step name for error messages.
step() {
    ZCNIC_STEP=$1
    printf '\033[1m==> %s\033[0m\n' "$1" >&2
}

info() {
    printf '    %s\n' "$*" >&2
}

# Fail naming the step that failed.
die() {
    if [ -n "$ZCNIC_STEP" ]; then
        printf 'zcnic: step "%s" failed: %s\n' "$ZCNIC_STEP" "$*" >&2
    else
        printf 'zcnic: %s\n' "$*" >&2
    fi
    exit 1
}

# Run a command, keeping its output in a log; on failure show the tail and die.
run_logged() {
    local log=$1
    shift
    mkdir -p "$(dirname "$log")"
    if ! "$@" >"$log" 2>&1; then
        tail -n 25 "$log" >&2
        die "'$*' exited non-zero (full log: $log)"
    fi
}

need_root() {
    [ "$(id -u)" = 0 ] || die "must run as root (it installs Debian packages)"
}

# Stamp files: a step is skipped when its stamp holds the same key.
stamp_ok() {
    [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

stamp_set() {
    mkdir -p "$(dirname "$1")"
    printf '%s\n' "$2" >"$1"
}
