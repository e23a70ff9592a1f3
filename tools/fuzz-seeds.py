#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Seed inputs for zcnic-fuzz (qtest/fuzz/zcnic_fuzz.c), one a feature.

    tools/fuzz-seeds.py DIR

Each seed is a first byte (which features zf_setup turns on) and
operations encoded as zcnic_fuzz() decodes them; libFuzzer mutates from
there, so it starts with traffic that coalesces, segments, answers ARP,
migrates, lies and faults instead of finding each by chance.
"""

import os
import re
import struct
import sys

from zcniclib import ROOT


def hw_defines():
    """The register offsets and values of include/zcnic/zcnic_hw.h."""
    d = {}
    text = open(os.path.join(ROOT, "include", "zcnic", "zcnic_hw.h")).read()
    for name, val in re.findall(r"#define\s+(ZCNIC_\w+)\s+(0x[0-9a-fA-F]+|\d+)u?\b",
                                text):
        d[name[6:]] = int(val, 0)
    # function-like: ZCNIC_REG_ARP_HOST_IP(i) (BASE + 4 * (i))
    m = re.search(r"#define\s+ZCNIC_REG_ARP_HOST_IP\(i\)\s+\((0x[0-9a-f]+)", text)
    d["REG_ARP_HOST_IP_BASE"] = int(m.group(1), 0)
    # and the RSS key, table and ntuple staging words, (BASE + 4 * (i))
    for name in ("RSS_KEY", "NT_WORD", "RSS_INDIR"):
        m = re.search(r"#define\s+ZCNIC_REG_%s\(i\)\s+\((0x[0-9a-f]+)" % name,
                      text)
        d["REG_%s_BASE" % name] = int(m.group(1), 0)
    return d


HW = hw_defines()

# operations, in the order of zcnic_fuzz.c's enum
(REG_WRITE, REG_READ, TX, RX, GRO, DESC, POST, MEM, CLOCK, RESET, LINK,
 MSIX, MIGRATE, ARP_TABLE, PCI_RESET) = range(15)

# zf_setup bits
SPLIT, COALESCE, SHADOW, ITR, INTX, PROMISC, ARP_DELIVER, RAW = \
    (1 << i for i in range(8))
# zf_build template flags
V6, UDP, VLAN, OPTS, OTHER, FRAG, EXT = (1 << i for i in range(7))
# zf_target selectors
T_RXB, T_TXB, T_RXR, T_TXR, T_HDR, T_SHADOW, T_BAR0, T_BAR2, T_ZERO, \
    T_RAM_END, T_NONE, T_TOP, T_DMA = range(13)

PEER_IP = 0xc0a84d02


def u8(v):
    return struct.pack("<B", v & 0xff)


def u16(v):
    return struct.pack("<H", v & 0xffff)


def u32(v):
    return struct.pack("<I", v & 0xffffffff)


def u64(v):
    return struct.pack("<Q", v & 0xffffffffffffffff)


def wr(reg, val):
    """REG_WRITE to a raw offset, a 32-bit value"""
    return u8(REG_WRITE) + u8(0x80) + u16(HW["REG_" + reg]) + u32(val)


def wr_target(reg, sel, off=0):
    """REG_WRITE of an address from zf_target()"""
    return u8(REG_WRITE) + u8(0xc0) + u16(HW["REG_" + reg]) + u8(sel) + \
        u16(off)


def rd(reg):
    return u8(REG_READ) + u8(0x80) + u16(HW["REG_" + reg])


def clock(us, ms=False):
    return u8(CLOCK) + u16(us) + u8(0x80 if ms else 0)


def rx_tcp(plen, flags=0, tcp_flags=0x10, kind=2):
    return u8(RX) + u8(kind) + u16(plen) + u8(flags) + u8(tcp_flags)


def rx_raw(data):
    return u8(RX) + u8(0) + u16(len(data)) + data[6:]


def arp(sel, spa=None, tpa=None):
    b = u8(RX) + u8(1) + u8(sel)
    b += u8(spa) if sel & 1 else u32(spa)
    if not sel & 2:
        b += u32(tpa)
    return b


def gro(n, flags=0, mss=1448, segs=None, psh=True, short_last=False):
    ctl = (n - 1) | (0x20 if psh else 0) | (0x40 if short_last else 0)
    b = u8(GRO) + u8(ctl) + u8(flags) + u16(mss - 1)
    for i in range(n):
        b += u8(segs[i] if segs else 0x20)
    return b


def tx(kind, tmpl, plen, chunks=(), nfrags=None, seg=None, mss=None,
       hlen=None, start=None, off=None):
    split = (nfrags - 1) if nfrags else len(chunks)
    b = u8(TX) + u8(kind) + u8(split) + u8(tmpl) + u16(plen)
    if kind & 1:
        if kind & 2:
            b += u8(seg)
        if kind & 4:
            b += u16(mss)
        if kind & 8:
            b += u8(hlen)
    elif kind & 2:
        if kind & 4:
            b += u16(start)
        if kind & 8:
            b += u8(off)
    for c in chunks:
        b += u16(c - 1)
    return b


def desc(ring_tx, idx, sel, off, length, flags=0):
    return u8(DESC) + u8(1 if ring_tx else 0) + u8(idx) + u8(sel) + \
        u16(off) + u16(length) + u8(flags)


def mem(sel, off, data):
    return u8(MEM) + u8(sel) + u16(off) + u8(len(data) - 1) + data


def migrate(*muts):
    """MIGRATE with mutations (offset, how, value): how 0 flips bits of a
    byte, 1 sets a 32-bit boundary value, 2 a 64-bit one, 3 a byte"""
    b = u8(MIGRATE) + u8(len(muts))
    for pos, how, val in muts:
        b += u16(pos) + u8(how) + u8(val)
    return b


def post(n):
    return u8(POST) + u8(n - 1)


def seeds():
    s = {}
    s["gro"] = (u8(SPLIT | COALESCE) + gro(20) + rd("STAT_GRO_FRAMES") +
                gro(10, segs=[0x20] * 5 + [9] + [0x20] * 4) +
                gro(6, segs=[0x20, 0x20, 3, 0x20, 0x20, 0x20]) +
                gro(8, flags=V6 | OPTS) + gro(8, flags=VLAN, short_last=True) +
                gro(4, psh=False) + clock(2000) +
                gro(40, mss=200) + gro(3, segs=[0x20, 12, 0x20]) +
                wr("RX_GRO_MAX_SEGS", 4) + gro(12) +
                wr("RX_GRO", 0) + gro(4))
    s["tso"] = (u8(0) + wr("MTU", 1500) +
                tx(1, 0, 20000, chunks=(1000, 3000, 4000)) +
                tx(1, UDP, 8000, chunks=(500, 4000)) +
                tx(1, V6, 30000, chunks=(74, 4096, 4096)) +
                tx(1, VLAN | OPTS, 5000, chunks=(200,)) +
                tx(3, 0, 3000, seg=3) + wr("CTRL", 1) + rd("ERR_STATUS"))
    s["tso-errors"] = (u8(0) + tx(5, 0, 3000, mss=0) +
                       wr("CTRL", 1) + u8(RESET) + u8(0) +
                       tx(9, 0, 3000, hlen=20) +
                       u8(RESET) + u8(0) + tx(5, 0, 3000, mss=9000) +
                       u8(RESET) + u8(0) + tx(1, OTHER, 3000))
    s["csum"] = (u8(0) + tx(2, 0, 500) + tx(2, UDP, 300, chunks=(40,)) +
                 tx(2, V6, 800) + tx(6, 0, 100, start=2000) +
                 tx(10, 0, 100, off=255) + rd("STAT_TX_CSUM"))
    s["arp"] = (u8(ARP_DELIVER) + arp(0x03, 0, None) + arp(0x09, 1, 0) +
                wr("ARP_QUERY_IP", PEER_IP) + clock(10) +
                rd("ARP_QUERY_STATUS") + rd("ARP_RESULT_MAC_LO") +
                wr("ARP_QUERY_IP", 0x0a000007) + clock(10) +
                arp(0x08, 0x0a000007, 0xc0a84d01) + rd("ARP_QUERY_STATUS") +
                u8(ARP_TABLE) + wr("ARP_TBL_INDEX", 0) + rd("ARP_TBL_IP") +
                rd("ARP_TBL_MAC_LO") + rd("ARP_TBL_MAC_HI") +
                rd("ARP_TBL_TTL") + wr("ARP_TTL", 1) +
                arp(0x01, 3, 0x0a000001) + clock(2000, ms=True) +
                rd("STAT_ARP_EXPIRED") + wr("ARP_QUERY_IP", 0xffffffff) +
                wr("ARP_TTL", 0) + wr("ARP_TBL_INDEX", 9999) +
                u8(REG_WRITE) + u8(0x80) + u16(HW["REG_ARP_HOST_IP_BASE"]) +
                u32(0xe0000001) +
                u8(RX) + u8(0x41) + u8(0x03) + u8(5) + u8(2) + u16(20) +
                u8(7) + wr("ARP_FLUSH", 1) + u8(ARP_TABLE))
    s["migrate"] = (u8(SPLIT | COALESCE | SHADOW | ITR) + gro(3, psh=False) +
                    wr("FAULT", 8) + wr("TEST_REG", 5) +
                    u8(MIGRATE) + u8(0) + gro(2) +
                    migrate((40, 0, 0x80)) +
                    migrate((300, 1, 26), (700, 2, 1)) +
                    migrate((200, 3, 7), (500, 6, 0)) + rx_tcp(100))
    lies = b""
    for k in range(1, HW["LIE_IRQ"] + 1):
        lies += wr("TEST_LIE", k) + rx_tcp(3000) + rx_tcp(60) + \
            tx(0, 0, 100) + gro(4) + post(8)
    s["lies"] = u8(SPLIT | COALESCE) + lies + wr("TEST_LIE", 0x3ff)
    s["faults"] = (u8(0) + wr("FAULT", 1) + tx(0, 0, 100) + rd("FAULT_FIRED") +
                   u8(RESET) + u8(0) + wr("FAULT", 2) + rx_tcp(100) +
                   u8(RESET) + u8(0) + wr("FAULT", 4) + rx_tcp(100) +
                   wr("FAULT", 8) + tx(0, 0, 100) + wr("FAULT", 0) +
                   wr("FAULT", 0x30))
    s["intx"] = (u8(INTX) + rx_tcp(100) + tx(0, 0, 100) +
                 wr("INT_SET", 0x1f) + wr("INT_CAUSE", 0x1f) +
                 wr("INT_MASK_CLR", 2) + wr("INT_MASK_SET", 2))
    s["itr"] = (u8(ITR) + rx_tcp(100) + rx_tcp(100) + clock(100) +
                tx(0, 0, 100) + tx(0, 0, 100) + clock(100) +
                wr("ITR_RX", 0xffffffff) + wr("INT_AUTOCLR", 0xff))
    s["shadow"] = (u8(SHADOW) + tx(0x40, 0, 100) + tx(0x40, 0, 200) +
                   tx(0xc0, 0, 300) + clock(10) + tx(0x40, 0, 100) +
                   wr("TX_SHADOW_LO", 0x4000))
    s["raw"] = (u8(RAW) + wr("TX_BASE_LO", 0x100000) + wr("TX_SIZE", 64) +
                wr("RX_BASE_LO", 0x101000) + wr("RX_SIZE", 12) +
                wr("CTRL", 6) + rd("ERR_STATUS") + wr("CTRL", 1) +
                wr("RX_SIZE", 64) + wr("RX_BASE_LO", 0x101010) +
                wr("CTRL", 2) + wr("CTRL", 1) + wr("RX_BASE_LO", 0x101000) +
                wr("CTRL", 2) + post(10) + wr("RX_TAIL", 99) +
                wr("RX_SPLIT", 1) + wr("RX_HDR_SIZE", 100) +
                wr("MTU", 10) + wr("RX_GRO_TIMEOUT", 5000) +
                wr("RX_GRO_MAX_SEGS", 1) + wr("MAC_LO", 0x12345678) +
                wr("MC_HASH_LO", 0xffffffff) + wr("RX_CTRL", 2))
    s["overlap"] = (u8(SPLIT) + wr_target("RX_HDR_BASE_LO", T_RXR) +
                    desc(False, 0, T_RXR, 16, 64) + rx_tcp(200) +
                    wr("CTRL", 1) + u8(RESET) + u8(0) +
                    desc(False, 0, T_RXR, 16, 64) + rx_tcp(300) +
                    mem(T_RXR, 0, b"\x00" * 32) + rx_tcp(100) +
                    desc(True, 0, T_TXR, 0, 16, 1) + wr("TX_TAIL", 1) +
                    desc(False, 5, T_BAR0, 0, 64) + post(3) + rx_tcp(100) +
                    desc(False, 9, T_NONE, 0, 64) + rx_tcp(100) +
                    desc(True, 3, T_ZERO, 0, 0, 1) + wr("TX_TAIL", 4))
    s["link"] = (u8(0) + u8(LINK) + u8(0) + rx_tcp(100) + tx(0, 0, 100) +
                 u8(LINK) + u8(1) + rx_tcp(100) + rd("STATUS"))
    s["msix"] = (u8(0) + u8(MSIX) + u8(1) + u8(T_BAR0) + u16(0x10) + u32(1) +
                 rx_tcp(100) + u8(MSIX) + u8(0x82) + u8(T_RXB) + u16(0) +
                 u32(5) + wr("TEST_IRQ", 2) + wr("TEST_IRQ", 7))
    s["test-regs"] = (u8(0) + wr("TEST_REG", 21) + rd("TEST_REG") +
                      wr_target("TEST_DMA_ADDR_LO", T_DMA) +
                      wr("TEST_DMA_SIZE", 4096) + wr("TEST_DMA_CTRL", 2) +
                      wr("TEST_DMA_CTRL", 3) + wr("TEST_DMA_CTRL", 1) +
                      wr("TEST_DMA_CTRL", 4) +
                      wr_target("TEST_DMA_ADDR_LO", T_BAR0) +
                      wr("TEST_DMA_CTRL", 1) +
                      wr_target("TEST_DMA_ADDR_LO", T_NONE) +
                      wr("TEST_DMA_CTRL", 1))
    s["rx-kinds"] = (u8(SPLIT | PROMISC) + rx_tcp(8000) + post(20) +
                     rx_tcp(100, flags=V6 | EXT) + rx_tcp(100, flags=UDP) +
                     rx_tcp(100, flags=OTHER) + rx_tcp(100, flags=FRAG) +
                     rx_tcp(100, flags=VLAN | OPTS) +
                     rx_tcp(100, kind=0x82) + rx_tcp(1, flags=UDP | V6) +
                     rx_raw(b"\x52\x54\x00\x12\x34\x56" + b"\x00" * 10) +
                     rx_raw(b"\xff" * 6 + b"\x00" * 8) + rx_tcp(0) +
                     u8(RX) + u8(0x42) + u16(300) + u8(0) + u8(0x10) +
                     u8(3) + u16(20) + u8(0xff) + u16(16) + u8(0x12) +
                     u16(24) + u8(1))
    # spec 4.8, 4.9: the RSS hash written back, an ntuple rule that drops
    # (NT_DROP, bit 8) TCP, read, cleared, a rule the device refuses,
    # migrated
    def nt_word(w, val):
        return u8(REG_WRITE) + u8(0x80) + \
            u16(HW["REG_NT_WORD_BASE"] + 4 * HW["NT_W_" + w]) + u32(val)
    s["steer"] = (u8(SPLIT | COALESCE) + wr("RSS_CTRL", 1) +
                  wr("RSS_FIELDS", HW["RSS_FIELDS_RW_MASK"]) + rx_tcp(100) +
                  rx_tcp(100, flags=UDP | V6) +
                  nt_word("L3", 4 | 6 << 8 | 0xff << 16) +
                  nt_word("ACTION", 1 << 8) + wr("NT_INDEX", 3) +
                  wr("NT_CMD", HW["NT_CMD_WRITE"]) + rx_tcp(100) + gro(4) +
                  rd("NT_HITS") + rd("STAT_RX_DROP_NTUPLE") +
                  wr("NT_CMD", HW["NT_CMD_READ"]) + migrate() +
                  nt_word("ACTION", 1) + wr("NT_CMD", HW["NT_CMD_WRITE"]) +
                  wr("NT_INDEX", 64) + wr("NT_CMD", 9) +
                  wr("NT_CMD", HW["NT_CMD_CLEAR"]) + rx_tcp(100))
    # spec 4.10: queue 1's RX ring at ZF_DMA (zcnic_fuzz.c), 4 buffers
    # posted over ZF_RXB's last ones; RSS steers to queue 1 and 3 (no
    # ring), ntuple to 2; queue 1 stopped and started; QINT; migration
    q1 = HW["REG_QUEUE_BASE"] + HW["REG_QUEUE_STRIDE"]
    q3 = HW["REG_QUEUE_BASE"] + 3 * HW["REG_QUEUE_STRIDE"]

    def qwr(base, off, val):
        return u8(REG_WRITE) + u8(0x80) + u16(base + HW["Q_" + off]) + \
            u32(val)
    ring = b"".join(u64(0x200000 + 0x1000 * (60 + i)) + u64(4096)
                    for i in range(4))
    indir = HW["REG_RSS_INDIR_BASE"]
    s["mq"] = (u8(SPLIT | COALESCE) + mem(T_DMA, 0, ring) +
               qwr(q1, "RX_BASE_LO", 0x300000) + qwr(q1, "RX_SIZE", 64) +
               qwr(q1, "RX_HDR_BASE_LO", 0x104000) +
               qwr(q1, "CTRL", 6) + qwr(q1, "RX_TAIL", 4) +
               wr("QINT_MASK", 0xff) + wr("QINT_AUTOCLR", 0xff) +
               wr("RSS_CTRL", 1) +
               b"".join(u8(REG_WRITE) + u8(0x80) + u16(indir + 4 * i) +
                        u32(0x13131313) for i in range(16)) +
               rx_tcp(100) + rx_tcp(100, flags=UDP) + rx_tcp(3000) + gro(4) +
               nt_word("L3", 4 | 6 << 8 | 0xff << 16) +
               nt_word("ACTION", 2) + wr("NT_INDEX", 1) +
               wr("NT_CMD", HW["NT_CMD_WRITE"]) + rx_tcp(100) +
               qwr(q1, "CTRL", 4) + rx_tcp(100) + qwr(q1, "CTRL", 6) +
               qwr(q1, "RX_TAIL", 3) + rx_tcp(100) + rd("QINT_CAUSE") +
               qwr(q3, "ITR_RX", 100) + migrate() +
               wr("QINT_CAUSE", 0xffffffff) +
               u8(REG_WRITE) + u8(0x80) + u16(indir) + u32(0x4) +
               qwr(q3, "TX_BASE_LO", 0x100000) + qwr(q3, "TX_SIZE", 64) +
               qwr(q3, "CTRL", 4) + qwr(q3, "TX_TAIL", 1) + rx_tcp(100))
    s["rx-hold"] = (u8(0) + b"".join(rx_tcp(8000) for _ in range(35)) +
                    post(30) + clock(10) + wr("CTRL", 0) + rx_tcp(100) +
                    wr("CTRL", 6) + wr("RX_TAIL", 3))
    bases = ("REG_ARP_HOST_IP_BASE", "REG_RSS_KEY_BASE", "REG_NT_WORD_BASE",
             "REG_RSS_INDIR_BASE")
    regs = sorted(v for k, v in HW.items()
                  if k.startswith("REG_") and k not in bases)
    regs = [r for r in regs + [HW[bases[0]] + 4 * i for i in range(8)] +
            [HW[bases[1]] + 4 * i for i in range(HW["RSS_KEY_WORDS"])] +
            [HW[bases[2]] + 4 * i for i in range(HW["NT_WORDS"])]
            if r not in (HW["REG_CTRL"], HW["REG_TEST_DMA_CTRL"])]
    # every register written and read back, 24 a seed (inputs stay short)
    for val, name in ((0xffffffff, "regs-ones"), (1, "regs-one"),
                      (0, "regs-zero")):
        for part in range(0, len(regs), 24):
            b = u8(0)
            for r in regs[part:part + 24]:
                b += u8(REG_WRITE) + u8(0x80) + u16(r) + u32(val)
                b += u8(REG_READ) + u8(0x80) + u16(r)
            s["%s-%d" % (name, part // 24)] = b + rx_tcp(100) + tx(0, 0, 100)
    s["reserved"] = u8(0) + rd("ID") + u8(REG_READ) + u8(0x80) + \
        u16(0x7ffc) + u8(REG_WRITE) + u8(0x80) + u16(0x7ffc) + u32(1)
    s["pci-reset"] = (u8(SPLIT | COALESCE) + gro(3, psh=False) +
                      wr("TEST_LIE", 3) + u8(PCI_RESET) + rd("TEST_LIE") +
                      rx_tcp(100))
    return s


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
