#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic bench, the sending guest of a pair (the peer runs
# tools/bench-peer.sh).  Settings come from /opt/zcnic/bench.env: DUR
# (seconds per iperf3 run), PINGS, ZC_BYTES, HOST_PORT, WORKLOADS (words:
# tcp tcp9000 udp ping zc slirp).  Results go to the host as "BENCH-JSON <tag>" blocks (iperf3
# -J), "BENCH <workload> <mtu> <metric> <value>" lines and ZCNIC-CPU marks.
. /opt/zcnic/bench.env
PEER=192.168.77.2

# ctl WORDS: have the peer do something, wait until it has
ctl() {
	until echo "$*" 2>/dev/null >/dev/tcp/$PEER/7000; do sleep 0.2; done
	nc -l -p 7001 >/dev/null
}
setmtu() {
	ctl mtu "$1"
	ip link set eth0 mtu "$1"
	sleep 1
}
# iperf TAG ARGS...: one iperf3 client run, JSON to the host
iperf() {
	local tag=$1 i
	shift
	for i in $(seq 30); do
		echo "ZCNIC-CPU: $tag-start"
		# with -J, iperf3 may exit 0 and report the error in the JSON
		if iperf3 -c $PEER -t "$DUR" -i 0 -J "$@" >/tmp/iperf.json 2>&1 &&
		   ! grep -q '"error"' /tmp/iperf.json; then
			echo "ZCNIC-CPU: $tag-end"
			echo "BENCH-JSON $tag"
			cat /tmp/iperf.json
			echo "BENCH-JSON-END"
			return
		fi
		sleep 1		# the server is not up yet
	done
	echo "BENCH-ERROR $tag: $(tail -n 3 /tmp/iperf.json)"
}
# cpu WORKLOAD OUTFILE: CPU per MB from a zcnic-zcrx/zcnic-zctx summary
cpu() {
	awk -v w="$1" '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)}
		END {if (v["bytes"] > 0) printf "BENCH %s 4148 guest_cpu_ms_per_mb %.3f\n", w, v["cpu_ms"] / (v["bytes"] / 1048576); else print "BENCH-ERROR " w}' "$2"
}

for w in $WORKLOADS; do
	case $w in
	tcp)
		iperf tcp-1500
		;;
	tcp9000)
		setmtu 9000
		iperf tcp-9000
		setmtu 1500
		;;
	udp)
		iperf udp64-1500 -u -l 64 -b 0
		;;
	ping)
		ping -c "$PINGS" -i 0.01 $PEER >/tmp/ping
		awk '/time=/ {sub(/.*time=/, ""); print "BENCH-RTT " $1}' /tmp/ping
		;;
	zc)
		# receiver and sender guest CPU per MB, copying vs zero-copy, at
		# MTU 4148 (one 4 KiB page of payload per segment)
		setmtu 4148
		zcnic-zcrx -n -r -p 5100 >/tmp/rx-read &
		ctl send 5100 "$ZC_BYTES"
		wait
		cpu rx_read /tmp/rx-read
		zcnic-zcrx -n -p 5101 >/tmp/rx-zc &
		ctl send 5101 "$ZC_BYTES"
		wait
		cpu rx_zerocopy /tmp/rx-zc
		grep -o 'mapped% [0-9.]*' /tmp/rx-zc | sed 's/^/BENCH rx_zerocopy 4148 /; s/mapped% /mapped_pct /'
		ctl recv 5102
		zcnic-zctx -n -p 5102 -b "$ZC_BYTES" >/tmp/tx-send
		cpu tx_send /tmp/tx-send
		ctl recv 5103
		zcnic-zctx -n -z -p 5103 -b "$ZC_BYTES" >/tmp/tx-zc
		cpu tx_msg_zerocopy /tmp/tx-zc
		setmtu 1500
		;;
	slirp)
		# a second NIC of the same model on slirp: to the host's iperf3
		ip link set eth1 up
		ip addr add 10.0.2.15/24 dev eth1
		PEER=10.0.2.2 iperf slirp-1500 -p "$HOST_PORT"
		;;
	esac
done
ctl done
