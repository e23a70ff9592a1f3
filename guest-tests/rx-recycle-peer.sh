#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of rx-recycle.sh: iperf3 sends 16 MB, then 256 MB, to the main guest.
for s in "5301 16M" "5302 256M"; do
	set -- $s
	until iperf3 -c 192.168.77.1 -p $1 -n $2 >/tmp/iperf.out 2>&1; do sleep 0.2; done
done
echo "peer: sent 272 MB"
