#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of fault-recovery.sh: each round, receive a stream and send its
# sha256 back, while sending one of its own.
bytes=64M
port=5200
for round in 1 2 3 4; do
	(until zcnic-gen $((port + 2)) $bytes >/dev/tcp/192.168.77.1/$((port + 2)); do
		sleep 0.2
	done 2>/dev/null) &
	got=$(nc -l -p $port | sha256sum | cut -d' ' -f1)
	until echo "$got" >/dev/tcp/192.168.77.1/$((port + 1)); do
		sleep 0.2
	done 2>/dev/null
	wait
	port=$((port + 10))
done
echo "peer: 4 rounds done"
