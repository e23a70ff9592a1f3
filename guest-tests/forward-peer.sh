#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of forward.sh: a router between eth0 (192.168.77.2) and eth1
# (10.77.1.2) with GRO_HW on both.  Each request on port 7000 ("report" or
# "tso-off") is answered with its counters on the main guest's port 7001.
stat() { ethtool -S "$1" | awk -v k="$2:" '$1 == k {print $2}'; }
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip addr add 10.77.1.2/24 dev eth1
ip link set eth1 up
ip neigh replace 192.168.77.1 lladdr 52:54:00:12:34:56 nud permanent dev eth0
ip neigh replace 10.77.1.1 lladdr 52:54:00:12:31:56 nud permanent dev eth1
echo 1 >/proc/sys/net/ipv4/ip_forward
while :; do
	req=$(nc -l -p 7000)
	[ "$req" = tso-off ] && ethtool -K eth1 tso off && ethtool -K eth0 tso off
	{
		for d in eth0 eth1; do
			for k in gro_frames gro_segs tso_segs; do
				echo "${d}_$k $(stat $d dev_$k)"
			done
			echo "${d}_tso $(ethtool -k $d | awk '$1 == "tcp-segmentation-offload:" {print $2}')"
		done
		echo "forwarded $(awk '/^Ip:/ && n++ {print $7}' /proc/net/snmp)"
		echo "rx_errors $(($(cat /sys/class/net/eth0/statistics/rx_errors) + $(cat /sys/class/net/eth1/statistics/rx_errors)))"
		echo "csum_bad $(($(stat eth0 dev_rx_csum_bad) + $(stat eth1 dev_rx_csum_bad)))"
		echo "warn $(dmesg | grep -cE 'WARNING|BUG')"
	} >/tmp/report
	until cat /tmp/report >/dev/tcp/192.168.77.1/7001; do
		sleep 0.2
	done 2>/dev/null
done
