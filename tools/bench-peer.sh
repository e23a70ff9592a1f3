#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic bench, the receiving guest of a pair: an iperf3 server, and the
# steps tools/bench-main.sh asks for on port 7000 (acknowledged on 7001).
MAIN=192.168.77.1
iperf3 -s -D
ack() { until echo ok 2>/dev/null >/dev/tcp/$MAIN/7001; do sleep 0.2; done; }
# a result line to the main guest, which prints it for the host
tell() { until echo "$1" 2>/dev/null >/dev/tcp/$MAIN/7002; do sleep 0.2; done; }
while :; do
	set -- $(nc -l -p 7000)
	case $1 in
	mtu)
		ip link set eth0 mtu "$2"
		ack
		;;
	channels)
		ethtool -L eth0 combined "$2" 2>/dev/null
		ack
		;;
	itr)
		ethtool -C eth0 adaptive-rx off rx-usecs "$2" tx-usecs "$2" 2>/dev/null ||
			ethtool -C eth0 rx-usecs "$2" tx-usecs "$2" 2>/dev/null ||
			ethtool -C eth0 rx-usecs "$2" 2>/dev/null
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
	rr)
		zcnic-rr -s -p "$2" &
		sleep 0.5
		ack
		;;
	udprecv)
		zcnic-udp -s -p "$2" -t "$3" >/tmp/udp &
		udp=$!
		sleep 0.5
		ack
		;;
	udpresult)
		wait $udp
		tell "$(awk '{printf "BENCH udp64gso 1500 kpps_delivered %.3f\n", $4 / 1000}' /tmp/udp)"
		ack
		;;
	done)
		ack
		break
		;;
	esac
done
