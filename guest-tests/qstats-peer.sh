#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of qstats.sh: takes one 16 MB stream.
nc -l -p 5200 >/dev/null
echo "peer: stream received"
