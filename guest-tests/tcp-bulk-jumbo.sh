#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# zcnic-guest: --peer tcp-bulk-peer.sh --mtu 9000
# tcp-bulk.sh at MTU 9000: frames span three RX pages.
. /opt/zcnic/tcp-bulk.sh
