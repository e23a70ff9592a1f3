#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest:
# The driver binds to -device zcnic, registers eth0 and reports itself.
. /opt/zcnic/lib.sh

check "eth0 is bound to the zcnic driver" -- \
	test "$(basename "$(readlink /sys/class/net/eth0/device/driver)")" = zcnic
ethtool -i eth0 >/tmp/drvinfo
check "ethtool -i: driver: zcnic" -- grep -qx 'driver: zcnic' /tmp/drvinfo
check "ethtool -i: firmware-version is the device version 2.1" -- \
	grep -qx 'firmware-version: 2.1' /tmp/drvinfo
check "ethtool -i: bus-info is the PCI address" -- \
	grep -q "bus-info: $(basename "$(readlink /sys/class/net/eth0/device)")" /tmp/drvinfo
check "dmesg: device interface version 2.1" -- \
	bash -c "dmesg | grep -q 'zcnic .*device interface version 2.1'"
check "MSI-X: vectors 0, 1, 2 are misc, rx and tx" -- \
	test "$(grep -cE 'PCI-MSIX-.* 0-edge .*-misc$|PCI-MSIX-.* 1-edge .*-rx$|PCI-MSIX-.* 2-edge .*-tx$' /proc/interrupts)" -eq 3
check "threaded NAPI on by default (/sys/class/net/eth0/threaded)" -- \
	test "$(cat /sys/class/net/eth0/threaded)" = 1
check "MAC from the device (52:54:00:12:34:56)" -- \
	test "$(cat /sys/class/net/eth0/address)" = 52:54:00:12:34:56
# zcnic-regs prints its own TAP lines: registers seen from the guest.  Its
# results are renumbered into this script's; its exit status and its plan
# are checked too, so that a crash half-way cannot pass for success.
zcnic-regs >/tmp/regs-raw 2>&1
regs_rc=$?
results=0
while read -r line; do
	case $line in
	"ok "*) ok 0 "regs: ${line#ok * - }"; results=$((results + 1)) ;;
	"not ok "*) ok 1 "regs: ${line#not ok * - }"; results=$((results + 1)) ;;
	1..*) plan=${line#1..} ;;
	*) echo "# $line" ;;
	esac
done </tmp/regs-raw
check "zcnic-regs exited with status 0" -- test "$regs_rc" = 0
check "zcnic-regs printed the $results results its plan 1..${plan:-?} promised" -- \
	test "${plan:-x}" = "$results"
done_testing
