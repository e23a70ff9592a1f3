#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tools/bench-flood.py, the host's flood of ./zcnic bench's xdp workload,
against a stand-in for QEMU's -netdev stream: the frames are what the
guest's receivers check (Ethernet to the NIC's MAC, a valid IPv4 header,
UDP to the port asked for, zcnic_fill's payload), "stop" ends a flood,
KPPS bounds its rate without bursts to catch up, and a frame a stop cut
short is finished before the next flood's.  TAP."""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAC = "52:54:00:12:36:01"
n = 0
failed = 0


def ok(cond, name):
    global n, failed
    n += 1
    failed += not cond
    print("%sok %d - %s" % ("" if cond else "not ", n, name))


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def fill(seq):
    """zcnic-xdp-obj.h's zcnic_fill, 64 bytes"""
    return struct.pack("<I", seq) + bytes((seq * 131 + i * 7) & 0xff
                                          for i in range(4, 64))


def frames(nic, want):
    """WANT frames of the stream (4-byte length, then the frame)"""
    buf, out = b"", []
    nic.settimeout(5)
    while len(out) < want:
        buf += nic.recv(65536)
        while len(buf) >= 4:
            size = struct.unpack("!I", buf[:4])[0]
            if len(buf) < 4 + size:
                break
            out.append(buf[4:4 + size])
            buf = buf[4 + size:]
    return out[:want]


def flood(port, words):
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = c.makefile("rw")
    f.write(words + "\n")
    f.flush()
    return c, f


def drain(nic, secs):
    """read whatever comes for SECS seconds; frames counted by length"""
    nic.settimeout(0.05)
    got, end = 0, time.monotonic() + secs
    while time.monotonic() < end:
        try:
            got += len(nic.recv(1 << 20))
        except socket.timeout:
            pass
    return got // 110


def stop(c, f):
    """'stop' to the flood on C/F; its "sent N SECS" reply, split"""
    f.write("stop\n")
    f.flush()
    line = f.readline().split()
    c.close()
    return line


def one_second(port, nic):
    """a 1 s flood, read for 1.5 s: frames read, the reply, split"""
    c, f = flood(port, "flood 7 1")
    f.readline()
    got = drain(nic, 1.5)
    line = f.readline().split()
    c.close()
    return got, line


def start(d, kpps=None):
    path = os.path.join(d, "f%s.sock" % (kpps or ""))
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    p = subprocess.Popen([sys.executable,
                          os.path.join(ROOT, "tools", "bench-flood.py"),
                          path, str(port), MAC, "192.168.78.1",
                          "192.168.78.2"] + ([str(kpps)] if kpps else []))
    for _ in range(100):
        if os.path.exists(path):
            break
        time.sleep(0.05)
    nic = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    nic.connect(path)	# at once: the path appears listening
    time.sleep(0.2)		# the control port is bound right after
    return p, port, nic


def main():
    d = tempfile.mkdtemp(prefix="zcnic-flood-test-")
    p, port, nic = start(d)
    try:
        c, f = flood(port, "flood 5312 30")
        ok(f.readline() == "started\n", "a flood is answered 'started'")
        fr = frames(nic, 600)
        ok(all(len(x) == 106 for x in fr),
           "600 frames of 106 bytes (64 bytes of UDP payload)")
        ok(all(x[:6] == bytes.fromhex(MAC.replace(":", "")) and
               x[12:14] == b"\x08\x00" for x in fr),
           "to the NIC's MAC, IPv4")
        ok(all(csum(x[14:34]) == 0xffff and x[14] == 0x45 and x[23] == 17
               and x[26:34] == socket.inet_aton("192.168.78.2") +
               socket.inet_aton("192.168.78.1") for x in fr),
           "IPv4 header checksum valid, UDP, 192.168.78.2 to .1")
        ok(all(struct.unpack("!HH", x[36:40]) == (5312, 72) for x in fr),
           "UDP to port 5312, length 72")
        seqs = [struct.unpack("<I", x[42:46])[0] for x in fr]
        ok(all(x[42:] == fill(s) for x, s in zip(fr, seqs)) and
           len(set(seqs)) == 512,
           "zcnic_fill payloads, 512 sequence numbers")
        # nothing read from the stream meanwhile: a NIC that cannot
        # receive, QEMU not reading
        time.sleep(0.5)
        t = time.monotonic()
        f.write("stop\n")
        f.flush()
        c.settimeout(5)
        line = f.readline().split()
        ok(line[:1] == ["sent"] and time.monotonic() - t < 5 and
           float(line[2]) < 30,
           "'stop' ends it while the stream is full: %s" % " ".join(line))
        c.close()
        c, f = flood(port, "bogus")
        ok(f.readline().startswith("error"), "a bad command is refused")
        c.close()
        nic.close()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            pass
        ok(p.returncode == 0, "QEMU's end of the stream gone: the flood "
           "exits (%s)" % p.returncode)
    finally:
        p.kill()
        p.wait()
    p, port, nic = start(d, 20)
    try:
        got, line = one_second(port, nic)
        ok(10000 <= got <= 21000 and line[:1] == ["sent"],
           "KPPS 20: %d frames in a 1 s flood" % got)
        # 1 s in which the stream takes nothing, then 1 s of reading:
        # what the flood could not write meanwhile is not made up for
        c, f = flood(port, "flood 7 3")
        f.readline()
        time.sleep(1)
        got = drain(nic, 1)
        line = stop(c, f)
        drain(nic, 0.3)
        ok(10000 <= got <= 28000 and line[:1] == ["sent"],
           "KPPS 20: %d frames in the 1 s after a 1 s stall (what the "
           "stream held, then 20 000 at most)" % got)
    finally:
        p.kill()
        p.wait()
    # at 2000 k/s a write (2000 frames, 220 000 bytes) is more than the
    # stream takes at once: a stop while it is full cuts one inside a
    # frame, and the next flood finishes that frame first
    p, port, nic = start(d, 2000)
    try:
        c, f = flood(port, "flood 5312 30")
        f.readline()
        time.sleep(0.5)
        stop(c, f)
        c, f = flood(port, "flood 5313 30")
        f.readline()
        fr = frames(nic, 8000)
        ports = [struct.unpack("!H", x[36:38])[0] for x in fr]
        ok(all(len(x) == 106 and csum(x[14:34]) == 0xffff for x in fr) and
           ports[-1] == 5313,
           "the next flood after a stop: the stream still whole (8000 "
           "frames of 106 bytes, valid, %d to the new port)" %
           ports.count(5313))
        stop(c, f)
    except (socket.timeout, struct.error, IndexError) as e:
        ok(False, "the next flood after a stop: the stream broken (%r)" % e)
    finally:
        p.kill()
        p.wait()
    # at 200 k/s a write is a millisecond's frames, not 32
    p, port, nic = start(d, 200)
    try:
        got, line = one_second(port, nic)
        ok(100000 <= got <= 210000 and line[:1] == ["sent"] and
           int(line[1]) <= 210000,
           "KPPS 200: %d frames in a 1 s flood (sent %s)" %
           (got, " ".join(line[1:])))
    finally:
        p.kill()
        p.wait()
        subprocess.run(["rm", "-rf", d])
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
