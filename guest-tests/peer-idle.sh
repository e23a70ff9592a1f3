#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Peer for two-guest tests: configured by /init, it only answers.
echo "peer up: $(ip -br addr show eth0)"
