/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: a zero-copy PCIe NIC model (QOM/PCI shell).
 *
 * The programming interface is include/zcnic/zcnic_hw.h; the normative
 * description is docs/spec.rst of the zcnic project.
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qemu/error-report.h"
#include "qemu/iov.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "net/eth.h"
#include "net/net.h"
#include "standard-headers/linux/virtio_net.h"
#include "system/dma.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "system/runstate.h"
#include "system/system.h"
#include "migration/vmstate.h"
#include "qom/object.h"

#include "zcnic/zcnic_hw.h"
#include "zcnic_parse.h"
#include "zcnic_arp.h"
#include "zcnic_seg.h"
#include "trace.h"

#define TYPE_ZCNIC "zcnic"
OBJECT_DECLARE_SIMPLE_TYPE(ZcnicState, ZCNIC)

/* spec 4: one descriptor ring; software owns tail, hardware owns head */
typedef struct ZcnicRing {
    uint64_t base;
    uint32_t size;
    uint32_t head;
    uint32_t tail;
} ZcnicRing;

/*
 * A descriptor as the device read it, once, from guest memory: every later
 * decision about it uses this copy, never a second read (spec 4.2).
 */
typedef struct ZcnicDesc {
    uint64_t addr;
    uint64_t cmd;
} ZcnicDesc;

enum {
    ZCNIC_STAT_TX_FRAMES,
    ZCNIC_STAT_TX_BYTES,
    ZCNIC_STAT_RX_FRAMES,
    ZCNIC_STAT_RX_BYTES,
    ZCNIC_STAT_RX_DROP_DISABLED,
    ZCNIC_STAT_RX_DROP_FILTER,
    ZCNIC_STAT_RX_DROP_SIZE,
    ZCNIC_STAT_RX_CSUM_BAD,
    ZCNIC_STAT_TX_BOUNCED,
    ZCNIC_STAT_TX_CSUM,
    ZCNIC_STAT_NUM,
};
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_TX_FRAMES + 4 * (ZCNIC_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_LAST);

/* spec 7: header split counters, from ZCNIC_REG_STAT_SPLIT on */
enum {
    ZCNIC_SPLIT_STAT_SPLIT,
    ZCNIC_SPLIT_STAT_NOTIP,
    ZCNIC_SPLIT_STAT_FRAG,
    ZCNIC_SPLIT_STAT_OVERFLOW,
    ZCNIC_SPLIT_STAT_BADLEN,
    ZCNIC_SPLIT_STAT_NUM,
};
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_SPLIT + 4 * (ZCNIC_SPLIT_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_SPLIT_LAST);

/* spec 5.2: moderation state of the RX and TX vectors */
typedef struct ZcnicItr {
    uint32_t interval_us;
    int64_t next_ns;        /* earliest time the vector may fire again */
    bool pending;           /* a message waits for next_ns */
    QEMUTimer *timer;
} ZcnicItr;

/* spec 7: ARP counters, from ZCNIC_REG_STAT_ARP_ANSWERED on */
enum {
    ZCNIC_ARP_STAT_ANSWERED,
    ZCNIC_ARP_STAT_LEARNED,
    ZCNIC_ARP_STAT_UPDATED,
    ZCNIC_ARP_STAT_EXPIRED,
    ZCNIC_ARP_STAT_OVERFLOW,
    ZCNIC_ARP_STAT_QUERY_HIT,
    ZCNIC_ARP_STAT_QUERY_MISS,
    ZCNIC_ARP_STAT_REQ_SENT,
    ZCNIC_ARP_STAT_MALFORMED,
    ZCNIC_ARP_STAT_NUM,
};
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_ARP_ANSWERED + 4 * (ZCNIC_ARP_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_ARP_LAST);

/* spec 4.6, 4.7: segmentation and coalescing counters, from 0x00c0 on */
enum {
    ZCNIC_SEG_STAT_TSO_FRAMES,
    ZCNIC_SEG_STAT_TSO_SEGS,
    ZCNIC_SEG_STAT_USO_FRAMES,
    ZCNIC_SEG_STAT_USO_SEGS,
    ZCNIC_SEG_STAT_GRO_FRAMES,
    ZCNIC_SEG_STAT_GRO_SEGS,
    ZCNIC_SEG_STAT_FLUSH_TIMER,     /* flush reasons, in this order */
    ZCNIC_SEG_STAT_FLUSH_FULL,
    ZCNIC_SEG_STAT_FLUSH_END,
    ZCNIC_SEG_STAT_FLUSH_FLAGS,
    ZCNIC_SEG_STAT_FLUSH_OOO,
    ZCNIC_SEG_STAT_FLUSH_HDR,
    ZCNIC_SEG_STAT_FLUSH_OTHER,
    ZCNIC_SEG_STAT_PASSED,
    ZCNIC_SEG_STAT_NUM,
};
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_TSO_FRAMES + 4 * (ZCNIC_SEG_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_SEG_LAST);

/* a coalesced frame: Ethernet and VLAN headers plus a 64 KB IP packet */
#define ZCNIC_GRO_BUF   (ZCNIC_GRO_MAX_IP_LEN + 22)

enum {
    ZCNIC_ITR_RX,
    ZCNIC_ITR_TX,
    ZCNIC_ITR_NUM,
};

struct ZcnicState {
    PCIDevice parent_obj;

    NICState *nic;
    NICConf conf;

    MemoryRegion mmio;
    MemoryRegion msix;

    /* registers (spec 3) */
    uint32_t ctrl;
    uint32_t status;
    uint32_t mac_lo;
    uint32_t mac_hi;
    uint32_t int_cause;
    uint32_t int_mask;
    uint32_t int_autoclr;
    uint32_t err_status;
    uint32_t stats[ZCNIC_STAT_NUM];
    uint32_t rx_ctrl;
    uint64_t mc_hash;
    uint32_t rx_split;
    uint32_t rx_hdr_size;
    uint64_t rx_hdr_base;
    uint32_t split_stats[ZCNIC_SPLIT_STAT_NUM];
    ZcnicRing tx;
    ZcnicRing rx;
    uint64_t tx_shadow;         /* spec 4.3.1: 0 = no shadow block */
    bool tx_kick;               /* 1 is in its SHADOW_TX_KICK */
    ZcnicItr itr[ZCNIC_ITR_NUM];

    /* ARP offload (spec 8) */
    uint32_t arp_ctrl;
    uint32_t arp_ttl_s;
    uint32_t arp_host_ip[ZCNIC_ARP_HOST_IPS];
    uint32_t arp_query_ip;
    uint32_t arp_status;
    uint32_t arp_result_lo;
    uint32_t arp_result_hi;
    bool arp_pending;           /* a missed query waits for the reply */
    uint32_t arp_tbl_index;
    uint32_t arp_stats[ZCNIC_ARP_STAT_NUM];
    QEMUTimer *arp_query_timer; /* the lookup of a query ends */
    ZcnicArpCache arp;          /* .e: arp_n entries */
    /* the frame the net layer re-delivers was held after its ARP step */
    bool rx_held;
    /* a reset drops what the net layer held: not migrated, never set after */
    bool rx_discard;

    /* segmentation offload (spec 4.6) and receive coalescing (spec 4.7) */
    uint32_t mtu;
    uint32_t rx_gro;
    uint32_t gro_timeout_us;
    uint32_t gro_max_segs;
    uint32_t seg_stats[ZCNIC_SEG_STAT_NUM];
    uint32_t gro_len;           /* bytes held in gro_buf; 0: none */
    uint32_t gro_segs;          /* segments in it */
    uint32_t gro_mss;           /* the first one's payload */
    uint32_t gro_next_seq;      /* sequence number that may join */
    uint32_t gro_limit;         /* bytes the posted RX buffers hold */
    uint16_t gro_sum;           /* ones' complement sum of the payload */
    bool gro_psh;
    ZcnicGroSeg gro_first;      /* the first segment, classified */
    QEMUTimer *gro_timer;
    uint8_t *gro_buf;           /* ZCNIC_GRO_BUF bytes */

    /* spec 4.6: the backend takes a virtio-net header (tap vnet_hdr) */
    bool has_vnet;

    /* spec 11: test registers and armed faults */
    uint32_t test_reg;
    uint64_t test_dma_addr;
    uint32_t test_dma_size;
    uint32_t fault;
    /* spec 11, 11.1: kept over CTRL.RESET, cleared by a PCI reset */
    uint32_t fault_fired;       /* FAULT_FIRED: a byte a fault */
    uint32_t lie;               /* TEST_LIE */
    uint32_t lie_chance;        /* chances since the last lie */
    uint32_t lies;              /* lies told: varies the next one */

    /* TX: a frame handed to the net layer that it queued (spec 4.3) */
    bool tx_waiting;
    VMChangeStateEntry *vmstate;
    uint32_t tx_wait_n;         /* its descriptors, from TX_HEAD on */
    uint64_t tx_wait_cmd[ZCNIC_TX_MAX_FRAGS];   /* as read, for write-back */
    /* RX: the descriptors of the frame being delivered, read once */
    ZcnicDesc *rx_desc;         /* ZCNIC_RING_MAX entries */
    QEMUBH *tx_bh;
    /* TX buffers that could not be mapped are copied here */
    uint8_t tx_bounce[ZCNIC_TSO_MAX_LEN];

    /* properties */
    uint16_t version_major;
    uint32_t arp_n;             /* "arp-entries" */
    bool vnet_hdr;              /* "vnet-hdr" */
};

/* spec 5: which MSI-X vector signals each cause */
static const struct {
    uint32_t causes;
    unsigned vector;
    int itr;                /* moderation slot, or -1 */
} zcnic_vec_map[] = {
    { ZCNIC_INT_LINK | ZCNIC_INT_ERR | ZCNIC_INT_ARP, ZCNIC_VEC_MISC, -1 },
    { ZCNIC_INT_RX, ZCNIC_VEC_RX, ZCNIC_ITR_RX },
    { ZCNIC_INT_TX, ZCNIC_VEC_TX, ZCNIC_ITR_TX },
};

/*
 * spec 5.1: RX and TX auto-mask: sending their vector clears their INT_MASK
 * bit, so the handler needs no register write; software sets it again
 * (INT_MASK_SET) when it has processed the ring.
 */
/* spec 11: whether fault F is armed; a one-shot fault is disarmed. */
static bool zcnic_fault(ZcnicState *s, uint32_t f)
{
    if (!(s->fault & f)) {
        return false;
    }
    if (f != ZCNIC_FAULT_TX_STALL) {
        s->fault &= ~f;
    }
    /* FAULT_FIRED: one wrapping byte a fault */
    s->fault_fired = deposit32(s->fault_fired, ctz32(f) * 8, 8,
                               extract32(s->fault_fired, ctz32(f) * 8, 8) +
                               1);
    trace_zcnic_fault(f);
    return true;
}

/*
 * spec 11.1: whether the device tells lie KIND at this chance: at one in
 * TEST_LIE.EVERY + 1.
 */
static bool zcnic_lie(ZcnicState *s, unsigned kind)
{
    if (extract32(s->lie, ZCNIC_LIE_KIND_SHIFT, ZCNIC_LIE_KIND_WIDTH) !=
        kind) {
        return false;
    }
    if (s->lie_chance++ < extract32(s->lie, ZCNIC_LIE_EVERY_SHIFT,
                                    ZCNIC_LIE_EVERY_WIDTH)) {
        return false;
    }
    s->lie_chance = 0;
    s->lies++;
    trace_zcnic_lie(kind, s->lies);
    return true;
}

/*
 * The lie about a frame, if one is told now; 0: the truth.  TX frames are
 * lied about only with DONE on descriptors (UNPOSTED, DUP_DONE).
 */
static unsigned zcnic_lie_frame(ZcnicState *s, bool tx)
{
    unsigned kind = extract32(s->lie, ZCNIC_LIE_KIND_SHIFT,
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
static bool zcnic_guard_enter(ZcnicState *s)
{
    MemReentrancyGuard *g = &DEVICE(s)->mem_reentrancy_guard;

    if (g->engaged_in_io) {
        return false;
    }
    g->engaged_in_io = true;
    return true;
}

static void zcnic_guard_exit(ZcnicState *s, bool entered)
{
    if (entered) {
        DEVICE(s)->mem_reentrancy_guard.engaged_in_io = false;
    }
}

static void zcnic_msix_send(ZcnicState *s, int i)
{
    uint32_t fire = s->int_cause & s->int_mask & zcnic_vec_map[i].causes;

    if (!fire) {
        return;
    }
    if (zcnic_vec_map[i].itr >= 0) {
        ZcnicItr *itr = &s->itr[zcnic_vec_map[i].itr];
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

        if (itr->interval_us && now < itr->next_ns) {
            /* spec 5.2: too early: send when the interval has passed */
            if (!itr->pending) {
                itr->pending = true;
                timer_mod(itr->timer, itr->next_ns);
                trace_zcnic_irq_moderated(zcnic_vec_map[i].vector,
                                          itr->next_ns - now);
            }
            return;
        }
        itr->pending = false;
        itr->next_ns = now + (int64_t)itr->interval_us * SCALE_US;
        s->int_mask &= ~zcnic_vec_map[i].causes;
    }
    if (zcnic_fault(s, ZCNIC_FAULT_LOSE_IRQ)) {
        return;     /* spec 11: auto-masked, and the message is lost */
    }
    /* spec 5.1: INT_AUTOCLR causes are acknowledged by sending */
    s->int_cause &= ~(fire & s->int_autoclr);
    trace_zcnic_irq_msix(zcnic_vec_map[i].vector, fire);
    msix_notify(PCI_DEVICE(s), zcnic_vec_map[i].vector);
}

/*
 * spec 5: an interrupt is signalled when a cause bit becomes set while it is
 * enabled, or is enabled while set.  With MSI-X each such event sends the
 * cause's vector once; with INTx the line is the OR of enabled causes.
 */
static void zcnic_update_irq(ZcnicState *s, uint32_t newly_set)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t pending = s->int_cause & s->int_mask;

    trace_zcnic_irq_update(s->int_cause, s->int_mask);
    if (msix_enabled(d)) {
        for (int i = 0; i < ARRAY_SIZE(zcnic_vec_map); i++) {
            if (newly_set & s->int_mask & zcnic_vec_map[i].causes) {
                zcnic_msix_send(s, i);
            }
        }
        return;
    }
    if (pending && newly_set && zcnic_fault(s, ZCNIC_FAULT_LOSE_IRQ)) {
        return;     /* spec 11: the line stays as it was */
    }
    pci_set_irq(d, pending != 0);
}

static void zcnic_itr_timer(void *opaque, int slot)
{
    ZcnicState *s = opaque;
    bool g = zcnic_guard_enter(s);

    if (s->itr[slot].pending && msix_enabled(PCI_DEVICE(s))) {
        s->itr[slot].pending = false;
        s->itr[slot].next_ns = 0;
        zcnic_msix_send(s, slot + 1);   /* zcnic_vec_map order */
    }
    zcnic_guard_exit(s, g);
}

static void zcnic_itr_rx_timer(void *opaque)
{
    zcnic_itr_timer(opaque, ZCNIC_ITR_RX);
}

static void zcnic_itr_tx_timer(void *opaque)
{
    zcnic_itr_timer(opaque, ZCNIC_ITR_TX);
}

static void zcnic_set_cause(ZcnicState *s, uint32_t cause)
{
    uint32_t newly_set = cause & ~s->int_cause;

    s->int_cause |= cause;
    zcnic_update_irq(s, newly_set);
}

/*
 * spec 11.1, lie IRQ: every vector is sent and INT_CAUSE.ERR set with
 * nothing done and no ERR_STATUS bit behind it.
 */
static void zcnic_lie_irq(ZcnicState *s)
{
    PCIDevice *d = PCI_DEVICE(s);

    if (!zcnic_lie(s, ZCNIC_LIE_IRQ)) {
        return;
    }
    s->int_cause |= ZCNIC_INT_ERR;
    if (msix_enabled(d)) {
        for (int v = 0; v < ZCNIC_MSIX_VECTORS; v++) {
            msix_notify(d, v);
        }
    } else {
        zcnic_update_irq(s, 0);     /* INTx: the line follows ERR */
    }
}

static void zcnic_load_mac(ZcnicState *s)
{
    const uint8_t *m = s->conf.macaddr.a;

    s->mac_lo = ldl_le_p(m);
    s->mac_hi = lduw_le_p(m + 4);
}

static void zcnic_own_mac(ZcnicState *s, uint8_t *mac)
{
    stl_le_p(mac, s->mac_lo);
    stw_le_p(mac + 4, s->mac_hi);
}

static void zcnic_update_link(ZcnicState *s)
{
    NetClientState *nc = qemu_get_queue(s->nic);

    if (nc->link_down) {
        s->status &= ~ZCNIC_STATUS_LINK_UP;
    } else {
        s->status |= ZCNIC_STATUS_LINK_UP;
    }
}

/* spec 6: a guest error sets a sticky bit, stops the queue, raises INT_ERR */
static void G_GNUC_PRINTF(3, 4)
zcnic_guest_error(ZcnicState *s, uint32_t err, const char *fmt, ...)
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
static bool zcnic_addr_in_own_bar(ZcnicState *s, uint64_t addr, uint64_t len)
{
    static const struct {
        int bar;
        uint64_t size;
    } bars[] = {
        { ZCNIC_BAR_REGS, ZCNIC_BAR_REGS_SIZE },
        { ZCNIC_BAR_MSIX, ZCNIC_BAR_MSIX_SIZE },
    };

    for (int i = 0; i < ARRAY_SIZE(bars); i++) {
        pcibus_t base = pci_get_bar_addr(PCI_DEVICE(s), bars[i].bar);

        if (base != PCI_BAR_UNMAPPED &&
            zcnic_ranges_overlap(addr, len, base, bars[i].size)) {
            return true;
        }
    }
    return false;
}

/* spec 4.1: ring registers as validated at enable and at each doorbell */
static bool zcnic_ring_check(ZcnicState *s, ZcnicRing *r, uint32_t err,
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

static bool zcnic_tx_running(ZcnicState *s)
{
    return (s->ctrl & ZCNIC_CTRL_TX_EN) && !(s->err_status & ZCNIC_ERR_TX_MASK);
}

static bool zcnic_rx_running(ZcnicState *s)
{
    return (s->ctrl & ZCNIC_CTRL_RX_EN) && !(s->err_status & ZCNIC_ERR_RX_MASK);
}

static dma_addr_t zcnic_desc_addr(ZcnicRing *r, uint32_t idx)
{
    return r->base + (uint64_t)idx * ZCNIC_DESC_SIZE;
}

/* spec 4.2: the one read of a descriptor; D is what the device acts on */
static bool zcnic_desc_read(ZcnicState *s, ZcnicRing *r, uint32_t idx,
                            ZcnicDesc *d)
{
    uint64_t w[2];

    if ((r == &s->tx && zcnic_fault(s, ZCNIC_FAULT_TX_DMA)) ||
        pci_dma_read(PCI_DEVICE(s), zcnic_desc_addr(r, idx), w,
                     sizeof(w)) != MEMTX_OK) {
        return false;
    }
    d->addr = le64_to_cpu(w[0]);
    d->cmd = le64_to_cpu(w[1]);
    return true;
}

/* spec 4.2: word 1 goes back last, with DONE */
static bool zcnic_desc_done(ZcnicState *s, ZcnicRing *r, uint32_t idx,
                            uint64_t cmd)
{
    uint64_t w = cpu_to_le64(cmd | ZCNIC_DESC_DONE);

    return pci_dma_write(PCI_DEVICE(s), zcnic_desc_addr(r, idx) +
                         ZCNIC_DESC_CMD, &w, sizeof(w)) == MEMTX_OK;
}

/*
 * spec 11.1: after a frame whose first descriptor was FIRST, DONE on a
 * descriptor software did not give the device: the one at TAIL (lie
 * UNPOSTED), or the one before the frame, completed before (DUP_DONE).
 */
static void zcnic_lie_ring(ZcnicState *s, ZcnicRing *r, unsigned lie,
                           uint32_t first)
{
    uint64_t wb = ZCNIC_DESC_EOP | 64;

    if (lie == ZCNIC_LIE_UNPOSTED) {
        zcnic_desc_done(s, r, r->tail, wb);
    } else if (lie == ZCNIC_LIE_DUP_DONE) {
        zcnic_desc_done(s, r, (first - 1) & (r->size - 1), wb);
    }
}

static uint32_t zcnic_desc_len(uint64_t cmd)
{
    return extract64(cmd, ZCNIC_DESC_LEN_SHIFT, ZCNIC_DESC_LEN_WIDTH);
}

/* A TX frame as the descriptors describe it, then as mapped for sending. */
typedef struct ZcnicTxFrame {
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
static int zcnic_tx_gather(ZcnicState *s, ZcnicTxFrame *f)
{
    ZcnicRing *r = &s->tx;
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
        trace_zcnic_tx_desc(idx, d.addr, d.cmd);
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

static void zcnic_tx_unmap(ZcnicState *s, ZcnicTxFrame *f)
{
    for (uint32_t i = 0; i < f->nfrags; i++) {
        if (f->mapped[i]) {
            pci_dma_unmap(PCI_DEVICE(s), f->iov[i].iov_base,
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
static bool zcnic_tx_map(ZcnicState *s, ZcnicTxFrame *f)
{
    uint32_t bounce_off = 0;

    for (uint32_t i = 0; i < f->nfrags; i++) {
        dma_addr_t plen = f->flen[i];
        void *p;

        f->mapped[i] = false;
        /* Unassigned memory would "map" through QEMU's own bounce buffer. */
        if (!dma_memory_valid(pci_get_address_space(PCI_DEVICE(s)),
                              f->addr[i], f->flen[i], DMA_DIRECTION_TO_DEVICE,
                              MEMTXATTRS_UNSPECIFIED)) {
            f->nfrags = i;
            zcnic_tx_unmap(s, f);
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA,
                              "TX buffer 0x%" PRIx64 "+%u unreadable",
                              f->addr[i], f->flen[i]);
            return false;
        }
        p = pci_dma_map(PCI_DEVICE(s), f->addr[i], &plen,
                        DMA_DIRECTION_TO_DEVICE);
        if (p && plen == f->flen[i]) {
            f->iov[i].iov_base = p;
            f->iov[i].iov_len = plen;
            f->mapped[i] = true;
            continue;
        }
        if (p) {
            pci_dma_unmap(PCI_DEVICE(s), p, plen, DMA_DIRECTION_TO_DEVICE, 0);
        }
        if (pci_dma_read(PCI_DEVICE(s), f->addr[i], s->tx_bounce + bounce_off,
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

/* Ones' complement sum of LEN bytes from OFF of an iovec. */
static uint32_t zcnic_csum_iov(const struct iovec *iov, int cnt, size_t off,
                               size_t len)
{
    uint32_t sum = 0;
    size_t pos = 0;     /* bytes summed so far: parity of the next byte */

    for (int i = 0; i < cnt && len; i++) {
        const uint8_t *p = iov[i].iov_base;
        size_t n = iov[i].iov_len;

        if (off >= n) {
            off -= n;
            continue;
        }
        p += off;
        n = MIN(n - off, len);
        off = 0;
        if (pos & 1) {
            sum += *p++;        /* low byte of a word begun before */
            n--;
            len--;
            pos++;
        }
        sum = zcnic_csum_add(sum, p, n);
        len -= n;
        pos += n;
    }
    return sum;
}

/*
 * spec 4.3: the checksum replaces two bytes of the frame in the iovec sent,
 * never in guest memory.  Returns false for a request outside the frame.
 */
static bool zcnic_tx_csum(ZcnicState *s, ZcnicTxFrame *f)
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
static void zcnic_vnet_init(ZcnicState *s)
{
    NetClientState *peer = qemu_get_queue(s->nic)->peer;

    s->has_vnet = s->vnet_hdr && peer && qemu_has_vnet_hdr(peer);
    if (s->has_vnet) {
        qemu_set_vnet_hdr_len(peer, sizeof(struct virtio_net_hdr));
        qemu_set_offload(peer, 0, 0, 0, 0, 0, 0, 0);
    }
}

/* Send IOV[N] (with VH, or an empty header, if the backend takes one) */
static ssize_t zcnic_send(ZcnicState *s, const struct iovec *iov, int n,
                          NetPacketSent *sent,
                          const struct virtio_net_hdr *vh)
{
    static const struct virtio_net_hdr none;
    struct iovec v[ZCNIC_TX_MAX_FRAGS + 3];

    if (!s->has_vnet) {
        return qemu_sendv_packet_async(qemu_get_queue(s->nic), iov, n, sent);
    }
    assert(n < ARRAY_SIZE(v));
    v[0].iov_base = (void *)(vh ? vh : &none);
    v[0].iov_len = sizeof(*vh);
    memcpy(v + 1, iov, n * sizeof(*iov));
    return qemu_sendv_packet_async(qemu_get_queue(s->nic), v, n + 1, sent);
}

/*
 * spec 4.6: hand a checked large frame whole to a backend that segments
 * (virtio-net GSO); it counts as the NSEG segments the backend makes.
 */
static int zcnic_tx_pass(ZcnicState *s, ZcnicTxFrame *f,
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
    s->stats[ZCNIC_STAT_TX_FRAMES] += nseg;
    s->stats[ZCNIC_STAT_TX_BYTES] += f->len + (nseg - 1) * hdr_len;
    s->seg_stats[ZCNIC_SEG_STAT_PASSED]++;
    return zcnic_send(s, f->out, n, zcnic_tx_sent, &vh) ? 1 : 0;
}

/*
 * spec 4.6: send the frame as segments of MSS payload bytes, each with the
 * frame's headers fixed up; payload goes from the mapped guest buffers.
 * Returns -1 after a guest error (nothing sent), 0 if the net layer queued
 * the last segment (zcnic_tx_sent completes the frame), 1 when all went.
 */
static int zcnic_tx_segment(ZcnicState *s, ZcnicTxFrame *f)
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
    NetClientState *nc = qemu_get_queue(s->nic);
    enum zcnic_seg_err err;
    ZcnicSegInfo si;
    uint32_t nseg;
    int ret = 1;

    if (type != ZCNIC_TXD_SEG_TCP && !udp) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: SEG %u "
                          "reserved", s->tx.head, type);
        return -1;
    }
    if (!mss) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: "
                          "segmentation with MSS 0", s->tx.head);
        return -1;
    }
    if (!hdr_len || hdr_len >= f->len) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: HDR_LEN "
                          "%u leaves no payload in the %u-byte frame",
                          s->tx.head, hdr_len, f->len);
        return -1;
    }
    iov_to_buf(f->iov, f->nfrags, 0, f->seg_tmpl, hdr_len);
    err = zcnic_seg_parse(f->seg_tmpl, hdr_len, udp, &si);
    if (err != ZCNIC_SEG_OK) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: cannot "
                          "segment as %s: %s", s->tx.head, udp ? "UDP" : "TCP",
                          why[err]);
        return -1;
    }
    if (hdr_len - si.l3_off + mss > s->mtu) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: MSS %u "
                          "with %zu header bytes exceeds the MTU %u",
                          s->tx.head, mss, hdr_len - si.l3_off, s->mtu);
        return -1;
    }
    nseg = DIV_ROUND_UP(f->len - hdr_len, mss);
    if (nseg > ZCNIC_TSO_MAX_SEGS) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DESC, "TX descriptor %u: %u "
                          "segments, more than %u", s->tx.head, nseg,
                          ZCNIC_TSO_MAX_SEGS);
        return -1;
    }
    trace_zcnic_tx_seg(s->tx.head, udp, f->len, hdr_len, mss, nseg);
    s->seg_stats[udp ? ZCNIC_SEG_STAT_USO_FRAMES
                     : ZCNIC_SEG_STAT_TSO_FRAMES]++;
    s->seg_stats[udp ? ZCNIC_SEG_STAT_USO_SEGS
                     : ZCNIC_SEG_STAT_TSO_SEGS] += nseg;
    if (s->has_vnet && (!udp || qemu_has_uso(nc->peer))) {
        return zcnic_tx_pass(s, f, &si, mss, nseg);
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
        s->stats[ZCNIC_STAT_TX_FRAMES]++;
        s->stats[ZCNIC_STAT_TX_BYTES] += hdr_len + pay;
    }
    return ret;
}

/*
 * spec 4.2: write back the N descriptors of the frame at the head, DONE
 * last in each: word 1 as the device read it (CMD), never read again.
 */
static bool zcnic_tx_complete(ZcnicState *s, uint32_t n, const uint64_t *cmd)
{
    ZcnicRing *r = &s->tx;
    uint32_t i = r->head, first = r->head;
    unsigned lie = zcnic_lie_frame(s, true);

    for (uint32_t k = 0; k < n; k++) {
        if (!zcnic_desc_done(s, r, i, cmd[k])) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA,
                              "TX write-back of descriptor %u failed", i);
            return false;
        }
        trace_zcnic_tx_wb(i, cmd[k] | ZCNIC_DESC_DONE);
        i = (i + 1) & (r->size - 1);
    }
    r->head = i;
    zcnic_lie_ring(s, r, lie, first);
    return true;
}

static void zcnic_tx_process(ZcnicState *s);

/*
 * spec 4.3.1: the device's half of the TX shadow block.  SHADOW_TX_KICK
 * tells software whether to ring TX_TAIL: 0 while the device works through
 * the ring, 1 once it has stopped.
 */
static bool zcnic_tx_shadow_write(ZcnicState *s, hwaddr off, uint32_t val)
{
    uint32_t le = cpu_to_le32(val);

    if (pci_dma_write(PCI_DEVICE(s), s->tx_shadow + off, &le, 4) !=
        MEMTX_OK) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_DMA, "TX shadow block at 0x%"
                          PRIx64 " not writable", s->tx_shadow);
        return false;
    }
    return true;
}

static bool zcnic_tx_set_kick(ZcnicState *s, bool kick)
{
    if (!zcnic_tx_shadow_write(s, ZCNIC_SHADOW_TX_KICK, kick)) {
        return false;
    }
    s->tx_kick = kick;
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
static bool zcnic_tx_shadow_poll(ZcnicState *s)
{
    for (int pass = 0; pass < 2; pass++) {
        uint32_t t;

        if (pci_dma_read(PCI_DEVICE(s), s->tx_shadow + ZCNIC_SHADOW_TX_TAIL,
                         &t, 4) != MEMTX_OK) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_DMA, "TX shadow block at 0x%"
                              PRIx64 " not readable", s->tx_shadow);
            return false;
        }
        t = le32_to_cpu(t);
        if (t != s->tx.tail) {
            trace_zcnic_tx_shadow_tail(t);
            s->tx.tail = t;
            if (s->tx_kick && !zcnic_tx_set_kick(s, false)) {
                return false;
            }
            return zcnic_ring_check(s, &s->tx, ZCNIC_ERR_TX_RING, "TX");
        }
        if (pass == 0) {
            if (!s->tx_kick && !zcnic_tx_set_kick(s, true)) {
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
    ZcnicState *s = qemu_get_nic_opaque(nc);
    bool g;

    if (!s->tx_waiting) {
        return;     /* purged by a reset, or TX_EN was cleared */
    }
    g = zcnic_guard_enter(s);
    s->tx_waiting = false;
    if (zcnic_tx_complete(s, s->tx_wait_n, s->tx_wait_cmd)) {
        zcnic_set_cause(s, ZCNIC_INT_TX);
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

static void zcnic_vm_state_change(void *opaque, bool running, RunState state)
{
    ZcnicState *s = opaque;

    if (running) {
        qemu_bh_schedule(s->tx_bh);
    }
}

/*
 * spec 4.3: send every complete frame between head and tail.  A frame whose
 * EOP descriptor is not posted yet waits for the next doorbell; while the
 * net layer holds a frame, later ones wait for it.
 */
static void zcnic_tx_process(ZcnicState *s)
{
    ZcnicRing *r = &s->tx;
    ZcnicTxFrame f;
    bool sent = false;
    uint32_t polls = 0;

    if (s->tx_waiting || !zcnic_tx_running(s) ||
        !zcnic_ring_check(s, r, ZCNIC_ERR_TX_RING, "TX") ||
        zcnic_fault(s, ZCNIC_FAULT_TX_STALL)) {
        return;
    }
    /* spec 4.3.1: working now; software need not ring */
    if (s->tx_shadow && s->tx_kick && !zcnic_tx_set_kick(s, false)) {
        return;
    }
again:
    /* Bounded: each pass consumes at least one descriptor. */
    while (r->head != r->tail) {
        int end = zcnic_tx_gather(s, &f);
        ssize_t ret;

        if (end < 0) {
            break;
        }
        if (!zcnic_tx_map(s, &f)) {
            break;
        }
        trace_zcnic_tx_frame(r->head, f.nfrags, f.len);
        if (extract64(f.first_cmd, ZCNIC_TXD_SEG_SHIFT, ZCNIC_TXD_SEG_WIDTH)) {
            ret = zcnic_tx_segment(s, &f);
            if (ret < 0) {
                zcnic_tx_unmap(s, &f);
                break;
            }
        } else {
            if (!zcnic_tx_csum(s, &f)) {
                zcnic_tx_unmap(s, &f);
                break;
            }
            ret = zcnic_send(s, f.out, f.nout, zcnic_tx_sent, NULL);
            s->stats[ZCNIC_STAT_TX_FRAMES]++;
            s->stats[ZCNIC_STAT_TX_BYTES] += f.len;
        }
        /* The net layer copied the frame if it queued it: unmap either way. */
        zcnic_tx_unmap(s, &f);
        if (ret == 0) {
            s->tx_waiting = true;
            s->tx_wait_n = f.nfrags;
            memcpy(s->tx_wait_cmd, f.cmd, f.nfrags * sizeof(f.cmd[0]));
            break;
        }
        if (!zcnic_tx_complete(s, f.nfrags, f.cmd)) {
            break;
        }
        sent = true;
    }
    /*
     * spec 4.3.1: the ring ran dry or ends in a frame not posted whole;
     * software may have moved the tail meanwhile.  A guest that keeps
     * moving it gets a ring's worth of polls, then the main loop's turn.
     */
    if (s->tx_shadow && !s->tx_waiting && zcnic_tx_running(s) &&
        zcnic_tx_shadow_poll(s)) {
        if (++polls < r->size) {
            goto again;
        }
        qemu_bh_schedule(s->tx_bh);
    }
    if (sent) {
        zcnic_set_cause(s, ZCNIC_INT_TX);
    }
}

static void zcnic_tx_bh(void *opaque)
{
    /*
     * spec 9: a doorbell just before the VM stopped sends nothing from here
     * while it is stopped; zcnic_vm_state_change schedules this again.
     */
    if (runstate_is_running()) {
        zcnic_tx_process(opaque);
    }
}

static uint32_t zcnic_ring_posted(ZcnicRing *r)
{
    return (r->tail - r->head) & (r->size - 1);
}

static bool zcnic_nc_can_receive(NetClientState *nc)
{
    ZcnicState *s = qemu_get_nic_opaque(nc);

    /* Frames that will be dropped are accepted (and counted). */
    if (!zcnic_rx_running(s)) {
        return true;
    }
    return zcnic_ring_posted(&s->rx) > 0;
}

/*
 * spec 4.4: own MAC and broadcast; multicast with ALLMULTI or its hash bit;
 * everything with PROMISC.
 */
static bool zcnic_rx_filter(ZcnicState *s, const uint8_t *buf)
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
static uint64_t zcnic_rx_status(ZcnicState *s, const uint8_t *buf,
                                const ZcnicPktInfo *pi)
{
    uint64_t st = 0;
    enum zcnic_csum ip, l4;

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

/* spec 4.5: the header buffer registers, checked when split is in use */
static bool zcnic_split_check(ZcnicState *s)
{
    if (s->rx_hdr_size < ZCNIC_HDR_SIZE_MIN ||
        s->rx_hdr_size > ZCNIC_HDR_SIZE_MAX ||
        s->rx_hdr_size % ZCNIC_HDR_SIZE_MIN) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_RING, "RX header buffer size %u "
                          "invalid", s->rx_hdr_size);
        return false;
    }
    if (!s->rx_hdr_base || (s->rx_hdr_base & (ZCNIC_RING_ALIGN - 1))) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_RING, "RX header base 0x%" PRIx64
                          " invalid", s->rx_hdr_base);
        return false;
    }
    /* one header buffer per RX descriptor (spec 4.5) */
    if (zcnic_addr_in_own_bar(s, s->rx_hdr_base, (uint64_t)s->rx_hdr_size *
                              MIN(s->rx.size, ZCNIC_RING_MAX))) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_RING, "RX header buffers at 0x%"
                          PRIx64 " reach into the device's BARs",
                          s->rx_hdr_base);
        return false;
    }
    return true;
}

/*
 * spec 4.5: how many leading bytes of the frame go to the header buffer
 * (0: not split), and the first descriptor's split flags.
 */
static size_t zcnic_rx_split(ZcnicState *s, const ZcnicPktInfo *pi,
                             uint64_t *flags)
{
    static const int stat[] = {
        [ZCNIC_SPLIT_NOT_IP] = ZCNIC_SPLIT_STAT_NOTIP,
        [ZCNIC_SPLIT_FRAG] = ZCNIC_SPLIT_STAT_FRAG,
        [ZCNIC_SPLIT_BAD_LEN] = ZCNIC_SPLIT_STAT_BADLEN,
    };
    enum zcnic_split why;
    size_t hdr_len;

    *flags = 0;
    if (!(s->rx_split & ZCNIC_RX_SPLIT_EN)) {
        return 0;
    }
    why = zcnic_split_point(pi, &hdr_len);
    if (why != ZCNIC_SPLIT_OK) {
        s->split_stats[stat[why]]++;
        trace_zcnic_rx_nosplit(why);
        return 0;
    }
    if (hdr_len > s->rx_hdr_size) {
        s->split_stats[ZCNIC_SPLIT_STAT_OVERFLOW]++;
        *flags = ZCNIC_RXD_HDR_OVERFLOW;
        trace_zcnic_rx_nosplit(-1);
        return 0;
    }
    s->split_stats[ZCNIC_SPLIT_STAT_SPLIT]++;
    *flags = ZCNIC_RXD_SPLIT |
             deposit64(0, ZCNIC_RXD_HDR_LEN_SHIFT, ZCNIC_RXD_HDR_LEN_WIDTH,
                       hdr_len);
    return hdr_len;
}

/*
 * spec 8: the ARP block.  The ARP buffer is zcnic_arp.c; this is its
 * control block: learning from frames, answering for the host addresses,
 * and queries from the host.
 */
static void zcnic_arp_expired(void *opaque, const ZcnicArpEntry *e)
{
    ZcnicState *s = opaque;

    s->arp_stats[ZCNIC_ARP_STAT_EXPIRED]++;
    trace_zcnic_arp_expire(e->ip);
}

/* spec 8.2: records whose TTL ran out become invalid (and are counted) */
static int64_t zcnic_arp_now(ZcnicState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    zcnic_arp_expire(&s->arp, now, zcnic_arp_expired, s);
    return now;
}

static void zcnic_arp_set_result(ZcnicState *s, unsigned status,
                                 const uint8_t *mac)
{
    s->arp_status = status;
    s->arp_result_lo = ldl_le_p(mac);
    s->arp_result_hi = lduw_le_p(mac + 4);
    trace_zcnic_arp_query(s->arp_query_ip, status);
    zcnic_set_cause(s, ZCNIC_INT_ARP);
}

/* spec 8.2: write a record learned from the network */
static void zcnic_arp_learn(ZcnicState *s, uint32_t ip, const uint8_t *mac)
{
    int64_t now = zcnic_arp_now(s);
    enum zcnic_arp_write res;
    int idx;

    res = zcnic_arp_write(&s->arp, ip, mac, s->arp_ttl_s, now, &idx);
    trace_zcnic_arp_learn(ip, idx, res);
    switch (res) {
    case ZCNIC_ARP_LEARNED:
        s->arp_stats[ZCNIC_ARP_STAT_LEARNED]++;
        break;
    case ZCNIC_ARP_UPDATED:
        s->arp_stats[ZCNIC_ARP_STAT_UPDATED]++;
        break;
    case ZCNIC_ARP_OVERFLOW:
        s->arp_stats[ZCNIC_ARP_STAT_OVERFLOW]++;
        trace_zcnic_arp_overflow(ip);
        break;
    }
    /* spec 8.4: the reply a missed query waited for */
    if (s->arp_pending && ip == s->arp_query_ip) {
        s->arp_pending = false;
        zcnic_arp_set_result(s, res == ZCNIC_ARP_OVERFLOW ?
                             ZCNIC_ARP_ST_OVERFLOW : ZCNIC_ARP_ST_RESULT, mac);
    }
}

static bool zcnic_arp_is_host_ip(ZcnicState *s, uint32_t ip)
{
    for (int i = 0; i < ZCNIC_ARP_HOST_IPS; i++) {
        if (s->arp_host_ip[i] && s->arp_host_ip[i] == ip) {
            return true;
        }
    }
    return false;
}

/*
 * spec 8.3: an ARP frame addressed to the device.  Returns true when the
 * frame is consumed here (malformed, or a request the device answered)
 * rather than delivered to the RX ring.
 */
static bool zcnic_arp_rx(ZcnicState *s, const uint8_t *buf, size_t size)
{
    uint8_t mac[ETH_ALEN], frame[ZCNIC_ARP_PADDED_LEN];
    enum zcnic_arp_parse why;
    ZcnicArpPkt pkt;

    zcnic_own_mac(s, mac);
    if (!is_broadcast_ether_addr(buf) && memcmp(buf, mac, ETH_ALEN)) {
        return false;       /* seen only in promiscuous mode */
    }
    why = zcnic_arp_parse(buf, size, &pkt);
    if (why == ZCNIC_ARP_NOT_ARP) {
        return false;
    }
    if (why != ZCNIC_ARP_OK) {
        s->arp_stats[ZCNIC_ARP_STAT_MALFORMED]++;
        trace_zcnic_arp_malformed(why);
        return why < ZCNIC_ARP_FIRST_DELIVERED;
    }
    zcnic_arp_learn(s, pkt.spa, pkt.sha);
    if (pkt.op != ZCNIC_ARP_OP_REQUEST ||
        !(s->arp_ctrl & ZCNIC_ARP_CTRL_ANSWER) ||
        !zcnic_arp_is_host_ip(s, pkt.tpa)) {
        return false;
    }
    zcnic_arp_build(frame, pkt.sha, mac, ZCNIC_ARP_OP_REPLY, mac, pkt.tpa,
                    pkt.sha, pkt.spa);
    s->arp_stats[ZCNIC_ARP_STAT_ANSWERED]++;
    trace_zcnic_arp_answer(pkt.tpa, pkt.spa);
    zcnic_send(s, &(struct iovec){ frame, sizeof(frame) }, 1, NULL, NULL);
    return !(s->arp_ctrl & ZCNIC_ARP_CTRL_DELIVER);
}

/* spec 8.4: the lookup of a query ends: result, or request on the wire */
static void zcnic_arp_query_end(ZcnicState *s)
{
    uint8_t mac[ETH_ALEN], frame[ZCNIC_ARP_PADDED_LEN];
    static const uint8_t zero[ETH_ALEN];
    uint32_t spa = 0;
    int idx;

    idx = zcnic_arp_lookup(&s->arp, s->arp_query_ip, zcnic_arp_now(s));
    if (idx >= 0) {
        s->arp_stats[ZCNIC_ARP_STAT_QUERY_HIT]++;
        zcnic_arp_set_result(s, ZCNIC_ARP_ST_RESULT, s->arp.e[idx].mac);
        return;
    }
    s->arp_stats[ZCNIC_ARP_STAT_QUERY_MISS]++;
    s->arp_status = ZCNIC_ARP_ST_NO_RESULT;
    s->arp_pending = true;
    trace_zcnic_arp_query(s->arp_query_ip, s->arp_status);
    for (int i = 0; i < ZCNIC_ARP_HOST_IPS && !spa; i++) {
        spa = s->arp_host_ip[i];
    }
    zcnic_own_mac(s, mac);
    zcnic_arp_build(frame, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", mac,
                    ZCNIC_ARP_OP_REQUEST, mac, spa, zero, s->arp_query_ip);
    s->arp_stats[ZCNIC_ARP_STAT_REQ_SENT]++;
    trace_zcnic_arp_request_sent(s->arp_query_ip);
    zcnic_send(s, &(struct iovec){ frame, sizeof(frame) }, 1, NULL, NULL);
}

static void zcnic_arp_query_done(void *opaque)
{
    bool g = zcnic_guard_enter(opaque);

    zcnic_arp_query_end(opaque);
    zcnic_guard_exit(opaque, g);
}

static void zcnic_arp_start_query(ZcnicState *s, uint32_t ip)
{
    if (!zcnic_arp_ip_unicast(ip)) {
        zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP query for 0x%08x, not a "
                          "unicast IPv4 address", ip);
        return;
    }
    s->arp_query_ip = ip;
    s->arp_status = ZCNIC_ARP_ST_BUSY;
    s->arp_pending = false;
    trace_zcnic_arp_query(ip, s->arp_status);
    timer_mod(s->arp_query_timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ZCNIC_ARP_QUERY_NS);
}

/* spec 8.5: the read window into the ARP buffer */
static uint32_t zcnic_arp_tbl_read(ZcnicState *s, hwaddr addr)
{
    int64_t now = zcnic_arp_now(s);
    const ZcnicArpEntry *e = &s->arp.e[s->arp_tbl_index];
    bool valid = zcnic_arp_ttl_left(e, now) > 0;

    switch (addr) {
    case ZCNIC_REG_ARP_TBL_IP:
        return valid ? e->ip : 0;
    case ZCNIC_REG_ARP_TBL_MAC_LO:
        return valid ? ldl_le_p(e->mac) : 0;
    case ZCNIC_REG_ARP_TBL_MAC_HI:
        return valid ? lduw_le_p(e->mac + 4) : 0;
    default:
        return zcnic_arp_ttl_left(e, now);
    }
}

/* "arp-table" property: the valid records, one "IP MAC TTL" line each */
static char *zcnic_get_arp_table(Object *obj, Error **errp)
{
    ZcnicState *s = ZCNIC(obj);
    GString *out = g_string_new("");
    int64_t now;

    if (!s->arp.e) {
        return g_string_free(out, false);
    }
    now = zcnic_arp_now(s);
    for (uint32_t i = 0; i < s->arp.n; i++) {
        const ZcnicArpEntry *e = &s->arp.e[i];
        uint32_t ttl = zcnic_arp_ttl_left(e, now);

        if (ttl) {
            g_string_append_printf(out, "%u.%u.%u.%u "
                                   "%02x:%02x:%02x:%02x:%02x:%02x %u\n",
                                   e->ip >> 24, (e->ip >> 16) & 0xff,
                                   (e->ip >> 8) & 0xff, e->ip & 0xff,
                                   e->mac[0], e->mac[1], e->mac[2],
                                   e->mac[3], e->mac[4], e->mac[5], ttl);
        }
    }
    return g_string_free(out, false);
}

/* spec 11.1, lie GRO: a count and MSS no coalesced frame can have */
static uint64_t zcnic_lie_gro_w0(ZcnicState *s)
{
    static const uint16_t segs_mss[][2] = {
        { 0, 1448 }, { 1, 1448 }, { 0xffff, 1 }, { 2, 0 }, { 64, 0xffff },
    };
    unsigned i = s->lies % ARRAY_SIZE(segs_mss);

    return deposit64(0, ZCNIC_RXD_GRO_SEGS_SHIFT, ZCNIC_RXD_GRO_SEGS_WIDTH,
                     segs_mss[i][0]) |
           deposit64(0, ZCNIC_RXD_GRO_MSS_SHIFT, ZCNIC_RXD_GRO_MSS_WIDTH,
                     segs_mss[i][1]);
}

/*
 * spec 11.1: descriptor K of N of a received frame, written back with LIE
 * instead of WB.  BUF_LEN: the buffer's length as posted.
 */
static uint64_t zcnic_lie_rx_wb(ZcnicState *s, unsigned lie, uint32_t k,
                                uint32_t n, uint64_t wb, uint32_t buf_len,
                                uint64_t status)
{
    uint32_t len = extract64(wb, ZCNIC_DESC_LEN_SHIFT, ZCNIC_DESC_LEN_WIDTH);
    bool last = k == n - 1;

    switch (lie) {
    case ZCNIC_LIE_LEN_OVER:
        if (last) {
            len = MIN(buf_len + 1 + (s->lies & 1) * 0xffff, 0xffff);
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
                           k == 0 ? (s->lies & 1 ? 2047 : 3) : 64);
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
static ssize_t zcnic_rx_deliver(ZcnicState *s, const uint8_t *buf,
                                size_t size, uint32_t gro_segs,
                                uint32_t gro_mss)
{
    ZcnicRing *r = &s->rx;
    ZcnicDesc *d = s->rx_desc;
    uint32_t idx, avail, n = 0, first;
    size_t cap = 0, off, hdr_len;
    uint64_t status, split_flags;
    ZcnicPktInfo pi;
    unsigned lie;

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
        trace_zcnic_rx_desc(idx, d[n].addr, d[n].cmd);
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

    if (hdr_len &&
        pci_dma_write(PCI_DEVICE(s), s->rx_hdr_base +
                      (uint64_t)r->head * s->rx_hdr_size, buf, hdr_len)
        != MEMTX_OK) {
        zcnic_guest_error(s, ZCNIC_ERR_RX_DMA, "RX header buffer %u at 0x%"
                          PRIx64 " not writable", r->head,
                          s->rx_hdr_base + (uint64_t)r->head * s->rx_hdr_size);
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
    /* Bounded by the N descriptors checked above, which hold the frame. */
    lie = zcnic_lie_frame(s, false);
    off = hdr_len;
    idx = first = r->head;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t chunk = MIN(zcnic_desc_len(d[k].cmd), size - off);
        uint64_t wb;

        if (zcnic_fault(s, ZCNIC_FAULT_RX_DMA) ||
            pci_dma_write(PCI_DEVICE(s), d[k].addr, buf + off, chunk) !=
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
            if (gro_segs > 1 || lie == ZCNIC_LIE_GRO) {
                /* spec 4.7: word 0 of the EOP descriptor, before word 1 */
                uint64_t w0 = cpu_to_le64(
                    deposit64(0, ZCNIC_RXD_GRO_SEGS_SHIFT,
                              ZCNIC_RXD_GRO_SEGS_WIDTH, gro_segs) |
                    deposit64(0, ZCNIC_RXD_GRO_MSS_SHIFT,
                              ZCNIC_RXD_GRO_MSS_WIDTH, gro_mss));

                if (lie == ZCNIC_LIE_GRO) {
                    w0 = cpu_to_le64(zcnic_lie_gro_w0(s));
                }

                if (pci_dma_write(PCI_DEVICE(s), zcnic_desc_addr(r, idx) +
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
        trace_zcnic_rx_wb(idx, wb);
        idx = (idx + 1) & (r->size - 1);
    }
    assert(off == size);    /* the N buffers held it: checked above */
    r->head = idx;
    zcnic_lie_ring(s, r, lie, first);
    zcnic_lie_irq(s);
    s->stats[ZCNIC_STAT_RX_FRAMES]++;
    s->stats[ZCNIC_STAT_RX_BYTES] += size;
    zcnic_set_cause(s, ZCNIC_INT_RX);
    return size;
}

/*
 * spec 4.7: deliver the held frame: one segment as it came, several as one
 * packet with GRO in its write-back.  REASON is a ZCNIC_SEG_STAT_FLUSH_*.
 */
static void zcnic_gro_flush(ZcnicState *s, int reason)
{
    uint32_t len = s->gro_len, segs = s->gro_segs;

    if (!len) {
        return;
    }
    s->gro_len = 0;
    timer_del(s->gro_timer);
    s->seg_stats[reason]++;
    trace_zcnic_gro_flush(reason - ZCNIC_SEG_STAT_FLUSH_TIMER, segs, len);
    if (!zcnic_rx_running(s) ||
        !zcnic_ring_check(s, &s->rx, ZCNIC_ERR_RX_RING, "RX") ||
        ((s->rx_split & ZCNIC_RX_SPLIT_EN) && !zcnic_split_check(s))) {
        s->stats[ZCNIC_STAT_RX_DROP_DISABLED]++;
        trace_zcnic_rx_drop(len);
        return;
    }
    if (segs > 1) {
        zcnic_gro_finish(s->gro_buf, &s->gro_first,
                         len - s->gro_first.hdr_len, s->gro_sum, s->gro_psh);
    }
    if (!zcnic_rx_deliver(s, s->gro_buf, len, segs, s->gro_mss)) {
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

static void zcnic_gro_timer(void *opaque)
{
    bool g = zcnic_guard_enter(opaque);

    zcnic_gro_flush(opaque, ZCNIC_SEG_STAT_FLUSH_TIMER);
    zcnic_guard_exit(opaque, g);
}

/*
 * spec 4.7: bytes of a frame with HDR_LEN header bytes that the posted RX
 * buffers hold, up to a coalesced frame's maximum.
 */
static uint32_t zcnic_gro_room(ZcnicState *s, const ZcnicGroSeg *g)
{
    ZcnicRing *r = &s->rx;
    uint32_t avail = zcnic_ring_posted(r), idx = r->head;
    size_t cap = 0, max = g->l3_off + ZCNIC_GRO_MAX_IP_LEN;

    if ((s->rx_split & ZCNIC_RX_SPLIT_EN) && g->hdr_len <= s->rx_hdr_size) {
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
static bool zcnic_gro_rx(ZcnicState *s, const uint8_t *buf, size_t size)
{
    enum zcnic_gro_kind kind;
    ZcnicPktInfo pi;
    ZcnicGroSeg g;

    zcnic_parse(buf, size, &pi);
    kind = zcnic_gro_classify(buf, size, &pi, &g);
    if (s->gro_len) {
        int reason = -1;

        if (kind == ZCNIC_GRO_NONE ||
            !zcnic_gro_same_flow(s->gro_buf, &s->gro_first, buf, &g)) {
            reason = ZCNIC_SEG_STAT_FLUSH_OTHER;
        } else if (kind == ZCNIC_GRO_SOLO) {
            reason = ZCNIC_SEG_STAT_FLUSH_FLAGS;
        } else if (g.seq != s->gro_next_seq) {
            reason = ZCNIC_SEG_STAT_FLUSH_OOO;
        } else if (!zcnic_gro_same_hdr(s->gro_buf, &s->gro_first, buf, &g,
                                       s->gro_segs)) {
            reason = ZCNIC_SEG_STAT_FLUSH_HDR;
        } else if (g.payload > s->gro_mss ||
                   s->gro_len + g.payload > s->gro_limit) {
            reason = ZCNIC_SEG_STAT_FLUSH_FULL;
        }
        if (reason < 0) {
            memcpy(s->gro_buf + s->gro_len, buf + g.hdr_len, g.payload);
            s->gro_sum = zcnic_gro_sum_append(s->gro_sum,
                                              s->gro_len - s->gro_first.hdr_len,
                                              g.payload_sum);
            s->gro_len += g.payload;
            s->gro_segs++;
            s->gro_next_seq += g.payload;
            s->gro_psh = g.psh;
            trace_zcnic_gro_merge(s->gro_segs, g.seq, g.payload);
            if (g.psh || g.payload < s->gro_mss) {
                zcnic_gro_flush(s, ZCNIC_SEG_STAT_FLUSH_END);
            } else if (s->gro_segs >= s->gro_max_segs) {
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
    s->gro_limit = zcnic_gro_room(s, &g);
    if (s->gro_limit < size + g.payload) {
        return false;           /* no room for a second segment */
    }
    memcpy(s->gro_buf, buf, size);
    s->gro_len = size;
    s->gro_segs = 1;
    s->gro_mss = g.payload;
    s->gro_next_seq = g.seq + g.payload;
    s->gro_psh = false;
    s->gro_sum = g.payload_sum;
    s->gro_first = g;
    trace_zcnic_gro_merge(1, g.seq, g.payload);
    timer_mod(s->gro_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
              (int64_t)s->gro_timeout_us * SCALE_US);
    return true;
}

static ssize_t zcnic_rx_frame(ZcnicState *s, const uint8_t *buf, size_t size)
{
    bool again = s->rx_held;

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
    if (!zcnic_rx_running(s)) {
        s->stats[ZCNIC_STAT_RX_DROP_DISABLED]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    if (!zcnic_rx_filter(s, buf)) {
        s->stats[ZCNIC_STAT_RX_DROP_FILTER]++;
        trace_zcnic_rx_drop(size);
        return size;
    }
    if (!zcnic_ring_check(s, &s->rx, ZCNIC_ERR_RX_RING, "RX")) {
        return size;
    }
    if ((s->rx_split & ZCNIC_RX_SPLIT_EN) && !zcnic_split_check(s)) {
        return size;
    }
    if ((s->rx_gro & ZCNIC_RX_GRO_EN) && zcnic_gro_rx(s, buf, size)) {
        return size;
    }
    return zcnic_rx_deliver(s, buf, size, 0, 0);
}

static ssize_t zcnic_nc_receive(NetClientState *nc, const uint8_t *buf,
                                size_t size)
{
    ZcnicState *s = qemu_get_nic_opaque(nc);
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
static void zcnic_rx_discard_held(ZcnicState *s)
{
    s->rx_discard = true;
    qemu_flush_queued_packets(qemu_get_queue(s->nic));
    s->rx_discard = false;
}

/* spec 3.4: CTRL.RESET puts every register back to its "On reset" value. */
static void zcnic_soft_reset(ZcnicState *s)
{
    trace_zcnic_reset();
    s->ctrl = ZCNIC_RESET_CTRL;
    s->int_cause = ZCNIC_RESET_INT_CAUSE;
    s->int_mask = ZCNIC_RESET_INT_MASK;
    s->int_autoclr = ZCNIC_RESET_INT_AUTOCLR;
    s->tx_shadow = 0;
    s->tx_kick = false;
    s->err_status = 0;
    memset(s->stats, 0, sizeof(s->stats));
    s->rx_ctrl = ZCNIC_RESET_RX_CTRL;
    s->mc_hash = 0;
    s->rx_split = 0;
    s->rx_hdr_size = ZCNIC_RESET_RX_HDR_SIZE;
    s->rx_hdr_base = 0;
    memset(s->split_stats, 0, sizeof(s->split_stats));
    s->arp_ctrl = ZCNIC_RESET_ARP_CTRL;
    s->arp_ttl_s = ZCNIC_RESET_ARP_TTL;
    memset(s->arp_host_ip, 0, sizeof(s->arp_host_ip));
    s->arp_query_ip = 0;
    s->arp_status = ZCNIC_ARP_ST_IDLE;
    s->arp_result_lo = s->arp_result_hi = 0;
    s->arp_pending = false;
    s->arp_tbl_index = 0;
    memset(s->arp_stats, 0, sizeof(s->arp_stats));
    timer_del(s->arp_query_timer);
    zcnic_arp_flush(&s->arp);
    s->rx_held = false;
    s->test_reg = 0;
    s->test_dma_addr = 0;
    s->test_dma_size = 0;
    s->fault = 0;
    s->mtu = ZCNIC_RESET_MTU;
    s->rx_gro = ZCNIC_RESET_RX_GRO;
    s->gro_timeout_us = ZCNIC_RESET_RX_GRO_TIMEOUT;
    s->gro_max_segs = ZCNIC_RESET_RX_GRO_MAX_SEGS;
    memset(s->seg_stats, 0, sizeof(s->seg_stats));
    s->gro_len = 0;             /* a held frame goes with the ring */
    timer_del(s->gro_timer);
    for (int i = 0; i < ZCNIC_ITR_NUM; i++) {
        s->itr[i].interval_us = 0;
        s->itr[i].next_ns = 0;
        s->itr[i].pending = false;
        timer_del(s->itr[i].timer);
    }
    /* a frame the net layer still holds is dropped with the ring */
    s->tx_waiting = false;
    qemu_purge_queued_packets(qemu_get_queue(s->nic));
    s->tx = (ZcnicRing) { .size = ZCNIC_RESET_TX_SIZE };
    s->rx = (ZcnicRing) { .size = ZCNIC_RESET_RX_SIZE };
    zcnic_load_mac(s);
    zcnic_update_link(s);
    zcnic_update_irq(s, 0);
}

/* spec 4.1: enabling a queue zeroes HEAD and TAIL and checks the ring */
static void zcnic_write_ctrl(ZcnicState *s, uint32_t val)
{
    uint32_t rising = val & ~s->ctrl;

    if (val & ZCNIC_CTRL_RESET) {
        zcnic_soft_reset(s);
        return;
    }
    if ((s->ctrl & ~val) & ZCNIC_CTRL_RX_EN) {
        zcnic_gro_flush(s, ZCNIC_SEG_STAT_FLUSH_OTHER);     /* spec 4.7 */
    }
    if ((s->ctrl & ~val) & ZCNIC_CTRL_TX_EN && s->tx_waiting) {
        /*
         * spec 4.3: a frame the net layer still holds is dropped and its
         * descriptors are not written back: the ring is software's again.
         */
        s->tx_waiting = false;
        qemu_purge_queued_packets(qemu_get_queue(s->nic));
    }
    s->ctrl = val & ZCNIC_CTRL_RW_MASK;
    if (rising & ZCNIC_CTRL_TX_EN) {
        s->tx.head = s->tx.tail = 0;
        s->tx_kick = false;
        if (zcnic_ring_check(s, &s->tx, ZCNIC_ERR_TX_RING, "TX") &&
            s->tx_shadow) {
            /* spec 4.3.1: the block starts at tail 0, kick wanted */
            if (s->tx_shadow & (ZCNIC_SHADOW_ALIGN - 1)) {
                zcnic_guest_error(s, ZCNIC_ERR_TX_RING, "TX shadow block "
                                  "at 0x%" PRIx64 " not %d-byte aligned",
                                  s->tx_shadow, ZCNIC_SHADOW_ALIGN);
            } else if (zcnic_addr_in_own_bar(s, s->tx_shadow,
                                             ZCNIC_SHADOW_SIZE)) {
                zcnic_guest_error(s, ZCNIC_ERR_TX_RING, "TX shadow block "
                                  "at 0x%" PRIx64 " is inside the device's "
                                  "BARs", s->tx_shadow);
            } else if (zcnic_tx_shadow_write(s, ZCNIC_SHADOW_TX_TAIL, 0)) {
                zcnic_tx_set_kick(s, true);
            }
        }
    }
    if (rising & ZCNIC_CTRL_RX_EN) {
        s->rx.head = s->rx.tail = 0;
        zcnic_ring_check(s, &s->rx, ZCNIC_ERR_RX_RING, "RX");
    }
}

/* spec 4.1: the TX and RX ring register blocks have one layout */
static ZcnicRing *zcnic_ring_of(ZcnicState *s, hwaddr addr)
{
    return addr < ZCNIC_REG_RX_BASE_LO ? &s->tx : &s->rx;
}

static hwaddr zcnic_ring_off(hwaddr addr)
{
    return addr < ZCNIC_REG_RX_BASE_LO ? addr - ZCNIC_REG_TX_BASE_LO
                                       : addr - ZCNIC_REG_RX_BASE_LO;
}

/* BASE_LO, BASE_HI, SIZE, HEAD, TAIL: the only offsets in a ring block */
static uint32_t zcnic_ring_reg_read(ZcnicRing *r, hwaddr addr)
{
    switch (zcnic_ring_off(addr)) {
    case ZCNIC_REG_TX_BASE_LO - ZCNIC_REG_TX_BASE_LO:
        return r->base;
    case ZCNIC_REG_TX_BASE_HI - ZCNIC_REG_TX_BASE_LO:
        return r->base >> 32;
    case ZCNIC_REG_TX_SIZE - ZCNIC_REG_TX_BASE_LO:
        return r->size;
    case ZCNIC_REG_TX_HEAD - ZCNIC_REG_TX_BASE_LO:
        return r->head;
    default:
        return r->tail;
    }
}

/*
 * BASE_LO, BASE_HI, SIZE: HEAD is read-only, TAIL is the doorbell.  spec
 * 4.1: the ring is fixed while its queue is enabled: writing them then is a
 * ring error and the write is ignored.
 */
static void zcnic_ring_reg_write(ZcnicState *s, hwaddr addr, uint32_t val)
{
    ZcnicRing *r = zcnic_ring_of(s, addr);
    bool tx = r == &s->tx;

    if (s->ctrl & (tx ? ZCNIC_CTRL_TX_EN : ZCNIC_CTRL_RX_EN)) {
        zcnic_guest_error(s, tx ? ZCNIC_ERR_TX_RING : ZCNIC_ERR_RX_RING,
                          "%s ring register 0x%" HWADDR_PRIx " written while "
                          "the queue is enabled", tx ? "TX" : "RX", addr);
        return;
    }
    switch (zcnic_ring_off(addr)) {
    case ZCNIC_REG_TX_BASE_LO - ZCNIC_REG_TX_BASE_LO:
        r->base = deposit64(r->base, 0, 32, val);
        break;
    case ZCNIC_REG_TX_BASE_HI - ZCNIC_REG_TX_BASE_LO:
        r->base = deposit64(r->base, 32, 32, val);
        break;
    default:
        r->size = val;
        break;
    }
}

/* spec 11: TEST_IRQ sends a vector as the device would, unmoderated */
static void zcnic_test_irq(ZcnicState *s, uint32_t vector)
{
    PCIDevice *d = PCI_DEVICE(s);

    if (vector >= ZCNIC_MSIX_VECTORS || !msix_enabled(d)) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_IRQ: no MSI-X vector %u",
                          vector);
        return;
    }
    trace_zcnic_test_irq(vector);
    msix_notify(d, vector);
}

/* spec 11: TEST_DMA_CTRL runs OP on the buffer at once */
static void zcnic_test_dma(ZcnicState *s, uint32_t op)
{
    g_autofree uint8_t *buf = NULL;
    uint32_t n = s->test_dma_size;

    if (op < ZCNIC_TEST_DMA_CLEAR || op > ZCNIC_TEST_DMA_INVERT ||
        !n || n > ZCNIC_TEST_DMA_MAX) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_DMA: operation %u on %u "
                          "bytes invalid", op, n);
        return;
    }
    if (zcnic_addr_in_own_bar(s, s->test_dma_addr, n)) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_DMA: 0x%" PRIx64 "+%u is "
                          "inside the device's BARs", s->test_dma_addr, n);
        return;
    }
    trace_zcnic_test_dma(op, s->test_dma_addr, n);
    buf = g_malloc(n);
    memset(buf, op == ZCNIC_TEST_DMA_FILL ? ZCNIC_TEST_DMA_PATTERN : 0, n);
    if (op == ZCNIC_TEST_DMA_INVERT) {
        if (pci_dma_read(PCI_DEVICE(s), s->test_dma_addr, buf, n) !=
            MEMTX_OK) {
            goto fail;
        }
        for (uint32_t i = 0; i < n; i++) {
            buf[i] = ~buf[i];
        }
    }
    if (pci_dma_write(PCI_DEVICE(s), s->test_dma_addr, buf, n) == MEMTX_OK) {
        return;
    }
fail:
    zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_DMA: 0x%" PRIx64 "+%u not "
                      "accessible", s->test_dma_addr, n);
}

static uint64_t zcnic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    ZcnicState *s = opaque;
    uint32_t val = 0;

    switch (addr) {
    case ZCNIC_REG_ID:
        val = ZCNIC_ID_MAGIC;
        break;
    case ZCNIC_REG_VERSION:
        val = deposit32(ZCNIC_VERSION_MINOR, ZCNIC_VERSION_MAJOR_SHIFT,
                        ZCNIC_VERSION_MAJOR_WIDTH, s->version_major);
        break;
    case ZCNIC_REG_FEATURES:
        val = ZCNIC_FEATURES_1_6;
        break;
    case ZCNIC_REG_TEST_REG:
        val = s->test_reg * 2;
        break;
    case ZCNIC_REG_TEST_DMA_ADDR_LO:
        val = s->test_dma_addr;
        break;
    case ZCNIC_REG_TEST_DMA_ADDR_HI:
        val = s->test_dma_addr >> 32;
        break;
    case ZCNIC_REG_TEST_DMA_SIZE:
        val = s->test_dma_size;
        break;
    case ZCNIC_REG_TEST_IRQ:
    case ZCNIC_REG_TEST_DMA_CTRL:
        val = 0;
        break;
    case ZCNIC_REG_FAULT:
        val = s->fault;
        break;
    case ZCNIC_REG_FAULT_FIRED:
        val = s->fault_fired;
        break;
    case ZCNIC_REG_TEST_LIE:
        val = s->lie;
        break;
    case ZCNIC_REG_ARP_CTRL:
        val = s->arp_ctrl;
        break;
    case ZCNIC_REG_ARP_TTL:
        val = s->arp_ttl_s;
        break;
    case ZCNIC_REG_ARP_FLUSH:
        val = 0;
        break;
    case ZCNIC_REG_ARP_ENTRIES:
        val = s->arp.n;
        break;
    case ZCNIC_REG_ARP_HOST_IP(0) ... ZCNIC_REG_ARP_HOST_IP(ZCNIC_ARP_HOST_IPS - 1):
        val = s->arp_host_ip[(addr - ZCNIC_REG_ARP_HOST_IP(0)) / 4];
        break;
    case ZCNIC_REG_ARP_QUERY_IP:
        val = s->arp_query_ip;
        break;
    case ZCNIC_REG_ARP_QUERY_STATUS:
        val = s->arp_status;
        break;
    case ZCNIC_REG_ARP_RESULT_MAC_LO:
        val = s->arp_result_lo;
        break;
    case ZCNIC_REG_ARP_RESULT_MAC_HI:
        val = s->arp_result_hi;
        break;
    case ZCNIC_REG_ARP_TBL_INDEX:
        val = s->arp_tbl_index;
        break;
    case ZCNIC_REG_ARP_TBL_IP ... ZCNIC_REG_ARP_TBL_TTL:
        val = zcnic_arp_tbl_read(s, addr);
        break;
    case ZCNIC_REG_STAT_ARP_ANSWERED ... ZCNIC_REG_STAT_ARP_LAST:
        zcnic_arp_now(s);   /* expiries due by now are counted */
        val = s->arp_stats[(addr - ZCNIC_REG_STAT_ARP_ANSWERED) / 4];
        break;
    case ZCNIC_REG_RX_SPLIT:
        val = s->rx_split;
        break;
    case ZCNIC_REG_RX_HDR_SIZE:
        val = s->rx_hdr_size;
        break;
    case ZCNIC_REG_RX_HDR_BASE_LO:
        val = s->rx_hdr_base;
        break;
    case ZCNIC_REG_RX_HDR_BASE_HI:
        val = s->rx_hdr_base >> 32;
        break;
    case ZCNIC_REG_STAT_SPLIT ... ZCNIC_REG_STAT_SPLIT_LAST:
        val = s->split_stats[(addr - ZCNIC_REG_STAT_SPLIT) / 4];
        break;
    case ZCNIC_REG_STAT_TSO_FRAMES ... ZCNIC_REG_STAT_SEG_LAST:
        val = s->seg_stats[(addr - ZCNIC_REG_STAT_TSO_FRAMES) / 4];
        break;
    case ZCNIC_REG_MTU:
        val = s->mtu;
        break;
    case ZCNIC_REG_RX_GRO:
        val = s->rx_gro;
        break;
    case ZCNIC_REG_RX_GRO_TIMEOUT:
        val = s->gro_timeout_us;
        break;
    case ZCNIC_REG_RX_GRO_MAX_SEGS:
        val = s->gro_max_segs;
        break;
    case ZCNIC_REG_RX_CTRL:
        val = s->rx_ctrl;
        break;
    case ZCNIC_REG_MC_HASH_LO:
        val = s->mc_hash;
        break;
    case ZCNIC_REG_MC_HASH_HI:
        val = s->mc_hash >> 32;
        break;
    case ZCNIC_REG_ITR_RX:
        val = s->itr[ZCNIC_ITR_RX].interval_us;
        break;
    case ZCNIC_REG_ITR_TX:
        val = s->itr[ZCNIC_ITR_TX].interval_us;
        break;
    case ZCNIC_REG_INT_SET:
    case ZCNIC_REG_INT_MASK_SET:
    case ZCNIC_REG_INT_MASK_CLR:
        val = 0;
        break;
    case ZCNIC_REG_CTRL:
        val = s->ctrl;
        break;
    case ZCNIC_REG_STATUS:
        val = s->status;
        break;
    case ZCNIC_REG_MAC_LO:
        val = s->mac_lo;
        break;
    case ZCNIC_REG_MAC_HI:
        val = s->mac_hi;
        break;
    case ZCNIC_REG_INT_CAUSE:
        val = s->int_cause;
        break;
    case ZCNIC_REG_INT_MASK:
        val = s->int_mask;
        break;
    case ZCNIC_REG_INT_AUTOCLR:
        val = s->int_autoclr;
        break;
    case ZCNIC_REG_ERR_STATUS:
        val = s->err_status;
        break;
    case ZCNIC_REG_STAT_TX_FRAMES ... ZCNIC_REG_STAT_LAST:
        val = s->stats[(addr - ZCNIC_REG_STAT_TX_FRAMES) / 4];
        break;
    case ZCNIC_REG_TX_BASE_LO ... ZCNIC_REG_TX_TAIL:
    case ZCNIC_REG_RX_BASE_LO ... ZCNIC_REG_RX_TAIL:
        val = zcnic_ring_reg_read(zcnic_ring_of(s, addr), addr);
        break;
    case ZCNIC_REG_TX_SHADOW_LO:
        val = s->tx_shadow;
        break;
    case ZCNIC_REG_TX_SHADOW_HI:
        val = s->tx_shadow >> 32;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "zcnic: read of reserved register 0x%" HWADDR_PRIx "\n",
                      addr);
        break;
    }
    trace_zcnic_mmio_read(addr, val);
    return val;
}

static void zcnic_mmio_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    ZcnicState *s = opaque;
    uint32_t val = val64;

    trace_zcnic_mmio_write(addr, val);
    switch (addr) {
    case ZCNIC_REG_CTRL:
        zcnic_write_ctrl(s, val);
        /*
         * spec 3.4: frames the net layer holds for the ring go now: dropped
         * by a reset; into a ring just enabled; or, RX_EN cleared, as frames
         * arriving while it is clear.  Never into a ring set up later.
         */
        if (val & ZCNIC_CTRL_RESET) {
            zcnic_rx_discard_held(s);
        } else {
            qemu_flush_queued_packets(qemu_get_queue(s->nic));
        }
        break;
    case ZCNIC_REG_MAC_LO:
        s->mac_lo = val;
        trace_zcnic_mac_set(s->mac_lo, s->mac_hi);
        break;
    case ZCNIC_REG_MAC_HI:
        s->mac_hi = val & ZCNIC_MAC_HI_MASK;
        trace_zcnic_mac_set(s->mac_lo, s->mac_hi);
        break;
    case ZCNIC_REG_INT_CAUSE:
        s->int_cause &= ~val;
        zcnic_update_irq(s, 0);
        break;
    case ZCNIC_REG_INT_MASK:
    case ZCNIC_REG_INT_MASK_SET:
    case ZCNIC_REG_INT_MASK_CLR: {
        uint32_t old = s->int_mask;

        if (addr == ZCNIC_REG_INT_MASK) {
            s->int_mask = val & ZCNIC_INT_ALL;
        } else if (addr == ZCNIC_REG_INT_MASK_SET) {
            s->int_mask |= val & ZCNIC_INT_ALL;
        } else {
            s->int_mask &= ~val;
        }
        /* spec 5: enabling a pending cause signals it. */
        zcnic_update_irq(s, s->int_mask & ~old & s->int_cause);
        break;
    }
    case ZCNIC_REG_INT_SET:
        zcnic_set_cause(s, val & ZCNIC_INT_ALL);
        break;
    case ZCNIC_REG_INT_AUTOCLR:
        s->int_autoclr = val & ZCNIC_INT_AUTOCLR_MASK;
        break;
    case ZCNIC_REG_RX_CTRL:
        s->rx_ctrl = val & (ZCNIC_RX_CTRL_PROMISC | ZCNIC_RX_CTRL_ALLMULTI);
        break;
    case ZCNIC_REG_RX_SPLIT:
        s->rx_split = val & ZCNIC_RX_SPLIT_EN;
        if (s->rx_split) {
            zcnic_split_check(s);
        }
        break;
    case ZCNIC_REG_RX_HDR_SIZE:
        s->rx_hdr_size = val;
        break;
    case ZCNIC_REG_MTU:
        if (val < ZCNIC_MTU_MIN || val > ZCNIC_MTU_MAX) {
            zcnic_guest_error(s, ZCNIC_ERR_CFG, "MTU %u outside %u..%u", val,
                              ZCNIC_MTU_MIN, ZCNIC_MTU_MAX);
            break;
        }
        s->mtu = val;
        break;
    case ZCNIC_REG_RX_GRO:
        if ((s->rx_gro & ~val) & ZCNIC_RX_GRO_EN) {
            zcnic_gro_flush(s, ZCNIC_SEG_STAT_FLUSH_OTHER);
        }
        s->rx_gro = val & ZCNIC_RX_GRO_EN;
        break;
    case ZCNIC_REG_RX_GRO_TIMEOUT:
        if (val > ZCNIC_GRO_TIMEOUT_MAX) {
            zcnic_guest_error(s, ZCNIC_ERR_CFG, "RX_GRO_TIMEOUT %u us above "
                              "%u", val, ZCNIC_GRO_TIMEOUT_MAX);
            break;
        }
        s->gro_timeout_us = val;
        break;
    case ZCNIC_REG_RX_GRO_MAX_SEGS:
        if (val < ZCNIC_GRO_SEGS_MIN || val > ZCNIC_GRO_SEGS_MAX) {
            zcnic_guest_error(s, ZCNIC_ERR_CFG, "RX_GRO_MAX_SEGS %u outside "
                              "%u..%u", val, ZCNIC_GRO_SEGS_MIN,
                              ZCNIC_GRO_SEGS_MAX);
            break;
        }
        s->gro_max_segs = val;
        break;
    case ZCNIC_REG_RX_HDR_BASE_LO:
        s->rx_hdr_base = deposit64(s->rx_hdr_base, 0, 32, val);
        break;
    case ZCNIC_REG_RX_HDR_BASE_HI:
        s->rx_hdr_base = deposit64(s->rx_hdr_base, 32, 32, val);
        break;
    case ZCNIC_REG_MC_HASH_LO:
        s->mc_hash = deposit64(s->mc_hash, 0, 32, val);
        break;
    case ZCNIC_REG_MC_HASH_HI:
        s->mc_hash = deposit64(s->mc_hash, 32, 32, val);
        break;
    case ZCNIC_REG_ITR_RX:
    case ZCNIC_REG_ITR_TX:
        s->itr[addr == ZCNIC_REG_ITR_RX ? ZCNIC_ITR_RX : ZCNIC_ITR_TX]
            .interval_us = MIN(val, ZCNIC_ITR_MAX);
        break;
    case ZCNIC_REG_ARP_CTRL:
        s->arp_ctrl = val & ZCNIC_ARP_CTRL_RW_MASK;
        break;
    case ZCNIC_REG_ARP_TTL:
        if (!val || val > ZCNIC_ARP_TTL_MAX) {
            zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP TTL %u s outside 1..%u",
                              val, ZCNIC_ARP_TTL_MAX);
            break;
        }
        s->arp_ttl_s = val;
        break;
    case ZCNIC_REG_ARP_FLUSH:
        if (val & 1) {
            trace_zcnic_arp_flush();
            zcnic_arp_flush(&s->arp);
        }
        break;
    case ZCNIC_REG_ARP_HOST_IP(0) ... ZCNIC_REG_ARP_HOST_IP(ZCNIC_ARP_HOST_IPS - 1):
        if (val && !zcnic_arp_ip_unicast(val)) {
            zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP host address 0x%08x "
                              "not a unicast IPv4 address", val);
            break;
        }
        s->arp_host_ip[(addr - ZCNIC_REG_ARP_HOST_IP(0)) / 4] = val;
        break;
    case ZCNIC_REG_ARP_QUERY_IP:
        zcnic_arp_start_query(s, val);
        break;
    case ZCNIC_REG_TEST_REG:
        s->test_reg = val;
        break;
    case ZCNIC_REG_TEST_IRQ:
        zcnic_test_irq(s, val);
        break;
    case ZCNIC_REG_TEST_DMA_ADDR_LO:
        s->test_dma_addr = deposit64(s->test_dma_addr, 0, 32, val);
        break;
    case ZCNIC_REG_TEST_DMA_ADDR_HI:
        s->test_dma_addr = deposit64(s->test_dma_addr, 32, 32, val);
        break;
    case ZCNIC_REG_TEST_DMA_SIZE:
        s->test_dma_size = val;
        break;
    case ZCNIC_REG_TEST_DMA_CTRL:
        zcnic_test_dma(s, val);
        break;
    case ZCNIC_REG_FAULT:
        if (val & ~ZCNIC_FAULT_ALL) {
            zcnic_guest_error(s, ZCNIC_ERR_TEST, "FAULT: reserved bits 0x%x",
                              val & ~ZCNIC_FAULT_ALL);
        }
        s->fault = val & ZCNIC_FAULT_ALL;
        if (!(s->fault & ZCNIC_FAULT_TX_STALL)) {
            qemu_bh_schedule(s->tx_bh);     /* a stall ends: go on */
        }
        break;
    case ZCNIC_REG_TEST_LIE:
        if (extract32(val, ZCNIC_LIE_KIND_SHIFT, ZCNIC_LIE_KIND_WIDTH) >
            ZCNIC_LIE_MAX ||
            (val & ~(MAKE_64BIT_MASK(ZCNIC_LIE_KIND_SHIFT,
                                     ZCNIC_LIE_KIND_WIDTH) |
                     MAKE_64BIT_MASK(ZCNIC_LIE_EVERY_SHIFT,
                                     ZCNIC_LIE_EVERY_WIDTH)))) {
            zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_LIE 0x%x: no such lie",
                              val);
            break;
        }
        s->lie = val;
        s->lie_chance = 0;
        trace_zcnic_lie(val, s->lies);
        break;
    case ZCNIC_REG_ARP_TBL_INDEX:
        if (val >= s->arp.n) {
            zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP table index %u beyond "
                              "%u entries", val, s->arp.n);
            break;
        }
        s->arp_tbl_index = val;
        break;
    case ZCNIC_REG_TX_TAIL:
        trace_zcnic_doorbell("tx", val);
        zcnic_lie_irq(s);
        s->tx.tail = val;
        /*
         * spec 4.3: the ring is checked now and worked through from the
         * main loop, so that the vCPU runs on while the frames are sent.
         */
        if (zcnic_tx_running(s) &&
            zcnic_ring_check(s, &s->tx, ZCNIC_ERR_TX_RING, "TX")) {
            qemu_bh_schedule(s->tx_bh);
        }
        break;
    case ZCNIC_REG_RX_TAIL:
        trace_zcnic_doorbell("rx", val);
        s->rx.tail = val;
        if (zcnic_rx_running(s) &&
            zcnic_ring_check(s, &s->rx, ZCNIC_ERR_RX_RING, "RX")) {
            qemu_flush_queued_packets(qemu_get_queue(s->nic));
        }
        break;
    case ZCNIC_REG_TX_BASE_LO ... ZCNIC_REG_TX_SIZE:
    case ZCNIC_REG_RX_BASE_LO ... ZCNIC_REG_RX_SIZE:
        zcnic_ring_reg_write(s, addr, val);
        break;
    case ZCNIC_REG_TX_SHADOW_LO:
    case ZCNIC_REG_TX_SHADOW_HI:
        /* spec 4.3.1: read at TX_EN; changing it under a running queue */
        if (s->ctrl & ZCNIC_CTRL_TX_EN) {
            zcnic_guest_error(s, ZCNIC_ERR_TX_RING, "TX_SHADOW written "
                              "while TX_EN is set");
            break;
        }
        s->tx_shadow = deposit64(s->tx_shadow,
                                 addr == ZCNIC_REG_TX_SHADOW_LO ? 0 : 32,
                                 32, val);
        break;
    case ZCNIC_REG_ID:
    case ZCNIC_REG_VERSION:
    case ZCNIC_REG_FEATURES:
    case ZCNIC_REG_FAULT_FIRED:
    case ZCNIC_REG_STATUS:
    case ZCNIC_REG_ERR_STATUS:
    case ZCNIC_REG_STAT_TX_FRAMES ... ZCNIC_REG_STAT_LAST:
    case ZCNIC_REG_STAT_SPLIT ... ZCNIC_REG_STAT_SPLIT_LAST:
    case ZCNIC_REG_ARP_ENTRIES:
    case ZCNIC_REG_ARP_QUERY_STATUS:
    case ZCNIC_REG_ARP_RESULT_MAC_LO:
    case ZCNIC_REG_ARP_RESULT_MAC_HI:
    case ZCNIC_REG_ARP_TBL_IP ... ZCNIC_REG_ARP_TBL_TTL:
    case ZCNIC_REG_STAT_ARP_ANSWERED ... ZCNIC_REG_STAT_ARP_LAST:
    case ZCNIC_REG_TX_HEAD:
    case ZCNIC_REG_RX_HEAD:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "zcnic: write 0x%x to read-only register 0x%"
                      HWADDR_PRIx " ignored\n", val, addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "zcnic: write 0x%x to reserved register 0x%"
                      HWADDR_PRIx " ignored\n", val, addr);
        break;
    }
}

static const MemoryRegionOps zcnic_mmio_ops = {
    .read = zcnic_mmio_read,
    .write = zcnic_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};
static void zcnic_nc_link_status_changed(NetClientState *nc)
{
    ZcnicState *s = qemu_get_nic_opaque(nc);
    uint32_t old = s->status;
    bool g = zcnic_guard_enter(s);

    zcnic_update_link(s);
    trace_zcnic_link_status(!nc->link_down);
    if (old != s->status) {
        zcnic_set_cause(s, ZCNIC_INT_LINK);
    }
    zcnic_guard_exit(s, g);
}

static NetClientInfo zcnic_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = zcnic_nc_can_receive,
    .receive = zcnic_nc_receive,
    .link_status_changed = zcnic_nc_link_status_changed,
};

static void zcnic_realize(PCIDevice *pci_dev, Error **errp)
{
    ZcnicState *s = ZCNIC(pci_dev);
    DeviceState *dev = DEVICE(pci_dev);
    int ret;

    if (s->arp_n < 1 || s->arp_n > ZCNIC_ARP_ENTRIES_MAX) {
        error_setg(errp, "zcnic: arp-entries must be between 1 and %d",
                   ZCNIC_ARP_ENTRIES_MAX);
        return;
    }
    pci_dev->config[PCI_INTERRUPT_PIN] = 1;

    memory_region_init_io(&s->mmio, OBJECT(s), &zcnic_mmio_ops, s,
                          "zcnic-mmio", ZCNIC_BAR_REGS_SIZE);
    pci_register_bar(pci_dev, ZCNIC_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->mmio);

    memory_region_init(&s->msix, OBJECT(s), "zcnic-msix",
                       ZCNIC_BAR_MSIX_SIZE);
    pci_register_bar(pci_dev, ZCNIC_BAR_MSIX, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->msix);

    ret = pcie_endpoint_cap_init(pci_dev, 0xa0);
    if (ret < 0) {
        error_setg(errp, "zcnic: cannot add the PCIe capability");
        return;
    }

    ret = msix_init(pci_dev, ZCNIC_MSIX_VECTORS,
                    &s->msix, ZCNIC_BAR_MSIX, ZCNIC_MSIX_TABLE_OFFSET,
                    &s->msix, ZCNIC_BAR_MSIX, ZCNIC_MSIX_PBA_OFFSET,
                    0x70, errp);
    if (ret < 0) {
        pcie_cap_exit(pci_dev);
        return;
    }
    for (int i = 0; i < ZCNIC_MSIX_VECTORS; i++) {
        msix_vector_use(pci_dev, i);
    }

    s->itr[ZCNIC_ITR_RX].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                              zcnic_itr_rx_timer, s);
    s->itr[ZCNIC_ITR_TX].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                              zcnic_itr_tx_timer, s);
    s->arp.n = s->arp_n;
    s->arp.e = g_new0(ZcnicArpEntry, s->arp_n);
    s->arp_query_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                      zcnic_arp_query_done, s);
    s->gro_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, zcnic_gro_timer, s);
    s->gro_buf = g_malloc(ZCNIC_GRO_BUF);
    s->rx_desc = g_new(ZcnicDesc, ZCNIC_RING_MAX);
    s->tx_bh = qemu_bh_new_guarded(zcnic_tx_bh, s,
                                   &dev->mem_reentrancy_guard);
    s->vmstate = qemu_add_vm_change_state_handler(zcnic_vm_state_change, s);

    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    s->nic = qemu_new_nic(&zcnic_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), dev->id,
                          &dev->mem_reentrancy_guard, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), s->conf.macaddr.a);
    zcnic_vnet_init(s);
}

static void zcnic_exit(PCIDevice *pci_dev)
{
    ZcnicState *s = ZCNIC(pci_dev);

    qemu_del_nic(s->nic);
    for (int i = 0; i < ZCNIC_ITR_NUM; i++) {
        timer_free(s->itr[i].timer);
    }
    timer_free(s->arp_query_timer);
    timer_free(s->gro_timer);
    g_free(s->gro_buf);
    s->gro_buf = NULL;
    g_free(s->rx_desc);
    s->rx_desc = NULL;
    g_free(s->arp.e);
    s->arp.e = NULL;
    qemu_bh_delete(s->tx_bh);
    qemu_del_vm_change_state_handler(s->vmstate);
    msix_unuse_all_vectors(pci_dev);
    msix_uninit(pci_dev, &s->msix, &s->msix);
    pcie_cap_exit(pci_dev);
}

static void zcnic_reset_hold(Object *obj, ResetType type)
{
    ZcnicState *s = ZCNIC(obj);

    /* spec 11, 11.1: what CTRL.RESET keeps goes with a PCI reset */
    s->fault_fired = 0;
    s->lie = 0;
    s->lie_chance = 0;
    s->lies = 0;
    zcnic_soft_reset(s);
    zcnic_rx_discard_held(s);
}

/*
 * spec 9: a migration stream is guest-controlled input too.  Each check
 * refuses a value the device itself can never hold; the load fails with
 * the reason, nothing is used as an index or a bound unchecked.
 */
static int G_GNUC_PRINTF(2, 3)
zcnic_load_refused(ZcnicState *s, const char *fmt, ...)
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
static int zcnic_ring_load_check(ZcnicState *s, ZcnicRing *r, bool enabled,
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

static int zcnic_post_load(void *opaque, int version_id)
{
    ZcnicState *s = opaque;
    static const struct {
        const char *name;
        size_t off;
        uint32_t mask;
    } masked[] = {
        { "CTRL", offsetof(ZcnicState, ctrl), ZCNIC_CTRL_RW_MASK },
        { "STATUS", offsetof(ZcnicState, status), ZCNIC_STATUS_LINK_UP },
        { "MAC_HI", offsetof(ZcnicState, mac_hi), ZCNIC_MAC_HI_MASK },
        { "INT_CAUSE", offsetof(ZcnicState, int_cause), ZCNIC_INT_ALL },
        { "INT_MASK", offsetof(ZcnicState, int_mask), ZCNIC_INT_ALL },
        { "ERR_STATUS", offsetof(ZcnicState, err_status), ZCNIC_ERR_ALL },
        { "RX_CTRL", offsetof(ZcnicState, rx_ctrl),
          ZCNIC_RX_CTRL_PROMISC | ZCNIC_RX_CTRL_ALLMULTI },
        { "RX_SPLIT", offsetof(ZcnicState, rx_split), ZCNIC_RX_SPLIT_EN },
    };
    int ret;

    /* PCI checks the read-only bytes it masks, not the interrupt pin */
    if (PCI_DEVICE(s)->config[PCI_INTERRUPT_PIN] != 1) {
        return zcnic_load_refused(s, "PCI interrupt pin %u, not INTA",
                                  PCI_DEVICE(s)->config[PCI_INTERRUPT_PIN]);
    }
    for (int i = 0; i < ARRAY_SIZE(masked); i++) {
        uint32_t v = *(uint32_t *)((uint8_t *)s + masked[i].off);

        if (v & ~masked[i].mask) {
            return zcnic_load_refused(s, "%s 0x%x has bits outside 0x%x",
                                      masked[i].name, v, masked[i].mask);
        }
    }
    ret = zcnic_ring_load_check(s, &s->tx, s->ctrl & ZCNIC_CTRL_TX_EN,
                                zcnic_tx_running(s), "TX");
    if (ret) {
        return ret;
    }
    ret = zcnic_ring_load_check(s, &s->rx, s->ctrl & ZCNIC_CTRL_RX_EN,
                                zcnic_rx_running(s), "RX");
    if (ret) {
        return ret;
    }
    for (int i = 0; i < ZCNIC_ITR_NUM; i++) {
        if (s->itr[i].interval_us > ZCNIC_ITR_MAX) {
            return zcnic_load_refused(s, "ITR %u us above %u",
                                      s->itr[i].interval_us, ZCNIC_ITR_MAX);
        }
    }
    if (s->tx_shadow && zcnic_tx_running(s) &&
        (s->tx_shadow & (ZCNIC_SHADOW_ALIGN - 1))) {
        return zcnic_load_refused(s, "TX shadow block 0x%" PRIx64 " not "
                                  "aligned on a running queue", s->tx_shadow);
    }

    /* The link belongs to the destination's netdev, not to the stream. */
    zcnic_nc_link_status_changed(qemu_get_queue(s->nic));
    /* The source completed what its net layer held (spec 9): go on. */
    s->tx_waiting = false;
    s->rx_held = false;
    qemu_bh_schedule(s->tx_bh);
    return 0;
}

/* spec 8: the ARP block's registers and records */
static int zcnic_arp_post_load(void *opaque, int version_id)
{
    ZcnicState *s = opaque;

    if (s->arp_ctrl & ~ZCNIC_ARP_CTRL_RW_MASK) {
        return zcnic_load_refused(s, "ARP_CTRL 0x%x", s->arp_ctrl);
    }
    if (!s->arp_ttl_s || s->arp_ttl_s > ZCNIC_ARP_TTL_MAX) {
        return zcnic_load_refused(s, "ARP_TTL %u s", s->arp_ttl_s);
    }
    for (int i = 0; i < ZCNIC_ARP_HOST_IPS; i++) {
        if (s->arp_host_ip[i] && !zcnic_arp_ip_unicast(s->arp_host_ip[i])) {
            return zcnic_load_refused(s, "ARP_HOST_IP%d 0x%08x", i,
                                      s->arp_host_ip[i]);
        }
    }
    switch (s->arp_status) {
    case ZCNIC_ARP_ST_IDLE:
        break;
    case ZCNIC_ARP_ST_RESULT:
    case ZCNIC_ARP_ST_NO_RESULT:
    case ZCNIC_ARP_ST_OVERFLOW:
    case ZCNIC_ARP_ST_BUSY:
        if (!zcnic_arp_ip_unicast(s->arp_query_ip)) {
            return zcnic_load_refused(s, "ARP_QUERY_IP 0x%08x",
                                      s->arp_query_ip);
        }
        break;
    default:
        return zcnic_load_refused(s, "ARP_QUERY_STATUS %u", s->arp_status);
    }
    /* a lookup in progress, and only then, ends by its timer */
    if ((s->arp_status == ZCNIC_ARP_ST_BUSY) !=
        timer_pending(s->arp_query_timer)) {
        return zcnic_load_refused(s, "ARP query status %u with the lookup "
                                  "timer %s", s->arp_status,
                                  timer_pending(s->arp_query_timer) ?
                                  "running" : "stopped");
    }
    if (s->arp_pending && s->arp_status != ZCNIC_ARP_ST_NO_RESULT) {
        return zcnic_load_refused(s, "an ARP query waits for a reply with "
                                  "status %u", s->arp_status);
    }
    if (s->arp_result_hi & ~ZCNIC_MAC_HI_MASK) {
        return zcnic_load_refused(s, "ARP_RESULT_MAC_HI 0x%x",
                                  s->arp_result_hi);
    }
    /* arp.n matched this device's (VMSTATE_UINT32_EQUAL) */
    if (s->arp_tbl_index >= s->arp.n) {
        return zcnic_load_refused(s, "ARP_TBL_INDEX %u beyond %u entries",
                                  s->arp_tbl_index, s->arp.n);
    }
    for (uint32_t i = 0; i < s->arp.n; i++) {
        const ZcnicArpEntry *e = &s->arp.e[i];

        if (e->expire_ns < 0 ||
            (e->expire_ns && (!zcnic_arp_ip_unicast(e->ip) ||
                              is_multicast_ether_addr(e->mac)))) {
            return zcnic_load_refused(s, "ARP record %u: IP 0x%08x expires "
                                      "at %" PRId64, i, e->ip, e->expire_ns);
        }
        for (uint32_t j = 0; j < i && e->expire_ns; j++) {
            if (s->arp.e[j].expire_ns && s->arp.e[j].ip == e->ip) {
                return zcnic_load_refused(s, "ARP records %u and %u are "
                                          "both for 0x%08x", j, i, e->ip);
            }
        }
    }
    return 0;
}

/* checked before the buffer is read into */
static bool zcnic_gro_len_valid(void *opaque, int version_id)
{
    return ((ZcnicState *)opaque)->gro_len <= ZCNIC_GRO_BUF;
}

/* spec 9: the held coalesced frame travels; its first segment is re-read */
static int zcnic_seg_post_load(void *opaque, int version_id)
{
    ZcnicState *s = opaque;
    ZcnicPktInfo pi;

    if (s->mtu < ZCNIC_MTU_MIN || s->mtu > ZCNIC_MTU_MAX) {
        return zcnic_load_refused(s, "MTU %u", s->mtu);
    }
    if (s->rx_gro & ~ZCNIC_RX_GRO_EN) {
        return zcnic_load_refused(s, "RX_GRO 0x%x", s->rx_gro);
    }
    if (s->gro_timeout_us > ZCNIC_GRO_TIMEOUT_MAX) {
        return zcnic_load_refused(s, "RX_GRO_TIMEOUT %u us",
                                  s->gro_timeout_us);
    }
    if (s->gro_max_segs < ZCNIC_GRO_SEGS_MIN ||
        s->gro_max_segs > ZCNIC_GRO_SEGS_MAX) {
        return zcnic_load_refused(s, "RX_GRO_MAX_SEGS %u", s->gro_max_segs);
    }
    if (!s->gro_len) {
        timer_del(s->gro_timer);
        return 0;
    }
    /*
     * a held frame: as zcnic_gro_rx would have built it (RX_GRO_MAX_SEGS
     * may have been lowered under it since)
     */
    if (!s->gro_segs || s->gro_segs > ZCNIC_GRO_SEGS_MAX) {
        return zcnic_load_refused(s, "a held frame of %u segments",
                                  s->gro_segs);
    }
    zcnic_parse(s->gro_buf, s->gro_len, &pi);
    if (zcnic_gro_classify(s->gro_buf, pi.l3_end, &pi, &s->gro_first) !=
        ZCNIC_GRO_OK || s->gro_len < s->gro_first.hdr_len) {
        return zcnic_load_refused(s, "the held frame is not one the device "
                                  "would hold");
    }
    if (!s->gro_mss || s->gro_limit < s->gro_len ||
        s->gro_limit > s->gro_first.l3_off + ZCNIC_GRO_MAX_IP_LEN) {
        return zcnic_load_refused(s, "held frame of %u bytes: MSS %u, limit "
                                  "%u", s->gro_len, s->gro_mss,
                                  s->gro_limit);
    }
    s->gro_sum = zcnic_csum_fold(zcnic_csum_add(0, s->gro_buf +
                                                s->gro_first.hdr_len,
                                                s->gro_len -
                                                s->gro_first.hdr_len));
    return 0;
}

static int zcnic_test_post_load(void *opaque, int version_id)
{
    ZcnicState *s = opaque;

    if (s->fault & ~ZCNIC_FAULT_ALL) {
        return zcnic_load_refused(s, "FAULT 0x%x", s->fault);
    }
    if (extract32(s->lie, ZCNIC_LIE_KIND_SHIFT, ZCNIC_LIE_KIND_WIDTH) >
        ZCNIC_LIE_MAX) {
        return zcnic_load_refused(s, "TEST_LIE 0x%x", s->lie);
    }
    return 0;
}

static int zcnic_irq_post_load(void *opaque, int version_id)
{
    ZcnicState *s = opaque;

    if (s->int_autoclr & ~ZCNIC_INT_AUTOCLR_MASK) {
        return zcnic_load_refused(s, "INT_AUTOCLR 0x%x", s->int_autoclr);
    }
    return 0;
}

static const VMStateDescription zcnic_vmstate_ring = {
    .name = "zcnic-ring",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(base, ZcnicRing),
        VMSTATE_UINT32(size, ZcnicRing),
        VMSTATE_UINT32(head, ZcnicRing),
        VMSTATE_UINT32(tail, ZcnicRing),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_itr = {
    .name = "zcnic-itr",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(interval_us, ZcnicItr),
        VMSTATE_INT64(next_ns, ZcnicItr),
        VMSTATE_BOOL(pending, ZcnicItr),
        VMSTATE_TIMER_PTR(timer, ZcnicItr),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_arp_entry = {
    .name = "zcnic-arp-entry",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ip, ZcnicArpEntry),
        VMSTATE_UINT8_ARRAY(mac, ZcnicArpEntry, ETH_ALEN),
        VMSTATE_INT64(expire_ns, ZcnicArpEntry),
        VMSTATE_END_OF_LIST()
    }
};

/* spec 8: the ARP block, a subsection since device 1.3 */
static const VMStateDescription zcnic_vmstate_arp = {
    .name = "zcnic/arp",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_arp_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(arp_ctrl, ZcnicState),
        VMSTATE_UINT32(arp_ttl_s, ZcnicState),
        VMSTATE_UINT32_ARRAY(arp_host_ip, ZcnicState, ZCNIC_ARP_HOST_IPS),
        VMSTATE_UINT32(arp_query_ip, ZcnicState),
        VMSTATE_UINT32(arp_status, ZcnicState),
        VMSTATE_UINT32(arp_result_lo, ZcnicState),
        VMSTATE_UINT32(arp_result_hi, ZcnicState),
        VMSTATE_BOOL(arp_pending, ZcnicState),
        VMSTATE_UINT32(arp_tbl_index, ZcnicState),
        VMSTATE_UINT32_ARRAY(arp_stats, ZcnicState, ZCNIC_ARP_STAT_NUM),
        VMSTATE_TIMER_PTR(arp_query_timer, ZcnicState),
        VMSTATE_UINT32_EQUAL(arp.n, ZcnicState,
                             "arp-entries must match on both sides"),
        VMSTATE_STRUCT_VARRAY_POINTER_UINT32(arp.e, ZcnicState, arp.n,
                                             zcnic_vmstate_arp_entry,
                                             ZcnicArpEntry),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_seg = {
    .name = "zcnic/seg",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_seg_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(mtu, ZcnicState),
        VMSTATE_UINT32(rx_gro, ZcnicState),
        VMSTATE_UINT32(gro_timeout_us, ZcnicState),
        VMSTATE_UINT32(gro_max_segs, ZcnicState),
        VMSTATE_UINT32_ARRAY(seg_stats, ZcnicState, ZCNIC_SEG_STAT_NUM),
        VMSTATE_UINT32(gro_segs, ZcnicState),
        VMSTATE_UINT32(gro_mss, ZcnicState),
        VMSTATE_UINT32(gro_next_seq, ZcnicState),
        VMSTATE_UINT32(gro_limit, ZcnicState),
        VMSTATE_BOOL(gro_psh, ZcnicState),
        VMSTATE_TIMER_PTR(gro_timer, ZcnicState),
        VMSTATE_UINT32(gro_len, ZcnicState),
        VMSTATE_VALIDATE("zcnic gro_len", zcnic_gro_len_valid),
        VMSTATE_VBUFFER_UINT32(gro_buf, ZcnicState, 1, NULL, gro_len),
        VMSTATE_END_OF_LIST()
    }
};

/* spec 11: only sent while a test register or a fault is in use */
static bool zcnic_test_needed(void *opaque)
{
    ZcnicState *s = opaque;

    return s->test_reg || s->test_dma_addr || s->test_dma_size || s->fault ||
           s->fault_fired || s->lie;
}

static bool zcnic_irq_needed(void *opaque)
{
    ZcnicState *s = opaque;

    return s->int_autoclr != ZCNIC_RESET_INT_AUTOCLR;
}

static bool zcnic_tx_shadow_needed(void *opaque)
{
    ZcnicState *s = opaque;

    return s->tx_shadow != 0;
}

static const VMStateDescription zcnic_vmstate_tx_shadow = {
    .name = "zcnic/tx-shadow",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = zcnic_tx_shadow_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(tx_shadow, ZcnicState),
        VMSTATE_BOOL(tx_kick, ZcnicState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_irq = {
    .name = "zcnic/irq",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_irq_post_load,
    .needed = zcnic_irq_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(int_autoclr, ZcnicState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate_test = {
    .name = "zcnic/test",
    .version_id = 2,
    .minimum_version_id = 1,
    .post_load = zcnic_test_post_load,
    .needed = zcnic_test_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(test_reg, ZcnicState),
        VMSTATE_UINT64(test_dma_addr, ZcnicState),
        VMSTATE_UINT32(test_dma_size, ZcnicState),
        VMSTATE_UINT32(fault, ZcnicState),
        VMSTATE_UINT32_V(fault_fired, ZcnicState, 2),
        VMSTATE_UINT32_V(lie, ZcnicState, 2),
        VMSTATE_UINT32_V(lie_chance, ZcnicState, 2),
        VMSTATE_UINT32_V(lies, ZcnicState, 2),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription zcnic_vmstate = {
    .name = TYPE_ZCNIC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zcnic_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, ZcnicState),
        VMSTATE_MSIX(parent_obj, ZcnicState),
        VMSTATE_UINT32(ctrl, ZcnicState),
        VMSTATE_UINT32(status, ZcnicState),
        VMSTATE_UINT32(mac_lo, ZcnicState),
        VMSTATE_UINT32(mac_hi, ZcnicState),
        VMSTATE_UINT32(int_cause, ZcnicState),
        VMSTATE_UINT32(int_mask, ZcnicState),
        VMSTATE_UINT32(err_status, ZcnicState),
        VMSTATE_UINT32_ARRAY(stats, ZcnicState, ZCNIC_STAT_NUM),
        VMSTATE_STRUCT(tx, ZcnicState, 0, zcnic_vmstate_ring, ZcnicRing),
        VMSTATE_STRUCT(rx, ZcnicState, 0, zcnic_vmstate_ring, ZcnicRing),
        VMSTATE_UINT32(rx_ctrl, ZcnicState),
        VMSTATE_UINT64(mc_hash, ZcnicState),
        VMSTATE_STRUCT_ARRAY(itr, ZcnicState, ZCNIC_ITR_NUM, 0,
                             zcnic_vmstate_itr, ZcnicItr),
        VMSTATE_UINT32(rx_split, ZcnicState),
        VMSTATE_UINT32(rx_hdr_size, ZcnicState),
        VMSTATE_UINT64(rx_hdr_base, ZcnicState),
        VMSTATE_UINT32_ARRAY(split_stats, ZcnicState, ZCNIC_SPLIT_STAT_NUM),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &zcnic_vmstate_arp,
        &zcnic_vmstate_seg,
        &zcnic_vmstate_test,
        &zcnic_vmstate_irq,
        &zcnic_vmstate_tx_shadow,
        NULL
    }
};

static const Property zcnic_properties[] = {
    DEFINE_NIC_PROPERTIES(ZcnicState, conf),
    DEFINE_PROP_UINT16("x-version-major", ZcnicState, version_major,
                       ZCNIC_VERSION_MAJOR),
    DEFINE_PROP_UINT32("arp-entries", ZcnicState, arp_n,
                       ZCNIC_ARP_ENTRIES_DEFAULT),
    DEFINE_PROP_BOOL("vnet-hdr", ZcnicState, vnet_hdr, true),
};

static void zcnic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = zcnic_realize;
    k->exit = zcnic_exit;
    k->vendor_id = ZCNIC_PCI_VENDOR_ID;
    k->device_id = ZCNIC_PCI_DEVICE_ID;
    k->revision = ZCNIC_PCI_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;

    rc->phases.hold = zcnic_reset_hold;

    dc->desc = "zcnic zero-copy NIC (scatter/gather, header split, ARP offload)";
    dc->vmsd = &zcnic_vmstate;
    device_class_set_props(dc, zcnic_properties);
    object_class_property_set_description(klass, "mac",
        "MAC address, reset value of MAC_LO/MAC_HI (default: 52:54:00:12:34:5x)");
    object_class_property_set_description(klass, "netdev",
        "the network backend the NIC is connected to");
    object_class_property_set_description(klass, "x-version-major",
        "major number in the VERSION register (testing drivers only)");
    object_class_property_set_description(klass, "arp-entries",
        "records in the ARP offload cache, 1..1024 (default 64)");
    object_class_property_set_description(klass, "vnet-hdr",
        "hand TSO/USO frames whole to a backend that takes a virtio-net "
        "header (tap vnet_hdr=on)");
    object_class_property_add_str(klass, "arp-table", zcnic_get_arp_table,
                                  NULL);
    object_class_property_set_description(klass, "arp-table",
        "the valid ARP cache records, one 'IP MAC TTL-seconds' line each");
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static void zcnic_instance_init(Object *obj)
{
    ZcnicState *s = ZCNIC(obj);

    device_add_bootindex_property(obj, &s->conf.bootindex, "bootindex",
                                  "/ethernet-phy@0", DEVICE(obj));
}

static const TypeInfo zcnic_info = {
    .name = TYPE_ZCNIC,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(ZcnicState),
    .class_init = zcnic_class_init,
    .instance_init = zcnic_instance_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void zcnic_register_types(void)
{
    type_register_static(&zcnic_info);
}

type_init(zcnic_register_types)
