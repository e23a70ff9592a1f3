#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of tso-gro.sh: for each of the four rounds, receive a stream and
# report its sha256, then send one.
bytes=256M
port=5100
for round in 1 2 3 4; do
	got=$(nc -l -p $port | sha256sum | cut -d' ' -f1)
	until echo "$got" >/dev/tcp/192.168.77.1/$((port + 1)); do
		sleep 0.2
	done 2>/dev/null
	until zcnic-gen $((port + 2)) $bytes >/dev/tcp/192.168.77.1/$((port + 2)); do
		sleep 0.2
	done 2>/dev/null
	port=$((port + 10))
done
echo "peer: 4 rounds done"
