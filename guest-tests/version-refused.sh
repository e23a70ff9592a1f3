#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --nic zcnic,x-version-major=1
# A device with another major interface version (here a 1.x device, as a
# 1.x driver would meet a 2.0 device) is refused, clearly.
. /opt/zcnic/lib.sh

check "no network interface was registered" -- test ! -e /sys/class/net/eth0
check "dmesg names the version and the refusal" -- \
	bash -c "dmesg | grep -qE 'device interface version 1\.[0-9]+ is not supported \(driver supports 2\.x\), not binding'"
check "the module stays loaded and unbound" -- \
	test -d /sys/bus/pci/drivers/zcnic
done_testing
