#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic guest --kernel PATH: a kernel tree the user built.  The tree here
# is lts's kbuild directory (Makefile, .config, Module.symvers, scripts)
# with the bootable vmlinux beside it, as a tree after "make" has them: the
# driver is built against it, the guest boots it with zcnic.ko as its only
# module and the script runs.  A tree whose kbuild fails is refused with the
# step named.  Needs what ./zcnic setup builds; skipped without it.  TAP.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${ZCNIC_CACHE:-$HOME/.cache/zcnic}
tmp=$(mktemp -d)
trees=()
cleanup() {
	local t h
	for t in "${trees[@]}"; do
		h=$(printf '%s' "$t" | sha256sum | cut -c1-12)
		rm -rf "$cache/guest/tree-$h" "$cache/driver-build/tree-$h" \
			"$cache/kernel/tree-$h"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
echo "1..7"
abi=$(cat "$cache/kernel/lts.abi" 2>/dev/null)
if [ ! -x "$cache/qemu-system-x86_64" ] || [ ! -f "$cache/guest/lts/initrd.gz" ] ||
   [ -z "$abi" ]; then
	for i in 1 2 3 4 5 6 7; do echo "ok $i - kernel tree # SKIP not set up"; done
	exit 0
fi
hdr=$cache/kernel/$abi/usr/src/linux-headers-$abi

# A tree: the kbuild files, and the real vmlinux (not the headers' BTF one).
mktree() {
	local t=$1 f
	mkdir -p "$t"
	for f in "$hdr"/* "$hdr"/.config "$hdr"/.kernelvariables; do
		[ "$(basename "$f")" = vmlinux ] || ln -s "$f" "$t/$(basename "$f")"
	done
	ln -s "$(readlink -f "$cache/guest/lts/vmlinux")" "$t/vmlinux"
	trees+=("$(cd "$t" && pwd -P)")
}
tree=$tmp/tree
mktree "$tree"
cat >"$tmp/s.sh" <<'S'
uname -r
grep -c . /proc/modules
ethtool -i eth0 | grep '^driver:'
ping -c 2 -W 5 10.0.2.2 >/dev/null && echo "ping ok"
S
"$root/zcnic" guest --kernel "$tree" --script "$tmp/s.sh" --timeout 120 \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then echo "ok 1 - guest --kernel TREE ran the script"; else
	echo "not ok 1 - guest --kernel TREE exited $rc"; tail -n 15 "$tmp/err" | sed 's/^/# /'; fi
if grep -qx "$abi" "$tmp/out"; then echo "ok 2 - the tree's kernel booted ($abi)"; else
	echo "not ok 2 - uname -r is not $abi"; sed 's/^/# /' "$tmp/out" | head -n 5; fi
if grep -qx "driver: zcnic" "$tmp/out" && grep -qx 1 "$tmp/out"; then
	echo "ok 3 - zcnic.ko built against the tree is bound (the one module loaded)"
else
	echo "not ok 3 - zcnic not the one module bound"; sed 's/^/# /' "$tmp/out" | head -n 5
fi
if grep -qx "ping ok" "$tmp/out"; then echo "ok 4 - the guest reaches the host over slirp"; else
	echo "not ok 4 - no ping to 10.0.2.2"; fi

# A tree with its modules built: e1000e (no dependencies), as make leaves
# it (the .ko beside its source, modules.order, modules.builtin*).
mt=$tmp/modtree
mktree "$mt"
e1000e=drivers/net/ethernet/intel/e1000e
mkdir -p "$mt/$e1000e"
xz -dc "$cache/kernel/$abi/lib/modules/$abi/kernel/$e1000e/e1000e.ko.xz" >"$mt/$e1000e/e1000e.ko"
echo "$e1000e/e1000e.o" >"$mt/modules.order"
cp "$cache/kernel/$abi/lib/modules/$abi"/modules.builtin{,.modinfo} "$mt/"
cat >"$tmp/m.sh" <<'S'
ethtool -i eth0 | grep '^driver:'
ls /lib/modules/$(uname -r)/kernel/drivers/net/ethernet/intel
S
"$root/zcnic" guest --kernel "$mt" --nic e1000e --script "$tmp/m.sh" --timeout 120 \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -qx "driver: e1000e" "$tmp/out"; then
	echo "ok 5 - the tree's modules installed: --nic e1000e binds its e1000e.ko"
else
	echo "not ok 5 - --nic e1000e on a tree with modules: exit $rc"
	tail -n 10 "$tmp/err" "$tmp/out" | sed 's/^/# /'
fi
if grep -qx "e1000e" "$tmp/out" && ! grep -q igb "$tmp/out"; then
	echo "ok 6 - the initramfs has the tree's modules, not lts's (no igb)"
else
	echo "not ok 6 - the guest's modules are not the tree's"; sed 's/^/# /' "$tmp/out" | head -n 5
fi

# A tree whose kbuild fails: the step and the reason, exit 1, no boot.
bad=$tmp/bad
mktree "$bad"
rm "$bad/Makefile"
printf 'modules:\n\t@echo "this tree was built by another compiler" >&2; false\n' >"$bad/Makefile"
"$root/zcnic" guest --kernel "$bad" --script "$tmp/s.sh" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "another compiler" "$tmp/err" &&
   tail -n 1 "$tmp/err" | grep -q "failed: the driver does not build against $(cd "$bad" && pwd -P)"; then
	echo "ok 7 - a tree the driver does not build against: named step, exit 1"
else
	echo "not ok 7 - bad tree: exit $rc"; tail -n 5 "$tmp/err" | sed 's/^/# /'
fi
