#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic demo: boot a guest with -device zcnic on slirp and narrate; the
# host serves a file the guest fetches through the device.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/zcnic-demo.XXXXXX")
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

step "demo: host side: a 10 MB file served on 127.0.0.1 (the guest's 10.0.2.2)"
head -c 10M /dev/urandom >"$work/data.bin"
sha=$(sha256sum "$work/data.bin" | cut -d' ' -f1)
"$ZCNIC_PYTHON" -u -m http.server 0 --bind 127.0.0.1 --directory "$work" \
    >"$work/http.log" 2>/dev/null &
server=$!
for _ in $(seq 50); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || die "the host HTTP server did not start"
printf 'HTTP_URL=http://10.0.2.2:%s/data.bin\nHTTP_SHA=%s\n' "$port" "$sha" \
    >"$work/host.env"
info "sha256 $sha, port $port"

step "demo: booting a Linux 6.12 guest with -device zcnic,netdev=user (TCG, ~10 s)"
"$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/guest.py" \
    --script "$ZCNIC_ROOT/tools/demo-guest.sh" --add "$work/host.env"

step "demo: AF_XDP zero copy: the device writes into the application's UMEM"
"$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/guest.py" --timeout 600 \
    --script "$ZCNIC_ROOT/tools/demo-xsk.sh" \
    --peer "$ZCNIC_ROOT/tools/demo-xsk-peer.sh"

step "demo: io_uring zero-copy receive on the current kernel: payload into the application's memory"
"$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/guest.py" --kernel current --kselftest \
    --smp 2 --timeout 300 --script "$ZCNIC_ROOT/tools/demo-zcrx.sh"

step "demo: zero copy between two zcnic guests (header split, TCP_ZEROCOPY_RECEIVE, MSG_ZEROCOPY)"
"$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/guest.py" --mtu 4148 --timeout 600 \
    --script "$ZCNIC_ROOT/tools/demo-zc.sh" \
    --peer "$ZCNIC_ROOT/tools/demo-zc-peer.sh"
