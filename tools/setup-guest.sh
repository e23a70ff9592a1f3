#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side: Debian's Linux 6.12 (unpacked, never installed), the zcnic
# driver built with its kbuild, the static guest tests, and the initramfs.
#   tools/setup-guest.sh [kernel|driver|kscripts|tests|initramfs]   (default: all)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KDIR_ROOT=$ZCNIC_CACHE/kernel
GUEST=$ZCNIC_CACHE/guest

# ABI such as 6.12.117+deb12-amd64, from the meta package's dependency.
kernel_abi() {
    apt-cache depends "$ZCNIC_KERNEL_META" 2>/dev/null |
        sed -n 's/^ *Depends: linux-headers-\(6\.12\.[^ ]*-amd64\)$/\1/p' | head -n 1 || true
}

kernel() {
    step "guest kernel: resolve Linux 6.12 through $ZCNIC_KERNEL_META"
    local abi
    abi=$(kernel_abi)
    [ -n "$abi" ] || die "apt knows no $ZCNIC_KERNEL_META depending on linux-headers-6.12.*-amd64 (bookworm-security in the sources?)"
    local sys=$KDIR_ROOT/$abi
    if stamp_ok "$sys/.ready" "$abi" && [ -f "$sys/vmlinux" ]; then
        info "linux $abi already unpacked"
        echo "$abi" >"$KDIR_ROOT/abi"
        return
    fi
    local common kbuild
    common=$(apt-cache depends "linux-headers-$abi" | sed -n 's/^ *Depends: \(linux-headers-.*-common\)$/\1/p' | head -n 1 || true)
    kbuild=$(apt-cache depends "linux-headers-$abi" | sed -n 's/^ *Depends: \(linux-kbuild-.*\)$/\1/p' | head -n 1 || true)
    [ -n "$common" ] && [ -n "$kbuild" ] || die "cannot resolve the headers' dependencies of linux-headers-$abi"
    info "linux $abi ($common, $kbuild)"

    step "guest kernel: download image, headers and kbuild"
    local debs=$KDIR_ROOT/debs
    mkdir -p "$debs"
    (cd "$debs" && run_logged "$KDIR_ROOT/download.log" apt-get download -q \
        "linux-image-$abi-unsigned" "linux-headers-$abi" "$common" "$kbuild")

    step "guest kernel: unpack into $sys"
    rm -rf "$sys"
    mkdir -p "$sys"
    local pkg deb
    for pkg in "linux-image-$abi-unsigned" "linux-headers-$abi" "$common" "$kbuild"; do
        deb=$(ls -t "$debs/${pkg}_"*.deb 2>/dev/null | head -n 1)
        [ -n "$deb" ] || die "no .deb downloaded for $pkg"
        dpkg-deb -x "$deb" "$sys"
    done
    # The arch headers' Makefile includes the -common one by absolute path.
    local hdr=$sys/usr/src/linux-headers-$abi
    [ -f "$hdr/Makefile" ] || die "no $hdr/Makefile in linux-headers-$abi"
    sed -i "s|/usr/src/|$sys/usr/src/|g" "$hdr/Makefile"
    run_logged "$KDIR_ROOT/depmod.log" depmod -b "$sys" "$abi"

    step "guest kernel: extract the uncompressed vmlinux (PVH boot)"
    "$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/extract-vmlinux.py" \
        "$sys/boot/vmlinuz-$abi" "$sys/vmlinux" ||
        die "could not extract vmlinux from vmlinuz-$abi"
    stamp_set "$sys/.ready" "$abi"
    echo "$abi" >"$KDIR_ROOT/abi"
}

sysroot() {
    local abi
    abi=$(cat "$KDIR_ROOT/abi" 2>/dev/null) || die "run the kernel step first"
    echo "$KDIR_ROOT/$abi"
}

driver() {
    step "guest driver: build zcnic.ko with kbuild (gcc-12)"
    local sys abi out
    sys=$(sysroot)
    abi=$(basename "$sys")
    out=$ZCNIC_CACHE/driver-build
    # Objects built from another checkout are not ours to reuse.
    stamp_ok "$out/.zcnic-root" "$ZCNIC_ROOT" || rm -rf "$out"
    mkdir -p "$out"
    stamp_set "$out/.zcnic-root" "$ZCNIC_ROOT"
    # Build out of the repository: link the sources, kbuild writes beside them.
    local f
    for f in "$ZCNIC_ROOT"/guest-driver/*; do
        ln -sfn "$f" "$out/$(basename "$f")"
    done
    run_logged "$ZCNIC_CACHE/logs/driver-build.log" \
        make -C "$sys/usr/src/linux-headers-$abi" M="$out" \
        ZCNIC_INCLUDE="$ZCNIC_ROOT/include" CC=gcc-12 modules
    [ -f "$out/zcnic.ko" ] || die "kbuild produced no zcnic.ko"
    if grep -qi 'warning:' "$ZCNIC_CACHE/logs/driver-build.log"; then
        grep -i 'warning:' "$ZCNIC_CACHE/logs/driver-build.log" | grep -v 'BTF\|vmlinux' >&2 || true
    fi
}

tests() {
    step "guest tests: static programs"
    local out=$ZCNIC_CACHE/guest-tests-build
    stamp_ok "$out/.zcnic-root" "$ZCNIC_ROOT" || rm -rf "$out"
    mkdir -p "$out"
    stamp_set "$out/.zcnic-root" "$ZCNIC_ROOT"
    run_logged "$ZCNIC_CACHE/logs/guest-tests-build.log" \
        make -C "$ZCNIC_ROOT/guest-tests" O="$out" \
        CFLAGS_EXTRA="-I$ZCNIC_ROOT/include"
}

initramfs() {
    step "guest: initramfs (busybox, driver, tests, ethtool/ip/iperf3/tcpdump)"
    local sys abi
    sys=$(sysroot)
    abi=$(basename "$sys")
    "$ZCNIC_ROOT/tools/mkinitramfs.sh" "$sys" "$abi" \
        "$ZCNIC_CACHE/driver-build/zcnic.ko" "$ZCNIC_CACHE/guest-tests-build" \
        "$GUEST/initrd.gz"
    ln -sfn "$sys/vmlinux" "$GUEST/vmlinux"
    info "$GUEST/vmlinux, $GUEST/initrd.gz ($(du -h "$GUEST/initrd.gz" | cut -f1))"
}

# The kernel's checkpatch.pl and kernel-doc, from Debian's linux-source-6.12
# (downloaded, never installed): unit/test-checkpatch.sh runs them.
kscripts() {
    step "guest driver: checkpatch.pl and kernel-doc from linux-source-6.12"
    local out=$ZCNIC_CACHE/kernel-scripts ver
    ver=$(apt-cache policy linux-source-6.12 2>/dev/null |
          sed -n 's/^ *Candidate: //p')
    [ -n "$ver" ] && [ "$ver" != "(none)" ] ||
        die "apt knows no linux-source-6.12 (bookworm-security in the sources?)"
    if stamp_ok "$out/.ready" "$ver" && [ -x "$out/scripts/checkpatch.pl" ]; then
        info "linux-source-6.12 $ver scripts already unpacked"
        return
    fi
    local debs=$KDIR_ROOT/debs deb
    mkdir -p "$debs"
    (cd "$debs" && run_logged "$KDIR_ROOT/download.log" apt-get download -q \
        linux-source-6.12)
    deb=$(ls -t "$debs"/linux-source-6.12_*.deb | head -n 1)
    rm -rf "$out"
    mkdir -p "$out"
    dpkg-deb --fsys-tarfile "$deb" |
        tar -xO --wildcards './usr/src/linux-source-6.12.tar.*' |
        tar -xJ -C "$out" --strip-components=1 --wildcards \
            '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
            '*/scripts/const_structs.checkpatch' '*/scripts/kernel-doc'
    [ -x "$out/scripts/checkpatch.pl" ] || die "no checkpatch.pl in $deb"
    stamp_set "$out/.ready" "$ver"
    info "$out/scripts: checkpatch.pl, kernel-doc ($ver)"
}

mkdir -p "$ZCNIC_CACHE/logs" "$GUEST"
case "${1:-all}" in
    kscripts) kscripts ;;
    kernel) kernel ;;
    driver) driver ;;
    tests) tests ;;
    initramfs) initramfs ;;
    all) kernel; driver; kscripts; tests; initramfs ;;
    *) die "usage: $0 [kernel|driver|kscripts|tests|initramfs]" ;;
esac
