#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer rx-recycle-peer.sh --mtu 9000
# RX pages come back to the driver's page_pool instead of the page
# allocator: receiving 256 MB at MTU 9000 (hardware GRO on, so the socket
# gets 64 KB frames and returns their pages in bursts) allocates fewer than
# one page per 10 pages of data (measured 0.035; with the pool's ring only as
# large as the RX ring it was 0.28, each new page zeroed by Debian's
# init_on_alloc).  iperf3 sends, so the receiver's socket fills and
# drains in bursts; the iperf3 server reads into one 128 KB buffer, so
# nothing else on this side allocates per byte.  iperf3 -n counts bytes
# the client wrote and the server stops reading at the client's TEST_END,
# so up to a socket buffer of them may never be received (CI once saw
# 1 MB short): the bound is on what eth0 did receive, and the ratio is
# taken over that.
. /opt/zcnic/lib.sh
bytes=$((256 * 1048576))
pgalloc() { awk '/^pgalloc_/ {s += $2} END {print s}' /proc/vmstat; }

check "rx-gro-hw on" -- bash -c "ethtool -k eth0 | grep -qx 'rx-gro-hw: on'"
# warm-up stream: the pool fills to its working size
check "warm-up: iperf3 received 16 MB" -- iperf3 -s -1 -p 5301
rx=/sys/class/net/eth0/statistics/rx_bytes
a=$(pgalloc)
r0=$(cat $rx)
check "iperf3 received 256 MB" -- iperf3 -s -1 -p 5302
b=$(pgalloc)
got=$(($(cat $rx) - r0))
check "eth0 received at least 240 MB ($got bytes)" -- \
	test "$got" -ge $((240 * 1048576))
pages=$((b - a))
echo "# $pages page allocations for $((got / 4096)) pages of data"
check "fewer than 1 page allocated per 10 pages received ($pages)" -- \
	test "$pages" -lt $((got / 4096 / 10))
done_testing
