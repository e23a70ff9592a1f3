#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer zc-rx-peer.sh --mtu 4148 --timeout 600
# TCP_ZEROCOPY_RECEIVE end to end: with header split every 4096-byte payload
# (MTU 4148 = 4096 + IPv4 20 + TCP 20 + timestamps 12; tcp_mmap.c's 4168 is
# for IPv6) lands in its own page at offset
# 0, so the kernel maps it into the receiver instead of copying it.  With
# split (and hardware GRO, whose 64 KB frames also put payload in whole
# pages) off, the same stream is copied.  Every byte is checked.
. /opt/zcnic/lib.sh
field() { awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' /tmp/zc.$2 2>/dev/null; }
# at_least RUN MIN / below RUN MAX: the mapped percentage of a run (fails
# when the run printed none)
at_least() { local v; v=$(field mapped% "$1"); [ -n "$v" ] && awk -v v="$v" -v m="$2" 'BEGIN {exit !(v >= m)}'; }
below() { local v; v=$(field mapped% "$1"); [ -n "$v" ] && awk -v v="$v" -v m="$2" 'BEGIN {exit !(v < m)}'; }

check "zero-copy receive of 256 MB, data verified" -- \
	bash -c "zcnic-zcrx -p 5010 -s 7 >/tmp/zc.on"
cat /tmp/zc.on
check "all 268435456 bytes arrived ($(field bytes on))" -- \
	test "$(field bytes on)" = $((256 << 20))
check "at least 90 % of the bytes were mapped, not copied ($(field mapped% on) %)" -- \
	at_least on 90

check "tcp-data-split off" -- zcnic-split eth0 off
ethtool -K eth0 rx-gro-hw off
check "the same with split and GRO off, data verified" -- \
	bash -c "zcnic-zcrx -p 5011 -s 8 >/tmp/zc.off"
cat /tmp/zc.off
check "all 268435456 bytes arrived ($(field bytes off))" -- \
	test "$(field bytes off)" = $((256 << 20))
check "split off: almost nothing mapped ($(field mapped% off) %)" -- \
	below off 5

zcnic-split eth0 on
ethtool -K eth0 rx-gro-hw on
check "the same with plain read(), data verified" -- \
	bash -c "zcnic-zcrx -r -p 5012 -s 9 >/tmp/zc.read"
cat /tmp/zc.read
check "all 268435456 bytes arrived ($(field bytes read))" -- \
	test "$(field bytes read)" = $((256 << 20))
echo "# receiver CPU for 256 MB: zero-copy $(field cpu_ms on) ms, read() $(field cpu_ms read) ms"
done_testing
