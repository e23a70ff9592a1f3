#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest:
# The carrier follows QMP set_link off/on through the link interrupt.
. /opt/zcnic/lib.sh

carrier() { test "$(cat /sys/class/net/eth0/carrier)" = "$1"; }

check "carrier is up after boot" -- carrier 1
misc_before=$(awk '/-misc/ {s=0; for (i=2; i<NF-2; i++) s+=$i; print s}' /proc/interrupts)
qmp '{"execute": "set_link", "arguments": {"name": "n0", "up": false}}'
check "carrier goes down after set_link off" -- wait_for 10 carrier 0
check "operstate is down" -- grep -qx down /sys/class/net/eth0/operstate
check "dmesg: link down" -- bash -c "dmesg | grep -q 'eth0: link down'"
misc_after=$(awk '/-misc/ {s=0; for (i=2; i<NF-2; i++) s+=$i; print s}' /proc/interrupts)
check "the misc vector fired ($misc_before -> $misc_after)" -- \
	test "$misc_after" -gt "$misc_before"
qmp '{"execute": "set_link", "arguments": {"name": "n0", "up": true}}'
check "carrier comes back after set_link on" -- wait_for 10 carrier 1
check "dmesg: link up again" -- \
	test "$(dmesg | grep -c 'eth0: link up')" -ge 2
done_testing
