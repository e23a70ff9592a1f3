/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: the TX ring: gather, map, checksum insertion, TSO/USO, the
 * shadow tail (spec 4.3, 4.6).
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/bswap.h"
#include "qemu/iov.h"
#include "qemu/main-loop.h"
#include "net/net.h"
#include "net/queue.h"
#include "system/dma.h"
#include "system/runstate.h"
#include "hw/pci/pci_device.h"

#include "zcnic_core.h"
#include "trace.h"

/* A TX frame as the descriptors describe it, then as mapped for sending. */
typedef struct ZcnicTxFrame {
    unsigned qi;                /* the queue, and its ring */
    ZcnicRing *r;
    uint32_t nfrags;
    uint32_t len;
    uint64_t first_cmd;
    uint64_t addr[ZCNIC_TX_MAX_FRAGS];
    uint64_t cmd[ZCNIC_TX_MAX_FRAGS];   /* word 1 as read, for write-back */
    uint32_t flen[ZCNIC_TX_MAX_FRAGS];
    struct iovec iov[ZCNIC_TX_MAX_FRAGS];
    bool mapped[ZCNIC_TX_MAX_FRAGS];
    /* the iovec handed to the net layer: iov with the checksum spliced in */
    struct iovec out[ZCNIC_TX_MAX_FRAGS + 2];
    int nout;
    uint8_t csum[2];
    /* segmentation (spec 4.6): the frame's headers, and a segment's */
    uint8_t seg_tmpl[1 << ZCNIC_TXD_SEG_HDR_LEN_WIDTH];
    uint8_t seg_hdr[1 << ZCNIC_TXD_SEG_HDR_LEN_WIDTH];
} ZcnicTxFrame;

/*
 * Read the descriptors of the frame at the ring's head.  Returns the index
 * after its EOP descriptor, or -1: not all posted yet, or a guest error
 * (already reported; it stopped the queue).
 */
static int zcnic_tx_gather(ZcnicCore *s, ZcnicTxFrame *f)
{
    ZcnicRing *r = f->r;
    uint32_t idx = r->head, max = ZCNIC_MAX_FRAME;
    bool eop = false;

    f->nfrags = 0;
    f->len = 0;
    while (!eop) {
        ZcnicDesc d;
        uint32_t flen;

        if (idx == r->tail) {
            return -1;      /* the rest of the frame is not posted yet */
        }
        if (f->nfrags == ZCNIC_TX_MAX_FRAGS) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DESC,
                              "TX frame at %u spans more than %u descriptors",
                              r->head, ZCNIC_TX_MAX_FRAGS);
            return -1;
        }
        if (!zcnic_desc_read(s, r, idx, &d)) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA,
                              "TX descriptor %u unreadable", idx);
            return -1;
        }
        trace_zcnic_tx_desc(f->qi, idx, d.addr, d.cmd);
        flen = zcnic_desc_len(d.cmd);
        eop = d.cmd & ZCNIC_DESC_EOP;
        if (f->nfrags == 0) {
            max = extract64(d.cmd, ZCNIC_TXD_SEG_SHIFT,
                            ZCNIC_TXD_SEG_WIDTH) ?
                  ZCNIC_TSO_MAX_LEN : ZCNIC_MAX_FRAME;
        }
        if (!d.addr || !flen || f->len + flen > max) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DESC,
                              "TX descriptor %u: address 0x%" PRIx64
                              " length %u (frame %u) invalid",
                              idx, d.addr, flen, f->len + flen);
            return -1;
        }
        if (zcnic_addr_in_own_bar(s, d.addr, flen)) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DESC,
                              "TX descriptor %u: buffer 0x%" PRIx64
                              " is inside the device's BARs", idx, d.addr);
            return -1;
        }
        if (f->nfrags == 0) {
            f->first_cmd = d.cmd;
        }
        f->addr[f->nfrags] = d.addr;
        f->cmd[f->nfrags] = d.cmd;
        f->flen[f->nfrags] = flen;
        f->nfrags++;
        f->len += flen;
        idx = (idx + 1) & (r->size - 1);
    }
    return idx;
}

static void zcnic_tx_unmap(ZcnicCore *s, ZcnicTxFrame *f)
{
    for (uint32_t i = 0; i < f->nfrags; i++) {
        if (f->mapped[i]) {
            pci_dma_unmap(s->owner, f->iov[i].iov_base,
                          f->iov[i].iov_len, DMA_DIRECTION_TO_DEVICE,
                          f->iov[i].iov_len);
            f->mapped[i] = false;
        }
    }
}

/*
 * spec 4.3: map each buffer in place (zero copy); only a buffer that cannot
 * be mapped whole is copied, into the bounce buffer.
 */
static bool zcnic_tx_map(ZcnicCore *s, ZcnicTxFrame *f)
{
    uint32_t bounce_off = 0;

    for (uint32_t i = 0; i < f->nfrags; i++) {
        dma_addr_t plen = f->flen[i];
        void *p;

        f->mapped[i] = false;
        /* Unassigned memory would "map" through QEMU's own bounce buffer. */
        if (!dma_memory_valid(pci_get_address_space(s->owner),
                              f->addr[i], f->flen[i], DMA_DIRECTION_TO_DEVICE,
                              MEMTXATTRS_UNSPECIFIED)) {
            f->nfrags = i;
            zcnic_tx_unmap(s, f);
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA,
                              "TX buffer 0x%" PRIx64 "+%u unreadable",
                              f->addr[i], f->flen[i]);
            return false;
        }
        p = pci_dma_map(s->owner, f->addr[i], &plen,
                        DMA_DIRECTION_TO_DEVICE);
        if (p && plen == f->flen[i]) {
            f->iov[i].iov_base = p;
            f->iov[i].iov_len = plen;
            f->mapped[i] = true;
            continue;
        }
        if (p) {
            pci_dma_unmap(s->owner, p, plen, DMA_DIRECTION_TO_DEVICE, 0);
        }
        if (pci_dma_read(s->owner, f->addr[i], s->tx_bounce + bounce_off,
                         f->flen[i]) != MEMTX_OK) {
            f->nfrags = i;      /* unmap what was mapped */
            zcnic_tx_unmap(s, f);
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA,
                              "TX buffer 0x%" PRIx64 "+%u unreadable",
                              f->addr[i], f->flen[i]);
            return false;
        }
        trace_zcnic_tx_bounce(f->addr[i], f->flen[i]);
        f->iov[i].iov_base = s->tx_bounce + bounce_off;
        f->iov[i].iov_len = f->flen[i];
        bounce_off += f->flen[i];
        s->stats[ZCNIC_STAT_TX_BOUNCED]++;
    }
    return true;
}

/*
 * spec 4.3: the checksum replaces two bytes of the frame in the iovec sent,
 * never in guest memory.  Returns false for a request outside the frame.
 */
static bool zcnic_tx_csum(ZcnicCore *s, ZcnicTxFrame *f)
{
    uint32_t start = extract64(f->first_cmd, ZCNIC_TXD_CSUM_START_SHIFT,
                               ZCNIC_TXD_CSUM_START_WIDTH);
    uint32_t at = start + extract64(f->first_cmd, ZCNIC_TXD_CSUM_OFFSET_SHIFT,
                                    ZCNIC_TXD_CSUM_OFFSET_WIDTH);
    uint16_t csum;
    size_t tail;

    if (!(f->first_cmd & ZCNIC_TXD_CSUM)) {
        memcpy(f->out, f->iov, f->nfrags * sizeof(f->iov[0]));
        f->nout = f->nfrags;
        return true;
    }
    if (at + 2 > f->len || start >= f->len) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC,
                          "TX checksum start %u offset %u outside the "
                          "%u-byte frame", start, at - start, f->len);
        return false;
    }
    csum = ~zcnic_csum_fold(zcnic_csum_iov(f->iov, f->nfrags, start,
                                           f->len - start));
    /* 0 and 0xffff are the same sum; UDP must not send 0 (no checksum) */
    if (!csum) {
        csum = 0xffff;
    }
    stw_be_p(f->csum, csum);
    trace_zcnic_tx_csum(start, at - start, csum);
    f->nout = iov_copy(f->out, ARRAY_SIZE(f->out), f->iov, f->nfrags, 0, at);
    f->out[f->nout].iov_base = f->csum;
    f->out[f->nout].iov_len = 2;
    f->nout++;
    tail = f->len - at - 2;
    if (tail) {
        f->nout += iov_copy(f->out + f->nout, ARRAY_SIZE(f->out) - f->nout,
                            f->iov, f->nfrags, at + 2, tail);
    }
    s->stats[ZCNIC_STAT_TX_CSUM]++;
    return true;
}

static void zcnic_tx_sent(NetClientState *nc, ssize_t len);

/*
 * spec 4.6: a backend that takes a virtio-net header (tap with vnet_hdr)
 * gets one before every frame, and large frames whole.  It is told to send
 * no offloaded frames back: the device checks every checksum itself.
 */
void zcnic_core_vnet_init(ZcnicCore *s)
{
    NetClientState *peer = qemu_get_queue(s->owner_nic)->peer;

    s->has_vnet = s->vnet_hdr && peer && qemu_has_vnet_hdr(peer);
    /*
     * spec 4.6: QEMU's user-mode network is a host's TCP/IP stack, not a
     * wire: it takes IP packets of any length and its cost is per packet.
     */
    s->whole_tso = !s->has_vnet &&
        (s->host_tso == ON_OFF_AUTO_ON ||
         (s->host_tso == ON_OFF_AUTO_AUTO && peer &&
          peer->info->type == NET_CLIENT_DRIVER_USER));
    if (s->has_vnet) {
        qemu_set_vnet_hdr_len(peer, sizeof(struct virtio_net_hdr));
        qemu_set_offload(peer, 0, 0, 0, 0, 0, 0, 0);
    }
}

/* spec 4.11: frames from the TX rings go to the device's own receive path */
static bool zcnic_loopback(ZcnicCore *s)
{
    return s->rx_ctrl & ZCNIC_RX_CTRL_LOOPBACK;
}

/*
 * Send IOV[N] (with VH, or an empty header, if the backend takes one).
 * With RX_CTRL.LOOPBACK it goes into the NIC's own incoming queue instead:
 * received at once if a buffer is posted, else held there, SENT called
 * when the RX path takes it (qemu_flush_queued_packets at a tail write),
 * exactly as a frame from the network waits.
 */
ssize_t zcnic_send(ZcnicCore *s, const struct iovec *iov, int n,
                   NetPacketSent *sent,
                   const struct virtio_net_hdr *vh)
{
    static const struct virtio_net_hdr none;
    struct iovec v[ZCNIC_TX_MAX_FRAGS + 3];
    NetClientState *nc = qemu_get_queue(s->owner_nic);

    if (s->has_vnet) {
        assert(n < ARRAY_SIZE(v));
        v[0].iov_base = (void *)(vh ? vh : &none);
        v[0].iov_len = sizeof(*vh);
        memcpy(v + 1, iov, n * sizeof(*iov));
        iov = v;
        n++;
    }
    if (zcnic_loopback(s)) {
        trace_zcnic_tx_loopback(iov_size(iov, n));
        return qemu_net_queue_send_iov(nc->incoming_queue, nc,
                                       QEMU_NET_PACKET_FLAG_NONE, iov, n,
                                       sent);
    }
    return qemu_sendv_packet_async(nc, iov, n, sent);
}

/*
 * spec 4.6: hand a checked large frame whole to a backend that segments
 * (virtio-net GSO); it counts as the NSEG segments the backend makes.
 */
/* spec 7, 4.10: frames sent, in the device's and the queue's counters */
static void zcnic_tx_count(ZcnicCore *s, ZcnicTxFrame *f, uint32_t frames,
                           uint32_t bytes)
{
    ZcnicQueue *q = &s->q[f->qi];

    s->stats[ZCNIC_STAT_TX_FRAMES] += frames;
    s->stats[ZCNIC_STAT_TX_BYTES] += bytes;
    q->stats[ZCNIC_QSTAT_TX_FRAMES] += frames;
    q->stats[ZCNIC_QSTAT_TX_BYTES] += bytes;
}

static int zcnic_tx_pass(ZcnicCore *s, ZcnicTxFrame *f,
                         const ZcnicSegInfo *si, uint32_t mss, uint32_t nseg)
{
    uint32_t hdr_len = si->hdr_len;
    struct virtio_net_hdr vh = {
        .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
        .gso_type = si->udp ? VIRTIO_NET_HDR_GSO_UDP_L4 :
                    si->ipv6 ? VIRTIO_NET_HDR_GSO_TCPV6 :
                    VIRTIO_NET_HDR_GSO_TCPV4,
        .hdr_len = hdr_len,
        .gso_size = mss,
        .csum_start = si->l4_off,
        .csum_offset = si->udp ? 6 : 16,
    };
    int n;

    if (!si->udp && (f->seg_tmpl[si->l4_off + 13] & 0x80)) {
        vh.gso_type |= VIRTIO_NET_HDR_GSO_ECN;      /* CWR: TCP ECN */
    }
    zcnic_seg_build_gso(si, f->seg_tmpl, f->seg_hdr, f->len - hdr_len);
    f->out[0].iov_base = f->seg_hdr;
    f->out[0].iov_len = hdr_len;
    n = 1 + iov_copy(f->out + 1, ARRAY_SIZE(f->out) - 1, f->iov, f->nfrags,
                     hdr_len, f->len - hdr_len);
    zcnic_tx_count(s, f, nseg, f->len + (nseg - 1) * hdr_len);
    s->seg_stats[ZCNIC_SEG_STAT_PASSED]++;
    return zcnic_send(s, f->out, n, zcnic_tx_sent, &vh) ? 1 : 0;
}

/*
 * spec 4.6: to a host's stack (host-tso), an IPv4 TCP frame goes as the
 * one segment of MSS = its payload: lengths, IPv4 header checksum and TCP
 * checksum fixed up, FIN and PSH kept.  It counts as its NSEG segments.
 * (slirp's IPv6 input drops packets above its MTU: IPv6 is segmented.)
 */
static int zcnic_tx_whole(ZcnicCore *s, ZcnicTxFrame *f,
                          const ZcnicSegInfo *si, uint32_t nseg)
{
    uint32_t hdr_len = si->hdr_len, pay = f->len - hdr_len;
    int n;

    /* the whole frame's IP packet fits IP's 16-bit length */
    QEMU_BUILD_BUG_ON(ZCNIC_TSO_MAX_LEN - 14 > 65535);
    zcnic_seg_build(si, f->seg_tmpl, f->seg_hdr, 0, pay, pay, true,
                    zcnic_csum_iov(f->iov, f->nfrags, hdr_len, pay));
    f->out[0].iov_base = f->seg_hdr;
    f->out[0].iov_len = hdr_len;
    n = 1 + iov_copy(f->out + 1, ARRAY_SIZE(f->out) - 1, f->iov, f->nfrags,
                     hdr_len, pay);
    trace_zcnic_tx_whole(f->r->head, f->len, nseg);
    zcnic_tx_count(s, f, nseg, f->len + (nseg - 1) * hdr_len);
    s->seg_stats[ZCNIC_SEG_STAT_PASSED]++;
    return zcnic_send(s, f->out, n, zcnic_tx_sent, NULL) ? 1 : 0;
}

/*
 * spec 4.6: send the frame as segments of MSS payload bytes, each with the
 * frame's headers fixed up; payload goes from the mapped guest buffers.
 * Returns -1 after a guest error (nothing sent), 0 if the net layer queued
 * the last segment (zcnic_tx_sent completes the frame), 1 when all went.
 */
static int zcnic_tx_segment(ZcnicCore *s, ZcnicTxFrame *f)
{
    static const char *const why[] = {
        [ZCNIC_SEG_NOT_IP] = "no IPv4/IPv6 header",
        [ZCNIC_SEG_IP_FRAG] = "an IPv4 fragment",
        [ZCNIC_SEG_IP_EXT] = "IPv6 extension headers",
        [ZCNIC_SEG_WRONG_L4] = "not the protocol SEG asks for",
        [ZCNIC_SEG_HDR_LEN] = "HDR_LEN is not the end of the L4 header",
    };
    unsigned type = extract64(f->first_cmd, ZCNIC_TXD_SEG_SHIFT,
                              ZCNIC_TXD_SEG_WIDTH);
    uint32_t mss = extract64(f->first_cmd, ZCNIC_TXD_SEG_MSS_SHIFT,
                             ZCNIC_TXD_SEG_MSS_WIDTH);
    uint32_t hdr_len = extract64(f->first_cmd, ZCNIC_TXD_SEG_HDR_LEN_SHIFT,
                                 ZCNIC_TXD_SEG_HDR_LEN_WIDTH);
    bool udp = type == ZCNIC_TXD_SEG_UDP;
    NetClientState *nc = qemu_get_queue(s->owner_nic);
    ZcnicSegErr err;
    ZcnicSegInfo si;
    uint32_t nseg;
    int ret = 1;

    if (type != ZCNIC_TXD_SEG_TCP && !udp) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: SEG %u "
                          "reserved", f->r->head, type);
        return -1;
    }
    if (!mss) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: "
                          "segmentation with MSS 0", f->r->head);
        return -1;
    }
    if (!hdr_len || hdr_len >= f->len) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: HDR_LEN "
                          "%u leaves no payload in the %u-byte frame",
                          f->r->head, hdr_len, f->len);
        return -1;
    }
    iov_to_buf(f->iov, f->nfrags, 0, f->seg_tmpl, hdr_len);
    err = zcnic_seg_parse(f->seg_tmpl, hdr_len, udp, &si);
    if (err != ZCNIC_SEG_OK) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: cannot "
                          "segment as %s: %s", f->r->head, udp ? "UDP" : "TCP",
                          why[err]);
        return -1;
    }
    if (hdr_len - si.l3_off + mss > s->mtu) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: MSS %u "
                          "with %zu header bytes exceeds the MTU %u",
                          f->r->head, mss, hdr_len - si.l3_off, s->mtu);
        return -1;
    }
    nseg = DIV_ROUND_UP(f->len - hdr_len, mss);
    if (nseg > ZCNIC_TSO_MAX_SEGS) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: %u "
                          "segments, more than %u", f->r->head, nseg,
                          ZCNIC_TSO_MAX_SEGS);
        return -1;
    }
    trace_zcnic_tx_seg(f->r->head, udp, f->len, hdr_len, mss, nseg);
    s->seg_stats[udp ? ZCNIC_SEG_STAT_USO_FRAMES
                     : ZCNIC_SEG_STAT_TSO_FRAMES]++;
    s->seg_stats[udp ? ZCNIC_SEG_STAT_USO_SEGS
                     : ZCNIC_SEG_STAT_TSO_SEGS] += nseg;
    /* spec 4.11: the device's own receive path takes wire-sized frames */
    if (s->has_vnet && !zcnic_loopback(s) &&
        (!udp || qemu_has_uso(nc->peer))) {
        return zcnic_tx_pass(s, f, &si, mss, nseg);
    }
    if (s->whole_tso && !zcnic_loopback(s) && !udp && !si.ipv6) {
        return zcnic_tx_whole(s, f, &si, nseg);
    }
    for (uint32_t i = 0; i < nseg; i++) {
        size_t off = hdr_len + (size_t)i * mss;
        size_t pay = MIN(mss, f->len - off);
        bool last = i == nseg - 1;
        int n;

        zcnic_seg_build(&si, f->seg_tmpl, f->seg_hdr, i, mss, pay, last,
                        zcnic_csum_iov(f->iov, f->nfrags, off, pay));
        f->out[0].iov_base = f->seg_hdr;
        f->out[0].iov_len = hdr_len;
        n = 1 + iov_copy(f->out + 1, ARRAY_SIZE(f->out) - 1, f->iov,
                         f->nfrags, off, pay);
        /*
         * Once the net layer queues a segment it queues the rest in order
         * (copies); the last one's callback completes the frame.
         */
        if (!zcnic_send(s, f->out, n, last ? zcnic_tx_sent : NULL, NULL) &&
            last) {
            ret = 0;
        }
        zcnic_tx_count(s, f, 1, hdr_len + pay);
    }
    return ret;
}

/*
 * spec 4.2: write back the N descriptors of the frame at the head, DONE
 * last in each: word 1 as the device read it (CMD), never read again.
 */
static bool zcnic_tx_complete(ZcnicCore *s, unsigned qi, uint32_t n,
                              const uint64_t *cmd)
{
    ZcnicRing *r = &s->q[qi].tx;
    uint32_t i = r->head, first = r->head;
    unsigned lie = zcnic_lie_frame(s, true);

    for (uint32_t k = 0; k < n; k++) {
        if (!zcnic_desc_done(s, r, i, cmd[k])) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA,
                              "TX write-back of descriptor %u failed", i);
            return false;
        }
        trace_zcnic_tx_wb(qi, i, cmd[k] | ZCNIC_DESC_DONE);
        i = (i + 1) & (r->size - 1);
    }
    r->head = i;
    zcnic_lie_ring(s, r, lie, first);
    return true;
}

static void zcnic_tx_process(ZcnicCore *s);
static bool zcnic_tx_process_queue(ZcnicCore *s, unsigned qi);

/*
 * spec 4.3.1: the device's half of the TX shadow block.  SHADOW_TX_KICK
 * tells software whether to ring TX_TAIL: 0 while the device works through
 * the ring, 1 once it has stopped.
 */
bool zcnic_tx_shadow_write(ZcnicCore *s, ZcnicQueue *q, hwaddr off,
                           uint32_t val)
{
    uint32_t le = cpu_to_le32(val);

    if (pci_dma_write(s->owner, q->tx_shadow + off, &le, 4) !=
        MEMTX_OK) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DMA, "TX shadow block at 0x%"
                          PRIx64 " not writable", q->tx_shadow);
        return false;
    }
    return true;
}

bool zcnic_tx_set_kick(ZcnicCore *s, ZcnicQueue *q, bool kick)
{
    if (!zcnic_tx_shadow_write(s, q, ZCNIC_SHADOW_TX_KICK, kick)) {
        return false;
    }
    q->tx_kick = kick;
    trace_zcnic_tx_shadow_kick(kick);
    return true;
}

/*
 * The ring is worked through: read SHADOW_TX_TAIL before stopping.  If it
 * did not move, store 1 in KICK and read it once more: software stores the
 * tail before it loads KICK and the device stores KICK before this load,
 * each with a full barrier between, so one of the two sees the other.
 * Returns true when there is a new tail (it passed the ring check).
 */
static bool zcnic_tx_shadow_poll(ZcnicCore *s, ZcnicQueue *q)
{
    for (int pass = 0; pass < 2; pass++) {
        uint32_t t;

        if (pci_dma_read(s->owner, q->tx_shadow + ZCNIC_SHADOW_TX_TAIL,
                         &t, 4) != MEMTX_OK) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA, "TX shadow block at 0x%"
                              PRIx64 " not readable", q->tx_shadow);
            return false;
        }
        t = le32_to_cpu(t);
        if (t != q->tx.tail) {
            trace_zcnic_tx_shadow_tail(t);
            q->tx.tail = t;
            if (q->tx_kick && !zcnic_tx_set_kick(s, q, false)) {
                return false;
            }
            return zcnic_ring_check(s, &q->tx, ZCNIC_ERR_TX_RING, "TX");
        }
        if (pass == 0) {
            if (!q->tx_kick && !zcnic_tx_set_kick(s, q, true)) {
                return false;
            }
            smp_mb();   /* the KICK store before the second tail load */
        }
    }
    return false;
}

/* The net layer sent a frame (or last segment) it had queued: go on. */
static void zcnic_tx_sent(NetClientState *nc, ssize_t len)
{
    ZcnicCore *s = qemu_get_nic_opaque(nc);
    bool g;

    if (!s->tx_waiting) {
        return;     /* purged by a reset, or TX_EN was cleared */
    }
    g = zcnic_guard_enter(s);
    s->tx_waiting = false;
    if (zcnic_tx_complete(s, s->tx_wait_q, s->tx_wait_n, s->tx_wait_cmd)) {
        zcnic_set_qcause(s, s->tx_wait_q, true);
    }
    /*
     * spec 9: when the VM stops, QEMU completes what its net layer queued
     * (the frame is lost, as on a link outage); the rest of the ring waits
     * for the VM to run again, here or on a migration's destination.
     */
    if (runstate_is_running()) {
        zcnic_tx_process(s);
    }
    zcnic_guard_exit(s, g);
}

void zcnic_vm_state_change(void *opaque, bool running, RunState state)
{
    ZcnicCore *s = opaque;

    if (running) {
        qemu_bh_schedule(s->tx_bh);
    }
}

/*
 * spec 4.3: send every complete frame between head and tail.  A frame whose
 * EOP descriptor is not posted yet waits for the next doorbell; while the
 * net layer holds a frame, later ones wait for it.
 */
/*
 * spec 4.3: send the frame at the head of F's ring, if it is posted whole;
 * true when it went and its descriptors were written back.
 */
static bool zcnic_tx_one(ZcnicCore *s, ZcnicTxFrame *f)
{
    ZcnicRing *r = f->r;
    ssize_t ret;

    if (r->head == r->tail || zcnic_tx_gather(s, f) < 0 ||
        !zcnic_tx_map(s, f)) {
        return false;
    }
    trace_zcnic_tx_frame(f->qi, r->head, f->nfrags, f->len);
    if (extract64(f->first_cmd, ZCNIC_TXD_SEG_SHIFT, ZCNIC_TXD_SEG_WIDTH)) {
        ret = zcnic_tx_segment(s, f);
        if (ret < 0) {
            zcnic_tx_unmap(s, f);
            return false;
        }
    } else {
        if (!zcnic_tx_csum(s, f)) {
            zcnic_tx_unmap(s, f);
            return false;
        }
        ret = zcnic_send(s, f->out, f->nout, zcnic_tx_sent, NULL);
        zcnic_tx_count(s, f, 1, f->len);
    }
    /* The net layer copied the frame if it queued it: unmap either way. */
    zcnic_tx_unmap(s, f);
    if (ret == 0) {
        s->tx_waiting = true;
        s->tx_wait_q = f->qi;
        s->tx_wait_n = f->nfrags;
        memcpy(s->tx_wait_cmd, f->cmd, f->nfrags * sizeof(f->cmd[0]));
        return false;
    }
    return zcnic_tx_complete(s, f->qi, f->nfrags, f->cmd);
}

/*
 * spec 4.3, 4.10: queue QI's turn: one frame.  True when it sent one and
 * may have more; false when its ring is dry, waits, or stopped.
 */
static bool zcnic_tx_process_queue(ZcnicCore *s, unsigned qi)
{
    ZcnicQueue *q = &s->q[qi];
    ZcnicRing *r = &q->tx;
    ZcnicTxFrame f = { .qi = qi, .r = r };
    uint32_t polls = 0;

    if (s->tx_waiting || !zcnic_tx_running(s, qi) ||
        !zcnic_ring_check(s, r, ZCNIC_ERR_TX_RING, "TX")) {
        return false;
    }
    /* spec 4.3.1: working now; software need not ring */
    if (q->tx_shadow && q->tx_kick && !zcnic_tx_set_kick(s, q, false)) {
        return false;
    }
    for (;;) {
        if (zcnic_tx_one(s, &f)) {
            zcnic_set_qcause(s, qi, true);
            return r->head != r->tail || q->tx_shadow;  /* a turn more? */
        }
        /*
         * spec 4.3.1: the ring ran dry or ends in a frame not posted
         * whole; software may have moved the tail meanwhile.  A guest that
         * keeps moving it gets a ring's worth of polls, then the main
         * loop's turn.
         */
        if (!q->tx_shadow || s->tx_waiting || !zcnic_tx_running(s, qi) ||
            !zcnic_tx_shadow_poll(s, q)) {
            return false;
        }
        if (++polls == r->size) {
            qemu_bh_schedule(s->tx_bh);
            return false;
        }
    }
}

/*
 * spec 4.10: the queues take turns, a frame each, from the one after the
 * last to send, until a round sends nothing; all wait while the net layer
 * holds a frame of one of them.  A guest that keeps posting gets
 * ZCNIC_RING_MAX rounds, then the main loop's turn.  spec 11: TX_STALL
 * stalls them all.
 */
static void zcnic_tx_process(ZcnicCore *s)
{
    unsigned n = s->num_queues;
    bool more = true;

    if (s->tx_waiting || zcnic_fault(s, ZCNIC_FAULT_TX_STALL)) {
        return;
    }
    for (unsigned round = 0; more; round++) {
        unsigned first = s->tx_next % n;

        if (round == ZCNIC_RING_MAX) {
            qemu_bh_schedule(s->tx_bh);
            return;
        }
        more = false;
        for (unsigned k = 0; k < n && !s->tx_waiting; k++) {
            unsigned qi = (first + k) % n;

            if (zcnic_tx_process_queue(s, qi)) {
                more = true;
            }
            s->tx_next = (qi + 1) % n;
        }
        if (s->tx_waiting) {
            return;
        }
    }
}

/* spec 4.3: TX_TAIL of queue QI was written */
void zcnic_tx_doorbell(ZcnicCore *s, unsigned qi, uint32_t tail)
{
    ZcnicQueue *q = &s->q[qi];

    trace_zcnic_doorbell(qi, "tx", tail);
    zcnic_lie_irq(s);
    q->tx.tail = tail;
    /*
     * The ring is checked now and worked through from the main loop, so
     * that the vCPU runs on while the frames are sent.
     */
    if (zcnic_tx_running(s, qi) &&
        zcnic_ring_check(s, &q->tx, ZCNIC_ERR_TX_RING, "TX")) {
        qemu_bh_schedule(s->tx_bh);
    }
}

void zcnic_tx_bh(void *opaque)
{
    /*
     * spec 9: a doorbell just before the VM stopped sends nothing from here
     * while it is stopped; zcnic_vm_state_change schedules this again.
     */
    if (runstate_is_running()) {
        zcnic_tx_process(opaque);
    }
}
