/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: the device core: reset, guest errors, rings and descriptors,
 * armed faults and lies, and the checks of a migration stream.
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/bswap.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "net/eth.h"
#include "system/dma.h"
#include "hw/pci/pci_device.h"
#include "migration/vmstate.h"

#include "zcnic_core.h"
#include "trace.h"

/*
 * spec 5.1: RX and TX auto-mask: sending their vector clears their INT_MASK
 * bit, so the handler needs no register write; software sets it again
 * (INT_MASK_SET) when it has processed the ring.
 */
/* spec 11: whether fault F is armed; a one-shot fault is disarmed. */
bool zcnic_fault(ZcnicCore *s, uint32_t f)
{
    if (!(s->test.fault & f)) {
        return false;
    }
    if (f != ZCNIC_FAULT_TX_STALL) {
        s->test.fault &= ~f;
    }
    /* FAULT_FIRED: one wrapping byte a fault */
    s->test.fault_fired = deposit32(s->test.fault_fired, ctz32(f) * 8, 8,
                                    extract32(s->test.fault_fired,
                                              ctz32(f) * 8, 8) + 1);
    trace_zcnic_fault(f);
    return true;
}

/*
 * spec 11.1: whether the device tells lie KIND at this chance: at one in
 * TEST_LIE.EVERY + 1.
 */
bool zcnic_lie(ZcnicCore *s, unsigned kind)
{
    if (extract32(s->test.lie, ZCNIC_LIE_KIND_SHIFT, ZCNIC_LIE_KIND_WIDTH) !=
        kind) {
        return false;
    }
    if (s->test.lie_chance++ < extract32(s->test.lie, ZCNIC_LIE_EVERY_SHIFT,
                                    ZCNIC_LIE_EVERY_WIDTH)) {
        return false;
    }
    s->test.lie_chance = 0;
    s->test.lies++;
    trace_zcnic_lie(kind, s->test.lies);
    return true;
}

/*
 * The lie about a frame, if one is told now; 0: the truth.  TX frames are
 * lied about only with DONE on descriptors (UNPOSTED, DUP_DONE).
 */
unsigned zcnic_lie_frame(ZcnicCore *s, bool tx)
{
    unsigned kind = extract32(s->test.lie, ZCNIC_LIE_KIND_SHIFT,
                              ZCNIC_LIE_KIND_WIDTH);

    if (!kind || kind == ZCNIC_LIE_IRQ ||
        (tx && kind != ZCNIC_LIE_UNPOSTED && kind != ZCNIC_LIE_DUP_DONE)) {
        return 0;
    }
    return zcnic_lie(s, kind) ? kind : 0;
}

/*
 * QEMU guards MMIO, the net layer's receive and the TX bottom half: while
 * the device works there, DMA and MSI-X messages it aims at its own BARs
 * are refused (MEMTX_ACCESS_ERROR) instead of re-entering it
 * (CVE-2023-3019).  Timers and the net layer's sent callback are entered
 * with the same guard by hand.  Returns whether this call engaged it.
 */
bool zcnic_guard_enter(ZcnicCore *s)
{
    MemReentrancyGuard *g = &DEVICE(s->owner)->mem_reentrancy_guard;

    if (g->engaged_in_io) {
        return false;
    }
    g->engaged_in_io = true;
    return true;
}

void zcnic_guard_exit(ZcnicCore *s, bool entered)
{
    if (entered) {
        DEVICE(s->owner)->mem_reentrancy_guard.engaged_in_io = false;
    }
}

void zcnic_load_mac(ZcnicCore *s)
{
    const uint8_t *m = s->permanent_mac;

    s->mac_lo = ldl_le_p(m);
    s->mac_hi = lduw_le_p(m + 4);
}

void zcnic_own_mac(ZcnicCore *s, uint8_t *mac)
{
    stl_le_p(mac, s->mac_lo);
    stw_le_p(mac + 4, s->mac_hi);
}

void zcnic_update_link(ZcnicCore *s)
{
    NetClientState *nc = qemu_get_queue(s->owner_nic);

    if (nc->link_down) {
        s->status &= ~ZCNIC_STATUS_LINK_UP;
    } else {
        s->status |= ZCNIC_STATUS_LINK_UP;
    }
}

/* spec 6: a guest error sets a sticky bit, stops the queue, raises INT_ERR */
void G_GNUC_PRINTF(3, 4)
zcnic_guest_error(ZcnicCore *s, uint32_t err, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_log_mask(LOG_GUEST_ERROR, "zcnic: %s\n", msg);
    trace_zcnic_guest_error(err);
    if (!(s->err_status & err)) {
        s->err_status |= err;
        zcnic_set_cause(s, ZCNIC_INT_ERR);
    }
}

/* Whether [A, A + ALEN) and [B, B + BLEN) overlap, without wrapping. */
static bool zcnic_ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
                                 uint64_t blen)
{
    if (!alen || !blen) {
        return false;
    }
    return a <= b ? b - a < alen : a - b < blen;
}

/*
 * spec 4.1, 6: a buffer, ring, header buffer array or shadow block inside
 * the device's own BARs is a guest error.
 */
bool zcnic_addr_in_own_bar(ZcnicCore *s, uint64_t addr, uint64_t len)
{
    static const struct {
        int bar;
        uint64_t size;
    } bars[] = {
        { ZCNIC_BAR_REGS, ZCNIC_BAR_REGS_SIZE },
        { ZCNIC_BAR_MSIX, ZCNIC_BAR_MSIX_SIZE },
    };

    for (int i = 0; i < ARRAY_SIZE(bars); i++) {
        pcibus_t base = pci_get_bar_addr(s->owner, bars[i].bar);

        if (base != PCI_BAR_UNMAPPED &&
            zcnic_ranges_overlap(addr, len, base, bars[i].size)) {
            return true;
        }
    }
    return false;
}

/* spec 4.1: ring registers as validated at enable and at each doorbell */
bool zcnic_ring_check(ZcnicCore *s, ZcnicRing *r, uint32_t err,
                      const char *name)
{
    if (r->size < ZCNIC_RING_MIN || r->size > ZCNIC_RING_MAX ||
        !is_power_of_2(r->size)) {
        zcnic_guest_error(s, err, "%s ring size %u invalid", name, r->size);
        return false;
    }
    if (!r->base || (r->base & (ZCNIC_RING_ALIGN - 1))) {
        zcnic_guest_error(s, err, "%s ring base 0x%" PRIx64 " invalid",
                          name, r->base);
        return false;
    }
    if (r->tail >= r->size) {
        zcnic_guest_error(s, err, "%s tail %u beyond ring size %u",
                          name, r->tail, r->size);
        return false;
    }
    if (zcnic_addr_in_own_bar(s, r->base, (uint64_t)r->size *
                              ZCNIC_DESC_SIZE)) {
        zcnic_guest_error(s, err, "%s ring at 0x%" PRIx64 " is inside the "
                          "device's BARs", name, r->base);
        return false;
    }
    return true;
}

/* spec 4.10: queue QI's RX_EN and TX_EN; queue 0's are CTRL's */
uint32_t zcnic_qctrl(ZcnicCore *s, unsigned qi)
{
    return (qi ? s->q[qi].ctrl : s->ctrl) & ZCNIC_Q_CTRL_RW_MASK;
}

/* spec 6: an error of a direction stops every queue's ring of it */
bool zcnic_tx_running(ZcnicCore *s, unsigned qi)
{
    return (zcnic_qctrl(s, qi) & ZCNIC_CTRL_TX_EN) &&
           !(s->err_status & ZCNIC_ERR_TX_MASK);
}

bool zcnic_rx_running(ZcnicCore *s, unsigned qi)
{
    return (zcnic_qctrl(s, qi) & ZCNIC_CTRL_RX_EN) &&
           !(s->err_status & ZCNIC_ERR_RX_MASK);
}

dma_addr_t zcnic_desc_addr(ZcnicRing *r, uint32_t idx)
{
    return r->base + (uint64_t)idx * ZCNIC_DESC_SIZE;
}

/* spec 4.2: the one read of a descriptor; D is what the device acts on */
bool zcnic_desc_read(ZcnicCore *s, ZcnicRing *r, uint32_t idx,
                     ZcnicDesc *d)
{
    uint64_t w[2];

    if ((r->is_tx && zcnic_fault(s, ZCNIC_FAULT_TX_DMA)) ||
        pci_dma_read(s->owner, zcnic_desc_addr(r, idx), w,
                     sizeof(w)) != MEMTX_OK) {
        return false;
    }
    d->addr = le64_to_cpu(w[0]);
    d->cmd = le64_to_cpu(w[1]);
    return true;
}

/*
 * spec 4.2: word 1 goes back last, with DONE, in one 8-byte store.
 * pci_dma_write() copies with memmove(), which on x86-64 stores 8 bytes as
 * two overlapping 8-byte stores: a driver that saw DONE after the first,
 * took the descriptor and cleared the word got DONE back from the second,
 * on a descriptor it had freed.
 */
bool zcnic_desc_done(ZcnicCore *s, ZcnicRing *r, uint32_t idx,
                     uint64_t cmd)
{
    MemTxResult res;

    smp_mb();   /* what the frame wrote before DONE, as dma_barrier() */
    address_space_stq_le(pci_get_address_space(s->owner),
                         zcnic_desc_addr(r, idx) + ZCNIC_DESC_CMD,
                         cmd | ZCNIC_DESC_DONE, MEMTXATTRS_UNSPECIFIED, &res);
    return res == MEMTX_OK;
}

/*
 * spec 11.1: after a frame whose first descriptor was FIRST, DONE on a
 * descriptor software did not give the device: the one at TAIL (lie
 * UNPOSTED), or the one before the frame, completed before (DUP_DONE).
 */
void zcnic_lie_ring(ZcnicCore *s, ZcnicRing *r, unsigned lie,
                    uint32_t first)
{
    uint64_t wb = ZCNIC_DESC_EOP | 64;

    if (lie == ZCNIC_LIE_UNPOSTED) {
        zcnic_desc_done(s, r, r->tail, wb);
    } else if (lie == ZCNIC_LIE_DUP_DONE) {
        zcnic_desc_done(s, r, (first - 1) & (r->size - 1), wb);
    }
}

uint32_t zcnic_desc_len(uint64_t cmd)
{
    return extract64(cmd, ZCNIC_DESC_LEN_SHIFT, ZCNIC_DESC_LEN_WIDTH);
}

uint32_t zcnic_ring_posted(ZcnicRing *r)
{
    return (r->tail - r->head) & (r->size - 1);
}

/*
 * spec 3.4: CTRL.RESET puts every register back to its "On reset" value
 * (the register map's), and drops what the device holds.
 */
void zcnic_core_reset(ZcnicCore *s)
{
    trace_zcnic_reset();
    zcnic_regs_reset(s);
    for (unsigned qi = 0; qi < ZCNIC_QUEUES_MAX; qi++) {
        ZcnicQueue *q = &s->q[qi];

        q->ctrl = 0;
        q->tx = (ZcnicRing) { .size = ZCNIC_RESET_TX_SIZE, .is_tx = true };
        q->rx = (ZcnicRing) { .size = ZCNIC_RESET_RX_SIZE };
        q->tx_shadow = 0;
        q->tx_kick = false;
        q->hdr_base = 0;
        memset(q->stats, 0, sizeof(q->stats));
        for (int i = 0; i < ZCNIC_ITR_NUM; i++) {
            q->itr[i].interval_us = 0;
            q->itr[i].next_ns = 0;
            q->itr[i].pending = false;
            timer_del(q->itr[i].timer);
        }
    }
    s->qcause = s->qmask = s->qautoclr = 0;
    s->tx_next = 0;
    s->gro.queue = 0;
    s->arp.pending = false;
    timer_del(s->arp.query_timer);
    zcnic_arp_flush(&s->arp.cache);
    s->rx_held = false;
    /* spec 4.9: no rule survives a reset */
    s->nt.valid = 0;
    memset(s->nt.rules, 0, sizeof(s->nt.rules));
    memset(s->nt.hits, 0, sizeof(s->nt.hits));
    s->nt.drops = 0;
    s->gro.len = 0;             /* a held frame goes with the ring */
    timer_del(s->gro.timer);
    /* a frame the net layer still holds is dropped with the ring */
    s->tx_waiting = false;
    qemu_purge_queued_packets(qemu_get_queue(s->owner_nic));
    zcnic_load_mac(s);
    zcnic_update_link(s);
    zcnic_update_irq(s, 0);
}

/* A PCI reset: CTRL.RESET, and what it keeps (spec 11, 11.1) goes too */
void zcnic_core_pci_reset(ZcnicCore *s)
{
    s->test.fault_fired = 0;
    s->test.lie = 0;
    s->test.lie_chance = 0;
    s->test.lies = 0;
    zcnic_core_reset(s);
    zcnic_rx_discard_held(s);
}

/*
 * spec 4.1, 4.10: enabling a queue's ring zeroes its HEAD and TAIL and
 * checks it; disabling one drops what it held.
 */
void zcnic_write_qctrl(ZcnicCore *s, unsigned qi, uint32_t val)
{
    ZcnicQueue *q = &s->q[qi];
    uint32_t old = zcnic_qctrl(s, qi);
    uint32_t rising = val & ~old;

    val &= ZCNIC_Q_CTRL_RW_MASK;
    trace_zcnic_qctrl(qi, val);
    if ((old & ~val) & ZCNIC_CTRL_RX_EN && s->gro.queue == qi) {
        zcnic_gro_flush(s, ZCNIC_SEG_STAT_FLUSH_OTHER);     /* spec 4.7 */
    }
    if ((old & ~val) & ZCNIC_CTRL_TX_EN && s->tx_waiting &&
        s->tx_wait_q == qi) {
        /*
         * spec 4.3: a frame the net layer still holds is dropped and its
         * descriptors are not written back: the ring is software's again.
         */
        s->tx_waiting = false;
        qemu_purge_queued_packets(qemu_get_queue(s->owner_nic));
        qemu_bh_schedule(s->tx_bh);     /* the other queues go on */
    }
    if (qi) {
        q->ctrl = val;
    } else {
        s->ctrl = val;
    }
    if (rising & ZCNIC_CTRL_TX_EN) {
        q->tx.head = q->tx.tail = 0;
        q->tx_kick = false;
        if (zcnic_ring_check(s, &q->tx, ZCNIC_ERR_TX_RING, "TX") &&
            q->tx_shadow) {
            /* spec 4.3.1: the block starts at tail 0, kick wanted */
            if (q->tx_shadow & (ZCNIC_SHADOW_ALIGN - 1)) {
                zcnic_guest_error(s, ZCNIC_ERR_TX_RING, "TX shadow block "
                                  "at 0x%" PRIx64 " not %d-byte aligned",
                                  q->tx_shadow, ZCNIC_SHADOW_ALIGN);
            } else if (zcnic_addr_in_own_bar(s, q->tx_shadow,
                                             ZCNIC_SHADOW_SIZE)) {
                zcnic_guest_error(s, ZCNIC_ERR_TX_RING, "TX shadow block "
                                  "at 0x%" PRIx64 " is inside the device's "
                                  "BARs", q->tx_shadow);
            } else if (zcnic_tx_shadow_write(s, q, ZCNIC_SHADOW_TX_TAIL, 0)) {
                zcnic_tx_set_kick(s, q, true);
            }
        }
    }
    if (rising & ZCNIC_CTRL_RX_EN) {
        q->rx.head = q->rx.tail = 0;
        zcnic_ring_check(s, &q->rx, ZCNIC_ERR_RX_RING, "RX");
    }
}

void zcnic_write_ctrl(ZcnicCore *s, uint32_t val)
{
    if (val & ZCNIC_CTRL_RESET) {
        zcnic_core_reset(s);
        return;
    }
    zcnic_write_qctrl(s, 0, val);
}

/*
 * spec 9: a migration stream is guest-controlled input too.  Each check
 * refuses a value the device itself can never hold; the load fails with
 * the reason, nothing is used as an index or a bound unchecked.
 */
static int G_GNUC_PRINTF(2, 3)
zcnic_load_refused(ZcnicCore *s, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_report("zcnic: migration stream refused: %s", msg);
    return -EINVAL;
}

static bool zcnic_ring_size_valid(uint32_t size)
{
    return size >= ZCNIC_RING_MIN && size <= ZCNIC_RING_MAX &&
           is_power_of_2(size);
}

/* HEAD and TAIL of an enabled queue; BASE and SIZE of a running one */
static int zcnic_ring_load_check(ZcnicCore *s, ZcnicRing *r, bool enabled,
                                 bool running, const char *name)
{
    if (!enabled) {
        return 0;       /* enabling zeroes HEAD and TAIL and checks BASE */
    }
    if (zcnic_ring_size_valid(r->size) && r->head >= r->size) {
        return zcnic_load_refused(s, "%s_HEAD %u beyond ring size %u", name,
                                  r->head, r->size);
    }
    if (running && (!zcnic_ring_size_valid(r->size) || r->tail >= r->size ||
                    !r->base || (r->base & (ZCNIC_RING_ALIGN - 1)))) {
        return zcnic_load_refused(s, "%s ring base 0x%" PRIx64 " size %u "
                                  "tail %u on a running queue", name,
                                  r->base, r->size, r->tail);
    }
    return 0;
}

/* spec 9: queue QI's rings, moderation and shadow block */
static int zcnic_queue_load_check(ZcnicCore *s, unsigned qi)
{
    ZcnicQueue *q = &s->q[qi];
    int ret;

    ret = zcnic_ring_load_check(s, &q->tx, zcnic_qctrl(s, qi) &
                                ZCNIC_CTRL_TX_EN, zcnic_tx_running(s, qi),
                                "TX");
    if (ret) {
        return ret;
    }
    ret = zcnic_ring_load_check(s, &q->rx, zcnic_qctrl(s, qi) &
                                ZCNIC_CTRL_RX_EN, zcnic_rx_running(s, qi),
                                "RX");
    if (ret) {
        return ret;
    }
    for (int i = 0; i < ZCNIC_ITR_NUM; i++) {
        if (q->itr[i].interval_us > ZCNIC_ITR_MAX) {
            return zcnic_load_refused(s, "ITR %u us above %u",
                                      q->itr[i].interval_us, ZCNIC_ITR_MAX);
        }
    }
    if (q->tx_shadow && zcnic_tx_running(s, qi) &&
        (q->tx_shadow & (ZCNIC_SHADOW_ALIGN - 1))) {
        return zcnic_load_refused(s, "TX shadow block 0x%" PRIx64 " not "
                                  "aligned on a running queue", q->tx_shadow);
    }
    return 0;
}

int zcnic_core_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;
    static const struct {
        const char *name;
        size_t off;
        uint32_t mask;
    } masked[] = {
        { "CTRL", offsetof(ZcnicCore, ctrl), ZCNIC_CTRL_RW_MASK },
        { "STATUS", offsetof(ZcnicCore, status), ZCNIC_STATUS_LINK_UP },
        { "MAC_HI", offsetof(ZcnicCore, mac_hi), ZCNIC_MAC_HI_MASK },
        { "INT_CAUSE", offsetof(ZcnicCore, int_cause), ZCNIC_INT_ALL },
        { "INT_MASK", offsetof(ZcnicCore, int_mask), ZCNIC_INT_ALL },
        { "ERR_STATUS", offsetof(ZcnicCore, err_status), ZCNIC_ERR_ALL },
        { "RX_CTRL", offsetof(ZcnicCore, rx_ctrl), ZCNIC_RX_CTRL_RW_MASK },
        { "RX_SPLIT", offsetof(ZcnicCore, split.ctrl), ZCNIC_RX_SPLIT_EN },
    };
    int ret;

    /* PCI checks the read-only bytes it masks, not the interrupt pin */
    if (s->owner->config[PCI_INTERRUPT_PIN] != 1) {
        return zcnic_load_refused(s, "PCI interrupt pin %u, not INTA",
                                  s->owner->config[PCI_INTERRUPT_PIN]);
    }
    for (int i = 0; i < ARRAY_SIZE(masked); i++) {
        uint32_t v = *(uint32_t *)((uint8_t *)s + masked[i].off);

        if (v & ~masked[i].mask) {
            return zcnic_load_refused(s, "%s 0x%x has bits outside 0x%x",
                                      masked[i].name, v, masked[i].mask);
        }
    }
    ret = zcnic_queue_load_check(s, 0);
    if (ret) {
        return ret;
    }

    /* The link belongs to the destination's netdev, not to the stream. */
    zcnic_core_set_link(s);
    /* The source completed what its net layer held (spec 9): go on. */
    s->tx_waiting = false;
    s->tx_next = 0;
    s->rx_held = false;
    qemu_bh_schedule(s->tx_bh);
    return 0;
}

/* spec 8: the ARP block's registers and records */
int zcnic_core_arp_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;

    if (s->arp.ctrl & ~ZCNIC_ARP_CTRL_RW_MASK) {
        return zcnic_load_refused(s, "ARP_CTRL 0x%x", s->arp.ctrl);
    }
    if (!s->arp.ttl_s || s->arp.ttl_s > ZCNIC_ARP_TTL_MAX) {
        return zcnic_load_refused(s, "ARP_TTL %u s", s->arp.ttl_s);
    }
    for (int i = 0; i < ZCNIC_ARP_HOST_IPS; i++) {
        if (s->arp.host_ip[i] && !zcnic_arp_ip_unicast(s->arp.host_ip[i])) {
            return zcnic_load_refused(s, "ARP_HOST_IP%d 0x%08x", i,
                                      s->arp.host_ip[i]);
        }
    }
    switch (s->arp.status) {
    case ZCNIC_ARP_ST_IDLE:
        break;
    case ZCNIC_ARP_ST_RESULT:
    case ZCNIC_ARP_ST_NO_RESULT:
    case ZCNIC_ARP_ST_OVERFLOW:
    case ZCNIC_ARP_ST_BUSY:
        if (!zcnic_arp_ip_unicast(s->arp.query_ip)) {
            return zcnic_load_refused(s, "ARP_QUERY_IP 0x%08x",
                                      s->arp.query_ip);
        }
        break;
    default:
        return zcnic_load_refused(s, "ARP_QUERY_STATUS %u", s->arp.status);
    }
    /* a lookup in progress, and only then, ends by its timer */
    if ((s->arp.status == ZCNIC_ARP_ST_BUSY) !=
        timer_pending(s->arp.query_timer)) {
        return zcnic_load_refused(s, "ARP query status %u with the lookup "
                                  "timer %s", s->arp.status,
                                  timer_pending(s->arp.query_timer) ?
                                  "running" : "stopped");
    }
    if (s->arp.pending && s->arp.status != ZCNIC_ARP_ST_NO_RESULT) {
        return zcnic_load_refused(s, "an ARP query waits for a reply with "
                                  "status %u", s->arp.status);
    }
    if (s->arp.result_hi & ~ZCNIC_MAC_HI_MASK) {
        return zcnic_load_refused(s, "ARP_RESULT_MAC_HI 0x%x",
                                  s->arp.result_hi);
    }
    /* arp.n matched this device's (VMSTATE_UINT32_EQUAL) */
    if (s->arp.tbl_index >= s->arp.cache.n) {
        return zcnic_load_refused(s, "ARP_TBL_INDEX %u beyond %u entries",
                                  s->arp.tbl_index, s->arp.cache.n);
    }
    for (uint32_t i = 0; i < s->arp.cache.n; i++) {
        const ZcnicArpEntry *e = &s->arp.cache.e[i];

        if (e->expire_ns < 0 ||
            (e->expire_ns && (!zcnic_arp_ip_unicast(e->ip) ||
                              is_multicast_ether_addr(e->mac)))) {
            return zcnic_load_refused(s, "ARP record %u: IP 0x%08x expires "
                                      "at %" PRId64, i, e->ip, e->expire_ns);
        }
        for (uint32_t j = 0; j < i && e->expire_ns; j++) {
            if (s->arp.cache.e[j].expire_ns && s->arp.cache.e[j].ip == e->ip) {
                return zcnic_load_refused(s, "ARP records %u and %u are "
                                          "both for 0x%08x", j, i, e->ip);
            }
        }
    }
    return 0;
}

/* checked before the buffer is read into */
bool zcnic_core_gro_len_valid(void *opaque, int version_id)
{
    return ((ZcnicCore *)opaque)->gro.len <= ZCNIC_GRO_BUF;
}

/* spec 9: the held coalesced frame travels; its first segment is re-read */
int zcnic_core_seg_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;
    ZcnicPktInfo pi;

    if (s->mtu < ZCNIC_MTU_MIN || s->mtu > ZCNIC_MTU_MAX) {
        return zcnic_load_refused(s, "MTU %u", s->mtu);
    }
    if (s->gro.ctrl & ~ZCNIC_RX_GRO_EN) {
        return zcnic_load_refused(s, "RX_GRO 0x%x", s->gro.ctrl);
    }
    if (s->gro.timeout_us > ZCNIC_GRO_TIMEOUT_MAX) {
        return zcnic_load_refused(s, "RX_GRO_TIMEOUT %u us",
                                  s->gro.timeout_us);
    }
    if (s->gro.max_segs < ZCNIC_GRO_SEGS_MIN ||
        s->gro.max_segs > ZCNIC_GRO_SEGS_MAX) {
        return zcnic_load_refused(s, "RX_GRO_MAX_SEGS %u", s->gro.max_segs);
    }
    if (!s->gro.len) {
        timer_del(s->gro.timer);
        return 0;
    }
    /*
     * a held frame: as zcnic_gro_rx would have built it (RX_GRO_MAX_SEGS
     * may have been lowered under it since)
     */
    if (!s->gro.segs || s->gro.segs > ZCNIC_GRO_SEGS_MAX) {
        return zcnic_load_refused(s, "a held frame of %u segments",
                                  s->gro.segs);
    }
    zcnic_parse(s->gro.buf, s->gro.len, &pi);
    if (zcnic_gro_classify(s->gro.buf, pi.l3_end, &pi, &s->gro.first) !=
        ZCNIC_GRO_OK || s->gro.len < s->gro.first.hdr_len) {
        return zcnic_load_refused(s, "the held frame is not one the device "
                                  "would hold");
    }
    if (!s->gro.mss || s->gro.limit < s->gro.len ||
        s->gro.limit > s->gro.first.l3_off + ZCNIC_GRO_MAX_IP_LEN) {
        return zcnic_load_refused(s, "held frame of %u bytes: MSS %u, limit "
                                  "%u", s->gro.len, s->gro.mss,
                                  s->gro.limit);
    }
    s->gro.sum = zcnic_csum_fold(zcnic_csum_add(0, s->gro.buf +
                                                s->gro.first.hdr_len,
                                                s->gro.len -
                                                s->gro.first.hdr_len));
    return 0;
}

int zcnic_core_test_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;

    if (s->test.fault & ~ZCNIC_FAULT_ALL) {
        return zcnic_load_refused(s, "FAULT 0x%x", s->test.fault);
    }
    if (extract32(s->test.lie, ZCNIC_LIE_KIND_SHIFT, ZCNIC_LIE_KIND_WIDTH) >
        ZCNIC_LIE_MAX) {
        return zcnic_load_refused(s, "TEST_LIE 0x%x", s->test.lie);
    }
    return 0;
}

/* spec 9: RSS_CTRL and RSS_FIELDS hold no reserved bits */
int zcnic_core_rss_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;

    if (s->rss.ctrl & ~ZCNIC_RSS_CTRL_RW_MASK) {
        return zcnic_load_refused(s, "RSS_CTRL 0x%x", s->rss.ctrl);
    }
    if (s->rss.fields & ~ZCNIC_RSS_FIELDS_RW_MASK) {
        return zcnic_load_refused(s, "RSS_FIELDS 0x%x", s->rss.fields);
    }
    return 0;
}

/* spec 9: an NT_INDEX the device has; valid rules it would have taken */
int zcnic_core_nt_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;
    const char *why;

    if (s->nt.index >= ZCNIC_NT_RULES) {
        return zcnic_load_refused(s, "NT_INDEX %u", s->nt.index);
    }
    for (unsigned i = 0; i < ZCNIC_NT_RULES; i++) {
        if ((s->nt.valid >> i & 1) &&
            !zcnic_nt_rule_check(&s->nt.rules[i], s->num_queues, &why)) {
            return zcnic_load_refused(s, "ntuple rule %u: %s", i, why);
        }
    }
    return 0;
}

/* spec 9, 4.10: the queues beyond 0, their causes, and the table */
int zcnic_core_mq_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;
    uint32_t valid = zcnic_qint_valid(s) & ~(ZCNIC_QINT_RX(0) |
                                             ZCNIC_QINT_TX(0));
    int ret;

    if ((s->qcause | s->qmask | s->qautoclr) & ~valid) {
        return zcnic_load_refused(s, "queue causes 0x%x, mask 0x%x, "
                                  "autoclear 0x%x beyond %u queues",
                                  s->qcause, s->qmask, s->qautoclr,
                                  s->num_queues);
    }
    for (unsigned qi = s->num_queues; qi < ZCNIC_QUEUES_MAX; qi++) {
        if (s->q[qi].ctrl) {
            return zcnic_load_refused(s, "queue %u of %u enabled", qi,
                                      s->num_queues);
        }
    }
    for (unsigned qi = 1; qi < s->num_queues; qi++) {
        if (s->q[qi].ctrl & ~ZCNIC_Q_CTRL_RW_MASK) {
            return zcnic_load_refused(s, "queue %u Q_CTRL 0x%x", qi,
                                      s->q[qi].ctrl);
        }
        ret = zcnic_queue_load_check(s, qi);
        if (ret) {
            return ret;
        }
    }
    for (unsigned j = 0; j < ZCNIC_RSS_INDIR_ENTRIES; j++) {
        uint32_t e = extract32(s->rss.indir[j / ZCNIC_RSS_INDIR_PER_WORD],
                               ZCNIC_RSS_INDIR_SHIFT(j),
                               ZCNIC_RSS_INDIR_WIDTH);

        if (e >= s->num_queues) {
            return zcnic_load_refused(s, "RSS_INDIR entry %u: queue %u", j, e);
        }
    }
    if (s->gro.queue >= s->num_queues) {
        return zcnic_load_refused(s, "held frame for queue %u",
                                  s->gro.queue);
    }
    return 0;
}

int zcnic_core_irq_post_load(void *opaque, int version_id)
{
    ZcnicCore *s = opaque;

    if (s->int_autoclr & ~ZCNIC_INT_AUTOCLR_MASK) {
        return zcnic_load_refused(s, "INT_AUTOCLR 0x%x", s->int_autoclr);
    }
    return 0;
}

/* spec 5: the link follows the netdev; a change raises INT_LINK */
void zcnic_core_set_link(ZcnicCore *s)
{
    uint32_t old = s->status;
    bool g = zcnic_guard_enter(s);

    zcnic_update_link(s);
    trace_zcnic_link_status(!qemu_get_queue(s->owner_nic)->link_down);
    if (old != s->status) {
        zcnic_set_cause(s, ZCNIC_INT_LINK);
    }
    zcnic_guard_exit(s, g);
}

/* The core's timers, buffers and bottom half; the shell made the rest. */
void zcnic_core_realize(ZcnicCore *s)
{
    static bool regs_checked;

    if (!regs_checked) {
        zcnic_regs_check();
        regs_checked = true;
    }
    for (unsigned qi = 0; qi < ZCNIC_QUEUES_MAX; qi++) {
        for (int i = 0; i < ZCNIC_ITR_NUM; i++) {
            ZcnicItr *itr = &s->q[qi].itr[i];

            itr->core = s;
            itr->vector = i == ZCNIC_ITR_RX ? ZCNIC_VEC_Q_RX(qi) :
                          ZCNIC_VEC_Q_TX(qi);
            itr->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, zcnic_itr_timer,
                                      itr);
        }
        s->q[qi].tx.is_tx = true;
    }
    s->arp.cache.n = s->arp_entries;
    s->arp.cache.e = g_new0(ZcnicArpEntry, s->arp_entries);
    s->arp.query_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                      zcnic_arp_query_done, s);
    s->gro.timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, zcnic_gro_timer, s);
    s->gro.buf = g_malloc(ZCNIC_GRO_BUF);
    s->rx_desc = g_new(ZcnicDesc, ZCNIC_RING_MAX);
    s->tx_bh = qemu_bh_new_guarded(zcnic_tx_bh, s,
                                   &DEVICE(s->owner)->mem_reentrancy_guard);
    s->vmstate = qemu_add_vm_change_state_handler(zcnic_vm_state_change, s);
}

void zcnic_core_unrealize(ZcnicCore *s)
{
    for (unsigned qi = 0; qi < ZCNIC_QUEUES_MAX; qi++) {
        for (int i = 0; i < ZCNIC_ITR_NUM; i++) {
            timer_free(s->q[qi].itr[i].timer);
        }
    }
    timer_free(s->arp.query_timer);
    timer_free(s->gro.timer);
    g_free(s->gro.buf);
    s->gro.buf = NULL;
    g_free(s->rx_desc);
    s->rx_desc = NULL;
    g_free(s->arp.cache.e);
    s->arp.cache.e = NULL;
    qemu_bh_delete(s->tx_bh);
    qemu_del_vm_change_state_handler(s->vmstate);
}
