#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --host-http
# Send 64 MB to a sink on the host over slirp (10.0.2.2) and check the
# sha256 the host computed: with TSO each large frame goes to slirp as one
# TCP segment (spec 4.6, host-tso=auto), without TSO as MSS-sized ones.
. /opt/zcnic/lib.sh
. /opt/zcnic/host.env
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }

# upload SEED BYTES: the host's "<sha256> <bytes>" for the data sent
upload() {
	exec 3<>"/dev/tcp/10.0.2.2/$SINK_PORT" || return 1
	{ echo "$2"; zcnic-gen "$1" "$2"; } >&3
	read -r -t 120 reply <&3
	exec 3<&-
	echo "$reply"
}

want=$(zcnic-gen 21 67108864 | sha256sum | cut -d' ' -f1)
p0=$(stat dev_seg_passed) t0=$(stat dev_tso_frames)
got=$(upload 21 67108864)
check "64 MB to the host with TSO: sha256 and length match" -- \
	test "$got" = "$want 67108864"
passed=$(($(stat dev_seg_passed) - p0)) tso=$(($(stat dev_tso_frames) - t0))
check "TSO frames went to slirp whole: seg_passed +$passed = tso_frames +$tso > 0" -- \
	test "$passed" -gt 0 -a "$passed" -eq "$tso"

ethtool -K eth0 tso off >/dev/null
want=$(zcnic-gen 22 8388608 | sha256sum | cut -d' ' -f1)
p0=$(stat dev_seg_passed)
got=$(upload 22 8388608)
check "8 MB to the host without TSO: sha256 and length match" -- \
	test "$got" = "$want 8388608"
check "... and no frame passed whole" -- test "$(stat dev_seg_passed)" = "$p0"
ethtool -K eth0 tso on >/dev/null
check "no frame bounced, none dropped for size" -- \
	test "$(stat dev_tx_bounced)$(stat dev_rx_drop_size)" = 00
done_testing
