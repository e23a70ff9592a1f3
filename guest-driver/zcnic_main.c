// SPDX-License-Identifier: GPL-2.0-only
/*
 * zcnic: Linux driver for the zcnic zero-copy NIC model (QEMU -device zcnic).
 *
 * The register interface is include/zcnic/zcnic_hw.h, described in the
 * project's docs/spec.rst.  Section numbers in comments refer to that spec.
 */

#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <net/netdev_queues.h>

#include "zcnic.h"

/* spec 3.5: MAC_LO holds bytes 0..3 (byte 0 lowest), MAC_HI bytes 4..5 */
static void zcnic_read_mac(struct zcnic_priv *zp, u8 *mac)
{
	zcnic_mac_from_regs(mac, zcnic_rd32(zp, ZCNIC_REG_MAC_LO),
			    zcnic_rd32(zp, ZCNIC_REG_MAC_HI));
}

static void zcnic_write_mac(struct zcnic_priv *zp, const u8 *mac)
{
	zcnic_wr32(zp, ZCNIC_REG_MAC_LO,
		   mac[0] | mac[1] << 8 | mac[2] << 16 | (u32)mac[3] << 24);
	zcnic_wr32(zp, ZCNIC_REG_MAC_HI, mac[4] | mac[5] << 8);
}

static void zcnic_update_carrier(struct zcnic_priv *zp)
{
	bool up = zcnic_rd32(zp, ZCNIC_REG_STATUS) & ZCNIC_STATUS_LINK_UP;

	if (up == netif_carrier_ok(zp->netdev))
		return;
	if (up)
		netif_carrier_on(zp->netdev);
	else
		netif_carrier_off(zp->netdev);
	netdev_info(zp->netdev, "link %s\n", up ? "up" : "down");
}

/*
 * All vectors share this handler: the cause register says what happened.
 * With MSI-X the device auto-masks RX and TX when it sends their vector
 * (spec 5.1); with INTx the handler masks them.  NAPI unmasks.
 */
static irqreturn_t zcnic_irq(int irq, void *data)
{
	struct zcnic_priv *zp = data;
	u32 cause;

	cause = zcnic_rd32(zp, ZCNIC_REG_INT_CAUSE);
	/* All ones: the device is gone (surprise removal). */
	if (!cause || cause == ~0u)
		return IRQ_NONE;

	if (cause & (ZCNIC_INT_LINK | ZCNIC_INT_ERR | ZCNIC_INT_ARP))
		zcnic_wr32(zp, ZCNIC_REG_INT_CAUSE,
			   cause & (ZCNIC_INT_LINK | ZCNIC_INT_ERR |
				    ZCNIC_INT_ARP));
	if (cause & ZCNIC_INT_LINK)
		zcnic_update_carrier(zp);
	if (cause & ZCNIC_INT_ARP)
		zcnic_arp_irq(zp);
	if (cause & ZCNIC_INT_ERR) {
		u32 err = zcnic_rd32(zp, ZCNIC_REG_ERR_STATUS);

		if (err && err != ~0u) {
			netdev_err(zp->netdev,
				   "device error status %#x, resetting\n", err);
			schedule_work(&zp->reset_work);
		} else {
			/* spec 6: ERR comes with a sticky bit; not this one */
			zp->irq_err_spurious++;
			net_err_ratelimited("%s: error interrupt without an error status\n",
					    zp->netdev->name);
		}
	}
	if (cause & (ZCNIC_INT_RX | ZCNIC_INT_TX)) {
		if (!zp->pdev->msix_enabled)
			zcnic_wr32(zp, ZCNIC_REG_INT_MASK_CLR,
				   ZCNIC_INT_RX | ZCNIC_INT_TX);
		napi_schedule(&zp->napi);
	}
	return IRQ_HANDLED;
}

/*
 * The MSI-X RX and TX vectors: the device auto-masked them when it sent the
 * message (spec 5.1), so there is nothing to read or acknowledge here.
 */
static irqreturn_t zcnic_irq_queue(int irq, void *data)
{
	struct zcnic_priv *zp = data;

	napi_schedule(&zp->napi);
	return IRQ_HANDLED;
}

static void zcnic_set_rx_mode(struct net_device *netdev);

/*
 * Once a second while up (spec 11):
 * - A lost interrupt (FAULT.LOSE_IRQ, or a real one) leaves RX/TX
 *   auto-masked with the cause pending, and NAPI never runs again: a cause
 *   pending at two ticks in a row with no poll in between gets the handler
 *   run by hand.
 * - A TX queue that stopped working (FAULT.TX_STALL) need not fill the ring
 *   (TCP small queues keep little in it), so the stack's watchdog may never
 *   fire: frames outstanding while TX_HEAD stays put for 5 s reset the
 *   device, as the watchdog would.
 */
#define ZCNIC_TX_HANG_TICKS	5

static void zcnic_service(struct timer_list *t)
{
	struct zcnic_priv *zp = timer_container_of(zp, t, service_timer);
	u64 polls = READ_ONCE(zp->napi_polls);
	u32 cause = zcnic_rd32(zp, ZCNIC_REG_INT_CAUSE), head;

	if (cause == ~0u)
		return;		/* the device is gone */
	cause &= ZCNIC_INT_ALL;
	if (polls == zp->service_polls && (cause & zp->service_cause)) {
		zp->irq_rescued++;
		netdev_warn(zp->netdev, "interrupt lost (cause %#x), recovering\n",
			    cause);
		zcnic_irq(0, zp);	/* NAPI unmasks RX/TX when done */
		cause = 0;
	}
	zp->service_polls = polls;
	zp->service_cause = cause;
	zcnic_hw_stats_update(zp, false);	/* before a register wraps */

	head = zcnic_rd32(zp, ZCNIC_REG_TX_HEAD);
	if (READ_ONCE(zp->tx.clean) != READ_ONCE(zp->tx.next) &&
	    head == zp->service_tx_head) {
		if (++zp->service_tx_stuck == ZCNIC_TX_HANG_TICKS) {
			netdev_err(zp->netdev, "TX hang: head %u for %d s, resetting\n",
				   head, ZCNIC_TX_HANG_TICKS);
			schedule_work(&zp->reset_work);
			return;		/* zcnic_open arms the timer again */
		}
	} else {
		zp->service_tx_stuck = 0;
	}
	zp->service_tx_head = head;
	mod_timer(&zp->service_timer, jiffies + HZ);
}

static void zcnic_irqs_sync(struct zcnic_priv *zp)
{
	int i;

	for (i = 0; i < zp->nvecs; i++)
		synchronize_irq(pci_irq_vector(zp->pdev, i));
}

static int zcnic_open(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int err;

	err = zcnic_rings_alloc(zp);
	if (err)
		return err;
	/* new rings: the device may have them (zcnic_rx_refill checks) */
	WRITE_ONCE(zp->dev_lied, false);
	zcnic_rings_start(zp);
	zcnic_set_rx_mode(netdev);
	napi_enable(&zp->napi);
	zcnic_wr32(zp, ZCNIC_REG_INT_CAUSE, ZCNIC_INT_ALL);
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_ALL);
	zcnic_update_carrier(zp);
	/*
	 * Wake, not start: when this is a reconfiguration (MTU, ring sizes,
	 * reset), skbs the stack queued meanwhile wait in the qdisc.  Only a
	 * wake runs it; TCP does not retransmit what is still queued in the
	 * host (skb_still_in_host_queue), so a stream would stall for good.
	 */
	WRITE_ONCE(zp->down, false);
	netif_wake_queue(netdev);
	zp->service_cause = 0;
	zp->service_tx_stuck = 0;
	zp->service_tx_head = zcnic_rd32(zp, ZCNIC_REG_TX_HEAD);
	mod_timer(&zp->service_timer, jiffies + HZ);
	return 0;
}

static int zcnic_stop(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	/*
	 * A NAPI poll may still run until napi_disable; it must not wake the
	 * queue for rings that are about to go away (zcnic_tx_clean).
	 */
	WRITE_ONCE(zp->down, true);
	/* down before the queue stops: __netif_txq_completed_wake reads it */
	smp_mb();
	netif_tx_disable(netdev);
	timer_delete_sync(&zp->service_timer);
	/* Link changes and ARP are still of interest while down; data is not. */
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK | ZCNIC_INT_ARP);
	zcnic_rings_stop(zp);
	zcnic_irqs_sync(zp);
	napi_disable(&zp->napi);
	netif_carrier_off(netdev);
	zcnic_rings_free(zp);
	return 0;
}

/*
 * spec 4.4: PROMISC, ALLMULTI, or the 64-bit hash of the multicast list
 * (ether_crc_le(addr) >> 26 selects the bit).
 */
static void zcnic_set_rx_mode(struct net_device *netdev)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct netdev_hw_addr *ha;
	u32 rx_ctrl = 0;
	u64 hash = 0;

	if (netdev->flags & IFF_PROMISC)
		rx_ctrl |= ZCNIC_RX_CTRL_PROMISC;
	if (netdev->flags & IFF_ALLMULTI)
		rx_ctrl |= ZCNIC_RX_CTRL_ALLMULTI;
	netdev_for_each_mc_addr(ha, netdev)
		hash |= BIT_ULL(ether_crc_le(ETH_ALEN, ha->addr) >>
				ZCNIC_MC_HASH_SHIFT);
	zcnic_wr32(zp, ZCNIC_REG_MC_HASH_LO, lower_32_bits(hash));
	zcnic_wr32(zp, ZCNIC_REG_MC_HASH_HI, upper_32_bits(hash));
	zcnic_wr32(zp, ZCNIC_REG_RX_CTRL, rx_ctrl);
}

/**
 * zcnic_reconfigure() - apply ring sizes and MTU, rebuilding the rings
 * @netdev: the interface, under RTNL
 * @tx_size: TX descriptors
 * @rx_size: RX descriptors
 * @mtu: new MTU
 *
 * A running interface is stopped and opened again: no buffer of the old
 * layout stays with the device.
 *
 * Return: 0 or the error of opening again.
 */
int zcnic_reconfigure(struct net_device *netdev, u32 tx_size, u32 rx_size,
		      int mtu)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	bool running = netif_running(netdev);

	if (running)
		zcnic_stop(netdev);
	zp->tx_ring_size = tx_size;
	zp->rx_ring_size = rx_size;
	WRITE_ONCE(netdev->mtu, mtu);
	return running ? zcnic_open(netdev) : 0;
}

static int zcnic_change_mtu(struct net_device *netdev, int mtu)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	return zcnic_reconfigure(netdev, zp->tx_ring_size, zp->rx_ring_size,
				 mtu);
}

static void zcnic_get_stats64(struct net_device *netdev,
			      struct rtnl_link_stats64 *stats)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&zp->rx_stats.syncp);
		stats->rx_packets = zp->rx_stats.packets;
		stats->rx_bytes = zp->rx_stats.bytes;
		stats->rx_dropped = zp->rx_stats.dropped;
		stats->rx_errors = zp->rx_stats.errors;
		stats->rx_crc_errors = zp->rx_stats.csum_bad;
	} while (u64_stats_fetch_retry(&zp->rx_stats.syncp, start));
	do {
		start = u64_stats_fetch_begin(&zp->tx_stats.syncp);
		stats->tx_packets = zp->tx_stats.packets;
		stats->tx_bytes = zp->tx_stats.bytes;
		stats->tx_dropped = zp->tx_stats.dropped;
		stats->tx_errors = zp->tx_stats.errors;
	} while (u64_stats_fetch_retry(&zp->tx_stats.syncp, start));
}

/*
 * Per-queue statistics (netlink qstats): the one RX and the one TX queue
 * report their ring counters; nothing is counted outside them.
 */
static void zcnic_get_queue_stats_rx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_rx *rx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct zcnic_ring_stats *rs = &zp->rx_stats;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		rx->packets = rs->packets;
		rx->bytes = rs->bytes;
		rx->csum_bad = rs->csum_bad;
	} while (u64_stats_fetch_retry(&rs->syncp, start));
}

static void zcnic_get_queue_stats_tx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_tx *tx)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	struct zcnic_ring_stats *rs = &zp->tx_stats;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		tx->packets = rs->packets;
		tx->bytes = rs->bytes;
		tx->hw_gso_packets = rs->gso_packets;
		tx->hw_gso_wire_packets = rs->gso_wire_packets;
		tx->stop = rs->stop;
		tx->wake = rs->restart;
	} while (u64_stats_fetch_retry(&rs->syncp, start));
}

static void zcnic_get_base_stats(struct net_device *netdev,
				 struct netdev_queue_stats_rx *rx,
				 struct netdev_queue_stats_tx *tx)
{
	rx->packets = 0;
	rx->bytes = 0;
	rx->csum_bad = 0;
	tx->packets = 0;
	tx->bytes = 0;
	tx->hw_gso_packets = 0;
	tx->hw_gso_wire_packets = 0;
	tx->stop = 0;
	tx->wake = 0;
}

static const struct netdev_stat_ops zcnic_stat_ops = {
	.get_queue_stats_rx	= zcnic_get_queue_stats_rx,
	.get_queue_stats_tx	= zcnic_get_queue_stats_tx,
	.get_base_stats		= zcnic_get_base_stats,
};

/*
 * Recovery from a device error (sticky until reset, spec 6) or a stuck TX
 * queue: reset the device and bring the interface back as it was.
 */
static void zcnic_reset_task(struct work_struct *work)
{
	struct zcnic_priv *zp = container_of(work, struct zcnic_priv,
					     reset_work);
	struct net_device *netdev = zp->netdev;
	bool running;

	rtnl_lock();
	running = netif_running(netdev);
	if (running)
		zcnic_stop(netdev);
	zcnic_hw_stats_update(zp, true);
	zcnic_write_mac(zp, netdev->dev_addr);
	zcnic_arp_program(zp);
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK | ZCNIC_INT_ERR |
		   ZCNIC_INT_ARP);
	if (running && zcnic_open(netdev))
		netdev_err(netdev, "could not reopen after reset\n");
	else if (running)
		zcnic_set_rx_mode(netdev);
	zp->resets++;
	netdev_info(netdev, "device reset done (%llu so far)\n", zp->resets);
	rtnl_unlock();
}

static void zcnic_tx_timeout(struct net_device *netdev, unsigned int txq)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	netdev_err(netdev, "TX stuck: head %u tail %u, resetting\n",
		   zcnic_rd32(zp, ZCNIC_REG_TX_HEAD),
		   zcnic_rd32(zp, ZCNIC_REG_TX_TAIL));
	schedule_work(&zp->reset_work);
}

static int zcnic_set_mac_address(struct net_device *netdev, void *p)
{
	struct zcnic_priv *zp = netdev_priv(netdev);
	int err;

	err = eth_mac_addr(netdev, p);
	if (err)
		return err;
	zcnic_write_mac(zp, netdev->dev_addr);
	return 0;
}

/* spec 4.7, 4.8: receive coalescing and the RSS hash follow the features */
static int zcnic_set_features(struct net_device *netdev,
			      netdev_features_t features)
{
	struct zcnic_priv *zp = netdev_priv(netdev);

	if ((features ^ netdev->features) & NETIF_F_GRO_HW)
		zcnic_wr32(zp, ZCNIC_REG_RX_GRO,
			   features & NETIF_F_GRO_HW ? ZCNIC_RX_GRO_EN : 0);
	/* spec 4.9: ntuple off forgets every rule, as ixgbe does */
	if ((features ^ netdev->features) & NETIF_F_NTUPLE &&
	    !(features & NETIF_F_NTUPLE))
		zcnic_nt_clear(zp);
	/* spec 4.8: the hash is written back while NETIF_F_RXHASH is on */
	if ((features ^ netdev->features) & NETIF_F_RXHASH)
		zcnic_wr32(zp, ZCNIC_REG_RSS_CTRL,
			   features & NETIF_F_RXHASH ? ZCNIC_RSS_CTRL_HASH : 0);
	return 0;
}

/*
 * spec 4.6: the device segments TCP/UDP over IPv4, or IPv6 without
 * extension headers, with at most 255 header bytes; the rest is GSO in
 * software.
 */
static netdev_features_t zcnic_features_check(struct sk_buff *skb,
					      struct net_device *netdev,
					      netdev_features_t features)
{
	unsigned int hlen;

	if (!skb_is_gso(skb))
		return features;
	hlen = skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4 ?
	       skb_transport_offset(skb) + sizeof(struct udphdr) :
	       skb_tcp_all_headers(skb);
	if (skb->encapsulation ||
	    hlen >= BIT(ZCNIC_TXD_SEG_HDR_LEN_WIDTH) ||
	    (skb->protocol == htons(ETH_P_IPV6) &&
	     skb_network_header_len(skb) != sizeof(struct ipv6hdr)))
		return features & ~NETIF_F_GSO_MASK;
	return features;
}

static const struct net_device_ops zcnic_netdev_ops = {
	.ndo_open		= zcnic_open,
	.ndo_stop		= zcnic_stop,
	.ndo_start_xmit		= zcnic_start_xmit,
	.ndo_set_mac_address	= zcnic_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_rx_mode	= zcnic_set_rx_mode,
	.ndo_change_mtu		= zcnic_change_mtu,
	.ndo_get_stats64	= zcnic_get_stats64,
	.ndo_tx_timeout		= zcnic_tx_timeout,
	.ndo_set_features	= zcnic_set_features,
	.ndo_features_check	= zcnic_features_check,
};

/**
 * zcnic_check_version() - accept only a device interface this driver knows
 * @zp: device
 *
 * Return: 0, or -ENODEV for a missing device or an unknown major version.
 */
static int zcnic_check_version(struct zcnic_priv *zp)
{
	struct device *dev = &zp->pdev->dev;
	u32 id = zcnic_rd32(zp, ZCNIC_REG_ID);
	unsigned long major, minor;

	if (id != ZCNIC_ID_MAGIC) {
		dev_err(dev, "ID register reads %#x, expected %#x: not a zcnic\n",
			id, ZCNIC_ID_MAGIC);
		return -ENODEV;
	}
	zp->version = zcnic_rd32(zp, ZCNIC_REG_VERSION);
	major = FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MAJOR), zp->version);
	minor = FIELD_GET(ZCNIC_MASK(ZCNIC_VERSION_MINOR), zp->version);
	if (major != ZCNIC_VERSION_MAJOR) {
		dev_err(dev,
			"device interface version %lu.%lu is not supported (driver supports %u.x), not binding\n",
			major, minor, ZCNIC_VERSION_MAJOR);
		return -ENODEV;
	}
	dev_info(dev, "device interface version %lu.%lu\n", major, minor);
	return 0;
}

static int zcnic_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct device *dev = &pdev->dev;
	struct net_device *netdev;
	struct zcnic_priv *zp;
	u8 mac[ETH_ALEN];
	int err, i;
	u32 feat;

	err = pcim_enable_device(pdev);
	if (err)
		return dev_err_probe(dev, err, "cannot enable device\n");
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err)
		return dev_err_probe(dev, err, "no usable DMA mask\n");
	pci_set_master(pdev);

	netdev = devm_alloc_etherdev(dev, sizeof(*zp));
	if (!netdev)
		return -ENOMEM;
	SET_NETDEV_DEV(netdev, dev);
	zp = netdev_priv(netdev);
	zp->netdev = netdev;
	zp->pdev = pdev;
	pci_set_drvdata(pdev, zp);

	zp->regs = pcim_iomap_region(pdev, ZCNIC_BAR_REGS, ZCNIC_DRV_NAME);
	if (IS_ERR(zp->regs))
		return dev_err_probe(dev, PTR_ERR(zp->regs), "cannot map BAR%d\n",
				     ZCNIC_BAR_REGS);

	err = zcnic_check_version(zp);
	if (err)
		return err;

	/* Start from a known state: spec 3.4 */
	zcnic_wr32(zp, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);

	zp->nvecs = pci_alloc_irq_vectors(pdev, 1, ZCNIC_MSIX_VECTORS,
					  PCI_IRQ_MSIX | PCI_IRQ_INTX);
	if (zp->nvecs < 0)
		return dev_err_probe(dev, zp->nvecs, "no interrupt vectors\n");
	for (i = 0; i < zp->nvecs; i++) {
		static const char * const names[] = { "misc", "rx", "tx" };

		snprintf(zp->irq_names[i], sizeof(zp->irq_names[i]), "%s-%s",
			 pci_name(pdev), names[i]);
		err = devm_request_irq(dev, pci_irq_vector(pdev, i),
				       i == ZCNIC_VEC_MISC ? zcnic_irq :
				       zcnic_irq_queue,
				       pdev->msix_enabled ? 0 : IRQF_SHARED,
				       zp->irq_names[i], zp);
		if (err)
			return dev_err_probe(dev, err, "cannot request IRQ %d\n",
					     i);
	}
	netif_napi_add(netdev, &zp->napi, zcnic_poll);
	/* the netdev family's NAPI "irq": the RX vector drives the poll */
	netif_napi_set_irq(&zp->napi, pci_irq_vector(pdev, zp->nvecs > 1 ?
						       ZCNIC_VEC_RX : 0));

	zcnic_read_mac(zp, mac);
	if (is_valid_ether_addr(mac)) {
		eth_hw_addr_set(netdev, mac);
	} else {
		dev_warn(dev, "device MAC %pM is invalid, using a random one\n",
			 mac);
		eth_hw_addr_random(netdev);
		zcnic_write_mac(zp, netdev->dev_addr);
	}

	netdev->netdev_ops = &zcnic_netdev_ops;
	netdev->stat_ops = &zcnic_stat_ops;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = ZCNIC_MAX_MTU;
	netdev->watchdog_timeo = 5 * HZ;
	netdev->hw_features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM;
	feat = zcnic_rd32(zp, ZCNIC_REG_FEATURES);
	if (feat & ZCNIC_FEAT_TSO)
		netdev->hw_features |= NETIF_F_TSO | NETIF_F_TSO6;
	if (feat & ZCNIC_FEAT_USO)
		netdev->hw_features |= NETIF_F_GSO_UDP_L4;
	if (feat & ZCNIC_FEAT_RX_GRO)
		netdev->hw_features |= NETIF_F_GRO_HW;
	if (feat & ZCNIC_FEAT_NTUPLE) {
		zp->nt_capable = true;
		netdev->hw_features |= NETIF_F_NTUPLE;
	}
	if (feat & ZCNIC_FEAT_RSS_HASH) {
		/* spec 4.8: a random key, TCP by ports, the rest by address */
		zp->rss_capable = true;
		netdev_rss_key_fill(zp->rss_key, sizeof(zp->rss_key));
		zp->rss_fields = ZCNIC_RESET_RSS_FIELDS;
		netdev->hw_features |= NETIF_F_RXHASH;
	}
	netdev->features = netdev->hw_features | NETIF_F_HIGHDMA;
	netif_set_tso_max_size(netdev, ZCNIC_TSO_MAX_LEN);
	netif_set_tso_max_segs(netdev, ZCNIC_TSO_MAX_SEGS);
	zp->int_autoclr = feat & ZCNIC_FEAT_INT_AUTOCLR;
	if (feat & ZCNIC_FEAT_TX_SHADOW)	/* without it: TX_TAIL only */
		zp->tx_shadow = dmam_alloc_coherent(dev, ZCNIC_SHADOW_SIZE,
						    &zp->tx_shadow_dma,
						    GFP_KERNEL);
	zp->tx_shadow_want = true;
	zp->down = true;
	/* header split on by default when the device has it (spec 4.5) */
	zp->hdr_split = feat & ZCNIC_FEAT_HDR_SPLIT;
	zp->tx_ring_size = ZCNIC_RING_DEFAULT;
	zp->rx_ring_size = ZCNIC_RING_DEFAULT;
	spin_lock_init(&zp->hw_stats.lock);
	u64_stats_init(&zp->tx_stats.syncp);
	u64_stats_init(&zp->rx_stats.syncp);
	INIT_WORK(&zp->reset_work, zcnic_reset_task);
	timer_setup(&zp->service_timer, zcnic_service, 0);
	zcnic_set_ethtool_ops(netdev);
	netif_carrier_off(netdev);

	err = register_netdev(netdev);
	if (err) {
		netif_napi_del(&zp->napi);
		return dev_err_probe(dev, err, "cannot register netdev\n");
	}
	/* spec 8: answer ARP for the interface's addresses, from now on */
	err = zcnic_arp_init(zp);
	if (err) {
		unregister_netdev(netdev);
		netif_napi_del(&zp->napi);
		return dev_err_probe(dev, err, "cannot follow IPv4 addresses\n");
	}
	rtnl_lock();
	zcnic_arp_program(zp);
	/*
	 * Threaded NAPI (/sys/class/net/IF/threaded): receive processing in
	 * a kthread the scheduler shares the CPU with, not at interrupt exit.
	 * Under a flood of small packets softirq processing otherwise takes
	 * the whole CPU and the receiving application starves (docs/bench/
	 * udp-flood.csv: about 200 against 60 000-100 000 datagrams/s read).
	 */
	if (dev_set_threaded(netdev, NETDEV_NAPI_THREADED_ENABLED))
		netdev_warn(netdev, "no threaded NAPI: receive in softirq\n");
	rtnl_unlock();
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, ZCNIC_INT_LINK | ZCNIC_INT_ARP);

	netdev_info(netdev, "zcnic at %s, MAC %pM\n", pci_name(pdev),
		    netdev->dev_addr);
	return 0;
}

static void zcnic_remove(struct pci_dev *pdev)
{
	struct zcnic_priv *zp = pci_get_drvdata(pdev);

	zcnic_arp_exit(zp);
	unregister_netdev(zp->netdev);
	cancel_work_sync(&zp->reset_work);
	/* Quiesce before devres frees the IRQs, the vectors and the mapping. */
	zcnic_wr32(zp, ZCNIC_REG_INT_MASK, 0);
	zcnic_wr32(zp, ZCNIC_REG_CTRL, ZCNIC_CTRL_RESET);
	netif_napi_del(&zp->napi);
}

static const struct pci_device_id zcnic_pci_tbl[] = {
	{ PCI_DEVICE(ZCNIC_PCI_VENDOR_ID, ZCNIC_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, zcnic_pci_tbl);

static struct pci_driver zcnic_driver = {
	.name		= ZCNIC_DRV_NAME,
	.id_table	= zcnic_pci_tbl,
	.probe		= zcnic_probe,
	.remove		= zcnic_remove,
};
static int __init zcnic_init(void)
{
	int err;

	zcnic_debugfs_init();
	err = pci_register_driver(&zcnic_driver);
	if (err)
		zcnic_debugfs_exit();
	return err;
}
module_init(zcnic_init);

static void __exit zcnic_exit(void)
{
	pci_unregister_driver(&zcnic_driver);
	zcnic_debugfs_exit();
}
module_exit(zcnic_exit);

MODULE_DESCRIPTION("zcnic zero-copy NIC model driver");
MODULE_LICENSE("GPL");
