/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: the RX ring: filter, checksum status, header split, delivery
 * (spec 4.4, 4.5).
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/bswap.h"
#include "net/eth.h"
#include "net/net.h"
#include "system/dma.h"
#include "hw/pci/pci_device.h"

#include "zcnic_core.h"
#include "trace.h"

static bool zcnic_rx_any_running(ZcnicCore *s)
{
    for (unsigned qi = 0; qi < s->num_queues; qi++) {
        if (zcnic_rx_running(s, qi)) {
            return true;
        }
    }
    return false;
}

/*
 * Frames that will be dropped are accepted (and counted); with a running
 * queue, one must have a buffer posted.  A frame steered to a queue
 * without one is held (zcnic_rx_deliver) until a tail write.
 */
bool zcnic_core_can_receive(ZcnicCore *s)
{
    bool running = false;

    for (unsigned qi = 0; qi < s->num_queues; qi++) {
        if (zcnic_rx_running(s, qi)) {
            if (zcnic_ring_posted(&s->q[qi].rx) > 0) {
                return true;
            }
            running = true;
        }
    }
    return !running;
}

/*
 * spec 4.4: own MAC and broadcast; multicast with ALLMULTI or its hash bit;
 * everything with PROMISC.
 */
static bool zcnic_rx_filter(ZcnicCore *s, const uint8_t *buf)
{
    uint8_t mac[ETH_ALEN];

    if (s->rx_ctrl & ZCNIC_RX_CTRL_PROMISC) {
        return true;
    }
    if (is_broadcast_ether_addr(buf)) {
        return true;
    }
    if (is_multicast_ether_addr(buf)) {
        return (s->rx_ctrl & ZCNIC_RX_CTRL_ALLMULTI) ||
               (s->mc_hash >> (net_crc32_le(buf, ETH_ALEN) >>
                               ZCNIC_MC_HASH_SHIFT) & 1);
    }
    zcnic_own_mac(s, mac);
    return !memcmp(buf, mac, ETH_ALEN);
}

/* spec 4.4: checksum status for the EOP write-back */
static uint64_t zcnic_rx_status(ZcnicCore *s, const uint8_t *buf,
                                const ZcnicPktInfo *pi)
{
    uint64_t st = 0;
    ZcnicCsumResult ip, l4;

    ip = zcnic_ip_csum(buf, pi);
    l4 = zcnic_l4_csum(buf, pi);
    if (pi->l3 == ZCNIC_L3_IPV4) {
        st |= ZCNIC_RXD_IPV4;
    } else if (pi->l3 == ZCNIC_L3_IPV6) {
        st |= ZCNIC_RXD_IPV6;
    }
    if (pi->l4 == ZCNIC_L4_TCP) {
        st |= ZCNIC_RXD_L4_TCP;
    } else if (pi->l4 == ZCNIC_L4_UDP) {
        st |= ZCNIC_RXD_L4_UDP;
    }
    if (ip == ZCNIC_CSUM_OK) {
        st |= ZCNIC_RXD_IP_CSUM_OK;
    }
    if (l4 == ZCNIC_CSUM_OK) {
        st |= ZCNIC_RXD_L4_CSUM_OK;
    }
    if (ip == ZCNIC_CSUM_BAD || l4 == ZCNIC_CSUM_BAD) {
        st |= ZCNIC_RXD_CSUM_BAD;
        s->stats[ZCNIC_STAT_RX_CSUM_BAD]++;
    }
    return st;
}

/*
 * spec 4.8: with RSS_CTRL.HASH, the hash of the frame and what it covers
 * (ZCNIC_RSS_TYPE_*); 0 and NONE without it.
 */
static unsigned zcnic_rx_rss(ZcnicCore *s, const uint8_t *buf, size_t size,
                             const ZcnicPktInfo *pi, uint32_t *hash)
{
    uint8_t key[ZCNIC_RSS_KEY_LEN];
    unsigned type;

    *hash = 0;
    if (!(s->rss.ctrl & ZCNIC_RSS_CTRL_HASH)) {
        return ZCNIC_RSS_TYPE_NONE;
    }
    for (unsigned i = 0; i < ZCNIC_RSS_KEY_WORDS; i++) {
        stl_le_p(key + 4 * i, s->rss.key[i]);
    }
    type = zcnic_rss_hash(buf, size, pi, key, s->rss.fields, hash);
    trace_zcnic_rx_rss(type, *hash);
    return type;
}

/* spec 4.5: the header buffer registers, checked when split is in use */
bool zcnic_split_check(ZcnicCore *s, unsigned qi)
{
    ZcnicQueue *q = &s->q[qi];

    if (s->split.hdr_size < ZCNIC_HDR_SIZE_MIN ||
        s->split.hdr_size > ZCNIC_HDR_SIZE_MAX ||
        s->split.hdr_size % ZCNIC_HDR_SIZE_MIN) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_RING, "RX header buffer size %u "
                          "invalid", s->split.hdr_size);
        return false;
    }
    if (!q->hdr_base || (q->hdr_base & (ZCNIC_RING_ALIGN - 1))) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_RING, "RX header base 0x%" PRIx64
                          " of queue %u invalid", q->hdr_base, qi);
        return false;
    }
    /* one header buffer per RX descriptor (spec 4.5) */
    if (zcnic_addr_in_own_bar(s, q->hdr_base,
                              (uint64_t)s->split.hdr_size *
                              MIN(q->rx.size, ZCNIC_RING_MAX))) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_RING, "RX header buffers at 0x%"
                          PRIx64 " reach into the device's BARs",
                          q->hdr_base);
        return false;
    }
    return true;
}

/*
 * spec 4.5: how many leading bytes of the frame go to the header buffer
 * (0: not split), and the first descriptor's split flags.
 */
static size_t zcnic_rx_split(ZcnicCore *s, const ZcnicPktInfo *pi,
                             uint64_t *flags)
{
    static const int stat[] = {
        [ZCNIC_SPLIT_NOT_IP] = ZCNIC_SPLIT_STAT_NOTIP,
        [ZCNIC_SPLIT_FRAG] = ZCNIC_SPLIT_STAT_FRAG,
        [ZCNIC_SPLIT_BAD_LEN] = ZCNIC_SPLIT_STAT_BADLEN,
    };
    ZcnicSplitResult why;
    size_t hdr_len;

    *flags = 0;
    if (!(s->split.ctrl & ZCNIC_RX_SPLIT_EN)) {
        return 0;
    }
    why = zcnic_split_point(pi, &hdr_len);
    if (why != ZCNIC_SPLIT_OK) {
        s->split.stats[stat[why]]++;
        trace_zcnic_rx_nosplit(why);
        return 0;
    }
    if (hdr_len > s->split.hdr_size) {
        s->split.stats[ZCNIC_SPLIT_STAT_OVERFLOW]++;
        *flags = ZCNIC_RXD_HDR_OVERFLOW;
        trace_zcnic_rx_nosplit(-1);
        return 0;
    }
    s->split.stats[ZCNIC_SPLIT_STAT_SPLIT]++;
    *flags = ZCNIC_RXD_SPLIT |
             deposit64(0, ZCNIC_RXD_HDR_LEN_SHIFT, ZCNIC_RXD_HDR_LEN_WIDTH,
                       hdr_len);
    return hdr_len;
}

/* spec 11.1, lie GRO: a count and MSS no coalesced frame can have */
static uint64_t zcnic_lie_gro_w0(ZcnicCore *s)
{
    static const uint16_t segs_mss[][2] = {
        { 0, 1448 }, { 1, 1448 }, { 0xffff, 1 }, { 2, 0 }, { 64, 0xffff },
    };
    unsigned i = s->test.lies % ARRAY_SIZE(segs_mss);

    return deposit64(0, ZCNIC_RXD_GRO_SEGS_SHIFT, ZCNIC_RXD_GRO_SEGS_WIDTH,
                     segs_mss[i][0]) |
           deposit64(0, ZCNIC_RXD_GRO_MSS_SHIFT, ZCNIC_RXD_GRO_MSS_WIDTH,
                     segs_mss[i][1]);
}

/*
 * spec 11.1: descriptor K of N of a received frame, written back with LIE
 * instead of WB.  BUF_LEN: the buffer's length as posted.
 */
static uint64_t zcnic_lie_rx_wb(ZcnicCore *s, unsigned lie, uint32_t k,
                                uint32_t n, uint64_t wb, uint32_t buf_len,
                                uint64_t status)
{
    uint32_t len = extract64(wb, ZCNIC_DESC_LEN_SHIFT, ZCNIC_DESC_LEN_WIDTH);
    bool last = k == n - 1;

    switch (lie) {
    case ZCNIC_LIE_LEN_OVER:
        if (last) {
            len = MIN(buf_len + 1 + (s->test.lies & 1) * 0xffff, 0xffff);
        }
        break;
    case ZCNIC_LIE_LEN_ZERO:
        if (k == 0) {
            len = 0;
            wb &= ~(ZCNIC_RXD_SPLIT | MAKE_64BIT_MASK(ZCNIC_RXD_HDR_LEN_SHIFT,
                                                 ZCNIC_RXD_HDR_LEN_WIDTH));
        }
        break;
    case ZCNIC_LIE_NO_EOP:
        if (last) {
            wb &= ~(ZCNIC_DESC_EOP | status | ZCNIC_RXD_GRO);
        }
        break;
    case ZCNIC_LIE_EARLY_EOP:
        if (n == 1) {
            len /= 2;
        } else if (k == 0) {
            wb |= ZCNIC_DESC_EOP | status;
        }
        break;
    case ZCNIC_LIE_SPLIT:
        if (k == 0 || last) {
            wb = deposit64(wb | ZCNIC_RXD_SPLIT, ZCNIC_RXD_HDR_LEN_SHIFT,
                           ZCNIC_RXD_HDR_LEN_WIDTH,
                           k == 0 ? (s->test.lies & 1 ? 2047 : 3) : 64);
        }
        break;
    case ZCNIC_LIE_CSUM:
        if (last) {
            wb |= ZCNIC_RXD_IPV4 | ZCNIC_RXD_IPV6 | ZCNIC_RXD_L4_TCP |
                  ZCNIC_RXD_L4_UDP | ZCNIC_RXD_L4_CSUM_OK |
                  ZCNIC_RXD_IP_CSUM_OK | ZCNIC_RXD_CSUM_BAD;
        }
        break;
    case ZCNIC_LIE_GRO:
        if (last) {
            wb |= ZCNIC_RXD_GRO | ZCNIC_RXD_L4_TCP;
        }
        break;
    }
    return deposit64(wb, ZCNIC_DESC_LEN_SHIFT, ZCNIC_DESC_LEN_WIDTH, len);
}


/*
 * spec 4.4: a frame fills as many posted buffers as it needs.  With too few
 * posted, it is held (return 0, rx_held set) and delivered when software
 * posts more.  GRO_SEGS (spec 4.7): 0, the frame did not go through GRO;
 * 1, a lone segment GRO held (its checksums known good); more, a coalesced
 * frame.
 *
 * Every descriptor the frame will use is read once, into s->rx_desc, and
 * checked before the device writes anything: the header and payload
 * buffers may lie over the ring itself (spec 4.4), and what the device
 * writes there never changes which descriptors it uses or how many.
 */
ssize_t zcnic_rx_deliver(ZcnicCore *s, unsigned qi, const uint8_t *buf,
                         size_t size, uint32_t gro_segs, uint32_t gro_mss)
{
    ZcnicQueue *q = &s->q[qi];
    ZcnicRing *r = &q->rx;
    ZcnicDesc *d = s->rx_desc;
    uint32_t idx, avail, n = 0, first;
    size_t cap = 0, off, hdr_len;
    uint64_t status, split_flags, hdr_addr;
    ZcnicPktInfo pi;
    unsigned lie, rss_type;
    uint32_t rss_hash = 0;

    /* Enough posted buffers for the payload (at least one buffer)? */
    zcnic_parse(buf, size, &pi);
    hdr_len = zcnic_rx_split(s, &pi, &split_flags);
    avail = zcnic_ring_posted(r);
    for (idx = r->head; n < avail && (cap < size - hdr_len || n == 0);
         idx = (idx + 1) & (r->size - 1), n++) {
        uint32_t len;

        if (!zcnic_desc_read(s, r, idx, &d[n])) {
            zcnic_guest_error(s, ZCNIC_ERR_RX_DMA,
                              "RX descriptor %u unreadable", idx);
            return size;
        }
        trace_zcnic_rx_desc(qi, idx, d[n].addr, d[n].cmd);
        len = zcnic_desc_len(d[n].cmd);
        if (!d[n].addr || !len) {
            zcnic_guest_error(s, ZCNIC_ERR_RX_DESC,
                              "RX descriptor %u: address 0x%" PRIx64
                              " length %u invalid", idx, d[n].addr, len);
            return size;
        }
        if (zcnic_addr_in_own_bar(s, d[n].addr, len)) {
            zcnic_guest_error(s, ZCNIC_ERR_RX_DESC,
                              "RX descriptor %u: buffer 0x%" PRIx64
                              " is inside the device's BARs", idx, d[n].addr);
            return size;
        }
        cap += len;
    }
    if (cap < size - hdr_len || n == 0) {
        if (avail == r->size - 1) {
            /* A full ring cannot hold it: it never will. */
            s->stats[ZCNIC_STAT_RX_DROP_SIZE]++;
            return size;
        }
        trace_zcnic_rx_hold(size, avail);
        s->rx_held = true;
        return 0;
    }

    hdr_addr = q->hdr_base + (uint64_t)r->head * s->split.hdr_size;
    if (hdr_len &&
        pci_dma_write(s->owner, hdr_addr, buf, hdr_len) != MEMTX_OK) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_DMA, "RX header buffer %u at 0x%"
                          PRIx64 " not writable", r->head, hdr_addr);
        return size;
    }
    if (gro_segs) {
        /*
         * From the GRO path: each segment's checksums were verified when it
         * was classified, and zcnic_gro_finish made a joined frame's right.
         */
        status = (pi.l3 == ZCNIC_L3_IPV6 ? ZCNIC_RXD_IPV6 :
                  ZCNIC_RXD_IPV4 | ZCNIC_RXD_IP_CSUM_OK) |
                 ZCNIC_RXD_L4_TCP | ZCNIC_RXD_L4_CSUM_OK |
                 (gro_segs > 1 ? ZCNIC_RXD_GRO : 0);
    } else {
        status = zcnic_rx_status(s, buf, &pi);
    }
    rss_type = zcnic_rx_rss(s, buf, size, &pi, &rss_hash);
    status |= deposit64(0, ZCNIC_RXD_RSS_TYPE_SHIFT, ZCNIC_RXD_RSS_TYPE_WIDTH,
                        rss_type);
    /* Bounded by the N descriptors checked above, which hold the frame. */
    lie = zcnic_lie_frame(s, false);
    off = hdr_len;
    idx = first = r->head;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t chunk = MIN(zcnic_desc_len(d[k].cmd), size - off);
        uint64_t wb;

        if (zcnic_fault(s, ZCNIC_FAULT_RX_DMA) ||
            pci_dma_write(s->owner, d[k].addr, buf + off, chunk) !=
            MEMTX_OK) {
            zcnic_guest_error(s, ZCNIC_ERR_RX_DMA,
                              "RX buffer 0x%" PRIx64 "+%u not writable",
                              d[k].addr, chunk);
            return size;
        }
        wb = deposit64(0, ZCNIC_DESC_LEN_SHIFT, ZCNIC_DESC_LEN_WIDTH, chunk);
        if (k == 0) {
            wb |= split_flags;      /* the frame's first descriptor */
        }
        off += chunk;
        if (k == n - 1) {
            wb |= ZCNIC_DESC_EOP | status;
            if (gro_segs > 1 || lie == ZCNIC_LIE_GRO ||
                (s->rss.ctrl & ZCNIC_RSS_CTRL_HASH)) {
                /*
                 * spec 4.7, 4.8: word 0 of the EOP descriptor, before word
                 * 1: GRO's count and MSS, and the RSS hash
                 */
                uint64_t w0 = deposit64(0, ZCNIC_RXD_RSS_HASH_SHIFT,
                                        ZCNIC_RXD_RSS_HASH_WIDTH, rss_hash);

                if (lie == ZCNIC_LIE_GRO) {
                    w0 |= zcnic_lie_gro_w0(s);
                } else if (gro_segs > 1) {
                    w0 |= deposit64(0, ZCNIC_RXD_GRO_SEGS_SHIFT,
                                    ZCNIC_RXD_GRO_SEGS_WIDTH, gro_segs) |
                          deposit64(0, ZCNIC_RXD_GRO_MSS_SHIFT,
                                    ZCNIC_RXD_GRO_MSS_WIDTH, gro_mss);
                }
                w0 = cpu_to_le64(w0);

                if (pci_dma_write(s->owner, zcnic_desc_addr(r, idx) +
                                  ZCNIC_DESC_ADDR, &w0, sizeof(w0)) !=
                    MEMTX_OK) {
                    zcnic_guest_error(s, ZCNIC_ERR_RX_DMA, "RX write-back "
                                      "of descriptor %u failed", idx);
                    return size;
                }
            }
        }
        if (lie) {
            wb = zcnic_lie_rx_wb(s, lie, k, n, wb, zcnic_desc_len(d[k].cmd),
                                 status);
        }
        if (!zcnic_desc_done(s, r, idx, wb)) {
            zcnic_guest_error(s, ZCNIC_ERR_RX_DMA,
                              "RX write-back of descriptor %u failed", idx);
            return size;
        }
        trace_zcnic_rx_wb(qi, idx, wb);
        idx = (idx + 1) & (r->size - 1);
    }
    assert(off == size);    /* the N buffers held it: checked above */
    r->head = idx;
    zcnic_lie_ring(s, r, lie, first);
    zcnic_lie_irq(s);
    s->stats[ZCNIC_STAT_RX_FRAMES]++;
    s->stats[ZCNIC_STAT_RX_BYTES] += size;
    q->stats[ZCNIC_QSTAT_RX_FRAMES]++;
    q->stats[ZCNIC_QSTAT_RX_BYTES] += size;
    zcnic_set_qcause(s, qi, false);
    return size;
}

/* zcnic_rx_steer's answers besides a queue */
#define ZCNIC_RX_DROPPED    (-1)

/*
 * spec 4.9, 4.10: the queue the frame goes to.  The lowest valid ntuple
 * rule it matches takes it: counted in its NT_HITS, and dropped if the
 * rule says so, else to its queue.  Without one, with RSS_CTRL.HASH, a
 * hashed frame goes to queue INDIR[hash % 128]; any other to queue 0.  A
 * frame held for buffers and delivered again was counted the first time.
 */
static int zcnic_rx_steer(ZcnicCore *s, const uint8_t *buf, size_t size,
                          bool again)
{
    ZcnicPktInfo pi;
    uint32_t act, hash, qi;
    int i;

    if (!s->nt.valid && !(s->rss.ctrl & ZCNIC_RSS_CTRL_HASH)) {
        return 0;
    }
    zcnic_parse(buf, size, &pi);
    i = s->nt.valid ? zcnic_nt_lookup(s->nt.rules, &s->nt.valid,
                                      ZCNIC_NT_RULES, buf, size, &pi) : -1;
    if (i >= 0) {
        act = s->nt.rules[i].w[ZCNIC_NT_W_ACTION];
        trace_zcnic_rx_nt(i, act);
        if (!again) {
            s->nt.hits[i]++;
        }
        if (act & ZCNIC_NT_DROP) {
            s->nt.drops++;
            return ZCNIC_RX_DROPPED;
        }
        /* checked against QUEUES when the rule was written (or loaded) */
        qi = extract32(act, ZCNIC_NT_QUEUE_SHIFT, ZCNIC_NT_QUEUE_WIDTH);
        trace_zcnic_rx_steer(qi, 1);
        return qi;
    }
    if (zcnic_rx_rss(s, buf, size, &pi, &hash) == ZCNIC_RSS_TYPE_NONE) {
        trace_zcnic_rx_steer(0, 0);
        return 0;
    }
    hash %= ZCNIC_RSS_INDIR_ENTRIES;
    /* each entry was checked against QUEUES when written (or loaded) */
    qi = extract32(s->rss.indir[hash / ZCNIC_RSS_INDIR_PER_WORD],
                   ZCNIC_RSS_INDIR_SHIFT(hash), ZCNIC_RSS_INDIR_WIDTH);
    trace_zcnic_rx_steer(qi, 2);
    return qi;
}

static ssize_t zcnic_rx_frame(ZcnicCore *s, const uint8_t *buf, size_t size)
{
    bool again = s->rx_held;
    int qi;

    s->rx_held = false;
    if (!(s->status & ZCNIC_STATUS_LINK_UP)) {
        s->stats[ZCNIC_STAT_RX_DROP_DISABLED]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    if (size < ZCNIC_MIN_FRAME || size > ZCNIC_MAX_FRAME) {
        s->stats[ZCNIC_STAT_RX_DROP_SIZE]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    /*
     * spec 8.3: the ARP block sees frames before the RX queue, also while
     * it is disabled (a sleeping host); a held frame was seen already.
     */
    if (!again && zcnic_arp_rx(s, buf, size)) {
        return size;
    }
    if (!zcnic_rx_any_running(s)) {
        s->stats[ZCNIC_STAT_RX_DROP_DISABLED]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    if (!zcnic_rx_filter(s, buf)) {
        s->stats[ZCNIC_STAT_RX_DROP_FILTER]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    qi = zcnic_rx_steer(s, buf, size, again);
    if (qi == ZCNIC_RX_DROPPED) {
        return size;
    }
    assert(qi >= 0 && qi < s->num_queues);
    if (!zcnic_rx_running(s, qi)) {
        /* spec 4.10: steered to a queue whose RX_EN is clear */
        s->stats[ZCNIC_STAT_RX_DROP_DISABLED]++;
        s->q[qi].stats[ZCNIC_QSTAT_RX_DROP]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    if (!zcnic_ring_check(s, &s->q[qi].rx, ZCNIC_ERR_RX_RING, "RX")) {
        return size;
    }
    if ((s->split.ctrl & ZCNIC_RX_SPLIT_EN) && !zcnic_split_check(s, qi)) {
        return size;
    }
    if ((s->gro.ctrl & ZCNIC_RX_GRO_EN) && zcnic_gro_rx(s, qi, buf, size)) {
        return size;
    }
    return zcnic_rx_deliver(s, qi, buf, size, 0, 0);
}

ssize_t zcnic_core_receive(ZcnicCore *s, const uint8_t *buf, size_t size)
{
    const struct virtio_net_hdr *vh = (const void *)buf;

    if (s->rx_discard) {        /* spec 3.4: held across a reset */
        s->stats[ZCNIC_STAT_RX_DROP_DISABLED]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    if (!s->has_vnet) {
        return zcnic_rx_frame(s, buf, size);
    }
    /* spec 4.6: offloads are off, so a GSO frame is the backend's bug */
    if (size < sizeof(*vh) || vh->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
        s->stats[ZCNIC_STAT_RX_DROP_SIZE]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    return zcnic_rx_frame(s, buf + sizeof(*vh), size - sizeof(*vh)) ?
           size : 0;
}

/*
 * spec 3.4: the frames the net layer held for a full ring are dropped by a
 * reset and counted; none reaches the ARP block (its table was emptied) or
 * a ring set up later, and the netdev reads again.
 */
void zcnic_rx_discard_held(ZcnicCore *s)
{
    s->rx_discard = true;
    qemu_flush_queued_packets(qemu_get_queue(s->owner_nic));
    s->rx_discard = false;
}
