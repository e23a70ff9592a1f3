#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer forward-peer.sh --links 2
# Forwarding with GRO_HW (spec 4.7): the peer routes between its eth0 and
# eth1 (ip_forward on, GRO_HW on both).  This guest is both ends: the sender
# in its own namespace on eth0, the receiver in namespace "far" on eth1, so
# every byte crosses the wire twice and the forwarder in between.  A frame
# the forwarder's device coalesced is sent on as one GSO skb; it must come
# out as exactly the segments that went in (NETIF_F_GRO_HW, not LRO), with
# the forwarder's TSO (round 1) and with Linux's software GSO (round 2).
. /opt/zcnic/lib.sh
bytes=64M
fwd=192.168.77.2
far=10.77.1.1
stat() { ethtool -S "$1" | awk -v k="$2:" '$1 == k {print $2}'; }
fstat() { ip netns exec far ethtool -S "$1" | awk -v k="$2:" '$1 == k {print $2}'; }
count() { cat /sys/class/net/$1/statistics/$2; }
fcount() { ip netns exec far cat /sys/class/net/$1/statistics/$2; }
retrans() { awk '/^Tcp:/ && n++ {print $13}' /proc/net/snmp; }
fretrans() { ip netns exec far awk '/^Tcp:/ && n++ {print $13}' /proc/net/snmp; }

# ask the forwarder: "report" or "tso-off"; it answers with its counters
# (KEY VALUE lines) on port 7001
ask() {
	until echo "$1" >/dev/tcp/$fwd/7000; do sleep 0.2; done 2>/dev/null
	nc -l -p 7001 >/tmp/fwd.report
}
fwd_stat() { awk -v k="$1" '$1 == k {print $2}' /tmp/fwd.report; }

# No traffic but the test's own: no IPv6, static neighbours (no ARP)
noipv6="sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"
$noipv6
ip netns add far
ip netns exec far $noipv6
ip link set eth1 netns far
ip -n far link set lo up
ip -n far addr add $far/24 dev eth1
ip -n far link set eth1 up
ip route add 10.77.1.0/24 via $fwd
ip -n far route add 192.168.77.0/24 via 10.77.1.2
ip neigh replace $fwd lladdr 52:54:00:12:34:57 nud permanent dev eth0
ip -n far neigh replace 10.77.1.2 lladdr 52:54:00:12:31:57 nud permanent dev eth1

check "both ends reach each other through the forwarder" -- \
	wait_for 60 ip netns exec far ping -c 1 -W 1 192.168.77.1
check "the path is two hops (TTL 63 at the far end)" -- \
	bash -c "ping -c 1 -W 2 $far | grep -q 'ttl=63'"

ask report
gro0=$(fwd_stat eth0_gro_frames)
segs0=$(fwd_stat eth0_gro_segs)

# Round 1: this namespace (eth0) -> far (eth1); forwarder TSO on.
tx0=$(count eth0 tx_packets); rx0=$(fcount eth1 rx_packets); re0=$(retrans)
want=$(zcnic-gen 5300 $bytes | sha256sum | cut -d' ' -f1)
ip netns exec far bash -c 'nc -l -p 5300 | sha256sum | cut -d" " -f1' \
	>/tmp/got1 &
until zcnic-gen 5300 $bytes >/dev/tcp/$far/5300; do sleep 0.2; done 2>/dev/null
wait
check "round 1 (forwarder TSO): 64 MB forwarded, sha256 matches" -- \
	test "$(cat /tmp/got1)" = "$want"
sleep 1
tx=$(($(count eth0 tx_packets) - tx0)); rx=$(($(fcount eth1 rx_packets) - rx0))
re=$(($(retrans) - re0))
ask report
gro=$(($(fwd_stat eth0_gro_frames) - gro0))
segs=$(($(fwd_stat eth0_gro_segs) - segs0))
echo "# round 1: sent $tx packets, far end received $rx, $re retransmitted;" \
	"the forwarder coalesced $segs segments into $gro frames," \
	"forwarded $(fwd_stat forwarded) datagrams, TSO made $(fwd_stat eth1_tso_segs) segments"
check "round 1: the forwarder's device coalesced (GRO_HW)" -- test "$gro" -gt 0
check "round 1: the forwarder's TSO resegmented them" -- \
	test "$(fwd_stat eth1_tso_segs)" -gt 0
check "round 1: every packet sent arrived once, no more (sent $tx, received $rx)" -- \
	test "$rx" -le "$tx" -a $((tx - rx)) -le "$re"

# Round 2: far (eth1) -> this namespace (eth0); forwarder TSO off, so its
# kernel segments the coalesced skbs in software.
ask tso-off
check "round 2: the forwarder turned TSO off" -- \
	test "$(fwd_stat eth1_tso)" = off
tx0=$(fcount eth1 tx_packets); rx0=$(count eth0 rx_packets); re0=$(fretrans)
tso0=$(fwd_stat eth0_tso_segs)
gro1=$(fwd_stat eth1_gro_frames)
want=$(zcnic-gen 5301 $bytes | sha256sum | cut -d' ' -f1)
ip netns exec far bash -c "until zcnic-gen 5301 $bytes >/dev/tcp/192.168.77.1/5301; do sleep 0.2; done 2>/dev/null" &
got=$(nc -l -p 5301 | sha256sum | cut -d' ' -f1)
wait
check "round 2 (forwarder software GSO): 64 MB forwarded, sha256 matches" -- \
	test "$got" = "$want"
sleep 1
tx=$(($(fcount eth1 tx_packets) - tx0)); rx=$(($(count eth0 rx_packets) - rx0))
re=$(($(fretrans) - re0))
ask report
gro=$(($(fwd_stat eth1_gro_frames) - gro1))
echo "# round 2: sent $tx packets, received $rx, $re retransmitted;" \
	"the forwarder coalesced $gro frames on eth1"
check "round 2: the forwarder's device coalesced (GRO_HW)" -- test "$gro" -gt 0
check "round 2: the forwarder's TSO stayed off" -- \
	test "$(fwd_stat eth0_tso_segs)" = "$tso0"
check "round 2: every packet sent arrived once, no more (sent $tx, received $rx)" -- \
	test "$rx" -le "$tx" -a $((tx - rx)) -le "$re"

check "forwarder: no RX errors, no bad checksums" -- \
	test "$(fwd_stat rx_errors)" = 0 -a "$(fwd_stat csum_bad)" = 0
check "no frame above the MTU reached either end" -- \
	test "$(stat eth0 dev_rx_drop_size)" = 0 -a "$(fstat eth1 dev_rx_drop_size)" = 0
check "no RX checksum errors at either end" -- \
	test "$(stat eth0 dev_rx_csum_bad)" = 0 -a "$(fstat eth1 dev_rx_csum_bad)" = 0
check "dmesg: no WARN or BUG (here and on the forwarder)" -- \
	bash -c "! dmesg | grep -qE 'WARNING|BUG' && test $(fwd_stat warn) = 0"
done_testing
