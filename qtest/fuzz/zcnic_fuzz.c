/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic-fuzz: a structured fuzz target for the zcnic device.
 *
 * QEMU's generic-fuzz drives BARs and DMA from random bytes and rarely gets
 * past an empty ring.  Here each input starts from a device whose rings,
 * RX buffers, header buffers and TX shadow block are already set up in
 * guest memory (the first input byte chooses which features are on), and
 * the rest of the input is decoded into operations: register writes and
 * reads, descriptors written anywhere (over the rings, the header buffers,
 * the device's own BARs), TX frames posted whole, frames from the network
 * built from templates (TCP/UDP over IPv4/IPv6, VLAN, ARP, runs of TCP
 * segments for coalescing) and then mutated, guest memory written between
 * operations (a second writer), clock steps, link flaps, MSI-X table
 * entries, the ARP table property, and migration: the device's state saved,
 * mutated and loaded again.  libFuzzer's -timeout catches a device that
 * hangs the main loop.
 *
 *   qemu-fuzz-x86_64 --fuzz-target=zcnic-fuzz [libFuzzer options]
 */

#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <sys/un.h>
#include <linux/sockios.h>
#include "qemu/bswap.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-net.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/pci/pci_device.h"
#include "net/net.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "io/channel-buffer.h"
#include "tests/qtest/libqtest.h"
#include "tests/qtest/libqos/pci-pc.h"
#include "fuzz.h"
#include "zcnic/zcnic_hw.h"

/* Guest memory (-m 32M): fixed places, all set up again for each input */
#define ZF_RAM_END      (32 * 1024 * 1024)
#define ZF_TXR          0x100000
#define ZF_RXR          0x101000
#define ZF_SHADOW       0x102000
#define ZF_HDR          0x104000        /* 64 header buffers of 256 bytes */
#define ZF_TXB          0x110000        /* 128 KB of TX buffers */
#define ZF_RXB          0x200000        /* 64 RX buffers of 4 KB */
#define ZF_DMA          0x300000
#define ZF_RING         64
#define ZF_HDR_SIZE     256
#define ZF_DEVFN        QPCI_DEVFN(4, 0)

static const uint8_t zf_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t zf_peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
#define ZF_HOST_IP      0xc0a84d01u     /* 192.168.77.1 */
#define ZF_PEER_IP      0xc0a84d02u

static struct {
    QTestState *qts;
    int sock;                   /* the wire: a unix datagram socket */
    struct sockaddr_un qemu_addr;   /* the netdev's end */
    char path[2][64];           /* [0] the netdev's, [1] ours */
    QPCIBus *bus;
    QPCIDevice *dev;
    QPCIBar bar0;
    QPCIBar bar2;
    uint64_t bar0_addr;
    uint64_t bar2_addr;
    uint32_t tx_tail;
    uint32_t rx_tail;
    uint32_t seq;               /* next sequence number of the TCP flow */
    uint16_t ip_id;
} zf;

/* The input, consumed from the front; reads past its end give zeros. */
typedef struct ZfIn {
    const uint8_t *p;
    size_t n;
} ZfIn;

static uint8_t in8(ZfIn *in)
{
    uint8_t v = 0;

    if (in->n) {
        v = *in->p++;
        in->n--;
    }
    return v;
}

/* Little-endian; one call a statement, so the bytes go in order */
static uint16_t in16(ZfIn *in)
{
    uint16_t lo = in8(in);

    return lo | in8(in) << 8;
}

static uint32_t in32(ZfIn *in)
{
    uint32_t lo = in16(in);

    return lo | (uint32_t)in16(in) << 16;
}

static uint64_t in64(ZfIn *in)
{
    uint64_t lo = in32(in);

    return lo | (uint64_t)in32(in) << 32;
}

static size_t in_bytes(ZfIn *in, uint8_t *buf, size_t max)
{
    size_t n = MIN(max, in->n);

    memcpy(buf, in->p, n);
    in->p += n;
    in->n -= n;
    return n;
}

static void zf_wr(uint32_t reg, uint32_t val)
{
    qpci_io_writel(zf.dev, zf.bar0, reg, val);
}

static uint32_t zf_rd(uint32_t reg)
{
    return qpci_io_readl(zf.dev, zf.bar0, reg);
}

/* Every register of the map, so that most writes land somewhere real */
static const uint32_t zf_regs[] = {
    ZCNIC_REG_ID, ZCNIC_REG_VERSION, ZCNIC_REG_FEATURES, ZCNIC_REG_CTRL,
    ZCNIC_REG_STATUS, ZCNIC_REG_MAC_LO, ZCNIC_REG_MAC_HI,
    ZCNIC_REG_INT_CAUSE, ZCNIC_REG_INT_MASK, ZCNIC_REG_INT_SET,
    ZCNIC_REG_INT_MASK_SET, ZCNIC_REG_INT_MASK_CLR, ZCNIC_REG_INT_AUTOCLR,
    ZCNIC_REG_ERR_STATUS, ZCNIC_REG_MTU, ZCNIC_REG_STAT_TX_FRAMES,
    ZCNIC_REG_STAT_RX_FRAMES, ZCNIC_REG_STAT_TX_BOUNCED, ZCNIC_REG_RX_CTRL,
    ZCNIC_REG_MC_HASH_LO, ZCNIC_REG_MC_HASH_HI, ZCNIC_REG_ITR_RX,
    ZCNIC_REG_ITR_TX, ZCNIC_REG_RX_SPLIT, ZCNIC_REG_RX_HDR_SIZE,
    ZCNIC_REG_RX_HDR_BASE_LO, ZCNIC_REG_RX_HDR_BASE_HI, ZCNIC_REG_STAT_SPLIT,
    ZCNIC_REG_STAT_TSO_FRAMES, ZCNIC_REG_STAT_GRO_FRAMES, ZCNIC_REG_RX_GRO,
    ZCNIC_REG_RX_GRO_TIMEOUT, ZCNIC_REG_RX_GRO_MAX_SEGS,
    ZCNIC_REG_TX_BASE_LO, ZCNIC_REG_TX_BASE_HI, ZCNIC_REG_TX_SIZE,
    ZCNIC_REG_TX_HEAD, ZCNIC_REG_TX_TAIL, ZCNIC_REG_TX_SHADOW_LO,
    ZCNIC_REG_TX_SHADOW_HI, ZCNIC_REG_RX_BASE_LO, ZCNIC_REG_RX_BASE_HI,
    ZCNIC_REG_RX_SIZE, ZCNIC_REG_RX_HEAD, ZCNIC_REG_RX_TAIL,
    ZCNIC_REG_ARP_CTRL, ZCNIC_REG_ARP_TTL, ZCNIC_REG_ARP_FLUSH,
    ZCNIC_REG_ARP_ENTRIES, ZCNIC_REG_ARP_HOST_IP(0), ZCNIC_REG_ARP_HOST_IP(7),
    ZCNIC_REG_ARP_QUERY_IP, ZCNIC_REG_ARP_QUERY_STATUS,
    ZCNIC_REG_ARP_RESULT_MAC_LO, ZCNIC_REG_ARP_RESULT_MAC_HI,
    ZCNIC_REG_ARP_TBL_INDEX, ZCNIC_REG_ARP_TBL_IP, ZCNIC_REG_ARP_TBL_MAC_LO,
    ZCNIC_REG_ARP_TBL_MAC_HI, ZCNIC_REG_ARP_TBL_TTL,
    ZCNIC_REG_STAT_ARP_ANSWERED, ZCNIC_REG_STAT_ARP_EXPIRED,
    ZCNIC_REG_TEST_REG, ZCNIC_REG_TEST_IRQ, ZCNIC_REG_TEST_DMA_ADDR_LO,
    ZCNIC_REG_TEST_DMA_ADDR_HI, ZCNIC_REG_TEST_DMA_SIZE,
    ZCNIC_REG_TEST_DMA_CTRL, ZCNIC_REG_FAULT,
    ZCNIC_REG_RSS_CTRL, ZCNIC_REG_RSS_FIELDS, ZCNIC_REG_RSS_KEY(0),
    ZCNIC_REG_RSS_KEY(9), ZCNIC_REG_NT_INDEX, ZCNIC_REG_NT_CMD,
    ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ACTION), ZCNIC_REG_NT_WORD(ZCNIC_NT_W_L3),
    ZCNIC_REG_NT_WORD(ZCNIC_NT_W_ETYPE), ZCNIC_REG_NT_WORD(ZCNIC_NT_W_VLAN),
    ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS),
    ZCNIC_REG_NT_WORD(ZCNIC_NT_W_PORTS_MASK),
    ZCNIC_REG_NT_WORD(ZCNIC_NT_W_SRC_MASK),
    ZCNIC_REG_NT_WORD(ZCNIC_NT_W_DST), ZCNIC_REG_NT_HITS,
    /* spec 4.10: the queue registers, of queues 1 and 3 of 4 */
    ZCNIC_REG_QUEUES, ZCNIC_REG_QINT_CAUSE, ZCNIC_REG_QINT_MASK,
    ZCNIC_REG_QINT_MASK_SET, ZCNIC_REG_QINT_MASK_CLR,
    ZCNIC_REG_QINT_AUTOCLR, ZCNIC_REG_RSS_INDIR(0), ZCNIC_REG_RSS_INDIR(15),
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_TX_BASE_LO,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_TX_SIZE,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_TX_TAIL,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_CTRL,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_TX_SHADOW_LO,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_BASE_LO,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_SIZE,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_TAIL,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_RX_HDR_BASE_LO,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_ITR_RX,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_ITR_TX,
    ZCNIC_REG_QUEUE(1) + ZCNIC_Q_STAT_RX_FRAMES,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_TX_BASE_LO,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_TX_SIZE,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_TX_TAIL,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_CTRL,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_TX_SHADOW_LO,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_RX_BASE_LO,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_RX_SIZE,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_RX_TAIL,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_RX_HDR_BASE_LO,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_ITR_RX,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_ITR_TX,
    ZCNIC_REG_QUEUE(3) + ZCNIC_Q_STAT_RX_FRAMES,
};

/* Interesting DMA targets: buffers, the rings, the BARs, no memory at all */
static uint64_t zf_target(uint8_t sel, uint16_t off)
{
    switch (sel % 14) {
    case 0:
        return ZF_RXB + off;
    case 1:
        return ZF_TXB + off;
    case 2:
        return ZF_RXR + (off & 0x3ff);      /* over the RX ring */
    case 3:
        return ZF_TXR + (off & 0x3ff);
    case 4:
        return ZF_HDR + off;
    case 5:
        return ZF_SHADOW + (off & 0x3f);
    case 6:
        return zf.bar0_addr + (off & 0xfff);
    case 7:
        return zf.bar2_addr + (off & 0xfff);
    case 8:
        return 0;
    case 9:
        return ZF_RAM_END - (off & 0xfff);  /* runs off the end of RAM */
    case 10:
        return 0x40000000 + off;            /* nothing there */
    case 11:
        return 0xfffffffffffff000ull + (off & 0xfff);
    case 12:
        return ZF_DMA + off;
    default:
        return (uint64_t)off << 12;
    }
}

/* A target from the input: a selector byte, a 16-bit offset */
static uint64_t zf_in_target(ZfIn *in)
{
    uint8_t sel = in8(in);

    return zf_target(sel, in16(in));
}

/* Frames the device sent: read and dropped, so the socket never fills */
static void zf_drain(void)
{
    uint8_t buf[4096];

    ssize_t n;

    do {
        n = recv(zf.sock, buf, sizeof(buf), MSG_DONTWAIT);
    } while (n > 0);
}

/* The virtual clock forward by NS, timers run, as qtest's clock_step */
static void zf_clock(int64_t ns)
{
    qemu_clock_advance_virtual_time(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                    ns);
}

/*
 * After an operation that may give the device work: 1 us passes (timers),
 * the main loop turns once (BHs, the wire), the device's frames go.
 */
static void zf_run(QTestState *s)
{
    zf_clock(1000);
    main_loop_wait(true);
    zf_drain();
}

/*
 * A frame on the wire, one datagram.  The socket queues only a few: when it
 * is full, the main loop runs so that the netdev reads; a device that does
 * not take frames then loses this one, as the wire would.
 */
static void zf_wire(const uint8_t *f, size_t len)
{
    /*
     * net/dgram.c takes an empty datagram for the end of the connection and
     * stops reading the socket for good: a netdev matter, not the device's
     * (the probe in zf_setup found it), and not a frame.
     */
    if (!len) {
        return;
    }
    for (int i = 0; i < 4; i++) {
        if (sendto(zf.sock, f, len, MSG_DONTWAIT,
                   (struct sockaddr *)&zf.qemu_addr,
                   sizeof(zf.qemu_addr)) >= 0 || errno != EAGAIN) {
            return;
        }
        flush_events(zf.qts);
    }
}

static uint16_t zf_csum(const uint8_t *p, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += lduw_be_p(p + i);
    }
    if (n & 1) {
        sum += p[n - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

/* Template flags of zf_build() */
#define ZF_V6       0x01
#define ZF_UDP      0x02
#define ZF_VLAN     0x04
#define ZF_OPTS     0x08        /* TCP timestamps / IPv4 options */
#define ZF_OTHER    0x10        /* another IP protocol */
#define ZF_FRAG     0x20        /* IPv4: a first fragment */
#define ZF_EXT      0x40        /* IPv6: a hop-by-hop header */

/*
 * A TCP/UDP/other frame with right lengths and checksums: DST, FLAGS, a
 * TCP SEQ and TCP_FLAGS, PLEN payload bytes from PAY (or a pattern).
 * Returns its length; *HLEN the headers' length.
 */
static size_t zf_build(uint8_t *f, const uint8_t *dst, unsigned flags,
                       uint32_t seq, uint8_t tcp_flags, size_t plen,
                       size_t *hlen)
{
    bool v6 = flags & ZF_V6, udp = flags & ZF_UDP, other = flags & ZF_OTHER;
    size_t l3, l4, l4len, ipopt = 0, off;
    uint8_t proto = other ? 253 : udp ? 17 : 6;
    uint32_t sum = 0;

    memcpy(f, dst, 6);
    memcpy(f + 6, zf_peer_mac, 6);
    off = 12;
    if (flags & ZF_VLAN) {
        stw_be_p(f + 12, 0x8100);
        stw_be_p(f + 14, 5);
        off = 16;
    }
    stw_be_p(f + off, v6 ? 0x86dd : 0x0800);
    l3 = off + 2;
    if (v6) {
        size_t ext = flags & ZF_EXT ? 8 : 0;

        memset(f + l3, 0, 40 + ext);
        f[l3] = 0x60;
        f[l3 + 6] = ext ? 0 : proto;
        f[l3 + 7] = 64;
        f[l3 + 8] = 0xfd;
        f[l3 + 23] = 2;
        f[l3 + 24] = 0xfd;
        f[l3 + 39] = 1;
        if (ext) {
            f[l3 + 40] = proto;
        }
        l4 = l3 + 40 + ext;
        for (int i = 0; i < 32; i += 2) {
            sum += lduw_be_p(f + l3 + 8 + i);
        }
    } else {
        ipopt = flags & ZF_OPTS ? 4 : 0;
        memset(f + l3, 0, 20 + ipopt);
        f[l3] = 0x45 + ipopt / 4;
        stw_be_p(f + l3 + 4, zf.ip_id++);
        f[l3 + 6] = flags & ZF_FRAG ? 0x20 : 0x40;
        f[l3 + 8] = 64;
        f[l3 + 9] = proto;
        stl_be_p(f + l3 + 12, ZF_PEER_IP);
        stl_be_p(f + l3 + 16, ZF_HOST_IP);
        if (ipopt) {
            f[l3 + 20] = 1;     /* NOPs */
            f[l3 + 21] = 1;
            f[l3 + 22] = 1;
            f[l3 + 23] = 0;
        }
        l4 = l3 + 20 + ipopt;
        sum = (ZF_PEER_IP >> 16) + (ZF_PEER_IP & 0xffff) +
              (ZF_HOST_IP >> 16) + (ZF_HOST_IP & 0xffff);
    }
    l4len = other ? 0 : udp ? 8 : (flags & ZF_OPTS ? 32 : 20);
    memset(f + l4, 0, l4len);
    if (!other) {
        stw_be_p(f + l4, 40000);
        stw_be_p(f + l4 + 2, 5001);
    }
    if (udp) {
        stw_be_p(f + l4 + 4, 8 + plen);
    } else if (!other) {
        stl_be_p(f + l4 + 4, seq);
        stl_be_p(f + l4 + 8, 1);
        f[l4 + 12] = (l4len / 4) << 4;
        f[l4 + 13] = tcp_flags;
        stw_be_p(f + l4 + 14, 1024);
        if (l4len == 32) {
            f[l4 + 20] = 1;
            f[l4 + 21] = 1;
            f[l4 + 22] = 8;     /* timestamps */
            f[l4 + 23] = 10;
            stl_be_p(f + l4 + 24, 7);
        }
    }
    *hlen = l4 + l4len;
    for (size_t i = 0; i < plen; i++) {
        f[*hlen + i] = seq + i;
    }
    if (v6) {
        stw_be_p(f + l3 + 4, l4 - l3 - 40 + l4len + plen);
    } else {
        stw_be_p(f + l3 + 2, l4 - l3 + l4len + plen);
        stw_be_p(f + l3 + 10, zf_csum(f + l3, 20 + ipopt, 0));
    }
    if (!other) {
        sum += proto + l4len + plen;
        stw_be_p(f + l4 + (udp ? 6 : 16),
                 zf_csum(f + l4, l4len + plen, sum));
    }
    return *hlen + plen;
}

static size_t zf_arp(uint8_t *f, ZfIn *in)
{
    uint8_t sel = in8(in);
    uint32_t spa, tpa;

    spa = sel & 1 ? ZF_PEER_IP + (in8(in) & 7) : in32(in);
    tpa = sel & 2 ? ZF_HOST_IP : in32(in);

    memcpy(f, sel & 4 ? zf_mac : (const uint8_t *)"\xff\xff\xff\xff\xff\xff",
           6);
    memcpy(f + 6, zf_peer_mac, 6);
    stw_be_p(f + 12, 0x0806);
    stw_be_p(f + 14, 1);
    stw_be_p(f + 16, 0x0800);
    f[18] = 6;
    f[19] = 4;
    stw_be_p(f + 20, sel & 8 ? 2 : 1);
    memcpy(f + 22, zf_peer_mac, 6);
    f[27] += sel >> 4;
    stl_be_p(f + 28, spa);
    memset(f + 32, 0, 6);
    stl_be_p(f + 38, tpa);
    memset(f + 42, 0, 18);
    return 60;
}

/* Up to 8 byte mutations of a built frame (bad checksums, lying lengths) */
static void zf_mutate(uint8_t *f, size_t len, ZfIn *in)
{
    unsigned n = in8(in) & 7;

    for (unsigned i = 0; i < n && len; i++) {
        uint16_t pos = in16(in);

        f[pos % len] ^= in8(in);
    }
}

/* RX: a frame from the network, from a template or raw */
static void zf_op_rx(ZfIn *in)
{
    static uint8_t f[ZCNIC_MAX_FRAME + 64];
    uint8_t kind = in8(in);
    size_t len, hlen;

    if ((kind & 7) == 0) {
        len = in16(in) % sizeof(f);
        memset(f, 0, len);
        memcpy(f, zf_mac, MIN(len, 6));
        in_bytes(in, f + MIN(len, 6), len - MIN(len, 6));
    } else if ((kind & 7) == 1) {
        len = zf_arp(f, in);
    } else {
        size_t plen = in16(in) % 9000;
        uint8_t flags = in8(in);
        uint8_t tcp_flags = in8(in);

        len = zf_build(f, (kind & 0x80) ? (const uint8_t *)
                       "\x01\x00\x5e\x00\x00\x01" : zf_mac, flags,
                       zf.seq, tcp_flags, plen, &hlen);
        zf.seq += plen;
        if (len > ZCNIC_MAX_FRAME + 4) {
            len = ZCNIC_MAX_FRAME + 4;
        }
    }
    if (kind & 0x40) {
        zf_mutate(f, len, in);
    }
    zf_wire(f, len);
}

/* RX: a run of segments of one TCP flow, for coalescing (spec 4.7) */
static void zf_op_gro(ZfIn *in)
{
    static uint8_t f[2048];
    uint8_t ctl = in8(in);
    unsigned n = 1 + (ctl & 31);
    unsigned flags = in8(in) & (ZF_V6 | ZF_VLAN | ZF_OPTS);
    size_t mss, hlen;

    mss = 1 + in16(in) % 1448;

    for (unsigned i = 0; i < n; i++) {
        uint8_t tf = 0x10;
        uint8_t r = in8(in);
        size_t len;

        if (r < 8) {
            tf |= 1 << (r & 7);             /* FIN, SYN, RST, PSH, ... */
        } else if (r < 12) {
            zf.seq += 1000;                 /* out of order */
        }
        if (i == n - 1 && (ctl & 0x20)) {
            tf |= 0x08;                     /* PSH */
        }
        len = zf_build(f, zf_mac, flags, zf.seq, tf,
                       i == n - 1 && (ctl & 0x40) ? mss / 2 + 1 : mss, &hlen);
        zf.seq += len - hlen;
        if (r == 12) {
            zf_mutate(f, len, in);
        }
        zf_wire(f, len);
    }
}

/* TX: a frame posted whole at the fuzzer's tail, in 1..4+ buffers */
static void zf_op_tx(ZfIn *in)
{
    static uint8_t f[ZCNIC_TSO_MAX_LEN];
    uint8_t kind = in8(in);
    uint8_t split = in8(in);
    unsigned tmpl = in8(in);
    size_t len, hlen = 0, plen = in16(in);
    uint64_t first = 0;
    unsigned seg, mss, seg_hlen, start, offset;
    unsigned nfrags = 1 + (split & 3) + (split & 0x80 ? 30 : 0);
    uint32_t off = 0, idx = zf.tx_tail;

    if (kind & 1) {         /* TSO/USO: a large frame, right headers */
        plen %= ZCNIC_TSO_MAX_LEN - 128;
        len = zf_build(f, zf_peer_mac, tmpl & (ZF_V6 | ZF_UDP | ZF_VLAN |
                                               ZF_OPTS),
                       zf.seq, 0x18, plen, &hlen);
        seg = kind & 2 ? in8(in) & 3 :
              tmpl & ZF_UDP ? ZCNIC_TXD_SEG_UDP : ZCNIC_TXD_SEG_TCP;
        mss = kind & 4 ? in16(in) : 1 + plen % 1460;
        seg_hlen = kind & 8 ? in8(in) : hlen;
        first = deposit64(0, ZCNIC_TXD_SEG_SHIFT, ZCNIC_TXD_SEG_WIDTH, seg) |
                deposit64(0, ZCNIC_TXD_SEG_MSS_SHIFT, ZCNIC_TXD_SEG_MSS_WIDTH,
                          mss) |
                deposit64(0, ZCNIC_TXD_SEG_HDR_LEN_SHIFT,
                          ZCNIC_TXD_SEG_HDR_LEN_WIDTH, seg_hlen);
    } else {
        plen %= 9000;
        len = zf_build(f, zf_peer_mac, tmpl, zf.seq, 0x18, plen, &hlen);
        if (kind & 2) {     /* checksum insertion, right or not */
            start = kind & 4 ? in16(in) : hlen - 20;
            offset = kind & 8 ? in8(in) : 16;
            first = ZCNIC_TXD_CSUM |
                    deposit64(0, ZCNIC_TXD_CSUM_START_SHIFT,
                              ZCNIC_TXD_CSUM_START_WIDTH, start) |
                    deposit64(0, ZCNIC_TXD_CSUM_OFFSET_SHIFT,
                              ZCNIC_TXD_CSUM_OFFSET_WIDTH, offset);
        }
    }
    if (kind & 0x10) {
        zf_mutate(f, len, in);
    }
    zf.seq += plen;
    qtest_memwrite(zf.qts, ZF_TXB, f, len);
    for (unsigned i = 0; i < nfrags && off < len; i++) {
        uint32_t chunk = i == nfrags - 1 ? len - off :
                         MIN(len - off, 1 + in16(in) % 4096);
        bool eop = off + chunk == len;
        uint64_t cmd = chunk | (i == 0 ? first : 0) |
                       (eop || (kind & 0x20) ? ZCNIC_DESC_EOP : 0);
        uint64_t d[2] = { cpu_to_le64(ZF_TXB + off), cpu_to_le64(cmd) };

        qtest_memwrite(zf.qts, ZF_TXR + idx * ZCNIC_DESC_SIZE, d, sizeof(d));
        idx = (idx + 1) % ZF_RING;
        off += chunk;
    }
    zf.tx_tail = idx;
    if (kind & 0x40) {      /* through the shadow block, then maybe TAIL */
        qtest_writel(zf.qts, ZF_SHADOW + ZCNIC_SHADOW_TX_TAIL, idx);
        if (qtest_readl(zf.qts, ZF_SHADOW + ZCNIC_SHADOW_TX_KICK) ||
            (kind & 0x80)) {
            zf_wr(ZCNIC_REG_TX_TAIL, idx);
        }
    } else {
        zf_wr(ZCNIC_REG_TX_TAIL, idx);
    }
}

/* A descriptor with fuzzed words at any index of either ring */
static void zf_op_desc(ZfIn *in)
{
    uint8_t sel = in8(in);
    uint32_t idx = in8(in) % ZF_RING;
    uint64_t addr, cmd;
    uint64_t d[2];

    addr = sel & 0x80 ? in64(in) : zf_in_target(in);
    cmd = in16(in);
    cmd |= (uint64_t)in8(in) << 16;
    if (sel & 0x40) {
        cmd |= in64(in) & ~0xffffffull;
    }
    d[0] = cpu_to_le64(addr);
    d[1] = cpu_to_le64(cmd);

    qtest_memwrite(zf.qts, (sel & 1 ? ZF_TXR : ZF_RXR) + idx * ZCNIC_DESC_SIZE,
                   d, sizeof(d));
}

/* Post N sane RX buffers and move RX_TAIL */
static void zf_op_post(ZfIn *in)
{
    unsigned n = 1 + in8(in) % (ZF_RING - 1);

    for (unsigned i = 0; i < n; i++) {
        uint32_t idx = (zf.rx_tail + i) % ZF_RING;
        uint64_t d[2] = { cpu_to_le64(ZF_RXB + idx * 4096),
                          cpu_to_le64(4096) };

        qtest_memwrite(zf.qts, ZF_RXR + idx * ZCNIC_DESC_SIZE, d, sizeof(d));
    }
    zf.rx_tail = (zf.rx_tail + n) % ZF_RING;
    zf_wr(ZCNIC_REG_RX_TAIL, zf.rx_tail);
}

/* A second writer: bytes into guest memory between the device's reads */
static void zf_op_mem(ZfIn *in)
{
    uint8_t buf[64];
    uint64_t addr = zf_in_target(in);
    size_t n = in_bytes(in, buf, 1 + in8(in) % sizeof(buf));

    if (addr < ZF_RAM_END && addr + n <= ZF_RAM_END) {
        qtest_memwrite(zf.qts, addr, buf, n);
    }
}

static void zf_op_reg(ZfIn *in, bool write)
{
    uint8_t sel = in8(in);
    uint32_t reg = sel & 0x80 ? (in16(in) & 0xfffc) :
                   zf_regs[in8(in) % ARRAY_SIZE(zf_regs)];
    uint32_t val;

    if (!write) {
        zf_rd(reg);
        return;
    }
    val = sel & 0x40 ? (uint32_t)zf_in_target(in) : in32(in);
    zf_wr(reg, val);
}

/* An MSI-X table entry: aimed at RAM, the device's own BARs, or anywhere */
static void zf_op_msix(ZfIn *in)
{
    uint8_t sel = in8(in);
    uint64_t e = (sel % ZCNIC_MSIX_VECTORS(ZCNIC_QUEUES_DEFAULT)) * 16 +
                 ZCNIC_MSIX_TABLE_OFFSET;
    uint64_t addr = zf_in_target(in);

    qpci_io_writel(zf.dev, zf.bar2, e, addr);
    qpci_io_writel(zf.dev, zf.bar2, e + 4,
                   addr >> 32);
    qpci_io_writel(zf.dev, zf.bar2, e + 8,
                   in32(in));
    qpci_io_writel(zf.dev, zf.bar2, e + 12,
                   sel >> 7);
}

static void zf_pci_init(QTestState *s);

static DeviceState *zf_device(void)
{
    return DEVICE(object_resolve_path_type("", "zcnic", NULL));
}

/* Load the device's state from LEN bytes at DATA; 0 or an error */
static int zf_load(DeviceState *dev, const uint8_t *data, size_t len)
{
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(dev)->vmsd;
    QIOChannelBuffer *bin = qio_channel_buffer_new(len + 1);
    QEMUFile *f;
    int ret;

    /*
     * As in a real stream, something follows the device's section (there,
     * its footer): a nested VMState peeks for subsections after its own,
     * and a peek past the end would fail the load.
     */
    memcpy(bin->data, data, len);
    bin->data[len] = 0;
    bin->usage = len + 1;
    f = qemu_file_new_input(QIO_CHANNEL(bin));
    ret = vmstate_load_state(f, vmsd, dev, vmsd->version_id);
    qemu_fclose(f);
    object_unref(OBJECT(bin));
    return ret;
}

/*
 * Migration: save the device's state, flip bytes of it, load it back.  A
 * load that fails leaves a torn device, as a failed incoming migration
 * would (and that VM never runs): the state as saved is loaded again.
 */
static void zf_op_migrate(ZfIn *in)
{
    DeviceState *dev = zf_device();
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(dev)->vmsd;
    QIOChannelBuffer *out = qio_channel_buffer_new(8192);
    g_autofree uint8_t *bad = NULL;
    unsigned n = in8(in) & 15;
    int32_t pci_version = PCI_DEVICE(dev)->version_id;
    QEMUFile *f;
    size_t len, pci_end;

    f = qemu_file_new_output(QIO_CHANNEL(out));
    vmstate_save_state(f, vmsd, dev, NULL);
    qemu_fflush(f);         /* closing the channel frees its data */
    len = out->usage;
    bad = g_memdup2(out->data, len);
    /*
     * PCI's part of the stream (version_id, configuration, INTx levels) is
     * left alone but for the interrupt pin, which the device uses: the
     * bus's INTx counts, migrated with the bus, would not follow a device
     * loaded alone, and pcibus_reset_hold asserts on them.
     */
    pci_end = 4 + pci_config_size(PCI_DEVICE(dev)) + 4 * PCI_NUM_PINS;
    g_assert_cmpuint(len, >, pci_end + 8);
    for (unsigned i = 0; i < n; i++) {
        static const uint32_t val32[] = {
            0, 1, 2, 3, 7, 8, 63, 64, 65, 255, 256, 1023, 1024, 4095, 4096,
            9000, 9001, 65535, 65536, 86400, 86401, 100000, 100001,
            0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xe0000001,
        };
        uint32_t pos = in16(in) % (len - 7 - pci_end + 1);
        uint8_t how = in8(in);
        uint8_t val = in8(in);

        if (pos == 0) {     /* the pin: one byte */
            pos = 4 + PCI_INTERRUPT_PIN;
            how |= 3;
        } else {
            pos += pci_end - 1;
        }

        switch (how & 3) {
        case 0:         /* a byte flipped */
            bad[pos] ^= val;
            break;
        case 1:         /* a 32-bit field set to a boundary value */
            stl_be_p(bad + pos, val32[val % ARRAY_SIZE(val32)]);
            break;
        case 2:         /* a 64-bit field: negative, huge, or a boundary */
            stq_be_p(bad + pos, how & 4 ? -(int64_t)val - 1 :
                     (uint64_t)val32[val % ARRAY_SIZE(val32)] << (how & 0x38));
            break;
        default:
            bad[pos] = val;
            break;
        }
    }
    if (zf_load(dev, bad, len)) {
        /*
         * PCI's load checks the stream's version_id against the device's
         * own, which the failed load may have lowered: a fresh device
         * (a new destination QEMU) has the one it saved with.
         */
        PCI_DEVICE(dev)->version_id = pci_version;
        g_assert_cmpint(zf_load(dev, out->data, len), ==, 0);
    }
    qemu_fclose(f);
    object_unref(OBJECT(out));
    /* PCI configuration came with it: BARs may have moved */
    zf_pci_init(zf.qts);
}

static void zf_op_link(ZfIn *in)
{
    qmp_set_link("n0", in8(in) & 1, &error_abort);
}

static void zf_op_arp_table(void)
{
    g_free(object_property_get_str(OBJECT(zf_device()), "arp-table",
                                   &error_abort));
}

/* The PCI function: BARs, bus mastering, MSI-X (after a system reset too) */
static void zf_pci_init(QTestState *s)
{
    if (!zf.bus) {
        zf.bus = qpci_new_pc(s, NULL);
    }
    g_free(zf.dev);
    zf.dev = qpci_device_find(zf.bus, ZF_DEVFN);
    g_assert(zf.dev);
    qpci_device_enable(zf.dev);
    zf.bus->mmio_alloc_ptr = 0xe0000000;    /* the same BARs each time */
    zf.bar0 = qpci_iomap(zf.dev, ZCNIC_BAR_REGS, NULL);
    zf.bar0_addr = zf.bar0.addr;
    qpci_msix_enable(zf.dev);
    zf.bar2 = zf.dev->msix_table_bar;
    zf.bar2_addr = zf.bar2.addr;
}

/*
 * Every input starts on a device that receives: one UDP frame from the wire
 * must reach the ring.  What an input did (a reset, a migration, a link
 * change, a stalled ring) must not leave the device or the netdev's queue
 * deaf to the next one: that would be a receive path stuck across
 * CTRL.RESET, and the fuzzer would quietly stop covering receive.  At an
 * input's start the cause is in the input before: with ZCNIC_FUZZ_PREV=FILE
 * set, its first 4096 bytes are written there (replay: qemu-fuzz-x86_64
 * --fuzz-target=zcnic-fuzz FILE ARTIFACT); in a set-up later in the input
 * (ZF_OP_RESET, ZF_OP_PCI_RESET), the artifact alone shows it.
 */
static uint8_t zf_prev[4096], zf_cur[4096];   /* the inputs, for the above */
static size_t zf_prev_len, zf_cur_len;

static void zf_probe(QTestState *s)
{
    static uint8_t f[128];
    size_t hlen, len = zf_build(f, zf_mac, ZF_UDP, 0, 0, 18, &hlen);

    zf_wire(f, len);
    for (int i = 0; i < 4 && !zf_rd(ZCNIC_REG_STAT_RX_FRAMES); i++) {
        zf_run(s);
    }
    if (zf_rd(ZCNIC_REG_STAT_RX_FRAMES) != 1) {
        fprintf(stderr, "zcnic-fuzz: the frame sent after set-up did not "
                "reach the ring (RX_FRAMES %u, DROP_DISABLED %u, "
                "DROP_FILTER %u, DROP_SIZE %u, RX_HEAD %u, CTRL 0x%x, "
                "STATUS 0x%x, ERR_STATUS 0x%x)\n",
                zf_rd(ZCNIC_REG_STAT_RX_FRAMES),
                zf_rd(ZCNIC_REG_STAT_RX_DROP_DISABLED),
                zf_rd(ZCNIC_REG_STAT_RX_DROP_FILTER),
                zf_rd(ZCNIC_REG_STAT_RX_DROP_SIZE),
                zf_rd(ZCNIC_REG_RX_HEAD), zf_rd(ZCNIC_REG_CTRL),
                zf_rd(ZCNIC_REG_STATUS), zf_rd(ZCNIC_REG_ERR_STATUS));
        if (getenv("ZCNIC_FUZZ_PREV")) {
            FILE *fp = fopen(getenv("ZCNIC_FUZZ_PREV"), "wb");

            if (fp) {
                fwrite(zf_prev, 1, zf_prev_len, fp);
                fclose(fp);
            }
        }
        abort();
    }
}

/*
 * A device ready for traffic.  SETUP bits: 0 header split, 1 coalescing,
 * 2 TX shadow block, 3 moderation, 4 INTx instead of MSI-X, 5 promiscuous,
 * 6 ARP answers and DELIVER, 7 raw: nothing set up (reset values only).
 */
static void zf_setup(QTestState *s, uint8_t setup)
{
    static const uint8_t zero[ZF_RING * ZCNIC_DESC_SIZE];
    uint64_t rxr[ZF_RING * 2];

    qmp_set_link("n0", true, &error_abort);
    zf_wr(ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    /*
     * Frames of the last operations may still wait in the socket (the
     * netdev reads one a turn): the main loop runs until the netdev has
     * read them all (SIOCOUTQ: what we sent and nobody read yet), the
     * device, stopped, dropping them; a second reset then clears what they
     * left (counters, ARP records), so that none reaches the next input.
     */
    for (int i = 0; i < 1024; i++) {
        int unread = 0;

        if (ioctl(zf.sock, SIOCOUTQ, &unread) < 0 || !unread) {
            break;
        }
        main_loop_wait(true);
    }
    zf_wr(ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
    qemu_purge_queued_packets(qemu_find_netdev("n0"));
    flush_events(s);
    zf_drain();
    /* to RAM, unmasked */
    for (int i = 0; i < ZCNIC_MSIX_VECTORS(ZCNIC_QUEUES_DEFAULT); i++) {
        uint64_t e = i * 16 + ZCNIC_MSIX_TABLE_OFFSET;

        qpci_io_writel(zf.dev, zf.bar2, e, ZF_DMA + 0x8000 + i * 4);
        qpci_io_writel(zf.dev, zf.bar2, e + 4, 0);
        qpci_io_writel(zf.dev, zf.bar2, e + 8, i);
        qpci_io_writel(zf.dev, zf.bar2, e + 12, 0);
    }
    zf.tx_tail = zf.rx_tail = 0;
    qtest_memwrite(s, ZF_TXR, zero, ZF_RING * ZCNIC_DESC_SIZE);
    qtest_memwrite(s, ZF_SHADOW, zero, ZCNIC_SHADOW_SIZE);
    if (setup & 0x80) {
        return;
    }
    if ((setup & 0x10) && zf.dev->msix_enabled) {
        qpci_msix_disable(zf.dev);
    } else if (!(setup & 0x10) && !zf.dev->msix_enabled) {
        qpci_msix_enable(zf.dev);
    }
    zf_wr(ZCNIC_REG_TX_BASE_LO, ZF_TXR);
    zf_wr(ZCNIC_REG_TX_SIZE, ZF_RING);
    zf_wr(ZCNIC_REG_RX_BASE_LO, ZF_RXR);
    zf_wr(ZCNIC_REG_RX_SIZE, ZF_RING);
    if (setup & 1) {
        zf_wr(ZCNIC_REG_RX_HDR_SIZE, ZF_HDR_SIZE);
        zf_wr(ZCNIC_REG_RX_HDR_BASE_LO, ZF_HDR);
        zf_wr(ZCNIC_REG_RX_SPLIT, ZCNIC_RX_SPLIT_EN);
    }
    if (setup & 2) {
        zf_wr(ZCNIC_REG_RX_GRO, ZCNIC_RX_GRO_EN);
        zf_wr(ZCNIC_REG_MTU, 9000);
    }
    if (setup & 4) {
        zf_wr(ZCNIC_REG_TX_SHADOW_LO, ZF_SHADOW);
    }
    if (setup & 8) {
        zf_wr(ZCNIC_REG_ITR_RX, 50);
        zf_wr(ZCNIC_REG_ITR_TX, 20);
        zf_wr(ZCNIC_REG_INT_AUTOCLR, ZCNIC_INT_AUTOCLR_MASK);
    }
    if (setup & 0x20) {
        zf_wr(ZCNIC_REG_RX_CTRL, ZCNIC_RX_CTRL_PROMISC);
    }
    zf_wr(ZCNIC_REG_ARP_HOST_IP(0), ZF_HOST_IP);
    zf_wr(ZCNIC_REG_ARP_CTRL, setup & 0x40 ? ZCNIC_ARP_CTRL_RW_MASK :
          ZCNIC_ARP_CTRL_ANSWER);
    zf_wr(ZCNIC_REG_INT_MASK, ZCNIC_INT_ALL);
    zf_wr(ZCNIC_REG_CTRL, ZCNIC_CTRL_RX_EN | ZCNIC_CTRL_TX_EN);
    for (uint32_t i = 0; i < ZF_RING; i++) {
        rxr[i * 2] = cpu_to_le64(ZF_RXB + i * 4096);
        rxr[i * 2 + 1] = cpu_to_le64(4096);
    }
    qtest_memwrite(s, ZF_RXR, rxr, sizeof(rxr));
    zf.rx_tail = ZF_RING - 1;
    zf_wr(ZCNIC_REG_RX_TAIL, zf.rx_tail);
    zf_probe(s);
}

enum {
    ZF_OP_REG_WRITE,
    ZF_OP_REG_READ,
    ZF_OP_TX,
    ZF_OP_RX,
    ZF_OP_GRO,
    ZF_OP_DESC,
    ZF_OP_POST,
    ZF_OP_MEM,
    ZF_OP_CLOCK,
    ZF_OP_RESET,
    ZF_OP_LINK,
    ZF_OP_MSIX,
    ZF_OP_MIGRATE,
    ZF_OP_ARP_TABLE,
    ZF_OP_PCI_RESET,
    ZF_OP_NUM,
};

static void zcnic_fuzz(QTestState *s, const unsigned char *data, size_t size)
{
    ZfIn in = { .p = data, .n = size };
    unsigned ops = 0;

    memcpy(zf_prev, zf_cur, zf_cur_len);
    zf_prev_len = zf_cur_len;
    zf_cur_len = MIN(size, 4096);
    memcpy(zf_cur, data, zf_cur_len);

    zf_setup(s, in8(&in));
    /* bounded: each operation takes at least one byte; at most 64 */
    while (in.n && ops++ < 64) {
        unsigned op = in8(&in) % ZF_OP_NUM;

        switch (op) {
        case ZF_OP_REG_WRITE:
            zf_op_reg(&in, true);
            break;
        case ZF_OP_REG_READ:
            zf_op_reg(&in, false);
            break;
        case ZF_OP_TX:
            zf_op_tx(&in);
            break;
        case ZF_OP_RX:
            zf_op_rx(&in);
            break;
        case ZF_OP_GRO:
            zf_op_gro(&in);
            break;
        case ZF_OP_DESC:
            zf_op_desc(&in);
            break;
        case ZF_OP_POST:
            zf_op_post(&in);
            break;
        case ZF_OP_MEM:
            zf_op_mem(&in);
            break;
        case ZF_OP_CLOCK: {
            int64_t us = in16(&in);

            zf_clock(1 + us * 1000 * (in8(&in) & 0x80 ? 1000 : 1));
            break;
        }
        case ZF_OP_RESET:
            zf_setup(s, in8(&in) & 0x7f);
            break;
        case ZF_OP_LINK:
            zf_op_link(&in);
            break;
        case ZF_OP_MSIX:
            zf_op_msix(&in);
            break;
        case ZF_OP_MIGRATE:
            zf_op_migrate(&in);
            break;
        case ZF_OP_ARP_TABLE:
            zf_op_arp_table();
            break;
        case ZF_OP_PCI_RESET:   /* the machine's reset, then set up again */
            fuzz_reset(s);
            zf_pci_init(s);
            zf_setup(s, 0);
            break;
        }
        /* reads, ring and memory writes, MSI-X entries start nothing */
        if (op != ZF_OP_REG_READ && op != ZF_OP_DESC && op != ZF_OP_MEM &&
            op != ZF_OP_MSIX && op != ZF_OP_ARP_TABLE) {
            zf_run(s);
        }
    }
    flush_events(s);
    zf_drain();
}

static void zf_unlink_paths(void)
{
    unlink(zf.path[0]);
    unlink(zf.path[1]);
}

/* -netdev dgram on two unix socket paths: the device's wire is ours */
static GString *zcnic_fuzz_cmdline(FuzzTarget *t)
{
    struct sockaddr_un me = { .sun_family = AF_UNIX };
    GString *cmd = g_string_new(NULL);

    for (int i = 0; i < 2; i++) {
        snprintf(zf.path[i], sizeof(zf.path[i]), "/tmp/zcnic-fuzz-%d-%c",
                 getpid(), "qf"[i]);
        unlink(zf.path[i]);
    }
    atexit(zf_unlink_paths);
    zf.sock = socket(AF_UNIX, SOCK_DGRAM, 0);
    g_assert_cmpint(zf.sock, >=, 0);
    g_strlcpy(me.sun_path, zf.path[1], sizeof(me.sun_path));
    g_assert_cmpint(bind(zf.sock, (struct sockaddr *)&me, sizeof(me)), ==, 0);
    zf.qemu_addr.sun_family = AF_UNIX;
    g_strlcpy(zf.qemu_addr.sun_path, zf.path[0],
              sizeof(zf.qemu_addr.sun_path));
    /* guest errors are logged (to nowhere): their messages run too */
    g_string_printf(cmd, "%s -M pc,accel=qtest -m 32M -nodefaults "
                    "-display none -d guest_errors -D /dev/null "
                    "-netdev dgram,id=n0,local.type=unix,local.path=%s,"
                    "remote.type=unix,remote.path=%s "
                    "-device zcnic,netdev=n0,addr=04.0 %s",
                    TARGET_NAME, zf.path[0], zf.path[1],
                    getenv("ZCNIC_FUZZ_ARGS") ?: "");
    return cmd;
}

static void zcnic_fuzz_pre(QTestState *s)
{
    zf.qts = s;
    zf_pci_init(s);
}

static void zcnic_fuzz_register(void)
{
    fuzz_add_target(&(FuzzTarget){
        .name = "zcnic-fuzz",
        .description = "zcnic with rings, header buffers and shadow block "
                       "set up: registers, descriptors, frames from both "
                       "sides, clock, link, MSI-X, migration",
        .get_init_cmdline = zcnic_fuzz_cmdline,
        .pre_fuzz = zcnic_fuzz_pre,
        .fuzz = zcnic_fuzz,
    });
}

fuzz_target_init(zcnic_fuzz_register);
