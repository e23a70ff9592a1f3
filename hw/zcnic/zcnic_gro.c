/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: receive coalescing (spec 4.7).
 */

#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "net/net.h"

#include "zcnic_core.h"
#include "trace.h"

/*
 * spec 4.7: deliver the held frame: one segment as it came, several as one
 * packet with GRO in its write-back.  REASON is a ZCNIC_SEG_STAT_FLUSH_*.
 */
void zcnic_gro_flush(ZcnicCore *s, int reason)
{
    uint32_t len = s->gro.len, segs = s->gro.segs, qi = s->gro.queue;

    if (!len) {
        return;
    }
    s->gro.len = 0;
    timer_del(s->gro.timer);
    s->seg_stats[reason]++;
    trace_zcnic_gro_flush(reason - ZCNIC_SEG_STAT_FLUSH_TIMER, segs, len);
    if (!zcnic_rx_running(s, qi) ||
        !zcnic_ring_check(s, &s->q[qi].rx, ZCNIC_ERR_RX_RING, "RX") ||
        ((s->split.ctrl & ZCNIC_RX_SPLIT_EN) && !zcnic_split_check(s, qi))) {
        s->stats[ZCNIC_STAT_RX_DROP_DISABLED]++;
        trace_zcnic_rx_drop(len);
        return;
    }
    if (segs > 1) {
        zcnic_gro_finish(s->gro.buf, &s->gro.first,
                         len - s->gro.first.hdr_len, s->gro.sum, s->gro.psh);
    }
    if (!zcnic_rx_deliver(s, qi, s->gro.buf, len, segs, s->gro.mss)) {
        /* software took back buffers it had posted: nowhere to put it */
        s->rx_held = false;
        s->stats[ZCNIC_STAT_RX_DROP_SIZE]++;
        trace_zcnic_rx_drop(len);
        return;
    }
    if (segs > 1) {
        s->seg_stats[ZCNIC_SEG_STAT_GRO_FRAMES]++;
        s->seg_stats[ZCNIC_SEG_STAT_GRO_SEGS] += segs;
    }
}

void zcnic_gro_timer(void *opaque)
{
    bool g = zcnic_guard_enter(opaque);

    zcnic_gro_flush(opaque, ZCNIC_SEG_STAT_FLUSH_TIMER);
    zcnic_guard_exit(opaque, g);
}

/*
 * spec 4.7: bytes of a frame with HDR_LEN header bytes that the posted RX
 * buffers hold, up to a coalesced frame's maximum.
 */
static uint32_t zcnic_gro_room(ZcnicCore *s, unsigned qi,
                               const ZcnicGroSeg *g)
{
    ZcnicRing *r = &s->q[qi].rx;
    uint32_t avail = zcnic_ring_posted(r), idx = r->head;
    size_t cap = 0, max = g->l3_off + ZCNIC_GRO_MAX_IP_LEN;

    if ((s->split.ctrl & ZCNIC_RX_SPLIT_EN) &&
        g->hdr_len <= s->split.hdr_size) {
        cap = g->hdr_len;       /* headers go to the header buffer */
    }
    /* an estimate: zcnic_rx_deliver reads the descriptors again, once */
    for (uint32_t n = 0; n < avail && cap < max; n++) {
        ZcnicDesc d;

        if (!zcnic_desc_read(s, r, idx, &d) || !d.addr) {
            break;      /* zcnic_rx_deliver reports it */
        }
        cap += zcnic_desc_len(d.cmd);
        idx = (idx + 1) & (r->size - 1);
    }
    return MIN(cap, max);
}

/*
 * spec 4.7: coalesce BUF into the held frame, or start one with it.
 * Returns true if the frame is consumed; false: deliver it as it is (any
 * held frame has been flushed before it).
 */
bool zcnic_gro_rx(ZcnicCore *s, unsigned qi, const uint8_t *buf,
                  size_t size)
{
    ZcnicGroKind kind;
    ZcnicPktInfo pi;
    ZcnicGroSeg g;

    zcnic_parse(buf, size, &pi);
    kind = zcnic_gro_classify(buf, size, &pi, &g);
    if (s->gro.len) {
        int reason = -1;

        /* spec 4.10: one held frame, for one queue */
        if (kind == ZCNIC_GRO_NONE || s->gro.queue != qi ||
            !zcnic_gro_same_flow(s->gro.buf, &s->gro.first, buf, &g)) {
            reason = ZCNIC_SEG_STAT_FLUSH_OTHER;
        } else if (kind == ZCNIC_GRO_SOLO) {
            reason = ZCNIC_SEG_STAT_FLUSH_FLAGS;
        } else if (g.seq != s->gro.next_seq) {
            reason = ZCNIC_SEG_STAT_FLUSH_OOO;
        } else if (!zcnic_gro_same_hdr(s->gro.buf, &s->gro.first, buf, &g,
                                       s->gro.segs)) {
            reason = ZCNIC_SEG_STAT_FLUSH_HDR;
        } else if (g.payload > s->gro.mss ||
                   s->gro.len + g.payload > s->gro.limit) {
            reason = ZCNIC_SEG_STAT_FLUSH_FULL;
        }
        if (reason < 0) {
            memcpy(s->gro.buf + s->gro.len, buf + g.hdr_len, g.payload);
            s->gro.sum = zcnic_gro_sum_append(s->gro.sum,
                                              s->gro.len - s->gro.first.hdr_len,
                                              g.payload_sum);
            s->gro.len += g.payload;
            s->gro.segs++;
            s->gro.next_seq += g.payload;
            s->gro.psh = g.psh;
            trace_zcnic_gro_merge(s->gro.segs, g.seq, g.payload);
            if (g.psh || g.payload < s->gro.mss) {
                zcnic_gro_flush(s, ZCNIC_SEG_STAT_FLUSH_END);
            } else if (s->gro.segs >= s->gro.max_segs) {
                zcnic_gro_flush(s, ZCNIC_SEG_STAT_FLUSH_FULL);
            }
            return true;
        }
        zcnic_gro_flush(s, reason);
        if (reason == ZCNIC_SEG_STAT_FLUSH_FLAGS ||
            reason == ZCNIC_SEG_STAT_FLUSH_OOO) {
            return false;       /* a retransmission or a flag goes alone */
        }
    }
    if (kind != ZCNIC_GRO_OK || g.psh || size > ZCNIC_GRO_BUF) {
        return false;
    }
    s->gro.limit = zcnic_gro_room(s, qi, &g);
    if (s->gro.limit < size + g.payload) {
        return false;           /* no room for a second segment */
    }
    memcpy(s->gro.buf, buf, size);
    s->gro.queue = qi;
    s->gro.len = size;
    s->gro.segs = 1;
    s->gro.mss = g.payload;
    s->gro.next_seq = g.seq + g.payload;
    s->gro.psh = false;
    s->gro.sum = g.payload_sum;
    s->gro.first = g;
    trace_zcnic_gro_merge(1, g.seq, g.payload);
    timer_mod(s->gro.timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
              (int64_t)s->gro.timeout_us * SCALE_US);
    return true;
}
