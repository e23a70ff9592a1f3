#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --append zcnic_test.word=42 --append mitigations=off
# ./zcnic guest --append WORD puts each WORD on the guest kernel's command
# line, after zcnic's own zc_* words, and the guest boots with it.
. /opt/zcnic/lib.sh
read -r cmdline </proc/cmdline
echo "# $cmdline"
check "first --append word is on /proc/cmdline" -- \
	bash -c "tr ' ' '\n' </proc/cmdline | grep -qx 'zcnic_test.word=42'"
check "second --append word is on /proc/cmdline" -- \
	bash -c "tr ' ' '\n' </proc/cmdline | grep -qx 'mitigations=off'"
check "the kernel acted on it (spectre_v2: Vulnerable)" -- \
	grep -q '^Vulnerable' /sys/devices/system/cpu/vulnerabilities/spectre_v2
check "zcnic's own words are still there (zc_nic=zcnic)" -- \
	bash -c "tr ' ' '\n' </proc/cmdline | grep -qx 'zc_nic=zcnic'"
check "eth0 is up with the driver" -- \
	bash -c "ip link show eth0 | grep -q 'state UP\|LOWER_UP'"
done_testing
