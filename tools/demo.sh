#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic demo: boot a guest with -device zcnic on slirp and narrate.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

step "demo: booting a Linux 6.12 guest with -device zcnic,netdev=user (TCG, ~10 s)"
exec "$ZCNIC_PYTHON" "$ZCNIC_ROOT/tools/guest.py" \
    --script "$ZCNIC_ROOT/tools/demo-guest.sh"
