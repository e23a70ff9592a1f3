#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer lifecycle-peer.sh --timeout 600
# The driver survives what people do to a NIC, with traffic in between:
# ifdown/ifup, rmmod/insmod, ethtool -G, MTU changes, a device error.
. /opt/zcnic/lib.sh
ko=/lib/modules/$(uname -r)/extra/zcnic.ko
peer=192.168.77.2

# traffic: 1 MB to the peer's sink, and a ping back.  The sink serves one
# connection at a time: after a ring rebuild drops frames in flight, the
# previous connection may need TCP retransmissions (seconds under TCG)
# before it closes and the sink listens again, so retry for up to 30 s.
traffic() {
	local i
	for i in $(seq 60); do
		zcnic-gen "$1" 1M 2>/dev/null >/dev/tcp/$peer/5001 &&
			ping -c 1 -w 10 $peer >/dev/null && return 0
		sleep 0.5
	done
	return 1
}
up() {
	ip link set eth0 up
	ip addr replace 192.168.77.1/24 dev eth0
	wait_for 10 grep -qx 1 /sys/class/net/eth0/carrier
	# the peer's ARP entry may be stale after a re-bind
	wait_for 20 ping -c 1 -W 1 $peer
}

wait_for 30 ping -c 1 -W 1 $peer	# the peer boots alongside
check "traffic before anything" -- traffic 1

ok_cycles=0
for i in $(seq 1 20); do
	ip link set eth0 down && up && traffic "$i" || break
	ok_cycles=$i
done
check "20 cycles of ifdown/ifup with traffic ($ok_cycles)" -- test $ok_cycles = 20

ok_cycles=0
for i in $(seq 1 20); do
	rmmod zcnic && insmod "$ko" &&
		wait_for 10 test -e /sys/class/net/eth0 && up && traffic "$i" ||
		break
	ok_cycles=$i
done
check "20 cycles of rmmod/insmod with traffic ($ok_cycles)" -- test $ok_cycles = 20

check "ethtool -G rx 1023 tx 511" -- ethtool -G eth0 rx 1023 tx 511
check "ethtool -g reports the new sizes" -- bash -c \
	"ethtool -g eth0 | awk '/Current/ {c=1} c && /^RX:/ {r=\$2} c && /^TX:/ {t=\$2} END {exit !(r == 1023 && t == 511)}'"
check "traffic after ethtool -G" -- bash -c "$(declare -f wait_for up traffic); peer=$peer; up && traffic 30"
check "ethtool -G rx 300 sets 511 (rounded up to 2^n - 1)" -- \
	bash -c "ethtool -G eth0 rx 300 &&
		 ethtool -g eth0 | sed -n '/^Current/,\$p' | grep -qE '^RX:[[:space:]]+511\$'"
check "ethtool -G rx 0 and rx 4096 are refused" -- \
	bash -c "! ethtool -G eth0 rx 0 2>/dev/null && ! ethtool -G eth0 rx 4096 2>/dev/null"

# MTU change while a transfer runs.  Connect first (the sink may still be
# finishing the previous connection), then the transfer must not fail.
send_across() {
	local i
	for i in $(seq 60); do
		exec 4>/dev/tcp/$peer/5001 && break
		sleep 0.5
	done 2>/dev/null
	[ -e /proc/$BASHPID/fd/4 ] && zcnic-gen 40 32M >&4
}
send_across &
bg=$!
sleep 1
check "MTU 9000 during a transfer" -- ip link set eth0 mtu 9000
# 32 MB take seconds; a stream that stalls must fail here, with what the
# stack shows, not hang the guest until the suite's timeout
if ! wait_for 120 bash -c "! kill -0 $bg"; then
	echo "# transfer stalled; socket, TCP counters, queue, neighbours:"
	grep -v ' 0A ' /proc/net/tcp | sed 's/^/# /'
	grep TcpExt /proc/net/netstat | sed 's/^/# /'
	grep . /sys/class/net/eth0/queues/tx-0/byte_queue_limits/* \
		/sys/class/net/eth0/queues/tx-0/tx_timeout 2>/dev/null | sed 's/^/# /'
	ip -s neigh show dev eth0 | sed 's/^/# /'
	ethtool -S eth0 | grep -v ': 0$' | sed 's/^/# /'
	kill $bg
fi
check "the transfer across the MTU change completed" -- wait $bg
check "traffic at MTU 9000 (peer still 1500: small frames)" -- \
	bash -c "$(declare -f wait_for up traffic); peer=$peer; up && traffic 41"
check "MTU back to 1500" -- ip link set eth0 mtu 1500

# a device error: a TX tail beyond the ring, written behind the driver
resets0=$(ethtool -S eth0 | awk '$1 == "resets:" {print $2}')
zcnic-poke 0x110 0xffff >/dev/null
check "the error interrupt made the driver reset the device" -- \
	wait_for 10 bash -c "ethtool -S eth0 | awk -v r=$resets0 '\$1 == \"resets:\" {exit !(\$2 > r)}'"
check "dmesg: error status logged" -- \
	bash -c "dmesg | grep -q 'device error status 0x1, resetting'"
check "traffic resumes after the reset" -- \
	bash -c "$(declare -f wait_for up traffic); peer=$peer; up && traffic 50"
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
