#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest:
# The driver unloads cleanly and binds again, and traffic flows after.
. /opt/zcnic/lib.sh

ko=/lib/modules/$(uname -r)/extra/zcnic.ko
rounds=0	# rounds completed: a failed step ends the loop short of 3
for i in 1 2 3; do
	rmmod zcnic || break
	test ! -e /sys/class/net/eth0 || break
	insmod "$ko" || break
	wait_for 10 test -e /sys/class/net/eth0 || break
	rounds=$((rounds + 1))
done
check "3 rounds of rmmod/insmod ($rounds done)" -- \
	test "$rounds" = 3 -a -e /sys/class/net/eth0
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
check "carrier after re-bind" -- wait_for 10 grep -qx 1 /sys/class/net/eth0/carrier
check "ping 10.0.2.2 after re-bind" -- ping -c 2 -w 20 10.0.2.2
check "no WARN, BUG or oops in dmesg" -- sh -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
