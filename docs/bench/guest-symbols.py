#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""guest-symbols.py OUTPUT PERF_DATA MODE: CSV rows MODE,where,symbol,share

Where a guest's vCPU thread spends its time, from `perf record` of its
QEMU started with -perfmap (JIT code is named guest-0x<guest address>) and
the guest's /proc/kallsyms, which OUTPUT (the guest's console) carries
between KALLSYMS-BEGIN and KALLSYMS-END.  "guest" rows are guest kernel
functions (the host time spent in the code QEMU translated from them),
"host" rows are QEMU's own functions in the vCPU thread (TCG helpers,
device emulation).  Shares are of all the vCPU thread's samples; the 25
largest of each kind.
"""
import bisect
import collections
import subprocess
import sys


def main(out, data, mode):
    syms, on = [], False
    for line in open(out, errors="replace"):
        line = line.strip()
        if line == "KALLSYMS-BEGIN":
            on = True
        elif line == "KALLSYMS-END":
            break
        elif on:
            p = line.split()
            if len(p) >= 3:
                try:
                    syms.append((int(p[0], 16), p[2]))
                except ValueError:
                    pass
    syms.sort()
    addrs = [a for a, _ in syms]
    p = subprocess.run(["perf", "script", "-i", data, "-F", "comm,ip,sym"],
                       capture_output=True, text=True, check=True)
    cnt, total = collections.Counter(), 0
    samples, comm = [], None
    # "COMM IP SYM" a sample, or (recorded with -g) "COMM" and the
    # call chain below it, leaf first
    for line in p.stdout.splitlines():
        if not line.strip():
            comm = None
        elif not line[0].isspace():
            head = line.rstrip().rsplit(None, 2)
            if len(head) == 3 and all(c in "0123456789abcdef"
                                      for c in head[1]):
                samples.append((head[0].strip(), head[2]))
                comm = None
            else:
                comm = line.strip()
        elif comm is not None:
            samples.append((comm, line.split()[-1]))
            comm = None
    for comm, sym in samples:
        if comm != "CPU 0/TCG":
            continue
        total += 1
        if sym.startswith("guest-0x"):
            a = int(sym[8:], 16)
            i = bisect.bisect_right(addrs, a) - 1
            name = syms[i][1] if i >= 0 and a >= 1 << 63 else "(user space)"
            cnt[("guest", name)] += 1
        else:
            cnt[("host", sym)] += 1
    for where in ("guest", "host"):
        top = [(k, v) for k, v in cnt.most_common() if k[0] == where][:25]
        for (w, name), v in top:
            print("%s,%s,%s,%.2f" % (mode, w, name, 100.0 * v / total))


if __name__ == "__main__":
    main(*sys.argv[1:])
