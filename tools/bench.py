#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""./zcnic bench: zcnic side by side with virtio-net-pci, e1000e and igb.

    ./zcnic bench [--quick] [--csv FILE] [--models M,...] [--reps N]
                  [--workloads W,...] [--smoke]

Every model is measured the same way on the same QEMU build and guest
kernel: two guests of that model over -netdev stream on a unix socket
(iperf3 TCP at MTU 1500 and 9000, iperf3 UDP with 64-byte payloads, ping
RTT), and the first of them to the host over slirp (iperf3 TCP, a
second NIC of the model).  For zcnic also the
guest CPU per MB of read() vs TCP_ZEROCOPY_RECEIVE and of send() vs
MSG_ZEROCOPY.  Host CPU of the QEMU processes per GB moved comes from
/proc.  Each measurement is repeated (--reps, default 3) and the runs of the
models interleave, so that drift of the shared machine hits all of them.

Writes FILE (CSV rows model,workload,mtu,metric,value: the median, and
_min, _max and _n per metric), FILE with .md (a table with ratios against
virtio-net-pci) and .png (a plot, gnuplot), and prints the table.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from zcniclib import ROOT, Parser, UsageError, free_port, guest_cmd, say
from zcniclib import die as die_tool
MODELS = ["zcnic", "virtio-net-pci", "e1000e", "igb"]
BASE = "virtio-net-pci"
WORKLOADS = ["tcp", "tcp9000", "udp", "ping", "zc", "slirp"]
FULL = {"reps": 3, "dur": 10, "pings": 200, "zc_bytes": "256M"}
QUICK = {"reps": 3, "dur": 2, "pings": 200, "zc_bytes": "16M"}


def die(msg):
    die_tool("bench", msg)


def guest(args, env, timeout):
    """Run tools/guest.py with ARGS and bench.env; return its output."""
    d = tempfile.mkdtemp(prefix="zcnic-bench-")
    path = os.path.join(d, "bench.env")
    with open(path, "w") as f:
        for k, v in env.items():
            f.write("%s='%s'\n" % (k, v))
    cmd = guest_cmd(["--add", path, "--timeout", str(timeout)] + args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    subprocess.run(["rm", "-rf", d])
    return p.returncode, p.stdout


def parse(out):
    """Host CPU marks, iperf3 JSON blocks, BENCH lines and RTTs."""
    cpu, blocks, lines, rtts, errors = {}, {}, [], [], []
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
            rtts.append(float(line.split()[1]))
        elif line.startswith("BENCH "):
            _, w, mtu, metric, value = line.split()
            lines.append((w, int(mtu), metric, float(value)))
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
    if rtts:
        rtts.sort()
        rows.append(("ping", 1500, "rtt_p50_ms", statistics.median(rtts)))
        rows.append(("ping", 1500, "rtt_p99_ms",
                     rtts[min(len(rtts) - 1, int(len(rtts) * 0.99))]))
    return rows, errors


def run_pair(model, cfg, workloads):
    """One boot of a guest pair runs every workload of MODEL once.

    The guest->host workload uses a second NIC of the same model on slirp
    (eth1, 10.0.2.15), so it needs no boot of its own.
    """
    pair = [w for w in workloads if w != "zc" or model == "zcnic"]
    env = {"DUR": cfg["dur"], "PINGS": cfg["pings"],
           "ZC_BYTES": cfg["zc_bytes"], "WORKLOADS": " ".join(pair)}
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
        rc, out = guest(args, env, 600)
    finally:
        if server:
            server.kill()
            server.wait()
    rows, errors = results(out)
    if rc:
        errors.append("guest pair exited %d: %s" % (rc, out.splitlines()[-3:]))
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


def plot(samples, models, png):
    """Ratios against virtio-net-pci of the throughput workloads."""
    med = {k: statistics.median(v) for k, v in samples.items()}
    series = [("tcp", 1500, "mbit_s", "TCP 1500"),
              ("tcp", 9000, "mbit_s", "TCP 9000"),
              ("udp64", 1500, "kpps_delivered", "UDP 64 B pkt/s"),
              ("slirp", 1500, "mbit_s", "TCP to host (slirp)")]
    lines = []
    for w, mtu, m, label in series:
        base = med.get((BASE, w, mtu, m))
        if not base:
            continue
        vals = [med.get((model, w, mtu, m), 0) / base for model in models]
        lines.append('"%s" %s' % (label, " ".join("%.3f" % v for v in vals)))
    if not lines:
        return False
    data = png + ".dat"
    with open(data, "w") as f:
        f.write("workload " + " ".join('"%s"' % m for m in models) + "\n")
        f.write("\n".join(lines) + "\n")
    script = """
set terminal pngcairo size 900,500
set output '%s'
set title 'zcnic vs other QEMU NIC models (ratio to virtio-net-pci, median)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel 'ratio to virtio-net-pci'
set yrange [0:*]
set key outside right top
set grid ytics
plot for [i=2:%d] '%s' using i:xtic(1) title columnheader(i)
""" % (png, len(models) + 1, data)
    p = subprocess.run(["gnuplot"], input=script, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.unlink(data)
    if p.returncode:
        say("gnuplot failed: " + p.stdout.strip())
    return p.returncode == 0


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
    p.add_argument("--reps", type=int, help="repetitions (default 3)")
    p.add_argument("--smoke", action="store_true",
                   help="one 1-second zcnic TCP run (the test suite's check)")
    try:
        args = p.parse_args(argv)
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
    if check_only:
        return 0
    cache = os.environ.get("ZCNIC_CACHE",
                           os.path.expanduser("~/.cache/zcnic"))
    csv = args.csv or os.path.join(cache, "bench", "bench.csv")
    if os.path.dirname(os.path.abspath(csv)):
        os.makedirs(os.path.dirname(os.path.abspath(csv)), exist_ok=True)
    base = csv[:-4] if csv.endswith(".csv") else csv

    samples, errors = {}, []
    start = time.time()
    for rep in range(cfg["reps"]):
        for model in models:
            t0 = time.time()
            rows, errs = run_pair(model, cfg, workloads)
            for w, mtu, metric, v in rows:
                samples.setdefault((model, w, mtu, metric), []).append(v)
            errors += ["%s rep %d: %s" % (model, rep + 1, e) for e in errs]
            say("  rep %d/%d %-15s %3.0f s  %s" % (
                rep + 1, cfg["reps"], model, time.time() - t0,
                ", ".join("%s %s=%s" % (w, m, fmt(v)) for w, _, m, v in rows
                          if m in ("mbit_s", "kpps_delivered", "rtt_p50_ms"))
                or "no results"))

    with open(csv, "w") as f:
        f.write("model,workload,mtu,metric,value\n")
        for row in aggregate(samples):
            f.write("%s,%s,%d,%s,%.6g\n" % row)
    md = table(samples, models)
    with open(base + ".md", "w") as f:
        f.write(md + "\n")
    have_png = "slirp" in workloads or len(models) > 1
    if have_png and plot(samples, models, base + ".png"):
        say("plot: %s.png" % base)
    say("")
    say(md)
    say("")
    say("CSV: %s  table: %s.md  (%d repetitions, %.0f s)"
        % (csv, base, cfg["reps"], time.time() - start))
    for e in errors:
        say("error: " + e)
    if not samples:
        die("no measurement succeeded")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
