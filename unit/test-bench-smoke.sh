#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./zcnic bench smoke check: one 1-second zcnic TCP run (bench.py --smoke)
# starts, and writes a well-formed CSV with the throughput in it.  Needs the
# QEMU and guest that ./zcnic setup builds; skipped without them.  TAP.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${ZCNIC_CACHE:-$HOME/.cache/zcnic}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..3"
if [ ! -x "$cache/qemu-system-x86_64" ] || [ ! -f "$cache/guest/lts/initrd.gz" ]; then
	for i in 1 2 3; do echo "ok $i - bench smoke # SKIP not set up"; done
	exit 0
fi
ZCNIC_CACHE=$cache python3 "$root/tools/bench.py" --smoke --csv "$tmp/s.csv" \
	>"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 0 ]; then echo "ok 1 - bench --smoke ran"; else
	echo "not ok 1 - bench --smoke exited $rc"; sed 's/^/# /' "$tmp/out" | tail -n 15; fi
if [ "$(head -n 1 "$tmp/s.csv" 2>/dev/null)" = "model,workload,mtu,metric,value" ] &&
   [ "$(wc -l <"$tmp/s.csv")" -gt 1 ] &&
   awk -F, 'NR > 1 && (NF != 5 || $3 !~ /^[0-9]+$/ || $5 !~ /^[0-9.e+-]+$/) {bad = 1} END {exit bad}' "$tmp/s.csv"; then
	echo "ok 2 - CSV is model,workload,mtu,metric,value with numbers"
else
	echo "not ok 2 - CSV malformed"; head -n 5 "$tmp/s.csv" 2>/dev/null | sed 's/^/# /'
fi
mbit=$(awk -F, '$1 == "zcnic" && $2 == "tcp" && $3 == 1500 && $4 == "mbit_s" {print $5}' "$tmp/s.csv" 2>/dev/null)
if [ -n "$mbit" ] && awk -v v="$mbit" 'BEGIN {exit !(v > 0)}'; then
	echo "ok 3 - zcnic TCP throughput measured ($mbit Mbit/s, not asserted)"
else
	echo "not ok 3 - no zcnic TCP throughput in the CSV"
fi
