#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of tcp-bulk*.sh: receive stream 1 and report its sha256 to the main
# guest, then send stream 2.
bytes=64M
got=$(nc -l -p 5001 | sha256sum | cut -d' ' -f1)
until echo "$got" >/dev/tcp/192.168.77.1/5009; do sleep 0.2; done 2>/dev/null
until zcnic-gen 2 $bytes >/dev/tcp/192.168.77.1/5002; do sleep 0.2; done 2>/dev/null
echo "peer: sent stream 2"
