#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer for two-guest tests: runs each command the main guest sends to TCP port
# 5300 (one connection a command), so that the main guest decides when
# each flow is sent.
while :; do
	cmd=$(nc -l -p 5300)
	[ -n "$cmd" ] && bash -c "$cmd" 2>&1 | sed 's/^/peer: /'
done
