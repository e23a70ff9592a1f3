#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer migrate-peer.sh --migrate --timeout 600
# Live migration (spec 9) in the middle of a 256 MB TCP transfer from the
# peer: the host moves this guest to a second QEMU (-incoming), the peer's
# frames follow, the transfer completes with the right sha256 and the
# device's counters go on from where they were.
. /opt/zcnic/lib.sh
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }
carrier() { cat /sys/class/net/eth0/carrier_changes; }

want=$(zcnic-gen 5400 256M | sha256sum | cut -d' ' -f1)
nc -l -p 5400 | sha256sum | cut -d' ' -f1 >/tmp/got &
recv=$!
check "the transfer is under way (8 MB in)" -- \
	wait_for 120 bash -c "test \$(ethtool -S eth0 | awk '\$1 == \"dev_rx_bytes:\" {print \$2}') -ge 8000000"
rx0=$(stat dev_rx_frames)
cc0=$(carrier)
echo "ZCNIC-MIGRATE"
# the host flaps the new QEMU's link once it has taken over
check "migrated: the link went down and up on the destination" -- \
	wait_for 180 bash -c "test \$(cat /sys/class/net/eth0/carrier_changes) -ge $((cc0 + 2))"
rx1=$(stat dev_rx_frames)
echo "# dev_rx_frames $rx0 before, $rx1 after the migration"
check "the device counters carried over" -- test "$rx1" -ge "$rx0"
wait $recv
check "256 MB arrived intact across the migration" -- \
	test "$(cat /tmp/got)" = "$want"
echo "# dev_rx_frames $(stat dev_rx_frames) at the end"
check "the destination's device received part of the stream" -- \
	test "$(stat dev_rx_frames)" -gt "$rx1"
check "dev_rx_bytes counts all of it, before and after (>= 256 MB)" -- \
	test "$(stat dev_rx_bytes)" -ge 268435456
check "no device error" -- test "$(zcnic-poke 0x34)" = 0x00000000
check "no WARN, BUG or oops in dmesg" -- \
	bash -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
done_testing
