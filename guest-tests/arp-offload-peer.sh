#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of arp-offload.sh: on each word from the main guest, run that step
# and report on port 6001.
ip neigh replace 192.168.77.1 lladdr 52:54:00:12:34:56 nud permanent dev eth0
report() {
	until echo "$*" 2>/dev/null >/dev/tcp/192.168.77.1/6001; do sleep 0.2; done
}
while :; do
	step=$(nc -l -p 6000)
	case $step in
	hello)
		report hi
		;;
	arping)
		arping -c 5 -w 20 -I eth0 192.168.77.1 >/tmp/arping 2>&1
		rc=$?
		cat /tmp/arping
		report "rc=$rc sent=$(sed -n 's/^Sent \([0-9]*\) probe.*/\1/p' /tmp/arping) received=$(sed -n 's/^Received \([0-9]*\) response.*/\1/p' /tmp/arping)"
		;;
	ping)
		# forget the pinned entry: the kernel must ask, the device answers
		ip neigh del 192.168.77.1 dev eth0
		ping -c 3 -w 10 192.168.77.1 >/dev/null
		rc=$?
		mac=$(ip neigh show 192.168.77.1 dev eth0 | awk '{print $3}')
		ip neigh replace 192.168.77.1 lladdr 52:54:00:12:34:56 nud permanent dev eth0
		report "ping=$rc neigh=$mac"
		;;
	done)
		report "bye"
		break
		;;
	esac
done
