#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot a zcnic guest (or two connected ones), run a script inside, print its
output and exit with its status.

    ./zcnic guest --script FILE [--add PATH]... [--peer SCRIPT [--links N]
                  [--migrate]]
                  [--nic MODEL[,PROP=VALUE...]] [--mtu N] [--timeout S]
                  [--kernel lts|current|PATH] [--qemu-arg ARG]... [--verbose]

The guest kernel is lts (Debian 12's Linux 6.12, the default), current
(trixie-backports' newest) or PATH, a kernel tree the user built, with the
driver built against it (./zcnic guest builds it first).
Without --peer the guest is on slirp (10.0.2.15 by DHCP, the host is 10.0.2.2).
With --peer a second guest runs SCRIPT; the two are connected by
-netdev stream on a unix socket, main 192.168.77.1/24, peer 192.168.77.2/24.
--links N gives each of the two guests N NICs, eth0..eth(N-1), link K joining
the main guest's ethK to the peer's ethK (its own socket); only eth0 is
configured, the script sets up the others (MAC 52:54:00:12:3K:56/57).
--add copies files or directories into the guest's /opt/zcnic, where the
script runs; /opt/zcnic/lib.sh (TAP helpers: check, ok, done_testing) is
always there.  A script line "echo ZCNIC-QMP: <json>" makes the host send that
QMP command to the guest's QEMU (for example set_link).  A line
"echo ZCNIC-CPU: <tag>" makes the host print "zcnic-host-cpu: <tag> <s>",
the CPU seconds all guests' QEMU processes have used so far (benchmarks);
"echo ZCNIC-PROFILE: <tag> [<seconds> [<delay>]]" records a host-side
profile of every guest's QEMU into $ZCNIC_PROFILE_DIR, if it is set.
With --migrate (needs --peer) the links are -netdev dgram on unix sockets,
and a line "echo ZCNIC-MIGRATE" live-migrates the main guest to a second
QEMU started with -incoming: the peer's frames go to it once the migration
has completed, the old QEMU is stopped, and the new one's link goes down
and up once, which the script sees as two carrier changes.
With --kselftest (lts or current) the kernel's own drivers/net selftests,
with the Python they run on, are in /opt/zcnic/ksft (./zcnic setup builds
it: tools/mkkselftest.sh), and the guest has two more zcnic NICs, eth1 and
eth2, wired to each other (a QEMU hub): the test device and the remote one
the selftests move to a network namespace (guest-tests/kselftest.sh).
"""

import gzip
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from zcniclib import CACHE, Parser, UsageError, check_kernel, guest_dir

NIC_MODELS = ("zcnic", "e1000e", "igb", "virtio-net-pci")
MAC = {"main": "52:54:00:12:34:56", "peer": "52:54:00:12:34:57"}
IP = {"main": "192.168.77.1/24", "peer": "192.168.77.2/24"}
MAX_LINKS = 4
EXIT_USAGE = 2
EXIT_TIMEOUT = 124


def mac(role, link):
    """Link 0 keeps the historical addresses; link K is 52:54:00:12:3K:xx."""
    base = MAC[role].split(":")
    base[4] = "34" if link == 0 else "3%d" % link
    return ":".join(base)


def cache_dir():
    return CACHE


# -- initramfs overlay -------------------------------------------------------

def cpio_newc(entries):
    """entries: list of (path, mode, data or None for a directory)."""
    out = io.BytesIO()
    ino = 1000
    for path, mode, data in entries + [("TRAILER!!!", 0, b"")]:
        name = path.encode() + b"\0"
        body = data or b""
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, mode, 0, 0, 1, 0, len(body), 0, 0, 0, 0, len(name), 0))
        out.write(hdr.encode() + name)
        out.write(b"\0" * ((4 - (110 + len(name)) % 4) % 4))
        out.write(body)
        out.write(b"\0" * ((4 - len(body) % 4) % 4))
        ino += 1
    return out.getvalue()


def overlay_entries(script, adds):
    entries = [("opt", 0o40755, None), ("opt/zcnic", 0o40755, None)]
    entries.append(("opt/zcnic/script.sh", 0o100755,
                    open(script, "rb").read()))
    # the TAP helpers every test script sources (check, ok, done_testing)
    lib = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "..", "guest-tests", "lib.sh")
    entries.append(("opt/zcnic/lib.sh", 0o100644, open(lib, "rb").read()))
    for add in adds:
        base = os.path.basename(os.path.normpath(add))
        if os.path.isdir(add):
            for root, dirs, files in os.walk(add):
                rel = os.path.relpath(root, add)
                dest = "opt/zcnic/" + base + ("" if rel == "." else "/" + rel)
                entries.append((dest, 0o40755, None))
                for f in sorted(files):
                    src = os.path.join(root, f)
                    mode = os.stat(src).st_mode & 0o777
                    entries.append((dest + "/" + f, 0o100000 | mode,
                                    open(src, "rb").read()))
        else:
            mode = os.stat(add).st_mode & 0o777
            entries.append(("opt/zcnic/" + base, 0o100000 | mode,
                            open(add, "rb").read()))
    return entries


def make_initrd(base, script, adds, dest):
    with open(dest, "wb") as out:
        with open(base, "rb") as f:
            shutil.copyfileobj(f, out)
        # The kernel unpacks concatenated archives in order.
        out.write(gzip.compress(cpio_newc(overlay_entries(script, adds)), 1))


# -- QMP ---------------------------------------------------------------------

class Qmp:
    def __init__(self, path, timeout=30):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.f = self.sock.makefile("rw")
        self.f.readline()  # greeting
        self.cmd({"execute": "qmp_capabilities"})

    def cmd(self, obj):
        self.f.write(json.dumps(obj) + "\n")
        self.f.flush()
        while True:
            line = self.f.readline()
            if not line:
                raise EOFError("QMP connection closed")
            reply = json.loads(line)
            if "event" not in reply:
                return reply

    def close(self):
        self.sock.close()


# -- a guest -----------------------------------------------------------------

# every guest of this run, for ZCNIC-CPU
GUESTS = []
# ZCNIC-PROFILE threads: waited for before the guests are stopped
PROFILERS = []


def qemu_cpu_seconds(pid):
    """CPU time (user + system) of PID's child: QEMU runs under timeout."""
    total = 0.0
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = [int(k) for k in f.read().split()]
        for k in kids:
            with open("/proc/%d/stat" % k) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / \
                os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        pass
    return total

def qemu_pid(g):
    """QEMU's pid: the child of the timeout process that runs it."""
    try:
        with open("/proc/%d/task/%d/children" % (g.proc.pid, g.proc.pid)) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def thread_cpu(pid):
    """{thread name: CPU seconds} of PID's threads (-name debug-threads)."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                text = f.read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        key = "%s/%s" % (name, tid)
        out[key] = (int(fields[11]) + int(fields[12])) / \
            os.sysconf("SC_CLK_TCK")
    return out


def profile(tag, seconds="6", delay="2"):
    """"ZCNIC-PROFILE: TAG [SECONDS [DELAY]]": with $ZCNIC_PROFILE_DIR set,
    record each guest's QEMU for SECONDS, DELAY seconds from now: CPU of
    each thread (TAG-ROLE-threads.csv), perf record -g (TAG-ROLE-perf.txt,
    the top of perf report) and QEMU's lock profile (TAG-ROLE-locks.txt,
    info sync-profile)."""
    out = os.environ.get("ZCNIC_PROFILE_DIR")
    if not out:
        return
    os.makedirs(out, exist_ok=True)
    time.sleep(float(delay))
    secs = max(1.0, float(seconds))
    guests = [(g, qemu_pid(g)) for g in list(GUESTS)]
    guests = [(g, pid) for g, pid in guests if pid]
    perfs, before = [], {}
    for g, pid in guests:
        g.host_qmp(json.dumps({"execute": "human-monitor-command",
                               "arguments": {"command-line":
                                             "sync-profile reset"}}))
        g.host_qmp(json.dumps({"execute": "human-monitor-command",
                               "arguments": {"command-line":
                                             "sync-profile on"}}))
        data = os.path.join(out, "%s-%s.perf.data" % (tag, g.role))
        if shutil.which("perf"):
            perfs.append((g, data, subprocess.Popen(
                ["perf", "record", "-q", "-g", "-F", "999", "-p", str(pid),
                 "-o", data, "--", "sleep", str(secs)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        before[g.role] = thread_cpu(pid)
    time.sleep(secs)
    for g, pid in guests:
        after = thread_cpu(pid)
        with open(os.path.join(out, "%s-%s-threads.csv" % (tag, g.role)),
                  "w") as f:
            f.write("thread,cpu_pct\n")
            for k in sorted(after):
                f.write("%s,%.1f\n" % (k, 100 * (after[k] -
                        before[g.role].get(k, 0)) / secs))
        reply = g.host_qmp(json.dumps({"execute": "human-monitor-command",
                                       "arguments": {"command-line":
                                                     "info sync-profile -m 15"}}))
        g.host_qmp(json.dumps({"execute": "human-monitor-command",
                               "arguments": {"command-line":
                                             "sync-profile off"}}))
        with open(os.path.join(out, "%s-%s-locks.txt" % (tag, g.role)),
                  "w") as f:
            f.write(str(reply.get("return", reply)))
    for g, data, p in perfs:
        p.wait()
        with open(os.path.join(out, "%s-%s-perf.txt" % (tag, g.role)),
                  "w") as f:
            subprocess.run(["perf", "report", "-i", data, "--stdio",
                            "--no-children", "--sort", "comm,dso,sym",
                            "--percent-limit", "0.5", "-g", "none"],
                           stdout=f, stderr=subprocess.DEVNULL)
        os.unlink(data)


class Guest:
    def __init__(self, role, args, paths, workdir, netdevs, timeout):
        self.role = role
        self.lines = []
        self.exit_code = None
        self.began = False
        self.verbose = args.verbose
        self.qmp_path = os.path.join(workdir, role + ".qmp")
        self.log_path = os.path.join(workdir, role + ".log")
        self.qmp = None
        self.qmp_lock = threading.Lock()
        self.lock = threading.Lock()
        self.workdir = workdir
        self.migrations = 0

        nic, _, nic_opts = args.nic.partition(",")
        # iomem=relaxed: tests read the BAR through sysfs next to the driver.
        # tsc=reliable: under TCG the guest's TSC follows the host's, but a
        # busy host delays timer ticks, and the clocksource watchdog then
        # marks the TSC unstable when the machine is loaded (seen here);
        # the fallback, acpi_pm, is a port read under QEMU's big lock on
        # every clock read.
        append = ["console=ttyS0", "quiet", "panic=-1", "iomem=relaxed",
                  "tsc=reliable",
                  "zc_role=" + role,
                  "zc_nic=" + nic]
        if args.peer:
            append.append("zc_ip=" + IP[role])
        else:
            append.append("zc_dhcp=1")
        if args.mtu:
            append.append("zc_mtu=%d" % args.mtu)
        append += args.append
        net = []
        for k, netdev in enumerate(netdevs):
            device = "%s,netdev=n%d,mac=%s" % (nic, k, mac(role, k))
            if nic != "zcnic":
                device += ",romfile="
            if nic_opts:
                device += "," + nic_opts
            net += ["-netdev", netdev, "-device", device]
        initrd = os.path.join(workdir, role + "-initrd.gz")
        make_initrd(paths["initrd"], args.script if role == "main"
                    else args.peer, args.add, initrd)
        self.cmdline = [
            "timeout", "-k", "5", str(timeout + 30), paths["qemu"],
            "-M", "q35", "-accel", "tcg", "-m", str(args.mem),
            "-smp", str(args.smp),
            "-nodefaults", "-no-user-config", "-display", "none",
            "-no-reboot",
            "-kernel", paths["vmlinux"], "-initrd", initrd,
            "-append", " ".join(append),
            "-chardev", "stdio,id=ser0,signal=off",
            "-device", "isa-serial,chardev=ser0",
            "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
            # thread names: the profile (ZCNIC-PROFILE) tells vCPU and
            # main loop apart
            "-name", "zcnic-" + role + ",debug-threads=on",
        ] + net + kselftest_nics(args) + args.qemu_arg

    def spawn(self, cmdline):
        # its own process group: kill() must reach QEMU, not only timeout
        proc = subprocess.Popen(cmdline, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                start_new_session=True)
        reader = threading.Thread(target=self.read, args=(proc,), daemon=True)
        reader.start()
        return proc, reader

    def start(self):
        GUESTS.append(self)
        self.log = open(self.log_path, "w")
        self.log.write("# " + " ".join(self.cmdline) + "\n")
        self.proc, self.reader = self.spawn(self.cmdline)

    def show(self, line):
        prefix = "" if self.role == "main" else "peer| "
        sys.stdout.write(prefix + line + "\n")
        sys.stdout.flush()

    def read(self, proc):
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            line = line.replace("\r", "")
            self.log.write(line + "\n")
            self.log.flush()
            with self.lock:
                self.lines.append(line)
            if line.startswith("ZCNIC-EXIT="):
                try:
                    self.exit_code = int(line.split("=", 1)[1])
                except ValueError:
                    self.exit_code = 1
                continue
            if line == "ZCNIC-BEGIN":
                self.began = True
                continue
            if line.startswith("ZCNIC-QMP:"):
                self.host_qmp(line.split(":", 1)[1].strip())
                continue
            if line == "ZCNIC-MIGRATE":
                threading.Thread(target=self.migrate, daemon=True).start()
                continue
            if line.startswith("ZCNIC-PROFILE:"):
                t = threading.Thread(target=profile, daemon=True,
                                     args=line.split(":", 1)[1].split())
                PROFILERS.append(t)
                t.start()
                continue
            if line.startswith("ZCNIC-CPU:"):
                cpu = sum(qemu_cpu_seconds(g.proc.pid) for g in GUESTS)
                self.show("zcnic-host-cpu: %s %.2f"
                          % (line.split(":", 1)[1].strip(), cpu))
                continue
            if (self.began and self.exit_code is None) or self.verbose or \
               line.startswith("zcnic-init:"):
                self.show(line)

    def host_qmp(self, text):
        try:
            with self.qmp_lock:     # the reader and a profile() thread
                if self.qmp is None:
                    self.qmp = Qmp(self.qmp_path)
                reply = self.qmp.cmd(json.loads(text))
        except (OSError, ValueError, EOFError) as e:
            reply = {"error": str(e)}
        self.log.write("# QMP %s -> %s\n" % (text, json.dumps(reply)))
        if "error" in reply:
            self.show("zcnic-host: QMP %s failed: %s" % (text, reply["error"]))
        return reply

    def migrate(self):
        """Live-migrate to a new QEMU (--migrate: the links are dgram)."""
        start = time.time()
        n = self.migrations = self.migrations + 1
        qmp_path = "%s.%d" % (self.qmp_path, n)
        mig = os.path.join(self.workdir, "migration-%d.sock" % n)
        cmd = []
        for arg in self.cmdline:
            if arg.startswith("unix:%s," % self.qmp_path):
                arg = arg.replace(self.qmp_path, qmp_path)
            elif arg.startswith("dgram,"):
                # the new QEMU listens beside the old one (renamed later)
                arg = re.sub(r"local\.path=([^,]*)", r"local.path=\1.new", arg)
            cmd.append(arg)
        cmd += ["-incoming", "defer"]
        self.log.write("# migrating to: " + " ".join(cmd) + "\n")
        try:
            if self.qmp is None:
                self.qmp = Qmp(self.qmp_path)
            proc, reader = self.spawn(cmd)
            qmp = Qmp(qmp_path)
            uri = "unix:" + mig
            for q, c in ((qmp, "migrate-incoming"), (self.qmp, "migrate")):
                r = q.cmd({"execute": c, "arguments": {"uri": uri}})
                if "error" in r:
                    raise OSError("%s: %s" % (c, r["error"]))
            while True:
                st = self.qmp.cmd({"execute": "query-migrate"})
                status = st.get("return", {}).get("status")
                if status == "completed":
                    break
                if status in ("failed", "cancelled") or \
                        time.time() - start > 120:
                    raise OSError("migration %s" % status)
                time.sleep(0.05)
            # the peer's frames now go to the new QEMU
            for arg in cmd:
                for path in re.findall(r"local\.path=([^,]*)\.new", arg):
                    os.rename(path + ".new", path)
            old = self.proc
            self.qmp.close()
            self.qmp, self.proc, self.reader = qmp, proc, reader
            os.killpg(old.pid, signal.SIGKILL)
            while self.qmp.cmd({"execute": "query-status"}).get(
                    "return", {}).get("status") != "running":
                if time.time() - start > 150:
                    raise OSError("the destination does not run")
                time.sleep(0.05)
            self.show("zcnic-host: migrated in %.1f s" % (time.time() - start))
            for up in (False, True):
                r = self.qmp.cmd({"execute": "set_link",
                                  "arguments": {"name": "n0", "up": up}})
                if "error" in r:
                    raise OSError("set_link: %s" % r["error"])
                time.sleep(0.5)
        except (OSError, ValueError, EOFError) as e:
            self.show("zcnic-host: migration failed: %s" % e)

    def alive(self):
        return self.proc.poll() is None

    def kill(self):
        """SIGKILL to timeout and QEMU: killing timeout alone orphans QEMU."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, grace=10):
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()
            self.proc.wait()
        self.reader.join(5)
        if self.qmp:
            self.qmp.close()
        self.log.close()

    def tail(self, n=30):
        with self.lock:
            return self.lines[-n:]


def find_paths(kernel):
    c = cache_dir()
    paths = {
        "qemu": os.path.join(c, "qemu-system-x86_64"),
        "vmlinux": os.path.join(guest_dir(kernel), "vmlinux"),
        "initrd": os.path.join(guest_dir(kernel), "initrd.gz"),
    }
    for what, p in paths.items():
        if not os.path.exists(p):
            raise UsageError("no %s at %s: run ./zcnic setup first" % (what, p))
    return paths


def parse(argv):
    p = Parser(prog="zcnic guest", add_help=True,
               description=__doc__.split("\n\n")[0])
    p.add_argument("--script", required=True,
                   help="shell script to run in the (main) guest")
    p.add_argument("--add", action="append", default=[], metavar="PATH",
                   help="file or directory copied into /opt/zcnic")
    p.add_argument("--peer", metavar="SCRIPT",
                   help="boot a second guest running SCRIPT, connected by "
                        "-netdev stream")
    p.add_argument("--links", type=int, default=1, metavar="N",
                   help="with --peer: N links (eth0..ethN-1 in each guest)")
    p.add_argument("--migrate", action="store_true",
                   help="with --peer: dgram links, and 'echo ZCNIC-MIGRATE' "
                        "live-migrates the main guest")
    p.add_argument("--nic", default="zcnic", metavar="MODEL[,PROP=VAL...]",
                   help="NIC model: " + ", ".join(NIC_MODELS))
    p.add_argument("--mtu", type=int, help="MTU set on eth0 before the script")
    p.add_argument("--mem", type=int, default=512, help="guest MiB")
    p.add_argument("--smp", type=int, default=1,
                   help="vCPUs of each guest (1..4; default 1)")
    p.add_argument("--timeout", type=int, default=300,
                   help="seconds before the guest counts as hung")
    p.add_argument("--qemu-arg", action="append", default=[], metavar="ARG",
                   help="extra QEMU argument (repeat for each word)")
    p.add_argument("--append", action="append", default=[], metavar="WORD",
                   help="extra kernel command-line word for the guest(s) "
                        "(repeat for each word)")
    p.add_argument("--kernel", default="lts", metavar="lts|current|PATH",
                   help="guest kernel: lts (Debian 12's 6.12, the default), "
                        "current (trixie-backports' newest) or PATH, a "
                        "kernel tree you built")
    p.add_argument("--kselftest", action="store_true",
                   help="the kernel's drivers/net selftests in /opt/zcnic/"
                        "ksft and two more zcnic NICs wired to each other")
    p.add_argument("--verbose", action="store_true",
                   help="show the whole console, boot messages included")
    args = p.parse_args(argv)
    model = args.nic.split(",", 1)[0]
    if model not in NIC_MODELS:
        raise UsageError("unknown --nic '%s' (choose from %s)"
                         % (model, ", ".join(NIC_MODELS)))
    for f in [args.script] + ([args.peer] if args.peer else []):
        if not os.path.isfile(f):
            raise UsageError("script '%s' not found" % f)
    for f in args.add:
        if not os.path.exists(f):
            raise UsageError("--add '%s' not found" % f)
    if args.smp < 1 or args.smp > 4:
        raise UsageError("--smp must be in 1..4")
    if args.timeout <= 0 or args.mem < 128:
        raise UsageError("--timeout must be > 0 and --mem >= 128")
    if not 1 <= args.links <= MAX_LINKS:
        raise UsageError("--links must be in 1..%d" % MAX_LINKS)
    for w in args.append:
        if not w or any(c.isspace() for c in w) or w.startswith("zc_"):
            raise UsageError("--append '%s': one kernel word, no spaces, "
                             "not zc_* (set by zcnic)" % w)
    if args.links > 1 and not args.peer:
        raise UsageError("--links needs --peer")
    if args.migrate and not args.peer:
        raise UsageError("--migrate needs --peer")
    if args.mtu is not None and not 68 <= args.mtu <= 65535:
        raise UsageError("--mtu must be in 68..65535")
    check_kernel(args.kernel)
    if args.kselftest:
        if args.peer or args.nic != "zcnic":
            raise UsageError("--kselftest boots one zcnic guest: no --peer, "
                             "no --nic")
        d = kselftest_dir(args.kernel)
        if not os.path.isdir(d):
            raise UsageError("--kselftest: no kernel selftests at %s (lts "
                             "and current have them after ./zcnic setup)" % d)
        args.add.append(d)
    return args


def kselftest_dir(kernel):
    return os.path.join(CACHE, "kselftest", kernel, "ksft")


def kselftest_nics(args):
    """--kselftest: eth1 and eth2, two zcnic NICs on one QEMU hub, with 8
    queue pairs each (rss_ctx.py grows the channels from 4 to 5)."""
    if not args.kselftest:
        return []
    out = []
    for k in (1, 2):
        out += ["-netdev", "hubport,id=ks%d,hubid=9" % k,
                "-device", "zcnic,netdev=ks%d,mac=52:54:00:12:39:%02x,"
                "queues=8" % (k, 0x50 + k)]
    return out


def run(args):
    paths = find_paths(args.kernel)
    workdir = tempfile.mkdtemp(prefix="zcnic-guest-")
    guests = []
    keep = False
    try:
        socks = [os.path.join(workdir, "link%s.sock" % (k or ""))
                 for k in range(args.links)]
        if args.migrate:
            # datagrams to a path: after a migration the path is renamed
            # to the new QEMU's socket and the peer's frames follow
            dg = "dgram,id=n%d,local.type=unix,local.path=%s.%s," \
                 "remote.type=unix,remote.path=%s.%s"
            main_net = [dg % (k, sock, "main", sock, "peer")
                        for k, sock in enumerate(socks)]
            peer_net = [dg % (k, sock, "peer", sock, "main")
                        for k, sock in enumerate(socks)]
            socks = [sock + ".main" for sock in socks]
        elif args.peer:
            main_net = ["stream,id=n%d,server=on,addr.type=unix,addr.path=%s"
                        % (k, sock) for k, sock in enumerate(socks)]
            peer_net = ["stream,id=n%d,server=off,addr.type=unix,addr.path=%s"
                        % (k, sock) for k, sock in enumerate(socks)]
        else:
            main_net = ["user,id=n0"]
        main = Guest("main", args, paths, workdir, main_net, args.timeout)
        guests.append(main)
        main.start()
        if args.peer:
            deadline = time.time() + 30
            while not all(map(os.path.exists, socks)) and main.alive() and \
                    time.time() < deadline:
                time.sleep(0.05)
            peer = Guest("peer", args, paths, workdir, peer_net, args.timeout)
            guests.append(peer)
            peer.start()

        deadline = time.time() + args.timeout
        while main.exit_code is None and main.alive() and \
                time.time() < deadline:
            time.sleep(0.1)
        if main.exit_code is not None:
            for g in guests[1:]:
                g.kill()
            for g in guests:
                g.stop()
            return main.exit_code

        keep = True
        for g in guests:
            if g.alive():
                g.kill()
            g.stop(2)
        if main.proc.returncode is not None and time.time() < deadline:
            why = "QEMU exited (status %d) before the script finished" \
                % main.proc.returncode
            code = 1
        else:
            why = "guest hung: no result after %d s (--timeout)" % args.timeout
            code = EXIT_TIMEOUT
        sys.stderr.write("zcnic guest: %s; last console lines:\n" % why)
        for g in guests:
            for line in g.tail():
                sys.stderr.write("  %s| %s\n" % (g.role, line))
        sys.stderr.write("zcnic guest: full logs in %s\n" % workdir)
        return code
    finally:
        for t in PROFILERS:
            t.join(60)
        for g in guests:
            g.kill()    # also a QEMU whose timeout process has ended
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv):
    check_only = argv[:1] == ["--check-args"]
    if check_only:
        argv = argv[1:]
    try:
        args = parse(argv)
        if check_only:
            return 0
        return run(args)
    except UsageError as e:
        sys.stderr.write("zcnic guest: %s\n" % e)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
