#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of zc-tx.sh: receive streams 11 and 12 on ports 5020 and 5021, check
# every byte (zcnic-zcrx -r) and report the result to the main guest.
for s in 11 12; do
	r="$(zcnic-zcrx -r -p $((5009 + s)) -s $s 2>&1) rc=$?"
	until echo "$r" 2>/dev/null >/dev/tcp/192.168.77.1/5029; do
		sleep 0.2
	done
	echo "peer: stream $s: $r"
done
