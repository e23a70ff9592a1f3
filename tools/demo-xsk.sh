#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the demo's zcnic guest of the AF_XDP part (tools/demo.sh); the
# peer (tools/demo-xsk-peer.sh) sends UDP datagrams to port 7100 when asked.
say() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
dbg=$(echo /sys/kernel/debug/zcnic/*)
# ask the peer to send COUNT datagrams of LEN bytes to port 7100
send() { until echo "$1 $2" 2>/dev/null >/dev/tcp/192.168.77.2/5300; do sleep 0.2; done; }

say "AF_XDP: a socket on queue 0 bound with XDP_ZEROCOPY; an XDP program sends UDP port 7100 to it"
r0=$(stat rx0_xdp_redirect) c0=$(stat rx0_xsk_copy)
zcnic-xsk -i eth0 -q 0 -m rxdrop -p 7100 -n 20000 -t 120 -w 3 >/tmp/xsk.out 2>&1 &
pid=$!
until grep -qs ready /tmp/xsk.out; do sleep 0.2; done
cat /tmp/xsk.out
echo "While it is bound: $(ethtool -g eth0 | grep -i 'tcp data split'), $(ethtool -k eth0 | grep rx-gro-hw)"
say "The peer sends 20000 datagrams of 64 bytes; each payload is checked in the UMEM"
send 20000 64
until grep -qs last_rx_phys /tmp/xsk.out; do sleep 0.2; done
dma=$(awk '/last rx dma/ {print $NF}' $dbg/queues)
wait $pid
grep -E "^(rx|last_rx_phys) " /tmp/xsk.out
echo "=> $(( $(stat rx0_xdp_redirect) - r0 )) frames went to the socket; the CPU copied $(( $(stat rx0_xsk_copy) - c0 )) frames out of the UMEM (those the stack got)"
echo "=> the last frame: the application read physical address $(awk '/last_rx_phys/ {print $2}' /tmp/xsk.out), the device wrote $dma"
echo "   (the UMEM page itself: no copy, no bounce buffer)"

say "l2fwd: the same UMEM frames go back out (swapped MACs, IPs and ports), zero copy both ways"
t0=$(stat tx0_xsk_xmit)
zcnic-xsk -i eth0 -q 0 -m l2fwd -p 7100 -n 2000 -t 120 >/tmp/fwd.out 2>&1 &
pid=$!
until grep -qs ready /tmp/fwd.out; do sleep 0.2; done
send 2000 512
wait $pid
grep "^rx " /tmp/fwd.out
echo "=> tx0_xsk_xmit grew by $(( $(stat tx0_xsk_xmit) - t0 )): sent from the UMEM"
echo "After the socket closed: $(ethtool -g eth0 | grep -i 'tcp data split'), $(ethtool -k eth0 | grep rx-gro-hw)"
