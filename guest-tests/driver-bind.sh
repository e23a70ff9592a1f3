#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest:
# The driver binds to -device zcnic, registers eth0 and reports itself.
. /opt/zcnic/lib.sh

check "eth0 is bound to the zcnic driver" -- \
	test "$(basename "$(readlink /sys/class/net/eth0/device/driver)")" = zcnic
ethtool -i eth0 >/tmp/drvinfo
check "ethtool -i: driver: zcnic" -- grep -qx 'driver: zcnic' /tmp/drvinfo
check "ethtool -i: firmware-version is the device version 1.6" -- \
	grep -qx 'firmware-version: 1.6' /tmp/drvinfo
check "ethtool -i: bus-info is the PCI address" -- \
	grep -q "bus-info: $(basename "$(readlink /sys/class/net/eth0/device)")" /tmp/drvinfo
check "dmesg: device interface version 1.6" -- \
	bash -c "dmesg | grep -q 'zcnic .*device interface version 1.6'"
check "MSI-X: vectors 0, 1, 2 are misc, rx and tx" -- \
	test "$(grep -cE 'PCI-MSIX-.* 0-edge .*-misc$|PCI-MSIX-.* 1-edge .*-rx$|PCI-MSIX-.* 2-edge .*-tx$' /proc/interrupts)" -eq 3
check "MAC from the device (52:54:00:12:34:56)" -- \
	test "$(cat /sys/class/net/eth0/address)" = 52:54:00:12:34:56
# zcnic-regs prints its own TAP lines: registers seen from the guest
zcnic-regs | grep -v '^1\.\.\|^TAP' | sed 's/^\(not \)\{0,1\}ok [0-9]* -/& regs:/' >/tmp/regs
while read -r line; do
	case $line in
	"ok "*) ok 0 "${line#ok * - }" ;;
	"not ok "*) ok 1 "${line#not ok * - }" ;;
	*) echo "$line" ;;
	esac
done </tmp/regs
done_testing
