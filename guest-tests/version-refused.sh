#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --nic zcnic,x-version-major=2
# A device with an unknown major interface version is refused, clearly.
. /opt/zcnic/lib.sh

check "no network interface was registered" -- test ! -e /sys/class/net/eth0
check "dmesg names the version and the refusal" -- \
	bash -c "dmesg | grep -qE 'device interface version 2\.[0-9]+ is not supported \(driver supports 1\.x\), not binding'"
check "the module stays loaded and unbound" -- \
	test -d /sys/bus/pci/drivers/zcnic
done_testing
