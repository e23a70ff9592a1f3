#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The peer guest of the demo's two-guest part (tools/demo-zc.sh).
for s in 7 8; do
	until zcnic-gen $s 64M 2>/dev/null >/dev/tcp/192.168.77.1/$((5003 + s)); do
		sleep 0.3
	done
done
r="$(zcnic-zcrx -r -p 5020 -s 11 2>&1) rc=$?"
until echo "$r" 2>/dev/null >/dev/tcp/192.168.77.1/5029; do sleep 0.2; done
