#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run zcnic's test suites and count TAP results.

    ./zcnic test [--suite unit|qtest|fuzz|guest]... [--filter TEXT] [--jobs N]
                 [--kernel lts|current|PATH]...

Suites:
  unit   QEMU-independent C tests, built by the top-level meson.build
  qtest  the zcnic qtests inside the QEMU build (tests/qtest/zcnic-test)
  fuzz   ./zcnic fuzz, fixed runs from an empty corpus with seed 1:
         zcnic-fuzz (ZCNIC_FUZZ_ZCNIC_RUNS inputs, default 20000, from
         the seeds of tools/fuzz-seeds.py) and QEMU's generic-fuzz on zcnic
         (ZCNIC_FUZZ_RUNS, default 60000)
  guest  guest-tests/*.sh, each booted with ./zcnic guest; options for the
         boot come from a "# zcnic-guest: ARGS" line in the script, where
         --host-http also serves a 10 MB file from the host (host.env in
         /opt/zcnic says where and its sha256).  The whole suite runs on
         each --kernel, by default lts then current; results of lts are
         named guest/NAME, of another kernel guest@KERNEL/NAME

Every "ok"/"not ok" TAP line is one test; "ok ... # SKIP" is a skip, never
a pass.  A program that fails without a "not ok" line counts as one
failure, and so does output whose "1..N" plan does not match the results
it printed.  The last line is "N passed, N failed", then ", N skipped" when
tests were skipped.
"""

import concurrent.futures
import glob
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time

from zcniclib import (CACHE, KERNELS, PY, ROOT, Parser, UsageError,
                      check_kernel, guest_cmd, say, tree_name)

SUITES = ("unit", "qtest", "fuzz", "guest")
TAP = re.compile(r"^\s*(ok|not ok)\s+\d+\s*-?\s*(.*)$")
PLAN = re.compile(r"^\s*1\.\.(\d+)\b")
SKIP = re.compile(r"#\s*SKIP\b", re.I)


class Result:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []


def parse_tap(text, result, label):
    """Count TAP results; returns (results seen, the plan's N or None)."""
    seen = 0
    plan = None
    for line in text.splitlines():
        p = PLAN.match(line)
        if p:
            plan = int(p.group(1))
            if plan == 0 and SKIP.search(line):
                result.skipped += 1     # "1..0 # SKIP": the whole program
            continue
        m = TAP.match(line)
        if not m:
            continue
        seen += 1
        if m.group(1) == "ok" and SKIP.search(m.group(2)):
            result.skipped += 1
        elif m.group(1) == "ok":
            result.passed += 1
        else:
            result.failed += 1
            result.failures.append("%s: %s" % (label, m.group(2).strip()))
    return seen, plan


def account(result, label, rc, output, log=None):
    """Count TAP lines; a failing run without a 'not ok' is one failure,
    and so is a plan that does not match the results."""
    before = result.failed
    seen, plan = parse_tap(output, result, label)
    if plan is not None and plan != seen:
        result.failed += 1
        result.failures.append("%s: plan 1..%d, but %d results"
                               % (label, plan, seen))
    if rc != 0 and result.failed == before:
        result.failed += 1
        result.failures.append("%s: exited with status %d" % (label, rc))
    if result.failed != before and log:
        with open(log, "w") as f:
            f.write(output)


def skipped_text(result):
    return ", %d skipped" % result.skipped if result.skipped else ""


def run_unit(args, result):
    build = os.path.join(CACHE, "build-unit")
    env = dict(os.environ, PATH="/usr/bin:/bin:/usr/sbin:/sbin")
    # The build dir belongs to one checkout; another one starts afresh.
    stamp = os.path.join(build, ".zcnic-root")
    if not os.path.exists(os.path.join(build, "build.ninja")) or \
            not os.path.exists(stamp) or open(stamp).read() != ROOT:
        subprocess.run(["rm", "-rf", build], check=True)
        subprocess.run(["meson", "setup", build, ROOT], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(ROOT)
    p = subprocess.run(["meson", "compile", "-C", build], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if p.returncode:
        say(p.stdout[-3000:])
        account(result, "unit: build", p.returncode, "")
        return
    tests = json.loads(subprocess.run(
        ["meson", "introspect", "--tests", build], env=env, check=True,
        stdout=subprocess.PIPE, text=True).stdout)
    for t in tests:
        if args.filter and args.filter not in t["name"]:
            continue
        p = subprocess.run(t["cmd"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=600,
                           cwd=t.get("workdir") or build)
        account(result, "unit/" + t["name"], p.returncode, p.stdout,
                os.path.join(CACHE, "logs", "unit-%s.log" % t["name"]))
        say("  unit/%s: exit %d" % (t["name"], p.returncode))


def run_fuzz(args, result):
    """A deterministic pass of each fuzz target finds nothing: zcnic-fuzz
    from its seeds, then QEMU's generic-fuzz, each from an empty corpus."""
    passes = (("zcnic", "zcnic-fuzz", os.environ.get("ZCNIC_FUZZ_ZCNIC_RUNS",
                                                     "20000")),
              ("generic", "generic-fuzz-zcnic",
               os.environ.get("ZCNIC_FUZZ_RUNS", "60000")))
    for target, name, runs in passes:
        if args.filter and args.filter not in name:
            continue
        p = subprocess.run([os.path.join(ROOT, "tools", "fuzz-qemu.sh"),
                            "--target", target, "--runs", runs,
                            "--seed", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        summary = [line.strip() for line in p.stdout.splitlines()
                   if line.strip().startswith(("Done", "zcnic source:"))]
        for line in p.stdout.splitlines()[-8:]:
            say("  " + line)
        status = "ok" if p.returncode == 0 else "not ok"
        account(result, "fuzz/" + target, p.returncode,
                "%s 1 - %s: no crash, hang or sanitizer report (%s)\n"
                % (status, name, "; ".join(summary)),
                os.path.join(CACHE, "logs", "fuzz-%s.log" % target))


def run_qtest(args, result):
    """tests/qtest/zcnic-test, then the zcnic node's tests in qos-test
    (the qgraph ones, libqos/zcnic.c): one TAP stream each."""
    tree = open(os.path.join(CACHE, "qemu-src", "tree")).read().strip()
    build = os.path.join(tree, "build")
    # the test paths name the target, which QTEST_QEMU_BINARY gives
    env = dict(os.environ,
               QTEST_QEMU_BINARY=os.path.join(build, "qemu-system-x86_64"))
    for binary, select in (("zcnic-test", None), ("qos-test", "/zcnic/")):
        run_qtest_binary(args, result, build, env, binary, select)


def run_qtest_binary(args, result, build, env, binary, select):
    cmd = [os.path.join(build, "tests", "qtest", binary), "--tap"]
    if args.filter or select:
        # GLib selects by path prefix; filter the listing ourselves.
        listing = subprocess.run(cmd[:1] + ["-l"], stdout=subprocess.PIPE,
                                 env=env, text=True).stdout.split()
        paths = [p for p in listing if p.startswith("/") and
                 (not select or select in p) and
                 (not args.filter or args.filter in p)]
        if not paths:
            if select and not args.filter:
                # the node's tests must be there: a missing one fails
                result.failed += 1
                result.failures.append("qtest: %s lists no %s tests"
                                       % (binary, select))
            return
        for path in paths:
            cmd += ["-p", path]
    p = subprocess.run(["timeout", "900"] + cmd, env=env, cwd=build,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    for line in p.stdout.splitlines():
        if TAP.match(line) or line.startswith(("**", "Bail out", "ERROR")):
            say("  " + line)
    account(result, "qtest", p.returncode, p.stdout,
            os.path.join(CACHE, "logs", "qtest.log" if binary == "zcnic-test"
                         else "qtest-%s.log" % binary))


def guest_tests(args):
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "guest-tests", "*.sh"))):
        name = os.path.basename(path)[:-3]
        text = open(path).read()
        m = re.search(r"^# zcnic-guest:(.*)$", text, re.M)
        if m is None:
            continue    # a helper or a peer script, not a test
        if args.filter and args.filter not in name:
            continue
        opts = shlex.split(m.group(1))
        opts = [os.path.join(ROOT, "guest-tests", o)
                if o.endswith(".sh") else o for o in opts]
        out.append((name, path, opts))
    return out


class HostHttp:
    """A 10 MB file served on 127.0.0.1 (the guest's 10.0.2.2 on slirp),
    and an upload sink beside it."""

    def __init__(self):
        import hashlib
        import tempfile
        self.dir = tempfile.mkdtemp(prefix="zcnic-http-")
        data = bytes((i * 7 + (i >> 10)) & 0xff for i in range(1 << 16)) * 160
        with open(os.path.join(self.dir, "data.bin"), "wb") as f:
            f.write(data)
        self.sha = hashlib.sha256(data).hexdigest()
        self.proc = subprocess.Popen(
            [PY, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
             "--directory", self.dir],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()    # "Serving HTTP on ... port N"
        self.port = int(re.search(r"port (\d+)", line).group(1))
        self.sink = socket.socket()
        self.sink.bind(("127.0.0.1", 0))
        self.sink.listen(4)
        threading.Thread(target=self.serve_sink, daemon=True).start()
        self.env = os.path.join(self.dir, "host.env")
        with open(self.env, "w") as f:
            f.write("HTTP_URL=http://10.0.2.2:%d/data.bin\nHTTP_SHA=%s\n"
                    "HTTP_BYTES=%d\nSINK_PORT=%d\n"
                    % (self.port, self.sha, len(data),
                       self.sink.getsockname()[1]))

    def serve_sink(self):
        """Upload sink: a line "N", N bytes; answers "<sha256> <bytes>"."""
        import hashlib
        while True:
            try:
                c, _ = self.sink.accept()
            except OSError:
                return      # closed
            try:
                c.settimeout(120)
                with c, c.makefile("rb") as f:
                    want = int(f.readline() or 0)
                    h, got = hashlib.sha256(), 0
                    while got < want:
                        b = f.read1(min(1 << 20, want - got))
                        if not b:
                            break
                        h.update(b)
                        got += len(b)
                    c.sendall(("%s %d\n" % (h.hexdigest(), got)).encode())
            except (OSError, ValueError):
                pass        # this upload fails; the guest test says so

    def close(self):
        self.proc.kill()
        self.proc.wait()
        try:
            self.sink.shutdown(socket.SHUT_RDWR)    # wakes accept()
        except OSError:
            pass
        self.sink.close()
        subprocess.run(["rm", "-rf", self.dir])


def run_one_guest(kernel, name, path, opts):
    host = None
    if "--host-http" in opts:
        opts = [o for o in opts if o != "--host-http"]
        host = HostHttp()
        opts = opts + ["--add", host.env]
    try:
        return run_guest_cmd(name, path, opts + ["--kernel", kernel])
    finally:
        if host:
            host.close()


def run_guest_cmd(name, path, opts):
    cmd = guest_cmd(["--script", path])
    # lib.sh and the scripts tests share land in /opt/zcnic
    for f in sorted(glob.glob(os.path.join(ROOT, "guest-tests", "*.sh"))):
        cmd += ["--add", f]
    cmd += opts
    start = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return name, p.returncode, p.stdout, time.time() - start


def kernel_label(kernel):
    """guest/ for lts, guest@current/ or guest@tree-HASH/ otherwise."""
    if kernel == "lts":
        return "guest"
    if kernel in KERNELS:
        return "guest@" + kernel
    return "guest@" + tree_name(kernel)


def run_guest(args, result):
    kernel = args.kernel_now
    label = kernel_label(kernel)
    tests = guest_tests(args)
    # Each guest is one TCG thread; a --peer test is two.
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        futs = [ex.submit(run_one_guest, kernel, *t) for t in tests]
        for f in futs:
            name, rc, out, secs = f.result()
            before = (result.passed, result.failed, result.skipped)
            log = os.path.join(CACHE, "logs", "%s-%s.log"
                               % (label.replace("/", "-"), name))
            with open(log, "w") as f:      # kept whether it passed or not
                f.write(out)
            account(result, "%s/%s" % (label, name), rc, out)
            say("  %s/%s: %d passed, %d failed%s (%.0f s)"
                % (label, name, result.passed - before[0],
                   result.failed - before[1],
                   ", %d skipped" % (result.skipped - before[2])
                   if result.skipped != before[2] else "", secs))
            if result.failed != before[1]:
                for line in out.splitlines()[-25:]:
                    say("    | " + line)


def main(argv):
    check_only = argv[:1] == ["--check-args"]
    if check_only:
        argv = argv[1:]
    p = Parser(prog="zcnic test")
    p.add_argument("--suite", action="append", choices=SUITES)
    p.add_argument("--filter", help="only tests whose name contains TEXT")
    p.add_argument("--jobs", type=int, default=1,
                   help="guest tests booted at once (default 1)")
    p.add_argument("--kernel", action="append", metavar="lts|current|PATH",
                   help="guest kernel(s) the guest suite runs on (default: "
                        "lts and current)")
    try:
        args = p.parse_args(argv)
        for k in args.kernel or ():
            check_kernel(k)
        if args.jobs < 1:
            raise UsageError("--jobs must be >= 1")
    except UsageError as e:
        sys.stderr.write("zcnic test: %s\n" % e)
        return 2
    except SystemExit as e:     # --help
        return e.code or 0
    if check_only:
        return 0
    os.makedirs(os.path.join(CACHE, "logs"), exist_ok=True)
    total = Result()
    runs = []
    for suite in args.suite or SUITES:
        if suite == "guest":
            runs += [(suite, k) for k in args.kernel or KERNELS]
        else:
            runs.append((suite, None))
    for suite, kernel in runs:
        r = Result()
        start = time.time()
        args.kernel_now = kernel
        if kernel:
            suite_label = kernel_label(kernel)
            say("==> guest tests on the %s kernel" % kernel)
        else:
            suite_label = suite
            say("==> %s tests" % suite)
        try:
            {"unit": run_unit, "qtest": run_qtest, "fuzz": run_fuzz,
             "guest": run_guest}[suite](args, r)
        except (OSError, subprocess.SubprocessError) as e:
            r.failed += 1
            r.failures.append("%s: %s" % (suite, e))
        say("%s: %d passed, %d failed%s (%.0f s)"
            % (suite_label, r.passed, r.failed, skipped_text(r),
               time.time() - start))
        total.passed += r.passed
        total.failed += r.failed
        total.skipped += r.skipped
        total.failures += r.failures
    if total.failures:
        say("failures (logs in %s/logs):" % CACHE)
        for f in total.failures:
            say("  " + f)
    say("%d passed, %d failed%s" % (total.passed, total.failed,
                                    skipped_text(total)))
    return 1 if total.failed or not total.passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
