#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side, for each guest kernel (lts: Debian 12's Linux 6.12; current:
# trixie-backports' newest), unpacked, never installed: the zcnic
# driver built with its kbuild, the static guest tests, and the initramfs.
#   tools/setup-guest.sh [--kernel lts|current|PATH] [kernel|driver|kscripts|tests|initramfs|all]
# (default: all steps, for both kernels; a PATH, a kernel tree, takes all)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KDIR_ROOT=$ZCNIC_CACHE/kernel
GUEST=$ZCNIC_CACHE/guest
# The current kernel's modules need trixie's gcc-14 and glibc 2.38+: they are
# built in this debootstrapped trixie chroot (its own apt sources, with
# trixie-backports), which also builds that kernel's guest test programs and
# gives its initramfs trixie's ethtool, ip, iperf3 and tcpdump.
ROOTFS=$ZCNIC_CACHE/trixie-root
CHROOT_PACKAGES=(gcc-14 make libc6-dev linux-libc-dev linux-headers-amd64
                 ethtool iproute2 iperf3 tcpdump bash
                 python3-yaml socat iputils-ping linux-source
                 clang libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev
                 python3-jsonschema liburing-dev/forky liburing2/forky)
# io_uring zero-copy receive (the selftest iou-zcrx) needs liburing 2.10
# or later; trixie has 2.9.  Forky's comes in through a pin at priority 1:
# only what is named with /forky is taken from there.  (The archive serves
# forky's Release past its Valid-Until: check-valid-until=no.)
CHROOT_FORKY='# Written by zcnic (tools/setup-guest.sh): liburing for iou-zcrx
deb [check-valid-until=no] http://deb.debian.org/debian forky main'
CHROOT_FORKY_PIN='Package: *
Pin: release n=forky
Pin-Priority: 1'

# ABI such as 6.12.117+deb12-amd64, from the meta package's dependency.
kernel_abi_lts() {
    apt-cache depends "$ZCNIC_KERNEL_META" 2>/dev/null |
        sed -n 's/^ *Depends: linux-headers-\(6\.12\.[^ ]*-amd64\)$/\1/p' | head -n 1 || true
}

# Run a command inside the chroot with /proc (objtool needs it), /dev and the
# repository (read-only, at /zcnic/src) mounted; the mounts live in a private
# mount namespace and vanish with the command.  ZCNIC_CHROOT_OUT, if set, is
# a host directory mounted at /zcnic/out.
in_chroot() {
    mkdir -p "$ROOTFS/zcnic/src" "$ROOTFS/zcnic/out"
    unshare -m --propagation private /bin/sh -c '
        set -e
        r=$1 src=$2 out=$3
        shift 3
        mount -t proc proc "$r/proc"
        mount --rbind /dev "$r/dev"
        mount --bind "$src" "$r/zcnic/src"
        mount -o remount,bind,ro "$r/zcnic/src"
        [ -z "$out" ] || mount --bind "$out" "$r/zcnic/out"
        exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
    ' sh "$ROOTFS" "$ZCNIC_ROOT" "${ZCNIC_CHROOT_OUT:-}" "$@"
}

chroot_setup() {
    step "current kernel: trixie build chroot ($ROOTFS)"
    if ! stamp_ok "$ROOTFS/.zcnic-base" trixie; then
        rm -rf --one-file-system "$ROOTFS" "$ROOTFS.tmp"
        info "debootstrap --variant=minbase trixie (about 1.5 min)"
        # its own mount namespace: a failed run leaves no mount behind
        run_logged "$ZCNIC_CACHE/logs/debootstrap.log" \
            unshare -m --propagation private \
            debootstrap --variant=minbase trixie "$ROOTFS.tmp" http://deb.debian.org/debian
        cat >"$ROOTFS.tmp/etc/apt/sources.list" <<'SRC'
# Written by zcnic (tools/setup-guest.sh): the current kernel's build chroot.
deb http://deb.debian.org/debian trixie main
deb http://deb.debian.org/debian trixie-updates main
deb http://deb.debian.org/debian-security trixie-security main
deb http://deb.debian.org/debian trixie-backports main
SRC
        mv "$ROOTFS.tmp" "$ROOTFS"
        stamp_set "$ROOTFS/.zcnic-base" trixie
    fi
    # The lists go stale and the meta package moves to new kernels: refresh
    # once a day, or when the package set changed.
    local key
    key="$(date +%F) ${CHROOT_PACKAGES[*]}"
    if stamp_ok "$ROOTFS/.zcnic-packages" "$key"; then
        info "packages up to date (refreshed today)"
        return
    fi
    echo "$CHROOT_FORKY" >"$ROOTFS/etc/apt/sources.list.d/zcnic-forky.list"
    echo "$CHROOT_FORKY_PIN" >"$ROOTFS/etc/apt/preferences.d/zcnic-forky"
    info "apt-get install -t trixie-backports ${CHROOT_PACKAGES[*]}"
    run_logged "$ZCNIC_CACHE/logs/chroot-apt.log" in_chroot sh -c "
        apt-get update -q &&
        apt-get install -y -q --no-install-recommends -t trixie-backports ${CHROOT_PACKAGES[*]} &&
        apt-get clean"
    stamp_set "$ROOTFS/.zcnic-packages" "$key"
}

# ABI such as 7.3.4+deb13-amd64: what trixie-backports' meta package
# linux-headers-amd64 depends on, as installed in the chroot.
kernel_abi_current() {
    in_chroot dpkg-query -W -f '${Depends}\n' linux-headers-amd64 2>/dev/null |
        grep -o 'linux-headers-[0-9][^ ,]*-amd64' | sed 's/^linux-headers-//' | head -n 1 || true
}

# Unpack .debs into a fresh sysroot, check the vmlinux can be extracted.
unpack_kernel() {
    local sys=$1 abi=$2 vmlinuz=$3
    shift 3
    step "guest kernel: unpack $abi into $sys"
    rm -rf "$sys"
    mkdir -p "$sys"
    local deb
    for deb in "$@"; do
        dpkg-deb -x "$deb" "$sys"
    done
    step "guest kernel: extract the uncompressed vmlinux (PVH boot)"
    "$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/extract-vmlinux.py" "$sys/$vmlinuz" "$sys/vmlinux" ||
        die "could not extract vmlinux from $vmlinuz"
}

# Whether ABI's sysroot is unpacked already; if so, K (lts or current) is it.
kernel_ready() {
    local k=$1 abi=$2
    stamp_ok "$KDIR_ROOT/$abi/.ready" "$abi" && [ -f "$KDIR_ROOT/$abi/vmlinux" ] ||
        return 1
    info "linux $abi already unpacked"
    echo "$abi" >"$KDIR_ROOT/$k.abi"
}

kernel_lts() {
    step "guest kernel (lts): resolve Linux 6.12 through $ZCNIC_KERNEL_META"
    local abi
    abi=$(kernel_abi_lts)
    [ -n "$abi" ] || die "apt knows no $ZCNIC_KERNEL_META depending on linux-headers-6.12.*-amd64 (bookworm-security in the sources?)"
    kernel_ready lts "$abi" && return
    local sys=$KDIR_ROOT/$abi
    local common kbuild
    common=$(apt-cache depends "linux-headers-$abi" | sed -n 's/^ *Depends: \(linux-headers-.*-common\)$/\1/p' | head -n 1 || true)
    kbuild=$(apt-cache depends "linux-headers-$abi" | sed -n 's/^ *Depends: \(linux-kbuild-.*\)$/\1/p' | head -n 1 || true)
    [ -n "$common" ] && [ -n "$kbuild" ] || die "cannot resolve the headers' dependencies of linux-headers-$abi"
    info "linux $abi ($common, $kbuild)"

    step "guest kernel (lts): download image, headers and kbuild"
    local debs=$KDIR_ROOT/debs
    mkdir -p "$debs"
    (cd "$debs" && run_logged "$KDIR_ROOT/download.log" apt-get download -q \
        "linux-image-$abi-unsigned" "linux-headers-$abi" "$common" "$kbuild")
    local pkg deb files=()
    for pkg in "linux-image-$abi-unsigned" "linux-headers-$abi" "$common" "$kbuild"; do
        deb=$(ls -t "$debs/${pkg}_"*.deb 2>/dev/null | head -n 1)
        [ -n "$deb" ] || die "no .deb downloaded for $pkg"
        files+=("$deb")
    done
    unpack_kernel "$sys" "$abi" "boot/vmlinuz-$abi" "${files[@]}"
    # The arch headers' Makefile includes the -common one by absolute path.
    local hdr=$sys/usr/src/linux-headers-$abi
    [ -f "$hdr/Makefile" ] || die "no $hdr/Makefile in linux-headers-$abi"
    sed -i "s|/usr/src/|$sys/usr/src/|g" "$hdr/Makefile"
    run_logged "$KDIR_ROOT/depmod.log" depmod -b "$sys" "$abi"
    stamp_set "$sys/.ready" "$abi"
    echo "$abi" >"$KDIR_ROOT/lts.abi"
}

kernel_current() {
    chroot_setup
    step "guest kernel (current): resolve through trixie-backports' linux-headers-amd64"
    local abi
    abi=$(kernel_abi_current)
    [ -n "$abi" ] || die "the chroot's linux-headers-amd64 names no linux-headers-ABI (see $ZCNIC_CACHE/logs/chroot-apt.log)"
    kernel_ready current "$abi" && return
    local sys=$KDIR_ROOT/$abi
    info "linux $abi"
    step "guest kernel (current): download kernel, modules and config"
    # Since 6.16 Debian splits the image: linux-binary-unsigned-ABI (the
    # kernel), linux-modules-ABI, linux-base-ABI (config, System.map).
    local pkgs=("linux-binary-unsigned-$abi" "linux-modules-$abi" "linux-base-$abi")
    rm -rf "$ROOTFS/var/tmp/zcnic-debs"
    mkdir -p "$ROOTFS/var/tmp/zcnic-debs"
    run_logged "$KDIR_ROOT/download-current.log" in_chroot sh -c \
        "cd /var/tmp/zcnic-debs && apt-get download -q ${pkgs[*]}"
    local pkg deb files=()
    for pkg in "${pkgs[@]}"; do
        deb=$(ls -t "$ROOTFS/var/tmp/zcnic-debs/${pkg}_"*.deb 2>/dev/null | head -n 1)
        [ -n "$deb" ] || die "no .deb downloaded for $pkg"
        files+=("$deb")
    done
    unpack_kernel "$sys" "$abi" "usr/lib/modules/$abi/vmlinuz.unsigned" "${files[@]}"
    rm -rf "$ROOTFS/var/tmp/zcnic-debs"
    # Everything lives under usr/lib; bookworm's depmod and modinfo look in lib.
    [ -e "$sys/lib" ] || ln -s usr/lib "$sys/lib"
    run_logged "$KDIR_ROOT/depmod.log" depmod -b "$sys" "$abi"
    stamp_set "$sys/.ready" "$abi"
    echo "$abi" >"$KDIR_ROOT/current.abi"
}

sysroot() {
    local abi
    abi=$(cat "$KDIR_ROOT/$1.abi" 2>/dev/null) || die "run the kernel step for $1 first"
    echo "$KDIR_ROOT/$abi"
}

# Link the driver's sources into an out-of-tree build directory (kbuild
# writes beside them); PREFIX is where the repository is seen from.
link_sources() {
    local out=$1 prefix=$2 f
    # Objects built from another checkout are not ours to reuse.
    stamp_ok "$out/.zcnic-root" "$ZCNIC_ROOT" || rm -rf "$out"
    mkdir -p "$out"
    stamp_set "$out/.zcnic-root" "$ZCNIC_ROOT"
    for f in "$ZCNIC_ROOT"/guest-driver/*; do
        ln -sfn "$prefix/guest-driver/$(basename "$f")" "$out/$(basename "$f")"
    done
}

# The driver must build without a warning on the kernels zcnic ships; the
# objects go, so that the next build compiles (and warns) again.
check_warnings() {
    local log=$1 out=$2 warn
    warn=$(grep -i 'warning:' "$log" | grep -v 'Skipping BTF generation' || true)
    if [ -n "$warn" ]; then
        printf '%s\n' "$warn" >&2
        rm -f "$out"/*.o "$out"/*.ko
        die "the driver built with warnings (full log: $log)"
    fi
}

driver() {
    local k=$1 sys abi out log
    sys=$(sysroot "$k")
    abi=$(basename "$sys")
    out=$ZCNIC_CACHE/driver-build/$k
    log=$ZCNIC_CACHE/logs/driver-build-$k.log
    if [ "$k" = lts ]; then
        step "guest driver (lts): build zcnic.ko for $abi with kbuild (gcc-12)"
        link_sources "$out" "$ZCNIC_ROOT"
        run_logged "$log" \
            make -C "$sys/usr/src/linux-headers-$abi" M="$out" \
            ZCNIC_INCLUDE="$ZCNIC_ROOT/include" CC=gcc-12 modules
    else
        step "guest driver (current): build zcnic.ko for $abi in the chroot (gcc-14, W=1)"
        link_sources "$out" /zcnic/src
        ZCNIC_CHROOT_OUT=$out run_logged "$log" in_chroot \
            make -C "/usr/src/linux-headers-$abi" M=/zcnic/out \
            ZCNIC_INCLUDE=/zcnic/src/include W=1 modules
    fi
    [ -f "$out/zcnic.ko" ] || die "kbuild produced no zcnic.ko"
    check_warnings "$log" "$out"
}

tests() {
    local k=$1
    local out=$ZCNIC_CACHE/guest-tests-build/$k
    stamp_ok "$out/.zcnic-root" "$ZCNIC_ROOT" || rm -rf "$out"
    mkdir -p "$out"
    stamp_set "$out/.zcnic-root" "$ZCNIC_ROOT"
    if [ "$k" = lts ]; then
        step "guest tests (lts): static programs (gcc-12, bookworm's uapi headers)"
        run_logged "$ZCNIC_CACHE/logs/guest-tests-build-$k.log" \
            make -C "$ZCNIC_ROOT/guest-tests" O="$out" \
            CFLAGS_EXTRA="-I$ZCNIC_ROOT/include"
    else
        step "guest tests (current): static programs in the chroot (gcc-14, the current uapi headers, liburing)"
        ZCNIC_CHROOT_OUT=$out run_logged "$ZCNIC_CACHE/logs/guest-tests-build-$k.log" \
            in_chroot make -C /zcnic/src/guest-tests O=/zcnic/out CC=gcc-14 \
            CFLAGS_EXTRA=-I/zcnic/src/include all iouring
    fi
    step "guest tests ($k): XDP programs and their loader (clang, libbpf, static)"
    run_logged "$ZCNIC_CACHE/logs/guest-tests-xdp-$k.log" \
        make -C "$ZCNIC_ROOT/guest-tests" O="$out" \
        CFLAGS_EXTRA="-I$ZCNIC_ROOT/include" xdp
    xsk_selftest
    rm -rf "$out/xsk"
    cp -a "$ZCNIC_CACHE/xsk-build/xsk" "$out/xsk"
}

initramfs() {
    local k=$1 sys abi tools_root=/
    sys=$(sysroot "$k")
    abi=$(basename "$sys")
    [ "$k" = lts ] || tools_root=$ROOTFS
    step "guest ($k): initramfs (busybox, driver, tests, ethtool/ip/iperf3/tcpdump)"
    mkdir -p "$GUEST/$k"
    ZCNIC_TOOLS_ROOT=$tools_root "$ZCNIC_ROOT/tools/mkinitramfs.sh" "$sys" "$abi" \
        "$ZCNIC_CACHE/driver-build/$k/zcnic.ko" "$ZCNIC_CACHE/guest-tests-build/$k" \
        "$GUEST/$k/initrd.gz"
    ln -sfn "$sys/vmlinux" "$GUEST/$k/vmlinux"
    info "$GUEST/$k/vmlinux ($abi), $GUEST/$k/initrd.gz ($(du -h "$GUEST/$k/initrd.gz" | cut -f1))"
}

# --kernel PATH: a kernel tree the user built (vmlinux, .config,
# Module.symvers; tools/zcniclib.py's check_kernel checked them).  The driver
# is built against it with the host's compiler; the guest tests are lts's
# (static).  If the tree has built modules (modules.order), they are
# installed into the cache and the comparison NICs' drivers go into the
# initramfs beside zcnic.ko; otherwise zcnic.ko is its only module.
tree() {
    local tree rel name out log sys=-
    tree=$(realpath -e -- "$1") || die "no kernel tree at $1"
    # tools/zcniclib.py's tree_name(): the same hash of the real path
    name=tree-$(printf '%s' "$tree" | sha256sum | cut -c1-12)
    rel=$(cat "$tree/include/config/kernel.release" 2>/dev/null) ||
        die "$tree has no include/config/kernel.release: build the kernel there first (make)"
    out=$ZCNIC_CACHE/driver-build/$name
    log=$ZCNIC_CACHE/logs/driver-build-$name.log
    step "guest driver (tree $tree): build zcnic.ko for $rel"
    link_sources "$out" "$ZCNIC_ROOT"
    if ! make -C "$tree" M="$out" ZCNIC_INCLUDE="$ZCNIC_ROOT/include" modules >"$log" 2>&1; then
        tail -n 25 "$log" >&2
        die "the driver does not build against $tree (its compiler, its API?); full log: $log"
    fi
    [ -f "$out/zcnic.ko" ] || die "kbuild produced no zcnic.ko"
    grep -i 'warning:' "$log" >&2 || true
    if [ -s "$tree/modules.order" ]; then
        sys=$KDIR_ROOT/$name
        local key
        key="$rel $(stat -c '%Y %s' "$tree/modules.order" "$tree/Module.symvers" | tr '\n' ' ')"
        if stamp_ok "$sys/.ready" "$key"; then
            info "its modules already installed in $sys"
        else
            step "guest kernel (tree $tree): install its modules into $sys"
            rm -rf "$sys"
            # unsigned: a guest's initramfs needs no signature, and a tree
            # may lack its signing key
            run_logged "$ZCNIC_CACHE/logs/modules-install-$name.log" \
                make -C "$tree" INSTALL_MOD_PATH="$sys" INSTALL_MOD_STRIP=1 \
                CONFIG_MODULE_SIG_ALL= DEPMOD=true modules_install
            run_logged "$ZCNIC_CACHE/logs/depmod-$name.log" depmod -b "$sys" "$rel"
            stamp_set "$sys/.ready" "$key"
        fi
    fi
    tests lts     # incremental: the tree guest runs the checkout's tests
    step "guest (tree $tree): initramfs (busybox, driver, tests, tools)"
    mkdir -p "$GUEST/$name"
    "$ZCNIC_ROOT/tools/mkinitramfs.sh" "$sys" "$rel" "$out/zcnic.ko" \
        "$ZCNIC_CACHE/guest-tests-build/lts" "$GUEST/$name/initrd.gz"
    ln -sfn "$tree/vmlinux" "$GUEST/$name/vmlinux"
    info "$GUEST/$name/vmlinux ($rel), $GUEST/$name/initrd.gz"
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

# The kernel's own drivers/net selftests, from the kernel's source (lts:
# linux-source-6.12, which kscripts downloaded; current: the chroot's
# linux-source), with Python and the tools they need from the same root as
# the guest's other tools (guest-tests/kselftest.sh runs them).
# linux-source-6.12's tarball, out of the .deb the kscripts step fetched
lts_source() {
    local deb src=$ZCNIC_CACHE/kselftest/linux-source-6.12.tar.xz
    mkdir -p "$ZCNIC_CACHE/kselftest"
    deb=$(ls -t "$KDIR_ROOT"/debs/linux-source-6.12_*.deb 2>/dev/null | head -n 1)
    [ -n "$deb" ] || die "no linux-source-6.12 .deb: run the kscripts step"
    if ! stamp_ok "$src.stamp" "$(basename "$deb")" || [ ! -f "$src" ]; then
        dpkg-deb --fsys-tarfile "$deb" |
            tar -xO ./usr/src/linux-source-6.12.tar.xz >"$src.tmp"
        mv "$src.tmp" "$src"
        stamp_set "$src.stamp" "$(basename "$deb")"
    fi
    echo "$src"
}

# The kernel's AF_XDP selftest, xskxceiver with test_xsk.sh, from
# linux-source-6.12, built in the trixie chroot with Debian's clang, libbpf
# and bpftool (bookworm's libbpf 1.1 lacks the XDP feature query it uses),
# linked static-pie (a non-PIE static binary sits where its teardown
# munmaps a NULL UMEM); the same binary runs on both guest kernels.  One
# fix the current kernel's selftest has is applied first:
# tools/patches/xskxceiver-6.12-partial-packet.patch says which and why.
XSK_PATCH=$ZCNIC_ROOT/tools/patches/xskxceiver-6.12-partial-packet.patch
XSK_BUILD='
set -e
b=/zcnic/out/src/tools/testing/selftests/bpf
cd "$b"
clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -I. \
    -Wno-compare-distinct-pointer-types \
    -c progs/xsk_xdp_progs.c -o xsk_xdp_progs.bpf.o
bpftool gen skeleton xsk_xdp_progs.bpf.o name xsk_xdp_progs >xsk_xdp_progs.skel.h
gcc-14 -O2 -g -Wall -static-pie -fPIE -I. -I../../../include \
    -I../../../include/uapi -o xskxceiver ../../../lib/find_bit.c \
    xskxceiver.c xsk.c network_helpers.c -lbpf -lelf -lz -lzstd -lpthread
mkdir -p /zcnic/out/xsk
cp xskxceiver test_xsk.sh xsk_prereqs.sh /zcnic/out/xsk/
'
xsk_selftest() {
    local src out=$ZCNIC_CACHE/xsk-build key top
    step "AF_XDP selftest: xskxceiver from linux-source-6.12 (trixie's clang, libbpf, bpftool)"
    src=$(lts_source)
    key="$(basename "$(readlink -f "$src")") $(stat -c %s "$src") $(cat - "$XSK_PATCH" <<<"$XSK_BUILD" | sha256sum | cut -c1-16)"
    if stamp_ok "$out/.stamp" "$key" && [ -x "$out/xsk/xskxceiver" ]; then
        info "xskxceiver up to date ($out/xsk)"
        return
    fi
    chroot_setup
    rm -rf "$out"
    mkdir -p "$out/src"
    top=$(basename "$src" .tar.xz)
    tar -xJf "$src" -C "$out/src" --strip-components=1 --wildcards \
        "$top/tools/testing/selftests/bpf/xsk*" \
        "$top/tools/testing/selftests/bpf/*.h" \
        "$top/tools/testing/selftests/bpf/test_xsk.sh" \
        "$top/tools/testing/selftests/bpf/network_helpers.c" \
        "$top/tools/testing/selftests/bpf/progs/xsk_xdp_progs.c" \
        "$top/tools/testing/selftests/kselftest.h" \
        "$top/tools/include/*" "$top/tools/arch/x86/include/*" \
        "$top/tools/lib/find_bit.c"
    # (git apply skips paths outside a work tree the cache may lie in:
    # the patched line is looked for too)
    (cd "$out/src" && git apply -p1 "$XSK_PATCH") &&
        grep -q 'pkts_sent--;' "$out/src/tools/testing/selftests/bpf/xskxceiver.c" ||
        die "$XSK_PATCH does not apply to $(basename "$src")"
    ZCNIC_CHROOT_OUT=$out run_logged "$ZCNIC_CACHE/logs/xsk-build.log" \
        in_chroot sh -c "$XSK_BUILD"
    [ -x "$out/xsk/xskxceiver" ] || die "no xskxceiver built (see $ZCNIC_CACHE/logs/xsk-build.log)"
    stamp_set "$out/.stamp" "$key"
}

# The current kernel's selftests' C helpers and BPF programs, built in the
# trixie chroot (its clang, libbpf headers and gcc-14; the helpers static):
# net/lib's xdp_*.bpf.o (drivers/net/xdp.py, hw/xdp_metadata.py and the XDP
# cases of ping, hds and irq load them), xdp_helper (queues.check_xsk,
# hw/xsk_reconfig.py), gro (hw/gro_hw.py) and drivers/net's napi_id_helper.
# (mkkselftest.sh adds bpftool, which the XDP selftests read and set the
# programs' maps with.)
KSFT_BUILD='
set -e
s=/zcnic/out/ksft/src/tools/testing/selftests
cd "$s/net/lib"
for f in *.bpf.c; do
    clang -O2 -g --target=bpf -I/usr/include/x86_64-linux-gnu -c "$f" -o "${f%.c}.o"
done
gcc-14 -O2 -g -Wall -static -I. -I../.. -o xdp_helper xdp_helper.c
gcc-14 -O2 -g -Wall -static -I. -I../.. -o gro gro.c
cd "$s/drivers/net"
gcc-14 -O2 -g -Wall -static -I../../net/lib -I../.. -o napi_id_helper napi_id_helper.c
# drivers/net/hw: ncdevmem (devmem.py) on a YNL library of the ethtool and
# netdev families, generated in ynl-build (not shipped to the guest), and
# iou-zcrx (iou-zcrx.py) on liburing
y=/zcnic/out/ynl-build/tools/net/ynl
make -s -C "$y" GENS="ethtool netdev" RSTS="" CC=gcc-14 libynl.a
cd "$s/drivers/net/hw"
gcc-14 -O2 -g -static -I"$y/lib" -I"$y/generated" -I../../.. -o ncdevmem ncdevmem.c "$y/libynl.a"
gcc-14 -O2 -g -static -I../../.. -o iou-zcrx iou-zcrx.c -luring -lpthread
'
ksft_helpers() {
    local out=$1 src=$2 key top
    key="$(cat "$out/.stamp") $(sha256sum <<<"$KSFT_BUILD" | cut -c1-16)"
    if stamp_ok "$out/.helpers" "$key"; then
        info "selftest helpers and BPF programs up to date"
        return
    fi
    chroot_setup
    # what YNL's code generator and library build read: its tools, the
    # netlink specs and schemas, the uapi headers, and a MAINTAINERS file
    # (the generator looks for the tree's root by it)
    top=$(basename "$src" .tar.xz)
    rm -rf "$out/ynl-build"
    mkdir -p "$out/ynl-build"
    tar -xJf "$src" -C "$out/ynl-build" --strip-components=1 \
        "$top/tools/net/ynl" "$top/tools/scripts" \
        "$top/Documentation/netlink" "$top/include/uapi"
    : >"$out/ynl-build/MAINTAINERS"
    ZCNIC_CHROOT_OUT=$out run_logged "$ZCNIC_CACHE/logs/ksft-helpers.log" \
        in_chroot sh -c "$KSFT_BUILD"
    stamp_set "$out/.helpers" "$key"
}

kselftest() {
    # coreutils' head: busybox's takes no "-c 1K", and devmem.py's RX
    # case then sent nothing and passed
    local k=$1 src tools_root=/ tools=/usr/bin/head out=$ZCNIC_CACHE/kselftest
    step "kernel selftests ($k): drivers/net, Python, PyYAML, ping, socat"
    mkdir -p "$out"
    if [ "$k" = lts ]; then
        src=$(lts_source)
    else
        tools_root=$ROOTFS tools="/usr/sbin/bpftool /usr/bin/head"
        src=$(ls -t "$ROOTFS"/usr/src/linux-source-*.tar.xz 2>/dev/null | head -n 1)
        [ -n "$src" ] || die "no linux-source tarball in the chroot's /usr/src"
    fi
    ZCNIC_TOOLS_ROOT=$tools_root ZCNIC_KSFT_TOOLS=$tools \
        "$ZCNIC_ROOT/tools/mkkselftest.sh" "$src" "$out/$k"
    [ "$k" = lts ] || ksft_helpers "$out/$k" "$src"
}

usage() {
    die "usage: $0 [--kernel lts|current|PATH] [kernel|driver|kscripts|tests|initramfs|kselftest|all]"
}

kernels=(lts current)
if [ "${1:-}" = --kernel ]; then
    [ -n "${2:-}" ] || usage
    kernels=("$2")
    shift 2
fi
mkdir -p "$ZCNIC_CACHE/logs" "$GUEST"
case ${kernels[0]} in
    lts|current) ;;
    *)
        [ "${1:-all}" = all ] || usage
        tree "${kernels[0]}"
        exit 0
        ;;
esac
[ "${1:-all}" != all ] || kscripts
for k in "${kernels[@]}"; do
    case "${1:-all}" in
        kscripts) kscripts; break ;;
        kernel) "kernel_$k" ;;
        driver) driver "$k" ;;
        tests) tests "$k" ;;
        initramfs) initramfs "$k" ;;
        kselftest) kselftest "$k" ;;
        all) "kernel_$k"; driver "$k"; tests "$k"; initramfs "$k"
             kselftest "$k" ;;
        *) usage ;;
    esac
done
