#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the demo's current-kernel guest (tools/demo.sh, --kselftest):
# io_uring zero-copy receive on eth1, a zcnic, from eth2, a second zcnic
# in the network namespace "remote".  The receiver is the kernel's own
# iou-zcrx (tools/testing/selftests/drivers/net/hw), which checks every
# byte it gets.
say() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
K=/opt/zcnic/ksft
SRC=$K/src
py=$(ls -d $K/py/lib/python3.* | head -n 1)
export PYTHONHOME=$K/py PYTHONPATH=$py/site-packages LD_LIBRARY_PATH=$K/lib
export PATH=$K/bin:$K/py/bin:$PATH
zcrx=$SRC/tools/testing/selftests/drivers/net/hw/iou-zcrx
q=3
# ub: payload bytes the device wrote into a memory provider's buffers
ub() { ethtool -S eth1 | awk -v k="rx$1_unreadable_bytes:" '$1 == k {print $2}'; }
st() { ethtool -S eth1 | awk -v k="$1:" '$1 == k {print $2}'; }

say "Linux $(uname -r): eth1 (a zcnic) and eth2 (a zcnic in netns \"remote\"), wired together"
mkdir -p /run/netns
ip netns add remote
ip link set eth2 netns remote
ip addr add 2001:db8::1/64 dev eth1 nodad
ip link set eth1 up
ip -n remote -6 addr add 2001:db8::2/64 dev eth2 nodad
ip -n remote link set eth2 up
ip -br addr show eth1

say "Queue 3 of 4 gets the flow; RSS keeps off it; headers and payload split at byte 0"
(
	set -x
	ethtool -L eth1 combined 4
	ethtool -G eth1 tcp-data-split on
	ethtool -X eth1 equal $q
	ethtool -K eth1 ntuple on
	ethtool -N eth1 flow-type tcp6 dst-port 9999 action $q
) 2>&1 | sed 's/^+ /# /'
ethtool -g eth1 | grep -iE 'tcp data split|hds thresh'
for _ in $(seq 30); do
	ping -6 -c 1 -W 1 2001:db8::2 >/dev/null 2>&1 && break
	sleep 0.5
done

say "iou-zcrx registers an io_uring area as queue $q's memory provider and receives 2 MiB into it"
u0=$(ub $q) s0=$(st dev_rx_split)
# The provider on queue 3 and its page pool, while it is bound: the
# netdev netlink family's view (tools/net/ynl), ready before the receiver
# starts (it gives a sender 5 s).
rm -f /tmp/go /tmp/ready
(cd $SRC/tools/testing/selftests/drivers/net/hw && python3 - $q \
	"$(cat /sys/class/net/eth1/ifindex)" >/tmp/nl 2>&1 <<'EOF'
import os, sys, time
from lib.py import NetdevFamily
q, ifindex = int(sys.argv[1]), int(sys.argv[2])
nl = NetdevFamily()
napi = None
open("/tmp/ready", "w").close()
while not os.path.exists("/tmp/go"):
    time.sleep(0.05)
for x in nl.queue_get({"ifindex": ifindex}, dump=True):
    if x["type"] == "rx":
        print("rx queue %d: %s" % (x["id"], "io-uring memory provider"
              if "io-uring" in x else "kernel pages"))
        if x["id"] == q:
            napi = x["napi-id"]
for p in nl.page_pool_get({}, dump=True):
    if p.get("ifindex") == ifindex and napi and p.get("napi-id") == napi:
        print("page pool %d (queue %d's NAPI %d): %s" % (p["id"], q, napi,
              "io-uring memory provider" if "io-uring" in p else
              "kernel pages"))
EOF
) &
nl=$!
for _ in $(seq 300); do [ -e /tmp/ready ] && break; sleep 0.1; done
$zcrx -s -p 9999 -i eth1 -q $q >/tmp/srv 2>&1 &
srv=$!
# listening: the area is registered, the queue restarted with it
for _ in $(seq 50); do
	grep -q ":270F " /proc/net/tcp6 && break
	sleep 0.05
done
touch /tmp/go
wait $nl
ip netns exec remote $zcrx -c -h 2001:db8::1 -p 9999 -l 12840
wait $srv
rc=$?
cat /tmp/srv
cat /tmp/nl
echo "=> queue $q's payload buffers: $u0 -> $(ub $q) bytes the device wrote into the io_uring area"
echo "=> queues 0-2: $(ub 0) $(ub 1) $(ub 2) bytes; frames split by the device: $s0 -> $(st dev_rx_split)"
if [ $rc != 0 ]; then
	echo "=> iou-zcrx failed (exit $rc)"
	exit 1
fi
echo "=> iou-zcrx exited 0: every byte of 2 MiB arrived, as sent"
echo "=> the kernel saw only the headers: the payload went from the device to the application's memory"
