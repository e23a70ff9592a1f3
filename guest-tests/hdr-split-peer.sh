#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of hdr-split.sh: IPv6 address, a TCP sink (nc for IPv4, iperf3 for
# IPv6), and a stream of UDP datagrams to the main guest.
ip -6 addr add fd00::2/64 dev eth0 nodad
iperf3 -s -D >/dev/null 2>&1
(while :; do nc -l -p 5001 >/dev/null; done) &
while :; do
	echo "udp datagram" 2>/dev/null >/dev/udp/192.168.77.1/5005
	sleep 0.2
done
