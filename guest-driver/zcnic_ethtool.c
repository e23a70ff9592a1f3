// SPDX-License-Identifier: GPL-2.0-only
/* zcnic: ethtool operations */

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/unaligned.h>

#include "zcnic.h"

static void zcnic_get_drvinfo(struct net_device *netdev,
			      struct ethtool_drvinfo *info)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	strscpy(info->driver, ZCNIC_DRV_NAME, sizeof(info->driver));
	/* The device version is what this model's "firmware" is. */
	snprintf(info->fw_version, sizeof(info->fw_version), "%lu.%lu",
		 FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MAJOR), zp->version),
		 FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MINOR), zp->version));
	strscpy(info->bus_info, pci_name(zp->pdev), sizeof(info->bus_info));
}

/* Device counters (spec 7): 32-bit registers, shown widened (zcnic.h) */
static const struct {
	char name[ETH_GSTRING_LEN];
	u32 reg;
} zcnic_dev_stats[] = {
	{ "dev_tx_frames",		ZCNIC_REG_STAT_TX_FRAMES },
	{ "dev_tx_bytes",		ZCNIC_REG_STAT_TX_BYTES },
	{ "dev_tx_bounced",		ZCNIC_REG_STAT_TX_BOUNCED },
	{ "dev_tx_csum_inserted",	ZCNIC_REG_STAT_TX_CSUM },
	{ "dev_rx_frames",		ZCNIC_REG_STAT_RX_FRAMES },
	{ "dev_rx_bytes",		ZCNIC_REG_STAT_RX_BYTES },
	{ "dev_rx_drop_disabled",	ZCNIC_REG_STAT_RX_DROP_DISABLED },
	{ "dev_rx_drop_filter",		ZCNIC_REG_STAT_RX_DROP_FILTER },
	{ "dev_rx_drop_size",		ZCNIC_REG_STAT_RX_DROP_SIZE },
	{ "dev_rx_csum_bad",		ZCNIC_REG_STAT_RX_CSUM_BAD },
	{ "dev_rx_split",		ZCNIC_REG_STAT_SPLIT },
	{ "dev_rx_nosplit_not_ip",	ZCNIC_REG_STAT_NOSPLIT_NOTIP },
	{ "dev_rx_nosplit_fragment",	ZCNIC_REG_STAT_NOSPLIT_FRAG },
	{ "dev_rx_nosplit_overflow",	ZCNIC_REG_STAT_NOSPLIT_OVERFLOW },
	{ "dev_rx_nosplit_bad_len",	ZCNIC_REG_STAT_NOSPLIT_BADLEN },
	{ "dev_tso_frames",		ZCNIC_REG_STAT_TSO_FRAMES },
	{ "dev_tso_segs",		ZCNIC_REG_STAT_TSO_SEGS },
	{ "dev_uso_frames",		ZCNIC_REG_STAT_USO_FRAMES },
	{ "dev_uso_segs",		ZCNIC_REG_STAT_USO_SEGS },
	{ "dev_gro_frames",		ZCNIC_REG_STAT_GRO_FRAMES },
	{ "dev_gro_segs",		ZCNIC_REG_STAT_GRO_SEGS },
	{ "dev_gro_flush_timer",	ZCNIC_REG_STAT_GRO_FLUSH_TIMER },
	{ "dev_gro_flush_full",		ZCNIC_REG_STAT_GRO_FLUSH_FULL },
	{ "dev_gro_flush_end",		ZCNIC_REG_STAT_GRO_FLUSH_END },
	{ "dev_gro_flush_flags",	ZCNIC_REG_STAT_GRO_FLUSH_FLAGS },
	{ "dev_gro_flush_ooo",		ZCNIC_REG_STAT_GRO_FLUSH_OOO },
	{ "dev_gro_flush_hdr",		ZCNIC_REG_STAT_GRO_FLUSH_HDR },
	{ "dev_gro_flush_other",	ZCNIC_REG_STAT_GRO_FLUSH_OTHER },
	{ "dev_seg_passed",		ZCNIC_REG_STAT_SEG_PASSED },
	{ "dev_arp_answered",		ZCNIC_REG_STAT_ARP_ANSWERED },
	{ "dev_arp_learned",		ZCNIC_REG_STAT_ARP_LEARNED },
	{ "dev_arp_updated",		ZCNIC_REG_STAT_ARP_UPDATED },
	{ "dev_arp_expired",		ZCNIC_REG_STAT_ARP_EXPIRED },
	{ "dev_arp_overflow",		ZCNIC_REG_STAT_ARP_OVERFLOW },
	{ "dev_arp_query_hit",		ZCNIC_REG_STAT_ARP_QUERY_HIT },
	{ "dev_arp_query_miss",		ZCNIC_REG_STAT_ARP_QUERY_MISS },
	{ "dev_arp_requests_sent",	ZCNIC_REG_STAT_ARP_REQ_SENT },
	{ "dev_arp_malformed",		ZCNIC_REG_STAT_ARP_MALFORMED },
	{ "dev_rx_drop_ntuple",		ZCNIC_REG_STAT_RX_DROP_NTUPLE },
};

static_assert(ARRAY_SIZE(zcnic_dev_stats) == ZCNIC_NUM_DEV_STATS);

/**
 * zcnic_hw_stats_update - add what the device's counters moved
 * @zp: the device
 * @reset: then reset the device (CTRL.RESET clears the registers)
 *
 * Each register's move since the last read, modulo 2^32, goes into its
 * 64-bit total: a register that wrapped once since is counted right.
 * Called once a second while up, by ethtool -S, and for every reset.
 */
void zcnic_hw_stats_update(struct zcnic_priv *zp, bool reset)
{
	struct zcnic_hw_stats *hs = &zp->hw_stats;
	int i;

	/* the service timer is a softirq: its callers shut it out */
	spin_lock_bh(&hs->lock);
	/* a device gone reads all ones: nothing moved */
	if (zcnic_rd32(zp, ZCNIC_REG_ID) == ZCNIC_ID_MAGIC) {
		for (i = 0; i < ZCNIC_NUM_DEV_STATS; i++) {
			u32 v = zcnic_rd32(zp, zcnic_dev_stats[i].reg);

			hs->total[i] += (u32)(v - hs->last[i]);
			hs->last[i] = v;
		}
	}
	if (reset) {
		zcnic_wr32(zp, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
		memset(hs->last, 0, sizeof(hs->last));
	}
	spin_unlock_bh(&hs->lock);
}

/*
 * Per-queue counters rtnl_link_stats64 does not carry, as tx<q>_<name>
 * and rx<q>_<name> for each queue in use (queue 0's names are those from
 * before queue pairs).
 */
#define ZCNIC_RING_STAT(ring, field) \
	{ #ring, #field, offsetof(struct zcnic_queue, ring##_stats.field), \
	  offsetof(struct zcnic_queue, ring##_stats) }
static const struct {
	char ring[3];
	char name[ETH_GSTRING_LEN];
	size_t off;
	size_t stats;	/* the zcnic_ring_stats it belongs to */
} zcnic_ring_stats[] = {
	ZCNIC_RING_STAT(tx, packets),
	ZCNIC_RING_STAT(tx, bytes),
	ZCNIC_RING_STAT(tx, busy),
	ZCNIC_RING_STAT(tx, restart),
	ZCNIC_RING_STAT(tx, kick_skipped),
	ZCNIC_RING_STAT(tx, bad_wb),
	ZCNIC_RING_STAT(tx, unowned_done),
	ZCNIC_RING_STAT(tx, xdp_xmit),
	ZCNIC_RING_STAT(tx, xdp_xmit_err),
	ZCNIC_RING_STAT(tx, xsk_xmit),
	ZCNIC_RING_STAT(tx, xsk_bad),
	ZCNIC_RING_STAT(rx, packets),
	ZCNIC_RING_STAT(rx, bytes),
	ZCNIC_RING_STAT(rx, errors),
	ZCNIC_RING_STAT(rx, bad_wb),
	ZCNIC_RING_STAT(rx, bad_frame),
	ZCNIC_RING_STAT(rx, bad_gro),
	ZCNIC_RING_STAT(rx, csum_bogus),
	ZCNIC_RING_STAT(rx, unowned_done),
	ZCNIC_RING_STAT(rx, csum_bad),
	ZCNIC_RING_STAT(rx, bad_hash),
	ZCNIC_RING_STAT(rx, xdp_pass),
	ZCNIC_RING_STAT(rx, xdp_drop),
	ZCNIC_RING_STAT(rx, xdp_tx),
	ZCNIC_RING_STAT(rx, xdp_tx_err),
	ZCNIC_RING_STAT(rx, xdp_redirect),
	ZCNIC_RING_STAT(rx, xdp_redirect_err),
	ZCNIC_RING_STAT(rx, xdp_aborted),
	ZCNIC_RING_STAT(rx, xsk_copy),
	ZCNIC_RING_STAT(rx, unreadable_bytes),
	ZCNIC_RING_STAT(rx, unsplit_drop),
	ZCNIC_RING_STAT(rx, refill_kick),
	ZCNIC_RING_STAT(rx, napi_yield),
};

/* The driver's own counters, after the queues' */
static const struct {
	char name[ETH_GSTRING_LEN];
	size_t off;
} zcnic_drv_stats[] = {
	{ "resets", offsetof(struct zcnic_priv, resets) },
	{ "tx_timeouts", offsetof(struct zcnic_priv, tx_timeouts) },
	{ "rx_out_of_step", offsetof(struct zcnic_priv, rx_out_of_step) },
	{ "irq_rescued", offsetof(struct zcnic_priv, irq_rescued) },
	{ "irq_no_work", offsetof(struct zcnic_priv, irq_no_work) },
	{ "irq_err_spurious", offsetof(struct zcnic_priv, irq_err_spurious) },
	{ "arp_query_irqs", offsetof(struct zcnic_priv, arp_irqs) },
	{ "arp_host_resolved", offsetof(struct zcnic_priv, arp_host_resolved) },
	{ "arp_host_missed", offsetof(struct zcnic_priv, arp_host_missed) },
	{ "arp_host_passed", offsetof(struct zcnic_priv, arp_host_passed) },
};

/* in ZCNIC_PFLAG_* bit order */
static const char zcnic_priv_flags[][ETH_GSTRING_LEN] = {
	"arp-offload",
	"tx-shadow",
	"arp-resolve",
};

static int zcnic_get_sset_count(struct net_device *netdev, int sset)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if (sset == ETH_SS_PRIV_FLAGS)
		return ARRAY_SIZE(zcnic_priv_flags);
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(zcnic_dev_stats) +
	       zp->num_queues * ARRAY_SIZE(zcnic_ring_stats) +
	       ARRAY_SIZE(zcnic_drv_stats);
}

static u32 zcnic_get_priv_flags(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	return (zp->arp_offload ? ZCNIC_PFLAG_ARP_OFFLOAD : 0) |
	       (zp->tx_shadow && zp->tx_shadow_want ? ZCNIC_PFLAG_TX_SHADOW : 0) |
	       (READ_ONCE(zp->arp_resolve) ? ZCNIC_PFLAG_ARP_RESOLVE : 0);
}

/*
 * arp-offload: the device answers ARP for our addresses (spec 8.3), at
 * once.  arp-resolve: Linux's ARP requests go to the device's buffer
 * first (spec 8.8), at once.  tx-shadow: the TX tail goes through the
 * shadow block (spec 4.3.1); a running interface restarts its rings for
 * it.
 */
static int zcnic_set_priv_flags(struct net_device *netdev, u32 flags)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	bool shadow = flags & ZCNIC_PFLAG_TX_SHADOW;

	if (flags & ~(ZCNIC_PFLAG_ARP_OFFLOAD | ZCNIC_PFLAG_TX_SHADOW |
		      ZCNIC_PFLAG_ARP_RESOLVE))
		return -EINVAL;
	if ((!zp->arp_capable &&
	     (flags & (ZCNIC_PFLAG_ARP_OFFLOAD | ZCNIC_PFLAG_ARP_RESOLVE))) ||
	    (!zp->tx_shadow && shadow))
		return -EOPNOTSUPP;
	zp->arp_offload = flags & ZCNIC_PFLAG_ARP_OFFLOAD;
	WRITE_ONCE(zp->arp_resolve, !!(flags & ZCNIC_PFLAG_ARP_RESOLVE));
	zcnic_arp_program(zp);
	if (zp->tx_shadow && shadow != zp->tx_shadow_want) {
		zp->tx_shadow_want = shadow;
		return zcnic_reconfigure(netdev, zp->tx_ring_size,
					 zp->rx_ring_size, netdev->mtu);
	}
	return 0;
}

static void zcnic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	u32 q;
	int i;

	if (sset == ETH_SS_PRIV_FLAGS) {
		for (i = 0; i < ARRAY_SIZE(zcnic_priv_flags); i++)
			ethtool_puts(&data, zcnic_priv_flags[i]);
		return;
	}
	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(zcnic_dev_stats); i++)
		ethtool_puts(&data, zcnic_dev_stats[i].name);
	for (q = 0; q < zp->num_queues; q++)
		for (i = 0; i < ARRAY_SIZE(zcnic_ring_stats); i++)
			ethtool_sprintf(&data, "%s%u_%s",
					zcnic_ring_stats[i].ring, q,
					zcnic_ring_stats[i].name);
	for (i = 0; i < ARRAY_SIZE(zcnic_drv_stats); i++)
		ethtool_puts(&data, zcnic_drv_stats[i].name);
}

static void zcnic_get_ethtool_stats(struct net_device *netdev,
				    struct ethtool_stats *stats, u64 *data)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	unsigned int start;
	u32 q;
	int i;

	zcnic_hw_stats_update(zp, false);
	spin_lock_bh(&zp->hw_stats.lock);
	for (i = 0; i < ZCNIC_NUM_DEV_STATS; i++)
		*data++ = zp->hw_stats.total[i];
	spin_unlock_bh(&zp->hw_stats.lock);
	for (q = 0; q < zp->num_queues; q++) {
		for (i = 0; i < ARRAY_SIZE(zcnic_ring_stats); i++) {
			u8 *base = (u8 *)&zp->q[q];
			const u64 *ctr = (u64 *)(base + zcnic_ring_stats[i].off);
			struct zcnic_ring_stats *rs;

			rs = (void *)(base + zcnic_ring_stats[i].stats);
			do {
				start = u64_stats_fetch_begin(&rs->syncp);
				*data = *ctr;
			} while (u64_stats_fetch_retry(&rs->syncp, start));
			data++;
		}
	}
	for (i = 0; i < ARRAY_SIZE(zcnic_drv_stats); i++)
		*data++ = READ_ONCE(*(u64 *)((u8 *)zp + zcnic_drv_stats[i].off));
}

static void zcnic_get_ringparam(struct net_device *netdev,
				struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	ring->rx_max_pending = ZCNIC_RING_MAX - 1;
	ring->tx_max_pending = ZCNIC_RING_MAX - 1;
	ring->rx_pending = zp->rx_ring_size - 1;
	ring->tx_pending = zp->tx_ring_size - 1;
	/* suspended while an XDP program is attached */
	kring->tcp_data_split = zcnic_hdr_split_on(zp) ?
				ETHTOOL_TCP_DATA_SPLIT_ENABLED :
				ETHTOOL_TCP_DATA_SPLIT_DISABLED;
#ifdef ZCNIC_HAVE_HDS_THRESH
	/* spec 4.5: every frame it can parse is split, however short */
	kring->hds_thresh = 0;
	kring->hds_thresh_max = 0;
#endif
}

/* A ring holds SIZE - 1 descriptors (spec 4.1): SIZE is pending + 1. */
static int zcnic_set_ringparam(struct net_device *netdev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	u32 tx, rx;
	/* tcp-data-split auto (UNKNOWN) is the default: on */
	bool split = kring->tcp_data_split != ETHTOOL_TCP_DATA_SPLIT_DISABLED;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending) {
		NL_SET_ERR_MSG_MOD(extack, "no mini or jumbo rings");
		return -EINVAL;
	}
	/*
	 * The device's rings are 2^n entries (spec 4.1), one always empty
	 * (HEAD == TAIL is an empty ring): a size asked for is rounded up to
	 * 2^n - 1, at least 63, as NICs with fixed ring steps do; ethtool -g
	 * shows what was set.
	 */
	if (!ring->tx_pending || !ring->rx_pending ||
	    ring->tx_pending >= ZCNIC_RING_MAX ||
	    ring->rx_pending >= ZCNIC_RING_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "ring sizes are 1 to 4095");
		return -EINVAL;
	}
	tx = max(roundup_pow_of_two(ring->tx_pending + 1), 64UL);
	rx = max(roundup_pow_of_two(ring->rx_pending + 1), 64UL);
	if (zp->xdp_prog) {
		/*
		 * Suspended (spec 4.5: the program needs the whole frame in
		 * one buffer): only an explicit "on" asks for it, and is
		 * refused; the setting from before comes back on detach.
		 */
		if (kring->tcp_data_split == ETHTOOL_TCP_DATA_SPLIT_ENABLED) {
			NL_SET_ERR_MSG_MOD(extack,
					   "no header split while an XDP program is attached");
			return -EINVAL;
		}
		split = zp->hdr_split;
	}
	if (tx == zp->tx_ring_size && rx == zp->rx_ring_size &&
	    split == zp->hdr_split)
		return 0;
	zp->hdr_split = split;
	return zcnic_reconfigure(netdev, tx, rx, netdev->mtu);
}

static int zcnic_get_coalesce(struct net_device *netdev,
			      struct ethtool_coalesce *ec,
			      struct kernel_ethtool_coalesce *kec,
			      struct netlink_ext_ack *extack)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	ec->rx_coalesce_usecs = zp->itr_rx_us;
	ec->tx_coalesce_usecs = zp->itr_tx_us;
	return 0;
}

/* spec 5.2: rx-usecs and tx-usecs are ITR_RX and ITR_TX (0: off) */
static int zcnic_set_coalesce(struct net_device *netdev,
			      struct ethtool_coalesce *ec,
			      struct kernel_ethtool_coalesce *kec,
			      struct netlink_ext_ack *extack)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if (ec->rx_coalesce_usecs > ZCNIC_ITR_MAX ||
	    ec->tx_coalesce_usecs > ZCNIC_ITR_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "at most %u usecs",
				       ZCNIC_ITR_MAX);
		return -EINVAL;
	}
	zp->itr_rx_us = ec->rx_coalesce_usecs;
	zp->itr_tx_us = ec->tx_coalesce_usecs;
	zcnic_write_itr(zp);	/* the registers may change at any time */
	return 0;
}

/* ethtool -l: combined channels, queue pairs each on one NAPI */
static void zcnic_get_channels(struct net_device *netdev,
			       struct ethtool_channels *ch)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	ch->max_combined = zp->max_queues;
	ch->combined_count = zp->num_queues;
}

/*
 * ethtool -L combined N: the rings are rebuilt for N queue pairs.  The
 * core has refused an N below a queue the indirection table (if the user
 * set it) or an ntuple rule uses.
 */
static int zcnic_set_channels(struct net_device *netdev,
			      struct ethtool_channels *ch)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if (!ch->combined_count || ch->combined_count > zp->max_queues ||
	    ch->rx_count || ch->tx_count || ch->other_count)
		return -EINVAL;
	if (ch->combined_count == zp->num_queues)
		return 0;
	return zcnic_set_queues(netdev, ch->combined_count);
}

/* spec 4.8: ethtool's flow types and RSS_FIELDS' groups */
static int zcnic_rss_flow_type(u32 flow_type)
{
	switch (flow_type) {
	case TCP_V4_FLOW:
		return ZCNIC_RSS_FT_TCP4;
	case UDP_V4_FLOW:
		return ZCNIC_RSS_FT_UDP4;
	case IPV4_FLOW:
		return ZCNIC_RSS_FT_IP4;
	case TCP_V6_FLOW:
		return ZCNIC_RSS_FT_TCP6;
	case UDP_V6_FLOW:
		return ZCNIC_RSS_FT_UDP6;
	case IPV6_FLOW:
		return ZCNIC_RSS_FT_IP6;
	}
	return -1;
}

static int zcnic_get_rxfh_fields(struct net_device *netdev,
				 struct ethtool_rxfh_fields *nfc)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int ft = zcnic_rss_flow_type(nfc->flow_type);
	u32 f;

	if (!zp->rss_capable)
		return -EOPNOTSUPP;
	if (ft < 0) {
		/* SCTP, AH, ESP and the rest hash as their IP type */
		switch (nfc->flow_type) {
		case SCTP_V4_FLOW:
		case AH_ESP_V4_FLOW:
		case AH_V4_FLOW:
		case ESP_V4_FLOW:
			ft = ZCNIC_RSS_FT_IP4;
			break;
		case SCTP_V6_FLOW:
		case AH_ESP_V6_FLOW:
		case AH_V6_FLOW:
		case ESP_V6_FLOW:
			ft = ZCNIC_RSS_FT_IP6;
			break;
		default:
			return -EINVAL;
		}
	}
	f = zp->rss_fields >> ZCNIC_RSS_FIELDS_SHIFT(ft);
	nfc->data = (f & ZCNIC_RSS_F_IP_SRC ? RXH_IP_SRC : 0) |
		    (f & ZCNIC_RSS_F_IP_DST ? RXH_IP_DST : 0) |
		    (f & ZCNIC_RSS_F_L4_SRC ? RXH_L4_B_0_1 : 0) |
		    (f & ZCNIC_RSS_F_L4_DST ? RXH_L4_B_2_3 : 0);
	return 0;
}

/* ethtool -N DEV rx-flow-hash tcp4|udp4|ip4|tcp6|udp6|ip6 [s][d][f][n] */
static int zcnic_set_rxfh_fields(struct net_device *netdev,
				 const struct ethtool_rxfh_fields *nfc,
				 struct netlink_ext_ack *extack)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int ft = zcnic_rss_flow_type(nfc->flow_type);
	u32 ok = RXH_IP_SRC | RXH_IP_DST, f;

	if (!zp->rss_capable)
		return -EOPNOTSUPP;
	if (ft < 0) {
		NL_SET_ERR_MSG_MOD(extack,
				   "fields are set for tcp4, udp4, ip4, tcp6, udp6 and ip6");
		return -EINVAL;
	}
	if (ft != ZCNIC_RSS_FT_IP4 && ft != ZCNIC_RSS_FT_IP6)
		ok |= RXH_L4_B_0_1 | RXH_L4_B_2_3;
	if (nfc->data & ~ok) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the hash takes addresses (s, d) and, for TCP and UDP, ports (f, n)");
		return -EINVAL;
	}
	f = (nfc->data & RXH_IP_SRC ? ZCNIC_RSS_F_IP_SRC : 0) |
	    (nfc->data & RXH_IP_DST ? ZCNIC_RSS_F_IP_DST : 0) |
	    (nfc->data & RXH_L4_B_0_1 ? ZCNIC_RSS_F_L4_SRC : 0) |
	    (nfc->data & RXH_L4_B_2_3 ? ZCNIC_RSS_F_L4_DST : 0);
	zp->rss_fields &= ~(GENMASK(ZCNIC_RSS_FIELDS_WIDTH - 1, 0) <<
			    ZCNIC_RSS_FIELDS_SHIFT(ft));
	zp->rss_fields |= f << ZCNIC_RSS_FIELDS_SHIFT(ft);
	zcnic_wr32(zp, ZCNIC_REG_RSS_FIELDS, zp->rss_fields);
	return 0;
}

/* the RX rings the indirection table and ntuple rules may name */
static u32 zcnic_get_rx_ring_count(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	return zp->num_queues;
}

static int zcnic_get_rxnfc(struct net_device *netdev,
			   struct ethtool_rxnfc *nfc, u32 *rule_locs)
{
	switch (nfc->cmd) {
	case ETHTOOL_GRXRINGS:
		nfc->data = zcnic_get_rx_ring_count(netdev);
		return 0;
	}
	return zcnic_nt_get(netdev_priv(netdev), nfc, rule_locs);
}

/* spec 4.9: ethtool -N flow-type ... [action N|-1] [loc L], delete L */
static int zcnic_set_rxnfc(struct net_device *netdev,
			   struct ethtool_rxnfc *nfc)
{
	return zcnic_nt_set(netdev_priv(netdev), nfc);
}

static u32 zcnic_get_rxfh_key_size(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	return zp->rss_capable ? ZCNIC_RSS_KEY_LEN : 0;
}

static u32 zcnic_get_rxfh_indir_size(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	return zp->rss_capable ? ZCNIC_RSS_INDIR_SIZE : 0;
}

static int zcnic_get_rxfh(struct net_device *netdev,
			  struct ethtool_rxfh_param *rxfh)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int i;

	if (!zp->rss_capable)
		return -EOPNOTSUPP;
	rxfh->hfunc = ETH_RSS_HASH_TOP;
	if (rxfh->key)
		memcpy(rxfh->key, zp->rss_key, ZCNIC_RSS_KEY_LEN);
	for (i = 0; rxfh->indir && i < ZCNIC_RSS_INDIR_SIZE; i++)
		rxfh->indir[i] = zp->rss_indir[i];
	return 0;
}

/*
 * ethtool -X DEV [equal N | weight ... | default] [hkey K] [hfunc toeplitz]:
 * the table and the key (spec 4.8, 4.10).  No RSS contexts: the device
 * has one table (the core refuses context requests of a driver without
 * them).
 */
static int zcnic_set_rxfh(struct net_device *netdev,
			  struct ethtool_rxfh_param *rxfh,
			  struct netlink_ext_ack *extack)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int i;

	if (!zp->rss_capable)
		return -EOPNOTSUPP;
	if (rxfh->hfunc != ETH_RSS_HASH_NO_CHANGE &&
	    rxfh->hfunc != ETH_RSS_HASH_TOP) {
		NL_SET_ERR_MSG_MOD(extack, "the hash function is Toeplitz");
		return -EOPNOTSUPP;
	}
	/* the core checked each entry against the rings; so does the driver */
	for (i = 0; rxfh->indir && i < ZCNIC_RSS_INDIR_SIZE; i++)
		if (rxfh->indir[i] >= zp->num_queues) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "entry %d: queue %u, not below %u",
					       i, rxfh->indir[i],
					       zp->num_queues);
			return -EINVAL;
		}
	if (rxfh->indir) {
		for (i = 0; i < ZCNIC_RSS_INDIR_SIZE; i++)
			zp->rss_indir[i] = rxfh->indir[i];
		zcnic_rss_indir_program(zp);
	}
	if (rxfh->key) {
		memcpy(zp->rss_key, rxfh->key, ZCNIC_RSS_KEY_LEN);
		for (i = 0; i < ZCNIC_RSS_KEY_WORDS; i++)
			zcnic_wr32(zp, ZCNIC_REG_RSS_KEY(i),
				   get_unaligned_le32(zp->rss_key + 4 * i));
	}
	return 0;
}

static const struct ethtool_ops zcnic_ethtool_ops = {
#ifdef ZCNIC_HAVE_ETHTOOL_OP_NEEDS_RTNL
	.op_needs_rtnl		= ETHTOOL_OP_NEEDS_RTNL_SCHANNELS |
				  ETHTOOL_OP_NEEDS_RTNL_SRINGPARAM |
				  ETHTOOL_OP_NEEDS_RTNL_SPFLAGS,
#endif
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS,
	.supported_ring_params	= ETHTOOL_RING_USE_TCP_DATA_SPLIT |
				  ZCNIC_RING_USE_HDS_THRS,
	.get_drvinfo		= zcnic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= zcnic_get_sset_count,
	.get_strings		= zcnic_get_strings,
	.get_ethtool_stats	= zcnic_get_ethtool_stats,
	.get_ringparam		= zcnic_get_ringparam,
	.set_ringparam		= zcnic_set_ringparam,
	.get_coalesce		= zcnic_get_coalesce,
	.set_coalesce		= zcnic_set_coalesce,
	.get_priv_flags		= zcnic_get_priv_flags,
	.set_priv_flags		= zcnic_set_priv_flags,
	.get_channels		= zcnic_get_channels,
	.set_channels		= zcnic_set_channels,
	.get_rxnfc		= zcnic_get_rxnfc,
	.set_rxnfc		= zcnic_set_rxnfc,
#ifdef ZCNIC_HAVE_GET_RX_RING_COUNT
	.get_rx_ring_count	= zcnic_get_rx_ring_count,
#endif
	.get_rxfh_key_size	= zcnic_get_rxfh_key_size,
	.get_rxfh_indir_size	= zcnic_get_rxfh_indir_size,
	.get_rxfh		= zcnic_get_rxfh,
	.set_rxfh		= zcnic_set_rxfh,
	.get_rxfh_fields	= zcnic_get_rxfh_fields,
	.set_rxfh_fields	= zcnic_set_rxfh_fields,
};

void zcnic_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &zcnic_ethtool_ops;
}
