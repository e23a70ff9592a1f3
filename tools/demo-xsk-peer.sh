#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The peer guest of the demo's AF_XDP part (tools/demo-xsk.sh): each
# "COUNT LEN" it is sent on TCP port 5300 becomes COUNT numbered UDP
# datagrams of LEN bytes to 192.168.77.1:7100 (zcnic-xdp send).
while :; do
	set -- $(nc -l -p 5300)
	[ $# = 2 ] && zcnic-xdp send 192.168.77.1 7100 "$1" "$2"
done
