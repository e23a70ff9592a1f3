# SPDX-License-Identifier: GPL-2.0-or-later
"""What the zcnic tools share: the test runner (testrun.py), the benchmark
(bench.py), the guest launcher (guest.py) and the fuzz seed writer import
it from tools/, the directory Python puts first on their path.

They all run under one interpreter, Debian's /usr/bin/python3 (PY), as
the front door (./zcnic, tools/lib.sh's ZCNIC_PYTHON) starts them."""

import argparse
import os
import socket
import sys

ROOT = os.environ.get("ZCNIC_ROOT") or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("ZCNIC_CACHE", os.path.expanduser("~/.cache/zcnic"))
PY = "/usr/bin/python3"
GUEST_PY = os.path.join(ROOT, "tools", "guest.py")


class UsageError(Exception):
    """Bad command-line input: one line on stderr, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing usage and
    exiting, so each tool words the one-line error itself."""

    def __init__(self, *args, **kwargs):
        # the front door reads --kernel itself: no abbreviations of it
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        raise UsageError(message)


def say(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


def die(tool, msg, status=2):
    sys.stderr.write("zcnic %s: %s\n" % (tool, msg))
    sys.exit(status)


def free_port():
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


KERNELS = ("lts", "current")


def check_kernel(kernel):
    """--kernel lts|current|PATH: raises UsageError with the reason a PATH
    is no kernel tree zcnic can boot and build its driver against."""
    if kernel in KERNELS:
        return
    if not os.path.isdir(kernel):
        raise UsageError("--kernel '%s': neither lts, current nor a kernel "
                         "tree directory" % kernel)
    need = (("vmlinux", "build the kernel there first (make)"),
            (".config", "configure and build the kernel there first"),
            ("Module.symvers", "build its modules first (make): the "
                               "driver is built against it"))
    for name, why in need:
        if not os.path.isfile(os.path.join(kernel, name)):
            raise UsageError("--kernel '%s': no %s: %s" % (kernel, name, why))
    try:
        with open(os.path.join(kernel, "vmlinux"), "rb") as f:
            if f.read(4) != b"\x7fELF":
                raise UsageError("--kernel '%s': vmlinux is not an ELF file"
                                 % kernel)
        with open(os.path.join(kernel, ".config"), errors="replace") as f:
            config = set(line.strip() for line in f)
        pvh = has_pvh_note(os.path.join(kernel, "vmlinux"))
    except OSError as e:
        raise UsageError("--kernel '%s': %s" % (kernel, e.strerror or e))
    for opt, why in (("CONFIG_PVH=y", "QEMU boots its vmlinux directly "
                                      "(PVH entry point)"),
                     ("CONFIG_MODULES=y", "zcnic is a module"),
                     ("CONFIG_PCI_MSI=y", "zcnic needs MSI-X"),
                     ("CONFIG_PAGE_POOL=y", "zcnic's receive path uses "
                                            "page_pool"),
                     ("CONFIG_BLK_DEV_INITRD=y", "the guest runs from an "
                                                 "initramfs")):
        if opt not in config:
            raise UsageError("--kernel '%s': .config lacks %s: %s"
                             % (kernel, opt, why))
    if not pvh:
        raise UsageError("--kernel '%s': vmlinux has no PVH entry point (no "
                         "Xen ELF note 18), QEMU cannot boot it (a headers "
                         "package's BTF-only vmlinux?)" % kernel)


def has_pvh_note(path):
    """Whether an ELF64 vmlinux has XEN_ELFNOTE_PHYS32_ENTRY in a PT_NOTE
    segment: the entry point QEMU's -kernel boots an uncompressed vmlinux
    through."""
    import struct
    with open(path, "rb") as f:
        h = f.read(64)
        if len(h) < 64 or h[:4] != b"\x7fELF" or h[4] != 2:
            return False
        phoff, = struct.unpack_from("<Q", h, 32)
        phentsize, phnum = struct.unpack_from("<HH", h, 54)
        if phentsize < 56 or phnum > 64:
            return False
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
        for i in range(len(ph) // phentsize):
            typ, _, off, _, _, size = struct.unpack_from("<IIQQQQ", ph,
                                                         i * phentsize)
            if typ != 4 or size > 1 << 20:      # PT_NOTE, of sane size
                continue
            f.seek(off)
            d = f.read(size)
            p = 0
            while p + 12 <= len(d):
                nsz, dsz, ntype = struct.unpack_from("<III", d, p)
                name = d[p + 12:p + 12 + nsz].rstrip(b"\0")
                if name == b"Xen" and ntype == 18:
                    return True
                p += 12 + ((nsz + 3) & ~3) + ((dsz + 3) & ~3)
    return False


def guest_dir(kernel):
    """Where the vmlinux and initrd.gz of a --kernel are in the cache."""
    if kernel in KERNELS:
        return os.path.join(CACHE, "guest", kernel)
    return os.path.join(CACHE, "guest", tree_name(kernel))


def tree_name(kernel):
    """tree-HASH: a kernel tree's name in the cache, from its real path
    (tools/setup-guest.sh's tree() hashes realpath -e the same way)."""
    import hashlib
    real = os.fsencode(os.path.realpath(kernel))
    return "tree-" + hashlib.sha256(real).hexdigest()[:12]


def guest_cmd(args):
    """The command line of ./zcnic guest ARGS, without the shell."""
    return [PY, GUEST_PY] + list(args)
