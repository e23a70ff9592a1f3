#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The measurements docs/performance.md quotes beside ./zcnic bench, each
# into a CSV here.  Run from anywhere after ./zcnic setup (under a quarter of an hour):
#   docs/bench/experiments.sh [slirp] [flood] [zc]
#   slirp:  host-tso on/off, zcnic and igb, iperf3 to and from the host over
#           -netdev user, 3 alternations (slirp-host-tso.csv)
#   flood:  a guest receiving 64-byte UDP from a UDP_SEGMENT sender: what
#           its CPU does (udp-flood.csv)
#   zc:     read() vs TCP_ZEROCOPY_RECEIVE, guest CPU per MB, MTU 4148 and
#           9000, with Debian's init_on_alloc and without (zc-cpu.csv)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${srv:-}" ] && kill $srv 2>/dev/null; true' EXIT
what=${*:-slirp flood zc}
guest() { timeout 900 "$root/zcnic" guest --timeout 800 "$@"; }

for w in $what; do
case $w in
slirp)
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	iperf3 -s -p "$port" --bind 127.0.0.1 >/dev/null 2>&1 & srv=$!
	cat >"$tmp/slirp.sh" <<EOS
#!/bin/bash
for d in to_host from_host; do
	a=; [ \$d = from_host ] && a=-R
	r=\$(iperf3 -c 10.0.2.2 -p $port -t 8 -i 0 -J \$a | awk '/"sum_received"/ {f=1} f && /"bits_per_second"/ {print \$2; exit}' | tr -d ,)
	echo "RES \$d \$r"
done
EOS
	chmod +x "$tmp/slirp.sh"
	echo "nic,host_tso,direction,rep,mbit_s" >"$here/slirp-host-tso.csv"
	for rep in 1 2 3; do
		for nic in zcnic,host-tso=on zcnic,host-tso=off igb; do
			guest --nic "$nic" --script "$tmp/slirp.sh" |
			awk -v n="${nic%%,*}" -v t="${nic#*=}" -v r=$rep '
				/^RES/ {printf "%s,%s,%s,%d,%.0f\n", n, n == "igb" ? "-" : t, $2, r, $3 / 1e6}' \
				>>"$here/slirp-host-tso.csv"
		done
	done
	kill $srv; srv=
	;;
flood)
	cat >"$tmp/flood.sh" <<'EOS'
#!/bin/bash
peer=192.168.77.2
# user nice system idle iowait irq softirq (ticks of 10 ms)
cpu() { awk '/^cpu / {print $2 + $3, $4, $5, $7, $8}' /proc/stat; }
irqs() { awk 'NR > 1 && !/LOC|NMI|RES|CAL|TLB|timer|ttyS/ {for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) s += $i} END {print s + 0}' /proc/interrupts; }
rxp() { cat /sys/class/net/eth0/statistics/rx_packets; }
rcvbuf() { awk '/^Udp:/ && $2 ~ /^[0-9]/ {print $6}' /proc/net/snmp; }
# threaded NAPI (the zcnic driver's default): polling in a kthread the
# scheduler shares the CPU with; 0: in softirq, at interrupt exit
t=0; [ -f /opt/zcnic/threaded ] && t=1
echo $t >/sys/class/net/eth0/threaded
sleep 3
read u0 s0 i0 h0 q0 <<<"$(cpu)"; n0=$(irqs); p0=$(rxp); b0=$(rcvbuf)
zcnic-udp -s -p 5300 -t 4 >/tmp/udp &
until echo go 2>/dev/null >/dev/tcp/$peer/7000; do sleep 0.2; done
wait
read u1 s1 i1 h1 q1 <<<"$(cpu)"; n1=$(irqs); p1=$(rxp); b1=$(rcvbuf)
t=$(( (u1 - u0) + (s1 - s0) + (i1 - i0) + (h1 - h0) + (q1 - q0) ))
echo "RES ticks $t user $((u1 - u0)) system $((s1 - s0)) idle $((i1 - i0)) irq $((h1 - h0)) softirq $((q1 - q0)) nic_irqs $((n1 - n0)) rx_packets $((p1 - p0)) rcvbuf_errors $((b1 - b0)) app_$(cat /tmp/udp)"
EOS
	cat >"$tmp/flood-peer.sh" <<'EOS'
#!/bin/bash
nc -l -p 7000 >/dev/null
zcnic-udp -c 192.168.77.1 -p 5300 -t 4 -g 32
EOS
	chmod +x "$tmp/flood.sh" "$tmp/flood-peer.sh"
	touch "$tmp/threaded"
	echo "nic,napi,rep,metric,value" >"$here/udp-flood.csv"
	for rep in 1 2; do
		for cfg in zcnic:softirq zcnic:threaded virtio-net-pci:softirq \
			   virtio-net-pci:threaded; do
			nic=${cfg%:*} napi=${cfg#*:} add=()
			[ $napi = threaded ] && add=(--add "$tmp/threaded")
			guest --nic $nic "${add[@]}" --script "$tmp/flood.sh" \
				--peer "$tmp/flood-peer.sh" |
			awk -v n=$nic -v t=$napi -v r=$rep '/^RES/ {for (i = 2; i < NF; i += 2) printf "%s,%s,%d,%s,%s\n", n, t, r, $i, $(i + 1)}' \
				>>"$here/udp-flood.csv"
		done
	done
	;;
zc)
	cat >"$tmp/zc.sh" <<'EOS'
#!/bin/bash
# the receiver; the peer (tools/bench-peer.sh) sends
ctl() { until echo "$*" 2>/dev/null >/dev/tcp/192.168.77.2/7000; do sleep 0.2; done; nc -l -p 7001 >/dev/null; }
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
port=5100
for mtu in 4148 9000; do
	ctl mtu $mtu; ip link set eth0 mtu $mtu; sleep 1
	for rep in 1 2 3; do
		for mode in read zerocopy; do
			opt=; [ $mode = read ] && opt=-r
			b0=$(busy)
			zcnic-zcrx -n $opt -p $port >/tmp/o &
			ctl send $port 128M
			wait
			echo "sys_ms $(( ($(busy) - b0) * 10 ))" >>/tmp/o
			awk -v m=$mtu -v r=$rep -v mode=$mode '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)} END {mb = v["bytes"] / 1048576; printf "RES %s,%s,%s,%.3f,%.3f,%s\n", m, mode, r, v["cpu_ms"] / mb, v["sys_ms"] / mb, v["mapped%"]}' /tmp/o
			port=$((port + 1))
		done
	done
done
ctl done
EOS
	chmod +x "$tmp/zc.sh"
	echo "init_on_alloc,mtu,mode,rep,process_ms_per_mb,guest_ms_per_mb,mapped_pct" >"$here/zc-cpu.csv"
	for ioa in 1 0; do
		guest --append init_on_alloc=$ioa --script "$tmp/zc.sh" \
			--peer "$root/tools/bench-peer.sh" |
		sed -n "s/^RES /$ioa,/p" >>"$here/zc-cpu.csv"
	done
	;;
*)
	echo "experiments.sh: unknown experiment '$w' (slirp flood zc)" >&2
	exit 2
	;;
esac
done
