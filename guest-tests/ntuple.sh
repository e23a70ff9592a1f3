#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer peer-exec.sh
# Ntuple rules (spec 4.9) through ethtool -N: a drop rule drops one UDP
# flow in the device and no other, the lowest rule wins, rules are listed,
# deleted, kept over a reset, and forgotten with ntuple off.  Each flow is
# told apart by its RSS hash (rss-hash.sh checks those): a packet socket
# counts the packets that arrive with the flow's hash.
. /opt/zcnic/lib.sh
dev() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
# refused LOC ARGS...: ethtool -N ARGS fails and rule LOC is not there
# (bookworm's ethtool exits 0 when the driver refuses a rule: its message
# and the rule list tell)
refused() {
	local loc=$1 out
	shift
	out=$(ethtool -N eth0 "$@" loc "$loc" 2>&1)
	echo "# $out"
	echo "$out" | grep -q 'Cannot insert RX class rule' &&
		! ethtool -n eth0 rule "$loc" >/dev/null 2>&1
}

ethtool -X eth0 hkey $MSKEY
ethtool -N eth0 rx-flow-hash udp4 sdfn
h6666=$(zcnic-rxhash hash $MSKEY $PEER_IP $MAIN_IP 40001 6666)
h6667=$(zcnic-rxhash hash $MSKEY $PEER_IP $MAIN_IP 40001 6667)

check "ethtool -k: ntuple-filters on" -- \
	bash -c "ethtool -k eth0 | grep -qx 'ntuple-filters: on'"
check "ethtool -n: 0 rules of 64" -- \
	bash -c "ethtool -n eth0 | grep -q 'Total 0 rules'"
flow u 40001 6666 20 "$h6666"
check "no rule: the flow to 6666 arrives (20 of 20)" -- test "$matched" -eq 20

d0=$(dev dev_rx_drop_ntuple)
check "ethtool -N flow-type udp4 dst-port 6666 action -1 loc 5" -- \
	ethtool -N eth0 flow-type udp4 dst-port 6666 action -1 loc 5
ethtool -n eth0 >/tmp/n.out
sed 's/^/# /' /tmp/n.out
check "ethtool -n: rule 5, UDP over IPv4, dst port 6666, drop" -- \
	bash -c "grep -q 'Total 1 rules' /tmp/n.out && grep -q 'Filter: 5' /tmp/n.out &&
		 grep -q 'Rule Type: UDP over IPv4' /tmp/n.out &&
		 grep -qE 'Dest port: 6666 mask: 0x0' /tmp/n.out &&
		 grep -q 'Action: Drop' /tmp/n.out"
flow u 40001 6666 20 "$h6666"
check "the flow to 6666 is dropped (0 of 20 arrive)" -- test "$matched" -eq 0
check "dev_rx_drop_ntuple counted the 20" -- \
	test $(( $(dev dev_rx_drop_ntuple) - d0 )) -eq 20
flow u 40001 6667 20 "$h6667"
check "the flow to 6667 still arrives (20 of 20)" -- test "$matched" -eq 20

# the lowest location wins: rule 1 delivers 6667 before rule 5... and
# rule 7 drops every other UDP datagram
check "ethtool -N flow-type udp4 action -1 loc 7 (any UDP)" -- \
	ethtool -N eth0 flow-type udp4 action -1 loc 7
check "ethtool -N flow-type udp4 dst-port 6667 action 0 loc 1" -- \
	ethtool -N eth0 flow-type udp4 dst-port 6667 action 0 loc 1
flow u 40001 6667 20 "$h6667"
check "rule 1 before rule 7: 6667 arrives (20 of 20)" -- test "$matched" -eq 20
h6668=$(zcnic-rxhash hash $MSKEY $PEER_IP $MAIN_IP 40001 6668)
d0=$(dev dev_rx_drop_ntuple)
flow u 40001 6668 20 "$h6668"
check "rule 7: 6668 is dropped (0 of 20; dev_rx_drop_ntuple +20)" -- \
	test "$matched" -eq 0 -a $(( $(dev dev_rx_drop_ntuple) - d0 )) -eq 20

check "ethtool -N action 1: refused (one queue)" -- \
	refused 9 flow-type udp4 dst-port 7000 action 1
check "ethtool -N tos: refused (not matched by the device)" -- \
	refused 9 flow-type tcp4 tos 4 action -1
check "ethtool -N dst-mac: refused (not matched by the device)" -- \
	refused 9 flow-type ether dst 02:00:00:00:00:01 action -1
check "ethtool -N flow-type tcp6 src-ip fd00::2 action -1: accepted" -- \
	ethtool -N eth0 flow-type tcp6 src-ip fd00::2 action -1 loc 10
check "ethtool -N flow-type ether proto 0x88b5 vlan 7 m 0xf000 action -1" -- \
	ethtool -N eth0 flow-type ether proto 0x88b5 vlan 7 m 0xf000 action -1 loc 11
check "ethtool -n: 5 rules" -- \
	bash -c "ethtool -n eth0 | grep -q 'Total 5 rules'"

check "ethtool -N delete 7" -- ethtool -N eth0 delete 7
flow u 40001 6668 20 "$h6668"
check "rule 7 deleted: 6668 arrives (20 of 20)" -- test "$matched" -eq 20

check "a device reset (RX DMA fault): the driver writes the rules again" -- \
	device_reset
d0=$(dev dev_rx_drop_ntuple)
flow u 40001 6666 20 "$h6666"
check "after the reset: 6666 still dropped (0 of 20; dev_rx_drop_ntuple +20)" -- \
	test "$matched" -eq 0 -a $(( $(dev dev_rx_drop_ntuple) - d0 )) -eq 20
flow u 40001 6668 20 "$h6668"
check "after the reset: 6668 arrives (20 of 20)" -- test "$matched" -eq 20

check "ethtool -K ntuple off" -- ethtool -K eth0 ntuple off
check "ethtool -n: no rule left" -- \
	bash -c "ethtool -n eth0 2>&1 | grep -q 'Total 0 rules'"
flow u 40001 6666 20 "$h6666"
check "ntuple off: 6666 arrives (20 of 20)" -- test "$matched" -eq 20
check "ethtool -N with ntuple off: refused" -- \
	refused 5 flow-type udp4 dst-port 6666 action -1
check "ethtool -K ntuple on" -- ethtool -K eth0 ntuple on
done_testing
