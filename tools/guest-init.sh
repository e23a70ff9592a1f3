#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# zcnic guest /init: mount, load the NIC driver, configure the network, run
# /opt/zcnic/script.sh and report its status to tools/guest.py.
#
# Kernel command line (passed through as environment):
#   zc_nic=zcnic|e1000e|igb|virtio-net-pci   zc_ip=ADDR/LEN (else DHCP)
#   zc_role=main|peer   zc_mtu=N
/bin/busybox --install -s
export PATH=/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug
hostname "zcnic-${zc_role:-main}"
ip link set lo up

say() { echo "zcnic-init: $*"; }
finish() {
	echo "ZCNIC-EXIT=$1"
	sync
	# A peer serves the main guest until tools/guest.py stops it.
	if [ "$zc_role" = peer ]; then
		while :; do sleep 3600; done
	fi
	poweroff -f
}

# Keep the console for the script's output; dmesg has the rest.
dmesg -n 1

case "${zc_nic:-zcnic}" in
zcnic)		insmod /lib/modules/$(uname -r)/extra/zcnic.ko ;;
e1000e)		modprobe e1000e ;;
igb)		modprobe igb ;;
virtio-net-pci)	modprobe virtio_net ;;
esac || say "loading the ${zc_nic:-zcnic} driver failed"

# Wait for the interface the driver registers (absent if probe refused).
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -e /sys/class/net/eth0 ]; then
	[ -n "$zc_mtu" ] && ip link set eth0 mtu "$zc_mtu"
	ip link set eth0 up
	if [ -n "$zc_ip" ]; then
		ip addr add "$zc_ip" dev eth0
	elif [ -n "$zc_dhcp" ]; then
		udhcpc -i eth0 -q -n -t 10 -T 1 >/tmp/udhcpc.log 2>&1 ||
			say "DHCP on eth0 failed"
	fi
else
	say "no eth0 (driver did not bind)"
fi

echo "ZCNIC-BEGIN"
cd /opt/zcnic 2>/dev/null || cd /
# bash, not busybox sh: its applets would shadow the real ip and friends.
# Plain output on the console (trixie's ip colours a terminal's).
export NO_COLOR=1
bash /opt/zcnic/script.sh
finish $?
