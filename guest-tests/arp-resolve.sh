#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer peer-exec.sh --timeout 400
# The ARP block serving Linux's own resolution (spec 8.8, private flag
# arp-resolve): this guest talks to N addresses of the peer guest, with
# the flag off and then on, and the peer counts the ARP frames on the wire
# (tcpdump) while this guest pings each address and then runs a TCP flow
# to each.  Off: Linux broadcasts a request an address, the peer replies,
# and the device learns each reply.  On: the device's buffer answers, so
# no ARP frame goes on the wire (the flows confirm the entries: no
# unicast probe either), the neighbour entries hold the peer's MAC, and
# ethtool -S counts the requests saved.  A miss: the
# device sends the request, and the reply completes Linux's entry.  An
# expired record (ARP_TTL through debugfs arp_ttl) is never used.  An
# entry that failed (the peer gave the address up) is not taken from the
# device again: its request goes out.  arping is never taken over.  Both
# guests pin each other's main address (the control channel), so every
# ARP frame on the wire belongs to the test; the peer's ARP block is off,
# so that its own device neither answers nor hides any of them from its
# tcpdump.  First-packet RTTs are reported, not asserted.
. /opt/zcnic/lib.sh
N=8
PEER_MAC=52:54:00:12:34:57
MAIN_MAC=$(cat /sys/class/net/eth0/address)
dbg=$(echo /sys/kernel/debug/zcnic/*)
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
addrs=$(seq -s " " 10 $((10 + N - 1)))
flag() { ethtool --set-priv-flags eth0 arp-resolve "$1"; }
# forget every learned neighbour (the pinned one stays)
forget() { ip neigh flush dev eth0; }

# peer_do COMMAND: the peer runs COMMAND, then reports its output here
peer_do() {
	: >/tmp/peer.out
	(timeout 60 nc -l -p 5301 >/tmp/peer.out) &
	local l=$!
	sleep 0.3
	peer "( $* ) >/dev/tcp/$MAIN_IP/5301 2>&1"
	wait $l
}
# cap_start / cap_stop: the peer's tcpdump of every ARP frame on its link;
# cap_stop sets $frames (all), $reqs (requests from this guest's MAC) and
# $reps (replies to it)
cap_start() {
	peer_do "rm -f /tmp/cap /tmp/cap.err; (tcpdump -Z root -i eth0 -n -l -e arp >/tmp/cap 2>/tmp/cap.err &); for i in \$(seq 100); do grep -q listening /tmp/cap.err && break; sleep 0.1; done; grep -c listening /tmp/cap.err"
	test "$(cat /tmp/peer.out)" = 1
}
cap_stop() {
	sleep 1
	peer_do "killall tcpdump; sleep 0.5; cat /tmp/cap"
	sed 's/^/# peer tcpdump: /' /tmp/peer.out
	frames=$(grep -c 'ARP' /tmp/peer.out)
	reqs=$(grep -c " $MAIN_MAC > .*Request" /tmp/peer.out)
	reps=$(grep -c "> $MAIN_MAC, .*Reply" /tmp/peer.out)
	echo "# on the wire: $frames ARP frames, $reqs requests from $MAIN_MAC, $reps replies to it"
}
# pings ADDR...: one ping each; the first packet's RTTs (ms) into $rtts,
# the number answered into $answered
pings() {
	local a t
	rtts= answered=0
	for a in "$@"; do
		t=$(ping -c 1 -W 3 "$a" 2>/dev/null | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p')
		[ -n "$t" ] && answered=$((answered + 1)) && rtts="$rtts $t"
	done
}
# talk ADDR...: a ping to each (the first packet's RTTs, as pings), and
# then, to each, a TCP connection to the peer (port 7000 + the address's
# index) that sends a line a second for 8 s: its ACKs confirm the
# neighbour to Linux, as a flow's do.  (A ping alone confirms nothing: an
# entry from the device is STALE, as one Linux learned from a request, and
# Linux checks it with a unicast probe 5 s after use unless traffic
# confirmed it.)  $connected counts the connections that carried their 8
# lines.
talk() {
	local a i=0

	pings "$@"
	rm -f /tmp/talk.*
	for a in "$@"; do
		(exec 3>/dev/tcp/$a/$((7000 + i)) &&
			for _ in $(seq 8); do echo line >&3; sleep 1; done &&
			touch /tmp/talk.$a) 2>/dev/null &
		i=$((i + 1))
	done
	wait
	connected=$(ls /tmp/talk.* 2>/dev/null | wc -l)
}
# rtt_summary: median and mean of $rtts
rtt_summary() {
	echo $rtts | tr ' ' '\n' | sort -n |
		awk '{v[NR] = $1; s += $1} END {if (NR) printf "median %s ms, mean %.3f ms (%d pings)", v[int((NR + 1) / 2)], s / NR, NR}'
}
neigh_mac() { ip neigh show "$1" dev eth0 | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'; }

check "ethtool: arp-resolve is a private flag, on by default" -- \
	bash -c "ethtool --show-priv-flags eth0 | grep -Eq '^arp-resolve *: *on$'"
check "debugfs arp_ttl and the device's ARP_TTL read the spec's 1200 s" -- \
	test "$(cat $dbg/arp_ttl)" = 1200 -a "$(zcnic-poke 0x304)" = 0x000004b0
check "arp_ttl refuses 0 and 86401 (the device would call them guest errors)" -- \
	bash -c "! echo 0 >$dbg/arp_ttl && ! echo 86401 >$dbg/arp_ttl && test \$(cat $dbg/arp_ttl) = 1200"

ip neigh replace $PEER_IP lladdr $PEER_MAC nud permanent dev eth0
peer_do "ethtool --set-priv-flags eth0 arp-offload off arp-resolve off; ip neigh replace $MAIN_IP lladdr $MAIN_MAC nud permanent dev eth0; for i in $addrs 30 31; do ip addr add 192.168.77.\$i/24 dev eth0; done; for p in \$(seq 7000 $((7000 + N - 1))); do (while :; do nc -l -p \$p; done >/dev/null 2>&1 </dev/null &); done; echo ready"
check "the peer holds 192.168.77.10-$((10 + N - 1)), .30 and .31" -- \
	grep -qx ready /tmp/peer.out
set -- $(for i in $addrs; do echo 192.168.77.$i; done)

# flag off: Linux resolves each address on the wire; the device learns
flag off
forget
check "flag off: the peer's tcpdump listens" -- cap_start
talk "$@"
cap_stop
off_frames=$frames off_reqs=$reqs off_rtt=$(rtt_summary)
echo "# flag off: first-packet RTT $off_rtt"
check "flag off: all $N addresses answered ping ($answered) and carried a TCP flow ($connected)" -- \
	test "$answered" = $N -a "$connected" = $N
check "flag off: Linux broadcast one request an address and each was answered ($reqs requests, $reps replies)" -- \
	test "$reqs" = $N -a "$reps" = $N
check "the device learned the $N addresses from the replies (debugfs arp_table)" -- \
	test "$(grep -cE "^entry 192\.168\.77\.1[0-9] $PEER_MAC ttl" $dbg/arp_table)" = $N

# flag on: the device's buffer answers; nothing on the wire
flag on
forget
r0=$(stat arp_host_resolved) h0=$(stat dev_arp_query_hit) q0=$(stat dev_arp_requests_sent)
check "flag on: the peer's tcpdump listens" -- cap_start
talk "$@"
cap_stop
r1=$(stat arp_host_resolved) h1=$(stat dev_arp_query_hit)
on_rtt=$(rtt_summary)
echo "# flag on: first-packet RTT $on_rtt"
echo "# RESULT ARP frames on the wire for $N addresses (a ping and an 8-s TCP flow each): flag off $off_frames ($off_reqs requests), flag on $frames ($reqs requests); first-packet RTT: off $off_rtt; on $on_rtt"
check "flag on: all $N addresses answered ping ($answered) and carried a TCP flow ($connected)" -- \
	test "$answered" = $N -a "$connected" = $N
check "flag on: no ARP frame on the wire, no request and no probe ($frames)" -- test "$frames" = 0
check "ethtool -S arp_host_resolved counts the $N requests not sent ($r0 -> $r1)" -- \
	test $((r1 - r0)) = $N
check "each was a hit in the device's buffer (dev_arp_query_hit $h0 -> $h1), none sent by it" -- \
	test $((h1 - h0)) = $N -a "$(stat dev_arp_requests_sent)" = "$q0"
n=0
for a in "$@"; do [ "$(neigh_mac $a)" = $PEER_MAC ] && n=$((n + 1)); done
check "ip neigh: the $N entries hold the peer's MAC, from the device ($n)" -- test $n = $N

# a miss: the device sends the request itself, the reply completes both
m0=$(stat arp_host_missed) q0=$(stat dev_arp_requests_sent)
check "miss: the peer's tcpdump listens" -- cap_start
pings 192.168.77.30
cap_stop
check "miss: 192.168.77.30 answered ping" -- test "$answered" = 1
check "miss: the device sent the request (dev_arp_requests_sent $q0 -> $(stat dev_arp_requests_sent), arp_host_missed $m0 -> $(stat arp_host_missed))" -- \
	test $(($(stat dev_arp_requests_sent) - q0)) = 1 -a $(($(stat arp_host_missed) - m0)) = 1
check "miss: on the wire one request from this guest's MAC and one reply ($reqs, $reps)" -- \
	test "$reqs" = 1 -a "$reps" = 1
check "miss: the reply completed Linux's entry with the peer's MAC" -- \
	test "$(neigh_mac 192.168.77.30)" = $PEER_MAC

# TTL: a record learned with ARP_TTL 3 s is not used once it expired
echo 3 >$dbg/arp_ttl
flag off
pings 192.168.77.31
check "a record learned with arp_ttl 3 lives 3 s" -- \
	grep -qE "^entry 192\.168\.77\.31 $PEER_MAC ttl [1-3]$" $dbg/arp_table
echo 1200 >$dbg/arp_ttl
flag on
forget
sleep 4
check "after 4 s it is gone from the buffer (expired)" -- \
	bash -c "! grep -q '^entry 192\.168\.77\.31 ' $dbg/arp_table"
r0=$(stat arp_host_resolved) m0=$(stat arp_host_missed)
pings 192.168.77.31
echo "# arp_host_passed $(stat arp_host_passed), dev_arp_query_hit $(stat dev_arp_query_hit), dev_arp_query_miss $(stat dev_arp_query_miss)"
check "the expired record is not used: a miss, the device asked the wire (arp_host_missed $m0 -> $(stat arp_host_missed), arp_host_resolved stays $r0)" -- \
	test $(($(stat arp_host_missed) - m0)) = 1 -a "$(stat arp_host_resolved)" = "$r0" -a "$answered" = 1
check "the reply was learned with arp_ttl back at 1200 s" -- \
	grep -qE "^entry 192\.168\.77\.31 $PEER_MAC ttl 1(19[0-9]|200)$" $dbg/arp_table

# an entry that failed: the peer gives .17 up, the device still has it;
# Linux takes it from the device once, its unicast probes go unanswered,
# the entry fails, and the next request for .17 goes out as Linux made it
peer_do "ip addr del 192.168.77.17/24 dev eth0; echo gone"
forget
r0=$(stat arp_host_resolved)
pings 192.168.77.17
check "192.168.77.17, given up by the peer, came from the device's buffer once ($r0 -> $(stat arp_host_resolved))" -- \
	test $(($(stat arp_host_resolved) - r0)) = 1
check "its entry failed: the peer did not answer Linux's unicast probes" -- \
	wait_for 30 bash -c "ip neigh show 192.168.77.17 dev eth0 | grep -q FAILED"
p0=$(stat arp_host_passed) r0=$(stat arp_host_resolved)
check "after it: the peer's tcpdump listens" -- cap_start
pings 192.168.77.17
cap_stop
check "after it: the request for .17 went out as Linux made it (arp_host_passed $p0 -> $(stat arp_host_passed), $reqs on the wire), not from the device" -- \
	test "$(stat arp_host_passed)" -gt "$p0" -a "$reqs" -ge 1 -a "$(stat arp_host_resolved)" = "$r0"

# arping (a packet socket) gets its reply: its request is never taken
# over, even while Linux's own entry for the address waits (incomplete)
forget
ip neigh add 192.168.77.10 dev eth0 nud incomplete
check "arping 192.168.77.10 with the flag on, its neighbour entry incomplete: answered" -- \
	arping -c 1 -w 5 -I eth0 192.168.77.10
# ARP_TTL survives a device reset: the driver writes it back
echo 77 >$dbg/arp_ttl
check "arp_ttl 77 is the device's ARP_TTL" -- test "$(zcnic-poke 0x304)" = 0x0000004d
check "a device reset (an RX DMA fault)" -- device_reset
check "after the reset ARP_TTL is 77 again (the driver wrote it back)" -- \
	test "$(zcnic-poke 0x304)" = 0x0000004d
echo 1200 >$dbg/arp_ttl
dmesg | grep 'ARP query' | sed 's/^/# /'
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
