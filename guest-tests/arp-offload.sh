#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer arp-offload-peer.sh --timeout 300
# ARP offload (spec 8) seen from the guest: the device answers the peer's
# ARP requests for our address without Linux seeing them (tcpdump here
# sees none) and counts them; with the arp-offload flag off Linux answers.
# The device's table and a query from debugfs: a miss sends the request,
# the peer replies, the result holds the peer's MAC.  Both guests pin each
# other's MAC (permanent neighbour entries) so that the only ARP requests on
# the wire are the ones the peer's arping sends.
. /opt/zcnic/lib.sh
PEER_MAC=52:54:00:12:34:57
dbg=$(echo /sys/kernel/debug/zcnic/*)
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# phase NAME: tell the peer to run its next step, wait for its report
phase() {
	until echo "$1" 2>/dev/null >/dev/tcp/192.168.77.2/6000; do sleep 0.2; done
	nc -l -p 6001
}

check "ethtool: arp-offload is a private flag, on by default" -- \
	bash -c "ethtool --show-priv-flags eth0 | grep -Eq '^arp-offload *: *on$'"
check "the device answers for eth0's address" -- \
	grep -qx "host 192.168.77.1" $dbg/arp_table
ip addr add 10.9.9.9/32 dev eth0
check "an added address is programmed into the device" -- \
	grep -qx "host 10.9.9.9" $dbg/arp_table
ip addr del 10.9.9.9/32 dev eth0
check "a removed one is taken out" -- \
	bash -c "! grep -q 'host 10.9.9.9' $dbg/arp_table"
ip neigh replace 192.168.77.2 lladdr $PEER_MAC nud permanent dev eth0
# Until its script runs, the peer's kernel may still ask for us (to refuse
# our connection attempts): let that pass before counting.
check "the peer is ready" -- test "$(phase hello)" = hi

tcpdump -Z root -i eth0 -n -l 'arp and arp[6:2] == 1 and arp[24:4] == 0xc0a84d01' \
	>/tmp/arpreq 2>/tmp/tcpdump.err &
tcpdump_pid=$!
check "tcpdump listens for ARP requests for 192.168.77.1" -- \
	wait_for 10 grep -q listening /tmp/tcpdump.err

a0=$(stat dev_arp_answered)
r=$(phase arping)
echo "# peer: $r"
a1=$(stat dev_arp_answered)
check "offload on: the peer's arping got 5 answers of 5 ($r)" -- \
	test "$(field sent "$r")" = 5 -a "$(field received "$r")" = 5
check "the device answered exactly those 5 ($((a1 - a0)))" -- \
	test $((a1 - a0)) = 5
check "the device learned the peer from its requests" -- \
	grep -q "^entry 192.168.77.2 $PEER_MAC ttl" $dbg/arp_table

r=$(phase ping)
echo "# peer: $r"
check "the peer's kernel resolved us through the device: ping works ($r)" -- \
	test "$(field ping "$r")" = 0 -a "$(field neigh "$r")" = 52:54:00:12:34:56
sleep 1
check "tcpdump here saw no ARP request for us ($(wc -l </tmp/arpreq))" -- \
	test "$(wc -l </tmp/arpreq)" = 0

check "ethtool --set-priv-flags eth0 arp-offload off" -- \
	ethtool --set-priv-flags eth0 arp-offload off
a2=$(stat dev_arp_answered)
r=$(phase arping)
echo "# peer: $r"
sleep 1
check "offload off: Linux answered the arping ($r)" -- \
	test "$(field received "$r")" = 5
check "tcpdump here saw the requests ($(wc -l </tmp/arpreq))" -- \
	test "$(wc -l </tmp/arpreq)" -ge 5
check "the device answered none" -- test "$(stat dev_arp_answered)" = "$a2"
kill $tcpdump_pid
ethtool --set-priv-flags eth0 arp-offload on

# debugfs query: flush the table so that the peer's address misses
echo flush >$dbg/arp_table
check "flush empties the device's table" -- \
	bash -c "! grep -q '^entry' $dbg/arp_table"
sent0=$(stat dev_arp_requests_sent)
miss0=$(stat dev_arp_query_miss)
irq0=$(stat arp_query_irqs)
check "debugfs query for the peer" -- \
	bash -c "echo 192.168.77.2 >$dbg/arp_query"
check "the query missed and the device sent one request" -- \
	test $(($(stat dev_arp_query_miss) - miss0)) = 1 -a \
	     $(($(stat dev_arp_requests_sent) - sent0)) = 1
check "the peer's reply completes it: 001 and the peer's MAC" -- \
	wait_for 10 grep -qx "001 result 192.168.77.2 $PEER_MAC" $dbg/arp_query
cat $dbg/arp_query
check "with an ARP interrupt" -- test $(($(stat arp_query_irqs) - irq0)) -ge 1
hit0=$(stat dev_arp_query_hit)
echo 192.168.77.2 >$dbg/arp_query
check "a second query hits the learned record" -- \
	test $(($(stat dev_arp_query_hit) - hit0)) = 1
cat $dbg/arp_table
check "bad input to arp_query is refused" -- \
	bash -c "! echo 300.1.2.3 >$dbg/arp_query"
check "no WARN, BUG or oops" -- bash -c "! dmesg | grep -Eq 'WARNING|BUG|Oops'"
phase done >/dev/null
done_testing
