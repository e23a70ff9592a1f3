#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer peer-idle.sh
# Interrupt moderation (spec 5.2) through ethtool -C: rx-usecs and tx-usecs
# are ITR_RX and ITR_TX.  50 pings 20 ms apart take about 50 RX interrupts
# without moderation and about 10 with rx-usecs 100000 (one per 100 ms);
# the values survive a device reset; out-of-range values are refused.
# The driver turns on INT_AUTOCLR (spec 5.1) after every reset, so the RX
# and TX vectors need no acknowledgement.
. /opt/zcnic/lib.sh
peer=192.168.77.2
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
# ethtool -c's value of a field (ethtool 6.1 and 6.14 space them apart
# differently)
coal() { ethtool -c eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
rx_irqs() { awk '/-rx$/ {print $2}' /proc/interrupts; }
# itr_is RX TX: ITR_RX and ITR_TX read these
itr_is() {
	test "$(zcnic-poke 0x80)" = "$1" && test "$(zcnic-poke 0x84)" = "$2"
}
resets_above() { test "$(stat resets)" -gt "$1"; }
# pings_irqs: RX interrupts taken by 50 pings 20 ms apart
pings_irqs() {
	local before=$(rx_irqs)
	ping -q -c 50 -i 0.02 -w 30 $peer >/dev/null
	echo $(($(rx_irqs) - before))
}

# the peer boots beside us: measure only once it answers (CI once counted
# 7 interrupts for 50 pings sent before its address was up)
check "the peer answers" -- wait_for 30 ping -c 1 -W 1 $peer
check "ethtool -c: rx-usecs and tx-usecs 0 by default" -- \
	test "$(coal rx-usecs) $(coal tx-usecs)" = "0 0"
check "ITR_RX and ITR_TX read 0" -- \
	itr_is 0x00000000 0x00000000
check "INT_AUTOCLR reads RX|TX (0x6)" -- \
	test "$(zcnic-poke 0x3c)" = 0x00000006
off=$(pings_irqs)
check "no moderation: 50 pings take at least 45 RX interrupts ($off)" -- \
	test "$off" -ge 45

check "ethtool -C eth0 rx-usecs 100000 tx-usecs 20" -- \
	ethtool -C eth0 rx-usecs 100000 tx-usecs 20
check "ethtool -c shows rx-usecs 100000 and tx-usecs 20" -- \
	test "$(coal rx-usecs) $(coal tx-usecs)" = "100000 20"
check "ITR_RX reads 100000 (0x186a0), ITR_TX 20" -- \
	itr_is 0x000186a0 0x00000014
on=$(pings_irqs)
check "rx-usecs 100000: 50 pings over 1 s take at most 20 RX interrupts ($on)" -- \
	test "$on" -le 20

check "rx-usecs 100001 is refused with a reason" -- \
	bash -c "! ethtool -C eth0 rx-usecs 100001 2>/tmp/err && grep -q 'at most 100000 usecs' /tmp/err"
check "the refused value changed nothing" -- \
	itr_is 0x000186a0 0x00000014

# A TX DMA error makes the driver reset the device (ITR back to 0 in it)
r0=$(stat resets)
zcnic-poke 0x418 0x1 >/dev/null
ping -c 1 -w 5 $peer >/dev/null
check "a TX DMA error resets the device" -- \
	wait_for 20 resets_above "$r0"
check "after the reset ITR_RX and ITR_TX are 100000 and 20 again" -- \
	wait_for 10 itr_is 0x000186a0 0x00000014
check "ping works after the reset" -- ping -c 3 -w 20 $peer
check "INT_AUTOCLR is RX|TX again after the reset" -- \
	test "$(zcnic-poke 0x3c)" = 0x00000006

check "ethtool -C eth0 rx-usecs 0 tx-usecs 0" -- \
	ethtool -C eth0 rx-usecs 0 tx-usecs 0
again=$(pings_irqs)
check "moderation off again: at least 45 RX interrupts ($again)" -- \
	test "$again" -ge 45
check "no WARN or BUG in dmesg" -- \
	bash -c "! dmesg | grep -E 'WARNING|BUG|Oops'"
done_testing
