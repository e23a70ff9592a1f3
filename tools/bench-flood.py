#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""./zcnic bench's flood from the host: 64-byte UDP datagrams written into
a guest NIC's -netdev stream, at a given rate or as fast as the NIC takes
them.

    bench-flood.py SOCK PORT DST_MAC DST_IP SRC_IP [KPPS]

Listens on the unix socket SOCK, which the guest's QEMU connects to
(-netdev stream,server=off), and for commands on 127.0.0.1:PORT, which
the guest reaches through slirp (10.0.2.2:PORT).  A command is one line,
"flood UDP_PORT SECS": the flood starts, "started" is answered, and after
SECS seconds, or when the guest sends "stop", "sent N SECS" (frames
written).  Without KPPS the flood goes as fast as the stream takes frames:
QEMU stops reading while the NIC cannot receive (a full RX ring), so a
receiver that cannot keep up slows the flood, and the guest's count is
what its receive path can do.  With KPPS, at most that many thousand
frames a second, written a millisecond's worth at a time (32 frames at
least): falling behind by more than one such write (this process not
scheduled, the stream full) is not made up for, so the rate offered is at
most KPPS and may be less.  A frame cut short by "stop" is finished
at the start of the next flood, so that the stream stays whole.  Whatever
the guest sends back is read and thrown away.
"""

import os
import select
import socket
import struct
import sys
import threading
import time


# frames a write when paced: at least this, or a millisecond's worth
# (in writes of 32 frames the pacing fell far short of 1000 k/s)
BATCH = 32


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def payload(seq):
    """zcnic-xdp-obj.h's test payload (zcnic_fill), 64 bytes: SEQ, then a
    pattern of it, which zcnic-xsk checks"""
    return struct.pack("<I", seq) + bytes((seq * 131 + i * 7) & 0xff
                                          for i in range(4, 64))


def frame(dst_mac, dst_ip, src_ip, sport, dport, seq):
    """Ethernet + IPv4 + UDP with 64 bytes of payload (UDP checksum 0)."""
    data = payload(seq)
    udp = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64,
                     17, 0, socket.inet_aton(src_ip),
                     socket.inet_aton(dst_ip))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    src_mac = b"\x52\x54\x00\x12\x36\xfe"
    eth = bytes.fromhex(dst_mac.replace(":", "")) + src_mac + b"\x08\x00"
    return eth + ip + udp


def drain(conn):
    """what the guest sends is thrown away; QEMU gone, so is the flood"""
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass
    os._exit(0)


def main(argv):
    if len(argv) not in (6, 7):
        sys.exit("usage: bench-flood.py SOCK PORT DST_MAC DST_IP SRC_IP "
                 "[KPPS]")
    path, port, dst_mac, dst_ip, src_ip = argv[1:6]
    rate = float(argv[6]) * 1000 if len(argv) == 7 else 0
    lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # listening before the path appears: QEMU may connect at once
    lsock.bind(path + ".new")
    lsock.listen(1)
    os.rename(path + ".new", path)
    ctl = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ctl.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ctl.bind(("127.0.0.1", int(port)))
    ctl.listen(1)
    nic, _ = lsock.accept()
    threading.Thread(target=drain, args=(nic,), daemon=True).start()
    rest = b""		# the end of a frame a stop cut short
    while True:
        c, _ = ctl.accept()
        f = c.makefile("rw")
        words = f.readline().split()
        if len(words) != 3 or words[0] != "flood":
            f.write("error: flood UDP_PORT SECS\n")
            f.close()
            c.close()
            continue
        batch = b""
        per = max(BATCH, int(rate / 1000)) if rate else 512
        for seq in range(per):
            fr = frame(dst_mac, dst_ip, src_ip, 40000, int(words[1]), seq)
            batch += struct.pack("!I", len(fr)) + fr
        f.write("started\n")
        f.flush()
        start = time.monotonic()
        end = start + float(words[2])
        n = 0
        # pacing: frames due since PACE0, N0 written by then
        pace0, n0 = start, 0
        buf = memoryview(rest)
        # the NIC's stream written only when writable, so that "stop" is
        # seen while QEMU does not read (a NIC that cannot receive)
        while True:
            t = time.monotonic()
            if t >= end:
                break
            wait = end - t
            if not buf:
                due = (t - pace0) * rate
                if rate and n - n0 > due:
                    wait = max(0, min(wait, (n - n0) / rate - (t - pace0)))
                else:
                    if rate and n - n0 < due - per:
                        # behind by more than a write (the stream was
                        # full): no burst to catch up, the rate holds
                        # from now on
                        pace0, n0 = t, n
                    buf = memoryview(batch)
                    n += per
            r, w, _ = select.select([c], [nic] if buf else [], [], wait)
            if r:
                break
            if w:
                try:
                    buf = buf[nic.send(buf, socket.MSG_DONTWAIT):]
                except BlockingIOError:
                    pass
        # what of the batch is not written: whole frames are not sent,
        # the end of the frame under way is kept for the next flood
        size = len(batch) // per
        rest = bytes(buf[:len(buf) % size])
        n -= len(buf) // size
        f.write("sent %d %.3f\n" % (n, time.monotonic() - start))
        f.close()
        c.close()


if __name__ == "__main__":
    main(sys.argv)
