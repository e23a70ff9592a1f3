#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of zc-rx.sh: send 256 MB streams with seeds 7, 8, 9 to ports 5010,
# 5011, 5012 of the main guest, each when its receiver listens.
for s in 7 8 9; do
	until zcnic-gen $s 256M 2>/dev/null >/dev/tcp/192.168.77.1/$((5003 + s)); do
		sleep 0.3
	done
	echo "peer: sent stream $s"
done
