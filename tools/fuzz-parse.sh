#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzz the frame parser with libFuzzer under ASan + UBSan (clang from Debian).
#   tools/fuzz-parse.sh [--runs N]      (default 1000000)
# Prints one TAP line; the corpus is kept in the cache between runs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=1000000
if [ "${1:-}" = --runs ]; then
    runs=${2:?--runs needs a number}
fi
out=$ZCNIC_CACHE/fuzz-parse
mkdir -p "$out/corpus"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -I"$ZCNIC_ROOT/hw/zcnic" "$ZCNIC_ROOT/unit/fuzz-parse.c" \
    "$ZCNIC_ROOT/hw/zcnic/zcnic_parse.c" "$ZCNIC_ROOT/hw/zcnic/zcnic_arp.c" \
    "$ZCNIC_ROOT/hw/zcnic/zcnic_seg.c" \
    -o "$out/fuzz-parse" ||
    { echo "not ok 1 - fuzz-parse: build with clang failed"; exit 1; }
# Seeds: frames the fuzzer would take long to invent (valid IP headers).
if [ ! -e "$out/corpus/seed-arp-reply" ]; then
    "$ZCNIC_PYTHON" - "$out/corpus" <<'PY'
import os, struct, sys
d = sys.argv[1]
eth = lambda t, tags=0: b"\x02" + b"\0" * 5 + b"\x02" + b"\0" * 5 + \
    b"".join(struct.pack("!HH", 0x8100, 7) for _ in range(tags)) + struct.pack("!H", t)
def v4(proto, payload, opt=b"", frag=0):
    ihl = 20 + len(opt)
    return struct.pack("!BBHHHBBH4s4s", 0x40 | ihl // 4, 0, ihl + len(payload),
                       1, frag, 64, proto, 0, b"\n\0\0\1", b"\n\0\0\2") + opt + payload
def v6(nh, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nh, 64,
                       b"\xfd" + b"\0" * 15, b"\xfd" + b"\0" * 14 + b"\2") + payload
tcp = lambda opt=b"": struct.pack("!HHIIBBHHH", 1, 2, 0, 0, (20 + len(opt)) // 4 << 4,
                                  0x18, 1, 0, 0) + opt + b"data"
udp = struct.pack("!HHHH", 1, 2, 12, 0) + b"data"
seeds = [
    eth(0x0800) + v4(6, tcp(b"\1" * 12), opt=b"\1" * 8),
    eth(0x0800, 2) + v4(17, udp),
    eth(0x0800) + v4(17, udp, frag=0x2000),
    eth(0x86dd) + v6(0, bytes([17, 0]) + b"\0" * 6 + udp),
    eth(0x86dd) + v6(44, bytes([6, 0, 0, 1]) + b"\0" * 4 + tcp()),
    eth(0x86dd) + v6(43, bytes([60, 0, 0, 1]) + b"\0" * 4 + bytes([51, 0]) +
                     b"\0" * 6 + bytes([6, 1]) + b"\0" * 10 + tcp()),
    eth(0x0806) + b"\0" * 28,
]
arp = lambda op: eth(0x0806) + struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op,
                                           b"\2\0\0\0\0\7", b"\n\0\0\7",
                                           b"\0" * 6, b"\n\0\0\1")
open(os.path.join(d, "seed-arp-request"), "wb").write(arp(1))
open(os.path.join(d, "seed-arp-reply"), "wb").write(arp(2))
for i, s in enumerate(seeds):
    open(os.path.join(d, "seed-%d" % i), "wb").write(s)
PY
fi
start=$(date +%s)
if (cd "$out" && ./fuzz-parse -runs="$runs" -max_len=2048 corpus \
        >"$out/last.log" 2>&1); then
    echo "ok 1 - fuzz-parse: $runs runs clean under ASan+UBSan in $(($(date +%s) - start)) s ($(ls "$out/corpus" | wc -l) corpus entries)"
else
    grep -m5 -E 'ERROR|SUMMARY|runtime error' "$out/last.log" | sed 's/^/# /'
    echo "not ok 1 - fuzz-parse: crash (log $out/last.log, reproducer in $out)"
    exit 1
fi
