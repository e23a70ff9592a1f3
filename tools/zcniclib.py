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


def guest_cmd(args):
    """The command line of ./zcnic guest ARGS, without the shell."""
    return [PY, GUEST_PY] + list(args)
