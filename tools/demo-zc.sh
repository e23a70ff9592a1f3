#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the demo's zcnic guest of the two-guest part (tools/demo.sh);
# the peer is tools/demo-zc-peer.sh.
say() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }

say "Two guests over -netdev stream, MTU 4148: each TCP payload is one 4 KiB page"
ip -br addr show eth0
ethtool -g eth0 | grep -i 'tcp data split'

say "Receive 64 MB with TCP_ZEROCOPY_RECEIVE, header split on (every byte checked)"
zcnic-zcrx -p 5010 -s 7 -c 512 | tee /tmp/on
ethtool -S eth0 | grep -E 'dev_rx_split|dev_rx_nosplit' | grep -v ' 0$'
echo "=> $(awk '{print $8}' /tmp/on) % of the payload pages were mapped into the receiver, not copied"

say "The same with header split and hardware GRO off: headers and payload share a buffer"
# GRO off too: a coalesced 64 KB frame puts payload in whole pages by itself
zcnic-split eth0 off
ethtool -K eth0 rx-gro-hw off
zcnic-zcrx -p 5011 -s 8 | tee /tmp/off
echo "=> $(awk '{print $8}' /tmp/off) % mapped"
zcnic-split eth0 on
ethtool -K eth0 rx-gro-hw on

say "Send 64 MB with MSG_ZEROCOPY in 64 KB writes (the peer checks every byte)"
zcnic-zctx -z -p 5020 -s 11 -b 64M | tee /tmp/tx
echo "=> $(awk '{print $8}' /tmp/tx) of $(awk '{print $4}' /tmp/tx) completions were COPIED; the device bounced $(stat dev_tx_bounced) buffers"
echo "peer: $(nc -l -p 5029)"

dbg=$(echo /sys/kernel/debug/zcnic/*)
say "ARP offload: requests for 192.168.77.1 the device answered itself"
ethtool --show-priv-flags eth0 | tail -n 1
ethtool -S eth0 | grep -E 'dev_arp_' | grep -v ' 0$'
echo "=> the device answered $(stat dev_arp_answered) ARP requests and learned $(stat dev_arp_learned) records"
echo "The device's host addresses and ARP table ($dbg/arp_table):"
cat $dbg/arp_table

say "A query to the device's ARP block (debugfs): flush, ask for the peer"
m0=$(stat dev_arp_query_miss)
r0=$(stat dev_arp_requests_sent)
echo flush >$dbg/arp_table
echo 192.168.77.2 >$dbg/arp_query
sleep 0.5
q=$(cat $dbg/arp_query)
echo "arp_query: $q"
ethtool -S eth0 | grep -E 'dev_arp_(query|requests)'
echo "=> lookups missed: $m0 -> $(stat dev_arp_query_miss); requests the device broadcast: $r0 -> $(stat dev_arp_requests_sent)"
case $q in
"001 "*) echo "=> the peer's reply completed the query: status 001, its MAC in the result" ;;
*) echo "=> the query has no result (status ${q%% *})" ;;
esac
