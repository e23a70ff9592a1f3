#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""./zcnic bench: zcnic side by side with virtio-net-pci, e1000e and igb.

    ./zcnic bench [--quick] [--csv FILE] [--models M,...] [--reps N]
                  [--workloads W,...] [--profile] [--smoke]
                  [--kernel lts|current|PATH] [--flood-kpps N]
    ./zcnic bench --table RUNS.csv [--plot PNG]
                                       (the tables and plot again, from a
                                       run's data)

Every model is measured the same way on the same QEMU build and guest
kernel (--kernel, default lts): two guests of that model over -netdev stream on a unix socket
(iperf3 TCP at MTU 1500 and 9000; iperf3 UDP with 64-byte payloads, sent and
delivered; the same with UDP_SEGMENT; ping RTT and a 1-byte TCP
request/response, with interrupt moderation off and at 50 us), and the first
of them to the host and back over slirp (iperf3 TCP, a second NIC of the
model).  mflow: 4 TCP streams (iperf3 -P 4) in a pair of its own, 2 vCPUs
a guest, 4 channels where the driver takes them (zcnic queues=4, igb;
virtio-net-pci keeps one queue pair: -netdev stream has no multiqueue).  For zcnic also the guest CPU per MB of read() vs
TCP_ZEROCOPY_RECEIVE and of send() vs MSG_ZEROCOPY, at MTU 4148 and 9000.
xdp: 64-byte UDP datagrams/s received by a socket, by XDP_DROP and by AF_XDP
rxdrop (copy mode on every model whose driver has XDP, not e1000e; zero copy
on zcnic), in one guest of its own, on slirp, whose second NIC (eth1) is
flooded from the host: tools/bench-flood.py writes frames into its -netdev
stream at up to --flood-kpps N thousand frames a second (default 1500; 0:
as fast as the NIC takes them).
Host CPU of the QEMU processes per GB moved comes from /proc.  Each
measurement is repeated (--reps, default 5) and the runs of the models
interleave, so that drift of the shared machine hits all of them.

Writes FILE (CSV rows model,workload,mtu,metric,value: the median, and
_min, _max and _n per metric), FILE-runs.csv (every run's value, after a
"# command" line), FILE with .md (the results table with ratios against
virtio-net-pci, and the goals table) and .png (a plot, gnuplot), and prints
the tables.  --profile records, during each TCP run, each QEMU's per-thread
CPU, perf profile and lock waits into FILE-profile/.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from zcniclib import (ROOT, Parser, UsageError, check_kernel, free_port,
                      guest_cmd, say)
from zcniclib import die as die_tool
MODELS = ["zcnic", "virtio-net-pci", "e1000e", "igb"]
BASE = "virtio-net-pci"
# models whose Linux driver has no XDP: no xdp workload for them
NO_XDP = {"e1000e"}
# --kernel's words for every guest (none: the default, lts)
KERNEL_ARGS = []
# ping (latency, moderation changed on both guests) last
WORKLOADS = ["tcp", "tcp9000", "udp", "udpgso", "zc", "xdp", "slirp",
             "ping", "mflow"]
# the multi-flow workload boots its own pair, with this many vCPUs each
MFLOW_SMP = 2
FULL = {"reps": 5, "dur": 10, "pings": 200, "zc_bytes": "128M"}
QUICK = {"reps": 5, "dur": 2, "pings": 100, "zc_bytes": "16M"}


def die(msg):
    die_tool("bench", msg)


def guest(args, env, timeout):
    """Run tools/guest.py with ARGS and bench.env; return its output."""
    d = tempfile.mkdtemp(prefix="zcnic-bench-")
    path = os.path.join(d, "bench.env")
    with open(path, "w") as f:
        for k, v in env.items():
            f.write("%s='%s'\n" % (k, v))
    cmd = guest_cmd(["--add", path, "--timeout", str(timeout)] + KERNEL_ARGS +
                    args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    subprocess.run(["rm", "-rf", d])
    return p.returncode, p.stdout


def parse(out):
    """Host CPU marks, iperf3 JSON blocks, BENCH lines and RTTs."""
    cpu, blocks, lines, rtts, errors = {}, {}, [], {}, []
    it = iter(out.splitlines())
    for line in it:
        if line.startswith("zcnic-host-cpu: "):
            _, tag, secs = line.split()
            cpu[tag] = float(secs)
        elif line.startswith("BENCH-JSON "):
            tag = line.split()[1]
            text = []
            for body in it:
                if body == "BENCH-JSON-END":
                    break
                text.append(body)
            try:
                blocks[tag] = json.loads("\n".join(text))
            except ValueError:
                errors.append("%s: iperf3 output is not JSON" % tag)
        elif line.startswith("BENCH-RTT "):
            _, tag, ms = line.split()
            rtts.setdefault(tag, []).append(float(ms))
        elif line.startswith("BENCH "):
            try:
                _, w, mtu, metric, value = line.split()
                lines.append((w, int(mtu), metric, float(value)))
            except ValueError:
                errors.append("malformed: " + line)
        elif line.startswith("BENCH-ERROR"):
            errors.append(line)
    return cpu, blocks, lines, rtts, errors


def results(out):
    """Rows (workload, mtu, metric, value) of one guest run."""
    cpu, blocks, rows, rtts, errors = parse(out)
    for tag, j in blocks.items():
        workload, mtu = tag.rsplit("-", 1)
        mtu = int(mtu)
        end = j.get("end", {})
        if "error" in j:
            errors.append("%s: %s" % (tag, j["error"]))
            continue
        if workload.startswith("udp"):
            s = end["sum"]
            pps = (s["packets"] - s["lost_packets"]) / s["seconds"]
            rows.append((workload, mtu, "kpps_delivered", pps / 1000))
            rows.append((workload, mtu, "kpps_sent",
                         s["packets"] / s["seconds"] / 1000))
            moved = (s["packets"] - s["lost_packets"]) * 64
        else:
            s = end["sum_received"]
            rows.append((workload, mtu, "mbit_s", s["bits_per_second"] / 1e6))
            moved = s["bytes"]
        start, stop = cpu.get(tag + "-start"), cpu.get(tag + "-end")
        if start is not None and stop is not None and moved and \
           not workload.startswith("udp"):
            rows.append((workload, mtu, "host_cpu_s_per_gb",
                         (stop - start) / (moved / 1e9)))
    for tag, v in sorted(rtts.items()):
        v.sort()
        rows.append((tag, 1500, "rtt_p50_ms", statistics.median(v)))
        rows.append((tag, 1500, "rtt_p99_ms",
                     v[max(0, -(-len(v) * 99 // 100) - 1)]))
    return rows, errors


def run_pair(model, cfg, workloads, profile_dir=None):
    """One boot of a guest pair runs every workload of MODEL once.

    The guest->host workload uses a second NIC of the same model on slirp
    (eth1, 10.0.2.15), so it needs no boot of its own.
    """
    pair = [w for w in WORKLOADS if w in workloads and
            w not in ("mflow", "xdp") and (w != "zc" or model == "zcnic")]
    env = {"DUR": cfg["dur"], "PINGS": cfg["pings"],
           "ZC_BYTES": cfg["zc_bytes"], "WORKLOADS": " ".join(pair),
           "PROFILE": 1 if profile_dir else 0, "MODEL": model}
    if profile_dir:
        os.environ["ZCNIC_PROFILE_DIR"] = profile_dir
    else:
        os.environ.pop("ZCNIC_PROFILE_DIR", None)
    args = ["--script", os.path.join(ROOT, "tools", "bench-main.sh"),
            "--peer", os.path.join(ROOT, "tools", "bench-peer.sh"),
            "--nic", model]
    server = None
    if "slirp" in pair:
        env["HOST_PORT"] = free_port()
        server = subprocess.Popen(["iperf3", "-s", "-p",
                                   str(env["HOST_PORT"]),
                                   "--bind", "127.0.0.1"],
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        # slot 8: clear of igb's VFs, which follow their PF by 16 slots
        dev = "%s,netdev=bench1,mac=52:54:00:12:35:01,addr=08.0" % model
        if model != "zcnic":
            dev += ",romfile="
        args += ["--qemu-arg=-netdev", "--qemu-arg=user,id=bench1",
                 "--qemu-arg=-device", "--qemu-arg=" + dev]
    try:
        rc, out = guest(args, env, 900)
    finally:
        if server:
            server.kill()
            server.wait()
    rows, errors = results(out)
    if rc:
        errors.append("guest pair exited %d: %s" % (rc, out.splitlines()[-3:]))
    return rows, errors


def run_mflow(model, cfg):
    """The multi-flow workload: 4 TCP streams between two guests of
    MFLOW_SMP vCPUs, each NIC with 4 channels where its driver takes them
    (zcnic: queues=4, igb; virtio-net-pci has one queue pair on -netdev
    stream, whose backend has no multiqueue)."""
    env = {"DUR": cfg["dur"], "PINGS": cfg["pings"],
           "ZC_BYTES": cfg["zc_bytes"], "WORKLOADS": "mflow", "PROFILE": 0}
    os.environ.pop("ZCNIC_PROFILE_DIR", None)
    nic = model + (",queues=4" if model == "zcnic" else "")
    args = ["--script", os.path.join(ROOT, "tools", "bench-main.sh"),
            "--peer", os.path.join(ROOT, "tools", "bench-peer.sh"),
            "--nic", nic, "--smp", str(MFLOW_SMP)]
    rc, out = guest(args, env, 900)
    rows, errors = results(out)
    if rc:
        errors.append("guest pair exited %d: %s" % (rc, out.splitlines()[-3:]))
    return rows, errors


def run_xdp(model, cfg, kpps):
    """The xdp workload: one guest whose second NIC of MODEL (eth1) is
    flooded from the host by tools/bench-flood.py, which the guest starts
    and stops through slirp (eth0).  The flood goes at up to KPPS
    thousand frames a second (0: as fast as the NIC takes them), every
    model offered the same."""
    env = {"DUR": cfg["dur"], "PINGS": cfg["pings"],
           "ZC_BYTES": cfg["zc_bytes"], "WORKLOADS": "xdp", "PROFILE": 0,
           "MODEL": model, "FLOOD_PORT": free_port()}
    os.environ.pop("ZCNIC_PROFILE_DIR", None)
    d = tempfile.mkdtemp(prefix="zcnic-flood-")
    sock = os.path.join(d, "flood.sock")
    mac = "52:54:00:12:36:01"
    flood = subprocess.Popen([sys.executable,
                              os.path.join(ROOT, "tools", "bench-flood.py"),
                              sock, str(env["FLOOD_PORT"]), mac,
                              "192.168.78.1", "192.168.78.2"] +
                             ([str(kpps)] if kpps else []))
    deadline = time.time() + 10
    while not os.path.exists(sock) and time.time() < deadline:
        time.sleep(0.05)
    dev = "%s,netdev=flood,mac=%s,addr=09.0" % (model, mac)
    if model != "zcnic":
        dev += ",romfile="
    # a soft lockup (a receive path stuck under the flood, seen in zcnic's
    # zero-copy receive) ends the boot at once, not at the timeout, with
    # its backtrace on the console (loglevel 7: "quiet" hides it)
    args = ["--script", os.path.join(ROOT, "tools", "bench-main.sh"),
            "--nic", model, "--append", "softlockup_panic=1",
            "--append", "loglevel=7",
            "--qemu-arg=-netdev",
            "--qemu-arg=stream,id=flood,server=off,addr.type=unix,"
            "addr.path=" + sock,
            "--qemu-arg=-device", "--qemu-arg=" + dev]
    try:
        rc, out = guest(args, env, 600)
    finally:
        flood.kill()
        flood.wait()
        subprocess.run(["rm", "-rf", d])
    rows, errors = results(out)
    if rc:
        errors.append("xdp guest exited %d: %s" % (rc, out.splitlines()[-3:]))
    return rows, errors


def aggregate(samples):
    """{(model, workload, mtu, metric): [values]} -> CSV rows"""
    rows = []
    for (model, w, mtu, metric), vals in sorted(samples.items()):
        rows.append((model, w, mtu, metric, statistics.median(vals)))
        rows.append((model, w, mtu, metric + "_min", min(vals)))
        rows.append((model, w, mtu, metric + "_max", max(vals)))
        rows.append((model, w, mtu, metric + "_n", len(vals)))
    return rows


def fmt(v):
    return "%.0f" % v if v >= 100 else "%.3g" % v


def table(samples, models):
    med = {k: statistics.median(v) for k, v in samples.items()}
    keys = sorted({(w, mtu, m) for (_, w, mtu, m) in samples})
    out = ["| workload | MTU | metric | " + " | ".join(models) + " |",
           "|---|---|---|" + "---|" * len(models)]
    for w, mtu, m in keys:
        cells = []
        base = med.get((BASE, w, mtu, m))
        for model in models:
            v = med.get((model, w, mtu, m))
            if v is None:
                cells.append("–")
                continue
            vals = samples[(model, w, mtu, m)]
            cell = "%s (%s–%s)" % (fmt(v), fmt(min(vals)), fmt(max(vals)))
            if base and model != BASE:
                cell += " **%.2f×**" % (v / base)
            cells.append(cell)
        out.append("| %s | %d | %s | %s |" % (w, mtu, m, " | ".join(cells)))
    return "\n".join(out)


# label, (workload, mtu, metric): the plot's groups, ratios to virtio-net-pci
PLOT = [("TCP\\n1500", ("tcp", 1500, "mbit_s")),
        ("TCP\\n9000", ("tcp", 9000, "mbit_s")),
        ("UDP 64 B\\nrx pkt/s", ("udp64", 1500, "kpps_delivered")),
        ("UDP 64 B\\ntx pkt/s", ("udp64", 1500, "kpps_sent")),
        ("UDP GSO\\nrx pkt/s", ("udp64gso", 1500, "kpps_delivered")),
        ("UDP GSO\\ntx pkt/s", ("udp64gso", 1500, "kpps_sent")),
        ("TCP 1 B\\nreq/resp/s", ("rr", 1500, "trans_per_s")),
        ("slirp\\nto host", ("slirp", 1500, "mbit_s")),
        ("slirp\\nfrom host", ("slirp_rx", 1500, "mbit_s"))]


def plot(samples, models, png):
    """Ratios against virtio-net-pci: median bars, min-max error bars."""
    med = {k: statistics.median(v) for k, v in samples.items()}
    lines = []
    for label, (w, mtu, m) in PLOT:
        base = med.get((BASE, w, mtu, m))
        if not base:
            continue
        cells = []
        for model in models:
            v = samples.get((model, w, mtu, m), [0])
            cells += ["%.3f" % (x / base) for x in
                      (statistics.median(v), min(v), max(v))]
        lines.append('"%s" %s' % (label, " ".join(cells)))
    if not lines:
        return False
    data = png + ".dat"
    with open(data, "w") as f:
        f.write("\n".join(lines) + "\n")
    cols = ", ".join("'%s' using %d:%d:%d%s title '%s'" % (
        data if i == 0 else "", 2 + 3 * i, 3 + 3 * i, 4 + 3 * i,
        ":xtic(1)" if i == 0 else "", m) for i, m in enumerate(models))
    script = """
set terminal pngcairo size 1200,560 font ',10'
set output '%s'
set title 'zcnic vs other QEMU NIC models: ratio to virtio-net-pci (bars: median, whiskers: min-max of the runs)'
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set ylabel 'ratio to virtio-net-pci'
set yrange [0:*]
set bmargin 4
set key outside right top
set grid ytics
plot %s
""" % (png, cols)
    p = subprocess.run(["gnuplot"], input=script, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.unlink(data)
    if p.returncode:
        say("gnuplot failed: " + p.stdout.strip())
    return p.returncode == 0


# (goal, kind, key, other model or key, bound): kind "x" = zcnic / other's
# value of the same key at least (bound > 0) or at most (bound < 0) |bound|;
# "self" = zcnic's key / zcnic's other key; "xo" = zcnic's key / the value
# of OTHER, (model, workload, mtu, metric); "xv" = zcnic's key / the
# baseline's OTHER key
GOALS = [
    ("slirp guest to host >= 1.5x igb", "x", ("slirp", 1500, "mbit_s"),
     "igb", 1.5),
    ("slirp host to guest >= 1.5x igb", "x", ("slirp_rx", 1500, "mbit_s"),
     "igb", 1.5),
    ("slirp to host: host CPU s/GB <= 0.7x igb", "x",
     ("slirp", 1500, "host_cpu_s_per_gb"), "igb", -0.7),
    ("slirp from host: host CPU s/GB <= 0.7x igb", "x",
     ("slirp_rx", 1500, "host_cpu_s_per_gb"), "igb", -0.7),
    ("UDP 64 B received/s >= 1.5x virtio-net-pci", "x",
     ("udp64", 1500, "kpps_delivered"), BASE, 1.5),
    ("UDP 64 B received/s >= 1.5x igb", "x",
     ("udp64", 1500, "kpps_delivered"), "igb", 1.5),
    ("UDP 64 B received/s, UDP_SEGMENT sender, >= 1.5x virtio-net-pci",
     "x", ("udp64gso", 1500, "kpps_delivered"), BASE, 1.5),
    ("UDP 64 B received/s, UDP_SEGMENT sender, >= 1.5x igb", "x",
     ("udp64gso", 1500, "kpps_delivered"), "igb", 1.5),
    ("ping p50 <= virtio-net-pci", "x", ("ping", 1500, "rtt_p50_ms"),
     BASE, -1.0),
    ("ping p99 <= virtio-net-pci", "x", ("ping", 1500, "rtt_p99_ms"),
     BASE, -1.0),
    ("TCP 1-byte request/response p50 <= virtio-net-pci", "x",
     ("rr", 1500, "rtt_p50_us"), BASE, -1.0),
    ("TCP 1-byte request/response p99 <= virtio-net-pci", "x",
     ("rr", 1500, "rtt_p99_us"), BASE, -1.0),
    ("ping p50, moderation 50 us, <= virtio-net-pci (which has none)",
     "xv", ("ping_itr", 1500, "rtt_p50_ms"), ("ping", 1500, "rtt_p50_ms"),
     -1.0),
    ("ping p99, moderation 50 us, <= virtio-net-pci", "xv",
     ("ping_itr", 1500, "rtt_p99_ms"), ("ping", 1500, "rtt_p99_ms"), -1.0),
    ("request/response p50, moderation 50 us, <= virtio-net-pci", "xv",
     ("rr_itr", 1500, "rtt_p50_us"), ("rr", 1500, "rtt_p50_us"), -1.0),
    ("request/response p99, moderation 50 us, <= virtio-net-pci", "xv",
     ("rr_itr", 1500, "rtt_p99_us"), ("rr", 1500, "rtt_p99_us"), -1.0),
    ("TCP_ZEROCOPY_RECEIVE guest CPU/MB <= 0.7x read(), MTU 4148", "self",
     ("rx_zerocopy", 4148, "guest_cpu_ms_per_mb"),
     ("rx_read", 4148, "guest_cpu_ms_per_mb"), -0.7),
    ("TCP_ZEROCOPY_RECEIVE guest CPU/MB <= 0.7x read(), MTU 9000", "self",
     ("rx_zerocopy", 9000, "guest_cpu_ms_per_mb"),
     ("rx_read", 9000, "guest_cpu_ms_per_mb"), -0.7),
    ("TCP stream MTU 1500 >= 1.5x igb (issue 8)", "x",
     ("tcp", 1500, "mbit_s"), "igb", 1.5),
    ("TCP stream MTU 9000 >= 1.5x igb (issue 8)", "x",
     ("tcp", 9000, "mbit_s"), "igb", 1.5),
    ("4 TCP streams, 2 vCPUs, queues=4 >= igb (issue 25)", "x",
     ("mflow", 1500, "mbit_s"), "igb", 1.0),
    ("4 TCP streams, 2 vCPUs, queues=4 >= virtio-net-pci (issue 25)", "x",
     ("mflow", 1500, "mbit_s"), "virtio-net-pci", 1.0),
    ("64 B received/s, AF_XDP zero-copy rxdrop >= 5x a UDP socket "
     "(issue 26)", "self", ("rx64_xsk_zc", 1500, "kpps"),
     ("rx64_sock", 1500, "kpps"), 5.0),
    ("64 B received/s, AF_XDP zero-copy rxdrop >= 2x igb's AF_XDP "
     "(copy mode, igb has no zero copy on 6.12) (issue 26)", "xo",
     ("rx64_xsk_zc", 1500, "kpps"), ("igb", "rx64_xsk_copy", 1500, "kpps"),
     2.0),
]


def goals(samples):
    """The goals table: each goal's ratio in this run, met or not."""
    med = {k: statistics.median(v) for k, v in samples.items()}
    out = ["| goal | zcnic | against | ratio | met |", "|---|---|---|---|---|"]
    for text, kind, key, other, bound in GOALS:
        a = med.get(("zcnic",) + key)
        if kind == "x":
            b = med.get((other,) + key)
        elif kind == "xo":
            b = med.get(other)
        elif kind == "xv":
            b = med.get((BASE,) + other)
        else:
            b = med.get(("zcnic",) + other)
        if a is None or not b:
            out.append("| %s | – | – | – | not measured |" % text)
            continue
        r = a / b
        met = r >= bound if bound > 0 else r <= -bound
        out.append("| %s | %s | %s | %.2f× | %s |" % (
            text, fmt(a), fmt(b), r, "**met**" if met else "not met"))
    return "\n".join(out)


def write_runs(path, samples, command):
    """Every run's value: the data behind the tables (--table renders)."""
    with open(path, "w") as f:
        f.write("# %s\n" % command)
        f.write("model,workload,mtu,metric,rep,value\n")
        for (model, w, mtu, metric), vals in samples.items():
            for i, v in enumerate(vals):
                f.write("%s,%s,%d,%s,%d,%.6g\n" % (model, w, mtu, metric,
                                                   i + 1, v))


def read_runs(path):
    """(samples, models in their order, command) of a -runs.csv file"""
    samples, models, command = {}, [], ""
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                command = line[1:].strip()
                continue
            if not line or line.startswith("model,"):
                continue
            model, w, mtu, metric, _, value = line.split(",")
            if model not in models:
                models.append(model)
            samples.setdefault((model, w, int(mtu), metric), []).append(
                float(value))
    return samples, models, command


def csv_table(path):
    """A CSV file (after any "#" lines) as a markdown table."""
    rows = [line.rstrip("\n").split(",") for line in open(path)
            if line.strip() and not line.startswith("#")]
    out = ["| " + " | ".join(rows[0]) + " |",
           "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


MARK = re.compile(r"^<!-- bench-table: (\S+) (results|goals|csv) -->$")


def render(doc_dir, path, kind):
    path = os.path.join(doc_dir, path)
    if kind == "csv":
        return csv_table(path)
    samples, models, _ = read_runs(path)
    return table(samples, models) if kind == "results" else goals(samples)


def check_doc(doc):
    """TAP: each table in DOC follows a bench-table mark and is what that
    mark's data renders to."""
    lines = open(doc).read().splitlines()
    n, bad, i = 0, 0, 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].startswith("|"):
            i += 1
        got = "\n".join(lines[start:i])
        k = start - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        m = MARK.match(lines[k]) if k >= 0 else None
        n += 1
        if not m:
            bad += 1
            print("not ok %d - table at line %d: no bench-table mark above "
                  "it" % (n, start + 1))
            continue
        try:
            want = render(os.path.dirname(doc), m.group(1), m.group(2))
        except (OSError, ValueError, IndexError) as e:
            want = "(%s)" % e
        if got == want:
            print("ok %d - table at line %d is %s (%s)" % (
                n, start + 1, m.group(1), m.group(2)))
        else:
            bad += 1
            print("not ok %d - table at line %d differs from what %s (%s) "
                  "gives:" % (n, start + 1, m.group(1), m.group(2)))
            for line in want.splitlines()[:40]:
                print("#   " + line)
    marks = [k for k, line in enumerate(lines) if "bench-table:" in line]
    for k in marks:
        j = k + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        n += 1
        if MARK.match(lines[k]) and j < len(lines) and \
                lines[j].startswith("|"):
            print("ok %d - mark at line %d has its table" % (n, k + 1))
        else:
            bad += 1
            print("not ok %d - mark at line %d: malformed, or no table "
                  "under it" % (n, k + 1))
    print("1..%d" % n)
    return 1 if bad or not n else 0


def main(argv):
    check_only = argv[:1] == ["--check-args"]
    if check_only:
        argv = argv[1:]
    p = Parser(prog="zcnic bench")
    p.add_argument("--quick", action="store_true",
                   help="short runs (2 s), under 10 minutes on 2 cores")
    p.add_argument("--csv", metavar="FILE",
                   help="CSV output (default: $ZCNIC_CACHE/bench/bench.csv)")
    p.add_argument("--models", help="comma-separated subset of " +
                   ",".join(MODELS))
    p.add_argument("--workloads", help="comma-separated subset of " +
                   ",".join(WORKLOADS))
    p.add_argument("--reps", type=int, help="repetitions (default 5)")
    p.add_argument("--flood-kpps", type=float, default=1500, metavar="N",
                   help="xdp: the host's flood at N thousand frames/s "
                   "(default 1500; 0: as fast as the NIC takes them)")
    p.add_argument("--smoke", action="store_true",
                   help="one 1-second zcnic TCP run (the test suite's check)")
    p.add_argument("--profile", action="store_true",
                   help="record each QEMU's per-thread CPU, perf profile "
                   "and lock waits during the TCP runs (FILE-profile/)")
    p.add_argument("--kernel", metavar="lts|current|PATH",
                   help="guest kernel (default lts)")
    p.add_argument("--table", metavar="RUNS_CSV",
                   help="print the tables of an earlier run's -runs.csv")
    p.add_argument("--plot", metavar="PNG",
                   help="with --table: draw that run's plot again")
    p.add_argument("--check-doc", metavar="MD",
                   help="TAP: every table in MD is what its data renders "
                   "to (<!-- bench-table: PATH results|goals|csv -->)")
    try:
        args = p.parse_args(argv)
        if args.kernel:
            check_kernel(args.kernel)
            KERNEL_ARGS[:] = ["--kernel", args.kernel]
    except UsageError as e:
        die(str(e))

    cfg = dict(QUICK if args.quick or args.smoke else FULL)
    models = MODELS
    workloads = WORKLOADS
    if args.smoke:
        cfg.update(reps=1, dur=1)
        models, workloads = ["zcnic"], ["tcp"]
    if args.models:
        models = args.models.split(",")
        bad = [m for m in models if m not in MODELS]
        if bad:
            die("unknown model '%s' (%s)" % (bad[0], ", ".join(MODELS)))
    if args.workloads:
        workloads = args.workloads.split(",")
        bad = [w for w in workloads if w not in WORKLOADS]
        if bad:
            die("unknown workload '%s' (%s)" % (bad[0], ", ".join(WORKLOADS)))
    if args.reps is not None:
        if args.reps < 1:
            die("--reps must be at least 1")
        cfg["reps"] = args.reps
    if args.flood_kpps < 0:
        die("--flood-kpps must not be negative")
    if check_only:
        return 0
    if args.check_doc:
        return check_doc(args.check_doc)
    if args.table:
        try:
            samples, models, _ = read_runs(args.table)
        except (OSError, ValueError) as e:
            die("%s: %s" % (args.table, e))
        print(table(samples, models))
        print()
        print(goals(samples))
        if args.plot and not plot(samples, models, args.plot):
            die("no plot drawn")
        return 0
    cache = os.environ.get("ZCNIC_CACHE",
                           os.path.expanduser("~/.cache/zcnic"))
    csv = args.csv or os.path.join(cache, "bench", "bench.csv")
    if os.path.dirname(os.path.abspath(csv)):
        os.makedirs(os.path.dirname(os.path.abspath(csv)), exist_ok=True)
    base = csv[:-4] if csv.endswith(".csv") else csv

    samples, errors = {}, []
    start = time.time()
    command = "./zcnic bench " + " ".join(argv)
    if "xdp" in workloads and not [a for a in argv
                                   if a.startswith("--flood-kpps")]:
        # the run says what it was, whatever the default becomes
        command += " --flood-kpps %g" % args.flood_kpps
    for rep in range(cfg["reps"]):
        for model in models:
            t0 = time.time()
            prof = "%s-profile/%s-rep%d" % (base, model, rep + 1) \
                if args.profile else None
            rows, errs = [], []
            if [w for w in workloads if w not in ("mflow", "xdp")]:
                rows, errs = run_pair(model, cfg, workloads, prof)
            if "xdp" in workloads and model not in NO_XDP:
                r2, e2 = run_xdp(model, cfg, args.flood_kpps)
                rows, errs = rows + r2, errs + e2
            if "mflow" in workloads:
                r2, e2 = run_mflow(model, cfg)
                rows, errs = rows + r2, errs + e2
            for w, mtu, metric, v in rows:
                samples.setdefault((model, w, mtu, metric), []).append(v)
            errors += ["%s rep %d: %s" % (model, rep + 1, e) for e in errs]
            say("  rep %d/%d %-15s %3.0f s  %s" % (
                rep + 1, cfg["reps"], model, time.time() - t0,
                ", ".join("%s %s=%s" % (w, m, fmt(v)) for w, _, m, v in rows
                          if m in ("mbit_s", "kpps_delivered", "kpps",
                                   "rtt_p50_ms"))
                or "no results"))

    with open(csv, "w") as f:
        f.write("model,workload,mtu,metric,value\n")
        for row in aggregate(samples):
            f.write("%s,%s,%d,%s,%.6g\n" % row)
    write_runs(base + "-runs.csv", samples, command.strip())
    md = table(samples, models)
    if "zcnic" in models and len(models) > 1:
        md += "\n\n" + goals(samples)
    with open(base + ".md", "w") as f:
        f.write(md + "\n")
    have_png = BASE in models
    if have_png and plot(samples, models, base + ".png"):
        say("plot: %s.png" % base)
    say("")
    say(md)
    say("")
    say("CSV: %s  runs: %s-runs.csv  tables: %s.md  (%d repetitions, "
        "%.0f s)" % (csv, base, base, cfg["reps"], time.time() - start))
    for e in errors:
        say("error: " + e)
    if not samples:
        die("no measurement succeeded")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
