#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer peer-exec.sh
# The RSS hash (spec 4.8) as the kernel sees it: each packet's skb->hash,
# read by a packet socket's BPF filter, is the Toeplitz hash this test
# computes itself (checked first against Microsoft's vectors) of the fields
# ethtool -N selects, with the key ethtool -X wrote; ethtool -K rxhash off
# takes it away.
. /opt/zcnic/lib.sh
key2=ab:08:84:85:4a:d8:41:78:96:2d:86:aa:1f:ba:d1:42:2e:b7:ea:d6:c7:bf:af:e7:c0:69:e8:0a:7e:5a:b1:8f:37:c4:ad:5b:9d:67:05:d6

hash() { zcnic-rxhash hash "$@"; }

check "ethtool -k: receive-hashing on by default" -- \
	bash -c "ethtool -k eth0 | grep -qx 'receive-hashing: on'"
ethtool -x eth0 >/tmp/x.out 2>&1
sed 's/^/# /' /tmp/x.out
check "ethtool -x: one RX ring, a 128-entry table of queue 0" -- \
	bash -c "grep -q 'with 1 RX ring' /tmp/x.out &&
		 [ \$(grep -cE '^ +[0-9]+: +0 +0 +0 +0 +0 +0 +0 +0' /tmp/x.out) -eq 16 ]"
check "ethtool -x: hash function toeplitz" -- \
	grep -qE '^ *toeplitz: on$' /tmp/x.out
check "ethtool -x: a 40-byte key, not Microsoft's (the driver's is random)" -- \
	bash -c "k=\$(grep -A1 'RSS hash key' /tmp/x.out | tail -1)
		 [ \${#k} -eq 119 ] && [ \"\$k\" != $MSKEY ]"
check "ethtool -X hkey (Microsoft's key): ethtool -x shows it" -- \
	bash -c "ethtool -X eth0 hkey $MSKEY &&
		 ethtool -x eth0 | grep -qx $MSKEY"
check "ethtool -X hfunc xor: refused" -- \
	bash -c "! ethtool -X eth0 hfunc xor 2>/dev/null"
check "ethtool -X equal 1: accepted (one queue)" -- ethtool -X eth0 equal 1
check "ethtool -n rx-flow-hash tcp4: addresses and ports" -- \
	bash -c "[ \$(ethtool -n eth0 rx-flow-hash tcp4 |
		      grep -cE '^(IP SA|IP DA|L4 bytes)') -eq 4 ]"
check "ethtool -n rx-flow-hash udp4: addresses only" -- \
	bash -c "ethtool -n eth0 rx-flow-hash udp4 | grep -q 'IP DA' &&
		 ! ethtool -n eth0 rx-flow-hash udp4 | grep -q 'L4 bytes'"
check "ethtool -N rx-flow-hash ip4 sdfn: refused (no ports to hash)" -- \
	bash -c "! ethtool -N eth0 rx-flow-hash ip4 sdfn 2>/dev/null"

# UDP, addresses only (the default)
h=$(hash $MSKEY $PEER_IP $MAIN_IP)
flow u 40001 6666 20 "$h"
check "UDP flow: 20 of 20 datagrams carry the addresses' hash $h" -- \
	test "$matched" -eq 20

# UDP, addresses and ports
check "ethtool -N rx-flow-hash udp4 sdfn" -- \
	ethtool -N eth0 rx-flow-hash udp4 sdfn
h4=$(hash $MSKEY $PEER_IP $MAIN_IP 40001 6666)
flow u 40001 6666 20 "$h"
check "UDP flow, ports hashed: no datagram has the addresses' hash" -- \
	test "$matched" -eq 0 -a "$packets" -ge 20
flow u 40001 6666 20 "$h4"
check "UDP flow, ports hashed: 20 of 20 carry the 4-tuple hash $h4" -- \
	test "$matched" -eq 20

# TCP: the 4-tuple by default
(nc -l -p 6667 >/dev/null) &
ht=$(hash $MSKEY $PEER_IP $MAIN_IP 40002 6667)
flow t 40002 6667 20 "$ht"
check "TCP flow: its segments carry the 4-tuple hash $ht ($matched)" -- \
	test "$matched" -ge 3

# another key
check "ethtool -X hkey (another key)" -- ethtool -X eth0 hkey $key2
h42=$(hash $key2 $PEER_IP $MAIN_IP 40003 6666)
flow u 40003 6666 20 "$h42"
check "the new key: 20 of 20 datagrams carry hash $h42" -- \
	test "$matched" -eq 20

# off
check "ethtool -K rxhash off" -- ethtool -K eth0 rxhash off
flow u 40003 6666 20 "$h42"
check "rxhash off: no datagram carries the device's hash" -- \
	test "$matched" -eq 0 -a "$packets" -ge 20
check "ethtool -K rxhash on" -- ethtool -K eth0 rxhash on
flow u 40003 6666 20 "$h42"
check "rxhash on again: 20 of 20" -- test "$matched" -eq 20

# a reset keeps what ethtool set (the driver writes it again)
check "ethtool -G (rings restarted)" -- ethtool -G eth0 rx 511
flow u 40003 6666 20 "$h42"
check "after the restart: the key and fields are the device's again" -- \
	test "$matched" -eq 20
check "a device reset (RX DMA fault)" -- device_reset
flow u 40003 6666 20 "$h42"
check "after the reset: the key and fields are the device's again" -- \
	test "$matched" -eq 20
check "ethtool -S: rx0_bad_hash 0" -- \
	bash -c "ethtool -S eth0 | grep -qx '     rx0_bad_hash: 0'"
done_testing
