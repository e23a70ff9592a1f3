#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the demo guest (see tools/demo.sh).
say() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }

say "The zcnic driver bound to the device (dmesg)"
dmesg | grep -E 'zcnic [0-9a-f]{4}:'

say "The PCI function: 1af4:10f0, BAR0 registers, BAR2 MSI-X"
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1af4:0x10f0 ] || continue
	echo "$(basename "$d") vendor $(cat "$d/vendor") device $(cat "$d/device") class $(cat "$d/class")"
	head -n 3 "$d/resource" | awk '{printf "  BAR: %s-%s\n", $1, $2}'
done

say "ip link: eth0 is up with the MAC from the device's registers"
ip link show eth0

say "ethtool -i eth0"
ethtool -i eth0

say "Interrupt vectors (MSI-X: misc, rx, tx)"
grep -E '\-(misc|rx|tx)$' /proc/interrupts

say "DHCP over slirp went through the zcnic rings: address and route"
ip -br addr show eth0
ip route

say "ping the host's slirp gateway 10.0.2.2"
ping -c 3 10.0.2.2

say "Fetch 10 MB from the host over HTTP through the zcnic rings"
. /opt/zcnic/host.env
echo "host says sha256 $HTTP_SHA"
rx0=$(stat dev_rx_bytes)
time got=$(wget -q -O - "$HTTP_URL" | sha256sum | cut -d' ' -f1)
echo "guest got  sha256 $got"
if [ "$got" = "$HTTP_SHA" ]; then
	echo "=> the same bytes; the device received $(( $(stat dev_rx_bytes) - rx0 )) bytes for it"
else
	echo "=> MISMATCH: the file did not arrive intact"
fi

say "Offloads (ethtool -k) and the device's own counters (ethtool -S)"
ethtool -k eth0 | grep -E '^(scatter-gather|tx-checksumming|rx-checksumming):'
ethtool -S eth0 | grep -E 'dev_|resets'
b=$(stat dev_tx_bounced)
if [ "$b" = 0 ]; then
	echo "=> dev_tx_bounced 0: all $(stat dev_tx_frames) frames went out of guest memory in place"
else
	echo "=> dev_tx_bounced $b: the device had to copy $b buffers"
fi

say "Device registers seen from the guest (zcnic-regs, TAP)"
zcnic-regs

say "Interface counters"
ip -s link show eth0
