/* SPDX-License-Identifier: GPL-2.0-only */
/* zcnic: Linux driver for the zcnic zero-copy NIC model. */
#ifndef _ZCNIC_H_
#define _ZCNIC_H_

#include <linux/bitfield.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/bits.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <net/netdev_rx_queue.h>
#include <net/xdp.h>

#include <zcnic/zcnic_hw.h>

#include "zcnic_compat.h"

#define ZCNIC_DRV_NAME	"zcnic"

/* GENMASK for a _SHIFT/_WIDTH pair of the hardware header */
#define ZCNIC_MASK(f)	GENMASK((f##_SHIFT) + (f##_WIDTH) - 1, (f##_SHIFT))

#define ZCNIC_RING_DEFAULT	256
/* Receive buffers are whole pages: header split (spec 4.5) needs them. */
#define ZCNIC_RX_BUF_LEN	PAGE_SIZE
#define ZCNIC_MAX_MTU		(ZCNIC_MAX_FRAME - VLAN_ETH_HLEN - ETH_FCS_LEN)
/* Header buffer per RX descriptor with header split (spec 4.5) */
#define ZCNIC_HDR_BUF_SIZE	256

/* spec 8.8: ARP lookups waiting for the device, addresses not trusted to it */
#define ZCNIC_ARP_PENDING	16
#define ZCNIC_ARP_DISTRUST	16

/*
 * With an XDP program attached an RX buffer starts XDP_PACKET_HEADROOM into
 * its page and leaves room at the end for the skb_shared_info of a frame
 * built around it (or of a multi-buffer XDP frame's frags).
 */
#define ZCNIC_XDP_BUF_LEN	(PAGE_SIZE - XDP_PACKET_HEADROOM - \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
/* the largest MTU whose frames fit one such buffer */
#define ZCNIC_XDP_MAX_MTU_SB	(ZCNIC_XDP_BUF_LEN - VLAN_ETH_HLEN)

/**
 * struct zcnic_desc - one ring descriptor (spec 4.2)
 * @addr: buffer address
 * @cmd: length, flags and, once the device is done, ZCNIC_DESC_DONE
 */
struct zcnic_desc {
	__le64 addr;
	__le64 cmd;
};
static_assert(sizeof(struct zcnic_desc) == ZCNIC_DESC_SIZE);

/**
 * struct zcnic_tx_buf - what a TX descriptor carries
 * @skb: the frame, on its last descriptor only; freed on completion
 * @xdpf: an XDP frame instead (XDP_TX, ndo_xdp_xmit), on its last descriptor
 * @dma: this descriptor's mapping
 * @len: the descriptor's LEN
 * @bytes: bytes on the wire for the frame (with @skb): its length, plus the
 *	headers repeated in each segment of a TSO/USO frame
 * @segs: frames on the wire (with @skb): 1, or the segment count; with
 *	@xsk: 1 on a frame's last descriptor, else 0
 * @map: how @dma was mapped (ZCNIC_MAP_*): unmapped on completion
 * @xdp_tx: @xdpf is in a page of this queue's own pool (XDP_TX)
 * @xsk: a frame of the queue's AF_XDP socket (its UMEM), completed to it
 * @xsk_drop: the socket's descriptors of frames not sent, posted after
 *	this one: completed to it with this one, in the socket's order
 */
struct zcnic_tx_buf {
	struct sk_buff *skb;
	struct xdp_frame *xdpf;
	dma_addr_t dma;
	u32 len;
	u32 bytes;
	u16 segs;
	u8 map;
	bool xdp_tx;
	bool xsk;
	u32 xsk_drop;
};

/* struct zcnic_tx_buf.map */
#define ZCNIC_MAP_NONE		0	/* a page pool's mapping (XDP_TX) */
#define ZCNIC_MAP_SINGLE	1	/* dma_map_single */
#define ZCNIC_MAP_PAGE		2	/* dma_map_page (a frag) */

/**
 * struct zcnic_rx_buf - the buffer behind an RX descriptor
 * @netmem: the page_pool's buffer: a page, or a memory provider's net_iov
 *	the CPU may not read; 0 once handed to the stack
 * @dma: its bus address
 * @xsk: instead, a UMEM frame of the queue's AF_XDP socket
 */
struct zcnic_rx_buf {
	netmem_ref netmem;
	dma_addr_t dma;
	struct xdp_buff *xsk;
};

/**
 * struct zcnic_ring - a descriptor ring and its software state
 * @desc: descriptors, shared with the device
 * @desc_dma: their bus address
 * @size: number of descriptors, a power of two
 * @next: next descriptor software fills (the tail it writes)
 * @clean: next descriptor software expects the device to complete
 */
struct zcnic_ring {
	struct zcnic_desc *desc;
	dma_addr_t desc_dma;
	u32 size;
	u32 next;
	u32 clean;
};

/**
 * struct zcnic_ring_stats - per-ring software counters
 * @packets: frames completed
 * @bytes: their bytes
 * @dropped: frames dropped by the driver
 * @errors: write-backs and frames the driver refused (the sum of the next)
 * @bad_wb: a descriptor's write-back impossible: LEN beyond the buffer or
 *	0, SPLIT with a bad HDR_LEN; TX: LEN or EOP not as posted
 * @bad_frame: RX: a frame too long, of too many buffers, or cut off by the
 *	next frame's SPLIT (EOP missing)
 * @bad_gro: RX: a GRO write-back with an impossible count or MSS
 * @csum_bogus: RX: contradictory checksum status, not trusted
 * @unreadable_bytes: RX: payload bytes the device wrote into a memory
 *	provider's buffers (devmem, io_uring zero-copy receive), which the
 *	CPU cannot read and the driver never touched
 * @unsplit_drop: RX: frames the device did not split arriving on a queue
 *	whose payload buffers are a memory provider's: their headers are in
 *	memory the stack cannot read, so they are dropped
 * @refill_kick: RX: service ticks that found the ring short (the pool gave
 *	no buffer) and no poll since the last, and ran NAPI to refill
 * @napi_yield: RX: polls in the NAPI kthread that would have completed
 *	under their budget but reported it used up, because the scheduler
 *	wanted the CPU
 * @unowned_done: DONE on a descriptor software had not given the device
 * @busy: TX: start_xmit found the ring full
 * @stop: TX: queue stopped for want of descriptors
 * @restart: TX: queue woken after being stopped
 * @gso_packets: TX: TSO/USO frames completed
 * @gso_wire_packets: TX: the segments they became
 * @kick_skipped: TX: tails the device read from the shadow block, unrung
 * @csum_bad: RX: device reported a bad checksum
 * @bad_hash: RX: an RSS hash type the device cannot report (spec 4.8)
 * @xdp_pass: RX: frames the XDP program passed to the stack
 * @xdp_drop: RX: frames it dropped
 * @xdp_tx: RX: frames it sent back out (XDP_TX), queued on the TX ring
 * @xdp_tx_err: RX: XDP_TX frames dropped: the TX ring was full
 * @xdp_redirect: RX: frames it redirected
 * @xdp_redirect_err: RX: redirects that failed (dropped)
 * @xdp_aborted: RX: XDP_ABORTED or an unknown action (dropped)
 * @xdp_xmit: TX: XDP frames queued: XDP_TX and ndo_xdp_xmit
 * @xdp_xmit_err: TX: ndo_xdp_xmit frames refused (ring full, down)
 * @xsk_copy: RX: AF_XDP zero-copy frames the CPU copied out of the UMEM
 *	(XDP_PASS to the stack, XDP_TX); a redirect to the socket copies none
 * @xsk_xmit: TX: frames sent from the AF_XDP socket's UMEM
 * @xsk_bad: TX: frames of the AF_XDP socket not sent: longer than the
 *	device takes (ZCNIC_MAX_FRAME, ZCNIC_TX_MAX_FRAGS descriptors), or
 *	with an empty descriptor
 * @syncp: u64_stats protection
 */
struct zcnic_ring_stats {
	u64 packets;
	u64 bytes;
	u64 dropped;
	u64 errors;
	u64 bad_wb;
	u64 bad_frame;
	u64 bad_gro;
	u64 csum_bogus;
	u64 unreadable_bytes;
	u64 unsplit_drop;
	u64 refill_kick;
	u64 napi_yield;
	u64 unowned_done;
	u64 busy;
	u64 stop;
	u64 restart;
	u64 gso_packets;
	u64 gso_wire_packets;
	u64 kick_skipped;
	u64 csum_bad;
	u64 bad_hash;
	u64 xdp_pass;
	u64 xdp_drop;
	u64 xdp_tx;
	u64 xdp_tx_err;
	u64 xdp_redirect;
	u64 xdp_redirect_err;
	u64 xdp_aborted;
	u64 xdp_xmit;
	u64 xdp_xmit_err;
	u64 xsk_copy;
	u64 xsk_xmit;
	u64 xsk_bad;
	struct u64_stats_sync syncp;
};

static inline void zcnic_stat_inc(struct zcnic_ring_stats *st, u64 *ctr)
{
	u64_stats_update_begin(&st->syncp);
	(*ctr)++;
	u64_stats_update_end(&st->syncp);
}

/**
 * struct zcnic_xdp_buff - a frame being received with an XDP program
 * @xdp: the frame: its first buffer, the rest as frags
 * @w0: its EOP descriptor's word 0 (the RSS hash), for the metadata kfuncs
 * @cmd: its EOP descriptor's word 1
 * @busy: @xdp holds a frame whose EOP buffer has not arrived yet
 * @rss: NETIF_F_RXHASH was on: @w0 holds a hash if RSS_TYPE says so
 *
 * An AF_XDP frame's xdp_buff has the same fields after it, in the
 * xdp_buff_xsk's cb (XSK_CHECK_PRIV_TYPE).
 */
struct zcnic_xdp_buff {
	struct xdp_buff xdp;
	u64 w0;
	u64 cmd;
	bool busy;
	bool rss;
};

/* the device's counters ethtool -S shows (zcnic_dev_stats) */
#define ZCNIC_NUM_DEV_STATS	39

/**
 * struct zcnic_hw_stats - the device's counters (spec 7), widened to 64 bits
 * @lock: serializes their readers: ethtool, the service timer, a reset
 * @last: each 32-bit register as last read
 * @total: what each counted since probe
 *
 * The registers wrap at 32 bits and CTRL.RESET clears them.  The driver
 * reads them at least once a second while up, and just before each reset,
 * and adds what each moved: the totals go on across both.
 */
struct zcnic_hw_stats {
	spinlock_t lock;	/* see above */
	u32 last[ZCNIC_NUM_DEV_STATS];
	u64 total[ZCNIC_NUM_DEV_STATS];
};

/* spec 4.9: an ntuple rule as the device's staging registers take it */
struct zcnic_nt_rule {
	u32 w[ZCNIC_NT_WORDS];
};

/**
 * struct zcnic_queue - a queue pair (spec 4.10): a TX and an RX ring, their
 * NAPI and their vectors
 * @zp: the device
 * @idx: queue number
 * @regs: ZCNIC_REG_QUEUE(@idx), its register block (queue 0's aliases the
 *	rings' registers at 0x100 and 0x200)
 * @napi: RX and TX completion, scheduled by both vectors
 * @irq_names: names of the RX and TX vectors in /proc/interrupts
 * @tx: transmit ring
 * @tx_bufs: per TX descriptor
 * @tx_shadow: the queue's TX shadow block (spec 4.3.1), NULL without it
 * @tx_shadow_dma: its bus address
 * @rxm: the RX side, which the queue API (netdev_queue_mgmt_ops) swaps
 * @rx: receive ring
 * @rx_bufs: per RX descriptor
 * @rx_skb: a frame whose EOP buffer has not arrived yet
 * @hdr_bufs: header buffers, one per RX descriptor (header split)
 * @hdr_dma: their bus address
 * @page_pool: RX pages
 * @headroom: where a buffer starts in its page: XDP_PACKET_HEADROOM with
 *	an XDP program (the buffers are then ZCNIC_XDP_BUF_LEN long), else 0
 * @xdp_rxq: the XDP view of the queue (memory model: @page_pool)
 * @xb: a frame in assembly while an XDP program is attached
 * @xsk_pool: AF_XDP zero copy: the socket's buffer pool (its UMEM) the RX
 *	buffers come from, and the TX ring sends from; NULL without
 * @xsk_bufs: the UMEM frames posted, by descriptor (xsk_buff_alloc_batch)
 * @xsk_head: the first UMEM buffer of a frame whose EOP has not arrived
 *	yet (the others are its frags)
 * @xsk_bufs_in: @xsk_head's buffers so far, the head included
 * @xsk_len: their bytes (the driver's own count: the frag list's shared
 *	info is in the UMEM, which the application can write)
 * @xsk_skip: a frame without EOP is being dropped buffer by buffer
 * @xsk_last_dma: bus address of the last frame redirected to the socket
 * @tx_stats: TX counters
 * @rx_stats: RX counters
 * @napi_polls: zcnic_poll runs, for the service timer
 * @service_polls: napi_polls at the previous tick
 * @service_cause: the queue's QINT_CAUSE bits pending at the previous tick
 * @service_tx_head: TX_HEAD at the previous tick
 * @service_tx_stuck: ticks TX_HEAD has not moved with frames outstanding
 * @service_rx: RX_HEAD, RX_TAIL and the RX clean index at the previous tick
 * @service_rx_stuck: ticks the device's RX ring has disagreed with ours,
 *	none of the three moving
 * @service_short_polls: napi_polls at the last tick, for the refill of a
 *	short RX ring
 * @restarts: RX restarts through the queue API (debugfs queue_restart)
 */
struct zcnic_queue {
	struct zcnic_priv *zp;
	u32 idx;
	u32 regs;
	struct napi_struct napi;
	char irq_names[2][24];
	struct zcnic_ring tx;
	struct zcnic_tx_buf *tx_bufs;
	__le32 *tx_shadow;
	dma_addr_t tx_shadow_dma;

	struct_group_tagged(zcnic_rxq_mem, rxm,
		struct zcnic_ring rx;
		struct zcnic_rx_buf *rx_bufs;
		struct sk_buff *rx_skb;
		u8 *hdr_bufs;
		dma_addr_t hdr_dma;
		struct page_pool *page_pool;
		u32 headroom;
		struct xdp_rxq_info xdp_rxq;
		struct zcnic_xdp_buff xb;
		struct xsk_buff_pool *xsk_pool;
		struct xdp_buff **xsk_bufs;
		struct xdp_buff *xsk_head;
		u32 xsk_bufs_in;
		u32 xsk_len;
		bool xsk_skip;
		dma_addr_t xsk_last_dma;
	);
	struct zcnic_ring_stats tx_stats;
	struct zcnic_ring_stats rx_stats;
	u64 napi_polls;
	u64 service_polls;
	u32 service_cause;
	u32 service_tx_head;
	u32 service_tx_stuck;
	u32 service_rx[3];
	u32 service_rx_stuck;
	u64 service_short_polls;
	u64 restarts;
};

/**
 * struct zcnic_priv - per-device state
 * @netdev: the network device
 * @pdev: the PCI function
 * @regs: BAR0 register window
 * @version: VERSION register as read at probe
 * @nvecs: interrupt vectors allocated (1 with INTx)
 * @irq_name_misc: name of vector 0 (or of the INTx line)
 * @max_queues: queue pairs usable: QUEUES, and the vectors for them
 * @num_queues: queue pairs in use (ethtool -L combined)
 * @q: the queue pairs, @max_queues of them set up
 * @hdr_split: header split wanted (ethtool -G tcp-data-split); suspended
 *	while an XDP program is attached (zcnic_hdr_split_on)
 * @xdp_prog: the XDP program attached (RCU: read once per NAPI poll)
 * @xsk_pools: AF_XDP zero-copy pools by queue, as XDP_SETUP_XSK_POOL set
 *	them (a queue uses its own from the next ring start)
 * @xsk_count: how many are set
 * @tx_shadow: the queues' TX shadow blocks (spec 4.3.1), one after the
 *	other, NULL without the FEATURES bit
 * @tx_shadow_dma: their bus address
 * @tx_shadow_want: use them (priv flag tx-shadow, on by default)
 * @tx_shadow_on: in use since the last ring start
 * @int_autoclr: spec 5.1: the device clears the RX/TX cause as it sends it
 * @down: between zcnic_stop and zcnic_open
 * @tx_ring_size: TX descriptors (ethtool -G)
 * @rx_ring_size: RX descriptors (ethtool -G)
 * @itr_rx_us: RX interrupt moderation (ethtool -C rx-usecs)
 * @itr_tx_us: TX interrupt moderation (ethtool -C tx-usecs)
 * @hw_stats: the device's counters, widened
 * @reset_work: recovery after a device error or a TX timeout
 * @resets: recoveries done
 * @reset_cause: why the scheduled reset is (ZCNIC_RESET_* bits)
 * @tx_timeouts: resets done for a stopped TX queue alone (its TX_HEAD still
 *	short of what was posted, or the stack's watchdog)
 * @rx_out_of_step: resets done for an RX ring out of step with the device
 * @service_timer: once a second while up: looks for lost interrupts
 * @service_misc: misc causes (LINK, ERR, ARP) pending at the previous tick
 * @irq_rescued: NAPI runs started because an interrupt never came
 * @irq_no_work: NAPI runs that found nothing done (spurious interrupts)
 * @irq_err_spurious: INT_CAUSE.ERR with no ERR_STATUS bit: not reset for
 * @rx_alloc_fail: debugfs rx_alloc_fail: while set, every RX buffer
 *	allocation fails, as when the page allocator or a memory provider has
 *	none to give (tests the service check's refill)
 * @dev_lied: the device wrote where it had no right to: nothing more is
 *	given to it until the reset that is scheduled (cleared at open)
 * @nt_capable: the device has ntuple rules (FEATURES.NTUPLE)
 * @nt_valid: the rules in use, by location
 * @nt_spec: each as ethtool -N gave it (ethtool -n shows it)
 * @nt_hw: each as the device's words (written again after a reset)
 * @rss_capable: the device writes the RSS hash back (FEATURES.RSS_HASH)
 * @rss_key: its Toeplitz key, as ethtool -X set it (random at probe)
 * @rss_fields: RSS_FIELDS, as ethtool -N rx-flow-hash set it
 * @rss_indir: the indirection table (spec 4.10), as ethtool -X set it or
 *	spread over the queues in use
 * @loopback: RX_CTRL.LOOPBACK (spec 4.11), as NETIF_F_LOOPBACK says
 * @arp_capable: the device has the ARP block (FEATURES.ARP)
 * @arp_offload: the device answers ARP for us (priv flag arp-offload)
 * @arp_lock: serializes the ARP query and table-window registers
 * @arp_irqs: ARP queries completed with a result (INT_CAUSE.ARP)
 * @arp_ttl: ARP_TTL, seconds a learned record lives (debugfs arp_ttl)
 * @arp_resolve: Linux's ARP requests go to the device's buffer first
 *	(priv flag arp-resolve, spec 8.8)
 * @arp_sip: the first host address (network order): the sender IP of the
 *	device's own requests, so the only one whose requests it takes over
 * @arp_pend_lock: guards @arp_pend, @arp_distrust and the arp_host_*
 *	counters
 * @arp_pend: addresses Linux asked for, waiting for the device's lookup
 * @arp_npend: how many
 * @arp_probing: addresses whose neighbour entry Linux is probing
 * @arp_probing_next: the slot the next one takes (oldest first)
 * @arp_distrust: addresses whose neighbour entry failed while probed:
 *	requests for them go out as Linux made them until a reply makes one
 *	reachable
 * @arp_distrust_next: the slot the next one takes (oldest first)
 * @arp_work: runs the lookups of @arp_pend
 * @arp_host_resolved: requests Linux did not have to send: the device's
 *	buffer had the address, and the neighbour entry was completed
 * @arp_host_missed: requests the device sent instead (a miss)
 * @arp_host_passed: requests sent as Linux made them (distrusted, or
 *	too many lookups pending)
 * @netevent_nb: follows neighbour entries failing and becoming reachable
 * @inet_nb: follows the interface's IPv4 addresses
 * @debugfs: this device's debugfs directory
 */
struct zcnic_priv {
	struct net_device *netdev;
	struct pci_dev *pdev;
	void __iomem *regs;
	u32 version;
	int nvecs;
	char irq_name_misc[24];
	u32 max_queues;
	u32 num_queues;
	struct zcnic_queue q[ZCNIC_QUEUES_MAX];
	bool hdr_split;
	struct bpf_prog *xdp_prog;
	struct xsk_buff_pool *xsk_pools[ZCNIC_QUEUES_MAX];
	u32 xsk_count;
	__le32 *tx_shadow;
	dma_addr_t tx_shadow_dma;
	bool tx_shadow_want;
	bool tx_shadow_on;
	bool int_autoclr;
	bool down;
	u32 tx_ring_size;
	u32 rx_ring_size;
	u32 itr_rx_us;
	u32 itr_tx_us;
	struct zcnic_hw_stats hw_stats;
	struct work_struct reset_work;
	u64 resets;
	unsigned long reset_cause;
	u64 tx_timeouts;
	u64 rx_out_of_step;
	struct timer_list service_timer;
	u32 service_misc;
	u64 irq_rescued;
	u64 irq_no_work;
	u64 irq_err_spurious;
	bool dev_lied;
	bool rx_alloc_fail;
	bool nt_capable;
	DECLARE_BITMAP(nt_valid, ZCNIC_NT_RULES);
	struct ethtool_rx_flow_spec nt_spec[ZCNIC_NT_RULES];
	struct zcnic_nt_rule nt_hw[ZCNIC_NT_RULES];
	bool rss_capable;
	u8 rss_key[ZCNIC_RSS_KEY_LEN];
	u32 rss_fields;
	u8 rss_indir[ZCNIC_RSS_INDIR_ENTRIES];
	bool loopback;
	bool arp_capable;
	bool arp_offload;
	struct mutex arp_lock;
	u64 arp_irqs;
	u32 arp_ttl;
	bool arp_resolve;
	__be32 arp_sip;
	spinlock_t arp_pend_lock;	/* @arp_pend, @arp_distrust, counters */
	__be32 arp_pend[ZCNIC_ARP_PENDING];
	u32 arp_npend;
	__be32 arp_probing[ZCNIC_ARP_DISTRUST];
	u32 arp_probing_next;
	__be32 arp_distrust[ZCNIC_ARP_DISTRUST];
	u32 arp_distrust_next;
	struct work_struct arp_work;
	u64 arp_host_resolved;
	u64 arp_host_missed;
	u64 arp_host_passed;
	struct notifier_block netevent_nb;
	struct notifier_block inet_nb;
	struct dentry *debugfs;
};

/* ethtool private flags */
#define ZCNIC_PFLAG_ARP_OFFLOAD	BIT(0)
#define ZCNIC_PFLAG_TX_SHADOW	BIT(1)
#define ZCNIC_PFLAG_ARP_RESOLVE	BIT(2)

static inline u32 zcnic_rd32(struct zcnic_priv *zp, u32 reg)
{
	return ioread32(zp->regs + reg);
}

static inline void zcnic_wr32(struct zcnic_priv *zp, u32 reg, u32 val)
{
	iowrite32(val, zp->regs + reg);
}

/* spec 4.10: register OFF (ZCNIC_Q_*) of queue Q's block */
static inline u32 zcnic_qrd32(struct zcnic_queue *q, u32 off)
{
	return zcnic_rd32(q->zp, q->regs + off);
}

static inline void zcnic_qwr32(struct zcnic_queue *q, u32 off, u32 val)
{
	zcnic_wr32(q->zp, q->regs + off, val);
}

/* spec 4.10: QINT_CAUSE/QINT_MASK bits of queue Q: RX 2q, TX 2q + 1 */
static inline u32 zcnic_qint(const struct zcnic_queue *q)
{
	return ZCNIC_QINT_RX(q->idx) | ZCNIC_QINT_TX(q->idx);
}

/* the QINT bits of every queue in use */
static inline u32 zcnic_qint_all(const struct zcnic_priv *zp)
{
	return (u32)GENMASK_ULL(2 * zp->num_queues - 1, 0);
}

/* spec 5.2: interrupt moderation as ethtool -C set it, on every queue */
static inline void zcnic_write_itr(struct zcnic_priv *zp)
{
	u32 i;

	for (i = 0; i < zp->num_queues; i++) {
		zcnic_qwr32(&zp->q[i], ZCNIC_Q_ITR_RX, zp->itr_rx_us);
		zcnic_qwr32(&zp->q[i], ZCNIC_Q_ITR_TX, zp->itr_tx_us);
	}
}

/* spec 3.5: a MAC register pair, bytes 0..3 in LO (byte 0 lowest), 4..5 in HI */
static inline void zcnic_mac_from_regs(u8 *mac, u32 lo, u32 hi)
{
	mac[0] = lo;
	mac[1] = lo >> 8;
	mac[2] = lo >> 16;
	mac[3] = lo >> 24;
	mac[4] = hi;
	mac[5] = hi >> 8;
}

/* why a reset is scheduled (zcnic_priv.reset_cause) */
enum {
	ZCNIC_RESET_TX_WATCHDOG,	/* a TX queue stopped working */
	ZCNIC_RESET_RX_STEP,		/* an RX ring out of step */
	ZCNIC_RESET_OTHER,		/* a device error, a write-back lie */
};

static inline void zcnic_schedule_reset(struct zcnic_priv *zp, int cause)
{
	set_bit(cause, &zp->reset_cause);
	schedule_work(&zp->reset_work);
}

/* spec 4.5: header split in use: wanted, and no XDP program attached */
static inline bool zcnic_hdr_split_on(const struct zcnic_priv *zp)
{
	return zp->hdr_split && !zp->xdp_prog && !zp->xsk_count;
}

/* A memory provider (devmem TCP, io_uring zcrx) is bound to RX queue IDX. */
static inline bool zcnic_rxq_has_mp(struct net_device *netdev, u32 idx)
{
	struct netdev_rx_queue *rxq = __netif_get_rx_queue(netdev, idx);

	return rxq->mp_params.mp_ops || rxq->mp_params.mp_priv;
}

/*
 * NAPI posts RX buffers once this many (or half a ring) are free: one
 * RX_TAIL write a batch.
 */
#define ZCNIC_RX_REFILL_BATCH	16

static inline u32 zcnic_rx_refill_min(const struct zcnic_ring *r)
{
	return min_t(u32, ZCNIC_RX_REFILL_BATCH, r->size / 2);
}

/* RSS indirection table entries (spec 4.10) */
#define ZCNIC_RSS_INDIR_SIZE	ZCNIC_RSS_INDIR_ENTRIES

void zcnic_set_ethtool_ops(struct net_device *netdev);
void zcnic_rss_program(struct zcnic_priv *zp);
void zcnic_nt_program(struct zcnic_priv *zp);
void zcnic_nt_clear(struct zcnic_priv *zp);
int zcnic_nt_get(struct zcnic_priv *zp, struct ethtool_rxnfc *nfc,
		 u32 *rule_locs);
int zcnic_nt_set(struct zcnic_priv *zp, struct ethtool_rxnfc *nfc);
void zcnic_hw_stats_update(struct zcnic_priv *zp, bool reset);
int zcnic_rings_alloc(struct zcnic_priv *zp);
void zcnic_rings_free(struct zcnic_priv *zp);
void zcnic_rings_start(struct zcnic_priv *zp);
void zcnic_rings_stop(struct zcnic_priv *zp);
netdev_tx_t zcnic_start_xmit(struct sk_buff *skb, struct net_device *netdev);
int zcnic_poll(struct napi_struct *napi, int budget);
void zcnic_tx_kick(struct zcnic_queue *q);
void zcnic_tx_unmap(struct zcnic_priv *zp, struct zcnic_tx_buf *b);
bool zcnic_tx_slots_free(struct zcnic_queue *q, u32 first, u32 n);
u32 zcnic_ring_free(const struct zcnic_ring *r);
u32 zcnic_ring_inc(const struct zcnic_ring *r, u32 i);
int zcnic_xdp_tx_frame(struct zcnic_queue *q, struct xdp_frame *xdpf,
		       bool own_pool);
int zcnic_xdp_tx_locked(struct zcnic_queue *q, struct xdp_frame *xdpf,
			bool own_pool);
void zcnic_dev_lied(struct zcnic_priv *zp, struct zcnic_ring_stats *st,
		    u64 *ctr, const char *what, u32 idx, u64 cmd);
int zcnic_xdp_xmit(struct net_device *netdev, int n,
		   struct xdp_frame **frames, u32 flags);
int zcnic_bpf(struct net_device *netdev, struct netdev_bpf *bpf);
void zcnic_xdp_buff_free(struct zcnic_queue *q, struct zcnic_rxq_mem *m);
bool zcnic_rx_xdp_add(struct zcnic_queue *q, struct zcnic_rx_buf *b,
		      u32 len);
/* what zcnic_rx_xdp did, for zcnic_xdp_finish */
#define ZCNIC_XDP_TX_DONE	BIT(0)
#define ZCNIC_XDP_REDIR_DONE	BIT(1)
struct sk_buff *zcnic_rx_xdp(struct zcnic_queue *q, struct bpf_prog *prog,
			     u64 cmd, u64 w0, u32 *flags);
void zcnic_xdp_finish(struct zcnic_queue *q, u32 flags);
int zcnic_xsk_pool_setup(struct net_device *netdev,
			 struct xsk_buff_pool *pool, u16 qid);
int zcnic_xsk_wakeup(struct net_device *netdev, u32 qid, u32 flags);
void zcnic_xsk_refill(struct zcnic_queue *q);
int zcnic_rx_clean_zc(struct zcnic_queue *q, int budget);
bool zcnic_xsk_xmit(struct zcnic_queue *q, u32 budget);
void zcnic_xsk_rxq_free(struct zcnic_rxq_mem *m);
extern const struct xdp_metadata_ops zcnic_xdp_metadata_ops;
void zcnic_rss_indir_default(struct zcnic_priv *zp);
void zcnic_rss_indir_program(struct zcnic_priv *zp);
int zcnic_set_queues(struct net_device *netdev, u32 n);
extern const struct netdev_queue_mgmt_ops zcnic_queue_mgmt_ops;
int zcnic_queue_restart(struct zcnic_priv *zp, u32 idx);
int zcnic_reconfigure(struct net_device *netdev, u32 tx_size, u32 rx_size,
		      int mtu);
int zcnic_arp_init(struct zcnic_priv *zp);
void zcnic_arp_exit(struct zcnic_priv *zp);
void zcnic_arp_program(struct zcnic_priv *zp);
void zcnic_arp_irq(struct zcnic_priv *zp);
bool zcnic_arp_xmit(struct zcnic_priv *zp, struct sk_buff *skb);
void zcnic_debugfs_init(void);
void zcnic_debugfs_exit(void);

#endif /* _ZCNIC_H_ */
