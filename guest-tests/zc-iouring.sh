#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --kselftest --smp 2 --timeout 600
# io_uring zero-copy receive through zcnic, shown from the driver's and the
# core's side rather than the selftest's: the kernel's own iou-zcrx (built
# from the guest kernel's source, tools/testing/selftests/drivers/net/hw)
# binds an io_uring area to queue 3 of eth1 as its memory provider and
# receives 2 MiB from eth2 in the netns "remote", checking every byte.
# Here: the netdev family shows the provider on queue 3 alone and its page
# pool on queue 3's NAPI; the device split every frame and wrote 2 MiB of
# payload into the provider's buffers (rx3_unreadable_bytes), which the
# CPU cannot read, so no payload byte went through a kernel page; once it
# is gone, queue 3 takes kernel pages again and carries data intact.  A
# provider is refused while an AF_XDP zero-copy socket (which suspends
# header split) is bound to another queue.  Our own receiver, zcnic-iouzc,
# takes 32 MB of zcnic-gen's stream, and 8 MB through an area smaller
# than the ring, which the driver's service check keeps going.
. /opt/zcnic/lib.sh
K=/opt/zcnic/ksft
SRC=$K/src
HW=$SRC/tools/testing/selftests/drivers/net/hw
zcrx=$HW/iou-zcrx
if [ ! -x $zcrx ]; then
	ok 0 "io_uring zero-copy receive # SKIP no iou-zcrx in this kernel's selftests (io_uring zcrx is 6.15+)"
	done_testing
	exit
fi
py=$(ls -d $K/py/lib/python3.* | head -n 1)
export PYTHONHOME=$K/py PYTHONPATH=$py/site-packages LD_LIBRARY_PATH=$K/lib
export PATH=$K/bin:$K/py/bin:$PATH
q=3
port=9999
st() { ethtool -S eth1 | awk -v k="$1:" '$1 == k {print $2}'; }
ub() { st rx$1_unreadable_bytes; }
ns() { ethtool -S eth1 | awk '$1 ~ /^dev_rx_nosplit_/ {n += $2} END {print n + 0}'; }
ud() { ethtool -S eth1 | awk '$1 ~ /^rx[0-9]+_unsplit_drop:$/ {n += $2} END {print n + 0}'; }
ifindex=$(cat /sys/class/net/eth1/ifindex)
# iproute2's (busybox's timeout would run its own ip applet)
ip=$(type -P ip)

check "eth1 reaches eth2 in the netns (ping6)" -- remote_netns

# as iou-zcrx.py sets it up: 4 channels, the flow to the last, RSS off it
check "4 channels" -- ethtool -L eth1 combined 4
check "header split on" -- ethtool -G eth1 tcp-data-split on
check "ethtool -g: TCP data split on" -- \
	bash -c "ethtool -g eth1 | grep -qE 'TCP data split:[[:space:]]+on'"
check "RSS to queues 0-2 only (ethtool -X equal $q)" -- ethtool -X eth1 equal $q
ethtool -K eth1 ntuple on
check "TCP/IPv6 to port $port steered to queue $q (ntuple)" -- \
	ethtool -N eth1 flow-type tcp6 dst-port $port action $q

# The netdev family's view while the provider is bound (lib.py's YNL),
# ready before iou-zcrx starts: it gives a sender 5 s.
netdev_view() {
	(cd $HW && python3 - $q $ifindex "$1" <<'EOF'
import os, sys, time
from lib.py import NetdevFamily
q, ifindex, go = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
nl = NetdevFamily()
if go:
    open(go + ".ready", "w").close()
    while not os.path.exists(go):
        time.sleep(0.02)
napi = None
for x in nl.queue_get({"ifindex": ifindex}, dump=True):
    if x["type"] == "rx":
        print("rx%d %s" % (x["id"], "io-uring" if "io-uring" in x else "pages"))
        if x["id"] == q:
            napi = x.get("napi-id")
for p in nl.page_pool_get({}, dump=True):
    if p.get("ifindex") == ifindex and napi and p.get("napi-id") == napi:
        print("pool %s" % ("io-uring" if "io-uring" in p else "pages"))
EOF
	)
}

u0=$(ub $q) s0=$(st dev_rx_split) p0=$(st rx${q}_packets)
d0=$(ud) n0=$(ns)
rm -f /tmp/go /tmp/go.ready
netdev_view /tmp/go >/tmp/nl 2>&1 &
nl=$!
wait_for 60 test -e /tmp/go.ready
$zcrx -s -p $port -i eth1 -q $q >/tmp/srv 2>&1 &
srv=$!
# listening: the area is registered and queue 3 restarted with it (the 5 s
# start only then)
check "iou-zcrx is listening" -- \
	wait_for 30 grep -q ":$(printf %04X $port) " /proc/net/tcp6
touch /tmp/go
wait $nl
ip netns exec remote $zcrx -c -h 2001:db8::1 -p $port -l 12840 >/tmp/cli 2>&1
wait $srv
rc=$?
sed 's/^/# server: /' /tmp/srv
sed 's/^/# client: /' /tmp/cli
sed 's/^/# netdev: /' /tmp/nl
check "iou-zcrx received 2 MiB through the io_uring area, every byte as sent (exit $rc)" -- \
	test $rc = 0
check "while bound: queue $q has the io_uring provider, queues 0-2 kernel pages (netdev queue-get)" -- \
	test "$(grep ^rx /tmp/nl | tr '\n' ' ')" = "rx0 pages rx1 pages rx2 pages rx3 io-uring "
check "while bound: the page pool of queue $q's NAPI is the provider's (netdev page-pool-get)" -- \
	test "$(grep ^pool /tmp/nl)" = "pool io-uring"
u1=$(ub $q) s1=$(st dev_rx_split) p1=$(st rx${q}_packets)
echo "# rx${q}_unreadable_bytes $u0 -> $u1, rx${q}_packets $p0 -> $p1, dev_rx_split $s0 -> $s1"
check "2 MiB of payload went into the provider's buffers, which the CPU cannot read (rx${q}_unreadable_bytes $u0 -> $u1)" -- \
	test "$u1" -ge $((u0 + 2097152))
check "the device split the frames (dev_rx_split $s0 -> $s1), none left unsplit (dev_rx_nosplit_* $n0 -> $(ns))" -- \
	test "$s1" -gt "$s0" -a "$(ns)" = "$n0"
check "no frame came unsplit to the bound queue (rxQ_unsplit_drop $d0 -> $(ud))" -- \
	test "$(ud)" = "$d0"

# unbound: the core restarts queue 3 with the driver's own pool
for _ in $(seq 20); do
	netdev_view '' >/tmp/nl2 2>&1
	grep -qx "rx$q pages" /tmp/nl2 && break
	sleep 0.5
done
check "after iou-zcrx: queue $q is back on kernel pages" -- \
	grep -qx "rx$q pages" /tmp/nl2
kernel_pages_again $q $port 27 ""
# An AF_XDP zero-copy socket bound to queue 0, no XDP program (txonly:
# one frame, then it holds the socket): header split is suspended on every
# queue, and a provider on queue 3 would get kernel pages.  The core (7.3)
# checks the setting only; the driver refuses the queue's restart.
mac2=$($ip -n remote -br link show eth2 | awk '{print $3}')
ip addr add 192.0.2.1/24 dev eth1
zcnic-xsk -i eth1 -q 0 -m txonly -n 1 -l 64 -D $mac2 -S 192.0.2.1 \
	-d 192.0.2.2 -w 20 >/tmp/xsk 2>&1 &
xsk=$!
check "an AF_XDP zero-copy socket on queue 0" -- \
	wait_for 30 grep -qx 'zerocopy 1' /tmp/xsk
$zcrx -s -p $port -i eth1 -q $q -d >/tmp/srv 2>&1
rc=$?
sed 's/^/# /' /tmp/srv
check "meanwhile no io_uring area on queue $q: the restart is refused (EOPNOTSUPP)" -- \
	bash -c "test $rc != 0 && grep -q 'io_uring_register_ifq(): -95' /tmp/srv"
kill $xsk 2>/dev/null
wait $xsk

# Our own receiver, zcnic-iouzc: 32 MB of zcnic-gen's stream, each piece
# checked where it lies in the area and given back through the refill ring.
# Then 8 MB through an area of 64 pages, fewer than the ring's 255 buffers
# (a coalesced frame takes up to 17): the provider runs short while the
# application holds pieces, the device holds the next frame, and no
# interrupt comes; the service check runs NAPI, which posts what the
# application gave back.
iouzc() {	# SEED SIZE AREA_KIB
	timeout 150 zcnic-iouzc -i eth1 -q $q -p $port -s $1 -a $3 >/tmp/iouzc 2>&1 &
	local srv=$! rc
	wait_for 30 grep -q listening /tmp/iouzc
	timeout 120 $ip netns exec remote \
		bash -c "zcnic-gen $1 $2 >/dev/tcp/2001:db8::1/$port"
	wait $srv
	rc=$?
	sed 's/^/# zcnic-iouzc: /' /tmp/iouzc
	return $rc
}
u3=$(ub $q)
check "zcnic-iouzc: 32 MB through the io_uring area, every byte as sent" -- \
	iouzc 41 32M 32768
check "they went into the provider's buffers (rx${q}_unreadable_bytes $u3 -> $(ub $q))" -- \
	test "$(ub $q)" -ge $((u3 + 33554432))
k0=$(st rx${q}_refill_kick)
check "zcnic-iouzc: 8 MB through an area of 64 pages, every byte as sent" -- \
	iouzc 43 8M 256
# Whether the device ever waits on the ring is timing: the application may
# give pieces back while interrupts still come.  rx-dry forces the stall.
k1=$(st rx${q}_refill_kick)
if [ "$k1" -gt "$k0" ]; then
	ok 0 "the provider ran short and the service check refilled (rx${q}_refill_kick $k0 -> $k1)"
else
	ok 0 "the provider ran short and the service check refilled # SKIP it never stalled this time (rx${q}_refill_kick $k0 -> $k1; guest test rx-dry forces it)"
fi
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
