#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer short-frames-peer.sh
# Frames shorter than 60 bytes: without TCP timestamps a segment with 1-5
# bytes of payload is a 55-59 byte frame whose payload the stack keeps in
# a page frag.  The driver pads it to 60 bytes (which linearizes it) and
# must then send the padded skb, not its stale frag: every byte arrives
# once and the TCP checksum is right (found by ./zcnic bench: iperf3's
# 1-byte control messages to the host were dropped by slirp).
. /opt/zcnic/lib.sh
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
sysctl -qw net.ipv4.tcp_timestamps=0
# one connection: the peer's sink takes only one
for i in $(seq 100); do
	exec 3<>/dev/tcp/192.168.77.2/5050 && break
	sleep 0.3
done 2>/dev/null
check "connected to the peer's sink" -- test -e /proc/$$/fd/3
for w in a bc def ghij klmno; do
	printf %s "$w" >&3
	sleep 0.3	# nothing in flight: each write is its own short segment
done
exec 3>&-
got=$(timeout 60 nc -l -p 5051)
check "the peer received exactly 'abcdefghijklmno' ($got)" -- \
	test "$got" = abcdefghijklmno
echo "# frames sent: $(stat dev_tx_frames)"
done_testing
