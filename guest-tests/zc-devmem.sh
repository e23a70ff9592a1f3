#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --kselftest --smp 2 --timeout 400
# Devmem TCP through zcnic on both kernels (6.12 has devmem RX in its
# core; its selftests have no devmem.py): our own receiver, zcnic-devmem,
# binds a udmabuf to queue 3 of eth1 (netdev bind-rx) and takes 32 MB of
# zcnic-gen's stream from eth2 in the netns "remote", checking each frag
# where the device put it in the dma-buf.  The device split every frame
# and wrote the payload into the dma-buf's buffers (rx3_unreadable_bytes),
# the kernel copied no payload byte (no SCM_DEVMEM_LINEAR piece); once
# the binding is gone queue 3 takes kernel pages again.  With header split
# off the binding is refused.
. /opt/zcnic/lib.sh
q=3
port=9998
st() { ethtool -S eth1 | awk -v k="$1:" '$1 == k {print $2}'; }
ub() { st rx$1_unreadable_bytes; }
ns() { ethtool -S eth1 | awk '$1 ~ /^dev_rx_nosplit_/ {n += $2} END {print n + 0}'; }
ud() { ethtool -S eth1 | awk '$1 ~ /^rx[0-9]+_unsplit_drop:$/ {n += $2} END {print n + 0}'; }
# iproute2's (busybox's timeout would run its own ip applet)
ip=$(type -P ip)

check "eth1 reaches eth2 in the netns (ping6)" -- remote_netns

# as devmem.py sets it up: 4 channels, the flow to the last, RSS off it
check "4 channels" -- ethtool -L eth1 combined 4
check "RSS to queues 0-2 only (ethtool -X equal $q)" -- ethtool -X eth1 equal $q
ethtool -K eth1 ntuple on
check "TCP/IPv6 to port $port steered to queue $q (ntuple)" -- \
	ethtool -N eth1 flow-type tcp6 dst-port $port action $q

# header split off: the queue's pool would take kernel pages, so the
# binding is refused (6.12: the driver refuses the queue's restart,
# EOPNOTSUPP; 7.3: the core checks the setting first, EINVAL)
# (zcnic-split sets it as ethtool -G does: Debian 12's ethtool cannot)
zcnic-split eth1 off
timeout 30 zcnic-devmem -i eth1 -q $q -p $port >/tmp/off 2>&1
rc=$?
sed 's/^/# split off: /' /tmp/off
check "with header split off, bind-rx is refused" -- \
	bash -c "test $rc != 0 && grep -qE 'bind-rx \(queue $q\): (Operation not supported|Invalid argument)' /tmp/off"
check "header split on" -- zcnic-split eth1 on

# zcnic-devmem: 32 MB, each frag checked where it lies in the dma-buf
devmem() {	# SEED SIZE
	timeout 150 zcnic-devmem -i eth1 -q $q -p $port -s $1 >/tmp/dm 2>&1 &
	local srv=$! rc
	wait_for 30 grep -q listening /tmp/dm
	timeout 120 $ip netns exec remote \
		bash -c "zcnic-gen $1 $2 >/dev/tcp/2001:db8::1/$port"
	wait $srv
	rc=$?
	sed 's/^/# zcnic-devmem: /' /tmp/dm
	return $rc
}
u0=$(ub $q) s0=$(st dev_rx_split) d0=$(ud) n0=$(ns)
check "zcnic-devmem: 32 MB through a udmabuf bound to queue $q, every byte as sent" -- \
	devmem 53 32M
sed 's/^/# zcnic-devmem: /' /tmp/dm
check "all 32 MB came as dma-buf frags: the kernel copied no payload byte (linear 0)" -- \
	grep -q '^bytes 33554432 frags [0-9]* linear 0 ' /tmp/dm
u1=$(ub $q) s1=$(st dev_rx_split)
check "32 MB of payload went into the dma-buf's buffers, which the CPU cannot read (rx${q}_unreadable_bytes $u0 -> $u1)" -- \
	test "$u1" -ge $((u0 + 33554432))
check "the device split the frames (dev_rx_split $s0 -> $s1), none left unsplit (dev_rx_nosplit_* $n0 -> $(ns))" -- \
	test "$s1" -gt "$s0" -a "$(ns)" = "$n0"
check "no frame came unsplit to the bound queue (rxQ_unsplit_drop $d0 -> $(ud))" -- \
	test "$(ud)" = "$d0"

# unbound with the netlink socket: the core restarts queue 3 with the
# driver's own pool
kernel_pages_again $q $port 29 "after zcnic-devmem: "
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
