#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --host-http
# Fetch 10 MB from an HTTP server on the host over slirp (10.0.2.2) and
# check its sha256; the device counters grow by as much.
. /opt/zcnic/lib.sh
. /opt/zcnic/host.env
stat() { ethtool -S eth0 | awk -v k="$1:" '$1 == k {print $2}'; }

rx0=$(stat dev_rx_bytes)
got=$(wget -q -O - "$HTTP_URL" | sha256sum | cut -d' ' -f1)
check "10 MB over HTTP from the host: sha256 matches ($HTTP_SHA)" -- \
	test "$got" = "$HTTP_SHA"
rx=$(($(stat dev_rx_bytes) - rx0))
check "dev_rx_bytes grew by at least the file ($rx >= $HTTP_BYTES)" -- \
	test "$rx" -ge "$HTTP_BYTES"
check "... and by less than twice it" -- test "$rx" -lt $((2 * HTTP_BYTES))
check "no frame bounced, none dropped for size" -- \
	test "$(stat dev_tx_bounced)$(stat dev_rx_drop_size)" = 00
done_testing
