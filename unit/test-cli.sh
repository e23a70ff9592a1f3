#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input to the front door: one clear line on stderr and a non-zero exit,
# never a traceback or usage dump; a failing set-up step names itself.
# Prints TAP.  Run from anywhere: unit/test-cli.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
qemu=${ZCNIC_CACHE:-$HOME/.cache/zcnic}/qemu-system-x86_64
export ZCNIC_CACHE=$tmp/cache
n=0
fail=0

# expect NAME WANT_RC PATTERN -- COMMAND...: usage errors are exactly one
# line; a set-up step may print progress first, its last line is the error.
expect() {
	local name=$1 want=$2 pat=$3
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$? lines
	lines=$(grep -vc '==>' "$tmp/err")
	n=$((n + 1))
	if [ "$rc" = "$want" ] && [ "$lines" -eq 1 ] &&
	   tail -n 1 "$tmp/err" | grep -qE -- "$pat"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name (exit $rc, want $want; $lines stderr lines)"
		sed 's/^/# /' "$tmp/err" | head -n 5
		fail=$((fail + 1))
	fi
}

echo "#!/bin/sh" >"$tmp/s.sh"
expect "unknown subcommand" 2 "unknown command 'frobnicate'" -- \
	"$root/zcnic" frobnicate
expect "guest: missing script file" 2 "script '$tmp/none.sh' not found" -- \
	"$root/zcnic" guest --script "$tmp/none.sh"
expect "guest: --script omitted" 2 "required: --script" -- \
	"$root/zcnic" guest
expect "guest: unknown --nic" 2 "unknown --nic 'rtl8139'" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --nic rtl8139
expect "guest: missing --add path" 2 "--add '$tmp/nope' not found" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --add "$tmp/nope"
expect "guest: missing --peer script" 2 "script '$tmp/p.sh' not found" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --peer "$tmp/p.sh"
expect "guest: --mtu out of range" 2 "--mtu must be in 68..65535" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --mtu 12
expect "guest: --links out of range" 2 "--links must be in 1..4" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --peer "$tmp/s.sh" --links 5
expect "guest: --links without --peer" 2 "--links needs --peer" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --links 2
expect "guest: --smp out of range" 2 "--smp must be in 1..4" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --smp 5
expect "guest: --append with a space" 2 "--append 'a b': one kernel word" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --append "a b"
expect "guest: --append zc_ word" 2 "--append 'zc_nic=igb': one kernel word" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --append zc_nic=igb
expect "guest: --migrate without --peer" 2 "--migrate needs --peer" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --migrate
expect "guest: --kselftest with --peer" 2 "--kselftest boots one zcnic guest" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kselftest --peer "$tmp/s.sh"
expect "guest: --kselftest with --nic" 2 "--kselftest boots one zcnic guest" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kselftest --nic igb
expect "fuzz: --seconds not a number" 2 "--seconds must be a positive integer" -- \
	"$root/zcnic" fuzz --seconds x
expect "fuzz: --seconds 0" 2 "--seconds must be a positive integer" -- \
	"$root/zcnic" fuzz --seconds 0
expect "fuzz: unknown argument" 2 "unknown argument '--frob'" -- \
	"$root/zcnic" fuzz --frob
expect "fuzz: unknown target" 2 "--target must be zcnic or generic, not 'virtio'" -- \
	"$root/zcnic" fuzz --target virtio
expect "fuzz: --jobs 0" 2 "--jobs must be a positive integer" -- \
	"$root/zcnic" fuzz --jobs 0
expect "guest: unknown option" 2 "unrecognized arguments: --frob" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --frob
expect "test: unknown suite" 2 "invalid choice: 'nope'" -- \
	"$root/zcnic" test --suite nope
expect "demo: stray argument" 2 "demo takes no arguments" -- \
	"$root/zcnic" demo now
expect "bench: unknown model" 2 "zcnic bench: unknown model 'rtl8139'" -- \
	"$root/zcnic" bench --models zcnic,rtl8139
expect "bench: --reps 0" 2 "zcnic bench: --reps must be at least 1" -- \
	"$root/zcnic" bench --reps 0
expect "bench: --flood-kpps -1" 2 "zcnic bench: --flood-kpps must not be negative" -- \
	"$root/zcnic" bench --flood-kpps -1
expect "bench: unknown option" 2 "zcnic bench: unrecognized arguments: --fast" -- \
	"$root/zcnic" bench --fast
expect "setup: QEMU series not offered names the step" 1 \
	'step "qemu: fetch Debian source package" failed: trixie offers no qemu 9\.99\.x' -- \
	env ZCNIC_QEMU_SERIES=9.99 "$root/tools/setup-qemu.sh" fetch
expect "setup: kernel meta package missing names the step" 1 \
	'step "guest kernel \(lts\): resolve Linux 6.12 through linux-headers-none" failed' -- \
	env ZCNIC_KERNEL_META=linux-headers-none "$root/tools/setup-guest.sh" --kernel lts kernel

# --kernel lts|current|PATH: a PATH that is no bootable kernel tree is
# refused before any set-up, naming what is missing
tree=$tmp/tree
mkdir -p "$tree"
expect "guest: --kernel neither lts, current nor a directory" 2 \
	"--kernel 'stable': neither lts, current nor a kernel tree directory" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel stable
expect "guest: --kernel=WORD neither lts, current nor a directory" 2 \
	"--kernel 'stable': neither lts, current nor a kernel tree directory" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel=stable
expect "guest: --kern (no abbreviations: the front door reads --kernel)" 2 \
	"unrecognized arguments: --kern current" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kern current
expect "guest: --kernel tree without vmlinux" 2 \
	"--kernel '$tree': no vmlinux: build the kernel there first" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel "$tree"
expect "guest: --kernel relative tree path without vmlinux" 2 \
	"--kernel 'tree': no vmlinux: build the kernel there first" -- \
	bash -c 'cd "$1" && "$2/zcnic" guest --script s.sh --kernel tree' sh "$tmp" "$root"
echo "not an ELF" >"$tree/vmlinux"
expect "guest: --kernel tree without .config" 2 \
	"--kernel '$tree': no .config: configure and build the kernel there first" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel "$tree"
echo "CONFIG_MODULES=y" >"$tree/.config"
expect "guest: --kernel tree without Module.symvers" 2 \
	"--kernel '$tree': no Module.symvers: build its modules first" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel "$tree"
: >"$tree/Module.symvers"
expect "guest: --kernel tree whose vmlinux is no ELF" 2 \
	"--kernel '$tree': vmlinux is not an ELF file" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel "$tree"
printf '\177ELF' >"$tree/vmlinux"
expect "guest: --kernel tree without CONFIG_PVH" 2 \
	"--kernel '$tree': .config lacks CONFIG_PVH=y: QEMU boots its vmlinux directly" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel "$tree"
printf 'CONFIG_PVH=y\nCONFIG_MODULES=y\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_PAGE_POOL=y\n' >"$tree/.config"
expect "guest: --kernel tree without CONFIG_PCI_MSI" 2 \
	"--kernel '$tree': .config lacks CONFIG_PCI_MSI=y: zcnic needs MSI-X" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel "$tree"
echo "CONFIG_PCI_MSI=y" >>"$tree/.config"
# an ELF64 header and nothing else: no PT_NOTE, so no PVH entry point
python3 -c 'import struct, sys
sys.stdout.buffer.write(b"\x7fELF\x02\x01\x01" + bytes(9) +
    struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0, 0, 0, 0, 64, 56, 0, 64, 0, 0))' \
	>"$tree/vmlinux"
expect "guest: --kernel tree whose vmlinux has no PVH note" 2 \
	"--kernel '$tree': vmlinux has no PVH entry point" -- \
	"$root/zcnic" guest --script "$tmp/s.sh" --kernel "$tree"
expect "test: --jobs 0" 2 "zcnic test: --jobs must be >= 1" -- \
	"$root/zcnic" test --jobs 0
expect "build: --kernel without a value" 2 "zcnic: build takes only --kernel K" -- \
	"$root/zcnic" build --kernel
expect "build: --kernel=WORD unknown" 2 \
	"zcnic build: --kernel 'next': neither lts, current nor a kernel tree" -- \
	"$root/zcnic" build --kernel=next
expect "test: --kernel unknown" 2 \
	"zcnic test: --kernel 'next': neither lts, current nor a kernel tree" -- \
	"$root/zcnic" test --suite guest --kernel next
expect "bench: --kernel unknown" 2 \
	"zcnic bench: --kernel 'next': neither lts, current nor a kernel tree" -- \
	"$root/zcnic" bench --kernel next
expect "build: --kernel unknown" 2 \
	"zcnic build: --kernel 'next': neither lts, current nor a kernel tree" -- \
	"$root/zcnic" build --kernel next
expect "build: stray argument" 2 "zcnic: build takes only --kernel K" -- \
	"$root/zcnic" build now

# The device's own properties, straight to the QEMU the set-up built
for v in 0 1025; do
	if [ -x "$qemu" ]; then
		expect "qemu: -device zcnic,arp-entries=$v" 1 \
			"zcnic: arp-entries must be between 1 and 1024" -- \
			timeout 30 "$qemu" -M q35 -nodefaults -display none \
			-device zcnic,arp-entries=$v
	else
		n=$((n + 1))
		echo "ok $n - qemu: -device zcnic,arp-entries=$v # SKIP QEMU not built"
	fi
done

for v in 0 17; do
	if [ -x "$qemu" ]; then
		expect "qemu: -device zcnic,queues=$v" 1 \
			"zcnic: queues must be between 1 and 16" -- \
			timeout 30 "$qemu" -M q35 -nodefaults -display none \
			-device zcnic,queues=$v
	else
		n=$((n + 1))
		echo "ok $n - qemu: -device zcnic,queues=$v # SKIP QEMU not built"
	fi
done

if [ -x "$qemu" ]; then
	expect "qemu: -device zcnic,vnet-hdr=maybe" 1 \
		"Parameter 'vnet-hdr' expects 'on' or 'off'" -- \
		timeout 30 "$qemu" -M q35 -nodefaults -display none \
		-device zcnic,vnet-hdr=maybe
else
	n=$((n + 1))
	echo "ok $n - qemu: -device zcnic,vnet-hdr=maybe # SKIP QEMU not built"
fi
if [ -x "$qemu" ]; then
	expect "qemu: -device zcnic,host-tso=maybe" 1 \
		"Parameter 'host-tso' does not accept value 'maybe'" -- \
		timeout 30 "$qemu" -M q35 -nodefaults -display none \
		-device zcnic,host-tso=maybe
else
	n=$((n + 1))
	echo "ok $n - qemu: -device zcnic,host-tso=maybe # SKIP QEMU not built"
fi

# Shebangs and modes (.editorconfig): host scripts use the one bash and
# the one Python, and are executable; sourced files are neither; scripts
# run in the guest use its /bin/bash (the guest's /init, busybox).
shebang_check() {
	local f=$1 want=$2 line mode
	line=$(head -n 1 "$f")
	mode=$(stat -c %A "$f")
	case $want in
	none) [[ $line != '#!'* ]] && [ ! -x "$f" ] ;;
	*) [ "$line" = "$want" ] && [ -x "$f" ] ;;
	esac || echo "# $f: '$line', $mode (want: $want)"
}
bad=$(
	cd "$root" || exit
	for f in zcnic .ci/run tools/*.sh tools/*.py unit/*.sh guest-tests/*.sh \
		 docs/bench/*.sh; do
		case $f in
		tools/lib.sh|tools/zcniclib.py|guest-tests/lib.sh|unit/tap.sh) want=none ;;
		tools/guest-init.sh) want='#!/bin/busybox sh' ;;
		guest-tests/*|tools/bench-main.sh|tools/bench-peer.sh|tools/demo-guest.sh|tools/demo-zc*.sh|tools/demo-xsk*.sh)
			want='#!/bin/bash' ;;
		*.py) want='#!/usr/bin/python3' ;;
		*) want='#!/usr/bin/env bash' ;;
		esac
		shebang_check "$f" "$want"
	done
)
n=$((n + 1))
if [ -z "$bad" ]; then
	echo "ok $n - scripts: one bash, one Python, sourced files not executable"
else
	echo "not ok $n - scripts: one bash, one Python, sourced files not executable"
	echo "$bad"
	fail=$((fail + 1))
fi

echo "1..$n"
echo "# $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
