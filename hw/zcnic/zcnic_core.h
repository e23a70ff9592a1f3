/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zcnic device core: the state and the API the QOM/PCI shell (zcnic.c)
 * calls, as igb_core.h is to igb.c.  The core's parts:
 *   zcnic_core.c       reset, guest errors, rings and descriptors, faults
 *                      and lies, the migration stream's checks
 *   zcnic_regs.c       the register map: MMIO dispatch and register hooks
 *   zcnic_irq.c        interrupt causes, MSI-X/INTx, moderation
 *   zcnic_tx.c         TX ring, checksum insertion, TSO/USO, shadow tail
 *   zcnic_rx.c         RX ring, filter, checksum status, header split
 *   zcnic_gro.c        receive coalescing
 *   zcnic_rss.c        the RSS hash (QEMU-independent, as the parser)
 *   zcnic_steer.c      ntuple rules (QEMU-independent)
 *   zcnic_arp_block.c  the ARP block's control (the cache: zcnic_arp.c)
 *
 * Frame parsing, segmentation and the ARP cache are QEMU-independent
 * (zcnic_parse.c, zcnic_seg.c, zcnic_arp.c) rather than QEMU's
 * net_tx_pkt/net_rx_pkt: so they are unit-tested and fuzzed on their own
 * (unit/), and every offset they return is checked against the frame.
 */
#ifndef HW_ZCNIC_CORE_H
#define HW_ZCNIC_CORE_H

#include "qemu/timer.h"
#include "net/net.h"
#include "hw/pci/pci_device.h"
#include "system/runstate.h"
#include "standard-headers/linux/virtio_net.h"

#include "zcnic/zcnic_hw.h"
#include "zcnic_parse.h"
#include "zcnic_arp.h"
#include "zcnic_seg.h"
#include "zcnic_rss.h"
#include "zcnic_steer.h"

/* spec 4: one descriptor ring; software owns tail, hardware owns head */
typedef struct ZcnicRing {
    uint64_t base;
    uint32_t size;
    uint32_t head;
    uint32_t tail;
    bool is_tx;                 /* set at realize, not a register */
} ZcnicRing;

/*
 * A descriptor as the device read it, once, from guest memory: every later
 * decision about it uses this copy, never a second read (spec 4.2).
 */
typedef struct ZcnicDesc {
    uint64_t addr;
    uint64_t cmd;
} ZcnicDesc;

/* spec 7: the counters from ZCNIC_REG_STAT_TX_FRAMES on */
typedef enum ZcnicStat {
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
} ZcnicStat;
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_TX_FRAMES + 4 * (ZCNIC_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_LAST);

/* spec 7: header split counters, from ZCNIC_REG_STAT_SPLIT on */
typedef enum ZcnicSplitStat {
    ZCNIC_SPLIT_STAT_SPLIT,
    ZCNIC_SPLIT_STAT_NOTIP,
    ZCNIC_SPLIT_STAT_FRAG,
    ZCNIC_SPLIT_STAT_OVERFLOW,
    ZCNIC_SPLIT_STAT_BADLEN,
    ZCNIC_SPLIT_STAT_NUM,
} ZcnicSplitStat;
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_SPLIT + 4 * (ZCNIC_SPLIT_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_SPLIT_LAST);

/* spec 7: ARP counters, from ZCNIC_REG_STAT_ARP_ANSWERED on */
typedef enum ZcnicArpStat {
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
} ZcnicArpStat;
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_ARP_ANSWERED + 4 * (ZCNIC_ARP_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_ARP_LAST);

/* spec 4.6, 4.7: segmentation and coalescing counters, from 0x00c0 on */
typedef enum ZcnicSegStat {
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
} ZcnicSegStat;
QEMU_BUILD_BUG_ON(ZCNIC_REG_STAT_TSO_FRAMES + 4 * (ZCNIC_SEG_STAT_NUM - 1) !=
                  ZCNIC_REG_STAT_SEG_LAST);

/* spec 5.2: the moderated vectors, in zcnic_vec_map order after MISC */
typedef enum ZcnicItrSlot {
    ZCNIC_ITR_RX,
    ZCNIC_ITR_TX,
    ZCNIC_ITR_NUM,
} ZcnicItrSlot;

/* spec 5.2: moderation state of a queue's RX or TX vector */
typedef struct ZcnicItr {
    uint32_t interval_us;
    int64_t next_ns;        /* earliest time the vector may fire again */
    bool pending;           /* a message waits for next_ns */
    QEMUTimer *timer;
    struct ZcnicCore *core; /* the timer's */
    unsigned vector;
} ZcnicItr;

/* spec 4.10: a queue's counters, from ZCNIC_Q_STAT_TX_FRAMES on */
typedef enum ZcnicQStat {
    ZCNIC_QSTAT_TX_FRAMES,
    ZCNIC_QSTAT_TX_BYTES,
    ZCNIC_QSTAT_RX_FRAMES,
    ZCNIC_QSTAT_RX_BYTES,
    ZCNIC_QSTAT_RX_DROP,
    ZCNIC_QSTAT_NUM,
} ZcnicQStat;
QEMU_BUILD_BUG_ON(ZCNIC_Q_STAT_TX_FRAMES + 4 * (ZCNIC_QSTAT_NUM - 1) !=
                  ZCNIC_Q_STAT_LAST);

/* spec 4.10: a queue pair: its block of registers, and the rings' state */
typedef struct ZcnicQueue {
    uint32_t ctrl;              /* Q_CTRL; queue 0's is in ZcnicCore.ctrl */
    ZcnicRing tx;
    ZcnicRing rx;
    uint64_t tx_shadow;         /* spec 4.3.1: 0 = no shadow block */
    bool tx_kick;               /* 1 is in its SHADOW_TX_KICK */
    uint64_t hdr_base;          /* RX_HDR_BASE (spec 4.5) */
    ZcnicItr itr[ZCNIC_ITR_NUM];
    uint32_t stats[ZCNIC_QSTAT_NUM];
} ZcnicQueue;

/* spec 4.5: header split */
typedef struct ZcnicSplit {
    uint32_t ctrl;              /* RX_SPLIT */
    uint32_t hdr_size;          /* RX_HDR_SIZE */
    uint32_t stats[ZCNIC_SPLIT_STAT_NUM];
} ZcnicSplit;

/* spec 4.8: the RSS hash's registers */
typedef struct ZcnicRss {
    uint32_t ctrl;              /* RSS_CTRL */
    uint32_t fields;            /* RSS_FIELDS */
    uint32_t key[ZCNIC_RSS_KEY_WORDS];  /* RSS_KEY0..9 */
    uint32_t indir[ZCNIC_RSS_INDIR_WORDS];  /* RSS_INDIR0..15 */
} ZcnicRss;

/* spec 4.9: ntuple rules, their staging registers and counters */
typedef struct ZcnicNtuple {
    uint32_t index;             /* NT_INDEX */
    ZcnicNtRule staging;        /* NT_ACTION..NT_DST_MASK3 */
    ZcnicNtRule rules[ZCNIC_NT_RULES];
    uint64_t valid;             /* a bit a rule */
    uint32_t hits[ZCNIC_NT_RULES];
    uint32_t drops;             /* STAT_RX_DROP_NTUPLE */
} ZcnicNtuple;
QEMU_BUILD_BUG_ON(ZCNIC_NT_RULES > 64);

/* spec 8: the ARP block: its registers, and the ARP buffer (cache) */
typedef struct ZcnicArpBlock {
    uint32_t ctrl;
    uint32_t ttl_s;
    uint32_t host_ip[ZCNIC_ARP_HOST_IPS];
    uint32_t query_ip;
    uint32_t status;            /* ARP_QUERY_STATUS */
    uint32_t result_lo;
    uint32_t result_hi;
    bool pending;               /* a missed query waits for the reply */
    uint32_t tbl_index;
    uint32_t stats[ZCNIC_ARP_STAT_NUM];
    QEMUTimer *query_timer;     /* the lookup of a query ends */
    ZcnicArpCache cache;        /* .e: .n entries ("arp-entries") */
} ZcnicArpBlock;

/* a coalesced frame: Ethernet and VLAN headers plus a 64 KB IP packet */
#define ZCNIC_GRO_BUF   (ZCNIC_GRO_MAX_IP_LEN + 22)

/* spec 4.7: receive coalescing, and the frame it holds */
typedef struct ZcnicGro {
    uint32_t ctrl;              /* RX_GRO */
    uint32_t timeout_us;        /* RX_GRO_TIMEOUT */
    uint32_t max_segs;          /* RX_GRO_MAX_SEGS */
    uint32_t queue;             /* the queue the held frame goes to */
    uint32_t len;               /* bytes held in buf; 0: none */
    uint32_t segs;              /* segments in it */
    uint32_t mss;               /* the first one's payload */
    uint32_t next_seq;          /* sequence number that may join */
    uint32_t limit;             /* bytes the posted RX buffers hold */
    uint16_t sum;               /* ones' complement sum of the payload */
    bool psh;
    ZcnicGroSeg first;          /* the first segment, classified */
    QEMUTimer *timer;
    uint8_t *buf;               /* ZCNIC_GRO_BUF bytes */
} ZcnicGro;

/* spec 11, 11.1: test registers, armed faults, the hostile device */
typedef struct ZcnicTestRegs {
    uint32_t reg;               /* TEST_REG */
    uint64_t dma_addr;
    uint32_t dma_size;
    uint32_t fault;             /* FAULT */
    /* kept over CTRL.RESET, cleared by a PCI reset */
    uint32_t fault_fired;       /* FAULT_FIRED: a byte a fault */
    uint32_t lie;               /* TEST_LIE */
    uint32_t lie_chance;        /* chances since the last lie */
    uint32_t lies;              /* lies told: varies the next one */
} ZcnicTestRegs;

typedef struct ZcnicCore {
    PCIDevice *owner;
    NICState *owner_nic;
    const uint8_t *permanent_mac;   /* the "mac" property */

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
    uint32_t seg_stats[ZCNIC_SEG_STAT_NUM];
    uint32_t rx_ctrl;
    uint64_t mc_hash;
    uint32_t mtu;
    /* spec 4.10: queue pairs; causes of queues 1.. (QINT bits 2..) */
    ZcnicQueue q[ZCNIC_QUEUES_MAX];
    uint32_t qcause;
    uint32_t qmask;
    uint32_t qautoclr;
    ZcnicSplit split;
    ZcnicGro gro;
    ZcnicRss rss;
    ZcnicNtuple nt;
    ZcnicArpBlock arp;
    ZcnicTestRegs test;

    /* TX (spec 4.3) */
    bool tx_waiting;            /* the net layer queued a frame of ours */
    uint32_t tx_wait_q;         /* of this queue */
    uint32_t tx_next;           /* the queue whose turn is next */
    uint32_t tx_wait_n;         /* its descriptors, from TX_HEAD on */
    uint64_t tx_wait_cmd[ZCNIC_TX_MAX_FRAGS];   /* as read, for write-back */
    QEMUBH *tx_bh;
    VMChangeStateEntry *vmstate;
    /* TX buffers that could not be mapped are copied here */
    uint8_t tx_bounce[ZCNIC_TSO_MAX_LEN];

    /* RX: the descriptors of the frame being delivered, read once */
    ZcnicDesc *rx_desc;         /* ZCNIC_RING_MAX entries */
    /* the frame the net layer re-delivers was held after its ARP step */
    bool rx_held;
    /* a reset drops what the net layer held: not migrated, never set after */
    bool rx_discard;

    /* spec 4.6: the backend takes a virtio-net header (tap vnet_hdr) */
    bool has_vnet;
    /* spec 4.6: the backend is a host's stack: a TCP frame goes as one */
    bool whole_tso;

    /* properties */
    uint16_t version_major;     /* "x-version-major" */
    uint32_t num_queues;        /* "queues" */
    uint32_t arp_entries;       /* "arp-entries" */
    bool vnet_hdr;              /* "vnet-hdr" */
    OnOffAuto host_tso;         /* "host-tso" */
} ZcnicCore;

/* The API of the shell (zcnic.c) */
void zcnic_core_realize(ZcnicCore *s);
void zcnic_core_unrealize(ZcnicCore *s);
void zcnic_core_vnet_init(ZcnicCore *s);
void zcnic_core_reset(ZcnicCore *s);
void zcnic_core_pci_reset(ZcnicCore *s);
uint64_t zcnic_core_read(ZcnicCore *s, hwaddr addr, unsigned size);
void zcnic_core_write(ZcnicCore *s, hwaddr addr, uint64_t val,
                      unsigned size);
bool zcnic_core_can_receive(ZcnicCore *s);
ssize_t zcnic_core_receive(ZcnicCore *s, const uint8_t *buf, size_t size);
void zcnic_core_set_link(ZcnicCore *s);
char *zcnic_core_arp_table(ZcnicCore *s);
/* post_load of the core's VMState and its subsections */
int zcnic_core_post_load(void *opaque, int version_id);
int zcnic_core_arp_post_load(void *opaque, int version_id);
int zcnic_core_seg_post_load(void *opaque, int version_id);
int zcnic_core_test_post_load(void *opaque, int version_id);
int zcnic_core_irq_post_load(void *opaque, int version_id);
int zcnic_core_rss_post_load(void *opaque, int version_id);
int zcnic_core_nt_post_load(void *opaque, int version_id);
int zcnic_core_mq_post_load(void *opaque, int version_id);
bool zcnic_core_gro_len_valid(void *opaque, int version_id);

/* Between the core's parts */

/* zcnic_core.c */
bool zcnic_fault(ZcnicCore *s, uint32_t f);
bool zcnic_lie(ZcnicCore *s, unsigned kind);
unsigned zcnic_lie_frame(ZcnicCore *s, bool tx);
bool zcnic_guard_enter(ZcnicCore *s);
void zcnic_guard_exit(ZcnicCore *s, bool entered);
void zcnic_load_mac(ZcnicCore *s);
void zcnic_own_mac(ZcnicCore *s, uint8_t *mac);
void zcnic_update_link(ZcnicCore *s);
void G_GNUC_PRINTF(3, 4)
zcnic_guest_error(ZcnicCore *s, uint32_t err, const char *fmt, ...);
bool zcnic_addr_in_own_bar(ZcnicCore *s, uint64_t addr, uint64_t len);
bool zcnic_ring_check(ZcnicCore *s, ZcnicRing *r, uint32_t err,
                      const char *name);
uint32_t zcnic_qctrl(ZcnicCore *s, unsigned qi);
bool zcnic_tx_running(ZcnicCore *s, unsigned qi);
bool zcnic_rx_running(ZcnicCore *s, unsigned qi);
void zcnic_write_qctrl(ZcnicCore *s, unsigned qi, uint32_t val);
dma_addr_t zcnic_desc_addr(ZcnicRing *r, uint32_t idx);
bool zcnic_desc_read(ZcnicCore *s, ZcnicRing *r, uint32_t idx, ZcnicDesc *d);
bool zcnic_desc_done(ZcnicCore *s, ZcnicRing *r, uint32_t idx, uint64_t cmd);
void zcnic_lie_ring(ZcnicCore *s, ZcnicRing *r, unsigned lie, uint32_t first);
uint32_t zcnic_desc_len(uint64_t cmd);
uint32_t zcnic_ring_posted(ZcnicRing *r);
void zcnic_write_ctrl(ZcnicCore *s, uint32_t val);

/* zcnic_regs.c */
void zcnic_regs_reset(ZcnicCore *s);
void zcnic_regs_check(void);

/* zcnic_irq.c */
void zcnic_update_irqs(ZcnicCore *s, uint32_t newly_set, uint32_t newly_q);
void zcnic_update_irq(ZcnicCore *s, uint32_t newly_set);
void zcnic_update_qirq(ZcnicCore *s, uint32_t newly_set);
void zcnic_set_cause(ZcnicCore *s, uint32_t cause);
void zcnic_set_qcause(ZcnicCore *s, unsigned qi, bool tx);
uint32_t zcnic_qint_valid(ZcnicCore *s);
void zcnic_lie_irq(ZcnicCore *s);
void zcnic_itr_timer(void *opaque);

/* zcnic_tx.c */
ssize_t zcnic_send(ZcnicCore *s, const struct iovec *iov, int n,
                   NetPacketSent *sent, const struct virtio_net_hdr *vh);
bool zcnic_tx_set_kick(ZcnicCore *s, ZcnicQueue *q, bool kick);
bool zcnic_tx_shadow_write(ZcnicCore *s, ZcnicQueue *q, hwaddr off,
                           uint32_t val);
void zcnic_tx_doorbell(ZcnicCore *s, unsigned qi, uint32_t tail);
void zcnic_tx_bh(void *opaque);
void zcnic_vm_state_change(void *opaque, bool running, RunState state);

/* zcnic_rx.c */
bool zcnic_split_check(ZcnicCore *s, unsigned qi);
ssize_t zcnic_rx_deliver(ZcnicCore *s, unsigned qi, const uint8_t *buf,
                         size_t size, uint32_t gro_segs, uint32_t gro_mss);
void zcnic_rx_discard_held(ZcnicCore *s);

/* zcnic_gro.c */
void zcnic_gro_flush(ZcnicCore *s, int reason);
void zcnic_gro_timer(void *opaque);
bool zcnic_gro_rx(ZcnicCore *s, unsigned qi, const uint8_t *buf,
                  size_t size);

/* zcnic_arp_block.c */
int64_t zcnic_arp_now(ZcnicCore *s);
bool zcnic_arp_rx(ZcnicCore *s, const uint8_t *buf, size_t size);
void zcnic_arp_query_done(void *opaque);
void zcnic_arp_start_query(ZcnicCore *s, uint32_t ip);
uint32_t zcnic_arp_tbl_read(ZcnicCore *s, hwaddr addr);

#endif /* HW_ZCNIC_CORE_H */
