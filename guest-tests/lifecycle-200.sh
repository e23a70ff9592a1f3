#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer lifecycle-peer.sh --timeout 900
# 200 rmmod/insmod cycles and 200 link down/up cycles while UDP traffic
# flows both ways all the time, a TCP transfer every 20 cycles.  After them
# the kernel holds no WARN, BUG or oops, and every page_pool the driver
# created is gone: no page stays in flight (a leak keeps a detached pool).
. /opt/zcnic/lib.sh
ko=/lib/modules/$(uname -r)/extra/zcnic.ko
peer=192.168.77.2
cycles=${CYCLES:-200}

up() {
	ip link set eth0 up
	ip addr replace 192.168.77.1/24 dev eth0
	wait_for 10 grep -qx 1 /sys/class/net/eth0/carrier
}
tcp() {		# 256 KB to the peer's sink (it takes one connection at a time)
	local i
	for i in $(seq 60); do
		zcnic-gen "$1" 256K 2>/dev/null >/dev/tcp/$peer/5001 && return 0
		sleep 0.5
	done
	return 1
}

wait_for 30 ping -c 1 -W 1 $peer	# the peer boots alongside
# background traffic: 4 KB UDP datagrams to a closed port (the peer answers
# with ICMP), on whatever eth0 there is at the time
(while :; do
	zcnic-gen 7 64K 2>/dev/null >/dev/udp/$peer/9 || sleep 0.05
done) &
blaster=$!
check "traffic before the cycles" -- tcp 1

done_rm=0
for i in $(seq 1 $cycles); do
	rmmod zcnic && insmod "$ko" &&
		wait_for 10 test -e /sys/class/net/eth0 && up || break
	if [ $((i % 20)) = 0 ]; then
		wait_for 20 ping -c 1 -W 1 $peer && tcp "$i" || break
	fi
	done_rm=$i
done
check "$cycles rmmod/insmod cycles under traffic ($done_rm)" -- \
	test $done_rm = $cycles

done_link=0
for i in $(seq 1 $cycles); do
	ip link set eth0 down && up || break
	if [ $((i % 20)) = 0 ]; then
		wait_for 20 ping -c 1 -W 1 $peer && tcp "$((1000 + i))" || break
	fi
	done_link=$i
done
check "$cycles link down/up cycles under traffic ($done_link)" -- \
	test $done_link = $cycles
kill $blaster
wait $blaster 2>/dev/null

check "traffic after the cycles" -- tcp 2
zcnic-pp | sed 's/^/# /'
check "no page in flight in a detached page_pool (no leak)" -- \
	wait_for 60 bash -c 'test "$(zcnic-pp --detached-inflight)" = 0'
check "no detached page_pool left" -- \
	wait_for 60 bash -c "! zcnic-pp | grep -q 'detached 1'"
check "the driver's page pools are those of the live eth0" -- \
	bash -c "zcnic-pp | awk -v i=$(cat /sys/class/net/eth0/ifindex) '\$4 != i {exit 1}'"
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
