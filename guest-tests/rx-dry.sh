#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer peer-exec.sh
# An RX ring that runs dry: while debugfs rx_alloc_fail is set, every RX
# buffer allocation fails (as when the page allocator, or a memory
# provider whose buffers the application holds, has none to give), so the
# ring empties as frames come and nothing is posted again.  The device
# then holds the next frame for it (spec 4.4), and with no frame no
# interrupt would ever run that queue's NAPI to post again: the driver's
# once-a-second service check runs NAPI for a ring left short with no poll
# since the tick before (rxQ_refill_kick), and once allocations work again
# the queue comes back by itself.  Queue 1 here only receives (UDP to port 9 steered to it,
# everything sent goes out of queue 0): with queue 0 a TX completion would
# run the shared NAPI and hide a missing refill.
. /opt/zcnic/lib.sh
dbg=$(echo /sys/kernel/debug/zcnic/$(basename "$(readlink /sys/class/net/eth0/device)"))
st() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
# rx1's posted buffers, from debugfs queues: "rx size S next N clean C"
posted() {
	awk '$1 == "1:" { for (i = 1; i < NF; i++) {
		if ($i == "rx") rx = 1
		if (rx && $i == "size") s = $(i + 1)
		if (rx && $i == "next") n = $(i + 1)
		if (rx && $i == "clean") { c = $(i + 1); sub(",", "", c) } }
		print (n - c + s) % s }' $dbg/queues
}
# posted_within SECONDS TEST-OP N: poll until "posted TEST-OP N" holds
posted_within() {
	local end=$((SECONDS + $1 + 1))
	until test "$(posted)" "$2" "$3"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

check "the peer is there" -- wait_for 30 ping -c 1 -W 1 $PEER_IP
check "debugfs rx_alloc_fail is there" -- test -w $dbg/rx_alloc_fail
check "2 queue pairs" -- ethtool -L eth0 combined 2
# all TX from the one CPU to queue 0
echo 1 >/sys/class/net/eth0/queues/tx-0/xps_cpus
echo 0 >/sys/class/net/eth0/queues/tx-1/xps_cpus
ethtool -K eth0 ntuple on
check "UDP to port 9 steered to queue 1" -- \
	ethtool -N eth0 flow-type udp4 dst-port 9 action 1
check "queue 1 has buffers posted ($(posted))" -- posted_within 10 -gt 0
p0=$(st rx1_packets)
peer "zcnic-rxhash send -u $MAIN_IP 40999 9 20"
check "the datagrams arrive on queue 1" -- \
	wait_for 10 bash -c "test \$(ethtool -S eth0 | awk '\$1 == \"rx1_packets:\" {print \$2}') -ge $((p0 + 20))"
k0=$(st rx1_refill_kick)
echo 1 >$dbg/rx_alloc_fail
# 600 datagrams: more than the ring's buffers
peer "zcnic-rxhash send -u $MAIN_IP 40999 9 600"
check "allocations failing: queue 1's ring ran dry (nothing posted)" -- \
	posted_within 30 = 0
sed 's/^/# /' $dbg/queues
# the device holds the frame for queue 1, and every frame after it
check "dry: the peer gets no answer" -- \
	bash -c "! ping -c 2 -W 1 $PEER_IP"
# a kick needs a tick with no poll since the one before
check "the service check ran NAPI for the dry ring (rx1_refill_kick from $k0)" -- \
	wait_for 5 bash -c "test \$(ethtool -S eth0 | awk '\$1 == \"rx1_refill_kick:\" {print \$2}') -gt $k0"
echo 0 >$dbg/rx_alloc_fail
check "allocations work again: queue 1 is refilled with no frame to prompt it" -- \
	posted_within 10 -gt 0
check "the link is back (ping)" -- wait_for 10 ping -c 1 -W 1 $PEER_IP
p1=$(st rx1_packets)
peer "zcnic-rxhash send -u $MAIN_IP 40999 9 20"
check "datagrams arrive on queue 1 again" -- \
	wait_for 10 bash -c "test \$(ethtool -S eth0 | awk '\$1 == \"rx1_packets:\" {print \$2}') -ge $((p1 + 20))"
echo "# rx1_refill_kick $k0 -> $(st rx1_refill_kick), posted $(posted)"
want=$(zcnic-gen 31 8M | sha256sum | cut -d' ' -f1)
timeout 90 nc -l -p 6001 >/tmp/got &
sink=$!
wait_for 10 grep -q ':1771 ' /proc/net/tcp /proc/net/tcp6
check "the peer is asked for 8 MB" -- \
	peer "zcnic-gen 31 8M >/dev/tcp/$MAIN_IP/6001"
wait $sink
check "8 MB from the peer arrived intact (sha256)" -- \
	test "$(sha256sum </tmp/got | cut -d' ' -f1)" = "$want"
check "no reset was needed (resets $(st resets))" -- test "$(st resets)" = 0
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
