# SPDX-License-Identifier: GPL-2.0-only
# TAP helpers for zcnic guest test scripts (sourced; copied to /opt/zcnic).
_n=0
_fail=0

# ok COND_EXIT_STATUS DESCRIPTION: "ok N - ..." or "not ok N - ..."
ok() {
	local st=$1
	shift
	_n=$((_n + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $_n - $*"
	else
		echo "not ok $_n - $*"
		_fail=$((_fail + 1))
	fi
}

# check DESCRIPTION -- COMMAND...: run COMMAND, report its status
check() {
	local what=$1
	shift
	[ "$1" = "--" ] && shift
	"$@" >/tmp/check.out 2>&1
	local st=$?
	[ $st -eq 0 ] || sed 's/^/# /' /tmp/check.out
	ok $st "$what"
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds, for SECONDS
# of wall time however long each try takes (a ping -W 1 that fails 300
# times is 330 s, not 30); one more, as $SECONDS counts whole seconds
wait_for() {
	local end=$((SECONDS + $1 + 1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

# qmp JSON: ask the host's QEMU to run a QMP command (tools/guest.py)
qmp() {
	echo "ZCNIC-QMP: $*"
}

MAIN_IP=192.168.77.1
PEER_IP=192.168.77.2

# Microsoft's RSS key (its RSS verification suite): ethtool -X eth0 hkey
# "$MSKEY" makes each flow's queue known to the test (zcnic-rxhash hash)
MSKEY=6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa

# Two guests (--peer peer-exec.sh): the peer runs what the main guest
# sends it.  peer COMMAND: the peer runs it
peer() {
	local n=0
	until echo "$*" 2>/dev/null >/dev/tcp/$PEER_IP/5300; do
		n=$((n + 1))
		[ $n -lt 100 ] || return 1
		sleep 0.2
	done
}

# flow PROTO SPORT DPORT COUNT HASH: the peer sends COUNT UDP datagrams or
# TCP writes from SPORT to DPORT; sets $packets (IPv4 packets received)
# and $matched (those whose skb->hash was HASH)
flow() {
	local what="$1 $2 -> $3, hash $5" pid

	: >/tmp/recv.out	# not the last flow's "listening"
	zcnic-rxhash recv eth0 "$5" 4 >>/tmp/recv.out &
	pid=$!
	wait_for 5 grep -q listening /tmp/recv.out
	peer "zcnic-rxhash send -$1 $MAIN_IP $2 $3 $4"
	wait $pid
	set -- $(grep ^packets /tmp/recv.out) x x x x
	packets=$2 matched=$4
	echo "# flow $what: $packets IPv4 packets, $matched matched"
}

# device_reset: the driver resets the device (CTRL.RESET, spec 3.4) as it
# does after an error: an RX DMA fault (spec 11) armed, then a datagram
# from the peer (peer-exec.sh) takes it.  Fails unless ethtool -S resets
# grew.
device_reset() {
	local r0
	r0=$(ethtool -S eth0 | awk '$1 == "resets:" {print $2}')
	zcnic-poke 0x418 0x2 >/dev/null
	peer "zcnic-rxhash send -u $MAIN_IP 40999 9 3"
	wait_for 20 bash -c "test \$(ethtool -S eth0 | awk '\$1 == \"resets:\" {print \$2}') -gt $r0" &&
		wait_for 10 bash -c "ip link show eth0 | grep -q LOWER_UP"
}

done_testing() {
	echo "1..$_n"
	[ "$_fail" -eq 0 ]
}
# Note: check runs one command; write a pipeline as bash -c "a | b", or the
# pipe would swallow check's own TAP line.

# With --kselftest eth1 and eth2 are wired to each other.  remote_netns:
# eth2 goes into the netns "remote" as 2001:db8::2, eth1 is 2001:db8::1;
# fails unless eth1 reaches it (ping6) within 20 s
remote_netns() {
	mkdir -p /run/netns
	ip netns add remote
	ip link set eth2 netns remote
	ip -6 addr add 2001:db8::1/64 dev eth1 nodad
	ip link set eth1 up
	ip -n remote -6 addr add 2001:db8::2/64 dev eth2 nodad
	ip -n remote link set eth2 up
	wait_for 20 ping -6 -c 1 -W 1 2001:db8::2
}

# eth1_stat NAME: eth1's ethtool -S counter NAME
eth1_stat() { ethtool -S eth1 | awk -v k="$1:" '$1 == k {print $2}'; }

# kernel_pages_again Q PORT SEED WHAT: once a memory provider left RX queue
# Q of eth1, 8 MB of zcnic-gen SEED sent to PORT from the netns "remote"
# (remote_netns) arrive intact through Q, into kernel pages
# (rxQ_unreadable_bytes stays); WHAT starts the first check's name
kernel_pages_again() {
	local q=$1 port=$2 seed=$3 want sink p2 u2

	want=$(zcnic-gen "$seed" 8M | sha256sum | cut -d' ' -f1)
	timeout 120 nc -l -p "$port" >/tmp/got &
	sink=$!
	p2=$(eth1_stat rx${q}_packets) u2=$(eth1_stat rx${q}_unreadable_bytes)
	check "${4}8 MB to port $port from the netns" -- \
		wait_for 30 timeout 90 "$(type -P ip)" netns exec remote \
		bash -c "zcnic-gen $seed 8M >/dev/tcp/2001:db8::1/$port"
	wait $sink
	check "they arrived intact (sha256)" -- \
		test "$(sha256sum </tmp/got | cut -d' ' -f1)" = "$want"
	check "through queue $q (rx${q}_packets $p2 -> $(eth1_stat rx${q}_packets)), into kernel pages (rx${q}_unreadable_bytes stays $u2)" -- \
		test "$(eth1_stat rx${q}_packets)" -gt $((p2 + 100)) -a \
		"$(eth1_stat rx${q}_unreadable_bytes)" = "$u2"
}
