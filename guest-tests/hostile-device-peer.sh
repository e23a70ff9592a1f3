#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of hostile-device.sh: an iperf3 server for the traffic under each
# lie, and a sink that sends back the sha256 of each stream it receives.
iperf3 -s -D >/dev/null 2>&1
while :; do
	got=$(nc -l -p 6000 | sha256sum | cut -d' ' -f1)
	until echo "$got" >/dev/tcp/192.168.77.1/6001; do
		sleep 0.2
	done 2>/dev/null
done
