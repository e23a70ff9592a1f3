#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer peer-exec.sh --timeout 900
# Native XDP in the driver: every action on frames the device wrote, the
# program's own count against the driver's per-queue counters.  XDP_PASS
# keeps a TCP transfer intact; XDP_DROP and XDP_ABORTED drop exactly what
# the program chose; XDP_TX and XDP_REDIRECT (through a devmap, out of
# ndo_xdp_xmit) send datagrams back, every byte checked by the peer; the
# RX hash kfunc gives the device's Toeplitz hash.  While a program is
# attached header split and GRO_HW are off and come back after; MTU 9000
# needs a multi-buffer (xdp.frags) program, which then sees whole frames
# of three buffers.
. /opt/zcnic/lib.sh

# the driver's counter NAME (ethtool -S)
ctr() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
declare -A c0
# snap: the counters below, now; d NAME: its growth since
snap() {
	local k
	for k in rx0_packets rx0_errors rx0_xdp_pass rx0_xdp_drop rx0_xdp_tx \
		 rx0_xdp_tx_err rx0_xdp_redirect rx0_xdp_redirect_err \
		 rx0_xdp_aborted tx0_xdp_xmit tx0_xdp_xmit_err resets; do
		c0[$k]=$(ctr $k)
	done
}
d() { echo $(( $(ctr $1) - c0[$1] )); }

# xrun PROG PORT SECS COUNT: zcnic-xdp run in the background, attached
xrun() {
	# emptied first: the job's own truncation could come after the wait
	# below saw the last run's "attached"
	: >/tmp/xdp.out
	zcnic-xdp run eth0 "$@" >>/tmp/xdp.out 2>&1 &
	xpid=$!
	wait_for 30 grep -q attached /tmp/xdp.out
}
# xend: wait for it; its counters into $matched, $bytes, $hash_ok...
xend() {
	wait $xpid
	sed 's/^/# /' /tmp/xdp.out
	set -- $(grep ^matched /tmp/xdp.out) x x x x x x x x x x x x x x
	matched=$2 bytes=$4 hash_ok=$6 hash_err=$8 last_hash=${10}
	last_type=${12} last_err=${14}
}
# pcmd CMD: the peer runs CMD; its output comes back in /tmp/peer.out
pcmd() {
	(timeout 180 nc -l -p 5301 >/tmp/peer.out) &
	local pid=$!
	sleep 0.3
	peer "$1 >/dev/tcp/$MAIN_IP/5301 2>&1"
	wait $pid
	sed 's/^/# peer: /' /tmp/peer.out
}
# pecho PORT COUNT LEN: the peer's echo client; $sent $echoed $intact
pecho() {
	pcmd "zcnic-xdp echo $MAIN_IP $1 $2 $3"
	set -- $(cat /tmp/peer.out) x x x x x x
	sent=$2 echoed=$4 intact=$6
}
# udp PORT COUNT: the peer sends COUNT datagrams to PORT (from 40001)
udp() { pcmd "zcnic-rxhash send -u $MAIN_IP 40001 $1 $2"; }
# xfer PORT SEED SIZE: a TCP transfer from the peer, sha256 compared
xfer() {
	(timeout 300 nc -l -p "$1" | sha256sum >/tmp/got) &
	local pid=$!
	zcnic-gen "$2" "$3" | sha256sum >/tmp/want
	sleep 0.5
	peer "zcnic-gen $2 $3 >/dev/tcp/$MAIN_IP/$1"
	wait $pid
	echo "# got $(cat /tmp/got) want $(cat /tmp/want)"
	cmp -s /tmp/got /tmp/want
}
split_is() { ethtool -g eth0 | grep -qE "^TCP data split:[[:space:]]+$1\$"; }
gro_hw() { ethtool -k eth0 | grep -q "^rx-gro-hw: $1"; }

wait_for 30 ping -c 1 -W 1 $PEER_IP
ethtool -S eth0 | grep -E 'xdp' | sed 's/^/# /'
check "ethtool -S: per-queue XDP counters, all 0" -- \
	bash -c "[ \$(ethtool -S eth0 | grep -cE '^ +(rx|tx)0_xdp_[a-z_]+: 0\$') -eq 9 ]"
check "header split and rx-gro-hw on before any program" -- \
	bash -c "$(declare -f split_is gro_hw); split_is on && gro_hw on"

# XDP_PASS: the stack gets every frame, a 16 MB transfer is intact
snap
xrun pass 7000 180 100
check "XDP_PASS: attached in native mode" -- grep -q attached /tmp/xdp.out
check "attached: header split suspended (ethtool -g: off)" -- split_is off
check "attached: rx-gro-hw off [requested on]" -- \
	bash -c "ethtool -k eth0 | grep -qx 'rx-gro-hw: off \[requested on\]'"
check "XDP_PASS: a 16 MB TCP transfer keeps its sha256" -- xfer 6000 11 16777216
udp 7000 100
xend
check "XDP_PASS: the program matched the 100 datagrams to port 7000" -- \
	test "$matched" = 100
n=$(d rx0_xdp_pass)
check "rx0_xdp_pass grew by the transfer's frames ($n of $(d rx0_packets), > 11000)" -- \
	test "$n" -le "$(d rx0_packets)" -a "$n" -gt 11000
check "detached: header split and rx-gro-hw on again" -- \
	bash -c "$(declare -f split_is gro_hw); split_is on && gro_hw on"

# XDP_DROP and XDP_ABORTED: exactly the datagrams the program chose
zcnic-xdp recv 7001 40 >/tmp/u7001 &
rpid=$!
wait_for 10 grep -q listening /tmp/u7001
snap
xrun drop 7001 120 1000
udp 7001 1000
xend
check "XDP_DROP: the program matched 1000 datagrams" -- test "$matched" = 1000
check "rx0_xdp_drop grew by 1000 ($(d rx0_xdp_drop))" -- \
	test "$(d rx0_xdp_drop)" = 1000
xrun pass 7001 60 10
udp 7001 10
xend
wait $rpid
got=$(awk '/^received/ {print $2}' /tmp/u7001)
check "XDP_DROP: the socket got only the 10 sent after it ($got)" -- \
	test "$got" = 10
snap
xrun aborted 7001 120 200
udp 7001 200
xend
check "XDP_ABORTED: rx0_xdp_aborted grew by 200 ($(d rx0_xdp_aborted))" -- \
	test "$matched" = 200 -a "$(d rx0_xdp_aborted)" = 200

# XDP_TX: datagrams turned back to the peer, every byte as sent
snap
xrun tx 7002 180 1000
pecho 7002 1000 512
xend
check "XDP_TX: 1000 of 1000 datagrams came back intact" -- \
	test "$sent" = 1000 -a "$echoed" = 1000 -a "$intact" = 1000
check "XDP_TX: rx0_xdp_tx and tx0_xdp_xmit grew by 1000 ($(d rx0_xdp_tx), $(d tx0_xdp_xmit))" -- \
	test "$(d rx0_xdp_tx)" = 1000 -a "$(d tx0_xdp_xmit)" = 1000

# XDP_REDIRECT into a devmap of eth0: out through ndo_xdp_xmit
snap
xrun redirect 7003 180 1000
pecho 7003 1000 1400
xend
check "XDP_REDIRECT: 1000 of 1000 datagrams came back intact" -- \
	test "$sent" = 1000 -a "$echoed" = 1000 -a "$intact" = 1000
check "XDP_REDIRECT: rx0_xdp_redirect and tx0_xdp_xmit grew by 1000 ($(d rx0_xdp_redirect), $(d tx0_xdp_xmit))" -- \
	test "$(d rx0_xdp_redirect)" = 1000 -a "$(d tx0_xdp_xmit)" = 1000

# bpf_xdp_metadata_rx_hash(): the device's hash (spec 4.8), as computed here
ethtool -X eth0 hkey $MSKEY
ethtool -N eth0 rx-flow-hash udp4 sdfn
h=$(zcnic-rxhash hash $MSKEY $PEER_IP $MAIN_IP 40001 7004)
xrun rxhash 7004 120 20
udp 7004 20
xend
# XDP_RSS_TYPE_L4_IPV4_UDP: L3_IPV4 | L4 | L4_UDP
check "RX hash kfunc: 20 hashes, the last $last_hash = Toeplitz $h, type 41 (L4_IPV4_UDP)" -- \
	test "$hash_ok" = 20 -a "$last_hash" = "$h" -a "$last_type" = 41
ethtool -K eth0 rxhash off
xrun rxhash 7004 120 20
udp 7004 20
xend
ethtool -K eth0 rxhash on
check "RX hash kfunc with rxhash off: 20 times -ENODATA ($last_err)" -- \
	test "$hash_ok" = 0 -a "$hash_err" = 20 -a "$last_err" = 61

# What a program attached refuses, and detaching with ip link
zcnic-xdp attach eth0 pass 7000 >/dev/null
check "ip link shows the program (xdp, native)" -- \
	bash -c "ip link show eth0 | grep -q 'xdp '"
check "attached: MTU 9000 refused (single-buffer program)" -- \
	bash -c "! ip link set eth0 mtu 9000 2>/dev/null"
check "attached: ethtool -G tcp-data-split on refused" -- \
	bash -c "! ethtool -G eth0 tcp-data-split on 2>/dev/null"
check "attached: ethtool -G rx 511 accepted, split still off" -- \
	bash -c "$(declare -f split_is); ethtool -G eth0 rx 511 && split_is off"
check "ip link set eth0 xdp off: detached, header split back" -- \
	bash -c "$(declare -f split_is); ip link set eth0 xdp off &&
		 ! ip link show eth0 | grep -q 'xdp ' && split_is on"
ethtool -G eth0 rx 255

# MTU 9000: a frame is three buffers, for xdp.frags programs only
peer "ip link set eth0 mtu 9000"
ip link set eth0 mtu 9000
wait_for 30 ping -c 1 -W 1 -s 8000 $PEER_IP
check "MTU 9000: a single-buffer program is refused (xdp.frags)" -- \
	bash -c "! zcnic-xdp run eth0 pass 7000 1 2>/tmp/sb.err; cat /tmp/sb.err; grep -q xdp.frags /tmp/sb.err"
snap
xrun tx_mb 7005 180 200
pecho 7005 200 8000
xend
check "XDP_TX, 8000-byte datagrams: 200 of 200 came back intact" -- \
	test "$sent" = 200 -a "$echoed" = 200 -a "$intact" = 200
check "the program saw whole frames: 200 x 8042 bytes ($bytes)" -- \
	test "$bytes" = $((200 * 8042))
check "XDP_TX multi-buffer: rx0_xdp_tx grew by 200 ($(d rx0_xdp_tx))" -- \
	test "$(d rx0_xdp_tx)" = 200
snap
xrun redirect_mb 7006 180 200
pecho 7006 200 8000
xend
check "XDP_REDIRECT, 8000-byte datagrams: 200 of 200 came back intact" -- \
	test "$sent" = 200 -a "$echoed" = 200 -a "$intact" = 200
xrun pass_mb 7000 180 10
check "XDP_PASS multi-buffer: a 16 MB transfer at MTU 9000 keeps its sha256" -- \
	xfer 6001 12 16777216
udp 7000 10
xend
peer "ip link set eth0 mtu 1500"
ip link set eth0 mtu 1500

snap
check "no frame refused, no XDP error, no reset over the whole test" -- \
	bash -c "ethtool -S eth0 | grep -E '^ +(rx0_errors|rx0_xdp_tx_err|rx0_xdp_redirect_err|tx0_xdp_xmit_err|resets):' |
		 awk '{print} \$2 != 0 {bad = 1} END {exit bad}'"
check "no WARN, BUG or oops" -- bash -c "! dmesg | grep -Eq 'WARNING|BUG|Oops'"
done_testing
