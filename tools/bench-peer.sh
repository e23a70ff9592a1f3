#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic bench, the receiving guest of a pair: an iperf3 server, and the
# steps tools/bench-main.sh asks for on port 7000 (acknowledged on 7001).
MAIN=192.168.77.1
iperf3 -s -D
ack() { until echo ok 2>/dev/null >/dev/tcp/$MAIN/7001; do sleep 0.2; done; }
while :; do
	set -- $(nc -l -p 7000)
	case $1 in
	mtu)
		ip link set eth0 mtu "$2"
		ack
		;;
	send)
		until zcnic-gen 7 "$3" 2>/dev/null >/dev/tcp/$MAIN/$2; do
			sleep 0.2
		done
		ack
		;;
	recv)
		zcnic-zcrx -r -n -p "$2" >/dev/null &
		sleep 0.5
		ack
		;;
	done)
		ack
		break
		;;
	esac
done
