#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer zc-tx-peer.sh --timeout 600
# MSG_ZEROCOPY end to end: 64 MB in 64 KB writes from this guest to the
# peer.  With scatter/gather DMA the kernel hands the user pages to the
# driver, so every completion must come back without
# SO_EE_CODE_ZEROCOPY_COPIED; the peer checks every byte.  The same with
# plain send() for comparison.
. /opt/zcnic/lib.sh
field() { awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' /tmp/zt.$2 2>/dev/null; }
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }

check "MSG_ZEROCOPY: 64 MB sent in 64 KB writes" -- \
	bash -c "zcnic-zctx -z -p 5020 -s 11 >/tmp/zt.zc"
cat /tmp/zt.zc
check "every send completed ($(field completed zc) of $(field sends zc))" -- \
	test -n "$(field sends zc)" -a "$(field completed zc)" = "$(field sends zc)"
check "no completion was COPIED ($(field copied zc) copied)" -- \
	test "$(field copied zc)" = 0
peer=$(nc -l -p 5029)
echo "# peer: $peer"
check "the peer received all 64 MB intact" -- \
	bash -c "echo '$peer' | grep -q '^bytes 67108864 .* rc=0$'"
# (the counter moves for a buffer the device cannot map: qtest
# /zcnic/tx/bounce; the driver never hands it one)
check "zero copy in the device too: no TX buffer bounced" -- \
	test "$(stat dev_tx_bounced)" = 0

check "plain send(): 64 MB sent" -- \
	bash -c "zcnic-zctx -p 5021 -s 12 >/tmp/zt.copy"
cat /tmp/zt.copy
peer=$(nc -l -p 5029)
echo "# peer: $peer"
check "the peer received all 64 MB intact" -- \
	bash -c "echo '$peer' | grep -q '^bytes 67108864 .* rc=0$'"
echo "# sender CPU for 64 MB: MSG_ZEROCOPY $(field cpu_ms zc) ms, send() $(field cpu_ms copy) ms"
done_testing
