#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Extract the uncompressed ELF vmlinux from a bzImage (as the kernel's
scripts/extract-vmlinux does): find a compressed stream, decompress it, keep
the first result that is an ELF file.

    extract-vmlinux.py VMLINUZ OUT
"""
import lzma
import shutil
import subprocess
import sys

MAGICS = [
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x1f\x8b\x08", "gzip"),
]


def try_decompress(data, kind):
    if kind == "xz":
        try:
            return lzma.LZMADecompressor().decompress(data)
        except lzma.LZMAError:
            return None
    tool = {"zstd": ["zstd", "-dc"], "gzip": ["gzip", "-dc"]}[kind]
    if not shutil.which(tool[0]):
        return None
    p = subprocess.run(tool, input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return p.stdout  # trailing garbage makes the tool complain; output is kept


def main():
    src, dst = sys.argv[1], sys.argv[2]
    data = open(src, "rb").read()
    for magic, kind in MAGICS:
        pos = data.find(magic)
        while pos >= 0:
            out = try_decompress(data[pos:], kind)
            if out and out[:4] == b"\x7fELF":
                open(dst, "wb").write(out)
                return 0
            pos = data.find(magic, pos + 1)
    print("extract-vmlinux: no compressed ELF image in " + src, file=sys.stderr)
    return 1


sys.exit(main())
