#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of tx-shadow.sh: an iperf3 server; receive three streams, answer
# each with its sha256.
iperf3 -s -D
port=5200
for round in 1 2 3; do
	got=$(nc -l -p $port | sha256sum | cut -d' ' -f1)
	until echo "$got" >/dev/tcp/192.168.77.1/$((port + 1)); do
		sleep 0.2
	done 2>/dev/null
	port=$((port + 10))
done
echo "peer: 3 streams received"
