#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the guest initramfs: busybox, /init, zcnic.ko, the comparison NICs'
# modules, the static guest tests and Debian's ethtool/ip/iperf3/tcpdump.
#   [ZCNIC_TOOLS_ROOT=DIR] tools/mkinitramfs.sh SYSROOT|- ABI ZCNIC_KO TESTS_DIR OUT.gz
# The tools come from ZCNIC_TOOLS_ROOT (default /, the host; the current
# kernel's guest takes them from its trixie chroot).  A comparison NIC's
# module the kernel does not have is left out, with a note.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SYS=$1 ABI=$2 KO=$3 TESTS=$4 OUT=$5
TROOT=${ZCNIC_TOOLS_ROOT:-/}
TROOT=${TROOT%/}
TOOLS=(/usr/sbin/ethtool /usr/bin/ip /usr/bin/iperf3 /usr/bin/tcpdump /usr/bin/bash)
# Modules of the comparison NICs (virtio-pci is built in), and veth (the
# AF_XDP selftest's own mode, beside zcnic's).
MODULES=(e1000e igb virtio_net veth)

[ -f "$KO" ] || die "no driver at $KO"
for t in "${TOOLS[@]}"; do
    [ -x "$TROOT$t" ] || die "missing tool $TROOT$t"
done

# Rebuild only when an input changed.
key=$( {
    sha256sum "$KO" "$0" "$ZCNIC_ROOT/tools/guest-init.sh" /bin/busybox \
        "${TOOLS[@]/#/$TROOT}"
    find "$TESTS" -type f -exec sha256sum {} + 2>/dev/null | sort
    echo "$ABI ${MODULES[*]} $TROOT"
} | sha256sum | cut -c1-16)
if stamp_ok "$OUT.stamp" "$key" && [ -f "$OUT" ]; then
    info "initramfs up to date"
    exit 0
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/zcnic-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,lib,etc,proc,sys,dev,tmp,run,opt,root,var/run}
mkdir -p "$root/etc/udhcpc" "$root/lib/modules/$ABI/extra"

cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$ZCNIC_ROOT/tools/guest-init.sh" "$root/init"

# Debian's dynamic tools, with every library ldd lists and the loader
# (ldd run where the tool lives: in the chroot for a chroot's tools).
tool_ldd() {
    if [ "$TROOT" = "" ]; then
        ldd "$1"
    else
        chroot "$TROOT" /usr/bin/ldd "$1"
    fi
}
copy_with_libs() {
    local bin=$1 dest=$2 lib
    install -D -m 0755 "$TROOT$bin" "$root$dest"
    for lib in $(tool_ldd "$bin" | grep -o '/[^ ]*'); do
        [ -e "$root$lib" ] || install -D -m 0755 "$(chroot_path "$lib")" "$root$lib"
    done
}
# A path as seen inside TROOT, resolved to the real file on the host.
chroot_path() {
    local p=$1 n=0
    while [ -L "$TROOT$p" ] && [ $n -lt 16 ]; do
        local t
        t=$(readlink "$TROOT$p")
        case $t in /*) p=$t ;; *) p=$(dirname "$p")/$t ;; esac
        n=$((n + 1))
    done
    echo "$TROOT$p"
}
for t in "${TOOLS[@]}"; do
    copy_with_libs "$t" "/usr/local/bin/$(basename "$t")"
done
# glibc dlopen()s libgcc_s for pthread_cancel(), so ldd does not list it;
# without it trixie's iperf3 (threads per stream, cancelled at the end of a
# test) aborts.  Beside libc, where the loader looks.
libdir=$(dirname "$(tool_ldd /usr/bin/iperf3 | grep -o '/[^ ]*/libc\.so\.6' | head -n 1)")
[ -f "$(chroot_path "$libdir/libgcc_s.so.1")" ] || die "no libgcc_s.so.1 in $TROOT$libdir"
install -m 0755 "$(chroot_path "$libdir/libgcc_s.so.1")" "$root$libdir/libgcc_s.so.1"

# Static guest tests.
if [ -d "$TESTS" ]; then
    find "$TESTS" -maxdepth 1 -type f -perm -u+x -exec install -m 0755 -t "$root/usr/local/bin" {} +
    # the kernel's AF_XDP selftest: its script runs ./xskxceiver beside it
    if [ -d "$TESTS/xsk" ]; then
        mkdir -p "$root/usr/local/lib/xsk"
        cp -a "$TESTS/xsk/." "$root/usr/local/lib/xsk/"
    fi
fi

# Modules: zcnic plus the comparison drivers and their dependencies.
install -m 0644 "$KO" "$root/lib/modules/$ABI/extra/zcnic.ko"
# SYSROOT "-": a kernel tree the user built, no modules but zcnic's.
if [ "$SYS" != - ]; then
    moddir=$SYS/lib/modules/$ABI
    for m in "${MODULES[@]}"; do
        if ! modinfo -b "$SYS" -k "$ABI" -n "$m" >/dev/null 2>&1; then
            info "no module $m in $moddir: --nic with it will not work on this kernel"
            continue
        fi
        for dep in $(modprobe -d "$SYS" -S "$ABI" --show-depends "$m" | awk '$1=="insmod" {print $2}'); do
            rel=${dep#"$SYS"}
            rel=${rel#/usr}
            rel=${rel%.xz}
            rel=${rel%.zst}
            [ -e "$root$rel" ] && continue
            mkdir -p "$(dirname "$root$rel")"
            case $dep in
                *.xz) xz -dc "$dep" >"$root$rel" ;;
                *.zst) zstd -qdc "$dep" >"$root$rel" ;;
                *) cp "$dep" "$root$rel" ;;
            esac
        done
    done
    cp "$moddir"/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$ABI/" 2>/dev/null || true
fi
depmod -b "$root" "$ABI"

cat >"$root/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
P
cat >"$root/etc/group" <<'G'
root:x:0:
nogroup:x:65534:
G
printf '127.0.0.1 localhost\n192.168.77.1 zcnic-main\n192.168.77.2 zcnic-peer\n' >"$root/etc/hosts"
cat >"$root/etc/udhcpc/default.script" <<'U'
#!/bin/sh
# udhcpc hook: configure the interface from the lease.
case "$1" in
deconfig)
	/usr/local/bin/ip addr flush dev "$interface"
	;;
bound|renew)
	/usr/local/bin/ip addr flush dev "$interface"
	/usr/local/bin/ip addr add "$ip/${mask:-24}" dev "$interface"
	for r in $router; do
		/usr/local/bin/ip route replace default via "$r" dev "$interface"
	done
	: >/etc/resolv.conf
	for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done
	;;
esac
exit 0
U
chmod 0755 "$root/etc/udhcpc/default.script"

mkdir -p "$(dirname "$OUT")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1 >"$OUT.tmp")
mv "$OUT.tmp" "$OUT"
stamp_set "$OUT.stamp" "$key"
