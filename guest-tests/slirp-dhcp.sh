#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest:
# On slirp the guest got its address by DHCP through the zcnic data path.
. /opt/zcnic/lib.sh

check "DHCP gave eth0 10.0.2.15/24" -- \
	bash -c "ip -br addr show eth0 | grep -q 10.0.2.15/24"
check "default route via 10.0.2.2" -- \
	bash -c "ip route | grep -q 'default via 10.0.2.2'"
check "ping the slirp gateway 10.0.2.2" -- ping -c 3 -w 20 10.0.2.2
done_testing
