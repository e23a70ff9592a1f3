#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer tx-shadow-peer.sh --timeout 600
# TX shadow block (spec 4.3.1): with the ethtool private flag tx-shadow on
# (the default) the driver programs TX_SHADOW and skips the TX_TAIL write
# while the device works (seen in a 3-second iperf3 stream, where the
# device is busy when the next frame comes); with it off TX_SHADOW is 0 and
# every tail is rung.  Setting the flag restarts the rings of a running
# interface.  A 64 MB stream to the peer arrives intact (sha256) both ways,
# and again after the flag is back on.
. /opt/zcnic/lib.sh
bytes=64M
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
peer=192.168.77.2
port=5200

flag() { ethtool --show-priv-flags eth0 | awk '$1 == "tx-shadow" {print $3}'; }

reflag() {
	ethtool --set-priv-flags eth0 tx-shadow "$1" &&
	test "$(flag)" = "$1" &&
	wait_for 10 grep -qx 1 /sys/class/net/eth0/carrier &&
	wait_for 10 ping -c 1 -W 1 $peer
}

# stream N: 64 MB main -> peer; the peer answers with its sha256
stream() {
	local want got
	want=$(zcnic-gen $port $bytes | sha256sum | cut -d' ' -f1)
	until zcnic-gen $port $bytes >/dev/tcp/$peer/$port; do
		sleep 0.2
	done 2>/dev/null
	got=$(nc -l -p $((port + 1)))
	port=$((port + 10))
	test "$got" = "$want"
}

iperf() { iperf3 -c $peer -t 3 -i 0 >/tmp/iperf.out 2>&1; }

check "private flag tx-shadow is on by default" -- test "$(flag)" = on
lo=$(zcnic-poke 0x118)
check "TX_SHADOW_LO is set and 64-byte aligned ($lo)" -- \
	test "$lo" != 0x00000000 -a $((lo & 63)) = 0

check "tx-shadow on: 64 MB main -> peer, sha256 matches" -- stream
k0=$(stat tx0_kick_skipped)
check "tx-shadow on: iperf3 stream" -- iperf
k=$(($(stat tx0_kick_skipped) - k0))
check "tx-shadow on: the device read tails TX_TAIL never got ($k)" -- \
	test "$k" -gt 100

check "tx-shadow off: the interface comes back" -- reflag off
check "tx-shadow off: TX_SHADOW_LO and _HI read 0" -- \
	test "$(zcnic-poke 0x118)$(zcnic-poke 0x11c)" = 0x000000000x00000000
k0=$(stat tx0_kick_skipped)
check "tx-shadow off: 64 MB main -> peer, sha256 matches" -- stream
check "tx-shadow off: iperf3 stream" -- iperf
check "tx-shadow off: every tail was rung" -- \
	test "$(stat tx0_kick_skipped)" = "$k0"

check "tx-shadow on again: the interface comes back" -- reflag on
check "tx-shadow on again: TX_SHADOW_LO is set" -- \
	test "$(zcnic-poke 0x118)" != 0x00000000
k0=$(stat tx0_kick_skipped)
check "tx-shadow on again: 64 MB main -> peer, sha256 matches" -- stream
check "tx-shadow on again: iperf3 stream" -- iperf
check "tx-shadow on again: tails read from the block" -- \
	test "$(stat tx0_kick_skipped)" -gt "$k0"
check "no driver reset, no TX timeout" -- test "$(stat resets)" = 0
check "dmesg: no WARN or BUG" -- bash -c "! dmesg | grep -qE 'WARNING|BUG'"
done_testing
