#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the guest initramfs: busybox, /init, zcnic.ko, the comparison NICs'
# modules, the static guest tests and Debian's ethtool/ip/iperf3/tcpdump.
#   tools/mkinitramfs.sh SYSROOT ABI ZCNIC_KO TESTS_DIR OUT.gz
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SYS=$1 ABI=$2 KO=$3 TESTS=$4 OUT=$5
TOOLS=(/usr/sbin/ethtool /usr/bin/ip /usr/bin/iperf3 /usr/bin/tcpdump /bin/bash)
# Modules of the comparison NICs (virtio-pci is built in).
MODULES=(e1000e igb virtio_net)

[ -f "$KO" ] || die "no driver at $KO"
for t in "${TOOLS[@]}"; do
    [ -x "$t" ] || t=$(command -v "$(basename "$t")") || die "missing tool $(basename "$t")"
done

# Rebuild only when an input changed.
key=$( {
    sha256sum "$KO" "$0" "$ZCNIC_ROOT/tools/guest-init.sh" /bin/busybox "${TOOLS[@]}"
    find "$TESTS" -type f -exec sha256sum {} + 2>/dev/null | sort
    echo "$ABI ${MODULES[*]}"
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

# Debian's dynamic tools, with every library ldd lists and the loader.
copy_with_libs() {
    local bin=$1 dest=$2 lib
    install -D -m 0755 "$bin" "$root$dest"
    for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
        [ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
    done
}
for t in "${TOOLS[@]}"; do
    [ -x "$t" ] || t=$(command -v "$(basename "$t")")
    copy_with_libs "$t" "/usr/local/bin/$(basename "$t")"
done

# Static guest tests.
if [ -d "$TESTS" ]; then
    find "$TESTS" -maxdepth 1 -type f -perm -u+x -exec install -m 0755 -t "$root/usr/local/bin" {} +
fi

# Modules: zcnic plus the comparison drivers and their dependencies.
install -m 0644 "$KO" "$root/lib/modules/$ABI/extra/zcnic.ko"
moddir=$SYS/lib/modules/$ABI
for m in "${MODULES[@]}"; do
    path=$(modinfo -b "$SYS" -k "$ABI" -n "$m" 2>/dev/null) ||
        die "module $m not found in $moddir"
    for dep in $(modprobe -d "$SYS" -S "$ABI" --show-depends "$m" | awk '$1=="insmod" {print $2}'); do
        rel=${dep#"$SYS"}
        rel=${rel%.xz}
        [ -e "$root$rel" ] && continue
        mkdir -p "$(dirname "$root$rel")"
        case $dep in
            *.xz) xz -dc "$dep" >"$root$rel" ;;
            *) cp "$dep" "$root$rel" ;;
        esac
    done
done
cp "$moddir"/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$ABI/" 2>/dev/null || true
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
