#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of short-frames.sh: a sink that reports what it received, and its
# device's RX checksum error count.
got=$(nc -l -p 5050)
until echo "$got" 2>/dev/null >/dev/tcp/192.168.77.1/5051; do sleep 0.2; done
echo "peer: received '$got', rx csum bad $(ethtool -S eth0 | awk '$1 == "dev_rx_csum_bad:" {print $2}')"
