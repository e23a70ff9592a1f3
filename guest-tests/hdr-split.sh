#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer hdr-split-peer.sh
# Header split (spec 4.5) from the guest: on by default; TCP over IPv4 and
# IPv6 and UDP are split, ARP is not; tcp-data-split off stops it.
# (Debian 12's ethtool 6.1 shows tcp-data-split but cannot set it:
# zcnic-split sends the same netlink request ethtool -G would.)
. /opt/zcnic/lib.sh
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
split_state() { ethtool -g eth0 | awk -F':[ \t]*' '/TCP data split/ {print $2}'; }
ip -6 addr add fd00::1/64 dev eth0 nodad
wait_for 30 ping -c 1 -W 1 192.168.77.2

check "ethtool -g: TCP data split on by default" -- test "$(split_state)" = on
s0=$(stat dev_rx_split)
# the peer's listener may start after it answers ping: retry connecting
send() { wait_for 30 bash -c "zcnic-gen $1 $2 2>/dev/null >/dev/tcp/192.168.77.2/5001"; }
check "TCP over IPv4 to the peer" -- send 3 2M
s1=$(stat dev_rx_split)
check "the peer's TCP/IPv4 ACKs were split ($s0 -> $s1)" -- test "$s1" -gt "$s0"
check "TCP over IPv6 to the peer (iperf3 -6, 2 s)" -- \
	wait_for 30 iperf3 -6 -c fd00::2 -t 2
s2=$(stat dev_rx_split)
check "TCP/IPv6 segments were split ($s1 -> $s2)" -- test "$s2" -gt "$s1"
rx_udp() { timeout 20 tcpdump -Z root -c 3 -i eth0 -n udp port 5005 >/dev/null 2>&1; }
u0=$(stat dev_rx_split)
check "UDP datagrams from the peer arrive (tcpdump)" -- rx_udp
u1=$(stat dev_rx_split)
check "UDP frames were split ($u0 -> $u1)" -- test "$u1" -ge $((u0 + 3))
# the counter moves for this exchange: ARP resolves the peer again, on
# the wire (arp-resolve off: the device's buffer would answer, spec 8.8)
n0=$(stat dev_rx_nosplit_not_ip)
ethtool --set-priv-flags eth0 arp-resolve off
ip neigh flush dev eth0
ping -c 1 -W 2 192.168.77.2 >/dev/null
ethtool --set-priv-flags eth0 arp-resolve on
n1=$(stat dev_rx_nosplit_not_ip)
check "ARP is never split (counted as not IP: $n0 -> $n1)" -- test "$n1" -gt "$n0"

check "tcp-data-split off (zcnic-split, as ethtool -G)" -- zcnic-split eth0 off
check "ethtool -g: TCP data split off" -- test "$(split_state)" = off
wait_for 20 ping -c 1 -W 1 192.168.77.2
o0=$(stat dev_rx_split)
check "traffic with split off" -- send 5 2M
check "nothing split while off" -- test "$(stat dev_rx_split)" = "$o0"
check "tcp-data-split auto" -- zcnic-split eth0 auto
check "ethtool -g: auto means on" -- test "$(split_state)" = on
wait_for 20 ping -c 1 -W 1 192.168.77.2
check "traffic after auto" -- send 6 1M
check "split again after auto" -- test "$(stat dev_rx_split)" -gt "$o0"
done_testing
