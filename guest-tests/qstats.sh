#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer qstats-peer.sh
# Per-queue statistics (the netdev netlink family's qstats, netdev_stat_ops):
# the RX and the TX queue report the ring counters the interface's own
# statistics come from; the device-wide sums equal the queues' (nothing is
# counted outside them); TSO frames are counted with the segments they
# became.
. /opt/zcnic/lib.sh
peer=192.168.77.2
q() { zcnic-qstats eth0 queue | awk -v t="$1" -v k="$2" '$1 == t && $2 == 0 && $3 == k {print $4}'; }
d() { zcnic-qstats eth0 | awk -v k="$1" '$2 == k {print $3}'; }
sys() { cat /sys/class/net/eth0/statistics/$1; }

zcnic-qstats eth0 queue | sed 's/^/# /'
check "queue rx 0 reports rx-packets, rx-bytes, rx-csum-bad" -- \
	test -n "$(q rx rx-packets)" -a -n "$(q rx rx-bytes)" -a -n "$(q rx rx-csum-bad)"
check "queue tx 0 reports tx-packets, tx-bytes, GSO counts, stop and wake" -- \
	test -n "$(q tx tx-packets)" -a -n "$(q tx tx-bytes)" -a \
	-n "$(q tx tx-hw-gso-packets)" -a -n "$(q tx tx-hw-gso-wire-packets)" -a \
	-n "$(q tx tx-stop)" -a -n "$(q tx tx-wake)"
check "one queue each way" -- \
	test "$(zcnic-qstats eth0 queue | awk '{print $1, $2}' | sort -u | tr '\n' ' ')" = "rx 0 tx 0 "

g0=$(q tx tx-hw-gso-packets)
check "ethtool -k: tcp-segmentation-offload on" -- \
	bash -c "ethtool -k eth0 | grep -qx 'tcp-segmentation-offload: on'"
check "16 MB to the peer" -- \
	bash -c "until zcnic-gen 5200 16M >/dev/tcp/$peer/5200; do sleep 0.2; done 2>/dev/null"
sleep 1
g=$(( $(q tx tx-hw-gso-packets) - g0 ))
w=$(q tx tx-hw-gso-wire-packets)
check "TSO frames counted ($g), as more segments ($w)" -- \
	test "$g" -gt 0 -a "$w" -gt "$(q tx tx-hw-gso-packets)"

# the counters the interface statistics show, read between two reads
for k in tx-packets:tx_packets tx-bytes:tx_bytes rx-packets:rx_packets rx-bytes:rx_bytes; do
	qk=${k%%:*} sk=${k##*:} t=${k%%-*}
	a=$(q $t $qk) s=$(sys $sk) b=$(q $t $qk)
	check "queue $t 0 $qk = $sk ($a <= $s <= $b)" -- \
		test "$a" -le "$s" -a "$s" -le "$b" -a "$a" -gt 0
	a=$(d $qk) b=$(q $t $qk) c=$(d $qk)
	check "device $qk = queue $t 0's ($a <= $b <= $c)" -- \
		test "$a" -le "$b" -a "$b" -le "$c"
done
done_testing
