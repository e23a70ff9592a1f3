#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic bench, the sending guest of a pair (the peer runs
# tools/bench-peer.sh).  Settings come from /opt/zcnic/bench.env: DUR
# (seconds per run), PINGS, ZC_BYTES, HOST_PORT, PROFILE (1: host-side
# profile of the tcp runs), WORKLOADS (words: tcp tcp9000 udp udpgso ping
# rr zc slirp mflow xdp; ping comes last: it changes interrupt moderation;
# mflow runs alone, in a pair of 2-vCPU guests; xdp alone, one guest
# flooded from the host through FLOOD_PORT), MODEL (the NIC model).
# Results go to the host as "BENCH-JSON <tag>" blocks
# (iperf3 -J), "BENCH <workload> <mtu> <metric> <value>" lines and
# ZCNIC-CPU marks.
. /opt/zcnic/bench.env
PEER=192.168.77.2
SHORT=$(( (DUR + 1) / 2 ))	# seconds of the request/response and GSO runs

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
# itr USECS: interrupt moderation on both guests (0: off); fails if the
# model has none (virtio-net-pci)
# ask the peer for STEP, which answers with result lines on 7002: print them
ask() {
	nc -l -p 7002 >/tmp/answer &
	ctl "$@"
	wait
	cat /tmp/answer
}
itr() {
	coalesce "$1" || return 1
	ctl itr "$1"
}
# fixed moderation (adaptive off where the model has it)
coalesce() {
	ethtool -C eth0 adaptive-rx off rx-usecs "$1" tx-usecs "$1" 2>/dev/null ||
		ethtool -C eth0 rx-usecs "$1" tx-usecs "$1" 2>/dev/null ||
		ethtool -C eth0 rx-usecs "$1" 2>/dev/null
}
# iperf TAG ARGS...: one iperf3 client run, JSON to the host
iperf() {
	local tag=$1 i
	shift
	for i in $(seq 30); do
		[ "$PROFILE" = 1 ] && [ "${tag#tcp}" != "$tag" ] && [ $i = 1 ] &&
			echo "ZCNIC-PROFILE: $tag $(( (DUR * 6 + 9) / 10 )) $((DUR / 5))"
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
# listening FILE: wait (10 s at most) until a receiver wrote "listening"
listening() {
	for _ in $(seq 100); do
		grep -q listening "$1" && return
		sleep 0.1
	done
}
# cpu WORKLOAD MTU OUTFILE: CPU per MB from a zcnic-zcrx/zcnic-zctx summary
cpu() {
	awk -v w="$1" -v m="$2" '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)}
		END {if (v["bytes"] > 0) printf "BENCH %s %s guest_cpu_ms_per_mb %.3f\n", w, m, v["cpu_ms"] / (v["bytes"] / 1048576); else print "BENCH-ERROR " w " " m}' "$3"
}
# latency TAG: ping RTTs, and zcnic-rr's 1-byte TCP request/response
latency() {
	ping -c "$PINGS" -i 0.01 $PEER >/tmp/ping
	awk -v t="$1" '/time=/ {sub(/.*time=/, ""); print "BENCH-RTT " t " " $1}' /tmp/ping
	ctl rr 5400
	if zcnic-rr -c $PEER -p 5400 -t "$SHORT" >/tmp/rr 2>&1; then
		awk -v t="rr${1#ping}" '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)}
			END {printf "BENCH %s 1500 trans_per_s %s\nBENCH %s 1500 rtt_p50_us %s\nBENCH %s 1500 rtt_p99_us %s\n", t, v["tps"], t, v["p50_us"], t, v["p99_us"]}' /tmp/rr
	else
		echo "BENCH-ERROR rr $1: $(cat /tmp/rr)"
	fi
}

# rx64 NAME PORT COMMAND...: the host floods eth1's PORT with 64-byte UDP
# datagrams (tools/bench-flood.py, controlled over slirp's
# 10.0.2.2:$FLOOD_PORT) at bench.py's --flood-kpps, while COMMAND
# receives them for $XSECS s from the first one (an XDP attach resets igb,
# whose link takes seconds to come back); its datagrams/s as
# "BENCH rx64_NAME 1500 kpps".  No datagram in 30 s: COMMAND fails, and
# that is a BENCH-ERROR, not a rate of 0.  (The flood's own count is no
# offered rate: the NIC also takes, and drops, frames while a receiver is
# set up and its queue restarted.)
XSECS=$((SHORT < 3 ? 3 : SHORT))
rx64() {
	local name=$1 port=$2
	shift 2
	local ans
	if ! exec 3<>/dev/tcp/10.0.2.2/"$FLOOD_PORT" ||
	   ! echo "flood $port $((XSECS + 40))" >&3 ||
	   ! read -r -t 10 ans <&3 || [ "$ans" != started ]; then
		echo "BENCH-ERROR rx64_$name: the host's flood did not start"
		exec 3<&-
		return
	fi
	sleep 1			# under way before the receiver starts
	if "$@" >/tmp/rx64 2>&1; then
		awk -v n="rx64_$name" '
			/^received / {p = $4; got = 1}
			/^window / {p = $NF; got = 1}
			/^rx .* pps / {for (i = 1; i < NF; i++) if ($i == "pps") p = $(i + 1); got = 1}
			END {if (got) printf "BENCH %s 1500 kpps %.3f\n", n, p / 1000
			     else printf "BENCH-ERROR %s: no count\n", n}' /tmp/rx64
	else
		echo "BENCH-ERROR rx64_$name: $(tail -n 2 /tmp/rx64 | tr '\n' ' ')"
	fi
	echo stop >&3
	read -r -t 60 _ <&3	# the flood's end
	exec 3<&-
}

for w in $WORKLOADS; do
	case $w in
	tcp)
		iperf tcp-1500
		;;
	mflow)
		# 4 TCP streams; 4 channels where the driver takes them (the
		# peer does the same: its receive side is what spreads)
		ethtool -L eth0 combined 4 2>/dev/null
		ctl channels 4
		iperf mflow-1500 -P 4
		;;
	tcp9000)
		setmtu 9000
		iperf tcp-9000
		setmtu 1500
		;;
	udp)
		iperf udp64-1500 -u -l 64 -b 0
		;;
	udpgso)
		# UDP_SEGMENT: 32 datagrams of 64 bytes per send (USO on zcnic,
		# the kernel's GSO on the others); the peer counts arrivals
		ctl udprecv 5300 "$SHORT"
		zcnic-udp -c $PEER -p 5300 -t "$SHORT" -g 32 >/tmp/udp
		awk '{printf "BENCH udp64gso 1500 kpps_sent %.3f\n", $4 / 1000}' /tmp/udp
		ask udpresult
		;;
	xdp)
		# a flood from the host into eth1 (a second NIC of the model,
		# its own boot: bench.py's run_xdp) received by a socket, by
		# XDP_DROP and by AF_XDP rxdrop (zcnic-xdp.bpf.c's programs,
		# native mode): zero copy on zcnic, copy mode on every model
		# (bench.py runs this only where the driver has XDP)
		ip link set eth1 up
		ip addr add 192.168.78.1/24 dev eth1
		sleep 1
		rx64 sock 5310 zcnic-udp -s -p 5310 -t "$XSECS"
		rx64 xdp_drop 5311 zcnic-xdp rate eth1 drop 5311 "$XSECS"
		[ "$MODEL" = zcnic ] &&
			rx64 xsk_zc 5312 zcnic-xsk -i eth1 -m rxdrop -r -p 5312 -t "$XSECS"
		rx64 xsk_copy 5313 zcnic-xsk -i eth1 -m rxdrop -r -c -p 5313 -t "$XSECS"
		;;
	ping)
		coalesce 0
		ctl itr 0
		latency ping
		# the same with 50 us of interrupt moderation, where the model
		# has it
		if itr 50; then
			latency ping_itr
			itr 0
		fi
		;;
	zc)
		# receiver and sender guest CPU per MB, copying vs zero-copy, at
		# MTU 4148 (one 4 KiB page of payload per segment) and 9000
		for mtu in 4148 9000; do
			setmtu $mtu
			zcnic-zcrx -n -r -p 5100 >/tmp/rx-read &
			ctl send 5100 "$ZC_BYTES"
			wait
			cpu rx_read $mtu /tmp/rx-read
			zcnic-zcrx -n -p 5101 >/tmp/rx-zc &
			ctl send 5101 "$ZC_BYTES"
			wait
			cpu rx_zerocopy $mtu /tmp/rx-zc
			grep -o 'mapped% [0-9.]*' /tmp/rx-zc | sed "s/^/BENCH rx_zerocopy $mtu /; s/mapped% /mapped_pct /"
			# devmem TCP (zcnic-devmem, a udmabuf) and io_uring
			# zero-copy receive (current kernel: zcnic-iouzc): the flow
			# steered to queue 1 of 2, whose memory provider is the
			# receiver's buffer; header split on
			if [ "$MODEL" = zcnic ]; then
				ch=$(ethtool -l eth0 | awk '/^Current/ {c = 1} c && /^Combined/ {print $2; exit}')
				ethtool -L eth0 combined 2
				ethtool -G eth0 tcp-data-split on
				ethtool -X eth0 equal 1
				ethtool -K eth0 ntuple on
				ethtool -N eth0 flow-type tcp4 dst-port 5104 action 1 loc 1
				ethtool -N eth0 flow-type tcp4 dst-port 5105 action 1 loc 2
				zcnic-devmem -n -i eth0 -q 1 -p 5105 >/tmp/rx-dm 2>&1 &
				listening /tmp/rx-dm
				ctl send 5105 "$ZC_BYTES"
				wait
				cpu rx_devmem $mtu /tmp/rx-dm
				if command -v zcnic-iouzc >/dev/null; then
					zcnic-iouzc -n -i eth0 -q 1 -p 5104 >/tmp/rx-iou 2>&1 &
					listening /tmp/rx-iou
					ctl send 5104 "$ZC_BYTES"
					wait
					cpu rx_io_uring_zcrx $mtu /tmp/rx-iou
				fi
				ethtool -N eth0 delete 1
				ethtool -N eth0 delete 2
				ethtool -X eth0 default
				ethtool -L eth0 combined "$ch"
			fi
			ctl recv 5102
			zcnic-zctx -n -p 5102 -b "$ZC_BYTES" >/tmp/tx-send
			cpu tx_send $mtu /tmp/tx-send
			ctl recv 5103
			zcnic-zctx -n -z -p 5103 -b "$ZC_BYTES" >/tmp/tx-zc
			cpu tx_msg_zerocopy $mtu /tmp/tx-zc
		done
		setmtu 1500
		;;
	slirp)
		# a second NIC of the same model on slirp: to the host's iperf3
		# and back (-R)
		ip link set eth1 up
		ip addr add 10.0.2.15/24 dev eth1
		PEER=10.0.2.2 iperf slirp-1500 -p "$HOST_PORT"
		PEER=10.0.2.2 iperf slirp_rx-1500 -p "$HOST_PORT" -R
		;;
	esac
done
# (the xdp boot has no peer)
[ -n "$FLOOD_PORT" ] || ctl done
