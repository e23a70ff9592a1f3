#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Host set-up: apt sources (own files) and the Debian packages zcnic needs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(
    # QEMU build
    build-essential dpkg-dev ninja-build pkg-config python3-venv
    libglib2.0-dev zlib1g-dev libslirp-dev ccache
    # QEMU runtime firmware
    seabios ipxe-qemu qemu-system-data
    # guest kernel module build and initramfs
    gcc-12 dwarves kmod cpio zstd xz-utils busybox-static
    # the current kernel's build chroot (trixie: gcc-14, glibc 2.41); git
    # applies tools/patches to the sources it builds
    debootstrap git
    # parser fuzzing (libFuzzer); the guest's XDP programs (BPF) and their
    # loader, libbpf and libxdp linked in statically
    clang libclang-rt-14-dev libbpf-dev libxdp-dev libelf-dev libzstd-dev
    # tools copied into the guest; the kernel's selftests run on python3
    ethtool iproute2 iperf3 tcpdump python3-yaml socat iputils-ping
    # ./zcnic bench plots
    gnuplot-nox
)
BACKPORTS_PACKAGES=(meson)

SRC_LIST=/etc/apt/sources.list.d/zcnic.sources

write_sources() {
    local want
    want=$(cat <<'SRC'
# Written by zcnic (tools/setup-host.sh).
# trixie: source packages only (QEMU 10.0 is built from Debian's source).
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

# bookworm-backports: meson >= 1.5 for QEMU 10.0.
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
)
    if [ -f "$SRC_LIST" ] && [ "$(cat "$SRC_LIST")" = "$want" ]; then
        return 1
    fi
    printf '%s\n' "$want" >"$SRC_LIST"
    return 0
}

meson_ok() {
    local v
    v=$(/usr/bin/meson --version 2>/dev/null) || return 1
    dpkg --compare-versions "$v" ge 1.5
}

main() {
    need_root
    step "host: apt sources"
    local changed=0
    if write_sources; then
        changed=1
        info "wrote $SRC_LIST"
    fi
    local missing=()
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    meson_ok || missing+=("meson(backports)")

    # Source lists go stale; refresh once a day or when something is missing.
    local lists_stamp=$ZCNIC_CACHE/stamps/apt-update
    if [ "$changed" = 1 ] || [ ${#missing[@]} -gt 0 ] ||
       [ -z "$(find "$lists_stamp" -mmin -1440 2>/dev/null)" ]; then
        step "host: apt-get update"
        # Other sources on the machine may be unreachable: that is not ours to fail on,
        # but trixie's sources and backports must have arrived.
        apt-get update -q >"$ZCNIC_CACHE/apt-update.log" 2>&1 || true
        apt-cache showsrc qemu 2>/dev/null | grep -q '^Version: 1' ||
            die "no source package list for trixie after apt-get update (see $ZCNIC_CACHE/apt-update.log)"
        stamp_set "$lists_stamp" "$(date +%F)"
    fi

    if [ ${#missing[@]} -gt 0 ]; then
        step "host: install packages (${missing[*]})"
        export DEBIAN_FRONTEND=noninteractive
        run_logged "$ZCNIC_CACHE/logs/apt-install.log" \
            apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
        meson_ok || run_logged "$ZCNIC_CACHE/logs/apt-install-bpo.log" \
            apt-get install -y -q --no-install-recommends -t bookworm-backports \
            "${BACKPORTS_PACKAGES[@]}"
        meson_ok || die "meson >= 1.5 is not installed (bookworm-backports)"
    else
        info "all packages present"
    fi
}

mkdir -p "$ZCNIC_CACHE"
main "$@"
