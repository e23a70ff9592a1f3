#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer peer-idle.sh
# Two zcnic guests on -netdev stream reach each other.
. /opt/zcnic/lib.sh

rx_before=$(cat /sys/class/net/eth0/statistics/rx_packets)
check "ip address 192.168.77.1/24 on eth0" -- \
	bash -c "ip -br addr show eth0 | grep -q 192.168.77.1/24"
check "ping 192.168.77.2 (the peer)" -- ping -c 5 -w 30 192.168.77.2
check "ARP resolved the peer's MAC 52:54:00:12:34:57" -- \
	bash -c "ip neigh show 192.168.77.2 | grep -q 52:54:00:12:34:57"
check "ping -s 1400 (full-size frames)" -- ping -c 2 -s 1400 -w 20 192.168.77.2
rx_after=$(cat /sys/class/net/eth0/statistics/rx_packets)
check "rx_packets grew by at least 7 ($rx_before -> $rx_after)" -- \
	test $((rx_after - rx_before)) -ge 7
done_testing
