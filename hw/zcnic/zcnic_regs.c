/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic: the register map (spec 3).  ZCNIC_REGISTERS in the contract header
 * names every register with its access and reset value; zcnic_reg_ops
 * below says where each one lives in ZcnicCore and which hook a read or a
 * write runs, as igb_core.c's macreg_readops/macreg_writeops.  MMIO
 * dispatch, the read-only and reserved checks and CTRL.RESET all go
 * through the two, so they cannot drift apart.
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "net/net.h"
#include "system/dma.h"
#include "hw/pci/msix.h"
#include "hw/pci/pci_device.h"

#include "zcnic_core.h"
#include "trace.h"

#define ZCNIC_NREGS     (ZCNIC_REG_SPACE / 4)
#define R(off)          ((off) / 4)

typedef uint32_t (*ZcnicRegRead)(ZcnicCore *s, hwaddr addr);
typedef void (*ZcnicRegWrite)(ZcnicCore *s, hwaddr addr, uint32_t val);

/* From the contract header: the name, access and reset value of each */
typedef struct ZcnicRegInfo {
    const char *name;           /* NULL: a reserved offset */
    uint32_t access;            /* ZCNIC_ACC_* */
    uint32_t reset;
} ZcnicRegInfo;

static const ZcnicRegInfo zcnic_reg_info[ZCNIC_NREGS] = {
#define X(name, off, acc, reset) [R(off)] = { #name, acc, reset },
    ZCNIC_REGISTERS(X)
#undef X
};

/*
 * Where a register is kept and what runs on an access.  FIELD: the offset
 * in ZcnicCore of its value (a uint32_t, or with WIDE the SHIFT half of a
 * uint64_t); with ARRAY, the registers from BASE on map to a uint32_t
 * array there.
 * CTRL.RESET stores the reset value in every field (ZCNIC_ACC_CFG and
 * ZCNIC_ACC_KEEP registers excepted).  READ: computes the value instead;
 * with neither, the register reads 0.  WRITE: the hook every write runs;
 * zcnic_reg_store stores the value with WMASK applied.
 */
typedef struct ZcnicRegOps {
    size_t field;
    bool array;
    hwaddr base;
    bool wide;
    uint8_t shift;
    uint32_t wmask;
    ZcnicRegRead read;
    ZcnicRegWrite write;
} ZcnicRegOps;

static uint32_t *zcnic_reg_field32(ZcnicCore *s, const ZcnicRegOps *o,
                                   hwaddr addr)
{
    return (uint32_t *)((uint8_t *)s + o->field +
                        (o->array ? addr - o->base : 0));
}

static uint32_t zcnic_reg_load(ZcnicCore *s, const ZcnicRegOps *o,
                               hwaddr addr)
{
    if (o->wide) {
        return *(uint64_t *)((uint8_t *)s + o->field) >> o->shift;
    }
    return *zcnic_reg_field32(s, o, addr);
}

static void zcnic_reg_set(ZcnicCore *s, const ZcnicRegOps *o, hwaddr addr,
                          uint32_t val)
{
    if (o->wide) {
        uint64_t *p = (uint64_t *)((uint8_t *)s + o->field);

        *p = deposit64(*p, o->shift, 32, val);
    } else {
        *zcnic_reg_field32(s, o, addr) = val;
    }
}

static const ZcnicRegOps zcnic_reg_ops[ZCNIC_NREGS];

/* The plain write: the value, WMASK applied, into the register's field */
static void zcnic_reg_store(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    const ZcnicRegOps *o = &zcnic_reg_ops[R(addr)];

    zcnic_reg_set(s, o, addr, val & o->wmask);
}

static uint32_t zcnic_get_id(ZcnicCore *s, hwaddr addr)
{
    return ZCNIC_ID_MAGIC;
}

static uint32_t zcnic_get_version(ZcnicCore *s, hwaddr addr)
{
    return deposit32(ZCNIC_VERSION_MINOR, ZCNIC_VERSION_MAJOR_SHIFT,
                     ZCNIC_VERSION_MAJOR_WIDTH, s->version_major);
}

static uint32_t zcnic_get_features(ZcnicCore *s, hwaddr addr)
{
    return ZCNIC_FEATURES_2_1;
}

static void zcnic_set_ctrl(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    zcnic_write_ctrl(s, val);
    /*
     * spec 3.4: frames the net layer holds for the ring go now: dropped by
     * a reset; into a ring just enabled; or, RX_EN cleared, as frames
     * arriving while it is clear.  Never into a ring set up later.
     */
    if (val & ZCNIC_CTRL_RESET) {
        zcnic_rx_discard_held(s);
    } else {
        qemu_flush_queued_packets(qemu_get_queue(s->owner_nic));
    }
}

static void zcnic_set_mac(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    zcnic_reg_store(s, addr, val);
    trace_zcnic_mac_set(s->mac_lo, s->mac_hi);
}

/* spec 5: write 1 to clear */
static void zcnic_set_int_cause(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    s->int_cause &= ~val;
    zcnic_update_irq(s, 0);
}

/* INT_MASK, INT_MASK_SET, INT_MASK_CLR */
static void zcnic_set_int_mask(ZcnicCore *s, hwaddr addr, uint32_t val)
{
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
}

static void zcnic_set_int_set(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    zcnic_set_cause(s, val & ZCNIC_INT_ALL);
}

static void zcnic_set_mtu(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val < ZCNIC_MTU_MIN || val > ZCNIC_MTU_MAX) {
        zcnic_guest_error(s, ZCNIC_ERR_CFG, "MTU %u outside %u..%u", val,
                          ZCNIC_MTU_MIN, ZCNIC_MTU_MAX);
        return;
    }
    s->mtu = val;
}

static uint32_t zcnic_get_counter(ZcnicCore *s, hwaddr addr)
{
    if (addr >= ZCNIC_REG_STAT_ARP_ANSWERED &&
        addr <= ZCNIC_REG_STAT_ARP_LAST) {
        zcnic_arp_now(s);   /* expiries due by now are counted */
    }
    return zcnic_reg_load(s, &zcnic_reg_ops[R(addr)], addr);
}

/*
 * spec 4.10: queue QI's block.  From the contract header: the name, access
 * and reset value of each register, and queue 0's other address.
 */
typedef struct ZcnicQRegInfo {
    const char *name;           /* NULL: a reserved offset */
    uint32_t access;
    hwaddr legacy;              /* 0: none */
} ZcnicQRegInfo;

#define ZCNIC_NQREGS    (ZCNIC_REG_QUEUE_STRIDE / 4)

static const ZcnicQRegInfo zcnic_qreg_info[ZCNIC_NQREGS] = {
#define X(name, off, acc, reset, legacy) [R(off)] = { #name, acc, legacy },
    ZCNIC_QUEUE_REGISTERS(X)
#undef X
};

static uint32_t zcnic_queue_read(ZcnicCore *s, unsigned qi, hwaddr off)
{
    ZcnicQueue *q = &s->q[qi];

    switch (off) {
    case ZCNIC_Q_TX_BASE_LO:
        return q->tx.base;
    case ZCNIC_Q_TX_BASE_HI:
        return q->tx.base >> 32;
    case ZCNIC_Q_TX_SIZE:
        return q->tx.size;
    case ZCNIC_Q_TX_HEAD:
        return q->tx.head;
    case ZCNIC_Q_TX_TAIL:
        return q->tx.tail;
    case ZCNIC_Q_CTRL:
        return zcnic_qctrl(s, qi);
    case ZCNIC_Q_TX_SHADOW_LO:
        return q->tx_shadow;
    case ZCNIC_Q_TX_SHADOW_HI:
        return q->tx_shadow >> 32;
    case ZCNIC_Q_RX_BASE_LO:
        return q->rx.base;
    case ZCNIC_Q_RX_BASE_HI:
        return q->rx.base >> 32;
    case ZCNIC_Q_RX_SIZE:
        return q->rx.size;
    case ZCNIC_Q_RX_HEAD:
        return q->rx.head;
    case ZCNIC_Q_RX_TAIL:
        return q->rx.tail;
    case ZCNIC_Q_RX_HDR_BASE_LO:
        return q->hdr_base;
    case ZCNIC_Q_RX_HDR_BASE_HI:
        return q->hdr_base >> 32;
    case ZCNIC_Q_ITR_RX:
        return q->itr[ZCNIC_ITR_RX].interval_us;
    case ZCNIC_Q_ITR_TX:
        return q->itr[ZCNIC_ITR_TX].interval_us;
    case ZCNIC_Q_STAT_TX_FRAMES ... ZCNIC_Q_STAT_LAST:
        return q->stats[(off - ZCNIC_Q_STAT_TX_FRAMES) / 4];
    default:
        g_assert_not_reached();     /* zcnic_qreg_info has no other */
    }
}

/*
 * spec 4.1, 4.3.1: BASE_LO, BASE_HI, SIZE of a ring, and TX_SHADOW, are
 * fixed while the queue's ring is enabled: writing them then is a ring
 * error, ignored.
 */
static bool zcnic_queue_ring_fixed(ZcnicCore *s, unsigned qi, hwaddr off)
{
    bool tx = off < ZCNIC_Q_RX_BASE_LO;

    if (!(zcnic_qctrl(s, qi) & (tx ? ZCNIC_CTRL_TX_EN : ZCNIC_CTRL_RX_EN))) {
        return false;
    }
    if (off == ZCNIC_Q_TX_SHADOW_LO || off == ZCNIC_Q_TX_SHADOW_HI) {
        zcnic_guest_error(s, ZCNIC_ERR_TX_RING, "TX_SHADOW written while "
                          "TX_EN is set (queue %u)", qi);
    } else {
        zcnic_guest_error(s, tx ? ZCNIC_ERR_TX_RING : ZCNIC_ERR_RX_RING,
                          "%s ring register 0x%" HWADDR_PRIx " written while "
                          "the queue is enabled (queue %u)",
                          tx ? "TX" : "RX", off, qi);
    }
    return true;
}

static void zcnic_queue_write(ZcnicCore *s, unsigned qi, hwaddr off,
                              uint32_t val)
{
    ZcnicQueue *q = &s->q[qi];

    switch (off) {
    case ZCNIC_Q_TX_BASE_LO:
    case ZCNIC_Q_TX_BASE_HI:
    case ZCNIC_Q_TX_SIZE:
    case ZCNIC_Q_TX_SHADOW_LO:
    case ZCNIC_Q_TX_SHADOW_HI:
    case ZCNIC_Q_RX_BASE_LO:
    case ZCNIC_Q_RX_BASE_HI:
    case ZCNIC_Q_RX_SIZE:
        if (zcnic_queue_ring_fixed(s, qi, off)) {
            return;
        }
        switch (off) {
        case ZCNIC_Q_TX_BASE_LO:
            q->tx.base = deposit64(q->tx.base, 0, 32, val);
            break;
        case ZCNIC_Q_TX_BASE_HI:
            q->tx.base = deposit64(q->tx.base, 32, 32, val);
            break;
        case ZCNIC_Q_TX_SIZE:
            q->tx.size = val;
            break;
        case ZCNIC_Q_TX_SHADOW_LO:
            q->tx_shadow = deposit64(q->tx_shadow, 0, 32, val);
            break;
        case ZCNIC_Q_TX_SHADOW_HI:
            q->tx_shadow = deposit64(q->tx_shadow, 32, 32, val);
            break;
        case ZCNIC_Q_RX_BASE_LO:
            q->rx.base = deposit64(q->rx.base, 0, 32, val);
            break;
        case ZCNIC_Q_RX_BASE_HI:
            q->rx.base = deposit64(q->rx.base, 32, 32, val);
            break;
        default:
            q->rx.size = val;
            break;
        }
        break;
    case ZCNIC_Q_TX_TAIL:
        zcnic_tx_doorbell(s, qi, val);
        break;
    case ZCNIC_Q_CTRL:
        zcnic_write_qctrl(s, qi, val);
        /* spec 3.4: what the net layer holds goes now, as for CTRL */
        qemu_flush_queued_packets(qemu_get_queue(s->owner_nic));
        break;
    case ZCNIC_Q_RX_TAIL:
        trace_zcnic_doorbell(qi, "rx", val);
        q->rx.tail = val;
        if (zcnic_rx_running(s, qi) &&
            zcnic_ring_check(s, &q->rx, ZCNIC_ERR_RX_RING, "RX")) {
            qemu_flush_queued_packets(qemu_get_queue(s->owner_nic));
        }
        break;
    case ZCNIC_Q_RX_HDR_BASE_LO:
        q->hdr_base = deposit64(q->hdr_base, 0, 32, val);
        break;
    case ZCNIC_Q_RX_HDR_BASE_HI:
        q->hdr_base = deposit64(q->hdr_base, 32, 32, val);
        break;
    case ZCNIC_Q_ITR_RX:
    case ZCNIC_Q_ITR_TX:
        /* spec 5.2: larger intervals are clamped */
        q->itr[off == ZCNIC_Q_ITR_RX ? ZCNIC_ITR_RX : ZCNIC_ITR_TX].
            interval_us = MIN(val, ZCNIC_ITR_MAX);
        break;
    default:
        g_assert_not_reached();     /* read-only and reserved: the caller's */
    }
}

/* The queue 0 register with another address, ADDR; -1: none */
static int zcnic_queue0_alias(hwaddr addr)
{
    for (int i = 0; i < ZCNIC_NQREGS; i++) {
        if (zcnic_qreg_info[i].legacy == addr && addr) {
            return i * 4;
        }
    }
    return -1;
}

/* Queue 0's registers at their 1.x addresses (spec 4.10) */
static uint32_t zcnic_get_q0(ZcnicCore *s, hwaddr addr)
{
    return zcnic_queue_read(s, 0, zcnic_queue0_alias(addr));
}

static void zcnic_set_q0(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    zcnic_queue_write(s, 0, zcnic_queue0_alias(addr), val);
}

/* MMIO of the queue blocks; false: ADDR is not in one */
static bool zcnic_queue_mmio(ZcnicCore *s, hwaddr addr, bool write,
                             uint32_t *val)
{
    unsigned qi;
    hwaddr off;
    const ZcnicQRegInfo *qi_info;

    if (addr < ZCNIC_REG_QUEUE_BASE || addr >= ZCNIC_REG_QUEUE_END) {
        return false;
    }
    qi = (addr - ZCNIC_REG_QUEUE_BASE) / ZCNIC_REG_QUEUE_STRIDE;
    off = (addr - ZCNIC_REG_QUEUE_BASE) % ZCNIC_REG_QUEUE_STRIDE;
    qi_info = &zcnic_qreg_info[R(off)];
    if (qi >= s->num_queues || (off & 3) || !qi_info->name) {
        if (write) {
            qemu_log_mask(LOG_GUEST_ERROR, "zcnic: write 0x%x to reserved "
                          "register 0x%" HWADDR_PRIx " ignored\n", *val,
                          addr);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "zcnic: read of reserved register "
                          "0x%" HWADDR_PRIx "\n", addr);
        }
        *val = 0;
    } else if (!write) {
        *val = zcnic_queue_read(s, qi, off);
    } else if (!(qi_info->access & ZCNIC_ACC_W)) {
        qemu_log_mask(LOG_GUEST_ERROR, "zcnic: write 0x%x to read-only "
                      "register 0x%" HWADDR_PRIx " ignored (%s of queue "
                      "%u)\n", *val, addr, qi_info->name, qi);
    } else {
        zcnic_queue_write(s, qi, off, *val);
    }
    return true;
}

/* spec 4.10: QUEUES */
static uint32_t zcnic_get_queues(ZcnicCore *s, hwaddr addr)
{
    return s->num_queues;
}

/* QINT_CAUSE, QINT_MASK, QINT_AUTOCLR: queue 0's bits are INT_CAUSE's */
static uint32_t zcnic_qint_from_int(uint32_t v)
{
    return (v & ZCNIC_INT_RX ? ZCNIC_QINT_RX(0) : 0) |
           (v & ZCNIC_INT_TX ? ZCNIC_QINT_TX(0) : 0);
}

static uint32_t zcnic_int_from_qint(uint32_t v)
{
    return (v & ZCNIC_QINT_RX(0) ? ZCNIC_INT_RX : 0) |
           (v & ZCNIC_QINT_TX(0) ? ZCNIC_INT_TX : 0);
}

#define ZCNIC_QINT_Q0   (ZCNIC_QINT_RX(0) | ZCNIC_QINT_TX(0))

static uint32_t zcnic_get_qint(ZcnicCore *s, hwaddr addr)
{
    switch (addr) {
    case ZCNIC_REG_QINT_CAUSE:
        return s->qcause | zcnic_qint_from_int(s->int_cause);
    case ZCNIC_REG_QINT_MASK:
        return s->qmask | zcnic_qint_from_int(s->int_mask);
    default:
        return s->qautoclr | zcnic_qint_from_int(s->int_autoclr);
    }
}

static void zcnic_set_qint(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    uint32_t valid = zcnic_qint_valid(s) & ~ZCNIC_QINT_Q0;
    uint32_t v0 = zcnic_int_from_qint(val);
    uint32_t old_mask = s->qmask, old_int_mask = s->int_mask;

    switch (addr) {
    case ZCNIC_REG_QINT_CAUSE:      /* write 1 to clear */
        s->qcause &= ~val;
        s->int_cause &= ~v0;
        zcnic_update_irq(s, 0);
        return;
    case ZCNIC_REG_QINT_AUTOCLR:
        s->qautoclr = val & valid;
        s->int_autoclr = (s->int_autoclr & ~ZCNIC_INT_AUTOCLR_MASK) | v0;
        return;
    case ZCNIC_REG_QINT_MASK:
        s->qmask = val & valid;
        s->int_mask = (s->int_mask & ~(ZCNIC_INT_RX | ZCNIC_INT_TX)) | v0;
        break;
    case ZCNIC_REG_QINT_MASK_SET:
        s->qmask |= val & valid;
        s->int_mask |= v0;
        break;
    default:
        s->qmask &= ~val;
        s->int_mask &= ~v0;
        break;
    }
    /* spec 5: enabling a pending cause signals it */
    zcnic_update_irqs(s, s->int_mask & ~old_int_mask & s->int_cause,
                      s->qmask & ~old_mask & s->qcause);
}

/* spec 4.10: an RSS_INDIR word; an entry naming no queue refuses it */
static void zcnic_set_rss_indir(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    for (unsigned k = 0; k < ZCNIC_RSS_INDIR_PER_WORD; k++) {
        uint32_t e = extract32(val, ZCNIC_RSS_INDIR_SHIFT(k),
                               ZCNIC_RSS_INDIR_WIDTH);

        if (e >= s->num_queues) {
            zcnic_guest_error(s, ZCNIC_ERR_CFG, "RSS_INDIR%u entry %u: "
                              "queue %u of %u",
                              (unsigned)(addr - ZCNIC_REG_RSS_INDIR(0)) / 4,
                              k, e, s->num_queues);
            return;
        }
    }
    zcnic_reg_store(s, addr, val);
}

/* spec 4.5: the header buffers of queue 0 and of enabled RX rings */
static void zcnic_set_rx_split(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    s->split.ctrl = val & ZCNIC_RX_SPLIT_EN;
    for (unsigned qi = 0; s->split.ctrl && qi < s->num_queues; qi++) {
        if ((qi == 0 || zcnic_rx_running(s, qi)) &&
            !zcnic_split_check(s, qi)) {
            break;
        }
    }
}

static void zcnic_set_rx_gro(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if ((s->gro.ctrl & ~val) & ZCNIC_RX_GRO_EN) {
        zcnic_gro_flush(s, ZCNIC_SEG_STAT_FLUSH_OTHER);
    }
    s->gro.ctrl = val & ZCNIC_RX_GRO_EN;
}

static void zcnic_set_gro_timeout(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val > ZCNIC_GRO_TIMEOUT_MAX) {
        zcnic_guest_error(s, ZCNIC_ERR_CFG, "RX_GRO_TIMEOUT %u us above %u",
                          val, ZCNIC_GRO_TIMEOUT_MAX);
        return;
    }
    s->gro.timeout_us = val;
}

static void zcnic_set_gro_max_segs(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val < ZCNIC_GRO_SEGS_MIN || val > ZCNIC_GRO_SEGS_MAX) {
        zcnic_guest_error(s, ZCNIC_ERR_CFG, "RX_GRO_MAX_SEGS %u outside "
                          "%u..%u", val, ZCNIC_GRO_SEGS_MIN,
                          ZCNIC_GRO_SEGS_MAX);
        return;
    }
    s->gro.max_segs = val;
}

static void zcnic_set_arp_ttl(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (!val || val > ZCNIC_ARP_TTL_MAX) {
        zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP TTL %u s outside 1..%u",
                          val, ZCNIC_ARP_TTL_MAX);
        return;
    }
    s->arp.ttl_s = val;
}

static void zcnic_set_arp_flush(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val & 1) {
        trace_zcnic_arp_flush();
        zcnic_arp_flush(&s->arp.cache);
    }
}

static uint32_t zcnic_get_arp_entries(ZcnicCore *s, hwaddr addr)
{
    return s->arp.cache.n;
}

static void zcnic_set_arp_host_ip(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val && !zcnic_arp_ip_unicast(val)) {
        zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP host address 0x%08x not a "
                          "unicast IPv4 address", val);
        return;
    }
    zcnic_reg_store(s, addr, val);
}

static void zcnic_set_arp_query(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    zcnic_arp_start_query(s, val);
}

static void zcnic_set_arp_tbl_index(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val >= s->arp.cache.n) {
        zcnic_guest_error(s, ZCNIC_ERR_ARP, "ARP table index %u beyond %u "
                          "entries", val, s->arp.cache.n);
        return;
    }
    s->arp.tbl_index = val;
}

static uint32_t zcnic_get_test_reg(ZcnicCore *s, hwaddr addr)
{
    return s->test.reg * 2;
}

/* spec 11: TEST_IRQ sends a vector as the device would, unmoderated */
static void zcnic_set_test_irq(ZcnicCore *s, hwaddr addr, uint32_t vector)
{
    PCIDevice *d = s->owner;

    if (vector >= ZCNIC_MSIX_VECTORS(s->num_queues) || !msix_enabled(d)) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_IRQ: no MSI-X vector %u",
                          vector);
        return;
    }
    trace_zcnic_test_irq(vector);
    msix_notify(d, vector);
}

/* spec 11: TEST_DMA_CTRL runs OP on the buffer at once */
static void zcnic_set_test_dma(ZcnicCore *s, hwaddr addr, uint32_t op)
{
    g_autofree uint8_t *buf = NULL;
    uint32_t n = s->test.dma_size;

    if (op < ZCNIC_TEST_DMA_CLEAR || op > ZCNIC_TEST_DMA_INVERT ||
        !n || n > ZCNIC_TEST_DMA_MAX) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_DMA: operation %u on %u "
                          "bytes invalid", op, n);
        return;
    }
    if (zcnic_addr_in_own_bar(s, s->test.dma_addr, n)) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_DMA: 0x%" PRIx64 "+%u is "
                          "inside the device's BARs", s->test.dma_addr, n);
        return;
    }
    trace_zcnic_test_dma(op, s->test.dma_addr, n);
    buf = g_malloc(n);
    memset(buf, op == ZCNIC_TEST_DMA_FILL ? ZCNIC_TEST_DMA_PATTERN : 0, n);
    if (op == ZCNIC_TEST_DMA_INVERT) {
        if (pci_dma_read(s->owner, s->test.dma_addr, buf, n) != MEMTX_OK) {
            goto fail;
        }
        for (uint32_t i = 0; i < n; i++) {
            buf[i] = ~buf[i];
        }
    }
    if (pci_dma_write(s->owner, s->test.dma_addr, buf, n) == MEMTX_OK) {
        return;
    }
fail:
    zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_DMA: 0x%" PRIx64 "+%u not "
                      "accessible", s->test.dma_addr, n);
}

static void zcnic_set_fault(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val & ~ZCNIC_FAULT_ALL) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "FAULT: reserved bits 0x%x",
                          val & ~ZCNIC_FAULT_ALL);
    }
    s->test.fault = val & ZCNIC_FAULT_ALL;
    if (!(s->test.fault & ZCNIC_FAULT_TX_STALL)) {
        qemu_bh_schedule(s->tx_bh);     /* a stall ends: go on */
    }
}

static void zcnic_set_test_lie(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (extract32(val, ZCNIC_LIE_KIND_SHIFT, ZCNIC_LIE_KIND_WIDTH) >
        ZCNIC_LIE_MAX ||
        (val & ~(MAKE_64BIT_MASK(ZCNIC_LIE_KIND_SHIFT, ZCNIC_LIE_KIND_WIDTH) |
                 MAKE_64BIT_MASK(ZCNIC_LIE_EVERY_SHIFT,
                                 ZCNIC_LIE_EVERY_WIDTH)))) {
        zcnic_guest_error(s, ZCNIC_ERR_TEST, "TEST_LIE 0x%x: no such lie",
                          val);
        return;
    }
    s->test.lie = val;
    s->test.lie_chance = 0;
    trace_zcnic_lie(val, s->test.lies);
}

/* spec 4.9: the rule NT_CMD and NT_HITS act on */
static void zcnic_set_nt_index(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    if (val >= ZCNIC_NT_RULES) {
        zcnic_guest_error(s, ZCNIC_ERR_CFG, "NT_INDEX %u beyond %u rules",
                          val, ZCNIC_NT_RULES);
        return;
    }
    s->nt.index = val;
}

static void zcnic_set_nt_cmd(ZcnicCore *s, hwaddr addr, uint32_t val)
{
    ZcnicNtuple *nt = &s->nt;
    unsigned i = nt->index;
    ZcnicNtRule rule;
    const char *why;

    switch (val) {
    case ZCNIC_NT_CMD_WRITE:
        rule = nt->staging;
        rule.w[ZCNIC_NT_W_ACTION] &= ~ZCNIC_NT_VALID;   /* READ's, ignored */
        if (!zcnic_nt_rule_check(&rule, s->num_queues, &why)) {
            zcnic_guest_error(s, ZCNIC_ERR_CFG, "ntuple rule %u: %s", i,
                              why);
            return;
        }
        nt->rules[i] = rule;
        nt->valid |= 1ull << i;
        nt->hits[i] = 0;
        break;
    case ZCNIC_NT_CMD_READ:
        nt->staging = nt->rules[i];
        if (nt->valid >> i & 1) {
            nt->staging.w[ZCNIC_NT_W_ACTION] |= ZCNIC_NT_VALID;
        }
        break;
    case ZCNIC_NT_CMD_CLEAR:
        memset(&nt->rules[i], 0, sizeof(nt->rules[i]));
        nt->valid &= ~(1ull << i);
        nt->hits[i] = 0;
        break;
    default:
        zcnic_guest_error(s, ZCNIC_ERR_CFG, "NT_CMD %u unknown", val);
        return;
    }
    trace_zcnic_nt_cmd(val, i, nt->rules[i].w[ZCNIC_NT_W_ACTION]);
}

static uint32_t zcnic_get_nt_hits(ZcnicCore *s, hwaddr addr)
{
    return s->nt.hits[s->nt.index];
}

static uint32_t zcnic_get_nt_rules(ZcnicCore *s, hwaddr addr)
{
    return ZCNIC_NT_RULES;
}

/* a uint32_t field; a uint32_t array from register BASE on */
#define F32(f)          .field = offsetof(ZcnicCore, f)
#define FARR(f, b)      .field = offsetof(ZcnicCore, f), .array = true, \
                        .base = (b)
/* the low and the high half of a uint64_t field */
#define F64(f, sh)      .field = offsetof(ZcnicCore, f), .wide = true, \
                        .shift = (sh)
#define STORE(mask)     .write = zcnic_reg_store, .wmask = (mask)
#define ALL             UINT32_MAX
/* queue 0's register with its 1.x address (spec 4.10) */
#define Q0              .read = zcnic_get_q0, .write = zcnic_set_q0

static const ZcnicRegOps zcnic_reg_ops[ZCNIC_NREGS] = {
    [R(ZCNIC_REG_ID)] = { .read = zcnic_get_id },
    [R(ZCNIC_REG_VERSION)] = { .read = zcnic_get_version },
    [R(ZCNIC_REG_FEATURES)] = { .read = zcnic_get_features },
    [R(ZCNIC_REG_CTRL)] = { F32(ctrl), .write = zcnic_set_ctrl },
    [R(ZCNIC_REG_STATUS)] = { F32(status) },
    [R(ZCNIC_REG_MAC_LO)] = { F32(mac_lo), .write = zcnic_set_mac,
                              .wmask = ALL },
    [R(ZCNIC_REG_MAC_HI)] = { F32(mac_hi), .write = zcnic_set_mac,
                              .wmask = ZCNIC_MAC_HI_MASK },
    [R(ZCNIC_REG_INT_CAUSE)] = { F32(int_cause),
                                 .write = zcnic_set_int_cause },
    [R(ZCNIC_REG_INT_MASK)] = { F32(int_mask), .write = zcnic_set_int_mask },
    [R(ZCNIC_REG_INT_SET)] = { .write = zcnic_set_int_set },
    [R(ZCNIC_REG_INT_MASK_SET)] = { .write = zcnic_set_int_mask },
    [R(ZCNIC_REG_INT_MASK_CLR)] = { .write = zcnic_set_int_mask },
    [R(ZCNIC_REG_ERR_STATUS)] = { F32(err_status) },
    [R(ZCNIC_REG_MTU)] = { F32(mtu), .write = zcnic_set_mtu },
    [R(ZCNIC_REG_INT_AUTOCLR)] = { F32(int_autoclr),
                                   STORE(ZCNIC_INT_AUTOCLR_MASK) },
    [R(ZCNIC_REG_STAT_TX_FRAMES) ... R(ZCNIC_REG_STAT_LAST)] = {
        FARR(stats, ZCNIC_REG_STAT_TX_FRAMES), .read = zcnic_get_counter },
    [R(ZCNIC_REG_RX_CTRL)] = { F32(rx_ctrl),
                               STORE(ZCNIC_RX_CTRL_RW_MASK) },
    [R(ZCNIC_REG_MC_HASH_LO)] = { F64(mc_hash, 0), STORE(ALL) },
    [R(ZCNIC_REG_MC_HASH_HI)] = { F64(mc_hash, 32), STORE(ALL) },
    [R(ZCNIC_REG_ITR_RX)] = { .read = zcnic_get_q0, .write = zcnic_set_q0 },
    [R(ZCNIC_REG_ITR_TX)] = { .read = zcnic_get_q0, .write = zcnic_set_q0 },
    [R(ZCNIC_REG_STAT_SPLIT) ... R(ZCNIC_REG_STAT_SPLIT_LAST)] = {
        FARR(split.stats, ZCNIC_REG_STAT_SPLIT), .read = zcnic_get_counter },
    [R(ZCNIC_REG_STAT_TSO_FRAMES) ... R(ZCNIC_REG_STAT_SEG_LAST)] = {
        FARR(seg_stats, ZCNIC_REG_STAT_TSO_FRAMES),
        .read = zcnic_get_counter },
    [R(ZCNIC_REG_TX_BASE_LO)] = { Q0 },
    [R(ZCNIC_REG_TX_BASE_HI)] = { Q0 },
    [R(ZCNIC_REG_TX_SIZE)] = { Q0 },
    [R(ZCNIC_REG_TX_HEAD)] = { .read = zcnic_get_q0 },
    [R(ZCNIC_REG_TX_TAIL)] = { Q0 },
    [R(ZCNIC_REG_TX_SHADOW_LO)] = { Q0 },
    [R(ZCNIC_REG_TX_SHADOW_HI)] = { Q0 },
    [R(ZCNIC_REG_RX_BASE_LO)] = { Q0 },
    [R(ZCNIC_REG_RX_BASE_HI)] = { Q0 },
    [R(ZCNIC_REG_RX_SIZE)] = { Q0 },
    [R(ZCNIC_REG_RX_HEAD)] = { .read = zcnic_get_q0 },
    [R(ZCNIC_REG_RX_TAIL)] = { Q0 },
    [R(ZCNIC_REG_RX_SPLIT)] = { F32(split.ctrl), .write = zcnic_set_rx_split },
    [R(ZCNIC_REG_RX_HDR_SIZE)] = { F32(split.hdr_size), STORE(ALL) },
    [R(ZCNIC_REG_RX_HDR_BASE_LO)] = { Q0 },
    [R(ZCNIC_REG_RX_HDR_BASE_HI)] = { Q0 },
    [R(ZCNIC_REG_RX_GRO)] = { F32(gro.ctrl), .write = zcnic_set_rx_gro },
    [R(ZCNIC_REG_RX_GRO_TIMEOUT)] = { F32(gro.timeout_us),
                                      .write = zcnic_set_gro_timeout },
    [R(ZCNIC_REG_RX_GRO_MAX_SEGS)] = { F32(gro.max_segs),
                                       .write = zcnic_set_gro_max_segs },
    [R(ZCNIC_REG_ARP_CTRL)] = { F32(arp.ctrl),
                                STORE(ZCNIC_ARP_CTRL_RW_MASK) },
    [R(ZCNIC_REG_ARP_TTL)] = { F32(arp.ttl_s), .write = zcnic_set_arp_ttl },
    [R(ZCNIC_REG_ARP_FLUSH)] = { .write = zcnic_set_arp_flush },
    [R(ZCNIC_REG_ARP_ENTRIES)] = { .read = zcnic_get_arp_entries },
    [R(ZCNIC_REG_ARP_HOST_IP(0)) ...
     R(ZCNIC_REG_ARP_HOST_IP(ZCNIC_ARP_HOST_IPS - 1))] = {
        FARR(arp.host_ip, ZCNIC_REG_ARP_HOST_IP(0)),
        .write = zcnic_set_arp_host_ip, .wmask = ALL },
    [R(ZCNIC_REG_ARP_QUERY_IP)] = { F32(arp.query_ip),
                                    .write = zcnic_set_arp_query },
    [R(ZCNIC_REG_ARP_QUERY_STATUS)] = { F32(arp.status) },
    [R(ZCNIC_REG_ARP_RESULT_MAC_LO)] = { F32(arp.result_lo) },
    [R(ZCNIC_REG_ARP_RESULT_MAC_HI)] = { F32(arp.result_hi) },
    [R(ZCNIC_REG_ARP_TBL_INDEX)] = { F32(arp.tbl_index),
                                     .write = zcnic_set_arp_tbl_index },
    [R(ZCNIC_REG_ARP_TBL_IP) ... R(ZCNIC_REG_ARP_TBL_TTL)] = {
        .read = zcnic_arp_tbl_read },
    [R(ZCNIC_REG_STAT_ARP_ANSWERED) ... R(ZCNIC_REG_STAT_ARP_LAST)] = {
        FARR(arp.stats, ZCNIC_REG_STAT_ARP_ANSWERED),
        .read = zcnic_get_counter },
    [R(ZCNIC_REG_TEST_REG)] = { F32(test.reg), .read = zcnic_get_test_reg,
                                STORE(ALL) },
    [R(ZCNIC_REG_TEST_IRQ)] = { .write = zcnic_set_test_irq },
    [R(ZCNIC_REG_TEST_DMA_ADDR_LO)] = { F64(test.dma_addr, 0), STORE(ALL) },
    [R(ZCNIC_REG_TEST_DMA_ADDR_HI)] = { F64(test.dma_addr, 32), STORE(ALL) },
    [R(ZCNIC_REG_TEST_DMA_SIZE)] = { F32(test.dma_size), STORE(ALL) },
    [R(ZCNIC_REG_TEST_DMA_CTRL)] = { .write = zcnic_set_test_dma },
    [R(ZCNIC_REG_FAULT)] = { F32(test.fault), .write = zcnic_set_fault },
    [R(ZCNIC_REG_FAULT_FIRED)] = { F32(test.fault_fired) },
    [R(ZCNIC_REG_TEST_LIE)] = { F32(test.lie), .write = zcnic_set_test_lie },
    [R(ZCNIC_REG_RSS_CTRL)] = { F32(rss.ctrl), STORE(ZCNIC_RSS_CTRL_RW_MASK) },
    [R(ZCNIC_REG_RSS_FIELDS)] = { F32(rss.fields),
                                  STORE(ZCNIC_RSS_FIELDS_RW_MASK) },
    [R(ZCNIC_REG_RSS_KEY(0)) ...
     R(ZCNIC_REG_RSS_KEY(ZCNIC_RSS_KEY_WORDS - 1))] = {
        FARR(rss.key, ZCNIC_REG_RSS_KEY(0)), STORE(ALL) },
    [R(ZCNIC_REG_RSS_INDIR(0)) ...
     R(ZCNIC_REG_RSS_INDIR(ZCNIC_RSS_INDIR_WORDS - 1))] = {
        FARR(rss.indir, ZCNIC_REG_RSS_INDIR(0)),
        .write = zcnic_set_rss_indir, .wmask = ALL },
    [R(ZCNIC_REG_NT_INDEX)] = { F32(nt.index), .write = zcnic_set_nt_index },
    [R(ZCNIC_REG_NT_CMD)] = { .write = zcnic_set_nt_cmd },
    [R(ZCNIC_REG_NT_WORD(0)) ... R(ZCNIC_REG_NT_WORD(ZCNIC_NT_WORDS - 1))] = {
        FARR(nt.staging.w, ZCNIC_REG_NT_WORD(0)), STORE(ALL) },
    [R(ZCNIC_REG_NT_HITS)] = { .read = zcnic_get_nt_hits },
    [R(ZCNIC_REG_NT_RULES)] = { .read = zcnic_get_nt_rules },
    [R(ZCNIC_REG_STAT_RX_DROP_NTUPLE)] = { F32(nt.drops) },
    [R(ZCNIC_REG_QUEUES)] = { .read = zcnic_get_queues },
    [R(ZCNIC_REG_QINT_CAUSE)] = { .read = zcnic_get_qint,
                                  .write = zcnic_set_qint },
    [R(ZCNIC_REG_QINT_MASK)] = { .read = zcnic_get_qint,
                                 .write = zcnic_set_qint },
    [R(ZCNIC_REG_QINT_MASK_SET)] = { .write = zcnic_set_qint },
    [R(ZCNIC_REG_QINT_MASK_CLR)] = { .write = zcnic_set_qint },
    [R(ZCNIC_REG_QINT_AUTOCLR)] = { .read = zcnic_get_qint,
                                    .write = zcnic_set_qint },
};

/* The register at ADDR, or NULL: a reserved offset */
static const ZcnicRegInfo *zcnic_reg_find(hwaddr addr)
{
    if (addr >= ZCNIC_REG_SPACE || (addr & 3) ||
        !zcnic_reg_info[R(addr)].name) {
        return NULL;
    }
    return &zcnic_reg_info[R(addr)];
}

uint64_t zcnic_core_read(ZcnicCore *s, hwaddr addr, unsigned size)
{
    const ZcnicRegInfo *ri = zcnic_reg_find(addr);
    const ZcnicRegOps *o;
    uint32_t val = 0;

    if (zcnic_queue_mmio(s, addr, false, &val)) {
        trace_zcnic_mmio_read(addr, val);
        return val;
    }
    if (!ri) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "zcnic: read of reserved register 0x%" HWADDR_PRIx "\n",
                      addr);
    } else if (ri->access & ZCNIC_ACC_R) {
        o = &zcnic_reg_ops[R(addr)];
        val = o->read ? o->read(s, addr) : zcnic_reg_load(s, o, addr);
    }
    trace_zcnic_mmio_read(addr, val);
    return val;
}

void zcnic_core_write(ZcnicCore *s, hwaddr addr, uint64_t val64,
                      unsigned size)
{
    const ZcnicRegInfo *ri = zcnic_reg_find(addr);
    uint32_t val = val64;

    trace_zcnic_mmio_write(addr, val);
    if (zcnic_queue_mmio(s, addr, true, &val)) {
        return;
    }
    if (!ri) {
        qemu_log_mask(LOG_GUEST_ERROR, "zcnic: write 0x%x to reserved "
                      "register 0x%" HWADDR_PRIx " ignored\n", val, addr);
    } else if (!(ri->access & (ZCNIC_ACC_W | ZCNIC_ACC_W1C))) {
        qemu_log_mask(LOG_GUEST_ERROR, "zcnic: write 0x%x to read-only "
                      "register 0x%" HWADDR_PRIx " ignored (%s)\n", val,
                      addr, ri->name);
    } else {
        zcnic_reg_ops[R(addr)].write(s, addr, val);
    }
}

/*
 * spec 3.4: the "On reset" column, from the register map, into every
 * register that keeps a value; the rest of the state is zcnic_core_reset's.
 */
void zcnic_regs_reset(ZcnicCore *s)
{
    for (hwaddr i = 0; i < ZCNIC_NREGS; i++) {
        const ZcnicRegInfo *ri = &zcnic_reg_info[i];
        const ZcnicRegOps *o = &zcnic_reg_ops[i];

        if (ri->name && o->field &&
            !(ri->access & (ZCNIC_ACC_CFG | ZCNIC_ACC_KEEP))) {
            zcnic_reg_set(s, o, i * 4, ri->reset);
        }
    }
}

/*
 * The two tables agree: each register has the hooks its access needs, and
 * no reserved offset has any.  Checked once, when the first device is
 * realized: a mismatch is a bug of this file, not of the guest.
 */
void zcnic_regs_check(void)
{
    for (hwaddr i = 0; i < ZCNIC_NREGS; i++) {
        const ZcnicRegInfo *ri = &zcnic_reg_info[i];
        const ZcnicRegOps *o = &zcnic_reg_ops[i];
        bool w = ri->access & (ZCNIC_ACC_W | ZCNIC_ACC_W1C);

        if (!ri->name) {
            assert(!o->field && !o->read && !o->write);
            continue;
        }
        assert(!o->write == !w);
        assert(!(ri->access & ZCNIC_ACC_R) || o->read || o->field);
        assert(o->write != zcnic_reg_store || o->field);
        /* what CTRL.RESET does not store is set from the configuration */
        assert(o->field || !ri->reset || (ri->access & ZCNIC_ACC_CFG) ||
               o->read == zcnic_get_id || o->read == zcnic_get_features ||
               o->read == zcnic_get_nt_rules || o->read == zcnic_get_q0);
        /* queue 0's registers: each 1.x address names one in its block */
        assert((o->read == zcnic_get_q0) == (zcnic_queue0_alias(i * 4) >= 0));
    }
    for (hwaddr i = 0; i < ZCNIC_NQREGS; i++) {
        const ZcnicQRegInfo *qi = &zcnic_qreg_info[i];

        assert(!qi->legacy || zcnic_reg_info[R(qi->legacy)].access ==
               qi->access);
    }
}
