#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer fault-recovery-peer.sh --timeout 900
# Fault injection (spec 11): while 64 MB go each way over two TCP
# connections, one fault is armed in the device: a TX DMA error, an RX DMA
# error, a lost interrupt, a stalled TX queue.  The driver notices each
# (error interrupt, its once-a-second check) and recovers; both transfers
# complete with the right sha256: no connection in progress is lost.  Then
# an RX ring the device sees otherwise than the driver, reset likewise.
. /opt/zcnic/lib.sh
bytes=64M
peer=192.168.77.2
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
# FAULT_FIRED (spec 11): how often fault bit $1 fired, kept over resets
fired() { echo $(( ($(zcnic-poke 0x41c) >> (8 * $1)) & 0xff )); }

check "TEST_REG answers twice what was written" -- \
	bash -c "zcnic-poke 0x400 0x1234 >/dev/null && test \$(zcnic-poke 0x400) = 0x00002468"

port=5200
for fault in tx-dma rx-dma lose-irq tx-stall; do
	case $fault in
	tx-dma)		bit=0x1 n=0 counter=resets ;;
	rx-dma)		bit=0x2 n=1 counter=resets ;;
	lose-irq)	bit=0x4 n=2 counter= ;;	# the other vector's NAPI run covers it
	tx-stall)	bit=0x8 n=3 counter=tx_timeouts ;;
	esac
	fired0=$(fired $n)
	want1=$(zcnic-gen $port $bytes | sha256sum | cut -d' ' -f1)
	want2=$(zcnic-gen $((port + 2)) $bytes | sha256sum | cut -d' ' -f1)
	before=$([ -n "$counter" ] && stat $counter)
	nc -l -p $((port + 2)) | sha256sum | cut -d' ' -f1 >/tmp/got2 &
	rx=$!
	(until zcnic-gen $port $bytes >/dev/tcp/$peer/$port; do
		sleep 0.2
	done 2>/dev/null) &
	tx=$!
	sleep 2				# both transfers under way
	zcnic-poke 0x418 $bit >/dev/null
	echo "# $fault: FAULT $bit armed"
	wait $tx
	peer_got=$(nc -l -p $((port + 1)))
	wait $rx
	check "$fault: 64 MB to the peer arrived intact" -- test "$peer_got" = "$want1"
	check "$fault: 64 MB from the peer arrived intact" -- \
		test "$(cat /tmp/got2)" = "$want2"
	check "$fault: the fault fired (FAULT_FIRED $fired0 -> $(fired $n))" -- \
		test "$(fired $n)" -ne "$fired0"
	if [ -n "$counter" ]; then
		after=$(stat $counter)
		check "$fault: the driver recovered ($counter $before -> $after)" -- \
			test "$after" -gt "$before"
	fi
	port=$((port + 10))
done
# The device's counters restart at every reset; ethtool -S shows them
# widened to 64 bits, across the resets: 4 x 64 MB went each way, 3 resets
# ago the registers held less than 2 x 64 MB (bytes of a frame in flight
# at a reset may go uncounted: the bound is 3 x 64 MB).
for dir in tx rx; do
	b=$(stat dev_${dir}_bytes)
	check "dev_${dir}_bytes counts across the resets ($b)" -- \
		test "$b" -ge $((3 * 64 * 1048576))
done
# A lost interrupt with nothing after it: one datagram to nobody (a static
# neighbour, no answer).  Its TX completion interrupt is lost; only the
# driver's once-a-second check can clean the ring.
ip neigh replace 192.168.77.99 lladdr 02:00:00:00:00:99 nud permanent dev eth0
r0=$(stat irq_rescued)
tx0=$(cat /sys/class/net/eth0/statistics/tx_packets)
fired0=$(fired 2)
zcnic-poke 0x418 0x4 >/dev/null
echo lost >/dev/udp/192.168.77.99/9
check "lost interrupt, nothing after it: the driver's check rescues it" -- \
	wait_for 10 bash -c "test \$(ethtool -S eth0 | awk '\$1 == \"irq_rescued:\" {print \$2}') -gt $r0"
check "and the datagram's TX completion is cleaned" -- \
	wait_for 5 bash -c "test \$(cat /sys/class/net/eth0/statistics/tx_packets) -gt $tx0"
check "the fault fired (FAULT_FIRED $fired0 -> $(fired 2))" -- \
	test "$(fired 2)" -ne "$fired0"

# An RX ring the device sees otherwise than the driver: RX_TAIL written
# back to RX_HEAD behind the driver's back, so the device holds none of
# the buffers the driver posted (as after a DONE it wrote on a buffer not
# yet posted, hostile-device's lie UNPOSTED racing a refill).  Nothing
# would ever be received again; the driver's check resets the device.
r0=$(stat resets)
o0=$(stat rx_out_of_step)
head=$(zcnic-poke 0x20c)
zcnic-poke 0x210 $head >/dev/null
check "RX out of step: the device has no RX buffer (head $head, tail $(zcnic-poke 0x210))" -- \
	test "$(zcnic-poke 0x210)" = "$head"
check "RX out of step: the driver's check resets the device" -- \
	wait_for 20 bash -c "test \$(ethtool -S eth0 | awk '\$1 == \"resets:\" {print \$2}') -gt $r0"
check "RX out of step: the driver said why" -- \
	bash -c 'dmesg | grep -q "RX queue 0 out of step"'
check "RX out of step: counted as such (rx_out_of_step $o0 -> $(stat rx_out_of_step))" -- \
	test "$(stat rx_out_of_step)" -gt "$o0"
check "RX out of step: the link is back" -- wait_for 30 ping -c 1 -W 1 $peer

dmesg | grep -E "resetting|interrupt lost|TX hang" | sed 's/^/# /'
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
