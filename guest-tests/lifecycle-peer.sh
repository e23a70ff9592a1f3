#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer of lifecycle.sh: a TCP sink that keeps accepting connections.
while :; do nc -l -p 5001 >/dev/null; done
